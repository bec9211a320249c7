"""A keystroke in the search box reaches the screen in one frame with its results, and the list's scrollbar does
not cost a frame of its own after them; a slow search never holds back what is typed for long."""

from __future__ import annotations

import threading
from pathlib import Path

from screen import settle, until
from test_tui_library import a_library

from sahel_tui.services import Searcher
from sahel_tui.tui.app import make_app
from sahel_tui.tui.screens import repaint_hold
from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.search_box import SearchBox


def record_frames(app) -> list[tuple[str, str]]:
    """Per frame drawn: (what the search box holds, the query whose results the list shows)."""
    frames: list[tuple[str, str]] = []
    draw = app._display

    def display(screen, update) -> None:
        frames.append((screen.query_one(SearchBox).value, screen._listed_query))
        draw(screen, update)

    app._display = display
    return frames


async def test_each_letter_is_drawn_with_its_results_and_no_frame_follows_for_the_scrollbar(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(repaint_hold, "HOLD_SECONDS", 30.0)  # this test's searches may be slow: never let go early
    a_library(tmp_path / "dispatches")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.query_one(SearchBox).cursor_blink = False  # a blinking cursor draws frames of its own
        await pilot.press("slash")
        await settle(pilot)
        frames = record_frames(app)
        typed = ""
        per_letter = []
        for letter in "pirogues 12":
            typed += letter
            drawn = len(frames)
            await pilot.press("space" if letter == " " else letter)
            await until(pilot, lambda t=typed: screen._listed_query == t and not screen._dirty_widgets)
            await settle(pilot)
            per_letter.append(len(frames) - drawn)
        assert per_letter == [1] * len(typed), "one frame per letter: the letter, its results, the scrollbar"
        shown = [(box, listed) for box, listed in frames if box]
        assert shown, "frames were drawn"
        assert all(box == listed for box, listed in shown), [f for f in shown if f[0] != f[1]]
        listed = screen.query_one(ArticleList)
        assert listed.entries[0].article_id == "dispatch-012"
        before = len(frames)
        await settle(pilot)
        assert len(frames) == before, "nothing left to draw once the results are on screen"


async def test_a_slow_search_does_not_hold_back_the_letters_typed(tmp_path: Path, monkeypatch) -> None:
    answer = threading.Event()
    search = Searcher.search

    def slow_search(self, *args, **kwargs):
        answer.wait(30)
        return search(self, *args, **kwargs)

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        frames = record_frames(app)
        monkeypatch.setattr(Searcher, "search", slow_search)
        await pilot.press("slash", "m", "a", "l", "i")
        await until(pilot, lambda: ("mali", "") in frames)  # drawn before any result came
        answer.set()
        await until(pilot, lambda: screen._listed_query == "mali")
        await until(pilot, lambda: frames[-1] == ("mali", "mali"))  # the results drawn, with the letters


async def test_a_letter_repaints_what_changed_without_re_arranging_the_screen(tmp_path: Path) -> None:
    """Neither the box's text growing nor the list's row count changing moves anything on screen: a keystroke
    repaints the changed lines (the box, the list, the header's count) and never has the screen arrange every
    widget again (which also repaints all of them)."""
    a_library(tmp_path / "dispatches")
    app = make_app()
    async with app.run_test(size=(120, 18)) as pilot:  # few rows fit: 8 results still overflow
        await settle(pilot)
        screen = app.main_screen
        screen.query_one(SearchBox).cursor_blink = False
        await pilot.press("slash", "d", "i")  # the list now holds dispatches: more rows than fit, as below
        await until(pilot, lambda: screen._listed_query == "di" and not screen._dirty_widgets)
        await settle(pilot)
        listed = screen.query_one(ArticleList)
        arranged: list[str] = []
        compositor = screen._compositor
        reflow = compositor.reflow

        def counted_reflow(*args, **kwargs):
            arranged.append(screen.query_one(SearchBox).value)
            return reflow(*args, **kwargs)

        compositor.reflow = counted_reflow
        counts = []
        typed = "di"
        for letter in "spatch 1":
            typed += letter
            await pilot.press("space" if letter == " " else letter)
            await until(pilot, lambda t=typed: screen._listed_query == t and not screen._dirty_widgets)
            await settle(pilot)
            counts.append(listed.row_count)
        assert counts[0] > counts[-1] > 0, "the row count changed as the query narrowed"
        assert listed.show_vertical_scrollbar, "the rows still overflow: the scrollbar stays"
        assert listed.entries[0].article_id.startswith("dispatch-")
        assert arranged == [], f"the screen was arranged again after typing {arranged}"


async def test_what_is_loaded_for_searching_is_kept_out_of_the_collectors_full_passes(tmp_path: Path) -> None:
    """A full pass of the garbage collector walks every object the app holds; run in the middle of a keystroke
    it was that keystroke's worst delay. Once search is ready, what was loaded for it is frozen out of those
    passes."""
    import gc

    a_library(tmp_path / "dispatches")
    gc.unfreeze()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.main_screen is not None and app.main_screen.searcher is not None)
        assert gc.get_freeze_count() > len(app.main_screen.articles.headlines), "the headlines among them"


async def test_a_keystroke_asks_for_the_marks_of_the_listed_rows_not_the_whole_reading_history(
    tmp_path: Path, monkeypatch
) -> None:
    """Every article opened is kept as read; a reader of feeds has thousands. The rows listed after each letter
    show their own read, bookmark and note marks, without the history being read for every keystroke."""
    from sahel_tui.notes.store import NotesStore
    from sahel_tui.paths import locations

    a_library(tmp_path / "dispatches")
    store = NotesStore.open(locations().notes_db)
    for number in range(0, 240, 2):
        store.mark_read(f"dispatch-{number:03d}")
    store.set_bookmark("dispatch-101")
    store.close()
    whole_history: list[int] = []
    read_articles = NotesStore.read_articles

    def counted(self):
        whole_history.append(1)
        return read_articles(self)

    monkeypatch.setattr(NotesStore, "read_articles", counted)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.main_screen is not None and app.main_screen.searcher is not None)
        screen = app.main_screen
        await pilot.press("slash", *"dispatch 1")
        await until(pilot, lambda: screen._listed_query == "dispatch 1" and not screen._dirty_widgets)
        listed = {entry.article_id: entry for entry in screen.query_one(ArticleList).entries}
        assert {"dispatch-101", "dispatch-102"} <= set(listed), sorted(listed)
        for article_id, entry in listed.items():
            assert entry.read == (int(article_id.rsplit("-", 1)[1]) % 2 == 0), article_id
        assert listed["dispatch-101"].bookmarked and not listed["dispatch-102"].bookmarked
        assert whole_history == [], "the whole reading history was read to list a page"
