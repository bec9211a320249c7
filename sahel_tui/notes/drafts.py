"""The note being typed, kept on disk until it is saved or discarded.

A note lives in the annotation modal until the store commits it. Without this file, a quit with the modal open, a
closed terminal, a crash, or a store that refuses writes would take the typed words with it. The modal writes
its draft here a moment after each change (and at quit); saving or discarding removes it; the next launch offers
what is left. One JSON file, replaced atomically (the old draft or the new, never half). A file that cannot be
read is never overwritten or deleted: it is moved aside under a name that says so, and the user is told where.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sahel_tui.fileio import atomic_write
from sahel_tui.notes.anchor import Selector

DRAFT_FORMAT = 1


@dataclass(frozen=True)
class Draft:
    """An unsaved note: the passage it belongs to, what was typed, and the annotation it edits (if any)."""

    article_id: str
    selector: Selector
    note: str
    tags: tuple[str, ...] = ()
    annotation_id: str | None = None


class DraftError(Exception):
    """A draft could not be written or read; ``str()`` names the file and the reason."""


class DraftKeeper:
    """Reads, keeps and discards the single draft file at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

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
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DraftError(f"{self.path}: the unsaved note could not be read ({exc.strerror or exc})") from exc
        try:
            return _parse(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
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
            aside = self.path.with_name(f"{self.path.stem}-{why}-{stamp}{suffix}{self.path.suffix}")
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
        if not isinstance(getattr(selector, name), int):
            raise ValueError(f"selector {name} of the wrong kind")
    for name in ("quote", "prefix", "suffix", "text_hash"):
        if not isinstance(getattr(selector, name), str):
            raise ValueError(f"selector {name} of the wrong kind")
    note, tags, annotation_id = record["note"], record["tags"], record["annotation_id"]
    if not isinstance(note, str) or not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError("note or tags of the wrong kind")
    if annotation_id is not None and not isinstance(annotation_id, str):
        raise ValueError("annotation id of the wrong kind")
    return Draft(str(record["article_id"]), selector, note, tuple(tags), annotation_id)
