"""The query language, read leniently: whatever is typed becomes a query, never an error.

    wagner bamako         every word must match (typos tolerated, the last word is a prefix)
    "africa corps"        an exact phrase
    -russia               articles without this word
    by:ghazal             byline
    entity:jnim           articles mentioning an entity (any of its names)
    is:bookmarked  has:note   the user's own marks
    feed:radio  tag:"mali centre"   a feed's articles (a value with spaces in quotes)
    since:7d  before:2026-11   dated in a span (see :mod:`date_bounds`)

An unclosed quote runs to the end, a lone ``-`` is ignored, and an unknown ``xyz:value`` is searched as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sahel_tui.search.tokens import query_words

FILTER_KEYS = ("by", "entity", "is", "has", "feed", "tag", "since", "before")
_TOKEN = re.compile(r'-?[^\s"]+:"[^"]*(?:"|$)|-?"[^"]*(?:"|$)|\S+')


@dataclass(frozen=True)
class Term:
    text: str
    """Normalised term, as in the index."""
    prefix: bool = False
    """True for the last word typed: it may still be growing."""


@dataclass
class Query:
    terms: list[Term] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_phrases: list[list[str]] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    """``entity``, ``is``, ``has``, ``feed``, ``tag``, ``since`` and ``before`` values, kept for the layers that
    know what they mean."""

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.byline or self.filters or self.excluded)


def parse_query(text: str) -> Query:
    query = Query()
    tokens = _TOKEN.findall(text)
    ends_with_space = not text or text[-1].isspace()
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        negated = token.startswith("-")
        body = token[1:] if negated else token
        if body.startswith('"'):
            words = query_words(body.strip('"'))
            if words:
                (query.excluded_phrases if negated else query.phrases).append(words)
            continue
        key, colon, value = body.partition(":")
        value = value.strip('"').strip() if value.startswith('"') else value
        if colon and key.lower() in FILTER_KEYS and value and not negated:
            if key.lower() == "by":
                query.byline.extend(query_words(value))
            else:
                query.filters.setdefault(key.lower(), []).append(value.strip().lower())
            continue
        words = query_words(body)
        if negated:
            query.excluded.extend(words)
            continue
        for index, word in enumerate(words):
            prefix = last and index == len(words) - 1 and not ends_with_space
            query.terms.append(Term(word, prefix=prefix))
    return query
