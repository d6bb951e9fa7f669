"""XSS (issue #5): script tags, event handlers, `javascript:`/`data:` URLs and attribute break-outs put into every
text field (titles, names, venue, exempt reasons, contacts, decisions, ...) and into every markdown body must
come out inert: no <script> element but the layouts' own, no on* attribute, no href/src/action with a
javascript:, data: or vbscript: URL, anywhere in the built site.

Pages are read with html.parser (as a browser would tokenise them); the feed's escaped HTML content is decoded
and read again.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset",
             "ping", "manifest", "codebase", "icon", "lowsrc", "dynsrc"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "livescript:")
NOW = dt.datetime(2026, 1, 1, 9, 0)


def payload(n: int) -> str:
    """One line of text that tries every way out of a text node, an attribute value and a script element."""
    return (f"X{n} <script>alert({n})</script> \"><svg onload=alert({n})> '><img src=x onerror=alert({n})> "
            f"javascript:alert({n}) </script><script>alert({n})</script> {{{{ 7*191 }}}} <a href=\"javascript:"
            f"alert({n})\">a</a> <iframe src=\"data:text/html,<script>alert({n})</script>\"></iframe> "
            f"<style>*{{background:url(javascript:alert({n}))}}</style> &lt;script&gt; \\\"><b onmouseover=x>")


MARKDOWN = """
Links: [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](<javascript:alert(1)>) [d](&#106;avascript:alert(1))
[e](javascript&#58;alert(1)) [f](java&#x09;script:alert(1))
[g](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[h](vbscript:msgbox(1)) [i](  javascript:alert(1)) [j](%6Aavascript:alert(1)) [k](jav&#x0A;ascript:alert(1))
[l](https://example.org/"onmouseover="alert(1)) [m](https://example.org/ "title\\" onmouseover=\\"alert(1)")

Autolinks: <javascript:alert(1)> <data:text/html,<script>alert(1)</script>> <vbscript:msgbox(1)>
<JaVaScRiPt:alert(1)>

Reference: [ref one][r1], [ref two][r2], [ref three][r3] and ![ref image][r4]

[r1]: javascript:alert(1)
[r2]: <javascript:alert(1)> "title"
[r3]: data:text/html,<script>alert(1)</script>
[r4]: javascript:alert(1)

Images: ![i](javascript:alert(1)) ![j](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
![k](x "a\\" onerror=\\"alert(1)")

Raw HTML: <script>alert(1)</script> <img src=x onerror=alert(1)> <div onclick="alert(1)">x</div>
<a href="javascript:alert(1)">x</a> <svg><script>alert(1)</script></svg> <iframe src=javascript:alert(1)>

<script>
alert(1)
</script>

<details open ontoggle=alert(1)>

## Heading {onclick=alert(1)}

## Heading {#id .class onmouseover=alert(1)}

### <img src=x onerror=alert(1)>

Wiki links: [[ann-chair|<img src=x onerror=alert(1)>]] [[ann-chair|"><script>alert(1)</script>]]
[[ann-chair|javascript:alert(1)]] [[topic:peer-challenge|<svg onload=alert(1)>]]

`<script>alert(1)</script>` and a table:

| <script>alert(1)</script> | [x](javascript:alert(1)) |
|---|---|
| <img src=x onerror=alert(1)> | ![y](javascript:alert(1)) |
"""


def q(value: str) -> str:
    return json.dumps(value)


def write_project(root: Path) -> Path:
    """Every text field of every kind of document holds a payload of its own (P1, P2, ...)."""
    n = iter(range(1, 1000))
    P = lambda: q(payload(next(n)))  # noqa: E731
    content = root / "content"
    files = {
        "site.yaml": f"title: {P()}\norganisation: {P()}\nlicence: {P()}\n"
                     f"licence_url: https://example.org/licence?x=javascript:alert(1)\ncontact_email: {P()}\n"
                     f"description: {P()}\n",
        "boards/iib.md": f"---\nname: {P()}\nshort_name: {P()}\nmembership:\n  2013/14:\n    - person: ann-chair\n"
                         f"      role: Chair\n      group: {P()}\n      council: {P()}\n    - person: bob-member\n---\n"
                         f"{MARKDOWN}",
        "people/ann-chair.md": f"---\nname: {P()}\nhonours: [{P()}, OBE]\nkind: councillor\ncouncil: {P()}\n"
                               f"position: {P()}\n---\n{MARKDOWN}",
        "people/bob-member.md": f"---\nname: {P()}\nkind: officer\norganisation: {P()}\n---\n",
        "papers/paper.md": f"---\ntitle: {P()}\nboard: iib\npaper_type: consultation\ndate: 2013\nauthor: ann-chair\n"
                           f"summary: {P()}\ntopics: [peer-challenge]\n---\n{MARKDOWN}",
        "meetings/2014-01-21-iib/index.md": (
            f"---\nboard: iib\ntitle: {P()}\ndate: 2014-01-21\nstart: 11:00\nend: 12:00\nvenue: {P()}\n"
            f"status: minutes confirmed\nattendance:\n  present:\n    - person: ann-chair\n      role: {P()}\n"
            f"      note: {P()}\n  substitutes:\n    - person: bob-member\n      for: ann-chair\n      note: {P()}\n"
            f"declarations:\n  - person: ann-chair\n    item: 1\n    interest: {P()}\nnext_meeting: 2014-03-18-iib\n"
            f"---\n{MARKDOWN}"),
        "meetings/2014-01-21-iib/01-item.md": (
            f"---\nnumber: 1\ntitle: {P()}\ntiming: 11:05\npresenter: ann-chair\npurpose: {P()}\nsummary: {P()}\n"
            f"recommendations:\n  - {P()}\n  - {q(MARKDOWN)}\nreport_action: {P()}\n"
            f"contacts:\n  - person: bob-member\n    position: {P()}\n    phone: {P()}\n    email: {P()}\n"
            f"topics: [peer-challenge]\nattachments:\n  - title: {P()}\n    anchor: heading\n"
            f"  - title: {P()}\n    file: appendix.pdf\nfinancial_implications: {P()}\nwales_implications: {P()}\n"
            f"minutes: {q(MARKDOWN)}\ndecisions:\n  - verb: agreed\n    text: {P()}\n  - id: second\n    verb: noted\n"
            f"    text: {q(MARKDOWN)}\nactions:\n  - id: act-one\n    text: {P()}\n    owner: bob-member\n"
            f"    due: 2014-03-18\n---\n## Heading\n{MARKDOWN}"),
        "meetings/2014-01-21-iib/02-exempt.md": (
            f"---\nnumber: 2\ntitle: {P()}\nexempt: {P()}\nsummary: {P()}\n---\n{MARKDOWN}"),
        "meetings/2014-01-21-iib/appendix.pdf": "%PDF-1.4 <script>alert(1)</script>",
        "meetings/2014-03-18-iib/index.md": f"---\nboard: iib\ndate: 2014-03-18\nvenue: {P()}\n---\n",
        "meetings/2014-03-18-iib/01-actions.md": (
            f"---\nnumber: 1\ntitle: {P()}\nfollows: 2014-01-21-iib/1\nupdates:\n  - action: act-one\n"
            f"    progress: {P()}\n    status: done\n---\n{MARKDOWN}"),
    }
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


class Inspector(HTMLParser):
    """Collects what a browser would execute: script elements (with their text), on* attributes, URL schemes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self.problems: list[str] = []
        self._script: dict | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs_d = {k.lower(): (v or "") for k, v in attrs}
        for name, value in attrs_d.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: event handler attribute")
            if name in URL_ATTRS or (name == "content" and attrs_d.get("http-equiv", "").lower() == "refresh"):
                for candidate in re.split(r",\s*|\s+\d+[wx]\b|;\s*url=", value) if name in ("srcset", "content") \
                        else [value]:
                    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", candidate).lower()
                    if cleaned.startswith(BAD_SCHEMES):
                        self.problems.append(f"<{tag} {name}={value!r}>: dangerous URL scheme")
            if name == "style" and re.search(r"javascript:|expression\(", value, re.I):
                self.problems.append(f"<{tag} style={value!r}>: script in a style attribute")
        if tag in ("iframe", "object", "embed", "frame", "frameset", "base", "applet"):
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and attrs_d.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            self._script, self._text = attrs_d, ""

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._script is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, self._text))
            self._script = None


def inspect(markup: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(markup)
    inspector.close()
    return inspector


def script_problems(scripts, base_path: str = "/") -> list[str]:
    """Only the layouts' scripts are allowed: their own assets, Pagefind's, and JSON-LD data that is valid JSON."""
    problems = []
    for attrs, text in scripts:
        src = attrs.get("src", "")
        if src:
            if not src.startswith((f"{base_path}assets/", f"{base_path}pagefind/")) or text.strip():
                problems.append(f"<script src={src!r}>{text[:60]}")
        elif attrs.get("type") == "application/ld+json":
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"JSON-LD script that is not JSON (was it broken out of?): {text[:80]!r}")
        else:
            problems.append(f"inline script: {text[:80]!r}")
    return problems


def site_problems(site: Path) -> tuple[list[str], int]:
    problems, pages = [], 0
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.relative_to(site).parts[0] == "pagefind":
            continue
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            pages += 1
            found = inspect(path.read_text(encoding="utf-8"))
            problems += [f"{rel}: {p}" for p in found.problems + script_problems(found.scripts)]
            if "1337" in path.read_text(encoding="utf-8"):
                problems.append(f"{rel}: a template expression in content was evaluated ({{{{ 7*191 }}}} = 1337)")
        elif path.suffix in (".xml", ".atom", ".rss"):
            text = path.read_text(encoding="utf-8")
            found = inspect(text)
            problems += [f"{rel}: {p}" for p in found.problems]
            # Atom carries HTML escaped inside <content type="html">: what a feed reader renders.
            for escaped in re.findall(r"<(?:content|summary)[^>]*type=\"html\"[^>]*>(.*?)</(?:content|summary)>",
                                      text, flags=re.S):
                inner = inspect(html.unescape(escaped))
                problems += [f"{rel} (feed HTML): {p}" for p in inner.problems]
                problems += [f"{rel} (feed HTML): {p}" for p in script_problems(inner.scripts)]
    return problems, pages


# -- the inspector itself can fail


def test_inspector_catches_each_kind_of_payload():
    bad = ('<script>alert(1)</script><img src=x onerror=alert(1)><a href=" JaVa\tScRiPt:alert(1)">x</a>'
           '<a href="data:text/html,x">x</a><iframe src="x"></iframe><div style="background:url(javascript:x)">'
           '<form action="vbscript:x"></form><img srcset="a.png 1x, javascript:alert(1) 2x">'
           '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>'
           '<script src="https://evil.example/x.js"></script>')
    found = inspect(bad)
    problems = found.problems + script_problems(found.scripts)
    assert len(problems) == 11, "\n".join(problems)  # the JSON-LD break-out counts twice
    good = ('<script type="module" src="/assets/search.123.js"></script><a href="/x/">x</a><a href="mailto:a@b">m</a>'
            '<script type="application/ld+json">{"name": "\\u003c/script\\u003e"}</script><p>javascript:alert(1)</p>')
    found = inspect(good)
    assert found.problems + script_problems(found.scripts) == []


# -- the site built from hostile content


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    content = write_project(root)
    out = root / "site"
    build(Options(content_dir=content, out_dir=out, now=NOW, search=True, cache=False))
    return out


def test_payloads_reach_the_pages_as_text(hostile_site):
    # The payloads are shown (escaped), not dropped: otherwise the test below would prove nothing.
    meeting = (hostile_site / "meetings" / "2014-01-21-iib" / "index.html").read_text()
    assert "&lt;script&gt;alert(" in meeting and "onload=alert(" in meeting
    item = (hostile_site / "meetings" / "2014-01-21-iib" / "1" / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in item
    shown = set(re.findall(r"X(\d+) ", "".join(p.read_text(encoding="utf-8", errors="replace")
                                              for p in hostile_site.rglob("*.html"))))
    assert len(shown) >= 40, sorted(shown, key=int)


def test_no_script_handler_or_dangerous_url_anywhere(hostile_site):
    problems, pages = site_problems(hostile_site)
    assert pages >= 20
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:50])


def test_sample_site_is_clean(sample_site):
    problems, pages = site_problems(sample_site)
    assert pages >= 50
    assert problems == [], "\n".join(problems[:50])


def test_markdown_links_with_dangerous_schemes_are_not_links():
    from boardpapers.markdown.convert import render

    out, _ = render(MARKDOWN, anchors=True)
    found = inspect(out)
    assert found.problems == [] and found.scripts == []
    # The safe link in the same text stays a link, so the filter is not simply dropping every link.
    assert '<a href="https://example.org/%22onmouseover=%22alert(1)">' in out
    assert "&lt;script&gt;" in out


@pytest.mark.parametrize("target", ["<script>alert(1)</script>", "javascript:alert(1)", '"><svg onload=x>'])
def test_wiki_links_to_non_ids_are_errors_and_inert(tmp_path, target):
    from boardpapers.markdown.convert import render

    out, _ = render(f"See [[{target}]] and [[{target}|label]].")
    found = inspect(out)
    assert found.problems == [] and found.scripts == [] and "<a " not in out
    content = write_project(tmp_path)
    paper = content / "papers" / "paper.md"
    paper.write_text(paper.read_text() + f"\nSee [[{target}]].\n")
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=content, out_dir=tmp_path / "site", now=NOW, search=False, cache=False))
    assert [d.code for d in failed.value.diagnostics.errors] == ["unknown-ref"]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "data:text/html,x", "https://x.org/\"><svg onload=x>",
                                   " javascript:alert(1)"])
def test_licence_url_must_be_a_web_address(tmp_path, value):
    content = write_project(tmp_path)
    config = content / "site.yaml"
    config.write_text(re.sub(r"licence_url: .*", f"licence_url: {q(value)}", config.read_text()))
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=content, out_dir=tmp_path / "site", now=NOW, search=False, cache=False))
    assert [d.code for d in failed.value.diagnostics.errors] == ["bad-value"]
    assert failed.value.diagnostics.errors[0].pos.line == 4


@pytest.mark.parametrize("field", ["topics", "id", "anchor", "file"])
def test_ids_in_hostile_fields_are_refused(tmp_path, field):
    content = write_project(tmp_path)
    item = content / "meetings" / "2014-01-21-iib" / "01-item.md"
    text = item.read_text()
    hostile = q('x"><svg onload=alert(1)>')
    text = {"topics": lambda t: t.replace("topics: [peer-challenge]", f"topics: [{hostile}]"),
            "id": lambda t: t.replace("  - id: second", f"  - id: {hostile}"),
            "anchor": lambda t: t.replace("anchor: heading", f"anchor: {hostile}"),
            "file": lambda t: t.replace("file: appendix.pdf", f"file: {hostile}")}[field](text)
    item.write_text(text)
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=content, out_dir=tmp_path / "site", now=NOW, search=False, cache=False))
    codes = {d.code for d in failed.value.diagnostics.errors}
    assert codes <= {"bad-id", "bad-value", "unknown-anchor"} and codes, failed.value.diagnostics.format()


def test_layouts_have_no_inline_scripts():
    # The allowance above ("the layouts' own scripts") is only external assets and JSON-LD data.
    for layout in sorted((ROOT / "layouts").glob("*.html")):
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", layout.read_text(), flags=re.S):
            attrs, body = match.groups()
            assert "src=" in attrs or "application/ld+json" in attrs, (layout.name, match.group(0)[:80])
            assert "src=" not in attrs or not body.strip(), layout.name
