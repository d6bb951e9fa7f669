"""(h) What a built site costs its host: bytes and files, in total and per family of pages.

Two sizes are reported, because hosts and `du` count differently:
- `bytes`: the sum of the files' sizes, what a host stores and serves (GitHub Pages' 1 GB guideline, Netlify
  and Cloudflare Pages count files and their bytes);
- `du_bytes`: `du --apparent-size` of the folder, which adds every directory's own size (4 KB each on ext4):
  a site of pretty URLs (`/decisions/<id>/index.html`) is one directory per page, so this is the figure the
  issue's first measurement (701 MB at 10k items) used, and the one a `du -sh --apparent-size` shows a clerk.

    python bench/footprint.py bench/out/site-10000 [bench/out/hugo-10000/public]
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Family of a file, by the first rule its path (relative to the site, with "/") matches. The filter words of the
# registers (pages/registers.py) come before the permanent pages, whose ids can never be those words.
FAMILIES = (
    ("search index", r"pagefind/.*"),
    ("open data", r"data/.*"),
    ("assets", r"assets/.*|[^/]+\.(css|js)"),
    ("meeting packs", r"meetings/[^/]+/pack/.*"),  # every item of a meeting again, on one page to read or print
    ("item pages", r"meetings/[^/]+/[^/]+/.*"),
    ("meeting pages", r"meetings/[^/]+/(index\.html|meeting\.ics)"),
    ("meetings register", r"meetings/.*"),
    ("decision filters", r"decisions/(board|year|verb|topic)/.*"),
    ("decisions register", r"decisions/(index\.html|[0-9]{4}/.*)"),
    ("decision pages", r"decisions/[^/]+/.*"),
    ("action filters", r"actions/(status|year|owner|board)/.*"),
    ("actions register", r"actions/(index\.html|[0-9]{4}/.*)"),
    ("action pages", r"actions/[^/]+/.*"),
    ("people", r"people/.*"),
    ("boards", r"boards/.*"),
    ("topics", r"topics/.*"),
    ("papers", r"papers/.*"),
    ("other", r".*"),
)
_RULES = [(name, re.compile(pattern)) for name, pattern in FAMILIES]


@dataclass
class Family:
    files: int = 0
    bytes: int = 0
    pages: int = 0  # HTML files


@dataclass
class Footprint:
    files: int = 0
    bytes: int = 0
    du_bytes: int = 0
    dirs: int = 0
    families: dict[str, Family] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def family_of(rel: str) -> str:
    return next(name for name, rule in _RULES if rule.fullmatch(rel))


def measure(site: Path) -> Footprint:
    """Walks `site` (symbolic links are counted as the links they are, not followed)."""
    found = Footprint(families={name: Family() for name, _ in FAMILIES})
    for folder, _dirs, files in os.walk(site):
        found.dirs += 1
        found.du_bytes += os.lstat(folder).st_size
        rel_folder = os.path.relpath(folder, site)
        for name in files:
            size = os.lstat(os.path.join(folder, name)).st_size
            rel = name if rel_folder == "." else f"{rel_folder}/{name}".replace(os.sep, "/")
            family = found.families[family_of(rel)]
            family.files += 1
            family.bytes += size
            family.pages += name.endswith(".html")
            found.files += 1
            found.bytes += size
            found.du_bytes += size
    found.families = {name: fam for name, fam in found.families.items() if fam.files}
    return found


def mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def table(found: Footprint, title: str = "") -> str:
    rows = [f"{title}: {found.files:,} files, {mb(found.bytes)} (du --apparent-size {mb(found.du_bytes)}, "
            f"{found.dirs:,} directories)",
            f"| {'family':20} | {'pages':>7} | {'files':>7} | {'bytes':>11} |",
            f"|{'-' * 22}|{'-' * 9}|{'-' * 9}|{'-' * 13}|"]
    for name, fam in sorted(found.families.items(), key=lambda kv: -kv[1].bytes):
        rows.append(f"| {name:20} | {fam.pages:7,} | {fam.files:7,} | {mb(fam.bytes):>11} |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    for path in argv or ["."]:
        print(table(measure(Path(path)), path), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
