"""The `data` block of every pattern file, declared once: one frozen dataclass per file.

`rules.load(name)` checks a file's data against its declaration and converts it (`lexicon` on the
PatternFile): every key present, none undeclared, each value of its declared type; a mismatch is a
`rules.DataError` naming the file and the key. A field's type says how a YAML value is read
(`frozenset[str]` from a list, `float` from `1e3`, `regex.Pattern` compiled from a string); field
metadata `yaml` names a key spelled otherwise in the file, `keys` normalizes a mapping's keys. Code
reads `load(name).lexicon.<field>`, never the raw dict, so a renamed or mistyped key fails at load,
not on the first article that reaches it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex


def _yaml(key: str) -> dict:
    """Field metadata for a field whose YAML key is spelled otherwise."""
    return {"yaml": key}


@dataclass(frozen=True)
class Spelled:
    """numbers.yaml `data.spelled`: the words of spelled numerals."""

    digits: dict[str, int]  # word -> digit it names anywhere
    after_tens: dict[str, int]  # digits spelled differently after mươi/mười (mốt, lăm, tư)
    not_after_tens: frozenset[str]  # digit words that end a numeral after mươi/mười (`mười năm` = ten years)
    tens: frozenset[str]  # mươi, chục: multiply the pending digit by ten
    ten: frozenset[str]  # mười: ten itself
    hundred: frozenset[str]
    scales: dict[str, int]  # nghìn 1e3, triệu 1e6, tỷ 1e9
    zero_tens: frozenset[str]  # linh, lẻ
    half: frozenset[str]  # rưỡi


@dataclass(frozen=True)
class Numbers:
    spelled: Spelled
    alone_not_quantity: frozenset[str] = field(metadata=_yaml("spelled_alone_not_quantity"))
    suffixes: dict[str, float]
    running_suffixes: frozenset[str]
    with_cents: frozenset[str]
    comparators: dict[str, str]
    comparators_after: dict[str, str]
    range_openers: frozenset[str]
    function_words: frozenset[str]
    ordinals: dict[str, int] = field(metadata={"keys": str.casefold})
    rank_nouns: frozenset[str]
    score_nouns: frozenset[str]
    score_digits: regex.Pattern
    year_like: regex.Pattern
    grouped_whole: regex.Pattern
    identifier: regex.Pattern = field(metadata=_yaml("identifier_pattern"))
    label_list_max: float
    verb_labels: frozenset[str]
    measure_labels: frozenset[str]
    share_of: frozenset[str]
    bare_scale_currency: dict[str, str]
    idioms: frozenset[str]


@dataclass(frozen=True)
class Dates:
    month_words: dict[str, int]
    roman: dict[str, int]
    edges: dict[str, str]
    shifts: dict[str, dict[str, int]]
    range_rules: frozenset[str]
    no_default_relation: frozenset[str]
    year_sharing: frozenset[str]
    pivot: int = field(metadata=_yaml("two_digit_pivot"))


@dataclass(frozen=True)
class Issuer:
    name: str  # may hold {province} or {provincial}
    scope: str  # national | local


@dataclass(frozen=True)
class Legal:
    doc_types: dict[str, str]
    codes: dict[str, str] = field(metadata={"keys": str.upper})  # `TTg` and `TTG` are one code
    bare_number_next: str
    issuers: dict[str, Issuer] = field(metadata={"keys": str.upper})
    date_after: str  # patterns, with the file's fragments
    issuer_after: str
    signing: tuple[str, ...]
    unit_ends: tuple[str, ...]
    signing_reach: int
    citing: tuple[str, ...]
    kind_word: str
    starts_at_kind_word: frozenset[str]
    ocr: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entities:
    national_cues: tuple[str, ...]
    national_recipient_before: tuple[str, ...]  # a national body after these is where things go, no scope
    local_cues: tuple[str, ...]
    national_lead_cues: tuple[str, ...]
    ner_keywords: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    norm: str
    forms: tuple[str, ...]
    scope: str | None = None  # national, local, company or press
    head: bool = False  # may run on over lower-case words to `tỉnh …`
    needs_tail: bool = False  # names nothing without a province after it (`Báo`)


@dataclass(frozen=True)
class Organizations:
    orgs: tuple[Organization, ...]
    units: tuple[str, ...]
    province_links: tuple[str, ...]
    lower_levels: tuple[str, ...]
    ministry_list: str  # the plural head of a list of ministries named short (`Các Bộ`, `3 bộ:`)
    ministry_item: str  # one item of such a list (`, Tài chính`)
    not_orgs: tuple[str, ...] = ()
    national_tails: tuple[str, ...] = ()  # after a descriptive head: the country's own body


@dataclass(frozen=True)
class Provinces:
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ()
    needs_prefix: frozenset[str] = frozenset()
    lower_units: dict[str, tuple[str, ...]] = field(default_factory=dict)  # level -> unit words (district, commune, hamlet)
    not_provinces: tuple[str, ...] = ()
    towns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outlet_label: dict[str, tuple[str, ...]] = field(default_factory=dict)  # before/after: affixes of a host label
    outlet_hosts: dict[str, str] = field(default_factory=dict)  # host label -> province, for papers named otherwise


@dataclass(frozen=True)
class Furniture:
    headline_max_chars: int
    wrap_min_chars: int
    wrap_share: float
    wrap_full_share: float  # of the text's widest cut line: a line that long was cut by the width
    final_punctuation: str
    title_max_chars: int
    roles: dict[str, str]
    short_line_max: int  # lines longer than this are matched only by `long_line_rules`
    long_line_rules: tuple[str, ...]


@dataclass(frozen=True)
class HtmlFurniture:
    junk_tags: tuple[str, ...]
    furniture_tags: frozenset[str]
    furniture_words: tuple[str, ...]
    caption_words: tuple[str, ...]
    lead_max_chars: int
    lead_words: tuple[str, ...]
    stamp_parts: tuple[str, ...]
    title_words: tuple[str, ...]
    title_max_chars: int
    author_words: tuple[str, ...]
    date_meta: tuple[str, ...]
    author_meta: tuple[str, ...]
    container_min_lines: int
    min_paragraph_chars: int
    teaser_weight: float
    teaser_link_share: float
    link_density_max: float
    caption_max_chars: int
    subhead_max_chars: int
    stamp_max_chars: int
    byline_max_chars: int
    trailing_byline: str
    min_body_chars: int
    visible_share: float
    doubt_share: float
    far_below: float
    anchor_share: float
    parser_min_share: float
    promo_max_chars: int
    promo_link_share: float
    price: str
    button_words: tuple[str, ...]
    call_to_action: tuple[str, ...]
    sibling_min_share: float


@dataclass(frozen=True)
class Profile:
    """CSS selectors for one known outlet; any may be empty."""

    name: str
    hosts: tuple[str, ...]
    body: str | None = None
    lead: str | None = None
    title: str | None = None
    stamp: str | None = None
    author: str | None = None
    drop: tuple[str, ...] = ()

    def matches(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)


@dataclass(frozen=True)
class Sites:
    profiles: tuple[Profile, ...] = ()


@dataclass(frozen=True)
class Commitments:
    on_topic: dict[str, int]
    merger_date: str
    provinces_most: int
    tier_most: dict[str, int]  # the most districts (`huyện`) and communes (`xã`) one province has held
    index_full_name: dict[str, str]
    index_alias: dict[str, str]  # another name of an index -> its abbreviation (a key of index_full_name)
    units: tuple[str, ...]
    money_units: tuple[str, ...]
    levels: dict[str, str]
    level_tier: dict[str, int]
    pillars: dict[str, tuple[str, ...]]
    pillar_terms: dict[str, str]
    plan_lead: int
    plan_title: int
    local_back: int
    max_pre_syllables: int
    max_post_syllables: int
    max_actor_syllables: int
    max_topic_syllables: int
    max_scored_thing_syllables: int
    max_label_syllables: int
    noun_tags: tuple[str, ...]
    verb_tags: tuple[str, ...]
    predicate_aux: tuple[str, ...]  # auxiliaries a subject ends before (`… và điều hành đã …`)


# Pattern file -> the declaration of its `data` block. A file with data and no entry fails to load.
SCHEMAS: dict[str, type] = {
    "numbers": Numbers, "dates": Dates, "legal": Legal, "entities": Entities, "organizations": Organizations,
    "provinces": Provinces, "furniture": Furniture, "html_furniture": HtmlFurniture, "sites": Sites,
    "commitments": Commitments,
}
