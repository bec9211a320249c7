"""Damage that SQLite's own checks cannot see, and a store that is not where it should be.

A row whose values are not what sahel-tui wrote, a dropped table, a link to an unmounted drive: every command
goes on with what can be read, names what cannot, and never puts a fresh empty database where notes were.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from sahel_tui.cli import main
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore, StoreError
from sahel_tui.paths import locations

ENVOY = "us-envoy-visits-mali-diplomatic-reset"
TEXT = "Aid workers met in Ménaka. The convoy left at dawn."


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_link_to_an_unreachable_store_is_an_error_never_a_fresh_database(tmp_path: Path) -> None:
    link = tmp_path / "notes.sqlite3"
    link.symlink_to(tmp_path / "unmounted-drive" / "notes.sqlite3")
    with pytest.raises(StoreError, match="cannot be reached"):
        NotesStore.open(link)
    assert link.is_symlink() and not (tmp_path / "unmounted-drive").exists()


def test_a_link_to_an_unreachable_store_fails_the_cli_with_one_line(sahel_home: Path) -> None:
    db = locations().notes_db
    db.parent.mkdir(parents=True)
    db.symlink_to(sahel_home / "elsewhere" / "notes.sqlite3")
    result = run("annotate", ENVOY, "--quote", "Bamako", "--note", "x", "--occurrence", "1")
    assert result.exit_code == 1 and "cannot be reached" in result.output
    assert db.is_symlink() and not db.exists()


def damage(statement: str, *params) -> None:
    db = sqlite3.connect(locations().notes_db)
    with db:
        db.execute(statement, params)
    db.close()


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE annotations SET tags = '[not json' WHERE note = 'broken'", "tags"),
        ("UPDATE annotations SET tags = '[[\"a\"]]' WHERE note = 'broken'", "tags"),
        ("UPDATE annotations SET start = 'twelve' WHERE note = 'broken'", "start"),
        ("UPDATE annotations SET note = X'FF00' WHERE note = 'broken'", "note"),
    ],
    ids=["tags-not-json", "tag-a-list", "start-text", "note-a-blob"],
)
def test_a_damaged_row_is_named_and_everything_else_is_listed_and_exported(statement: str, reason: str) -> None:
    assert run("annotate", ENVOY, "--quote", "Bamako", "--note", "kept", "--occurrence", "1").exit_code == 0
    broken_id = run("annotate", ENVOY, "--quote", "Mali", "--note", "broken", "--occurrence", "1").output.strip()
    damage(statement)

    listed = run("notes", "--json")
    assert listed.exit_code == 0
    assert [row["note"] for row in json.loads(listed.stdout)] == ["kept"]
    assert broken_id in listed.stderr and reason in listed.stderr

    exported = run("export", "--format", "json")
    assert exported.exit_code == 0 and broken_id in exported.stderr
    assert [item["body"][0]["value"] for item in json.loads(exported.stdout)["items"]] == ["kept"]
    markdown = run("export")
    assert markdown.exit_code == 0 and "kept" in markdown.stdout


def test_a_dropped_table_is_made_again_after_a_backup_and_the_user_is_told() -> None:
    assert run("annotate", ENVOY, "--quote", "Bamako", "--note", "kept", "--occurrence", "1").exit_code == 0
    damage("DROP TABLE reading")
    result = run("notes", "--json")
    assert result.exit_code == 0 and "reading" in result.stderr and "were made again" in result.stderr
    assert "-shm was deleted" not in result.stderr, "nobody deleted it: the repair's own write is not a stranger's"
    assert [row["note"] for row in json.loads(result.stdout)] == ["kept"]
    (backup,) = locations().config_dir.glob("notes.sqlite3.missing-tables.*.bak")
    tables = {row[0] for row in sqlite3.connect(backup).execute("SELECT name FROM sqlite_master")}
    assert "annotations" in tables and "reading" not in tables, "the copy is the file as it was"
    store = NotesStore.open(locations().notes_db)
    store.mark_read(ENVOY, 5)
    assert store.last_read().position == 5


def test_reading_state_of_the_wrong_kind_does_not_crash(tmp_path: Path) -> None:
    store = NotesStore.open(tmp_path / "notes.sqlite3")
    store.add_annotation(ENVOY, make_selector(TEXT, 0, 3), "fine")
    store.mark_read(ENVOY, 3)
    store._db.execute("UPDATE reading SET position = 'x'")
    assert store.last_read().position is None
    assert store.reading_state(ENVOY).position is None
