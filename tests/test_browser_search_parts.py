"""Search on an index split into parts (boardpapers/search/parts.py, assets/search.js), in Debian's chromium as
test_browser_search.py: a query opens the newest part first (with the people, boards and topics), says which
years it searched, and opens earlier years when the reader asks; a year or type filter opens only the parts it
can match; results stay correct across parts: counts, filters, "more results", and the date order.

The sample site is cut into small parts (--search-part-pages 8; decisions and actions are searched through their
items' pages, so the sample has only 33 dated indexed pages): people, boards and topics in parts of their own
(other.0-11), 2014 cut in two by day (2014.1 from the January meeting on, 2014.0 before it), 2013, and 2012 cut
in two (2012.1 from the November meeting on, 2012.0 before it)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, copy_project, run_build

PEER_CHALLENGE_ITEM = "meetings/2014-01-21-iib/2/"
OLD_WORD = "Platypuscrest"  # added to one item of 2012, the only place it is
OLD_ITEM = "meetings/2012-11-02-iib/08-local-government-knowledge-navigator.md"


@pytest.fixture(scope="module")
def split_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("parts")
    content = copy_project(ROOT / "content", project)
    item = content / OLD_ITEM
    item.write_text(item.read_text().rstrip("\n") + f"\n\nA {OLD_WORD} sentence.\n")
    out = project / "site"
    run_build("--content", str(content), "--out", str(out), "--now", "2026-01-01T09:00", "--search-parts",
              "--search-part-pages", "8", check=True)
    return out


def undated(site, kind: str = "") -> set[str]:
    """The parts of people, boards and topics (those with pages of type `kind`), which the first query opens with
    the newest dated part."""
    return {p["name"] for p in json.loads((site / "pagefind" / "parts.json").read_text())["parts"]
            if not p["from"] and (not kind or kind in p["types"])}


class Search:
    """A fresh page on the served site that remembers which search parts it fetched."""

    def __init__(self, page, base: str):
        self.page, self.base, self.parts = page, base, set()
        page.on("request", self._seen)

    def _seen(self, request) -> None:
        found = re.search(r"/pagefind/([^/]+)/pagefind-entry\.json", request.url)
        if found:
            self.parts.add(found.group(1))

    def open(self, query: str) -> Search:
        self.page.goto(self.base + "search/?" + query)
        self.page.wait_for_selector("#search-form[data-ready]")
        return self

    def status(self) -> str:
        return self.page.inner_text("#search-status")

    def links(self) -> list[str]:
        return self.page.eval_on_selector_all("#search-results .search-result-title a",
                                              "els => els.map(a => a.getAttribute('href'))")

    def dates(self) -> list[str]:
        return self.page.eval_on_selector_all("#search-results .search-result-meta",
                                              "els => els.map(e => e.textContent.split(' · ').pop())")

    def earlier(self) -> str:
        button = self.page.locator("#search-earlier")
        return button.inner_text() if button.is_visible() else ""

    def search_earlier(self) -> None:
        before = self.status()
        self.page.click("#search-earlier")
        self.page.wait_for_function("s => { const t = document.getElementById('search-status').textContent;"
                                    " return t !== s && !t.startsWith('Searching'); }", arg=before)


def test_the_parts_are_listed_newest_first(split_site):
    doc = json.loads((split_site / "pagefind" / "parts.json").read_text())
    assert [(p["name"], p["from"], p["to"]) for p in doc["parts"]] == [
        *((f"other.{n}", "", "") for n in range(12)), ("2014.1", "2014-01-21", "2014-12-31"),
        ("2014.0", "2014-01-01", "2014-01-20"), ("2013", "2013-01-01", "2013-12-31"),
        ("2012.1", "2012-11-02", "2012-12-31"), ("2012.0", "2012-01-01", "2012-11-01")]
    assert doc["tier"] == 8
    assert [p["types"] for p in doc["parts"] if p["name"] == "2014.1"] == [["action", "decision", "item", "meeting"]]
    for part in doc["parts"]:  # each a bundle of its own, without Pagefind's UI or worker
        bundle = split_site / part["bundle"]
        assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.en-gb.pagefind").is_file()
        assert not list(bundle.glob("pagefind-ui*")) and not (bundle / "pagefind-worker.js").exists()
    assert not (split_site / "pagefind" / "pagefind.js").exists()


def test_a_query_opens_the_newest_part_and_earlier_years_when_asked(split_site, serve_dir, page):
    search = Search(page, serve_dir(split_site)).open("q=peer+challenge")
    assert "/" + PEER_CHALLENGE_ITEM in search.links()
    assert search.parts == undated(split_site) | {"2014.1"}
    assert re.fullmatch(r"\d+ results for “peer challenge” in 21 Jan 2014 – 31 Dec 2014 "
                        r"\(earlier years not searched yet\)\.", search.status()), search.status()
    assert not any(link.startswith("/meetings/2012-") for link in search.links())
    first = search.links()
    assert search.earlier() == "Search earlier years too: 2 Nov 2012 – 20 Jan 2014"
    search.search_earlier()
    assert search.parts == undated(split_site) | {"2014.1", "2014.0", "2013", "2012.1"}
    assert search.earlier() == "Search earlier years too: 1 Jan 2012 – 1 Nov 2012"
    search.search_earlier()
    assert search.parts == undated(split_site) | {"2014.1", "2014.0", "2013", "2012.1", "2012.0"}
    assert re.fullmatch(r"\d+ results for “peer challenge”\.", search.status()), search.status()
    assert search.earlier() == ""
    links = search.links()
    assert links[:len(first)] == first  # what was shown stays, the earlier years' results come after it
    assert any(link.startswith("/meetings/2012-") for link in links[len(first):]), links
    assert page.evaluate("document.activeElement.closest('#search-results li') !== null")  # focus on the first new


def test_a_word_only_in_an_old_year_is_found_when_asked(split_site, serve_dir, page):
    search = Search(page, serve_dir(split_site)).open("q=" + OLD_WORD)
    assert search.links() == []
    assert search.status() == f"No results for “{OLD_WORD}” in 21 Jan 2014 – 31 Dec 2014 (earlier years not " \
                              "searched yet)."
    search.search_earlier()
    assert search.links() == ["/meetings/2012-11-02-iib/8/"]
    assert search.status() == f"1 result for “{OLD_WORD}” in 2 Nov 2012 – 31 Dec 2014 (earlier years not searched " \
                              "yet)."


def test_a_year_filter_opens_only_that_years_parts(split_site, serve_dir, page):
    search = Search(page, serve_dir(split_site)).open(f"q={OLD_WORD}&year=2012")
    assert search.parts == {"2012.1"}  # 2012 is in two parts: the newest first (8 pages a tier)
    assert search.links() == ["/meetings/2012-11-02-iib/8/"]
    assert search.status() == f"1 result for “{OLD_WORD}” (year: 2012) in 2 Nov 2012 – 31 Dec 2012 (earlier " \
                              "years not searched yet)."
    assert search.earlier() == "Search earlier years too: 1 Jan 2012 – 1 Nov 2012"
    page.select_option("#filter-year", "2014")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('year: 2014')")
    assert search.parts == {"2012.1", "2014.1"}  # the same for 2014
    assert search.status() == f"No results for “{OLD_WORD}” (year: 2014) in 21 Jan 2014 – 31 Dec 2014 " \
                              "(earlier years not searched yet)."
    search.search_earlier()
    assert search.parts == {"2012.1", "2014.1", "2014.0"}
    assert search.status() == f"No results for “{OLD_WORD}” (year: 2014)."


def test_a_type_filter_opens_only_the_parts_that_have_that_type(split_site, serve_dir, page):
    search = Search(page, serve_dir(split_site)).open("q=peer+challenge&type=topic")
    assert search.parts == undated(split_site, "topic") and search.parts != undated(split_site)
    assert search.links() == ["/topics/peer-challenge/"]
    assert search.status() == "1 result for “peer challenge” (type: topic)."
    page.select_option("#filter-type", "decision")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('type: decision')")
    first = search.links()
    assert "/decisions/d-2014-01-21-iib-2-1/" in first and all(link.startswith("/decisions/2014") is False and
                                                             link.startswith("/decisions/") for link in first)
    assert "(earlier years not searched yet)" in search.status()
    search.search_earlier()
    assert search.links()[:len(first)] == first and len(search.links()) > len(first)
    assert all(link.startswith("/decisions/") for link in search.links())


def test_newest_first_holds_across_parts(split_site, serve_dir, page):
    """A date sort is done part by part (Pagefind orders merged results by score): every meeting, newest first."""
    search = Search(page, serve_dir(split_site)).open("type=meeting")
    assert search.links() == ["/meetings/2014-01-21-iib/"]
    search.search_earlier()
    assert search.links() == ["/meetings/2014-01-21-iib/", "/meetings/2013-iib/", "/meetings/2012-11-02-iib/"]
    search.search_earlier()
    assert search.links() == ["/meetings/2014-01-21-iib/", "/meetings/2013-iib/", "/meetings/2012-11-02-iib/",
                              "/meetings/2012-09-17-iib/"]
    search.open("type=meeting&sort=asc")  # oldest first opens the oldest part first, and later years on asking
    assert search.links() == ["/meetings/2012-09-17-iib/"]
    assert search.earlier() == "Search later years too: 2 Nov 2012 – 31 Dec 2012"
    search.search_earlier()
    assert search.links() == ["/meetings/2012-09-17-iib/", "/meetings/2012-11-02-iib/"]
    while search.earlier():
        search.search_earlier()
    assert search.links() == ["/meetings/2012-09-17-iib/", "/meetings/2012-11-02-iib/", "/meetings/2013-iib/",
                              "/meetings/2014-01-21-iib/"]


def test_more_results_then_earlier_years(split_site, serve_dir, page):
    search = Search(page, serve_dir(split_site)).open("q=board")
    shown = len(search.links())
    assert shown == 10 and page.locator("#search-more").is_visible()
    page.click("#search-more")
    page.wait_for_function(f"document.querySelectorAll('#search-results li.search-result').length > {shown}")
    while page.locator("#search-more").is_visible():
        page.click("#search-more")
        page.wait_for_timeout(100)
    total = int(search.status().split()[0])
    assert len(search.links()) == total and len(set(search.links())) == total
    search.search_earlier()
    assert int(search.status().split()[0]) > total
    while page.locator("#search-more").is_visible():
        page.click("#search-more")
        page.wait_for_timeout(100)
    assert len(set(search.links())) == len(search.links()) == int(search.status().split()[0])
