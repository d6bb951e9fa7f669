"""Incremental builds are a cache on a correct full build (Lektor's tests/test_builder.py is the model):
a build with no change writes nothing, an edit rewrites exactly the files a clean full build changes, a layout
edit re-renders the pages that use it, and every cached build is byte-identical to a clean one."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import shutil
from array import array
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from boardpapers.cache.pagecache import part_of
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, 9, 0)
ITEM = "meetings/2014-01-21-iib/02-peer-challenge.md"


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the mini project with its own layouts and assets, so that tests can edit any of them."""
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def opts(project: Path, out: str = "site", **kw) -> Options:
    return Options(content_dir=project / "content", out_dir=project / out, now=NOW, search=kw.pop("search", False),
                   **kw)


def snapshot(site: Path) -> dict[str, tuple[int, int]]:
    """(inode, modification time) of every file: a rewritten file changes at least one of them."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def differing(a: Path, b: Path) -> set[str]:
    """Files whose bytes differ between two trees, or that only one has (search bundles left out: Pagefind's
    files are not byte-stable)."""
    found: set[str] = set()

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.update(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only
                     if not (prefix == "" and name == "pagefind"))
        for name, sub in cmp.subdirs.items():
            if not (prefix == "" and name == "pagefind"):
                walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return found


def full_build(project: Path, out: str, **kw) -> Path:
    """A clean build; a split search index (`search_parts=True`) shows on the search page (its data-parts)."""
    shutil.rmtree(project / out, ignore_errors=True)
    build(opts(project, out, cache=False, **kw))
    return project / out


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_second_build_with_no_change_writes_nothing(project):
    build(opts(project, search=True))
    site = project / "site"
    before, inode = snapshot(site), site.stat().st_ino
    result = build(opts(project, search=True))
    assert not result.written.swapped
    assert snapshot(site) == before and site.stat().st_ino == inode
    assert (site / "pagefind" / "pagefind.js").is_file()
    # A second process agrees, from the cache in .cache/ beside content/.
    assert list((project / ".cache").glob("build-*.pickle"))


def test_editing_an_item_rewrites_exactly_what_a_full_build_changes(project):
    build(opts(project))
    before_full = full_build(project, "before")
    before = snapshot(project / "site")
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Peer review")
    result = build(opts(project))
    after = snapshot(project / "site")
    rewritten = {path for path in after if before.get(path) != after[path]}
    after_full = full_build(project, "after")
    assert rewritten == differing(before_full, after_full)
    assert set(result.written.changed) == rewritten
    assert differing(project / "site", after_full) == set()
    # The pages that show the item's title: its own, its meeting, registers, trails, people, topics.
    for page in ("meetings/2014-01-21-iib/2/index.html", "meetings/2014-01-21-iib/index.html",
                 "actions/publish-findings/index.html", "people/olive-officer/index.html",
                 "topics/peer-challenge/index.html"):
        assert page in rewritten, page
    assert "people/bob-member/index.html" not in rewritten
    assert "Peer review" in (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()


def test_editing_a_layout_rerenders_the_pages_that_use_it(project):
    build(opts(project))
    before = snapshot(project / "site")
    layout = project / "layouts" / "meeting.html"
    layout.write_text(layout.read_text().replace("{% block content %}", "{% block content %}<!-- edited -->", 1))
    result = build(opts(project))
    after = snapshot(project / "site")
    rewritten = {path for path in after if before.get(path) != after[path]}
    assert rewritten == {"meetings/2014-01-21-iib/index.html", "meetings/2014-03-18-iib/index.html"}
    assert set(result.record) == rewritten  # only those were rendered at all
    assert differing(project / "site", full_build(project, "full")) == set()


@pytest.mark.parametrize("asset", ["search.js", "style.css"])
def test_editing_an_asset_rerenders_the_pages_that_link_it(project, asset):
    """A page reads the fingerprinted name of each asset it links (`site.asset`): editing search.js renders the
    search page alone (every page was rendered again when all pages read every asset's name: 49 s at 10k items
    for two changed files); editing style.css renders every HTML page, whose head links it."""
    build(opts(project))
    path = project / "assets" / asset
    path.write_text(path.read_text() + "\n/* edited */\n")
    result = build(opts(project))
    html = {p for p in result.outputs if p.endswith(".html")}
    if asset == "search.js":
        assert {p for p in result.record if p.endswith(".html")} == {"search/index.html"}
    else:
        assert html <= set(result.record) and len(html) > 20
    assert differing(project / "site", full_build(project, "full")) == set()


def test_editing_a_report_text_rewrites_only_its_page(project, monkeypatch):
    """The commonest edit, a sentence in a report's body, re-renders the item page and its meeting's agenda pack
    alone (pagecache.body_edits): registers, people and topic pages show only front matter. A full build
    agrees."""
    import boardpapers.cache.live as live

    seen = []
    real = live.body_edits
    monkeypatch.setattr(live, "body_edits", lambda old, new: seen.append(real(old, new)) or seen[-1])
    build(opts(project))
    before = snapshot(project / "site")
    with (project / "content" / ITEM).open("a") as handle:
        handle.write("\nA sentence added to the report.\n")
    result = build(opts(project))
    assert seen[-1] == {"item:2014-01-21-iib/2:body"}  # the quick plan was taken
    after = snapshot(project / "site")
    rewritten = {path for path in after if before.get(path) != after[path]}
    assert rewritten == set(result.written.changed) == {"meetings/2014-01-21-iib/2/index.html",
                                                        "meetings/2014-01-21-iib/pack/index.html"}
    for page in rewritten:
        assert "A sentence added to the report." in (project / "site" / page).read_text()
    assert differing(project / "site", full_build(project, "full")) == set()


def test_a_file_saved_again_unchanged_plans_no_key_from_the_graph(project, monkeypatch):
    """A file written again with the same bytes (an editor's save) changes no model: the planner checks only
    layouts, assets and global keys (pagecache.body_edits gives no body), and nothing is rewritten."""
    import boardpapers.cache.pagecache as pagecache

    build(opts(project))
    before = snapshot(project / "site")
    checked = []
    real = pagecache.key_fingerprint
    monkeypatch.setattr(pagecache, "key_fingerprint", lambda key, *rest: checked.append(key) or real(key, *rest))
    path = project / "content" / ITEM
    path.write_bytes(path.read_bytes())
    result = build(opts(project))
    assert checked and not [key for key in checked if key[0] in ("f", "id") or key[:2] == ("g", "html")]
    assert not result.written.changed and snapshot(project / "site") == before


BODY_CHANGES = ["body-text", "body-reference", "body-emptied", "body-heading"]


RECORD_CHANGES = ["vote", "vote-voters", "correction", "recording", "declaration-exempt", "declaration-draft",
                  "declaration-item"]


@pytest.mark.parametrize("change", ["person", "add-item", "remove-item", "config", "asset", "macro", "embargo",
                                    *BODY_CHANGES, *RECORD_CHANGES])
def test_cached_build_is_byte_identical_to_a_clean_build(project, change):
    build(opts(project))
    content = project / "content"
    if change == "person":
        edit(content / "people/bob-member.md", "name: Bob Member", "name: Robert Member")
    elif change == "add-item":
        (content / "meetings/2014-03-18-iib/02-new.md").write_text(
            "---\nnumber: 2\ntitle: A new item\ntopics: [peer-challenge]\ndecisions:\n  - verb: noted\n"
            "    text: the new item.\n---\nBody linking [[bob-member]].\n")
    elif change == "remove-item":
        (content / "meetings/2014-01-21-iib/01-welcome.md").unlink()
    elif change == "config":
        edit(content / "site.yaml", "title: Mini board papers", "title: Tiny board papers")
    elif change == "asset":
        (project / "assets" / "style.css").write_text((project / "assets" / "style.css").read_text() + "\n/* x */")
    elif change == "macro":
        macros = project / "layouts" / "macros.html"
        macros.write_text(macros.read_text() + "\n{# edited #}\n")
    elif change == "embargo":
        edit(content / "meetings/2014-03-18-iib/01-actions.md", "title: Action monitor",
             "title: Action monitor\npublish_from: 2026-06-01T09:00")
    elif change == "body-text":
        edit(content / ITEM, "## Background", "## Background\n\nA new first paragraph.")
    elif change == "body-reference":  # a new [[link]] in a body: a backlink on the person's page
        edit(content / ITEM, "## Background", "## Background\n\nAsk [[bob-member]].")
    elif change == "body-emptied":  # pages that test whether an item has a report see the difference
        path = content / ITEM
        path.write_text(path.read_text().split("---\n## Background")[0] + "---\n")
    elif change == "body-heading":
        edit(content / ITEM, "## Background", "## Context")
    else:
        record_change(project, change)
    build(opts(project))
    assert differing(project / "site", full_build(project, "full")) == set()


def record_change(project: Path, change: str) -> None:
    """Votes, corrections, recordings and declarations (issue 17): each reaches pages other than its own file's
    (a member's voting record, /corrections/, the meeting's list of item starts, a person's register)."""
    content = project / "content"
    meeting = content / "meetings/2014-01-21-iib/index.md"
    if change == "vote":
        edit(content / ITEM, "    text: the findings from the Cardiff evaluation report.\n",
             "    text: the findings from the Cardiff evaluation report.\n    vote:\n      for: [ann-chair]\n"
             "      result: carried\n")
    elif change == "vote-voters":  # a voter's record changes when the attendance lets another member vote
        record_change(project, "vote")
        build(opts(project))
        edit(meeting, "  apologies: [bob-member]\n", "    - bob-member\n")
        edit(content / ITEM, "      for: [ann-chair]\n", "      for: [ann-chair, bob-member]\n")
    elif change == "correction":
        edit(content / ITEM, "actions:", "corrections:\n  - date: 2014-02-01\n    what: The title.\n"
             "    why: A typing error.\nactions:")
    elif change == "recording":
        edit(meeting, "declarations:", "recordings:\n  - url: https://www.youtube.com/watch?v=x\n"
             "    duration: 2:00:00\ndeclarations:")
        edit(content / ITEM, "timing: 11:05", "timing: 11:05\nrecording_start: 0:05:00")
    elif change == "declaration-exempt":  # the interest declared in it is withheld from then on
        edit(content / ITEM, "title: Peer challenge", "title: Peer challenge\nexempt: Paragraph 3")
        edit(content / "meetings/2014-03-18-iib/01-actions.md", "follows: 2014-01-21-iib/2\nupdates:\n"
             "  - action: publish-findings\n    progress: Published on the website.\n    status: done\n", "")
    elif change == "declaration-draft":  # a declaration in an item that becomes a draft disappears
        (content / "meetings/2014-01-21-iib/04-land.md").write_text("---\nnumber: 4\ntitle: Land\n---\n")
        edit(meeting, "declarations:\n", "declarations:\n  - person: bob-member\n    item: 4\n    interest: Land\n")
        build(opts(project))
        edit(content / "meetings/2014-01-21-iib/04-land.md", "title: Land", "title: Land\ndraft: true")
    elif change == "declaration-item":  # the register shows the item's title, from the item's own file
        edit(content / ITEM, "title: Peer challenge", "title: Peer review")
    else:
        raise AssertionError(change)


def test_a_failed_build_changes_nothing_and_the_next_good_one_catches_up(project):
    build(opts(project))
    before = snapshot(project / "site")
    edit(project / "content" / ITEM, "title: Peer challenge", "title: [unclosed")
    with pytest.raises(BuildFailed):
        build(opts(project))
    assert snapshot(project / "site") == before
    edit(project / "content" / ITEM, "title: [unclosed", "title: Peer review")
    build(opts(project))
    assert differing(project / "site", full_build(project, "full")) == set()


def test_split_search_index_indexes_a_small_edit_on_top_and_folds_it_into_its_part(project, monkeypatch):
    """Under serve (search_overlay), a small edit is indexed alone into pagefind/recent/ (searchrecent), no year
    bundle rewritten, and parts.json hides the stale copies; past RECENT_PAGES the overlay is folded: the changed
    part alone is indexed again."""
    import boardpapers.search.recent as searchrecent
    from boardpapers.search.parts import holders

    split = {"search": True, "search_parts": True, "search_overlay": True, "search_part_pages": 3}
    build(opts(project, **split))
    pagefind = project / "site" / "pagefind"
    parts = json.loads((pagefind / "parts.json").read_text())["parts"]
    names = [p["name"] for p in parts]
    # 5 undated pages (people, boards, topics) in two parts, and 2014 cut in two by day
    assert names == ["other.0", "other.1", "2014.1", "2014.0"]
    for part in parts:
        assert (project / "site" / part["bundle"] / "pagefind.js").is_file()
    inodes = {name: (pagefind / name / "pagefind-entry.json").stat().st_ino for name in names}
    edit(project / "content" / ITEM, "timing: 11:05", "timing: 11:10")  # shown on 2014's pages only
    result = build(opts(project, **split))
    changed_pages = {path for path in result.written.changed if path.endswith(".html")}
    keys = {part_of(path, (project / "site" / path).read_bytes()) for path in changed_pages} - {None}
    assert {name for key in keys for name in holders(key, parts)} == {"2014.0"}
    after = {name: (pagefind / name / "pagefind-entry.json").stat().st_ino for name in names}
    assert [name for name in names if after[name] != inodes[name]] == []
    doc = json.loads((pagefind / "parts.json").read_text())
    indexed = {p for p in changed_pages if part_of(p, (project / "site" / p).read_bytes())}
    assert doc["parts"][:-1] == parts
    assert doc["parts"][-1] == {"name": "recent", "bundle": "pagefind/recent/", "pages": len(indexed)}
    assert len(doc["hide"]) == len(indexed) and doc["stale"]["year"] == {"2014": len(indexed)}
    assert sorted(doc["replace"]) == doc["hide"]  # each stale copy's new copy, for a search sorted by date
    urls = {json.loads(__import__("gzip").decompress(f.read_bytes())[12:])["url"]
            for f in (pagefind / "recent" / "fragment").iterdir()}
    assert urls == {searchrecent.url_of(p) for p in indexed}
    # A build with nothing new keeps the overlay as it is.
    before = snapshot(project / "site")
    build(opts(project, **split))
    assert snapshot(project / "site") == before
    # Past the limit: folded into 2014, the overlay and the hidden ids gone.
    monkeypatch.setattr(searchrecent, "RECENT_PAGES", 1)
    edit(project / "content" / ITEM, "timing: 11:10", "timing: 11:15")
    build(opts(project, **split))
    after = {name: (pagefind / name / "pagefind-entry.json").stat().st_ino for name in names}
    assert [name for name in names if after[name] != inodes[name]] == ["2014.0"]
    assert not (pagefind / "recent").exists()
    assert "hide" not in json.loads((pagefind / "parts.json").read_text())


@pytest.mark.parametrize("change", ["remove-item", "exempt"])
def test_withdrawn_text_leaves_the_year_bundle_at_once(project, change):
    """Removing an item, or making it exempt, is not left to the overlay (which would only hide the old text):
    the year part is indexed again, the overlay dropped, and the old text is in no bundle."""
    import gzip

    build(opts(project, search=True, search_parts=True, search_overlay=True))
    pagefind = project / "site" / "pagefind"
    welcome = project / "content" / "meetings/2014-01-21-iib/01-welcome.md"
    welcome.write_text(welcome.read_text() + "A Quokkaglow sentence.\n")
    build(opts(project, search=True, search_parts=True, search_overlay=True))
    assert (pagefind / "recent").is_dir()
    if change == "remove-item":
        welcome.unlink()
    else:
        edit(welcome, "title: Welcome", "title: Welcome\nexempt: Paragraph 3 of Schedule 12A")
    build(opts(project, search=True, search_parts=True, search_overlay=True))
    assert not (pagefind / "recent").exists()
    assert "hide" not in json.loads((pagefind / "parts.json").read_text())
    texts = [gzip.decompress(f.read_bytes()) for f in pagefind.glob("*/fragment/*.pf_fragment")]
    assert texts and not any(b"Quokkaglow" in text for text in texts)
    assert differing(project / "site", full_build(project, "full", search=True, search_parts=True)) == set()


def test_a_publishing_build_folds_the_overlay_so_no_removed_sentence_stays_public(project):
    """A sentence deleted in serve's preview stays in its year bundle's fragment files under the overlay (only the
    search page hides it); the CLI build, which publishes, indexes the year part again and drops the overlay."""
    import gzip

    welcome = project / "content" / "meetings/2014-01-21-iib/01-welcome.md"
    welcome.write_text(welcome.read_text() + "A Quokkaglow sentence.\n")
    build(opts(project, search=True, search_parts=True))
    pagefind = project / "site" / "pagefind"
    welcome.write_text(welcome.read_text().replace("A Quokkaglow sentence.\n", "A Bilbyshade sentence.\n"))
    build(opts(project, search=True, search_parts=True, search_overlay=True))  # serve's rebuild
    assert (pagefind / "recent").is_dir()

    def fragments() -> list[bytes]:
        return [gzip.decompress(f.read_bytes()) for f in pagefind.glob("*/fragment/*.pf_fragment")]

    assert any(b"Quokkaglow" in text for text in fragments())  # what the overlay leaves until it is folded
    build(opts(project, search=True, search_parts=True))  # python build.py
    assert not (pagefind / "recent").exists()
    assert "hide" not in json.loads((pagefind / "parts.json").read_text())
    texts = fragments()
    assert not any(b"Quokkaglow" in text for text in texts) and any(b"Bilbyshade" in text for text in texts)
    # and a later CLI build with a small edit does not make a new overlay
    welcome.write_text(welcome.read_text().replace("Bilbyshade", "Dunnartmist"))
    build(opts(project, search=True, search_parts=True))
    assert not (pagefind / "recent").exists()
    assert differing(project / "site", full_build(project, "full", search=True, search_parts=True)) == set()


WELCOME = "meetings/2014-01-21-iib/01-welcome.md"


def public_text(site: Path) -> bytes:
    """Every file of the site, gzip files (Pagefind's fragments and index) unpacked, lower case."""
    found = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = __import__("gzip").decompress(data)
            found.append(data.lower())
    return b"\n".join(found)


def year_bundles(site: Path) -> dict:
    return {p.parent.name: p.stat().st_ino for p in (site / "pagefind").glob("*/pagefind-entry.json")
            if p.parent.name != "recent"}


def test_a_publishing_build_keeps_the_overlay_while_text_is_only_added(project):
    """The CLI keeps a small edit on top of the year parts (searchstale) while every stale copy says nothing its
    page no longer says: a sentence appended, the page edited back; a sentence deleted folds, at once."""
    welcome = project / "content" / WELCOME
    original = welcome.read_text()
    welcome.write_text(original + "A Quokkaglow sentence.\n")
    build(opts(project, search=True, search_parts=True))
    site = project / "site"
    years = year_bundles(site)
    welcome.write_text(original + "A Quokkaglow sentence. And a Bilbyshade one.\n")
    build(opts(project, search=True, search_parts=True))
    assert year_bundles(site) == years  # no year part indexed again
    assert (site / "pagefind" / "recent").is_dir()
    assert b"bilbyshade" in public_text(site / "pagefind" / "recent")
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()
    before = snapshot(site)
    build(opts(project, search=True, search_parts=True))  # nothing to do: the overlay stays, nothing written
    assert snapshot(site) == before
    welcome.write_text(original + "A Quokkaglow sentence.\n")  # edited back: the same copy as the year part's
    build(opts(project, search=True, search_parts=True))
    assert year_bundles(site) == years and (site / "pagefind" / "recent").is_dir()
    welcome.write_text(original)  # the year part's copy has a sentence the page no longer has: folded
    build(opts(project, search=True, search_parts=True))
    assert not (site / "pagefind" / "recent").exists()
    assert year_bundles(site)["2014"] != years["2014"]
    assert b"quokkaglow" not in public_text(site) and b"bilbyshade" not in public_text(site)
    assert "hide" not in json.loads((site / "pagefind" / "parts.json").read_text())


@pytest.mark.parametrize("change", ["delete-word", "change-word", "title", "filter"])
def test_a_publishing_build_folds_an_edit_that_removes_text(project, change):
    """A deleted or changed word, a changed title or filter value: the stale copy would show what the page no
    longer does, so the CLI indexes the year part again and the removed text is in no public file."""
    welcome = project / "content" / WELCOME
    original = welcome.read_text()
    start = {"title": original.replace("title: Welcome", "title: Quokkaglow welcome"),
             "filter": original.replace("title: Welcome", "title: Welcome\ntopics: [peer-challenge]")
             }.get(change, original + "A Quokkaglow sentence.\n")
    welcome.write_text(start)
    build(opts(project, search=True, search_parts=True))
    site = project / "site"
    years = year_bundles(site)
    welcome.write_text({"delete-word": original + "A sentence.\n",
                        "change-word": original + "A Bilbyshade sentence.\n",
                        "title": original,
                        "filter": original}[change])
    build(opts(project, search=True, search_parts=True))
    assert not (site / "pagefind" / "recent").exists()
    assert year_bundles(site)["2014"] != years["2014"]
    if change == "filter":  # the topic stays (another item has it), but no copy of Welcome is filed under it
        fragments = [json.loads(__import__("gzip").decompress(f.read_bytes())[12:])
                     for f in (site / "pagefind").glob("*/fragment/*.pf_fragment")]
        welcomes = [f for f in fragments if f["meta"].get("title") == "Welcome"]
        assert len(welcomes) == 1 and "topic" not in welcomes[0]["filters"]
    else:
        assert b"quokkaglow" not in public_text(site)
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()


def fragment_texts(site: Path) -> dict:
    """{bundle folder name: [content of each fragment]} of the split index."""
    import gzip

    found: dict = {}
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        found.setdefault(path.parent.parent.name, []).append(fragment["content"])
    return found


@pytest.mark.parametrize("commit", ["in-place", "swap"])
def test_an_edit_that_only_inserts_words_rewrites_the_stale_fragment(project, monkeypatch, commit):
    """Issue 13, item 11: "is" -> "is not" keeps every word of the stale copy, in order, and says the opposite. The
    CLI keeps such an edit on top of the year part (issue 15: a one-item edit in 2 s) only by rewriting the stale
    fragment with the page's new text: no public file says "is viable" any more, and the year part's index lists
    only words the page still has. A later edit that deletes words folds as before, even one back to the very text
    the year part was indexed from (its fragment was rewritten since). Either way the writer
    commits (files moved in one by one, or a whole tree swapped in that links the kept bundles)."""
    import boardpapers.write.sitewriter as sitewriter

    if commit == "swap":
        monkeypatch.setattr(sitewriter, "IN_PLACE_MAX", 0)
    welcome = project / "content" / WELCOME
    original = welcome.read_text()
    welcome.write_text(original + "The Quokkaglow scheme is viable.\n")
    build(opts(project, search=True, search_parts=True))
    site = project / "site"
    years = year_bundles(site)
    welcome.write_text(original + "The Quokkaglow scheme is not viable.\n")
    build(opts(project, search=True, search_parts=True))
    assert year_bundles(site) == years and (site / "pagefind" / "recent").is_dir()  # not indexed again
    assert b"scheme is viable" not in public_text(site) and b"scheme is not viable" in public_text(site)
    texts = fragment_texts(site)
    stale = [t for t in texts["2014"] if "Quokkaglow" in t]
    assert len(stale) == 1 and stale == [t for t in texts["recent"] if "Quokkaglow" in t]
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()
    before = snapshot(site)
    build(opts(project, search=True, search_parts=True))  # nothing to do: nothing written
    assert snapshot(site) == before
    welcome.write_text(original + "The Quokkaglow scheme is not very viable.\n")  # inserted again: kept
    build(opts(project, search=True, search_parts=True))
    assert year_bundles(site) == years
    assert b"scheme is not viable" not in public_text(site) and b"scheme is not very viable" in public_text(site)
    welcome.write_text(original + "The Quokkaglow scheme is viable.\n")  # words deleted: back to what 2014 indexed
    build(opts(project, search=True, search_parts=True))
    assert not (site / "pagefind" / "recent").exists() and year_bundles(site)["2014"] != years["2014"]
    assert b" not " not in b"".join(t.encode() for t in fragment_texts(site)["2014"] if "Quokkaglow" in t)
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()


def test_a_stale_fragment_is_rewritten_only_for_words_inserted():
    from boardpapers.search.stale import _inserted

    old = {"url": "/a/", "content": "The scheme is viable.", "word_count": 4, "filters": {"type": ["item"]},
           "meta": {"title": "T"}, "anchors": []}
    assert _inserted(old, {**old, "content": "The scheme is not viable."})
    assert _inserted(old, {**old, "content": "Now the The scheme is viable. Again."})
    for new in ({**old, "content": "The scheme viable."}, {**old, "content": "The scheme is viable"},
                {**old, "content": "scheme The is viable."}, {**old, "meta": {"title": "T2"}},
                {**old, "filters": {"type": ["item", "x"]}}, {**old, "url": "/b/"}, {**old, "extra": 1}, None):
        assert not _inserted(old, new)


def test_an_edit_in_place_with_its_time_put_back_is_noticed(project):
    """Issue 13, item 21: same size, same inode, modification time restored (`touch -d`, some sync tools): the
    change time still moves, and the build reads the file again."""
    import os

    build(opts(project))
    item = project / "content" / ITEM
    before = item.stat()
    with open(item, "r+") as handle:
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace("title: Peer challenge", "title: Peer quokkaxyz"))
    os.utime(item, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = item.stat()
    assert (after.st_size, after.st_ino, after.st_mtime_ns) == (before.st_size, before.st_ino, before.st_mtime_ns)
    build(opts(project))
    assert "Peer quokkaxyz" in (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()


def test_a_stale_copy_reveals_nothing_only_when_all_it_shows_is_in_the_new_copy():
    from boardpapers.search.stale import _within

    old = {"url": "/a/", "content": "One two three.", "word_count": 3, "filters": {"type": ["item"]},
           "meta": {"title": "T"}, "anchors": [{"element": "h2", "id": "x", "text": "X", "location": 2}]}
    assert _within(old, old)
    assert _within(old, {**old, "content": "One two three. Four three.", "anchors": [
        old["anchors"][0], {"element": "h2", "id": "w", "text": "W", "location": 4}]})
    # Words inserted before the end keep every old word in order, and can reverse what they say (issue 13, 11).
    for new in ({**old, "content": "Zero One two three."}, {**old, "content": "One two not three."},
                {**old, "anchors": [{"element": "h2", "id": "w", "text": "W", "location": 0}, old["anchors"][0]]},
                {**old, "content": "One three."}, {**old, "content": "One three two."},
                {**old, "meta": {"title": "T2"}}, {**old, "filters": {"type": ["item", "x"]}},
                {**old, "url": "/b/"}, {**old, "anchors": []}, None):
        assert not _within(old, new)
    assert not _within({**old, "extra": 1}, {**old, "extra": 1})  # a field it does not know: assume it reveals


def test_large_sites_split_their_index_by_default_and_switch_back_cleanly(project, monkeypatch):
    """Without --search-parts or --one-index, a site with more than SPLIT_AT indexed pages gets one index per
    span of years; a site that crosses the line either way ends with exactly one kind of bundle, nothing stale."""
    import boardpapers.cache.render as cache_render

    site = project / "site"
    build(opts(project, search=True, search_parts=None))  # the mini site: far below the line
    assert (site / "pagefind" / "pagefind.js").is_file() and not (site / "pagefind" / "parts.json").exists()
    monkeypatch.setattr(cache_render, "SPLIT_AT", 3)
    edit(project / "content" / ITEM, "timing: 11:05", "timing: 11:10")
    build(opts(project, search=True, search_parts=None))
    names = [p["name"] for p in json.loads((site / "pagefind" / "parts.json").read_text())["parts"]]
    assert names == ["2014"]  # the mini site's one year, with its undated pages
    assert not (site / "pagefind" / "pagefind.js").exists(), "the single index was left beside the parts"
    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.is_dir()) == sorted(names)
    monkeypatch.setattr(cache_render, "SPLIT_AT", 10**6)
    edit(project / "content" / ITEM, "timing: 11:10", "timing: 11:15")
    build(opts(project, search=True, search_parts=None))
    assert (site / "pagefind" / "pagefind.js").is_file() and not (site / "pagefind" / "parts.json").exists()
    assert not any((site / "pagefind" / name).exists() for name in names)


@pytest.mark.parametrize("changes", [["body-text", "body-heading"], ["body-text", "person", "body-text-again"],
                                     ["body-reference", "body-text-again"], ["body-emptied"], ["embargo", "body-text"]])
def test_serve_reuses_its_graph_for_body_edits_and_matches_a_clean_build(project, changes, monkeypatch):
    """`serve` keeps the last graph and page jobs in memory (cache.live.Live): a body edit renders the edited body
    alone and takes them with it. Successive edits of any kind, in one process with one cache, each give the
    bytes of a clean build, and the graph is reused exactly when the edit is a body edit."""
    from boardpapers.cache import incremental
    from boardpapers.cache import live as livebuild

    taken = []
    real = livebuild.Live.reusable

    def reusable(self, *args):
        found = real(self, *args)
        taken.append(found)
        return found

    monkeypatch.setattr(livebuild.Live, "reusable", reusable)
    cache, live = incremental.BuildCache(), livebuild.Live()
    build(opts(project), cache, live)
    content = project / "content"
    for change in changes:
        if change == "body-text":
            edit(content / ITEM, "## Background", "## Background\n\nA new first paragraph.")
        elif change == "body-text-again":
            edit(content / ITEM, "## Background", "## Background\n\nAnother paragraph, with *emphasis*.")
        elif change == "body-heading":
            edit(content / ITEM, "## Background", "## Context")
        elif change == "body-reference":
            edit(content / ITEM, "## Background", "## Background\n\nAsk [[bob-member]].")
        elif change == "body-emptied":
            path = content / ITEM
            path.write_text(path.read_text().split("---\n## Background")[0] + "---\n")
        elif change == "person":
            edit(content / "people/bob-member.md", "name: Bob Member", "name: Robert Member")
        elif change == "embargo":
            edit(content / "meetings/2014-03-18-iib/01-actions.md", "title: Action monitor",
                 "title: Action monitor\npublish_from: 2026-06-01T09:00")
        taken.clear()
        build(opts(project), cache, live)
        assert taken == [change in ("body-text", "body-text-again", "body-heading")], change
        assert differing(project / "site", full_build(project, "full")) == set(), change
        body = (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()
        if change == "body-text-again":
            assert "<em>emphasis</em>" in body


@pytest.mark.parametrize("changes", [["body-text", "body-heading"], ["body-text", "person", "body-text-again"],
                                     ["body-reference", "body-text-again"], ["body-emptied"], ["embargo", "body-text"]])
def test_a_command_line_body_edit_takes_the_graph_from_the_cache_and_matches_a_clean_build(project, changes,
                                                                                          monkeypatch):
    """The command line has no graph in memory: a body edit takes the last linked graph and page jobs from the
    cache's live shard (cache.live.load_held), whose models are those of the sources shards. Each build of a
    sequence, every one a new cache load, gives the bytes of a clean build, and the graph is taken exactly when
    the edit is a body edit."""
    from boardpapers.cache import live as livebuild

    taken = []
    real = livebuild.Live.reusable

    def reusable(self, *args):
        found = real(self, *args)
        taken.append(found)
        if found:  # one object per model: the graph's are the sources shards' (store.dump_live)
            item = self.graph.items["2014-01-21-iib/2"]
            assert any(entry.model is item for entry in args[0].values())
        return found

    monkeypatch.setattr(livebuild.Live, "reusable", reusable)
    built_twice(project)
    content = project / "content"
    for change in changes:
        if change == "body-text":
            edit(content / ITEM, "## Background", "## Background\n\nA new first paragraph.")
        elif change == "body-text-again":
            edit(content / ITEM, "## Background", "## Background\n\nAnother paragraph, with *emphasis*.")
        elif change == "body-heading":
            edit(content / ITEM, "## Background", "## Context")
        elif change == "body-reference":
            edit(content / ITEM, "## Background", "## Background\n\nAsk [[bob-member]].")
        elif change == "body-emptied":
            path = content / ITEM
            path.write_text(path.read_text().split("---\n## Background")[0] + "---\n")
        elif change == "person":
            edit(content / "people/bob-member.md", "name: Bob Member", "name: Robert Member")
        elif change == "embargo":
            edit(content / "meetings/2014-03-18-iib/01-actions.md", "title: Action monitor",
                 "title: Action monitor\npublish_from: 2026-06-01T09:00")
        taken.clear()
        build(opts(project))
        if change in ("body-text", "body-text-again", "body-heading"):
            assert taken == [True], change
        else:
            assert taken in ([], [False]), change
        assert differing(project / "site", full_build(project, "full")) == set(), change
        body = (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()
        if change == "body-text-again":
            assert "<em>emphasis</em>" in body


def built_twice(project: Path) -> None:
    """A first build, then one that loads its cache and links (a file touched, not changed): the second saves
    the live shard, which a first build does not (cache.live.keep_on_disk)."""
    build(opts(project))
    path = project / "content" / ITEM
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    build(opts(project))


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_large_first_build_saves_no_live_shard_the_next_one_does(project, monkeypatch, size):
    """Pickling the whole graph and every page job at once was a large first build's peak of memory: above
    FIRST_BUILD_JOBS page jobs a build with no cache before it saves no live shard, and the next build that links
    saves one; a smaller site's first build saves it at once, so that its first body edit takes the graph."""
    from boardpapers.cache import incremental, live

    if size == "large":
        monkeypatch.setattr(live, "FIRST_BUILD_JOBS", 10)
    build(opts(project))
    folder = incremental.cache_path(opts(project)).with_suffix(".shards")
    assert folder.is_dir() and len(list(folder.glob("live.*.pickle"))) == (size == "small")
    built_twice(project)
    assert len(list(folder.glob("live.*.pickle"))) == 1
    taken = []
    real = live.Live.reusable
    monkeypatch.setattr(live.Live, "reusable", lambda *a, **k: taken.append(real(*a, **k)) or taken[-1])
    edit(project / "content" / ITEM, "## Background", "## Background\n\nA new first paragraph.")
    build(opts(project))
    assert taken == [True]


def test_a_damaged_live_shard_is_not_used_and_says_so(project, capsys):
    """A live shard that does not unpickle (or whose tag is wrong) is a line on stderr, and the build links and
    routes again: the same bytes as a clean build, and a good live shard saved for the next edit."""
    from boardpapers.cache import incremental

    built_twice(project)
    folder = incremental.cache_path(opts(project)).with_suffix(".shards")
    (shard,) = folder.glob("live.*.pickle")
    shard.write_bytes(shard.read_bytes()[:-40] + bytes(40))
    edit(project / "content" / ITEM, "## Background", "## Background\n\nA new first paragraph.")
    capsys.readouterr()
    build(opts(project))
    assert f"build cache {shard.name} not used:" in capsys.readouterr().err
    assert differing(project / "site", full_build(project, "full")) == set()
    (fresh,) = folder.glob("live.*.pickle")
    assert fresh != shard


def test_compiled_layouts_are_kept_and_a_file_not_made_here_is_a_miss(project):
    """Compiled layouts are kept in .cache/layouts-<engine>/ (cache.render.LayoutCode), each file ending in the
    cache's keyed hash: a file whose tag does not match is compiled again, never run; a layout edited since is
    compiled again (Jinja checks its source's hash)."""
    build(opts(project))
    (folder,) = (project / ".cache").glob("layouts-*")
    files = sorted(folder.glob("*.code"))
    assert files
    for path in files:  # same length, wrong tag
        path.write_bytes(bytes(len(path.read_bytes())))
    edit(project / "layouts" / "item.html", "{% block content %}", "{% block content %}<p>Layout edited.</p>")
    edit(project / "content" / ITEM, "## Background", "## Background\n\nA new first paragraph.")
    build(opts(project))
    page = (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()
    assert "Layout edited." in page and "A new first paragraph." in page
    assert differing(project / "site", full_build(project, "full")) == set()
    assert any(path.read_bytes() != bytes(len(path.read_bytes())) for path in folder.glob("*.code"))  # remade


def test_a_body_edit_remembers_what_a_full_remember_would(project, monkeypatch):
    """After a body edit that rendered a few pages, `remember` updates their records and the suspect keys'
    fingerprints alone (pagecache._remember_edit): the cache it saves gives every key the fingerprint, every page
    the reads and the clock flags that remembering every page gives (what the next build compares with)."""
    from boardpapers.cache import incremental, pagecache

    saved, calls, real = {}, [], pagecache._remember_edit
    monkeypatch.setattr(pagecache, "_remember_edit", lambda *args: calls.append(1) or real(*args))
    for way, share in (("edit", pagecache.FEW_RENDERED), ("full", 10 ** 9)):
        copy = project.parent / f"{project.name}-{way}"
        shutil.copytree(project, copy)
        built_twice(copy)
        edit(copy / "content" / ITEM, "## Background", "## Background\n\nA new first paragraph.")
        monkeypatch.setattr(pagecache, "FEW_RENDERED", share)
        calls.clear()
        written = build(opts(copy))
        assert 0 < len(written.written.changed) < 10 and len(calls) == (way == "edit")
        cache = incremental.load(opts(copy))
        size = incremental.FP_SIZE
        fps = {key: cache.key_fps[n * size:(n + 1) * size] for n, key in enumerate(cache.key_table)}
        reads = {path: {cache.key_table[n] for n in array("I", entry.keys)} for path, entry in cache.pages.items()}
        saved[way] = (fps, reads, cache.reads_now, cache.reads_today)
    (fps, reads, now, today), (full_fps, full_reads, full_now, full_today) = saved["edit"], saved["full"]
    assert reads == full_reads and (now, today) == (full_now, full_today)
    used = set().union(*reads.values())
    assert used and {key: fps[key] for key in used} == {key: full_fps[key] for key in used}


def test_an_edit_finds_its_stale_copy_through_the_url_map_noted_when_its_part_was_indexed(project, monkeypatch):
    """search.urlmap: the build that indexes a year part notes its {URL: page id} beside the build cache; an
    edit's build finds the stale copy through it without reading the part's fragments. A map that names the
    wrong page is never trusted (the fragment's URL is checked: the overlay folds), and without one the
    fragments are read as before; either way the site is the one a clean build makes."""
    from boardpapers.search import recent, stale, urlmap

    welcome = project / "content" / WELCOME
    original = welcome.read_text()
    one, two = original + "A Quokkaglow sentence.\n", original + "A Quokkaglow sentence. And a Bilbyshade one.\n"
    welcome.write_text(one)
    build(opts(project, search=True, search_parts=True))
    site, folder = project / "site", project / ".cache" / urlmap.FOLDER
    bundles = [b for b in (site / "pagefind").iterdir() if (b / "pagefind-entry.json").is_file()]
    assert bundles
    for bundle in bundles:
        assert urlmap.known(bundle, folder) == urlmap.scan(bundle) != {}
    reads = []
    real = stale.fragment_url
    monkeypatch.setattr(urlmap, "fragment_url", lambda path: reads.append(path) or real(path))
    welcome.write_text(two)
    build(opts(project, search=True, search_parts=True))
    assert (site / "pagefind" / "recent").is_dir() and reads == []  # the overlay kept, no fragment read
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()

    welcome.write_text(original)  # a sentence deleted: folded, the year part indexed again and its map noted
    build(opts(project, search=True, search_parts=True))
    assert not (site / "pagefind" / "recent").exists()
    year = site / "pagefind" / "2014"
    assert urlmap.known(year, folder) == urlmap.scan(year)
    wrong = {url: "en_0000000" for url in urlmap.scan(year)}  # every URL names a page that is not there
    (folder / f"{urlmap.bundle_key(year)}.json").write_text(json.dumps(wrong))
    recent._SEEN.clear()
    before = year_bundles(site)
    welcome.write_text(one)
    build(opts(project, search=True, search_parts=True))
    assert not (site / "pagefind" / "recent").exists() and year_bundles(site) != before  # not trusted: folded
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()

    for path in folder.iterdir():  # no maps: the fragments are read
        path.unlink()
    reads.clear()
    recent._SEEN.clear()
    welcome.write_text(two)
    build(opts(project, search=True, search_parts=True))
    assert reads and (site / "pagefind" / "recent").is_dir()
    assert differing(site, full_build(project, "full", search=True, search_parts=True)) == set()
