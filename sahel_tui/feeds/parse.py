"""A fetched feed's bytes -> its entries, with feedparser (RSS 0.9x/1.0/2.0, Atom) and our own JSON Feed reader;
plain RSS 2.0 and Atom 1.0 are read by :mod:`quickrss` and :mod:`quickatom` instead, to the same result in a
sixth of the time.

feedparser is only ever given bytes, never an address (it would fetch it). A feed declaring XML entities is
refused before parsing: real feeds never need them, and they are how entity-expansion ("billion laughs") and
external-entity attacks arrive. Also here: finding a site's feed from its home page (``<link rel=alternate>``).
"""

from __future__ import annotations

import calendar
import hashlib
import html
import html.entities
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from sahel_tui.extract.fragment import fragment_text
from sahel_tui.feeds.quickatom import ATOM, AtomReader
from sahel_tui.feeds.quickrss import RssReader
from sahel_tui.feeds.quickxml import joined, plain_tree

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")  # fmt: skip


def refuse_entity_declarations(data: bytes) -> str | None:
    """Why an XML document is refused before parsing, or None: declared entities are how entity-expansion
    ("billion laughs") and external-entity attacks arrive, and no feed or OPML file needs them."""
    if _ENTITY_DECLARATION.search(data[: 1 << 20]):
        return "it declares XML entities (refused: entity expansion is how XML attacks arrive)"
    return None


class NotAFeed(ValueError):
    """The bytes hold no feed; ``str()`` says why in a few words."""


@dataclass
class ParsedFeed:
    title: str | None
    site_url: str | None
    language: str | None
    entries: list[dict[str, Any]] = field(default_factory=list)
    """Each entry as the catalog keeps it (see :mod:`sahel_tui.corpus.feedentry`), plus ``key``."""
    warning: str | None = None
    """feedparser read the feed only leniently (malformed XML): said once, the entries are still kept."""
    ttl_minutes: int | None = None
    """How long the feed says its content keeps: RSS ``<ttl>``, else the syndication module's update period."""


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The feed in ``body`` (fetched from ``url``): plain RSS 2.0 and Atom read by a quick reader when one can,
    anything else by feedparser — the same entries either way."""
    refusal = refuse_entity_declarations(body)
    if refusal:
        raise NotAFeed(refusal)
    if body.lstrip()[:1] == b"{":
        return _json_feed(body, url)
    body = html_entities_as_numbers(body)
    return _from_parsed(read_plain(body, url, content_type) or _feedparser(body, url, content_type), url)


_HTML_ENTITY = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});")
"""A named reference XML does not predefine (``&eacute;``, ``&nbsp;``)."""


def html_entities_as_numbers(body: bytes) -> bytes:
    """HTML's named entities, which feeds written from HTML templates use and XML does not know, as the numeric
    references XML reads (``&eacute;`` -> ``&#233;``): an XML parser stops at the first, and feedparser then
    reads the whole feed leniently, said at every fetch. A name HTML does not know either is left as it is."""

    def numbered(match: re.Match) -> bytes:
        text = html.entities.html5.get(match.group(1).decode("ascii") + ";")
        return "".join(f"&#{ord(char)};" for char in text).encode("ascii") if text else match.group()

    return _HTML_ENTITY.sub(numbered, body) if b"&" in body else body


QUICK_READERS = {"rss": RssReader, f"{ATOM}feed": AtomReader}
"""The quick reader for a document's root element (see :mod:`sahel_tui.feeds.quickxml`)."""


def read_plain(body: bytes, url: str, content_type: str = "") -> dict[str, Any] | None:
    """The feed as feedparser would read it, by a quick reader, or None: not of a shape one takes (feedparser
    reads it)."""
    root = plain_tree(body, content_type)
    reader = QUICK_READERS.get(root.tag) if root is not None else None
    if reader is None:
        return None
    try:
        return reader(url).feed(root)
    except Exception:  # not plain, or a surprise: feedparser, the reference, reads it
        return None


def parse_with_feedparser(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """What feedparser alone makes of an RSS or Atom feed (the reference the quick readers are held to)."""
    refusal = refuse_entity_declarations(body)
    if refusal:
        raise NotAFeed(refusal)
    return _from_parsed(_feedparser(html_entities_as_numbers(body), url, content_type), url)


def _feedparser(body: bytes, url: str, content_type: str):
    import feedparser  # parsing only: the app's start-up never needs it

    _captions_kept_apart()

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # no sanitising here: entry HTML only ever becomes plain text (extract.fragment), never markup, and
    # feedparser's sanitiser costs more than the rest of a fetch
    return feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)


def _from_parsed(parsed, url: str) -> ParsedFeed:
    feed = parsed.get("feed", {})
    if not parsed.get("version") and not parsed["entries"]:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not RSS, Atom or JSON Feed ({str(problem)[:100] if problem else 'no feed found'})")
    if parsed.get("bozo") and not parsed["entries"] and not _harmless(parsed.get("bozo_exception")):
        # a feed cut short or broken before its first entry: said as a failure, never "0 new" as if it were empty
        raise NotAFeed(f"a malformed feed with no entry that can be read ({str(parsed.get('bozo_exception'))[:100]})")
    language = feed.get("language") or None
    entries = [_entry(item, url, language) for item in parsed["entries"]]
    warning = None
    if parsed.get("bozo") and parsed["entries"] and not _harmless(parsed.get("bozo_exception")):
        warning = f"read leniently ({str(parsed.get('bozo_exception'))[:100]})"
    return ParsedFeed(
        title=fragment_text(feed.get("title", "")) or None,
        site_url=feed.get("link") or None,
        language=language,
        entries=[entry for entry in entries if entry.get("title") or entry.get("content") or entry.get("summary")],
        warning=warning,
        ttl_minutes=time_to_live(feed.get("ttl"), feed.get("sy_updateperiod"), feed.get("sy_updatefrequency")),
    )


def _captions_kept_apart() -> None:
    """feedparser reads Media RSS's ``<media:description>`` — a photo's or a video's caption — as the entry's
    description: the caption then stands as the entry's content, and a reader is shown "Herds near Mopti, in
    October." for the article (feedparser issue 53, open since 2016). The caption is kept under a name of its own
    instead, the entry's text only when it has no other (a video feed's entries)."""
    from feedparser.namespaces.mediarss import Namespace

    def _start_caption(parser, attributes) -> None:
        parser.push("media_description", 1)

    def _end_caption(parser) -> None:
        parser.pop("media_description")

    Namespace._start_media_description, Namespace._end_media_description = _start_caption, _end_caption


def _json_feed(body: bytes, url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org): feedparser 6 does not read it."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise NotAFeed(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise NotAFeed("JSON, but not a JSON Feed (no jsonfeed.org version)")
    language = _text(data.get("language")) or None
    entries = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = _text(item.get("url")) or None
        link = urljoin(url, link) if link else None
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = ", ".join(_text(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")) or None
        title = _text(item.get("title"))
        published = _text(item.get("date_published")) or None
        entry_id = _text(item.get("id")) or link
        entries.append({
            "key": entry_id or hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()[:32],
            "id": entry_id, "link": link, "title": title, "author": author, "published": published,
            "updated": _text(item.get("date_modified")) or None, "summary": _text(item.get("summary")) or None,
            "content": _text(item.get("content_html")) or html.escape(_text(item.get("content_text"))) or None,
            "lang": _text(item.get("language")) or language,
        })  # fmt: skip
    return ParsedFeed(
        title=fragment_text(_text(data.get("title"))) or None,
        site_url=_text(data.get("home_page_url")) or None,
        language=language,
        entries=[entry for entry in entries if entry["title"] or entry["content"] or entry["summary"]],
    )


MAX_TTL_MINUTES = 7 * 24 * 60
"""A feed asking to be left alone for longer than a week is taken at a week: the user still hears of it weekly."""
_PERIOD_MINUTES = {"hourly": 60, "daily": 24 * 60, "weekly": 7 * 24 * 60, "monthly": 30 * 24 * 60,
                   "yearly": 365 * 24 * 60}  # fmt: skip


def time_to_live(ttl: Any, period: Any = None, frequency: Any = None) -> int | None:
    """Minutes the feed's content keeps, from RSS ``<ttl>`` (minutes) or ``sy:updatePeriod`` divided by
    ``sy:updateFrequency``; None when it says nothing usable (not a positive number, an unknown period)."""
    minutes = None
    if isinstance(ttl, str) and ttl.strip().isdigit():
        minutes = int(ttl.strip())
    elif isinstance(period, str) and period.strip().lower() in _PERIOD_MINUTES:
        times = int(frequency.strip()) if isinstance(frequency, str) and frequency.strip().isdigit() else 1
        minutes = _PERIOD_MINUTES[period.strip().lower()] // max(times, 1)
    if not minutes or minutes <= 0:
        return None
    return min(minutes, MAX_TTL_MINUTES)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _harmless(problem: object) -> bool:
    """A declared charset that differs from the real one: feedparser copes, nothing to tell."""
    return type(problem).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _entry(item: Any, feed_url: str, language: str | None) -> dict[str, Any]:
    link = item.get("link") or None
    if link:
        link = joined(feed_url, link)
    content = ""
    for part in item.get("content", []) or []:
        if len(part.get("value", "")) > len(content):
            content = part.get("value", "")
    title = item.get("title", "")
    published = _iso(item.get("published_parsed")) or item.get("published") or None
    # dict.get: feedparser's own get() maps updated to published, with a deprecation warning
    updated = _iso(dict.get(item, "updated_parsed")) or dict.get(item, "updated") or None
    entry_id = item.get("id") or link or None
    key = entry_id or hashlib.sha256(f"{title}\n{published}".encode()).hexdigest()[:32]
    detail = item.get("title_detail") or {}
    return {
        "key": key,
        "id": entry_id,
        "link": link,
        "title": title,
        "author": item.get("author") or None,
        "published": published,
        "updated": updated,
        "summary": item.get("summary") or dict.get(item, "media_description") or None,
        "content": content or None,
        "lang": detail.get("language") or language,
    }


def _iso(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), UTC).isoformat(timespec="seconds")
    except (OverflowError, ValueError, TypeError):
        return None


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag != "link":
            return
        values = {name: (value or "") for name, value in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.found.append((kind, values["href"]))


def discover_feeds(page: bytes, page_url: str) -> list[str]:
    """The feed addresses a web page advertises (``<link rel="alternate" type="application/rss+xml" …>``)."""
    finder = _FeedLinks()
    finder.feed(page[: 1 << 20].decode("utf-8", "replace"))
    return [urljoin(page_url, href) for _, href in finder.found]
