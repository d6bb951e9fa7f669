"""Pages set in two columns, read column by column: the left column to its foot, then the right one.

Words on one baseline across the whole page would interleave the two columns' lines ("... social care. Its core
elements<TAB>Gateshead and Redcar ..."), so a two-column document is recognised first, by its gutter: a narrow
band near the middle of the page that no line crosses, with text on both sides filling its column, single runs of
words (not a table's cells), on several pages at the same place. A table is not a two-column page: its cells are
short and leave their column half empty. Once the document's gutter is known, every page is read around it: rows
that cross it (a heading across both columns, a full-width table) stay whole and end a run of column text; the
running head and footer in the page's margins stay whole too.
"""

from __future__ import annotations

import statistics
from collections import Counter
from itertools import pairwise

CELL_GAP = 14.0  # as in pdf.py: a gap this wide between two words makes two cells
MIN_PAGES = 2  # clear two-column pages needed before a document is read as two columns


def _cells(part: list[dict]) -> int:
    return 1 + sum(1 for a, b in pairwise(part) if b["x0"] - a["x1"] > CELL_GAP)


def _body(rows: list[list[dict]], height: float) -> list[list[dict]]:
    return [r for r in rows if 0.06 * height < r[0]["top"] < 0.93 * height]


def page_gutter(rows: list[list[dict]], width: float, height: float) -> tuple[int, int] | None:
    """The gutter of a page clearly set in two columns of text, or None."""
    body = _body(rows, height)
    if len(body) < 12:
        return None
    low, high = int(0.35 * width), int(0.65 * width)
    allowed = max(1, 0.04 * len(body))
    cover = [sum(1 for r in body if any(w["x0"] - 1 <= x <= w["x1"] + 1 for w in r)) for x in range(low, high)]
    best, start = (0, 0), None
    for index, count in enumerate([*cover, len(body) + 1]):
        if count <= allowed:
            start = index if start is None else start
        elif start is not None:
            best = max(best, (start, index), key=lambda b: b[1] - b[0])
            start = None
    g0, g1 = low + best[0], low + best[1]
    if not 8 <= g1 - g0 <= 60:
        return None
    left = [p for p in ([w for w in r if w["x1"] <= g0 + 1] for r in body) if p]
    right = [p for p in ([w for w in r if w["x0"] >= g1 - 1] for r in body) if p]
    if len(left) < 10 or len(right) < 10:
        return None
    margin_l = min(w["x0"] for p in left for w in p)
    margin_r = max(w["x1"] for p in right for w in p)
    fill_l = statistics.median(p[-1]["x1"] - margin_l for p in left) / max(1.0, g0 - margin_l)
    fill_r = statistics.median(p[-1]["x1"] - p[0]["x0"] for p in right) / max(1.0, margin_r - g1)
    single = sum(1 for p in left + right if _cells(p) == 1) / len(left + right)
    return (g0, g1) if fill_l >= 0.8 and fill_r >= 0.7 and single >= 0.7 else None


def document_gutter(pages: list[tuple[list[list[dict]], float, float]]) -> tuple[int, int] | None:
    """The gutter shared by the document's two-column pages ((rows, width, height) per page), or None."""
    found = [g for g in (page_gutter(*page) for page in pages) if g]
    if len(found) < MIN_PAGES:
        return None
    (g0, g1), count = Counter((g[0] // 4 * 4, g[1] // 4 * 4) for g in found).most_common(1)[0]
    if count < MIN_PAGES:
        return None
    near = [g for g in found if abs(g[0] - g0) <= 4 and abs(g[1] - g1) <= 4]
    return max(g[0] for g in near), min(g[1] for g in near)


def _crosses(row: list[dict], middle: float) -> bool:
    """A row runs across the gutter: a word covers its middle, or two words a word space apart straddle it. A
    heading of the right column that starts a little inside the gutter band does not."""
    return any(w["x0"] < middle < w["x1"] for w in row) or \
        any(a["x1"] <= middle <= b["x0"] and b["x0"] - a["x1"] < 6 for a, b in pairwise(row))


def in_columns(rows: list[list[dict]], gutter: tuple[int, int], height: float) -> bool:
    """Whether a page of a two-column document is itself set in columns around `gutter`. A page that holds a
    full-width table instead (a membership list: names on the left, councils in a column right of the gutter) is
    read row by row: where rows have words on both sides, a left part of column text (a line of a paragraph, the
    'Action by' heading of a table inside the left column) runs up to the gutter; a wide table's first cells all
    stop well short of it (its column boundary is not the document's gutter)."""
    g0, g1 = gutter
    both = [r for r in _body(rows, height) if any(w["x1"] <= g0 + 2 for w in r) and any(w["x0"] >= g1 - 2 for w in r)]
    if not both:
        return True
    margin = min(r[0]["x0"] for r in _body(rows, height))
    fills = [(max(w["x1"] for w in r if w["x1"] <= g0 + 2) - margin) / max(1.0, g0 - margin) for r in both]
    return max(fills) >= 0.85


def reading_order(rows: list[list[dict]], gutter: tuple[int, int], height: float) -> list[list[dict]]:
    """The page's rows in reading order around the gutter: margins and rows crossing it whole, the column text
    between them left column first."""
    g0, g1 = gutter
    middle = (g0 + g1) / 2
    body = _body(rows, height)
    first = rows.index(body[0]) if body else len(rows)
    last = rows.index(body[-1]) if body else len(rows) - 1
    out: list[list[dict]] = list(rows[:first])
    left: list[list[dict]] = []
    right: list[list[dict]] = []
    for row in rows[first:last + 1]:
        if _crosses(row, middle):  # across the gutter: it ends the columns
            out += left + right + [row]
            left, right = [], []
            continue
        part_l = [w for w in row if w["x1"] <= middle]
        part_r = [w for w in row if w["x1"] > middle]
        left += [part_l] if part_l else []
        right += [part_r] if part_r else []
    return out + left + right + list(rows[last + 1:])
