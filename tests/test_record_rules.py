"""Each mention names the rule that produced it (`rule`), as Duckling's tokens do: a rule of its
pattern file, so a surprising record leads straight to the rule (and its examples) to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

import dxextract as dx
from dxextract import rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# Record type -> its pattern file, and the names that are no rule of it: what found an entity by
# name in a gazetteer, or underthesea's model.
PATTERN_FILE = {"legal_ref": "legal", "date": "dates", "number": "numbers", "entity": "entities"}
NOT_RULES = {"entity": {"gazetteer", "underthesea"}}


def test_a_record_names_the_rule_that_read_it():
    text = ("Ngày 29/11/2021, UBND tỉnh Đắk Lắk ban hành Quyết định số 3330/QĐ-UBND; đến quý III/2024, "
            "từ 500-1000 người, 2/3 xã và hai mươi mốt doanh nghiệp, giai đoạn từ ngày 17/7/2017 đến ngày 25/7/2017.")
    got = {(r["type"], r["text"]): r.get("rule") for r in dx.extract(text, published="2021-12-01")}
    assert got[("date", "Ngày 29/11/2021")] == "day_month_year"
    assert got[("date", "đến quý III/2024")] == "quarter"
    assert got[("date", "từ ngày 17/7/2017 đến ngày 25/7/2017")] == "range_join"
    assert got[("legal_ref", "Quyết định số 3330/QĐ-UBND")] == "typed"
    assert got[("number", "từ 500-1000")] == "range"
    assert got[("number", "2/3")] == "fraction"
    assert got[("number", "hai mươi mốt")] == "spelled"
    assert got[("entity", "UBND tỉnh Đắk Lắk")] == "gazetteer"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_every_rule_named_is_a_rule_of_its_pattern_file(path: Path):
    for r in dx.extract(dx.read(path)):
        if r["type"] == "commitment":
            continue
        known = set(rules.load(PATTERN_FILE[r["type"]]).rules) | NOT_RULES.get(r["type"], set())
        assert r["rule"] in known, (r["type"], r["text"], r["rule"])


def test_each_commitment_names_what_made_it_one() -> None:
    text = ("Năm 2023, tỉnh Bắc Ninh xếp thứ 7 cả nước về chỉ số chuyển đổi số (DTI). Người dân trong tỉnh thực hiện "
            "2,5 triệu giao dịch thanh toán qua ví điện tử, với tổng giá trị gần 4.800 tỷ đồng.")
    rules = {r["text"]: r["rule"] for r in dx.extract(text, published="2024-05-01") if r["type"] == "commitment"}
    assert rules == {"7": "index", "2,5 triệu": "measured", "gần 4.800 tỷ đồng": "value_of"}
    congress = ("Đại hội Đảng bộ tỉnh Vĩnh Long nhiệm kỳ 2025-2030 thông qua các chỉ tiêu phát triển\n"
                "Tốc độ tăng trưởng GRDP bình quân đạt 10%. Tỷ trọng kinh tế số trong GRDP là 10,08%.\n"
                "Thu ngân sách tăng bình quân 7%/năm; tỷ lệ hộ nghèo giảm 1%/năm.")
    found = [(r["text"], r["rule"]) for r in dx.extract(congress, published="2025-11-07") if r["type"] == "commitment"]
    assert found == [("10,08%", "named_programme")]
