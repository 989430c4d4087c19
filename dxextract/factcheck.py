"""Fact-checking a claim against a dataset (target progress is `progress.py`).

A claim is read with the same extractors as the articles (`dx.extract`), so a figure, a year, a
province and a kind mean the same thing in the claim as in the dataset. The dataset's own
province and indicator names fill what the extractors leave open, since a one-line claim lacks
the context (the article's province, its surrounding list) an article gives them.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import pandas as pd
import regex

from . import pipeline
from .dataset_view import Dataset, describe, figure, rows_of, source_of, words
from .matching import MATCH, IndicatorMatcher, nearest_provinces
from .progress import progress  # noqa: F401 - `from dxextract.factcheck import progress`, as the notebooks do
from .provinces import canonical_province, is_place_name, province_of_town
from .rules import load
from .schema import commitment_year, year_of

APPROXIMATE = 0.05  # relative tolerance when either side says `khoảng`, `gần`, `ước` (comparator ~)
UNREADABLE = "unreadable claim"
# What a claim must state, each read and agreeing, before it can be `supported`.
REQUIRED = ("province", "year", "figure")
# A bare year, for claims the date rules cannot read (typed without diacritics: `vao nam 2030`).
_YEAR = regex.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d%]|[.,]\d)")
# A figure the number rules must have read: a percentage, or a run of more than 15 digits.
_FIGURE = regex.compile(r"\d[\d.,]*\s*%|\d(?:[\d.,]*\d){15,}")
# A run of capitalised words: a name, perhaps a province's (`Nghệ Ann`, `Tỉnh ABC`).
_NAME = regex.compile(r"\p{Lu}[\p{L}\p{M}]*(?:[ -]\p{Lu}[\p{L}\p{M}]*){0,3}")
# A capitalised run this close to a province's name (difflib ratio of their keys) is taken for a
# misspelt province.
MISSPELT = 0.8
EVIDENCE = ("kind", "province", "indicator", "value", "value_max", "comparator", "unit", "of",
            "deadline", "as_of", "year", "sentence", "source", "url")


@dataclass
class Claim:
    """What a claim states, read with the dataset's extractors."""

    text: str
    province: str | None = None
    indicator: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    year: int | None = None
    kind: str | None = None
    unreadable: list[str] = field(default_factory=list)  # why a part that is there could not be read

    def describe(self) -> str:
        parts = [f"{k} {v}" for k, v in (("province", self.province), ("indicator", self.indicator),
                                            ("kind", self.kind), ("year", self.year)) if v]
        if self.value is not None:
            parts.append(f"figure {figure(self.value, self.comparator, self.unit)}")
        return "; ".join(parts) or "nothing recognised"

    def missing(self) -> list[str]:
        """The REQUIRED parts the claim does not state."""
        stated = {"province": self.province, "year": self.year, "figure": self.value}
        return [part for part in REQUIRED if stated[part] is None]


@dataclass
class Verdict:
    """`supported`, `contradicted`, `not found` or `unreadable claim`, with the commitments that say so."""

    verdict: str
    claim: Claim
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    note: str = ""

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "claim": asdict(self.claim), "note": self.note, "evidence": rows_of(self.evidence)}

    def __str__(self) -> str:
        lines = [f"Claim:   {self.claim.text}", f"Read as: {self.claim.describe()}",
                 f"Verdict: {self.verdict.upper()}"]
        if self.note:
            lines.append(f"Note:    {self.note}")
        lines.append("Evidence:" if len(self.evidence) else "Evidence: none in the dataset")
        for r in self.evidence.to_dict("records"):
            lines.append(f"  - {describe(r)}")
            lines.append(f"    “{r.get('sentence')}”")
            lines.append(f"    source: {source_of(r)}")
        return "\n".join(lines)


def read_claim(text: str, dataset: Dataset) -> Claim:
    """The claim's province, indicator, figure, year and kind, and what of it could not be read.

    A commitment found in the claim gives them all; otherwise its numbers, dates and entities give
    the figure, year and province, and the dataset's province names fill a province still open.
    """
    records = pipeline.extract(text)
    claim = Claim(text=text)
    commitment = next((r for r in records if r["type"] == "commitment"), None)
    if commitment:
        claim.province = commitment.get("province")
        claim.indicator = commitment.get("indicator")
        claim.kind = commitment.get("kind")
        claim.year = commitment_year(commitment)
        claim.value, claim.unit, claim.comparator = (commitment.get(k) for k in ("value", "unit", "comparator"))
    number = next((r for r in records if r["type"] == "number"), None)
    if claim.value is None and number:
        claim.value, claim.unit, claim.comparator = (number.get(k) for k in ("value", "unit", "comparator"))
    if claim.year is None:
        claim.year = next((year_of(r.get("end_value") or r.get("value")) for r in records if r["type"] == "date"), None)
    if claim.year is None:
        claim.year = bare_year(text, records)
    if claim.province is None:
        claim.province = next((r.get("norm") for r in records
                               if r["type"] == "entity" and r.get("label") == "PROVINCE"), None)
    if claim.province is None:
        claim.province = province_named(text, dataset)
    claim.unreadable = unread_figures(text, records)
    if claim.province is None:
        claim.unreadable += [unknown_province(name) for name in unknown_provinces(text)]
    return claim


def bare_year(text: str, records: list[dict]) -> int | None:
    """The last year the text writes as four digits outside every number record, for a claim the
    date rules cannot read (`vao nam 2030`, typed without diacritics)."""
    taken = [(r["start"], r["end"]) for r in records if r["type"] == "number"]
    years = [m for m in _YEAR.finditer(text) if not any(s <= m.start() < e for s, e in taken)]
    return int(years[-1].group()) if years else None


def unread_figures(text: str, records: list[dict]) -> list[str]:
    """A reason for each figure in the text that no number rule read (`100000…000%`): such a claim
    must not pass for one that states no figure."""
    read = [(r["start"], r["end"]) for r in records if r["type"] in ("number", "commitment")]
    return [f"the figure `{m.group().strip()}` cannot be read as a number" for m in _FIGURE.finditer(text)
            if not any(s <= m.start() < e for s, e in read)]


def unknown_provinces(text: str) -> Iterator[str]:
    """Names the claim gives as a province that is not one: a capitalised run after `tỉnh`,
    `thành phố` or `TP` (`Tỉnh ABC`), or one spelt almost like a province (`Nghệ Ann`). A town or
    district (`Thành phố Buôn Ma Thuột`) is a real place, so it is not reported."""
    prefixes = [" ".join(words(p)) for p in load("provinces").lexicon.prefixes]
    for m in _NAME.finditer(text):
        name, said = m.group(), " ".join(words(m.group()))
        prefix = next((p for p in prefixes if said.startswith(p + " ")), None)
        if prefix:
            name = " ".join(name.split()[len(prefix.split()):])
        if not name or canonical_province(name) or province_of_town(name) or is_place_name(name):
            continue
        if prefix or (len(name.split()) > 1 and nearest_provinces(name, MISSPELT)):
            yield name


def unknown_province(name: str) -> str:
    near = nearest_provinces(name)
    hint = f"nearest known names: {', '.join(near)}" if near else "no province name is close to it"
    return f"`{name}` is not a province of Vietnam ({hint})"


def province_named(text: str, dataset: Dataset) -> str | None:
    """A dataset province whose name the text contains as whole words, accents ignored."""
    have = f" {' '.join(words(text))} "
    names = dataset.commitments["province"].dropna().unique()
    return next((p for p in sorted(names, key=len, reverse=True) if f" {' '.join(words(p))} " in have), None)


def indicator_phrase(claim: Claim) -> str:
    """The words that name the claim's indicator: the extracted indicator, else the whole claim,
    less its province's name and its year (matched by their own fields)."""
    drop = set(words(claim.province)) | ({str(claim.year)} if claim.year else set())
    return " ".join(w for w in words(claim.indicator or claim.text) if w not in drop)


def candidates(dataset: Dataset, claim: Claim) -> pd.DataFrame:
    """Commitments of the claim's province whose indicator is the claim's, best match first."""
    df = dataset.commitments
    if claim.province:
        df = df[df["province"] == (canonical_province(claim.province) or claim.province)]
    matcher = IndicatorMatcher(dataset.commitments["indicator"])
    phrase = indicator_phrase(claim)
    scores = df["indicator"].map(lambda ind: matcher.score(ind, phrase))
    df = df.assign(score=scores)[scores >= MATCH]
    return df.sort_values(["score", "year"], ascending=[False, False], kind="stable")


def same_figure(claimed: float, comparator: str | None, recorded: float, recorded_comparator: str | None) -> bool:
    """Equal at the precision the claim states (`46%` agrees with 46.14), or within APPROXIMATE
    when either side is approximate."""
    if "~" in (comparator, recorded_comparator):
        return abs(claimed - recorded) <= APPROXIMATE * max(abs(claimed), abs(recorded))
    decimals = len(f"{claimed:g}".partition(".")[2])
    return round(recorded, decimals) == round(claimed, decimals)


def comparable(df: pd.DataFrame, claim: Claim) -> pd.DataFrame:
    """Rows that state a figure in the claim's unit (any unit when the claim names none)."""
    df = df[df["value"].notna()]
    return df if not claim.unit else df[df["unit"].isna() | (df["unit"] == claim.unit)]


def agreeing(df: pd.DataFrame, claim: Claim) -> pd.DataFrame:
    """Rows of `df` that state the claim's figure in its unit."""
    rows = comparable(df, claim)
    keep = [same_figure(claim.value, claim.comparator, v, c) for v, c in zip(rows["value"], rows["comparator"])]
    return rows[keep]


def check(dataset: Dataset, claim_text: str) -> Verdict:
    """`supported` when a commitment of the claim's province, indicator, year and kind states its
    figure; `contradicted` when the best-matching indicator states another figure for that year;
    `unreadable claim` when a part of the claim is there but cannot be read (an unknown province,
    a figure no rule reads); `not found` otherwise, with what the dataset holds for the indicator.
    A claim without a province, a year or a figure is never `supported`: it is `not found`, with
    the dataset's figures for what it does state."""
    claim = read_claim(claim_text, dataset)
    if claim.unreadable:
        return Verdict(UNREADABLE, claim, note="; ".join(claim.unreadable))
    related = candidates(dataset, claim)
    found = related[related["kind"] == claim.kind] if claim.kind else related
    if claim.year is not None:
        found = found[found["year"] == claim.year]
    if missing := claim.missing():
        return incomplete(claim, missing, found, related)
    agree = agreeing(found, claim)
    if len(agree):
        return Verdict("supported", claim, shown(agree))
    rows = comparable(found, claim)
    if len(rows):
        best = rows[rows["score"] == rows["score"].max()]
        return Verdict("contradicted", claim, shown(best),
                       f"the claim says {figure(claim.value, claim.comparator, claim.unit)}; the dataset says otherwise")
    elsewhere = agreeing(related, claim)
    if len(elsewhere):
        return Verdict("not found", claim, shown(elsewhere),
                       "the dataset states this figure only for another year or kind (target vs result)")
    return Verdict("not found", claim, shown(related), "no commitment states this figure for this indicator")


def incomplete(claim: Claim, missing: list[str], found: pd.DataFrame, related: pd.DataFrame) -> Verdict:
    """`not found` for a claim lacking a REQUIRED part: the rows that agree with what it does state
    (else the indicator's rows) are shown, since nothing it omits can be checked."""
    rows = agreeing(found, claim) if claim.value is not None else found
    rows = rows if len(rows) else related
    lacks = " or ".join(missing)
    return Verdict("not found", claim, shown(rows),
                   f"the claim states no {lacks}, so it cannot be checked: the dataset's figures for it are shown")


def shown(df: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """The evidence columns of the first `limit` rows."""
    return df.loc[:, [c for c in EVIDENCE if c in df.columns]].head(limit).reset_index(drop=True)


