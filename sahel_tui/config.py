"""The user's settings in ``config.toml`` (config dir): read leniently, written atomically, never lost.

A file that cannot be read (a typo, a pipe, bad bytes) is reported and is never written over: the settings then
fall back to defaults, and changes made in the app are kept in memory for this run only (the message says so).
"""

from __future__ import annotations

import json
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
    for item in fields(Config):
        value = data.get(item.name)
        if item.name == "keys":
            if isinstance(value, dict):
                config.keys = {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
        elif isinstance(getattr(config, item.name), float):
            if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                setattr(config, item.name, float(value))
        elif isinstance(value, type(getattr(config, item.name))):
            setattr(config, item.name, value)
    return config


def save_config(path: Path, config: Config) -> None:
    """Write every setting (TOML strings are JSON-quoted, which TOML accepts for basic strings)."""
    lines = ["# sahel-tui settings"]
    for item in fields(Config):
        value = getattr(config, item.name)
        if item.name == "keys":
            continue
        lines.append(f"{item.name} = {'true' if value is True else 'false' if value is False else json.dumps(value)}")
    lines += ["", "# binding id = keys (comma-separated); `?` in the reader lists the ids", "[keys]"]
    lines += [f"{json.dumps(binding)} = {json.dumps(keys)}" for binding, keys in sorted(config.keys.items())]
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
