"""Annotations against real articles: choosing the passage a user meant, and where each note stands today."""

from __future__ import annotations

from dataclasses import dataclass

from sahel_tui.model import Article
from sahel_tui.notes.anchor import ORPHANED, Anchoring, make_selector, occurrences, reanchor
from sahel_tui.notes.store import Annotation, NotesStore
from sahel_tui.textclean import APOSTROPHES


class QuoteError(ValueError):
    """The quote cannot be located in the article as given; ``str()`` says why and what to do."""


def locate_quote(article: Article, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """The span of ``quote`` in the article's text; ``occurrence`` (1-based) picks one of several."""
    text = article.anchor_text
    quote = quote.strip()
    if not quote:
        raise QuoteError("the quote is empty")
    found = [(start, start + len(quote)) for start in occurrences(text, quote)]
    if not found:
        found = loose_occurrences(text, quote)
    if not found:
        raise QuoteError(
            f"the quote is not in article {article.id!r} (quotes may be straight or curly and spaces loose; "
            "the words must match)"
        )
    if occurrence is None:
        if len(found) > 1:
            raise QuoteError(
                f"the quote occurs {len(found)} times in article {article.id!r}; choose one with --occurrence 1-"
                f"{len(found)}"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(found):
        raise QuoteError(f"--occurrence {occurrence} is out of range: the quote occurs {len(found)} time(s)")
    return found[occurrence - 1]


_LOOSE = str.maketrans({**dict.fromkeys(APOSTROPHES, "'"), **dict.fromkeys("“”„‟«»″", '"')})


def _loosened(text: str) -> tuple[str, list[int]]:
    """``text`` with every quote mark straight and every whitespace run one space; and, for each character
    kept, its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for offset, char in enumerate(text):
        if char.isspace():
            if out and out[-1] == " ":
                continue
            char = " "
        out.append(char.translate(_LOOSE))
        where.append(offset)
    return "".join(out), where


def loose_occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that read as ``quote`` once quote marks and whitespace are normalised."""
    loose_text, where = _loosened(text)
    loose_quote, _ = _loosened(quote.strip())
    spans, start = [], loose_text.find(loose_quote)
    while start != -1 and loose_quote:
        end = start + len(loose_quote)
        spans.append((where[start], where[end - 1] + 1))
        start = loose_text.find(loose_quote, start + 1)
    return spans


def annotate(
    store: NotesStore, article: Article, start: int, end: int, note: str = "", tags: tuple[str, ...] = ()
) -> Annotation:
    """Store a note on ``start:end`` of the article's text; returns once it is committed."""
    return store.add_annotation(article.id, make_selector(article.anchor_text, start, end), note, tags)


EDITED, GONE_MEANWHILE, CHANGED_MEANWHILE = "edited", "gone meanwhile", "changed meanwhile"


def save_edit(
    store: NotesStore, article: Article, start: int, end: int, editing: Annotation, note: str, tags: tuple[str, ...]
) -> str:
    """Store the note and tags typed over ``editing`` (the annotation as the editor opened it, on ``start:end``).
    Another reader or command may have deleted it or changed it meanwhile: what was typed is then stored as a new
    note on the same passage — never over the other change, never dropped. Returns :data:`EDITED`,
    :data:`GONE_MEANWHILE` or :data:`CHANGED_MEANWHILE`; raises StoreError when nothing could be stored."""
    try:
        if store.edit_annotation(editing.id, note, tags, base=editing) is not None:
            return EDITED
        outcome = CHANGED_MEANWHILE
    except KeyError:
        outcome = GONE_MEANWHILE
    annotate(store, article, start, end, note, tags)
    return outcome


@dataclass(frozen=True)
class PlacedAnnotation:
    annotation: Annotation
    anchoring: Anchoring

    @property
    def orphaned(self) -> bool:
        return self.anchoring.status == ORPHANED

    @property
    def status(self) -> str:
        return "orphaned" if self.orphaned else "anchored"


def place(annotation: Annotation, article: Article | None) -> PlacedAnnotation:
    """Where an annotation's passage is in the article's current text (orphaned if the article is gone)."""
    if article is None:
        return PlacedAnnotation(annotation, Anchoring(ORPHANED))
    return PlacedAnnotation(annotation, reanchor(annotation.selector, article.anchor_text))
