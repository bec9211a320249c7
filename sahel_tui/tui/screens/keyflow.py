"""Where fast keys go: into the search box, out of it, and which article enter opens — a mixin for the main screen.

A terminal hands over a fast typist's keys (or a paste) all at once, before the app has handled the first. `/`,
enter and escape are priority bindings that move the focus the moment they arrive, so the keys after them reach
the new focus. A second enter in the same burst reaches the list before the search box has taken the letters typed
before it, and before their results are listed: so the list's ``OpenArticle`` names no article (the highlighted
one is read when the screen acts), and the screen opens only once the box has caught up (``SearchBox.CaughtUp``)
and the list answers the latest query. An enter typed while the app starts arrives as ctrl+j (the terminal is not
raw yet) and counts as enter.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.widgets import Input, TextArea

from sahel_tui.tui.widgets.article_list import ArticleList
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import Reader
from sahel_tui.tui.widgets.search_box import SearchBox


class KeyFlowMixin:
    """Needs the main screen's ``open_article``, ``_last_position``, ``remember_typed_query`` and ``_list_current``
    (set false while a query's results are on their way, true when the list shows them)."""

    def init_key_flow(self) -> None:
        self._list_current = True
        """Whether the list shows the answer to what is typed (false while a query's results are on their way)."""
        self._open_when_listed = False
        """Enter reached the list before the query's results: open the top hit when they arrive."""
        self._box_catching_up = False
        """The search box was left while letters typed before leaving may still be on their way into it."""

    @property
    def takes_keys(self) -> bool:
        """Keys for the list wait until it shows the answer to what was typed (see ``tui/keys_in_turn.py``): `/gao`,
        enter and `u` typed together marked the row highlighted before the query, not the query's top hit; and
        keys behind a page key wait for the page (an article just opened is paged once laid out), and those behind
        ``A`` for its question (the count comes from a worker). The search box never waits."""
        if self.query_one(Reader).page_waiting or self.counting_unread:
            return False
        if not isinstance(self.focused, ArticleList):
            return True
        return self._list_current and not self._box_catching_up

    def _keys_may_go_on(self) -> None:
        if self.takes_keys:
            self.app.keys_go_on(self)

    def action_focus_search(self) -> None:
        if isinstance(self.focused, Input | TextArea):
            raise SkipAction()  # a "/" typed into a text field is text
        self._open_when_listed = False
        self._focus(SearchBox)

    def action_leave_search(self) -> None:
        """Enter or escape in the search box: to the list, at once (a key typed next is a list key)."""
        box = self.focused
        if not isinstance(box, SearchBox):
            raise SkipAction()
        self._focus(ArticleList)
        self._box_catching_up = True
        box.catch_up()

    def action_back_to_list(self) -> None:
        """Escape in the reader with nothing left to clear: back to the list, at once, as from the search box."""
        self._focus(ArticleList)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "leave_search":
            return isinstance(self.focused, SearchBox)
        if action == "back_to_list":
            return isinstance(self.focused, Reader) and self.focused.nothing_to_clear
        if action == "leave_sidebar":
            return isinstance(self.focused, EntitySidebar)
        return True

    def on_search_box_caught_up(self) -> None:
        self._box_catching_up = False
        self.remember_typed_query()  # the query as it was left, every key typed before enter or escape in it
        self._open_if_asked()
        self._keys_may_go_on()

    def on_article_list_open_article(self) -> None:
        if self._box_catching_up or not self._list_current:  # before the results of what was typed: their top hit
            self._open_when_listed = True
            return
        self._open_highlighted()

    def _open_if_asked(self) -> None:
        """An enter that came before the list answered what was typed opens the top hit once it does."""
        if self._open_when_listed and self._list_current and not self._box_catching_up:
            self._open_when_listed = False
            self._open_highlighted()

    def _open_highlighted(self) -> None:
        article_id = self.query_one(ArticleList).highlighted_id
        if article_id is not None:
            self.open_article(article_id, self._last_position(article_id))
            self._focus(Reader)

    def _focus(self, widget_type: type) -> None:
        """Focus now, not after the queued messages: keys that arrive next must reach the new focus."""
        self.set_focus(self.query_one(widget_type))
