"""Bylines: who wrote an article, as pages, feeds and scraped text print it, in English and French.

A byline line under the headline (``Par Awa Traoré``, ``By JANE DOE``, ``Auteur : …``), perhaps sharing its line
with the date in either order (``Par Awa Traoré | 7 juin 2025``, ``Posted on March 12, 2025 by …``, ``Écrit par
… le 12 mars 2025 · 3 min de lecture``); the place, an envoy's title or the agencies after a name, left off it (``…, à
Niamey``, ``… in Gao, with AFP``); a newsroom or a correspondent named instead of a person (``Par la rédaction``,
``By our correspondent in Bamako``); and a byline as a page's metadata or a feed states it. Split off
:mod:`sahel_tui.corpus.newsparse`, which decides where in the article a byline may be.
"""

from __future__ import annotations

import re

from sahel_tui.corpus.pagechrome import is_page_chrome
from sahel_tui.extract.dates import dateline

BYLINE_LABEL = (
    r"(?:edited\s+by|editorial|written\s+by|posted\s+by|reported\s+by|reporting\s+by|author|by|"
    r"r[ée]dig[ée]e?\s+par|propos\s+recueillis\s+par|[ée]crit\s+par|publi[ée]e?\s+par|auteur|par)"
)
_NAME_WORD = r"(?:[^\W\d_][\w.'’-]*)"
BYLINE = re.compile(
    rf"^{BYLINE_LABEL}\s*:?\s+(?P<name>{_NAME_WORD}(?:[ ,&]+{_NAME_WORD}){{0,7}})\.?$",
    re.IGNORECASE,
)
_TAIL = re.compile(
    r"(?<!\w)(?:(?P<where>à|au|aux|en|in|from|depuis)|(?P<with>avec|with))\s+(?P<tail>[^,;()]{1,60}?)\s*\)?$",
    re.IGNORECASE,
)
"""What follows a byline's name: where it was written (``Par Awa Traoré, à Niamey``, ``By John Smith in Gao``) or
the agencies it drew on (``avec AFP``). Kept off the name when the place or the agencies are capitalised words."""
_TITLE = (r"(?:envoy[ée]e?s?\s+sp[ée]ci(?:ale?s?|aux)|correspondante?s?|(?:special\s+)?correspondents?|"
          r"r[ée]daction|newsroom|staff|reporters?|journalistes?)")  # fmt: skip
_TAIL_LEAD = re.compile(rf"\s*[,;(–—-]?\s*(?:(?:notre\s+|nos\s+|our\s+)?{_TITLE}\s+)?$", re.IGNORECASE)
"""Before the place: the punctuation, and an envoy's or a correspondent's title (``…, envoyée spéciale à Gao``)."""
_NOT_AN_AUTHOR = re.compile(
    r"^(?:(?:à|au|aux|en|in|from|depuis|avec|with)\s|(?:(?:notre|nos|our)\s+)?(?:envoy[ée]e?s?\s+sp[ée]ci(?:ale?s?|aux)|"
    r"correspondante?s?|(?:special\s+)?correspondents?)\b)",
    re.IGNORECASE,
)
"""One of the authors a page reader split a byline into that is its place, a title or its agencies (``John Smith;
Our Correspondent; With Afp``)."""
_NEWSROOM = re.compile(
    rf"^{BYLINE_LABEL}\s*:?\s+(?P<who>(?:la|le|les|notre|nos|our|the|a|un|une|l['’])\s*{_TITLE}"
    r"(?:\s+(?:à|au|aux|en|in|from|depuis)\s+[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})?)\.?$",
    re.IGNORECASE,
)
"""A newsroom or a correspondent signing instead of a person: ``Par la rédaction``, ``By our correspondent in
Bamako``, ``Par notre envoyée spéciale à Gao``."""
_PLACE = r"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2}"
_WITH_CORRESPONDENT = re.compile(
    rf"^(?:avec|with)\s+(?P<who>(?:notre|nos|our)\s+{_TITLE}(?:\s+(?:à|au|aux|en|in|from)\s+{_PLACE}"
    rf"(?:\s+(?:et|and)\s+{_PLACE})?)?)(?:\s*,\s*(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}))?\.?$",
    re.IGNORECASE,
)
"""A broadcaster's credit at the head of a story: ``Avec notre correspondant à Ouagadougou, Yaya Boudani`` (the
byline is the name), ``With our correspondents in Bamako and Niamey`` (the byline is the credit)."""
MAX_BYLINE_CHARS = 160
"""A byline with its place and agencies (``Par Awa Traoré et Moussa Diallo, envoyés spéciaux à Gao, avec AFP``)
is shorter than this."""
_FOLLOW_BUTTON = re.compile(r"\s+(?:suivre|follow|s['’]abonner|subscribe)$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_PARTS = re.compile(r"\s+[|·•–—-]\s+|\s*[|·•]\s*")
"""How a line holding a byline and a date separates them."""
_NAME_THEN_DATE = re.compile(r"^(?P<name>.+?)\s+(?:le|on)\s+(?P<date>.+)$", re.IGNORECASE)
_DATE_THEN_NAME = re.compile(r"^(?P<date>.+?)\s+(?P<name>(?:by|par)\s+.+)$", re.IGNORECASE)
NAME_PARTICLES = {"de", "da", "del", "der", "van", "von", "al", "el", "ag", "ould", "bin", "ibn", "ben", "and", "et"}
_PLACE_PARTICLES = {"de", "du", "des", "d", "la", "le", "les", "l", "el", "al", "of", "the"}
MAX_ACRONYM = 5
"""A byline that is one word in capitals this short is an agency (``Par AFP``), kept as written."""


def take_byline(lines: list[str], dates: list[str]) -> tuple[str | None, list[str]]:
    """A byline among the first lines under the headline (``Editorial : Jane Doe``, ``By JANE DOE``), perhaps
    sharing its line with the date (the date goes to ``dates``); the lines without it."""
    for index, line in enumerate(lines[:3]):
        found = byline_of(line)
        if found is not None:
            name, date = found
            if date:
                dates.append(date)
            return name, lines[:index] + lines[index + 1 :]
    return None, lines


def byline_of(line: str) -> tuple[str, str | None] | None:
    """(the byline, the date the line also gives or None) when ``line`` is a byline line, else None."""
    if len(line) > MAX_BYLINE_CHARS:
        return None
    name = _labelled_name(line)
    if name:
        return name, None
    return _with_date(line) if _DIGIT.search(line) else None  # no digit, no date


def _labelled_name(part: str) -> str | None:
    """``Par Awa Traoré, à Niamey`` -> ``Awa Traoré``; ``By our correspondent in Bamako`` as the newsroom signs.
    A follow button printed after the name is not part of it (``Par : RFI Suivre``)."""
    part = _FOLLOW_BUTTON.sub("", part)
    match = BYLINE.match(without_byline_tail(part))
    if match and looks_like_name(match["name"]):
        return tidy_name(match["name"].split())
    newsroom = _NEWSROOM.match(part) or _WITH_CORRESPONDENT.match(part)
    if newsroom and newsroom.groupdict().get("name") and looks_like_name(newsroom["name"]):
        return tidy_name(newsroom["name"].split())
    if newsroom:
        who = newsroom["who"]
        return who[:1].upper() + who[1:]
    return None


def _with_date(line: str) -> tuple[str, str | None] | None:
    """A line that gives a byline and a date, in either order, with a reading time perhaps: every part of it is
    one of those. The name needs its label: "Burkina Faso | 12 mars 2025" has the shape of "Awa Traoré | 12 mars
    2025", and a country is no author (such a line stays text)."""
    parts: list[str] = []
    for piece in _PARTS.split(line):
        splits = (_NAME_THEN_DATE.match(piece), _DATE_THEN_NAME.match(piece))
        split = next((s for s in splits if s and dateline(s["date"]) and _labelled_name(s["name"])), None)
        parts += [split["name"], split["date"]] if split else [piece]
    names: list[str] = []
    found: list[str] = []
    for part in filter(None, (part.strip() for part in parts)):
        if stamp := dateline(part):
            found.append(stamp.date)
        elif name := _labelled_name(part):
            names.append(name)
        elif not is_page_chrome(part):
            return None
    if not names or not found:
        return None
    return names[0], min(found)


def byline_name(text: str | None) -> str | None:
    """A byline as a page's metadata or a feed states it, without the label French sites put before the name
    (``Par Awa Traoré``, ``Rédigé par …``; the page reader already drops an English ``By``) nor the place or
    agencies after it (``…; À Niamey``: the page reader splits authors at commas); else as it is."""
    if not text:
        return None
    parts = [part.strip() for part in text.split(";")]
    authors = "; ".join(part for part in parts if not _NOT_AN_AUTHOR.match(part)) if len(parts) > 1 else text
    name = without_byline_tail((authors or text).strip())
    match = BYLINE.match(name)
    if match and looks_like_name(match["name"]):
        return tidy_name(match["name"].split())
    return name if name != text.strip() and looks_like_name(name.replace(";", " ")) else text


def without_byline_tail(line: str) -> str:
    """``Par Awa Traoré, à Niamey`` -> ``Par Awa Traoré`` (``in Gao, with AFP``: both); a line whose tail is not a
    place or agencies, as it is."""
    while (shorter := _without_last_tail(line)) != line:
        line = shorter
    return line


def _without_last_tail(line: str) -> str:
    if len(line) > MAX_BYLINE_CHARS:
        return line  # a paragraph, not a byline: not searched (a search of each of its words cost 70 µs a line)
    match = _TAIL.search(line, max(0, len(line) - 80))
    if not match:
        return line
    words = re.split(r"[\s'’-]+", match["tail"])
    joining = {"et", "and", "l", "d"} if match["with"] else _PLACE_PARTICLES
    if not (words[0][:1].isupper() and all(w[:1].isupper() or w.casefold() in joining for w in words)):
        return line  # "en ligne", "à la frontière": words of the sentence, not a place or agencies
    head = line[: match.start()]
    head = head[: _TAIL_LEAD.search(head).start()]  # always found: all of it may be empty
    return head.rstrip(" ,;") if head.strip() else line


def looks_like_name(text: str) -> bool:
    words = [word for word in re.split(r"[ ,&]+", text) if word]
    return bool(words) and all(word[:1].isupper() or word.casefold() in NAME_PARTICLES for word in words)


def tidy_name(words: list[str]) -> str | None:
    """A name's words as a name is written: ``JANE DOE`` -> ``Jane Doe``, particles kept lower-case; one short
    word in capitals is an agency and stays so (``AFP``)."""
    if len(words) == 1 and words[0].isupper() and words[0].isalpha() and len(words[0]) <= MAX_ACRONYM:
        return words[0]
    tidy = []
    for word in words:
        if word.casefold() in NAME_PARTICLES and tidy:
            tidy.append(word)
        elif word.isupper() or word.islower():
            tidy.append(word[:1].upper() + word[1:].lower())
        else:
            tidy.append(word)
    return " ".join(tidy) or None
