"""The notes database: bookmarks, annotations and reading state in one SQLite file under the config dir.

Rules that keep the user's work safe:
- A file is checked by reading its header bytes *before* SQLite opens it for writing. Not our database, empty,
  truncated, damaged, or from a newer sahel-tui: refused with one message naming the file, the problem and what
  to do; its bytes are left exactly as they were. A fresh database is only ever created where no file exists.
- WAL journal (read back and checked), ``synchronous=FULL``, a busy timeout, and every write inside
  ``BEGIN IMMEDIATE … COMMIT``: a method returns (and the UI may say "saved") only after COMMIT returned.
- Schema migrations run one per transaction, after a backup copy of the file is made.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from sahel_tui.notes.anchor import Selector
from sahel_tui.notes.marks import MarksMixin
from sahel_tui.notes.records import (
    COLUMNS,
    Annotation,
    annotation_from_row,
    clean_tags,
    now_stamp,
)
from sahel_tui.notes.replaced import copy_aside
from sahel_tui.notes.schema import INDEXES_V1, MIGRATIONS, TABLES
from sahel_tui.notes.searches import SearchesMixin
from sahel_tui.notes.storefile import (
    APPLICATION_ID,
    StoreError,
    check_header,
    check_log,
    empty_log,
    file_id,
    set_stale_log_aside,
)

BUSY_TIMEOUT_MS = 10_000
WRITE_ATTEMPTS = 5


@dataclass
class NotesStore(MarksMixin, SearchesMixin):
    """Open with :meth:`open`; every method that changes something has committed when it returns."""

    path: Path
    _db: sqlite3.Connection
    _lock: threading.RLock = field(default_factory=threading.RLock)
    warnings: list[str] = field(default_factory=list)
    """What was found and repaired when the store was opened (one line each), for the user to be told."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(annotation id, reason) for each row the last listing could not read; everything else was listed."""
    _shm_id: tuple[int, int] | None = None
    """The ``-shm`` file this connection maps, to notice when another program deletes it."""
    _db_id: tuple[int, int] | None = None
    """The database file this connection opened (device, inode): another file at the path means it was replaced."""
    replaced_copies: list[Path] = field(default_factory=list)
    """Copies of what this store held when its file was replaced under it, still to be merged into the file now
    at the path (:func:`sahel_tui.notes.importing.take_in_replaced`)."""
    _gone: str | None = None
    """Why nothing more can be read or written: the file was deleted, or the one put in its place is unusable."""
    _data_version: int | None = None
    """SQLite's count of commits made by other connections, when last looked at (:meth:`changed_elsewhere`)."""

    # -- opening ----------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> NotesStore:
        path = Path(path)
        if path.is_symlink() and not path.exists():
            raise StoreError(
                f"{path}: is a link to {path.readlink()}, which cannot be reached (an unmounted drive?); "
                "no new notes database was made in its place — reconnect it, or remove the link to start afresh"
            )
        if path.exists():
            check_header(path, len(MIGRATIONS))
        else:
            cls._create(path)
        found = check_log(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the notes database ({_reason(exc)})") from None
        try:
            store = cls(path, db, warnings=found, _db_id=file_id(path))
            store._check_integrity()
            store._configure()
            store._shm_id = file_id(store._shm_path)  # before the first write: its log index is this connection's
            store._migrate()
            store._restore_missing_tables()
            store._shm_id = file_id(store._shm_path)
        except StoreError:
            db.close()
            raise
        except sqlite3.Error as exc:
            db.close()
            raise StoreError(f"{path}: cannot use the notes database ({_reason(exc)})") from None
        return store

    @classmethod
    def _create(cls, path: Path) -> None:
        """A new, complete database built beside ``path`` and renamed into place: never a half-made file."""
        fresh = path.with_name(f".{path.name}.new")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh.unlink(missing_ok=True)
            db = sqlite3.connect(fresh, isolation_level=None)
            try:
                with _transaction(db):
                    for migration in MIGRATIONS:
                        migration(db)
                    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version={len(MIGRATIONS)}")
            finally:
                db.close()
            fresh.replace(path)
        except (OSError, sqlite3.Error) as exc:
            fresh.unlink(missing_ok=True)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else _reason(exc)
            raise StoreError(f"{path}: cannot create the notes database ({reason})") from None

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(StoreError):  # a file gone or unusable: already said, nothing left to do
                self._follow_files()
            self._db.close()

    @property
    def _shm_path(self) -> Path:
        return self.path.with_name(self.path.name + "-shm")

    def _follow_files(self) -> None:
        """Before each use: the database file replaced or deleted, its ``-shm`` file deleted, by another program."""
        if self._gone is None and file_id(self.path) != self._db_id:
            self._open_the_new_file()
        if self._gone is not None:
            raise StoreError(self._gone)
        self._reconnect_if_shm_replaced()

    def _open_the_new_file(self) -> None:
        """See :mod:`sahel_tui.notes.replaced`: what this connection holds is copied aside first, whatever comes."""
        try:
            aside = copy_aside(self._db, self.path)
        except (OSError, sqlite3.Error) as exc:
            self._gone = (f"{self.path} was replaced or deleted by another program while sahel-tui ran, and the notes "
                          f"this reader had could not be copied aside ({exc}); nothing more is written")  # fmt: skip
            return
        self._db.close()
        try:
            stale = set_stale_log_aside(self.path)
        except OSError as exc:
            self._gone = (f"{self.path} was replaced by another program while sahel-tui ran, and the old file's log "
                          f"beside it cannot be moved aside ({exc.strerror or exc}), so the new file is not read "
                          f"through it; this reader's notes: {aside}")  # fmt: skip
            return
        try:
            fresh = NotesStore.open(self.path) if self.path.exists() else None
        except StoreError as exc:
            fresh, self._gone = None, f"{exc} (it was put there while sahel-tui ran; this reader's notes: {aside})"
        if fresh is None:
            self._gone = self._gone or (f"{self.path} was deleted while sahel-tui ran; the notes this reader had "
                                        f"are kept in {aside}; nothing more is written")  # fmt: skip
            return
        self._db, self._db_id, self._shm_id = fresh._db, fresh._db_id, fresh._shm_id
        self._data_version = None  # another connection's data: the watch must look again
        self.warnings.extend(fresh.warnings)
        if stale is not None:
            self.warnings.append(f"{stale}: the replaced notes file's log, set aside (this reader's notes, which it "
                                 f"held, are in {aside})")  # fmt: skip
        self.replaced_copies.append(aside)

    def _reconnect_if_shm_replaced(self) -> None:
        """Another program deleted (or replaced) the ``-shm`` file while this store was open.

        This connection's view of the write-ahead log is then stale: another process (a CLI command) may have
        committed notes that only the new ``-shm`` knows. Writing through the stale view would overwrite them,
        and closing would checkpoint the stale view and delete the log with them in it. So: copy the log aside,
        close (its checkpoint can only copy what this view knows, which the log still holds), put the log back
        if closing removed it, and open afresh — the new connection rebuilds its index from the whole log.
        """
        current = file_id(self._shm_path)
        if current == self._shm_id:
            return
        wal = self.path.with_name(self.path.name + "-wal")
        rescue = self.path.with_name(f"{self.path.name}-wal.{os.getpid()}.rescue")
        try:
            if wal.exists():
                shutil.copyfile(wal, rescue)
                with rescue.open("rb+") as handle:
                    os.fsync(handle.fileno())
            self._db.close()
            if rescue.exists() and not wal.exists():
                rescue.replace(wal)
                self._shm_path.unlink(missing_ok=True)  # an index of the log as it was: rebuilt from the log
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)  # fmt: skip
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: the notes database's shared-memory file was deleted and it could not "
                             f"be reopened safely ({exc}); the log is kept at {rescue}") from None  # fmt: skip
        rescue.unlink(missing_ok=True)
        self._db = db
        self._configure()
        self._shm_id = file_id(self._shm_path)
        self.warnings.append(f"{self.path}-shm was deleted while sahel-tui ran; the notes database was reopened "
                             "and nothing was lost")  # fmt: skip

    def _configure(self) -> None:
        self._db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{self.path}: the notes database could not switch to WAL mode (got {mode!r})")
        self._db.execute("PRAGMA synchronous=FULL")
        self._data_version = self._db.execute("PRAGMA data_version").fetchone()[0]
        self._db.execute("PRAGMA foreign_keys=ON")

    def _check_integrity(self) -> None:
        result = self._db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise StoreError(
                f"{self.path}: the notes database is damaged ({result}); it was left untouched — "
                "restore a backup or an export (sahel-tui import-notes)"
            )

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: written by a newer sahel-tui (notes schema {version}; this version knows "
                f"{len(MIGRATIONS)}); upgrade sahel-tui — the file was left untouched"
            )
        if version < len(MIGRATIONS):
            self._backup(f"pre-v{version + 1}")
        for target in range(version + 1, len(MIGRATIONS) + 1):
            with self._write() as db:
                MIGRATIONS[target - 1](db)
                db.execute(f"PRAGMA user_version={target}")

    def _restore_missing_tables(self) -> None:
        """A table dropped by damage or by hand is made again (empty), after a backup copy; the user is told."""
        present = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [name for name in TABLES if name not in present]
        if not missing:
            return
        backup = self._backup("missing-tables")
        with self._write() as db:
            for name in missing:
                db.execute(TABLES[name])
            if "annotations" in missing:
                db.execute(INDEXES_V1["annotations_by_article"])
        self.warnings.append(
            f"{self.path}: the table(s) {', '.join(missing)} were missing and were made again, empty; "
            f"a copy of the file as it was is at {backup}"
        )

    def _backup(self, label: str) -> Path:
        target = self.path.with_name(f"{self.path.name}.{label}.{datetime.now(UTC):%Y%m%dT%H%M%S}.bak")
        copy = sqlite3.connect(target)
        try:
            self._db.backup(copy)
        finally:
            copy.close()
        return target

    # -- writing ----------------------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; waits out other writers, and raises StoreError if nothing was saved."""
        with self._lock:
            self._follow_files()
            for attempt in range(WRITE_ATTEMPTS):
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.Error as exc:
                    busy = isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))
                    if not busy:
                        raise StoreError(f"{self.path}: not saved ({_reason(exc)})") from None
                    if attempt == WRITE_ATTEMPTS - 1:
                        raise StoreError(f"{self.path}: not saved (another sahel-tui kept the notes busy)") from None
                    time.sleep(0.05 * (attempt + 1))
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self.path}: not saved ({_reason(exc)})") from None
                raise
            empty_log(self._db, BUSY_TIMEOUT_MS)

    # -- annotations ------------------------------------------------------------------------------------------

    def add_annotation(
        self, article_id: str, selector: Selector, note: str = "", tags: tuple[str, ...] = (), id: str | None = None
    ) -> Annotation:
        now = now_stamp()
        annotation = Annotation(id or str(uuid.uuid4()), article_id, selector, note, clean_tags(tags), now, now)
        with self._write() as db:
            db.execute(
                "INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    annotation.id, article_id, selector.quote, selector.prefix, selector.suffix, selector.start,
                    selector.end, selector.text_hash, note, json.dumps(list(annotation.tags)), now, now,
                ),
            )  # fmt: skip
        return annotation

    def put_annotation(self, annotation: Annotation) -> bool:
        """Insert an annotation with its own id and times (import); returns False if that id is already stored."""
        s = annotation.selector
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    annotation.id, annotation.article_id, s.quote, s.prefix, s.suffix, s.start, s.end, s.text_hash,
                    annotation.note, json.dumps(list(annotation.tags)), annotation.created, annotation.updated,
                ),
            )  # fmt: skip
        return cursor.rowcount == 1

    def replace_annotation(self, annotation: Annotation) -> None:
        """Overwrite the stored annotation of the same id with ``annotation`` whole (an import's newer version)."""
        s = annotation.selector
        with self._write() as db:
            db.execute(
                "UPDATE annotations SET article_id=?, quote=?, prefix=?, suffix=?, start=?, end=?, text_hash=?, "
                "note=?, tags=?, created=?, updated=? WHERE id=?",
                (
                    annotation.article_id, s.quote, s.prefix, s.suffix, s.start, s.end, s.text_hash, annotation.note,
                    json.dumps(list(annotation.tags)), annotation.created, annotation.updated, annotation.id,
                ),
            )  # fmt: skip

    def edit_annotation(
        self,
        annotation_id: str,
        note: str | None = None,
        tags: tuple[str, ...] | None = None,
        base: Annotation | None = None,
    ) -> Annotation | None:
        """The annotation with its note and tags changed (KeyError if it is not stored). ``base``: the version an
        editor started from — the change is written only while the stored note and tags are still the base's, and
        None is returned when another reader or command changed them meanwhile (nothing written: the caller keeps
        both). A change to what is stored already writes nothing and returns the stored annotation."""
        with self._write() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            try:
                current = annotation_from_row(row) if row is not None else None
            except ValueError:
                current = None
            if current is None:
                raise KeyError(annotation_id)
            wanted = (current.note if note is None else note, current.tags if tags is None else clean_tags(tags))
            if (current.note, current.tags) == wanted:
                return current
            if base is not None and (current.note, current.tags) != (base.note, base.tags):
                return None
            changed = replace(current, note=wanted[0], tags=wanted[1], updated=now_stamp())
            db.execute(
                "UPDATE annotations SET note = ?, tags = ?, updated = ? WHERE id = ?",
                (changed.note, json.dumps(list(changed.tags)), changed.updated, annotation_id),
            )
        return changed

    def move_annotation(self, annotation_id: str, selector: Selector) -> None:
        """Record where a re-anchored passage is now (quote, context and offsets), so the next open is exact."""
        with self._write() as db:
            db.execute(
                "UPDATE annotations SET quote=?, prefix=?, suffix=?, start=?, end=?, text_hash=? WHERE id=?",
                (selector.quote, selector.prefix, selector.suffix, selector.start, selector.end,
                 selector.text_hash, annotation_id),
            )  # fmt: skip

    def delete_annotation(self, annotation_id: str) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,)).rowcount == 1

    def changed_elsewhere(self) -> bool:
        """Whether another connection — another sahel-tui, the command line — committed a change since the last
        call, or since the store was opened; this connection's own writes do not count."""
        with self._read() as db:
            version = db.execute("PRAGMA data_version").fetchone()[0]
        changed = version != self._data_version
        self._data_version = version
        return changed

    def annotation(self, annotation_id: str) -> Annotation | None:
        with self._read() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
        if row is None:
            return None
        try:
            return annotation_from_row(row)
        except ValueError:
            return None

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """One article's annotations in reading order, or every annotation (by article, then position).

        A row that cannot be read (damaged inside, which SQLite's checks cannot see) is left out and listed in
        :attr:`unreadable` with its id and the reason; every other row is returned.
        """
        with self._read() as db:
            if article_id is None:
                rows = db.execute(f"SELECT {COLUMNS} FROM annotations ORDER BY article_id, start, created").fetchall()
            else:
                rows = db.execute(
                    f"SELECT {COLUMNS} FROM annotations WHERE article_id = ? ORDER BY start, created", (article_id,)
                ).fetchall()
        found, unreadable = [], []
        for row in rows:
            try:
                found.append(annotation_from_row(row))
            except ValueError as exc:
                unreadable.append((str(row[0]), str(exc)))
        self.unreadable = unreadable
        return found

    def unreadable_lines(self) -> list[str]:
        """One line per row the last listing left out, naming the file, the annotation and the reason."""
        return [
            f"{self.path}: annotation {aid} cannot be read ({why}); it was left out" for aid, why in self.unreadable
        ]

    def annotation_counts(self) -> dict[str, int]:
        with self._read() as db:
            rows = db.execute("SELECT article_id, count(*) FROM annotations GROUP BY article_id").fetchall()
        return {str(aid): int(count) for aid, count in rows}

    def search_annotations(self, query: str, limit: int = 50) -> list[Annotation]:
        """Annotations whose note, quote or tags fuzzily match ``query`` (best first)."""
        everything = self.annotations()
        if not query.strip():
            return everything[:limit]
        haystacks = [f"{a.note} {' '.join(a.tags)} {a.quote}" for a in everything]
        found = process.extract(
            query, haystacks, scorer=fuzz.partial_ratio, processor=utils.default_process, limit=limit, score_cutoff=70
        )
        return [everything[index] for _, _, index in found]

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """Run a query; any SQLite failure becomes a StoreError naming the file (never a crash of the caller)."""
        with self._lock:
            self._follow_files()
            try:
                yield self._db
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the notes ({_reason(exc)})") from None


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
            db.execute("ROLLBACK")
        raise


def _reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return "the notes folder or file is read-only"
    if "disk I/O" in text or "full" in text:
        return f"{text}: is the disk full?"
    if "not a database" in text or "malformed" in text:
        return f"{text}: the file is damaged"
    return text
