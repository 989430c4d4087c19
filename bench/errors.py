"""Errors on a gold set grouped by class, so a rule change is judged across articles, not by one sentence.

For each record type the gold records the library did not produce and the records it produced
that no gold holds are paired where they can be and named by the first field that differs:

    number      not detected · unit · spurious
    date        not detected · spurious (a wrong value shows as one of each)
    legal_ref   not detected · spurious
    commitment  not detected · kind · unit · value · province · deadline · indicator keys · spurious

Each line carries the article, the gold quote or the predicted sentence, so the class can be read
off the text. Commitments are matched with the official scorer's own rule (required gold first).

    python bench/errors.py blind1 [--rev REV] [--type commitment] [--class spurious] [--counts]
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

from gold_eval import checkout, run_set
from goldsets import SETS
from paths import SHARED

sys.path.insert(0, str(SHARED / "eval"))
from score import commitment_match, number_key, province_key, ref_key, same_value  # noqa: E402 - the scorer's rules

COMMITMENT_FIELDS = ("kind", "unit", "value", "province", "deadline")


def _key(r: dict) -> tuple:
    t = r["type"]
    if t == "number":
        return number_key(r)
    if t == "date":
        return (str(r.get("value")), str(r.get("end_value")))
    return (ref_key(r.get("ref")),)


def _differs(g: dict, p: dict) -> str | None:
    """The first scored field where prediction `p` departs from gold commitment `g`, or None."""
    tests = {
        "kind": lambda: (p.get("kind") or "") == g.get("kind"),
        "unit": lambda: (p.get("unit") or "").lower() == (g.get("unit") or "").lower(),
        "value": lambda: same_value(p.get("value"), g.get("value"))
        and (g.get("value_max") is None or same_value(p.get("value_max"), g.get("value_max"))),
        "province": lambda: province_key(p.get("province")) == province_key(g.get("province")),
        "deadline": lambda: g.get("kind") != "target" or not g.get("deadline")
        or str(p.get("deadline") or "")[:4] == str(g["deadline"])[:4],
    }
    return next((f for f in COMMITMENT_FIELDS if not tests[f]()), None)


def _show(r: dict) -> str:
    fields = ("kind", "province", "value", "value_max", "unit", "deadline", "as_of")
    head = " ".join(f"{k}={r.get(k)}" for k in fields if r.get(k) is not None)
    what = f"indicator={r.get('indicator')!r}" if "indicator" in r else f"keys={r.get('keys')}"
    return f"{head} {what}"


def commitment_errors(gold: list[dict], pred: list[dict]) -> list[tuple[str, str]]:
    """(class, line) for every commitment the scorer would count wrong in one article."""
    out: list[tuple[str, str]] = []
    used: set[int] = set()
    ordered = sorted(gold, key=lambda r: bool(r.get("optional")))
    missed = []
    for g in ordered:
        hit = next((i for i, p in enumerate(pred) if i not in used and commitment_match(g, p, True)), None)
        if hit is not None:
            used.add(hit)
        elif not g.get("optional"):
            missed.append(g)
    for g in missed:  # near misses: the same figure produced with one field wrong
        near = [(i, _differs(g, p)) for i, p in enumerate(pred) if i not in used
                and same_value(p.get("value"), g.get("value"))]
        near = [(i, d or "indicator keys") for i, d in near]
        if near:
            i, cls = min(near, key=lambda x: COMMITMENT_FIELDS.index(x[1]) if x[1] in COMMITMENT_FIELDS else 9)
            used.add(i)
            out.append((cls, f"{_show(g)}  «{g.get('quote')}»\n        got {_show(pred[i])}"))
        else:
            out.append(("not detected", f"{_show(g)}  «{g.get('quote')}»"))
    for i, p in enumerate(pred):
        if i not in used:
            out.append(("spurious", f"{_show(p)}  «{p.get('sentence', p.get('text'))}»"))
    return out


def simple_errors(t: str, gold: list[dict], pred: list[dict]) -> list[tuple[str, str]]:
    """(class, line) for numbers, dates and legal references (multisets of the scorer's keys)."""
    if t == "legal_ref":
        gold, pred = list({_key(r): r for r in gold}.values()), list({_key(r): r for r in pred}.values())
    left = collections.Counter(_key(r) for r in pred)
    missed = []
    for g in gold:
        if left[_key(g)] > 0:
            left[_key(g)] -= 1
        else:
            missed.append(g)
    extra = [p for p in pred if left[_key(p)] > 0 and not left.subtract({_key(p): 1})]
    out = []
    for g in missed:
        twin = next((p for p in extra if t == "number" and same_value(p.get("value"), g.get("value"))), None)
        if twin is not None:
            extra.remove(twin)
            out.append(("unit", f"{_key(g)} got {twin.get('unit')}  «{g.get('quote')}»"))
        else:
            out.append(("not detected", f"{_key(g)}  «{g.get('quote')}»"))
    out += [("spurious", f"{_key(p)} {p.get('text')!r}  «{p.get('sentence', '')[:160]}»") for p in extra]
    return out


def errors(name: str, preds: list[dict]) -> list[tuple[str, str, str, str]]:
    """(type, class, article, line) for every error of a gold set."""
    by_article: dict[str, list[dict]] = collections.defaultdict(list)
    for p in preds:
        by_article[Path(p["source"]).stem].append(p)
    out = []
    for gold_file in sorted(SETS[name].glob("*.jsonl")):
        gold = [json.loads(x) for x in gold_file.read_text(encoding="utf-8").splitlines() if x.strip()]
        pred = by_article.get(gold_file.stem, [])
        for t in ("legal_ref", "date", "number", "commitment"):
            g = [r for r in gold if r["type"] == t]
            p = [r for r in pred if r["type"] == t]
            found = commitment_errors(g, p) if t == "commitment" else simple_errors(t, g, p)
            out += [(t, cls, gold_file.stem, line) for cls, line in found]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+", help=f"gold sets, of {list(SETS)}")
    ap.add_argument("--rev", help="the extractor of this git revision instead of the checkout")
    ap.add_argument("--type", help="only this record type")
    ap.add_argument("--class", dest="cls", help="only this error class")
    ap.add_argument("--counts", action="store_true", help="class counts only")
    a = ap.parse_args()
    rows = []
    with checkout(a.rev) as tree:
        for name in a.sets:
            rows += [(name, *row) for row in errors(name, run_set(name, tree)[1])]
    rows = [r for r in rows if (not a.type or r[1] == a.type) and (not a.cls or r[2] == a.cls)]
    counts = collections.Counter((r[1], r[2]) for r in rows)
    for (t, cls), n in sorted(counts.items()):
        print(f"{t:<11} {cls:<15} {n:4d}  in {len({r[3] for r in rows if r[1] == t and r[2] == cls})} articles")
    if not a.counts:
        for name, t, cls, stem, line in sorted(rows, key=lambda r: (r[1], r[2], r[3])):
            print(f"[{t} · {cls}] {name}/{stem}: {line}")


if __name__ == "__main__":
    main()
