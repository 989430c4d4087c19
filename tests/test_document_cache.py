"""What a stage asks of an article many times is worked out once per article (Document.derived),
and worked out again when an earlier stage's field it reads is reassigned."""
from __future__ import annotations

import pytest

from dxextract import pipeline
from dxextract.document import Document
from dxextract.extractors import commitment_context
from dxextract.readers import from_text


def test_a_derived_value_is_kept_until_a_field_it_reads_is_reassigned() -> None:
    doc = Document(text="UBND tỉnh Gia Lai.")
    computed: list[int] = []

    def count() -> int:
        computed.append(len(doc.entities))
        return len(doc.entities)

    assert doc.derived("n", ("entities",), count) == doc.derived("n", ("entities",), count) == 0
    doc.numbers = [{"start": 0, "end": 1}]  # a field it does not read
    assert doc.derived("n", ("entities",), count) == 0 and computed == [0]
    doc.entities = [{"start": 0, "end": 4, "label": "ORG"}]
    assert doc.derived("n", ("entities",), count) == 1 and computed == [0, 1]


TEXT = ("Theo Kế hoạch số 12/KH-UBND, tỉnh phấn đấu đến năm 2025 có 100% hồ sơ xử lý trực tuyến. "
        "Bộ Kế hoạch và Đầu tư cho biết năm 2024 đã có 80% doanh nghiệp dùng hóa đơn điện tử. "
        "Tỉnh đặt mục tiêu 90% người dân có tài khoản định danh điện tử.")


def test_cues_in_reads_the_article_names_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """cues_in, asked once per sentence and more, collects the article's names (cited titles,
    organizations, cited documents) once: the commitments stage did, so asking again reads none;
    a reassigned entity list is read afresh, once."""
    doc = pipeline.analyse(pipeline.document(from_text(TEXT)))
    read: list[int] = []
    titles = commitment_context._titles
    monkeypatch.setattr(commitment_context, "_titles", lambda d: read.append(1) or titles(d))
    sentences = doc.sentences
    before = [commitment_context.cues_in(doc, s, e) for s, e in sentences * 2]
    assert not read and any(before)
    cue = next(pos for cues in before for pos, _ in cues)
    doc.entities = [*doc.entities, {"start": cue, "end": cue + 30, "label": "ORG"}]
    after = [commitment_context.cues_in(doc, s, e) for s, e in sentences]
    assert len(read) == 1 and cue not in {pos for cues in after for pos, _ in cues}
