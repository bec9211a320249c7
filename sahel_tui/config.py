"""The user's settings in ``config.toml`` (config dir): read leniently, written atomically, never lost.

A file that cannot be read (a typo, a pipe, bad bytes) is reported and is never written over: the settings then
fall back to defaults, and changes made in the app are kept in memory for this run only (the message says so).
A setting changed in the app (the theme, the sidebar) changes its own line of the file as it is on disk *now*:
the user's comments, their ``[keys]``, settings this version does not know, and edits made in an editor while
the reader ran all stay as they are (:func:`change_settings`).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from sahel_tui.fileio import UnreadableFile, atomic_write, read_regular_file

CONFIG_LIMIT = 1024 * 1024


@dataclass
class Config:
    theme: str = "textual-dark"
    show_sidebar: bool = True
    cursor_blink: bool = True
    fetch_every_minutes: float = 0.0
    """While the reader runs, fetch every feed this often (0: only when asked, with ``r``)."""
    keys: dict[str, str] = field(default_factory=dict)
    """``[keys]``: binding id -> keys (``bookmark = "ctrl+b"``), as posting does; ``?`` shows the ids in use."""
    problems: list[str] = field(default_factory=list, compare=False, metadata={"read": True})
    """What the file says that could not be used (a value of the wrong kind): one line each, for the user to be
    told; the default is used instead. Never written to the file."""


class ConfigError(ValueError):
    """``config.toml`` cannot be read; ``str()`` names the file and the reason."""


def load_config(path: Path) -> Config:
    try:
        raw = read_regular_file(path, CONFIG_LIMIT)
    except UnreadableFile as exc:
        raise ConfigError(f"{exc}; using default settings, the file is left as it is") from None
    if raw is None:
        return Config()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        reason = exc if not isinstance(exc, RecursionError) else "nested too deeply"
        raise ConfigError(
            f"{path}: unreadable settings ({reason}); using defaults, the file is left as it is "
            "and changes are kept for this session only"
        ) from None
    config = Config()
    for item in _settings():
        value = data.get(item.name)
        default = getattr(config, item.name)
        if value is None:
            continue
        if item.name == "keys":
            config.keys = _binding_ids(value, config.problems) if isinstance(value, dict) else config.keys
        elif isinstance(default, float):
            if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                setattr(config, item.name, float(value))
            else:
                config.problems.append(f"{item.name} = {value!r} is not a number of 0 or more")
        elif isinstance(value, type(default)):
            setattr(config, item.name, value)
        else:
            wanted = "true or false" if isinstance(default, bool) else "text in quotes"
            config.problems.append(f"{item.name} = {value!r} is not {wanted}")
    config.problems[:] = [f"{path}: {problem}; the default is used" for problem in config.problems]
    return config


def _settings():
    """The fields of :class:`Config` that are settings in the file (not what was found reading it)."""
    return [item for item in fields(Config) if not item.metadata.get("read")]


def _binding_ids(table: dict, problems: list[str], prefix: str = "") -> dict[str, str]:
    """``[keys]`` as binding id -> keys. An id with a dot written bare (``reader.copy = "c"``) is a table in TOML
    (``reader`` holding ``copy``): read back as the id the user wrote, not dropped; keys that are not text are
    named in ``problems``."""
    ids: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            ids.update(_binding_ids(value, problems, f"{prefix}{key}."))
        elif isinstance(value, str):
            ids[f"{prefix}{key}"] = value
        else:
            problems.append(f'[keys] {prefix}{key} = {value!r} is not keys in quotes ("ctrl+b")')
    return ids


def save_config(path: Path, config: Config) -> None:
    """Write every setting (TOML strings are JSON-quoted, which TOML accepts for basic strings)."""
    lines = ["# sahel-tui settings"]
    for item in _settings():
        value = getattr(config, item.name)
        if item.name == "keys":
            continue
        lines.append(f"{item.name} = {_toml_value(value)}")
    lines += ["", "# binding id = keys (comma-separated); `?` in the reader lists the ids", "[keys]"]
    lines += [f"{json.dumps(binding)} = {json.dumps(keys)}" for binding, keys in sorted(config.keys.items())]
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))


def change_settings(path: Path, changes: dict[str, object]) -> None:
    """Set each top-level setting in ``changes`` in the file as it is now, touching no other line; a new file has
    every setting. Raises ConfigError, writing nothing, when the file cannot be read now or its lines cannot be
    changed alone (the file is left as it is); OSError when it cannot be written."""
    try:
        raw = read_regular_file(path, CONFIG_LIMIT)
    except UnreadableFile as exc:
        raise ConfigError(f"{exc}; not written over") from None
    if raw is None:
        config = Config()
        for name, value in changes.items():
            setattr(config, name, value)
        save_config(path, config)
        return
    try:
        before = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        raise ConfigError(f"{path}: cannot be read now, so it is not written over") from None
    lines = raw.decode("utf-8").splitlines()
    for name, value in changes.items():
        _set_line(lines, name, f"{name} = {_toml_value(value)}")
    text = "\n".join(lines) + "\n"
    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        after = None
    if after != {**before, **changes}:  # a value spread over lines, a key given twice: leave the file to its owner
        raise ConfigError(f"{path}: the setting could not be changed without touching other lines; not written")
    atomic_write(path, text.encode("utf-8"))


_TRAILING_COMMENT = re.compile(r"\s+#[^\"']*$")


def _set_line(lines: list[str], name: str, line: str) -> None:
    """Replace ``name``'s top-level line, or add one above the first table (and the comments right above it)."""
    key = re.compile(rf"""\s*(?:{re.escape(name)}|"{re.escape(name)}"|'{re.escape(name)}')\s*=""")
    first_table = next((i for i, text in enumerate(lines) if text.lstrip().startswith("[")), len(lines))
    for index in range(first_table):
        if key.match(lines[index]):
            comment = _TRAILING_COMMENT.search(lines[index])  # kept if the file still reads the same with it
            lines[index] = line + (comment.group(0) if comment else "")
            return
    where = first_table
    if first_table < len(lines):  # the comments (and blank lines) right above a table stay with it
        while where > 0 and (not lines[where - 1].strip() or lines[where - 1].lstrip().startswith("#")):
            where -= 1
    lines.insert(where, line)


def _toml_value(value: object) -> str:
    """TOML for a setting's value (strings JSON-quoted, which TOML reads as basic strings)."""
    return "true" if value is True else "false" if value is False else json.dumps(value)
