"""Wiring the core together for the command line and the app: one place that answers a typed query.

The index knows words; the entity figures know who each article mentions; the notes store knows the user's
bookmarks, notes and what they have read; the catalog knows which feed sent what. :class:`Searcher` turns
``entity:``, ``is:bookmarked``, ``is:unread``, ``has:note``, ``feed:`` and ``tag:`` into sets of articles, lets a
word that names an entity (``gsim``, ``nusrat``), or misspells one, match the articles mentioning it, and asks the
index for the ranking. No Textual here: the app calls it from a worker thread.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from sahel_tui.corpus.catalog import CatalogError, Headline
from sahel_tui.corpus.library import Library
from sahel_tui.corpus.reader import IngestError
from sahel_tui.entities.corpus_stats import EntityStats, synced_stats
from sahel_tui.entities.gazetteer import load_gazetteer
from sahel_tui.entities.summary import EntitySummary
from sahel_tui.model import Article
from sahel_tui.search.query import Term, parse_query
from sahel_tui.textclean import counted
from sahel_tui.typed_names import MAX_NAME_WORDS, EntityResolver

if TYPE_CHECKING:  # the index (and numpy under it) is loaded by the indexing worker, after the first screen
    from pathlib import Path

    from sahel_tui.catalog_views import CatalogFilters
    from sahel_tui.corpus.pruning import Prunable
    from sahel_tui.notes.store import NotesStore
    from sahel_tui.search.index import SearchIndex, SearchResult

OPEN_ARTICLES_KEPT = 64
"""Full articles a view keeps after reading them (the rest of the library is headlines only)."""
NAME_WORD_SHARE = 0.5
"""A word of an entity's longer name stands for the entity when at least this share of the articles holding it
mention the entity (see :meth:`Searcher._library_agrees`)."""


@dataclass
class SearchOutcome:
    result: SearchResult
    notices: list[str] = field(default_factory=list)
    """What the user should know about how the query was read (an unknown entity, a partial match …)."""
    term_entities: dict[str, str] = field(default_factory=dict)
    """Query term -> the entity it names (``gsim``, or ``gism``, -> ``jnim``): an article may be listed for its
    mentions of that entity rather than for the word (see :func:`entity_the_query_found`)."""


class Searcher:
    def __init__(
        self,
        index: SearchIndex,
        stats: EntityStats | None = None,
        marks: Callable[[], tuple[set[str], set[str]]] | None = None,
        read: Callable[[], set[str]] | None = None,
        catalog: CatalogFilters | None = None,
    ) -> None:
        """``marks`` returns (bookmarked article ids, annotated article ids) and ``read`` the read article ids when
        a query asks for them; ``catalog`` answers ``feed:``, ``tag:``, ``since:`` and ``before:``."""
        self.index = index
        self.stats = stats
        self.marks = marks
        self.read = read
        self.catalog = catalog
        self.resolver = EntityResolver(load_gazetteer())

    def search(self, text: str, limit: int = 20, full_spans: bool = False, titles_only: bool = False,
               listed: Sequence[str] | None = None, by_list: bool = False) -> SearchOutcome:  # fmt: skip
        """Ranked hits for a typed query; ``titles_only`` skips snippets (a list that shows titles only).
        ``listed``: the article ids in the order the caller lists the library; a query that only filters (no word
        to rank by: ``is:unread``, ``feed:rfi``) keeps that order, and with ``by_list`` (the user sorted the list)
        every query does."""
        query = parse_query(text)
        ranks_by_words = bool(query.terms or query.phrases)
        order = listed if listed is not None and (by_list or not ranks_by_words) else None
        notices: list[str] = []
        restrict: set[str] | None = None

        def narrow(ids: Collection[str]) -> None:
            nonlocal restrict
            restrict = set(ids) if restrict is None else restrict & set(ids)

        for value in query.filters.get("entity", []):
            entity = self.resolver.resolve(value)
            if entity is None:
                notices.append(f"No entity called {value!r}")
                narrow(())
            elif self.stats is None:  # being counted: a list of every article would say they all mention it
                notices.append(f"The entities are still being counted: the articles mentioning {entity.name} are "
                               "listed in a moment")  # fmt: skip
                narrow(())
            else:
                narrow(self.stats.articles_mentioning(entity.id))
        wants = set(query.filters.get("is", [])) | {f"has:{v}" for v in query.filters.get("has", [])}
        if wants & {"bookmarked", "has:note", "has:notes"}:
            bookmarked, annotated = self.marks() if self.marks else (set(), set())
            if "bookmarked" in wants:
                narrow(bookmarked)
            if wants & {"has:note", "has:notes"}:
                narrow(annotated)
        if wants & {"unread", "read"}:
            read = self.read() if self.read else set()
            if "read" in wants:
                narrow(read)
            if "unread" in wants:
                narrow(self.index.article_ids() - read)
        for kind in ("feed", "tag"):
            for value in query.filters.get(kind, []):
                found, notice = self.catalog.articles(kind, value) if self.catalog else (set(), "No feeds yet")
                narrow(found)
                if notice:
                    notices.append(notice)
        if "since" in query.filters or "before" in query.filters:
            narrow(self._dated(query.filters, notices))
        also: dict[str, set[str]] = {}
        term_entities: dict[str, str] = {}
        if self.stats is not None:
            for run, entity_id, misspelled in self._entities_named(query.terms):
                if misspelled:
                    typed = " ".join(term.text for term in run)
                    notices.append(f"“{typed}” read as {self.resolver.gazetteer[entity_id].name}")
                for term in run:
                    also[term.text] = self.stats.articles_mentioning(entity_id)
                    term_entities[term.text] = entity_id
        result = self.index.search(query, limit=limit, restrict=restrict, full_spans=full_spans, also_matching=also,
                                   titles_only=titles_only, order=order)  # fmt: skip
        if result.partial:
            notices.append("No article has every word: showing the best partial matches")
        return SearchOutcome(result, notices, term_entities)

    def entity_overview(self, text: str) -> tuple[int | None, list[dict]]:
        """The entities across every article ``text`` finds — the whole library for an empty query: how many
        articles that is (None: the library) and, per entity, its articles and mentions among them (see
        :meth:`EntityStats.totals`), the most widespread first. What the list shows, counted past its first page."""
        if self.stats is None:
            return None, []
        if not text.strip():
            return None, self.stats.totals()
        found = self.matching_ids(text)
        return len(found), self.stats.totals(found)

    def matching_ids(self, text: str, whole_only: bool = False) -> list[str]:
        """Every article ``text`` finds, in rank order — not only the page a list shows. When no article has every
        word, the list shows the best partial matches; ``whole_only`` finds none then (a saved search counts what
        it finds, not what comes nearest)."""
        result = self.search(text, limit=max(1, self.index.document_count), titles_only=True).result
        if whole_only and result.partial:
            return []
        return [hit.article_id for hit in result.hits]

    def _dated(self, filters: Mapping[str, list[str]], notices: list[str]) -> set[str]:
        """The articles the query's ``since:`` and ``before:`` leave (the latest ``since``, the earliest
        ``before``); a value that is not a date says so and leaves none."""
        from sahel_tui.search.date_bounds import HOW, first_day

        today = date.today()
        bounds: dict[str, list[str]] = {"since": [], "before": []}
        for kind, days in bounds.items():
            for value in filters.get(kind, []):
                day = first_day(value, today)
                if day is None:
                    notices.append(f"{kind}:{value} is not {HOW}")
                    return set()
                days.append(day)
        if self.catalog is None:
            return set()
        if undated := self.catalog.undated():
            notices.append(f"{counted(undated, 'article')} without a date left out")
        return self.catalog.dated(max(bounds["since"], default=None), min(bounds["before"], default=None))

    def _entities_named(self, terms: Sequence[Term]) -> Iterator[tuple[Sequence[Term], str, bool]]:
        """The runs of typed terms that name an entity: (the terms, the entity, whether they were misspelled). A
        run of words spelling a name of several words is read as one (the longest first), before any of its words
        alone."""
        start = 0
        while start < len(terms):
            for length in range(min(MAX_NAME_WORDS, len(terms) - start), 1, -1):
                run = terms[start : start + length]
                found = self.resolver.entity_for_run([term.text for term in run], run[-1].prefix)
                if found is not None:
                    yield run, found[0], found[1] > 0
                    start += length
                    break
            else:
                term = terms[start]
                named = self._entity_named(term.text, term.prefix)
                if named is not None:
                    yield [term], named[0], named[1] != term.text
                start += 1

    def _entity_named(self, word: str, prefix: bool) -> tuple[str, str] | None:
        """The entity a typed word names, as written or misspelled, and the word of its names it was read as."""
        read_as = word if self.resolver.entity_for_word(word) else self._misspelled_name(word, prefix)
        entity_id = self.resolver.entity_of_name_word(read_as) if read_as else None
        if entity_id is None or not self._library_agrees(read_as, entity_id):
            return None
        return entity_id, read_as

    def _misspelled_name(self, word: str, prefix: bool) -> str | None:
        """The word of an entity's names that a word matching nothing as typed stands for, within the index's typo
        budget for it."""
        from sahel_tui.search.fuzzy import typo_budget, typo_budget_when_nothing_matches

        vocabulary = self.index.vocabulary
        if word in vocabulary or (prefix and vocabulary.completions(word, 1)):
            return None  # a word of the library, or the beginning of one: it means what it says
        return self.resolver.typo_target(word, typo_budget(word) or typo_budget_when_nothing_matches(word))

    def _library_agrees(self, word: str, entity_id: str) -> bool:
        """Whether a word of an entity's longer name is used in this library for that entity: at least
        :data:`NAME_WORD_SHARE` of the articles holding it mention the entity ("nusrat" does; "training", a word of
        the EU training mission's name, or "rights", of Human Rights Watch's, is mostly said of other things).
        A whole name or acronym always names its entity, and a word no article holds is not contradicted."""
        if self.resolver.names_alone(word):
            return True
        share = self.index.share_within(word, self.stats.articles_mentioning(entity_id)) if self.stats else None
        return share is None or share >= NAME_WORD_SHARE


def prune_plan(library: Library, store: NotesStore | None, drafts_dir: Path, before: str,
               include_unread: bool) -> Prunable:  # fmt: skip
    """What ``sahel-tui prune`` would remove (:class:`~sahel_tui.corpus.pruning.Prunable`): the feeds' articles
    dated before ``before``, never one with a note, a bookmark or a note being typed, nor an unread one unless
    ``include_unread``. Raises :class:`~sahel_tui.notes.store.StoreError` when the notes cannot be read (then
    nothing can be known safe to remove)."""
    from sahel_tui.corpus.pruning import prunable
    from sahel_tui.notes.drafts import articles_with_drafts

    keep = articles_with_drafts(drafts_dir)
    read: set[str] = set()
    if store is not None:
        keep |= set(store.annotation_counts()) | {article_id for article_id, _ in store.bookmarks()}
        read = store.read_articles()
    return prunable(library.catalog, before, keep, None if include_unread else read)


class LibraryView:
    """What a screen holds of the library: headlines (a few short strings each), newest first, and whole articles
    read from the catalog one at a time when they are opened — never the whole library.

    A view may hold only the first page of headlines (``total`` says how many there are): the first screen is
    drawn from it while the rest load; anything not held yet is looked up in the catalog by id.
    """

    def __init__(
        self, library: Library, headlines: list[Headline], total: int | None = None, generation: str | None = None
    ) -> None:
        self.library = library
        self.generation = generation
        """The library's generation when the headlines were read (see :meth:`current`); None if not known."""
        self.headlines: dict[str, Headline] = {headline.id: headline for headline in headlines}
        self.total = len(self.headlines) if total is None else total
        self.complete = len(self.headlines) >= self.total
        self._open: OrderedDict[str, Article] = OrderedDict()
        self._lock = threading.Lock()  # the notes screen's worker reads articles too
        self.problems: list[str] = []
        """Why articles asked for could not be read, until :meth:`take_problems` hands them on."""
        self._by_date: list[Headline] | None = None
        self._listed_ids: dict[bool, list[str]] = {}
        self._feed_names: dict[str, str | None] = {}

    @classmethod
    def current(cls, library: Library, limit: int = -1) -> LibraryView:
        """The newest ``limit`` headlines (all by default), with the generation read just before them: a change
        made meanwhile makes the generations differ, so it is never taken for one already shown."""
        generation = library.generation()
        headlines = library.headlines(limit)
        total = library.count() if 0 <= limit <= len(headlines) else None
        return cls(library, headlines, total, generation)

    def taking_in(self, article_ids: Collection[str]) -> LibraryView:
        """This view with these articles (just stored: new, or changed) read again, and nothing else: new ones first,
        newest first, changed ones where they were. What a fetch shows as each feed is stored — reading the whole
        library again for each feed took 0.3–0.5 s a feed at 100,000 articles. Its generation is unknown: a change
        another process made meanwhile comes with the next whole view (:meth:`current`)."""
        if not self.complete:
            return LibraryView.current(self.library)
        fresh = self.library.headlines_of(list(article_ids))
        new = [headline for headline in fresh if headline.id not in self.headlines]
        changed = {headline.id: headline for headline in fresh if headline.id in self.headlines}
        held = new + [changed.get(headline.id, headline) for headline in self.headlines.values()]
        view = LibraryView(self.library, held)
        view._feed_names = {key: name for key, name in self._feed_names.items() if key not in changed}
        return view

    def forget_feed_names(self) -> None:
        """A feed was renamed: each row names its feed as it is called now when next drawn."""
        self._feed_names.clear()

    def feed_name(self, article_id: str) -> str | None:
        """The name of the feed that sent the article (None: a file, or not known now), read once per view: a row
        of the list names its feed."""
        try:
            return self._feed_names[article_id]
        except KeyError:
            pass
        try:
            name = self.library.catalog.feed_name(article_id)
        except CatalogError:
            return None  # asked again by the next view
        self._feed_names[article_id] = name
        return name

    def __contains__(self, article_id: object) -> bool:
        if article_id in self.headlines:
            return True
        return not self.complete and isinstance(article_id, str) and self.headline(article_id) is not None

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Headline]:
        return iter(self.headlines.values())

    def listed_ids(self, by_date: bool) -> list[str]:
        """The held articles' ids as the list shows them (by when added, or ``by_date``); kept, so a search given
        them at every keystroke finds its ranks for them kept too."""
        kept = self._listed_ids.get(by_date)
        if kept is None:
            kept = self._listed_ids[by_date] = [h.id for h in (self.by_date() if by_date else self)]
        return kept

    def by_date(self) -> Iterator[Headline]:
        """The held headlines by their own date, newest first; undated ones after, most recently added first."""
        if self._by_date is None:
            held = list(self.headlines.values())
            dated = sorted((h for h in held if h.date), key=lambda h: h.date or "", reverse=True)
            self._by_date = dated + [h for h in held if not h.date]
        return iter(self._by_date)

    def headline(self, article_id: str) -> Headline | None:
        """The headline of an article, held or (while the view is partial) read from its row."""
        found = self.headlines.get(article_id)
        if found is not None or self.complete:
            return found
        article = self.article(article_id)
        if article is None:
            return None
        return Headline(article.id, article.title, article.byline, article.date, article.source, article.bundled)

    def title(self, article_id: str) -> str:
        headline = self.headline(article_id)
        return headline.title if headline else f"{article_id} (not in the library)"

    def article(self, article_id: str) -> Article | None:
        """The whole article, or None if it is not in the library (or cannot be read: said in ``problems``)."""
        with self._lock:
            if article_id in self._open:
                self._open.move_to_end(article_id)
                return self._open[article_id]
        if self.complete and article_id not in self.headlines:
            return None
        try:
            article = self.library.get(article_id)
        except IngestError as exc:
            self.problems.append(str(exc))
            return None
        if article is not None:
            with self._lock:
                self._open[article_id] = article
                while len(self._open) > OPEN_ARTICLES_KEPT:
                    self._open.popitem(last=False)
        return article

    def take_problems(self) -> list[str]:
        """The reasons collected since the last call (for the screen to say), each once."""
        with self._lock:
            taken, self.problems = list(dict.fromkeys(self.problems)), []
        return taken

    def articles(self, article_ids: Collection[str]) -> dict[str, Article]:
        """Whole articles for these ids (those that exist)."""
        found = {article_id: self.article(article_id) for article_id in article_ids}
        return {article_id: article for article_id, article in found.items() if article is not None}


def entity_the_query_found(
    matched: Mapping[str, Sequence[str]], term_entities: Mapping[str, str], summaries: Sequence[EntitySummary]
) -> EntitySummary | None:
    """The entity an article was listed for instead of a typed word it does not hold (``gsim``: the article says
    JNIM): the reader shows that entity's mentions where it would show the word. ``matched``: the hit's term ->
    words found in the article."""
    for term, entity_id in term_entities.items():
        if not matched.get(term):
            found = next((summary for summary in summaries if summary.id == entity_id), None)
            if found is not None:
                return found
    return None


def article_findings(
    article: Article, words: set[str], with_entities: bool = True
) -> tuple[list[EntitySummary] | None, list[tuple[int, int]]]:
    """What the reader shows about an article besides its text: the entities it mentions, summarised (None when
    not asked for), and where the search ``words`` fall in its text (anchor-text spans)."""
    from sahel_tui.entities.extract import extract  # its patterns are compiled on first use
    from sahel_tui.entities.summary import summarize
    from sahel_tui.reading import blocks, span_positions
    from sahel_tui.search.highlight import article_spans

    summaries = summarize(extract(article)) if with_entities else None
    if not words:
        return summaries, []
    spans = article_spans(article.title, article.byline, article.standfirst, list(article.paragraphs), words)
    return summaries, span_positions(blocks(article), spans)


def _hand_index_as_it_is(library: Library, hand: Callable[[SearchIndex], None], id_map: bool) -> None:
    from sahel_tui.search.library_index import index_as_it_is

    index = index_as_it_is(library)
    if index is not None:
        index.prepare(id_map)
        hand(index)


def synced_search_data(
    library: Library,
    index_progress: Callable[[int, int], None] | None = None,
    entity_progress: Callable[[int, int], None] | None = None,
    errors: list | None = None,
    fresh: bool = False,
    id_map: bool = True,
    stop: threading.Event | None = None,
    index_first: Callable[[SearchIndex], None] | None = None,
    read_progress: Callable[[int, int], None] | None = None,
    index_meanwhile: Callable[[SearchIndex], None] | None = None,
) -> tuple[SearchIndex, EntityStats]:
    """The index and the entity figures brought up to date at the same time: the figures are made (mostly in
    worker processes) on a second thread while this one indexes. ``errors`` gets what could not be read once;
    ``id_map``: see :meth:`SearchIndex.prepare` (a caller asking one question does without). ``stop`` set: both
    end early with :class:`~sahel_tui.stopping.Stopped`, each keeping what it had finished. ``index_first`` is
    given the index as soon as it is ready when the figures are still being made (all of them again after the
    gazetteer changed: a minute at 100,000 articles), so words can be searched meanwhile. The entries a fetch
    stored unread are read first (in worker processes when they are many; ``read_progress``): the index and the
    figures are of the articles' text. Meanwhile ``index_meanwhile`` (a caller with nothing to search yet) is given
    the index as it was, when there is one: the articles it knows are searchable while the new ones are read
    (seconds for thousands, at the first start after a fetch)."""
    with contextlib.suppress(CatalogError):  # an unusable catalog: the index says so, of the bundled articles
        if index_meanwhile is not None and not fresh and library.catalog.stale_count(unread_only=True):
            _hand_index_as_it_is(library, index_meanwhile, id_map)
        library.reparse_stale(read_progress, stop, unread_only=True)
    made: dict[str, object] = {}
    notices: list = []  # the figures' own: an article they cannot read, the index names too

    def figures() -> None:
        try:
            made["stats"] = synced_stats(library, entity_progress, notices, stop)
        except BaseException as exc:  # handed to the caller's thread below
            made["error"] = exc

    from sahel_tui.search.library_index import open_synced_index

    thread = threading.Thread(target=figures, name="entity-figures", daemon=True)
    thread.start()
    try:
        index, _ = open_synced_index(library, index_progress, errors, fresh=fresh, stop=stop)
        index.prepare(id_map)  # here, in the caller's worker: not at the first keystroke (2 s at a million articles)
        if index_first is not None and thread.is_alive():
            index_first(index)
            made["handed"] = True
    finally:
        thread.join()
    if "error" in made:
        if "handed" not in made:  # a searcher handed it may be searching it still: closed when collected
            index.close()
        raise made["error"]
    if errors is not None:
        errors.extend(notice for notice in notices if isinstance(notice, str))
    return index, made["stats"]
