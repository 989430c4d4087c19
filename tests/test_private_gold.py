"""bench/private_gold.py: a private set frozen without its text comes back whole from the fetched page,
and a page fetched differently is refused, not scored against the wrong text."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
import private_gold  # noqa: E402

TEXT = ("Thái Bình đẩy mạnh dịch vụ công trực tuyến\nNăm 2025, tỉnh tiếp nhận 52.300 hồ sơ trực tuyến, "
        "đạt 71,4% tổng số hồ sơ.\n")
GOLD = [{"type": "number", "value": 52300, "unit": "count", "quote": "52.300 hồ sơ"},
        {"type": "commitment", "kind": "actual", "value": 71.4, "unit": "percent", "province": "Thái Bình",
         "keys": ["hồ sơ trực tuyến", "DVCTT"], "quote": "đạt 71,4%"}]


@pytest.fixture
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(private_gold, "PRIVATE", tmp_path / "private_gold")
    monkeypatch.setattr(private_gold, "FROZEN", tmp_path / "frozen")
    texts = tmp_path / "private_gold" / "blindX" / "texts"
    texts.mkdir(parents=True)
    (texts / "aa01.txt").write_text(TEXT, encoding="utf-8")
    (texts / "index.csv").write_text("file,url,outlet,published,province\naa01.txt,https://example.vn/a,example.vn,2026-01-05,Thái Bình\n",
                                     encoding="utf-8")
    gold = texts.parent / "gold"
    gold.mkdir()
    (gold / "aa01.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD), encoding="utf-8")
    return tmp_path


def test_frozen_set_holds_no_text_and_thaws_back_whole(private: Path) -> None:
    frozen = private_gold.freeze("blindX").read_text(encoding="utf-8")
    assert "52.300 hồ sơ" not in frozen and "hồ sơ trực tuyến" not in frozen and "DVCTT" in frozen
    (private / "private_gold" / "blindX" / "gold" / "aa01.jsonl").unlink()
    kept, problems = private_gold.thaw("blindX")
    assert (kept, problems) == (1, [])
    back = [json.loads(x) for x in (private / "private_gold" / "blindX" / "gold" / "aa01.jsonl").read_text(encoding="utf-8").splitlines()]
    assert back == GOLD


def test_a_page_fetched_otherwise_is_set_aside(private: Path) -> None:
    private_gold.freeze("blindX")
    page = private / "private_gold" / "blindX" / "texts" / "aa01.txt"
    page.write_text(TEXT.replace("52.300", "52.310"), encoding="utf-8")
    kept, problems = private_gold.thaw("blindX")
    n = len(TEXT)
    assert kept == 0 and problems == [f"blindX/aa01: differs: {n} characters saved, {n} annotated"]
    assert not page.exists() and page.with_suffix(".rejected").exists()
