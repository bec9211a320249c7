"""Subscribing: the address the user typed -> the feed to store (a site's home page leads to its feed)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sahel_tui.feeds.fetching import ACCEPT_FEEDS
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


def find_feed(url: str, timeouts: Timeouts | None = None) -> FoundFeed:
    """Fetch ``url``; a feed is taken as it is, a web page for the feed it links to; :class:`FeedError` if none."""
    return asyncio.run(_find(check_url(url), timeouts))


async def _find(url: str, timeouts: Timeouts | None) -> FoundFeed:
    async with Fetcher(timeouts=timeouts) as fetcher:
        body, final, content_type = await _get(fetcher, url)
        try:
            parsed = parse_feed(body, final, content_type)
            return FoundFeed(final, parsed.title, len(parsed.entries))
        except NotAFeed as not_feed:
            candidates = discover_feeds(body, final) if b"<" in body[:4096] else []
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
