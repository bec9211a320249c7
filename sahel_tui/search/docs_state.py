"""The per-article numbers a search needs — document numbers, field lengths, article ids — kept as packed arrays in
one row beside the ``docs`` table.

Why: reading them row by row was most of a warm search at scale (a million rows: 1.4 s for the lengths and 0.7 s
more for the ids an entity query needs); one row of arrays reads in a few milliseconds per 100,000 articles.
Every change to ``docs`` writes the row again in the same transaction (a patch updates the arrays it read; a
build writes them once at the end). The row records the document count and the next document number it was made
at: a ``docs`` table changed without it (by an earlier sahel-tui that did not know this row) no longer matches,
and the numbers are read row by row, then kept again.
"""

from __future__ import annotations

import contextlib
import sqlite3
import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sahel_tui.search.postings import FIELDS

STATE_ROW = "docs"
_HEADER = struct.Struct("<4sQQQ")
_MAGIC = b"SDS1"
_SEPARATOR = "\n"


@dataclass
class DocsState:
    docnos: np.ndarray
    """Live documents' numbers, ascending (int64)."""
    lengths: np.ndarray
    """Per live document, the length of each field (int32, one row each, in ``docnos`` order)."""
    ids: list[str]
    """Per live document, its article id (in ``docnos`` order)."""

    def pack(self, next_docno: int) -> bytes | None:
        """The row's bytes; None when an id cannot be kept this way (the numbers are then read row by row)."""
        if any(_SEPARATOR in article_id for article_id in self.ids):
            return None
        names = _SEPARATOR.join(self.ids).encode("utf-8", "surrogatepass")
        header = _HEADER.pack(_MAGIC, len(self.ids), next_docno, len(names))
        return b"".join([header, self.docnos.astype("<i8").tobytes(), self.lengths.astype("<i4").tobytes(), names])

    @classmethod
    def unpack(cls, blob: bytes, next_docno: int, count: int) -> DocsState | None:
        """The state in ``blob`` if it was made for a ``docs`` table of this count and next number, else None."""
        if len(blob) < _HEADER.size:
            return None
        magic, stored_count, stored_next, names_size = _HEADER.unpack_from(blob)
        numbers = stored_count * 8
        lengths = stored_count * 4 * len(FIELDS)
        if (magic, stored_count, stored_next) != (_MAGIC, count, next_docno):
            return None
        if len(blob) != _HEADER.size + numbers + lengths + names_size:
            return None
        start = _HEADER.size
        docnos = np.frombuffer(blob, "<i8", stored_count, start).astype(np.int64)
        table = np.frombuffer(blob, "<i4", stored_count * len(FIELDS), start + numbers).reshape(-1, len(FIELDS))
        names = blob[start + numbers + lengths :].decode("utf-8", "surrogatepass")
        ids = names.split(_SEPARATOR) if stored_count else []
        if len(ids) != stored_count or (stored_count and (docnos.min() < 0 or docnos.max() >= next_docno)):
            return None
        return cls(docnos, table.astype(np.int32), ids)

    def patched(self, dropped: Iterable[str], rows: list[tuple]) -> DocsState:
        """This state without the articles ``dropped``, with the new ``docs`` rows appended (their numbers are
        higher than any held)."""
        gone = set(dropped)
        keep = np.fromiter((article_id not in gone for article_id in self.ids), bool, len(self.ids))
        added_numbers = np.array([row[0] for row in rows], np.int64)
        added_lengths = np.array([row[4:] for row in rows], np.int32).reshape(-1, len(FIELDS))
        return DocsState(
            np.concatenate([self.docnos[keep], added_numbers]),
            np.concatenate([self.lengths[keep], added_lengths]),
            [article_id for article_id, kept in zip(self.ids, keep, strict=True) if kept] + [row[1] for row in rows],
        )


def read_rows(db: sqlite3.Connection) -> DocsState:
    """The state read from ``docs`` row by row (what the kept row saves)."""
    rows = db.execute(
        "SELECT docno, article_id, len_title, len_standfirst, len_byline, len_body, len_related FROM docs "
        "ORDER BY docno"
    ).fetchall()
    if not rows:
        return DocsState(np.zeros(0, np.int64), np.zeros((0, len(FIELDS)), np.int32), [])
    numbers = np.array([row[:1] + row[2:] for row in rows], np.int64)
    return DocsState(numbers[:, 0].copy(), numbers[:, 1:].astype(np.int32), [row[1] for row in rows])


def load(db: sqlite3.Connection, next_docno: int) -> DocsState:
    """The state from its kept row when that row matches ``docs``; else read row by row, and kept for next time
    when the index can be written at once (never waiting on another writer: it is only a shortcut)."""
    count = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    found = db.execute("SELECT value FROM state WHERE name = ?", (STATE_ROW,)).fetchone()
    state = DocsState.unpack(bytes(found[0]), next_docno, count) if found else None
    if state is not None:
        return state
    state = read_rows(db)
    if not db.in_transaction:
        waited = db.execute("PRAGMA busy_timeout").fetchone()[0]
        with contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA busy_timeout=0")
            try:
                db.execute("BEGIN IMMEDIATE")
                store(db, state, next_docno)
                db.execute("COMMIT")
            finally:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                db.execute(f"PRAGMA busy_timeout={int(waited)}")
    return state


def store(db: sqlite3.Connection, state: DocsState, next_docno: int) -> None:
    """Keep ``state`` (inside the caller's transaction), or forget the kept row when it cannot be packed."""
    packed = state.pack(next_docno)
    if packed is None:
        db.execute("DELETE FROM state WHERE name = ?", (STATE_ROW,))
    else:
        db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (STATE_ROW, packed))
