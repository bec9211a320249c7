"""One block of the open article as the reader draws it: its text with every highlight layered on, as ``Text``.

Why apart from the reader widget: the layering is a function of spans over the article's anchor text alone —
sentences (clickable), a chosen entity's mentions, search matches, annotated passages with a ✎ at each note's
end, and the cursor's selection — and the widget only scrolls and lays out. Text is never markup here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from sahel_tui.reading import Block
from sahel_tui.textclean import display_safe

NOTE_MARKER = " ✎"


@dataclass(frozen=True)
class Layers:
    """The spans drawn over an article's text, each list sorted (offsets in its anchor text)."""

    sentences: list[tuple[int, int]]
    sentence_starts: list[int]
    mentions: list[tuple[int, int]]
    matches: list[tuple[int, int]]
    longest_span: int
    """The longest mention or match: how far back a span that touches a block may begin."""
    passages: list[tuple[int, int]]
    """Annotated passages, overlapping ones merged."""
    passage_ends: list[int]
    note_ends: list[int]


def block_text(block: Block, layers: Layers, styles: dict[str, Style], selection: tuple[int, int] | None) -> Text:
    """``block`` drawn with ``styles`` (``mention``, ``match``, ``note``, ``cursor``, ``marker``)."""
    shown = display_safe(block.text)
    text = Text(shown)
    if len(shown) != len(block.text):
        return text  # text that needed sanitising at render: shown plain, without offsets to trust
    first = max(0, bisect.bisect_right(layers.sentence_starts, block.start) - 1)  # may begin in a piece before
    last = bisect.bisect_left(layers.sentence_starts, block.end)
    for index in range(first, last):
        start, end = layers.sentences[index]
        if end > block.start:
            text.apply_meta({"@click": f"pick({index})"}, max(start, block.start) - block.start, end - block.start)
    for spans, style in ((layers.mentions, styles["mention"]), (layers.matches, styles["match"])):
        for start, end in _overlapping(spans, layers.longest_span, block):
            _stylize(text, block, start, end, style)
    first_passage = bisect.bisect_right(layers.passage_ends, block.start)
    for start, end in layers.passages[first_passage:]:
        if start >= block.end:
            break
        _stylize(text, block, start, end, styles["note"])
    ends = layers.note_ends
    first_end, last_end = bisect.bisect_right(ends, block.start), bisect.bisect_right(ends, block.end)
    markers = [end - block.start for end in ends[first_end:last_end]]
    if selection is not None:
        _stylize(text, block, *selection, styles["cursor"])
    if not markers:
        return text
    marked = Text()
    for number, piece in enumerate(text.divide(markers)):
        marked.append_text(piece)
        if number < len(markers):
            marked.append(NOTE_MARKER, style=styles["marker"])
    return marked


def _overlapping(spans: list[tuple[int, int]], longest: int, block: Block) -> list[tuple[int, int]]:
    """The spans (sorted, word- or name-sized) that may touch ``block``: found by bisection, since an enormous
    article has hundreds of thousands of matches and is drawn a piece at a time."""
    if not spans:
        return []
    low = bisect.bisect_left(spans, (block.start - longest, 0))
    high = bisect.bisect_left(spans, (block.end, 0))
    return spans[low:high]


def _stylize(text: Text, block: Block, start: int, end: int, style: Style) -> None:
    if start < block.end and block.start < end:
        text.stylize(style, max(start, block.start) - block.start, min(end, block.end) - block.start)
