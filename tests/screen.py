"""Reading what a running Textual app shows, as plain text lines (for Pilot tests)."""

from __future__ import annotations

from textual.app import App


def screen_lines(app: App) -> list[str]:
    """Every line of the current screen as the terminal would show it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App) -> str:
    return "\n".join(screen_lines(app))
