"""Somewhere else to put a note when neither the notes store nor the draft file will take it.

A read-only config folder or a full disk can refuse both the store and the draft. Quitting then would lose the
note, so the reader offers to write it, as plain text, into the first of a few other folders that accepts it
(the data folder, then the system's temporary folder). A rescue file is always new: created exclusively, never
replacing anything.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from sahel_tui.paths import Locations


def rescue_places(where: Locations) -> list[Path]:
    """Folders to try, best first."""
    return [where.data_dir / "unsaved-notes", Path(tempfile.gettempdir()) / "sahel-tui-unsaved-notes"]


def write_rescue(places: list[Path], quote: str, note: str, tags: tuple[str, ...]) -> Path:
    """Write the note into a new file in the first folder that takes it; raises OSError naming the last failure."""
    text = f"Passage:\n{quote}\n\nNote:\n{note}\n"
    if tags:
        text += f"\nTags: {' '.join(tags)}\n"
    data = text.encode("utf-8")
    failure: OSError | None = None
    for folder in places:
        path = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = _new_file(folder)
            with path.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            return path
        except OSError as exc:
            failure = OSError(f"{folder}: {exc.strerror or exc}")
            if path is not None:  # created, then the disk was full: an empty file would look like the note
                with contextlib.suppress(OSError):
                    path.unlink()
    raise failure or OSError("no folder to write to")


def _new_file(folder: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        path = folder / f"note-{stamp}{f'-{attempt}' if attempt else ''}.txt"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(folder)
