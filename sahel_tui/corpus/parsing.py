"""Bytes of one article file -> a clean :class:`Article`: the single place that decides how a file is read.

Called once per original at import (and again only when :data:`PARSER_VERSION` changes): everything after that
reads the parsed fields from the catalog.
"""

from __future__ import annotations

import re
from pathlib import Path

from sahel_tui.corpus.markdown import parse_markdown
from sahel_tui.corpus.newsparse import parse_news_text
from sahel_tui.corpus.reader import IngestError, read_text, text_of
from sahel_tui.model import Article

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES
PARSER_VERSION = 1
"""Bumped whenever cleaning or parsing rules change: stored originals are parsed again, in the background."""


def load_article(path: Path, article_id: str, *, bundled: bool = False, data: bytes | None = None) -> Article:
    """Read and parse one article file (or ``data``, its bytes already read); raises :class:`IngestError`."""
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
        paragraphs, teasers = parsed.paragraphs, parsed.teasers
    if not paragraphs and not standfirst:
        raise IngestError(path, "no article text (only a headline or page furniture)")
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
    )


def title_from_name(stem: str) -> str:
    """A title made from a file name; bytes of it that are not UTF-8 become U+FFFD."""
    stem = stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    words = re.sub(r"[-_+]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"
