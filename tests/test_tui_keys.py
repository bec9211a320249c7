"""Keys typed fast land where the user meant them: a burst after ``/`` is a query, never list commands.

A terminal delivers a fast typist's keys (or a paste) all at once, before the app has handled the first one. These
tests queue every key before any is handled, at launch (the library still loading) and later, and assert on what
the search box holds and on what the notes store holds (no bookmark, no screen opened by a letter of the query).
"""

from __future__ import annotations

import pytest
from screen import settle
from test_tui import burst, listed_ids, store

from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens.main import MainScreen
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
