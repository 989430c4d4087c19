"""spaCy integration: a Vietnamese pipeline whose tokens are underthesea words and whose one
component runs dxextract.

    nlp = dx.nlp()                      # make_nlp()
    doc = nlp(text)
    doc.ents                            # PROVINCE / LOC / ORG / PER, `kb_id_` = the canonical name
    doc._.commitments, doc._.numbers, doc._.dates, doc._.legal_refs   # SCHEMA.md records
    doc.spans["dx"]                     # every record as a span labelled with its type
    spacy.displacy.render(doc, style="ent")
    nlp.pipe(texts, n_process=2)

spaCy's own Vietnamese tokenizer needs pyvi; this one uses underthesea, the segmenter the rest of
the library uses, so token boundaries agree with `Document.words`. The text is normalized
(SCHEMA.md) before tokenizing, so record offsets are offsets into `doc.text`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry
from spacy.vocab import Vocab

from .document import Document
from .pipeline import analyse
from .text import normalize, word_spans

RECORD_TYPES = ("legal_refs", "dates", "numbers", "commitments")
_GAP = regex.compile(r"\s+|\S+")

for _name in RECORD_TYPES:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class VietnameseTokenizer:
    """underthesea words as spaCy tokens; whitespace other than one space becomes its own token."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        text = normalize(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for line_start, line_end in _lines(text):
            for _, s, e in word_spans(text, line_start, line_end) if line_end > line_start else []:
                _add_gap(text[pos:s], words, spaces)
                words.append(text[s:e])
                spaces.append(False)
                pos = e
        _add_gap(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_bytes(self, **kwargs) -> bytes:  # nothing to save: the segmenter is underthesea's
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> VietnameseTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> VietnameseTokenizer:
        return self


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Text between two words: one space marks the previous token; anything else is tokens."""
    if not gap:
        return
    if gap[0] == " " and words and not spaces[-1]:
        spaces[-1] = True
        gap = gap[1:]
    for m in _GAP.finditer(gap):
        words.append(m.group(0))
        spaces.append(False)


@registry.tokenizers("dxextract.VietnameseTokenizer.v1")
def create_tokenizer() -> Callable[[Language], VietnameseTokenizer]:
    def make(nlp: Language) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab)

    return make


def _span(doc: Doc, rec: dict, label: str, kb_id: str = "") -> Span | None:
    return doc.char_span(rec["start"], rec["end"], label=label, kb_id=kb_id or "", alignment_mode="expand")


class DxComponent:
    """Runs every dxextract stage over the doc's text and attaches what they find."""

    def __init__(self, published: str | None = None) -> None:
        self.published = date.fromisoformat(published) if published else None

    def __call__(self, doc: Doc) -> Doc:
        found = analyse(Document(text=doc.text, published=self.published))
        ents = [s for r in found.entities if (s := _span(doc, r, r["label"], r.get("norm") or ""))]
        doc.ents = filter_spans(ents)
        records: list[Span] = []
        for name in RECORD_TYPES:
            recs = getattr(found, name)
            doc._.set(name, recs)
            records.extend(s for r in recs if (s := _span(doc, r, r["type"])))
        doc.spans["dx"] = records
        return doc


@Language.factory("dxextract", default_config={"published": None})
def create_dxextract(nlp: Language, name: str, published: str | None) -> DxComponent:
    """`published` (YYYY-MM-DD) resolves unstated years; without it the text's own dates do."""
    return DxComponent(published)


def make_nlp(published: str | None = None) -> Language:
    """A Vietnamese spaCy pipeline: underthesea tokens, then the `dxextract` component."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "dxextract.VietnameseTokenizer.v1"}}})
    nlp.add_pipe("dxextract", config={"published": published})
    return nlp
