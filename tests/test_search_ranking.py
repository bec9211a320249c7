"""The hits' order: the best picked out first must be exactly the order a full sort gives."""

from __future__ import annotations

from itertools import chain

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_tui.search.ranking import SORT_ALL_BELOW, best_first, in_batches


def full_order(docnos: np.ndarray, rank: np.ndarray) -> list[int]:
    return docnos[np.lexsort((docnos, -rank[docnos]))].tolist()


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    distinct_ranks=st.sampled_from([1, 2, 7, 300, 10**9]),
    share=st.floats(0.05, 1.0),
    wanted=st.integers(1, 400),
)
def test_the_best_first_then_the_rest_is_the_full_order(seed, distinct_ranks, share, wanted) -> None:
    """Many ties (a handful of distinct ranks) and none; candidates from a few to every document."""
    generator = np.random.default_rng(seed)
    size = SORT_ALL_BELOW * 3
    rank = generator.integers(0, distinct_ranks, size).astype(np.float64) * 1e4 + generator.random(size).round(1)
    docnos = np.flatnonzero(generator.random(size) < share)
    pieces = [piece.tolist() for piece in best_first(docnos, rank, wanted)]
    expected = full_order(docnos, rank)
    assert list(chain.from_iterable(pieces)) == expected
    assert len(pieces[0]) >= min(wanted, len(docnos)), "the first piece holds the wanted best"
    batches = list(in_batches(docnos, rank, wanted, 60))
    assert list(chain.from_iterable(batches)) == expected and all(len(batch) <= 60 for batch in batches)


def test_a_query_matching_nearly_everything_does_not_sort_everything() -> None:
    """The point of it: with 100,000 candidates and 60 rows wanted, the first piece is about those 60."""
    generator = np.random.default_rng(7)
    rank = generator.random(100_000) * 1e6
    docnos = np.arange(100_000)
    first = next(best_first(docnos, rank, 60))
    assert len(first) == 60
    assert first.tolist() == full_order(docnos, rank)[:60]
