"""Search benchmark: sahel-tui's index beside SQLite FTS5, tantivy and a naive rapidfuzz scan, same corpus, same run.

    pip install '.[bench]'
    python -m benchmarks.search_bench            # 1k and 10k articles
    python -m benchmarks.search_bench --full     # and 100k

Prints a table per corpus size and writes ``benchmarks/out/search.json``. Each engine runs in its own process,
one after the other, so memory figures are its own and engines do not compete for the two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import synthetic
from benchmarks.engines import ENGINES

OUT = Path(__file__).parent / "out"


def machine() -> str:
    cpu = "unknown cpu"
    with contextlib.suppress(OSError):
        names = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        cpu = names[0].split(":", 1)[1].strip() if names else cpu
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
    )


def run_engine(name: str, corpus: Path, queries: Path, workdir: Path) -> dict:
    result: dict = {"engine": name}
    for phase in ("build", "query"):
        completed = subprocess.run(
            [sys.executable, "-m", "benchmarks.engines", phase, name, str(corpus), str(queries), str(workdir)],
            capture_output=True, text=True, cwd=Path(__file__).parent.parent,
        )  # fmt: skip
        if completed.returncode != 0:
            return {"engine": name, "error": completed.stderr.strip().splitlines()[-1:]}
        result |= json.loads(completed.stdout)
    return result


def table(size: int, results: list[dict]) -> str:
    categories = ["clean", "1 typo", "2 typos", "first letter"]
    head = (
        f"{'engine':<16} {'p50':>7} {'p95':>7} {'max':>7} {'short':>7} {'build':>7} {'open':>7} {'disk':>7} "
        f"{'mem':>6} {'build-mem':>6}  " + "  ".join(f"{c[:12]:>12}" for c in categories) + "  nonsense"
    )
    lines = [f"== {size:,} articles (latency ms per keystroke; recall@10 / MRR) ==", head]
    for r in results:
        if "error" in r:
            lines.append(f"{r['engine']:<16} failed: {r['error']}")
            continue
        quality = "  ".join(
            f"{r['quality'][c]['recall@10']:.2f}/{r['quality'][c]['mrr']:.2f}".rjust(12) for c in categories
        )
        lines.append(
            f"{r['engine']:<16} {r['p50_ms']:7.2f} {r['p95_ms']:7.2f} {r['max_ms']:7.1f} {r['short_p50_ms']:7.2f} "
            f"{r['build_s']:6.2f}s {r['open_ms']:6.0f}ms {r['size_mb']:5.1f}MB {r['open_rss_mb']:5.0f}M "
            f"{r['build_peak_rss_mb']:5.0f}M  {quality}  {r['nonsense_with_results']}/{r['nonsense_queries']}"
        )
    ours = next((r for r in results if r["engine"] == "sahel-tui" and "error" not in r), None)
    if ours:
        for r in results:
            if r is not ours and "error" not in r:
                lines.append(
                    f"  sahel-tui / {r['engine']}: p50 {ours['p50_ms'] / r['p50_ms']:.2f}x, "
                    f"p95 {ours['p95_ms'] / r['p95_ms']:.2f}x, max {ours['max_ms'] / r['max_ms']:.2f}x, "
                    f"build {ours['build_s'] / max(r['build_s'], 1e-3):.1f}x  (below 1: sahel-tui is faster)"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also 100k articles")
    parser.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (overrides the defaults)")
    parser.add_argument("--engines", nargs="*", default=list(ENGINES), choices=list(ENGINES))
    args = parser.parse_args()
    sizes = args.sizes or ([1_000, 10_000, 100_000] if args.full else [1_000, 10_000])
    OUT.mkdir(exist_ok=True)
    report = {"machine": machine(), "date": datetime.now(UTC).isoformat(timespec="seconds"), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="sahel-bench-") as scratch:
        for size in sizes:
            corpus, queries = synthetic.write(OUT / "data", size)
            results = [run_engine(name, corpus, queries, Path(scratch) / name) for name in args.engines]
            report["sizes"][str(size)] = results
            print(table(size, results), flush=True)
            print()
    (OUT / "search.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"machine: {report['machine']}\nwrote {OUT / 'search.json'}")


if __name__ == "__main__":
    main()
