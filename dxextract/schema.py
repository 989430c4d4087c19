"""The dataset's contract, shared by the side that builds it and the side that reads it.

The tables and their documented columns (SCHEMA.md, in order), which table each record type
goes to, and the one rule for the year a commitment is filed under. Nothing here imports the
rest of the package, so `dx.load`, `query`, `check` and `progress` read a dataset without
loading an extractor, pyarrow's writers or the build engines.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The units of a position: a place in a ranking and an index's value (SCHEMA.md, `number.unit`).
POSITION_UNITS = frozenset({"rank", "score"})


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

TABLES: dict[str, list[Column]] = {
    "articles": _cols(
        ("article_id", "string", "Stable hash of the URL, else of the JSON Lines row id and file name, else of the text."),
        ("source", "string", "Input path or URL the article was read from."),
        ("url", "string", "The article's URL when known."),
        ("outlet", "string", "Publishing outlet when known."),
        ("title", "string", "Title line."),
        ("published", "date", "Publication date."),
        ("published_inferred", "boolean", "True when the publication date was inferred from dates in the text."),
        ("text", "string", "Normalized text (title, stamp, body, captions) that every record offset indexes. Not stored "
                           "in SQLite, which keeps it sentence by sentence (sentences.sentence); in Parquet and articles.csv."),
        ("body", "string", "Title, lead and body paragraphs only: the clean reading text. Not stored in Parquet and "
                           "SQLite (dx.load rebuilds it from text and line_roles); in articles.csv (--csv all)."),
        ("captions", "string", "Photo captions, one per line. Not stored in Parquet and SQLite (dx.load rebuilds it "
                               "from text and line_roles); in articles.csv (--csv all)."),
        ("dropped", "string", "Page furniture set aside (counters, share bars, related links), one per line."),
        ("row_id", "string", "The `id` of the JSON Lines row the article was read from (its source is file.jsonl#id)."),
        ("line_roles", "string", "One letter per line of text: b in body, c a caption, - neither (stamp, credit); "
                                 "what body and captions are rebuilt from, so the text is stored once."),
    ),
    "sentences": _cols(
        ("sentence_id", "integer", "Id of the sentence: the sentences of each part numbered in (article_id, start) order "
                                   "from part * 2^40 + 1; the same in every build while its part's articles are unchanged."),
        ("article_id", "string", "The article it comes from (articles.article_id)."),
        ("start", "integer", "Start offset of the sentence in articles.text."),
        ("end", "integer", "End offset of the sentence in articles.text (exclusive)."),
        ("sentence", "string", "The sentence: articles.text[start:end]. Not stored in Parquet (dx.load rebuilds it "
                               "from articles.text); in SQLite, where the full-text index reads it, and CSV (--csv all)."),
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
        ("rule", "string", "What made the figure a commitment: index (a ranking or value of a digital index), measured (what it measures is digital), value_of (the value of the figure just counted), named_programme (its own words name the programme in an article about something else)."),
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
        ("rule", "string", "The patterns/legal.yaml rule that read the reference (typed, titled, standard, bare)."),
    ),
    "dates": _RECORD + _cols(
        ("value", "string", "ISO value at its stated precision (2021-11-29, 2022-08, 2024-Q3, 2025)."),
        ("end_value", "string", "End of a range, else empty."),
        ("precision", "string", "day, month, quarter or year."),
        ("relation", "string", "on, by, from, during, or empty."),
        ("year_inferred", "boolean", "True when the year was not written and came from context."),
        ("rule", "string", "The patterns/dates.yaml rule that read the date (day_month_year, quarter, ...); range_join for a from-to period."),
    ),
    "numbers": _RECORD + _QUANTITY + _cols(
        ("rule", "string", "The patterns/numbers.yaml rule that read the numeral (digits, fraction, spelled, half, ordinal, first_place); range when it joined two."),
    ),
    "entities": _RECORD + _cols(
        ("label", "string", "PROVINCE, LOC, ORG or PER."),
        ("norm", "string", "Canonical form (province name; expanded organisation name)."),
        ("rule", "string", "What found it: gazetteer (provinces.yaml, organizations.yaml), a patterns/entities.yaml rule, or underthesea."),
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


# Record type (the `type` field) -> the table its rows go to; also the record types, in SCHEMA.md order.
TABLE_OF = {"commitment": "commitments", "legal_ref": "legal_refs", "date": "dates", "number": "numbers", "entity": "entities"}
RECORD_TYPES = tuple(TABLE_OF)


BODY_ROLE, CAPTION_ROLE, OTHER_ROLE = "b", "c", "-"


def line_roles(text: str, body: str, captions: str) -> str | None:
    """One letter per line of `text` saying whether it is a line of `body`, of `captions` or
    neither; None when they are not lines of `text` in its order (then they cannot be rebuilt)."""
    wanted = {BODY_ROLE: body.split("\n") if body else [], CAPTION_ROLE: captions.split("\n") if captions else []}
    at = {BODY_ROLE: 0, CAPTION_ROLE: 0}
    roles = []
    for line in text.split("\n"):
        role = next((r for r, lines in wanted.items() if at[r] < len(lines) and lines[at[r]] == line), OTHER_ROLE)
        at[role] = at.get(role, 0) + 1
        roles.append(role)
    return "".join(roles) if all(at[r] == len(lines) for r, lines in wanted.items()) else None


def lines_of(text: object, roles: object, role: str) -> str | None:
    """The lines of `text` that `roles` (see `line_roles`) marks with `role`, joined; None when unknown."""
    if not isinstance(text, str) or not isinstance(roles, str):
        return None
    return "\n".join(line for line, r in zip(text.split("\n"), roles) if r == role)


def year_of(iso: object) -> int | None:
    """The year of an ISO date at any precision (`2025`, `2024-Q3`, `2021-10-15`), else None."""
    if isinstance(iso, str) and len(iso) >= 4 and iso[:4].isdigit():
        return int(iso[:4])
    return None


def commitment_year(record: Mapping) -> int | None:
    """The year a commitment is filed under: its deadline's (a target), else its as-of date's (a
    result). Empty or missing values (None, pandas NaN) count as not stated."""
    stated = next((v for v in (record.get("deadline"), record.get("as_of")) if isinstance(v, str) and v), None)
    return year_of(stated)
