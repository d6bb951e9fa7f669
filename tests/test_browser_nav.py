"""Finding your way without search, in Debian's chromium: a click-through from a meeting to the person who owns
an action, and on every type of page a working skip link, landmarks, heading order, visible focus, reflow at
320 px, and a print stylesheet that turns a meeting page into a clean agenda pack."""

from __future__ import annotations

import itertools
import re

from conftest import ROOT
from test_axe import page_types

MEETING = "meetings/2014-01-21-iib/"


def test_click_through_meeting_item_action_trail_person(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    page.goto(base + MEETING)
    page.get_by_role("link", name="Corporate Peer Challenges", exact=True).click()
    page.wait_for_url(base + "meetings/2014-01-21-iib/2/")
    assert page.locator("h1").inner_text() == "Corporate Peer Challenges"
    with page.expect_navigation() as nav:
        page.locator("#a-2014-01-21-iib-2-1").get_by_role("link", name="Progress of this action").click()
    assert nav.value.status == 200
    assert page.url == base + "actions/a-2014-01-21-iib-2-1/"
    main = page.locator("main")
    assert "publish and promote the findings from the Cardiff evaluation report" in main.inner_text()
    # the trail names where the action was raised, and links to it
    assert main.locator(f'a[href^="/{MEETING}"]').count() >= 1
    with page.expect_navigation() as nav:
        main.get_by_role("link", name="Andy Bates").first.click()
    assert nav.value.status == 200
    assert page.url == base + "people/andy-bates/"
    assert page.locator("h1").inner_text() == "Andy Bates"


def test_skip_link_moves_focus_to_main(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    page.goto(base + MEETING)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    assert skip == ["skip-link", "Skip to main content"]
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link must be on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


LANDMARKS_AND_HEADINGS = """() => {
  const count = (sel) => document.querySelectorAll(sel).length;
  const levels = [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
    .filter(h => h.offsetParent !== null || getComputedStyle(h).position === 'fixed')
    .map(h => Number(h.tagName[1]));
  return {main: count('main'), banner: count('body > header'), footer: count('body > footer'),
          nav: count('nav[aria-label="Main"]'), h1: count('h1'), levels, lang: document.documentElement.lang,
          title: document.title};
}"""


def test_landmarks_and_heading_order_on_every_page_type(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    problems = []
    for path in page_types(sample_site):
        page.goto(base + path)
        if path == "search/":
            page.goto(base + "search/?q=peer+challenge")
            page.wait_for_selector("#search-form[data-ready]")
        found = page.evaluate(LANDMARKS_AND_HEADINGS)
        where = f"/{path}"
        if (found["main"], found["banner"], found["footer"], found["nav"], found["h1"]) != (1, 1, 1, 1, 1):
            problems.append(f"{where}: landmarks/h1 {found}")
        levels = found["levels"]
        if not levels or levels[0] != 1:
            problems.append(f"{where}: the first heading in main is not an h1: {levels}")
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                problems.append(f"{where}: heading level jumps from h{before} to h{after}: {levels}")
                break
        if found["lang"] != "en-GB" or not found["title"]:
            problems.append(f"{where}: lang {found['lang']!r}, title {found['title']!r}")
    assert not problems, "\n".join(problems)


def test_focus_is_visible(sample_site, serve_dir, page):
    base = serve_dir(sample_site)
    page.goto(base + MEETING)
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.boxShadow, s.outlineStyle]; }"
    for selector in ("main a[href]", "#header-q", ".header-search button", ".site-nav a"):
        element = page.locator(selector).first
        before = element.evaluate(style)
        element.focus()
        after = element.evaluate(style)
        assert after != before, f"{selector} looks the same focused and unfocused: {after}"


def test_no_horizontal_scroll_at_320_px(sample_site, serve_dir, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        tab = context.new_page()
        base = serve_dir(sample_site)
        too_wide = {}
        for path in [*page_types(sample_site), "search/?q=peer+challenge"]:
            tab.goto(base + path)
            if path.startswith("search/"):
                tab.wait_for_selector("#search-form[data-ready]")
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                culprits = tab.evaluate("""() => [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > 321).slice(0, 3)
                  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""")
                too_wide[path] = (width, culprits)
        assert not too_wide, too_wide
    finally:
        context.close()


def test_print_stylesheet_prints_a_meeting_as_an_agenda_pack(sample_site, serve_dir, page):
    assert (ROOT / "assets" / "print.css").is_file()
    base = serve_dir(sample_site)
    page.goto(base + MEETING)
    assert page.locator('link[rel="stylesheet"][media="print"][href*="/assets/print."]').count() == 1
    shown = "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display)"
    assert "none" not in page.evaluate(shown, ".site-nav, .site-header, .site-footer")
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".site-header", ".site-footer", ".skip-link", ".breadcrumbs", ".pager"):
        displays = page.evaluate(shown, hidden)
        assert displays and set(displays) == {"none"}, f"{hidden} is printed: {displays}"
    for kept in ("main h1", "table.agenda", "#attendance"):
        assert page.locator(kept).first.is_visible(), f"{kept} is not printed"
    agenda = page.locator("table.agenda").inner_text()
    assert re.search(r"Corporate Peer Challenges", agenda)
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
