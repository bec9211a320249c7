"""Every location sahel-tui reads or writes, decided in one place.

Notes and settings go under the user config dir (they are the user's own work), imported articles under the user
data dir, and everything derived (search index, entity cache) under the user cache dir, versioned so it can be
thrown away. ``SAHEL_TUI_HOME=DIR`` puts all three under DIR, which is how tests stay out of the real home.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "sahel-tui"
HOME_ENV = "SAHEL_TUI_HOME"
"""Environment variable that relocates every directory under one folder (tests, portable installs)."""

CACHE_VERSION = 1
"""Bumped whenever the layout of anything in the cache dir changes; old caches are then ignored."""


@dataclass(frozen=True)
class Locations:
    """Where this user's files live."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def notes_db(self) -> Path:
        return self.config_dir / "notes.sqlite3"

    @property
    def drafts_dir(self) -> Path:
        """Notes being typed in the annotation modal, one file per running reader, until saved or discarded."""
        return self.config_dir / "drafts"

    @property
    def draft_file(self) -> Path:
        """Where versions before per-reader drafts kept the one note being typed (still read, never written)."""
        return self.config_dir / "draft.json"

    @property
    def exports_dir(self) -> Path:
        """Where the reader offers to write exports of the user's notes."""
        return self.data_dir / "exports"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def catalog_db(self) -> Path:
        """The library: every article's original bytes and parsed fields (the user's data, not a cache)."""
        return self.data_dir / "library.sqlite3"

    @property
    def library_dir(self) -> Path:
        """Where versions before the catalog kept imported copies (migrated once into the catalog, never written)."""
        return self.data_dir / "articles"

    @property
    def index_dir(self) -> Path:
        return self.cache_dir / f"v{CACHE_VERSION}"

    @property
    def own_dirs(self) -> list[Path]:
        """Folders that hold the app's state: nothing the user exports may be written inside them."""
        return [self.config_dir, self.cache_dir, self.library_dir, self.catalog_db]

    def as_dict(self) -> dict[str, str]:
        return {
            "config_dir": str(self.config_dir),
            "data_dir": str(self.data_dir),
            "cache_dir": str(self.cache_dir),
            "notes_db": str(self.notes_db),
            "drafts_dir": str(self.drafts_dir),
            "exports_dir": str(self.exports_dir),
            "config_file": str(self.config_file),
            "catalog_db": str(self.catalog_db),
            "library_dir": str(self.library_dir),
            "index_dir": str(self.index_dir),
        }


def locations(environ: dict[str, str] | None = None) -> Locations:
    """The directories for this process: under ``$SAHEL_TUI_HOME`` if set, else the platform's own."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().absolute()
        return Locations(config_dir=root / "config", data_dir=root / "data", cache_dir=root / "cache")
    return Locations(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def bundled_corpus_dir() -> Path:
    """The articles that ship with sahel-tui.

    An installed wheel carries them inside the package (``sahel_tui/_corpus``); a source checkout or editable
    install reads the repository's top-level ``corpus/``.
    """
    package_dir = Path(__file__).resolve().parent
    packaged = package_dir / "_corpus"
    if packaged.is_dir():
        return packaged
    return package_dir.parent / "corpus"
