"""The public pages in Debian's chromium as the public meets them (issue 16): phones (320, 375 px) and a desktop
(1280 px) with no sideways scrolling and the key column in view, a visible focus on everything the keyboard
reaches, the agenda pack in print, and five everyday questions answered within three clicks of the home page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import icalendar
import pytest
from conftest import ROOT, csv_in_zip, run_build
from test_axe import page_types

# Page types beyond the first and last of each kind that page_types picks: the agenda pack, a meeting announced
# by date only, the people index's filter pages, a register filtered by status.
EXTRA = ("meetings/2014-01-21-iib/pack/", "meetings/2012-11-02-iib/pack/", "meetings/2014-03-18-iib/",
         "people/kind/councillor/", "people/party/labour/", "actions/status/done/", "boards/iib/",
         "meetings/2012-11-02-iib/2/", "data/")


def every_type(site) -> list[str]:
    return list(dict.fromkeys([*page_types(site), *EXTRA]))


OVERFLOW_AND_KEYS = """(width) => {
  const out = {width: document.documentElement.scrollWidth, hidden: []};
  const inView = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= width + 1; };
  // The key cell of each record table (a register's decision or action, a member's name, an item): in view.
  for (const table of document.querySelectorAll('main table')) {
    const row = table.querySelector('tbody tr:not(:has(th[scope=rowgroup]))');
    if (!row) continue;
    const key = row.querySelector('.key, th[scope=row]') || row.cells[0];
    if (getComputedStyle(table).visibility === 'hidden' || !table.offsetParent) continue;
    if (!inView(key)) out.hidden.push((table.className || 'table') + ': ' + key.textContent.trim().slice(0, 40));
  }
  return out;
}"""


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_sideways_scrolling_and_the_key_column_in_view(sample_site, serve_dir, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        base = serve_dir(sample_site)
        problems, checked = {}, 0
        for path in every_type(sample_site):
            tab.goto(base + path)
            found = tab.evaluate(OVERFLOW_AND_KEYS, width)
            checked += 1
            if found["width"] > width or found["hidden"]:
                problems[path] = found
        assert not problems, problems
        assert checked >= 20
    finally:
        context.close()


def test_a_wide_matrix_scrolls_in_a_labelled_region_the_keyboard_reaches(sample_site, serve_dir, browser):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(serve_dir(sample_site) + "boards/iib/")
        region = tab.locator(".table-wrap[role=region]").first
        assert region.get_attribute("tabindex") == "0"
        label = tab.evaluate("id => document.getElementById(id).textContent",
                             region.get_attribute("aria-labelledby"))
        assert label.startswith("Attendance at the board's meetings")
        assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll, inside itself
        region.focus()
        tab.keyboard.press("ArrowRight")
        # the arrow key scrolls smoothly, in steps after the key press: wait for the first (up to 5 s)
        tab.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
        assert region.evaluate("el => el.scrollLeft") > 0
    finally:
        context.close()


FOCUS_STEP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const look = (e) => { const s = getComputedStyle(e);
    const seen = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
    return {outline: seen ? s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor : 'none',
            shadow: s.boxShadow, background: s.backgroundColor}; };
  const focused = look(el);
  el.blur();
  const plain = look(el);
  el.focus();
  const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' '
    + (el.getAttribute('href') || el.id || el.textContent.trim().slice(0, 30))
    + ' #' + [...document.querySelectorAll('*')].indexOf(el);
  return {name, focused, plain};
}"""


def test_focus_is_visible_on_everything_the_keyboard_reaches(sample_site, serve_dir, page):
    """Tab through each page type: the focused element must look different from itself unfocused, by its
    outline (not a transparent one), its box-shadow or its background."""
    base = serve_dir(sample_site)
    invisible, reached = {}, set()
    for path in every_type(sample_site):
        page.goto(base + path)
        if path == "search/":
            page.goto(base + "search/?q=peer+challenge")
            page.wait_for_selector("#search-form[data-ready]")
        seen = set()
        for _ in range(90):
            page.keyboard.press("Tab")
            step = page.evaluate(FOCUS_STEP)
            if step is None or step["name"] in seen:
                break  # back to the start (the same element again), or out of the page
            seen.add(step["name"])
            reached.add(step["name"].split(" ")[0])
            f, p = step["focused"], step["plain"]
            if f["shadow"] == p["shadow"] and f["background"] == p["background"] and f["outline"] == p["outline"]:
                invisible.setdefault(path, []).append(step["name"])
    assert not invisible, invisible
    # the kinds of control there are: links, buttons (header search), fields, filter summaries, scroll regions
    kinds = {name.split(".")[0] for name in reached}
    assert {"a", "button", "input", "select", "summary", "div"} <= kinds, kinds


def test_the_green_search_button_shows_its_focus(sample_site, serve_dir, page):
    page.goto(serve_dir(sample_site) + "meetings/")
    button = page.locator(".header-search button")
    before = button.evaluate("el => getComputedStyle(el).boxShadow + getComputedStyle(el).backgroundColor")
    page.locator("#header-q").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Search"
    after = button.evaluate("el => getComputedStyle(el).boxShadow + getComputedStyle(el).backgroundColor")
    assert after != before and "255, 221, 0" in after  # the focus yellow


def test_the_agenda_pack_prints_one_item_a_page_with_the_site_and_address_on_each(sample_site, serve_dir, page,
                                                                                   tmp_path):
    base = serve_dir(sample_site)
    page.goto(base + "meetings/2014-01-21-iib/")
    page.get_by_role("link", name="Agenda pack").click()
    page.wait_for_url(base + "meetings/2014-01-21-iib/pack/")
    page.emulate_media(media="print")
    shown = "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display)"
    for hidden in (".site-header", ".site-nav", ".site-footer", ".breadcrumbs", ".no-print"):
        assert set(page.evaluate(shown, hidden)) == {"none"}, hidden
    breaks = page.evaluate("[...document.querySelectorAll('.pack-item')].map(e => getComputedStyle(e).breakBefore)")
    assert len(breaks) == 9 and set(breaks) == {"page"}
    pdf = tmp_path / "pack.pdf"
    page.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 10  # a cover and agenda, then each of the nine items on pages of its own


def test_print_media_of_the_agenda_pack_has_no_axe_violations(sample_site, serve_dir, page):
    from test_axe import axe_script, describe, run_axe

    script = axe_script()
    page.goto(serve_dir(sample_site) + "meetings/2012-11-02-iib/pack/")
    page.emulate_media(media="print")
    violations = run_axe(page, script)
    assert not violations, describe(violations)


# -- five everyday questions, each answered within three clicks of the home page


class Clicks:
    def __init__(self, page, base: str):
        self.page, self.count = page, 0
        page.goto(base)

    def link(self, name: str, within: str = "body", exact: bool = True):
        self.count += 1
        self.page.locator(within).get_by_role("link", name=name, exact=exact).first.click()
        self.page.wait_for_load_state()

    def summary(self, text: str):
        self.count += 1
        self.page.locator("summary", has_text=text).first.click()


def test_task_decisions_about_peer_challenge_since_2012(sample_site, serve_dir, page):
    walk = Clicks(page, serve_dir(sample_site))
    walk.link("Decisions", "nav.site-nav")
    walk.link("By topic")
    walk.link("Peer challenge")
    assert walk.count <= 3
    assert page.locator("h1").inner_text() == "Decisions on Peer challenge"
    rows = page.locator("table.decisions-register tbody tr")
    assert rows.count() >= 3
    assert "Corporate Peer Challenges" in page.locator("main").inner_text()


def test_task_september_2012_actions_reported_done_and_when(sample_site, serve_dir, page):
    walk = Clicks(page, serve_dir(sample_site))
    walk.link("Actions", "nav.site-nav")
    walk.summary("By status")
    walk.link("Done")
    assert walk.count <= 3
    row = page.locator("table.actions-register tbody tr").filter(has_text="17 September 2012")
    assert row.count() >= 1
    text = row.first.inner_text()
    assert "Reported at" in text and "2 November 2012" in text  # when it was reported done
    assert "DONE" in text.upper()


def test_task_peter_flemings_attendance(sample_site, serve_dir, page):
    walk = Clicks(page, serve_dir(sample_site))
    walk.link("People", "nav.site-nav")
    walk.link("Peter Fleming")
    assert walk.count <= 3
    attendance = page.locator("#attendance").locator("xpath=..")
    text = attendance.inner_text()
    assert re.search(r"Attended \d+ of the \d+ meetings", text)
    assert page.locator("main table").filter(has_text="IIB 17 September 2012").count() == 1


@pytest.fixture(scope="module")
def january_site(tmp_path_factory):
    """The sample on 14 January 2014, a week before the January meeting."""
    out = tmp_path_factory.mktemp("january") / "site"
    run_build("--content", str(ROOT / "content"), "--out", str(out), "--now", "2014-01-14T09:00", "--no-search",
              check=True)
    return out


def test_task_the_next_meetings_agenda_added_to_a_calendar(january_site, serve_dir, page):
    base = serve_dir(january_site)
    walk = Clicks(page, base)
    next_meetings = page.locator("section[aria-labelledby=h-next]")
    assert "Tuesday 21 January 2014" in next_meetings.inner_text()
    with page.expect_download() as download:
        walk.link(re.compile(r"^Add to calendar\s*: IIB 21 January 2014$"), "section[aria-labelledby=h-next]")
    assert walk.count <= 3
    (event,) = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == "2014-01-21-iib@boardpapers"
    assert event.decoded("DTSTART").isoformat() == "2014-01-21"
    assert "Corporate Peer Challenges" in str(event["DESCRIPTION"])  # the agenda is in the event
    # and the agenda itself is one click away
    walk = Clicks(page, base)
    walk.link("Tuesday 21 January 2014: Improvement and Innovation Board", exact=False)
    assert "Corporate Peer Challenges" in page.locator("table.agenda").inner_text()


def test_task_all_decisions_as_csv(sample_site, serve_dir, page):
    walk = Clicks(page, serve_dir(sample_site))
    walk.link("Decisions", "nav.site-nav")
    with page.expect_download() as download:
        walk.link("Decisions (CSV, zip)")
    assert walk.count <= 3
    rows = list(csv.DictReader(io.StringIO(csv_in_zip(Path(download.value.path()).read_bytes()))))
    total = int(re.search(r"(\d+) decisions", page.locator("main .lead").inner_text()).group(1))
    assert len(rows) == total and {"item_title", "organization_name", "text", "url"} <= set(rows[0])
