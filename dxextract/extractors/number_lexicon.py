"""The rules and word lists of patterns/numbers.yaml, compiled once for the numbers stage."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules
from ..lexicons import Numbers


@dataclass(frozen=True)
class _Lex(Numbers):
    """numbers.yaml's data (lexicons.Numbers) with its compiled rules, built once."""

    rule: dict[str, regex.Pattern]
    currencies: frozenset[str]  # ISO codes: the group names of the currency fragment
    starts: dict[str, tuple[rules.Anchor, ...]]  # a rule's anchors: where its matches can begin


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    pf = rules.load("numbers")
    return rules.extended(pf.lexicon, _Lex, rule={name: r.regex for name, r in pf.rules.items()},
                          currencies=frozenset(pf.rules["currency_after"].regex.groupindex),
                          starts={name: r.starts for name, r in pf.rules.items() if r.starts})
