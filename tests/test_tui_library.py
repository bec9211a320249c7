"""The app on a library of many articles: the first screen comes from the catalog's headlines, and an article's
text is read only when it is opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen import settle

from sahel_tui.corpus.library import Library
from sahel_tui.entities.corpus_stats import synced_stats
from sahel_tui.paths import locations
from sahel_tui.search.library_index import open_synced_index
from sahel_tui.tui.app import make_app
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.reader import Reader

COUNT = 240


def a_library(folder: Path) -> None:
    folder.mkdir()
    for number in range(COUNT):
        (folder / f"dispatch-{number:03d}.txt").write_text(
            f"Dispatch {number} from Ségou\n\nBoatmen on the Niger at Ségou counted {number} pirogues today.\n"
        )
    library = Library(locations())
    assert all(outcome.ok for outcome in library.import_paths([folder]))
    index, _ = open_synced_index(library)  # as after an earlier session: index and figures are up to date
    index.close()
    synced_stats(library)
    library.close()


async def test_the_list_comes_from_headlines_and_only_the_opened_article_is_read(tmp_path: Path) -> None:
    a_library(tmp_path / "dispatches")
    app = make_app()
    statements: list[str] = []
    app.library.catalog._db.set_trace_callback(statements.append)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        listed = [entry.article_id for entry in app.main_screen.query_one(ArticleList).entries]
        assert listed[:3] == ["dispatch-239", "dispatch-238", "dispatch-237"], "newest first"
        assert app.sub_title.startswith(f"{COUNT + 3} articles")
        assert not [sql for sql in statements if "paragraphs" in sql], "no article's text read before one is opened"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.main_screen.query_one(Reader).article.title == "Dispatch 238 from Ségou"
    texts_read = [sql for sql in statements if "paragraphs" in sql]
    assert len(texts_read) == 1 and "WHERE id = 'dispatch-238'" in texts_read[0]


async def test_the_next_page_is_listed_when_the_cursor_nears_the_end(tmp_path: Path) -> None:
    from sahel_tui.tui.widgets.article_list import PAGE_SIZE

    a_library(tmp_path / "dispatches")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = pilot.app.main_screen.query_one(ArticleList)
        assert articles.row_count == PAGE_SIZE
        await pilot.press("G")
        await settle(pilot)
        assert articles.row_count == 2 * PAGE_SIZE
        assert articles.cursor_row == PAGE_SIZE - 1, "the cursor stays where the user put it"
        await pilot.press("slash", *"pirogues", "enter")
        await settle(pilot)
        assert articles.row_count == PAGE_SIZE, "a new query starts with one page"
        assert pilot.app.sub_title.startswith(f"{COUNT} results (first {PAGE_SIZE} shown)")
        for _ in range(3):
            await pilot.press("G")
            await settle(pilot)
        assert articles.row_count == COUNT, "paging stops at the last result"


async def test_the_app_indexes_and_finds_entities_in_a_big_new_library(tmp_path: Path) -> None:
    folder = tmp_path / "dispatches"
    folder.mkdir()
    for number in range(COUNT):
        town = "Ménaka" if number % 40 == 0 else "Ségou"
        (folder / f"d{number:03d}.txt").write_text(f"Dispatch {number}\n\nFighters of JNIM were seen near {town}.\n")
    assert all(outcome.ok for outcome in Library(locations()).import_paths([folder]))
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.main_screen
        assert screen.searcher is not None, "search is ready: indexing and entity figures both finished"
        await pilot.press("slash", *"entity:menaka", "enter")
        await settle(pilot)
        listed = {entry.article_id for entry in screen.query_one(ArticleList).entries}
        assert listed == {f"d{n:03d}" for n in range(0, COUNT, 40)}


async def test_a_quote_too_long_for_the_dialog_shows_a_scrollbar_not_a_silent_cut() -> None:
    from sahel_tui.tui.screens.annotate import AnnotateScreen

    quote = " ".join(f"sentence {n} of a very long passage about convoys on the road to Gao." for n in range(60))
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(AnnotateScreen(quote, lambda draft: True))
        await pilot.pause()
        shown = pilot.app.screen.query_one("#annotate-quote-box")
        assert shown.virtual_size.height > shown.size.height
        assert shown.show_vertical_scrollbar, "the reader can see the quote goes on"
        await pilot.press("escape")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_long_quote_says_it_goes_on_and_scrolls_from_the_keyboard(size) -> None:
    from screen import screen_text
    from textual.widgets import TextArea

    from sahel_tui.tui.screens.annotate import QUOTE_GOES_ON, AnnotateScreen

    quote = " ".join(f"sentence {n} of a long passage about convoys on the road to Gao." for n in range(30))
    async with make_app().run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.push_screen(AnnotateScreen(quote, lambda draft: True))
        await pilot.pause()
        await pilot.pause()
        screen = pilot.app.screen
        assert QUOTE_GOES_ON[:20] in screen_text(pilot.app)
        box = screen.query_one("#annotate-quote-box")
        await pilot.press("shift+tab")
        assert screen.focused is box
        await pilot.press("pagedown")
        await pilot.pause()
        assert box.scroll_y > 0, "the quote scrolled from the keyboard"
        await pilot.press("tab", *"read it all")
        assert screen.query_one(TextArea).text == "read it all", "tab goes back to the note"
        await pilot.press("escape")


async def test_a_short_quote_says_nothing_more() -> None:
    from screen import screen_text

    from sahel_tui.tui.screens.annotate import QUOTE_GOES_ON, AnnotateScreen

    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(AnnotateScreen("A short passage.", lambda draft: True))
        await pilot.pause()
        await pilot.pause()
        assert QUOTE_GOES_ON[:20] not in screen_text(pilot.app)
        await pilot.press("escape")


async def test_an_article_whose_stored_text_is_damaged_is_named_as_such_when_opened(tmp_path: Path) -> None:
    import sqlite3

    a_library(tmp_path / "dispatches")
    db = sqlite3.connect(locations().catalog_db)
    db.execute("UPDATE articles SET paragraphs = '{not json' WHERE id = 'dispatch-239'")
    db.commit()
    db.close()
    async with make_app().run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the newest article, the damaged one, is highlighted first
        await settle(pilot)
        said = [notification.message for notification in pilot.app._notifications]
        assert any("dispatch-239" in line and "unreadable" in line for line in said), said
        assert not any("not in the library any more" in line for line in said)
        assert pilot.app.main_screen.query_one(Reader).article is None, "nothing half-read is shown"


async def test_the_index_state_is_read_before_the_first_keystroke_not_by_it(tmp_path: Path) -> None:
    """The app's indexing worker reads what searching needs (2 s at a million articles); the first letter typed
    only searches."""
    a_library(tmp_path / "dispatches")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        index = app.main_screen.searcher.index
        statements: list[str] = []
        index._db.set_trace_callback(statements.append)
        await pilot.press("slash", "s", "e", "g")
        await settle(pilot)
        assert app.main_screen._listed_query == "seg"
        index._db.set_trace_callback(None)
    assert statements, "the keystrokes searched the index"
    assert not [sql for sql in statements if sql.startswith("SELECT docno, len_title")]


async def test_articles_another_process_imports_appear_in_the_open_reader_and_are_found(tmp_path: Path) -> None:
    """``sahel-tui import`` in another terminal (or ``fetch --due`` on a clock) while the reader is open: the list
    takes the new articles in and search finds them, without a restart — the index reading just those articles."""
    import subprocess
    import sys

    from screen import until

    a_library(tmp_path / "dispatches")
    later = tmp_path / "later"
    later.mkdir()
    for number in range(3):
        (later / f"later-{number}.txt").write_text(
            f"Convoy {number} reaches Anefis\n\nA supply convoy reached Anefis at dawn, officials said.\n"
        )
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.main_screen
        assert screen.searcher is not None
        loaded: list[str] = []
        library_get_many = screen.library.get_many
        screen.library.get_many = lambda article_ids: loaded.extend(article_ids) or library_get_many(article_ids)
        done = subprocess.run([sys.executable, "-m", "sahel_tui", "import", str(later)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        articles = screen.query_one(ArticleList)
        added = {"later-0", "later-1", "later-2"}
        await until(pilot, lambda: added <= {entry.article_id for entry in articles.entries})
        assert pilot.app.sub_title.startswith(f"{COUNT + 3 + 3} articles")
        await until(pilot, lambda: screen.searcher is not None and not screen._indexing())
        await settle(pilot)
        await pilot.press("slash", *"anefis", "enter")
        await settle(pilot)
        assert {entry.article_id for entry in articles.entries} == added
        assert set(loaded) == added, "the index and the figures read only what was added"
        await until(pilot, lambda: any("3 articles added" in n.message for n in pilot.app._notifications))
        assert [n.message for n in pilot.app._notifications].count(
            "3 articles added by another sahel-tui (an import or a fetch)."
        ) == 1, "said once"


async def test_the_article_being_read_changed_by_another_process_is_shown_again_in_place(tmp_path: Path) -> None:
    """Its file edited and imported again from another terminal while it is read: the reader shows the new text
    (same article, the cursor on the same sentence), not what it had when it was opened."""
    import subprocess
    import sys

    from screen import screen_text, until

    a_library(tmp_path / "dispatches")
    dispatch = tmp_path / "dispatches" / "dispatch-007.txt"
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.main_screen
        await pilot.press("slash", *"dispatch 7", "enter", "enter")
        reader = screen.query_one(Reader)
        await until(pilot, lambda: reader.article is not None and reader.article.id == "dispatch-007")
        await pilot.press("j")
        cursor = reader.cursor
        dispatch.write_text(dispatch.read_text() + "\nThe ferry to Markala crossed twice before noon.\n")
        done = subprocess.run([sys.executable, "-m", "sahel_tui", "import", str(dispatch)], capture_output=True,
                              text=True)  # fmt: skip
        assert done.returncode == 0 and "updated as dispatch-007" in done.stdout, done.stdout + done.stderr
        await until(pilot, lambda: "ferry to Markala" in screen_text(pilot.app))
        assert reader.article.id == "dispatch-007" and reader.cursor == cursor

        Library(locations()).remove("dispatch-007")  # as `sahel-tui remove` or `prune` in another terminal
        await until(pilot, lambda: any("open here, was removed" in n.message for n in pilot.app._notifications))
        assert reader.article.id == "dispatch-007", "what is read stays on screen"


async def test_changes_seen_while_the_reader_takes_in_earlier_ones_are_told_in_the_same_message(tmp_path) -> None:
    """An import is many batches: the reader takes in the first while the import goes on, and looks for no more
    until it is done. The count waits for that look, so one message says the whole import, not its first batch."""
    from screen import until

    a_library(tmp_path / "dispatches")
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.main_screen
        indexing = {"now": True}
        screen._indexing = lambda: indexing["now"]
        screen._changed_elsewhere = 500  # the first batch, taken in: its index work runs
        screen._tell_changes()
        assert not pilot.app._notifications and screen._quiet_timer is not None, "nothing said yet, the count waits"
        screen._changed_elsewhere += 500  # the look after the index work finds the second batch
        indexing["now"] = False
        screen._tell_changes()
        await until(pilot, lambda: list(pilot.app._notifications))
        assert [n.message for n in pilot.app._notifications] == [
            "1,000 articles added by another sahel-tui (an import or a fetch)."
        ]


async def test_a_library_file_another_program_puts_in_place_is_listed_searched_and_said(tmp_path: Path) -> None:
    """A sync tool brings the library from another machine while the reader is open: the list shows that library,
    search finds its articles, and the user is told the file was replaced — not that articles were "added"."""
    import os
    import subprocess
    import sys

    from screen import until

    a_library(tmp_path / "dispatches")
    brought = tmp_path / "other-machine"
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "gossi.txt").write_text("Herders return to Gossi\n\nHerders drove their cattle back to "
                                                    "Gossi after the rains, the mayor said.\n")  # fmt: skip
    environment = {**os.environ, "SAHEL_TUI_HOME": str(brought)}
    done = subprocess.run([sys.executable, "-m", "sahel_tui", "import", str(tmp_path / "theirs")], env=environment,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    async with make_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.main_screen
        articles = screen.query_one(ArticleList)
        (brought / "data" / "library.sqlite3").replace(locations().catalog_db)
        await until(pilot, lambda: "gossi" in {entry.article_id for entry in articles.entries})
        assert len(articles.entries) == 1 + 3  # theirs and the bundled articles; none of the 240 dispatches
        await until(pilot, lambda: any("replaced by another program" in n.message for n in pilot.app._notifications))
        assert not any("added by another" in n.message for n in pilot.app._notifications)
        await until(pilot, lambda: screen.searcher is not None and not screen._indexing())
        await settle(pilot)
        await pilot.press("slash", *"gosi cattle", "enter")
        await settle(pilot)
        assert [entry.article_id for entry in articles.entries] == ["gossi"]


async def test_after_an_upgrade_search_works_at_once_and_the_new_readings_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer parser reads every stored article again: minutes at a million articles, which the search once waited
    for. Search is ready on the readings the library holds; the articles read differently are then listed and
    searchable as read now. The reading-again is held here until the search has answered, as a big library
    would hold it."""
    import sqlite3
    import threading
    from contextlib import closing

    from screen import until
    from textual.widgets import Input

    from sahel_tui.corpus.formats import PARSER_VERSION

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tessalit.txt").write_text("Convoy reaches Tessalit\n\nA supply convoy reached Tessalit on Friday.\n")
    assert all(outcome.ok for outcome in Library(locations()).import_paths([folder]))
    with closing(sqlite3.connect(locations().catalog_db)) as db, db:  # as the version before read it
        db.execute("UPDATE articles SET parser_version = ?, title = 'Caravan at Aguelhok' WHERE id = 'tessalit'",
                   (PARSER_VERSION - 1,))  # fmt: skip
    go_on = threading.Event()
    read_again = Library.reparse_stale

    def held(library, *args, **kwargs):
        if not kwargs.get("unread_only"):  # a fetch's unread entries (none here) are read before indexing
            assert go_on.wait(timeout=60), "never released"
        return read_again(library, *args, **kwargs)

    monkeypatch.setattr(Library, "reparse_stale", held)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.searcher is not None)
        await pilot.press("slash", *"aguelhok")
        await until(pilot, lambda: list(screen.hits) == ["tessalit"])  # searching, before any reading again
        assert screen.articles.headline("tessalit").title == "Caravan at Aguelhok"
        await pilot.press("enter", "enter")
        reader = screen.query_one(Reader)
        await until(pilot, lambda: reader.article is not None and reader.article.id == "tessalit")
        assert reader.article.title == "Caravan at Aguelhok"
        go_on.set()
        await until(pilot, lambda: screen.articles.headline("tessalit").title == "Convoy reaches Tessalit")
        await until(pilot, lambda: reader.article.title == "Convoy reaches Tessalit")  # the one being read too
        box = screen.query_one("#search", Input)
        box.value = "tessalit convoy"
        await until(pilot, lambda: list(screen.hits) == ["tessalit"])
        box.value = "aguelhok"
        await until(pilot, lambda: not screen.hits)  # the old reading is no longer what is indexed
        await settle(pilot)
        assert not screen.query_one("#status").display, "the status line is cleared"


async def test_words_are_searchable_while_the_entity_figures_are_still_being_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the gazetteer changes, every article's entities are counted again (a minute at 100,000 articles), which
    the search once waited for. Words are searchable as soon as the index is ready; an ``entity:`` filter says the
    entities are still being counted (rather than ignoring itself and listing everything), and lists its articles
    once they are. The figures are held here until the words were searched, as a big library would hold them."""
    import threading

    from screen import until
    from textual.widgets import Input

    from sahel_tui import services

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tessalit.txt").write_text("Convoy reaches Tessalit\n\nA supply convoy reached Tessalit on Friday.\n")
    (folder / "djibo.txt").write_text("JNIM besieges Djibo\n\nJNIM fighters have cut the roads to Djibo for weeks.\n")
    assert all(outcome.ok for outcome in Library(locations()).import_paths([folder]))
    go_on = threading.Event()
    made = services.synced_stats

    def held(*args, **kwargs):
        assert go_on.wait(timeout=60), "never released"
        return made(*args, **kwargs)

    monkeypatch.setattr(services, "synced_stats", held)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.searcher is not None)
        assert screen.searcher.stats is None
        box = screen.query_one("#search", Input)
        box.value = "tessalit"
        await until(pilot, lambda: list(screen.hits) == ["tessalit"])
        box.value = "entity:jnim"
        await until(pilot, lambda: screen._listed_query == "entity:jnim")
        assert not screen.hits and "still being counted" in str(screen.query_one("#empty").content)
        go_on.set()
        await until(pilot, lambda: screen.searcher.stats is not None)
        await until(pilot, lambda: "djibo" in screen.hits)  # the same query, answered again
        assert "tessalit" not in screen.hits


async def _wire_fetched(library: Library) -> int:
    """The Sahel wire fixture fetched from a loopback server into ``library`` (its entries stored unread)."""
    import asyncio

    from feedxml import with_whole_texts
    from pytest_httpserver import HTTPServer

    from sahel_tui.feeds.fetching import fetch_feeds
    from sahel_tui.feeds.subscriptions import Subscriptions

    wire = with_whole_texts((Path(__file__).parent / "fixtures" / "feeds" / "sahel-wire.rss").read_bytes())
    with HTTPServer(host="127.0.0.1", port=0) as server:
        server.expect_request("/wire.rss").respond_with_data(wire, content_type="application/rss+xml")
        Subscriptions(library.catalog).add(server.url_for("/wire.rss"))
        [report] = await asyncio.to_thread(fetch_feeds, library, retry_backoff=0)  # its own event loop
    return report.new


async def _fetched_with_reading_held(monkeypatch: pytest.MonkeyPatch, indexed_before: bool):
    """The wire fixture fetched (its two entries stored unread), after an earlier start indexed the library or
    not; the reading of unread entries then held until the returned event is set (as thousands would hold it).
    The reading itself is the library's own."""
    import threading

    library = Library(locations())
    if indexed_before:  # what an earlier start left: the bundled articles indexed
        index, _ = open_synced_index(library)
        index.close()
    assert await _wire_fetched(library) == 2
    library.close()
    go_on = threading.Event()
    read = Library.reparse_stale

    def held(self, *args, **kwargs):
        if kwargs.get("unread_only"):
            assert go_on.wait(timeout=60), "never released"
        return read(self, *args, **kwargs)

    monkeypatch.setattr(Library, "reparse_stale", held)
    return go_on


async def test_at_the_first_start_after_a_fetch_the_known_articles_are_searchable_while_the_new_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fetch stores its entries unread; the reader started next reads them (seconds for thousands) before
    indexing them. Meanwhile it searches the index as the last start left it: the articles it knew are found at
    once, the new ones once read. The reading is held here until the old words were searched."""
    from contextlib import closing

    from screen import until
    from textual.widgets import Input

    go_on = await _fetched_with_reading_held(monkeypatch, indexed_before=True)
    assert Library(locations()).catalog.stale_count(unread_only=True) == 2
    app = make_app()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: screen.searcher is not None)
            box = screen.query_one("#search", Input)
            box.value = "wagner withdrawal"
            await until(pilot, lambda: len(screen.hits) > 0)  # a known article, found while the new are unread
            assert Library(locations()).catalog.stale_count(unread_only=True) == 2
            go_on.set()
            box.value = "grazing corridors"
            await until(pilot, lambda: [screen.articles.title(aid) for aid in screen.hits]
                        == ["Herders and farmers agree on grazing corridors near Tahoua"])  # fmt: skip
    finally:
        go_on.set()
    with closing(Library(locations())) as after:
        assert after.catalog.stale_count(unread_only=True) == 0


async def test_a_query_typed_before_a_new_library_is_indexed_says_so_then_is_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The very first start after a first fetch has no index to search meanwhile: the fetched entries are read,
    then everything indexed (seconds for thousands). A query typed then is kept and answered when the index is
    ready; until then the header says so instead of counting the whole library as if that were the answer."""
    from screen import until

    from sahel_tui.textclean import counted

    go_on = await _fetched_with_reading_held(monkeypatch, indexed_before=False)
    app = make_app()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            screen = app.main_screen
            await until(pilot, lambda: "articles" in app.sub_title)  # the library listed, not yet indexed
            await pilot.press("slash", *"corridors")
            await until(pilot, lambda: "as soon as the library is indexed" in app.sub_title)
            assert screen.searcher is None and not screen.hits
            go_on.set()
            tahoua = "Herders and farmers agree on grazing corridors near Tahoua"
            await until(pilot, lambda: tahoua in [screen.articles.title(aid) for aid in screen.hits])
            assert app.sub_title == counted(len(screen.hits), "result")
    finally:
        go_on.set()
