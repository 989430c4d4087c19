"""Quantities grown from numerals, rule by rule (Duckling's composition): decimal word, scale,
percent or currency, cents, range, comparator, unit; and what is not a quantity (labels, times of
day, identifiers, numerals inside dates or document numbers)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from .. import ranking_tables
from ..furniture import TABLE_LINES, is_table_row
from ..schema import POSITION_UNITS
from ..text import line_at, lines_above
from . import spelled
from .number_lexicon import _lex
from .numerals import _WORD, Atom, atoms

_SENTENCE_END = regex.compile(r"[.!?\n]")
_DIGITS = regex.compile(r"\d+")
_WINDOW = 40  # characters before a number searched for its comparator, label or cue
# Groups of the `context` rule, in the order they are told apart.
_GROUPED = regex.compile(r"\d{1,3}(?:\.\d{3})+")  # digits in thousands (`12.406`)
_CONTEXT_KINDS = ("pair", "cur", "rank", "score", "index", "cmp", "bare", "clock", "label", "label_list", "name", "model")


@dataclass
class Quantity:
    """A numeral grown into a quantity; `start`/`end` span the whole expression."""

    start: int
    end: int
    value: float
    unit: str | None = None
    value_max: float | None = None
    of: float | None = None
    comparator: str = "="
    scale: str | None = None  # the last scale word (`tỷ` in `1,5 nghìn tỷ`), lower case
    noun: str | None = None
    spelled: bool = False  # a currency written before the number (`$10`) never precedes a spelled one
    change: str | None = None  # `+` / `-` when the figure is a change (`tăng 6 bậc`), not a level
    rule: str | None = None  # the numbers.yaml rule that read its numeral, or `range` that joined two

    def record(self, text: str) -> dict:
        return {
            "type": "number", "start": self.start, "end": self.end, "text": text[self.start:self.end],
            "value": self.value, "value_max": self.value_max, "of": self.of, "unit": self.unit,
            "comparator": self.comparator, "change": self.change, "rule": self.rule,
        }


class _Reader:
    """Grows atoms into quantities over one text (Duckling's composition, rule by rule)."""

    def __init__(self, text: str, whole: bool):
        self.text, self.whole, self.lex = text, whole, _lex()
        self.atoms = atoms(text)
        self.by_start = {a.start: i for i, a in enumerate(self.atoms)}
        self._context: dict[int, tuple[str | None, regex.Match | None]] = {}

    def at(self, name: str, pos: int) -> regex.Match | None:
        """A rule matched right at `pos`. The slice is bounded: `regex` looks for a rule's required
        literal (`trở`) before matching, which would otherwise scan the rest of the text each call."""
        return self.lex.rule[name].match(self.text, pos, pos + _WINDOW * 2)

    def before(self, name: str, pos: int, reach: int = _WINDOW) -> regex.Match | None:
        """A REVERSE rule matched leftwards from `pos`, over at most `reach` characters."""
        return self.lex.rule[name].match(self.text, max(0, pos - reach), pos)

    def context(self, pos: int) -> tuple[str | None, regex.Match | None]:
        """Which kind of cue (a group of the `context` rule) ends right before `pos`, if any."""
        if pos not in self._context:
            m = self.before("context", pos)
            kind = next((k for k in _CONTEXT_KINDS if m.group(k) is not None), None) if m else None
            self._context[pos] = (kind, m)
        return self._context[pos]

    def sign(self, m: regex.Match) -> str:
        """The comparator of a `cmp` context match."""
        return next(sign for group, sign in self.lex.comparators.items() if m.group(group) is not None)

    def atom_at(self, pos: int) -> Atom | None:
        i = self.by_start.get(pos)
        return None if i is None else self.atoms[i]

    # -- one numeral and what is glued to it ------------------------------------------------
    def core(self, a: Atom) -> Quantity | None:
        """Numeral + decimal word + scale + unit (+ cents): `1,5 triệu USD`, `hai phẩy 23 đô`."""
        q = Quantity(a.start, a.end, a.value, of=a.of, spelled=a.spelled, rule=a.rule)
        if a.suffix:
            q.value *= self.lex.suffixes[a.suffix]
        m = self.at("decimal", q.end)
        nxt = self.atom_at(m.end()) if m else None
        if nxt is not None and nxt.of is None:
            frac, q.end = self._fraction_digits(nxt)
            q.value += float("0." + frac) if frac.isdigit() else 0
        m = self.at("scale", q.end)
        if m and not a.of:
            for w in m["scale"].split():
                q.value *= spelled.lexicon().scales[w.lower()]
            q.value = round(q.value, 6)  # `4,1 triệu` is 4100000, not the float product 4099999.9999999995
            q.end, q.scale = m.end(), m["scale"].split()[-1].lower()
            self._scale_rest(q)
        self._unit(q)
        if a.suffix and not self.whole and (a.suffix not in self.lex.running_suffixes
                                            or q.unit not in self.lex.currencies):
            return None  # `4G`, `3M`: in running text only `10k đồng` is a scaled amount
        return q

    def _scale_rest(self, q: Quantity) -> None:
        """`566 tỷ 384 triệu đồng`: an amount written in two scales is one figure; the lower part
        (a smaller scale right after, no comma between) is added, so it is no second number."""
        m = self.at("scale_rest", q.end)
        if m is None or q.scale is None:
            return
        scales = spelled.lexicon().scales
        scale, upper = scales[m["scale"].lower()], scales[q.scale]
        part = int(m["n"]) * scale * (100 if m["hundred"] else 1)
        if scale >= upper or part >= upper:
            return  # `1 nghìn 250 tỷ`, `5 triệu 300 triệu`: not a lower part
        q.value += part
        q.end, q.scale = m.end(), m["scale"].lower()

    def _fraction_digits(self, a: Atom) -> tuple[str, int]:
        """Digits after a spoken decimal point, and where they end: in `hai phẩy năm triệu` the
        fraction is `năm` and `triệu` scales the whole number."""
        if not a.spelled:
            return self.text[a.start:a.end], a.end
        scales = spelled.lexicon().scales
        words = list(_WORD.finditer(self.text, a.start, a.end))
        head = next((i for i, w in enumerate(words) if w.group().lower() in scales), len(words))
        if head == 0:
            return "", a.start
        value = spelled.value(" ".join(w.group() for w in words[:head]))
        return str(int(value or 0)), words[head - 1].end()

    def _unit(self, q: Quantity) -> None:
        if (m := self.at("percent", q.end)) is not None:
            q.unit, q.end = "percent", m.end()
            if (points := self.at("percent_points", q.end)) is not None:
                q.unit, q.end = "score", points.end()
        elif (m := self.at("currency_after", q.end)) is not None:
            q.unit, q.end = m.lastgroup, m.end()
        elif not q.spelled and (ctx := self.context(q.start))[0] == "cur":
            m = ctx[1]
            q.unit, q.start = next(c for c in self.lex.currencies if m.group(c) is not None), m.start()
        if q.unit in self.lex.with_cents:
            m = self.at("cents", q.end) or (self.at("cents_tail", q.end) if self.whole else None)
            if m is not None:
                c = m["c"]
                q.value += (float(c) if c.isdigit() else spelled.value(c) or 0) / 100
                q.end = m.end()

    # -- ranges, comparators and units ------------------------------------------------------
    def quantity(self, a: Atom) -> Quantity | None:
        q = self.core(a)
        if q is None:
            return None
        self._range(q, q.end)
        after = q.end  # where `trở lên` may follow: after the unit, or after a counted noun
        if q.unit is None:
            after = self._noun(q, a)
            if q.noun and q.value_max is None and self._range(q, after, q.noun):
                after = self._noun(q, a)  # `từ 500 người đến 1000 người`
            if q.noun == "năm" and self.at("year_after", a.end):
                q.unit, q.noun, q.end, after = None, None, a.end, a.end  # `thứ 3 năm 2022`: a year's word, not 3 years
        if (m := self.at("cmp_after", after)) is not None:
            q.comparator, q.end = self.lex.comparators_after[m["cmp"].lower()], m.end()
        self._comparator(q)
        if (q.unit in (None, "other", "count") and not q.noun and not a.spelled
                and (0 < q.value < 1 or self.lex.rule["index_points"].fullmatch(self.text, a.start, a.end))
                and self.before("index_decimal_before", a.start, reach=120) is not None):
            # `chỉ số … tăng từ 0,48 lên 0,71`; no count is a fraction (`chỉ số chuyển đổi số Cần Thơ … sẽ đạt trên 0,7`),
            # nor is one written to the hundredth (`Điểm số PAPI của tỉnh tăng từ 40,14 lên 40,87`)
            q.unit = "score"
        if ((m := self.before("change_before", q.start) or self.before("signed_change_before", q.start)
                or (self.before("growth_rate_before", q.start, _WINDOW * 3) if q.unit == "percent" else None)) is not None
                and not (self.text.startswith("từ", q.start) and (q.value_max is None or q.unit != "percent"))):
            # not `tăng từ 7,7 lên 9,2`: a level it rose from; a range of shares is the change's (`tăng từ
            # 15-20%`), not one of sums a verb of loss spends (`mất từ 10-20 triệu USD`)
            q.change = "+" if m.group("up") is not None else "-"
        elif q.comparator == ">" and self.at("passed_steps", q.start) and self.at("change_step_after", a.end):
            q.change, q.comparator = "+", "="  # `vượt 17 bậc`: a climb, not more than 17
        if self.whole and (m := self.before("sign", q.start)) is not None and m.start() == 0:
            q.value, q.start = -q.value, 0
        return q

    def _range(self, q: Quantity, pos: int, noun: str | None = None) -> bool:
        """`500-1000`, `từ 1000 đồng đến 2000 đồng`, `1,5 - 2 triệu` (the scale of the second
        applies to both); with `noun`, the second number must count the same noun."""
        m = self.at("range", pos)
        if m is None or q.of is not None or self._word_first(q):
            return False
        lead = self.at("currency_lead", m.end())
        second = self.atom_at(lead.end() if lead else m.end())
        if second is None or second.of is not None:
            return False
        if m["sep"] == "và" and self.context(q.start)[0] != "cmp":
            return False  # `A và B` is a range only after `giữa`
        r = self.core(second)
        if r is None or (q.unit and r.unit and q.unit != r.unit):
            return False
        if noun is not None and ((w := self.at("noun_after", r.end)) is None or w["w"] != noun):
            return False
        low = q.value
        if r.scale and not q.scale and second.value and q.unit is None:
            scaled = q.value * r.value / second.value  # `1,5 - 2 triệu`: the second's scale is the first's too,
            low = scaled if scaled < r.value else low  # unless that passes it (`500.000 - 1 triệu đồng`)
        if r.value <= low:
            return False
        q.value, q.value_max, q.unit, q.end, q.rule = low, r.value, q.unit or r.unit, r.end, "range"
        return True

    def _word_first(self, q: Quantity) -> bool:
        """Is `q` a lone word that is a numeral only sometimes (`không tới 7000` = not up to)?"""
        raw = self.text[q.start:q.end]
        return raw.lower() in self.lex.alone_not_quantity

    def _times_in_a_row(self, label: str, start: int, end: int) -> bool:
        """An ordinal that counts years or times in a row (`năm thứ 3`, `lần thứ 4 liên tiếp`), not one
        that names a session (`kỳ họp thứ 5`, `Đại hội lần thứ 5`)."""
        label = label.lower()
        return (label == "thứ" and self.before("year_ordinal_before", start) is not None
                or label == "lần thứ" and self.at("in_a_row_after", end) is not None)

    def _rank_told(self, q: Quantity) -> bool:
        """A whole number its clause says is a ranking (`Xếp hạng chỉ số … của tỉnh là 37`, `Thứ hạng …
        đạt 12`), with no unit of its own after it (`… đạt 0,65 điểm` stays a score, `ở 3 trụ cột` a count)."""
        if (not float(q.value).is_integer() or q.unit is not None or self.before("rank_subject", q.start, _WINDOW * 3) is None
                or self.at("index_parts_after", q.end) is not None):
            return False
        m = self.at("noun_after", q.end)
        return m is None or m["w"].lower() not in self.lex.score_nouns

    def _noun(self, q: Quantity, a: Atom) -> int:
        """Unit from context: rank, score, measure word (kept in the span), counted noun (not
        kept), or a bare number after a cue. Returns where the quantity's words end."""
        if (role := ranking_tables.cell_role(self.text, q.start)) is not None:
            q.unit = role  # `1 | Sở Nội vụ | 912,5` under `Thứ hạng | Đơn vị | Điểm`
            return q.end
        kind, ctx = self.context(q.start)
        if (a.first or kind == "rank" or (kind == "label" and ctx["label"].lower() == "thứ"  # `thứ 5 cả nước`, `thứ 38/63`
                                          and (self.at("rank_after", q.end) or a.of is not None and a.value <= a.of
                                               and not (2 <= a.value <= 7 and a.of <= 12)))  # (`thứ 5/12`: a weekday's date)
                or (self.before("rank_move_from", q.start) is not None and self.at("rank_move_to", q.end))
                or self.before("rank_move_new", q.start) is not None  # `từ vị trí 38 lên 33`: the new place, bare
                or self.before("rank_respective", q.start, _WINDOW * 5) is not None
                or self._rank_told(q)
                or (a.of is not None and float(a.value).is_integer()  # (`7,8/18 điểm` is a score)
                    and (self.before("rank_verb_before", q.start) is not None  # `xếp 9/63`
                         or (a.value <= a.of and self.before("index_fraction_before", q.start)
                             and self.at("goals_met_after", q.end) is None)
                         or (self.before("year_place_before", q.start) is not None
                             or self.before("name_place_before", q.start) is not None)
                         and self.at("field_place", q.start) is not None))):
            q.unit = "rank"
            if kind == "rank" and self.lex.rule["top_rank"].fullmatch(ctx["rank"]):
                q.comparator = "<="  # `lọt vào Top 10`: among the first ten, not tenth
            if q.of is None and (field := self.at("rank_of", q.end)) is not None:
                q.of = float(field["of"])  # `thứ 14 trong 63 tỉnh`
            return q.end
        if kind == "label" and self._times_in_a_row(ctx["label"], q.start, q.end):
            q.unit = "other"  # `năm thứ 3 liên tiếp`, `lần thứ 4 liên tiếp`: how many in a row, a measure of time
            return q.end
        m = self.at("noun_after", q.end)
        if m is None and (gloss := self.at("gloss_after", q.end)) is not None:
            m = self.at("noun_after", gloss.end())  # `gần 4.500 (70,8%) thủ tục`: the noun past a bracketed share
        word = m["w"] if m else None
        low = word.lower() if word else None
        whole = float(q.value).is_integer()  # (a place is counted whole: `43,2 điểm chỉ số PAPI` is a score)
        if (low in self.lex.score_nouns and not (whole and counted_noun_at(self.text, m.end()))
                and not (whole and (self.before("place_points_before", q.start)
                                    or self.at("place_points_after", m.end())))):
            q.unit, q.noun, q.end = "score", low, m.end()  # `đạt 89,12 điểm`, not `5 điểm cầu`, `tại 205 điểm`
            return q.end
        if (part := self.at("one_of_after", q.end)) is not None and part["w"].lower() not in self.lex.score_nouns:
            q.unit, q.noun = "count", part["w"]  # `1 trong 4 xã`: one of the set, counted as it is
            return q.end
        if kind in ("score", "index") and not (low and low not in self.lex.function_words and word[0].islower()):
            q.unit = "score"
            return q.end
        if a.of is not None and a.of <= 10 and low in self.lex.share_of:
            # `2/3 tổng khối lượng`: a share, the noun is the whole (not `48/52 tổng số hồ sơ hộ tịch`: a count of them)
            q.unit, q.noun = "other", low
            return q.end
        if low in self.lex.rank_nouns and (not counted_noun_at(self.text, m.end()) or (
                self.before("change_before", a.start) and not self.at("step_compound", m.end()))):
            # `tăng 6 bậc`, `tụt 2 hạng`, `tăng 13 bậc chỉ số PAPI`; not `6 hạng mục`, `tăng 2 bậc lương`
            q.unit, q.noun, q.end = "rank", low, m.end()
            return q.end
        if (measure := self.at("measure_after", q.end)) is not None:
            q.unit, q.noun, q.end = "other", measure["w"], measure.end()
        elif (rate := self.at("per_head_after", q.end)) is not None:
            q.unit, q.noun = "other", rate["w"]  # `0,7 doanh nghiệp/1.000 dân`: a rate, no count
        elif word and low not in self.lex.function_words and (not a.spelled or word[0].islower()):
            q.unit, q.noun = "count", word
            return m.end()
        elif (listed := self.at("list_noun_after", q.end)) is not None and self._list_unit(q, listed.end("last")):
            pass  # `3 triệu, 5 triệu và 7 triệu lượt`, `1.200 và 1.500 hồ sơ`: what the list's last item counts
        elif q.scale in self.lex.bare_scale_currency:
            q.unit = self.lex.bare_scale_currency[q.scale]  # `727 tỷ, trong đó`: dong left unsaid
        elif q.scale and self.before("money_head_before", q.start, reach=_WINDOW * 2):
            q.unit = "vnd"  # `kinh phí hơn 300 triệu`: dong left unsaid after a word of money
        elif self.lex.score_digits.fullmatch(self.text, a.start, a.end):
            q.unit = "score"  # `Đà Nẵng (0,8123)`: written like an index value
        elif kind in ("bare", None) and (cell := self.before("cell_unit_before", q.start, reach=_WINDOW * 3)) is not None:
            # a table's cell under a row head that gives the unit (`| Tỷ lệ hồ sơ trực tuyến (%) | 60 | 63,5 |`)
            q.unit, q.noun = ("percent", None) if cell["u"] == "%" else ("count", cell["u"])
        elif kind in ("bare", None) and (unit := self._table_unit(q, a)) is not None:
            q.unit, q.noun = ("percent", None) if unit == "%" else ("count", unit)  # a statistics table's cell
        elif kind in ("bare", "cmp", None) and (self.before("count_head_before", q.start, reach=_WINDOW * 3)
                                         or self.before("count_subject_before", q.start, reach=_WINDOW * 3)
                                         or q.scale and self.before("count_level_before", q.start, reach=_WINDOW * 3)):
            q.unit = "count"  # `tổng số dịch vụ công … là 1.595`, `với tổng số giao dịch 8.701`, `thuê bao … đạt 98,5 triệu`
        elif (not self.whole and kind in ("bare", "cmp", None) and q.scale is None
              and self.lex.grouped_whole.fullmatch(self.text, a.start, a.end)
              and self.at("change_to", q.end) is None):  # (`từ 230.000 lên 280.000 đồng`: the end says it)
            # `trong đó trực tuyến 52.377`: thousands written in groups count things left unsaid, or
            # are dong after a word of money (`giá vé 7.000`)
            q.unit = "vnd" if self.before("money_head_before", q.start, reach=_WINDOW * 2) else "count"
        elif self.whole or kind == "bare":
            q.unit = "other"
        return q.end

    def _table_unit(self, q: Quantity, a: Atom) -> str | None:
        """The unit a statistics table's unit line gives the bare figures of its rows (`(ĐVT: %)` over
        `2023 71,20 80,15 60,32`), read up the rows and head lines to it; a row's year is no cell."""
        if a.spelled or (float(q.value).is_integer() and 1900 <= q.value <= 2100):
            return None
        start, end = line_at(self.text, q.start)
        if not is_table_row(self.text[start:end]):
            return None
        for start, end in lines_above(self.text, start, TABLE_LINES):
            if (m := self.lex.rule["table_unit_caption"].fullmatch(self.text, start, end)) is not None:
                return m["u"]
            if not (is_table_row(self.text[start:end]) or self.lex.rule["table_head"].fullmatch(self.text, start, end)):
                return None
        return None

    def _list_unit(self, q: Quantity, last: int) -> bool:
        """Give `q` the percent sign, currency, measure or counted noun after the list's last item;
        a name's or a label list's numeral (`xăng RON 92; 57,599 USD`) is no item of it."""
        if self.context(q.start)[0] in ("name", "model", "label_list", "pair", "clock"):
            return False
        if self.at("percent", last) is not None:
            q.unit = "percent"
        elif (m := self.at("currency_after", last)) is not None:
            q.unit = m.lastgroup
        elif (m := self.at("measure_after", last)) is not None:
            q.unit, q.noun = "other", m["w"]
        elif (m := self.at("noun_after", last)) is not None and m["w"].lower() not in self.lex.function_words and m["w"][0].islower():
            q.unit, q.noun = "count", m["w"]
        return q.unit is not None

    def _comparator(self, q: Quantity) -> None:
        """Sign from the words before: `trên 50%` >, `từ 70%` >=; a range keeps `=` unless approximate
        (`khoảng chừng từ 1000 đến 2000`: the opener and the cue before it both join the span)."""
        kind, m = self.context(q.start)
        if kind != "cmp":
            return
        if q.value_max is not None:
            if m["cmp"].strip().lower() in self.lex.range_openers:
                kind2, m2 = self.context(m.start())
                m = m2 if kind2 == "cmp" else m
            q.comparator = "~" if self.sign(m) == "~" else "="
        elif q.comparator == "=" and not (m["cmp"].strip().lower() in self.lex.range_openers
                                          and self.at("change_after", q.end)):
            q.comparator = self.sign(m)
        q.start = m.start()

    # -- what is not a quantity ------------------------------------------------------------
    def rejected(self, a: Atom, q: Quantity) -> bool:
        if q.unit is None:
            return True
        if self.whole:
            return False
        raw = self.text[a.start:a.end]
        if any(self.text.startswith(idiom, a.start) and not (a.start + len(idiom) == a.end and q.unit == "count" and q.noun)
               for idiom in self.lex.idioms):
            return True  # (a numeral idiom before a counted noun counts it: `24/24 đơn vị đã triển khai`, not `trực 24/24`)
        if a.value == 1 and not a.spelled and (self.at("one_among_after", a.end) is not None
                                               or self.before("ratio_base_before", a.start) is not None):
            return True  # `1 trong 9 địa phương dẫn đầu`, `1 trong những …`, `cứ 1 USD`: no quantity
        if self.at("rate_base_after", a.start) is not None and self.before("rate_base_before", a.start) is not None:
            return True  # `98 thuê bao trên 100 dân`: the base a rate is per
        share = q.unit == "other" and q.noun in self.lex.share_of
        if a.of is not None and ((q.unit not in ("rank", "score", "count", "percent") and not share) or a.value > a.of <= 12):
            return True  # `5/3` is a date whose year is unknown, not a part of a whole
        kind, m = self.context(a.start)
        if self._word_first_alone(a):
            return True
        # `ở mức 200.000 đồng`; `giai đoạn 5 năm tới`, `ở mức 10GB/tháng`: a span or level of a measure is no label
        measured = q.unit == "percent" or q.unit in self.lex.currencies or (
            q.unit == "other" and (q.end > a.end or q.noun is not None)  # (`ở mức 6 thuê bao/100 dân`: a rate per head)
            and kind == "label" and m["label"].strip().lower() in self.lex.measure_labels) or (
            q.unit == "other" and kind == "label" and self._times_in_a_row(m["label"], a.start, q.end))
        if kind in ("pair", "clock") or (kind == "label" and not measured and q.unit != "rank" and self._label(m, q)):
            return True
        if kind == "name" and q.unit in ("count", "other") and not (
                q.noun and (self._parallel(m, q.noun) or _GROUPED.fullmatch(raw) and q.noun[:1].islower())):
            return True  # `iPhone 7`; but `VNPT 18 trạm, Mobifone 10 trạm` counts as the list did, and so
            # does a count in thousands after an abbreviation (`bưu điện trả TTHC 12.406 hồ sơ`): no model is numbered so
        if kind == "model" and q.unit == "count" and self.at("model_next", a.end) is not None:
            return True  # `Nokia 3310 hơn 20 năm`: a model; `Viettel 25 trạm` counts its stations
        if kind == "label_list" and q.unit in ("count", "other") and not self._after_year_frame(m, raw) and (
                q.noun is None or q.noun[0].isupper() and not (q.noun.isupper() and self._parallel(m, q.noun))
                or q.value < self.lex.label_list_max and not self._parallel(m, q.noun)):
            return True  # `khoản 1, 2 Điều 8`, `mức độ 3, 4 lĩnh vực`; but `mức độ 3, 712 dịch vụ` counts,
            # as does an abbreviation counted before the label too (`210 DVCTT mức độ 2, 85 DVCTT mức độ 3`)
        if q.noun and q.noun[0].isupper() and self.lex.year_like.fullmatch(raw):
            return True  # `tết Nguyên đán 2017 Phương tiện`: a year before a new headline
        if not a.spelled and self.at("model_after", a.end) is not None:
            return True  # `Xperia 10 III`: a model's name
        if self.at("grade_after", q.end) is not None:
            return True  # `sản phẩm 4 sao`: a grade, like `mức độ 4`
        if a.spelled and self.before("vague_before", a.start) is not None:
            return True  # `vài trăm triệu đồng`: no figure
        if not a.spelled and self.before("phone_before", a.start) is not None:
            return True  # `0988 868 465`: the later groups of a phone number
        if not a.spelled and raw.isdigit() and len(raw) >= 3 and self.before("channel_before", a.start) is not None:
            return True  # `Tổng đài dịch vụ công 1022`: the number a hotline is called by
        return not a.spelled and a.of is None and bool(self.lex.identifier.fullmatch(raw))

    def _word_first_alone(self, a: Atom) -> bool:
        """`một`, `năm`, `tỷ` alone are words first (`ít nhất một giao dịch`, `hơn một năm`, `sau một tháng` count),
        and `không` opening a comparator always is (`tối đa không quá 120 ngày`)."""
        return (a.spelled and not a.compound and self.text[a.start:a.end].lower() in self.lex.alone_not_quantity
                and (not self._bound(*self.context(a.start)) or self.at("negation_after", a.end) is not None)
                and not (self.before("change_before", a.start) and self.at("change_step_after", a.end))
                and not (self.before("span_bound_before", a.start) and self.at("measure_after", a.end))
                and not (a.value == 1 and self.before("span_start_before", a.start) and self.at("span_unit_after", a.end)))

    def _plainly_a_word(self, a: Atom) -> bool:
        """An atom `rejected` would drop whatever it grew into, with nothing after it that could
        make it a range to skip whole: dropped before it is grown (nearly half of all atoms in
        news are a lone `một` or `năm`)."""
        return (not self.whole and self._word_first_alone(a)
                and not any(self.at(rule, a.end) for rule in ("range", "decimal", "scale")))

    def _label(self, m: regex.Match, q: Quantity) -> bool:
        """Is the label before `q` one (`nhóm 3`), not a verb before a count (`cấp 1.200 tài khoản`)
        nor a group of counted places (`nhóm 5 địa phương`)?"""
        return not self._verb(m, q) and self.at("group_count", m.start("label")) is None

    def _after_year_frame(self, m: regex.Match, raw: str) -> bool:
        """`Năm 2024, 7 địa phương …`: a list opened by a year goes on with years; a number that is
        none begins the clause the year frames, it is no label."""
        first = _DIGITS.search(m["label_list"])
        return (first is not None and self.lex.year_like.fullmatch(first.group()) is not None
                and self.lex.year_like.fullmatch(raw) is None)

    def _verb(self, m: regex.Match, q: Quantity) -> bool:
        """`cấp 1.200 tài khoản`: a label word that is also a verb, before a large count."""
        return (m["label"].strip().lower() in self.lex.verb_labels and q.unit == "count"
                and q.value >= self.lex.label_list_max)

    def _parallel(self, m: regex.Match, noun: str) -> bool:
        """`94 dịch vụ công mức 3 và 2 dịch vụ công mức 4`: the number after a label's list counts
        the same noun a number right before the label counted, so it is a second count."""
        lo = max(0, m.start() - _WINDOW * 2)
        return any(w["w"] == noun for a in self.atoms if lo <= a.end <= m.start()
                   if (w := self.at("noun_after", a.end)) is not None)

    def _bound(self, kind: str | None, m: regex.Match | None) -> bool:
        """Is the cue a bound that makes even `một` a number (`ít nhất`, `tối đa`, `dưới`), unlike
        `từ một đô thị` or `trên một` (`trên` is also "on")?"""
        return kind == "rank" or (kind == "cmp" and self.sign(m) in ("<", "<=", ">=")
                                  and m["cmp"].strip().lower() not in self.lex.range_openers)

    def read(self, blocked: list[tuple[int, int]]) -> list[Quantity]:
        starts = [s for s, _ in blocked]
        out: list[Quantity] = []
        end = -1
        for a in self.atoms:
            if a.start < end or _inside(a.start, a.end, blocked, starts):
                continue
            if self._plainly_a_word(a):
                continue
            clock = self.at("clock_after", a.end)
            if clock is not None and not self.whole:
                end = clock.end()  # `7 giờ 30 phút`: a time of day, minutes included
                continue
            q = self.quantity(a)
            if q is None or _inside(a.start, q.end, blocked, starts) or ranking_tables.repeated_cell(self.text, a.start):
                continue
            group_end = self._top_group(a, q)
            listed = (self._listed(out[-1] if out else None, a, q) or group_end is not None or self._respective(a, q)
                      or self._change_from(a, q))
            if q.unit is None and q.scale and self.before("goal_value_before", q.start) is not None:
                self._goal_unit(out, q)  # `… 65 triệu tài khoản, vượt so với mục tiêu 40 triệu`
            if not listed and self.rejected(a, q):
                end = max(end, q.end)  # nor is what it grew into: a label's range, the `triệu` of `5 triệu không đổi`
                continue
            self._shared_change(out[-1] if out else None, q)
            out.append(q)
            end = max(q.end, group_end or 0)  # the group's `dẫn đầu` is no first place of its own
            if q.unit == "rank" and q.of is not None and (field := self.at("rank_of", q.end)) is not None:
                end = max(end, field.end())  # `thứ 14 trong 63 tỉnh`: the field is the rank's `of`, no count of its own
        return out

    def _goal_unit(self, out: list[Quantity], q: Quantity) -> None:
        """The unit and noun of the last scaled count before `q` in its sentence: the count a goal
        value with no noun of its own is set against."""
        for prev in reversed(out):
            if _SENTENCE_END.search(self.text, prev.end, q.start):
                return
            if prev.scale and prev.unit == "count":
                q.unit, q.noun = prev.unit, prev.noun
                return

    def _shared_change(self, prev: Quantity | None, q: Quantity) -> None:
        """`tăng 68% về số lượng và 57% về giá trị`: a figure of the same unit coordinated with a
        change, with nothing of its own between but what the first one was of, is a change too."""
        if prev is None or not prev.change or q.change is not None or q.unit != prev.unit:
            return
        if (between := self.at("change_shared", prev.end)) is not None and between.end() == q.start:
            q.change = prev.change


    def _listed(self, prev: Quantity | None, a: Atom, q: Quantity) -> bool:
        """A bare numeral right after a rank or score in a list of them (`thứ 7 và thứ 15`,
        `0,31; 0,29 và 0,27`) is one of the same kind: it takes the unit, and no label rule sets
        it aside (`thứ 15` there is no edition); so is a bare decimal after a bare decimal a cue
        made a measure (`lần lượt là 44,12 và 45,08`)."""
        decimals = prev is not None and prev.unit == "other" and not prev.noun and not (
            float(prev.value).is_integer() or float(q.value).is_integer())
        if prev is None or (prev.unit not in POSITION_UNITS and not decimals) or q.unit not in (None, "count"):
            return False
        if q.noun:
            return False
        m = self.at("rank_list", prev.end)
        if m is None or m.end() != a.start:
            return False
        q.unit = prev.unit
        return True


    def _respective(self, a: Atom, q: Quantity) -> bool:
        """`lần lượt là 83,49; 78,44% và 77,66%`: a bare item of a `lần lượt` list whose last
        item is a percent is one too (the unit is written once); no label rule sets it aside."""
        if q.unit not in (None, "other", "count") or q.noun or a.spelled:
            return False
        if self.at("percent_list_rest", q.end) is None or self.before("respective_before", a.start, _WINDOW * 2) is None:
            return False
        q.unit = "percent"
        return True

    def _change_from(self, a: Atom, q: Quantity) -> bool:
        """`tăng từ 12.000 lên 18.000 hồ sơ`: the bare figure a change starts from measures what the
        figure it changed to measures (the unit is written once, on the second)."""
        if q.unit is not None or q.noun or a.spelled:
            return False
        m = self.at("change_to", q.end)
        if m is None or self.before("change_from", a.start) is None:
            return False
        to = next((b for b in self.atoms if b.start == m.end()), None)
        later = self.quantity(to) if to is not None else None
        if later is None or later.unit is None:
            return False
        q.unit, q.noun = later.unit, later.noun
        q.value *= later.value / to.value if to.value else 1  # `từ 5 lên 7 tỷ đồng`: the scale too
        return True

    def _top_group(self, a: Atom, q: Quantity) -> int | None:
        """`thuộc nhóm 15 tỉnh, thành phố dẫn đầu`, `là 3 tỉnh có chỉ số cao nhất`: being among
        the first N is rank N at most (the label `nhóm` sets nothing aside here; a `top` entered or
        held needs no lead after it, one with no verb before it a field or a lead, `là N` a digital
        ranking's). Returns where the group's words end."""
        group = self.before("group_before", a.start)
        if group is None:
            return None
        if group["bare"] is not None:  # a list's head (`Top 10 DN EdTech`) ranks none
            m = self.at("top_field_after", a.end)
            if m is None:
                return None
        else:
            m = self.at("group_named_after" if group["named"] else "group_after", a.end)
            if m is None and group["top"] is None:
                return None
        q.unit, q.comparator = "rank", "<="
        return m.end() if m is not None else q.end


def _inside(start: int, end: int, blocked: list[tuple[int, int]], starts: list[int]) -> bool:
    """Does [start, end) overlap a blocked span (a date or a document number, both short)?"""
    i = bisect.bisect_left(starts, end) - 1
    while i >= 0 and blocked[i][0] > start - _WINDOW * 5:
        if blocked[i][1] > start:
            return True
        i -= 1
    return False


def counted_noun_at(text: str, pos: int) -> bool:
    """Does a counted noun follow `pos` (`2-3 người`), rather than a function word, a name or a
    new sentence (`đến 11/6 U19 Việt Nam`), or nothing?"""
    lex = _lex()
    m = lex.rule["noun_after"].match(text, pos, pos + _WINDOW)
    return m is not None and m["w"][0].islower() and m["w"] not in lex.function_words
