"""Commitments: the quantified digital-transformation targets and results of an article.

A number becomes a commitment when its sentence (or the one it continues) speaks of digital
transformation, and it measures something rather than counting the parts of a plan (`6 nhóm
nhiệm vụ`), labelling (`nhóm 3`), sizing a noun (`quy mô 500-1000 người`), pricing a unit
(`320.000 đồng/thuê bao`), starting a change (`tăng từ 7,7 triệu lên 9,2 triệu`: only the new
value), counting who attends or is surveyed (`Dự hội thảo có … 50 doanh nghiệp`) or stating a
ratio (`cứ 10 người … thì 9 người`). Everything else is read off its sentence:
- kind: the cue nearest the figure (`phấn đấu`, `sẽ`, `đến năm`, `Danh mục gồm`, a purpose clause
  `Để triển khai …` -> target; `đã`, `tính đến`, `hiện nay` -> actual), ignoring cues in a cited
  document's title (`Kế hoạch số 09 … về việc … đã hoàn thành`) and in reported speech (`trả lời
  rằng sẽ …`); a sentence with no cue continues the one before it in its paragraph when that one
  has its own cue (`Tỉ lệ dân số … là trên 50%.` after `Phấn đấu đến năm 2025, …`); plain
  `đạt`/`có` or nothing means a reported result;
- deadline / as_of: the date nearest the figure in its own stretch, else the sentence's before it,
  else the first after it before the next figure, else the date of the sentence it continues;
  dates of cited documents never count;
- basis: a document the sentence cites, or the article's plan decision for `Theo kế hoạch`;
- province: the provinces its stretch names (one commitment each), else the one the sentence
  names, else none for national figures (`cả nước`, `Bộ Y tế`: entities.sentence_is_national),
  else the article's;
- indicator, level, pillar: indicator.py, with the section heading (`Về phát triển kinh tế số`)
  as the pillar when the words say nothing;
- whether it measures a digital thing at all: measured.py; rankings and index values: rankings.py;
  kind and dates: commitment_timing.py; provinces: commitment_province.py; the article's
  sentences, cues and frames they read: commitment_context.py.
Only candidate sentences are ever tagged, so the stage costs little on articles without targets.
"""
from __future__ import annotations

from functools import cache

import regex

from .. import ranking_tables
from ..document import Document
from ..provinces import province_2025
from ..rules import load
from ..schema import POSITION_UNITS
from ..text import Span
from . import clauses, indicator, measured, rankings
from .clauses import Figure
from .commitment_context import Context, cues_in, date_value, numeral_start, published_after, published_before, reports_progress, rule
from .commitment_province import provinces_of
from .commitment_timing import date_of, index_year, kind_of, names_goal_value
from .ranked_body import leaders_listed, ranked_body

_CLAUSE_BREAK_BODY = regex.compile(r"[;,](?!\s*\d)")  # a clause ends; not the comma of `mức độ 3, 4`
_DIGIT = regex.compile(r"\d")
_WORD = regex.compile(r"[\p{L}\p{M}]+")  # words, not the digits of a date
_CLAUSE_END = regex.compile(r"[,;:.!?(]\s")  # where a figure's own clause ends (not the dot of `.vn`)
_SPACES = regex.compile(r"\s+")
_PART_LIST_END = regex.compile(r"[);]")  # where the parts listed after `trong đó` end
_EMPTY_ASIDE = regex.compile(r"\s*\(\s*\)")  # what a blanked date leaves


def _is_quantity(doc: Document, n: dict, sentence: Span) -> bool:
    """A measured figure, not a plan's structure, a label, the size of a noun, a repeat, a price
    per unit, the baseline of a change, the head count of an event or the terms of a ratio."""
    text = doc.text
    before = text[max(0, n["start"] - 30):n["start"]]
    after = text[n["end"]:n["end"] + 30]
    if rule("qualifier_before").search(before) or rule("qualifier_after").match(after) or rule("feeling_after").match(after):
        return False  # … or how people feel (`53% cảm thấy bất an`)
    if rule("field_moved_after").match(text, n["end"], sentence[1]):
        return False  # `100% bộ và tỉnh có điểm năm nay tăng`: how a ranking's field moved, no one's level
    if rule("device_spec_after").match(text, n["end"]) or n.get("unit") == "percent" and rule("charge_before").search(before):
        return False  # `12 anten`, `960 khung hình/giây`, `sạc 56% năng lượng`: a gadget's specification
    if n.get("unit") == "percent" and n.get("value") == 100 and rule("not_all_before").search(before):
        return False  # `chưa phủ sóng cho 100% bản`: what is not yet done for all
    if n.get("unit") == "percent" and rule("brand_shares_before").search(text, max(sentence[0], n["start"] - 120), n["start"]):
        return False  # `… phần lớn thuộc các hãng Samsung (41%), Apple (33%)`: how brands split what is sold, commerce
    if n.get("unit") == "percent" and rule("market_after").match(text, n["end"]):
        return False  # `chiếm gần 70% thị trường Internet cáp quang`: how firms split a market, commerce
    if n.get("unit") == "percent" and rule("index_weight").search(before) and (
            rule("weight_word").search(text, sentence[0], n["start"]) or rule("points_after").match(text, n["end"])):
        return False  # `trọng số 40%`, `chiếm 10% tổng số điểm`, `trọng số của từng chỉ số thành phần: … (chiếm 20%); …`: a part's weight in an index
    if (n.get("unit") == "count" and rule("place_scope_after").match(text, n["end"])
            and rule("share_scope_before").search(text, max(sentence[0], n["start"] - 60), n["start"])):
        return False  # `60% người dân ở 12 tỉnh`: the places a share is measured in
    if n.get("comparator") in (">=", "<", "<=") and rule("threshold_before").search(before):
        return False  # `nhà hàng có doanh thu từ 1 tỷ đồng trở lên`, `giao dịch có giá trị dưới 500.000 đồng`: a bar
    if n.get("comparator") not in (None, "=") and (rule("bar_members_after").match(text, n["end"])
                                                   or rule("none_reach_before").search(text, max(sentence[0], n["start"] - 120), n["start"])):
        return False  # `Các xã có tỷ lệ … đạt từ 70% trở lên gồm: …`, `không có xã nào đạt dưới 40%`: a bar
    if rule("cut_off_after").fullmatch(text.rstrip(), n["end"]):
        return False  # `… đã lắp đặt 45 máy ch` at the end of a clipped page: what it counts is cut off
    if n.get("unit") == "score" and rule("field_extreme_before").search(before):
        return False  # `điểm cao nhất (47,91) …, điểm thấp nhất (36,75)`: the ends of the field's range, no one's score
    if rule("band_after").match(text, n["end"]):
        return False  # `dưới 200 điểm là mức thấp`: the bounds of a grade an index defines, no result
    if _group_threshold(doc, n, sentence):
        return False  # `12 bộ, ngành có tỷ lệ hồ sơ trực tuyến trên 60%`: the bar a counted group passes
    if rule("page_counter_before").search(before):
        return False  # `lượt xem: 25`: the page's counter
    if rule("per_unit_before").search(text, max(sentence[0], n["start"] - 60), n["start"]) and not measured.digital(
            text, n["end"], min(sentence[1], n["end"] + 30)):
        return False  # `mỗi lớp gồm 2-3 xã với khoảng 30-40 học viên`: each one's size, how a set is built
    if rule("company_after").match(text, n["end"]):
        return False  # `một tỉ người dùng của Google`: a firm's own commercial figure
    if rule("firm_own").search(text, sentence[0], n["start"]) or rule("firm_after").match(text, n["end"], sentence[1]):
        return False  # `hơn 25.000 đại lý`, `doanh thu … qua cổng thanh toán 123Pay`: a firm's commercial figure
    reach = min(sentence[1], n["end"] + 80)
    clause_end = _CLAUSE_END.search(text, n["end"], reach)
    unlawful_after = rule("unlawful_site").search(text, n["end"], clause_end.start() if clause_end else reach)
    if (rule("unlawful_site").search(before) or unlawful_after) and not rule("defended_before").search(before):
        return False  # `trong số 40 trang web vi phạm bản quyền thì có 25 trang`: what an inspection found (not `gỡ bỏ 45 trang web vi phạm`)
    if rule("addiction").search(text, sentence[0], sentence[1]):
        return False  # `… nghiện điện thoại …, 61% cho biết không thể chịu được`: a study of a habit's harm
    if rule("hypothetical_before").search(text, sentence[0], numeral_start(n)):
        return False  # `nếu Việt Nam có 45 triệu người dùng cài ứng dụng … thì …`: a condition supposed, no result nor goal
    opinion = rule("opinion_after").match(text, n["end"])
    if opinion and not measured.digital(text, n["end"], opinion.end()):
        return False  # `78% ý kiến cho rằng … loa phường`: what a poll thinks of a thing that is not digital
    flow = rule("flow_before").search(text, max(sentence[0], n["start"] - 80), n["start"])
    if n.get("unit") in load("commitments").data["money_units"] and (rule("per_unit").match(after) and not flow
                                                                     or rule("prize_before").search(before)):
        return False  # `giá 5 triệu đồng/tháng`, `tổng giải thưởng 200 triệu đồng`
    lead = numeral_start(n)  # `thấp hơn 12,5%`: the gap words lead the span
    if rule("excess_before").search(text, max(sentence[0], lead - 20), lead) and rule("compared_after").match(text, n["end"]):
        return False  # `vượt 9% so với chỉ tiêu`: by how much a plan or a year was beaten, no level
    if n.get("unit") == "count" and rule("share_base_before").search(text, max(sentence[0], lead - 40), lead):
        return False  # `chiếm 70,2% tổng số 1.709 thủ tục`: the whole a share was taken of
    if n.get("unit") != "rank" and (  # a position is never a baseline (see _is_baseline), a gap or a share
            _is_baseline(doc, n) or any(rule(r).search(text, sentence[0], lead) for r in ("gap_before", "market_share"))):
        return False
    if n.get("unit") == "score" and n.get("value") in (0, 1) and not _DIGIT.search(n["text"], n["text"].find(",") + 1 or len(n["text"])):
        return False  # `có giá trị từ 0 đến 1`: the bounds of an index's scale
    if n.get("unit") == "count" and rule("one_of").match(text, n["end"]):
        return False  # `là 1 trong 3 trụ cột`: one of a set, no figure
    if rule("per_head").match(text, n["end"]) and rule("per_before").search(text, max(0, lead - 8), lead):
        return False  # `số doanh nghiệp công nghệ số trên 1.000 dân`: the head count a rate is per
    if n.get("unit") == "rank":
        # `lọt vào Top 10, …, vươn lên vị trí thứ 6`: the exact position after it says it (not a goal's `Top 10`,
        # nor a pillar's place, another item: `… top 10 …, đứng thứ 5 về xã hội số`)
        exact = n.get("comparator") == "<=" and all(k != "target" for _, k in cues_in(doc, *sentence)) and any(
            m.get("unit") == "rank" and m.get("comparator") == "=" and not m.get("change")
            and n["end"] <= m["start"] < sentence[1] and not rankings.ranks_part(text, m) for m in doc.numbers)
        return not (exact or rule("event_before").search(text, sentence[0], n["start"]))
    if n.get("unit") != "count":
        return True
    if rule("student_after").match(text, n["end"]) and rule("enrolment").search(text, *sentence):
        return False  # `tuyển sinh 1.200 sinh viên ngành an toàn thông tin`: a school's intake, education
    if any(rule(r).match(text, n["end"], sentence[1]) for r in ("exhibitors_after", "ranked_field_after")):
        return False  # `320 doanh nghiệp … tham gia triển lãm`: who takes part in an event; `34 ngân hàng được
        # xếp hạng`: the field a ranking took in
    if _is_name_or_year(n, before) or rule("street_number").match(text, n["start"]):
        return False  # … or a house number (`, 125 Lê Lợi,`)
    if n.get("value", 0) < 10 and not _DIGIT.search(n["text"]):
        return False  # `hai đơn vị`, `ba nhóm`, `một giao dịch`: official figures are written in digits
    if rule("smart_place").match(text, n["end"]):
        return True  # `2 xã đạt chuẩn nông thôn mới thông minh`: a status reached, not a district's make-up
    if (n.get("value", 0) < 10 and n.get("of") is None
            and not (rule("small_count").match(text, n["end"], sentence[1])
                     and not rule("each_unit_before").search(text, max(sentence[0], n["start"] - 60), n["start"]))
            and not _counts_group_past_bar(doc, n, sentence)  # `5 địa phương có tỷ trọng … trên 20%`
            and not (rule("mean_before").search(before)
                     and (not float(n.get("value", 0)).is_integer() or rule("average_before").search(before)))):
        return False  # `2 SIM`, `3 camera`, `4 xã` of a pilot; but `8 thủ tục hành chính` counts (not each unit's: `mỗi xã
        # lập 1 tổ`), and so does a mean (`bình quân mỗi cán bộ có 1,1 máy tính`)
    if reports_progress(text, n) or rule("plan_progress_before").search(before):
        return True  # `đã hoàn thành 42/48 nhiệm vụ`: a plan's progress, not its structure
    if n.get("of") is not None and rule("part_counted").match(text, n["end"]) and rule("progress_parts").search(
            text, (doc.sentence_before(sentence) or sentence)[0], n["start"]):
        return True  # `…, trong đó kinh tế số 7/9 chỉ tiêu`: a part of the progress its sentence, or the one
        # before it in its paragraph, reported (`… đã hoàn thành 28/36 chỉ tiêu. Cụ thể, chính quyền số 11/14 chỉ tiêu`)
    structural = (rule("structural_count").match(after) and (n.get("value", 0) < 1000 or rule("attendance_count").match(after))
                  and not rule("online_event_before").search(before))  # `xét xử trực tuyến hơn 38 phiên tòa`
    if structural and rule("bridge_point").match(after) and rule("conference_system").search(text, sentence[0], n["start"]):
        structural = False  # the sites a video-conference system reaches, built, not one meeting's
    return not (structural or rule("label_before").search(before)
                or rule("whole_before").search(before)
                or rule("whole_country").match(text, n["start"]) and not rule("provinces_done").match(text, n["end"])
                or rule("whole_regions").match(text, n["start"])
                or rule("merged_before").search(before) or rule("respondents").match(text, n["end"], sentence[1])
                or rule("unit_makeup").match(text, n["end"]) or rule("population_whole").match(text, n["end"])
                or rule("sample_before").search(before) or rule("participants_before").search(before)
                or rule("event_draw").search(text, sentence[0], n["start"])
                or rule("repeated").match(after) or rule("event_before").search(text, sentence[0], n["start"])
                or rule("ratio_before").search(text, sentence[0], n["start"])
                or rule("population_before").search(text, sentence[0], n["start"]))


def _group_bar(doc: Document, n: dict, sentence: Span) -> regex.Match | None:
    """The counted group a bounded share is the bar of (`8 cơ quan, địa phương có tỷ lệ … trên 50%`),
    from the group's count to the share, if it is one."""
    if n.get("unit") != "percent" or n.get("comparator") in (None, "="):
        return None
    return rule("group_threshold").search(doc.text, sentence[0], n["start"])


def _group_threshold(doc: Document, n: dict, sentence: Span) -> bool:
    """A bounded share that only says which bodies or places a count before it counts: the count is
    the result, the share its bar."""
    return _group_bar(doc, n, sentence) is not None


def _counts_group_past_bar(doc: Document, n: dict, sentence: Span) -> bool:
    """The count is of the group a bounded share after it bars: a result however small."""
    return any(m["start"] > n["start"] and (bar := _group_bar(doc, m, sentence)) is not None
               and bar.start() <= n["start"] < bar.end()
               for m in doc.numbers if sentence[0] <= m["start"] < sentence[1])


def _is_name_or_year(n: dict, before: str) -> bool:
    """`Windows 10`, `Nokia 3310`: a product's model; `…, 2016 tăng trưởng 60%`: a year. Official
    counts of a thousand and more are written with a separator (`2.016`), so a bare year-like
    number counts nothing."""
    bare = n["text"].isdigit()
    return bare and (bool(rule("model_before").search(before)) or bool(rule("year_number").fullmatch(n["text"])))


def _is_baseline(doc: Document, n: dict) -> bool:
    """`từ X … lên Y`: X is where a change started, Y the result; but a start dated on its own
    (`tăng từ 11,91% năm 2021 lên 14,26% năm 2022`) is that year's result too. (A place it started
    from, `tăng 9 bậc, từ vị trí 27 lên 18`, is a result of the ranking before: _is_quantity keeps it.)"""
    text = doc.text
    opens_from = (n["text"].casefold().startswith("từ")
                  or rule("baseline_from").search(text, max(0, n["start"] - 20), n["start"]))
    return (bool(opens_from) and rule("baseline").match(text[n["end"]:n["end"] + 100]) is not None
            and not rule("dated_start").match(text, n["end"]))


def _records(art: Context, fig: Figure, phrase: indicator.Phrase, sentence: Span,
             index: tuple[str, str] | None, before: dict | None, elliptic: bool = False) -> list[dict]:
    """The commitment(s) of one figure; `before` is the commitment just made, in this sentence or
    the one it continues, whose indicator a figure that names nothing of its own goes on with
    (`… toàn trình 68,54%. Đà Nẵng (58,89%), Hà Giang (55,76%) là những địa phương xếp sau`), and
    one that only narrows it (`elliptic`: `Cấp huyện đạt 38%`) is of."""
    doc, n = art.doc, fig.number
    kind = before["kind"] if (_restates(doc, fig, sentence, before) or _goes_on_with_goals(art, fig, before)
                              or _change_of(doc, fig, before)) else kind_of(art, fig, sentence)
    if n.get("change") and (kind == "actual" or not cues_in(doc, *sentence, purpose=True)):
        return []  # `tăng 6 bậc`, `tăng 20% so với năm 2022`: a reported change is not a level (a growth planned in its own sentence is a target)
    # the place a move started from held in an earlier ranking, no date of its own: not the sentence's year
    earlier = n.get("unit") == "rank" and _is_baseline(doc, n)
    when = None if earlier else date_of(art, fig, sentence, kind)
    if when is None and kind == "actual" and index and not earlier:
        when = index_year(doc, n["start"])  # a score told after `chỉ số … năm 2023` with no date of its own: that edition's
    if kind == "actual" and published_after(when, doc) and rule("future_marker").search(doc.text, fig.pre[0], fig.post[1]):
        kind = "target"  # `90% người dân sẽ có chữ ký số vào quý 3/2026`, told in April 2026: a goal
    # an index value's scope may be named clauses before it (`chỉ số PAR INDEX …, có giá trị trung bình …, đạt 86,37%`)
    ind = (rankings.indicator_of(index, phrase.own, doc.text[sentence[0]:n["start"]])
           if index and rankings.index_value(fig, phrase) else phrase.indicator)
    leaders = leaders_listed(doc, fig, sentence) if index else []  # `A, B, C, D, E là 5 đơn vị dẫn đầu`: each its own
    if index and not leaders and (body := ranked_body(doc, fig, sentence, part=bool(index[1]))) and body.casefold() not in ind.casefold():
        ind = f"{ind} – {body}"  # `Sở Y tế xếp thứ 3`: which body a ranking of bodies ranks
    if before and not measured.digital(ind) and (not ind or rule("anaphor").match(ind)
                                                 or rule("pre_subject").fullmatch(ind) or names_goal_value(doc, fig)):
        ind = before["indicator"]
    elif elliptic and not measured.digital(ind):
        own = phrase.own if phrase.own.casefold() not in before["indicator"].casefold() else ""  # not `trạm – trạm …`
        ind = f"{own} – {before['indicator']}".strip(" –")  # `Cấp huyện đạt 38%` after `Tỷ lệ … đạt 55%`
    elif before and (tier := rule("tier_only").fullmatch(ind)):
        ind = indicator.at_tier(before["indicator"], ind, tier)  # `…, cấp huyện đạt 68%` after `Cấp tỉnh đạt 83%` of a measure
    elif before and rule("value_of").fullmatch(ind):
        ind = f"{ind} {before['indicator']}"  # `126 triệu giao dịch qua internet, với giá trị 7 triệu tỷ đồng`
    region = rankings.region_of(doc.text[n["start"]:fig.post[1]]) if n.get("unit") == "rank" and not (index and index[0]) else ""
    if region and region.casefold() not in ind.casefold():
        ind = f"{ind} ({region})"  # `…đạt 91,5%, đứng đầu khu vực Nam Trung Bộ`: first among the region's provinces
    lead = art.list_lead(sentence)
    if lead and not measured.digital(ind):
        lead_thing = indicator.dx_phrase(doc, lead) or indicator.dx_phrase(doc, lead, "dx_thing")
        ind = f"{ind} – {lead_thing}".strip(" –")  # `- Năm 2026: 210 thôn` under `Tổ công nghệ số:`
    if not index and not measured.digital(ind):  # `11.081 hồ sơ` of a sentence about `hồ sơ điện tử`: say which,
        # the figure's own (`100% doanh nghiệp, tổ chức sử dụng hóa đơn điện tử`) before the sentence's first
        lead, item = _list_item(doc, fig, sentence)  # (a goal list's items share their lead's thing, not each other's)
        thing = (_own_thing(doc, fig) or _thing_before(doc, fig, item)
                 or indicator.dx_phrase(doc, lead, "dx_thing") or indicator.dx_phrase(doc, lead))
        if not thing and rule("part_of").match(doc.text, sentence[0]) and (whole := art.previous(sentence)):
            # `… 570 đơn vị đã xây dựng trang thông tin điện tử. Trong đó, cơ quan nhà nước là 77 đơn vị`:
            # the parts are of the thing the sentence before counted
            thing = indicator.dx_phrase(doc, whole, "dx_thing") or indicator.dx_phrase(doc, whole)
        ind = f"{ind} – {thing}".strip(" –") if thing and thing.casefold() not in ind.casefold() else ind
    topic = "" if index else _topic_of(doc, fig, sentence)  # (an index's figure is named by the index and its part)
    if topic and topic.casefold() not in ind.casefold():
        ind = f"{ind} – {topic}".strip(" –")  # `Đối với khách hàng doanh nghiệp, …`: whose
    pillar = indicator.pillar_of(ind) or art.heading(n["start"])
    basis = None
    if kind == "target":
        prev = art.previous(sentence)
        basis = art.basis(*sentence) or (art.frame(prev).basis if prev else None)
    base = {
        "type": "commitment", "start": n["start"], "end": n["end"], "text": n["text"], "kind": kind,
        "indicator": ind, "level": None, "pillar": pillar,
        "value": n.get("value"), "value_max": n.get("value_max"), "of": n.get("of"),
        "unit": n.get("unit"), "comparator": n.get("comparator"), "change": n.get("change"),
        "deadline": when if kind == "target" else None, "as_of": when if kind == "actual" else None,
        "as_of_inferred": False, "basis": basis,
    }
    if kind == "actual" and when is None and doc.published is not None and not earlier:
        # a result with no date of its own is as of its article (`Đến nay, … đã có 1.200 …`)
        base["as_of"], base["as_of_inferred"] = doc.published.isoformat(), True
    provinces = provinces_of(art, fig, sentence)
    if (not index and (body := _subject_body(doc, fig, sentence)) and body.casefold() not in ind.casefold()
            and (provinces == [None] or not rule("province_government").match(body))):
        # `Bộ Xây dựng đã cung cấp … 165/203 dịch vụ công`: whose a national figure is; in a province, the
        # body below its government that did it (`Bưu điện tỉnh đã chuyển phát 84.000 hồ sơ`)
        base["indicator"] = f"{ind} – {body}"
    average = rule("average_named").search(doc.text, _own_clause(doc, fig, sentence), n["start"]) if provinces == [None] else None
    if average and average.group().casefold() not in base["indicator"].casefold():
        base["indicator"] = f"{base['indicator']} ({average.group()})"  # `cao hơn mức bình quân cả nước là 80,1%`: the country's mean
    levels = indicator.levels(phrase.own)  # one record per tier said each with its own `cấp`
    out = [{**base, "province": p, "province_2025": province_2025(p), "level": lv} for p in provinces for lv in levels]
    if leaders:  # the group's place, once for each body listed
        out = [{**r, "indicator": f"{ind} – {body}"} for body in leaders for r in out]
    return out


def _topic_of(doc: Document, fig: Figure, sentence: Span) -> str:
    """The topic the figure's clause after a `;`, or else its sentence, opens on before the figure
    (`Về hạ tầng mạng, sóng di động … tới 100% thôn`, `Đối với dữ liệu trường học,
    …`): it tells apart what every figure after it measures."""
    start = max(sentence[0], doc.text.rfind(";", sentence[0], fig.number["start"]) + 1)
    # (a clause after a `;` with no topic of its own goes on under the sentence's: `Đối với dữ liệu trường
    # học, đã số hóa …; 50.000 hồ sơ giáo viên …`)
    m = rule("topic_frame").match(doc.text, start, fig.number["start"])
    if m is None and start > sentence[0]:
        m = rule("topic_frame").match(doc.text, sentence[0], fig.number["start"])
    if (m is None or rule("pointer_topic").match(m["topic"])
            or any(x["start"] < m.end("topic") and m.start("topic") < x["end"] for x in doc.numbers)):
        return ""  # (`Qua đó, …` points back or only places; `Riêng B2C xếp hạng 19, còn …`, `Trên 91% hồ sơ …, `:
        # a clause with its own figure, no topic; a clause with a verb of its own is no topic either)
    dates = [(d["start"], d["end"]) for d in doc.dates]  # (`Về xếp hạng chuyển đổi số năm 2024, …`: the record's date says when)
    topic = _EMPTY_ASIDE.sub("", _SPACES.sub(" ", indicator.blanked(doc.text, m.span("topic"), dates))).strip(" ,")
    return topic if len(topic.split()) <= load("commitments").data["max_topic_syllables"] else ""


def _pointed_back(doc: Document, fig: Figure, figs: list[Figure], sentence: Span, out: list[dict]) -> str | None:
    """`… chính quyền số xếp thứ 18/63, kinh tế số thứ 9/63 (so với năm 2022, các
    thứ hạng này là 31, 20)`: places pointed back to are, in order, those of the places just told,
    whose indicators they take."""
    pointer = rule("ranks_pointed_back").search(doc.text, sentence[0], fig.number["start"])
    if pointer is None:
        return None
    mine = [f.number["start"] for f in figs if f.number.get("unit") == "rank" and f.number["start"] >= pointer.end()]
    told = list({r["start"]: r for r in out if r.get("unit") == "rank" and r["start"] < pointer.start()}.values())
    if len(told) < len(mine) or fig.number["start"] not in mine:
        return None
    return told[len(told) - len(mine) + mine.index(fig.number["start"])]["indicator"]


def _own_clause(doc: Document, fig: Figure, sentence: Span) -> int:
    """Where the figure's own clause starts: after the last `,` or `;` before it that ends a clause
    (not the comma of `mức độ 3, 4`)."""
    breaks = [m.end() for m in _CLAUSE_BREAK_BODY.finditer(doc.text, sentence[0], fig.number["start"])]
    return breaks[-1] if breaks else sentence[0]


def _subject_body(doc: Document, fig: Figure, sentence: Span) -> str | None:
    """The body a figure's own clause opens with (`…, Bộ Xây dựng đã cung cấp … 165/203 dịch vụ công`), not one
    a clause before it names (who said it, `Theo ông …, Giám đốc … (Bộ Nội vụ), 39 thủ tục …`; who set
    the goal, `Bộ Công Thương đặt mục tiêu …, 50% dân số …`)."""
    clause = _own_clause(doc, fig, sentence)
    body = ranked_body(doc, fig, (clause, sentence[1]))
    return body if body and doc.text.find(body, clause, fig.number["start"]) >= 0 else None


def _goes_on_with_goals(art: Context, fig: Figure, before: dict | None) -> bool:
    """A later item of a list of goals (`…; 60% các hệ thống thông tin đã đưa vào vận hành được kết
    nối …; 80% giáo viên …`, `90% hồ sơ … cấp tỉnh, 80% … cấp huyện`) is a goal too: a `đã` that
    describes its noun, or one in an item between, is no result. Only words of its own item before the figure (`…; năm 2023 đã đạt 85%`, `…; kết
    quả đạt 82%`) say it is."""
    doc, start = art.doc, fig.number["start"]
    if not before or before["kind"] != "target" or before["end"] > start:
        return False
    separator = rule("goal_item_separator").search(doc.text, before["end"], start)
    if separator is None or doc.sentence_of(before["start"]) != doc.sentence_of(start):
        return False
    item_start = max(m.end() for m in rule("goal_item_separator").finditer(doc.text, before["end"], start))
    return not (any(k == "actual" for _, k in cues_in(doc, item_start, start))
                or rule("item_result").search(doc.text, item_start, start)
                or any(item_start <= d["start"] < start for d in doc.dates))


def _change_of(doc: Document, fig: Figure, before: dict | None) -> bool:
    """`… đạt 38%, tăng 12% so với năm 2023`: a change said right after a figure is that figure's
    change, of its kind (a reported change is then dropped), whatever goal the sentence sets later."""
    return (bool(fig.number.get("change")) and before is not None and before["end"] <= fig.number["start"]
            and doc.sentence_of(before["start"]) == doc.sentence_of(fig.number["start"])
            and rule("relative").fullmatch(_words_before(doc, fig)) is not None)


def _restates(doc: Document, fig: Figure, sentence: Span, before: dict | None) -> bool:
    """`đã hoàn thành 45/50 chỉ tiêu …, đạt 90%`: a share with only a verb of its own, right after a
    fraction of its sentence, says the fraction again and shares its kind."""
    if not before or before.get("of") is None or before["start"] < sentence[0]:
        return False
    own = _words_before(doc, fig)
    return fig.number.get("unit") == "percent" and (not own or rule("pre_trailing").fullmatch(own) is not None)


def _words_before(doc: Document, fig: Figure) -> str:
    """The figure's own words before it (`, chiếm`, `(đạt`), without the separator that opens them."""
    return doc.text[fig.pre[0]:fig.pre[1]].strip(" ,(")



def _list_item(doc: Document, fig: Figure, sentence: Span) -> tuple[Span, Span]:
    """(lead, item) of a figure in a colon's list (`measured.colon_list`): each item measures its own
    thing, or its lead's, never another item's. (sentence, sentence) off such a list."""
    found = measured.colon_list(doc, fig.number["start"])
    if found is None:
        return sentence, sentence
    lead, items = found
    return lead, next((a, b) for a, b in items if a <= fig.number["start"] < b)


def _thing_before(doc: Document, fig: Figure, sentence: Span) -> str:
    """The digital thing named last before the figure in its sentence (`…; 100% trạm y tế dùng phần mềm
    quản lý hồ sơ sức khỏe điện tử, với 1,2 triệu hồ sơ được lập`: the records of that software, not
    the sentence's first thing)."""
    found = list(rule("dx_thing").finditer(doc.text, sentence[0], fig.number["start"]))
    i = len(found) - 1
    while i > 0 and (found[i].start() - found[i - 1].end() <= 1
                     or rule("online_between").fullmatch(doc.text, found[i - 1].end(), found[i].start())):
        i -= 1  # terms side by side, or an online mode apart, are one phrase (`dịch vụ công` trực tuyến `toàn trình`)
    return indicator.dx_phrase(doc, (found[i].start(), fig.number["start"]), "dx_thing") if found else ""


def _own_thing(doc: Document, fig: Figure) -> str:
    """The digital thing (or programme term) of the figure's own stretch nearest to it, before or after."""
    n = fig.number
    found = []
    for vocabulary in ("dx_thing", "dx_context"):
        before = list(rule(vocabulary).finditer(doc.text, fig.pre[0], n["start"]))
        after = rule(vocabulary).search(doc.text, n["end"], fig.post[1])
        if before:
            found.append((n["start"] - before[-1].end(), before[-1].start(), n["start"], vocabulary))
        if after:
            found.append((after.start() - n["end"], after.start(), fig.post[1], vocabulary))
        if found:
            break
    if not found:
        return ""
    _, start, end, vocabulary = min(found)
    return indicator.dx_phrase(doc, (start, end), vocabulary)


def _skipped_spans(doc: Document) -> list[Span]:
    """Dates and document references: frames of a figure, never part of what it measures."""
    return [(r["start"], r["end"]) for r in doc.dates + doc.legal_refs]


def extract(doc: Document) -> list[dict]:
    units = set(load("commitments").data["units"])
    by_sentence: dict[Span, list[dict]] = {}
    for n in doc.numbers:
        # of the other quantities only a rate counts: a density per head or a bandwidth
        # (`0,717 doanh nghiệp/1.000 dân`, `100 thuê bao/100 dân`, `trên 100 Mbps`)
        if n.get("unit") in units or n.get("unit") == "other" and rule("rate").match(doc.text, n["start"]):
            by_sentence.setdefault(doc.sentence_of(n["start"]), []).append(n)
    if not by_sentence:
        return []
    art = Context(doc)
    skip = _skipped_spans(doc)
    out: list[dict] = []
    parts: dict[Span, str] = {}  # the part of an index each sentence ranked (`chính quyền số`)
    for sentence, numbers in by_sentence.items():
        if _passed_over(art, sentence, numbers, out):
            continue  # asked before the figures' own filters, which cost most of the stage
        numbers = [n for n in numbers if _is_quantity(doc, n, sentence)]
        if not numbers:
            continue
        programme = art.is_dx(sentence)
        # an index's value, with the index in sight (`điểm trung bình của các tỉnh là 0,4868`), ranks too
        ranking = art.ranks(sentence) or _scored_or_placed(art, sentence, numbers)
        things = art.is_dx(sentence, "dx_thing") or art.names_by_head(sentence)
        carried = _carried(art, sentence, out)  # the commitment of the sentence this one continues
        # a sentence that names nothing digital holds only figures that go on with it (`Cấp huyện đạt 38%`)
        only_carried = not (programme or ranking or things or rule("dx_marker").search(doc.text, *sentence)
                            or art.serves_online(sentence))  # (`… thủ tục hành chính cấp xã … giải quyết trực tuyến`)
        if only_carried and not (carried and any(_same_measure(n, carried) or _share_of_counted(doc, n, sentence, carried)
                                                 for n in numbers)):
            continue
        # asked only once a sentence could hold a digital figure (off topic, `_passed_over` kept only a
        # sentence that goes on from a commitment or names the programme, an online service or a public thing)
        on_topic = art.on_topic
        figs = clauses.figures(doc.text, sentence, numbers)
        index_before = art.index_before(sentence[0])
        phrases = _across_brackets(doc, figs, indicator.phrases(doc, sentence, figs, skip))
        for i, (fig, phrase) in enumerate(zip(figs, phrases)):
            ranked = fig.number.get("unit") in POSITION_UNITS
            index = rankings.index_of(doc.text, fig, sentence, index_before) if ranking or ranked else None
            previous = figs[i - 1] if i else None
            measure_rank = _ranks_figure_before(doc, fig, previous, out) if ranked else None  # ranks the measure before it
            if index and not rule("index").search(doc.text, *sentence) and not (out and out[-1]["rule"] == "index"
                                                                               and out[-1]["start"] >= sentence[0]):
                # an index named only before the sentence does not take a figure that goes on with the
                # sentence's own digital measure (`tỷ lệ thanh toán trực tuyến đạt 71,4%, cao hơn mức
                # bình quân cả nước là 60,5%, đứng đầu khu vực`): the measure's comparand and position
                if measure_rank or not ranked and measured.digital(phrase.indicator) and not index[1]:
                    index = measure_rank
            if index and measure_rank and measure_rank[1] and _bracketed_after(doc, fig, previous):
                index = (index[0], measure_rank[1])  # `Tỷ lệ nộp hồ sơ qua mạng 48,5% (xếp 27/63)`: that measure's place in the index
            if index and not ranked and rule("economy_share").match(doc.text, fig.number["end"]):
                index = None  # a share of GRDP is the economy's size, no index's value (`…; kinh tế số chiếm 20% GRDP`)
            if ranked and index is None:
                index = measure_rank or _ranks_topic(doc, fig, sentence)
            if ranked and index is None:
                continue  # a ranking or score of something that is no digital index
            if ranked and (rule("negated_group").search(doc.text, max(0, fig.number["start"] - 40), fig.number["start"])
                           or rule("list_head_before").search(doc.text, max(0, fig.number["start"] - 20), fig.number["start"])):
                continue  # `không nằm trong top 5 …`, `công bố top 5 các tỉnh …`: no place held
            index = rankings.paired_part(index, phrase.item)
            if index and not index[1]:
                index = _part_goes_on(art, sentence, index, parts)
            if index and index[1]:
                parts[sentence] = index[1]
            # the commitment just made, in this sentence or the one it continues
            just_made = out[-1] if out and out[-1]["start"] >= (art.previous(sentence) or sentence)[0] else None
            if (just_made is not None
                    and rule("remainder_before").search(doc.text, sentence[0], fig.number["start"])
                    and rule("not_yet_after").search(doc.text, fig.number["end"], sentence[1])):
                continue  # what is left not yet done (`còn lại 26 tàu chưa gắn thiết bị`) beside the part done
            if ranking and rankings.frames_ranking(doc.text, fig, phrase, sentence) and not _counts_group_past_bar(
                    doc, fig.number, sentence) and not (
                    ranked and rule("band_holders_before").search(doc.text, fig.pre[0], fig.number["start"])):
                continue  # (a band its clause's subjects hold is their result: `A, B, C đạt giá trị trên 0,40`; so is a count
                # of the units that pass a bar: `7 sở, ngành của tỉnh đạt chỉ số hài lòng trên 90%`)
            # (a figure of a part its own sentence names is that part's: `Lĩnh vực hiện đại hóa hành chính … 61,15%`)
            # (the first measure of the sentence: a position before it, `Dẫn đầu là Huế (72,4%)`, ranks no index)
            first = all(f.number.get("unit") in POSITION_UNITS for f in figs[:i])
            elliptic = first and carried is not None and not (index and index[1]) and _elliptic(doc, fig, carried)
            prior = next((f for f in reversed(figs[:i]) if not f.number.get("change")), None)  # a change dropped is skipped
            after_own = prior is not None and out and out[-1]["start"] == prior.number["start"] and _bare(phrase)
            if measured.abroad(doc, fig, sentence) or not (on_topic or elliptic or after_own or measured.names_programme(doc, fig)):
                continue  # off topic, only a figure whose own words name the programme counts (`kinh tế số … 10%`),
                # or one with no words of its own right after such a figure (`… đăng ký trực tuyến …, đạt 81,2%`)
            last = just_made or (carried if elliptic else None)  # or the one a pointer reaches across a paragraph break
            value_of_last = last is not None and rule("value_of").fullmatch(phrase.indicator) is not None
            # a figure with no words of its own (`…, trong khi Lai Châu mới đạt 35%`, `kết quả đạt 82%`) goes on
            # with the figure before it when that one is a commitment, or as the first, with the sentence's
            # digital head (`tỷ lệ thanh toán trực tuyến cao nhất là A, B và C, lần lượt đạt 65%, 61% và 58%`)
            # and so does an item coordinated with it that counts people, places or services
            # (`… trên 1 triệu lượt tải và hơn 2.000 tài khoản doanh nghiệp`), or a share of it
            # (`đã cấp 12.450 phiếu lý lịch tư pháp trực tuyến, chiếm 65% tổng số phiếu`)
            follows = prior is not None and last is not None and last["start"] == prior.number["start"]
            counted = fig.coordinated and rule("counted_unit").match(doc.text, fig.number["end"]) is not None
            link = _words_before(doc, fig)  # a share of it, or a part (`…, trong đó 80% thường xuyên sử dụng`)
            share = (rule("relative").fullmatch(link) is not None or rule("part_of").fullmatch(link) is not None
                     or phrase.shared  # `…15.240 phản ánh, tỷ lệ xử lý đúng hạn đạt 97,2%`
                     or rule("value_gloss").fullmatch(doc.text, *fig.pre) is not None  # `7.997.498 món (đạt 93.441,8 tỉ đồng)`
                     and fig.number.get("unit") in load("commitments").data["money_units"])
            # (`…, trong khi … còn thấp như Lai Châu (21,3%), Điện Biên (24,8%)`; its first, after the sentence before)
            placed = last is not None and (follows or prior is None) and _placed_value(doc, fig, last)
            # (`… nhận 40.000 kiến nghị. Số kiến nghị đã được giải quyết chiếm 96,1%`: a part of the count before)
            part_of_count = not i and carried is not None and _share_of_counted(doc, fig.number, sentence, carried)
            goes_on = part_of_count or ((elliptic or placed or follows and _bare(phrase)) if only_carried else (  # `…, lần lượt đạt 12,3%, 13,8% và 15%`
                placed or follows and (_bare(phrase) or counted or share or names_goal_value(doc, fig))
                or not i and _bare(phrase) and measured.digital(phrase.indicator) and not measured.states_statistic(doc, fig)
                or elliptic))
            # the record's `rule`: what made it a commitment
            why = "index" if index else "value_of" if value_of_last else "goes_on" if goes_on else None
            if why is None and not only_carried and measured.measures_digital(doc, fig, phrase, programme, things):
                why = "measured" if on_topic else "named_programme"
            if not why:
                continue
            pointed = (_pointed_back(doc, fig, figs, sentence, out) if ranked
                       else f"{carried['indicator']} – {phrase.indicator}".strip(" –") if part_of_count else None)
            for held in rankings.shared_by_parts(doc.text, fig, index, sentence) if index else [None]:  # one per part holding it
                # (a figure said again, in the headline and the body, is a record each time: the
                # annotators of the blind sets count each telling, one record per span)
                out.extend({**r, "rule": why, **({"indicator": pointed} if pointed else {})}
                           for r in _records(art, fig, phrase, sentence, held, last, elliptic))
    _goals_said_after(art, out)
    _milestones_before_goal(art, out)
    _parts_name_their_whole(art.doc, out)
    return out


def _parts_name_their_whole(doc: Document, out: list[dict]) -> None:
    """`các xã đưa lên mạng 118 DVCTT (trong đó có 57 DVCTT một phần, 61 toàn trình)`: counts listed
    after `trong đó` are parts of the count before the cue, whose words (the tier, the body, the thing)
    say whose they are; a part's indicator names its whole after its own words."""
    for i, r in enumerate(out):
        if r["unit"] != "count":
            continue
        sentence = doc.sentence_of(r["start"])
        whole = next((w for w in reversed(out[:i]) if w["start"] >= sentence[0] and w["unit"] == "count"
                      and (cue := rule("part_of").search(doc.text, w["end"], r["start"])) is not None
                      and not any(w["end"] <= x["start"] < cue.start() for x in out if x is not w)
                      and not _PART_LIST_END.search(doc.text, cue.end(), r["start"])), None)
        if whole is not None and whole["indicator"].casefold() not in r["indicator"].casefold():
            r["indicator"] = f"{r['indicator']} – {whole['indicator']}"


def _milestones_before_goal(art: Context, out: list[dict]) -> None:
    """`Tỷ lệ … năm 2025 đạt 80%, năm 2030 đạt 95%`: a level keyed to a year, which the same measure's
    goal for a later year follows in its sentence, is a milestone of that goal, a target due that year,
    unless that year had passed when the text was published (then it is the level the goal starts from),
    its clause estimates it (`ước tính … năm 2023 đạt 16,5%; …`), or the goal has a goal word of its own
    (`Năm 2024, … đạt 38% và phấn đấu đến năm 2026, đạt 70%`: a result, then a goal set against it)."""
    doc = art.doc
    for r, goal in zip(out, out[1:]):
        if not (r["kind"] == "actual" and goal["kind"] == "target" and r["indicator"] == goal["indicator"]
                and r["as_of"] and len(r["as_of"]) == 4 and not r["as_of_inferred"] and not r.get("change")
                and str(goal["deadline"] or "")[:4] > r["as_of"] and not published_before(r["as_of"], doc)):
            continue
        sentence = doc.sentence_of(r["start"])
        clause = max(sentence[0], doc.text.rfind(";", sentence[0], r["start"]) + 1)
        if (doc.sentence_of(goal["start"]) == sentence and not rule("estimate").search(doc.text, clause, r["start"])
                and not any(kind == "target" for _, kind in cues_in(doc, r["end"], goal["start"]))):
            r.update(kind="target", deadline=r["as_of"], as_of=None, as_of_inferred=False)


def _goals_said_after(art: Context, out: list[dict]) -> None:
    """`…, bảo đảm cung cấp khoảng 300 dịch vụ công mức độ 3. Các chỉ tiêu này dự kiến sẽ hoàn thành vào
    cuối năm 2017.`: a sentence that calls the figures before it goals and dates them makes them
    targets due then (read as results of the present tense they were told in, or as goals with no date)."""
    doc = art.doc
    for nxt in doc.sentences:
        if not rule("goals_back").match(doc.text, *nxt) or (sentence := art.previous(nxt)) is None:
            continue
        ahead = [d for d in art.dates(*nxt) if not published_before(date_value(d), doc)]
        if not ahead:
            continue
        for r in out:
            undated = r["kind"] == "actual" and (r["as_of_inferred"] or not r["as_of"])  # not `Năm 2024, … đạt 85%`
            if sentence[0] <= r["start"] < sentence[1] and (undated or r["kind"] == "target" and not r["deadline"]) and not r.get("change"):
                r.update(kind="target", deadline=date_value(ahead[-1]), as_of=None, as_of_inferred=False)


def _part_goes_on(art: Context, sentence: Span, index: tuple[str, str], parts: dict[Span, str]) -> tuple[str, str]:
    """A sentence that goes on with the ranking of the one before it in its paragraph, naming no part
    of its own (`Ở trụ cột chính quyền số, Đà Nẵng dẫn đầu …. Xếp thứ hai là Hà Nội …`, `… ở trụ cột
    này khi tăng 12 bậc`), ranks the part that one ranked; else a paragraph's heading line names it."""
    prev = art.previous(sentence)
    if prev is None or not rule("part_goes_on").search(art.doc.text, *sentence):
        # a paragraph under a heading that names the part (`- Lĩnh vực Cải cách công vụ`) ranks that part
        return (index[0], part) if (part := rankings.heading_part(art.doc.text, sentence[0])) else index
    # the part that sentence ranked, or the last it named when it held no figure of ours
    # (`Ở chỉ số thành phần cải cách thủ tục hành chính, 7 tỉnh đạt điểm tối đa.`)
    part = parts.get(prev) or next((m["part"] for m in reversed(list(rule("index_name").finditer(art.doc.text, *prev)))
                                    if m["part"]), None)
    return (index[0], part) if part else index


def _passed_over(art: Context, sentence: Span, numbers: list[dict], out: list[dict]) -> bool:
    """The sentence is skipped below whichever of its figures pass `_is_quantity`: it sets the criteria
    of a status, or it goes on from no commitment and names nothing digital (a score among all its figures stands for a ranking), or
    the article is off topic and the sentence names neither the programme nor an online service."""
    if art.sets_criteria(sentence):
        return True  # the conditions of a status (`một thôn thông minh phải đáp ứng các tiêu chí: …`) are no goal of anyone's
    if _carried(art, sentence, out) is not None:
        return False
    programme = art.is_dx(sentence)
    if not (programme or art.serves_online(sentence) or art.names_public_thing(sentence)) and not art.on_topic:
        return True
    scored = _scored_or_placed(art, sentence, numbers)
    return not (programme or art.ranks(sentence) or scored or art.is_dx(sentence, "dx_thing") or art.serves_online(sentence)
                or art.names_by_head(sentence) or rule("dx_marker").search(art.doc.text, *sentence))


def _scored_or_placed(art: Context, sentence: Span, numbers: list[dict]) -> bool:
    """With an index named before it, the sentence holds a score, or is a ranking table's row with a
    place (`7 | Bắc Ninh` under a caption naming the index): it reports that index."""
    doc = art.doc
    return (any(n.get("unit") == "score" or n.get("unit") == "rank" and ranking_tables.table_start(doc.text, n["start"]) is not None
                for n in numbers) and art.index_before(sentence[0]) is not None)


def _ranks_figure_before(doc: Document, fig: Figure, prior: Figure | None, out: list[dict]) -> tuple[str, str] | None:
    """A position said right after a digital figure of its sentence, with nothing but a ranking verb
    of its own (`38.555 hồ sơ chứng thực điện tử, xếp thứ 01/63 tỉnh thành`), ranks what it measures."""
    if fig.number.get("unit") != "rank" or prior is None or not out or out[-1]["start"] != prior.number["start"]:
        return None
    # (past the country's mean it was compared with: `đạt 71,4%, cao hơn mức bình quân cả nước là 60,5%, đứng đầu …`)
    ranked = next((r for r in reversed(out) if not rule("average_named").search(r["indicator"])), out[-1])
    return ("", ranked["indicator"]) if rule("rank_verb_only").fullmatch(_words_before(doc, fig)) else None


def _bracketed_after(doc: Document, fig: Figure, prior: Figure | None) -> bool:
    """Is the figure in brackets right after a figure of its own (`Tỷ lệ số hóa hồ sơ 70,4% (xếp 25/63)`)?
    Its position then ranks what that figure measures, a part of the index the sentence reads,
    whatever the section's pillar."""
    return (prior is not None and not doc.text[prior.number["end"]:fig.pre[0]].strip()
            and doc.text[fig.pre[0]:fig.pre[1]].lstrip(" ,").startswith("("))


def _ranks_topic(doc: Document, fig: Figure, sentence: Span) -> tuple[str, str] | None:
    """A position in a sentence that opens on its digital topic (`Về chứng thực bản sao điện tử …,
    tỉnh lọt tốp 5`), or a group's that does the programme well, or one held in the programme or a
    digital thing told after it (`dẫn đầu về mức độ bảo đảm an toàn thông tin`), or held by the
    digital thing its own clause names (`Cổng dịch vụ công tỉnh được xếp thứ 7`), ranks that topic,
    when nothing else in sight is ranked."""
    if fig.number.get("unit") != "rank":
        return None
    well = rule("group_does_well").match(doc.text, fig.number["end"], sentence[1])
    if well and fig.number.get("comparator") == "<=":
        return ("", well["topic"])  # `thuộc nhóm 10 tỉnh thực hiện chuyển đổi số tốt nhất`: a place in how well it is done
    about = rule("ranked_about").match(doc.text, fig.number["end"], sentence[1])
    if about and (rule("dx_context").search(about["topic"]) or rule("dx_thing").search(about["topic"])):
        # the group and the topic (`7 tỉnh dẫn đầu về …`); a thing, not a use of one (`… đứng thứ 2 về lượt truy cập`)
        return ("", doc.text[fig.number["end"]:about.end("topic")].strip(" ,"))
    topic = rule("topic_frame").match(doc.text, sentence[0], fig.number["start"])
    if topic and rule("topic_opening").match(doc.text, topic.start(), topic.start("topic")) and measured.digital(topic["topic"]):
        return ("", topic["topic"].strip())
    verb = rule("thing_ranked").search(doc.text, fig.pre[0], fig.number["start"])
    end = min((e["start"] for e in doc.entities if e.get("label") == "PROVINCE" and fig.pre[0] <= e["start"] < fig.number["start"]),
              default=verb.end() if verb else 0)
    if verb and (thing := indicator.dx_phrase(doc, (fig.pre[0], min(end, verb.start())), "dx_thing")):
        # `Cổng dịch vụ công tỉnh … được xếp hạng thứ 7 toàn quốc`: the digital thing its clause ranks (less its place)
        return ("", rule("closing_place").sub("", thing).strip())
    if verb and (held := rule("programme_ranked").search(doc.text, fig.pre[0], end)) and not rule("rank_about").match(doc.text, fig.number["end"]):
        # `chuyển đổi số tỉnh X xếp thứ 48/63`, unless the place is said to rank something else (`… về tỷ lệ hộ nghèo`)
        return ("", held["programme"])
    return None


def _across_brackets(doc: Document, figs: list[Figure], phrases: list[indicator.Phrase]) -> list[indicator.Phrase]:
    """A count whose share is restated in brackets right after it measures what follows the bracket
    too (`294 doanh nghiệp nhỏ và vừa (tương ứng 65%) được tiếp cận, dùng thử các nền tảng …`)."""
    out = list(phrases)
    for i in range(len(figs) - 1):
        nxt = figs[i + 1]
        if (nxt.pre[0] == figs[i].post[1] and rule("restating_bracket").match(doc.text, nxt.pre[0])
                and phrases[i + 1].own and phrases[i + 1].own not in phrases[i].indicator):
            out[i] = indicator.Phrase(f"{phrases[i].indicator} {phrases[i + 1].own}", phrases[i].own)
    return out


def _carried(art: Context, sentence: Span, out: list[dict]) -> dict | None:
    """The last commitment, when it is of the sentence this one continues, or of the sentence right
    before one that points back to it (`… đưa tỷ lệ này lên 40%` opening a paragraph)."""
    prev = art.previous(sentence)
    if prev is None and rule("points_back").search(art.doc.text, *sentence):
        prev = art.before(sentence)
    return out[-1] if out and prev and prev[0] <= out[-1]["start"] < sentence[0] else None


@cache
def _subject() -> regex.Pattern:
    """`pre_subject` (a whole indicator that is only the place or a link) as whole words inside text."""
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{rule('pre_subject').pattern})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE)


_QUALIFIER = "⟨q⟩"  # where a qualifier stood in a figure's own words
_TOKEN = regex.compile(rf"{_QUALIFIER}|[\p{{L}}\p{{M}}]+")


def _elliptic(doc: Document, fig: Figure, before: dict) -> bool:
    """The figure goes on with the commitment of the sentence before: of its measure, with words that
    only narrow it (`Cấp huyện đạt 38%`: up to four words after a qualifier), point back or stand
    for its verb (`tỷ lệ này là 40%`, `… 712/725 trường thực hiện`), or repeat what it measures;
    what it counts after it is what was measured (not `… 45.000 hộ nghèo`)."""
    if not _same_measure(fig.number, before):
        return False
    measured_words = {w.casefold() for w in _WORD.findall(before["indicator"])}
    dates = [(e["start"], e["end"]) for e in (*doc.dates, *doc.entities) if e["type"] == "date" or e.get("label") == "PROVINCE"]

    def tokens(start: int, end: int) -> list[str]:
        text = indicator.blanked(doc.text, (start, end), dates)  # no dates, no places (the record's province says where)
        text = rule("ellipsis_qualifier").sub(f" {_QUALIFIER} ", text)
        for pattern in (rule("report_frame"), rule("pre_opener"), _subject(), rule("pro_form")):
            text = pattern.sub(" ", text)  # nor sources, cues, subjects, pointers
        return [t.casefold() for t in _TOKEN.findall(text)]

    after = tokens(fig.number["end"], fig.post[1])
    if any(t not in measured_words for t in after):
        return False
    narrowing = 0
    for token in tokens(fig.pre[0], fig.number["start"]):
        if token == _QUALIFIER:
            narrowing = 4
        elif token in measured_words or token in after:
            continue
        elif narrowing:
            narrowing -= 1
        else:
            return False
    return True


def _same_measure(n: dict, before: dict) -> bool:
    """Of one unit, or a share and a fraction (`100% trường …` then `712/725 trường`)."""
    units = {n.get("unit"), before["unit"]}
    return len(units) == 1 or units == {"percent", "count"} and (n.get("of") or before.get("of")) is not None


def _share_of_counted(doc: Document, n: dict, sentence: Span, before: dict) -> bool:
    """A share whose sentence opens on the thing the count before it counted (`… đã nhận 40.000 kiến
    nghị. Số kiến nghị đã được giải quyết chiếm 96,1%`): the part of that count, told in a sentence of its own."""
    if n.get("unit") != "percent" or before["unit"] != "count":
        return False
    m = rule("share_of_counted").match(doc.text, sentence[0], n["start"])
    return m is not None and f" {m['noun'].casefold()}" in f" {before['indicator'].casefold()}"


def _placed_value(doc: Document, fig: Figure, before: dict) -> bool:
    """Is the figure a province's value in brackets right after its name (`… như Lai Châu (21,3%)`),
    or a place's next in a list of such (`… như Phước Sơn (96,2%), Tây Giang (91,4%)`), of the unit
    of the commitment before it? It is that place's figure of the same measure."""
    if fig.number.get("unit") != before.get("unit"):
        return False
    opening = doc.text.rfind("(", fig.pre[0], fig.number["start"])
    if opening < 0 or doc.text[opening + 1:fig.number["start"]].strip():
        return False
    return (any(e.get("label") == "PROVINCE" and 0 <= opening - e["end"] <= 1 for e in doc.entities)
            or rule("listed_place_before").search(doc.text, max(0, opening - 60), opening + 1) is not None)


def _bare(phrase: indicator.Phrase) -> bool:
    """The figure has no words of its own, or only words that point back (`kết quả`) or name the
    tier of what the figure before measured (`…, còn khối địa phương chỉ đạt 33,8%`), or only move it
    to a new level (`… và tăng lên 50% tới năm 2045`)."""
    own = phrase.own.strip()
    return (not own or rule("anaphor").match(own) is not None
            or any(rule(r).fullmatch(own) is not None for r in ("sub_level", "new_level_only")))
