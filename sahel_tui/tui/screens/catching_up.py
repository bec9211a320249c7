"""``A``: every article the list answers marked read, once the user says yes to the count — a mixin for the main
screen.

newsboat's "mark all read": after a fetch, read what matters, then catch up on the rest. What is marked is what the
list answers — the whole library, a query's articles (all of them, past the list's first page), ``feed:rfi``,
``since:7d`` — counted in a worker; the keys typed behind ``A`` (a ``y``) wait for the question.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.message import Message

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.notes.store import StoreError
from sahel_tui.textclean import counted


class ListedUnread(Message):
    def __init__(self, article_ids: list[str] | None, problem: str | None = None) -> None:
        super().__init__()
        self.article_ids, self.problem = article_ids, problem


class CatchingUpMixin:
    """Needs the main screen's ``library``, ``store``, ``searcher``, ``_query_with_filters``, ``_relist`` and
    ``_keys_may_go_on``."""

    counting_unread = False
    """While ``A`` counts: the keys typed behind it wait for its question (see ``KeyFlowMixin.takes_keys``)."""

    def action_mark_listed_read(self) -> None:
        if self.store is None:
            self.notify("The notes file could not be opened: reading state is not saved this session.",
                        title="Not saved", severity="error")  # fmt: skip
            return
        query = self._query_with_filters()
        if query.strip() and self.searcher is None:
            self.notify("Still indexing: the listed articles can be counted once it is done.", timeout=4)
            return
        self.counting_unread = True
        self._count_unread_listed(query)

    @work(thread=True, group="catch-up", exit_on_error=False)
    def _count_unread_listed(self, query: str) -> None:
        from sahel_tui.catalog_views import unread_listed

        try:
            self.post_message(ListedUnread(unread_listed(self.library, self.store, self.searcher, query)))
        except (CatalogError, StoreError) as exc:
            self.post_message(ListedUnread(None, str(exc)))

    def on_listed_unread(self, message: ListedUnread) -> None:
        from sahel_tui.tui.screens.confirm import ConfirmScreen

        self.counting_unread = False
        unread = message.article_ids
        if unread is None:
            self.notify(message.problem or "", title="Not marked", severity="error", markup=False)
        elif not unread:
            self.notify("Nothing unread in the list.", timeout=3)
        else:
            question = Text.assemble("Mark the ", (f"{len(unread):,}", "bold"), " unread ",
                                     "article" if len(unread) == 1 else "articles", " listed read?")  # fmt: skip
            self.app.push_screen(ConfirmScreen(question, yes="Mark read (y)", no="Keep unread (n)"),
                                 lambda yes: self._mark_read(unread) if yes else None)  # fmt: skip
        self._keys_may_go_on()

    @work(thread=True, group="catch-up", exit_on_error=False)
    def _mark_read(self, article_ids: list[str]) -> None:
        try:
            marked = self.store.mark_all_read(article_ids)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Not saved", severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Marked {counted(marked, 'article')} read.", timeout=3)
        self.app.call_from_thread(self._relist)
