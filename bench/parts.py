"""The smaller fields of an agenda item: recommendations, contacts, decisions, actions, updates, references.

A mixin of `agenda.Agenda`, split off to keep modules short: it uses the Agenda's rng (`self.r`), text
generator, world and its pools of earlier items, meetings and open actions.
"""

import datetime as dt

import vocab
from world import slugify


class Parts:
    def _rec(self, topics) -> str:
        r, p = self.r, self.text.phrase(topics)
        return r.choice((f"Note the update on {p}.", f"Agree the proposed approach to {p}.",
                         f"Comment on the draft response on {p}.", f"Endorse the priorities for {p}."))

    def _contact(self, pid: str) -> dict:
        r, name = self.r, self.w.people[pid]["name"]
        contact: dict = {"person": pid}
        if r.random() < 0.3:
            contact["position"] = r.choice(vocab.OFFICER_POSITIONS)
        contact["phone"] = f"020 7664 {r.randint(3000, 3999)}"
        contact["email"] = f"{slugify(name).replace('-', '.')}@example.org"
        return contact

    def _explicit_id(self, topics, kind: str) -> str:
        self.explicit += 1
        return f"{topics[0]}-{kind}-{self.explicit}"

    def _decision(self, topics) -> dict:
        r, p = self.r, self.text.phrase(topics)
        verb = r.choices(vocab.DECISION_VERBS, vocab.DECISION_WEIGHTS)[0]
        text = r.choice(("the report.", f"the proposed approach to {p}.",
                         f"that officers should prioritise {p} in the work programme.",
                         f"the response to the consultation on {p}, subject to members' comments."))
        d: dict = {"id": self._explicit_id(topics, "decision")} if r.random() < 0.03 else {}
        d.update(verb=verb, text=text)
        return d

    def _action(self, topics, day, officers, present) -> dict:
        r, p = self.r, self.text.phrase(topics)
        a: dict = {"id": self._explicit_id(topics, "action")} if r.random() < 0.03 else {}
        a["text"] = r.choice((f"Officers to report back on {p}.", f"To write to the Minister about {p}.",
                              f"To arrange a workshop for members on {p}.",
                              f"To publish and promote the findings on {p}."))
        people = officers if not present or r.random() < 0.7 else present
        a["owner"] = r.choice(people) if r.random() < 0.9 else sorted(r.sample(officers, 2))
        if r.random() < 0.7:
            a["due"] = day + dt.timedelta(days=r.randint(30, 240))
        return a

    def _updates(self, bid, day, topics) -> list[dict]:
        r, pool = self.r, self.open_actions[bid]
        chosen = [entry for entry in pool if entry[2] < day][-15:]  # action monitors follow recent actions
        updates = []
        for entry in r.sample(chosen, min(len(chosen), r.randint(1, 3))):
            # open -> in progress (-> in progress ...) -> done; never anything after done.
            done = r.random() < (0.3 if entry[1] == "open" else 0.6)
            entry[1] = "done" if done else "in progress"
            progress = (f"Completed: the work on {self.text.phrase(topics)} has been delivered." if done else
                        f"Work is under way on {self.text.phrase(topics)}; a further update will follow.")
            updates.append({"action": entry[0], "progress": progress, "status": entry[1]})
            entry[2] = day  # one update per action per meeting
        pool[:] = [e for e in pool if e[1] != "done"]
        return updates

    def _refs(self, bid, topics, present) -> list[str]:
        r = self.r
        if r.random() >= 0.3:
            return []
        refs = []
        for _ in range(r.randint(1, 3)):
            kind = r.randrange(7)
            earlier = self.recent_items[bid]
            if kind == 0 and earlier:
                refs.append(f"This report follows [[{r.choice(earlier)[0]}]].")
            elif kind == 1 and earlier:
                refs.append(f"[[{r.choice(earlier)[0]}|The previous report]] set out the position in detail.")
            elif kind == 2 and self.recent_meetings:
                refs.append(f"The Board last discussed this at [[{r.choice(self.recent_meetings)}]].")
            elif kind == 3 and present:
                refs.append(f"[[{r.choice(present)}]] has led this work on behalf of members.")
            elif kind == 4 and self.open_actions[bid]:
                refs.append(f"Progress on [[{r.choice(self.open_actions[bid])[0]}]] is reported separately.")
            elif kind == 5 and earlier:
                refs.append(f"This implements [[{r.choice(r.choice(earlier)[1])}|the earlier decision]].")
            else:
                refs.append(f"See also [[topic:{r.choice(topics)}]] and [[{bid}]].")
        return refs
