"""HTML news page -> Article: the article's blocks in page order, the page's furniture set aside.

The cascade: a site profile (patterns/sites.yaml) when the host is known; else the generic
extractor, which knows nothing of any outlet: the container holding the most paragraph text
(link text discounted, furniture boxes ignored; a cell of <br>-separated lines counts as a
container) is the body. Walking it in page order, furniture boxes (class/id words and tags of
patterns/html_furniture.yaml), link lists and shop boxes (a price, a buy button, link text) are
set aside; captions come from <figcaption>, caption-named boxes, picture boxes, and italic or
centered lines right after a picture; stamp- and author-named elements become the stamp and
byline lines; every line then passes the plain-text furniture rules (patterns/furniture.yaml:
`Ảnh:`, `Theo …`, `TIN LIÊN QUAN`, `Lượt xem`, comment forms). A doubtful result (too short, or
its container holds under half of the page's paragraph text) is compared with trafilatura's
(`_cascade`): when it is far shorter, the element holding trafilatura's text is walked by the
same walker, and trafilatura's own lines, filtered the same way, are the last resort. A page
libxml2 truncates is parsed again by BeautifulSoup's tolerant parser. Metadata (title,
publication date, author, outlet) comes from <meta>, JSON-LD, the visible stamp near the
headline and a name signing the last line (measured against trafilatura's metadata in
bench/bench_html.py); what the caller passes (sidecar, crawl) wins.
"""
from __future__ import annotations

import html as html_lib
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import lxml.html
import regex
import trafilatura
from lxml.etree import ParserError, _Element
from lxml.html import soupparser

from .. import rules
from ..article import Article, Block, assemble
from ..encoding import decode_bytes
from ..furniture import match_rule
from ..ids import article_id_for
from ..text import normalize

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr td th blockquote figure "
    "figcaption section article header main pre center address details summary hr".split()
)
_HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
_ITALIC = frozenset("em i".split())
_BOLD = frozenset("strong b".split())
_WORD_SPLIT = re.compile(r"[\s_-]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_FINAL_PUNCT = tuple(".!?…:;\"”)»")
_READING = ("lead", "body", "subhead")  # the block kinds of the clean reading text
_BR = "\ue000"  # a private-use character marks line breaks in element text
_TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]{2,60}$")
_TAG = re.compile(r"<[^>]*>")
_RAW_OPEN = re.compile(r"<(script|style)\b", re.I)
_RAW_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


# ---------------------------------------------------------------------------------------------
# Configuration (data in patterns/html_furniture.yaml and patterns/sites.yaml)


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
class Config:
    data: dict
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    price: re.Pattern = re.compile(r"$^")  # a price in a shop box (`119.000đ`)
    calls_to_action: frozenset[str] = frozenset()  # link texts of a buy button (`mua ngay`)

    def has_word(self, el: _Element, group: str) -> bool:
        """Whether a class/id word of `el` (or the whole attribute) is in the word group."""
        wanted = self.words[group]
        for attr in ("class", "id"):
            value = (el.get(attr) or "").lower()
            if value and not wanted.isdisjoint({value, *value.split(), *_WORD_SPLIT.split(value)}):
                return True
        return False

    def names_stamp(self, el: _Element) -> bool:
        """Whether a class/id of `el` contains a stamp name part (`pdate`, `post-time`)."""
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        return any(part in names for part in self.data["stamp_parts"])


@lru_cache(maxsize=1)
def config() -> Config:
    data = rules.load("html_furniture").data
    groups = ("furniture_words", "caption_words", "lead_words", "author_words", "title_words", "button_words")
    words = {g.removesuffix("_words"): frozenset(w.lower() for w in data[g]) for g in groups}
    calls = frozenset(normalize(c).lower() for c in data["call_to_action"])
    return Config(data, words, re.compile(normalize(data["price"])), calls)


@lru_cache(maxsize=1)
def profiles() -> tuple[Profile, ...]:
    return tuple(
        Profile(name=p["name"], hosts=tuple(p["hosts"]), drop=tuple(p.get("drop", ())),
                **{k: p.get(k) for k in ("body", "lead", "title", "stamp", "author")})
        for p in rules.load("sites").data.get("profiles", [])
    )


def profile_for(url: str | None) -> Profile | None:
    host = (urlsplit(url).hostname or "").lower() if url else ""
    return next((p for p in profiles() if host and p.matches(host)), None)


# ---------------------------------------------------------------------------------------------
# Decoding and parsing


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares in its first <meta> tags."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def decode_html(data: bytes | str, charset: str | None = None) -> str:
    """Page text; bytes are decoded with the HTTP charset, the <meta> charset or by content
    (`decode_bytes` never trusts a Western single-byte declaration: servers send it by default)."""
    if isinstance(data, bytes):
        data = decode_bytes(data, charset or sniff_charset(data))
    return _XML_DECL.sub("", data)


def parse(text: str) -> _Element:
    """The parsed page, line breaks marked (see `_mark_breaks`). libxml2 gives up on some broken
    pages (past 256 unclosed <div>s) and silently drops the rest. When the tree lacks the page's
    last text and holds notably less text than the page has between its tags, BeautifulSoup's
    tolerant parser reads the page again, and the tree with more text wins."""
    root = _parse_lxml(text)
    if _lost_tail(root, text):
        kept = _tree_chars(root)
        if kept < config().data["parser_min_share"] * _markup_chars(text):
            tolerant = _parse_tolerant(text)
            if tolerant is not None and _tree_chars(tolerant) > kept:
                root = tolerant
    _mark_breaks(root)
    return root


def _parse_lxml(text: str) -> _Element:
    try:
        return lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as e:
        raise ValueError(f"not an HTML page: {e}") from e


def _parse_tolerant(text: str) -> _Element | None:
    """The page as BeautifulSoup's html.parser reads it (as a browser would, without libxml2's
    depth limit); None when it cannot (a tree too deep to convert)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # bs4's advice (`looks like XML`), not a fault
            return soupparser.fromstring(text)
    except (RecursionError, ValueError):
        return None


def _lost_tail(root: _Element, markup: str) -> bool:
    """Whether the tree's last text is not the page's last text (a cheap first sign that the
    parser stopped early: what it drops is always the end of the page)."""
    pieces = [p for p in _TAG.split(markup[-4096:]) if p.strip()]
    last = root.xpath("(//text()[normalize-space()])[last()]")
    if not pieces or not last:
        return bool(pieces)
    return not " ".join(last[0].split()).endswith(" ".join(html_lib.unescape(pieces[-1]).split()))


def _markup_chars(markup: str) -> int:
    """Non-space characters between the page's tags, script and style bodies left out."""
    parts, pos = [], 0
    while (m := _RAW_OPEN.search(markup, pos)) is not None:
        parts.append(markup[pos:m.start()])
        close = _RAW_CLOSE[m.group(1).lower()].search(markup, m.end())
        pos = close.end() if close else len(markup)
    parts.append(markup[pos:])
    return _chars(html_lib.unescape(_TAG.sub(" ", " ".join(parts))))


def _tree_chars(root: _Element) -> int:
    """Non-space characters of a tree's text, scripts and styles left out."""
    return _chars("".join(root.xpath("//text()[not(parent::script or parent::style)]")))


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _mark_breaks(root: _Element) -> None:
    """Mark where lines break (<br>, and the edges of block elements) so any element's text
    splits into its lines, while newlines in the page source stay mere spaces."""
    for el in root.iter():
        if el.tag == "br":
            el.tail = _BR + (el.tail or "")
        elif isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.text = _BR + (el.text or "")
            el.tail = _BR + (el.tail or "")


def _clean(text: str) -> str:
    """One line of normalized text (line-break marks become spaces)."""
    return " ".join(normalize(text.replace(_BR, " ")).split())


def _split_lines(text: str) -> list[str]:
    """Text cut at line-break marks, each line cleaned (source newlines are only spaces)."""
    return [ln for ln in (_clean(part) for part in text.split(_BR)) if ln]


def _lines(el: _Element) -> list[str]:
    return _split_lines(el.text_content())


# ---------------------------------------------------------------------------------------------
# Metadata


def _meta_content(root: _Element, names: list[str]) -> Iterator[str]:
    index: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
        if key and m.get("content") and key not in index:
            index[key] = m.get("content")
    for name in names:
        if name.lower() in index:
            yield index[name.lower()]


def _json_ld(root: _Element) -> list[dict]:
    """Every JSON-LD object on the page, @graph members included."""
    out: list[dict] = []
    for s in root.xpath('//script[@type="application/ld+json"]'):
        try:
            doc = json.loads(s.text_content() or "null", strict=False)
        except ValueError:
            continue
        stack = doc if isinstance(doc, list) else [doc]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                stack.extend(item.get("@graph") or [])
            elif isinstance(item, list):
                stack.extend(item)
    return out


def parse_date(value: str | None) -> date | None:
    """ISO `YYYY-MM-DD…` or Vietnamese `dd/mm/yyyy` (also with `-` or `.`)."""
    if not value:
        return None
    m = _ISO_DATE.search(value)
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
    if not m:
        m = _DMY_DATE.search(value)
        if not m:
            return None
        d, mo, y = m.groups()
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _ld_value(objs: list[dict], key: str) -> str | None:
    for o in objs:
        v = o.get(key)
        if isinstance(v, list) and v:
            v = v[0]
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def _published(root: _Element, ld: list[dict], stamp: str | None) -> date | None:
    candidates = [_ld_value(ld, "datePublished"), *_meta_content(root, config().data["date_meta"])]
    candidates += [t.get("datetime") for t in root.iter("time")]
    candidates.append(stamp)
    return next((d for d in map(parse_date, candidates) if d), None)


def _title_hint(root: _Element) -> str:
    """og:title, else <title>: what the page says its headline is (often with the outlet)."""
    og = next(_meta_content(root, ["og:title", "twitter:title"]), None)
    head = root.find(".//title")
    return _clean(og or (head.text_content() if head is not None else ""))


def _named_h1s(root: _Element, hint: str) -> list[tuple[_Element, str]]:
    """The <h1>s whose words are mostly in the title hint, best first."""
    h1s = [(h, t) for h, t in ((h, _clean(h.text_content())) for h in root.iter("h1")) if t]
    named = [(h, t) for h, t in h1s if hint and _overlap(t, hint) > 0.5]
    return sorted(named, key=lambda ht: (_overlap(ht[1], hint), len(ht[1])), reverse=True)


def _headline(root: _Element) -> _Element | None:
    named = _named_h1s(root, _title_hint(root))
    return named[0][0] if named else None


@dataclass(frozen=True)
class _Title:
    text: str
    element: _Element | None  # the headline element, when the page has one


def _title(page: _Page, body: _Element | None, prof: Profile | None) -> _Title | None:
    """The headline: the profile's; else the <h1> that og:title / <title> names; else the <h1>
    or headline-named element nearest before the article's first paragraph (not a logo in the
    page header); else og:title or <title> without its ` - Outlet` suffix."""
    found = [(e, t) for e in _select(page.root, prof.title if prof else None) if (t := _clean(e.text_content()))]
    hint = _title_hint(page.root)
    named = found or _named_h1s(page.root, hint)
    if named:
        return _Title(named[0][1], named[0][0])
    h1s = [(h, t) for h, t in ((h, _clean(h.text_content())) for h in page.root.iter("h1")) if t]
    first = _first_paragraph(body)
    longest = config().data["title_max_chars"]
    headings = [(h, t) for h, t in h1s + _title_named(page) if len(t) <= longest]
    # before the first paragraph, or inside it when it is a cell of <br>-separated lines
    before = [(h, t) for h, t in headings
              if first is not None and (page.before(h, first) or first in h.iterancestors())]
    if before:
        h, t = max(before, key=lambda ht: page.order[ht[0]])
        return _Title(t, h)
    hint = _TITLE_SUFFIX.sub("", hint)
    return _Title(hint, None) if hint else None


def _title_named(page: _Page) -> list[tuple[_Element, str]]:
    """Elements named as a headline (`tieude`, `title-detail`) outside furniture, with text."""
    named = (e for e in page.root.iter() if isinstance(e.tag, str) and config().has_word(e, "title"))
    return [(e, t) for e in named if (t := _clean(e.text_content())) and not page.in_furniture(e)]


def _first_paragraph(body: _Element | None) -> _Element | None:
    if body is None:
        return None
    return next((p for p in body.iter("p", "div", "td") if _is_leaf(p) and _text_len(p) >= 80), None)


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / len(wa) if wa else 0.0


def _outlet(root: _Element, ld: list[dict], url: str | None) -> str | None:
    site = next(_meta_content(root, ["og:site_name", "application-name"]), None)
    if not site:
        pubs = [o.get("publisher") for o in ld if isinstance(o.get("publisher"), dict)]
        site = _ld_value(pubs, "name") if pubs else None
    if site:
        return _clean(site)
    return (urlsplit(url).hostname or None) if url else None


# ---------------------------------------------------------------------------------------------
# The body container


def _furniture(el: _Element) -> bool:
    cfg = config()
    return el.tag in cfg.data["furniture_tags"] or cfg.has_word(el, "furniture")


def _text_len(el: _Element) -> int:
    return len(" ".join(el.text_content().replace(_BR, " ").split()))


def _link_len(el: _Element) -> int:
    return sum(_text_len(a) for a in el.iter("a"))


def _is_leaf(el: _Element) -> bool:
    return el.tag == "p" or not any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el)


def _is_teaser(el: _Element) -> bool:
    """A summary right after a headline link: an item of a list of other articles."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    n = _text_len(prev) if prev is not None else 0
    return n > 0 and _link_len(prev) >= config().data["teaser_link_share"] * n


class _Page:
    """A parsed page and its paragraph-like leaves, each weighted by its text length minus its
    link text (menus and link lists count for little, teasers of other articles a fifth)."""

    LEAF_TAGS = ("p", "div", "td", "li", "h2", "h3", "blockquote", "pre")

    def __init__(self, root: _Element) -> None:
        self.root = root
        self.order = {el: i for i, el in enumerate(root.iter())}  # document order
        headline = _headline(root)
        self.headline_boxes = set(headline.iterancestors()) if headline is not None else set()
        self._in_furniture: dict[_Element, bool] = {}
        self.leaves: list[tuple[_Element, float]] = []
        self.teasers: set[_Element] = set()
        for el in root.iter(*self.LEAF_TAGS):
            if not _is_leaf(el) or any(a.tag == "a" for a in el.iterancestors()):
                continue  # a headline inside a link is all link text
            n = _text_len(el) - _link_len(el)
            if n < config().data["min_paragraph_chars"]:
                continue
            if _is_teaser(el):
                self.teasers.add(el)
            self.leaves.append((el, n * config().data["teaser_weight"] if el in self.teasers else n))

    def furniture(self, el: _Element) -> bool:
        """A furniture box: named or tagged so, unless it holds the page's headline (then it
        is the article's wrapper under an unlucky name: `sidebar-1`, `ykien-chuyengia`)."""
        return _furniture(el) and el not in self.headline_boxes

    def in_furniture(self, el: _Element) -> bool:
        """Whether a furniture box holds `el`; remembered per element, as every leaf asks it of
        the same ancestors (the container search, then the cascade's doubt)."""
        known = self._in_furniture.get(el)
        if known is None:
            parent = el.getparent()
            known = parent is not None and (self.furniture(parent) or self.in_furniture(parent))
            self._in_furniture[el] = known
        return known

    def before(self, el: _Element, other: _Element) -> bool:
        """Whether `el` starts before `other` and lies outside it."""
        return self.order[el] < self.order[other] and other not in el.iterancestors()

    def find_body(self) -> _Element | None:
        """The element whose paragraphs hold the most text (readability's scoring, simplified):
        each leaf scores its container fully and the container's parent half; leaves in
        furniture boxes do not count."""
        scores: dict[_Element, float] = {}
        many = config().data["container_min_lines"]
        for el, n in self.leaves:
            if self.in_furniture(el):
                continue
            # a paragraph scores its container; a leaf of <br>-separated lines is a container
            holder = el if len(_lines(el)) >= many else el.getparent()
            if holder is None:
                continue
            scores[holder] = scores.get(holder, 0.0) + n
            grand = holder.getparent()
            if grand is not None:
                scores[grand] = scores.get(grand, 0.0) + n / 2
        if not scores:
            return None
        best = max(scores, key=scores.__getitem__)
        parent = best.getparent()
        # An article split over sibling boxes of one kind (text, photo box, more text): all of
        # them. A box of another kind beside it (an about-us box, a comment thread) is not.
        share = config().data["sibling_min_share"]
        if parent is not None and any(
            s is not best and s.tag == best.tag and s.get("class") == best.get("class")
            and not self.furniture(s) and scores.get(s, 0) >= share * scores[best]
            for s in parent
        ):
            return parent
        return best


# ---------------------------------------------------------------------------------------------
# Walking the body into blocks

_DROPPED_RULES = ("counter", "comment_form", "share_bar", "related_bullet")
_KIND_RULES = ("stamp", "caption", "credit")


def classify_line(kind: str, line: str) -> Block | None:
    """The block for one line the HTML structure called `kind`, after the plain-text furniture
    rules had their say; None for furniture (counters, share bars, comment forms...)."""
    rule = match_rule(line)
    if rule in _DROPPED_RULES:
        return None
    return Block(rule if rule in _KIND_RULES else kind, line)


@dataclass
class _Walk:
    """What a walk over the body collects: blocks in page order and furniture set aside."""

    page: _Page
    blocks: list[Block] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    after_image: bool = False  # the last thing seen was a picture without text
    kept: frozenset[str] = frozenset()  # lines trafilatura kept, when walking its container

    def furniture(self, el: _Element) -> bool:
        """A furniture box, unless trafilatura kept its text (an article written in boxes named
        like widgets, as page builders name them)."""
        return self.page.furniture(el) and not (self.kept and any(ln in self.kept for ln in _lines(el)))

    def add(self, kind: str, lines: list[str]) -> None:
        for line in lines:
            block = classify_line(kind, line)
            if block is None:
                self.dropped.append(line)
            else:
                self.blocks.append(block)

    def drop(self, el: _Element) -> None:
        self.dropped.extend(_lines(el))
        self.after_image = False


def _has_image(el: _Element) -> bool:
    return el.tag == "img" or next(el.iter("img", "picture"), None) is not None


def _styled(el: _Element, tags: frozenset[str]) -> bool:
    """Whether all of the element's text sits inside `tags` (e.g. all italic)."""
    total = _text_len(el)
    inner = sum(_text_len(c) for c in el.iter(*tags) if not any(a.tag in tags for a in c.iterancestors()))
    return total > 0 and inner >= total


def _centered(el: _Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (el.get("align") or "").lower() == "center"


def _is_stamp(el: _Element) -> bool:
    """A short stamp-named element, or one holding <time> or a stamp-named child, with a date."""
    cfg = config()
    named = cfg.names_stamp(el) or any(
        isinstance(d.tag, str) and (d.tag == "time" or cfg.names_stamp(d)) for d in el.iterdescendants()
    )
    short = _text_len(el) <= cfg.data["stamp_max_chars"]
    return named and short and bool(_DMY_DATE.search(_clean(el.text_content())))


def _leaf_kind(el: _Element, after_image: bool) -> str:
    """The role of a paragraph-like leaf of the body: stamp, byline (credit), lead, caption
    (short, italic or centered, after or beside a picture), subhead or body."""
    cfg = config()
    n = _text_len(el)
    if _is_stamp(el):
        return "stamp"
    if cfg.has_word(el, "author") and n <= cfg.data["byline_max_chars"]:
        return "credit"
    if cfg.has_word(el, "lead"):
        return "lead"
    near_image = after_image or _has_image(el)
    if near_image and n <= cfg.data["caption_max_chars"] and (_styled(el, _ITALIC) or _centered(el)):
        return "caption"
    if el.tag in _HEADINGS:
        return "subhead"
    text = _clean(el.text_content())
    if n <= cfg.data["subhead_max_chars"] and _styled(el, _BOLD) and not text.endswith(_FINAL_PUNCT):
        return "subhead"
    return "body"


def _is_caption_box(el: _Element) -> bool:
    return el.tag == "figcaption" or config().has_word(el, "caption")


def _is_image_box(el: _Element) -> bool:
    """A figure, or a small table/div around a picture, that holds no real paragraphs: its text
    is the picture's caption."""
    if not (el.tag == "figure" or el.tag in ("table", "div") and _has_image(el)):
        return False
    if el.tag != "figure" and _text_len(el) > config().data["caption_max_chars"]:
        return False
    return sum(1 for p in el.iter("p") if _text_len(p) > 80) < 2


def _link_list(el: _Element) -> bool:
    """Mostly links (a related-articles box), or nothing but links (a menu, however short)."""
    n, links = _text_len(el), _link_len(el)
    return n > 0 and (links >= 0.9 * n or n > 40 and links > config().data["link_density_max"] * n)


def _is_promo(el: _Element) -> bool:
    """A shop box (a book or product with its price and a buy button): short, with at least two
    of a price, a call to action and mostly link text. Told by structure, whatever the site."""
    cfg = config()
    n = _text_len(el)
    if not n or n > cfg.data["promo_max_chars"]:
        return False
    signs = (
        bool(cfg.price.search(_clean(el.text_content()))),
        any(_is_call_to_action(a) for a in el.iter("a")),
        _link_len(el) > cfg.data["promo_link_share"] * n,
    )
    return sum(signs) >= 2


def _is_call_to_action(a: _Element) -> bool:
    """A link styled as a button (`btn-mua`) or saying `Mua ngay`, `Đặt mua`, `Xem chi tiết`."""
    cfg = config()
    return cfg.has_word(a, "button") or _clean(a.text_content()).lower() in cfg.calls_to_action


def _has_block(el: _Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iter() if c is not el)


def _block(el: _Element, walk: _Walk) -> None:
    """One block-level element: furniture, a caption box, a container (block children, or
    several <br>-separated lines), or a paragraph."""
    if walk.furniture(el) or _link_list(el) or _is_promo(el):
        walk.drop(el)
    elif _is_caption_box(el) or _is_image_box(el):
        lines = _lines(el)
        walk.add("caption", lines)
        walk.after_image = _has_image(el) and not lines
    elif _has_block(el) or len(_lines(el)) >= config().data["container_min_lines"]:
        _walk(el, walk)
    elif lines := _lines(el):
        walk.add(_leaf_kind(el, walk.after_image), lines)
        walk.after_image = False
    else:
        walk.after_image = walk.after_image or _has_image(el)


def _walk(el: _Element, walk: _Walk) -> None:
    """Emit the blocks under `el` in page order: block children one by one, and the loose text
    between them (text and inline elements, with their tails) line by line. A line that is one
    inline element's text takes that element's role (a bold subhead, an italic caption after a
    picture, a stamp-named <span>), as a paragraph would."""
    pieces: list[tuple[str, _Element | None]] = [(el.text or "", None)]

    def flush() -> None:
        for line, owner in _run_lines(pieces):
            walk.add(_leaf_kind(owner, walk.after_image) if owner is not None else "body", [line])
            walk.after_image = False
        pieces.clear()

    for child in el:
        if isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or _has_block(child)):
            flush()
            _block(child, walk)
        elif isinstance(child.tag, str) and walk.furniture(child):
            walk.drop(child)
        elif isinstance(child.tag, str) and _has_image(child) and not _clean(child.text_content()):
            flush()
            walk.after_image = True
        elif isinstance(child.tag, str):
            pieces.append((child.text_content(), child))
        pieces.append((child.tail or "", None))
    flush()


def _run_lines(pieces: list[tuple[str, _Element | None]]) -> Iterator[tuple[str, _Element | None]]:
    """(line, the inline element that is the whole line, if one is) of a run of loose text."""
    text, owners = "", []

    def line() -> tuple[str, _Element | None] | None:
        clean = _clean(text)
        return (clean, owners[0] if len(owners) == 1 else None) if clean else None

    for piece, owner in pieces:
        parts = piece.split(_BR)
        for i, part in enumerate(parts):
            if i:  # a line break: the line so far is complete
                if (done := line()) is not None:
                    yield done
                text, owners = "", []
            text += part
            if part.strip():
                owners.append(owner)
    if (done := line()) is not None:
        yield done


# ---------------------------------------------------------------------------------------------
# Lead, stamp and byline outside the body


def _select(root: _Element, selector: str | None) -> list[_Element]:
    return root.cssselect(selector) if selector else []


def _lead(page: _Page, body: _Element, prof: Profile | None) -> _Element | None:
    """The sapo outside the body: the profile's, else the last lead-named element before it."""
    found = [e for e in _select(page.root, prof.lead if prof else None) if body not in e.iterancestors()]
    if found:
        return found[0]
    cfg = config()
    cands = [
        e for e in page.root.iter()
        if isinstance(e.tag, str) and cfg.has_word(e, "lead") and page.before(e, body)
        and e not in body.iterancestors() and not page.in_furniture(e)
        and cfg.data["min_paragraph_chars"] <= _text_len(e) <= cfg.data["lead_max_chars"]
        and not any(cfg.has_word(a, "lead") for a in e.iterancestors())
    ]
    return cands[-1] if cands else None


def _stamp(page: _Page, body: _Element, title: _Title | None, prof: Profile | None) -> str | None:
    """The visible publication stamp: a short stamp-named element (or <time>) holding a date,
    near the article (under the container of headline and body): inside the body, else the
    nearest before it, else a lone one after it. A date elsewhere is most often today's date in
    the page header, not the article's."""
    els = _select(page.root, prof.stamp if prof else None) or [
        e for e in page.root.iter()
        if isinstance(e.tag, str) and (e.tag == "time" or config().names_stamp(e)) and not page.in_furniture(e)
    ]
    dated = [(e, t.rstrip(" |")) for e, t in ((e, _clean(e.text_content())) for e in els)
             if len(t) <= config().data["stamp_max_chars"] and _DMY_DATE.search(t)]
    has_head = title is not None and title.element is not None
    region = _common_ancestor(title.element, body) if has_head else body.getparent()
    near = [(e, t) for e, t in dated if region is not None and region in e.iterancestors()]
    inside = [t for e, t in near if body in e.iterancestors()]
    before = [t for e, t in near if page.before(e, body)]
    after = [t for e, t in near if page.before(body, e)]
    # after the body, only a lone date: several are a list of other articles
    return next(iter(inside or before[-1:] or (after if len(after) == 1 else [])), None)


def _common_ancestor(a: _Element, b: _Element) -> _Element | None:
    ancestors = set(a.iterancestors())
    return next((e for e in b.iterancestors() if e in ancestors), None)


def _author(page: _Page, ld: list[dict], prof: Profile | None, outlet: str | None) -> str | None:
    """The byline: <meta> author, JSON-LD author, else an author-named element; names that are
    the outlet itself (`VnExpress`, `NLD.COM.VN`) are not authors."""
    ld_authors = [o["author"] for o in ld if o.get("author")]
    elements = _select(page.root, prof.author if prof else None) or [
        e for e in page.root.iter() if isinstance(e.tag, str) and config().has_word(e, "author")
    ]
    candidates = [
        *_meta_content(page.root, config().data["author_meta"]),
        _ld_value([{"author": a} for a in ld_authors], "author"),
        *(_clean(e.text_content()) for e in elements),
    ]
    names = (_clean(c) for c in candidates if c)
    return next((name for name in names if _is_person(name, outlet)), None)


def _trailing_byline(blocks: list[Block], outlet: str | None) -> str | None:
    """The name signing the article on its last reading line (`Thu Hà`, `Hà Thu (tổng hợp)`)."""
    last = next((b.text for b in reversed(blocks) if b.kind in _READING), None)
    m = _byline_pattern().match(last) if last else None
    return m.group("name") if m and _is_person(m.group("name"), outlet) else None


@lru_cache(maxsize=1)
def _byline_pattern() -> regex.Pattern:
    return regex.compile(config().data["trailing_byline"])


def _is_person(name: str, outlet: str | None) -> bool:
    squeezed = name.lower().replace(" ", "")
    if not 2 <= len(name) <= config().data["byline_max_chars"] or name.startswith("http"):
        return False
    if "." in name and " " not in name:  # a domain
        return False
    return not (outlet and squeezed in outlet.lower().replace(" ", ""))


# ---------------------------------------------------------------------------------------------
# Extraction


@dataclass
class _Extraction:
    blocks: list[Block]
    dropped: list[str]
    body: _Element | None
    by_profile: bool  # the body came from a site profile's selector


def _own_blocks(page: _Page, prof: Profile | None) -> _Extraction:
    """Blocks from the profile's or the densest container, with the lead found outside it."""
    chosen = _select(page.root, prof.body if prof else None)
    body = chosen[0] if chosen else page.find_body()
    if body is None:
        return _Extraction([], [], None, False)
    return _walk_body(page, body, prof, by_profile=bool(chosen))


def _walk_body(page: _Page, body: _Element, prof: Profile | None, by_profile: bool = False,
               kept: frozenset[str] = frozenset()) -> _Extraction:
    """The blocks of one container, in page order, with the lead found outside it."""
    walk = _Walk(page, kept=kept)
    for sel in prof.drop if prof else ():
        for e in body.cssselect(sel):
            walk.drop(e)
            e.drop_tree()
    lead = _lead(page, body, prof)
    if lead is not None:
        walk.add("lead", _lines(lead))
    _walk(body, walk)
    return _Extraction(walk.blocks, walk.dropped, body, by_profile)


def _credit(blocks: list[Block]) -> str | None:
    """Who the article credits as its source (`Theo Báo Đắk Lắk` -> `Báo Đắk Lắk`)."""
    line = next((b.text for b in blocks if b.kind == "credit"), None)
    m = rules.load("furniture").rules["credit"].regex.search(line) if line else None
    return m.group("who").strip() if m else line


def _reading_chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind in _READING)


def _doubtful(page: _Page, found: _Extraction) -> bool:
    """Whether our container may have missed the article: too little reading text, for the
    article or for the page's paragraph text (furniture boxes included: an article may sit in
    boxes named like widgets), or the container holds under half of the page's paragraph text
    outside furniture (another region holds more). Teasers of other articles never count."""
    data = config().data
    own = _reading_chars(found.blocks)
    if found.body is None or own < data["min_body_chars"]:
        return True
    if own < data["visible_share"] * sum(n for el, n in page.leaves if el not in page.teasers):
        return True
    body = found.body
    counted = [(el, n, el is body or body in el.iterancestors()) for el, n in page.leaves
               if not (page.furniture(el) or page.in_furniture(el))]
    inside = sum(n for _el, n, within in counted if within)
    outside = sum(n for el, n, within in counted if not within and el not in page.teasers)
    return inside < data["doubt_share"] * (inside + outside)


def _cascade(page: _Page, html: str, found: _Extraction) -> _Extraction:
    """Our result, or a better one when it is doubtful (trafilatura's comparison, Vietnamese
    thresholds in patterns/html_furniture.yaml): ours stands unless it is far below the length of
    trafilatura's text; then the container of what trafilatura kept is walked by our walker
    (block roles, captions, leads), and only if that fails are trafilatura's own lines taken."""
    if found.by_profile or not _doubtful(page, found):
        return found
    theirs = _trafilatura_blocks(html, _page_captions(page), _page_promos(page))
    data = config().data
    length, far_below = sum(len(b.text) for b in theirs), data["far_below"]
    if not theirs or _reading_chars(found.blocks) >= far_below * length:
        return found
    kept = frozenset(b.text for b in theirs)
    anchor = _anchor(page, kept)
    if anchor is not None:
        again = _walk_body(page, anchor, None, kept=kept)
        if far_below * length <= _reading_chars(again.blocks) <= length / far_below:
            return again
    return _Extraction(theirs, found.dropped, found.body, False)


def _anchor(page: _Page, lines: frozenset[str]) -> _Element | None:
    """The deepest element holding `anchor_share` of the page's paragraph text that is among
    `lines` (what trafilatura kept): the article's container as trafilatura saw it."""
    held: dict[_Element, int] = {}
    total = 0
    for el, _n in page.leaves:
        kept = sum(len(line) for line in _lines(el) if line in lines)
        total += kept
        for holder in (el, *el.iterancestors()) if kept else ():
            held[holder] = held.get(holder, 0) + kept
    enough = [el for el, n in held.items() if total and n >= config().data["anchor_share"] * total]
    return max(enough, key=page.order.__getitem__, default=None)


def _trafilatura_blocks(html: str, captions: set[str], promos: frozenset[str] = frozenset()) -> list[Block]:
    """trafilatura's text, line by line, through the same Vietnamese furniture rules; lines the
    page shows as photo captions stay captions, lines of shop boxes are left out."""
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    lines = [ln for ln in (_clean(x) for x in text.split("\n")) if ln and ln not in promos]
    blocks = (classify_line("caption" if ln in captions else "body", ln) for ln in lines)
    return [b for b in blocks if b is not None]


def _page_captions(page: _Page) -> set[str]:
    """Every caption line on the page (<figcaption> and caption-named boxes)."""
    boxes = (e for e in page.root.iter() if isinstance(e.tag, str) and _is_caption_box(e))
    return {line for e in boxes for line in _lines(e)}


def _page_promos(page: _Page) -> frozenset[str]:
    """Every line of the page's shop boxes (see `_is_promo`)."""
    boxes = (e for e in page.root.iter(*_BLOCK_TAGS) if _is_promo(e))
    return frozenset(line for e in boxes for line in _lines(e))


def _settle_roles(blocks: list[Block]) -> list[Block]:
    """Roles only the whole sequence tells: the first paragraph is the lead when no element was
    named so; a bold line with no paragraph after it is a byline-like tail, not a subhead."""
    out = list(blocks)
    paragraphs = [i for i, b in enumerate(out) if b.kind in ("lead", "body")]
    if paragraphs and not any(b.kind == "lead" for b in out):
        out[paragraphs[0]] = Block("lead", out[paragraphs[0]].text)
    last = paragraphs[-1] if paragraphs else -1
    return [Block("body", b.text) if b.kind == "subhead" and i > last else b for i, b in enumerate(out)]


def extract_blocks(data: bytes | str, *, url: str | None = None, charset: str | None = None,
                   use_profiles: bool = True) -> tuple[list[Block], list[str], dict]:
    """(blocks in page order, dropped lines, metadata) of one page."""
    text = decode_html(data, charset)
    root = parse(text)
    ld = _json_ld(root)
    for bad in root.xpath("|".join(f"//body//{t}" for t in config().data["junk_tags"])):
        bad.drop_tree()
    prof = profile_for(url) if use_profiles else None
    page = _Page(root)
    found = _cascade(page, text, _own_blocks(page, prof))
    blocks, body = found.blocks, found.body
    title = _title(page, body, prof)
    stamp = _stamp(page, body, title, prof) if body is not None else None
    head = [Block("title", title.text)] if title else []
    if stamp and not any(b.kind == "stamp" for b in blocks):
        head.append(Block("stamp", stamp))
    blocks = [b for b in blocks if not (title and b.kind in ("body", "subhead") and b.text == title.text)]
    outlet = _outlet(root, ld, url)
    meta = {
        "title": title.text if title else None,
        "published": _published(root, ld, stamp),
        "author": _author(page, ld, prof, outlet) or _trailing_byline(blocks, outlet),
        "outlet": outlet,
        "credit": _credit(blocks),
    }
    return head + _settle_roles(blocks), found.dropped, meta


def read_html(data: bytes | str, *, source: str, url: str | None = None, charset: str | None = None,
              use_profiles: bool = True, **meta) -> Article:
    """An Article from one HTML page; `meta` (article_id, outlet, published, province...) wins
    over what the page says. Raise ValueError for a page with no article text (binary data, an
    empty or script-only page, a bare list of links)."""
    blocks, dropped, found = extract_blocks(data, url=url, charset=charset, use_profiles=use_profiles)
    shortest = config().data["min_paragraph_chars"]
    if not any(b.kind in ("lead", "body") and len(b.text) >= shortest for b in blocks):
        raise ValueError("no article text in the page")
    for key, value in found.items():
        if meta.get(key) is None and value is not None:
            meta[key] = value
    given_id = meta.pop("article_id", None)
    article = assemble(blocks, article_id=given_id or "", source=source, dropped=dropped, url=url, **meta)
    article.article_id = given_id or article_id_for(url=url, text=article.text)
    return article
