"""``since:`` and ``before:``: the day a typed date or span back from today stands for.

    since:7d   since:2w   since:3m   since:1y     a span back from today (days, weeks, months, years)
    since:7                                        a bare number is days (four digits: a year)
    since:today   since:yesterday
    since:2026   since:2026-11   since:2026-11-05  the first day of that year, month or day
    before:2026-11                                 before the first of November 2026

``since:`` keeps the articles dated on or after the day, ``before:`` those dated before it: ``since:2026-11
before:2026-12`` is November. Articles are dated by day (``YYYY-MM-DD``), so a bound is a day, compared as text.
An article without a date has none to compare: a date filter leaves it out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_SPAN = re.compile(r"(\d{1,5})\s*([dwmy]?)")
_DAY = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
HOW = "a date (2026-11-05, 2026-11, 2026) or a span back from today (7d, 2w, 3m, 1y)"
"""What a date filter takes, for the notice when a value is not one."""


def first_day(value: str, today: date) -> str | None:
    """The day (``YYYY-MM-DD``) ``value`` starts on, or None when it is not a date or a span."""
    value = value.strip().lower()
    if value in ("today", "yesterday"):
        return (today - timedelta(days=value == "yesterday")).isoformat()
    found = _DAY.fullmatch(value)
    if found and (found.group(2) or 1900 <= int(found.group(1)) <= 2100):
        year, month, day = int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    found = _SPAN.fullmatch(value)
    if found:
        return _back(today, int(found.group(1)), found.group(2) or "d")
    return None


def _back(today: date, count: int, unit: str) -> str:
    """``count`` days, weeks, months or years before ``today`` (a month back from 31 March: the last of February);
    a span reaching before year 1 starts at its first day."""
    if unit in "dw":
        days = count * (7 if unit == "w" else 1)
        return (today - timedelta(days=days)).isoformat() if days < today.toordinal() else date.min.isoformat()
    months = today.year * 12 + today.month - 1 - count * (12 if unit == "y" else 1)
    if months < 12:
        return date.min.isoformat()
    year, month = divmod(months, 12)
    month += 1
    for day in range(today.day, 27, -1):  # the same day of the month, or the month's last
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return date(year, month, min(today.day, 28)).isoformat()
