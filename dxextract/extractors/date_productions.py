"""Productions, one per rule of patterns/dates.yaml: a match becomes an ISO value at its stated
precision, its unstated year taken from the publication date (or the text's own fallback year);
an impossible date (31/02, month 13) is no value."""
from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import regex

from . import spelled
from .date_lexicon import _lex
from .quantities import counted_noun_at

_CLAUSE = 300  # how far around a date its clause is read (for đã, vừa, qua)


@dataclass
class _Ctx:
    """What resolution needs beyond the match: the text, publication date, fallback year."""

    text: str
    published: date | None
    fallback_year: int | None
    whole: bool
    inferred: bool = False  # `published` is the latest date the text states: the earliest it was written

    def anchor_year(self) -> int | None:
        return self.published.year if self.published else self.fallback_year


@dataclass
class _Value:
    """A resolved date before it becomes a record."""

    value: str
    precision: str
    end_value: str | None = None
    year_inferred: bool = False
    first_day: date | None = None  # for the past-tense check and latest_full_date


# -- small readers ------------------------------------------------------------------------------

def _month(s: str | None) -> int | None:
    if s is None:
        return None
    return int(s) if s.isdigit() else _lex().month_words.get(s.lower())


def _quarter(s: str) -> int | None:
    """`3`, `III`, `ba` -> 3 (`tư` counts as four here, as in `quý tư`)."""
    if s.isdigit():
        return int(s)
    lex = _lex()
    return lex.roman.get(s.upper()) or lex.month_words.get(s.lower())


def _year(s: str) -> int:
    y = int(s)
    if len(s) == 2:
        y += 2000 if y <= _lex().pivot else 1900
    return y


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift(grain: str, word: str | None) -> int | None:
    return None if word is None else _lex().shifts[grain].get(word.lower())


def _is_past(text: str, start: int, end: int) -> bool:
    """Does the clause around [start, end) report a past event (đã, vừa, qua), and not a goal told
    after the past word (`đã nhận …, đạt 90% mục tiêu … trước ngày 1/7`)?"""
    floor = max(0, start - _CLAUSE)
    lo = max(floor, *(text.rfind(c, floor, start) + 1 for c in ".!?\n"))
    hi = min((i for i in (text.find(c, end, end + _CLAUSE) for c in ".!?\n") if i >= 0), default=end + _CLAUSE)
    past = [m.end() for m in _lex().rules["past"].finditer(text, lo, hi)]
    if not past:
        return False
    told = [e for e in past if e <= start]
    return not (told and _lex().rules["goal_before"].search(text, told[-1], start))


def _group(m: regex.Match, name: str) -> str | None:
    """A named group that not every rule has."""
    return m.group(name) if name in m.re.groupindex else None


def _year_of(m: regex.Match, ctx: _Ctx, month: int = 1, day: int = 1) -> tuple[int, bool] | None:
    """The match's year and whether it was inferred: written, relative (`năm nay`), or unstated."""
    if _group(m, "y"):
        return _year(m["y"]), False
    base = ctx.anchor_year()
    if base is None:
        return None
    shift = _shift("year", _group(m, "yshift"))
    if shift is not None:
        return base + shift, True
    if ctx.published is None and month <= 2 and base in _years_of(ctx.text, "review_year"):
        return base + 1, True  # `Sáng 27/1, … tổng kết … năm 2023`: a year's review is held early in the next
    if ctx.published is None and month <= 4 and base + 1 in _years_of(ctx.text, "deployed_year"):
        return base + 1, True  # `Ngày 13/3, … triển khai … năm 2024`: a year's tasks are set going early in it
    if ctx.published is not None:
        d = _day(base, month, day)
        # a past day after publication is last year's, unless it is in the publication's own month:
        # a publication known to the month reads as its first day (`2024-07`, then `Ngày 10-7, … cho biết`)
        # (not after an inferred one, which the text was written after: `Ngày 15/5/2023, … Mới đây, ngày 9/11 vừa qua`)
        if d is not None and (d.year, d.month) > (ctx.published.year, ctx.published.month) and not ctx.inferred and _is_past(
                ctx.text, m.start(), m.end()):
            return base - 1, True
        if d is not None and d < ctx.published and _group(m, "ahead"):
            return base + 1, True  # `ngày 2/9 tới` told in December is next September's
    return base, True


@lru_cache(maxsize=4)
def _years_of(text: str, rule: str) -> frozenset[int]:
    """The years an undated text reviews (`review_year`: `Hội nghị tổng kết … năm 2023`) or sets tasks
    going for (`deployed_year`): kept for the last texts, as the fallback year is."""
    return frozenset(int(m["y"]) for m in _lex().rules[rule].finditer(text))


# -- productions, one per rule ------------------------------------------------------------------

def _day_month(m: regex.Match, ctx: _Ctx) -> _Value | None:
    mo, d = _month(m["m"]), int(m["d"])
    if mo is None or not 1 <= mo <= 12:
        return None
    yi = _year_of(m, ctx, mo, min(d, 28))
    if yi is None:
        return None
    day = _day(yi[0], mo, d)
    return None if day is None else _Value(day.isoformat(), "day", year_inferred=yi[1], first_day=day)


def _day_month_year(m: regex.Match, ctx: _Ctx) -> _Value | None:
    if len(m["y"]) == 2 and not ctx.whole:
        return None  # `1/2/34` in running text is more likely a code than a date
    return _day_month(m, ctx)


def _iso_date(m: regex.Match, ctx: _Ctx) -> _Value | None:
    """`2026-03-10`, or `date 2022-11` (a month)."""
    if m["d"] is not None:
        return _day_month(m, ctx)
    mo = int(m["m"])
    return _month_value(int(m["y"]), mo, False) if 1 <= mo <= 12 else None


def _bare_day_month(m: regex.Match, ctx: _Ctx) -> _Value | None:
    """`26/1` needs a cue, a dated partner, a year in words (`15/3 năm 2024`), or a day a cue dated
    listed before it (`ngày 2/8 và 3/8`); after a weak cue (từ, đến, `(`, the dash of `từ 26/1-1/2`) it must not be followed by a
    counted noun (`từ 2-3 người`, `(4/11 người)`)."""
    if not (ctx.whole or m["cue"] or m["paired"] or m["y"] or m["listed"] is not None):
        weak = m["weak"] or m["paren"] is not None or m["dashed"] is not None  # `(8/2)`: a parenthesis too
        then = _lex().rules["then_day"].match(ctx.text, m.end())  # `từ 1/3 - 1/2 thời gian`
        if not weak or counted_noun_at(ctx.text, then.end() if then else m.end()):
            return None
    return _day_month(m, ctx)


def _day_range(m: regex.Match, ctx: _Ctx) -> _Value | None:
    """`21- 22/6`, `13 và 14/5`, `14, 15 và 16/11`, `ngày 4, 5/9`: the first and last day of a run
    of days in one month; after `từ` or `(` only when no counted noun follows (`từ 2-3/4 số hộ`
    is a share)."""
    if (m["weak"] or m["paren"] is not None) and counted_noun_at(ctx.text, m.end()):
        return None
    first = _day_month(m, ctx)
    if first is None or first.first_day is None:
        return None
    last = _day(first.first_day.year, first.first_day.month, int(m["d2"]))
    if last is None or last <= first.first_day or (m["and"] and not _in_a_row(m)):
        return None  # `ngày 3 và 10/5` are two days, not a run
    first.end_value = last.isoformat()
    return first


def _in_a_row(m: regex.Match) -> bool:
    """Are the days a list names (`14, 15 và 16`) consecutive?"""
    days = [int(m["d"]), *map(int, regex.findall(r"\d+", m["mid"] or "")), int(m["d2"])]
    return all(b - a == 1 for a, b in zip(days, days[1:]))


def _day_month_words(m: regex.Match, ctx: _Ctx) -> _Value | None:
    if not (ctx.whole or m["cue"] or m["y"]):
        return None  # `12 tháng 10` alone may be a duration
    return _day_month(m, ctx)


def _month_edge_day(m: regex.Match, ctx: _Ctx) -> _Value | None:
    mo = _month(m["m"])
    yi = _year_of(m, ctx, mo or 1) if mo else None
    if yi is None:
        return None
    d = 1 if _lex().edges[m["edge"].lower()] == "first" else calendar.monthrange(yi[0], mo)[1]
    day = date(yi[0], mo, d)
    return _Value(day.isoformat(), "day", year_inferred=yi[1], first_day=day)


def _month_value(y: int, mo: int, inferred: bool) -> _Value:
    return _Value(f"{y:04d}-{mo:02d}", "month", year_inferred=inferred, first_day=date(y, mo, 1))


def _month_rule(m: regex.Match, ctx: _Ctx) -> _Value | None:
    mo = _month(m["m"])
    shift = _shift("month", m["shift"])
    if mo is None:  # `tháng trước`: a month relative to publication
        if ctx.published is None or shift is None:
            return None
        n = ctx.published.year * 12 + ctx.published.month - 1 + shift
        return _month_value(n // 12, n % 12 + 1, True)
    if not 1 <= mo <= 12:
        return None
    if shift is not None and ctx.published is not None:  # `tháng 3 tới`, `tháng 6 vừa qua`
        y = ctx.published.year
        if shift > 0 and mo <= ctx.published.month:
            y += 1
        elif shift < 0 and mo > ctx.published.month:  # `tháng 6 vừa qua` told in June is this June
            y -= 1
        return _month_value(y, mo, True)
    yi = _year_of(m, ctx, mo)
    return None if yi is None else _month_value(yi[0], mo, yi[1])


def _part_of_year(m: regex.Match, ctx: _Ctx) -> _Value | None:
    if m["half"]:
        n = 6
    else:
        n = int(m["n"]) if m["n"].isdigit() else int(spelled.value(m["n"].lower()) or 0)
    if not 1 <= n <= 12:
        return None
    yi = _year_of(m, ctx)
    if yi is None:
        return None
    y, inferred = yi
    first, last = (13 - n, 12) if (m["edge"] or "").lower() == "cuối" else (1, n)  # `9 tháng năm 2024`: from January
    return _Value(f"{y:04d}-{first:02d}", "month", f"{y:04d}-{last:02d}", inferred, date(y, first, 1))


def _quarter_rule(m: regex.Match, ctx: _Ctx) -> _Value | None:
    if m["q"]:
        q = _quarter(m["q"])
        yi = _year_of(m, ctx, 3 * (q or 1) - 2) if q and 1 <= q <= 4 else None
        if yi is None:
            return None
        y, inferred = yi
    else:
        shift = _shift("quarter", m["shift"])
        if ctx.published is None or shift is None:
            return None
        n = ctx.published.year * 4 + (ctx.published.month - 1) // 3 + shift
        y, q, inferred = n // 4, n % 4 + 1, True
    return _Value(f"{y:04d}-Q{q}", "quarter", year_inferred=inferred, first_day=date(y, 3 * q - 2, 1))


def _month_range(m: regex.Match, ctx: _Ctx) -> _Value | None:
    m1, m2 = int(m["m"]), int(m["m2"])
    yi = _year_of(m, ctx, m1)
    if yi is None or not 1 <= m1 < m2 <= 12:
        return None
    y = yi[0]
    return _Value(f"{y:04d}-{m1:02d}", "month", f"{y:04d}-{m2:02d}", yi[1], date(y, m1, 1))


def _year_range(m: regex.Match, ctx: _Ctx) -> _Value | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not 0 < y2 - y1 <= 50:
        return None
    return _Value(str(y1), "year", str(y2), first_day=date(y1, 1, 1))


def _year_run(m: regex.Match, ctx: _Ctx) -> _Value | None:
    """`3 năm liên tiếp 2020, 2021, 2022` is one period only when the count and the run of years
    agree: `2 năm 2019 và 2022` names two separate years."""
    years = [int(y) for y in m.captures("ys")]
    n = int(m["n"]) if m["n"].isdigit() else spelled.value(m["n"].lower())
    if n != len(years) or years != list(range(years[0], years[0] + n)):
        return None
    return _Value(str(years[0]), "year", str(years[-1]), first_day=date(years[0], 1, 1))


def _year_rule(m: regex.Match, ctx: _Ctx) -> _Value | None:
    yi = _year_of(m, ctx)
    if yi is None:
        return None
    return _Value(str(yi[0]), "year", year_inferred=yi[1], first_day=date(yi[0], 1, 1))


def _relative_day(m: regex.Match, ctx: _Ctx) -> _Value | None:
    if ctx.published is None:
        return None
    day = ctx.published + timedelta(days=_shift("day", m["shift"]) or 0)
    return _Value(day.isoformat(), "day", year_inferred=True, first_day=day)


PRODUCTIONS: dict[str, Callable[[regex.Match, _Ctx], _Value | None]] = {
    "day_month_year": _day_month_year,
    "iso_date": _iso_date,
    "day_month": _bare_day_month,
    "day_range": _day_range,
    "day_month_words": _day_month_words,
    "month_day_year": _day_month,
    "english_month_day_year": _day_month,
    "month_edge_day": _month_edge_day,
    "month": _month_rule,
    "part_of_year": _part_of_year,
    "month_range": _month_range,
    "quarter": _quarter_rule,
    "year_range": _year_range,
    "year_run": _year_run,
    "year": _year_rule,
    "relative_day": _relative_day,
    "bare_year": _year_rule,
    "year_list": _year_rule,
    "year_alone": _year_rule,
}
