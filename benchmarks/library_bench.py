"""The library at scale: importing, listing, adding and searching N articles, beside newsboat in the same run.

    python -m benchmarks.library_bench [--sizes 2000,10000] [--runs 3]

For each size N a fresh home gets N synthetic articles (the search benchmark's corpus, written as scraped text
files) and every step runs as the installed command would, in a new process: ``sahel-tui import`` of the folder,
``list --json`` (the 50 newest, and all), the first ``search`` (which builds the index and entity figures), a warm
``search``, then adding 1,000 more articles (import + the search that brings index and entities up to date), and
the app's first screen with the list filled (headless Pilot, beside a minimal Textual app). newsboat (Debian's
package) reloads the same N articles served once as RSS from a loopback HTTP server, in the same run. Wall time
and each process's own peak memory (``wait4``) are reported; read the ratios, this machine is shared and noisy.
Writes ``benchmarks/out/library.json``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks import synthetic
from benchmarks.search_bench import OUT, machine
from benchmarks.startup_bench import MINIMAL, SAHEL, as_installed

SAHEL_TUI = [sys.executable, "-m", "sahel_tui"]
TYPING = """
import asyncio, json, sys, time
from textual import events
from sahel_tui.tui.app import make_app

QUERIES = ["wagner bamako", "mnaka", "tillaberi convoy", "ouagadougou"]

async def typed(pilot):
    app = pilot.app
    while app.main_screen is None or app.main_screen.searcher is None:
        await pilot.pause(0.01)
    screen, waits = app.main_screen, []
    for query in QUERIES:
        await pilot.press("slash")
        await pilot.pause(0.2)
        for position in range(1, len(query) + 1):
            char = query[position - 1]
            started = time.perf_counter()
            app.post_message(events.Key("space" if char == " " else char, char))  # as the terminal driver does
            while screen._listed_query != query[:position] or screen._dirty_widgets:
                await asyncio.sleep(0.0005)
            waits.append((time.perf_counter() - started) * 1000)
        await pilot.press("escape", "escape")
        await pilot.pause(0.2)
    print(json.dumps(waits), file=sys.stderr)
    app.exit()

make_app().run(headless=True, auto_pilot=typed, size=(160, 45))
"""
TEXTUAL_FLOOR = """
import asyncio, json, sys, time
from textual import events, on
from textual.app import App
from textual.widgets import Footer, Header, Input, Static

QUERIES = ["wagner bamako", "mnaka", "tillaberi convoy", "ouagadougou"]

class Floor(App):
    shown = ""

    def compose(self):
        yield Header()
        yield Input()
        yield Static()
        yield Footer()

    @on(Input.Changed)
    def changed(self, event):
        self.query_one(Static).update("\\n".join(f"{event.value} {i}" for i in range(40)))
        self.sub_title = f"{len(event.value)} results"
        self.shown = event.value

async def typed(pilot):
    app, waits = pilot.app, []
    box = app.query_one(Input)
    for query in QUERIES:
        box.focus()
        await pilot.pause(0.2)
        for position in range(1, len(query) + 1):
            char = query[position - 1]
            started = time.perf_counter()
            app.post_message(events.Key("space" if char == " " else char, char))
            while app.shown != query[:position] or app.screen._dirty_widgets:
                await asyncio.sleep(0.0005)
            waits.append((time.perf_counter() - started) * 1000)
        box.value = ""
    print(json.dumps(waits), file=sys.stderr)
    app.exit()

Floor().run(headless=True, auto_pilot=typed, size=(160, 45))
"""
"""The same keystrokes into the least a Textual search screen can be: a header, an input, 40 lines redrawn per
keystroke and a footer. Its latency is the floor under any Textual app's, ours included."""
ADDED = 1000


def run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one process; its output is discarded, a failure stops the benchmark.

    Memory is read by GNU time from a small parent: a child forked from this (large) benchmark process would
    report this process's own peak, which Linux carries across the fork and exec.
    """
    timer = shutil.which("time") or "/usr/bin/time"
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        done = subprocess.run([timer, "-q", "-f", "%M", "-o", rss.name, *command], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        elapsed = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
        peak_kib = int(rss.read().split()[-1])
    return elapsed, peak_kib / 1024


def write_files(articles: list[synthetic.SyntheticArticle], folder: Path) -> None:
    folder.mkdir(parents=True)
    for article in articles:
        body = "\n\n".join([article.title, f"By {article.byline}", article.standfirst, *article.paragraphs])
        (folder / f"{article.id}.txt").write_text(body + "\n", encoding="utf-8")


def write_rss(articles: list[synthetic.SyntheticArticle], path: Path, base: str) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    items = []
    for number, article in enumerate(articles):
        body = "".join(f"<p>{html.escape(p)}</p>" for p in [article.standfirst, *article.paragraphs])
        items.append(
            f"<item><title>{html.escape(article.title)}</title><link>{base}/{article.id}</link>"
            f"<guid>{base}/{article.id}</guid><author>{html.escape(article.byline)}</author>"
            f"<pubDate>{format_datetime(start + timedelta(minutes=number))}</pubDate>"
            f"<description>{html.escape(body)}</description></item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>'
        f"<link>{base}</link><description>synthetic</description>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )


class Loopback:
    """A static file server on 127.0.0.1 for the duration of a ``with`` block."""

    def __init__(self, folder: Path) -> None:
        handler = partial(QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Loopback:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def newsboat_reload(rss: Path, work: Path) -> tuple[float, float] | None:
    """newsboat taking in the N items of ``rss`` served from loopback, into an empty cache."""
    if shutil.which("newsboat") is None:
        return None
    with Loopback(rss.parent) as server:
        urls = work / "urls"
        urls.write_text(f"{server.base}/{rss.name}\n")
        (work / "config").write_text("max-items 0\n")
        cache = work / "cache.db"
        cache.unlink(missing_ok=True)
        env = {**os.environ, "HOME": str(work)}
        return run(["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(work / "config"), "-x", "reload"], env)


def keystrokes(env: dict[str, str], script: str = TYPING) -> dict[str, float]:
    """Keystroke to redrawn list in the app (headless): each letter of a few queries posted as the terminal driver
    posts it, timed until the list shows that query's results and no widget waits to be repainted."""
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    waits = json.loads(done.stderr.strip().splitlines()[-1])
    return {"p50": statistics.median(waits), "max": max(waits), "count": len(waits)}


def disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench_size(count: int, runs: int, work: Path) -> dict:
    articles, _ = synthetic.generate(count + ADDED)
    files, more = work / "files", work / "more"
    write_files(articles[:count], files)
    write_files(articles[count:], more)
    write_rss(articles[:count], work / "feed.xml", "http://127.0.0.1/articles")
    os.sync()  # the files just written go to disk now, not while the import or newsboat is being timed
    home = work / "home"
    env = as_installed({**os.environ, "SAHEL_TUI_HOME": str(home)})
    result: dict[str, object] = {"articles": count}
    result["import"] = run([*SAHEL_TUI, "import", str(files)], env)
    result["newsboat_reload"] = newsboat_reload(work / "feed.xml", work)
    result["list_json_50"] = min(run([*SAHEL_TUI, "list", "--json", "--limit", "50"], env) for _ in range(runs))
    result["list_json_all"] = min(run([*SAHEL_TUI, "list", "--json"], env) for _ in range(runs))
    result["first_search"] = run([*SAHEL_TUI, "search", "mali"], env)
    result["warm_search"] = min(run([*SAHEL_TUI, "search", "wagner", "bamako"], env) for _ in range(runs))
    added_import = run([*SAHEL_TUI, "import", str(more)], env)
    added_sync = run([*SAHEL_TUI, "search", "mali"], env)
    result["add_1000"] = {"import": added_import, "index_and_entities": added_sync,
                          "total_s": added_import[0] + added_sync[0]}  # fmt: skip
    result["catalog_mb"] = disk_mb(home / "data")
    result["language_model_mb"] = disk_mb(home / "cache" / "language")  # the same whatever the library's size
    result["cache_mb"] = disk_mb(home / "cache") - result["language_model_mb"]  # the index and entity figures
    result["keystroke_ms"] = keystrokes(env)
    result["keystroke_floor_ms"] = keystrokes(env, TEXTUAL_FLOOR)
    minimal = [run([sys.executable, "-c", MINIMAL], env)[0] for _ in range(runs)]
    app = [run([sys.executable, "-c", SAHEL], env) for _ in range(runs)]
    result["first_screen"] = {
        "minimal_s": statistics.median(minimal),
        "sahel_s": statistics.median(t for t, _ in app),
        "sahel_mb": max(m for _, m in app),
    }
    return result


def table(results: list[dict]) -> str:
    lines = [f"{'articles':>9} {'import':>9} {'newsboat':>9} {'ratio':>6} {'list 50':>8} {'list all':>9} "
             f"{'1st search':>11} {'warm':>7} {'add 1k':>8} {'screen+':>8} {'build MB':>9} {'app MB':>7} "
             f"{'catalog':>8} {'cache':>7} {'key p50/max':>12} {'floor':>10}"]  # fmt: skip
    for r in results:
        newsboat = r["newsboat_reload"]
        ratio = f"{r['import'][0] / newsboat[0]:5.2f}x" if newsboat else "   —"
        screen = r["first_screen"]
        lines.append(
            f"{r['articles']:>9,} {r['import'][0]:8.2f}s {newsboat[0] if newsboat else float('nan'):8.2f}s {ratio:>6} "
            f"{r['list_json_50'][0]:7.2f}s {r['list_json_all'][0]:8.2f}s {r['first_search'][0]:10.2f}s "
            f"{r['warm_search'][0]:6.2f}s {r['add_1000']['total_s']:7.2f}s "
            f"{screen['sahel_s'] - screen['minimal_s']:+7.2f}s {r['first_search'][1]:8.0f} {screen['sahel_mb']:6.0f} "
            f"{r['catalog_mb']:6.1f}MB {r['cache_mb']:5.1f}MB "
            f"{r['keystroke_ms']['p50']:5.0f}/{r['keystroke_ms']['max']:.0f}ms"
            f" {r['keystroke_floor_ms']['p50']:5.0f}/{r['keystroke_floor_ms']['max']:.0f}ms"
        )
    lines.append("ratio: sahel-tui import / newsboat reload of the same articles as RSS (below 1: sahel-tui is faster);"
                 " screen+: the app's first screen with the list filled, minus a minimal Textual app's;"
                 " floor: the same keystrokes into a minimal Textual search screen;"
                 " cache: the index and entity figures (the language model's mapped copy, the same whatever the"
                 " library, is left out)")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="sahel-library-bench-") as work:
            results.append(bench_size(size, args.runs, Path(work)))
        print(table(results[-1:]), flush=True)
    print()
    print(table(results))
    OUT.mkdir(exist_ok=True)
    report = {"machine": machine(), "date": datetime.now(UTC).isoformat(timespec="seconds"), "results": results}
    (OUT / "library.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
