"""Dates: real sentences, unstated years (publication date, past tense, other dates of the
article), relative expressions, impossible dates, and what must never be read as a date."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dxextract.document import Document
from dxextract.extractors import dates
from dxextract.extractors.date_lexicon import _lex
from dxextract.parse import parse_date


def _find(text: str, published: date | None = None) -> list[dict]:
    return dates.extract(Document(text=text, published=published))


def _one(text: str, published: date | None = None) -> dict:
    found = _find(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,value,end_value,precision,relation", [
    ("Nghị quyết 37/NQ-HĐND ngày 9/12/2020 của HĐND tỉnh", "2020-12-09", None, "day", "on"),
    ("Tính đến ngày 15-10-2021, hệ thống đã cung cấp", "2021-10-15", None, "day", "by"),
    ("15:57, 26/01/2024", "2024-01-26", None, "day", "on"),
    ("Trong tháng 8/2022, toàn tỉnh phấn đấu", "2022-08", None, "month", "during"),
    ("phấn đấu đến năm 2025", "2025", None, "year", "by"),
    ("tới cuối năm 2022", "2022", None, "year", "by"),
    ("đô thị thông minh giai đoạn 2021-2025, định hướng", "2021", "2025", "year", "during"),
    ("giai đoạn 2020 – 2021.", "2020", "2021", "year", "during"),
    ("định hướng đến năm 2030", "2030", None, "year", "by"),
    ("Trước ngày 15/7/2022, 100% thôn", "2022-07-15", None, "day", "by"),
    ("hoàn thành trong quý III/2024", "2024-Q3", None, "quarter", "during"),
    ("6 tháng đầu năm 2023, doanh thu tăng", "2023-01", "2023-06", "month", "during"),
    ("vận hành các dịch vụ từ ngày 1-9-2021", "2021-09-01", None, "day", "from"),
    ("Kết quả đánh giá Chuyển đổi số quốc gia (DTI) 2020 do Bộ triển khai", "2020", None, "year", None),
])
def test_dates_in_sentences(text, value, end_value, precision, relation):
    r = _one(text)
    assert (r["value"], r["end_value"], r["precision"], r["relation"]) == (value, end_value, precision, relation)
    assert r["year_inferred"] is False and text[r["start"]:r["end"]] == r["text"]


def test_unstated_year_takes_publication_year():
    r = _one("Sáng 26/1, Ban Chỉ đạo tổ chức hội nghị", date(2024, 1, 26))
    assert (r["value"], r["year_inferred"], r["text"]) == ("2024-01-26", True, "Sáng 26/1")


def test_past_event_after_publication_is_last_year():
    assert _one("Hội nghị đã diễn ra ngày 20/12", date(2022, 1, 5))["value"] == "2021-12-20"
    assert _one("Hội nghị sẽ diễn ra ngày 20/12", date(2022, 1, 5))["value"] == "2022-12-20"


def test_unknown_publication_uses_the_articles_own_dates():
    text = "Nghị quyết ngày 2/4/2021. Ngày 29/11 Chủ tịch UBND tỉnh ký quyết định; định hướng đến năm 2030."
    found = {r["text"]: r for r in _find(text)}
    assert found["Ngày 29/11"]["value"] == "2021-11-29" and found["Ngày 29/11"]["year_inferred"]
    assert dates.latest_full_date(list(found.values())) == date(2021, 4, 2)  # inferred dates never count


@pytest.mark.parametrize("text,published,value", [
    ("năm nay", date(2017, 2, 2), "2017"), ("năm ngoái", date(2017, 2, 2), "2016"),
    ("quý này", date(2017, 2, 2), "2017-Q1"), ("tháng trước", date(2017, 2, 2), "2017-01"),
    ("hôm qua", date(2017, 2, 2), "2017-02-01"), ("trong 6 tháng cuối năm nay", date(2020, 6, 3), "2020-07"),
    ("tháng 3 tới", date(2017, 2, 2), "2017-03"), ("quý 4 năm 2018", None, "2018-Q4"),
])
def test_relative_expressions_count_from_publication(text, published, value):
    assert _one(text, published)["value"] == value


@pytest.mark.parametrize("text", [
    "ngày 31/02/2022", "ngày 12/13/2024", "Đắk Lắk xếp vị thứ 30/63 tỉnh thành", "đạt 89,29%",
    "tỷ lệ 40% hộ gia đình", "Phổ cập mạng 4G/5G", "Quyết định số 3330/QĐ-UBND", "có 12/15 huyện hoàn thành",
    "thời gian qua, công tác chuyển đổi số", "trong 6 tháng qua", "mỗi tháng một lần", "tài sản quý giá",
    "khai mạc lúc 15:57", "từ 2-3 người tham gia",
])
def test_not_dates(text):
    assert _find(text, date(2022, 6, 1)) == []


@pytest.mark.parametrize("text,value", [
    ("thứ 2 ngày 6 tháng 2", "2017-02-06"), ("ngày đầu tiên của tháng ba", "2017-03-01"), ("3/3/17", "2017-03-03"),
    ("3/9/91", "1991-09-03"), ("7/3", "2017-03-07"), ("quý 4 của năm 2018", "2018-Q4"), ("tháng mười năm 2017", "2017-10"),
    ("chủ nhật ngày mồng 9 tháng 4", "2017-04-09"),
])
def test_parse_date_whole_strings(text, value):
    r = parse_date(text, published="2017-02-02")
    assert r is not None and r["value"] == value


def test_parse_date_rejects_what_is_not_one_date():
    assert parse_date("có ngày chính xác", published="2017-02-02") is None
    assert parse_date("89,29%") is None and parse_date("40%") is None and parse_date("") is None


# -- held-out regressions (baomoi 2017) ---------------------------------------------------------

@pytest.mark.parametrize("text,value,end_value", [
    ("bắt đầu từ ngày 17/7/2017 đến ngày 25/7/2017. Song song", "2017-07-17", "2017-07-25"),
    ("Bóng đá nữ dự SEA Games 29 tại Malaysia từ (19/8 đến 31/8) Cũng tại", "2017-08-19", "2017-08-31"),
    ("Trong 2 ngày 21- 22/6, tại Hà Nội, đã diễn ra hội thảo", "2017-06-21", "2017-06-22"),
])
def test_a_period_is_one_record(text, value, end_value):
    r = _one(text, date(2017, 9, 1))
    assert (r["value"], r["end_value"], r["relation"]) == (value, end_value, "during")


def test_day_count_of_a_period_is_not_a_number():
    from dxextract.extractors import numbers

    doc = Document(text="Trong 2 ngày 21- 22/6, tại Hà Nội, đã diễn ra hội thảo", published=date(2017, 6, 23))
    doc.dates = dates.extract(doc)
    assert numbers.extract(doc) == []


def test_date_after_a_duration_is_found():
    r = _find("giá xăng dầu thế giới trong 15 ngày trước ngày 5/7/2017 là 55,959 USD/thùng")
    assert [(d["value"], d["relation"]) for d in r] == [("2017-07-05", "by")]


def test_part_of_today_and_its_restated_date_are_one_record():
    r = _find("Giá xăng giảm từ 17h chiều nay\nLiên bộ chiều nay (5/7) vừa quyết định", date(2017, 7, 5))
    assert [(d["text"], d["value"]) for d in r] == [("chiều nay", "2017-07-05"), ("chiều nay (5/7)", "2017-07-05")]


@pytest.mark.parametrize("text", [
    "“Ngày mua sắm trực tuyến” là ngày thứ Sáu đầu tiên của tháng 12 hàng năm.",
    "lễ hội diễn ra ngày 10/3 hằng năm",
])
def test_a_yearly_date_is_no_calendar_point(text):
    assert _find(text, date(2017, 6, 1)) == []


def test_dotted_day_month_and_month_year_as_some_papers_write_them():
    """`ngày 23.8` and `tháng 7.2020` are dates; the month's written year wins over the one a text
    without publication date would fall back to, and a count written with a dot stays a count."""
    text = ("Ngày 23.8 vừa qua, Sở TT-TT bàn giao 300 máy tính bảng cho học sinh. Tính đến tháng 7.2020, "
            "thành phố có 1.200 camera giám sát; năm 2018 mới có 400 chiếc, mỗi ngày 1.500 lượt xem.")
    found = [(r["text"], r["value"], r["year_inferred"]) for r in _find(text)]
    assert found == [("Ngày 23.8", "2020-08-23", True), ("Tính đến tháng 7.2020", "2020-07", False), ("năm 2018", "2018", False)]


def test_a_year_counted_back_from_another_year_is_no_calendar_point():
    """`so với cùng kỳ năm trước` and `năm trước đó` count back from the year reported on, not
    from publication: no record; a plain `năm trước` is the year before publication."""
    text = ("Năm trước, tỉnh mới có 30% hồ sơ trực tuyến; năm nay tỷ lệ này tăng 20% so với cùng kỳ năm trước. "
            "Số liệu của chỉ số được thu thập từ giữa năm trước đó.")
    found = [(r["text"], r["value"]) for r in _find(text, date(2023, 5, 2))]
    assert found == [("Năm trước", "2022"), ("năm nay", "2023")]


def test_a_count_of_years_and_that_many_years_in_a_row_is_one_period():
    """`3 năm liên tiếp 2021, 2022, 2023` is a period; when the count and the years disagree
    (`2 năm 2019 và 2022`) the years stay separate."""
    assert [(r["text"], r["value"], r["end_value"], r["relation"]) for r in _find(
        "Tỉnh đứng đầu chỉ số 3 năm liên tiếp 2021, 2022, 2023.")] == [
        ("3 năm liên tiếp 2021, 2022, 2023", "2021", "2023", "during")]
    assert [(r["value"], r["end_value"]) for r in _find("Trong 2 năm 2019 và 2022, xã được đầu tư hạ tầng.")] == [
        ("2019", None), ("2022", None)]


def test_a_year_after_an_event_or_report_name_is_its_edition():
    """`Diễn đàn Kinh tế số 2023`, `hội thảo … 2024`, `thường niên 2022`: a year naming an edition,
    even after lowercase words; a count after such a name stays a count."""
    text = ("Tại Diễn đàn Kinh tế số 2023 cho thấy 60% doanh nghiệp dùng hóa đơn điện tử. "
            "Đại hội đồng cổ đông thường niên 2022 của công ty thông qua kế hoạch. Hội nghị thu hút 2000 đại biểu.")
    assert [(r["text"], r["value"]) for r in _find(text, date(2023, 6, 1))] == [("2023", "2023"), ("2022", "2022")]


def test_a_named_day_and_a_plans_horizon_date_a_bare_year():
    """`Ngày Chuyển đổi số quốc gia 2025` is an edition, `định hướng 2030` a plan's horizon; a
    count after a named day (`Ngày Hội … 2000 học sinh`) stays a count."""
    text = ("Tại Ngày Internet Việt Nam 2023, Bộ công bố báo cáo. Quy hoạch viễn thông đến năm 2025, "
            "định hướng 2030, đã được duyệt. Ngày Hội đọc sách thu hút 2000 học sinh.")
    assert [r["value"] for r in _find(text, date(2023, 12, 1))] == ["2023", "2025", "2030"]


def test_a_past_day_of_the_publications_own_month_keeps_its_year():
    """A publication known only to the month reads as its first day (`2024-07`): a day later that
    month reported as past (`Ngày 10-7, … cho biết`) is that year's, not the year before; a past
    day in a later month than publication still is last year's."""
    text = "Ngày 10-7, Sở Tư pháp cho biết đã cấp 6.000 phiếu lý lịch tư pháp qua VNeID. Ngày 20/9, sở đã tổng kết."
    found = [(r["text"], r["value"]) for r in _find(text, date(2024, 7, 1))]
    assert found == [("Ngày 10-7", "2024-07-10"), ("Ngày 20/9", "2023-09-20")]


def test_publication_and_dates_stages_read_a_dateless_text_once(monkeypatch):
    """A text with no publication date that states no full date leaves `published` unknown, so
    both stages resolve it against the same fallback year: each match is turned into a value once
    for finding that year and once against it, not again by the dates stage."""
    from dxextract import pipeline
    from dxextract.extractors import date_productions, dates as dates_module

    calls = Counter()

    def counted(name, production):
        def run(m, ctx):
            calls[name] += 1
            return production(m, ctx)
        return run

    for name, production in list(date_productions.PRODUCTIONS.items()):
        monkeypatch.setitem(dates_module.PRODUCTIONS, name, counted(name, production))
    text = "Trong tháng 7/2023 và năm 2024, tỉnh Kon Tum (test_dates_once) số hóa 95% hồ sơ."
    doc = pipeline.document(pipeline.from_text(text))
    for stage in pipeline.STAGES[:4]:  # publication, entities, article_province, dates
        pipeline.apply(stage, doc)
    assert doc.published is None and {r["value"] for r in doc.dates} >= {"2023-07", "2024"}
    assert sum(calls.values()) == 2 * len(dates_module._matches(text)) > 0, calls


def test_the_end_of_the_year_alone_is_the_publications_year():
    """`từ nay đến cuối năm`, `Cuối năm,` with no year are the end of the year the article is
    published in (they gave no date); `những tháng cuối năm`, `cuối năm học`, `cuối năm đó` stay
    no year of their own."""
    text = ("Từ nay đến cuối năm, Sở phải đưa 100% thủ tục lên cổng dịch vụ công. Cuối năm, huyện sẽ có "
            "thêm 20 tổ công nghệ số. Những tháng cuối năm học sinh ôn thi; đến cuối năm đó mạng đã phủ khắp.")
    got = [(r["text"], r["value"], r["relation"], r["year_inferred"]) for r in _find(text, date(2025, 6, 10))]
    assert got == [("đến cuối năm", "2025", "by", True), ("Cuối năm", "2025", "on", True)]


def test_a_period_joined_by_a_figure_dash_or_a_minus_sign():
    """`giai đoạn 2021 ‒ 2025` (U+2012) and `tháng 3 − 5` (U+2212), as pasted from office files,
    are periods as with a hyphen (they gave no date or a single one)."""
    text = "Tỉnh duyệt đề án giai đoạn 2021 ‒ 2025; từ tháng 3 − 5/2024 các xã rà soát dữ liệu dân cư."
    got = [(r["value"], r["end_value"]) for r in _find(text, date(2024, 6, 1))]
    assert got == [("2021", "2025"), ("2024-03", "2024-05")]


@pytest.mark.parametrize("text,published,span,value", [
    ("Sáng nay (14/6), Sở Khoa học và Công nghệ họp báo về cổng dịch vụ công.", date(2025, 6, 1), "Sáng nay (14/6)", "2025-06-14"),
    ("Tối qua 18/6, đoàn kiểm tra về tới huyện sau chuyến khảo sát trạm 5G.", date(2025, 6, 20), "Tối qua 18/6", "2025-06-18"),
    ("Chiều nay, 20-6, xã ra mắt tổ công nghệ số cộng đồng.", date(2025, 6, 1), "Chiều nay, 20-6", "2025-06-20"),
    ("Bộ công bố báo cáo chiều nay (22/3) tại Hà Nội.", date(2017, 3, 1), "chiều nay (22/3)", "2017-03-22"),
])
def test_relative_day_restated_by_its_date_is_that_date(text, published, span, value):
    """A relative day followed by its written date is one record of the written date: the article
    may be known only to its month (then `sáng nay` alone would be the 1st) or go out a day late."""
    found = [(r["text"], r["value"]) for r in _find(text, published)]
    assert found == [(span, value)]


def test_relative_day_before_a_fraction_stays_alone():
    """`Sáng nay 2/3 đại biểu`: the fraction of a counted noun is no date restating the day."""
    found = [(r["text"], r["value"]) for r in _find("Sáng nay 2/3 đại biểu đã có mặt tại hội trường.", date(2025, 6, 20))]
    assert found == [("Sáng nay", "2025-06-20")]


def test_month_just_past_told_in_that_month_is_this_year():
    """`tháng 6 vừa qua` in an article of late June is this June, not last year's."""
    found = [(r["text"], r["value"]) for r in _find("Trong tháng 6 vừa qua, xã đã cấp 120 tài khoản định danh.", date(2025, 6, 28))]
    assert found == [("Trong tháng 6 vừa qua", "2025-06")]


def test_an_announced_index_edition_dates_an_undated_text_the_year_after():
    """With no publication date, `Sáng 8/8` takes the text's year; an index of year N that the text
    says was announced (`công bố … Chỉ số DTI năm 2021`) came out in N+1, so the day is 2022's. A plan
    to raise the 2024 index, announced nowhere, stays in 2024."""
    text = ("Sáng 8/8, Bộ Khoa học và Công nghệ công bố Bảng xếp hạng chỉ số DTI cấp tỉnh năm 2021. "
            "Tỉnh tăng 3 bậc so với năm 2020.")
    assert [(r["text"], r["value"]) for r in _find(text)][0] == ("Sáng 8/8", "2022-08-08")
    plan = "Sáng 8/3, tỉnh ban hành kế hoạch nâng cao Chỉ số DTI năm 2024."
    assert [(r["text"], r["value"]) for r in _find(plan)][0] == ("Sáng 8/3", "2024-03-08")


@pytest.mark.parametrize("text,value", [
    ("Triển lãm hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 thu hút đông người dân.", "2024-10-10"),
    ("Sự kiện hưởng ứng ngày chuyển đổi số quốc gia 10-10 diễn ra tại xã.", "2024-10-10"),
    ("Nhân Ngày Pháp luật Việt Nam 9/11, xã tổ chức thi tìm hiểu về dịch vụ công.", "2024-11-09"),
])
def test_a_named_day_dates_the_bare_day_after_it(text, value):
    """A named day's name is a cue for its date, as `ngày` is: `Ngày Chuyển đổi số quốc gia 10/10`."""
    assert [r["value"] for r in _find(text, date(2024, 11, 15))] == [value]


@pytest.mark.parametrize("text,found", [
    ("Hạn chót 31/12 các sở phải gửi báo cáo số hóa hồ sơ.", [("Hạn chót 31/12", "2025-12-31", "by")]),
    ("Các xã nộp danh sách tổ công nghệ số chậm nhất 15/8.", [("chậm nhất 15/8", "2025-08-15", "by")]),
    ("Hồ sơ đăng ký nhận muộn nhất 20/7 tại bộ phận một cửa.", [("muộn nhất 20/7", "2025-07-20", "by")]),
    ("Hạn cuối 30/9 để hoàn tất làm sạch dữ liệu đất đai.", [("Hạn cuối 30/9", "2025-09-30", "by")]),
    ("Chậm nhất 3/5 xã phải hoàn thành trước khi sáp nhập.", []),
])
def test_a_deadline_word_makes_a_bare_day_a_date_due(text, found):
    """`hạn chót 31/12`, `chậm nhất 15/8`: a deadline word is a cue for the bare day after it, which
    is a date due (`by`); a fraction of a counted noun after it (`3/5 xã`) stays a fraction."""
    got = [(r["text"], r["value"], r["relation"]) for r in _find(text, date(2025, 6, 20))]
    assert got == found


@pytest.mark.parametrize("text,found", [
    ("Từ 1-15/7, các xã ra quân làm sạch dữ liệu dân cư trên địa bàn.", [("Từ 1-15/7", "2025-07-01", "2025-07-15")]),
    ("Đợt cao điểm cấp chữ ký số diễn ra từ 5 – 20/6 tại bộ phận một cửa.", [("từ 5 – 20/6", "2025-06-05", "2025-06-20")]),
    ("Vào các ngày 14, 15 và 16/11, đoàn kiểm tra làm việc tại các xã.", [("Vào các ngày 14, 15 và 16/11", "2025-11-14", "2025-11-16")]),
    ("Số hộ dùng ví điện tử giảm từ 2-3/4 số hộ xuống còn một nửa.", []),
    ("Đoàn làm việc tại huyện các ngày 3, 9 và 10/5.", []),
])
def test_a_run_of_days_after_tu_or_in_a_list_is_one_period(text, found):
    """`Từ 1-15/7` and `các ngày 14, 15 và 16/11` are one period (during), as `ngày 5-6/12` is; a
    share of a counted noun after `từ` and days not in a row are no run."""
    got = [(r["text"], r["value"], r["end_value"]) for r in _find(text, date(2025, 6, 20)) if r["end_value"]]
    assert got == found


@pytest.mark.parametrize("text,value", [
    ("Ngày 2/9 tới, thành phố sẽ ra mắt ứng dụng công dân số.", "2025-09-02"),
    ("Dự kiến ngày 15/1 sắp tới, cổng dịch vụ công mới đi vào vận hành.", "2025-01-15"),
    ("Sáng 28/12 tới, Sở tổ chức hội nghị tổng kết chuyển đổi số.", "2024-12-28"),
    ("Từ 1/9 tới 5/9, đoàn công tác kiểm tra việc số hóa hồ sơ.", "2024-09-01"),
])
def test_a_day_said_to_be_ahead_falls_after_publication(text, value):
    """`ngày 2/9 tới` told in December is next year's September; a day still ahead this year keeps
    its year, and `tới` joining two days is no such word."""
    assert _find(text, date(2024, 12, 20))[0]["value"] == value


@pytest.mark.parametrize("text,found", [
    ("Trong tháng 11 và 12/2023, huyện kiểm tra việc số hóa ở 20 xã.", [("Trong tháng 11", "2023-11"), ("12/2023", "2023-12")]),
    ("Các lớp tập huấn kỹ năng số mở vào tháng 5, 6/2022 tại xã.", [("vào tháng 5", "2022-05"), ("6/2022", "2022-06")]),
    ("Có 11 và 12/2023 hồ sơ được trả kết quả qua bưu điện.", []),
])
def test_a_month_listed_before_a_dated_one_shares_its_year(text, found):
    """`tháng 11 và 12/2023`: the second month is a month (no `tháng` of its own), and the first
    takes its year, not the publication's; without `tháng` before, `11 và 12/2023` stays no date."""
    assert [(r["text"], r["value"]) for r in _find(text, date(2024, 3, 1))] == found


@pytest.mark.parametrize("text,found", [
    ("Dịp lễ 30/4, lượng giao dịch qua ví điện tử tăng mạnh.", [("lễ 30/4", "2024-04-30")]),
    ("Trong kỳ nghỉ lễ 2/9, cổng dịch vụ công vẫn tiếp nhận hồ sơ.", [("lễ 2/9", "2024-09-02")]),
    ("Buổi lễ có 3/4 đại biểu dùng tài liệu điện tử.", []),
])
def test_a_holiday_named_by_its_day_dates_it(text, found):
    """`dịp lễ 30/4`: a holiday's day after lễ is a date, a weak cue as từ is, so a share of a
    counted noun after it (`3/4 đại biểu`) stays a share."""
    assert [(r["text"], r["value"]) for r in _find(text, date(2024, 9, 10))] == found


@pytest.mark.parametrize("text,found", [
    ("Từ đầu năm đến nay, cổng dịch vụ công của huyện nhận 8.400 hồ sơ.", [("Từ đầu năm", "2024", "from")]),
    ("Ngay từ đầu năm, Sở đã giao chỉ tiêu cho từng xã.", [("từ đầu năm", "2024", "from")]),
    ("Tính từ đầu năm tới nay, huyện đã cấp 640 chữ ký số.", [("Tính từ đầu năm", "2024", "from")]),
    ("Đầu năm, thành phố khai trương trung tâm điều hành thông minh.", [("Đầu năm", "2024", "on")]),
    ("Từ đầu năm học, trường dùng học bạ số; mỗi đầu năm xã tuyên truyền.", []),
])
def test_the_start_of_the_year_alone_is_the_publication_year(text, found):
    """`Từ đầu năm đến nay`: the start of this year, as `đến cuối năm` is its end; it gave no date,
    and `năm tới nay` (until now) gave next year. A school year or a routine stays no date."""
    got = [(r["text"], r["value"], r["relation"]) for r in _find(text, date(2024, 9, 12))]
    assert got == found


@pytest.mark.parametrize("text,found", [
    ("Trong quý III và quý IV năm 2023, xã số hóa 4.000 hồ sơ hộ tịch.", [("2023-Q3", False), ("2023-Q4", False)]),
    ("Kết quả quý I, quý II năm 2023 được tổng hợp.", [("2023-Q1", False), ("2023-Q2", False)]),
    ("Quý I đạt 30%, quý II/2023 đạt 45% kế hoạch.", [("2024-Q1", True), ("2023-Q2", False)]),
])
def test_a_quarter_listed_before_a_dated_one_shares_its_year(text, found):
    """`quý III và quý IV năm 2023` told in 2024: the first quarter is 2023's, as a month listed
    before a dated month is; it took the publication's year."""
    got = [(r["value"], r["year_inferred"]) for r in _find(text, date(2024, 5, 2))]
    assert got == found


@pytest.mark.parametrize("text,found", [
    ("Đoàn kiểm tra làm việc tại các xã vào ngày 4/6 và 6/6.", ["2024-06-04", "2024-06-06"]),
    ("Các buổi tập huấn diễn ra các ngày 11/3, 13/3 và 18/3 tại huyện.", ["2024-03-11", "2024-03-13", "2024-03-18"]),
    ("Đợt cao điểm cấp căn cước từ ngày 20/5-20/8/2024 đã kết thúc.", ["2024-05-20..2024-08-20"]),
    ("Trong 7 ngày nghỉ từ 28/1-3/2, cổng dịch vụ công vẫn nhận hồ sơ.", ["2024-01-28..2024-02-03"]),
    ("Thời gian giải quyết giảm từ 1/3 - 1/2 thời gian cũ; mã hồ sơ 5/3-7.", []),
])
def test_days_listed_or_joined_after_a_dated_day_are_dates(text, found):
    """`ngày 4/6 và 6/6`: a day listed after one a cue dated is a date too (it was none), and
    `từ 20/5-20/8/2024` with no spaces round the dash is one period (only its end was read). A
    share after the dash (`từ 1/3 - 1/2 thời gian`) and a code (`5/3-7`) stay no date."""
    got = [r["value"] + (".." + r["end_value"] if r["end_value"] else "") for r in _find(text, date(2024, 6, 20))]
    assert got == found


@pytest.mark.parametrize("text,found", [
    ("Kỷ niệm 79 năm Cách mạng Tháng Tám và Quốc khánh 2/9, xã ra mắt ứng dụng.", [("Quốc khánh 2/9", "2024-09-02")]),
    ("Ý nghĩa của Cách mạng tháng 8 được nhắc lại tại buổi lễ.", []),
    ("Thắng lợi của Cách mạng Tháng Tám năm 1945 mở ra kỷ nguyên mới.", [("Tháng Tám năm 1945", "1945-08")]),
    ("Tháng Tám này, tỉnh ra mắt ứng dụng công dân số.", [("Tháng Tám này", "2024-08")]),
])
def test_a_revolution_named_by_its_month_is_no_date_and_the_national_day_is(text, found):
    """`Cách mạng Tháng Tám` names an event of 1945, not this August (it gave a month); `Quốc
    khánh 2/9` is the national day's date, a weak cue as `lễ` is (it gave none)."""
    assert [(r["text"], r["value"]) for r in _find(text, date(2024, 8, 10))] == found


@pytest.mark.parametrize("text,found", [
    ("Ngày 18/4 năm 2023, Sở ký kết hợp tác với doanh nghiệp viễn thông.", [("Ngày 18/4 năm 2023", "2023-04-18")]),
    ("Tính đến ngày 31/12 năm ngoái, toàn huyện có 90 tổ công nghệ số.", [("Tính đến ngày 31/12 năm ngoái", "2023-12-31")]),
    ("Hội nghị diễn ra sáng 12-6 năm nay tại Hà Nội.", [("sáng 12-6 năm nay", "2024-06-12")]),
    ("Chương trình ra mắt 15/3 năm 2022 tại huyện.", [("15/3 năm 2022", "2022-03-15")]),
])
def test_a_day_whose_year_is_said_in_words_is_one_date_of_that_year(text, found):
    """`ngày 18/4 năm 2023`: the year after the day and month is the day's, one record; it was a
    day of the publication's year and a second record for the year (`năm ngoái` was lost)."""
    assert [(r["text"], r["value"]) for r in _find(text, date(2024, 6, 20))] == found


@pytest.mark.parametrize("text,found", [
    ("Tối thứ Sáu 14/6, nhà văn hóa xã mở lớp kỹ năng số.", [("thứ Sáu 14/6", "2024-06-14")]),
    ("Chủ nhật, 16/6, đoàn thanh niên ra quân hướng dẫn cài VNeID.", [("Chủ nhật, 16/6", "2024-06-16")]),
    ("Đây là lần thứ hai 2/3 số xã cùng đạt chuẩn.", []),
])
def test_a_weekday_before_a_bare_day_dates_it(text, found):
    """`Tối thứ Sáu 14/6`: a weekday before a day and month is a cue, a weak one, so a share of a
    counted noun after `thứ hai` (the second) stays a share; it gave no date."""
    assert [(r["text"], r["value"]) for r in _find(text, date(2024, 6, 20))] == found


@pytest.mark.parametrize("text,found", [
    ("Lớp tập huấn chữ ký số kéo dài hai ngày (12 - 13/6) tại huyện.", ["2024-06-12..2024-06-13"]),
    ("Đội tuyển dự giải trẻ khu vực (4-17/9) ở nước bạn.", ["2024-09-04..2024-09-17"]),
    ("Hội thi tin học trẻ diễn ra trong 2 ngày 8, 9/6 tại trường.", ["2024-06-08..2024-06-09"]),
    ("Nhóm này chiếm (1-2/3 số hộ) của xã; ngày 3, 9/5 đoàn kiểm tra.", []),
])
def test_a_run_of_days_in_brackets_or_joined_by_a_comma_is_one_period(text, found):
    """`hai ngày (12 - 13/6)`, `2 ngày 8, 9/6`: a run of days in brackets (a weak cue, as after
    `từ`) or two days in a row after `ngày` joined by a comma is one period; it gave no date.
    A share of a counted noun in brackets and days not in a row stay none."""
    got = [r["value"] + (".." + r["end_value"] if r["end_value"] else "") for r in _find(text, date(2024, 6, 20))]
    assert got == found


@pytest.mark.parametrize("text,found", [
    ("Từ ngày 10 đến ngày 14/6/2024, Sở mở lớp bồi dưỡng kỹ năng số.", ["2024-06-10..2024-06-14"]),
    ("Hội chợ trên sàn điện tử diễn ra từ ngày 3 đến hết ngày 9 tháng 6 năm 2024.", ["2024-06-03..2024-06-09"]),
    ("Vòng thi trực tuyến diễn ra từ ngày 15 tới 23/7.", ["2024-07-15..2024-07-23"]),
    ("Đợt kiểm tra từ ngày 25 đến ngày 5/7 đã xong.", ["2023-07-05"]),
])
def test_a_run_of_days_whose_month_is_written_once_is_one_period(text, found):
    """`từ ngày 10 đến ngày 14/6/2024`: the month is written once, on the last day; the run is one
    period (only its last day was read). A first day later than the last (`25 đến 5/7`, across a
    month) is no such run and keeps the old reading."""
    got = [r["value"] + (".." + r["end_value"] if r["end_value"] else "") for r in _find(text, date(2024, 6, 20))]
    assert got == found


@pytest.mark.parametrize("text,found", [
    ("Công ty ra đời hàng chục năm trước và nay đã đổi tên.", []),
    ("Cách đây cả trăm năm trước, nơi này là bến cảng.", []),
    ("Năm trước, huyện mới có 40% hộ dùng cáp quang.", ["2020"]),
])
def test_years_ago_after_a_count_word_is_no_last_year(text, found):
    """`hàng chục năm trước` (decades ago) counts years back from now, as `2 năm trước` does: no
    calendar year; a bare `Năm trước` is still last year."""
    assert [r["value"] for r in _find(text, date(2021, 4, 14))] == found



def test_every_group_of_a_finder_is_named():
    """A record's span starts at the earliest group of its match (dates._span_start reads them all
    by number): a group without a name would be counted too."""
    lex = _lex()
    for name in lex.finders:
        assert len(set(lex.rules[name].groupindex.values())) == lex.rules[name].groups, name
