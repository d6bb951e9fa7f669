"""Tables in narrow columns of real PDFs (made by the round-trip pack writer, layout c: two columns, the previous
meeting's note as an "Item | Decisions and actions | Action by" table inside a column): cells that wrap onto the
next line are read back whole, a word the narrow first column broke ('Ite' / 'm') is joined, and the right
column's table keeps its columns (its first cell starts inside the gutter band); a Part 2 reason wrapped before
its paragraph number (layout d). Also, on text: minutes that close with 'The meeting ended at ...' give the
meeting's end, and a note's fused Title row gives the times printed between its date and its venue."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.importing.packs import write_packs  # noqa: E402
from bench.importing.run import run_one  # noqa: E402
from bench.importing.score import score  # noqa: E402
from boardpapers.importer import pdf  # noqa: E402
from boardpapers.importer.minutes import parse_minutes  # noqa: E402
from boardpapers.importer.people import People  # noqa: E402


@pytest.fixture(scope="module")
def seed1_packs(tmp_path_factory) -> list[Path]:
    return write_packs(tmp_path_factory.mktemp("packs"), ["c", "d"], "bench", seed=1, packs=2)


@pytest.fixture(scope="module")
def columns_pack(seed1_packs) -> Path:
    """Seed 1's second bench meeting in layout c: its note's owners are two-word names in a narrow column."""
    return next(p for p in seed1_packs if "caypb" in p.name and p.stem.endswith("-c"))


def test_a_letter_a_narrow_agenda_cell_broke_off_goes_back(seed1_packs):
    """'3.08p' / 'm' in the timing column of a two-column agenda, also beside the reason line under a row."""
    pack = next(p for p in seed1_packs if "eehatb" in p.name and p.stem.endswith("-c"))
    text, _ = pdf.extract(pack)
    timings = re.findall(r"\t(\d{1,2}(?:\.\d\d)?[ap] ?m?)\t", text)
    assert timings and all(t.endswith("pm") or t.endswith("am") for t in timings), timings
    assert not re.search(r"Schedule\tm$", text, re.M)


def test_a_reason_wrapped_before_its_paragraph_number_is_read_and_the_agenda_goes_on(seed1_packs, tmp_path):
    """Layout d's Part 2: 'Reason: Paragraph' / '3 of Schedule 12A: ...' is the reason, not agenda item 3 (which
    ended the agenda there and lost the next Part 2 item)."""
    pack = next(p for p in seed1_packs if "eehatb" in p.name and p.stem.endswith("-d"))
    gold = pack.with_suffix(".gold") / "content"
    spec = yaml.safe_load((pack.with_suffix(".gold") / "import.yaml").read_text())
    result = run_one({"name": "d", "set": "held out", "source": pack, "args": spec["args"], "gold": gold},
                     tmp_path, timeout=600)
    assert not result["error"], result["error"]
    exempt = [f for f in score(gold, tmp_path / "d" / "content").fields if f.category == "exempt"]
    assert len(exempt) >= 4 and all(f.right for f in exempt), [(f.where, f.gold, f.got) for f in exempt]


def test_wrapped_cells_of_a_narrow_table_are_read_whole(columns_pack):
    text, _ = pdf.extract(columns_pack)
    lines = text.splitlines()
    headers = [line for line in lines if "Decisions and actions" in line]
    assert headers and all(line.strip().split("\t")[0] == "Item" for line in headers), headers
    after = [lines[i + 1].strip() for i, line in enumerate(lines[:-1]) if "Decisions and actions" in line]
    assert "m" not in after  # no fragment of 'Item' left on a line of its own
    rows = [line for line in lines if re.match(r"^\d+\t\*\*", line)]  # the note's item rows
    owners = [line.split("\t")[2] for line in rows if len(line.split("\t")) == 3]
    assert owners and all(len(owner.split()) >= 2 for owner in owners), rows  # 'Elaine Campbell', not 'Elaine'
    # a right-column row of the table keeps the table's columns: no stray leading cells
    assert not [line for line in lines if re.match(r"^\t+(?:Item|\d+)\t", line)], "rows with the left column's cells"


def test_a_two_column_note_imports_its_owners_and_minutes(columns_pack, tmp_path):
    gold = columns_pack.with_suffix(".gold") / "content"
    spec = yaml.safe_load((columns_pack.with_suffix(".gold") / "import.yaml").read_text())
    result = run_one({"name": "c", "set": "held out", "source": columns_pack, "args": spec["args"], "gold": gold},
                     tmp_path, timeout=600)
    assert not result["error"], result["error"]
    report = score(gold, tmp_path / "c" / "content")
    cats = report.tally()
    wrong = [f for f in report.wrong() if f.category in ("actions", "minutes")]
    owners = [f for f in wrong if f.where.endswith(".owner")]
    assert not owners, [(f.where, f.gold, f.got) for f in owners]
    assert not [f for f in wrong if "Decisions and actions" in str(f.got)], cats


def test_minutes_that_close_with_their_time_give_the_meeting_end():
    note = ("MINUTES of a meeting of the Community Wellbeing Board held on Monday, 14 September 2009 at 10.30 am, "
            "Town Hall\n\n1.    APOLOGIES\n\nThere were none.\n\n2.    HOUSING\n\nThe Board noted the report.\n\n"
            "**Agenda Item 1a**\n\nThe meeting ended at 1.05 pm.\n")
    minutes = parse_minutes(note, People())
    assert minutes.meta.get("start") == "10:30" and minutes.meta.get("end") == "13:05", minutes.meta
    assert "ended" not in minutes.items[-1].minutes and "Agenda Item" not in minutes.items[-1].minutes


def test_a_note_title_row_with_the_times_before_the_venue_gives_start_end_and_venue():
    note = ("Note of decisions taken and actions required\n\n"
            "| Title: | Community Wellbeing Board Monday 14 September 2009 10.30 am – 12.00 pm Smith Square 1&2 | |\n"
            "|---|---|---|\n| Date: | | |\n| Venue: | | |\n| Attendance | | |\n"
            "| Position | Councillor | Council / Representing |\n| Chair | Peter Fleming | Sevenoaks DC |\n\n"
            "Item Decisions and actions\n\n1. Welcome\n\nThe Chair welcomed members.\n")
    minutes = parse_minutes(note, People())
    assert (minutes.meta.get("start"), minutes.meta.get("end"), minutes.meta.get("venue")) == (
        "10:30", "12:00", "Smith Square 1&2"), minutes.meta


@pytest.fixture(scope="module")
def sample_pack_a(tmp_path_factory) -> Path:
    (pack,) = write_packs(tmp_path_factory.mktemp("sample"), ["a"], "sample", seed=1)
    return pack


def test_a_bold_title_wrapped_in_its_cell_is_one_bold_run(sample_pack_a):
    """The note table of the sample pack (layout a): an item title that wraps in its cell is read back as one
    bold title, which the note's item rows are found by ('6<TAB>**Leadership ... Castle and Next ...**')."""
    text, _ = pdf.extract(sample_pack_a)
    assert re.search(r"^6\t\*\*Leadership & Localism: Update on recruitment to ngdp, Leeds Castle and Next "
                     r"Generation programmes\*\*$", text, re.M), [x for x in text.splitlines() if "Leeds Castle" in x]


def test_a_note_item_with_a_long_wrapped_title_keeps_its_minutes_and_decision(sample_pack_a, tmp_path):
    """The same pack imported with the CLI: item 6 of the note (a 14-word title that wraps in its cell) is an item
    of its own. The blank under the title row and the one the row's gap printed had read as a page break, so the
    title, too long for an item heading, was joined to the first paragraph as a sentence the break had cut: item 6
    was lost and its minutes, decision and action went to item 5."""
    gold = sample_pack_a.with_suffix(".gold") / "content"
    spec = yaml.safe_load((sample_pack_a.with_suffix(".gold") / "import.yaml").read_text())
    result = run_one({"name": "a", "set": "tuning", "source": sample_pack_a, "args": spec["args"], "gold": gold},
                     tmp_path, timeout=600)
    assert not result["error"], result["error"]
    note = tmp_path / "a" / "content" / "meetings" / "2012-09-17-iib"
    (six,) = note.glob("06-*.md")
    head = yaml.safe_load(six.read_text(encoding="utf-8").split("---")[1])
    assert head["title"].startswith("Leadership & Localism: Update on recruitment"), head["title"]
    assert "Pascoe Sawyers introduced the paper" in six.read_text(encoding="utf-8")
    assert "composition of the 2012 programmes" in str(head.get("decisions")), head.get("decisions")
    (five,) = note.glob("05-*.md")
    assert "Pascoe Sawyers introduced the paper" not in five.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schedule_pack(tmp_path_factory) -> Path:
    """Seed 2's second bench meeting in layout c: an action monitor schedule, a ruled table in a narrow column."""
    packs = write_packs(tmp_path_factory.mktemp("schedule"), ["c"], "bench", seed=2, packs=2)
    return next(p for p in packs if "2010-07-13-iaib" in p.name)


def test_a_ruled_table_in_a_narrow_column_keeps_its_cells(schedule_pack):
    """The schedule's cells sit 12 pt apart (under the usual gap between cells), with a rule between them: the
    rule parts them, so each row reads as its four cells, and words the cells cut ('impr-' / 'ovement') are
    whole again."""
    text, _ = pdf.extract(schedule_pack)
    head = text.index("## Action Monitor Schedule")
    rows = [line.split("\t") for line in text[head:].splitlines()[:20] if re.match(r"^\d\t", line)]
    assert len(rows) == 5, rows
    assert all(len(row) == 4 for row in rows), rows
    assert rows[4][1] == "Officers to report back on sector-led improvement.", rows[4]
    assert rows[0][2] == "Completed: report back on the improvement offer.", rows[0]
    assert [row[3].replace(" ", "").lower() for row in rows] == ["done", "inprogress", "done", "done", "inprogress"]


def test_a_schedule_in_a_narrow_column_imports_its_updates(schedule_pack, tmp_path):
    gold = schedule_pack.with_suffix(".gold") / "content"
    spec = yaml.safe_load((schedule_pack.with_suffix(".gold") / "import.yaml").read_text())
    result = run_one({"name": "c", "set": "held out", "source": schedule_pack, "args": spec["args"], "gold": gold},
                     tmp_path, timeout=600)
    assert not result["error"], result["error"]
    report = score(gold, tmp_path / "c" / "content")
    wrong = [(f.where, f.gold, f.got) for f in report.wrong() if f.category == "updates"]
    assert report.tally().get("updates") and not wrong, wrong


def test_recommendations_that_wrap_in_a_narrow_column_are_read_whole(tmp_path):
    """Seed 3's first bench meeting in layout c: '1. Comment on the draft response on hospital' / 'discharge.'
    (a numbered recommendation wrapped in its column) is one recommendation, not its first line."""
    packs = write_packs(tmp_path / "packs", ["c"], "bench", seed=3, packs=2)
    pack = next(p for p in packs if "2014-01-30-cwb" in p.name)
    gold = pack.with_suffix(".gold") / "content"
    spec = yaml.safe_load((pack.with_suffix(".gold") / "import.yaml").read_text())
    result = run_one({"name": "c", "set": "held out", "source": pack, "args": spec["args"], "gold": gold},
                     tmp_path, timeout=600)
    assert not result["error"], result["error"]
    report = score(gold, tmp_path / "c" / "content")
    wrong = [(f.where, f.gold, f.got) for f in report.wrong() if f.category == "recommendations"]
    assert report.tally().get("recommendations") and not wrong, wrong
