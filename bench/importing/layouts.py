"""Four agenda-pack layouts, each after a family of real packs. They print the same model (packmodel.Pack), so the
gold is the same whatever the layout; what differs is everything an importer has to see through.

a  LGA-like: cover, membership table with group headings and [Chair], agenda table with timings and pages,
   report front sheets (Purpose of report / Summary / Recommendations / Action / Contact officer), the note as an
   attendance table and an Item | Decisions and actions | Action by table, the action monitor schedule as a table.
b  plain council: AGENDA as a numbered list, a Part 2 heading with the exempt paragraph, "Report of the ...",
   minutes as prose attendance ("Present: Councillors A (Chair), B and C.") and "RESOLVED – that ...".
c  two columns, Times, running heads (board and date) and footers ("Page 3 of 40") on every page, hyphenation at
   line ends, "Item 5" numbering, ordinal dates ("21st January 2014"), tables for everything listed.
d  Modern.gov-like: "Agenda Item 5" page markers, a "Document is Restricted" page for the exempt item, members
   with their role and council on the lines under the name, "5a)" numbering.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Table, TableStyle

from .content import as_list, text
from .layout import Layout
from .sections import Sections


class LgaLayout(Sections, Layout):
    key, title = "a", "lga"
    timing_ranges = False  # the agenda table's Timing column is narrow: the start time only

    def decorate(self, canvas, doc):
        item = self.current(canvas)
        if item and canvas.getPageNumber() > 2:
            canvas.setFont(self.bold, 11)
            canvas.drawRightString(190 * mm, 285 * mm, f"Item {item}")
        canvas.setFont(self.font, 8)
        canvas.drawString(22 * mm, 12 * mm, self.date_plain(self.pack.meeting["date"]))
        canvas.drawRightString(190 * mm, 12 * mm, str(canvas.getPageNumber()))

    def date_plain(self, iso) -> str:
        return dt.date.fromisoformat(iso).strftime("%-d %B %Y")


class CouncilLayout(Sections, Layout):
    key, title = "b", "council"
    font, bold, italic = "Times-Roman", "Times-Bold", "Times-Italic"
    size = 11.5
    attendance_councils = False
    cllr = "Councillor"
    # a plain council's agenda gives the start time only (the end of a meeting not yet held is not known), so the
    # gold does not ask for the end; the previous meeting's minutes do close with theirs ("The meeting ended at")
    unprinted = ("end",)
    note_councils = False  # "Present: Councillors A, B and C"

    def date(self, iso) -> str:
        return dt.date.fromisoformat(text(iso)[:10]).strftime("%d/%m/%Y")

    def time(self, hhmm) -> str:
        return text(hhmm).split("-")[0]

    def decorate(self, canvas, doc):
        canvas.setFont(self.font, 9)
        canvas.drawCentredString(105 * mm, 10 * mm, f"- {canvas.getPageNumber()} -")

    def cover(self):
        m = self.pack.meeting
        out = [self.space(6), self.p(self.esc(self.board_title().upper()), "h1")]
        others = [self.pack.board_names[b] for b in m["boards"][1:]]
        if others:  # a joint meeting's agenda names it (the gold has every board)
            out.append(self.p(f"<b>Joint meeting with the {self.esc(' and the '.join(others))}</b>", "h3"))
        out += [self.space(2), self.p("<b>AGENDA</b>", "h2"), self.p(f"<b>Date:</b> {self.date(m['date'])}")]
        if m.get("start"):
            out.append(self.p(f"<b>Time:</b> {self.time(m['start'])}"))
        out += [self.p(f"<b>Venue:</b> {self.esc(m.get('venue'))}"), *self.next_meeting_line(), PageBreak()]
        return out

    def membership(self):
        out = [self.p(f"<b>Membership {self.pack.year}</b>", "h2")]
        for group, entries in self.groups():
            names = [f"{self.person(e['person'], title=False)} "
                     f"({', '.join(x for x in (self.role_label(e), self.council(e)) if x)})" for e in entries]
            label = f"{group}: " if group else ""
            first = self.pack.people.get(entries[0]["person"], {}) if entries else {}
            lead = "Councillors " if first.get("kind") == "councillor" else ""
            out.append(self.p(f"<b>{self.esc(label)}</b>{lead}{self.esc(', '.join(names))}."))
        return [*out, self.space()]

    def role_label(self, entry) -> str:
        role = text(entry.get("role"))
        return "" if role in ("", "Member") else role

    def agenda(self):
        out = [self.p("<b>AGENDA</b>", "h2")]
        part2 = [i for i in self.pack.items if i.get("exempt")]
        for item in [i for i in self.pack.items if not i.get("exempt")]:
            timing = f" ({self.timing(item)})" if item.get("timing") else ""
            out.append(self.p(f"{self.number(item['number'])}&nbsp;&nbsp;<b>{self.esc(item['title'])}</b>{timing}"))
        if part2:
            out.append(self.p("<b>PART 2 – EXEMPT ITEMS</b>", "h3"))
            for item in part2:
                timing = f" ({self.timing(item)})" if item.get("timing") else ""
                out.append(self.p(f"{self.number(item['number'])}&nbsp;&nbsp;<b>{self.esc(item['title'])}</b>{timing}"))
                out.append(self.p(f"<i>The public are likely to be excluded from the meeting during this item. "
                                  f"Reason: {self.esc(item['exempt'])}.</i>"))
        return [*out, PageBreak()]

    def report(self, item):
        contact = (as_list(item.get("contacts")) or [{}])[0]
        head = self.esc(contact.get("position") or "Director")
        out = [self.p(f"<b>{self.number(item['number'])} {self.esc(item['title']).upper()}</b>", "h2"),
               self.p(f"<i>Report of the {head}</i>")]
        for key, label in (("purpose", "Purpose"), ("summary", "Summary")):
            if item.get(key):
                out += [self.p(f"<b>{label}</b>", "h3"), *self.md(item[key])]
        recs = as_list(item.get("recommendations"))
        if recs:
            out.append(self.p("<b>Recommendations</b>", "h3"))
            out.append(self.p("That the Board:"))
            out += [self.p(f"({chr(97 + n)}) {self.esc(r)}", "li") for n, r in enumerate(recs)]
        if item.get("report_action"):
            out += [self.p("<b>Action</b>", "h3"), self.p(self.esc(item["report_action"]))]
        out += self.md(item.get("_body")) + self.implications(item)
        for c in as_list(item.get("contacts")):
            bits = [self.pack.name(c["person"]), c.get("position"), f"tel {c['phone']}" if c.get("phone") else "",
                    c.get("email")]
            out.append(self.p("<b>Contact:</b> " + self.esc(", ".join(b for b in bits if b)), "small"))
        return [CondPageBreak(80 * mm), *out, self.space(2)]

    def note(self, item):
        prev, pack = self.pack.prev, self.pack
        att = prev.get("attendance") or {}
        when = f" at {self.time(prev['start'])}" if prev.get("start") else ""
        out = [PageBreak(), self.p(f"<b>{self.number(item['number'])} {self.esc(item['title']).upper()}</b>", "h2"),
               self.p(f"<b>MINUTES</b> of the meeting of the {self.esc(pack.board_names[prev['boards'][0]])} held on "
                      f"{self.ordinal_date(prev['date'])}{when} at {self.esc(prev.get('venue'))}")]
        for bucket, label in (("present", "Present"), ("substitutes", "Substitutes"), ("apologies", "Apologies"),
                              ("observers", "Observers"), ("officers", "Officers"), ("guests", "Also present")):
            entries = [e if isinstance(e, dict) else {"person": e} for e in as_list(att.get(bucket))]
            if entries:
                out.append(self.p(f"<b>{label}:</b> {self.esc(self.prose_people(entries))}."))
        out += self.declarations_prose()
        for it in pack.prev_items:
            out.append(self.p(f"<b>{self.number(it['number'])} {self.esc(it['title']).upper()}</b>", "h3"))
            out += self.md(it.get("minutes"))
            for d in it.get("decisions", []):
                out.append(self.p(f"<b>RESOLVED</b> – that the Board {self.esc(d['verb'])} {self.esc(d['text'])}"))
            for a in it.get("actions", []):
                bits = [f"Owner: {self.names(a['owner'], title=False)}" if a.get("owner") else "",
                        f"by {self.date(a['due'])}" if a.get("due") else ""]
                extra = f" ({', '.join(b for b in bits if b)})" if any(bits) else ""
                out.append(self.p(f"<b>ACTION:</b> {self.esc(a['text'])}{extra}"))
        if prev.get("end"):  # real minutes close with the time the meeting ended
            out.append(self.p(f"The meeting ended at {self.time(prev['end'])}."))
        return out

    def prose_people(self, entries) -> str:
        councillors = all(self.pack.people.get(text(e.get("person")), {}).get("kind") == "councillor" for e in entries)
        names = []
        for e in entries:
            name = self.person(e["person"], title=not councillors)
            if e.get("role") and text(e["role"]) != "Member":
                name += f" ({e['role']})"
            if e.get("for"):
                name += f" (for {self.person(e['for'], title=False)})"
            names.append(name)
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return ("Councillors " if councillors and len(names) > 1 else "Councillor " if councillors else "") + joined

    def schedule(self, item):
        out = [PageBreak(), self.p(f"<b>{self.number(item['number'])} {self.esc(item['title']).upper()}</b>", "h2"),
               self.p(f"Progress on the actions agreed on {self.date(self.pack.prev['date'])}.")]
        for n, u in enumerate(item["updates"], 1):
            out.append(self.p(f"{n}. <b>{self.esc(self.action_text(u['action']))}</b>"))
            out.append(self.p(f"Progress: {self.esc(u['progress'])} Status: {self.esc(u['status'])}.", "li"))
        return out

    def exempt(self, item):
        return []


class ColumnsLayout(LgaLayout):
    key, title = "c", "columns"
    font, bold, italic = "Times-Roman", "Times-Bold", "Times-Italic"
    size = 10
    columns = 2
    hyphenate = True
    margins = (16 * mm, 16 * mm, 24 * mm, 20 * mm)

    def date(self, iso) -> str:
        return self.ordinal_date(iso)

    def time(self, hhmm) -> str:
        h, m = (int(x) for x in text(hhmm).split("-")[0].split(":"))
        suffix = "am" if h < 12 else "pm"
        return f"{(h - 1) % 12 + 1}{f'.{m:02d}' if m else ''}{suffix}"

    def number(self, n) -> str:
        return f"Item {n}"

    def decorate(self, canvas, doc):
        canvas.setFont(self.bold, 8.5)
        canvas.drawString(16 * mm, 284 * mm, self.board_title())
        canvas.drawRightString(194 * mm, 284 * mm, self.date(self.pack.meeting["date"]))
        canvas.line(16 * mm, 282 * mm, 194 * mm, 282 * mm)
        canvas.setFont(self.font, 8.5)
        canvas.drawCentredString(105 * mm, 11 * mm, f"Page {canvas.getPageNumber()} of {self.total_pages or '?'}")


class ModernGovLayout(LgaLayout):
    key, title = "d", "moderngov"
    size = 11
    cllr = "Councillor"
    margins = (25 * mm, 25 * mm, 28 * mm, 22 * mm)

    def date(self, iso) -> str:
        return dt.date.fromisoformat(text(iso)[:10]).strftime("%A, %-d %B %Y")

    def time(self, hhmm) -> str:
        return text(hhmm).split("-")[0]

    def number(self, n) -> str:
        return f"{n})"

    def decorate(self, canvas, doc):
        item = self.current(canvas)
        if item and canvas.getPageNumber() > 3:
            canvas.setFont(self.bold, 12)
            canvas.drawRightString(185 * mm, 280 * mm, f"Agenda Item {item}")
        canvas.setFont(self.font, 9)
        canvas.drawCentredString(105 * mm, 12 * mm, f"Page {canvas.getPageNumber()}")

    def membership(self):
        cells, row = [], []
        for e in self.pack.membership:
            lines = [f"<b>{self.esc(self.person(e['person']))}</b>"]
            lines += [self.esc(x) for x in (e.get("role") if text(e.get("role")) not in ("", "Member") else "",
                                            e.get("group"), self.council(e)) if x]
            row.append(self.p("<br/>".join(lines), "cell"))
            if len(row) == 3:
                cells.append(row)
                row = []
        if row:
            cells.append(row + [""] * (3 - len(row)))
        table = Table(cells, colWidths=[self.frame_width() / 3] * 3)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [self.p(f"<b>Membership of the {self.esc(self.board_title())}, {self.pack.year}</b>", "h2"), table,
                PageBreak()]

    # Modern.gov packs list the agenda and write minutes as prose, like a plain council's.
    note_councils = False
    timing_ranges = True
    agenda = CouncilLayout.agenda
    note = CouncilLayout.note
    prose_people = CouncilLayout.prose_people
    role_label = CouncilLayout.role_label

    def exempt(self, item):
        return [PageBreak(), self.space(10), self.p("<b>Document is Restricted</b>", "h1"),
                self.p(f"{self.esc(item['exempt'])}", "center"), PageBreak()]


LAYOUTS = {cls.key: cls for cls in (LgaLayout, CouncilLayout, ColumnsLayout, ModernGovLayout)}
