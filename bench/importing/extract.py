"""Held-out test packs as TEXT EXTRACTS: our own content rendered the way a PDF-to-text converter prints a real
agenda pack (the seeds' style), with the debris of real extracts, each with the gold content it shows.

    python bench/importing/extract.py --out DIR [--styles all|x,y,z,w] [--source sample|bench] [--seed N]
                                      [--packs N] [--noise RATE]

writes `DIR/<pack>-t<style>.txt`, its gold (`<pack>-t<style>.gold/content/...`, `import.yaml`: the same model as
the PDF packs of packs.py, so the same gold) and `<pack>-t<style>.noise.json` (`debris`: every spot the noise
damaged, what was printed and what it should read; `furniture`: the running heads, footers and item marks printed;
run.py counts what of both an import leaves in the content it writes: debris.py). Styles: x (markdown, like seed
000), y (markdown with pipe tables, like seeds 001 and 002), z (plain text with form feeds, running heads, footers
and hyphenation, Modern.gov-like), w (x, with the previous meeting's note as y prints it). `--noise 0` gives clean
extracts; 1 (the default) about the debris of the issue-14 pack; 2 twice as much.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.importing.extract_md import SeedPackWriter
from bench.importing.extract_pipe import MixedWriter, PipeWriter
from bench.importing.extract_plain import PlainWriter
from bench.importing.noise import Noise
from bench.importing.packmodel import build
from bench.importing.packs import pack_name, source_meetings, write_gold

STYLES = {cls.key: cls for cls in (SeedPackWriter, PipeWriter, PlainWriter, MixedWriter)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render text-extract test packs with their gold content.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--styles", default="all", help="all, or letters: x,y,z,w")
    parser.add_argument("--source", choices=["sample", "bench"], default="sample")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--packs", type=int, default=2, help="bench: how many meetings to render (default 2)")
    parser.add_argument("--items", type=int, default=300, help="bench: corpus size to generate (default 300)")
    parser.add_argument("--noise", type=float, default=1.0, help="debris rate: 0 clean, 1 realistic (default)")
    args = parser.parse_args(argv)
    try:
        keys = style_keys(args.styles)
    except ValueError as exc:
        parser.error(str(exc))
    for path in write_extracts(args.out, keys, args.source, args.seed, args.packs, args.items, args.noise):
        print(f"wrote {path}")
    return 0


def style_keys(spec: str) -> list[str]:
    keys = sorted(STYLES) if spec == "all" else [k.strip() for k in spec.split(",") if k.strip()]
    unknown = [k for k in keys if k not in STYLES]
    if unknown:
        raise ValueError(f"unknown style(s) {', '.join(unknown)}: choose from {', '.join(sorted(STYLES))}")
    return keys


def write_extracts(out: Path, styles: list[str], source: str, seed: int, packs: int = 2, items: int = 300,
                   rate: float = 1.0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        root, content, chosen = source_meetings(Path(tmp), source, seed, packs, items)
        for mid in chosen:
            for key in styles:
                name = pack_name(source, seed, mid, f"t{key}")
                path = out / f"{name}.txt"
                writer = render(content, mid, key, seed, rate)
                path.write_text(writer.extract, encoding="utf-8")
                write_gold(writer.pack, root, out / f"{name}.gold", writer, suffix=".txt")
                record = {"debris": writer.noise.log, "furniture": sorted(writer.doc.furniture)}
                (out / f"{name}.noise.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n",
                                                        encoding="utf-8")
                written.append(path)
    return written


def render(content, mid: str, key: str, seed: int, rate: float = 1.0):
    """The writer of one pack in one style, with its `extract` (the text) and `pack` (the gold model). The model is
    built as for the PDF packs; the style's choices and the noise have generators of their own."""
    pack = build(content, mid, random.Random(f"{seed}-{mid}-t{key}"))
    writer = STYLES[key](pack, random.Random(f"layout:{seed}-{mid}-{key}"), Noise(f"{seed}-{mid}-{key}", rate))
    writer.extract = writer.write()
    return writer


if __name__ == "__main__":
    sys.exit(main())
