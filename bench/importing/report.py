"""The scorer's result: every field compared, right or wrong, grouped into categories; and how it is printed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

# The categories of issue 14 point 5, in the order the table prints them.
CATEGORIES = ("meeting", "agenda", "exempt", "reports", "purpose/summary", "recommendations", "contacts",
              "membership", "attendance", "minutes", "decisions", "actions", "updates", "declarations", "people",
              "papers")

EMPTY = (None, "", [], {})


@dataclass
class Field:
    category: str
    where: str  # e.g. "2014-01-21-iib/2 decisions[1].verb"
    gold: str
    got: str
    right: bool


@dataclass
class Report:
    fields: list[Field] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # unreadable files, on either side

    def add(self, category: str, where: str, gold, got, right: bool) -> None:
        assert category in CATEGORIES, category
        self.fields.append(Field(category, where, show(gold), show(got), bool(right)))

    def compare(self, category: str, where: str, gold, got, same) -> None:
        """One field, counted when gold or got has a value: missing in got, or extra in got, is wrong."""
        if gold in EMPTY and got in EMPTY:
            return
        self.add(category, where, gold, got, gold not in EMPTY and got not in EMPTY and same(gold, got))

    def record(self, category: str, where: str, gold: dict | None, got: dict | None, sames: dict) -> None:
        """Two records paired (or one of them None: all of its fields are missing, or extra), field by field."""
        gold, got = gold or {}, got or {}
        for key, same in sames.items():
            self.compare(category, f"{where}.{key}" if where else key, gold.get(key), got.get(key), same)

    def tally(self) -> dict[str, tuple[int, int]]:
        out = {}
        for cat in CATEGORIES:
            these = [f for f in self.fields if f.category == cat]
            if these:
                out[cat] = (sum(f.right for f in these), len(these))
        return out

    @property
    def right(self) -> int:
        return sum(f.right for f in self.fields)

    @property
    def total(self) -> int:
        return len(self.fields)

    @property
    def percent(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0

    def percent_of(self, category: str) -> float | None:
        right, total = self.tally().get(category, (0, 0))
        return 100.0 * right / total if total else None

    def wrong(self) -> list[Field]:
        return [f for f in self.fields if not f.right]

    def table(self) -> str:
        rows = [f"{'category':<17} {'right':>6} {'total':>6} {'%':>6}"]
        for cat, (right, total) in self.tally().items():
            rows.append(f"{cat:<17} {right:>6} {total:>6} {100.0 * right / total:>6.1f}")
        rows.append(f"{'overall':<17} {self.right:>6} {self.total:>6} {self.percent:>6.1f}")
        return "\n".join(rows)

    def wrong_list(self, limit: int | None = None) -> str:
        wrong = self.wrong()
        lines = [f"{f.category:<16} {f.where}: gold {f.gold or '(none)'} | got {f.got or '(none)'}"
                 for f in wrong[:limit]]
        if limit is not None and len(wrong) > limit:
            lines.append(f"... and {len(wrong) - limit} more")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"right": self.right, "total": self.total, "percent": round(self.percent, 2),
                "categories": {c: {"right": r, "total": t, "percent": round(100.0 * r / t, 2)}
                               for c, (r, t) in self.tally().items()},
                "wrong": [asdict(f) for f in self.wrong()], "problems": self.problems}

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1, ensure_ascii=False)


def show(value, width: int = 70) -> str:
    """A value, short, on one line: the wrong-fields list is for reading, not for diffing."""
    if value in EMPTY:
        return ""
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(str(v) for v in value)
    s = " ".join(str(value).split())
    return s if len(s) <= width else s[: width - 1] + "…"
