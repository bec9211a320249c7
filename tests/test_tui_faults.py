"""The reader under faults: nothing typed is lost, no file of the user's is written over, and it keeps running.

Driven with the real keys; assertions on the screen, on the files and on the notes store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from screen import draft_files, open_article, refuse_writes, settle, until
from textual.widgets import TextArea

from sahel_tui.paths import locations
from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens.annotate import AnnotateScreen
from sahel_tui.tui.screens.confirm import ConfirmScreen
from sahel_tui.tui.widgets.article_list import ArticleList

ENVOY = "us-envoy-visits-mali-diplomatic-reset"


async def test_steady_typing_reaches_the_disk_before_it_stops() -> None:
    """A key every 0.05 s never leaves a pause for a debounce timer; the draft is written all the same."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        await open_article(pilot, ENVOY)
        await pilot.press("a")
        for _ in range(400):
            await pilot.press("x")
            await pilot.pause(0.05)  # the typist's cadence, not a wait for a result
            if draft_files():
                break
        assert draft_files(), "400 keys and the draft was never written"
        assert isinstance(pilot.app.screen, AnnotateScreen), "still typing"


async def test_quit_with_a_note_nothing_would_keep_asks_and_writes_it_elsewhere(capsys) -> None:
    where = locations()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await open_article(pilot, ENVOY)
        refuse_writes(app.store)  # the store refuses every write…
        where.drafts_dir.rename(where.config_dir / "drafts-moved")
        where.drafts_dir.write_text("a file where the drafts folder was")  # …and so does the draft folder
        await pilot.press("a", *"words with nowhere to go", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "quitting would lose the note: it must ask"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen) and app.screen.query_one(TextArea).text.endswith("nowhere to go")
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
    assert app.return_code == 0
    (rescued,) = (where.data_dir / "unsaved-notes").glob("note-*.txt")
    assert "words with nowhere to go" in rescued.read_text()
    told = capsys.readouterr().err.replace("\n", "")
    assert str(rescued) in told, "the user is told where it went"


async def test_quit_with_a_kept_draft_does_not_ask() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await open_article(pilot, ENVOY)
        refuse_writes(app.store)
        await pilot.press("a", *"kept words", "ctrl+s", "ctrl+q")
        await settle(pilot)
    assert not app.is_running
    assert [f.read_text().count("kept words") for f in draft_files()] == [1]


async def test_quitting_while_an_enormous_article_is_analysed_stops_its_process(tmp_path: Path) -> None:
    """Its entities are found in a process of its own, seconds for megabytes; the reader quitting ends it rather
    than wait for it (Python waits for the thread that waits for the process)."""
    from sahel_tui.corpus.library import Library
    from sahel_tui.parallel import prepare
    from sahel_tui.tui.screens.analysing import ANALYSE_INLINE_CHARS

    prepare()  # as `sahel-tui` does before the app takes the terminal: the process needs a real stderr

    paragraph = "Convoys left Gao for Kidal under escort, and traders in Mopti waited for the river. " * 8
    body = "\n\n".join(f"{number}. {paragraph}" for number in range(ANALYSE_INLINE_CHARS // len(paragraph) + 10))
    (tmp_path / "long-report.txt").write_text(f"A very long report\n\n{body}\n")
    [outcome] = Library(locations()).import_paths([tmp_path / "long-report.txt"])
    async with make_app().run_test(size=(160, 45)) as pilot:
        screen = pilot.app.main_screen
        await open_article(pilot, outcome.article_id)
        await until(pilot, lambda: screen._analysis is not None)
        job = screen._analysis
        await pilot.press("q")
        await until(pilot, lambda: not pilot.app.is_running)
    assert job._stopped, "the analysis was told to stop when the reader closed"


async def test_an_unreadable_config_is_never_written_over(tmp_path: Path) -> None:
    config = locations().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    original = b'theme = "nord"\ncursor_blink = fals\n'
    config.write_bytes(original)
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        assert any(str(config) in str(n.message) for n in app._notifications)
        app.theme = "gruvbox"  # a settings change, as the palette's theme picker makes it
        await settle(pilot)
        app.toggle_sidebar()
        await settle(pilot)
        assert any("not written over" in str(n.message) for n in app._notifications)
    assert config.read_bytes() == original


async def test_a_setting_changed_in_the_app_leaves_the_rest_of_the_users_file_alone() -> None:
    """The theme or the sidebar changed in the reader rewrote config.toml from what was read at start: the user's
    comments, their [keys] and a line added in an editor while the reader ran were gone."""
    config = locations().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('# at night\ntheme = "nord"\n\n[keys]\nbookmark = "ctrl+b"\n', encoding="utf-8")
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        with config.open("a", encoding="utf-8") as editor:  # the user, in an editor, while the reader runs
            editor.write('notes = "n"\n')
        app.theme = "gruvbox"  # as the palette's theme picker sets it
        await settle(pilot)
        app.toggle_sidebar()
        await settle(pilot)
    expected = '# at night\ntheme = "gruvbox"\nshow_sidebar = false\n\n[keys]\nbookmark = "ctrl+b"\nnotes = "n"\n'
    assert config.read_text(encoding="utf-8") == expected


async def export_from_palette(pilot) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"markdown")  # the one command it names: Export notes (Markdown)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def export_again(pilot) -> None:
    pilot.app.export_notes("md")
    await settle(pilot)


async def test_export_from_the_app_asks_where_and_never_replaces_without_a_yes(tmp_path: Path) -> None:
    from textual.widgets import Input

    from sahel_tui.tui.screens.ask_line import AskLineScreen

    mine = tmp_path / "mine.md"
    mine.write_text("my own file")
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await open_article(pilot, ENVOY)
        await pilot.press("a", *"for the export", "ctrl+s")
        await settle(pilot)

        await export_from_palette(pilot)
        assert isinstance(app.screen, AskLineScreen)
        default = Path(app.screen.query_one(Input).value)
        assert default.parent == locations().exports_dir, "the default is shown, in the exports folder"
        await pilot.press("enter")
        await settle(pilot)
        assert "for the export" in default.read_text()
        assert f"1 annotation written to {default}" in [str(n.message) for n in app._notifications], "told where"

        await export_again(pilot)  # the palette's way is above: the dialog is the same
        app.screen.query_one(Input).value = str(mine)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "an existing file: ask first"
        await pilot.press("n")
        await settle(pilot)
        assert mine.read_text() == "my own file"

        await export_again(pilot)
        app.screen.query_one(Input).value = str(locations().notes_db)
        await pilot.press("enter")
        await settle(pilot)
        assert any("own folder" in str(n.message) for n in app._notifications)

        await export_again(pilot)
        app.screen.query_one(Input).value = str(mine)
        await pilot.press("enter", "y")
        await settle(pilot)
    assert "for the export" in mine.read_text()
    assert locations().notes_db.read_bytes().startswith(b"SQLite format 3")


async def test_annotations_screen_deletes_with_confirmation_and_enter_opens_the_first_match() -> None:
    from sahel_tui.notes.store import NotesStore
    from sahel_tui.tui.screens.notes import NotesScreen
    from sahel_tui.tui.widgets.reader import Reader

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await open_article(pilot, ENVOY)
        await pilot.press("a", *"first note", "ctrl+s")
        await settle(pilot)
        await pilot.press("j", "j", "a", *"second note", "ctrl+s")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("j", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(NotesStore.open(locations().notes_db).annotations()) == 2
        await pilot.press("d", "y")
        await settle(pilot)
        (left,) = NotesStore.open(locations().notes_db).annotations()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m", "slash", *left.note.split()[0], "enter")  # enter in the filter opens the first match
        await settle(pilot)
        assert app.screen is app.main_screen
        assert app.main_screen.query_one(Reader).selection[0] == left.selector.start


async def test_twenty_thousand_notes_are_listed_in_part_and_filtered_off_the_ui_thread() -> None:
    from screen import screen_text
    from textual.widgets import OptionList

    from sahel_tui.corpus.library import Library
    from sahel_tui.notes.anchor import make_selector
    from sahel_tui.notes.store import NotesStore
    from sahel_tui.tui.screens.notes import MAX_LISTED, NotesScreen

    article = Library(locations()).get(ENVOY)
    text = article.anchor_text
    store = NotesStore.open(locations().notes_db)
    with store._write() as db:  # one transaction: 20,000 notes as a long-time user would have
        for number in range(20_000):
            selector = make_selector(text, (number * 7) % 500, (number * 7) % 500 + 30)
            db.execute(
                "INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (f"n{number}", ENVOY, selector.quote, selector.prefix, selector.suffix, selector.start, selector.end,
                 selector.text_hash, f"note number {number}", "[]", "2026-01-01", "2026-01-01"),
            )  # fmt: skip
    store.close()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        options = app.screen.query_one(OptionList)
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert last == f"… {20_000 - MAX_LISTED:,} more: type to narrow"
        assert "note number 0" in screen_text(app)
        await pilot.press("slash", *"number 19999")
        await settle(pilot)
        first = options.get_option_at_index(1)  # after the heading
        assert first.id == "n19999", "the list answers the last keystroke"
        await pilot.press("escape", "escape")  # to the list, then back to the articles
        await settle(pilot)
        assert app.screen is app.main_screen


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_annotation_dialog_fits_a_small_terminal(size: tuple[int, int]) -> None:
    from textual.widgets import Input

    from sahel_tui.notes.store import NotesStore

    async with make_app().run_test(size=size) as pilot:
        app = pilot.app
        await open_article(pilot, ENVOY)
        await pilot.press("J", "J", "J", "a")  # a long, four-sentence quote
        await settle(pilot)
        screen_rows = range(0, size[1] - 1)  # the last row is the footer
        for field in (app.screen.query_one(TextArea), app.screen.query_one("#annotate-tags", Input)):
            region = field.region
            assert region.height >= 3 and region.y in screen_rows and region.bottom - 1 in screen_rows, field
        await pilot.press(*"fits", "tab", *"small, screen", "ctrl+s")
        await settle(pilot)
    (saved,) = NotesStore.open(locations().notes_db).annotations(ENVOY)
    assert (saved.note, saved.tags) == ("fits", ("small", "screen"))


async def test_rows_listed_without_their_marks_say_so_once() -> None:
    """When the notes cannot be read (here another program renamed a table under the running app), the list
    still shows the articles, but never silently as if nothing were read or bookmarked: one notice names the
    file and the reason, however many letters are typed; the marks come back when the notes can be read."""
    import sqlite3

    from sahel_tui.notes.store import NotesStore

    where = locations()
    store = NotesStore.open(where.notes_db)
    store.set_bookmark("wagner-announces-withdrawal-from-mali")
    store.close()
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = pilot.app
        await until(pilot, lambda: app.main_screen is not None and app.main_screen.searcher is not None)
        screen = app.main_screen
        other = sqlite3.connect(where.notes_db, timeout=10)
        other.execute("ALTER TABLE bookmarks RENAME TO bookmarks_elsewhere")
        other.commit()
        await pilot.press("slash", *"wagner")
        await until(pilot, lambda: screen._listed_query == "wagner" and not screen._dirty_widgets)
        await pilot.press("backspace", "r")
        await until(pilot, lambda: screen._listed_query == "wagner" and not screen._dirty_widgets)
        listed = screen.query_one(ArticleList).entries
        assert len(listed) == 2 and not any(entry.bookmarked for entry in listed)
        told = [str(n.message) for n in app._notifications if "no read, bookmark or note marks" in str(n.message)]
        assert len(told) == 1, told
        assert str(where.notes_db) in told[0] and "bookmarks" in told[0], told[0]
        other.execute("ALTER TABLE bookmarks_elsewhere RENAME TO bookmarks")
        other.commit()
        other.close()
        await pilot.press("space")
        await until(pilot, lambda: screen._listed_query == "wagner " and not screen._dirty_widgets)
        marked = {entry.article_id for entry in screen.query_one(ArticleList).entries if entry.bookmarked}
        assert marked == {"wagner-announces-withdrawal-from-mali"}
