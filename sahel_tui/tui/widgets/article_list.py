"""The article list: a DataTable (fast with thousands of rows), one row per article, titles as plain Text."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from sahel_tui.console import safe_text
from sahel_tui.model import Article


class ArticleList(DataTable):
    """Lists articles; ``enter`` (or a click) asks the app to open the highlighted one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    class OpenArticle(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def on_mount(self) -> None:
        self.add_column("Title", key="title")
        self.add_column("Byline", key="byline")

    def show_articles(self, articles: Iterable[Article]) -> None:
        self.clear()
        for article in articles:
            self.add_row(
                safe_text(article.title, "bold"),
                safe_text(article.byline or article.source, "dim"),
                key=article.id,
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.OpenArticle(event.row_key.value))
