"""The working state of one text as it passes through the extractors.

A `Document` holds the normalized text, what is known about it (publication date, the outlet's
province from its metadata) and what each stage has found so far (the article's province, the
mentions), so later stages (legal references need dates; commitments need everything) read
earlier results instead of recomputing them: it is the only channel between stages, and
`pipeline.STAGES` declares which fields each one reads and writes. Sentences are segmented once; words only on demand, for the clauses that need
them, because underthesea's word segmentation is the slowest step by far.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from .text import Span, sentence_spans, tagged_words, word_spans

T = TypeVar("T")


@dataclass
class Document:
    text: str
    published: date | None = None
    province: str | None = None  # the outlet's home province from metadata, if any
    published_inferred: bool = False  # `published` is the latest date the text states, not metadata
    article_province: str | None = None  # the province the article is about, set once by its stage
    entities: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    legal_refs: list[dict] = field(default_factory=list)
    numbers: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)
    _words: dict[tuple, list] = field(default_factory=dict, repr=False)
    _derived: dict[str, tuple[tuple, Any]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans, in text order."""
        return sentence_spans(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_of(self, offset: int) -> Span:
        """The sentence span holding `offset` (the line around it when no sentence does)."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0:
            s, e = self.sentences[i]
            if s <= offset < e or (offset == e and e > s):
                return s, e
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def sentence_before(self, sentence: Span) -> Span | None:
        """The sentence before `sentence` in its paragraph (none across a line break)."""
        before = self.sentence_of(sentence[0] - 1) if sentence[0] else None
        return before if before is not None and "\n" not in self.text[before[1]:sentence[0]] else None

    def sentence_text(self, offset: int) -> str:
        s, e = self.sentence_of(offset)
        return self.text[s:e]

    def words(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """underthesea words of text[start:end] (cached per span)."""
        key = ("w", start, end)
        if key not in self._words:
            self._words[key] = word_spans(self.text, start, end)
        return self._words[key]

    def tagged(self, start: int, end: int) -> list[tuple[str, str, int, int]]:
        """underthesea words with part-of-speech tags of text[start:end] (cached per span)."""
        key = ("t", start, end)
        if key not in self._words:
            self._words[key] = tagged_words(self.text, start, end)
        return self._words[key]

    def derived(self, key: str, reads: tuple[str, ...], compute: Callable[[], T]) -> T:
        """`compute()`, kept while the fields named in `reads` hold the same objects: what a stage
        asks of the article many times (once per sentence) is worked out once. Stages assign their
        results (pipeline.apply), so a reassigned field, not an edited one, makes it stale."""
        basis = tuple(getattr(self, name) for name in reads)
        kept = self._derived.get(key)
        if kept is None or any(a is not b for a, b in zip(kept[0], basis, strict=True)):
            kept = self._derived[key] = (basis, compute())
        return kept[1]

    def mentions(self) -> list[dict]:
        """All records found so far, in text order."""
        recs = self.entities + self.dates + self.legal_refs + self.numbers + self.commitments
        return sorted(recs, key=lambda r: (r["start"], r["end"], r["type"]))
