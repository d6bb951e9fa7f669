"""Page furniture found by its repetition, not by a list of words: running heads, footers and page numbers are
the lines that come back at the top or bottom of many pages, as the same text or the same text but for its
digits ("Page 33", "Page 34"; "Improvement and Innovation Board 18 March 2014").

Pages are where the source shows them: a form feed (a PDF's pages), a rule, a run of blank lines, or a line that
is a page counter (the same words with a number that changes, three times or more). The lines next to such a
break are the page's edges; a line whose shape (lower case, digits as '#') stands at an edge of three pages or
more, and mostly there, is furniture. Item marks ("Item 3", "Agenda Item 5b") are left to the parser, which
uses them to place the papers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from .text import ITEM_MARK_RE, plain

AGENDA_MARK_RE = re.compile(r"^(?:#+\s*)?(?:\*\*)?\s*(?:Agenda\s+)?Item\s+(\d{1,3}[a-z]?)\s*(?:\*\*)?$", re.I)
TIME_SHAPE_RE = re.compile(r"#\s*[.:]\s*#|#\s*(?:am|pm)\b")
EDGE = 2  # lines at each edge of a page that may be furniture
MIN_PAGES = 3


def shape(line: str) -> str:
    """A line's text with its digits as '#': the same for every page's number ('Page #')."""
    return re.sub(r"\d+", "#", words_of(line))


def words_of(line: str) -> str:
    return re.sub(r"\s+", " ", plain(line).lower() if line.strip() else "").strip(" .|")


def is_mark(line: str) -> bool:
    return bool(AGENDA_MARK_RE.match(line.strip()) or ITEM_MARK_RE.match(line.strip()))


def find(lines: list[str]) -> set[int]:
    """Indexes of the lines that are page furniture."""
    shapes = [shape(line) if len(line.strip()) <= 100 and not is_mark(line) else "" for line in lines]
    structural = _breaks(lines, set())
    counters = _counters(lines, shapes)
    if len(_pages(len(lines), structural)) >= MIN_PAGES:  # pages are visible: a page number stands at an edge
        counters = {i for i in counters if _is_edge(i, lines, structural)}
    # a running head is the same text on every page (its date too); only a page number changes, at its end
    shapes = [re.sub(r"(?<=\s)\d{1,4}$", "#", words_of(line)) if value else ""
              for line, value in zip(lines, shapes, strict=True)]
    breaks = _breaks(lines, counters)
    count = len(_pages(len(lines), breaks))
    everywhere: dict[str, int] = defaultdict(int)
    for value in shapes:
        if value:
            everywhere[value] += 1
    # the outermost line of each page first; the line inside it only where the outermost one is furniture (a
    # running head of two lines), so a section heading that happens to stand second from a page's foot, with its
    # text under it ("Financial Implications" at the end of each paper), is never taken for a footer
    found: set[str] = set()
    for _ in range(2):
        picked, found = _at_edges(lines, shapes, breaks, counters, found), set()
        for value, (indexes, pages) in picked.items():
            # a running head or footer is on many pages (a section heading that happens to open a few pages is
            # not), and hardly ever anywhere but at a page's edge
            if len(pages) >= max(MIN_PAGES, 0.15 * count) and len(indexes) >= 0.75 * everywhere[value]:
                found.add(value)
    furniture = set(counters)
    for value, (indexes, _) in picked.items():
        if value in found:
            furniture |= indexes
    return furniture


def _at_edges(lines: list[str], shapes: list[str], breaks: list[int], counters: set[int],
              outer: set[str]) -> dict[str, tuple[set[int], set[int]]]:
    """Shape -> (indexes, pages) of the lines at the edges of pages: the outermost line at the top and at the
    foot, and the one inside it where the outermost line's shape is in `outer`."""
    out: dict[str, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for page, (start, end) in enumerate(_pages(len(lines), breaks)):
        # the rule or form feed that opens a page is its edge, not a line on it: the running head comes under it
        body = [i for i in range(start, end) if lines[i].strip() and i not in counters and not is_mark(lines[i])
                and not _is_rule(lines[i])]
        picks = body[:1] + body[-1:]
        if len(body) > 2 and shapes[body[0]] in outer:
            picks.append(body[1])
        if len(body) > 2 and shapes[body[-1]] in outer:
            picks.append(body[-2])
        for index in picks:
            if shapes[index] and re.search(r"[a-z#]", shapes[index]):
                out[shapes[index]][0].add(index)
                out[shapes[index]][1].add(page)
    return out


def _counters(lines: list[str], shapes: list[str]) -> set[int]:
    """Page numbers: short lines of one shape ('page #', '#', '# of #') whose number goes up through the text
    ('Page 3' ... 'Page 4' ... 'Page 9'), at least three times. A phone number or a paragraph number repeats its
    shape too, but has more numbers or words, or does not count up; a time ('1.25pm', '14:30') is no page number."""
    values: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, value in enumerate(shapes):
        numbers = re.findall(r"\d+", lines[index])
        if "#" in value and not TIME_SHAPE_RE.search(value) and len(numbers) <= 2 \
                and len(value.replace("#", " ").split()) <= 2 and int(numbers[0]) < 2000:
            values[value].append((index, int(numbers[0])))
    out = set()
    for found in values.values():
        ups = sum(1 for (_, a), (_, b) in pairwise(found) if b > a)
        if len(found) >= MIN_PAGES and ups >= 0.8 * (len(found) - 1):
            out |= {index for index, _ in found}
    return out


RULE_RE = re.compile(r"^(?:-{3,}|_{3,}|\*{3,})$")


def _is_rule(line: str) -> bool:
    """A page break of its own: a rule, or a form feed with nothing else on its line."""
    stripped = line.replace("\f", "").strip()
    return not stripped or bool(RULE_RE.match(stripped))


def _breaks(lines: list[str], counters: set[int]) -> list[int]:
    """Line indexes where a page ends: form feeds, rules, runs of 2+ blank lines, page counters."""
    out, blanks = [], 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if "\f" in line or RULE_RE.match(stripped) or index in counters:
            out.append(index)
        if not stripped:
            blanks += 1
            if blanks == 2:
                out.append(index)
        else:
            blanks = 0
    return out


def _pages(count: int, breaks: list[int]) -> list[tuple[int, int]]:
    edges = [0, *sorted(set(breaks)), count]
    return [(a, b) for a, b in pairwise(edges) if b > a]


def _is_edge(index: int, lines: list[str], breaks: list[int]) -> bool:
    """Within EDGE non-blank lines of a break (or of the start or end of the text)."""
    marks = set(breaks)
    for step in (-1, 1):
        seen, at = 0, index + step
        while 0 <= at < len(lines):
            if at in marks:
                return True
            if lines[at].strip() and not is_mark(lines[at]):
                seen += 1
                if seen >= EDGE + 1:
                    break
            at += step
        else:
            return True
    return False
