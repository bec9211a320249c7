"""Saved searches in the app: `S` keeps the list's search under a name, the feeds view lists it with its unread
count, `enter` lists its articles, `A` marks them read and `d` deletes it — each after a yes where it asks."""

from __future__ import annotations

from screen import screen_text, settle, until
from textual.widgets import Input

from sahel_tui.notes.store import NotesStore
from sahel_tui.paths import locations
from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens.ask_line import AskLineScreen
from sahel_tui.tui.screens.confirm import ConfirmScreen
from sahel_tui.tui.screens.feeds import FeedsScreen
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.article_list import ArticleList


def saved() -> list[tuple[str, str]]:
    return [(search.name, search.query) for search in NotesStore.open(locations().notes_db).saved_searches()]


def listed(app) -> list[str]:
    return [entry.article_id for entry in app.screen.query_one(ArticleList).entries]


async def save_as(pilot, name: str) -> None:
    await pilot.press("S")
    await until(pilot, lambda: isinstance(pilot.app.screen, AskLineScreen))
    await pilot.press("ctrl+u", *name, "enter")  # the query is offered as the name: typed over
    await settle(pilot)


async def search_for(pilot, text: str) -> None:
    await settle(pilot)
    await pilot.press("slash", "ctrl+u", *text, "enter")
    await settle(pilot)


async def feeds_view(pilot) -> None:
    """The feeds view, its saved searches counted (the feeds are listed first)."""
    await pilot.press("f")
    await until(pilot, lambda: isinstance(pilot.app.screen, FeedsScreen) and pilot.app.screen.takes_keys)
    await until(pilot, lambda: "counting…" not in screen_text(pilot.app))


async def test_a_saved_search_is_listed_with_its_unread_count_and_lists_its_articles() -> None:
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await search_for(pilot, "wagner")
        found = listed(app)
        assert found and len(found) < 3  # a search that leaves an article out
        await save_as(pilot, "Wagner watch")
        assert saved() == [("Wagner watch", "wagner")]
        assert "Saved as Wagner watch" in [str(n.message) for n in app._notifications][-1]

        await pilot.press("escape")  # back to every article: the saved search brings its own back
        await settle(pilot)
        await feeds_view(pilot)
        assert f"Wagner watch  {len(found)} unread / {len(found)}" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.query_one(Input).value == "wagner"
        assert listed(app) == found

        await pilot.press("enter")  # reading one of them: the count follows
        await settle(pilot)
        await feeds_view(pilot)
        assert f"Wagner watch  {len(found) - 1} unread / {len(found)}" in screen_text(app)
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Mark the 1 unread article of Wagner watch read?" in screen_text(app)
        await pilot.press("y")
        await until(pilot, lambda: f"Wagner watch  0 unread / {len(found)}" in screen_text(app))
        assert set(found) <= NotesStore.open(locations().notes_db).read_articles()


async def test_a_name_taken_is_replaced_only_after_a_yes_and_d_deletes_after_one() -> None:
    async with make_app().run_test(size=(140, 40)) as pilot:
        app = pilot.app
        await search_for(pilot, "bamako")
        await save_as(pilot, "Mali")
        await search_for(pilot, "niamey")
        await save_as(pilot, "mali")  # the same name in other letters
        assert isinstance(app.screen, ConfirmScreen) and "already saved as Mali (bamako)" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert saved() == [("Mali", "bamako")]
        await save_as(pilot, "mali")
        await pilot.press("y")
        await settle(pilot)
        assert saved() == [("mali", "niamey")]

        await feeds_view(pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await settle(pilot)
        assert saved() == [("mali", "niamey")]
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, FeedsScreen) and "niamey" not in screen_text(app))
        assert saved() == [] and "No feeds yet" in screen_text(app)


async def test_s_with_nothing_searched_saves_nothing_and_says_how() -> None:
    async with make_app().run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(pilot.app.screen, MainScreen)
        assert "type a search first" in [str(n.message) for n in pilot.app._notifications][-1]


async def test_up_in_the_search_box_brings_back_the_queries_typed_lately_even_after_a_restart() -> None:
    async def box_after(pilot, *keys: str) -> str:
        await pilot.press(*keys)
        await settle(pilot)
        return pilot.app.screen.query_one(Input).value

    async with make_app().run_test(size=(120, 36)) as pilot:
        await search_for(pilot, "wagner")
        await search_for(pilot, "bamako")
        await search_for(pilot, "wagner withdrawal")
        assert await box_after(pilot, "slash", "ctrl+u", "up") == "wagner withdrawal"
        assert await box_after(pilot, "up") == "bamako"
        assert await box_after(pilot, "up", "up") == "wagner", "the oldest: no further"
        assert await box_after(pilot, "down") == "bamako"
        assert await box_after(pilot, "down", "down") == "", "past the newest: what was typed"
        assert await box_after(pilot, *"wag", "up") == "wagner withdrawal", "those beginning with what is typed"
        assert await box_after(pilot, "up") == "wagner"
        assert await box_after(pilot, "backspace", "up") == "wagner withdrawal", "edited: a new start from it"
        await pilot.press("escape")
        await settle(pilot)

    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert await box_after(pilot, "slash", "up") == "wagner withdrawal", "kept for the next session"
        assert await box_after(pilot, "up") == "bamako"


async def test_counted_again_a_saved_search_keeps_its_last_counts_until_the_new_ones() -> None:
    """Each feed a fetch brings counts the view again; its saved searches showed "counting…" each time."""
    from sahel_tui.catalog_views import SearchRow

    NotesStore.open(locations().notes_db).save_search("Wagner", "wagner")
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await feeds_view(pilot)
        screen = pilot.app.screen
        counted = screen_text(pilot.app)
        assert "Wagner  2 unread / 2" in counted
        (row,) = screen._searches.values()
        screen.post_message(FeedsScreen.Filled(([SearchRow(row.search, None, None)], []), final=False))
        await settle(pilot)
        assert "Wagner  2 unread / 2" in screen_text(pilot.app) and "counting…" not in screen_text(pilot.app)
