"""Score an import field by field against a hand-checked annotation (issue 14, point 5: "Measured, not hoped").

    python bench/importing/score.py --gold GOLD_CONTENT_DIR --got IMPORTED_CONTENT_DIR [--meeting ID ...] [--json OUT]

Both folders are content folders (README "Content reference"): the annotation format is our content format. A
field is one value a clerk would otherwise type: a meeting's date, an item's title, one recommendation, one
contact's phone, one person's attendance, a decision's verb... Each counts once, in one category: right when got
has the same value (text compared after normalising, with a similarity threshold: textsim.py), wrong when it differs,
when got lacks a value gold has, and when got has a value gold lacks (junk is an error: a person stub for "Yes",
an extra decision, a body that leaked from an exempt item). `score()` returns a Report; the command prints the table
per category, the overall figure and the wrong fields, and exits 0 (scoring is not a test).

People: gold lists every real person the paper names. Those that scored fields refer to (attendance, membership,
contacts, action owners, declarations, a paper's author) must be there; others (named only in prose) may be, and
count only when got has them. A got person that matches no gold person by id or by name is junk.
"""

from __future__ import annotations

import argparse
import sys
from difflib import SequenceMatcher
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench.importing` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.importing.content import Content, as_list, read_content, text
from bench.importing.meetings import MeetingScorer
from bench.importing.report import Report
from bench.importing.textsim import pair, person_name, role, same_exact, same_text

__all__ = ["Report", "score"]


def score(gold_dir, got_dir, meetings: list[str] | None = None) -> Report:
    """Compare the content folder an import wrote (`got_dir`) with the annotation (`gold_dir`). With `meetings`,
    only those meetings are scored (people, boards and papers are left out)."""
    gold, got = read_content(gold_dir), read_content(got_dir)
    report = Report(problems=[f"gold: {p}" for p in gold.problems] + [f"got: {p}" for p in got.problems])
    ids = match_people(gold, got, report if meetings is None else Report())
    if meetings is None:
        membership(gold, got, ids, report)
        papers(gold, got, ids, report)
    scorer = MeetingScorer(report, gold, got, ids)
    wanted = sorted(set(gold.meetings) | set(got.meetings)) if meetings is None else list(meetings)
    for mid in wanted:
        scorer.score(mid, gold.meetings.get(mid), got.meetings.get(mid))
    return report


def required_people(gold: Content) -> set[str]:
    """The people scored fields refer to: an import must create these."""
    refs: set[str] = set()
    for board in gold.boards.values():
        for entries in (board.get("membership") or {}).values():
            refs.update(text(e.get("person")) for e in as_list(entries) if isinstance(e, dict))
    for m in gold.meetings.values():
        for entries in (m.meta.get("attendance") or {}).values():
            for e in as_list(entries):
                refs.add(text(e.get("person") if isinstance(e, dict) else e))
                if isinstance(e, dict) and e.get("for"):
                    refs.add(text(e["for"]))
        refs.update(text(d.get("person")) for d in as_list(m.meta.get("declarations")) if isinstance(d, dict))
        for item in m.items:
            if item.get("exempt"):
                continue
            refs.update(text(c.get("person")) for c in as_list(item.get("contacts")) if isinstance(c, dict))
            for a in as_list(item.get("actions")):
                if isinstance(a, dict):
                    refs.update(text(o) for o in as_list(a.get("owner")))
    refs.update(text(p.get("author")) for p in gold.papers.values() if p.get("author"))
    return refs - {""}


def match_people(gold: Content, got: Content, report: Report) -> dict[str, str]:
    """Score people and return got id -> gold id for the people matched (by id, else by name)."""
    required = required_people(gold)
    ids = {pid: pid for pid in got.people if pid in gold.people}
    rest_g = [pid for pid in gold.people if pid not in ids]
    rest_t = [pid for pid in got.people if pid not in ids]
    def likeness(g, t):
        a, b = person_name(gold.person_name(g)), person_name(got.person_name(t))
        return SequenceMatcher(None, a, b).ratio() if a and b else 0.0
    for g, t in pair(rest_g, rest_t, likeness, floor=0.85):
        if g and t:
            ids[t] = g
    matched = {g: t for t, g in ids.items()}
    for gid in sorted(gold.people):
        g, t = gold.people[gid], got.people.get(matched.get(gid, ""))
        if t is None and gid not in required:
            continue  # named only in prose: an import may leave them out
        rows = [_person(g), _person(t) if t is not None else None]
        report.record("people", f"person {gid}", rows[0], rows[1],
                      {"name": same_exact, "kind": same_exact, "council": same_text})
    for tid in sorted(set(got.people) - set(ids)):
        report.add("people", f"junk person {tid}", "", got.person_name(tid), False)
    return ids


def _person(p: dict) -> dict:
    return {"name": person_name(p.get("name")), "kind": p.get("kind"), "council": p.get("council")}


def membership(gold: Content, got: Content, ids: dict[str, str], report: Report) -> None:
    for board in sorted(set(gold.boards) | set(got.boards)):
        g_years = (gold.boards.get(board) or {}).get("membership") or {}
        t_years = (got.boards.get(board) or {}).get("membership") or {}
        for year in sorted(set(map(str, g_years)) | set(map(str, t_years))):
            g_rows = _members(gold, g_years.get(year) or g_years.get(_year_key(g_years, year)), {})
            t_rows = _members(got, t_years.get(year) or t_years.get(_year_key(t_years, year)), ids)
            for g, t in pair(g_rows, t_rows, lambda a, b: 1.0 if a["person"] == b["person"] else 0.0):
                who = (g or t)["person"]
                report.record("membership", f"{board} {year} {who}", g, t, {
                    "person": same_exact, "role": same_exact, "group": same_text, "council": same_text})


def _year_key(years: dict, year: str):
    return next((k for k in years if str(k) == year), None)


def _members(content: Content, entries, ids: dict[str, str]) -> list[dict]:
    out = []
    for e in as_list(entries):
        if not isinstance(e, dict):
            continue
        person = text(e.get("person"))
        out.append({"person": ids.get(person, person), "role": role(e.get("role")), "group": e.get("group"),
                    "council": e.get("council") or content.people.get(person, {}).get("council")})
    return out


def papers(gold: Content, got: Content, ids: dict[str, str], report: Report) -> None:
    for pid in sorted(set(gold.papers) | set(got.papers)):
        g, t = gold.papers.get(pid), got.papers.get(pid)
        rows = []
        for p, is_got in ((g, False), (t, True)):
            rows.append(None if p is None else {
                "title": p.get("title"), "paper_type": p.get("paper_type"), "date": text(p.get("date")),
                "author": ids.get(text(p.get("author")), text(p.get("author"))) if is_got else text(p.get("author")),
                "summary": p.get("summary"), "body": p.get("_body")})
        report.record("papers", f"paper {pid}", rows[0], rows[1], {
            "title": same_text, "paper_type": same_exact, "date": same_exact, "author": same_exact,
            "summary": same_text, "body": same_text})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score an imported content folder against a gold one.")
    parser.add_argument("--gold", type=Path, required=True, help="the hand-checked content folder")
    parser.add_argument("--got", type=Path, required=True, help="the content folder the import wrote")
    parser.add_argument("--meeting", action="append", help="score only this meeting (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    parser.add_argument("--wrong", type=int, default=60, help="list at most this many wrong fields (default 60)")
    args = parser.parse_args(argv)
    report = score(args.gold, args.got, args.meeting)
    print(report.table())
    if report.wrong():
        print("\nwrong fields:")
        print(report.wrong_list(args.wrong))
    for problem in report.problems:
        print(f"problem: {problem}")
    if args.json:
        args.json.write_text(report.dumps() + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
