"""The notes store's records, and reading a stored row back: defensively, since the file is the user's and other
programs (an older sahel-tui, a sync tool, a hand edit) may have written it — a row that is not what sahel-tui writes
is named with its reason, never a crash and never a guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sahel_tui.fileio import parse_json
from sahel_tui.notes.anchor import Selector


@dataclass(frozen=True)
class Annotation:
    id: str
    article_id: str
    selector: Selector
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""

    @property
    def quote(self) -> str:
        return self.selector.quote


@dataclass(frozen=True)
class ReadingState:
    article_id: str
    read: bool = False
    position: int | None = None


COLUMNS = "id, article_id, quote, prefix, suffix, start, end, text_hash, note, tags, created, updated"
MAX_OFFSET = 1 << 40


def annotation_from_row(row: tuple) -> Annotation:
    """A row -> an Annotation; ValueError (with the reason) for a row whose values are not what was written."""
    (annotation_id, article_id, quote, prefix, suffix, start, end, digest, note, tags, created, updated) = row
    texts = {"id": annotation_id, "article": article_id, "quote": quote, "prefix": prefix, "suffix": suffix,
             "text hash": digest, "note": note, "created": created, "updated": updated}  # fmt: skip
    for name, value in texts.items():
        if not isinstance(value, str):
            raise ValueError(f"its {name} is {type(value).__name__}, not text")
    for name, value in (("start", start), ("end", end)):
        if type(value) is not int or not 0 <= value <= MAX_OFFSET:
            raise ValueError(f"its {name} offset {value!r} is not a position in an article")
    try:
        tag_list = parse_json(tags) if isinstance(tags, str) else None
    except ValueError:
        tag_list = None
    if not isinstance(tag_list, list) or not all(isinstance(tag, str) for tag in tag_list):
        raise ValueError("its tags are not a list of words")
    return Annotation(
        annotation_id, article_id, Selector(quote, prefix, suffix, start, end, digest), note, tuple(tag_list),
        created, updated,
    )  # fmt: skip


def position_from_row(value: object) -> int | None:
    return value if type(value) is int and 0 <= value <= MAX_OFFSET else None


def clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tags as given, split only at commas (``africa corps`` is one tag), trimmed, whitespace runs one space,
    no leading #, duplicates and empties dropped."""
    seen: dict[str, None] = {}
    for tag in tags:
        for part in str(tag).split(","):
            seen.setdefault(" ".join(part.split()).lstrip("#").strip(), None)
    return tuple(tag for tag in seen if tag)


def now_stamp() -> str:
    """When a note or mark is written or changed: UTC, to the microsecond (ordering two changes in one second)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
