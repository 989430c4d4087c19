"""Which body a ranking or score is of, when it is no province's: a ministry, a department, a ward
(`Sở Tư pháp đứng đầu khối sở, ngành … với 912,4 điểm`, `xếp thứ 2, thứ 3 tương ứng là Sở Xây dựng,
Sở Nội vụ`, `xã Yên Lạc xếp thứ nhất`). The indicator names it, as
a fact-checker asks for one body's position, not the index's."""
from __future__ import annotations

import regex

from .. import ranking_tables
from ..document import Document
from ..text import Span
from .clauses import Figure
from .commitment_context import rule
from .commitment_province import figure_run, named_as_source


def ranked_body(doc: Document, fig: Figure, sentence: Span, part: bool = False) -> str | None:
    """The body named right after the figure's positions on `là`, or listed before them with
    `lần lượt` (paired in order either way), else the list item its bracket is the value of, whole
    (`Văn phòng UBND tỉnh (812,3 điểm)`), else in the figure's own words before
    it, else, for a value joined to a position (`… với 912,4 điểm`), the position's; a part of the
    index (`part`) scored in a sentence that names no body is the body's the sentence before ranks."""
    if (label := ranking_tables.row_label(doc.text, fig.number["start"])) is not None:
        # a ranking table's row: the body its first cell of words names, unless a province (its own
        # field), after the column a value stands in when the row holds several (`Điểm thẩm định`)
        row, column = label
        provinces = any(e.get("label") == "PROVINCE" and row[0] <= e["start"] < row[1] for e in doc.entities)
        body = None if provinces else doc.text[slice(*row)]
        return " – ".join(x for x in (column, body) if x) or None
    bodies = [e for e in doc.entities if sentence[0] <= e["start"] < sentence[1] and _is_body(doc, e)]
    if not bodies:
        return _body_before(doc, sentence) if part else None
    n = fig.number
    same = [m for m in doc.numbers if m.get("unit") == n.get("unit") and sentence[0] <= m["start"] < sentence[1]]
    run = figure_run(doc, same, fig)
    place = [m["start"] for m in run].index(n["start"])  # the figure's place in its run, paired with a list's
    named = rule("named_after").match(doc.text, run[-1]["end"]) or rule("body_named_after").match(doc.text, run[-1]["end"])
    if named:
        listed = _listed_from(doc, bodies, named.end())
        if len(listed) == len(run) or len(run) == 1 and listed:
            return _name(doc, listed[place])
    if len(run) > 1 and rule("respectively").search(doc.text, sentence[0], run[0]["start"]):
        listed = _listed_to(doc, [e for e in bodies if e["end"] <= run[0]["start"]])
        if len(listed) == len(run):  # `Các Bộ Tư pháp, Tài chính, Công Thương lần lượt xếp thứ 2, 3, 4`
            return _name(doc, listed[place])
    item = rule("bracketed_body").search(doc.text, max(sentence[0], n["start"] - 100), n["start"])
    if item:  # `…, sở Khoa học và Công nghệ (861,35 điểm)`: the item the bracket is the value of
        return item["body"]
    own = [e for e in bodies if fig.pre[0] <= _start(doc, e) and e["end"] <= n["start"]]
    if own:
        return _name(doc, own[-1])
    # else the body its clause names last before it: its subject (`…; Sở Y tế đạt 90,5 điểm, chỉ số … xếp
    # thứ nhất; …`; the clauses of a list of bodies are split by semicolons) or the body a bracket opens on
    # (`Bộ Tư pháp (89,4% điểm)`)
    clause = max(sentence[0], doc.text.rfind(";", sentence[0], n["start"]) + 1)
    subject = [e for e in bodies if clause <= _start(doc, e) and e["end"] <= n["start"]]
    if subject:
        return _name(doc, subject[-1])
    before = [m for m in doc.numbers if sentence[0] <= m["end"] <= n["start"] and m is not n]
    if before and rule("position_link").fullmatch(doc.text, before[-1]["end"], n["start"]):
        return _name(doc, next((e for e in reversed(bodies) if e["end"] <= before[-1]["start"]), None))
    return None


def _body_before(doc: Document, sentence: Span) -> str | None:
    """The one body the sentence before, in its paragraph, ranks or scores, for a sentence that names
    neither a body nor a province (`Sở Công Thương đứng cuối khối sở với 310,5 điểm. Các tiêu chí
    thấp: nhận thức số đạt 30/50 điểm, …`: the parts scored are that body's)."""
    before = doc.sentence_before(sentence)
    if before is None or any(sentence[0] <= e["start"] < sentence[1] and e.get("label") == "PROVINCE" for e in doc.entities):
        return None
    bodies = [e for e in doc.entities if before[0] <= e["start"] < before[1] and _is_body(doc, e)]
    ranked = any(before[0] <= n["start"] < before[1] and n.get("unit") in ("rank", "score") for n in doc.numbers)
    return _name(doc, bodies[0]) if ranked and len({_name(doc, e) for e in bodies}) == 1 else None


def _is_body(doc: Document, e: dict) -> bool:
    """A body that can be ranked: an organization that is not the ranking's source or a paper, or
    a district, commune or ward named with its unit word."""
    if e.get("label") == "ORG":
        return e.get("scope") != "press" and not named_as_source(doc, e)
    return e.get("label") == "LOC" and _start(doc, e) < e["start"]


def _start(doc: Document, e: dict) -> int:
    """Where a body's name starts: a place's at its unit word (`phường Hòa Bình`)."""
    unit = rule("lower_unit_before").search(doc.text, max(0, e["start"] - 12), e["start"]) if e.get("label") == "LOC" else None
    return unit.start() if unit else e["start"]


def _name(doc: Document, e: dict | None) -> str | None:
    """A body as written, a place with its unit word, a ministry listed by its short name whole (`Bộ Tài chính`)."""
    if e is None:
        return None
    return e["norm"] if e.get("rule") == "ministry_list" else doc.text[_start(doc, e):e["end"]]


def _listed_to(doc: Document, bodies: list[dict]) -> list[dict]:
    """The bodies of the list the last of `bodies` ends, joined only by commas and `và`."""
    out = bodies[-1:]
    for e in reversed(bodies[:-1]):
        if not rule("body_joiner").fullmatch(doc.text[e["end"]:_start(doc, out[0])]):
            break
        out.insert(0, e)
    return out


def _listed_from(doc: Document, bodies: list[dict], start: int) -> list[dict]:
    """The bodies of a list that opens at `start`, joined only by commas and `và`."""
    out: list[dict] = []
    at = start
    for e in (e for e in bodies if e["start"] >= start):
        gap = doc.text[at:_start(doc, e)]
        if (not rule("body_joiner").fullmatch(gap)) if out else gap.strip(" ,:"):
            break
        out.append(e)
        at = e["end"]
    return out


_NAMED = regex.compile(r"(?:(?:thành phố|thị xã|thị trấn|huyện|quận|xã|phường)\s+)?\p{Lu}")  # a name, after its unit word


def leaders_listed(doc: Document, fig: Figure, sentence: Span) -> list[str]:
    """The bodies a group's place is shared by, when the sentence lists exactly as many as the group
    holds before it (`Cục Thuế, Sở Y tế, …, Sở Tài chính là 5 đơn vị dẫn đầu`): one place each; a
    province's is its own record already (commitment_province)."""
    n = fig.number
    if n.get("unit") != "rank" or n.get("comparator") != "<=" or not float(n.get("value") or 0).is_integer():
        return []
    if rule("leaders_after").match(doc.text, n["end"]) is None:
        return []
    head = rule("leaders_before").match(doc.text, sentence[0], n["start"])
    if head is None:
        return []
    items = [x.strip() for x in head["list"].split(",")]
    if len(items) == int(n["value"]) - 1 and " và " in items[-1]:
        items[-1:] = [x.strip() for x in items[-1].split(" và ", 1)]  # `…, Sở Nội vụ và Sở Y tế là 5 …`
    if len(items) != int(n["value"]) or not all(_NAMED.match(x) and len(x.split()) <= 8 for x in items):
        return []
    start = head.start("list")
    provinces = {doc.text[e["start"]:e["end"]] for e in doc.entities
                 if e.get("label") == "PROVINCE" and start <= e["start"] < n["start"]}
    return [] if any(x in provinces for x in items) else items
