"""A child process for the fault tests: writes annotations in a loop, printing each id once it is saved."""

from __future__ import annotations

import sys
from pathlib import Path

from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore, StoreError

TEXT = "Armed men attacked a convoy near Ménaka on Tuesday. Officials said the army repelled them."


def main(path: str, label: str, count: int) -> None:
    try:
        store = NotesStore.open(Path(path))
        for number in range(count):
            annotation = store.add_annotation("a1", make_selector(TEXT, 0, 20), f"{label} {number}")
            print(annotation.id, flush=True)  # acknowledged: the commit has returned
    except StoreError as exc:
        print(f"ERROR {exc}", flush=True)
        sys.exit(3)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
