"""The benchmark corpus generator (bench/generate.py) is deterministic and writes valid-looking content.

Run as a subprocess, like the harness and a person would: bench/ is scripts, not part of the package.
"""

import re
import subprocess
import sys
from pathlib import Path

GENERATE = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def generate(out: Path, fmt: str = "native") -> None:
    subprocess.run([sys.executable, str(GENERATE), "--items", "50", "--out", str(out), "--format", fmt],
                   check=True, capture_output=True)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return text[4:].split("\n---\n", 1)[0]


def test_same_seed_gives_byte_identical_output(tmp_path):
    generate(tmp_path / "one")
    generate(tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert one == two


def test_hugo_export_is_deterministic_too(tmp_path):
    generate(tmp_path / "one", "hugo")
    generate(tmp_path / "two", "hugo")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert (tmp_path / "one" / "hugo.toml").is_file()


def test_items_have_number_and_title_and_ids_match_the_pattern(tmp_path):
    root = tmp_path / "site"
    generate(root)
    assert (root / "site.yaml").is_file()
    items = [p for p in (root / "meetings").glob("*/*.md") if p.name != "index.md"]
    assert len(items) == 50
    for item in items:
        meta = front_matter(item)
        number = re.search(r"^number: \"?([0-9]+[a-z]?)\"?$", meta, re.M)
        assert number, item
        assert re.search(r"^title: \S", meta, re.M), item
        assert re.fullmatch(r"[0-9]{2}[a-z]?-[a-z0-9-]+\.md", item.name), item
        assert item.name.startswith(f"{int(re.match('[0-9]+', number[1])[0]):02d}"), item
    for meeting in (root / "meetings").iterdir():
        assert ID.match(meeting.name) and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-", meeting.name)
        board = re.search(r"^board: (\S+)$", front_matter(meeting / "index.md"), re.M)
        assert board is None or meeting.name.endswith(board[1])
    for folder in ("boards", "people"):
        for path in (root / folder).glob("*.md"):
            assert ID.match(path.stem), path
    # Derived and explicit decision/action ids, references and updates all use the id pattern too.
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        for ref in re.findall(r"\[\[([^\]|]+)", text):
            assert all(ID.match(part) for part in ref.removeprefix("topic:").split("/")), (path, ref)
        for action in re.findall(r"^\s*- action: (\S+)$", text, re.M):
            assert ID.match(action) and action, (path, action)
