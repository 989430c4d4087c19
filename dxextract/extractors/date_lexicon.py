"""The rules and word lists of patterns/dates.yaml, compiled once for the dates stage."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..lexicons import Dates

_CONTEXT = ("relation", "past", "goal_before", "filler", "pair", "year_frame", "range_join", "restated", "index_edition", "announced",
            "then_day", "plan_year", "review_year", "deployed_year", "birth_before")  # rules that read context, not dates


@dataclass(frozen=True)
class _Lex(Dates):
    """dates.yaml's data (lexicons.Dates) with its compiled rules, built once."""

    rules: dict[str, regex.Pattern]
    finders: tuple[str, ...]  # rule names that find dates, in file order
    starts: dict[str, tuple[rules.Anchor, ...]]  # a finder's anchors: where its matches can begin


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    pf = rules.load("dates")
    return rules.extended(pf.lexicon, _Lex, rules={n: r.regex for n, r in pf.rules.items()},
                          finders=tuple(n for n in pf.rules if n not in _CONTEXT),
                          starts={n: r.starts for n, r in pf.rules.items() if r.starts})
