"""The notebooks run top to bottom on the bundled corpus (outputs are never committed).

Each notebook's `parameters` cell (the papermill convention) is replaced with the paths of this
session's corpus and built dataset. It runs in notebooks/, as Jupyter runs it, and must leave
nothing there (a plot goes to a scratch folder).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import dxextract as dx
from research_fixtures import CORPUS, built_dir  # noqa: F401 - fixture

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MISSING = [f"dx.{name}" for name in ("build", "load", "nlp") if not callable(getattr(dx, name, None))]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"{', '.join(MISSING)} not in the public API yet")


def parameterized(path: Path, **params: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    cell.source = "from pathlib import Path\n" + "".join(f"{k} = Path({str(v)!r})\n" for k, v in params.items())
    return nb


def output_text(nb: nbformat.NotebookNode) -> str:
    """Everything the cells printed or displayed as text."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


# A line each notebook must show, proof that it got to its point on the bundled corpus.
SHOWS = {
    "quickstart": "'commitment'",
    "compare_provinces": "Đắk Lắk",
    "factcheck": "Verdict: UNREADABLE CLAIM",
}


@pytest.mark.parametrize("name", sorted(SHOWS))
def test_notebook_runs_top_to_bottom(name: str, built_dir: Path) -> None:
    source = NOTEBOOKS / f"{name}.ipynb"
    assert all(not c.get("outputs") for c in nbformat.read(source, as_version=4).cells), "commit notebooks without outputs"
    nb = parameterized(source, CORPUS=CORPUS, DATASET=built_dir)
    before = set(NOTEBOOKS.iterdir())
    # execute() raises CellExecutionError, with the cell and traceback, if any cell fails
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    assert SHOWS[name] in output_text(nb)
    assert set(NOTEBOOKS.iterdir()) == before, "the notebook wrote files beside itself"
