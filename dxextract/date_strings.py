"""Calendar dates written as strings in metadata (`2024-06-30`, `2024-06`, `30/06/2024`): the one
reader for the dates that come with an article or a call, not for the dates of its text (those are
the dates stage's, extractors/dates.py)."""
from __future__ import annotations

import re
from datetime import date

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DMY_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DMY_SEPARATOR = re.compile(r"\s*(?:[/.-]|\s(?:tháng|năm)\s)\s*", re.IGNORECASE)


def calendar_date(year: int | str, month: int | str, day: int | str) -> date | None:
    """The day, or None when there is no such day (31/02, month 13)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def iso_period(value: str) -> date:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the first day of that period (a time after the day is
    ignored: `2024-06-30T08:00`); ValueError for anything else."""
    parts = [int(p) for p in value[:10].split("-")]
    if len(parts) > 3:
        raise ValueError(value)
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def day_first(value: str) -> date | None:
    """`30/06/2024`, `30.06.2024`, `30 - 06 - 2024` or `30 tháng 6 năm 2024` (the whole string), as the
    Vietnamese write a day."""
    d, m, y = _DMY_SEPARATOR.split(value)
    return calendar_date(y, m, d)


def date_in(value: str | None) -> date | None:
    """The first ISO date in a string (`2024-06-30T10:00:00+07:00`), else its first day-first date
    (`Thứ hai, 30/06/2024 10:00`); None when it holds neither or names no real day."""
    if not value:
        return None
    if m := ISO_DATE.search(value):
        return calendar_date(*m.groups())
    if m := DMY_DATE.search(value):
        d, mo, y = m.groups()
        return calendar_date(y, mo, d)
    return None
