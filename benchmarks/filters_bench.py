"""Opening and filtering a feed of 10,000 articles, in sahel-tui and in newsboat, timed on the screen.

    python -m benchmarks.filters_bench [--items 10000] [--rounds 3]

newsboat's users wait minutes to open a feed of 10,000 articles (newsboat issue 2350); the feeds issue asks
sahel-tui to beat that. One RSS feed of N entries (the synthetic news corpus, ~90 words each) is served from
loopback, :data:`PAGE` entries at a time, and fetched by both into fresh homes after each page. Then each program
runs in tmux at 160x45, as a user would, and each step is timed from the keys sent until the screen shows its
answer (the screen is read every 5 ms):

- sahel-tui: the start until the list shows, then until the search index is loaded (the status line's "Indexing"
  gone: keys sent earlier wait for it, which is start-up, not filtering); ``f`` then ``enter`` (the feeds view,
  then that feed's articles); ``/feed:1`` typed as a burst;
  ``/is:unread``; ``/tag:bench`` (the feed is tagged ``bench``); ``/since:…`` (the entries from the feed's
  fourth day on, :data:`SINCE_DAY`);
- newsboat (Debian's package): ``enter`` on the feed (its article list), a filter ``F`` with
  ``unread = "yes"``, and one with ``age <= N`` (the same days: its dates filter).

Writes ``benchmarks/out/filters.json``. Read the medians side by side: this machine is shared and noisy.
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
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from benchmarks import synthetic
from benchmarks.library_bench import Loopback, run
from benchmarks.search_bench import OUT, machine
from benchmarks.startup_bench import as_installed

SAHEL_TUI = [sys.executable, "-m", "sahel_tui"]
SESSION = "filters-bench"
POLL = 0.005
LOOK = 0.0
"""Seconds a user looks at the list of feeds before choosing one (``--look``; both programs are given the same)."""
TIMEOUT = 600.0
WORDS = 90
KEPT_ENV = ("SAHEL_TUI_HOME", "HOME", "PATH", "PYTHONPATH", "PYTHONPYCACHEPREFIX", "TERM", "LANG", "LC_ALL")
"""What the programs under tmux see of the environment (tmux starts them with its own)."""


START = datetime(2026, 1, 1, tzinfo=UTC)
"""The feed's first entry; each next one a minute later."""
SINCE_DAY = 3
"""The date filter keeps the entries from this many days after :data:`START` on."""

PAGE = 10_000
"""Entries a feed sends at once (about 7 MB, under sahel-tui's 10 MB cap on a feed): a bigger feed is built up over
successive fetches, as a real one is — one page at a time, each fetched by both programs."""


def write_feed(path: Path, articles: list, first: int) -> None:
    """One RSS feed of ``articles`` of about :data:`WORDS` words (enough not to be taken for summaries), the
    first of them the ``first``-th of the whole feed (its date follows the earlier pages')."""
    items = []
    for number, article in enumerate(articles, start=first):
        words = " ".join([article.standfirst, *article.paragraphs]).split()[:WORDS]
        link = f"https://bench.invalid/{article.id}"
        items.append(
            f"<item><title>{html.escape(article.title)}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(START + timedelta(minutes=number))}</pubDate>"
            f"<description>{html.escape(' '.join(words))}.</description></item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench wire</title>'
        f"<link>https://bench.invalid/</link>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    moment = time.time() + first  # a newer Last-Modified for every page: never a 304 for a new one
    os.utime(path, (moment, moment))


def screen() -> str:
    done = subprocess.run(["tmux", "capture-pane", "-p", "-t", SESSION], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the program under test is gone (its tmux session ended): {done.stderr.strip()}")
    return done.stdout


def close(*quit_keys: str) -> None:
    """Quit the program with its own keys and wait until it has exited (newsboat writes its cache and frees its
    lock as it quits: killed instead, the next round's start found the lock taken and exited)."""
    deadline = time.perf_counter() + TIMEOUT
    while subprocess.run(["tmux", "has-session", "-t", SESSION], capture_output=True).returncode == 0:
        if time.perf_counter() > deadline:
            subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
            raise SystemExit("the program under test did not quit")
        for key in quit_keys:  # one at a time: escape and a letter sent together read as alt+letter
            subprocess.run(["tmux", "send-keys", "-t", SESSION, key], capture_output=True)
            time.sleep(0.2)


def wait_for(text: str, since: float) -> float:
    """Seconds from ``since`` until ``text`` is on the screen."""
    while text not in screen():
        if time.perf_counter() - since > TIMEOUT:
            raise SystemExit(f"never on screen: {text!r}\n{screen()}")
        time.sleep(POLL)
    return time.perf_counter() - since


def wait_until_gone(text: str, since: float) -> float:
    """Seconds from ``since`` until ``text`` has left the screen."""
    while text in screen():
        if time.perf_counter() - since > TIMEOUT:
            raise SystemExit(f"never left the screen: {text!r}\n{screen()}")
        time.sleep(POLL)
    return time.perf_counter() - since


def keys(*sent: str, literal: bool = False) -> float:
    started = time.perf_counter()
    subprocess.run(["tmux", "send-keys", "-t", SESSION, *(["-l"] if literal else []), *sent], check=True)
    return started


def launch(command: list[str], env: dict[str, str], ready: str) -> float:
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    started = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", SESSION, "-x", "160", "-y", "45",
                    "env", *[f"{k}={v}" for k, v in env.items() if k in KEPT_ENV], *command], check=True)  # fmt: skip
    return wait_for(ready, started)


def sahel_round(env: dict[str, str], count: int, look: float) -> dict[str, float]:
    everything = f"{count + 3:,} articles"  # the three bundled articles too (unread as well)
    started = time.perf_counter()
    times = {"start": launch(SAHEL_TUI, env, everything)}
    times["searchable"] = wait_until_gone("Indexing", started)
    wait_for("Bench wire", keys("f"))
    time.sleep(look)
    times["feeds view, enter"] = wait_for(f"{count:,} results", keys("Enter"))
    since = (START + timedelta(days=SINCE_DAY)).date().isoformat()
    recent = count - min(count, SINCE_DAY * 24 * 60)
    for query, answer in (("feed:1", count), ("is:unread", count + 3), ("tag:bench", count),
                          (f"since:{since}", recent)):  # fmt: skip
        wait_for(everything, keys("Escape", "Escape"))  # out of the search box, then the query cleared
        keys("/")
        times[query] = wait_for(f"{answer:,} results", keys(query, literal=True))
    close("Escape", "Q")  # out of the search box, then quit
    return times


def newsboat_round(work: Path, look: float) -> dict[str, float]:
    command = ["newsboat", "-u", str(work / "urls"), "-c", str(work / "cache.db"), "-C", str(work / "config")]
    env = {"HOME": str(work), "PATH": os.environ["PATH"], "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    times = {"start": launch(command, env, "Your feeds")}
    time.sleep(look)
    times["open the feed"] = wait_for("Articles in feed", keys("Enter"))
    wait_for("Filter", keys("F"))
    keys('unread = "yes"', literal=True)
    times["unread filter"] = wait_for("matching filter", keys("Enter"))
    days = (datetime.now(UTC) - (START + timedelta(days=SINCE_DAY))).days  # newsboat's age: whole days old
    close("q")
    launch(command, env, "Your feeds")
    wait_for("Articles in feed", keys("Enter"))
    wait_for("Filter", keys("F"))
    keys(f"age <= {days}", literal=True)
    times["age filter"] = wait_for("matching filter", keys("Enter"))
    close("q")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--look", type=float, default=LOOK, help="seconds before choosing the feed")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed: each program is timed on its screen")
    with tempfile.TemporaryDirectory(prefix="sahel-filters-bench-") as tmp:
        work = Path(tmp)
        served = work / "served"
        served.mkdir()
        articles, _ = synthetic.generate(args.items)
        home = work / "home"
        env = as_installed({**os.environ, "SAHEL_TUI_HOME": str(home)})
        peer = shutil.which("newsboat") is not None
        peer_work = work / "newsboat"
        peer_work.mkdir()
        fetched = 0.0
        with Loopback(served) as server:
            url = f"{server.base}/wire.xml"
            run([*SAHEL_TUI, "feeds", "add", url, "--tag", "bench", "--no-check"], env)
            (peer_work / "urls").write_text(url + "\n")
            (peer_work / "config").write_text("max-items 0\n")
            newsboat = ["newsboat", "-u", str(peer_work / "urls"), "-c", str(peer_work / "cache.db")]
            for first in range(0, args.items, PAGE):
                write_feed(served / "wire.xml", articles[first : first + PAGE], first)
                fetched += run([*SAHEL_TUI, "fetch"], env)[0]
                if peer:
                    reload = [*newsboat, "-C", str(peer_work / "config"), "-x", "reload"]
                    run(reload, {**os.environ, "HOME": str(peer_work)})
        run([*SAHEL_TUI, "search", "bench"], env)  # the index built once, as after any first search
        sahel = [sahel_round(env, args.items, args.look) for _ in range(args.rounds)]
        theirs = [newsboat_round(peer_work, args.look) for _ in range(args.rounds)] if peer else []
    result = {"items": args.items, "rounds": args.rounds, "look_s": args.look, "fetch_s": fetched,
              "sahel": _medians(sahel), "newsboat": _medians(theirs) if theirs else None}  # fmt: skip
    print(table(result))
    OUT.mkdir(exist_ok=True)
    report = {"machine": machine(), "date": datetime.now(UTC).isoformat(timespec="seconds"), "result": result,
              "rounds": {"sahel": sahel, "newsboat": theirs}}  # fmt: skip
    (OUT / "filters.json").write_text(json.dumps(report, indent=2))


def _medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {step: statistics.median(r[step] for r in rounds) for step in rounds[0]}


def table(r: dict) -> str:
    lines = [
        f"one feed of {r['items']:,} entries; median of {r['rounds']} rounds, keys sent -> answer on screen; "
        f"the feed chosen {r['look_s']} s after the list of feeds shows"
    ]
    lines += [f"  sahel-tui {step:24} {seconds * 1000:9.0f} ms" for step, seconds in r["sahel"].items()]
    if r["newsboat"]:
        lines += [f"  newsboat  {step:24} {seconds * 1000:9.0f} ms" for step, seconds in r["newsboat"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
