"""Where a 1-job build's CPU goes, phase by phase: the whole `dxextract build` of the first N baomoi
articles in this process (a fresh cache and dataset folder), each phase's CPU seconds counted once
(a phase called inside another is taken out of it), and what no phase holds as `other` (planning,
row hashing, cache lookups, the build's bookkeeping).

    python bench/profile_build.py [--limit 2000]

`bench/profile_stages.py` splits the extraction phase by stage; this splits the rest of the build,
which a stage table does not see (reading rows, packing results, the cache, Parquet, SQLite, the
search index). Timing costs ~1 µs per wrapped call (some 10,000 calls on 2,000 articles): the
phases are read as shares, without py-spy or cProfile (which slows Python code, not C, ~2x).
"""
from __future__ import annotations

import argparse
import functools
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_build import write_sample  # noqa: E402 - bench/ scripts run as files
from paths import BAOMOI  # noqa: E402


def phases() -> dict[str, tuple[object, str]]:
    """Phase name -> (the object holding the function, its attribute), each patched where its
    callers look it up."""
    from dxextract import cache, dataset_files, pipeline, text, work, writers

    return {
        "read rows (JSON, furniture, normalize)": (work, "row_article"),
        "extract (the stages)": (pipeline, "run_guarded"),
        "load underthesea models": (text, "_load"),
        "pack results (records to payload, zstd)": (work, "pack"),
        "save to the cache": (cache.Store, "save"),
        "part rows from the cache": (dataset_files, "part_rows"),
        "encode Parquet and CSV": (writers.TableFormat, "encode"),
        "SQLite part files": (dataset_files, "sqlite_part"),
        "copy parts into SQLite": (dataset_files.DatasetWriter, "to_sqlite"),
        "search index (FTS5)": (dataset_files.DatasetWriter, "_index_part"),
        "close (CSV joined, indexes, manifest)": (dataset_files.DatasetWriter, "close"),
    }


class Clock:
    """Exclusive CPU per phase: entering a phase pauses the one it was called from."""

    def __init__(self) -> None:
        self.spent: Counter = Counter()
        self.stack: list[str] = []
        self.mark = time.process_time()

    def _switch(self) -> None:
        now = time.process_time()
        self.spent[self.stack[-1] if self.stack else "other"] += now - self.mark
        self.mark = now

    def timed(self, name: str, f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            self._switch()
            self.stack.append(name)
            try:
                return f(*args, **kwargs)
            finally:
                self._switch()
                self.stack.pop()
        return wrapper


def profile(corpus: Path, out: Path) -> tuple[float, Counter]:
    """The build's CPU seconds and the exclusive seconds of each phase."""
    from dxextract.dataset import build

    clock = Clock()
    for name, (owner, attr) in phases().items():
        setattr(owner, attr, clock.timed(name, getattr(owner, attr)))
    started = clock.mark = time.process_time()
    build(str(corpus), str(out), jobs=1, progress=False)
    clock._switch()
    return time.process_time() - started, clock.spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "baomoi.jsonl"
        n, mb = write_sample(BAOMOI, args.limit, corpus)
        total, spent = profile(corpus, Path(tmp) / "ds")
    print(json.dumps({"articles": n, "MB": round(mb, 2), "build_cpu_s": round(total, 2)}))
    print("| phase | CPU s | share |\n|---|---|---|")
    for name, s in spent.most_common():
        print(f"| {name} | {s:.2f} | {100 * s / total:.0f}% |")


if __name__ == "__main__":
    main()
