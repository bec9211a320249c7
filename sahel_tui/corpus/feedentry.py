"""A feed entry as the catalog keeps it (its original) -> an :class:`Article`.

The original of a feed entry is a small JSON document made at fetch time: the entry's id, link, title, author,
dates, content and summary as the feed sent them (HTML fragments), and the linked page when its full text was
fetched. It never names the feed, so the same story sent by two feeds is the same bytes: one article. Kept
compressed in the catalog like any original, so a better parser re-reads it without fetching again.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sahel_tui.corpus.bylines import byline_name
from sahel_tui.corpus.excerpts import entry_words
from sahel_tui.corpus.reader import IngestError
from sahel_tui.extract.dates import parse_date
from sahel_tui.extract.fragment import fragment_paragraphs, fragment_text
from sahel_tui.model import Article

FEED_ENTRY_SUFFIX = ".feedentry"


def entry_bytes(entry: dict[str, Any]) -> bytes:
    """The stored original of an entry: canonical JSON (the same entry always makes the same bytes).

    An entry of texts alone (every entry a feed reader makes) is written here, each text escaped as its UTF-8
    bytes: ``json`` escapes a text that is not ASCII a character at a time (a fifth of reading an entry, for its
    summary). The same bytes as ``json.dumps`` — ``tests/test_feeds.py`` holds them together."""
    kept = {key: value for key, value in entry.items() if value not in (None, "", [])}
    if all(type(value) is str and type(key) is str for key, value in kept.items()):
        return (
            b"{" + b",".join(_json_text(key) + b":" + _json_text(value) for key, value in sorted(kept.items())) + b"}"
        )
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _json_text(text: str) -> bytes:
    """A JSON string as ``json.dumps(text, ensure_ascii=False)`` writes it, encoded: in UTF-8 a control character
    is one byte below 0x20 and never part of another character, so bytes-wide replacements escape the usual ones
    and any other leaves the text to ``json``; a short text is json's at once (its escaping costs less than the
    replacements' calls)."""
    if len(text) < _SHORT_TEXT:
        return encode_basestring(text).encode("utf-8")
    data = text.encode("utf-8")
    if b"\\" in data or b'"' in data:
        data = data.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
    if data.translate(None, _NOT_CONTROLS):
        data = data.replace(b"\n", b"\\n").replace(b"\r", b"\\r").replace(b"\t", b"\\t")
        if data.translate(None, _NOT_CONTROLS):  # a rarer control (a backspace, an escape): json's own
            return json.dumps(text, ensure_ascii=False).encode("utf-8")
    return b'"' + data + b'"'


_SHORT_TEXT = 200
_NOT_CONTROLS = bytes(range(0x20, 0x100))
"""Every byte but the controls: what ``bytes.translate`` deletes to leave only a text's control bytes."""


def article_from_entry(data: bytes, article_id: str, entry: dict[str, Any] | None = None) -> Article:
    """The article of a stored entry ``data``; ``entry``: the fields ``data`` was made from, when the caller has them
    (a fetch: the bytes need not be read back). Raises :class:`IngestError` when the entry has no text at all."""
    name = Path(f"{article_id}{FEED_ENTRY_SUFFIX}")
    try:
        entry = json.loads(data) if entry is None else entry
        if not isinstance(entry, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        raise IngestError(name, f"not a feed entry ({exc})") from None
    from sahel_tui.corpus.newsparse import parse_news_text  # the reading rules: loaded by the processes that read
    from sahel_tui.corpus.webarticle import article_from_page, language_of

    title = fragment_text(str(entry.get("title") or ""))
    link = str(entry.get("link") or "") or None
    source = _host(link)
    date = parse_date(str(entry.get("published") or entry.get("updated") or ""))
    if entry.get("page"):
        try:
            page = article_from_page(name, article_id, str(entry["page"]), url=link, source=source)
        except IngestError:
            page = None
        if page is not None and len(page.anchor_text.split()) > entry_words(entry):
            return _with_entry_facts(page, title, entry, date)
    html = str(entry.get("content") or entry.get("summary") or "")
    parsed = parse_news_text("\n\n".join(fragment_paragraphs(html)), known_title=title or None)
    if not parsed.paragraphs and not parsed.standfirst and not title:
        raise IngestError(name, "the entry has no text (no title, no content, no summary)")
    return Article(
        id=article_id,
        title=title or parsed.title or (parsed.paragraphs or [parsed.standfirst or "Untitled"])[0][:80],
        source=source,
        byline=byline_name(fragment_text(str(entry.get("author") or ""))) or parsed.byline,
        standfirst=parsed.standfirst,
        paragraphs=tuple(parsed.paragraphs),
        teasers=tuple(parsed.teasers),
        date=date or parsed.date,
        source_url=link,
        lang=language_of(title, parsed.standfirst, parsed.paragraphs) or _declared(entry),
    )


def entry_facts(article_id: str, title: str, entry: dict[str, Any]) -> Article | None:
    """What the feed states of an entry, without reading its text: its title, author, date and link — what a list
    row shows, made at a fraction of reading's cost (the language is the text's, told when it is read: a feed
    declares one for all its entries). None when the entry has no title (it must be read now: without text
    either, it is no article). ``title``: the entry's, as text."""
    if not title:
        return None
    link = str(entry.get("link") or "") or None
    return Article(
        id=article_id,
        title=title,
        source=_host(link),
        byline=byline_name(fragment_text(str(entry.get("author") or ""))),
        date=parse_date(str(entry.get("published") or entry.get("updated") or "")),
        source_url=link,
    )


def _with_entry_facts(page: Article, title: str, entry: dict[str, Any], date: str | None) -> Article:
    """The extracted page, with what the feed states for sure (title, author, date) preferred."""
    author = byline_name(fragment_text(str(entry.get("author") or "")))
    return replace(page, title=title or page.title, byline=author or page.byline, date=date or page.date,
                   lang=page.lang or _declared(entry))  # fmt: skip


def _host(link: str | None) -> str:
    """The site an entry links to (its source), "feed" when it links nowhere."""
    if not link:
        return "feed"
    plain = _PLAIN_HOST.match(link)  # most links: no port, user or brackets to take apart
    return plain.group(1).lower() if plain else (urlsplit(link).hostname or "feed")


_PLAIN_HOST = re.compile(r"https?://([A-Za-z0-9.-]+)(?:[/?#]|\Z)")


def _declared(entry: dict[str, Any]) -> str | None:
    declared = str(entry.get("lang") or "")[:2].lower()
    return declared if declared.isalpha() and len(declared) == 2 else None
