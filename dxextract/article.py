"""The `Article` type: one news item's text and metadata, with its page furniture set aside.

Every reader (plain text, HTML, WARC, JSON Lines) ends in `assemble`, which joins the kept blocks
in page order into the normalized `text` that all record offsets index (SCHEMA.md, Articles).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .provinces import province_of_outlet
from .text import normalize

# Block kinds, in the roles SCHEMA.md gives them.
TEXT_KINDS = ("title", "stamp", "lead", "body", "subhead", "caption", "credit")
BODY_KINDS = ("title", "lead", "body", "subhead")  # the clean reading text


@dataclass
class Block:
    kind: str  # one of TEXT_KINDS
    text: str


@dataclass
class Article:
    article_id: str
    source: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    published_inferred: bool = False
    credit: str | None = None
    author: str | None = None
    province: str | None = None  # the outlet's home province (sidecar), a hint for attribution
    dropped: list[str] = field(default_factory=list)
    row_id: str | None = None  # the `id` of the JSON Lines row it was read from
    origin: str | None = None  # the input file, when `source` does not name it (a WARC record's URL)

    @property
    def where(self) -> str:
        """What names the article in a failure: its source, after its file when that is elsewhere."""
        return f"{self.origin}#{self.source}" if self.origin else self.source

    @property
    def body(self) -> str:
        """Title, lead and body paragraphs only: the clean reading text."""
        return "\n".join(b.text for b in self.blocks if b.kind in BODY_KINDS)

    @property
    def captions(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "caption"]

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind in ("lead", "body", "subhead")]

    def row(self) -> dict:
        """The `articles` table row."""
        return {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "published_inferred": self.published_inferred,
            "text": self.text,
            "body": self.body,
            "captions": "\n".join(self.captions),
            "dropped": "\n".join(self.dropped),
            "row_id": self.row_id,
            "credit": self.credit,
            "author": self.author,
            "province": self.province,
        }


def assemble(blocks: list[Block], *, article_id: str, source: str, dropped: list[str] | None = None, **meta) -> Article:
    """An Article from blocks in page order, empty and repeated ones dropped. Blocks arrive
    normalized (`text.normalize`: both the plain-text reader and the HTML extractor do it line by
    line); a title given apart from them is normalized here."""
    kept: list[Block] = []
    seen: set[str] = set()
    dropped = list(dropped or [])
    for b in blocks:
        t = " ".join(b.text.split())
        if not t:
            continue
        if t in seen:
            dropped.append(t)  # duplicate line (a repeated stamp, a caption shown twice)
            continue
        seen.add(t)
        kept.append(Block(b.kind, t))
    if not meta.get("province"):
        meta["province"] = province_of_outlet(meta.get("url"), meta.get("outlet"))
    given = meta.pop("title", None)
    title = normalize(given) if given else next((b.text for b in kept if b.kind == "title"), None)
    return Article(
        article_id=article_id,
        source=source,
        text="\n".join(b.text for b in kept),
        blocks=kept,
        title=title,
        dropped=dropped,
        **meta,
    )
