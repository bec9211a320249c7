"""Two readers on one home: a note edited here while another sahel-tui (or `notes delete`) deletes or changes it.
Whatever either side typed is kept; the user is told why an edit became a new note."""

from __future__ import annotations

from screen import open_article, settle, until
from test_tui import ENVOY, start, store
from textual.widgets import TextArea

from sahel_tui.notes.store import Annotation, NotesStore
from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens.annotate import AnnotateScreen
from sahel_tui.tui.widgets.reader import Reader


async def a_saved_note(pilot):
    """The app started, the envoy article open and a note "first" saved on its first sentence: (app, reader,
    the note as stored)."""
    app = await start(pilot)
    reader = await open_article(pilot, ENVOY)
    await pilot.press("a", *"first", "ctrl+s")
    await settle(pilot)
    (annotation,) = store().annotations(ENVOY)
    return app, reader, annotation


async def edit_while_another_reader(change) -> tuple[Annotation, list[str], list[Annotation]]:
    """A note saved, then opened again to edit; ``change(other_store, annotation)`` runs meanwhile, as another
    sahel-tui on the same home would; the edit is saved. (the note, the app's notifications, what is stored)."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        app, _, annotation = await a_saved_note(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AnnotateScreen) and app.screen.editing
        other = store()
        change(other, annotation)
        other.close()
        await pilot.press(*" and second", "ctrl+s")
        await settle(pilot)
        assert app.screen is app.main_screen, "saved: the editor closed"
        return annotation, [str(n.message) for n in app._notifications], store().annotations(ENVOY)


async def test_an_edit_of_a_note_deleted_meanwhile_is_kept_as_a_new_note() -> None:
    """Another reader (or `notes delete`) deleted the note while it was edited here: saving raised KeyError and
    ended the app. The text typed is kept, on the same passage, and the user is told why it is a new note."""
    annotation, told, stored = await edit_while_another_reader(lambda other, a: other.delete_annotation(a.id))
    (kept,) = stored
    assert (kept.note, kept.quote) == ("first and second", annotation.quote) and kept.id != annotation.id
    assert any("deleted meanwhile" in line for line in told)


async def test_an_edit_of_a_note_changed_meanwhile_keeps_both_versions() -> None:
    """Another reader changed the note while it was edited here: saving wrote over that change without a word.
    Both are kept: the other change under its id, the edit typed here as a new note on the same passage."""
    annotation, told, stored = await edit_while_another_reader(
        lambda other, a: other.edit_annotation(a.id, "first, changed elsewhere", ("elsewhere",))
    )
    by_id = {a.id: a for a in stored}
    assert (by_id[annotation.id].note, by_id[annotation.id].tags) == ("first, changed elsewhere", ("elsewhere",))
    (new,) = [a for a in stored if a.id != annotation.id]
    assert (new.note, new.quote) == ("first and second", annotation.quote)
    assert any("changed meanwhile" in line for line in told)


async def test_deleting_a_note_deleted_meanwhile_says_so() -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        app, _, annotation = await a_saved_note(pilot)
        store().delete_annotation(annotation.id)
        await pilot.press("d", "y")
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        assert "Annotation deleted." not in told and any("deleted meanwhile" in line for line in told)
        assert app.main_screen.query_one(Reader).notes == [], "the reader shows the notes as stored"


async def test_a_note_opened_for_editing_shows_what_is_stored_now() -> None:
    """The reader showed the note as it was when the article opened; `a` on it opened the editor on that copy, so
    a change made since in another reader came back as a conflict. The editor opens on the note as stored now;
    on a note deleted since, it does not open, and says why."""
    async with make_app().run_test(size=(160, 45)) as pilot:
        app, reader, annotation = await a_saved_note(pilot)
        store().edit_annotation(annotation.id, "first, changed elsewhere", ("elsewhere",))
        await pilot.press("a")
        assert isinstance(app.screen, AnnotateScreen) and app.screen.editing
        assert app.screen.query_one(TextArea).text == "first, changed elsewhere"
        await pilot.press(*" and here", "ctrl+s")
        await settle(pilot)
        ((stored_id, note),) = [(a.id, a.note) for a in store().annotations(ENVOY)]
        assert (stored_id, note) == (annotation.id, "first, changed elsewhere and here"), "an edit, not a conflict"
        store().delete_annotation(annotation.id)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is app.main_screen, "no editor for a note that is gone"
        assert any("deleted meanwhile" in str(n.message) for n in app._notifications)
        assert reader.notes == [], "the reader shows the notes as stored"


async def test_notes_and_marks_made_by_another_reader_appear_without_reopening() -> None:
    """Another sahel-tui (or the command line) annotates the open article and bookmarks another: the reader shows
    the note and the list the marks, without the article being opened again."""
    from sahel_tui.corpus.library import Library
    from sahel_tui.notes.anchor import make_selector
    from sahel_tui.paths import locations
    from sahel_tui.tui.widgets.article_list import ArticleList

    async with make_app().run_test(size=(160, 45)) as pilot:
        app = await start(pilot)
        reader = await open_article(pilot, ENVOY)
        assert reader.notes == []
        text = Library(locations()).get(ENVOY).anchor_text
        other = store()
        other.add_annotation(ENVOY, make_selector(text, 0, 40), "from the other window", ())
        bookmarked = next(e.article_id for e in app.main_screen.query_one(ArticleList).entries if e.article_id != ENVOY)
        other.set_bookmark(bookmarked)
        other.close()

        def row(article_id: str):
            return next(e for e in app.main_screen.query_one(ArticleList).entries if e.article_id == article_id)

        await until(pilot, lambda: [n.annotation.note for n in reader.notes] == ["from the other window"])
        await until(pilot, lambda: row(ENVOY).notes == 1 and row(bookmarked).bookmarked)


async def test_the_notes_file_replaced_while_the_reader_runs_loses_nothing(tmp_path) -> None:
    """A sync tool puts another machine's notes.sqlite3 in place while the reader runs. The reader wrote on into
    the old file, which nobody reads again (its notes lost, the app saying "saved"); and the old file's log was
    applied over the new file at the next start (the other machine's notes lost). Now: the next note goes into the
    new file, the notes this reader had are merged in, the user is told, and both machines' notes are there."""
    from sahel_tui.corpus.library import Library
    from sahel_tui.notes.anchor import make_selector
    from sahel_tui.paths import locations

    async with make_app().run_test(size=(160, 45)) as pilot:
        app, reader, _ = await a_saved_note(pilot)
        text = Library(locations()).get(ENVOY).anchor_text
        laptop = NotesStore.open(tmp_path / "laptop.sqlite3")
        laptop.add_annotation(ENVOY, make_selector(text, 0, 30), "typed on the laptop", ())
        laptop.close()
        (tmp_path / "laptop.sqlite3").replace(locations().notes_db)
        await pilot.press("j", "a", *"after the sync", "ctrl+s")
        await until(pilot, lambda: any("replaced" in str(n.message) for n in app._notifications))
        await until(pilot, lambda: len(reader.notes) == 3)
        assert sorted(n.annotation.note for n in reader.notes) == ["after the sync", "first", "typed on the laptop"]
    assert sorted(a.note for a in store().annotations(ENVOY)) == ["after the sync", "first", "typed on the laptop"]


async def test_the_notes_view_lists_a_note_another_reader_adds_and_keeps_its_cursor() -> None:
    from textual.widgets import OptionList

    from sahel_tui.corpus.library import Library
    from sahel_tui.notes.anchor import make_selector
    from sahel_tui.paths import locations
    from sahel_tui.tui.screens.notes import NotesScreen

    async with make_app().run_test(size=(160, 45)) as pilot:
        app, _, _ = await a_saved_note(pilot)
        await pilot.press("j", "a", *"second", "ctrl+s", "m")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen) and app.screen.takes_keys)
        options = app.screen.query_one(OptionList)

        def listed() -> list[str]:
            return [o.id for o in (options.get_option_at_index(i) for i in range(options.option_count)) if o.id]

        await pilot.press("j")
        chosen = options.get_option_at_index(options.highlighted).id
        assert len(listed()) == 2 and chosen == listed()[1]
        text = Library(locations()).get(ENVOY).anchor_text
        other = store()
        added = other.add_annotation(ENVOY, make_selector(text, 0, 12), "from the other window", ())
        other.close()
        await until(pilot, lambda: added.id in listed())
        assert options.get_option_at_index(options.highlighted).id == chosen, "the cursor stays on its note"
