"""Hosting under a sub-path: the site built with `base_url: https://example.org/papers/` and served at /papers/
by a plain static server. Every link and asset of every page, every sitemap, feed and calendar entry and every
URL in the open data must answer 200 there. (Search under a sub-path is tested with the search index.)"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import icalendar
import pytest
from conftest import FIXTURES, run_build

BASE = "https://example.org/papers/"
SKIPPED_PREFIXES = ("pagefind/",)  # built only with search on; the search tests cover it
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(site folder, local base URL): the fixture built as a user would, served from a parent folder."""
    from conftest import Served

    root = tmp_path_factory.mktemp("host")
    site = root / "papers"
    run_build("--content", str(FIXTURES / "outputs" / "content"), "--out", str(site), "--no-search",
              "--now", "2026-01-01T09:00", check=True)
    server = Served(root, "/papers/")
    yield site, server.url
    server.close()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""


def local(url: str, served_base: str) -> str | None:
    """The served URL for a site URL (absolute under BASE, or rooted at /papers/); None for other sites."""
    if url.startswith(BASE):
        return served_base + url[len(BASE):]
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel") or (parts.scheme and parts.netloc != urlsplit(served_base).netloc):
        return None
    return url


def check(urls: dict[str, str], served_base: str) -> None:
    """urls: {url: where it was found}. Every one under the site must answer 200, and a #fragment must name an id
    on the page it points to."""
    pages: dict[str, Links] = {}
    broken = []
    for url, where in sorted(urls.items()):
        target = local(url, served_base)
        if target is None:
            continue
        address, fragment = urldefrag(target)
        path = address[len(served_base):] if address.startswith(served_base) else address
        if not address.startswith(served_base):
            broken.append(f"{url} (from {where}) is outside /papers/")
            continue
        if path.startswith(SKIPPED_PREFIXES):
            continue
        if address not in pages:
            status, body = fetch(address)
            if status != 200:
                broken.append(f"{url} (from {where}): HTTP {status}")
                continue
            parser = Links()
            if address.endswith("/") or address.endswith(".html"):
                parser.feed(body.decode("utf-8"))
            pages[address] = parser
        if fragment and (address.endswith("/") or address.endswith(".html")) and fragment not in pages[address].ids:
            broken.append(f"{url} (from {where}): no id '{fragment}' on the page")
    assert not broken, "\n".join(broken[:30])


def test_every_link_and_asset_of_every_page_resolves(served):
    site, base = served
    urls: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        page_url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.urls:
            if rel != "404.html":  # 404.html is served at any depth: its links are checked for that below
                urls.setdefault(urljoin(page_url, ref), rel)
    assert len(urls) > 50
    check(urls, base)


def test_not_found_page_works_at_any_depth(served):
    site, base = served
    parser = Links()
    parser.feed((site / "404.html").read_text(encoding="utf-8"))
    deep = base + "meetings/no-such-meeting/9/"
    check({urljoin(deep, ref): "404.html" for ref in parser.urls if not ref.startswith("#")}, base)


def test_sitemap_feed_calendar_and_data_urls_resolve(served):
    site, base = served
    urls: dict[str, str] = {}
    for loc in ET.fromstring((site / "sitemap.xml").read_bytes()).iter(f"{SITEMAP}loc"):
        urls[loc.text] = "sitemap.xml"
    assert len(urls) == len([p for p in site.rglob("*.html") if p.name != "404.html"])
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    for link in feed.iter(f"{ATOM}link"):
        urls[link.get("href")] = "feed.xml"
    for ics in site.rglob("*.ics"):
        for event in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
            urls[str(event["URL"])] = ics.name
    for data in sorted((site / "data").glob("*.json")):
        for url in re.findall(r'"(https://example\.org/papers/[^"]*)"', data.read_text(encoding="utf-8")):
            urls[url] = f"data/{data.name}"
    robots = (site / "robots.txt").read_text()
    urls[robots.split("Sitemap: ")[1].strip()] = "robots.txt"
    assert any("#cpc-offer" in u for u in urls)  # decision anchors are checked too
    check(urls, base)


def test_files_are_served_with_their_types(served):
    _, base = served
    for path, kind in (("calendar.ics", "text/calendar"), ("feed.xml", "xml"),
                       ("data/meetings.csv.zip", "application/zip"), ("data/meetings.json", "application/json")):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            assert kind in response.headers["Content-Type"], path
    status, body = fetch(base + "data/schema/items.json")
    assert status == 200 and json.loads(body)["$id"] == BASE + "data/schema/items.json"


def test_the_checker_catches_broken_links(served):
    _, base = served
    with pytest.raises(AssertionError, match="HTTP 404"):
        check({base + "meetings/no-such-meeting/": "test"}, base)
    with pytest.raises(AssertionError, match="no id 'nowhere'"):
        check({base + "meetings/2014-01-21-iib/#nowhere": "test"}, base)
    with pytest.raises(AssertionError, match="outside /papers/"):
        check({urljoin(base, "/meetings/"): "test"}, base)
