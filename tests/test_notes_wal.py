"""A damaged write-ahead log is found before SQLite reads it, copied aside with the database, and reported.

The log is made real: notes written while another connection keeps the log from being checkpointed, then the
database and its log are copied as a set (the state a crash or an unplugged drive leaves) and the copy's log is
damaged the ways an attack run damaged it: one flipped bit, a truncation, garbage.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore
from sahel_tui.notes.walcheck import HEADER, check_wal

TEXT = "Armed men attacked a convoy near Ménaka on Tuesday."


def a_store_with_notes_in_its_log(tmp_path: Path, count: int = 6) -> Path:
    """A copy of a notes database whose last ``count`` notes live only in its log."""
    live = tmp_path / "live" / "notes.sqlite3"
    live.parent.mkdir()
    NotesStore.open(live).close()
    holder = sqlite3.connect(live, isolation_level=None)  # a reader in the middle of a read: the log cannot be
    holder.execute("BEGIN")  # emptied into the database (the store tries after each commit) nor away at close
    holder.execute("SELECT count(*) FROM annotations").fetchone()
    writer = NotesStore.open(live)
    for number in range(count):
        writer.add_annotation("us-envoy", make_selector(TEXT, 0, 11), f"note {number}")
    copy = tmp_path / "copy" / "notes.sqlite3"
    copy.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copy2(f"{live}{suffix}", f"{copy}{suffix}")
    writer.close()
    holder.close()
    return copy


def log_of(db: Path) -> Path:
    return db.with_name(db.name + "-wal")


def test_a_healthy_log_is_read_in_full_without_a_word(tmp_path: Path) -> None:
    db = a_store_with_notes_in_its_log(tmp_path)
    report = check_wal(log_of(db))
    assert report is not None and not report.damaged and report.good_commits >= 6
    store = NotesStore.open(db)
    assert store.warnings == []
    assert len(store.annotations()) == 6


def flip_bit(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x10
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["bit-flip", "truncation", "garbage"])
def test_a_damaged_log_is_copied_aside_with_the_database_and_reported(tmp_path: Path, damage: str) -> None:
    db = a_store_with_notes_in_its_log(tmp_path)
    wal = log_of(db)
    size = wal.stat().st_size
    if damage == "bit-flip":
        flip_bit(wal, size - 100)  # inside the last page: the last commit fails its checksum
    elif damage == "truncation":
        with wal.open("r+b") as handle:
            handle.truncate(size - 1000)
    else:
        wal.write_bytes(b"\x5a" * HEADER + wal.read_bytes()[HEADER:])
    damaged_log = wal.read_bytes()
    db_bytes = db.read_bytes()

    store = NotesStore.open(db)
    (warning,) = store.warnings
    assert str(wal) in warning
    (aside,) = db.parent.glob("notes.sqlite3.damaged-log-*")
    assert str(aside) in warning
    assert (aside / wal.name).read_bytes() == damaged_log, "the log as it was, dropped commits included"
    assert (aside / db.name).read_bytes() == db_bytes
    assert len(store.annotations()) < 6  # what SQLite can read; the rest waits in the copy
    store.close()


def test_a_crash_in_the_middle_of_an_uncommitted_write_is_not_damage(tmp_path: Path) -> None:
    db = a_store_with_notes_in_its_log(tmp_path)
    wal = log_of(db)
    data = wal.read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    frame = data[HEADER : HEADER + 24 + page_size]
    half_frame = frame[:4] + b"\x00\x00\x00\x00" + frame[8 : 24 + page_size // 2]  # not a commit frame, cut short
    wal.write_bytes(data + half_frame)
    assert not check_wal(wal).damaged
    assert NotesStore.open(db).warnings == []


@settings(max_examples=40, deadline=None)
@given(
    page_size=st.sampled_from([512, 1024, 4096, 65536]),
    frames=st.integers(0, 40),
    endian=st.sampled_from("<>"),
    start=st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)),
    seed=st.integers(0, 2**32 - 1),
)
def test_a_big_log_is_summed_at_once_to_the_same_checksums(page_size, frames, endian, start, seed) -> None:
    """The checksums of a big log, computed many frames at a time, are the word-by-word ones (the format's own
    definition) after every frame, whatever the bytes, page size, byte order and starting sums."""
    from random import Random

    from sahel_tui.notes import walcheck

    data = Random(seed).randbytes(HEADER + frames * (walcheck.FRAME_HEADER + page_size) + 7)
    by_word = list(walcheck._frame_sums_one_by_one(data, frames, page_size, endian, *start))
    assert list(walcheck._frame_sums_at_once(data, frames, page_size, endian, *start)) == by_word
    assert list(walcheck.frame_sums(data, frames, page_size, endian, *start)) == by_word
    block = walcheck.BLOCK_BYTES
    try:  # steps of one to three frames: the sums carried from step to step
        walcheck.BLOCK_BYTES = (walcheck.FRAME_HEADER + page_size) * (1 + seed % 3)
        assert list(walcheck._frame_sums_at_once(data, frames, page_size, endian, *start)) == by_word
    finally:
        walcheck.BLOCK_BYTES = block


def test_a_big_damaged_log_is_found_as_a_small_one_is(tmp_path: Path) -> None:
    """A log big enough to be summed at once: healthy, it is read in full; one flipped bit in its last committed
    page is found."""
    import numpy  # noqa: F401 — loaded, as in any process that searches or syncs: big logs are summed at once

    from sahel_tui.notes import walcheck

    db = a_store_with_notes_in_its_log(tmp_path, count=120)
    wal = log_of(db)
    assert wal.stat().st_size >= walcheck.NUMPY_LOADED_FROM_BYTES
    healthy = check_wal(wal)
    assert healthy is not None and not healthy.damaged and healthy.good_commits >= 120
    flip_bit(wal, wal.stat().st_size - 100)
    damaged = check_wal(wal)
    assert damaged is not None and damaged.damaged and damaged.good_commits == healthy.good_commits - 1
