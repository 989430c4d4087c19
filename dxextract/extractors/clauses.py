"""How the figures of one sentence share it out.

A plan sentence lists several figures (`từ 90% trở lên hồ sơ công việc tại cấp tỉnh, 80% … cấp
huyện và 60% … cấp xã được xử lý trên môi trường mạng`). Each figure owns the stretch of text
just before it (`pre`: what it measures when the figure comes last, `kinh tế số chiếm 20%`) and
just after it (`post`: when the figure comes first, `80% hồ sơ công việc`). Between two figures
the text is cut where the items are joined (the last `và`, `hoặc`, `;` between them, so a noun
list inside an item holds: `98% thôn, bản có sóng di động và 92% hộ gia đình`; but a `và` that
a separator follows only joins words of the first item, `90% doanh nghiệp nhỏ và vừa …, 30% …`),
else at the first separator (`,`, `(`); semicolons and colons cut a sentence into chunks, and the last figure
of a chunk keeps the text up to the chunk's end.
This module only finds spans; indicator.py turns them into phrases.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..rules import load
from ..text import Span

# `;` and `:` end a list item; a colon between digits (a time, `11:00`) does not.
_CHUNK_END = regex.compile(r";|:(?!\d)")
_SEPARATORS = regex.compile(r"[,;]")  # a list between two figures: no owner links them
_DIGIT = regex.compile(r"\d")
_COMMAS = regex.compile(",")


@dataclass(frozen=True)
class Figure:
    """One number of a sentence with the text it owns."""

    number: dict
    chunk: Span
    pre: Span
    post: Span
    coordinated: bool  # only separators since the previous figure of its chunk: it shares its head
    last: bool  # last figure of its chunk: its phrase may run to the chunk's end


def chunks(text: str, start: int, end: int) -> list[Span]:
    """The pieces of text[start:end] between semicolons and colons."""
    out, s = [], start
    for m in _CHUNK_END.finditer(text, start, end):
        out.append((s, m.start()))
        s = m.end()
    out.append((s, end))
    return out


def figures(text: str, sentence: Span, numbers: list[dict]) -> list[Figure]:
    """The figures of a sentence, in order, each with its own pre and post spans."""
    pf = load("commitments")
    split, strong, coord = (pf.rules[n].regex for n in ("item_split", "item_join", "coordinator"))
    out: list[Figure] = []
    numbers = sorted(numbers, key=lambda n: n["start"])
    for chunk in chunks(text, *sentence):
        inside = [n for n in numbers if chunk[0] <= n["start"] < chunk[1]]
        pre_start = chunk[0]
        for i, n in enumerate(inside):
            last = i == len(inside) - 1
            if last:
                post, next_start = (n["end"], chunk[1]), chunk[1]
            else:
                nxt = inside[i + 1]["start"]
                owner = pf.rules["owner_link"].regex.search(text, n["end"], nxt)
                if owner and not _SEPARATORS.search(text, n["end"], owner.start()):
                    # `46 hệ thống phần mềm và cơ sở dữ liệu chuyên ngành của 30 cơ quan`: the words up to
                    # the link are the first figure's, `và` and all; the next figure, its owners, opens on the link
                    post, next_start = (n["end"], owner.start()), owner.start()
                else:
                    joins = list(strong.finditer(text, n["end"], nxt))  # `98% thôn, bản có sóng … và 92% hộ`
                    m = _inner_join(text, joins, n["end"], nxt) if joins else _clause_split(text, n["end"], nxt)
                    post = (n["end"], m.start() if m else nxt)
                    next_start = m.end() if m else nxt
            pre = (pre_start, n["start"])
            coordinated = i > 0 and coord.match(text[pre[0]:pre[1]]) is not None
            out.append(Figure(n, chunk, pre, post, coordinated, last))
            pre_start = next_start
    return out


def _clause_split(text: str, start: int, nxt: int) -> regex.Match | None:
    """The first separator between two figures, or a later comma that opens the next figure's own
    clause (`96% người hưởng trợ cấp, người có công nhận … qua tài khoản, còn 4% …`): the commas
    before it list the first figure's own words."""
    pf = load("commitments")
    first = pf.rules["item_split"].regex.search(text, start, nxt)
    if first is None or text[first.start()] != ",":
        return first
    opener = pf.rules["clause_opener"].regex
    return next((m for m in _COMMAS.finditer(text, first.end(), nxt) if opener.match(text, m.end(), nxt)), first)


def _inner_join(text: str, joins: list[regex.Match], start: int, nxt: int) -> regex.Match:
    """The join that splits two items (the last of `joins`, the first when the next figure is glossed
    in brackets), or the separator after it when the `và` only joins words inside the first item
    (`90% doanh nghiệp nhỏ và vừa đã được tiếp cận …, 30% …`). The join holds
    when what follows it frames the next figure (a cue or a date, `45% và phấn đấu đến năm 2025,
    đạt 60%`) and that figure has nothing but a predicate of its own after the separator. A separator
    before the join splits instead when the next item's own subject and verb follow it (`… 100% xã, độ
    phủ sóng di động và băng rộng di động đạt 100%`: the `và` is inside that subject)."""
    pf = load("commitments")
    join = joins[-1]
    first = pf.rules["item_split"].regex.search(text, start, nxt)
    if first.start() < join.start() and pf.rules["own_predicate"].regex.fullmatch(text, first.end(), nxt):
        return first
    after = pf.rules["item_split"].regex.search(text, join.end(), nxt)
    if after is None:
        return join
    if text.startswith("(", after.start()):  # the next figure is in brackets: one that restates the figure
        # before (`24 triệu giáo viên và học sinh (đạt tỷ lệ gần 98%)`) starts there; one that glosses
        # an item starts at the first join (`(27,4%) và những nguồn tin truyền thống và trực tuyến (17,5%)`)
        return after if pf.rules["restating_bracket"].regex.match(text, after.start()) else joins[0]
    frames = pf.rules["pre_opener"].regex.search(text, join.end(), after.start()) or _DIGIT.search(
        text, join.end(), after.start())
    own = text[after.end():nxt]
    bare = own.strip() and pf.rules["pre_trailing"].regex.fullmatch(own)
    return join if frames and bare else after
