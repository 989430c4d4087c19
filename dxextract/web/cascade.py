"""Which body to trust: the page's own, or trafilatura's.

A site profile (patterns/sites.yaml) names the body when the host is known; else the generic
container (`Page`). A doubtful result (too short, or its container holds under half of the
page's paragraph text) is compared with trafilatura's: when it is far shorter, the element
holding trafilatura's text is walked by the same walker, and trafilatura's own lines, filtered
the same way, are the last resort.
"""
from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml.etree import _Element

from .. import rules
from ..article import Block
from .body import Walk, classify_line, is_caption_box, is_promo, walk_element
from .page import BLOCK_TAGS, READING, Page, Profile, clean_text, config, element_lines
from .page_meta import find_lead, select


@dataclass
class _Extraction:
    blocks: list[Block]
    dropped: list[str]
    body: _Element | None
    by_profile: bool  # the body came from a site profile's selector


def own_blocks(page: Page, prof: Profile | None) -> _Extraction:
    """Blocks from the profile's or the densest container, with the lead found outside it."""
    chosen = select(page.root, prof.body if prof else None)
    body = chosen[0] if chosen else page.find_body()
    if body is None:
        return _Extraction([], [], None, False)
    return _walk_body(page, body, prof, by_profile=bool(chosen))


def _walk_body(page: Page, body: _Element, prof: Profile | None, by_profile: bool = False,
               kept: frozenset[str] = frozenset()) -> _Extraction:
    """The blocks of one container, in page order, with the lead found outside it."""
    walk = Walk(page, kept=kept)
    for sel in prof.drop if prof else ():
        for e in body.cssselect(sel):
            walk.drop(e)
            e.drop_tree()
    lead = find_lead(page, body, prof)
    if lead is not None:
        walk.add("lead", element_lines(lead))
    walk_element(body, walk)
    return _Extraction(walk.blocks, walk.dropped, body, by_profile)


def find_credit(blocks: list[Block]) -> str | None:
    """Who the article credits as its source (`Theo Báo Đắk Lắk` -> `Báo Đắk Lắk`)."""
    line = next((b.text for b in blocks if b.kind == "credit"), None)
    m = rules.load("furniture").rules["credit"].regex.search(line) if line else None
    return m.group("who").strip() if m else line


def _reading_chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind in READING)


def _doubtful(page: Page, found: _Extraction) -> bool:
    """Whether our container may have missed the article: too little reading text, for the
    article or for the page's paragraph text (furniture boxes included: an article may sit in
    boxes named like widgets), or the container holds under half of the page's paragraph text
    outside furniture (another region holds more). Teasers of other articles never count."""
    data = config().data
    own = _reading_chars(found.blocks)
    if found.body is None or own < data.min_body_chars:
        return True
    if own < data.visible_share * sum(n for el, n in page.leaves if el not in page.teasers):
        return True
    body = found.body
    counted = [(el, n, el is body or body in el.iterancestors()) for el, n in page.leaves
               if not (page.furniture(el) or page.in_furniture(el))]
    inside = sum(n for _el, n, within in counted if within)
    outside = sum(n for el, n, within in counted if not within and el not in page.teasers)
    return inside < data.doubt_share * (inside + outside)


def run_cascade(page: Page, html: str, found: _Extraction) -> _Extraction:
    """Our result, or a better one when it is doubtful (trafilatura's comparison, Vietnamese
    thresholds in patterns/html_furniture.yaml): ours stands unless it is far below the length of
    trafilatura's text; then the container of what trafilatura kept is walked by our walker
    (block roles, captions, leads), and only if that fails are trafilatura's own lines taken."""
    if found.by_profile or not _doubtful(page, found):
        return found
    theirs = _trafilatura_blocks(html, _page_captions(page), _page_promos(page))
    data = config().data
    length, far_below = sum(len(b.text) for b in theirs), data.far_below
    if not theirs or _reading_chars(found.blocks) >= far_below * length:
        return found
    kept = frozenset(b.text for b in theirs)
    anchor = _anchor(page, kept)
    if anchor is not None:
        again = _walk_body(page, anchor, None, kept=kept)
        if far_below * length <= _reading_chars(again.blocks) <= length / far_below:
            return again
    return _Extraction(theirs, found.dropped, found.body, False)


def _anchor(page: Page, lines: frozenset[str]) -> _Element | None:
    """The deepest element holding `anchor_share` of the page's paragraph text that is among
    `lines` (what trafilatura kept): the article's container as trafilatura saw it."""
    held: dict[_Element, int] = {}
    total = 0
    for el, _n in page.leaves:
        kept = sum(len(line) for line in element_lines(el) if line in lines)
        total += kept
        for holder in (el, *el.iterancestors()) if kept else ():
            held[holder] = held.get(holder, 0) + kept
    enough = [el for el, n in held.items() if total and n >= config().data.anchor_share * total]
    return max(enough, key=page.order.__getitem__, default=None)


def _trafilatura_blocks(html: str, captions: set[str], promos: frozenset[str] = frozenset()) -> list[Block]:
    """trafilatura's text, line by line, through the same Vietnamese furniture rules; lines the
    page shows as photo captions stay captions, lines of shop boxes are left out."""
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    lines = [ln for ln in (clean_text(x) for x in text.split("\n")) if ln and ln not in promos]
    blocks = (classify_line("caption" if ln in captions else "body", ln) for ln in lines)
    return [b for b in blocks if b is not None]


def _page_captions(page: Page) -> set[str]:
    """Every caption line on the page (<figcaption> and caption-named boxes)."""
    boxes = (e for e in page.root.iter() if isinstance(e.tag, str) and is_caption_box(e))
    return {line for e in boxes for line in element_lines(e)}


def _page_promos(page: Page) -> frozenset[str]:
    """Every line of the page's shop boxes (see `is_promo`)."""
    boxes = (e for e in page.root.iter(*BLOCK_TAGS) if is_promo(e))
    return frozenset(line for e in boxes for line in element_lines(e))


def settle_roles(blocks: list[Block]) -> list[Block]:
    """Roles only the whole sequence tells: the first paragraph is the lead when no element was
    named so; a bold line with no paragraph after it is a byline-like tail, not a subhead."""
    out = list(blocks)
    paragraphs = [i for i, b in enumerate(out) if b.kind in ("lead", "body")]
    if paragraphs and not any(b.kind == "lead" for b in out):
        out[paragraphs[0]] = Block("lead", out[paragraphs[0]].text)
    last = paragraphs[-1] if paragraphs else -1
    return [Block("body", b.text) if b.kind == "subhead" and i > last else b for i, b in enumerate(out)]
