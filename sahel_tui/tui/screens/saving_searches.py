"""``S``: the search the list answers kept under a name; and the queries typed lately, for the search box's ``↑`` —
a mixin for the main screen.

newsboat's query feeds: a query the reader comes back to (``entity:jnim since:7d``, ``tag:securite is:unread``) is
saved once, then listed in the feeds view with how many of its articles are unread, and chosen there with
``enter``. A name already taken is replaced only after a yes.
"""

from __future__ import annotations

import contextlib

from rich.text import Text
from textual import work

from sahel_tui.console import safe_text
from sahel_tui.notes.store import StoreError


class SavingSearchesMixin:
    """Needs the main screen's ``store`` and ``_query_with_filters``."""

    def action_save_search(self) -> None:
        from sahel_tui.tui.screens.ask_line import AskLineScreen

        query = self._query_with_filters().strip()
        if not query:
            self.notify("Nothing to save: type a search first (/), then S keeps it under a name.", timeout=4)
            return
        if self.store is None:
            self.notify("The notes file could not be opened: searches cannot be saved this session.",
                        title="Not saved", severity="error")  # fmt: skip
            return
        title = Text.assemble("Save the search ", safe_text(query, "bold"))
        self.app.push_screen(AskLineScreen(title, "Its name", query),
                             lambda name: self._save_search(name, query) if name else None)  # fmt: skip

    def _save_search(self, name: str, query: str, replace: bool = False) -> None:
        from sahel_tui.tui.screens.confirm import ConfirmScreen

        try:
            saved = self.store.save_search(name, query, replace=replace)
            held = None if saved else self.store.saved_search(name)
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        if saved:
            self.notify(f"Saved as {safe_text(name).plain}: f lists it with its unread articles.", timeout=4,
                        markup=False)  # fmt: skip
            return
        held_name, held_query = (held.name, held.query) if held else (name, "")
        question = Text.assemble("A search is already saved as ", safe_text(held_name, "bold"), " (",
                                 safe_text(held_query), ").\nReplace it with ", safe_text(query, "bold"),
                                 "?")  # fmt: skip
        self.app.push_screen(ConfirmScreen(question, yes="Replace (y)", no="Keep it (n)"),
                             lambda yes: self._save_search(name, query, replace=True) if yes else None)  # fmt: skip

    def show_query(self, query: str) -> None:
        """List what ``query`` finds (a saved search chosen in the feeds view or the palette), the list focused."""
        from sahel_tui.tui.widgets.article_list import ArticleList
        from sahel_tui.tui.widgets.search_box import SearchBox

        self.query_one(SearchBox).value = query  # the list follows (Input.Changed)
        self.set_focus(self.query_one(ArticleList))

    def load_query_history(self) -> None:
        """The search box's ``↑`` offers the queries typed in earlier sessions too."""
        from sahel_tui.tui.widgets.search_box import SearchBox

        with contextlib.suppress(StoreError):  # the list's marks say the notes cannot be read; no history then
            self.query_one(SearchBox).history = self.store.recent_queries() if self.store is not None else []

    def remember_typed_query(self) -> None:
        """The query left in the search box (enter or escape) is the newest of its history, and kept for the next
        sessions (written in a worker: enter must not wait for the disk)."""
        from sahel_tui.tui.widgets.search_box import SearchBox

        box = self.query_one(SearchBox)
        query = box.value.strip()
        if not query or (box.history and box.history[0] == query):
            return
        box.history = [query, *(kept for kept in box.history if kept != query)]
        if self.store is not None:
            self._keep_query(query)

    @work(thread=True, group="history", exit_on_error=False)
    def _keep_query(self, query: str) -> None:
        with contextlib.suppress(StoreError):  # a convenience: a notes file refusing writes is said with the notes
            self.store.remember_query(query)

    def saved_searches_listed(self, in_worker: bool = True) -> list:
        """The saved searches; none when the notes cannot be read — said from the feeds view's worker (the feeds
        are listed all the same), not from the palette's every keystroke (the list's marks say it already)."""
        if self.store is None:
            return []
        try:
            return self.store.saved_searches()
        except StoreError as exc:
            if in_worker:
                self.app.call_from_thread(self.notify, f"{exc} — the saved searches are not listed", title="Notes",
                                          severity="error", markup=False)  # fmt: skip
            return []

    def forget_search(self, name: str) -> bool:
        """Delete a saved search (the feeds view's ``d``, after its yes); False when the notes could not be written,
        which is said."""
        if self.store is None:
            return False
        try:
            return self.store.remove_search(name)
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
