"""Bringing annotations back from a W3C Web Annotation file, without losing either side of a disagreement.

Accepts the shapes other tools write: one annotation, a list of them, an AnnotationPage or AnnotationCollection
(``items``, or ``first.items``); ``target`` and ``selector`` as one object or a list; ``body`` as a list, one
object or a plain string. Every item is checked on its own: one that is not usable gets one line saying which
item and why, and the others are still imported.

Ids: an item with no usable id (missing, null, not text) gets a new one, so such items cannot collapse into one.
An id already in the store with the same content is unchanged; with other content it is a conflict: the newer
(by modification time) is kept under the id and the other is kept too, as a copy under a new id. Nothing the
user wrote is dropped silently.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sahel_tui.fileio import UnreadableFile, parse_json, read_regular_file
from sahel_tui.notes.anchor import Selector
from sahel_tui.notes.export import SOURCE_PREFIX
from sahel_tui.notes.records import COLUMNS, MAX_OFFSET, annotation_from_row, position_from_row
from sahel_tui.notes.store import Annotation, NotesStore
from sahel_tui.textclean import counted

MAX_IMPORT_BYTES = 64 * 1024 * 1024


class AnnotationImportError(ValueError):
    """The file as a whole cannot be read as annotations; ``str()`` names the file and the reason."""


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    conflicts: int = 0
    """Same id, other content: the newer kept under the id, the other kept as a copy."""
    new_ids: int = 0
    """Items without a usable id, stored under a new one."""
    problems: list[str] = field(default_factory=list)
    """One line per item that was not imported."""

    def summary(self) -> str:
        parts = [f"imported {counted(self.added, 'annotation')}", f"{self.unchanged:,} already present"]
        if self.conflicts:
            parts.append(f"{self.conflicts} changed (newer kept under the id, the other kept as a copy)")
        if self.new_ids:
            parts.append(f"{self.new_ids} without a usable id given a new one")
        if self.problems:
            parts.append(f"{len(self.problems)} not imported")
        return f"{parts[0]} ({', '.join(parts[1:])})"


def read_annotation_file(
    path: Path, article_at: Callable[[str], str | None] | None = None
) -> tuple[list[Annotation], list[str]]:
    """(the usable annotations, one line per unusable item); raises AnnotationImportError for the whole file.

    ``article_at(address)`` names the library's article at a web address: annotations other tools made on the
    web page (Hypothesis and the like target the page's address) land on that article."""
    try:
        raw = read_regular_file(path, MAX_IMPORT_BYTES)
        if raw is None:
            raise AnnotationImportError(f"{path}: no such file")
        data = parse_json(raw.decode("utf-8-sig"))
    except UnreadableFile as exc:
        raise AnnotationImportError(str(exc)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise AnnotationImportError(f"{path}: not a readable JSON file ({exc})") from None
    items = _items(data)
    if items is None:
        raise AnnotationImportError(
            f"{path}: no annotations found (expected a W3C Annotation, a list of them, or an "
            "AnnotationPage/AnnotationCollection with items)"
        )
    annotations, problems = [], []
    for position, item in enumerate(items, start=1):
        try:
            annotations.append(annotation_from_w3c(item, article_at))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = str(exc) if not isinstance(exc, KeyError) else f"no {exc.args[0]!r}"
            problems.append(f"{path}: item {position} not imported ({reason})")
    return annotations, problems


def by_address(addresses: Callable[[], dict[str, str]]) -> Callable[[str], str | None]:
    """An ``article_at`` for :func:`read_annotation_file` over ``addresses()`` (web address -> article id), read
    the first time it is asked. The same page matches whatever the case of its scheme and host, a trailing slash
    or a ``#fragment``."""
    known: dict[str, str] | None = None

    def article_at(address: str) -> str | None:
        nonlocal known
        if known is None:
            known = {address_key(url): article_id for url, article_id in addresses().items()}
        return known.get(address_key(address))

    return article_at


def address_key(url: str) -> str:
    base = url.split("#", 1)[0].rstrip("/")
    scheme, _, rest = base.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


def import_annotations(store: NotesStore, annotations: list[Annotation]) -> ImportReport:
    report = ImportReport()
    for incoming in annotations:
        if not incoming.id:
            incoming = replace(incoming, id=str(uuid.uuid4()))
            report.new_ids += 1
        present = store.annotation(incoming.id)
        if present is None:
            report.added += store.put_annotation(incoming)
        elif _same(present, incoming):
            report.unchanged += 1
        else:
            older, newer = sorted((present, incoming), key=lambda a: a.updated or a.created)
            if newer is incoming:
                store.replace_annotation(incoming)
            store.put_annotation(replace(older, id=str(uuid.uuid4())))
            report.conflicts += 1
    return report


def annotation_from_w3c(item: object, article_at: Callable[[str], str | None] | None = None) -> Annotation:
    if not isinstance(item, dict):
        raise ValueError("not a JSON object")
    target = _one(item["target"], "target")
    if isinstance(target, str):
        raise ValueError(f"it points at all of {target!r}, not at a passage")
    source = target["source"] if isinstance(target, dict) else None
    named = item.get("sahel:article")
    if isinstance(named, str) and named:
        source = SOURCE_PREFIX + named  # our own export: the article by id, whatever address the target has
    if isinstance(source, str) and not source.startswith(SOURCE_PREFIX) and article_at is not None:
        found = article_at(source)
        if found is None and source.lower().startswith(("http://", "https://")):
            raise ValueError(f"no article in the library has the address {source!r}")
        source = SOURCE_PREFIX + found if found else source
    if not isinstance(source, str) or not source.startswith(SOURCE_PREFIX):
        raise ValueError(
            f"its target {source!r} is neither an article of sahel-tui (sahel-tui:article/ID) nor a web address"
        )
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    by_type = {s.get("type"): s for s in selectors if isinstance(s, dict)}
    quote = by_type.get("TextQuoteSelector")
    if quote is None:
        raise ValueError("it has no TextQuoteSelector (the quoted passage)")
    exact = _text(quote.get("exact"), "quote")
    position = by_type.get("TextPositionSelector") or {"start": 0, "end": len(exact)}
    start, end = _offset(position.get("start"), "start"), _offset(position.get("end"), "end")
    note, tags = _bodies(item.get("body", []))
    raw_id = item.get("id")
    annotation_id = raw_id.removeprefix("urn:uuid:").strip() if isinstance(raw_id, str) else ""
    created = _text(item.get("created", ""), "created")
    return Annotation(
        id=annotation_id,
        article_id=source.removeprefix(SOURCE_PREFIX),
        selector=Selector(exact, _text(quote.get("prefix", ""), "prefix"), _text(quote.get("suffix", ""), "suffix"),
                          start, end, _text(item.get("sahel:textHash", ""), "text hash")),
        note=note,
        tags=tags,
        created=created,
        updated=_text(item.get("modified", created), "modified"),
    )  # fmt: skip


def _items(data: object) -> list | None:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("items"), list):
        return data["items"]
    first = data.get("first")
    if isinstance(first, dict) and isinstance(first.get("items"), list):
        return first["items"]
    if data.get("type") == "Annotation" or "target" in data:
        return [data]
    return None


def _one(value: object, name: str) -> object:
    if isinstance(value, list):
        if len(value) != 1:
            raise ValueError(f"it has {len(value)} {name}s; sahel-tui keeps one passage per annotation")
        return value[0]
    return value


def _bodies(bodies: object) -> tuple[str, tuple[str, ...]]:
    if isinstance(bodies, str | dict):
        bodies = [bodies]
    if not isinstance(bodies, list):
        raise ValueError("its body is neither text nor a list")
    notes, tags = [], []
    for body in bodies:
        if isinstance(body, str):
            notes.append(body)
            continue
        if not isinstance(body, dict):
            raise ValueError("a body is neither text nor an object")
        value = _text(body.get("value", ""), "body value")
        (tags if body.get("purpose") == "tagging" else notes).append(value)
    return "\n\n".join(n for n in notes if n), tuple(tags)


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"its {name} is {type(value).__name__}, not text")
    return value


def _offset(value: object, name: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_OFFSET:
        raise ValueError(f"its {name} {value!r} is not a position in an article")
    return value


def _same(a: Annotation, b: Annotation) -> bool:
    """Same words on the same passage (offsets may differ: a re-anchored note has moved, not changed)."""
    return (a.article_id, a.selector.quote, a.note, a.tags) == (b.article_id, b.selector.quote, b.note, b.tags)


def take_in_replaced(store: NotesStore) -> list[str]:
    """Merge into the store the copies it made of what it held when its file was replaced under it (see
    :mod:`sahel_tui.notes.replaced`): notes by the import's rules (a changed one keeps both versions), bookmarks
    and read marks added where missing. One line per copy for the user; the copy itself is kept."""
    told = []
    while store.replaced_copies:
        aside = store.replaced_copies.pop(0)
        try:
            annotations, bookmarks, reading = _held_in(aside)
        except sqlite3.Error as exc:
            told.append(f"{store.path} was replaced while sahel-tui ran; the copy of this reader's notes at {aside} "
                        f"could not be read back ({exc}) and is kept as it is")  # fmt: skip
            continue
        report = import_annotations(store, annotations)
        for article_id in bookmarks - {article_id for article_id, _ in store.bookmarks()}:
            store.set_bookmark(article_id)
        already_read = store.read_articles()
        for article_id, position in reading.items():
            if article_id not in already_read:
                store.mark_read(article_id, position)
        told.append(f"{store.path} was replaced by another program while sahel-tui ran (a sync, a copy put back?): "
                    f"the new file is used, with this reader's notes merged in — {report.summary()}; "
                    f"what this reader had is also kept in {aside}")  # fmt: skip
    return told


def _held_in(copy: Path) -> tuple[list[Annotation], set[str], dict[str, int | None]]:
    """(annotations, bookmarked article ids, read article ids with their positions) in a notes database copy."""
    db = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        annotations = []
        for row in db.execute(f"SELECT {COLUMNS} FROM annotations"):
            with contextlib.suppress(ValueError):  # a damaged row: it stays in the copy, which is kept
                annotations.append(annotation_from_row(row))
        bookmarks = {str(row[0]) for row in db.execute("SELECT article_id FROM bookmarks")}
        reading = {str(row[0]): position_from_row(row[1])
                   for row in db.execute("SELECT article_id, position FROM reading WHERE read = 1")}  # fmt: skip
    finally:
        db.close()
    return annotations, bookmarks, reading
