"""Interests (issue 17, part 6): declarations of interest as an open dataset and as a register on each person's
page, by meeting and item. A declaration in an unpublished item is withheld with it; one in an exempt item keeps
who declared and the item, not the interest. Error cases: tests/fixtures/errors (declaration-fields,
declaration-refs)."""

from __future__ import annotations

import json
import re
import shutil

from conftest import FIXTURES, ROOT, csv_in_zip
from test_votes import page, squash

from boardpapers.pipeline import Options, build


def register_rows(html: str) -> list[str]:
    section = html[html.index('id="interests"'):]
    return [squash(r) for r in re.findall(r"<tr>(.*?)</tr>", section[:section.index("</table>")], re.S)][1:]


def test_a_persons_register_of_interests_links_each_item(records_outputs):
    html = page(records_outputs, "people/ann-chair/index.html")
    assert register_rows(html) == ["IB 21 January 2014 2. Peer challenge Trustee of the Peer Trust"]
    assert '<a href="/papers/meetings/2014-01-21-iib/2/">2. Peer challenge</a>' in html
    dan = page(records_outputs, "people/dan-member/index.html")
    assert register_rows(dan) == ["IB 21 January 2014 3. Contract award Not published: the item is exempt"]
    assert "Interests declared" not in page(records_outputs, "people/cat-member/index.html")


def test_the_interest_declared_in_an_exempt_item_is_withheld_everywhere(records_outputs):
    meeting = squash(page(records_outputs, "meetings/2014-01-21-iib/index.html"))
    assert "Dan Member 3. Contract award Not published: the item is exempt" in meeting
    for path, data in records_outputs.items():
        assert b"zqrecordswithheldzq" not in data and b"Bidco" not in data, path


def test_declarations_dataset(records_outputs):
    rows = json.loads(records_outputs["data/declarations.json"])["records"]
    assert rows == [
        {"id": "2014-01-21-iib/declarations/1", "meeting_id": "2014-01-21-iib", "date": "2014-01-21",
         "person_id": "ann-chair", "item_number": "2", "item_id": "2014-01-21-iib/2",
         "interest": "Trustee of the Peer Trust", "interest_withheld": False,
         "url": "https://example.org/papers/meetings/2014-01-21-iib/#declarations"},
        {"id": "2014-01-21-iib/declarations/2", "meeting_id": "2014-01-21-iib", "date": "2014-01-21",
         "person_id": "dan-member", "item_number": "3", "item_id": "2014-01-21-iib/3", "interest": None,
         "interest_withheld": True, "url": "https://example.org/papers/meetings/2014-01-21-iib/#declarations"},
    ]
    csv = csv_in_zip(records_outputs["data/declarations.csv.zip"]).splitlines()
    assert csv[0] == "id,meeting_id,date,person_id,item_number,item_id,interest,interest_withheld,url"
    assert csv[2].startswith("2014-01-21-iib/declarations/2,2014-01-21-iib,2014-01-21,dan-member,3,"
                             "2014-01-21-iib/3,,true,")


def test_the_sample_declarations(tmp_path):
    """The sample content's two meetings with declarations (2012: no item named; 2014: item 7)."""
    result = build(Options(content_dir=ROOT / "content", out_dir=tmp_path / "site", search=False, write=False))
    rows = json.loads(result.outputs["data/declarations.json"])["records"]
    assert [(r["meeting_id"], r["person_id"], r["item_id"], r["interest"]) for r in rows] == [
        ("2012-09-17-iib", "richard-stay", None, "Interests with Deloitte"),
        ("2012-09-17-iib", "richard-stay", None, "Trustee of the Leadership Centre"),
        ("2014-01-21-iib", "richard-stay", "2014-01-21-iib/7", "Trustee of the Leadership Centre"),
    ]
    stay = result.outputs["people/richard-stay/index.html"].decode()
    assert register_rows(stay)[-1] == ("IIB 21 January 2014 7. Leadership and Localism: Update on progress Trustee of "
                                       "the Leadership Centre")


def test_a_declaration_in_a_draft_item_is_withheld_with_it(tmp_path):
    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    draft = content / "meetings/2014-01-21-iib/04-draft.md"
    draft.write_text("---\nnumber: 4\ntitle: Sale of land\ndraft: true\n---\n")
    meeting = content / "meetings/2014-01-21-iib/index.md"
    meeting.write_text(meeting.read_text().replace("declarations:\n", "declarations:\n  - person: ann-chair\n"
                                                   "    item: 4\n    interest: Director of Draftco\n"))
    result = build(Options(content_dir=content, out_dir=tmp_path / "site", search=False, write=False))
    rows = json.loads(result.outputs["data/declarations.json"])["records"]
    assert [r["item_number"] for r in rows] == ["2"]
    for path, data in result.outputs.items():
        assert b"Draftco" not in data, path
    preview = build(Options(content_dir=content, out_dir=tmp_path / "site", search=False, write=False, drafts=True))
    assert b"Director of Draftco" in preview.outputs["people/ann-chair/index.html"]
