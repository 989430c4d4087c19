"""spaCy integration: a Vietnamese pipeline whose one component runs dxextract.

    nlp = dx.nlp()                      # make_nlp(); dx.nlp(words=True) for underthesea words as tokens
    doc = nlp(text)
    doc.ents                            # PROVINCE / LOC / ORG / PER, `kb_id_` = the canonical name
    doc._.commitments, doc._.numbers, doc._.dates, doc._.legal_refs   # SCHEMA.md records
    doc.spans["dx"]                     # every record as a span labelled with its type
    list(doc.sents)                     # the sentences the records quote
    spacy.displacy.render(doc, style="ent")
    nlp.pipe(texts, n_process=2)

The component is registered as a `spacy_factories` entry point, so once dxextract is installed
`spacy.blank("vi").add_pipe("dxextract")` works without importing this module first.

spaCy's own Vietnamese tokenizer needs pyvi. This one splits syllables and punctuation; with
`words=True` it uses underthesea's words, the segmenter `Document.words` uses, at the price of
the library's slowest step on every line. The text is normalized (SCHEMA.md) before tokenizing,
so record offsets are offsets into `doc.text`.
"""
from __future__ import annotations

from collections.abc import Callable

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import DummyTokenizer, filter_spans, get_words_and_spaces, registry
from spacy.vocab import Vocab

from .document import Document
from .pipeline import analyse
from .readers import parse_published
from .schema import TABLE_OF
from .text import normalize, word_spans

# The record lists each Doc carries, one per record type but entities (those are `doc.ents`).
RECORD_LISTS = tuple(table for kind, table in TABLE_OF.items() if kind != "entity")
# A number as written (46,14 or 2.000), a syllable, or one mark.
_SYLLABLE = regex.compile(r"\d+(?:[.,]\d+)*|[\w\p{M}]+|[^\w\s]")

for _name in RECORD_LISTS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class VietnameseTokenizer(DummyTokenizer):
    """Syllables and punctuation as tokens, or underthesea words when `words` is set; whitespace
    other than one space after a token becomes a token of its own (spaCy's convention)."""

    def __init__(self, vocab: Vocab, words: bool = False) -> None:
        self.vocab = vocab
        self.words = words

    def __call__(self, text: str) -> Doc:
        text = normalize(text)
        tokens = self._underthesea(text) if self.words else _SYLLABLE.findall(text)
        words, spaces = get_words_and_spaces(tokens, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    @staticmethod
    def _underthesea(text: str) -> list[str]:
        """underthesea's words, line by line (it does not segment across a line break)."""
        out: list[str] = []
        start = 0
        for line in text.split("\n"):
            if line.strip():
                out.extend(w for w, _, _ in word_spans(text, start, start + len(line)))
            start += len(line) + 1
        return out


@registry.tokenizers("dxextract.VietnameseTokenizer.v1")
def create_tokenizer(words: bool = False) -> Callable[[Language], VietnameseTokenizer]:
    def make(nlp: Language) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab, words)

    return make


def _span(doc: Doc, rec: dict, label: str, kb_id: str = "") -> Span | None:
    return doc.char_span(rec["start"], rec["end"], label=label, kb_id=kb_id or "", alignment_mode="expand")


def _set_sentence_starts(doc: Doc, sentences: list[tuple[int, int]]) -> None:
    """Sentence boundaries from the Document's sentences: a sentence starts at the first
    non-space token at or after its first character (`doc.sents` then needs no parser)."""
    starts = iter(sorted(s for s, _ in sentences))
    nxt, pending = next(starts, None), False
    for i, token in enumerate(doc):
        while nxt is not None and nxt < token.idx + len(token):
            pending, nxt = True, next(starts, None)
        token.is_sent_start = i == 0 or (pending and not token.is_space)
        pending = pending and not token.is_sent_start


class DxComponent:
    """Runs every dxextract stage over the doc's text and attaches what they find."""

    def __init__(self, published: str | None = None) -> None:
        self.published = parse_published(published)

    def __call__(self, doc: Doc) -> Doc:
        found = analyse(Document(text=doc.text, published=self.published))
        ents = [s for r in found.entities if (s := _span(doc, r, r["label"], r.get("norm") or ""))]
        doc.ents = filter_spans(ents)
        records: list[Span] = []
        for name in RECORD_LISTS:
            recs = getattr(found, name)
            doc._.set(name, recs)
            records.extend(s for r in recs if (s := _span(doc, r, r["type"])))
        doc.spans["dx"] = records
        _set_sentence_starts(doc, found.sentences)
        return doc


@Language.factory("dxextract", default_config={"published": None},
                  assigns=["doc.ents", "doc.spans", "token.is_sent_start", *(f"doc._.{n}" for n in RECORD_LISTS)])
def create_dxextract(nlp: Language, name: str, published: str | None) -> DxComponent:
    """`published` (YYYY-MM-DD) resolves unstated years; without it the text's own dates do."""
    return DxComponent(published)


def make_nlp(published: str | None = None, words: bool = False) -> Language:
    """A Vietnamese spaCy pipeline: syllable (or, with `words`, underthesea word) tokens, then the
    `dxextract` component."""
    tokenizer = {"@tokenizers": "dxextract.VietnameseTokenizer.v1", "words": words}
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("dxextract", config={"published": published})
    return nlp
