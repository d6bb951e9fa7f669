"""Import every test pack with the README's one command and score it against its gold: one table.

    python bench/importing/run.py --out DIR [--seeds DIR] [--layouts all|none|a,b] [--bench-seeds 1,2]
                                  [--extracts all|x,y,z,w] [--noise RATE] [--importer CHECKOUT] [--only NAME]

Packs: the four seeds (../shared/seeds/, annotated in tests/fixtures/import/gold/) and generated PDF packs
(packs.py): the sample meeting in every layout, and `--packs` meetings of a bench corpus per `--bench-seeds` in
every layout. `--extracts` adds the same meetings as text extracts in the seeds' style, with the debris of real
extracts at `--noise` (extract.py, noise.py). Each is imported into a fresh minimal content folder (site.yaml and
the boards, names only) with `python build.py import <pack> <its arguments> --content <folder>`, then scored
(score.py). A pack whose import fails or crashes scores what it wrote (usually nothing: 0%) and its error is shown.
`--importer` runs another checkout's build.py (and its .venv, when it has one) on the same packs: the harness and the
scorer stay this branch's.

Honest reporting: the importer is tuned on the seeds and on the sample rendered in layouts a and b ("tuning");
everything else (the sample in layouts c and d, bench corpora in any layout, every text extract) is "held out".
Tune on the first set, report on the second.
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

from bench.importing.debris import leftovers
from bench.importing.extract import style_keys, write_extracts
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
    parser.add_argument("--layouts", default="all", help="PDF layouts: all, none, or letters (a,b,c,d)")
    parser.add_argument("--bench-seeds", default="1", help="bench corpora to render, comma-separated ('' for none)")
    parser.add_argument("--packs", type=int, default=2, help="meetings per bench corpus (default 2)")
    parser.add_argument("--only", action="append", help="run only packs whose name contains this")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--text", action="store_true",
                        help="also import each PDF pack's text extract (pdftotext -layout, when installed): the "
                             "kind of extract clerks make today, with the pack's running heads and page numbers")
    parser.add_argument("--extracts", default="", metavar="STYLES",
                        help="also render every meeting as text extracts in these styles (all, or x,y,z,w): held out")
    parser.add_argument("--noise", type=float, default=1.0, help="the extracts' debris rate (0 clean, 1 realistic)")
    parser.add_argument("--importer", type=Path, help="a checkout whose build.py imports (default: this one)")
    args = parser.parse_args(argv)
    layouts = {"all": ["a", "b", "c", "d"], "none": []}.get(args.layouts, args.layouts.split(","))
    try:
        styles = style_keys(args.extracts) if args.extracts else []
    except ValueError as exc:
        parser.error(str(exc))
    packs = seed_packs(args.seeds) + generated_packs(args.out / "packs", layouts, args.bench_seeds, args.packs)
    packs += extract_packs(args.out / "packs", styles, args.bench_seeds, args.packs, args.noise)
    if args.text:
        packs += text_packs([p for p in packs if p["source"].suffix == ".pdf"])
    if args.only:
        packs = [p for p in packs if any(o in p["name"] for o in args.only)]
    command = importer_command(args.importer)
    results = [run_one(p, args.out / "imports", args.timeout, command) for p in packs]
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
    if not layouts:
        return []
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


def extract_packs(folder: Path, styles: list[str], bench_seeds: str, per_corpus: int, rate: float) -> list[dict]:
    """The sample and the bench meetings as text extracts (extract.py): all held out."""
    if not styles:
        return []
    paths = write_extracts(folder, styles, "sample", 1, rate=rate)
    for seed in [int(s) for s in bench_seeds.split(",") if s.strip()]:
        paths += write_extracts(folder, styles, "bench", seed, per_corpus, rate=rate)
    out = []
    for path in paths:
        gold = path.with_suffix(".gold")
        spec = yaml.safe_load((gold / "import.yaml").read_text(encoding="utf-8"))
        out.append({"name": path.stem, "set": "held out", "source": path, "args": spec["args"],
                    "gold": gold / "content", "noise": path.with_suffix(".noise.json")})
    return out


def importer_command(checkout: Path | None) -> list[str]:
    """The interpreter and build.py that import: this checkout's, or another's (its .venv when it has one)."""
    if checkout is None:
        return [sys.executable, str(ROOT / "build.py")]
    checkout = checkout.resolve()
    python = checkout / ".venv" / "bin" / "python"
    return [str(python if python.exists() else sys.executable), str(checkout / "build.py")]


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


def run_one(pack: dict, work: Path, timeout: int, importer: list[str] | None = None) -> dict:
    content = minimal_content(pack["gold"], work / pack["name"] / "content")
    command = [*(importer or importer_command(None)), "import", str(pack["source"]), *pack["args"],
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
    debris = None
    if pack.get("noise"):  # a text extract: what of its debris and page furniture the import kept
        debris = dict(leftovers(json.loads(Path(pack["noise"]).read_text(encoding="utf-8")), pack["gold"], content))
    return {**pack, "status": status, "error": error, "report": report, "debris": debris,
            "seconds": round(time.perf_counter() - started, 1)}


def table(results: list[dict]) -> str:
    cats = [c for c in CATEGORIES if any(c in r["report"].tally() for r in results)]
    head = f"{'pack':<46} {'set':<8} {'all':>5} {'debr':>4} " + " ".join(f"{SHORT[c]:>4}" for c in cats)
    lines = [head, "-" * len(head)]
    for r in results:
        rep = r["report"]
        cells = " ".join(_pct(rep.percent_of(c)) for c in cats)
        left = f"{sum(r['debris'].values()):>4}" if r.get("debris") is not None else f"{'-':>4}"
        lines.append(f"{r['name'][:46]:<46} {r['set']:<8} {rep.percent if rep.total else 0:>5.1f} {left} {cells}")
        if r["error"]:
            lines.append(f"{'':<4}error (exit {r['status']}): {r['error'][:150]}")
    for name in ("tuning", "held out"):
        group = [r for r in results if r["set"] == name]
        if group:
            total = Report(fields=[f for r in group for f in r["report"].fields])
            cells = " ".join(_pct(total.percent_of(c)) for c in cats)
            left = [sum(r["debris"].values()) for r in group if r.get("debris") is not None]
            lines.append(f"{'ALL ' + name:<46} {len(group):<8} {total.percent:>5.1f} "
                         f"{sum(left) if left else '-':>4} {cells}")
    lines.append("columns: % right per category (" + ", ".join(f"{SHORT[c]} {c}" for c in cats) + "); '-' none; "
                 "debr: spots of debris and page furniture a text extract's import left (debris.py)")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return f"{value:>4.0f}" if value is not None else f"{'-':>4}"


def _json(r: dict) -> dict:
    return {"name": r["name"], "set": r["set"], "status": r["status"], "error": r["error"], "seconds": r["seconds"],
            "debris": r.get("debris"),
            "source": str(r["source"]), "score": r["report"].to_json()}


if __name__ == "__main__":
    sys.exit(main())
