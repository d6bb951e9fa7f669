"""Style y: a converter that prints tables as markdown pipe tables and headings plainly, after seeds 001 (the note of
21 January 2014) and 002 (a report). Its marks of trouble, all from the seeds:

- the note's header table fuses its fields into the first row ("| Title: | <board> <date> <venue> | |", then
  "| Date: | | |" and "| Venue: | | |" empty); a cell holds several people at once ("| | Cllr A Cllr B Philip C |
  <their councils run together> |"); observers are councillors of other bodies whose role is in the council column;
- items are "3. Title" lines; "Decisions" then "That the Board:" and "- i. **Endorsed** the findings ...";
  "<u>Action</u>"; an action's owner printed at the end of the action's line ("... recommendations. Caroline Bosdet");
- the logo read as text ("nment" / "Association") where a page was cut, and a running head with the board and the
  date of the meeting the pack is for ("Improvement and Innovation Board 18 March 2014");
- reports as in seed 002: "**Item 3**" at the top of each page, bold lines as sub-headings, a second e-mail
  address on the line under the first.
"""

from __future__ import annotations

from .content import text
from .extract_base import has_paper, no_paper_line, sentence, verb_cap
from .extract_doc import page_ref
from .extract_md import LABELS, ROMAN, MarkdownWriter, SeedPackWriter

FUSE_BUCKETS = ("observers", "guests", "officers", "apologies")


class PipeWriter(MarkdownWriter):
    key, title = "y", "markdown extract with pipe tables, like seeds 001 and 002"
    heading = "**{}**"
    mark_weight = 0.3

    def setup(self):
        self.date_style = self.pick("long1", "comma")
        self.fused_header = self.rng.random() < 0.7
        self.fused_cells = self.rng.random() < 0.8
        self.action_label = self.pick("### **Action**", "**Action**")
        self.escaped_numbers = self.rng.random() < 0.5  # "1\. Title": the converter escapes a list it did not see

    def pipe_row(self, *cells: str) -> str:
        return "| " + " | ".join(cells) + " |"

    def cover(self):
        m, d = self.pack.meeting, self.doc
        d.page("cover")
        for line in self.noise.logo():
            self.para(line)
        self.para(self.board(), "Agenda", *[f"Joint meeting with the {self.board(b)}" for b in m["boards"][1:]],
                  self.date(m["date"], self.date_style))
        if m.get("start"):
            self.para(self.when(m, "spaced", " to "))
        self.para(text(m.get("venue")))
        if text(m.get("next_meeting"))[:4].isdigit():  # as the x cover and real LGA covers print it
            self.para(f"Date of next meeting: {self.date(m['next_meeting'], self.date_style)}")

    def membership(self):
        self.doc.page("membership")
        self.para(f"**{self.board()} – Membership {self.pack.year}**")
        self.add(self.pipe_row("Councillor", "Council"), self.pipe_row("---", "---"))
        for group, members, subs in self.groups():
            if group:
                self.add(self.pipe_row(f"**{group}**" + (f" ({len(members)})" if group != "Observers" else ""), ""))
            for e in members:
                role = f" ({self.role(e)})" if self.role(e) else ""
                self.add(self.pipe_row(f"{self.who(e['person'], title=True)}{role}", self.council(e)))
            if subs:
                self.add(self.pipe_row("*Substitutes:*", ""))
                self.add(*[self.pipe_row(self.who(e["person"], title=True), self.council(e)) for e in subs])
        self.doc.blank()

    def sheet(self):
        if self.rng.random() < 0.5:
            return
        self.doc.page("sheet")
        self.para(f"**Attendance record {self.pack.year}**")
        self.add(self.pipe_row("Councillor", self.date(self.pack.prev["date"], "dots"), "", ""), "|---|---|---|---|")
        group = None
        for g, pid, yes in self.sheet_rows():
            if g != group and g:
                self.add(self.pipe_row(f"**{g}**", "", "", ""))
            group = g
            row = self.pipe_row(self.who(pid, noisy=True), yes, "", "")
            self.add(*([row, row] if self.noise.dup_row(row) else [row]))
        self.doc.blank()

    def agenda(self):
        m, d = self.pack.meeting, self.doc
        d.page("agenda")
        self.para("**Agenda**", f"{self.board()} – {self.date(m['date'], 'plain')}")
        for item in self.pack.items:
            number = text(item["number"])
            if self.part2(item) == "section":
                self.para("**Part 2 – Confidential**",
                          "*The public are likely to be excluded from the meeting during the following item.*")
            exempt = " (exempt)" if self.part2(item) == "row" else ""
            timing = f" ({self.timing(item, 'dot')})" if item.get("timing") else ""
            paper = has_paper(item) or number in (self.pack.note_item, self.pack.schedule_item)
            page = f" Page {page_ref(number)}" if paper else ""
            num = f"{number}\\." if self.escaped_numbers else f"{number}."
            self.add(f"{num} {item['title']}{exempt}{timing}{page}")
            under = no_paper_line(item)
            if item.get("exempt"):
                under = f"Reason: {item['exempt']}"
            if under:
                self.add(f"*{' '.join(under.split())}*")
            d.blank()

    def report(self, item):
        self.doc.page("report", text(item["number"]))
        self.front_sheet(item, self.action_label)
        if item.get("_body"):
            self.para(f"## **{self.noise.title(text(item['title']))}**")
            self.body(item["_body"])
        self.implications(item)

    def exempt(self, item):
        pass  # the pack leaves the restricted paper out

    def note(self, item):
        prev, d = self.pack.prev, self.doc
        d.page("note", text(item["number"]))
        self.para("Note of decisions taken and actions required")
        board, date, venue = self.prev_board(), self.date(prev["date"], self.date_style), text(prev.get("venue"))
        when = self.when(prev, "spaced", " – ")  # real notes print the meeting's times under its date
        if self.fused_header:
            self.add(self.pipe_row("Title:", " ".join(x for x in (board, date, when, venue) if x), ""),
                     self.pipe_row("---", "---", "---"), self.pipe_row("Date:", "", ""),
                     *([self.pipe_row("Time:", "", "")] if when else []), self.pipe_row("Venue:", "", ""))
        else:
            self.add(self.pipe_row("Title:", board, ""), self.pipe_row("---", "---", "---"),
                     self.pipe_row("Date:", date, ""), *([self.pipe_row("Time:", when, "")] if when else []),
                     self.pipe_row("Venue:", venue, ""))
        self.add(self.pipe_row("Attendance", "", ""), self.pipe_row("Position", "Councillor", "Council / Representing"))
        rows, last = [], None
        for bucket, e in self.attendance():
            label = (self.role(e) or ("Members" if last != "members" else "")) if bucket == "present" else \
                (LABELS[bucket] if bucket != last else "")
            last = "members" if bucket == "present" and not self.role(e) else bucket
            title = bucket in ("observers", "guests")
            name = self.who(e["person"], title=title, noisy=True) + (f" (for {self.who(e['for'])})" if e.get("for")
                                                                     else "")
            rows.append([label, name, self.council(e), bucket])
        if self.fused_cells:
            rows = fuse(rows, self.rng)
        for label, name, where, _ in rows:
            row = self.pipe_row(label, name, where)
            self.add(*([row, row] if self.noise.dup_row(row) else [row]))
        d.blank()
        self.para("Item Decisions and actions", "Action by")
        for n, it in enumerate(self.pack.prev_items):
            self.para(f"{it['number']}. {it['title']}")
            if n == 0:
                for line in self.declarations():
                    self.para(self.noise.prose(line, 0.5))
            self.body(it.get("minutes"))
            self.decisions(it.get("decisions", []))
            self.actions(it.get("actions", []))
            if n == len(self.pack.prev_items) // 2:
                for line in self.noise.logo():
                    self.para(line)
        nxt = text(self.pack.meeting["date"])
        self.para("Date of next meeting", self.date(nxt, "long1") + ".")

    def decisions(self, decisions: list[dict]) -> None:
        if not decisions:
            return
        self.para(self.pick("Decisions", "Decision"))
        if len(decisions) == 1 and self.rng.random() < 0.6:
            dc = decisions[0]
            line = f"The Board **{dc['verb']}** {self.noise.prose(text(dc['text']), 0.3)}"
            self.doc.cut(line) if self.noise.cut(line) else self.add(line)
            self.doc.blank()
            return
        lead = self.rng.random() < 0.5
        if lead:
            self.para("That the Board:")
        for n, dc in enumerate(decisions):
            words = self.noise.prose(text(dc["text"]), 0.3)
            line = f"- {ROMAN[n % 10]}. " + (f"**{verb_cap(dc['verb'])}** {words}" if lead else
                                            f"The Board **{dc['verb']}** {words}")
            self.doc.cut(line) if self.noise.cut(line) else self.add(line)
        self.doc.blank()

    def actions(self, actions: list[dict]) -> None:
        if not actions:
            return
        self.para(self.pick("<u>Action</u>", "Action"))
        owners = {self.owners(a) for a in actions}
        shared = owners.pop() if len(owners) == 1 else None
        for n, a in enumerate(actions):
            due = f" (by {self.date(a['due'], 'long1')})" if a.get("due") else ""
            owner = self.owners(a) if (shared is None or n == len(actions) - 1) else ""
            words = f"{sentence(a['text'])}{due}" + (f" {owner}" if owner else "")
            self.add(f"- {ROMAN[n % 10]}. {words}" if len(actions) > 1 else words)
        self.doc.blank()

    def schedule(self, item):
        self.doc.page("schedule", text(item["number"]))
        self.para("**Action Monitor Schedule**", f"Actions agreed at the meeting of "
                  f"{self.date(self.pack.prev['date'], 'plain')}")
        self.add(self.pipe_row("Item", "Action", "Progress", "Status"), self.pipe_row("---", "---", "---", "---"))
        lines = self.action_lines()
        for n, u in enumerate(item["updates"], 1):
            title, words = lines.get(u["action"], ("", u["action"]))
            self.add(self.pipe_row(str(n), f"**{title}** {words}", text(u["progress"]), text(u["status"]).capitalize()))
        self.doc.blank()

    def furniture(self, page, n, total):
        if page.kind == "note" and not page.first:
            nxt = self.date(self.pack.meeting["date"], "plain")
            return [], [f"{self.board()} {nxt}", ""], []
        if page.item and page.kind in ("report", "schedule"):
            return [f"**Item {page.item}**", ""], [], []
        return [], [], []


def fuse(rows: list[list[str]], rng) -> list[list[str]]:
    """Several people of one bucket in one cell, as the converter read a cell with line breaks: the names run
    together, and so do their councils ("| | Cllr A Cllr B Philip C | LGA Peer LGA Peer Energy Savings Trust |")."""
    out, n = [], 0
    while n < len(rows):
        bucket = rows[n][3]
        run = [r for r in rows[n:] if r[3] == bucket]
        size = len([r for r in rows if r[3] == bucket])
        if bucket in FUSE_BUCKETS and size >= 3 and rows[n][0] == "" and rng.random() < 0.7:
            k = len(run)
            out.append(["", " ".join(r[1] for r in run[:k]), " ".join(r[2] for r in run[:k] if r[2]), bucket])
            n += k
            continue
        out.append(rows[n])
        n += 1
    return out


class MixedWriter(SeedPackWriter):
    """w: seed 000's pack (x) whose previous-meeting note comes from seed 001's converter (y): the likeliest shape of a
    pack whose papers were extracted one by one, and the issue-14 pack's (its note 'ran on' from the last report)."""
    key, title = "w", "seed 000's pack with a seed 001 note (pipe tables)"

    def setup(self):
        super().setup()
        self.fused_header = self.rng.random() < 0.7
        self.fused_cells = self.rng.random() < 0.8

    pipe_row = PipeWriter.pipe_row
    note = PipeWriter.note
    decisions = PipeWriter.decisions
    actions = PipeWriter.actions
