"""dxextract: Vietnamese provincial news -> a citable dataset of digital-transformation commitments.

    import dxextract as dx
    art = dx.read("corpus/000_83ce5f1ebe82f95b.txt")
    records = dx.extract(art)                     # legal refs, dates, numbers, entities, commitments
    dx.parse_number("2.000 tỷ đồng")              # one whole string as one quantity
"""
from __future__ import annotations

from datetime import date

from ._version import __version__
from .article import Article
from .readers import Failure, ReadError, iter_articles, parse_published
from .readers import read as _read
from .text import normalize, sentences


def read(path, *, published: str | date | None = None) -> Article:
    """The Article in a file (.txt, .html, .warc(.gz), .jsonl(.gz): the first one)."""
    return _read(path, published=published)


def extract(text: str | Article, *, published: str | date | None = None) -> list[dict]:
    """All records of a text (a `str` is always text, never a path) or an Article, in text order.
    For a str, `start`/`end` index that string."""
    if not isinstance(text, (str, Article)):
        raise TypeError(f"dx.extract takes text (a str) or an Article, not {type(text).__name__}: "
                        "to extract from a file, pass dx.read(path)")
    from .pipeline import extract as _extract  # the extractors load on first use: `dx.load` needs none

    return _extract(text, parse_published(published))


def build(corpus, out, **options):
    """Build (or update) the dataset in `out` from a corpus; see `dxextract.dataset.build`."""
    from .dataset import build as _build

    return _build(corpus, out, **options)


def load(path):
    """The dataset in `path` as pandas DataFrames with a `query(...)` method."""
    from .dataset_view import load as _load

    return _load(path)


def __getattr__(name: str):
    # pandas and pyarrow take a second to import: only the dataset side needs them.
    if name == "Dataset":
        from .dataset_view import Dataset

        return Dataset
    raise AttributeError(f"module 'dxextract' has no attribute {name!r}")


def nlp(*, published: str | None = None, words: bool = False):
    """A spaCy `Language` for Vietnamese whose components put dxextract's records on each Doc;
    tokens are syllables, or underthesea words with `words=True` (much slower)."""
    from .spacy_components import make_nlp

    return make_nlp(published, words)


def parse_number(text: str) -> dict | None:
    """Read one whole string as a single quantity (a table cell, a form field), Duckling-style."""
    from .parse import parse_number as _parse

    return _parse(text)


def parse_date(text: str, *, published: str | date | None = None) -> dict | None:
    """Read one whole string as a single time expression, Duckling-style."""
    from .parse import parse_date as _parse

    return _parse(text, published=parse_published(published))


__all__ = [
    "Article", "Dataset", "Failure", "ReadError", "__version__", "build", "extract", "iter_articles", "load",
    "nlp", "normalize", "parse_date", "parse_number", "read", "sentences",
]
