"""What a stage asks of an article many times is worked out once per article (Document.derived),
and worked out again when an earlier stage's field it reads is reassigned."""
from __future__ import annotations

from dxextract.document import Document


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

