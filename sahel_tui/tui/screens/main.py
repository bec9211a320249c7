"""The main screen: search box and article list, reader, entity sidebar — and the flows between them.

Long work (loading articles, indexing, searching, extracting entities) runs in thread workers that only post
messages; the handlers here own the state. Everything the user saves goes through the notes store first and is
shown only once it has been committed.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from sahel_tui.corpus.library import Library
from sahel_tui.entities.summary import EntitySummary, summarize
from sahel_tui.model import Article, Hit
from sahel_tui.notes.passages import place
from sahel_tui.notes.store import NotesStore, StoreError
from sahel_tui.reading import blocks, mention_positions
from sahel_tui.services import (
    LibraryView,
    Searcher,
    entity_the_query_found,
)
from sahel_tui.textclean import counted
from sahel_tui.tui.screens.analysing import ANALYSE_INLINE_CHARS, AnalysingMixin
from sahel_tui.tui.screens.annotating import AnnotatingMixin
from sahel_tui.tui.screens.catching_up import CatchingUpMixin
from sahel_tui.tui.screens.feeding import FeedingMixin
from sahel_tui.tui.screens.keyflow import KeyFlowMixin
from sahel_tui.tui.screens.library_watch import LibraryLoaded, LibraryWatchMixin
from sahel_tui.tui.screens.listing import ListingMixin
from sahel_tui.tui.screens.saving_searches import SavingSearchesMixin
from sahel_tui.tui.screens.searching import SearchingMixin
from sahel_tui.tui.widgets.article_list import PAGE_SIZE, ArticleList
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import PlacedNote, Reader
from sahel_tui.tui.widgets.search_box import SearchBox
from sahel_tui.tui.widgets.steady_footer import SteadyFooter

NARROW_WIDTH = 100
"""Below this many columns the entity sidebar hides (``e`` shows it)."""
MENTIONS_KEPT = 64
"""How many recently opened articles keep their entity mentions (going back to one is then instant)."""


@dataclass
class OpenState:
    """The article in the reader, and what was found in it."""

    article: Article
    summaries: list[EntitySummary] | None
    """None while a worker is still looking through an enormous article."""


class MainScreen(KeyFlowMixin, AnnotatingMixin, AnalysingMixin, FeedingMixin, CatchingUpMixin, LibraryWatchMixin,
                 ListingMixin, SearchingMixin, SavingSearchesMixin, Screen):  # fmt: skip
    AUTO_FOCUS = "#articles"
    BINDINGS = [
        # priority: handled the moment the key arrives, so the keys typed right after it already go to the box
        Binding("slash", "focus_search", "Search", priority=True, id="search"),
        Binding("escape", "leave_search", "Leave search", priority=True, id="search.leave"),
        Binding("escape", "back_to_list", "To the list", show=False, priority=True, id="reader.back"),
        Binding("escape", "leave_sidebar", "Back", show=False, priority=True, id="entities.back"),
        # ctrl+j too: an enter typed while the app starts reaches it as a newline (the terminal was not raw yet)
        Binding("enter,ctrl+j", "leave_search", "To the list", show=False, priority=True, id="search.submit"),
        Binding("tab", "cycle(1)", "Next pane", show=False, priority=True, id="next-pane"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, priority=True, id="previous-pane"),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("B", "bookmarked_only", "Bookmarked", id="bookmarked-only"),
        Binding("e", "entities", "Entities", id="entities"),
        Binding("E", "entity_overview", "Entities listed", show=False, id="entity-overview"),
        Binding("m", "notes", "Notes", id="notes"),
        Binding("r", "fetch", "Fetch feeds", id="fetch"),
        Binding("R", "fetch_current", "Fetch this feed", show=False, id="fetch-current"),
        Binding("f", "feeds", "Feeds", show=False, id="feeds"),
        Binding("s", "sort", "Sort", show=False, id="sort"),
        Binding("u", "toggle_read", "Read/unread", show=False, id="toggle-read"),
        Binding("U", "unread_only", "Unread only", show=False, id="unread-only"),
        Binding("A", "mark_listed_read", "Mark listed read", show=False, id="mark-listed-read"),
        Binding("S", "save_search", "Save search", show=False, id="save-search"),
        Binding("right_square_bracket", "next_article(1)", "Next article", show=False, id="next-article"),
        Binding("left_square_bracket", "next_article(-1)", "Previous article", show=False, id="previous-article"),
    ]

    def __init__(self, library: Library, store: NotesStore | None) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.articles = LibraryView(library, [])
        self.searcher: Searcher | None = None
        self.query_text = ""
        self.hits: dict[str, Hit] = {}
        self.term_entities: dict[str, str] = {}
        self.bookmarked_only = False
        self.open: OpenState | None = None
        self._serial = 0
        self.init_key_flow()
        self._listed_query = ""
        self._limit = PAGE_SIZE
        self._empty_text = ""
        self._mentions_cache: dict[Article, list] = {}
        """The process looking through an enormous article, while it runs (see ``analyse_article``)."""
        self._highlight_timer = None
        self._told: set[str] = set(store.warnings) if store else set()  # the app tells those at start

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status"):
            yield Static("", id="status-text", markup=False)  # plain text, never read as markup
            yield ProgressBar(id="status-progress", show_eta=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SearchBox(id="search")
                yield ArticleList(id="articles")
                yield Static("", id="empty")
            yield Reader(id="reader")
            yield EntitySidebar(id="sidebar")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.app.apply_cursor_blink(self)
        self.watch(self.query_one(SearchBox), "value", self._hold_for_results, init=False)
        self.app.sub_title = "loading articles…"
        self._status("Loading articles…")
        self.load_library()
        self.load_query_history()

    # -- workers: compute in threads, deliver by message --------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_library(self) -> None:
        first_page = LibraryView.current(self.library, PAGE_SIZE)
        self.post_message(LibraryLoaded(first_page, self.library.load_problems()))
        if not first_page.complete:  # the first screen is drawn from the first page while the rest load
            self.post_message(LibraryLoaded(LibraryView.current(self.library), []))

    # -- message handlers own the state -------------------------------------------------------------------------

    WORK_NAMES = {"load_library": "Loading the library", "prepare_search": "Preparing search",
                  "run_search": "Searching", "fetch_in_background": "Fetching feeds",
                  "analyse_article": "Looking for entities", "_count_unread_listed": "Counting the unread articles",
                  "_mark_read": "Marking articles read"}  # fmt: skip

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is said, never silent: the rest of the app goes on."""
        if event.state != WorkerState.ERROR:
            return
        what = self.WORK_NAMES.get(event.worker.name, event.worker.name)
        self.notify(f"{what} failed: {event.worker.error}", title="Error", severity="error", timeout=30, markup=False)
        if event.worker.name == "prepare_search":
            self._status("Search is unavailable this session (see the message); reading still works.")
        if event.worker.name == "fetch_in_background":
            self.fetch_failed()
        if event.worker.name == "_count_unread_listed":
            self.counting_unread = False
            self._keys_may_go_on()

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        first = not self.articles.headlines  # later messages: the rest of the headlines, or a re-parse
        self.articles = message.view
        for error in message.problems:
            self.notify(str(error), title="Library", severity="warning", markup=False)
        if not first:  # the same library read again (a newer parser): the list follows, the rest stays
            self._relist()
            return
        self._show_all()
        if self.focused is None:
            self._focus(ArticleList)
        self._restore_last_read()
        self.restore_draft()
        self.schedule_fetches(self.app.config.fetch_every_minutes)
        self.watch_library()
        self._status("Indexing…")
        self.call_after_refresh(self.prepare_search)  # the first screen is drawn before the heavy work starts

    # -- the search box and the list's ends (@on handlers: Textual reads them from the screen's own class) -----

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._search()

    @on(ArticleList.NearEnd)
    def list_more(self) -> None:
        """The cursor nears the end of the listed rows: list the next page (same query, cursor kept)."""
        self._limit += PAGE_SIZE
        self._search()

    @on(ArticleList.ClearSearch)
    def clear_search(self) -> None:
        box = self.query_one(SearchBox)
        if box.value:
            box.value = ""  # Input.Changed runs the (empty) query: every article again

    def _last_position(self, article_id: str) -> int | None:
        """Where the reader left this article (each article keeps its own place)."""
        if self.store is None:
            return None
        try:
            return self.store.reading_state(article_id).position
        except StoreError:
            return None

    def open_article(self, article_id: str, cursor_offset: int | None = None) -> None:
        article = self.articles.article(article_id)
        if article is None:
            why = self.articles.take_problems() or [f"Article {article_id} is not in the library any more."]
            for line in why:  # an unreadable row is named as such, not passed off as a removed article
                self.notify(line, severity="warning", markup=False)
            return
        self._save_position()
        reader, sidebar = self.query_one(Reader), self.query_one(EntitySidebar)
        words = reader.related_words = self._matched_words(article)
        if len(article.anchor_text) <= ANALYSE_INLINE_CHARS:
            self.open = OpenState(article, summarize(self._mentions(article)))
            reader.show_article(article, self._match_positions(article, words), self._notes(article), cursor_offset)
            sidebar.show_entities(self.open.summaries or [])
            self.show_entity_the_query_found()
        else:
            self.open = OpenState(article, None)
            reader.show_article(article, [], self._notes(article), cursor_offset)
            sidebar.show_pending(f"Looking for entities in {len(article.anchor_text):,} characters…")
            self.call_after_refresh(self.analyse_article, article, words)  # the text is drawn first
        self._store_write(lambda store: store.mark_read(article.id, cursor_offset))
        self._refresh_row(article.id)

    def action_next_article(self, step: int) -> None:
        """``]`` / ``[``: the article after (before) the open one as listed, opened where the keys are — reading
        through what a fetch brought without going back to the list; the list's cursor follows."""
        listing = self.query_one(ArticleList)
        if not listing.entries:
            return
        row = listing.cursor_row  # the open article not listed (a new query): the highlighted one opens
        if self.open is not None:
            with contextlib.suppress(KeyError):
                row = listing.get_row_index(self.open.article.id) + step
        if not 0 <= row < listing.row_count:
            self.notify("The last article listed." if step > 0 else "The first article listed.", timeout=2)
            return
        listing.move_cursor(row)
        article_id = listing.entries[row].article_id
        self.open_article(article_id, self._last_position(article_id))

    def show_again_in_place(self) -> None:
        """The article being read, shown again as the library now has it, at the same place (it was changed: a
        fetch completed it, its file was imported again)."""
        if self.open is not None:
            selection = self.query_one(Reader).selection
            self.open_article(self.open.article.id, selection[0] if selection else None)

    @on(Reader.OpenSource)
    def open_source(self, message: Reader.OpenSource) -> None:
        """The article's address in the web browser: ``webbrowser`` only, never a shell; http(s) only."""
        if not message.url.lower().startswith(("http://", "https://")):
            self.notify(f"Not a web address: {message.url}", severity="warning", markup=False)
            return
        self.notify(f"Opening {message.url}", timeout=3, markup=False)
        self.open_in_browser(message.url)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        import webbrowser

        if not webbrowser.open(url):
            self.app.call_from_thread(self.notify, f"No web browser could open {url}", severity="warning",
                                      markup=False)  # fmt: skip

    @on(EntitySidebar.FilterByEntity)
    def filter_by_entity(self, message: EntitySidebar.FilterByEntity) -> None:
        box = self.query_one(SearchBox)
        box.value = f"entity:{message.entity_id}"
        self._focus(ArticleList)

    def show_entity_the_query_found(self) -> None:
        """The open article was listed for a word it does not hold, through an entity it mentions: its mentions
        are highlighted in the word's place, as ``space`` on the entity in the sidebar would."""
        hit = self.hits.get(self.open.article.id) if self.open is not None else None
        if hit is not None and self.open.summaries:
            found = entity_the_query_found(hit.matched, self.term_entities, self.open.summaries)
            if found is not None:
                self.highlight_entity(EntitySidebar.HighlightEntity(found.id))

    @on(EntitySidebar.HighlightEntity)
    def highlight_entity(self, message: EntitySidebar.HighlightEntity) -> None:
        if self.open is None:
            return
        summary = next((s for s in self.open.summaries or [] if s.id == message.entity_id), None)
        if summary is not None:
            positions = mention_positions(blocks(self.open.article), list(summary.mentions))
            reader = self.query_one(Reader)
            reader.set_mentions(positions)
            reader.set_related_mentions(summary.related_count)
            told = f"{summary.name}: {counted(len(positions), 'mention')} in the text"
            if summary.related_count:
                told += f", {summary.related_count} in the related headlines below"
            if not positions and summary.related_count:
                reader.show_related()
            self.notify(f"{told} — n / N to jump", timeout=3, markup=False)

    # -- actions -----------------------------------------------------------------------------------------------

    def action_cycle(self, step: int) -> None:
        panes = [self.query_one(ArticleList), self.query_one(Reader)]
        sidebar = self.query_one(EntitySidebar)
        if sidebar.display:
            panes.append(sidebar)
        focused = self.focused
        position = next((i for i, pane in enumerate(panes) if pane is focused), -1 if step > 0 else 0)
        self.set_focus(panes[(position + step) % len(panes)])

    def action_bookmark(self) -> None:
        article_id = self.open.article.id if self.open else self.query_one(ArticleList).highlighted_id
        if article_id is None or self.store is None:
            return
        result: list[bool] = []
        if self._store_write(lambda store: result.append(store.toggle_bookmark(article_id))):
            self.notify("Bookmarked." if result[0] else "Bookmark removed.", timeout=2)
            self._refresh_row(article_id)
            if self.bookmarked_only:
                self._search()

    def action_bookmarked_only(self) -> None:
        self.bookmarked_only = not self.bookmarked_only
        self.notify("Showing bookmarked articles only." if self.bookmarked_only else "Showing all articles.", timeout=2)
        self._search()

    def action_entities(self) -> None:
        sidebar = self.query_one(EntitySidebar)
        if sidebar.has_focus and sidebar.display:
            self.add_class("hide-sidebar")  # e on the focused sidebar puts it away again
            self.remove_class("show-sidebar")
            self._focus(Reader if self.open else ArticleList)
            return
        self.add_class("show-sidebar")
        self.remove_class("hide-sidebar")
        self.set_focus(sidebar)

    def action_entity_overview(self) -> None:
        """``E``: the entities across every article the list answers (its query and filters), in a screen whose
        ``enter`` narrows the list to one of them."""
        from sahel_tui.tui.screens.entity_overview import EntityOverviewScreen

        searcher = self.searcher
        if searcher is None or searcher.stats is None:
            self.notify("The entities are still being counted: in a moment (the status line says how far).",
                        timeout=4)  # fmt: skip
            return
        query = self._query_with_filters()

        def chosen(row: dict | None) -> None:
            if row is None:
                return
            unlisted = row["id"].startswith("unlisted:")
            narrowing = f'"{row["name"]}"' if unlisted else f"entity:{row['id']}"
            box = self.query_one(SearchBox)
            box.value = f"{box.value.rstrip()} {narrowing}".lstrip()  # the list follows (Input.Changed)
            self.set_focus(self.query_one(ArticleList))

        self.app.push_screen(EntityOverviewScreen(lambda: searcher.entity_overview(query), query), chosen)

    def action_leave_sidebar(self) -> None:
        """Escape in the sidebar: back to the article (the list when none is open); a sidebar that a narrow
        terminal showed only because ``e`` asked for it is put away again, as ``e`` would."""
        if self.has_class("narrow"):
            self.add_class("hide-sidebar")
            self.remove_class("show-sidebar")
        self._focus(Reader if self.open else ArticleList)

    def action_toggle_sidebar(self) -> None:
        if self.query_one(EntitySidebar).display:
            self.add_class("hide-sidebar")
            self.remove_class("show-sidebar")
        else:
            self.action_entities()

    # -- helpers -----------------------------------------------------------------------------------------------

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "narrow")

    def _mentions(self, article: Article) -> list:
        """The article's entity mentions, kept for the articles opened last. Kept by the article's whole value,
        not its id: a fetch that completes an excerpt, or a file imported again, changes the text under the same
        id, and the sidebar must list what the text shown mentions."""
        mentions = self._mentions_cache.pop(article, None)
        if mentions is None:
            from sahel_tui.entities.extract import extract  # its patterns are built when the first article opens

            mentions = extract(article)
        self._mentions_cache[article] = mentions  # the newest last: the oldest is dropped first
        while len(self._mentions_cache) > MENTIONS_KEPT:
            del self._mentions_cache[next(iter(self._mentions_cache))]
        return mentions

    def _notes(self, article: Article) -> list[PlacedNote]:
        if self.store is None:
            return []
        try:
            annotations = self.store.annotations(article.id)
        except StoreError as exc:
            self.notify(str(exc), title="Notes", severity="error", markup=False)
            return []
        self._tell_unreadable()
        placed = [place(a, article) for a in annotations]
        return [PlacedNote(p.annotation, p.anchoring.start, p.anchoring.end) for p in placed if p.anchoring.found]

    def _tell_unreadable(self) -> None:
        """Say once per session which stored annotations could not be read (they are left out, not lost), and
        what the store found and mended while running (a deleted ``-shm`` file)."""
        for line in self.store.unreadable_lines() if self.store else []:
            if line not in self._told:
                self._told.add(line)
                self.notify(line, title="Damaged annotation", severity="warning", timeout=15, markup=False)
        for line in self.store.warnings if self.store else []:
            if line not in self._told:
                self._told.add(line)
                self.notify(line, title="Notes", severity="warning", timeout=15, markup=False)

    def _reload_notes(self) -> None:
        if self.open is not None:
            self.query_one(Reader).set_notes(self._notes(self.open.article))
            self._refresh_row(self.open.article.id)

    def _store_write(self, action) -> bool:
        """Run a store change; on failure say so (nothing is shown as saved). Returns whether it committed."""
        if self.store is None:
            return False
        try:
            action(self.store)
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        self._tell_unreadable()
        return True

    def _save_position(self) -> None:
        reader = self.query_one(Reader)
        if self.open is not None and reader.selection is not None:
            offset = reader.selection[0]
            self._store_write(lambda store: store.mark_read(self.open.article.id, offset))

    def _restore_last_read(self) -> None:
        if self.store is None:
            return
        try:
            last = self.store.last_read()
        except StoreError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        if last is not None and last.article_id in self.articles:
            self.open_article(last.article_id, last.position)
            if isinstance(self.focused, ArticleList):  # not if the user has already gone to the search box
                self._focus(Reader)

    def _status(self, text: str, done: int | None = None, total: int | None = None) -> None:
        """Re-arranged only when its text changes width: a fetch counts each feed here, and a re-arrangement repaints
        the whole screen (at 100,000 articles, half the reader's time in a fetch)."""
        self.query_one("#status").display = bool(text)
        label = self.query_one("#status-text", Static)
        label.update(text, layout=cell_len(text) != cell_len(str(label.content)))
        bar = self.query_one("#status-progress", ProgressBar)
        bar.display = total is not None
        if total is not None:
            bar.update(total=total, progress=done)

    def save_state(self) -> None:
        """Called on quit: keep the reader's position for next time."""
        self._save_position()
