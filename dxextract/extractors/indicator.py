"""The indicator of a figure: the measured thing, as a short phrase taken from its sentence.

From the spans clauses.py gives each figure: the `pre` text loses everything up to the last
frame word (cue, date, `là`, `:`) and the copula or comparator just before the figure; the `post`
text runs to the next separator, or, for the last figure of a chunk, across commas that only
continue a noun list (`100% thôn, bon, tổ dân phố … sẽ được thành lập Tổ công nghệ số`), which
underthesea's part-of-speech tags tell. Coordinated figures share heads and tails: in
`cáp quang phủ trên 80% hộ gia đình, 100% xã` the 100% keeps `cáp quang phủ`; in
`90% hồ sơ … cấp tỉnh, 80% hồ sơ … cấp huyện và 60% hồ sơ … cấp xã được xử lý trên môi trường
mạng` every item gets the shared predicate; items of a list announced by a measured head
(`Tỷ lệ hồ sơ giao dịch qua mạng … như: …`) get that head. A figure measured against the one
before it (`…, tăng 20%`, `(đạt 98,22%)`, `75% kế hoạch`) extends that one's indicator, and a
phrase that only points back (`kết quả`) borrows the digital-transformation phrase of the
sentence before.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from ..document import Document
from ..furniture import is_table_row
from ..rules import compile as compile_rule, alternation, load
from ..schema import POSITION_UNITS
from ..text import Span, line_at
from .clauses import Figure
from .commitment_context import numeral_start

_SPACES = regex.compile(r"\s+")
_EDGE_JUNK = regex.compile(r"^[\s,.;:|–+•*·-]+|[\s,.;:|–(-]+$")  # (a list item's marker too: `+ 100% cơ quan …`)
_UNBALANCED_TAIL = regex.compile(r"\s*\([^)]*$")
_QUOTE_ENDS = regex.compile(r'^[^"“”]*(?=["”]\s*,)')  # a closing quote with no opening one before it, then a comma
_CELLS_BEFORE = regex.compile(r"(?:\s+\d[\d.,]*)+\s*$")
_UNIT_CELL = regex.compile(r"\s*\|[^|\d]{0,15}$")  # the last cell before a figure, when short: its unit
_SEPARATOR = regex.compile(r"[,:;]")
_ASIDE = regex.compile(r"\([^()]*\)")
_WORD = regex.compile(r"[\p{L}\p{M}\d]+")
_ABBREVIATION = regex.compile(r"\((?:\p{Lu}[\p{Lu}\d&/-]{1,11}|[A-Z][a-z]{2,14})\)")  # `(BTS)`, `(CSDL)`, `(TT&TT)`, an English gloss `(Smartphone)`
_DIGIT = regex.compile(r"\d")
_QUOTES = regex.compile(r"[\"“”‘’«»]")  # a name's quotes: the indicator keeps the name
_PLACE_JOINER = regex.compile(r"\s*(?:,|,?\s*(?:và|hoặc))\s*")  # between two places named in a row
_NAME_GOES_ON = regex.compile(r"[ ]?-?\p{Lu}")  # a place name that a capitalised word or `-S` continues


@dataclass(frozen=True)
class Phrase:
    """A figure's indicator and the part of it that is its own (for its level)."""

    indicator: str
    own: str
    item: str = ""  # the item of a `lần lượt` list the figure pairs off with (`kinh tế số`), if any
    shared: bool = False  # a share of what a count before it counts (count_shared)


def _rule(name: str) -> regex.Pattern:
    return load("commitments").rules[name].regex


def blanked(text: str, span: Span, skip: list[Span]) -> str:
    """text[span] with the skipped spans (dates, legal references) blanked out, offsets kept."""
    s, e = span
    chars = list(text[s:e])
    for a, b in skip:
        for i in range(max(a, s), min(b, e)):
            chars[i - s] = " "
    return "".join(chars)


def _tidy(phrase: str) -> str:
    """One space between words, no dangling punctuation or unclosed parenthesis at the ends."""
    phrase = _UNBALANCED_TAIL.sub("", _SPACES.sub(" ", phrase))
    while phrase.count(")") > phrase.count("(") and ")" in phrase:
        phrase = phrase[: phrase.rindex(")")] + phrase[phrase.rindex(")") + 1:]
    return _EDGE_JUNK.sub("", phrase)


def _cap(phrase: str, syllables: int, keep_end: bool) -> str:
    words = phrase.split()
    if len(words) <= syllables:
        return phrase
    return " ".join(words[-syllables:] if keep_end else words[:syllables])


def _clause_start(doc: Document, fig: Figure, start: int) -> int:
    """Where the last clause before the figure starts: after a `,`, `và` or `hoặc` that a verb
    follows (`xe hỗ trợ 4G, camera lùi và trang bị … 8 túi khí`); a list of nouns, or of verbs
    after a comma (`được tiếp nhận, giải quyết trực tuyến`), goes on."""
    if not _rule("item_split").search(doc.text, start, fig.pre[1]):
        return start
    tagged = doc.tagged(start, fig.number["end"])  # the words before the figure, and the figure
    verbs = set(load("commitments").data["verb_tags"])
    paired = {start + i for i in paired_commas(doc.text[start:fig.pre[1]])}  # `phủ sóng 3G, 4G`: one thing
    for i in range(1, len(tagged) - 1):
        word, _, s, e = tagged[i]
        if s in paired or not (start <= s and e <= fig.pre[1] and _rule("item_split").fullmatch(doc.text, s, e)):
            continue
        verb_after = tagged[i + 1][1] in verbs
        verb_list = word == "," and tagged[i - 1][1] in verbs
        if (verb_after and not verb_list and not _ends_subject(tagged, i + 1, verbs)
                and not _rule("predicate_close").fullmatch(doc.text, tagged[i + 1][3], numeral_start(fig.number))):
            start = tagged[i + 1][2]
    return start


def _ends_subject(tagged: list, j: int, verbs: set[str]) -> bool:
    """Is the verb at j the last word of a subject (`phần mềm quản lý văn bản và điều hành đã được
    triển khai`), not a clause of its own? It is when the predicate's auxiliary follows it at once:
    `đã`, `sẽ`, `đang`…, or a passive `được` before a verb (`được triển khai`, not `giải quyết được 95%`)."""
    if j + 1 >= len(tagged):
        return False
    word = tagged[j + 1][0].casefold()
    passive = word == "được" and j + 2 < len(tagged) and tagged[j + 2][1] in verbs
    return passive or word in load("commitments").data["predicate_aux"]


def pre_phrase(doc: Document, fig: Figure, skip: list[Span]) -> str:
    """What the figure measures when it comes after it (`kinh tế số chiếm`, `tỷ lệ … có tài khoản`).
    Province names are left out: the record's `province` says where; not one inside a longer name
    (`mini app “Tây Ninh Smart”`, `ứng dụng Quảng Trị-S`), which names the thing."""
    names = _joined([(_linked_from(doc.text, e["start"]), e["end"]) for e in doc.entities
                     if e.get("label") == "PROVINCE" and not _NAME_GOES_ON.match(doc.text, e["end"])], doc.text)
    text = blanked(doc.text, fig.pre, skip + names)
    text = _rule("pre_trailing").sub("", text)
    for cut_rule in ("gloss_open", "change_from"):
        # `thanh toán an toàn (85,9%)`: a bracketed figure measures what precedes the bracket;
        # `tăng từ 7,7 triệu lên hơn 9,2 triệu`: the new value measures what precedes the change
        m = _rule(cut_rule).search(text)
        if m:
            text = _rule("pre_trailing").sub("", text[:m.start()])
    # `(cả ADSL và cáp quang)` is no frame; an abbreviation glossing the thing (`trạm thu phát sóng (BTS)`) stays with it
    shown = _ASIDE.sub(lambda m: m.group(0) if _ABBREVIATION.fullmatch(m.group(0)) else " " * len(m.group(0)), text)
    text = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    cut = 0
    for m in _rule("pre_opener").finditer(text):
        # `… để đăng nhập dịch vụ công trực tuyến với khoảng 425.000 lượt/ngày`: a `với` with nothing
        # but a comparator after it (trailing words are gone) opens no thing of its own; the clause
        # before it is what is counted, when it says more than a place (`tiếp theo là Huế với 70%`)
        # and a place that closes the phrase (`thanh toán trực tuyến phí, lệ phí trên địa bàn tỉnh đạt`) scopes it
        # (not one that opens a clause of its own: `…, toàn tỉnh đã có 120.000`)
        before = text[cut:m.start()]
        if not (_rule("closing_opener").fullmatch(m.group()) and not text[m.end():].strip()
                and len(_WORD.findall(before)) > 2 and _WORD.search(before.rsplit(",", 1)[-1])):
            cut = m.end()
    for a, b in skip:  # a date or reference inside the pre also frames what follows it,
        end = min(b, fig.pre[1]) - fig.pre[0]  # unless nothing (or only `lần lượt`) follows it (`tốc độ tăng trưởng trong quý II/2024 là`),
        # or only whose it is and the verb (`tổng doanh thu ngành công nghệ số năm 2024 của Hải Phòng ước đạt`)
        if (fig.pre[0] <= a < fig.pre[1] and not _rule("respective_tail").match(text, end)
                and _rule("pre_trailing").sub("", _rule("pre_leading").sub("", text[end:])).strip()):
            cut = max(cut, end)
    heads = list(_rule("indicator_head").finditer(text))
    paired = paired_commas(text)  # (`tỷ lệ thủ tục … đã tích hợp, công khai lên Cổng …`: one thing done, no new clause)
    if heads and not any(m.start() not in paired for m in _SEPARATOR.finditer(text, heads[-1].end())):
        cut = heads[-1].start()  # `Tổng số hồ sơ … đã được phê duyệt là 36.282`: the head holds
    else:
        clause = _clause_start(doc, fig, fig.pre[0] + cut) - fig.pre[0]
        head = _rule("indicator_head").search(text, cut, clause)
        cut = head.start() if head else max(cut, clause)
    rest = _rule("pre_leading").sub("", shown[cut:])
    # a phrase led by its head (`tỷ lệ hồ sơ … đạt`) keeps the head when it is too long
    led = _rule("indicator_head").match(rest) is not None
    rest = _tidy(_cap(rest, load("commitments").data["max_pre_syllables"], keep_end=not led))
    rest = "" if _rule("pre_subject").fullmatch(rest) else rest
    rest = _UNIT_CELL.sub("", rest)  # a table row's unit column (`Tỷ lệ hồ sơ trực tuyến toàn trình | %`)
    if is_table_row(doc.text[slice(*line_at(doc.text, fig.number["start"]))]):
        rest = _CELLS_BEFORE.sub("", rest)  # a statistics row's earlier cells (`Tỷ lệ … Internet 77,63 83,49`)
    actor = _actor(doc, fig, fig.pre[0] + cut)
    return f"{actor} {rest}".strip() if actor and actor.casefold() not in rest.casefold() else rest


def _joined(names: list[Span], text: str) -> list[Span]:
    """Places named in a row (`của Hà Nội, Đà Nẵng và Cần Thơ`) as one span, joiners and all: left out
    together, they leave no `, và` behind."""
    out: list[Span] = []
    for s, e in sorted(names):
        if out and _PLACE_JOINER.fullmatch(text, out[-1][1], s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _linked_from(text: str, start: int) -> int:
    """Where a place named at `start` is linked from (`của`, `tại` before `Hà Nội`): the link goes with
    the name when the name is left out of a phrase, so none dangles (`tỷ lệ hồ sơ trực tuyến của`)."""
    link = _rule("place_link").search(text, max(0, start - 20), start)
    return link.start() if link else start


def _actor(doc: Document, fig: Figure, cut: int) -> str:
    """The digital thing the figure's clause opens with, when the frame cut before the figure
    (`đã`, `sẽ`) falls after it: the system, app or programme that did what the figure counts
    (`Cổng dữ liệu mở của tỉnh đã công bố 310 bộ dữ liệu`, `Phong trào Bình dân học vụ số đã thu
    hút …`). Only a clause's opening noun counts (after a frame like `Năm 2024,`, and with up to
    two words before the term, `Phong trào`, `Nền tảng`): a thing named later is no actor. The
    actor is the whole subject up to the cut, things joined in it included (`Hệ thống một cửa
    điện tử và dịch vụ công trực tuyến`, `phần mềm quản lý văn bản và điều hành`), less the place
    it closes with; a subject too long to be one noun phrase gives only its first thing."""
    start = _clause_start(doc, fig, fig.pre[0])
    if start >= cut:
        return ""
    m = _rule("dx_thing").search(doc.text, start, cut)
    if not m:
        return ""
    opens = doc.text.rfind(",", start, m.start()) + 1 or start
    # the subject opens with its first digital term, a thing's or another named with it (`một cửa điện tử`)
    first = _rule("dx_context").search(doc.text, opens, m.start())
    phrase = dx_phrase(doc, (first.start() if first else m.start(), cut), "dx_context" if first else "dx_thing")
    at = doc.text.find(phrase, start, cut) if phrase else m.start()  # may open before the match (`Cổng` of `Cổng dịch vụ công`)
    opening = _WORD.findall(doc.text[opens:at])  # `phong trào “`: its words
    if len(opening) > 2:
        return ""
    # the place the subject names ends it (`Hệ thống … của tỉnh Phú Yên đã`): the record's province says where
    place = min((e["start"] for e in doc.entities if e.get("label") == "PROVINCE" and at < e["start"] < cut), default=cut)
    subject = _tidy(_QUOTES.sub("", _rule("closing_place").sub("", _rule("pre_trailing").sub("", doc.text[opens:place]))))
    if len(subject.split()) <= load("commitments").data["max_actor_syllables"]:
        return subject
    return _tidy(" ".join([*opening, phrase]))


def paired_commas(text: str) -> set[int]:
    """Offsets of the commas in `text` that join two nouns named as one (`sở, ngành`, `thôn, tổ dân
    phố`): no clause ends there."""
    return {m.start() + i for m in _rule("noun_pair").finditer(text) for i, c in enumerate(m.group()) if c == ","}


def _list_end(doc: Document, fig: Figure, text: str) -> int:
    """Where the last figure's post stops: at the first comma that does not continue a list (the
    word after it is neither a noun nor of the same part of speech as the word before it) and
    does not join two nouns named as one or sit inside an aside (`(gồm lãnh đạo, quản lý)`)."""
    if "," not in text:
        return len(text)
    nouns = set(load("commitments").data["noun_tags"])
    base = fig.post[0]
    paired = {base + i for i in paired_commas(text)}  # `210 thôn, tổ dân phố`: one noun
    paired |= {base + m.start() + i for m in _ASIDE.finditer(text) for i, c in enumerate(m.group()) if c == ","}
    tagged = doc.tagged(fig.number["start"], fig.chunk[1])  # the figure and the words after it
    for i, (word, _, s, _) in enumerate(tagged):
        if word == "," and s >= base and 0 < i and s not in paired:
            before = tagged[i - 1][1]
            after = tagged[i + 1][1] if i + 1 < len(tagged) else None
            if after not in nouns and after != before and not (i + 1 < len(tagged) and _digital_at(doc.text, tagged[i + 1][2])):
                return s - base  # but a list goes on to a digital thing (`…chuyển đổi số, thanh toán không dùng tiền mặt`)
    return len(text)


def _digital_at(text: str, pos: int) -> bool:
    """Does a digital term (the programme's or a digital thing's) start at `pos`?"""
    return _rule("dx_context").match(text, pos) is not None or _rule("dx_thing").match(text, pos) is not None


def post_phrase(doc: Document, fig: Figure, skip: list[Span]) -> str:
    """What the figure measures when it comes first (`hồ sơ công việc tại cấp huyện`)."""
    text = blanked(doc.text, fig.post, skip)
    if fig.last:
        text = text[: _list_end(doc, fig, text)]
    if (quoted := _QUOTE_ENDS.search(text)) is not None:
        text = quoted.group()  # `… có tài khoản ngân hàng", ông Hùng cho biết`: the quote ends, its speaker is no part
    text = _rule("post_leading").sub("", text)
    text = _rule("pre_trailing").sub("", text)
    return _tidy(_cap(text, load("commitments").data["max_post_syllables"], keep_end=False))


def _first_word(phrase: str) -> str:
    return phrase.split(" ", 1)[0].casefold() if phrase else ""


def _share_tail(posts: list[str], parts: list[bool], joined: list[bool]) -> list[str]:
    """Give coordinated items without a predicate the predicate of the last item with the same head,
    or of the item right after when `và` joins the two (`100% phòng chuyên môn … và 41 trường học đã được
    cấp chứng thư số`); not a part's (`356 sản phẩm OCOP …, trong đó 298 sản phẩm đã được đưa lên
    sàn`: only the part is)."""
    pred = _rule("predicate")
    out = list(posts)
    for j in range(len(posts) - 1, 0, -1):
        m = pred.search(posts[j])
        if not m or m.start() == 0 or parts[j]:
            continue
        tail = posts[j][m.start():]
        for i in range(j):
            if out[i] and not pred.search(out[i]) and (
                    _first_word(out[i]) == _first_word(posts[j]) or i == j - 1 and joined[j]):
                out[i] = f"{out[i]} {tail}"
    return out


def _through_places(posts: list[str]) -> list[str]:
    """A figure whose words end on a place word before the next figure (`250 công chức ở 18 xã …
    được bồi dưỡng`) measures its thing in those places: it goes on with the next figure's words,
    which say what was done."""
    return [f"{p} {posts[i + 1]}" if i + 1 < len(posts) and _rule("place_before_figure").search(p) else p
            for i, p in enumerate(posts)]


def _sentence_before(doc: Document, sentence: Span) -> Span | None:
    """The last sentence that ends before `sentence`, a headline or another paragraph's included."""
    return next((s for s in reversed(doc.sentences) if s[1] <= sentence[0]), None)


def _borrowed(doc: Document, sentence: Span) -> str:
    """What the sentence before measures, for an indicator that points back or a figure with no
    words of its own (`… tỷ lệ hồ sơ trực tuyến toàn trình của các địa phương tiếp tục tăng. Trong
    đó, Nghệ An đạt 68%`): its measured head up to a separator, a figure or the verb that gives it
    (`đạt`, `là`), else its digital-transformation phrase."""
    prev = _sentence_before(doc, sentence)
    if prev is None:
        return ""
    start, end = prev
    head = _rule("indicator_head").search(doc.text, start, end)
    if head is None:
        return dx_phrase(doc, prev)
    stops = [m.start() for m in (_rule("head_break").search(doc.text, head.end(), end), _rule("list_lead_end").search(doc.text, head.end(), end)) if m]
    text = doc.text[head.start():min(stops, default=end)]
    # (the country's mean the sentence gave is not what the figures after it measure: `… bình quân cả
    # nước đạt 41,2%. Dẫn đầu là Huế (72,4%)`)
    text = _rule("average_named").sub("", text)
    return _tidy(_cap(text, load("commitments").data["max_pre_syllables"], keep_end=False))


def _antecedent(doc: Document, sentence: Span, fig: Figure) -> str:
    """What a digital thing pointed back to (`nền tảng này`, `lĩnh vực này`) is: the last app, platform
    or system named before it in its own sentence, else that stretch's digital-transformation phrase
    (`Tỉnh đưa dịch vụ công trực tuyến toàn trình vào vận hành, với 95% thủ tục … lên nền tảng này`); else
    the last one the sentence before names (`ứng dụng Quảng Trị-S`), else the noun phrase it opens with
    (`Thương mại điện tử …`) when that is digital, else what it measures or its digital-transformation phrase."""
    pointer = _rule("thing_anaphor").search(doc.text, sentence[0], max(fig.post[1], fig.pre[1]))
    if pointer is not None:
        before = (sentence[0], pointer.start())
        named = [m.group() for m in _rule("named_thing").finditer(doc.text, *before)] or [dx_phrase(doc, before)]
        if named[-1]:
            return named[-1]
    prev = _sentence_before(doc, sentence)
    if prev is None:
        return ""
    named = list(_rule("named_thing").finditer(doc.text, *prev))
    if named:  # `…, ứng dụng Quảng Trị-S ra mắt năm 2020, …`: the last thing the sentence names
        return named[-1].group()
    nouns = set(load("commitments").data["noun_tags"]) | {"Np", "A"}
    words = []
    for word, tag, s, e in doc.tagged(*prev):
        if tag not in nouns and not (words and _rule("dx_marker").fullmatch(word)):
            break
        words.append((s, e))
    opening = doc.text[words[0][0]:words[-1][1]] if words else ""
    return opening if opening and digital(opening) else _borrowed(doc, sentence)


def dx_phrase(doc: Document, span: Span, vocabulary: str = "dx_context") -> str:
    """The first digital-transformation term (or, with `dx_thing`, digital thing) of text[span]
    with the nouns and adjectives after it (`Tổ công nghệ số cộng đồng`), and a verb with its
    object that says what the thing is for (`phần mềm quản lý văn bản`), or ""."""
    ps, pe = span
    m = _rule(vocabulary).search(doc.text, ps, pe)
    if not m:
        return ""
    start, end = m.start(), m.end()
    if vocabulary != "dx_context":  # a thing inside a longer term (`ký số` of `chữ ký số`) is that term
        term = next((t for t in _rule("dx_context").finditer(doc.text, max(0, start - 12), end) if t.start() < start < t.end()), None)
        start = term.start() if term else start
    data = load("commitments").data
    tags, verbs = set(data["noun_tags"]) | {"A", "Np"}, set(data["verb_tags"])
    tagged = doc.tagged(ps, pe)
    figures = {n["start"] for n in doc.numbers if ps <= n["start"] < pe}
    for i, (word, tag, s, e) in enumerate(tagged):
        if s < end or (s == end and word == "," and s - ps in paired_commas(doc.text[ps:pe])):
            end = max(end, e)  # a word the term ends inside goes whole (`mã QR` of `mã QR Code`), and a
            continue  # comma of things named as one (`sóng di động 3G, 4G`)
        if s <= end + 1 and word.isdigit() and s not in figures:
            end = e  # a numeral the numbers stage read as a label is part of the name (`VNeID mức 2`)
            continue
        purpose = tag in verbs and _object_follows(tagged, i, verbs, tags)
        if s <= end + 1 and (term := _rule("dx_context").match(doc.text, s)) is not None:
            end = term.end()  # another term goes on with it, whatever the tagger made of its first word
            continue  # (`Hệ thống thông tin Một cửa điện tử`: `Một` read as a numeral)
        if s > end + 1 or (tag not in tags and not purpose and not _rule("dx_marker").fullmatch(word)):
            break  # nouns, adjectives, names and `trực tuyến`, `điện tử` go on with it (`mã QR Code`)
        end = e
    return doc.text[start:end]


def _object_follows(tagged: list, i: int, verbs: set[str], nouns: set[str]) -> bool:
    """Do the verbs from word `i` on end on a noun right after them (`quản lý bán hàng`)?"""
    for j in range(i + 1, len(tagged)):
        if tagged[j][2] > tagged[j - 1][3] + 1:
            return False
        if tagged[j][1] not in verbs:
            return tagged[j][1] in nouns
    return False


def _sentence_head(doc: Document, sentence: Span, fig: Figure) -> str:
    """The measured head the sentence opens with before the figure (`Về tỷ lệ hồ sơ trực tuyến
    toàn trình, dẫn đầu là Đà Nẵng với 78,2%`), up to the separator after it or the places it
    ranks (`tỷ lệ thanh toán trực tuyến cao nhất là Hà Nội, …`)."""
    m = _rule("indicator_head").search(doc.text, sentence[0], fig.pre[1])
    if not m:
        return ""
    end = _SEPARATOR.search(doc.text, m.end(), fig.pre[1])
    ranked = _rule("head_ranked").search(doc.text, m.end(), end.start() if end else fig.pre[1])
    dates = [(d["start"], d["end"]) for d in doc.dates]  # the year a table is of is the record's date
    return _tidy(blanked(doc.text, (m.start(), (ranked or end).start() if ranked or end else fig.pre[1]), dates))


def list_lead(doc: Document, sentence: Span) -> tuple[int, str]:
    """(end of the colon, head) when the sentence opens a list with a measured head, else (-1, "")."""
    colon = doc.text.find(":", *sentence)
    if colon < 0:
        return -1, ""
    m = _rule("list_lead").search(doc.text, sentence[0], colon + 1)
    if not m:
        return -1, ""
    end = _rule("list_lead_end").search(doc.text, m.start(), colon + 1)
    return colon + 1, _tidy(doc.text[m.start():end.start()])


def phrases(doc: Document, sentence: Span, figs: list[Figure], skip: list[Span]) -> list[Phrase]:
    """The indicator of every figure of a sentence, heads and tails shared between coordinated items."""
    lead_end, lead = list_lead(doc, sentence)
    pres = [f"{lead} – {p}".rstrip(" –") if lead and f.chunk[0] >= lead_end and lead.casefold() not in p.casefold() else p
            for f, p in ((f, pre_phrase(doc, f, skip)) for f in figs)]
    posts = _share_tail(_through_places([post_phrase(doc, f, skip) for f in figs]),
                        [_rule("part_of").match(doc.text, f.pre[0], f.pre[1]) is not None for f in figs],
                        [i > 0 and _rule("item_and").fullmatch(doc.text, figs[i - 1].post[1], f.number["start"]) is not None
                         for i, f in enumerate(figs)])
    anaphor = _rule("anaphor")
    out: list[Phrase] = []
    bases: list[int | None] = []  # for each figure, the count before it that it is a share of
    for i, f in enumerate(figs):
        own = f"{pres[i]} {posts[i]}".strip()
        pre = pres[i]
        # a tier that is also a place (`…; địa phương đạt 17%`) is blanked from the phrase, not from its item
        level = pre or (_tidy(_rule("pre_trailing").sub("", doc.text[f.pre[0]:f.pre[1]])) if i > 0 else "")
        base = count_shared(doc, figs, i, bases)
        bases.append(base)
        if base is not None:  # a share of what a count before counts
            pre = f"{out[base].indicator} {pre}".strip()
        elif i > 0 and (_rule("relative").fullmatch(pre) or _rule("parenthetical").match(doc.text, f.pre[0], f.pre[1])
                      and not _position_before(figs, i)  # (`Dẫn đầu là Huế (72,4%)`: the share is the place's, not the rank's words)
                      or _rule("sub_level").fullmatch(level) or (not pre and _rule("plan_share").match(posts[i]))
                      or _of_figure_before(doc, f, posts[i])):
            tier = _rule("tier_only").search(level) if _rule("sub_level").fullmatch(level) else None
            # measured against the figure before, or at another tier of it (`…, còn khối địa phương chỉ đạt 33,8%`)
            pre = at_tier(out[-1].indicator, "", tier) if tier else f"{out[-1].indicator} {pre}".strip()
        elif i > 0 and not pre and f.coordinated and not digital(posts[i]) and not _position_before(figs, i):
            pre = pres[i - 1]  # a list item shares the head of the one before, unless it measures
            # a digital thing of its own (`…10% tổng mức bán lẻ, 50% dân số tham gia mua sắm trực tuyến`)
            pres[i] = pre
        ind = f"{pre} {posts[i]}".strip()
        tier = _rule("tier_only").match(posts[i]) if i > 0 and not pres[i] and f.coordinated else None
        if tier:  # `87% hồ sơ … đối với cấp tỉnh, 85% đối với cấp huyện`: the thing before, at this tier
            ind = at_tier(out[-1].indicator, posts[i], tier)
        elif not ind:  # a measure does not borrow a position's words (`Đứng thứ hai là Thái Nguyên với 29,4%`)
            before = [p for j, p in enumerate(out) if not _position_before(figs, j + 1, f)]
            ind = before[-1].indicator if before else _sentence_head(doc, sentence, f) or _borrowed(doc, sentence)
        elif anaphor.match(ind):  # `…; kết quả đạt 82%`: what the figure before measured, else the head the
            # sentence opened with (`Ba bộ có tỷ lệ … cao nhất, với các tỷ lệ đạt được lần lượt là …`), else the sentence before
            head = _sentence_head(doc, sentence, f)
            ref = out[-1].indicator if out else head if head and head != ind else _borrowed(doc, sentence)
            ind = ref if ref.startswith(ind) else f"{ind} {ref}".strip()  # list items share it once
        elif _rule("anaphor_lead").match(ind):  # `Tỷ lệ này đưa tỉnh dẫn đầu …, vượt Đà Nẵng (58,89%)`: say which
            ind = f"{out[-1].indicator if out else _borrowed(doc, sentence)} – {ind}".lstrip(" –")
        if _rule("thing_anaphor").search(ind) and (ref := _antecedent(doc, sentence, f)) and ref.casefold() not in ind.casefold():
            ind = f"{ind} – {ref}"  # `Nền tảng này có hơn 40 tiện ích`: which platform, from the sentence before
        label = _item_label(doc, sentence, f) or _item_tier(doc, sentence, f)
        if label and label.casefold() not in ind.casefold():
            ind = f"{ind} – {label}".lstrip(" –")
        if label and label.casefold() not in own.casefold():
            own = f"{label} {own}".strip()  # its tier is the record's level
        out.append(Phrase(ind, own, shared=base is not None))
    return _respective(doc, sentence, figs, out)


def _item_label(doc: Document, sentence: Span, fig: Figure) -> str:
    """The label a list item opens with before its colon (`…; cấp huyện: 10.447/17.958 hồ sơ, đạt
    58,2%`): a tier, or a digital thing or pillar, that says what every figure of the item is of."""
    colon = fig.chunk[0] - 1
    if colon <= sentence[0] or doc.text[colon] != ":":
        return ""
    start = max(sentence[0], *(doc.text.rfind(c, sentence[0], colon) + 1 for c in ";:\n"))
    label = _tidy(_rule("item_label_lead").sub("", doc.text[start:colon]))
    if not label or _DIGIT.search(label) or len(label.split()) > load("commitments").data["max_label_syllables"]:
        return ""
    return label if _rule("level").search(label) or digital(label) else ""


def _item_tier(doc: Document, sentence: Span, fig: Figure) -> str:
    """The tier a list item names before its figures (`…; cấp huyện tiếp nhận 7.300 hồ sơ, với 2.100
    hồ sơ trực tuyến`), else the tier its sentence opens on: every figure of the item is of that
    tier. Items are parted by semicolons."""
    start = max(doc.text.rfind(";", sentence[0], fig.number["start"]) + 1, sentence[0])
    first = min((n["start"] for n in doc.numbers if start <= n["start"] <= fig.number["start"]), default=fig.number["start"])
    if _rule("level").search(doc.text, first, fig.number["start"]):
        return ""  # a tier of its own nearer (`Cấp tỉnh đạt 83%, cấp huyện đạt 68%`)
    tiers = list(_rule("level").finditer(doc.text, start, first))  # before the item's first figure
    if tiers:
        return _tidy(tiers[-1].group())
    # a later item with none: the tier its sentence opens on (`Cấp THPT có …; 1.100 trường dạy học trực tuyến`)
    opening = _rule("opening_tier").match(doc.text, sentence[0], fig.number["start"]) if start > sentence[0] else None
    return _tidy(opening["tier"]) if opening else ""


def _respective(doc: Document, sentence: Span, figs: list[Figure], out: list[Phrase]) -> list[Phrase]:
    """`Tỷ lệ hồ sơ trực tuyến cấp tỉnh, cấp huyện, cấp xã lần lượt đạt 85%, 70% và 62%`: a list of
    tiers or pillars before `lần lượt` pairs off in order with as many figures of one unit after it,
    and each figure names its own item in place of the list (or of the last item, where its phrase
    kept only that)."""
    marker = _rule("respectively").search(doc.text, *sentence)
    run = marker and next(reversed(list(_rule("respective_items").finditer(doc.text, sentence[0], marker.start()))), None)
    if not run:
        return out
    items = run.captures("item")
    after = [i for i, f in enumerate(figs) if f.number["start"] >= marker.end()]
    units = [figs[i].number.get("unit") for i in after]
    for unit in dict.fromkeys(units):
        mine = [i for i, u in zip(after, units) if u == unit]
        if len(mine) != len(items):
            continue
        for i, item in zip(mine, items):
            out[i] = replace(out[i], indicator=_swap_item(out[i].indicator, run.group(), items[-1], item),
                             own=_swap_item(out[i].own, run.group(), items[-1], item), item=item)
    return out


def _swap_item(phrase: str, run: str, last: str, item: str) -> str:
    """The phrase with the whole list (or its last item) replaced by one item, else led by it."""
    for whole in (_SPACES.sub(" ", run), last):
        if whole.casefold() in phrase.casefold():
            at = phrase.casefold().index(whole.casefold())
            return phrase[:at] + item + phrase[at + len(whole):]
    return f"{item} – {phrase}".rstrip(" –")


def _position_before(figs: list[Figure], i: int, fig: Figure | None = None) -> bool:
    """Is figure i-1 a position (a rank or score) and figure i (or `fig`) a measure? A share after a
    rank (`Đứng thứ hai là Thái Nguyên với 29,4%`) measures what the sentence ranks, not the rank."""
    return figs[i - 1].number.get("unit") in POSITION_UNITS and (fig or figs[i]).number.get("unit") not in POSITION_UNITS


def at_tier(before: str, post: str, tier: regex.Match) -> str:
    """The indicator of the item before with its tier swapped for this item's (appended when it
    names none), and this item's own predicate when the one before lacks it (`…, 90% cấp huyện được
    xử lý trên môi trường mạng`)."""
    swapped, n = _rule("tier_only").subn(tier.group(), before, count=1)
    base = swapped if n else f"{before} {tier.group()}"
    rest = post[tier.end():].strip()
    return f"{base} {rest}" if rest and rest.casefold() not in base.casefold() else base


def digital(text: str, start: int = 0, end: int | None = None) -> bool:
    """Any digital vocabulary in text[start:end]: the programme's, a digital thing's or a generic marker."""
    end = len(text) if end is None else end
    return any(_rule(r).search(text, start, end) for r in ("dx_context", "dx_thing", "dx_marker"))


# (words between the figure and the one before, words after it) that make it a share or part of what
# the one before measures: `…tài khoản định danh điện tử, đạt 89,6% số công dân đủ điều kiện` (a share
# attained of a whole), `…12.650 phản ánh, trong đó 96,8% được xử lý đúng hạn` (a part that names no
# noun of its own, only what happened to it)
_OF_FIGURE_BEFORE = (("attained", "whole_after"), ("part_of", "part_predicate"))


def _of_figure_before(doc: Document, fig: Figure, post: str) -> bool:
    return any(_rule(pre).fullmatch(doc.text, fig.pre[0], fig.pre[1]) is not None and _rule(after).match(post) is not None
               for pre, after in _OF_FIGURE_BEFORE)


def count_shared(doc: Document, figs: list[Figure], i: int, bases: list[int | None]) -> int | None:
    """The figure before whose count figure i is a share of, if any: a share with no noun of its own
    that opens on what happened to its part (`rà soát 1,8 triệu thửa đất; 72% đạt chuẩn; 25% cần bổ sung
    thông tin`, `410.000 cuộc gọi, tương ứng 96,5% được trả lời`), or a rate of an act with no
    object (`tiếp nhận 15.240 phản ánh, tỷ lệ xử lý đúng hạn đạt 97,2%`), right after the count or after
    another such share of it (`bases`: what this gave for the figures before)."""
    if not i or figs[i].number.get("unit") != "percent":
        return None
    before = figs[i - 1].number.get("unit")
    base = i - 1 if before == "count" else bases[i - 1] if before == "percent" else None
    if base is None:
        return None
    if _rule("share_lead").fullmatch(doc.text, *figs[i].pre):
        return base if _rule("share_predicate").match(doc.text, *figs[i].post) else None
    rate = _rule("rate_word").fullmatch(doc.text, *figs[i].pre)
    if rate is None:
        return None
    verbs = set(load("commitments").data["verb_tags"])
    act = [t for t in doc.tagged(rate.end("rate"), figs[i].pre[1]) if t[0] not in ",;"]
    return base if act and act[0][1] in verbs else None


def levels(own: str) -> list[str | None]:
    """One level per tier a figure's own words name each with its own `cấp` (`sở, ngành cấp tỉnh, UBND
    cấp huyện và cấp xã`: a result at each), else just `level(own)`."""
    m = _rule("tiers_each").search(own)
    if not m:
        return [level(own)]
    codes = load("commitments").data["levels"]
    tiers = list(dict.fromkeys(codes[w.casefold()] for w in m.captures("lv")))
    return tiers if len(tiers) > 1 else [level(own)]


def level(own: str) -> str | None:
    """`tinh`, `huyen`, `xa`, `bo` when the figure's own words scope it to one tier (`cấp bộ, tỉnh`
    is the provincial tier), else None."""
    data = load("commitments").data
    m = _rule("level").search(own)
    if not m:
        return None
    codes = {data["levels"][w.casefold()] for w in m.captures("lv")}
    if len({data["level_tier"][c] for c in codes}) != 1:
        return None
    return "tinh" if "tinh" in codes else codes.pop()


@lru_cache(maxsize=1)
def _pillar_words() -> regex.Pattern:
    """One pattern over every pillar's vocabulary, each word a named group of its pillar."""
    parts = [f"(?P<{p}>{alternation(words)})" for p, words in load("commitments").data["pillars"].items()]
    return compile_rule(r"(?<![\p{L}\p{M}])(?:" + "|".join(parts) + r")(?![\p{L}\p{M}])", regex.IGNORECASE)


def pillar_of(indicator: str) -> str | None:
    """The pillar whose vocabulary appears first in the indicator, if any."""
    m = _pillar_words().search(indicator)
    return m.lastgroup if m else None
