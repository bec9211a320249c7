"""The day a ``since:`` / ``before:`` value stands for: dates, spans back from today, and what is neither."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_tui.search.date_bounds import first_day

TODAY = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2025", "2025-01-01"), ("2025-11", "2025-11-01"), ("2025-1", "2025-01-01"), ("2025-11-05", "2025-11-05"),
        ("today", "2026-03-31"), ("Yesterday", "2026-03-30"), ("7d", "2026-03-24"), ("7", "2026-03-24"),
        ("0d", "2026-03-31"), ("2w", "2026-03-17"), ("1m", "2026-02-28"), ("13m", "2025-02-28"),
        ("1y", "2025-03-31"), ("400", "2025-02-24"),
    ],
)  # fmt: skip
def test_dates_and_spans_back_from_today(typed: str, day: str) -> None:
    assert first_day(typed, TODAY) == day


@pytest.mark.parametrize("typed", ["2025-13", "2025-02-30", "2025-11-0", "last week", "d", "-7d", "7x", "2025-"])
def test_what_is_neither_a_date_nor_a_span_stands_for_no_day(typed: str) -> None:
    assert first_day(typed, TODAY) is None


@given(st.integers(0, 99999), st.sampled_from("dwmy"), st.dates(date(1, 1, 1), date(9999, 12, 31)))
def test_a_span_always_gives_a_day_on_or_before_today(count: int, unit: str, today: date) -> None:
    day = first_day(f"{count}{unit}", today)
    assert day is not None and date.fromisoformat(day) <= today
