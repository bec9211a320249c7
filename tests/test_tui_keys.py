"""Keys typed fast land where the user meant them: a burst is handled as the same keys typed slowly.

A terminal delivers a fast typist's keys (or a paste) all at once, before the app has handled the first one. These
tests queue every key before any is handled, at launch (the library still loading) and later, and assert on what
the search box holds and on what the notes store holds (no bookmark, no screen opened by a letter of the query);
several run the same keys slowly and as one burst, and compare where each ended.
"""

from __future__ import annotations

import pytest
from screen import settle, until
from test_tui import burst, listed_ids, store
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.reader import Reader
from sahel_tui.tui.widgets.search_box import SearchBox

QUERY = "bamkao"  # holds b (bookmark), m (annotations screen) and a (annotate): each a list command


def assert_only_searched(app) -> None:
    assert isinstance(app.screen, MainScreen), f"a key opened {type(app.screen).__name__}"
    box = app.screen.query_one(SearchBox)
    assert box.value == QUERY
    assert app.focused is box
    assert store().bookmarks() == []


@pytest.mark.parametrize("round_", range(5))
async def test_a_burst_after_slash_at_launch_is_a_query(round_: int) -> None:
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        burst(app, ["slash", *QUERY])
        await settle(pilot)
        assert_only_searched(app)
        assert app.sub_title == "2 results"


@pytest.mark.parametrize("round_", range(5))
async def test_a_burst_after_slash_later_is_a_query(round_: int) -> None:
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        burst(app, ["slash", *QUERY])
        await settle(pilot)
        assert_only_searched(app)
        assert len(listed_ids(app)) == 2


async def test_a_burst_before_the_first_screen_is_a_query() -> None:
    """Keys already queued when the app starts (typed as it launched) still reach the search box."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert app.focused is not None
    # the same burst queued before run_test has even mounted the screen
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        burst(app, ["slash", *QUERY])
        await pilot.pause()
        await settle(pilot)
        assert_only_searched(app)


@pytest.mark.parametrize("round_", range(3))
@pytest.mark.parametrize("later", [False, True])
async def test_a_query_then_enter_enter_in_one_burst_opens_the_querys_top_hit(later: bool, round_: int) -> None:
    """The first enter leaves the box, the second opens the top hit of what was typed — even when both arrive
    before the query's results do (the list still shows every article then)."""
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        if later:
            await settle(pilot)
        burst(app, ["slash", *"wagnr", "enter", "enter"])
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        assert box.value == "wagnr", "no enter was typed into the box"
        hits = listed_ids(app)
        assert app.sub_title == "2 results" and len(hits) == 2
        reader = app.screen.query_one(Reader)
        assert reader.article is not None, "the second enter was lost"
        assert reader.article.id == hits[0]
        assert "wagner" in reader.article.title.lower()


# -- the conventions of terminal readers -------------------------------------------------------------------


async def test_space_and_ctrl_keys_page_through_the_reader() -> None:
    from screen import open_article

    async with make_app().run_test(size=(100, 24)) as pilot:
        reader: Reader = await open_article(pilot, "wagner-withdrawal-from-mali-russia-presence")
        assert reader.cursor == 0 and reader.scroll_y == 0
        await pilot.press("space")
        await settle(pilot)
        first_page = reader.cursor
        assert reader.scroll_y > 0 and first_page > 0, "a page down scrolls and the cursor follows"
        await pilot.press("ctrl+f", "ctrl+d")
        await settle(pilot)
        assert reader.cursor > first_page
        await pilot.press("ctrl+b", "ctrl+u", "ctrl+b", "ctrl+b")
        await settle(pilot)
        assert reader.scroll_y == 0


async def test_q_closes_a_screen_and_quits_only_from_the_main_one() -> None:
    from sahel_tui.tui.screens.help import HelpScreen
    from sahel_tui.tui.screens.notes import NotesScreen

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("slash", "q")  # typed into the filter: text, not a command
        assert app.screen.query_one("#notes-filter").value == "q"
        await pilot.press("escape")  # back to the list, the filter kept
        assert isinstance(app.screen, NotesScreen) and app.screen.query_one("#notes-filter").value == "q"
        await pilot.press("q")  # on the list: closes the screen
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("j", "j", "space")
        await settle(pilot)
        assert app.screen.query_one("#help-dialog").scroll_y > 0, "j / space scroll the help"
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.is_running
        await pilot.press("m", "Q")
        await settle(pilot)
    assert not app.is_running, "Q quits from any screen"


async def test_escape_in_the_list_clears_the_search() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("slash", *QUERY, "enter")
        await settle(pilot)
        assert isinstance(app.focused, ArticleList) and len(listed_ids(app)) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(SearchBox).value == "" and len(listed_ids(app)) == 3


async def test_escape_in_the_reader_clears_the_selection_then_goes_back_to_the_list() -> None:
    """The first escape clears what the reader has selected; with nothing left to clear, escape is "back": the
    list, at once — in one burst, the keys after it move the list's cursor, not the reader's."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("slash", "enter", "enter")
        reader = app.screen.query_one(Reader)
        await until(pilot, lambda: reader.article is not None)
        await pilot.press("J", "J")
        assert app.focused is reader and reader.anchor != reader.cursor
        cursor = reader.cursor
        await pilot.press("escape")
        assert app.focused is reader and reader.anchor == reader.cursor, "the selection was cleared, nothing more"
        burst(app, ["escape", "j"])
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert app.focused is articles and articles.cursor_row == 1
        assert reader.cursor == cursor, "the j after escape was the list's"


@pytest.mark.parametrize("after", [["m"], ["f"], ["question_mark", "g"], ["U", "b", "m"]])
async def test_keys_typed_after_q_in_the_same_burst_open_nothing_while_the_app_closes(after: list[str]) -> None:
    """`q` and more keys behind it, from the reader: the app closes cleanly. The keys after `q` used to run, and a
    screen they opened (notes, feeds, help) failed in the app being taken down, with a traceback."""
    from screen import open_article

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        burst(app, ["q", *after])
        await until(pilot, lambda: app.quitting)  # the context's end re-raises anything that failed meanwhile
    assert app.return_code == 0 and store().bookmarks() == []


async def test_bindings_are_remapped_from_config_and_help_shows_it() -> None:
    from screen import screen_text

    from sahel_tui.paths import locations

    config = locations().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        'theme = "nrod"\nfetch_every_minutes = -3\n'  # values that cannot be used are named, not ignored
        '[keys]\nbookmark = "x"\nno-such-binding = "z"\n"evil\\u001b]0;pwned\\u0007[b]" = "y"\n'
        'feeds.up = "i"\noverview.up = "i"\n'
    )  # every screen's ids are known, not only the help's
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        (told,) = [str(n.message) for n in app._notifications if "no-such-binding" in str(n.message)]
        assert "evil" in told and "[b]" in told and "\x1b" not in told and "\x07" not in told, told
        assert "feeds.up" not in told and "overview.up" not in told
        said = " ".join(str(n.message) for n in app._notifications)
        assert "theme = 'nrod' is not a theme here" in said and "fetch_every_minutes = -3 is not a number" in said
        await pilot.press("b")
        await settle(pilot)
        assert store().bookmarks() == [], "b is no longer bookmark"
        await pilot.press("x")
        await settle(pilot)
        assert len(store().bookmarks()) == 1
        await pilot.press("question_mark")
        await settle(pilot)
        assert "x  (remapped)" in screen_text(app)


async def opened_and_n(pilot, query: str):
    """Search ``query``, open the top hit with enter enter, press n; the reader."""
    from sahel_tui.tui.widgets.reader import Reader

    await settle(pilot)
    await pilot.press("slash", *query, "enter", "enter")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    return pilot.app.main_screen.query_one(Reader)


async def test_a_hit_only_in_a_related_headline_is_shown_highlighted_and_reached_by_n() -> None:
    from screen import screen_text

    from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar

    wagner = "wagner-withdrawal-from-mali-russia-presence"
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        reader = await opened_and_n(pilot, "tchangary")
        assert listed_ids(app)[0] == wagner and reader.article.id == wagner
        assert reader.matches == [], "the word is not in the article's own text"
        assert any("related headlines" in str(n.message) for n in app._notifications)
        shown = screen_text(app)
        assert "Tchangari" in shown, "n brought the related headline into view"
        sidebar = app.main_screen.query_one(EntitySidebar)
        labels = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        heading = labels.index("Only in related headlines")
        assert "Moussa Tchangari  1" in labels[heading:], labels


async def test_a_hit_in_a_related_headlines_section_or_byline_is_highlighted_there_too() -> None:
    """The index holds a related headline's byline and section ("Environment"); the reader highlighted only its
    title and snippet, so an article listed for "environment" opened with nothing highlighted and `n` said there
    was no match."""
    from rich.style import Style

    from sahel_tui.tui.widgets.article_parts import related_headlines

    wagner = "wagner-withdrawal-from-mali-russia-presence"
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        reader = await opened_and_n(pilot, "environment")
        assert listed_ids(app) == [wagner] and reader.article.id == wagner
        assert reader.matches == [], "the word is not in the article's own text"
        assert any("related headlines" in str(n.message) for n in app._notifications)
        mark = Style(reverse=True)
        drawn = related_headlines(reader.article, reader.related_words, mark)
        marked = {drawn.plain[span.start : span.end] for span in drawn.spans if span.style == mark}
        assert marked == {"Environment"}
        by_byline = related_headlines(reader.article, {"wahbi"}, mark)
        assert {by_byline.plain[span.start : span.end] for span in by_byline.spans if span.style == mark} == {"Wahbi"}


async def test_a_word_found_only_in_the_title_is_highlighted_in_the_readers_title() -> None:
    """The list cuts a long title short and the reader drew its title without highlights: an article found by a
    word of its title alone showed that word nowhere."""
    from rich.console import Group
    from textual.widgets import Static

    from sahel_tui.tui.widgets.reader import Reader

    envoy = "us-envoy-visits-mali-diplomatic-reset"
    async with make_app().run_test(size=(80, 24)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("slash", *"testing", "enter", "enter")
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert listed_ids(app) == [envoy] and reader.article.id == envoy
        assert "testing" not in reader.article.anchor_text.lower(), "the word is in the title only"
        shown = reader.query_one("#reader-head", Static).content
        assert isinstance(shown, Group)
        title = shown.renderables[0]
        mark = reader.get_component_rich_style("reader--match", partial=True)
        assert [title.plain[span.start : span.end] for span in title.spans if span.style == mark] == ["Testing"]
        await pilot.press("n")
        await settle(pilot)
        assert any("only in the title" in str(n.message) for n in app._notifications), "not 'nothing to jump to'"


async def test_the_reader_shows_the_source_address_and_o_opens_it(tmp_path, monkeypatch) -> None:
    import webbrowser

    from click.testing import CliRunner
    from screen import open_article, screen_text

    from sahel_tui.cli import main

    page = tmp_path / "djibo.md"
    page.write_text(
        "---\ntitle: Convoy attacked near Djibo\nbyline: Awa Diallo\ndate: 2026-03-02\n"
        "source_url: https://news.example.org/djibo\n---\nA convoy was attacked near Djibo on Monday. "
        "The army said it repelled the assault.\n"
    )
    assert CliRunner().invoke(main, ["import", str(page)]).exit_code == 0
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    async with make_app().run_test(size=(160, 45)) as pilot:
        await open_article(pilot, "djibo")
        shown = screen_text(pilot.app)
        assert "https://news.example.org/djibo" in shown
        assert "2026-03-02 · Awa Diallo" in shown, "the list shows the date and the byline"
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
    assert opened == ["https://news.example.org/djibo"]
    exported = CliRunner().invoke(main, ["export", "--format", "json"])
    assert exported.exit_code == 0


async def test_the_note_under_the_cursor_is_shown_and_bookmarked_only_is_marked() -> None:
    from screen import open_article, screen_text

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("a", *"a thought worth seeing", "ctrl+s")
        await settle(pilot)
        assert "✎ a thought worth seeing" in screen_text(app)
        await pilot.press("j")
        await settle(pilot)
        assert "✎ a thought worth seeing" not in screen_text(app), "only for the passage under the cursor"
        await pilot.press("B")
        await settle(pilot)
        assert "bookmarked only" in app.sub_title
        await pilot.press("B")
        await settle(pilot)
        assert "bookmarked only" not in app.sub_title


async def test_the_footer_follows_focus_and_is_not_rebuilt_to_show_the_same_keys() -> None:
    """The footer shows the list's keys, the reader's when an article is open, the sidebar's after tab; coming back
    from the feeds view it shows the same keys without rebuilding them (60 of the 150 ms that return took)."""
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await settle(pilot)
        footer = app.main_screen.query_one(Footer)

        def shown() -> set[str]:
            return {key.description for key in footer.query(FooterKey)}

        await until(pilot, lambda: "Bookmark" in shown() and "Annotate" not in shown())
        await pilot.press("enter")  # the first listed article opens in the reader
        await until(pilot, lambda: "Annotate" in shown())
        await pilot.press("tab")
        await until(pilot, lambda: "Annotate" not in shown() and "Show mentions" in shown())
        keys = list(footer.query(FooterKey))
        await pilot.press("f")
        await until(pilot, lambda: app.screen is not app.main_screen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.main_screen)
        await settle(pilot)
        assert list(footer.query(FooterKey)) == keys, "the same key widgets: not rebuilt"
        assert "Show mentions" in shown() and "Annotate" not in shown()


def _notes_closed(app) -> None:
    assert isinstance(app.screen, MainScreen), f"{type(app.screen).__name__} is still open: the q was lost"


def _notes_filtered(app) -> None:
    from sahel_tui.tui.screens.notes import NotesScreen

    assert isinstance(app.screen, NotesScreen)
    assert app.screen.query_one("#notes-filter").value == "bus"


def _help_closed_and_j_read(app) -> None:
    assert isinstance(app.screen, MainScreen), f"{type(app.screen).__name__} is still open: the escape was lost"
    assert app.screen.query_one(Reader).cursor == 1, "the j after escape was the reader's"


@pytest.mark.parametrize(("keys", "check"), [
    (["m", "q"], _notes_closed),
    (["m", "slash", *"bus"], _notes_filtered),
    (["question_mark", "escape", "j"], _help_closed_and_j_read),
])  # fmt: skip
async def test_keys_right_behind_a_key_that_opens_a_screen_are_that_screens(keys, check) -> None:
    """The keys behind `m` or `?` in one burst reached the reader (focused when they arrived), then came back up to
    a screen they were never given to: lost. They now wait for the screen and go to its field, as typed slowly."""
    from screen import open_article

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        reader = await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("a", *"bus stop", "ctrl+s")  # a note for the notes view to list
        await settle(pilot)
        assert reader.cursor == 0
        burst(app, keys)
        await settle(pilot)
        check(app)


async def test_tab_in_a_burst_into_the_annotation_dialog_moves_the_words_behind_it_to_the_tags() -> None:
    from screen import open_article

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        burst(app, ["a", *"road closed", "tab", *"gao, convoy", "ctrl+s"])
        await settle(pilot)
        (note,) = store().annotations("us-envoy-visits-mali-diplomatic-reset")
        assert (note.note, note.tags) == ("road closed", ("gao", "convoy"))


async def test_reader_keys_before_a_in_one_burst_choose_the_passage_as_typed_slowly(tmp_path) -> None:
    """`JJa` and a note typed faster than the reader moves annotates what `J`, `J` select, as when typed slowly."""
    from screen import open_article, typed_both_ways

    article = "us-envoy-visits-mali-diplomatic-reset"

    async def reading(pilot) -> None:
        await open_article(pilot, article)

    def quotes(app) -> list[str]:
        return [annotation.quote for annotation in store().annotations(article)]

    slow, fast = await typed_both_ways(["J", "J", "a", *"passage", "ctrl+s"], reading, quotes, homes=tmp_path)
    assert fast == slow
    assert len(slow) == 1 and slow[0].count(". ") >= 2, "J, J selected three sentences"


async def test_space_right_behind_the_enter_that_opens_an_article_pages_it_as_typed_slowly() -> None:
    """Enter on a note in the notes view, then space: the page key reached the reader before the article opened
    again was laid out (its paragraphs' heights unknown), and the cursor stayed on the first sentence."""
    from screen import open_article, typed_both_ways
    from test_tui import WAGNER, annotate_wagner
    from textual.widgets import OptionList

    from sahel_tui.tui.screens.notes import NotesScreen

    annotate_wagner((0, 20, "first lines"))

    async def in_the_notes_view(pilot) -> None:
        app = pilot.app
        await open_article(pilot, WAGNER)  # open already: opened again, its paragraphs are laid out anew
        await pilot.press("m")
        await until(
            pilot, lambda: isinstance(app.screen, NotesScreen) and app.screen.query_one(OptionList).option_count
        )

    def where(app):
        reader = app.screen.query_one(Reader)
        return reader.article.id, reader.cursor

    slow, fast = await typed_both_ways(["enter", "space"], in_the_notes_view, where, size=(100, 24))
    assert slow[0] == WAGNER and slow[1] > 0, "space paged the reader"
    assert fast == slow


async def test_a_page_key_right_behind_g_pages_from_the_top_as_typed_slowly() -> None:
    """`g` puts the cursor on the first sentence and scrolls to the top; the reader scrolled after the next
    repaint, so a page key right behind `g` paged on from where the reader had been (found by the differential
    fuzz: these keys, typed from the search box, ended three paragraphs further down than typed slowly)."""
    from screen import open_article, typed_both_ways

    async def searching(pilot) -> None:
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("a", *"a note", "ctrl+s", "slash", *"mali")

    keys = ["enter", "up", "space", "e", "shift+tab", "pagedown", "j", "g", "U", "space"]
    slow, fast = await typed_both_ways(keys, searching, lambda app: app.screen.query_one(Reader).cursor, size=(100, 30))
    assert slow > 0, "the last space paged the reader"
    assert fast == slow


async def test_a_paste_right_behind_keys_that_open_a_screen_goes_where_they_lead() -> None:
    """`m`, `/`, then a paste (a terminal's bracketed paste is one event): the pasted words are the notes filter's,
    as when pasted a moment later — they used to reach the reader while the notes view was still being made."""
    from screen import open_article
    from textual import events

    from sahel_tui.tui.screens.notes import NotesScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("a", *"bus stop", "ctrl+s")
        await settle(pilot)
        burst(app, ["m", "slash"])
        app.post_message(events.Paste("bus"))
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert app.screen.query_one("#notes-filter").value == "bus"


async def test_enter_right_behind_m_opens_the_newest_note_as_typed_slowly() -> None:
    """The notes are listed by a worker: an enter typed with `m` reached the empty list and did nothing."""
    from screen import open_article

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        reader = await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("j", "j", "a", *"third sentence", "ctrl+s")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert reader.cursor == 0
        burst(app, ["m", "enter"])
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), "enter opened the note, closing the notes view"
        assert reader.cursor == 2, "the reader is on the note's passage"


async def test_keys_right_behind_f_choose_a_feed_as_typed_slowly() -> None:
    """`f`, `j` and enter typed together choose the second feed: the keys wait for the feeds view and for its count
    (a worker's), where they reached the reader's list, then a feeds view still counting."""
    from sahel_tui.feeds.subscriptions import Subscriptions

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        subscriptions = Subscriptions(app.library.catalog)
        for number in range(50):
            subscriptions.add(f"http://127.0.0.1:9/feed{number}.xml")
        second = subscriptions.all()[1]
        burst(app, ["f", "j", "enter"])
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(SearchBox).value == f"feed:{second.id}"


async def test_a_list_key_right_behind_a_query_acts_on_the_querys_rows_as_typed_slowly(tmp_path) -> None:
    """`/wagner`, enter and `u` typed together: the `u` reached the list before the query's results and toggled the
    read state of the row highlighted before (the article just read), not the query's top hit."""
    from screen import open_article, typed_both_ways

    async def back_from_reading(pilot) -> None:
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("escape")  # back to the list, on the article just read

    keys = ["slash", *"wagner", "enter", "u"]
    slow, fast = await typed_both_ways(keys, back_from_reading, lambda app: store().read_articles(), homes=tmp_path)
    assert "us-envoy-visits-mali-diplomatic-reset" in slow and len(slow) == 2, "u marked the query's top hit read"
    assert fast == slow


async def test_keys_behind_a_page_key_waiting_for_the_layout_wait_too(tmp_path) -> None:
    """A page key that reaches an article just opened waits for its layout; the keys behind it ran first — here a
    `g` before the `space` it followed, so the reader ended a page down (found by the differential fuzz)."""
    from screen import typed_both_ways

    from sahel_tui.feeds.subscriptions import Subscriptions

    async def listed(pilot) -> None:
        Subscriptions(pilot.app.library.catalog).add("http://127.0.0.1:9/feed.xml")  # as the fuzz's home had

    keys = ["pagedown", "U", "a", "z", "enter", "backspace", "j", "U", "g", "space", "g", "n"]
    slow, fast = await typed_both_ways(
        keys, listed, lambda app: app.main_screen.query_one(Reader).cursor, size=(100, 30), homes=tmp_path
    )
    assert fast == slow


async def test_keys_that_scroll_the_help_add_up_as_typed_slowly() -> None:
    """In the help, each `k` scrolled from where the help had last been drawn: ten typed at once after `G` moved
    it one line, not ten (the scroll waited for the next repaint)."""
    from screen import typed_both_ways

    from sahel_tui.tui.screens.help import HelpScreen

    async def in_the_help(pilot) -> None:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    def where(app):
        return app.screen.query_one("#help-dialog").scroll_y

    keys = ["G", *"kkkkkkkkkk", "j", "j"]
    slow, fast = await typed_both_ways(keys, in_the_help, where, size=(100, 24))
    assert slow > 0, "the help is longer than the screen"
    assert fast == slow
