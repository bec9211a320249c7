"""Closing a screen once, however many keys ask; the keys of a screen that is one list.

A fast burst queues keys for a screen's widgets before any is handled: `enter` on a note in the notes list closes
that screen, and an `enter` behind it, still queued for the filter box, asks it to close again. Textual would then
hand the screen's result over a second time (an error that ended the app) and pop whatever screen is on top by
then — it could be the dialog in which a note is being written.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.widgets import OptionList


class ClosesOnce:
    """Mixed into a screen, before Textual's screen class: the first ``dismiss`` closes it, later ones do nothing."""

    _dismiss_called = False

    def dismiss(self, result=None) -> AwaitComplete:
        if self._dismiss_called:
            return AwaitComplete.nothing()
        self._dismiss_called = True
        return super().dismiss(result)  # type: ignore[misc]


class ListScreenKeys:
    """Mixed into a screen that is one option list (the feeds, the entities listed): ``j`` / ``k``, ``g`` / ``G``
    move in it from anywhere on the screen, and ``q`` / ``escape`` close it with no choice."""

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)  # type: ignore[attr-defined]
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cursor_end(self, last: int) -> None:
        options = self.query_one(OptionList)  # type: ignore[attr-defined]
        options.action_last() if last else options.action_first()

    def action_back(self) -> None:
        self.dismiss(None)  # type: ignore[attr-defined]
