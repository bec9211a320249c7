"""Fault tests: kill -9 mid-write, concurrent writers, read-only folders, a full disk. Bounded in count and time."""

from __future__ import annotations

import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore, StoreError

WRITER = Path(__file__).parent / "notes_writer.py"
KILLS = 40


def writer(path: Path, label: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), label, str(count)], stdout=subprocess.PIPE, text=True
    )


def test_kill_9_during_writes_loses_no_acknowledged_note(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    NotesStore.open(path).close()
    acknowledged: list[str] = []
    rng = random.Random(4)
    for round_number in range(KILLS):
        child = writer(path, f"round{round_number}", 100_000)
        deadline = time.monotonic() + rng.uniform(0.05, 0.4)
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            assert not line.startswith("ERROR"), line
            acknowledged.append(line.strip())
        child.send_signal(signal.SIGKILL)
        child.wait()
        acknowledged += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in db.execute("SELECT id FROM annotations")}
    assert len(acknowledged) > KILLS
    assert set(acknowledged) <= stored


def test_two_processes_writing_at_once_lose_nothing_and_never_report_locked(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    NotesStore.open(path).close()
    children = [writer(path, label, 150) for label in ("left", "right")]
    outputs = [child.communicate(timeout=120)[0].splitlines() for child in children]
    assert [child.returncode for child in children] == [0, 0]
    assert not any("locked" in line or line.startswith("ERROR") for out in outputs for line in out)
    store = NotesStore.open(path)
    notes = {a.note for a in store.annotations()}
    assert {f"left {n}" for n in range(150)} <= notes and {f"right {n}" for n in range(150)} <= notes


def _make_read_only(directory: Path) -> list[str]:
    """chmod is enough for ordinary users; root ignores it, so there the folder is made immutable."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        return []
    targets = [str(directory), *(str(p) for p in directory.iterdir())]
    result = subprocess.run(["chattr", "+i", *targets], capture_output=True)
    if result.returncode != 0:
        pytest.skip("cannot make a folder read-only here (chattr unavailable)")
    return targets


def _undo_read_only(directory: Path, targets: list[str]) -> None:
    if targets:
        subprocess.run(["chattr", "-i", *targets], check=False)
    else:
        directory.chmod(0o755)


def test_read_only_config_dir_gives_a_clear_error_and_saves_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config"
    store = NotesStore.open(config / "notes.sqlite3")
    store.add_annotation("a1", make_selector("Some article text here.", 0, 4), "before")
    store.close()
    for leftover in config.glob("notes.sqlite3-*"):
        leftover.unlink()
    targets = _make_read_only(config)
    try:
        with pytest.raises(StoreError) as caught:
            again = NotesStore.open(config / "notes.sqlite3")
            again.add_annotation("a1", make_selector("Some article text here.", 0, 4), "after")
        assert str(config) in str(caught.value)
    finally:
        _undo_read_only(config, targets)
    notes = [a.note for a in NotesStore.open(config / "notes.sqlite3").annotations()]
    assert notes == ["before"]


def test_read_only_parent_for_a_new_database_is_a_clear_error(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    targets = _make_read_only(parent)
    try:
        with pytest.raises(StoreError, match="cannot create the notes database"):
            NotesStore.open(parent / "notes.sqlite3")
    finally:
        _undo_read_only(parent, targets)


FULL_DISK_CHILD = """
import resource, signal, sys
from pathlib import Path
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore, StoreError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
store = NotesStore.open(Path(sys.argv[1]))
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
saved = 0
try:
    for number in range(100000):
        store.add_annotation("a1", make_selector("Text of the article.", 0, 4), f"note {number} " + "x" * 500)
        print(f"saved note {number}", flush=True)
except StoreError as exc:
    print(f"ERROR {exc}", flush=True)
"""


def test_full_disk_reports_the_failure_and_acknowledges_only_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    NotesStore.open(path).close()
    limit = 256 * 1024
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(path), str(limit)], capture_output=True, text=True, timeout=120
    )
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("ERROR ") and str(path) in lines[-1] and "not saved" in lines[-1]
    acknowledged = {line.removeprefix("saved ") for line in lines if line.startswith("saved ")}
    assert acknowledged
    store = NotesStore.open(path)
    stored = {a.note.split(" x")[0] for a in store.annotations()}
    assert acknowledged <= stored
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] == resource.RLIM_INFINITY  # the limit stayed in the child


def test_a_rescue_cut_short_by_a_full_disk_leaves_no_partial_file_and_says_so(tmp_path: Path) -> None:
    """Each rescue folder's disk is full (here: the process may not write past 64 bytes, so a note's file is made
    and cut short): the partial file is removed — it would pass for the note — and the next place is tried; when
    none takes it, the caller is told (the reader then keeps the note on screen) and nothing is left behind."""
    import subprocess
    import sys

    first, second = tmp_path / "data" / "unsaved-notes", tmp_path / "tmp" / "unsaved-notes"
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from sahel_tui.notes.rescue import write_rescue\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))\n"
        "try:\n"
        "    write_rescue([Path(p) for p in sys.argv[1:]], 'A convoy reached Gao. ' * 20, 'Check the date.', ())\n"
        "except OSError as exc:\n"
        "    print('refused:', exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(first), str(second)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused:") and str(second) in done.stdout, done.stdout
    assert list(first.iterdir()) == [] and list(second.iterdir()) == [], "an empty note file was left behind"
