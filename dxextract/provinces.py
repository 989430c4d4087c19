"""Provinces: canonical names, press spellings, accent-insensitive keys and the 2025 merger.

Canonical names are the short names of the `vietnamadminunits` package: its LEGACY table (63
units) for `province`, its 2025 converter (34 units) for `province_2025`. The package is the only
source of units and of the merger; patterns/provinces.yaml adds what the press writes beside
them (`TP.HCM`, `Đăk Lăk`, `Thừa Thiên Huế`) and the towns whose names stand for a province.
Everything is computed once per process.
"""
from __future__ import annotations

import contextlib
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import regex

from .rules import load, startup_cached

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")

# Marks and punctuation that vary between keyboards and OCR, folded to one form each.
_SAME_CHAR = {"đ": "d", "Đ": "D", "Ð": "D", "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-", "\u2014": "-"}
_KEY_JUNK = regex.compile(r"[^a-z0-9]+")


class _BaseChar(dict):
    """str.translate table: each character to its unmarked base (one character for one)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        base = _SAME_CHAR.get(c)
        if base is None:
            d = unicodedata.normalize("NFD", c)
            base = d[0] if d and not unicodedata.combining(d[0]) else c
        self[code] = base
        return base


class _FoldChar(_BaseChar):
    def __missing__(self, code: int) -> str:
        base = super().__missing__(code)
        low = base.lower()
        self[code] = low if len(low) == 1 else base
        return self[code]


_UNMARK = _BaseChar()
_FOLD = _FoldChar()
_TABLED = 0x2100  # code points folded through a tuple: Latin, Vietnamese, Greek, Cyrillic, punctuation
_UNTABLED = re.compile(r"[^\x00-\u20ff]")  # a character past them (`™`, `①`, CJK, an emoji)


def unmark(text: str) -> str:
    """Diacritics stripped, đ -> d, case kept; one character for one, so offsets carry over."""
    return text.translate(_UNMARK)


def fold(text: str) -> str:
    """Accent-insensitive key of NFC text: lower case, diacritics stripped, đ -> d, curly quotes and
    dashes straightened; one character for one (offsets in the folded text are offsets in `text`)."""
    if _UNTABLED.search(text):
        return text.translate(_FOLD)
    if len(text) < _LONG:
        return text.translate(_fold_table())
    # an article's text: all its code points looked up at once, 5x `str.translate`, which reads a
    # non-ASCII text a character at a time (numpy imported here, not with the module: a build has
    # it already, from pyarrow, and extracting a short text never needs it)
    import numpy as np

    return _fold_codes()[np.frombuffer(text.encode("utf-32-le"), np.uint32)].tobytes().decode("utf-32-le")


_LONG = 256  # characters from which a text is folded as an array (a name is quicker through `str.translate`)


@lru_cache(maxsize=1)
def _fold_table() -> tuple[str, ...]:
    """`_FOLD` for every code point below `_TABLED`, indexed by code point: `str.translate` reads a
    tuple ~30% faster than a dict (no hashing), and it takes 6 ms to build, not the 0.8 s of
    every code point; a text holding any other character is folded through `_FOLD`."""
    return tuple(_FOLD[code] for code in range(_TABLED))


@lru_cache(maxsize=1)
def _fold_codes() -> np.ndarray:
    """`_fold_table` as code points, indexed by code point."""
    import numpy as np

    return np.array([ord(c) for c in _fold_table()], dtype=np.uint32)


def key(name: str) -> str:
    """Compact lookup key: folded, letters and digits only (`TP. Hồ Chí Minh` -> `tphochiminh`)."""
    return _KEY_JUNK.sub("", fold(name))


def _package_file(name: str) -> Path:
    """A data file of the `vietnamadminunits` package, found without importing the package (its
    address parser takes a second to import; only its tables are needed here)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / name


def _query(sql: str) -> list[dict]:
    """Rows of the package's own database (`vietnamadminunits.database.query`, read directly)."""
    with contextlib.closing(sqlite3.connect(f"file:{_package_file('dataset.db')}?mode=ro", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


_PACKAGE_FILES = ("dataset.db", "converter_2025.json")  # what the tables are read from


def _package_table(build: Callable[[], T]) -> Callable[[], T]:
    """`build`, a table made from the package's data files, once per process and from the start-up
    cache when an earlier process made it from the same files: reading every legacy ward and
    keying its names is ~0.1 s of each process's start (a worker's, a 1-row rebuild's)."""

    @lru_cache(maxsize=1)
    @wraps(build)
    def table() -> T:
        files = tuple((s.st_size, s.st_mtime_ns) for s in (_package_file(f).stat() for f in _PACKAGE_FILES))
        return startup_cached("package tables", (build.__qualname__, files), build)

    return table


@lru_cache(maxsize=1)
def _legacy_rows() -> tuple[dict, ...]:
    """(province, provinceShort, districtShort, wardShort) of every legacy ward, from the package."""
    return tuple(_query("SELECT DISTINCT province, provinceShort, districtShort, wardShort FROM admin_units_legacy"))


@_package_table
def _units() -> tuple[str, ...]:
    """The 63 legacy short names."""
    return tuple(sorted({r["provinceShort"] for r in _legacy_rows()}))


@_package_table
def _full_names() -> dict[str, str]:
    return {r["provinceShort"]: r["province"] for r in _legacy_rows()}


def provincial_name(name: str) -> str:
    """`Đắk Lắk` -> `tỉnh Đắk Lắk`, `Hồ Chí Minh` -> `thành phố Hồ Chí Minh` (the package's full name)."""
    full = _full_names().get(name)
    if not full:
        return name
    return full[0].lower() + full[1:]


def _unique_province(field: str) -> dict[str, str | None]:
    """A legacy unit's name key (`field`: `districtShort`, `wardShort`) -> its province; None for a
    name several provinces share."""
    idx: dict[str, str | None] = {}
    for r in _legacy_rows():
        k = key(r[field] or "")
        if k:
            idx[k] = r["provinceShort"] if idx.get(k, r["provinceShort"]) == r["provinceShort"] else None
    return idx


@_package_table
def _district_index() -> dict[str, str | None]:
    """District key -> its province; None for a district name several provinces share."""
    return _unique_province("districtShort")


@_package_table
def _ward_index() -> dict[str, str | None]:
    """Commune or ward key -> its province; None for a name several provinces share."""
    return _unique_province("wardShort")


@_package_table
def _place_keys() -> frozenset[str]:
    return frozenset(key(r[f] or "") for r in _legacy_rows() for f in ("districtShort", "wardShort")) - {""}


def is_place_name(name: str) -> bool:
    """True when `name` is the name of a district or commune (`Đắk Lao`), accents ignored."""
    return key(name) in _place_keys()


def province_of_district(name: str | None) -> str | None:
    """The province of a district-level unit (`Cư Jút`, `M'Đrắk`, `Gia Nghĩa`) when its name is unique."""
    return _district_index().get(key(name)) if name else None


def province_of_ward(name: str | None) -> str | None:
    """The province of a commune or ward (`phường Tân Hưng`) when its name is unique: not the district
    it may share a name with in another province (huyện Tân Hưng of Long An)."""
    return _ward_index().get(key(name)) if name else None


def legacy_provinces() -> tuple[str, ...]:
    """Canonical names of the 63 provinces before the 2025 merger."""
    return _units()


@lru_cache(maxsize=1)
def variants() -> dict[str, tuple[str, ...]]:
    """Canonical name -> every spelling the gazetteer should find (canonical first)."""
    extra = load("provinces").lexicon.variants
    out = {}
    for name in _units():
        out[name] = (name, *[v for v in extra.get(name, ()) if v != name])
    unknown = set(extra) - set(out)
    if unknown:
        raise ValueError(f"patterns/provinces.yaml: variants for unknown provinces {sorted(unknown)}")
    return out


@lru_cache(maxsize=1)
def towns() -> dict[str, str]:
    """Town or district-capital name -> canonical province (patterns/provinces.yaml `towns`)."""
    raw = load("provinces").lexicon.towns
    out = {}
    for province, names in raw.items():
        if province not in variants():
            raise ValueError(f"patterns/provinces.yaml: towns under unknown province {province!r}")
        out.update({n: province for n in names})
    return out


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Compact key -> canonical name, for every spelling (with and without admin prefixes)."""
    idx: dict[str, str] = {}
    for name, spellings in variants().items():
        for s in spellings:
            k = key(s)
            idx[k] = name
            idx.setdefault(_strip_prefix(k), name)
    return idx


@lru_cache(maxsize=1)
def _prefix_keys() -> tuple[str, ...]:
    return tuple(key(p) for p in load("provinces").lexicon.prefixes)


def _strip_prefix(k: str) -> str:
    """`tinhdaklak` -> `daklak` (a key too short to be a name after it is left alone)."""
    for p in _prefix_keys():
        if k.startswith(p) and len(k) > len(p) + 2:
            return k[len(p):]
    return k


def canonical_province(name: str | None) -> str | None:
    """The canonical (legacy, 63-unit) name of a province however it is written, or None.

    `tỉnh Đắk Lắk`, `Đăk Lăk`, `DAKLAK`, `TP.HCM`, `Thừa Thiên Huế` all resolve; a town
    (`Buôn Ma Thuột`) is not a province and gives None (see `province_of_town`).
    """
    if not name:
        return None
    k = key(name)
    if not k:
        return None
    idx = _index()
    return idx.get(k) or idx.get(_strip_prefix(k))


def province_of_town(name: str | None) -> str | None:
    """The province of a town listed in patterns/provinces.yaml, accents ignored."""
    if not name:
        return None
    return _town_index().get(key(name))


@lru_cache(maxsize=1)
def _town_index() -> dict[str, str]:
    return {key(t): p for t, p in towns().items()}


@_package_table
def _merger() -> dict[str, str]:
    """Legacy canonical name -> its province from 1 July 2025, by the package's own conversion
    table (what `convert_address` reads): new province key -> the legacy keys it merged."""
    merged = json.loads(_package_file("converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    new_short = {r["provinceKey"]: r["provinceShort"]
                 for r in _query("SELECT DISTINCT provinceKey, provinceShort FROM admin_units")}
    old_short = {r["provinceKey"]: r["provinceShort"]
                 for r in _query("SELECT DISTINCT provinceKey, provinceShort FROM admin_units_legacy")}
    return {old_short[old]: new_short[new] for new, olds in merged.items() for old in olds}


def province_2025(name: str | None) -> str | None:
    """The province (34-unit, from 1 July 2025) a legacy province belongs to: `Đắk Nông` -> `Lâm Đồng`."""
    legacy = canonical_province(name)
    return _merger().get(legacy) if legacy else None


@lru_cache(maxsize=1)
def _outlet_labels() -> dict[str, str]:
    """Host label -> province: every spelling's key, bare and with the outlet affixes."""
    lex = load("provinces").lexicon
    affix = lex.outlet_label
    out: dict[str, str] = {k.lower(): canonical_province(v) or v for k, v in lex.outlet_hosts.items()}
    for name, spellings in variants().items():
        for k in {key(v) for v in spellings}:
            for label in (k, *(b + k for b in affix["before"]), *(k + a for a in affix["after"])):
                out.setdefault(label, name)
    return out


def province_of_outlet(url: str | None, outlet: str | None = None) -> str | None:
    """The home province of a provincial outlet, read off its web address (`url`, or an `outlet`
    written as a host name): a provincial paper reports its province without naming it in every
    article. None for a national outlet or no address."""
    host = urlsplit(url).hostname if url and "//" in url else (outlet if outlet and "." in outlet else None)
    if not host:
        return None
    labels = _outlet_labels()
    found = {labels[lb] for lb in host.lower().split(".")[:-1] if lb in labels}
    return found.pop() if len(found) == 1 else None
