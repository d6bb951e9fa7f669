"""Style z: plain text as a plain converter prints a Modern.gov pack (pdftotext without -layout, or a copy from a
PDF reader): pages separated by form feeds, a running head and a "Page N" footer on every page, lines wrapped at the
page width with long words hyphenated at line ends, "Agenda Item 5b" stamped at the top of a paper's first page,
"Document is Restricted" pages for the exempt item, members with their role, group and council on the lines under
the name, substitutes continuing over a page break, an attendance sheet of Yes/No columns (group headings fused
into the first name), the minutes' attendance as prose or as an appendix table pasted line by line, decisions as
"RESOLVED – that ..." or in the narrative.
"""

from __future__ import annotations

import re

from .content import as_list, text
from .extract_base import Writer, has_paper, lower_first, no_paper_line, sentence
from .extract_doc import page_ref, wrap
from .mdflow import blocks

_MARKUP = [(re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
           (re.compile(r"\*\*\*?([^*]+?)\*?\*\*"), r"\1"),  # bold
           (re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)\*(?![\w*])"), r"\1"),  # italic
           (re.compile(r"<([^>\s]+@[^>\s]+|https?:[^>\s]+)>"), r"\1")]  # <autolinks>


def plain(value) -> str:
    s = " ".join(text(value).split())
    for pattern, repl in _MARKUP:
        s = pattern.sub(repl, s)
    return s


class PlainWriter(Writer):
    key, title = "z", "plain text with form feeds, Modern.gov-like"
    capacity = 52

    def setup(self):
        self.width = self.rng.randint(78, 92)
        self.doc.width = self.width
        self.separator = self.pick("\n\f", "\n\n\f", "\n\n---\n\n")  # pdftotext ends a page with \f
        self.date_style, self.time_style = self.pick("comma", "ordinal"), self.pick("spaced", "dot")
        self.numbering = self.pick("{}", "{}", "{} ({})", "{}({})")  # 5a, 5 (a), 5(a)
        self.group_lines = self.rng.random() < 0.5  # the group under each name, else group headings
        self.fused_sheet = self.rng.random() < 0.6
        self.attendance_appendix = self.rng.random() < 0.4
        self.head = self.pick("{board} - {date}", "{board}", "{date}  {board}")
        self.foot = self.pick("Page {n}", "Page {n} of {total}", "{n}", "- {n} -")
        self.hyphenate = 0.35

    def gold_person(self, pid: str, person: dict) -> dict:
        """Minutes whose attendance is prose ('Present: Councillors A, B and C') print no council for a councillor
        off the membership list: the gold does not ask for one (an appendix table prints it)."""
        if self.attendance_appendix or pid in {e["person"] for e in self.pack.membership}:
            return person
        return {k: v for k, v in person.items() if k != "council"}

    def number(self, n) -> str:
        m = re.fullmatch(r"(\d+)([a-z])", text(n))
        return self.numbering.format(*m.groups()) if m and "(" in self.numbering else text(n)

    def lines(self, words, indent: str = "", first: str = "", hyphenate: bool = True) -> list[str]:
        return wrap(words, self.width, self.rng, indent, first, self.hyphenate if hyphenate else 0.0)

    def text_block(self, words, indent: str = "", first: str = "", noise: float = 1.0) -> None:
        words = self.noise.prose(plain(words), noise) if noise else plain(words)
        self.add(*self.lines(words, indent, first), split=False)

    def body(self, markdown, noise: float = 1.0) -> None:
        for kind, value in blocks(text(markdown)):
            if kind == "h":
                self.doc.blank()
                self.add(plain(value[1]).upper() if value[0] <= 2 and self.rng.random() < 0.3 else plain(value[1]))
            elif kind == "p":
                self.text_block(value, noise=noise)
                self.doc.blank()
            elif kind == "li":
                depth, marker, words = value
                bullet = "•" if marker in "-*+" else marker
                pad = "    " * depth
                self.text_block(words, pad + " " * (len(bullet) + 2), f"{pad}{bullet}  ", noise)
            elif kind == "table":
                cols = max(len(r) for r in value)
                widths = [max(len(plain(r[c])) if c < len(r) else 0 for r in value) for c in range(cols)]
                for r in value:
                    self.add("  ".join(plain(c).ljust(w) for c, w in zip(r, widths, strict=False)).rstrip())
                self.doc.blank()

    def cover(self):
        m, d = self.pack.meeting, self.doc
        d.page("cover")
        self.add("Public Document Pack", "", *self.noise.logo(), "")
        self.add(self.board().upper(), "")
        for b in m["boards"][1:]:
            self.add(f"Joint meeting with the {self.board(b)}", "")
        self.add(f"Date:     {self.date(m['date'], self.date_style)}")
        if m.get("start"):
            self.add(f"Time:     {self.when(m, self.time_style, ' - ')}")
        self.add(f"Venue:    {m.get('venue')}", "", "Contact:  Democratic Services, 020 7664 3000, "
                 "democratic.services@example.org", "")
        if text(m.get("next_meeting"))[:4].isdigit():
            self.add(f"Date of next meeting: {self.date(m['next_meeting'], self.date_style)}")

    def membership(self):
        d = self.doc
        d.page("membership")
        self.add(f"Membership of the {self.board()} {self.pack.year}", "")
        groups = self.groups()
        if self.group_lines:  # every member with the group under the name; all substitutes after them
            groups = [("", [e for g, ms, _ in groups if g != "Observers" for e in ms],
                       [e for g, _, subs in groups for e in subs])] + [g for g in groups if g[0] == "Observers"]
        broke = False
        for group, members, subs in groups:
            if group:
                self.add(f"{group} Group" if group != "Observers" else "Observers", "")
            for e in members:
                self.member(e)
            if subs:
                self.add(f"{group} substitutes:" if group else "Substitutes:")
                for n, e in enumerate(subs):
                    if not broke and len(subs) >= 2 and n == len(subs) // 2 and self.rng.random() < 0.7:
                        d.next_page()  # a list of substitutes that goes on over the page
                        broke = True
                    self.member(e)
            d.blank()

    def member(self, e: dict) -> None:
        lines = [self.who(e["person"], title=True, cllr="Councillor")]
        if self.role(e):
            lines.append(self.role(e))
        if self.group_lines and e.get("group"):
            lines.append(text(e["group"]))
        if self.council(e):
            lines.append(self.council(e))
        self.add(*lines, "", split=False)

    def sheet(self):
        self.doc.page("sheet")
        when = self.date(self.pack.prev["date"], "dots")
        self.add(f"Attendance Record {self.pack.year}", "", f"{'Councillor':<34}{when}")
        group = None
        for g, pid, yes in self.sheet_rows():
            label = g if g == "Substitutes" else f"{g} Group" if g else ""
            name = self.who(pid, noisy=True)
            if g != group and label:
                if self.fused_sheet and g != "Substitutes":
                    name = f"{label} {name}"
                else:
                    self.add(label)
            group = g
            row = f"{name:<34}{yes}"
            self.add(*([row, row] if self.noise.dup_row(row) else [row]))

    def agenda(self):
        d = self.doc
        d.page("agenda")
        self.add("AGENDA", "")
        for item in self.pack.items:
            number = text(item["number"])
            if self.part2(item) == "section":
                self.add("PART 2 - EXEMPT ITEMS", "")
                self.text_block("The Board is asked to resolve that the public be excluded from the meeting for the "
                                "following item of business on the grounds that it involves the likely disclosure "
                                "of exempt information.", "", "", 0)
                d.blank()
            paper = has_paper(item) or number in (self.pack.note_item, self.pack.schedule_item) or item.get("exempt")
            pages = f"(Pages {page_ref(number)} - {page_ref(number, 'last')})" if paper else ""
            label = f"{self.number(number) + '.':<6}"
            exempt = " (Exempt)" if self.part2(item) == "row" else ""
            self.add(*self.lines(f"{item['title']}{exempt} {pages}".strip(), " " * 6, label, hyphenate=False))
            extra = [no_paper_line(item), f"Reason: {item['exempt']}" if item.get("exempt") else "",
                     self.timing(item, self.time_style)]
            for words in extra:
                if words:
                    self.add(*self.lines(words, " " * 6, " " * 6, hyphenate=False))
            d.blank()

    def report(self, item):
        d = self.doc
        d.page("report", text(item["number"]))
        contact = (as_list(item.get("contacts")) or [{}])[0]
        title = self.noise.title(text(item["title"]))
        self.add(title.upper() if self.rng.random() < 0.5 else title, "")
        if isinstance(contact, dict) and contact.get("position"):
            self.add(f"Report of the {contact['position']}", "")
        for key, label in (("purpose", "Purpose of report"), ("summary", "Summary")):
            if item.get(key):
                self.add(label)
                self.body(item[key])
        recs = item.get("recommendations")
        if recs:
            self.add("Recommendations" if isinstance(recs, list) and len(recs) > 1 else "Recommendation",
                     "That the Board:")
            for n, r in enumerate(as_list(recs)):
                self.text_block(r, "    ", f"({chr(97 + n)}) ", 0)
            d.blank()
        if item.get("report_action"):
            self.add("Action")
            self.text_block(item["report_action"], noise=0)
            d.blank()
        for c in as_list(item.get("contacts")):
            if isinstance(c, dict):
                self.add(f"Contact officer: {self.who(c['person'])}", f"Position: {c.get('position', '')}",
                         f"Phone no: {c.get('phone', '')}", f"E-mail: {c.get('email', '')}", "")
        if item.get("_body"):
            d.next_page()
            self.body(item["_body"])
        for key, label in (("financial_implications", "Financial Implications"),
                           ("wales_implications", "Implications for Wales")):
            if item.get(key):
                self.add(label)
                self.body(item[key])

    def exempt(self, item):
        self.doc.page("restricted", text(item["number"]))
        self.add("Document is Restricted")
        for _ in range(self.rng.randint(0, 2)):
            self.doc.next_page()
            self.add("Document is Restricted")

    def note(self, item):
        prev, d = self.pack.prev, self.doc
        d.page("note", text(item["number"]))
        when = f" at {self.time(prev['start'], self.time_style)}" if prev.get("start") else ""
        self.add(self.prev_board().upper(), "")
        self.text_block(f"MINUTES of a meeting of the {self.prev_board()} held on {self.date(prev['date'], 'comma')}"
                        f"{when}, {prev.get('venue')}", noise=0)
        d.blank()
        if not self.attendance_appendix:
            self.attendance_prose()
        for line in self.declarations():
            self.text_block(line, noise=0.5)
            d.blank()
        for it in self.pack.prev_items:
            self.add(f"{text(it['number']) + '.':<6}{text(it['title']).upper()}", "")
            self.body(it.get("minutes"))
            for dc in it.get("decisions", []):
                if text(dc["verb"]) in ("agreed", "approved", "endorsed") and self.rng.random() < 0.3:
                    words = f"Members {dc['verb']} {plain(dc['text'])}"
                else:
                    words = f"RESOLVED – that the Board {dc['verb']} {plain(dc['text'])}"
                lines = self.lines(self.noise.prose(words, 0.3))
                cut = self.noise.cut(words)
                if cut and len(lines) > 1:
                    half = len(lines) // 2
                    self.add(*lines[:half], split=False)
                    d.next_page()
                    self.add(*lines[half:], split=False)
                elif cut:
                    d.cut(lines[0])
                else:
                    self.add(*lines, split=False)
                d.blank()
            for a in it.get("actions", []):
                who = "/".join(self.who(o, honours=False, noisy=True) for o in as_list(a.get("owner")))
                bits = [f"Owner: {who}" if who else "", f"by {self.date(a['due'], 'plain')}" if a.get("due") else ""]
                extra = f" ({'; '.join(b for b in bits if b)})" if any(bits) else ""
                self.text_block(f"ACTION: {sentence(a['text'])}{extra}", noise=0)
                d.blank()
        if prev.get("end"):  # real minutes close with the time the meeting ended
            self.add(f"The meeting ended at {self.time(prev['end'], self.time_style)}.", "")
        if self.attendance_appendix:
            self.add("Appendix - Attendance", "", f"{'Position':<26}{'Councillor':<30}Council / Representing")
            for bucket, e in self.attendance():
                label = self.role(e) or ("Member" if bucket == "present" else bucket.capitalize().rstrip("s"))
                name = self.who(e["person"], title=bucket in ("observers", "guests"), noisy=True)
                row = f"{label:<26}{name:<30}{self.council(e)}".rstrip()
                self.add(*([row, row] if self.noise.dup_row(row) else [row]))

    def attendance_prose(self) -> None:
        labels = {"present": "Present", "substitutes": "Substitutes", "apologies": "Apologies", "observers":
                  "Observers", "officers": "Officers", "guests": "Also present"}
        for bucket, label in labels.items():
            entries = [e for b, e in self.attendance() if b == bucket]
            if not entries:
                continue
            councillors = all(self.pack.people.get(text(e["person"]), {}).get("kind") == "councillor" for e in entries)
            names = []
            for e in entries:
                name = self.who(e["person"], title=not councillors, noisy=True)
                name += f" ({self.role(e)})" if self.role(e) else ""
                name += f" (for {self.who(e['for'])})" if e.get("for") else ""
                names.append(name)
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            lead = ("Councillors " if len(names) > 1 else "Councillor ") if councillors else ""
            self.text_block(f"{label}: {lead}{joined}.", noise=0)
            self.doc.blank()

    def schedule(self, item):
        self.doc.page("schedule", text(item["number"]))
        self.add("ACTION MONITOR SCHEDULE", "")
        when = self.date(self.pack.prev["date"], "plain")
        self.text_block(f"Progress on the actions agreed at the meeting of {when}.", noise=0)
        self.doc.blank()
        titles = {a["id"]: (text(i["title"]), text(a["text"])) for i in self.pack.prev_items
                  for a in i.get("actions", [])}
        for n, u in enumerate(item["updates"], 1):
            title, words = titles.get(u["action"], ("", u["action"]))
            self.text_block(f"{title}: {words}", "    ", f"{n}.  ", 0)
            self.text_block(f"Progress: {u['progress']} Status: {lower_first(u['status'])}.", "    ", "    ", 0.5)
            self.doc.blank()

    def furniture(self, page, n, total):
        if page.kind == "cover":
            return [], [], []
        head = self.head.format(board=self.board(), date=self.date(self.pack.meeting["date"], "plain"))
        mark = [f"Agenda Item {page.item}", ""] if page.item and page.first else []  # stamps print "5b"
        return mark, [head, ""], ["", self.foot.format(n=n, total=total)]
