"""Bare numerals, before they are grown into quantities: written digits (`1.543`, `46,14`, `30/63`,
`10k`) and spelled numbers (`ba mươi ba`, `nửa`, `nhì`)."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import regex

from .. import rules
from . import spelled
from .number_lexicon import _lex

_LONGEST_NUMERAL = 30  # words; a spelled numeral is never longer, so runs are read in bounded steps


class Atom(NamedTuple):
    """A bare numeral: its span, value and how it was written (a named tuple: an article has ~25,
    and a frozen dataclass takes five times as long to make)."""

    start: int
    end: int
    value: float
    rule: str  # the numbers.yaml rule that read it (`digits`, `fraction`, `spelled`, `ordinal`...)
    spelled: bool = False
    compound: bool = True  # a spelled numeral of several words (`ba mươi`), or any written number
    suffix: str | None = None  # k / M / G multiplier glued to a written number
    of: float | None = None  # the whole, for `30/63`
    first: bool = False  # a first place said in words (`đứng đầu bảng xếp hạng`): rank 1


_DOT_THOUSANDS = regex.compile(r"(?!0\.)\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # `0.589` is a decimal
_COMMA_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3}){2,}")
_WORD = regex.compile(r"\S+")


def parse_digits(s: str) -> float:
    """`1.543` -> 1543, `46,14` -> 46.14, `93.53` -> 93.53, `1,000,000` -> 1e6, `,77` -> 0.77."""
    if "." not in s and "," not in s:
        return float(s)  # most numbers (`2021`, `80`): no separator to read
    if _DOT_THOUSANDS.fullmatch(s):
        return float(s.replace(".", "").replace(",", "."))
    if _COMMA_THOUSANDS.fullmatch(s):
        return float(s.replace(",", ""))
    return float(s.replace(",", "."))


def _found(name: str, text: str) -> Iterator[regex.Match]:
    """A numbers.yaml rule's matches, tried only at its anchors when it names some (`starts`)."""
    lex = _lex()
    return rules.scan(lex.rule[name], lex.starts.get(name, ()), text, {})


def _digit_atoms(text: str) -> Iterable[Atom]:
    # a page that writes index points with a decimal dot (`43.83 điểm`) writes `45.366 điểm` so too
    points = _lex().rule["points_with_dot"]
    dotted = {m.start() for m in _found("points_dot_decimal", text)} if "điểm" in text and points.search(text) else set()
    for m in _found("fraction", text):
        if not (_readable(m["a"]) and _readable(m["b"])):
            continue
        a, b = parse_digits(m["a"]), parse_digits(m["b"])
        if "/" in m[0] or m["total"] or a < b:  # `128 trên 100 dân` is a rate, no part of a whole
            yield Atom(m.start(), m.end(), a, "fraction", of=b)
    for m in _found("digits", text):
        if _readable(m["num"]):
            value = float(m["num"]) if m.start("num") in dotted else parse_digits(m["num"])
            yield Atom(m.start(), m.end(), value, "digits", suffix=m["suffix"])


def _readable(digits: str) -> bool:
    """Can Python read these digits? The regex engine knows a newer Unicode than Python's own
    tables, so `\\d` also matches digits of scripts `float` cannot read (U+16130): no figure."""
    return digits.isascii() or all(c.isascii() or unicodedata.decimal(c, None) is not None for c in digits)


def _spelled_atoms(text: str) -> Iterable[Atom]:
    """Spelled numerals; a run of number words may hold several (`năm hai` = 5, 2). `nửa`
    before a scale word is one half (`nửa tỷ`); the scale itself is read by `core`. An ordinal
    word after a ranking word is a position (`xếp hạng nhì`)."""
    lex = _lex()
    for m in _found("half", text):
        yield Atom(m.start(), m.end(), 0.5, "half", spelled=True)
    for m in _found("ordinal", text):
        yield Atom(m.start(), m.end(), lex.ordinals[m.group().casefold()], "ordinal", spelled=True)
    for m in _found("first_place", text):
        field = m["field"]  # `dẫn đầu 63 tỉnh`: the provinces it leads are its field, no count of their own
        yield Atom(m.start(), m.end("field") if field else m.end(), 1, "first_place", spelled=True, first=True,
                   of=float(field) if field else None)
    for m in _found("spelled", text):
        run = m.group()
        words = ([(run, m.start(), m.end())] if run.isalpha()  # most runs are one word (`một`, `năm`)
                 else [(w.group(), m.start() + w.start(), m.start() + w.end()) for w in _WORD.finditer(run)])
        i = 0
        while i < len(words):
            got = spelled.read([w for w, _, _ in words[i:i + _LONGEST_NUMERAL]])
            if got is None:
                i += 1
                continue
            value, used = got
            yield Atom(words[i][1], words[i + used - 1][2], value, "spelled", spelled=True, compound=used > 1)
            i += used


def atoms(text: str) -> list[Atom]:
    """All numerals of `text`, in order, longest first where they overlap."""
    found = sorted([*_digit_atoms(text), *_spelled_atoms(text)], key=lambda a: (a.start, -a.end))
    out: list[Atom] = []
    for a in found:
        if not out or a.start >= out[-1].end:
            out.append(a)
    return out
