"""config.toml changed by the app: one setting's own line, the rest of the file as the user has it now."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.config import Config, ConfigError, change_settings, load_config

HAND_WRITTEN = """# my settings — the dark one at night
theme = "nord"   # chosen after trying them all
future_setting = "a newer sahel-tui reads this"
fetch_every_minutes = 30

# ctrl+b reads better on this keyboard
[keys]
bookmark = "ctrl+b"
"""


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=False) if old != new]


def test_a_setting_changes_its_own_line_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    change_settings(path, {"theme": "gruvbox"})
    after = path.read_text(encoding="utf-8")
    assert changed_lines(HAND_WRITTEN, after) == [
        ('theme = "nord"   # chosen after trying them all', 'theme = "gruvbox"   # chosen after trying them all')
    ]
    assert len(after.splitlines()) == len(HAND_WRITTEN.splitlines())
    config = load_config(path)
    assert (config.theme, config.fetch_every_minutes, config.keys) == ("gruvbox", 30.0, {"bookmark": "ctrl+b"})


def test_a_setting_not_in_the_file_goes_above_the_first_table_and_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    change_settings(path, {"show_sidebar": False})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[: lines.index("show_sidebar = false")] == HAND_WRITTEN.splitlines()[:4]
    assert lines[lines.index("show_sidebar = false") + 1 :] == HAND_WRITTEN.splitlines()[4:]
    assert load_config(path).show_sidebar is False and load_config(path).keys == {"bookmark": "ctrl+b"}


def test_what_was_written_since_the_settings_were_read_stays(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n', encoding="utf-8")
    load_config(path)  # the reader starts
    path.write_text('theme = "nord"\n\n[keys]\nnotes = "n"\n', encoding="utf-8")  # an editor, meanwhile
    change_settings(path, {"theme": "dracula"})
    assert path.read_text(encoding="utf-8") == 'theme = "dracula"\n\n[keys]\nnotes = "n"\n'


@pytest.mark.parametrize(
    "content",
    ['theme = """\nnord"""\n', 'theme = "nord"\ncursor_blink = tru\n', "[theme]\nname = 1\n"],
    ids=["spread-over-lines", "unreadable-now", "a-table-of-that-name"],
)
def test_a_file_whose_line_cannot_be_changed_alone_is_left_as_it_is(tmp_path: Path, content: str) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content.encode("utf-8"))
    with pytest.raises(ConfigError, match=str(path)):
        change_settings(path, {"theme": "gruvbox"})
    assert path.read_bytes() == content.encode("utf-8")


def test_without_a_file_every_setting_is_written(tmp_path: Path) -> None:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    change_settings(path, {"theme": "gruvbox"})
    assert load_config(path) == Config(theme="gruvbox")
    assert "fetch_every_minutes = 0.0" in path.read_text(encoding="utf-8")


def test_binding_ids_with_a_dot_are_read_whether_quoted_or_bare(tmp_path: Path) -> None:
    """``reader.copy = "c"`` is a table in TOML: it was dropped without a word, the key never remapped."""
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nbookmark = "ctrl+b"\nreader.copy = "c"\n"list.down" = "n"\n', encoding="utf-8")
    assert load_config(path).keys == {"bookmark": "ctrl+b", "reader.copy": "c", "list.down": "n"}


def test_a_value_of_the_wrong_kind_is_named_and_the_default_used(tmp_path: Path) -> None:
    """`fetch_every_minutes = -3` or `cursor_blink = "no"` were ignored without a word."""
    path = tmp_path / "config.toml"
    path.write_text('cursor_blink = "no"\nfetch_every_minutes = -3\ntheme = "nord"\n[keys]\nbookmark = 5\n'
                    'notes = "n"\n', encoding="utf-8")  # fmt: skip
    config = load_config(path)
    assert (config.cursor_blink, config.fetch_every_minutes, config.theme) == (True, 0.0, "nord")
    assert config.keys == {"notes": "n"}
    assert [line.removeprefix(f"{path}: ") for line in config.problems] == [
        "cursor_blink = 'no' is not true or false; the default is used",
        "fetch_every_minutes = -3 is not a number of 0 or more; the default is used",
        '[keys] bookmark = 5 is not keys in quotes ("ctrl+b"); the default is used',
    ]
    assert load_config(path) == config and "problems" not in (tmp_path / "config.toml").read_text()
