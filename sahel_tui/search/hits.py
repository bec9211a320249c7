"""What a search hit shows, made from its article's fields: the spans matched in its title (and, for a snippet,
in its byline, standfirst and text), the snippet, and whether its text holds the query's phrases — apart from
:mod:`index`, which finds and ranks the articles and reads these fields for the ones it keeps.
"""

from __future__ import annotations

from sahel_tui.model import Hit
from sahel_tui.search.highlight import article_spans, brief_spans, field_spans, related_snippet, snippet
from sahel_tui.search.query import Query
from sahel_tui.search.tokens import query_words

UNREADABLE = "(the stored text of this article cannot be read)"
"""The snippet of a hit whose article's text the library cannot give back (it stays a hit, by its title)."""


def hit_of(
    row: dict,
    matched: dict[str, tuple[str, ...]],
    byline_words: set[str],
    parsed: Query,
    score: float,
    which_spans: str,
) -> Hit:
    """``which_spans``: ``title`` (a result list: no snippet), ``brief`` (title, byline, first body match and
    a snippet) or ``full`` (every match)."""
    words = {w for group in matched.values() for w in group} | byline_words
    words |= {w for phrase in parsed.phrases for w in phrase}
    if which_spans == "title":
        spans, text, text_spans = field_spans("title", row["title"], words), "", ()
    else:
        paragraphs = row["paragraphs"]
        find_spans = article_spans if which_spans == "full" else brief_spans
        spans = find_spans(row["title"], row["byline"], row["standfirst"], paragraphs, words)
        text, text_spans = snippet(spans, row["standfirst"], paragraphs)
        if not spans and row.get("related"):
            text, text_spans = related_snippet(row["related"], words) or (text, text_spans)
        if row.get("unreadable"):
            text, text_spans = UNREADABLE, ()
    return Hit(
        article_id=row["id"],
        title=row["title"],
        score=score,
        matched=matched,
        spans=tuple(spans),
        snippet=text,
        snippet_spans=text_spans,
        byline=row.get("byline"),
    )


def phrases_hold(row: dict, parsed: Query) -> bool:
    fields = (row["title"], row["byline"], row["standfirst"], row["body"], row["related"])
    text = " ".join(part for part in fields if part)
    words = query_words(text)
    joined = f" {' '.join(words)} "
    for phrase in parsed.phrases:
        if f" {' '.join(phrase)} " not in joined:
            return False
    return all(f" {' '.join(phrase)} " not in joined for phrase in parsed.excluded_phrases)
