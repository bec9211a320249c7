"""Typo tolerance at the vocabulary level: a typed term -> the few indexed words it may stand for.

As in Lucene, tantivy, Meilisearch and Typesense, the typed term is never compared with documents, only with
the index's vocabulary, and only within its typo budget: none under 5 characters, 1 for 5–8, 2 from 9 up — and a
4-letter term that is no word and begins none gets 1 as a whole word (Sahel names are short: ``kidl`` is Kidal,
``mpti`` is not anything else; a 4-letter word that is in the vocabulary, ``male``, never becomes ``mali``).
Transpositions count as one typo (optimal string alignment distance). A typo on the first letter is rare and
costs two, so only long terms can have one. The last term typed is a prefix, typo-tolerant too.

The vocabulary is sorted, so a prefix is a contiguous range found by bisection, and the words sharing a first
letter and a length (or the prefixes of a given length) form small buckets, built on first use and kept.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_PREFIX_COMPLETIONS = 40
"""Completions of a prefix kept, the most frequent first: ``a`` must not expand to 20,000 words per keystroke."""
SHORT_PREFIX_COMPLETIONS = {1: 8, 2: 20}
"""Fewer for one- and two-letter prefixes: their completions are the commonest words, with the longest postings."""
MAX_TYPO_EXPANSIONS = 24
"""Words kept per term among those within the typo budget (fewest typos, then most frequent)."""

LAST_RESORT_TYPO_LENGTH = 4
"""A term this long gets one typo only when it matches nothing as it is (see the module's docstring)."""

EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 3, 2, 1, 0
"""Match quality, best first: exact beats prefix beats one typo beats two."""


def typo_budget(term: str) -> int:
    length = len(term)
    return 0 if length < 5 else 1 if length < 9 else 2


def typo_budget_when_nothing_matches(term: str) -> int:
    """The last resort's budget (see the module's docstring): 1 for a 4-letter term, else none."""
    return 1 if len(term) == LAST_RESORT_TYPO_LENGTH else 0


@dataclass(frozen=True)
class Expansion:
    word: str
    typos: int
    prefix: bool = False
    stem: bool = False
    """Another form of the typed word (``attaque`` for ``attaques``): ranked like a prefix, below exact."""

    @property
    def quality(self) -> int:
        if self.typos:
            return ONE_TYPO if self.typos == 1 else TWO_TYPOS
        return PREFIX if self.prefix or self.stem else EXACT


class Vocabulary:
    """The indexed words (sorted) with their document frequencies."""

    def __init__(
        self, words: list[str], doc_freq: np.ndarray, tails: Callable[[str, int], list[str]] | None = None
    ) -> None:
        """``tails(start, limit)``: words whose second letter onwards begins with ``start``. The index answers it
        from an SQLite expression index; without one, a sorted list is built on first use."""
        self.words = words
        self.doc_freq = doc_freq
        self._tail_source = tails
        self._positions = {word: index for index, word in enumerate(words)}
        self._word_buckets: dict[tuple[str, int], list[str]] = {}
        self._prefix_buckets: dict[tuple[str, int], list[str]] = {}
        self._tails: tuple[list[str], list[str]] | None = None

    def __contains__(self, word: str) -> bool:
        return word in self._positions

    def __len__(self) -> int:
        return len(self.words)

    def expand(self, term: str, prefix: bool = False) -> list[Expansion]:
        """The indexed words ``term`` may stand for, best first (never more than a few dozen)."""
        if not term:
            return []
        found: dict[str, Expansion] = {}
        if term in self._positions:
            found[term] = Expansion(term, 0)
        budget = typo_budget(term)
        if prefix:
            for word in self.completions(term, SHORT_PREFIX_COMPLETIONS.get(len(term), MAX_PREFIX_COMPLETIONS)):
                found.setdefault(word, Expansion(word, 0, prefix=True))
        fuzzy: list[Expansion] = []
        if budget:
            fuzzy += self._same_first_letter(term, budget, prefix)
        elif typo_budget_when_nothing_matches(term) and not found:
            fuzzy += self._same_first_letter(term, 1, prefix=False)
        if budget >= 2:
            fuzzy += self._first_letter_typos(term, prefix)
        fuzzy.sort(key=lambda e: (e.typos, -self._df(e.word)))
        for expansion in fuzzy[: MAX_TYPO_EXPANSIONS * 2]:
            if expansion.word not in found:
                found[expansion.word] = expansion
        ranked = sorted(found.values(), key=lambda e: (-e.quality, -self._df(e.word)))
        exact_and_prefix = [e for e in ranked if not e.typos]
        typos = [e for e in ranked if e.typos][:MAX_TYPO_EXPANSIONS]
        return exact_and_prefix + typos

    def completions(self, prefix: str, limit: int = MAX_PREFIX_COMPLETIONS) -> list[str]:
        """Words that start with ``prefix`` (the word itself excluded), most frequent first."""
        lo, hi = self._range(prefix)
        if hi - lo <= 0:
            return []
        if hi - lo > limit:
            top = np.argpartition(-self.doc_freq[lo:hi], limit)[:limit]
            indices = sorted(top + lo, key=lambda i: -self.doc_freq[i])
        else:
            indices = sorted(range(lo, hi), key=lambda i: -self.doc_freq[i])
        return [self.words[i] for i in indices if self.words[i] != prefix][:limit]

    # -- internals ------------------------------------------------------------------------------------------

    def _df(self, word: str) -> int:
        position = self._positions.get(word)
        return int(self.doc_freq[position]) if position is not None else 0

    def _range(self, prefix: str) -> tuple[int, int]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo)
        return lo, hi

    def _same_first_letter(self, term: str, budget: int, prefix: bool) -> list[Expansion]:
        """Words (or, for a prefix, word beginnings) within ``budget`` edits that keep the first letter."""
        out: list[Expansion] = []
        first, length = term[0], len(term)
        for size in range(max(1, length - budget), length + budget + 1):
            bucket = self._prefix_bucket(first, size) if prefix else self._word_bucket(first, size)
            for candidate, distance, _ in process.extract(
                term, bucket, scorer=OSA.distance, score_cutoff=budget, limit=None
            ):
                if distance == 0 and not prefix:
                    continue
                if prefix:
                    for word in [candidate, *self.completions(candidate, MAX_TYPO_EXPANSIONS)]:
                        if word in self._positions and (distance or word != term):
                            out.append(Expansion(word, int(distance), prefix=word != candidate))
                else:
                    out.append(Expansion(candidate, int(distance)))
        return [e for e in out if e.typos or e.word != term]

    def _first_letter_typos(self, term: str, prefix: bool) -> list[Expansion]:
        """First letter replaced, dropped, doubled or swapped with the second: two typos, nothing else."""
        out: list[Expansion] = []
        rest = term[1:]
        swapped = term[1] + term[0] + term[2:]
        if prefix:
            for tail_start in (rest, term):  # replaced / dropped first letter
                for word in self._words_with_tail(tail_start, MAX_TYPO_EXPANSIONS):
                    if word[0] != term[0]:
                        out.append(Expansion(word, 2, prefix=True))
            for start in (rest, swapped):  # an extra first letter typed / first two letters swapped
                if start in self._positions:
                    out.append(Expansion(start, 2))
                out += [Expansion(word, 2, prefix=True) for word in self.completions(start, MAX_TYPO_EXPANSIONS)]
            return out
        for tail in (rest, term):  # replaced / dropped first letter
            for word in self._words_with_tail(tail, MAX_TYPO_EXPANSIONS):
                if word[1:] == tail and word[0] != term[0]:
                    out.append(Expansion(word, 2))
        for word in (rest, swapped):  # an extra first letter typed / first two letters swapped
            if word in self._positions and word != term:
                out.append(Expansion(word, 2))
        return out

    def _words_with_tail(self, start: str, limit: int) -> list[str]:
        if self._tail_source is not None:
            return [word for word in self._tail_source(start, limit * 2) if len(word) > 3][:limit]
        tails, owners = self._sorted_tails()
        lo = bisect.bisect_left(tails, start)
        hi = bisect.bisect_left(tails, start + "\U0010ffff", lo)
        return owners[lo : min(hi, lo + limit)]

    def _word_bucket(self, first: str, length: int) -> list[str]:
        key = (first, length)
        bucket = self._word_buckets.get(key)
        if bucket is None:
            lo, hi = self._range(first)
            bucket = [word for word in self.words[lo:hi] if len(word) == length]
            self._word_buckets[key] = bucket
        return bucket

    def _prefix_bucket(self, first: str, length: int) -> list[str]:
        """Distinct beginnings of ``length`` characters of the words starting with ``first``."""
        key = (first, length)
        bucket = self._prefix_buckets.get(key)
        if bucket is None:
            lo, hi = self._range(first)
            bucket = sorted({word[:length] for word in self.words[lo:hi] if len(word) >= length})
            self._prefix_buckets[key] = bucket
        return bucket

    def _sorted_tails(self) -> tuple[list[str], list[str]]:
        if self._tails is None:
            pairs = sorted((word[1:], word) for word in self.words if len(word) > 3)
            self._tails = ([tail for tail, _ in pairs], [word for _, word in pairs])
        return self._tails
