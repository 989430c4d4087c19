"""What an article says around its figures, asked once per article by the commitments stage:
which sentence a sentence continues, what vocabulary it speaks, its cues of kind and its dates, the
indices it names, whether it is about digital transformation at all, and the frame (kind, date,
basis) a sentence hands on to the ones that continue it. Word lists: patterns/commitments.yaml.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from .. import ranking_tables
from ..document import Document
from ..furniture import is_caption, title_span
from ..rules import Anchor, Rule, WordGate, anchored, compile as compile_rule, load, matches_within, word_starts
from ..text import Span, aside_opened

_PARAGRAPH_GOES_ON = regex.compile(r"[;:,?]\s*$")  # a list runs on into the next paragraph; an answer goes on from its question
_ITEM_OPENS = regex.compile(r"\s*[^\n.;:!?]{0,25}?\d")  # a paragraph that opens on its figure
_DIGIT = regex.compile(r"\d")
_LIST_ITEM = regex.compile(r"\n\s*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ][.)])\s")  # a paragraph that is a list item
# the word-anchored rules most articles with a figure are asked: their words are found in one scan (`Context.found`)
_WORD_LISTS = ("dx_context", "dx_thing", "index", "online_mode", "dx_gov_service", "criteria")


def rule(name: str) -> regex.Pattern:
    """A rule of patterns/commitments.yaml."""
    return load("commitments").rules[name].regex


def anchored_rule(name: str) -> Rule:
    """A rule of patterns/commitments.yaml with its anchors, to be tried only where they stand."""
    return load("commitments").rules[name]


@lru_cache(maxsize=2)
def _cue(purpose: bool) -> regex.Pattern:
    """Actual and target cues in one pattern, so overlapping cues (`vượt chỉ tiêu`) read as one;
    with `purpose`, purpose clauses (`Để triển khai …`) are target cues too."""
    rules = load("commitments").rules
    target = rules["target_cue"].source + (f"|{rules['purpose_cue'].source}" if purpose else "")
    return compile_rule(f"(?P<actual>{rules['actual_cue'].source})|(?P<target>{target})", regex.IGNORECASE)


@lru_cache(maxsize=2)
def _cue_anchors(purpose: bool) -> tuple[Anchor, ...]:
    """Where a cue of `_cue(purpose)` can begin: its rules' anchors together."""
    rules = load("commitments").rules
    return tuple(a for name in ("actual_cue", "target_cue", *(("purpose_cue",) if purpose else ()))
                 for a in rules[name].starts)


def _cues(doc: Document, start: int, end: int, purpose: bool) -> Iterator[regex.Match]:
    """`_cue(purpose).finditer(doc.text, start, end)`, tried only where a cue's first word stands
    (found once per article): the cues' lookbehinds, tried at every word, cost most of the stage."""
    pattern = _cue(purpose)
    at = doc.derived(f"cue_starts_{purpose}", ("text",), lambda: anchored(_cue_anchors(purpose), doc.text, {}))
    return pattern.finditer(doc.text, start, end) if at is None else matches_within(pattern, doc.text, at, start, end)


@dataclass(frozen=True)
class Frame:
    """What a sentence says about the figures in it and in the sentences that continue it."""

    kind: str | None
    date: dict | None
    basis: str | None
    cued: bool = False  # the kind comes from the sentence's own cue, not from the one before
    goal: bool = False  # the sentence or one its paragraph went on from opened on a goal and its deadline


def date_value(d: dict) -> str | None:
    return d.get("end_value") or d.get("value")


def counted_by(d: dict, doc: Document) -> bool:
    """Is a `đến …` date when a result was counted: before publication or said as counting (`Tính đến
    ngày 12/5`), or, with no publication date to set it against, said by a report (`Báo cáo của Sở cho
    hay, đến tháng 12/2023, có …`) or said done (`đến hết năm 2025, 100% … đã kết nối`)?"""
    if published_before(date_value(d), doc) or rule("counting_date").match(doc.text, d["start"]):
        return True  # (`Tính đến ngày 12/5, …`: counted then, whatever year it is)
    if doc.published_inferred and d.get("precision") == "day" and date_value(d) == doc.published.isoformat():
        return True  # `Đến hết ngày 22/9/2023, … là 975.966` in an undated report: the latest day it states, when it counted
    if d.get("year_inferred") and d.get("precision") == "month" and (doc.published is None or doc.published_inferred):
        return True  # `Đến tháng 2, số gia đình có cáp quang đạt 80,1%`, undated: a month whose year goes unsaid is past
    return (doc.published is None or doc.published_inferred) and (
        rule("report_before").search(doc.text, max(0, d["start"] - 80), d["start"]) is not None
        or rule("done_after").match(doc.text, d["end"]) is not None  # `đến hết năm 2025, 100% … đã kết nối`
        or d.get("precision") in ("month", "day") and rule("reached_after").match(doc.text, d["end"]) is not None)
        # `Đến tháng 8/2024, … đạt tỷ lệ 51,2%`: a month's level reached is a count (a plan's deadline is a year)


def _span(value: str | None) -> tuple[tuple[int, int, int], tuple[int, int, int]] | None:
    """The first and last day a date covers at the precision it is written (`2016`, `2016-Q4`,
    `2016-12`, `2016-12-31`), as (year, month, day); a month's last day is taken as its 31st."""
    parts = (value or "").split("-")
    if not parts[0].isdigit():
        return None
    year = int(parts[0])
    if len(parts) == 1:
        return (year, 1, 1), (year, 12, 31)
    if parts[1].startswith("Q"):
        quarter = int(parts[1][1:])
        return (year, 3 * quarter - 2, 1), (year, 3 * quarter, 31)
    month = int(parts[1])
    if len(parts) == 2:
        return (year, month, 1), (year, month, 31)
    return (year, month, int(parts[2])), (year, month, int(parts[2]))


def published_before(value: str | None, doc: Document) -> bool:
    """Does a date, at the precision it is written, end before publication? `đến hết 31-12-2016` in a
    report of 2017 tells a result. A publication date inferred from the text's own latest date is
    only trusted for its year."""
    span, published = _span(value), doc.published
    if span is None or published is None:
        return False
    if doc.published_inferred:
        return span[1][0] < published.year
    return span[1] < (published.year, published.month, published.day)


def published_after(value: str | None, doc: Document) -> bool:
    """Does a date, at the precision it is written, begin after publication (`quý 2/2026` in a text of
    February 2026)? Nothing dated so can have been reported done."""
    span, published = _span(value), doc.published
    if span is None or published is None:
        return False
    if doc.published_inferred:
        return span[0][0] > published.year
    return span[0] > (published.year, published.month, published.day)


def period_ahead(d: dict, doc: Document) -> bool:
    """Is the date a period of months that begins in the month of a stated publication or later
    (`6 tháng cuối năm`, `quý III` told in July)? Nothing in it can have been reported yet."""
    if (doc.published is None or doc.published_inferred or d.get("relation") != "during" or not d.get("end_value")
            or d.get("precision") not in ("month", "quarter")):
        return False
    span = _span(d.get("value"))
    return span is not None and span[0][:2] >= (doc.published.year, doc.published.month)


class Context:
    """Per-document lookups, computed once and only for documents with candidate figures."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._frames: dict[Span, Frame] = {}
        self._said: dict[tuple[str, Span], bool] = {}
        self._running: dict[Span, Frame | None] = {}
        self.memo: dict[tuple, str | None] = {}  # what a stage reads of one figure more than once

    @cached_property
    def found(self) -> dict[Anchor, list[int] | None]:
        """Where the rules' anchors stand in the text, each looked for once: the digital
        vocabulary's word lists in one scan (the first sentence asked names most of them)."""
        gates = tuple(a for name in _WORD_LISTS for a in anchored_rule(name).starts if isinstance(a, WordGate))
        return dict(zip(gates, word_starts(gates, self.doc.text), strict=True))

    @cached_property
    def starts(self) -> list[int]:
        return [s for s, _ in self.doc.sentences]

    def before(self, sentence: Span) -> Span | None:
        """The sentence right before this one, whatever paragraph it ends."""
        i = bisect.bisect_left(self.starts, sentence[0]) - 1
        return self.doc.sentences[i] if i >= 0 else None

    def told_before(self, sentence: Span) -> Span | None:
        """The sentence told right before this one, past a photo's caption between them (no part of
        the telling)."""
        prev = self.before(sentence)
        while prev is not None and self.in_caption(prev[0]):
            prev = self.before(prev)
        return prev

    def previous(self, sentence: Span) -> Span | None:
        """The sentence this one continues: the one before it in its paragraph, or the end of the
        paragraph before when that ends on `;`, `:`, `,` or `?` (an interview's question), this
        paragraph is a list item, or it opens on the findings the paragraph before announced (`Theo
        kết quả đánh giá này, …`) or on a contrast with it (`Trong khi đó, …`)."""
        prev = self.told_before(sentence)
        if prev is None:
            return None
        text = self.doc.text
        between = text[prev[1]:sentence[0] + 4]
        if ("\n" not in between[:-4] or _PARAGRAPH_GOES_ON.search(text, prev[0], prev[1]) or _LIST_ITEM.match(between)
                or self._opens_item(sentence) or rule("opens_on_source_before").match(text, sentence[0])
                or rule("opens_on_contrast").match(text, sentence[0])):
            return prev
        return None

    @cached_property
    def _item_lines(self) -> frozenset[int]:
        """Starts of unmarked list items: lines that open on a figure (`100% cơ quan …`, `Duy trì
        100% …`), or that open alike (`Thôn … là 135 thôn.` / `Thôn … là 3.377 thôn.`), right under
        a line ending on `:` or under another such item."""
        lines, pos = [], 0
        for line in self.doc.text.split("\n"):
            if line.strip():
                lines.append((pos + len(line) - len(line.lstrip()), line.strip()))
            pos += len(line) + 1
        items, listing, run = set(), False, ""  # under a lead or an item; the opening its run of items shares
        openings = [_opening(line) for _, line in lines]
        for i, (start, line) in enumerate(lines):
            opening = openings[i]
            parallel = opening == run or (i + 1 < len(lines) and opening == openings[i + 1])
            if listing and (_ITEM_OPENS.match(line) is not None or parallel):
                items.add(start)
                run = opening if parallel else ""
            else:
                listing, run = line.endswith(":"), ""
        return frozenset(items)

    def _opens_item(self, sentence: Span) -> bool:
        return sentence[0] in self._item_lines

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
        if prev is not None and self._says(vocabulary, prev):
            return True
        # a paragraph that opens on the findings the one before announced (`Theo kết quả đánh giá này, …
        # Trong khi đó, có 42 địa phương …`) is about what that one was about, to its end
        opens = self.doc.text.rfind("\n", 0, sentence[0]) + 1
        source = rule("opens_on_source_before").match(self.doc.text, opens) if opens < sentence[0] else None
        above = self.previous(self.doc.sentence_of(opens)) if source else None
        return above is not None and self._says(vocabulary, above)

    def names_public_thing(self, sentence: Span) -> bool:
        """The sentence names a digital thing a state body or a sector deploys (`public_thing`: `lắp 45
        trạm đo mưa tự động`), and neither it nor the title tells of a crime (`crime_title`: the bank
        accounts of a corruption case are where money went)."""
        at = self._public_things
        i = bisect.bisect_left(at, sentence[0])
        return (i < len(at) and at[i] < sentence[1]
                and not rule("crime_title").search(self.doc.text, *sentence) and not self._crime_titled)

    @cached_property
    def _things(self) -> list[tuple[int, str]]:
        """Where the text names a digital thing (`dx_thing`) and what it names, found once per
        article where the things' words stand (most general news names none)."""
        return [(m.start(), m.group()) for m in anchored_rule("dx_thing").scan(self.doc.text, self.found)]

    @cached_property
    def _public_names(self) -> frozenset[str]:
        """The distinct public digital things the text names (`public_thing`, case-folded), each
        tried once however often it is named."""
        return frozenset(t for t in {thing.casefold() for _, thing in self._things} if rule("public_thing").match(t))

    @cached_property
    def _public_things(self) -> list[int]:
        """Where the text names a public digital thing."""
        return [start for start, thing in self._things if thing.casefold() in self._public_names]

    @cached_property
    def _crime_titled(self) -> bool:
        """The title reports a crime (`crime_title`)."""
        return rule("crime_title").search(self.doc.text, *title_span(self.doc.text)) is not None

    def names_by_head(self, sentence: Span) -> bool:
        """The sentence names, by its head alone (`thing_head`: `lắp đặt 74 camera quan sát`), a kind
        of digital thing the article names in full elsewhere (`camera AI`, `camera giám sát giao
        thông`): the bare head means that thing. A page that names no such kind keeps its cameras
        as plain equipment (`Bến xe lắp đặt 50 camera`)."""
        return any(m.group().casefold() in self._heads_named
                   for m in rule("thing_head").finditer(self.doc.text, *sentence))

    @cached_property
    def _heads_named(self) -> frozenset[str]:
        """The heads (`thing_head`) the article's digital things open on (`camera` of `camera AI`),
        and `camera` in a story of a camera network (`_camera_network`)."""
        if rule("thing_head").search(self.doc.text) is None:
            return frozenset()
        heads = (rule("thing_head").match(thing) for _, thing in self._things)
        named = {h.group().casefold() for h in heads if h is not None}
        return frozenset(named | {"camera"} if self._camera_network else named)

    @cached_property
    def _camera_network(self) -> bool:
        """The article names a camera network `camera_networks` times, counting its cameras at least
        once (`lắp đặt 270 mắt camera`, then `Hệ thống camera …`): a police or a ranger force's."""
        enough = load("commitments").data["on_topic"]["camera_networks"]
        networks = list(rule("camera_network").finditer(self.doc.text))
        return len(networks) >= enough and any(m.group("count") for m in networks)

    def list_lead(self, sentence: Span) -> Span | None:
        """The sentence that announces the list a list item belongs to, if it is one."""
        lead = None
        while sentence is not None and self.in_list(sentence):
            lead = sentence = self.previous(sentence)
        return lead

    def in_list(self, sentence: Span) -> bool:
        """The sentence opens a list item (`- Năm 2026: 210 thôn`, `a) 80% dịch vụ …`)."""
        start = self.doc.text.rfind("\n", 0, sentence[0] + 1)
        return start >= 0 and (_LIST_ITEM.match(self.doc.text, start, sentence[0] + 4) is not None or self._opens_item(sentence))

    def serves_online(self, sentence: Span) -> bool:
        """The sentence names an online public service (`dx_gov_service`: `nộp hồ sơ trực tuyến`)."""
        return self._says("dx_gov_service", sentence)

    def sets_criteria(self, sentence: Span) -> bool:
        """The sentence sets the criteria of a status (`criteria`: `phải đáp ứng các tiêu chí`)."""
        return self._says("criteria", sentence)

    def _says(self, vocabulary: str, sentence: Span) -> bool:
        """A word-anchored rule (a vocabulary, `dx_gov_service`, `criteria`) in the sentence itself (asked
        again of the sentence after it: cached), tried only where its words stand (`found`)."""
        key = (vocabulary, sentence)
        if key not in self._said:
            self._said[key] = anchored_rule(vocabulary).search(self.doc.text, *sentence, self.found) is not None
        return self._said[key]

    @cached_property
    def plan_decision(self) -> str | None:
        """The cited document that issues the article's plan (`quyết định số 3330/QĐ-UBND ban hành
        Kế hoạch …`, or a numbered `Kế hoạch` itself)."""
        for r in self.doc.legal_refs:
            if r.get("doc_type") == "Kế hoạch" or rule("plan_issued").match(self.doc.text, r["end"]):
                return r.get("ref")
        return None

    @cached_property
    def _indices(self) -> list[tuple[int, str]]:
        # tried only where its words stand: most articles name none; an index a deed is only said
        # to help (`…, nhằm cải thiện chỉ số PAR Index, …`) ranks no figure around it
        text = self.doc.text
        return [(m.start(), m.group()) for m in anchored_rule("index").scan(text, self.found)
                if not (rule("index_helped").search(text, max(0, m.start() - 40), m.start())
                        and rule("no_figure_after").match(text, m.end()))]

    @cached_property
    def _other_indices(self) -> list[int]:
        """Where indices that are none of ours are named (`chỉ số đổi mới sáng tạo`, PCI)."""
        return [m.start() for m in rule("other_index").finditer(self.doc.text)] if self._indices else []

    def index_before(self, offset: int) -> str | None:
        """The last index named before `offset` in its paragraph or the one before, else in the
        title, else anywhere before it (a ranking article names its index once, up top); none when
        another index (`Cùng năm, chỉ số đổi mới sáng tạo cấp địa phương … đạt …`) was named there after it."""
        table = ranking_tables.table_start(self.doc.text, offset)  # a table's row: what is said above the table,
        if table is not None:  # else what its head names
            return self._index_before(table) or self._index_before(offset)
        return self._index_before(offset)

    def _index_before(self, offset: int) -> str | None:
        text = self.doc.text
        floor = text.rfind("\n", 0, max(0, text.rfind("\n", 0, offset)))
        before = [(pos, name) for pos, name in self._indices if floor < pos < offset]
        # an index named in an aside is a part of the one named outside it (`Chỉ số PAR Index … đạt 84,02
        # điểm (trong đó Chỉ số SIPAS được 8,1 điểm; …). Tỉnh xếp thứ 37/63`): the later figures rank that one
        before = [b for b in before if aside_opened(text, text.rfind("\n", 0, b[0]) + 1, b[0]) == -1] or before
        last = before[-1][0] if before else floor
        if any(last < pos < offset for pos in self._other_indices):
            return None
        if before:
            return before[-1][1]
        title = title_span(text)
        titled = next((name for pos, name in self._indices if title[0] <= pos < title[1]), None)
        return titled or next((name for pos, name in reversed(self._indices) if pos < offset), None)

    @cached_property
    def on_topic(self) -> bool:
        """Is the article about digital transformation at all? Its title names the programme or an
        online public service, or it is a brief whose title names a digital thing, or its text names
        the programme twice or a digital index once, or it names digital things many
        times and the programme once or a digital thing in its title, or it is a sector's story told in
        its own digital words (`_sector_digital`). A crime story that mentions
        smartphones, or a rate cut that mentions `thanh toán điện tử liên ngân hàng` once, states
        no digital figure."""
        text, data = self.doc.text, load("commitments").data["on_topic"]
        if "\n" not in text.strip():
            return True  # one paragraph (a sentence, a claim): its sentences speak for themselves
        title = title_span(text)
        if self._says("dx_context", title) or self._says("dx_gov_service", title) or self._indices:
            return True  # … or an online public service (`Tỷ lệ đăng ký tuyển sinh trực tuyến tăng`)
        programme = self._count("dx_context", data["programme"])
        if programme >= data["programme"]:
            return True
        titled = self._says("dx_thing", title)  # `So kè thị phần Internet cáp quang`
        # a brief whose headline names a digital thing (`Triển khai bệnh án điện tử: …` and one paragraph),
        # or a story whose headline names one and whose text comes back to digital things a few times;
        # so does a page with no headline, whose first paragraph (its lead) names one
        enough = data["titled_things"] if titled else data["things"]
        digital = (titled and len(text) <= data["brief"]) or (
            (programme > 0 or titled) and self._count("dx_thing", enough) >= enough)
        # a sector's story in its own words (`phiên tòa trực tuyến`, `lõm sóng`, `cáp quang`, `thu phát sóng`)
        digital = digital or self._sector_digital(data)
        # `Giảng viên bán hàng online thu 2 tỷ, giám đốc đa cấp lừa đảo`: a crime story; its rule, the
        # costliest of these on a title, is asked only of an article that would otherwise be on topic
        return digital and not self._crime_titled

    def _sector_digital(self, data: dict[str, int]) -> bool:
        """The text names enough distinct digital things that no gadget or consumer story names, or a
        service done online often enough, or a device that works by itself (`công tơ đo xa`) often
        enough, or a camera network it counts: a court, a tender board, a utility's meters, a telecom
        story about dead zones or a police force's cameras go digital without naming the programme."""
        if self._count("online_mode", data["online_modes"]) >= data["online_modes"]:
            return True
        if self._count("smart_mode", data["smart_modes"]) >= data["smart_modes"]:
            return True
        if self._camera_network:
            return True
        return len(self._public_names) >= data["public_things"]

    def _count(self, name: str, enough: int) -> int:
        """Matches of the rule `name` in the text, counted up to `enough`: tried only where its words
        stand (its `starts`), as the whole text is long and most articles name few of them."""
        n = 0
        for _ in anchored_rule(name).scan(self.doc.text, self.found):
            n += 1
            if n >= enough:
                break
        return n

    def ranks(self, sentence: Span) -> bool:
        """The sentence reports an index: it names one (`PAR Index`) or one of its pillars as such
        (`Chỉ số nhận thức số đạt 0,78 điểm`), or it ranks (`đứng đầu bảng xếp hạng với 92,68%`)
        with an index named before it in its paragraph, the one before or the title."""
        if any(sentence[0] <= pos < sentence[1] for pos, _ in self._indices) or rule("named_pillar").search(
                self.doc.text, *sentence):
            return True
        return rule("ranking_cue").search(self.doc.text, *sentence) is not None and self.index_before(sentence[0]) is not None

    @cached_property
    def headings(self) -> list[tuple[int, str]]:
        terms = {k.casefold(): v for k, v in load("commitments").data["pillar_terms"].items()}
        return [(m.start(), terms[m.group("p").casefold()]) for m in rule("pillar_heading").finditer(self.doc.text)]

    def heading(self, offset: int) -> str | None:
        """The pillar of the last section heading before `offset`."""
        before = [p for pos, p in self.headings if pos < offset]
        return before[-1] if before else None

    def dates(self, start: int, end: int) -> list[dict]:
        """Dates in text[start:end] that can time a figure: not a cited document's date, not `từ …`."""
        return [d for d in self.doc.dates
                if start <= d["start"] < end and d.get("relation") != "from" and not self._dates_a_ref(d)
                and not rule("base_date").search(self.doc.text, max(0, d["start"] - 20), d["start"])]

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
        return self.plan_decision if rule("plan_cue").search(self.doc.text, start, end) else None

    @property
    def plan_lead(self) -> Frame | None:
        """An article that reports a plan: its lead (`data.plan_lead` characters) states goals and
        no results (`UBND tỉnh phê duyệt kế hoạch … giai đoạn 2026 - 2030`); its horizon is the
        first deadline or period the lead gives, not a vision beyond it (`định hướng đến năm 2030`).
        A review's lead (`sơ kết`, `tổng kết`) is no plan's, nor a lead that only forecasts."""
        return self._plan[0]

    @cached_property
    def _plan(self) -> tuple[Frame | None, int]:
        """The plan lead, and where its first goal is told: a sentence of the lead before it (`Tỷ lệ
        … đạt 70%.` then `… nâng tỷ lệ này lên 85%`), other than the headline, is not under it."""
        end = min(len(self.doc.text), load("commitments").data["plan_lead"])
        if rule("review_lead").search(self.doc.text, 0, end):
            return None, end  # `Hội nghị sơ kết 6 tháng …`: a review reports results first
        goals = [s for s in self.doc.sentences if s[0] < end and self._opens_on_goal(s)]  # `Mục tiêu … đến năm 2025 là …`
        cues = [(pos, k) for pos, k in cues_in(self.doc, 0, end) if not rule("issuing").match(self.doc.text, pos)
                and not any(a <= pos < b for a, b in goals) and not self.in_caption(pos)]
        kinds = {k for _, k in cues} | ({"target"} if goals else set())
        if kinds != {"target"} or not goals and all(rule("forecast").match(self.doc.text, pos) for pos, _ in cues):
            return None, end  # … nor one that only forecasts (`dự báo … sẽ đạt 45 tỷ USD vào năm 2025`)
        # its goals are digital ones, or a plan's whose headline names the programme (`Chương trình đã đề ra
        # nhiều chỉ tiêu đến năm 2030` under `… chương trình hành động về chuyển đổi số`); not a goal of
        # something else (`… phấn đấu về đích huyện nông thôn mới kiểu mẫu năm 2025`)
        goal_sentences = {self.doc.sentence_of(pos) for pos, _ in cues} | set(goals)
        title = title_span(self.doc.text)
        if not any(self._says("dx_context", g) or self._says("dx_thing", g)
                   or rule("plan_document").search(self.doc.text, *g) and self._says("dx_context", title)
                   for g in goal_sentences):
            return None, end
        horizons = [d for d in self.dates(0, end) if (d.get("relation") in ("by", "during") or self._plan_year(d))
                    and not published_before(date_value(d), self.doc) and not self.vision(d)]
        first = min([pos for pos, _ in cues] + [g[0] for g in goals])
        return Frame("target", horizons[0] if horizons else None, None, True), first

    def _plan_year(self, d: dict) -> bool:
        """A year that names the plan it ends (`Kế hoạch chuyển đổi số năm 2026`): its goals are due then."""
        reach = load("commitments").data["plan_title"]
        return d.get("precision") == "year" and rule("plan_year").search(self.doc.text, max(0, d["start"] - reach), d["start"]) is not None

    @cached_property
    def _captions(self) -> list[Span]:
        """Lines the furniture rules call a photo's caption (`… (Ảnh: Báo Long An)`)."""
        spans, pos = [], 0
        for line in self.doc.text.split("\n"):
            if is_caption(line):
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans

    def in_caption(self, pos: int) -> bool:
        """Is `pos` in a photo's caption? Its words (`Thời gian qua, tỉnh đã đẩy mạnh …`) describe the
        photo; they neither end a plan's goals nor make its lead a report."""
        return any(a <= pos < b for a, b in self._captions)

    def running_frame(self, sentence: Span) -> Frame | None:
        """In a plan's article, an uncued figure is under the last goal stated before it (`Theo kế
        hoạch, đến năm 2030, …. Gia Lai hướng đến …. Cụ thể, 75% doanh nghiệp …`), else under the
        lead's; a result stated in between ends the goals. None outside plans' articles."""
        if sentence not in self._running:  # asked for a figure's kind, then for its deadline
            self._running[sentence] = self._goal_before(sentence)
        return self._running[sentence]

    @cached_property
    def _sections(self) -> list[tuple[int, str]]:
        """(offset, kind) of the section headings that say what follows: results (`ĐÁNH GIÁ KẾT QUẢ
        THỰC HIỆN NĂM 2025`) or goals (`MỤC TIÊU`, `NHIỆM VỤ, GIẢI PHÁP`)."""
        found = [(m.start(), "actual") for m in rule("results_heading").finditer(self.doc.text)]
        found += [(m.start(), "target") for m in rule("goals_heading").finditer(self.doc.text)]
        return sorted(found)

    def _in_results(self, offset: int) -> bool:
        """Is `offset` under a results heading (the last section heading before it)?"""
        before = [k for pos, k in self._sections if pos < offset]
        return bool(before) and before[-1] == "actual"

    def _goal_before(self, sentence: Span) -> Frame | None:
        lead = self.plan_lead
        if lead is None or self._in_results(sentence[0]):
            return None  # a plan's section that reviews the year before reports results
        i = bisect.bisect_left(self.starts, sentence[0]) - 1
        while i >= 0:
            if self.in_caption(self.doc.sentences[i][0]):
                i -= 1  # a photo's caption between the goals tells what the photo shows
                continue
            own = self.frame(self.doc.sentences[i])
            if own.cued:
                if own.kind != "target":
                    return None
                day = own.date and own.date.get("precision") == "day" and own.date.get("relation") not in ("by", "during")
                return Frame("target", lead.date if day else own.date or lead.date, None, True)  # not the day a plan was issued
            i -= 1
        told = self._plan[1] < sentence[1] or self.in_headline(sentence)  # (the headline sums up the lead)
        return lead if told else None  # (not a sentence told before the lead's first goal)

    def in_headline(self, sentence: Span) -> bool:
        """Is the sentence the article's headline (or in it)?"""
        return sentence[0] < title_span(self.doc.text)[1]

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
        cues = cues_in(self.doc, *sentence)
        # A kind carries one sentence on (`Phấn đấu đến năm 2025, …. Tỉ lệ … là trên 50%.`), not
        # down a whole paragraph of survey findings after one `sẽ`; but down every item of a list,
        # and down the sentences that go on from a goal's opening with no cue or date of their own.
        # A sentence that opens on its goal (`Mục tiêu … đến năm 2025 là …`) is a goal however its
        # items are worded (`thông tin về thuốc đã được thu hồi`).
        stated = self.dates(*sentence)
        opens_goal = bool(cues) and self._opens_on_goal(sentence)
        goal_goes_on = not cues and not stated and inherited.goal
        kind = ("target" if opens_goal else cues[-1][1] if cues
                else inherited.kind if inherited.cued or goal_goes_on or self.in_list(sentence) else None)
        dates = [d for d in stated if not self.vision(d)]  # `đến năm 2025, định hướng 2030`
        if not dates and self.doc.text[sentence[0]:sentence[1]].rstrip().endswith(":"):
            dates = stated  # a heading of the goals a plan points to (`Định hướng đến năm 2030:`) dates its items
        date = (self._leading_deadline(sentence, dates) or dates[-1] if dates
                else inherited.date if kind == inherited.kind else None)
        return Frame(kind, date, self.basis(*sentence) or inherited.basis, bool(cues), opens_goal or goal_goes_on)

    def _leading_deadline(self, sentence: Span, dates: list[dict]) -> dict | None:
        """The deadline a goal's sentence opens on, before any figure (`đến năm 2030, … chiếm 35%
        GRDP, rồi lên 40% vào năm 2040.`): it frames the sentences that go on from it, while a
        later year is the deadline of its own figure only."""
        deadlines = [d for d in dates if d.get("relation") == "by"]
        if not deadlines:
            return None  # (most sentences: the article's figures are not scanned for their first)
        first = min((n["start"] for n in self.doc.numbers if sentence[0] <= n["start"] < sentence[1]), default=sentence[1])
        leading = [d for d in deadlines if d["start"] < first]
        return leading[-1] if leading and len(leading) < len(dates) else None

    def _opens_on_goal(self, sentence: Span) -> bool:
        """Does the sentence open on a goal and its deadline (`Mục tiêu … đến năm 2025 là …`)?"""
        return rule("goal_opening").match(self.doc.text, sentence[0]) is not None

    def vision(self, d: dict) -> bool:
        """A date a plan only points to (`định hướng đến năm 2030`), not the one its goals are due."""
        return rule("vision").search(self.doc.text, max(0, d["start"] - 25), d["start"]) is not None


def _opening(line: str) -> str:
    """A line's first two words, folded: parallel list items open alike (only they are split off
    and folded: lines are whole paragraphs)."""
    return " ".join(word.casefold() for word in line.split(maxsplit=2)[:2])


def other_aside(doc: Document, pos: int, figure_start: int) -> Span | None:
    """The brackets on `pos`'s line that hold `pos` but not the figure starting at `figure_start`: an
    aside of its own (`… 4 trung tâm dữ liệu (cả nước hướng tới 20); …`), else None."""
    text = doc.text
    opened = aside_opened(text, text.rfind("\n", 0, pos) + 1, pos)
    if opened == -1:
        return None
    line_end = text.find("\n", pos)
    closed = text.find(")", pos, len(text) if line_end == -1 else line_end)
    return None if closed == -1 or opened < figure_start < closed else (opened, closed)


def numeral_start(n: dict) -> int:
    """Where a figure's numeral begins: words its span opens with (`thấp hơn 12,5%`, `tối thiểu 45%`)
    lie before it."""
    digit = _DIGIT.search(n["text"])
    return n["start"] + (digit.start() if digit else 0)


def reports_progress(text: str, n: dict) -> bool:
    """A count of a plan's parts said to be done (`42/48 nhiệm vụ … hoàn thành`): the plan's
    progress, a result, not its structure (the rule reads up to 100 characters after the count)."""
    return rule("plan_progress").match(text, n["end"], n["end"] + 100) is not None


def _titles(doc: Document) -> list[Span]:
    """The titles of cited documents (`Kế hoạch số 09/KH-UBND … về việc triển khai … đã hoàn
    thành xây dựng`): the words there name a document, they do not time the figures."""
    matches = (rule("ref_title").match(doc.text, r["end"]) for r in doc.legal_refs)
    return [(m.start(), m.end()) for m in matches if m]


def _named(doc: Document) -> list[Span]:
    """The names no cue counts inside (see `cues_in`): cited titles, organizations, cited documents."""
    return _titles(doc) + [(e["start"], e["end"]) for e in doc.entities if e.get("label") == "ORG"] + [
        (r["start"], r["end"]) for r in doc.legal_refs
        if r.get("symbol") and not rule("according_to").search(doc.text, max(0, r["start"] - 10), r["start"])]


def cues_in(doc: Document, start: int, end: int, purpose: bool = False) -> list[tuple[int, str]]:
    """(offset, kind) of every cue in text[start:end], in order. A `đến …`/`trước …` date is a
    target cue unless its year is before publication (then it reports a result) and no goal word
    opens it (`phấn đấu đến ngày …` is a deadline, however past); one inside an
    actual cue (`tính đến ngày …`) is not a cue of its own. Purpose clauses count only when asked
    (for the figures of their own sentence, never for the sentences that continue it). A cue
    inside reported speech (`trả lời rằng sẽ mua`) is what was said, not the figure's kind, and a
    figure read another way (`Nếu xét …, tỉnh sẽ đứng thứ 2`) is no plan; one inside
    a body's name (`Bộ Kế hoạch và Đầu tư`) or a cited document's (`Thực hiện Kế hoạch số 241/KH-UBND`,
    but `Theo Kế hoạch số 12/KH-UBND, …` tells the plan's contents) is no cue at all."""
    named = doc.derived("named_spans", ("text", "entities", "legal_refs"), lambda: _named(doc))
    words = [(m.start(), m.end(), m.lastgroup) for m in _cues(doc, start, end, purpose)
             if not rule("reported_speech").search(doc.text, max(start, m.start() - 15), m.start())
             and not (m.lastgroup == "actual" and rule("meets_standard").match(doc.text, m.start()))  # `mới đạt tiêu chuẩn`
             and not (m.lastgroup == "actual" and rule("goal_aimed").match(doc.text, m.start()))  # `Để đạt được mục tiêu …`
             and not (m.lastgroup == "target" and rule("counterfactual").match(doc.text, doc.sentence_of(m.start())[0], m.start()))
             and not any(a <= m.start() < b for a, b in named)]
    counted = {n["end"] for n in doc.numbers if n.get("unit") in ("count", "percent")}
    met = {e for _, e, k in words if k == "actual"}  # `đạt và vượt kế hoạch`: the plan a result met is its object
    kept = [(s, stop, k) for s, stop, k in words  # `15/16 mục tiêu đã hoàn thành`, `95% chỉ tiêu`: a measured noun, no cue
            if k == "actual" or not (any(s - 2 <= e <= s and e > start for e in counted)  # nor a plan begun (`đã khởi động lộ trình`)
                                     and not rule("goals_listed").match(doc.text, s)  # (`10 chỉ tiêu … gồm: …`: the items' goals)
                                     or doc.text[s - 1:s] == " " and s - 1 in met
                                     or rule("aim_no_goal").match(doc.text, s)  # `hướng tới xây dựng …`: a direction
                                     or rule("statistic_sense").match(doc.text, s)  # `tính toán chỉ tiêu …`: a statistic, no goal
                                     or rule("plan_begun").search(doc.text, max(start, s - 25), s))]
    # a goal completed (`hoàn thành sớm mục tiêu …`) tells a result, and so does what a done work secures
    # (`Tỉnh đã đầu tư …; đảm bảo 100% …`)
    cues = [(s, "actual" if k == "target" and (rule("goal_met_before").search(doc.text, max(start, s - 40), s)
                                               or rule("secured_by_done").search(doc.text, doc.sentence_of(s)[0], stop))
             else k) for s, stop, k in kept]
    froms = [d["end"] for d in doc.dates if d.get("relation") == "from"]
    for d in doc.dates:
        if d.get("relation") != "by" or not (start <= d["start"] < end) or any(a <= d["start"] < b for a, b in named):
            continue  # (a cited document's horizon, `Nghị quyết số 09-NQ/TU … về chuyển đổi số đến năm 2025`, times nothing)
        if any(s <= d["start"] < e or s <= d["start"] - 1 < e for s, e, k in words if k == "actual"):
            continue
        period = any(0 <= d["start"] - f <= 2 for f in froms)  # `từ tháng 3 đến hết 31-12-2016`: a period's end
        # a goal's own deadline (`phấn đấu đến ngày 30/9/2025 …` told in October) stays a goal's, however past
        goal = any(k == "target" and (d["start"] <= s < d["end"] or 0 <= d["start"] - e <= 2) for s, e, k in words)
        cues.append((d["start"], "target" if goal or not (period or counted_by(d, doc)) else "actual"))
    return sorted(cues)
