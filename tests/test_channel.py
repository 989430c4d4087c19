"""The Document is the only channel between stages: what one stage finds, later ones read from the
Document instead of recomputing it, and each stage reads and writes the fields `STAGES` declares
for it and no other, on the real articles of the bundled corpus."""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import fields
from datetime import date
from pathlib import Path

import dxextract as dx
from dxextract import pipeline
from dxextract.document import Document
from dxextract.extractors import subject_province

ARTICLE = "000_83ce5f1ebe82f95b.txt"  # three legal references and seven commitments of Đắk Lắk
FIELDS = frozenset(f.name for f in fields(Document) if not f.name.startswith("_"))  # `_words`: a cache of `text`
INPUTS = frozenset(("text", "published", "published_inferred", "province"))  # what a Document is made with


class Watched(Document):
    """A Document that notes which of its fields are read, its own methods' reads included
    (`sentence_of` reads `text`)."""

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self.read: set[str] = set()

    def __getattribute__(self, name: str) -> object:
        if name in FIELDS:
            object.__getattribute__(self, "read").add(name)
        return object.__getattribute__(self, name)


def _calls(code: object, work: Callable[[], object]) -> int:
    """How many times the function of `code` runs during `work()`, however it is imported."""
    seen = Counter()

    def profile(frame: object, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code is code:
            seen["calls"] += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return seen["calls"]


def test_the_article_province_is_computed_once_per_document(corpus_dir):
    pipeline.warm_up()  # models load outside the profiled run
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


def test_stage_declarations_form_a_chain():
    """Every declared field is a Document field; a stage reads only what a Document is made with or
    an earlier stage writes; no two stages write the same field."""
    written: set[str] = set()
    for stage in pipeline.STAGES:
        assert set(stage.reads) | set(stage.writes) <= FIELDS, stage.name
        assert set(stage.reads) <= INPUTS | written, stage.name
        assert not set(stage.writes) & (written - INPUTS), stage.name
        written |= set(stage.writes)


def _documents(corpus: Path) -> Iterator[tuple[str, Document]]:
    """Each corpus article with its metadata (publication date, outlet's province) and bare."""
    for path in sorted(corpus.glob("*.txt")):
        article = dx.read(path)
        yield f"{path.name} with metadata", pipeline.document(article)
        yield f"{path.name} bare", Document(text=article.text)


def _watched(doc: Document) -> Watched:
    return Watched(**{f: deepcopy(getattr(doc, f)) for f in FIELDS})


def test_each_stage_reads_and_writes_only_what_it_declares(corpus_dir):
    """Each stage runs on a copy of the Document that notes every field read; it must read only
    the fields it declares, leave every other field as it was (in place too: no record of an
    earlier stage edited), and, over the corpus, read every field it declares."""
    read: dict[str, set[str]] = {stage.name: set() for stage in pipeline.STAGES}
    for label, doc in _documents(corpus_dir):
        for stage in pipeline.STAGES:
            watched = _watched(doc)
            pipeline.apply(stage, watched)
            seen = set(watched.read)
            assert seen <= set(stage.reads), f"{stage.name} on {label} reads {seen - set(stage.reads)}"
            changed = {f for f in FIELDS - set(stage.writes) if getattr(watched, f) != getattr(doc, f)}
            assert not changed, f"{stage.name} on {label} writes {changed}"
            read[stage.name] |= seen
            doc = watched
    assert read == {stage.name: set(stage.reads) for stage in pipeline.STAGES}
