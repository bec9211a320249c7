"""The search box: every keystroke is a query (the screen runs it in a worker).

Enter and escape leave it for the list; the screen handles them the moment they arrive (priority bindings), so
a key typed right after them is already a list key. The letters typed before them may still be waiting in the
box's queue then: :meth:`SearchBox.catch_up` says when they are all in (see the screen's use of it).
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = 'Search (typos are fine) · entity:jnim · by:name · is:bookmarked · has:note · "phrase" · -word'


class SearchBox(Input):
    class CaughtUp(Message):
        """Every key sent to the box before :meth:`catch_up` was called is typed in, and the screen has had the
        ``Changed`` message of each."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)

    def catch_up(self) -> None:
        # Two hops through the box's own queue: the first runs after the keys queued before it, whose Changed
        # messages are queued behind it; the second runs after those, so CaughtUp bubbles up after the last one.
        self.call_later(self.call_later, self.post_message, self.CaughtUp())
