"""The language model's byte n-gram scanner run over every position of a text at once, with numpy.

Why: py3langid finds a text's features by walking its scanner (an Aho-Corasick automaton over byte n-grams) one
byte at a time in a Python loop — two thirds of identifying a language, and a third of parsing an article at
import. The automaton's state after any byte is the trie node of the longest suffix read so far that is a prefix
of a feature, so it depends only on the last ``depth`` bytes (the deepest node's length): started from the root
``depth`` bytes back, every position reaches the same state, and all positions can take each of those ``depth``
steps together. The features found, and the order they are first found in, are exactly the loop's.
"""

from __future__ import annotations

import numpy as np

BFS_CHUNK = 2048
"""States expanded at once while measuring the automaton's depth (each expands to 256 moves)."""


class NgramWalk:
    """The features of a text under one scanner: ``moves[rows[state] * 256 + byte]`` is the next state and
    ``outputs[state]`` the feature a state ends (or -1)."""

    def __init__(self, moves, rows, outputs, depth: int | None = None) -> None:
        self.moves = np.asarray(moves)
        self.rowbase = np.asarray(rows, dtype=np.int64) << 8
        self.outputs = np.asarray(outputs, dtype=np.int64)
        self.depth = scanner_depth(self.moves, self.rowbase) if depth is None else depth

    def features(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(the features found in ``data``, how often each occurs), in the order first found (as py3langid counts
        them, and sums their scores); None if it has none."""
        text = np.frombuffer(data, np.uint8)
        size = text.size
        states = np.zeros(size, np.int64)
        for back in range(min(self.depth, size) - 1, -1, -1):  # position i reads byte i - back, oldest first
            ahead = states[back:]
            states[back:] = self.moves[self.rowbase[ahead] + text[: size - back]]
        found = self.outputs[states]
        found = found[found >= 0]
        if not found.size:
            return None
        features, first, counts = np.unique(found, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        return features[order], counts[order]


def scanner_depth(moves: np.ndarray, rowbase: np.ndarray) -> int:
    """The length of the longest string a scanner state stands for: its distance from the root (state 0), found
    breadth first — no shorter path reaches a state, since each byte read lengthens a state's string by one at
    most. Each level's new states are marked in a mask, not sorted out of the moves (a sort of every move was
    most of a first run's 0.6 s)."""
    seen = np.zeros(rowbase.size, bool)
    seen[0] = True
    frontier, depth, every_byte = np.zeros(1, np.int64), 0, np.arange(256, dtype=np.int64)
    while True:
        reached = np.zeros(rowbase.size, bool)
        for start in range(0, frontier.size, BFS_CHUNK):
            chunk = frontier[start : start + BFS_CHUNK]
            reached[moves[(rowbase[chunk][:, None] + every_byte).ravel()]] = True
        reached &= ~seen
        seen |= reached
        frontier = np.flatnonzero(reached)
        if not frontier.size:
            return depth
        depth += 1
