"""Publishing rules end to end (issue #5): drafts, embargoes and exempt items, over the `safety` fixture.

The fixture holds, beside ordinary published papers:
- item 2014-03-18-iib/3: exempt, with a canary in every field and in the body;
- item 2014-03-18-iib/4: `draft: true`; item 2014-03-18-iib/5: `publish_from: 2026-01-01T09:00`;
- meeting 2019-07-07-iib: `draft: true`; meeting 2029-05-05-iib: `publish_from: 2026-01-01T09:00`;
- papers zqcanarydpidzq (draft) and zqcanaryepidzq (embargoed).
Every withheld word starts with `zqcanary`; `test_canaries.py` scans the full build (with search) for them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, run_build, unpacked

from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build

SAFETY = FIXTURES / "safety" / "content"
EMBARGO = dt.datetime(2026, 1, 1, 9, 0)
BEFORE, AFTER = EMBARGO - dt.timedelta(minutes=1), EMBARGO + dt.timedelta(minutes=1)

DRAFT_ITEM, EMBARGOED_ITEM, EXEMPT_ITEM = "2014-03-18-iib/4", "2014-03-18-iib/5", "2014-03-18-iib/3"
DRAFT_MEETING, EMBARGOED_MEETING = "2019-07-07-iib", "2029-05-05-iib"
DRAFT_PAPER, EMBARGOED_PAPER = "zqcanarydpidzq", "zqcanaryepidzq"
# What must never appear in any output file while the documents are withheld: their ids, URLs and words.
WITHHELD_MARKS = ("zqcanary", DRAFT_MEETING, EMBARGOED_MEETING, "2019-07-07", "2029-05-05",
                  f"/meetings/{DRAFT_ITEM}/", f"/meetings/{EMBARGOED_ITEM}/", "23:58", "23:57", "23:59")


def build_safety(out: Path, now: dt.datetime, drafts: bool = False, content: Path = SAFETY, search: bool = False):
    return build(Options(cache=False, content_dir=content, out_dir=out, now=now, drafts=drafts, search=search))


def site_files(root: Path) -> dict[str, bytes]:
    """Every file's bytes, gzip and zip files unpacked (what a reader of the site gets)."""
    return {p.relative_to(root).as_posix(): unpacked(p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}


def find_marks(root: Path, marks) -> list[str]:
    """Every (file, mark) where a mark appears in a file's bytes or its path, case-insensitively."""
    hits = []
    for rel, data in site_files(root).items():
        haystack = rel.lower().encode() + b"\n" + data.lower()
        hits += [f"{rel}: {mark}" for mark in marks if mark.lower().encode() in haystack]
    return hits


class Rows(HTMLParser):
    """The agenda table's rows (the item number, in its span) and every element id and href of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.numbers: list[str] = []
        self.hrefs: list[str] = []
        self.classes: list[str] = []
        self._in_agenda = self._row = self._cell = False
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "table" and "agenda" in (attrs.get("class") or ""):
            self._in_agenda = True
        elif self._in_agenda and tag == "tr":
            self._row, self._cell = True, False
        elif self._in_agenda and self._row and tag == "span" and "item-number" in (attrs.get("class") or ""):
            self._cell, self._text = True, ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_agenda = False
        elif tag == "span" and self._cell and self._row:
            self.numbers.append(self._text.strip().rstrip("."))
            self._row = self._cell = False

    def handle_data(self, data):
        if self._cell and self._row:
            self._text += data


def page(root: Path, url_path: str) -> str:
    return (root / url_path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("publishing") / "site"
    return out, build_safety(out, BEFORE)


def test_withheld_documents_are_not_built(before):
    out, _ = before
    for path in (f"meetings/{DRAFT_MEETING}", f"meetings/{EMBARGOED_MEETING}", f"meetings/{DRAFT_ITEM}",
                 f"meetings/{EMBARGOED_ITEM}", f"papers/{DRAFT_PAPER}", f"papers/{EMBARGOED_PAPER}"):
        assert not (out / path).exists(), path
    # The published documents around them are there, so the absence above means something.
    for path in ("meetings/2014-03-18-iib", "meetings/2014-01-21-iib/2", f"meetings/{EXEMPT_ITEM}",
                 "papers/published-paper", "people/pat-presenter"):
        assert (out / path / "index.html").is_file(), path


def test_withheld_documents_leave_no_trace_in_any_file(before):
    out, _ = before
    assert len(site_files(out)) > 15
    assert find_marks(out, WITHHELD_MARKS) == []


def test_withheld_documents_are_not_in_the_graph(before):
    _, result = before
    graph = result.graph
    for ident in (DRAFT_ITEM, EMBARGOED_ITEM, DRAFT_MEETING, EMBARGOED_MEETING, DRAFT_PAPER, EMBARGOED_PAPER,
                  f"{DRAFT_MEETING}/1", f"{EMBARGOED_MEETING}/1", "zqcanarydidecisionidzq", "zqcanaryexactionidzq"):
        assert graph.kind_of(ident) == "", ident
    # Exempt: the item itself stays linkable (it is named on the agenda); its parts are withheld.
    assert graph.kind_of(EXEMPT_ITEM) == "item"
    assert graph.withheld["zqcanaryexdecisionidzq"] == "exempt"
    assert graph.withheld[DRAFT_ITEM] == "a draft"
    assert graph.withheld[EMBARGOED_ITEM] == "embargoed until 2026-01-01T09:00"
    assert not [t for t in graph.topics if "zqcanary" in t]
    assert not [u for u in graph.updates.values() if "zqcanary" in u.progress]
    # Backlinks: unpublished and exempt text links to item 2; only the published paper's link is remembered.
    assert graph.backlinks["2014-01-21-iib/2"] == ("published-paper",)
    assert graph.followed_by["2014-01-21-iib/2"] == ("2014-03-18-iib/1",)


def test_agenda_lists_published_and_exempt_items_only(before):
    out, _ = before
    agenda = Rows(page(out, "meetings/2014-03-18-iib"))
    assert agenda.numbers == ["1", "3"]
    html = page(out, "meetings/2014-03-18-iib")
    assert "Contract award" in html and "Paragraph 3 of Schedule 12A" in html


def test_exempt_item_page_shows_number_title_and_reason_only(before):
    out, _ = before
    html = page(out, f"meetings/{EXEMPT_ITEM}")
    assert "Contract award" in html
    assert "Paragraph 3 of Schedule 12A: financial or business affairs" in html
    assert "Item 3" in html
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    # Nothing of the report's structure is rendered for it: no sections, no people, no topics.
    for absent in ('id="summary"', 'id="minutes"', 'id="decisions"', 'id="report"', "/people/", "/topics/",
                   'id="attachments"', "Pat Presenter", "Quinn Owner"):
        assert absent not in main, absent
    # The people its fields named learn nothing from it.
    for person in ("pat-presenter", "quinn-owner"):
        assert f"/meetings/{EXEMPT_ITEM}/" not in page(out, f"people/{person}")


def test_backlinks_and_follow_ups_from_withheld_items_are_not_shown(before):
    out, _ = before
    html = page(out, "meetings/2014-01-21-iib/2")
    links_here = html.split('id="mentioned-in"', 1)[1].split("</ul>", 1)[0]
    assert Rows(links_here).hrefs == ["/papers/published-paper/"]
    history = html.split('id="history"', 1)[1].split("</ul>", 1)[0]
    assert [h for h in Rows(history).hrefs if h.startswith("/meetings/")] == ["/meetings/2014-03-18-iib/1/"]
    # Item 1 of the January meeting links to the exempt item: that link is allowed and shown.
    assert f"/meetings/{EXEMPT_ITEM}/" in Rows(page(out, "meetings/2014-01-21-iib/1")).hrefs


@pytest.mark.parametrize(("now", "published"), [(BEFORE, False), (EMBARGO, True), (AFTER, True)],
                         ids=["one-minute-before", "at-publish-from", "one-minute-after"])
def test_embargo_flips_exactly_at_publish_from(tmp_path, now, published):
    out = tmp_path / "site"
    result = build_safety(out, now)
    for path in (f"meetings/{EMBARGOED_ITEM}", f"meetings/{EMBARGOED_MEETING}", f"meetings/{EMBARGOED_MEETING}/1",
                 f"papers/{EMBARGOED_PAPER}"):
        assert (out / path / "index.html").is_file() == published, (path, now)
    words = ("zqcanaryeititlezq", "zqcanaryembodyzq", "zqcanaryeptitlezq", "zqcanaryemitemsummaryzq")
    assert bool(find_marks(out, words)) == published
    if published:
        assert Rows(page(out, "meetings/2014-03-18-iib")).numbers == ["1", "3", "5"]
        assert Rows(page(out, f"meetings/{EMBARGOED_MEETING}")).numbers == ["1"]
        assert EMBARGOED_ITEM not in result.graph.withheld
    else:
        assert result.graph.withheld[EMBARGOED_MEETING].startswith("embargoed until")
    # Drafts stay out whatever the clock says.
    assert not (out / "meetings" / DRAFT_MEETING).exists()
    assert not find_marks(out, ("zqcanarydi", "zqcanarydm", "zqcanarydp", "zqcanaryex"))


@pytest.mark.parametrize(("now", "published"), [("2026-01-01T08:59", False), ("2026-01-01T09:00", True)])
def test_now_option_of_the_command_line(tmp_path, now, published):
    done = run_build("--content", str(SAFETY), "--out", str(tmp_path / "site"), "--now", now, "--no-search",
                     "--no-cache")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "meetings" / EMBARGOED_MEETING / "index.html").is_file() == published


def test_without_now_the_build_uses_the_current_time(tmp_path):
    content = shutil.copytree(SAFETY, tmp_path / "content")
    # Move the embargo to ten minutes from now: still withheld; then to ten minutes ago: published.
    meeting = content / "meetings" / EMBARGOED_MEETING / "index.md"
    text = meeting.read_text()
    local_now = dt.datetime.now(dt.UTC).astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    for delta, published in ((10, False), (-10, True)):
        when = (local_now + dt.timedelta(minutes=delta)).strftime("%Y-%m-%dT%H:%M")
        meeting.write_text(text.replace("publish_from: 2026-01-01T09:00", f"publish_from: {when}"))
        out = tmp_path / f"site{delta}"
        build(Options(cache=False, content_dir=content, out_dir=out, now=None, search=False))
        assert (out / "meetings" / EMBARGOED_MEETING / "index.html").is_file() == published, when


def test_drafts_option_shows_drafts_with_a_banner(tmp_path):
    """A draft's own page says it is a draft; every other page of a preview says that the site shows drafts, as
    its decisions, actions, topics, registers and home page may (issue 13, item 17). Feeds, calendars and open
    data, which other programs read without any banner, are made from the published papers only."""
    out = tmp_path / "site"
    build_safety(out, AFTER, drafts=True)
    own = {f"meetings/{DRAFT_MEETING}", f"meetings/{DRAFT_MEETING}/1", f"meetings/{DRAFT_ITEM}",
           f"papers/{DRAFT_PAPER}"}
    for path in own:
        assert "banner-draft" in Rows(page(out, path)).classes, path
        assert "This page is a draft" in page(out, path), path
    pages = [p.relative_to(out).parent.as_posix() for p in out.rglob("index.html")]
    assert len(pages) > 30
    for path in set(pages) - own:
        assert "banner-draft" in Rows(page(out, path.replace(".", ""))).classes, path
    # the pages that carry a draft's words: its decision and action, its topic, the registers, the home page
    for path in ("actions/zqcanarydiactionidzq", "topics/zqcanaryditopiczq", "decisions", "actions", "",
                 "meetings/2014-01-21-iib/2"):
        text = page(out, path)
        assert "zqcanaryd" in text and "Preview with drafts" in text, path
    outside = [p for p in out.rglob("*") if p.suffix in (".xml", ".ics", ".json", ".csv") and p.name != "sitemap.xml"]
    assert len(outside) > 20 and any(p.name == "feed.xml" for p in outside)
    assert [p.name for p in outside if b"zqcanaryd" in p.read_bytes()] == []
    assert b"2014-03-18-iib/1" in (out / "data" / "items.json").read_bytes()  # published items are there
    assert Rows(page(out, "meetings/2014-03-18-iib")).numbers == ["1", "3", "4", "5"]
    # Even in a preview, an exempt item stays exempt.
    assert not find_marks(out, ("zqcanaryex",))


def test_a_next_meeting_only_a_draft_names_is_announced_in_the_preview_only(tmp_path):
    """An imported meeting is a draft until published; the date of the next meeting its papers give must not put
    an announced meeting in the calendars, feeds or pages of the published site (nor break them)."""
    content = edited_project(tmp_path, "meetings/2019-07-07-iib/index.md", "draft: true\n",
                             "draft: true\nnext_meeting: 2031-02-03\n")
    for drafts in (False, True):
        out = tmp_path / f"site-{drafts}"
        build(Options(cache=False, content_dir=content, out_dir=out, now=AFTER, drafts=drafts, search=False))
        own = out / "meetings" / "2031-02-03-iib"  # the preview's page of the announced meeting
        outside = [p for p in out.rglob("*") if p.suffix in (".xml", ".ics", ".json", ".csv") and own not in p.parents
                   and not (drafts and p.name == "sitemap.xml")]
        assert outside and [p.name for p in outside if b"2031" in p.read_bytes()] == []
        assert own.exists() == drafts


def test_drafts_preview_still_respects_embargoes(tmp_path):
    out = tmp_path / "site"
    build_safety(out, BEFORE, drafts=True)
    assert (out / "meetings" / DRAFT_ITEM / "index.html").is_file()
    assert not (out / "meetings" / EMBARGOED_ITEM).exists()
    assert not (out / "meetings" / EMBARGOED_MEETING).exists()
    assert not find_marks(out, ("zqcanaryei", "zqcanaryem", "zqcanaryep", "zqcanaryex"))


# -- a published page may not link to what is withheld


def edited_project(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    content = shutil.copytree(SAFETY, tmp_path / "content")
    path = content / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))
    return content


def errors_of(content: Path, now: dt.datetime = BEFORE, drafts: bool = False) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(Options(cache=False, content_dir=content, out_dir=content.parent / "site", now=now, drafts=drafts,
                      search=False))
    return [d.format().split("\n")[0] for d in failed.value.diagnostics.sorted()]


ITEM2 = "meetings/2014-01-21-iib/02-peer-challenge.md"
LINK_CASES = {
    # (file, text to replace, replacement, expected diagnostic)
    "body-to-draft-item": (
        ITEM2, "(zqcontrolbodyzq)", "(zqcontrolbodyzq) [[2014-03-18-iib/4]]",
        f"content/{ITEM2}:32: error[unpublished-ref]: links to '2014-03-18-iib/4', which is a draft"),
    "body-to-embargoed-meeting": (
        ITEM2, "(zqcontrolbodyzq)", "(zqcontrolbodyzq) [[2029-05-05-iib|the May meeting]]",
        f"content/{ITEM2}:32: error[unpublished-ref]: links to '2029-05-05-iib', which is embargoed until "
        "2026-01-01T09:00"),
    "body-to-exempt-decision": (
        ITEM2, "(zqcontrolbodyzq)", "(zqcontrolbodyzq) [[zqcanaryexdecisionidzq]]",
        f"content/{ITEM2}:32: error[unpublished-ref]: links to 'zqcanaryexdecisionidzq', which is exempt"),
    "body-to-draft-paper": (ITEM2, "(zqcontrolbodyzq)", "(zqcontrolbodyzq) [[zqcanarydpidzq]]",
                            f"content/{ITEM2}:32: error[unpublished-ref]: links to 'zqcanarydpidzq', which is a draft"),
    "front-matter-text-to-item-of-draft-meeting": (
        ITEM2, "Members discussed the findings", "Members ([[2019-07-07-iib/1]]) discussed the findings",
        f"content/{ITEM2}:17:1: error[unpublished-ref]: links to '2019-07-07-iib/1', which is a draft"),
    "recommendation-to-draft-item": (
        ITEM2, "  - Note the findings.", "  - Note the findings of [[2014-03-18-iib/4|the draft]].",
        f"content/{ITEM2}:10:5: error[unpublished-ref]: links to '2014-03-18-iib/4', which is a draft"),
    "follows-embargoed-item": (
        "meetings/2014-03-18-iib/01-actions.md", "follows: 2014-01-21-iib/2", "follows: 2014-03-18-iib/5",
        "content/meetings/2014-03-18-iib/01-actions.md:4:1: error[unpublished-ref]: links to '2014-03-18-iib/5'"),
    "next-meeting-embargoed": (
        "meetings/2014-03-18-iib/index.md", "status: minutes draft",
        "status: minutes draft\nnext_meeting: 2029-05-05-iib",
        "content/meetings/2014-03-18-iib/index.md:5:1: error[unpublished-ref]: links to '2029-05-05-iib'"),
    "update-of-exempt-action": (
        "meetings/2014-03-18-iib/01-actions.md", "action: publish-findings", "action: zqcanaryexactionidzq",
        "content/meetings/2014-03-18-iib/01-actions.md:6:5: error[unpublished-ref]: links to 'zqcanaryexactionidzq', "
        "which is exempt"),
    "paper-to-draft-meeting": (
        "papers/published-paper.md", "links [[2014-01-21-iib/2]]", "links [[2019-07-07-iib]]",
        "content/papers/published-paper.md:9: error[unpublished-ref]: links to '2019-07-07-iib', which is a draft"),
}


@pytest.mark.parametrize("case", sorted(LINK_CASES))
def test_link_from_published_page_to_withheld_is_an_error(tmp_path, case):
    rel, old, new, expected = LINK_CASES[case]
    lines = errors_of(edited_project(tmp_path, rel, old, new))
    assert any(line.startswith(expected) for line in lines), lines
    assert all("unpublished-ref" in line for line in lines), lines


def test_links_inside_unpublished_documents_are_not_errors(tmp_path):
    # The fixture's draft item links to the draft meeting, whose item links back to the draft item; the embargoed
    # meeting's item links to the embargoed item. Built before the embargo, without drafts: no error at all.
    result = build_safety(tmp_path / "site", BEFORE)
    assert not result.diagnostics.has_errors
    # Previewed with --drafts after the embargo, those links resolve and become backlinks.
    result = build_safety(tmp_path / "preview", AFTER, drafts=True)
    assert f"{DRAFT_MEETING}/1" in result.graph.backlinks[DRAFT_ITEM]
    assert f"{EMBARGOED_MEETING}/1" in result.graph.backlinks[EMBARGOED_ITEM]


def test_draft_link_to_embargoed_document_is_an_error_in_preview(tmp_path):
    # A preview shows a draft as it would be published: its link to something still embargoed is reported.
    content = edited_project(tmp_path, "meetings/2014-03-18-iib/04-draft-item.md", "its item [[2019-07-07-iib/1]]",
                             "its item [[2019-07-07-iib/1]] and [[2029-05-05-iib]]")
    lines = errors_of(content, BEFORE, drafts=True)
    assert len(lines) == 1 and "error[unpublished-ref]: links to '2029-05-05-iib', which is embargoed" in lines[0]
    assert re.match(r"^content/meetings/2014-03-18-iib/04-draft-item\.md:\d+: ", lines[0])


# -- incremental builds (the build cache in .cache/) withdraw what becomes unpublished, everywhere


def gz_scan(root: Path, word: str) -> list[str]:
    """Files (search bundle decompressed) whose path or bytes contain `word`."""
    import gzip

    hits = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            while data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            if word.encode() in data.lower() or word in path.as_posix():
                hits.append(path.relative_to(root).as_posix())
    return hits


@pytest.mark.parametrize("change", ["draft", "embargo", "exempt"])
def test_cached_build_withdraws_an_item_that_stops_being_public(tmp_path, change):
    content = shutil.copytree(SAFETY, tmp_path / "content")
    item = content / "meetings" / "2014-01-21-iib" / "01-welcome.md"
    item.write_text(item.read_text().replace("title: Welcome", "title: Welcome\nsummary: zqtogglesummaryzq")
                    + "\nzqtogglebodyzq\n")
    out = tmp_path / "site"

    def again(now=BEFORE):
        return build(Options(content_dir=content, out_dir=out, now=now, search=True, cache=True))

    again()
    assert gz_scan(out, "zqtogglebodyzq") and any(p.startswith("pagefind/") for p in gz_scan(out, "zqtogglebodyzq"))
    extra = {"draft": "draft: true", "embargo": "publish_from: 2030-01-01T09:00",
             "exempt": "exempt: Paragraph 1 of Schedule 12A"}[change]
    item.write_text(item.read_text().replace("title: Welcome\n", f"title: Welcome\n{extra}\n"))
    again()
    assert gz_scan(out, "zqtoggle") == []
    assert (out / "meetings" / "2014-01-21-iib" / "1").exists() == (change == "exempt")
    assert list((tmp_path / "content").parent.glob(".cache/build-*.pickle")), "the build cache was used"


def test_cached_build_at_an_earlier_now_withholds_again(tmp_path):
    # A preview of the future (`--now` after the embargo), then a build at the present: the embargoed papers go.
    content = shutil.copytree(SAFETY, tmp_path / "content")
    out = tmp_path / "site"
    build(Options(content_dir=content, out_dir=out, now=AFTER, search=False, cache=True))
    assert (out / "meetings" / EMBARGOED_MEETING / "index.html").is_file()
    build(Options(content_dir=content, out_dir=out, now=BEFORE, search=False, cache=True))
    assert not (out / "meetings" / EMBARGOED_MEETING).exists()
    assert find_marks(out, WITHHELD_MARKS) == []


def test_clock_set_back_invalidates_the_cache_even_if_no_page_reads_the_clock():
    from boardpapers.cache.incremental import BuildCache, now_matters

    def cache(now, next_embargo):  # a site no page of which shows the clock or the date
        made = BuildCache(now=now, reads_now=False, next_embargo=next_embargo)
        made.reads_today = False
        return made

    built_after = cache(AFTER, None)  # built after every embargo had passed
    assert now_matters(built_after, BEFORE)  # ... so at BEFORE an embargo may apply again
    assert not now_matters(built_after, AFTER)
    assert not now_matters(built_after, AFTER + dt.timedelta(days=1))  # later, with no embargo ahead: same site
    assert now_matters(cache(BEFORE, EMBARGO), AFTER)
