"""Storing what a fetch read: feeds written together when they wait together, each one whole or not at all, one
feed's failure only its own. Faults are made by the real database (a trigger refusing a write), never a mock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedxml import with_whole_texts

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.corpus.library import Library
from sahel_tui.feeds.entrywork import read_feed
from sahel_tui.feeds.storing import Storer, Storing, entries_to_store
from sahel_tui.feeds.subscriptions import Subscriptions
from sahel_tui.paths import locations

WIRE = with_whole_texts((Path(__file__).parent / "fixtures" / "feeds" / "sahel-wire.rss").read_bytes())


def job_of(subscriptions: Subscriptions, url: str, body: bytes) -> Storing:
    feed = subscriptions.add(url)
    work = read_feed(url, body, url, "application/rss+xml", {}, False)
    batch, problems, _, _ = entries_to_store(work.built, set(), {})
    assert batch and not problems
    return Storing(feed, batch, {"last_status": "ok", "title": work.parsed.title})


def refuse(sql: str) -> None:
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:
        db.execute(sql)


async def store_together(storer: Storer, jobs: list[Storing]) -> list:
    return await asyncio.gather(*(storer.store(job) for job in jobs), return_exceptions=True)


@pytest.mark.parametrize("refused", ["articles", "record"])
def test_feeds_waiting_together_are_written_together_and_one_failing_fails_alone(refused: str) -> None:
    """Three feeds handed in at once make one write; the second cannot be stored (its articles refused, or its own
    record of the fetch): the group is written again a feed at a time, and only that feed fails — none of its
    articles stored without its record, nor its record without its articles."""
    library = Library(locations())
    subscriptions = Subscriptions(library.catalog)
    bodies = [WIRE.replace(b"sahel-wire.invalid", f"site{n}.invalid".encode()) for n in range(3)]
    jobs = [job_of(subscriptions, f"https://site{n}.invalid/feed", body) for n, body in enumerate(bodies)]
    if refused == "articles":
        refuse("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.origin LIKE '%site1.invalid%' "
               "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")  # fmt: skip
    else:
        refuse(f"CREATE TRIGGER refuse BEFORE UPDATE ON feeds WHEN NEW.id = {jobs[1].feed.id} "
               "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")  # fmt: skip
    writes: list[int] = []
    storer = Storer(library, subscriptions, [job.feed.id for job in jobs], since=datetime.now(UTC))
    write = storer._write
    storer._write = lambda group: (writes.append(len(group)), write(group))[1]

    first, second, third = asyncio.run(store_together(storer, jobs))

    assert writes[0] == 3, "the three were written in one transaction first"
    assert isinstance(second, CatalogError) and "refused by the test" in str(second)
    assert [result.status for result in first] == [result.status for result in third] == ["imported"] * 2
    feeds = {feed.id: feed for feed in subscriptions.all()}
    assert [feeds[job.feed.id].last_status for job in jobs] == ["ok", None, "ok"]
    assert len(subscriptions.articles_of(jobs[1].feed.id)) == 0
    origins = {origin for _, origin in (library.catalog.origin_of(h.id) for h in library.headlines())}
    assert not any("site1.invalid" in origin for origin in origins)
    assert sum("site0.invalid" in origin for origin in origins) == 2


def test_a_fetch_stopped_while_a_feed_is_written_waits_for_it_tells_it_and_drops_what_still_waits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reader quits (the fetch is asked to stop) while the writer is writing: what is being written is stored
    whole and reported; a feed whose turn had not come (still waiting, or still downloading) is not stored at all,
    nor reported, and its record is untouched."""
    from pytest_httpserver import HTTPServer
    from werkzeug import Response

    from sahel_tui.feeds import fetching as fetching_module
    from sahel_tui.feeds.fetching import fetch_feeds

    writing, go_on, stop = threading.Event(), threading.Event(), threading.Event()
    written: list[int] = []
    write = Storer._write

    def held(storer: Storer, group: list[Storing]) -> None:  # the real write, once the test lets it go on
        written.extend(job.feed.id for job in group)
        writing.set()
        assert go_on.wait(timeout=30), "never released"
        write(storer, group)

    monkeypatch.setattr(Storer, "_write", held)
    noticed = threading.Event()
    until_set = fetching_module._until_set

    async def noticing(event: threading.Event) -> None:  # the real watch, telling the test when it saw the stop
        await until_set(event)
        noticed.set()

    monkeypatch.setattr(fetching_module, "_until_set", noticing)
    library = Library(locations())
    subscriptions = Subscriptions(library.catalog)
    late = threading.Event()
    with HTTPServer(host="127.0.0.1", port=0, threaded=True) as server:
        bodies = [WIRE.replace(b"sahel-wire.invalid", f"site{n}.invalid".encode()) for n in range(3)]
        for n in range(2):
            server.expect_request(f"/feed{n}.rss").respond_with_data(bodies[n], content_type="application/rss+xml")
        server.expect_request("/feed2.rss").respond_with_handler(  # still downloading when the fetch is stopped
            lambda _: (late.wait(timeout=30), Response(bodies[2], content_type="application/rss+xml"))[1]
        )
        feeds = [subscriptions.add(server.url_for(f"/feed{n}.rss")) for n in range(3)]
        done: list = []
        fetching = threading.Thread(target=lambda: done.append(
            fetch_feeds(library, feeds, retry_backoff=0, processes=False, stop=stop)))  # fmt: skip
        fetching.start()
        try:
            assert writing.wait(timeout=30), "nothing was ever written"
            stop.set()
            assert noticed.wait(timeout=30)
            go_on.set()  # the fetch is cancelling its tasks meanwhile: the one whose feed is being written waits
            fetching.join(timeout=30)
            assert not fetching.is_alive()
        finally:
            late.set()
    [reports] = done
    assert written and sorted(report.feed.id for report in reports) == sorted(written)
    assert all(report.new == 2 for report in reports)
    for feed in subscriptions.all():
        stored = feed.id in written
        assert (feed.last_status == "ok", len(subscriptions.articles_of(feed.id))) == (stored, 2 * stored)


def test_a_feed_waits_for_room_before_it_is_downloaded_while_earlier_ones_are_not_yet_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fast connection brings feeds faster than they are read and stored, and each waiting feed holds its body
    in memory (400 big feeds: 276 MB, against 140 MB with the room bounded). With room for one feed and the
    writer held on the first, the second is not even asked for; once the first is stored, all are."""
    from pytest_httpserver import HTTPServer
    from werkzeug import Response

    from sahel_tui.feeds.fetching import fetch_feeds

    writing, go_on = threading.Event(), threading.Event()
    write = Storer._write

    def held(storer: Storer, group: list[Storing]) -> None:  # the real write, once the test lets it go on
        writing.set()
        assert go_on.wait(timeout=30), "never released"
        write(storer, group)

    monkeypatch.setattr(Storer, "_write", held)
    library = Library(locations())
    subscriptions = Subscriptions(library.catalog)
    asked: list[tuple[int, bool]] = []  # each feed as the server is asked for it, and whether the writer was free
    with HTTPServer(host="127.0.0.1", port=0, threaded=True) as server:
        for n in range(3):
            body = WIRE.replace(b"sahel-wire.invalid", f"site{n}.invalid".encode())
            server.expect_request(f"/feed{n}.rss").respond_with_handler(
                lambda _, n=n, body=body: (asked.append((n, go_on.is_set())),
                                           Response(body, content_type="application/rss+xml"))[1])  # fmt: skip
        feeds = [subscriptions.add(server.url_for(f"/feed{n}.rss")) for n in range(3)]
        done: list = []
        fetching = threading.Thread(target=lambda: done.append(
            fetch_feeds(library, feeds, retry_backoff=0, processes=False, in_flight=1)))  # fmt: skip
        fetching.start()
        try:
            assert writing.wait(timeout=30), "nothing was ever written"
            assert asked == [(0, False)]  # the second feed could have been downloading since the start
        finally:
            go_on.set()
            fetching.join(timeout=30)
    assert not fetching.is_alive()
    [reports] = done
    assert [report.new for report in reports] == [2, 2, 2]
    assert [n for n, _ in asked] == [0, 1, 2] and all(free for _, free in asked[1:])
