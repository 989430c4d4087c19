"""When a figure is due or true: its kind (target or result) and its deadline or as-of date, read
off the cues and dates of its stretch, its sentence and the sentence it continues."""
from __future__ import annotations

import regex

from ..document import Document
from ..furniture import TABLE_LINES, ends_sentence, is_table_row
from ..rules import load
from ..schema import POSITION_UNITS
from ..text import Span, aside_opened, line_at, lines_above
from .clauses import Figure
from .commitment_context import (Context, Frame, counted_by, cues_in, date_value, numeral_start, other_aside,
                                 period_ahead, published_after, published_before, reports_progress, rule)

_LIST_ITEMS = 3  # items (`;`-separated) that make a paragraph a list going on from the goal list before it


def kind_of(art: Context, fig: Figure, sentence: Span) -> str:
    """Progress against a plan (`75% kế hoạch`, `42/48 nhiệm vụ hoàn thành`) and a share in brackets
    after its item (`(đạt 83%)`) are results, the value a goal
    names (`mục tiêu 50%`) a target; otherwise the cue nearest the figure in its stretch, else in its
    sentence, else the frame it continues."""
    doc, pos = art.doc, fig.number["start"]
    head = column_head(doc.text, pos)  # `STT | Chỉ tiêu | Kế hoạch | Thực hiện` over `1 | Tỷ lệ … | 40% | 46,2%`
    if head and rule("target_column").search(doc.text, *head):
        return "target"  # the column says
    if head and rule("actual_column").search(doc.text, *head):
        return "actual"
    if (rule("plan_share").match(doc.text, fig.number["end"]) and not rule("target_cue").search(doc.text, fig.pre[0], pos)
            or _progress(art, fig)):
        return "actual"  # (not a goal to meet the plan whole: `xã phấn đấu năm nay hoàn thành 100% chỉ tiêu …`)
    if rule("goals_listed_before").search(doc.text, sentence[0], pos):
        return "target"  # `đề ra 8 chỉ tiêu chính: 30.000 đoàn viên …`: the list's items are goals
    if rule("bracketed_result").search(doc.text, max(sentence[0], pos - 20), pos):
        return "actual"  # `… Tách hộ trực tuyến (đạt 83%)`: the share an item reached, told beside it
    if _minimum(doc, fig.number, sentence) or fig.coordinated and _minimum(doc, _prior(doc, fig), sentence):
        return "target"  # `tỷ lệ … đạt tối thiểu 45% ở cấp huyện và 35% ở cấp xã`: bars set, not levels reached
    if (fig.number.get("unit") == "rank" and rule("climbed_to").search(doc.text, max(sentence[0], pos - 40), pos)
            and not rule("target_cue").search(doc.text, fig.pre[0], pos)):
        return "actual"  # `đến năm 2022, tỉnh vượt 30 bậc lên vị trí 28/63`: a climb told, with no goal word, happened
    if rule("issuers_after").match(doc.text, fig.number["end"]):
        return "actual"  # `100% các sở đều ban hành kế hoạch …`: how many issued a plan
    if rule("support_level").search(doc.text, max(sentence[0], pos - 40), pos) and rule("cost_after").match(doc.text, fig.number["end"]):
        return "target"  # `được hỗ trợ tối đa 50% chi phí thuê nền tảng số`: a policy's terms, not a level reached
    if names_goal_value(doc, fig):
        return "target"  # `chưa đạt mục tiêu 50%`: the value the goal names
    cues = [c for c in cues_in(doc, *sentence, purpose=True) if not _others_aside(doc, c[0], fig)
            and not _purpose_closed(doc, c[0], pos, sentence)]
    if _goal_list_goes_on(art, sentence):
        cues = [c for c in cues if c[1] != "actual"]  # (`…; 60% các hệ thống … đã được đưa vào vận hành …`)
    if rule("people_share").match(doc.text, fig.number["end"]):
        cues = [c for c in cues if c[0] < pos]  # `67% người mua sắm … sẽ tiếp tục`: what they intend is observed
    survey = rule("survey").search(doc.text, (art.previous(sentence) or sentence)[0], sentence[1]) is not None
    if survey:
        cues = [c for c in cues if not rule("intention").match(doc.text, c[0])]  # respondents' plans are answers
    goal_after = any(k == "target" and c >= fig.post[1] for c, k in cues)
    said = {k for _, k in cues}  # every kind the sentence itself tells, wherever it tells it
    dated = {d["start"] for d in doc.dates}
    cues = [c for c in cues if c[0] < pos  # a date after it times it, unless past a `;` (`… 11,5% GRDP; mục tiêu đến năm 2025 là 20%`)
            or c[0] in dated and ";" not in doc.text[fig.number["end"]:c[0]]
            or not rule("next_predicate").search(doc.text, fig.number["end"], c[0])]
    own = [c for c in cues if fig.pre[0] <= c[0] < fig.post[1]]
    if fig.number.get("unit") in POSITION_UNITS and not rule("target_cue").search(doc.text, sentence[0], fig.post[1]):
        # a place or an index's score with no goal word in its sentence is one held: `đến ngày 22/01, tỉnh
        # đạt 83,47 điểm` reports the week's standing, its date no deadline
        own = [c for c in own if c[0] not in dated]
        cues = [c for c in cues if c[0] not in dated]
    if own:
        return min(own, key=lambda c: abs(c[0] - pos))[1]
    paired = _respective_year(art, fig, sentence)  # `năm 2021, 2022, 2023 … lần lượt …`: the figure's own year
    if paired and doc.published is not None and not doc.published_inferred and int(paired) != doc.published.year:
        return "actual" if int(paired) < doc.published.year else "target"
    stretch_dates = art.dates(fig.pre[0], fig.post[1])
    if any(published_before(date_value(d), doc) for d in stretch_dates) or _dated_aside(art, fig, sentence):
        return "actual"  # `Năm 2023, tỷ lệ … đạt 45%, phấn đấu năm 2025 đạt 80%`: its own year is past
    if any(_ahead(d, doc) for d in stretch_dates):
        return "target"  # `Giai đoạn 2026-2030, tỉnh dành 1.200 tỷ đồng …` told in January 2026: a plan
    before = [c for c in cues if c[0] < fig.pre[0]]
    if before:
        return before[-1][1]
    if goal_after and (_set_against_later(art, fig, sentence)
                       or rule("goal_contrast").match(doc.text, fig.number["end"], sentence[1])):
        return "actual"  # (`… đạt 36,2%, trong khi mục tiêu cuối năm là 80%`: the level set against the goal after it)
    after = [c for c in cues if c[0] >= fig.post[1]]
    if after:
        return after[0][1]
    if any(rule("plan_share").match(doc.text, n["end"]) for n in doc.numbers if sentence[0] <= n["start"] < sentence[1]):
        return "actual"  # `Nổi bật, tỷ lệ … đạt 85%, tăng 7% và hoàn thành 90% kế hoạch`: progress reported
    if said == {"actual"}:
        return "actual"  # `Bình quân cả nước … đạt 51,2%, trong khi tỉnh mới đạt 38,6%`: a report, not the goal before it going on
    if any(period_ahead(d, doc) for d in art.dates(sentence[0], pos)):
        return "target"  # `6 tháng cuối năm, tỉnh tập trung nâng tỷ lệ … lên 60%` told in July: what the months ahead are for
    sentence_dates = art.dates(*sentence)
    sentence_ahead = any(_ahead(d, doc) for d in sentence_dates)
    if any(published_before(date_value(d), doc) for d in art.dates(sentence[0], fig.pre[0])) and not sentence_ahead:
        return "actual"  # `doanh thu bán lẻ trực tuyến năm 2024 đạt 20 tỷ USD, chiếm 9% …`: its sentence's own past, not the frame before
    if (fig.number.get("unit") in POSITION_UNITS and doc.published is not None and sentence_dates and not sentence_ahead
            and not rule("target_cue").search(doc.text, *sentence)):
        return "actual"  # `Năm 2023, chỉ số TMĐT của tỉnh đạt 13,6 điểm` after a sentence on raising the rank: a place held that year
    prev = art.previous(sentence)
    inherited = art.frame(prev) if prev and not survey else None
    frame = inherited if inherited and inherited.kind else None if survey else art.running_frame(sentence)
    if frame is None or frame.kind is None:
        return "actual"
    if frame.kind == "target" and fig.number.get("unit") in POSITION_UNITS and (
            art.in_headline(sentence) or frame is not inherited and fig.number.get("comparator") == "="
            and not art.in_list(sentence)):
        # a headline's place with no goal word (`Việt Nam đứng thứ 6 ASEAN về …`) is one held, and so is
        # an exact place in a plan's article that no goal sentence or list runs on to (`Tỉnh xếp thứ 4 …`)
        return "actual"
    return "actual" if frame.kind == "target" and _before_horizon(art, fig, sentence, frame) else frame.kind


def _goal_list_goes_on(art: Context, sentence: Span) -> bool:
    """Is the sentence a list of items (`;`) with no cue before its first figure, right after a goal
    list that is one too (a photo's caption between them: `Phấn đấu đến năm 2025, 100% …; 90% …` /
    `Ảnh minh họa` / `Tỷ lệ … đạt tối thiểu 45%; 65% cơ sở dữ liệu … đã được đồng bộ …`)?
    It goes on with the goals: a `đã` that qualifies an item's noun is no report of its own."""
    doc = art.doc
    if doc.text.count(";", *sentence) < _LIST_ITEMS - 1:
        return False
    prev = art.told_before(sentence)
    if prev is None or doc.text.count(";", *prev) < _LIST_ITEMS - 1:
        return False
    first = min((n["start"] for n in doc.numbers if sentence[0] <= n["start"] < sentence[1]), default=sentence[1])
    return art.frame(prev).kind == "target" and not cues_in(doc, sentence[0], first)


def _others_aside(doc: Document, pos: int, fig: Figure) -> bool:
    """Is `pos` in an aside that holds a figure of its own? Its cue tells that figure's kind (`Tốc độ
    … đạt 60 Mbps (hiện nay mới đạt 31,5 Mbps); 100% thôn …` under a plan), while one that only
    glosses the figure (`100% xã … (hiện tại không còn vùng lõm sóng)`) tells its."""
    aside = other_aside(doc, pos, fig.number["start"])
    return aside is not None and any(aside[0] < n["start"] < aside[1] for n in doc.numbers)


def _before_horizon(art: Context, fig: Figure, sentence: Span, plan: Frame) -> bool:
    """In a plan's article with no publication date, a figure its own words date before the plan's
    horizon (`…, tỷ trọng kinh tế số năm 2023 là 21,5%` under goals for 2025) is the baseline the
    plan starts from, not a goal; a list's items keyed by year (`- Năm 2024: 210 thôn`) stay goals."""
    if art.doc.published is not None or rule("goals_announced").match(art.doc.text, sentence[0], fig.number["start"]):
        return False  # (a sentence that announces the goals: `Mục tiêu cụ thể: … năm 2025 đạt 15%`)
    lead = min(len(art.doc.text), load("commitments").data["plan_lead"])  # else the years the lead names
    horizon = _years([plan.date] if plan.date else art.dates(0, lead))
    own = _years(art.dates(fig.pre[0], fig.post[1]))
    return (bool(horizon and own) and max(own) < max(horizon)
            and not art.in_list(sentence) and not rule("year_key").search(art.doc.text, fig.pre[0], fig.number["start"]))


_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _purpose_closed(doc: Document, cue: int, pos: int, sentence: Span) -> bool:
    """Is the cue a purpose clause that opens the sentence and ends before the figure, at the comma
    its main clause's subject follows (`Để giữ gìn an ninh …, Công an huyện vừa lắp 85
    camera`: why it was done, not what is still to do)?"""
    return (cue - sentence[0] <= 3 and rule("purpose_cue").match(doc.text, cue) is not None
            and rule("main_clause_after_purpose").search(doc.text, cue, pos) is not None)


def _minimum(doc: Document, n: dict | None, sentence: Span) -> bool:
    """Is the figure a minimum (`tối thiểu 40%`), told in its words or its own text?"""
    return n is not None and rule("minimum_bar").search(doc.text, max(sentence[0], n["start"] - 20), numeral_start(n)) is not None


def _prior(doc: Document, fig: Figure) -> dict | None:
    """The number before the figure in its chunk, the item a coordinated one goes on from."""
    return max((n for n in doc.numbers if fig.chunk[0] <= n["start"] < fig.number["start"]), key=lambda n: n["start"], default=None)


def column_head(text: str, pos: int) -> Span | None:
    """The header cell over the flattened table cell at `pos` (cells between `|`; the reader has
    turned tabs into spaces): the same column of the first row of its table."""
    start = text.rfind("\n", 0, pos) + 1
    sep = "|"
    if sep not in text[start:text.find("\n", pos) % (len(text) + 1)]:
        return None
    column = text.count(sep, start, pos)
    top = start
    while top > 0:  # up to the first row of the table
        above = text.rfind("\n", 0, top - 1) + 1
        if sep not in text[above:top - 1]:
            break
        top = above
    if top == start:
        return None  # the first row is the header itself
    row_end = text.find("\n", top)
    bounds = [top - 1, *(i for i in range(top, row_end) if text[i] == sep), row_end]
    return (bounds[column] + 1, bounds[column + 1]) if column + 1 < len(bounds) else None


_CELL = regex.compile(r"(?<![\d.,])\d[\d.,]*")


def table_year(text: str, pos: int) -> str | None:
    """The year of a statistics table's cell at `pos`: its row's (`2023 71,20 80,15 60,32`) or its
    column's, the head line above the rows (and the labels between them) naming one year per cell
    (`2016 2017 … Sơ bộ 2020`)."""
    start, end = line_at(text, pos)
    if not is_table_row(text[start:end]):
        return None
    cells = list(_CELL.finditer(text, start, end))
    column = next((i for i, m in enumerate(cells) if m.start() == pos), None)
    if column is None:
        return None
    if column > 0 and _YEAR.fullmatch(cells[0].group()) and not _YEAR.search(text, cells[1].start(), end):
        return cells[0].group()  # the row is a year's
    for start, end in lines_above(text, start, TABLE_LINES):
        years = _YEAR.findall(text, start, end)
        if is_table_row(text[start:end]) or not years and not ends_sentence(text[start:end].rstrip()):
            continue  # another row, or a label between rows (`Phân theo thành thị, nông thôn`)
        return years[column] if len(years) == len(cells) else None
    return None


def names_goal_value(doc: Document, fig: Figure) -> bool:
    """The figure is the value a goal names (`chưa đạt mục tiêu 50%`, `so với chỉ tiêu 60%`), not
    of a goal completed (`hoàn thành chỉ tiêu 100% hộ …`: the result)."""
    pos = fig.number["start"]
    goal = rule("goal_value_before").search(doc.text, max(0, pos - 40), pos)
    return goal is not None and rule("goal_met_before").search(doc.text, max(0, goal.start() - 40), goal.start()) is None


def _years(dates: list[dict]) -> list[int]:
    return [int(v[:4]) for v in map(date_value, dates) if v and v[:4].isdigit()]


def _ahead(d: dict, doc: Document) -> bool:
    """Does a date in the figure's own stretch lie ahead of a stated publication date: a later year,
    or a period that runs into later years from the year of publication?"""
    if doc.published is None or doc.published_inferred or not str(d.get("value", ""))[:4].isdigit():
        return False
    start, end = int(d["value"][:4]), int(date_value(d)[:4])
    if start == doc.published.year and end == start + 1 and rule("school_year").search(doc.text, max(0, d["start"] - 12), d["start"]):
        return False  # `năm học 2017-2018` told in June 2017: the school year about to start, its admissions under way
    return start > doc.published.year or (start == doc.published.year and end > start)


def _dated_aside(art: Context, fig: Figure, sentence: Span) -> bool:
    """`… phấn đấu đạt 50% (năm 2024 đạt 38%)`: a figure in brackets dated earlier than the
    sentence's own date is the baseline the goal is set against, a result."""
    text, pos = art.doc.text, fig.number["start"]
    opened = aside_opened(text, sentence[0], pos)
    closed = text.find(")", fig.number["end"], sentence[1])
    if opened < 0 or closed < 0:
        return False
    inside = _years(art.dates(opened, closed))
    outside = _years([d for d in art.dates(*sentence) if not opened <= d["start"] < closed])
    return bool(inside and outside) and max(inside) < max(outside)


def _set_against_later(art: Context, fig: Figure, sentence: Span) -> bool:
    """`Năm 2024, tỷ lệ … đạt 55%; năm 2025 phấn đấu đạt 75%`: a figure dated in its own stretch no
    later than the publication's year, with a later date after it (and a goal), is that year's result."""
    published = art.doc.published
    years = _years(art.dates(fig.pre[0], fig.post[1]))
    if published is None or not years or max(years) > published.year:
        return False
    return any(y > max(years) for y in _years(art.dates(fig.post[1], sentence[1])))


def _progress(art: Context, fig: Figure) -> bool:
    """`15/16 mục tiêu theo kế hoạch … hoàn thành 100%`: the figure reports parts of a plan done."""
    return any(n.get("unit") == "count" and reports_progress(art.doc.text, n)
               for n in art.doc.numbers if fig.chunk[0] <= n["start"] <= fig.number["start"])


def _respective_year(art: Context, fig: Figure, sentence: Span) -> str | None:
    """`… các năm 2022, 2023 và 2024 lần lượt đạt 35%, 48% và 61%`, `giai đoạn 2021 - 2023 lần lượt
    là …`: years listed (or a span of whole years) right before `lần lượt` / `tương ứng` pair off in
    order with as many figures of one unit after it; each figure is its own year's. Read once per
    figure: both its kind and its date ask."""
    key = ("respective_year", fig.number["start"])
    if key not in art.memo:
        art.memo[key] = _pair_years(art, fig, sentence)
    return art.memo[key]


def _pair_years(art: Context, fig: Figure, sentence: Span) -> str | None:
    text, pos, unit = art.doc.text, fig.number["start"], fig.number.get("unit")
    marker = None
    for marker in rule("respectively").finditer(text, sentence[0], pos):
        pass
    if marker is None:
        return None
    figures = [n for n in art.doc.numbers if sentence[0] <= n["start"] < marker.start()]
    floor = figures[-1]["end"] if figures else sentence[0]  # the years come after any figure of their own
    years: list[int] = []
    for d in art.doc.dates:
        if floor <= d["start"] < marker.start():
            if d.get("precision") != "year" or not str(d.get("value", "")).isdigit():
                return None
            first = int(d["value"])
            years.extend(range(first, int(d.get("end_value") or first) + 1))
    paired = [n["start"] for n in art.doc.numbers
              if marker.end() <= n["start"] < sentence[1] and n.get("unit") == unit]
    if len(years) < 2 or len(paired) != len(years) or pos not in paired:
        return None
    return str(years[paired.index(pos)])


def _past_own_bracket(doc: Document, fig: Figure, d: dict) -> bool:
    """Is the date past the close of the brackets the figure stands in (`mức giao cho năm 2025 … (ít
    nhất 70%), cũng như mức giao cho năm 2030 …`)? A bracketed value is dated inside its
    brackets or by what it glosses before them, not by the clause after."""
    text, pos = doc.text, fig.number["start"]
    if aside_opened(text, text.rfind("\n", 0, pos) + 1, pos) < 0:
        return False
    closed = text.find(")", fig.number["end"])
    return 0 <= closed < d["start"]


def _purpose_ahead(doc: Document, fig: Figure, d: dict) -> bool:
    """Is the date in a purpose clause the figure's sentence goes on to that names a goal of its own
    (`Bắt đầu từ 15/7, thành phố chỉ nhận hồ sơ qua mạng (100%), nhằm tiến tới mục tiêu năm 2030 …`)?
    It dates the goal the step serves, not the step."""
    end = fig.number["end"]
    return d["start"] > end and any(rule("goal_named").search(doc.text, m.end(), d["start"])  # (not `… 354 thủ tục
                                     for m in rule("purpose_cue").finditer(doc.text, end, d["start"]))  # để các bộ thực hiện trong năm 2017`: its own)


def _aside(doc: Document, fig: Figure, d: dict) -> bool:
    """Is the date inside brackets that hold a figure of their own, not this one (`90% hồ sơ cấp tỉnh
    (năm 2030 đạt 100%), 80% …`)? It dates the bracket's figure, a later step, not the figures around
    it; a bracket holding only a date (`thứ 36 (năm 2022)`) dates the figure before it."""
    text = doc.text
    opened = aside_opened(text, text.rfind("\n", 0, d["start"]) + 1, d["start"])
    if opened < 0:
        return False
    closed = text.find(")", d["end"])
    closed = len(text) if closed < 0 else closed
    if opened < fig.number["start"] < closed:
        return False
    return any(opened < n["start"] < closed for n in doc.numbers)


def date_of(art: Context, fig: Figure, sentence: Span, kind: str) -> str | None:
    """Deadline of a target or date of a result: nearest in the figure's stretch, else the last in
    its sentence before it, else the first after it in its chunk before any other figure (`354
    thủ tục …, 4 để các bộ thực hiện trong năm 2017`), else the date of the sentence it continues
    (same kind only)."""
    pos = fig.number["start"]

    def fits(found: list[dict]) -> list[dict]:
        """A result is never dated by a deadline (`đã có 1.200 …, phấn đấu đến năm 2025 đạt 2.000`),
        nor any figure by a later step in brackets of its own (`_aside`), nor by where a plan only
        points when it names its goals' date too (`đến năm 2025, định hướng đến năm 2030, có 100% …`)."""
        found = [d for d in found if (kind == "target" or d.get("relation") != "by" or counted_by(d, art.doc))
                 and not _aside(art.doc, fig, d) and not _purpose_ahead(art.doc, fig, d)
                 and not _past_own_bracket(art.doc, fig, d)]
        return [d for d in found if not art.vision(d)] or found

    listed = _respective_year(art, fig, sentence)
    if listed:
        return listed
    own = fits(art.dates(fig.pre[0], fig.post[1]))
    if own:
        return date_value(min(own, key=lambda d: abs(d["start"] - pos)))
    head = column_head(art.doc.text, pos)
    if head:  # a table's cell: its column's date (`Kế hoạch 2025`), else the one its lead gives
        row = art.doc.text.rfind("\n", 0, head[0]) + 1  # the header row, and the line before it
        lead = art.doc.text.rfind("\n", 0, max(row - 1, 0)) + 1
        dated = fits(art.dates(*head))
        year = _YEAR.search(art.doc.text, *head)  # a column headed `Mục tiêu 2025`
        if not dated and year:
            return year.group()
        dated = dated or fits(art.dates(lead, row))
        if dated:
            return date_value(dated[-1])
    if (year := table_year(art.doc.text, pos)) is not None:
        return year
    before = fits(art.dates(sentence[0], fig.pre[0]))
    if before:
        return date_value(before[-1])
    following = [n["start"] for n in art.doc.numbers if fig.post[1] <= n["start"] < fig.chunk[1]]
    after = fits(art.dates(fig.post[1], min(following, default=fig.chunk[1])))
    if after:
        return date_value(after[0])
    prev = art.previous(sentence)
    if prev:
        frame = art.frame(prev)
        if frame.date and (frame.kind == kind or frame.kind is None and kind == "actual"
                           and published_before(date_value(frame.date), art.doc) and not cues_in(art.doc, *sentence)):
            # (`Năm 2020, tỷ lệ … là 83,7%. Trong đó, …`: a past year told with no cue, and none here: `đến nay` is now)
            return date_value(frame.date)
    if kind == "target":  # `Từ 03/9/2025, Hà Nội sẽ tiếp nhận 100% …`: what starts then is due then
        starts = [d for d in art.doc.dates if sentence[0] <= d["start"] < sentence[1] and d.get("relation") == "from"
                  and not published_before(date_value(d), art.doc)]
        if starts:
            return date_value(starts[0])
    running = art.running_frame(sentence) if kind == "target" else None
    if running and running.date:
        return date_value(running.date)
    return _plan_year(art.doc, pos) if kind == "target" else None


def index_year(doc: Document, pos: int) -> str | None:
    """The year of the index edition named last before a score or place with no date of its own
    (`bảng chấm điểm mức độ chuyển đổi số năm 2024 …`, then `… chỉ được 310,5/500 điểm`): an index
    measures a year and is announced in the next, so its figures are that year's, not the page's."""
    editions = doc.derived("index_editions", ("text",), lambda: [(m.end(), m["year"]) for m in rule("index_of_year").finditer(doc.text)])
    year = next((year for end, year in reversed(editions) if end <= pos), None)
    return year if year is not None and not published_after(year, doc) else None


def _plan_year(doc: Document, pos: int) -> str | None:
    """The year of the plan a goal with no date of its own belongs to: the last plan of a year
    named before it (`Kế hoạch chuyển đổi số năm 2024`, `chỉ tiêu năm 2022`; the article read once)."""
    plans = doc.derived("plans_of_year", ("text",), lambda: [(m.end(), m["year"]) for m in rule("plan_of_year").finditer(doc.text)])
    return next((year for end, year in reversed(plans) if end <= pos), None)
