"""py3langid's identifier with its feature scan done for all positions at once (:class:`NgramWalk`).

Only the scan changes: scoring, normalising and deciding stay py3langid's own methods, given the very counts its
own loop would have made (tested on the shipped model), so every answer and confidence is the same number.
Imported only by processes that identify languages (it loads py3langid and numpy).
"""

from __future__ import annotations

from py3langid.langid import LanguageIdentifier

from sahel_tui.extract.ngram_walk import NgramWalk


class QuickIdentifier(LanguageIdentifier):
    __slots__ = ("walk",)

    @classmethod
    def of(cls, identifier: LanguageIdentifier, depth: int | None = None) -> QuickIdentifier:
        """The same model as ``identifier`` (its arrays shared, not copied); ``depth``: the scanner's, if known."""
        quick = cls(
            identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes, identifier.tk_nextmove,
            identifier.tk_output, norm_probs=identifier._norm_probs, min_confidence=identifier.min_confidence,
            tk_row=identifier.tk_row,
        )  # fmt: skip
        quick.walk = NgramWalk(identifier.tk_nextmove, identifier.tk_row, identifier.tk_output, depth)
        return quick

    def _raw_score(self, text: bytes):
        visits = self.walk.features(text)
        if visits:
            return self._sparse_score(visits, self.nb_ptc)
        return super()._raw_score(text)  # no feature at all: py3langid's own answer for that
