"""Storing what a fetch read: each feed's new and changed entries, its record of them and its own record of the
fetch (validators, status), written together in one transaction — a feed is stored whole or not at all.

Feeds come in faster than they are written when a fetch brings thousands of entries: the feeds waiting when the
writer is free are written in one transaction, not one each (a commit, its sync and the indexes' pages written
again for each feed were a third of the writing). The writing runs in a thread, so the event loop goes on
downloading meanwhile (SQLite lets go of the interpreter while it writes). A group that cannot be written is
tried again a feed at a time, so that one feed's failure is only that feed's.
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from sahel_tui.corpus.catalog import CatalogError, Incoming, Stored
from sahel_tui.corpus.library import Library
from sahel_tui.feeds.subscriptions import PAGE_AGAIN, Feed, Subscriptions

PAGE_TRIES = 5
"""How many fetches ask for a page that keeps failing for the moment; then the entry stays the feed's excerpt."""


@dataclass
class Storing:
    """One feed's share of a write: its entries (key, digest, item) oldest first, and its record's changes."""

    feed: Feed
    batch: list[tuple[str, str, Incoming]]
    changes: dict[str, object]
    started: bool = False
    """Its transaction is being written: a fetch stopped now waits for it (it will be stored, and told)."""
    stored: list[Stored] = field(default_factory=list)


class Storer:
    """Writes feeds as they are handed in (see the module's docstring); one per fetch, used from its event loop."""

    def __init__(self, library: Library, subscriptions: Subscriptions, feed_ids: list[int], since: datetime) -> None:
        self.library, self.subscriptions = library, subscriptions
        self.known_entries = subscriptions.known_entries(feed_ids)
        """Each feed's entries as recorded at the last fetch: read once, before any write (a question asked from
        the event loop while the writer writes would hold up every download)."""
        self.pages_wanted_again = subscriptions.pages_wanted_again(since)
        """The feeds with entries whose page failed for the moment since ``since``: fetched unconditionally."""
        self._waiting: list[tuple[Storing, asyncio.Future]] = []
        self._writer: asyncio.Task | None = None

    async def store(self, job: Storing) -> list[Stored]:
        """Stores ``job``; what became of each of its entries. A cancelled caller whose job is being written
        waits for the write to end; one whose job is still waiting takes it back (nothing of it is stored)."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((job, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write_waiting())
        while True:
            try:
                return await asyncio.shield(done)
            except asyncio.CancelledError:
                if not job.started:
                    self._waiting = [(other, future) for other, future in self._waiting if other is not job]
                    raise

    async def _write_waiting(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            for job, _ in group:
                job.started = True
            try:
                await _to_the_end(self._write, [job for job, _ in group])
            except CatalogError as exc:
                if len(group) == 1:
                    group[0][1].set_exception(exc)
                    continue
                for job, done in group:  # one at a time: the failure is only the feed's whose it is
                    try:
                        await _to_the_end(self._write, [job])
                    except CatalogError as alone:
                        done.set_exception(alone)
                    else:
                        done.set_result(job.stored)
                continue
            except Exception as exc:  # not the catalog's: a fault of this program, told to every feed's task
                for _, done in group:
                    done.set_exception(exc)
                continue
            for job, done in group:
                done.set_result(job.stored)

    def _write(self, jobs: list[Storing]) -> None:
        items = [incoming for job in jobs for _, _, incoming in job.batch]

        def records(db: sqlite3.Connection, stored: list[Stored]) -> None:
            start = 0
            for job in jobs:
                job.stored = stored[start : start + len(job.batch)]
                start += len(job.batch)
                links = [(key, result.article_id, digest)
                         for (key, digest, _), result in zip(job.batch, job.stored, strict=True)]  # fmt: skip
                self.subscriptions.link(job.feed.id, links, db)
                self.subscriptions.update(job.feed.id, db, **job.changes)

        self.library.catalog.add(items, then=records)


async def _to_the_end(function, *arguments) -> object:
    """``function(*arguments)``'s result, run in a thread and waited for even when the waiting task is cancelled
    meanwhile (the end of a stopped fetch): a write begun is a write told, never a feed's task left waiting for
    ever."""
    writing = asyncio.ensure_future(asyncio.to_thread(function, *arguments))
    while True:
        try:
            return await asyncio.shield(writing)
        except asyncio.CancelledError:
            if writing.done():
                return writing.result()


def entries_to_store(built: list, ask_again: set[str], known: dict[str, str]) -> tuple[list, list[str], int, int]:
    """A feed's built entries -> (key, digest, item) of those to store, oldest first (see :func:`oldest_first`);
    the problems of those that could not be read; how many are kept as summaries, and how many of those are asked
    for again (their page failed for the moment, :data:`PAGE_TRIES` times at most: counted in their digest)."""
    batch: list[tuple[str, str, Incoming]] = []
    problems: list[str] = []
    summaries = again = 0
    for _, key, digest, incoming, problem, summary in built:
        if incoming is None:
            problems.append(problem or "")
            continue
        summaries += summary
        tries = page_tries(known.get(key)) + 1
        if summary and key in ask_again and tries < PAGE_TRIES:
            again += 1
            digest = f"{PAGE_AGAIN}{tries}:{digest}"
        batch.append((key, digest, incoming))
    return oldest_first(batch), problems, summaries, again


def oldest_first(batch: list[tuple[str, str, Incoming]]) -> list[tuple[str, str, Incoming]]:
    """A feed's entries in the order to store them, so the list (the most recently stored first) shows the newest
    on top: by their own date, the undated before the dated; among equals, against the document's order, which
    feeds give newest first."""
    return sorted(batch, key=lambda item: item[2].article.date or "", reverse=True)[::-1]


def page_tries(recorded: str | None) -> int:
    """How many fetches have asked for an entry's page so far, from the digest recorded for it: 0 unless it is
    marked to be asked for again (``page-again:<tries>:<digest>``)."""
    if not recorded or not recorded.startswith(PAGE_AGAIN):
        return 0
    tries, _, _ = recorded[len(PAGE_AGAIN) :].partition(":")
    return int(tries) if tries.isdigit() else 1
