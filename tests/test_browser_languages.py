"""Two languages in Debian's chromium with the real Pagefind index: search per language, the language switch by
keyboard, and axe on the Welsh pages and their English counterparts (issue 17 part 5)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from test_axe import describe, run_axe
from test_languages import DECISION, ITEM, MEETING, PACK, PAPER, TOPIC, WELSH

from boardpapers.pipeline import Options, build


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("welsh-browser") / "site"
    build(Options(cache=False, content_dir=WELSH, out_dir=out, now=dt.datetime(2026, 1, 1, 9, 0), search=True))
    return out


def search(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#search-form[data-ready]")
    page.wait_for_function("(t => t.length > 0 && !t.startsWith('Searching') && !t.startsWith('Yn chwilio'))"
                           "(document.getElementById('search-status').textContent)")
    return page.eval_on_selector_all("#search-results .search-result-title a", "els => els.map(a => a.href)")


def test_a_welsh_query_finds_the_welsh_pages_on_the_welsh_search_page(site, serve_dir, page):
    base = serve_dir(site)
    found = search(page, base + "cy/search/?q=hwyrfrydigrwydd")
    assert set(found) == {base + "cy/" + ITEM, base + "cy/" + PAPER}, found
    # the script writes in the page's language: its status line and the results' type tags
    assert page.locator("#search-status").inner_text() == "2 canlyniad ar gyfer “hwyrfrydigrwydd”."
    tags = page.eval_on_selector_all("#search-results .tag-type", "els => els.map(e => e.textContent)")
    assert sorted(tags) == ["Eitem", "Papur"], tags
    assert page.locator("h1").inner_text() == "Chwilio'r papurau"
    assert page.locator("label[for=filter-type]").inner_text() == "Math"
    assert page.locator("#filter-type option").first.inner_text() == "Unrhyw fath"
    assert search(page, base + "cy/search/?q=cyntaf") == [base + "cy/" + MEETING]
    assert page.locator("#search-status").inner_text() == "1 canlyniad ar gyfer “cyntaf”."
    # the board filter offers the board's Welsh name, which the Welsh pages carry
    assert page.eval_on_selector_all("#filter-board option", "els => els.map(o => o.value)") == ["", "Y Bwrdd Gwella"]
    found = search(page, base + "cy/search/?board=Y+Bwrdd+Gwella&type=item")
    assert found == [base + "cy/" + ITEM], found


def test_the_english_search_shows_no_welsh_page(site, serve_dir, page):
    base = serve_dir(site)
    assert search(page, base + "search/?q=hwyrfrydigrwydd") == []
    assert page.locator("#search-status").inner_text() == "No results for “hwyrfrydigrwydd”."
    found = search(page, base + "search/?q=Cardiff+evaluation")
    assert re.fullmatch(r"\d+ results? for “Cardiff evaluation”\.", page.locator("#search-status").inner_text())
    assert "Item" in page.eval_on_selector_all("#search-results .tag-type", "els => els.map(e => e.textContent)")
    assert base + ITEM in found and not any("/cy/" in href for href in found), found
    everything = search(page, base + "search/?type=item")
    assert everything and not any("/cy/" in href for href in everything), everything


def test_the_language_switch_by_keyboard(site, serve_dir, page):
    base = serve_dir(site)
    page.goto(base + ITEM)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "cy":
            break
    else:
        raise AssertionError("Tab never reached the language switch")
    assert page.evaluate("document.activeElement.textContent") == "Cymraeg"
    page.keyboard.press("Enter")
    page.wait_for_url(base + "cy/" + ITEM)
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.locator("h1").inner_text() == "Her gan gymheiriaid"


@pytest.fixture(scope="module")
def axe():
    from test_axe import axe_script

    return axe_script()


@pytest.mark.parametrize("width", [375, 1280])
def test_welsh_pages_and_their_counterparts_have_no_axe_violations(axe, site, serve_dir, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        base = serve_dir(site)
        welsh = (MEETING, ITEM, PAPER, "search/", "", "meetings/", "decisions/", "actions/", "topics/",
                 "topics/" + TOPIC, DECISION, PACK, "boards/iib/", "people/olive-officer/")
        for path in (MEETING, ITEM, PAPER, "search/", *("cy/" + path for path in welsh)):
            response = tab.goto(base + path)
            assert response.status == 200, path
            if path.endswith("search/"):
                tab.wait_for_selector("#search-form[data-ready]")
            violations = run_axe(tab, axe)
            assert not violations, f"/{path} at {width} px\n" + describe(violations)
    finally:
        context.close()


def test_search_per_language_with_one_index_per_year(tmp_path, serve_dir, page):
    """`--search-parts` (the default on large sites): each part holds both languages' indexes, and each search page
    still reads its own language's."""
    out = tmp_path / "site"
    build(Options(cache=False, content_dir=WELSH, out_dir=out, now=dt.datetime(2026, 1, 1, 9, 0), search=True,
                  search_parts=True))
    assert (out / "pagefind" / "parts.json").is_file()
    base = serve_dir(out)
    assert set(search(page, base + "cy/search/?q=hwyrfrydigrwydd")) == {base + "cy/" + ITEM, base + "cy/" + PAPER}
    assert search(page, base + "search/?q=hwyrfrydigrwydd") == []
    found = search(page, base + "search/?q=Cardiff+evaluation")
    assert base + ITEM in found and not any("/cy/" in href for href in found), found
