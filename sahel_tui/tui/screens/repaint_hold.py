"""Holding the screen's repaint from a keystroke in the search box until its results are listed, a frame at most.

Why: the box repainted the letter at once and the list followed a frame later, when the search thread answered —
two frames per keystroke, so results reached the screen one frame (about 17 ms) later than they could. Held until
the answer comes, or :data:`HOLD_SECONDS` at most (a slow search never holds back what is typed for longer), the
letter and its results are drawn in one frame.
"""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.timer import Timer

HOLD_SECONDS = 0.025
LOOP_TURNS = 3


class RepaintHold:
    """Uses the app's batch (what ``App.batch_update`` uses), opened and closed across messages: always closed by
    :meth:`release` or by its timer."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._timer is not None

    def hold(self) -> None:
        if self._timer is None:
            self.app._begin_batch()
            self._timer = self.app.set_timer(HOLD_SECONDS, self.release, name="repaint-hold")

    async def release_when_told(self) -> None:
        """Release once the widgets just changed have told the screen so: each does when its own queue empties,
        a turn or two of the event loop later (released at once, the screen could draw before hearing of them and
        draw them in a frame of their own)."""
        for _ in range(LOOP_TURNS):
            await asyncio.sleep(0)
        self.release()

    def release(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
            self.app._end_batch()
