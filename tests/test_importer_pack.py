"""One command per pack (issue 14): a later year's pack with the debris real extracts carry, as text and as a
real PDF, becomes its meeting, the previous meeting's minutes, the board's membership and attendance, all drafts;
a build right after the import publishes nothing new; `publish` makes it public only once check passes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from boardpapers import cli
from boardpapers.content import yamlread
from boardpapers.content.read import split_front_matter
from boardpapers.importer import main
from boardpapers.importer.plan import REVIEW
from boardpapers.pipeline import Options, build
from tests.pdfmaker import write_pack

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
MEETING, PREVIOUS = "2017-03-09-iib", "2016-12-01-iib"


def read(path: Path) -> dict:
    return yamlread.load(split_front_matter(path.read_text(encoding="utf-8"))[0])


def items(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.md")):
        meta = read(path)
        meta["_body"] = split_front_matter(path.read_text(encoding="utf-8"))[1]
        out["index" if path.name == "index.md" else str(meta["number"])] = meta
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    """A site with the sample's boards (no membership years beyond the sample's) and people, no meetings."""
    content = tmp_path / "content"
    (content / "people").mkdir(parents=True)
    (content / "boards").mkdir()
    shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
    for folder in ("people", "boards"):
        for path in (ROOT / "content" / folder).glob("*.md"):
            text = path.read_text(encoding="utf-8")
            (content / folder / path.name).write_text(text[: text.index("\n---", 3) + 5], encoding="utf-8")
    return content


def pdf_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack.pdf", (FIXTURES / "pack-pdf.txt").read_text(encoding="utf-8"),
                      "Improvement and Innovation Board 9 March 2017")


def check_the_pack(content: Path) -> None:
    """What both the text extract and the PDF of the same pack must import as."""
    got = items(content / "meetings" / MEETING)
    index = got["index"]
    assert (index["date"].isoformat(), index["start"], index["end"]) == ("2017-03-09", "11:00", "13:00")
    assert index["venue"] == "Westminster Suite, 8th Floor, 18 Smith Square, London, SW1P 3HZ"
    assert index["draft"] is True and str(index["next_meeting"]) == "2017-05-25"
    assert sorted(k for k in got if k != "index") == ["1", "2", "3", "4", "5", "6"]
    # the agenda's header row starts with an empty cell; titles, page ranges and the confidential section
    assert got["3"]["title"] == "Productivity Update" and "| 3. Productivity Update |  | 13-20 |" in index["_body"]
    assert got["5"]["exempt"].startswith("Paragraph 3: Information relating to the financial or business")
    assert set(got["5"]) == {"number", "title", "exempt", "draft", "_body"} and not got["5"]["_body"].strip()
    assert "exempt" not in got["6"]  # Date of next meeting, after the confidential item, is public
    # the report under a misplaced "Agenda Item 3" mark is item 2 by its title; its debris is gone
    report = got["2"]
    assert report["title"] == "Sector-Led Improvement: Peer Challenge Update"
    assert report["summary"].endswith("delivered in 2016/17, costing £6.72 million.")
    assert report["recommendations"] == ["That the Board note the update."]
    assert report["contacts"][0]["person"] == "jane-bloggs"
    assert got["3"]["recommendations"][1] == "Agree the priorities for 2017/18."
    assert got["4"]["_body"].strip() == ""  # its paper is the previous meeting's note: that meeting now
    # the previous meeting, from the note printed as item 4
    previous = items(content / "meetings" / PREVIOUS)
    attendance = previous["index"]["attendance"]
    assert [a["person"] for a in attendance["present"]] == ["peter-fleming", "sharon-taylor", "jonathan-owen",
                                                            "glen-sanderson"]
    assert attendance["apologies"] == ["teresa-oneill", "sian-timoney"]
    assert {d["person"] for d in previous["index"]["declarations"]} == {"glen-sanderson", "jonathan-owen"}
    assert [(d["verb"], d["text"]) for d in previous["2"]["decisions"]] == [
        ("agreed", "that the peer challenge offer should be extended to fire authorities."),
        ("noted", "the report."), ("provided guidance", "on the future of the programme.")]  # across a page break
    assert [d["verb"] for d in previous["3"]["decisions"]] == ["welcomed", "asked"]
    assert previous["2"]["actions"] == [{"text": "Officers to report back on the fire peer challenge pilot.",
                                         "owner": "dennis-skinner"}]
    # the membership list: roles on the next line, substitutes over a page break, observers with no council
    board = read(content / "boards" / "iib.md")
    assert board["draft_membership"] == ["2016/17"]
    members = {m["person"]: m for m in board["membership"]["2016/17"]}
    assert members["peter-fleming"]["role"] == "Chair" and members["peter-fleming"]["group"] == "Conservative"
    assert members["philippa-roe"] == {"person": "philippa-roe", "role": "Substitute", "group": "Conservative",
                                       "council": "Westminster City Council"}
    assert members["ruth-dombey"]["role"] == "Vice-Chair" and members["sharon-taylor"]["role"] == "Deputy Chair"
    assert members["richard-priestman"] == {"person": "richard-priestman", "role": "Observer"}
    assert read(content / "people" / "philippa-roe.md") == {"name": "Philippa Roe", "kind": "councillor",
                                                            "council": "Westminster City Council", "draft": True}
    written = "\n".join(p.read_text(encoding="utf-8") for p in (content / "meetings").rglob("*.md"))
    for debris in ("Page 9", "9 March 2017\n", "$\\pounds", "<a href", "the the", "Covernment", "Restricted"):
        assert debris not in written, debris


def test_a_later_pack_imports_whole_with_one_command(project, capsys):
    assert main([str(FIXTURES / "pack-later.txt"), "--meeting", MEETING, "--content", str(project)]) == REVIEW
    out = capsys.readouterr().out
    check_the_pack(project)
    source = str(FIXTURES / "pack-later.txt")
    for code, line in (("duplicate-row", 77), ("fuzzy-name", 79), ("doubled-word", 124)):
        assert f"{source}:{line}: warning[{code}]:" in out, (code, out)
    assert "people/jonathan-owen.md: new person (councillor, draft)" in out
    assert not (project / "people" / "yes.md").exists() and not list((project / "people").glob("*-council*.md"))


def test_a_pdf_pack_imports_through_the_command_line(project, tmp_path, capsys):
    pdf = pdf_pack(tmp_path)
    assert cli.main(["import", str(pdf), "--meeting", MEETING, "--content", str(project)]) == REVIEW
    out = capsys.readouterr().out
    check_the_pack(project)
    assert re.search(rf"{re.escape(str(pdf))}:\d+: warning\[duplicate-row\]: .* \(page 4\)", out), out


def test_dry_run_writes_nothing_not_even_the_board(project, capsys):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code = main([str(FIXTURES / "pack-later.txt"), "--meeting", MEETING, "--content", str(project), "--dry-run"])
    assert code == REVIEW
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    out = capsys.readouterr().out
    assert "would write" in out and "draft_membership: [2016/17]" in out and "warning[" in out


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_after_an_import_publishes_nothing_new_until_publish(tmp_path, capsys):
    for folder in ("content", "layouts", "assets"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    content, site = tmp_path / "content", tmp_path / "site"
    options = {"content_dir": content, "out_dir": site, "search": False, "cache": False}
    build(Options(**options))
    before = _tree(site)
    assert main([str(FIXTURES / "pack-later.txt"), "--meeting", MEETING, "--content", str(content)]) == REVIEW
    build(Options(**options))
    assert _tree(site) == before  # no meeting, item, person or membership year of the import reached site/
    capsys.readouterr()
    # the clerk links item 4 to the note's meeting; publish refuses while that one is a draft, at the line
    item = next((content / "meetings" / MEETING).glob("04-*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "The note is [[2016-12-01-iib]].\n", encoding="utf-8")
    assert cli.main(["publish", MEETING, "--content", str(content)]) == 1
    err = capsys.readouterr().err
    located = rf"{re.escape(str(item))}:\d+(:\d+)?: error\[unpublished-ref\]: links to '2016-12-01-iib'"
    assert re.search(located, err), err
    assert read(content / "meetings" / MEETING / "index.md")["draft"] is True  # nothing changed
    assert cli.main(["publish", MEETING, PREVIOUS, "--content", str(content)]) == 0
    assert "draft" not in read(content / "meetings" / MEETING / "index.md")
    assert "draft" not in read(content / "people" / "jonathan-owen.md")
    assert "draft_membership" not in read(content / "boards" / "iib.md")
    build(Options(**options))
    after = _tree(site)
    assert "meetings/2017-03-09-iib/2/index.html" in after and "people/jonathan-owen/index.html" in after
    assert b"Leadership Centre Contract" in after["meetings/2017-03-09-iib/5/index.html"]
    assert b"2016/17" in after["boards/iib/index.html"]


def test_publish_refuses_a_meeting_with_files_imported_beside_existing_ones(project, capsys):
    assert main([str(FIXTURES / "pack-later.txt"), "--meeting", MEETING, "--content", str(project)]) == REVIEW
    folder = project / "meetings" / MEETING
    (folder / "index.md.imported").write_text("---\nboard: iib\n---\n", encoding="utf-8")
    assert cli.main(["publish", MEETING, PREVIOUS, "--content", str(project)]) == 1
    assert ".imported" in capsys.readouterr().err
    assert read(folder / "index.md")["draft"] is True
