"""The import scorer (bench/importing/score.py): a perfect copy scores 100%, and each kind of mistake lowers its own
category and no other. The sample content/ serves as the annotation; copies of it, spoilt one way each, as imports."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.importing.content import _read  # noqa: E402
from bench.importing.score import score  # noqa: E402
from bench.importing.textsim import same_text, similarity  # noqa: E402

JAN = "meetings/2014-01-21-iib"
NOV = "meetings/2012-11-02-iib"
SEP = "meetings/2012-09-17-iib"


@pytest.fixture(scope="module")
def gold(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "content"
    shutil.copytree(ROOT / "content", path)
    return path


@pytest.fixture
def got(gold, tmp_path) -> Path:
    path = tmp_path / "got"
    shutil.copytree(gold, path)
    return path


def edit(path: Path, change, body: str | None = None) -> None:
    meta, old_body = _read(path, [])
    meta.pop("_file", None)
    meta.pop("_body", None)
    change(meta)
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(f"---\n{text}---\n{old_body if body is None else body}\n", encoding="utf-8")


def item(root: Path, meeting: str, prefix: str) -> Path:
    return next((root / meeting).glob(f"{prefix}-*.md"))


def dropped(gold: Path, got: Path) -> dict[str, float]:
    """The categories below 100%, with their percentage."""
    report = score(gold, got)
    return {cat: 100.0 * r / t for cat, (r, t) in report.tally().items() if r < t}


def test_a_perfect_copy_scores_100(gold, got):
    report = score(gold, got)
    assert report.total > 600
    assert report.right == report.total
    assert not report.problems
    expected = {"meeting", "agenda", "reports", "purpose/summary", "recommendations", "contacts", "membership",
                "attendance", "minutes", "decisions", "actions", "updates", "declarations", "people", "papers"}
    assert expected <= set(report.tally())


def test_layout_changes_that_keep_the_words_are_not_mistakes(gold, got):
    # Rewrapped, curly-quoted, re-cased text, a `.imported` twin with draft: true and an import comment.
    path = item(got, JAN, "02")
    def change(meta):
        meta["minutes"] = meta["minutes"].replace("\n", "\n\n  ").replace("'", "’").upper()
        meta["draft"] = True
    edit(path, change)
    imported = path.with_name(path.name + ".imported")
    text = path.read_text(encoding="utf-8").replace("---\n", "---\n# Imported from x.pdf: review\n", 1)
    imported.write_text(text, encoding="utf-8")
    path.write_text("---\nnumber: 2\ntitle: Something else entirely\n---\n", encoding="utf-8")
    assert dropped(gold, got) == {}


@pytest.mark.parametrize("case", [
    "meeting", "agenda", "reports", "purpose/summary", "recommendations", "contacts", "membership", "attendance",
    "minutes", "decisions", "actions", "updates", "declarations", "people", "papers"])
def test_each_mistake_lowers_only_its_category(gold, got, case):
    spoil = {
        "meeting": lambda: edit(got / JAN / "index.md", lambda m: m.update(date="2014-01-22")),
        "agenda": lambda: edit(item(got, NOV, "05"), lambda m: m.update(title="Third Quarter Performance")),
        "reports": lambda: edit(item(got, NOV, "07"), lambda m: None, body="Page 3 of 40\n\nImprovement Board"),
        "purpose/summary": lambda: edit(item(got, NOV, "06"), lambda m: m.update(purpose="For information.")),
        "recommendations": lambda: edit(item(got, NOV, "07"), lambda m: m["recommendations"].pop()),
        "contacts": lambda: edit(item(got, NOV, "04"), lambda m: m["contacts"][0].update(phone="020 7664 9999")),
        "membership": lambda: edit(got / "boards/iib.md", lambda m: m["membership"]["2012/13"][1].update(
            role="Vice-Chair")),
        "attendance": lambda: edit(got / JAN / "index.md", lambda m: m["attendance"]["apologies"].append(
            m["attendance"]["present"].pop()["person"])),
        "minutes": lambda: edit(item(got, JAN, "05"), lambda m: m.update(minutes="Brian Reynolds updated members.")),
        "decisions": lambda: edit(item(got, JAN, "04"), lambda m: m["decisions"][1].update(verb="noted")),
        "actions": lambda: edit(item(got, JAN, "03"), lambda m: m["actions"][0].update(owner="andy-bates")),
        "updates": lambda: edit(got / NOV / "09a-action-monitor-schedule.md",
                                lambda m: m["updates"][0].update(status="in progress")),
        "declarations": lambda: edit(got / JAN / "index.md", lambda m: m["declarations"][0].update(
            interest="Member of the Local Government Association")),
        "people": lambda: (got / "people/yes.md").write_text("---\nname: Yes\nkind: councillor\n---\n"),
        "papers": lambda: edit(got / "papers/taking-stock.md", lambda m: m.update(title="Taking stock")),
    }
    spoil[case]()
    low = dropped(gold, got)
    assert set(low) == {case}, low
    assert low[case] < 100


def test_missing_and_extra_fields_are_both_wrong(gold, got):
    edit(item(got, NOV, "03"), lambda m: (m.pop("report_action"), m.update(recommendations=[
        *m["recommendations"], "Note the report."])))
    report = score(gold, got)
    wrong = {(f.where.split(" ", 1)[1], f.gold[:10], f.got[:10]) for f in report.wrong()}
    assert ("report_action", "Officers t", "") in wrong
    assert ("recommendations[2]", "", "Note the r") in wrong
    assert {f.category for f in report.wrong()} == {"recommendations"}


def test_a_renumbered_item_still_counts_for_its_content(gold, got):
    path = item(got, JAN, "08")
    edit(path, lambda m: m.update(number=18))
    path.rename(path.with_name("18-board-away-day.md"))
    report = score(gold, got)
    assert [(f.category, f.where) for f in report.wrong()] == [("agenda", "2014-01-21-iib/8.number")]


def test_a_lost_item_loses_all_of_its_fields(gold, got):
    item(got, JAN, "06").unlink()
    low = dropped(gold, got)
    assert set(low) == {"agenda", "minutes", "decisions", "actions"}


def test_a_misspelt_person_counts_once_in_people(gold, got):
    # The import made glen-milller ("Glen Milller"): attendance and membership still point at the same person.
    (got / "people/glen-miller.md").rename(got / "people/glen-milller.md")
    edit(got / "people/glen-milller.md", lambda m: m.update(name="Glen Milller"))
    for path in (got / "boards/iib.md", got / JAN / "index.md", got / SEP / "index.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("glen-miller", "glen-milller"), encoding="utf-8")
    report = score(gold, got)
    assert [(f.category, f.where) for f in report.wrong()] == [("people", "person glen-miller.name")]


def test_an_exempt_item_must_keep_its_reason_and_leak_nothing(gold, got):
    reason = "Paragraph 3 of Schedule 12A: financial or business affairs"
    for root in (gold, got):
        path = item(root, JAN, "06")
        (root / "exempt.bak").write_bytes(path.read_bytes())
        edit(path, lambda m: [m.pop(k) for k in list(m) if k not in ("number", "title")] and None, body="")
        edit(path, lambda m: m.update(exempt=reason))
    try:
        assert dropped(gold, got) == {}
        edit(item(got, JAN, "06"), lambda m: m.update(exempt=f"Exempt: {reason}", minutes="Secret."),
             body="The confidential report.")
        report = score(gold, got)
        assert {f.category for f in report.wrong()} == {"exempt"}
        assert [f.got for f in report.wrong()] == ["minutes, body"]
        edit(item(got, JAN, "06"), lambda m: m.pop("exempt"))
        assert [(f.category, f.where.split(" ", 1)[1]) for f in score(gold, got).wrong()] == [
            ("exempt", "exempt"), ("exempt", "exempt reason"), ("exempt", "nothing leaked")]
    finally:
        item(gold, JAN, "06").write_bytes((gold / "exempt.bak").read_bytes())
        (gold / "exempt.bak").unlink()


def test_unreadable_files_are_problems_not_crashes(gold, got):
    item(got, JAN, "02").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    report = score(gold, got)
    assert any("YAML error" in p for p in report.problems)
    assert report.percent_of("decisions") < 100


def test_meeting_filter(gold, got):
    edit(got / JAN / "index.md", lambda m: m.update(venue="Bevin Hall"))
    only_nov = score(gold, got, meetings=["2012-11-02-iib"])
    assert only_nov.right == only_nov.total > 50
    assert "people" not in only_nov.tally()
    assert score(gold, got, meetings=["2014-01-21-iib"]).percent_of("meeting") < 100


def test_the_command_prints_a_table_and_writes_json(gold, got, tmp_path):
    (got / "people/res.md").write_text("---\nname: res\nkind: officer\n---\n")
    out = tmp_path / "score.json"
    run = subprocess.run([sys.executable, str(ROOT / "bench/importing/score.py"), "--gold", str(gold),
                          "--got", str(got), "--json", str(out)], capture_output=True, text=True, check=True)
    assert "people" in run.stdout and "overall" in run.stdout
    assert "junk person res" in run.stdout
    data = json.loads(out.read_text())
    assert data["total"] - data["right"] == 1
    assert data["categories"]["people"]["right"] < data["categories"]["people"]["total"]


def test_similarity_is_about_words_not_layout():
    assert same_text("The Board **noted** the report.", "the board noted the report")
    assert same_text("Programme Manager – Transparency", "Programme Manager - Transparency")
    assert not same_text("The Board noted the report.", "The Board rejected the report.")
    long = " ".join(f"word{n}" for n in range(200))
    assert similarity(long, long.replace("word7 ", "")) > 0.99
    assert not same_text(long, " ".join(f"word{n}" for n in range(150)))
