"""Textual's footer, rebuilt only when the keys it shows change.

Why: Textual's footer rebuilds itself — a dozen key widgets mounted and styled again — whenever its screen's
bindings may have changed: on every focus change and on every return to the screen, most of the time to show the
very same keys. Returning from the feeds view to the list spent 60 of its 150 ms there. Here the footer compares
what it would show (each active binding, whether it is enabled, its tooltip) with what it shows, and rebuilds only
when they differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


class SteadyFooter(Footer):
    _shown: tuple = ()

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((binding, enabled, tooltip) for _, binding, enabled, tooltip in screen.active_bindings.values())
        if self._bindings_ready and shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:  # Textual rebuilds only then
            self._shown = shown
        super().bindings_changed(screen)
