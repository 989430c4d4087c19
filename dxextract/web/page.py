"""A parsed HTML page and what every stage reads from it.

Site configuration (patterns/html_furniture.yaml, patterns/sites.yaml), decoding and parsing (a
page libxml2 truncates is parsed again by BeautifulSoup's tolerant parser), the text of an
element, the headline, and `Page`: the container holding the most paragraph text (link text
discounted, furniture boxes ignored; a cell of <br>-separated lines counts as a container).
"""
from __future__ import annotations

import html as html_lib
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import ParserError, _Element
from lxml.html import soupparser

from .. import rules
from ..encoding import decode_bytes
from ..lexicons import HtmlFurniture, Profile
from ..text import normalize


BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr td th blockquote figure "
    "figcaption section article header main pre center address details summary hr".split()
)
HEADINGS = frozenset("h2 h3 h4 h5 h6".split())
ITALIC = frozenset("em i".split())
BOLD = frozenset("strong b".split())
_WORD_SPLIT = re.compile(r"[\s_-]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
READING = ("lead", "body", "subhead")  # the block kinds of the clean reading text
BR = "\ue000"  # a private-use character marks line breaks in element text
TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]{2,60}$")
_TAG = re.compile(r"<[^>]*>")
_RAW_OPEN = re.compile(r"<(script|style)\b", re.I)
_RAW_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


@dataclass(frozen=True)
class Config:
    """html_furniture.yaml's data (lexicons.HtmlFurniture) with the word groups and patterns built from it."""

    data: HtmlFurniture
    words: dict[str, frozenset[str]]
    price: re.Pattern  # a price in a shop box (`119.000đ`)
    calls_to_action: frozenset[str]  # link texts of a buy button (`mua ngay`)

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
        return any(part in names for part in self.data.stamp_parts)


@lru_cache(maxsize=1)
def config() -> Config:
    data = rules.load("html_furniture").lexicon
    groups = ("furniture_words", "caption_words", "lead_words", "author_words", "title_words", "button_words")
    words = {g.removesuffix("_words"): frozenset(w.lower() for w in getattr(data, g)) for g in groups}
    calls = frozenset(normalize(c).lower() for c in data.call_to_action)
    return Config(data, words, re.compile(normalize(data.price)), calls)


def profiles() -> tuple[Profile, ...]:
    return rules.load("sites").lexicon.profiles


def profile_for(url: str | None) -> Profile | None:
    host = (urlsplit(url).hostname or "").lower() if url else ""
    return next((p for p in profiles() if host and p.matches(host)), None)


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
        if kept < config().data.parser_min_share * _markup_chars(text):
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
            el.tail = BR + (el.tail or "")
        elif isinstance(el.tag, str) and el.tag in BLOCK_TAGS:
            el.text = BR + (el.text or "")
            el.tail = BR + (el.tail or "")


def clean_text(text: str) -> str:
    """One line of normalized text (line-break marks become spaces)."""
    return " ".join(normalize(text.replace(BR, " ")).split())


def _split_lines(text: str) -> list[str]:
    """Text cut at line-break marks, each line cleaned (source newlines are only spaces)."""
    return [ln for ln in (clean_text(part) for part in text.split(BR)) if ln]


def element_lines(el: _Element) -> list[str]:
    return _split_lines(el.text_content())


def meta_content(root: _Element, names: list[str]) -> Iterator[str]:
    index: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
        if key and m.get("content") and key not in index:
            index[key] = m.get("content")
    for name in names:
        if name.lower() in index:
            yield index[name.lower()]


def title_hint(root: _Element) -> str:
    """og:title, else <title>: what the page says its headline is (often with the outlet)."""
    og = next(meta_content(root, ["og:title", "twitter:title"]), None)
    head = root.find(".//title")
    return clean_text(og or (head.text_content() if head is not None else ""))


def named_h1s(root: _Element, hint: str) -> list[tuple[_Element, str]]:
    """The <h1>s whose words are mostly in the title hint, best first."""
    h1s = [(h, t) for h, t in ((h, clean_text(h.text_content())) for h in root.iter("h1")) if t]
    named = [(h, t) for h, t in h1s if hint and _overlap(t, hint) > 0.5]
    return sorted(named, key=lambda ht: (_overlap(ht[1], hint), len(ht[1])), reverse=True)


def _headline(root: _Element) -> _Element | None:
    named = named_h1s(root, title_hint(root))
    return named[0][0] if named else None


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return len(wa & wb) / len(wa) if wa else 0.0


def _furniture(el: _Element) -> bool:
    cfg = config()
    return el.tag in cfg.data.furniture_tags or cfg.has_word(el, "furniture")


def text_len(el: _Element) -> int:
    return len(" ".join(el.text_content().replace(BR, " ").split()))


def link_len(el: _Element) -> int:
    return sum(text_len(a) for a in el.iter("a"))


def is_leaf(el: _Element) -> bool:
    return el.tag == "p" or not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)


def _is_teaser(el: _Element) -> bool:
    """A summary right after a headline link: an item of a list of other articles."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    n = text_len(prev) if prev is not None else 0
    return n > 0 and link_len(prev) >= config().data.teaser_link_share * n


class Page:
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
            if not is_leaf(el) or any(a.tag == "a" for a in el.iterancestors()):
                continue  # a headline inside a link is all link text
            n = text_len(el) - link_len(el)
            if n < config().data.min_paragraph_chars:
                continue
            if _is_teaser(el):
                self.teasers.add(el)
            self.leaves.append((el, n * config().data.teaser_weight if el in self.teasers else n))

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
        many = config().data.container_min_lines
        for el, n in self.leaves:
            if self.in_furniture(el):
                continue
            # a paragraph scores its container; a leaf of <br>-separated lines is a container
            holder = el if len(element_lines(el)) >= many else el.getparent()
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
        share = config().data.sibling_min_share
        if parent is not None and any(
            s is not best and s.tag == best.tag and s.get("class") == best.get("class")
            and not self.furniture(s) and scores.get(s, 0) >= share * scores[best]
            for s in parent
        ):
            return parent
        return best
