"""How far two people agree: one gold folder read as the other's predictions, with the official scorer.

The library's scores on unseen pages mean little without the ceiling two annotators reach on the same
pages by the same rules. Give two folders of `<article>.jsonl` gold made independently for the same
texts; each is scored as predictions against the other, once with only its required records and once
with all of them (an extractor reports what an annotator marks optional too). A commitment's
`indicator` is the annotator's own quote with its keys, so key phrases are read leniently.

    python bench/agreement.py ../private_gold/iaa/first ../private_gold/iaa/second
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from paths import SHARED

sys.path.insert(0, str(SHARED / "eval"))
import score  # noqa: E402 - the official scorer, standard library only


def as_predictions(folder: Path, stems: set[str], optional: bool) -> list[dict]:
    """One annotator's records as an extractor's output for the articles both folders hold."""
    out = []
    for stem in sorted(stems):
        for r in score.load_jsonl(folder / f"{stem}.jsonl"):
            if r.get("optional") and not optional:
                continue
            r["source"] = f"{stem}.txt"
            if r["type"] == "commitment":
                r["indicator"] = " ".join([r.get("quote") or "", *(r.get("keys") or [])])
            out.append(r)
    return out


def agreement(gold: Path, other: Path, optional: bool) -> dict:
    """`other` scored against `gold` on the articles both annotated."""
    stems = {f.stem for f in gold.glob("*.jsonl")} & {f.stem for f in other.glob("*.jsonl")}
    with tempfile.TemporaryDirectory() as tmp:
        for stem in stems:
            (Path(tmp) / f"{stem}.jsonl").write_bytes((gold / f"{stem}.jsonl").read_bytes())
        return score.score(Path(tmp), as_predictions(other, stems, optional), verbose=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", type=Path, help="a folder of gold records")
    ap.add_argument("b", type=Path, help="the same articles annotated by someone else")
    args = ap.parse_args()
    for gold, other, label in ((args.a, args.b, "b read against a"), (args.b, args.a, "a read against b")):
        for optional in (False, True):
            s = agreement(gold, other, optional)
            cells = "  ".join(f"{t} {s[t]['f1']:.3f} ({s[t]['tp']}/{s[t]['fp']}/{s[t]['fn']})" for t in score.TYPES)
            print(f"{label}, {'all records' if optional else 'required records'}: {cells}")


if __name__ == "__main__":
    main()
