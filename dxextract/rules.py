"""Rules and gazetteers as data: loads `patterns/*.yaml` into compiled, named rules.

A pattern file looks like this (Duckling's idea: each rule is a small named record with the
examples that prove it; rules compose by name):

    family: number            # the record type its examples are checked against
    define:                   # named fragments, used in patterns as {{name}}
      digits: '\\d{1,3}(?:\\.\\d{3})+|\\d+'
      scale: [nghìn, ngàn, triệu, tỷ]    # a list becomes a trie-shaped alternation, longest first
    rules:
      - name: percent
        pattern: '{{digits}}\\s?%'
        examples: [{text: "đạt 46,14%", expect: {value: 46.14, unit: percent}}]
        counter: ["4G/5G"]    # texts that must yield no record of this family
        starts: ['[Tt]háng']  # optional anchors where every match begins (see `scan`; without the rule's flags)
        # or {words: [scale]}: every match begins a word with a phrase of these lists (found by its
        # first word; in an IGNORECASE rule, whole and in any case: see `WordGate.starts`)
    examples: [...]           # file-level examples, for gazetteers
    data: {...}               # lexicons and tables the family's code reads, declared in lexicons.py

Productions (match -> value) live in code, keyed by rule name; everything language-specific
lives here. `patterns_version()` fingerprints all files, so a pattern change invalidates caches.
Speed comes from the data's shape: word lists compile to tries (suffix tries in right-to-left
`(?r)` rules), case folding is simple, and a rule that starts a word says so with `\\m`, which
lets the engine skip to word starts.
"""
from __future__ import annotations

import atexit
import bisect
import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import regex

from .lexicons import SCHEMAS

log = logging.getLogger(__name__)

_REF = regex.compile(r"\{\{(\w+)\}\}")
Fragment = str | list[str]  # a pattern piece, or literal words (an alternation)
Anchor = Union[regex.Pattern, re.Pattern, "WordGate"]  # where a rule's matches can begin (see `anchor_starts`)
_FLAGS = {"IGNORECASE": regex.IGNORECASE, "VERBOSE": regex.VERBOSE, "MULTILINE": regex.MULTILINE}


def patterns_dir() -> Path:
    """`patterns/` beside the package in a checkout, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "patterns"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("dxextract") / "patterns"))


@dataclass(frozen=True)
class Rule:
    name: str
    source: str  # the pattern with fragments expanded
    regex: regex.Pattern
    examples: tuple[dict, ...] = ()
    counter: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # any other keys of the rule record
    starts: tuple[Anchor, ...] = ()  # anchors where every match begins (see `scan`)

    def scan(self, text: str, found: dict[Anchor, list[int] | None] | None = None) -> Iterator[regex.Match]:
        """The rule's matches in `text`, tried only at its anchors (module `scan`; `found` shares
        the anchors' places with the text's other rules)."""
        return scan(self.regex, self.starts, text, {} if found is None else found)

    def search(self, text: str, pos: int, endpos: int, found: dict[Anchor, list[int] | None]) -> regex.Match | None:
        """`self.regex.search(text, pos, endpos)`, tried only at the rule's anchors in that stretch,
        looked for once in the whole text (`found`): a rule asked of every sentence of an article
        reads the article once. Only word anchors are used so: a literal word that stands in a
        stretch of the text stands there in the whole text, while a pattern anchor may look past
        `endpos` and miss a match the stretch holds."""
        at = anchored(self.starts, text, found) if all(not isinstance(a, regex.Pattern) for a in self.starts) else None
        if at is None:
            return self.regex.search(text, pos, endpos)
        return next(matches_within(self.regex, text, at, pos, endpos), None)


@dataclass(frozen=True)
class PatternFile:
    name: str
    family: str | None
    defines: dict[str, Fragment]
    rules: dict[str, Rule]
    examples: tuple[dict, ...]
    counter: tuple[str, ...]
    data: dict[str, Any]
    lexicon: Any = None  # `data` as declared in lexicons.py (checked and converted at load)

    def expand(self, pattern: str) -> str:
        return expand(pattern, self.defines)

    def compile(self, pattern: str, flags: int = 0) -> regex.Pattern:
        return compile(self.expand(pattern), flags)


def compile(pattern: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - the module's verb
    """A pattern in `regex` V1 syntax with simple case folding: Vietnamese letters have one-to-one
    case pairs, and full folding (V1's default) makes case-insensitive matching twice as slow.
    Taken from the start-up cache when an earlier process compiled the same pattern."""
    key = ("(?-f)" + pattern, flags | regex.V1)
    return _startup().get("patterns", key, lambda: regex.compile(*key))


class _StartupCache:
    """What start-up builds, kept on disk for the next process: compiled patterns by (pattern,
    flags), loaded pattern files by (name, hash of their bytes), and what `startup_cached` is
    given (the provinces' tables, by the package files they are read from).

    Compiling the rules is most of start-up (parsing and optimising run in Python), while a
    `regex` Pattern pickles as its compiled code and unpickles without being compiled again
    (150 rules: ~3 ms against ~0.25 s); a pattern file loads in ~1 ms instead of ~10 (YAML,
    fragments, the declared lexicon). Entries are keyed by what they are built from, so an
    edited rule or file simply misses; the file is named by the fingerprint of everything else
    they depend on (the pattern files, this module and lexicons.py, the `regex` and Python
    versions) and written when the process ends, if anything was added. Several fingerprints live
    side by side (two checkouts, a pattern file being edited, `bench/diff_records.py` running two
    revisions): the `_KEEP` files used last are kept, so they no longer delete each other's file
    and leave every other process to compile all rules again. A file that cannot be read or
    written is ignored: start-up builds all."""

    def __init__(self) -> None:
        self.path = _cache_folder() / f"startup-{_code_fingerprint()}.pickle"
        self.added = False
        try:
            with self.path.open("rb") as f:
                self.entries: dict[str, dict] = pickle.load(f)
            os.utime(self.path)  # used now: the last to be pruned
        except Exception:  # noqa: BLE001 - no cache, or one from a crash: build instead
            self.entries = {}

    def get(self, kind: str, key: tuple, build: Callable[[], Any]) -> Any:
        """The entry `key` of `kind`, built (and kept for the next process) if missing."""
        entries = self.entries.setdefault(kind, {})
        if key not in entries:
            entries[key] = build()
            self.added = True
        return entries[key]

    def save(self) -> None:
        if not self.added:
            return
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.path.parent, prefix=".startup-", delete=False) as f:
                temporary = Path(f.name)
                pickle.dump(self.entries, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)  # whole or not at all
            _prune(self.path.parent)
        except (OSError, pickle.PicklingError) as e:
            log.debug("start-up not cached in %s: %s", self.path.parent, e)
        finally:
            if temporary is not None:
                temporary.unlink(missing_ok=True)


_KEEP = 8  # start-up files kept: one per checkout or pattern version in use on this machine
_LEFTOVER_SECONDS = 3600  # a temporary file this old was left by a process killed while writing


def _age(path: Path, now: float) -> float:
    """Seconds since `path` was last written or used; a file another process just removed is old."""
    try:
        return now - path.stat().st_mtime
    except OSError:
        return float("inf")


def _prune(folder: Path) -> None:
    """Remove the start-up files beyond the `_KEEP` used last, and temporary files that killed
    processes left (a write in progress is younger than `_LEFTOVER_SECONDS`)."""
    now = time.time()
    files = sorted(folder.glob("startup-*.pickle"), key=lambda p: _age(p, now))
    leftovers = [p for p in folder.glob(".startup-*") if _age(p, now) > _LEFTOVER_SECONDS]
    for old in files[_KEEP:] + leftovers:
        old.unlink(missing_ok=True)


def _code_fingerprint() -> str:
    """The pattern files, the code that turns them into rules, lexicons and the package's tables
    (provinces.py), and the versions the pickled Patterns depend on."""
    h = hashlib.sha256(f"{patterns_version()} {regex.__version__} {sys.implementation.cache_tag}".encode())
    for module in (Path(__file__), *(Path(__file__).with_name(m) for m in ("lexicons.py", "provinces.py"))):
        h.update(module.read_bytes())
    return h.hexdigest()[:16]


def _cache_folder() -> Path:
    """`$DXEXTRACT_CACHE`, else `$XDG_CACHE_HOME/dxextract`, else `~/.cache/dxextract`."""
    if os.environ.get("DXEXTRACT_CACHE"):
        return Path(os.environ["DXEXTRACT_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dxextract"


def startup_cached(kind: str, key: tuple, build: Callable[[], Any]) -> Any:
    """`build()`, kept in the start-up cache under (`kind`, `key`) for the next process: `key`
    names what it is built from beyond the code the cache's file is named by."""
    return _startup().get(kind, key, build)


@lru_cache(maxsize=1)
def _startup() -> _StartupCache:
    cache = _StartupCache()
    atexit.register(cache.save)
    return cache


def scan(pattern: regex.Pattern, starts: tuple[Anchor, ...], text: str,
         found: dict[Anchor, list[int] | None]) -> Iterator[regex.Match]:
    """`pattern.finditer(text)`. A rule with anchors (`starts`: every match begins where one of
    them does) is tried only there; each anchor is looked for once per text, and `found` keeps
    where for the text's other rules that name it. A text in which an anchor cannot tell where
    (a word list's, see `WordGate.starts`) is scanned whole."""
    at = anchored(starts, text, found)
    return pattern.finditer(text) if at is None else matches_at(pattern, text, at)


def anchored(starts: tuple[Anchor, ...], text: str, found: dict[Anchor, list[int] | None]) -> list[int] | None:
    """Where a rule with anchors `starts` can match in `text`, ascending; each anchor is looked
    for once per text (`found` keeps where). None for a rule without anchors, or when an anchor
    cannot tell in this text (a word list's, see `WordGate.starts`)."""
    if not starts:
        return None
    for anchor in starts:
        if anchor not in found:
            found[anchor] = anchor_starts(anchor, text)
    if any(found[a] is None for a in starts):
        return None
    return found[starts[0]] if len(starts) == 1 else sorted({p for a in starts for p in found[a]})


def anchor_starts(anchor: Anchor, text: str) -> list[int] | None:
    """Where `anchor` matches in `text` (every start, overlapping ones too), or where its group
    `at` starts when it has one: an anchor led by a literal (`[Tt]háng`, a lookbehind then `nay`)
    is found by the engine's fast string search, not tried at every position. A word list's
    anchor is a trie of its phrases' first words in the standard library's `re`, which scans one
    twice as fast: its words are letters and digits and its rule begins a word, so no word it
    finds can hide a start inside it. A case-insensitive rule's word list is a `WordGate`: its
    phrases found in the lowercase text."""
    if isinstance(anchor, WordGate):
        return anchor.starts(text)
    if isinstance(anchor, re.Pattern):
        return [m.start() for m in anchor.finditer(text)]
    at = "at" if "at" in anchor.groupindex else 0
    return [m.start(at) for m in anchor.finditer(text, overlapped=True)]


REACH = 1_000  # the most characters a rule reads from where it is tried (its sentence or short paragraph)


def match_at(pattern: regex.Pattern, text: str, pos: int) -> regex.Match | None:
    """`pattern.match(text, pos)` over at most `REACH` characters. Before it matches, `regex` looks
    for the pattern's required literal (the `:` of `\\s*:`) from `pos` to the end of the slice, so
    an unbounded match reads the rest of the text each time: a long text of many candidates took
    time growing with its square."""
    return pattern.match(text, pos, pos + REACH)


def matches_within(pattern: regex.Pattern, text: str, at: list[int], pos: int, endpos: int) -> Iterator[regex.Match]:
    """`pattern.finditer(text, pos, endpos)` for a pattern whose matches begin only at `at` (every
    place in the whole text, ascending): tried at those in the stretch, past the last match."""
    last = pos
    for p in at[bisect.bisect_left(at, pos):bisect.bisect_left(at, endpos)]:
        if p >= last and (m := pattern.match(text, p, endpos)):
            yield m
            last = m.end()


def matches_at(pattern: regex.Pattern, text: str, starts: Iterable[int]) -> Iterator[regex.Match]:
    """`pattern.finditer(text)` for a pattern that matches only at `starts` (ascending) and never
    matches empty: tried at each start past the last match, as the scan finds them, without the
    engine's attempt at every position in between (the costly part of a rule whose matches are
    rare and begin at a word the anchors find fast)."""
    end = 0
    for p in starts:
        if p >= end and (m := match_at(pattern, text, p)):
            yield m
            end = m.end()


def alternation(words: Iterable[str], reverse: bool = False) -> str:
    """A non-capturing alternation of literal words; the longest word wins (`reverse`: in a
    pattern matched right to left, `(?r)`)."""
    return "(?:" + trie([[regex.escape(ch) for ch in w] for w in set(words)], reverse) + ")"


@dataclass(frozen=True, eq=False)
class WordGate:
    """A literal pre-check for a case-insensitive search of words (`\\m(?i:{alternation(words)})`):
    `may_hold` is False only when no word can occur in the text. `str.lower` and `in` run at C
    speed, about ten times a pass of the regex engine, which reads a case-insensitive trie at
    every word start; most texts hold none of a short word list, and for those the search is
    skipped. A text holding a letter that the engine's case folding (compile's) takes for a
    word's letter but `str.lower` does not lower to it (`ſ` for `s`, `İ` for `i`) always passes.
    A gate is its own identity: as a rule's anchor it keys `found` (see `scan`) each time the rule
    is asked of a sentence, and hashing its hundreds of words there cost more than the rule."""

    words: tuple[str, ...]  # lower case
    odd: tuple[str, ...]  # the letters `str.lower` would hide a word behind
    trie: re.Pattern  # the words, one trie for the standard library's `re` (see `starts`)

    @classmethod
    def of(cls, words: Iterable[str]) -> WordGate:
        lowered = tuple(sorted({w.lower() for w in words}))
        odd = sorted({v for w in lowered for c in set(w) for v in case_variants(c) if _lowers_apart(v, c)})
        return cls(lowered, tuple(odd), re.compile(alternation(lowered)))

    def may_hold(self, text: str) -> bool:
        if any(c in text for c in self.odd):
            return True
        low = text.lower()
        return any(w in low for w in self.words)

    def starts(self, text: str) -> list[int] | None:
        """Every position, ascending, where a word begins in `text` written in any case (overlapping
        ones too), found by the trie in its lowercase, searched again one past each find (a
        `str.find` per word costs 1.3x as much for 26 words, 3x for 190): where a case-insensitive
        search of the words can match. None when lowering cannot stand for the engine's folding
        in this text: it holds an `odd` letter, or a letter lowered to two moved the offsets."""
        return word_starts((self,), text)[0]


def word_starts(gates: tuple[WordGate, ...], text: str) -> list[list[int] | None]:
    """`gate.starts(text)` of each gate, from one scan of all their words in the lowercase text
    (a trie of them all, `_trie_of`): a gate's word begins where some word of them all does, and
    each gate keeps the places where its own trie matches. Several rules that an article is asked
    pay for one scan, not one each."""
    low = text.lower()
    if len(low) != len(text):
        return [None] * len(gates)
    seen = list(_searches(_trie_of(gates), low))
    return [None if any(c in text for c in g.odd) else [p for p in seen if len(gates) == 1 or g.trie.match(low, p)]
            for g in gates]


@lru_cache(maxsize=None)
def _trie_of(gates: tuple[WordGate, ...]) -> re.Pattern:
    """The words of all `gates` as one trie for `re` (a gate's own, for one). The trie's pattern is
    kept in the start-up cache (making it took ~10 ms of every process's first article; `re`
    compiles it again, as it does any pattern it unpickles)."""
    if len(gates) == 1:
        return gates[0].trie
    words = tuple(sorted({w for g in gates for w in g.words}))
    return re.compile(startup_cached("word tries", words, lambda: alternation(words)))


def _searches(pattern: re.Pattern, text: str) -> Iterator[int]:
    """Every start of a match of `pattern` in `text`, overlapping ones too."""
    m = pattern.search(text)
    while m:
        yield m.start()
        m = pattern.search(text, m.start() + 1)


def case_variants(c: str) -> set[str]:
    """Every character a pattern from `compile` matches `c` with under IGNORECASE (simple
    folding), from the `regex` engine's own case table (`_regex.get_all_cases`, which its own
    compiler asks; tests/test_word_gate.py checks it against what a compiled pattern matches)."""
    return {chr(v) for v in regex._regex.get_all_cases(regex.V1 | regex.IGNORECASE, ord(c))}


def _lowers_apart(variant: str, c: str) -> bool:
    """`str.lower` does not give `c` for `variant` in every text: another letter, two letters, or
    capital sigma, the one letter it lowers by context (final `ς`)."""
    return variant.lower() != c or variant == "\u03a3"


def trie(sequences: Iterable[list[str]], reverse: bool = False) -> str:
    """One alternation of many sequences of regex atoms, factored so the engine reads each
    character once per position instead of once per alternative (a plain alternation of a
    hundred phrases scans ~3x slower, of ~500 names ~10x). The longest alternative wins: a
    shorter one ends in an optional group, tried only after every longer continuation, and
    branches that can both match (under IGNORECASE, or atoms like `\\s*`) go deepest first.
    A `reverse` pattern is matched from its end, so it is factored by shared suffixes."""
    root: dict = {}
    for atoms in sequences:
        node = root
        for a in reversed(atoms) if reverse else atoms:
            node = node.setdefault(a, {})
        node[""] = {}  # an alternative ends here

    def emit(node: dict) -> tuple[str, int]:
        """The node's pattern and the length of the longest alternative below it."""
        branches = sorted(((*emit(child), a) for a, child in node.items() if a), key=lambda b: (-b[1], b[2]))
        if not branches:
            return "", 0
        alts = [body + a if reverse else a + body for body, _, a in branches]
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return (body + "?" if "" in node else body), 1 + branches[0][1]

    return emit(root)[0]


def expand(pattern: str, defines: dict[str, Fragment], _depth: int = 0, _reverse: bool | None = None) -> str:
    """Replace every {{name}} by its (recursively expanded) fragment in a non-capturing group;
    word lists become alternations factored for the direction the pattern is matched in."""
    if _depth > 20:
        raise ValueError(f"fragment references nest too deep in {pattern!r}")
    reverse = pattern.startswith("(?r)") if _reverse is None else _reverse

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in defines:
            raise KeyError(f"unknown fragment {{{{{name}}}}}")
        value = defines[name]
        if isinstance(value, list):
            return alternation([str(v) for v in value], reverse)
        return "(?:" + expand(str(value), defines, _depth + 1, reverse) + ")"

    return _REF.sub(sub, pattern)


def _anchor(given: str | dict, defines: dict[str, Fragment], flags: int) -> Anchor:
    """A rule's anchor: a pattern (its fragments expanded), or `{words: [list, ...]}`, the first
    words of those lists' phrases as one trie for `re` (see `anchor_starts`), or, for a rule with
    `flags` IGNORECASE, the phrases as a `WordGate`, which finds them in any case, overlapping too
    (whole phrases leave the rule fewer places to be tried than their first words would)."""
    if isinstance(given, dict):
        phrases = [str(w) for name in given["words"] for w in defines[name]]
        if flags & regex.IGNORECASE:
            return WordGate.of(phrases)
        return re.compile(alternation({_first_word(p) for p in phrases}))
    return compile(expand(given, defines))


_FIRST_WORD = re.compile(r"[^\W_]+")  # letters and digits


def _first_word(phrase: str) -> str:
    """The letters and digits a listed phrase opens with (`Chủ` of `Chủ tịch`, `TS` of `TS.`). A
    word anchor's scan looks for these alone: a space or a dot inside a word it found could hide
    the start of a match there, where the scan never looks."""
    word = _FIRST_WORD.match(phrase)
    if word is None:
        raise ValueError(f"a word anchor's phrase opens with a letter or digit: {phrase!r}")
    return word.group()


def _flags(names: list[str] | str | None) -> int:
    if not names:
        return 0
    names = [names] if isinstance(names, str) else names
    f = 0
    for n in names:
        f |= _FLAGS[n.upper()]
    return f


@lru_cache(maxsize=None)
def load(name: str) -> PatternFile:
    """Load and compile `patterns/<name>.yaml` (once per process, and from the start-up cache when
    an earlier process loaded the same bytes)."""
    path = patterns_dir() / f"{name}.yaml"
    text = path.read_bytes()
    return _startup().get("files", (name, hashlib.sha256(text).hexdigest()), lambda: _parse(name, path, text))


def _parse(name: str, path: Path, text: bytes) -> PatternFile:
    """A pattern file read from its YAML. PyYAML is imported here, not with the module: a process
    whose rules come from the start-up cache never parses YAML, and importing it costs ~20 ms CPU."""
    import yaml

    # libyaml's loader when PyYAML was built with it (7x faster: the pattern files are a third of start-up)
    doc = yaml.load(text.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    defines = dict(doc.get("define") or {})
    rules: dict[str, Rule] = {}
    for rec in doc.get("rules") or []:
        rname = rec["name"]
        if rname in rules:
            raise ValueError(f"{path.name}: rule {rname!r} defined twice")
        source, flags = expand(rec["pattern"], defines), _flags(rec.get("flags"))
        try:
            compiled = compile(source, flags)
        except regex.error as e:
            raise ValueError(f"{path.name}: rule {rname!r} does not compile: {e}") from e
        meta = {k: v for k, v in rec.items() if k not in ("name", "pattern", "flags", "examples", "counter", "starts")}
        starts = tuple(_anchor(a, defines, flags) for a in rec.get("starts") or ())
        rules[rname] = Rule(rname, source, compiled, tuple(rec.get("examples") or ()), tuple(rec.get("counter") or ()), meta,
                            starts)
    return PatternFile(
        name=name,
        family=doc.get("family"),
        defines=defines,
        rules=rules,
        examples=tuple(doc.get("examples") or ()),
        counter=tuple(doc.get("counter") or ()),
        data=doc.get("data") or {},
        lexicon=declared(path.name, doc.get("data") or {}),
    )


def extended(lexicon: Any, cls: type, **derived: Any) -> Any:
    """A file's lexicon as `cls`, a subclass of its declaration that adds what code derives from
    the file's rules (`derived`): the stage reads one object, the data stays declared once."""
    return cls(**{f.name: getattr(lexicon, f.name) for f in fields(lexicon)}, **derived)


class DataError(ValueError):
    """A pattern file's `data` does not fit its declaration in lexicons.py; the message names the
    file and the key (`numbers.yaml: data.suffixes.k: expected a number, got 'kilo'`)."""


def declared(filename: str, data: dict) -> Any:
    """`data` as the dataclass lexicons.SCHEMAS declares for the file (None for a file without
    data); a file with data but no declaration is a DataError too."""
    schema = SCHEMAS.get(filename.removesuffix(".yaml"))
    if schema is None:
        if data:
            raise DataError(f"{filename}: data: not declared in lexicons.SCHEMAS")
        return None
    return typed(f"{filename}: data", data, schema)


def typed(where: str, value: Any, kind: Any) -> Any:
    """`value` read as `kind` (a dataclass or a type hint of lexicons.py); DataError at `where`."""
    origin, args = get_origin(kind), get_args(kind)
    if is_dataclass(kind):
        return _record(where, value, kind)
    if origin in (Union, types.UnionType):
        inner = next(a for a in args if a is not type(None))
        return None if value is None and type(None) in args else typed(where, value, inner)
    if origin in (frozenset, tuple):
        items = _expect(where, value, list, "a list")
        return origin(typed(f"{where}[{i}]", v, args[0]) for i, v in enumerate(items))
    if origin is dict:
        return _mapping(where, value, args[1], lambda k: typed(f"{where} (a key)", k, args[0]))
    return _scalar(where, value, kind)


def _record(where: str, value: Any, schema: type) -> Any:
    """A mapping as the dataclass `schema`: every field without a default present, no other key."""
    given = _expect(where, value, dict, "a mapping")
    hints = get_type_hints(schema)
    by_key = {f.metadata.get("yaml", f.name): f for f in fields(schema)}
    for key in sorted(given.keys() - by_key.keys(), key=str)[:1]:
        raise DataError(f"{where}.{key}: not declared in {schema.__module__}.{schema.__qualname__}")
    values = {}
    for key, f in by_key.items():
        if key in given:
            read = typed(f"{where}.{key}", given[key], hints[f.name])
            values[f.name] = _mapping(where, read, None, f.metadata["keys"]) if "keys" in f.metadata else read
        elif f.default is MISSING and f.default_factory is MISSING:
            raise DataError(f"{where}.{key}: missing")
    return schema(**values)


def _mapping(where: str, value: Any, kind: Any, key: Any) -> dict:
    """A mapping with its keys passed through `key`, its values read as `kind` (None: as they are)."""
    given = _expect(where, value, dict, "a mapping")
    return {key(k): v if kind is None else typed(f"{where}.{k}", v, kind) for k, v in given.items()}


_EXPECTED = {str: "a string", bool: "true or false", int: "a whole number", float: "a number",
             regex.Pattern: "a regular expression"}


def _scalar(where: str, value: Any, kind: type) -> Any:
    """A string, flag, number (a string such as `1e3` too) or compiled pattern."""
    if kind in (str, bool) and isinstance(value, kind) or kind is int and type(value) is int:
        return value
    if kind is regex.Pattern and isinstance(value, str):
        try:
            return regex.compile(value)
        except regex.error as e:
            raise DataError(f"{where}: does not compile: {e}") from e
    if kind in (int, float) and isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            number = float(value)
        except ValueError:
            number = None
        if number is not None and (kind is float or number.is_integer()):
            return kind(number)
    raise DataError(f"{where}: expected {_EXPECTED.get(kind, kind)}, got {value!r}")


def _expect(where: str, value: Any, kind: type, said: str) -> Any:
    if not isinstance(value, kind):
        raise DataError(f"{where}: expected {said}, got {value!r}")
    return value


def pattern_files() -> list[str]:
    """Names of all pattern files."""
    return sorted(p.stem for p in patterns_dir().glob("*.yaml"))


@lru_cache(maxsize=1)
def patterns_version() -> str:
    """A short fingerprint of every pattern file's bytes: changes whenever any rule or list does."""
    h = hashlib.sha256()
    for p in sorted(patterns_dir().glob("*.yaml")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]
