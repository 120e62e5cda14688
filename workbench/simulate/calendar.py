"""Calendar arithmetic for schedules: months, periods and day counts (fiscal period = month)."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=4096)
def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@lru_cache(maxsize=4096)
def month_end(day: dt.date) -> dt.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def days(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end``, both included (0 when end is before start)."""
    return max((end - start).days + 1, 0)


def overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> int:
    return days(max(a_start, b_start), min(a_end, b_end))


@lru_cache(maxsize=4096)
def months_in(start: dt.date, end: dt.date) -> tuple[tuple[str, dt.date, dt.date], ...]:
    """The calendar months touched by ``start..end``, each with the part of it inside the range
    (cached: schedules ask for the same terms over and over)."""
    found: list[tuple[str, dt.date, dt.date]] = []
    cursor = start
    while cursor <= end:
        last = min(month_end(cursor), end)
        found.append((month_key(cursor), cursor, last))
        cursor = last + ONE_DAY
    return tuple(found)


@lru_cache(maxsize=4096)
def periods(start: dt.date, end: dt.date, months: int) -> tuple[tuple[dt.date, dt.date], ...]:
    """Periods of ``months`` months anchored on ``start``; the last one ends with the term."""
    found: list[tuple[dt.date, dt.date]] = []
    index = 0
    cursor = start
    while cursor <= end:
        index += 1
        following = add_months(start, months * index)
        found.append((cursor, min(following - ONE_DAY, end)))
        cursor = following
    return tuple(found)


@lru_cache(maxsize=4096)
def whole_months(start: dt.date, end: dt.date) -> int | None:
    """The number of months when ``start..end`` is a whole number of months, else None."""
    count = (end.year - start.year) * 12 + end.month - start.month
    for candidate in (count, count + 1):
        if candidate > 0 and add_months(start, candidate) - ONE_DAY == end:
            return candidate
    return None
