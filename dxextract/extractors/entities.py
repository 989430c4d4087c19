"""Named entities: provinces, places, organizations and people, and the article's province.

Provinces, towns and organizations come from gazetteers (patterns/provinces.yaml,
patterns/organizations.yaml) compiled into one trie-shaped pattern over the accent-folded text,
tried only where a proper noun can start (a capital, or a unit word such as `thành phố`), so
`Đăk Lăk`, `Daklak` and `ĐẮK LẮK` are one lookup, not one search per name. People and places
under a province come from the cue rules of patterns/entities.yaml (`ông …`, a surname run,
`huyện …`). underthesea's statistical NER is slow (~0.01 MB/s) and mislabels titles and document
numbers (`Chủ tịch UBND tỉnh` as LOC, `QĐ-UBND` as a person), so it only proposes people, only in
sentences with a digital-transformation keyword, and there only in the clauses around a run of
capitalised words no rule explained.
"""
from __future__ import annotations

import bisect
import itertools
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..document import Document
from ..provinces import (canonical_province, fold, is_place_name, province_of_district, province_of_town,
                         provincial_name, towns, unmark, variants)
from ..rules import alternation, load, trie
from ..rules import compile as compile_rule
from ..text import Span

log = logging.getLogger(__name__)

_NATIONAL, _LOCAL, _PRESS = "national", "local", "press"
_WORD_CHAR = r"[\p{L}\p{N}&/\-]"  # `UBND` inside `QĐ-UBND` is a symbol, not a mention
_SURFACE_JUNK = regex.compile(r"[^\p{L}\p{N}]+")
# How far after a name its tail (`… tỉnh`, `huyện`) may reach. Matches at a position are bounded by
# it: `regex` would otherwise scan the rest of the text for a pattern's required literal.
_TAIL = 120


@dataclass(frozen=True)
class Entry:
    """What a gazetteer spelling stands for."""

    label: str | None  # None: a longer name that hides a shorter one (`Thái Bình Dương`)
    norm: str
    province: str | None = None
    scope: str | None = None  # organizations: national, local, company or press
    head: bool = False  # may run on over lower-case words to `tỉnh …`
    needs_tail: bool = False  # names nothing without a province after it (`Báo`)


def _surface(s: str) -> str:
    """Case-free key that keeps accents: a written accent must match one of the entry's spellings."""
    return _SURFACE_JUNK.sub("", s.lower())


def _compact(folded: str) -> str:
    return _SURFACE_JUNK.sub("", folded)


_TIGHT = regex.compile(r"\s*([-.&])\s*")


def _atoms(spelling: str) -> list[str]:
    """A spelling as regex atoms over folded text, tolerant of spacing: `TP. HCM` ~ `tp.hcm`,
    `Bà Rịa - Vũng Tàu` ~ `ba ria-vung tau`."""
    tight = _TIGHT.sub(r"\1", fold(spelling))
    return [r"\s+" if c == " " else rf"\s*{regex.escape(c)}\s*" if c in "-.&" else regex.escape(c) for c in tight]


@dataclass(frozen=True)
class Gazetteer:
    pattern: regex.Pattern
    entries: dict[str, Entry]  # compact folded spelling -> entry
    surfaces: dict[str, frozenset[str]]  # compact folded spelling -> accented spellings
    blockers: regex.Pattern  # longer names that hide a shorter one, at any letter boundary


def _gazetteer_entries() -> Iterator[tuple[str, Entry]]:
    prov = load("provinces").data
    needs_prefix = set(prov.get("needs_prefix") or ())
    for name, spellings in variants().items():
        for s in spellings:
            if s not in needs_prefix:
                yield s, Entry("PROVINCE", name, province=name)
    for town, province in towns().items():
        yield town, Entry("LOC", town, province=province)
    for s in prov.get("not_provinces") or ():
        yield s, Entry(None, s)
    orgs = load("organizations").data
    for org in orgs["orgs"]:
        e = Entry("ORG", org["norm"], scope=org.get("scope"), head=bool(org.get("head")),
                  needs_tail=bool(org.get("needs_tail")))
        for s in org["forms"]:
            yield s, e
    for s in orgs.get("not_orgs") or ():
        yield s, Entry(None, s)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """All provinces, towns and organizations as one compiled alternation over folded text."""
    entries: dict[str, Entry] = {}
    surfaces: dict[str, set[str]] = {}
    spellings: list[list[str]] = []
    hiding: list[list[str]] = []
    for spelling, entry in _gazetteer_entries():
        k = _compact(fold(spelling))
        if entries.setdefault(k, entry) != entry:
            raise ValueError(f"gazetteer spelling {spelling!r} stands for two things")
        if not spelling[:1].isalnum():
            raise ValueError(f"gazetteer spelling {spelling!r} must start with a letter or digit")
        surfaces.setdefault(k, set()).add(_surface(spelling))
        spellings.append(_atoms(spelling))
        if entry.label is None:
            hiding.append(_atoms(spelling))
    # Every spelling starts a word: `\m` lets the engine skip to word starts (2x faster).
    pattern = compile_rule(rf"\m(?<!{_WORD_CHAR})(?:{trie(spellings)})(?!{_WORD_CHAR})")
    # A hiding name guards its inner name wherever it stands, even where the main pattern's
    # symbol boundary does not let it match (`Châu Á/Thái Bình Dương`).
    blockers = compile_rule(rf"(?<![\p{{L}}\p{{M}}])(?:{trie(hiding)})(?![\p{{L}}\p{{M}}])")
    return Gazetteer(pattern, entries, {k: frozenset(v) for k, v in surfaces.items()}, blockers)


@dataclass(frozen=True)
class _Links:
    """Patterns around a name (patterns/organizations.yaml); all but `capitalised` run on folded text."""

    gap: regex.Pattern  # between a name and its province: `` / ` tỉnh ` / ` TP. `
    bare: regex.Pattern  # a trailing `tỉnh` with no name after it: `HĐND tỉnh`
    lower: regex.Pattern  # a district or commune body: `UBND huyện`, `UBND các xã`
    run_on: regex.Pattern  # a descriptive head running on to `tỉnh`: `Ban Chỉ đạo … tỉnh`
    unit_end: regex.Pattern  # a name ending in its unit word: `Ban Chỉ đạo … tỉnh`
    capitalised: regex.Pattern  # a proper noun, maybe after its unit: `Hòa Bình`, `thành phố Huế`
    name_start: regex.Pattern  # a unit word in any case, or a word that starts with a capital


@lru_cache(maxsize=1)
def _links() -> _Links:
    data = load("organizations").data
    link = alternation([fold(w) for w in data["province_links"]])
    lower = alternation([fold(w) for w in data["lower_levels"]])
    unit = alternation([fold(w) for w in data["units"]])
    return _Links(
        gap=compile_rule(rf"\s*(?:{link}\s*)?"),
        bare=compile_rule(rf"\s+{link}(?!\w)"),
        lower=compile_rule(rf"\s+{lower}(?!\w)"),
        run_on=compile_rule(rf"(?:[ ]+\p{{L}}+){{0,8}}?[ ]+{unit}(?!\w)"),
        unit_end=compile_rule(rf"[ ]+{unit}$"),
        capitalised=compile_rule(rf"(?:(?i:{alternation(data['units'])})\s*)?\p{{Lu}}"),
        # any other case of a unit word starts with a capital
        name_start=compile_rule(rf"\m(?:\p{{Lu}}|{alternation([u.lower() for u in data['units']])})"),
    )


@dataclass
class Mention:
    start: int
    end: int
    label: str
    norm: str
    province: str | None = None
    scope: str | None = None  # organizations; a `local` one without province is the article's

    def record(self, text: str) -> dict:
        rec = {"type": "entity", "start": self.start, "end": self.end, "text": text[self.start:self.end],
               "label": self.label, "norm": self.norm}
        if self.province:
            rec["province"] = self.province
        if self.scope:
            rec["scope"] = self.scope
        return rec


def _accepted(text: str, start: int, end: int, key: str, g: Gazetteer) -> bool:
    """A proper-noun use (`Hòa Bình`, `thành phố Hồ Chí Minh`, not `hòa bình`) with the accents
    of a known spelling, or with none at all (`Dak Lak`)."""
    written = text[start:end]
    if not _links().capitalised.match(written):
        return False
    return written == unmark(written) or _surface(written) in g.surfaces[key]


def _hidden(start: int, end: int, blocked: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies inside a longer name that is not about it (`Thái Bình Dương`)."""
    return any(bs <= start and end <= be and be - bs > end - start for bs, be in blocked)


def _name_starts(text: str) -> list[int]:
    """Where a proper noun can start (see `_accepted`): a capitalised word, or a unit word before
    one (`thành phố Huế`). The gazetteer is tried only there, not at every letter of the text."""
    return [m.start() for m in _links().name_start.finditer(text)]


def _gazetteer_matches(text: str, folded: str) -> list[tuple[int, int, Entry]]:
    g = gazetteer()
    blocked = [m.span() for m in g.blockers.finditer(folded)]
    out = []
    end = -1
    for start in _name_starts(text):
        if start < end or not (m := g.pattern.match(folded, start)):
            continue
        end = m.end()
        key = _compact(m.group(0))
        entry = g.entries.get(key)
        if entry and not _hidden(m.start(), m.end(), blocked) and _accepted(text, m.start(), m.end(), key, g):
            out.append((m.start(), m.end(), entry))
    return out


def _org(text: str, folded: str, start: int, end: int, entry: Entry,
         nxt: tuple[int, int, Entry] | None) -> tuple[Mention, bool] | None:
    """An organization with its province tail attached; True when it swallowed `nxt`."""
    links = _links()
    norm = entry.norm
    if entry.head:
        m = links.run_on.match(folded, end, end + _TAIL)
        if m and not (nxt and nxt[0] < m.end()):
            norm, end = entry.norm + text[end:m.end()], m.end()
    if nxt and nxt[2].province and entry.scope != _NATIONAL and links.gap.fullmatch(folded, end, nxt[0]):
        province = nxt[2].province
        if nxt[2].label == "LOC":
            norm += text[end:nxt[1]]  # `Ủy ban nhân dân TP. Gia Nghĩa`
        elif entry.scope == _PRESS:
            norm = f"{norm} {province}"  # `Báo Đắk Lắk`, the paper's name
        elif entry.scope == _LOCAL:
            unit = links.unit_end.search(fold(norm))
            norm = f"{norm[:unit.start()] if unit else norm} {provincial_name(province)}"
        return Mention(start, nxt[1], "ORG", norm, province, entry.scope), True
    if entry.needs_tail:
        return None
    if entry.scope == _LOCAL and not links.lower.match(folded, end, end + _TAIL):
        bare = links.bare.match(folded, end, end + _TAIL)  # `HĐND tỉnh`
        end = bare.end() if bare else end
    return Mention(start, end, "ORG", norm, None, entry.scope), False


def _gazetteer_mentions(text: str) -> list[Mention]:
    folded = fold(text)
    matches = _gazetteer_matches(text, folded)
    out: list[Mention] = []
    i = 0
    while i < len(matches):
        start, end, entry = matches[i]
        i += 1
        if entry.label == "ORG":
            nxt = matches[i] if i < len(matches) else None
            found = _org(text, folded, start, end, entry, nxt)
            if found:
                out.append(found[0])
                i += found[1]
        elif entry.label:
            out.append(Mention(start, end, entry.label, entry.norm, entry.province))
    return out


def _rule_mention(label: str, m: regex.Match) -> Mention:
    s, e = m.span("name")
    name = m.group("name")
    if label == "LOC":
        return Mention(s, e, label, name, province_of_town(name) or province_of_district(name))
    if label == "ORG":
        tail = m.groupdict().get("tail")
        return Mention(s, e, label, name, canonical_province(tail) if tail else None)
    return Mention(s, e, label, name)


def _rule_mentions(text: str) -> Iterator[Mention]:
    """People, places and named companies from the cue rules of patterns/entities.yaml."""
    for rule in load("entities").rules.values():
        for m in rule.regex.finditer(text):
            yield _rule_mention(rule.meta["label"], m)


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


# ---------------------------------------------------------------------------------------------
# underthesea, on the few sentences worth it

@lru_cache(maxsize=1)
def _ner():
    from underthesea import ner

    return ner


@lru_cache(maxsize=1)
def _ner_keyword() -> regex.Pattern:
    return compile_rule(f"\\m(?i:{alternation(load('entities').data['ner_keywords'])})")


_NAME_SHAPED_RUN = compile_rule(r"(?<![\p{L}])\p{Lu}\p{Ll}*(?:[ ]\p{Lu}\p{Ll}*)+(?![\p{L}])")
_CLAUSE_EDGE = regex.compile(r"[,;:()\[\]\"“”]")


def _open_runs(text: str, found: list[Mention]) -> list[Span]:
    """Runs of capitalised words that no mention overlaps, in text order: only such a run can give
    a person underthesea would add (see `_name_shaped`)."""
    spans = sorted((m.start, m.end) for m in found)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))  # furthest end so far
    out = []
    for m in _NAME_SHAPED_RUN.finditer(text):
        i = bisect.bisect_left(starts, m.end())  # the mentions that start before the run ends
        if i == 0 or reach[i - 1] <= m.start():
            out.append(m.span())
    return out


def _clause(text: str, s: int, e: int, run: tuple[int, int]) -> tuple[int, int]:
    """The clause of sentence [s, e) around `run`: between the punctuation marks that bound it."""
    before = [m.end() for m in _CLAUSE_EDGE.finditer(text, s, run[0])]
    after = _CLAUSE_EDGE.search(text, run[1], e)
    return (before[-1] if before else s), (after.start() if after else e)


def _ner_people(doc: Document, found: list[Mention]) -> Iterator[Mention]:
    """underthesea PER spans, name-shaped only, in the sentences that could hold a commitment (a
    digital-transformation keyword), and there only in the clauses around a capitalised run
    nothing else explained: the model runs at ~0.01 MB/s, so it segments and tags those alone."""
    text, keyword = doc.text, _ner_keyword()
    if not keyword.search(text):
        return  # most news: no sentence can qualify
    for (s, e), runs in itertools.groupby(_open_runs(text, found), key=lambda run: doc.sentence_of(run[0])):
        if not keyword.search(text, s, e):
            continue
        done = -1
        for run in runs:
            cs, ce = _clause(text, s, e, run)
            if cs < done:
                continue  # this clause was tagged with an earlier run
            done = ce
            try:
                tagged = _ner()(text[cs:ce])
            except Exception:  # a model failure costs this clause's people, never the article
                log.warning("underthesea ner failed on a clause at %d", cs, exc_info=True)
                continue
            yield from _people_from_tags(text, cs, ce, tagged)


def _people_from_tags(text: str, s: int, e: int, tagged: list[tuple]) -> Iterator[Mention]:
    cursor, run = s, []
    for word, *_, tag in tagged:
        i = text.find(word, cursor, e)
        if i < 0:
            continue
        cursor = i + len(word)
        if tag.endswith("PER") and (tag.startswith("I-") and run or tag.startswith("B-")):
            run = run + [(i, cursor)] if tag.startswith("I-") else [(i, cursor)]
            continue
        yield from _name_shaped(text, run)
        run = []
    yield from _name_shaped(text, run)


def _name_shaped(text: str, run: list[tuple[int, int]]) -> Iterator[Mention]:
    """Only runs of 2+ capitalised words without digits or acronyms, not a commune's name, are
    taken for people (underthesea tags `Đắk Lao` and `QĐ-UBND` as persons)."""
    if not run:
        return
    start, end = run[0][0], run[-1][1]
    words = text[start:end].split()
    shaped = len(words) >= 2 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
    if shaped and not is_place_name(text[start:end]):
        yield Mention(start, end, "PER", text[start:end])


# ---------------------------------------------------------------------------------------------

def mentions(doc: Document, use_ner: bool = True) -> list[Mention]:
    """Gazetteer mentions first; then rule mentions where they find something new or wider;
    then underthesea's people where nothing was found."""
    found = _gazetteer_mentions(doc.text)
    for m in _rule_mentions(doc.text):
        _add(found, m)
    if use_ner:
        for m in list(_ner_people(doc, found)):
            if not _overlaps(m, found):
                found.append(m)
    return sorted(found, key=lambda m: (m.start, m.end))


def extract(doc: Document) -> list[dict]:
    return [m.record(doc.text) for m in mentions(doc)]


# ---------------------------------------------------------------------------------------------
# Province of an article and of a span

def _province_of(rec: dict) -> str | None:
    if rec.get("scope") == _NATIONAL:
        return None
    return rec.get("province") or (rec["norm"] if rec.get("label") == "PROVINCE" else None)


def _unique(provinces: Iterable[str | None]) -> str | None:
    found = {p for p in provinces if p}
    return found.pop() if len(found) == 1 else None


def _top(counts: Counter) -> str | None:
    ranked = counts.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


_LEAD_LINES, _LEAD_CHARS = 3, 400  # the title, stamp and lead; a one-line body is cut short
_REPEATED = 2  # mentions a province needs to be the article's without a title or credit


def _lead_end(text: str) -> int:
    """End of the title, stamp and lead: the first three lines, at most `_LEAD_CHARS`."""
    end = -1
    for _ in range(_LEAD_LINES):
        end = text.find("\n", end + 1)
        if end < 0:
            return min(len(text), _LEAD_CHARS)
    return min(end, _LEAD_CHARS)


def _in_parentheses(text: str, start: int) -> bool:
    """An aside (`(số 1, quận Cầu Giấy, TP. Hà Nội)`): an example, not the subject."""
    line = text.rfind("\n", 0, start) + 1
    return text.rfind("(", line, start) > text.rfind(")", line, start)


def _subject_provinces(text: str, ents: list[dict]) -> list[tuple[int, str]]:
    """(offset, province) of the mentions that may make an article provincial: not in an aside."""
    return [(r["start"], p) for r in ents if (p := _province_of(r)) and not _in_parentheses(text, r["start"])]


@lru_cache(maxsize=1)
def _scope_cues() -> tuple[regex.Pattern, regex.Pattern]:
    """(national, local) cue patterns of patterns/entities.yaml."""
    data = load("entities").data

    def edged(k: str) -> regex.Pattern:
        return compile_rule(r"(?<![\p{L}\p{M}])(?:" + "|".join(data[k]) + r")(?![\p{L}\p{M}])")

    return edged("national_cues"), edged("local_cues")


def _inside(ents: list[dict], start: int, end: int) -> list[dict]:
    return [r for r in ents if start <= r["start"] and r["end"] <= end]


def _is_local(text: str, ents: list[dict], start: int, end: int) -> bool:
    """A provincial body (`HĐND tỉnh`, `Sở Nội vụ`) or `tỉnh`, `thành phố` alone in text[start:end]."""
    return (any(r.get("scope") == _LOCAL for r in _inside(ents, start, end))
            or _scope_cues()[1].search(text, start, end) is not None)


def _is_national(text: str, ents: list[dict], start: int, end: int) -> bool:
    inside = _inside(ents, start, end)
    if any(_province_of(r) for r in inside) or _is_local(text, ents, start, end):
        return False
    return any(r.get("scope") == _NATIONAL for r in inside) or _scope_cues()[0].search(text, start, end) is not None


def sentence_is_national(doc: Document, start: int, end: int) -> bool:
    """Whether text[start:end] reports a national figure: it has a national cue (`cả nước`,
    `toàn quốc`, `Thủ tướng`, `Chính phủ`, `Bộ Y tế`, `các bộ, ngành`, a national body) and no local one
    (a named province, a provincial body such as `UBND`, `Sở`, or `tỉnh`, `thành phố` used alone).
    A national sentence takes precedence over the article's province: its figures have province
    None even in a provincial article. `sentence_province` is not affected (it still names the one
    province a sentence writes, which a national sentence never has)."""
    return _is_national(doc.text, doc.entities, start, end)


def article_province(doc: Document, entities: list[dict] | None = None) -> str | None:
    """The province an article is about. A province must dominate: named in the title; or in the
    lead and at least `_REPEATED` times in all; or the press credit's (`Nguồn: Báo Đắk Lắk`); or the
    only province named by an article whose lead is provincial (`HĐND tỉnh`, then `TP Vinh` once,
    unless a provincial outlet says otherwise);
    or, unless the lead is national (`Thủ tướng Chính phủ vừa ban hành…`), the one named most and
    at least `_REPEATED` times; else the outlet's province from metadata. Mentions in an aside (an
    example address in parentheses) do not count, so one incidental `TP. Hà Nội` leaves a national
    article national."""
    ents = doc.entities if entities is None else entities
    text = doc.text
    named = _subject_provinces(text, ents)
    everywhere = Counter(p for _, p in named)
    title_end = text.find("\n") if "\n" in text else len(text)
    title = _unique(p for i, p in named if i < title_end)
    if title:
        return title
    lead_end = _lead_end(text)
    lead = Counter({p: everywhere[p] for i, p in named if i < lead_end and everywhere[p] >= _REPEATED})
    credit = _unique(_province_of(r) for r in ents if r.get("scope") == _PRESS)
    dominant = _top(lead) or credit
    if dominant:
        return dominant
    only = next(iter(everywhere)) if len(everywhere) == 1 else None
    if only and _is_local(text, ents, 0, lead_end) and (doc.province is None or everywhere[only] >= _REPEATED):
        return only  # one mention outweighs no outlet, not a provincial outlet's own province
    if _is_national(text, ents, 0, lead_end):
        return doc.province
    top = _top(everywhere)
    return top if top and everywhere[top] >= _REPEATED else doc.province


def sentence_province(doc: Document, start: int, end: int) -> str | None:
    """The province named in text[start:end], when it names exactly one."""
    return _unique(_province_of(r) for r in doc.entities if start <= r["start"] and r["end"] <= end)
