"""Start-up time: sahel-tui's first usable screen beside a minimal Textual app, measured the same way.

    python -m benchmarks.startup_bench [--runs N]

Each run is a fresh interpreter (imports included) that starts the app headless and exits as soon as its first
screen is ready — for sahel-tui, the article list filled with the bundled articles; for the minimal app, its one
label on screen. Reports the median and spread of wall time from launch, and sahel-tui's overhead. Target: the
first screen within 0.5 s of the minimal app. Writes ``benchmarks/out/startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.search_bench import OUT, machine

MINIMAL = """
import os
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("hello")

async def ready(pilot):
    await pilot.pause()
    os._exit(0)  # the first screen is up: that is the moment measured (not the shutdown after it)

Minimal().run(headless=True, auto_pilot=ready, size=(120, 40))
"""

SAHEL = """
import os
from sahel_tui.tui.app import make_app
from sahel_tui.tui.widgets.article_list import ArticleList

async def ready(pilot):
    app = pilot.app
    while app.main_screen is None or not app.main_screen.query(ArticleList) or not app.main_screen.query_one(
        ArticleList
    ).row_count:
        await pilot.pause(0.002)
    os._exit(0)  # the list is filled: measured here, not after the indexing thread a shutdown would wait for

make_app().run(headless=True, auto_pilot=ready, size=(120, 40))
"""


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` with Python's bytecode cache on, as a user's installed copy runs: pip compiles an installed package
    beside its sources, but a developer's shell may forbid writing bytecode (``PYTHONDONTWRITEBYTECODE``, which
    this machine sets) — and an editable install then compiles every module of ours at every start (~70 ms here),
    while Textual's, compiled at its install, never pay it. Our package is compiled where pip would put it (its
    ``__pycache__``, ignored by git); no ``PYTHONPYCACHEPREFIX``: with one, Python reads no bytecode beside any
    source, so the first command timed would compile numpy, Textual and the standard library too (1.5 s here)."""
    import sahel_tui

    installed = {
        key: value for key, value in env.items() if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    }
    package = str(Path(sahel_tui.__file__).parent)
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], env=installed, check=True)  # as pip does
    return installed


def timed(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sahel-startup-") as home:
        env = as_installed({**os.environ, "SAHEL_TUI_HOME": home})
        timed(SAHEL, env)  # first launch builds the index and caches: measured separately below
        results = {"minimal": [], "sahel-tui (warm cache)": []}
        for _ in range(args.runs):
            results["minimal"].append(timed(MINIMAL, env))
            results["sahel-tui (warm cache)"].append(timed(SAHEL, env))
    with tempfile.TemporaryDirectory(prefix="sahel-startup-") as home:
        env = as_installed({**os.environ, "SAHEL_TUI_HOME": home})
        results["sahel-tui (first launch)"] = [timed(SAHEL, env)]
    print(f"{'app':<26} {'median':>8} {'min':>8} {'max':>8}")
    for name, times in results.items():
        print(f"{name:<26} {statistics.median(times):7.3f}s {min(times):7.3f}s {max(times):7.3f}s")
    overhead = statistics.median(results["sahel-tui (warm cache)"]) - statistics.median(results["minimal"])
    print(f"sahel-tui's first screen: +{overhead:.3f} s over a minimal Textual app (target: <= 0.2 s)")
    report = {"machine": machine(), "runs": args.runs, "seconds": results, "overhead_s": overhead}
    OUT.mkdir(exist_ok=True)
    (OUT / "startup.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"machine: {report['machine']}\nwrote {OUT / 'startup.json'}")


if __name__ == "__main__":
    main()
