"""What every text-extract style shares: the order of a pack, date and time formats, people's names as printed (with
titles, honours and the noise's misreadings), and the pack's parts a style prints (attendance rows, membership
groups, decisions and actions). A style (extract_md.py, extract_plain.py) says how each section looks."""

from __future__ import annotations

import datetime as dt
import random
import re

from .content import as_list, text
from .extract_doc import Doc
from .noise import Noise
from .packmodel import Pack

BUCKETS = ("present", "substitutes", "apologies", "observers", "officers", "guests")


class Writer:
    key, title = "?", "extract"
    capacity, width = 48, 100
    separator = "\n\n"
    unprinted: tuple[str, ...] = ()  # facts of the pack's meeting this style never prints: not in its gold
    mark_weight = 1.0  # how likely an item mark is misplaced, against the noise's rate (marks on every page: less)

    def __init__(self, pack: Pack, rng: random.Random, noise: Noise | None = None):
        self.pack, self.rng = pack, rng
        self.noise = noise or Noise(0, 0.0)
        self.doc = Doc(self.capacity, self.width)
        # Names whose clean spelling the pack prints somewhere the noise never touches (membership, contact boxes):
        # only these may be misread elsewhere, or no importer could recover them.
        self.clean = {e["person"] for e in pack.membership}
        self.clean |= {c.get("person") for i in pack.items for c in as_list(i.get("contacts")) if isinstance(c, dict)}
        self.setup()

    def gold_person(self, pid: str, person: dict) -> dict:
        return person

    def gold_item(self, item: dict) -> dict:
        return item

    def setup(self) -> None:
        """Per-pack choices of the style (formats, table kinds), drawn from self.rng."""

    # -- the pack, in the order packs are printed -----------------------------------------------------------------
    def write(self) -> str:
        pack = self.pack
        self.cover()
        self.membership()
        if self.sheet_rows():
            self.sheet()
        self.agenda()
        for item in pack.items:
            number = text(item["number"])
            if item.get("exempt"):
                self.exempt(item)
            elif number == pack.note_item:
                self.note(item)
            elif number == pack.schedule_item:
                self.schedule(item)
            elif has_paper(item):
                self.report(item)
        self.back()
        return self.separator.join(self.doc.render(self.furniture, self.noise, self.mark_weight)).rstrip() + "\n"

    def cover(self) -> None: ...
    def membership(self) -> None: ...
    def sheet(self) -> None: ...
    def agenda(self) -> None: ...
    def report(self, item: dict) -> None: ...
    def exempt(self, item: dict) -> None: ...
    def note(self, item: dict) -> None: ...
    def schedule(self, item: dict) -> None: ...
    def back(self) -> None: ...

    def furniture(self, page, n: int, total: int) -> tuple[list[str], list[str], list[str]]:
        return [], [], []

    # -- shortcuts -------------------------------------------------------------------------------------------------
    def add(self, *lines: str, split: bool = True) -> None:
        self.doc.add(*lines, split=split)

    def para(self, *lines: str) -> None:
        """Block(s) with a blank line after each, as markdown converters print them."""
        for line in lines:
            self.doc.add(line)
            self.doc.blank()

    def pick(self, *options):
        return self.rng.choice(options)

    # -- formats ---------------------------------------------------------------------------------------------------
    @staticmethod
    def date(iso, style: str = "long") -> str:
        d = dt.date.fromisoformat(text(iso)[:10])
        n = d.day
        ordinal = f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
        return {"long": d.strftime("%A %d %B %Y"), "long1": d.strftime("%A %-d %B %Y"),
                "comma": d.strftime("%A, %-d %B %Y"), "plain": d.strftime("%-d %B %Y"),
                "ordinal": f"{d.strftime('%A')} {ordinal} {d.strftime('%B %Y')}", "dots": d.strftime("%d.%m.%y"),
                "slash": d.strftime("%d/%m/%Y")}[style]

    @staticmethod
    def time(hhmm, style: str = "dot") -> str:
        h, m = (int(x) for x in text(hhmm).split("-")[0].split(":"))
        twelve, ampm = (h - 1) % 12 + 1, "am" if h < 12 else "pm"
        return {"dot": f"{twelve}.{m:02d}{ampm}", "spaced": f"{twelve}.{m:02d} {ampm}", "colon": f"{h:02d}:{m:02d}",
                "short": f"{twelve}{f'.{m:02d}' if m else ''}{ampm}", "dot24": f"{h:02d}.{m:02d}"}[style]

    def timing(self, item: dict, style: str) -> str:
        """An agenda timing as printed: its start, or its range ("14:14 – 14:24") when it has one."""
        parts = [p for p in text(item.get("timing")).split("-") if p.strip()]
        return " – ".join(self.time(p, style) for p in parts)

    def part2(self, item: dict) -> str:
        """How the agenda shows an exempt item: 'section' (it opens a confidential part at the end of the agenda,
        the usual place), 'row' (an exempt item between public ones, marked on its own row), '' (public)."""
        if not item.get("exempt"):
            return ""
        items = self.pack.items
        at = items.index(item)
        if any(i.get("exempt") for i in items[:at]):
            return "row" if not all(i.get("exempt") for i in items[at:]) else "in-section"
        return "section" if all(i.get("exempt") for i in items[at:]) else "row"

    def when(self, meeting: dict, style: str, dash: str = " – ") -> str:
        start, end = meeting.get("start"), meeting.get("end")
        if not start:
            return ""
        return self.time(start, style) + (dash + self.time(end, style) if end else "")

    def board(self, bid: str | None = None) -> str:
        return self.pack.board_names[bid or self.pack.meeting["boards"][0]]

    def prev_board(self) -> str:
        return self.pack.board_names[self.pack.prev["boards"][0]]

    # -- people ----------------------------------------------------------------------------------------------------
    def who(self, pid, title: bool = False, honours: bool = True, noisy: bool = False, cllr: str = "Cllr") -> str:
        p = self.pack.people.get(text(pid), {})
        name = self.pack.name(pid)
        if noisy:
            name = self.noise.name(name, text(pid) in self.clean)
        if title and p.get("kind") == "councillor":
            name = f"{cllr} {name}"
        if honours and p.get("honours"):
            name += " " + " ".join(as_list(p["honours"]))
        return name

    def council(self, entry: dict) -> str:
        return text(entry.get("council") or self.pack.people.get(text(entry.get("person")), {}).get("council"))

    def attendance(self) -> list[tuple[str, dict]]:
        """(bucket, entry) for every attendee of the previous meeting, in the note's order."""
        att = self.pack.prev.get("attendance") or {}
        return [(b, e if isinstance(e, dict) else {"person": e}) for b in BUCKETS for e in as_list(att.get(b))]

    def groups(self) -> list[tuple[str, list[dict], list[dict]]]:
        """(group, members, substitutes) of the membership list; observers last as group 'Observers'."""
        out: dict[str, tuple[list, list]] = {}
        for e in self.pack.membership:
            role = text(e.get("role"))
            group = "Observers" if role == "Observer" else text(e.get("group"))
            members, subs = out.setdefault(group, ([], []))
            (subs if role == "Substitute" else members).append(e)
        order = sorted(out, key=lambda g: (g == "Observers", g != ""))  # ungrouped first, observers last
        return [(g, *out[g]) for g in order]

    @staticmethod
    def role(entry: dict) -> str:
        role = text(entry.get("role"))
        return "" if role in ("", "Member", "Substitute", "Observer") else role

    def sheet_rows(self) -> list[tuple[str, str, str]]:
        """(group, person, Yes/No) for an attendance sheet of the previous meeting: only when it falls in the
        membership's year, and only its councillors (present, substitutes, apologies) on the list."""
        from .packmodel import municipal_year
        if not self.pack.prev or municipal_year(self.pack.prev["date"]) != self.pack.year:
            return []
        groups = {e["person"]: text(e.get("group")) for e in self.pack.membership}
        rows = []
        for bucket, e in self.attendance():
            pid = text(e.get("person"))
            if bucket in ("present", "apologies") and pid in groups:
                rows.append((groups[pid], pid, "Yes" if bucket == "present" else "No"))
            elif bucket == "substitutes":
                rows.append(("Substitutes", pid, "Yes"))
        order = [*dict.fromkeys(g for g, _, _ in rows if g != "Substitutes"), "Substitutes"]
        return sorted(rows, key=lambda r: order.index(r[0]))

    def declarations(self) -> list[str]:
        """The declarations as the note prints them; a member with two interests in one sentence. Nothing when the
        minutes of an item already say who declared what (the sample's item 1)."""
        decls = self.pack.prev.get("declarations") or []
        if not decls or any("declared" in text(i.get("minutes")) for i in self.pack.prev_items):
            return []
        by_person: dict[str, list[dict]] = {}
        for d in decls:
            by_person.setdefault(text(d.get("person")), []).append(d)
        out = []
        for pid, ds in by_person.items():
            parts = [(f"in Item {d['item']} " if d.get("item") else "") + "as " + lower_first(d.get("interest"))
                     for d in ds]
            noun = "an interest" if len(ds) == 1 else "interests"
            out.append(f"{self.who(pid, title=True, noisy=True)} declared {noun} {' and '.join(parts)}.")
        return out


def has_paper(item: dict) -> bool:
    return any(item.get(k) for k in ("purpose", "summary", "recommendations", "contacts")) and bool(
        item.get("_body") or item.get("summary") or item.get("recommendations"))


def no_paper_line(item: dict) -> str:
    """What the agenda prints under an item with no paper: its purpose, or its body (Date of next meeting)."""
    if has_paper(item) or item.get("exempt"):
        return ""
    return text(item.get("purpose")).strip() or text(item.get("_body")).strip()


def lower_first(value) -> str:
    s = text(value)
    return s[:1].lower() + s[1:]


def sentence(value) -> str:
    s = text(value).strip()
    return s if re.search(r"[.!?]$", s) else s + "."


def verb_cap(verb) -> str:
    return text(verb)[:1].upper() + text(verb)[1:]
