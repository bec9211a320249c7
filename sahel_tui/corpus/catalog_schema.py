"""The library catalog's tables, as made new and as migrated from every earlier version.

Why apart from :mod:`catalog`: the schema's history (what each version added and why) is read when the tables
change; the catalog's reading and writing are read every other time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

from sahel_tui.notes.storefile import DatabaseKind

CATALOG_ID = 0x5348434C
"""``PRAGMA application_id``: "SHCL", a sahel-tui library catalog."""
CATALOG = DatabaseKind("library catalog", "articles", CATALOG_ID)
SCHEMA_VERSION = 14

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    origin_kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    suffix TEXT NOT NULL,
    original BLOB NOT NULL,
    parser_version INTEGER NOT NULL,
    title TEXT NOT NULL,
    byline TEXT,
    standfirst TEXT,
    date TEXT,
    lang TEXT,
    source TEXT NOT NULL,
    source_url TEXT,
    encoding TEXT NOT NULL,
    replacements INTEGER NOT NULL,
    paragraphs TEXT NOT NULL,
    teasers TEXT NOT NULL,
    added_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX articles_by_hash ON articles (sha256);
CREATE INDEX articles_by_origin ON articles (origin);
"""


def _generation_triggers(new_value: str) -> list[str]:
    """Triggers that set the catalog's generation to ``new_value`` (SQL) whenever an article is added or removed,
    or its id, parser version or original changes: what fingerprints are made of."""
    return [
        f"CREATE TRIGGER articles_generation_{event.split()[0].lower()} AFTER {event} ON articles BEGIN "
        f"UPDATE meta SET value = {new_value} WHERE key = 'generation'; END"
        for event in ("INSERT", "DELETE", "UPDATE OF id, parser_version, sha256")
    ]


def _journal_triggers() -> list[str]:
    """Triggers that write a journal row, with a fresh random generation, for each article added or removed and
    each change of an id, parser version or original (what fingerprints are made of); a changed id journals both
    its old and its new id."""
    entry = "INSERT INTO journal (article_id, generation) VALUES ({}, lower(hex(randomblob(12))));"
    return [
        f"CREATE TRIGGER articles_journal_insert AFTER INSERT ON articles BEGIN {entry.format('NEW.id')} END",
        f"CREATE TRIGGER articles_journal_delete AFTER DELETE ON articles BEGIN {entry.format('OLD.id')} END",
        "CREATE TRIGGER articles_journal_update AFTER UPDATE OF id, parser_version, sha256 ON articles BEGIN "
        f"{entry.format('OLD.id')} "
        "INSERT INTO journal (article_id, generation) SELECT NEW.id, lower(hex(randomblob(12))) "
        "WHERE NEW.id IS NOT OLD.id; END",
    ]


_JOURNAL_UPDATE_V13 = (
    "CREATE TRIGGER articles_journal_update AFTER UPDATE OF id, parser_version, text_version, sha256 ON articles "
    "WHEN NEW.id IS NOT OLD.id OR NEW.sha256 IS NOT OLD.sha256 "
    "OR coalesce(NEW.text_version, NEW.parser_version) IS NOT coalesce(OLD.text_version, OLD.parser_version) BEGIN "
    "INSERT INTO journal (article_id, generation) VALUES (OLD.id, lower(hex(randomblob(12)))); "
    "INSERT INTO journal (article_id, generation) SELECT NEW.id, lower(hex(randomblob(12))) "
    "WHERE NEW.id IS NOT OLD.id; END"
)
"""Version 13's journal of an article's change: only a change of what its fingerprint is made of (its id, its
original, the parser version whose reading is stored) — not a newer parser's visit that found nothing to change."""

MIGRATIONS = {
    2: ["CREATE INDEX articles_headlines ON articles (seq, id, title, byline, date, source, origin_kind)"],
    3: [
        """CREATE TABLE feeds (
            id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT, site_url TEXT,
            tags TEXT NOT NULL DEFAULT '[]', full_text INTEGER NOT NULL DEFAULT 0, enabled INTEGER NOT NULL DEFAULT 1,
            etag TEXT, last_modified TEXT, last_fetch TEXT, last_status TEXT, last_error TEXT, retry_after TEXT,
            added_at TEXT NOT NULL)""",
        """CREATE TABLE feed_items (
            feed_id INTEGER NOT NULL, entry_key TEXT NOT NULL, article_id TEXT NOT NULL, entry_sha TEXT NOT NULL,
            seen_at TEXT NOT NULL, PRIMARY KEY (feed_id, entry_key))""",
        "CREATE INDEX feed_items_by_article ON feed_items (article_id)",
    ],
    4: ["CREATE INDEX articles_by_parser ON articles (parser_version)"],
    5: [
        # kind first, with the origin: both "the bundled articles" and "this file's article" are exact lookups. An
        # index on the kind alone (a handful of values; briefly in version 4) made SQLite pick it for the origin
        # lookup: a scan of the library per import.
        "DROP INDEX IF EXISTS articles_by_kind",
        "CREATE INDEX articles_by_kind_origin ON articles (origin_kind, origin)",
    ],
    6: [
        # parser version first: the stale-rows question stays a range lookup, and the fingerprints of every
        # article a scan of this small index; it replaces version 4's index on the parser version alone
        "CREATE INDEX articles_fingerprints ON articles (parser_version, id, sha256)",
        "DROP INDEX IF EXISTS articles_by_parser",
    ],
    7: [
        "INSERT OR REPLACE INTO meta VALUES ('catalog_id', lower(hex(randomblob(16))))",
        "INSERT OR REPLACE INTO meta VALUES ('generation', '0')",
        *_generation_triggers("CAST(value AS INTEGER) + 1"),
    ],
    8: [
        # a fresh random token per change, not a count: a catalog restored from a backup and changed again can
        # come back to a count it had before, with other articles; it cannot come back to a token
        *(f"DROP TRIGGER IF EXISTS articles_generation_{event}" for event in ("insert", "delete", "update")),
        *_generation_triggers("lower(hex(randomblob(12)))"),
    ],
    9: ["ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER"],
    10: [
        # the generation becomes the newest row of a journal of changes: which article each change touched, so
        # derived data can take in just those; its first row carries on the generation the catalog had
        "CREATE TABLE journal (seq INTEGER PRIMARY KEY, article_id TEXT, generation TEXT NOT NULL)",
        "INSERT INTO journal (article_id, generation) SELECT NULL, value FROM meta WHERE key = 'generation'",
        "INSERT INTO journal (article_id, generation) SELECT NULL, lower(hex(randomblob(12))) "
        "WHERE NOT EXISTS (SELECT 1 FROM journal)",
        "DELETE FROM meta WHERE key = 'generation'",
        *(f"DROP TRIGGER IF EXISTS articles_generation_{event}" for event in ("insert", "delete", "update")),
        *_journal_triggers(),
    ],
    11: ["DROP INDEX IF EXISTS articles_by_origin"],
    12: ["CREATE INDEX feed_items_by_feed ON feed_items (feed_id, article_id)"],
    13: [
        # the parser version whose reading is stored (NULL: the one that read it last); a newer parser that reads
        # an article exactly as before leaves it, and with it the fingerprint: derived data is not made again
        "ALTER TABLE articles ADD COLUMN text_version INTEGER",
        "DROP INDEX IF EXISTS articles_fingerprints",
        "CREATE INDEX articles_fingerprints ON articles (parser_version, id, sha256, text_version)",
        "DROP TRIGGER IF EXISTS articles_journal_update",
        _JOURNAL_UPDATE_V13,
    ],
    14: [
        "DROP TRIGGER IF EXISTS articles_journal_insert",
        # a sahel-tui of version 13 still running (started before an upgrade) would add articles unjournaled, and
        # no index would ever take them in: the column its inserts name is renamed, so they fail, and say so
        "ALTER TABLE articles RENAME COLUMN changed_at TO original_changed_at",
    ],
}
"""``MIGRATIONS[n]``: the statements taking the schema from version n - 1 to n. Version 2: headlines are read from
a covering index, never from the rows that hold the text (a long list reads a few MB, not the library).
Version 3: subscriptions (``feeds``) and which feed sent which article (``feed_items``), beside the articles, so
a fetch stores entries and their links in one transaction. Versions 4 and 5: the questions every start asks (rows
left by another parser version, the bundled articles) are index lookups, not scans of the library. Version 6:
the fingerprints every search and every start compare derived data with come from a covering index too (at 100k
articles the rows are 600 MB; the index a few). Versions 7 and 8: a generation, a random token that triggers
renew on every change to what fingerprints are made of, and an id for this catalog: derived data that recorded
the generation it was brought up to date with needs no comparison of fingerprints while nothing changed.
Version 9: how long a feed says its content keeps (RSS ``<ttl>``, the syndication module's update period).
Version 10: a journal of changes (see :meth:`Catalog.changes_since`): adding articles to a big library costs what
is added, not a comparison of every article's fingerprint. Version 11: the index on the origin alone goes (version
5's on kind and origin answers every lookup; each import wrote both). Version 12: a feed's articles are read from
a covering index (opening a feed of 10,000 read its rows one by one: 30 ms). Version 13: the parser version
whose reading is stored (``text_version``) apart from the last one that read the original: fingerprints are made
of the first, so a newer parser costs the index and the entity figures only the articles it reads differently.
Version 14: an article added is journaled by :meth:`Catalog.add` itself, a statement per batch, not by a trigger
per row (a trigger makes SQLite keep a statement journal of every page each insert touches: 7 % of a fetch of
10,000 entries); removals and changes are still journaled by their triggers. ``changed_at`` is renamed
``original_changed_at``: an older sahel-tui still running when the library is taken to version 14 relied on the
trigger, and its inserts, unjournaled, would never reach the index; they now fail with a message (the entries of
a fetch are then fetched again by the next one) instead."""


def create(path: Path) -> None:
    """A new, complete catalog built beside ``path`` and linked into place only if ``path`` is still free: never a
    half-made file, and never over a catalog another process made a moment earlier (it may already hold imports)."""
    fresh = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.new")
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh.unlink(missing_ok=True)
    db = sqlite3.connect(fresh, isolation_level=None)
    try:
        db.execute("BEGIN")
        for statement in filter(str.strip, _SCHEMA_V1.split(";")):
            db.execute(statement)
        db.execute(f"PRAGMA application_id={CATALOG_ID}")
        db.execute("PRAGMA user_version=1")
        db.execute("COMMIT")
        db.close()
        with contextlib.suppress(FileExistsError):  # made by another process meanwhile: that one is used
            os.link(fresh, path)
    finally:
        db.close()
        fresh.unlink(missing_ok=True)
