"""The core never imports Textual: proved in a fresh interpreter for every core module."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _core_modules() -> list[str]:
    """Every module of the package but the app (``tui``) and the entry points: found, not listed by hand."""
    import pkgutil

    import sahel_tui

    found = [m.name for m in pkgutil.walk_packages(sahel_tui.__path__, "sahel_tui.")]
    outside = ("sahel_tui.tui", "sahel_tui.cli", "sahel_tui.__main__")
    return sorted(name for name in found if not name.startswith(outside))


CORE_MODULES = _core_modules()


def test_the_core_is_found() -> None:
    assert {"sahel_tui.notes.drafts", "sahel_tui.notes.store", "sahel_tui.search.index"} <= set(CORE_MODULES)


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


def test_the_reader_starts_without_the_network_and_extraction_libraries() -> None:
    """They cost a quarter of a second to import: loaded by the first fetch or import that needs them. The index
    (numpy) and the entity matcher are loaded after the first screen, by the indexing worker and the first article
    opened."""
    heavy = ("httpx", "feedparser", "trafilatura", "py3langid", "lxml", "numpy", "sahel_tui.entities.extract")
    code = f"import sys, sahel_tui.tui.app; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_search_of_an_indexed_library_does_not_load_the_parsing_and_extraction_rules() -> None:
    """A warm ``search`` reads parsed fields and entity figures from disk: the rules that make them (hundreds of
    compiled patterns, the entity matcher, the worker pool) are loaded only by work that needs them."""
    rules = ("sahel_tui.corpus.newsparse", "sahel_tui.corpus.parsing", "sahel_tui.entities.extract",
             "sahel_tui.parallel")  # fmt: skip
    code = (
        "import sys; from click.testing import CliRunner; from sahel_tui.cli import main; "
        "r = CliRunner().invoke(main, ['search', 'wagner']); assert r.exit_code == 0, r.output; "
        f"print(sorted(m for m in {rules!r} if m in sys.modules))"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert first.stdout.strip() != "[]", "the first search builds the index and figures: the rules are needed"
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert warm.stdout.strip() == "[]"


def test_no_module_is_longer_than_six_hundred_lines() -> None:
    """Small modules with one idea each: one that grows past 600 lines is split by idea, not left to grow."""
    from pathlib import Path

    import sahel_tui

    package = Path(sahel_tui.__file__).parent
    sizes = {path.relative_to(package): len(path.read_text(encoding="utf-8").splitlines())
             for path in package.rglob("*.py")}  # fmt: skip
    assert len(sizes) > 50
    assert {str(path): lines for path, lines in sizes.items() if lines > 600} == {}
