"""Feeds in the reader: `r` fetches in the background from a real server on 127.0.0.1, new articles arrive
unread (bold) in the list, `u` and `U` work on read state, `feed:` and `is:unread` filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from screen import screen_text, settle
from test_tui import listed_ids, store
from werkzeug import Response

from sahel_tui.corpus.library import Library
from sahel_tui.entities.extract import extract
from sahel_tui.entities.summary import summarize
from sahel_tui.feeds.subscriptions import Subscriptions
from sahel_tui.paths import locations
from sahel_tui.tui.app import make_app
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import Reader

RSS = (Path(__file__).parent / "fixtures" / "feeds" / "sahel-wire.rss").read_bytes()
NEW_TITLES = {
    "Herders and farmers agree on grazing corridors near Tahoua",
    "Les transporteurs reprennent la route de Djibo",
}


@pytest.fixture
def server():
    with HTTPServer(host="127.0.0.1", port=0, threaded=True) as running:
        yield running


def subscribe(*urls: str) -> None:
    library = Library(locations())
    for url in urls:
        Subscriptions(library.catalog).add(url)
    library.close()


async def wait_until(pilot, condition, what: str) -> None:
    """Pause until ``condition()`` holds: each round lets workers finish and messages land (no clock)."""
    for _ in range(200):
        if condition():
            return
        await settle(pilot)
    raise AssertionError(f"never happened: {what}")


async def press_then_see(pilot, key: str, text: str) -> None:
    """Press ``key`` and wait until the screen shows ``text`` (``f``: the feeds view, counted)."""
    await pilot.press(key)
    await wait_until(pilot, lambda: text in screen_text(pilot.app), f"{text!r} on the screen after {key}")


async def asked(pilot, what: str, *keys: str) -> None:
    """Press ``keys`` and wait for the one-line question they open."""
    from sahel_tui.tui.screens.ask_line import AskLineScreen

    await pilot.press(*keys)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskLineScreen), what)


def entries(app) -> list:
    return app.main_screen.query_one(ArticleList).entries


def serve(server: HTTPServer, feed: bytes = RSS, failing: tuple[str, int] | None = None) -> None:
    """The wire feed (and a failing one) served and subscribed to, in that order."""
    server.expect_request("/wire.rss").respond_with_data(feed, content_type="application/rss+xml")
    urls = [server.url_for("/wire.rss")]
    if failing:
        server.expect_request(failing[0]).respond_with_response(Response(status=failing[1]))
        urls.append(server.url_for(failing[0]))
    subscribe(*urls)


async def fetched(pilot, listed: int = 5) -> None:
    """Press r on a settled app and wait until the fetch is done and ``listed`` articles are listed (the three
    bundled ones and what the feeds sent)."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("r")
    await wait_until(pilot, lambda: not app.main_screen.fetching and len(listed_ids(app)) == listed, "fetched")


async def test_r_fetches_in_the_background_and_new_articles_arrive_unread(server: HTTPServer) -> None:
    serve(server, failing=("/down.rss", 503))
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        assert len(listed_ids(app)) == 3
        await pilot.press("r")
        await wait_until(pilot, lambda: {e.title for e in entries(app)} >= NEW_TITLES, "the new articles listed")
        await wait_until(pilot, lambda: not app.main_screen.fetching, "the fetch finished")
        fresh = [e for e in entries(app) if e.title in NEW_TITLES]
        assert fresh and not any(e.read for e in fresh)  # unread: drawn bold with a dot
        assert {e.detail for e in fresh} == {"2025-06-07 · Sahel Wire · Fatima Abdou", "2025-06-08 · Sahel Wire"}
        assert "Sahel Wire" not in " ".join(e.detail for e in entries(app) if e not in fresh), "files name no feed"
        assert "2 new from the last fetch" in app.sub_title
        said = [n.message for n in app._notifications]
        assert any("2 new" in m and "1 failed" in m for m in said)
        assert any(m.startswith("down.rss") or "503" in m for m in said)

        await pilot.press("U")  # unread only: the fetched articles (nothing has been opened yet)
        await wait_until(pilot, lambda: len(listed_ids(app)) == 5, "every unread article listed")
        app.main_screen.query_one(ArticleList).focus()
        await pilot.press("g", "u")  # mark the first listed article read
        marked = listed_ids(app)[0]
        await wait_until(pilot, lambda: store().reading_state(marked).read, "the article marked read")
        await pilot.press("U", "U")  # show all, then unread only again: the read one is gone
        await wait_until(pilot, lambda: marked not in listed_ids(app), "read article filtered out")
        assert len(listed_ids(app)) == 4


async def test_a_headline_without_text_is_kept_and_says_so(server: HTTPServer) -> None:
    """An entry that is only a headline, its page unavailable: listed and readable as a headline (it used to be
    refused as unreadable, and never listed), the reader saying no text came with it; `a` says why nothing
    happens."""
    headlines = f"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Headlines</title>
    <item><title>Tombouctou : le bac de Koriomé reprend du service</title><link>{server.url_for("/gone")}</link>
    <guid isPermaLink="false">h1</guid></item></channel></rss>""".encode()
    server.expect_request("/headlines.rss").respond_with_data(headlines, content_type="application/rss+xml")
    server.expect_request("/gone").respond_with_response(Response(status=404))
    subscribe(server.url_for("/headlines.rss"))
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot, listed=4)
        await pilot.press("slash", *"koriome", "enter", "enter")
        reader = app.main_screen.query_one(Reader)
        await wait_until(pilot, lambda: reader.article is not None, "the headline opened")
        assert reader.article.title == "Tombouctou : le bac de Koriomé reprend du service"
        await wait_until(pilot, lambda: "only its headline" in screen_text(app), "the reader says so")
        assert "· from Headlines" in screen_text(app), "the reader names the feed that sent it"
        await pilot.press("a")
        assert any("no text to annotate" in n.message for n in app._notifications)


async def test_an_excerpt_whose_page_could_not_be_had_says_so_and_a_completed_one_does_not(
    server: HTTPServer,
) -> None:
    """The feed sends two excerpts; one page comes, the other's server is busy: the reader tells the excerpt
    apart, above its text, and not the article completed from its page. Read when the next fetch brings its page,
    the excerpt is shown again completed, in place, and the header counts it as updated."""
    page = (Path(__file__).parent / "fixtures" / "pages" / "fr-reprise-localite.html").read_bytes()
    wire = RSS.replace(b"https://sahel-wire.invalid/2025/06/tahoua-corridors", server.url_for("/busy").encode())
    wire = wire.replace(b"https://sahel-wire.invalid/2025/06/djibo-transporteurs", server.url_for("/page").encode())
    server.expect_request("/wire.rss").respond_with_data(wire, content_type="application/rss+xml")
    busy = [Response(status=503), Response(page, content_type="text/html; charset=utf-8")]
    server.expect_request("/busy").respond_with_handler(lambda request: busy.pop(0))
    server.expect_request("/page").respond_with_data(page, content_type="text/html; charset=utf-8")
    subscribe(server.url_for("/wire.rss"))
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        told = [n.message for n in app._notifications if "excerpt" in n.message]
        assert told == ["1 entry kept as the feed's excerpt, the full text unavailable (Sahel Wire 1); 1 asked for "
                        "again at the next fetch"]  # fmt: skip
        reader = app.main_screen.query_one(Reader)
        await pilot.press("slash", *"tahoua", "enter", "enter")
        await wait_until(pilot, lambda: reader.article is not None and reader.article.excerpt, "the excerpt opened")
        await wait_until(pilot, lambda: "Only the feed's excerpt" in screen_text(app), "the reader says so")
        await pilot.press("escape", "escape", "slash", *"ecoles", "enter", "enter")
        await wait_until(pilot, lambda: "Les écoles restent fermées" in screen_text(app), "the completed article")
        assert "Only the feed's excerpt" not in screen_text(app)
        await pilot.press("escape", "escape", "slash", *"tahoua", "enter", "enter")
        await wait_until(pilot, lambda: "Only the feed's excerpt" in screen_text(app), "the excerpt again")
        excerpt = reader.article.id
        await pilot.press("r")
        await wait_until(pilot, lambda: not app.main_screen.fetching, "fetched again")
        await wait_until(pilot, lambda: "Les écoles restent fermées" in screen_text(app), "shown again, completed")
        assert reader.article.id == excerpt and not reader.article.excerpt
        assert "Only the feed's excerpt" not in screen_text(app)
        assert "1 updated from the last fetch" in app.sub_title


def sidebar_entities(app) -> set[str]:
    sidebar = app.main_screen.query_one(EntitySidebar)
    return {option.id for option in (sidebar.get_option_at_index(i) for i in range(sidebar.option_count)) if option.id}


async def test_an_article_completed_by_a_fetch_while_open_lists_the_entities_of_its_new_text(
    server: HTTPServer,
) -> None:
    """The excerpt is open when the next fetch brings its page: the reader shows the page's text, and the
    sidebar must list what that text mentions, not what the excerpt did (it kept the excerpt's, from a cache)."""
    page = (Path(__file__).parent / "fixtures" / "pages" / "fr-reprise-localite.html").read_bytes()
    wire = RSS.replace(b"https://sahel-wire.invalid/2025/06/tahoua-corridors", server.url_for("/busy").encode())
    server.expect_request("/wire.rss").respond_with_data(wire, content_type="application/rss+xml")
    busy = [Response(status=503), Response(page, content_type="text/html; charset=utf-8")]
    server.expect_request("/busy").respond_with_handler(lambda request: busy.pop(0))
    subscribe(server.url_for("/wire.rss"))
    async with make_app().run_test(size=(160, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        reader = app.main_screen.query_one(Reader)
        await pilot.press("slash", *"tahoua", "enter", "enter")
        await wait_until(pilot, lambda: reader.article is not None and reader.article.excerpt, "the excerpt opened")
        before = sidebar_entities(app)
        assert before == {summary.id for summary in summarize(extract(reader.article))}
        await pilot.press("r")
        await wait_until(pilot, lambda: not app.main_screen.fetching, "fetched again")
        await wait_until(pilot, lambda: not reader.article.excerpt, "shown again, completed")
        expected = {summary.id for summary in summarize(extract(reader.article))}
        assert expected != before, "the page's text mentions other entities than the excerpt"
        await wait_until(pilot, lambda: sidebar_entities(app) == expected, "the sidebar lists the new text's entities")


async def test_feed_filter_lists_what_a_feed_sent(server: HTTPServer) -> None:
    serve(server)
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        await pilot.press("slash", *"feed:wire")
        await wait_until(pilot, lambda: {e.title for e in entries(app)} == NEW_TITLES, "only the feed's articles")


async def test_tag_filter_lists_the_tagged_feeds_articles_a_tag_of_two_words_in_quotes(server: HTTPServer) -> None:
    """An OPML folder becomes a tag, often of two words ("Mali centre"): `tag:"mali centre"` lists what the feeds
    with that tag sent (unquoted, the second word was searched as a word of its own, and nothing matched)."""
    serve(server)
    library = Library(locations())
    subscriptions = Subscriptions(library.catalog)
    (wire,) = subscriptions.all()
    subscriptions.update(wire.id, tags=["Mali centre"])
    library.close()
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        await pilot.press("slash", *'tag:"mali centre"')
        await wait_until(pilot, lambda: {e.title for e in entries(app)} == NEW_TITLES, "only the tagged feed's")
        await pilot.press(*["backspace"] * 7, *'nord"')
        await wait_until(pilot, lambda: not entries(app), "no feed tagged 'mali nord'")
        assert "No feed tagged 'mali nord'" in screen_text(app)


async def test_feeds_view_counts_unread_enter_lists_one_feed_and_A_marks_it_read(server: HTTPServer) -> None:
    atom = (Path(__file__).parent / "fixtures" / "feeds" / "atom-brief.xml").read_bytes()
    server.expect_request("/brief.atom").respond_with_data(atom, content_type="application/atom+xml")
    serve(server, RSS.replace(b"</language>", b"</language><ttl>45</ttl>"), failing=("/broken.rss", 500))
    subscribe(server.url_for("/brief.atom"))  # feed 3: its address holds a "1" (127.0.0.1), like every one here
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot, listed=6)
        await press_then_see(pilot, "f", "2 unread / 2")
        shown = screen_text(app)
        assert "Sahel Wire" in shown and "HTTP 500" in shown and "0 unread / 0" in shown and "1 unread / 1" in shown
        assert shown.count("updated every 45 min") == 1, "the time to live the wire announced, on its line only"
        await pilot.press("enter")  # the first feed: Sahel Wire, and only it
        await wait_until(pilot, lambda: app.sub_title.startswith("2 results"), "the feed's articles listed")
        assert {e.title for e in entries(app)} == NEW_TITLES
        assert app.main_screen.query_one("#search").value == "feed:1"
        assert not any(e.read for e in entries(app))
        await press_then_see(pilot, "f", "2 unread / 2")
        await pilot.press("A")  # the highlighted feed: asks first, with the count
        await wait_until(pilot, lambda: "Mark the 2 unread articles of Sahel Wire read?" in screen_text(app), "asked")
        await pilot.press("n")  # kept unread
        await settle(pilot)
        assert "2 unread / 2" in screen_text(app) and not store().read_articles()
        await pilot.press("A", "y")
        await wait_until(pilot, lambda: "0 unread / 2" in screen_text(app), "the feed's count after marking it read")
        assert "Marked 2 articles of Sahel Wire read." in [str(n.message) for n in app._notifications]
        assert {app.main_screen.articles.headline(aid).title for aid in store().read_articles()} == NEW_TITLES
        await pilot.press("escape")
        await wait_until(pilot, lambda: all(e.read for e in entries(app)), "the list's rows no longer bold")
        assert len(entries(app)) == 2, "the feed's list as it was"
        await press_then_see(pilot, "f", "1 unread / 1")
        await pilot.press("j", "j", "A")  # the third feed
        await wait_until(pilot, lambda: "1 unread article of Brèves du Fleuve read?" in screen_text(app), "asked")
        await pilot.press("y")
        await wait_until(pilot, lambda: "0 unread / 1" in screen_text(app), "the third feed marked read")
        await pilot.press("enter")  # the cursor stayed on the feed it marked
        await wait_until(pilot, lambda: app.main_screen.query_one("#search").value == "feed:3", "the third feed")


async def test_the_feeds_view_fetches_with_r_and_R_and_counts_again_as_articles_come(server: HTTPServer) -> None:
    serve(server, failing=("/down.rss", 500))
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: screen_text(app).count("never fetched") == 2, "the feeds, never fetched")
        await pilot.press("r")
        await wait_until(pilot, lambda: "2 unread / 2" in screen_text(app) and "HTTP 500" in screen_text(app),
                         "the counts and the failure, with the feeds view still open")  # fmt: skip
        assert "never fetched" not in screen_text(app)
        asked = [request.path for request, _ in server.log]
        await pilot.press("j", "R")  # the highlighted feed only: the failing one, asked again
        await wait_until(pilot, lambda: not app.main_screen.fetching and [r.path for r, _ in server.log].count(
            "/down.rss") > asked.count("/down.rss"), "the failing feed fetched again")  # fmt: skip
        assert [request.path for request, _ in server.log].count("/wire.rss") == asked.count("/wire.rss")


async def test_marking_a_feed_read_when_the_notes_cannot_be_written_says_so_and_marks_nothing(
    server: HTTPServer,
) -> None:
    from screen import refuse_writes

    serve(server)
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        await press_then_see(pilot, "f", "2 unread / 2")
        refuse_writes(app.main_screen.store)
        await pilot.press("A", "y")
        await wait_until(pilot, lambda: any("not saved" in str(n.message) for n in app._notifications), "told")
        await settle(pilot)
        assert "2 unread / 2" in screen_text(app), "the count as it was: nothing marked"
        assert not store().read_articles()


async def test_s_sorts_the_list_by_the_articles_own_dates(server: HTTPServer) -> None:
    serve(server, RSS.replace(b"Sun, 08 Jun 2025", b"Sun, 08 Jun 2014"))  # the French story is years older
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        titles = [e.title for e in entries(app)]
        assert titles.index("Les transporteurs reprennent la route de Djibo") < 2  # added last: near the top
        app.main_screen.query_one(Reader).focus()  # from the reader too (where o opens the article's address)
        await pilot.press("s")
        await wait_until(pilot, lambda: "by date" in app.sub_title, "the list ordered by date")
        dated = [e.detail[:10] for e in entries(app) if e.detail[:4].isdigit()]
        assert dated == sorted(dated, reverse=True) and dated[-1] == "2014-06-08"
        assert [e.title for e in entries(app)][:1] == ["Herders and farmers agree on grazing corridors near Tahoua"]


async def test_a_filtered_list_keeps_the_lists_order_and_s_sorts_search_results_by_date(server: HTTPServer) -> None:
    """U and a filter alone (feed:, is:unread) listed the articles oldest indexed first, against the list's own
    order; s with a query said "by date" in the header and left the hits in rank order."""
    french = RSS.index(b"<item>", RSS.index(b"</item>"))
    serve(server, RSS[:french] + RSS[RSS.index(b"</item>", french) + len(b"</item>") :])
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot, listed=4)
        server.clear()  # the French story comes with the next fetch, added last, and older
        older = RSS.replace(b"Sun, 08 Jun 2025", b"Sun, 08 Jun 2014")
        server.expect_request("/wire.rss").respond_with_data(older, content_type="application/rss+xml")
        await fetched(pilot)
        everything = [e.title for e in entries(app)]
        await pilot.press("U")
        await wait_until(pilot, lambda: "unread only" in app.sub_title and app.main_screen._list_current, "unread")
        unread = [e.title for e in entries(app)]
        assert len(unread) == 5 and unread == everything
        await pilot.press("U", "slash", *"feed:wire", "escape")
        await wait_until(pilot, lambda: len(entries(app)) == 2, "the feed's articles")
        by_added = [e.title for e in entries(app)]
        assert by_added == [title for title in everything if title in by_added]
        assert by_added[0] == "Les transporteurs reprennent la route de Djibo"
        await pilot.press("s")
        await wait_until(pilot, lambda: "by date" in app.sub_title and app.main_screen._list_current, "sorted")
        assert [e.title for e in entries(app)] == by_added[::-1]


async def test_the_command_palette_fetches_feeds(server: HTTPServer) -> None:
    serve(server)
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("ctrl+p", *"fetch feeds")
        await settle(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.main_screen.fetching and len(listed_ids(app)) == 5, "fetched")
        assert {e.title for e in entries(app)} >= NEW_TITLES


async def test_fetch_every_minutes_in_the_settings_fetches_without_a_key(server: HTTPServer) -> None:
    serve(server)
    config = locations().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("fetch_every_minutes = 0.01\n")  # every 0.6 s
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await wait_until(pilot, lambda: {e.title for e in entries(app)} >= NEW_TITLES, "the clock fetched")
        assert app.config.fetch_every_minutes == 0.01


async def test_many_feeds_failing_for_one_reason_are_told_in_one_line(server: HTTPServer) -> None:
    """Offline, every feed fails the same way: one warning gives the reason and names a few, instead of one per
    feed; a feed failing for another reason still gets its own line."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on: every connection to it is refused
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    serve(server, failing=("/down.rss", 503))
    subscribe(*(f"http://127.0.0.1:{closed}/feed-{number}.rss" for number in range(5)))
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: not app.main_screen.fetching and app.main_screen.fetch_note, "fetched")
        await wait_until(pilot, lambda: any("7 feeds fetched" in n.message for n in app._notifications), "told")
        warned = [n.message for n in app._notifications if n.title == "Feed failed"]
        together = [line for line in warned if line.startswith("5 feeds failed — cannot connect")]
        assert len(together) == 1 and together[0].endswith("and 2 more"), warned
        assert not [line for line in warned if line.startswith(f"http://127.0.0.1:{closed}/")], "not one per feed"
        assert [line for line in warned if "down.rss" in line and "503" in line], "another reason, its own line"


async def test_A_y_A_typed_together_finds_the_feed_already_caught_up(server: HTTPServer) -> None:
    """`A` then `y` marks the feed read in a worker; an `A` typed right behind saw the old count and asked again —
    a question nobody typed an answer for, which took the keys after it. It now waits for the feed counted again."""
    from screen import until
    from test_tui import burst

    from sahel_tui.tui.screens.feeds import FeedsScreen

    serve(server)
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)
        await press_then_see(pilot, "f", "2 unread / 2")
        burst(app, ["A", "y", "A", "j"])
        await until(pilot, lambda: "Nothing unread in Sahel Wire." in [str(n.message) for n in app._notifications])
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen), "no second question"
        assert "0 unread / 2" in screen_text(app)
        assert {app.main_screen.articles.headline(aid).title for aid in store().read_articles()} == NEW_TITLES


async def test_a_saved_search_counts_what_a_fetch_brought_while_the_feeds_view_is_open(server: HTTPServer) -> None:
    """Counted over the search index, its count was the one from before the fetch (the index had not yet taken
    the new articles in) until the view was opened again."""
    from sahel_tui.notes.store import NotesStore

    serve(server)
    NotesStore.open(locations().notes_db).save_search("Route de Djibo", "transporteurs djibo")
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        await press_then_see(pilot, "f", "Route de Djibo  0 unread / 0")
        await pilot.press("r")
        await wait_until(pilot, lambda: "Route de Djibo  1 unread / 1" in screen_text(app), "the fetch counted")


async def test_the_feeds_view_renames_tags_and_disables_a_feed_with_keys(server: HTTPServer) -> None:
    """`n` renames the feed under the cursor (the list's rows then name it so), `t` sets its tags (`tag:` finds
    it), `x` disables it (a fetch leaves it out) and enables it again; an empty name gives it back its own title
    at the next fetch, empty tags remove them all. What the view shows is what the catalog holds."""
    serve(server)
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await fetched(pilot)

        def feed():
            return Subscriptions(app.main_screen.library.catalog).get(1)

        await press_then_see(pilot, "f", "2 unread / 2")
        await asked(pilot, "asked for the name", "n")
        assert app.screen.query_one("#ask-line").value == "Sahel Wire"
        await pilot.press("ctrl+u", *"Le Fil du Sahel", "enter")
        await wait_until(pilot, lambda: "[1] Le Fil du Sahel  2 unread / 2" in screen_text(app), "renamed")
        assert feed().title == "Le Fil du Sahel"
        await asked(pilot, "asked for the tags", "t")
        await pilot.press(*"mali, Sécurité ,, mali", "enter")
        await wait_until(pilot, lambda: "[Sécurité, mali]" in screen_text(app), "tagged")
        assert feed().tags == ("Sécurité", "mali")
        await pilot.press("x")
        await wait_until(pilot, lambda: "disabled" in screen_text(app), "disabled")
        assert not feed().enabled
        await pilot.press("escape")
        await wait_until(pilot, lambda: "Le Fil du Sahel" in screen_text(app), "the list's rows name it anew")
        requests_before = len(server.log)
        await pilot.press("r")
        await wait_until(pilot, lambda: any("Every feed is disabled" in str(n.message) for n in app._notifications),
                         "a fetch of the enabled feeds: none, and it says why")  # fmt: skip
        assert len(server.log) == requests_before and not app.main_screen.fetching
        await pilot.press("slash", *"tag:securite", "enter")
        await wait_until(pilot, lambda: app.sub_title.startswith("2 results"), "the tagged feed's articles")
        await press_then_see(pilot, "f", "disabled")
        await asked(pilot, "asked for the tags again", "x", "t")
        await pilot.press("ctrl+u", "enter")
        await wait_until(pilot, lambda: not feed().tags and feed().enabled, "no tags, enabled")
        await asked(pilot, "asked for the name again", "n")
        await pilot.press("ctrl+u", "enter")
        await wait_until(pilot, lambda: feed().title is None, "its own title given back at the next fetch")
        await pilot.press("R")
        await wait_until(pilot, lambda: feed().title == "Sahel Wire", "the feed's own title, fetched")
        await pilot.press("d")
        await wait_until(pilot, lambda: "Unsubscribe from Sahel Wire? Its 2 articles stay" in screen_text(app), "asked")
        await pilot.press("n")  # kept
        await settle(pilot)
        assert feed() is not None
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: "No feeds yet" in screen_text(app), "unsubscribed")
        assert feed() is None
        assert len(app.main_screen.library.catalog.query("SELECT id FROM articles")) == 5, "its articles stay"


async def test_a_question_too_long_for_a_narrow_terminal_wraps_rather_than_losing_its_end(server: HTTPServer) -> None:
    serve(server)
    async with make_app().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await settle(pilot)
        await press_then_see(pilot, "f", "never fetched")
        await asked(pilot, "asked for the name", "n")
        assert "escape to cancel" in screen_text(app)


async def test_a_in_the_feeds_view_subscribes_to_the_feed_a_site_links_to_and_fetches_it(server: HTTPServer) -> None:
    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/wire.rss"></head><body>Hi</body></html>'
    server.expect_request("/site").respond_with_data(page, content_type="text/html")
    server.expect_request("/wire.rss").respond_with_data(RSS, content_type="application/rss+xml")
    about = "<html><body>No feed here</body></html>"
    server.expect_request("/about").respond_with_data(about, content_type="text/html")
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        await press_then_see(pilot, "f", "No feeds yet")
        await asked(pilot, "asked for the address", "a")
        await pilot.press(*server.url_for("/about"), "enter")
        told = "a web page that links to no feed"
        await wait_until(pilot, lambda: any(told in str(n.message) for n in app._notifications), "told why not")
        assert not Subscriptions(app.main_screen.library.catalog).all()
        await asked(pilot, "asked again", "a")
        await pilot.press(*server.url_for("/site"), "enter")
        await wait_until(pilot, lambda: "Sahel Wire  2 unread / 2" in screen_text(app), "subscribed and fetched")
        [feed] = Subscriptions(app.main_screen.library.catalog).all()
        assert feed.url == server.url_for("/wire.rss") and feed.title == "Sahel Wire"
        said = [str(n.message) for n in app._notifications]
        assert f"Subscribed to Sahel Wire (the feed {server.url_for('/site')} links to): fetching it." in said
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(listed_ids(app)) == 5, "its articles in the list")
