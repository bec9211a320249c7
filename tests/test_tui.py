"""The reader app driven with the real keys (and the mouse), asserting on the screen and on the notes store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from screen import burst, draft_files, open_article, refuse_writes, screen_lines, screen_text, settle, until
from textual import events
from textual.widgets import Input, OptionList, TextArea

from sahel_tui.config import load_config
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations
from sahel_tui.reading import sentences
from sahel_tui.tui.app import SahelApp, make_app
from sahel_tui.tui.screens.annotate import AnnotateScreen
from sahel_tui.tui.screens.confirm import ConfirmScreen
from sahel_tui.tui.screens.help import HelpScreen
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.screens.notes import NotesScreen
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import BlockView, Reader

WAGNER = "wagner-withdrawal-from-mali-russia-presence"
ANNOUNCES = "wagner-announces-withdrawal-from-mali"
ENVOY = "us-envoy-visits-mali-diplomatic-reset"


async def start(pilot) -> SahelApp:
    await settle(pilot)
    return pilot.app


def listed_ids(app: SahelApp) -> list[str]:
    return [entry.article_id for entry in app.screen.query_one(ArticleList).entries]


def store() -> NotesStore:
    return NotesStore.open(locations().notes_db)


async def test_search_with_a_typo_then_open() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        assert sorted(listed_ids(app)) == sorted([WAGNER, ANNOUNCES, ENVOY])
        await pilot.press("slash", *"bamkao")
        await settle(pilot)
        assert sorted(listed_ids(app)) == sorted([WAGNER, ENVOY])
        best = listed_ids(app)[0]

        assert app.sub_title == "2 results"
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert app.focused is reader and reader.article.id == best
        assert reader.matches, "the misspelled word's matches are highlighted in the reader"
        text = reader.article.anchor_text
        assert {text[s:e] for s, e in reader.matches} == {"Bamako"}
        assert reader.article.title.split()[0] in screen_text(app)
        assert store().reading_state(reader.article.id).read


async def test_each_new_query_highlights_its_best_hit() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        articles = app.main_screen.query_one(ArticleList)
        articles.move_cursor(row=listed_ids(app).index(ENVOY))
        await pilot.press("slash")
        for key in "bamako":  # every prefix lists the envoy article, but it is not the best hit for "bamako"
            await pilot.press(key)
            await settle(pilot)
            assert ENVOY in listed_ids(app)
            assert articles.highlighted_id == listed_ids(app)[0]
        assert listed_ids(app)[0] != ENVOY
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.main_screen.query_one(Reader).article.id == listed_ids(app)[0]


async def test_empty_state_names_the_query() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("slash", *"qqxzv")
        await settle(pilot)
        assert listed_ids(app) == []
        assert "No article matches “qqxzv”." in screen_text(app)


async def test_annotate_a_sentence_then_a_two_sentence_selection() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, ENVOY)
        spans = sentences(reader.article)
        text = reader.article.anchor_text
        await pilot.press("j", "a")
        assert isinstance(app.screen, AnnotateScreen)
        assert text[slice(*spans[1])] in str(app.screen.query_one("#annotate-quote").render())
        await pilot.press(*"who is he?", "tab", *"usa people", "ctrl+s")
        await settle(pilot)
        (first,) = store().annotations(ENVOY)
        assert (first.quote, first.note, first.tags) == (text[slice(*spans[1])], "who is he?", ("usa", "people"))
        assert "✎" in screen_text(app)
        await pilot.press("j", "j", "J", "a")
        await pilot.press(*"two sentences", "ctrl+s")
        await settle(pilot)
        second = next(a for a in store().annotations(ENVOY) if a.id != first.id)
        assert second.quote == text[spans[3][0] : spans[4][1]]
        assert second.note == "two sentences"


async def test_a_burst_of_typing_then_ctrl_s_saves_every_character() -> None:
    note = "typed faster than the screen redraws, then saved at once"
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await open_article(pilot, ENVOY)
        await pilot.press("a")
        burst(app, [*note, "ctrl+s"])
        await settle(pilot)
        assert not isinstance(app.screen, AnnotateScreen)
        assert [a.note for a in store().annotations(ENVOY)] == [note]


@pytest.mark.parametrize("round_", range(3))
async def test_a_note_typed_in_the_same_burst_as_a_goes_into_the_note_not_to_the_reader(round_: int) -> None:
    """`a` and the note right behind it, faster than the dialog is drawn: every letter is the note's. They used to
    queue behind `a` as reader commands — "quick" quit the app, "b" bookmarked, "u" marked unread, "o" opened a
    browser. Editing a note the same way goes on at its end."""
    note = "quick: bus to Gao, unread, one more"
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await open_article(pilot, ENVOY)
        burst(app, ["a", *note, "ctrl+s"])
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [n.message for n in app._notifications] == ["Annotation saved."], "no letter was a reader command"
        assert [a.note for a in store().annotations(ENVOY)] == [note]
        assert store().bookmarks() == [] and store().reading_state(ENVOY).read
        burst(app, ["a", *" (checked)", "ctrl+s"])
        await settle(pilot)
        assert [a.note for a in store().annotations(ENVOY)] == [f"{note} (checked)"]


async def test_a_burst_of_typing_then_escape_asks_about_all_of_it() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await open_article(pilot, ENVOY)
        await pilot.press("a")
        burst(app, [*"never mind", "escape"])
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen.query_one(TextArea).text == "never mind"


async def test_edit_then_delete_an_annotation_with_confirmation() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, ENVOY)
        await pilot.press("a", *"first", "ctrl+s")
        await settle(pilot)
        (annotation,) = store().annotations(ENVOY)
        await pilot.press("a")
        assert isinstance(app.screen, AnnotateScreen) and app.screen.editing
        assert app.screen.query_one(TextArea).text == "first"
        await pilot.press(*" and second", "ctrl+s")
        await settle(pilot)
        (edited,) = store().annotations(ENVOY)
        assert (edited.id, edited.note) == (annotation.id, "first and second")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert len(store().annotations(ENVOY)) == 1
        await pilot.press("d", "y")
        await settle(pilot)
        assert store().annotations(ENVOY) == []
        assert reader.notes == []


async def test_escape_cancels_the_modal_and_saves_nothing() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await open_article(pilot, ENVOY)
        await pilot.press("a", "escape")  # nothing typed: closes at once
        assert app.screen is app.main_screen
        await pilot.press("a", *"never mind", "escape")  # typed text: asks first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, AnnotateScreen)
        assert app.screen.query_one(TextArea).text == "never mind"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert store().annotations(ENVOY) == []
        assert not draft_files()


async def test_store_error_is_shown_and_the_draft_is_kept() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await open_article(pilot, ENVOY)
        refuse_writes(app.store)  # the database goes away under the app: every write now fails
        await pilot.press("a", *"precious words", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        assert app.screen.query_one(TextArea).text == "precious words"
        (message,) = [str(n.message) for n in app._notifications if "not saved" in str(n.message)]
        (kept,) = draft_files()
        assert str(kept) in message, "the user is told where the words are kept"
        assert json.loads(kept.read_text())["note"] == "precious words"
    assert store().annotations(ENVOY) == []


async def test_bookmark_and_the_bookmarked_filter() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await open_article(pilot, ANNOUNCES)
        await pilot.press("b")
        await settle(pilot)
        assert store().is_bookmarked(ANNOUNCES)
        assert "★" in screen_text(app)
        await pilot.press("B")
        await settle(pilot)
        assert listed_ids(app) == [ANNOUNCES]
        await pilot.press("B")
        await settle(pilot)
        assert len(listed_ids(app)) == 3
        await pilot.press("b")
        await settle(pilot)
        assert not store().is_bookmarked(ANNOUNCES)


async def test_entity_sidebar_filter_and_mention_highlights() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, WAGNER)
        await pilot.press("e")
        sidebar = app.main_screen.query_one(EntitySidebar)
        assert app.focused is sidebar
        assert "Armed groups" in screen_text(app)
        headings = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        assert "Unlisted names" in headings and "Reda El Ghazal  1" in headings
        sidebar.highlighted = next(
            i for i in range(sidebar.option_count) if sidebar.get_option_at_index(i).id == "jnim"
        )
        await pilot.press("space")
        text = reader.article.anchor_text
        assert {text[s:e] for s, e in reader.mentions} == {"Jama’a Nusrat ul-Islam wa al-Muslimin", "JNIM"}
        await pilot.press("tab", "tab", "n")  # sidebar -> list -> reader, then jump to the first mention
        assert app.focused is reader
        start_of_cursor = reader.sentences[reader.cursor]
        assert any(start_of_cursor[0] <= s < start_of_cursor[1] for s, _ in reader.mentions)
        await pilot.press("e", "enter")
        await settle(pilot)
        assert app.main_screen.query_one("#search", Input).value == "entity:jnim"
        assert listed_ids(app) == [WAGNER]
        assert "mentioning Jama'at Nusrat al-Islam" in app.sub_title, "the header says the list is filtered"
        await pilot.press("escape")
        await settle(pilot)
        assert "mentioning" not in app.sub_title and len(listed_ids(app)) == 3


async def test_the_sidebar_marks_its_first_entity_and_escape_leaves_it() -> None:
    """Focused, the sidebar marks an entity (its first row is a heading), so ``e`` ``enter`` filters by the first
    entity listed; ``escape`` goes back to the article, and on a narrow terminal puts the sidebar away again."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, WAGNER)
        await pilot.press("e")
        sidebar = app.main_screen.query_one(EntitySidebar)
        first = next(sidebar.get_option_at_index(i) for i in range(sidebar.option_count)
                     if not sidebar.get_option_at_index(i).disabled)  # fmt: skip
        assert sidebar.highlighted_entity == first.id
        await pilot.press("escape")
        assert app.focused is reader and sidebar.display
        await pilot.press("e", "enter")
        await settle(pilot)
        assert app.main_screen.query_one("#search", Input).value == f"entity:{first.id}"
    async with make_app().run_test(size=(80, 24)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, WAGNER)
        sidebar = app.main_screen.query_one(EntitySidebar)
        await pilot.press("e")
        await pilot.pause()
        assert sidebar.display and app.focused is sidebar
        await pilot.press("escape", "j")
        await pilot.pause()
        assert not sidebar.display and app.focused is reader
        assert reader.cursor == 1, "the key after escape is the reader's"


@pytest.mark.parametrize("typed", ["gsim", "gism"])
async def test_an_article_listed_through_an_entity_shows_its_mentions_where_the_word_would_be(typed: str) -> None:
    """``gsim`` (or ``gism``) is not in the article: it is listed because it mentions JNIM, so its mentions of JNIM
    are what the reader highlights, and ``n`` goes to them."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("slash", *typed, "enter", "enter")
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article.id == WAGNER and not reader.matches
        text = reader.article.anchor_text
        assert {text[s:e] for s, e in reader.mentions} == {"Jama’a Nusrat ul-Islam wa al-Muslimin", "JNIM"}
        assert any("2 mentions in the text" in n.message for n in app._notifications)
        await pilot.press("n")
        start_of_cursor = reader.sentences[reader.cursor]
        assert any(start_of_cursor[0] <= s < start_of_cursor[1] for s, _ in reader.mentions)


async def test_a_word_the_article_holds_is_highlighted_not_its_entity() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("slash", *"nusrat", "enter", "enter")  # a word of JNIM's name, in the article
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article.id == WAGNER and not reader.mentions
        text = reader.article.anchor_text
        assert {text[s:e] for s, e in reader.matches} == {"Nusrat"}


async def test_tab_cycles_list_reader_sidebar() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        assert isinstance(app.focused, ArticleList)
        await pilot.press("tab")
        assert isinstance(app.focused, Reader)
        await pilot.press("tab")
        assert isinstance(app.focused, EntitySidebar)
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, EntitySidebar)


async def test_annotations_screen_filters_opens_and_lists_orphans_apart() -> None:
    notes = store()
    from sahel_tui.corpus.library import Library

    article = Library(locations()).get(WAGNER)
    text = article.anchor_text
    at = text.index("Africa Corps")
    notes.add_annotation(WAGNER, make_selector(text, at, at + 12), "the MoD's unit", ("russia",))
    notes.add_annotation(ENVOY, make_selector("A sentence that was later removed entirely.", 0, 43), "lost")
    notes.close()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, NotesScreen)
        shown = screen_text(app)
        assert "the MoD's unit" in shown and "Orphaned" in shown and "lost" in shown
        assert shown.index("Orphaned") < shown.index("lost") and shown.index("the MoD's unit") < shown.index("Orphaned")
        await pilot.press("slash", *"mod unt")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        filtered = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert filtered == [None, store().annotations(WAGNER)[0].id]  # the heading, then the one match
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article.id == WAGNER
        cursor_start, cursor_end = reader.sentences[reader.cursor]
        assert cursor_start <= at < cursor_end


async def test_a_note_whose_article_is_not_in_this_library_says_so_once_when_chosen() -> None:
    """Notes imported from another machine's export (or outliving a removed article) are listed as orphans;
    chosen, the one line says the article is not in the library — not also that its passage was not found."""
    notes = store()
    notes.add_annotation("from-another-library", make_selector("Convoys left Gao at dawn.", 0, 25), "kept", ())
    notes.close()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, NotesScreen)
        assert "from-another-library (not in the library)" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        said = [notification.message for notification in app._notifications]
        assert [line for line in said if "from-another-library" in line or "orphaned" in line] == [
            "The article of this note, from-another-library, is not in the library (removed, or the note came from "
            "another library's export); the note keeps its quote."
        ]
        assert app.main_screen.query_one(Reader).article is None
        assert [a.note for a in store().annotations()] == ["kept"]


def annotate_wagner(*notes: tuple[int, int, str]) -> None:
    """Notes on the Wagner article (start, end, note), stored before the app starts."""
    from sahel_tui.corpus.library import Library

    store_ = store()
    text = Library(locations()).get(WAGNER).anchor_text
    for begin, end, note in notes:
        store_.add_annotation(WAGNER, make_selector(text, begin, end), note, ())
    store_.close()


async def notes_view(pilot) -> None:
    """The app started, and its notes view open with its notes listed."""
    app = await start(pilot)
    await pilot.press("m")
    await until(pilot, lambda: isinstance(app.screen, NotesScreen) and app.screen.query_one(OptionList).option_count)


@pytest.mark.parametrize(
    ("behind", "then"), [(["question_mark"], HelpScreen), (["enter"], Reader), (["escape"], ArticleList)]
)
async def test_keys_behind_the_one_that_closes_the_notes_screen_close_nothing_else(behind: list[str], then) -> None:
    """`enter` on a note closes the notes screen; keys still queued for that screen in the same burst must not
    close it a second time: Textual then handed its result over twice — an error that ended the app — and popped
    whatever screen was on top (it could have been a note being written). They are the reader's, as typed slowly:
    `?` opens the help, escape goes back to the list."""
    annotate_wagner((0, 20, "first lines"))
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await notes_view(pilot)
        burst(app, ["enter", *behind])
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == WAGNER
        assert app.main_screen in app.screen_stack
        assert isinstance(app.screen if then is HelpScreen else app.focused, then)
    assert app.return_code in (None, 0)


async def test_slash_and_a_filter_typed_in_one_burst_in_the_notes_view_filter_it() -> None:
    """`/` and the words right behind it: the words are the filter's (they were lost on the list), and a `/` typed
    in the filter is text."""
    annotate_wagner((0, 20, "bus to Gao"), (30, 50, "ferry at Koriomé"))
    app = make_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await notes_view(pilot)
        burst(app, ["slash", *"ferry/"])
        await settle(pilot)
        assert app.screen.query_one("#notes-filter", Input).value == "ferry/"


async def test_help_lists_every_key() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "sahel-tui keys" in screen_text(app)
        shown = help_text(app.screen)
        for binding in ("/", "enter", "escape", "tab / shift+tab", "j / k", "J / K", "a", "d", "b", "B", "n / N", "e",
                        "space", "m", "? / f1", "ctrl+p", "q", "ctrl+s", "o"):  # fmt: skip
            assert re.search(rf"(?m)^\s*{re.escape(binding)}[ ,]", shown), binding
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


def help_text(screen: HelpScreen) -> str:
    """The whole help table as text, whatever part of it fits on the screen."""
    from rich.console import Console

    console = Console(record=True, width=150, color_system=None)
    console.print(screen.query_one("#help-table").content)
    return "\n" + console.export_text()


async def test_narrow_terminal_hides_the_sidebar_until_asked() -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        app = await start(pilot)
        sidebar = app.main_screen.query_one(EntitySidebar)
        assert not sidebar.display
        assert all(len(line) <= 80 for line in screen_lines(app))
        await pilot.press("e")
        await pilot.pause()
        assert sidebar.display and app.focused is sidebar
        await pilot.press("e")
        await pilot.pause()
        assert not sidebar.display and isinstance(app.focused, ArticleList)


async def test_restart_restores_the_article_and_position() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, ANNOUNCES)
        await pilot.press("j", "j", "j")
        cursor = reader.cursor
        await pilot.press("q")
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == ANNOUNCES
        assert reader.cursor == cursor == 3
        assert app.focused is reader, "after a relaunch the reader has the focus, at the sentence"


async def test_each_article_keeps_its_own_place() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        await start(pilot)
        reader = await open_article(pilot, ANNOUNCES)
        await pilot.press("j", "j")
        reader = await open_article(pilot, ENVOY)
        await pilot.press("j", "j", "j", "j")
        reader = await open_article(pilot, ANNOUNCES)
        assert reader.cursor == 2
        reader = await open_article(pilot, ENVOY)
        assert reader.cursor == 4


async def test_theme_is_remembered() -> None:
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = await start(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert load_config(locations().config_file).theme == "nord"
    async with make_app().run_test(size=(120, 40)) as pilot:
        app = await start(pilot)
        assert app.theme == "nord"


async def test_clicking_a_sentence_moves_the_cursor() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, ENVOY)
        second_block = reader.query("BlockView")[1]
        await pilot.click(second_block, offset=(2, 0))
        await pilot.pause()
        first_sentence_of_block = next(i for i, (s, _) in enumerate(reader.sentences) if s >= second_block.block.start)
        assert reader.cursor == first_sentence_of_block and app.focused is reader


async def test_command_palette_opens_an_article_by_title() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        await pilot.press("ctrl+p", *"open strategic")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.query_one(Reader).article.id == WAGNER


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_hostile_articles_render_literally_and_inertly(tmp_path: Path, size) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        "[Opinion] Attack [/x] near Gao [@click=app.quit]q[/] \u202eevil $var [/\n\n"
        "Body \x1b]52;c;ZXZpbA==\x07with \x1b[2Jclear and [link=file:///etc/passwd]link[/link] Safe\rEvil.\n\n"
        "A second paragraph about Gao and [b]bold[/b] markup.\n".encode()
    )
    from sahel_tui.corpus.library import Library

    Library(locations()).import_paths([hostile])
    async with make_app().run_test(size=size) as pilot:
        app = await start(pilot)
        await pilot.press("slash", *"[/x] gao", "enter", "enter")
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == "hostile"
        await pilot.press("a", *"[/] \x1b[31m note", "ctrl+s")
        await settle(pilot)
        lines = screen_lines(app)
        shown = "\n".join(lines)
        assert not any("\x1b" in line or "\u202e" in line or "\x07" in line for line in lines)
        assert app.is_running  # [@click=app.quit] did nothing
        if size[0] >= 160:
            assert "[Opinion] Attack [/x] near Gao" in shown
            assert "[link=file:///etc/passwd]link[/link]" in shown
            assert "[b]bold[/b]" in shown
    (note,) = store().annotations("hostile")
    assert note.note == "[/] \x1b[31m note" or note.note.startswith("[/]")


async def test_mouse_opens_from_the_list_and_annotates_a_mouse_selection() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        articles = app.main_screen.query_one(ArticleList)
        row = articles.get_row_index(ENVOY)
        await pilot.click(ArticleList, offset=(6, 1 + 2 * row))  # inside the border: highlights
        await pilot.click(ArticleList, offset=(6, 1 + 2 * row))  # a click on the highlighted row opens it
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == ENVOY
        paragraph = reader.query("BlockView")[2]
        await pilot.double_click(paragraph, offset=(3, 0))  # selects the paragraph's text with the mouse
        await pilot.pause()
        assert app.screen.get_selected_text()
        await pilot.press("a")
        assert isinstance(app.screen, AnnotateScreen)
        await pilot.press(*"from the mouse", "ctrl+s")
        await settle(pilot)
        (note,) = store().annotations(ENVOY)
        assert note.quote == paragraph.block.text and note.note == "from the mouse"


async def test_a_megabyte_article_of_one_paragraph_is_laid_out_a_window_at_a_time_and_read_to_its_end(
    tmp_path: Path,
) -> None:
    from sahel_tui.corpus.library import Library
    from sahel_tui.reading import PIECE_CHARS, WINDOW_CHARS

    huge = tmp_path / "dump.txt"
    lines = [f"entry n{n} of a wire dump from Ménaka" for n in range(40_000)]  # 1.4 MB: 40 windows and more
    huge.write_text("A Wire Dump\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    Library(locations()).import_paths([huge])
    async with make_app().run_test(size=(100, 30)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, "dump")
        full = app.main_screen.open.article.anchor_text
        assert len(full) > 40 * WINDOW_CHARS and reader.article.anchor_text == full, "the whole article, not a part"

        def laid_out() -> int:
            return sum(len(view.block.text) for view in reader.query(BlockView))

        assert laid_out() <= WINDOW_CHARS + PIECE_CHARS
        assert 0 in shown_line_numbers(app)
        assert reader.query_one("#reader-below").display, "a notice says how much text lies below the window"
        sidebar = app.main_screen.query_one(EntitySidebar)
        assert any("Ménaka" in str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count))

        await pilot.press("G")
        await settle(pilot)
        assert 39_999 in shown_line_numbers(app)
        assert laid_out() <= WINDOW_CHARS + PIECE_CHARS
        await pilot.press("a", *"at the very end", "ctrl+s")
        await settle(pilot)
        (note,) = store().annotations("dump")
        assert note.quote.endswith("entry n39999 of a wire dump from Ménaka")
        assert note.quote == full[slice(*reader.sentences[-1])]

        await pilot.press("g")
        await settle(pilot)
        assert 0 in shown_line_numbers(app)
        first_window = reader.blocks[reader._window[1]].start
        for _ in range(60):  # paging on past the window's end lays out the next stretch
            await pilot.press("space")
        await settle(pilot)
        assert reader.sentences[reader.cursor][0] > first_window
        assert min(shown_line_numbers(app)) > max(shown_line_numbers_in(full[:first_window]))
        assert laid_out() <= 3 * WINDOW_CHARS + PIECE_CHARS, "what was scrolled past long ago is dropped"

        reader.scroll_end(animate=False, immediate=True)  # as dragging the scrollbar to the end does
        await settle(pilot)
        before = max(shown_line_numbers(app))
        for _ in range(5):
            await pilot._post_mouse_events([events.MouseScrollDown], widget=reader, offset=(10, 10))
            await settle(pilot)
        assert max(shown_line_numbers(app)) > before, "the wheel goes on past the window's end"
        assert laid_out() <= 3 * WINDOW_CHARS + PIECE_CHARS

        await pilot.press("G")
        await settle(pilot)
        reader.scroll_home(animate=False, immediate=True)  # the top of the last window, far from the article's top
        await settle(pilot)
        before = min(shown_line_numbers(app))
        for _ in range(5):
            await pilot._post_mouse_events([events.MouseScrollUp], widget=reader, offset=(10, 10))
            await settle(pilot)
        above = shown_line_numbers(app)
        assert min(above) < before, "the wheel goes back up past the window's top"
        assert max(above) - min(above) < 60, "the text in view did not jump: consecutive lines are on screen"
        assert laid_out() <= 3 * WINDOW_CHARS + PIECE_CHARS


def shown_line_numbers(app: SahelApp) -> list[int]:
    return shown_line_numbers_in(screen_text(app))


def shown_line_numbers_in(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\bn(\d+)\b", text)]


async def test_damaged_notes_database_is_reported_left_untouched_and_reading_still_works() -> None:
    import hashlib

    notes_db = locations().notes_db
    notes_db.parent.mkdir(parents=True)
    notes_db.write_bytes(b"these were my notes, before something went wrong\n" * 50)
    before = hashlib.sha256(notes_db.read_bytes()).hexdigest()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any(str(notes_db) in m and "not an SQLite file" in m for m in messages)
        reader = await open_article(pilot, ENVOY)
        assert reader.article.id == ENVOY
        await pilot.press("a")
        assert not isinstance(app.screen, AnnotateScreen)  # nowhere safe to save: the editor does not open
        await pilot.press("b")
    assert hashlib.sha256(notes_db.read_bytes()).hexdigest() == before


async def test_overlapping_notes_are_drawn_as_one_passage_with_a_marker_at_each_distinct_end() -> None:
    from sahel_tui.corpus.library import Library
    from sahel_tui.tui.widgets.block_text import NOTE_MARKER

    text = Library(locations()).get(ENVOY).anchor_text
    at = text.index(sentences_of(ENVOY)[1])
    notes = store()
    for first, last in ((at, at + 20), (at + 10, at + 40), (at, at + 20), (at + 5, at + 15)):
        notes.add_annotation(ENVOY, make_selector(text, first, last), "", ())
    notes.close()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, ENVOY)
        paragraph = next(view for view in reader.query("BlockView") if view.block.start <= at < view.block.end)
        drawn = paragraph.render()
        assert drawn.plain.count("✎") == 3, "ends at +15, +20 (twice) and +40: three distinct ends"
        background = reader.get_component_rich_style("reader--note", partial=True).bgcolor.get_truecolor()

        def is_note(style) -> bool:  # the drawn content's spans carry Textual styles
            color = getattr(style, "background", None)
            return color is not None and tuple(color.rgb) == tuple(background)

        noted = sorted({i for span in drawn.spans if is_note(span.style) for i in range(span.start, span.end)})
        shown = "".join(drawn.plain[i] for i in noted).replace(NOTE_MARKER.strip(), "").replace(" ", "")
        assert shown == text[at : at + 40].replace(" ", ""), "the passages of all four notes, and nothing else"
        assert "✎" in screen_text(app)


def sentences_of(article_id: str) -> list[str]:
    from sahel_tui.corpus.library import Library

    article = Library(locations()).get(article_id)
    return [article.anchor_text[start:end] for start, end in sentences(article)]


async def test_brackets_read_through_the_list_from_the_reader() -> None:
    """`]` / `[` open the next / previous listed article where the keys are, marking it read; the list's cursor
    follows; past either end they say so and the article stays."""
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = await start(pilot)
        listed = listed_ids(app)
        await pilot.press("enter")  # the first listed article, in the reader
        await settle(pilot)
        reader = app.main_screen.query_one(Reader)
        assert app.focused is reader and app.main_screen.open.article.id == listed[0]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert app.main_screen.open.article.id == listed[2] and app.focused is reader
        assert app.main_screen.query_one(ArticleList).highlighted_id == listed[2]
        assert all(store().reading_state(article_id).read for article_id in listed)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.main_screen.open.article.id == listed[2]
        assert [n.message for n in app._notifications][-1] == "The last article listed."
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.main_screen.open.article.id == listed[1]
        await pilot.press("slash", "right_square_bracket")  # in the search box it is a letter
        await settle(pilot)
        assert app.main_screen.query_one(Input).value == "]" and app.main_screen.open.article.id == listed[1]


async def test_a_long_entity_name_in_the_overview_goes_on_under_itself_not_under_its_kind() -> None:
    """At 60 columns "Economic Community of West African States" and its counts take two lines; the second one
    started at the list's left edge, under the kind's heading, as if it were a heading too."""
    from sahel_tui.tui.screens.entity_overview import EntityOverviewScreen

    async with make_app().run_test(size=(60, 24)) as pilot:
        app = await start(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EntityOverviewScreen) and app.screen.takes_keys)
        listing = app.screen.query_one(OptionList)
        listing.highlighted = next(
            i for i in range(listing.option_count) if listing.get_option_at_index(i).id == "ecowas"
        )
        await settle(pilot)
        lines = screen_lines(app)
        first = next(index for index, line in enumerate(lines) if "Economic Community" in line)
        assert "mention" not in lines[first]  # the counts went to the next line: the name is long here
        indent = len(lines[first]) - len(lines[first].lstrip("│ "))
        assert len(lines[first + 1]) - len(lines[first + 1].lstrip("│ ")) == indent


async def test_capital_e_counts_the_entities_of_every_listed_article_and_enter_narrows_the_list() -> None:
    """`E`, `j` and enter typed together: the keys wait for the count, then choose the second entity listed
    (grouped by kind as the sidebar groups them, the most widespread first), and the list narrows to it."""
    from sahel_tui.cli import main as cli_main
    from sahel_tui.entities.gazetteer import TYPES
    from sahel_tui.textclean import counted
    from sahel_tui.tui.screens.entity_overview import EntityOverviewScreen

    async with make_app().run_test(size=(140, 40)) as pilot:
        app = await start(pilot)
        totals = json.loads(CliRunner().invoke(cli_main, ["entities", "--json"]).stdout)
        second = [row for kind in TYPES for row in totals if row["type"] == kind][1]
        burst(app, ["E", "j", "enter"])
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(Input).value == f"entity:{second['id']}"
        assert len(listed_ids(app)) == second["articles"] and second["name"] in app.sub_title

        await pilot.press("slash", *"bamako", "escape")  # a query's articles: counted among those alone
        await settle(pilot)
        listed = len(listed_ids(app))
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, EntityOverviewScreen) and app.screen.takes_keys)
        assert f"Entities in the {counted(listed, 'article')} listed (bamako)" in screen_text(app)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_y_copies_the_selected_sentences_quoted_with_the_article_cited() -> None:
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        reader = await open_article(pilot, WAGNER)
        await pilot.press("j", "J", "y")
        await settle(pilot)
        first, second = (reader.article.anchor_text[start:end] for start, end in sentences(reader.article)[1:3])
        copied = app.clipboard
        assert copied.startswith(f"> {first}") and second in copied
        assert f"— “{reader.article.title}”" in copied and reader.article.source in copied
        assert "Copied the passage" in [n.message for n in app._notifications][-1]


async def test_capital_a_and_a_y_typed_together_mark_every_listed_article_read() -> None:
    """The count comes from a worker: the `y` right behind `A` waits for the question, then answers it."""
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = await start(pilot)
        await pilot.press("slash", *"bamako", "escape")
        await settle(pilot)
        found = listed_ids(app)
        assert 0 < len(found) < 3
        burst(app, ["A", "y"])
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert {article for article in (WAGNER, ANNOUNCES, ENVOY) if store().reading_state(article).read} == set(found)
        assert f"Marked {len(found)} article" in [n.message for n in app._notifications][-1]
        await pilot.press("A")
        await settle(pilot)
        assert [n.message for n in app._notifications][-1] == "Nothing unread in the list."
        await pilot.press("escape", "A")  # the whole library: the others are counted, and n keeps them unread
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        rest = 3 - len(found)
        assert f"Mark the {rest} unread {'article' if rest == 1 else 'articles'} listed read?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert not any(store().reading_state(a).read for a in (WAGNER, ANNOUNCES, ENVOY) if a not in found)


async def test_the_entities_listed_show_the_most_widespread_of_each_kind_and_count_the_rest() -> None:
    from textual.widgets import OptionList

    from sahel_tui.tui.screens.entity_overview import ROWS_PER_KIND, EntityOverviewScreen

    people = [{"id": f"unlisted:p{n}", "name": f"Person {n}", "type": "person", "articles": 200 - n, "mentions": 300}
              for n in range(ROWS_PER_KIND + 50)]  # fmt: skip
    async with make_app().run_test(size=(100, 30)) as pilot:
        await start(pilot)
        pilot.app.push_screen(EntityOverviewScreen(lambda: (1000, people), "since:30d"))
        await until(pilot, lambda: isinstance(pilot.app.screen, EntityOverviewScreen) and pilot.app.screen.takes_keys)
        options = pilot.app.screen.query_one(OptionList)
        assert options.option_count == 1 + ROWS_PER_KIND + 1  # the heading, the most widespread, the rest counted
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert f"… and 50 more, in {200 - ROWS_PER_KIND} articles at most each" in last
