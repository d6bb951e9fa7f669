"""Meetings and their agenda items, generated one meeting at a time in date order.

Everything an item points at (follows, [[id]] references, action updates) is drawn from bounded pools of
*earlier*, published material, so the output is valid by construction and memory stays flat at 100k items.
"""

import datetime as dt
from collections import deque
from dataclasses import dataclass, field

import vocab
from parts import Parts
from textgen import TOPIC_IDS
from world import World, slugify


class Clock(str):
    """A time of day, written unquoted (11:00) like the README's examples."""


@dataclass(slots=True)
class Item:
    slug: str
    meta: dict
    body: str


@dataclass(slots=True)
class Meeting:
    id: str
    date: dt.date
    meta: dict
    body: str
    items: list[Item] = field(default_factory=list)


def clock(minutes: int) -> Clock:
    return Clock(f"{minutes // 60:02d}:{minutes % 60:02d}")


class Agenda(Parts):
    def __init__(self, world: World):
        self.w = world
        self.r = world.rng
        self.text = world.text
        self.recent_items: dict[str, deque] = {b: deque(maxlen=40) for b in world.boards}
        self.open_actions: dict[str, list] = {b: [] for b in world.boards}  # [id, status, raised on]
        self.recent_meetings: deque = deque(maxlen=100)
        self.explicit = 0
        self.pending: list = []
        self.retired: list[str] = []  # open actions that will get no more updates (left the pool)
        by_board: dict[str, list] = {b: [] for b in world.boards}
        for row in world.schedule:
            by_board[row[1]].append(row)
        self.by_board = by_board

    def meetings(self):
        for day, bid, count, j, k in self.w.schedule:
            rows = self.by_board[bid]
            prev, nxt = (rows[j - 1] if j else None), (rows[j + 1] if j + 1 < k else None)
            yield self._meeting(day, bid, count, prev, nxt)

    # Meeting --------------------------------------------------------------------------------------
    def _meeting(self, day, bid, count, prev, nxt) -> Meeting:
        r, w = self.r, self.w
        mid = f"{day.isoformat()}-{bid}"
        meta: dict = {"board": bid}
        if r.random() < 0.01 and len(w.boards) > 1:
            other = r.choice([b for b in w.boards if b != bid])
            meta = {"boards": [bid, other], "title": f"Joint meeting with the {w.boards[other]['name']}"}
        start = r.choice((600, 630, 660, 780, 840))
        meta.update(date=day, start=clock(start), end=clock(start + r.choice((90, 120, 150, 180))),
                    venue=r.choice(vocab.VENUES))
        minutes_item = prev is not None and count >= 3
        numbers = self._numbers(count)
        members = w.members_on(bid, day)
        present, attendance = self._attendance(bid, day, members)
        if nxt is None:
            meta["status"] = "minutes draft"
            meta["attendance"] = attendance
            meta["next_meeting"] = day + dt.timedelta(days=r.randint(40, 90))
        else:
            meta["status"] = "minutes confirmed"
            if nxt[2] >= 3:
                meta["minutes_confirmed_at"] = f"{nxt[0].isoformat()}-{bid}/1"
            meta["attendance"] = attendance
            meta["next_meeting"] = f"{nxt[0].isoformat()}-{bid}"
        topics = w.board_topics[bid]
        body = self.text.paragraph(topics, day.year, 1, 2) + "\n" if r.random() < 0.4 else ""
        meeting = Meeting(mid, day, meta, body)
        officers = w.officers_on(bid, day)
        timing = start + 5
        new_actions = []
        for i, number in enumerate(numbers):
            if i == 0 and minutes_item:
                meeting.items.append(self._minutes_item(mid, prev, bid))
                continue
            item, actions = self._item(mid, day, bid, number, officers, present, timing)
            meeting.items.append(item)
            new_actions += actions
            timing += r.randint(10, 25)
        declarable = [item.meta["number"] for item in meeting.items[1:] if not item.meta.get("draft")]
        if r.random() < 0.05 and present and declarable:
            meta["declarations"] = [{"person": r.choice(present), "item": r.choice(declarable),
                                     "interest": r.choice(vocab.INTERESTS)}]
            meta["next_meeting"] = meta.pop("next_meeting")  # keep the README's field order
        # Only now do this meeting's items and actions become eligible for follows, references and
        # updates: those must point at earlier meetings.
        self.recent_items[bid].extend(self.pending)
        self.pending.clear()
        pool = self.open_actions[bid]
        pool += [[a, "open", day] for a in new_actions]
        # Keep the pool bounded (memory); the oldest open actions simply stay open forever.
        self.retired += [entry[0] for entry in pool[:-80]]
        del pool[:-80]
        self.recent_meetings.append(mid)
        return meeting

    def _numbers(self, count: int) -> list:
        numbers, n = [], 0
        for i in range(count):
            if i >= 3 and self.r.random() < 0.02 and isinstance(numbers[-1], int):
                numbers.append(f"{n}a")  # a late supplementary item, numbered 4a after 4
            else:
                n += 1
                numbers.append(n)
        return numbers

    def _attendance(self, bid, day, members):
        r = self.r
        present, apologies, subs, observers = [], [], [], []
        absent_members = []
        for e in members:
            if e["role"] == "Observer":
                if r.random() < 0.6:
                    observers.append(e["person"])
            elif e["role"] == "Substitute":
                continue
            elif r.random() < 0.82:
                present.append({"person": e["person"], "role": e["role"]} if e["role"] in vocab.ROLES_TOP[:2]
                               else {"person": e["person"]})
            else:
                absent_members.append(e["person"])
                if r.random() < 0.7:
                    apologies.append(e["person"])
        for e in members:
            if e["role"] == "Substitute" and absent_members and r.random() < 0.6:
                subs.append({"person": e["person"], "for": absent_members.pop()})
        att: dict = {"present": present}
        if subs:
            att["substitutes"] = subs
        if apologies:
            att["apologies"] = apologies
        if observers:
            att["observers"] = observers
        att["officers"] = list(self.w.officers_on(bid, day))
        if r.random() < 0.1:
            att["guests"] = [r.choice(self.w.guests)]
        ids = [p["person"] for p in present] + [s["person"] for s in subs]
        return ids, att

    # Items ----------------------------------------------------------------------------------------
    def _minutes_item(self, mid, prev, bid) -> Item:
        prev_id = f"{prev[0].isoformat()}-{bid}"
        meta = {"number": 1, "title": "Note of the previous meeting", "purpose": "For decision.",
                "decisions": [{"verb": "agreed", "text": f"the note of the meeting held on "
                               f"{prev[0].day} {prev[0]:%B %Y} as a correct record."}]}
        body = (f"The note of the previous meeting, [[{prev_id}]], is attached for members to agree as a "
                "correct record. Matters arising are covered by the action monitor on this agenda.\n")
        return Item("note-of-the-previous-meeting", meta, body)

    def _item(self, mid, day, bid, number, officers, present, timing):
        r, t = self.r, self.text
        topics = list(self.w.board_topics[bid])
        if r.random() < 0.2:
            topics.append(r.choice(TOPIC_IDS))
        item_topics = sorted(set(r.sample(topics, r.randint(1, min(3, len(topics))))))
        title = t.title(item_topics, day.year)
        meta: dict = {"number": number, "title": title}
        if r.random() < 0.6:
            end = clock(timing + 10)
            meta["timing"] = clock(timing) if r.random() < 0.7 else Clock(f"{clock(timing)}-{end}")
        if r.random() < 0.8:
            two = sorted(r.sample(officers, 2))
            meta["presenter"] = r.choice(officers) if r.random() < 0.9 else two
        iid = f"{mid}/{number}"
        if r.random() < 0.03:  # exempt: named on the agenda only, never pooled for references
            meta["exempt"] = r.choice(vocab.EXEMPT_REASONS)
            meta["summary"] = t.paragraph(item_topics, day.year, 1, 2) + "\n"
            return Item(slugify(title), meta, t.body(item_topics, day.year, 2500)), []
        draft = r.random() < 0.005
        meta["purpose"] = r.choice(vocab.PURPOSES)
        meta["summary"] = t.paragraph(item_topics, day.year, 2, 3) + "\n"
        recs = [self._rec(item_topics) for _ in range(r.randint(1, 4))]
        meta["recommendations"] = recs if r.random() < 0.9 else " ".join(recs)
        if r.random() < 0.5:
            phrase = t.phrase(item_topics)
            meta["report_action"] = f"Officers to take forward {phrase} in the light of members' comments."
        meta["contacts"] = [self._contact(p) for p in sorted(r.sample(officers, r.randint(1, 2)))]
        meta["topics"] = item_topics
        earlier = self.recent_items[bid]
        if earlier and r.random() < 0.2:
            picks = sorted({r.choice(earlier)[0] for _ in range(1 if r.random() < 0.85 else 2)})
            meta["follows"] = picks[0] if len(picks) == 1 else picks
        appendix = r.random() < 0.08
        if appendix:
            meta["attachments"] = [{"title": f"Appendix A: {title}", "anchor": "appendix-a"}]
        if r.random() < 0.3:
            meta["financial_implications"] = r.choice((
                "There are no additional financial implications arising from this report.",
                f"The costs of {t.phrase(item_topics)} will be met from existing budgets."))
        if r.random() < 0.05:
            meta["wales_implications"] = "These arrangements apply to England only."
        if r.random() < 0.6 and present:
            names = [self.w.people[p]["name"] for p in r.sample(present, min(2, len(present)))]
            meta["minutes"] = (f"Councillor {names[0]} introduced the item. "
                               + t.paragraph(item_topics, day.year, 2, 4) + "\n")
        decisions = [self._decision(item_topics) for _ in range(r.randint(1, 3))]
        meta["decisions"] = decisions
        actions, action_ids = [], []
        for n in range(1, (r.randint(1, 2) if r.random() < 0.6 else 0) + 1):
            action = self._action(item_topics, day, officers, present)
            actions.append(action)
            action_ids.append(action.get("id") or f"a-{mid}-{number}-{n}")
        if actions:
            meta["actions"] = actions
        if not draft and r.random() < 0.3:
            updates = self._updates(bid, day, item_topics)
            if updates:
                meta["updates"] = updates
        refs = [] if draft else self._refs(bid, item_topics, present)
        body = t.body(item_topics, day.year, r.randint(3600, 5000), refs, appendix)
        if draft:
            meta["draft"] = True
            return Item(slugify(title), meta, body), []
        dec_ids = [d.get("id") or f"d-{mid}-{number}-{n}" for n, d in enumerate(decisions, 1)]
        self.pending.append((iid, dec_ids))
        return Item(slugify(title), meta, body), action_ids
