"""Closing a screen once, however many keys ask.

A fast burst queues keys for a screen's widgets before any is handled: `enter` on a note in the notes list closes
that screen, and an `enter` behind it, still queued for the filter box, asks it to close again. Textual would then
hand the screen's result over a second time (an error that ended the app) and pop whatever screen is on top by
then — it could be the dialog in which a note is being written.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete


class ClosesOnce:
    """Mixed into a screen, before Textual's screen class: the first ``dismiss`` closes it, later ones do nothing."""

    _dismiss_called = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self._dismiss_called:
            return AwaitComplete.nothing()
        self._dismiss_called = True
        return super().dismiss(result)  # type: ignore[misc]
