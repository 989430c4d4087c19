"""The progress chart draws on its own Figure: importing and using it leaves the user's matplotlib
backend and pyplot alone (a notebook's inline backend must survive `import dxextract.plots`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
import matplotlib
import pandas as pd
matplotlib.use("pdf")
from dxextract.plots import progress_plot
rows = [{"indicator": "dịch vụ công trực tuyến mức độ 4", "status": "behind", "target": 100.0,
         "target_comparator": "=", "unit": "percent", "result": 46.14, "result_date": "2021-10-15"}]
out = progress_plot(pd.DataFrame(rows), sys.argv[1])
print(matplotlib.get_backend(), "matplotlib.pyplot" in sys.modules, out.read_bytes()[:4])
"""


def test_plot_keeps_the_callers_backend_and_pyplot_untouched(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": ""}
    res = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "chart.png")], capture_output=True,
                         text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["pdf", "False", repr(b"\x89PNG")]
