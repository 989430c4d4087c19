"""The Document is the only channel between stages: what one stage finds, later ones read from the
Document instead of recomputing it, on the real articles of the bundled corpus."""
from __future__ import annotations

import sys
from collections import Counter
from datetime import date

import dxextract as dx
from dxextract import pipeline
from dxextract.document import Document
from dxextract.extractors import subject_province

ARTICLE = "000_83ce5f1ebe82f95b.txt"  # three legal references and seven commitments of Đắk Lắk


def _calls(code: object, work: callable) -> int:
    """How many times the function of `code` runs during `work()`, however it is imported."""
    seen = Counter()

    def profile(frame, event, _arg):
        if event == "call" and frame.f_code is code:
            seen["calls"] += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return seen["calls"]


def test_the_article_province_is_computed_once_per_document(corpus_dir):
    article = dx.read(corpus_dir / ARTICLE)
    records: list[dict] = []
    calls = _calls(subject_province.article_province.__code__, lambda: records.extend(pipeline.run(article)))
    kinds = Counter(r["type"] for r in records)
    assert kinds["legal_ref"] >= 2 and kinds["commitment"] >= 2  # each used to ask for it again
    assert calls == 1


def test_later_stages_read_the_article_province_from_the_document(corpus_dir):
    """Whatever the Document says the article's province is, legal references and commitments
    take it: they no longer work it out for themselves."""
    doc = pipeline.document(dx.read(corpus_dir / ARTICLE))  # which never names Gia Lai
    for stage in pipeline.STAGES:
        pipeline.apply(stage, doc)
        if stage.name == "article_province":
            assert doc.article_province == "Đắk Lắk"
            doc.article_province = "Gia Lai"
    assert "Gia Lai" in {r["province"] for r in doc.commitments}
    assert "HĐND tỉnh Gia Lai" in {r["issuer"] for r in doc.legal_refs}  # `HĐND tỉnh` names no province


def test_the_chain_as_listed_infers_the_publication_date():
    """No publication date in the metadata: the publication stage infers it from the latest full
    date the text states, before the dates stage resolves unstated years against it; running the
    stages of STAGES one by one is the whole chain, no special case aside."""
    doc = Document(text="Sáng 29/3, tỉnh họp về chuyển đổi số. Ngày 2/4/2021, UBND tỉnh ban hành kế hoạch.")
    for stage in pipeline.STAGES:
        pipeline.apply(stage, doc)
    assert (doc.published, doc.published_inferred) == (date(2021, 4, 2), True)
    assert [(d["text"], d["value"], d["year_inferred"]) for d in doc.dates] == [
        ("Sáng 29/3", "2021-03-29", True), ("Ngày 2/4/2021", "2021-04-02", False)]


def test_the_inferred_publication_date_reaches_the_article(corpus_dir):
    article = dx.read(corpus_dir / ARTICLE)  # its index.csv row gives no date
    assert article.published is None
    pipeline.run(article)
    assert (article.published, article.published_inferred) == (date(2021, 4, 2), True)
