"""Searching as the user types: a mixin for the main screen.

The index is made ready in a worker (after the first screen is drawn), each keystroke's query runs in another
that posts its answer with the keystroke's serial number (an older keystroke's answer is dropped), and the open
article's highlights are redrawn once typing pauses. The box's repaint is held until the results come, so the
letters typed and the list they give appear in one frame (:mod:`repaint_hold`).
"""

from __future__ import annotations

import gc
from functools import cached_property

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from sahel_tui.catalog_views import CatalogFilters
from sahel_tui.model import Article
from sahel_tui.services import (
    LibraryView,
    Searcher,
    SearchOutcome,
    article_findings,
    synced_search_data,
)
from sahel_tui.stopping import Stopped
from sahel_tui.tui.screens.analysing import ANALYSE_INLINE_CHARS
from sahel_tui.tui.screens.repaint_hold import RepaintHold
from sahel_tui.tui.widgets.article_list import PAGE_SIZE, ArticleList
from sahel_tui.tui.widgets.reader import Reader

HIGHLIGHT_DELAY = 0.3
"""Seconds of typing pause before the open article's search highlights are redrawn."""


class IndexProgress(Message):
    def __init__(self, label: str, done: int, total: int) -> None:
        super().__init__()
        self.label, self.done, self.total = label, done, total


class SearchReady(Message):
    def __init__(self, searcher: Searcher, errors: list) -> None:
        super().__init__()
        self.searcher, self.errors = searcher, errors


class IndexBroken(Message):
    def __init__(self, searcher: Searcher, reason: str) -> None:
        super().__init__()
        self.searcher, self.reason = searcher, reason


class ReadAgain(Message):
    """A newer parser has read the library again; ``view``: the library as it reads now, when some articles read
    differently (None when none did)."""

    def __init__(self, view: LibraryView | None) -> None:
        super().__init__()
        self.view = view


class SearchDone(Message):
    def __init__(self, serial: int, text: str, outcome: SearchOutcome) -> None:
        super().__init__()
        self.serial, self.text, self.outcome = serial, text, outcome


class SearchingMixin:
    """Needs the main screen's ``library``, ``articles``, ``searcher``, ``query_text``, ``hits``, ``open``, filters
    and list state (``_serial``, ``_limit``, ``_listed_query``, ``_highlight_timer``)."""

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def prepare_search(self, fresh: bool = False) -> None:
        """Stops, keeping what it finished, when its worker is cancelled — the reader quitting (the terminal is not
        held while a big library is read again or indexed) or a newer preparation starting."""
        errors: list = []
        stop = get_current_worker().cancelled_event

        def progress(label: str):
            return lambda done, total: self.post_message(IndexProgress(label, done, total))

        handed: list = []

        def words_first(index) -> None:  # searchable while the entity figures are still being made
            handed.append(index)
            self.post_message(SearchReady(Searcher(index, None, self._marks, self._read, CatalogFilters(self.library)),
                                          []))  # fmt: skip

        meanwhile = words_first if self.searcher is None else None  # the index as it was, while new entries are read
        try:
            index, stats = synced_search_data(self.library, progress("Indexing"), progress("Finding entities"),
                                              errors, fresh=fresh, stop=stop, index_first=words_first,
                                              read_progress=progress("Reading new articles"),
                                              index_meanwhile=meanwhile)  # fmt: skip
        except Stopped:
            return
        if stop.is_set():  # a newer preparation runs: this one's index must not replace the one it will bring
            if not any(index is given for given in handed):  # else its searcher searches it until that one comes
                index.close()
            return
        self.post_message(SearchReady(Searcher(index, stats, self._marks, self._read, CatalogFilters(self.library)),
                                      errors))  # fmt: skip
        # a newer parser reads the stored originals again once search works (minutes at a million articles);
        # what it reads differently is listed and indexed again after
        generation = self.library.generation()
        if self.library.reparse_stale(progress("Reading articles again"), stop) and not stop.is_set():
            changed = self.library.generation() != generation
            self.post_message(ReadAgain(LibraryView.current(self.library) if changed else None))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, serial: int, text: str, limit: int, listed: list[str], by_list: bool) -> None:
        from sahel_tui.search.index import IndexDamaged  # loaded with the index, after the first screen

        searcher = self.searcher
        if searcher is None:
            return
        try:
            outcome = searcher.search(text, limit=limit, titles_only=True, listed=listed, by_list=by_list)
        except IndexDamaged as exc:
            self.post_message(IndexBroken(searcher, str(exc)))
            return
        self.post_message(SearchDone(serial, text, outcome))

    @cached_property
    def _repaint_hold(self) -> RepaintHold:
        return RepaintHold(self.app)

    def _hold_for_results(self, value: str) -> None:
        """Called as the box's text changes, before the box is repainted: a search will follow, so hold the
        repaint for its results (:mod:`repaint_hold`)."""
        if self.searcher is not None and value.strip():
            self._repaint_hold.hold()

    def on_index_broken(self, message: IndexBroken) -> None:
        self._repaint_hold.release()
        if message.searcher is not self.searcher:
            return  # already being rebuilt
        self.searcher = None
        self.notify(f"{message.reason}; it is being built again.", title="Search index", severity="warning",
                    markup=False)  # fmt: skip
        self._status("Rebuilding the search index… results will appear when it is done.")
        self.prepare_search(fresh=True)

    def on_read_again(self, message: ReadAgain) -> None:
        self._status("")
        if message.view is None:
            return
        self.articles = message.view  # fresher titles in the list; the index and entity figures follow
        self._relist()
        if self.open is not None and self.articles.article(self.open.article.id) not in (self.open.article, None):
            self.show_again_in_place()  # the article being read, as it reads now
        self.prepare_search()

    def on_index_progress(self, message: IndexProgress) -> None:
        self._status(f"{message.label} {message.done:,}/{message.total:,}…", message.done, message.total)

    def on_search_ready(self, message: SearchReady) -> None:
        self.searcher = message.searcher
        gc.freeze()  # what is loaded now lives as long as the app: out of the collector's full passes, which walked
        # it all in the middle of a keystroke now and then (at 10k articles, the slowest keystroke 87-160 -> 43-47 ms)
        self._status("")
        for notice in message.errors:
            if isinstance(notice, str):  # about the index itself (files were reported when the library loaded)
                self.notify(notice, title="Search index", severity="warning", timeout=15, markup=False)
        if self.query_text or self.bookmarked_only or self.unread_only:
            self._search()
        self._recount_feeds_view()  # its saved searches are counted over the index: a fetch's articles are in it now

    async def on_search_done(self, message: SearchDone) -> None:
        if message.serial != self._serial:
            return  # an older keystroke's answer
        result = message.outcome.result
        self.hits = {hit.article_id: hit for hit in result.hits}
        self.term_entities = message.outcome.term_entities
        marks = self._user_marks([h.article_id for h in result.hits])
        entries = [
            self._entry(headline, marks, h)
            for h in result.hits
            if (headline := self.articles.headline(h.article_id)) is not None
        ]
        # a new query puts the cursor on its best hit; refreshing the same list (a bookmark, a note) keeps it
        new_query = message.text != self._listed_query
        self._listed_query = message.text
        more = len(result.hits) < result.total
        self._list_current = True
        with self.app.batch_update():  # one repaint for the list, the count and the notices
            self.query_one(ArticleList).show_entries(entries, cursor_to_top=new_query, more=more)
            self._count(len(entries), result.total, message.outcome.notices)
        self._highlight_matches_soon()
        self._open_if_asked()
        self._keys_may_go_on()
        await self._repaint_hold.release_when_told()  # the letters typed and their results, in one frame

    def _highlight_matches_soon(self) -> None:
        """Re-highlight the open article once typing pauses, not on every keystroke."""
        if self._highlight_timer is not None:
            self._highlight_timer.stop()
        self._highlight_timer = self.set_timer(HIGHLIGHT_DELAY, self._highlight_matches)

    def _highlight_matches(self) -> None:
        self._highlight_timer = None
        if self.open is None:
            return
        article, words = self.open.article, self._matched_words(self.open.article)
        if len(article.anchor_text) > ANALYSE_INLINE_CHARS:
            self.analyse_article(article, words, with_entities=False)
        else:
            self.query_one(Reader).set_matches(self._match_positions(article, words), words)

    def _query_with_filters(self) -> str:
        """What the list answers: the typed query and the filters the keys turned on (``B``, ``U``)."""
        text = self.query_text + (" is:bookmarked" if self.bookmarked_only else "")
        return text + (" is:unread" if self.unread_only else "")

    def _search(self) -> None:
        text = self._query_with_filters()
        if not text.strip():
            self._repaint_hold.release()
            self._show_all()
            return
        self._list_current = False
        if self.searcher is None:
            self._repaint_hold.release()
            self._status("Indexing… results will appear when it is done.")
            # the status line goes on to count what is read and indexed; the header keeps saying why no list
            self._show_in_header("results as soon as the library is indexed")
            return
        self._serial += 1
        if text != self._listed_query:
            self._limit = PAGE_SIZE  # a new query starts with one page again
        self.run_search(self._serial, text, self._limit, self.articles.listed_ids(self.by_date), self.by_date)

    def _matched_words(self, article: Article) -> set[str]:
        hit = self.hits.get(article.id)
        return {word for group in hit.matched.values() for word in group} if hit else set()

    @staticmethod
    def _match_positions(article: Article, words: set[str]) -> list[tuple[int, int]]:
        return article_findings(article, words, with_entities=False)[1]
