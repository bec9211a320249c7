"""The records every layer shares: immutable, plain data, no behaviour that needs a terminal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Teaser:
    """A related-article blurb that news sites append below an article (and scrapers keep)."""

    title: str
    byline: str | None = None
    snippet: str | None = None
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "byline": self.byline, "snippet": self.snippet, "section": self.section}


@dataclass(frozen=True)
class Article:
    """One clean article: what the reader shows, the index searches and notes anchor to."""

    id: str
    title: str
    source: str
    byline: str | None = None
    standfirst: str | None = None
    paragraphs: tuple[str, ...] = ()
    teasers: tuple[Teaser, ...] = ()
    date: str | None = None
    bundled: bool = False
    encoding: str = "utf-8"
    """How the source file was decoded (``utf-8``, ``utf-16``, ``cp1252`` …); kept for diagnostics."""
    replacements: int = 0
    """How many undecodable bytes became U+FFFD."""
    source_url: str | None = field(default=None)
    lang: str | None = None
    """ISO 639-1 code of the article's language (detected from its text), or None when it could not be told."""
    feed: str | None = None
    """The name of the feed that sent it (None for files): a relation read from the catalog, never parsed."""
    excerpt: bool = False
    """Only a feed's excerpt of a longer article, whose page could not be had or read (the reader says so). Told
    by the library when it gives one article, from the stored entry; never parsed, never stored."""

    @property
    def body_text(self) -> str:
        """The paragraphs, blank-line separated (the index's body field)."""
        return "\n\n".join(self.paragraphs)

    @property
    def anchor_text(self) -> str:
        """The article's clean readable text, standfirst then paragraphs: what passage offsets refer to."""
        return "\n\n".join([self.standfirst, *self.paragraphs] if self.standfirst else self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape (``sahel-tui list --json``): exactly these keys, in this order."""
        return {
            "id": self.id,
            "title": self.title,
            "byline": self.byline,
            "standfirst": self.standfirst,
            "paragraphs": list(self.paragraphs),
            "teasers": [teaser.to_dict() for teaser in self.teasers],
            "source": self.source,
            "date": self.date,
            "lang": self.lang,
            "feed": self.feed,
        }


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of one field of an article (``paragraph`` fields carry their index)."""

    field: str  # "title", "standfirst", "byline" or "paragraph"
    start: int
    end: int
    paragraph: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "start": self.start, "end": self.end}
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        return data


@dataclass(frozen=True)
class Hit:
    """One search result: which article, how well it matched, and where (for highlighting)."""

    article_id: str
    title: str
    score: float
    matched: dict[str, tuple[str, ...]]
    """Each query term -> the indexed words it matched in this article (``wagnr`` -> ``("wagner",)``)."""
    spans: tuple[Span, ...] = ()
    snippet: str = ""
    snippet_spans: tuple[tuple[int, int], ...] = ()
    byline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "matches": [span.to_dict() for span in self.spans],
            "matched_terms": {term: list(words) for term, words in self.matched.items()},
        }


@dataclass(frozen=True)
class Mention:
    """One place an article names an entity."""

    entity_id: str
    """A gazetteer id, or ``unlisted:<slug>`` for a person the gazetteer does not know."""
    name: str
    type: str
    field: str  # "title", "byline", "standfirst", "paragraph" or "teaser"
    start: int
    end: int
    text: str
    kind: str  # "name", "acronym", "adjectival" or "metonym"
    paragraph: int | None = None
    listed: bool = True

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "field": self.field, "start": self.start, "end": self.end, "text": self.text, "kind": self.kind
        }  # fmt: skip
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        return data
