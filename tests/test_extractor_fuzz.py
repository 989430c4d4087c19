"""Bad input never crashes or hangs the number and date extractors.

Texts are built from the pieces real news mixes (Vietnamese words with and without diacritics,
number words, digits, separators, %, /, -) so the fuzzer reaches the rules' corners; every record
must point at its own text. A long repetitive input checks that time grows linearly.
"""
from __future__ import annotations

import time
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract.extractors import dates, numbers
from dxextract.parse import parse_date, parse_number

PIECES = [
    "ngày", "tháng", "năm", "quý", "giai đoạn", "đến", "từ", "trên", "dưới", "khoảng", "trở lên", "mức độ",
    "hai", "ba", "mươi", "mười", "lăm", "trăm", "nghìn", "tỷ", "đồng", "USD", "$", "một", "không", "rưỡi",
    "người", "xã", "Sáng", "hôm qua", "nay", "đầu", "cuối", "phẩy", "và", "giữa", "QĐ-UBND", "4G", "III",
    "Đắk Lắk", "hòa", "hoà", "uỷ", "e\u0301", "\u00a0", "\n", " ", " ", " ",
    "0", "1", "12", "2021", "2025", "29", "63", "1.543", "46,14", "0,3177", "2.000",
    "%", "/", "-", "–", ".", ",", ":", "(", ")", "+",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def _check(records: list[dict], text: str) -> None:
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["start"] < r["end"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from([None, date(2017, 2, 2), date(2024, 12, 31)]))
def test_never_raises_and_spans_hold(text, published):
    found = dates.find(text, published)
    _check(found, text)
    _check(numbers.find(text, [(r["start"], r["end"]) for r in found]), text)
    parse_number(text)
    parse_date(text, published=published)


def _seconds(fn, text: str) -> float:
    """Best of five runs in this process's CPU time: other processes' load adds no CPU time here,
    and what it adds through shared caches only ever adds time."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    return best


def test_time_grows_linearly_with_input():
    unit = ("Ngày 29/11/2021 tỉnh đạt 46,14% và 1.543 thủ tục, hai mươi mốt nghìn tỷ đồng, giai đoạn 2021-2025, "
            "năm năm năm 1.1.1.1.1 2021-2021-2021 từ từ từ 5-5-5-5 trên trên 30/63/63 mười mười mười ")
    small, large = unit * 40, unit * 320
    for fn in (lambda t: dates.find(t, date(2022, 1, 1)), numbers.find):
        fn(small)  # warm caches
        ratio = _seconds(fn, large) / max(_seconds(fn, small), 1e-4)
        assert ratio < 8 * 3, f"8x the text took {ratio:.1f}x the time"
