"""A harness run (run.py's results.json) summed by pack style: one row per style (the seeds, each PDF layout, each
text-extract style), % right per category, and where the fields were lost.

    python bench/importing/bystyle.py DIR/results.json [--lost 15] [--markdown]

A pack's style is read from its name: `seed-...` (the seeds), `...-a` to `...-d` (PDF layouts), `...-a-txt`
(pdftotext of a PDF layout), `...-tx`, `-ty`, `-tz` (text extracts, extract.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.importing.report import CATEGORIES


def style(name: str) -> str:
    if name.startswith("seed-"):
        return "seeds"
    m = re.search(r"-t([a-z])$", name)
    if m:
        return f"text {m.group(1)}"
    m = re.search(r"-([a-d])(-txt)?$", name)
    if m:
        return f"pdf {m.group(1)}" + (" (pdftotext)" if m.group(2) else "")
    return "other"


def tally(results: list[dict]) -> dict[str, dict[str, list[int]]]:
    """style -> category -> [right, total] (and '_all', '_packs')."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in results:
        s = style(r["name"])
        out[s]["_packs"][1] += 1
        if r.get("debris") is not None:
            out[s]["_debris"][0] += sum(r["debris"].values())
            out[s]["_debris"][1] += 1
        for cat, c in r["score"]["categories"].items():
            for key in (cat, "_all"):
                out[s][key][0] += c["right"]
                out[s][key][1] += c["total"]
    return out


def table(results: list[dict], markdown: bool = False) -> str:
    sums = tally(results)
    cats = [c for c in CATEGORIES if any(c in t for t in sums.values())]
    head = ["style", "packs", "all", "debris left", *cats]
    rows = []
    for s in sorted(sums, key=lambda k: (k != "seeds", k)):
        t = sums[s]
        debris = str(t["_debris"][0]) if t["_debris"][1] else "-"
        cells = [s, str(t["_packs"][1]), pct(t["_all"]), debris] + [pct(t[c]) if c in t else "-" for c in cats]
        rows.append(cells)
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    width = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    return "\n".join("  ".join(c.rjust(w) if n else c.ljust(w) for n, (c, w) in enumerate(zip(r, width, strict=True)))
                     for r in [head, *rows])


def pct(rt: list[int]) -> str:
    return f"{100.0 * rt[0] / rt[1]:.0f}" if rt[1] else "-"


def lost(results: list[dict], limit: int) -> str:
    """Fields lost per (style, category), most first, with the commonest field kinds in each."""
    count: Counter = Counter()
    kinds: dict[tuple, Counter] = defaultdict(Counter)
    for r in results:
        s = style(r["name"])
        for w in r["score"]["wrong"]:
            key = (s, w["category"])
            count[key] += 1
            kinds[key][field_kind(w["where"])] += 1
    lines = []
    for (s, cat), n in count.most_common(limit):
        top = ", ".join(f"{k} {v}" for k, v in kinds[(s, cat)].most_common(4))
        lines.append(f"{n:>5}  {s:<18} {cat:<16} {top}")
    return "\n".join(lines)


def debris(results: list[dict]) -> str:
    """Spots of debris the imports of each style's text extracts left, by kind (debris.py)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        if r.get("debris") is not None:
            out[style(r["name"])].update(r["debris"])
    return "\n".join(f"{s:<18} " + (", ".join(f"{k} {v}" for k, v in c.most_common()) or "none")
                     for s, c in sorted(out.items()))


def field_kind(where: str) -> str:
    """'2012-11-02-iib/2.title' -> title, 'iib 2012/13 x.role' -> role, 'M attendance someone' -> attendance,
    'junk person x' -> junk person, 'M/2 recommendations[1]' -> recommendations."""
    if where.startswith("junk "):
        return " ".join(where.split()[:2])
    last = re.sub(r"\[\d+\]", "", where.split()[-1])
    if "." in last:
        return last.rsplit(".", 1)[1]
    words = where.split()
    return words[-2] if len(words) > 2 and re.search(r"-|\d", last) else re.sub(r".*/", "", last)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sum a harness run by pack style.")
    parser.add_argument("results", type=Path)
    parser.add_argument("--lost", type=int, default=15, help="how many (style, category) rows of lost fields")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    print(table(results, args.markdown))
    if any(r.get("debris") is not None for r in results):
        print("\ndebris left, by style and kind:")
        print(debris(results))
    if args.lost:
        print("\nfields lost, by style and category:")
        print(lost(results, args.lost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
