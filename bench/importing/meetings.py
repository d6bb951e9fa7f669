"""Score one meeting: its facts, attendance and declarations, and its items (aligned by number, else by title),
category by category. Person ids on the got side are first translated to the gold person they were matched to
(score.match_people), so a misspelt id is counted once, in `people`, not again in every list that names it."""

from __future__ import annotations

import re

from .content import Content, Meeting, as_list, text
from .report import Report
from .textsim import pair, role, same_email, same_exact, same_phone, same_text, similarity

ALLOWED_IN_EXEMPT = {"number", "title", "timing", "exempt", "draft", "presenter", "_file", "_body"}
BUCKETS = ("present", "substitutes", "apologies", "observers", "officers", "guests")


def same_set(a, b) -> bool:
    return sorted(as_list(a)) == sorted(as_list(b))


def same_day(a, b) -> bool:
    """next_meeting may be a meeting id or a date: the day is what the paper prints."""
    day = re.compile(r"^\d{4}(-\d\d-\d\d)?")
    ma, mb = day.match(text(a)), day.match(text(b))
    return bool(ma and mb and ma.group(0) == mb.group(0))


def same_reason(a, b) -> bool:
    return same_text(a, b) or (len(text(a)) > 8 and len(text(b)) > 8 and
                               (text(a).lower() in text(b).lower() or text(b).lower() in text(a).lower()))


class MeetingScorer:
    def __init__(self, report: Report, gold: Content, got: Content, ids: dict[str, str]):
        self.r, self.gold, self.got, self.ids = report, gold, got, ids
        self.g_index, self.t_index = _action_index(gold), _action_index(got)

    def pid(self, value):
        """A got person reference (id or list) in gold terms."""
        if isinstance(value, list):
            return [self.ids.get(str(v), str(v)) for v in value]
        return self.ids.get(str(value), str(value)) if value not in (None, "") else value

    def score(self, mid: str, g: Meeting | None, t: Meeting | None) -> None:
        gm, tm = (g.meta if g else {}), (t.meta if t else {})
        facts = {"date": same_exact, "start": same_exact, "end": same_exact, "venue": same_text,
                 "boards": same_set, "next_meeting": same_day}
        self.r.record("meeting", mid, _facts(gm), _facts(tm), facts)
        self.attendance(mid, gm.get("attendance") or {}, tm.get("attendance") or {})
        self.declarations(mid, gm.get("declarations") or [], tm.get("declarations") or [])
        for gi, ti in align_items(g.items if g else [], t.items if t else []):
            self.item(mid, gi, ti, self.g_index, self.t_index)

    def attendance(self, mid: str, gold: dict, got: dict) -> None:
        def rows(att, is_got, people):
            out = []
            for bucket in BUCKETS:
                for entry in as_list(att.get(bucket)):
                    entry = entry if isinstance(entry, dict) else {"person": entry}
                    person = self.pid(entry.get("person")) if is_got else entry.get("person")
                    explicit = entry.get("council")
                    council = explicit or people.get(str(entry.get("person")), {}).get("council")
                    out.append({"person": person, "bucket": bucket,
                                "role": role(entry.get("role")) if role(entry.get("role")) != "member" else None,
                                "for": self.pid(entry.get("for")) if is_got else entry.get("for"),
                                "council": council, "_explicit": explicit})
            return out
        g_rows, t_rows = rows(gold, False, self.gold.people), rows(got, True, self.got.people)
        for g, t in pair(g_rows, t_rows, lambda a, b: 1.0 if a["person"] == b["person"] else 0.0):
            who = (g or t)["person"]
            sames = {"bucket": same_exact, "role": same_exact, "for": same_exact}
            if (g and g["_explicit"]) or (t and t["_explicit"]):
                sames["council"] = same_text
            if g is None or t is None:  # a person missing or extra counts once, not once per detail
                self.r.compare("attendance", f"{mid} attendance {who}", (g or {}).get("bucket"),
                               (t or {}).get("bucket"), same_exact)
            else:
                self.r.record("attendance", f"{mid} attendance {who}", g, t, sames)

    def declarations(self, mid: str, gold: list, got: list) -> None:
        g_rows = [{"person": d.get("person"), "item": text(d.get("item")), "interest": d.get("interest")}
                  for d in gold if isinstance(d, dict)]
        t_rows = [{"person": self.pid(d.get("person")), "item": text(d.get("item")), "interest": d.get("interest")}
                  for d in got if isinstance(d, dict)]
        def likeness(a, b):
            return (a["person"] == b["person"]) * 0.6 + similarity(a["interest"], b["interest"]) * 0.4
        for n, (g, t) in enumerate(pair(g_rows, t_rows, likeness), 1):
            self.r.record("declarations", f"{mid} declarations[{n}]", g, t,
                          {"person": same_exact, "item": same_exact, "interest": same_text})

    def item(self, mid: str, g: dict | None, t: dict | None, g_index: dict, t_index: dict) -> None:
        g, t = g or {}, t or {}
        where = f"{mid}/{text(g.get('number') or t.get('number'))}"
        self.r.record("agenda", where, g, t, {"number": same_exact, "title": same_text, "timing": same_exact})
        if g.get("exempt") or t.get("exempt"):
            self.exempt(where, g, t)
            if g.get("exempt"):
                return  # what leaked counts once, in `exempt`
        self.r.record("reports", where, _report(g), _report(t), {"body": same_text, "financial": same_text,
                                                                   "wales": same_text})
        for ga, ta in pair(_titles(g), _titles(t), similarity):
            self.r.compare("reports", f"{where} attachment", ga, ta, same_text)
        self.r.record("purpose/summary", where, g, t, {"purpose": same_text, "summary": same_text})
        for n, (gr, tr) in enumerate(pair(as_list(g.get("recommendations")), as_list(t.get("recommendations")),
                                          similarity), 1):
            self.r.compare("recommendations", f"{where} recommendations[{n}]", gr, tr, same_text)
        self.r.compare("recommendations", f"{where} report_action", g.get("report_action"), t.get("report_action"),
                       same_text)
        self.contacts(where, g, t)
        self.r.compare("minutes", f"{where} minutes", g.get("minutes"), t.get("minutes"), same_text)
        self.lists(where, g, t, g_index, t_index)

    def exempt(self, where: str, g: dict, t: dict) -> None:
        if not g.get("exempt"):
            self.r.add("exempt", f"{where} exempt", "", t.get("exempt"), False)
            return
        self.r.compare("exempt", f"{where} exempt", "exempt", "exempt" if t.get("exempt") else "", same_exact)
        self.r.compare("exempt", f"{where} exempt reason", g.get("exempt"), t.get("exempt"), same_reason)
        if t:
            leaked = sorted(k for k, v in t.items() if k not in ALLOWED_IN_EXEMPT and v not in (None, "", []))
            leaked += ["body"] if text(t.get("_body")) else []
            self.r.add("exempt", f"{where} nothing leaked", "", ", ".join(leaked), not leaked)

    def contacts(self, where: str, g: dict, t: dict) -> None:
        def rows(item, content, is_got):
            out = []
            for c in as_list(item.get("contacts")):
                if not isinstance(c, dict):
                    continue
                person = content.people.get(str(c.get("person")), {})
                out.append({"person": self.pid(c.get("person")) if is_got else c.get("person"),
                            "position": c.get("position") or person.get("position"),
                            "phone": c.get("phone"), "email": c.get("email")})
            return out
        def likeness(a, b):
            return 1.0 if a["person"] == b["person"] else 0.9 if same_email(a["email"], b["email"]) else 0.0
        for gc, tc in pair(rows(g, self.gold, False), rows(t, self.got, True), likeness):
            who = (gc or tc)["person"]
            self.r.record("contacts", f"{where} contact {who}", gc, tc, {
                "person": same_exact, "position": same_text, "phone": same_phone, "email": same_email})

    def lists(self, where: str, g: dict, t: dict, g_index: dict, t_index: dict) -> None:
        def decisions(item):
            return [{"verb": d.get("verb"), "text": d.get("text")} for d in as_list(item.get("decisions"))
                    if isinstance(d, dict)]
        for n, (gd, td) in enumerate(pair(decisions(g), decisions(t), lambda a, b: similarity(a["text"], b["text"])),
                                     1):
            self.r.record("decisions", f"{where} decisions[{n}]", gd, td, {"verb": same_exact, "text": same_text})

        def actions(item, is_got):
            return [{"text": a.get("text"), "due": a.get("due"),
                     "owner": sorted(self.pid(as_list(a.get("owner"))) if is_got else as_list(a.get("owner"))),
                     "status": None if a.get("status") in (None, "open") else a.get("status")}
                    for a in as_list(item.get("actions")) if isinstance(a, dict)]
        for n, (ga, ta) in enumerate(pair(actions(g, False), actions(t, True),
                                          lambda a, b: similarity(a["text"], b["text"])), 1):
            self.r.record("actions", f"{where} actions[{n}]", ga, ta,
                          {"text": same_text, "owner": same_set, "due": same_exact, "status": same_exact})

        def updates(item, index):
            return [{"action": index.get(text(u.get("action")), text(u.get("action"))),
                     "progress": u.get("progress"), "status": u.get("status")}
                    for u in as_list(item.get("updates")) if isinstance(u, dict)]
        def likeness(a, b):
            return max(similarity(a["action"], b["action"]), similarity(a["progress"], b["progress"]))
        for n, (gu, tu) in enumerate(pair(updates(g, g_index), updates(t, t_index), likeness), 1):
            self.r.record("updates", f"{where} updates[{n}]", gu, tu,
                          {"action": same_text, "progress": same_text, "status": same_exact})


def align_items(gold: list[dict], got: list[dict]) -> list[tuple]:
    """Items paired by number; the rest by title (a wrongly numbered item still counts for its content)."""
    by_number = {text(t.get("number")): t for t in got}
    pairs, rest_g, used = [], [], set()
    for g in gold:
        t = by_number.get(text(g.get("number")))
        if t is not None and id(t) not in used:
            pairs.append((g, t))
            used.add(id(t))
        else:
            rest_g.append(g)
    rest_t = [t for t in got if id(t) not in used]
    pairs += pair(rest_g, rest_t, lambda a, b: similarity(a.get("title"), b.get("title")), floor=0.8)
    return pairs


def _facts(meta: dict) -> dict:
    out = {k: meta.get(k) for k in ("date", "start", "end", "venue", "next_meeting")}
    out["boards"] = as_list(meta.get("boards")) or as_list(meta.get("board"))
    return out


def _report(item: dict) -> dict:
    return {"body": item.get("_body"), "financial": item.get("financial_implications"),
            "wales": item.get("wales_implications")}


def _titles(item: dict) -> list:
    return [a.get("title") for a in as_list(item.get("attachments")) if isinstance(a, dict)]


def _action_index(content: Content) -> dict[str, str]:
    """Action id -> its text, for every meeting of this side (an update names an action by id; ids differ between
    gold and an import, the action's words do not)."""
    index = {}
    for m in content.meetings.values():
        for item in m.items:
            for n, a in enumerate(as_list(item.get("actions")), 1):
                if isinstance(a, dict):
                    index[f"a-{m.id}-{text(item.get('number'))}-{n}"] = text(a.get("text"))
                    if a.get("id"):
                        index[text(a.get("id"))] = text(a.get("text"))
    return index
