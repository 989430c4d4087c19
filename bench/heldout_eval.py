"""Held-out evaluation: score dxextract on hand-annotated baomoi 2017 articles it was never tuned on.

The gold records live in bench/heldout/gold/baomoi_<id>.jsonl (no article text in the repo). This
script materializes those articles from the shared baomoi gzip into a temporary folder as
`baomoi_<id>.txt`, assembled the way `dxextract.readers.iter_jsonl` assembles a row (title line
prepended when the text does not already start with it), runs the official scorer over them, and
then lists, per article, what the library missed or added, type by type, so rule owners can see
which general rule fails.

    python bench/heldout_eval.py [--data PATH] [--keep DIR] [--quiet]
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from paths import SHARED, BAOMOI  # noqa: E402 - bench/ scripts run as files

HERE = Path(__file__).resolve().parent
GOLD = HERE / "heldout" / "gold"
SCORER = SHARED / "eval" / "score.py"
PREFIX = "baomoi_"


def assemble(row: dict) -> str:
    """Article text as iter_jsonl builds it: the title line first unless the text starts with it."""
    text, title = row["text"], row.get("title")
    if title and not text.lstrip().startswith(title.strip()):
        text = f"{title}\n{text}"
    return text


def materialize(ids: set[str], data: Path, folder: Path) -> set[str]:
    """Write `<prefix><id>.txt` for every wanted row of the gzip; return the ids found."""
    found = set()
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            rid = str(row.get("id"))
            if rid in ids:
                (folder / f"{PREFIX}{rid}.txt").write_text(assemble(row), encoding="utf-8")
                found.add(rid)
                if found == ids:
                    break
    return found


def extract_command() -> str:
    return f"{sys.executable} -m dxextract extract --format jsonl"


def run_scorer(folder: Path, quiet: bool) -> None:
    """The official scorer, unchanged, over the materialized folder."""
    cmd = [sys.executable, str(SCORER), "--gold", str(GOLD), "--corpus", str(folder), "--command", extract_command()]
    if quiet:
        cmd.append("--quiet")
    subprocess.run(cmd, check=True)


def predictions(folder: Path) -> dict[str, list[dict]]:
    """Library records per article stem (one more extraction run, for the miss listing)."""
    files = sorted(str(p) for p in folder.glob("*.txt"))
    proc = subprocess.run(extract_command().split() + files, capture_output=True, text=True)
    out: dict[str, list[dict]] = collections.defaultdict(list)
    for line in proc.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            out[Path(r["source"]).stem].append(r)
    silent = sorted(Path(f).stem for f in files if Path(f).stem not in out)
    if proc.returncode or silent:  # a half-edited extractor shows up as articles with no records
        print(f"warning: extract exited {proc.returncode}; no records for {silent}\n{proc.stderr.strip()[-1500:]}")
    return out


def _key(r: dict) -> tuple:
    """What the scorer matches on, per record type."""
    t = r.get("type")
    if t == "date":
        return (str(r.get("value")), str(r.get("end_value")))
    if t == "number":
        v = r.get("value")
        return (None if v is None else round(float(v), 6), (r.get("unit") or "").lower())
    if t == "legal_ref":
        return ("".join(str(r.get("ref") or "").split()).upper(),)
    return ()


def _commitment(r: dict) -> str:
    fields = ("kind", "province", "value", "unit", "deadline", "as_of")
    head = " ".join(f"{k}={r.get(k)}" for k in fields if r.get(k) is not None)
    return f"{head} indicator={r.get('indicator')!r}" if "indicator" in r else f"{head} keys={r.get('keys')}"


def report_misses(preds: dict[str, list[dict]]) -> None:
    """Per article and type: gold not produced (with its quote) and produced but not in gold (with its text).

    Commitments are paired greedily here (required gold first), so the listing can differ from the
    scorer's maximum matching in rare ties; the totals above are the scorer's.
    """
    sys.path.insert(0, str(SCORER.parent))
    from score import commitment_match  # the scorer's own matching rule

    for gold_file in sorted(GOLD.glob("*.jsonl")):
        gold = [json.loads(x) for x in gold_file.read_text(encoding="utf-8").splitlines() if x.strip()]
        pred = preds.get(gold_file.stem, [])
        lines = []
        for t in ("legal_ref", "date", "number"):
            g = [r for r in gold if r["type"] == t]
            p = [r for r in pred if r["type"] == t]
            if t == "legal_ref":  # unique refs, like the scorer
                g = list({_key(r): r for r in g}.values())
                p = list({_key(r): r for r in p}.values())
            left = collections.Counter(_key(r) for r in p)
            for r in g:
                if left[_key(r)] > 0:
                    left[_key(r)] -= 1
                else:
                    lines.append(f"  MISS {t:<9} {_key(r)}  «{r.get('quote')}»")
            extra = collections.Counter(_key(r) for r in p) - collections.Counter(_key(r) for r in g)
            shown = collections.Counter()
            for r in p:
                if shown[_key(r)] < extra[_key(r)]:
                    shown[_key(r)] += 1
                    lines.append(f"  EXTRA {t:<8} {_key(r)}  «{r.get('text')}»")
        gc = [r for r in gold if r["type"] == "commitment"]
        pc = [r for r in pred if r["type"] == "commitment"]
        used: set[int] = set()
        for g in sorted(gc, key=lambda r: bool(r.get("optional"))):
            hit = next((i for i, p in enumerate(pc) if i not in used and commitment_match(g, p, True)), None)
            if hit is None:
                loose = next((i for i, p in enumerate(pc) if i not in used and commitment_match(g, p, False)), None)
                if loose is not None and not g.get("optional"):
                    used.add(loose)
                    lines.append(f"  KEYS commitment {_commitment(g)} got indicator={pc[loose].get('indicator')!r}")
                elif not g.get("optional"):
                    lines.append(f"  MISS commitment {_commitment(g)}  «{g.get('quote')}»")
            else:
                used.add(hit)
        for i, p in enumerate(pc):
            if i not in used:
                lines.append(f"  EXTRA commitment {_commitment(p)}  «{p.get('text')}»")
        if lines:
            print(gold_file.stem)
            print("\n".join(lines))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=BAOMOI)
    ap.add_argument("--keep", type=Path, help="materialize into this folder and keep it (default: a temp folder)")
    ap.add_argument("--quiet", action="store_true", help="scores only, no per-article lines or miss listing")
    a = ap.parse_args()
    ids = {p.stem[len(PREFIX):] for p in GOLD.glob(f"{PREFIX}*.jsonl")}
    with tempfile.TemporaryDirectory(prefix="heldout_") as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        missing = ids - materialize(ids, a.data, folder)
        if missing:
            sys.exit(f"articles not found in {a.data}: {sorted(missing)}")
        run_scorer(folder, a.quiet)
        if not a.quiet:
            print("\n== per-article differences (gold quote / predicted text) ==")
            report_misses(predictions(folder))


if __name__ == "__main__":
    main()
