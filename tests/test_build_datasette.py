"""A dataset served by a running Datasette while it is rebuilt: the server answers with the new
data, with no restart, from the file the dataset folder holds (not a deleted one)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

import dxextract.dataset as dataset
from test_datasette import DATASETTE, free_port, wait_until_up


def _count(base: str, sql: str) -> int:
    res = httpx.get(f"{base}/dataset.json", params={"sql": sql, "_shape": "array"}, timeout=10)
    res.raise_for_status()
    return list(res.json()[0].values())[0]


def _open_inodes(pid: int, name: str) -> set[int]:
    """The inodes of the files named `name` that process `pid` has open (a descriptor its threads
    close while they are listed is skipped)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if name in os.readlink(fd):
                inodes.add(os.stat(fd).st_ino)
        except FileNotFoundError:
            continue
    return inodes


@pytest.mark.skipif(not Path(DATASETTE).exists(), reason="datasette is not installed")
def test_a_running_datasette_serves_the_rebuilt_dataset(tmp_path, corpus_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(corpus_dir.glob("*.txt"))
    for f in files[:4]:
        shutil.copy(f, corpus)
    ds = tmp_path / "ds"
    assert dataset.build(corpus, ds, jobs=1, progress=False).exit_code == 0
    port = free_port()
    proc = subprocess.Popen([DATASETTE, "serve", str(ds / "dataset.sqlite"), "--metadata", str(ds / "metadata.json"),
                             "-h", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        for _ in range(6):  # several queries: several of the server's threads open the file
            assert _count(base, "select count(*) from articles") == 4
        shutil.copy(files[4], corpus)
        assert dataset.build(corpus, ds, jobs=1, progress=False).written
        assert _count(base, "select count(*) from articles") == 5
        assert _count(base, "select count(*) from sentences_fts where sentences_fts match 'dak lak'") > 0
        held = _open_inodes(proc.pid, "dataset.sqlite")  # the files the server has open ...
        assert held == {os.stat(ds / "dataset.sqlite").st_ino}  # ... are the one the folder holds
    finally:
        proc.terminate()
        proc.wait(timeout=10)
