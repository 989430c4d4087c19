"""The rules and word lists of patterns/numbers.yaml, compiled once for the numbers stage."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .. import rules


@dataclass(frozen=True)
class _Lex:
    """The numbers.yaml rules and word lists, compiled once."""

    rule: dict[str, regex.Pattern]
    alone_not_quantity: frozenset[str]
    suffixes: dict[str, float]
    running_suffixes: frozenset[str]
    with_cents: frozenset[str]
    comparators: dict[str, str]
    comparators_after: dict[str, str]
    range_openers: frozenset[str]
    function_words: frozenset[str]
    identifier: regex.Pattern
    idioms: frozenset[str]
    currencies: frozenset[str]  # ISO codes: the group names of the currency fragment
    year_like: regex.Pattern
    label_list_max: float
    verb_labels: frozenset[str]
    share_of: frozenset[str]
    bare_scale_currency: dict[str, str]
    ordinals: dict[str, int]
    rank_nouns: frozenset[str]
    score_nouns: frozenset[str]
    score_digits: regex.Pattern


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    pf = rules.load("numbers")
    d = pf.data
    return _Lex(
        rule={name: r.regex for name, r in pf.rules.items()},
        alone_not_quantity=frozenset(d["spelled_alone_not_quantity"]),
        suffixes={k: float(v) for k, v in d["suffixes"].items()},
        running_suffixes=frozenset(d["running_suffixes"]),
        with_cents=frozenset(d["with_cents"]),
        comparators=d["comparators"],
        comparators_after=d["comparators_after"],
        range_openers=frozenset(d["range_openers"]),
        function_words=frozenset(d["function_words"]),
        identifier=regex.compile(d["identifier_pattern"]),
        idioms=frozenset(d["idioms"]),
        currencies=frozenset(pf.rules["currency_after"].regex.groupindex),
        year_like=regex.compile(d["year_like"]),
        label_list_max=float(d["label_list_max"]),
        verb_labels=frozenset(d["verb_labels"]),
        share_of=frozenset(d["share_of"]),
        bare_scale_currency=d["bare_scale_currency"],
        ordinals={k.casefold(): int(v) for k, v in d["ordinals"].items()},
        rank_nouns=frozenset(d["rank_nouns"]),
        score_nouns=frozenset(d["score_nouns"]),
        score_digits=regex.compile(d["score_digits"]),
    )
