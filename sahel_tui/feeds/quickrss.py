"""Plain RSS 2.0 read with the C XML parser, giving exactly what feedparser gives for it — or nothing.

Why: feedparser walks a feed in Python, one element and one text chunk at a time (an escaped ``&lt;p&gt;`` is a
chunk of its own): 0.4–0.6 ms an entry, the largest single cost of a first fetch. Most news feeds are plain RSS
2.0 in UTF-8 whose items hold a few known elements. For those, the stdlib's C parser builds the tree in 0.02 ms an
entry, and the values are then finished as feedparser finishes them (its own date parser, its repair of
double-encoded UTF-8, its Windows-1252 mapping, its link and guid rules, its ``xml:base`` and ``xml:lang`` scopes).
An element outside the lists below is taken only when feedparser would keep it under a name of its own (no handler
of feedparser's and no field read here can take its name, whatever its prefix: a WordPress ``post-id``, a
FeedBurner ``origLink``). Anything else — Atom, RSS 1.0, an element twice, markup inside a text element, a DOCTYPE,
a charset other than UTF-8, XML that is not well-formed — gives None and feedparser reads the feed.
``tests/test_quickrss.py`` holds the two to the same result over generated feeds.

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

ITEM_TEXTS = {
    "title": "title", "link": "link", "description": "summary", "guid": "id", "pubDate": "published",
    "author": "author", f"{DC}creator": "author", f"{DC}date": "updated", f"{CONTENT}encoded": "content",
}  # fmt: skip
"""Item elements whose text becomes an entry field, each field from one element at most."""
ITEM_OTHERS = {"category", "comments", "enclosure", "source", f"{DC}subject", f"{DC}language", f"{MEDIA}content",
               f"{MEDIA}thumbnail"}  # fmt: skip
"""Item elements with a feedparser handler that keeps them apart from every field read here (tags, links, media:
the media ones only when empty; an item's language is the entry's own key, and feedparser restores the language in
force when it ends)."""
CHANNEL_TEXTS = {"title": "title", "link": "link", "language": "language", f"{DC}language": "language", "ttl": "ttl",
                 f"{SY}updatePeriod": "sy_updateperiod", f"{SY}updateFrequency": "sy_updatefrequency"}  # fmt: skip
UNHANDLED = {"ttl", "sy_updateperiod", "sy_updatefrequency"}
"""Channel fields feedparser has no handler for: it keeps their text as is."""
CHANNEL_OTHERS = {"description", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate", "category",
                  "generator", "docs", "cloud", "skipHours", "skipDays", f"{DC}subject", f"{DC}rights",
                  f"{DC}publisher"}  # fmt: skip
IMAGE_PARTS = {"url", "title", "link", "width", "height", "description"}
XML = "{http://www.w3.org/XML/1998/namespace}"
READ_KEYS = frozenset({"id", "link", "title", "title_detail", "author", "published", "published_parsed", "updated",
                       "updated_parsed", "summary", "content", "language", "ttl", "sy_updateperiod",
                       "sy_updatefrequency", "media_description", "entries", "feed", "version"})  # fmt: skip
"""The keys :mod:`sahel_tui.feeds.parse` reads from feedparser's result."""
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
        return _Reader(base).feed(ElementTree.fromstring(body))
    except Exception:  # not plain, not well-formed, or a surprise: feedparser, the reference, reads it
        return None


def _utf8_throughout(body: bytes, content_type: str) -> bool:
    head = body[:200]
    if head.startswith(b"\xef\xbb\xbf") or b"<!DOCTYPE" in body[:4096].upper():
        return False
    declared = _DECLARED_ENCODING.match(head.lstrip())
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    if not declared and not content_type.strip():
        return False  # feedparser reads it as Latin-1, then undoes that with its double-encoding repair
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


class _Scope:
    """The base address and language in force at an element, as feedparser tracks them (``xml:base`` and
    ``xml:lang``, or plain ``base`` and ``lang``, each element's own included)."""

    __slots__ = ("base", "lang")

    def __init__(self, base: str, lang: str | None) -> None:
        self.base, self.lang = base, lang

    def inner(self, element) -> _Scope:
        attributes = _attributes(element)
        if not attributes:
            return self
        given_base = attributes.get("xml:base", attributes.get("base"))
        base = _safe_absolute(self.base, given_base) or self.base
        lang = attributes.get("xml:lang", attributes.get("lang"))
        lang = None if lang == "" else self.lang if lang is None else lang
        return _Scope(base, lang)

    def resolved(self, uri: str) -> str:
        if not uri:
            return uri
        try:
            return urljoin(self.base, _URI_FIXER.sub(r"\1\3", uri))
        except ValueError:
            return ""


class _Reader:
    def __init__(self, base: str) -> None:
        self.top = _Scope(base, None)

    def feed(self, root) -> dict[str, Any]:
        if root.tag != "rss" or _attributes(root).get("version") != "2.0" or len(root) != 1:
            raise NotPlain
        channel = root[0]
        if channel.tag != "channel":
            raise NotPlain
        scope = self.top.inner(root)
        feed: dict[str, Any] = {}
        if scope.lang:
            feed["language"] = scope.lang.replace("_", "-")
        scope = scope.inner(channel)
        entries = []
        seen: set[str] = set()
        for child in channel:
            inner = scope.inner(child)
            if child.tag == "item":
                entries.append(self.entry(child, inner))
            elif child.tag in CHANNEL_TEXTS:
                key = CHANNEL_TEXTS[child.tag]
                if key in seen or (key in UNHANDLED and child.attrib):
                    raise NotPlain  # feedparser keeps an unhandled element's attributes in place of its text
                seen.add(key)
                value = _text(child)
                if key == "link":  # feedparser's repair, without its first step (so for the feed's link)
                    value = _REFERENCE_LOOKALIKE.sub(r"&\g<1>", inner.resolved(value))
                feed[key] = value
            elif child.tag == "image":
                if any(part.tag not in IMAGE_PARTS or len(part) or _attributes(part) for part in child):
                    raise NotPlain
            elif child.tag == f"{ATOM}link":
                if _attributes(child).get("rel", "alternate").lower() == "alternate" or not _empty(child):
                    raise NotPlain
            elif child.tag not in CHANNEL_OTHERS:
                _kept_apart(child)
            elif len(child) and not (child.tag in ("skipHours", "skipDays") and all(map(_kept_apart, child))):
                raise NotPlain
        return {"version": "rss20", "feed": feed, "entries": entries}

    def entry(self, item, scope: _Scope) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        for child in item:
            field = ITEM_TEXTS.get(child.tag)
            if field is None:
                if child.tag == f"{MEDIA}content" and len(child):
                    self.media(child, entry)
                elif child.tag not in ITEM_OTHERS:
                    _kept_apart(child)
                elif len(child) or (child.tag.startswith(MEDIA) and not _empty(child)):
                    raise NotPlain
                continue
            if field in seen:
                raise NotPlain
            seen.add(field)
            inner = scope.inner(child)
            value = _text(child)
            if field == "title":
                entry["title"] = value
                entry["title_detail"] = {"language": inner.lang.replace("_", "-") if inner.lang else inner.lang}
            elif field == "link":
                entry["link"] = _link_fixed(inner.resolved(value))
            elif field == "id":
                guid_is_link = _attributes(child).get("ispermalink", "true") == "true"
                entry["id"] = inner.resolved(value) if guid_is_link else value
                if guid_is_link:
                    entry.setdefault("link", entry["id"])
            elif field == "content":
                entry["content"] = [{"value": value}]
                entry.setdefault("summary", value)
            elif field in ("published", "updated"):
                entry[field] = value
                entry[f"{field}_parsed"] = _date(value)
            elif field == "summary":
                pass
            else:
                entry[field] = value
        if "summary" in seen:  # the description is the summary wherever it stands; content only stands in for it
            entry["summary"] = _text(item.find("description"))
        return entry

    @staticmethod
    def media(content, entry: dict[str, Any]) -> None:
        """A photo's or a video's caption and credit: the caption kept apart as ``media_description`` (see
        :func:`sahel_tui.feeds.parse._captions_kept_apart`; the last one stands), the credit left out."""
        if (content.text or "").strip():
            raise NotPlain
        for part in content:
            if part.tag == f"{MEDIA}description":
                entry["media_description"] = _text(part)
            elif part.tag == f"{MEDIA}credit":
                _text(part)
            elif part.tag != f"{MEDIA}thumbnail" or not _empty(part):
                raise NotPlain


def _text(element) -> str:
    """The element's text as feedparser finishes it: stripped, UTF-8 read as Latin-1 repaired, the C1 controls
    Windows-1252 puts printable characters at mapped to those characters."""
    if len(element):
        raise NotPlain  # markup inside a text element: feedparser serialises it back, differently
    output = (element.text or "").strip()
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        output = output.encode("iso-8859-1").decode("utf-8")
    return output.translate(_cp1252()) if _C1_CONTROL.search(output) else output  # translate is slow


def _attributes(element) -> dict[str, str]:
    """The element's attributes named as feedparser names them (lower case, ``xml:`` for the XML namespace);
    an attribute in any other namespace is not plain."""
    if not element.attrib:
        return {}
    named = {}
    for name, value in element.attrib.items():
        if name.startswith(XML):
            name = "xml:" + name[len(XML) :]
        elif name.startswith("{"):
            raise NotPlain
        named[name.lower()] = value
    return named


def _empty(element) -> bool:
    return not len(element) and not (element.text or "").strip()


def _kept_apart(element) -> bool:
    """An element outside the lists above is fine when feedparser keeps it under a name of its own, away from
    every field read here: an empty or text-only element whose name no feedparser handler and no field read here
    can take, whatever prefix the feed gave it."""
    if len(element) or element.tag.rpartition("}")[2].lower() in _taken_names():
        raise NotPlain
    return True


_TAKEN: frozenset[str] | None = None


def _taken_names() -> frozenset[str]:
    """Every element name feedparser has a handler for, prefix or not, and every key this module's caller reads
    (with feedparser's aliases for them)."""
    global _TAKEN
    if _TAKEN is None:
        from feedparser.api import StrictFeedParser
        from feedparser.util import FeedParserDict

        handled = {
            name.split("_", 2)[2].lower() for name in dir(StrictFeedParser) if name.startswith(("_start_", "_end_"))
        }
        aliases = {
            name
            for key, value in FeedParserDict.keymap.items()
            for name in [key, *([value] if isinstance(value, str) else value)]
        }
        names = handled | aliases | READ_KEYS
        _TAKEN = frozenset(names | {name.rpartition("_")[2] for name in names})
    return _TAKEN


def _safe_absolute(base: str, given: str | None) -> str:
    from feedparser.urls import make_safe_absolute_uri

    return make_safe_absolute_uri(base, given)


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
