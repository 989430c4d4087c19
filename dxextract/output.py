"""A build's output folder: safety checks, the tables written from the cache into a temporary
folder beside the output, the data package, and the atomic swap (with the served SQLite file
updated in place, so a running Datasette sees the new data).
"""
from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from . import partitions
from ._version import __version__
from .cache import Cache, alive, versions
from .datasette_metadata import write_metadata
from .rules import patterns_version
from .stop_signals import deferred
from .work import kinds
from .dataset_files import DatasetWriter, write_parts
from .engines import Runner
from .writers import OMITTED, SCHEMA, SQLITE_NAME, STORAGE_VERSION, plan

log = logging.getLogger(__name__)


class BuildError(ValueError):
    """A build that cannot start (exit 2): an output that is not a dataset folder, a malformed
    option, a previous dataset that cannot be put back where it was."""


def default_cache(out: Path) -> Path:
    """`<out>.cache` beside the output: outside it, so the swap never touches the cache."""
    return out.with_name(out.name + ".cache")


def output_path(out: Path) -> Path:
    """Where the dataset goes: `out`, or the folder a symbolic link there points to (a dataset kept on
    another disk is replaced there, beside its target, so the swap stays a rename within one folder
    and the link keeps working). A link whose target's folder is missing, or a loop of links, is a
    named error before any work (it used to fail only at the swap)."""
    if not out.is_symlink():
        return out
    try:
        target = out.resolve(strict=False)
    except (OSError, RuntimeError) as e:  # a loop of links
        raise BuildError(f"{out} is a symbolic link that cannot be followed ({e})") from e
    if target.is_symlink() or not target.parent.is_dir():
        raise BuildError(f"{out} is a symbolic link to {target}, whose folder does not exist; "
                         "make that folder, point the link elsewhere or remove it")
    return target


def check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "datapackage.json").is_file():
        raise BuildError(f"{out} is a non-empty folder that is not a dxextract dataset; refusing to replace it")


def remove_stale_temps(out: Path) -> None:
    """Temporary folders left by builds that were killed (their process is gone). A previous
    dataset set aside by a swap killed between its two renames (SIGKILL: see `swap_in`) goes back
    to `out` if no dataset took its place."""
    for tmp in sorted(out.parent.glob(f".{out.name}.tmp-*")) + sorted(out.parent.glob(f".{out.name}.old-*")):
        pid = tmp.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or alive(int(pid)):
            continue
        if tmp.name.startswith(f".{out.name}.old-") and _vacant(out):
            _put_back(tmp, out)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _vacant(out: Path) -> bool:
    """No dataset at `out`: nothing, or an empty folder made since (a script's `mkdir -p`), which
    the set-aside dataset may replace; removing that dataset instead would lose it."""
    return not out.exists() or (out.is_dir() and not any(out.iterdir()))


def _put_back(old: Path, out: Path) -> None:
    """Rename the set-aside dataset `old` to `out` (replacing an empty folder in the same step).
    When the system refuses (a read-only folder, `out` filled or made a file meanwhile), the build
    stops with a named error and `old` stays where it is, whole."""
    log.warning("%s: the dataset a killed build had set aside is put back", out)
    try:
        os.rename(old, out)
    except OSError as e:
        raise BuildError(f"the dataset a killed build had set aside could not be put back at {out} "
                         f"({e.strerror}); it is whole in {old}: move it to {out}, or remove it, "
                         "then build again") from e


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None) if sys.platform == "linux" else None
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(tmp: Path, out: Path) -> None:
    """Make `tmp` the dataset at `out`: readers see the old dataset or the new one, never a mix."""
    if not out.exists():
        os.rename(tmp, out)
    elif _exchange(tmp, out):
        shutil.rmtree(tmp)  # now holds the previous dataset
    else:  # two renames, never cut in two by a stop signal (a kill leaves `old` for the next build)
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        try:
            with deferred():
                os.rename(out, old)
                os.rename(tmp, out)
        finally:  # a stop comes here, after both; a failed rename leaves what it did not move
            if out.exists():
                shutil.rmtree(old, ignore_errors=True)


def up_to_date(out: Path, fingerprint: str) -> bool:
    try:
        package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    resources = package.get("resources", [])
    files = [SQLITE_NAME, *(f for res in resources for f in partitions.paths(res))]
    return (package.get("dxextract", {}).get("fingerprint") == fingerprint
            and {res.get("name") for res in resources} == set(SCHEMA)
            and all(isinstance(f, str) and (out / f).is_file() for f in files))


def dataset_versions() -> list[str]:
    """The versions a dataset's bytes depend on: the extraction's (`cache.versions`) and the storage's."""
    return [*versions(), str(STORAGE_VERSION)]


def run_fingerprint(store: Cache, failures: list[dict], csv: str) -> str:
    """What decides the dataset's bytes: versions, this run's entries and names, failures, CSV choice."""
    h = hashlib.sha256(json.dumps([dataset_versions(), csv]).encode())
    for key, source in store.run_entries():  # sources too: the same corpus named another way
        h.update(f"{key}\0{source}\0".encode())
    h.update(json.dumps(sorted(failures, key=_failure_order), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def _failure_order(row: dict) -> tuple:
    return row["source"], row["reason"]


PARTS_PER_TASK = 4  # parts a worker writes in one task: 64 parts in 16 tasks, not 64


def write_dataset(out: Path, store: Cache, seen: dict[str, dict[str, set[str]]], failures: list[dict],
                  fingerprint: str, csv: str = "main", runner: Runner | None = None) -> None:
    """Write every table into a temporary folder beside `out`, then swap it in. Parts whose
    articles are those of the dataset at `out` are reused from it (linked or copied); the others
    are written by `runner`'s workers from the cache, and this process fills the SQLite file from
    their Parquet files as each part comes in. `seen`: the run's column kinds (`run_totals`)."""
    _add_kinds(seen, {"failures": kinds(failures)})
    columns = {t: plan(t, seen[t]) for t in SCHEMA}
    layout_key = partitions.layout(columns, csv, dataset_versions(), OMITTED)
    digests = partitions.digests(store.run_articles())
    manifest = partitions.previous(out, layout_key) if (out / SQLITE_NAME).is_file() else None
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        writer = DatasetWriter(tmp, columns, csv, previous=out if manifest else None)
        changed = [p for p in range(partitions.PARTS) if not (manifest and manifest["parts"][p] == digests[p])]
        for part in sorted(set(range(partitions.PARTS)) - set(changed)):
            writer.keep(part, manifest)
        entries = {part: store.run_part(*partitions.part_range(part)) for part in changed}
        for part in (p for p in changed if not entries[p]):
            writer.empty(part)  # the same few bytes every time: not worth a worker's trip
        full = [part for part in changed if entries[part]]
        tasks = [full[i:i + PARTS_PER_TASK] for i in range(0, len(full), PARTS_PER_TASK)]
        work = ((parts, (writer.formats, [(p, entries[p]) for p in parts], str(store.path.absolute()), str(tmp)))
                for parts in tasks)
        for _, written in (runner or Runner(1)).map(write_parts, work):
            for part, counts in written:
                writer.written(part, counts)
        writer.add_failures(sorted(failures, key=_failure_order))
        writer.close(_package(fingerprint), layout_key, digests)
        write_metadata(tmp)  # Datasette's metadata.json: facets and canned queries
        if manifest is None:  # a new SQLite file (an updated one is the served file already: DatasetWriter)
            _keep_served_file(tmp / SQLITE_NAME, out / SQLITE_NAME)
        swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _keep_served_file(new: Path, served: Path) -> None:
    """Make the new dataset's SQLite file the one already at `served`, updated in place: its pages
    replaced by the new database's in one SQLite transaction (a reader sees the old tables or the
    new ones), then linked into the new folder. A server holding the file open (Datasette) then
    serves the new data without a restart, instead of a deleted file after the folder swap."""
    if not served.is_file():
        return
    try:
        with contextlib.closing(sqlite3.connect(new)) as src, contextlib.closing(sqlite3.connect(served)) as dst:
            src.backup(dst)
        link = new.with_name(f".{new.name}.served")
        os.link(served, link)
        os.replace(link, new)
    except (sqlite3.Error, OSError) as e:
        log.warning("%s could not be updated in place (%s): restart a server that has it open", served, e)


def run_totals(store: Cache) -> tuple[dict[str, int], dict[str, dict[str, set[str]]]]:
    """The run's record counts by type, and each table column's value kinds (what the column plan
    is made from), from the totals of each dataset part: kept in the cache by the part's digest,
    made from its articles' infos only for a part not seen before (reading all 2,000 infos took
    26 ms of a 1-row rebuild, which now reads one part's)."""
    parts = []
    for part, digest in enumerate(partitions.digests(store.run_articles())):
        totals = store.part_totals(digest)
        if totals is None:
            totals = _totals(store.run_infos(*partitions.part_range(part)))
            store.put_part_totals(digest, totals)
        parts.append(totals)
    store.db.commit()
    counts, seen = _summed(parts)  # a part's totals are shaped as an info is
    return dict(sorted(counts.items())), seen


def _summed(infos: Iterable[dict]) -> tuple[Counter, dict[str, dict[str, set[str]]]]:
    """Infos (or totals of infos) added up: record counts, and each column's value kinds joined."""
    counts: Counter = Counter()
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for info in infos:
        counts.update(info["counts"])
        _add_kinds(seen, info["columns"])
    return counts, seen


def _totals(infos: Iterable[dict]) -> dict:
    """Infos summed up as one info (what the cache keeps for a part)."""
    counts, seen = _summed(infos)
    return {"counts": dict(counts), "columns": {t: {c: sorted(ks) for c, ks in cols.items()} for t, cols in seen.items()}}


def _add_kinds(seen: dict[str, dict[str, set[str]]], columns: dict[str, dict[str, list[str]]]) -> None:
    for table, cols in columns.items():
        for col, ks in cols.items():
            seen[table][col].update(ks)


def _package(fingerprint: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "dxextract-dataset",
        "title": "Digital-transformation commitments in Vietnamese provincial news",
        "description": "Built by dxextract: articles and the legal references, dates, numbers, entities and "
                       "commitments found in them, each record linked to its sentence and source.",
        "dxextract": {"version": __version__, "patterns_version": patterns_version(), "fingerprint": fingerprint},
    }

