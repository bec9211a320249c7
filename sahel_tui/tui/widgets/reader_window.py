"""Laying out a window of an enormous article, a mixin for the reader: only the blocks around the cursor are
widgets; scrolling near an edge of the window lays out half a window more on that side (and drops as much on
the other, past three windows' worth), keeping the text in view where it is. Notices above and below say how much
text lies outside the window and which keys go there. A one-paragraph 3 MB dump opens as fast as a dispatch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Static

from sahel_tui.reading import WINDOW_CHARS

if TYPE_CHECKING:
    from sahel_tui.tui.widgets.reader import BlockView


class WindowedLayoutMixin:
    """Needs the reader's ``blocks``, ``_window``, ``_views``, ``_growing``, ``_make_views`` and the
    ``#reader-body``, ``#reader-above``, ``#reader-below`` and ``#reader-related`` children."""

    def _lay_out(self, span: tuple[int, int]) -> None:
        """Lay out ``self.blocks[first:end]`` only: the cost of opening or moving is that of the window, whatever
        the article's size. Notices above and below say how much text lies outside it and which keys go there."""
        first, end = span
        body = self.query_one("#reader-body", Vertical)
        body.remove_children()
        self._window = span
        self._views = self._make_views(first, end)
        body.mount_all(self._views)
        self._drawn_selection = self._shown_selection()
        self._show_edges()

    def _show_edges(self) -> None:
        first, end = self._window
        above, below = self.query_one("#reader-above", Static), self.query_one("#reader-below", Static)
        above.display, below.display = first > 0, end < len(self.blocks)
        if first > 0:
            chars = self.blocks[first].start
            above.update(Text(f"↑ {chars:,} characters above — k, pgup or g go there", style="dim italic"))
        if end < len(self.blocks):
            chars = self.blocks[-1].end - self.blocks[end].start
            below.update(Text(f"↓ {chars:,} more characters — j, space or G go there", style="dim italic"))
        self.query_one("#reader-related", Static).display = end == len(self.blocks)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        first, end = self._window
        if self._growing or not self._views:
            return
        height = self.scrollable_content_region.height
        if end < len(self.blocks) and new_value >= self.max_scroll_y - height:
            self._growing = True
            self.call_after_refresh(self._grow, 1)
        elif first > 0 and new_value <= height:
            self._growing = True
            self.call_after_refresh(self._grow, -1)

    def _grow(self, direction: int) -> None:
        """Scrolled near an edge of the window: lay out half a window more on that side and as much less on the
        other (when the window has grown past three windows' worth), keeping the text in view where it is."""
        first, end = self._window
        keep = self._views[0] if direction < 0 else self._views[-1]
        was = self._top_of(keep)
        body = self.query_one("#reader-body", Vertical)
        if direction > 0:
            grown = self._stretch(end, 1)
            added = self._make_views(end, grown)
            body.mount_all(added)
            self._views += added
            end = grown
        else:
            grown = self._stretch(first - 1, -1) + 1
            added = self._make_views(grown, first)
            body.mount_all(added, before=0)
            self._views = added + self._views
            first = grown
        while sum(len(view.block.text) for view in self._views) > 3 * WINDOW_CHARS and len(self._views) > 1:
            self._views.pop(-1 if direction < 0 else 0).remove()
            first, end = (first, end - 1) if direction < 0 else (first + 1, end)
        self._window = (first, end)
        self._show_edges()
        self.call_after_refresh(self._keep_in_place, keep, was)

    def _stretch(self, start: int, step: int) -> int:
        """From piece ``start`` on in direction ``step``: the index past the last piece of half a window's text."""
        index, used = start, 0
        while 0 <= index < len(self.blocks) and used < WINDOW_CHARS // 2:
            used += len(self.blocks[index].text)
            index += step
        return index

    def _top_of(self, view: BlockView) -> int:
        return self.query_one("#reader-body", Vertical).virtual_region.y + view.virtual_region.y

    def _keep_in_place(self, view: BlockView, was: int) -> None:
        self.scroll_to(y=self.scroll_y + self._top_of(view) - was, animate=False, immediate=True)
        self._growing = False
