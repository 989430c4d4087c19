"""Walking a body element into blocks, in page order.

Furniture boxes (class/id words and tags of patterns/html_furniture.yaml), link lists and shop
boxes (a price, a buy button, link text) are set aside; captions come from <figcaption>,
caption-named boxes, picture boxes, and italic or centered lines right after a picture; stamp-
and author-named elements become the stamp and byline lines; every line then passes the
plain-text furniture rules (patterns/furniture.yaml).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.etree import _Element

from ..article import Block
from ..date_strings import DMY_DATE
from ..furniture import BULLET, DROP, ends_sentence, line_role
from .page import (
    BLOCK_TAGS, BOLD, BR, HEADINGS, ITALIC, Page, clean_text, config,
    element_lines, link_len, text_len)


def classify_line(kind: str, line: str) -> Block | None:
    """The block for one line the HTML structure called `kind`, after the plain-text furniture
    rules had their say; None for furniture (counters, share bars, comment forms...)."""
    role = line_role(line)
    return None if role in (DROP, BULLET) else Block(role or kind, line)


@dataclass
class Walk:
    """What a walk over the body collects: blocks in page order and furniture set aside."""

    page: Page
    blocks: list[Block] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    after_image: bool = False  # the last thing seen was a picture without text
    kept: frozenset[str] = frozenset()  # lines trafilatura kept, when walking its container

    def furniture(self, el: _Element) -> bool:
        """A furniture box, unless trafilatura kept its text (an article written in boxes named
        like widgets, as page builders name them)."""
        return self.page.furniture(el) and not (self.kept and any(ln in self.kept for ln in element_lines(el)))

    def add(self, kind: str, lines: list[str]) -> None:
        for line in lines:
            block = classify_line(kind, line)
            if block is None:
                self.dropped.append(line)
            else:
                self.blocks.append(block)

    def drop(self, el: _Element) -> None:
        self.dropped.extend(element_lines(el))
        self.after_image = False


def _has_image(el: _Element) -> bool:
    return el.tag == "img" or next(el.iter("img", "picture"), None) is not None


def _styled(el: _Element, tags: frozenset[str]) -> bool:
    """Whether all of the element's text sits inside `tags` (e.g. all italic)."""
    total = text_len(el)
    inner = sum(text_len(c) for c in el.iter(*tags) if not any(a.tag in tags for a in c.iterancestors()))
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
    short = text_len(el) <= cfg.data.stamp_max_chars
    return named and short and bool(DMY_DATE.search(clean_text(el.text_content())))


def _leaf_kind(el: _Element, after_image: bool) -> str:
    """The role of a paragraph-like leaf of the body: stamp, byline (credit), lead, caption
    (short, italic or centered, after or beside a picture), subhead or body."""
    cfg = config()
    n = text_len(el)
    if _is_stamp(el):
        return "stamp"
    if cfg.has_word(el, "author") and n <= cfg.data.byline_max_chars:
        return "credit"
    if cfg.has_word(el, "lead"):
        return "lead"
    near_image = after_image or _has_image(el)
    if near_image and n <= cfg.data.caption_max_chars and (_styled(el, ITALIC) or _centered(el)):
        return "caption"
    if el.tag in HEADINGS:
        return "subhead"
    text = clean_text(el.text_content())
    if n <= cfg.data.subhead_max_chars and _styled(el, BOLD) and not ends_sentence(text):
        return "subhead"
    return "body"


def is_caption_box(el: _Element) -> bool:
    return el.tag == "figcaption" or config().has_word(el, "caption")


def _is_image_box(el: _Element) -> bool:
    """A figure, or a small table/div around a picture, that holds no real paragraphs: its text
    is the picture's caption."""
    if not (el.tag == "figure" or el.tag in ("table", "div") and _has_image(el)):
        return False
    if el.tag != "figure" and text_len(el) > config().data.caption_max_chars:
        return False
    return sum(1 for p in el.iter("p") if text_len(p) > 80) < 2


def _link_list(el: _Element) -> bool:
    """Mostly links (a related-articles box), or nothing but links (a menu, however short)."""
    n, links = text_len(el), link_len(el)
    return n > 0 and (links >= 0.9 * n or n > 40 and links > config().data.link_density_max * n)


def is_promo(el: _Element) -> bool:
    """A shop box (a book or product with its price and a buy button): short, with at least two
    of a price, a call to action and mostly link text. Told by structure, whatever the site."""
    cfg = config()
    n = text_len(el)
    if not n or n > cfg.data.promo_max_chars:
        return False
    signs = (
        bool(cfg.price.search(clean_text(el.text_content()))),
        any(_is_call_to_action(a) for a in el.iter("a")),
        link_len(el) > cfg.data.promo_link_share * n,
    )
    return sum(signs) >= 2


def _is_call_to_action(a: _Element) -> bool:
    """A link styled as a button (`btn-mua`) or saying `Mua ngay`, `Đặt mua`, `Xem chi tiết`."""
    cfg = config()
    return cfg.has_word(a, "button") or clean_text(a.text_content()).lower() in cfg.calls_to_action


def _has_block(el: _Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el.iter() if c is not el)


def _block(el: _Element, walk: Walk) -> None:
    """One block-level element: furniture, a caption box, a container (block children, or
    several <br>-separated lines), or a paragraph."""
    if walk.furniture(el) or _link_list(el) or is_promo(el):
        walk.drop(el)
    elif is_caption_box(el) or _is_image_box(el):
        lines = element_lines(el)
        walk.add("caption", lines)
        walk.after_image = _has_image(el) and not lines
    elif _has_block(el) or len(element_lines(el)) >= config().data.container_min_lines:
        walk_element(el, walk)
    elif lines := element_lines(el):
        walk.add(_leaf_kind(el, walk.after_image), lines)
        walk.after_image = False
    else:
        walk.after_image = walk.after_image or _has_image(el)


def walk_element(el: _Element, walk: Walk) -> None:
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
        if isinstance(child.tag, str) and (child.tag in BLOCK_TAGS or _has_block(child)):
            flush()
            _block(child, walk)
        elif isinstance(child.tag, str) and walk.furniture(child):
            walk.drop(child)
        elif isinstance(child.tag, str) and _has_image(child) and not clean_text(child.text_content()):
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
        clean = clean_text(text)
        return (clean, owners[0] if len(owners) == 1 else None) if clean else None

    for piece, owner in pieces:
        parts = piece.split(BR)
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
