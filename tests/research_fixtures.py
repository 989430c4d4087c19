"""Fixtures of the research-tool tests (query, fact-check, notebooks, Datasette).

`annotated` holds commitments read by hand from real sentences of the bundled corpus (the way
../shared/gold annotates them), so verdicts are tested against known figures whatever state the
extractors are in; `built` is the real `dxextract build` of the corpus, built once per session
(the build cache is shared, so every test module after the first only rewrites the tables).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer

import dxextract as dx
from dxextract.dataset import build
from dxextract.ids import stable_id
from dxextract.dataset_view import Dataset, load
from dxextract.text import sentence_spans

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

DAKLAK_TARGET_2025 = {"kind": "target", "deadline": "2025", "unit": "percent", "pillar": "chinh_quyen_so",
                      "province": "Đắk Lắk"}
DAKLAK_RESULT = {"kind": "actual", "unit": "percent", "pillar": "chinh_quyen_so", "province": "Đắk Lắk"}
DOCS = "hồ sơ công việc tại cấp {} được xử lý trên môi trường mạng"

# (corpus file, exact span, fields): what each span states, read by hand.
ANNOTATED = [
    ("000_83ce5f1ebe82f95b.txt", "100% dịch vụ công trực tuyến ở mức độ 4",
     {**DAKLAK_TARGET_2025, "indicator": "dịch vụ công trực tuyến mức độ 4", "value": 100.0, "comparator": "="}),
    ("000_83ce5f1ebe82f95b.txt", "từ 90% trở lên hồ sơ công việc tại cấp tỉnh",
     {**DAKLAK_TARGET_2025, "indicator": DOCS.format("tỉnh"), "level": "tinh", "value": 90.0, "comparator": ">="}),
    ("000_83ce5f1ebe82f95b.txt", "80% trở lên hồ sơ công việc tại cấp huyện",
     {**DAKLAK_TARGET_2025, "indicator": DOCS.format("huyện"), "level": "huyen", "value": 80.0, "comparator": ">="}),
    ("000_83ce5f1ebe82f95b.txt", "60% trở lên hồ sơ công việc tại cấp xã",
     {**DAKLAK_TARGET_2025, "indicator": DOCS.format("xã"), "level": "xa", "value": 60.0, "comparator": ">="}),
    ("001_ef6a8b9dc3eafaab.txt", "80% dịch vụ công trực tuyến mức độ 4",
     {**DAKLAK_TARGET_2025, "province": "Điện Biên", "indicator": "dịch vụ công trực tuyến mức độ 4", "value": 80.0, "comparator": "="}),
    ("002_ec1798adad215369.txt", "46,14% dịch vụ công mức độ 4",
     {**DAKLAK_RESULT, "indicator": "dịch vụ công mức độ 4", "value": 46.14, "comparator": "=", "as_of": "2021-10-15"}),
    ("003_1b3aea1fca0cbb5e.txt", "Trên 95% hồ sơ công việc tại cấp tỉnh",
     {**DAKLAK_RESULT, "indicator": DOCS.format("tỉnh"), "level": "tinh", "value": 95.0, "comparator": ">"}),
    ("003_1b3aea1fca0cbb5e.txt", "75% hồ sơ công việc tại cấp huyện",
     {**DAKLAK_RESULT, "indicator": DOCS.format("huyện"), "level": "huyen", "value": 75.0, "comparator": "="}),
    ("003_1b3aea1fca0cbb5e.txt", "40% hồ sơ công việc tại cấp xã",
     {**DAKLAK_RESULT, "indicator": DOCS.format("xã"), "level": "xa", "value": 40.0, "comparator": "="}),
]


def annotated_record(article: dx.Article, span: str, fields: dict) -> dict:
    """A commitment record for `span` in the article, with its offsets and sentence."""
    start = article.text.index(span)
    end = start + len(span)
    s, e = next((s, e) for s, e in sentence_spans(article.text) if s <= start < e)
    rec = {"type": "commitment", "article_id": article.article_id, "source": article.source,
           "start": start, "end": end, "text": span, "sentence": article.text[s:e]}
    rec.update(fields)
    rec["id"] = stable_id(article.article_id, start, end, rec["kind"], rec["province"])
    return rec


def annotated_dataset() -> Dataset:
    articles = {name: dx.read(CORPUS / name) for name in sorted({f for f, _, _ in ANNOTATED})}
    records = [annotated_record(articles[f], span, fields) for f, span, fields in ANNOTATED]
    table = pd.DataFrame([a.row() for a in articles.values()])
    return Dataset.from_records(records, articles=table)


def write_parquet(dataset: Dataset, folder: Path) -> Path:
    """The dataset's tables as `<table>.parquet` files, the layout `dx.load` reads."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in dataset.tables.items():
        df.to_parquet(folder / f"{name}.parquet")
    return folder


@pytest.fixture(scope="module")
def annotated() -> Dataset:
    return annotated_dataset()


@pytest.fixture(scope="module")
def annotated_dir(annotated: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parquet(annotated, tmp_path_factory.mktemp("annotated"))


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built with `dxextract build` (cache shared across the session)."""
    out = tmp_path_factory.mktemp("built") / "dataset"
    cache = tmp_path_factory.getbasetemp() / "dx-build-cache"
    build(CORPUS, out, jobs=2, cache=cache, progress=False)
    return out


@pytest.fixture(scope="module")
def built(built_dir: Path) -> Dataset:
    return load(built_dir)


def cli_app(*modules) -> typer.Typer:
    """A `dxextract`-like app with just these command modules registered."""
    app = typer.Typer()
    app.callback()(lambda: None)  # keeps a lone command a named subcommand
    for m in modules:
        m.register(app)
    return app
