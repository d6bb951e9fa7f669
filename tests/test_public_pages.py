"""The public pages tell the truth and in plain words (issue 16): meetings' status, next and recent meetings,
announced meetings, per-meeting calendars, the agenda pack, abbreviations, no raw ids, the people index, the
data rows and the search page's requests. Built in memory (write=False); the browser tests are in
test_browser_pages.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil

import icalendar
import pytest
from conftest import FIXTURES, ROOT, csv_in_zip

from boardpapers.pipeline import Options, build
from boardpapers.render.abbreviations import expand


def built(now: str, content=ROOT / "content"):
    return build(Options(content_dir=content, now=dt.datetime.fromisoformat(now), search=False, write=False))


@pytest.fixture(scope="module")
def early():
    """The sample on 14 January 2014: the 21 January meeting is the next one."""
    return built("2014-01-14T09:00")


@pytest.fixture(scope="module")
def late():
    return built("2026-01-01T09:00")


@pytest.fixture(scope="module")
def outputs_site():
    """A fixture with a base_url (absolute URLs), several boards' meetings and an exempt item."""
    return built("2014-02-01T09:00", FIXTURES / "outputs" / "content")


def page(result, path: str) -> str:
    return result.outputs[path].decode("utf-8")


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def section(html: str, heading_id: str) -> str:
    """From the heading with this id to the next h2."""
    rest = html.split(f'id="{heading_id}"', 1)[1]
    return rest.split("<h2", 1)[0]


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- meetings that tell the truth


def test_the_joint_meeting_has_one_agenda_no_internal_instructions_and_the_right_next_meeting(late):
    html = page(late, "meetings/2012-11-02-iib/index.html")
    body = main(html)
    assert len(re.findall(r"<h[1-6][^>]*>Agenda</h[1-6]>", body)) == 1
    for internal in ("Please notify", "attendance register", "Named officers for briefing", "To: Members",
                     "Group Office", "catering"):
        assert internal not in body, internal
    next_row = body.split('id="next-meeting"', 1)[1].split("</div>", 1)[0]
    assert 'href="/meetings/2013-01-15-iib/"' in next_row and "Tuesday 15 January 2013" in text(next_row)
    assert "No papers published" in next_row
    pager = body.split('class="pager"', 1)[1]
    assert 'rel="next" href="/meetings/2013-01-15-iib/"' in pager  # not the 2013 meeting of unknown date
    status = body.split(">Status</dt>", 1)[1].split("</div>", 1)[0]
    assert "Held" in status and "not published on this site" in status
    # the announced 15 January 2013 meeting has a page at the address its papers would have
    announced = page(late, "meetings/2013-01-15-iib/index.html")
    assert "papers of this meeting are not published" in announced
    assert 'href="/meetings/2012-11-02-iib/"' in announced


def test_minutes_confirmed_later_say_so_once_the_confirming_meeting_is_held(late):
    body = main(page(late, "meetings/2012-09-17-iib/index.html"))
    status = body.split(">Status</dt>", 1)[1].split("</div>", 1)[0]
    assert "Minutes confirmed" in status and 'href="/meetings/2012-11-02-iib/9/"' in status
    before = built("2012-10-01T09:00")  # the November meeting that confirms them is still to come
    status = main(page(before, "meetings/2012-09-17-iib/index.html")).split(">Status</dt>", 1)[1]
    assert "Minutes draft" in status.split("</div>", 1)[0]


def test_next_and_recent_never_share_a_meeting_and_latest_decisions_wait_for_the_meeting(early):
    home = main(page(early, "index.html"))
    upcoming, recent = section(home, "h-next"), section(home, "h-recent")
    assert 'href="/meetings/2014-01-21-iib/"' in upcoming and 'href="/meetings/2014-01-21-iib/"' not in recent
    assert 'href="/meetings/2012-11-02-iib/"' in recent
    # the date the January papers give for the next meeting, though it has no papers yet
    assert 'href="/meetings/2014-03-18-iib/"' in upcoming and "Agenda not yet published" in upcoming
    assert 'href="/meetings/2014-01-21-iib/meeting.ics"' in upcoming  # "Add to calendar" beside each
    assert 'href="/meetings/2014-03-18-iib/meeting.ics"' in upcoming
    latest = section(home, "h-decisions")
    january = [d for d in early.graph.decisions.values() if d.meeting_id == "2014-01-21-iib"]
    assert january and not any(f"/decisions/{d.id}/" in latest for d in january)
    assert "/decisions/d-2012-09-17-iib-2-1/" in latest
    status = main(page(early, "meetings/2014-01-21-iib/index.html")).split(">Status</dt>", 1)[1]
    assert "Agenda published" in status.split("</div>", 1)[0]  # not "minutes confirmed" before it is held


def test_with_nothing_to_come_the_home_page_names_the_date_the_last_papers_gave(late):
    upcoming = section(main(page(late, "index.html")), "h-next")
    assert "No upcoming meetings are published." in upcoming
    assert 'href="/meetings/2014-03-18-iib/"' in upcoming and "Tuesday 18 March 2014" in text(upcoming)
    board = section(main(page(late, "boards/iib/index.html")), "next-meetings")
    assert "No meetings to come are published." in board and 'href="/meetings/2014-03-18-iib/"' in board
    other = section(main(page(late, "boards/cwb/index.html")), "next-meetings")
    assert "/meetings/2013-01-15-iib/" not in other  # the joint meeting named the IIB's next meeting, not the CWB's


def test_announced_meetings_are_on_the_board_page_the_meetings_list_and_the_calendars(early):
    board = main(page(early, "boards/iib/index.html"))
    assert board.index('id="next-meetings"') < board.index('id="recent-meetings"') < board.index('id="about"')
    assert board.index('id="about"') < board.index('id="membership-2013-14"')  # meetings lead the page
    assert 'href="/meetings/2014-03-18-iib/"' in section(board, "next-meetings")
    assert 'href="/boards/iib/calendar.ics"' in board.split('id="about"')[0]
    meetings = main(page(early, "meetings/index.html"))
    assert 'href="/meetings/2014-03-18-iib/"' in section(meetings, "upcoming")
    for path in ("calendar.ics", "boards/iib/calendar.ics", "meetings/2014-03-18-iib/meeting.ics"):
        cal = icalendar.Calendar.from_ical(early.outputs[path])
        uids = {str(e["UID"]) for e in cal.walk("VEVENT")}
        assert "2014-03-18-iib@boardpapers" in uids, path
    assert "2014-03-18-iib@boardpapers" not in {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(early.outputs["boards/cwb/calendar.ics"]).walk("VEVENT")}


def test_every_meeting_has_a_calendar_file_and_every_event_links_its_page(outputs_site):
    graph = outputs_site.graph
    dated = [m for m in graph.meetings.values() if m.date_precision == "day"]
    assert dated
    for m in [*dated, *graph.announced.values()]:
        cal = icalendar.Calendar.from_ical(outputs_site.outputs[f"meetings/{m.id}/meeting.ics"])
        (event,) = cal.walk("VEVENT")
        assert str(event["URL"]) == f"https://example.org/papers/meetings/{m.id}/"
        assert 'download' in page(outputs_site, f"meetings/{m.id}/index.html").split(f"{m.id}/meeting.ics")[1][:80]
    events = icalendar.Calendar.from_ical(outputs_site.outputs["calendar.ics"]).walk("VEVENT")
    assert events and all(str(e["URL"]).startswith("https://example.org/papers/meetings/") for e in events)
    assert "meetings/2013-iib/meeting.ics" not in outputs_site.outputs  # dated only by year: no day to put it on


# -- the agenda pack


def test_the_agenda_pack_holds_every_item_in_agenda_order_linked_from_the_meeting(late):
    meeting = page(late, "meetings/2014-01-21-iib/index.html")
    assert 'href="/meetings/2014-01-21-iib/pack/">Agenda pack</a>' in meeting
    pack = page(late, "meetings/2014-01-21-iib/pack/index.html")
    assert "data-pagefind-body" not in pack  # each part is indexed on its own page
    items = [late.graph.items[i] for i in late.graph.items_by_meeting["2014-01-21-iib"]]
    starts = [pack.index(f'<section class="pack-item" id="item-{i.number}"') for i in items]
    assert starts == sorted(starts) and len(items) == 9
    body = main(pack)
    for item in items:
        for d in item.decisions:
            assert f'href="/decisions/{d.id}/"' in body  # every decision links its own page
        for a in item.actions:
            assert f'id="{a.id}"' in body and f'href="/actions/{a.id}/"' in body
    assert "The evaluation was welcomed as an endorsement" in body  # item 2's minutes
    assert "<h1>Improvement and Innovation Board, 21 January 2014</h1>" in body
    style = pack.split('<style media="print">', 1)[1].split("</style>", 1)[0]
    for words in ('@top-left { content: "Improvement and Innovation Board papers"; }',
                  "IIB 21 January 2014: agenda pack", '@bottom-left { content: "/meetings/2014-01-21-iib/pack/"; }',
                  'counter(page) " of " counter(pages)'):
        assert words in style, words
    report = main(page(late, "meetings/2012-11-02-iib/pack/index.html"))
    assert "Appendix A" in report and 'id="i2-appendix-a-sector-led-improvement-in-local-government"' in report
    assert 'href="#i2-appendix-a-sector-led-improvement-in-local-government"' in report  # its own heading
    assert len(set(re.findall(r' id="([^"]+)"', pack))) == len(re.findall(r' id="([^"]+)"', pack))  # no id twice


def test_an_exempt_item_in_the_pack_shows_number_title_and_reason_only(outputs_site):
    body = main(page(outputs_site, "meetings/2014-01-21-iib/pack/index.html"))
    item = outputs_site.graph.items["2014-01-21-iib/3"]
    assert item.exempt
    part = body.split('id="item-3"', 1)[1].split("</section>", 1)[0]
    assert item.title in part and item.exempt in part and "Its papers are not published" in part
    assert "<h3" not in part and 'class="summary-list"' not in part


def test_print_css_puts_each_item_on_a_new_page():
    css = (ROOT / "assets" / "print.css").read_text()
    assert re.search(r"\.pack-item \{[^}]*break-before: page", css)
    assert "@bottom-right" in css and ".no-print" in css


# -- plain words


def visible(html: str) -> str:
    """Text a reader sees in <main>: no tags, no hidden search metadata, no attribute values."""
    body = re.sub(r"<div hidden[^>]*>.*?</div>", " ", main(html), flags=re.S)
    return text(body)


def test_no_raw_id_is_shown_as_text(late):
    graph = late.graph
    ids = [i for i in [*graph.decisions, *graph.actions, *graph.meetings, *graph.people, *graph.items]
           if "-" in i or "/" in i]
    pattern = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    shown = {}
    for path in late.outputs:
        if path.endswith(".html") and not path.startswith("data/"):
            found = pattern.findall(visible(page(late, path)))
            if found:
                shown[path] = found[:3]
    assert not shown, shown
    crumbs = page(late, "decisions/d-2014-01-21-iib-2-1/index.html").split('aria-label="Breadcrumb"')[1][:600]
    assert "d-2014-01-21-iib-2-1" not in text(crumbs) and "Decision 1 of item 2" in text(crumbs)


def test_backlinks_progress_and_rows_in_plain_words(late):
    item = page(late, "meetings/2012-11-02-iib/9a/index.html") + page(late, "meetings/2012-09-17-iib/index.html")
    assert "What links here" not in item
    mentioned = [p for p in late.outputs
                 if p.endswith(".html") and 'id="mentioned-in">Mentioned in</h2>' in page(late, p)]
    assert mentioned
    action = page(late, "actions/a-2014-01-21-iib-2-1/index.html")
    assert '<h2 id="progress">Progress</h2>' in action and ">Trail<" not in action
    register = page(late, "actions/index.html")
    alike = [a for a in late.graph.actions.values() if a.text.startswith("Officers to take forward")]
    assert len(alike) >= 2
    for a in alike:  # actions that read alike are told apart by their item
        it = late.graph.items[a.item_id]
        row = register.split(f'href="/actions/{a.id}/"', 1)[1].split("</tr>", 1)[0]
        assert f"item {it.number}: {it.title}" in text(row)
    item2 = main(page(late, "meetings/2014-01-21-iib/2/index.html"))
    for d in late.graph.items["2014-01-21-iib/2"].decisions:
        assert f'href="/decisions/{d.id}/"' in item2
    topic = main(page(late, "topics/peer-challenge/index.html"))
    assert 'href="/decisions/cpc-offer/"' in topic


def test_abbreviations_are_spelled_out_on_first_use_in_main(late):
    body = main(page(late, "actions/a-2014-01-21-iib-2-1/index.html"))
    first = body.index("<abbr")
    assert body[first - 40:first].endswith("Improvement and Innovation Board (") and body[first:].startswith(
        "<abbr>IIB</abbr>)")
    assert '<abbr title="Improvement and Innovation Board">IIB</abbr>' in body[first + 20:]
    crumbs = page(late, "actions/a-2014-01-21-iib-2-1/index.html").split("<main")[0]
    assert "<abbr" not in crumbs.split("<body")[0]  # nothing in <head>: the title stays plain text
    decision = main(page(late, "decisions/cpc-offer/index.html"))
    assert "Corporate Peer Challenge (<abbr>CPC</abbr>)" in decision or '<abbr title="Corporate Peer Challenge">CPC' \
        in decision


def test_expand_marks_text_only():
    abbreviations = (("IIB", "Improvement and Innovation Board"), ("LGA", "Local Government Association"))
    html = ('<html><head><title>IIB</title></head><body><nav>IIB</nav><main><div hidden><span>LGA</span></div>'
            '<a title="IIB" href="/x/IIB">IIB one</a> and IIB two; <code>IIB</code> <option>IIB</option>'
            '<p>The Local Government Association (LGA) and the LGA.</p></main></body></html>')
    out = expand(html, abbreviations)
    assert "<title>IIB</title>" in out and '<a title="IIB" href="/x/IIB">' in out
    assert '<nav><abbr title="Improvement and Innovation Board">IIB</abbr></nav>' in out  # before main: marked only
    assert ">Improvement and Innovation Board (<abbr>IIB</abbr>) one</a>" in out  # first use in main: spelled out
    assert 'and <abbr title="Improvement and Innovation Board">IIB</abbr> two' in out
    assert "<code>IIB</code>" in out and "<option>IIB</option>" in out and "<span>LGA</span>" in out
    # the page already gave the full name: not spelled out again
    assert 'Association (<abbr title="Local Government Association">LGA</abbr>) and the <abbr' in out
    assert expand(html, ()) == html
    # a text that defines the abbreviation itself, in its own words, is not given a second expansion
    own = '<body><main><p>the Association of Directors of Adult Social Care (ADASS) and ADASS</p></main></body>'
    out = expand(own, (("ADASS", "Association of Directors of Adult Social Services"),))
    assert "Care (<abbr title=\"Association of Directors of Adult Social Services\">ADASS</abbr>) and <abbr" in out


# -- people, registers, data, search


def test_people_index_is_grouped_a_to_z_with_kind_and_party_pages(late):
    index = main(page(late, "people/index.html"))
    assert '<nav class="az-nav" aria-label="Surnames A to Z">' in index
    letters = re.findall(r'<h2 id="letter-([A-Z])">', index)
    assert letters == sorted(letters) and len(letters) > 10
    assert index.index('href="/people/peter-fleming/"') > index.index('id="letter-F"')
    officers = main(page(late, "people/kind/officer/index.html"))
    people = late.graph.people
    shown = re.findall(r'href="/people/([a-z0-9-]+)/"', officers)
    assert shown and all(people[p].kind == "officer" for p in shown)
    labour = main(page(late, "people/party/labour/index.html"))
    assert 'href="/people/ruth-cadbury/"' in labour and 'href="/people/peter-fleming/"' not in labour
    assert 'href="/people/party/conservative/"' in index


def test_status_pages_and_empty_columns(late):
    done = main(page(late, "actions/status/done/index.html"))
    assert "open action" not in done and 'id="open"' not in done
    joint = main(page(late, "meetings/2014-01-21-iib/index.html"))
    assert '<th scope="col">Time</th>' not in joint  # no item of that meeting gives a time
    assert '<th scope="col">Time</th>' in main(page(late, "meetings/2012-11-02-iib/index.html"))


def test_registers_link_their_data_and_rows_carry_item_title_board_and_absolute_urls(outputs_site):
    for register, names in (("decisions", ["decisions"]), ("actions", ["actions", "action-updates"]),
                            ("meetings", ["meetings"]), ("people", ["people"])):
        html = page(outputs_site, f"{register}/index.html")
        for name in names:
            assert f'href="/papers/data/{name}.csv.zip"' in html, register
            assert f'href="/papers/data/{name}.json"' in html, register
    graph = outputs_site.graph
    rows = list(csv.DictReader(io.StringIO(csv_in_zip(outputs_site.outputs["data/decisions.csv.zip"]))))
    assert rows
    for row in rows:
        d = graph.decisions[row["id"]]
        assert row["item_title"] == graph.items[d.item_id].title
        assert row["organization_id"] == graph.meetings[d.meeting_id].board
        assert row["organization_name"] == graph.boards[row["organization_id"]].name
        assert row["url"] == f"https://example.org/papers/decisions/{d.id}/"
        assert row["minutes_url"].startswith("https://example.org/papers/meetings/")
    actions = list(csv.DictReader(io.StringIO(csv_in_zip(outputs_site.outputs["data/actions.csv.zip"]))))
    assert actions and all(r["item_title"] and r["organization_name"] and r["url"].startswith("https://")
                           for r in actions)


def test_search_page_asks_for_parts_json_only_when_there_is_one(tmp_path):
    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    now = dt.datetime(2026, 1, 1, 9, 0)
    for split, out in ((False, "one"), (True, "parts")):
        build(Options(content_dir=content, out_dir=tmp_path / out, now=now, search=True, search_parts=split,
                      cache=False))
    one = (tmp_path / "one" / "search" / "index.html").read_text()
    parts = (tmp_path / "parts" / "search" / "index.html").read_text()
    assert "data-parts" not in one and not (tmp_path / "one" / "pagefind" / "parts.json").exists()
    assert 'data-parts="/pagefind/parts.json"' in parts and (tmp_path / "parts" / "pagefind" / "parts.json").exists()
    script = next((ROOT / "assets").glob("search.js")).read_text()
    assert "form.dataset.parts ?" in script and 'fetch(base + "pagefind/parts.json"' not in script


def test_search_index_reads_well(late):
    # decision and action pages are searched through their item's page, not indexed of their own
    for own in ("actions/a-2014-01-21-iib-2-1/index.html", "decisions/d-2014-01-21-iib-2-1/index.html"):
        assert "data-pagefind" not in page(late, own)
    for dt_tag in re.findall(r"<dt\b[^>]*>", main(page(late, "meetings/2014-01-21-iib/2/index.html"))):
        assert "data-pagefind-ignore" in dt_tag  # labels are not run into their values in excerpts
    person = main(page(late, "people/peter-fleming/index.html"))
    attendance = person.split('id="attendance"')[0].rsplit("<div", 1)[1]
    assert "data-pagefind-ignore" in attendance  # attendance tables stay out of search results
    item = page(late, "meetings/2014-01-21-iib/2/index.html")
    assert '<span data-pagefind-meta="decisions">[["/decisions/d-2014-01-21-iib-2-1/", ' in item
