"""Plain RSS 2.0 read with the C XML parser (:mod:`quickxml`), giving exactly what feedparser gives — or nothing.

Most news feeds are RSS 2.0 whose items hold a few known elements. Taken here: the elements listed below, each at
most once, text only, feedparser's link and guid rules applied; and an element outside the lists when feedparser
would keep it under a name of its own (a WordPress ``post-id``, a FeedBurner ``origLink``). Anything else — an
element twice, markup inside a text element, an element a feedparser handler would read into a field — raises
:class:`~sahel_tui.feeds.quickxml.NotPlain`, and feedparser reads the feed. ``tests/test_quickrss.py`` holds the two
to the same result over generated feeds.
"""

from __future__ import annotations

from typing import Any

from sahel_tui.feeds.quickxml import (
    REFERENCE_LOOKALIKE,
    NotPlain,
    Scope,
    attributes,
    date,
    empty,
    kept_apart,
    link_fixed,
    text,
)

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
a photo empty, or holding a caption and credit, see :meth:`RssReader.media`; an item's language is the entry's own
key, and feedparser restores the language in force when it ends)."""
CHANNEL_TEXTS = {"title": "title", "link": "link", "language": "language", f"{DC}language": "language", "ttl": "ttl",
                 f"{SY}updatePeriod": "sy_updateperiod", f"{SY}updateFrequency": "sy_updatefrequency"}  # fmt: skip
UNHANDLED = {"ttl", "sy_updateperiod", "sy_updatefrequency"}
"""Channel fields feedparser has no handler for: it keeps their text as is."""
CHANNEL_OTHERS = {"description", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate", "category",
                  "generator", "docs", "cloud", "skipHours", "skipDays", f"{DC}subject", f"{DC}rights",
                  f"{DC}publisher"}  # fmt: skip
IMAGE_PARTS = {"url", "title", "link", "width", "height", "description"}


class RssReader:
    def __init__(self, base: str) -> None:
        self.top = Scope(base, None)

    def feed(self, root) -> dict[str, Any]:
        if root.tag != "rss" or attributes(root).get("version") != "2.0" or len(root) != 1:
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
                if key == "link":  # feedparser's repair, without its first step (so for the feed's link)
                    feed[key] = REFERENCE_LOOKALIKE.sub(r"&\g<1>", text(child, inner))
                else:
                    feed[key] = text(child)
            elif child.tag == "image":
                if any(part.tag not in IMAGE_PARTS or len(part) or attributes(part) for part in child):
                    raise NotPlain
            elif child.tag == f"{ATOM}link":
                if attributes(child).get("rel", "alternate").lower() == "alternate" or not empty(child):
                    raise NotPlain
            elif child.tag not in CHANNEL_OTHERS:
                kept_apart(child)
            elif len(child) and not (child.tag in ("skipHours", "skipDays") and all(map(kept_apart, child))):
                raise NotPlain
        return {"version": "rss20", "feed": feed, "entries": entries}

    def entry(self, item, scope: Scope) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        for child in item:
            field = ITEM_TEXTS.get(child.tag)
            if field is None:
                if child.tag == f"{MEDIA}content" and len(child):
                    self.media(child, entry)
                elif child.tag not in ITEM_OTHERS:
                    kept_apart(child)
                elif len(child) or (child.tag.startswith(MEDIA) and not empty(child)):
                    raise NotPlain
                continue
            if field in seen:
                raise NotPlain
            seen.add(field)
            inner = scope.inner(child)
            guid_is_link = field == "id" and attributes(child).get("ispermalink", "true") == "true"
            value = text(child, inner if field == "link" or guid_is_link else None)
            if field == "title":
                entry["title"] = value
                entry["title_detail"] = {"language": inner.lang.replace("_", "-") if inner.lang else inner.lang}
            elif field == "link":
                entry["link"] = link_fixed(value)
            elif field == "id":
                entry["id"] = value
                if guid_is_link:
                    entry.setdefault("link", value)
            elif field == "content":
                entry["content"] = [{"value": value}]
                entry.setdefault("summary", value)
            elif field in ("published", "updated"):
                entry[field] = value
                entry[f"{field}_parsed"] = date(value)
            elif field == "summary":
                pass
            else:
                entry[field] = value
        if "summary" in seen:  # the description is the summary wherever it stands; content only stands in for it
            entry["summary"] = text(item.find("description"))
        return entry

    @staticmethod
    def media(content, entry: dict[str, Any]) -> None:
        """A photo's or a video's caption and credit: the caption kept apart as ``media_description`` (see
        :func:`sahel_tui.feeds.parse._captionskept_apart`; the last one stands), the credit left out."""
        if (content.text or "").strip():
            raise NotPlain
        for part in content:
            if part.tag == f"{MEDIA}description":
                entry["media_description"] = text(part)
            elif part.tag == f"{MEDIA}credit":
                text(part)
            elif part.tag != f"{MEDIA}thumbnail" or not empty(part):
                raise NotPlain
