"""Permanent URLs: built from ids only (never titles), always under the site's base path."""

from __future__ import annotations

from urllib.parse import urljoin


def path_for(kind: str, ident: str, item_of: dict | None = None) -> str:
    """The URL path relative to the site root (no leading slash); '' for the home page."""
    if kind == "meeting":
        return f"meetings/{ident}/"
    if kind == "item":
        meeting_id, number = ident.rsplit("/", 1)
        return f"meetings/{meeting_id}/{number}/"
    if kind in ("decision", "update"):
        return path_for("item", item_of[ident]) + f"#{ident}"
    if kind == "action":
        return f"actions/{ident}/"
    if kind == "person":
        return f"people/{ident}/"
    if kind == "board":
        return f"boards/{ident}/"
    if kind == "paper":
        return f"papers/{ident}/"
    if kind == "topic":
        return f"topics/{ident}/"
    raise ValueError(f"no URL for {kind}")


class Urls:
    """Turns site-relative paths into the URLs pages use (root-relative, under base_url's path) and the absolute
    URLs feeds, calendars and sitemaps need."""

    def __init__(self, base_url: str, base_path: str):
        self.base_url, self.base_path = base_url, base_path

    def rel(self, path: str) -> str:
        return self.base_path + path.lstrip("/")

    def abs(self, path: str) -> str:
        if self.base_url.startswith(("http://", "https://")):
            return urljoin(self.base_url, path.lstrip("/"))
        return self.rel(path)
