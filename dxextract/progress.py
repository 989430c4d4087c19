"""Tracking a province's targets against its results: `dxextract progress` and `progress(ds, p)`.

A read of the dataset only: no extractor runs, so this loads as fast as `dx.load`.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from .dataset_view import Dataset, present, source_of
from .matching import MATCH, IndicatorMatcher, resolve_province
from .schema import year_of


STATUS_ORDER = ("met", "on track", "behind", "not yet met", "no deadline", "result predates target", "no result")


def period_end(iso: object) -> date | None:
    """The last day of an ISO period (`2025` -> 2025-12-31, `2024-Q3` -> 2024-09-30)."""
    if not isinstance(iso, str) or year_of(iso) is None:
        return None
    y, rest = int(iso[:4]), iso[5:]
    try:
        if not rest:
            return date(y, 12, 31)
        if rest.startswith("Q"):
            month = 3 * int(rest[1:2])
        elif len(rest) == 2:
            month = int(rest)
        else:
            return date.fromisoformat(iso[:10])
        return (pd.Timestamp(y, month, 1) + pd.offsets.MonthEnd(0)).date()
    except ValueError:
        return None


def with_dates(dataset: Dataset, df: pd.DataFrame) -> pd.DataFrame:
    """`df` with `published` (its article's date) and `reported` (as-of date, else published)."""
    arts = dataset.articles
    if "published" in arts.columns and "article_id" in arts.columns:
        published = df["article_id"].map(arts.drop_duplicates("article_id").set_index("article_id")["published"])
    else:
        published = pd.Series(None, index=df.index, dtype=object)
    published = published.map(lambda v: str(v)[:10] if present(v) else None)
    reported = df["as_of"].where(df["as_of"].notna(), published)
    return df.assign(published=published, reported=reported)


def lower_is_better(comparator: str | None) -> bool:
    return comparator in ("<", "<=")


def reached(actual: float, target: float, comparator: str | None) -> bool:
    """The actual satisfies the target: at least it (`>`: above it), or at most it for `<`, `<=`."""
    if lower_is_better(comparator):
        return actual < target if comparator == "<" else actual <= target
    return actual > target if comparator == ">" else actual >= target


def assess(target: dict, actual: dict | None) -> tuple[str, str]:
    """(status, why) of a target given its latest result.

    Not yet met: `behind` once the deadline has passed; before it, `on track` when the share of
    the target reached is at least the share of the time elapsed since the target was published
    (a straight path from zero), `behind` otherwise. A result dated before the target's article
    is where the target started, not progress towards it; a target with no deadline, no known
    publication date or a ceiling (`<=`) has no such path, and says so.
    """
    if actual is None:
        return "no result", "no result reported for this indicator, level and unit"
    deadline, when = period_end(target.get("deadline")), period_end(actual.get("reported"))
    start = period_end(target.get("published"))
    if when and start and when < start:
        return "result predates target", (f"the latest result ({actual.get('reported')}) is dated before the "
                                          f"target's article ({target.get('published')}): a starting point, not progress")
    if reached(actual["value"], target["value"], target.get("comparator")):
        return "met", "the latest result reaches the target"
    if not deadline:
        return "no deadline", "the target states no deadline, so progress cannot be judged against time"
    if when and when >= deadline:
        return "behind", "the deadline has passed without the target being reached"
    if not (when and start) or deadline <= start or lower_is_better(target.get("comparator")):
        return "not yet met", "not reached; no path from the target's date to its deadline to compare with"
    elapsed = (when - start).days / (deadline - start).days
    share = actual["value"] / target["value"] if target["value"] else 1.0
    why = f"{share:.0%} of the target reached with {elapsed:.0%} of the time to its deadline gone"
    return ("on track" if share >= elapsed else "behind"), why


def latest_result(target: dict, actuals: pd.DataFrame, matcher: IndicatorMatcher) -> dict | None:
    """The most recent actual for the target's indicator, level and unit."""
    level = target["level"] if present(target.get("level")) else ""
    same = actuals[(actuals["unit"] == target["unit"]) & (actuals["level"].fillna("") == level)]
    same = same[same["indicator"].map(lambda ind: matcher.score(ind, target["indicator"]) >= MATCH)]
    if same.empty:
        return None
    return same.sort_values("reported", na_position="first", kind="stable").iloc[-1].to_dict()


PROGRESS_COLUMNS = ("province", "indicator", "level", "unit", "target_comparator", "target", "deadline", "result",
                    "result_date", "status", "why", "target_date", "target_sentence", "target_source",
                    "result_sentence", "result_source")


def progress(dataset: Dataset, province: str) -> pd.DataFrame:
    """For each target of `province`: its latest reported result, that result's date and status.

    ProvinceError when `province` does not name exactly one province (see `resolve_province`)."""
    name = resolve_province(dataset, province)
    df = with_dates(dataset, dataset.commitments[dataset.commitments["province"] == name])
    df = df[df["value"].notna() & df["indicator"].notna()]
    targets = df[df["kind"] == "target"].drop_duplicates(["indicator", "level", "unit", "value", "deadline"])
    actuals = df[df["kind"] == "actual"]
    matcher = IndicatorMatcher(dataset.commitments["indicator"])
    rows = []
    for t in targets.to_dict("records"):
        a = latest_result(t, actuals, matcher)
        state, why = assess(t, a)
        rows.append({
            "province": name, "indicator": t["indicator"], "level": t["level"], "unit": t["unit"],
            "target_comparator": t["comparator"], "target": t["value"], "deadline": t["deadline"],
            "result": a["value"] if a else None, "result_date": a["reported"] if a else None,
            "status": state, "why": why, "target_date": t["published"],
            "target_sentence": t["sentence"], "target_source": source_of(t),
            "result_sentence": a["sentence"] if a else None,
            "result_source": source_of(a) if a else None,
        })
    out = pd.DataFrame(rows, columns=list(PROGRESS_COLUMNS))
    return out.sort_values("status", key=lambda s: s.map(STATUS_ORDER.index), kind="stable").reset_index(drop=True)
