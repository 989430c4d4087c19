"""Rankings and index values: which digital or administrative-reform index a figure belongs to,
whether it is the index's own value or a frame of it, and how its indicator names the index.

A ranking (`xếp thứ 17/63`, `đứng đầu bảng xếp hạng`) or a score (`đạt 0,5521 điểm`) counts when
an index (DTI, PAR Index, SIPAS, …) is in sight: named in the sentence, else before it in its
paragraph or the one before, else in the title (the caller says which, `before`). Its indicator is
the index in full with its abbreviation, and the part ranked (`chính quyền số – Chỉ số chuyển đổi
số (DTI)`). Word lists: patterns/commitments.yaml (`index`, `index_part`, `index_full_name`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from ..furniture import LIST_MARK
from ..rules import load
from ..schema import POSITION_UNITS
from ..text import Span, lines_above
from . import indicator, measured
from .clauses import Figure


_CLAUSE_END = regex.compile(r"[,;.()]|$")
_CLAUSE_BREAK = regex.compile(r"[,;:()]")
_CLAUSE_COMMA = regex.compile(r"(?<!\d),|,(?!\d)")  # a comma between clauses, not a decimal one (`42,407`)
_OWNER = regex.compile(r"(?<![\p{L}\p{M}])của\s+$", regex.IGNORECASE)  # `lĩnh vực X của Chỉ số …`: the part's index
_DIGIT = regex.compile(r"\d")
_HEADING_REACH = 10  # lines read up from a paragraph to its heading, blank ones included
_ABBR_END = regex.compile(r"\((?P<abbr>[^()]{2,12})\)$")  # `… (SIPAS)`: a name that ends on its abbreviation


def _rule(name: str) -> regex.Pattern:
    return load("commitments").rules[name].regex


_QUOTES = "“”\"«»"


def index_of(text: str, fig: Figure, sentence: Span, before: str | None) -> tuple[str, str] | None:
    """(index, part) a ranking or score belongs to, or None when no digital index is in sight: the
    index named in the sentence, else the last one before it in its paragraph or the one before,
    else the title's (`before`); the part (`chính quyền số`) named in the figure's own stretch or sentence.
    A position that says what it ranks (`đứng thứ hai về tỷ lệ kích hoạt định danh điện tử`) ranks
    that, a digital measure or nothing of ours, whatever index the sentence names elsewhere."""
    about = _rule("rank_about").match(text, fig.number["end"]) if fig.number.get("unit") == "rank" else None
    reach = fig.post[1]  # where the words that may name its part end
    if about is None and fig.number.get("unit") == "rank" and (nxt := _rule("rank_next").match(text, fig.number["end"])):
        about = _rule("rank_about").match(text, nxt.end())  # `đứng thứ 8 và 9 về …`: the list's words are both's
        reach = max(reach, about.end()) if about else reach
    # what it ranks is an index, even one whose name runs past a comma (`về chỉ số chỉ đạo, điều hành và …`)
    names_index = about is not None and (_rule("index_name").search(about["about"]) is not None
                                         or _rule("index").match(text, about.start("about")) is not None)
    if about and (not names_index or _rule("rank_measure").match(about["about"])):
        # `xếp thứ hai về tỷ lệ kích hoạt định danh điện tử`, `về tỷ trọng của kinh tế số trong GRDP`
        if measured.digital(about["about"]):
            return ("", about["about"])
        # `về tổng số giao dịch và số tiền thanh toán trực tuyến`: the measures it ranks, joined
        whole = _CLAUSE_END.search(text, about.start("about")).start()
        return ("", text[about.start("about"):whole]) if measured.digital(text, about.start("about"), whole) else None
    found = list(_rule("index").finditer(text, *sentence))
    beside = any(fig.pre[0] <= m.start() and m.end() <= fig.post[1] for m in found)
    mine = [m for m in found if fig.pre[0] <= m.start() and m.end() <= fig.number["start"]
            and not _closes_aside_before(text, fig, m)]
    others = list(_rule("other_index").finditer(text, fig.pre[0], fig.number["start"]))
    if others and (not mine or others[-1].start() > mine[-1].start()):
        return None  # `…; PAPI xếp hạng 10/63; PCI xếp thứ 16/63`: the clause ranks another index
    # the clause's own index (`Chỉ số PAR INDEX xếp 9/63`, `đứng thứ 9 … về chỉ số hài lòng`) …
    after = [m for m in found if fig.number["end"] <= m.start() and m.end() <= fig.post[1]]
    if not (mine or after) and _rule("other_index").search(text, fig.number["end"], fig.post[1]):
        return None  # `thuộc nhóm 50 nước dẫn đầu về chỉ số cạnh tranh (GCI)`: it ranks another index
    # else the last named before it since a semicolon (`…; chỉ số SIPAS đạt 79,66%, xếp vị thứ 51/63`:
    # a list of indices, one per clause), else the sentence's first
    clause = text.rfind(";", sentence[0], fig.number["start"])
    listed = [m for m in found if clause >= 0 and clause < m.start() and m.end() <= fig.number["start"]]
    own = [_named_in_full(text, m) for m in (mine[-1:] or after[:1] or listed[-1:] or found[:1])]
    names = list(_rule("index_name").finditer(text, sentence[0], reach))
    last_index = max((m.start() for m in names if m["idx"] and m.start() < fig.number["start"]
                      and not _OWNER.search(text, max(0, m.start() - 8), m.start())), default=-1)
    parts = [m for m in names if m["part"] and m.start() > last_index]  # the index named last starts afresh
    near = [m for m in parts if m.start() >= fig.pre[0]] or parts
    named = [m for m in near if m["part"].casefold() in _listed_parts()]  # a known pillar before a free phrase
    # the part right after a position says what it ranks (`đứng thứ 4 về xã hội số và thứ 7 về thể chế
    # số`), else the last one before it
    following = [m for m in (named or near) if m.start() >= fig.number["end"]]
    chosen = following[0] if following else (named or near)[-1] if near else None
    part = chosen["part"] if chosen else ""
    if chosen is not None and chosen.end() <= fig.pre[0] and (item := _sibling_part(text, fig, chosen)):
        part = item  # `Thể chế số xếp thứ 5/63, Nhân lực xếp thứ 12/63`: the item's own part, listed or not
    # a name in quotes after `chỉ số` is a part of the index in sight (`ở chỉ số “an toàn thông tin”`)
    quoted = part[:1] in _QUOTES
    if (not beside and chosen is not None and not named and (chosen["pre"] or "").casefold() == "chỉ số"
            and not quoted and not measured.digital(part) and not _rule("reform_part").search(part)):
        return None  # `Chỉ số đổi mới sáng tạo … xếp thứ 46`: another index, named in the figure's clause
    idx = own[-1] if own else before
    # a list of parts, each with its position in brackets (`… gồm: Hạ tầng nhân lực (xếp thứ
    # 6/63); An toàn thông tin (xếp thứ 2/63)`): the item is the part
    item = _rule("bracketed_item").search(text, sentence[0], fig.number["start"]) if idx else None
    if item and item.end() == fig.number["start"]:
        return idx, item["item"].strip()
    # a sub-index (`chỉ số hạ tầng viễn thông`), or an index named by what it measures (`chỉ số đánh giá
    # chuyển đổi số của tỉnh`), keeps its kind word as the text names it
    kind_word = f"{chosen['pre']} " if chosen is not None and (chosen["pre"] or "").casefold() == "chỉ số" else ""
    if idx is None:
        return (kind_word + part, "") if part and not quoted else None  # a pillar ranked alone (`Về chính quyền số, … xếp hạng nhì`)
    part = part.strip(_QUOTES)
    return idx, kind_word + part if part else part


def heading_part(text: str, offset: int) -> str:
    """The part of an index a paragraph's heading line names (`- Lĩnh vực Cải cách tài chính công`,
    then `Đạt 6,5 điểm, xếp thứ 41/63`): the line just above the paragraph, when it is a short
    heading (no figure, no full stop), else ""."""
    above = lines_above(text, text.rfind("\n", 0, offset) + 1, _HEADING_REACH)
    line = next((text[s:e].strip() for s, e in above if text[s:e].strip()), "")  # (blank lines skipped)
    mark = LIST_MARK.match(line)
    head = line[mark.end():] if mark else line
    if not head or len(head) > 120 or _DIGIT.search(head) or head.endswith("."):
        return ""
    return next((m["part"] for m in _rule("index_name").finditer(head) if m["part"]), "")


def ranks_part(text: str, position: dict) -> bool:
    """Whether a position says it ranks a pillar or part of an index (`dẫn đầu về kinh tế số`,
    `xếp thứ 5 về xã hội số`): an item of its own, no refinement of a group's place before it."""
    about = _rule("rank_about").match(text, position["end"])
    return about is not None and about["about"].casefold() in _listed_parts()


def _sibling_part(text: str, fig: Figure, before: regex.Match) -> str:
    """The part a list item names in the shape of an item before it (`Nhân lực xếp thứ 12/63` after
    `Thể chế số xếp thứ 5/63`): its own words are a name and a ranking or scoring verb, as the words
    from the part named before to its figure are; else ""."""
    own = _rule("part_item").fullmatch(text, fig.pre[0], fig.number["start"])
    if own is None:
        return ""
    sibling = _rule("part_item").match(text, before.start())
    if sibling is None or sibling.end("item") != before.end() or not _DIGIT.match(text, sibling.end()):
        return ""
    return own["item"].strip()


def paired_part(index: tuple[str, str] | None, item: str) -> tuple[str, str] | None:
    """The index with the part a `lần lượt` list pairs the figure with (`các chỉ số chính quyền số,
    kinh tế số, xã hội số lần lượt xếp thứ 12, 20 và 8`: 20 ranks `kinh tế số`), when that item is a
    pillar or sub-index; else the index as found."""
    if index is None or item.casefold() not in _listed_parts():
        return index
    idx, _ = index
    return (item, "") if idx.casefold() in _listed_parts() else (idx, item)  # a part ranked alone is the index


def shared_by_parts(text: str, fig: Figure, index: tuple[str, str], sentence: Span) -> list[tuple[str, str]]:
    """`“Kinh tế số” và “Xã hội số” của Bình Dương đều xếp thứ 4/63`, `đứng đầu cả nước ở các trụ
    cột, bao gồm xã hội số, chính quyền số …`: one position held by several parts of the
    index, named before it or listed after it, one (index, part) each; else just `index`."""
    idx, part = index
    if not part:
        return [index]
    shared = _rule("shared_position").search(text, fig.pre[0], fig.number["start"])
    listed = None if shared or fig.number.get("unit") != "rank" else _rule("parts_listed").search(
        text, fig.number["end"], _list_end(text, fig.number["end"], sentence))
    if not (shared or listed):
        return [index]
    span = (fig.pre[0], shared.start()) if shared else (listed.end(), _list_end(text, listed.end(), sentence))
    parts = [m["part"] for m in _rule("index_name").finditer(text, *span) if m["part"]]
    return [(idx, p) for p in dict.fromkeys(parts)] if len(parts) > 1 and part in parts else [index]


def _list_end(text: str, start: int, sentence: Span) -> int:
    """Where a list that starts at `start` ends: at a semicolon or the sentence's end."""
    end = text.find(";", start, sentence[1])
    return sentence[1] if end == -1 else end


def _closes_aside_before(text: str, fig: Figure, m: regex.Match) -> bool:
    """Is the index named inside an aside the figure's stretch opens in, so the figure before's
    (`nhóm 70 nước về Chính phủ điện tử (EGDI), thuộc nhóm 50 nước … (IDI)`: the 50 is not EGDI's)?"""
    close = text.find(")", m.end(), fig.number["start"])
    return close != -1 and text.find("(", fig.pre[0] + 1, m.start()) == -1  # opened before the stretch, or as it starts


def frames_ranking(text: str, fig: Figure, phrase: indicator.Phrase, sentence: Span) -> bool:
    """In a sentence that reports an index, a band of it (`nhóm A có Chỉ số trên 90%`, `từ 70% đến
    dưới 80%`), a count of the units ranked (`19 bộ`, `8 tỉnh, thành phố`) or, where the sentence
    tells how the index is built, a whole number of points (`Chính phủ số (400 điểm)`, `tổng điểm
    1.000`: its maxima) frames the results; a bar a goal sets in the figure's own words does not."""
    n = fig.number
    if n.get("unit") == "count":
        return _rule("ranked_unit").match(text, n["end"]) is not None
    if n.get("unit") == "score" and float(n.get("value") or 0).is_integer() and _rule("index_structure").search(text, *sentence):
        return True
    return (n.get("unit") != "rank" and index_value(fig, phrase)  # `thuộc nhóm 10 tỉnh dẫn đầu` is a position
            and (n.get("comparator") != "=" or n.get("value_max") is not None)
            # unless it names who holds it (`… đạt từ khoảng 0,5 đến gần 0,6 là Cao Bằng, Quảng Trị và Hưng Yên`)
            and _rule("named_after").match(text, n["end"]) is None
            # or a goal sets it as its bar (`DTI của tỉnh sẽ đạt trên 0,7`)
            and _rule("target_cue").search(text, fig.pre[0], n["start"]) is None
            # or it is the digital economy's share of GRDP, an item of its own (`…; kinh tế số chiếm ít nhất 20% trong GRDP`)
            and not (_rule("economy_share").match(text, n["end"]) and _rule("digital_economy").search(text, fig.pre[0], n["start"])))


def index_value(fig: Figure, phrase: indicator.Phrase) -> bool:
    """Is the figure the index's own value: a rank or score, or a bare share whose words name no
    digital thing (`đứng đầu … với kết quả 92,68%`), not `95% hồ sơ trực tuyến`? Its own words: one
    borrowed from the sentence before (`Chỉ số hài lòng (SIPAS) … đạt 82,5%` after a sentence on
    `chuyển đổi số`) says nothing of it."""
    unit = fig.number.get("unit")
    return unit in POSITION_UNITS or (unit == "percent" and not _rule("dx_thing").search(phrase.own)
                                         and not _rule("dx_context").search(phrase.own))


def indicator_of(index: tuple[str, str], own: str = "", before: str = "") -> str:
    """A ranking or score is named by its index and part (`chính quyền số – Chỉ số chuyển đổi số
    (DTI)`); the words around it (`tỉnh đứng vị trí thứ … cả nước về`) only say that it ranks,
    unless they scope it (`DTI quốc gia`, `giá trị trung bình của DTI cấp tỉnh`: the figure's own
    words are kept after the name); `before` is its sentence up to it, where an average may be named."""
    idx, part = index
    if not idx:
        return part
    name = _index_name(idx)
    # (a part taken from the figure before it already names the index: `… 31,2 điểm (xếp hạng 12/60)`)
    named = part if part and name.casefold() in part.casefold() else f"{part} – {name}" if part else name
    # the last clause of the figure's words that scopes it, not one it is compared with (`cao hơn mức
    # trung bình`); else an average named clauses before it in its sentence (`chỉ số PAR INDEX của các
    # tỉnh, thành phố có giá trị trung bình cao nhất …, đạt 86,37%`)
    clause = _CLAUSE_COMMA.split(before)[-1]  # its own clause, where a date may have cut its words (`SIPAS chung của cả nước năm 2024 đạt`)
    scoped = next((c.strip() for c in [*reversed(_CLAUSE_COMMA.split(own)), clause] if _rule("index_scope").search(c)
                   and not _rule("compares").search(c)), "") or next(
        (c.strip() for c in reversed(_CLAUSE_COMMA.split(before)) if _rule("index_average").search(c)
         and not _rule("compares").search(c)), "")
    region = region_of(own, before)
    if region and region.casefold() not in f"{named} {scoped}".casefold():
        scoped = f"{scoped}, {region}" if scoped else region
    scoped = _rule("score_verb_tail").sub("", scoped).strip()  # (`cấp tỉnh xếp thứ`: the verbs only tell it)
    named = f"{named} ({scoped})" if scoped and scoped.casefold() not in named.casefold() else named
    # and the measure its value is told in (`với tỷ lệ hoàn thành 95,1%`, `tổng điểm đạt được 91,5`), in its
    # own words or right before it in its clause (`Tỷ lệ nộp hồ sơ qua mạng đạt 8,4/12 điểm (cao hơn …)`);
    # a part left unnamed is the digital thing its clause scores (`thanh toán trực tuyến đạt 9,2/10`)
    tail = _CLAUSE_BREAK.split(before)[-1]
    measure = _rule("value_measure").search(own) or _rule("value_measure").search(tail)
    told = measure["measure"] if measure else _scored_thing(tail) if not part else ""
    return f"{told} – {named}" if told and told.casefold() not in named.casefold() else named


def _scored_thing(clause: str) -> str:
    """The digital thing a clause scores right before its figure, its verb dropped (`thanh toán trực
    tuyến đạt`), when it names no body and no index itself."""
    thing = _rule("score_verb_tail").sub("", clause).strip()
    if (not thing or len(thing.split()) > load("commitments").data["max_scored_thing_syllables"]
            or _rule("body_or_index").search(thing) or _rule("index").search(thing) or not measured.digital(thing)):
        return ""  # (more words than a name holds are a clause)
    return thing


def region_of(own: str, before: str = "") -> str:
    """The region a position is counted in (`thứ 5 khu vực Tây Nguyên`, `Trong khu vực Đông Nam Á, …`):
    in the figure's own words, else in its sentence before it; a place among a region's provinces is
    not a place in the country."""
    region = _rule("index_region").search(own) or _rule("index_region").search(before)
    return region.group() if region else ""


@lru_cache(maxsize=1)
def _listed_parts() -> frozenset[str]:
    """The pillars and sub-indices `index_part` names, case-folded."""
    return frozenset(p.casefold() for p in load("commitments").defines["index_part"])


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Another name of an index (case-folded) -> its abbreviation (`data.index_alias`)."""
    return {k.casefold(): v for k, v in load("commitments").lexicon.index_alias.items()}


def _named_in_full(text: str, m: regex.Match) -> str:
    """An index as the text names it, in full up to its abbreviation in brackets when it goes on to
    one (`Chỉ số hài lòng của người dân, tổ chức đối với … (SIPAS)`), else as matched: a reader
    searching the text's own words finds the figure."""
    full = _rule("index_in_full").match(text, m.end())
    return text[m.start():full.end()] if full else m.group()


def _index_name(idx: str) -> str:
    """An index by its full name and abbreviation (`Chỉ số chuyển đổi số (DTI)`), however written;
    another name keeps its own words too (`mức độ chuyển đổi số – Chỉ số chuyển đổi số (DTI)`, `Chỉ
    số hài lòng của người dân, tổ chức (SIPAS) – Chỉ số hài lòng … (SIPAS)`)."""
    lex = load("commitments").lexicon
    if (named := _ABBR_END.search(idx)) is not None and named.start() > 0:
        abbr = next((a for a in lex.index_full_name if a.casefold() == " ".join(named["abbr"].split()).casefold()), None)
        if abbr is not None:
            canonical = f"{lex.index_full_name[abbr]} ({abbr})"
            return canonical if idx.casefold() == canonical.casefold() else f"{idx} – {canonical}"
    alias = _aliases().get(idx.casefold(), "")
    for abbr, full in lex.index_full_name.items():
        if idx.casefold() in (abbr.casefold(), full.casefold()):
            return f"{full} ({abbr})"
        if alias.casefold() == abbr.casefold():  # as written, and by its name; `dẫn đầu về …` only ranks
            return f"{full} ({abbr})" if _rule("leading_alias").match(idx) else f"{idx} – {full} ({abbr})"
    return idx
