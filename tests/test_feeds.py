"""Feeds fetched from a real HTTP server on 127.0.0.1: formats, conditional GET, redirects, errors, limits and
hostile input. Every feed here was written for these tests."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import threading
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from feedxml import rss_of, with_whole_texts
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from sahel_tui.catalog_views import CatalogFilters
from sahel_tui.cli import main
from sahel_tui.corpus.library import Library
from sahel_tui.feeds.fetching import fetch_feeds
from sahel_tui.feeds.http import FEED_CAP, Timeouts
from sahel_tui.feeds.subscriptions import Subscriptions
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
RSS = (FEEDS / "sahel-wire.rss").read_bytes()
ATOM = (FEEDS / "atom-brief.xml").read_bytes()
QUICK = Timeouts(connect=2, read=0.5, total=5)


@pytest.fixture
def server():
    with HTTPServer(host="127.0.0.1", port=0, threaded=True) as running:
        yield running


@pytest.fixture
def library() -> Library:
    return Library(locations())


def subscribe(library: Library, url: str, **options):
    return Subscriptions(library.catalog).add(url, **options)


def fetch(library: Library, **options):
    options.setdefault("retry_backoff", 0)
    return fetch_feeds(library, **options)


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rss_entries_become_articles_with_date_byline_and_language(server: HTTPServer, library: Library) -> None:
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    subscribe(library, server.url_for("/wire.rss"))
    [report] = fetch(library)
    assert (report.status, report.new, report.failed) == ("fetched", 2, False)
    articles = {a.title: a for a in library.newest()}
    english = articles["Herders and farmers agree on grazing corridors near Tahoua"]
    assert (english.date, english.byline, english.lang) == ("2025-06-07", "Fatima Abdou", "en")
    assert english.source == "sahel-wire.invalid"
    assert english.source_url == "https://sahel-wire.invalid/2025/06/tahoua-corridors"
    assert "alert" not in english.body_text and "never" not in english.body_text
    french = articles["Les transporteurs reprennent la route de Djibo"]
    assert (french.date, french.lang) == ("2025-06-08", "fr")
    feed = Subscriptions(library.catalog).all()[0]
    assert feed.title == "Sahel Wire" and feed.items == 2 and feed.last_status == "ok"


FULL_RSS = with_whole_texts(RSS)
"""The wire's two entries carrying their whole text: no page to fetch for them."""


def test_a_fetch_stores_entries_as_their_feed_states_them_and_reads_them_when_first_needed(
    server: HTTPServer, library: Library
) -> None:
    """Reading an entry's text is most of a fetch's work: the fetch stores what the feed states (listed at once),
    and the text is read when the article is opened, or before search takes it in."""
    from sahel_tui.services import synced_search_data

    server.expect_request("/wire.rss").respond_with_data(FULL_RSS, content_type="application/rss+xml")
    subscribe(library, server.url_for("/wire.rss"))
    [report] = fetch(library)
    assert report.new == 2 and library.catalog.stale_count(unread_only=True) == 2
    listed = {headline.title: headline for headline in library.headlines()}
    english = listed["Herders and farmers agree on grazing corridors near Tahoua"]
    assert (english.date, english.byline, english.source) == ("2025-06-07", "Fatima Abdou", "sahel-wire.invalid")
    assert library.catalog.get(english.id).paragraphs == ()
    assert stored_raw(english.id), "compressed once read: compressing was a tenth of a fetch's work"
    opened = library.get(english.id)
    assert opened.lang == "en" and "grazing corridors" in opened.body_text and "alert" not in opened.body_text
    assert opened.feed == "Sahel Wire" and library.catalog.get(english.id).paragraphs == ()
    [many] = library.get_many([english.id]).values()  # what the index asks for: read and stored
    assert many.paragraphs == opened.paragraphs == library.catalog.get(english.id).paragraphs
    assert library.catalog.stale_count(unread_only=True) == 1 and not stored_raw(english.id)
    assert json.loads(library.catalog.original(english.id))["title"] == english.title
    index, _ = synced_search_data(library)
    try:
        french = listed["Les transporteurs reprennent la route de Djibo"]
        assert library.catalog.stale_count() == 0 and library.catalog.get(french.id).lang == "fr"
        assert [hit.article_id for hit in index.search("embuscades").hits] == [french.id]
    finally:
        index.close()


def stored_raw(article_id: str) -> bool:
    with closing(sqlite3.connect(locations().catalog_db)) as db:
        first = db.execute("SELECT substr(original, 1, 1) FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
    return first == b"{"


def test_fetch_read_reads_the_new_entries_before_it_exits_and_search_reads_them_otherwise(
    server: HTTPServer,
) -> None:
    server.expect_request("/wire.rss").respond_with_data(FULL_RSS, content_type="application/rss+xml")
    assert cli("feeds", "add", server.url_for("/wire.rss")).exit_code == 0
    assert cli("fetch").exit_code == 0
    assert Library(locations()).catalog.stale_count(unread_only=True) == 2
    found = cli("search", "--json", "embuscades")
    assert found.exit_code == 0, found.output
    assert [hit["title"] for hit in json.loads(found.stdout)] == ["Les transporteurs reprennent la route de Djibo"]
    assert Library(locations()).catalog.stale_count(unread_only=True) == 0
    server.clear()
    server.expect_request("/wire.rss").respond_with_data(FULL_RSS.replace(b"wire-100", b"wire-300"),
                                                         content_type="application/rss+xml")  # fmt: skip
    assert cli("fetch").exit_code == 0 and Library(locations()).catalog.stale_count(unread_only=True) == 2
    counted = cli("entities", "--json")  # the library's entities are the new articles' too: read first
    assert counted.exit_code == 0 and Library(locations()).catalog.stale_count(unread_only=True) == 0
    assert {"Djibo", "Tahoua"} <= {row["name"] for row in json.loads(counted.stdout)}
    server.clear()
    server.expect_request("/wire.rss").respond_with_data(FULL_RSS.replace(b"wire-100", b"wire-200"),
                                                         content_type="application/rss+xml")  # fmt: skip
    assert cli("fetch", "--read").exit_code == 0
    assert Library(locations()).catalog.stale_count(unread_only=True) == 0


def test_atom_and_json_feed(server: HTTPServer, library: Library) -> None:
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": "Notes de Gao", "language": "fr",
        "items": [{"id": "g1", "url": "https://gao.invalid/1", "title": "Le marché de Gao rouvre",
                   "authors": [{"name": "Oumar Maïga"}], "date_published": "2025-01-15T07:00:00Z",
                   "content_html": "<p>Les commerçants du grand marché de Gao ont repris leurs activités lundi, une "
                                   "semaine après l'incendie qui avait détruit une partie des étals.</p>"}],
    }  # fmt: skip
    server.expect_request("/brief.atom").respond_with_data(ATOM, content_type="application/atom+xml")
    server.expect_request("/gao.json").respond_with_data(json.dumps(json_feed), content_type="application/feed+json")
    subscribe(library, server.url_for("/brief.atom"))
    subscribe(library, server.url_for("/gao.json"))
    reports = fetch(library)
    assert [(r.status, r.new) for r in reports] == [("fetched", 1), ("fetched", 1)]
    articles = {a.title: a for a in library.newest()}
    segou = articles["Ségou : une école rouvre après deux ans de fermeture"]
    assert (segou.byline, segou.date, segou.lang) == ("Aminata Keïta", "2025-03-12", "fr")
    gao = articles["Le marché de Gao rouvre"]
    assert (gao.byline, gao.date) == ("Oumar Maïga", "2025-01-15")


def test_second_fetch_is_conditional_and_a_304_stores_nothing(server: HTTPServer, library: Library) -> None:
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(RSS, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    server.expect_request("/wire.rss").respond_with_handler(handler)
    subscribe(library, server.url_for("/wire.rss"))
    assert fetch(library)[0].new == 2
    changes = library.catalog.changes()
    [again] = fetch(library)
    assert again.status == "not-modified" and again.line().endswith("unchanged (not modified since the last fetch)")
    assert library.catalog.count() == 5  # three bundled + two
    assert [request.headers.get("If-None-Match") for request, _ in server.log] == [None, '"v1"']
    assert library.catalog.changes() - changes <= 1  # only the feed's fetch time was written


def test_an_entry_sent_again_unchanged_costs_nothing_and_a_changed_one_updates_its_article(
    server: HTTPServer, library: Library
) -> None:
    bodies = [RSS, RSS, RSS.replace(b"ending weeks of tension", b"ending months of tension")]
    server.expect_request("/wire.rss").respond_with_handler(
        lambda request: Response(bodies.pop(0), content_type="application/rss+xml")
    )
    subscribe(library, server.url_for("/wire.rss"))
    first = fetch(library)[0]
    ids = sorted(first.articles)
    second = fetch(library)[0]
    assert (second.new, second.updated, second.unchanged) == (0, 0, 2)
    third = fetch(library)[0]
    assert (third.new, third.updated, third.unchanged) == (0, 1, 1)
    assert sorted(a.id for a in library.newest() if not a.bundled) == ids  # the same article, changed in place
    changed = library.get(third.articles[0])
    assert changed is not None and "ending months of tension" in changed.anchor_text


def test_the_same_link_in_two_feeds_is_one_article_listed_under_both(server: HTTPServer, library: Library) -> None:
    server.expect_request("/a.rss").respond_with_data(RSS, content_type="application/rss+xml")
    server.expect_request("/b.rss").respond_with_data(RSS, content_type="application/rss+xml")
    first = subscribe(library, server.url_for("/a.rss"))
    second = subscribe(library, server.url_for("/b.rss"))
    reports = fetch(library)
    assert sum(r.new for r in reports) == 2
    subscriptions = Subscriptions(library.catalog)
    assert subscriptions.articles_of(first.id) == subscriptions.articles_of(second.id)
    some_article = min(subscriptions.articles_of(first.id))
    assert sorted(subscriptions.feeds_of(some_article)) == [first.id, second.id]


def test_a_fetch_lists_each_feed_newest_first_whatever_order_its_document_has(
    server: HTTPServer, library: Library
) -> None:
    dated = [("Mardi", "Tue, 03 Mar 2026 08:00:00 +0000"), ("Jeudi", "Thu, 05 Mar 2026 08:00:00 +0000"),
             ("Mercredi", "Wed, 04 Mar 2026 08:00:00 +0000")]  # fmt: skip
    server.expect_request("/dated.rss").respond_with_data(rss_of(dated), content_type="application/rss+xml")
    subscribe(library, server.url_for("/dated.rss"))
    fetch(library)
    assert [a.title for a in library.newest(limit=3)] == ["Jeudi", "Mercredi", "Mardi"]
    undated = [("Premier", None), ("Deuxième", None), ("Troisième", None)]
    server.expect_request("/undated.rss").respond_with_data(rss_of(undated), content_type="application/rss+xml")
    fetch(library, feeds=[subscribe(library, server.url_for("/undated.rss"))])
    assert [a.title for a in library.newest(limit=3)] == ["Premier", "Deuxième", "Troisième"]


def test_permanent_redirect_updates_the_address_temporary_does_not(server: HTTPServer, library: Library) -> None:
    server.expect_request("/old.rss").respond_with_response(Response(status=301, headers={"Location": "/new.rss"}))
    server.expect_request("/moving.rss").respond_with_response(Response(status=302, headers={"Location": "/new.rss"}))
    server.expect_request("/new.rss").respond_with_data(RSS, content_type="application/rss+xml")
    moved = subscribe(library, server.url_for("/old.rss"))
    visiting = subscribe(library, server.url_for("/moving.rss"))
    reports = {r.feed.id: r for r in fetch(library)}
    assert reports[moved.id].moved_to == server.url_for("/new.rss")
    assert "moved permanently" in reports[moved.id].line()
    assert reports[visiting.id].moved_to is None
    urls = {feed.id: feed.url for feed in Subscriptions(library.catalog).all()}
    assert urls == {moved.id: server.url_for("/new.rss"), visiting.id: server.url_for("/moving.rss")}


def test_gone_disables_and_too_many_requests_waits(server: HTTPServer, library: Library) -> None:
    server.expect_request("/gone.rss").respond_with_response(Response(status=410))
    server.expect_request("/busy.rss").respond_with_response(Response(status=429, headers={"Retry-After": "120"}))
    gone = subscribe(library, server.url_for("/gone.rss"))
    busy = subscribe(library, server.url_for("/busy.rss"))
    reports = {r.feed.id: r for r in fetch(library)}
    assert reports[gone.id].status == "gone" and "410" in reports[gone.id].line()
    assert reports[busy.id].status == "failed" and "come back after" in reports[busy.id].line()
    feeds = {feed.id: feed for feed in Subscriptions(library.catalog).all()}
    assert not feeds[gone.id].enabled
    requests_before = len(server.log)
    [later] = fetch(library)  # the disabled feed is not fetched; the busy one is left alone until its time
    assert later.status == "skipped" and later.feed.id == busy.id
    assert len(server.log) == requests_before


def stalling(server: HTTPServer, path: str) -> tuple[threading.Event, threading.Event]:
    """``path`` served by a handler that holds its answer (the feed) until ``release`` is set; ``asked`` is set when
    the request arrives. Returns (asked, release): set ``release`` in a ``finally``."""
    asked, release = threading.Event(), threading.Event()

    def stalls(request: Request) -> Response:
        asked.set()
        release.wait(60)
        return Response(RSS, content_type="application/rss+xml")

    server.expect_request(path).respond_with_handler(stalls)
    return asked, release


def test_a_server_that_never_answers_times_out_and_the_other_feeds_go_on(server: HTTPServer, library: Library) -> None:
    _, release = stalling(server, "/stalls.rss")
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    slow = subscribe(library, server.url_for("/stalls.rss"))
    subscribe(library, server.url_for("/wire.rss"))
    try:
        reports = {r.feed.id: r for r in fetch(library, timeouts=QUICK)}
    finally:
        release.set()
    assert reports[slow.id].status == "failed" and "timed out" in reports[slow.id].error
    assert sum(r.new for r in reports.values()) == 2
    assert Subscriptions(library.catalog).get(slow.id).last_error == reports[slow.id].error


def test_a_fetch_asked_to_stop_ends_without_waiting_for_a_slow_server_and_keeps_what_was_done(
    server: HTTPServer, library: Library
) -> None:
    """The reader quitting mid-fetch sets ``stop``: the fetch returns at once, not after the read timeout; the feed
    done by then is stored and reported, the one still waiting is left exactly as it was."""
    asked, release = stalling(server, "/stalls.rss")
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    slow = subscribe(library, server.url_for("/stalls.rss"))
    quick = subscribe(library, server.url_for("/wire.rss"))
    stop, stored, result = threading.Event(), threading.Event(), []

    def reported(report) -> None:
        if report.feed.id == quick.id:
            stored.set()

    patient = Timeouts(connect=60, read=600, total=900)
    fetching = threading.Thread(target=lambda: result.append(fetch(library, timeouts=patient, on_report=reported,
                                                                     stop=stop)))  # fmt: skip
    fetching.start()
    try:
        assert asked.wait(30) and stored.wait(30), "the slow feed was asked and the quick one stored"
        stop.set()
        fetching.join(60)
        assert not fetching.is_alive(), "the fetch waited for the slow server"
    finally:
        release.set()
        fetching.join(60)
    [reports] = result
    assert [(r.feed.id, r.status, r.new) for r in reports] == [(quick.id, "fetched", 2)]
    assert len(reports[0].articles) == 2 and all(library.catalog.original(a) for a in reports[0].articles)
    assert Subscriptions(library.catalog).get(quick.id).last_status == "ok"
    untouched = Subscriptions(library.catalog).get(slow.id)
    assert (untouched.last_fetch, untouched.last_status, untouched.etag) == (slow.last_fetch, slow.last_status, None)


def test_looking_for_a_feed_asked_to_stop_ends_without_waiting_for_a_slow_server(server: HTTPServer) -> None:
    """The feeds view's subscribing runs while the reader may quit: ``stop`` ends it at once, not after the
    timeouts, with one line — set while the server holds its answer, or before anything was asked."""
    from sahel_tui.feeds.adding import find_feed
    from sahel_tui.feeds.subscriptions import FeedError

    asked, release = stalling(server, "/stalls.rss")
    stop, outcome = threading.Event(), []

    def look() -> None:
        try:
            outcome.append(find_feed(server.url_for("/stalls.rss"), Timeouts(connect=60, read=600, total=900), stop))
        except FeedError as exc:
            outcome.append(exc)

    looking = threading.Thread(target=look)
    looking.start()
    try:
        assert asked.wait(30), "the server was asked"
        stop.set()
        looking.join(60)
        assert not looking.is_alive(), "it waited for the slow server"
    finally:
        release.set()
        looking.join(60)
    assert "stopped before an answer came" in str(outcome[0])
    already = threading.Event()
    already.set()
    with pytest.raises(FeedError, match="stopped"):
        find_feed(server.url_for("/stalls.rss"), QUICK, already)


@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_during_a_fetch_says_what_was_stored_and_exits_130(
    server: HTTPServer, library: Library, as_json: bool
) -> None:
    """``sahel-tui fetch`` interrupted while a server takes its time: the feeds already listed are stored, the one
    still waiting is left as it was, and the command says so and exits 130, as an interrupted command does; with
    ``--json``, the reports of the feeds done are printed then (they are written at the end otherwise)."""
    import signal
    import subprocess
    import sys

    release, quick_done = threading.Event(), threading.Event()

    def stalls(request: Request) -> Response:
        release.wait(60)
        return Response(RSS, content_type="application/rss+xml")

    def asked_once_the_quick_feed_is_stored(request: Request) -> Response:
        quick_done.set()
        return stalls(request)

    # two requests at once per site: the third feed is asked for only once the quick one's slot is free, and the
    # quick one is stored and reported before anything else runs (fewer than four feeds are read in the fetching
    # process itself; its entries are whole, so no page is fetched in between)
    server.expect_request("/stalls.rss").respond_with_handler(stalls)
    whole = " ".join(["Herders moved their cattle south of the river after the rains came late this year."] * 8)
    items = "".join(f"<item><title>Herders move south, day {day}</title><guid>day-{day}</guid>"
                    f"<description>{whole} Day {day}.</description></item>" for day in (1, 2))  # fmt: skip
    full_text = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    # whole entries: no page to fetch, so nothing to wait for between the feed's answer and its report
    server.expect_request("/wire.rss").respond_with_data(full_text, content_type="application/rss+xml")
    server.expect_request("/later.rss").respond_with_handler(asked_once_the_quick_feed_is_stored)
    slow = subscribe(library, server.url_for("/stalls.rss"))
    quick = subscribe(library, server.url_for("/wire.rss"), title="Quick wire")
    later = subscribe(library, server.url_for("/later.rss"))
    command = subprocess.Popen([sys.executable, "-m", "sahel_tui", "fetch", *(["--json"] if as_json else [])],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert quick_done.wait(60), "the quick feed was never done"
        command.send_signal(signal.SIGINT)
        output, errors = command.communicate(timeout=60)
    finally:
        release.set()
        command.kill()
    assert command.returncode == 130 and "interrupted" in errors and "Traceback" not in errors
    if as_json:
        assert [(r["feed"], r["status"], r["new"]) for r in json.loads(output)] == [(quick.id, "fetched", 2)]
    else:
        assert "Quick wire: 2 new" in output
    feeds = Subscriptions(library.catalog)
    assert feeds.get(quick.id).last_status == "ok" and len(feeds.articles_of(quick.id)) == 2
    for untouched in (slow, later):
        assert (feeds.get(untouched.id).last_fetch, feeds.get(untouched.id).last_status) == (None, None)


def test_a_huge_body_and_a_gzip_bomb_stop_at_the_cap(server: HTTPServer, library: Library) -> None:
    def endless(request: Request) -> Response:
        chunk = b"<!-- padding -->" * 4096
        return Response((chunk for _ in range(50 * 1024 * 1024 // len(chunk))), content_type="application/rss+xml")

    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < FEED_CAP // 50
    server.expect_request("/huge.rss").respond_with_handler(endless)
    server.expect_request("/bomb.rss").respond_with_data(bomb, headers={"Content-Encoding": "gzip"},
                                                         content_type="application/rss+xml")  # fmt: skip
    subscribe(library, server.url_for("/huge.rss"))
    subscribe(library, server.url_for("/bomb.rss"))
    reports = fetch(library)
    assert [r.status for r in reports] == ["failed", "failed"]
    assert all("larger than the 10 MB allowed" in r.error for r in reports)


def test_hostile_and_broken_feeds_are_refused_with_a_reason_the_rest_goes_on(
    server: HTTPServer, library: Library
) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<rss version="2.0"><channel><title>&b;</title><item><title>&b;</title></item></channel>'
              b"</rss>")  # fmt: skip
    external = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<rss version="2.0"><channel><title>&x;</title></channel></rss>')  # fmt: skip
    server.expect_request("/laughs.rss").respond_with_data(laughs, content_type="application/rss+xml")
    server.expect_request("/external.rss").respond_with_data(external, content_type="application/rss+xml")
    server.expect_request("/page.rss").respond_with_data(b"<html><body>Not a feed</body></html>",
                                                         content_type="text/html")  # fmt: skip
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    for path in ("/laughs.rss", "/external.rss", "/page.rss", "/wire.rss"):
        subscribe(library, server.url_for(path))
    reports = fetch(library)
    assert [r.status for r in reports] == ["failed", "failed", "failed", "fetched"]
    assert "entity" in reports[0].error and "entity" in reports[1].error
    assert "not RSS, Atom or JSON Feed" in reports[2].error
    assert not any("root:" in a.body_text for a in library.newest())


def test_malformed_xml_is_read_leniently_and_said_once(server: HTTPServer, library: Library) -> None:
    broken = RSS.replace(b"</item>\n<item>", b"</item>\n<item><unclosed>", 1).replace(b"</channel>", b"")
    server.expect_request("/broken.rss").respond_with_data(broken, content_type="application/rss+xml")
    subscribe(library, server.url_for("/broken.rss"))
    [report] = fetch(library)
    assert report.status == "fetched" and report.new == 2
    assert any("read leniently" in note for note in report.notes)


def test_html_entities_in_a_feed_are_read_as_characters_without_a_warning(server: HTTPServer, library: Library) -> None:
    """Feeds made from HTML templates write ``&eacute;`` and ``&nbsp;``, which XML does not define: the whole feed
    was read leniently and "read leniently (undefined entity)" said at every fetch. They are the characters HTML
    says; a name HTML does not know either still makes the feed malformed, and that is still said."""
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Actualit&eacute;s du Faso</title>
    <item><title>Soci&eacute;t&eacute;&nbsp;: la rentr&eacute;e &agrave; Ouagadougou</title><guid>r-1</guid>
    <description>&lt;p&gt;Les &eacute;l&egrave;ves de la capitale ont repris le chemin de l&rsquo;&eacute;cole lundi
    matin, apr&egrave;s trois mois de vacances, dans des classes souvent surcharg&eacute;es.&lt;/p&gt;</description>
    </item></channel></rss>"""
    server.expect_request("/faso.rss").respond_with_data(feed.encode(), content_type="application/rss+xml")
    odd = feed.replace("Soci&eacute;t&eacute;", "&Oslashz;").replace("r-1", "r-2")  # no such name, in XML or HTML
    server.expect_request("/odd.rss").respond_with_data(odd.encode(), content_type="application/rss+xml")
    subscribe(library, server.url_for("/faso.rss"))
    subscribe(library, server.url_for("/odd.rss"))
    faso, odd = fetch(library)
    assert (faso.new, faso.notes) == (1, [])
    assert any("read leniently" in note for note in odd.notes)
    [article] = [a for a in library.newest() if a.title.startswith("Société")]
    assert article.title == "Société : la rentrée à Ouagadougou"  # the no-break space, as every title's spaces
    assert "Les élèves de la capitale ont repris le chemin de l’école" in article.body_text
    assert Subscriptions(library.catalog).all()[0].title == "Actualités du Faso"


def test_a_wrong_charset_declaration_does_not_garble_or_stop_the_feed(server: HTTPServer, library: Library) -> None:
    latin = RSS.decode("utf-8").replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("utf-8")
    server.expect_request("/latin.rss").respond_with_data(latin, content_type="application/rss+xml; charset=utf-8")
    subscribe(library, server.url_for("/latin.rss"))
    [report] = fetch(library)
    assert report.status == "fetched" and report.new == 2
    assert any("l'armée" in a.body_text or "l'axe" in a.body_text for a in library.newest())


def test_hostile_titles_are_stored_inert(server: HTTPServer, library: Library) -> None:
    hostile = RSS.replace(b"Les transporteurs reprennent la route de Djibo",
                          b"Djibo \x1b]0;owned\x07\x1b[2J[@click=app.quit] [b]bold[/b] &#x1b;[31mred")  # fmt: skip
    server.expect_request("/hostile.rss").respond_with_data(hostile, content_type="application/rss+xml")
    subscribe(library, server.url_for("/hostile.rss"))
    fetch(library)
    stored = [a for a in library.newest() if a.title.startswith("Djibo")]
    titles = [a.title for a in stored]
    assert len(titles) == 1
    assert "\x1b" not in titles[0] and "\x07" not in titles[0]
    assert "[@click=app.quit]" in titles[0]  # kept as the words it is; the reader never reads it as markup
    assert "31m" not in titles[0] and "owned" not in titles[0], "an escape sequence written as a reference goes whole"
    assert "owned" not in stored[0].id and "1b" not in stored[0].id, stored[0].id  # the id is made from the title read


def test_summaries_are_completed_from_the_linked_page_or_kept_with_a_count(
    server: HTTPServer, library: Library
) -> None:
    page = (FEEDS.parent / "pages" / "fr-reprise-localite.html").read_bytes()
    short = RSS.replace(b"https://sahel-wire.invalid/2025/06/tahoua-corridors", server.url_for("/story").encode())
    short = short.replace(b"https://sahel-wire.invalid/2025/06/djibo-transporteurs", server.url_for("/lost").encode())
    server.expect_request("/short.rss").respond_with_data(short, content_type="application/rss+xml")
    server.expect_request("/story").respond_with_data(page, content_type="text/html; charset=utf-8")
    server.expect_request("/lost").respond_with_response(Response(status=404))
    subscribe(library, server.url_for("/short.rss"), full_text=True)
    [report] = fetch(library)
    assert report.new == 2 and report.summaries == 1 and "1 kept as a summary (full text unavailable)" in report.line()
    full = next(a for a in library.newest() if a.source_url == server.url_for("/story"))
    assert "Les écoles restent fermées." in full.body_text  # the page's text
    assert full.title == "Herders and farmers agree on grazing corridors near Tahoua"  # the feed's own title
    assert "must never appear" not in full.anchor_text


def test_a_page_that_failed_for_the_moment_is_asked_for_again_by_the_next_fetch(
    server: HTTPServer, library: Library
) -> None:
    """Where the network is poor a page times out or its server is busy: the entry is kept as the feed's excerpt,
    the article says so, and the next fetch asks for the page again — the feed is then fetched without its ETag
    (a 304 would say nothing of the entry) — and completes the same article. A page that is not there (404) is not
    asked for again, and once nothing waits the feed is fetched conditionally again."""
    page = (FEEDS.parent / "pages" / "fr-reprise-localite.html").read_bytes()
    short = RSS.replace(b"https://sahel-wire.invalid/2025/06/tahoua-corridors", server.url_for("/story").encode())
    short = short.replace(b"https://sahel-wire.invalid/2025/06/djibo-transporteurs", server.url_for("/lost").encode())

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(short, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    story = [Response(status=503), Response(page, content_type="text/html; charset=utf-8")]
    server.expect_request("/short.rss").respond_with_handler(feed)
    server.expect_request("/story").respond_with_handler(lambda request: story.pop(0))
    server.expect_request("/lost").respond_with_response(Response(status=404))
    subscribe(library, server.url_for("/short.rss"))

    [first] = fetch(library)
    assert (first.new, first.summaries, first.pages_again) == (2, 2, 1)
    assert "2 kept as summaries (full text unavailable; 1 asked for again at the next fetch)" in first.line()
    by_link = {a.source_url: a.id for a in library.newest()}
    waiting = library.get(by_link[server.url_for("/story")])
    assert waiting.excerpt and "Les écoles restent fermées." not in waiting.body_text
    assert library.get(by_link[server.url_for("/lost")]).excerpt

    [second] = fetch(library)
    assert (second.status, second.new, second.updated, second.unchanged, second.summaries) == ("fetched", 0, 1, 1, 0)
    completed = library.get(by_link[server.url_for("/story")])
    assert "Les écoles restent fermées." in completed.body_text and not completed.excerpt
    assert {a.source_url: a.id for a in library.newest()} == by_link  # the same article, completed

    [third] = fetch(library)
    assert third.status == "not-modified"
    asked = [(request.path, request.headers.get("If-None-Match")) for request, _ in server.log]
    assert [etag for path, etag in asked if path == "/short.rss"] == [None, None, '"v1"']
    assert [path for path, _ in asked].count("/lost") == 1 and not story


def test_a_page_that_keeps_failing_is_asked_for_a_few_times_then_left(server: HTTPServer, library: Library) -> None:
    """A page whose server is busy at every fetch: each of the next fetches asks for it (the feed fetched whole
    meanwhile), up to :data:`PAGE_TRIES`; then the entry stays the feed's excerpt and the feed is fetched
    conditionally again — a page that never comes does not cost every fetch forever."""
    from sahel_tui.feeds.storing import PAGE_TRIES

    short = RSS.replace(b"https://sahel-wire.invalid/2025/06/tahoua-corridors", server.url_for("/busy").encode())

    def feed(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(short, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    server.expect_request("/short.rss").respond_with_handler(feed)
    server.expect_request("/busy").respond_with_response(Response(status=503))
    subscribe(library, server.url_for("/short.rss"))
    reports = [fetch(library)[0] for _ in range(PAGE_TRIES + 2)]
    assert [r.pages_again for r in reports] == [1] * (PAGE_TRIES - 1) + [0, 0, 0]
    asked = [(request.path, request.headers.get("If-None-Match")) for request, _ in server.log]
    assert [path for path, _ in asked].count("/busy") == PAGE_TRIES
    assert [etag for path, etag in asked if path == "/short.rss"][-2:] == ['"v1"', '"v1"']
    assert reports[-1].status == "not-modified"
    assert library.get(next(a.id for a in library.newest() if a.source_url == server.url_for("/busy"))).excerpt


def test_a_fetch_shared_among_worker_processes_stores_what_one_process_stores(
    server: HTTPServer, library: Library
) -> None:
    """Workers read each feed and build its articles; the entries whose page is wanted come back unbuilt and are
    built once their pages are in. Both ways, in either language, a page found or not, entries sent again
    unchanged: the same articles and the same counts."""
    from sahel_tui.feeds import fetching
    from sahel_tui.paths import Locations

    page = (FEEDS.parent / "pages" / "fr-reprise-localite.html").read_bytes()
    short = RSS.replace(b"https://sahel-wire.invalid/2025/06/tahoua-corridors", server.url_for("/story").encode())
    short = short.replace(b"https://sahel-wire.invalid/2025/06/djibo-transporteurs", server.url_for("/lost").encode())
    bodies = {"/wire.rss": RSS, "/brief.xml": ATOM, "/short.rss": short,
              "/other.rss": RSS.replace(b"sahel-wire.invalid", b"other-wire.invalid")}  # fmt: skip
    for path, body in bodies.items():
        server.expect_request(path).respond_with_data(body, content_type="application/xml")
    server.expect_request("/story").respond_with_data(page, content_type="text/html; charset=utf-8")
    server.expect_request("/lost").respond_with_response(Response(status=404))
    home = locations()
    alone = Library(Locations(home.config_dir / "alone", home.data_dir / "alone", home.cache_dir))
    assert len(bodies) >= fetching.PROCESSES_FROM_FEEDS
    results = []
    for target, processes in ((library, True), (alone, False)):
        for path in bodies:
            subscribe(target, server.url_for(path), full_text=path == "/short.rss")
        first = fetch(target, processes=processes)
        second = fetch(target, processes=processes)
        stored = target.get_many([article.id for article in target.newest()]).values()
        articles = sorted((replace(article, id="") for article in stored), key=repr)  # feeds race for a shared slug
        results.append(([report.to_dict() for report in first + second], articles))
    assert results[0] == results[1]
    reports, articles = results[0]
    assert [r["new"] for r in reports[:4]] == [r["unchanged"] for r in reports[4:]] == [2, 1, 2, 2]
    assert reports[2]["summaries"] == 1  # the page that is not found; the other came in full
    assert any("Les écoles restent fermées." in a.body_text for a in articles)
    assert {a.lang for a in articles} == {"en", "fr"}


@pytest.mark.parametrize(
    ("ending", "cut"),
    [(" [&#8230;]", True), (" (...)", True), ("…", True), (" Read more »", True), (" <a>Lire la suite</a>", True),
     (" Voir la suite →", True), (".", False), (", et nous verrons la suite.", False)],
)  # fmt: skip
def test_an_excerpt_is_a_summary_when_it_says_it_was_cut(ending: str, cut: bool) -> None:
    from sahel_tui.corpus.excerpts import is_summary

    long = "Les habitants de Boni racontent les semaines passées sans marché ni école. " * 10
    assert is_summary({"content": f"<p>{long.strip()}{ending}</p>"}) is cut


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Les", "habitants", "de", "Boni", "racontent", "&amp;", "&hellip;", "…", "...",
                                 "<p>", "</p>", "<a title='x<y'>", "<br/>", "a>b", "<", ">", "Lire la suite",
                                 "read more", "[…]", "(...)", "\n"]), min_size=400, max_size=900))  # fmt: skip
def test_a_long_entry_is_told_a_summary_or_not_from_its_two_ends_as_from_its_whole_text(pieces: list[str]) -> None:
    from sahel_tui.corpus import excerpts

    markup = " ".join(pieces)
    whole = excerpts._text_of(markup)
    expected = len(whole.split()) < excerpts.SUMMARY_WORDS or CUT_SHORT_FORWARD.search(whole[-300:]) is not None
    assert excerpts.is_summary({"content": markup}) is expected


CUT_SHORT_FORWARD = re.compile(
    r"(?:[\[(]\s*(?:…|\.\.\.)\s*[\])]|…|\.\.\.|\b(?:read\ more|continue\ reading|(?:lire|voir)\ la\ suite"
    r"|en\ savoir\ plus))"
    r"[\s\W]{0,10}$",
    re.IGNORECASE,
)
"""How an excerpt says it was cut, as written forwards: what the reader's reversed pattern must answer like."""


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["Les", "habitants", " ", "\n", "...", "…", "[", "]", "(", ")", "Read", "more",
                                 "read more", "Lire la suite", "voir", "la", "suite", "_", "é", "ſ", "K"]),
                max_size=12),
       st.sampled_from(["", "…", "...", "[…]", "( ... )", "[...)", "READ MORE", "Continue reading", "lire la suite",
                        "Voir la suite", "en savoir plus", "xread more", "la suite", "..", "sulp"]),
       st.one_of(st.text(alphabet=" \t\n.…!»→-)]([_é", max_size=13),
                 st.builds(str.__mul__, st.sampled_from([" ", "\t", "!", "»", "-"]), st.integers(8, 12))),
       st.sampled_from(["", "\n", "\n\n"]))  # fmt: skip
def test_the_ending_read_backwards_is_the_ending_searched_forwards(words: list[str], ending: str, signs: str,
                                                                  last: str) -> None:  # fmt: skip
    """Every ending that says an excerpt was cut, and near misses (a word glued before "read more", ten signs after
    it or eleven, a letter among them, "la suite" alone, a newline at the very end), answered as the forward
    pattern answers."""
    from sahel_tui.corpus.excerpts import _cut_short

    text = "".join(words) + ending + signs + last
    assert _cut_short(text) is (CUT_SHORT_FORWARD.search(text[-300:]) is not None)


def test_a_long_excerpt_that_says_it_was_cut_is_completed_from_its_page(server: HTTPServer, library: Library) -> None:
    """Publishing software cuts excerpts at a set length and marks the cut ("[…]", "Lire la suite"): however long
    the excerpt, its page is fetched. A long entry that ends as a text ends is taken as it is (no request)."""
    opening = "Les habitants de Boni racontent les semaines passées sans marché ni école ni route ouverte. " * 6
    meeting = "séance depuis la reprise, consacrée aux puits, aux semences et au retour des enseignants au village."
    rest = "".join(f"<p>Le conseil communal a tenu sa {n}e {meeting}</p>" for n in range(2, 9))
    page = f"<html><head><title>Boni après le blocus</title></head><body><article><h1>Boni après le blocus</h1>" \
           f"<p>{opening}</p>{rest}</article></body></html>"  # fmt: skip
    feed = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Extraits</title>
    <item><title>Boni après le blocus</title><link>{server.url_for("/cut")}</link>
    <description>&lt;p&gt;{opening.strip()} [&amp;#8230;]&lt;/p&gt;</description></item>
    <item><title>Un texte entier</title><link>{server.url_for("/whole")}</link>
    <description>&lt;p&gt;{opening.strip()}&lt;/p&gt;</description></item></channel></rss>""".encode()
    server.expect_request("/extraits.rss").respond_with_data(feed, content_type="application/rss+xml")
    server.expect_request("/cut").respond_with_data(page.encode(), content_type="text/html; charset=utf-8")
    subscribe(library, server.url_for("/extraits.rss"))
    [report] = fetch(library)
    assert (report.new, report.summaries) == (2, 0)
    articles = {a.title: a for a in library.newest()}
    assert "retour des enseignants" in articles["Boni après le blocus"].body_text  # the page's whole text
    assert "[…]" not in articles["Boni après le blocus"].body_text
    assert "retour des enseignants" not in articles["Un texte entier"].body_text
    assert [request.path for request, _ in server.log].count("/whole") == 0


def test_a_photo_caption_is_never_read_as_the_article(server: HTTPServer, library: Library) -> None:
    """Media RSS captions (``media:description``) were read by feedparser as the entry's content: with its page
    unavailable, the article was the caption. A video feed whose only text is its media description keeps it."""
    captioned = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
    <channel><title>Le Journal du soir</title><link>https://journal.invalid/</link>
    <item><title>Au Mali, les troupeaux descendent plus tôt</title><link>{server.url_for("/gone")}</link>
    <description>Faute de pâturages, les éleveurs du delta intérieur du Niger quittent la région de Mopti trois
    semaines plus tôt que l'an dernier.</description>
    <media:content url="https://img.journal.invalid/1.jpg" medium="image">
    <media:description type="plain">Un troupeau près de Mopti, en octobre.</media:description>
    <media:credit>Photo du journal</media:credit></media:content></item></channel></rss>""".encode()
    video = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"
    xmlns:media="http://search.yahoo.com/mrss/"><title>Reportages</title><id>urn:reportages</id>
    <updated>2026-11-03T08:00:00Z</updated><entry><id>urn:reportages:7</id><title>Niamey after the rains</title>
    <updated>2026-11-03T08:00:00Z</updated><media:group><media:title>Niamey after the rains</media:title>
    <media:description>Streets of Niamey under water after the heaviest rains in a decade; residents wade to
    the markets and the city clears the drains.</media:description></media:group></entry></feed>"""
    server.expect_request("/journal.rss").respond_with_data(captioned, content_type="application/rss+xml")
    server.expect_request("/gone").respond_with_response(Response(status=404))
    server.expect_request("/videos.atom").respond_with_data(video, content_type="application/atom+xml")
    subscribe(library, server.url_for("/journal.rss"))
    subscribe(library, server.url_for("/videos.atom"))
    reports = fetch(library)
    assert [(r.new, r.rejected) for r in reports] == [(1, 0), (1, 0)]
    articles = {a.title: a for a in library.newest()}
    herds = articles["Au Mali, les troupeaux descendent plus tôt"]
    assert "trois semaines plus tôt" in herds.body_text and "Un troupeau près de Mopti" not in herds.body_text
    assert "heaviest rains in a decade" in articles["Niamey after the rains"].body_text


def test_cli_add_finds_the_feed_a_page_links_to_lists_fetches_and_removes(server: HTTPServer) -> None:
    home = f'<html><head><link rel="alternate" type="application/rss+xml" href="{server.url_for("/wire.rss")}">'
    server.expect_request("/").respond_with_data(home + "</head><body>Home</body></html>", content_type="text/html")
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    server.expect_request("/broken").respond_with_response(Response(status=404))
    added = cli("feeds", "add", server.url_for("/"), "--tag", "niger")
    assert added.exit_code == 0, added.output
    assert "subscribed: [1] Sahel Wire" in added.output
    assert cli("feeds", "add", server.url_for("/wire.rss")).exit_code == 1  # already subscribed
    unchecked = cli("feeds", "add", "--no-check", server.url_for("/broken"))
    assert unchecked.exit_code == 0 and unchecked.output.count(server.url_for("/broken")) == 1  # named once
    fetched = cli("fetch")
    assert fetched.exit_code == 1  # one feed failed
    assert "Sahel Wire: 2 new" in fetched.output and "HTTP 404" in fetched.output
    assert "2 feeds fetched: 2 new articles, 1 failed" in fetched.output
    listed = json.loads(cli("feeds", "list", "--json").output)
    assert [(f["id"], f["tags"], f["articles"], f["status"]) for f in listed] == [
        (1, ["niger"], 2, "ok"), (2, [], 0, "failed")]  # fmt: skip
    again = cli("fetch", "--feed", "1")
    assert again.exit_code == 0 and "1 feed fetched: 0 new articles, 0 failed" in again.output
    removed = cli("feeds", "remove", "1")
    assert removed.exit_code == 0 and "its 2 articles stay" in removed.output
    assert len(json.loads(cli("list", "--json").output)) == 5
    assert cli("feeds", "remove", "9").exit_code == 1
    assert cli("feeds", "add", "ftp://example.invalid/feed").exit_code == 1


def test_adding_a_page_that_links_to_no_feed_says_so_plainly_and_a_broken_feed_says_why(server: HTTPServer) -> None:
    server.expect_request("/about").respond_with_data("<!DOCTYPE html><html><body><p>Who we are</body></html>",
                                                      content_type="text/html")  # fmt: skip
    server.expect_request("/broken.rss").respond_with_data("{ this is no feed", content_type="application/rss+xml")
    page = cli("feeds", "add", server.url_for("/about"))
    assert page.exit_code == 1 and "a web page that links to no feed" in page.output
    assert "mismatched tag" not in page.output and "<unknown>" not in page.output
    broken = cli("feeds", "add", server.url_for("/broken.rss"))
    assert broken.exit_code == 1 and "not a feed" in broken.output
    server.expect_request("/cut.rss").respond_with_data("<rss><channel><title>Half", content_type="application/rss+xml")
    cut = cli("feeds", "add", server.url_for("/cut.rss"))
    assert cut.exit_code == 1 and "a malformed feed with no entry that can be read" in cut.output


def test_a_feed_cut_short_before_its_first_entry_fails_instead_of_bringing_nothing_new(
    server: HTTPServer, library: Library
) -> None:
    """A server that sends half a feed: the fetch says the feed failed and why — "0 new" would read as a quiet
    day. An empty but well-formed feed is no failure."""
    server.expect_request("/cut.rss").respond_with_data("<rss><channel><title>Half", content_type="application/rss+xml")
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    server.expect_request("/empty.rss").respond_with_data(empty, content_type="application/rss+xml")
    cut = subscribe(library, server.url_for("/cut.rss"))
    quiet = subscribe(library, server.url_for("/empty.rss"))
    reports = {report.feed.id: report for report in fetch(library)}
    assert reports[cut.id].status == "failed" and "malformed feed" in reports[cut.id].error
    assert reports[quiet.id].status == "fetched" and reports[quiet.id].new == 0


def test_opml_import_takes_folders_as_tags_and_export_gives_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
        <outline text="Mali"><outline text="Studio" xmlUrl="https://studio.invalid/feed"/>
          <outline text="Nord"><outline title="Gao" xmlUrl="https://gao.invalid/rss" category="/local"/></outline>
        </outline>
        <outline text="Loose" type="rss" xmlUrl="https://loose.invalid/atom"/>
        <outline text="Loose, listed twice" xmlUrl="https://loose.invalid/atom"/>
        <outline text="A bookmark, not a feed" htmlUrl="https://example.invalid/"/>
        <outline text="bad" xmlUrl="javascript:alert(1)"/>
        </body></opml>""",
        encoding="utf-8",
    )
    result = cli("feeds", "import", str(opml))
    assert result.exit_code == 1  # two outlines could not be taken, each named; the rest were
    assert "3 feeds added, 1 already subscribed, 2 skipped" in result.output  # the same feed twice is one
    assert "not a feed" in result.output and "not an http or https address" in result.output
    listed = {f["url"]: f for f in json.loads(cli("feeds", "list", "--json").output)}
    assert listed["https://studio.invalid/feed"]["tags"] == ["Mali"]
    assert listed["https://gao.invalid/rss"]["tags"] == ["Mali", "Nord", "local"]
    assert listed["https://gao.invalid/rss"]["title"] == "Gao"
    assert cli("feeds", "import", str(opml)).output.count("0 feeds added, 4 already subscribed") == 1
    assert cli("feeds", "remove", str(listed["https://loose.invalid/atom"]["id"])).exit_code == 0
    assert "1 feed added, 3 already subscribed" in cli("feeds", "import", str(opml)).output

    exported = tmp_path / "out.opml"
    assert cli("feeds", "export", "-o", str(exported)).exit_code == 0
    assert cli("feeds", "export", "-o", str(exported)).exit_code == 1  # never replaced without --force
    monkeypatch.setenv("SAHEL_TUI_HOME", str(tmp_path / "again"))  # another machine: the same feeds and tags
    assert cli("feeds", "import", str(exported)).exit_code == 0
    round_trip = {f["url"]: sorted(f["tags"]) for f in json.loads(cli("feeds", "list", "--json").output)}
    assert round_trip == {url: sorted(feed["tags"]) for url, feed in listed.items()}


def test_opml_import_gives_a_feed_already_subscribed_the_folders_it_lacks_as_tags(tmp_path: Path) -> None:
    """A feed added by hand before the user's OPML file came in: it kept no tag, and `tag:` never found it."""
    assert cli("feeds", "add", "https://studio.invalid/feed", "--no-check", "--tag", "radio").exit_code == 0
    opml = tmp_path / "mine.opml"
    outline = '<outline text="Studio" xmlUrl="https://studio.invalid/feed"/>'
    opml.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body><outline text="Mali">{outline}</outline></body></opml>'
    )
    said = cli("feeds", "import", str(opml)).output
    assert "1 already subscribed (1 given the file's folders as tags)" in said
    (feed,) = json.loads(cli("feeds", "list", "--json").output)
    assert feed["tags"] == ["Mali", "radio"] and feed["title"] is None  # its own tag and title kept
    assert "given" not in cli("feeds", "import", str(opml)).output  # nothing lacking the second time


def test_opml_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    hostile = tmp_path / "laughs.opml"
    hostile.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml><body>'
                       '<outline text="&a;" xmlUrl="https://x.invalid/"/></body></opml>')  # fmt: skip
    result = cli("feeds", "import", str(hostile))
    assert result.exit_code == 1 and "declares XML entities" in result.output
    assert json.loads(cli("feeds", "list", "--json").output) == []


def test_suggestions_are_listed_and_added_by_name_without_the_network() -> None:
    shown = cli("feeds", "suggest")
    assert shown.exit_code == 0 and "RFI Afrique" in shown.output and "not checked" in shown.output
    added = cli("feeds", "suggest", "--add", "rfi afrique", "--add", "ACLED")
    assert added.exit_code == 0 and added.output.count("subscribed:") == 2
    assert [f["title"] for f in json.loads(cli("feeds", "list", "--json").output)] == ["RFI Afrique", "ACLED"]
    assert cli("feeds", "suggest", "--add", "nowhere").exit_code == 1


def test_list_unread_and_by_feed(server: HTTPServer, library: Library) -> None:
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    server.expect_request("/brief.atom").respond_with_data(ATOM, content_type="application/atom+xml")
    subscribe(library, server.url_for("/wire.rss"))
    subscribe(library, server.url_for("/brief.atom"))
    fetch(library)
    by_feed = json.loads(cli("list", "--feed", "2", "--json").output)
    assert [a["title"] for a in by_feed] == ["Ségou : une école rouvre après deux ans de fermeture"]
    assert by_feed[0]["feed"] == "Brèves du Fleuve"
    shown = CliRunner().invoke(main, ["show", by_feed[0]["id"]], env={"COLUMNS": "200"}).output
    assert "Aminata Keïta · 2025-03-12 · breves.invalid · from Brèves du Fleuve" in shown  # who, when, where from
    assert "https://breves.invalid/segou-ecole" in shown
    assert {a["feed"] for a in json.loads(cli("list", "--json").output)} == {"Brèves du Fleuve", "Sahel Wire", None}
    assert len(json.loads(cli("list", "--unread", "--json").output)) == 6
    NotesStore.open(locations().notes_db).mark_read(by_feed[0]["id"])
    unread = json.loads(cli("list", "--unread", "--json").output)
    assert len(unread) == 5 and by_feed[0]["id"] not in {a["id"] for a in unread}
    assert len(json.loads(cli("list", "--unread", "--limit", "2", "--json").output)) == 2
    assert cli("list", "--feed", "7").exit_code == 1
    table = " ".join(cli("list").output.split())  # the table says where each came from, whatever the width
    assert "(feed: Brèves du Fleuve)" in table and "(feed: Sahel Wire)" in table
    wide = CliRunner().invoke(main, ["list"], env={"COLUMNS": "200"}).output
    assert "2025-06-07 · Fatima Abdou" in wide and "2025-03-12 · Aminata Keïta" in wide  # when, and by whom
    assert table.count("(bundled)") == 3 and "(imported)" not in table


def test_feed_and_tag_filters_match_names_with_or_without_their_accents(server: HTTPServer, library: Library) -> None:
    server.expect_request("/brief.atom").respond_with_data(ATOM, content_type="application/atom+xml")
    subscribe(library, server.url_for("/brief.atom"), tags=("Sécurité",))
    fetch(library)
    for query in ("feed:breves", "feed:Brèves", "tag:securite", "tag:SÉCURITÉ"):
        hits = json.loads(cli("search", query, "--json").output)
        assert [hit["title"] for hit in hits] == ["Ségou : une école rouvre après deux ans de fermeture"], query
    assert "No feed tagged 'secu'" in cli("search", "tag:secu").output  # a tag is named whole


def test_since_and_before_keep_the_articles_dated_in_the_span(server: HTTPServer, library: Library) -> None:
    today = datetime.now(UTC)
    dated = [("Hier", format_datetime(today - timedelta(days=1))), ("Le mois dernier", format_datetime(today -
             timedelta(days=20))), ("Autrefois", "Mon, 15 Jan 2024 08:00:00 +0000"), ("Sans date", None)]  # fmt: skip
    server.expect_request("/dated.rss").respond_with_data(rss_of(dated), content_type="application/rss+xml")
    subscribe(library, server.url_for("/dated.rss"))
    fetch(library)

    def found(query: str) -> set[str]:
        return {hit["title"] for hit in json.loads(cli("search", "--json", "--", *query.split()).stdout)}

    assert found("since:7d") == {"Hier"}
    assert "4 articles without a date left out" in cli("search", "since:7d").output  # the bundled three, "Sans date"
    assert found("since:30d") == found("since:4w") == {"Hier", "Le mois dernier"}
    assert found("before:2025") == found("since:2024-01 before:2024-02") == {"Autrefois"}
    assert found("since:2024 mois") == {"Le mois dernier"}  # words and dates together
    assert found("since:2024-01-16 before:2024-01-15") == set()
    listed = json.loads(cli("list", "--json", "--since", "30d").output)
    assert [article["title"] for article in listed] == ["Hier", "Le mois dernier"]  # the list's order, dated only
    assert [a["title"] for a in json.loads(cli("list", "--json", "--before", "2025", "--feed", "1").output)] == [
        "Autrefois"
    ]
    refused = cli("search", "since:lundi")
    assert "since:lundi is not a date (2026-11-05" in refused.output and "Autrefois" not in refused.output

    filters = CatalogFilters(library)  # what a reader keeps between keystrokes follows the catalog's changes
    assert len(filters.dated(None, None)) == 3
    later = [("Aujourd'hui", format_datetime(today))]
    server.expect_request("/later.rss").respond_with_data(rss_of(later), content_type="application/rss+xml")
    fetch(library, feeds=[subscribe(library, server.url_for("/later.rss"))])
    assert len(filters.dated(None, None)) == 4


def test_a_feed_filter_says_which_feed_a_number_or_a_part_of_several_names_took(library) -> None:
    """The feeds view lists a feed as ``feed:3``: the list says which feed that is. A part of several feeds' names
    takes them all, and says which; a name typed whole says nothing more."""
    subscriptions = Subscriptions(library.catalog)
    radio = subscriptions.add("http://127.0.0.1:9/radio.xml", title="Radio Sahel")
    subscriptions.add("http://127.0.0.1:9/radio-2.xml", title="Radio Kledu")
    subscriptions.add("http://127.0.0.1:9/wire.xml", title="Sahel Wire", tags=("mali",))
    filters = CatalogFilters(library)
    assert filters.articles("feed", str(radio.id))[1] == f"feed:{radio.id} is Radio Sahel"
    assert filters.articles("feed", "radio")[1] == "feed:radio takes 2 feeds: Radio Sahel, Radio Kledu"
    assert filters.articles("feed", "kledu")[1] is None
    assert filters.articles("tag", "mali")[1] is None
    shown = cli("search", f"feed:{radio.id}")
    assert f"feed:{radio.id} is Radio Sahel" in shown.output


def test_feeds_edit_renames_tags_and_disables() -> None:
    assert cli("feeds", "add", "--no-check", "https://feeds.invalid/a.xml", "--tag", "mali").exit_code == 0
    edited = cli("feeds", "edit", "1", "--title", "Notre source", "--tag", "sahel", "--untag", "mali", "--disable")
    assert edited.exit_code == 0, edited.output
    [feed] = json.loads(cli("feeds", "list", "--json").output)
    assert (feed["title"], feed["tags"], feed["enabled"]) == ("Notre source", ["sahel"], False)
    assert "no feeds to fetch" in cli("fetch").output  # a disabled feed is left out
    assert cli("feeds", "edit", "1").exit_code == 2  # nothing to change: a usage error
    assert cli("feeds", "edit", "1", "--enable", "--full-text").exit_code == 0
    [feed] = json.loads(cli("feeds", "list", "--json").output)
    assert feed["enabled"] and feed["full_text"]


@pytest.mark.parametrize(
    ("ttl", "period", "frequency", "minutes"),
    [("90", None, None, 90), (" 30 ", None, None, 30), (None, "hourly", "2", 30), (None, "daily", None, 1440),
     ("0", None, None, None), ("-5", None, None, None), ("soon", None, None, None), (None, "fortnightly", "1", None),
     ("999999", None, None, 7 * 24 * 60), ("60", "daily", "1", 60)],
)  # fmt: skip
def test_how_long_a_feed_says_its_content_keeps(ttl, period, frequency, minutes) -> None:
    from sahel_tui.feeds.parse import time_to_live

    assert time_to_live(ttl, period, frequency) == minutes


def test_a_clock_fetch_leaves_a_feed_alone_until_its_time_to_live_has_passed(
    server: HTTPServer, library: Library
) -> None:
    """RSS <ttl>: `fetch --due` (what a clock runs, and the reader's fetch_every_minutes) does not ask the feed
    again before its time is up, and says so; a fetch the user asks for asks it anyway."""
    from datetime import UTC, datetime, timedelta

    with_ttl = RSS.replace(b"<language>en</language>", b"<language>en</language><ttl>60</ttl>")
    server.expect_request("/wire.rss").respond_with_data(with_ttl, content_type="application/rss+xml")
    feed = subscribe(library, server.url_for("/wire.rss"))
    assert feed.due(), "never fetched: due"
    assert cli("fetch", "--due").exit_code == 0
    (fetched,) = Subscriptions(library.catalog).all()
    assert fetched.ttl_minutes == 60 and not fetched.due()
    asked = len(server.log)
    result = cli("fetch", "--due")
    assert result.exit_code == 0 and "not due" in result.output and "every 60 minutes" in result.output
    assert len(server.log) == asked, "the feed was not asked"
    assert cli("fetch").exit_code == 0 and len(server.log) == asked + 1, "asked for by the user: fetched"
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="seconds")
    Subscriptions(library.catalog).update(feed.id, last_fetch=two_hours_ago)
    assert cli("fetch", "--due").exit_code == 0 and len(server.log) == asked + 2, "its hour is up: fetched"
    assert cli("feeds", "list", "--json").output.count('"ttl_minutes": 60') == 1
    listed = cli("feeds", "list").output
    assert "updated every 60" in listed and "next due" in listed


def test_feeds_gone_for_good_are_named_one_by_one_while_plain_failures_are_told_together(library) -> None:
    from sahel_tui.feeds.fetching import FeedReport, failure_lines
    from sahel_tui.feeds.subscriptions import Subscriptions

    subscriptions = Subscriptions(library.catalog)
    feeds = [subscriptions.add(f"http://127.0.0.1:9/feed-{number}.xml") for number in range(8)]
    gone = [FeedReport(feed, "gone", error="HTTP 410 Gone") for feed in feeds[:4]]
    down = [FeedReport(feed, "failed", error="cannot connect (refused)") for feed in feeds[4:]]
    lines = failure_lines(gone + down)
    assert [line for line in lines if "gone for good" in line] == [report.line() for report in gone]
    assert [line for line in lines if "gone for good" not in line] == [
        f"4 feeds failed — cannot connect (refused): {feeds[4].name}, {feeds[5].name}, {feeds[6].name} and 1 more"
    ]


def test_entries_kept_as_excerpts_are_told_in_one_line_naming_the_feeds(library) -> None:
    from sahel_tui.feeds.fetching import FeedReport, excerpts_line
    from sahel_tui.feeds.subscriptions import Subscriptions

    subscriptions = Subscriptions(library.catalog)
    feeds = [subscriptions.add(f"http://127.0.0.1:9/feed-{number}.xml", title=f"Feed {number}") for number in range(5)]
    assert excerpts_line([FeedReport(feed, new=3) for feed in feeds]) is None
    reports = [FeedReport(feed, new=3, summaries=number, pages_again=number // 2) for number, feed in enumerate(feeds)]
    assert excerpts_line(reports) == (
        "10 entries kept as the feed's excerpt, the full text unavailable (Feed 1 1, Feed 2 2, Feed 3 3 and 1 more "
        "feed); 4 asked for again at the next fetch"
    )
    assert excerpts_line(reports[:2]) == "1 entry kept as the feed's excerpt, the full text unavailable (Feed 1 1)"


def test_a_feeds_counts_are_written_with_thousands_separators_as_every_other_count(library) -> None:
    from sahel_tui.feeds.fetching import FeedReport, fetch_summary
    from sahel_tui.feeds.subscriptions import Subscriptions

    feed = Subscriptions(library.catalog).add("http://127.0.0.1:9/archive.xml", title="Archive")
    big = FeedReport(feed, new=12_000, updated=1_500, unchanged=2_000, rejected=1_001)
    assert big.line() == "Archive: 12,000 new, 1,500 updated, 2,000 unchanged, 1,001 unreadable"
    assert fetch_summary([big, FeedReport(feed, "failed", error="HTTP 500")]) == (
        "12,000 new and 1,500 updated from the last fetch",
        "2 feeds fetched: 12,000 new, 1,500 updated, 1 failed",
    )
    assert fetch_summary([FeedReport(feed, "not-modified")])[0] == "nothing new from the last fetch"


def test_a_request_ended_by_a_stop_is_cancelled_never_failed_nor_tried_again() -> None:
    """A fetch asked to stop while a request is in flight: the HTTP stack may report the request's end as a
    transport error rather than a cancellation (here the connection drops as the stop comes); it must not count as
    the feed failing — which would be written to the feed — nor be tried again."""
    import asyncio
    import socket

    from sahel_tui.feeds.http import Fetcher, FetchFailed

    stop, connections = threading.Event(), []
    listener = socket.create_server(("127.0.0.1", 0))

    def drop_each_request() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connections.append(connection.recv(4096))
            stop.set()  # the user's Ctrl-C arrives while the request waits for its answer
            connection.close()

    threading.Thread(target=drop_each_request, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"

    async def fetch(with_stop: threading.Event | None):
        async with Fetcher(backoff=0.0, stop=with_stop) as fetcher:
            return await fetcher.get(url)

    try:
        with pytest.raises(asyncio.CancelledError):
            asyncio.run(fetch(stop))
        assert len(connections) == 1, "not tried again"
        stop.clear()
        with pytest.raises(FetchFailed):  # without a stop, the same dropped connection is a failure, tried twice
            asyncio.run(fetch(None))
        assert len(connections) == 3
    finally:
        listener.close()


_ENTRY_CHARACTERS = st.one_of(st.characters(max_codepoint=0x2100, exclude_categories=("Cs",)),
                              st.sampled_from('"\\\n\r\t\b\f\x00\x1b\x7f\xa0’«»é\U0001f600'))  # fmt: skip
_ENTRY_TEXT = st.one_of(
    st.text(alphabet=_ENTRY_CHARACTERS, max_size=40),
    st.builds(lambda start, pieces: start * 200 + "".join(pieces),  # a summary's length: escaped as bytes
              st.sampled_from(["x", "é", "’", "\U0001f600"]),
              st.lists(st.one_of(st.sampled_from(['"', "\\", "\n", "\r", "\t", "\b", "\x1b", "\x7f", " mot ", "«»"]),
                                 st.text(alphabet=_ENTRY_CHARACTERS, max_size=3)), max_size=12)),
)  # fmt: skip


_ENTRY_KEYS = st.sampled_from(["id", "link", "title", "author", "summary", "content", "page", "lang", 'é"k'])


@settings(max_examples=600, deadline=None)
@given(st.one_of(
    st.dictionaries(_ENTRY_KEYS, st.one_of(_ENTRY_TEXT, st.none(), st.just("")), max_size=8),  # a feed's entries
    st.dictionaries(_ENTRY_KEYS, st.one_of(_ENTRY_TEXT, st.none(), st.just(""), st.just([]), st.integers(),
                                           st.lists(_ENTRY_TEXT, max_size=2)), max_size=8),
))  # fmt: skip
def test_an_entry_s_stored_bytes_are_json_s_canonical_form(entry: dict) -> None:
    """Quotes, backslashes, every control (the usual escapes and the rest), characters of every width, and values
    that are not texts: the same bytes ``json.dumps`` makes, so a stored entry's digest never changes with how."""
    from sahel_tui.corpus.feedentry import entry_bytes

    kept = {key: value for key, value in entry.items() if value not in (None, "", [])}
    expected = json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    assert entry_bytes(entry) == expected


def test_the_tls_settings_made_ahead_are_those_httpx_makes() -> None:
    """The TLS context a fetch prepares while its workers start checks certificates and host names against the
    same roots as httpx's own default for a client that ignores the environment."""
    import ssl

    import httpx

    from sahel_tui.feeds.http import _tls_context

    ours, theirs = _tls_context(), httpx.create_ssl_context(trust_env=False)
    assert ours.verify_mode == theirs.verify_mode == ssl.CERT_REQUIRED
    assert ours.check_hostname and theirs.check_hostname
    assert ours.cert_store_stats() == theirs.cert_store_stats()
    assert (ours.options, ours.minimum_version) == (theirs.options, theirs.minimum_version)


def test_a_value_prepared_in_a_thread_is_given_or_its_failure_raised_where_it_is_wanted() -> None:
    from sahel_tui.feeds.http import _Prepared

    assert _Prepared(lambda: "ready").result() == "ready"
    with pytest.raises(ZeroDivisionError):
        _Prepared(lambda: 1 / 0).result()


def test_fetches_start_a_site_at_a_time_in_turn_and_are_reported_in_the_subscriptions_order(
    server: HTTPServer, library: Library
) -> None:
    """Two requests to a site at once: a list that subscribes to a dozen sections of one paper before other sites
    would otherwise fill the room for feeds in flight with feeds waiting for that paper's turn."""
    from sahel_tui.feeds.fetching import sites_in_turn

    subscriptions = Subscriptions(library.catalog)
    urls = ["https://paper.example/a", "https://paper.example/b", "https://paper.example/c", "https://wire.example/x",
            "https://PAPER.example/d", "https://radio.example/y", "https://wire.example/z"]  # fmt: skip
    feeds = [subscriptions.add(url) for url in urls]
    assert [urls[place] for place in sites_in_turn(feeds)] == [
        "https://paper.example/a", "https://wire.example/x", "https://radio.example/y",
        "https://paper.example/b", "https://wire.example/z", "https://paper.example/c", "https://PAPER.example/d",
    ]  # fmt: skip
    for n in range(3):
        server.expect_request(f"/f{n}.rss").respond_with_data(rss_of([]), content_type="application/rss+xml")
    # 127.1 is 127.0.0.1 written short: the same server, another site to tell them apart
    local = [subscriptions.add(server.url_for(f"/f{n}.rss").replace("127.0.0.1", "127.1" if n == 2 else "127.0.0.1"))
             for n in range(3)]  # fmt: skip
    assert sites_in_turn(local) == [0, 2, 1]
    reports = fetch_feeds(library, local, retry_backoff=0, processes=False)
    assert [report.feed.id for report in reports] == [feed.id for feed in local]
    assert not any(report.failed for report in reports), [report.line() for report in reports]
