"""The one chain every entry point shares: Article -> Document -> mentions -> records.

    read(path)            -> Article      (dxextract.article: text, metadata, furniture set aside)
    document(article)     -> Document     (normalized text + publication date + province hint)
    STAGES, in order      -> mentions     (each stage reads the Document fields earlier ones wrote,
                                           as its declaration says, and writes only its own)
    records(doc, article) -> list[dict]   (plain dicts per SCHEMA.md, in text order)

`dx.extract`, the spaCy components, `dxextract extract` and `dxextract build` all call `run`;
they differ only in what they do with the records.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from .article import Article
from .readers import Failure, Reason, attempt, from_text, time_budget
from .text import caller_spans
from .document import Document
from .ids import stable_id
from .extractors import commitments, dates, entities, legal, numbers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    """One step of the chain. As a spaCy factory declares `requires` and `assigns`, a stage declares
    the Document fields it reads and the ones it writes (tests/test_channel.py holds the code to
    both); `run` returns the value of each field it writes, a tuple when it writes several, and
    the chain sets them, so the Document is the only channel between stages."""

    name: str
    run: Callable[[Document], Any]
    reads: tuple[str, ...]
    writes: tuple[str, ...]


# The publication date first: with none in the metadata it is inferred from the text, and every
# date read after resolves its unstated year against it. Entities, then the article's province
# from them, once (legal references and commitments read it); dates before legal references
# (their `issued`) and numbers (which skip numbers inside dates and document numbers);
# commitments last.
STAGES: list[Stage] = [
    Stage("publication", dates.publication, reads=("text", "published", "published_inferred"),
          writes=("published", "published_inferred")),
    Stage("entities", entities.extract, reads=("text",), writes=("entities",)),
    Stage("article_province", entities.article_province, reads=("text", "province", "published", "entities"),
          writes=("article_province",)),
    Stage("dates", dates.extract, reads=("text", "published", "published_inferred"), writes=("dates",)),
    Stage("legal_refs", legal.extract, reads=("text", "entities", "article_province", "dates"),
          writes=("legal_refs",)),
    Stage("numbers", numbers.extract, reads=("text", "dates", "legal_refs"), writes=("numbers",)),
    Stage("commitments", commitments.extract,
          reads=("text", "published", "published_inferred", "province", "entities", "article_province", "dates",
                 "legal_refs", "numbers"),
          writes=("commitments",)),
]


def document(article: Article, published: date | None = None) -> Document:
    """The Document for an article; `published` overrides what the article knows."""
    return Document(
        text=article.text,
        published=published or article.published,
        province=article.province,
    )


class StageError(Reason):
    """A stage raised on one article: the reason names the stage (the error is chained)."""

    def __init__(self, stage: str, error: Exception) -> None:
        said = str(error) if isinstance(error, Reason) else f"{type(error).__name__}: {error}"
        super().__init__(f"extraction failed in the {stage} stage: {said}")


def apply(stage: Stage, doc: Document) -> None:
    """Run one stage over `doc` and set the fields it writes; whatever it raises names it."""
    try:
        found = stage.run(doc)
    except Exception as e:  # noqa: BLE001 - named here, turned into a Failure by the guard
        raise StageError(stage.name, e) from e
    for name, value in zip(stage.writes, found if len(stage.writes) > 1 else (found,), strict=True):
        setattr(doc, name, value)


def analyse(doc: Document) -> Document:
    """Run every stage over `doc`, in order."""
    for stage in STAGES:
        apply(stage, doc)
    return doc


def records(doc: Document, article: Article) -> list[dict]:
    """Plain dicts per SCHEMA.md: every mention with its article, source and sentence."""
    out = []
    for r in doc.mentions():
        rec = {"type": r["type"], "article_id": article.article_id, "source": article.source}
        rec.update(r)
        rec["sentence"] = doc.sentence_text(r["start"])
        if article.url:
            rec["url"] = article.url
        if r["type"] == "commitment":
            rec["id"] = stable_id(article.article_id, r["start"], r["end"], r.get("kind"), r.get("province"))
        out.append(rec)
    return out


def run_document(article: Article, published: date | None = None) -> tuple[Document, list[dict]]:
    """The whole chain for one article, with the analysed Document (its sentences, for search)."""
    doc = analyse(document(article, published))
    if doc.published_inferred:
        article.published, article.published_inferred = doc.published, True
    return doc, records(doc, article)


@cache
def warm_up() -> None:
    """Compile the patterns once per process, before any article's time budget starts. The text
    states no figure a commitment could hold, so underthesea's models stay unloaded: they load on
    the first clause that needs them (text.underthesea), and most articles need none. An error
    here is left for the articles to report."""
    try:
        extract("Ngày 1/1/2021, UBND tỉnh Đắk Lắk ban hành Quyết định số 123/QĐ-UBND về 80 xã.")
    except Exception:  # noqa: BLE001
        log.debug("warm-up failed", exc_info=True)


def run_guarded(article: Article, published: date | None = None,
                budget: float | None = None) -> tuple[Document, list[dict]] | Failure:
    """`run_document` under the guard and the time budget: whatever it raises, or a run past
    `budget` seconds, is a Failure naming the article. What `extract` and `build` call."""

    warm_up()

    def work() -> tuple[Document, list[dict]]:
        with time_budget(budget):
            return run_document(article, published)

    return attempt(article.where, work, "extraction failed")


def run(article: Article, published: date | None = None) -> list[dict]:
    """The whole chain for one article."""
    return run_document(article, published)[1]


def extract(text: str | Article, published: date | None = None) -> list[dict]:
    """Records of a text (always text, never a path) or an Article. For a str, `start`/`end` index
    that very string and `text` is its slice there (spaCy's contract), not the normalized copy."""
    if isinstance(text, Article):
        return run(text, published)
    article = from_text(text)
    return at_caller_offsets(run(article, published), text, article.text)


def at_caller_offsets(records: list[dict], raw: str, text: str) -> list[dict]:
    """`records` of an Article's `text` re-pointed at the string `raw` it was read from."""
    span = caller_spans(raw, text)
    if span is None:  # cannot happen for from_text's own output; keep the Article offsets then
        return records
    for r in records:
        r["start"], r["end"] = span(r["start"], r["end"])
        r["text"] = raw[r["start"]:r["end"]]
    return records
