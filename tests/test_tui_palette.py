"""The command palette: hostile titles show literally (and never crash it), accents are ignored when matching."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from screen import screen_text, settle, typed_both_ways, until
from test_tui import burst
from textual.widgets import Input, OptionList

from sahel_tui.cli import main
from sahel_tui.feeds.subscriptions import Subscriptions
from sahel_tui.tui.app import make_app

BODY = "\n\nA paragraph about a convoy that was attacked near Gao, long enough to be an article.\n"
TITLES = ["Attack [/x] near Gao", "Attack [blink]on Gao [Opinion]", "Attack [@click=app.quit]quit[/] Gao"]


async def palette(pilot, typed: str) -> str:
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*typed)
    for _ in range(100):  # results arrive from the providers' tasks
        await settle(pilot)
        shown = screen_text(pilot.app)
        if "Open:" in shown or "Entity:" in shown:
            return shown
    return screen_text(pilot.app)


@pytest.fixture
def hostile_titles(tmp_path: Path) -> None:
    for number, title in enumerate(TITLES):
        path = tmp_path / f"hostile-{number}.txt"
        path.write_text(title + BODY.replace("convoy", f"convoy {number}"))
        assert CliRunner().invoke(main, ["import", str(path)]).exit_code == 0


async def test_titles_with_markup_are_listed_literally(hostile_titles) -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        shown = await palette(pilot, "attack")
        assert pilot.app.is_running
        for title in TITLES:
            assert f"Open: {title}" in shown, f"{title!r} not shown literally:\n{shown}"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.is_running


@pytest.mark.parametrize(("typed", "expected"), [("goita", "Assimi Goïta"), ("menaka", "Ménaka")])
async def test_accents_are_ignored_when_matching(typed: str, expected: str) -> None:
    async with make_app().run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        shown = await palette(pilot, typed)
        assert f"Entity: {expected}" in shown, shown


@pytest.mark.parametrize("keys", [["pagedown"], [*"ga", "pagedown"], [*"wag", "pageup", "pagedown"]])
async def test_paging_the_palette_while_its_list_fills_is_harmless(keys: list[str]) -> None:
    """ctrl+p, a few letters and page down at once: Textual's list had no lines laid out yet, and paging failed
    inside it (KeyError) and ended the app."""
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(app, ["ctrl+p", *keys])
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("keys", [["k", "enter", "j"], ["export", "enter", "enter"], ["AknykN", "enter"]])
async def test_the_palette_in_one_burst_does_what_typed_slowly_does(keys: list[str], tmp_path: Path) -> None:
    """ctrl+p, letters, enter, and a key behind, from the feeds view. The command is run by the palette's list, told
    to select by the enter — a message to a widget beside the palette's input, which the key behind did not wait for:
    it was typed into the palette's input, closing with the command, where typed slowly it reached the screen below.
    And an enter right behind the letters acted on the hits of the first few (it ran an entity's command for
    "AknykN", which matches nothing): it now waits for the search of every letter, and so do the keys after it."""

    async def in_the_feeds_view(pilot) -> None:
        subscriptions = Subscriptions(pilot.app.library.catalog)
        for number in range(3):
            subscriptions.add(f"http://127.0.0.1:9/feed{number}.xml")
        await pilot.press("f")  # where j moves the cursor

    def outcome(app):
        highlighted = app.screen.query_one(OptionList).highlighted if app.screen.query(OptionList) else None
        query = app.main_screen.query_one("#search", Input).value
        return [type(screen).__name__ for screen in app.screen_stack], type(app.focused).__name__, highlighted, query

    typed = ["ctrl+p", *keys[0], *keys[1:]]
    slow, fast = await typed_both_ways(typed, in_the_feeds_view, outcome, homes=tmp_path)  # each its own export
    assert fast == slow


async def test_a_saved_search_is_in_the_palette_by_its_name_literally_and_lists_its_articles() -> None:
    from sahel_tui.notes.store import NotesStore
    from sahel_tui.paths import locations

    NotesStore.open(locations().notes_db).save_search("[@click=app.quit]Wagner[/] file", "wagner -russia")
    async with make_app().run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"wagner file")
        for _ in range(100):
            await settle(pilot)
            if "Saved search:" in screen_text(pilot.app):
                break
        assert "Saved search: [@click=app.quit]Wagner[/] file" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.is_running and pilot.app.screen.query_one(Input).value == "wagner -russia"


async def test_a_key_behind_an_enter_that_waited_for_the_palettes_search_reaches_the_screen_below(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine the palette is still searching when the enter of a burst arrives: the enter waits for the
    search, then runs the command; the key typed behind it (j, for the feeds view below) was let go on as the
    command was being chosen, reached the palette just before it closed, and was lost. One of the palette's sources
    is held here until the burst has been typed, as a slow machine would hold it."""
    import asyncio

    from textual.command import Provider

    from sahel_tui.tui.app import SahelApp
    from sahel_tui.tui.commands import SteadyPalette

    release = asyncio.Event()

    class HeldBack(Provider):
        async def search(self, query: str):
            await release.wait()
            return
            yield

    monkeypatch.setattr(SahelApp, "COMMANDS", SahelApp.COMMANDS | {HeldBack})
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        subscriptions = Subscriptions(pilot.app.library.catalog)
        for number in range(3):
            subscriptions.add(f"http://127.0.0.1:9/feed{number}.xml")
        await pilot.press("f")
        await settle(pilot)
        feeds_view = pilot.app.screen
        burst(pilot.app, ["ctrl+p", *"roch", "enter", "j"])
        await until(pilot, lambda: isinstance(pilot.app.screen, SteadyPalette) and pilot.app.screen._enter_waiting)
        release.set()
        await until(pilot, lambda: pilot.app.screen is feeds_view)
        await settle(pilot)
        assert pilot.app.main_screen.query_one("#search", Input).value == "entity:roch-kabore"
        assert feeds_view.query_one(OptionList).highlighted == 1, "j moved the feeds view's cursor"
