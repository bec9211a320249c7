"""Pilot test helpers: waiting for the app's workers, opening an article, reading what the screen shows."""

from __future__ import annotations

import time

from textual.app import App


def screen_lines(app: App) -> list[str]:
    """Every line of the current screen as the terminal would show it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))


async def settle(pilot) -> None:
    """Let the workers (loading, indexing, searching) finish and their messages land."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, condition, seconds: float = 30.0) -> None:
    """Let the app run until ``condition`` holds (a deadline, not a sleep: each turn only lets pending work run)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app never got there")
        await pilot.pause()


async def open_article(pilot, article_id: str):
    """Open ``article_id`` from the list with the enter key; returns the reader."""
    from sahel_tui.tui.widgets.article_list import ArticleList
    from sahel_tui.tui.widgets.reader import Reader

    await settle(pilot)
    articles = pilot.app.main_screen.query_one(ArticleList)
    articles.focus()
    articles.move_cursor(row=articles.get_row_index(article_id))
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.main_screen.query_one(Reader)


def draft_files() -> list:
    """The draft files waiting in the drafts folder (one per reader that has a note being typed)."""
    from sahel_tui.paths import locations

    folder = locations().drafts_dir
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def refuse_writes(store) -> None:
    """Every write of the notes store fails from now on: its connection is closed (as a failed disk leaves it),
    and it is told its files are as it last saw them, so it does not take the closing for a deleted ``-shm``
    file and reconnect."""
    from sahel_tui.notes.store import _file_id

    store._db.close()
    store._shm_id = _file_id(store._shm_path)
