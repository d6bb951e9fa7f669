"""Two markdown converters' extracts, after the seeds (../shared/seeds/000_*.txt and 001_*.txt, 002_*.txt).

x  like seed 000: `#`/`##` headings, `**bold**` labels, the membership list and the attendance sheet as tab-separated
   rows with `<b>Conservative (8)</b>` group rows and `[Chair]` roles, the agenda as a tab table or a pipe table
   whose header begins with an empty cell, report front sheets (`### **Purpose of report**`), "**Item 2**" marks
   at the top of every page of a paper, the note's first items as `<p>` cells of a tab table and the rest as prose
   ("**3 Creative Councils Update**", "**Decision**", "*The Board **noted** the report.*", the owner on a line of
   its own), the action monitor schedule as tab rows.
y  like seeds 001 and 002: plain headings, bold lines for sub-headings, the note's attendance as a pipe table whose
   first row fuses Title, date and venue and whose cells fuse several people ("Cllr A Cllr B Philip C"), items as
   "3. Title", "Decisions" / "That the Board:" / "- i. **Endorsed** ...", an action's owner at the end of its
   line, the logo read as text between pages and a running head with the next meeting's date.
"""

from __future__ import annotations

from .content import as_list, text
from .extract_base import Writer, has_paper, no_paper_line, sentence
from .extract_doc import page_ref
from .mdflow import blocks

NARRATIVE = {"agreed", "approved", "endorsed", "accepted"}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
LABELS = {"substitutes": "Substitutes", "apologies": "Apologies", "observers": "Observers/Other attendees",
          "officers": "LGA Officers", "guests": "Guests"}


class MarkdownWriter(Writer):
    heading = "### **{}**"

    def body(self, markdown, weight: float = 1.0) -> None:
        """Our markdown as this converter prints it: a paragraph on one line, list items line by line."""
        in_list = False
        for kind, value in blocks(text(markdown)):
            if kind != "li" and in_list:
                self.doc.blank()
                in_list = False
            if kind == "h":
                self.para(self.heading.format(value[1]) if value[0] <= 2 else f"**{value[1]}**")
            elif kind == "p":
                self.para(self.noise.prose(value, weight))
            elif kind == "li":
                depth, marker, words = value
                self.add("  " * depth + f"{marker} {self.noise.prose(words, weight)}")
                in_list = True
            elif kind == "table":
                self.table(value)
        if in_list:
            self.doc.blank()

    def table(self, rows: list[list[str]]) -> None:
        width = max(len(r) for r in rows)
        self.add(*["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows[:1]],
                 "|" + "---|" * width, *["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows[1:]])
        self.doc.blank()

    def front_sheet(self, item: dict, action_label: str) -> None:
        self.para(f"## **{self.noise.title(text(item['title']))}**")
        if item.get("purpose"):
            self.para(self.heading.format("Purpose of report"), self.noise.prose(text(item["purpose"]), 0.3))
        if item.get("summary"):
            self.para(self.heading.format("Summary"))
            self.body(item["summary"])
        recs = item.get("recommendations")
        if recs:
            many = isinstance(recs, list) and len(recs) > 1
            self.para(self.heading.format("Recommendations" if many else "Recommendation"))
            if isinstance(recs, list) and many:
                if self.rng.random() < 0.5:
                    self.para(self.pick("The Board is asked to:", "Members are asked to:"))
                self.add(*[f"{n}. {r}" for n, r in enumerate(recs, 1)])
                self.doc.blank()
            else:
                self.para(" ".join(as_list(recs)))
        if item.get("report_action"):
            self.para(action_label, text(item["report_action"]))
        contacts = [c for c in as_list(item.get("contacts")) if isinstance(c, dict)]
        if contacts:
            def joined(key, sep=" / "):
                return sep.join(text(c.get(key)) for c in contacts if c.get(key))
            mails = [self.noise.email(text(c["email"])) if self.rng.random() < 0.5 else
                     f"[{c['email']}](mailto:{c['email']})" for c in contacts if c.get("email")]
            label = "Contact officers" if len(contacts) > 1 and self.rng.random() < 0.5 else "Contact officer"
            self.add(f"**{label}:** {'/'.join(self.who(c['person']) for c in contacts)}  ",
                     f"**Position:** {joined('position', '/')}  ", f"**Phone no:** {joined('phone')}  ",
                     f"**E-mail:** {' / '.join(mails)}")
            self.doc.blank()

    def implications(self, item: dict) -> None:
        for key, label in (("financial_implications", "Financial Implications"),
                           ("wales_implications", "Implications for Wales")):
            if item.get(key):
                self.para(self.heading.format(label))
                self.body(item[key])

    def action_lines(self) -> dict[str, tuple[str, str]]:
        """action id -> (the title of the item that raised it, its text)."""
        return {a["id"]: (text(i["title"]), text(a["text"])) for i in self.pack.prev_items
                for a in i.get("actions", [])}

    def owners(self, action: dict) -> str:
        return "/".join(self.who(o, honours=False, noisy=True) for o in as_list(action.get("owner")))


class SeedPackWriter(MarkdownWriter):
    key, title = "x", "markdown extract like seed 000"
    mark_weight = 0.3

    def setup(self):
        self.date_style, self.time_style = self.pick("long", "long1"), self.pick("dot", "short")
        self.agenda_kind = self.pick("pipe", "tab")
        self.fused_sheet = self.rng.random() < 0.4
        self.table_items = self.rng.randint(0, 2)
        self.action_label = self.pick("### **Action**", "Action")  # printed plain, it is easily taken for text
        self.restricted_page = self.rng.random() < 0.5

    def cover(self):
        m, d = self.pack.meeting, self.doc
        d.page("cover")
        for line in self.noise.logo():
            self.para(line)
        self.para(f"# {self.board()}", "## Agenda")
        others = [self.board(b) for b in m["boards"][1:]]
        if others:
            self.para(f"### Joint Meeting with the {' and the '.join(others)}")
        self.add(f"{self.date(m['date'], self.date_style)}  ", self.when(m, self.time_style, " - ") or "")
        d.blank()
        self.add(*[part.strip() + "  " for part in text(m.get("venue")).split(",")])
        d.blank()
        self.add(f"**To:** Members of the {self.board()}  ", "**cc:** Named officers for briefing purposes")
        d.page("filler")
        self.para(f"## **{self.board()}**", self.date(m["date"], "plain"), "---")
        when = f" at {self.time(m['start'], 'short')}" if m.get("start") else ""
        day = self.noise.sup(self.date(m["date"], self.pick("long1", "ordinal")))
        self.para(f"The **{self.board()}** meeting will be held on **{day}{when}**, in {m.get('venue')}.")
        if m.get("start") and m.get("end"):
            self.para(f"The meeting will be held from {self.when(m, 'short')}.")
        self.para("### **Apologies**", "Please notify your political group office (see contact telephone numbers "
                  "below) if you are unable to attend this meeting, so that a substitute can be arranged.")
        for n, group in enumerate(("Labour", "Conservative", "Liberal Democrat", "Independent")):
            mail = f"{group.split()[0].lower()}.group@example.org"
            self.add(f"**{group}:** Group Office: 020 7664 32{35 + n} email: [{mail}](mailto:{mail})  ")
        d.blank()
        if text(m.get("next_meeting"))[:4].isdigit():
            self.para("### **Date of next meeting**", self.date(m["next_meeting"], "long1"))

    def membership(self):
        self.doc.page("membership")
        y1, y2 = self.pack.year.split("/")
        self.para(f"## {self.board()}", f"Date: {self.date(self.pack.meeting['date'], 'dots')}", "---",
                  f"### {self.board()} - Membership {y1}/{y1[:2]}{y2}")
        self.add("Councillor\tAuthority")
        for group, members, subs in self.groups():
            if group == "Observers":
                self.add("", "<b>Observers</b>\t")
                self.add(*[f"<b><i>{self.who(e['person'])}</i></b>\t" + (f"<b><i>{self.council(e)}</i></b>"
                                                                        if self.council(e) else "") for e in members])
                continue
            if group:
                self.add(f"<b>{group} ({len(members)})</b>\t")
            for e in members:
                role = f" [{self.role(e)}]" if self.role(e) else ""
                self.add(f"{self.who(e['person'])}{role}\t{self.council(e)}")
            if subs:
                self.add(f"<b>Substitute{'s' if len(subs) > 1 else ''}:</b>\t")
                self.add(*[f"{self.who(e['person'])}\t{self.council(e)}" for e in subs])
        self.doc.blank()

    def sheet(self):
        self.doc.page("sheet")
        y1, y2 = self.pack.year.split("/")
        self.para(f"## LGA {self.board()} Attendance {y1}-{y1[:2]}{y2}")
        self.add(f"Councillors\t{self.date(self.pack.prev['date'], 'dots')}" + "\t" * 5)
        group = None
        for g, pid, yes in self.sheet_rows():
            label = "" if not g else "<b>Substitutes</b>" if g == "Substitutes" else f"<b>{g} Group</b>"
            row = f"{self.who(pid, noisy=True)}\t{yes}" + "\t" * 5
            if g != group and label:
                if self.fused_sheet and g != "Substitutes":
                    row = f"{label} {row}"
                else:
                    self.add(label + "\t" * 6)
            group = g
            self.add(*([row, row] if self.noise.dup_row(row) else [row]))
        self.doc.blank()

    def agenda(self):
        m, d = self.pack.meeting, self.doc
        d.page("agenda")
        heading = self.board() + "".join(f" and {self.board(b)}" for b in m["boards"][1:])
        self.para("---", f"**{heading}{' – Joint Meeting' if len(m['boards']) > 1 else ''}**",
                  self.date(m["date"], "long1"), self.when(m, "short"), text(m.get("venue")), "---")
        pipe = self.agenda_kind == "pipe"
        header = self.pick(["", "Item", "Timing", "Page"], ["", "Title", "Timing", "Page"]) if pipe else \
            ["Item", "Timing", "Page"]
        self.add(self.row(header, pipe))
        if pipe:
            self.add("|" + "---|" * len(header))
        lunch = self.rng.randint(2, max(2, len(self.pack.items) - 1))
        for n, item in enumerate(self.pack.items, 1):
            number, title = text(item["number"]), text(item["title"])
            if self.part2(item) == "section":
                label = self.pick("PART 2: CONFIDENTIAL", "SECTION 2: CONFIDENTIAL ITEMS", "Part 2 – Exempt items")
                self.add(self.row(["", f"**{label}**", "", ""] if pipe else [f"<b>{label}</b>", "", ""], pipe))
            elif self.part2(item) == "row":
                title += " (confidential)"
            timing = self.timing(item, "colon")
            paper = has_paper(item) or number in (self.pack.note_item, self.pack.schedule_item) or (
                item.get("exempt") and self.restricted_page)
            page = page_ref(number) if paper else ""
            under, after = no_paper_line(item), ""
            if under and len(under) < 100 and "\n" not in under and not item.get("purpose"):
                title, under, after = f"{title}:", "", f" {under}"  # "Date of Next Meeting: Tuesday ..."
            if pipe:
                self.add(self.row([f"{number}.", f"**{title}**{after}", timing, page], True))
            else:
                self.add(self.row([f"<b>{number}. {title}</b>{after}", f"<b>{timing}</b>" if timing else "", page],
                                  False))
            reason = f"Not for publication: {item['exempt']}" if item.get("exempt") else ""
            for extra in (under, reason):
                if extra:
                    self.add(self.row(["", " ".join(extra.split()), "", ""] if pipe else [" ".join(extra.split()),
                                                                                          "", ""], pipe))
            if n == lunch and self.rng.random() < 0.5:
                self.add(self.row(["", "**Lunch**", "12:30", ""] if pipe else ["<b>Lunch</b>", "<b>12:30</b>", ""],
                                  pipe))
        d.blank()

    @staticmethod
    def row(cells: list[str], pipe: bool) -> str:
        return "| " + " | ".join(cells) + " |" if pipe else "\t".join(cells)

    def report(self, item):
        self.doc.page("report", text(item["number"]))
        self.front_sheet(item, self.action_label)
        if item.get("_body"):
            self.doc.next_page()
            self.para(f"## {self.noise.title(text(item['title']))}")
            self.body(item["_body"])
        self.implications(item)

    def exempt(self, item):
        if self.restricted_page:
            self.doc.page("restricted", text(item["number"]))
            self.para(f"## **{item['title']}**", f"**Not for publication** by virtue of {item['exempt']}.")

    def note(self, item):
        prev, d = self.pack.prev, self.doc
        d.page("note", text(item["number"]))
        self.para("**Note of decisions taken and actions required**", "---", f"**Title:** {self.prev_board()}",
                  f"**Date:** {self.date(prev['date'], 'long1')}")
        if prev.get("start"):
            self.para(f"**Time:** {self.when(prev, 'spaced')}")
        self.para(f"**Venue:** {prev.get('venue')}", "---", "**Attendance**")
        self.add("<b>Position</b>\t<b>Councillor</b>\t<b>Council / Representing</b>")
        officers_row = self.rng.random() < 0.6
        last = None
        for bucket, e in self.attendance():
            if bucket == "officers" and officers_row:
                if last != "officers":
                    names = [self.who(o["person"]) for b, o in self.attendance() if b == "officers"]
                    self.add(f"LGA Officers\t{', '.join(names)}\t")
                last = bucket
                continue
            label = (self.role(e) or ("Members" if last != "members" else "")) if bucket == "present" else \
                (LABELS[bucket] if bucket != last else "")
            last = "members" if bucket == "present" and not self.role(e) else bucket
            title = bucket in ("observers", "guests")  # councillors of other bodies keep their "Cllr"
            name = self.who(e["person"], title=title, noisy=True) + (f" (for {self.who(e['for'])})" if e.get("for")
                                                                     else "")
            row = f"{label}\t{name}\t{self.council(e)}"
            self.add(*([row, row] if self.noise.dup_row(row) else [row]))
        d.blank()
        for line in self.declarations():
            self.para(self.noise.prose(line, 0.5))
        items = self.pack.prev_items
        if self.table_items:
            self.add("Item\tDecisions and actions\tAction by")
            for it in items[:self.table_items]:
                self.table_item(it)
            d.blank()
        for it in items[self.table_items:]:
            self.prose_item(it)

    def table_item(self, it: dict) -> None:
        cells = [f"<p><b>{it['title']}</b></p>"] + [f"<p>{self.noise.prose(v if k == 'p' else '• ' + v[2])}</p>"
                                                      for k, v in blocks(text(it.get("minutes"))) if k in ("p", "li")]
        self.add(f"{it['number']}\t{' '.join(cells)}\t")
        for a in it.get("actions", []):
            due = f" (by {self.date(a['due'], 'long1')})" if a.get("due") else ""
            self.add(f"\t<p><b><u>Action</u></b></p> <p>{sentence(a['text'])}{due}</p>\t{self.owners(a)}")
        for dc in it.get("decisions", []):
            self.add(f"\t<p><b><u>Decision</u></b></p> <p><i>The Board <b>{dc['verb']}</b> {dc['text']}</i></p>\t")

    def prose_item(self, it: dict) -> None:
        self.para(f"**{it['number']} {it['title']}**")
        self.body(it.get("minutes"))
        labelled = []
        for dc in it.get("decisions", []):
            if text(dc["verb"]) in NARRATIVE and self.rng.random() < 0.3:
                self.para(f"The Board {dc['verb']} {self.noise.prose(text(dc['text']), 0.3)}")
            else:
                labelled.append(dc)
        if labelled:
            self.para("**Decisions**" if len(labelled) > 1 else "**Decision**")
            for dc in labelled:
                line = f"*The Board **{dc['verb']}** {self.noise.prose(text(dc['text']), 0.3)}*"
                self.doc.cut(line) if self.noise.cut(line) else self.add(line)
                self.doc.blank()
        actions = it.get("actions", [])
        if actions:
            self.para("**Action**")
            owners = {self.owners(a) for a in actions}
            for a in actions:
                due = f" (by {self.date(a['due'], 'long1')})" if a.get("due") else ""
                self.para(f"{sentence(a['text'])}{due}")
                if len(owners) > 1 and a.get("owner"):
                    self.para(self.owners(a))
            if len(owners) == 1 and actions[0].get("owner"):
                self.para(owners.pop())

    def schedule(self, item):
        self.doc.page("schedule", text(item["number"]))
        prev = self.pack.prev
        self.para("## Action Monitor Schedule", "---")
        self.add(f"**Title:** {self.prev_board()}  ", f"**Date:** {self.date(prev['date'], 'comma')}  ",
                 f"**Venue:** {prev.get('venue')}")
        self.doc.blank()
        self.add("Item\tAction\tProgress\tStatus")
        lines = self.action_lines()
        for n, u in enumerate(item["updates"], 1):
            title, words = lines.get(u["action"], ("", u["action"]))
            self.add(f"{n}\t<b>{title}</b>  {words}\t{self.noise.prose(text(u['progress']), 0.5)}\t"
                     f"{text(u['status']).capitalize()}")
        self.doc.blank()

    def back(self):
        self.doc.page("filler")
        self.para("# Location map", "## Local Government House", "Smith Square  \nLondon SW1P 3HZ",
                  "Tel: 020 7664 3131", "Fax: 020 7664 3030", "Email: [info@example.org](mailto:info@example.org)")

    def furniture(self, page, n, total):
        if not page.item:
            return [], [], []
        mark = [self.pick("**Item {}**", "## **Item {}**", "**Item {}**", "Item {}").format(page.item), ""]
        foot = ["", self.date(self.pack.meeting["date"], "plain")] if self.rng.random() < 0.3 else []
        return mark, [], foot
