"""Canaries (issue #5): words planted in every field and body of an exempt item, of draft and embargoed items,
meetings and papers must appear in no file under site/ after a full build WITH search.

The scan is generic over every file the build writes (pages, search index, feeds, calendars, data, sitemap, and
whatever is added later): gzip-compressed files (Pagefind's fragments, index, filters and metadata) are
decompressed first, and file paths are searched as well as contents. Control words planted in published text
must be found in the decompressed search fragments and index, which proves the scan can see into them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, unpacked
from pdfs import write_pdf

from boardpapers.cache import attachmenttext
from boardpapers.pipeline import Options, build

SAFETY = FIXTURES / "safety" / "content"
EMBARGO = dt.datetime(2026, 1, 1, 9, 0)
CANARY_RE = re.compile(rb"zqcanary[a-z]*zq")
CONTROLS = ("zqcontrolbodyzq", "zqcontrolsummaryzq", "zqcontrolpaperzq", "zqcontrolpdfzq")
# PDF attachments the suite writes into a copy of the fixture (tests/pdfs.py: uncompressed, so the planted words
# are in the files' bytes): item file -> (attachment file, its words). The published item's PDF carries a control
# word; each withheld document's, canaries, and the draft item also names a file that is not a PDF at all.
PDFS = {
    "meetings/2014-01-21-iib/02-peer-challenge.md": [("evidence.pdf", "Evidence zqcontrolpdfzq")],
    "meetings/2014-03-18-iib/03-confidential.md": [("zqcanaryexpdffilezq.pdf", "Annex zqcanaryexpdftextzq")],
    "meetings/2014-03-18-iib/04-draft-item.md": [("zqcanarydipdffilezq.pdf", "Annex zqcanarydipdftextzq"),
                                                 ("zqcanarydicrashzq.pdf", None)],
    "meetings/2014-03-18-iib/05-embargoed-item.md": [("zqcanaryeipdffilezq.pdf", "Annex zqcanaryeipdftextzq")],
    "meetings/2019-07-07-iib/01-item.md": [("zqcanarydmpdffilezq.pdf", "Annex zqcanarydmpdftextzq")],
    "meetings/2029-05-05-iib/01-item.md": [("zqcanaryempdffilezq.pdf", "Annex zqcanaryempdftextzq")],
}


def plant_pdfs(content: Path) -> None:
    for rel, files in PDFS.items():
        item = content / rel
        entries = "".join(f"  - title: Annex {n}\n    file: {name}\n" for n, (name, _) in enumerate(files, 1))
        text = item.read_text()
        text = text.replace("attachments:\n", "attachments:\n" + entries) if "attachments:\n" in text else (
            text.replace("\n---\n", "\nattachments:\n" + entries + "---\n", 1) if text.count("---") >= 2 else text)
        assert entries in text, rel
        item.write_text(text)
        for name, words in files:
            if words is None:  # a PDF the parser would choke on: were it opened, a warning would say so
                (item.parent / name).write_bytes(b"%PDF-1.4\nzqcanarydicrashcontentzq\n%%EOF\n")
            else:
                write_pdf(item.parent / name, [[words]])


@pytest.fixture(scope="module")
def safety(tmp_path_factory) -> Path:
    """A copy of the safety fixture with its PDF attachments written in."""
    content = tmp_path_factory.mktemp("safety") / "content"
    shutil.copytree(SAFETY, content)
    plant_pdfs(content)
    return content


def planted_canaries(root: Path) -> dict[str, set[str]]:
    """Every canary word in the fixture, by the file that plants it (file names and attachments included)."""
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            words = {w.decode() for w in CANARY_RE.findall(path.relative_to(root).as_posix().encode())}
            words |= {w.decode() for w in CANARY_RE.findall(path.read_bytes())}
            if words:
                found[path.relative_to(root).as_posix()] = words
    return found


def readable(path: Path) -> bytes:
    """A file's bytes as a reader of the site would get them: gzip and zip files unpacked (conftest.unpacked)."""
    return unpacked(path.read_bytes())


def scan(root: Path, words) -> dict[str, list[str]]:
    """word -> files (relative paths) that contain it, in their path or their decompressed bytes."""
    lowered = [(w, w.lower().encode()) for w in words]
    hits: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        haystack = rel.lower().encode() + b"\n" + readable(path).lower()
        for word, needle in lowered:
            if needle in haystack:
                hits.setdefault(word, []).append(rel)
    return hits


def test_fixture_plants_canaries_everywhere(safety):
    planted = planted_canaries(safety)
    exempt = planted["meetings/2014-03-18-iib/03-confidential.md"]
    # Every field of the exempt item (and its heading, body, attachment) carries its own canary.
    for field in ("purpose", "summary", "recommendation", "reportaction", "position", "phone", "email", "topic",
                  "attachmenttitle", "anchor", "file", "financial", "wales", "minutes", "decisionid",
                  "decisiontext", "actionid", "actiontext", "progress", "heading", "body", "votenote",
                  "correctionwhat", "correctionwhy", "recording"):
        assert f"zqcanaryex{field}zq" in exempt, field
    # Declarations of interest in the exempt, draft and embargoed items stand in the published meeting's file.
    meeting = planted["meetings/2014-03-18-iib/index.md"]
    assert {"zqcanaryexdeclarationzq", "zqcanarydideclarationzq", "zqcanaryeideclarationzq"} <= meeting
    for tag in ("di", "ei", "dm", "em"):  # votes, corrections and recordings of every withheld kind
        assert any(f"zqcanary{tag}votenotezq" in words for words in planted.values()), tag
        assert any(f"zqcanary{tag}correctionwhatzq" in words for words in planted.values()), tag
    assert {"zqcanarydmrecordingtitlezq", "zqcanaryemrecordingurlzq"} <= set().union(*planted.values())
    assert planted["meetings/2014-03-18-iib/zqcanaryexfilezq.txt"] >= {"zqcanaryexfilecontentzq"}
    for code in ("ex", "di", "ei", "dm", "em"):  # the PDFs' words are in their bytes, where the scan sees them
        assert any(f"zqcanary{code}pdftextzq" in words for words in planted.values()), code
    for prefix in ("zqcanarydi", "zqcanaryei", "zqcanarydm", "zqcanaryem", "zqcanarydp", "zqcanaryep"):
        assert any(w.startswith(prefix) for words in planted.values() for w in words), prefix
    assert len(set().union(*planted.values())) >= 100


@pytest.fixture(scope="module")
def full_site(tmp_path_factory, safety) -> Path:
    out = tmp_path_factory.mktemp("canaries") / "site"
    build(Options(cache=False, content_dir=safety, out_dir=out, now=EMBARGO - dt.timedelta(minutes=1), search=True))
    return out


def test_search_index_was_built_and_is_read(full_site):
    fragments = list((full_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) >= 10
    assert list((full_site / "pagefind" / "index").glob("*.pf_index"))
    assert list((full_site / "pagefind" / "filter").glob("*.pf_filter"))
    assert fragments[0].read_bytes()[:2] == b"\x1f\x8b", "fragments are gzip-compressed: the scan must decompress"
    hits = scan(full_site, CONTROLS)
    for word in CONTROLS:
        places = hits.get(word, [])
        assert any(p.startswith("pagefind/fragment/") for p in places), (word, places)
        assert any(p.startswith("pagefind/index/") for p in places), (word, places)
        assert any(p.endswith(".html") and not p.startswith("pagefind/") for p in places), (word, places)


def test_no_canary_in_any_output_file(full_site, safety):
    planted = set().union(*planted_canaries(safety).values())
    files = [p for p in full_site.rglob("*") if p.is_file()]
    assert len(files) > 40
    # the feeds to follow are among the files scanned: the board's, a topic's and a person's
    feeds = {p.relative_to(full_site).as_posix() for p in files if p.name == "feed.xml"}
    assert {"boards/iib/feed.xml", "topics/peer-challenge/feed.xml", "people/olive-officer/feed.xml"} <= feeds
    hits = scan(full_site, [*planted, "zqcanary"])
    assert hits == {}, "withheld words leaked:\n" + "\n".join(f"{w}: {', '.join(f)}" for w, f in sorted(hits.items()))


def test_an_exempt_items_place_in_the_recording_and_its_vote_are_not_published(full_site):
    """What cannot carry a canary word: the exempt item's start in the webcast (1:23:47, t=5027) and its
    voters' record; the interest declared in it is shown as withheld, the others (draft, embargoed) not at all."""
    hits = scan(full_site, ["1:23:47", "t=5027", "5027s"])
    assert hits == {}, hits
    person = (full_site / "people/ann-chair/index.html").read_text()
    assert "Voting record" not in person  # her only vote is in the exempt item
    meeting = (full_site / "meetings/2014-03-18-iib/index.html").read_text()
    assert "Not published: the item is exempt" in meeting and "Trustee of the Peer Trust" in meeting
    assert meeting.count('<td data-label="Interest">') == 2  # the exempt item's declaration (withheld) and item 1's
    assert "watch from 1:23:47" not in meeting and "Webcast of the meeting" in meeting


def test_no_exempt_canary_even_in_a_preview_after_every_embargo(tmp_path, safety):
    # Drafts shown and embargoes over: every canary of those may appear now, but never an exempt item's.
    out = tmp_path / "site"
    build(Options(cache=False, content_dir=safety, out_dir=out, now=EMBARGO, drafts=True, search=True))
    hits = scan(out, ["zqcanaryex", "zqcanarydi", "zqcanaryei", "zqcanarydm", "zqcanaryem", "zqcanarydp",
                      "zqcanaryep"])
    assert "zqcanaryex" not in hits, hits.get("zqcanaryex")
    # ... and the others really are published now (in pages and in the search index), so the scan can see them.
    for word in ("zqcanarydi", "zqcanaryei", "zqcanarydm", "zqcanaryem", "zqcanarydp", "zqcanaryep"):
        assert any(p.startswith("pagefind/fragment/") for p in hits.get(word, [])), word
    # The new records too: a draft's declaration, vote note, correction and recording, once shown, are seen.
    shown = scan(out, ["zqcanarydideclarationzq", "zqcanarydivotenotezq", "zqcanarydicorrectionwhatzq",
                       "zqcanarydmrecordingtitlezq", "zqcanaryeicorrectionwhyzq"])
    for word, places in shown.items():
        assert any(p.endswith(".html") for p in places), (word, places)
        # open data, read by programs that show no preview banner, is made from published papers only (a draft's
        # records are left out: graph/preview.py); an embargo that is over publishes them
        in_data = any(p.startswith("data/") for p in places)
        assert in_data == word.startswith("zqcanarye"), (word, places)
    assert len(shown) == 5, shown


def test_withheld_pdfs_are_never_opened(tmp_path, safety, monkeypatch):
    """Neither hashed for the text cache nor parsed: only the published item's PDF is read, in a cached build
    (which hashes files) as in a clean one; the draft's file that would make the parser fail is never met."""
    opened = []

    def entry(folder, path, key):
        opened.append(Path(path).name)
        return real_entry(folder, path, key)

    def extract_all(paths):
        opened.extend(Path(p).name for p in paths)
        assert not any("zqcanary" in p for p in paths), paths
        return real_extract(paths)

    real_entry, real_extract = attachmenttext._entry, attachmenttext._extract_all
    monkeypatch.setattr(attachmenttext, "_entry", entry)
    monkeypatch.setattr(attachmenttext, "_extract_all", extract_all)
    project = tmp_path / "project"
    shutil.copytree(safety, project / "content")
    result = build(Options(content_dir=project / "content", out_dir=project / "site",
                           now=EMBARGO - dt.timedelta(minutes=1), search=False))
    assert opened == ["evidence.pdf", "evidence.pdf"]  # hashed, then parsed (nothing cached yet)
    assert not [d for d in result.diagnostics.items if d.code == "attachment-text"]
    assert (project / "site/meetings/2014-01-21-iib/2/attachments/evidence/index.html").is_file()
