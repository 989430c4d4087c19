"""What a page says about its article besides the body: title, publication date, outlet and
author from <meta>, JSON-LD, the visible stamp near the headline and a name signing the last
line (measured against trafilatura's metadata in bench/bench_html.py); the lead and the stamp
when they sit outside the body.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import regex
from lxml.etree import _Element

from ..article import Block
from ..date_strings import DMY_DATE, date_in
from .page import (
    READING, TITLE_SUFFIX, Page, Profile, clean_text, config, is_leaf, meta_content,
    named_h1s, text_len, title_hint)


def json_ld(root: _Element) -> list[dict]:
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


def published_date(root: _Element, ld: list[dict], stamp: str | None) -> date | None:
    candidates = [_ld_value(ld, "datePublished"), *meta_content(root, config().data.date_meta)]
    candidates += [t.get("datetime") for t in root.iter("time")]
    candidates.append(stamp)
    return next((d for d in map(date_in, candidates) if d), None)


@dataclass(frozen=True)
class _Title:
    text: str
    element: _Element | None  # the headline element, when the page has one


def find_title(page: Page, body: _Element | None, prof: Profile | None) -> _Title | None:
    """The headline: the profile's; else the <h1> that og:title / <title> names; else the <h1>
    or headline-named element nearest before the article's first paragraph (not a logo in the
    page header); else og:title or <title> without its ` - Outlet` suffix."""
    found = [(e, t) for e in select(page.root, prof.title if prof else None) if (t := clean_text(e.text_content()))]
    hint = title_hint(page.root)
    named = found or named_h1s(page.root, hint)
    if named:
        return _Title(named[0][1], named[0][0])
    h1s = [(h, t) for h, t in ((h, clean_text(h.text_content())) for h in page.root.iter("h1")) if t]
    first = _first_paragraph(body)
    longest = config().data.title_max_chars
    headings = [(h, t) for h, t in h1s + _title_named(page) if len(t) <= longest]
    # before the first paragraph, or inside it when it is a cell of <br>-separated lines
    before = [(h, t) for h, t in headings
              if first is not None and (page.before(h, first) or first in h.iterancestors())]
    if before:
        h, t = max(before, key=lambda ht: page.order[ht[0]])
        return _Title(t, h)
    hint = TITLE_SUFFIX.sub("", hint)
    return _Title(hint, None) if hint else None


def _title_named(page: Page) -> list[tuple[_Element, str]]:
    """Elements named as a headline (`tieude`, `title-detail`) outside furniture, with text."""
    named = (e for e in page.root.iter() if isinstance(e.tag, str) and config().has_word(e, "title"))
    return [(e, t) for e in named if (t := clean_text(e.text_content())) and not page.in_furniture(e)]


def _first_paragraph(body: _Element | None) -> _Element | None:
    if body is None:
        return None
    return next((p for p in body.iter("p", "div", "td") if is_leaf(p) and text_len(p) >= 80), None)


def find_outlet(root: _Element, ld: list[dict], url: str | None) -> str | None:
    site = next(meta_content(root, ["og:site_name", "application-name"]), None)
    if not site:
        pubs = [o.get("publisher") for o in ld if isinstance(o.get("publisher"), dict)]
        site = _ld_value(pubs, "name") if pubs else None
    if site:
        return clean_text(site)
    return (urlsplit(url).hostname or None) if url else None


def select(root: _Element, selector: str | None) -> list[_Element]:
    return root.cssselect(selector) if selector else []


def find_lead(page: Page, body: _Element, prof: Profile | None) -> _Element | None:
    """The sapo outside the body: the profile's, else the last lead-named element before it."""
    found = [e for e in select(page.root, prof.lead if prof else None) if body not in e.iterancestors()]
    if found:
        return found[0]
    cfg = config()
    cands = [
        e for e in page.root.iter()
        if isinstance(e.tag, str) and cfg.has_word(e, "lead") and page.before(e, body)
        and e not in body.iterancestors() and not page.in_furniture(e)
        and cfg.data.min_paragraph_chars <= text_len(e) <= cfg.data.lead_max_chars
        and not any(cfg.has_word(a, "lead") for a in e.iterancestors())
    ]
    return cands[-1] if cands else None


def find_stamp(page: Page, body: _Element, title: _Title | None, prof: Profile | None) -> str | None:
    """The visible publication stamp: a short stamp-named element (or <time>) holding a date,
    near the article (under the container of headline and body): inside the body, else the
    nearest before it, else a lone one after it. A date elsewhere is most often today's date in
    the page header, not the article's."""
    els = select(page.root, prof.stamp if prof else None) or [
        e for e in page.root.iter()
        if isinstance(e.tag, str) and (e.tag == "time" or config().names_stamp(e)) and not page.in_furniture(e)
    ]
    dated = [(e, t.rstrip(" |")) for e, t in ((e, clean_text(e.text_content())) for e in els)
             if len(t) <= config().data.stamp_max_chars and DMY_DATE.search(t)]
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


def find_author(page: Page, ld: list[dict], prof: Profile | None, outlet: str | None) -> str | None:
    """The byline: <meta> author, JSON-LD author, else an author-named element; names that are
    the outlet itself (`VnExpress`, `NLD.COM.VN`) are not authors."""
    ld_authors = [o["author"] for o in ld if o.get("author")]
    elements = select(page.root, prof.author if prof else None) or [
        e for e in page.root.iter() if isinstance(e.tag, str) and config().has_word(e, "author")
    ]
    candidates = [
        *meta_content(page.root, config().data.author_meta),
        _ld_value([{"author": a} for a in ld_authors], "author"),
        *(clean_text(e.text_content()) for e in elements),
    ]
    names = (clean_text(c) for c in candidates if c)
    return next((name for name in names if _is_person(name, outlet)), None)


def trailing_byline(blocks: list[Block], outlet: str | None) -> str | None:
    """The name signing the article on its last reading line (`Thu Hà`, `Hà Thu (tổng hợp)`)."""
    last = next((b.text for b in reversed(blocks) if b.kind in READING), None)
    m = _byline_pattern().match(last) if last else None
    return m.group("name") if m and _is_person(m.group("name"), outlet) else None


@lru_cache(maxsize=1)
def _byline_pattern() -> regex.Pattern:
    return regex.compile(config().data.trailing_byline)


def _is_person(name: str, outlet: str | None) -> bool:
    squeezed = name.lower().replace(" ", "")
    if not 2 <= len(name) <= config().data.byline_max_chars or name.startswith("http"):
        return False
    if "." in name and " " not in name:  # a domain
        return False
    return not (outlet and squeezed in outlet.lower().replace(" ", ""))
