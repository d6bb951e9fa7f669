"""The printed results: one table per corpus size, with ratios and the targets from bench/README.md."""

import platform
import statistics

import measure
import searchcost

# (key, label, peer label, target): a ratio target is a float, an absolute one a string with its unit, None
# none set. A peer label None: no comparable peer (the peer column shows "-").
ROWS = (
    ("a", "(a) cold build, HTML only", "hugo", 1.0),
    ("b", "(b) cold build with search", "hugo+pagefind", 0.5),
    ("c", "(c) no-change rebuild", "hugo", 0.05),
    ("d", "(d) one item edited, rebuild", "hugo", "2 s"),
)
SERVE_ROWS = (  # after (e), which is not a timing
    ("f", "(f) one edit under serve: page", None, None),
    ("f_search", "(f) same edit: search bundle", None, None),
)
SERVE_NOTE = ("(f) has no peer: `hugo server` renders into memory and is not comparable with our static output; "
              "Hugo's nearest figure is (d).")
TARGET_SIZE = 10_000  # the time targets are set at 10k items
RSS_TARGET_SIZE, RSS_TARGET_MB = 100_000, 4096
# (g) a search from a fresh page: {items: (bytes, requests)} at most (None: no target on requests)
SEARCH_TARGETS = {10_000: (300_000, 40), 100_000: (500_000, None)}
# (h) the site: apparent size (du --apparent-size) and files, at 10k items
SITE_TARGET = (10_000, 350_000_000, 60_000)
READER_NOTE = ("(g) Debian chromium, fresh context, served by http.server (no compression): every response from "
               "/search/ to the results; (h) du --apparent-size (files + directories), and the files' own bytes.")


def versions(args) -> str:
    lines = [f"machine: {platform.machine()}, python {platform.python_version()}"]
    if not args.ours_only:
        hugo = measure.hugo_binary()
        lines.append(f"peer: {measure.version([hugo, 'version']) if hugo else 'hugo not found'}; "
                     f"{measure.version([*measure.pagefind_command(), '--version'])}")
    if not args.peer_only:
        lines.append(f"ours: {args.python} build.py")
    return "\n".join(lines)


def _cell(s: measure.Sample | None) -> str:
    return "n/a" if s is None else f"{s.wall:7.2f} s (cpu {s.cpu:6.1f})"


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "MISSED")


def table(size: int, runs: int, ours: dict, peer: dict) -> str:
    out = [f"\n== {size} items, {runs} runs, medians: wall seconds (user+system cpu seconds) ==",
           f"{'scenario':33} {'ours':24} {'peer':38} {'ours/peer':>9}  target"]
    errors: list[str] = []
    out += [_row(size, row, ours, peer, errors) for row in ROWS]
    out.append(_rss_row(size, ours, peer))
    if "pagefind" in peer:
        cell = _cell(measure.median(peer["pagefind"]))
        out.append(f"{'    of which pagefind':33} {'':24} {'pagefind':14} {cell}")
    out += [_row(size, row, ours, peer, errors) for row in SERVE_ROWS if ours]
    if ours:
        out.append(SERVE_NOTE)
    reader = search_rows(size, ours, peer, errors) + site_rows(size, ours, peer)
    if reader:
        out += [*reader, READER_NOTE]
    return "\n".join(out + errors)


def _median_cost(samples: list) -> tuple[int, int] | None:
    good = [c for c in samples if c.ok]
    if not good:
        return None
    return int(statistics.median(c.bytes for c in good)), int(statistics.median(c.requests for c in good))


def _cost_cell(found: tuple[int, int] | None) -> str:
    return "n/a" if found is None else f"{found[0] / 1000:7.0f} KB, {found[1]:4} req"


def search_rows(size: int, ours: dict, peer: dict, errors: list[str]) -> list[str]:
    """(g): one row per fixed query, medians of the runs (the bytes and requests do not vary between runs of the
    same site); the target where one is set for this size."""
    rows = []
    target = SEARCH_TARGETS.get(size)
    for query in searchcost.QUERIES:
        key = f"g:{query}"
        if key not in ours and key not in peer:
            continue
        o, p = _median_cost(ours.get(key, [])), _median_cost(peer.get(key, []))
        goal, ok = "none set", None
        if target:
            goal = f"<= {target[0] // 1000} KB" + (f", {target[1]} req" if target[1] else "")
            ok = None if o is None else o[0] <= target[0] and (target[1] is None or o[1] <= target[1])
        label = f"(g) search {query!r}"
        peer_cell = f"{'pagefind ui':14} {_cost_cell(p)}" if peer else ""
        rows.append(f"{label:33} {_cost_cell(o) if ours else '':24} {peer_cell:38} {'':9}  {goal:9} {_verdict(ok)}")
        for side, samples in (("ours", ours.get(key, [])), ("peer", peer.get(key, []))):
            if samples and not any(c.ok for c in samples):
                errors.append(f"{label} ({side}) failed:\n  {samples[0].error}")
    return rows


def _site_cell(found) -> str:
    return f"{found.du_bytes / 1e6:6.0f} MB, {found.files:6,} files"


def site_rows(size: int, ours: dict, peer: dict) -> list[str]:
    """(h): apparent size and files of the site (the same every run: the last is shown), and the files' bytes."""
    o, p = (ours.get("h") or [None])[-1], (peer.get("h") or [None])[-1]
    if o is None and p is None:
        return []
    goal, ok = "none set", None
    if size == SITE_TARGET[0]:
        goal = f"<= {SITE_TARGET[1] // 1_000_000} MB, {SITE_TARGET[2]:,}"
        ok = None if o is None else o.du_bytes <= SITE_TARGET[1] and o.files <= SITE_TARGET[2]
    ours_cell = _site_cell(o) if o else ("n/a" if ours else "")
    peer_cell = f"{'hugo public/':14} {_site_cell(p)}" if p else ""
    rows = [f"{'(h) site: apparent size, files':33} {ours_cell:24} {peer_cell:38} {'':9}  {goal:9} {_verdict(ok)}"]
    files_o = f"{o.bytes / 1e6:6.0f} MB" if o else ""
    files_p = f"{'':14} {p.bytes / 1e6:6.0f} MB" if p else ""
    rows.append(f"{'    of which the files themselves':33} {files_o:24} {files_p:38}")
    return rows


def _row(size: int, row: tuple, ours: dict, peer: dict, errors: list[str]) -> str:
    key, label, peer_label, target = row
    o, p = measure.median(ours.get(key, [])), measure.median(peer.get(key, []))
    ratio = o.wall / p.wall if o and p and p.wall else None
    if target is None:
        goal, ok = "none set", None
    elif isinstance(target, float):
        goal = f"<= {target}x"
        ok = None if ratio is None or size != TARGET_SIZE else ratio <= target
    else:
        goal = f"<= {target}"
        ok = None if o is None or size != TARGET_SIZE else o.wall <= float(target.split()[0])
    # A side that ran shows n/a for a scenario that failed or could not run (c and d need b).
    if peer_label is None:
        peer_cell, ratio_cell = ("-", "-") if peer else ("", "")
    else:
        peer_cell = f"{peer_label:14} {_cell(p)}" if peer else ""
        ratio_cell = f"{ratio:8.3f}x" if ratio is not None else ("n/a" if peer and ours else "")
    for side, samples in (("ours", ours.get(key, [])), ("peer", peer.get(key, []))):
        if samples and measure.median(samples) is None:
            tail = measure.first_error(samples).replace("\n", "\n  ")
            errors.append(f"{label} ({side}) failed:\n  {tail}")
    return f"{label:33} {_cell(o) if ours else '':24} {peer_cell:38} {ratio_cell:>9}  {goal:9} {_verdict(ok)}"


def _rss_row(size: int, ours: dict, peer: dict) -> str:
    o = measure.median(ours.get("b", []))
    hugo, pagefind = measure.median(peer.get("a", [])), measure.median(peer.get("pagefind", []))
    ours_cell = "n/a" if o is None else f"{o.rss_mb:8.0f} MB"
    parts = [f"{name} {s.rss_mb:.0f} MB" for name, s in (("hugo", hugo), ("pagefind", pagefind)) if s]
    peer_cell = ", ".join(parts) if peer else ""
    ok = None if o is None or size != RSS_TARGET_SIZE else o.rss_mb <= RSS_TARGET_MB
    ours_part = ours_cell if ours else ""
    return (f"{'(e) peak RSS, full build':33} {ours_part:24} {peer_cell:38} {'':9}  "
            f"{'<= 4 GB':9} {_verdict(ok)}{'' if size == RSS_TARGET_SIZE else ' (target at 100k)'}")
