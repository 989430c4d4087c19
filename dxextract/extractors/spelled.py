"""Spelled-out Vietnamese numerals (`hai mươi mốt nghìn không trăm mười một` = 21011).

Shared by numbers (quantities) and dates (`ba tháng đầu năm`, `tháng mười`). The lexicon lives in
patterns/numbers.yaml (`data.spelled`); this module only knows the grammar: digits, tens markers
(`mươi`, `chục`, `mười`), hundreds, scales that multiply what came before (`nghìn tỷ`), `linh`/`lẻ`
for an empty tens place and `rưỡi` for a half.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import rules
from ..lexicons import Spelled


def lexicon() -> Spelled:
    return rules.load("numbers").lexicon.spelled


@dataclass
class _State:
    """Running value of a numeral being read left to right."""

    total: int = 0  # everything already multiplied by a scale
    group: int = 0  # the part below the current scale (< 1000)
    pending: int | None = None  # a digit not yet placed (its place depends on the next word)
    top_scale: int = 1  # largest scale seen, so `nghìn tỷ` multiplies instead of adding
    last_unit: int = 1  # place value of the last word, for `rưỡi`
    after_tens: bool = False  # the previous word was mươi/mười: the next digit is the units

    def value(self) -> float:
        return self.total + self.group + (self.pending or 0)


def _step(st: _State, word: str, lex: Spelled) -> bool:
    """Apply one word; False when it cannot continue the numeral."""
    if st.after_tens and word in lex.after_tens:
        st.group += lex.after_tens[word]
        st.after_tens, st.last_unit = False, 1
        return True
    if word in lex.digits:
        if st.pending is not None or (st.after_tens and word in lex.not_after_tens):
            return False
        if st.after_tens:
            st.group += lex.digits[word]
        else:
            st.pending = lex.digits[word]
        st.after_tens, st.last_unit = False, 1
        return True
    if word in lex.tens:
        if st.pending is None:
            return False
        st.group += st.pending * 10
        st.pending, st.after_tens, st.last_unit = None, True, 10
        return True
    if word in lex.ten:
        if st.pending is not None:
            return False
        st.group += 10
        st.after_tens, st.last_unit = True, 10
        return True
    if word in lex.hundred:
        st.group += (1 if st.pending is None else st.pending) * 100
        st.pending, st.after_tens, st.last_unit = None, False, 100
        return True
    if word in lex.zero_tens:
        return st.pending is None and st.group % 100 == 0 and st.group > 0
    if word in lex.scales:
        scale = lex.scales[word]
        block = st.group + (st.pending or 0)
        if scale > st.top_scale:
            st.total = (st.total + (block or (0 if st.total else 1))) * scale
            st.top_scale = scale
        else:
            st.total += (block or 1) * scale
        st.group, st.pending, st.after_tens, st.last_unit = 0, None, False, scale
        return True
    if word in lex.half:
        if st.last_unit < 100:
            return False
        st.group += st.last_unit // 2 if st.last_unit == 100 else 0
        st.total += st.last_unit // 2 if st.last_unit > 100 else 0
        st.last_unit = 1
        return True
    return False


def read(words: list[str]) -> tuple[float, int] | None:
    """Value of the longest numeral at the start of `words` and how many words it used."""
    lex = lexicon()
    st = _State()
    used = 0
    for w in words:
        if not _step(st, w.lower(), lex):
            break
        used += 1
    if used and words[used - 1].lower() in lex.zero_tens:
        used -= 1  # a trailing `lẻ` is the adjective "odd", not part of the number
    return (st.value(), used) if used else None


def value(text: str) -> float | None:
    """Value of `text` when the whole of it is one spelled numeral."""
    words = text.split()
    r = read(words)
    return r[0] if r and r[1] == len(words) else None
