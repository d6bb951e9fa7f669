"""The index stage and the pages search relies on, without a browser: Pagefind runs once over the finished
output and its bundle is checked; every indexed page carries the filters, meta and sort search needs; decisions
get pages of their own; the search page and the accessibility statement say what they must."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project, run_build

from boardpapers.core.diagnostics import Diagnostics
from boardpapers.search.pagefind import REQUIRED, check_bundle, count_indexable, index_site

NOW = "2026-01-01T09:00"


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("mini")
    content = copy_project(FIXTURES / "mini" / "content", project)  # its site.yaml has contact_email
    out = project / "site"
    run_build("--content", str(content), "--out", str(out), "--now", NOW, check=True)
    return out


@pytest.fixture(scope="module")
def mini_subpath(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("mini-sub")
    content = copy_project(FIXTURES / "mini" / "content", project)
    with (content / "site.yaml").open("a") as f:
        f.write("base_url: https://example.org/papers/\n")
    out = project / "site"
    run_build("--content", str(content), "--out", str(out), "--now", NOW, check=True)
    return out


class Marks(HTMLParser):
    """Collects Pagefind's attributes (filters, meta, sort: name -> values) and element ids of one page."""

    def __init__(self):
        super().__init__()
        self.body = False
        self.filters: dict[str, list[str]] = {}
        self.meta: dict[str, str] = {}
        self.sort: dict[str, str] = {}
        self.ids: set[str] = set()
        self._open: list[tuple[dict, str]] = []
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-pagefind-body" in a:
            self.body = True
        if "id" in a:
            self.ids.add(a["id"])
        for kind in ("filter", "meta", "sort"):
            if f"data-pagefind-{kind}" in a:
                self._open.append(({kind: a[f"data-pagefind-{kind}"]}, tag))
                self._text = []

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and self._open[-1][1] == tag:
            (kind, name), = self._open.pop()[0].items()
            value = " ".join("".join(self._text).split())
            if kind == "filter":
                self.filters.setdefault(name, []).append(value)
            else:
                getattr(self, kind)[name] = value


def marks(path: Path) -> Marks:
    parser = Marks()
    parser.feed(path.read_text("utf-8"))
    return parser


def html_pages(site: Path):
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def test_build_indexes_the_finished_output_once(mini):
    bundle = mini / "pagefind"
    for name in REQUIRED:
        assert (bundle / name).stat().st_size > 0, name
    # only what the search page uses: no Pagefind UI, worker or WASM of another language
    assert sorted(p.name for p in bundle.iterdir() if p.is_file() and not p.name.endswith(".pf_meta")) == [
        "pagefind-entry.json", "pagefind.js", "wasm.en-gb.pagefind"]
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    assert indexed == count_indexable(mini) > 5
    assert check_bundle(bundle, count_indexable(mini)) == []


def test_bundle_check_catches_truncated_ui_and_missing_pages(mini, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(mini, copy)
    expected = count_indexable(copy)
    assert check_bundle(copy / "pagefind", expected + 1) == [
        f"Pagefind indexed {expected} pages, but {expected + 1} pages are marked data-pagefind-body"]
    (copy / "pagefind" / "pagefind.js").write_bytes(b"")
    assert check_bundle(copy / "pagefind", expected) == ["Pagefind's bundle is incomplete: pagefind.js"]
    (copy / "pagefind" / "pagefind.js").write_bytes(b"x")
    wasm = next((copy / "pagefind").glob("wasm.en-gb.pagefind"))
    wasm.unlink()
    assert check_bundle(copy / "pagefind", expected) == ["Pagefind's bundle lacks wasm.en-gb.pagefind (language en-gb)"]
    (copy / "pagefind" / "pagefind-entry.json").write_text("{")
    assert check_bundle(copy / "pagefind", expected)[0].startswith("Pagefind's pagefind-entry.json is unreadable")


def test_index_site_reports_failure_as_a_diagnostic(tmp_path):
    diags = Diagnostics()
    index_site(tmp_path / "does-not-exist", diags)
    assert diags.has_errors
    assert "search-index" in diags.format()


def indexed_types(site: Path) -> set[str]:
    """Checks every indexed page of a built site; returns the types seen."""
    types = set()
    for path in html_pages(site):
        found = marks(path)
        if not found.body:
            continue
        where = path.relative_to(site).as_posix()
        kinds = found.filters.get("type", [])
        # one type, but an item also has those of the decisions and actions it carries (layouts/item.html)
        assert kinds and (len(kinds) == 1 or (kinds[0] == "item" and set(kinds[1:]) <= {"decision", "action"})), where
        types.update(kinds)
        assert found.meta.get("title"), where
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.sort.get("date", "")), where
        if found.filters["type"][0] in ("meeting", "item", "decision", "action"):
            assert found.filters.get("board") and found.filters.get("year"), where
            assert found.meta.get("date"), where
    return types


def test_every_indexed_page_has_type_title_and_date_sort(mini):
    assert {"meeting", "item", "decision", "person", "board"} <= indexed_types(mini)
    meeting = marks(mini / "meetings" / "2014-01-21-iib" / "index.html")
    assert meeting.filters["status"] == ["minutes confirmed"]


def test_every_indexed_page_of_the_sample_site_has_type_title_and_date_sort(sample_site):
    assert {"meeting", "item", "decision", "action", "person", "board", "paper"} <= indexed_types(sample_site)
    assert check_bundle(sample_site / "pagefind", count_indexable(sample_site)) == []


def test_search_data_is_not_page_text(mini):
    """Filter, meta and sort values sit in a hidden data-pagefind-ignore block, so "item 2014 2014-01-21" does
    not become the start of every excerpt."""
    html = (mini / "meetings" / "2014-01-21-iib" / "2" / "index.html").read_text()
    block = re.search(r"<div hidden data-pagefind-ignore>(.*?)</div>", html, re.S)
    assert block and 'data-pagefind-filter="type">item<' in block.group(1)
    assert 'data-pagefind-sort="date">2014-01-21<' in block.group(1)
    outside = html.replace(block.group(0), "")
    assert "data-pagefind-filter" not in outside and "data-pagefind-sort" not in outside


def test_every_decision_has_a_page_and_an_anchor(mini):
    item = marks(mini / "meetings" / "2014-01-21-iib" / "2" / "index.html")
    assert "d-2014-01-21-iib-2-1" in item.ids and "publish-findings" in item.ids
    # the decision is searched through its item's page (one search fragment per item, not per decision): the item
    # carries its type and verb filters and, as meta, its page, anchor and text for assets/search.js to list
    assert item.body and item.filters["type"] == ["item", "decision", "action"]
    assert item.filters["verb"] == ["endorsed"] and item.filters["topic"] == ["peer-challenge"]
    assert json.loads(item.meta["decisions"]) == [["/decisions/d-2014-01-21-iib-2-1/", "d-2014-01-21-iib-2-1",
                                                   "Endorsed the findings from the Cardiff evaluation report.",
                                                   "endorsed"]]
    actions = json.loads(item.meta["actions"])
    assert [a[0] for a in actions] == ["/actions/publish-findings/"] and actions[0][3] == ["done"]
    assert item.filters["status"] == ["done"]  # from the trail: done at a later meeting
    page = mini / "decisions" / "d-2014-01-21-iib-2-1" / "index.html"
    found = marks(page)
    assert not found.body and not found.filters and not found.meta  # its own page: permanent, not indexed
    assert found.ids >= {"d-2014-01-21-iib-2-1"}
    html = page.read_text()
    assert "<h1" in html and "Endorsed</span> the findings from the Cardiff evaluation report." in html
    assert 'href="/meetings/2014-01-21-iib/2/#d-2014-01-21-iib-2-1">See it in the minutes</a>' in html
    assert 'href="/meetings/2014-01-21-iib/">' in html and 'href="/topics/peer-challenge/"' in html
    # the register, its filter index pages (/decisions/verb/) and the action trails belong to the registers' family
    decision_pages = sorted(p.parent.name for p in (mini / "decisions").glob("*/index.html"))
    assert decision_pages == ["board", "d-2014-01-21-iib-2-1", "topic", "verb", "year"]
    assert "data-pagefind-body" not in (mini / "decisions" / "verb" / "index.html").read_text()


def test_exempt_items_give_no_decision_pages_or_text(mini):
    for path in mini.rglob("*"):
        if path.is_file() and "pagefind" not in path.parts:
            assert b"CANARY" not in path.read_bytes(), path


def test_search_page_form_filters_and_fallback(mini):
    html = (mini / "search" / "index.html").read_text()
    assert re.search(r'<form id="search-form"[^>]*action="/search/" method="get" role="search"', html)
    assert '<label for="search-q">' in html and 'name="q"' in html
    assert 'role="status" aria-live="polite"' in html
    assert '<option value="decision">Decision</option>' in html
    assert '<option value="Improvement Board">Improvement Board</option>' in html
    assert 'data-pagefind="/pagefind/pagefind.js" data-base="/"' in html
    script = re.search(r'<script type="module" src="/assets/(search\.[0-9a-f]{10}\.js)"></script>', html)
    assert script and (mini / "assets" / script.group(1)).is_file()
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.S).group(1)
    assert "Search needs JavaScript" in noscript
    for register in ("/decisions/", "/actions/", "/meetings/"):
        assert f'href="{register}"' in noscript
    assert 'id="header-q"' not in html  # one search box on the search page
    assert 'id="header-q"' not in (mini / "index.html").read_text()  # and on the home page, its own
    assert 'id="header-q"' in (mini / "meetings" / "index.html").read_text()
    assert "data-parts" not in html  # one index: the page never asks for pagefind/parts.json
    assert not marks(mini / "search" / "index.html").body


def test_search_page_under_a_sub_path(mini_subpath):
    html = (mini_subpath / "search" / "index.html").read_text()
    assert 'data-pagefind="/papers/pagefind/pagefind.js" data-base="/papers/"' in html
    assert 'src="/papers/assets/search.' in html
    assert 'action="/papers/search/"' in (mini_subpath / "index.html").read_text()


def test_accessibility_statement(mini):
    html = (mini / "accessibility" / "index.html").read_text()
    for needed in ("Accessibility statement for Mini board papers", "Compliance status", "partially compliant",
                   "Non-accessible content", "Equality and Human Rights Commission (EHRC)",
                   "Equality Commission for Northern Ireland (ECNI)", "Enforcement procedure",
                   'href="mailto:clerk@example.org"', "Public Sector Bodies (Websites"):
        assert needed in html, needed
    # reviewed on the date site.yaml gives (accessibility_reviewed), not the build's clock (2026-01-01)
    assert 'last reviewed on <time datetime="2026-12-01">Tuesday 1 December 2026</time>' in html
    assert "2026-01-01" not in html


def test_accessibility_statement_does_not_follow_the_clock(tmp_path):
    outputs = []
    for now in ("2025-06-01T09:00", "2026-02-03T10:00"):
        out = tmp_path / now[:10]
        run_build("--content", str(FIXTURES / "mini" / "content"), "--out", str(out), "--now", now, "--no-search",
                  check=True)
        outputs.append((out / "accessibility" / "index.html").read_bytes())
    assert outputs[0] == outputs[1]
    assert b'href="mailto:clerk@example.org"' in outputs[0]  # the contact site.yaml must give


def test_pipeline_runs_pagefind_once_over_the_staged_site(tmp_path, monkeypatch):
    import datetime as dt

    import boardpapers.search.pagefind as search
    from boardpapers.pipeline import Options, build

    calls = []
    real_run = search.subprocess.run

    def counting_run(command, **kwargs):
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(search.subprocess, "run", counting_run)
    out = tmp_path / "site"
    build(Options(content_dir=FIXTURES / "mini" / "content", out_dir=out, now=dt.datetime(2026, 1, 1, 9)))
    assert len(calls) == 1
    site_arg = Path(calls[0][calls[0].index("--site") + 1])
    assert site_arg != out.resolve() and site_arg.parent == out.resolve().parent  # the staging sibling
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    build(Options(content_dir=FIXTURES / "mini" / "content", out_dir=out, now=dt.datetime(2026, 1, 1, 9)))
    assert len(calls) == 1  # nothing changed: no second indexing


def test_one_search_fragment_per_page_not_per_decision_or_action(sample_site):
    """Decision and action pages keep their permanent pages but are not indexed on their own: the index holds no
    more fragments than there are items, meetings and the other indexed pages, far fewer than the pages."""
    indexed = [p for p in html_pages(sample_site) if marks(p).body]
    assert indexed and not [p for p in indexed if p.relative_to(sample_site).parts[0] in ("decisions", "actions")]
    decisions = list((sample_site / "decisions").glob("d-*/index.html"))
    actions = [p for p in (sample_site / "actions").glob("*/index.html") if marks(p).ids and not marks(p).body]
    assert decisions and actions
    fragments = list(sample_site.glob("pagefind/**/fragment/*.pf_fragment"))
    assert 0 < len(fragments) <= len(indexed) == count_indexable(sample_site)


def test_only_the_attribute_marks_an_indexed_page(tmp_path):
    (tmp_path / "a.html").write_text('<main id="main" tabindex="-1" data-pagefind-body><p>x</p></main>')
    (tmp_path / "b.html").write_text("<main><p>The layouts use data-pagefind-body on main.</p></main>")
    (tmp_path / "c.html").write_text("<main data-pagefind-body>x</main>")
    assert count_indexable(tmp_path) == 2


def test_a_topic_page_is_found_by_its_name_not_by_its_list(mini):
    """A search for a topic's name offers the topic page (type "topic"); its list of entries is not indexed, since
    every entry is indexed on its own page and the titles would make the topic page match everything."""
    page = mini / "topics" / "peer-challenge" / "index.html"
    found = marks(page)
    assert found.body
    assert found.filters == {"type": ["topic"], "topic": ["peer-challenge"]}
    assert found.meta["title"] == "Peer challenge"
    html = page.read_text()
    assert '<ol class="list topic-entries" data-pagefind-ignore>' in html
    assert '<p class="lead" data-pagefind-ignore>' in html
    search = (mini / "search" / "index.html").read_text()
    assert '<option value="topic">Topic</option>' in search


def fragments(site: Path) -> dict[str, str]:
    """Each indexed page's text as Pagefind stored it (url -> content): what excerpts are cut from."""
    from conftest import unpacked

    found = {}
    for path in site.glob("pagefind/**/fragment/*.pf_fragment"):
        data = unpacked(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record["content"]
    return found


def test_table_headings_are_not_search_text(mini):
    """A table's heading row is not text of the page for search: Pagefind runs adjacent cells together, so the
    agenda's headings made every meeting's excerpt start "Agenda items ItemTimePresented by 1. Welcome"."""
    text = fragments(mini)
    meeting, board = text["/meetings/2014-01-21-iib/"], text["/boards/iib/"]
    assert "1. Welcome" in meeting and "Peer challenge" in meeting  # the rows are still searched
    for joined in ("ItemTime", "Presented by", "MemberItemInterest"):
        assert joined not in meeting, joined
    assert "NameRole" not in board and "Ann Chair" in board
