"""Work a stage skips when its outcome is already known: the same records, less done. Each test
counts the work itself (calls of the costly step), so it fails when the shortcut is lost."""
from __future__ import annotations

import pytest

from dxextract import pipeline
from dxextract.extractors import commitments
from dxextract.readers import from_text

OFF_TOPIC = ("Giá lúa tăng 5% so với tháng trước.\n"
             "Sản lượng đạt 2 triệu tấn, tăng 12% so với cùng kỳ.\n"
             "Tỉnh có 120 hợp tác xã nông nghiệp.")
ON_TOPIC = "Tỉnh phấn đấu đến năm 2025 có 100% hồ sơ được xử lý trực tuyến."


def _counted(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[list[dict], int]:
    """(commitments of `text`, calls of the per-figure filters)."""
    calls: list[int] = []
    real = commitments._is_quantity
    monkeypatch.setattr(commitments, "_is_quantity", lambda *a: calls.append(1) or real(*a))
    doc = pipeline.analyse(pipeline.document(from_text(text)))
    return doc.commitments, len(calls)


def test_figures_of_sentences_naming_nothing_digital_are_never_filtered(monkeypatch: pytest.MonkeyPatch) -> None:
    found, calls = _counted(monkeypatch, OFF_TOPIC)
    assert found == [] and calls == 0


def test_a_digital_sentence_still_has_its_figures_filtered_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    found, calls = _counted(monkeypatch, f"{OFF_TOPIC}\n{ON_TOPIC}")
    assert calls >= 1 and [c["value"] for c in found] == [100.0]
