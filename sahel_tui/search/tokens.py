"""One normalisation for indexing and querying, so that what is typed meets what was written.

Casefolded, accents removed (Ménaka = menaka), apostrophe and quote variants unified (Jama’a = Jama'a).
Words joined by hyphens or apostrophes are indexed whole (``alqaeda``, ``liptakogourma``, ``jamaa``) and by parts
(``al``, ``qaeda``), so ``al-Qaeda``, ``al qaeda`` and ``alqaeda`` all find the same articles.

French elision is split off (``l'armée`` is the word ``armée``; ``jusqu'à`` is ``à``): the elided article is never
a term, and a typed ``l'armée`` looks for ``armée``. The joined form stays indexed, so ``N'Djamena`` is found as
``ndjamena`` too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sahel_tui.textclean import fold, unify_apostrophes

HYPHENS = "‐‑‒–"
_HYPHEN = re.compile(f"[{HYPHENS}]")
_WORD_PART = re.compile(r"[^\W_]+")
_ONE_LETTER_ENDING = re.compile(r"'[^\W_](?![^\W_])")
"""A one-letter part after an apostrophe (the s of Wagner's): not indexed as a word of its own."""
_COMPOUND = re.compile(r"[^\W_]+(?:['\-][^\W_]+)+")
_INNER_JOINER = re.compile(r"(?<=[^\W_])['\-](?=[^\W_])")
_JOINERS = re.compile(r"['\-]")
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
"""A word, or a compound of words joined by apostrophes or hyphens."""
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=[^\W_])", re.IGNORECASE)
"""A French elided article, pronoun or conjunction before a word (``l'``, ``d'``, ``qu'``, ``jusqu'``)."""


def _blank_elisions(text: str) -> str:
    """Elisions replaced by spaces of the same length (offsets into the text stay valid)."""
    return _ELISION.sub(lambda match: " " * len(match.group()), text) if "'" in text else text


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Casefold and strip accents from a single word (cached: vocabularies repeat)."""
    return fold(word)


def normalize(text: str) -> str:
    """Normalise running text (apostrophes and hyphens unified, casefolded, accents removed)."""
    return normalize_word(_unify(text)) if len(text) < 64 else _normalize_long(text)


def _unify(text: str) -> str:
    """Every apostrophe and quote variant -> ``'``, every hyphen variant -> ``-`` (lengths unchanged)."""
    unified = unify_apostrophes(text)
    return unified if unified.isascii() else _HYPHEN.sub("-", unified)  # the hyphen variants are not ASCII


def _normalize_long(text: str) -> str:
    return fold(_unify(text))


def index_terms(text: str) -> list[str]:
    """Every term a text contributes to the index: words, compound parts (2+ letters) and joined compounds."""
    normalized = normalize(text)
    if "'" not in normalized and "-" not in normalized:
        return _WORD_PART.findall(normalized)
    terms = _WORD_PART.findall(_ONE_LETTER_ENDING.sub(" ", _blank_elisions(normalized)))
    terms += [_JOINERS.sub("", compound) for compound in _compounds(normalized)]
    return terms


def _compounds(text: str) -> list[str]:
    """Words joined by apostrophes or hyphens. Found from the joiners outward: compounds are rare, and a
    pattern tried at every position of the text would cost more than all the other tokenising together."""
    found: list[str] = []
    covered = -1
    for joiner in _INNER_JOINER.finditer(text):
        if joiner.start() < covered:
            continue
        start = joiner.start()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        compound = _COMPOUND.match(text, start)
        if compound:
            found.append(compound.group())
            covered = compound.end()
    return found


def query_term(word: str) -> str:
    """A typed word as an index term: compounds are looked up joined (``jama'a`` -> ``jamaa``)."""
    return _JOINERS.sub("", normalize(word))


def query_words(text: str) -> list[str]:
    """The terms of a typed phrase, in order."""
    return [query_term(word) for word in _WORD.findall(_blank_elisions(normalize(text)))]


def word_spans(text: str) -> Iterator[tuple[int, int, set[str]]]:
    """Each word of ``text`` with its character span and the index terms it stands for (for highlighting).

    Offsets are into the original text: normalisation happens per word, never on the whole string, because
    casefolding can change lengths (ß -> ss).
    """
    for match in _WORD.finditer(_blank_elisions(_unify(text))):
        word = match.group()
        normalized = normalize_word(word)
        if "'" in normalized or "-" in normalized:
            parts = re.split(r"['\-]", normalized)
            offset = match.start()
            for part, raw in zip(parts, re.split(r"['\-]", word), strict=False):
                yield offset, offset + len(raw), {part, "".join(parts)}
                offset += len(raw) + 1
        else:
            yield match.start(), match.end(), {normalized}
