"""The per-article numbers a search needs — document numbers, field lengths, article ids — kept as packed arrays in
a few rows beside the ``docs`` table.

Why: reading them row by row was most of a warm search at scale (a million rows: 1.4 s for the lengths and 0.7 s
more for the ids an entity query needs); packed, they read in a few milliseconds per 100,000 articles. They are
kept in chunks of :data:`CHUNK` document numbers, so a change rewrites only the chunks it touches — new articles
land in the last one — and adding to a million articles does not rewrite a million articles' numbers.

Every change to ``docs`` updates the chunks in the same transaction (a build writes them all at its end). A header
row records the document count and the next document number they were made at. Triggers in the index file delete
that header whenever a row of ``docs`` is added, removed or changed — whatever program does it — and this code
writes it again in the same transaction; so a header that is there describes ``docs`` as it is, and its count is
taken as the table's (counting a million rows was a quarter of a warm search). An index whose triggers are not
there yet (made by an earlier sahel-tui) is checked by counting, as before, until they are made; making them
drops the header once, and the numbers are read row by row and kept again.
"""

from __future__ import annotations

import contextlib
import sqlite3
import struct

import numpy as np

from sahel_tui.search.postings import FIELDS

CHUNK = 1 << 16
"""Document numbers per kept row."""
HEADER_ROW = "docs"
_HEADER = struct.Struct("<4sQQ")
_HEADER_MAGIC = b"SDH1"
_CHUNK = struct.Struct("<4sQQ")
_CHUNK_MAGIC = b"SDC1"
_SEPARATOR = "\n"


class DocsState:
    """Per live document, in ascending document number: its number, its fields' lengths and its article id."""

    def __init__(self, docnos: np.ndarray, lengths: np.ndarray, ids: list[str]) -> None:
        self.docnos = docnos
        """int64, ascending."""
        self.lengths = lengths
        """int32, one row of field lengths per document."""
        self.ids = ids

    @classmethod
    def empty(cls) -> DocsState:
        return cls(np.zeros(0, np.int64), np.zeros((0, len(FIELDS)), np.int32), [])

    @classmethod
    def joined(cls, parts: list[DocsState]) -> DocsState:
        if not parts:
            return cls.empty()
        return cls(np.concatenate([p.docnos for p in parts]), np.concatenate([p.lengths for p in parts]),
                   [article_id for p in parts for article_id in p.ids])  # fmt: skip

    def pack(self) -> bytes | None:
        """One chunk's bytes; None when an id cannot be kept this way (the numbers are then read row by row)."""
        if any(_SEPARATOR in article_id for article_id in self.ids):
            return None
        names = _SEPARATOR.join(self.ids).encode("utf-8", "surrogatepass")
        header = _CHUNK.pack(_CHUNK_MAGIC, len(self.ids), len(names))
        return b"".join([header, self.docnos.astype("<i8").tobytes(), self.lengths.astype("<i4").tobytes(), names])

    @classmethod
    def unpack(cls, blob: bytes, chunk: int) -> DocsState | None:
        """Chunk number ``chunk`` from its bytes, or None if they are not what :meth:`pack` writes for it."""
        if len(blob) < _CHUNK.size:
            return None
        magic, count, names_size = _CHUNK.unpack_from(blob)
        numbers, lengths = count * 8, count * 4 * len(FIELDS)
        if magic != _CHUNK_MAGIC or len(blob) != _CHUNK.size + numbers + lengths + names_size:
            return None
        start = _CHUNK.size
        docnos = np.frombuffer(blob, "<i8", count, start).astype(np.int64)
        table = np.frombuffer(blob, "<i4", count * len(FIELDS), start + numbers).reshape(-1, len(FIELDS))
        names = blob[start + numbers + lengths :].decode("utf-8", "surrogatepass")
        ids = names.split(_SEPARATOR) if count else []
        if len(ids) != count or (count and (docnos.min() < chunk * CHUNK or docnos.max() >= (chunk + 1) * CHUNK)):
            return None
        return cls(docnos, table.astype(np.int32), ids)

    def without(self, dropped: np.ndarray) -> DocsState:
        keep = ~np.isin(self.docnos, dropped)
        ids = [article_id for article_id, kept in zip(self.ids, keep.tolist(), strict=True) if kept]
        return DocsState(self.docnos[keep], self.lengths[keep], ids)


def read_rows(db: sqlite3.Connection) -> DocsState:
    """The state read from ``docs`` row by row (what the kept rows save)."""
    rows = db.execute(
        "SELECT docno, article_id, len_title, len_standfirst, len_byline, len_body, len_related FROM docs "
        "ORDER BY docno"
    ).fetchall()
    if not rows:
        return DocsState.empty()
    numbers = np.array([row[:1] + row[2:] for row in rows], np.int64)
    return DocsState(numbers[:, 0].copy(), numbers[:, 1:].astype(np.int32), [row[1] for row in rows])


def of_rows(rows: list[tuple]) -> DocsState:
    """The state of new ``docs`` rows (as :func:`sahel_tui.search.postings.doc_row` makes them)."""
    if not rows:
        return DocsState.empty()
    lengths = np.array([row[4:] for row in rows], np.int32).reshape(-1, len(FIELDS))
    return DocsState(np.array([row[0] for row in rows], np.int64), lengths, [row[1] for row in rows])


_DROP_HEADER = f"DELETE FROM state WHERE name = '{HEADER_ROW}'"
_TRIGGERS = {
    f"docs_state_stale_{event.lower()}": f"AFTER {event} ON docs BEGIN {_DROP_HEADER}; END"
    for event in ("INSERT", "DELETE", "UPDATE")
}
"""Whatever changes ``docs`` drops the header (the kept numbers no longer describe it)."""


def watch_docs(db: sqlite3.Connection, fresh: bool = False) -> None:
    """Make the triggers that drop the header on any change to ``docs``, if they are not there. Inside the caller's
    transaction for a ``fresh`` build (its header is right); otherwise in one of its own that also drops the header,
    since ``docs`` may have changed unwatched — skipped, never waited for, when another process is writing."""
    if _watched(db):
        return
    statements = [f"CREATE TRIGGER IF NOT EXISTS {name} {body}" for name, body in _TRIGGERS.items()]
    if fresh:
        for statement in statements:
            db.execute(statement)
        return
    waited = db.execute("PRAGMA busy_timeout").fetchone()[0]
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA busy_timeout=0")
        try:
            db.execute("BEGIN IMMEDIATE")
            for statement in statements:
                db.execute(statement)
            db.execute("DELETE FROM state WHERE name = ?", (HEADER_ROW,))
            db.execute("COMMIT")
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.execute(f"PRAGMA busy_timeout={int(waited)}")


def _watched(db: sqlite3.Connection) -> bool:
    names = list(_TRIGGERS)
    marks = ",".join("?" * len(names))
    found = db.execute(f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names)
    return found.fetchone()[0] == len(names)


def kept(db: sqlite3.Connection, next_docno: int) -> DocsState | None:
    """The state from the kept rows, or None when they do not match ``docs`` or are damaged."""
    count = known_count(db, next_docno)
    if count is None:
        return None
    parts = []
    for name, blob in db.execute("SELECT name, value FROM state WHERE name GLOB 'docs:*' ORDER BY name"):
        part = DocsState.unpack(bytes(blob), _chunk_number(name))
        if part is None:
            return None
        parts.append(part)
    state = DocsState.joined(parts)
    return state if len(state.ids) == count else None


def known_count(db: sqlite3.Connection, next_docno: int) -> int | None:
    """How many rows ``docs`` has, from the kept header, when it was made for ``docs`` as it is (else None)."""
    found = db.execute("SELECT value FROM state WHERE name = ?", (HEADER_ROW,)).fetchone()
    if found is None or len(found[0]) != _HEADER.size:
        return None
    magic, stored_next, stored_count = _HEADER.unpack(bytes(found[0]))
    if (magic, stored_next) != (_HEADER_MAGIC, next_docno):
        return None
    if _watched(db):
        return stored_count  # any change to docs since would have dropped the header
    return stored_count if stored_count == db.execute("SELECT count(*) FROM docs").fetchone()[0] else None


def load(db: sqlite3.Connection, next_docno: int) -> DocsState:
    """The state from the kept rows when they match ``docs``; else read row by row, and kept for next time when
    the index can be written at once (never waiting on another writer: it is only a shortcut)."""
    state = kept(db, next_docno)
    if state is not None:
        return state
    state = read_rows(db)
    if not db.in_transaction:
        waited = db.execute("PRAGMA busy_timeout").fetchone()[0]
        with contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA busy_timeout=0")
            try:
                db.execute("BEGIN IMMEDIATE")
                store_all(db, state, next_docno)
                db.execute("COMMIT")
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                db.execute(f"PRAGMA busy_timeout={int(waited)}")
    return state


def store_all(db: sqlite3.Connection, state: DocsState, next_docno: int) -> None:
    """Keep the whole ``state`` (inside the caller's transaction)."""
    db.execute("DELETE FROM state WHERE name = ? OR name GLOB 'docs:*'", (HEADER_ROW,))
    chunks = state.docnos // CHUNK
    bounds = np.flatnonzero(np.diff(chunks)) + 1 if len(chunks) else []
    for start, end in zip([0, *bounds], [*bounds, len(chunks)], strict=True):
        if end > start and not _put_chunk(db, int(chunks[start]), _slice(state, start, end)):
            return
    _put_header(db, next_docno, len(state.ids))


def store_change(
    db: sqlite3.Connection, dropped: np.ndarray, rows: list[tuple], next_docno: int, count_before: int
) -> None:
    """Update the kept rows for a change to ``docs`` (inside its transaction): the documents numbered ``dropped``
    left, the new ``rows`` came (``count_before``: the rows ``docs`` had before). Only the chunks they fall in are
    read and written again."""
    added = of_rows(rows)
    touched = sorted({*(int(d) // CHUNK for d in dropped), *(int(d) // CHUNK for d in added.docnos)})
    for chunk in touched:
        found = db.execute("SELECT value FROM state WHERE name = ?", (_chunk_name(chunk),)).fetchone()
        part = DocsState.unpack(bytes(found[0]), chunk) if found else DocsState.empty()
        if part is None:
            db.execute("DELETE FROM state WHERE name = ?", (HEADER_ROW,))  # damaged: read row by row next time
            return
        mine = (added.docnos // CHUNK) == chunk
        new = DocsState(added.docnos[mine], added.lengths[mine], [i for i, m in zip(added.ids, mine, strict=True) if m])
        if not _put_chunk(db, chunk, DocsState.joined([part.without(dropped), new])):
            return
    _put_header(db, next_docno, count_before - len(dropped) + len(rows))


def _put_chunk(db: sqlite3.Connection, chunk: int, part: DocsState) -> bool:
    packed = part.pack()
    if packed is None:  # an id that cannot be kept: forget every kept row, the numbers are read row by row
        db.execute("DELETE FROM state WHERE name = ?", (HEADER_ROW,))
        return False
    db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (_chunk_name(chunk), packed))
    return True


def _put_header(db: sqlite3.Connection, next_docno: int, count: int) -> None:
    header = _HEADER.pack(_HEADER_MAGIC, next_docno, count)
    db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (HEADER_ROW, header))


def _slice(state: DocsState, start: int, end: int) -> DocsState:
    return DocsState(state.docnos[start:end], state.lengths[start:end], state.ids[start:end])


def _chunk_name(chunk: int) -> str:
    return f"docs:{chunk:08d}"


def _chunk_number(name: str) -> int:
    return int(name.partition(":")[2])
