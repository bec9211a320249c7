"""What the quick feed readers share: checking that a feed can be read without feedparser's guesses, reading it
with the stdlib's C XML parser, and finishing values exactly as feedparser finishes them.

Why: feedparser walks a feed in Python, one element and one text chunk at a time (an escaped ``&lt;p&gt;`` is a
chunk of its own): 0.4–0.8 ms an entry, the largest single cost of a first fetch. For the common shapes — plain RSS
2.0 (:mod:`quickrss`) and Atom 1.0 (:mod:`quickatom`) in UTF-8 — the C parser builds the tree in 0.02 ms an entry,
and the values are finished by feedparser's own rules (its date parser, its Windows-1252 mapping, its repair of
double-encoded UTF-8, its ``xml:base`` and ``xml:lang`` scopes). Whatever a reader is not sure of raises
:class:`NotPlain` and feedparser, the reference, reads the feed: tests hold each reader to feedparser's result over
generated feeds. Readers give a dict shaped as feedparser's result (``version``, ``feed``, ``entries``) so that
everything after parsing is one code path (:mod:`sahel_tui.feeds.parse`).
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta
from urllib.parse import urljoin

XML = "{http://www.w3.org/XML/1998/namespace}"
READ_KEYS = frozenset({"id", "link", "title", "title_detail", "author", "published", "published_parsed", "updated",
                       "updated_parsed", "summary", "content", "language", "ttl", "sy_updateperiod",
                       "sy_updatefrequency", "media_description", "entries", "feed", "version"})  # fmt: skip
"""The keys :mod:`sahel_tui.feeds.parse` reads from feedparser's result."""
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.IGNORECASE)
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_PLAIN_ADDRESS = re.compile(r"https?://[!$%&'()*+,\-./0-9:=@A-Z_a-z~]+\Z")
"""An absolute web address of a host and a path alone (no query, fragment, parameters, brackets, spaces or
characters outside ASCII): one that ``urljoin`` returns exactly as it is given, whatever the base."""
REFERENCE_LOOKALIKE = re.compile("&([A-Za-z0-9_]+);")
_C1_CONTROL_UTF8 = re.compile(b"\xc2[\x80-\x9f]")


class NotPlain(Exception):
    """The feed is not of a shape a quick reader takes; feedparser reads it."""


def plain_tree(body: bytes, content_type: str = ""):
    """The document's root element, or None: not UTF-8 throughout (feedparser's guesses then decide), or not
    well-formed XML (feedparser reads it leniently)."""
    if not _utf8_throughout(body, content_type):
        return None
    try:
        return ElementTree.fromstring(body)
    except (ElementTree.ParseError, ValueError, RecursionError):
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


class Scope:
    """The base address and language in force at an element, as feedparser tracks them (``xml:base`` and
    ``xml:lang``, or plain ``base`` and ``lang``, each element's own included)."""

    __slots__ = ("base", "lang")

    def __init__(self, base: str, lang: str | None) -> None:
        self.base, self.lang = base, lang

    def inner(self, element) -> Scope:
        named = attributes(element)
        if not named:
            return self
        given_base = named.get("xml:base", named.get("base"))
        # feedparser's safe join of no address gives back the base, or nothing when it refuses it: the base stands
        base = self.base if given_base is None else _safe_absolute(self.base, given_base) or self.base
        lang = named.get("xml:lang", named.get("lang"))
        lang = None if lang == "" else self.lang if lang is None else lang
        return Scope(base, lang)

    def resolved(self, uri: str) -> str:
        """An address given as text: an empty one stays empty."""
        return self.joined(uri) if uri else uri

    def joined(self, uri: str) -> str:
        """An address given as an attribute (``href``): joined to the base even when empty."""
        fixed = _slashes_fixed(uri)
        try:
            return joined(self.base, fixed)
        except ValueError:
            return ""


def _slashes_fixed(uri: str) -> str:
    """feedparser's repair of extra slashes after a scheme (``http:///x`` -> ``http://x``), its substitution done by
    hand: most addresses have none to remove, and expanding the substitution's template cost more than the match."""
    found = _URI_FIXER.match(uri)
    return uri[: found.end(1)] + uri[found.end(2) :] if found and found.group(2) else uri


def joined(base: str, address: str) -> str:
    """``urljoin(base, address)``, without its cost for an address it gives back unchanged (most entries' links:
    a tenth of the time)."""
    return address if _PLAIN_ADDRESS.match(address) else urljoin(base, address)


def text(element, address_in: Scope | None = None) -> str:
    """The element's text as feedparser finishes it: stripped, read as an address against ``address_in``'s base
    when given, UTF-8 read as Latin-1 repaired, the C1 controls Windows-1252 puts printable characters at mapped to
    those characters (in that order)."""
    output = raw_text(element)
    if address_in is not None:
        output = address_in.resolved(output)
    if output.isascii():  # nothing to repair or map (a flag of the string: no scan)
        return output
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        output = output.encode("iso-8859-1").decode("utf-8")
    return output.translate(_cp1252()) if has_c1_control(output) else output  # translate is slow


def has_c1_control(value: str) -> bool:
    """Whether ``value`` holds a C1 control (U+0080–U+009F), looked for in its UTF-8 form: there each is the
    lead byte C2 and a byte up to 9F, which a search with a literal lead finds at memory speed — a character class
    is tried at every character (a tenth of reading an entry, for its summary)."""
    return _C1_CONTROL_UTF8.search(value.encode("utf-8", "surrogatepass")) is not None


def raw_text(element) -> str:
    """The element's text stripped, as feedparser keeps an element it reads no further (an author's name)."""
    if len(element):
        raise NotPlain  # markup inside a text element: feedparser serialises it back, differently
    return (element.text or "").strip()


def attributes(element) -> dict[str, str]:
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


def empty(element) -> bool:
    return not len(element) and not (element.text or "").strip()


def kept_apart(element) -> bool:
    """An element outside a reader's lists is fine when feedparser keeps it under a name of its own, away from
    every field read here: an empty or text-only element whose name no feedparser handler and no field read here
    can take, whatever prefix the feed gave it."""
    if len(element) or element.tag.rpartition("}")[2].lower() in _taken_names():
        raise NotPlain
    return True


_TAKEN: frozenset[str] | None = None


def _taken_names() -> frozenset[str]:
    """Every element name feedparser has a handler for, prefix or not, and every key :mod:`sahel_tui.feeds.parse` reads
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


def link_fixed(link: str) -> str:
    """feedparser's repair of ``?a=1&b=2`` links a feed wrote as ``?a=1&amp;b=2`` inside a CDATA section."""
    if "&" not in link:
        return link
    return REFERENCE_LOOKALIKE.sub(r"&\g<1>", link.replace("&amp;", "&"))


def date(value: str):
    """feedparser's reading of a date: a UTC ``time.struct_time``, or None."""
    common = _RFC822.match(value)
    if common:  # RSS's own form, as nearly every feed writes it: read as feedparser's RFC 822 rule reads it
        day, month, year, hour, minute, second, zone = common.groups()
        offset = (
            0 if zone in ("GMT", "UT", "Z") else (int(zone[1:3]) * 60 + int(zone[3:])) * (-1 if zone[0] == "-" else 1)
        )
        with contextlib.suppress(ValueError, OverflowError):  # no such day, or out of range: feedparser decides
            stamp = datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second))
            return (stamp - timedelta(minutes=offset)).utctimetuple()
    from feedparser.datetimes import _parse_date

    return _parse_date(value)


_MONTHS = {name: number for number, name in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                        "Oct", "Nov", "Dec"), start=1)}  # fmt: skip
_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) (GMT|UT|Z|[+-][0-9]{4})\Z"
)
"""The RFC 822 date as RSS feeds write it, in full: feedparser's first rule (W3C-DTF) takes none of these, its
second reads it as day, month, year, time and a zone in hours and minutes; ``tests/test_quickrss.py`` holds this
reading to feedparser's over generated dates. Any other form (another case, a zone name, no seconds) is left to
feedparser's rules."""


_TABLE: dict[int, str] | None = None


def _cp1252() -> dict[int, str]:
    global _TABLE
    if _TABLE is None:
        from feedparser.html import _cp1252 as table

        _TABLE = table
    return _TABLE
