"""Rich renderables for the command line: article tables and readable articles.

Every string that came from an article goes in as a ``Text`` object after :func:`display_safe`, never as markup:
a title like ``[/x]`` or ``[link=file:///etc/passwd]`` must print literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from sahel_tui.model import Article, Hit
from sahel_tui.textclean import counted, display_safe


def safe_text(value: str | None, style: str = "") -> Text:
    return Text(display_safe(value or ""), style=style)


def article_table(articles: Iterable[Article]) -> Table:
    """One row per article: the title, and under it the id to pass to ``show`` with date, byline and origin."""
    table = Table(title="Articles", title_justify="left", show_lines=True, expand=True)
    table.add_column("#", justify="right", style="dim", width=3)
    table.add_column("article", ratio=1)
    for number, article in enumerate(articles, start=1):
        parts = (article.date, article.byline, counted(len(article.paragraphs), "paragraph"), origin_label(article))
        details = " · ".join(part for part in parts if part)
        cell = safe_text(article.title, "bold")
        cell.append("\n")
        cell.append_text(safe_text(article.id, "cyan"))
        cell.append_text(safe_text(f"  {details}", "dim"))
        table.add_row(Text(str(number)), cell)
    return table


def origin_label(article: Article) -> str:
    """Where an article came from, as a list shows it: its feed's name, or its file's (bundled or imported)."""
    if article.feed:
        return f"{article.source} (feed: {article.feed})"
    return f"{article.source} ({'bundled' if article.bundled else 'imported'})"


def feed_table(feeds) -> Table:
    """One row per subscription: number, name and address, tags, articles, last fetch and its outcome."""
    table = Table(title="Feeds", title_justify="left", expand=True)
    table.add_column("#", justify="right", style="dim")
    table.add_column("feed", ratio=3)
    table.add_column("tags", ratio=1)
    table.add_column("articles", justify="right")
    table.add_column("last fetch", ratio=2)
    for feed in feeds:
        cell = safe_text(feed.name, "bold" if feed.enabled else "dim")
        cell.append("\n")
        cell.append_text(safe_text(feed.url, "cyan"))
        if feed.full_text:
            cell.append_text(safe_text("  full text", "dim"))
        if not feed.enabled:
            cell.append_text(safe_text("  disabled", "red"))
        when = (feed.last_fetch or "never")[:16].replace("T", " ")
        status = safe_text(f"{when} {feed.last_status or ''}".strip())
        if feed.ttl_minutes and feed.next_due is not None:
            due = f"\nupdated every {feed.ttl_minutes} min: next due {feed.next_due:%Y-%m-%d %H:%M} UTC"
            status.append_text(safe_text(due, "dim"))
        if feed.last_error:
            status.append("\n")
            status.append_text(safe_text(feed.last_error, "red"))
        table.add_row(Text(str(feed.id)), cell, safe_text(", ".join(feed.tags)), Text(str(feed.items)), status)
    return table


def article_meta(article: Article) -> str:
    """Byline · date · source · the feed that sent it: the line under an article's title."""
    feed = f"from {article.feed}" if article.feed else None
    return " · ".join(part for part in (article.byline, article.date, article.source, feed) if part)


def article_view(article: Article) -> Group:
    parts: list[Text] = [safe_text(article.title, "bold underline"), safe_text(article_meta(article), "dim")]
    if article.source_url:
        parts.append(safe_text(article.source_url, "dim underline"))
    parts.append(Text())
    if article.excerpt:
        parts += [
            Text("Only the feed's excerpt: its page could not be fetched, or held no more text.", style="italic"),
            Text(),
        ]
    if article.standfirst:
        parts += [safe_text(article.standfirst, "italic"), Text()]
    for paragraph in article.paragraphs:
        parts += [safe_text(paragraph), Text()]
    if article.teasers:
        parts.append(Text("Related", style="bold"))
        for teaser in article.teasers:
            line = safe_text(f"• {teaser.title}")
            extra = " — ".join(part for part in (teaser.byline, teaser.section) if part)
            if extra:
                line.append_text(safe_text(f"  ({extra})", "dim"))
            parts.append(line)
            if teaser.snippet:
                parts.append(safe_text(f"  {teaser.snippet}", "dim"))
    return Group(*parts)


def hit_table(hits: list[Hit]) -> Table:
    """Search results: rank, title, score and a snippet with the matched words highlighted (how the query was
    read, partial matches included, is said on stderr before it). Hits of filters alone have no score: no column."""
    ranked = any(hit.score for hit in hits)
    table = Table(title="Search results", title_justify="left", expand=True, show_lines=True)
    table.add_column("#", justify="right", style="dim", width=3)
    table.add_column("article", ratio=3)
    if ranked:
        table.add_column("score", justify="right", width=7)
    for rank, hit in enumerate(hits, start=1):
        cell = safe_text(hit.title, "bold")
        for span in hit.spans:
            if span.field == "title":
                cell.stylize("reverse", span.start, span.end)
        cell.append("\n")
        cell.append_text(safe_text(hit.article_id, "cyan"))
        if hit.snippet:
            cell.append("\n")
            cell.append_text(highlighted(hit.snippet, hit.snippet_spans))
        table.add_row(Text(str(rank)), cell, *([Text(f"{hit.score:.2f}")] if ranked else []))
    return table


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str = "bold reverse") -> Text:
    """``text`` with ``spans`` styled; the text is sanitised first, so it must keep its length."""
    shown = Text(display_safe(text))
    if len(shown.plain) == len(text):
        for start, end in spans:
            shown.stylize(style, start, end)
    return shown


def notes_view(rows: list[dict]) -> Group:
    """Annotations for people: title, the quote, the note and tags; orphaned ones marked."""
    parts: list[RenderableType] = []
    if not rows:
        parts.append(Text("No annotations yet."))
    for row in rows:
        head = safe_text(row["title"] or f"{row['article']} (not in the library)", "bold")
        if row["status"] == "orphaned":
            head.append("  [orphaned: passage not found]", style="bold red")
        parts.append(head)
        body = [safe_text(f"“{row['quote']}”", "italic")]  # indented as a block: wrapped lines stay under it
        if row["note"]:
            body.append(safe_text(row["note"]))
        tags = " ".join(f"#{tag}" for tag in row["tags"])
        body.append(safe_text(f"{row['id']}  {tags}".rstrip(), "dim"))
        parts += [Indented(Group(*body)), Text()]
    return Group(*parts)


class Indented:
    """A renderable indented by ``indent`` cells, its wrapped lines too, and not padded out to the width (Rich's
    ``Padding`` fills every line with spaces to the right edge)."""

    def __init__(self, renderable: RenderableType, indent: int = 2) -> None:
        self.renderable, self.indent = renderable, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = max(options.max_width - self.indent, 1)
        for line in console.render_lines(self.renderable, options.update_width(width), pad=False):
            yield Segment(" " * self.indent)
            yield from line
            yield Segment.line()


def entity_table(summaries) -> Table:
    """One article's entities, grouped by type, with mention counts; unlisted names apart."""
    from sahel_tui.entities.gazetteer import TYPES

    table = Table(title="Entities", title_justify="left", expand=False)
    table.add_column("type", style="dim")
    table.add_column("entity")
    table.add_column("mentions", justify="right")
    table.add_column("as written", style="dim")
    for summary in summaries:
        group = TYPES.get(summary.type, summary.type) if summary.listed else "Unlisted names"
        spellings = ", ".join(dict.fromkeys(m.text for m in summary.mentions))
        table.add_row(safe_text(group), safe_text(summary.name, "bold"), Text(str(summary.count)), safe_text(spellings))
    return table


def entity_totals_table(totals: list[dict], title: str = "Entities across the library") -> Table:
    table = Table(title=title, title_justify="left", min_width=len(title))  # the title on one line
    table.add_column("entity")
    table.add_column("type", style="dim")
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    for row in totals:
        table.add_row(safe_text(row["name"], "bold"), safe_text(row["type"]), Text(str(row["articles"])),
                      Text(str(row["mentions"])))  # fmt: skip
    return table
