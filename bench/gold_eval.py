"""Score dxextract on every gold set, with the official scorer, and keep the predictions for errors.py.

Sets (bench/goldsets.py): `dev` is ../shared/gold over corpus/; the others are folders of
bench/goldsets/ whose texts are materialized from ../shared/data at run time. `--rev` runs the
extractor of another git revision (checked out into a temporary worktree), which is how a new
set's first-run score is taken: the revision before any rule saw the set.

    python bench/gold_eval.py                       # every set, this checkout
    python bench/gold_eval.py blind1 --rev ab8ae35  # one set, the extractor as it was at ab8ae35
    python bench/gold_eval.py --json                # one JSON line per set: {set, type: [p, r, f1, tp, fp, fn]}
    python bench/gold_eval.py blind2 blind4 --pooled  # and the sets pooled (counts summed), as README reports them
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from goldsets import SETS, corpus_of
from paths import SHARED

ROOT = Path(__file__).resolve().parents[1]
SCORER = SHARED / "eval" / "score.py"


@contextlib.contextmanager
def checkout(rev: str | None) -> Iterator[Path]:
    """The source tree whose extractor runs: this checkout, or `rev` in a throwaway worktree."""
    if not rev:
        yield ROOT
        return
    with tempfile.TemporaryDirectory(prefix="gold_rev_") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), rev], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def extract(tree: Path, corpus: Path) -> list[dict]:
    """Every record `dxextract extract --format jsonl` gives for the corpus folder, run from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    files = sorted(str(p) for p in corpus.iterdir() if p.suffix == ".txt")
    proc = subprocess.run([sys.executable, "-m", "dxextract", "extract", "--format", "jsonl", *files],
                          capture_output=True, text=True, env=env, cwd=tree)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extract failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def score(gold: Path, preds: list[dict]) -> dict:
    """The official scorer's summary over saved predictions: {type: [p, r, f1, tp, fp, fn]}."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in preds)
    try:
        proc = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", f.name, "--quiet", "--json"],
                              capture_output=True, text=True, check=True)
    finally:
        os.unlink(f.name)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_set(name: str, tree: Path) -> tuple[dict, list[dict]]:
    """(scores, predictions) of one gold set with the extractor of `tree`."""
    with corpus_of(name) as (gold, corpus):
        preds = extract(tree, corpus)
        return score(gold, preds), preds


def show(name: str, summary: dict) -> None:
    print(f"== {name}")
    print(f"{'type':<13} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn")
    for t, row in summary.items():
        if isinstance(row, dict):
            print(f"{t:<13} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}   {row['tp']}/{row['fp']}/{row['fn']}")


def pooled(summaries: list[dict]) -> dict:
    """Several sets as one: true and false positives and negatives summed per type, then P, R, F1."""
    out: dict = {}
    for t in (t for t, row in summaries[0].items() if isinstance(row, dict)):
        tp, fp, fn = (sum(s[t][k] for s in summaries) for k in ("tp", "fp", "fn"))
        p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        out[t] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
                  "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", default=list(SETS), help=f"gold sets (default: all of {list(SETS)})")
    ap.add_argument("--rev", help="score the extractor of this git revision instead of the checkout")
    ap.add_argument("--json", action="store_true", help="one JSON line per set")
    ap.add_argument("--pooled", action="store_true", help="also the sets pooled into one")
    a = ap.parse_args()
    summaries = []
    with checkout(a.rev) as tree:
        for name in a.sets:
            summary, _ = run_set(name, tree)
            summaries.append(summary)
            report(name, a.rev, summary, a.json)
    if a.pooled and summaries:
        report("+".join(a.sets), a.rev, pooled(summaries), a.json)


def report(name: str, rev: str | None, summary: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"set": name, "rev": rev, **summary}, ensure_ascii=False))
    else:
        show(name, summary)


if __name__ == "__main__":
    main()
