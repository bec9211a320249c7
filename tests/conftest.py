"""Shared fixtures: every test runs with SAHEL_TUI_HOME in a temporary folder, never the real home."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from sahel_tui.corpus.library import Library
from sahel_tui.paths import HOME_ENV, locations

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def collectable_after_each_test() -> Iterator[None]:
    """The app freezes what it loaded for searching out of the garbage collector's passes (it lives as long as the
    app); in a test process many apps come and go, so what they froze is handed back to the collector."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def sahel_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "sahel-home"
    monkeypatch.setenv(HOME_ENV, str(home))
    yield home
    for copy in tmp_path.glob("*/cache/language/model*"):  # the language model's copy: 100 MB a home
        copy.unlink(missing_ok=True)


@pytest.fixture
def library(sahel_home: Path) -> Library:
    return Library(locations())


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
