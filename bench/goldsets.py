"""Gold sets kept beside the benchmarks: records only, texts read from `../shared/data` at run time.

A set is a folder `bench/goldsets/<set>/` of `<source>_<id>.jsonl` gold files (the rules of
`../shared/gold/README.md`), where `<source>` names a JSON Lines corpus of `../shared/data`
(`baomoi` → baomoi-2017, `dantri` → dantri-2019-2021). `materialize` writes each article as
`<stem>.txt`, assembled the way `dxextract.readers.iter_jsonl` assembles a row (title line first
unless the text starts with it), with an `index.csv` sidecar carrying the row's url and
publication date, so `dxextract extract` reads exactly what the annotator read.

    python bench/goldsets.py SET OUT_DIR      # write a set's texts (for annotating or reading)
"""
from __future__ import annotations

import contextlib
import csv
import gzip
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from paths import SHARED

BENCH = Path(__file__).resolve().parent
HERE = BENCH / "goldsets"
CORPORA = {"baomoi": SHARED / "data" / "baomoi-2017.jsonl.gz", "dantri": SHARED / "data" / "dantri-2019-2021.jsonl.gz"}
# name -> gold folder; `dev` is the only set whose texts live in the repository (corpus/).
FROZEN = HERE / "private"  # the private sets' gold without their texts (bench/private_gold.py), no set of its own
SETS = {"dev": SHARED / "gold", **{d.name: d for d in sorted(HERE.iterdir()) if d.is_dir() and d != FROZEN and any(d.glob("*.jsonl"))}}
# Private sets: articles whose text may not be committed (stored news pages), kept beside the
# checkout as `<PRIVATE>/<set>/gold/*.jsonl` + `<set>/texts/*.txt` (with index.csv).
PRIVATE = Path(os.environ.get("DX_PRIVATE_GOLD", BENCH.parents[1] / "private_gold"))
TEXTS = {d.name: d / "texts" for d in sorted(PRIVATE.glob("*")) if (d / "gold").is_dir() and (d / "texts").is_dir()}
SETS.update({name: folder.parent / "gold" for name, folder in TEXTS.items()})


def assemble(row: dict) -> str:
    """Article text as iter_jsonl builds it: the title line first unless the text starts with it."""
    text, title = row["text"], row.get("title")
    if title and not text.lstrip().startswith(title.strip()):
        text = f"{title}\n{text}"
    return text


def stems(name: str) -> list[str]:
    """The article stems of a gold set (one gold file each)."""
    return sorted(p.stem for p in SETS[name].glob("*.jsonl"))


@contextlib.contextmanager
def corpus_of(name: str) -> Iterator[tuple[Path, Path]]:
    """(gold folder, folder of the texts it annotates), materialized for the span of the block."""
    if name == "dev" or name in TEXTS:
        yield SETS[name], TEXTS.get(name, BENCH.parent / "corpus")
        return
    with tempfile.TemporaryDirectory(prefix=f"gold_{name}_") as tmp:
        materialize(stems(name), Path(tmp))
        yield SETS[name], Path(tmp)


def materialize(wanted: list[str], folder: Path) -> None:
    """Write `<stem>.txt` and `index.csv` for every wanted `<source>_<id>` stem."""
    by_source: dict[str, set[str]] = {}
    for stem in wanted:
        source, _, rid = stem.partition("_")
        if source not in CORPORA:
            raise SystemExit(f"{stem}: unknown source {source!r} (known: {sorted(CORPORA)})")
        by_source.setdefault(source, set()).add(rid)
    index = []
    for source, ids in sorted(by_source.items()):
        found = set()
        with gzip.open(CORPORA[source], "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                rid = str(row.get("id"))
                if rid in ids and rid not in found:
                    name = f"{source}_{rid}.txt"
                    (folder / name).write_text(assemble(row), encoding="utf-8")
                    index.append({"file": name, "url": row.get("url") or "", "outlet": "",
                                  "published": row.get("published") or "", "province": ""})
                    found.add(rid)
                    if found == ids:
                        break
        if ids - found:
            raise SystemExit(f"not found in {CORPORA[source].name}: {sorted(ids - found)}")
    with (folder / "index.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "url", "outlet", "published", "province"])
        w.writeheader()
        w.writerows(sorted(index, key=lambda r: r["file"]))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    materialize(stems(sys.argv[1]) if len(sys.argv) == 3 else sys.argv[3:], out)
