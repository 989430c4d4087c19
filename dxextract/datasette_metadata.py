"""Publishing a built dataset: Datasette's `metadata.json` and a Markdown data dictionary.

Both are derived from the dataset's `datapackage.json`, so column descriptions are written once
(in dxextract/writers.py) and read everywhere. The canned queries take named parameters only:
Datasette binds them, so user input never becomes SQL. Accent-free search goes through the
`sentences` full-text index, which holds each sentence as written and accent-folded
(`dak lak` finds `Đắk Lắk`).

    datasette serve DIR/dataset.sqlite --metadata DIR/metadata.json
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from .provinces import fold, key, variants
from .writers import FTS_TABLE, SQLITE_NAME

DATABASE = Path(SQLITE_NAME).stem  # Datasette names a database after its file
# The full-text index the build adds to the SQLite file (not a data-package resource).
SEARCH_COLUMNS = {
    "sentence": "A sentence of an article, as written.",
    "folded": "The same sentence without diacritics, lower case (đ as d), for accent-free search.",
    "article_id": "The article it comes from (articles.article_id).",
    "start": "Offset of the sentence in articles.text.",
    "end": "End offset of the sentence in articles.text.",
}
SEARCH_DESCRIPTION = "Full-text index (SQLite FTS5) of every sentence, as written and accent-folded."
# The :phrase parameter as one FTS5 phrase: its words in order, never FTS syntax.
PHRASE = "'\"' || replace(:phrase, '\"', '') || '\"'"
# Every Vietnamese letter with a mark, both cases: what SQL must fold (SQLite's lower() is ASCII only).
_MARKED = "".join(sorted({c for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ" for t in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
                          for c in [unicodedata.normalize("NFC", v + t)] if len(c) == 1 and fold(c) != c.lower()}))
# One step of a fold: the first character of `rest`, unmarked and lower case, as `provinces.fold` does.
_STEP = ("case when instr(l.src, substr(rest, 1, 1)) > 0 then substr(l.dst, instr(l.src, substr(rest, 1, 1)), 1) "
         "else lower(substr(rest, 1, 1)) end")
# A folded text as `provinces.key` compacts it: no spaces, dots, hyphens or apostrophes.
_KEY = "replace(replace(replace(replace(q.out, ' ', ''), '.', ''), '-', ''), '''', '')"


def folding(name: str, seed: str) -> str:
    """A recursive CTE `name(id, rest, out)` folding each `(id, text)` row of `seed` a character
    at a time (`Đắk Lắk` -> `dak lak`; done where rest = ''). SQLite cannot fold accents itself,
    and 134 nested replace() calls overflow its parser."""
    return (f"{name}(id, rest, out) as (select id, text, '' from ({seed}) "
            f"union all select id, substr(rest, 2), out || {_STEP} from {name}, letters l where rest <> '')")


def _province_names() -> str:
    """`names(key, name)`: every spelling's compact key (see `provinces.key`) -> its province."""
    rows = sorted({(key(v), name) for name, spellings in variants().items() for v in spellings})
    return "names(key, name) as (values " + ", ".join(f"('{k}', '{n}')" for k, n in rows) + ")"


def with_params(params: tuple[str, ...], *more: str) -> str:
    """The `with` clause of a canned query: the named `params` folded (`q`), the provinces
    `:province` names in any spelling, accents optional (`wanted`), then the `more` CTEs."""
    seed = " union all ".join(f"select '{p}' as id, :{p} as text" for p in params)
    ctes = [f"letters(src, dst) as (select '{_MARKED}', '{fold(_MARKED)}')", _province_names(), folding("q", seed),
            f"wanted(name) as (select n.name from names n join q on q.id = 'province' and q.rest = '' and n.key = {_KEY})",
            *more]
    return "with recursive " + ", ".join(ctes) + " "


# A commitment of a wanted province, before or after the 2025 merger (`lam dong` lists Đắk Nông's).
IN_PROVINCE = "(c.province in (select name from wanted) or c.province_2025 in (select name from wanted))"
SHOWN = "c.province, c.province_2025, c.kind, c.indicator, c.value, c.comparator, c.unit, c.deadline, c.as_of, c.year, c.sentence, c.source"

QUERIES = {
    "commitments_by_province": {
        "title": "Commitments of a province",
        "description": "Every target and reported result of one province, accents optional (dak lak), "
                       "before or after the 2025 merger (lam dong also lists Đắk Nông), targets first.",
        "sql": with_params(("province",))
               + f"select {SHOWN} from commitments c where {IN_PROVINCE} order by c.province, c.kind desc, c.indicator, c.year",
    },
    "targets_vs_actuals": {
        "title": "Targets against results for an indicator",
        "description": "Targets and reported results of a province whose indicator contains the given words, "
                       "accents optional (dak lak, dich vu cong truc tuyen), in date order.",
        "sql": with_params(("province", "indicator"),
                           folding("i", f"select c.rowid as id, c.indicator as text from commitments c where {IN_PROVINCE}"))
               + f"select {SHOWN} from commitments c join i on i.id = c.rowid and i.rest = '' "
               "where i.out like '%' || (select trim(out) from q where id = 'indicator' and rest = '') || '%' "
               "order by c.indicator, coalesce(c.deadline, c.as_of), c.kind desc",
    },
    "search_commitments": {
        "title": "Commitments whose sentence contains a phrase (accents optional)",
        "description": "Commitments quoted by sentences containing the phrase, with or without diacritics "
                       "(dich vu cong truc tuyen).",
        "sql": f"select {SHOWN} from {FTS_TABLE} s join commitments c on c.article_id = s.article_id "
               "and c.start >= s.start and c.start < s.\"end\" "
               f"where {FTS_TABLE} match {PHRASE} order by s.rank, c.start",
    },
    "search_sentences": {
        "title": "Full-text search over sentences (accents optional)",
        "description": "Sentences of every article containing the phrase, with or without diacritics, "
                       "with their article's title, date and source.",
        "sql": f"select s.sentence, a.title, a.published, a.source, a.url from {FTS_TABLE} s "
               "join articles a on a.article_id = s.article_id "
               f"where {FTS_TABLE} match {PHRASE} order by s.rank limit 200",
    },
}

FACETS = {
    "commitments": ["province", "kind", "pillar", "unit", "year", "level", "province_2025"],
    "legal_refs": ["doc_type", "issuer", "province"],
    "dates": ["precision", "relation"],
    "numbers": ["unit", "comparator"],
    "entities": ["label", "province"],
    "articles": ["outlet", "province"],
}


def metadata(datapackage: dict | None = None, database: str = DATABASE) -> dict:
    """The content of Datasette's `metadata.json`: titles, column descriptions from the data
    package, facets for each table and the canned queries."""
    package = datapackage or {}
    tables: dict[str, dict] = {name: {"facets": list(cols)} for name, cols in FACETS.items()}
    for res in package.get("resources", []):
        table = tables.setdefault(res["name"], {})
        table["columns"] = {f["name"]: f.get("description", "") for f in res.get("schema", {}).get("fields", [])}
    tables[FTS_TABLE] = {"description": SEARCH_DESCRIPTION, "columns": SEARCH_COLUMNS}
    return {
        "title": package.get("title", "dxextract dataset"),
        "description": package.get("description", ""),
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


def write_metadata(folder: str | Path) -> Path:
    """Write `metadata.json` beside the dataset's `datapackage.json` (called by the build)."""
    folder = Path(folder)
    package_file = folder / "datapackage.json"
    package = json.loads(package_file.read_text(encoding="utf-8")) if package_file.is_file() else None
    out = folder / "metadata.json"
    out.write_text(json.dumps(metadata(package), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def data_dictionary(datapackage: dict) -> str:
    """A Markdown data dictionary: one section per table with its files, rows and every column."""
    lines = [f"# Data dictionary: {datapackage.get('title', 'dxextract dataset')}", ""]
    if datapackage.get("description"):
        lines += [datapackage["description"], ""]
    lines += ["Generated from `datapackage.json` by `dxextract.datasette_metadata.data_dictionary`.", ""]
    for res in datapackage.get("resources", []):
        files = ", ".join(f"`{f}`" for f in (res.get("path"), res.get("parquet")) if f)
        lines += [f"## `{res['name']}`", "", f"Files: {files}; also the `{res['name']}` table of `dataset.sqlite`.", ""]
        schema = res.get("schema", {})
        if schema.get("primaryKey"):
            lines += [f"Primary key: `{', '.join(schema['primaryKey'])}`.", ""]
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            lines += [f"`{', '.join(fk['fields'])}` refers to `{ref['resource']}.{', '.join(ref['fields'])}`.", ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{f['name']}` | {f.get('type', '')} | {_cell(f.get('description'))} |" for f in schema.get("fields", [])]
        lines.append("")
    lines += [f"## `{FTS_TABLE}` (in `{SQLITE_NAME}` only)", "", SEARCH_DESCRIPTION,
              f"Query it with `{FTS_TABLE} MATCH 'dich vu cong'`: accents are optional.", "",
              "| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in SEARCH_COLUMNS.items()]
    return "\n".join(lines) + "\n"
