"""The shared machinery of a pack layout: fonts and styles, date and time formats, pages with running heads and
footers ("Page 3 of 40" needs a first pass to count pages), page numbers for the agenda, and the order of a pack.
Each layout in layouts.py says how the sections look."""

from __future__ import annotations

import datetime as dt
import re

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from . import mdflow
from .content import as_list, text
from .packmodel import Pack


class Mark(Flowable):
    """Zero-size: records the page an item starts on (the agenda's page column, the running head)."""

    def __init__(self, sink: dict, key: str):
        super().__init__()
        self.sink, self.key = sink, key
        self.width = self.height = 0

    def draw(self):
        self.sink.setdefault(self.key, self.canv.getPageNumber())
        self.canv._current_item = self.key


class Layout:
    key = "?"
    title = "layout"
    font, bold, italic = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"
    size = 10.5
    margins = (22 * mm, 20 * mm, 25 * mm, 22 * mm)  # left, right, top, bottom
    columns = 1
    hyphenate = False
    attendance_councils = True
    cllr = "Cllr"
    unprinted: tuple[str, ...] = ()  # facts of the pack's meeting this layout never prints: not in its gold
    note_councils = True  # the note's attendance prints each attendee's council (a table's column)
    timing_ranges = True  # the agenda prints an item's timing range, not its start only

    def __init__(self, pack: Pack, rng):
        self.pack, self.rng = pack, rng
        self.pages: dict[str, int] = {}
        self.total_pages = 0
        s = self.size
        base = ParagraphStyle("body", fontName=self.font, fontSize=s, leading=s * 1.3, spaceAfter=s * 0.5,
                              embeddedHyphenation=1)
        self.st = {
            "body": base,
            "h1": ParagraphStyle("h1", base, fontName=self.bold, fontSize=s * 1.9, leading=s * 2.3, spaceAfter=s),
            "h2": ParagraphStyle("h2", base, fontName=self.bold, fontSize=s * 1.3, leading=s * 1.6,
                                 spaceBefore=s * 0.6),
            "h3": ParagraphStyle("h3", base, fontName=self.bold, fontSize=s * 1.05, spaceBefore=s * 0.4),
            "li": ParagraphStyle("li", base, leftIndent=s * 2.2, bulletIndent=s * 0.4),
            "li2": ParagraphStyle("li2", base, leftIndent=s * 4, bulletIndent=s * 2.2),
            "cell": ParagraphStyle("cell", base, fontSize=s * 0.9, leading=s * 1.1, spaceAfter=0),
            "center": ParagraphStyle("center", base, alignment=TA_CENTER),
            "small": ParagraphStyle("small", base, fontSize=s * 0.85, leading=s),
        }

    # -- formats ---------------------------------------------------------------------------------------------
    def date(self, iso) -> str:
        d = dt.date.fromisoformat(text(iso)[:10])
        return d.strftime("%A %d %B %Y")

    def time(self, hhmm) -> str:
        h, m = (int(x) for x in text(hhmm).split("-")[0].split(":"))
        suffix = "am" if h < 12 else "pm"
        return f"{(h - 1) % 12 + 1}.{m:02d}{suffix}"

    def ordinal_date(self, iso) -> str:
        d = dt.date.fromisoformat(text(iso)[:10])
        n = d.day
        suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} {d.strftime('%B %Y')}"

    def number(self, n) -> str:
        return f"{n}."

    def person(self, pid, honours: bool = True, title: bool = True) -> str:
        p = self.pack.people.get(text(pid), {})
        name = self.pack.name(pid)
        if title and p.get("kind") == "councillor":
            name = f"{self.cllr} {name}"
        if honours and p.get("honours"):
            name += " " + " ".join(as_list(p["honours"]))
        return name

    def council(self, entry: dict) -> str:
        """The council a membership line prints: its own, else the member's (real lists print one for every member;
        the gold falls back to the person's council the same way)."""
        return text(entry.get("council") or self.pack.people.get(text(entry.get("person")), {}).get("council"))

    def gold_person(self, pid: str, person: dict) -> dict:
        """A person as the gold has them: without a council the pack prints nowhere (a councillor who attended but
        is not on the membership list, in a layout whose minutes name attendees only)."""
        members = {e["person"] for e in self.pack.membership}
        if self.note_councils or pid in members:
            return person
        return {k: v for k, v in person.items() if k != "council"}

    def names(self, ids, **kw) -> str:
        return "/".join(self.person(i, **kw) for i in as_list(ids))

    def board_title(self) -> str:
        return self.pack.board_names[self.pack.meeting["boards"][0]]

    def md(self, markdown) -> list:
        return mdflow.flowables(markdown, self.st, self.hyphenate, self.frame_width())

    def p(self, markup: str, style: str = "body") -> Paragraph:
        return mdflow.para(markup, self.st[style])

    def esc(self, value) -> str:
        return mdflow.inline(text(value), self.hyphenate)

    # -- pages -------------------------------------------------------------------------------------------------
    def frame_width(self) -> float:
        left, right, _, _ = self.margins
        gap = 8 * mm
        return (A4[0] - left - right - gap * (self.columns - 1)) / self.columns

    def frames(self) -> list[Frame]:
        left, _, top, bottom = self.margins
        width, height = self.frame_width(), A4[1] - top - bottom
        return [Frame(left + n * (width + 8 * mm), bottom, width, height, id=f"col{n}")
                for n in range(self.columns)]

    def decorate(self, canvas, doc) -> None:
        """Running heads and footers, drawn when a page is full (so `current` is the item on it)."""

    def current(self, canvas) -> str:
        return getattr(canvas, "_current_item", "")

    def build(self, path) -> None:
        """Two passes: the first counts pages and finds where each item starts; the second prints them."""
        for _ in range(2):
            doc = BaseDocTemplate(str(path), pagesize=A4, title=f"{self.board_title()} {self.pack.meeting['date']}",
                                  author="boardpapers test pack", invariant=1)
            doc.addPageTemplates([PageTemplate("main", self.frames(), onPageEnd=self._on_page)])
            found: dict[str, int] = {}
            doc.build(self.story(found))
            self.pages, self.total_pages = found, doc.page

    def _on_page(self, canvas, doc):
        canvas.saveState()
        self.decorate(canvas, doc)
        canvas.restoreState()

    # -- the pack, in the order packs are printed --------------------------------------------------------------
    def story(self, found: dict) -> list:
        pack = self.pack
        out = self.cover() + self.membership() + self.agenda()
        for item in pack.items:
            number = text(item["number"])
            flow = []
            if item.get("exempt"):
                flow = self.exempt(item)
            elif number == pack.note_item:
                flow = self.note(item)
            elif number == pack.schedule_item:
                flow = self.schedule(item)
            elif any(item.get(k) for k in ("purpose", "summary", "recommendations", "_body", "contacts")):
                flow = self.report(item)
            # the mark goes after the page break a paper starts with: the page it starts on is the item's, not the
            # last page of the paper before (stamped there, 'Agenda Item 4' would head a page of item 3)
            lead = 1 if flow and isinstance(flow[0], (PageBreak, CondPageBreak)) else 0
            out += [*flow[:lead], Mark(found, number), *flow[lead:]]
        return out

    def page_of(self, number) -> str:
        return str(self.pages.get(text(number), "")) if self.pages else ""

    def timing(self, item: dict) -> str:
        """An agenda timing as printed: its start, or its range ('2.14pm – 2.24pm') when it has one and the layout
        prints ranges (a table's narrow Timing column gives the start only; the gold then asks for that)."""
        parts = [p for p in text(item.get("timing")).split("-") if p.strip()]
        return " – ".join(self.time(p) for p in (parts if self.timing_ranges else parts[:1]))

    def gold_item(self, item: dict) -> dict:
        """An agenda item as the gold has it: its timing as the agenda prints it."""
        if self.timing_ranges or "-" not in text(item.get("timing")):
            return item
        return {**item, "timing": text(item["timing"]).split("-")[0]}

    def when(self, meeting: dict) -> str:
        start, end = meeting.get("start"), meeting.get("end")
        if start and end:
            return f"{self.time(start)} – {self.time(end)}"
        return self.time(start) if start else ""

    def meeting_heading(self) -> str:
        boards = [self.pack.board_names[b] for b in self.pack.meeting["boards"]]
        return boards[0] if len(boards) == 1 else f"{boards[0]} – joint meeting with the {' and the '.join(boards[1:])}"

    def space(self, n: float = 1) -> Spacer:
        return Spacer(1, self.size * n)


def sentence(value) -> str:
    s = text(value)
    return s if re.search(r"[.!?]$", s) else s + "."
