"""Turning articles into index rows: the terms of each field, and per-term postings packed as numpy BLOBs.

Kept apart from :mod:`sahel_tui.search.index` (which opens, syncs and queries the index) because it is the one
idea of the build: flat (document, term, field, count) arrays in, one sorted (term, df, BLOB) row per term out.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable

import numpy as np

from sahel_tui.model import Article
from sahel_tui.search.stems import language_bits, stem_rows
from sahel_tui.search.tokens import index_terms

FIELDS = ("title", "standfirst", "byline", "body", "related")
TF_MAX = 255
"""Term counts are stored in a byte per field: BM25 saturates long before 255 (k1 = 1.2), and postings shrink by a
third, which is a third less to write while building and to read per keystroke."""
POSTING = np.dtype([("doc", "<i4"), ("tf", "u1", (len(FIELDS),))])
RUN_ENTRIES = 4_000_000
"""How many (document, field, term) entries a build holds before packing them into a run of postings and writing
it out: the build's memory is bounded by this (about 150 MB while packing), not by the library's size."""


def field_terms(article: Article) -> list[list[str]]:
    return [
        index_terms(article.title),
        index_terms(article.standfirst or ""),
        index_terms(article.byline or ""),
        index_terms(article.body_text),
        index_terms(related_text(article)),
    ]


def related_text(article: Article) -> str:
    return "\n\n".join(
        " ".join(part for part in (t.title, t.byline, t.snippet, t.section) if part) for t in article.teasers
    )


def doc_row(docno: int, article: Article, fingerprint: str, per_field: list[list[str]]) -> tuple:
    return (docno, article.id, fingerprint, article.title, *(len(terms) for terms in per_field))


def posting_rows(
    term_ids: dict[str, int], docs, terms, fields, counts, doc_count: int, first_doc: int = 0, skip_empty=False
) -> Iterable[tuple]:
    """Flat (doc, term, field, count) arrays -> one (term, df, BLOB) row per term, postings sorted by doc (the
    documents numbered from ``first_doc``); ``skip_empty`` leaves out the terms with no posting here."""
    keys = terms.astype(np.int64) * doc_count + docs
    del docs
    order = np.argsort(keys)
    keys = keys[order]
    first = np.empty(len(keys), bool)  # the first entry of each (term, doc): one posting each
    first[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    posting_of_entry = np.cumsum(first) - 1
    unique_keys = keys[first]
    del keys, first
    postings = np.zeros(len(unique_keys), POSTING)
    postings["doc"] = unique_keys % doc_count
    tf = postings["tf"]  # a view: filled in place
    tf[posting_of_entry, fields[order]] = np.minimum(counts[order], TF_MAX)  # each (doc, term, field) occurs once
    del posting_of_entry, order
    bounds = np.searchsorted(unique_keys // doc_count, np.arange(len(term_ids) + 1)).tolist()
    del unique_keys
    postings["doc"] += first_doc
    raw = memoryview(postings.tobytes())
    del postings
    width = POSTING.itemsize
    for term, term_id in sorted(term_ids.items()):  # in key order: SQLite appends instead of splitting pages
        start, end = bounds[term_id], bounds[term_id + 1]
        if end > start or not skip_empty:
            yield term, end - start, raw[start * width : end * width]


class PostingsBuilder:
    """Accumulates the terms of articles added one after another (document 0, 1, 2 …) in compact ``array``
    buffers, 4 bytes per entry, then packs them into one postings row per term.

    A big build packs what it holds into a *run* whenever it is ``full`` (``take_run``) and goes on with empty
    buffers; a term's postings are then its runs' BLOBs joined in order (each run's documents follow the last's).
    """

    def __init__(self) -> None:
        self.term_ids = AutoNumber()
        self.doc_count = 0
        self._term_languages = np.zeros(0, np.int8)  # per term: the languages of the documents it occurs in
        self._empty_buffers()

    def _empty_buffers(self) -> None:
        self.terms, self.counts, self.runs = array("i"), array("i"), array("i")  # runs: entries per (doc, field)
        self.languages = array("b")  # per document: the stemming languages of its words (stems.language_bits)
        self.first_doc = self.doc_count

    @property
    def full(self) -> bool:
        return len(self.terms) >= RUN_ENTRIES

    def take_run(self) -> list[tuple]:
        """The postings held so far, as (term, df, BLOB) rows of the terms that have any; the buffers empty."""
        rows = [(term, df, bytes(blob)) for term, df, blob in self._rows(skip_empty=True)]
        self._fold_languages()
        self._empty_buffers()
        return rows

    def add(self, article: Article) -> list[list[str]]:
        """Take in the next document; returns its terms per field."""
        per_field = field_terms(article)
        for terms_of_field in per_field:
            field_counts = Counter(terms_of_field)
            self.terms.extend(map(self.term_ids.__getitem__, field_counts))
            self.counts.extend(field_counts.values())
            self.runs.append(len(field_counts))
        self.languages.append(language_bits(article.lang))
        self.doc_count += 1
        return per_field

    def _fold_languages(self) -> None:
        bits = np.zeros(len(self.term_ids), np.int8)
        bits[: len(self._term_languages)] = self._term_languages
        runs = _int32(self.runs)
        if len(runs):
            docs = np.repeat(np.arange(len(runs)) // len(FIELDS), runs)
            np.bitwise_or.at(bits, _int32(self.terms), np.frombuffer(self.languages, np.int8)[docs])
        self._term_languages = bits

    def stem_rows(self) -> list[tuple[str, str, str]]:
        """(language, stem, word) rows: each word stemmed in the languages of the documents it occurs in."""
        self._fold_languages()
        bits = self._term_languages
        return stem_rows((word, int(bits[term_id])) for word, term_id in self.term_ids.items() if bits[term_id])

    def rows(self) -> Iterable[tuple]:
        """(term, df, BLOB) per term, in term order; documents numbered in the order they were added (of the
        current run only, when runs were taken)."""
        return self._rows(skip_empty=self.first_doc > 0)

    def _rows(self, skip_empty: bool) -> Iterable[tuple]:
        runs = _int32(self.runs)
        slots = np.arange(len(runs), dtype=np.int32)
        docs = np.repeat(slots // len(FIELDS), runs)
        fields = np.repeat(slots % len(FIELDS), runs)
        return posting_rows(self.term_ids, docs, _int32(self.terms), fields, _int32(self.counts),
                            max(self.doc_count - self.first_doc, 1), self.first_doc, skip_empty)  # fmt: skip


def _int32(values: array) -> np.ndarray:
    return np.frombuffer(values, np.int32) if values else np.zeros(0, np.int32)


class AutoNumber(dict):
    """term -> id, numbering unseen terms as they come (``__getitem__`` never raises)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value
