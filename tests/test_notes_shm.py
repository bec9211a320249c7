"""Deleting the notes database's ``-shm`` file while a reader has it open must not lose what another process
(the CLI) commits meanwhile: the reader notices and reconnects before it reads, writes or closes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sahel_tui.notes.store import NotesStore


def other_process_bookmarks(path: Path, *ids: str) -> None:
    """A separate process (as ``sahel-tui bookmark`` is) commits bookmarks and exits."""
    code = ("import sys; from sahel_tui.notes.store import NotesStore; s = NotesStore.open(sys.argv[1]); "
            "[s.set_bookmark(i) for i in sys.argv[2:]]; s.close()")  # fmt: skip
    subprocess.run([sys.executable, "-c", code, str(path), *ids], check=True, timeout=60)


def bookmarks(store: NotesStore) -> list[str]:
    return sorted(article_id for article_id, _ in store.bookmarks())


@pytest.mark.parametrize("then", ["write", "read", "close"])
def test_a_deleted_shm_file_loses_nothing_the_cli_committed(tmp_path: Path, then: str) -> None:
    path = tmp_path / "notes.sqlite3"
    reader = NotesStore.open(path)
    reader.set_bookmark("before")
    shm = path.with_name(path.name + "-shm")
    assert shm.exists()
    shm.unlink()
    other_process_bookmarks(path, "cli-1", "cli-2")
    if then == "write":
        reader.set_bookmark("after")
        assert bookmarks(reader) == ["after", "before", "cli-1", "cli-2"]
    elif then == "read":
        assert bookmarks(reader) == ["before", "cli-1", "cli-2"]
    reader.close()
    again = NotesStore.open(path)
    expected = ["after", "before", "cli-1", "cli-2"] if then == "write" else ["before", "cli-1", "cli-2"]
    assert bookmarks(again) == expected
    assert not list(tmp_path.glob("*.rescue"))  # the log's safety copy is gone once the reopen worked
    again.close()


def test_the_reconnection_is_told(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    reader = NotesStore.open(path)
    reader.set_bookmark("x")
    path.with_name(path.name + "-shm").unlink()
    reader.set_bookmark("y")
    assert any("-shm was deleted" in line and "nothing was lost" in line for line in reader.warnings)
    reader.close()


async def test_the_reader_says_it_reconnected_and_lists_what_the_cli_wrote(sahel_home: Path) -> None:
    from screen import settle

    from sahel_tui.paths import locations
    from sahel_tui.tui.app import make_app

    path = locations().notes_db
    async with make_app().run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")  # bookmark the highlighted article: the store is in use
        await settle(pilot)
        path.with_name(path.name + "-shm").unlink()
        other_process_bookmarks(path, "bookmarked-by-the-cli")
        await pilot.press("j", "b")
        await settle(pilot)
        said = [notification.message for notification in pilot.app._notifications]
        assert any("-shm was deleted" in message for message in said)
    again = NotesStore.open(path)
    assert "bookmarked-by-the-cli" in bookmarks(again)
    assert len(bookmarks(again)) == 3  # the reader's two and the CLI's
    again.close()
