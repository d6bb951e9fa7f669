"""Search after a small edit (search/recent.py), in Debian's chromium as test_browser_search.py: the
changed pages are indexed alone into pagefind/recent/, the year bundles keep stale copies, and the search page
must find each page through its new copy only, narrow by filters as before, and never find a removed page.
The site is split into parts (--search-parts, small ones: --search-part-pages 30, see test_browser_search_parts.py)
and served under a sub-path; every search here opens all the parts a query can match (the "earlier years" button
until it is gone), so that the counts are the whole site's."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
from conftest import ROOT, copy_project, run_build

from boardpapers.pipeline import Options, build

EDITED = "meetings/2012-11-02-iib/08-local-government-knowledge-navigator.md"
EDITED_URL = "meetings/2012-11-02-iib/8/"
REMOVED = "meetings/2012-11-02-iib/10-date-of-next-meeting.md"
NOW = "2026-01-01T09:00"


def append(path, text: str) -> None:
    path.write_text(path.read_text().rstrip("\n") + f"\n\n{text}\n")


def entry_stats(site) -> dict:
    """Modification times of the bundles' entry files (a copy of the site keeps them: shutil.copytree)."""
    return {p.parent.name: p.stat().st_mtime_ns for p in (site / "pagefind").glob("*/pagefind-entry.json")}


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """-> (served root, site, year bundles' entry stats after the first build, the root after a deletion). The
    first build indexes the old words (Wombatfrost in one item, Numbatglass in another); then one body is edited
    (Wombatfrost becomes Quolltide) and the site rebuilt from its cache; a copy of that site is kept, then the
    other item is deleted and the site rebuilt again."""
    project = tmp_path_factory.mktemp("recent")
    content = copy_project(ROOT / "content", project)
    with (content / "site.yaml").open("a") as f:
        f.write("base_url: https://example.org/papers/\n")
    append(content / EDITED, "A Wombatfrost sentence.")
    append(content / REMOVED, "A Numbatglass sentence.")
    root = project / "root"
    site = root / "papers"
    args = ("--content", str(content), "--out", str(site), "--now", NOW, "--search-parts", "--search-part-pages", "30")
    run_build(*args, check=True)
    assert not (site / "pagefind" / "recent").exists()
    first = entry_stats(site)
    path = content / EDITED
    path.write_text(path.read_text().replace("Wombatfrost", "Quolltide"))
    # serve's rebuilds index small edits on top (the CLI would fold them in: options.Options.search_overlay)
    preview = Options(content_dir=content, out_dir=site, now=dt.datetime.fromisoformat(NOW), search_parts=True,
                      search_part_pages=30, search_overlay=True)
    build(preview)
    shutil.copytree(root, project / "edited")
    (content / REMOVED).unlink()
    build(preview)
    return project / "edited", project / "edited" / "papers", first, root


def test_a_small_edit_is_indexed_on_top_of_the_year_bundles(edited):
    _, site, first, _ = edited
    doc = json.loads((site / "pagefind" / "parts.json").read_text())
    assert doc["parts"][-1] == {"name": "recent", "bundle": "pagefind/recent/", "pages": doc["parts"][-1]["pages"]}
    assert 0 < doc["parts"][-1]["pages"] < 30  # the edited item's page and its neighbours, not a year
    assert (site / "pagefind" / "recent" / "pagefind.js").is_file()
    assert entry_stats(site) == {**first, "recent": entry_stats(site)["recent"]}  # no year bundle rewritten
    assert doc["hide"] and doc["stale"]["type"]["item"] == 1  # the edited item's stale copy


def search(page, base: str, query: str) -> list[str]:
    """The results of `query` in every part, all of them shown."""
    page.goto(base + "search/?" + query)
    page.wait_for_selector("#search-form[data-ready]")
    page.wait_for_function("!document.getElementById('search-status').textContent.startsWith('Searching')")
    for button in ("#search-earlier", "#search-more"):
        while page.locator(button).is_visible():
            before = page.evaluate("document.getElementById('search-status').textContent + "
                                   "document.querySelectorAll('#search-results li').length")
            page.click(button)
            page.wait_for_function("b => document.getElementById('search-status').textContent + "
                                   "document.querySelectorAll('#search-results li').length !== b && "
                                   "!document.getElementById('search-status').textContent.startsWith('Searching')",
                                   arg=before)
    return page.eval_on_selector_all("#search-results .search-result-title a", "els => els.map(a => a.href)")


def test_the_new_word_finds_the_page_once_and_the_old_word_nothing(edited, serve_dir, page):
    root, _, _, _ = edited
    base = serve_dir(root, "/papers/")
    assert search(page, base, "q=Quolltide") == [base + EDITED_URL]
    assert page.inner_text("#search-status") == "1 result for “Quolltide”."
    # The item's other words are in both copies (the stale one in 2012's bundle): still one result.
    assert search(page, base, "q=Local+Government+Knowledge+Navigator").count(base + EDITED_URL) == 1
    assert search(page, base, "q=Wombatfrost") == []
    assert page.inner_text("#search-status") == "No results for “Wombatfrost”."


def test_a_removed_page_folds_its_year_and_is_not_found(edited, serve_dir, page):
    """A page that leaves the index takes its text out of its part's bundle at once (search.recent: a fold), so
    the overlay is gone and the edit is in 2012's bundle itself."""
    _, _, first, root = edited
    site = root / "papers"
    assert "hide" not in json.loads((site / "pagefind" / "parts.json").read_text())
    assert not (site / "pagefind" / "recent").exists()
    assert [name for name, stat in entry_stats(site).items() if stat != first[name]] == ["2012-2014"]
    base = serve_dir(root, "/papers/")
    assert search(page, base, "q=Numbatglass") == []
    assert page.inner_text("#search-status") == "No results for “Numbatglass”."
    assert not any(re.search(r"/2012-11-02-iib/10/", href) for href in search(page, base, "q=date+next+meeting"))
    assert search(page, base, "q=Quolltide") == [base + EDITED_URL]
    assert search(page, base, "q=Wombatfrost") == []


def test_filters_narrow_the_edited_page_as_before(edited, serve_dir, page):
    root, _, _, _ = edited
    base = serve_dir(root, "/papers/")
    assert search(page, base, "q=Quolltide&type=item") == [base + EDITED_URL]
    assert search(page, base, "q=Quolltide&type=decision") == []
    assert search(page, base, "q=Quolltide&year=2012") == [base + EDITED_URL]
    assert search(page, base, "q=Quolltide&year=2014") == []
    years = page.eval_on_selector_all("#filter-year option", "els => els.map(e => e.value)")
    assert {"2012", "2014"} <= set(years)
    # Every item of the year, newest first: the edited one once.
    items = search(page, base, "type=item&year=2012")
    assert items.count(base + EDITED_URL) == 1
    # ... and in its place: among its meeting's items, in date order (the new copy where the stale one was)
    assert shown_dates(page) == sorted(shown_dates(page), reverse=True) and len(shown_dates(page)) == len(items)
    everything = search(page, base, "type=item")  # the same across every part, the overlay's new page included
    assert everything.count(base + EDITED_URL) == 1
    assert shown_dates(page) == sorted(shown_dates(page), reverse=True)


def shown_dates(page) -> list[dt.date]:
    """The results' dates ("2 November 2012"; "2013 (date not given)" as 1 January)."""
    texts = page.eval_on_selector_all("#search-results .search-result-meta", "els => els.map(e => e.textContent)")
    found = []
    for text in texts:
        date = text.split(" · ")[-1]
        found.append(dt.date(int(date[:4]), 1, 1) if "not given" in date
                     else dt.datetime.strptime(date, "%d %B %Y").date())
    return found


def test_best_match_ranks_the_edited_page_where_its_old_copy_ranked(edited, serve_dir, page):
    """Pagefind scores each bundle's pages against that bundle's own word counts: alone in the small recent bundle,
    where every word is common, the edited item sank below every other match for its own title. Its new copy now
    takes its stale copy's rank (assets/search.js, inPlace)."""
    root, _, _, _ = edited
    base = serve_dir(root, "/papers/")
    found = search(page, base, "q=Local+Government+Knowledge+Navigator")
    assert found.count(base + EDITED_URL) == 1 and len(found) > 1
    assert found[0] == base + EDITED_URL, found[:3]
