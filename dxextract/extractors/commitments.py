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
- whether it measures a digital thing at all: measured.py; rankings and index values: rankings.py.
Only candidate sentences are ever tagged, so the stage costs little on articles without targets.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from ..document import Document
from ..provinces import province_2025
from ..rules import compile as compile_rule, load
from ..text import Span
from . import clauses, entities, indicator, measured, rankings
from .clauses import Figure

_PARAGRAPH_GOES_ON = regex.compile(r"[;:,]\s*$")  # a list runs on into the next paragraph
_DIGIT = regex.compile(r"\d")
_ASIDE_OPEN = regex.compile(r"\([^()]*$")  # an aside opened and not closed before a position
_LIST_ITEM = regex.compile(r"\n\s*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ][.)])\s")  # a paragraph that is a list item


def _rule(name: str) -> regex.Pattern:
    return load("commitments").rules[name].regex


@lru_cache(maxsize=2)
def _cue(purpose: bool) -> regex.Pattern:
    """Actual and target cues in one pattern, so overlapping cues (`vượt chỉ tiêu`) read as one;
    with `purpose`, purpose clauses (`Để triển khai …`) are target cues too."""
    rules = load("commitments").rules
    target = rules["target_cue"].source + (f"|{rules['purpose_cue'].source}" if purpose else "")
    return compile_rule(f"(?P<actual>{rules['actual_cue'].source})|(?P<target>{target})", regex.IGNORECASE)


@dataclass(frozen=True)
class Frame:
    """What a sentence says about the figures in it and in the sentences that continue it."""

    kind: str | None
    date: dict | None
    basis: str | None
    cued: bool = False  # the kind comes from the sentence's own cue, not from the one before


def _date_value(d: dict) -> str | None:
    return d.get("end_value") or d.get("value")


def _before(value: str | None, doc: Document) -> bool:
    """Does a date, at the precision it is written (`2016`, `2016-12`, `2016-Q4`, `2016-12-31`), end
    before publication? `đến hết 31-12-2016` in a report of 2017 tells a result. A publication date
    inferred from the text's own latest date is only trusted for its year."""
    published = doc.published
    if not value or published is None:
        return False
    parts = value.split("-")
    year = int(parts[0]) if parts[0].isdigit() else None
    if year is None or year != published.year or len(parts) == 1 or doc.published_inferred:
        return year is not None and year < published.year
    if parts[1].startswith("Q"):
        return int(parts[1][1:]) * 3 < published.month
    month = int(parts[1])
    if len(parts) == 2:
        return month < published.month
    return (month, int(parts[2])) < (published.month, published.day)


class _Article:
    """Per-document lookups, computed once and only for documents with candidate figures."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._frames: dict[Span, Frame] = {}
        self._said: dict[tuple[str, Span], bool] = {}

    @cached_property
    def starts(self) -> list[int]:
        return [s for s, _ in self.doc.sentences]

    def previous(self, sentence: Span) -> Span | None:
        """The sentence this one continues: the one before it in its paragraph, or the end of the
        paragraph before when that ends on `;`, `:` or `,` or this paragraph is a list item."""
        i = bisect.bisect_left(self.starts, sentence[0]) - 1
        if i < 0:
            return None
        prev = self.doc.sentences[i]
        text = self.doc.text
        between = text[prev[1]:sentence[0] + 4]
        if "\n" not in between[:-4] or _PARAGRAPH_GOES_ON.search(text, prev[0], prev[1]) or _LIST_ITEM.match(between):
            return prev
        return None

    def is_dx(self, sentence: Span, vocabulary: str = "dx_context") -> bool:
        """The programme's vocabulary (or, with `dx_thing`, a digital thing's) in the sentence or
        the one it continues (`… đã áp dụng sổ điểm điện tử. Cụ thể, đã có 808/860 đơn vị`)."""
        if self._says(vocabulary, sentence):
            return True
        prev = self.previous(sentence)
        while prev is not None and self.in_list(sentence):  # a list item reads its list's lead
            if self._says(vocabulary, prev):
                return True
            sentence, prev = prev, self.previous(prev)
        return prev is not None and self._says(vocabulary, prev)

    def list_lead(self, sentence: Span) -> Span | None:
        """The sentence that announces the list a list item belongs to, if it is one."""
        lead = None
        while sentence is not None and self.in_list(sentence):
            lead = sentence = self.previous(sentence)
        return lead

    def in_list(self, sentence: Span) -> bool:
        """The sentence opens a list item (`- Năm 2026: 210 thôn`, `a) 80% dịch vụ …`)."""
        start = self.doc.text.rfind("\n", 0, sentence[0] + 1)
        return start >= 0 and _LIST_ITEM.match(self.doc.text, start, sentence[0] + 4) is not None

    def _says(self, vocabulary: str, sentence: Span) -> bool:
        """The vocabulary in the sentence itself (asked again of the sentence after it: cached)."""
        key = (vocabulary, sentence)
        if key not in self._said:
            self._said[key] = _rule(vocabulary).search(self.doc.text, *sentence) is not None
        return self._said[key]

    @cached_property
    def plan_decision(self) -> str | None:
        """The cited document that issues the article's plan (`quyết định số 3330/QĐ-UBND ban hành
        Kế hoạch …`, or a numbered `Kế hoạch` itself)."""
        for r in self.doc.legal_refs:
            if r.get("doc_type") == "Kế hoạch" or _rule("plan_issued").match(self.doc.text, r["end"]):
                return r.get("ref")
        return None

    @cached_property
    def _indices(self) -> list[tuple[int, str]]:
        return [(m.start(), m.group()) for m in _rule("index").finditer(self.doc.text)]

    def index_before(self, offset: int) -> str | None:
        """The last index named before `offset` in its paragraph or the one before, else in the
        title, else anywhere before it (a ranking article names its index once, up top)."""
        text = self.doc.text
        floor = text.rfind("\n", 0, max(0, text.rfind("\n", 0, offset)))
        before = [name for pos, name in self._indices if floor < pos < offset]
        if before:
            return before[-1]
        title_end = text.find("\n")
        titled = next((name for pos, name in self._indices if pos < title_end), None)
        return titled or next((name for pos, name in reversed(self._indices) if pos < offset), None)

    @cached_property
    def on_topic(self) -> bool:
        """Is the article about digital transformation at all? Its title names the programme, or
        its text names the programme twice or a digital index once, or it names digital things many
        times and the programme once or a digital thing in its title. A crime story that mentions
        smartphones, or a rate cut that mentions `thanh toán điện tử liên ngân hàng` once, states
        no digital figure."""
        text, data = self.doc.text, load("commitments").data["on_topic"]
        if "\n" not in text.strip():
            return True  # one paragraph (a sentence, a claim): its sentences speak for themselves
        title = (0, text.find("\n"))
        if _rule("dx_context").search(text, *title) or self._indices:
            return True
        programme = _count(_rule("dx_context"), text, data["programme"])
        if programme >= data["programme"]:
            return True
        if _rule("crime_title").search(text, *title):
            return False  # `Giảng viên bán hàng online thu 2 tỷ, giám đốc đa cấp lừa đảo`: a crime story
        led = programme > 0 or _rule("dx_thing").search(text, *title) is not None  # `So kè thị phần Internet cáp quang`
        return led and _count(_rule("dx_thing"), text, data["things"]) >= data["things"]

    def ranks(self, sentence: Span) -> bool:
        """The sentence reports an index: it names one (`PAR Index`), or it ranks (`đứng đầu bảng
        xếp hạng với 92,68%`) with an index named before it in its paragraph, the one before or the title."""
        if any(sentence[0] <= pos < sentence[1] for pos, _ in self._indices):
            return True
        return _rule("ranking_cue").search(self.doc.text, *sentence) is not None and self.index_before(sentence[0]) is not None

    @cached_property
    def headings(self) -> list[tuple[int, str]]:
        terms = {k.casefold(): v for k, v in load("commitments").data["pillar_terms"].items()}
        return [(m.start(), terms[m.group("p").casefold()]) for m in _rule("pillar_heading").finditer(self.doc.text)]

    def heading(self, offset: int) -> str | None:
        """The pillar of the last section heading before `offset`."""
        before = [p for pos, p in self.headings if pos < offset]
        return before[-1] if before else None

    def dates(self, start: int, end: int) -> list[dict]:
        """Dates in text[start:end] that can time a figure: not a cited document's date, not `từ …`."""
        return [d for d in self.doc.dates
                if start <= d["start"] < end and d.get("relation") != "from" and not self._dates_a_ref(d)
                and not _rule("base_date").search(self.doc.text, max(0, d["start"] - 20), d["start"])]

    def _dates_a_ref(self, d: dict) -> bool:
        """The date is a cited document's own: inside it or right after it (`Nghị quyết
        37/NQ-HĐND ngày 9/12/2020`), not a deadline that follows it (`Quyết định 942, đến năm 2025`)."""
        if d.get("relation") in ("by", "during"):
            return False
        text = self.doc.text
        return any(r["start"] <= d["start"] < r["end"] or text[r["end"]:d["start"]].strip(" ,(").casefold() in ("", "ngày")
                   for r in self.doc.legal_refs if r["start"] <= d["start"])

    def basis(self, start: int, end: int) -> str | None:
        """A document cited in text[start:end], or the plan decision when it says `Theo kế hoạch`."""
        cited = [r for r in self.doc.legal_refs if start <= r["start"] < end and r.get("ref")]
        if cited:
            return cited[-1]["ref"]
        return self.plan_decision if _rule("plan_cue").search(self.doc.text, start, end) else None

    def frame(self, sentence: Span) -> Frame:
        """The sentence's own kind, date and basis, each falling back to the sentence it continues
        (computed forward along the chain of continued sentences, so long chains cannot recurse)."""
        chain: list[Span] = []
        cur: Span | None = sentence
        while cur is not None and cur not in self._frames:
            chain.append(cur)
            cur = self.previous(cur)
        inherited = self._frames[cur] if cur is not None else Frame(None, None, None)
        for s in reversed(chain):
            inherited = self._frames[s] = self._own_frame(s, inherited)
        return self._frames[sentence]

    def _own_frame(self, sentence: Span, inherited: Frame) -> Frame:
        cues = _cues(self.doc, *sentence)
        # A kind carries one sentence on (`Phấn đấu đến năm 2025, …. Tỉ lệ … là trên 50%.`), not
        # down a whole paragraph of survey findings after one `sẽ`; but down every item of a list.
        kind = cues[-1][1] if cues else (inherited.kind if inherited.cued or self.in_list(sentence) else None)
        dates = self.dates(*sentence)
        date = dates[-1] if dates else (inherited.date if kind == inherited.kind else None)
        return Frame(kind, date, self.basis(*sentence) or inherited.basis, bool(cues))


def _is_quantity(doc: Document, n: dict, sentence: Span) -> bool:
    """A measured figure, not a plan's structure, a label, the size of a noun, a repeat, a price
    per unit, the baseline of a change, the head count of an event or the terms of a ratio."""
    text = doc.text
    before = text[max(0, n["start"] - 30):n["start"]]
    after = text[n["end"]:n["end"] + 30]
    if _rule("qualifier_before").search(before) or _rule("qualifier_after").match(after):
        return False
    if n.get("unit") in load("commitments").data["money_units"] and _rule("per_unit").match(after):
        return False
    numeral = _DIGIT.search(text, n["start"], n["end"])  # `thấp hơn 12,5%`: the gap words lead the span
    lead = numeral.start() if numeral else n["start"]
    if _is_baseline(doc, n) or (n.get("unit") != "rank"  # a position is never a gap or a share
                                and any(_rule(r).search(text, sentence[0], lead) for r in ("gap_before", "market_share"))):
        return False
    if n.get("unit") == "rank":
        return not _rule("event_before").search(text, sentence[0], n["start"])
    if n.get("unit") != "count":
        return True
    if n.get("value", 0) < 10 and not _DIGIT.search(n["text"]):
        return False  # `hai đơn vị`, `ba nhóm`, `một giao dịch`: official figures are written in digits
    if n.get("value", 0) < 10 and n.get("of") is None and not _rule("small_count").match(after):
        return False  # `2 SIM`, `3 camera`, `4 xã` of a pilot; but `8 thủ tục hành chính` counts
    return not (_rule("structural_count").match(after) or _rule("label_before").search(before)
                or _rule("whole_before").search(before) or _rule("whole_country").match(text, n["start"])
                or _rule("merged_before").search(before) or _rule("respondents").match(after)
                or _rule("repeated").match(after) or _rule("event_before").search(text, sentence[0], n["start"])
                or _rule("ratio_before").search(text, sentence[0], n["start"]))


def _is_baseline(doc: Document, n: dict) -> bool:
    """`từ X … lên Y`: X is where a change started, Y the result."""
    text = doc.text
    opens_from = (n["text"].casefold().startswith("từ")
                  or _rule("baseline_from").search(text, max(0, n["start"] - 20), n["start"]))
    return bool(opens_from) and _rule("baseline").match(text[n["end"]:n["end"] + 100]) is not None


def _titles(doc: Document) -> list[Span]:
    """The titles of cited documents (`Kế hoạch số 09/KH-UBND … về việc triển khai … đã hoàn
    thành xây dựng`): the words there name a document, they do not time the figures."""
    matches = (_rule("ref_title").match(doc.text, r["end"]) for r in doc.legal_refs)
    return [(m.start(), m.end()) for m in matches if m]


def _cues(doc: Document, start: int, end: int, purpose: bool = False) -> list[tuple[int, str]]:
    """(offset, kind) of every cue in text[start:end], in order. A `đến …`/`trước …` date is a
    target cue unless its year is before publication (then it reports a result); one inside an
    actual cue (`tính đến ngày …`) is not a cue of its own. Purpose clauses count only when asked
    (for the figures of their own sentence, never for the sentences that continue it). A cue
    inside reported speech (`trả lời rằng sẽ mua`) is what was said, not the figure's kind; one inside
    a body's name (`Bộ Kế hoạch và Đầu tư`) is no cue at all."""
    named = _titles(doc) + [(e["start"], e["end"]) for e in doc.entities if e.get("label") == "ORG"]
    words = [(m.start(), m.end(), m.lastgroup) for m in _cue(purpose).finditer(doc.text, start, end)
             if not _rule("reported_speech").search(doc.text, max(start, m.start() - 15), m.start())
             and not any(a <= m.start() < b for a, b in named)]
    cues = [(s, k) for s, _, k in words]
    froms = [d["end"] for d in doc.dates if d.get("relation") == "from"]
    for d in doc.dates:
        if d.get("relation") != "by" or not (start <= d["start"] < end):
            continue
        if any(s <= d["start"] < e or s <= d["start"] - 1 < e for s, e, k in words if k == "actual"):
            continue
        period = any(0 <= d["start"] - f <= 2 for f in froms)  # `từ tháng 3 đến hết 31-12-2016`: a period's end
        cues.append((d["start"], "actual" if period or _before(_date_value(d), doc) else "target"))
    return sorted(cues)


def _kind(art: _Article, fig: Figure, sentence: Span) -> str:
    """Progress against a plan (`75% kế hoạch`) is a result; otherwise the cue nearest the figure
    in its stretch, else in its sentence, else the frame it continues."""
    doc, pos = art.doc, fig.number["start"]
    if _rule("plan_share").match(doc.text, fig.number["end"]):
        return "actual"
    cues = _cues(doc, *sentence, purpose=True)
    if _rule("people_share").match(doc.text, fig.number["end"]):
        cues = [c for c in cues if c[0] < pos]  # `67% người mua sắm … sẽ tiếp tục`: what they intend is observed
    survey = _rule("survey").search(doc.text, (art.previous(sentence) or sentence)[0], sentence[1]) is not None
    if survey:
        cues = [c for c in cues if not _rule("intention").match(doc.text, c[0])]  # respondents' plans are answers
    dated = {d["start"] for d in doc.dates}
    cues = [c for c in cues if c[0] < pos or c[0] in dated
            or not _rule("next_predicate").search(doc.text, fig.number["end"], c[0])]
    own = [c for c in cues if fig.pre[0] <= c[0] < fig.post[1]]
    if own:
        return min(own, key=lambda c: abs(c[0] - pos))[1]
    if any(_before(_date_value(d), doc) for d in art.dates(fig.pre[0], fig.post[1])):
        return "actual"  # `Năm 2023, tỷ lệ … đạt 45%, phấn đấu năm 2025 đạt 80%`: its own year is past
    before = [c for c in cues if c[0] < fig.pre[0]]
    if before:
        return before[-1][1]
    after = [c for c in cues if c[0] >= fig.post[1]]
    if after:
        return after[0][1]
    prev = art.previous(sentence)
    inherited = art.frame(prev).kind if prev and not survey else None
    return inherited or "actual"


def _when(art: _Article, fig: Figure, sentence: Span, kind: str) -> str | None:
    """Deadline of a target or date of a result: nearest in the figure's stretch, else the last in
    its sentence before it, else the first after it in its chunk before any other figure (`354
    thủ tục …, 4 để các bộ thực hiện trong năm 2017`), else the date of the sentence it continues
    (same kind only)."""
    pos = fig.number["start"]

    def fits(found: list[dict]) -> list[dict]:
        """A result is never dated by a deadline (`đã có 1.200 …, phấn đấu đến năm 2025 đạt 2.000`)."""
        return found if kind == "target" else [d for d in found if d.get("relation") != "by"
                                                or _before(_date_value(d), art.doc)]

    own = fits(art.dates(fig.pre[0], fig.post[1]))
    if own:
        return _date_value(min(own, key=lambda d: abs(d["start"] - pos)))
    before = fits(art.dates(sentence[0], fig.pre[0]))
    if before:
        return _date_value(before[-1])
    following = [n["start"] for n in art.doc.numbers if fig.post[1] <= n["start"] < fig.chunk[1]]
    after = fits(art.dates(fig.post[1], min(following, default=fig.chunk[1])))
    if after:
        return _date_value(after[0])
    prev = art.previous(sentence)
    if prev:
        frame = art.frame(prev)
        if frame.kind == kind and frame.date:
            return _date_value(frame.date)
    return None


def _provinces(art: _Article, fig: Figure, sentence: Span) -> list[str | None]:
    """Provinces the figure's stretch names (each gets the figure), else the sentence's one, else
    none for a national figure, else the article's."""
    doc = art.doc
    later = [n["start"] for n in doc.numbers if n.get("unit") == fig.number.get("unit") and n["start"] > fig.number["end"]]
    named = [e["norm"] for e in doc.entities
             if e.get("label") == "PROVINCE" and e.get("norm") and fig.pre[0] <= e["start"] and e["end"] <= fig.post[1]
             and not _ASIDE_OPEN.search(doc.text, fig.pre[0], e["start"])  # not `(sáp nhập từ A, B và C)`
             and not _rule("comparand").search(doc.text, max(fig.pre[0], e["start"] - 25), e["start"])
             # `Bắc Ninh, từ thứ 4 xuống thứ 18 hay Thái Nguyên từ thứ 6`: a later name carries its own figures
             and not (e["start"] > fig.number["end"] and any(e["end"] <= x < fig.post[1] for x in later))]
    paired = _respectively(art, fig, sentence) or _named_after(art, fig)
    if paired:
        return [paired]
    if named:
        named = list(dict.fromkeys(named))
        merged = {province_2025(p) for p in named}
        if len(named) > 1 and len(merged) == 1 and _after_merger(doc):
            return [merged.pop()]  # `tỉnh Lâm Đồng (mới), gồm Lâm Đồng, Đắk Nông và Bình Thuận cũ`: one province now
        return named
    if _national(doc, fig):
        return [None]  # `…của tỉnh đạt 62,1%, trong khi bình quân cả nước đạt 58,4%`
    one = entities.sentence_province(doc, *sentence)
    if one:
        return [one]
    prev = art.previous(sentence)
    if prev and _rule("anaphoric_place").search(doc.text, *sentence):
        back = entities.sentence_province(doc, *prev)  # `Tổng điểm của địa phương này là 0,5064`
        if back:
            return [back]
    if _rule("national").search(doc.text, *sentence) or entities.sentence_is_national(doc, *sentence):
        return [None]
    return [entities.article_province(doc)]


def _national(doc: Document, fig: Figure) -> bool:
    """The whole country is named in the figure's stretch as its own, not as what it is compared
    with after it (`0,5064 điểm, cao hơn 0,105 so với mức bình quân của cả nước (0,4014 điểm)`:
    the first is not national, the last is)."""
    start, end = fig.pre[0], fig.post[1]
    return any(m.start() < fig.number["start"]
               or not _rule("comparand_national").search(doc.text, max(start, m.start() - 40), m.start())
               for m in _rule("national").finditer(doc.text, start, end))


def _respectively(art: _Article, fig: Figure, sentence: Span) -> str | None:
    """`Ninh Bình và Thanh Hóa lần lượt đứng thứ 6 và 12`, `Lạng Sơn, Bạc Liêu với các điểm số tương
    ứng là 0,21; 0,19`: the sentence's provinces and its figures of one unit pair off in order."""
    doc = art.doc
    same = [n for n in doc.numbers if n.get("unit") == fig.number.get("unit") and sentence[0] <= n["start"] < sentence[1]]
    if not (_rule("respectively").search(doc.text, *sentence)  # or `thứ tư và thứ năm là Quảng Ninh và Huế`
            or (same and _rule("named_after").match(doc.text, same[-1]["end"]))):
        return None
    named = list(dict.fromkeys(e["norm"] for e in doc.entities if e.get("label") == "PROVINCE" and e.get("norm")
                               and sentence[0] <= e["start"] and e["end"] <= sentence[1]))
    if len(named) < 2 or len(named) != len(same):
        return None
    return named[[n["start"] for n in same].index(fig.number["start"])]


def _named_after(art: _Article, fig: Figure) -> str | None:
    """`thứ 2 là Hà Nội, thứ 3 là TP Hồ Chí Minh`: the province a position names right after it."""
    m = _rule("named_after").match(art.doc.text, fig.number["end"])
    if m is None or fig.number.get("unit") != "rank":
        return None
    return next((e["norm"] for e in art.doc.entities if e.get("label") == "PROVINCE" and e["start"] == m.end()), None)


def _after_merger(doc: Document) -> bool:
    """Is the article from after the 1 July 2025 merger of provinces (`data.merger_date`)?"""
    return doc.published is not None and doc.published.isoformat() >= load("commitments").data["merger_date"]


def _count(pattern: regex.Pattern, text: str, enough: int) -> int:
    """Matches of `pattern` in `text`, counted up to `enough`."""
    n = 0
    for _ in pattern.finditer(text):
        n += 1
        if n >= enough:
            break
    return n


def _records(art: _Article, fig: Figure, phrase: indicator.Phrase, sentence: Span,
             index: tuple[str, str] | None, before: dict | None) -> list[dict]:
    """The commitment(s) of one figure; `before` is the commitment just made, in this sentence or
    the one it continues, whose indicator a figure that names nothing of its own goes on with
    (`… toàn trình 68,54%. Đà Nẵng (58,89%), Hà Giang (55,76%) là những địa phương xếp sau`)."""
    doc, n = art.doc, fig.number
    kind = _kind(art, fig, sentence)
    if n.get("change") and (kind == "actual" or not _cues(doc, *sentence, purpose=True)):
        return []  # `tăng 6 bậc`, `tăng 20% so với năm 2022`: a reported change is not a level (a growth planned in its own sentence is a target)
    when = _when(art, fig, sentence, kind)
    ind = rankings.indicator_of(index) if index and rankings.index_value(fig, phrase) else phrase.indicator
    if before and not measured.digital(ind) and (not ind or _rule("anaphor").match(ind)
                                                 or _rule("pre_subject").fullmatch(ind)):
        ind = before["indicator"]
    lead = art.list_lead(sentence)
    if lead and not measured.digital(ind):
        ind = f"{ind} – {indicator.dx_phrase(doc, lead)}".strip(" –")  # `- Năm 2026: 210 thôn` under `Tổ công nghệ số:`
    pillar = indicator.pillar_of(ind) or art.heading(n["start"])
    basis = None
    if kind == "target":
        prev = art.previous(sentence)
        basis = art.basis(*sentence) or (art.frame(prev).basis if prev else None)
    base = {
        "type": "commitment", "start": n["start"], "end": n["end"], "text": n["text"], "kind": kind,
        "indicator": ind, "level": indicator.level(phrase.own), "pillar": pillar,
        "value": n.get("value"), "value_max": n.get("value_max"), "of": n.get("of"),
        "unit": n.get("unit"), "comparator": n.get("comparator"), "change": n.get("change"),
        "deadline": when if kind == "target" else None, "as_of": when if kind == "actual" else None,
        "as_of_inferred": False, "basis": basis,
    }
    if kind == "actual" and when is None and doc.published is not None:
        # a result with no date of its own is as of its article (`Đến nay, … đã có 1.200 …`)
        base["as_of"], base["as_of_inferred"] = doc.published.isoformat(), True
    return [{**base, "province": p, "province_2025": province_2025(p)} for p in _provinces(art, fig, sentence)]


def _skipped_spans(doc: Document) -> list[Span]:
    """Dates and document references: frames of a figure, never part of what it measures."""
    return [(r["start"], r["end"]) for r in doc.dates + doc.legal_refs]


def extract(doc: Document) -> list[dict]:
    units = set(load("commitments").data["units"])
    by_sentence: dict[Span, list[dict]] = {}
    for n in doc.numbers:
        if n.get("unit") in units:
            by_sentence.setdefault(doc.sentence_of(n["start"]), []).append(n)
    if not by_sentence:
        return []
    art = _Article(doc)
    skip = _skipped_spans(doc)
    out: list[dict] = []
    for sentence, numbers in by_sentence.items():
        numbers = [n for n in numbers if _is_quantity(doc, n, sentence)]
        if not numbers:
            continue
        programme = art.is_dx(sentence)
        ranking = art.ranks(sentence)
        things = art.is_dx(sentence, "dx_thing")
        if not (programme or ranking or things or _rule("dx_marker").search(doc.text, *sentence)):
            continue
        if not art.on_topic:  # asked only once a sentence could hold a digital figure
            return []
        figs = clauses.figures(doc.text, sentence, numbers)
        index_before = art.index_before(sentence[0])
        for fig, phrase in zip(figs, indicator.phrases(doc, sentence, figs, skip)):
            ranked = fig.number.get("unit") in ("rank", "score")
            index = rankings.index_of(doc.text, fig, sentence, index_before) if ranking or ranked else None
            if ranked and index is None:
                continue  # a ranking or score of something that is no digital index
            if ranking and rankings.frames_ranking(doc.text, fig, phrase):
                continue
            if measured.abroad(doc, fig, sentence):
                continue
            if index or measured.measures_digital(doc, fig, phrase, programme, things):
                # the commitment just made, in this sentence or the one it continues
                last = out[-1] if out and out[-1]["start"] >= (art.previous(sentence) or sentence)[0] else None
                out.extend(_records(art, fig, phrase, sentence, index, last))
    return out
