"""The article list: a DataTable (fast with thousands of rows) showing at most a page of results."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from sahel_tui.console import safe_text

PAGE_SIZE = 60
"""Rows listed at first; the next page is asked for when the cursor comes near the end. Each keystroke rebuilds
the list, so listing hundreds of rows nobody scrolls to would slow every keystroke."""
NEAR_END = 5


@dataclass(frozen=True)
class ListEntry:
    """One row: what the list needs to know about an article (built by the screen, not by the widget)."""

    article_id: str
    title: str
    detail: str
    bookmarked: bool = False
    read: bool = False
    notes: int = 0
    title_spans: tuple[tuple[int, int], ...] = ()


class ArticleList(DataTable):
    """Articles; ``enter`` (or a click) opens the highlighted one."""

    COMPONENT_CLASSES = {"article-list--match"}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "Top", show=False, id="list.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="list.bottom"),
        Binding("escape", "clear_search", "Clear search", show=False, id="list.clear-search"),
    ]

    class ClearSearch(Message):
        """Escape in the list: show every article again."""

    def action_clear_search(self) -> None:
        self.post_message(self.ClearSearch())

    class OpenArticle(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class NearEnd(Message):
        """The cursor is a few rows from the end of a list that has more to show."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.entries: list[ListEntry] = []
        self.more = False
        """Whether more rows than are listed exist (``NearEnd`` is posted once per listing)."""

    def on_mount(self) -> None:
        self.add_column(" ", key="mark", width=1)
        self.add_column("Article", key="article", width=self._article_width())
        self.add_column("✎", key="notes", width=2)

    def _article_width(self) -> int:
        return max(12, self.size.width - 11)

    def on_resize(self) -> None:
        column = self.columns.get("article")
        if column is not None and column.width != self._article_width():
            column.width = self._article_width()
            self.show_entries(self.entries)

    def show_entries(self, entries: list[ListEntry], cursor_to_top: bool = False, more: bool = False) -> None:
        """List ``entries``; the highlighted article stays highlighted unless ``cursor_to_top``; ``more``: further
        rows exist beyond these."""
        keep = None if cursor_to_top else self.highlighted_id
        self.entries = entries
        self.more = more
        match_style = self.get_component_rich_style("article-list--match", partial=True)
        self.clear()
        for entry in self.entries:
            cell = safe_text(entry.title, "" if entry.read else "bold")
            for start, end in entry.title_spans:
                cell.stylize(match_style, start, end)
            cell.truncate(self._article_width(), overflow="ellipsis")
            detail = safe_text(entry.detail, "dim")
            detail.truncate(self._article_width(), overflow="ellipsis")
            cell.append("\n")
            cell.append_text(detail)
            mark = Text("★" if entry.bookmarked else ("" if entry.read else "•"), style="bold")
            notes = Text(str(entry.notes) if entry.notes else "", style="bold")
            self.add_row(mark, cell, notes, key=entry.article_id, height=2)
        if keep is not None and keep in {e.article_id for e in self.entries}:
            self.move_cursor(row=self.get_row_index(keep))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.more and event.cursor_row >= self.row_count - NEAR_END:
            self.more = False
            self.post_message(self.NearEnd())

    @property
    def highlighted_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value
        except Exception:
            return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.OpenArticle(event.row_key.value))
