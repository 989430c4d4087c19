"""Publishing a built dataset: Datasette's `metadata.json` and a Markdown data dictionary.

Both are derived from the dataset's `datapackage.json`, so column descriptions are written once
(in dxextract/writers.py) and read everywhere. The canned queries take named parameters only:
Datasette binds them, so user input never becomes SQL. Accent-free search goes through the
`sentences_fts` full-text index over the `sentences` table (external content: the index holds
tokens, the table the text), of one column, the sentence folded: diacritics removed by the
tokenizer and `đ` as `d` by a generated column. A query is folded the same way before MATCH (the
tokenizer does the marks, `writers.fold_d` the đ), so `dak lak` and `Đắk Lắk` both find `Đắk Lắk`;
the other queries fold their parameters (and the indicators they compare) in SQL. The build also
adds a view that shows the commitments' reading columns first.

    datasette serve DIR/dataset.sqlite --metadata DIR/metadata.json
"""
from __future__ import annotations

import html
import json
import sqlite3
import unicodedata
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from .provinces import fold, key, variants
from .writers import DERIVED, FTS_COLUMN, FTS_TABLE, SQLITE_NAME, STORED, VIEWED, fold_d

DATABASE = Path(SQLITE_NAME).stem  # Datasette names a database after its file
# The full-text index the build adds to the SQLite file (not a data-package resource); its rowid
# is sentences.sentence_id, and it reads its one column from the sentences table.
FOLDED = "The sentence with đ as d, computed by SQLite (a generated column, never stored): what the search index reads."
SEARCH_COLUMNS = {
    "rowid": "The sentence (sentences.sentence_id).",
    FTS_COLUMN: f"sentences.{FTS_COLUMN}, indexed without diacritics (Đắk Lắk as dak lak).",
}
SEARCH_DESCRIPTION = ("Full-text index (SQLite FTS5, external content) of the sentences table: tokens only, "
                      "diacritics removed, đ as d; join it to sentences on sentence_id = rowid.")
# How to query the index by hand: the marks are optional, but đ must be written d.
RAW_MATCH = (f"Query it with `{FTS_TABLE} MATCH 'dich vu cong'`: accents are optional, but write đ as d "
             "(`MATCH 'dak lak'`, not `MATCH 'Đắk Lắk'`, which finds nothing), since the index holds "
             "the folded text and FTS5's own folding leaves đ as it is (Datasette's search box on the "
             "`sentences` table runs the same MATCH). The canned queries fold their phrase themselves, "
             "and `dx.load(...).query` and `dxextract query` / `check` fold in Python, without the index.")
# The :phrase parameter as one FTS5 phrase, folded as the index is: its words in order, never FTS syntax.
PHRASE = "'\"' || " + fold_d("replace(:phrase, '\"', '')") + " || '\"'"
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
    return "names(key, name) as (values " + ", ".join(f"('{k}', '{_sql_text(n)}')" for k, n in rows) + ")"


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


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
        "sql": f"select {SHOWN} from {FTS_TABLE} f join commitments c on c.sentence_id = f.rowid "
               f"where {FTS_TABLE} match {PHRASE} order by f.rank, c.start",
    },
    "search_sentences": {
        "title": "Full-text search over sentences (accents optional)",
        "description": "Sentences of every article containing the phrase, with or without diacritics, "
                       "with their article's title, date and source.",
        "sql": f"select s.sentence, a.title, a.published, a.source, a.url from {FTS_TABLE} f "
               "join sentences s on s.sentence_id = f.rowid join articles a on a.article_id = s.article_id "
               f"where {FTS_TABLE} match {PHRASE} order by f.rank limit 200",
    },
}

# Datasette shows a table's columns in their stored order, which starts with each record's
# bookkeeping (type, article_id, source, offsets). This view of the commitments puts what a
# reader looks at first, in this order; the other columns follow in the table's order.
READING_VIEW = "commitments_for_reading"
READING_ORDER = ("province", "province_2025", "kind", "indicator", "comparator", "value", "value_max", "unit", "deadline", "as_of",
                 "year", "sentence", "source")
READING_FACETS = ["province", "kind", "year", "pillar"]  # one row of facets: the rows stay in the first screen
READING_DESCRIPTION = ("Every target and reported result with what a reader needs first: province, kind, "
                       "indicator, figure, date, the sentence that states it and its source.")
# Datasette lists every column description above a table (~800 px for commitments) before any
# row: hidden here, since each table's description holds them in a collapsed block and each
# column header's menu shows its own.
STYLE = "data:text/css," + quote("dl.column-descriptions{display:none}")

FACETS = {
    "commitments": ["province", "kind", "pillar", "unit", "year", "level", "province_2025"],
    "legal_refs": ["doc_type", "issuer", "province"],
    "dates": ["precision", "relation"],
    "numbers": ["unit", "comparator"],
    "entities": ["label", "province"],
    "articles": ["outlet", "province"],
}


def view_description(name: str) -> str:
    """What a `VIEWED` record table of the SQLite file is: a view, and the table under it."""
    return (f"A view of every column over the table {name}{STORED}, which stores each record once without "
            f"{', '.join(DERIVED)} (the view looks them up by sentence_id in sentences and articles, only when a "
            "query reads them) and keeps text only where it is not the slice of its sentence.")


def stored_description(name: str) -> str:
    """What the table under a `VIEWED` table's view holds."""
    return (f"The rows of the {name} view, as stored: without {', '.join(DERIVED)}, and text null where the view "
            f"cuts it from its sentence. Query the {name} view.")


def metadata(datapackage: dict | None = None, database: str = DATABASE) -> dict:
    """The content of Datasette's `metadata.json`: titles, column descriptions from the data
    package, facets for each table and the canned queries."""
    package = datapackage or {}
    tables: dict[str, dict] = {name: {"facets": list(cols)} for name, cols in FACETS.items()}
    for res in package.get("resources", []):
        table = tables.setdefault(res["name"], {})
        table["columns"] = {f["name"]: f.get("description", "") for f in res.get("schema", {}).get("fields", [])}
    tables[FTS_TABLE] = {"description": f"{SEARCH_DESCRIPTION} {RAW_MATCH}", "columns": SEARCH_COLUMNS}
    for name in VIEWED:  # the record tables SQLite shows as views: the table under each hidden
        if name in tables:
            tables[name]["description"] = view_description(name)
            tables[name + STORED] = {"hidden": True, "description": stored_description(name)}
    if "columns" in tables.get("sentences", {}):
        tables["sentences"]["columns"][FTS_COLUMN] = FOLDED
    commitments = tables["commitments"].get("columns", {})
    tables[READING_VIEW] = {"facets": READING_FACETS, "columns": reading_first(commitments),
                            "description": READING_DESCRIPTION}
    for name, table in tables.items():
        text = table.pop("description", "")
        head = f"<p>{html.escape(text)}</p>" if text else ""
        if name == "commitments":
            head = (f'<p>For reading, open <a href="{READING_VIEW}">{READING_VIEW}</a>: the same rows with '
                    "province, kind, indicator and figure first.</p>")
        table["description_html"] = head + columns_block(table.get("columns", {}))
    return {
        "title": package.get("title", "dxextract dataset"),
        "description": package.get("description", ""),
        "extra_css_urls": [STYLE],
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


def reading_first(columns: dict[str, str]) -> dict[str, str]:
    """`columns` with READING_ORDER first, the others after in their order."""
    first = [c for c in READING_ORDER if c in columns]
    return {c: columns[c] for c in [*first, *(c for c in columns if c not in READING_ORDER)]}


def columns_block(columns: dict[str, str]) -> str:
    """A table's column descriptions in a collapsed block (empty when it has none)."""
    if not columns:
        return ""
    items = "".join(f"<dt>{html.escape(c)}</dt><dd>{html.escape(d)}</dd>" for c, d in columns.items())
    return f"<details><summary>What the {len(columns)} columns mean</summary><dl>{items}</dl></details>"


def add_reading_view(sqlite_file: Path) -> None:
    """Create READING_VIEW in the dataset's SQLite file (replacing an older one)."""
    with closing(sqlite3.connect(sqlite_file)) as db:
        stored = [row[1] for row in db.execute('pragma table_info("commitments")')]
        if not stored:
            return
        order = list(reading_first(dict.fromkeys(stored, "")))
        db.execute(f"drop view if exists {READING_VIEW}")
        columns = ", ".join('"' + c + '"' for c in order)
        db.execute(f"create view {READING_VIEW} as select {columns} from commitments "
                   "order by province, kind desc, indicator, year")
        db.commit()


def write_metadata(folder: str | Path) -> Path:
    """Write `metadata.json` beside the dataset's `datapackage.json`, and add READING_VIEW to its
    SQLite file (called by the build, before the folder is swapped in)."""
    folder = Path(folder)
    if (folder / SQLITE_NAME).is_file():
        add_reading_view(folder / SQLITE_NAME)
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
        csv = res.get("format") == "csv"
        files = ", ".join([f"`{res['path']}`"] * csv + [f"`{res.get('parquet')}/` (a folder of parts)"])
        files += "" if csv else f" (`{res['name']}.csv` too with `build --csv all`)"
        kind = f"view (over `{res['name']}{STORED}`)" if res["name"] in VIEWED else "table"
        lines += [f"## `{res['name']}`", "", f"Files: {files}; also the `{res['name']}` {kind} of `dataset.sqlite`.", ""]
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
              f"{RAW_MATCH} The `sentences` table of `{SQLITE_NAME}` also has `{FTS_COLUMN}`: {FOLDED}", "",
              "| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in SEARCH_COLUMNS.items()]
    lines += ["", f"## `{READING_VIEW}` (a view in `{SQLITE_NAME}` only)", "", READING_DESCRIPTION,
              f"The `commitments` table's columns, {', '.join(f'`{c}`' for c in READING_ORDER)} first."]
    viewed = [r["name"] for r in datapackage.get("resources", []) if r["name"] in VIEWED]
    if viewed:
        lines += ["", f"## {', '.join(f'`{n}{STORED}`' for n in viewed)} (in `{SQLITE_NAME}` only)", "",
                  f"The tables under the views {', '.join(f'`{n}`' for n in viewed)}: each record stored once, without "
                  "`type` (the view's record type), `article_id` and `source` (the view looks them up by `sentence_id` in "
                  "`sentences` and `articles`, only when a query reads them), and with `text` null where it is the slice "
                  "of its sentence that `start` and `end` name (the view cuts it from `sentences.sentence`). Query the "
                  "views: their columns and rows are those described above."]
    return "\n".join(lines) + "\n"
