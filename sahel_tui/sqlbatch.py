"""Asking SQLite about many keys at once: ``… WHERE key IN (…)`` in batches under its limit on parameters.

Why a module: the catalog, the search index and the entity figures each ask about the few hundred articles or
words a change touched. One question per key was most of an add; one question for all of them can pass SQLite's
limit on bound parameters (32,766).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

BATCH = 500


def rows_in(db: sqlite3.Connection, sql: str, keys: Sequence, batch: int = BATCH) -> Iterator[tuple]:
    """The rows ``sql`` returns for ``keys``, asked ``batch`` keys at a time; ``{marks}`` in ``sql`` is where the
    placeholders go (``SELECT id, title FROM articles WHERE id IN ({marks})``)."""
    for start in range(0, len(keys), batch):
        chunk = keys[start : start + batch]
        yield from db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)
