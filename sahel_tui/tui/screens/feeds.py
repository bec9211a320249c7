"""The feeds view: the saved searches (newsboat's query feeds), then every subscription, each with its unread and total
articles — a feed with its last fetch and its error.

``enter`` lists the chosen one's articles (a saved search's query, or ``feed:<number>``, in the search box); ``A``
marks all of them read, once the user says yes to the count (newsboat's "mark feed read": a first fetch can bring
thousands); ``d`` deletes a saved search or unsubscribes from a feed, after a yes; ``a`` subscribes to a feed (or to
the one a site links to) and fetches it; ``n`` renames a feed, ``t`` sets its tags, ``x`` enables or disables it;
``r`` fetches every feed from here too. Counting, marking and subscribing run in workers (a feed may have sent
thousands of articles, a site may take its time); the screen only shows rows and asks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from sahel_tui.catalog_views import FeedRow, SearchRow
from sahel_tui.console import safe_text
from sahel_tui.notes.searches import SavedSearch
from sahel_tui.textclean import counted
from sahel_tui.tui.screens.ask_line import AskLineScreen
from sahel_tui.tui.screens.closing import ClosesOnce, ListScreenKeys
from sahel_tui.tui.screens.confirm import ConfirmScreen
from sahel_tui.tui.widgets.steady_footer import SteadyFooter

Listed = tuple[list[SearchRow], list[FeedRow]]
"""What the view lists: the saved searches, then the feeds."""
Chosen = int | SavedSearch
"""A feed (its number) or a saved search."""


class FeedsScreen(ClosesOnce, ListScreenKeys, Screen[str | None]):
    """Dismisses with the query that lists the chosen one's articles (``feed:3``, a saved search's query)."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="feeds.back"),
        Binding("a", "subscribe", "Subscribe", id="feeds.subscribe"),
        Binding("A", "catch_up", "Mark all read", id="feeds.mark-read"),
        Binding("d", "forget", "Delete", show=False, id="feeds.delete-search"),
        Binding("n", "rename", "Rename", show=False, id="feeds.rename"),
        Binding("t", "retag", "Tags", show=False, id="feeds.tags"),
        Binding("x", "toggle", "Enable/disable", show=False, id="feeds.toggle"),
        Binding("r", "fetch", "Fetch", id="fetch"),
        Binding("R", "fetch_one", "Fetch this feed", show=False, id="fetch-current"),
        Binding("j", "cursor(1)", "Down", show=False, id="feeds.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="feeds.up"),
        Binding("g", "cursor_end(0)", "Top", show=False, id="feeds.top"),
        Binding("G", "cursor_end(1)", "Bottom", show=False, id="feeds.bottom"),
    ]

    class Filled(Message):
        def __init__(self, listed: Listed, final: bool = True) -> None:
            """Not ``final``: the saved searches are not counted yet (the feeds are listed meanwhile)."""
            super().__init__()
            self.searches, self.rows = listed
            self.final = final

    class Subscribed(Message):
        def __init__(self, said: str, feed_id: int | None) -> None:
            """``feed_id``: the new subscription's number, None when none was made (``said`` says why)."""
            super().__init__()
            self.said, self.feed_id = said, feed_id

    class CaughtUp(Message):
        def __init__(self, name: str, marked: int) -> None:
            super().__init__()
            self.name, self.marked = name, marked

    def __init__(self, load: Callable[[], Listed], catch_up: Callable[[Chosen], int | None] | None = None,
                 fetch: Callable[[int | None], None] | None = None, forget: Callable[[str], bool] | None = None,
                 count: Callable[[list[SavedSearch]], list[SearchRow]] | None = None,
                 edit: Callable[[int, str, str | None], tuple[str, bool]] | None = None,
                 subscribe: Callable[[str, threading.Event], tuple[str, int | None]] | None = None,
                 ) -> None:  # fmt: skip
        """``load``, ``count`` and ``catch_up`` run in worker threads: the rows (the saved searches not counted
        yet), the saved searches counted (a search of every article takes seconds at 100,000: the feeds are listed
        meanwhile), and marking a feed's or a saved search's articles read (how many were unread; None when
        nothing could be marked, which ``catch_up`` has said); ``fetch`` starts a fetch of one feed, or of all
        (None; the caller tells this view to :meth:`recount` as it goes); ``forget`` deletes a saved search (False:
        it said why not); ``edit`` renames, retags, enables/disables or unsubscribes a feed ((feed number, ``rename``
        / ``tags`` / ``toggle`` / ``remove``, the line typed) -> (what to say, whether it changed)); ``subscribe``
        runs in a worker thread:
        (the address typed, an event set if the reader quits meanwhile) -> (what to say, the new feed's number or
        None)."""
        super().__init__()
        self._edit = edit
        self._subscribe = subscribe
        self._load = load
        self._count_searches = count
        self._searches_counted = False
        self._catch_up = catch_up
        self._fetch = fetch
        self._forget = forget
        self._rows: dict[int, FeedRow] = {}
        self._searches: dict[str, SearchRow] = {}
        self._counting = self._count_again = self._marking = False
        self.takes_keys = False
        """False until the feeds are listed, and while a feed is being marked read: keys typed meanwhile wait for the
        rows (`f`, `j`, enter typed together; `A`, `y`, then `A` again sees the feed caught up)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="feeds-dialog"):
            yield Static(Text("Feeds and saved searches — enter lists one's articles", style="bold"), id="feeds-title")
            yield OptionList(id="feeds-list")
            yield Static("", id="feeds-empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#feeds-empty", Static).update("Counting…")
        self.query_one(OptionList).focus()
        self.recount()

    def recount(self) -> None:
        """Count again (a fetch running meanwhile brought articles or an error): one count at a time, and the last
        asked for is always made."""
        if self._counting:
            self._count_again = True
            return
        self._counting, self._count_again = True, False
        self._count()

    @work(thread=True, group="feeds-count", exit_on_error=False)
    def _count(self) -> None:
        searches, feeds = self._load()
        waiting = bool(searches) and self._count_searches is not None
        self.post_message(self.Filled((searches, feeds), final=not waiting))
        if waiting:
            self.post_message(self.Filled((self._count_searches([row.search for row in searches]), feeds)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A count or a marking that failed is said, and the next count can still start."""
        if event.state != WorkerState.ERROR:
            return
        if event.worker.group == "feeds-count":
            self._counting = False
        else:
            self._marking = False
        self._take_keys()
        self.notify(f"Feeds: {event.worker.error}", title="Error", severity="error", timeout=20, markup=False)

    def _take_keys(self) -> None:
        if not self.takes_keys:
            self.takes_keys = True
            self.app.keys_go_on(self)  # given after this handler: once the rows are in the list

    def on_feeds_screen_filled(self, message: Filled) -> None:
        stale = self._count_again  # a newer count was asked for while this one ran
        if message.final:
            self._counting = False
            if stale:
                self.recount()
        if not (stale or self._marking):  # the rows are the latest count's
            self._take_keys()
        self._searches_counted = message.final
        empty = self.query_one("#feeds-empty", Static)
        options = self.query_one(OptionList)
        kept = self._highlighted_option_id()
        options.clear_options()
        if not message.rows and not message.searches:
            empty.update(Text("No feeds yet. a subscribes to one here, or: sahel-tui feeds add URL  (or feeds "
                              "suggest, feeds import FILE.opml). A search is saved with S in the list."))  # fmt: skip
            empty.display = True
            return
        empty.display = False
        self._rows = {row.feed.id: row for row in message.rows}
        searches = message.searches
        if not message.final:  # counted again after a fetch or a marking: the last counts stay till the new ones
            before = {row.search: row for row in self._searches.values() if row.total is not None}
            searches = [before.get(row.search, row) for row in searches]
        self._searches = {f"search:{index}": row for index, row in enumerate(searches)}
        listed: list[Option] = []
        if self._searches:
            listed.append(Option(Text("Saved searches", style="bold underline"), disabled=True))
            listed += [Option(self._search_label(row), id=key) for key, row in self._searches.items()]
            if self._rows:
                listed.append(Option(Text("Feeds", style="bold underline"), disabled=True))
        listed += [Option(self._label(row), id=str(row.feed.id)) for row in message.rows]
        options.add_options(listed)
        ids = [option.id for option in listed]
        first = next(index for index, option in enumerate(listed) if not option.disabled)
        options.highlighted = ids.index(kept) if kept is not None and kept in ids else first  # the cursor stays

    def _search_label(self, row: SearchRow) -> Text:
        bold = "bold" if row.unread else ""
        label = safe_text(row.search.name, bold)
        if row.total is None:
            waiting = "counted once the index is ready" if self._searches_counted else "counting…"
            label.append_text(safe_text(f"  {waiting}", "dim"))
        else:
            label.append_text(safe_text(f"  {row.unread} unread / {row.total}", bold or "dim"))
        label.append_text(safe_text(f"\n  {row.search.query}", "dim"))
        return label

    def _label(self, row: FeedRow) -> Text:
        feed = row.feed
        label = safe_text(f"[{feed.id}] ", "dim")  # the number feed:N and `sahel-tui feeds edit N` take
        label.append_text(safe_text(feed.name, "bold" if row.unread else ""))
        label.append_text(safe_text(f"  {row.unread} unread / {row.total}", "bold" if row.unread else "dim"))
        if feed.tags:
            label.append_text(safe_text(f"  [{', '.join(feed.tags)}]", "dim"))
        if feed.ttl_minutes and feed.next_due is not None:  # on the short line: a long address wraps the other
            label.append_text(safe_text(f"  updated every {feed.ttl_minutes} min", "dim"))
        if not feed.enabled:
            label.append_text(safe_text("  disabled", "red"))
        when = (feed.last_fetch or "never fetched")[:16].replace("T", " ")
        label.append_text(safe_text(f"\n  {feed.url}  ·  {when}", "dim"))
        if feed.last_error:
            label.append_text(safe_text(f"\n  {feed.last_error}", "red"))
        return label

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self._searches:
            self.dismiss(self._searches[event.option.id].search.query)
        elif event.option.id is not None:
            self.dismiss(f"feed:{event.option.id}")

    def action_catch_up(self) -> None:
        chosen = self._highlighted()
        if chosen is None or self._catch_up is None:
            return
        if isinstance(chosen, SearchRow):
            name, unread, key = chosen.search.name, chosen.unread, chosen.search
        else:
            name, unread, key = chosen.feed.name, chosen.unread, chosen.feed.id
        if unread is None:
            self.notify("Its articles are not counted yet: in a moment (once the index is ready).", timeout=4)
            return
        if not unread:
            self.notify(f"Nothing unread in {safe_text(name).plain}.", timeout=3, markup=False)
            return
        question = Text.assemble("Mark the ", (f"{unread:,}", "bold"), " unread ",
                                 "article" if unread == 1 else "articles", " of ", safe_text(name, "bold"),
                                 " read?")  # fmt: skip
        self.app.push_screen(ConfirmScreen(question, yes="Mark read (y)", no="Keep unread (n)"),
                             lambda yes: self._start_marking(key, name) if yes else None)  # fmt: skip

    def _start_marking(self, key: Chosen, name: str) -> None:
        self.takes_keys, self._marking = False, True  # until the rows are counted again, after the marking
        self._mark_read(key, name)

    @work(thread=True, group="feeds-catch-up", exit_on_error=False)
    def _mark_read(self, key: Chosen, name: str) -> None:
        marked = self._catch_up(key) if self._catch_up else None
        if marked is not None:
            self.post_message(self.CaughtUp(name, marked))
        self.app.call_from_thread(self._marked)

    def action_forget(self) -> None:
        chosen = self._highlighted()
        if isinstance(chosen, FeedRow):
            self._unsubscribe(chosen)
            return
        if chosen is None:
            return
        saved = chosen.search
        question = Text.assemble("Delete the saved search ", safe_text(saved.name, "bold"), " (",
                                 safe_text(saved.query), ")? The articles it finds stay.")  # fmt: skip

        def answered(yes: bool | None) -> None:
            if yes and self._forget is not None and self._forget(saved.name):
                self.notify(f"Deleted the saved search {safe_text(saved.name).plain}.", timeout=3, markup=False)
                self.recount()

        self.app.push_screen(ConfirmScreen(question), answered)

    def action_subscribe(self) -> None:
        if self._subscribe is None:
            return
        asked = AskLineScreen("Subscribe", "The address of a feed, or of a site that links to one", "")
        self.app.push_screen(asked, lambda url: self._subscribing(url) if url else None)

    @work(thread=True, group="feeds-subscribe", exit_on_error=False)
    def _subscribing(self, url: str) -> None:
        """Asks the network (a site's page, then the feed it links to): the view goes on meanwhile."""
        self.app.call_from_thread(self.notify, f"Looking for the feed at {url}…", timeout=4, markup=False)
        said, feed_id = self._subscribe(url, get_current_worker().cancelled_event) if self._subscribe else ("", None)
        self.post_message(self.Subscribed(said, feed_id))

    def on_feeds_screen_subscribed(self, message: Subscribed) -> None:
        made = message.feed_id is not None
        self.notify(message.said, title="Feeds", severity="information" if made else "error", timeout=10,
                    markup=False)  # fmt: skip
        if made:
            self.recount()
            if self._fetch is not None:
                self._fetch(message.feed_id)

    def _unsubscribe(self, row: FeedRow) -> None:
        feed = row.feed
        question = Text.assemble("Unsubscribe from ", safe_text(feed.name, "bold"), "? Its ",
                                 counted(row.total, "article"), " stay in the library, with their notes.")  # fmt: skip

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(feed.id, "remove", None)

        self.app.push_screen(ConfirmScreen(question, yes="Unsubscribe (y)", no="Keep it (n)"), answered)

    def action_rename(self) -> None:
        feed = self._feed_under_cursor("n renames a feed")
        if feed is not None:
            title = Text.assemble("Rename ", safe_text(feed.name, "bold"))
            asked = AskLineScreen(title, "Its name (empty: the title the feed sends)", feed.title or "", True)
            self.app.push_screen(asked, lambda typed: None if typed is None else self._apply(feed.id, "rename", typed))

    def action_retag(self) -> None:
        feed = self._feed_under_cursor("t tags a feed")
        if feed is not None:
            title = Text.assemble("Tags of ", safe_text(feed.name, "bold"), " (tag:NAME lists the feeds with one)")
            asked = AskLineScreen(title, "Tags, separated by commas (empty: none)", ", ".join(feed.tags), True)
            self.app.push_screen(asked, lambda typed: None if typed is None else self._apply(feed.id, "tags", typed))

    def action_toggle(self) -> None:
        feed = self._feed_under_cursor("x enables or disables a feed")
        if feed is not None:
            self._apply(feed.id, "toggle", None)

    def _feed_under_cursor(self, what: str):
        chosen = self._highlighted()
        if isinstance(chosen, SearchRow):
            self.notify(f"{what}; this is a saved search.", timeout=4, markup=False)
            return None
        return chosen.feed if chosen is not None else None

    def _apply(self, feed_id: int, what: str, typed: str | None) -> None:
        if self._edit is None:
            return
        said, changed = self._edit(feed_id, what, typed)
        self.notify(said, title="Feeds", severity="information" if changed else "error", timeout=5, markup=False)
        if changed:
            self.recount()

    def _marked(self) -> None:
        self._marking = False
        self.recount()

    def on_feeds_screen_caught_up(self, message: CaughtUp) -> None:
        name = safe_text(message.name).plain
        self.notify(f"Marked {counted(message.marked, 'article')} of {name} read.", timeout=4, markup=False)

    def action_fetch(self) -> None:
        if self._fetch is not None:
            self._fetch(None)

    def action_fetch_one(self) -> None:
        chosen = self._highlighted()
        if isinstance(chosen, SearchRow):
            self.notify("R fetches the feed under the cursor; this is a saved search (r fetches every feed).",
                        timeout=4)  # fmt: skip
        elif self._fetch is not None and chosen is not None:
            self._fetch(chosen.feed.id)

    def _highlighted(self) -> FeedRow | SearchRow | None:
        """The feed or the saved search under the cursor, if any."""
        option_id = self._highlighted_option_id()
        if option_id in self._searches:
            return self._searches[option_id]
        return self._rows.get(int(option_id)) if option_id is not None else None

    def _highlighted_option_id(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id
