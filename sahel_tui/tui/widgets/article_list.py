"""The article list: two lines per article, drawn line by line (Textual's line API) from cached strips.

A keystroke in the search box replaces the whole list. A general table widget re-renders every visible cell
after any change; this list renders only the lines on screen, each once per (entry, width, cursor, focus) —
moving the cursor redraws two rows, a new result list draws the ~40 visible lines and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sahel_tui.console import safe_text

PAGE_SIZE = 60
"""Rows listed at first; the next page is asked for when the cursor comes near the end. Each keystroke rebuilds
the list, so listing hundreds of rows nobody scrolls to would slow every keystroke."""
NEAR_END = 5
ROW_HEIGHT = 2
MARK_WIDTH, NOTES_WIDTH = 1, 2
GUTTERS = 5
"""Blank columns in a row: one before the mark, one after it, one before the notes count, two at the right edge."""


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


class ArticleList(ScrollView, can_focus=True):
    """Articles; ``enter`` (or a click on the highlighted row) opens the highlighted one."""

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        &:focus { background-tint: $foreground 5%; }
        & > .article-list--even { background: $surface-lighten-1 50%; }
        &:dark > .article-list--even { background: $surface-darken-1 40%; }
        & > .article-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .article-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    COMPONENT_CLASSES = {"article-list--match", "article-list--cursor", "article-list--even"}
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """How many rows there are changes on most keystrokes; the list's own size never does. Textual's reactive
    would re-arrange the whole screen for it; the scrollbars are updated here instead (:meth:`show_entries`), and
    one appearing or going still asks for the layout it needs."""
    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page-up"),
        Binding("home,g", "scroll_top", "Top", show=False, id="list.top"),
        Binding("end,G", "scroll_bottom", "Bottom", show=False, id="list.bottom"),
        Binding("enter,ctrl+j", "select", "Open", show=False, id="list.open"),  # ctrl+j: see the search box
        Binding("escape", "clear_search", "Clear search", show=False, id="list.clear-search"),
    ]

    class ClearSearch(Message):
        """Escape in the list: show every article again."""

    class OpenArticle(Message):
        """Enter (or a click on the highlighted row): open the highlighted article. Which one is read when the
        screen handles this, not when the key came: a query's results may have replaced the rows in between."""

    class NearEnd(Message):
        """The cursor is a few rows from the end of a list that has more to show."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[ListEntry] = []
        self.more = False
        """Whether more rows than are listed exist (``NearEnd`` is posted once per listing)."""
        self.cursor_row = 0
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)
        self._styles: dict[tuple, tuple[Style, Style]] = {}
        """(row style, match style) per (odd row, cursor, focus): asked of the CSS once, not for every line drawn."""
        self._scrollbars_for: tuple | None = None

    # -- what the screen asks ------------------------------------------------------------------------------------

    def show_entries(self, entries: list[ListEntry], cursor_to_top: bool = False, more: bool = False) -> None:
        """List ``entries``; the highlighted article stays highlighted unless ``cursor_to_top``; ``more``: further
        rows exist beyond these."""
        keep = None if cursor_to_top else self.highlighted_id
        self.entries = entries
        self.more = more
        rows = {entry.article_id: row for row, entry in enumerate(entries)}
        self.cursor_row = rows.get(keep, 0) if keep is not None else 0
        self.virtual_size = Size(self.scrollable_content_region.width, len(entries) * ROW_HEIGHT)
        self._update_scrollbars()  # now, so they are repainted in the same frame as the rows
        if cursor_to_top:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._cursor_into_view()
        self.refresh_lines(int(self.scroll_y), self.scrollable_content_region.height)  # not the scrollbar
        self._check_near_end()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Textual re-applies a scroll view's scrollbars after every layout pass of the screen (the size it
        arranges never equals the view's own virtual size), and their repaint lands a frame later: one extra
        frame after each keystroke, since the search box asks for a layout. Done here only when something they
        show changed; :meth:`show_entries` does it for new rows."""
        if (size, container_size, self.virtual_size) == self._scrollbars_for:
            return False
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._scrollbars_for = (size, container_size, self.virtual_size)
        return resized

    def _update_scrollbars(self) -> None:
        if self._scrollbars_for is not None and self._scrollbars_for[2] != self.virtual_size:
            self._scroll_update(self.virtual_size)
            self._scrollbars_for = (*self._scrollbars_for[:2], self.virtual_size)

    @property
    def row_count(self) -> int:
        return len(self.entries)

    @property
    def highlighted_id(self) -> str | None:
        return self.entries[self.cursor_row].article_id if self.entries else None

    def get_row_index(self, article_id: str) -> int:
        """The row listing ``article_id`` (``KeyError`` when it is not listed)."""
        for row, entry in enumerate(self.entries):
            if entry.article_id == article_id:
                return row
        raise KeyError(article_id)

    def move_cursor(self, row: int) -> None:
        if not self.entries:
            return
        row = max(0, min(row, len(self.entries) - 1))
        if row != self.cursor_row:
            self.refresh_lines(self.cursor_row * ROW_HEIGHT, ROW_HEIGHT)
            self.cursor_row = row
            self.refresh_lines(row * ROW_HEIGHT, ROW_HEIGHT)
        self._cursor_into_view()
        self._check_near_end()

    # -- keys and mouse -------------------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_page(self, pages: int) -> None:
        rows = max(1, self.scrollable_content_region.height // ROW_HEIGHT)
        self.move_cursor(self.cursor_row + pages * rows)

    def action_scroll_top(self) -> None:
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(len(self.entries) - 1)

    def action_select(self) -> None:
        self.post_message(self.OpenArticle())  # even with no rows yet: the screen may be waiting for them

    def action_clear_search(self) -> None:
        self.post_message(self.ClearSearch())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= row < len(self.entries):
            event.stop()
            if row == self.cursor_row:
                self.action_select()
            else:
                self.move_cursor(row)

    def on_focus(self) -> None:
        self._restyle()

    def on_blur(self) -> None:
        self._restyle()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    # -- drawing ------------------------------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.entries) * ROW_HEIGHT)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        row, part = divmod(line, ROW_HEIGHT)
        if row >= len(self.entries) or width <= 0:
            return Strip.blank(width, self.rich_style)
        entry = self.entries[row]
        cursor = row == self.cursor_row
        key = (entry, part, width, cursor, row % 2, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row_line(entry, part, width, *self._row_styles(row % 2, cursor))
            self._strips[key] = strip
        return strip

    def _row_styles(self, odd: int, cursor: bool) -> tuple[Style, Style]:
        key = (odd, cursor, self.has_focus)
        styles = self._styles.get(key)
        if styles is None:
            style = self.rich_style
            if odd:
                style += self.get_component_rich_style("article-list--even", partial=True)
            if cursor:
                style += self.get_component_rich_style("article-list--cursor", partial=True)
            styles = self._styles[key] = (style, self.get_component_rich_style("article-list--match", partial=True))
        return styles

    def _render_row_line(self, entry: ListEntry, part: int, width: int, style: Style, match_style: Style) -> Strip:
        article_width = max(1, width - MARK_WIDTH - NOTES_WIDTH - GUTTERS)
        line = Text(" ", style=style, no_wrap=True, end="")
        if part == 0:
            line.append("★" if entry.bookmarked else (" " if entry.read else "•"), style="bold")
            line.append(" ")
            title = safe_text(entry.title, "" if entry.read else "bold")
            for start, end in entry.title_spans:
                title.stylize(match_style, start, end)
            title.truncate(article_width, overflow="ellipsis", pad=True)
            line.append_text(title)
            line.append(" ")
            line.append(f"{entry.notes:>{NOTES_WIDTH}}" if entry.notes else " " * NOTES_WIDTH, style="bold")
        else:
            line.append(" " * (MARK_WIDTH + 1))
            detail = safe_text(entry.detail, "dim")
            detail.truncate(article_width, overflow="ellipsis", pad=True)
            line.append_text(detail)
            line.append(" " * (NOTES_WIDTH + 1))
        line.truncate(width, pad=True)
        return Strip(line.render(self.app.console), width).simplify()

    def _restyle(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self.refresh()

    def _cursor_into_view(self) -> None:
        if not self.entries:
            return
        top, height = self.cursor_row * ROW_HEIGHT, self.scrollable_content_region.height
        if height <= 0:
            return
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + ROW_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False, immediate=True)

    def _check_near_end(self) -> None:
        if self.more and self.cursor_row >= len(self.entries) - NEAR_END:
            self.more = False
            self.post_message(self.NearEnd())
