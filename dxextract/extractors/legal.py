"""Legal references: numbered documents cited in the text (`quyết định số 3330/QĐ-UBND`).

The shapes are in patterns/legal.yaml; here the match becomes a record. Three things need context
beyond the match: the issuer (said after it, `… của HĐND tỉnh`; before it with a verb of signing,
`Chủ tịch UBND tỉnh Đắk Lắk ký quyết định …`; else implied by the symbol's issuer code), the
signing date (a day-precision record of the dates stage tied to the reference the same ways) and
the province (the issuer's, or the article's for a provincial body that names none).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..document import Document
from ..provinces import provincial_name
from ..lexicons import Issuer, Legal
from ..rules import WordGate, compile as compile_rule, alternation, load, matches_at

_SPACES = regex.compile(r"\s+")
_PARTS = regex.compile(r"[-/]")
_TRAILING_DIGITS = regex.compile(r"\d+$")
_YEAR = regex.compile(r"(?:19|20)\d{2}")
# How far after a reference its date, issuer or next word may start. Matches at a position are
# bounded by it: `regex` would otherwise scan the rest of the text for a pattern's required literal.
_AFTER = 60


@dataclass(frozen=True)
class _Context:
    """Context patterns compiled from patterns/legal.yaml `data` (with the file's fragments)."""

    date_after: regex.Pattern
    issuer_after: regex.Pattern
    signing: regex.Pattern
    unit_end: regex.Pattern
    bare_number_next: regex.Pattern
    kind_word: regex.Pattern
    kind_gate: WordGate  # the words kind_word is made of: where it can match


@lru_cache(maxsize=1)
def _context() -> _Context:
    pf = load("legal")
    d = pf.lexicon
    return _Context(
        date_after=pf.compile(d.date_after, regex.IGNORECASE),
        issuer_after=pf.compile(d.issuer_after, regex.IGNORECASE),
        signing=compile_rule(rf"(?<!\p{{L}})(?i:{alternation(d.signing)})(?!\p{{L}})"),
        unit_end=compile_rule(rf"(?<!\p{{L}})(?i:{alternation(d.unit_ends)})$"),
        bare_number_next=compile_rule(d.bare_number_next),
        kind_word=pf.compile(d.kind_word),
        kind_gate=WordGate.of([*pf.defines["doc_type"], *pf.defines["doc_abbr"]]),
    )


def _lexicon() -> Legal:
    return load("legal").lexicon


def _mend(symbol: str) -> str:
    """Upper case, no spaces, OCR slips mended: `ỌĐ-UBND` -> `QĐ-UBND`."""
    symbol = _SPACES.sub("", symbol)
    for slip, right in _lexicon().ocr.items():
        symbol = symbol.replace(slip, right)
    return symbol.upper()


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Kind code -> kind, keyed as symbols are written after `_mend` (upper case: `CTR`, `TTR`)."""
    return {code.upper(): kind for code, kind in _lexicon().codes.items()}


def _doc_type(m: regex.Match, symbol: str | None) -> str | None:
    """Full kind name: from the symbol's kind code when it has one (`Thông báo kết luận số 45-TB/TU`
    is a Thông báo, whichever kind word came last), else from the written word."""
    coded = _codes().get(_PARTS.split(symbol or "")[0])
    if coded or not m.groupdict().get("type"):
        return coded
    return _lexicon().doc_types.get(m.group("type").lower())


def _symbol_issuer(symbol: str | None) -> Issuer | None:
    """The issuer an issuer code in the symbol names (`QĐ-UBND` -> UBND, `NQ/TU` -> TU)."""
    issuers = _lexicon().issuers
    for part in _PARTS.split(symbol or ""):
        found = issuers.get(_TRAILING_DIGITS.sub("", part))
        if found:
            return found
    return None


def _counts_things(m: regex.Match, text: str) -> bool:
    """A kind word and a number without `số`, year or symbol that counts rather than cites (`kế
    hoạch 5 năm`) or names a year's plan (`Kế hoạch 2022`); `Quyết định 749 của …` cites, and so
    does a number padded with a zero whatever follows it (`Tổ công tác Đề án 06 các cấp`), in lower
    case only before a word a citation ends on."""
    if m.group("symbol") or m.group("year") or m.groupdict().get("so"):
        return False
    padded, titled = m.group("number").startswith("0"), m.group("type")[0].isupper()
    if _YEAR.fullmatch(m.group("number")) or not (titled or padded):
        return True
    if padded and titled:
        return False  # nobody counts with a leading zero: `Đề án 06 các cấp` cites
    # (in lower case, as a word a citation ends on shows: `về đề án 06 tại nhà văn hóa thôn`, not `kế hoạch 05 năm`)
    return not _context().bare_number_next.match(text, m.end(), m.end() + _AFTER)


def _rule_matches(name: str, text: str, kind_words: list[int]) -> Iterator[regex.Match]:
    """A citing rule's matches, left to right without overlaps (as `finditer` gives them); a rule
    that starts at a kind word is tried only at the kind words, one with anchors (`starts`) only at
    those."""
    pf = load("legal")
    rule = pf.rules[name]
    if name not in pf.lexicon.starts_at_kind_word:
        return rule.scan(text)
    return matches_at(rule.regex, text, kind_words)


def _kind_words(text: str) -> list[int]:
    """Where a kind word stands (`kind_word`'s matches, as its scan finds them), tried only where
    the lowercase text holds a kind's name or code: a `str.find` per word costs a quarter of the
    engine's case-insensitive trie tried at every word start."""
    ctx = _context()
    starts = ctx.kind_gate.starts(text)
    found = ctx.kind_word.finditer(text) if starts is None else matches_at(ctx.kind_word, text, starts)
    return [m.start() for m in found]


def _matches(text: str) -> list[tuple[regex.Match, str]]:
    """Every citing rule's references (patterns/legal.yaml `citing`, in order of preference) that
    no earlier rule's reference overlaps, each with the name of its rule."""
    kind_words = _kind_words(text)
    found: list[tuple[regex.Match, str]] = []
    for name in _lexicon().citing:
        for m in _rule_matches(name, text, kind_words):
            if m.groupdict().get("type") and _counts_things(m, text):
                continue
            if not any(m.start() < f.end() and f.start() < m.end() for f, _ in found):
                found.append((m, name))
    return sorted(found, key=lambda found: found[0].start())


# ---------------------------------------------------------------------------------------------
# Context: the signing date and the issuer

def _day_dates(doc: Document) -> list[dict]:
    return [d for d in doc.dates if d.get("precision") == "day" and d.get("value")]


def _signing_window(doc: Document, start: int, prev_end: int) -> tuple[int, int] | None:
    """Span before a reference in which a date or issuer is its signer's, if a signing verb sits
    within reach before the reference (and after the previous reference)."""
    ctx = _context()
    lo = max(doc.sentence_of(start)[0], prev_end)
    reach = _lexicon().signing_reach
    return (lo, start) if ctx.signing.search(doc.text, max(lo, start - reach), start) else None


def _issued(doc: Document, start: int, end: int, window: tuple[int, int] | None) -> tuple[str | None, int]:
    """ISO signing date and the offset where the reference's trailing context ends."""
    ctx = _context()
    dates = _day_dates(doc)
    for d in dates:
        if end <= d["start"] <= end + _AFTER and ctx.date_after.fullmatch(doc.text, end, d["start"]):
            return d["value"], d["end"]
    if window:
        before = [d for d in dates if window[0] <= d["start"] and d["end"] <= window[1]]
        if before:
            return max(before, key=lambda d: d["start"])["value"], end
    return None, end


def _org_issuer(org: dict, province: str | None) -> tuple[str, str | None]:
    """An organization mention as issuer text, completed with the article's province if implicit."""
    written = org["text"]
    if org.get("province"):
        return written, org["province"]
    if org.get("scope") != "local" or not province:  # national bodies, companies
        return written, None
    # `HĐND tỉnh` + `Đắk Lắk`, `Tỉnh ủy` + `Đắk Nông`; `Sở TTTT` + `tỉnh Đắk Nông`.
    short = _context().unit_end.search(written)
    return f"{written} {province if short else provincial_name(province)}", province


def _context_issuer(doc: Document, after: int, window: tuple[int, int] | None) -> dict | None:
    """The organization said to issue it: `… của HĐND tỉnh` after, or the signer before."""
    orgs = [e for e in doc.entities if e.get("label") == "ORG"]
    gap = _context().issuer_after
    for e in orgs:
        if after <= e["start"] <= after + _AFTER and gap.fullmatch(doc.text, after, e["start"]):
            return e
    if window:
        before = [e for e in orgs if window[0] <= e["start"] and e["end"] <= window[1]]
        if before:
            return max(before, key=lambda e: e["start"])
    return None


def _issuer(doc: Document, symbol: str | None, org: dict | None) -> tuple[str | None, str | None]:
    """(issuer, province): the context's organization, else the symbol's issuer code."""
    home = doc.article_province
    if org:
        return _org_issuer(org, home)
    found = _symbol_issuer(symbol)
    if not found:
        return None, None
    if found.scope == "national":
        return found.name, None
    if not home:
        return regex.sub(r"\s*\{\w+\}", "", found.name), None
    return found.name.format(province=home, provincial=provincial_name(home)), home


# ---------------------------------------------------------------------------------------------

def _record(doc: Document, m: regex.Match, rule: str, prev_end: int) -> dict:
    number = m.group("number")
    symbol = _mend(m.group("symbol")) if m.group("symbol") else None
    ref = (number + _mend(doc.text[m.end("number"):m.end("symbol")]) if symbol
           else f"{number}/{m.group('year')}" if m.group("year") else number)  # `14/2024`, its year only
    window = _signing_window(doc, m.start(), prev_end)
    issued, after = _issued(doc, m.start(), m.end(), window)
    issuer, province = _issuer(doc, symbol, _context_issuer(doc, after, window))
    rec = {
        "type": "legal_ref", "start": m.start(), "end": m.end(), "text": m.group(0),
        "doc_type": _doc_type(m, symbol), "number": number, "symbol": symbol, "ref": ref,
        "issuer": issuer, "issued": issued, "province": province, "rule": rule,
    }
    if m.group("year"):
        rec["year"] = int(m.group("year"))
    return rec


def _carry_over(records: list[dict]) -> None:
    """A document cited again was signed on the date its first citation gave (`Nghị quyết số
    09-NQ/TU, ngày 1/11/2021 …` then `… từ Nghị quyết số 09-NQ/TU`)."""
    issued: dict[str, str] = {}
    for r in records:
        if r["symbol"] is None:  # `Kế hoạch số 02` twice may be two plans
            continue
        if r["issued"]:
            issued.setdefault(r["ref"], r["issued"])
        elif r["ref"] in issued:
            r["issued"] = issued[r["ref"]]


def extract(doc: Document) -> list[dict]:
    """One record per numbered reference, in text order (needs doc.entities and doc.dates)."""
    out, prev_end = [], 0
    for m, rule in _matches(doc.text):
        out.append(_record(doc, m, rule, prev_end))
        prev_end = m.end()
    _carry_over(out)
    return out
