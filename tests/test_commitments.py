"""Commitments on real provincial articles (corpus/): what a figure measures, when and where.

Each article is extracted once per test session; the assertions name the figures a reader of the
article would list, and the numbers that must not become commitments.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

import dxextract as dx
from dxextract import pipeline
from dxextract.readers import from_text
from dxextract.extractors import clauses, indicator

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FIELDS = {"type", "start", "end", "text", "kind", "province", "province_2025", "indicator", "level", "pillar",
          "value", "value_max", "of", "unit", "comparator", "deadline", "as_of", "basis", "id", "sentence"}


@lru_cache(maxsize=None)
def records(stem: str) -> tuple[str, list[dict]]:
    art = dx.read(CORPUS / f"{stem}.txt")
    return art.text, dx.extract(art)


def commitments(stem: str) -> list[dict]:
    return [r for r in records(stem)[1] if r["type"] == "commitment"]


def find(stem: str, value: float, *words: str) -> dict:
    """The one commitment of `value` whose indicator holds every word."""
    hits = [c for c in commitments(stem) if c["value"] == value and all(w in c["indicator"] for w in words)]
    assert len(hits) == 1, (value, words, [(c["value"], c["indicator"]) for c in commitments(stem)])
    return hits[0]


STEMS = ["000_83ce5f1ebe82f95b", "001_ef6a8b9dc3eafaab", "002_ec1798adad215369", "003_1b3aea1fca0cbb5e",
         "004_056aaa40644b9ed5"]


@pytest.mark.parametrize("stem", STEMS)
def test_records_keep_the_contract(stem: str) -> None:
    text, _ = records(stem)
    found = commitments(stem)
    assert found
    for c in found:
        assert FIELDS <= c.keys()
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["kind"] in ("target", "actual")
        assert c["level"] in (None, "tinh", "huyen", "xa", "bo")
        assert c["pillar"] in (None, "chinh_quyen_so", "kinh_te_so", "xa_hoi_so", "do_thi_thong_minh")
        assert (c["deadline"] is None) or c["kind"] == "target"
        assert (c["as_of"] is None) or c["kind"] == "actual"
        assert c["indicator"].strip()


def test_list_items_share_head_and_predicate_but_keep_their_level() -> None:
    stem = "000_83ce5f1ebe82f95b"
    for value, lvl, level in ((90, "cấp tỉnh", "tinh"), (80, "cấp huyện", "huyen"), (60, "cấp xã", "xa")):
        c = find(stem, value, "hồ sơ công việc", lvl)
        assert c["indicator"].endswith("được xử lý trên môi trường mạng")
        assert (c["kind"], c["level"], c["comparator"], c["deadline"]) == ("target", level, ">=", "2025")
        assert (c["province"], c["pillar"]) == ("Đắk Lắk", "chinh_quyen_so")


def test_plan_basis_and_deadline_carry_to_the_next_sentence() -> None:
    # "Tỉ lệ dân số có tài khoản thanh toán điện tử là trên 50%." has no cue of its own.
    c = find("000_83ce5f1ebe82f95b", 50, "tài khoản thanh toán điện tử")
    assert (c["kind"], c["deadline"], c["basis"], c["comparator"]) == ("target", "2025", "3330/QĐ-UBND", ">")
    assert find("000_83ce5f1ebe82f95b", 20, "kinh tế số", "GRDP")["unit"] == "percent"
    assert find("000_83ce5f1ebe82f95b", 20, "doanh nghiệp số")["unit"] == "count"


def test_the_deadline_a_goal_opens_on_carries_not_a_later_figure_s_own() -> None:
    """`đến năm 2030, …` frames the sentences that go on from it; `vào năm 2040` dates its own figure only."""
    text = ("Theo chương trình, đến năm 2030, quy mô kinh tế số của tỉnh Bình Định bằng 28% GRDP, rồi lên 40% GRDP vào "
            "năm 2040. Trong đó, tỷ lệ doanh nghiệp bán hàng trên sàn thương mại điện tử sẽ đạt 85%.")
    got = {c["value"]: c["deadline"] for c in dx.extract(text, published="2024-05-01") if c["type"] == "commitment"}
    assert got == {28: "2030", 40: "2040", 85: "2030"}


def test_the_country_in_an_aside_of_its_own_leaves_the_figures_outside_it_to_the_province() -> None:
    """`(cả nước hướng tới 20)` is the country's goal beside the city's own figures."""
    text = ("Đà Nẵng đặt mục tiêu cho khoa học, công nghệ và chuyển đổi số\n"
            "Đến năm 2030, thành phố sẽ xây thêm ít nhất 4 trung tâm dữ liệu (cả nước hướng tới 20); tỷ lệ người dân "
            "sử dụng dịch vụ công trực tuyến của thành phố lên 85% (cả nước đặt mục tiêu 70%).")
    got = {c["value"]: c["province"] for c in dx.extract(text, published="2025-03-01") if c["type"] == "commitment"}
    assert got == {4: "Đà Nẵng", 85: "Đà Nẵng", 70: None}


def test_a_cue_in_an_aside_with_its_own_figure_leaves_the_plan_s_items_goals() -> None:
    """`(hiện nay mới đạt 31,5 Mbps)` reports today's speed; the items around it stay the plan's goals."""
    text = ("Hạ tầng số của tỉnh Kon Tum\nMục tiêu của tỉnh đến năm 2026 gồm:\n"
            "Tốc độ truy cập di động bình quân đạt 60 Mbps (hiện nay mới đạt 31,5 Mbps); 100% thôn được phủ sóng 4G, "
            "tỷ lệ trạm BTS dùng chung hạ tầng đạt 15%;")
    got = {c["value"]: (c["kind"], c["deadline"]) for c in dx.extract(text, published="2023-05-01") if c["type"] == "commitment"}
    assert got == {60: ("target", "2026"), 31.5: ("actual", None), 100: ("target", "2026"), 15: ("target", "2026")}


def test_shared_head_reaches_a_bare_figure() -> None:
    # "cáp quang phủ trên 80% hộ gia đình, 100% xã": the 100% is fibre coverage of communes.
    stem = "001_ef6a8b9dc3eafaab"
    assert find(stem, 100, "cáp quang", "xã")["kind"] == "target"
    assert find(stem, 80, "cáp quang", "hộ gia đình")["comparator"] == ">"
    assert find(stem, 90, "hồ sơ công việc", "cấp bộ, tỉnh")["level"] == "tinh"
    assert find(stem, 10, "tỷ trọng kinh tế số", "ngành")["comparator"] == ">="


def test_a_paragraph_ending_on_a_semicolon_continues() -> None:
    c = find("001_ef6a8b9dc3eafaab", 100, "chế độ báo cáo")
    assert (c["kind"], c["deadline"], c["province"]) == ("target", "2025", "Điện Biên")


def test_structural_counts_are_not_commitments() -> None:
    for stem in STEMS:
        for c in commitments(stem):
            assert not any(w in c["sentence"][c["start"] - 1:] for w in ("nhóm nhiệm vụ", "trụ cột chính"))
    values = {c["value"] for c in commitments("001_ef6a8b9dc3eafaab")}
    assert not values & {6, 3, 8}
    assert 96 not in {c["value"] for c in commitments("004_056aaa40644b9ed5")}


def test_results_with_their_date_and_ranking() -> None:
    stem = "002_ec1798adad215369"
    total = find(stem, 1543, "thủ tục hành chính")
    assert (total["kind"], total["as_of"]) == ("actual", "2021-10-15")
    # the next sentence ("Trong đó có 456 dịch vụ mức độ 3 …") keeps the date
    assert find(stem, 456, "dịch vụ", "mức độ 3")["as_of"] == "2021-10-15"
    assert find(stem, 191, "thủ tục", "cấp huyện")["level"] == "huyen"
    rank = find(stem, 30, "DTI")
    assert (rank["unit"], rank["of"], rank["kind"], rank["province"]) == ("rank", 63, "actual", "Đắk Lắk")
    # "Mục tiêu … là quyết tâm … đạt 100% mức độ 4": the goal wins over "đạt"
    assert find(stem, 100, "dịch vụ công trực tuyến", "mức độ 4")["kind"] == "target"


def test_results_without_cues_are_actual() -> None:
    stem = "003_1b3aea1fca0cbb5e"
    assert find(stem, 95, "hồ sơ công việc", "cấp tỉnh")["kind"] == "actual"
    assert find(stem, 70, "tài khoản giao dịch")["comparator"] == ">="


def test_deadlines_and_a_phrase_that_points_back() -> None:
    stem = "004_056aaa40644b9ed5"
    assert find(stem, 100, "thôn", "Tổ công nghệ số")["deadline"] == "2022-07-15"
    assert find(stem, 100, "văn bản điện tử")["deadline"] == "2022-08"
    # "… chứng thực điện tử …. Phấn đấu đến tháng 9/2022, kết quả sẽ đạt trên 70% và trên 90% vào tháng 12/2022."
    assert find(stem, 70, "chứng thực điện tử")["deadline"] == "2022-09"
    assert find(stem, 90, "chứng thực điện tử")["deadline"] == "2022-12"
    assert find(stem, 85, "internet cố định")["comparator"] == "~"
    assert find(stem, 70, "dân số", "Người mua")["kind"] == "target"
    assert all(c["province_2025"] == "Lâm Đồng" for c in commitments(stem))


def test_general_news_yields_no_commitment() -> None:
    for text in (
        "Năm 2017, sản lượng lúa của tỉnh đạt 95% kế hoạch, tăng 3% so với cùng kỳ năm trước.",
        "Xe hỗ trợ kết nối 4G LTE, camera lùi và trang bị an toàn tới 8 túi khí.",
        "Theo kế hoạch, đội tuyển phấn đấu giành 3 huy chương vàng, 80% vận động viên đạt chuẩn.",
    ):
        assert not [r for r in dx.extract(text) if r["type"] == "commitment"], text


def test_national_figure_has_no_province() -> None:
    recs = dx.extract("Tính đến nay, cả nước đã có 45% dịch vụ công trực tuyến toàn trình.")
    (c,) = [r for r in recs if r["type"] == "commitment"]
    assert (c["province"], c["kind"], c["value"]) == (None, "actual", 45)


def test_a_statistic_with_no_words_left_after_its_goal_verb_does_not_borrow_the_digital_phrase_before() -> None:
    """`Tổng vốn đầu tư … phấn đấu đạt 3.500 tỷ đồng`: cut at `phấn đấu`, the figure keeps no words,
    but what it measures is an economic statistic, not the digital thing of the sentence before."""
    text = ("Huyện Cư Kuin đẩy mạnh chuyển đổi số\n"
            "Năm 2026, huyện phấn đấu 95% hồ sơ công việc cấp huyện được xử lý trên môi trường mạng; "
            "45% dân số trưởng thành có chữ ký số. Tổng vốn đầu tư toàn xã hội phấn đấu đạt 2.800 tỷ đồng.")
    got = [r["value"] for r in dx.extract(text, published="2025-12-20") if r["type"] == "commitment"]
    assert got == [95, 45]


def test_a_figure_dated_ahead_of_publication_is_a_plan_even_without_a_goal_word() -> None:
    """`Giai đoạn 2026-2030, tỉnh dành …` in a January 2026 report is what the province plans; the
    same words about a period already past report what it did."""
    text = "Chuyển đổi số Ninh Thuận\nGiai đoạn {}, tỉnh dành khoảng 1.200 tỷ đồng cho các dự án chuyển đổi số."
    def kinds(period: str) -> list[tuple[str, str | None]]:
        return [(r["kind"], r["deadline"]) for r in dx.extract(text.format(period), published="2026-01-15")
                if r["type"] == "commitment"]
    assert kinds("2026-2030") == [("target", "2030")]
    assert kinds("2021-2025") == [("actual", None)]


def test_a_figure_with_no_digital_words_names_the_digital_thing_right_before_it() -> None:
    """`…; 100% trạm y tế dùng phần mềm quản lý hồ sơ sức khỏe điện tử, với 1,2 triệu hồ sơ được lập`:
    the records are that software's, not the sentence's first digital thing."""
    text = ("Chuyển đổi số y tế Phú Thọ\nToàn tỉnh có 27/30 bệnh viện đã triển khai bệnh án điện tử; 100% trạm y tế xã dùng "
            "phần mềm quản lý hồ sơ sức khỏe điện tử, với 1,1 triệu hồ sơ được lập.")
    (rec,) = [r for r in dx.extract(text, published="2025-07-05") if r["type"] == "commitment" and r["value"] == 1_100_000]
    assert "hồ sơ sức khỏe điện tử" in rec["indicator"] and "bệnh án" not in rec["indicator"]


def test_a_headline_figure_told_again_in_the_body_is_a_record_each_time() -> None:
    """Title and lead each tell the goal (one record per span, as the annotators count them); the
    lead's telling carries its year, the title's none."""
    text = ("Bắc Giang: Phấn đấu 100% thôn có Tổ công nghệ số\n"
            "Năm 2025, tỉnh Bắc Giang đặt mục tiêu 100% thôn, tổ dân phố có Tổ công nghệ số cộng đồng hoạt động hiệu quả.")
    title, lead = [r for r in dx.extract(text, published="2025-03-01") if r["type"] == "commitment"]
    assert (title["kind"], title["start"] < text.index("\n")) == ("target", True)
    assert (lead["kind"], lead["deadline"], lead["start"] > text.index("\n")) == ("target", "2025", True)


def test_a_share_of_grdp_is_the_province_s_even_with_a_ministry_as_its_source() -> None:
    """GRDP is a province's product: a ministry quoted for the figure does not make it national,
    while a share of GDP stays the country's."""
    text = ("Kinh tế số Bình Dương bứt phá\n"
            "Theo đánh giá của Bộ Khoa học và Công nghệ, tỷ trọng kinh tế số đóng góp vào GRDP năm 2024 là 17,2%. "
            "Cũng theo Bộ, tỷ trọng kinh tế số trong GDP cả nước năm 2024 ước đạt 18,3%.")
    got = {r["value"]: r["province"] for r in dx.extract(text, published="2025-02-01") if r["type"] == "commitment"}
    assert got == {17.2: "Bình Dương", 18.3: None}


def test_the_country_named_for_a_later_figure_leaves_the_earlier_one_the_provinces() -> None:
    text = ("Kết quả chuyển đổi số của tỉnh Hà Tĩnh năm 2024\n"
            "Năm 2024, tỉnh giải quyết trực tuyến 48,7% hồ sơ và xếp thứ 15 cả nước về chỉ số DTI. "
            "Tỷ lệ thanh toán trực tuyến của tỉnh đạt 40,2%, trong khi bình quân cả nước đạt 35,6%.")
    got = {r["value"]: r["province"] for r in dx.extract(text, published="2025-01-15") if r["type"] == "commitment"}
    assert got == {48.7: "Hà Tĩnh", 15: "Hà Tĩnh", 40.2: "Hà Tĩnh", 35.6: None}


def test_an_interview_answer_goes_on_from_its_question() -> None:
    text = ("Giám đốc Sở Khoa học và Công nghệ tỉnh Nghệ An trả lời phỏng vấn về chuyển đổi số\n"
            "PV: Năm 2025 ngành đã làm được gì?\n"
            "Ông B: Tỷ lệ hồ sơ trực tuyến toàn trình đã lên 63%.\n"
            "PV: Còn chỉ tiêu của năm 2026 thì sao, thưa ông?\n"
            "Ông B: Hồ sơ trực tuyến toàn trình phải đạt trên 80% và mỗi xã có một tổ công nghệ số.")
    got = {r["value"]: (r["kind"], r["deadline"]) for r in dx.extract(text, published="2026-01-05")
           if r["type"] == "commitment"}
    assert got == {63: ("actual", None), 80: ("target", "2026")}


def test_a_sentence_that_goes_on_from_a_digital_one_keeps_only_what_goes_on_with_it() -> None:
    def got(text: str) -> dict:
        return {r["value"]: r["indicator"] for r in dx.extract(text, published="2025-01-10") if r["type"] == "commitment"}

    paid = "Tỷ lệ thanh toán trực tuyến của cấp tỉnh đạt 55%. "
    assert got(paid + "Cấp huyện đạt 38%.") == {55: "Tỷ lệ thanh toán trực tuyến của cấp tỉnh",
                                                38: "Cấp huyện – Tỷ lệ thanh toán trực tuyến của cấp tỉnh"}
    assert got(paid + "Tỷ lệ hộ nghèo của tỉnh là 3,8%.") == {55: "Tỷ lệ thanh toán trực tuyến của cấp tỉnh"}
    ids = "Toàn tỉnh có 120.000 tài khoản định danh điện tử được kích hoạt. "
    assert set(got(ids + "Riêng thành phố có hơn 45.000 tài khoản.")) == {120000, 45000}
    assert set(got(ids + "Riêng thành phố có hơn 45.000 hộ nghèo.")) == {120000}


def test_a_flattened_table_cell_takes_its_kind_and_year_from_its_column() -> None:
    text = ("Chỉ tiêu chuyển đổi số của tỉnh Lào Cai\n"
            "Bảng so sánh một số chỉ tiêu chuyển đổi số của tỉnh:\n"
            "Chỉ tiêu | Mục tiêu 2025 | Ước thực hiện 2024\n"
            "Tỷ lệ hồ sơ trực tuyến toàn trình | 50% | 38%\n"
            "Tỷ lệ thanh toán trực tuyến | 45% | 31%")
    got = {r["value"]: (r["kind"], r["deadline"] or r["as_of"]) for r in dx.extract(text, published="2024-11-20")
           if r["type"] == "commitment"}
    assert got == {50: ("target", "2025"), 38: ("actual", "2024"), 45: ("target", "2025"), 31: ("actual", "2024")}


def test_figures_split_at_separators_and_chunks() -> None:
    text = "mục tiêu là 80% hộ gia đình, 100% xã; 50% dân số có tài khoản"
    nums = [{"start": text.index(t), "end": text.index(t) + len(t)} for t in ("80%", "100%", "50%")]
    figs = clauses.figures(text, (0, len(text)), nums)
    assert [text[slice(*f.post)].strip(" ,") for f in figs] == ["hộ gia đình", "xã", "dân số có tài khoản"]
    assert [f.coordinated for f in figs] == [False, True, False]  # a head is shared within a chunk only
    assert [f.last for f in figs] == [False, True, True]


def test_level_needs_one_tier() -> None:
    assert indicator.level("hồ sơ công việc tại cấp bộ, tỉnh") == "tinh"
    assert indicator.level("thủ tục cấp xã") == "xa"
    assert indicator.level("cơ quan cấp tỉnh, huyện") is None
    assert indicator.level("dịch vụ công trực tuyến") is None


def test_a_figure_measured_against_the_one_before_keeps_its_head() -> None:
    text = ("Tỉnh phấn đấu đến năm 2025 doanh thu thương mại điện tử đạt 2.500 tỷ đồng, tăng bình quân 20% mỗi năm. "
            "Năm 2023, doanh thu thương mại điện tử của tỉnh đạt 2.500 tỷ đồng, tăng 25% so với cùng kỳ. "
            "Bộ đã đơn giản hóa 221/225 thủ tục hành chính trực tuyến (đạt 98,22%).")
    found = {r["value"]: r for r in dx.extract(text, published="2024-02-01") if r["type"] == "commitment"}
    assert "doanh thu thương mại điện tử" in found[20]["indicator"] and "tăng" in found[20]["indicator"]
    assert found[20]["deadline"] == "2025" and found[2.5e12]["unit"] == "vnd"
    assert 25 not in found  # a reported change is not a level (the number record keeps it, with `change`)
    assert "thủ tục hành chính" in found[98.22]["indicator"]
    assert found[221]["of"] == 225


def test_a_past_deadline_reports_a_result() -> None:
    text = "Đến hết năm 2023, tỉnh có 1.200 camera giám sát thông minh; phấn đấu đến năm 2025 có 3.000 camera giám sát."
    kinds = {r["value"]: (r["kind"], r["deadline"], r["as_of"])
             for r in dx.extract(text, published="2024-02-01") if r["type"] == "commitment"}
    assert kinds == {1200: ("actual", None, "2023"), 3000: ("target", "2025", None)}


def _found(text: str, published: str = "2017-03-01") -> dict[float, dict]:
    return {r["value"]: r for r in dx.extract(text, published=published) if r["type"] == "commitment"}


def test_digital_health_customs_and_feedback_results() -> None:
    text = ("Đến nay, hệ thống thông tin giám định bảo hiểm y tế đã kết nối với 98,7% cơ sở khám chữa bệnh. "
            "Tính đến tháng 12/2016, đã có 415 doanh nghiệp tham gia cơ chế một cửa quốc gia, tiếp nhận gần 21.000 hồ sơ. "
            "Năm 2016, qua cổng góp ý trực tuyến, thành phố đã nhận được hơn 8.000 ý kiến của người dân.")
    found = _found(text)
    assert {98.7, 415, 21000, 8000} <= set(found)
    assert found[98.7]["kind"] == "actual" and "cơ sở khám chữa bệnh" in found[98.7]["indicator"]
    assert found[415]["as_of"] == "2016-12"


def test_a_change_gives_the_new_value_only() -> None:
    text = "Năm 2016, thuê bao internet cáp quang tăng từ khoảng 3,1 triệu thuê bao lên hơn 4,6 triệu thuê bao."
    found = _found(text)
    assert set(found) == {4_600_000}
    assert found[4_600_000]["comparator"] == ">" and found[4_600_000]["kind"] == "actual"


def test_purpose_and_plan_lists_are_targets_but_do_not_carry_on() -> None:
    text = ("Để chuẩn bị triển khai 260 dịch vụ công trực tuyến mức độ 3, 4, Sở đã làm việc với các huyện. "
            "Danh mục gồm 512 thủ tục hành chính triển khai dịch vụ công trực tuyến mức độ 3, 4.")
    found = _found(text)
    assert found[260]["kind"] == "target" and found[512]["kind"] == "target"
    text = ("Để mua sắm trực tuyến, người tiêu dùng phải có tài khoản thanh toán. "
            "Người dùng chọn mua sắm trực tuyến vì an toàn (81,2%) và tiện lợi (79,4%).")
    assert {r["kind"] for r in _found(text).values()} == {"actual"}


def test_events_prices_and_plan_structure_are_not_commitments() -> None:
    text = ("Dự hội thảo về thành phố thông minh có đại diện các bộ, ngành và khoảng 60 doanh nghiệp. "
            "Giá cước internet cáp quang phải đạt 280.000 đồng/thuê bao thì doanh nghiệp mới có lãi. "
            "Sở Thông tin và Truyền thông khảo sát tại 7 Sở để chuẩn bị triển khai dịch vụ công trực tuyến. "
            "Hệ thống chính quyền điện tử gồm 2 cấp; có ba công việc cốt lõi phải làm.")
    assert _found(text) == {}


def test_survey_answers_are_observations() -> None:
    text = ("Tuy chỉ có 31% người tiêu dùng cảm thấy an toàn khi mua sắm qua mạng, nhưng có đến 94,5% "
            "người tiêu dùng trả lời rằng sẽ thực hiện ít nhất một giao dịch mua sắm trực tuyến.")
    found = _found(text)
    assert set(found) == {31, 94.5}  # `một` is an article, not a count
    assert found[94.5]["kind"] == "actual" and "mua sắm trực tuyến" in found[94.5]["indicator"]


def test_a_figure_continuing_a_sentence_about_a_digital_thing() -> None:
    text = ("Đến tháng 3/2017, các trường THCS, THPT trên địa bàn đã áp dụng sổ điểm điện tử. "
            "Cụ thể, đã có 512/540 đơn vị cập nhật dữ liệu học sinh.")
    found = _found(text, published="2017-04-01")
    assert found[512]["of"] == 540 and found[512]["kind"] == "actual"


def test_cues_in_a_cited_title_and_dates_after_the_figure() -> None:
    text = ("Theo Kế hoạch số 12/KH-UBND của UBND tỉnh về việc triển khai dịch vụ công trực tuyến đã hoàn thành "
            "xây dựng, việc triển khai được chia thành 2 đợt với tổng số 150 dịch vụ công trực tuyến. "
            "Trong đó, có 210 thủ tục hành chính triển khai dịch vụ công trực tuyến mức độ 3, 4 để các sở, ngành thực hiện trong năm 2017.")
    found = _found(text, published="2017-02-01")
    assert found[150]["kind"] == "target"
    assert (found[210]["kind"], found[210]["deadline"]) == ("target", "2017")


def test_national_figures_have_no_province() -> None:
    text = ("Sở Thông tin và Truyền thông tỉnh Nghệ An cho biết tỉnh đã cung cấp 320 dịch vụ công trực tuyến. "
            "Toàn quốc đã có 12.000 cơ sở y tế kết nối hệ thống giám định điện tử.")
    found = _found(text)
    assert found[320]["province"] == "Nghệ An" and found[12000]["province"] is None


def test_indicator_keeps_its_head_level_and_bracketed_subject() -> None:
    text = ("Thành phố sẽ phấn đấu đảm bảo tỷ lệ hồ sơ đăng ký qua mạng đối với các dịch vụ công trực tuyến mức độ 3, 4 "
            "thuộc các lĩnh vực tư pháp, đăng ký kinh doanh, xây dựng, đất đai đạt trên 65%. "
            "Cổng dịch vụ công của Bộ cung cấp trực tuyến mức độ 3 đối với 12 thủ tục hành chính. "
            "Người dùng chọn mua sắm trực tuyến vì phương tiện thanh toán an toàn (81,2%).")
    found = _found(text)
    assert found[65]["indicator"].startswith("tỷ lệ hồ sơ đăng ký qua mạng")
    assert "mức độ 3" in found[12]["indicator"] and "thủ tục hành chính" in found[12]["indicator"]
    assert found[81.2]["indicator"].endswith("phương tiện thanh toán an toàn")


def test_a_position_is_a_record_each_time_it_is_told_and_each_year_its_own() -> None:
    text = ("Bắc Kạn đứng thứ 20 cả nước về Chỉ số chuyển đổi số năm 2023\n"
            "Theo Bộ Thông tin và Truyền thông, năm 2023 tỉnh Bắc Kạn xếp thứ 20/63 về mức độ chuyển đổi số. "
            "Năm 2022, tỉnh cũng xếp thứ 20/63 về Chỉ số chuyển đổi số.")
    ranks = [r for r in dx.extract(text, published="2024-05-01") if r["type"] == "commitment" and r["unit"] == "rank"]
    assert sorted((r["value"], r["as_of"]) for r in ranks) == [(20, "2022"), (20, "2023"), (20, "2023")]


def test_a_figure_names_the_digital_thing_of_its_own_clause() -> None:
    text = ("Đến nay, 100% thôn, tổ dân phố của tỉnh đã thành lập tổ công nghệ số cộng đồng; "
            "100% doanh nghiệp, tổ chức sử dụng hóa đơn điện tử.")
    got = {r["indicator"] for r in dx.extract(text, published="2024-05-01") if r["type"] == "commitment"}
    assert any("hóa đơn điện tử" in i and "công nghệ số" not in i for i in got), got


def test_a_digital_term_ending_inside_a_word_keeps_the_word_whole() -> None:
    text = "Các tiểu thương được trang bị mã QR Code để thanh toán."
    doc = pipeline.document(dx.Article(article_id="qr", source="test", text=text))
    assert indicator.dx_phrase(doc, (0, len(text)), "dx_thing") == "mã QR Code"


def test_a_headline_figure_told_again_in_the_body_is_two_records_of_one_measure() -> None:
    text = ("Chuyển đổi số giáo dục: 92% học sinh tiểu học của tỉnh đã có học bạ số\n"
            "Theo Sở Giáo dục và Đào tạo, đến cuối năm học, 92% học sinh tiểu học đã có học bạ số; "
            "92% giáo viên đã được cấp chữ ký số.")
    got = [(r["value"], r["indicator"]) for r in dx.extract(text, published="2025-06-01") if r["type"] == "commitment"]
    assert len([g for g in got if "học sinh" in g[1] and "học bạ số" in g[1]]) == 2 and any("chữ ký số" in g[1] for g in got), got


def test_entering_the_top_then_a_position_is_one_result_but_a_goal_of_the_top_stays() -> None:
    """`lọt vào Top 10, …, vươn lên vị trí thứ 6` reports the position; a goal of the top N beside
    a past position is a target of its own."""
    texts = ("Theo báo cáo chỉ số chuyển đổi số năm 2023 (DTI 2023), Hà Nội lọt vào Top 10, tăng 18 bậc, "
             "vươn lên vị trí thứ 6 trong 63 tỉnh, thành phố.",
             "Năm 2023, Bắc Giang xếp thứ 12 về chỉ số chuyển đổi số, phấn đấu năm 2025 lọt vào Top 10.")
    ranks = [(r["province"], r["value"], r["kind"]) for text in texts for r in dx.extract(text, published="2024-03-01")
             if r["type"] == "commitment" and r["unit"] == "rank"]
    assert sorted(ranks) == [("Bắc Giang", 10, "target"), ("Bắc Giang", 12, "actual"), ("Hà Nội", 6, "actual")], ranks


def test_this_years_figure_set_against_next_years_goal_is_a_result() -> None:
    """Published in December: `Năm 2024 … đạt 48%` is this year's result, whatever the goal after
    it says, with a comma or a semicolon between; a figure of the year with only a goal is a target."""
    texts = ("Năm 2024, tỷ lệ chi trả an sinh xã hội qua tài khoản đạt 48%, phấn đấu năm 2025 đạt 70%.",
             "Năm 2024, số hóa hồ sơ hộ tịch đạt 61%; năm 2026 phấn đấu đạt 100%.",
             "Trong năm 2024, tỉnh sẽ cấp 20.000 chữ ký số cho người dân.")
    kinds = [(r["value"], r["kind"]) for text in texts for r in dx.extract(text, published="2024-12-18")
             if r["type"] == "commitment"]
    assert kinds == [(48, "actual"), (70, "target"), (61, "actual"), (100, "target"), (20000, "target")], kinds


def test_a_bracketed_earlier_figure_and_a_restated_fraction_are_results() -> None:
    """`phấn đấu đạt 60% (năm 2024 đạt 41%)`: the bracket's earlier year is the baseline, a result;
    `đã hoàn thành 27/30 nhiệm vụ …, đạt 90%` says the fraction again, with its kind."""
    texts = ("Năm 2025, tỉnh phấn đấu tỷ lệ hộ gia đình dùng ví điện tử đạt 60% (năm 2024 đạt 41%).",
             "Đến nay, tỉnh đã hoàn thành 27/30 chỉ tiêu của Kế hoạch chuyển đổi số năm 2024, đạt 90%.")
    kinds = [(r["value"], r["kind"]) for text in texts for r in dx.extract(text, published="2024-12-18")
             if r["type"] == "commitment"]
    assert kinds == [(60, "target"), (41, "actual"), (27, "actual"), (90, "actual")], kinds


def test_a_flattened_table_after_the_body_is_kept_and_read() -> None:
    """Short rows without final punctuation after the body look like a related-links box; rows of a
    table (cells between pipes) are kept and their figures read."""
    text = ("Chuyển đổi số tỉnh năm 2024\nTỉnh công bố kết quả chuyển đổi số năm 2024 như sau.\n"
            "STT | Chỉ tiêu | Kết quả\n1 | Tỷ lệ hồ sơ trực tuyến toàn trình | 71%\n2 | Tỷ lệ thanh toán trực tuyến | 48%")
    got = {(r["value"], r["indicator"]) for r in dx.extract(text, published="2025-01-15") if r["type"] == "commitment"}
    assert got == {(71, "Tỷ lệ hồ sơ trực tuyến toàn trình"), (48, "Tỷ lệ thanh toán trực tuyến")}, got


def test_a_national_list_of_parallel_unmarked_items_carries_its_frame_and_scope():
    """Items that open alike under a colon are a list (no bullet needed): each takes the lead's
    deadline, and the items of a ministry's list are no province's, even in a provincial article."""
    text = ("Hạ tầng viễn thông vùng khó khăn ở Gia Lai\n"
            "Theo đó, Bộ Thông tin và Truyền thông công bố danh sách các thôn được phổ cập dịch vụ viễn thông đến năm 2025, gồm:\n"
            "Thôn chọn nhà mạng cung cấp sóng di động mặt đất là 210 thôn.\n"
            "Thôn chọn nhà mạng cung cấp Internet băng rộng cố định là 1.450 thôn.\n"
            "Tỉnh Gia Lai có 35 thôn được phổ cập Internet băng rộng cố định.")
    got = {c["value"]: c for c in dx.extract(text, published="2023-06-10") if c["type"] == "commitment"}
    for value in (210, 1450):
        assert (got[value]["kind"], got[value]["deadline"], got[value]["province"]) == ("target", "2025", None)
    assert got[35]["province"] == "Gia Lai"


def test_a_stamp_line_above_the_headline_is_not_the_title():
    """A page that opens on the day it was viewed (`Thứ hai, Ngày 25/09/2023 -`) still has its
    headline as title: a digital thing there puts the article on topic, and `Ngày đăng` dates it."""
    text = ("Thứ ba, Ngày 14/11/2023 -\n\n"
            "Lâm Đồng có 48 thôn được phổ cập Internet băng rộng cố định\n"
            "Ngày đăng: 02/06/2023  07:15\n"
            "Mặc định Cỡ chữ\n"
            "Theo quyết định của bộ, 48 thôn khó khăn của tỉnh sẽ có Internet băng rộng cố định và sóng di động.\n"
            "Nhà mạng được chọn sẽ lắp trạm phát sóng, kéo cáp quang đến thôn và hỗ trợ người dân dùng Internet.\n")
    assert 48 in [c["value"] for c in dx.extract(text) if c["type"] == "commitment"]
    assert from_text(text).published.isoformat() == "2023-06-02"


def test_the_headline_figure_told_again_under_a_page_stamp_is_a_record_each_time():
    """The headline under a page-view stamp is still the headline: its figure, said again in the
    body before a breakdown (`…, cụ thể:`), is a record each time, and the breakdown's items too."""
    text = ("Thứ hai, Ngày 25/09/2023 -\n"
            "Lâm Đồng có 48 thôn được phổ cập Internet băng rộng cố định\n"
            "Ngày đăng: 02/06/2023 07:15\n"
            "Theo quyết định của bộ, các thôn khó khăn sẽ có Internet băng rộng cố định và sóng di động do nhà mạng cung cấp.\n"
            "Cũng theo quyết định này, tỉnh Lâm Đồng có 48 thôn được phổ cập Internet băng rộng cố định, cụ thể: "
            "huyện Lạc Dương có 12 thôn; huyện Đam Rông có 20 thôn.")
    values = [c["value"] for c in dx.extract(text) if c["type"] == "commitment"]
    assert values.count(48) == 2 and 12 in values


def test_a_ranking_move_gives_each_place_with_the_date_it_states():
    """`từ thứ 30 năm 2021 lên thứ 12 năm 2022`: each place dated on its own is that year's result;
    an undated start (`từ vị trí 99 lên vị trí 86`) was held in the ranking before, a result with
    no date of its own (not the year of the sentence)."""
    dated = ("Theo Bộ Thông tin và Truyền thông, về chỉ số chuyển đổi số, tỉnh Sơn La từ thứ 30 năm 2021 "
             "vươn lên thứ 12 năm 2022.")
    got = [(c["value"], c["as_of"], c["province"]) for c in dx.extract(dated) if c["type"] == "commitment"]
    assert got == [(30, "2021", "Sơn La"), (12, "2022", "Sơn La")]
    undated = "Về chỉ số phát triển chính phủ điện tử (EGDI), Việt Nam tăng hạng từ vị trí 99 lên vị trí 86."
    got = [(c["value"], c["as_of"]) for c in dx.extract(undated, published="2023-01-10") if c["type"] == "commitment"]
    assert got == [(99, None), (86, "2023-01-10")]


def test_the_province_overtaken_or_trailed_holds_no_place():
    """`Huế đã vượt qua Đà Nẵng để vươn lên vị trí dẫn đầu`: the first place is Huế's alone; a
    score said after a leading place with the index between (`đứng đầu chỉ số … với 0,91 điểm`)
    is the leader's, and one in brackets after `trên Hà Nội` is Hà Nội's."""
    text = ("Theo kết quả xếp hạng mức độ ứng dụng CNTT năm 2019, Thừa Thiên Huế đã vượt qua Đà Nẵng "
            "để vươn lên vị trí dẫn đầu.")
    assert [(c["value"], c["province"]) for c in dx.extract(text) if c["type"] == "commitment"] == [(1, "Huế")]
    scores = "Năm 2016, Đà Nẵng đứng đầu chỉ số ứng dụng CNTT với 0,91 điểm, trên Hà Nội (0,80 điểm)."
    got = {(c["value"], c["unit"]): c["province"] for c in dx.extract(scores) if c["type"] == "commitment"}
    assert got == {(1, "rank"): "Đà Nẵng", (0.91, "score"): "Đà Nẵng", (0.8, "score"): "Hà Nội"}


def test_payment_channels_named_in_latin_letters_and_the_worth_in_a_bracket():
    """`giao dịch qua các kênh Mobile Banking, Internet Banking, POS đạt 9,2 triệu món (đạt 61.300 tỷ
    đồng)`: the commas of a list of names do not end the figure's clause, so the channels say the
    count is digital; the sum in the bracket is what those transactions are worth. A QR code under
    another spelling (`QRCode`) is a digital thing too."""
    text = ("Thanh toán không dùng tiền mặt ở Quảng Bình\n"
            "Đến hết tháng 6/2024, giao dịch qua các kênh Internet Banking, Mobile Banking, POS trên địa bàn "
            "đạt hơn 9,2 triệu món (đạt 61.300 tỷ đồng).\n"
            "Toàn tỉnh có hơn 2.650 điểm chấp nhận thanh toán qua QRCode tại chợ, cửa hàng và bệnh viện.")
    got = {(c["value"], c["unit"]) for c in dx.extract(text, published="2024-07-15") if c["type"] == "commitment"}
    assert got == {(9.2e6, "count"), (61.3e12, "vnd"), (2650, "count")}


def test_hien_tai_is_now_but_not_the_end_of_a_verb_before_tai():
    """`hiện tại` (now) marks a reported fact as `hiện nay` does; in `thực hiện tại các bộ`
    (carried out at the ministries) the same two syllables are a verb and a preposition."""
    from dxextract.extractors.commitment_context import rule
    cue = rule("actual_cue")
    assert cue.search("Theo Cục Viễn thông, hiện tại cả nước còn khoảng 9 triệu thuê bao 2G.")
    assert not cue.search("Danh mục dịch vụ công trực tuyến mức độ 3, 4 thực hiện tại các bộ, ngành năm 2018.")
    assert not cue.search("Lỗi bảo mật được phát hiện tại nhiều cổng thông tin.")


def test_places_respectively_named_at_length_are_the_provinces_own():
    """`thứ hạng của tỉnh so với cả nước lần lượt là 22, 9, 13`: the owner named at length put the
    places past the number rule's reach (22 was no rank, 9 and 13 nothing), and the country a
    position is compared with is its field, not its owner (22 was national)."""
    text = ("Quảng Bình công bố chỉ số chuyển đổi số năm 2022\n"
            "Về chính quyền số, kinh tế số và xã hội số, thứ hạng của tỉnh so với cả nước lần lượt là 31, 14 và 27.")
    got = [(c["value"], c["unit"], c["province"]) for c in dx.extract(text, published="2023-07-01") if c["type"] == "commitment"]
    assert got == [(31, "rank", "Quảng Bình"), (14, "rank", "Quảng Bình"), (27, "rank", "Quảng Bình")]


def test_a_de_an_06_meeting_reports_identity_cards_and_their_share():
    """An article on Đề án 06 is on digital transformation (the programme of population data and
    electronic identification); the chip card named alone (`cấp 2,1 triệu căn cước`) is a digital
    thing; and a share said right after a count with `đạt` is the share of that count."""
    text = ("Huyện sơ kết một năm thực hiện Đề án 06\n"
            "Theo báo cáo, toàn huyện đã cấp hơn 41.000 căn cước cho người dân.\n"
            "Tại xã Đông Hưng, xã đã cấp 3.150 căn cước, đạt 97% số công dân thuộc diện cấp.")
    got = {(c["value"], c["unit"]) for c in dx.extract(text, published="2025-07-16") if c["type"] == "commitment"}
    assert got == {(41000, "count"), (3150, "count"), (97, "percent")}


def test_the_next_places_of_a_pillar_rank_that_pillar():
    """`Ở trụ cột chính quyền số, Đà Nẵng dẫn đầu …. Xếp thứ hai là Hà Nội …`: a sentence that goes
    on with the table of a part of the index (its next places, or `trụ cột này`) ranks that part,
    not the whole index; one that names the whole index (`Tổng điểm chỉ số …`) does not."""
    text = ("Công bố Chỉ số chuyển đổi số năm 2024\n"
            "Bộ vừa công bố Chỉ số chuyển đổi số cấp tỉnh năm 2024.\n"
            "Về trụ cột kinh tế số, Bắc Giang dẫn đầu với 0,5814 điểm. Xếp thứ hai là Hải Phòng với 0,5520 điểm.\n"
            "Tổng điểm chỉ số chuyển đổi số của Hải Phòng đạt 0,61, xếp thứ năm cả nước.")
    got = {(c["value"], c["province"]): c["indicator"] for c in dx.extract(text, published="2025-05-01")
           if c["type"] == "commitment"}
    assert got[(0.552, "Hải Phòng")].startswith("kinh tế số")
    assert got[(0.61, "Hải Phòng")] == "Tổng điểm – Chỉ số chuyển đổi số (DTI)"  # the whole index, its total named


def test_a_change_said_after_a_result_is_that_results_not_the_later_goals():
    """`… đạt 38%, tăng 12% so với năm 2023, phấn đấu năm 2025 đạt 60%`: the change belongs to the
    result before it (a reported change, no level), not to the goal the sentence sets after it (it
    was a target due in 2024); the goal still goes on with the result's head."""
    text = ("Chuyển đổi số Sóc Trăng: thanh toán trực tuyến tăng mạnh\n"
            "Cập nhật: 20/01/2025\n"
            "Theo Sở Thông tin và Truyền thông, công tác chuyển đổi số năm 2024 của tỉnh đạt nhiều kết quả.\n"
            "Năm 2024, tỷ lệ thanh toán trực tuyến hồ sơ đạt 38%, tăng 12% so với năm 2023, phấn đấu năm 2025 đạt 60%.")
    got = [(c["kind"], c["value"]) for c in dx.extract(text) if c["type"] == "commitment"]
    assert got == [("actual", 38), ("target", 60)]


def test_after_the_merger_a_title_listing_the_old_provinces_names_the_new_one():
    """A title of August 2025 that lists the provinces merged into one (`Tỉnh Gia Lai (mới) sau hợp
    nhất 2 tỉnh Gia Lai, Bình Định`) is about the new province: `của tỉnh` is Gia Lai, even when the
    body names an old one again (it was Bình Định, the title naming no province alone)."""
    text = ("Tỉnh Gia Lai (mới) sau hợp nhất 2 tỉnh Gia Lai, Bình Định đẩy mạnh chuyển đổi số\n"
            "Cập nhật: 12/08/2025\n"
            "Sau khi hợp nhất 2 tỉnh, toàn tỉnh có 135 xã, phường. Năm 2025, tỷ lệ hồ sơ trực tuyến toàn trình "
            "của tỉnh đạt 64,5%.\n"
            "Trước đó, tỉnh Bình Định (cũ) đã có 12 xã số.")
    got = {c["value"]: c["province"] for c in dx.extract(text) if c["type"] == "commitment"}
    assert got[64.5] == "Gia Lai"


def test_a_list_of_objects_after_a_figure_goes_on_to_a_digital_thing():
    """`100% sở, ngành triển khai các giải pháp thúc đẩy chuyển đổi số, thanh toán không dùng tiền
    mặt`: the comma before a second digital object continues the list the figure measures (it was
    cut there, losing the cashless payment)."""
    text = ("Kế hoạch thúc đẩy thanh toán không dùng tiền mặt năm 2025\n"
            "Mục tiêu đến năm 2025, 100% sở, ngành triển khai các giải pháp thúc đẩy chuyển đổi số, "
            "thanh toán không dùng tiền mặt.")
    got = [c["indicator"] for c in dx.extract(text, published="2025-02-01") if c["type"] == "commitment"]
    assert len(got) == 1 and "thanh toán không dùng tiền mặt" in got[0]


def test_what_a_position_ranks_stops_at_the_end_of_its_line():
    """A title that ranks (`… dẫn đầu về chuyển đổi số`, no full stop) names what it ranks on its own
    line; the next line's words are no part of it."""
    text = ("Hà Nội dẫn đầu về chuyển đổi số\n"
            "Ba địa phương đứng cuối bảng là Cao Bằng, Quảng Trị và Hưng Yên.")
    got = [r["indicator"] for r in dx.extract(text, published="2025-10-21") if r["type"] == "commitment"]
    assert got and all("\n" not in i and "cuối bảng" not in i for i in got), got


def test_a_later_step_in_brackets_does_not_date_the_figures_around_it():
    """`85% văn bản của sở, ngành (năm 2030 là 100%) và 65% …` under `đến năm 2025`: the bracket's year dates
    the bracket's own figure; the figures outside it keep the plan's deadline."""
    text = ("Kế hoạch chuyển đổi số của tỉnh giai đoạn 2024 - 2025\nKế hoạch nêu các mục tiêu cụ thể như sau:\n"
            "(1) Về chính quyền số, đến năm 2025:\n- Ít nhất 85% văn bản của sở, ngành (năm 2030 là 100%) và "
            "65% văn bản cấp xã (năm 2030 là 80%) được ký số và gửi qua mạng.")
    got = {c["value"]: c["deadline"] for c in dx.extract(text, published="2024-03-01") if c["type"] == "commitment"}
    assert got == {85.0: "2025", 100.0: "2030", 65.0: "2025", 80.0: "2030"}, got


def test_another_countrys_place_in_the_same_ranking_is_not_vietnams():
    """`Việt Nam đứng thứ 86 …, trong khi Ma-lai-xi-a đứng thứ 53`: another country's place, named by its
    own words (spelled the Vietnamese way), is its own; only Vietnam's is a commitment."""
    text = ("Bảng xếp hạng EGDI năm 2022\n"
            "Năm 2022, Việt Nam đứng thứ 86 về EGDI, trong khi Ma-lai-xi-a đứng thứ 53.")
    got = [c["value"] for c in dx.extract(text, published="2022-10-01") if c["type"] == "commitment"]
    assert got == [86.0], got


def test_the_whole_a_share_was_taken_of_is_no_result():
    """`chiếm 70,2% tổng số 1.709 thủ tục hành chính`: the 1.709 is the share's base; the count and the
    share are the results."""
    text = ("Chuyển đổi số năm 2024\n"
            "Tỉnh đã cung cấp 1.200 dịch vụ công trực tuyến, chiếm 70,2% tổng số 1.709 thủ tục hành chính.")
    got = sorted(c["value"] for c in dx.extract(text, published="2024-12-20") if c["type"] == "commitment")
    assert got == [70.2, 1200.0], got


def test_a_province_completing_another_clause_is_not_the_next_figures_subject():
    """`Xếp cuối năm nay là tỉnh Cao Bằng, thành phố Hải Phòng đứng ở vị trí thứ 28`: Cao Bằng completes
    the clause before the comma; the 28th place is Hải Phòng's alone, one record."""
    text = ("DTI 2023 cấp tỉnh\n"
            "Năm nay Bắc Ninh đứng đầu. Xếp cuối năm nay là tỉnh Cao Bằng, thành phố Hải Phòng đứng ở vị trí thứ 28.")
    got = [c["province"] for c in dx.extract(text, published="2024-08-20")
           if c["type"] == "commitment" and c["value"] == 28]
    assert got == ["Hải Phòng"], got


def test_a_list_items_marker_is_no_part_of_what_it_measures() -> None:
    """`+ 100% cơ quan …`: the item's `+` (as `-` or `•`) marks the list, the indicator starts at its words."""
    text = ("Đại hội Đảng bộ tỉnh Tuyên Quang\nCông tác chuyển đổi số được đẩy mạnh:\n"
            "+ 100% cơ quan nhà nước cấp tỉnh, cấp huyện sử dụng văn bản điện tử;\n"
            "• Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt 52%.")
    found = {r["value"]: r["indicator"] for r in dx.extract(text, published="2025-09-20") if r["type"] == "commitment"}
    assert found[100].startswith("cơ quan nhà nước")
    assert found[52].startswith("Tỷ lệ hồ sơ")


def test_a_quote_ends_where_its_speaker_is_named() -> None:
    """`… 70% người dân … có tài khoản ngân hàng", ông Hùng cho biết`: the speaker is no part of the measure."""
    text = ("Xã Tân Lập đưa chợ lên không gian số\nNhiều tiểu thương đã dùng mã QR.\n"
            "\"Trong năm 2025, xã phấn đấu 100% hộ kinh doanh có mã QR và 70% người dân trưởng thành có tài khoản ngân hàng\", ông Hùng cho biết.")
    found = {r["value"]: r["indicator"] for r in dx.extract(text, published="2025-06-20") if r["type"] == "commitment"}
    assert found[70] == "người dân trưởng thành có tài khoản ngân hàng"


def test_a_share_in_brackets_after_a_lead_is_the_places_of_the_measure_before() -> None:
    """`… bình quân cả nước đạt 41,2%. Dẫn đầu là Đà Nẵng (72,4%), tiếp theo là Bắc Ninh (68,1%)`: each
    share measures what the sentence before did (not the place's name, nor the country's mean)."""
    text = ("Dịch vụ công trực tuyến\nTheo Văn phòng Chính phủ, tỷ lệ hồ sơ trực tuyến toàn trình bình quân cả nước đạt 41,2%. "
            "Dẫn đầu là Đà Nẵng (72,4%), tiếp theo là Bắc Ninh (68,1%) và Quảng Ninh (65,3%).")
    found = {r["value"]: r for r in dx.extract(text, published="2025-12-10") if r["type"] == "commitment"}
    assert found[41.2]["province"] is None
    for value, place in ((72.4, "Đà Nẵng"), (68.1, "Bắc Ninh"), (65.3, "Quảng Ninh")):
        assert (found[value]["province"], found[value]["indicator"]) == (place, "tỷ lệ hồ sơ trực tuyến toàn trình")


def test_a_period_that_begins_at_publication_holds_goals() -> None:
    """`6 tháng cuối năm, tỉnh tập trung nâng tỷ lệ … lên 60%` told in July: the months ahead hold goals;
    `Quý III/2025, tỉnh đã cấp …` told in October reports a result."""
    text = ("Bình Phước sơ kết 6 tháng chuyển đổi số\nTính đến hết tháng 6/2025, tỷ lệ hồ sơ trực tuyến toàn trình của tỉnh đạt 58%.\n"
            "6 tháng cuối năm, tỉnh tập trung nâng tỷ lệ thanh toán trực tuyến lên 60% và số hóa 100% hồ sơ đất đai.")
    found = {r["value"]: r for r in dx.extract(text, published="2025-07-05") if r["type"] == "commitment"}
    assert found[58]["kind"] == "actual"
    assert [found[v]["kind"] for v in (60, 100)] == ["target", "target"]
    done = [r for r in dx.extract("Chữ ký số\nQuý III/2025, tỉnh đã cấp 5.200 chữ ký số cho người dân.", published="2025-10-05")
            if r["type"] == "commitment"]
    assert [r["kind"] for r in done] == ["actual"]


def test_a_school_years_words_are_no_part_of_what_it_measures() -> None:
    """`Năm học 2024-2025, 100% trường …`: the school year dates the figure; `học` is no part of the measure."""
    text = ("Ngành giáo dục Hải Dương chuyển đổi số\n"
            "Năm học 2024-2025, 100% trường phổ thông trên địa bàn tỉnh đã sử dụng học bạ số cho học sinh lớp 1 đến lớp 5.")
    found = [r for r in dx.extract(text, published="2025-09-05") if r["type"] == "commitment"]
    assert [r["indicator"].split()[0] for r in found] == ["trường"]


def test_an_estimate_after_a_period_keeps_the_measure_before_it() -> None:
    """`Tổng mức đầu tư … giai đoạn 2026-2030 dự kiến khoảng 1.500 tỷ đồng`: the period closes the measure."""
    text = "Chuyển đổi số Tuyên Quang\nTổng mức đầu tư các dự án chuyển đổi số giai đoạn 2026-2030 dự kiến khoảng 1.500 tỷ đồng."
    found = [r for r in dx.extract(text, published="2025-10-10") if r["type"] == "commitment"]
    assert [(r["kind"], r["indicator"]) for r in found] == [("target", "Tổng mức đầu tư các dự án chuyển đổi số")]


def test_a_figure_of_several_tiers_is_one_record_per_tier_only_when_each_has_its_own_cap():
    """`sở, ngành cấp tỉnh, UBND cấp huyện và cấp xã`: a result at each tier; `cấp tỉnh, huyện`: the tiers said together."""
    each = "Hạ tầng CNTT ở Kon Tum\nĐến nay, 100% sở, ngành cấp tỉnh, UBND cấp huyện và cấp xã đã kết nối mạng diện rộng WAN."
    together = "Hạ tầng CNTT ở Kon Tum\nĐến nay, 100% sở, ngành cấp tỉnh, huyện đã kết nối mạng diện rộng WAN."
    levels = lambda text: [c["level"] for c in dx.extract(text, published="2024-05-01") if c["type"] == "commitment"]  # noqa: E731
    assert levels(each) == ["tinh", "huyen", "xa"]
    assert levels(together) == [None]


def test_a_sentence_with_no_cue_goes_on_in_the_past_year_the_one_before_told() -> None:
    """`Năm 2019, … là 71,5%. Trong đó, …`: the parts are of that year too; `Đến nay` says now."""
    text = ("Điện thoại thông minh ở huyện miền núi\nNăm 2019, tỷ lệ người dân có điện thoại thông minh ở huyện là 71,5%. "
            "Trong đó, tỷ lệ ở thị trấn là 88,2% và ở các xã là 64,9%. Đến nay, 100% xã đã có cáp quang.")
    found = {c["value"]: c for c in dx.extract(text, published="2021-06-01") if c["type"] == "commitment"}
    assert found[88.2]["as_of"] == found[64.9]["as_of"] == "2019"
    assert found[100]["as_of"] != "2019"


def test_a_statistics_tables_cells_take_their_column_year_and_their_row_head() -> None:
    """Under `(ĐVT: %)`, `Tỷ lệ … 61,20 66,85 70,03` below a head of years: each cell is a share of
    its column's year, measured by the row's words, not by the cells before it."""
    text = ("Tỷ lệ dân số dùng điện thoại thông minh\nNăm 2024, tỷ lệ người dân dùng điện thoại thông minh của tỉnh là 70,03%.\n"
            "(ĐVT: %)\n2022 2023 Sơ bộ 2024\nTỷ lệ người dân dùng điện thoại thông minh 61,20 66,85 70,03\n"
            "Phân theo giới tính\nNam 63,10 68,44 71,92")
    records = dx.extract(text, published="2025-03-02")
    assert {r["value"]: r["unit"] for r in records if r["type"] == "number" and r["value"] in (61.2, 68.44)} == {
        61.2: "percent", 68.44: "percent"}
    cells = {c["value"]: c for c in records if c["type"] == "commitment" and c["value"] in (61.2, 66.85)}
    assert [cells[v]["as_of"] for v in (61.2, 66.85)] == ["2022", "2023"]
    assert cells[66.85]["indicator"] == "Tỷ lệ người dân dùng điện thoại thông minh"


def test_a_long_paragraph_that_opens_on_a_photo_credit_is_no_caption() -> None:
    """`Ảnh minh họa. …` opening a paragraph of the body: only a short line is a photo's caption, so the
    paragraph's figures keep their frame and their commitments."""
    from dxextract.furniture import is_caption
    body = ("Ảnh minh họa. Tính đến tháng 2/2024, 100% trường trung học của huyện đã dùng sổ điểm điện tử. Cụ thể, "
            "đã có 120/130 trường cập nhật điểm cho học sinh lên hệ thống, cấp 2.400 tài khoản cho giáo viên và "
            "nhân viên các trường trong toàn huyện.")
    assert is_caption("Cán bộ hướng dẫn người dân nộp hồ sơ. (Ảnh: Báo Long An)") and not is_caption(body)
    found = {c["value"]: c for c in dx.extract("Sổ điểm điện tử ở Ba Vì\n" + body, published="2024-03-01")
             if c["type"] == "commitment"}
    assert (found[2400]["kind"], found[2400]["as_of"]) == ("actual", "2024-02")


def test_a_list_of_goals_goes_on_past_a_caption_whatever_its_items_say_with_da() -> None:
    """A paragraph of `;`-separated items right after a goal list (a photo's caption between them) goes
    on with its goals: `đã được đưa vào khai thác` qualifies an item's noun, it reports nothing. A report
    after the same goals (`Hiện nay, …`) keeps its own cue."""
    goals = ("Lâm Đồng công bố lộ trình số hóa đến năm 2025\nMục tiêu đến năm 2025 là 100% thủ tục đủ điều kiện "
             "cung cấp trực tuyến toàn trình; 85% hồ sơ công việc cấp huyện xử lý trên môi trường mạng; "
             "75% hộ gia đình dùng Internet cáp quang.\nẢnh minh họa |\n")
    items = ("Tỷ lệ thanh toán số trong thu phí, lệ phí đạt 45% trở lên; 65% cơ sở dữ liệu chuyên ngành của tỉnh "
             "đã được đưa vào khai thác, đồng bộ với kho dữ liệu dùng chung; kinh tế số chiếm 18% GRDP.")
    found = {c["value"]: c for c in dx.extract(goals + items, published="2021-06-01") if c["type"] == "commitment"}
    assert [(found[v]["kind"], found[v]["deadline"]) for v in (45, 65, 18)] == [("target", "2025")] * 3
    report = "Hiện nay, 65% cơ sở dữ liệu chuyên ngành của tỉnh đã được đồng bộ; 40% hồ sơ nộp trực tuyến; 30% xã có camera."
    found = {c["value"]: c for c in dx.extract(goals + report, published="2021-06-01") if c["type"] == "commitment"}
    assert found[65]["kind"] == "actual"


def test_a_paper_made_electronic_is_a_digital_thing_but_an_electronics_purchase_is_not():
    """`dx_document`: a paper's noun, a few words of what it holds, then `điện tử` names a digital
    thing the word lists need not spell out (`sổ tay đảng viên điện tử`, `giấy phép lái xe điện
    tử`); a contract for electronic parts or devices is about electronics."""
    from dxextract.extractors.commitment_context import rule
    thing = rule("dx_thing")
    assert thing.search("Chi bộ giúp từng người cài Sổ tay đảng viên điện tử vào máy.").group() == "Sổ tay đảng viên điện tử"
    assert thing.search("Công an tỉnh bắt đầu cấp giấy phép lái xe điện tử từ tháng 6.").group() == "giấy phép lái xe điện tử"
    assert thing.search("Công ty ký hợp đồng mua linh kiện điện tử với 12 nhà cung cấp.") is None
    assert thing.search("Hóa đơn mua thiết bị điện tử gia dụng tăng 10%.") is None


def test_the_parts_scored_after_a_body_s_place_are_that_body_s() -> None:
    """A province's ranking of its departments tells one department's total, then its weak parts in the
    next sentence with no body named: those parts are the department's, not the province's."""
    text = ("Các sở ở Nam Định được chấm điểm số hóa\nBảng chấm điểm mức độ chuyển đổi số năm 2024 của các sở, ngành Nam Định "
            "vừa được công bố.\n\nỞ nhóm cuối, Sở Công Thương chỉ được 310,5/500 điểm. Các tiêu chí thấp: nhận thức số đạt "
            "30/50 điểm, xếp thứ 15/18; nhân lực số đạt 20/50 điểm.\n\nTỉnh Nam Định có 12 huyện, thành phố tham gia đánh giá.")
    got = {r["value"]: r["indicator"] for r in dx.extract(text, published="2025-03-02") if r["type"] == "commitment"}
    assert got[30.0].endswith("Sở Công Thương") and got[15.0].endswith("Sở Công Thương")


def test_counts_listed_after_trong_do_name_their_whole() -> None:
    text = ("Dịch vụ công ở Quảng Trị\nNăm 2024, UBND huyện đã cung cấp 205 dịch vụ công trực tuyến (trong đó 98 dịch vụ "
            "một phần, 107 dịch vụ toàn trình), còn các xã đưa lên mạng 118 DVCTT (trong đó có 57 DVCTT một phần, 61 DVCTT toàn trình).")
    got = {r["value"]: r["indicator"] for r in dx.extract(text, published="2025-01-02") if r["type"] == "commitment"}
    assert "các xã" in got[61.0] and "các xã" not in got[107.0] and "cung cấp dịch vụ công trực tuyến" in got[107.0]
    assert "cung cấp dịch vụ công trực tuyến" not in got[118.0]  # (past the bracket the parts end)
