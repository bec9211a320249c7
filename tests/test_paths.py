"""Locations: platformdirs by default, everything under SAHEL_TUI_HOME when set."""

from __future__ import annotations

from pathlib import Path

from sahel_tui.paths import CACHE_VERSION, bundled_corpus_dir, locations


def test_home_override_puts_everything_under_one_folder(tmp_path: Path) -> None:
    where = locations({"SAHEL_TUI_HOME": str(tmp_path)})
    for path in (where.config_dir, where.data_dir, where.cache_dir, where.notes_db, where.library_dir):
        assert path.is_relative_to(tmp_path)
    assert where.notes_db == tmp_path / "config" / "notes.sqlite3"
    assert where.index_dir == tmp_path / "cache" / f"v{CACHE_VERSION}"


def test_platform_dirs_without_override(monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/x/config")
    monkeypatch.setenv("XDG_DATA_HOME", "/x/data")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/cache")
    where = locations({})
    assert where.config_dir == Path("/x/config/sahel-tui")
    assert where.data_dir == Path("/x/data/sahel-tui")
    assert where.cache_dir == Path("/x/cache/sahel-tui")


def test_bundled_corpus_is_found() -> None:
    assert len(list(bundled_corpus_dir().glob("*.txt"))) == 3
