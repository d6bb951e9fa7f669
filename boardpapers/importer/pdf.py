"""A PDF pack -> the same lines a text extract gives, so one parser reads both (pdfplumber, on pdfminer.six).

Each page's words come with their font and position. Words on one baseline make a line, in reading order; a
wide gap between words splits the line into cells (tab-separated, as the extracts print tables); words set in
a bold font are wrapped in `**`, and a line in a larger type than the page's body is a `##` heading. A form
feed line separates pages (furniture.py finds the running heads and page numbers at their edges), a blank line
separates paragraphs. The page of every line is kept, so a warning can name it.
"""

from __future__ import annotations

import re
import statistics
from itertools import pairwise
from pathlib import Path

from . import pdf_columns

CELL_GAP = 14.0  # points between two words that put them in different cells of a table row
class Unreadable(Exception):
    """The file cannot be read as papers; the message says why (source.py raises it for any file)."""


LINE_TOLERANCE = 3.0  # points of baseline difference within one line
BULLET_RE = re.compile(r"^(?:\(cid:\d+\)|[•●▪◦‣∙·–-])$")  # a list item's bullet glyph (pdfminer: '(cid:127)')


def extract(path: Path) -> tuple[str, list[int]]:
    """(text, page number of each line of the text)."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as missing:  # a dependency: only a broken install lacks it
        raise Unreadable(f"reading PDFs needs pdfplumber ({missing})") from None
    out: list[str] = []
    pages: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            read = [(_words(page), page.width, page.height) for page in pdf.pages]
    except (PDFSyntaxError, OSError, ValueError, KeyError, TypeError) as exc:
        raise Unreadable(f"cannot read {path} as a PDF: {exc}") from None
    gutter = pdf_columns.document_gutter([(_rows(words), width, height) for words, width, height in read])
    for number, (words, _, height) in enumerate(read, 1):
        if number > 1:
            out.append("\f")
            pages.append(number)
        for line in page_lines(words, gutter, height):
            out.append(line)
            pages.append(number)
    out = dehyphenate_cells(dehyphenate(out))
    if not any(line.strip() for line in out):
        raise Unreadable(f"{path} has no text layer (a scanned image?): run OCR on it first, or import its text")
    return "\n".join(out), pages


def _words(page) -> list[dict]:
    """The page's words; each with the x of every vertical rule beside it ("rules"): a ruled table's column lines,
    which part two cells however narrow the gap (a schedule in a narrow column sets its cells 12 pt apart)."""
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False,
                               x_tolerance=1.5)
    rules = [(edge["x0"], edge["top"], edge["bottom"]) for edge in page.edges
             if edge.get("orientation") == "v" and edge["bottom"] - edge["top"] > 4]
    for word in words:
        middle = (word["top"] + word["bottom"]) / 2
        word["rules"] = tuple(x for x, top, bottom in rules if top <= middle <= bottom)
    return words


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words on one baseline make a row, left to right."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    return rows


def page_lines(words: list[dict], gutter: tuple[int, int] | None = None, height: float = 0.0) -> list[str]:
    """A page's words -> its lines (read column by column around `gutter`, when the document has two)."""
    if not words:
        return []
    rows = _rows(words)
    if gutter and not pdf_columns.in_columns(rows, gutter, height):
        gutter = None  # this page holds a table, not column text
    if gutter:
        rows = pdf_columns.reading_order(rows, gutter, height)
    body = statistics.median(w["size"] for w in words)
    cells = [_cells(row) for row in rows]
    # a bullet and its text are a list item, not two cells of a table: counted as a table's columns, they would
    # turn the hanging indent of every numbered paragraph on the page into a table's second cell
    listed = [len(found) == 2 and len(found[0]) == 1 and BULLET_RE.match(found[0][0]["text"]) is not None
              for found in cells]
    # which column a row is in: split at the gutter's middle, as reading_order splits (a table in the right column
    # pads its first cell less than the column's text is indented: it starts inside the gutter band)
    middle = (gutter[0] + gutter[1]) / 2 if gutter else 0.0
    side = [0 if not gutter else 1 if row[-1]["x1"] <= middle else 2 if row[0]["x0"] >= middle else 0 for row in rows]
    columns = {k: sorted({round(cell[0]["x0"]) for found, s, li in zip(cells, side, listed, strict=True) if s == k
                          and len(found) > 1 and not li for cell in found}) for k in set(side)}
    lefts = {k: min(row[0]["x0"] for row, s in zip(rows, side, strict=True) if s == k) for k in set(side)}
    rights = {k: max(row[-1]["x1"] for row, s in zip(rows, side, strict=True) if s == k) for k in set(side)}
    gaps = [b[0]["top"] - a[0]["bottom"] for a, b in pairwise(rows) if b[0]["top"] > a[0]["top"]]
    # the spacing of lines within a paragraph: the tighter end of the page's gaps (paragraph gaps are wider)
    usual = sorted(gaps)[len(gaps) // 5] if gaps else 0.0
    body_height = statistics.median(w["bottom"] - w["top"] for w in words)
    usual = min(usual, 0.5 * body_height)  # a short page of one-line paragraphs has no tight gaps to learn from
    out: list[str] = []
    previous = None
    table: list[float] = []  # where the cells of the last row with several cells start (the table it is in)
    wrapped = False  # the last line was a heading that filled its column: a heading line under it goes on
    ends: dict[int, float] = {}  # where each cell of the last line put out ends (its last word's right edge)
    for position, (row, found, k) in enumerate(zip(rows, cells, side, strict=True)):
        height_ = max(w["bottom"] - w["top"] for w in row)
        gap = previous is not None and row[0]["top"] - previous > max(usual * 1.5, usual + 0.3 * height_)
        if gap:
            out.append("")  # a paragraph gap: wider than the page's usual line spacing
        previous = row[0]["bottom"]
        line = _line(found, row, body)
        if line.startswith("## ") and wrapped and not gap:
            out[-1] = join_wrapped(out[-1], line[3:])  # a title wrapped onto a second line
            continue
        wrapped = line.startswith("## ") and row[-1]["x1"] >= lefts[k] + 0.7 * (rights[k] - lefts[k])
        # a row of a table whose first cells are empty starts at a later column: keep its empty cells
        starts, left = table or columns[k], lefts[k]
        lead: list[float] = []  # the columns this row leaves empty before its first cell
        if row[0]["x0"] - left > CELL_GAP and starts:
            lead = [x for x in starts if left - 4 <= x < row[0]["x0"] - 4]
            if lead and (len(found) > 1 or any(abs(row[0]["x0"] - x) <= 4 for x in starts)):
                line = "\t" * len(lead) + line
            else:
                lead = []
        if len(found) > 1 and not listed[position]:  # the table goes on with this row's columns, empty leading ones too
            starts_here = lead + [cell[0]["x0"] for cell in found]
            if not all(any(abs(x - y) <= 4 for y in table) for x in starts_here):  # a row leaving cells empty
                table = starts_here  # is still the same table; other columns are another one
        # cells whose first word did not fit at the end of the cell above it (a soft wrap, not a line the writer
        # broke: 'Leadership Centre Contract' / 'Paragraph 3: ...' under it stays a line of its own), set tight
        # under it (a paragraph gap within their own column breaks it)
        here = {len(lead) + n: cell for n, cell in enumerate(found)}
        wraps = {index for index, cell in here.items() if index in ends
                 and ends[index] + 0.3 * cell[0]["size"] + (cell[0]["x1"] - cell[0]["x0"])
                 > (table[index + 1] - CELL_GAP if index + 1 < len(table) else rights[k] - 8)
                 and _tight_under(cell, rows[:position], usual)}
        joined = None if gap or not out or not wraps else wrapped_cell(out[-1], line, wraps)
        if joined:
            out[-1], line = joined
            for index in wraps:
                ends[index] = here[index][-1]["x1"]
            if not line.strip():
                continue
        ends = {index: cell[-1]["x1"] for index, cell in here.items()}
        out.append(line)
    return out


def _tight_under(cell: list[dict], above: list[list[dict]], usual: float) -> bool:
    """Whether a cell's words sit right under the nearest earlier words of their column (no paragraph gap)."""
    x0, x1 = cell[0]["x0"], cell[-1]["x1"]
    for row in reversed(above):
        over = [w for w in row if w["x0"] < x1 and w["x1"] > x0]
        if over:
            height = max(w["bottom"] - w["top"] for w in cell)
            return cell[0]["top"] - max(w["bottom"] for w in over) <= max(usual * 1.5, usual + 0.3 * height)
    return False


def wrapped_cell(above: str, line: str, tight: set[int] | None = None) -> tuple[str, str] | None:
    """Table cells that wrapped onto the next line, given back to the row above (the two lines with no paragraph
    gap between them, the line's first cell empty: it starts no row of its own): '5<TAB>Title<TAB>Yvonne' +
    '<TAB><TAB>Kelly' (an owner, a council or a 'for ...' too long for its narrow column), each cell into the cell
    above it when that one has words (a bold heading cell takes only bold words); and a word a too-narrow first
    column broke ('Ite' + 'm' -> 'Item'). Returns the two lines changed, or None."""
    if "\t" not in above:
        return None
    top, cells = above.split("\t"), line.split("\t")
    tight = set(range(len(cells))) if tight is None else tight
    if len(cells) == 1 and 0 in tight and re.fullmatch(r"[b-z]", line) and re.search(r"[A-Za-z]$", top[0].strip()):
        return "\t".join([top[0] + line, *top[1:]]), ""
    if len(cells) < 2:
        return None
    new_row = bool(cells[0].strip())  # a new row (or a line of the first cell) starts with its first cell: only
    # the letter a narrow cell broke off beside it goes back ('3.33p' / 'm')
    width = max(len(top), len(cells))
    top, cells = top + [""] * (width - len(top)), cells + [""] * (width - len(cells))
    moved = False
    for index in range(1, width):
        here, there = cells[index].strip(), top[index].strip()
        if re.fullmatch(r"[b-z]", here) and re.search(r"[A-Za-z]$", there) and index in tight:
            top[index], cells[index], moved = top[index].rstrip() + here, "", True  # 'Timin' + 'g', '3.08p' + 'm'
            continue
        bold = (there.startswith("**") and there.endswith("**")) != (here.startswith("**") and here.endswith("**"))
        if new_row or not here or not there or index not in tight or bold:
            continue
        if there.endswith("**") and here.startswith("**"):  # one bold run: '**Title wrapped**', not '**A** **B**'
            top[index] = f"{top[index].rstrip()[:-2]} {here[2:]}"
        else:
            top[index] = f"{top[index].rstrip()} {here}"
        cells[index] = ""
        moved = True
    if not moved:
        return None
    rest = "\t".join(cells).rstrip("\t") if any(c.strip() for c in cells) else ""
    return "\t".join(top).rstrip("\t"), rest


def _bold(word: dict) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold", word["fontname"], re.I))


def _cells(row: list[dict]) -> list[list[dict]]:
    """A row's words -> its cells: a gap of CELL_GAP, or a narrower one (a type size wide) where the type changes
    between bold and regular (a bold title filling a narrow table's cell, the 'Action by' name beside it)."""
    cells: list[list[dict]] = [[row[0]]]
    for word in row[1:]:
        gap, last = word["x0"] - cells[-1][-1]["x1"], cells[-1][-1]
        ruled = any(last["x1"] <= x <= word["x0"] for x in word.get("rules", ()))
        if gap > CELL_GAP or ruled or (gap > 0.9 * max(word["size"], last["size"]) and _bold(word) != _bold(last)):
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


def join_wrapped(first: str, second: str) -> str:
    """A line and the words wrapped under it: 'Improvement and Inno-' + 'vation Board' -> one line (the soft
    hyphen of a word cut at the line's end goes; see dehyphenate for running text)."""
    if re.search(r"[a-z]-$", first) and re.match(r"^[a-z]", second):
        return first[:-1] + second
    return f"{first} {second}"


def dehyphenate(lines: list[str]) -> list[str]:
    """Words a narrow column cut at the line's end ('deve-' / 'loping') made whole again, where the document
    shows the word unbroken elsewhere ('developing'), or in no other form (a compound it prints with its hyphen,
    'sector-led', keeps it)."""
    seen = {w.lower() for line in lines for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", line)}
    out = list(lines)
    for index in range(len(out) - 1):
        cut = re.search(r"(?<![\w-])([A-Za-z][A-Za-z']*)-$", out[index])
        rest = re.match(r"^([a-z][A-Za-z']*)(.*)$", out[index + 1])
        if not cut or not rest or "\t" in out[index] + out[index + 1]:
            continue
        head, tail = cut.group(1), rest.group(1)
        whole = head + tail
        if f"{head}-{tail}".lower() in seen and whole.lower() not in seen:
            whole = f"{head}-{tail}"
        out[index] = out[index][: cut.start(1)] + whole
        out[index + 1] = rest.group(2).lstrip()
    return out


def dehyphenate_cells(lines: list[str]) -> list[str]:
    """The same inside a table's cells, where a cell's wrapped lines were joined with a space ('impr- ovement'):
    whole where the document shows the word unbroken, or not as a compound ('sector-led' keeps its hyphen)."""
    seen = {w.lower() for line in lines for w in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", line)}

    def whole(cut: re.Match) -> str:
        head, tail = cut.group(1), cut.group(2)
        if f"{head}-{tail}".lower() in seen and f"{head}{tail}".lower() not in seen:
            return f"{head}-{tail}"
        return head + tail

    return [re.sub(r"(?<![\w-])([A-Za-z][A-Za-z']*)- ([a-z][A-Za-z']*)", whole, line) if "\t" in line else line
            for line in lines]


def _line(cells: list[list[dict]], row: list[dict], body: float) -> str:
    texts = [_cell(cell) for cell in cells]
    if len(texts) == 1:
        text = texts[0]
        size = max(w["size"] for w in row)
        if size >= body * 1.25 and len(text) < 150:
            return "## " + text.replace("**", "")
        return text
    return "\t".join(texts)


def _cell(words: list[dict]) -> str:
    """Words -> text, runs of bold words wrapped in ** (a whole bold cell reads as a heading)."""
    parts: list[str] = []
    run: list[str] = []
    bold_run = False
    for word in words:
        bold = bool(re.search(r"bold|black|heavy|semibold", word["fontname"], re.I))
        if run and bold != bold_run:
            parts.append(f"**{' '.join(run)}**" if bold_run else " ".join(run))
            run = []
        run.append(word["text"])
        bold_run = bold
    if run:
        parts.append(f"**{' '.join(run)}**" if bold_run else " ".join(run))
    return " ".join(parts)
