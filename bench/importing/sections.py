"""The sections of an LGA-like pack (layout a, and the default of the others): cover, membership list, agenda table,
report front sheet and body, the previous meeting's note as tables, the action monitor schedule."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import PageBreak, Table, TableStyle

from .content import as_list, text
from .layout import sentence
from .mdflow import blocks

GRID = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]


class Sections:
    def cover(self):
        m, pack = self.meeting_fields(), self.pack
        boards = [pack.board_names[b] for b in m["boards"]]
        out = [self.space(4), self.p(self.esc(boards[0]), "h1"), self.p("<b>Agenda</b>", "h2")]
        if len(boards) > 1:
            out.append(self.p(f"<b>Joint Meeting with the {self.esc(' and the '.join(boards[1:]))}</b>", "h3"))
        out += [self.space(), self.p(self.date(m["date"]))]
        if m.get("start"):
            out.append(self.p(self.when(m)))
        out += [self.space()] + [self.p(self.esc(line.strip())) for line in text(m.get("venue")).split(",")]
        out += [self.space(), self.p(f"<b>To:</b> Members of the {self.esc(boards[0])}")]
        out += [*self.next_meeting_line(), PageBreak()]
        return out

    def meeting_fields(self) -> dict:
        return self.pack.meeting

    def next_meeting_line(self) -> list:
        nxt = text(self.pack.meeting.get("next_meeting"))[:10]
        if len(nxt) == 10 and nxt[4] == "-":
            return [self.p(f"<b>Date of next meeting:</b> {self.date(nxt)}")]
        return []

    def groups(self) -> list[tuple[str, list[dict]]]:
        out: dict[str, list[dict]] = {}
        for e in self.pack.membership:
            group = text(e.get("group")) or ("Observers" if text(e.get("role")) == "Observer" else "")
            out.setdefault(group, []).append(e)
        return list(out.items())

    def membership(self):
        rows = [["Councillor", "Authority"]]
        style = list(GRID)
        for group, entries in self.groups():
            counted = [e for e in entries if text(e.get("role")) not in ("Substitute", "Observer")]
            count = f" ({len(counted)})" if counted and group != "Observers" else ""
            rows.append([f"<b>{self.esc(group)}{count}</b>", ""])
            subs = False
            for e in entries:
                if text(e.get("role")) == "Substitute" and not subs:
                    rows.append(["<b>Substitutes:</b>", ""])
                    subs = True
                role = text(e.get("role"))
                label = f" [{role}]" if role not in ("", "Member", "Substitute", "Observer") else ""
                rows.append([self.esc(self.person(e["person"], title=False)) + label, self.esc(self.council(e))])
        cells = [[self.p(c, "cell") for c in r] for r in rows]
        table = Table(cells, colWidths=[self.frame_width() * 0.6, self.frame_width() * 0.4], repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(style))
        return [self.p(f"<b>{self.esc(self.board_title())} - Membership {self.pack.year}</b>", "h2"), table,
                PageBreak()]

    def agenda(self):
        m = self.pack.meeting
        out = [self.p(f"<b>{self.esc(self.meeting_heading())}</b>", "h2"),
               self.p(f"{self.date(m['date'])}{', ' + self.time(m['start']) if m.get('start') else ''}"),
               self.p(self.esc(m.get("venue"))), self.space()]
        rows = [["Item", "Timing", "Page"]]
        for item in self.pack.items:
            title = f"<b>{self.number(item['number'])} {self.esc(item['title'])}</b>"
            if item.get("exempt"):
                title += f"<br/><i>Confidential: {self.esc(item['exempt'])}</i>"
            rows.append([title, self.timing(item) if item.get("timing") else "", self.page_of(item["number"])])
        width = self.frame_width()
        table = Table([[self.p(c, "cell") for c in r] for r in rows],
                      colWidths=[width * 0.7, width * 0.15, width * 0.15])
        table.setStyle(TableStyle(GRID))
        return [*out, table, PageBreak()]

    def report(self, item):
        box = [[self.p("<b>Purpose of report</b>", "h3")]]
        box += [[f] for f in self.md(item.get("purpose"))]
        if item.get("summary"):
            box += [[self.p("<b>Summary</b>", "h3")]] + [[f] for f in self.md(item["summary"])]
        recs = as_list(item.get("recommendations"))
        if recs:
            box.append([self.p(f"<b>Recommendation{'s' if len(recs) > 1 else ''}</b>", "h3")])
            if len(recs) == 1:
                box.append([self.p(self.esc(recs[0]))])
            else:
                box += [[self.p(self.esc(r), "li")] for r in recs]
                for n, row in enumerate(box[-len(recs):], 1):
                    row[0].bulletText = f"{n}."
        if item.get("report_action"):
            box += [[self.p("<b>Action</b>", "h3")], [self.p(self.esc(item["report_action"]))]]
        contacts = [c for c in as_list(item.get("contacts")) if isinstance(c, dict)]
        if contacts:
            def joined(key):
                return " / ".join(text(c.get(key)) for c in contacts if c.get(key))
            names = " / ".join(self.pack.name(c["person"]) for c in contacts)
            box.append([self.p(f"<b>Contact officer:</b> {self.esc(names)}<br/>"
                               f"<b>Position:</b> {self.esc(joined('position'))}<br/><b>Phone no:</b> "
                               f"{self.esc(joined('phone'))}<br/><b>E-mail:</b> {self.esc(joined('email'))}")])
        front = Table(box, colWidths=[self.frame_width()])
        front.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
        out = [PageBreak(), self.p(f"<b>{self.esc(item['title'])}</b>", "h2"), front]
        if item.get("_body"):
            out += [PageBreak(), self.p(f"<b>{self.esc(item['title'])}</b>", "h2"), *self.md(item["_body"])]
        return out + self.implications(item)

    def implications(self, item) -> list:
        out = []
        for key, label in (("financial_implications", "Financial Implications"),
                           ("wales_implications", "Implications for Wales")):
            if item.get(key):
                out += [self.p(f"<b>{label}</b>", "h3"), *self.md(item[key])]
        return out

    def exempt(self, item):
        heading = f"<b>{self.number(item['number'])} {self.esc(item['title'])}</b>"
        return [PageBreak(), self.space(8), self.p(heading, "h2"),
                self.p(f"<b>Not for publication</b> by virtue of {self.esc(item['exempt'])}."), PageBreak()]

    def note(self, item):
        prev, pack = self.pack.prev, self.pack
        board = pack.board_names[prev["boards"][0]]
        out = [PageBreak(), self.p("<b>Note of decisions taken and actions required</b>", "h2"),
               self.p(f"<b>Title:</b> {self.esc(board)}<br/><b>Date:</b> {self.date(prev['date'])}"
                      + (f"<br/><b>Time:</b> {self.when(prev)}" if prev.get("start") else "")
                      + f"<br/><b>Venue:</b> {self.esc(prev.get('venue'))}"), self.space(),
               self.p("<b>Attendance</b>", "h3")]
        out += [self.attendance_table(), *self.declarations_prose()]
        rows = [["Item", "Decisions and actions", "Action by"]]
        for it in pack.prev_items:
            parts = [f"<b>{self.esc(it['title'])}</b>"]
            parts += [self.esc(b[1]) if b[0] != "li" else "• " + self.esc(b[1][2])
                      for b in blocks(it.get("minutes"))
                      if b[0] in ("p", "li")]
            owners = []
            for d in it.get("decisions", []):
                parts += ["<b><u>Decision</u></b>",
                          f"<i>The Board <b>{self.esc(d['verb'])}</b> {self.esc(d['text'])}</i>"]
            for a in it.get("actions", []):
                due = f" (by {self.date(a['due'])})" if a.get("due") else ""
                parts += ["<b><u>Action</u></b>", f"{self.esc(sentence(a['text']))}{due}"]
                owners.append(self.names(a.get("owner"), title=False) if a.get("owner") else "")
            rows.append([self.esc(it["number"]), "<br/><br/>".join(parts), "<br/><br/>".join(o for o in owners if o)])
        width = self.frame_width()
        table = Table([[self.p(c, "cell") for c in r] for r in rows],
                      colWidths=[width * 0.1, width * 0.68, width * 0.22], repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(GRID))
        return [*out, self.space(), table]

    def attendance_table(self):
        att = self.pack.prev.get("attendance") or {}
        rows = [["Position", "Councillor", "Council / Representing"]]
        labels = {"substitutes": "Substitutes", "apologies": "Apologies", "observers": "Observers/Other attendees",
                  "officers": "Officers", "guests": "Guests"}
        for bucket in ("present", "substitutes", "apologies", "observers", "officers", "guests"):
            first = True
            for e in as_list(att.get(bucket)):
                e = e if isinstance(e, dict) else {"person": e}
                person = self.pack.people.get(text(e["person"]), {})
                label = labels.get(bucket, "Members") if first else ""
                if bucket == "present":
                    label = text(e.get("role")) or ("Members" if first or label else "")
                    first = first and bool(e.get("role"))
                else:
                    first = False
                name = self.person(e["person"], title=False)
                if e.get("for"):
                    name += f" (for {self.person(e['for'], title=False)})"
                where = text(e.get("council") or person.get("council")) if self.attendance_councils else ""
                rows.append([label, self.esc(name), self.esc(where)])
        width = self.frame_width()
        table = Table([[self.p(c, "cell") for c in r] for r in rows], colWidths=[width * 0.3, width * 0.4, width * 0.3])
        table.setStyle(TableStyle([*GRID, ("FONTSIZE", (0, 0), (-1, -1), 9)]))
        return table

    def declarations_prose(self) -> list:
        out = []
        for d in self.pack.prev.get("declarations", []):
            item = f" in Item {d['item']}" if d.get("item") else ""
            out.append(self.p(f"{self.esc(self.person(d['person']))} declared an interest{item} as "
                              f"{self.esc(text(d.get('interest'))[:1].lower() + text(d.get('interest'))[1:])}."))
        return out

    def action_text(self, action_id) -> str:
        for it in self.pack.prev_items:
            for a in it.get("actions", []):
                if a["id"] == action_id:
                    return text(a["text"])
        return text(action_id)

    def schedule(self, item):
        prev = self.pack.prev
        out = [PageBreak(), self.p("<b>Action Monitor Schedule</b>", "h2"),
               self.p(f"<b>Title:</b> {self.esc(self.pack.board_names[prev['boards'][0]])}<br/>"
                      f"<b>Date:</b> {self.date(prev['date'])}<br/><b>Venue:</b> {self.esc(prev.get('venue'))}")]
        rows = [["Item", "Action", "Progress", "Status"]]
        for n, u in enumerate(item["updates"], 1):
            rows.append([str(n), self.esc(self.action_text(u["action"])), self.esc(u["progress"]),
                         self.esc(text(u["status"]).capitalize())])
        width = self.frame_width()
        table = Table([[self.p(c, "cell") for c in r] for r in rows],
                      colWidths=[width * 0.08, width * 0.4, width * 0.37, width * 0.15], repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(GRID))
        return [*out, table]

