"""Atom 1.0 read with the C XML parser (:mod:`quickxml`), giving exactly what feedparser gives — or nothing.

Taken here: text and HTML constructs (titles, summaries, content; an XHTML one is feedparser's to serialise), links
chosen by feedparser's rule (the last ``alternate`` link of an HTML type, else the entry's id), one author with
its name and email, dates, categories, and elements feedparser keeps under names of their own. Anything else — an
entry's ``source``, a second author, content given by reference or in base64, an element twice — raises
:class:`~sahel_tui.feeds.quickxml.NotPlain`, and feedparser reads the feed. ``tests/test_quickatom.py`` holds the
two to the same result over generated feeds.
"""

from __future__ import annotations

from typing import Any

from sahel_tui.feeds.quickxml import NotPlain, Scope, attributes, date, kept_apart, raw_text, text

ATOM = "{http://www.w3.org/2005/Atom}"
TEXT_TYPES = {None, "text", "html", "text/plain", "text/html"}
"""Text constructs read here: feedparser keeps their text as it is (XHTML it serialises from the markup)."""
HTML_LINK_TYPES = {"text/html", "html", "application/xhtml+xml", "xhtml"}
PERSON_PARTS = {f"{ATOM}name", f"{ATOM}email", f"{ATOM}uri"}
FEED_OTHERS = {f"{ATOM}updated", f"{ATOM}published", f"{ATOM}subtitle", f"{ATOM}rights", f"{ATOM}generator",
               f"{ATOM}icon", f"{ATOM}logo", f"{ATOM}category"}  # fmt: skip
"""Feed elements feedparser keeps apart from every field read here."""
ENTRY_OTHERS = {f"{ATOM}category", f"{ATOM}rights"}
ENTRY_FIELDS = {"title", "id", "published", "updated", "author", "summary", "content"}
"""Entry elements read into fields, each at most once."""


class AtomReader:
    def __init__(self, base: str) -> None:
        self.top = Scope(base, None)

    def feed(self, root) -> dict[str, Any]:
        if root.tag != f"{ATOM}feed" or "version" in attributes(root):
            raise NotPlain
        scope = self.top.inner(root)
        feed: dict[str, Any] = {}
        if scope.lang:
            feed["language"] = scope.lang.replace("_", "-")
        entries = []
        seen: set[str] = set()
        for child in root:
            inner = scope.inner(child)
            if child.tag == f"{ATOM}entry":
                entries.append(self.entry(child, inner))
            elif child.tag in (f"{ATOM}title", f"{ATOM}id", f"{ATOM}author", f"{ATOM}contributor"):
                _once(child.tag, seen)
                if child.tag == f"{ATOM}title":
                    feed["title"] = text(_text_construct(child))
                elif child.tag == f"{ATOM}id":
                    feed.setdefault("link", _id(child, inner))
                else:
                    _person(child)
            elif child.tag == f"{ATOM}link":
                _link(child, inner, feed)
            elif child.tag in FEED_OTHERS:
                raw_text(_text_construct(child))
            else:
                kept_apart(child)
        return {"version": "atom10", "feed": feed, "entries": entries}

    def entry(self, element, scope: Scope) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        seen: set[str] = set()
        for child in element:
            inner = scope.inner(child)
            tag = child.tag
            if tag == f"{ATOM}link":
                _link(child, inner, entry)
                continue
            if tag == f"{ATOM}contributor":
                _person(child)
                continue
            if tag in ENTRY_OTHERS:
                raw_text(_text_construct(child))
                continue
            if not tag.startswith(ATOM) or tag[len(ATOM) :] not in ENTRY_FIELDS:
                kept_apart(child)
                continue
            _once(tag, seen)
            field = tag[len(ATOM) :]
            if field == "title":
                entry["title"] = text(_text_construct(child))
                entry["title_detail"] = {"language": inner.lang.replace("_", "-") if inner.lang else inner.lang}
            elif field == "id":
                entry["id"] = _id(child, inner)
                entry.setdefault("link", entry["id"])
            elif field in ("published", "updated"):
                entry[field] = text(child)
                entry[f"{field}_parsed"] = date(entry[field])
            elif field == "author":
                entry["author"] = _person(child)
            elif field == "summary":
                entry["summary"] = text(_text_construct(child))
            elif field == "content":
                value = text(_text_construct(child))
                entry["content"] = [{"value": value}]
                entry.setdefault("summary", value)  # a summary, before or after, stands
        return entry


def _once(tag: str, seen: set[str]) -> None:
    if tag in seen:
        raise NotPlain
    seen.add(tag)


def _text_construct(element):
    """The element, if a text construct feedparser keeps as text (not XHTML, not given in base64)."""
    named = attributes(element)
    kind = named.get("type")
    if (kind.lower() if kind is not None else None) not in TEXT_TYPES or "mode" in named or "src" in named:
        raise NotPlain
    return element


def _id(element, scope: Scope) -> str:
    """An id, read as feedparser reads it: as an address (resolved against the base), since Atom ids are links to
    feedparser unless they say otherwise."""
    if "ispermalink" in attributes(element):
        raise NotPlain
    return text(element, scope)


def _link(element, scope: Scope, into: dict[str, Any]) -> None:
    """feedparser's rule: an ``alternate`` link (the default) of an HTML type (the default, except for ``self``)
    is the link, the last one standing; the address joined to the base as it stands in the attribute."""
    named = attributes(element)
    if "href" not in named or len(element) or (element.text or "").strip():
        raise NotPlain
    rel = named.get("rel", "alternate").lower()
    kind = named.get("type", "application/atom+xml" if rel == "self" else "text/html").lower()
    if rel == "alternate" and kind in HTML_LINK_TYPES:
        into["link"] = scope.joined(named["href"])


def _person(element) -> str:
    """An author as feedparser writes it: ``name (email)``, the name, the email, or nothing."""
    parts: dict[str, str] = {}
    for part in element:
        if part.tag not in PERSON_PARTS or part.tag in parts:
            raise NotPlain
        parts[part.tag] = raw_text(part)
    if (element.text or "").strip():
        raise NotPlain
    name, email = parts.get(f"{ATOM}name"), parts.get(f"{ATOM}email")
    if name and email:
        return f"{name} ({email})"
    return name or email or ""
