"""Keep the private gold sets across machines without committing a word of their pages.

The private sets' texts (stored news pages of the search tool) may not be committed, and a new
machine comes without `../private_gold`, so three stops in a row paid for annotating the same
pages again, each time a little differently. Instead each set is frozen into
`bench/goldsets/private/<set>.jsonl`: every page's index row (url, outlet, date, province) with the
length and hash of its text, and every gold record with its `quote` replaced by where the quote
stands in that text (offset, length, hash), and its key phrases and a document's issuer by where they stand too. On a new machine the pages are fetched again by URL,
`check` tells the fetcher whether a saved excerpt is the very text that was annotated, and `thaw`
writes the gold back, quotes and all. The gold then stays the same from stop to stop.

    python bench/private_gold.py freeze SET...        # ../private_gold/SET → bench/goldsets/private/SET.jsonl
    python bench/private_gold.py check SET ID FILE    # is FILE the text page ID was annotated on?
    python bench/private_gold.py fetchlist SET...     # what a fetcher needs: ids, URLs, figures to search by
    python bench/private_gold.py thaw SET...          # ../private_gold/SET/texts/*.txt → SET/gold/*.jsonl
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

from goldsets import FROZEN, PRIVATE

INDEX_FIELDS = ["file", "url", "outlet", "published", "province"]


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def freeze(name: str) -> Path:
    """Write the frozen form of one private set; every quote must stand in its text."""
    folder = PRIVATE / name
    rows = list(csv.DictReader((folder / "texts" / "index.csv").read_text(encoding="utf-8").splitlines()))
    out = []
    for row in sorted(rows, key=lambda r: r["file"]):
        article = Path(row["file"]).stem
        gold_file = folder / "gold" / f"{article}.jsonl"
        if not gold_file.exists():
            continue
        text = (folder / "texts" / row["file"]).read_text(encoding="utf-8")
        out.append({"article": article, **{k: row.get(k, "") for k in INDEX_FIELDS},
                    "text_chars": len(text), "text_sha1": digest(text)})
        for line in gold_file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            quote = record.pop("quote", None) or ""
            at = text.find(quote) if quote else -1
            keys = record.pop("keys", None)
            issuer = record.pop("issuer", None) if record.get("issuer") else None  # (a document's issuer, as written)
            out.append({"article": article, "record": record,
                        "quote_at": [at, len(quote)] if at >= 0 else None, "quote_sha1": digest(quote),
                        **({"keys_at": [_place(text, k) for k in keys]} if keys is not None else {}),
                        **({"issuer_at": _place(text, issuer)} if issuer else {})})
    FROZEN.mkdir(exist_ok=True)
    path = FROZEN / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    return path


def _place(text: str, phrase: str) -> list[int] | str:
    """Where a key phrase stands in the text, [offset, length]; a phrase the text does not hold
    (an index's name the annotator wrote out) is kept as written."""
    at = text.find(phrase)
    return [at, len(phrase)] if at >= 0 and phrase else phrase


def _at(text: str, placed: list[int] | str) -> str:
    """A phrase back from where `_place` put it."""
    return text[placed[0]:placed[0] + placed[1]] if isinstance(placed, list) else placed


def frozen(name: str) -> tuple[dict[str, dict], dict[str, list[dict]]]:
    """(page rows by article, record rows by article) of a frozen set."""
    pages: dict[str, dict] = {}
    records: dict[str, list[dict]] = {}
    for line in (FROZEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "record" in row:
            records.setdefault(row["article"], []).append(row)
        else:
            pages[row["article"]] = row
    return pages, records


def verdict(page: dict, text: str) -> str | None:
    """None when `text` is the annotated text, else why not (sizes only: the check reveals no text)."""
    if digest(text) == page["text_sha1"]:
        return None
    return f"differs: {len(text)} characters saved, {page['text_chars']} annotated"


def thaw(name: str) -> tuple[int, list[str]]:
    """Write gold/*.jsonl and index.csv for every page whose fetched text is the annotated one."""
    pages, records = frozen(name)
    texts = PRIVATE / name / "texts"
    (PRIVATE / name / "gold").mkdir(parents=True, exist_ok=True)
    kept, problems = [], []
    for article, page in sorted(pages.items()):
        path = texts / page["file"]
        why = verdict(page, path.read_text(encoding="utf-8")) if path.exists() else "not fetched"
        if why:
            problems.append(f"{name}/{article}: {why}")
            if path.exists():
                path.rename(path.with_suffix(".rejected"))
            continue
        text = path.read_text(encoding="utf-8")
        lines = []
        for row in records.get(article, []):
            at = row["quote_at"]
            quote = text[at[0]:at[0] + at[1]] if at else ""
            if at and digest(quote) != row["quote_sha1"]:
                problems.append(f"{name}/{article}: a quote is no longer where it was")
            placed = {field: [_at(text, k) for k in row[f"{field}_at"]] if field == "keys" else _at(text, row[f"{field}_at"])
                      for field in ("keys", "issuer") if f"{field}_at" in row}
            lines.append(json.dumps({**row["record"], **placed, "quote": quote}, ensure_ascii=False) + "\n")
        (PRIVATE / name / "gold" / f"{article}.jsonl").write_text("".join(lines), encoding="utf-8")
        kept.append({k: page.get(k, "") for k in INDEX_FIELDS})
    with open(texts / "index.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=INDEX_FIELDS)
        writer.writeheader()
        writer.writerows(kept)
    return len(kept), problems


def fetchlist(name: str) -> list[str]:
    """One line per page for a fetcher: id, URL, and figures of its gold to search with."""
    pages, records = frozen(name)
    out = []
    for article, page in sorted(pages.items()):
        figures = [str(r["record"].get("value")) for r in records.get(article, []) if r["record"]["type"] == "number"]
        out.append(f"- `{article}` ({page['text_chars']} characters): {page['url']}"
                   f" — figures on the page: {', '.join(dict.fromkeys(figures[:8])) or 'none'}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for cmd in ("freeze", "thaw", "fetchlist"):
        sub.add_parser(cmd).add_argument("sets", nargs="+")
    c = sub.add_parser("check")
    c.add_argument("set")
    c.add_argument("article")
    c.add_argument("file", type=Path)
    a = ap.parse_args()
    if a.cmd == "check":
        why = verdict(frozen(a.set)[0][a.article], a.file.read_text(encoding="utf-8"))
        print(why or "OK: this is the annotated text")
        sys.exit(1 if why else 0)
    for name in a.sets:
        if a.cmd == "freeze":
            print(freeze(name))
        elif a.cmd == "fetchlist":
            print("\n".join(fetchlist(name)))
        else:
            kept, problems = thaw(name)
            print(f"{name}: {kept} pages thawed", *problems, sep="\n  ")


if __name__ == "__main__":
    main()
