"""Dates as news pages print them, in English and French -> ISO 8601.

Two uses: :func:`parse_date` reads one free-form date (a feed's odd ``pubDate``, a page's "7 juin 2025");
:func:`dateline` recognises a line that is nothing but a labelled date ("Publié le 7 juin 2025 à 07h35 ·
Mis à jour le 8 juin 2025", "Updated 07 June 2025"), which is then page furniture and the article's date.
Rules, not cases: month and day names in both languages (full, abbreviated, with or without accents), day-first
and month-first orders, ISO and numeric forms (``12/03/2025``, ``12-03-2025``, ``2025/03/12``), optional times
and zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sahel_tui.textclean import fold

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}  # fmt: skip
DAYS = ("monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|"
        "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche")  # fmt: skip
LABEL_WORDS = {
    "published", "updated", "last", "posted", "modified", "created", "first", "on", "at", "date", "dated", "the",
    "publie", "publiee", "publication", "mis", "mise", "a", "jour", "cree", "creee", "modifie", "modifiee", "le",
    "du", "derniere", "maj", "gmt", "utc", "wat", "cet", "cest", "am", "pm", "h", "et", "and",
}  # fmt: skip
"""Words a dateline may hold besides its dates and times (folded: accents removed, lower case)."""

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(
    rf"\b(?:(?:{DAYS})\.?,?\s+)?(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b"
)
_MONTH_FIRST = re.compile(
    rf"\b(?:(?:{DAYS})\.?,?\s+)?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:z|[+-]\d{2}:?\d{2})?)?\b")  # fmt: skip
_NUMERIC = re.compile(r"\b(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})\b")
_YEAR_FIRST = re.compile(r"\b(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\b")
_TIME = re.compile(r"\b\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s?mi?n)?\b|\b\d{1,2}\s*(?:am|pm)\b")
_SEPARATORS = re.compile(r"[\s|·•,;:()\[\]/–—-]+")
_ASIDES = re.compile(
    r"\bil y a \d{1,3} ?(?:min(?:ute)?s?|h|heures?|jours?|semaines?|mois)\b"
    r"|\b(?:\d{1,3}|an?|one) ?(?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?|months?) ago\b"
    r"|\b\d{1,3} ?min(?:ute)?s? (?:read|de lecture)\b"
    r"|\b(?:(?:temps de )?lecture|reading time) ?:? ?\d{1,3} ?min(?:ute)?s?\b"
)
"""What a dateline may say besides its dates (folded): when it was updated relative to now ("Updated 3 hours
ago", "Mis à jour il y a 2 h") and how long the article takes to read ("4 min read", "Lecture : 4 min")."""


@dataclass(frozen=True)
class Dateline:
    """A line that only states when the article was published (and perhaps updated)."""

    date: str
    """The earliest date on the line (the publication, when it is also updated), ISO 8601."""


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM-DD``, or None."""
    folded = fold(text)
    if (leading := _ISO.match(folded)) and (iso := _iso(leading)):  # a feed's dates: the first is at the start
        return iso
    found = _dates(folded)
    return found[0][1] if found else None


def dateline(line: str) -> Dateline | None:
    """``line`` as a dateline, or None when it says anything but dates, times and their labels."""
    if len(line) > 160:
        return None
    folded = fold(line)
    found = _dates(folded)
    if not found:
        return None
    rest = folded
    for (start, end), _ in sorted(found, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = _TIME.sub(" ", _ASIDES.sub(" ", rest))
    words = [word for word in _SEPARATORS.split(rest) if word]
    if any(word not in LABEL_WORDS for word in words):
        return None
    return Dateline(min(iso for _, iso in found))


def _dates(folded: str) -> list[tuple[tuple[int, int], str]]:
    """Every date in ``folded`` text with its span, in order of position."""
    found: list[tuple[tuple[int, int], str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ISO, _DAY_FIRST, _MONTH_FIRST, _NUMERIC, _YEAR_FIRST):
        for match in pattern.finditer(folded):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            iso = _iso(match)
            if iso:
                found.append((match.span(), iso))
                taken.append(match.span())
    return sorted(found)


def _iso(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if "first" in parts:
        first, second = int(parts["first"]), int(parts["second"])
        day, month = (second, first) if second > 12 else (first, second)  # day first unless it cannot be
    else:
        month_text = parts["month"]
        month = MONTHS[month_text] if not month_text.isdigit() else int(month_text)
        day = int(parts["day"])
    try:
        return date(year, month, day).isoformat() if 1900 <= year <= 2200 else None
    except ValueError:
        return None
