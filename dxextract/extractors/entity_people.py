"""People that underthesea's statistical NER proposes, on the few clauses worth it.

The model is slow (~0.01 MB/s) and mislabels titles and document numbers (`Chủ tịch UBND tỉnh` as
LOC, `QĐ-UBND` as a person), so it only proposes people, only in sentences with a
digital-transformation keyword, and there only in the clauses around a run of capitalised words
no rule explained."""
from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Iterator
from functools import lru_cache

import regex

from ..document import Document
from ..provinces import is_place_name
from ..rules import WordGate, alternation, load
from ..rules import compile as compile_rule
from ..text import Span, underthesea
from .entity_mention import Mention

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _ner_keyword() -> regex.Pattern:
    return compile_rule(f"\\m(?i:{alternation(load('entities').lexicon.ner_keywords)})")


@lru_cache(maxsize=1)
def _ner_gate() -> WordGate:
    return WordGate.of(load("entities").lexicon.ner_keywords)


_NAME_SHAPED_RUN = compile_rule(r"(?<![\p{L}])\p{Lu}\p{Ll}*(?:[ ]\p{Lu}\p{Ll}*)+(?![\p{L}])")
_CLAUSE_EDGE = regex.compile(r"[,;:()\[\]\"“”]")


def _open_runs(text: str, found: list[Mention]) -> list[Span]:
    """Runs of capitalised words that no mention overlaps, in text order: only such a run can give
    a person underthesea would add (see `_name_shaped`)."""
    spans = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end so far
    out = []
    for m in _NAME_SHAPED_RUN.finditer(text):
        i = bisect.bisect_left(starts, m.end())  # the mentions that start before the run ends
        if i == 0 or reach[i - 1] <= m.start():
            out.append(m.span())
    return out


def _clause(text: str, s: int, e: int, run: tuple[int, int]) -> tuple[int, int]:
    """The clause of sentence [s, e) around `run`: between the punctuation marks that bound it."""
    before = [m.end() for m in _CLAUSE_EDGE.finditer(text, s, run[0])]
    after = _CLAUSE_EDGE.search(text, run[1], e)
    return (before[-1] if before else s), (after.start() if after else e)


def ner_people(doc: Document, found: list[Mention]) -> Iterator[Mention]:
    """underthesea PER spans, name-shaped only, in the sentences that could hold a commitment (a
    digital-transformation keyword), and there only in the clauses around a capitalised run
    nothing else explained: the model runs at ~0.01 MB/s, so it segments and tags those alone."""
    text, keyword = doc.text, _ner_keyword()
    if not (_ner_gate().may_hold(text) and keyword.search(text)):
        return  # most news: no sentence can qualify (the gate tells most of it at C speed)
    for (s, e), runs in itertools.groupby(_open_runs(text, found), key=lambda run: doc.sentence_of(run[0])):
        if not keyword.search(text, s, e):
            continue
        done = -1
        for run in runs:
            cs, ce = _clause(text, s, e, run)
            if cs < done:
                continue  # this clause was tagged with an earlier run
            done = ce
            try:
                tagged = underthesea("ner")(text[cs:ce])
            except Exception:  # a model failure costs this clause's people, never the article
                log.warning("underthesea ner failed on a clause at %d", cs, exc_info=True)
                continue
            yield from _people_from_tags(text, cs, ce, tagged)


def _people_from_tags(text: str, s: int, e: int, tagged: list[tuple]) -> Iterator[Mention]:
    cursor, run = s, []
    for word, *_, tag in tagged:
        i = text.find(word, cursor, e)
        if i < 0:
            continue
        cursor = i + len(word)
        if tag.endswith("PER") and (tag.startswith("I-") and run or tag.startswith("B-")):
            run = run + [(i, cursor)] if tag.startswith("I-") else [(i, cursor)]
            continue
        yield from _name_shaped(text, run)
        run = []
    yield from _name_shaped(text, run)


def _name_shaped(text: str, run: list[tuple[int, int]]) -> Iterator[Mention]:
    """Only runs of 2+ capitalised words without digits or acronyms, not a commune's name, are
    taken for people (underthesea tags `Đắk Lao` and `QĐ-UBND` as persons)."""
    if not run:
        return
    start, end = run[0][0], run[-1][1]
    words = text[start:end].split()
    shaped = len(words) >= 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
    if shaped and not is_place_name(text[start:end]):
        yield Mention(start, end, "PER", text[start:end], rule="underthesea")
