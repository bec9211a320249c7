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


@pytest.fixture(autouse=True)
def patient_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app gives up waiting, after a second or two, for a key's turn or a screen's content — a safety valve
    that never fires in a test on an idle machine, but could under load (three workers on two cores) and let a
    burst's keys through out of turn: a test would then fail on the machine's speed. How soon the app answers is
    the benchmarks' business, never a test's."""
    from sahel_tui.tui import keys_in_turn

    monkeypatch.setattr(keys_in_turn, "TURN_TIMEOUT", 5.0)
    monkeypatch.setattr(keys_in_turn, "SCREEN_WAIT", 10.0)
