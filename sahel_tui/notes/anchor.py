"""Passage selectors that survive edits: a note stays on its sentence, or says it lost it; never moves elsewhere.

A passage is stored the W3C way: the exact quote, up to 32 characters of text before and after it, its offsets
in the article's clean text, and a hash of that text. Re-attaching to a text that may have changed tries, in
order: the same text (offsets hold) -> the old offsets still hold the quote -> exact occurrences of the quote,
chosen by matching context and nearness to the old place -> a fuzzy match allowing edits in proportion to the
quote's length, accepted only above a minimum score and with its context agreeing -> otherwise *orphaned*:
kept and listed, never deleted, never guessed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
MIN_FUZZY_SCORE = 88.0
"""Lowest rapidfuzz alignment score (0-100) at which an edited quote is taken to be the same passage."""
UNIQUE_QUOTE = 40
"""A quote this long (a sentence) found exactly once is that passage, even if what surrounds it changed."""
CONTEXT_AGREES = 80.0
"""A stored prefix or suffix agrees with the text at a candidate place when they score this (0-100) or more."""
ROUGH_SCORE = 70.0
"""Score at which a region is worth a closer look (its exact bounds are then searched word by word)."""
MIN_FUZZY_QUOTE = 12
"""Quotes shorter than this are only re-found exactly: a few letters could match anywhere."""
MIN_CONTEXT_SCORE = 60.0
"""How well (0-100) the text around a candidate must match the stored prefix or suffix."""

ANCHORED, MOVED, FUZZY, ORPHANED = "anchored", "moved", "fuzzy", "orphaned"


@lru_cache(maxsize=32)
def text_hash(text: str) -> str:
    """The article text's digest (kept for the last few texts: placing 20,000 notes hashes one text once)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Selector:
    """TextQuoteSelector + TextPositionSelector + the hash of the text they were made on."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_hash: str


@dataclass(frozen=True)
class Anchoring:
    status: str  # anchored | moved | fuzzy | orphaned
    start: int | None = None
    end: int | None = None

    @property
    def found(self) -> bool:
        return self.status != ORPHANED


def make_selector(text: str, start: int, end: int) -> Selector:
    if not 0 <= start < end <= len(text):
        raise ValueError(f"passage {start}:{end} is outside the text (length {len(text)})")
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
        text_hash=text_hash(text),
    )


def occurrences(text: str, quote: str) -> list[int]:
    found, position = [], text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def reanchor(selector: Selector, text: str) -> Anchoring:
    """Where ``selector``'s passage is in ``text`` now, or ``orphaned``."""
    quote = selector.quote
    if selector.text_hash == text_hash(text) and text[selector.start : selector.end] == quote:
        return Anchoring(ANCHORED, selector.start, selector.end)
    exact = occurrences(text, quote)
    if exact:
        agreeing = {at: _agreeing_sides(selector, text, at) for at in exact}
        for sides in (2, 1):  # both sides of the context agree, else one side does
            fits = [at for at, count in agreeing.items() if count == sides]
            if len(fits) == 1:
                return Anchoring(ANCHORED if fits[0] == selector.start else MOVED, fits[0], fits[0] + len(quote))
            if len(fits) > 1:
                return Anchoring(ORPHANED)  # the context fits several places equally: a guess could misplace it
        if len(exact) == 1 and len(quote) >= UNIQUE_QUOTE:  # a whole sentence found once, moved elsewhere
            return Anchoring(MOVED, exact[0], exact[0] + len(quote))
        return Anchoring(ORPHANED)
    return _fuzzy(selector, text)


def _fuzzy(selector: Selector, text: str) -> Anchoring:
    quote = selector.quote
    if len(quote) < MIN_FUZZY_QUOTE or not text:
        return Anchoring(ORPHANED)
    near = (max(0, selector.start - len(quote)), min(len(text), selector.end + len(quote)))
    for window in (near, _search_window(selector, text)):  # near the old place first: edits rarely move far
        rough = fuzz.partial_ratio_alignment(quote, text[window[0] : window[1]], score_cutoff=ROUGH_SCORE)
        if rough is None:
            continue
        start, end, score = _best_bounds(quote, text, window[0] + rough.dest_start, window[0] + rough.dest_end)
        if score >= MIN_FUZZY_SCORE and _context_score(selector, text, start, end) >= MIN_CONTEXT_SCORE:
            return Anchoring(FUZZY, start, end)
    return Anchoring(ORPHANED)


def _best_bounds(quote: str, text: str, start: int, end: int) -> tuple[int, int, float]:
    """The word-aligned passage near ``start:end`` most like ``quote`` (edits may have changed its length)."""
    slack = max(6, len(quote) // 4)
    starts = [i for i in range(max(0, start - slack), min(len(text), start + slack) + 1) if _word_start(text, i)]
    ends = [i for i in range(max(0, end - slack), min(len(text), end + slack) + 1) if _word_end(text, i)]
    best = (start, end, 0.0)
    for first in starts or [start]:
        for last in ends or [end]:
            if last > first:
                score = fuzz.ratio(quote, text[first:last])
                if score > best[2]:
                    best = (first, last, score)
    return best


def _word_start(text: str, index: int) -> bool:
    return index == 0 or (text[index - 1].isspace() and not text[index].isspace())


def _word_end(text: str, index: int) -> bool:
    return index == len(text) or (text[index].isspace() and not text[index - 1].isspace())


def _search_window(selector: Selector, text: str) -> tuple[int, int]:
    """The whole text for ordinary articles; around the old place for very long ones (rapidfuzz is O(n·m))."""
    span = max(len(selector.quote) * 40, 20_000)
    if len(text) <= span:
        return 0, len(text)
    middle = min(max(selector.start, 0), len(text))
    return max(0, middle - span // 2), min(len(text), middle + span // 2)


def _context_score(selector: Selector, text: str, start: int, end: int | None = None) -> float:
    """How well the text around ``start:end`` agrees with the stored prefix and suffix (0-100, both sides count)."""
    end = start + len(selector.quote) if end is None else end
    before = text[max(0, start - (len(selector.prefix) or 3)) : start]  # 3 characters to tell "nothing" apart
    after = text[end : end + (len(selector.suffix) or 3)]
    scores = [_side_score(selector.prefix, before), _side_score(selector.suffix, after)]
    return (max(scores) * 2 + min(scores)) / 3  # one intact side is strong evidence; both is stronger


def _agreeing_sides(selector: Selector, text: str, start: int) -> int:
    """How many sides of the stored context (0, 1 or 2) agree with the text around an exact occurrence."""
    end = start + len(selector.quote)
    before = text[max(0, start - (len(selector.prefix) or 3)) : start]
    after = text[end : end + (len(selector.suffix) or 3)]
    return sum(
        _side_score(stored, found) >= CONTEXT_AGREES
        for stored, found in ((selector.prefix, before), (selector.suffix, after))
    )


def _side_score(stored: str, found: str) -> float:
    """An empty stored side means the passage began or ended the text: only an empty side matches it."""
    if not stored:
        return 100.0 if not found.strip() else 0.0
    return fuzz.ratio(stored, found)
