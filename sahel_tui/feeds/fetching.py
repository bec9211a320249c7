"""One fetch of the user's feeds: in parallel, conditionally, each feed's new and changed entries stored as
articles as soon as that feed is done, one report per feed (its failure never stops the others).

Per feed: skipped while the server's ``Retry-After`` runs; 304 costs one request; 410 disables the feed; 429/503
remember when to come back; a permanent redirect updates the address (and says so). Per entry: an entry sent
again exactly as before is skipped without a write; a new or changed one becomes a catalog original (see
:mod:`sahel_tui.corpus.feedentry`), its full text fetched from its link when the feed is marked full-text or the
entry is only a summary, falling back to the summary (counted, reported) when the page cannot be had.

A fetch can be stopped from another thread (the reader quitting while a server takes its time): the feeds still
waiting for the network are dropped at once and left as they were — a feed's articles and its new address, ETag
and status are stored together with no wait in between, so a feed is stored whole or not at all.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import itertools
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.corpus.library import Library
from sahel_tui.feeds.entrywork import FeedWork, build_entries, loaded, read_feed
from sahel_tui.feeds.http import CONCURRENCY, PAGE_CAP, PASSING_STATUSES, Fetcher, FetchFailed, Response, Timeouts
from sahel_tui.feeds.parse import NotAFeed
from sahel_tui.feeds.storing import Storer, Storing, entries_to_store
from sahel_tui.feeds.subscriptions import Feed, Subscriptions
from sahel_tui.parallel import MAX_WORKERS, cores, process_pool
from sahel_tui.textclean import counted

ACCEPT_FEEDS = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
                "text/xml;q=0.9, */*;q=0.5")  # fmt: skip
DEFAULT_WAIT = timedelta(hours=1)
"""How long to leave a feed alone after a 429/503 without a usable ``Retry-After``."""
MAX_WAIT = timedelta(days=1)
PROCESSES_FROM_FEEDS = 4
"""Fewer feeds are parsed in this process: starting worker processes would cost more than it saves."""
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)


IN_FLIGHT = 32
"""Feeds between the start of their download and the end of their storing, at most: a fast connection brings
feeds faster than they are parsed and stored, and each waiting feed holds its body (up to 10 MB) in memory."""
PAGE_AGAIN_FOR = timedelta(days=7)
"""While a feed has entries asked for again that it sent this recently, it is fetched without the conditional
headers: a 304 would say nothing of them, and their pages would wait for the feed's next change."""

STOP_CHECK_SECONDS = 0.1
"""How often a running fetch looks whether it was asked to stop."""

FAILURES_NAMED = 3
"""More feeds than this failing for one reason (no network: every feed) are told in one line naming a few."""


@dataclass
class FeedReport:
    feed: Feed
    status: str = "fetched"
    """``fetched``, ``not-modified``, ``skipped``, ``gone`` or ``failed``."""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    summaries: int = 0
    """Entries kept as the feed's summary because their page could not be fetched or read."""
    pages_again: int = 0
    """Of those, the entries whose page failed for the moment (no answer, a busy server): asked for again by the
    next fetch."""
    error: str | None = None
    moved_to: str | None = None
    notes: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    """Ids of the articles this fetch added or changed."""

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "gone")

    def line(self) -> str:
        """One line for the user: the feed, what happened, and why when it failed."""
        name = self.feed.name
        if self.status == "failed":
            return f"{name}: failed — {self.error}"
        if self.status == "gone":
            return f"{name}: the server says it is gone for good (410); the feed was disabled"
        if self.status == "skipped":
            return f"{name}: skipped — {self.error}"
        if self.status == "not-modified":
            return f"{name}: unchanged (not modified since the last fetch)"
        parts = [f"{self.new:,} new", f"{self.updated:,} updated", f"{self.unchanged:,} unchanged"]
        if self.rejected:
            parts.append(f"{self.rejected:,} unreadable")
        if self.summaries:
            again = f"; {self.pages_again} asked for again at the next fetch" if self.pages_again else ""
            kept = "1 kept as a summary" if self.summaries == 1 else f"{self.summaries:,} kept as summaries"
            parts.append(f"{kept} (full text unavailable{again})")
        extra = f"; moved permanently to {self.moved_to} (address updated)" if self.moved_to else ""
        notes = "".join(f"; {note}" for note in self.notes)
        return f"{name}: {', '.join(parts)}{extra}{notes}"

    def to_dict(self) -> dict:
        return {
            "feed": self.feed.id, "url": self.feed.url, "title": self.feed.title, "status": self.status,
            "new": self.new, "updated": self.updated, "unchanged": self.unchanged, "rejected": self.rejected,
            "summaries": self.summaries, "pages_again": self.pages_again, "error": self.error,
            "moved_to": self.moved_to, "notes": self.notes,
        }  # fmt: skip


def excerpts_line(reports: Sequence[FeedReport]) -> str | None:
    """One line for every entry a fetch kept as its feed's excerpt (its page could not be had), naming the feeds
    — where a line per feed would be a dozen messages over the text being read; None when there is none."""
    kept = [report for report in reports if report.summaries]
    if not kept:
        return None
    total, again = sum(report.summaries for report in kept), sum(report.pages_again for report in kept)
    feeds = ", ".join(f"{report.feed.name} {report.summaries}" for report in kept[:FAILURES_NAMED])
    if len(kept) > FAILURES_NAMED:
        feeds += f" and {counted(len(kept) - FAILURES_NAMED, 'more feed')}"
    later = f"; {again} asked for again at the next fetch" if again else ""
    entries = "1 entry" if total == 1 else f"{total:,} entries"
    return f"{entries} kept as the feed's excerpt, the full text unavailable ({feeds}){later}"


def fetch_summary(reports: Sequence[FeedReport]) -> tuple[str, str]:
    """(what the header keeps saying about the last fetch, the line said once when it ends)."""
    new, updated = sum(report.new for report in reports), sum(report.updated for report in reports)
    failed = sum(report.failed for report in reports)
    changes = ([f"{new:,} new"] if new else []) + ([f"{updated:,} updated"] if updated else [])
    note = f"{' and '.join(changes) or 'nothing new'} from the last fetch"
    summary = f"{counted(len(reports), 'feed')} fetched: {new:,} new, {updated:,} updated"
    return note, summary + (f", {failed:,} failed" if failed else "")


def failure_lines(reports: Sequence[FeedReport]) -> list[str]:
    """What to tell about the feeds that failed: a line each, except that more than :data:`FAILURES_NAMED`
    failing for the same reason — a reader with no network, a proxy refusing every site — make one line that
    gives the reason once and names the first few (forty warnings say less than one). A feed found gone for good
    (410) is always named: it was disabled, and the user should know which."""
    by_reason: dict[tuple[str, str | None], list[FeedReport]] = {}
    for report in reports:
        if report.failed:
            by_reason.setdefault((report.status, report.error), []).append(report)
    lines: list[str] = []
    for (status, reason), group in by_reason.items():
        if len(group) <= FAILURES_NAMED or reason is None or status != "failed":
            lines += [report.line() for report in group]
            continue
        names = ", ".join(report.feed.name for report in group[:FAILURES_NAMED])
        lines.append(f"{len(group)} feeds failed — {reason}: {names} and {len(group) - FAILURES_NAMED} more")
    return lines


def fetch_feeds(
    library: Library,
    feeds: list[Feed] | None = None,
    on_report: Callable[[FeedReport], None] | None = None,
    timeouts: Timeouts | None = None,
    retry_backoff: float = 1.0,
    concurrency: int = CONCURRENCY,
    processes: bool | None = None,
    stop: threading.Event | None = None,
    in_flight: int = IN_FLIGHT,
) -> list[FeedReport]:
    """Fetch ``feeds`` (every enabled one by default); blocks until all are done (run it in a worker), or until
    ``stop`` is set: the reports are then those of the feeds done by then.

    Parsing and cleaning entries is shared among worker processes (``processes``; by default when there are
    several feeds and cores): the network waits overlap with it either way. At most ``in_flight`` feeds are between
    their download and the end of their storing; they start a site at a time in turn, so that feeds waiting for
    their site's turn (two requests to a site at once) do not hold that room while other sites could be fetched.
    """
    subscriptions = Subscriptions(library.catalog)
    chosen = [feed for feed in (feeds if feeds is not None else subscriptions.all()) if feed.enabled]
    fetcher = Fetcher(timeouts=timeouts, backoff=retry_backoff, concurrency=concurrency, stop=stop)
    use_processes = processes if processes is not None else len(chosen) >= PROCESSES_FROM_FEEDS
    cpu = process_pool() if use_processes else None
    if cpu is not None:
        for _ in range(min(cores(), MAX_WORKERS)):
            cpu.submit(loaded)
    try:
        with library.catalog.one_checkpoint():
            return asyncio.run(_fetch_all(library, subscriptions, chosen, on_report, fetcher, cpu, stop, in_flight))
    finally:
        if cpu is not None:
            cpu.shutdown(cancel_futures=True)


async def _fetch_all(library, subscriptions, feeds, on_report, fetcher: Fetcher, cpu,
                     stop: threading.Event | None, in_flight: int) -> list[FeedReport]:  # fmt: skip
    storer = Storer(library, subscriptions, [feed.id for feed in feeds], since=datetime.now(UTC) - PAGE_AGAIN_FOR)
    room = asyncio.Semaphore(in_flight)
    async with fetcher:

        async def one(feed: Feed) -> FeedReport:
            try:
                async with room:  # taken before any gate of the fetcher: a feed waiting for room holds nothing
                    report = await _fetch_one(storer, fetcher, feed, cpu)
            except CatalogError as exc:
                report = FeedReport(feed, "failed", error=f"not stored: {exc}")
            if on_report is not None:
                on_report(report)
            return report

        tasks: list[asyncio.Future] = [None] * len(feeds)  # type: ignore[list-item]  (each place filled below)
        for place in sites_in_turn(feeds):  # started in this order, reported in the subscriptions' order
            tasks[place] = asyncio.ensure_future(one(feeds[place]))
        everything = asyncio.gather(*tasks)
        if stop is None:
            return list(await everything)
        watching = asyncio.ensure_future(_until_set(stop))
        await asyncio.wait([everything, watching], return_when=asyncio.FIRST_COMPLETED)
        if everything.done():
            watching.cancel()
            return list(everything.result())
        # every task asked to end, and waited for: one may outlive a cancellation (see Fetcher; a feed being
        # written ends when its write does, see storing.Storer), so it is asked again until it ends
        while pending := [task for task in tasks if not task.done()]:
            for task in pending:
                task.cancel()
            await asyncio.wait(pending, timeout=STOP_CHECK_SECONDS)
        with contextlib.suppress(asyncio.CancelledError):
            await everything
        return [task.result() for task in tasks if task.done() and not task.cancelled() and not task.exception()]


def sites_in_turn(feeds: list[Feed]) -> list[int]:
    """The feeds' places, a site at a time in turn (the first of each site, then the second of each...): the order
    their fetches start in."""
    by_site: dict[str, list[int]] = {}
    for place, feed in enumerate(feeds):
        by_site.setdefault((urlsplit(feed.url).hostname or "").lower(), []).append(place)
    turns = itertools.zip_longest(*by_site.values())
    return [place for turn in turns for place in turn if place is not None]


async def _until_set(stop: threading.Event) -> None:
    while not stop.is_set():
        await asyncio.sleep(STOP_CHECK_SECONDS)


async def _fetch_one(storer: Storer, fetcher: Fetcher, feed: Feed, cpu=None) -> FeedReport:
    subscriptions = storer.subscriptions
    now = datetime.now(UTC)
    if feed.retry_after and feed.retry_after > now.isoformat(timespec="seconds"):
        return FeedReport(feed, "skipped", error=f"the server asked us to wait until {feed.retry_after}")
    conditional = feed.id not in storer.pages_wanted_again
    try:
        response = await fetcher.get(
            feed.url,
            etag=feed.etag if conditional else None,
            last_modified=feed.last_modified if conditional else None,
            accept=ACCEPT_FEEDS,
        )
    except FetchFailed as exc:
        return _failed(subscriptions, feed, str(exc))
    if response.status == 304:
        subscriptions.update(feed.id, last_fetch=_stamp(), last_status="not-modified", last_error=None)
        return FeedReport(feed, "not-modified")
    if response.status == 410:
        subscriptions.update(feed.id, enabled=0, last_fetch=_stamp(), last_status="gone", last_error="HTTP 410 Gone")
        return FeedReport(feed, "gone", error="HTTP 410 Gone")
    if response.status in (429, 503):
        wait = response.retry_after()
        until = now + (min(timedelta(seconds=wait), MAX_WAIT) if wait is not None else DEFAULT_WAIT)
        reason = f"HTTP {response.status}: the server asked us to come back after {until.isoformat(timespec='seconds')}"
        subscriptions.update(feed.id, retry_after=until.isoformat(timespec="seconds"))
        return _failed(subscriptions, feed, reason)
    if response.status != 200:
        return _failed(subscriptions, feed, f"HTTP {response.status}")
    known = storer.known_entries[feed.id]
    content_type = response.headers.get("content-type", "")
    try:
        work = await _on_cpu(cpu, read_feed, feed.url, response.body, response.url, content_type, known,
                             feed.full_text)  # fmt: skip
    except NotAFeed as exc:
        return _failed(subscriptions, feed, str(exc))
    parsed = work.parsed
    report = FeedReport(feed, unchanged=work.unchanged)
    if parsed.warning:
        report.notes.append(parsed.warning)
    built, ask_again = await _with_pages(fetcher, feed, work, cpu)
    batch, problems, report.summaries, report.pages_again = entries_to_store(built, ask_again, known)
    report.rejected = len(problems)
    report.notes += problems
    for result in await storer.store(Storing(feed, batch, _record_of_fetch(subscriptions, feed, response, parsed,
                                                                           report))):  # fmt: skip
        if result.status == "imported":
            report.new += 1
            report.articles.append(result.article_id)
        elif result.status == "updated":
            report.updated += 1
            report.articles.append(result.article_id)
        else:
            report.unchanged += 1
    return report


def _record_of_fetch(subscriptions: Subscriptions, feed: Feed, response: Response, parsed,
                     report: FeedReport) -> dict[str, object]:  # fmt: skip
    """The changes to the feed's own record of the fetch: its validators, status, time to live, title, address."""
    changes: dict[str, object] = {
        "etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified"),
        "last_fetch": _stamp(), "last_status": "ok", "last_error": None, "retry_after": None,
    }  # fmt: skip
    changes["ttl_minutes"] = parsed.ttl_minutes
    if not feed.title and parsed.title:
        changes["title"] = parsed.title
        report.feed = replace(feed, title=parsed.title)  # a first fetch's lines name the feed, not its address
    if not feed.site_url and parsed.site_url:
        changes["site_url"] = parsed.site_url
    if response.moved_to and all(other.url != response.moved_to for other in subscriptions.all()):
        changes["url"] = response.moved_to
        report.moved_to = response.moved_to
    return changes


async def _on_cpu(cpu, function, *arguments):
    """``function(*arguments)`` in the worker process pool ``cpu`` (None: here); a broken pool falls back to here."""
    if cpu is not None:
        try:
            return await asyncio.get_running_loop().run_in_executor(cpu, function, *arguments)
        except (BrokenProcessPool, OSError):
            pass
    return function(*arguments)


async def _with_pages(fetcher: Fetcher, feed: Feed, work: FeedWork, cpu) -> tuple[list, set[str]]:
    """The feed's entries built, those that want a page once it is fetched (in the feed's order); and the keys of
    the entries whose page failed for the moment (to ask for again)."""
    if not work.wanting_pages:
        return work.built, set()
    pages = await asyncio.gather(*(_page_for(fetcher, entry) for _, _, _, entry, _ in work.wanting_pages))
    items = [(*unbuilt, page, True) for unbuilt, (page, _) in zip(work.wanting_pages, pages, strict=True)]
    ask_again = {unbuilt[1] for unbuilt, (_, passing) in zip(work.wanting_pages, pages, strict=True) if passing}
    return sorted(work.built + await _on_cpu(cpu, build_entries, feed.url, items)), ask_again


async def _page_for(fetcher: Fetcher, entry: dict) -> tuple[str | None, bool]:
    """The linked page's HTML, or None when it cannot be had (the summary is kept); and whether it failed only for
    the moment (no answer, a busy server: worth asking again at the next fetch)."""
    try:
        response: Response = await fetcher.get(str(entry["link"]), cap=PAGE_CAP, accept="text/html,*/*;q=0.5")
    except FetchFailed as exc:
        return None, exc.passing
    if response.status != 200 or "html" not in response.headers.get("content-type", "text/html"):
        return None, response.status in PASSING_STATUSES
    return response.body.decode(_charset(response), "replace"), False


def _charset(response: Response) -> str:
    """The page's character set: the header's, else its ``<meta charset>``, else UTF-8."""
    content_type = response.headers.get("content-type", "")
    declared = [value for name, _, value in (part.partition("=") for part in content_type.split(";")[1:])
                if name.strip().lower() == "charset"]  # fmt: skip
    meta = _META_CHARSET.search(response.body[:4096])
    for candidate in [*declared, meta.group(1).decode("ascii") if meta else ""]:
        name = candidate.strip().strip("\"'")
        try:
            if name and codecs.lookup(name):
                return name
        except LookupError:
            continue
    return "utf-8"


def _failed(subscriptions: Subscriptions, feed: Feed, reason: str) -> FeedReport:
    subscriptions.update(feed.id, last_fetch=_stamp(), last_status="failed", last_error=reason)
    return FeedReport(feed, "failed", error=reason)


def _stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
