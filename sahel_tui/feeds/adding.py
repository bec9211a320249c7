"""Subscribing: the address the user typed -> the feed to store (a site's home page leads to its feed)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass

from sahel_tui.feeds.fetching import ACCEPT_FEEDS, STOP_CHECK_SECONDS
from sahel_tui.feeds.http import Fetcher, FetchFailed, Timeouts
from sahel_tui.feeds.parse import NotAFeed, discover_feeds, parse_feed
from sahel_tui.feeds.subscriptions import FeedError, check_url


@dataclass(frozen=True)
class FoundFeed:
    url: str
    title: str | None
    entries: int
    via: str | None = None
    """The page that advertised the feed, when the user gave a page."""


def find_feed(url: str, timeouts: Timeouts | None = None, stop: threading.Event | None = None) -> FoundFeed:
    """Fetch ``url``; a feed is taken as it is, a web page for the feed it links to; :class:`FeedError` if none.
    ``stop``: set from another thread (the reader quitting while a server takes its time), the search ends at once
    with :class:`FeedError`."""
    return asyncio.run(_find_unless_stopped(check_url(url), timeouts, stop))


async def _find_unless_stopped(url: str, timeouts: Timeouts | None, stop: threading.Event | None) -> FoundFeed:
    if stop is None:
        return await _find(url, timeouts)
    finding = asyncio.ensure_future(_find(url, timeouts, stop))
    while not finding.done() and not stop.is_set():
        await asyncio.wait([finding], timeout=STOP_CHECK_SECONDS)
    if not finding.done():
        finding.cancel()
    with contextlib.suppress(asyncio.CancelledError, FeedError):
        await finding
    if finding.cancelled() or (stop.is_set() and finding.exception() is not None):
        raise FeedError(f"{url}: stopped before an answer came")
    return finding.result()


async def _find(url: str, timeouts: Timeouts | None, stop: threading.Event | None = None) -> FoundFeed:
    async with Fetcher(timeouts=timeouts, stop=stop) as fetcher:
        body, final, content_type = await _get(fetcher, url)
        try:
            parsed = parse_feed(body, final, content_type)
            return FoundFeed(final, parsed.title, len(parsed.entries))
        except NotAFeed as not_feed:
            candidates = discover_feeds(body, final) if b"<" in body[:4096] else []
            if not candidates and _is_web_page(body, content_type):
                raise FeedError(f"{url}: a web page that links to no feed (no RSS, Atom or JSON Feed address in its "
                                "<link rel=\"alternate\"> tags)") from None  # fmt: skip
            if not candidates:
                raise FeedError(f"{url}: not a feed and no feed is linked from it ({not_feed})") from None
        problems = []
        for candidate in candidates[:4]:
            try:
                body, final_candidate, content_type = await _get(fetcher, candidate)
                parsed = parse_feed(body, final_candidate, content_type)
                return FoundFeed(final_candidate, parsed.title, len(parsed.entries), via=url)
            except (FeedError, NotAFeed) as exc:
                problems.append(str(exc))
        raise FeedError(f"{url}: the feeds it links to could not be read ({'; '.join(problems)[:200]})")


async def _get(fetcher: Fetcher, url: str) -> tuple[bytes, str, str]:
    try:
        response = await fetcher.get(url, accept=ACCEPT_FEEDS + ", text/html;q=0.8")
    except FetchFailed as exc:
        raise FeedError(f"{url}: {exc}") from None
    if response.status != 200:
        raise FeedError(f"{url}: HTTP {response.status}")
    return response.body, response.moved_to or response.url, response.headers.get("content-type", "")


def _is_web_page(body: bytes, content_type: str) -> bool:
    """An HTML page (said so by the server, or starting like one), not a broken feed."""
    start = body[:512].lstrip().lower()
    return "html" in content_type.lower() or start.startswith((b"<!doctype html", b"<html"))
