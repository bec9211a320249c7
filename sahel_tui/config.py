"""The user's settings in ``config.toml`` (config dir): read leniently, written atomically, never lost.

An unreadable file is reported and left alone (settings then fall back to defaults for this run only).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from sahel_tui.fileio import atomic_write


@dataclass
class Config:
    theme: str = "textual-dark"
    show_sidebar: bool = True
    cursor_blink: bool = True


class ConfigError(ValueError):
    """``config.toml`` cannot be read; ``str()`` names the file and the reason."""


def load_config(path: Path) -> Config:
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: unreadable settings ({exc}); using defaults, the file is left as it is") from None
    config = Config()
    for item in fields(Config):
        value = data.get(item.name)
        if isinstance(value, type(getattr(config, item.name))):
            setattr(config, item.name, value)
    return config


def save_config(path: Path, config: Config) -> None:
    """Write every setting (TOML strings are JSON-quoted, which TOML accepts for basic strings)."""
    lines = ["# sahel-tui settings"]
    for item in fields(Config):
        value = getattr(config, item.name)
        lines.append(f"{item.name} = {'true' if value is True else 'false' if value is False else json.dumps(value)}")
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
