"""The Python API's papercuts (issue 15, item 17): a wrong argument says what to pass instead,
and whole strings a user would type are read."""
from __future__ import annotations

import pytest

import dxextract as dx
from research_fixtures import CORPUS


def test_extract_given_a_path_says_to_read_it() -> None:
    with pytest.raises(TypeError, match=r"pass dx\.read\(path\)"):
        dx.extract(CORPUS / "000_83ce5f1ebe82f95b.txt")
    assert dx.extract(dx.read(CORPUS / "000_83ce5f1ebe82f95b.txt"))  # the way that works


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("2024-06-30", "2024-06-30", "day"),
    ("2024-06", "2024-06", "month"),
])
def test_parse_date_reads_iso_dates(text: str, value: str, precision: str) -> None:
    r = dx.parse_date(text)
    assert (r["value"], r["precision"], r["text"]) == (value, precision, text)


@pytest.mark.parametrize("text", ["2024-13-45", "2024-02-30"])
def test_parse_date_rejects_impossible_iso_dates(text: str) -> None:
    assert dx.parse_date(text) is None


def test_parse_number_reads_a_count_with_its_noun() -> None:
    r = dx.parse_number("hơn 1.000 doanh nghiệp")
    assert (r["value"], r["comparator"], r["unit"], r["text"]) == (1000.0, ">", "count", "hơn 1.000 doanh nghiệp")
    assert dx.parse_number("hơn 1.000 doanh nghiệp 5") is None  # still one quantity only
    assert dx.parse_number("2.000 tỷ đồng")["unit"] == "vnd"


def test_extract_rejects_bytes_too() -> None:
    with pytest.raises(TypeError, match="not bytes"):
        dx.extract(b"T\xe1\xbb\x89nh")
