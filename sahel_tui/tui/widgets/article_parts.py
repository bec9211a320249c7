"""What the reader draws around an article's text: its head (title, byline, address) and the related headlines
a page carried below it. Built as ``Text`` from untrusted strings, never as markup."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.text import Text

from sahel_tui.console import article_meta, safe_text
from sahel_tui.model import Article
from sahel_tui.search.highlight import field_spans

EXCERPT_NOTICE = "\nOnly the feed's excerpt: its page could not be fetched, or held no more text (o opens it)."


def head(article: Article, words: set[str] | None = None, match_style: Style | None = None) -> Group:
    """Title (wrapped at words; the search ``words`` in it highlighted), then byline · date · source · the feed that
    sent it, and the address, on one line each: cut with an ellipsis when too long, never broken in the middle of a
    name. A feed entry that was only a headline or an excerpt (its page could not be had) says so."""
    lines = [marked(article.title, "bold", words or set(), match_style)]
    lines.append(safe_text(article_meta(article), "dim italic"))
    if article.source_url:
        address = safe_text(article.source_url, "dim underline")
        address.append("  (o opens it)", style="dim")
        lines.append(address)
    for line in lines[1:]:
        line.no_wrap, line.overflow = True, "ellipsis"
    if not article.paragraphs and not article.standfirst:
        lines.append(Text("\nNo text came with this article, only its headline.", style="italic"))
    elif article.excerpt:
        lines.append(Text(EXCERPT_NOTICE, style="italic"))
    return Group(*lines)


def title_holds(article: Article, words: set[str]) -> bool:
    """Whether the article's title holds any of the search words (highlighted in the reader's head)."""
    return bool(words) and bool(field_spans("title", article.title, words))


def related_match_count(article: Article, words: set[str]) -> int:
    """How many of the search words the related headlines hold (the reader jumps there when the text has none)."""
    if not words:
        return 0
    return sum(
        len(field_spans("related", text, words))
        for teaser in article.teasers
        for text in (teaser.title, teaser.byline, teaser.section, teaser.snippet)
        if text
    )


def related_headlines(article: Article, words: set[str], match_style: Style) -> Text:
    """The related headlines, dimmed, with the search words in them highlighted as in the text (in their bylines
    and sections too: the index holds those words, so an article found by one shows where)."""
    if not article.teasers:
        return Text()
    related = Text("Related\n", style="bold underline")

    for teaser in article.teasers:
        related.append("• ", style="bold")
        related.append_text(marked(teaser.title, "bold", words, match_style))
        extra = [marked(text, "dim", words, match_style) for text in (teaser.byline, teaser.section) if text]
        if extra:
            related.append("  (", style="dim")
            related.append_text(Text(" — ", style="dim").join(extra))
            related.append(")", style="dim")
        related.append("\n")
        if teaser.snippet:
            related.append("  ")
            related.append_text(marked(teaser.snippet, "dim", words, match_style))
            related.append("\n")
    return related


def marked(text: str, style: str, words: set[str], match_style: Style | None) -> Text:
    """``text`` made safe to show, the search ``words`` in it highlighted — unless making it safe changed it
    (its offsets could no longer be trusted: shown plain)."""
    shown = safe_text(text, style)
    if words and match_style is not None and shown.plain == text:
        for span in field_spans("title", text, words):
            shown.stylize(match_style, span.start, span.end)
    return shown
