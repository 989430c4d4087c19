"""Time expressions: `ngày 29/11`, `tháng 8/2022`, `quý III/2024`, `giai đoạn 2021-2025`, `năm nay`.

The rules of patterns/dates.yaml find candidate spans; a production per rule turns a match into
an ISO value at its stated precision. Unstated years come from the publication date (a past-tense
sentence may push a date that would fall after it back a year); with no publication date, from
the year of the latest full date the text states. Impossible dates (31/02, month 13) are dropped,
so their digits stay free for the numbers stage to judge.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import regex

from .. import rules
from ..document import Document
from .date_lexicon import _lex
from .date_productions import PRODUCTIONS, _Ctx, _day, _Value

_WINDOW = 40  # characters before a date searched for its relation cue


# -- finding and choosing -----------------------------------------------------------------------

def _relation(text: str, rule: str, start: int, core: int) -> tuple[str | None, int]:
    """The relation a cue gives (and where the cue starts): a cue its rule read as a word of the
    span (`từ 19/8`, the nearer, so `trong giai đoạn từ 1/3 đến …` opens a period), or right before
    the date's span (`đến ngày 15-10-2021`)."""
    lex = _lex()
    rel = lex.rules["relation"]
    # REVERSE matches, anchored at the position they end at.
    own = rel.match(text, max(0, core - _WINDOW), core) if core > start else None
    m = own or rel.match(text, max(0, start - _WINDOW), start)
    if rule in lex.range_rules:
        return "during", m.start() if m else start
    if m is not None:
        return m.lastgroup, m.start()
    return (None if rule in lex.no_default_relation else "on"), start


def _span_start(m: regex.Match) -> int:
    """Where a match begins, counting words its rule reads in a lookbehind (`Sáng` in `Sáng 26/1`):
    rules start at their digits or keyword so the regex engine can skip ahead fast. Every group of
    a finder is named (tests/test_dates.py), so the earliest of all its spans is that of a name."""
    return min(s for s, _ in m.regs if s >= 0)


_DIGIT = regex.compile(r"\d")


@lru_cache(maxsize=4)
def _candidates(text: str, published: date | None, fallback: int | None,
                whole: bool, inferred: bool = False) -> tuple[tuple[int, int, int, str, _Value], ...]:
    """Every rule's valid matches as (start, core start, end, rule, value), longest first at each
    start; the core starts after the words a rule reads in its lookbehind (`từ` in `từ 19/8`).
    Kept for the last texts: a text whose publication date stays unknown is read against the
    same fallback year by the publication and the dates stage. Values are read, never changed."""
    ctx = _Ctx(text, published, fallback, whole, inferred)
    found = []
    birth = _lex().rules["birth_before"]
    for name, m in _matches(text):
        digit = _DIGIT.search(text, m.start(), m.end())
        if digit and birth.search(text, max(0, digit.start() - 40), digit.start()):
            continue  # `các em sinh năm 2006`: who qualifies, no date of the story
        v = PRODUCTIONS[name](m, ctx)
        if v is not None:
            found.append((_span_start(m), m.start(), m.end(), name, v))
    found.sort(key=lambda c: (c[0], -c[2]))
    return tuple(found)


@lru_cache(maxsize=2)
def _matches(text: str) -> tuple[tuple[str, regex.Match], ...]:
    """Every finder rule's matches in `text`. A text without a publication date is read up to
    three times (for its fallback year, then resolved, then against the date inferred from it):
    the scan, the costly part, runs once."""
    lex = _lex()
    found: dict[rules.Anchor, list[int]] = {}  # the anchors' starts (dates.yaml `starts`), shared by the rules
    return tuple((name, m) for name in lex.finders
                 for m in rules.scan(lex.rules[name], lex.starts.get(name, ()), text, found))


def find(text: str, published: date | None = None, whole: bool = False, inferred: bool = False) -> list[dict]:
    """Date records of `text` (non-overlapping, longest match wins), resolved against `published`
    (`inferred`: the latest date the text states, so no earlier than when it was written)."""
    fallback = None if published else _fallback_year_of(text)
    chosen: list[tuple[dict, str]] = []
    end = -1
    for start, core, stop, rule, v in _candidates(text, published, fallback, whole, inferred):
        if start < end:
            continue
        relation, lead = _relation(text, rule, start, core)
        lead = max(min(lead, start), end)
        chosen.append(({
            "type": "date", "start": lead, "end": stop, "text": text[lead:stop],
            "value": v.value, "end_value": v.end_value, "precision": v.precision,
            "relation": relation, "year_inferred": v.year_inferred, "rule": rule,
        }, rule))
        end = stop
    _share_years(text, chosen)
    return _join_ranges(text, _merge_restated(text, [r for r, _ in chosen]))


def _merge_restated(text: str, records: list[dict]) -> list[dict]:
    """`chiều nay (5/7)`: a date followed by the same date in parentheses is one record. A relative
    day followed by a written day (`sáng nay (14/6)`, `tối qua 18/6`) is one record of the written
    day: the publication date it was counted from may be a day late or known only to the month."""
    restated = _lex().rules["restated"]
    out: list[dict] = []
    for r in records:
        prev = out[-1] if out else None
        if prev is not None and _restates(prev, r) and restated.fullmatch(text, prev["end"], r["start"]):
            end = r["end"] + text.startswith(")", r["end"])
            inferred = r["year_inferred"] and (prev["year_inferred"] or prev["rule"] == "relative_day")
            prev.update(end=end, text=text[prev["start"]:end], value=r["value"], year_inferred=inferred)
            continue
        out.append(r)
    return out


def _restates(prev: dict, r: dict) -> bool:
    """Does `r` say the date `prev` said again (the same value, or the written day of a relative one)?"""
    if (prev["value"], prev["end_value"]) == (r["value"], r["end_value"]):
        return True
    return prev["rule"] == "relative_day" and r["precision"] == "day" and r["end_value"] is None


_COARSENESS = {"day": 0, "month": 1, "quarter": 2, "year": 3}


def _join_ranges(text: str, records: list[dict]) -> list[dict]:
    """`từ ngày 17/7/2017 đến ngày 25/7/2017` is one period: value, end_value, relation `during`;
    its end may be finer than its start (`từ tháng 3 đến hết 31-12-2016`), never coarser."""
    join = _lex().rules["range_join"]
    out: list[dict] = []
    for r in records:
        prev = out[-1] if out else None
        if (prev is not None and prev["relation"] == "from" and prev["end_value"] is None and r["end_value"] is None
                and _COARSENESS.get(prev["precision"], 0) >= _COARSENESS.get(r["precision"], 0) and prev["value"] < r["value"]
                and (m := join.match(text, prev["end"], r["end"])) and not text[m.end():r["start"]].strip()):
            prev.update(end=r["end"], text=text[prev["start"]:r["end"]], end_value=r["value"], relation="during",
                        year_inferred=prev["year_inferred"] or r["year_inferred"], rule="range_join")
            continue
        out.append(r)
    return out


def _share_years(text: str, chosen: list[tuple[dict, str]]) -> None:
    """`từ ngày 1/7 đến 31/12/2022`, `ngày 30/4 và 1/5/2021`: a date written without its year takes
    the year of the dated one it is paired with, not the publication year; and so do the dates after
    a year that frames its sentence with a colon (`Kế hoạch của tỉnh cho năm 2027: … trước tháng 4`)."""
    lex = _lex()
    frame: dict | None = None  # a year whose colon frames the rest of its sentence (`cho năm 2027: …`)
    for i, (r, rule) in enumerate(chosen):
        nxt = chosen[i + 1][0] if i + 1 < len(chosen) else None
        if (rule in lex.year_sharing and r["year_inferred"] and nxt is not None and not nxt["year_inferred"]
                and lex.rules["pair"].fullmatch(text, r["end"], nxt["start"])):
            _take_year(r, nxt["value"][:4])
        elif (rule in lex.year_sharing and r["year_inferred"] and frame is not None
              and not _SENTENCE_BREAK.search(text, frame["end"], r["start"])):
            _take_year(r, frame["value"][:4])
        if r["precision"] == "year" and not r["year_inferred"] and rules.match_at(lex.rules["year_frame"], text, r["end"]):
            frame = r


_SENTENCE_BREAK = regex.compile(r"[.!?\n]")


def _take_year(r: dict, year: str) -> None:
    """Give a date written without its year the year it shares, when that makes a real day."""
    value = year + r["value"][4:]
    if r["precision"] in ("month", "quarter") or _day(int(value[:4]), int(value[5:7]), int(value[8:10])):
        r["value"], r["year_inferred"] = value, False


@lru_cache(maxsize=2)
def _fallback_year_of(text: str) -> int | None:
    """With no publication date: the year of the latest full date the text writes out (else of
    its latest month or quarter), else the latest year it states for something that is not a
    target (`đến năm 2030`, `nhiệm vụ năm 2025` look ahead). Kept for the last texts, as `_matches` is: a text whose
    publication date stays unknown is resolved against it by both the publication and the dates
    stage."""
    stated = [(v, _relation(text, rule, start, core)[0], start)
              for start, core, _, rule, v in _candidates(text, None, None, False)]
    for precision in ("day", "month", "quarter"):  # concrete calendar points first
        points = [v.first_day for v, _, _ in stated if v.precision == precision]
        if points:
            return max(points).year
    plan_year = _lex().rules["plan_year"]
    horizon = max((v.first_day.year for v, relation, _ in stated if relation == "by"), default=None)
    years = [(y := v.first_day.year + _announced_edition(text, start),
              plan_year.search(text, max(0, start - 40), start) is None and (horizon is None or y <= horizon))
             for v, relation, start in stated if relation != "by" and v.end_value is None]
    # a year that plans or tasks are for (`nhiệm vụ năm 2025`), or one past the goals' own horizon
    # (`đến năm 2025 … đạt 20% GDP, sau đó 30% GDP vào năm 2030`), looks ahead too, unless no other is stated
    return max((y for y, said in years if said), default=None) or max((y for y, _ in years), default=None)


def _announced_edition(text: str, start: int) -> int:
    """1 when the year at `start` is the edition of an index its sentence says was announced
    (`công bố Chỉ số DTI năm 2021`): the index of year N comes out in N+1; else 0."""
    lex = _lex()
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    right = min((i for i in (text.find(c, start) for c in ".!?\n") if i >= 0), default=len(text))
    edition = lex.rules["index_edition"].search(text, left, start)
    return int(edition is not None and lex.rules["announced"].search(text, left, right) is not None)


def extract(doc: Document) -> list[dict]:
    """The dates stage."""
    return find(doc.text, doc.published, inferred=doc.published_inferred)


def publication(doc: Document) -> tuple[date | None, bool]:
    """The publication-date stage, (published, published_inferred): the date the metadata gives,
    else the latest full date the text states (read against the text's own fallback year), so
    that the dates stage then resolves unstated years against it."""
    if doc.published is not None:
        return doc.published, doc.published_inferred
    inferred = latest_full_date(find(doc.text))
    return inferred, inferred is not None


def latest_full_date(records: list[dict]) -> date | None:
    """The latest day-precision date whose year the text states (a publication date stand-in)."""
    days = [date.fromisoformat(r["value"]) for r in records
            if r.get("type") == "date" and r.get("precision") == "day" and not r.get("year_inferred")]
    return max(days, default=None)
