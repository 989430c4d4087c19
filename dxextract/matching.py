"""Names as a dataset knows them: which province a user means, which indicator a phrase means.

Shared by claim checking (`factcheck`) and target progress (`progress`), which must pair the
same indicators and accept the same spellings of a province.
"""
from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Iterable

from .dataset_view import Dataset, words
from .provinces import canonical_province, key, variants

# An indicator is a phrase's when its idf-weighted word overlap with the phrase (F1 of the two
# directions, see `IndicatorMatcher`) reaches this: `dịch vụ công mức độ 4` is then the claim
# `… dịch vụ công trực tuyến mức độ 4` but `hồ sơ công việc … cấp huyện` is not `… cấp xã`.
MATCH = 0.55
# Province names nearer than this (difflib ratio of their keys) are offered as what a name may mean.
NEAREST = 0.5


def nearest_provinces(name: str, cutoff: float = NEAREST) -> list[str]:
    """Up to three province names nearest to `name`, accents, case and spaces ignored."""
    names = {key(v): canonical for canonical, spellings in variants().items() for v in spellings}
    close = difflib.get_close_matches(key(name), list(names), n=6, cutoff=cutoff)
    return list(dict.fromkeys(names[k] for k in close))[:3]


class IndicatorMatcher:
    """Scores how surely a dataset indicator is the one a phrase speaks of.

    Words weigh by their rarity among the dataset's indicators (idf), so the words that tell
    indicators apart (`trực tuyến`, `cấp xã`) count and the shared ones (`hồ sơ`, `được xử lý`)
    hardly do. Only the phrase's words that some indicator uses count for it, so a claim's
    province, verbs and dates neither help nor hurt. The score is the F1 of the overlap's weight
    against both sides.
    """

    def __init__(self, indicators: Iterable[str | None]) -> None:
        distinct = {tuple(words(i)) for i in indicators if isinstance(i, str)}
        df = Counter(w for ws in distinct for w in set(ws))
        n = len(distinct)
        self.weight = {w: math.log((1 + n) / (1 + k)) + 1 for w, k in df.items()}

    def _mass(self, ws: set[str]) -> float:
        return sum(self.weight.get(w, 0.0) for w in ws)

    def score(self, indicator: str | None, phrase: str) -> float:
        ind = set(words(indicator))
        said = {w for w in words(phrase) if w in self.weight}
        if any(w.isdigit() and w not in said for w in ind):
            return 0.0  # a number in an indicator is a qualifier (`mức độ 4`, `5G`): it must agree
        shared = self._mass(ind & said)
        if not shared:
            return 0.0
        recall, precision = shared / self._mass(ind), shared / self._mass(said)
        return 2 * recall * precision / (recall + precision)


class ProvinceError(ValueError):
    """A province argument that names no single province; `candidates` are what it may mean."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


def resolve_province(dataset: Dataset, name: str | None) -> str:
    """The one province `name` means, any spelling (`dak lak`, `TP.HCM`), or a part of one name
    in the dataset (`bien` -> Điện Biên); ProvinceError when it is empty or means several or none,
    so one province's targets are never paired with another's results."""
    known = sorted(dataset.commitments["province"].dropna().unique(), key=words)  # alphabetical, accents aside
    said = " ".join(words(name))
    if not said:
        raise ProvinceError("give a province name; the dataset has: " + ", ".join(known), known)
    if canonical := canonical_province(name):
        return canonical
    matches = [p for p in known if said in " ".join(words(p))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ProvinceError(f"`{name}` matches several provinces: {', '.join(matches)}; name one", matches)
    near = nearest_provinces(name)
    raise ProvinceError(f"`{name}` is not a province" + (f"; nearest: {', '.join(near)}" if near else ""), near)
