"""One whole string read as one quantity or one time expression: the way Duckling is used.

A table cell or a form field (`2.000 tỷ đồng`, `quý III/2024`, `thứ 2 ngày 6 tháng 2`) is read by
the same rules as running text, in "whole" mode: cues that running text needs to tell a date from
a fraction, or a numeral from a word, are not required, because the string is known to be one
expression. The answer is the record that covers the string (besides filler such as a weekday
or `vào`), or None.
"""
from __future__ import annotations

from datetime import date

import regex

from . import rules
from .extractors import dates, numbers
from .readers import parse_published
from .text import normalize

# An ISO date or month (`2024-06-30`, `2024-06`), read as the rules read `30/06/2024`, `tháng 06/2024`.
_ISO = regex.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
# What may follow a count: the noun it counts (`1.000 doanh nghiệp`), words only.
_NOUN = regex.compile(r"\s+[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+)*\s*")
_FIELDS = ("type", "text", "value", "value_max", "of", "unit", "comparator",
           "end_value", "precision", "relation", "year_inferred")


def _covering(text: str, records: list[dict], filler: str | None) -> dict | None:
    """The longest record whose surroundings in `text` are blank (or filler), without offsets."""
    for r in sorted(records, key=lambda r: r["start"] - r["end"]):
        rest = text[: r["start"]] + " " + text[r["end"]:]
        blank = not rest.strip() if filler is None else rules.load(filler).rules["filler"].regex.match(rest)
        if blank:
            return {k: r[k] for k in _FIELDS if k in r}
    return None


def _counting(text: str, records: list[dict]) -> dict | None:
    """A count at the start of `text` followed only by the noun it counts (`hơn 1.000 doanh
    nghiệp`): the number rules read the noun to call the figure a count, but leave it outside."""
    for r in records:
        if r["start"] == 0 and r.get("unit") == "count" and _NOUN.fullmatch(text, r["end"]):
            return {**{k: r[k] for k in _FIELDS if k in r}, "text": text}
    return None


def parse_number(text: str) -> dict | None:
    """`"2.000 tỷ đồng"` -> {value: 2e12, unit: "vnd", ...}, `"hơn 1.000 doanh nghiệp"` -> a count
    `>` 1000; None unless the string is one quantity (and perhaps the noun it counts)."""
    t = normalize(text).strip().rstrip(".")
    if not t:
        return None
    found = numbers.find(t, whole=True)
    return _covering(t, found, None) or _counting(t, found)


def parse_date(text: str, *, published: str | date | None = None) -> dict | None:
    """`"quý III/2024"` -> {value: "2024-Q3", precision: "quarter", ...}; unstated years from `published`.
    An ISO date (`2024-06-30`) is read as the day-first date it names."""
    t = normalize(text).strip()
    iso = _ISO.fullmatch(t)
    phrase = t
    if iso:
        year, month, day = iso.groups()
        phrase = f"{day}/{month}/{year}" if day else f"tháng {month}/{year}"
    found = _covering(phrase, dates.find(phrase, parse_published(published), whole=True), "dates") if t else None
    return {**found, "text": t} if found else None
