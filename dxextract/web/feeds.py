"""The page URLs a sitemap, sitemap index, RSS or Atom document lists."""
from __future__ import annotations

from lxml import etree

from .config import FetchConfig
from .decoding import gunzip_bounded
from .outcomes import NotAFeed

FEED_ROOTS = frozenset({"urlset", "sitemapindex", "rss", "feed", "RDF"})  # sitemap, index, RSS 2, Atom, RSS 1


def feed_links(body: bytes, max_bytes: int = FetchConfig.max_bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap, sitemap index, RSS or Atom document, read
    from a `.xml.gz` file too (unpacked within `max_bytes`); NotAFeed for any other document."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip_bounded(body, max_bytes)
    try:
        root = etree.fromstring(body, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        raise NotAFeed(f"not XML: {e}") from e
    if root is None:
        raise NotAFeed("not XML")
    if etree.QName(root).localname not in FEED_ROOTS:
        raise NotAFeed(f"<{etree.QName(root).localname}> is not a sitemap, RSS or Atom document")
    pages, nested = [], []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        parent = el.getparent()
        parent_name = etree.QName(parent).localname if parent is not None else ""
        if name == "loc" and el.text:
            (nested if parent_name == "sitemap" else pages).append(el.text.strip())
        elif name == "link" and parent_name in ("item", "entry"):
            link = el.get("href") or el.text
            if link and el.get("rel", "alternate") == "alternate":
                pages.append(link.strip())
    return pages, nested
