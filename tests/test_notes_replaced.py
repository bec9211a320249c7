"""The notes file replaced or deleted by another program while a store has it open (a sync tool bringing another
machine's copy, a backup copied back): nothing either side wrote is lost, and nothing is written to a dead file."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.importing import take_in_replaced
from sahel_tui.notes.store import NotesStore, StoreError

TEXT = "Armed men attacked a convoy near Ménaka on Tuesday. Officials said the army repelled them."


def notes_in(path: Path) -> list[str]:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)  # read as it is: no log made beside it
    try:
        return sorted(str(row[0]) for row in db.execute("SELECT note FROM annotations"))
    finally:
        db.close()


def put_in_place(made: Path, path: Path) -> None:
    """How a sync tool or a copy puts a file in place: written beside, renamed over."""
    made.replace(path)


def test_the_database_file_alone_holds_every_committed_note(tmp_path: Path) -> None:
    """The log is emptied into the file after each change: a copy of the file alone (no -wal) is whole."""
    store = NotesStore.open(tmp_path / "notes.sqlite3")
    store.add_annotation("a1", make_selector(TEXT, 0, 10), "kept in the file itself")
    store.set_bookmark("a1")
    shutil.copyfile(tmp_path / "notes.sqlite3", tmp_path / "copy.sqlite3")
    assert notes_in(tmp_path / "copy.sqlite3") == ["kept in the file itself"]
    store.close()


def test_a_file_replaced_under_the_store_keeps_both_sides(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    store = NotesStore.open(path)
    mine = store.add_annotation("a1", make_selector(TEXT, 0, 10), "typed here before the sync")
    store.set_bookmark("a1")
    store.mark_read("a1", 5)
    laptop = NotesStore.open(tmp_path / "laptop.sqlite3")
    laptop.add_annotation("a2", make_selector(TEXT, 11, 20), "typed on the laptop")
    laptop.put_annotation(replace(mine, note="the same note, edited on the laptop", updated="2000-01-01T00:00"))
    laptop.close()
    put_in_place(tmp_path / "laptop.sqlite3", path)

    store.add_annotation("a1", make_selector(TEXT, 21, 30), "typed here after the sync")
    told = take_in_replaced(store)
    assert len(told) == 1 and "replaced" in told[0] and "before-replaced" in told[0]
    assert notes_in(path) == sorted([
        "typed here before the sync", "the same note, edited on the laptop", "typed on the laptop",
        "typed here after the sync",
    ])  # fmt: skip
    assert store.bookmarks()[0][0] == "a1" and store.reading_state("a1").position == 5
    (aside,) = tmp_path.glob("notes-before-replaced-*.sqlite3")
    assert notes_in(aside) == ["typed here before the sync"], "what this reader had is kept as it was"
    assert [p.name for p in tmp_path.iterdir() if "before-replaced" in p.name] == [aside.name], "one file, no log"
    assert take_in_replaced(store) == [], "merged once"
    store.close()


def test_the_old_files_log_kept_by_another_reader_is_not_read_over_the_new_file(tmp_path: Path) -> None:
    """Another reader's open transaction kept the last note in the log when the file was replaced, and SQLite never
    empties the log of a moved file: the new file is opened without it (it is set aside, kept), and the note it
    held still reaches the new file through the copy this reader made."""
    path = tmp_path / "notes.sqlite3"
    store = NotesStore.open(path)
    store.add_annotation("a1", make_selector(TEXT, 0, 10), "in the file")
    other_reader = sqlite3.connect(path)
    other_reader.execute("BEGIN")
    other_reader.execute("SELECT count(*) FROM annotations").fetchone()
    store.add_annotation("a1", make_selector(TEXT, 11, 20), "only in the log")
    assert path.with_name("notes.sqlite3-wal").stat().st_size > 32
    laptop = NotesStore.open(tmp_path / "laptop.sqlite3")
    laptop.add_annotation("a2", make_selector(TEXT, 21, 30), "typed on the laptop")
    laptop.close()
    put_in_place(tmp_path / "laptop.sqlite3", path)

    store.changed_elsewhere()  # as the reader's notes watch looks, every two seconds
    told = take_in_replaced(store)
    other_reader.close()
    assert len(told) == 1
    assert notes_in(path) == sorted(["in the file", "only in the log", "typed on the laptop"])
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(list(tmp_path.glob("notes.sqlite3-wal.stale-*"))) == 1, "set aside, not deleted"
    store.close()


def test_a_file_deleted_under_the_store_is_not_made_again_and_writes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    store = NotesStore.open(path)
    store.add_annotation("a1", make_selector(TEXT, 0, 10), "typed before the deletion")
    path.unlink()
    with pytest.raises(StoreError, match="deleted") as refused:
        store.add_annotation("a1", make_selector(TEXT, 11, 20), "typed after")
    (aside,) = tmp_path.glob("notes-before-replaced-*.sqlite3")
    assert str(aside) in str(refused.value) and notes_in(aside) == ["typed before the deletion"]
    with pytest.raises(StoreError):
        store.annotations()
    store.close()
    assert not path.exists(), "no empty database made in its place"


def test_a_file_put_in_place_that_is_not_a_notes_database_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    store = NotesStore.open(path)
    store.add_annotation("a1", make_selector(TEXT, 0, 10), "mine")
    (tmp_path / "other").write_bytes(b"a spreadsheet, synced by mistake")
    put_in_place(tmp_path / "other", path)
    with pytest.raises(StoreError, match="before-replaced"):
        store.set_bookmark("a1")
    assert path.read_bytes() == b"a spreadsheet, synced by mistake"
    store.close()
