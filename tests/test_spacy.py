"""The spaCy pipeline on real articles: tokens, sentences, entities, records, displaCy, n_process,
and the component found by name through its entry point."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dxextract as dx
from dxextract.spacy_components import make_nlp
from dxextract.text import underthesea

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DAK_LAK = CORPUS / "000_83ce5f1ebe82f95b.txt"
DAK_NONG = CORPUS / "004_056aaa40644b9ed5.txt"


@lru_cache(maxsize=1)
def nlp() -> Language:
    return make_nlp()


@lru_cache(maxsize=None)
def parsed(path: Path) -> Doc:
    return nlp()(path.read_text(encoding="utf-8"))


def _key(records: list[dict]) -> list[tuple]:
    return [(r["start"], r["end"], r.get("kind"), r.get("value"), r.get("province")) for r in records]


def test_pipeline_is_vietnamese_with_the_dxextract_component() -> None:
    assert nlp().lang == "vi"
    assert nlp().pipe_names == ["dxextract"]


def underthesea_calls() -> int:
    info = underthesea.cache_info()
    return info.hits + info.misses


def test_tokens_are_syllables_over_the_normalized_text_without_underthesea() -> None:
    text = "Chương trình chuyển đổi số hoà nhập đạt 46,14%."
    before = underthesea_calls()
    doc = nlp().tokenizer(text)
    assert underthesea_calls() == before  # the slow word segmenter only when asked
    assert doc.text == dx.normalize(text)
    assert [t.text for t in doc] == ["Chương", "trình", "chuyển", "đổi", "số", "hòa", "nhập", "đạt", "46,14", "%", "."]
    raw = DAK_LAK.read_text(encoding="utf-8")
    assert parsed(DAK_LAK).text == dx.normalize(raw)  # paragraph breaks kept as tokens


def test_underthesea_words_as_tokens_when_asked() -> None:
    doc = make_nlp(words=True).tokenizer("Chương trình chuyển đổi số hoà nhập được Thủ tướng Chính phủ phê duyệt.\n\nHết")
    words = [t.text for t in doc]
    assert "Chương trình" in words and "Thủ tướng" in words and "chuyển đổi" in words
    assert "hòa" in words and "\n\n" in words  # tone placement normalized; the paragraph break a token


def test_sentences_are_the_documents() -> None:
    doc = parsed(DAK_LAK)
    assert [s.text.strip() for s in doc.sents] == dx.sentences(doc.text)
    assert "token.is_sent_start" in nlp().get_pipe_meta("dxextract").assigns


def test_entities_and_records_match_the_library() -> None:
    doc = parsed(DAK_LAK)
    provinces = {(e.text, e.kb_id_) for e in doc.ents if e.label_ == "PROVINCE"}
    assert ("Đắk Lắk", "Đắk Lắk") in provinces
    expected = [r for r in dx.extract(doc.text) if r["type"] == "commitment"]
    assert _key(doc._.commitments) == _key(expected)
    assert {r["ref"] for r in doc._.legal_refs} >= {"3330/QĐ-UBND", "37/NQ-HĐND", "04-NQ/TU"}
    assert any(d["value"] == "2030" for d in doc._.dates)
    assert any(n["value"] == 46.14 or n["value"] == 90 for n in doc._.numbers)
    # every record is also a span over the tokens that cover it
    labels = {s.label_ for s in doc.spans["dx"]}
    assert {"commitment", "legal_ref", "date", "number"} <= labels
    c = doc._.commitments[1]
    span = doc.char_span(c["start"], c["end"], alignment_mode="expand")
    assert c["text"] in span.text


def test_displacy_renders_the_entities() -> None:
    html = spacy.displacy.render(parsed(DAK_NONG), style="ent", jupyter=False)
    assert "PROVINCE" in html and "Đắk Nông" in html


def test_pipe_with_two_processes_gives_the_same_records() -> None:
    texts = [p.read_text(encoding="utf-8") for p in (DAK_LAK, DAK_NONG)]
    docs = list(nlp().pipe(texts, n_process=2, batch_size=1))
    assert [d.text for d in docs] == [parsed(DAK_LAK).text, parsed(DAK_NONG).text]
    assert [_key(d._.commitments) for d in docs] == [_key(parsed(p)._.commitments) for p in (DAK_LAK, DAK_NONG)]
    assert all(len(d.ents) > 0 for d in docs)


ENTRY_POINT_PROBE = """
import spacy
nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})  # spaCy's own, without pyvi
nlp.add_pipe("dxextract")
print(nlp("Đắk Lắk phấn đấu đến năm 2025, 100% dịch vụ công trực tuyến mức độ 4.")._.commitments[0]["text"])
"""


def test_component_is_found_by_name_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """What `pip install` makes of pyproject's entry points (a dist-info's entry_points.txt) lets
    spaCy find `dxextract` without the caller importing it."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    info = tmp_path / "dxextract_entry_points-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dxextract-entry-points\nVersion: 0\n")
    (info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items()) for group, points in groups.items()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    res = subprocess.run([sys.executable, "-c", ENTRY_POINT_PROBE], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip() == "100%"
