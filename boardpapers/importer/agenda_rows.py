"""One line of an agenda -> an agenda row: its number, title, timing and page range, however the pack prints them.

Numbers: "3", "3.", "3)", "Item 3", "1a", "1 (a)", "1(a)."; a converter's escaped list number ("1\\.") is unescaped
by text.normalise. Cells: tab- or bar-separated, or one line whose title carries its suffixes:
"Sector-led improvement (11.05am) Page 4", "Review of the offer (Pages 15 - 17)", "... (Exempt) (Pages 14 - 14)",
"Title  12 - 20". A line under a row may carry on its title (bold like it, or starting in lower case), its timing
("      1.33pm – 1.43pm"), or the end of a page range cut by the line's end ("(Pages 14 -" / "15)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import find_times

NUMBER = r"(?:(?:agenda\s+)?item\s+)?(\d{1,2}\s?(?:[a-z]|\([a-z]\))?)"
NUMBER_RE = re.compile(rf"^{NUMBER}[.)]?$", re.I)
NUMBERED_RE = re.compile(rf"^{NUMBER}[.)]?\s+(\S.*)$", re.I)
TIME = r"\d{1,2}(?:[:.]\d{2}\s*(?:am|pm)?|\s*(?:am|pm))"
TIME_CELL_RE = re.compile(rf"^{TIME}(?:\s*[-–]\s*{TIME})?$", re.I)
TRAILING_TIME_RE = re.compile(rf"\s*\(({TIME}(?:\s*[-–]\s*{TIME})?)\)\s*$", re.I)
PAGES_RE = re.compile(r"^(?:pages?\s*)?(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$", re.I)
TRAILING_PAGES_RE = re.compile(r"^(.*?\S)\s{2,}(\d{1,4}(?:\s*[-–]\s*\d{1,4})?)$")
# "Page 4", "(Pages 15 - 17)", and "(Pages 14 -" when the range runs on to the next line
PAGE_SUFFIX_RE = re.compile(r"\s*\(?\s*\bpages?\s+(\d{1,4})(?:\s*[-–]\s*(\d{1,4})?)?\s*\)?\s*$", re.I)
EXEMPT_SUFFIX_RE = re.compile(r"\s*\((?:confidential|exempt|part\s*2|private)\)\s*$", re.I)
NEXT_MEETING_RE = re.compile(r"(?i)date of (?:the )?next meeting")


@dataclass
class AgendaRow:
    number: str  # "" for a line with a timing but no item (Table discussions, Feedback)
    title: str
    timing: str = ""
    description: str = ""
    pages: str = ""
    exempt: str = ""
    line: int = 0  # 1-based line in the source
    open_pages: bool = False  # its page range was cut by the line's end ("(Pages 14 -")
    marked_exempt: bool = False  # the title said "(Exempt)"


def number_of(text: str) -> str:
    """'1 (a)' -> '1a'; '3' -> '3'."""
    return re.sub(r"[\s()]", "", text).lower()


def timing(text: str) -> str:
    times = find_times(text) or find_times(re.sub(r"(\d)\s*(am|pm)", r"\1:00\2", text, flags=re.I))
    return "-".join(times[:2]) if times else ""


def row(cells: list[str], line: int) -> AgendaRow | None:
    """A row from a line's cells, or None when the line is no agenda row."""
    cells = [c.strip() for c in cells]
    filled = [c for c in cells if c]
    if not filled:
        return None
    number, title, rest = "", "", []
    first = filled[0]
    if NUMBER_RE.match(first) and len(filled) > 1:
        number, title, rest = NUMBER_RE.match(first).group(1), filled[1], filled[2:]
    elif NUMBERED_RE.match(first):
        match = NUMBERED_RE.match(first)
        number, title, rest = match.group(1), match.group(2), filled[1:]
    else:
        title, rest = first, filled[1:]
    found = AgendaRow(number_of(number), title, line=line)
    _suffixes(found)
    if number and not rest and not found.pages:
        trailing = TRAILING_PAGES_RE.match(found.title)
        if trailing:
            found.title, rest = trailing.group(1), [trailing.group(2)]
    for cell in rest:
        if TIME_CELL_RE.match(cell) and not found.timing:
            found.timing = timing(cell)
        elif PAGES_RE.match(cell) and not found.pages:
            found.pages = _pages(PAGES_RE.match(cell))
    if not number and not found.timing:
        return None
    if rest and not found.timing and not found.pages and not number:
        return None
    bold = re.match(r"^(.+?):\s+(\S.*)$", found.title)
    if bold and NEXT_MEETING_RE.match(bold.group(1)):
        found.title, found.description = bold.group(1), bold.group(2)
    found.title = re.sub(r"[.:]$", "", found.title.strip()).strip()
    if not found.title or len(found.title) > 200:
        return None
    return found


def _suffixes(found: AgendaRow) -> None:
    """Take the timing, page range and "(Exempt)" off the end of the title, in whatever order they stand."""
    while True:
        title = found.title
        pages = PAGE_SUFFIX_RE.search(title)
        if pages and pages.start() > 0:
            found.pages = found.pages or _pages(pages)
            found.open_pages = pages.group(2) is None and bool(re.search(r"[-–]\s*$", pages.group(0)))
            title = title[: pages.start()]
        bracketed = TRAILING_TIME_RE.search(title)
        if bracketed and bracketed.start() > 0:
            found.timing = found.timing or timing(bracketed.group(1))
            title = title[: bracketed.start()]
        exempt = EXEMPT_SUFFIX_RE.search(title)
        if exempt and exempt.start() > 0:
            found.marked_exempt = True
            title = title[: exempt.start()]
        if title == found.title:
            return
        found.title = title.strip()


def _pages(match: re.Match) -> str:
    first, last = match.group(1), match.group(2)
    return f"{first}-{last}" if last and last != first else first


def continues(row_: AgendaRow, raw: str, text: str, is_section) -> bool:
    """A line right under an agenda row that carries on its title (bold like it, or starting in lower case), or
    holds only its timing, or the end of its page range."""
    if row_.open_pages and re.fullmatch(r"\d{1,4}\s*\)?", text):
        return True
    if TIME_CELL_RE.fullmatch(text) or TRAILING_TIME_RE.fullmatch(text):
        return True
    return bool((raw.startswith(("**", "<b>")) and not NUMBERED_RE.match(text) and not is_section(text))
                or re.match(r"^[a-z]", text))


def carry_on(row_: AgendaRow, cells: list[str]) -> None:
    text = " ".join(c for c in cells if c)
    if row_.open_pages and re.fullmatch(r"\d{1,4}\s*\)?", text):
        row_.pages = f"{row_.pages}-{text.strip(' )')}" if text.strip(" )") != row_.pages else row_.pages
        row_.open_pages = False
        return
    if TIME_CELL_RE.fullmatch(text):
        row_.timing = row_.timing or timing(text)
        return
    text = " ".join(c for c in cells if c and not TIME_CELL_RE.match(c) and not PAGES_RE.match(c))
    bracketed = TRAILING_TIME_RE.search(text)
    if bracketed:
        row_.timing = row_.timing or timing(bracketed.group(1))
        text = text[: bracketed.start()]
    if text.strip():
        row_.title = f"{row_.title} {text.strip()}".strip()
        _suffixes(row_)
