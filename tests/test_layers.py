"""The package's layers, as README's chain draws them: imports only point down, never in a circle,
and reading a dataset back loads none of the build side.

The graph is read from the source (every `import`, lazy ones inside functions included), so a
hidden side door counts as much as a top-level one.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from research_fixtures import built_dir  # noqa: F401 - fixture

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dxextract"

# Bottom to top, README's chain: the contract and the text tools; source -> Article; Document;
# mentions and commitments (the extractors are one layer); records; what uses records (the dataset,
# its readers, spaCy); the command line; the package's own facade, `import dxextract`.
LAYERS = (
    ("dxextract._version", "dxextract.schema", "dxextract.lexicons", "dxextract.rules", "dxextract.date_strings", "dxextract.models", "dxextract.text", "dxextract.encoding", "dxextract.stop_signals",
     "dxextract.ids", "dxextract.provinces"),
    ("dxextract.article", "dxextract.furniture", "dxextract.ranking_tables", "dxextract.readers", "dxextract.web"),
    ("dxextract.document",),
    ("dxextract.extractors",),
    ("dxextract.pipeline", "dxextract.parse"),
    ("dxextract.cache", "dxextract.writers", "dxextract.dataset", "dxextract.dataset_view", "dxextract.work",
     "dxextract.engines", "dxextract.scan", "dxextract.output", "dxextract.partitions", "dxextract.dataset_files",
     "dxextract.datasette_metadata", "dxextract.matching", "dxextract.progress", "dxextract.factcheck",
     "dxextract.plots", "dxextract.spacy_components"),
    ("dxextract.cli", "dxextract.__main__"),
    ("dxextract",),
)
# Arrows in modules another branch owns, each with what removes it. Each must still exist (so
# this list only shrinks): once fixed, delete its line.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}
# What reading a dataset back must never load.
BUILD_SIDE = ("dxextract.extractors", "dxextract.pipeline", "dxextract.dataset", "dxextract.writers",
              "dxextract.cache", "underthesea", "spacy")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def resolved(name: str) -> str:
    """The module an import names: `from . import __version__` names the package, not a module."""
    return name if name in MODULES else name.rpartition(".")[0]


def imports(name: str) -> set[str]:
    """The package's modules that module `name` imports anywhere in its source."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
            stem = f"{base}.{node.module}" if node.module else base
            found |= {resolved(f"{stem}.{a.name}") for a in node.names} if not node.module else {stem}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dxextract"):
            found.add(resolved(node.module))
        elif isinstance(node, ast.Import):
            found |= {resolved(a.name) for a in node.names if a.name.startswith("dxextract")}
    return found - {name}


def layer(name: str) -> int:
    """The layer of a module: its longest listed prefix's."""
    prefixes = [(len(p), i) for i, mods in enumerate(LAYERS) for p in mods if name == p or name.startswith(p + ".")]
    assert prefixes, f"{name} is in no layer: add it to LAYERS where README's chain puts it"
    return max(prefixes)[1]


GRAPH = {m: imports(m) - {t for (f, t) in KNOWN_UPWARD if f == m} for m in MODULES}


def test_every_import_points_down_or_sideways() -> None:
    upward = [f"{m} (layer {layer(m)}) imports {t} (layer {layer(t)})"
              for m, targets in sorted(GRAPH.items()) for t in sorted(targets) if layer(t) > layer(m)]
    assert upward == []


def test_known_upward_arrows_still_exist() -> None:
    assert [edge for edge in KNOWN_UPWARD if edge[1] not in imports(edge[0])] == []


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(m: str, path: list[str]) -> list[str] | None:
        state[m] = 1
        for t in sorted(GRAPH[m]):
            if state.get(t) == 1:
                return [*path, m, t]
            if t not in state and (cycle := visit(t, [*path, m])):
                return cycle
        state[m] = 2
        return None

    cycles = [c for m in sorted(GRAPH) if m not in state and (c := visit(m, []))]
    assert cycles == []


def loaded_modules(code: str) -> list[str]:
    """The dxextract and NLP modules a fresh interpreter holds after running `code`."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_side(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == b or m.startswith(b + ".") for b in BUILD_SIDE)]


def test_loading_a_dataset_loads_no_extractor(built_dir: Path) -> None:  # noqa: F811 - fixture
    modules = loaded_modules(f"import dxextract as dx\ndx.load\nds = dx.load({str(built_dir)!r})\n"
                             "assert len(ds.query(province='dak lak')) > 0")
    assert "dxextract.dataset_view" in modules
    assert build_side(modules) == []


@pytest.mark.parametrize("command", [["query", "-p", "dak lak"], ["progress", "-p", "dak lak", "-f", "csv"]])
def test_query_and_progress_commands_load_no_extractor(built_dir: Path, command: list[str]) -> None:  # noqa: F811
    argv = ["dxextract", command[0], str(built_dir), *command[1:]]
    modules = loaded_modules(f"import sys\nfrom dxextract.cli import app\nsys.argv = {argv!r}\n"
                             "try:\n    app()\nexcept SystemExit as e:\n    assert not e.code, e.code")
    assert "dxextract.dataset_view" in modules
    assert build_side(modules) == []


def closure(roots: tuple[str, ...]) -> set[str]:
    """`roots` and every package module they import, directly or not."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(imports(m))
    return seen


def test_cache_fingerprint_covers_the_extraction_code_only(tmp_path: Path) -> None:
    """Every module reading or extraction imports is fingerprinted; a CLI help edit keeps the
    cache, an extractor edit invalidates it."""
    from dxextract.cache import EXTRACTION_SOURCES, source_fingerprint

    hashed = {module_name(p) for pattern in EXTRACTION_SOURCES for p in PACKAGE.glob(pattern)}
    needed = closure(("dxextract.pipeline", "dxextract.readers", "dxextract.schema")) - {"dxextract"}
    assert needed - hashed == set()
    assert not any(m.startswith("dxextract.cli") for m in hashed)
    copy = tmp_path / "dxextract"
    subprocess.run(["cp", "-r", str(PACKAGE), str(copy)], check=True)
    before = source_fingerprint(copy)
    (copy / "cli" / "query.py").write_text((copy / "cli" / "query.py").read_text() + "\n# a help edit\n")
    assert source_fingerprint(copy) == before
    (copy / "extractors" / "numbers.py").write_text((copy / "extractors" / "numbers.py").read_text() + "\n# edit\n")
    assert source_fingerprint(copy) != before
