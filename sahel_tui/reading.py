"""What the reader pane shows, as positions in an article's text: blocks, sentences, and where things fall.

Everything the reader highlights — search matches, entity mentions, annotated passages, the sentence cursor — is
a span of ``Article.anchor_text`` (standfirst and paragraphs, blank-line separated), so one coordinate system
serves them all, and an annotation made from the cursor is exactly what the notes store anchors.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from sahel_tui.model import Article, Mention, Span

PIECE_CHARS = 5_000
"""The reader lays a paragraph longer than this out in pieces (cut at line, sentence or word ends), so that it
can lay out only the pieces around the cursor: a one-paragraph 3 MB dump opens as fast as a dispatch."""

WINDOW_CHARS = 24_000
"""About how much text the reader lays out at once, around the cursor (a 4,000-word article fits whole)."""

LONGEST_SENTENCE = 1_200
"""A "sentence" longer than this (a wire dump, a table flattened to text) is cut into cursor steps of at most
this much, at line, sentence or word ends, so the cursor never selects a whole megabyte."""

_SENTENCE_END = re.compile(r"""[.!?…]+(?:\s?[»"'”’)\]])*(?=\s+[«"'“‘(\[]?\s?[A-Z0-9À-Ý]|\s*$)""")
"""A full stop (or ! ? …), the quotes and brackets it closes (French ones after a space: ``partons. »``), then a
capital or a digit, perhaps after opening quotes — or the end."""
_ABBREVIATED = re.compile(
    r"(?:^|(?<=[\s(«“\"'-]))(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|Me|Mgr|St|Ste|Mr|Mrs|Ms|Gen|Gén|Col|Lt|"
    r"Capt|Cpt|Maj|Sgt|Cdt|Adj|Prof|Sen|Gov|Rev|Hon|Jr|Sr|No|gén|gen|col|lt|capt|sgt|cdt|cne|adj|[A-ZÀ-Ý])$"
)
"""What a full stop after it does not end a sentence in: a title (``M. Traoré``, ``Col. Goïta``, ``le gén. Tiani``)
or an initial (``J.-P. Kaboré``) — a capital alone as a word, or after a hyphen."""
_REFERENCE = re.compile(
    r"(?:(?:^|(?<=[\s(«“\"-]))(?:n|no|nos|p|pp|vol|chap|ch|sect|fig|réf|ref|cf)|(?<=[lL]['’])arts?)$", re.IGNORECASE
)
"""What a full stop after it and a number do not end a sentence in: ``l'art. 5``, ``p. 12``, ``no. 3`` (not "art"
alone: "their art. 300 works were saved" is two sentences)."""
_OPENS_A_SENTENCE = re.compile(
    r"\s+[«“\"'‘(]?\s?(?:The|Then|This|That|These|Those|There|They|It|Its|He|She|We|You|But|And|Yet|So|If|"
    r"When|While|After|Before|In|On|At|As|An?|Il|Ils|Elle|Elles|Les|Un|Une|Des|Mais|Et|Puis|Alors|Ensuite|Ce|"
    r"Cette|Ces|Cet|Nous|Vous|On|Dans|Selon|Pour|Par|Sur|Lors|Depuis|Après|Avant|Au|Aux)\b"
)
"""Words that open a sentence and are never a surname: after one, a capital alone with a full stop ended the
sentence before (``Plan B. Then``, ``le scénario B. Il``) instead of being an initial. Not the particles of names
(Le, La, De, Ag, Ould, El): ``J.-M. Le Pen`` keeps its initials."""


@dataclass(frozen=True)
class Block:
    """A standfirst or paragraph, and where it sits in the anchor text."""

    field: str  # "standfirst" or "paragraph"
    index: int | None
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def blocks(article: Article) -> list[Block]:
    found: list[Block] = []
    position = 0
    parts = [("standfirst", None, article.standfirst)] if article.standfirst else []
    parts += [("paragraph", index, text) for index, text in enumerate(article.paragraphs)]
    for field, index, text in parts:
        found.append(Block(field, index, position, text))
        position += len(text) + 2
    return found


def sentences(article: Article) -> list[tuple[int, int]]:
    """Sentence spans in the anchor text, never crossing a paragraph."""
    spans: list[tuple[int, int]] = []
    for block in blocks(article):
        start = 0
        for match in _SENTENCE_END.finditer(block.text):
            if _abbreviated(block.text, match):
                continue
            end = match.end()
            if block.text[start:end].strip():
                spans.append(_trim(block, start, end))
            start = end
        if block.text[start:].strip():
            spans.append(_trim(block, start, len(block.text)))
    if all(end - start <= LONGEST_SENTENCE for start, end in spans):
        return spans
    text = article.anchor_text
    return [step for span in spans for step in _steps(span, text)]


def _abbreviated(text: str, end: re.Match[str]) -> bool:
    """Whether the full stop ``end`` found closes an abbreviated title or an initial rather than a sentence."""
    if not end.group().startswith(".") or end.group().startswith(".."):
        return False
    found = _ABBREVIATED.search(text, max(0, end.start() - 5), end.start())
    if found is None:
        number_next = text[end.end() : end.end() + 3].lstrip()[:1].isdigit()
        return number_next and _REFERENCE.search(text, max(0, end.start() - 5), end.start()) is not None
    lone_capital = len(found.group()) == 1
    return not (lone_capital and _OPENS_A_SENTENCE.match(text, end.end()))


def _steps(span: tuple[int, int], text: str) -> list[tuple[int, int]]:
    """A sentence as cursor steps of at most LONGEST_SENTENCE characters (itself when it is shorter)."""
    start, end = span
    steps: list[tuple[int, int]] = []
    while end - start > LONGEST_SENTENCE:
        cut = start + len(_cut(text[start : start + LONGEST_SENTENCE], LONGEST_SENTENCE))
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        steps.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        steps.append((start, end))
    return steps


def pieces(article_blocks: list[Block], size: int = PIECE_CHARS) -> list[Block]:
    """The blocks as the reader lays them out: each longer than ``size`` cut into pieces at line, sentence or word
    ends. A piece keeps its paragraph's field and index, and its own start in the anchor text; the one space or
    line break a cut falls on belongs to neither piece (the pieces are drawn one under the other)."""
    found: list[Block] = []
    for block in article_blocks:
        text, offset = block.text, 0
        while len(text) - offset > size:
            piece = _cut(text[offset : offset + size], size)
            found.append(Block(block.field, block.index, block.start + offset, piece))
            offset += len(piece)
            if text[offset].isspace():
                offset += 1
        found.append(Block(block.field, block.index, block.start + offset, text[offset:]))
    return found


def window(laid_out: list[Block], offset: int, size: int = WINDOW_CHARS) -> tuple[int, int]:
    """Which pieces to lay out around ``offset``: ``(first, end)`` indices into ``laid_out``, about ``size``
    characters in all, the piece holding ``offset`` always among them."""
    if not laid_out:
        return 0, 0
    here = max(0, bisect.bisect_right([piece.start for piece in laid_out], offset) - 1)
    first, end, used = here, here + 1, len(laid_out[here].text)
    while used < size and (first > 0 or end < len(laid_out)):
        if end < len(laid_out):
            used += len(laid_out[end].text)
            end += 1
        if first > 0 and used < size:
            first -= 1
            used += len(laid_out[first].text)
    return first, end


def _trim(block: Block, start: int, end: int) -> tuple[int, int]:
    text = block.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return block.start + start, block.start + end


def to_anchor(article_blocks: list[Block], field: str, paragraph: int | None, start: int, end: int):
    """A span given per field (as search hits and mentions are) -> anchor-text offsets, or None (title, byline)."""
    return _anchored(_block_starts(article_blocks), field, paragraph, start, end)


def span_positions(article_blocks: list[Block], spans: list[Span]) -> list[tuple[int, int]]:
    starts = _block_starts(article_blocks)
    found = [_anchored(starts, s.field, s.paragraph, s.start, s.end) for s in spans]
    return [span for span in found if span is not None]


def mention_positions(article_blocks: list[Block], mentions: list[Mention]) -> list[tuple[int, int]]:
    starts = _block_starts(article_blocks)
    found = [_anchored(starts, m.field, m.paragraph, m.start, m.end) for m in mentions]
    return [span for span in found if span is not None]


def _block_starts(article_blocks: list[Block]) -> dict[tuple[str, int | None], int]:
    """Where each block starts, by (field, paragraph number; None for the standfirst): one look per span, where a
    scan of the blocks per span made an enormous article's thousands of mentions take seconds."""
    starts: dict[tuple[str, int | None], int] = {}
    for block in article_blocks:
        starts.setdefault((block.field, None if block.field == "standfirst" else block.index), block.start)
    return starts


def _anchored(starts: dict[tuple[str, int | None], int], field: str, paragraph: int | None, start: int, end: int):
    block_start = starts.get((field, None if field == "standfirst" else paragraph))
    return None if block_start is None else (block_start + start, block_start + end)


def _cut(paragraph: str, limit: int) -> str:
    """The paragraph's beginning, up to ``limit`` characters, ending at a line, sentence or word end (a prefix,
    so every offset in it is the full text's)."""
    for boundary in ("\n", ". ", " "):
        end = paragraph.rfind(boundary, limit // 2, limit)
        if end != -1:
            return paragraph[: end + (1 if boundary == ". " else 0)]
    return paragraph[:limit]


def sentence_at(spans: list[tuple[int, int]], offset: int) -> int:
    """The sentence containing ``offset`` (or the next one after it)."""
    index = bisect.bisect_right(spans, offset, key=lambda span: span[1])
    return min(index, max(0, len(spans) - 1))
