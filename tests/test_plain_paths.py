"""The guard on what we reimplement for speed: render/fastjinja (Jinja's internals), markdown/fastmd and markdown's
one-line path (markdown-it's output). BOARDPAPERS_PLAIN=1 builds with plain Jinja and markdown-it-py alone; the
sample site and a generated corpus must come out byte for byte the same both ways, so a fast path cannot drift
from the library it stands for (the golden site was made with the fast paths on, so it cannot catch that by
itself)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import jinja2
from conftest import ROOT

from boardpapers.core.fastpaths import PLAIN_ENV, plain
from boardpapers.markdown import convert
from boardpapers.render.fastjinja import FastEnvironment
from boardpapers.render.jinja import make_env

sys.path.insert(0, str(ROOT / "bench"))
import generate

NOW = "2026-01-01T09:00"


def build(content: Path, out: Path, plain_paths: bool) -> Path:
    env = {**os.environ, PLAIN_ENV: "1" if plain_paths else ""}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out),
                           "--no-search", "--no-cache", "--now", NOW], env=env, capture_output=True, text=True,
                          timeout=1200)
    assert done.returncode == 0, done.stderr
    return out


def differing(a: Path, b: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    filecmp.clear_cache()
    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return found


def files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file())


def test_the_switch_turns_every_fast_path_off(monkeypatch, tmp_path):
    monkeypatch.setenv(PLAIN_ENV, "1")
    assert plain("jinja") and plain("markdown")
    assert not isinstance(make_env(ROOT / "layouts"), FastEnvironment)
    assert isinstance(make_env(ROOT / "layouts"), jinja2.Environment)
    monkeypatch.setattr(convert, "render_body", lambda *args: (_ for _ in ()).throw(AssertionError("fastmd")))
    assert convert.render("## A heading\n\nA paragraph.", anchors=True)[0].startswith('<h2 id="a-heading">')
    assert convert.render("Plain words.")[0] == "<p>Plain words.</p>\n"
    monkeypatch.setenv(PLAIN_ENV, "jinja,other")
    assert plain("jinja") and not plain("markdown")
    monkeypatch.setenv(PLAIN_ENV, "")
    assert isinstance(make_env(ROOT / "layouts"), FastEnvironment) and not plain("markdown")


def test_the_sample_site_is_the_same_bytes_without_the_fast_paths(tmp_path):
    fast = build(ROOT / "content", tmp_path / "fast", plain_paths=False)
    slow = build(ROOT / "content", tmp_path / "plain", plain_paths=True)
    assert files(fast) > 200 and differing(fast, slow) == []


def test_a_generated_corpus_is_the_same_bytes_without_the_fast_paths(tmp_path):
    content = tmp_path / "corpus"
    generate.generate(300, content)
    fast = build(content, tmp_path / "fast", plain_paths=False)
    slow = build(content, tmp_path / "plain", plain_paths=True)
    assert files(fast) > 1000 and differing(fast, slow) == []
