"""Plain-text page furniture: decide each scraped line's role (SCHEMA.md, Articles).

Scrapers leave more than the article in a text file: stamps, credits, visitor counters, comment
forms, share bars and boxes of related-article links. Lines are classified one by one with the
rules of `patterns/furniture.yaml`, then by position (title first, related-link runs before the
lead or after the body, a bare byline last). Nothing is deleted: dropped lines are returned too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from . import rules
from .article import Block

# Rule name -> what becomes of a line it matches: a block kind (kept) or None (dropped).
_KEPT_AS = {"stamp": "stamp", "credit": "credit", "caption": "caption", "caption_pipe": "caption"}
_DROPPED = ("counter", "comment_form", "share_bar", "related_bullet")


@dataclass(frozen=True)
class Layout:
    blocks: list[Block]
    dropped: list[str]
    published: date | None  # from the first stamp line
    credit: str | None
    author: str | None


@lru_cache(maxsize=1)
def _patterns() -> rules.PatternFile:
    return rules.load("furniture")


def match_rule(line: str) -> str | None:
    """Name of the first furniture rule that matches the whole line, if any."""
    for name, rule in _patterns().rules.items():
        if name == "byline":
            continue  # only meaningful by position (the last line)
        if rule.regex.search(line):
            return name
    return None


def _is_headline(line: str) -> bool:
    data = _patterns().data
    return len(line) <= data["headline_max_chars"] and line[-1] not in data["final_punctuation"]


def _stamp_date(line: str) -> date | None:
    m = _patterns().rules["stamp"].regex.search(line)
    if not m:
        return None
    d, mth, y = (int(x) for x in m.group("date").replace(".", "/").replace("-", "/").split("/"))
    try:
        return date(y, mth, d)
    except ValueError:
        return None


def _split_views(line: str) -> tuple[str, str | None]:
    """A stamp line without its trailing view count, and the count."""
    m = _patterns().rules["stamp"].regex.search(line)
    if m and m.group("views"):
        return line[: m.start("views")].rstrip(), m.group("views").strip()
    return line, None


def layout(text: str) -> Layout:
    """Classify the lines of normalized plain text into blocks and dropped lines."""
    lines = [" ".join(raw.split()) for raw in text.split("\n")]
    lines = [ln for ln in lines if ln]
    kinds: list[str | None] = []
    for ln in lines:
        name = match_rule(ln)
        kinds.append(_KEPT_AS.get(name, "drop" if name in _DROPPED else None))

    # Title: a first line that is not a sentence.
    first = next((i for i, k in enumerate(kinds) if k is None), None)
    data = _patterns().data
    if first is not None and _is_headline(lines[first]) and len(lines[first]) <= data["title_max_chars"]:
        kinds[first] = "title"

    # Related-link runs: two or more headline-like lines in a row, before the body proper
    # (right after the title, stamp or lead) or after it.
    paragraphs = [i for i, k in enumerate(kinds) if k is None and not _is_headline(lines[i])]
    lead = paragraphs[0] if paragraphs else len(lines)
    second = paragraphs[1] if len(paragraphs) > 1 else len(lines)
    last = paragraphs[-1] if paragraphs else -1
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and kinds[j] is None and _is_headline(lines[j]):
            j += 1
        if j - i >= 2 and (j <= second or i > last):
            for k in range(i, j):
                kinds[k] = "drop"
        i = max(j, i + 1)

    # A bare byline: the last kept line, if it is a short run of capitalised words.
    byline = _patterns().rules["byline"].regex
    tail = max((i for i, k in enumerate(kinds) if k != "drop"), default=None)
    author = None
    if tail is not None and kinds[tail] is None and tail > lead and byline.search(lines[tail]):
        kinds[tail] = "credit"
        author = lines[tail]

    blocks: list[Block] = []
    dropped: list[str] = []
    published = None
    credit = None
    seen_lead = False
    for ln, kind in zip(lines, kinds):
        if kind == "drop":
            dropped.append(ln)
            continue
        if kind == "stamp":
            if published is None:
                published = _stamp_date(ln)
            ln, views = _split_views(ln)
            if views:
                dropped.append(views)
        elif kind == "credit" and ln != author:
            m = _patterns().rules["credit"].regex.search(ln)
            credit = m.group("who").strip() if m else ln
        elif kind is None:
            kind = "body" if seen_lead else "lead"
            seen_lead = True
            if _is_headline(ln) and blocks and kind == "body":
                kind = "subhead"
        blocks.append(Block(kind, ln))
    return Layout(blocks, dropped, published, credit, author)
