"""dxextract: Vietnamese provincial news -> a citable dataset of digital-transformation commitments.

    import dxextract as dx
    art = dx.read("corpus/000_83ce5f1ebe82f95b.txt")
    records = dx.extract(art)                     # legal refs, dates, numbers, entities, commitments
    dx.parse_number("2.000 tỷ đồng")              # one whole string as one quantity
"""
from __future__ import annotations

from datetime import date

__version__ = "0.1.0"

from . import pipeline
from .article import Article
from .readers import Failure, ReadError, iter_articles, parse_published
from .readers import read as _read
from .text import normalize, sentences


def read(path, *, published: str | date | None = None) -> Article:
    """The Article in a file (.txt, .html, .warc(.gz), .jsonl(.gz): the first one)."""
    return _read(path, published=published)


def extract(text: str | Article, *, published: str | date | None = None) -> list[dict]:
    """All records of a text (a `str` is always text, never a path) or an Article, in text order."""
    return pipeline.extract(text, parse_published(published))


def parse_number(text: str) -> dict | None:
    """Read one whole string as a single quantity (a table cell, a form field), Duckling-style."""
    from .parse import parse_number as _parse

    return _parse(text)


def parse_date(text: str, *, published: str | date | None = None) -> dict | None:
    """Read one whole string as a single time expression, Duckling-style."""
    from .parse import parse_date as _parse

    return _parse(text, published=parse_published(published))


__all__ = [
    "Article", "Failure", "ReadError", "__version__", "extract", "iter_articles", "normalize",
    "parse_date", "parse_number", "read", "sentences",
]
