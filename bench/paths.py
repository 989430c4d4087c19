"""Where the benchmark data lives: `../shared` beside the checkout (never copied into it)."""
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAOMOI = SHARED / "data" / "baomoi-2017.jsonl.gz"
