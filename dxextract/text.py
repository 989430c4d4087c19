"""Vietnamese text normalization with an offset map, and sentence/word segmentation with offsets.

Every record's `start`/`end` indexes the *normalized* text, so normalization is done once, up
front, and keeps a map back to the raw string for tracing a record to the scraped bytes;
`caller_spans` uses it to give `dx.extract(str)` offsets into the caller's own string.
"""
from __future__ import annotations

import gc
import signal
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import regex

# Characters folded to a plain space, and characters removed (zero-width, soft hyphen, BOM).
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"
_REMOVED = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Letters some sites write for `Đ`/`đ`, alike to the eye (the Icelandic eth, from old encodings'
# converters): `tỉnh Bình Ðịnh` is Bình Định to a reader, so to the gazetteer too
_LOOKALIKES = {"Ð": "Đ", "ð": "đ"}
# Each character `normalize` replaces, and what with (removed ones with nothing)
_REPLACED = {c: " " for c in _ODD_SPACES} | _LOOKALIKES | {c: "" for c in _REMOVED}
_ONE_FOR_ONE = {ord(c): r for c, r in _REPLACED.items() if r}  # the replacements that keep offsets

# Tone marks as combining characters (NFD): grave, acute, hook, tilde, dot below.
_TONES = "\u0300\u0301\u0309\u0303\u0323"

# A syllable written with the new-style tone placement in an open oa/oe/uy rhyme ("hoà", "khoẻ",
# "thuỷ"), in NFD: consonant onset, first vowel, second vowel, tone, nothing after. "quý" is left
# alone because its u belongs to the onset "qu".
_NEW_STYLE_WORD = regex.compile(r"^([b-df-hj-np-tv-zđB-DF-HJ-NP-TV-ZĐ]*)([oOuU])([aAeEyY])([" + _TONES + r"])$")
# The same placement as seen in NFC text: the rhyme that ends a word (a fast literal search;
# the word's onset is then found by walking back).
_NEW_STYLE_RHYME = regex.compile(r"(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![\p{L}\p{M}])")
_CLUSTER = regex.compile(r"\P{M}\p{M}*|\p{M}+")  # a base character and its combining marks


@dataclass(frozen=True)
class Normalized:
    """Normalized text plus, for each of its characters, the index of the raw character it came from."""

    text: str
    raw: str
    to_raw: tuple[int, ...] | None  # None when the two are identical

    def raw_offset(self, i: int) -> int:
        """Raw index of normalized index `i` (an end offset maps to just after its character)."""
        if self.to_raw is None:
            return i
        if i >= len(self.to_raw):
            return len(self.raw)
        return self.to_raw[i]


def _traditional_tone(word: str) -> str:
    """`hoà` -> `hòa`, `uỷ` -> `ủy`, `khoẻ` -> `khỏe`; any other word unchanged (NFC in, NFC out)."""
    m = _NEW_STYLE_WORD.match(unicodedata.normalize("NFD", word))
    if not m or (m.group(2) in "uU" and m.group(1)[-1:] in ("q", "Q")):
        return word
    fixed = unicodedata.normalize("NFC", m.group(1) + m.group(2) + m.group(4) + m.group(3))
    return fixed if len(fixed) == len(word) else word


def _fix_tones(nfc: str) -> str:
    pieces: list[str] = []
    last = 0
    for m in _NEW_STYLE_RHYME.finditer(nfc):
        start = m.start()
        while start > last and nfc[start - 1].isalpha():
            start -= 1
        pieces += [nfc[last:start], _traditional_tone(nfc[start:m.end()])]
        last = m.end()
    return "".join(pieces) + nfc[last:] if pieces else nfc


_TABBED_ROW = regex.compile(r"(?m)^[^\n\t]*\S[^\n]*\t[^\n]*\t[^\n]*\S[^\n]*$")  # a line with tabs inside it
_CELL_TAB = regex.compile(r"(?<=\S[ \t]*)\t(?=[ \t]*\S)")  # a tab between two cells' words
_CELL_OPENING = regex.compile(r"(?<=\S[ \t]*)\t[ \t]*[\p{Lu}\p{N}]")  # a cell that opens like a table's


def _tab_cells(raw: str) -> str:
    """A copied table's row with its tabs made `|`, the cell separator the readers write, so a cell
    keeps its column (same length: offsets hold). A row has two cells or more after its first that
    open on a capital or a digit (`1⇥Tỷ lệ …⇥50%⇥46,2%`); tabs between a sentence's words
    (`phấn đấu đến⇥năm⇥2025`) stay spaces."""
    if "\t" not in raw:
        return raw
    return _TABBED_ROW.sub(lambda m: _CELL_TAB.sub("|", m.group())
                           if len(_CELL_OPENING.findall(m.group())) >= 2 else m.group(), raw)


_INDEX_LINE = regex.compile(r"(?m)^[ \t]*(?:\d{1,2}|[IVX]{1,4})[.)]?[ \t]*\r?$")  # a row's number, alone on its line
_STACKED_CELL_MAX = 160  # a cell of a stacked table is a short line, not a paragraph
_HEADER_CELL_MAX = 40  # a column's name
_FIGURE_CELL = regex.compile(r"[ \t]*(?:[<>≥≤~][ \t]*)?\d[\d.,]*[ \t]*%?[ \t]*\r?")  # a cell that is a figure and nothing else
_FIGURE_LINES = regex.compile(r"(?m)^[ \t]*(?:[<>≥≤~][ \t]*)?\d[\d.,]*[ \t]*%?[ \t]*\r?$")
_FIRST_ROWS = ("\n1\n", "\n1.\n", "\n1\r\n", "\n1.\r\n", "\nI\n", "\nI.\n", "\n1 \n", "\n1\t\n")


def _stacked_cells(raw: str) -> str:
    """A table copied one cell per line joined back into rows with `|` between the cells (same
    length: offsets hold): rows found by their number alone on a line at a fixed step of three lines
    or more (`1`, `Tỷ lệ …`, `80%`, `82,5%`, then `2`, …; the header too when it opens on `TT`/`STT`),
    or, with no numbers, by a header of short lines over rows of a label and figures only (`Chỉ tiêu`,
    `Kế hoạch`, `Thực hiện`, then `Tỷ lệ …`, `60%`, `63,5%`, …; looked for where two shares stand
    alone on their lines). Every cell line is short."""
    numbered = any(first in raw for first in _FIRST_ROWS)
    if not numbered and (raw.count("%\n") + raw.count("%\r\n") < 2 or len(_FIGURE_LINES.findall(raw)) < 4):
        return raw  # no table's row (nor two shares) stands alone on its line: most texts, at the cost of `in`
    lines = raw.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    chars = list(raw)
    for row, width in (_numbered_rows(raw, lines, offsets) if numbered else []) + _labelled_rows(lines):
        cells = lines[row:row + width]
        if (width > 2 and lines[row + 1:row + 2] == ["|"] and (len(cells) < width or not cells[-1].strip())
                and len(cells) >= width - 1):
            cells, width = cells[:width - 1], width - 1  # the last row of a table a lone `|` parts: no `|` closes it
        if len(cells) < width or any(len(c) > _STACKED_CELL_MAX or not c.strip() for c in cells):
            continue
        for i in range(row, row + width - 1):
            end = offsets[i] + len(lines[i])
            chars[end] = "|"
            if lines[i].endswith("\r"):
                chars[end - 1] = " "
    return "".join(chars)


def _numbered_rows(raw: str, lines: list[str], offsets: list[int]) -> list[tuple[int, int]]:
    """(first line, width) of each row of a table whose rows open on their number."""
    at = {o: i for i, o in enumerate(offsets)}
    rows = [at[m.start()] for m in _INDEX_LINE.finditer(raw) if m.start() in at]
    out: list[tuple[int, int]] = []
    for first, step, count in _stacked_runs(rows):
        header = first - step if first - step >= 0 and lines[first - step].strip().upper() in ("TT", "STT") else first
        out += [(row, step) for row in range(header, first + step * count, step)]
    return out


def _labelled_rows(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, width) of the header and rows of each table with no row numbers: a header of
    3 to 5 short lines that are no figures, then two rows or more of a label and figures only."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        for width in (3, 4, 5):
            header = lines[i:i + width]
            if len(header) < width or not all(_header_cell(h) for h in header):
                continue
            rows, r = [], i + width
            while (r + width <= len(lines) and _label_cell(lines[r])
                   and all(_FIGURE_CELL.fullmatch(c) for c in lines[r + 1:r + width])):
                rows.append(r)
                r += width
            if len(rows) >= 2:
                out += [(i, width)] + [(row, width) for row in rows]
                i = r - 1
                break
        i += 1
    return out


def _header_cell(line: str) -> bool:
    return bool(line.strip()) and len(line) <= _HEADER_CELL_MAX and not _FIGURE_CELL.fullmatch(line)


def _label_cell(line: str) -> bool:
    return bool(line.strip()) and len(line) <= _STACKED_CELL_MAX and not _FIGURE_CELL.fullmatch(line)


def _stacked_runs(rows: list[int]) -> list[tuple[int, int, int]]:
    """(first line, step, rows) of each run of numbered lines at a fixed step of 3 or more."""
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i + 1 < len(rows):
        step = rows[i + 1] - rows[i]
        j = i + 1
        while j + 1 < len(rows) and rows[j + 1] - rows[j] == step:
            j += 1
        if step >= 3:
            runs.append((rows[i], step, j - i + 1))
        i = j if step >= 3 else i + 1
    return runs


def normalize(raw: str) -> str:
    """NFC, traditional tone placement, folded odd spaces, `Đ` for its look-alikes, no zero-width
    characters, `\\n` breaks, tabs between a table's cells, and the line breaks of a table copied one
    cell per line, made `|`."""
    t = _stacked_cells(_tab_cells(raw)).replace("\r\n", "\n").replace("\r", "\n")
    for c, r in _REPLACED.items():  # str.replace per present character: far faster than str.translate
        if c in t:
            t = t.replace(c, r)
    return _fix_tones(unicodedata.normalize("NFC", t))


def normalize_with_map(raw: str) -> Normalized:
    """`normalize`, plus the map from each normalized character back to its raw index.

    Built in the same steps as `normalize`: fold and drop characters (map kept per character),
    then NFC cluster by cluster (composition never crosses a non-mark), then tone moves (which
    keep every word's length).
    """
    text = normalize(raw)
    if text == raw:
        return Normalized(text, raw, None)
    folded: list[str] = []
    origin: list[int] = []
    src = _stacked_cells(_tab_cells(raw))  # the same length as raw
    i = 0
    while i < len(src):
        c = src[i]
        if c == "\r":
            folded.append("\n")
            origin.append(i)
            i += 2 if src.startswith("\r\n", i) else 1
            continue
        if c not in _REMOVED:
            folded.append(c.translate(_ONE_FOR_ONE))
            origin.append(i)
        i += 1
    flat = "".join(folded)
    mapped: list[int] = []
    for m in _CLUSTER.finditer(flat):
        mapped.extend([origin[m.start()]] * len(unicodedata.normalize("NFC", m.group(0))))
    assert len(mapped) == len(text), "normalization steps out of step with the offset map"
    return Normalized(text, raw, tuple(mapped))


# ---------------------------------------------------------------------------------------------
# Sentences and words, with offsets into the text they were given.

Span = tuple[int, int]


def line_at(text: str, pos: int) -> Span:
    """The span of the line of `text` that holds `pos` (without its line break)."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


def lines_above(text: str, start: int, most: int) -> Iterator[Span]:
    """The spans of the lines above the one that begins at `start`, nearest first, `most` at most."""
    for _ in range(most):
        if start == 0:
            return
        end, start = start - 1, text.rfind("\n", 0, start - 1) + 1
        yield start, end


def aside_opened(text: str, start: int, pos: int) -> int:
    """Where an aside opened in text[start:pos] that is still open at `pos` (`(sáp nhập từ A, B` …), else -1."""
    opened = text.rfind("(", start, pos)
    return -1 if opened == -1 or ")" in text[opened:pos] else opened


def _locate(text: str, pieces: list[str], base: int = 0, keep_missing: bool = False) -> list[Span]:
    """Find each piece in order in `text` (a segmenter may trim spaces or rewrite a piece).

    A piece that cannot be found is skipped, or kept as (-1, -1) with `keep_missing` so that a
    parallel list (tags) stays aligned.
    """
    spans: list[Span] = []
    cursor = 0
    for p in pieces:
        p = p.strip()
        i = text.find(p, cursor) if p else -1
        if i < 0:
            if keep_missing:
                spans.append((-1, -1))
            continue
        cursor = i + len(p)
        spans.append((base + i, base + cursor))
    return spans


_LOADED: dict[str, Callable] = {}
_LOADING = threading.Lock()


@lru_cache(maxsize=None)
def underthesea(name: str) -> Callable:
    """underthesea's function `name` (word_tokenize, pos_tag, ner) with its model loaded, on first
    use: the import and a model take about a second, and most articles need neither (words and
    tags are read only around candidate figures). Loaded by one thread at a time (the package's
    own lazy loading is not thread-safe, and Dask runs workers as threads of one process), off
    the article's time budget."""
    with _LOADING, _off_the_clock():  # two threads may miss the cache at once: one loads
        if name not in _LOADED:
            _LOADED[name] = _load(name)
            gc.freeze()  # see below
        return _LOADED[name]


# After a model loads, what the process holds (the model, the modules just imported, the compiled
# rules) is moved out of the garbage collector's generations (`gc.freeze`): it lives as long as the
# process, and the imports had brought a full collection due, which walked all of it (16 ms of a
# 1-row rebuild with a commitment), as would every later one. At most three loads per process
# (one per function), so whatever else was alive then and turns into cyclic garbage later (one
# article's objects) is kept once, not over and over.


@contextmanager
def _off_the_clock() -> Iterator[None]:
    """An article's time budget (readers.time_budget: a real-time interval timer, set only in the
    main thread) paused for the block: loading a model is start-up, not the article's work, and
    it used to happen before any budget started."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    left, every = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if left or every:
            signal.setitimer(signal.ITIMER_REAL, left, every)


def _load(name: str) -> Callable:
    from .models import function as underthesea_function  # only the modules `name` needs (see models)

    function = underthesea_function(name)
    function("Khởi động.")  # underthesea loads a function's model on its first call
    return function


# underthesea's splitter ends only on `.?!`; we also end on the one-character ellipsis before a
# capital (`… đến năm 2030… Hằng năm, 100% …`), as it ends on `...` there
_SENTENCE_END = frozenset(".?!…")
_END_MARK = regex.compile(r"[.?!…]")
_SKIPPED = " \t\n\r"  # what the splitter skips after a sentence
_OPEN_QUOTES = "“\"'‘"  # before a domain's dot (`tên miền “.vn”`)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """underthesea's sentence splitter's abbreviations (its model file and its own additions),
    read by running that one module from underthesea's folder: importing the package itself
    loads every pipeline it has (half a second), and splitting sentences needs none of them."""
    from importlib.util import find_spec, module_from_spec, spec_from_file_location

    folder = find_spec("underthesea").submodule_search_locations[0]
    spec = spec_from_file_location("_dxextract_sent_tokenize", f"{folder}/pipeline/sent_tokenize/__init__.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    module._load_model()
    return frozenset(module.sentence_tokenizer.abbrev_types)


def _boundary(line: str, i: int, abbreviations: frozenset[str]) -> bool:
    """Whether the mark at `i` ends a sentence, as underthesea decides: not the dot of a number
    (`1.500`) nor the dot after an abbreviation (`TP.`, `e.g.`, a single letter); and, where we
    part from it on purpose, not the dot of a web address (`dichvucong.gov.vn`) nor one that joins
    a capital abbreviation to a name with no space (`TT.Huế`)."""
    if line[i] != ".":
        return True
    if 0 < i < len(line) - 1:
        before, after = line[i - 1], line[i + 1]
        if before.isdigit() and after.isdigit():
            return False
        if before.isalpha() and after.islower() or before in _OPEN_QUOTES and after.isalpha():
            return False  # a web address or domain (`dichvucong.gov.vn`, `“.VN”`): here we part from underthesea
        if before.isupper() and after.isupper():
            return False  # an abbreviation joined to a name (`TT.Huế`, `BR.VT`): no sentence ends unspaced
    start = i
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] == "."):
        start -= 1
    if start == i or line[start:i].lower() not in abbreviations:
        return True
    # here too we part from it: a letter that labels its kind (`nhóm A.`, `quý I.`) is no initial
    return i + 1 < len(line) and _label_letter().search(line, 0, i) is not None and _capital_follows(line, i + 1)


@lru_cache(maxsize=1)
def _label_letter() -> regex.Pattern:
    from .rules import load  # the splitter's own data (patterns/sentences.yaml), read once

    return load("sentences").rules["label_letter"].regex


def _capital_follows(line: str, i: int) -> bool:
    """The next word after the blanks at `i` starts with a capital."""
    j = _skip(line, i, " \t")
    return i < j < len(line) and line[j].isupper()


def _skip(line: str, i: int, chars: str | frozenset[str]) -> int:
    while i < len(line) and line[i] in chars:
        i += 1
    return i


def _add(spans: list[Span], line: str, start: int, end: int, base: int) -> None:
    """The stripped piece line[start:end] as a span, if anything is left of it."""
    piece = line[start:end]
    body = piece.strip()
    if body:
        s = start + len(piece) - len(piece.lstrip())
        spans.append((base + s, base + s + len(body)))


def _split_line(line: str, base: int) -> list[Span]:
    """underthesea's `sent_tokenize` of one line as spans, the same splits by the same rules but
    for web addresses (tests/test_text.py compares the two), jumping from mark to mark instead of reading every
    character in Python: an ellipsis (3+ dots, or `…`) ends a sentence only before a capital or the end;
    any other mark does unless `_boundary` says no; marks right after it join the sentence."""
    abbreviations, spans, start = _abbreviations(), [], 0
    m = _END_MARK.search(line)
    while m is not None:
        i, nxt = m.start(), m.start() + 1
        dots = _skip(line, i, line[i]) if line[i] in ".…" else i
        if dots - i >= 3 or line[i] == "…":
            after = _skip(line, dots, " \t")
            if after >= len(line) or line[after].isupper():
                _add(spans, line, start, dots, base)
                start = _skip(line, dots, _SKIPPED)
            nxt = dots
        elif _boundary(line, i, abbreviations):
            end = _skip(line, i + 1, _SENTENCE_END)
            _add(spans, line, start, end, base)
            start = nxt = _skip(line, end, _SKIPPED)
        m = _END_MARK.search(line, nxt)
    _add(spans, line, start, len(line), base)
    return spans


def sentence_spans(text: str) -> list[Span]:
    """Sentences as (start, end) offsets: paragraphs (lines) first, then underthesea's rules
    within each. A line with no `.`, `?` or `!` before its last character (a title, a caption,
    a short paragraph) is one sentence."""
    spans: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        if body and _SENTENCE_END.isdisjoint(body[:-1]):
            start = pos + line.index(body[0])
            spans.append((start, start + len(body)))
        elif body:
            spans.extend(_split_line(line, pos))
        pos += len(line) + 1
    return spans


def sentences(text: str) -> list[str]:
    """Sentences of already normalized text (see `sentence_spans` for offsets)."""
    return [text[s:e] for s, e in sentence_spans(text)]


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """underthesea's words of text[start:end] with offsets into `text`."""
    chunk = text[start:end]
    words = underthesea("word_tokenize")(chunk)
    return [(chunk[s:e], start + s, start + e) for s, e in _locate(chunk, words)]


def tagged_words(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, str, int, int]]:
    """underthesea's words and part-of-speech tags of text[start:end], with offsets into `text`."""
    chunk = text[start:end]
    tagged = underthesea("pos_tag")(chunk)
    spans = _locate(chunk, [w for w, _ in tagged], keep_missing=True)
    return [(chunk[s:e], tag, start + s, start + e) for (_, tag), (s, e) in zip(tagged, spans) if s >= 0]


# ---------------------------------------------------------------------------------------------
# Offsets into the caller's string.

# White space within a line, as `str.split` sees it (the furniture pass collapses runs of it).
_BLANKS = frozenset(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")


def _at_line_start(within: str, i: int) -> bool:
    while i > 0 and within[i - 1] in _BLANKS:
        i -= 1
    return i == 0 or within[i - 1] == "\n"


def _match_line(line: str, within: str, i: int) -> tuple[list[int], bool] | None:
    """Indexes in `within` of each character of `line` laid from `i` on, a single space standing
    for a run of blanks; and whether nothing but blanks follows on that line. None on a mismatch."""
    if within.startswith(line, i):  # the usual case, its blanks not collapsed: one slice, not a loop
        out, i = list(range(i, i + len(line))), i + len(line)
    else:
        out = []
        for ch in line:
            if i >= len(within) or (within[i] not in _BLANKS if ch == " " else within[i] != ch):
                return None
            out.append(i)
            i += 1
            while ch == " " and i < len(within) and within[i] in _BLANKS:
                i += 1
    while i < len(within) and within[i] in _BLANKS:
        i += 1
    return out, i == len(within) or within[i] == "\n"


def _find_line(line: str, within: str, cursor: int) -> list[int] | None:
    """Where `line` stands in `within` from `cursor` on: the first place it fills a whole line,
    else the first line it starts (a date stamp loses its view count)."""
    first, cut = line.split(" ", 1)[0], None
    i = within.find(first, cursor)
    while i >= 0:
        found = _match_line(line, within, i) if _at_line_start(within, i) else None
        if found and found[1]:
            return found[0]
        cut = cut or (found and found[0])
        i = within.find(first, i + 1)
    return cut


def align_lines(text: str, within: str) -> list[int] | None:
    """For each character of `text`, its index in `within`; None if they do not align.

    `text` is lines of `within` kept in order, each with its blanks collapsed (a line may be cut
    short): what an Article's text is to the normalized text it was read from. A collapsed space
    maps to the first blank of its run; the break between two lines to the end of the first.
    """
    out: list[int] = []
    cursor = 0
    for line in text.split("\n") if text else ():
        found = _find_line(line, within, cursor)
        if found is None:
            return None
        out += found
        cursor = found[-1] + 1
        out.append(cursor)
    return out[:-1]


def caller_spans(raw: str, text: str) -> Callable[[int, int], Span] | None:
    """A map from a span of `text` (an Article's text read from the string `raw`) to the span of
    `raw` it was read from: what a caller can slice, as spaCy's offsets index its input. A span
    ends after the combining marks of its last character. None if the two do not align."""
    n = normalize_with_map(raw)
    to_norm = align_lines(text, n.text)
    if to_norm is None:
        return None

    def span(start: int, end: int) -> Span:
        last = n.raw_offset(to_norm[end - 1]) + 1
        while last < len(raw) and unicodedata.combining(raw[last]):
            last += 1
        return n.raw_offset(to_norm[start]), last

    return span
