"""(g) What one search costs a reader: the bytes and requests a fresh browser fetches to open the search page,
type a query and see its first page of results.

Debian's chromium (through Playwright) in a fresh context (empty cache) per query; the site is served over HTTP
on 127.0.0.1 by Python's http.server (no compression: the figures are the files' own bytes). Every response of
the page is counted, from the request for /search/ to the network being idle after the results are shown:
the page, its styles and scripts, Pagefind's runtime, index and fragments.

Ours: /search/, the query typed into the search box and submitted; done when the status line says how many
results there are (`#search-form[data-ready]` first). The peer (the Hugo export): /search/ with Pagefind's
default UI, the query typed into its box; done when its results (or its "no results") are shown; it is served
under /papers/, as its base URL says.

    python bench/searchcost.py bench/out/site-10000 [--peer bench/out/hugo-10000/public]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

QUERIES = ("transparency", "peer challenge", "Shortland")
PEER_PREFIX = "/papers/"  # the Hugo export's base path (bench/hugo_export.py CONFIG)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Cost:
    query: str
    ok: bool
    bytes: int = 0
    requests: int = 0
    results: str = ""  # what the page said (ours: the status line; the peer: its message)
    error: str = ""
    by_kind: dict = field(default_factory=dict)  # {kind: [requests, bytes]}: page, assets, pagefind runtime...


class _Quiet(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path: str) -> str:
        """The site answers under `prefix` (the Hugo export's base URL is https://example.org/papers/)."""
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix):])


class Served:
    """`site` over HTTP on 127.0.0.1 (a free port), under `prefix`, until close()."""

    def __init__(self, site: Path, prefix: str = "/"):
        handler = functools.partial(type("Handler", (_Quiet,), {"prefix": prefix}), directory=str(site))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def kind_of(url: str) -> str:
    """What a response is, for the breakdown: Pagefind's files by their role, the rest page or asset."""
    path = url.split("?", 1)[0]
    if "/pagefind/" not in path:
        return "page" if path.endswith("/") or path.endswith(".html") else "assets"
    name = path.rsplit("/", 1)[1]
    for suffix, kind in ((".pf_meta", "meta"), (".pf_index", "index"), (".pf_filter", "filter"),
                         (".pf_fragment", "fragment"), (".pagefind", "wasm"), (".json", "entry")):
        if name.endswith(suffix):
            return kind
    return "runtime"


def measure(site: Path, queries=QUERIES, peer: bool = False, timeout_ms: int = 120_000,
            all_years: bool = False) -> list[Cost]:
    """One Cost per query; a query that fails (no browser, a timeout) is a Cost with ok False and its error.
    `all_years`: ours only, the reader also asks for every earlier year (the "earlier years" button until it
    is gone): what a search of the whole archive costs."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Cost(q, False, error="playwright is not installed (pip install playwright)") for q in queries]
    if not Path(CHROMIUM).exists():
        return [Cost(q, False, error=f"{CHROMIUM} is missing (apt-get install chromium)") for q in queries]
    served = Served(site, PEER_PREFIX if peer else "/")
    costs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for query in queries:
                    costs.append(_one(browser, served.url, query, peer, timeout_ms, all_years))
            finally:
                browser.close()
    finally:
        served.close()
    return costs


def _one(browser, base: str, query: str, peer: bool, timeout_ms: int, all_years: bool = False) -> Cost:
    context = browser.new_context()
    fetched: list[tuple[str, int]] = []

    def record(response) -> None:
        try:
            fetched.append((response.url, len(response.body())))
        except Exception:  # a body the browser did not keep (a redirect): counted, as no bytes
            fetched.append((response.url, 0))

    try:
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.on("response", record)
        page.goto(base + "search/")
        if peer:
            said = _peer_search(page, query)
        else:
            page.wait_for_selector("#search-form[data-ready]")
            page.fill("#search-q", query)
            page.press("#search-q", "Enter")
            page.wait_for_function("/results? for|No results/.test(document.getElementById('search-status')"
                                   ".textContent)")
            while all_years and page.locator("#search-earlier").is_visible():
                said = page.inner_text("#search-status")
                page.click("#search-earlier")
                page.wait_for_function("s => { const t = document.getElementById('search-status').textContent;"
                                       " return t !== s && !t.startsWith('Searching'); }", arg=said)
            said = page.inner_text("#search-status")
        page.wait_for_load_state("networkidle")
        cost = Cost(query, True, sum(size for _, size in fetched), len(fetched), " ".join(said.split()))
        for url, size in fetched:
            counts = cost.by_kind.setdefault(kind_of(url), [0, 0])
            counts[0] += 1
            counts[1] += size
        return cost
    except Exception as exc:  # a timeout, a page error: the row shows n/a and this
        return Cost(query, False, error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        context.close()


def _peer_search(page, query: str) -> str:
    page.wait_for_selector(".pagefind-ui__search-input")
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__message")
    page.wait_for_function("!/Searching/.test(document.querySelector('.pagefind-ui__message').textContent)")
    return page.inner_text(".pagefind-ui__message")


def line(cost: Cost) -> str:
    if not cost.ok:
        return f"{cost.query!r}: n/a ({cost.error.splitlines()[0] if cost.error else 'failed'})"
    kinds = ", ".join(f"{kind} {n}/{size / 1000:.0f} KB" for kind, (n, size) in sorted(cost.by_kind.items()))
    return (f"{cost.query!r}: {cost.bytes / 1000:.0f} KB in {cost.requests} requests [{kinds}] "
            f"- {cost.results}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="our built site folder")
    parser.add_argument("--peer", type=Path, help="the Hugo export's public/ folder, indexed by Pagefind")
    parser.add_argument("--query", action="append", help="instead of the fixed queries (repeatable)")
    parser.add_argument("--all-years", action="store_true", help="ours: then ask for every earlier year too")
    args = parser.parse_args(argv)
    queries = tuple(args.query or QUERIES)
    for cost in measure(args.site, queries, all_years=args.all_years):
        print("ours ", line(cost))
    if args.peer:
        for cost in measure(args.peer, queries, peer=True):
            print("peer ", line(cost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
