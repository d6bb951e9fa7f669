"""Hosting files and page heads: sitemap.xml, robots.txt, .nojekyll, 404.html, canonical links, fingerprinted
assets and the schema.org Event on meeting pages."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES

from boardpapers.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, 9, 0)
BASE = "https://example.org/papers/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FINGERPRINT = re.compile(r"^/papers/assets/[\w/-]+\.[0-9a-f]{10}\.(css|js)$")


def build_outputs(content: Path, tmp: Path):
    result = build(Options(content_dir=content, out_dir=tmp / "site", now=NOW, search=False, write=False))
    return result.graph, result.outputs


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_outputs(FIXTURES / "outputs" / "content", tmp_path_factory.mktemp("sitemap"))


class Head(HTMLParser):
    """Collects canonical links, stylesheets, scripts, JSON-LD blocks and every href/src of one page."""

    def __init__(self):
        super().__init__()
        self.canonical, self.styles, self.scripts, self.jsonld, self.urls = [], [], [], [], []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.urls += [a[k] for k in ("href", "src") if a.get(k)]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        if tag == "link" and a.get("rel") == "stylesheet":
            self.styles.append(a["href"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        self._in_jsonld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def head(data: bytes) -> Head:
    parser = Head()
    parser.feed(data.decode("utf-8"))
    return parser


def page_url(path: str) -> str:
    return BASE + (path[: -len("index.html")] if path.endswith("index.html") else path)


def test_sitemap_lists_every_html_page_but_404(fixture_site):
    _, outputs = fixture_site
    root = ET.fromstring(outputs["sitemap.xml"])
    locs = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    pages = [p for p in outputs if p.endswith(".html") and p != "404.html"]
    assert sorted(locs) == sorted(page_url(p) for p in pages)
    assert locs == sorted(locs) and len(set(locs)) == len(locs)
    assert BASE in locs and BASE + "data/" in locs and BASE + "meetings/2014-01-21-iib/3/" in locs
    assert not any("404" in loc or "2014-12-01" in loc for loc in locs)


def test_robots_nojekyll_and_404(fixture_site):
    _, outputs = fixture_site
    robots = outputs["robots.txt"].decode()
    assert "User-agent: *" in robots and f"Sitemap: {BASE}sitemap.xml" in robots
    assert outputs[".nojekyll"] == b""
    # 404.html is served at any depth, so every link and asset in it is rooted at the base path.
    for url in head(outputs["404.html"]).urls:
        assert url.startswith(("/papers/", "https://", "#", "mailto:")), url


def test_canonical_link_on_every_page(fixture_site):
    _, outputs = fixture_site
    for path, data in outputs.items():
        if path.endswith(".html") and path != "404.html":
            assert head(data).canonical == [page_url(path)], path


def test_every_page_references_fingerprinted_assets_that_exist(fixture_site):
    _, outputs = fixture_site
    for path, data in outputs.items():
        if not path.endswith(".html"):
            continue
        page = head(data)
        assert page.styles, path
        for url in page.styles + [s for s in page.scripts if "/assets/" in s]:
            assert FINGERPRINT.match(url), (path, url)
            assert url[len("/papers/"):] in outputs, (path, url)


def test_meeting_pages_carry_a_schema_org_event(fixture_site):
    _, outputs = fixture_site
    [block] = head(outputs["meetings/2014-01-21-iib/index.html"]).jsonld
    assert "<" not in block and "&" not in block  # tojson escaped the venue: it cannot close the script
    event = json.loads(block)
    assert event["@type"] == "Event" and event["@context"] == "https://schema.org"
    assert event["startDate"] == "2014-01-21T11:00:00+00:00" and event["endDate"] == "2014-01-21T13:00:00+00:00"
    assert event["location"]["name"] == 'Room 1, Town Hall <"quoted"> & more'
    assert event["url"] == BASE + "meetings/2014-01-21-iib/"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    summer = json.loads(head(outputs["meetings/2014-06-17-iib/index.html"]).jsonld[0])
    assert summer["startDate"] == "2014-06-17T10:30:00+01:00"
    assert [o["name"] for o in summer["organizer"]] == ["Improvement Board", "Community Wellbeing Board"]
    cancelled = json.loads(head(outputs["meetings/2014-09-16-iib/index.html"]).jsonld[0])
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled" and "endDate" not in cancelled
    all_day = json.loads(head(outputs["meetings/2014-03-18-iib/index.html"]).jsonld[0])
    assert all_day["startDate"] == "2014-03-18"
    assert head(outputs["meetings/2013-iib/index.html"]).jsonld == []  # dated only by year: no event


def test_without_base_url_urls_are_root_relative(tmp_path):
    _, outputs = build_outputs(FIXTURES / "mini" / "content", tmp_path)
    locs = [loc.text for loc in ET.fromstring(outputs["sitemap.xml"]).findall("s:url/s:loc", NS)]
    assert "/" in locs and all(loc.startswith("/") for loc in locs)
    assert "Sitemap:" not in outputs["robots.txt"].decode()  # a Sitemap line must be an absolute URL
    assert head(outputs["index.html"]).canonical == []  # base.html gives one only for an absolute base_url
