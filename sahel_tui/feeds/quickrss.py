"""Plain RSS 2.0 read with the C XML parser, giving exactly what feedparser gives for it — or nothing.

Why: feedparser walks a feed in Python, one element and one text chunk at a time (an escaped ``&lt;p&gt;`` is a
chunk of its own): 0.4–0.6 ms an entry, the largest single cost of a first fetch. Most news feeds are plain RSS
2.0 in UTF-8 whose items hold a few known elements. For those, the stdlib's C parser builds the tree in 0.02 ms an
entry, and the values are then finished as feedparser finishes them (its own date parser, its repair of
double-encoded UTF-8, its Windows-1252 mapping, its link and guid rules). Anything this module is not sure of —
Atom, RSS 1.0, a namespace or element it does not know, an element twice, markup inside a text element, ``xml:base``
or ``xml:lang``, a DOCTYPE, a charset other than UTF-8, XML that is not well-formed — gives None and feedparser
reads the feed. ``tests/test_quickrss.py`` holds the two to the same result over generated feeds.

The result is shaped as :mod:`sahel_tui.feeds.parse` reads feedparser's (``feed``, ``entries``, ``version``), so
everything after parsing is one code path.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ElementTree
from typing import Any
from urllib.parse import urljoin

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
SY = "{http://purl.org/rss/1.0/modules/syndication/}"
ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
WFW = "{http://wellformedweb.org/CommentAPI/}"
SLASH = "{http://purl.org/rss/1.0/modules/slash/}"

ITEM_TEXTS = {
    "title": "title", "link": "link", "description": "summary", "guid": "id", "pubDate": "published",
    "author": "author", f"{DC}creator": "author", f"{DC}date": "updated", f"{CONTENT}encoded": "content",
}  # fmt: skip
"""Item elements whose text becomes an entry field, each field from one element at most."""
ITEM_OTHERS = {"category", "comments", "enclosure", "source", f"{WFW}commentRss", f"{SLASH}comments",
               f"{MEDIA}content", f"{MEDIA}thumbnail"}  # fmt: skip
"""Item elements feedparser keeps apart from every field this reader gives (tags, links, media)."""
CHANNEL_TEXTS = {"title": "title", "link": "link", "language": "language", "ttl": "ttl",
                 f"{SY}updatePeriod": "sy_updateperiod", f"{SY}updateFrequency": "sy_updatefrequency"}  # fmt: skip
CHANNEL_OTHERS = {"description", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate", "category",
                  "generator", "docs", "cloud", "rating", "skipHours", "skipDays", "image", f"{ATOM}link"}  # fmt: skip
IMAGE_PARTS = {"url", "title", "link", "width", "height", "description"}
_SCOPE_ATTRIBUTES = ("{http://www.w3.org/XML/1998/namespace}", "lang", "base")
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_REFERENCE_LOOKALIKE = re.compile("&([A-Za-z0-9_]+);")
_C1_CONTROL = re.compile("[\x80-\x9f]")


class NotPlain(Exception):
    """The feed is not of the shape read here; feedparser reads it."""


def read_plain_rss(body: bytes, base: str, content_type: str = "") -> dict[str, Any] | None:
    """``{"version", "feed", "entries"}`` as feedparser would give them for ``body``, or None (not plain RSS 2.0)."""
    if not _utf8_throughout(body, content_type):
        return None
    try:
        root = ElementTree.fromstring(body)
        return _Reader(base).feed(root)
    except (ElementTree.ParseError, NotPlain, ValueError):
        return None


def _utf8_throughout(body: bytes, content_type: str) -> bool:
    head = body[:200]
    if head.startswith(b"\xef\xbb\xbf") or b"<!DOCTYPE" in body[:4096].upper():
        return False
    declared = _DECLARED_ENCODING.match(head.lstrip())
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    kind, _, _ = content_type.partition(";")
    charset = _CHARSET.search(content_type)
    if charset and charset.group(1).strip().lower() not in ("utf-8", "utf8"):
        return False
    if kind.strip().lower().startswith("text/") and not charset:
        return False  # RFC 3023 makes text/* without a charset US-ASCII: feedparser has its own way with that
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Reader:
    def __init__(self, base: str) -> None:
        self.base = base

    def feed(self, root) -> dict[str, Any]:
        if root.tag != "rss" or root.get("version") != "2.0" or len(root) != 1 or root[0].tag != "channel":
            raise NotPlain
        channel = root[0]
        self._plain_element(root)
        self._plain_element(channel)
        feed: dict[str, Any] = {}
        entries = []
        for child in channel:
            self._plain_element(child)
            if child.tag == "item":
                entries.append(self.entry(child))
            elif child.tag in CHANNEL_TEXTS:
                key = CHANNEL_TEXTS[child.tag]
                if key in feed:
                    raise NotPlain
                value = self.text(child)
                if key == "link":  # feedparser's repair, without its first step (so for the feed's link)
                    value = _REFERENCE_LOOKALIKE.sub(r"&\g<1>", self.resolved(value))
                feed[key] = value
            elif child.tag == "image":
                self._plain_image(child)
            elif child.tag == f"{ATOM}link":
                if child.get("rel", "alternate").lower() == "alternate" or len(child) or (child.text or "").strip():
                    raise NotPlain
            elif child.tag not in CHANNEL_OTHERS:
                raise NotPlain
        return {"version": "rss20", "feed": feed, "entries": entries}

    def entry(self, item) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        guid_is_link = False
        for child in item:
            self._plain_element(child)
            field = ITEM_TEXTS.get(child.tag)
            if field is None:
                if child.tag not in ITEM_OTHERS or (child.tag.startswith(MEDIA) and (len(child) or child.text)):
                    raise NotPlain
                continue
            if field in seen:
                raise NotPlain
            seen.add(field)
            value = self.text(child)
            if field == "title":
                entry["title"] = value
                entry["title_detail"] = {"language": None}  # feedparser's too: only xml:lang sets it
            elif field == "link":
                entry["link"] = _link_fixed(self.resolved(value))
            elif field == "id":
                guid_is_link = child.get("isPermaLink", "true") == "true"
                entry["id"] = self.resolved(value) if guid_is_link else value
                if guid_is_link:
                    entry.setdefault("link", entry["id"])
            elif field == "content":
                entry["content"] = [{"value": value}]
                entry.setdefault("summary", value)
            elif field in ("published", "updated"):
                entry[field] = value
                entry[f"{field}_parsed"] = _date(value)
            else:
                entry[field] = value
        if "summary" in seen:
            entry["summary"] = self.text(item.find("description"))
        return entry

    def text(self, element) -> str:
        """The element's text as feedparser finishes it: stripped, UTF-8 read as Latin-1 repaired, the C1 controls
        Windows-1252 puts printable characters at mapped to those characters."""
        if len(element):
            raise NotPlain  # markup inside a text element: feedparser serialises it back, differently
        output = (element.text or "").strip()
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            output = output.encode("iso-8859-1").decode("utf-8")
        return output.translate(_cp1252()) if _C1_CONTROL.search(output) else output  # translate is slow

    def resolved(self, uri: str) -> str:
        if not uri:
            return uri
        uri = _URI_FIXER.sub(r"\1\3", uri)
        try:
            return urljoin(self.base, uri)
        except ValueError:
            return ""

    def _plain_image(self, image) -> None:
        for part in image:
            self._plain_element(part)
            if part.tag not in IMAGE_PARTS or len(part):
                raise NotPlain

    @staticmethod
    def _plain_element(element) -> None:
        """Attributes that change a base address or a language, or a namespace this module does not know about."""
        for name in element.attrib:
            if name.startswith(_SCOPE_ATTRIBUTES) or name.lower() in ("lang", "base"):
                raise NotPlain


def _link_fixed(link: str) -> str:
    """feedparser's repair of ``?a=1&b=2`` links a feed wrote as ``?a=1&amp;b=2`` inside a CDATA section."""
    return _REFERENCE_LOOKALIKE.sub(r"&\g<1>", link.replace("&amp;", "&"))


def _date(value: str):
    from feedparser.datetimes import _parse_date

    return _parse_date(value)


_TABLE: dict[int, str] | None = None


def _cp1252() -> dict[int, str]:
    global _TABLE
    if _TABLE is None:
        from feedparser.html import _cp1252 as table

        _TABLE = table
    return _TABLE
