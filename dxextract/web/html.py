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
(cascade.py): when it is far shorter, the element holding trafilatura's text is walked by the
same walker, and trafilatura's own lines, filtered the same way, are the last resort. A page
libxml2 truncates is parsed again by BeautifulSoup's tolerant parser. Metadata (title,
publication date, author, outlet) comes from <meta>, JSON-LD, the visible stamp near the
headline and a name signing the last line (measured against trafilatura's metadata in
bench/bench_html.py); what the caller passes (sidecar, crawl) wins.
"""
from __future__ import annotations

from ..article import Article, Block, assemble
from ..ids import article_id_for
from .cascade import find_credit, own_blocks, run_cascade, settle_roles
from .page import Page, config, decode_html, parse, profile_for
from .page_meta import (
    find_author, find_outlet, find_stamp, find_title, json_ld, published_date, trailing_byline)


def extract_blocks(data: bytes | str, *, url: str | None = None, charset: str | None = None,
                   use_profiles: bool = True) -> tuple[list[Block], list[str], dict]:
    """(blocks in page order, dropped lines, metadata) of one page."""
    text = decode_html(data, charset)
    root = parse(text)
    ld = json_ld(root)
    for bad in root.xpath("|".join(f"//body//{t}" for t in config().data.junk_tags)):
        bad.drop_tree()
    prof = profile_for(url) if use_profiles else None
    page = Page(root)
    found = run_cascade(page, text, own_blocks(page, prof))
    blocks, body = found.blocks, found.body
    title = find_title(page, body, prof)
    stamp = find_stamp(page, body, title, prof) if body is not None else None
    head = [Block("title", title.text)] if title else []
    if stamp and not any(b.kind == "stamp" for b in blocks):
        head.append(Block("stamp", stamp))
    blocks = [b for b in blocks if not (title and b.kind in ("body", "subhead") and b.text == title.text)]
    outlet = find_outlet(root, ld, url)
    meta = {
        "title": title.text if title else None,
        "published": published_date(root, ld, stamp),
        "author": find_author(page, ld, prof, outlet) or trailing_byline(blocks, outlet),
        "outlet": outlet,
        "credit": find_credit(blocks),
    }
    return head + settle_roles(blocks), found.dropped, meta


def read_html(data: bytes | str, *, source: str, url: str | None = None, charset: str | None = None,
              use_profiles: bool = True, **meta) -> Article:
    """An Article from one HTML page; `meta` (article_id, outlet, published, province...) wins
    over what the page says. Raise ValueError for a page with no article text (binary data, an
    empty or script-only page, a bare list of links)."""
    blocks, dropped, found = extract_blocks(data, url=url, charset=charset, use_profiles=use_profiles)
    shortest = config().data.min_paragraph_chars
    if not any(b.kind in ("lead", "body") and len(b.text) >= shortest for b in blocks):
        raise ValueError("no article text in the page")
    for key, value in found.items():
        if meta.get(key) is None and value is not None:
            meta[key] = value
    given_id = meta.pop("article_id", None)
    article = assemble(blocks, article_id=given_id or "", source=source, dropped=dropped, url=url, **meta)
    article.article_id = given_id or article_id_for(url=url, text=article.text)
    return article
