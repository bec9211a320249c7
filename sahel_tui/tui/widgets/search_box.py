"""The search box: every keystroke is a query (the screen runs it in a worker); enter or escape leaves it."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

PLACEHOLDER = 'Search (typos are fine) · entity:jnim · by:name · is:bookmarked · has:note · "phrase" · -word'


class SearchBox(Input):
    BINDINGS = [Binding("escape", "leave", "Leave search", show=True)]

    class Leave(Message):
        """The user is done typing: focus goes to the list."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)

    def action_leave(self) -> None:
        self.post_message(self.Leave())
