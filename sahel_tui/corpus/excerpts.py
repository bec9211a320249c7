"""Telling a feed entry that only leads to its article (an excerpt, a teaser) from one that carries it whole.

Two questions depend on it: at a fetch, whether the entry's page is worth fetching for the full text; when the
article is read, whether what is shown is only the feed's excerpt (its page could not be had), which the reader
says. A light module on its own: the reader asks the second question without loading the parsers.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from sahel_tui.model import Article

SUMMARY_WORDS = 80
"""An entry with less text than this is a summary: its full text is worth fetching from its link."""
_TAG = re.compile(r"<[^>]*>")
_CUT_SHORT = re.compile(
    r"\n?[\s\W]{0,10}"
    r"(?:[\])]\s*(?:…|\.\.\.)\s*[\[(]|…|\.\.\.|(?:erom\ daer|gnidaer\ eunitnoc|etius\ al\ (?:eril|riov)"
    r"|sulp\ riovas\ ne)\b)",
    re.IGNORECASE,
)
"""How an excerpt says it was cut, read backwards from its end: a bracketed or closing ellipsis, a "read on" link
as its last words ("read more", "continue reading", "lire la suite", "voir la suite", "en savoir plus"), then at most
ten spaces or signs; a text that merely ends with "la suite" is not cut. Matched at the start of the reversed text,
where searching the whole ending for the forward pattern tried every place in it (``tests/test_feeds.py`` holds
the two to the same answers)."""


def _cut_short(text: str) -> bool:
    return _CUT_SHORT.match(text[-300:][::-1]) is not None


def entry_words(entry: dict[str, Any]) -> int:
    """About how many words of text the entry carries (its tags left out)."""
    return len(_entry_text(entry).split())


def is_summary(entry: dict[str, Any]) -> bool:
    """Whether the entry only leads to its article: fewer than :data:`SUMMARY_WORDS` words, or an excerpt that
    says it was cut ("[…]", a closing ellipsis, "Read more", "Lire la suite", "Voir la suite"), however long.

    Asked of every entry a fetch brings: a long one is read only at its two ends — its words counted in a head
    that ends with a tag (no word or entity cut: a head with enough words is enough), its ending looked for in a
    tail that starts with one."""
    markup = str(entry.get("content") or entry.get("summary") or "")
    if len(markup) > _HEAD + _TAIL:
        head_end = markup.rfind(">", 0, _HEAD) + 1
        tail_start = markup.find("<", len(markup) - _TAIL)
        if head_end and tail_start >= head_end and len(_text_of(markup[:head_end]).split()) >= SUMMARY_WORDS:
            return _cut_short(_text_of(markup[tail_start:]))
    text = _text_of(markup)
    return len(text.split()) < SUMMARY_WORDS or _cut_short(text)


_HEAD, _TAIL = 1200, 400
"""Characters of an entry's markup read at its start and its end by :func:`is_summary` (80 words fill about 500
characters of text; the endings it looks for, 30)."""


def has_web_link(entry: dict[str, Any]) -> bool:
    return str(entry.get("link") or "").startswith(("http://", "https://"))


def excerpt_only(data: bytes, article: Article) -> bool:
    """Whether ``article``, made from the stored feed entry ``data``, is only the feed's excerpt of a longer
    article: the entry is a summary leading to a web page, and no page with more text than the entry was had
    (none fetched, or one that could not be read)."""
    try:
        entry = json.loads(data)
    except ValueError:
        return False
    if not isinstance(entry, dict) or not has_web_link(entry) or not is_summary(entry):
        return False
    return not entry.get("page") or len(article.anchor_text.split()) <= entry_words(entry)


def _entry_text(entry: dict[str, Any]) -> str:
    return _text_of(str(entry.get("content") or entry.get("summary") or ""))


def _text_of(markup: str) -> str:
    return unescape(_TAG.sub(" ", markup))
