"""Reading a built dataset back: `dx.load(DIR)` -> `Dataset` of pandas tables, and `query`.

A dataset folder (written by `dxextract build`) holds `<table>.parquet` per table; Parquet is
read-only by nature, so loading never changes the dataset. Text matching here is accent- and
case-insensitive throughout (`dak lak` finds `Đắk Lắk`, `dich vu cong` finds `dịch vụ công`),
because users type on keyboards without Vietnamese input methods.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import regex

from .provinces import canonical_province, fold
from .schema import BODY_ROLE, CAPTION_ROLE, TABLE_OF, TABLES, commitment_year, lines_of

# The build's commitment columns (SCHEMA.md fields and `year`) plus `url`: always present, so
# queries never meet a missing column, whether the rows come from a build or from `dx.extract`.
COMMITMENT_COLUMNS = (*(c.name for c in TABLES["commitments"]), "url")
_WORD = regex.compile(r"\w+")
KINDS = ("target", "actual")


def words(text: str | None) -> tuple[str, ...]:
    """Folded words of a phrase: the unit every accent-insensitive comparison works on."""
    return tuple(_WORD.findall(fold(text))) if isinstance(text, str) else ()


def contains_words(haystack: str | None, needle: str) -> bool:
    """Every word of `needle` is a whole word of `haystack`, accents and case ignored."""
    have = set(words(haystack))
    return all(w in have for w in words(needle))


def with_commitment_columns(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every commitment column (missing ones empty) and `year` = deadline or as-of year."""
    df = df.copy()
    for col in COMMITMENT_COLUMNS:
        if col not in df.columns:
            df[col] = None
    derived = pd.to_numeric(pd.Series([commitment_year(r) for r in df[["deadline", "as_of"]].to_dict("records")],
                                      index=df.index, dtype=object), errors="coerce")
    df["year"] = pd.to_numeric(df["year"], errors="coerce").fillna(derived).astype("Int64")
    return df


@dataclass
class Dataset:
    """The tables of a dataset as pandas DataFrames: `ds.commitments`, `ds.tables["articles"]`."""

    tables: dict[str, pd.DataFrame]
    path: Path | None = None

    def __post_init__(self) -> None:
        for name in TABLES:
            self.tables.setdefault(name, pd.DataFrame())
        self.tables["commitments"] = with_commitment_columns(self.tables["commitments"])

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(df)}" for name, df in self.tables.items())
        return f"Dataset({self.path or 'in memory'}: {counts})"

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @classmethod
    def from_records(cls, records: Iterable[dict], articles: pd.DataFrame | None = None) -> Dataset:
        """An in-memory dataset from `dx.extract` records (one table per record type)."""
        rows: dict[str, list[dict]] = {}
        for r in records:
            table = TABLE_OF.get(r.get("type"))
            if table:
                rows.setdefault(table, []).append(r)
        tables = {name: pd.DataFrame(rs) for name, rs in rows.items()}
        if articles is not None:
            tables["articles"] = articles
        return cls(tables)

    def query(self, province: str | None = None, indicator: str | None = None,
              year: int | str | None = None, kind: str | None = None) -> pd.DataFrame:
        """Commitments matching every given filter, accents and case ignored, sorted for reading.

        `province` is any spelling of a province (`dak lak`, `TP.HCM`) or, when it names none, a
        part of its name, matched against both the province and the one it belongs to since the
        2025 merger (`lam dong` finds Đắk Nông's rows too); `indicator` matches when all its words
        are words of the indicator; `year` is the deadline year of a target or the as-of year of a
        result; `kind` is one of KINDS. A bad `year` or `kind` is a ValueError naming what is allowed.
        """
        df = self.commitments
        mask = pd.Series(True, index=df.index)
        if province:
            mask &= province_mask(df["province"], province) | province_mask(df["province_2025"], province)
        if indicator:
            mask &= df["indicator"].map(lambda ind: contains_words(ind, indicator))
        if year is not None and str(year).strip():
            mask &= (df["year"] == checked_year(year)).fillna(False)
        if kind:
            mask &= df["kind"] == checked_kind(kind)
        out = df[mask.fillna(False).astype(bool)]
        return out.sort_values(["province", "indicator", "kind", "year", "value"], na_position="last",
                               kind="stable").reset_index(drop=True)


def checked_year(year: int | str) -> int:
    """`year` as an int, or a ValueError that says what a year is."""
    try:
        return int(str(year).strip())
    except ValueError:
        raise ValueError(f"year must be a whole year such as 2025, not {year!r}") from None


def checked_kind(kind: str) -> str:
    """`kind` folded to one of KINDS, or a ValueError naming them (`targets` is not silently empty)."""
    k = kind.strip().lower()
    if k not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return k


def province_mask(column: pd.Series, province: str) -> pd.Series:
    """Rows about `province`: its canonical name when the text names one, else a folded substring."""
    name = canonical_province(province)
    if name:
        return column == name
    needle = " ".join(words(province))
    return column.map(lambda p: bool(needle) and isinstance(p, str) and needle in " ".join(words(p)))


def present(v: object) -> bool:
    """Not null: None, NaN and pd.NA all mean a missing cell."""
    return v is not None and not (isinstance(v, float) and math.isnan(v)) and v is not pd.NA


def rows_of(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts with None for every missing cell (JSON null, empty CSV cell)."""
    return [{k: (v if present(v) else None) for k, v in r.items()} for r in df.astype(object).to_dict("records")]


def source_of(r: dict) -> str | None:
    """Where a record can be read: its article's URL when known, else the input path."""
    return r.get("url") if present(r.get("url")) else r.get("source")


def figure(value: float | None, comparator: str | None, unit: str | None, of: float | None = None) -> str:
    """`>= 80 percent`, `30/63 rank`: a figure as a reader would say it."""
    if not present(value):
        return "no figure"
    num = f"{value:g}" + (f"/{of:g}" if present(of) else "")
    comp = f"{comparator} " if present(comparator) and comparator != "=" else ""
    return f"{comp}{num} {unit if present(unit) else ''}".strip()


def describe(r: dict) -> str:
    """One commitment in a line: kind, date, figure, indicator, province."""
    when = r.get("deadline") if r.get("kind") == "target" else r.get("as_of")
    when = f" {when}" if present(when) else ""
    return (f"[{r.get('kind')}{when}] {figure(r.get('value'), r.get('comparator'), r.get('unit'), r.get('of'))}"
            f" — {r.get('indicator')} ({r['province'] if present(r.get('province')) else 'national'})")


def load(path: str | Path) -> Dataset:
    """The dataset in folder `path` (each table from `<table>.parquet`; absent tables are empty),
    with the columns Parquet leaves out rebuilt (`writers.OMITTED`): every SCHEMA.md column is there."""
    folder = Path(path)
    if not (folder / "commitments.parquet").exists():
        raise FileNotFoundError(f"{folder}: not a dxextract dataset (no commitments.parquet)")
    tables = {name: pd.read_parquet(folder / f"{name}.parquet")
              for name in TABLES if (folder / f"{name}.parquet").exists()}
    if "articles" in tables:
        tables["articles"] = with_body(tables["articles"])
        if "sentences" in tables:
            tables["sentences"] = with_sentence(tables["sentences"], tables["articles"])
    return Dataset(tables, path=folder)


def with_body(articles: pd.DataFrame) -> pd.DataFrame:
    """`body` and `captions` rebuilt from `text` and `line_roles` where the table has no copy of them."""
    if "body" in articles.columns or not {"text", "line_roles"} <= set(articles.columns):
        return articles
    pairs = list(zip(articles["text"], articles["line_roles"]))
    at = articles.columns.get_loc("text") + 1
    articles.insert(at, "captions", [lines_of(t, r, CAPTION_ROLE) for t, r in pairs])
    articles.insert(at, "body", [lines_of(t, r, BODY_ROLE) for t, r in pairs])
    return articles


def with_sentence(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """`sentence` rebuilt as articles.text[start:end] where the table has no copy of it."""
    if "sentence" in sentences.columns or not {"article_id", "start", "end"} <= set(sentences.columns):
        return sentences
    texts = dict(zip(articles["article_id"], articles["text"])) if "text" in articles.columns else {}
    sentences["sentence"] = [texts[a][s:e] if isinstance(texts.get(a), str) else None
                             for a, s, e in zip(sentences["article_id"], sentences["start"], sentences["end"])]
    return sentences
