"""The note being typed, kept on disk until it is saved or discarded.

A note lives in the annotation modal until the store commits it. Without this file, a quit with the modal open, a
closed terminal, a crash, or a store that refuses writes would take the typed words with it. The modal writes
its draft a moment after a change (and at quit); saving or discarding removes it; the next launch offers what is
left. Each running reader has its own draft file in the drafts folder and holds a lock beside it while it runs,
so two readers on one home never delete or overwrite each other's draft; a draft whose lock nobody holds was left
by a reader that stopped, and the next launch adopts it. A file is replaced atomically (the old draft or the
new, never half). A file that cannot be read is never overwritten or deleted: it is moved aside under a name that
says so, and the user is told where.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from sahel_tui.fileio import UnreadableFile, atomic_write, parse_json, read_regular_file

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: every other draft counts as left behind
    fcntl = None  # type: ignore[assignment]
from sahel_tui.notes.anchor import Selector

DRAFT_FORMAT = 1
MAX_DRAFT_BYTES = 16 * 1024 * 1024
MAX_OFFSET = 1 << 40


@dataclass(frozen=True)
class Draft:
    """An unsaved note: the passage it belongs to, what was typed, and the annotation it edits (if any)."""

    article_id: str
    selector: Selector
    note: str
    tags: tuple[str, ...] = ()
    annotation_id: str | None = None
    edited_from: tuple[str, tuple[str, ...]] | None = None
    """The note and tags of that annotation when its editor opened (None for a new note, or a draft kept by an
    older version): a draft brought back after the stored note changed elsewhere must not be saved over it."""


class DraftError(Exception):
    """A draft could not be written or read; ``str()`` names the file and the reason."""


class DraftKeeper:
    """Reads, keeps and discards the single draft file at ``path``."""

    def __init__(self, path: Path, aside_dir: Path | None = None) -> None:
        self.path = path
        self.aside_dir = aside_dir or path.parent
        """Where a draft that cannot be used is moved (out of the way of the drafts still to be offered)."""

    def keep(self, draft: Draft) -> None:
        """Write ``draft`` (replacing the previous one) and return once it is on disk."""
        record = {
            "format": DRAFT_FORMAT,
            "article_id": draft.article_id,
            "selector": asdict(draft.selector),
            "note": draft.note,
            "tags": list(draft.tags),
            "annotation_id": draft.annotation_id,
            "kept_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        if draft.edited_from is not None:
            record["edited_from"] = {"note": draft.edited_from[0], "tags": list(draft.edited_from[1])}
        try:
            atomic_write(self.path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            raise DraftError(f"{self.path}: the unsaved note could not be kept ({exc.strerror or exc})") from exc

    def load(self) -> Draft | None:
        """The kept draft, or None when there is none.

        Raises DraftError for a file that is not a draft this version can read; the file is first moved aside
        (``draft-unreadable-<time>.json``) so that nothing overwrites it, and the message names both paths.
        """
        try:
            raw = read_regular_file(self.path, MAX_DRAFT_BYTES)
        except UnreadableFile as exc:
            if self.path.is_symlink() or not self.path.exists() or self.path.is_dir():
                raise DraftError(f"{exc}; it was left where it is") from exc
            aside = self.set_aside("unreadable")
            where = f"moved to {aside}" if aside else "left where it is"
            raise DraftError(f"{exc}; {where}") from exc
        if raw is None:
            return None
        try:
            return _parse(parse_json(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, OverflowError) as exc:
            reason = str(exc) or type(exc).__name__
            aside = self.set_aside("unreadable")
            where = f"moved to {aside}" if aside else "left where it is"
            raise DraftError(f"{self.path}: not a readable draft ({reason}); {where}") from exc

    def discard(self) -> None:
        """Forget the draft (it was saved, or the user chose to discard it)."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise DraftError(f"{self.path}: the old draft could not be removed ({exc.strerror or exc})") from exc

    def set_aside(self, why: str) -> Path | None:
        """Move the draft file to ``draft-<why>-<time>.json`` so no later draft replaces it; None if it failed."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for attempt in range(100):
            suffix = f"-{attempt}" if attempt else ""
            aside = self.aside_dir / f"draft-{why}-{stamp}{suffix}.json"
            if aside.exists():
                continue
            try:
                self.path.rename(aside)
            except OSError:
                return None
            return aside
        return None


def _parse(record: object) -> Draft:
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if record.get("format") != DRAFT_FORMAT:
        raise ValueError(f"unknown draft format {record.get('format')!r}")
    selector = Selector(**record["selector"])
    for name in ("start", "end"):
        value = getattr(selector, name)
        if type(value) is not int or not 0 <= value <= MAX_OFFSET:
            raise ValueError(f"selector {name} of the wrong kind or out of range")
    for name in ("quote", "prefix", "suffix", "text_hash"):
        if not isinstance(getattr(selector, name), str):
            raise ValueError(f"selector {name} of the wrong kind")
    note, tags, annotation_id = record["note"], record["tags"], record["annotation_id"]
    if not isinstance(note, str) or not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError("note or tags of the wrong kind")
    if annotation_id is not None and not isinstance(annotation_id, str):
        raise ValueError("annotation id of the wrong kind")
    if not isinstance(record["article_id"], str):
        raise ValueError("article id of the wrong kind")
    return Draft(record["article_id"], selector, note, tuple(tags), annotation_id, _edited_from(record))


def _edited_from(record: dict) -> tuple[str, tuple[str, ...]] | None:
    base = record.get("edited_from")
    if base is None:
        return None
    note, tags = base["note"], base["tags"]
    if not isinstance(note, str) or not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError("the edited note's note or tags of the wrong kind")
    return note, tuple(tags)


class DraftShelf:
    """The drafts folder: one draft file per running reader, each guarded by a lock its reader holds.

    ``legacy`` is the single ``draft.json`` of earlier versions; a draft found there is adopted like any other
    draft whose reader has stopped.
    """

    def __init__(self, folder: Path, legacy: Path | None = None) -> None:
        self.folder = folder
        self.legacy = legacy
        self._lock_fd: int | None = None

    def claim(self) -> DraftKeeper:
        """A draft file of this process's own, locked for as long as the process runs (or until release)."""
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        keeper = DraftKeeper(self.folder / f"{name}.json", aside_dir=self.folder.parent)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / f"{name}.lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError:
            return keeper  # keeping will fail with its own message; reading and saving still work
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return keeper
        self._lock_fd = fd
        return keeper

    def release(self, keeper: DraftKeeper) -> None:
        """Give up this process's lock (its draft file, if any, then waits for the next launch)."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        with contextlib.suppress(OSError):  # a lock file nobody holds is harmless
            keeper.path.with_suffix(".lock").unlink(missing_ok=True)

    def waiting(self, own: DraftKeeper | None = None) -> list[Path]:
        """Draft files left by readers that are no longer running (oldest first); never ``own``'s."""
        found: list[Path] = []
        if self.legacy is not None and (self.legacy.exists() or self.legacy.is_symlink()):
            found.append(self.legacy)
        try:
            candidates = sorted(p for p in self.folder.iterdir() if p.suffix == ".json" and not p.name.startswith("."))
        except OSError:
            candidates = []
        for path in candidates:
            if own is not None and path == own.path:
                continue
            if not _owner_running(path.with_suffix(".lock")):
                found.append(path)
        return found

    def adopt(self, path: Path, keeper: DraftKeeper) -> bool:
        """Move a left-behind draft to ``keeper``'s file; False if another reader adopted it first."""
        if keeper.path.exists():
            return False
        try:
            path.rename(keeper.path)
        except FileNotFoundError:
            return False
        except OSError:
            return False
        if path.parent == self.folder:
            path.with_suffix(".lock").unlink(missing_ok=True)
        return True


def _owner_running(lock: Path) -> bool:
    """Whether a running reader holds ``lock`` (a missing lock file means its reader is gone)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(lock, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops the probe's lock, if it got one
    return False


def articles_with_drafts(folder: Path) -> set[str]:
    """The articles a note is being typed for or waits to be saved on (any reader's draft in ``folder``): what must
    not be removed from under it. A draft that cannot be read names none."""
    found = set()
    with contextlib.suppress(OSError):
        for path in folder.glob("*.json"):
            with contextlib.suppress(OSError, UnreadableFile, ValueError, DraftError):
                data = read_regular_file(path, MAX_DRAFT_BYTES)
                record = parse_json(data) if data is not None else None
                if isinstance(record, dict) and isinstance(record.get("article_id"), str):
                    found.add(record["article_id"])
    return found
