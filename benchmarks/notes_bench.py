"""Saving to the notes store: what a note, a bookmark and a read mark cost, beside the store without its log
emptied after each change (how it wrote before: the log left for SQLite's automatic checkpoint).

    python -m benchmarks.notes_bench [--writes 300]

Each change is a committed transaction (``synchronous=FULL``); the shipped store then copies the log into the
database file and empties it, so the file alone is whole between changes (see ``sahel_tui/notes/store.py``). The
two stores run alternately in one process, on the same disk, in fresh folders. Writes ``benchmarks/out/notes.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.search_bench import OUT, machine
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore

TEXT = "Armed men attacked a convoy near Ménaka on Tuesday. Officials said the army repelled them." * 3


class LogLeftAlone(NotesStore):
    """The baseline: the same store, its log emptied only by SQLite's automatic checkpoint."""

    def _empty_log(self) -> None:
        pass


def timings(kind: type[NotesStore], folder: Path, writes: int) -> dict[str, list[float]]:
    store = kind.open(folder / "notes.sqlite3")
    seen: dict[str, list[float]] = {"annotate": [], "bookmark": [], "mark read": []}
    try:
        for number in range(writes):
            changes = (
                ("annotate", store.add_annotation, (f"a{number}", make_selector(TEXT, 0, 40), "a note")),
                ("bookmark", store.set_bookmark, (f"a{number}",)),
                ("mark read", store.mark_read, (f"a{number % 50}", number)),
            )
            for name, change, arguments in changes:
                start = time.perf_counter()
                change(*arguments)
                seen[name].append(time.perf_counter() - start)
    finally:
        store.close()
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, dict[str, list[float]]] = {"shipped": {}, "log left alone": {}}
    base = Path(__file__).parent / "out" / "notes-bench"
    base.mkdir(parents=True, exist_ok=True)
    for _ in range(args.rounds):  # alternating: the disk's mood lands on both
        for label, kind in (("shipped", NotesStore), ("log left alone", LogLeftAlone)):
            with tempfile.TemporaryDirectory(dir=base) as folder:
                for name, values in timings(kind, Path(folder), args.writes).items():
                    results[label].setdefault(name, []).extend(values)
    rows = {
        label: {name: {"median_ms": statistics.median(v) * 1000, "p95_ms": sorted(v)[int(len(v) * 0.95)] * 1000}
                for name, v in by_change.items()}
        for label, by_change in results.items()
    }  # fmt: skip
    print(f"{args.writes} writes of each kind x {args.rounds} rounds ({machine()})")
    print(f"{'change':<12}{'shipped p50':>14}{'p95':>9}{'log left p50':>15}{'p95':>9}{'ratio':>8}")
    for name in rows["shipped"]:
        ours, theirs = rows["shipped"][name], rows["log left alone"][name]
        print(f"{name:<12}{ours['median_ms']:>11.2f} ms{ours['p95_ms']:>6.2f} ms{theirs['median_ms']:>12.2f} ms"
              f"{theirs['p95_ms']:>6.2f} ms{ours['median_ms'] / theirs['median_ms']:>7.2f}x")  # fmt: skip
    OUT.mkdir(exist_ok=True)
    (OUT / "notes.json").write_text(json.dumps({"machine": machine(), "writes": args.writes, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
