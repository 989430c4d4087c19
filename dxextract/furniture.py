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

import regex

from . import ranking_tables, rules
from .article import Block
from .date_strings import day_first

POSITIONAL = ("byline", "table_row", "tab_row", "rank_head", "score_head", "ranked_cell", "place_row")  # rules read only by position
# (the last line; a run of headlines) or by the ranking tables put back into rows (ranking_tables.py)
DROP = "drop"  # the role of a line set aside as furniture (patterns/furniture.yaml, data.roles)
# a list item's or an outline heading's line (`- `, `2) `, `1.1. `, `II. `, `a) `): never part of a wrapped paragraph
LIST_MARK = regex.compile(r"(?:[-+•*–]|\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.|[IVX]{1,4}\.|[a-zđ][.)])\s")
BULLET = "bullet"  # a "- line" with no final punctuation: a list item or a related link, by position


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
    patterns = _patterns()
    long = len(line) > patterns.lexicon.short_line_max
    for name, rule in patterns.rules.items():
        if name in POSITIONAL or long and name not in patterns.lexicon.long_line_rules:
            continue
        if rule.regex.search(line):
            return name
    return None


def is_stamp(line: str) -> bool:
    """A publication stamp's line (the one furniture rule other stages ask about)."""
    return _patterns().rules["stamp"].regex.search(line) is not None


def line_role(line: str) -> str | None:
    """What the furniture rules make of a whole line, for plain text and HTML alike: a block kind
    (stamp, credit, caption), DROP, or None when no rule matches."""
    return _patterns().lexicon.roles.get(match_rule(line))


@lru_cache(maxsize=8)
def title_span(text: str) -> tuple[int, int]:
    """(start, end) of an article text's title: its first line that is no stamp or credit (a page
    may open on `Thứ hai, Ngày 25/09/2023 -` above the headline); (0, 0) for an empty text. Kept
    for the last texts: the article's province and the commitments stage both ask, and each
    line tried costs a search of every furniture rule."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip() and line_role(text[start:end]) is None:
            return start, end
        start = end + 1
    return 0, 0


def is_caption(line: str) -> bool:
    """A photo's caption on a line of its own (`… (Ảnh: Báo Long An)`, `Ảnh minh họa |`): short, as a
    caption is; a long paragraph that only opens on a credit is the body's."""
    return len(line) <= _patterns().lexicon.short_line_max and line_role(line) == "caption"


TABLE_LINES = 30  # lines of a statistics table read up from a row to its unit line or head, at most


def is_table_row(line: str) -> bool:
    """A row of a flattened table (`1 | Tỷ lệ … | 85%`, `2023 71,20 80,15 60,32`): the numbers stage
    reads a statistics table's cells by it, and the commitments stage their years."""
    rules_ = _patterns().rules
    return rules_["table_row"].regex.match(line) is not None or rules_["tab_row"].regex.search(line) is not None


def ends_sentence(line: str) -> bool:
    """The line ends with final punctuation, as a sentence does and a headline does not."""
    return line.endswith(tuple(_patterns().lexicon.final_punctuation))


_LINK_DATE = regex.compile(r"\s*\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)$")  # `… (11/03/2025)`: a listed link's date


def _is_headline(line: str) -> bool:
    """Short, with no final punctuation (a listed link's date aside), and no table row
    (`1 | Tỷ lệ hồ sơ trực tuyến | 85%`)."""
    patterns = _patterns()
    return (len(line) <= patterns.lexicon.headline_max_chars and not ends_sentence(_LINK_DATE.sub("", line))
            and not is_table_row(line))


_TOP_LINES = 15  # where a page's header ends, at the latest
_TITLE_WORDS = 5  # a headline over a stamp has at least this many words (a menu item has fewer)


def _headline_over_stamp(lines: list[str], kinds: list[str | None]) -> int | None:
    """The first line of the page's top that is a headline right above a stamp (dropped lines
    between), when lines the rules do not set aside, or a top bar's date, stand above it, and no
    paragraph does (the article has begun: `Tiêu đề`, its lead, a byline, then the stamp); else None."""
    for i in range(1, min(len(lines), _TOP_LINES)):
        if kinds[i] != "stamp":
            continue
        j = i - 1
        while j > 0 and kinds[j] == DROP:
            j -= 1
        if (kinds[j] is None and _is_headline(lines[j]) and len(lines[j].split()) >= _TITLE_WORDS
                and any(k in (None, "stamp") for k in kinds[:j])
                and not any(k is None and not _is_headline(ln) for k, ln in zip(kinds[:j], lines[:j]))):
            return j  # (no paragraph above it: a byline over the stamp, under the headline and lead, is none)
    return None


_VIEWS_LABEL = regex.compile(r"[\s|,:-]*(?i:lượt\s+xem)?[\s|,:-]*$")


def _read_stamp(line: str) -> tuple[str, str | None, date | None, bool]:
    """A stamp line read once: the line without its trailing view count, the count, the date, and
    whether a word says it is the publication's (`Ngày đăng:`, `Cập nhật`, a crawler's `date`)."""
    saved = _patterns().rules["page_date"].regex.match(line)
    if saved:  # `date 2026-03-10` (a month alone, `date 2022-11`, dates no day)
        day = saved["date"]
        return line, None, date.fromisoformat(day) if len(day) == 10 else None, True
    m = _patterns().rules["stamp"].regex.search(line)
    if not m:
        return line, None, None, False
    when = day_first(m.group("date"))
    if m.group("views"):  # the stamp without its count, nor the count's label (`- Lượt xem:`, `| :`)
        return _VIEWS_LABEL.sub("", line[: m.start("views")]), m.group("views").strip(), when, m.group("word") is not None
    return line, None, when, m.group("word") is not None


def layout(text: str) -> Layout:
    """Classify the lines of normalized plain text into blocks and dropped lines."""
    lines = _unwrap([" ".join(raw.split()) for raw in text.split("\n")])
    lines = ranking_tables.regroup([ln for ln in lines if ln])  # a ranking flattened one cell a line, in rows again
    # ` date 2026-03-10 Tiêu đề…`: the date a crawler saved with the page (a stamp, the publication
    # date), then the page's first line
    saved = _patterns().rules["page_date"].regex.match(lines[0]) if lines else None
    if saved:
        lines[:1] = [lines[0][:saved.end("date")]] + ([saved["rest"]] if saved["rest"] else [])
    saved_on = date.fromisoformat(saved["date"]) if saved and len(saved["date"]) == 10 else None
    kinds = [line_role(ln) for ln in lines]

    # Title: the headline right above the article's stamp, when the page's menu or masthead stands
    # above it (the lines there are the site's, a top bar's date too); else a first line that is
    # not a sentence.
    first = _headline_over_stamp(lines, kinds)
    if first is not None:
        kinds[:first] = [k if k == "stamp" else DROP for k in kinds[:first]]  # a top bar's date stays a date
    else:
        first = next((i for i, k in enumerate(kinds) if k is None and not _in_ticker(lines, i)), None)
    if first is not None and _is_headline(lines[first]) and len(lines[first]) <= _patterns().lexicon.title_max_chars:
        kinds[first] = "title"

    # Related-link runs: two or more headline-like lines in a row, before the body proper
    # (right after the title, stamp or lead) or after it, unless a line ending in `:` announces
    # them as a list (`Mục tiêu đến năm 2025:` then `- 100% xã có cáp quang`).
    paragraphs = [i for i, k in enumerate(kinds) if k is None and not _is_headline(lines[i])]
    lead = paragraphs[0] if paragraphs else len(lines)
    second = paragraphs[1] if len(paragraphs) > 1 else len(lines)
    last = paragraphs[-1] if paragraphs else -1
    listed = _list_items(lines, kinds, lead, last)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and kinds[j] is None and _is_headline(lines[j]):
            j += 1
        # a sentence of the body ending in `:` announces what follows (`… điểm cao nhất:` then `1. Hà Nội:
        # 0,7012`); a label of a word or two (`Thông báo:`) does not
        announced = (i > lead and kinds[i - 1] is None and lines[i - 1].endswith(":")
                     and len(lines[i - 1].split()) > 3)
        boxed = i > 0 and kinds[i - 1] == DROP and _patterns().rules["related_heading"].regex.search(lines[i - 1]) is not None
        # lines that head a list of the body's (`Mục tiêu đến năm 2025` over `- Phổ cập cáp quang …;`) are its own
        heads_list = j < len(lines) and kinds[j] is None and LIST_MARK.match(lines[j]) is not None
        if (j - i >= 2 or boxed and j > i) and not (listed[i] or announced or heads_list) and (boxed or j <= second or i > last):
            for k in range(i, j):
                kinds[k] = DROP
        i = max(j, i + 1)

    # A bare byline: the last kept line, if it is a short run of capitalised words.
    byline = _patterns().rules["byline"].regex
    tail = max((i for i, k in enumerate(kinds) if k != DROP), default=None)
    author = None
    if tail is not None and kinds[tail] is None and tail > lead and byline.search(lines[tail]):
        kinds[tail] = "credit"
        author = lines[tail]
    title = kinds.index("title") if "title" in kinds else len(kinds)
    title_stamp = next((i for i in range(title + 1, len(kinds)) if kinds[i] == "stamp"), None)  # the stamp under the title
    return _assemble(lines, kinds, author, title_stamp, saved_on)


def _in_ticker(lines: list[str], i: int) -> bool:
    """Is line `i` a headline of a site's ticker: one a dash ends, or the last, right after one?
    (`Tập huấn an toàn thông tin cho cán bộ cấp xã -` / `Giá vàng đi lên`): never the page's title."""
    ticker = _patterns().rules["ticker_item"].regex
    return ticker.search(lines[i]) is not None or (i > 0 and ticker.search(lines[i - 1]) is not None and _is_headline(lines[i]))


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped text (a page saved at a fixed width) back into paragraphs. A text is wrapped
    when a good share of its lines are long and stop mid-sentence; then every line that does not
    end a sentence goes on in the next one (a blank line still ends a paragraph). In other text only
    a long line that stops mid-sentence before one opening in lower case goes on. A list item goes on
    in a line that opens in lower case (`- 75% hồ sơ công` / `việc ở cấp xã …`) or, in wrapped
    text, in a word after a line the width cut (`… Mặt trận` / `Tổ quốc …`); a shorter one is whole
    (`- Hoàn thiện hạ tầng số` / `Nâng cấp …`).
    A heading in capitals goes on only in capitals (`KẾ HOẠCH HÀNH ĐỘNG` / `VỀ CHUYỂN ĐỔI SỐ NĂM 2026`)."""
    lex = _patterns().lexicon
    kept = [ln for ln in lines if ln and not LIST_MARK.match(ln)]
    cut = [len(ln) for ln in kept if len(ln) >= lex.wrap_min_chars and not ends_sentence(ln)]
    wrapped = len(cut) >= 3 and len(cut) >= lex.wrap_share * len(kept)
    full = lex.wrap_full_share * max(cut, default=0)
    out: list[str] = []
    for ln in lines:
        prev = out[-1] if out else ""
        if out and _in_ticker(out, len(out) - 1):
            out.append(ln)  # a ticker's headline is whole, its last too, which no dash ends
            continue
        item = LIST_MARK.match(prev) is not None
        lower = ln[:1].islower() and (wrapped or len(prev) >= lex.wrap_min_chars)
        cut_by_width = wrapped and (not item or len(prev) >= full and ln[:1].isalpha())
        if (prev and ln and not ends_sentence(prev) and not LIST_MARK.match(ln) and prev.isupper() == ln.isupper()
                and (lower or cut_by_width) and not _stands_alone(prev, ln)):
            out[-1] = f"{prev} {ln}"
        else:
            out.append(ln)
    return out


def _stands_alone(prev: str, line: str) -> bool:
    """A stamp, toolbar or other furniture line is never a wrapped piece of a paragraph, nor is the
    line after it (`Tiêu đề` / `Ngày đăng: 10/06/2023 06:23` / `Mặc định Cỡ chữ` / the lead); nor
    is a table's row (`1 | Tỷ lệ … | 50% | 46,2%`), whose cells a column's header explains.
    A list item is no furniture: `_unwrap` says when it goes on."""
    return (line_role(prev) not in (None, BULLET) or line_role(line) is not None
            or is_table_row(prev) or is_table_row(line))


def _list_items(lines: list[str], kinds: list[str | None], lead: int, last: int) -> list[bool]:
    """Settle every BULLET line in place (a list item is kept, a related link dropped) and say
    which lines are items of an announced list. A bullet inside the body, or in a run under a
    line ending in `:`, is a list item (plan lists rarely end their items with a full stop); one
    outside the body with nothing announcing it is a related-article link, unless it is the text's
    last line and goes on from an item of the body (a plan's last item, cut off where the page ends),
    or it heads the next section of a run of bullet headings, each over one paragraph (`- Lĩnh vực
    Cải cách tài chính công` / its figures / `- Lĩnh vực Cải cách công vụ` / …), whose last
    paragraph the page cut off."""
    listed = [False] * len(lines)
    kept: set[int] = set()  # the bullets kept as items
    for i, kind in enumerate(kinds):
        if kind != BULLET:
            continue
        announced = i > 0 and (listed[i - 1] or (kinds[i - 1] != DROP and lines[i - 1].endswith(":")))
        cut_item = (i == len(lines) - 1 and lead < i - 1 and kinds[i - 1] is None
                    and LIST_MARK.match(lines[i - 1]) is not None)
        section = i - 2 in kept and kinds[i - 1] is None and i + 1 < len(lines) and kinds[i + 1] is None
        listed[i] = announced or section
        kinds[i] = None if announced or cut_item or section or lead < i < last else DROP
        if kinds[i] is None:
            kept.add(i)
    return listed


def _assemble(lines: list[str], kinds: list[str | None], author: str | None, title_stamp: int | None,
              saved_on: date | None) -> Layout:
    """The Layout of classified lines: stamps dated and split from their view counts (the one under
    the title, `title_stamp`, dates the article before a top bar's; a crawler's date, `saved_on`,
    before any), the credit read, unclassified lines made lead, body or subhead."""
    blocks: list[Block] = []
    dropped: list[str] = []
    published = saved_on
    published_worded = saved_on is not None
    credit = None
    seen_lead = False
    dating: int | None = None  # the block of the stamp that dates the article
    for i, (ln, kind) in enumerate(zip(lines, kinds)):
        if kind == DROP:
            dropped.append(ln)
            continue
        if kind == "stamp":
            ln, views, when, worded = _read_stamp(ln)
            # the first stamp dates the article, unless a later one says it is the publication's
            # (`Thứ hai, Ngày 25/09/2023 -` of the page view, then `Ngày đăng: 10/06/2023 06:23`):
            # the page view's date is then the site's, set aside as furniture
            if published is None or i == title_stamp and not published_worded or (worded and not published_worded):
                if worded and not published_worded and dating == 0 and when is not None:
                    dropped.append(blocks.pop(0).text)  # (the page's first line: its top bar)
                published, published_worded = when or published, worded
                dating = len(blocks) if when is not None else dating
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
