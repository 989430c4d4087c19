"""One whole string read as one quantity or one time expression: the way Duckling is used.

A table cell or a form field (`2.000 tỷ đồng`, `quý III/2024`, `thứ 2 ngày 6 tháng 2`) is read by
the same rules as running text, in "whole" mode: cues that running text needs to tell a date from
a fraction, or a numeral from a word, are not required, because the string is known to be one
expression. The answer is the record that covers the string (besides filler such as a weekday
or `vào`), or None.
"""
from __future__ import annotations

from datetime import date

from . import rules
from .extractors import dates, numbers
from .text import normalize

_FIELDS = ("type", "text", "value", "value_max", "of", "unit", "comparator",
           "end_value", "precision", "relation", "year_inferred")


def _as_date(published: str | date | None) -> date | None:
    if published is None or isinstance(published, date):
        return published
    s = str(published).strip()
    return date.fromisoformat(s + "-01" * (2 - s.count("-"))) if s else None


def _covering(text: str, records: list[dict], filler: str | None) -> dict | None:
    """The longest record whose surroundings in `text` are blank (or filler), without offsets."""
    for r in sorted(records, key=lambda r: r["start"] - r["end"]):
        rest = text[: r["start"]] + " " + text[r["end"]:]
        blank = not rest.strip() if filler is None else rules.load(filler).rules["filler"].regex.match(rest)
        if blank:
            return {k: r[k] for k in _FIELDS if k in r}
    return None


def parse_number(text: str) -> dict | None:
    """`"2.000 tỷ đồng"` -> {value: 2e12, unit: "vnd", ...}; None unless the string is one quantity."""
    t = normalize(text).strip().rstrip(".")
    return _covering(t, numbers.find(t, whole=True), None) if t else None


def parse_date(text: str, *, published: str | date | None = None) -> dict | None:
    """`"quý III/2024"` -> {value: "2024-Q3", precision: "quarter", ...}; unstated years from `published`."""
    t = normalize(text).strip()
    return _covering(t, dates.find(t, _as_date(published), whole=True), "dates") if t else None
