"""The reader pane: the open article, rendered from Text objects only (article text is never markup)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from sahel_tui.console import article_view
from sahel_tui.model import Article


class Reader(VerticalScroll):
    """Scrollable view of one article."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    def compose(self):
        yield Static("Choose an article on the left and press enter.", id="reader-body")

    @property
    def body(self) -> Static:
        return self.query_one("#reader-body", Static)

    def show_article(self, article: Article) -> None:
        self.body.update(article_view(article))
        self.scroll_home(animate=False)
