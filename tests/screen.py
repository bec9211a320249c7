"""Pilot test helpers: waiting for the app's workers, opening an article, reading what the screen shows."""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual import events
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
    from sahel_tui.notes.storefile import file_id as _file_id

    store._db.close()
    store._shm_id = _file_id(store._shm_path)


def burst(app, keys: list[str]) -> None:
    """Queue keys the way a terminal delivers a fast typist's (or a paste's) burst: all before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def typed_both_ways(
    keys: list[str],
    prepare: Callable[[Any], Awaitable[None]],
    observe: Callable[[Any], Any],
    *,
    size: tuple[int, int] = (120, 36),
    homes: Path | None = None,
) -> tuple[Any, Any]:
    """(slow, fast): what ``observe(app)`` sees after ``keys`` were typed slowly — each handled and the app settled
    before the next — and, in a new app, as one burst. ``prepare(pilot)`` brings each app to where the keys are
    typed; with ``homes``, each run has its own home under it (what the first run stored cannot change the second)."""
    from sahel_tui.paths import HOME_ENV
    from sahel_tui.tui.app import make_app

    seen = []
    for fast in (False, True):
        if homes is not None:
            os.environ[HOME_ENV] = str(homes / ("fast" if fast else "slow"))
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await prepare(pilot)
            await settle(pilot)
            if fast:
                burst(app, keys)
            else:
                for key in keys:
                    await pilot.press(key)
                    await settle(pilot)
            await settle(pilot)
            seen.append(observe(app))
    return seen[0], seen[1]
