"""Dates: dxextract against dateparser's `search_dates(text, languages=['vi'])`, on the same text.

For each article of the gold corpus (../shared/gold, ../shared/corpus), both read the article's
text (as `dx.read` gives it) in one run; each found date is matched against the gold dates:
ours by (value, end_value) as the scorer does, dateparser's leniently (its datetime counts when it
begins with a gold value at that value's precision: 2025-11-23 matches gold `2025`). Prints
precision, recall and seconds for each and the ratios. dateparser reads `89,29%` as 1989-07-29
and `40%` as 2040, which is what its precision shows.

Usage: python bench/bench_dates.py [--gold DIR] [--corpus DIR] [--repeat N]
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import time
import warnings

import dxextract as dx
from dxextract.extractors import dates

from paths import SHARED  # noqa: E402 - bench/ scripts run as files


def gold_dates(path: pathlib.Path) -> list[tuple[str, str | None]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["value"], r.get("end_value")) for r in rows if r.get("type") == "date"]


def match(pred: list, gold: list, same) -> int:
    """Greedy one-to-one matches of predictions to gold under `same(pred, gold)`."""
    left = collections.Counter(gold)
    hits = 0
    for p in pred:
        g = next((g for g in left if left[g] and same(p, g)), None)
        if g is not None:
            left[g] -= 1
            hits += 1
    return hits


def ours(text: str, published) -> list[tuple[str, str | None]]:
    return [(r["value"], r["end_value"]) for r in dates.find(text, published)]


def theirs(text: str) -> list[str]:
    from dateparser.search import search_dates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["vi"]) or []
    return [d.date().isoformat() for _, d in found]


def timed(fn, repeat: int):
    start = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    return out, (time.perf_counter() - start) / repeat


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=pathlib.Path, default=SHARED / "gold")
    ap.add_argument("--corpus", type=pathlib.Path, default=SHARED / "corpus")
    ap.add_argument("--repeat", type=int, default=3, help="runs per article for the timing")
    a = ap.parse_args()
    tally = {"dxextract": [0, 0, 0, 0.0], "dateparser": [0, 0, 0, 0.0]}  # hits, predicted, gold, seconds
    chars = 0
    articles = [(dx.read(a.corpus / f"{g.stem}.txt"), gold_dates(g)) for g in sorted(a.gold.glob("*.jsonl"))]
    for art, _ in articles:  # compile rules and load language data outside the timing
        ours(art.text, art.published)
        theirs(art.text)
    for art, gold in articles:
        chars += len(art.text)
        mine, t_mine = timed(lambda: ours(art.text, art.published), a.repeat)
        other, t_other = timed(lambda: theirs(art.text), a.repeat)
        for name, pred, secs, same in (
            ("dxextract", mine, t_mine, lambda p, g: p == g),
            ("dateparser", other, t_other, lambda p, g: p.startswith(g[0])),
        ):
            t = tally[name]
            t[0] += match(pred, gold, same)
            t[1] += len(pred)
            t[2] += len(gold)
            t[3] += secs
    print(f"{'':<11} {'P':>6} {'R':>6} {'found':>6} {'seconds':>9} {'MB/s':>8}")
    for name, (hits, pred, gold, secs) in tally.items():
        p, r = hits / pred if pred else 0.0, hits / gold if gold else 0.0
        print(f"{name:<11} {p:>6.3f} {r:>6.3f} {pred:>6d} {secs:>9.4f} {chars / 1e6 / secs:>8.2f}")
    (h1, p1, _, s1), (h2, p2, _, s2) = tally["dxextract"], tally["dateparser"]
    prec1, prec2 = (h1 / p1 if p1 else 0.0), (h2 / p2 if p2 else 0.0)
    print(f"precision ratio dxextract/dateparser: {prec1 / prec2 if prec2 else float('inf'):.2f}x; "
          f"speed ratio: {s2 / s1 if s1 else float('inf'):.1f}x faster")


if __name__ == "__main__":
    main()
