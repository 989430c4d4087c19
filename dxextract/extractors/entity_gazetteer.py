"""Provinces, towns and organizations from the gazetteers (patterns/provinces.yaml,
patterns/organizations.yaml), compiled into one trie-shaped pattern over the accent-folded text and
tried only where a proper noun can start (a capital, or a unit word such as `thành phố`), so
`Đăk Lăk`, `Daklak` and `ĐẮK LẮK` are one lookup, not one search per name. An organization takes
the province written after it (`UBND tỉnh Đắk Lắk`)."""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..provinces import fold, province_of_district, province_of_ward, provincial_name, towns, unmark, variants
from ..rules import alternation, load, scan, trie
from ..rules import compile as compile_rule
from .entity_mention import LOCAL, NATIONAL, PRESS, Mention

GAZETTEER = "gazetteer"  # the `rule` of a mention found by name (provinces.yaml, organizations.yaml)

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


def _tight(spelling: str) -> str:
    """A spelling folded, without spaces around its joiners: the characters `_atoms` reads."""
    return _TIGHT.sub(r"\1", fold(spelling))


def _atoms(spelling: str) -> list[str]:
    """A spelling as regex atoms over folded text, tolerant of spacing: `TP. HCM` ~ `tp.hcm`,
    `Bà Rịa - Vũng Tàu` ~ `ba ria-vung tau`."""
    return [r"\s+" if c == " " else rf"\s*{regex.escape(c)}\s*" if c in "-.&" else regex.escape(c) for c in _tight(spelling)]


_OPENING_CHARS = 4  # enough to tell most words apart (`than` of `thanh hoa`, not `the`), in one short match
_OPENING = regex.compile(rf"[\p{{L}}\p{{N}}]{{0,{_OPENING_CHARS}}}")


def _opening(folded: str, start: int = 0) -> str:
    """The letters and digits (at most four) a folded text holds from `start`, with a space when
    fewer: then a blank, a joiner, another sign or the text's end comes next. The gazetteer's
    pattern reads a spelling's letters and digits as they are, and where the spelling has anything
    else or ends, the text it matches has no letter or digit either (a blank for its spaces, a joiner
    or sign as written, no word character after its end): a match opens as its spelling does."""
    run = _OPENING.match(folded, start).group()
    return run if len(run) == _OPENING_CHARS else run + " "


@dataclass(frozen=True)
class Gazetteer:
    pattern: regex.Pattern
    entries: dict[str, Entry]  # compact folded spelling -> entry
    surfaces: dict[str, frozenset[str]]  # compact folded spelling -> accented spellings
    blockers: regex.Pattern  # longer names that hide a shorter one, at any letter boundary
    blocker_starts: tuple[regex.Pattern, ...]  # their first words: where a blocker can begin
    openings: frozenset[str]  # how the spellings open (`_opening`)

    def may_open(self, folded: str, start: int) -> bool:
        """Can a spelling begin at `start`? One short match and a set lookup instead of a trial of
        the whole trie, which ~95% of the places a proper noun can start (`_name_starts`) fail."""
        return _opening(folded, start) in self.openings


def _gazetteer_entries() -> Iterator[tuple[str, Entry]]:
    prov = load("provinces").lexicon
    for name, spellings in variants().items():
        for s in spellings:
            if s not in prov.needs_prefix:
                yield s, Entry("PROVINCE", name, province=name)
    for town, province in towns().items():
        yield town, Entry("LOC", town, province=province)
    for s in prov.not_provinces:
        yield s, Entry(None, s)
    orgs = load("organizations").lexicon
    for org in orgs.orgs:
        e = Entry("ORG", org.norm, scope=org.scope, head=org.head, needs_tail=org.needs_tail)
        for s in org.forms:
            yield s, e
    for s in orgs.not_orgs:
        yield s, Entry(None, s)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """All provinces, towns and organizations as one compiled alternation over folded text."""
    entries: dict[str, Entry] = {}
    surfaces: dict[str, set[str]] = {}
    spellings: list[list[str]] = []
    hiding: list[list[str]] = []
    written: list[str] = []
    for spelling, entry in _gazetteer_entries():
        k = _compact(fold(spelling))
        if entries.setdefault(k, entry) != entry:
            raise ValueError(f"gazetteer spelling {spelling!r} stands for two things")
        if not spelling[:1].isalnum():
            raise ValueError(f"gazetteer spelling {spelling!r} must start with a letter or digit")
        surfaces.setdefault(k, set()).add(_surface(spelling))
        spellings.append(_atoms(spelling))
        written.append(spelling)
        if entry.label is None:
            hiding.append(_atoms(spelling))
    # Every spelling starts a word: `\m` lets the engine skip to word starts (2x faster).
    pattern = compile_rule(rf"\m(?<!{_WORD_CHAR})(?:{trie(spellings)})(?!{_WORD_CHAR})")
    # A hiding name guards its inner name wherever it stands, even where the main pattern's
    # symbol boundary does not let it match (`Châu Á/Thái Bình Dương`).
    blockers = compile_rule(rf"(?<![\p{{L}}\p{{M}}])(?:{trie(hiding)})(?![\p{{L}}\p{{M}}])")
    return Gazetteer(pattern, entries, {k: frozenset(v) for k, v in surfaces.items()}, blockers,
                     tuple(compile_rule(first) for first in sorted({_first_word(atoms) for atoms in hiding})),
                     frozenset(_opening(_tight(s)) for s in written))


def _first_word(atoms: list[str]) -> str:
    """The letters a spelling's atoms open with, up to its first space or joiner: a literal the
    engine finds fast, where the spelling (a blocker) can begin."""
    return "".join(itertools.takewhile(lambda a: not a.startswith("\\s"), atoms))


@dataclass(frozen=True)
class _Links:
    """Patterns around a name (patterns/organizations.yaml); all but `capitalised` run on folded text."""

    gap: regex.Pattern  # between a name and its province: `` / ` tỉnh ` / ` TP. `
    bare: regex.Pattern  # a trailing `tỉnh` with no name after it: `HĐND tỉnh`
    lower: regex.Pattern  # a district or commune body: `UBND huyện`, `UBND các xã`
    run_on: regex.Pattern  # a descriptive head running on to `tỉnh`: `Ban Chỉ đạo … tỉnh`
    national: regex.Pattern  # after a descriptive head, the country's: `Ban Chỉ đạo của Chính phủ`
    unit_end: regex.Pattern  # a name ending in its unit word: `Ban Chỉ đạo … tỉnh`
    capitalised: regex.Pattern  # a proper noun, maybe after its unit: `Hòa Bình`, `thành phố Huế`
    capital_start: regex.Pattern  # a word that starts with a capital
    unit_start: regex.Pattern  # a unit word in lower case (any other case starts with a capital)
    lower_unit_before: regex.Pattern  # a district's or commune's unit word right before a province's name


@lru_cache(maxsize=1)
def _links() -> _Links:
    data = load("organizations").lexicon
    link = alternation([fold(w) for w in data.province_links])
    lower = alternation([fold(w) for w in data.lower_levels])
    unit = alternation([fold(w) for w in data.units])
    return _Links(
        gap=compile_rule(rf"\s*(?:{link}\s*)?"),
        bare=compile_rule(rf"\s+{link}(?!\w)"),
        lower=compile_rule(rf"\s+{lower}(?!\w)"),
        run_on=compile_rule(rf"(?:[ ]+\p{{L}}+){{0,8}}?[ ]+{unit}(?!\w)"),
        national=compile_rule(rf"[ ]+{alternation([fold(w) for w in data.national_tails])}(?!\w)"),
        unit_end=compile_rule(rf"[ ]+{unit}$"),
        capitalised=compile_rule(rf"(?:(?i:{alternation(data.units)})\s*)?\p{{Lu}}"),
        capital_start=compile_rule(r"\m\p{Lu}"),
        unit_start=compile_rule(rf"\m{alternation([u.lower() for u in data.units])}"),
        lower_unit_before=compile_rule(
            rf"(?<![\p{{L}}\p{{M}}])(?<!thi\s)(?:{alternation([fold(w) for words in load('provinces').lexicon.lower_units.values() for w in words])})\s+$"),
    )


_HOME_AT = {"district": province_of_district, "commune": province_of_ward}  # a level's index (hamlets have none)


def _lower_level(text: str, folded: str, start: int) -> str | None:
    """The level (patterns/provinces.yaml `lower_units`) of the unit word right before a province's
    name, read as written (`phường Hòa Bình`): folded, `địa phương Quảng Ninh` would read as a ward."""
    m = _links().lower_unit_before.search(folded, max(0, start - 12), start)
    written = text[m.start():m.end()].strip().lower() if m else ""
    return next((level for level, words in load("provinces").lexicon.lower_units.items() if written in words), None)


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
    one (`thành phố Huế`). The gazetteer is tried only there, not at every letter of the text.
    Two scans, each with one kind of start, cost a quarter less than one scan of both: a capital
    is one letter and a lower-case unit word holds no capital nor another unit, so neither hides
    a start of the other (tests/test_entities.py)."""
    links = _links()
    return sorted(m.start() for kind in (links.capital_start, links.unit_start) for m in kind.finditer(text))


def _gazetteer_matches(text: str, folded: str) -> list[tuple[int, int, Entry]]:
    g = gazetteer()
    blocked = [m.span() for m in scan(g.blockers, g.blocker_starts, folded, {})]
    out = []
    end = -1
    for start in _name_starts(text):
        if start < end or not g.may_open(folded, start) or not (m := g.pattern.match(folded, start)):
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
        if m := links.national.match(folded, end):  # `Ban Chỉ đạo của Chính phủ`: the country's
            return Mention(start, m.end(), "ORG", norm + text[end:m.end()], None, NATIONAL, GAZETTEER), bool(nxt and nxt[0] < m.end())
        m = links.run_on.match(folded, end, end + _TAIL)
        if m and not (nxt and nxt[0] < m.end()):
            norm, end = entry.norm + text[end:m.end()], m.end()
    if nxt and nxt[2].province and entry.scope != NATIONAL and links.gap.fullmatch(folded, end, nxt[0]):
        province = nxt[2].province
        if nxt[2].label == "LOC":
            norm += text[end:nxt[1]]  # `Ủy ban nhân dân TP. Gia Nghĩa`
        elif entry.scope == PRESS:
            norm = f"{norm} {province}"  # `Báo Đắk Lắk`, the paper's name
        elif entry.scope == LOCAL:
            unit = links.unit_end.search(fold(norm))
            norm = f"{norm[:unit.start()] if unit else norm} {provincial_name(province)}"
        return Mention(start, nxt[1], "ORG", norm, province, entry.scope, GAZETTEER), True
    if entry.needs_tail:
        return None
    if entry.scope == LOCAL and not links.lower.match(folded, end, end + _TAIL):
        bare = links.bare.match(folded, end, end + _TAIL)  # `HĐND tỉnh`
        end = bare.end() if bare else end
    return Mention(start, end, "ORG", norm, None, entry.scope, GAZETTEER), False


def gazetteer_mentions(text: str) -> list[Mention]:
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
        elif entry.label == "PROVINCE" and (level := _lower_level(text, folded, start)):
            # `phường Hòa Bình`: a district or commune of that name, in the one province that has it (`huyện
            # Điện Biên` of Điện Biên, `huyện Quảng Ninh` of Quảng Bình), else in none known
            home = _HOME_AT[level](text[start:end]) if level in _HOME_AT else None
            out.append(Mention(start, end, "LOC", text[start:end], home, rule=GAZETTEER))
        elif entry.label:
            out.append(Mention(start, end, entry.label, entry.norm, entry.province, rule=GAZETTEER))
    return out
