"""Named entities: provinces, places, organizations and people, and the article's province.

Provinces, towns and organizations come from gazetteers (entity_gazetteer.py). People and places
under a province come from the cue rules of patterns/entities.yaml (`ông …`, a surname run,
`huyện …`). underthesea's statistical NER only proposes people, in the few clauses worth it
(entity_people.py). The article's and a sentence's province are read from these records
(subject_province.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from ..document import Document
from ..provinces import canonical_province, province_of_district, province_of_town, province_of_ward
from ..rules import Rule, load
from ..rules import compile as compile_rule
from .entity_gazetteer import gazetteer_mentions
from .entity_mention import NATIONAL, Mention
from .entity_people import ner_people
from .subject_province import after_merger, article_province, province_before, sentence_is_local, sentence_is_national, sentence_province

__all__ = ["Mention", "after_merger", "article_province", "extract", "mentions", "province_before", "sentence_is_local",
           "sentence_is_national", "sentence_province"]


def _rule_mention(rule: Rule, m: regex.Match) -> Mention:
    s, e = m.span("name")
    name, label = m.group("name"), rule.meta["label"]
    if label == "LOC":  # a commune or ward is looked up as one (`phường Tân Hưng`), not as the district of its name
        province = province_of_town(name) or (province_of_ward if rule.meta.get("level") == "commune" else province_of_district)(name)
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


@lru_cache(maxsize=1)
def _ministry_lists() -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    """The plural head of a list of ministries, one item of it, and each ministry by its short name."""
    orgs = load("organizations").lexicon
    short = {form.removeprefix("Bộ ").casefold(): org.norm for org in orgs.orgs if org.scope == NATIONAL
             for form in org.forms if form.startswith("Bộ ")}
    return compile_rule(orgs.ministry_list), compile_rule(orgs.ministry_item), short


def _listed_ministries(text: str, found: list[Mention]) -> Iterator[Mention]:
    """Ministries a plural head lists by their short names (`Các Bộ Tư pháp, Tài chính, Công Thương`,
    `3 bộ: Công Thương, Tài chính`): each a ministry of its own, as `Bộ Tài chính` would be."""
    head, list_item, short = _ministry_lists()
    for m in head.finditer(text):
        at = m.end()
        while (item := list_item.match(text, at)) is not None:
            named = next((f for f in found if f.label == "ORG" and f.start <= item.start("name") < f.end), None)
            if named is not None:  # a body the list names in full (`Các Bộ Nội vụ, …`, `…, Ngân hàng Nhà nước, …`)
                at = named.end
                continue
            if (norm := short.get(item["name"].casefold())) is None:
                break
            yield Mention(item.start("name"), item.end("name"), "ORG", norm, None, NATIONAL, "ministry_list")
            at = item.end()


def mentions(doc: Document, use_ner: bool = True) -> list[Mention]:
    """Gazetteer mentions first; then rule mentions where they find something new or wider, and
    ministries a plural head lists by short name; then underthesea's people where nothing was found."""
    found = gazetteer_mentions(doc.text)
    for m in _rule_mentions(doc.text):
        _add(found, m)
    found.extend(list(_listed_ministries(doc.text, found)))
    if use_ner:
        for m in list(ner_people(doc, found)):
            if not _overlaps(m, found):
                found.append(m)
    return sorted(found, key=lambda m: (m.start, m.end))


def extract(doc: Document) -> list[dict]:
    return [m.record(doc.text) for m in mentions(doc)]
