"""Word stems in the languages the library is written in, so ``attaques`` finds ``attaque`` and ``soldiers``
finds ``soldier``.

Snowball stemmers (PyStemmer, a C extension) per language. Stems are never postings: the index keeps, per
language, which of its words share a stem (a small ``stems`` table), and a typed word expands to the indexed
words of its stem — real words, so the reader highlights exactly what matched, and a stem match ranks below an
exact one like a prefix does. A word is stemmed only in the languages of the articles it appears in; a word from
an article of unknown language, in every supported language.
"""

from __future__ import annotations

import threading

import Stemmer

SNOWBALL = {"en": "english", "fr": "french"}
LANGUAGE_BITS = {"en": 1, "fr": 2}
ALL_LANGUAGES = 3
"""An article of unknown (or another) language: its words are stemmed in each supported language."""
MIN_STEMMED_LENGTH = 4
"""Shorter words are left alone: their stems collide (``mort``/``mot``), and a typo budget covers them anyway."""

_local = threading.local()


def language_bits(lang: str | None) -> int:
    return LANGUAGE_BITS.get(lang or "", ALL_LANGUAGES)


def stem(word: str, lang: str) -> str:
    return _stemmers()[lang].stemWord(word)


def _stemmers() -> dict[str, Stemmer.Stemmer]:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        # no cache: a library's words are mostly seen once per call, and PyStemmer's cache then costs 3x the stemming
        stemmers = _local.stemmers = {code: Stemmer.Stemmer(name, 0) for code, name in SNOWBALL.items()}
    return stemmers


def stem_rows(words_with_bits) -> list[tuple[str, str, str]]:
    """(language, stem, word) for every word whose stem differs from it, in the languages its bits name (each
    language's words stemmed in one call)."""
    wanted: dict[str, list[str]] = {lang: [] for lang in LANGUAGE_BITS}
    for word, bits in words_with_bits:
        if len(word) < MIN_STEMMED_LENGTH or not word.isalpha():
            continue
        for lang, bit in LANGUAGE_BITS.items():
            if bits & bit:
                wanted[lang].append(word)
    rows = []
    for lang, words in wanted.items():
        for word, stemmed in zip(words, _stemmers()[lang].stemWords(words), strict=True):
            if stemmed != word and len(stemmed) >= MIN_STEMMED_LENGTH - 1:
                rows.append((lang, stemmed, word))
    return rows


def query_stems(word: str) -> list[tuple[str, str]]:
    """(language, stem) of a typed word in every supported language (a query's language is not known)."""
    if len(word) < MIN_STEMMED_LENGTH or not word.isalpha():
        return []
    return [(lang, stem(word, lang)) for lang in SNOWBALL]
