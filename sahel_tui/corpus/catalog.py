"""The library's database: one row per article holding its original bytes and its parsed fields.

Why: a folder of copies plus a ``sources.json`` table made every import list the folder and rewrite the table
(quadratic), and every start parse every file. Here an import is a few indexed lookups and one insert inside a
batch transaction; start-up reads rows and never parses; the originals stay inside, compressed, so a newer parser
re-reads them without the user importing anything again.

It is the user's library, so it is opened with the notes store's care: a file that is not ours, is truncated or
comes from a newer sahel-tui is refused untouched with one line saying so; WAL, ``synchronous=FULL``, every write
inside ``BEGIN IMMEDIATE … COMMIT``, the log emptied into the file after each commit. A file another program puts
at the path while a catalog is open (a sync tool, a copy put back) is the library from then on: each use looks at
the file's identity first and opens the new one, so nothing fetched or imported is written to a file nobody will
read again; a library deleted under a running reader refuses every use with one line saying so.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sahel_tui.corpus.catalog_rows import (
    Headline,
    Incoming,
    StaleOriginal,
    Stored,
    article_of_row,
    compressed_original,
    headlines_of_rows,
    inflated,
    parsed_fields,
)
from sahel_tui.corpus.catalog_schema import CATALOG, MIGRATIONS, SCHEMA_VERSION, create
from sahel_tui.corpus.formats import PARSER_VERSION, UNREAD_VERSION
from sahel_tui.model import Article
from sahel_tui.notes.storefile import StoreError, check_header, check_log, empty_log, file_id, set_stale_log_aside
from sahel_tui.sqlbatch import rows_in

BUSY_TIMEOUT_MS = 10_000
READ_BATCH = 512
JOURNAL_KEPT = 200_000
"""Journal rows kept (about 50 bytes each): derived data further behind compares every fingerprint instead."""
IMPORT_CACHE_KIB = 64 * 1024
"""SQLite's page cache while a batch is stored (it inserts into three indexes at random places: hash, origin,
id); reading keeps SQLite's small default, so a long-running reader does not hold the library in memory."""

_NONE_OPEN = (-1, -1)
"""``Catalog._file`` once the replaced file's connection is closed and no new one could be opened yet."""

_FEED_NAME = ("SELECT coalesce(feeds.title, feeds.url) FROM feed_items JOIN feeds ON feeds.id = feed_items.feed_id "
              "WHERE feed_items.article_id = {article} ORDER BY feed_items.feed_id LIMIT 1")  # fmt: skip
"""The name of the feed that sent an article (the first subscribed, for one sent by several)."""
_FIELDS = ("id, origin_kind, title, byline, standfirst, date, source, source_url, encoding, replacements, "
           f"paragraphs, teasers, lang, ({_FEED_NAME.format(article='articles.id')})")  # fmt: skip
"""The parsed fields, and the name of the feed that sent the article (the first subscribed, for one sent by
several)."""


def unreadable_text(article_id: str) -> str:
    """Why an article cannot be given: its stored text does not decode (a damaged row)."""
    return f"the stored text of article {article_id!r} is unreadable"


class CatalogError(StoreError):
    """The catalog cannot be used (or a change was not saved); ``str()`` is the one-line message."""


class Catalog:
    """Open with :meth:`open`. Safe to share between threads; each call takes the connection's lock."""

    def __init__(self, connection: sqlite3.Connection, path: Path, warnings: list[str]) -> None:
        self.path = path
        self.warnings = warnings
        self._db = connection
        self._file = file_id(path)
        self._files_opened = 1
        self._lock = threading.RLock()
        self._log_kept = 0
        """How many :meth:`one_checkpoint` blocks are open: the log is emptied when the last one ends."""
        self._next_number: dict[str, int] = {}

    @classmethod
    def open(cls, path: Path) -> Catalog:
        warnings: list[str] = []
        try:
            if not (path.exists() or path.is_symlink()):
                create(path)
            check_header(path, SCHEMA_VERSION, CATALOG)
            warnings = check_log(path)
            connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        except StoreError as exc:
            raise CatalogError(str(exc)) from None
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise CatalogError(f"{path}: the library catalog cannot be opened ({reason})") from None
        try:
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            catalog = cls(connection, path, warnings)
            catalog._migrate()
            return catalog
        except sqlite3.Error as exc:
            connection.close()
            raise CatalogError(f"{path}: the library catalog cannot be used ({exc}); it was left as it was") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _follow_file(self) -> None:
        """Before each use (the lock held): the library file replaced or deleted by another program."""
        now = file_id(self.path)
        if now == self._file:
            return
        # closed first: what its log still holds goes into the old file, never into the one now at the path
        self._db.close()
        self._file = _NONE_OPEN
        if now is None:
            raise CatalogError(f"{self.path}: the library was deleted by another program while sahel-tui ran; "
                               "nothing more is written to it (start sahel-tui again for a new one)")  # fmt: skip
        try:
            stale = set_stale_log_aside(self.path)
        except OSError as exc:
            raise CatalogError(f"{self.path}: the library was replaced by another program while sahel-tui ran, and "
                               f"the old file's log beside it cannot be moved aside ({exc.strerror or exc}); the new "
                               "library is not read through it") from None  # fmt: skip
        fresh = Catalog.open(self.path)  # if it cannot be used, every use says why, and the next one tries again
        self._db, self._file = fresh._db, fresh._file
        self._files_opened += 1
        self._next_number.clear()
        self.warnings.extend(fresh.warnings)
        if stale is not None:
            self.warnings.append(f"{stale}: the replaced library's log, set aside (the new file is read without it)")

    def _migrate(self) -> None:
        """Take an older catalog to this schema, one version per transaction (version 1 is made by :func:`create`)."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self._writing() as db:
                if db.execute("PRAGMA user_version").fetchone()[0] >= target:
                    continue  # another process migrated it while this one waited for the lock
                for statement in MIGRATIONS[target]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={target}")

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._follow_file()
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise CatalogError(f"{self.path}: the library catalog is busy or cannot be written ({exc})") from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise CatalogError(f"{self.path}: the change was not saved ({exc})") from None
                raise
            if not self._log_kept:
                empty_log(self._db, BUSY_TIMEOUT_MS)

    @contextmanager
    def one_checkpoint(self) -> Iterator[None]:
        """Many writes in a row (a fetch: one per feed) with the log emptied into the file once, at the end,
        instead of after each: every write is committed (and synced) as it is made, only the copy into the file
        waits."""
        with self._lock:
            self._log_kept += 1
        try:
            yield
        finally:
            with self._lock:
                self._log_kept -= 1
                if not self._log_kept:
                    with contextlib.suppress(sqlite3.Error, CatalogError):  # the next write empties it
                        self._follow_file()
                        empty_log(self._db, BUSY_TIMEOUT_MS)

    @contextmanager
    def _big_cache(self) -> Iterator[None]:
        self._follow_file()
        self._db.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            self._db.execute("PRAGMA cache_size=-2000")
            self._db.execute("PRAGMA shrink_memory")

    def transaction(self):
        """``BEGIN IMMEDIATE`` … ``COMMIT`` on the catalog's connection, for the tables kept beside the articles."""
        return self._writing()

    def query(self, sql: str, parameters: Sequence = ()) -> list[tuple]:
        return self._read(sql, parameters)

    def _read(self, sql: str, parameters: Sequence = ()) -> list[tuple]:
        with self._lock:
            self._follow_file()
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.DatabaseError as exc:
                raise CatalogError(f"{self.path}: the library catalog cannot be read ({exc})") from None

    # -- meta ------------------------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._writing() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- reading ---------------------------------------------------------------------------------------------

    def count(self) -> int:
        return self._read("SELECT count(*) FROM articles")[0][0]

    def get(self, article_id: str) -> Article | None:
        rows = self._read(f"SELECT {_FIELDS} FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        try:
            return article_of_row(rows[0])
        except (ValueError, TypeError):
            raise CatalogError(f"{self.path}: {unreadable_text(article_id)}") from None

    def feed_name(self, article_id: str) -> str | None:
        """The name of the feed that sent this article; None for an article no feed sent."""
        rows = self._read(_FEED_NAME.format(article="?"), (article_id,))
        return rows[0][0] if rows else None

    def get_many(self, article_ids: Sequence[str]) -> dict[str, Article | None]:
        """The articles of these ids that the catalog holds (one question per few hundred ids); ``None`` for one
        whose stored text cannot be read (the others are still given)."""
        found: dict[str, Article | None] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), READ_BATCH):
            batch = ids[start : start + READ_BATCH]
            marks = ",".join("?" * len(batch))
            for row in self._read(f"SELECT {_FIELDS} FROM articles WHERE id IN ({marks})", batch):
                try:
                    found[row[0]] = article_of_row(row)
                except (ValueError, TypeError):
                    found[row[0]] = None
        return found

    def articles(self, newest_first: bool = False, limit: int | None = None) -> Iterator[Article]:
        """Every article (or the first ``limit``), oldest or newest first, read in batches (rows, never files)."""
        order, after = ("DESC", "seq < ?") if newest_first else ("ASC", "seq > ?")
        last = (1 << 62) if newest_first else -1
        left = limit if limit is not None else -1
        while left:
            size = READ_BATCH if left < 0 else min(left, READ_BATCH)
            rows = self._read(
                f"SELECT seq, {_FIELDS} FROM articles WHERE {after} ORDER BY seq {order} LIMIT ?", (last, size)
            )
            if not rows:
                return
            for row in rows:
                try:
                    yield article_of_row(row[1:])
                except (ValueError, TypeError):
                    self.warnings.append(f"{self.path}: {unreadable_text(row[1])}; skipped")
            last = rows[-1][0]
            left = left - len(rows) if left > 0 else left

    def headlines(self, limit: int = -1, offset: int = 0) -> list[Headline]:
        """Newest first: what the first screen and ``list`` show, without reading any article's text."""
        sql = f"SELECT {_HEADLINE_FIELDS} FROM articles ORDER BY seq DESC LIMIT ? OFFSET ?"
        with self._lock:
            self._follow_file()
            try:
                return headlines_of_rows(self._db.execute(sql, (limit, offset)))
            except sqlite3.DatabaseError as exc:
                raise CatalogError(f"{self.path}: the library catalog cannot be read ({exc})") from None

    def headlines_of(self, article_ids: Sequence[str]) -> list[Headline]:
        """The headlines of these articles (those in the catalog), newest first: a list taking in what a fetch just
        stored reads these rows, not the whole library's."""
        sql = f"SELECT seq, {_HEADLINE_FIELDS} FROM articles WHERE id IN ({{marks}})"
        with self._lock:
            self._follow_file()
            try:
                rows = sorted(rows_in(self._db, sql, list(article_ids)), reverse=True)
            except sqlite3.DatabaseError as exc:
                raise CatalogError(f"{self.path}: the library catalog cannot be read ({exc})") from None
        return headlines_of_rows(row[1:] for row in rows)

    def changes(self) -> int:
        """A number that changes whenever any connection commits a change to the catalog, or another file is put
        in its place (a new connection's counts start again: the number of files opened keeps them apart)."""
        with self._lock:
            self._follow_file()
            counts = self._db.execute("PRAGMA data_version").fetchone()[0] + self._db.total_changes
            return (self._files_opened << 48) + counts

    def generation(self) -> str:
        """Changes whenever an article is added, removed, or its original or parser changes (by any process): the
        catalog's own id (another catalog in the same place never looks the same), then the newest journal row's
        random token and number."""
        rows = self._read(
            "SELECT (SELECT value FROM meta WHERE key = 'catalog_id'), seq, generation FROM journal "
            "ORDER BY seq DESC LIMIT 1"
        )
        catalog_id, seq, token = rows[0] if rows else ("", 0, "")
        return f"{catalog_id}:{token}:{seq}"

    def changes_since(self, generation: str, limit: int) -> tuple[str, dict[str, str | None]] | None:
        """(the generation now, the fingerprint of every article changed since ``generation`` — None for one
        removed), read in one snapshot; None when that cannot be told — another catalog's generation, one older
        than the journal keeps, one this catalog never had (a backup put back since), or more than ``limit``
        changes — and the caller compares every fingerprint instead."""
        catalog_id, _, rest = generation.partition(":")
        token, _, seq = rest.partition(":")
        if not seq.isdigit():
            return None
        with self._lock:
            self._follow_file()
            try:
                self._db.execute("BEGIN")
                try:
                    return self._changes_since(catalog_id, token, int(seq), limit)
                finally:
                    self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise CatalogError(f"{self.path}: the library catalog cannot be read ({exc})") from None

    def _changes_since(
        self, catalog_id: str, token: str, seq: int, limit: int
    ) -> tuple[str, dict[str, str | None]] | None:
        now = self.generation()
        if now.split(":")[0] != catalog_id:
            return None
        if self._db.execute("SELECT 1 FROM journal WHERE seq = ? AND generation = ?", (seq, token)).fetchone() is None:
            return None
        ids = [row[0] for row in self._db.execute(
            "SELECT DISTINCT article_id FROM journal WHERE seq > ? AND article_id IS NOT NULL LIMIT ?", (seq, limit + 1)
        )]  # fmt: skip
        if len(ids) > limit:
            return None
        changed: dict[str, str | None] = dict.fromkeys(ids)
        question = f"SELECT id, {_TEXT_VERSION}, substr(sha256, 1, 16) FROM articles WHERE id IN ({{marks}})"
        stamps = rows_in(self._db, question, ids)
        changed.update((article_id, _fingerprint(version, digest)) for article_id, version, digest in stamps)
        return now, changed

    def fingerprints(self) -> dict[str, str]:
        """Article id -> a stamp that changes whenever its original changes or a parser reads it differently (for
        derived data)."""
        rows = self._read(f"SELECT id, {_TEXT_VERSION}, substr(sha256, 1, 16) FROM articles")
        return {article_id: _fingerprint(version, digest) for article_id, version, digest in rows}

    def origin_of(self, article_id: str) -> tuple[str, str] | None:
        """(origin kind, origin) of an article, or None if there is no such article."""
        rows = self._read("SELECT origin_kind, origin FROM articles WHERE id = ?", (article_id,))
        return rows[0] if rows else None

    def ids_by_address(self) -> dict[str, str]:
        """Web address (``source_url``) -> article id, for every article that has one (a scan: rare questions)."""
        return dict(self._read("SELECT source_url, id FROM articles WHERE source_url IS NOT NULL ORDER BY seq"))

    def ids_of_kind(self, kind: str) -> dict[str, str]:
        """Article id -> sha256 of every article of one origin kind."""
        return dict(self._read("SELECT id, sha256 FROM articles WHERE origin_kind = ?", (kind,)))

    def stale_count(self, unread_only: bool = False) -> int:
        """How many articles another parser version read, or (``unread_only``) none yet: fetched entries not read
        (a range count over the fingerprints' index)."""
        return self._read(f"SELECT count(*) FROM articles WHERE {_stale(unread_only)}")[0][0]

    def stale(self, limit: int = READ_BATCH, besides: Sequence[str] = (),
              unread_only: bool = False) -> list[StaleOriginal]:  # fmt: skip
        """Originals parsed by another parser version than this one: to parse again; ``besides``: ids left out
        (being parsed already); ``unread_only``: only the fetched entries not read yet."""
        rows = self._read(
            f"SELECT id, origin_kind, suffix, original FROM articles WHERE ({_stale(unread_only)}) "
            "AND id NOT IN (SELECT value FROM json_each(?)) LIMIT ?",
            (json.dumps(list(besides)), limit),
        )
        return [StaleOriginal(aid, kind, suffix, inflated(blob), blob[:1] == b"{") for aid, kind, suffix, blob in rows]

    def unread(self, article_ids: Sequence[str]) -> list[StaleOriginal]:
        """The originals of these articles that were stored by a fetch and not read yet."""
        rows = self._read(
            "SELECT id, origin_kind, suffix, original FROM articles WHERE parser_version = ? "
            "AND id IN (SELECT value FROM json_each(?))",
            (UNREAD_VERSION, json.dumps(list(article_ids))),
        )
        return [StaleOriginal(aid, kind, suffix, inflated(blob), blob[:1] == b"{") for aid, kind, suffix, blob in rows]

    def original(self, article_id: str) -> bytes | None:
        rows = self._read("SELECT original FROM articles WHERE id = ?", (article_id,))
        return inflated(rows[0][0]) if rows else None

    # -- writing ---------------------------------------------------------------------------------------------

    def add(self, batch: Sequence[Incoming],
            then: Callable[[sqlite3.Connection, list[Stored]], None] | None = None) -> list[Stored]:  # fmt: skip
        """Store a batch in one transaction; per item: the same bytes already stored are ``unchanged``, a changed
        original from the same origin ``updated`` under its id, anything else ``imported`` under a free id.
        ``then`` is given the connection and what was stored, to write what goes with them in the same transaction
        (a feed's record of its entries).

        An ``exact_id`` item (a bundled file, a migrated copy) is never deduplicated by content: it is updated by
        origin, or stored under exactly its id, or ``taken``.
        """
        stored: list[Stored] = []
        now = _now()
        with self._lock, self._big_cache(), self._writing() as db:
            for item in batch:
                digest = item.sha256
                same = (
                    None
                    if item.exact_id
                    else db.execute("SELECT id FROM articles WHERE sha256 = ? LIMIT 1", (digest,)).fetchone()
                )
                if same is not None:
                    stored.append(Stored("unchanged", same[0]))
                    continue
                previous = db.execute(
                    "SELECT id FROM articles WHERE origin = ? AND origin_kind = ? LIMIT 1", (item.origin, item.kind)
                ).fetchone()
                if previous is not None:
                    self._update(db, previous[0], item, digest, now)
                    stored.append(Stored("updated", previous[0]))
                    continue
                base = item.wanted_id or item.article.id
                if item.exact_id:
                    if db.execute("SELECT 1 FROM articles WHERE id = ?", (base,)).fetchone():
                        stored.append(Stored("taken", base))
                        continue
                    article_id = base
                else:
                    article_id = self._free_id(db, base)
                self._insert(db, article_id, item, digest, item.added_at or now, now)
                stored.append(Stored("imported", article_id))
            _journal_added(db, [outcome.article_id for outcome in stored if outcome.status == "imported"])
            if then is not None:
                then(db, stored)
            _prune_journal(db)
        return stored

    def replace_parsed(self, parsed: Sequence[Article], originals: Sequence[StaleOriginal] = ()) -> int:
        """Store newly parsed fields for articles already in the catalog (after a parser change); an article read
        exactly as before keeps its fields and its fingerprint (the index and the entity figures have nothing to
        do for it), only noted as read by this parser. Returns how many were read differently. ``originals``:
        those read; the ones a fetch stored uncompressed are compressed now (if still the same)."""
        changed = 0
        with self._writing() as db:
            for original in originals:
                if original.stored_raw:
                    db.execute("UPDATE articles SET original = ? WHERE id = ? AND original = ?",
                               (compressed_original(original.data), original.id, original.data))  # fmt: skip
            for article in parsed:
                fields = parsed_fields(article)
                stored = db.execute(f"SELECT {_PARSED_COLUMNS} FROM articles WHERE id = ?", (article.id,)).fetchone()
                if stored is not None and tuple(stored) == fields:
                    self._note_read(db, article.id)
                    continue
                changed += 1
                db.execute(
                    "UPDATE articles SET parser_version = ?, text_version = NULL, title = ?, byline = ?, "
                    "standfirst = ?, date = ?, source_url = ?, encoding = ?, replacements = ?, paragraphs = ?, "
                    "teasers = ?, lang = ? WHERE id = ?",
                    (PARSER_VERSION, *fields, article.id),
                )
            _prune_journal(db)
        return changed

    def mark_unparseable(self, article_id: str) -> None:
        """An original this parser cannot read: keep it and its old fields, do not try again with this parser."""
        with self._writing() as db:
            self._note_read(db, article_id)

    @staticmethod
    def _note_read(db: sqlite3.Connection, article_id: str) -> None:
        """Read by this parser, its stored reading kept: the version that made that reading stays its text's."""
        db.execute("UPDATE articles SET text_version = coalesce(text_version, parser_version), parser_version = ? "
                   "WHERE id = ?", (PARSER_VERSION, article_id))  # fmt: skip

    def remove(self, article_id: str) -> bool:
        with self._writing() as db:
            return db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def remove_many(self, article_ids: Sequence[str]) -> int:
        """Remove these articles in one transaction; how many were there."""
        with self._writing() as db:
            return sum(db.execute("DELETE FROM articles WHERE id = ?", (aid,)).rowcount for aid in article_ids)

    def _free_id(self, db: sqlite3.Connection, base: str) -> str:
        number = self._next_number.get(base, 1)
        while True:
            candidate = base if number == 1 else f"{base}-{number}"
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone() is None:
                self._next_number[base] = number + 1
                return candidate
            number += 1

    def _insert(self, db, article_id: str, item: Incoming, digest: str, added_at: str, now: str) -> None:
        db.execute(
            "INSERT INTO articles (id, origin_kind, origin, sha256, suffix, original, parser_version, source, title, "
            "byline, standfirst, date, source_url, encoding, replacements, paragraphs, teasers, lang, added_at, "
            "original_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article_id, item.kind, item.origin, digest, item.suffix, item.compressed, _version(item),
             _source_name(article_id, item), *item.stored_fields, added_at, now),
        )  # fmt: skip

    def _update(self, db, article_id: str, item: Incoming, digest: str, now: str) -> None:
        db.execute(
            "UPDATE articles SET sha256 = ?, suffix = ?, original = ?, parser_version = ?, text_version = NULL, "
            "source = ?, title = ?, "
            "byline = ?, standfirst = ?, date = ?, source_url = ?, encoding = ?, replacements = ?, paragraphs = ?, "
            "teasers = ?, lang = ?, original_changed_at = ? WHERE id = ?",
            (digest, item.suffix, item.compressed, _version(item), _source_name(article_id, item),
             *item.stored_fields, now, article_id),
        )  # fmt: skip


def _stale(unread_only: bool) -> str:
    """The rows to read again (range lookups on the fingerprints' index; the versions are the code's constants)."""
    if unread_only:
        return f"parser_version = {UNREAD_VERSION}"
    return f"parser_version < {PARSER_VERSION} OR parser_version > {PARSER_VERSION}"


def _version(item: Incoming) -> int:
    return UNREAD_VERSION if item.unread else PARSER_VERSION


def _source_name(article_id: str, item: Incoming) -> str:
    """The file name shown as an article's source: a bundled file's own name, ``<id><ext>`` for an import."""
    return item.article.source if item.kind in ("bundled", "feed") else f"{article_id}{item.suffix}"


_HEADLINE_FIELDS = "id, title, byline, date, source, origin_kind = 'bundled', origin_kind = 'feed'"


def _journal_added(db: sqlite3.Connection, article_ids: list[str]) -> None:
    """A journal row for each article added, each with a fresh generation, as the triggers write one for each
    article removed or changed (schema version 14)."""
    db.executemany("INSERT INTO journal (article_id, generation) VALUES (?, lower(hex(randomblob(12))))",
                   [(article_id,) for article_id in article_ids])  # fmt: skip


def _prune_journal(db: sqlite3.Connection) -> None:
    """Keep the newest :data:`JOURNAL_KEPT` journal rows (a range delete on the primary key: nothing when there
    are fewer)."""
    db.execute("DELETE FROM journal WHERE seq < (SELECT max(seq) FROM journal) - ?", (JOURNAL_KEPT,))


_TEXT_VERSION = "coalesce(text_version, parser_version)"
"""The parser version whose reading of an article is stored: fingerprints are made of it (see schema 13)."""
_PARSED_COLUMNS = "title, byline, standfirst, date, source_url, encoding, replacements, paragraphs, teasers, lang"
"""The stored fields a parser makes, in :func:`parsed_fields`' order."""


def _fingerprint(parser_version: int, digest: str) -> str:
    return f"p{parser_version}:{digest}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
