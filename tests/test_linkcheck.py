"""Link checker (issue #5): every internal href/src (and form action) in every built page resolves to a file, and
every #fragment to an element id of the page it points at; sitemap, feed and calendar URLs resolve too.

Run over the whole sample site (the `sample_site` fixture, built with search) and over the safety fixture (where
withheld documents must leave no dangling link behind). The checker is tested on a broken site of its own, so a
pass means something.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import FIXTURES, ROOT

from boardpapers.pipeline import Options, build

URL_ATTRS = {("a", "href"), ("link", "href"), ("area", "href"), ("img", "src"), ("script", "src"),
             ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("form", "action"),
             ("input", "formaction"), ("button", "formaction"), ("object", "data"), ("embed", "src")}
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "webcal:")


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (tag.attr, value)
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (name == "id" and value is not None) or (name == "name" and tag == "a" and value):
                self.ids.add(value)
            elif (tag, name) in URL_ATTRS and value is not None:
                self.urls.append((f"{tag}.{name}", value))

    handle_startendtag = handle_starttag


@dataclass
class Report:
    checked: int = 0
    fragments: int = 0
    problems: list[str] = field(default_factory=list)


class Checker:
    def __init__(self, site: Path, base_url: str = "/"):
        self.site = site
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme else ""
        self.base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.pages: dict[Path, Page] = {}
        self.report = Report()

    def page(self, path: Path) -> Page:
        if path not in self.pages:
            self.pages[path] = Page(path.read_text(encoding="utf-8"))
        return self.pages[path]

    def target(self, source: Path, url: str) -> tuple[Path | None, str]:
        """The file a URL found in `source` points at (None when outside the site), and its fragment."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if self.origin and f"{parts.scheme}://{parts.netloc}" == self.origin:
                parts = urlsplit(url[len(self.origin):])
            else:
                return None, ""
        path = unquote(parts.path)
        if not path:
            return source, parts.fragment
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return self.site.parent / "outside-the-base-path" / path.lstrip("/"), parts.fragment
            resolved = self.site / path[len(self.base_path):]
        else:
            resolved = source.parent / path
        return resolved, parts.fragment

    def check_url(self, source: Path, where: str, url: str) -> None:
        url = url.strip()
        if url.lower().startswith(EXTERNAL) and not (self.origin and url.startswith(self.origin)):
            return
        if url.lower().startswith(("javascript:", "data:", "vbscript:")):
            self.report.problems.append(f"{where}: unsafe URL {url!r}")
            return
        target, fragment = self.target(source, url)
        if target is None:
            return
        self.report.checked += 1
        try:
            inside = target.resolve().is_relative_to(self.site.resolve())
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            self.report.problems.append(f"{where}: {url!r} points outside the site")
            return
        if target.is_dir():
            if not url.split("#")[0].split("?")[0].endswith("/") and url.split("#")[0]:
                self.report.problems.append(f"{where}: {url!r} is a folder: write it with a trailing slash")
            target = target / "index.html"
        if not target.is_file():
            self.report.problems.append(f"{where}: {url!r} does not exist")
            return
        if fragment and target.suffix == ".html":
            self.report.fragments += 1
            if unquote(fragment) not in self.page(target).ids:
                self.report.problems.append(f"{where}: {url!r}: no element with id {unquote(fragment)!r}")

    def run(self) -> Report:
        for path in sorted(self.site.rglob("*")):
            if not path.is_file() or path.relative_to(self.site).parts[0] == "pagefind":
                continue
            rel = path.relative_to(self.site).as_posix()
            if path.suffix == ".html":
                for attr, url in self.page(path).urls:
                    self.check_url(path, f"{rel} <{attr}>", url)
            elif path.suffix == ".xml":
                text = path.read_text(encoding="utf-8")
                for url in re.findall(r"<loc>([^<]+)</loc>", text) + re.findall(r"<link[^>]*\shref=\"([^\"]+)\"", text):
                    self.check_url(path, f"{rel} <loc/link>", html_unescape(url))
            elif path.suffix == ".ics":
                text = path.read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")
                for url in re.findall(r"^URL[^:]*:(.+?)\r?$", text, flags=re.M):
                    self.check_url(path, f"{rel} URL", url)
        return self.report


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def site_base_url(content: Path) -> str:
    match = re.search(r"^base_url:\s*(\S+)", (content / "site.yaml").read_text(), flags=re.M)
    return match.group(1).strip("'\"") if match else "/"


# -- the checker itself can fail


@pytest.fixture
def broken_site(tmp_path) -> Path:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="/a/">ok</a> <a href="/a/#here">ok</a> <a href="/missing/">no</a> <a href="/a/#nowhere">no</a>'
        '<img src="/img.png"> <a href="#top">no</a> <a href="https://example.org/x">external</a>'
        '<a href="../../etc/passwd">out</a> <a href="/a">folder</a> <a href="javascript:alert(1)">x</a>'
        '<form action="/search/"></form><link rel="stylesheet" href="/style.css">')
    (site / "a" / "index.html").write_text('<h1 id="here">A</h1><a href="../">up</a> <a href="#here">self</a>')
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://example.org/papers/gone/</loc></url></urlset>")
    return site


def test_checker_finds_every_kind_of_broken_link(broken_site):
    problems = Checker(broken_site, "https://example.org/papers/").run().problems
    # Under a base path, root-relative links that miss it are broken too; so check at the root as well.
    root = Checker(broken_site, "/").run()
    joined = "\n".join(root.problems)
    for expected in ("'/missing/' does not exist", "'/a/#nowhere': no element with id 'nowhere'",
                     "'/img.png' does not exist", "'#top': no element with id 'top'", "points outside the site",
                     "'/a' is a folder", "unsafe URL 'javascript:alert(1)'", "'/search/' does not exist",
                     "'/style.css' does not exist"):
        assert expected in joined, expected
    assert len(root.problems) == 9, joined
    assert root.checked == 12 and root.fragments == 4
    assert any("/papers/gone/" in p for p in problems)
    assert any("'/a/' points outside the site" in p for p in problems)  # the site lives under /papers/


# -- the real sites


def assert_no_problems(report: Report, minimum: int) -> None:
    assert not report.problems, f"{len(report.problems)} broken links:\n" + "\n".join(report.problems[:60])
    assert report.checked >= minimum, report.checked


def test_every_link_of_the_sample_site_resolves(sample_site):
    report = Checker(sample_site, site_base_url(ROOT / "content")).run()
    assert_no_problems(report, 3000)
    assert report.fragments >= 100
    print(f"sample site: {report.checked} internal links checked, {report.fragments} with a fragment")


@pytest.mark.parametrize("drafts", [False, True], ids=["published", "drafts-preview"])
def test_every_link_of_the_safety_fixture_resolves(tmp_path, drafts):
    out = tmp_path / "site"
    build(Options(content_dir=FIXTURES / "safety" / "content", out_dir=out, now=dt.datetime(2025, 12, 31, 9, 0),
                  drafts=drafts, search=False, cache=False))
    assert_no_problems(Checker(out).run(), 500)


def test_links_resolve_under_a_sub_path(tmp_path):
    content = tmp_path / "content"
    import shutil

    shutil.copytree(FIXTURES / "safety" / "content", content)
    config = content / "site.yaml"
    config.write_text(config.read_text() + "base_url: https://example.org/papers/\n")
    out = tmp_path / "site"
    build(Options(content_dir=content, out_dir=out, now=dt.datetime(2025, 12, 31, 9, 0), search=False, cache=False))
    report = Checker(out, "https://example.org/papers/").run()
    assert_no_problems(report, 500)
