"""Reading and writing the app's own files so that no file can hang, crash or half-write them.

Writes go to a temporary file beside the target, are fsynced and renamed over it: a crash or a kill leaves the
old version or the new one, never half of either. Reads of state files (settings, drafts, caches, imports of
notes) open without blocking and check that what was opened is a regular file of sane size, so a FIFO, a device
or a huge file put where a state file should be is refused with a reason instead of freezing the app; JSON that
is nested too deep for the parser is refused the same way.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

STATE_FILE_LIMIT = 64 * 1024 * 1024
"""Largest state file read (settings, drafts, caches, note exports); far above any real one."""
ABANDONED_AFTER_SECONDS = 3600
"""A temporary copy this old was left by a write that was killed (a write takes well under a second): removed by
the next write of the same file. A younger one may be another process's write in progress, and is left to it."""


class UnreadableFile(OSError):
    """A file that cannot be read as the app expects; ``str()`` names the file and the reason."""

    def __init__(self, path: Path, reason: str, kind: str = "error", size: int = 0) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.kind = kind
        """``directory``, ``special`` (pipe, device, socket), ``too-big``, ``grew``, ``dangling`` or ``error``."""
        self.size = size

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, fsync it, and rename it over ``path``; the copies that writes of
    ``path`` killed long ago left beside it are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_copies(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_abandoned_copies(path: Path) -> None:
    """Only names :func:`atomic_write` makes for ``path`` (``tempfile``'s eight random characters between its
    prefix and suffix), only regular files, only those older than :data:`ABANDONED_AFTER_SECONDS`."""
    ours = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}" + re.escape(".tmp"))
    too_old = time.time() - ABANDONED_AFTER_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if ours.fullmatch(entry.name) is None:
                continue
            with contextlib.suppress(OSError):
                facts = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(facts.st_mode) and facts.st_mtime < too_old:
                    Path(entry.path).unlink()


def read_regular_file(path: Path, limit: int = STATE_FILE_LIMIT) -> bytes | None:
    """The bytes of ``path``; None when it does not exist.

    Raises :class:`UnreadableFile` for anything but a regular file of at most ``limit`` bytes (checked on the
    opened descriptor, so a file swapped for a FIFO between a check and the read cannot block), or a read error.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise UnreadableFile(path, "is a link to something that is not there (an unmounted drive?)",
                                 "dangling") from None  # fmt: skip
        return None
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(path, "is a directory, not a file", "directory")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, "is not a regular file (a pipe, device or socket); it was not read", "special")
        if info.st_size > limit:
            raise UnreadableFile(path, f"is {info.st_size:,} bytes, over the {limit:,}-byte limit; it was not read",
                                 "too-big", info.st_size)  # fmt: skip
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UnreadableFile(path, f"grew over the {limit:,}-byte limit while it was read", "grew", size)
        return b"".join(chunks)
    except OSError as exc:
        if isinstance(exc, UnreadableFile):
            raise
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def parse_json(data: bytes | str) -> Any:
    """``json.loads`` that raises ValueError, never RecursionError, for absurdly nested input."""
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply to be real data") from None


def is_regular_or_absent(path: Path) -> bool:
    """Whether ``path`` may be replaced by a regular file: it does not exist, or it is a regular file (no link)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return True
    return stat.S_ISREG(info.st_mode)
