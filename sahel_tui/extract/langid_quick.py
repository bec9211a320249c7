"""py3langid's identifier with its feature scan done for all positions at once (:class:`NgramWalk`).

Only the scan changes: the score is py3langid's own sum (``log1p(counts) @ table[features] + priors``, in float32, over
the features in the order its loop finds them), normalising and deciding are its own methods, given the very counts
its loop would have made (tested on the shipped model), so every answer and confidence is the same number. The
tables are read as plain arrays: indexed through numpy's ``memmap`` class (how a mapped model comes), each text
paid a third of its scoring in that class's Python-level bookkeeping.
Imported only by processes that identify languages (it loads py3langid and numpy).
"""

from __future__ import annotations

import numpy as np
from py3langid.langid import LanguageIdentifier

from sahel_tui.extract.ngram_walk import NgramWalk


class QuickIdentifier(LanguageIdentifier):
    __slots__ = ("priors", "table", "walk")

    @classmethod
    def of(cls, identifier: LanguageIdentifier, depth: int | None = None) -> QuickIdentifier:
        """The same model as ``identifier`` (its arrays shared, not copied); ``depth``: the scanner's, if known."""
        quick = cls(
            identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes, identifier.tk_nextmove,
            identifier.tk_output, norm_probs=identifier._norm_probs, min_confidence=identifier.min_confidence,
            tk_row=identifier.tk_row,
        )  # fmt: skip
        quick.walk = NgramWalk(identifier.tk_nextmove, identifier.tk_row, identifier.tk_output, depth)
        quick.table, quick.priors = np.asarray(identifier.nb_ptc), np.asarray(identifier.nb_pc)
        return quick

    def _raw_score(self, text: bytes):
        found = self.walk.features(text)
        if found is not None:
            features, counts = found
            return np.log1p(counts.astype(np.float32)) @ self.table[features] + self.priors
        return super()._raw_score(text)  # no feature at all: py3langid's own answer for that
