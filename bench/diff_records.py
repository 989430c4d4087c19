"""Same records before and after a refactoring: dump the records of the first N baomoi articles
for two git revisions and diff them.

Each revision is checked out in a temporary detached worktree (`git worktree add --detach`) and
read by a child process with that worktree first on `PYTHONPATH`, so its own code and patterns
extract the records. `--gold` adds the texts of every gold set (bench/goldsets.py; `dev` is the
bundled corpus/), copied once so both revisions read the same files. Records are compared as sorted-key JSON lines in text order; only the keys
named by `--ignore` (default: `rule`, the field this round adds) are left out of the comparison.

    python bench/diff_records.py main rooms [--limit 2000] [--jobs 2] [--gold] [--keep DIR]
    python bench/diff_records.py main WORKTREE      # a folder: its working tree as it is, uncommitted edits included

With `--keep DIR`, a commit's dump is kept there under the commit and a hash of the inputs and
reused by the next run on the same inputs: a speed change diffed after each commit against one
base dumps the base once, not every time. A folder (a working tree) is always dumped again.

Exit code 0 when both revisions give the same records, 1 when they differ (the first
differences are printed).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from gold_eval import ROOT, checkout  # noqa: E402 - bench/ scripts run as files
from paths import BAOMOI  # noqa: E402

ROW_FILE = "baomoi.jsonl"  # the name every dump gives the sample, so `source` fields agree


def tree_of(rev: str) -> AbstractContextManager[Path]:
    """A folder holding `rev`: the folder itself when `rev` is one, else a temporary detached
    worktree (gold_eval's), removed afterwards."""
    return nullcontext(Path(rev).resolve()) if Path(rev).is_dir() else checkout(rev)


def sample(limit: int, folder: Path) -> Path:
    """The first `limit` rows of the baomoi file, as a JSON Lines file in `folder`."""
    path = folder / ROW_FILE
    with gzip.open(BAOMOI, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, limit))
    return path


def gold_texts(folder: Path) -> list[Path]:
    """The texts of every gold set, each copied to `folder/gold/<set>` (a copy a kept folder holds
    from an earlier run is replaced, so a set's removed files do not linger)."""
    from goldsets import SETS, corpus_of

    copies = []
    for name in SETS:
        with corpus_of(name) as (_, texts):
            shutil.rmtree(folder / "gold" / name, ignore_errors=True)
            copies.append(Path(shutil.copytree(texts, folder / "gold" / name)))
    return copies


def inputs_hash(rows: Path, extra: list[Path]) -> str:
    """A hash of every text the dumps read (the sample and the gold sets' files, by path and bytes)."""
    h = hashlib.sha256()
    for f in sorted([rows, *(f for folder in extra for f in folder.rglob("*") if f.is_file())]):
        h.update(f"{f.relative_to(rows.parent)}\0".encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def kept_dump(rev: str, folder: Path, inputs: str) -> Path | None:
    """Where a commit's dump on these inputs is kept; None for a folder, whose edits a name
    cannot tell apart."""
    if Path(rev).is_dir():
        return None
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", f"{rev}^{{commit}}"], capture_output=True, text=True, check=True)
    return folder / f"records-{commit.stdout.strip()[:12]}-{inputs}.jsonl"


def dump(rev: str, rows: Path, out: Path, jobs: int, extra: list[Path]) -> None:
    """The records of `rows` (and of the files in the `extra` folders) as `rev` extracts them,
    written to `out` by a child process."""
    with tree_of(rev) as tree:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        cmd = [sys.executable, __file__, "--child", str(tree), str(rows), str(out), str(jobs), *map(str, extra)]
        subprocess.run(cmd, env=env, check=True)


def _records(article: object) -> list[str]:
    from dxextract.pipeline import run
    from dxextract.readers import Failure

    if isinstance(article, Failure):
        return [json.dumps({"failure": article.where, "reason": article.reason}, ensure_ascii=False)]
    return [json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in run(article)]


def child(tree: Path, rows: Path, out: Path, jobs: int, extra: list[Path]) -> None:
    """In the child: check the revision's package is the one imported, then extract."""
    import dxextract
    from dxextract.readers import iter_articles, iter_jsonl

    if not Path(dxextract.__file__).resolve().is_relative_to(tree):
        sys.exit(f"imported {dxextract.__file__}, not the revision in {tree}")
    articles = itertools.chain(iter_jsonl(rows, ROW_FILE), iter_articles(extra))
    with out.open("w", encoding="utf-8") as f, mp.get_context("fork").Pool(jobs) as pool:
        for lines in pool.imap(_records, articles, chunksize=8):
            f.writelines(line + "\n" for line in lines)


def without(line: str, ignore: set[str]) -> str:
    record = json.loads(line)
    return json.dumps({k: v for k, v in record.items() if k not in ignore}, ensure_ascii=False, sort_keys=True)


def differences(a: Path, b: Path, ignore: set[str]) -> list[tuple[int, str, str]]:
    """(line number, line of a, line of b) wherever the two dumps differ, keys in `ignore` aside."""
    with a.open(encoding="utf-8") as fa, b.open(encoding="utf-8") as fb:
        pairs = itertools.zip_longest(fa, fb, fillvalue="{}")
        return [(n, x, y) for n, (x, y) in enumerate(pairs, 1) if without(x, ignore) != without(y, ignore)]


def changed(a: Path, b: Path, ignore: set[str]) -> tuple[list[str], list[str]]:
    """(records only in a, records only in b), as multisets: one record gained or lost shifts every
    line after it, so the line count above says where the dumps part, these what changed."""
    def records(path: Path) -> collections.Counter:
        with path.open(encoding="utf-8") as f:
            return collections.Counter(without(line, ignore) for line in f)
    old, new = records(a), records(b)
    return sorted((old - new).elements()), sorted((new - old).elements())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--limit", type=int, default=2000)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--ignore", nargs="*", default=["rule"])
    p.add_argument("--gold", action="store_true", help="add the texts of every gold set")
    p.add_argument("--keep", type=Path, help="keep the dumps in this folder")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dx-diff-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = sample(args.limit, folder)
        extra = gold_texts(folder) if args.gold else []
        inputs = inputs_hash(rows, extra)
        dumps = []
        for i, rev in enumerate((args.old, args.new), 1):
            kept = kept_dump(rev, folder, inputs) if args.keep else None
            out = kept or folder / f"records-{i}.jsonl"
            if kept is not None and kept.exists():
                print(f"{rev}: reusing {kept}")
            else:  # written whole or not at all: an interrupted dump is never reused
                partial = out.with_suffix(".part")
                dump(rev, rows, partial, args.jobs, extra)
                partial.replace(out)
            dumps.append(out)
        found = differences(*dumps, set(args.ignore))
        total = sum(1 for _ in dumps[0].open(encoding="utf-8"))
        texts = f" and {len(extra)} gold sets" if extra else ""
        lost, gained = changed(*dumps, set(args.ignore))
        print(f"{args.old} vs {args.new}: {args.limit} articles{texts}, {total} records, {len(found)} lines differ"
              f" ({len(lost)} records only before, {len(gained)} only after)")
        for x in lost[:10]:
            print(f"  - {x.strip()}")
        for y in gained[:10]:
            print(f"  + {y.strip()}")
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        tree, rows, out = (Path(a) for a in sys.argv[2:5])
        child(tree, rows, out, int(sys.argv[5]), [Path(a) for a in sys.argv[6:]])
    else:
        sys.exit(main())
