"""Time expressions: `ngày 29/11`, `tháng 8/2022`, `quý III/2024`, `giai đoạn 2021-2025`, `năm nay`.

The rules of patterns/dates.yaml find candidate spans; a production per rule turns a match into
an ISO value at its stated precision. Unstated years come from the publication date (a past-tense
sentence may push a date that would fall after it back a year); with no publication date, from
the year of the latest full date the text states. Impossible dates (31/02, month 13) are dropped,
so their digits stay free for the numbers stage to judge.
"""
from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import regex

from .. import rules
from ..document import Document
from . import numbers, spelled

_WINDOW = 40  # characters before a date searched for its relation cue
_CLAUSE = 300  # how far around a date its clause is read (for đã, vừa, qua)
_CONTEXT = ("relation", "past", "filler", "pair", "range_join", "restated")  # rules that read context, not dates


@dataclass(frozen=True)
class _Lex:
    rules: dict[str, regex.Pattern]
    finders: tuple[str, ...]  # rule names that find dates, in file order
    month_words: dict[str, int]
    roman: dict[str, int]
    edges: dict[str, str]
    shifts: dict[str, dict[str, int]]
    range_rules: frozenset[str]
    no_default_relation: frozenset[str]
    year_sharing: frozenset[str]
    pivot: int


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    pf = rules.load("dates")
    d = pf.data
    return _Lex(
        rules={n: r.regex for n, r in pf.rules.items()},
        finders=tuple(n for n in pf.rules if n not in _CONTEXT),
        month_words=d["month_words"],
        roman=d["roman"],
        edges=d["edges"],
        shifts=d["shifts"],
        range_rules=frozenset(d["range_rules"]),
        no_default_relation=frozenset(d["no_default_relation"]),
        year_sharing=frozenset(d["year_sharing"]),
        pivot=int(d["two_digit_pivot"]),
    )


@dataclass
class _Ctx:
    """What resolution needs beyond the match: the text, publication date, fallback year."""

    text: str
    published: date | None
    fallback_year: int | None
    whole: bool

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
    """Does the clause around [start, end) report a past event (đã, vừa, qua)?"""
    floor = max(0, start - _CLAUSE)
    lo = max(floor, *(text.rfind(c, floor, start) + 1 for c in ".!?\n"))
    hi = min((i for i in (text.find(c, end, end + _CLAUSE) for c in ".!?\n") if i >= 0), default=end + _CLAUSE)
    return _lex().rules["past"].search(text, lo, hi) is not None


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
    if ctx.published is not None:
        d = _day(base, month, day)
        if d is not None and d > ctx.published and _is_past(ctx.text, m.start(), m.end()):
            return base - 1, True
    return base, True


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


def _bare_day_month(m: regex.Match, ctx: _Ctx) -> _Value | None:
    """`26/1` needs a cue or a dated partner; after a weak cue (từ, đến, `(`) it must not be
    followed by a counted noun (`từ 2-3 người`, `(4/11 người)`)."""
    if not (ctx.whole or m["cue"] or m["paired"]):
        weak = m["weak"] or m["paren"] is not None  # `(8/2)`: a parenthesis is a weak cue too
        if not weak or numbers.counted_noun_at(ctx.text, m.end()):
            return None
    return _day_month(m, ctx)


def _day_range(m: regex.Match, ctx: _Ctx) -> _Value | None:
    """`21- 22/6`: the first and last day of a run of days in one month."""
    first = _day_month(m, ctx)
    if first is None or first.first_day is None:
        return None
    last = _day(first.first_day.year, first.first_day.month, int(m["d2"]))
    if last is None or last <= first.first_day:
        return None
    first.end_value = last.isoformat()
    return first


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
        elif shift < 0 and mo >= ctx.published.month:
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
    "day_month": _bare_day_month,
    "day_range": _day_range,
    "day_month_words": _day_month_words,
    "month_edge_day": _month_edge_day,
    "month": _month_rule,
    "part_of_year": _part_of_year,
    "month_range": _month_range,
    "quarter": _quarter_rule,
    "year_range": _year_range,
    "year": _year_rule,
    "relative_day": _relative_day,
    "bare_year": _year_rule,
    "year_list": _year_rule,
    "year_alone": _year_rule,
}


# -- finding and choosing -----------------------------------------------------------------------

def _relation(text: str, rule: str, start: int, core: int) -> tuple[str | None, int]:
    """The relation a cue gives (and where the cue starts): right before the date's span
    (`đến ngày 15-10-2021`), or a cue its rule read as a word of the span (`từ 19/8`)."""
    lex = _lex()
    rel = lex.rules["relation"]
    # REVERSE matches, anchored at the position they end at.
    m = rel.match(text, max(0, start - _WINDOW), start) or rel.match(text, max(0, core - _WINDOW), core)
    if rule in lex.range_rules:
        return "during", m.start() if m else start
    if m is not None:
        return m.lastgroup, m.start()
    return (None if rule in lex.no_default_relation else "on"), start


def _span_start(m: regex.Match) -> int:
    """Where a match begins, counting words its rule reads in a lookbehind (`Sáng` in `Sáng 26/1`):
    rules start at their digits or keyword so the regex engine can skip ahead fast."""
    return min([m.start(), *(m.start(g) for g in m.re.groupindex if m.start(g) >= 0)])


def _candidates(text: str, ctx: _Ctx) -> list[tuple[int, int, int, str, _Value]]:
    """Every rule's valid matches as (start, core start, end, rule, value), longest first at each
    start; the core starts after the words a rule reads in its lookbehind (`từ` in `từ 19/8`)."""
    found = []
    for name, m in _matches(text):
        v = PRODUCTIONS[name](m, ctx)
        if v is not None:
            found.append((_span_start(m), m.start(), m.end(), name, v))
    found.sort(key=lambda c: (c[0], -c[2]))
    return found


@lru_cache(maxsize=2)
def _matches(text: str) -> tuple[tuple[str, regex.Match], ...]:
    """Every finder rule's matches in `text`. A text without a publication date is read up to
    three times (for its fallback year, then resolved, then against the date inferred from it):
    the scan, the costly part, runs once."""
    lex = _lex()
    return tuple((name, m) for name in lex.finders for m in lex.rules[name].finditer(text))


def find(text: str, published: date | None = None, whole: bool = False) -> list[dict]:
    """Date records of `text` (non-overlapping, longest match wins), resolved against `published`."""
    fallback = None if published else _fallback_year_of(text)
    chosen: list[tuple[dict, str]] = []
    end = -1
    for start, core, stop, rule, v in _candidates(text, _Ctx(text, published, fallback, whole)):
        if start < end:
            continue
        relation, lead = _relation(text, rule, start, core)
        lead = max(min(lead, start), end)
        chosen.append(({
            "type": "date", "start": lead, "end": stop, "text": text[lead:stop],
            "value": v.value, "end_value": v.end_value, "precision": v.precision,
            "relation": relation, "year_inferred": v.year_inferred,
        }, rule))
        end = stop
    _share_years(text, chosen)
    return _join_ranges(text, _merge_restated(text, [r for r, _ in chosen]))


def _merge_restated(text: str, records: list[dict]) -> list[dict]:
    """`chiều nay (5/7)`: a date followed by the same date in parentheses is one record."""
    restated = _lex().rules["restated"]
    out: list[dict] = []
    for r in records:
        prev = out[-1] if out else None
        if (prev is not None and (prev["value"], prev["end_value"]) == (r["value"], r["end_value"])
                and restated.fullmatch(text, prev["end"], r["start"])):
            end = r["end"] + text.startswith(")", r["end"])
            prev.update(end=end, text=text[prev["start"]:end], year_inferred=prev["year_inferred"] and r["year_inferred"])
            continue
        out.append(r)
    return out


def _join_ranges(text: str, records: list[dict]) -> list[dict]:
    """`từ ngày 17/7/2017 đến ngày 25/7/2017` is one period: value, end_value, relation `during`."""
    join = _lex().rules["range_join"]
    out: list[dict] = []
    for r in records:
        prev = out[-1] if out else None
        if (prev is not None and prev["relation"] == "from" and prev["end_value"] is None and r["end_value"] is None
                and prev["precision"] == r["precision"] and prev["value"] < r["value"]
                and (m := join.match(text, prev["end"], r["end"])) and not text[m.end():r["start"]].strip()):
            prev.update(end=r["end"], text=text[prev["start"]:r["end"]], end_value=r["value"], relation="during",
                        year_inferred=prev["year_inferred"] or r["year_inferred"])
            continue
        out.append(r)
    return out


def _share_years(text: str, chosen: list[tuple[dict, str]]) -> None:
    """`từ ngày 1/7 đến 31/12/2022`, `ngày 30/4 và 1/5/2021`: a date written without its year takes
    the year of the dated one it is paired with, not the publication year."""
    lex = _lex()
    for (r, rule), (nxt, _) in zip(chosen, chosen[1:]):
        if (rule in lex.year_sharing and r["year_inferred"] and not nxt["year_inferred"]
                and lex.rules["pair"].fullmatch(text, r["end"], nxt["start"])):
            value = nxt["value"][:4] + r["value"][4:]
            if r["precision"] == "month" or _day(int(value[:4]), int(value[5:7]), int(value[8:10])):
                r["value"], r["year_inferred"] = value, False


def _fallback_year_of(text: str) -> int | None:
    """With no publication date: the year of the latest full date the text writes out (else of
    its latest month or quarter), else the latest year it states for something that is not a
    target (`đến năm 2030` looks ahead)."""
    stated = [(v, _relation(text, rule, start, core)[0])
              for start, core, _, rule, v in _candidates(text, _Ctx(text, None, None, False))]
    for precision in ("day", "month", "quarter"):  # concrete calendar points first
        points = [v.first_day for v, _ in stated if v.precision == precision]
        if points:
            return max(points).year
    years = [v.first_day.year for v, relation in stated if relation != "by" and v.end_value is None]
    return max(years, default=None)


def extract(doc: Document) -> list[dict]:
    """The dates stage."""
    return find(doc.text, doc.published)


def latest_full_date(records: list[dict]) -> date | None:
    """The latest day-precision date whose year the text states (a publication date stand-in)."""
    days = [date.fromisoformat(r["value"]) for r in records
            if r.get("type") == "date" and r.get("precision") == "day" and not r.get("year_inferred")]
    return max(days, default=None)
