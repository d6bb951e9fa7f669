"""Files for hosts and crawlers: /sitemap.xml, /robots.txt and /.nojekyll.

The sitemap lists the absolute URL of every HTML page but the not-found page. Absolute URLs need an absolute
`base_url` in site.yaml; without one the entries are root-relative paths, which browsers and the link checker
follow but search engines ignore (the README says to set base_url before publishing).
"""

from __future__ import annotations

from html import escape as _html_escape

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NOT_LISTED = ("404.html",)


def escape(text: str) -> str:
    """&, < and > as entities, as xml.sax.saxutils.escape does (which imports urllib.request: 8 ms of every
    build's start-up): the same bytes."""
    return _html_escape(text, quote=False)


def page_url_path(output_path: str) -> str:
    """'meetings/x/index.html' -> 'meetings/x/'; 'index.html' -> ''; other files keep their name."""
    if output_path == "index.html":
        return ""
    return output_path[: -len("index.html")] if output_path.endswith("/index.html") else output_path


def listed(output_paths) -> list[str]:
    """The URL paths a sitemap lists: HTML pages only, sorted so the file is byte-stable."""
    return sorted(page_url_path(p) for p in set(output_paths) if p.endswith(".html") and p not in NOT_LISTED)


def sitemap_bytes(site, output_paths, alternates: dict | None = None) -> bytes:
    """`alternates`: {URL path: [(language, URL path)]} of the pages in more than one language (pages.translated),
    each listed with its versions as search engines ask (`xhtml:link rel="alternate" hreflang`)."""
    alternates = alternates or {}
    namespaces = f' xmlns:xhtml="{XHTML_NS}"' if alternates else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}"{namespaces}>']
    for path in listed(output_paths):
        versions = "".join(f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" '
                           f'href="{escape(site.abs_url(other))}"/>' for lang, other in alternates.get(path, ()))
        lines.append(f"  <url><loc>{escape(site.abs_url(path))}</loc>{versions}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_bytes(site) -> bytes:
    """Crawlers read robots.txt only at a host's root: under a sub-path this file is a template for the host's
    own, and the Sitemap line (an absolute URL) is the part to copy there."""
    base = site.config.base_path
    lines = ["User-agent: *", f"Allow: {base}", f"Disallow: {base}pagefind/"]
    if site.config.base_url.startswith(("http://", "https://")):
        lines += ["", f"Sitemap: {site.abs_url('sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def nojekyll_bytes(site) -> bytes:
    """GitHub Pages runs Jekyll unless this file exists, and Jekyll would drop folders starting with '_'."""
    return b""
