"""The notes database's tables, and the migrations that bring an older file up to date (one per transaction,
after a backup copy: see :mod:`sahel_tui.notes.store`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

TABLES_V1 = {
    "bookmarks": "CREATE TABLE bookmarks (article_id TEXT PRIMARY KEY, created TEXT NOT NULL)",
    "annotations": """CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""",
    "reading": """CREATE TABLE reading (
            article_id TEXT PRIMARY KEY,
            read INTEGER NOT NULL DEFAULT 0,
            position INTEGER,
            updated TEXT NOT NULL
        )""",
}
INDEXES_V1 = {"annotations_by_article": "CREATE INDEX annotations_by_article ON annotations (article_id)"}


def _schema_v1(db: sqlite3.Connection) -> None:
    for statement in (*TABLES_V1.values(), *INDEXES_V1.values()):
        db.execute(statement)


TABLES_V2 = {
    "searches": """CREATE TABLE searches (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            query TEXT NOT NULL,
            created TEXT NOT NULL
        )""",
    "queries": "CREATE TABLE queries (query TEXT PRIMARY KEY, used TEXT NOT NULL)",
}
"""Saved searches (newsboat's query feeds): a query the reader comes back to, under a name; and the queries typed
lately (``↑`` in the search box brings them back), each once, with when it was last used."""


def _schema_v2(db: sqlite3.Connection) -> None:
    for statement in TABLES_V2.values():
        db.execute(statement)


TABLES = {**TABLES_V1, **TABLES_V2}
"""Every table of the current schema (one dropped by damage or by hand is made again, empty)."""

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_schema_v1, _schema_v2]
"""``MIGRATIONS[n]`` takes the schema from version n to n + 1; the length is the current schema version."""
