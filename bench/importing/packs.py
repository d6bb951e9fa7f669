"""Round-trip test packs: render our own content into agenda-pack PDFs, each with the gold content it shows.

    python bench/importing/packs.py --out DIR [--layouts all|a,b,c,d] [--source sample|bench] [--seed N]
                                    [--packs N]

writes `DIR/<pack>.pdf`, `DIR/<pack>.gold/content/...` (the annotation, in our content format: the scorer's
--gold) and `DIR/<pack>.gold/import.yaml` (the import command's arguments and the boards to start from).
`--source sample` renders the sample content/ (the joint
meeting of 2 November 2012, which has the previous meeting's note and an action monitor schedule); `--source
bench` generates a small corpus with bench/generate.py (`--seed`) and renders `--packs` of its meetings. A test
dependency only: reportlab (BSD), the PDF library used to write the packs; the importer never uses it.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import yaml

from bench.importing.content import as_list, read_content, text
from bench.importing.layouts import LAYOUTS
from bench.importing.packmodel import Pack, build, candidates

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render test agenda packs (PDF) with their gold content.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layouts", default="all", help="all, or letters: a,b,c,d")
    parser.add_argument("--source", choices=["sample", "bench"], default="sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--packs", type=int, default=2, help="bench: how many meetings to render (default 2)")
    parser.add_argument("--items", type=int, default=300, help="bench: corpus size to generate (default 300)")
    args = parser.parse_args(argv)
    keys = sorted(LAYOUTS) if args.layouts == "all" else [k.strip() for k in args.layouts.split(",")]
    unknown = [k for k in keys if k not in LAYOUTS]
    if unknown:
        parser.error(f"unknown layout(s) {', '.join(unknown)}: choose from {', '.join(sorted(LAYOUTS))}")
    for path in write_packs(args.out, keys, args.source, args.seed, args.packs, args.items):
        print(f"wrote {path}")
    return 0


def write_packs(out: Path, layouts: list[str], source: str, seed: int, packs: int = 2, items: int = 300) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root, content, chosen = source_meetings(Path(tmp), source, seed, packs, items)
        written = []
        for mid in chosen:
            for key in layouts:
                rng = random.Random(f"{seed}-{mid}-{key}")
                pack = build(content, mid, rng)
                name = pack_name(source, seed, mid, key)
                layout = LAYOUTS[key](pack, rng)
                pdf = out / f"{name}.pdf"
                layout.build(pdf)
                write_gold(pack, root, out / f"{name}.gold", layout)
                written.append(pdf)
    return written


def source_meetings(tmp: Path, source: str, seed: int, packs: int = 2, items: int = 300):
    """(content root, its Content, the meeting ids to render): the sample's joint meeting, or `packs` meetings of
    a bench corpus generated into `tmp` (those with an exempt item or declarations first)."""
    if source == "sample":
        root = ROOT / "content"
        return root, read_content(root), ["2012-11-02-iib"]
    root = tmp / f"corpus-{seed}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--items", str(items), "--out",
                    str(root), "--seed", str(seed)], check=True, capture_output=True)
    content = read_content(root)
    pool = [m for m in candidates(content) if _rich(content, m)] or candidates(content)
    return root, content, sorted(random.Random(seed).sample(pool, min(packs, len(pool))))


def pack_name(source: str, seed: int, mid: str, key: str) -> str:
    return f"sample-{mid}-{key}" if source == "sample" else f"bench{seed}-{_short(mid)}-{key}"


def _short(mid: str) -> str:
    """2011-12-15-environment-economy-housing-and-transport-board -> 2011-12-15-eehatb"""
    date, board = mid[:10], mid[11:]
    return f"{date}-{''.join(w[0] for w in board.split('-') if w)}"


def _rich(content, mid: str) -> bool:
    """Bench meetings with an exempt item or declarations make better packs."""
    m = content.meetings[mid]
    return any(i.get("exempt") for i in m.items) or bool(m.meta.get("declarations"))


def write_gold(pack: Pack, source_root: Path, folder: Path, layout, suffix: str = ".pdf") -> None:
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    for sub in ("boards", "people", "meetings"):
        (content / sub).mkdir(parents=True)
    site = source_root / "site.yaml"
    (content / "site.yaml").write_text(site.read_text(encoding="utf-8") if site.exists() else "title: Board papers\n",
                                       encoding="utf-8")
    host = pack.meeting["boards"][0]
    for bid, name in pack.board_names.items():
        meta = {"name": name}
        if bid == host and pack.membership:
            meta["membership"] = {pack.year: pack.membership}
        _write(content / "boards" / f"{bid}.md", meta)
    meeting = {k: v for k, v in pack.meeting.items() if k not in layout.unprinted}
    _write_meeting(content / "meetings" / pack.meeting_id, meeting, [layout.gold_item(i) for i in pack.items])
    if pack.prev_id:
        _write_meeting(content / "meetings" / pack.prev_id, pack.prev, pack.prev_items)
    for pid, person in pack.people.items():
        _write(content / "people" / f"{pid}.md", layout.gold_person(pid, person))
    manifest = {"source": f"{folder.name[:-5]}{suffix}", "layout": f"{layout.key} ({layout.title})",
                "args": ["--meeting", pack.meeting_id], "boards": {b: n for b, n in pack.board_names.items()}}
    (folder / "import.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")


def _write_meeting(folder: Path, meta: dict, items: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "index.md", {k: v for k, v in meta.items() if v not in (None, "", [], {})})
    for item in items:
        slug = re.sub(r"[^a-z0-9]+", "-", text(item["title"]).lower()).strip("-")[:40].strip("-") or "item"
        number = text(item["number"])
        name = f"{int(re.match(r'[0-9]+', number).group(0)):02d}{number.lstrip('0123456789')}-{slug}.md"
        _write(folder / name, {k: v for k, v in item.items() if not k.startswith("_")}, text(item.get("_body")))


def _write(path: Path, meta: dict, body: str = "") -> None:
    """Front matter as a person would write it: dates and times unquoted, so our own builder reads them too."""
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    dumped = re.sub(r"'(\d{4}-\d\d-\d\d(?:T\d\d:\d\d)?|\d{1,2}:\d\d(?:-\d{1,2}:\d\d)?)'", r"\1", dumped)
    path.write_text(f"---\n{dumped}---\n{body.strip()}\n" if body.strip() else f"---\n{dumped}---\n", encoding="utf-8")


__all__ = ["as_list", "main", "write_gold", "write_packs"]

if __name__ == "__main__":
    sys.exit(main())
