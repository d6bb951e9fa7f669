"""Two languages (issue 17 part 5): the Welsh fixture built with search, as a reader and a clerk meet it.

tests/fixtures/welsh is the mini fixture in English and Welsh (site.yaml `languages: [en-GB, cy]`): a meeting, an
item and a paper translated (`index.cy.md` beside `index.md`), and translations that must never be published: of
an exempt item, a draft item (the translation claims `draft: false`), an embargoed item, a draft meeting and its
item, and a translation marked `draft: true` of a published item. Every withheld word is a `zqcanary...zq`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run_build
from test_canaries import readable, scan

from boardpapers.pipeline import Options, build

WELSH = FIXTURES / "welsh" / "content"
NOW = dt.datetime(2026, 1, 1, 9, 0)
MEETING, ITEM, PAPER = "meetings/2014-01-21-iib/", "meetings/2014-01-21-iib/2/", "papers/strategy/"
DECISION, PACK, TOPIC = "decisions/d-2014-01-21-iib-2-1/", MEETING + "pack/", "peer-challenge/"
CONTROL = "hwyrfrydigrwydd"  # a Welsh word only the published Welsh texts hold


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("welsh") / "site"
    build(Options(cache=False, content_dir=WELSH, out_dir=out, now=NOW, search=True))
    return out


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text()


def lang_of(text: str) -> str:
    return re.search(r'<html lang="([^"]+)">', text).group(1)


def alternates(text: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text))


def switch_links(text: str) -> list[tuple[str, str, str, str]]:
    nav = re.search(r'<nav class="lang-switch" aria-label="[^"]+">(.*?)</nav>', text, re.S)
    if nav is None:
        return []
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)">([^<]+)</a>', nav.group(1))


def test_welsh_pages_are_made_for_the_published_translations_only(site):
    welsh = sorted(p.relative_to(site).as_posix() for p in (site / "cy").rglob("*") if p.is_file())
    assert welsh == sorted([f"cy/{MEETING}index.html", f"cy/{ITEM}index.html", f"cy/{PAPER}index.html",
                            "cy/boards/iib/index.html", "cy/people/olive-officer/index.html",
                            "cy/search/index.html", "cy/index.html", "cy/meetings/index.html",
                            "cy/decisions/index.html", "cy/actions/index.html", "cy/topics/index.html",
                            f"cy/topics/{TOPIC}index.html", f"cy/{DECISION}index.html", f"cy/{PACK}index.html",
                            "cy/feed.xml"])


def test_every_page_says_its_language(site):
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("pagefind/")]
    assert len(pages) > 30
    for page in pages:
        expected = "cy" if page.relative_to(site).parts[0] == "cy" else "en-GB"
        assert lang_of(page.read_text()) == expected, page


def test_hreflang_alternates_on_both_versions_and_nowhere_else(site):
    for path in (MEETING, ITEM, PAPER, "boards/iib/", "people/olive-officer/", "search/", "", "meetings/",
                 "decisions/", "actions/", "topics/", "topics/" + TOPIC, DECISION, PACK):
        for version in (path, "cy/" + path):
            assert alternates(html(site, version)) == {"en-GB": "/" + path, "cy": "/cy/" + path}, version
    for path in ("meetings/2014-01-21-iib/1/", "meetings/2014-03-18-iib/", "people/ann-chair/", "decisions/year/2014/",
                 "decisions/d-2014-01-21-iib-1-1/", "meetings/2014-03-18-iib/pack/", "actions/status/open/"):
        assert alternates(html(site, path)) == {}, path
        assert switch_links(html(site, path)) == [], path


def test_language_switch_links_the_counterpart_with_lang_and_hreflang(site):
    assert switch_links(html(site, ITEM)) == [("/cy/" + ITEM, "cy", "cy", "Cymraeg")]
    assert switch_links(html(site, "cy/" + ITEM)) == [("/" + ITEM, "en-GB", "en-GB", "English")]
    assert '<nav class="lang-switch" aria-label="Iaith">' in html(site, "cy/" + ITEM)
    assert '<nav class="lang-switch" aria-label="Language">' in html(site, ITEM)


def test_welsh_page_has_the_translated_text_and_the_originals_facts(site):
    page = html(site, "cy/" + ITEM)
    assert "<h1 data-pagefind-meta=\"title\">Her gan gymheiriaid</h1>" in page
    assert "Gwerthusiad Caerdydd o her gan gymheiriaid." in page  # the summary
    assert "<h3 id=\"cefndir\">Cefndir</h3>" in page and CONTROL in page  # the body, its heading demoted
    assert "<title>2. Her gan gymheiriaid – Mini board papers</title>" in page
    # the facts come from the original: time, presenter, decision verb, action owner
    assert "11:05" in page and "/people/olive-officer/" in page
    assert '<span data-pagefind-meta="date">21 Ionawr 2014</span>' in page  # dates in Welsh words
    assert '<span class="verb">Cymeradwywyd</span> <p>canfyddiadau adroddiad gwerthuso Caerdydd.</p>' in page
    assert "<li><p>Nodi'r canfyddiadau.</p>" in page and "<p>Cyhoeddi'r canfyddiadau.</p>" in page  # lists
    assert "the findings from the Cardiff evaluation report." in html(site, ITEM)
    # a field not translated is shown as the original has it: the minutes
    assert '<p lang="en-GB">Members discussed the findings' in page  # ... marked as English for screen readers
    assert '<p lang="en-GB">Gwerthusiad' not in page and "<p>Gwerthusiad Caerdydd" in page
    # the interface in Welsh, from layouts/i18n/cy.yaml
    assert "Neidio i&#39;r prif gynnwys" in page and ">Cyfarfodydd</a>" in page and ">Crynodeb</h2>" in page
    english = html(site, ITEM)
    assert "Skip to main content" in english and "Her gan" not in english and ">Summary</h2>" in english


def test_welsh_meeting_links_welsh_pages_where_there_are_any(site):
    page = html(site, "cy/" + MEETING)
    assert '<p class="lead">Cyfarfod y Bwrdd Gwella</p>' in page
    assert "<title>Y Bwrdd Gwella, 21 Ionawr 2014 – Mini board papers</title>" in page  # Welsh names and date
    assert "<title>Improvement Board, 21 January 2014 – Mini board papers</title>" in html(site, MEETING)
    assert '<time datetime="2014-01-21">Dydd Mawrth 21 Ionawr 2014</time>' in page
    assert '<time datetime="2014-01-21">Tuesday 21 January 2014</time>' in html(site, MEETING)
    assert "Ystafell 1, Neuadd y Dref" in page
    assert f'<a href="/cy/{ITEM}">Her gan gymheiriaid</a>' in page  # translated: the Welsh page
    assert '<a href="/meetings/2014-01-21-iib/1/"><span lang="en-GB">Welcome</span></a>' in page  # a draft translation
    assert 'action="/cy/search/"' in page  # the header searches the Welsh index
    assert 'action="/search/"' in html(site, MEETING)


def test_shared_pieces_are_in_welsh_and_english_left_is_marked(site):
    page, english = html(site, "cy/" + MEETING), html(site, MEETING)
    # status tags, attendance labels, counts, the agenda table's headings, the calendar link's meeting label
    assert '<strong class="tag tag-minutes-confirmed">Cofnodion wedi&#39;u cadarnhau</strong>' in page
    assert '<h3 id="attendance-present">Yn bresennol</h3>' in page and "(Cadeirydd)" in page
    assert '<span class="hint">1 penderfyniad, 1 cam gweithredu</span>' in page
    assert '<th scope="col">Eitem</th><th scope="col">Amser</th>' in page and "11:00 i 13:00" in page
    assert 'Ychwanegu at y calendr<span class="visually-hidden">: BG 21 Ionawr 2014</span>' in page
    assert "Add to calendar" not in page and "Minutes confirmed" not in page and "Present<" not in page
    # content the translation does not give is marked as English: an exempt item's title and reason, an interest
    assert '<span lang="en-GB">Contract award</span>' in page
    assert '<span lang="en-GB">Paragraph 3 of Schedule 12A' in page
    assert '<span lang="en-GB">Trustee of the Peer Trust</span>' in page
    # the English page as it was
    assert "Minutes confirmed" in english and 'lang="en-GB"' not in english.split("<body", 1)[1]
    item = html(site, "cy/" + ITEM)
    assert "BG 18 Mawrth 2014, eitem 1: <span lang=\"en-GB\">Action monitor</span>" in item  # history of the matter
    # a [[board]] link in a Welsh text is labelled with the board's Welsh name
    assert '<a class="ref" href="/cy/boards/iib/">Y Bwrdd Gwella</a>' in page


def test_home_registers_topics_decisions_and_packs_in_welsh_link_welsh_pages(site):
    home = html(site, "cy/")
    assert "<h2 id=\"h-next\">Cyfarfodydd nesaf</h2>" in home and 'action="/cy/search/"' in home
    assert f'<a href="/cy/{DECISION}"><span class="verb">Cymeradwywyd</span> canfyddiadau' in home
    assert '<a href="/cy/decisions/">Pob penderfyniad</a>' in home
    assert '<a href="/cy/meetings/">Pob cyfarfod</a>' in home
    assert f'<a href="/cy/{MEETING}">' in home  # a translated meeting: its Welsh page
    assert '<a href="/meetings/2014-03-18-iib/">' in home  # one without a translation: its English page
    decisions = html(site, "cy/decisions/")
    assert "<h1>Penderfyniadau</h1>" in decisions and "<title>Penderfyniadau – Mini board papers</title>" in decisions
    assert f'<a href="/cy/{DECISION}"><span class="verb">Cymeradwywyd</span> canfyddiadau' in decisions
    # a decision whose item has no published translation: its English page, its verb in Welsh, its text marked
    welcome = ('<a href="/decisions/d-2014-01-21-iib-1-1/"><span class="verb">Nodwyd</span> '
               '<span lang="en-GB">the welcome.')
    assert welcome in decisions
    assert f'<a href="/cy/{ITEM}">2. Her gan gymheiriaid</a>' in decisions
    actions = html(site, "cy/actions/")
    assert "<h1>Camau gweithredu</h1>" in actions and ">wedi&#39;i wneud</strong>" in actions
    assert "BG 21 Ionawr 2014, eitem 2: Her gan gymheiriaid" in actions
    decision = html(site, "cy/" + DECISION)
    assert '<span class="verb">Cymeradwywyd</span> canfyddiadau adroddiad gwerthuso Caerdydd.</h1>' in decision
    assert "<title>Cymeradwywyd canfyddiadau adroddiad gwerthuso Caerdydd. – Mini board papers</title>" in decision
    assert f'<a href="/cy/{ITEM}#d-2014-01-21-iib-2-1">' in decision  # its place in the Welsh minutes
    pack = html(site, "cy/" + PACK)
    assert "<title>Pecyn agenda: Y Bwrdd Gwella, 21 Ionawr 2014 – Mini board papers</title>" in pack
    assert "Gwerthusiad Caerdydd o her gan gymheiriaid." in pack and CONTROL in pack
    assert f'<a href="/cy/{PACK}">Pecyn agenda</a>' in html(site, "cy/" + MEETING)
    topic = html(site, "cy/topics/" + TOPIC)
    assert f'<a href="/cy/{ITEM}">BG 21 Ionawr 2014, eitem 2: Her gan gymheiriaid</a>' in topic
    assert f'<a href="/cy/topics/{TOPIC}">' in html(site, "cy/" + ITEM)
    # the English pages are as they were: English words and links
    assert "<h1>Decisions</h1>" in html(site, "decisions/") and "/cy/" not in html(site, "decisions/").split(
        '<nav class="lang-switch"', 1)[0].split("<body", 1)[1]


def test_a_welsh_feed_of_the_same_entries_linking_welsh_pages(site):
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.parse(site / "cy" / "feed.xml").getroot()
    english = ElementTree.parse(site / "feed.xml").getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    assert root.find(atom + "subtitle").text == "Agendâu, papurau, cofnodion, penderfyniadau a chywiriadau newydd"
    entries = {e.find(atom + "id").text: e for e in root.iter(atom + "entry")}
    assert set(entries) == {e.find(atom + "id").text for e in english.iter(atom + "entry")}
    decision = entries["urn:boardpapers:decision:d-2014-01-21-iib-2-1"]
    assert decision.find(atom + "title").text == ("Penderfyniad (BG 21 Ionawr 2014, eitem 2): "
                                                  "Cymeradwywyd canfyddiadau adroddiad gwerthuso Caerdydd.")
    assert decision.find(atom + "link").get("href") == f"/cy/{ITEM}#d-2014-01-21-iib-2-1"
    paper = entries["urn:boardpapers:paper:strategy"]
    assert paper.find(atom + "link").get("href") == f"/cy/{PAPER}"
    # an untranslated meeting links its English page
    march = entries["urn:boardpapers:agenda:2014-03-18-iib"]
    assert march.find(atom + "link").get("href") == "/meetings/2014-03-18-iib/"
    # Welsh pages name it in their head, English pages the English feed
    assert ('<link rel="alternate" type="application/atom+xml" title="Mini board papers: papurau a phenderfyniadau '
            'newydd" href="/cy/feed.xml">') in html(site, "cy/")
    # the feeds to follow are English: a Welsh page says so
    assert ('<a href="/topics/peer-challenge/feed.xml" type="application/atom+xml" hreflang="en-GB">Dilyn (ffrwd '
            'Atom, yn Saesneg)</a>') in html(site, "cy/topics/" + TOPIC)
    assert 'href="/feed.xml">' in html(site, "") and "/cy/feed.xml" not in html(site, "")
    assert CONTROL not in (site / "feed.xml").read_text()


def test_board_and_person_pages_in_welsh(site):
    board = html(site, "cy/boards/iib/")
    assert "<title>Y Bwrdd Gwella – Mini board papers</title>" in board
    assert "goruchwylio gwelliant" in board and "The board oversees" not in board
    person = html(site, "cy/people/olive-officer/")
    assert "Pennaeth Gwella" in person and "Olive Officer" in person  # the name is the original's
    assert "Pennaeth Gwella" not in html(site, "people/olive-officer/")


def test_no_withheld_translation_reaches_any_output(site):
    planted = set()
    for path in WELSH.rglob("*"):
        if path.is_file():
            planted |= {w.decode() for w in re.findall(rb"zqcanary[a-z]*zq", path.read_bytes())}
    assert len(planted) >= 20 and "zqcanarycydrafttitlezq" in planted
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert {"feed.xml", "sitemap.xml", "calendar.ics", "data/index.html"} <= set(files)
    assert any(p.startswith("pagefind/fragment/cy_") for p in files)
    hits = scan(site, [*planted, "zqcanary"])
    assert hits == {}, hits


def test_welsh_text_is_in_the_welsh_index_only(site):
    """Pagefind keeps one index per <html lang>: the Welsh words are in its cy files and never in en's."""
    hits = scan(site, [CONTROL, "Cardiff evaluation of peer challenge"])
    welsh = hits[CONTROL]
    assert any(p.startswith("pagefind/fragment/cy_") for p in welsh), welsh
    assert all(p.startswith(("cy/", "pagefind/")) and "/en" not in p for p in welsh), welsh
    assert not any(re.match(r"pagefind/(fragment|index)/en", p) for p in welsh), welsh
    english = hits["Cardiff evaluation of peer challenge"]
    assert any(p.startswith("pagefind/fragment/en") for p in english), english
    assert not any(p.startswith("pagefind/fragment/cy_") for p in english), english


def test_sitemap_lists_the_welsh_pages_and_feeds_and_data_stay_english(site):
    sitemap = (site / "sitemap.xml").read_text()
    versions = (f'<xhtml:link rel="alternate" hreflang="en-GB" href="/{ITEM}"/>'
                f'<xhtml:link rel="alternate" hreflang="cy" href="/cy/{ITEM}"/>')
    assert f"  <url><loc>/{ITEM}</loc>{versions}</url>\n" in sitemap
    assert f"  <url><loc>/cy/{ITEM}</loc>{versions}</url>\n" in sitemap
    assert '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">' \
        in sitemap
    assert "  <url><loc>/meetings/2014-01-21-iib/1/</loc></url>\n" in sitemap  # one language: no versions
    for path in ("", "decisions/", DECISION, PACK, "topics/" + TOPIC):
        versions = (f'<xhtml:link rel="alternate" hreflang="en-GB" href="/{path}"/>'
                    f'<xhtml:link rel="alternate" hreflang="cy" href="/cy/{path}"/>')
        assert f"  <url><loc>/cy/{path}</loc>{versions}</url>\n" in sitemap, path
    for path in ("feed.xml", "calendar.ics", "data/meetings.json"):
        if (site / path).exists():
            assert CONTROL not in readable(site / path).decode(), path


def copy_project(tmp_path: Path, layouts: bool = False) -> Path:
    content = tmp_path / "content"
    shutil.copytree(WELSH, content)
    if layouts:
        shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    return content


def test_a_missing_interface_word_falls_back_to_english_and_check_warns(tmp_path):
    copy_project(tmp_path, layouts=True)
    words = tmp_path / "layouts" / "i18n" / "cy.yaml"
    words.write_text("".join(line for line in words.read_text().splitlines(True)
                             if not line.startswith('"Skip to main content"')))
    done = run_build("check", "--content", "content", "--now", "2026-01-01T09:00", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    line = next(n for n, text in enumerate((tmp_path / "layouts/base.html").read_text().splitlines(), 1)
                if "Skip to main content" in text)
    assert (f"layouts/base.html:{line}: warning[missing-translation]: no cy translation of 'Skip to main "
            "content' in layouts/i18n/cy.yaml") in done.stderr
    assert done.stderr.count("warning[missing-translation]") == 1, done.stderr
    run_build("--content", "content", "--out", "site", "--no-search", "--now", "2026-01-01T09:00", cwd=tmp_path,
              check=True)
    page = (tmp_path / "site/cy" / ITEM / "index.html").read_text()
    assert ">Skip to main content</a>" in page and ">Cyfarfodydd</a>" in page


def test_no_translation_file_is_a_warning(tmp_path):
    copy_project(tmp_path, layouts=True)
    (tmp_path / "layouts" / "i18n" / "cy.yaml").unlink()
    done = run_build("check", "--content", "content", "--now", "2026-01-01T09:00", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "layouts/i18n/cy.yaml: warning[missing-translation]: no translation file for cy" in done.stderr


ERROR_CASES = {
    "unknown-language": ({"meetings/2014-01-21-iib/index.xx.md": "---\ntitle: X\n---\n"},
                         "content/meetings/2014-01-21-iib/index.xx.md: error[unknown-language]: 'xx'"),
    "orphan": ({"meetings/2014-01-21-iib/07-nothing.cy.md": "---\ntitle: X\n---\n"},
               "content/meetings/2014-01-21-iib/07-nothing.cy.md: error[orphan-translation]: this translation has "
               "no original: content/meetings/2014-01-21-iib/07-nothing.md does not exist"),
    "undeclared": ({"papers/strategy.fr.md": "---\ntitle: Stratégie\n---\n"},
                   "content/papers/strategy.fr.md: error[undeclared-language]: 'fr' is not one of the site's "
                   "languages (en-GB, cy)"),
    "main-language": ({"papers/strategy.en-GB.md": "---\ntitle: Strategy\n---\n"},
                      "content/papers/strategy.en-GB.md: error[undeclared-language]: 'en-GB' is the site's main"),
    "untranslatable": ({"papers/strategy.cy.md": "---\ntitle: Strategaeth\ndate: 2014-02-02\n---\n"},
                       "content/papers/strategy.cy.md:3:1: error[untranslatable-field]: 'date' cannot be translated"),
    "mismatch": ({"meetings/2014-01-21-iib/02-peer-challenge.cy.md": "---\ndecisions: [Un, Dau]\n---\n"},
                 "content/meetings/2014-01-21-iib/02-peer-challenge.cy.md:2:1: error[translation-mismatch]: "
                 "'decisions' has 2 entries, the original has 1"),
    "withheld-link": ({"papers/strategy.cy.md": "---\ntitle: Strategaeth\n---\nGweler [[2014-01-21-iib/4]].\n"},
                      "content/papers/strategy.cy.md:4: error[unpublished-ref]: links to '2014-01-21-iib/4'"),
    "unknown-link": ({"papers/strategy.cy.md": "---\ntitle: Strategaeth\n---\n\nGweler [[no-such-paper]].\n"},
                     "content/papers/strategy.cy.md:5: error[unknown-ref]: links to 'no-such-paper'"),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_bad_translation_files_are_located_errors(tmp_path, case):
    files, expected = ERROR_CASES[case]
    content = copy_project(tmp_path)
    for rel, text in files.items():
        (content / rel).write_text(text)
    done = run_build("check", "--content", "content", "--now", "2026-01-01T09:00", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert any(line.startswith(expected) for line in done.stderr.splitlines()), done.stderr


LANGUAGE_LISTS = {
    "languages: cy": "'languages' must be a list of language codes",
    "languages: [en-GB, klingon]": "'klingon' in languages is not a language code",
    "languages: [en-GB, en-US]": "languages names en twice",
    "languages: [en-GB]": "'languages' names one language",
    "languages: []": "'languages' must be a list of language codes",
    "language: cy\nlanguages: [en-GB, cy]": "language 'cy' is not the first of languages (en-GB)",
}


@pytest.mark.parametrize("setting", sorted(LANGUAGE_LISTS))
def test_a_bad_languages_list_is_an_error_at_its_line(tmp_path, setting):
    content = copy_project(tmp_path)
    config = content / "site.yaml"
    config.write_text(config.read_text().replace("languages: [en-GB, cy]\n", setting + "\n"))
    line = 1 + config.read_text().splitlines().index(setting.splitlines()[-1 if "language: cy" not in setting else 0])
    done = run_build("check", "--content", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"content/site.yaml:{line}:1: error[bad-languages]: {LANGUAGE_LISTS[setting]}" in done.stderr, done.stderr


def test_a_translation_on_a_site_of_one_language_is_an_error(tmp_path):
    content = copy_project(tmp_path)
    config = content / "site.yaml"
    config.write_text(config.read_text().replace("languages: [en-GB, cy]\n", "language: en-GB\n"))
    done = run_build("check", "--content", "content", cwd=tmp_path)
    assert done.returncode == 1
    assert ("content/papers/strategy.cy.md: error[undeclared-language]: a translation into 'cy', but site.yaml "
            "declares no other languages") in done.stderr
    assert "hint: add `languages: [en-GB, cy]` to site.yaml" in done.stderr


def test_a_cached_build_after_translation_edits_equals_a_clean_one(tmp_path):
    content = copy_project(tmp_path)
    opts = {"content_dir": content, "now": NOW, "search": False}
    build(Options(out_dir=tmp_path / "site", **opts))
    edits = [
        lambda: (content / "papers/strategy.cy.md").write_text(
            (content / "papers/strategy.cy.md").read_text().replace("tair blaenoriaeth", "pedair blaenoriaeth")),
        lambda: (content / "meetings/2014-01-21-iib/01-welcome.cy.md").write_text("---\ntitle: Croeso\n---\n"),
        lambda: (content / "meetings/2014-01-21-iib/02-peer-challenge.cy.md").unlink(),
        lambda: (content / "meetings/2014-03-18-iib/index.cy.md").write_text("---\ntitle: Ail gyfarfod\n---\n"),
    ]
    for n, edit in enumerate(edits):
        edit()
        build(Options(out_dir=tmp_path / "site", **opts))
        build(Options(out_dir=tmp_path / f"clean{n}", cache=False, **opts))
        cached, clean = snapshot(tmp_path / "site"), snapshot(tmp_path / f"clean{n}")
        assert cached == clean, (n, sorted(k for k in cached.keys() | clean.keys() if cached.get(k) != clean.get(k)))
    site = tmp_path / "site"
    assert "pedair blaenoriaeth" in html(site, "cy/" + PAPER)
    assert html(site, "cy/meetings/2014-01-21-iib/1/").count("<h1") == 1
    assert not (site / "cy" / ITEM).exists() and alternates(html(site, ITEM)) == {}
    assert alternates(html(site, "meetings/2014-03-18-iib/"))["cy"] == "/cy/meetings/2014-03-18-iib/"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".boardpapers")}


def test_a_drafts_preview_shows_draft_translations_marked_as_drafts(tmp_path):
    result = build(Options(content_dir=WELSH, out_dir=tmp_path / "site", now=NOW, search=False, write=False,
                           drafts=True))
    pages = {path: data.decode() for path, data in result.outputs.items() if path.endswith(".html")}
    welcome = pages["cy/meetings/2014-01-21-iib/1/index.html"]  # a draft translation of a published item
    assert "zqcanarycywithheldtranslationzq" in welcome and "<strong>Draft preview.</strong>" in welcome
    draft_item = pages["cy/meetings/2014-01-21-iib/4/index.html"]  # the translation of a draft item
    assert "zqcanarycydrafttitlezq" in draft_item and "<strong>Draft preview.</strong>" in draft_item
    assert "meetings/2014-01-21-iib/3/index.html" in pages and "cy/meetings/2014-01-21-iib/3/index.html" not in pages
    assert "zqcanarycy" not in result.outputs["feed.xml"].decode()  # files other programs read leave drafts out


def test_serve_after_edits_of_originals_and_translations_matches_a_clean_build(tmp_path, monkeypatch):
    """`serve` keeps its graph for an edit of an original's body (livebuild) and takes the full path for an edit
    of a translation (read outside the per-file cache): both give the bytes of a clean build."""
    from boardpapers.cache import incremental
    from boardpapers.cache import live as livebuild

    content = copy_project(tmp_path)
    taken = []
    real = livebuild.Live.reusable
    monkeypatch.setattr(livebuild.Live, "reusable", lambda self, *a: taken.append(found := real(self, *a)) or found)
    opts = {"content_dir": content, "now": NOW, "search": False}
    cache, live = incremental.BuildCache(), livebuild.Live()
    build(Options(out_dir=tmp_path / "site", **opts), cache, live)
    original, welsh = content / "meetings/2014-01-21-iib/02-peer-challenge.md", content / "papers/strategy.cy.md"
    edits = [("original body", original, "## Background", "## Background\n\nA new paragraph."),
             ("translation body", welsh, "tair blaenoriaeth", "pedair blaenoriaeth"),
             ("meeting body", content / "meetings/2014-01-21-iib/index.md", "Cover notes", "Revised cover notes")]
    for n, (name, path, old, new) in enumerate(edits):
        text = path.read_text()
        path.write_text(text.replace(old, new))
        taken.clear()
        build(Options(out_dir=tmp_path / "site", **opts), cache, live)
        assert [bool(found) for found in taken] == ["translation" not in name], name
        build(Options(out_dir=tmp_path / f"clean{n}", cache=False, **opts))
        cached, clean = snapshot(tmp_path / "site"), snapshot(tmp_path / f"clean{n}")
        assert cached == clean, (name, sorted(k for k in cached.keys() | clean.keys() if cached.get(k) != clean.get(k)))
    assert "pedair blaenoriaeth" in html(tmp_path / "site", "cy/" + PAPER)
    assert "A new paragraph." in html(tmp_path / "site", ITEM) and "A new paragraph." not in html(
        tmp_path / "site", "cy/" + ITEM)


def test_a_translation_file_with_a_key_twice_is_an_error_at_its_line(tmp_path):
    copy_project(tmp_path, layouts=True)
    words = tmp_path / "layouts" / "i18n" / "cy.yaml"
    words.write_text(words.read_text() + '"Search": "Chwilio eto"\n')
    line = len(words.read_text().splitlines())
    done = run_build("check", "--content", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"layouts/i18n/cy.yaml:{line}: error[bad-translation-file]: layouts/i18n/cy.yaml cannot be read: " \
        in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
