"""Bytes of one article file -> a clean :class:`Article`: the single place that decides how a file is read.

Called once per original at import (and again only when :data:`PARSER_VERSION` changes): everything after that
reads the parsed fields from the catalog.
"""

from __future__ import annotations

import re
from pathlib import Path

from sahel_tui.corpus.markdown import parse_markdown
from sahel_tui.corpus.newsparse import ParsedNews, parse_news_text
from sahel_tui.corpus.reader import IngestError, read_article_bytes, read_text, text_of
from sahel_tui.extract.dates import parse_date
from sahel_tui.extract.language import detect_language
from sahel_tui.extract.webpage import NoArticleText, extract_page
from sahel_tui.model import Article

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
MIN_PAGE_WORDS = 15
"""Fewer words of text in a web page than a two-line news brief: a menu, a link list, a consent wall."""
PARSER_VERSION = 2
"""Bumped whenever cleaning or parsing rules change: stored originals are parsed again, in the background.
2: French furniture, datelines, sign-offs, outlet suffixes, web pages, the article's language."""


def load_article(path: Path, article_id: str, *, bundled: bool = False, data: bytes | None = None) -> Article:
    """Read and parse one article file (or ``data``, its bytes already read); raises :class:`IngestError`."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return _web_page(path, article_id, read_article_bytes(path) if data is None else data, bundled)
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


def _web_page(path: Path, article_id: str, data: bytes, bundled: bool) -> Article:
    try:
        page = extract_page(data)
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
        source=path.name,
        byline=page.author or parsed.byline,
        standfirst=parsed.standfirst,
        paragraphs=tuple(parsed.paragraphs),
        teasers=tuple(parsed.teasers),
        date=(parse_date(page.date) if page.date else None) or parsed.date,
        bundled=bundled,
        source_url=page.url,
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
