"""What the reader pane shows, as positions in an article's text: blocks, sentences, and where things fall.

Everything the reader highlights — search matches, entity mentions, annotated passages, the sentence cursor — is
a span of ``Article.anchor_text`` (standfirst and paragraphs, blank-line separated), so one coordinate system
serves them all, and an annotation made from the cursor is exactly what the notes store anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sahel_tui.model import Article, Mention, Span

READER_CHARS = 300_000
"""Most text the reader lays out at once (a 50,000-word report fits); beyond it, whole paragraphs are left out
with a notice, so a pathological file cannot freeze the app. Offsets of what is shown are unchanged."""

_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9À-Ý]|\s*$)""")


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
            end = match.end()
            if block.text[start:end].strip():
                spans.append(_trim(block, start, end))
            start = end
        if block.text[start:].strip():
            spans.append(_trim(block, start, len(block.text)))
    return spans


def _trim(block: Block, start: int, end: int) -> tuple[int, int]:
    text = block.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return block.start + start, block.start + end


def to_anchor(article_blocks: list[Block], field: str, paragraph: int | None, start: int, end: int):
    """A span given per field (as search hits and mentions are) -> anchor-text offsets, or None (title, byline)."""
    for block in article_blocks:
        if block.field == field and (field == "standfirst" or block.index == paragraph):
            return block.start + start, block.start + end
    return None


def span_positions(article_blocks: list[Block], spans: list[Span]) -> list[tuple[int, int]]:
    found = [to_anchor(article_blocks, s.field, s.paragraph, s.start, s.end) for s in spans]
    return [span for span in found if span is not None]


def mention_positions(article_blocks: list[Block], mentions: list[Mention]) -> list[tuple[int, int]]:
    found = [to_anchor(article_blocks, m.field, m.paragraph, m.start, m.end) for m in mentions]
    return [span for span in found if span is not None]


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
    for index, (_start, end) in enumerate(spans):
        if offset < end:
            return index
    return max(0, len(spans) - 1)


def shown_part(article: Article, limit: int = READER_CHARS) -> tuple[Article, int]:
    """The article as the reader shows it: whole paragraphs up to ``limit`` characters, and how many were left out.

    The standfirst and the first paragraph are always shown (a first paragraph over the limit is cut at a line,
    sentence or word end); cutting only at ends keeps every offset in
    the shown part identical to the full text's, so notes and highlights stay exact.
    """
    if len(article.anchor_text) <= limit:
        return article, 0
    used = len(article.standfirst) + 2 if article.standfirst else 0
    kept: list[str] = []
    for paragraph in article.paragraphs:
        if kept and used + len(paragraph) > limit:
            break
        if not kept and used + len(paragraph) > limit:
            kept.append(_cut(paragraph, max(limit - used, limit // 10)))  # one paragraph bigger than the limit
            break
        kept.append(paragraph)
        used += len(paragraph) + 2
    shown = replace(article, paragraphs=tuple(kept))
    return shown, len(article.anchor_text) - len(shown.anchor_text)
