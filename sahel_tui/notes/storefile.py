"""Checks of the notes database's files made before SQLite touches them.

SQLite, given a file that is not quite what it expects, may "repair" it: start a fresh database over an empty
file, or drop the part of the write-ahead log it cannot read and then delete the log. Here the header bytes are
read first (not SQLite, another application's, truncated, newer) and the log is checked; what could lose notes
is refused untouched, or copied aside before opening, with one message naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sahel_tui.notes.walcheck import check_wal

APPLICATION_ID = 0x5348454C
"""``PRAGMA application_id``: "SHEL". Tells a sahel-tui notes database from any other SQLite file."""
SQLITE_MAGIC = b"SQLite format 3\x00"


def file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a file, or None when it is not there: tells the file an open connection reads from one
    another program has since put at its path."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def set_stale_log_aside(path: Path) -> Path | None:
    """Called once another program has put a new file at ``path`` and this process's connection to the old one is
    closed: a write-ahead log still beside it holding changes (more than its 32-byte header) is the old file's —
    SQLite will not empty the log of a file that was moved, and another reader may have kept it from being emptied
    — and a connection opened now would read its pages over the new file's. It is renamed aside with its index
    (``…-wal.stale-<time>``), kept, never deleted; returns its new name, or None when there was nothing to set
    aside. Raises OSError when it cannot be moved."""
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size <= 32:
            return None
    except OSError:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    aside = wal.with_name(f"{wal.name}.stale-{stamp}")
    wal.rename(aside)
    shm = path.with_name(path.name + "-shm")
    if shm.exists():
        shm.rename(shm.with_name(f"{shm.name}.stale-{stamp}"))
    return aside


def empty_log(db: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """After a commit, the log copied into the database file and emptied — unless another connection is reading
    it (never waited for). The file on disk is then whole between changes: a copy of it alone is a complete
    backup, and a program that replaces it (a sync tool, a restored copy) leaves no log of the old file behind to
    be applied to the new one by the next process that opens it."""
    try:
        db.execute("PRAGMA busy_timeout=0")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlite3.Error:
        pass  # committed already: the log stays valid, and the next commit tries again
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")


class StoreError(Exception):
    """Why the notes database cannot be used or a change was not saved; ``str()`` is the one-line message."""


@dataclass(frozen=True)
class DatabaseKind:
    """What a checked file should be: its name in messages, what it holds, its ``PRAGMA application_id``."""

    name: str
    holds: str
    application_id: int


_START_AFRESH = "restore a backup there, or move the file away and a new one is started"

NOTES_DATABASE = DatabaseKind("notes database", "notes", APPLICATION_ID)


def check_header(path: Path, known_version: int, kind: DatabaseKind = NOTES_DATABASE) -> None:
    """Refuse, without writing a byte, a file that cannot be a sahel-tui database of this ``kind``."""
    try:
        if not path.is_file():
            raise StoreError(f"{path}: is not a regular file; move it away so sahel-tui can keep {kind.holds} there")
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the {kind.name} ({exc.strerror or exc})") from None
    if size == 0:
        raise StoreError(
            f"{path}: the {kind.name} is empty (0 bytes) where {kind.holds} were expected; it was left untouched — "
            "restore a backup, or delete it to start a new one"
        )
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{path}: is not a sahel-tui {kind.name} (not an SQLite file); it was left untouched — {_START_AFRESH}"
        )
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    user_version, application_id = struct.unpack(">iI", header[60:64] + header[68:72])
    if application_id != kind.application_id:
        raise StoreError(
            f"{path}: this SQLite file is not a sahel-tui {kind.name}; it was left untouched — {_START_AFRESH}"
        )
    if user_version > known_version:
        raise StoreError(
            f"{path}: written by a newer sahel-tui ({kind.holds} schema {user_version}; this version knows "
            f"{known_version}); upgrade sahel-tui — the file was left untouched"
        )
    wal = path.with_name(path.name + "-wal")
    count_is_valid = header[92:96] == header[24:28]  # "version-valid-for" matches the change counter
    pending_wal = wal.exists() and wal.stat().st_size > 0
    if count_is_valid and page_count and size < page_count * page_size and not pending_wal:
        raise StoreError(
            f"{path}: the {kind.name} is truncated ({size} of {page_count * page_size} bytes); it was left "
            "untouched — restore a backup or an export"
        )


def check_log(path: Path) -> list[str]:
    """Before SQLite may read (and on close delete) the log: copy everything aside if it would drop commits."""
    wal = path.with_name(path.name + "-wal")
    report = check_wal(wal)
    if report is None or not report.damaged:
        return []
    aside = path.with_name(f"{path.name}.damaged-log-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
    try:
        aside.mkdir()
        for part in (path, wal, path.with_name(path.name + "-shm")):
            if part.exists():
                shutil.copy2(part, aside / part.name)
    except OSError as exc:
        raise StoreError(
            f"{wal}: {report.problem}, and a copy could not be made before opening ({exc.strerror or exc}); "
            "the files were left untouched — copy the config folder somewhere safe, then try again"
        ) from None
    return [
        f"{wal}: {report.problem}; only the first {report.good_commits} committed change(s) in it can be read. "
        f"The database and its log as they were are copied to {aside} (keep them: what was lost is in there)"
    ]
