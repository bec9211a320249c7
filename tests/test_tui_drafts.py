"""A note being typed survives a quit, a crash or a refusing store: it is kept as a draft and comes back.

Driven with the real keys; assertions on the screen, the draft file and the notes store.
"""

from __future__ import annotations

import json

from screen import draft_files, open_article, refuse_writes, settle
from textual.widgets import TextArea

from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.drafts import Draft, DraftKeeper
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations
from sahel_tui.reading import sentences
from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens.annotate import AnnotateScreen
from sahel_tui.tui.widgets.reader import Reader

ENVOY = "us-envoy-visits-mali-diplomatic-reset"


def store() -> NotesStore:
    return NotesStore.open(locations().notes_db)


def kept() -> dict:
    (only,) = draft_files()
    return json.loads(only.read_text(encoding="utf-8"))


async def kept_once_typing_pauses(pilot, note: str | None = None) -> dict:
    """The draft file once it holds ``note`` (or anything), polled: a loaded machine may run the timer late."""
    for _ in range(400):
        if draft_files() and (note is None or kept()["note"] == note):
            return kept()
        await pilot.pause(0.05)
    raise AssertionError(f"the draft never held {note!r}")


async def test_the_draft_is_on_disk_a_moment_after_typing_stops() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot)
        await pilot.press("j", "a", *"half a thought")
        draft = await kept_once_typing_pauses(pilot, "half a thought")
        quote = app.screen.quote
        assert (draft["note"], draft["selector"]["quote"], draft["article_id"]) == ("half a thought", quote, ENVOY)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [a.note for a in store().annotations(ENVOY)] == ["half a thought"]
        assert not draft_files(), "a saved note leaves no draft behind"


async def test_quit_with_the_modal_open_and_the_next_launch_brings_the_note_back() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot)
        await pilot.press("j", "j", "a", *"what the envoy", "tab", *"usa")
        quote = app.screen.quote
        await pilot.press("ctrl+q")  # before the draft timer fires: quitting writes it
    assert kept()["note"] == "what the envoy" and kept()["tags"] == ["usa"]
    assert store().annotations(ENVOY) == []

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot, open_envoy=False)
        assert isinstance(app.screen, AnnotateScreen) and app.screen.quote == quote
        assert app.screen.query_one(TextArea).text == "what the envoy"
        assert any("unsaved note is back" in str(n.message) for n in app._notifications)
        await pilot.press(*" said", "ctrl+s")  # the cursor waits at the end of the draft
        await settle(pilot)
        (annotation,) = store().annotations(ENVOY)
        assert (annotation.quote, annotation.note, annotation.tags) == (quote, "what the envoy said", ("usa",))
        assert app.main_screen.query_one(Reader).article.id == ENVOY
    assert not draft_files()


async def an_edit_left_unsaved() -> str:
    """A reader saves the note "first" on the envoy's first sentence, reopens it, types " and second" and quits
    (the draft kept); returns the note's id."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        await start_with(pilot)
        await pilot.press("a", *"first", "ctrl+s")
        await settle(pilot)
        (original,) = store().annotations(ENVOY)
        await pilot.press("a", *" and second")
        assert (await kept_once_typing_pauses(pilot, "first and second"))["edited_from"]["note"] == "first"
        await pilot.press("ctrl+q")
    return original.id


async def test_an_edit_in_progress_comes_back_as_an_edit_of_the_same_annotation() -> None:
    original = await an_edit_left_unsaved()

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot, open_envoy=False)
        assert isinstance(app.screen, AnnotateScreen) and app.screen.editing
        assert app.screen.query_one(TextArea).text == "first and second"
        await pilot.press("ctrl+s")
        await settle(pilot)
    (edited,) = store().annotations(ENVOY)
    assert (edited.id, edited.note) == (original, "first and second")


async def test_a_draft_whose_passage_is_gone_is_set_aside_and_named() -> None:
    where = locations()
    text = "A passage from an article that has since been removed from the library."
    draft = Draft("no-such-article", make_selector(text, 2, 9), "my irreplaceable note")
    DraftKeeper(where.draft_file).keep(draft)
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot, open_envoy=False)
        assert app.screen is app.main_screen
        (aside,) = where.config_dir.glob("draft-unplaced-*.json")
        assert json.loads(aside.read_text())["note"] == "my irreplaceable note"
        assert any(str(aside) in str(n.message) for n in app._notifications)
        await open_article(pilot, ENVOY)
        await pilot.press("a", *"a new note")  # a new draft cannot overwrite the one set aside
        assert (await kept_once_typing_pauses(pilot, "a new note"))["note"] == "a new note"
        assert json.loads(aside.read_text())["note"] == "my irreplaceable note"


async def test_a_store_that_refuses_writes_leaves_the_draft_for_the_next_launch() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot)
        refuse_writes(app.store)
        await pilot.press("a", *"precious words", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        await pilot.press("ctrl+q")
    assert kept()["note"] == "precious words"

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot, open_envoy=False)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [a.note for a in store().annotations(ENVOY)] == ["precious words"]


async def start_with(pilot, open_envoy: bool = True):
    """Wait for the app to be ready; open the envoy article with the cursor on its first sentence."""
    await settle(pilot)
    if open_envoy:
        reader = await open_article(pilot, ENVOY)
        assert reader.selection == sentences(reader.article)[0]
    return pilot.app


async def test_an_edit_brought_back_after_the_note_changed_elsewhere_keeps_both() -> None:
    """A reader stopped while a note was edited; another sahel-tui changed that note before the next launch. The
    draft comes back; saving it over the stored note would drop the other change: both are kept."""
    original = await an_edit_left_unsaved()
    store().edit_annotation(original, "first, as another reader had it")

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start_with(pilot, open_envoy=False)
        assert isinstance(app.screen, AnnotateScreen) and app.screen.query_one(TextArea).text == "first and second"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("changed meanwhile" in n.message for n in app._notifications)
    notes = {a.id: a.note for a in store().annotations(ENVOY)}
    assert notes[original] == "first, as another reader had it"
    assert sorted(notes.values()) == ["first and second", "first, as another reader had it"]
