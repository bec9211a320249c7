"""A web page's bytes -> an :class:`Article`: trafilatura's text and metadata, then the news furniture rules.

Shared by ``import`` of saved pages and by feed entries whose full text is fetched from their link.
"""

from __future__ import annotations

import re
from pathlib import Path

from sahel_tui.corpus.bylines import byline_name
from sahel_tui.corpus.newsparse import ParsedNews, parse_news_text
from sahel_tui.corpus.reader import IngestError
from sahel_tui.extract.dates import parse_date
from sahel_tui.extract.language import detect_language
from sahel_tui.extract.webpage import NoArticleText, extract_page
from sahel_tui.model import Article

MIN_PAGE_WORDS = 15
"""Fewer words of text in a web page than a two-line news brief: a menu, a link list, a consent wall."""


def article_from_page(path: Path, article_id: str, data: bytes | str, bundled: bool = False, url: str | None = None,
                      source: str | None = None) -> Article:  # fmt: skip
    """Raises :class:`IngestError` naming ``path`` when the page holds no article."""
    try:
        page = extract_page(data, url)
    except NoArticleText as exc:
        raise IngestError(path, str(exc)) from None
    parsed: ParsedNews = parse_news_text(page.text, known_title=page.title, site_name=page.site_name)
    words = sum(len(text.split()) for text in [parsed.standfirst or "", *parsed.paragraphs])
    if words < MIN_PAGE_WORDS:
        raise IngestError(path, f"no article text in the page ({words} words besides its headline and furniture)")
    lang = language_of(parsed.title, parsed.standfirst, parsed.paragraphs)
    return Article(
        id=article_id,
        title=parsed.title or title_from_name(path.stem),
        source=source or path.name,
        byline=byline_name(page.author) or parsed.byline,
        standfirst=parsed.standfirst,
        paragraphs=tuple(parsed.paragraphs),
        teasers=tuple(parsed.teasers),
        date=(parse_date(page.date) if page.date else None) or parsed.date,
        bundled=bundled,
        source_url=page.url or url,
        lang=lang or page.declared_language,
    )


def language_of(title: str | None, standfirst: str | None, paragraphs: list[str] | tuple[str, ...]) -> str | None:
    """The article's language, from its own words (the body first: titles are mostly names)."""
    return detect_language("\n".join([*paragraphs[:6], standfirst or "", title or ""]))


def title_from_name(stem: str) -> str:
    """A title made from a file name; bytes of it that are not UTF-8 become U+FFFD."""
    stem = stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    words = re.sub(r"[-_+]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"
