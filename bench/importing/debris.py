"""What an import left of a text extract's debris: the spots the noise damaged (noise.py) and the page furniture
the writer printed (running heads, footers, item marks), found again in the content the import wrote.

The scorer compares text with a similarity threshold, so a `$\\pounds 6.72$` or a "Page 34" left in a long body
costs no field there; this counts them. A spot is left when its printed form occurs more often in the imported
files than in the gold (a doubled "the the" the gold has too is not debris), and furniture only as a whole line.
Misread names and words are not counted here: names are scored (people, attendance), misread words cannot be
repaired without a dictionary.

    python bench/importing/debris.py --noise PACK.noise.json --gold GOLD_CONTENT --got IMPORTED_CONTENT
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

TEXT_KINDS = ("doubled-word", "stray-tag", "latex-money", "html-link", "sup-tag")


def corpus(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(root).rglob("*"))
                     if p.is_file() and p.suffix in (".md", ".imported", ".yaml"))


def leftovers(record: dict, gold: Path, got: Path) -> Counter:
    """kind -> spots left in `got` (kinds: those of noise.py, 'logo', 'furniture')."""
    gold_text, got_text = corpus(gold), corpus(got)
    gold_lines = Counter(line.strip() for line in gold_text.splitlines())
    got_lines = Counter(line.strip() for line in got_text.splitlines())
    out: Counter = Counter()
    injected = Counter((e["kind"], e["printed"]) for e in record.get("debris", []) if e["kind"] in TEXT_KINDS)
    for (kind, printed), times in injected.items():
        pattern = re.compile(rf"(?<!\w){re.escape(printed)}(?!\w)", re.I if kind == "doubled-word" else 0)
        extra = len(pattern.findall(got_text)) - len(pattern.findall(gold_text))
        out[kind] += min(times, max(0, extra))
    for e in record.get("debris", []):
        if e["kind"] == "logo":
            parts = [part.strip() for part in e["printed"].split(" / ")]
            out["logo"] += sum(1 for part in parts if got_lines[part] > gold_lines[part])
    for line in record.get("furniture", []):
        out["furniture"] += max(0, got_lines[line] - gold_lines[line])
    return +out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count the debris an import left.")
    parser.add_argument("--noise", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--got", type=Path, required=True)
    args = parser.parse_args(argv)
    left = leftovers(json.loads(args.noise.read_text(encoding="utf-8")), args.gold, args.got)
    print(f"{sum(left.values())} spot(s) of debris left" + (": " + ", ".join(f"{k} {v}" for k, v in left.items())
                                                             if left else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
