"""One normalisation for indexing and querying, so that what is typed meets what was written.

Casefolded, accents removed (Ménaka = menaka), apostrophe and quote variants unified (Jama’a = Jama'a).
Words joined by hyphens or apostrophes are indexed whole (``alqaeda``, ``liptakogourma``, ``jamaa``) and by parts
(``al``, ``qaeda``), so ``al-Qaeda``, ``al qaeda`` and ``alqaeda`` all find the same articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

APOSTROPHES = "'’‘`´ʼʻ′＇"
HYPHENS = "-‐‑‒–"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES, "'") | dict.fromkeys(HYPHENS, "-"))
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
"""A word, or a compound of words joined by apostrophes or hyphens."""


@lru_cache(maxsize=65536)
def normalize_word(word: str) -> str:
    """Casefold and strip accents from a single word (cached: vocabularies repeat)."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """Normalise running text (apostrophes and hyphens unified, casefolded, accents removed)."""
    return normalize_word(text.translate(_APOSTROPHE_TABLE)) if len(text) < 64 else _normalize_long(text)


def _normalize_long(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHE_TABLE).casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def index_terms(text: str) -> list[str]:
    """Every term a text contributes to the index: words, compound parts (2+ letters) and joined compounds."""
    terms: list[str] = []
    for compound in _WORD.findall(normalize(text)):
        if "'" in compound or "-" in compound:
            parts = re.split(r"['\-]", compound)
            terms.extend(part for part in parts if len(part) > 1)
            terms.append("".join(parts))
        else:
            terms.append(compound)
    return terms


def query_term(word: str) -> str:
    """A typed word as an index term: compounds are looked up joined (``jama'a`` -> ``jamaa``)."""
    return re.sub(r"['\-]", "", normalize(word))


def query_words(text: str) -> list[str]:
    """The terms of a typed phrase, in order."""
    return [query_term(word) for word in _WORD.findall(normalize(text))]


def word_spans(text: str) -> Iterator[tuple[int, int, set[str]]]:
    """Each word of ``text`` with its character span and the index terms it stands for (for highlighting).

    Offsets are into the original text: normalisation happens per word, never on the whole string, because
    casefolding can change lengths (ß -> ss).
    """
    for match in _WORD.finditer(text.translate(_APOSTROPHE_TABLE)):
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
