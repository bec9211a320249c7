"""What the article list shows and how the header counts it: a mixin for the main screen.

The list shows the library newest first — by when articles were added, or by their own date, undated ones
last (``s``) — or the current query's hits in rank order; the header says how many, and which filters are on.
"""

from __future__ import annotations

from itertools import islice

from textual.widgets import Header, Static

from sahel_tui.console import safe_text
from sahel_tui.corpus.catalog_rows import Headline
from sahel_tui.model import Hit
from sahel_tui.notes.store import StoreError
from sahel_tui.search.query import parse_query
from sahel_tui.textclean import counted
from sahel_tui.tui.widgets.article_list import PAGE_SIZE, ArticleList, ListEntry


class ListingMixin:
    """Needs the main screen's ``articles``, ``hits``, ``query_text``, filters, ``store`` and ``_told``."""

    by_date = False

    def action_sort(self) -> None:
        self.by_date = not self.by_date
        self.notify("Newest first by the articles' own dates." if self.by_date else "Most recently added first.",
                    timeout=2)  # fmt: skip
        if not (self.query_text.strip() or self.bookmarked_only or self.unread_only):
            self._show_all()
        else:
            self._search()

    def _listed_headlines(self):
        return self.articles.by_date() if self.by_date else iter(self.articles)

    def _relist(self) -> None:
        """The list again as it is asked for: the query and filters searched again, or every article (the rows'
        marks read again)."""
        self._search() if (self.query_text or self.bookmarked_only or self.unread_only) else self._show_all()

    def _show_all(self) -> None:
        if self._listed_query:  # back from a query: one page again
            self._limit = PAGE_SIZE
        self.hits = {}
        self._listed_query = ""
        self._list_current = not self.query_text.strip()  # every article, shown while a query waits for search
        headlines = list(islice(self._listed_headlines(), self._limit))
        marks = self._user_marks([headline.id for headline in headlines])
        entries = [self._entry(headline, marks) for headline in headlines]
        self.query_one(ArticleList).show_entries(entries, more=len(entries) < len(self.articles))
        self._count(len(entries), len(self.articles), [])
        self._highlight_matches_soon()

    def _count(self, shown: int, total: int, notices: list[str]) -> None:
        empty = self.query_one("#empty", Static)
        if total == 0:
            shown_query = self.query_text.strip() or ("is:unread" if self.unread_only else "is:bookmarked")
            message = safe_text(f"No article matches “{shown_query}”.", "bold")
            for notice in notices:
                message.append_text(safe_text(f"\n{notice}", "italic"))
        else:
            message = safe_text("\n".join(notices), "italic")
        if message.plain != self._empty_text:  # an unchanged line is not updated: each update re-lays the screen
            self._empty_text = message.plain
            empty.update(message)
        empty.display = bool(total == 0 or notices)
        label = counted(total, "result" if self.query_text.strip() else "article")
        if shown < total:
            label += f" (first {shown:,} shown)"
        if self.bookmarked_only:
            label += " · bookmarked only (B shows all)"
        if self.unread_only:
            label += " · unread only (U shows all)"
        if self.by_date:
            label += " · by date (s: by when added)"
        if self.fetch_note:
            label += f" · {self.fetch_note}"
        for name in self._entity_filters():
            label += f" · mentioning {name} (escape in the list clears)"
        self._show_in_header(label)

    def _show_in_header(self, label: str) -> None:
        """The count in the header. Setting the app's sub-title the usual way repaints every widget of the screen
        (the app refreshes its screen); on every keystroke that was most of the time to the redrawn list. The value
        is set without its watchers, and only the header's title line is redrawn (no layout: the line's size never
        depends on what it says)."""
        if label == self.app.sub_title:
            return
        self.app.set_reactive(type(self.app).sub_title, label)
        header = self.query_one(Header)
        header.query_one("HeaderTitle", Static).update(header.format_title(), layout=False)  # one line, any text

    def _entity_filters(self) -> list[str]:
        """The entities an ``entity:`` filter in the search box narrows to, by name (the header says so)."""
        if self.searcher is None or "entity:" not in self.query_text:
            return []
        values = parse_query(self.query_text).filters.get("entity", [])
        found = (self.searcher.resolver.resolve(value) for value in values)
        return [entity.name for entity in found if entity is not None]

    def _entry(self, article: Headline, marks: tuple, hit: Hit | None = None) -> ListEntry:
        bookmarked, annotated, read = marks
        spans = tuple((s.start, s.end) for s in hit.spans if s.field == "title") if hit else ()
        feed = self.articles.feed_name(article.id)
        where_who = (feed, article.byline) if feed else (article.byline or article.source,)
        detail = " · ".join(part for part in (article.date, *where_who) if part)
        return ListEntry(
            article.id, article.title, detail, article.id in bookmarked, article.id in read,
            annotated.get(article.id, 0), spans,
        )  # fmt: skip

    def _refresh_row(self, article_id: str) -> None:
        self._refresh_rows({article_id})

    def _refresh_rows(self, article_ids: set[str] | None = None) -> None:
        """The marks (bookmark, notes, read) of these listed rows — of every listed row with None — read again."""
        articles = self.query_one(ArticleList)
        wanted = [e.article_id for e in articles.entries if article_ids is None or e.article_id in article_ids]
        marks = self._user_marks(wanted)
        entries = [
            self._entry(headline, marks, self.hits.get(e.article_id))
            if (article_ids is None or e.article_id in article_ids)
            and (headline := self.articles.headline(e.article_id)) is not None
            else e
            for e in articles.entries
        ]
        articles.show_entries(entries)

    def _user_marks(self, article_ids: list[str]) -> tuple[set[str], dict[str, int], set[str]]:
        """Bookmarked, notes per article and read, among the articles about to be listed (never the whole history:
        every article ever opened is read)."""
        if self.store is None:
            return set(), {}, set()
        try:
            return self.store.marks_of(article_ids)
        except StoreError as exc:
            self._marks_unreadable(exc)
            return set(), {}, set()

    def _read(self) -> set[str]:
        """Every read article: for a query that asks ``is:unread``, not for every listing."""
        try:
            return self.store.read_articles() if self.store is not None else set()
        except StoreError as exc:
            self._marks_unreadable(exc)
            return set()

    def _marks(self) -> tuple[set[str], set[str]]:
        """Bookmarked and annotated articles: for a query that asks ``is:bookmarked`` or ``has:note``."""
        if self.store is None:
            return set(), set()
        try:
            return {a for a, _ in self.store.bookmarks()}, set(self.store.annotation_counts())
        except StoreError as exc:
            self._marks_unreadable(exc)
            return set(), set()

    def _marks_unreadable(self, problem: StoreError) -> None:
        """The rows are listed without their marks: said once per problem, not on every keystroke, and never
        silently — a reader who sees no bookmark and every article unread must know it is not the truth."""
        line = f"{problem} — the list shows no read, bookmark or note marks until it can be read."
        if line not in self._told:
            self._told.add(line)
            self.notify(line, title="Notes", severity="error", timeout=15, markup=False)
