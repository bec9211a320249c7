"""Clean text of a scraped news page -> the parts of an article (title, byline, standfirst, body, teasers).

Scrapers keep the page's furniture: share counters and slug lines under the title, comment forms, related-article
blurbs, summaries placed above the headline, headlines and paragraphs printed twice. Each is recognised here by a
general rule, never by the file it came from, and every line the parser drops is reported with the rule that
dropped it (:class:`Dropped`), so a test can prove that no sentence of the real body text is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sahel_tui.model import Teaser

MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 200
MAX_STANDFIRST_WORDS = 40
"""A line under the headline this short, followed by body text, is a subtitle (the standfirst)."""

_BOILERPLATE = re.compile(
    r"""^(?:
        leave\ a\ (?:reply|comment)(?:\ to\ .*)?
      | your\ email\ address\ will\ not\ be\ published\b.*
      | required\ fields\ are\ marked\b.*
      | (?:post|submit)\ (?:a\ )?comment
      | save\ my\ name,\ email\b.*
      | (?:name|email|e-mail|website|comment)\ ?\*?
      | (?:\d+\ )?comments?
      | share(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)?:?
      | (?:tweet|print|email|whatsapp|telegram|facebook|linkedin|twitter|pinterest)
      | (?:click|tap)\ to\ (?:share|print|email)\b.*
      | like\ this:?
      | loading\.\.\.
      | related(?:\ (?:posts|articles|stories|news))?:?
      | (?:read|see)\ (?:also|more)\s*:?
      | you\ (?:may|might)\ also\ like:?
      | more\ (?:from|stories|news)\b.{0,40}
      | advertisement|sponsored(?:\ content)?
      | (?:subscribe|sign\ up)\b.{0,60}newsletter.*
      | follow\ us\ on\b.*
      | (?:all\ rights\ reserved|copyright\b|©).{0,100}
      | .{0,80}\ all\ rights\ reserved\.?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""Whole lines of page furniture. Anchored at both ends and short, so they never match a real paragraph."""

_SLUG = re.compile(r"^[a-z0-9]+(?:[+_\-][a-z0-9]+)+$")
"""A URL slug or tag line under a title (``trump+goitaasimi``): lower-case words joined without spaces."""

_NOT_WORDS = re.compile(r"^[\W\d_]{1,8}$")
"""A share counter (``0``), a separator (``-``, ``***``): no letters at all."""

_BYLINE_LABEL = r"(?:edited\s+by|editorial|written\s+by|posted\s+by|reported\s+by|reporting\s+by|author|by|par)"
_NAME_WORD = r"(?:[^\W\d_][\w.'’-]*)"
_BYLINE = re.compile(
    rf"^{_BYLINE_LABEL}\s*:?\s+(?P<name>{_NAME_WORD}(?:[ ,&]+{_NAME_WORD}){{0,7}})\.?$",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"de", "da", "del", "der", "van", "von", "al", "el", "ag", "ould", "bin", "ibn", "ben", "and", "et"}

_TEASER_INFO = re.compile(
    rf"""^(?:(?P<label>{_BYLINE_LABEL})\s*:?\s*)?
        (?P<rest>.+?(?:\.\.\.|…))
        \s*(?P<section>[^.…]{{0,40}}?)\s*[-–—|]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
"""The line under a related headline: optional byline label and name, a snippet cut off with an ellipsis, and
the section it belongs to (``Edited by : Jane DOE A deadly attack on… Security trends -``)."""

_SENTENCE_STARTERS = {
    "a", "an", "the", "in", "on", "at", "as", "after", "before", "four", "three", "two", "one", "five", "several",
    "this", "these", "it", "its", "for", "following", "amid", "despite", "with", "while", "when", "since", "over",
    "according", "indeed", "officials", "authorities", "confirm", "confirmed",
}  # fmt: skip

_EMPHASIS = re.compile(r"^(\*{1,2}|_{1,2})(?=\S)(?P<inner>.+?)(?<=\S)\1$")


@dataclass(frozen=True)
class Dropped:
    """A line the parser left out of the article, and the rule that left it out."""

    line: str
    reason: str  # "boilerplate", "junk", "duplicate"


@dataclass
class ParsedNews:
    title: str | None
    byline: str | None = None
    standfirst: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def parse_news_text(text: str) -> ParsedNews:
    """Split a scraped article's clean text into its parts."""
    dropped: list[Dropped] = []
    lines = _furniture_free(_paragraph_lines(text), dropped)
    teasers, lines = _split_teaser_block(lines, dropped)

    title_at = _find_headline(lines)
    before = lines[:title_at] if title_at is not None else []
    title = lines[title_at] if title_at is not None else None
    rest = lines[title_at + 1 :] if title_at is not None else lines

    byline, rest = _take_byline(rest)
    standfirst = None
    if before:
        standfirst, *early = before
        rest = early + rest
    elif len(rest) >= 3 and _is_subtitle(rest[0]):
        standfirst, rest = rest[0], rest[1:]

    seen = {_key(s) for s in (title, standfirst) if s}
    paragraphs: list[str] = []
    for line in rest:
        paragraph = _unwrap_emphasis(line)
        key = _key(paragraph)
        if key in seen:
            dropped.append(Dropped(line, "duplicate"))
            continue
        seen.add(key)
        paragraphs.append(paragraph)
    return ParsedNews(title, byline, standfirst, paragraphs, teasers, dropped)


def _paragraph_lines(text: str) -> list[str]:
    """Paragraph candidates: one per line, or one per block when the text is hard-wrapped."""
    blocks = [[line.strip() for line in block.split("\n") if line.strip()] for block in re.split(r"\n\s*\n", text)]
    blocks = [block for block in blocks if block]
    lines = [line for block in blocks for line in block]
    wrapped_lines = sum(len(block) for block in blocks if len(block) > 1 and max(map(len, block)) <= 100)
    if lines and wrapped_lines >= 0.6 * len(lines) and max(map(len, lines)) <= 100:
        return [" ".join(block) for block in blocks]
    return lines


def _furniture_free(lines: list[str], dropped: list[Dropped]) -> list[str]:
    kept = []
    for line in lines:
        if _BOILERPLATE.match(line):
            dropped.append(Dropped(line, "boilerplate"))
        elif _SLUG.match(line) or _NOT_WORDS.match(line):
            dropped.append(Dropped(line, "junk"))
        else:
            kept.append(line)
    return kept


def _split_teaser_block(lines: list[str], dropped: list[Dropped]) -> tuple[list[Teaser], list[str]]:
    """Related-article blurbs at the end: (headline, info line) pairs read backwards from the last line."""
    teasers: list[Teaser] = []
    end = len(lines)
    while end >= 2:
        info = _TEASER_INFO.match(lines[end - 1])
        if not info or not _is_headline(lines[end - 2]):
            break
        teasers.insert(0, _teaser(lines[end - 2], info))
        end -= 2
    labelled = any(teaser.byline for teaser in teasers)
    if len(teasers) >= 2 or (teasers and labelled):
        return teasers, lines[:end]
    return [], lines


def _teaser(title: str, info: re.Match[str]) -> Teaser:
    rest = info["rest"].strip()
    byline = None
    if info["label"]:
        byline, rest = _split_name(rest)
    section = (info["section"] or "").strip(" -–—|") or None
    return Teaser(title=title, byline=byline, snippet=rest or None, section=section)


def _split_name(text: str) -> tuple[str | None, str]:
    """``"Jane DOE A deadly attack…"`` -> ``("Jane Doe", "A deadly attack…")``.

    Scraped blurbs glue the editor's name to the snippet, sometimes without a space (``Jane DoeChad responds``).
    The name ends at a word glued to the next sentence, at an all-capitals surname, or before a word that
    starts a sentence.
    """
    words = text.split(" ")
    name: list[str] = []
    for position, word in enumerate(words[:6]):
        glued = _glue_point(word)
        if glued and position >= 1:
            name.append(word[:glued])
            return _tidy_name(name), " ".join([word[glued:], *words[position + 1 :]])
        if position >= 1 and len(word) >= 2 and word.isupper() and word.isalpha():
            name.append(word)
            return _tidy_name(name), " ".join(words[position + 1 :])
        if position >= 1 and (word.casefold() in _SENTENCE_STARTERS or not word[:1].isupper()):
            if word.casefold() in _NAME_PARTICLES and position + 1 < len(words):
                name.append(word)
                continue
            start = position
            proper = [part for part in name if part.casefold() not in _NAME_PARTICLES]
            if word.casefold() not in _SENTENCE_STARTERS and len(proper) >= 3:
                start -= 1  # "Jane Doe Gunmen attacked": a capitalised word before a lower-case one opens the snippet
                name.pop()
            return _tidy_name(name), " ".join(words[start:])
        name.append(word)
    return _tidy_name(words[:2]), " ".join(words[2:])


def _glue_point(word: str) -> int | None:
    """Where a lower-case letter runs into an upper-case one after a real name part (not Mc/Mac/De)."""
    for index in range(4, len(word) - 1):
        if word[index - 1].islower() and word[index].isupper():
            return index
    return None


def _tidy_name(words: list[str]) -> str | None:
    tidy = []
    for word in words:
        if word.casefold() in _NAME_PARTICLES and tidy:
            tidy.append(word)
        elif word.isupper() or word.islower():
            tidy.append(word[:1].upper() + word[1:].lower())
        else:
            tidy.append(word)
    return " ".join(tidy) or None


def _find_headline(lines: list[str]) -> int | None:
    """The headline: the first headline-shaped line among the first three (a summary may sit above it)."""
    for index, line in enumerate(lines[:3]):
        if _is_headline(line) and not _BYLINE.match(line):
            return index
    return None


def _is_headline(line: str) -> bool:
    words = line.split()
    if not (2 <= len(words) <= MAX_HEADLINE_WORDS) or len(line) > MAX_HEADLINE_CHARS:
        return False
    if not line[:1].isupper() and not line[:1].isdigit() and line[:1] not in "\"'“‘«":
        return False
    return not re.search(r"[.,;:…]$", line.rstrip("\"'”’»)"))


def _take_byline(lines: list[str]) -> tuple[str | None, list[str]]:
    """A byline among the first lines under the headline (``Editorial : Jane Doe``, ``By JANE DOE``)."""
    for index, line in enumerate(lines[:3]):
        match = _BYLINE.match(line)
        if match and _looks_like_name(match["name"]):
            return _tidy_name(match["name"].split()), lines[:index] + lines[index + 1 :]
    return None, lines


def _looks_like_name(text: str) -> bool:
    words = [word for word in re.split(r"[ ,&]+", text) if word]
    return bool(words) and all(word[:1].isupper() or word.casefold() in _NAME_PARTICLES for word in words)


def _is_subtitle(line: str) -> bool:
    sentences = re.findall(r"[.!?](?:\s|$)", line)
    return len(line.split()) <= MAX_STANDFIRST_WORDS and len(sentences) <= 1


def _unwrap_emphasis(line: str) -> str:
    match = _EMPHASIS.match(line)
    return match["inner"] if match else line


_EMPHASIS_MARKS = str.maketrans("", "", "*_")


def _key(text: str) -> str:
    return " ".join(text.translate(_EMPHASIS_MARKS).casefold().split())
