"""The dataset's table contract and how values become cells: every table's columns (SCHEMA.md),
the column plan of a build and the conversion of values to Parquet, CSV and SQLite cells.

Columns are planned up front from what the build saw: the SCHEMA.md columns of each table in
their documented order, then any extra fields the extractors emitted, sorted by name. The files
themselves are written by `dataset_files`.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa

BATCH_ROWS = 2000  # rows per Parquet row group and per insert batch ...
BATCH_CHARS = 16_000_000  # ... or fewer, when the rows are long articles (bounded memory)
SQLITE_NAME = "dataset.sqlite"
FTS_TABLE = "sentences_fts"  # full-text index over the sentences table (external content: no copy of the text)
INDEXED = ("article_id", "province", "indicator", "year")
EXTRA_INDEXED = {"commitments": ("sentence_id",)}  # search_commitments joins sentences to commitments by it
PRIMARY_KEY = {"articles": "article_id", "sentences": "sentence_id"}
# What SQLite computes and never stores: the sentence with đ as d (FTS5's remove_diacritics folds every
# other Vietnamese mark, not đ), so `dak lak` finds `Đắk Lắk` without a second copy of each sentence.
GENERATED = {"sentences": "folded TEXT GENERATED ALWAYS AS (replace(replace(sentence, 'đ', 'd'), 'Đ', 'D')) VIRTUAL"}
CSV_TABLES = ("articles", "commitments", "failures")  # CSV by default; every table with csv="all"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: string, integer, number, boolean, date, array, object
    description: str


def _cols(*spec: tuple[str, str, str]) -> list[Column]:
    return [Column(*s) for s in spec]


_RECORD = _cols(
    ("type", "string", "Record type (SCHEMA.md)."),
    ("article_id", "string", "Stable id of the article the record comes from (articles.article_id)."),
    ("source", "string", "Input path or URL the article was read from."),
    ("start", "integer", "Start offset of the span in articles.text (Python string index)."),
    ("end", "integer", "End offset of the span in articles.text (exclusive)."),
    ("text", "string", "The exact span: articles.text[start:end]."),
    ("sentence_id", "integer", "The sentence the span sits in (sentences.sentence_id)."),
)
_SENTENCE = _cols(("sentence", "string", "The full sentence the span sits in."))
_QUANTITY = _cols(
    ("value", "number", "The quantity (46,14% is 46.14; 2.000 tỷ đồng is 2e12)."),
    ("value_max", "number", "Upper end of a range, else empty."),
    ("of", "number", "Denominator of a fraction or ranking (30/63 -> 63), else empty."),
    ("unit", "string", "percent, vnd (or another ISO currency code in lower case), count, rank, score, other."),
    ("comparator", "string", ">=, >, <=, <, ~ or =."),
    ("change", "string", "+ or - when the figure is a change (tăng 6 bậc, giảm 3,1%), not a level; else empty."),
)

SCHEMA: dict[str, list[Column]] = {
    "articles": _cols(
        ("article_id", "string", "Stable hash of the URL, else of the JSON Lines row id and file name, else of the text."),
        ("source", "string", "Input path or URL the article was read from."),
        ("url", "string", "The article's URL when known."),
        ("outlet", "string", "Publishing outlet when known."),
        ("title", "string", "Title line."),
        ("published", "date", "Publication date."),
        ("published_inferred", "boolean", "True when the publication date was inferred from dates in the text."),
        ("text", "string", "Normalized text (title, stamp, body, captions) that every record offset indexes."),
        ("body", "string", "Title, lead and body paragraphs only: the clean reading text."),
        ("captions", "string", "Photo captions, one per line."),
        ("dropped", "string", "Page furniture set aside (counters, share bars, related links), one per line."),
        ("row_id", "string", "The `id` of the JSON Lines row the article was read from (its source is file.jsonl#id)."),
    ),
    "sentences": _cols(
        ("sentence_id", "integer", "Stable id of the sentence: a 63-bit hash of (article_id, start, end)."),
        ("article_id", "string", "The article it comes from (articles.article_id)."),
        ("start", "integer", "Start offset of the sentence in articles.text."),
        ("end", "integer", "End offset of the sentence in articles.text (exclusive)."),
        ("sentence", "string", "The sentence: articles.text[start:end]."),
    ),
    "commitments": _RECORD + _SENTENCE + _cols(
        ("kind", "string", "target or actual."),
        ("province", "string", "Canonical province (63-unit legacy names) the figure is about; empty for national figures."),
        ("province_2025", "string", "The province it belongs to after the 1 July 2025 merger (34 units)."),
        ("indicator", "string", "The measured thing, as a short Vietnamese phrase from the text."),
        ("level", "string", "tinh, huyen, xa or bo when the text scopes it."),
        ("pillar", "string", "chinh_quyen_so, kinh_te_so, xa_hoi_so or do_thi_thong_minh."),
    ) + _QUANTITY + _cols(
        ("deadline", "string", "For targets: ISO date, month or year it is due."),
        ("as_of", "string", "For actuals: ISO date the figure is stated for (the article's date when the text states none)."),
        ("as_of_inferred", "boolean", "True when as_of is the article's publication date, not a date the text states."),
        ("basis", "string", "ref of the legal document the commitment comes from."),
        ("id", "string", "Stable hash of (article_id, start, end, kind, province)."),
        ("year", "integer", "Year of the deadline, else of as_of (for filtering and indexing)."),
    ),
    "legal_refs": _RECORD + _cols(
        ("doc_type", "string", "Full Vietnamese name of the kind of document (Quyết định, Nghị quyết, ...)."),
        ("number", "string", "Its number as written, leading zeros kept."),
        ("symbol", "string", "The symbol after the number, upper case (QĐ-UBND)."),
        ("ref", "string", "number/symbol without spaces (3330/QĐ-UBND), or the number alone."),
        ("issuer", "string", "Issuing body when stated or implied by the symbol."),
        ("issued", "string", "ISO date of signing when stated."),
        ("province", "string", "Canonical province of the issuer; empty for national bodies."),
    ),
    "dates": _RECORD + _cols(
        ("value", "string", "ISO value at its stated precision (2021-11-29, 2022-08, 2024-Q3, 2025)."),
        ("end_value", "string", "End of a range, else empty."),
        ("precision", "string", "day, month, quarter or year."),
        ("relation", "string", "on, by, from, during, or empty."),
        ("year_inferred", "boolean", "True when the year was not written and came from context."),
    ),
    "numbers": _RECORD + _QUANTITY,
    "entities": _RECORD + _cols(
        ("label", "string", "PROVINCE, LOC, ORG or PER."),
        ("norm", "string", "Canonical form (province name; expanded organisation name)."),
    ),
    "failures": _cols(
        ("source", "string", "Input that was skipped (path; path#L<line> for a JSON Lines row; path#URL for a WARC record; or URL)."),
        ("reason", "string", "Why it was skipped."),
    ),
}

# Fields outside SCHEMA.md that the library is known to emit.
EXTRA_DESCRIPTIONS = {
    "url": "The article's URL when known.",
    "author": "Author named in the article, when found.",
    "credit": "Byline or credit line, when found.",
    "province": "The outlet's home province (index.csv sidecar), a hint for attribution.",
    "article_id": "Id of the article, when the failure happened after reading it.",
}
EXTRA_DEFAULT = "Extra field emitted by the extractors (not in SCHEMA.md)."

ARROW_TYPES = {
    "string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
    "date": pa.date32(), "array": pa.string(), "object": pa.string(),
}
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


# ---------------------------------------------------------------------------------------------
# Column planning


def value_kind(value: Any) -> str:
    """The name of a value's JSON kind, as recorded while building (see `field_type`)."""
    return type(value).__name__


def field_type(declared: str | None, seen: set[str]) -> str:
    """The Frictionless type that fits every value seen; the declared one when nothing was seen."""
    if not seen:
        return declared or "string"
    if seen == {"bool"}:
        return "boolean"
    if seen <= {"int", "float"}:
        return "integer" if seen == {"int"} and declared != "number" else "number"
    if seen == {"list"}:
        return "array"
    if seen == {"dict"}:
        return "object"
    return "date" if seen == {"str"} and declared == "date" else "string"


def plan(table: str, seen: dict[str, set[str]]) -> list[Column]:
    """The table's columns: SCHEMA.md ones first, in order, then extras sorted by name."""
    columns = [Column(c.name, field_type(c.type, seen.get(c.name, set())), c.description) for c in SCHEMA[table]]
    known = {c.name for c in columns}
    for name in sorted(set(seen) - known):
        columns.append(Column(name, field_type(None, seen[name]), EXTRA_DESCRIPTIONS.get(name, EXTRA_DEFAULT)))
    return columns


# ---------------------------------------------------------------------------------------------
# Cell conversion, a column at a time: most columns need none, and a build writes millions of cells


Convert = Callable[[list], list]


def _nested(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v


def _as_string(v: Any) -> Any:
    return v if v is None or isinstance(v, str) else str(_nested(v))


def _as_date(v: Any) -> Any:
    return date.fromisoformat(v) if isinstance(v, str) else v


def _csv_number(v: Any) -> Any:
    """Integral floats without `.0` (2000000000000, not 2000000000000.0)."""
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _csv_bool(v: Any) -> Any:
    return v if v is None else "true" if v else "false"


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _each(f: Callable[[Any], Any]) -> Convert:
    return lambda values: [f(v) for v in values]


def _same(values: list) -> list:
    return values


@dataclass(frozen=True)
class Cells:
    """How one column's values become Parquet, CSV and SQLite cells. Parquet takes nested values
    as JSON and dates as `date`; CSV writes ISO dates, lower-case booleans, integral floats
    without `.0` and empty cells for nulls; SQLite stores dates as ISO text."""

    parquet: Convert
    csv: Convert
    sql: Convert

    @classmethod
    def of(cls, kind: str) -> Cells:
        parquet = {"string": _each(_as_string), "array": _each(_as_string), "object": _each(_as_string),
                   "date": _each(_as_date)}.get(kind, _same)
        csv = {"number": _each(_csv_number), "boolean": _each(_csv_bool), "date": _each(_iso)}.get(kind, _same)
        sql = _each(_iso) if kind == "date" else _same
        return cls(parquet, csv, sql)
