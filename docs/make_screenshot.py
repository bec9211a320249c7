"""Regenerate docs/screenshot.svg (Textual's own SVG screenshot of a search, an open article and its entities).

SAHEL_TUI_HOME=$(mktemp -d) python docs/make_screenshot.py
"""

from __future__ import annotations

from pathlib import Path

from textual._doc import take_svg_screenshot

from sahel_tui.config import Config, save_config
from sahel_tui.paths import locations
from sahel_tui.tui.app import make_app


async def run_before(pilot) -> None:
    async def settle() -> None:
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()

    await settle()
    await pilot.press("slash", *"wagnr bamkao", "enter", "enter")
    await settle()
    await pilot.press("j", "j", "J")
    await settle()


save_config(locations().config_file, Config(cursor_blink=False))
svg = take_svg_screenshot(app=make_app(), terminal_size=(150, 42), run_before=run_before)
Path(__file__).with_name("screenshot.svg").write_text(svg, encoding="utf-8")
