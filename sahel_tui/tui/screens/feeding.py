"""Fetching feeds from the reader, and read/unread: a mixin for the main screen.

``r`` fetches every enabled feed, ``R`` the feeds that sent the open article, in a worker thread; each feed's
report arrives as a message, the list takes in new articles as each feed is stored, the status line counts feeds
done, and the header says how many new articles the last fetch brought. ``u`` marks the highlighted (or open)
article read or unread; ``U`` lists unread articles only; ``f`` shows the feeds with their unread counts and
errors, and ``enter`` there lists one feed's articles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from sahel_tui.corpus.catalog import CatalogError
from sahel_tui.feeds.subscriptions import Feed, Subscriptions
from sahel_tui.notes.store import StoreError
from sahel_tui.services import LibraryView
from sahel_tui.textclean import counted
from sahel_tui.tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from sahel_tui.feeds.fetching import FeedReport


class FeedFetched(Message):
    def __init__(self, report: FeedReport, view: LibraryView | None) -> None:
        super().__init__()
        self.report, self.view = report, view


class FetchFinished(Message):
    def __init__(self, reports: list[FeedReport], view: LibraryView | None = None) -> None:
        super().__init__()
        self.reports, self.view = reports, view


class FeedingMixin:
    """Needs the main screen's ``library``, ``store``, ``open``, ``_status``, ``_search``, ``_store_write``."""

    fetching = False
    scheduled_fetch = False
    """The running fetch was started by the clock (``fetch_every_minutes``), not by a key: it says less."""
    unread_only = False
    fetch_note = ""
    _failures_told: set[str] | None = None
    _fetch_progress = (0, 0, 0)

    def action_fetch(self) -> None:
        self._start_fetch(None)

    def action_fetch_current(self) -> None:
        article_id = self.open.article.id if self.open else self.query_one(ArticleList).highlighted_id
        if article_id is None:
            return
        try:
            subscriptions = Subscriptions(self.library.catalog)
            feeds = [feed for feed in map(subscriptions.get, subscriptions.feeds_of(article_id)) if feed]
        except CatalogError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not feeds:
            self.notify("This article did not come from a feed (r fetches every feed).", timeout=4)
            return
        self._start_fetch(feeds)

    def schedule_fetches(self, minutes: float) -> None:
        """``fetch_every_minutes`` in config.toml: fetch every feed that often while the reader runs."""
        if minutes > 0:
            self.set_interval(minutes * 60, lambda: self._start_fetch(None, scheduled=True))

    def _start_fetch(self, feeds: list[Feed] | None, scheduled: bool = False) -> None:
        if self.fetching:
            if not scheduled:
                self.notify("Already fetching; the list fills in as each feed is done.", timeout=3)
            return
        try:
            subscribed = feeds or Subscriptions(self.library.catalog).all()
            chosen = [feed for feed in subscribed if feed.enabled]
            if scheduled:  # the clock asks only feeds whose own time to live has passed; a key asks them all
                chosen = [feed for feed in chosen if feed.due()]
        except CatalogError as exc:
            self.notify(str(exc), title="Feeds", severity="error", markup=False)
            return
        if not chosen:
            if scheduled:
                return
            if subscribed:
                self.notify("Every feed is disabled: x in the feeds view (f) enables one.", title="Feeds", timeout=8)
            else:
                self.notify("No feeds to fetch. Subscribe with a in the feeds view (f), or: sahel-tui feeds add URL",
                            title="Feeds", timeout=8)  # fmt: skip
            return
        self.fetching = True
        self.scheduled_fetch = scheduled
        self._fetch_progress = (0, len(chosen), 0)
        self._status(f"Fetching {counted(len(chosen), 'feed')}…", 0, len(chosen))
        self.fetch_in_background(chosen)

    @work(thread=True, exclusive=True, group="fetch", exit_on_error=False)
    def fetch_in_background(self, feeds: list[Feed]) -> None:
        """Stopped when its worker is cancelled — the reader quitting: a server that takes its time must not keep
        the terminal waiting after the screen is gone (the feeds not done yet are left as they were)."""
        from sahel_tui.feeds.fetching import fetch_feeds  # the HTTP client is loaded on the first fetch, not at start

        listed = self.articles

        def arrived(report: FeedReport) -> None:
            nonlocal listed
            if report.articles:  # only the feed's articles are read: the list grows as each feed is stored
                listed = listed.taking_in(report.articles)
            self.post_message(FeedFetched(report, listed if report.articles else None))

        stop = get_current_worker().cancelled_event
        reports = fetch_feeds(self.library, feeds, on_report=arrived, stop=stop)
        changed = any(report.articles for report in reports)  # the whole library read once, as it now is
        self.post_message(FetchFinished(reports, LibraryView.current(self.library) if changed else None))

    def _recount_feeds_view(self) -> None:
        """The feeds view, when it is open during a fetch, counts again."""
        from sahel_tui.tui.screens.feeds import FeedsScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, FeedsScreen):
                screen.recount()

    def on_feed_fetched(self, message: FeedFetched) -> None:
        if message.report.new or message.report.updated or message.report.failed:
            self._recount_feeds_view()
        done, total, new = self._fetch_progress
        done, new = done + 1, new + message.report.new
        self._fetch_progress = (done, total, new)
        self._status(f"Fetching feeds {done:,}/{total:,}… {new:,} new", done, total)
        if message.view is not None:
            self.articles = message.view
            self._relist()
            self._show_again_if_changed(message.report.articles)

    def _show_again_if_changed(self, article_ids: list[str]) -> None:
        """The article being read was changed by the fetch (its page came at last, its feed sent it changed): the
        reader shows it as it is now, at the same place (a note being written keeps the passage it quotes)."""
        if self.open is not None and self.open.article.id in article_ids:
            self.show_again_in_place()

    def on_fetch_finished(self, message: FetchFinished) -> None:
        self._recount_feeds_view()  # each feed's last fetch and status
        self.fetching = False
        self._status("")
        from sahel_tui.feeds.fetching import excerpts_line, failure_lines, fetch_summary  # loaded by the fetch

        reports = message.reports
        failed = [report for report in reports if report.failed]
        self.fetch_note, summary = fetch_summary(reports)
        changed = any(report.new or report.updated for report in reports)
        if not self.scheduled_fetch or changed:  # a fetch on the clock that found nothing says nothing
            self.notify(summary, title="Feeds", timeout=6, markup=False)
        if self._failures_told is None:
            self._failures_told = set()
        for line in failure_lines(failed):
            if self.scheduled_fetch and line in self._failures_told:
                continue  # the same failure every half hour is said once
            self._failures_told.add(line)
            self.notify(line, title="Feed failed", severity="warning", timeout=20, markup=False)
        for report in reports:
            if report.moved_to or report.rejected:
                self.notify(report.line(), title="Feed", timeout=12, markup=False)
        if excerpts := excerpts_line(reports):
            self.notify(excerpts, title="Feeds", timeout=12, markup=False)
        if message.view is not None:
            self.articles = message.view
        self._relist()
        if changed:
            self.prepare_search()  # the new articles become searchable

    def fetch_failed(self) -> None:
        """The fetch worker died (its error is shown by the screen): another fetch may start."""
        self.fetching = False
        self._status("")

    def action_toggle_read(self) -> None:
        article_id = self.query_one(ArticleList).highlighted_id if self._list_focused() else None
        article_id = article_id or (self.open.article.id if self.open else None)
        if article_id is None or self.store is None:
            return
        try:
            was_read = self.store.reading_state(article_id).read
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        if self._store_write(lambda store: store.mark_unread(article_id) if was_read else store.mark_read(article_id)):
            self.notify("Marked unread." if was_read else "Marked read.", timeout=2)
            self._refresh_row(article_id)

    def action_feeds(self) -> None:
        from sahel_tui.catalog_views import (
            SearchRow,
            catch_up_feed,
            edit_feed,
            feed_overview,
            saved_search_rows,
            unread_listed,
        )
        from sahel_tui.feeds.subscriptions import FeedError
        from sahel_tui.tui.screens.feeds import FeedsScreen

        def load():
            """Runs in the feeds screen's worker thread."""
            try:
                searches = [SearchRow(saved, None, None) for saved in self.saved_searches_listed()]
                return searches, feed_overview(self.library, self._read())
            except (CatalogError, StoreError) as exc:
                self.app.call_from_thread(self.notify, str(exc), title="Feeds", severity="error", markup=False)
                return [], []

        def count(saved: list) -> list:
            """Runs in the feeds screen's worker thread, once the feeds are listed."""
            try:
                return saved_search_rows(saved, self.searcher, self._read())
            except CatalogError as exc:
                self.app.call_from_thread(self.notify, str(exc), title="Feeds", severity="error", markup=False)
                return [SearchRow(search, None, None) for search in saved]

        def catch_up(chosen) -> int | None:
            """Runs in the feeds screen's worker thread; the list's bold rows follow."""
            if self.store is None:
                reason = "The notes file could not be opened: reading state is not saved this session."
                self.app.call_from_thread(self.notify, reason, title="Not saved", severity="error", markup=False)
                return None
            try:
                if isinstance(chosen, int):
                    marked = catch_up_feed(self.library, self.store, chosen)
                else:
                    found = unread_listed(self.library, self.store, self.searcher, chosen.query, whole_only=True)
                    marked = self.store.mark_all_read(found)
            except (CatalogError, StoreError) as exc:
                self.app.call_from_thread(self.notify, str(exc), title="Not saved", severity="error", markup=False)
                return None
            self.app.call_from_thread(self._relist)
            return marked

        def fetch(feed_id: int | None) -> None:
            if feed_id is None:
                self._start_fetch(None)
                return
            try:
                feed = Subscriptions(self.library.catalog).get(feed_id)
            except CatalogError as exc:
                self.notify(str(exc), title="Feeds", severity="error", markup=False)
                return
            if feed is not None and not feed.enabled:
                self.notify(f"{feed.name} is disabled: x in the feeds view enables it again", title="Feeds",
                            timeout=8, markup=False)  # fmt: skip
            elif feed is not None:
                self._start_fetch([feed])

        def edit(feed_id: int, what: str, typed: str | None) -> tuple[str, bool]:
            try:
                said = edit_feed(self.library, feed_id, what, typed)
            except (CatalogError, FeedError) as exc:
                return str(exc), False
            if what in ("rename", "remove"):  # the list's rows name their feed
                self.articles.forget_feed_names()
                self._relist()
            return said, True

        def subscribe(url: str, stop) -> tuple[str, int | None]:
            """Runs in the feeds screen's worker thread: the network is asked for the feed, or for a site's page."""
            from sahel_tui.feeds.adding import find_feed

            try:
                found = find_feed(url, stop=stop)
                feed = Subscriptions(self.library.catalog).add(found.url, title=found.title)
            except (CatalogError, FeedError) as exc:
                return str(exc), None
            via = f" (the feed {found.via} links to)" if found.via else ""
            return f"Subscribed to {feed.name}{via}: fetching it.", feed.id

        self.app.push_screen(FeedsScreen(load, catch_up, fetch, self.forget_search, count, edit, subscribe),
                             lambda query: self.show_query(query) if query is not None else None)  # fmt: skip

    def action_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.notify("Showing unread articles only." if self.unread_only else "Showing all articles.", timeout=2)
        self._search()

    def _list_focused(self) -> bool:
        return isinstance(self.focused, ArticleList)
