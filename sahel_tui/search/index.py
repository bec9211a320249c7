"""The persistent local index: an inverted index whose postings are numpy arrays stored as SQLite BLOBs.

Why this shape (measured in ``benchmarks/``): SQLite FTS5 spends 40-80 ms on a common word or a one-letter prefix
at 10k-100k articles, because it walks every posting row in C and hands each back to Python. Here a term's
postings are one BLOB (document numbers and per-field term frequencies) read with a single primary-key lookup,
and BM25F over all of them is a handful of vectorised numpy operations. SQLite still gives a crash-safe, versioned
file with transactions and no pickle; the vocabulary it holds drives the typo-tolerant expansion in
:mod:`sahel_tui.search.fuzzy`.

Ranking is lexicographic, as in Meilisearch: articles matching more query terms first, then better match quality
(exact > prefix > one typo > two typos, summed over terms), then BM25F with field weights
title > standfirst > byline > body.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sahel_tui.model import Article, Hit
from sahel_tui.search import docs_state
from sahel_tui.search.fuzzy import EXACT, PREFIX, Expansion, Vocabulary
from sahel_tui.search.hits import hit_of, phrases_hold
from sahel_tui.search.index_write import IndexWriting, next_docno
from sahel_tui.search.postings import FIELDS, related_text
from sahel_tui.search.query import Query, parse_query
from sahel_tui.search.ranking import in_batches
from sahel_tui.search.stems import query_stems

INDEX_VERSION = 8
"""Bumped when the schema or the tokenisation changes: an index of another version is rebuilt from scratch."""

ArticleReader = Callable[[Sequence[str]], Mapping[str, Article | None]]
"""Article ids -> the articles still in the library (missing ones left out, ``None`` for one whose text cannot be
read): where snippets and phrase checks read text, so the index need not hold a second copy of the library."""

FIELD_WEIGHTS = np.array([3.0, 2.0, 1.5, 1.0, 0.3], dtype=np.float32)
"""title > standfirst > byline > body; the related-article teasers a page carries count least."""
FIELD_B = np.array([0.4, 0.6, 0.3, 0.75, 0.5], dtype=np.float32)
K1 = 1.2
QUALITY_FACTOR = {EXACT: 1.0, PREFIX: 0.8, 1: 0.5, 0: 0.3}
"""How much of a word's BM25 score a match of each quality earns."""

ENTITY_BONUS = 2.0
"""Score an article earns for a query term that names an entity it mentions (under any of its names)."""

DOCNOS_KEPT = 64
"""Entities' document arrays kept between keystrokes (each the documents of one entity's articles)."""
SCORE_CACHE_BYTES = 48 * 1024 * 1024
"""Per-word (documents, BM25) arrays kept between keystrokes: typing "wag", "wagn", "wagne" re-uses them."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    docno INTEGER PRIMARY KEY,
    article_id TEXT UNIQUE NOT NULL,
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL,
    len_title INTEGER, len_standfirst INTEGER, len_byline INTEGER, len_body INTEGER, len_related INTEGER
);
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL, postings BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS delta (term TEXT PRIMARY KEY, df INTEGER NOT NULL, postings BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stems (lang TEXT, stem TEXT, word TEXT, PRIMARY KEY (lang, stem, word)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS terms_by_tail ON terms (substr(term, 2))",
    # what opening the index reads, without the postings stored beside it in the rows: a scan of a small
    # covering index instead of the whole file
    "CREATE INDEX IF NOT EXISTS terms_vocabulary ON terms (term, df)",
)
"""Created after a bulk build has written every row (one sorted pass each instead of an update per insert), and
by the first open of an index built before they existed."""


class IndexUnavailable(Exception):
    """The index cannot be opened or made where it should be; ``str()`` names the file and the reason."""


class IndexDamaged(Exception):
    """A query met index data that is not what a build writes (a bad postings blob, an impossible number)."""


MAX_DOCNO_SLACK = 1000
"""Document numbers run from 0 with few gaps; one far beyond the article count means damage."""


def _docnos_sane(connection: sqlite3.Connection) -> bool:
    highest = connection.execute("SELECT max(docno) FROM docs").fetchone()[0]
    if highest is None:
        return True
    count = docs_state.known_count(connection, next_docno(connection))
    if count is None:  # the kept count does not describe docs: counted (a quarter of a warm search at a million)
        count = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
    return 0 <= highest < (1 << 31) - 1 and highest < 2 * count + MAX_DOCNO_SLACK


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    """How many articles matched (before ``limit``)."""
    partial: bool = False
    """No article had every term: these are the best partial matches."""
    query: Query = field(default_factory=Query)


class SearchIndex(IndexWriting):
    """Open with :meth:`open`; keep in step with the library with :meth:`sync`; query with :meth:`search`."""

    version = INDEX_VERSION
    tail_indexes = _INDEXES

    def __init__(self, connection: sqlite3.Connection, path: Path, articles: ArticleReader) -> None:
        self.path = path
        self._articles = articles
        self._db = connection
        self._lock = threading.RLock()
        self._scored: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._scored_bytes = 0
        self._map_ids = True
        self._listed_kept: tuple[Sequence[str], dict[str, int], np.ndarray] | None = None
        self._state_stale = True
        """Whether the in-memory state (lengths, liveness, vocabulary) must be read before use: it is read when
        first needed, not at open, so a command that opens and then syncs reads it once (0.35 s at 100k)."""

    @classmethod
    def open(cls, path: Path, articles: ArticleReader) -> SearchIndex:
        """Open the index at ``path``, starting afresh if it is missing, of another version, or damaged.

        The index is derived data in the cache dir: throwing it away loses nothing. It keeps each article's title
        but not its text: snippets and phrase checks read the articles they need with ``articles``.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                connection = cls._connect(path)
                version = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if version is not None and int(version[0]) == INDEX_VERSION and _docnos_sane(connection):
                    docs_state.watch_docs(connection)
                    return cls(connection, path, articles)
                connection.close()
            except (sqlite3.DatabaseError, ValueError):
                pass
            cls.discard(path)
            connection = cls._connect(path)
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(INDEX_VERSION),))
            connection.commit()
            docs_state.watch_docs(connection)
            return cls(connection, path, articles)
        except (OSError, sqlite3.Error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise IndexUnavailable(f"{path}: the search index cannot be kept there ({reason})") from None

    @staticmethod
    def discard(path: Path) -> None:
        """Delete the index at ``path`` (it is derived data); anything else found there is left alone."""
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if stale.is_dir() and not stale.is_symlink():
                raise IndexUnavailable(f"{stale}: a folder is where the search index goes; it was left alone")
            stale.unlink(missing_ok=True)

    @staticmethod
    def _connect(path: Path, bulk: bool = False) -> sqlite3.Connection:
        """A connection; ``bulk`` ones write a brand-new file with no journal (it only becomes the index by rename)."""
        connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA journal_mode=OFF" if bulk else "PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF" if bulk else "PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=5000")
        connection.executescript(_SCHEMA)
        if not bulk:
            for statement in _INDEXES:
                connection.execute(statement)
        return connection

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- keeping in step with the library ----------------------------------------------------------------------

    @property
    def document_count(self) -> int:
        self._ensure_state()
        return int(self._live.sum())

    @property
    def vocabulary(self) -> Vocabulary:
        self._ensure_state()
        return self._vocabulary

    def article_ids(self) -> set[str]:
        """Every indexed article (for filters that exclude, such as ``is:unread``)."""
        self._ensure_state()
        return set(self._ids)

    @property
    def _docnos(self) -> dict[str, int]:
        """Article id -> document number, made when a filter or an entity first needs it."""
        with self._lock:
            if self._docnos_read is None:
                self._docnos_read = dict(zip(self._ids, self._numbers.tolist(), strict=True))
            return self._docnos_read

    def prepare(self, id_map: bool = True) -> None:
        """Read the state searching needs now (it is otherwise read by the first search): for a caller that has a
        worker to spare before the first keystroke, such as the app. With ``id_map``, the map from article ids to
        document numbers too, which a query naming an entity or filtering by article uses (0.4 s to make at a
        million articles, then a lookup per id); without it, such a query looks through the ids once instead
        (0.08 s at a million) — for a caller that asks one question, such as ``sahel-tui search``."""
        self._ensure_state()
        self._map_ids = id_map
        if id_map:
            self._docnos  # noqa: B018 (read for its side effect: kept until the state changes)

    def _numbers_of(self, article_ids: Collection[str]) -> np.ndarray:
        """The document numbers of those of ``article_ids`` that are indexed."""
        if self._docnos_read is None and not self._map_ids:
            wanted = article_ids if isinstance(article_ids, set | frozenset) else set(article_ids)
            return self._numbers[np.fromiter(map(wanted.__contains__, self._ids), bool, len(self._ids))]
        docnos = self._docnos
        return np.fromiter((docnos[aid] for aid in article_ids if aid in docnos), dtype=np.int64)

    def _ensure_state(self) -> None:
        with self._lock:
            if self._state_stale:
                self._load_state()

    def _load_state(self) -> None:
        size = self._next_docno()  # numbers of removed articles included: their old postings are masked
        state = docs_state.load(self._db, size)
        self._live = np.zeros(size, bool)
        self._lengths = np.zeros((size, len(FIELDS)), np.float32)
        self._live[state.docnos] = True
        self._lengths[state.docnos] = state.lengths
        self._ids, self._numbers = state.ids, state.docnos
        self._docnos_read: dict[str, int] | None = None
        self._docnos_kept: dict[frozenset, np.ndarray] = {}  # numbers change with the state: kept ones go too
        present = np.maximum((self._lengths > 0).sum(axis=0), 1)  # a field's average over articles that have it
        average = np.maximum(self._lengths.sum(axis=0) / present, 1.0)
        norm = (FIELD_WEIGHTS / (1.0 - FIELD_B + FIELD_B * self._lengths / average)).astype(np.float32)
        self._field_norm = np.ascontiguousarray(norm.T)
        """Per field, per article: weight / BM25 length normalisation, so a word's score is a product and sum per
        field it occurs in (a row per field: a word found only in bodies reads one row)."""
        self._live_count = max(int(self._live.sum()), 1)
        self._scored.clear()
        self._scored_bytes = 0
        vocabulary = self._db.execute("SELECT term, df FROM terms ORDER BY term").fetchall()
        delta = self._db.execute("SELECT term, df FROM delta").fetchall()
        if delta:  # words of recently added articles: merged in (the delta is small between merges)
            merged = dict(vocabulary)
            for term, df in delta:
                merged[term] = merged.get(term, 0) + df
            vocabulary = sorted(merged.items())
        self._state_stale = False
        self._vocabulary = Vocabulary(
            [term for term, _ in vocabulary], np.array([df for _, df in vocabulary], dtype=np.int64), self._tails
        )

    def _tails(self, start: str, limit: int) -> list[str]:
        """Words whose tail (all but the first letter) begins with ``start``: the first-letter-typo lookup."""
        with self._lock:
            rows = self._db.execute(
                "SELECT term FROM terms WHERE substr(term, 2) >= ? AND substr(term, 2) < ? LIMIT ?",
                (start, start + "\U0010ffff", limit),
            ).fetchall()
            rows += self._db.execute(
                "SELECT term FROM delta WHERE substr(term, 2) >= ? AND substr(term, 2) < ? LIMIT ?",
                (start, start + "\U0010ffff", limit),
            ).fetchall()
        return sorted({row[0] for row in rows})[:limit]

    # -- querying ----------------------------------------------------------------------------------------------

    def postings(self, word: str) -> np.ndarray:
        """The word's raw postings (documents and per-field counts), read from the file."""
        with self._lock:
            self._ensure_state()
            return self._read_postings(word)

    def scored(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding ``word`` and its BM25F score in each (cached within a byte budget)."""
        with self._lock:  # an older keystroke's search thread may still be finishing alongside a new one
            self._ensure_state()
            cached = self._scored.get(word)
            if cached is not None:
                self._scored.move_to_end(word)
                return cached
            parts = self._read_columns(word)
            docs = np.concatenate([part.docs for part in parts]) if parts else np.zeros(0, np.intp)
            weighted = [self._weighted(part.docs, part.fields, part.counts) for part in parts]
            entry = (docs, self._bm25_of(docs, np.concatenate(weighted) if parts else np.zeros(0, np.float32)))
            self._scored[word] = entry
            self._scored_bytes += entry[0].nbytes + entry[1].nbytes
            while self._scored_bytes > SCORE_CACHE_BYTES and len(self._scored) > 1:
                _, (docs, scores) = self._scored.popitem(last=False)
                self._scored_bytes -= docs.nbytes + scores.nbytes
            return entry

    def share_within(self, word: str, article_ids: Collection[str]) -> float | None:
        """The share of the documents holding ``word`` (as written) that are among ``article_ids``; None when no
        document holds it."""
        try:
            docs = self.scored(word)[0]
            return float(np.isin(docs, self._docnos_of(article_ids)).mean()) if len(docs) else None
        except (sqlite3.Error, ValueError, IndexError, OverflowError, TypeError) as exc:
            raise IndexDamaged(f"{self.path}: the search index is damaged ({type(exc).__name__}: {exc})") from exc

    def search(
        self,
        query: Query | str,
        limit: int = 20,
        restrict: Collection[str] | None = None,
        full_spans: bool = False,
        also_matching: Mapping[str, Collection[str]] | None = None,
        titles_only: bool = False,
        order: Sequence[str] | None = None,
    ) -> SearchResult:
        """Ranked hits for ``query``; ``restrict`` (article ids) narrows to a set, e.g. ``entity:`` or bookmarks;
        ``order`` (article ids as a list shows them): hits in that order instead of by rank, articles not in it
        last (a list filtered rather than searched, or sorted by date).

        Hits carry the spans of the title and of the snippet's field; ``full_spans`` adds every body match
        (for ``--json`` output; the reader asks :func:`highlight.article_spans` for the article it opens).
        ``also_matching`` maps a query term to articles that match it without containing it (articles that
        mention the entity a term names, such as ``gsim`` for JNIM).
        """
        parsed = parse_query(query) if isinstance(query, str) else query
        try:
            self._ensure_state()
            return self._search(parsed, limit, restrict, "full" if full_spans else "title" if titles_only else "brief",
                                also_matching, order)  # fmt: skip
        except (sqlite3.Error, ValueError, IndexError, OverflowError, TypeError) as exc:
            raise IndexDamaged(f"{self.path}: the search index is damaged ({type(exc).__name__}: {exc})") from exc

    def _search(
        self,
        parsed: Query,
        limit: int,
        restrict: Collection[str] | None,
        spans: str,
        also_matching: Mapping[str, Collection[str]] | None,
        order: Sequence[str] | None = None,
    ) -> SearchResult:
        size = len(self._live)
        allowed = self._live.copy()
        if restrict is not None:
            mask = np.zeros(size, bool)
            mask[self._numbers_of(restrict)] = True
            allowed &= mask
        for word in parsed.excluded:
            allowed[self.scored(word)[0]] = False
        matched = np.zeros(size, np.int16)
        quality = np.zeros(size, np.int16)
        score = np.zeros(size, np.float32)
        expansions: dict[str, list[Expansion]] = {}
        for term in parsed.terms:
            term_expansions = self.vocabulary.expand(term.text, term.prefix)
            term_expansions += self._stem_expansions(term.text, {e.word for e in term_expansions})
            expansions[term.text] = term_expansions
            best_quality = np.full(size, -1, np.int8)
            best_score = np.zeros(size, np.float32)
            for expansion in term_expansions:
                docs, word_scores = self.scored(expansion.word)
                earned = word_scores * QUALITY_FACTOR[expansion.quality]
                best_score[docs] = np.maximum(best_score[docs], earned)
                best_quality[docs] = np.maximum(best_quality[docs], expansion.quality)
            extra = (also_matching or {}).get(term.text)
            if extra:
                docs = self._docnos_of(extra)
                best_quality[docs] = np.maximum(best_quality[docs], EXACT)
                best_score[docs] += ENTITY_BONUS
            matched += best_quality >= 0
            quality += np.maximum(best_quality, 0)
            score += best_score
        required = allowed
        for phrase in parsed.phrases:
            required = required & self._all_words_mask(phrase, size)
            for word in phrase:
                docs, word_scores = self.scored(word)
                score[docs] += word_scores
        byline_words: set[str] = set()
        for position, name in enumerate(parsed.byline):
            byline_mask = np.zeros(size, bool)
            for expansion in self.vocabulary.expand(name, prefix=position == len(parsed.byline) - 1):
                postings = self.postings(expansion.word)
                in_byline = postings[postings["tf"][:, 2] > 0]
                if len(in_byline):
                    byline_mask[in_byline["doc"]] = True
                    byline_words.add(expansion.word)
                    score[in_byline["doc"]] += self._bm25(in_byline) * QUALITY_FACTOR[expansion.quality]
            required = required & byline_mask
        partial = False
        if parsed.terms:
            candidates = required & (matched == len(parsed.terms))
            if not candidates.any():
                candidates = required & (matched > 0)
                partial = bool(candidates.any()) and len(parsed.terms) > 1
        else:
            has_filter = parsed.phrases or parsed.byline or parsed.excluded_phrases or restrict is not None
            candidates = required if (has_filter or parsed.excluded or parsed.is_empty) else required & False
        if order is None:
            rank = matched.astype(np.float64) * 1e6 + quality.astype(np.float64) * 1e4 + np.minimum(score, 9999.0)
        else:
            rank = self._listed_rank(order, size)
        docnos = np.flatnonzero(candidates)
        need_verify = bool(parsed.phrases or parsed.excluded_phrases)
        need_text = need_verify or spans != "title"
        chosen: list[tuple[int, dict]] = []
        total = len(docnos)
        step = max(limit, 1) * 4 if need_verify else max(limit, 1)
        for batch in in_batches(docnos, rank, total if need_verify else limit, step):
            for docno, row in zip(batch, self._doc_rows(batch, need_text), strict=True):
                if row is None or (need_verify and not phrases_hold(row, parsed)):
                    total -= 1  # gone from the library since it was indexed, or the phrase is not there
                    continue
                if len(chosen) < limit:
                    chosen.append((docno, row))
            if len(chosen) >= limit and not need_verify:
                break
        matched_words = self._matched_words([docno for docno, _ in chosen], expansions)
        hits = [
            hit_of(row, matched_words[docno], byline_words, parsed, float(score[docno]), spans) for docno, row in chosen
        ]
        return SearchResult(hits=hits, total=total, partial=partial, query=parsed)

    def _listed_rank(self, order: Sequence[str], size: int) -> np.ndarray:
        """A rank per document from a list's order, the first listed highest; kept for the same list (asked at every
        keystroke of a filtered list)."""
        docnos = self._docnos
        kept = self._listed_kept
        if kept is not None and kept[0] is order and kept[1] is docnos:
            return kept[2]
        numbers = np.fromiter((docnos[aid] for aid in order if aid in docnos), dtype=np.int64)
        rank = np.zeros(size, np.float64)
        rank[numbers] = np.arange(len(numbers), 0, -1, dtype=np.float64)
        self._listed_kept = (order, docnos, rank)
        return rank

    def _docnos_of(self, article_ids: Collection[str]) -> np.ndarray:
        """The documents of these articles; kept for a frozenset (an entity's articles, asked at every keystroke
        of a query naming it: 6 ms at 100k articles to work out again each time)."""
        kept = self._docnos_kept.get(article_ids) if isinstance(article_ids, frozenset) else None
        if kept is not None:
            return kept
        found = self._numbers_of(article_ids)
        if isinstance(article_ids, frozenset):
            if len(self._docnos_kept) >= DOCNOS_KEPT:
                self._docnos_kept.clear()
            self._docnos_kept[article_ids] = found
        return found

    def _stem_expansions(self, word: str, found: set[str]) -> list[Expansion]:
        """Indexed words sharing a stem with ``word`` in either language (``attaques`` -> ``attaque``)."""
        stems = query_stems(word)
        if not stems:
            return []
        where = " OR ".join("(lang = ? AND stem = ?)" for _ in stems)
        with self._lock:
            rows = self._db.execute(f"SELECT word FROM stems WHERE {where} LIMIT 64", [v for p in stems for v in p])
            words = {row[0] for row in rows}
        words |= {stemmed for _, stemmed in stems if stemmed in self.vocabulary}
        return [Expansion(other, 0, stem=True) for other in sorted(words - found - {word})]

    def _bm25(self, postings: np.ndarray) -> np.ndarray:
        docs = postings["doc"]
        return self._bm25_of(docs, self._weighted(docs, range(len(FIELDS)), postings["tf"].T))

    def _weighted(self, docs: np.ndarray, fields: Iterable[int], counts: Iterable[np.ndarray]) -> np.ndarray:
        """Each document's counts weighted and length-normalised, summed: one product per field the word occurs in
        (``take``, not ``docs`` as an index: a third of the time for the ~100,000 postings of a common word)."""
        weighted = np.zeros(len(docs), np.float32)
        for number, row in zip(fields, counts, strict=True):
            weighted += self._field_norm[number].take(docs) * row
        return weighted

    def _bm25_of(self, docs: np.ndarray, weighted: np.ndarray) -> np.ndarray:
        if not len(docs):
            return np.zeros(0, np.float32)
        df = int(self._live.take(docs).sum())  # a removed or replaced article's old postings do not count
        idf = math.log(1.0 + (self._live_count - df + 0.5) / (df + 0.5))
        return (idf * weighted * (K1 + 1.0) / (weighted + K1)).astype(np.float32)

    def _all_words_mask(self, words: Iterable[str], size: int) -> np.ndarray:
        mask = np.ones(size, bool)
        for word in words:
            present = np.zeros(size, bool)
            present[self.scored(word)[0]] = True
            mask &= present
        return mask

    def _doc_rows(self, docnos: list[int], need_text: bool) -> list[dict | None]:
        """The fields of these documents, in order: the title from the index, the rest (``need_text``) from the
        articles themselves; ``None`` for an article no longer in the library."""
        if not docnos:
            return []
        marks = ",".join("?" * len(docnos))
        with self._lock:
            fetched = self._db.execute(
                f"SELECT docno, article_id, title FROM docs WHERE docno IN ({marks})", docnos
            ).fetchall()
        rows = {docno: {"id": article_id, "title": title} for docno, article_id, title in fetched}
        if need_text:
            articles = self._articles([row["id"] for row in rows.values()])
            for docno, row in list(rows.items()):
                if row["id"] not in articles:
                    del rows[docno]
                    continue
                article = articles[row["id"]]
                if article is None:
                    row.update(byline=None, standfirst=None, body="", paragraphs=[], related="", unreadable=True)
                    continue
                row.update(title=article.title, byline=article.byline, standfirst=article.standfirst,
                           body=article.body_text, paragraphs=list(article.paragraphs),
                           related=related_text(article))  # fmt: skip
        return [rows.get(d) for d in docnos]

    def _matched_words(
        self, docnos: list[int], expansions: dict[str, list[Expansion]]
    ) -> dict[int, dict[str, tuple[str, ...]]]:
        """For each chosen article: query term -> the indexed words it matched there."""
        found: dict[int, dict[str, list[str]]] = {docno: {} for docno in docnos}
        if not docnos:
            return {}
        chosen = np.array(docnos)
        for term, term_expansions in expansions.items():
            for expansion in term_expansions:
                docs = self.scored(expansion.word)[0]
                if not len(docs):
                    continue
                positions = np.minimum(np.searchsorted(docs, chosen), len(docs) - 1)
                for docno in chosen[docs[positions] == chosen]:
                    found[int(docno)].setdefault(term, []).append(expansion.word)
        return {docno: {term: tuple(words) for term, words in terms.items()} for docno, terms in found.items()}
