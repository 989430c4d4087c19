"""Quantities: `46,14%`, `khoảng 2.000 tỷ đồng`, `500-1000 người`, `xếp vị thứ 30/63`, `ba mươi ba`.

Duckling-style: numerals (written or spelled) are found first, then each is grown into a quantity
by the small rules of patterns/numbers.yaml (decimal word, scale, percent or currency, cents, range,
`trở lên`), given a unit from what follows (a counted noun is `count`, a measure word `other`) and
a comparator from the words before it. A numeral that is a label (`mức độ 4`, `nhóm 3`), a time of
day, an identifier, or sits inside a date or document number is not a quantity.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..document import Document
from .quantities import _Reader


def find(text: str, blocked: Iterable[tuple[int, int]] = (), whole: bool = False) -> list[dict]:
    """Number records of `text`, skipping numbers inside `blocked` spans.

    `whole` reads the text as one expression (a table cell): bare numerals, `3M`, a leading minus
    and spelled `một`/`không` all count then.
    """
    spans = sorted(blocked)
    return [q.record(text) for q in _Reader(text, whole).read(spans)]


def extract(doc: Document) -> list[dict]:
    """The numbers stage: every quantity not inside a date or a legal reference."""
    blocked = [(r["start"], r["end"]) for r in doc.dates + doc.legal_refs]
    return find(doc.text, blocked)
