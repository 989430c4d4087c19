"""What a figure measures, read off the words beside it: is it digital, and is it Vietnam's?

The words right beside a figure (ten syllables before it and fifteen after, in its own clause) name what it measures: a generic
digital marker there (`45 triệu người mua sắm online`) makes it digital, money included; a digital
thing anywhere in its clause does too, except for money (`hệ thống thông tin … trị giá 100 USD` is a
car's price). A sentence that speaks of the programme lends its figures that reading unless their
own words are an economic or social statistic; one that only names a digital thing lends it to
counts of people, places and services. Word lists: patterns/commitments.yaml.
"""
from __future__ import annotations

import regex

from ..document import Document
from ..rules import load
from ..text import Span
from . import indicator
from .clauses import Figure

_SEPARATOR = regex.compile(r"[,;:]")
_NEAR_WORDS = 10  # words each side of a figure that say what it is (`người mua sắm online`)
_POST_WORDS = 15  # and after it, where a long noun phrase ends on its marker (`văn bản trao đổi … dưới dạng điện tử`)


def _rule(name: str) -> regex.Pattern:
    return load("commitments").rules[name].regex


def abroad(doc: Document, fig: Figure, sentence: Span) -> bool:
    """Is the figure another country's or the world's, in a sentence that does not place Vietnam or
    one of its provinces? Its clause names the other place, or the sentence does before it
    (`Theo Bộ Thương mại Mỹ, Amazon chiếm 33% …`), or it counts countries (`tại 155 quốc gia`)."""
    text = doc.text
    counts_countries = _rule("countries_counted").match(text, fig.number["end"]) is not None
    if counts_countries and fig.number.get("unit") == "count":
        return True  # `tại hơn 100 quốc gia, trong đó có Việt Nam`: the world's count, whoever is among them
    if _rule("in_countries_after").match(text, fig.number["end"]):
        return True  # `khoảng 300.000 máy tính ở 150 quốc gia bị tấn công`: what it counts is spread over the world
    own = text[fig.pre[0]:fig.number["start"]]  # its own words name another country, not Vietnam nor a province
    # (`…, Phi-líp-pin xếp thứ 89`), but for an earlier figure's comparand in brackets (`(cao hơn … thế giới), còn …`)
    if any(not _compared_aside(text, fig.pre[0], m, fig.number["start"])
           for m in _others(text, fig.pre[0], fig.number["start"])) and "Việt Nam" not in own and not any(
            e.get("label") == "PROVINCE" and fig.pre[0] <= e["start"] < fig.number["start"] for e in doc.entities):
        return True
    if "Việt Nam" in text[sentence[0]:sentence[1]] or any(
            e.get("label") == "PROVINCE" and sentence[0] <= e["start"] < sentence[1] for e in doc.entities):
        return False
    people = [(e["start"], e["end"]) for e in doc.entities if e.get("label") == "PER"]  # `bà Quách Tố Nga`
    before = (m for m in _others(text, sentence[0], fig.number["start"])
              if not any(a <= m.start() < b for a, b in people) and not _compared_aside(text, sentence[0], m, fig.number["start"]))
    close = near(text, fig, words=None, post_words=0)  # its clause up to it, then what it owns after it, where
    # the world may be only what it is compared with (`128 Mbps, cao hơn 1,4 lần mức trung bình thế giới`)
    after = [m for m in _others(text, fig.number["end"], fig.post[1]) if not _compared(text, fig.number["end"], m)]
    return (bool(_others(close, 0, len(close))) or bool(after)
            or next(before, None) is not None or counts_countries
            or _foreign_story(doc, people))


def _others(text: str, start: int, end: int) -> list[regex.Match]:
    """Other countries or regions named in text[start:end], not as a standard to reach or the field of
    a lead (`đạt trình độ tiên tiến trong khu vực ASEAN`, `dẫn đầu khu vực ASEAN`)."""
    return [m for m in _rule("foreign").finditer(text, start, end)  # (the words that make it a field may stand before `start`)
            if not _rule("benchmark_before").search(text, max(0, m.start() - 40), m.start())]


def _compared_aside(text: str, start: int, m: regex.Match, end: int) -> bool:
    """Is the country or region `m` what an earlier figure is compared with, in brackets closed
    before `end` (`88 Mbps (cao hơn 1,4 lần mức trung bình toàn cầu), còn mạng cố định ở mức …`)? Out of
    brackets, the figure that follows is the comparand's own (`so với mức chung của thế giới là 55%`)."""
    return ")" in text[m.end():end] and _compared(text, start, m)


def _compared(text: str, start: int, m: regex.Match) -> bool:
    """Is the country or region `m` named as what a figure is compared with (`cao hơn mức trung bình
    thế giới`), by words after `start`?"""
    return _rule("comparand_national").search(text, max(start, m.start() - 40), m.start()) is not None


def _foreign_story(doc: Document, people: list[Span]) -> bool:
    """A story from abroad: the article names another country (often only in its title) and never
    Vietnam, its institutions, one of its provinces or one of its documents (`Quyết định số
    348/QĐ-TTg`), so none of its figures is Vietnam's. A body or place the gazetteer puts in a province
    (`Công ty Điện lực Quảng Ninh`) names one."""
    if (_rule("vietnam").search(doc.text) or any(e.get("label") == "PROVINCE" or e.get("province") for e in doc.entities)
            or any(r.get("symbol") for r in doc.legal_refs)):
        return False
    return any(not any(a <= m.start() < b for a, b in people) for m in _others(doc.text, 0, len(doc.text)))


def measures_digital(doc: Document, fig: Figure, phrase: indicator.Phrase, programme: bool, things: bool) -> bool:
    """Does the figure measure a digital thing? Its own words name one (`70 tổ chức … thanh toán qua
    internet`; a sum only as what is spent on one: `kinh phí đầu tư cho dự án IOC`), or the measured
    head of the list it is an item of does; or, when its words name no economic or social statistic
    (`GRDP bình quân đầu người`, `tỷ lệ hộ nghèo`), its sentence speaks of the programme, or names a
    digital thing (`things`) and it counts people, places or services."""
    if fig.number.get("unit") == "other" and _rule("bandwidth").match(doc.text, fig.number["start"]):
        return True  # a speed measures a network (`…, 300 Mbps cho cơ quan nhà nước`)
    if _rule("procedures_by_post").match(doc.text, fig.number["end"]):
        return False  # `1.210 thủ tục được nhận qua bưu chính công ích`: what the post may take in, no online service
    beside = near(doc.text, fig, post_words=_POST_WORDS)
    if _rule("dx_marker").search(beside) or _rule("dx_context").search(beside):
        return True  # `45 triệu người mua sắm online`, `kinh tế số chiếm 18% GRDP`
    if fig.number.get("unit") == "percent" and (_rule("dx_context").search(phrase.own.rsplit(",", 1)[-1])
                                                or _rule("dx_thing").search(phrase.own)):
        return True  # a share whose own clause names what it measures, however far (`Tỷ trọng kinh tế số đã tăng từ 12,66% GDP … lên 14,3% GDP`,
        # `100% các phòng GD&ĐT, trường THCS, THPT … đã áp dụng sổ điểm điện tử`)
    if fig.number.get("unit") == "percent" and _serves_online(doc, fig):
        return True  # `kết quả đăng ký tuyển sinh … theo hình thức trực tuyến của cả 3 cấp … đạt tỷ lệ 70%`
    lead_end, lead = indicator.list_lead(doc, doc.sentence_of(fig.number["start"]))
    if lead and fig.chunk[0] >= lead_end and digital(lead):
        return True  # an item of a list its measured head announces (`tỷ lệ thanh toán trực tuyến cao như: Hà Nội (62%)`)
    clause = near(doc.text, fig, words=None)
    money = fig.number.get("unit") in load("commitments").data["money_units"]
    if _rule("dx_thing").search(clause) and (not money or _rule("funding").search(clause)
                                             or _rule("flow_before").search(clause, 0, clause.find(fig.number["text"]))):
        return True  # `70 tổ chức … thanh toán qua internet`, `kinh phí đầu tư cho dự án IOC là 120 tỷ đồng`,
        # `giá trị giao dịch qua mã QR ước đạt 46 tỷ đồng`; not `hệ thống thông tin … trị giá 100 USD`
    if not money and _rule("dx_gov_service").search(clause):
        return True  # its own clause names a public service done online or by post (`41.250 hồ sơ người dân gửi qua bưu điện`)
    sentence = doc.sentence_of(fig.number["start"])
    topic = _rule("topic_frame").match(doc.text, sentence[0], fig.number["start"])
    if topic and digital(topic.group("topic")):
        return True  # `Về thanh toán trực tuyến, Lào Cai đạt 61,5%`: the topic its sentence opens on, a share of
        # GRDP too (`đối với phát triển kinh tế số, … chiếm tối thiểu 20% GRDP`)
    if _shares_digital_economy(doc, fig, sentence):
        return True  # `kinh tế số giữ đà tăng nhanh, ước chiếm khoảng 14,2% GDP`
    if states_statistic(doc, fig) or (_rule("change_to_before").search(doc.text, max(0, fig.number["start"] - 20), fig.number["start"])
                                      and _statistic(phrase.indicator)):
        return False  # `tỷ lệ hộ nghèo …`, `GRDP bình quân đầu người …`: a social or economic statistic,
        # also the new value of one (`tỷ lệ chi phí trên thu nhập … giảm từ 29,2% xuống còn 23,5%`)
    if _lent_by_task_item(doc, fig):
        return False  # `Đến năm 2025, 100% các tỉnh có cán bộ …; cung cấp dịch vụ công trực tuyến …`
    if _lent_by_part(doc, fig, sentence):
        return False  # `có 245 sản phẩm OCOP, trong đó 120 sản phẩm đã lên sàn thương mại điện tử`: the whole
    if _lent_by_figure_item(doc, fig):
        return False  # `8 chỉ tiêu: 100% đoàn viên được học tập chuyên đề; …; 20.000 học sinh được bồi dưỡng kỹ năng số`
    return programme or things and _measures_people_or_services(doc, fig, phrase)


def _shares_digital_economy(doc: Document, fig: Figure, sentence: Span) -> bool:
    """Is the figure a share of GDP or GRDP that goes on with the digital economy named before it, in
    its sentence (`kinh tế số đạt quy mô 5 tỷ USD, tăng trưởng 10% và chiếm 12% GRDP`) or
    in the sentence before it in its paragraph (`Kinh tế số phát triển nhanh. Năm 2023 đã đóng góp
    19% GRDP`), with no other sector named in between (`…, nông nghiệp vẫn chiếm 27% GRDP`)?"""
    text, start = doc.text, fig.number["start"]
    if fig.number.get("unit") != "percent" or not _rule("economy_share").match(text, fig.number["end"]):
        return False
    namings = list(_rule("digital_economy").finditer(text, sentence[0], start))
    named = namings[-1] if namings else None  # the last naming before the figure
    if named is None:
        before = doc.sentence_before(sentence)
        if before is None or not _rule("digital_economy").search(text, *before):
            return False
    return _rule("other_sector").search(text, named.end() if named else sentence[0], start) is None


def _lent_by_part(doc: Document, fig: Figure, sentence: Span) -> bool:
    """Is the only digital word of the sentence in a part said after the figure (`…, trong đó 120 sản
    phẩm đã lên sàn thương mại điện tử`)? Then the figure is the whole the part is counted from."""
    part = _rule("part_of").search(doc.text, fig.number["end"], sentence[1])
    if part is None or not part.group().strip(" ,;(") or not any(  # a part counted (`trong đó 120 …`), not a gloss
            part.end() <= n["start"] < part.end() + 12 for n in doc.numbers):  # (`10 trạm bao gồm cả 2G, 3G và 4G`)
        return False
    def names(start: int, end: int) -> bool:
        return any(_rule(r).search(doc.text, start, end) for r in ("dx_context", "dx_marker", "dx_thing", "dx_gov_service"))
    # (a sentence with no digital word at all is digital by its context, its whole as much as its part)
    return names(part.start(), sentence[1]) and not names(sentence[0], part.start())


def _serves_online(doc: Document, fig: Figure) -> bool:
    """Does the sentence name an online public service before the share, with no other share
    between them (the service is what the share is of; `cả 3 cấp` between only frames it)?"""
    sentence = doc.sentence_of(fig.number["start"])
    item = max(sentence[0], doc.text.rfind(";", sentence[0], fig.number["start"]) + 1)  # the figure's own item of a list
    services = list(_rule("dx_gov_service").finditer(doc.text, item, fig.number["start"]))
    return bool(services) and not any(services[-1].end() <= n["start"] < fig.number["start"] and n.get("unit") == "percent"
                                      for n in doc.numbers)


def states_statistic(doc: Document, fig: Figure) -> bool:
    """Do the figure's own words name an economic or social statistic and nothing digital (`Tổng vốn
    đầu tư toàn xã hội phấn đấu đạt 3.500 tỷ đồng`, `tỷ lệ hộ nghèo còn 2,1%`), or does its whole
    sentence (`Dân số khoảng 1.522 hộ, với 6.236 nhân khẩu`)?"""
    return (_statistic(near(doc.text, fig, words=None, whole_post=True))
            or _statistic(near(doc.text, fig, words=None)) and _rule("consequence").search(doc.text, fig.post[0], fig.post[1]) is not None
            or _statistic(doc.text[slice(*doc.sentence_of(fig.number["start"]))]))


def _statistic(words: str) -> bool:
    """Do `words` name an economic or social statistic and nothing digital?"""
    return _rule("non_dx_measure").search(words) is not None and not digital(words)


def _lent_by_task_item(doc: Document, fig: Figure) -> bool:
    """In a sentence of items set apart by semicolons, is its digital vocabulary only in later items
    that hold no figure and open on a task (`…; cung cấp dịch vụ công trực tuyến cấp độ 4 đối với
    …; …`), not on a subject that goes on with the same facts (`…; một số cơ sở hiện chưa kết nối do
    chưa có hạ tầng viễn thông`)? A
    task beside a figure does not say what the figure measures; an item with figures of its own
    can (`80% dịch vụ công trực tuyến …; 90% hồ sơ công việc cấp tỉnh` share one predicate), and so
    can the opening item, whose subject and deed the next ones go on with (`… đã hoàn thành xây
    dựng CSDL …; đã thu thập thông tin của 100% trường học`), or a lead before a colon."""
    text, (start, end) = doc.text, doc.sentence_of(fig.number["start"])
    cuts = list(_rule("item_separator").finditer(text, start, end))
    if not cuts:
        return False
    items = list(zip([start, *(m.end() for m in cuts)], [*(m.start() for m in cuts), end]))
    colon = text.find(":", start, items[0][1])
    if colon >= 0 and _says_digital(text, start, colon):
        return False
    digital_items = [(a, b) for a, b in items if _says_digital(text, a, b)]
    return bool(digital_items) and all(
        a > start and _rule("task_opening").match(text, a, b) and not (a <= fig.number["start"] < b)
        and not any(a <= n["start"] < b for n in doc.numbers) for a, b in digital_items)


def colon_list(doc: Document, pos: int) -> tuple[Span, list[Span]] | None:
    """(lead, items) of the list a colon opens and semicolons part that the figure at `pos` is an item
    of (`… 8 chỉ tiêu: 100% đoàn viên được học tập chuyên đề; …; 20.000 học sinh được bồi dưỡng kỹ
    năng số`), else None."""
    text = doc.text
    start, end = doc.sentence_of(pos)
    colon = text.find(":", start, pos)
    if colon < 0:
        return None
    cuts = list(_rule("item_separator").finditer(text, colon, end))
    if not cuts:
        return None
    return (start, colon), list(zip([colon + 1, *(m.end() for m in cuts)], [*(m.start() for m in cuts), end]))


def _lent_by_figure_item(doc: Document, fig: Figure) -> bool:
    """In a colon's list (`colon_list`), are the digital words only in other items, each with a figure
    of its own? Each item measures its own thing, the lead's if the lead names one, never the next
    item's; an item with no predicate of its own (`…; 90% hồ sơ công việc cấp tỉnh`) shares the one before."""
    text, pos = doc.text, fig.number["start"]
    found = colon_list(doc, pos)
    if found is None or _says_digital(text, *found[0]):
        return False
    items = found[1]
    own = next(((a, b) for a, b in items if a <= pos < b), None)
    others = [(a, b) for a, b in items if (a, b) != own and _says_digital(text, a, b)]
    return (own is not None and not _says_digital(text, *own) and bool(others)
            and _rule("item_predicate").search(text, pos, own[1]) is not None
            and all(any(a <= n["start"] < b for n in doc.numbers) for a, b in others))


def _says_digital(text: str, start: int, end: int) -> bool:
    """Digital vocabulary of any kind (the programme, a digital thing, a generic marker) in text[start:end]."""
    return any(_rule(v).search(text, start, end) for v in ("dx_context", "dx_thing", "dx_marker"))


def names_programme(doc: Document, fig: Figure) -> bool:
    """The figure's own words name the programme (`tỷ trọng kinh tế số trong GRDP là 10,08%`) or,
    for a count or share, a digital service (`1.800 TTHC đã được cung cấp trực tuyến ở mức độ 2`):
    a digital figure even in an article about something else (a congress's targets, a reform report)."""
    money = fig.number.get("unit") in load("commitments").data["money_units"]
    # a sum is measured by the words before it (`doanh thu kinh tế số đạt …`), not by a worry after
    # it (`con tàu 3,1 tỷ bảng … trước nguy cơ bị tấn công mạng`); a count's noun phrase may run long
    # before its marker (`824 sản phẩm OCOP của tỉnh … được bán trên sàn thương mại điện tử`)
    counted = fig.number.get("unit") in ("count", "percent")
    words = near(doc.text, fig, post_words=0 if money else _POST_WORDS if counted else None)
    if _rule("dx_context").search(words):
        return True
    return counted and (_rule("dx_gov_service").search(words) is not None or public_thing_in(words))


def public_thing_in(words: str) -> bool:
    """Do the words name a digital thing that a state body or a sector deploys, not a consumer's
    gadget or an attack (`public_thing`: `120 trạm quan trắc tự động`, not `3 chiếc điện thoại thông minh`)?"""
    return any(_rule("public_thing").match(m.group()) for m in _rule("dx_thing").finditer(words))


digital = indicator.digital  # any digital vocabulary in text[start:end] (declared where phrases are read)


def near(text: str, fig: Figure, words: int | None = _NEAR_WORDS, whole_post: bool = False,
         post_words: int | None = None) -> str:
    """The figure with the words beside it in its own clause (with `words`, only that many each side,
    or `post_words` after it):
    back to the last separator before it, on to the first after it, or with `whole_post` over all
    the text it owns after it (`…, giá 5 triệu đồng` is a price, whatever the clause before it names;
    `người tham gia khảo sát trực tuyến` are people, not an online thing)."""
    pre = _clauses(text[fig.pre[0]:fig.pre[1]])[-1].split()
    after = text[fig.post[0]:fig.post[1]]
    post = (after if whole_post else _clauses(after)[0]).split()
    limit = post_words if post_words is not None else words
    if words is not None:
        pre = pre[-words:]
    if limit is not None:
        post = post[:limit]
    return " ".join([*pre, fig.number["text"], *post])


def _clauses(stretch: str) -> list[str]:
    """`stretch` cut at its separators, except the comma of two nouns named as one (`14 sở, ngành đã
    kết nối … IOC`: the clause goes on past `sở,`)."""
    paired = indicator.paired_commas(stretch)
    cuts = [m.start() for m in _SEPARATOR.finditer(stretch) if m.start() not in paired]
    return [stretch[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(stretch)])]


def _measures_people_or_services(doc: Document, fig: Figure, phrase: indicator.Phrase) -> bool:
    """In a sentence that names a digital thing but not the programme, a figure counts when it is a
    share of people, places or services (`mạng 4G … phủ sóng 99% dân số`) or a count whose noun is
    one (`627 doanh nghiệp`, `tổng số giao dịch 8.701`), not a gadget's parts (`xe hỗ trợ 4G … 8 túi khí`), a sum of money
    (`hệ thống thông tin … trị giá 100 USD`) or a count of something else (`ba bốn nhà cùng hát`)."""
    unit = fig.number.get("unit")
    if unit == "count":
        return (_rule("counted_unit").match(doc.text, fig.number["end"]) is not None
                or _rule("count_head").search(doc.text, fig.pre[0], fig.number["start"]) is not None)
    return unit == "percent" and _rule("measured_unit").search(phrase.indicator) is not None
