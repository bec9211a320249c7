"""The search box: every keystroke is a query (the screen runs it in a worker).

Enter and escape leave it for the list; the screen handles them the moment they arrive (priority bindings), so
a key typed right after them is already a list key.
"""

from __future__ import annotations

from textual.widgets import Input

PLACEHOLDER = 'Search (typos are fine) · entity:jnim · by:name · is:bookmarked · has:note · "phrase" · -word'


class SearchBox(Input):
    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)
