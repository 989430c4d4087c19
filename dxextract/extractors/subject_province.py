"""The province an article is about, and the province (or the nation) a sentence speaks of, from
the entity records of the Document."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

import regex

from ..document import Document
from ..furniture import is_stamp, title_span
from ..provinces import province_2025
from ..rules import compile as compile_rule, load
from ..text import aside_opened
from .entity_mention import LOCAL, NATIONAL, PRESS

def _province_of(rec: dict) -> str | None:
    if rec.get("scope") == NATIONAL:
        return None
    return rec.get("province") or (rec["norm"] if rec.get("label") == "PROVINCE" else None)


def _unique(provinces: Iterable[str | None]) -> str | None:
    found = {p for p in provinces if p}
    return found.pop() if len(found) == 1 else None


def _top(counts: Counter) -> str | None:
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


_LEAD_LINES, _LEAD_CHARS = 3, 400  # the title, stamp and lead; a one-line body is cut short
_REPEATED = 2  # mentions a province needs to be the article's without a title or credit
_ROUND_UP = 5  # provinces a round-up names (`Huế, Đà Nẵng, Bắc Ninh, Hà Nội và Cần Thơ dẫn đầu …`)
_TABLE = 3  # provinces a lead ranks for a ranking title's province to be only the table's first


def _lead_end(text: str) -> int:
    """End of the title, stamp and lead: the first three lines, stamps not counted (a page's date
    and its publication stamp may stand apart), at most `_LEAD_CHARS` of them."""
    end, counted, stamps = -1, 0, 0
    while counted < _LEAD_LINES:
        start, end = end + 1, text.find("\n", end + 1)
        if end < 0:
            return min(len(text), stamps + _LEAD_CHARS)
        if is_stamp(text[start:end]):
            stamps += end - start + 1
        else:
            counted += 1
    return min(end, stamps + _LEAD_CHARS)


def _in_parentheses(text: str, start: int) -> bool:
    """An aside (`(số 1, quận Cầu Giấy, TP. Hà Nội)`): an example, not the subject; but not a
    gloss that says which province a district or commune is in (`huyện Mường Lát (Thanh Hóa)`)."""
    line = text.rfind("\n", 0, start) + 1
    opened = aside_opened(text, line, start)
    return opened != -1 and not load("commitments").rules["place_gloss"].regex.search(text, line, opened + 1)


def _cue_before(name: str, text: str, start: int, reach: int) -> bool:
    """Does rule `name` of commitments.yaml find its cue in the `reach` characters before a mention?"""
    return load("commitments").rules[name].regex.search(text, max(0, start - reach), start) is not None


def _is_venue(text: str, start: int) -> bool:
    """A dateline's place (`Sáng 12/3, tại Hà Nội, Thủ tướng chủ trì …`): where a meeting sat, not
    whose figures it gives."""
    return _cue_before("venue", text, start, 40)


def _assesses(text: str, start: int) -> bool:
    """A national body named as the one whose assessment gives the figure (`theo kết quả đánh giá
    của Bộ …: năm 2022 là 13,1%`), not as whose figure it is."""
    return _cue_before("assessor", text, start, 40)


def _owns_channel(text: str, start: int) -> bool:
    """A national body named as the owner of the channel a figure was done on (`công khai trên Cổng
    thông tin điện tử của Tòa án nhân dân tối cao`), not as whose figure it is."""
    return _cue_before("channel_owner", text, start, 80)


def _subject_provinces(text: str, ents: list[dict]) -> list[tuple[int, str]]:
    """(offset, province) of the mentions that may make an article provincial: not in an aside, nor a venue."""
    return [(r["start"], p) for r in ents
            if (p := _province_of(r)) and not _in_parentheses(text, r["start"]) and not _is_venue(text, r["start"])]


def _edged(cues: tuple[str, ...], not_after: tuple[str, ...] = ()) -> regex.Pattern:
    """One pattern over the cues, each matched at word boundaries (and not right after `not_after`)."""
    after = r"(?<!(?<![\p{L}\p{M}])(?i:" + "|".join(not_after) + r")[ ](?:(?i:các)[ ])?)" if not_after else ""
    return compile_rule(r"(?<![\p{L}\p{M}])" + after + "(?:" + "|".join(cues) + r")(?![\p{L}\p{M}])")


@lru_cache(maxsize=1)
def _scope_cues() -> tuple[regex.Pattern, regex.Pattern]:
    """(national, local) cue patterns of patterns/entities.yaml."""
    data = load("entities").lexicon
    return _edged(data.national_cues, data.national_recipient_before), _edged(data.local_cues)


@lru_cache(maxsize=1)
def _lead_cues() -> regex.Pattern:
    """Cues that make a lead national though a sentence of a provincial story may use them loosely (`GDP`)."""
    return _edged(load("entities").lexicon.national_lead_cues)


def _inside(ents: list[dict], start: int, end: int) -> list[dict]:
    return [r for r in ents if start <= r["start"] and r["end"] <= end]


def _is_local(text: str, ents: list[dict], start: int, end: int) -> bool:
    """A provincial body (`HĐND tỉnh`, `Sở Nội vụ`) or `tỉnh`, `thành phố` alone in text[start:end]."""
    return (any(r.get("scope") == LOCAL for r in _inside(ents, start, end))
            or _scope_cues()[1].search(text, start, end) is not None)


def _is_national(text: str, ents: list[dict], start: int, end: int, lead: bool = False) -> bool:
    """A national cue (in a lead, also a lead's own) and no local one in text[start:end]; the national
    cues are looked for first, as most leads have none and the local search is then not needed."""
    inside = _inside(ents, start, end)
    if not (any(r.get("scope") == NATIONAL and not (_owns_channel(text, r["start"]) or _assesses(text, r["start"])) for r in inside)
            or any(not _assesses(text, m.start()) for m in _scope_cues()[0].finditer(text, start, end))
            or lead and _lead_cues().search(text, start, end) is not None):
        return False
    return not (any(_province_of(r) and not _is_venue(text, r["start"]) for r in inside)
                or _is_local(text, ents, start, end))


def sentence_is_national(doc: Document, start: int, end: int) -> bool:
    """Whether text[start:end] reports a national figure: it has a national cue (`cả nước`,
    `toàn quốc`, `Thủ tướng`, `Chính phủ`, `Bộ Y tế`, `các bộ, ngành`, a national body) and no local one
    (a named province, a provincial body such as `UBND`, `Sở`, or `tỉnh`, `thành phố` used alone).
    A national sentence takes precedence over the article's province: its figures have province
    None even in a provincial article. `sentence_province` is not affected (it still names the one
    province a sentence writes, which a national sentence never has)."""
    return _is_national(doc.text, doc.entities, start, end)


def article_province(doc: Document) -> str | None:
    """The province an article is about. A province must dominate: named in the title; or in the
    lead and at least `_REPEATED` times in all; or the press credit's (`Nguồn: Báo Đắk Lắk`); or the
    only province named by an article whose lead is provincial (`HĐND tỉnh`, then `TP Vinh` once,
    unless a provincial outlet says otherwise); none in a round-up of `_ROUND_UP` provinces or more,
    none named more than twice (unless the outlet is one of them);
    or none when the lead is national (`Thủ tướng Chính phủ vừa ban hành…`, even in a provincial
    paper); or the one named most and at least `_REPEATED` times; else the outlet's province. Mentions in an aside (an
    example address in parentheses) do not count, so one incidental `TP. Hà Nội` leaves a national
    article national."""
    ents = doc.entities
    text = doc.text
    named = _subject_provinces(text, ents)
    everywhere = Counter(p for _, p in named)
    title_start, title_end = title_span(text)
    in_title = [p for i, p in named if title_start <= i < title_end]
    title = _unique(in_title) or (_unique(map(province_2025, in_title)) if after_merger(doc) else None)
    lead_end = _lead_end(text)
    if title:  # after the merger, the old names a title lists (`Lâm Đồng (mới) gồm Lâm Đồng, Đắk Nông, Bình Thuận`) are one
        table = _heads_a_table(doc, named, title_end, lead_end) and not _is_local(text, ents, title_end, lead_end)
        return None if table else title
    if len(everywhere) >= _ROUND_UP and max(everywhere.values()) <= _REPEATED and doc.province not in everywhere:
        return None  # many provinces, none named more than twice, not the outlet's own: a round-up, no one province's
    lead = Counter({p: everywhere[p] for i, p in named if i < lead_end and everywhere[p] >= _REPEATED})
    credit = _unique(_province_of(r) for r in ents if r.get("scope") == PRESS)
    dominant = _top(lead) or credit
    if dominant:
        return dominant
    only = next(iter(everywhere)) if len(everywhere) == 1 else None
    if only and _is_local(text, ents, 0, lead_end) and (doc.province is None or everywhere[only] >= _REPEATED):
        return only  # one mention outweighs no outlet, not a provincial outlet's own province
    top = _top(everywhere)
    province = top if top and everywhere[top] >= _REPEATED else doc.province
    if province is not None and _is_national(text, ents, 0, lead_end, lead=True):  # asked only when there is one to deny
        return None  # a national story, even in a provincial paper, is no province's
    return province


def _heads_a_table(doc: Document, named: list[tuple[int, str]], title_end: int, lead_end: int) -> bool:
    """Does a ranking title only name the leader of a table its lead sets out, several provinces with
    their places (`… Đà Nẵng dẫn đầu` over `dẫn đầu cả nước … là Đà Nẵng với 81,4%; kế đến là Bình
    Dương (74,2%), Quảng Ninh (70,1%)`)? Then the article is the table's, no one province's."""
    ranks = load("commitments").rules["ranking_cue"].regex.search(doc.text, 0, title_end) is not None
    ranked = {p for i, p in named if title_end <= i < lead_end}
    return ranks and len(ranked) >= _TABLE


def after_merger(doc: Document) -> bool:
    """Is the article from after the 1 July 2025 merger of provinces (`data.merger_date`)?"""
    return doc.published is not None and doc.published.isoformat() >= load("commitments").data["merger_date"]


def sentence_province(doc: Document, start: int, end: int, ignore: Callable[[dict], bool] | None = None) -> str | None:
    """The province named in text[start:end], when it names exactly one (leaving out the mentions
    `ignore` rejects)."""
    return _unique(_province_of(r) for r in doc.entities
                   if start <= r["start"] and r["end"] <= end and not (ignore and ignore(r)))


def sentence_is_local(doc: Document, start: int, end: int) -> bool:
    """text[start:end] speaks of a province without naming it: `tỉnh`, `thành phố` alone, a provincial body."""
    return _is_local(doc.text, doc.entities, start, end)


def province_before(doc: Document, pos: int, within: int) -> str | None:
    """The province named last in the `within` characters before `pos` (`thành phố Hà Nội đã đạt …
    Tỷ lệ … của thành phố đạt 85,89%`), not inside parentheses."""
    named = [r for r in _subject_provinces(doc.text, [e for e in doc.entities if pos - within <= e["start"] < pos])]
    return named[-1][1] if named else None
