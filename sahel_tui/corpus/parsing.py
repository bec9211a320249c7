"""Bytes of one article file -> a clean :class:`Article`: the single place that decides how a file is read.

Called once per original at import (and again only when :data:`PARSER_VERSION` changes): everything after that
reads the parsed fields from the catalog.
"""

from __future__ import annotations

from pathlib import Path

from sahel_tui.corpus.feedentry import FEED_ENTRY_SUFFIX, article_from_entry
from sahel_tui.corpus.formats import ARTICLE_SUFFIXES, HTML_SUFFIXES, MARKDOWN_SUFFIXES, PARSER_VERSION
from sahel_tui.corpus.markdown import parse_markdown
from sahel_tui.corpus.newsparse import parse_news_text
from sahel_tui.corpus.reader import IngestError, read_article_bytes, read_text, text_of
from sahel_tui.corpus.webarticle import article_from_page, language_of, title_from_name
from sahel_tui.extract.dates import parse_date
from sahel_tui.model import Article

__all__ = ["ARTICLE_SUFFIXES", "PARSER_VERSION", "load_article", "title_from_name"]


def load_article(path: Path, article_id: str, *, bundled: bool = False, data: bytes | None = None) -> Article:
    """Read and parse one article file (or ``data``, its bytes already read); raises :class:`IngestError`."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return article_from_page(path, article_id, read_article_bytes(path) if data is None else data, bundled)
    if path.suffix == FEED_ENTRY_SUFFIX and data is not None:  # stored by a fetch, never a file to import
        return article_from_entry(data, article_id)
    decoded = read_text(path) if data is None else text_of(data, path)
    date = source_url = byline = standfirst = None
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        parsed_md = parse_markdown(decoded.text)
        title, paragraphs, teasers = parsed_md.title, parsed_md.paragraphs, []
        byline = parsed_md.meta.get("byline")
        date = parsed_md.meta.get("date")
        source_url = parsed_md.meta.get("source_url")
    else:
        parsed = parse_news_text(decoded.text)
        title, byline, standfirst = parsed.title, parsed.byline, parsed.standfirst
        paragraphs, teasers, date = parsed.paragraphs, parsed.teasers, parsed.date
    if not paragraphs and not standfirst:
        raise IngestError(path, "no article text (only a headline or page furniture)")
    date = parse_date(date) if date else None
    return Article(
        id=article_id,
        title=title or title_from_name(path.stem),
        source=path.name,
        byline=byline,
        standfirst=standfirst,
        paragraphs=tuple(paragraphs),
        teasers=tuple(teasers),
        date=date,
        bundled=bundled,
        encoding=decoded.encoding,
        replacements=decoded.replacements,
        source_url=source_url,
        lang=language_of(title, standfirst, paragraphs),
    )
