"""The order hits are listed in — best rank first, then by document number — without sorting every candidate.

A one-letter query matches nearly every article: at 100,000 articles sorting all of them took 9 ms of each such
keystroke, for the 60 rows a list shows. The few best are picked out first (a partition, ~1 ms) and sorted; the
rest are sorted only if those run out (rows gone from the library since they were indexed are skipped).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

SORT_ALL_BELOW = 4096
"""Fewer candidates than this are sorted at once: picking the best first saves nothing there."""


def best_first(docnos: np.ndarray, rank: np.ndarray, wanted: int) -> Iterator[np.ndarray]:
    """``docnos`` in order of ``rank`` (higher first; ties by lower document number), in pieces: the first piece
    holds at least the ``wanted`` best (every one tied with the last of them too), the second the rest. Read
    together they are exactly the full order."""
    keys = -rank[docnos]
    if len(docnos) < SORT_ALL_BELOW or wanted >= len(docnos) // 4:
        yield docnos[np.lexsort((docnos, keys))]
        return
    wanted = max(wanted, 1)
    threshold = keys[np.argpartition(keys, wanted - 1)[wanted - 1]]
    leading = keys <= threshold
    head, head_keys = docnos[leading], keys[leading]
    yield head[np.lexsort((head, head_keys))]
    tail, tail_keys = docnos[~leading], keys[~leading]
    yield tail[np.lexsort((tail, tail_keys))]


def in_batches(docnos: np.ndarray, rank: np.ndarray, wanted: int, size: int) -> Iterator[list[int]]:
    """:func:`best_first`'s order as lists of ``size`` document numbers (the last of a piece may be shorter)."""
    for piece in best_first(docnos, rank, wanted):
        for start in range(0, len(piece), size):
            yield piece[start : start + size].tolist()
