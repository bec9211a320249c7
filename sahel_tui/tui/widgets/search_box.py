"""The search box: every keystroke is a query (the screen runs it in a worker).

``↑`` / ``↓`` bring back the queries typed lately, older and newer, as a shell does — those that begin with what is
typed, when something is (``wag`` ``↑``: the last query about Wagner); ``↓`` past the newest gives back what was
typed. Enter and escape leave it for the list; the screen handles them the moment they arrive (priority bindings), so
a key typed right after them is already a list key. The letters typed before them may still be waiting in the
box's queue then: :meth:`SearchBox.catch_up` says when they are all in (see the screen's use of it).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

PLACEHOLDER = 'Search (typos are fine) · entity:jnim · by:name · is:bookmarked · has:note · "phrase" · -word'


class SearchBox(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Textual's input sets its virtual size to its text's width on every change, and the widget's reactive asks
    the screen for a layout each time it changes — a re-arrangement and a repaint of the whole screen per
    keystroke, though the box's own size never changes with its text (its width comes from the layout, not the
    text). Here a change of the text's width repaints the box alone; scrolling a long query still follows the
    cursor (the scroll limits are read from this size when they are needed)."""

    class CaughtUp(Message):
        """Every key sent to the box before :meth:`catch_up` was called is typed in, and the screen has had the
        ``Changed`` message of each."""

    BINDINGS = [
        Binding("up", "recall(1)", "Older search", show=False, id="search.older"),
        Binding("down", "recall(-1)", "Newer search", show=False, id="search.newer"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)
        self.history: list[str] = []
        """The queries typed lately, newest first (the screen keeps it)."""
        self._recalled: int | None = None
        self._typed = ""

    def action_recall(self, step: int) -> None:
        """One query older (``step`` 1) or newer (-1) among those that begin with what was typed."""
        if self._recalled is not None and self.value != self._shown(self._recalled):
            self._recalled = None  # edited since it was brought back: a new start from what is there now
        if self._recalled is None:
            self._typed = self.value
        position = (-1 if self._recalled is None else self._recalled) + step
        if position < 0:
            self._recalled = None
            self._show(self._typed)
        elif position < len(self._matching()):
            self._recalled = position
            self._show(self._matching()[position])

    def _matching(self) -> list[str]:
        return [query for query in self.history if query.startswith(self._typed) and query != self._typed]

    def _shown(self, position: int) -> str | None:
        matching = self._matching()
        return matching[position] if position < len(matching) else None

    def _show(self, query: str) -> None:
        self.value = query
        self.cursor_position = len(query)

    def catch_up(self) -> None:
        # Two hops through the box's own queue: the first runs after the keys queued before it, whose Changed
        # messages are queued behind it; the second runs after those, so CaughtUp bubbles up after the last one.
        self.call_later(self.call_later, self.post_message, self.CaughtUp())
