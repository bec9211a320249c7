"""The core never imports Textual: proved in a fresh interpreter for every core module."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "sahel_tui.model",
    "sahel_tui.paths",
    "sahel_tui.textclean",
    "sahel_tui.corpus.reader",
    "sahel_tui.corpus.newsparse",
    "sahel_tui.corpus.markdown",
    "sahel_tui.corpus.library",
    "sahel_tui.config",
    "sahel_tui.reading",
    "sahel_tui.services",
    "sahel_tui.search.index",
    "sahel_tui.search.library_index",
    "sahel_tui.entities.extract",
    "sahel_tui.entities.corpus_stats",
    "sahel_tui.notes.store",
    "sahel_tui.notes.anchor",
    "sahel_tui.notes.export",
    "sahel_tui.notes.passages",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_scripting_commands_do_not_load_textual() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from sahel_tui.cli import main; "
        "r = CliRunner().invoke(main, ['list', '--json']); assert r.exit_code == 0, r.output; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
