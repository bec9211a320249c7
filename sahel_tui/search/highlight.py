"""Where the matched words are in an article's text, and a short snippet around the best one."""

from __future__ import annotations

from sahel_tui.model import Span
from sahel_tui.search.tokens import normalize, word_spans

SNIPPET_CHARS = 160
RELATED_LEAD = "Related: "
"""Before the snippet of a hit found only in the related headlines a page carries (the reader shows them so)."""


def field_spans(field: str, text: str | None, words: set[str], paragraph: int | None = None) -> list[Span]:
    if not text or not words:
        return []
    return [Span(field, start, end, paragraph) for start, end, terms in word_spans(text) if terms & words]


def article_spans(
    title: str, byline: str | None, standfirst: str | None, paragraphs: list[str], words: set[str]
) -> list[Span]:
    spans = field_spans("title", title, words) + field_spans("byline", byline, words)
    spans += field_spans("standfirst", standfirst, words)
    for index, paragraph in enumerate(paragraphs):
        spans += field_spans("paragraph", paragraph, words, index)
    return spans


def brief_spans(
    title: str, byline: str | None, standfirst: str | None, paragraphs: list[str], words: set[str]
) -> list[Span]:
    """Spans in the title and byline and in the first body field that has a match: enough for a result list.

    Cheap on every keystroke: body fields are skipped with a substring test on their normalised text.
    """
    spans = field_spans("title", title, words) + field_spans("byline", byline, words)
    bodies = [("standfirst", standfirst, None)] + [("paragraph", p, i) for i, p in enumerate(paragraphs)]
    for field, text, position in bodies:
        if text and _may_contain(text, words):
            found = field_spans(field, text, words, position)
            if found:
                return spans + found
    return spans


def _may_contain(text: str, words: set[str]) -> bool:
    folded = normalize(text).replace("'", "").replace("-", "")
    return any(word in folded for word in words)


def snippet(
    spans: list[Span], standfirst: str | None, paragraphs: list[str], width: int = SNIPPET_CHARS
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``width`` characters around the first match in the body (or the standfirst)."""
    body_spans = [s for s in spans if s.field in ("paragraph", "standfirst")]
    if body_spans:
        first = min(body_spans, key=lambda s: (s.field != "standfirst", s.paragraph or 0, s.start))
        text = standfirst if first.field == "standfirst" else paragraphs[first.paragraph or 0]
        same = [s for s in body_spans if s.field == first.field and s.paragraph == first.paragraph]
    else:
        text = standfirst or (paragraphs[0] if paragraphs else "")
        first, same = None, []
    text = text or ""
    start = 0 if first is None else max(0, first.start - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (first.start if first else start + 20) else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    inside = tuple((s.start + shift, s.end + shift) for s in same if s.start >= start and s.end <= end)
    return f"{lead}{window}{tail}", inside


def related_snippet(related: str, words: set[str]) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """The snippet of a hit found only in the related headlines (``related``: one per blank-line-separated block):
    the first headline holding a match, after :data:`RELATED_LEAD`; None when none holds one."""
    for headline in related.split("\n\n"):
        found = [Span("paragraph", span.start, span.end, 0) for span in field_spans("related", headline, words)]
        if found:
            text, spans = snippet(found, None, [headline], SNIPPET_CHARS - len(RELATED_LEAD))
            lead = len(RELATED_LEAD)
            return RELATED_LEAD + text, tuple((start + lead, end + lead) for start, end in spans)
    return None
