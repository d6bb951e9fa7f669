"""The fixed part of a synthetic site: people, boards with memberships per municipal year, the meeting
schedule. Small enough to hold in memory even at 100k items (a few thousand people, ~12k schedule rows);
the meetings and items themselves are generated one at a time by `agenda.py`.
"""

import datetime as dt
import random
import re

import textgen
import vocab

FIRST_YEAR = 2005  # municipal years 2005/06 .. 2024/25: twenty years of papers
YEARS = 20
START = dt.date(FIRST_YEAR, 4, 1)
SPAN_DAYS = (dt.date(FIRST_YEAR + YEARS, 3, 31) - START).days


def slugify(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "item"


def municipal_year(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


class World:
    def __init__(self, items: int, seed: int, boards: int | None = None):
        self.rng = random.Random(seed)
        self.text = textgen.Text(self.rng)
        self.items = items
        self.people: dict[str, dict] = {}  # id -> front matter; insertion order is the write order
        self.bios: dict[str, str] = {}
        self.group: dict[str, str] = {}
        self.councillors: list[str] = []
        n_boards = boards or max(4, min(60, items // 150))
        self.boards: dict[str, dict] = {}
        self.board_topics: dict[str, tuple[str, ...]] = {}
        self.membership: dict[str, list[list[dict]]] = {}  # board -> [year index] -> entries
        self.officers: dict[str, list[list[str]]] = {}  # board -> [era of 5 years] -> officer ids
        for b in range(n_boards):
            self._add_board(b)
        self.guests = [self._person("guest") for _ in range(max(5, n_boards // 2))]
        self.schedule = self._schedule()

    # People ---------------------------------------------------------------------------------------
    def _person(self, kind: str) -> str:
        r = self.rng
        first, last = r.choice(vocab.FIRST_NAMES), r.choice(vocab.SURNAMES)
        base = slugify(f"{first} {last}")
        pid, n = base, 2
        while pid in self.people:
            pid, n = f"{base}-{n}", n + 1
        meta: dict = {"name": f"{first} {last}"}
        if r.random() < 0.04:
            meta["honours"] = [r.choice(vocab.HONOURS)]
        meta["kind"] = kind
        if kind == "councillor":
            meta["council"] = f"{r.choice(vocab.PLACES)} {r.choice(vocab.COUNCIL_SUFFIXES)}"
            self.group[pid] = r.choices(vocab.GROUPS, vocab.GROUP_WEIGHTS)[0]
            self.councillors.append(pid)
        elif kind == "officer":
            meta["organisation"] = "Local Government Association"
            meta["position"] = r.choice(vocab.OFFICER_POSITIONS)
        else:
            meta["organisation"] = r.choice(vocab.ORGANISATIONS)
            if r.random() < 0.5:
                meta["position"] = r.choice(vocab.OFFICER_POSITIONS)
        self.people[pid] = meta
        if r.random() < 0.3:
            topics = textgen.TOPIC_IDS
            self.bios[pid] = self.text.paragraph(topics, FIRST_YEAR + r.randrange(YEARS), 2, 3) + "\n"
        return pid

    def _recruit(self, roster: list[str]) -> str:
        # Some councillors sit on several boards: reuse one 30% of the time.
        if self.councillors and self.rng.random() < 0.3:
            pid = self.rng.choice(self.councillors)
            if pid not in roster:
                return pid
        return self._person("councillor")

    # Boards ---------------------------------------------------------------------------------------
    def _add_board(self, b: int) -> None:
        r = self.rng
        area, label, topics = vocab.BOARD_AREAS[b % len(vocab.BOARD_AREAS)]
        kinds = vocab.BOARD_KINDS
        kind, kind_short = kinds[(b // len(vocab.BOARD_AREAS)) % len(kinds)]
        name = f"{area} {kind}"
        bid = slugify(name, 64)
        self.board_topics[bid] = topics
        self.officers[bid] = eras = []
        carry: list[str] = []
        for _era in range(YEARS // 5):
            team = carry + [self._person("officer") for _ in range(3 - len(carry))]
            eras.append(team)
            carry = [team[r.randrange(3)]]  # one officer stays on into the next era, as in life
        years = []
        roster: list[str] = []
        for _ in range(r.randint(10, 15)):
            roster.append(self._recruit(roster))
        for y in range(YEARS):
            if y:
                kept = [p for i, p in enumerate(roster) if i < 2 or r.random() < 0.8]
                if r.random() < 0.3:  # a new chair now and then
                    kept[0], kept[1] = kept[1], kept[0]
                while len(kept) < len(roster):
                    kept.append(self._recruit(kept))
                roster = kept
            years.append(self._year_entries(bid, FIRST_YEAR + y, roster))
        self.membership[bid] = years
        self.boards[bid] = {"name": name, "short_name": f"{label}{kind_short}", "membership": {
            textgen.municipal_label(FIRST_YEAR + y): entries for y, entries in enumerate(years)}}

    def _year_entries(self, bid: str, year: int, roster: list[str]) -> list[dict]:
        r = self.rng
        entries = []
        deputies = r.randint(0, 2)
        subs = r.randint(1, 2)
        for i, pid in enumerate(roster):
            if i < 2 + deputies:
                role = vocab.ROLES_TOP[min(i, 2)]
            elif i >= len(roster) - subs:
                role = "Substitute"
            else:
                role = "Member"
            entries.append({"person": pid, "role": role, "group": self.group[pid]})
        if r.random() < 0.2:  # someone leaves mid-year and is replaced
            i = r.randrange(2 + deputies, len(roster) - subs)
            until = dt.date(year, 10, 1) + dt.timedelta(days=r.randrange(120))
            entries[i]["until"] = until
            new = self._recruit(roster)
            entries.append({"person": new, "role": "Member", "group": self.group[new],
                            "from": until + dt.timedelta(days=1)})
        if r.random() < 0.2:
            entries.append({"person": self.observers_pick(), "role": "Observer"})
        return entries

    def observers_pick(self) -> str:
        # Observers are created lazily: boards are built before the observer pool exists.
        pool = getattr(self, "_observer_pool", None)
        if pool is None:
            pool = self._observer_pool = [self._person("observer") for _ in range(6)]
        return self.rng.choice(pool)

    def members_on(self, bid: str, day: dt.date) -> list[dict]:
        y = min(max(municipal_year(day) - FIRST_YEAR, 0), YEARS - 1)
        return [e for e in self.membership[bid][y]
                if e.get("from", day) <= day and e.get("until", day) >= day]

    def officers_on(self, bid: str, day: dt.date) -> list[str]:
        y = min(max(municipal_year(day) - FIRST_YEAR, 0), YEARS - 1)
        return self.officers[bid][y // 5]

    # Schedule -------------------------------------------------------------------------------------
    def _schedule(self) -> list[tuple[dt.date, str, int, int, int]]:
        """Rows (date, board, item count, index at board, meetings at board), in date order."""
        r = self.rng
        counts, left = [], self.items
        while left > 0:
            counts.append(min(left, r.randint(5, 11)))  # about 8 items a meeting
            left -= counts[-1]
        bids = list(self.boards)
        weights = [r.uniform(0.5, 1.5) for _ in bids]
        total = sum(weights)
        per_board = [max(1, int(len(counts) * w / total)) for w in weights]
        i = 0
        while sum(per_board) < len(counts):
            per_board[i % len(bids)] += 1
            i += 1
        while sum(per_board) > len(counts):
            j = max(range(len(bids)), key=lambda k: per_board[k])
            per_board[j] -= 1
        rows = []
        for bid, k in zip(bids, per_board, strict=True):
            last = START - dt.timedelta(days=1)
            for j in range(k):
                day = START + dt.timedelta(days=int((j + r.random() * 0.8) * SPAN_DAYS / k))
                day = max(day, last + dt.timedelta(days=1))
                while day.weekday() > 3:  # boards meet Monday to Thursday
                    day += dt.timedelta(days=1)
                rows.append([day, bid, 0, j, k])
                last = day
        rows.sort(key=lambda row: (row[0], row[1]))
        for row, count in zip(rows, counts, strict=True):
            row[2] = count
        return [tuple(row) for row in rows]
