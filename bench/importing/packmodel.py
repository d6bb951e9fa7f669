"""What a generated agenda pack shows, taken from our own content: the pack's meeting (its agenda and reports),
the membership of its board for that municipal year, the previous meeting's note (attendance, declarations,
minutes, decisions, actions) and an action monitor schedule. The same model is rendered into the PDF (packs.py)
and written out as the pack's gold content folder, so the gold holds exactly what the pack prints: no presenter,
topics or ids it does not print, nothing of an exempt item but its number, title and reason, no minutes of the
meeting the pack is for (it has not happened yet), no reports of the previous meeting (only its note).
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field

from .content import Content, as_list, text

REPORT_FIELDS = ("purpose", "summary", "recommendations", "report_action", "contacts", "financial_implications",
                 "wales_implications", "attachments")
NOTE_TITLE = re.compile(r"\b(note|notes|minutes)\b", re.I)
_WIKI = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")


@dataclass
class Pack:
    meeting_id: str
    meeting: dict  # gold front matter of the pack's meeting
    items: list[dict]  # gold items (front matter + "_body"), in agenda order
    board_names: dict[str, str]  # board id -> name, for every board the pack names
    membership: list[dict]  # the host board's members for the year: person, role, group, council
    year: str
    prev_id: str | None = None
    prev: dict = field(default_factory=dict)
    prev_items: list[dict] = field(default_factory=list)
    note_item: str | None = None  # the number of the item whose paper is the previous meeting's note
    schedule_item: str | None = None
    people: dict[str, dict] = field(default_factory=dict)  # gold people: name, honours, kind, council

    def name(self, pid) -> str:
        p = self.people.get(str(pid), {})
        return str(p.get("name") or pid)

    def item(self, number: str | None) -> dict | None:
        return next((i for i in self.items if text(i.get("number")) == number), None)


def municipal_year(date: str) -> str:
    y, m = int(date[:4]), int(date[5:7]) if len(date) >= 7 else 4
    start = y if m >= 4 else y - 1
    return f"{start}/{(start + 1) % 100:02d}"


def candidates(content: Content) -> list[str]:
    """Meetings worth a pack: a full date, reports, and a previous meeting of the same board with minutes."""
    out = []
    for mid, m in sorted(content.meetings.items()):
        if len(text(m.meta.get("date"))) == 10 and not m.meta.get("draft") and _previous(content, mid) and \
                any(i.get("summary") or i.get("_body") for i in m.items):
            out.append(mid)
    return out


def _previous(content: Content, mid: str) -> str | None:
    m = content.meetings[mid]
    board = _boards(m.meta)[0] if _boards(m.meta) else None
    earlier = [o for o, om in content.meetings.items() if o < mid and _boards(om.meta)[:1] == [board]
               and len(text(om.meta.get("date"))) == 10 and not om.meta.get("draft")
               and any(i.get("minutes") or i.get("decisions") for i in om.items)]
    return max(earlier) if earlier else None


def _boards(meta: dict) -> list[str]:
    return [text(b) for b in as_list(meta.get("boards")) or as_list(meta.get("board"))]


def build(content: Content, mid: str, rng: random.Random) -> Pack:
    src = content.meetings[mid]
    boards = _boards(src.meta)
    date = text(src.meta.get("date"))
    year = municipal_year(date)
    board_doc = content.boards.get(boards[0], {})
    members = [dict(e) for e in as_list((board_doc.get("membership") or {}).get(year)) if isinstance(e, dict)]
    meeting = {"boards": boards, "date": date, "start": src.meta.get("start"), "end": src.meta.get("end"),
               "venue": src.meta.get("venue"), "status": "agenda published"}
    prev_id = _previous(content, mid)
    nxt = re.match(r"\d{4}-\d\d-\d\d", text(src.meta.get("next_meeting")))
    meeting["next_meeting"] = nxt.group(0) if nxt else None  # the pack prints the date
    pack = Pack(mid, meeting, [], {b: text(content.boards.get(b, {}).get("name") or b) for b in boards},
                [_member(e) for e in members], year, prev_id)
    resolve = _resolver(content)
    live = sorted((i for i in src.items if not i.get("draft") and not i.get("publish_from")), key=_order)
    note = next((i for i in live if NOTE_TITLE.search(text(i.get("title")))), None)
    pack.note_item = text(note.get("number")) if note and prev_id else None
    for item in live:
        pack.items.append(_agenda_item(item, resolve, pack.note_item))
    if prev_id:
        _add_note(pack, content, prev_id, resolve)
        _add_schedule(pack, src, content, prev_id, rng)
    _add_people(pack, content)
    return pack


def _order(item: dict):
    m = re.match(r"(\d+)([a-z]?)", text(item.get("number")))
    return (int(m.group(1)), m.group(2)) if m else (999, text(item.get("number")))


def _member(e: dict) -> dict:
    return {k: e[k] for k in ("person", "role", "group", "council") if e.get(k)}


def _agenda_item(item: dict, resolve, note_item: str | None) -> dict:
    out = {"number": item.get("number"), "title": resolve(item.get("title"))}
    if item.get("timing"):
        out["timing"] = item["timing"]
    if item.get("exempt"):
        out["exempt"] = item["exempt"]
        out["_body"] = ""
        return out
    if text(item.get("number")) == note_item:
        out["_body"] = ""
        return out
    for key in REPORT_FIELDS:
        if item.get(key) not in (None, "", []):
            out[key] = resolve(copy.deepcopy(item[key]))
    out["_body"] = resolve(text(item.get("_body")))
    if not out["_body"]:
        out.pop("attachments", None)
    elif out.get("attachments"):
        out["attachments"] = _as_printed(out["attachments"], out["_body"])
    return out


def _as_printed(attachments: list, body: str) -> list:
    """An attachment's title as the pack prints it: the body's heading its anchor points at ("## Appendix A" for an
    attachment titled "Appendix A: <the report's title>"), so the gold asks only for what the paper shows."""
    headings = {re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-"): h.strip()
                for h in re.findall(r"^#{1,6}\s+(.+)$", body, re.M)}
    out = []
    for a in attachments:
        if isinstance(a, dict) and text(a.get("anchor")) in headings:
            a = {**a, "title": headings[text(a["anchor"])]}
        out.append(a)
    return out


def _add_note(pack: Pack, content: Content, prev_id: str, resolve) -> None:
    prev = content.meetings[prev_id]
    meta = prev.meta
    pack.prev = {"boards": _boards(meta), "date": text(meta.get("date")), "start": meta.get("start"),
                 "end": meta.get("end"), "venue": meta.get("venue"), "status": "minutes draft",
                 "attendance": copy.deepcopy(meta.get("attendance") or {}),
                 "declarations": [dict(d) for d in as_list(meta.get("declarations")) if isinstance(d, dict)],
                 "next_meeting": pack.meeting_id}
    for b in pack.prev["boards"]:
        pack.board_names.setdefault(b, text(content.boards.get(b, {}).get("name") or b))
    for item in sorted(prev.items, key=_order):
        if item.get("draft") or item.get("exempt") or item.get("publish_from"):
            continue
        out = {"number": item.get("number"), "title": resolve(item.get("title"))}
        if item.get("minutes"):
            out["minutes"] = resolve(text(item["minutes"]))
        decisions = [{"verb": d.get("verb"), "text": resolve(d.get("text"))} for d in as_list(item.get("decisions"))
                     if isinstance(d, dict)]
        actions = []
        for n, a in enumerate(as_list(item.get("actions")), 1):
            if isinstance(a, dict):
                action = {"id": a.get("id") or f"a-{prev_id}-{text(item.get('number'))}-{n}",
                          "text": resolve(a.get("text"))}
                action.update({k: a[k] for k in ("owner", "due") if a.get(k)})
                actions.append(action)
        if decisions:
            out["decisions"] = decisions
        if actions:
            out["actions"] = actions
        out["_body"] = ""
        pack.prev_items.append(out)


def _add_schedule(pack: Pack, src, content: Content, prev_id: str, rng: random.Random) -> None:
    """Progress on the previous meeting's actions, as one schedule item: the source's updates where it has them,
    else made up (the pack is ours, so the gold is what it prints)."""
    actions = {a["id"]: a for i in pack.prev_items for a in i.get("actions", [])}
    if not actions:
        return
    updates = [dict(u) for i in src.items for u in as_list(i.get("updates"))
               if isinstance(u, dict) and text(u.get("action")) in actions]
    if not updates:
        for aid, a in actions.items():
            done = rng.random() < 0.4
            what = re.sub(r"^(to|officers to)\s+", "", text(a["text"]), flags=re.I).rstrip(".")
            updates.append({"action": aid, "status": "done" if done else "in progress",
                            "progress": f"Completed: {what[:1].lower() + what[1:]}." if done else
                            "Work is under way; a further update will be brought to the "
                            f"{rng.choice(['next', 'March', 'summer'])} meeting."})
    existing = None
    for holder in src.items:  # an item that is already a schedule (the sample's 9a): its table becomes updates
        if any(text(u.get("action")) in actions for u in as_list(holder.get("updates"))) and \
                not any(holder.get(k) for k in ("purpose", "summary", "recommendations", "contacts")):
            existing = pack.item(text(holder.get("number")))
            if existing is not None:
                existing["_body"] = ""
                existing.pop("attachments", None)
                break
    if existing is None:
        base = pack.note_item or text(pack.items[-1]["number"]) if pack.items else "1"
        number = re.match(r"\d+", base).group(0) + "a"
        while pack.item(number):
            number = number[:-1] + chr(ord(number[-1]) + 1)
        existing = {"number": number, "title": "Action Monitor Schedule", "_body": ""}
        at = next((n for n, i in enumerate(pack.items) if text(i.get("number")) == base), len(pack.items) - 1)
        pack.items.insert(at + 1, existing)
    existing["updates"] = [{"action": text(u["action"]), "progress": text(u.get("progress")),
                            "status": u.get("status") or "in progress"} for u in updates]
    pack.schedule_item = text(existing["number"])


def _add_people(pack: Pack, content: Content) -> None:
    refs = [e["person"] for e in pack.membership]
    for bucket in (pack.prev.get("attendance") or {}).values():
        for e in as_list(bucket):
            refs.append(e.get("person") if isinstance(e, dict) else e)
            if isinstance(e, dict) and e.get("for"):
                refs.append(e["for"])
    refs += [d.get("person") for d in pack.prev.get("declarations", [])]
    for item in pack.items:
        refs += [c.get("person") for c in as_list(item.get("contacts")) if isinstance(c, dict)]
    for item in pack.prev_items:
        for a in item.get("actions", []):
            refs += as_list(a.get("owner"))
    members = {e["person"] for e in pack.membership}
    for pid in dict.fromkeys(text(r) for r in refs if r):
        src = content.people.get(pid, {"name": pid.replace("-", " ").title(), "kind": "guest"})
        person = {k: src[k] for k in ("name", "honours", "kind") if src.get(k)}
        if src.get("council") and (pid in members or src.get("kind") == "councillor"):
            person["council"] = src["council"]
        pack.people[pid] = person


def _resolver(content: Content):
    """Text as a reader of the PDF sees it: `[[id|label]]` is its label, `[[id]]` what the site would show."""
    def label(target: str) -> str:
        if target.startswith("topic:"):
            return target[6:].replace("-", " ")
        if target in content.people:
            return content.person_name(target)
        if target in content.boards:
            return text(content.boards[target].get("name"))
        if target in content.papers:
            return text(content.papers[target].get("title"))
        meeting, _, number = target.partition("/")
        if meeting in content.meetings:
            when = text(content.meetings[meeting].meta.get("date"))
            return f"item {number} of the meeting of {when}" if number else f"the meeting of {when}"
        return "an earlier decision" if target.startswith("d-") else "an earlier action"

    def resolve(value):
        if isinstance(value, str):
            return _WIKI.sub(lambda m: m.group(2) or label(m.group(1)), value)
        if isinstance(value, list):
            return [resolve(v) for v in value]
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        return value
    return resolve
