"""Search as members use it, in Debian's chromium over HTTP on 127.0.0.1 (Pagefind does not work from file://):
the header's GET form, the query in the URL, filters, result details, keyboard only, a sub-path, no JavaScript,
and what one query costs in bytes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES, copy_project, run_build

PEER_CHALLENGE_ITEM = "meetings/2014-01-21-iib/2/"
# What a browser may fetch, at most, to open the search page and answer one query on the sample site.
BYTES_BUDGET = 600_000


def open_search(page, url: str):
    page.goto(url)
    page.wait_for_selector("#search-form[data-ready]")
    return page


def result_links(page) -> list[str]:
    return page.eval_on_selector_all("#search-results .search-result-title a", "els => els.map(a => a.href)")


def test_search_finds_the_peer_challenge_item(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/?q=Cardiff+evaluation")
    assert base + PEER_CHALLENGE_ITEM in result_links(page)
    result = page.locator(".search-result", has=page.locator(f'a[href="/{PEER_CHALLENGE_ITEM}"]'))
    assert result.locator(".search-result-title").inner_text() == "Corporate Peer Challenges"
    meta = result.locator(".search-result-meta").inner_text()
    assert meta.startswith("ITEM") or meta.startswith("Item"), meta  # type (shown in capitals by CSS)
    assert "Improvement and Innovation Board" in meta and "21 January 2014" in meta  # board and date
    assert "Cardiff" in result.locator("mark").first.inner_text()
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert re.fullmatch(r"\d+ results? for “Cardiff evaluation”\.", status.inner_text())


def test_type_filter_narrows_to_decisions(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/?q=peer+challenge")
    everything = result_links(page)
    page.select_option("#filter-type", "decision")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('type: decision')")
    decisions = result_links(page)
    assert decisions and len(decisions) < len(everything)
    assert all("/decisions/" in href for href in decisions), decisions
    types = page.eval_on_selector_all(".search-result-meta .tag-type", "els => els.map(e => e.textContent)")
    assert set(types) == {"Decision"}
    assert base + "decisions/d-2014-01-21-iib-2-1/" in decisions
    # the filter is in the address, so the narrowed search can be shared and survives a reload
    assert parse_qs(urlsplit(page.url).query) == {"q": ["peer challenge"], "type": ["decision"]}
    page.reload()
    page.wait_for_selector("#search-form[data-ready]")
    assert page.input_value("#filter-type") == "decision"
    assert result_links(page) == decisions


def test_filter_without_words_lists_newest_first(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/?type=meeting")
    dates = page.eval_on_selector_all(".search-result-meta", "els => els.map(e => e.textContent)")
    links = result_links(page)
    indexed = [p for p in (sample_site / "meetings").glob("*/index.html") if "data-pagefind-body" in p.read_text()]
    assert len(links) == len(indexed) >= 4  # a meeting announced by date only has no papers to search
    assert links[0] == base + "meetings/2014-01-21-iib/", dates


def test_header_search_is_a_plain_get_form(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    page.goto(base + "meetings/")
    page.fill("#header-q", "Cardiff evaluation")
    page.press("#header-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Cardiff\+evaluation$"))
    page.wait_for_selector("#search-form[data-ready]")
    assert page.input_value("#search-q") == "Cardiff evaluation"
    assert base + PEER_CHALLENGE_ITEM in result_links(page)


def test_keyboard_only_search(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/")
    tab_to(page, "document.activeElement.id === 'search-q'")
    page.keyboard.type("Cardiff evaluation")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('result')")
    tab_to(page, "document.activeElement.matches('#search-results a')")
    target = page.evaluate("document.activeElement.href")
    # the focused result is visibly marked (yellow focus background)
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("h1").count() == 1


def tab_to(page, condition: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    raise AssertionError(f"{limit} presses of Tab never reached: {condition}")


def test_show_more_results_moves_focus(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/?q=board")
    first = len(result_links(page))
    more = page.locator("#search-more")
    if first < 10:  # assets/search.js PAGE_SIZE
        pytest.fail(f"'board' should give more than one page of results on the sample site, got {first}")
    assert more.is_visible()
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#search-results li.search-result').length > {first}")
    assert page.evaluate("document.activeElement.closest('#search-results li') !== null")
    assert page.evaluate(f"document.querySelectorAll('#search-results li.search-result')[{first}]"
                         ".contains(document.activeElement)")


def test_no_results_are_announced(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/?q=zzzyyyxxx")
    assert page.inner_text("#search-status") == "No results for “zzzyyyxxx”."
    assert result_links(page) == []


def test_without_javascript_the_page_says_so(sample_site, serve_dir, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        base = serve_dir(sample_site)
        tab.goto(base + "search/?q=peer+challenge")
        notice = tab.locator("#search-noscript")
        assert notice.is_visible()
        assert "Search needs JavaScript" in notice.inner_text()
        hrefs = notice.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert hrefs == ["/decisions/", "/actions/", "/meetings/"]
        assert not tab.locator("#search-form").is_visible()
    finally:
        context.close()


@pytest.fixture(scope="module")
def subpath_root(tmp_path_factory) -> Path:
    """The mini fixture built with base_url https://example.org/papers/, placed at <root>/papers/."""
    project = tmp_path_factory.mktemp("subpath")
    content = copy_project(FIXTURES / "mini" / "content", project)
    with (content / "site.yaml").open("a") as f:
        f.write("base_url: https://example.org/papers/\n")
    root = project / "root"
    run_build("--content", str(content), "--out", str(root / "papers"), "--now", "2026-01-01T09:00", check=True)
    return root


def test_search_works_under_a_sub_path(subpath_root, serve_dir, page):
    base = serve_dir(subpath_root, "/papers/")
    page.goto(base)
    page.fill("#home-q", "Cardiff evaluation")  # the home page's one search box
    page.press("#home-q", "Enter")
    page.wait_for_url(re.compile(r"/papers/search/\?q="))
    page.wait_for_selector("#search-form[data-ready]")
    hrefs = page.eval_on_selector_all("#search-results a", "els => els.map(a => a.getAttribute('href'))")
    assert "/papers/meetings/2014-01-21-iib/2/" in hrefs
    assert hrefs and all(h.startswith("/papers/") for h in hrefs), hrefs
    page.select_option("#filter-type", "decision")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('type: decision')")
    assert result_links(page) == [base + "decisions/d-2014-01-21-iib-2-1/"]
    with page.expect_navigation() as nav:
        page.click("#search-results a")
    assert nav.value.status == 200
    assert page.locator("h1").inner_text().startswith("Endorsed")


def test_bytes_fetched_for_one_query(sample_site, serve_dir, page, capsys):
    """Count the response bodies a fresh browser fetches to open /search/ and search "peer challenge"."""
    base = serve_dir(sample_site)
    fetched: dict[str, int] = {}
    page.on("response", lambda r: fetched.__setitem__(r.url, len(r.body())) if r.status == 200 else None)
    open_search(page, base + "search/")
    startup = dict(fetched)
    page.fill("#search-q", "peer challenge")
    page.press("#search-q", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('results for')")
    page.wait_for_load_state("networkidle")
    query = {url: size for url, size in fetched.items() if url not in startup}
    total = sum(fetched.values())
    with capsys.disabled():
        print(f"\nsearch page + Pagefind start-up: {sum(startup.values())} bytes in {len(startup)} responses; "
              f"query 'peer challenge': {sum(query.values())} bytes in {len(query)} responses; total {total}")
    assert any("/pagefind/" in url for url in query), "the query fetched no index chunk or fragment"
    assert total < BYTES_BUDGET, sorted(fetched.items(), key=lambda kv: -kv[1])


def test_a_topic_is_found_by_its_name(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    open_search(page, base + "search/?q=peer+challenge&type=topic")
    assert result_links(page) == [base + "topics/peer-challenge/"]
    types = page.eval_on_selector_all(".search-result-meta .tag-type", "els => els.map(e => e.textContent)")
    assert types == ["Topic"]
    # the topic's entries are found on their own pages, not through the topic page's list ("Health reform" is an
    # item title listed on /topics/health/)
    open_search(page, base + "search/?q=reform")
    assert result_links(page) and base + "topics/health/" not in result_links(page)
    open_search(page, base + "search/?q=reform&type=topic")
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
    assert result_links(page) == []


def test_decisions_and_actions_are_found_through_their_item(sample_site, serve_dir, page):
    """Decision and action pages are not indexed of their own (one search fragment per item): their item's page
    carries them. A search still lists the decision its words are in, linking to the decision's own page."""
    base = serve_dir(sample_site)
    transparency = "meetings/2014-01-21-iib/4/"
    open_search(page, base + "search/?q=announcements")
    assert result_links(page) == [base + transparency]
    subs = page.eval_on_selector_all(".search-result-sub a", "els => els.map(a => a.href)")
    assert base + "decisions/d-2014-01-21-iib-4-1/" in subs
    # a decision search lists the decision the words are in, not the item's other three
    open_search(page, base + "search/?q=announcements&type=decision")
    assert result_links(page) == [base + "decisions/d-2014-01-21-iib-4-1/"]
    assert page.inner_text("#search-status") == "1 item with decisions for “announcements” (type: decision)."
    assert page.locator(".search-result-meta .tag-type").all_text_contents() == ["Decision"]
    item = page.locator(".search-result-meta a")
    assert item.inner_text() == "Update on Transparency"
    assert item.get_attribute("href") == "/" + transparency + "#d-2014-01-21-iib-4-1"
    # the verb filter narrows to the item's decisions of that verb
    open_search(page, base + "search/?q=transparency&type=decision&verb=approved")
    assert result_links(page) == [base + "decisions/d-2014-01-21-iib-4-2/"]
    # an action search: the action page, from the words of the action on its item's page
    open_search(page, base + "search/?q=away+day&type=action")
    assert result_links(page) == [base + "actions/a-2014-01-21-iib-8-1/"]
    with page.expect_navigation() as nav:
        page.click("#search-results .search-result-title a")
    assert nav.value.status == 200 and "away day" in page.locator("h1").inner_text()
