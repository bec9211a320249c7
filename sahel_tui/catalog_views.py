"""What the catalog answers beside the search index, for the command line and the app: the articles a ``feed:``,
``tag:``, ``since:`` or ``before:`` filter stands for, and the rows of the feeds view — each subscription and each
saved search with its unread count — and marking a feed's or a query's articles read. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sahel_tui.corpus.library import Library
from sahel_tui.textclean import counted, fold

if TYPE_CHECKING:
    from sahel_tui.notes.searches import SavedSearch
    from sahel_tui.notes.store import NotesStore
    from sahel_tui.services import Searcher

FEEDS_NAMED = 3
"""A ``feed:`` filter taking more feeds than this names the first few."""


class CatalogFilters:
    """``feed:NAME`` and ``tag:T``: the articles of the feeds a typed name (number, title or address, in part)
    or tag stands for; ``since:`` and ``before:``: the articles dated in a span. Read from the catalog at each
    query: a fetch may have added feeds and articles since."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._dated: tuple[tuple, set[str]] | None = None
        self._undated: tuple[int, int] | None = None

    def undated(self) -> int:
        """How many articles have no date (a date filter leaves them out: the user is told how many), counted
        again when the catalog changes."""
        catalog = self.library.catalog
        changes = catalog.changes()
        if self._undated is None or self._undated[0] != changes:
            (count,) = catalog.query("SELECT count(*) FROM articles WHERE date IS NULL")[0]
            self._undated = changes, count
        return self._undated[1]

    def dated(self, since: str | None, before: str | None) -> set[str]:
        """The articles dated on or after the day ``since`` and before the day ``before`` (``YYYY-MM-DD``, either
        None for no bound); an undated article never. One pass over the headlines' covering index (47 ms for
        every article of 100,000), kept until the catalog changes: words typed after ``since:1y`` reuse it."""
        catalog = self.library.catalog
        key = (since, before, catalog.changes())
        if self._dated is None or self._dated[0] != key:
            sql = "SELECT id FROM articles WHERE date >= ? AND date < ?"
            self._dated = key, {row[0] for row in catalog.query(sql, (since or "0", before or "a"))}
        return self._dated[1]

    def articles(self, kind: str, value: str) -> tuple[set[str], str | None]:
        from sahel_tui.feeds.subscriptions import Subscriptions

        subscriptions = Subscriptions(self.library.catalog)
        wanted = fold(value)
        if kind == "tag":
            chosen = [feed for feed in subscriptions.all() if wanted in (fold(tag) for tag in feed.tags)]
        else:
            chosen = [feed for feed in subscriptions.all() if _names_feed(wanted, feed)]
        if not chosen:
            return set(), f"No feed {'tagged ' if kind == 'tag' else 'called '}{value!r}"
        found = {article for feed in chosen for article in subscriptions.articles_of(feed.id)}
        return found, _which_feeds(kind, value, chosen)


def _which_feeds(kind: str, value: str, chosen: list) -> str | None:
    """What a ``feed:`` filter stands for when the words typed do not say it: a number (the feeds view's choice)
    is that feed's name; a part of several feeds' names, the feeds it took."""
    if kind != "feed":
        return None  # a tag stands for its feeds: no need to say so
    if value.isdigit():
        return f"feed:{value} is {chosen[0].name}"
    if len(chosen) < 2:
        return None
    names = ", ".join(feed.name for feed in chosen[:FEEDS_NAMED])
    more = f" and {len(chosen) - FEEDS_NAMED} more" if len(chosen) > FEEDS_NAMED else ""
    return f"feed:{value} takes {len(chosen)} feeds: {names}{more}"


@dataclass(frozen=True)
class FeedRow:
    """One subscription as the feeds view shows it."""

    feed: object
    unread: int
    total: int


def feed_overview(library: Library, read: set[str]) -> list[FeedRow]:
    """Every subscription with how many of its articles are unread (for the app's feeds view)."""
    from sahel_tui.feeds.subscriptions import Subscriptions

    subscriptions = Subscriptions(library.catalog)
    rows = []
    for feed in subscriptions.all():
        articles = subscriptions.articles_of(feed.id)
        rows.append(FeedRow(feed, len(articles - read), len(articles)))
    return rows


@dataclass(frozen=True)
class SearchRow:
    """One saved search as the feeds view and ``sahel-tui searches`` show it: what it finds, how much is unread."""

    search: SavedSearch
    unread: int | None
    total: int | None
    """None, both: not counted (the app's index is still being built)."""


def saved_search_rows(saved: Sequence[SavedSearch], searcher: Searcher | None, read: set[str]) -> list[SearchRow]:
    """Each saved search with the articles it finds now (every one, not a list's first page) and how many of them
    are not in ``read``; uncounted without a ``searcher``."""
    rows = []
    for search in saved:
        if searcher is None:
            rows.append(SearchRow(search, None, None))
            continue
        found = searcher.matching_ids(search.query, whole_only=True)
        rows.append(SearchRow(search, sum(article_id not in read for article_id in found), len(found)))
    return rows


def unread_listed(library: Library, store: NotesStore, searcher: Searcher | None, text: str,
                  whole_only: bool = False) -> list[str]:  # fmt: skip
    """The unread articles among every one the list answers for ``text`` (the whole library when it is empty):
    what ``A`` offers to mark read; ``whole_only``: those a saved search counts (see :meth:`Searcher.matching_ids`).
    Raises :class:`~sahel_tui.notes.store.StoreError` when the read marks cannot be read, :class:`CatalogError`
    when the library cannot."""
    if text.strip():
        listed = searcher.matching_ids(text, whole_only) if searcher is not None else []
    else:
        listed = [row[0] for row in library.catalog.query("SELECT id FROM articles ORDER BY seq DESC")]
    read = store.read_articles()
    return [article_id for article_id in listed if article_id not in read]


def catch_up_feed(library: Library, store: NotesStore, feed_id: int) -> int:
    """Every article the feed sent marked read (newsboat's "mark feed read"); how many were unread. Raises
    :class:`~sahel_tui.notes.store.StoreError` when the notes could not be written (nothing is marked then)."""
    from sahel_tui.feeds.subscriptions import Subscriptions

    return store.mark_all_read(Subscriptions(library.catalog).articles_of(feed_id))


def _names_feed(wanted: str, feed) -> bool:
    """``feed:3`` is feed number 3 (never any feed whose address holds a 3); other values match names in part,
    with or without their accents (``feed:sahelien``)."""
    if wanted.isdigit():
        return wanted == str(feed.id)
    return wanted in fold(feed.name) or wanted in fold(feed.url)


def edit_feed(library: Library, feed_id: int, what: str, typed: str | None = None) -> str:
    """The feeds view's edits of one subscription, as ``sahel-tui feeds edit`` makes them: ``rename`` (``typed``:
    the new name; blank gives the feed back the title it sends), ``tags`` (``typed``: the tags separated by commas;
    blank removes them all), ``toggle`` (enabled <-> disabled) or ``remove`` (unsubscribe: its articles stay).
    Returns the line that says what changed. Raises :class:`~sahel_tui.feeds.subscriptions.FeedError` (no such
    feed) or :class:`CatalogError` (not written)."""
    from sahel_tui.feeds.subscriptions import FeedError, Subscriptions

    subscriptions = Subscriptions(library.catalog)
    feed = subscriptions.get(feed_id)
    if feed is None:
        raise FeedError(f"no feed {feed_id} (removed meanwhile?)")
    if what == "rename":
        subscriptions.update(feed_id, title=" ".join((typed or "").split()) or None)
    elif what == "tags":
        subscriptions.update(feed_id, tags=[tag for tag in (" ".join(t.split()) for t in (typed or "").split(","))
                                            if tag])  # fmt: skip
    elif what == "toggle":
        subscriptions.update(feed_id, enabled=int(not feed.enabled), **({} if feed.enabled else {"retry_after": None}))
    elif what == "remove":
        removed = subscriptions.remove(feed_id)
        return f"Unsubscribed from {removed.name}; its {counted(removed.items, 'article')} stay in the library."
    else:
        raise ValueError(f"not a feed edit: {what!r}")
    edited = subscriptions.get(feed_id) or feed
    if what == "rename":
        return f"Renamed to {edited.name}."
    if what == "tags":
        return f"{edited.name}: tags {', '.join(edited.tags)}." if edited.tags else f"{edited.name}: no tags."
    if edited.enabled:
        return f"{edited.name} is enabled: fetches ask it again."
    return f"{edited.name} is disabled: fetches leave it out (x enables it again)."
