"""Import every test pack with the README's one command and score it against its gold: one table.

    python bench/importing/run.py --out DIR [--seeds DIR] [--layouts all] [--bench-seeds 1,2] [--only NAME]

Packs: the four seeds (../shared/seeds/, annotated in tests/fixtures/import/gold/) and generated PDF packs
(packs.py): the sample meeting in every layout, and `--packs` meetings of a bench corpus per `--bench-seeds` in
every layout. Each is imported into a fresh minimal content folder (site.yaml and the boards, names only) with
`python build.py import <pack> <its arguments> --content <folder>`, then scored (score.py). A pack whose import
fails or crashes scores what it wrote (usually nothing: 0%) and its error is shown.

Honest reporting: the importer is tuned on the seeds and on the sample rendered in layouts a and b ("tuning");
everything else (the sample in layouts c and d, bench corpora in any layout) is "held out". Tune on the first
set, report on the second.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import yaml

from bench.importing.packs import write_packs
from bench.importing.report import CATEGORIES, Report
from bench.importing.score import score

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "import" / "gold"
TUNING_LAYOUTS = {"a", "b"}
SHORT = {"meeting": "meet", "agenda": "agnd", "exempt": "exmp", "reports": "rprt", "purpose/summary": "purp",
         "recommendations": "recs", "contacts": "cont", "membership": "memb", "attendance": "attn",
         "minutes": "mins", "decisions": "decs", "actions": "actn", "updates": "upds", "declarations": "decl",
         "people": "peop", "papers": "papr"}


def default_seeds() -> Path:
    for candidate in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "seeds"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import and score every test pack.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=default_seeds(), help="folder of the seed extracts")
    parser.add_argument("--layouts", default="all")
    parser.add_argument("--bench-seeds", default="1", help="bench corpora to render, comma-separated ('' for none)")
    parser.add_argument("--packs", type=int, default=2, help="meetings per bench corpus (default 2)")
    parser.add_argument("--only", action="append", help="run only packs whose name contains this")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--text", action="store_true",
                        help="also import each PDF pack's text extract (pdftotext -layout, when installed): the "
                             "kind of extract clerks make today, with the pack's running heads and page numbers")
    args = parser.parse_args(argv)
    layouts = ["a", "b", "c", "d"] if args.layouts == "all" else args.layouts.split(",")
    packs = seed_packs(args.seeds) + generated_packs(args.out / "packs", layouts, args.bench_seeds, args.packs)
    if args.text:
        packs += text_packs([p for p in packs if p["source"].suffix == ".pdf"])
    if args.only:
        packs = [p for p in packs if any(o in p["name"] for o in args.only)]
    results = [run_one(p, args.out / "imports", args.timeout) for p in packs]
    print(table(results))
    (args.out / "results.json").write_text(json.dumps([_json(r) for r in results], indent=1) + "\n")
    return 0


def seed_packs(seeds: Path) -> list[dict]:
    out = []
    for manifest in sorted(GOLD.glob("*/import.yaml")):
        spec = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        out.append({"name": f"seed-{manifest.parent.name}", "set": "tuning", "source": seeds / spec["source"],
                    "args": spec["args"], "gold": manifest.parent / "content"})
    return out


def generated_packs(folder: Path, layouts: list[str], bench_seeds: str, per_corpus: int) -> list[dict]:
    pdfs = write_packs(folder, layouts, "sample", 1)
    for seed in [int(s) for s in bench_seeds.split(",") if s.strip()]:
        pdfs += write_packs(folder, layouts, "bench", seed, per_corpus)
    out = []
    for pdf in pdfs:
        gold = pdf.with_suffix(".gold")
        spec = yaml.safe_load((gold / "import.yaml").read_text(encoding="utf-8"))
        layout = spec["layout"][0]
        tuning = pdf.name.startswith("sample") and layout in TUNING_LAYOUTS
        out.append({"name": pdf.stem, "set": "tuning" if tuning else "held out", "source": pdf,
                    "args": spec["args"], "gold": gold / "content"})
    return out


def text_packs(pdf_packs: list[dict]) -> list[dict]:
    """The same packs as text: `pdftotext -layout` (poppler-utils; not a dependency: skipped when missing)."""
    tool = shutil.which("pdftotext")
    if not tool:
        print("note: pdftotext not installed: no text variants", file=sys.stderr)
        return []
    out = []
    for pack in pdf_packs:
        txt = pack["source"].with_suffix(".txt")
        subprocess.run([tool, "-layout", str(pack["source"]), str(txt)], check=True, capture_output=True)
        out.append({**pack, "name": pack["name"] + "-txt", "source": txt})
    return out


def minimal_content(gold: Path, into: Path) -> Path:
    """site.yaml and the boards the pack names (name and short name only), nothing else: what a clerk starts with."""
    if into.exists():
        shutil.rmtree(into)
    (into / "boards").mkdir(parents=True)
    shutil.copy(gold / "site.yaml", into / "site.yaml")
    for board in sorted((gold / "boards").glob("*.md")):
        meta = yaml.safe_load(board.read_text(encoding="utf-8").split("---")[1]) or {}
        keep = {k: meta[k] for k in ("name", "short_name") if k in meta}
        (into / "boards" / board.name).write_text(f"---\n{yaml.safe_dump(keep, sort_keys=False)}---\n",
                                                  encoding="utf-8")
    return into


def run_one(pack: dict, work: Path, timeout: int) -> dict:
    content = minimal_content(pack["gold"], work / pack["name"] / "content")
    command = [sys.executable, str(ROOT / "build.py"), "import", str(pack["source"]), *pack["args"],
               "--content", str(content)]
    started = time.perf_counter()
    error = ""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=work / pack["name"])
        status = done.returncode
        (work / pack["name"] / "import.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        if status not in (0, 1, 3) or "Traceback" in done.stderr:  # 1: written, with errors; 3: with warnings
            error = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or [f"exit {status}"]
            error = error[0]
    except subprocess.TimeoutExpired:
        status, error = -1, f"timed out after {timeout} s"
    except OSError as exc:
        status, error = -1, str(exc)
    try:
        report = score(pack["gold"], content)
    except Exception as exc:  # the scorer must not take the whole run down with one pack
        report, error = Report(), error or f"scorer failed: {exc!r}"
    return {**pack, "status": status, "error": error, "report": report,
            "seconds": round(time.perf_counter() - started, 1)}


def table(results: list[dict]) -> str:
    cats = [c for c in CATEGORIES if any(c in r["report"].tally() for r in results)]
    head = f"{'pack':<46} {'set':<8} {'all':>5} " + " ".join(f"{SHORT[c]:>4}" for c in cats)
    lines = [head, "-" * len(head)]
    for r in results:
        rep = r["report"]
        cells = " ".join(_pct(rep.percent_of(c)) for c in cats)
        lines.append(f"{r['name'][:46]:<46} {r['set']:<8} {rep.percent if rep.total else 0:>5.1f} {cells}")
        if r["error"]:
            lines.append(f"{'':<4}error (exit {r['status']}): {r['error'][:150]}")
    for name in ("tuning", "held out"):
        group = [r for r in results if r["set"] == name]
        if group:
            total = Report(fields=[f for r in group for f in r["report"].fields])
            cells = " ".join(_pct(total.percent_of(c)) for c in cats)
            lines.append(f"{'ALL ' + name:<46} {len(group):<8} {total.percent:>5.1f} {cells}")
    lines.append("columns: % right per category (" + ", ".join(f"{SHORT[c]} {c}" for c in cats) + "); '-' none")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return f"{value:>4.0f}" if value is not None else f"{'-':>4}"


def _json(r: dict) -> dict:
    return {"name": r["name"], "set": r["set"], "status": r["status"], "error": r["error"], "seconds": r["seconds"],
            "source": str(r["source"]), "score": r["report"].to_json()}


if __name__ == "__main__":
    sys.exit(main())
