"""Markdown articles (``.md``) with optional front matter: the format people write their own notes-to-read in.

Front matter is the small ``key: value`` subset of YAML that article files use (``title``, ``byline``, ``date``,
``source_url``); anything fancier is read as plain text rather than rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FRONT_MATTER_KEYS = ("title", "byline", "date", "source_url")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(?P<inner>.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(?P<inner>[^*_]+?)(?<=\S)\1(?![\w*])")
_LIST_MARK = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


@dataclass
class ParsedMarkdown:
    meta: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)


def parse_markdown(text: str) -> ParsedMarkdown:
    parsed = ParsedMarkdown()
    match = _FRONT_MATTER.match(text)
    if match:
        parsed.meta = _front_matter(match["body"])
        text = text[match.end() :]
    parsed.title = parsed.meta.get("title")
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines or all(re.fullmatch(r"[-*_=]{3,}", line) for line in lines):
            continue
        heading = _HEADING.match(lines[0])
        if heading and parsed.title is None:
            parsed.title = _inline(heading["text"])
            lines = lines[1:]
        parsed.paragraphs.extend(_block_paragraphs(lines))
    return parsed


def _front_matter(body: str) -> dict[str, str]:
    meta: dict[str, str] = {}
    for line in body.split("\n"):
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in FRONT_MATTER_KEYS:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if value:
                meta[key] = value
    return meta


def _block_paragraphs(lines: list[str]) -> list[str]:
    """A block of lines -> paragraphs: list items and headings stand alone, wrapped prose is joined."""
    paragraphs: list[str] = []
    prose: list[str] = []
    for line in lines:
        heading = _HEADING.match(line)
        if heading or _LIST_MARK.match(line):
            if prose:
                paragraphs.append(_inline(" ".join(prose)))
                prose = []
            paragraphs.append(_inline(heading["text"] if heading else _LIST_MARK.sub("", line)))
        else:
            prose.append(line.lstrip("> ").strip() if line.startswith(">") else line)
    if prose:
        paragraphs.append(_inline(" ".join(prose)))
    return [p for p in paragraphs if p]


def _inline(text: str) -> str:
    text = _LINK.sub(lambda m: m["text"], text)
    text = _STRONG.sub(lambda m: m["inner"], text)
    text = _EM.sub(lambda m: m["inner"], text)
    return text.replace("`", "").strip()
