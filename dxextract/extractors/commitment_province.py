"""Whose figure it is: the provinces a figure's stretch names (paired off in lists, never a
comparand's), else its sentence's, else none for the whole country, else the article's."""
from __future__ import annotations

import regex

from ..document import Document
from ..provinces import province_2025
from ..rules import load
from ..schema import POSITION_UNITS
from ..text import Span, aside_opened, line_at
from . import entities
from .clauses import Figure
from .commitment_context import Context, other_aside, rule

_AGAINST = 40  # characters before a province searched for the words that rank a figure against it
_CLAUSE_BREAK = regex.compile(r"[,;]")  # where the next figure's clause opens
_CLAUSE_GAP = regex.compile(r"[;:.()\d]|,(?!\s*thành)")  # a break or another figure between a position and its field (not `tỉnh, thành phố`)


def provinces_of(art: Context, fig: Figure, sentence: Span) -> list[str | None]:
    """Provinces the figure's stretch names (each gets the figure), else the sentence's one, else
    none for a national figure, else the article's."""
    doc = art.doc
    later = [n["start"] for n in doc.numbers  # figures of the same unit after this one in its stretch
             if n.get("unit") == fig.number.get("unit") and fig.number["end"] < n["start"] < fig.post[1]]
    named = [e["norm"] for e in _places(doc)
             if fig.pre[0] <= e["start"] and e["end"] <= fig.post[1]
             and aside_opened(doc.text, fig.pre[0], e["start"]) == -1  # not `(sáp nhập từ A, B và C)`
             and not rule("comparand").search(doc.text, max(fig.pre[0], e["start"] - 25), e["start"])
             and not _placed_against(doc, fig, e)
             # `Bắc Ninh, từ thứ 4 xuống thứ 18 hay Thái Nguyên từ thứ 6`: a later name carries its own figures
             and not (e["start"] > fig.number["end"] and any(e["end"] <= x for x in later))]
    named = _past_complements(doc, fig, named)
    own = doc.text[fig.pre[0]:fig.pre[1]].strip(" (\n")
    if not named and (not own or rule("pre_trailing").fullmatch(own)):  # no words of its own but a verb
        named = _named_since_figure_before(doc, fig, sentence)  # (`… đứng thứ ba (0,6655)`, `… là Quảng Ninh (đạt 91,14%)`)
    if not named and fig.number.get("unit") in POSITION_UNITS and rule("rank_verb_only").fullmatch(own):
        # a place said after the clause's own figure (`Quảng Ninh đạt 90,3 điểm, xếp thứ nhất; Lào Cai …`): its subject's
        named = [e["norm"] for e in _places(doc) if fig.chunk[0] <= e["start"] < fig.number["start"]][-1:]
    if not named and any(_placed_against(doc, fig, e) for e in doc.entities if fig.number["end"] <= e["start"] < fig.post[1]):
        named = _subject(doc, fig, sentence)  # `Tuyên Quang đạt 0,5012 điểm và đứng thứ 3 vùng …, chỉ sau Lào Cai`
    if (fig.number.get("unit") == "count" and rule("provinces_counted").match(doc.text, fig.number["end"])
            and (fig.number.get("of") or 0) <= load("commitments").data["provinces_most"]):
        return [None]  # `10 địa phương gồm: Bắc Giang, Lạng Sơn, …`: a count of provinces is no one province's
    tier = rule("tier_counted").match(doc.text, fig.number["end"]) if fig.number.get("unit") == "count" else None
    if tier and (fig.number.get("of") or 0) > load("commitments").data["tier_most"][tier.lastgroup]:
        return [None]  # `512/696 huyện đã đưa … vào vận hành`: out of more districts than any province has, the country's
    if fig.number.get("unit") == "count" and rule("nationwide_after").match(doc.text, fig.number["end"]):
        return [None]  # `… nằm trong số 12 bệnh viện trên toàn quốc vừa đạt chuẩn …`: the country's count
    if rule("national_goal_before").search(doc.text, max(sentence[0], fig.number["start"] - 120), fig.number["start"]):
        return [None]  # `… cao hơn mức Quyết định 06/QĐ-TTg giao (ít nhất 70%)`: the country's goal
    paired = _bracketed_after(doc, fig) or _respectively(art, fig, sentence) or _named_after(art, fig)
    if paired:
        return [paired]
    nxt = rule("next_item").search(doc.text, fig.number["end"], fig.post[1]) if named else None
    if named and fig.number.get("unit") == "rank":
        # `Hà Nội dẫn đầu …, tiếp theo là Huế, Hải Phòng`: a position is its subject's, not the places after it;
        # with none before it, the leader named after it (`dẫn đầu là Bình Định, sau đó là Long An`)
        before = [e["norm"] for e in _places(doc) if e["norm"] in named
                  and fig.pre[0] <= e["start"] < (nxt.start() if nxt else fig.number["start"])]
        named = before or named
    elif nxt:
        # and so is a figure a ranking names its next items after (`Bắc Ninh đứng đầu … với 0,7912 điểm, tiếp
        # đến là Hải Phòng`): the sentence's subject before it, if its stretch names none
        own = [e["norm"] for e in _places(doc) if e["norm"] in named and e["start"] < nxt.start()]
        named = own or _subject(doc, fig, sentence)
    if named:
        named = list(dict.fromkeys(named))
        merged = {province_2025(p) for p in named}
        if len(named) > 1 and len(merged) == 1 and entities.after_merger(doc):
            return [merged.pop()]  # `tỉnh Lâm Đồng (mới), gồm Lâm Đồng, Đắk Nông và Bình Thuận cũ`: one province now
        return named
    if _national(doc, fig) or (fig.number.get("unit") == "count" and (
            rule("in_provinces_after").match(doc.text, fig.number["end"]) or _provinces_lead(doc, fig))):
        return [None]  # `…của tỉnh đạt 62,1%, trong khi bình quân cả nước đạt 58,4%`, `… tại 45 địa phương`
    if _regional(doc, fig, sentence):
        return [None]  # `… cao nhất là ở vùng Tây Nguyên với 86,4%`: a region's figure is no province's
    # (a place the sentence ranks its figures against is not whose they are: `…, xếp thứ 4/5 vùng, sau Lâm Đồng`)
    one = entities.sentence_province(doc, *sentence, ignore=lambda e: _placed_against(doc, fig, e, anywhere=True))
    if one:
        return [one]
    prev = art.previous(sentence)
    if prev and rule("anaphoric_place").search(doc.text, *sentence):
        back = entities.sentence_province(doc, *prev)  # `Tổng điểm của địa phương này là 0,5064`
        if back:
            return [back]
    if (prev and rule("figure_pointer").search(doc.text, sentence[0], fig.number["start"])
            and entities.sentence_is_national(doc, *prev) and not entities.sentence_is_local(doc, *sentence)):
        return [None]  # `… kinh tế số trong GDP của cả nước tăng nhanh. Năm 2022, con số này đạt 14,26%`
    if fig.number.get("unit") == "rank":  # `xếp thứ 5 cả nước`: the country is a position's field, not its subject;
        if any(e.get("label") == "ORG" and e.get("scope") == "national"  # a ministry's position is national
               and sentence[0] <= e["start"] < sentence[1] and not named_as_source(doc, e) for e in doc.entities) or rule("among_countries").match(
                doc.text, fig.number["end"]) or rule("ministry_field").search(doc.text, *sentence):
            return [None]  # and so is one among countries (`đứng thứ 71 trong 193 quốc gia`) or ministries
    elif (not entities.sentence_is_local(doc, fig.pre[0], fig.number["start"])  # `…, trong khi tỉnh đạt 91%`: its own place
          and (any(not (_compared(doc, m.start()) or _own_aside(doc, m.start(), fig)
                        or _rank_field(doc, m.start()))
                   for m in rule("national").finditer(doc.text, sentence[0], _next_figure(doc, fig, sentence[1])))
               or entities.sentence_is_national(doc, sentence[0], _before_comparand(doc, sentence)))):
        return [None]  # not `… của tỉnh đạt 52,1%, cao hơn bình quân cả nước`: the country is what it beats
    lead = art.list_lead(sentence)
    if lead and entities.sentence_is_national(doc, *lead) and not entities.sentence_is_local(doc, *sentence):
        return [None]  # `Bộ … công bố danh sách …, gồm:` then `Thôn … là 135 thôn.`: a national list's items
    opener = _paragraph_place(doc, fig.number["start"])
    if opener:
        return [opener]  # `Tại Hà Nội, …. Đến nay, 100% hồ sơ học sinh …`: the paragraph's place
    if doc.province is not None and rule("home_place").search(doc.text, *sentence):
        return [doc.province]  # `Tỉnh ta xếp thứ 31/63` in a provincial paper: its own province
    if doc.article_province is None and entities.sentence_is_local(doc, *sentence):
        # a national lead, then `thành phố Hà Nội đã đạt …; tỷ lệ … của thành phố đạt 85,89%`
        return [entities.province_before(doc, sentence[0], load("commitments").data["local_back"])]
    return [doc.article_province]


def named_as_source(doc: Document, e: dict) -> bool:
    """A body named as the source of a figure (`DTI do Bộ Thông tin và Truyền thông công bố`,
    `Theo Bộ …,`), not as the one it ranks."""
    return (rule("source_before").search(doc.text, max(0, e["start"] - 8), e["start"]) is not None
            or rule("source_after").match(doc.text, e["end"]) is not None)


def _past_complements(doc: Document, fig: Figure, named: list[str]) -> list[str]:
    """Drop a province that completes another clause's predicate before the figure's own subject
    (`Xếp cuối là tỉnh Cao Bằng, thành phố Hải Phòng đứng thứ 28`: the 28th place is Hải Phòng's)."""
    before = [e for e in _places(doc) if e["norm"] in named and fig.pre[0] <= e["start"] < fig.number["start"]]
    dropped = {a["norm"] for a, b in zip(before, before[1:])
               if "," in doc.text[a["end"]:b["start"]] and b["norm"] != a["norm"]
               and rule("complement_before").search(doc.text, max(fig.pre[0], a["start"] - 30), a["start"])}
    return [p for p in named if p not in dropped] if dropped else named


def _places(doc: Document) -> list[dict]:
    """The article's mentions that name a province, in text order (read once per article): the
    province's own name, or a local body named after it (`UBND tỉnh Ninh Bình (87,9 điểm)`), which
    stands for its province (its `norm` here is the province's)."""
    return doc.derived("province_mentions", ("entities",), lambda: [
        e if e["label"] == "PROVINCE" else {**e, "norm": e["province"]} for e in doc.entities
        if (e.get("label") == "PROVINCE" and e.get("norm"))
        or (e.get("label") == "ORG" and e.get("scope") == "local" and e.get("province"))])


def _subject(doc: Document, fig: Figure, sentence: Span) -> list[str]:
    """The sentence's subject: the last province it names before the figure, not one an earlier
    position was ranked against (`…, sau Lâm Đồng và Đắk Lắk); chỉ số … đứng thứ 34/63`)."""
    return [e["norm"] for e in _places(doc) if sentence[0] <= e["start"] < fig.number["start"]
            and not _placed_against(doc, fig, e, anywhere=True)][-1:]


def _named_since_figure_before(doc: Document, fig: Figure, sentence: Span) -> list[str]:
    """The last province named between the figure before and this one, for a figure with no words
    of its own because the one before took them (`Đứng thứ hai là Thái Nguyên với 29,4%`); or before
    the figure before, when only a link joins the two (`Đà Nẵng dẫn đầu với 0,6984 điểm`)."""
    ends = sorted(n["end"] for n in doc.numbers if sentence[0] <= n["end"] <= fig.number["start"] and n is not fig.number)
    since = ends[-1] if ends else sentence[0]
    if ends and rule("position_link").fullmatch(doc.text, since, fig.number["start"]):
        since = ends[-2] if len(ends) > 1 else sentence[0]  # `Đà Nẵng dẫn đầu với 0,6984 điểm`: the position's subject
    return [e["norm"] for e in _places(doc)
            if since <= e["start"] and e["end"] <= fig.number["start"]][-1:]


def _paragraph_place(doc: Document, pos: int) -> str | None:
    """The province a paragraph opens on as its frame (`Tại Hà Nội,`, `Đối với thành phố Đà Nẵng,`),
    for the figures after it, in its first sentence too, whose sentence names no place of its own."""
    m = rule("place_opener").match(doc.text, line_at(doc.text, pos)[0], pos)
    if m is None:
        return None
    return next((e["norm"] for e in _places(doc)
                 if m.start("place") <= e["start"] < m.end()), None)


def _placed_against(doc: Document, fig: Figure, e: dict, anywhere: bool = False) -> bool:
    """A province named after a position as the one it is behind or ahead of (`thứ 3 …, chỉ sau Lào Cai`,
    `sau Lâm Đồng và Đắk Lắk`), or before it as the one overtaken (`Huế đã vượt qua Đà Nẵng để vươn lên
    dẫn đầu`); `anywhere`: by its own words, wherever it stands (`…, sau Lâm Đồng` after a later position)."""
    if e.get("label") != "PROVINCE" or fig.number.get("unit") not in (*POSITION_UNITS, "score"):
        return False  # (a score too: `Với 39 điểm, A xếp thứ 60, chỉ trên 2 tỉnh B và C`)
    if anywhere:
        return any(rule(r).search(doc.text, max(0, e["start"] - _AGAINST), e["start"]) is not None
                   for r in ("rank_comparand", "rank_overtaken"))
    against = "rank_comparand" if e["start"] > fig.number["end"] else "rank_overtaken"
    return rule(against).search(doc.text, max(fig.pre[0], e["start"] - _AGAINST), e["start"]) is not None


def _provinces_lead(doc: Document, fig: Figure) -> bool:
    """Does the figure's clause open on a count of provinces, its subject, with no place named
    since (`38 địa phương đã có IOC cấp tỉnh cùng khoảng 90 IOC cấp huyện`)? What those provinces
    did in all is the country's."""
    first = next((n for n in doc.numbers if fig.chunk[0] <= n["start"] < fig.number["start"]), None)
    return (first is not None and first.get("unit") == "count" and rule("provinces_counted").match(doc.text, first["end"]) is not None
            and not _CLAUSE_BREAK.search(doc.text, first["end"], fig.number["start"])
            and not any(fig.chunk[0] <= e["start"] < fig.number["start"] for e in _places(doc)))


def _next_figure(doc: Document, fig: Figure, limit: int) -> int:
    """Where the words of the next figure before `limit` begin: at its clause (`…, trong khi bình
    quân cả nước đạt 58,4%`), else at the figure itself."""
    n = fig.number
    nxt = min((x["start"] for x in doc.numbers if n["end"] <= x["start"] < limit), default=limit)
    if nxt == limit:
        return limit
    breaks = list(_CLAUSE_BREAK.finditer(doc.text, n["end"], nxt))
    return breaks[-1].start() if breaks else nxt


def _national(doc: Document, fig: Figure) -> bool:
    """The whole country is named in the figure's stretch as its own, not as what it is compared
    with after it (`0,5064 điểm, cao hơn 0,105 so với mức bình quân của cả nước (0,4014 điểm)`:
    the first is not national, the last is). Past another figure the country is that figure's
    (`đạt 52,3% hồ sơ trực tuyến và đứng thứ 12 cả nước`)."""
    start, n = fig.pre[0], fig.number
    end = _next_figure(doc, fig, fig.post[1])
    rank = n.get("unit") == "rank"  # `xếp thứ 37/63 tỉnh thành phố trên cả nước`: the field a position is taken in

    def owns(m: regex.Match) -> bool:
        if m.start() < n["start"]:  # before it: its own, unless what a clause of its own compares with, or the
            # field a position is taken in (`thứ hạng của tỉnh so với cả nước lần lượt là 22, 9, 13`, `đi từ vị
            # trí 58/63 tỉnh thành năm 2022 lên vị trí 40/63`)
            return not (_compared(doc, m.start(), start) and (rank or _CLAUSE_BREAK.search(doc.text, m.end(), n["start"]))
                        or _first_field(doc, m.start()) or _rank_field(doc, m.start()))
        return not (_compared(doc, m.start(), start)  # (`0,35, cao hơn mức giá trị trung bình, xếp thứ 14`)
                    or rank and m.start() - n["end"] <= 80 and not _CLAUSE_GAP.search(doc.text, n["end"], m.start())
                    or _own_aside(doc, m.start(), fig))
    return any(owns(m) for m in rule("national").finditer(doc.text, start, end))


def _own_aside(doc: Document, pos: int, fig: Figure) -> bool:
    """Is the country named at `pos` in brackets that do not hold the figure, an aside's own
    (`xây thêm 4 trung tâm dữ liệu (cả nước hướng tới 20); tỷ lệ … đạt 80%`)?"""
    return other_aside(doc, pos, fig.number["start"]) is not None


def _regional(doc: Document, fig: Figure, sentence: Span) -> bool:
    """A region holds the figure: its sentence names one before it as what holds it, or one holds
    the position right after it (`xếp thứ hai là khu vực Bắc Trung Bộ`), and no local body, place or
    province does (`Hà Tĩnh, điểm sáng của khu vực Bắc Trung Bộ, có cáp quang tới 98% thôn` is the province's)."""
    return ((rule("region_subject").search(doc.text, sentence[0], fig.number["start"]) is not None
             or fig.number.get("unit") == "rank" and rule("region_after").match(doc.text, fig.number["end"]) is not None)
            and not entities.sentence_is_local(doc, sentence[0], fig.number["start"])
            and not any(e.get("label") == "PROVINCE" and sentence[0] <= e["start"] < fig.number["start"] for e in doc.entities))


def _rank_field(doc: Document, pos: int) -> bool:
    """The country named at `pos` is the field of a position (`xếp thứ 24/63 tỉnh, thành phố`), not
    whose another figure of the sentence is (`…; Kinh tế số đạt 0,6518, …`)."""
    return any(n.get("unit") == "rank" and n["start"] <= pos <= n["end"] + 1 for n in doc.numbers)


def _before_comparand(doc: Document, sentence: Span) -> int:
    """Where the sentence names the country as what its figures are compared with (`…, cao hơn mức
    bình quân cả nước là 78%`) or in an aside (`đạt 67% (trung bình toàn quốc đạt 62,3%)`), else its
    end: the words before are the sentence's own scope."""
    return next((m.start() for m in rule("national").finditer(doc.text, *sentence)
                 if _compared(doc, m.start(), sentence[0]) or aside_opened(doc.text, sentence[0], m.start()) != -1),
                sentence[1])


def _compared(doc: Document, pos: int, start: int = 0) -> bool:
    """Is the country named at `pos` what a figure is compared with (`cao hơn bình quân cả nước`) or
    the field it is ranked in (`Dẫn đầu cả nước là …`)?"""
    return (rule("comparand_national").search(doc.text, max(start, pos - 40), pos) is not None
            or rule("ranking_field").search(doc.text, max(0, pos - 25), pos) is not None or _first_field(doc, pos))


def _first_field(doc: Document, pos: int) -> bool:
    """Is the country named at `pos` the field of a first or an only one (`đơn vị đầu tiên trong cả nước`)?"""
    return rule("first_field").search(doc.text, max(0, pos - 25), pos) is not None


def _respectively(art: Context, fig: Figure, sentence: Span) -> str | None:
    """`Ninh Bình và Thanh Hóa lần lượt đứng thứ 6 và 12`, `Lạng Sơn, Bạc Liêu với các điểm số tương
    ứng là 0,21; 0,19`: the sentence's provinces and its figures of one unit pair off in order."""
    doc = art.doc
    same = [n for n in doc.numbers if n.get("unit") == fig.number.get("unit") and sentence[0] <= n["start"] < sentence[1]]
    marker = rule("respectively").search(doc.text, *sentence)
    # the names listed right before the marker (`Đà Nẵng dẫn đầu, TP.HCM và Quảng Ninh lần lượt xếp thứ 2 và 3`),
    # or right before a list of as many figures (`Thanh Hóa, Điện Biên, Hà Tĩnh giữ vị trí thứ 5, 6, 7`)
    after = [n for n in same if marker and n["start"] >= marker.end()]
    listed = _listed_before(doc, marker.start(), sentence) if marker else []
    if not marker or len(listed) < 2:
        after = figure_run(doc, same, fig)
        listed = _listed_before(doc, after[0]["start"], sentence, rule("names_to_figures")) if len(after) > 1 else []
        listed = listed if len(listed) == len(after) else []
    if len(listed) > 1 and fig.number in after and len(after) % len(listed) == 0:
        return listed[after.index(fig.number) % len(listed)]
    if not (marker  # or `thứ tư và thứ năm là Quảng Ninh và Huế`
            or (same and rule("named_after").match(doc.text, same[-1]["end"]))):
        return None
    named = list(dict.fromkeys(e["norm"] for e in _places(doc)
                               if sentence[0] <= e["start"] and e["end"] <= sentence[1]))
    if len(named) < 2 or len(same) % len(named):
        return None  # `A và B lần lượt tụt từ thứ 2, thứ 3 xuống thứ 7 và 8`: each round of figures pairs off again
    return named[[n["start"] for n in same].index(fig.number["start"]) % len(named)]


def _listed_before(doc: Document, end: int, sentence: Span, gap: regex.Pattern | None = None) -> list[str]:
    """The provinces of a list that ends right before `end` (after `gap`, when given, else at once),
    its names joined only by commas and `và`."""
    names = [e for e in _places(doc) if sentence[0] <= e["start"]
             and e["end"] <= end]
    run: list[dict] = []
    for e in reversed(names):
        stop = run[-1]["start"] if run else end
        between = doc.text[e["end"]:stop]
        if not (rule("province_joiner").fullmatch(between) or not run and gap is not None and gap.fullmatch(between)):
            break
        run.append(e)
    return list(dict.fromkeys(e["norm"] for e in reversed(run)))


def figure_run(doc: Document, same: list[dict], fig: Figure) -> list[dict]:
    """The figures of one unit listed with this one, joined only by commas and `và` (`thứ 5, 6, 7`)."""
    i = next(i for i, n in enumerate(same) if n["start"] == fig.number["start"])
    lo = hi = i
    while lo > 0 and rule("figure_joiner").fullmatch(doc.text, same[lo - 1]["end"], same[lo]["start"]):
        lo -= 1
    while hi + 1 < len(same) and rule("figure_joiner").fullmatch(doc.text, same[hi]["end"], same[hi + 1]["start"]):
        hi += 1
    return same[lo:hi + 1]


def _bracketed_after(doc: Document, fig: Figure) -> str | None:
    """`Huế đứng trên Hải Phòng (thứ ba)`, `Bắc Ninh (71,5%)`: a figure in brackets right after a
    province's name is that province's alone, whoever the sentence's subject is."""
    return next((e["norm"] for e in _places(doc)
                 if e["end"] <= fig.number["start"] and rule("bracket_after_name").fullmatch(doc.text, e["end"], fig.number["start"])),
                None)


def _named_after(art: Context, fig: Figure) -> str | None:
    """`thứ 2 là Hà Nội, thứ 3 là TP Hồ Chí Minh`: the province a position names right after it."""
    m = rule("named_after").match(art.doc.text, fig.number["end"])
    if m is None or fig.number.get("unit") != "rank":
        return None
    return next((e["norm"] for e in art.doc.entities if e.get("label") == "PROVINCE" and e["start"] == m.end()), None)

