"""OPML 2.0, the subscription list every feed reader reads and writes: folders become tags and back.

Import reads ``<outline>`` elements with an ``xmlUrl`` anywhere in the tree; the titles of the folders around
one (and its ``category`` attribute) are its tags. A file declaring XML entities is refused, as feeds are.
Export writes one folder per feed's first tag, every tag in ``category``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from sahel_tui.feeds.parse import refuse_entity_declarations
from sahel_tui.feeds.subscriptions import Feed


class OpmlError(ValueError):
    """Not a usable OPML file; ``str()`` is the reason."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str | None
    tags: tuple[str, ...] = ()


@dataclass
class OpmlContents:
    feeds: list[OpmlFeed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Outlines that are not feeds and not folders (one line each)."""


def read_opml(data: bytes) -> OpmlContents:
    refusal = refuse_entity_declarations(data)
    if refusal:
        raise OpmlError(refusal)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise OpmlError(f"not well-formed XML ({exc})") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML (the root element is <{root.tag[:40]}>)")
    body = root.find("body")
    contents = OpmlContents()
    if body is None:
        raise OpmlError("no <body>")
    _walk(body, (), contents)
    return contents


def _walk(element: ElementTree.Element, folders: tuple[str, ...], contents: OpmlContents) -> None:
    for outline in element.findall("outline"):
        label = (outline.get("title") or outline.get("text") or "").strip()
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            categories = [part.strip().strip("/") for part in (outline.get("category") or "").split(",")]
            tags = tuple(dict.fromkeys([*folders, *(c for c in categories if c)]))
            contents.feeds.append(OpmlFeed(url, label or None, tags))
        elif len(outline):
            _walk(outline, (*folders, label) if label else folders, contents)
        elif label:
            contents.skipped.append(f"{label[:80]!r}: not a feed (no xmlUrl)")


def write_opml(feeds: list[Feed]) -> str:
    folders: dict[str, list[Feed]] = {}
    for feed in feeds:
        folders.setdefault(feed.tags[0] if feed.tags else "", []).append(feed)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>sahel-tui subscriptions</title>",
        f"    <dateCreated>{datetime.now(UTC).strftime('%a, %d %b %Y %H:%M:%S GMT')}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for folder in sorted(folders):
        indent = "    "
        if folder:
            lines.append(f"    <outline text={quoteattr(folder)} title={quoteattr(folder)}>")
            indent = "      "
        for feed in folders[folder]:
            attributes = [f"type={quoteattr('rss')}", f"text={quoteattr(feed.name)}", f"title={quoteattr(feed.name)}",
                          f"xmlUrl={quoteattr(feed.url)}"]  # fmt: skip
            if feed.site_url:
                attributes.append(f"htmlUrl={quoteattr(feed.site_url)}")
            if feed.tags:
                attributes.append(f"category={quoteattr(','.join('/' + tag for tag in feed.tags))}")
            lines.append(f"{indent}<outline {' '.join(attributes)}/>")
        if folder:
            lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
