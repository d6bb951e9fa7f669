"""The held-out text-extract packs (bench/importing/extract.py) and their noise layer (bench/importing/noise.py):
the same seed gives the same pack, the gold of a noisy pack is the clean model, every misread name can be
repaired from the pack itself, and each style prints what its gold asks for."""

from __future__ import annotations

import filecmp
import json
import random
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.importing.bystyle import style  # noqa: E402
from bench.importing.content import as_list, read_content, text  # noqa: E402
from bench.importing.debris import leftovers  # noqa: E402
from bench.importing.extract import STYLES, render, write_extracts  # noqa: E402
from bench.importing.noise import Noise, misspell  # noqa: E402
from bench.importing.run import extract_packs  # noqa: E402
from bench.importing.textsim import similarity  # noqa: E402

SAMPLE = "2012-11-02-iib"


@pytest.fixture(scope="module")
def sample():
    return read_content(ROOT / "content")


def flat(extract: str) -> str:
    """The extract as words: hyphenation at line ends undone, whitespace collapsed (for 'is it printed' checks)."""
    return " ".join(re.sub(r"-\n(?=[a-z])", "", extract).split())


def dirs_equal(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(dirs_equal(a / d, b / d) for d in cmp.common_dirs)


@pytest.mark.parametrize("key", sorted(STYLES))
def test_the_same_seed_gives_the_same_pack_and_another_seed_another(sample, key):
    one, two = render(sample, SAMPLE, key, 1), render(sample, SAMPLE, key, 1)
    assert one.extract == two.extract
    assert one.noise.log == two.noise.log and one.noise.log
    other = render(sample, SAMPLE, key, 2)
    assert other.extract != one.extract


def test_the_gold_of_a_noisy_pack_is_the_clean_model(tmp_path):
    clean = write_extracts(tmp_path / "clean", ["x", "y", "z"], "sample", 1, rate=0.0)
    noisy = write_extracts(tmp_path / "noisy", ["x", "y", "z"], "sample", 1, rate=2.0)
    for c, n in zip(clean, noisy, strict=True):
        assert c.name == n.name
        assert c.read_text() != n.read_text()
        assert dirs_equal(c.with_suffix(".gold"), n.with_suffix(".gold")), c.name
        assert json.loads(c.with_suffix(".noise.json").read_text())["debris"] == []
        record = json.loads(n.with_suffix(".noise.json").read_text())
        kinds = {entry["kind"] for entry in record["debris"]}
        assert record["furniture"]
        assert {"name", "doubled-word", "ocr-word", "misplaced-mark"} <= kinds, (c.name, kinds)
    # the gold is the one the PDF packs of the same meeting get: clean names, whole decisions
    gold = clean[0].with_suffix(".gold") / "content"
    assert "Glen Miller" in (gold / "people" / "glen-miller.md").read_text()
    assert "Document is Restricted" not in "".join(p.read_text() for p in gold.rglob("*.md"))


@pytest.mark.parametrize("key", sorted(STYLES))
def test_a_name_is_misread_only_where_its_clean_spelling_is_printed_too(sample, key):
    writer = render(sample, SAMPLE, key, 3, rate=3.0)
    names = [e for e in writer.noise.log if e["kind"] == "name"]
    assert names
    for entry in names:
        assert entry["printed"] != entry["clean"]
        assert entry["clean"] in writer.extract, entry
        assert similarity(entry["printed"], entry["clean"]) >= 0.8, entry


@pytest.mark.parametrize("key", sorted(STYLES))
def test_each_style_prints_what_its_gold_asks_for(sample, key):
    writer = render(sample, SAMPLE, key, 1, rate=0.0)
    words, pack = flat(writer.extract), writer.pack
    for item in pack.items:
        assert " ".join(text(item["title"]).split()) in words, item["title"]
    for entry in pack.membership:
        assert pack.name(entry["person"]) in words
        if entry.get("council"):
            assert entry["council"] in words
    bucket_people = [e["person"] if isinstance(e, dict) else e for b in pack.prev["attendance"].values()
                     for e in as_list(b)]
    for pid in bucket_people:
        assert pack.name(pid) in words, pid
    for item in pack.prev_items:
        for d in item.get("decisions", []):
            assert " ".join(text(d["text"]).split()) in words, d
        for a in item.get("actions", []):
            assert " ".join(text(a["text"]).rstrip(".").split()) in words, a
    for update in pack.item(pack.schedule_item)["updates"]:
        assert " ".join(update["progress"].split()) in words


def test_the_styles_look_like_the_seeds(sample):
    x, y, z = (render(sample, SAMPLE, k, 1).extract for k in ("x", "y", "z"))
    assert re.search(r"^<b>\w[\w ]+ \(\d+\)</b>\t$", x, re.M)  # '<b>Conservative (8)</b>' group rows
    assert re.search(r"\[(Chair|Vice-Chair|Deputy Chair)\]\t", x)
    assert "**Contact officer" in x and "### **Purpose of report**" in x
    assert re.search(r"^\| Title: \|", y, re.M) and "| Position | Councillor | Council / Representing |" in y
    assert ("\f" in z or "\n---\n" in z) and re.search(r"^Agenda Item \d", z, re.M)
    assert re.search(r"^(Page \d+|\d+|- \d+ -|Page \d+ of \d+)$", z, re.M)  # footers
    assert len({x, y, z}) == 3


def test_an_exempt_item_prints_its_reason_and_nothing_else(tmp_path):
    for seed in range(3, 13):  # a bench pack with an exempt item (seed 3 has one today)
        paths = write_extracts(tmp_path / str(seed), ["x", "z"], "bench", seed, packs=1, items=120)
        golds = [p.with_suffix(".gold") for p in paths]
        exempt = [f for f in golds[0].rglob("meetings/*/*.md") if "exempt:" in f.read_text()]
        if exempt:
            break
    else:
        pytest.fail("no bench pack with an exempt item in seeds 3-12")
    reason = re.search(r"exempt: '?(.+?)'?$", exempt[0].read_text(), re.M).group(1)
    x, z = (p.read_text() for p in paths)
    assert reason in x and reason in z
    assert "Document is Restricted" in z


def test_the_harness_holds_every_extract_out(tmp_path):
    packs = extract_packs(tmp_path, ["y"], "", 2, 1.0)
    assert [p["name"] for p in packs] == [f"sample-{SAMPLE}-ty"]
    assert all(p["set"] == "held out" and p["source"].suffix == ".txt" for p in packs)
    assert packs[0]["args"] == ["--meeting", SAMPLE] and (packs[0]["gold"] / "site.yaml").exists()


def test_noise_at_rate_zero_changes_nothing():
    noise = Noise("x", 0.0)
    line = "The Board agreed £6.72 for the the work; mail a.b@example.org."
    assert noise.prose(line) == line and noise.name("Glen Miller") == "Glen Miller"
    assert noise.title("Update on Transparency") == "Update on Transparency"
    assert not noise.logo() and not noise.dup_row("x") and not noise.misplace("Item 2") and not noise.cut("x")
    assert noise.log == []


def test_noise_damage_is_the_converters_and_stays_out_of_addresses():
    noise = Noise("money", 50.0)
    assert noise.money("costs £6.72 and £1,200") == "costs $\\pounds 6.72$ and $\\pounds 1,200$"
    assert noise.email("a.b@example.org") == '<a href="mailto:a.b@example.org">a.b@example.org</a>'
    for n in range(50):
        out = Noise(n, 50.0).prose("See [the guide](http://www.example.org/guidance) or mail x@example.org today.")
        assert "http://www.example.org/guidance" in out and "x@example.org" in out
    assert misspell("José Ortiz", random.Random(1)) == "Jose Ortiz"
    rng = random.Random(4)
    for name in ("Glen Miller", "Teresa O'Neill", "Tim Cheetham", "Rod Bluh"):
        assert misspell(name, rng) != name


def test_debris_left_counts_what_an_import_kept_and_nothing_the_gold_has(tmp_path):
    (path,) = write_extracts(tmp_path / "packs", ["x"], "sample", 1, rate=3.0)
    record = json.loads(path.with_suffix(".noise.json").read_text())
    gold = path.with_suffix(".gold") / "content"
    got = tmp_path / "got"
    shutil.copytree(gold, got)
    assert leftovers(record, gold, got) == {}  # a perfect import leaves nothing
    money = next(e["printed"] for e in record["debris"] if e["kind"] == "latex-money")
    head = next(line for line in record["furniture"] if line.startswith("**Item"))
    item = next(got.glob("meetings/2012-11-02-iib/02-*.md"))
    item.write_text(item.read_text() + f"\n{head}\n\nIt costs {money} a year.\n")
    assert leftovers(record, gold, got) == {"furniture": 1, "latex-money": 1}


@pytest.mark.parametrize(("name", "kind"), [
    ("seed-000-pack-2012-11-02", "seeds"), ("bench1-2011-12-15-eehatb-c", "pdf c"),
    ("sample-2012-11-02-iib-a-txt", "pdf a (pdftotext)"), ("bench3-2018-07-19-iaib-tz", "text z")])
def test_a_run_is_summed_by_the_style_in_each_pack_name(name, kind):
    assert style(name) == kind
