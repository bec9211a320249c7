"""Snapshot tests (pytest-textual-snapshot): what the main screens look like, pinned on Textual 8.2.

Regenerate after a deliberate visual change with ``pytest tests/test_snapshots.py --snapshot-update`` and look at
the report before committing.
"""

from __future__ import annotations

from screen import open_article, settle

from sahel_tui.config import Config, save_config
from sahel_tui.corpus.library import Library
from sahel_tui.notes.anchor import make_selector
from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations
from sahel_tui.tui.app import make_app


def steady_app():
    """The app with the settings that make screenshots repeatable (no blinking cursor)."""
    save_config(locations().config_file, Config(cursor_blink=False))
    return make_app()


def test_main_screen(snap_compare) -> None:
    assert snap_compare(steady_app(), terminal_size=(140, 40), run_before=settle)


def test_search_results_with_highlights(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"wagnr bamkao")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)

    assert snap_compare(steady_app(), terminal_size=(140, 40), run_before=run_before)


def test_annotation_modal(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_article(pilot, "us-envoy-visits-mali-diplomatic-reset")
        await pilot.press("j", "J", "a", *"Who is Nick Checker? [check] ", "tab", *"usa diplomacy")
        await pilot.pause()

    assert snap_compare(steady_app(), terminal_size=(140, 40), run_before=run_before)


def test_annotations_screen(snap_compare) -> None:
    store = NotesStore.open(locations().notes_db)
    article = Library(locations()).get("wagner-withdrawal-from-mali-russia-presence")
    at = article.anchor_text.index("the Africa Corps")
    selector = make_selector(article.anchor_text, at, at + 16)
    note = store.add_annotation(article.id, selector, "MoD unit", ("russia",))
    gone = make_selector("This sentence is no longer in the article.", 0, 42)
    store.add_annotation("us-envoy-visits-mali-diplomatic-reset", gone, "lost passage")
    store._db.execute("UPDATE annotations SET created = '2026-01-01', updated = '2026-01-01'")
    assert note.id
    store.close()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(steady_app(), terminal_size=(140, 40), run_before=run_before)


async def help_opened(pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


def test_help_screen(snap_compare) -> None:
    assert snap_compare(steady_app(), terminal_size=(140, 40), run_before=help_opened)


def test_help_screen_at_80x24_keeps_what_each_key_does_readable(snap_compare) -> None:
    assert snap_compare(steady_app(), terminal_size=(80, 24), run_before=help_opened)


def test_narrow_terminal_80x24(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_article(pilot, "wagner-announces-withdrawal-from-mali")

    assert snap_compare(steady_app(), terminal_size=(80, 24), run_before=run_before)


def test_medium_terminal_100x30_with_a_search(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"afrika corps", "enter", "enter")
        await settle(pilot)

    assert snap_compare(steady_app(), terminal_size=(100, 30), run_before=run_before)


def test_small_terminal_60x20(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_article(pilot, "wagner-withdrawal-from-mali-russia-presence")

    assert snap_compare(steady_app(), terminal_size=(60, 20), run_before=run_before)


def test_entities_listed_at_80x24(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)

    assert snap_compare(steady_app(), terminal_size=(80, 24), run_before=run_before)


def test_saved_searches_in_the_feeds_view_at_80x24(snap_compare) -> None:
    NotesStore.open(locations().notes_db).save_search("Wagner, without Russia", "wagner -russia")
    NotesStore.open(locations().notes_db).save_search("Le JNIM", "entity:jnim")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    assert snap_compare(steady_app(), terminal_size=(80, 24), run_before=run_before)
