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

CELL_GAP = 14.0  # points between two words that put them in different cells of a table row
LINE_TOLERANCE = 3.0  # points of baseline difference within one line


def extract(path: Path) -> tuple[str, list[int]]:
    """(text, page number of each line of the text)."""
    from .source import Unreadable

    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as missing:  # a dependency: only a broken install lacks it
        raise Unreadable(f"reading PDFs needs pdfplumber ({missing})") from None
    out: list[str] = []
    pages: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                if number > 1:
                    out.append("\f")
                    pages.append(number)
                for line in page_lines(page):
                    out.append(line)
                    pages.append(number)
    except (PDFSyntaxError, OSError, ValueError, KeyError, TypeError) as exc:
        raise Unreadable(f"cannot read {path} as a PDF: {exc}") from None
    if not any(line.strip() for line in out):
        raise Unreadable(f"{path} has no text layer (a scanned image?): run OCR on it first, or import its text")
    return "\n".join(out), pages


def page_lines(page) -> list[str]:
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False,
                               x_tolerance=1.5)
    if not words:
        return []
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    body = statistics.median(w["size"] for w in words)
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    cells = [_cells(row) for row in rows]
    columns = sorted({round(cell[0]["x0"]) for found in cells if len(found) > 1 for cell in found})
    left = min(w["x0"] for w in words)
    gaps = [b[0]["top"] - a[0]["bottom"] for a, b in pairwise(rows)]
    # the spacing of lines within a paragraph: the tighter end of the page's gaps (paragraph gaps are wider)
    usual = sorted(gaps)[len(gaps) // 5] if gaps else 0.0
    body_height = statistics.median(w["bottom"] - w["top"] for w in words)
    usual = min(usual, 0.5 * body_height)  # a short page of one-line paragraphs has no tight gaps to learn from
    out: list[str] = []
    previous = None
    table: list[float] = []  # where the cells of the last row with several cells start (the table it is in)
    for row, found in zip(rows, cells, strict=True):
        height = max(w["bottom"] - w["top"] for w in row)
        if previous is not None and row[0]["top"] - previous > max(usual * 1.5, usual + 0.3 * height):
            out.append("")  # a paragraph gap: wider than the page's usual line spacing
        previous = row[0]["bottom"]
        line = _line(found, row, body)
        # a row of a table whose first cells are empty starts at a later column: keep its empty cells
        starts = table or columns
        if row[0]["x0"] - left > CELL_GAP and starts:
            empty = sum(1 for x in starts if left - 4 <= x < row[0]["x0"] - 4)
            if empty and (len(found) > 1 or any(abs(row[0]["x0"] - x) <= 4 for x in starts)):
                line = "\t" * empty + line
        if len(found) > 1:
            table = [cell[0]["x0"] for cell in found]
        out.append(line)
    return out


def _cells(row: list[dict]) -> list[list[dict]]:
    cells: list[list[dict]] = [[row[0]]]
    for word in row[1:]:
        if word["x0"] - cells[-1][-1]["x1"] > CELL_GAP:
            cells.append([word])
        else:
            cells[-1].append(word)
    return cells


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
