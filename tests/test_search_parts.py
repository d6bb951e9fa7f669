"""How the search index is cut into parts (boardpapers/search/parts.py): spans of whole years from the oldest,
filled up to a number of pages, the undated pages with the newest span, stable as new papers arrive, and a
parts.json the search page can plan its loading from."""

from __future__ import annotations

import itertools
import json

from boardpapers.search.parts import holders, manifest, page_key, plan_parts


def pages_per_year(counts: dict[int, int], undated: int = 0) -> dict:
    """{path: (hash, key)}: `counts[year]` decisions that year, one a day from 1 March, and `undated` people."""
    pages = {}
    for year, n in counts.items():
        for i in range(n):
            day = f"{year}-{3 + i // 28:02d}-{1 + i % 28:02d}"
            pages[f"decisions/d-{year}-{i}/index.html"] = ("hash", f"decision:{day}")
    for i in range(undated):
        pages[f"people/p-{i}/index.html"] = ("hash", "person:")
    return pages


def test_page_key_is_type_and_date():
    page = (b'<main data-pagefind-body><div hidden><span data-pagefind-filter="type">item</span>'
            b'<span data-pagefind-sort="date">2015-12-29</span></div></main>')
    assert page_key(page) == "item:2015-12-29"
    person = b'<main data-pagefind-body><span data-pagefind-filter="type">person</span>' \
             b'<span data-pagefind-sort="date">0000-00-00</span></main>'
    assert page_key(person) == "person:"
    assert page_key(b"<main><p>a register page</p></main>") is None


def test_whole_years_are_grouped_from_the_oldest_and_undated_pages_join_the_newest():
    parts = plan_parts(pages_per_year({2005: 40, 2006: 40, 2007: 20, 2008: 50, 2009: 40}, undated=20), True, 100)
    assert list(parts) == ["2008-2009", "2005-2007"]  # newest first
    newest, oldest = parts["2008-2009"], parts["2005-2007"]
    assert (oldest.first, oldest.last) == ("2005-01-01", "2007-12-31")
    assert (newest.first, newest.last) == ("2008-01-01", "2009-12-31")
    assert len(oldest.paths) == 100 and len(newest.paths) == 90 + 20
    assert newest.types == {"decision", "person"} and oldest.types == {"decision"}


def test_a_year_without_papers_belongs_to_the_part_after_it():
    parts = plan_parts(pages_per_year({2005: 80, 2007: 80}), True, 100)
    assert [(p.name, p.first, p.last) for p in parts.values()] == [
        ("2007", "2006-01-01", "2007-12-31"), ("2005", "2005-01-01", "2005-12-31")]


def test_a_small_newest_span_joins_the_one_before_it():
    parts = plan_parts(pages_per_year({2005: 90, 2006: 70, 2007: 20}, undated=10), True, 100)
    assert [(name, len(p.paths)) for name, p in parts.items()] == [("2006-2007", 100), ("2005", 90)]


def test_a_large_year_is_cut_by_day_and_a_day_is_never_split():
    pages = pages_per_year({2015: 250})
    pages.update({f"items/{i}/index.html": ("hash", "item:2015-03-01") for i in range(30)})  # a busy day
    parts = plan_parts(pages, True, 100)
    assert sorted(parts) == ["2015.0", "2015.1", "2015.2"]
    assert sum(len(p.paths) for p in parts.values()) == 280
    cut = sorted(parts.values(), key=lambda p: p.first)
    assert cut[0].first == "2015-01-01" and cut[-1].last == "2015-12-31"
    busy = [p for p in parts.values() if any(path.startswith("items/") for path in p.paths)]
    assert len(busy) == 1 and all(path in busy[0].paths for path in pages if path.startswith("items/"))
    for earlier, later in itertools.pairwise(cut):  # contiguous, in date order
        assert earlier.last < later.first


def test_a_year_just_over_the_size_stays_whole():
    """A year's small remainder joins its last chunk (up to 1.5 x the size): 120 pages at 100 are one part, not
    100 and 20; 180 are two."""
    assert list(plan_parts(pages_per_year({2015: 120}), True, 100)) == ["2015"]
    two = plan_parts(pages_per_year({2015: 180}), True, 100)
    assert sorted(two) == ["2015.0", "2015.1"] and sorted(len(p.paths) for p in two.values()) == [80, 100]


def test_many_undated_pages_get_parts_of_their_own_opened_first():
    parts = plan_parts(pages_per_year({2005: 50, 2006: 50}, undated=250), True, 100)
    assert list(parts)[:3] == ["other.0", "other.1", "other.2"]
    assert list(parts)[3:] == ["2005-2006"]
    assert all(p.first == "" and p.types == {"person"} for name, p in parts.items() if name.startswith("other"))


def test_new_papers_change_only_the_newest_part():
    before = plan_parts(pages_per_year({2005: 60, 2006: 30, 2007: 70, 2008: 20}, undated=5), True, 100)
    after = plan_parts(pages_per_year({2005: 60, 2006: 30, 2007: 70, 2008: 25}, undated=5), True, 100)
    changed = [name for name in after if name not in before or after[name].paths != before[name].paths]
    assert changed == [next(iter(after))]
    again = plan_parts(dict(reversed(list(pages_per_year({2005: 60, 2008: 25}).items()))), True, 100)
    assert {n: p.paths for n, p in again.items()} == {
        n: p.paths for n, p in plan_parts(pages_per_year({2005: 60, 2008: 25}), True, 100).items()}


def test_one_index_is_one_part():
    pages = pages_per_year({2005: 60, 2006: 30}, undated=5)
    pages["decisions/index.html"] = ("hash", None)  # not indexed
    parts = plan_parts(pages, False, 10)
    assert list(parts) == [""] and len(parts[""].paths) == 95


def test_manifest_lists_parts_newest_first_with_what_the_page_needs():
    parts = plan_parts(pages_per_year({2005: 60, 2006: 60}, undated=5), True, 100)
    doc = json.loads(manifest(parts, 100))
    assert doc["version"] == 2 and doc["tier"] == 100
    assert doc["parts"] == [
        {"name": "2006", "bundle": "pagefind/2006/", "pages": 65, "from": "2006-01-01", "to": "2006-12-31",
         "types": ["decision", "person"]},
        {"name": "2005", "bundle": "pagefind/2005/", "pages": 60, "from": "2005-01-01", "to": "2005-12-31",
         "types": ["decision"]}]
    assert holders("decision:2005-06-01", doc["parts"]) == ["2005"]
    assert holders("person:", doc["parts"]) == ["2006"]


def test_a_fragment_url_is_read_from_its_first_bytes_or_else_the_whole_file(tmp_path):
    """search.stale.fragment_url reads a fragment's first bytes only; a URL that does not end within them (a long
    one, after incompressible text) is read from the whole file, and a file that is no fragment gives None."""
    import base64
    import gzip
    import os

    from boardpapers.search.stale import FRAGMENT_MARK, HEAD_BYTES, fragment_url

    def fragment(url: str, content: str) -> bytes:
        doc = json.dumps({"url": url, "content": content}, separators=(",", ":"))  # as Pagefind writes it
        return gzip.compress(FRAGMENT_MARK + doc.encode())

    short = tmp_path / "short.pf_fragment"
    short.write_bytes(fragment("/meetings/2015-04-06-board/2/", "Minutes. " * 500))
    assert fragment_url(short) == "/meetings/2015-04-06-board/2/"
    noise = base64.urlsafe_b64encode(os.urandom(1800)).decode()  # hardly compressible: a URL past HEAD_BYTES
    long_url = f"/papers/{noise}/"
    far = tmp_path / "far.pf_fragment"
    far.write_bytes(fragment(long_url[:2200] + "é/", "x"))
    assert len(far.read_bytes()) > HEAD_BYTES
    assert fragment_url(far) is None  # longer than what is decompressed of the start: not found, the safe side
    mid = tmp_path / "mid.pf_fragment"
    mid.write_bytes(fragment(long_url[:1700] + "é/", "x"))
    assert len(mid.read_bytes()) > HEAD_BYTES
    assert fragment_url(mid) == long_url[:1700] + "é/"
    other = tmp_path / "other.pf_fragment"
    other.write_bytes(gzip.compress(b'pagefind_dcd{"content":"x","url":"/a/"}'))
    assert fragment_url(other) is None
    assert fragment_url(tmp_path / "missing.pf_fragment") is None
