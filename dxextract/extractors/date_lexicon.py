"""The rules and word lists of patterns/dates.yaml, compiled once for the dates stage."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules

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
