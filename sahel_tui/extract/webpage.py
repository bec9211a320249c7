"""A saved or fetched web page -> its article text and metadata, with trafilatura.

Why trafilatura: the best measured main-text extractor on the public article-extraction benchmark (F1 ≈ 0.96),
it reads title, author, date (htmldate) and site name from the page's own metadata, and it works on bytes already
in memory with no network. Scripts, styles, iframes, forms, comments, images (``data:`` URIs and tracking pixels
with them) and links are never part of its text output. Its import costs half a second, so it is imported on the
first page, never at start-up. The same function serves ``import`` of ``.html`` files and full-text feed entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sahel_tui.textclean import clean_text

_HTML_LANG = re.compile(rb"<html\b[^>]{0,400}?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)


class NoArticleText(ValueError):
    """The page holds no article text (an index page, a paywall stub, not HTML at all); ``str()`` says why."""


@dataclass(frozen=True)
class Page:
    text: str
    """The article's text, one block (paragraph, heading, list item) per line."""
    title: str | None = None
    author: str | None = None
    date: str | None = None
    """ISO 8601 (YYYY-MM-DD), from the page's metadata or its visible dates."""
    site_name: str | None = None
    url: str | None = None
    declared_language: str | None = None
    """What ``<html lang>`` says (often a site-wide default: the text decides first)."""


def extract_page(data: bytes | str, url: str | None = None) -> Page:
    """The article in an HTML page (bytes as saved, or text already decoded); raises :class:`NoArticleText`."""
    import trafilatura  # half a second of imports: paid when a page is read, never at start-up

    head = data[:65536] if isinstance(data, bytes) else data[:65536].encode("utf-8", "replace")
    if b"<" not in head:
        raise NoArticleText("not an HTML page (no markup)")
    document = trafilatura.bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )
    text = clean_text(document.text or "") if document is not None else ""
    if not text.strip():
        raise NoArticleText("no article text found in the page (an index page, a paywall or a page of links?)")
    declared = _HTML_LANG.search(head[:8192])
    return Page(
        text=text,
        title=_field(document.title),
        author=_field(document.author),
        date=_field(document.date),
        site_name=_field(document.sitename),
        url=_field(document.url) or url,
        declared_language=declared.group(1).decode("ascii").lower() if declared else None,
    )


def _field(value: str | None) -> str | None:
    cleaned = " ".join(clean_text(value).split()) if value else ""
    return cleaned or None
