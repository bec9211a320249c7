"""Fetching feeds: 50 feeds × 200 entries served from loopback with 50 ms of latency per response, beside newsboat.

    python -m benchmarks.feeds_bench [--feeds 50] [--items 200] [--latency 0.05]

The feeds are spread over ten loopback addresses (127.0.0.1-10, each its own "site"), so the per-site limit (2)
works as it would on the Internet. Measured, each in a new process as a user would run it:

- ``sahel-tui fetch`` into an empty library (every entry new: 10,000 articles stored as their feeds state them,
  their text read later), then again with nothing new (every feed answers 304 Not Modified); the first fetch is
  run ``--rounds`` times (3), alternating with newsboat's, each into a new library and a new cache, and the
  medians are compared (one run of either swings by a tenth on this shared machine);
- ``sahel-tui fetch --read`` into another empty library: the same, and every new article's text read (HTML to
  paragraphs, the furniture rules, the language) before the command exits — what the first search after a plain
  fetch does first;
- the same fetch one feed at a time (``concurrency=1``), in-process, to show what the parallelism buys;
- newsboat (Debian's package) ``-x reload`` of the same feeds into an empty cache, with ``reload-threads 16``,
  then again (its own conditional requests, after the last round);
- the floor under sahel-tui's first fetch: the same downloads with sahel-tui's HTTP client, each feed parsed by
  its parser in two worker processes and each entry's stored bytes made, hashed and compressed, one bare row per
  entry inserted into SQLite — without reading the entries as articles (text, language, furniture rules) and
  without the catalog's columns, indexes and journal. What is left between it and ``fetch`` is that reading and
  storing.

Writes ``benchmarks/out/feeds.json``. Read the ratios: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import statistics
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
from benchmarks.library_bench import run
from benchmarks.search_bench import OUT, machine
from benchmarks.startup_bench import as_installed

SITES = 10
SAHEL_TUI = [sys.executable, "-m", "sahel_tui"]


class SlowHandler(SimpleHTTPRequestHandler):
    """A static file server that takes ``latency`` seconds before each answer (304s included)."""

    latency = 0.05

    def send_head(self):
        time.sleep(self.latency)
        return super().send_head()

    def log_message(self, *args: object) -> None:
        pass


class Sites:
    """One slow static server per loopback address, all serving the same folder."""

    def __init__(self, folder: Path, latency: float) -> None:
        handler = type("Handler", (SlowHandler,), {"latency": latency})
        self.servers = [
            ThreadingHTTPServer((f"127.0.0.{n}", 0), partial(handler, directory=str(folder)))
            for n in range(1, SITES + 1)
        ]

    def url(self, number: int, name: str) -> str:
        host, port = self.servers[number % SITES].server_address[:2]
        return f"http://{host}:{port}/{name}"

    def __enter__(self) -> Sites:
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def write_feeds(folder: Path, feeds: int, items: int) -> list[str]:
    """``feeds`` RSS files of ``items`` entries each (the synthetic news corpus); returns their file names."""
    articles, _ = synthetic.generate(feeds * items)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    names = []
    for number in range(feeds):
        entries = []
        for offset, article in enumerate(articles[number * items : (number + 1) * items]):
            body = "".join(f"<p>{html.escape(p)}</p>" for p in [article.standfirst, *article.paragraphs])
            link = f"https://site{number}.invalid/{article.id}"
            entries.append(
                f"<item><title>{html.escape(article.title)}</title><link>{link}</link><guid>{link}</guid>"
                f"<author>{html.escape(article.byline)}</author>"
                f"<pubDate>{format_datetime(start + timedelta(minutes=offset))}</pubDate>"
                f"<description>{html.escape(body)}</description></item>"
            )
        name = f"feed{number}.xml"
        (folder / name).write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Feed {number}</title><link>https://site{number}.invalid/</link>{''.join(entries)}</channel></rss>",
            encoding="utf-8",
        )
        names.append(name)
    return names


def environment(home: Path) -> dict[str, str]:
    """As an installed copy runs (bytecode cached: see ``startup_bench.as_installed``), in ``home``."""
    return as_installed({**os.environ, "SAHEL_TUI_HOME": str(home)})


def subscribe(home: Path, urls: list[str]) -> None:
    outlines = "".join(f'<outline text="feed {n}" xmlUrl="{url}"/>' for n, url in enumerate(urls))
    opml = home.parent / f"{home.name}.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    run([*SAHEL_TUI, "feeds", "import", str(opml)], environment(home))


def sahel_fetch(home: Path, *options: str) -> tuple[float, float]:
    return run([*SAHEL_TUI, "fetch", *options], environment(home))


SEQUENTIAL = """
import sys, time
from sahel_tui.corpus.library import Library
from sahel_tui.feeds.fetching import fetch_feeds
from sahel_tui.paths import locations
started = time.perf_counter()
reports = fetch_feeds(Library(locations()), concurrency=1)
assert not any(r.failed for r in reports), [r.line() for r in reports if r.failed]
"""


def sahel_sequential(home: Path) -> tuple[float, float]:
    return run([sys.executable, "-c", SEQUENTIAL], environment(home))


FLOOR = """
import asyncio, hashlib, sqlite3, sys, zlib
from concurrent.futures import ProcessPoolExecutor
from sahel_tui.corpus.feedentry import entry_bytes
from sahel_tui.feeds.http import Fetcher
from sahel_tui.feeds.parse import parse_feed

def rows_of(body, url):
    rows = []
    for entry in parse_feed(body, url, "application/xml").entries:
        key, data = entry.pop("key"), entry_bytes(entry)
        rows.append((key, hashlib.sha256(data).hexdigest(), str(entry.get("title") or ""), zlib.compress(data, 6)))
    return rows

async def fetch_all(urls, pool, db):
    loop = asyncio.get_running_loop()
    async with Fetcher() as fetcher:
        async def one(url):
            answer = await fetcher.get(url)
            rows = await loop.run_in_executor(pool, rows_of, answer.body, answer.url)
            with db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
        await asyncio.gather(*(one(url) for url in urls))

if __name__ == "__main__":
    db = sqlite3.connect(sys.argv[1])
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, sha256 TEXT, title TEXT, data BLOB)")
    with ProcessPoolExecutor(2) as pool:
        asyncio.run(fetch_all(sys.argv[2:], pool, db))
"""


def floor(work: Path, urls: list[str]) -> tuple[float, float]:
    script = work / "floor.py"
    script.write_text(FLOOR)
    return run([sys.executable, str(script), str(work / "floor.sqlite3"), *urls], environment(work / "floor-home"))


def median_run(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The median wall time of several runs of one command, with the largest peak memory among them."""
    return statistics.median(wall for wall, _ in runs), max(peak for _, peak in runs)


def newsboat(work: Path, urls: list[str]) -> dict | None:
    if shutil.which("newsboat") is None:
        return None
    work.mkdir()
    (work / "urls").write_text("\n".join(urls) + "\n")
    (work / "config").write_text("max-items 0\nreload-threads 16\n")
    env = {**os.environ, "HOME": str(work)}
    command = ["newsboat", "-u", str(work / "urls"), "-c", str(work / "cache.db"), "-C", str(work / "config"),
               "-x", "reload"]  # fmt: skip
    first = run(command, env)
    second = run(command, env)
    return {"first": first, "again": second}


def count_articles(home: Path) -> int:
    import sqlite3

    db = sqlite3.connect(home / "data" / "library.sqlite3")
    try:
        return db.execute("SELECT count(*) FROM articles WHERE origin_kind = 'feed'").fetchone()[0]
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rounds", type=int, default=3,
                        help="first fetches of each, alternating; their medians are compared")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sahel-feeds-bench-") as tmp:
        work = Path(tmp)
        served = work / "served"
        served.mkdir()
        names = write_feeds(served, args.feeds, args.items)
        with Sites(served, args.latency) as sites:
            urls = [sites.url(number, name) for number, name in enumerate(names)]
            firsts, peers = [], []
            for round_number in range(args.rounds):  # alternating, each into a new library and a new cache
                home = work / f"home-{round_number}"
                subscribe(home, urls)
                firsts.append(sahel_fetch(home))
                peers.append(newsboat(work / f"newsboat-{round_number}", urls))
            first = median_run(firsts)
            stored = count_articles(home)
            again = sahel_fetch(home)
            reading_home = work / "reading"
            subscribe(reading_home, urls)
            read_too = sahel_fetch(reading_home, "--read")
            sequential_home = work / "sequential"
            subscribe(sequential_home, urls)
            sequential = sahel_sequential(sequential_home)
            bare = floor(work, urls)
            peer = None
            if all(peers):
                peer = {"first": median_run([p["first"] for p in peers]), "again": peers[-1]["again"],
                        "first_rounds": [p["first"][0] for p in peers]}  # fmt: skip
    result = {
        "feeds": args.feeds, "items": args.items, "latency_s": args.latency, "stored": stored,
        "rounds": args.rounds, "sahel_first_rounds": [run[0] for run in firsts],
        "sahel_first": first, "sahel_read_too": read_too, "sahel_again": again, "sahel_one_at_a_time": sequential,
        "floor": bare, "newsboat": peer,
    }  # fmt: skip
    print(table(result))
    OUT.mkdir(exist_ok=True)
    report = {"machine": machine(), "date": datetime.now(UTC).isoformat(timespec="seconds"), "result": result}
    (OUT / "feeds.json").write_text(json.dumps(report, indent=2))


def table(r: dict) -> str:
    lines = [
        f"{r['feeds']} feeds x {r['items']} entries, {r['latency_s'] * 1000:.0f} ms per response, "
        f"{SITES} loopback sites ({r['stored']:,} articles stored); first fetches: the median of "
        f"{r['rounds']} alternating rounds",
        f"{'':34} {'wall':>8} {'peak MB':>8}",
        f"{'sahel-tui fetch, empty library':34} {r['sahel_first'][0]:7.2f}s {r['sahel_first'][1]:8.0f}",
        f"{'sahel-tui fetch --read (text read)':34} {r['sahel_read_too'][0]:7.2f}s {r['sahel_read_too'][1]:8.0f}",
        f"{'sahel-tui fetch, nothing new (304)':34} {r['sahel_again'][0]:7.2f}s {r['sahel_again'][1]:8.0f}",
        f"{'sahel-tui, one feed at a time':34} {r['sahel_one_at_a_time'][0]:7.2f}s {r['sahel_one_at_a_time'][1]:8.0f}",
        f"{'floor: download, parse, bare rows':34} {r['floor'][0]:7.2f}s {r['floor'][1]:8.0f}",
    ]
    peer = r["newsboat"]
    if peer:
        lines += [
            f"{'newsboat -x reload, empty cache':34} {peer['first'][0]:7.2f}s {peer['first'][1]:8.0f}",
            f"{'newsboat -x reload, again':34} {peer['again'][0]:7.2f}s {peer['again'][1]:8.0f}",
            "first fetches, round by round: sahel-tui "
            + " ".join(f"{wall:.2f}" for wall in r["sahel_first_rounds"])
            + " s; newsboat "
            + " ".join(f"{wall:.2f}" for wall in peer["first_rounds"])
            + " s",
            f"sahel-tui / newsboat: first fetch {r['sahel_first'][0] / peer['first'][0]:.2f}x, "
            f"again {r['sahel_again'][0] / peer['again'][0]:.2f}x (below 1: sahel-tui is faster); "
            f"floor / newsboat {r['floor'][0] / peer['first'][0]:.2f}x; "
            f"fetch --read / newsboat {r['sahel_read_too'][0] / peer['first'][0]:.2f}x",
        ]
    lines.append(f"parallel / one at a time: {r['sahel_first'][0] / r['sahel_one_at_a_time'][0]:.2f}x")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
