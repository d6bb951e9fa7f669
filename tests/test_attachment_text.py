"""Searchable PDF attachments (issue 17, part 1): text extracted from real PDFs the suite writes, a text page per
attachment with the item's search filters, warnings at the attachment's line for files that cannot be read, the
text cache by content hash, the cap, and incremental builds equal to clean ones."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_build
from pdfs import write_image_only_pdf, write_pdf
from test_incremental import differing

from boardpapers.cache import attachmenttext
from boardpapers.content import pdftext
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, 9, 0)
ITEM_FILE = "meetings/2014-01-21-iib/02-peer-challenge.md"
TEXT_PAGE = "meetings/2014-01-21-iib/2/attachments/evaluation-report/index.html"
ATTACHMENTS = """attachments:
  - title: Evaluation report
    file: Evaluation_Report.pdf
  - title: Locked annex
    file: locked.pdf
  - title: Scanned letter
    file: scan.pdf
  - title: Broken annex
    file: broken.pdf
"""
PAGES = [["Evaluation of peer challenge", "Councils welcomed the hedgehog survey."],
         ["Findings", "The wildflower meadows improved in every borough."],
         ["Annex", "Contact the clerk."]]


def attachment_lines(content: Path) -> dict[str, int]:
    """file name -> the line of its attachment's entry (`  - title: ...`), where its problems are reported."""
    found, entry = {}, 0
    for n, line in enumerate((content / ITEM_FILE).read_text().splitlines(), 1):
        entry = n if line.startswith("  - ") else entry
        if "file: " in line:
            found[line.split("file: ")[1]] = entry
    return found


def add_attachments(content: Path) -> None:
    item = content / ITEM_FILE
    item.write_text(item.read_text().replace("topics: [peer-challenge]\n", "topics: [peer-challenge]\n" + ATTACHMENTS))
    folder = item.parent
    write_pdf(folder / "Evaluation_Report.pdf", PAGES)
    write_pdf(folder / "locked.pdf", [["The zebrafinch census"]], password="letmein")
    write_image_only_pdf(folder / "scan.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF\n")


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    add_attachments(tmp_path / "content")
    return tmp_path


def opts(project: Path, out: str = "site", **kw) -> Options:
    return Options(content_dir=project / "content", out_dir=project / out, now=NOW, search=kw.pop("search", False),
                   **kw)


def test_clean_joins_lines_and_words_split_at_a_line_end():
    assert pdftext.clean("Implementation of the imple-\nmentation plan\n (cid:12)costs\x07 ") == (
        "Implementation of the implementation plan costs")
    assert pdftext.clean("well-\nKnown  \t words") == "well- Known words"
    assert pdftext.clean(" \n \n") == ""


def test_extract_reads_every_page_and_reports_what_it_cannot_read(tmp_path):
    text = pdftext.extract(write_pdf(tmp_path / "a.pdf", PAGES))
    assert text.problem == "" and text.page_count == 3 and not text.truncated
    assert [n for n, _ in text.pages] == [1, 2, 3]
    assert "hedgehog survey" in " ".join(text.pages[0][1])
    assert "wildflower meadows" in " ".join(text.pages[1][1])
    assert pdftext.extract(write_pdf(tmp_path / "l.pdf", [["x"]], password="pw")).problem == (
        "is protected by a password")
    assert "no text" in pdftext.extract(write_image_only_pdf(tmp_path / "s.pdf")).problem
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    assert pdftext.extract(tmp_path / "b.pdf").problem.startswith("cannot be read as a PDF")
    (tmp_path / "w.pdf").write_bytes(b"<html>not a pdf</html>")
    assert pdftext.extract(tmp_path / "w.pdf").problem == "is not a PDF file (no %PDF header)"


def test_the_cap_keeps_the_first_pages_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(pdftext, "MAX_CHARS", 80)
    text = pdftext.extract(write_pdf(tmp_path / "a.pdf", PAGES))
    assert text.truncated and text.chars <= 80 and text.page_count == 3
    assert [n for n, _ in text.pages] == [1, 2]  # the second page is cut at a word, the third not read
    monkeypatch.setattr(pdftext, "MAX_CHARS", 100_000)
    monkeypatch.setattr(pdftext, "MAX_PAGES", 1)
    text = pdftext.extract(write_pdf(tmp_path / "b.pdf", PAGES))
    assert text.truncated and [n for n, _ in text.pages] == [1]


def test_unreadable_pdfs_are_warnings_at_their_lines_and_the_build_goes_on(project):
    result = build(opts(project, write=False))
    lines = attachment_lines(project / "content")
    warnings = {d.pos.line: d for d in result.diagnostics.items if d.code == "attachment-text"}
    assert set(warnings) == {lines["locked.pdf"], lines["scan.pdf"], lines["broken.pdf"]}
    assert all(d.severity == "warning" and d.pos.path == f"content/{ITEM_FILE}" for d in warnings.values())
    assert "protected by a password" in warnings[lines["locked.pdf"]].message
    assert "no text" in warnings[lines["scan.pdf"]].message
    assert "cannot be read" in warnings[lines["broken.pdf"]].message
    assert set(result.graph.attachment_texts) == {"2014-01-21-iib/2/Evaluation_Report.pdf"}
    # the command line prints them as path:line: warning[...] and succeeds
    done = run_build("check", "--content", str(project / "content"), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    shown = done.stdout + done.stderr
    assert f"content/{ITEM_FILE}:{lines['locked.pdf']}: warning[attachment-text]: attachment 'locked.pdf'" in shown


def test_the_text_page_carries_the_words_the_filters_and_the_links(project):
    outputs = build(opts(project, write=False)).outputs
    html = outputs[TEXT_PAGE].decode()
    assert "hedgehog survey" in html and "wildflower meadows" in html
    assert 'data-pagefind-body' in html
    for value in ('data-pagefind-filter="type">attachment<', 'data-pagefind-filter="board">Improvement Board<',
                  'data-pagefind-filter="year">2014<', 'data-pagefind-filter="topic">peer-challenge<',
                  'data-pagefind-sort="date">2014-01-21<'):
        assert value in html, value
    assert '<h2 id="page-2">Page 2</h2>' in html
    assert 'href="/meetings/2014-01-21-iib/Evaluation_Report.pdf#page=2"' in html
    assert 'href="/meetings/2014-01-21-iib/2/"' in html
    assert "Only the first" not in html
    item = outputs["meetings/2014-01-21-iib/2/index.html"].decode()
    assert 'href="/meetings/2014-01-21-iib/2/attachments/evaluation-report/">text version</a>' in item
    assert item.count(">text version</a>") == 1  # the unreadable files have none
    assert "meetings/2014-01-21-iib/Evaluation_Report.pdf" in outputs  # the PDFs are still published
    assert "meetings/2014-01-21-iib/locked.pdf" in outputs
    assert '<option value="attachment">Attachment</option>' in outputs["search/index.html"].decode()


def test_a_truncated_text_says_how_much_is_there(project, monkeypatch):
    monkeypatch.setattr(pdftext, "MAX_CHARS", 80)
    html = build(opts(project, write=False, cache=False)).outputs[TEXT_PAGE].decode()
    assert "Only the first 2 pages of 3 are here" in html


def test_texts_are_cached_by_file_hash_and_a_cached_build_equals_a_clean_one(project, monkeypatch):
    stats: dict = {}
    real = attachmenttext.attachment_texts

    def counting(*args, **kw):
        return real(*args, **{**kw, "stats": stats})

    monkeypatch.setattr("boardpapers.cache.live.attachment_texts", counting)
    build(opts(project, "site"))
    assert stats == {"files": 4, "hits": 0, "extracted": 4}
    entries = list((project / ".cache" / "pdftext").glob("*.json.gz"))
    assert len(entries) == 4  # the unreadable ones too: their warning is cached with them
    # another output folder: every text from the cache, and no PDF is opened by the parser at all
    monkeypatch.setattr(pdftext, "extract", lambda path: pytest.fail(f"{path} parsed again"))
    result = build(opts(project, "other"))
    assert stats == {"files": 4, "hits": 4, "extracted": 0}
    assert sum(d.code == "attachment-text" for d in result.diagnostics.items) == 3
    monkeypatch.undo()
    build(opts(project, "clean", cache=False))
    assert differing(project / "other", project / "clean") == set()
    assert differing(project / "site", project / "clean") == set()


def test_a_changed_pdf_rewrites_its_text_page_as_a_clean_build_would(project):
    build(opts(project))
    write_pdf(project / "content/meetings/2014-01-21-iib/Evaluation_Report.pdf",
              [["Evaluation of peer challenge"], ["The badger count doubled."]])
    build(opts(project))
    html = (project / "site" / TEXT_PAGE).read_text()
    assert "badger count" in html and "hedgehog" not in html
    build(opts(project, "clean", cache=False))
    assert differing(project / "site", project / "clean") == set()
    # an unreadable file made readable gets its page, and the item its link
    write_pdf(project / "content/meetings/2014-01-21-iib/scan.pdf", [["Now with text"]])
    build(opts(project))
    assert (project / "site/meetings/2014-01-21-iib/2/attachments/scan/index.html").is_file()
    shutil.rmtree(project / "clean")
    build(opts(project, "clean", cache=False))
    assert differing(project / "site", project / "clean") == set()


def test_two_pdfs_of_one_item_may_not_share_a_text_page(project):
    content = project / "content"
    write_pdf(content / "meetings/2014-01-21-iib/evaluation-report.pdf", [["Another evaluation"]])
    item = content / ITEM_FILE
    item.write_text(item.read_text().replace(
        "attachments:\n", "attachments:\n  - title: Another\n    file: evaluation-report.pdf\n"))
    with pytest.raises(BuildFailed) as failed:
        build(opts(project, write=False))
    errors = [d for d in failed.value.diagnostics.items if d.severity == "error"]
    second = attachment_lines(content)["Evaluation_Report.pdf"]
    assert [(d.code, d.pos.line) for d in errors] == [("duplicate-url", second)]
    assert "would share the text page" in errors[0].message


def test_serve_does_not_reuse_its_graph_when_a_pdf_changed_with_a_body(project, monkeypatch):
    """`serve` keeps its graph for an edit of report text alone (cache.live): a PDF changed in the same save must
    still reach its text page, as in a clean build; a PDF changed alone too."""
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
    pdf = project / "content/meetings/2014-01-21-iib/Evaluation_Report.pdf"
    item = project / "content" / ITEM_FILE
    item.write_text(item.read_text().replace("## Background", "## Background\n\nA new first paragraph."))
    write_pdf(pdf, [["The otter holt was found."]])
    taken.clear()
    build(opts(project), cache, live)
    assert taken == [False]
    assert "otter holt" in (project / "site" / TEXT_PAGE).read_text()
    item.write_text(item.read_text().replace("A new first paragraph.", "Another paragraph."))
    taken.clear()
    build(opts(project), cache, live)
    assert taken == [True]  # a body edit alone: the graph is reused, with the texts it holds
    write_pdf(pdf, [["The kingfisher nest was found."]])
    build(opts(project), cache, live)
    assert "kingfisher" in (project / "site" / TEXT_PAGE).read_text()
    build(opts(project, "clean", cache=False))
    assert differing(project / "site", project / "clean") == set()
