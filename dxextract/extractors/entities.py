"""Named entities: provinces, places, organizations and people, and the article's province.

Provinces, towns and organizations come from gazetteers (entity_gazetteer.py). People and places
under a province come from the cue rules of patterns/entities.yaml (`ông …`, a surname run,
`huyện …`). underthesea's statistical NER only proposes people, in the few clauses worth it
(entity_people.py). The article's and a sentence's province are read from these records
(subject_province.py).
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from ..document import Document
from ..provinces import canonical_province, province_of_district, province_of_town
from ..rules import Rule, load
from .entity_gazetteer import gazetteer_mentions
from .entity_mention import Mention
from .entity_people import ner_people
from .subject_province import after_merger, article_province, province_before, sentence_is_local, sentence_is_national, sentence_province

__all__ = ["Mention", "after_merger", "article_province", "extract", "mentions", "province_before", "sentence_is_local",
           "sentence_is_national", "sentence_province"]


def _rule_mention(rule: Rule, m: regex.Match) -> Mention:
    s, e = m.span("name")
    name, label = m.group("name"), rule.meta["label"]
    if label == "LOC":
        province = province_of_town(name) or province_of_district(name)
    elif label == "ORG" and (tail := m.groupdict().get("tail")):
        province = canonical_province(tail)
    else:
        province = None
    return Mention(s, e, label, name, province, rule=rule.name)


def _rule_mentions(text: str) -> Iterator[Mention]:
    """People, places and named companies from the cue rules of patterns/entities.yaml (a rule with
    anchors tried only where they stand)."""
    found: dict = {}
    for rule in load("entities").rules.values():
        for m in rule.scan(text, found):
            yield _rule_mention(rule, m)


def _overlaps(m: Mention, taken: list[Mention]) -> bool:
    return any(m.start < t.end and t.start < m.end for t in taken)


def _add(found: list[Mention], m: Mention) -> None:
    """Add `m` unless it overlaps a mention it does not wholly cover; what it covers gives way
    (`Tập đoàn FPT` over `FPT`, but `Bà Rịa - Vũng Tàu` keeps `Rịa` from becoming a person)."""
    hit = [t for t in found if m.start < t.end and t.start < m.end]
    if all(m.start <= t.start and t.end <= m.end and (t.end - t.start) < (m.end - m.start) for t in hit):
        for t in hit:
            found.remove(t)
        found.append(m)


def mentions(doc: Document, use_ner: bool = True) -> list[Mention]:
    """Gazetteer mentions first; then rule mentions where they find something new or wider;
    then underthesea's people where nothing was found."""
    found = gazetteer_mentions(doc.text)
    for m in _rule_mentions(doc.text):
        _add(found, m)
    if use_ner:
        for m in list(ner_people(doc, found)):
            if not _overlaps(m, found):
                found.append(m)
    return sorted(found, key=lambda m: (m.start, m.end))


def extract(doc: Document) -> list[dict]:
    return [m.record(doc.text) for m in mentions(doc)]
