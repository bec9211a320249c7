"""The notes database file replaced, or deleted, by another program while a store had it open.

A sync tool bringing another machine's copy, a backup copied back, a clean-up script: the path now names another
file (or none), and the open connection writes to the old one, which nobody will read again — a note saved there
would be reported saved and be lost. The store notices before each use (the file's device and inode) and, before
anything else, copies what its connection holds to a file beside the database with SQLite's backup API (the log
included), so no note this reader had can be lost whatever comes next; then it opens the file now at the path
with every check. What the copy holds that the new file lacks is merged in by
:func:`sahel_tui.notes.importing.take_in_replaced` (a layer above the store: it needs the import's rules).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path


def copy_aside(db: sqlite3.Connection, path: Path) -> Path:
    """What ``db`` holds, written whole to a new file beside ``path`` (named for when and why); raises OSError or
    sqlite3.Error, leaving no half-made copy under that name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for attempt in range(100):
        aside = path.with_name(f"{path.stem}-before-replaced-{stamp}{f'-{attempt}' if attempt else ''}.sqlite3")
        if not aside.exists():
            break
    partial = aside.with_name(f".{aside.name}.{os.getpid()}.part")
    copy = sqlite3.connect(partial)
    try:
        db.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, with no log beside it to go astray
    finally:
        copy.close()
    partial.replace(aside)
    return aside
