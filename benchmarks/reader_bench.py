"""Opening an enormous article: a one-paragraph wire dump of 0.3 MB and 3 MB, beside Textual's own TextArea.

    python -m benchmarks.reader_bench [--sizes 8000,100000] [--rounds 3]

For each size a library holding the dump is made once; then, in each round, the app opens the article from its
list and the clock stops when the dump's first line is on the screen; then ``G`` until its last line is on the
screen, and ``k`` and one repaint. The keys are pressed at once, while the article's entities are still being
looked for (in a worker process, as ``sahel-tui`` runs it). The same run loads the same text into a
minimal Textual app's ``TextArea`` (which lays out lines lazily) and stops when its first line is on screen: the
floor under any Textual reader here. Writes ``benchmarks/out/reader.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.search_bench import OUT, machine


def dump_text(lines: int) -> str:
    return "A Wire Dump From Ménaka\n\n" + "\n".join(f"entry n{n} of a wire dump from Ménaka" for n in range(lines))


def shown(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def until(pilot, condition, seconds: float = 60.0) -> bool:
    """Wait for ``condition``; False if it did not hold within ``seconds`` (an older version that never shows
    the end of the article, for one)."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await pilot.pause()
    return True


async def sahel_round(lines: int) -> dict[str, float]:
    from sahel_tui.tui.app import make_app
    from sahel_tui.tui.widgets.article_list import ArticleList

    last = re.compile(rf"\bn{lines - 1}\b")
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await until(pilot, lambda: app.main_screen is not None and app.main_screen.query(ArticleList))
        listing = app.main_screen.query_one(ArticleList)
        await until(pilot, lambda: any(entry.article_id == "dump" for entry in listing.entries))
        screen = app.main_screen  # the library loaded, then indexed (its workers start one after the other)
        await until(pilot, lambda: screen.searcher is not None and not screen._indexing(), seconds=120)
        listing.focus()
        listing.move_cursor(row=listing.get_row_index("dump"))
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("enter")
        await until(pilot, lambda: "n0 of a wire" in shown(app))
        opened = time.perf_counter() - started
        started = time.perf_counter()
        await pilot.press("G")
        reached = await until(pilot, lambda: last.search(shown(app)) is not None, seconds=20)
        to_end = time.perf_counter() - started if reached else float("nan")
        started = time.perf_counter()
        await pilot.press("k")  # the sentence before the last: the cursor's highlight moves on the screen
        await pilot.pause()
        step = time.perf_counter() - started
    return {"open_s": opened, "to_end_s": to_end, "step_s": step}


async def floor_round(text: str) -> float:
    from textual.app import App
    from textual.widgets import TextArea

    class Floor(App):
        def compose(self):
            yield TextArea(id="text", read_only=True, soft_wrap=True)

    async with Floor().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        pilot.app.query_one(TextArea).load_text(text)
        await until(pilot, lambda: "n0 of a wire" in shown(pilot.app))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="8000,100000", help="lines of the dump (about 38 bytes each)")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    from sahel_tui.parallel import prepare

    prepare()  # as `sahel-tui` does before the app takes the terminal: the app may then use worker processes
    results = []
    for lines in (int(size) for size in options.sizes.split(",")):
        with tempfile.TemporaryDirectory() as home:
            os.environ["SAHEL_TUI_HOME"] = home
            from sahel_tui.corpus.library import Library
            from sahel_tui.paths import locations

            text = dump_text(lines)
            path = Path(home) / "dump.txt"
            path.write_text(text + "\n", encoding="utf-8")
            Library(locations()).import_paths([path])
            rounds = [asyncio.run(sahel_round(lines)) for _ in range(options.rounds)]
            floors = [asyncio.run(floor_round(text)) for _ in range(options.rounds)]
        megabytes = round(len(text.encode()) / 1e6, 2)
        result = {"lines": lines, "megabytes": megabytes, "floor_open_s": statistics.median(floors)}
        for key in ("open_s", "to_end_s", "step_s"):
            result[key] = statistics.median(r[key] for r in rounds)  # nan: the end was never shown
        results.append(result)
    print(f"{'dump':>8} {'open':>8} {'TextArea':>9} {'ratio':>6} {'G to end':>9} {'k':>8}")
    for r in results:
        ratio = r["open_s"] / r["floor_open_s"]
        to_end = "never" if r["to_end_s"] != r["to_end_s"] else f"{r['to_end_s']:.2f}s"  # nan: not shown
        print(f"{r['megabytes']:>6.2f}MB {r['open_s']:>7.2f}s {r['floor_open_s']:>8.2f}s {ratio:>5.2f}x "
              f"{to_end:>9} {r['step_s'] * 1000:>6.0f}ms")  # fmt: skip
    print("open: enter in the list until the first line is on screen; TextArea: the same text loaded into Textual's "
          "TextArea in a minimal app, until its first line is on screen (same run); medians of the rounds")  # fmt: skip
    OUT.mkdir(exist_ok=True)
    (OUT / "reader.json").write_text(json.dumps({"machine": machine(), "results": results}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
