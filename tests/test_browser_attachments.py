"""Searching the words inside PDF attachments, in Debian's chromium with the real Pagefind index (issue 17,
part 1): a word that is only in a PDF finds its text page, with the item's board filter; the result links the
PDF at the page the word is on and the item; the text page passes axe."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, copy_project, run_build
from test_attachment_text import add_attachments
from test_axe import axe_script, describe, run_axe
from test_browser_search import open_search, result_links

TEXT_PAGE = "meetings/2014-01-21-iib/2/attachments/evaluation-report/"


@pytest.fixture(scope="module", params=["one-index", "search-parts"])
def attachment_site(request, tmp_path_factory):
    project = tmp_path_factory.mktemp("attachments")
    content = copy_project(FIXTURES / "mini" / "content", project)
    add_attachments(content)
    out = project / "site"
    flag = "--search-parts" if request.param == "search-parts" else "--one-index"
    run_build("--content", str(content), "--out", str(out), "--now", "2026-01-01T09:00", flag, check=True)
    return out


def test_a_word_only_in_a_pdf_is_found_with_the_board_filter(attachment_site, serve_dir, page):
    base = serve_dir(attachment_site)
    open_search(page, base + "search/?q=wildflower")
    assert result_links(page) == [base + TEXT_PAGE]
    result = page.locator(".search-result").first
    assert result.locator(".search-result-title").inner_text() == "Evaluation report"
    assert result.locator(".tag-type").inner_text().lower() == "attachment"
    assert "Improvement Board" in result.locator(".search-result-meta").inner_text()
    assert "wildflower" in result.locator("mark").first.inner_text().lower()
    sub = result.locator(".search-result-sub a").first
    assert sub.inner_text() == "Page 2" and sub.get_attribute("href").endswith(TEXT_PAGE + "#page-2")
    pdf = result.get_by_role("link", name="Open the PDF at page 2")
    assert pdf.get_attribute("href") == "/meetings/2014-01-21-iib/Evaluation_Report.pdf#page=2"
    assert result.get_by_role("link", name="Item 2: Peer challenge").get_attribute("href") == (
        "/meetings/2014-01-21-iib/2/")
    # the item's filters narrow to it: its board, year and topic, and the type "attachment"
    page.select_option("#filter-board", "Improvement Board")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('board:')")
    assert result_links(page) == [base + TEXT_PAGE]
    page.select_option("#filter-year", "2014")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('year: 2014')")
    assert result_links(page) == [base + TEXT_PAGE]
    page.select_option("#filter-topic", "peer-challenge")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('topic: peer-challenge')")
    assert result_links(page) == [base + TEXT_PAGE]
    page.select_option("#filter-type", "attachment")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('type: attachment')")
    assert result_links(page) == [base + TEXT_PAGE]
    page.select_option("#filter-type", "decision")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('type: decision')")
    assert result_links(page) == []
    # following the sub-result lands on that page of the text, which links the PDF at the same page
    open_search(page, base + "search/?q=wildflower")
    page.locator(".search-result-sub a").first.click()
    page.wait_for_url("**#page-2")
    assert page.locator("#page-2").is_visible()
    assert page.get_by_role("link", name="Page 2 in the PDF").get_attribute("href").endswith("#page=2")


def test_words_of_unreadable_pdfs_are_not_found_but_the_pdf_is_served(attachment_site, serve_dir, page):
    base = serve_dir(attachment_site)
    open_search(page, base + "search/?q=zebrafinch")  # only inside locked.pdf, which needs a password
    assert result_links(page) == []
    assert page.goto(base + "meetings/2014-01-21-iib/locked.pdf").status == 200


def test_the_text_page_and_a_search_for_it_have_no_axe_violations(attachment_site, serve_dir, page):
    axe = axe_script()
    base = serve_dir(attachment_site)
    for path in (TEXT_PAGE, "meetings/2014-01-21-iib/2/"):
        page.goto(base + path)
        violations = run_axe(page, axe)
        assert not violations, f"/{path}\n" + describe(violations)
    open_search(page, base + "search/?q=hedgehog")
    assert result_links(page) == [base + TEXT_PAGE]
    violations = run_axe(page, axe)
    assert not violations, describe(violations)
