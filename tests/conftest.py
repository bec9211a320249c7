"""Shared fixtures: every test runs with SAHEL_TUI_HOME in a temporary folder, never the real home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sahel_tui.corpus.library import Library
from sahel_tui.paths import HOME_ENV, locations

FIXTURES = Path(__file__).parent / "fixtures"


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
