"""The library file replaced or deleted by another program (a sync tool, a copy put back, a clean-up) while a
reader has it open: what is imported or fetched afterwards lands in the file now at the path, never in the old
one nobody will read again; and between changes no log is left beside the file to be applied to another."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_catalog import article_file

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.corpus.library import Library
from sahel_tui.paths import HOME_ENV, locations


def another_machines_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, here: str) -> Path:
    """A library made in another home holding one article (``Dispatch 900``), closed: a file as a sync tool
    would bring it. Returns its catalog file."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "other-machine"))
    other = Library(locations())
    other.import_paths([article_file(tmp_path / "other-files", 900)])
    other.close()
    brought = locations().catalog_db
    monkeypatch.setenv(HOME_ENV, here)
    return brought


def titles(library: Library) -> set[str]:
    return {headline.title for headline in library.headlines()}


def test_what_is_imported_after_the_file_was_replaced_lands_in_the_new_file(
    library: Library, sahel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.import_paths([article_file(tmp_path / "mine", 1)])
    assert "Dispatch 1 from Mopti" in titles(library)
    brought = another_machines_library(tmp_path, monkeypatch, str(sahel_home))
    brought.replace(locations().catalog_db)

    assert "Dispatch 900 from Mopti" in titles(library)  # the reader now reads the file at the path
    assert "Dispatch 1 from Mopti" not in titles(library)
    (outcome,) = library.import_paths([article_file(tmp_path / "mine", 2)])
    assert outcome.ok
    library.close()

    reopened = Library(locations())  # as the next start of sahel-tui would read it
    assert {"Dispatch 900 from Mopti", "Dispatch 2 from Mopti"} <= titles(reopened)


def test_no_log_is_left_beside_the_library_between_changes(library: Library, tmp_path: Path) -> None:
    library.import_paths([article_file(tmp_path / "mine", n) for n in range(3)])
    log = locations().catalog_db.with_name(locations().catalog_db.name + "-wal")
    assert not log.exists() or log.stat().st_size == 0


def test_a_library_deleted_under_the_reader_refuses_every_use_naming_the_file(library: Library, tmp_path: Path) -> None:
    library.import_paths([article_file(tmp_path / "mine", 1)])
    path = locations().catalog_db
    path.unlink()
    with pytest.raises(CatalogError, match="deleted by another program"):
        library.catalog.headlines()
    with pytest.raises(CatalogError, match=str(path)):
        library.catalog.set_meta("x", "y")
    assert not path.exists()  # nothing was written to a file at the path either


def test_what_the_old_files_log_still_held_never_lands_in_the_new_file(
    library: Library, sahel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader elsewhere (another sahel-tui) kept the log from being emptied after the last import, so the log
    beside the file still holds it when the sync tool puts another file there (SQLite never empties the log of a
    moved file). Opened with it, the new file would be read through the old file's pages: the log is set aside
    first, so the old import goes nowhere near the new file, and what is imported next goes into it."""
    import sqlite3
    from contextlib import closing

    path = locations().catalog_db
    library.import_paths([article_file(tmp_path / "mine", 1)])
    with closing(sqlite3.connect(path)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM articles").fetchone()  # a read transaction: the log must stay
        library.import_paths([article_file(tmp_path / "mine", 2)])
        log = path.with_name(path.name + "-wal")
        assert log.stat().st_size > 0, "the import is still in the log"
        brought = another_machines_library(tmp_path, monkeypatch, str(sahel_home))
        brought.replace(path)
        assert "Dispatch 900 from Mopti" in titles(library)
        reader.execute("COMMIT")
    library.import_paths([article_file(tmp_path / "mine", 3)])
    library.close()
    (stale,) = path.parent.glob(f"{path.name}-wal.stale-*")  # kept, never deleted
    assert stale.stat().st_size > 0
    with closing(sqlite3.connect(path)) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ids = {row[0] for row in check.execute("SELECT id FROM articles WHERE origin_kind != 'bundled'")}
    assert ids == {"dispatch-00900", "dispatch-00003"}
