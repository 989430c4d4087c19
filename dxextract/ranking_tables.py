"""Ranking tables a scraper flattened one cell a line (`1` / `Sở Nội vụ` / `912,5` / `2` / …).

An index's announcement prints its ranking as a table; saved as text, each cell becomes a line of
its own and the rows are lost, so the cells read as a run of short lines (a related-links box, to the
furniture) and no figure keeps its body. `regroup` puts the rows back, cells between pipes, as a
statistics page prints them (`1 | Sở Nội vụ | 912,5`), under the head line its column names make
(`Thứ hạng | Đơn vị | Điểm | năm 2023`). `cell_role` then says which cells are a position and
which an index's value, and `row_label` which body the row ranks (and, when a row holds several
values, which column a value stands in): the numbers and commitments stages read the rows as they
read any ranking. Rows the normalizer already joined (`text._stacked_cells`: cells on consecutive lines,
or parted by a lone `|` line) are read the same way, their column names taken from the short lines
above the first row, and so are a ranking printed a row a line with spaces for cells (`1 TP. Đà Nẵng`,
`2 Quảng Ninh`) and a ranking of places alone (`7 | Bắc Ninh`). Word lists: patterns/furniture.yaml
(`rank_head`, `score_head`, `ranked_cell`, `place_row`).
"""
from __future__ import annotations

from functools import lru_cache

import regex

from . import rules
from .text import line_at, lines_above

_INTEGER = regex.compile(r"0?\d{1,3}")
_NUMBER = regex.compile(r"\d[\d.,]*")
_MOST_CELLS = 8  # cells a row of a flattened ranking has, at most
_CELL_CHARS = 90  # a cell longer than this is a paragraph, no cell
_HEAD_WORDS = 6  # a column's name has at most this many words
_ROWS_ABOVE = 120  # rows read up from a cell to its table's head line
_SPACED_ROWS_MIN = 5  # rows a ranking printed a row a line with spaces for cells has, at least
# a row of it: its place, the body or place ranked (words, no digits), then its values if any
_SPACED_ROW = regex.compile(r"(?P<rank>\d{1,3})\s+(?P<label>\p{Lu}[\p{L}\p{M}.'’ -]*[\p{L}\p{M}.])(?P<values>(?:\s+\d[\d.,]*)*)")


@lru_cache(maxsize=1)
def _rule(name: str) -> regex.Pattern:
    return rules.load("furniture").rules[name].regex


def _is_cell(line: str) -> bool:
    return len(line) <= _CELL_CHARS and not line.endswith((".", "!", "?", ":", ";")) and "|" not in line


def _rows_from(lines: list[str], i: int, width: int) -> int:
    """How many whole rows of `width` cells run from line `i`, each opened by its position or
    serial number (1, 2, 3 …; a tie repeats one), the other cells no such number."""
    rows, last = 0, 0
    while i + width <= len(lines):
        first = lines[i]
        if not _INTEGER.fullmatch(first) or int(first) not in (last, last + 1) or (rows == 0 and int(first) != 1):
            break
        cells = lines[i + 1:i + width]
        if not all(_is_cell(c) for c in cells) or _INTEGER.fullmatch(cells[0]):
            break
        rows, last, i = rows + 1, int(first), i + width
    return rows


def _spaced_rows(lines: list[str], i: int) -> list[regex.Match]:
    """The rows of a ranking printed one row a line, its cells parted by spaces only (`1 TP. Đà Nẵng`,
    `2 Quảng Ninh 0,8112`), from line `i`: places 1, 2, … in order (a tie repeats a place and the next
    skips as many), the same number of values in every row."""
    rows: list[regex.Match] = []
    for line in lines[i:]:
        m = _SPACED_ROW.fullmatch(line)
        if m is None or len(m["label"].split()) > _HEAD_WORDS + 2:
            break
        place, values = int(m["rank"]), len(m["values"].split())
        if rows and (values != len(rows[0]["values"].split())
                     or place not in (int(rows[-1]["rank"]), len(rows) + 1)) or not rows and place != 1:
            break
        rows.append(m)
    return rows


def regroup(lines: list[str]) -> list[str]:
    """The lines with every flattened ranking table put back into rows (three rows at least, of
    three to eight cells) and its column names, the short lines right above, into one head line; a
    ranking printed a row a line with spaces for cells (five rows at least) gets its pipes, under as
    many column names as it has cells."""
    lines = [ln for ln in lines if ln != "|"]  # a pipe on a line of its own parts the cells of some pages' tables
    out: list[str] = []
    i = 0
    while i < len(lines):
        if len(spaced := _spaced_rows(lines, i)) >= _SPACED_ROWS_MIN:
            width = 2 + len(spaced[0]["values"].split())
            head = []
            while out and len(head) < width and _is_cell(out[-1]) and len(out[-1].split()) <= _HEAD_WORDS:
                head.insert(0, out.pop())
            if head:
                out.append(" | ".join(head))
            out += [" | ".join([m["rank"], m["label"], *m["values"].split()]) for m in spaced]
            i += len(spaced)
            continue
        found = None
        if lines[i] in ("1", "01"):
            for width in range(3, _MOST_CELLS + 1):
                if (rows := _rows_from(lines, i, width)) >= 3:
                    found = (width, rows)
                    break
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        width, rows = found
        head = []
        while out and len(head) < 2 * width and _is_cell(out[-1]) and len(out[-1].split()) <= _HEAD_WORDS:
            head.insert(0, out.pop())
        head = _merged_head(head)
        if head:
            out.append(" | ".join(head))
        out += [" | ".join(lines[i + r * width:i + (r + 1) * width]) for r in range(rows)]
        i += rows * width
    return out


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a row's cells, stripped; empty ones left out (a table the normalizer joined from
    lines that held a lone pipe between cells reads `1|||Bộ Tư pháp|||61,86`)."""
    spans, at = [], start
    for piece in text[start:end].split("|"):
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((at + lead, at + len(piece.rstrip())))
        at += len(piece) + 1
    return spans


def _merged_head(cells: list[str]) -> list[str]:
    """Column names with the ones a page broke over two lines joined again (`Điểm` / `thẩm định`)."""
    head = list(cells)
    for k in range(len(head) - 1, 0, -1):
        if head[k][:1].islower():
            head[k - 1:k + 1] = [f"{head[k - 1]} {head[k]}"]
    return head


def _table(text: str, pos: int) -> tuple[list[str], list[tuple[int, int]], int, int] | None:
    """(head cells, the row's cell spans, the cell holding `pos`, where the head begins) of the
    ranking row at `pos`: a piped line opened by a number, under a piped head line of words or, over
    rows the normalizer joined, under the column names left one a line; a column or the caption
    above names a position."""
    start, end = line_at(text, pos)
    place = _rule("place_row").match(text, start, end) is not None  # a ranking of places alone: two cells (`1 | TP. Đà Nẵng`)
    pipes = 1 if place else 2  # the pipes of a row, and of a head line over it
    if text.count("|", start, end) < pipes:
        return None
    cells = _cells(text, start, end)
    if not _INTEGER.fullmatch(text[slice(*cells[0])]):
        return None
    column = next((i for i, (s, e) in enumerate(cells) if s <= pos < e), None)
    above = lines_above(text, start, _ROWS_ABOVE)
    for s, e in above:
        stacked = text.count("|", s, e) < pipes
        if stacked:
            # the column names left one a line over rows joined from theirs (`Xếp hạng` / `Các bộ …` / …)
            names = [text[s:e].strip()]
            for s2, e2 in above:
                if len(names) >= 2 * len(cells) or not _is_cell(text[s2:e2].strip()) or len(text[s2:e2].split()) > _HEAD_WORDS:
                    break
                names.insert(0, text[s2:e2].strip())
                s = s2
            head, caption = _merged_head(names), line_at(text, max(0, s - 1))
        else:
            head = [text[a:b] for a, b in _cells(text, s, e)]
            if _INTEGER.fullmatch(head[0]):
                continue  # a row above: read on up to the head
            caption = next(above, (s, s))  # (`1. Xếp hạng và chỉ số … năm 2017` over `TT | Tỉnh, thành phố | Năm 2017`)
        # the position named by a column, or by the table's caption above its head; stacked names must
        # be one per column to say which is which
        ranks = _rule("rank_head").search(" ".join(head)) or _rule("rank_head").search(text, *caption)
        named = len(head) == len(cells) or not stacked or place  # (a place and a name: no column to tell apart)
        return (head, cells, column, s) if column is not None and ranks and named else None
    return None


def _value_columns(text: str, cells: list[tuple[int, int]]) -> list[int]:
    """The columns of a row, after its first, that hold a number."""
    return [i for i, (s, e) in enumerate(cells) if i and _NUMBER.fullmatch(text[s:e])]


def cell_role(text: str, pos: int) -> str | None:
    """`rank` or `score` for a figure at `pos` that is a ranking table's position or index value:
    the first cell under a column named for the position (`Thứ hạng`, `Xếp hạng`, not a serial `TT`), a
    place with its value in brackets (`01 (0,727)`), or the row's one value under a column named
    for points (`Tổng điểm`)."""
    found = _table(text, pos)
    if found is None:
        return None
    head, cells, column, _ = found
    cell = text[slice(*cells[column])]
    if column == 0:
        return "rank" if _rule("rank_head").search(head[0]) else None
    if (m := _rule("ranked_cell").fullmatch(cell)) is not None:
        return "rank" if pos < cells[column][0] + m.start("value") else "score"
    if len(head) == len(cells):  # one name per column: the column says
        return "score" if _NUMBER.fullmatch(cell) and _rule("score_head").search(head[column]) else None
    if _value_columns(text, cells) == [column] and any(_rule("score_head").search(h) for h in head[1:]):
        return "score"
    return None


def row_label(text: str, pos: int) -> tuple[tuple[int, int], str | None] | None:
    """(span of the body, column name) of the ranking row at `pos`: its first cell of words (`Sở Nội
    vụ`), and the name of the column the value at `pos` stands in when the row holds several values
    and the head names each column (`Điểm thẩm định`, `Tổng điểm đạt được`); None off a ranking row
    or on one that names no body."""
    found = _table(text, pos)
    if found is None:
        return None
    head, cells, column, _ = found
    body = next(((s, e) for s, e in cells[1:] if regex.search(r"\p{L}", text[s:e])), None)
    if body is None:
        return None
    values = _value_columns(text, cells)
    return body, head[column] if len(head) == len(cells) and len(values) > 1 and column in values else None


def repeated_cell(text: str, pos: int) -> bool:
    """Whether the value at `pos` is printed again in the row's next column: an index out of 100
    points prints its total and its index as one value (`89,95 | 89,95`), one figure, read in the
    later column (the index, which the head names last)."""
    found = _table(text, pos)
    if found is None:
        return False
    _, cells, column, _ = found
    values = _value_columns(text, cells)
    return (column in values and column + 1 in values
            and text[slice(*cells[column])] == text[slice(*cells[column + 1])])


def table_start(text: str, pos: int) -> int | None:
    """Where the ranking table whose row holds `pos` begins (its head line or column names), so that
    what the page says above the table, its caption, is read as said right before every row (an index
    a column is named for, `Chỉ số tổng hợp (PAR Index 2024)`, names a column, not the table)."""
    found = _table(text, pos)
    return None if found is None else found[3]
