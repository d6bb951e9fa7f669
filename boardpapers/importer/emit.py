"""Front matter written the way a clerk would write it (plain values, `|` blocks for paragraphs, lists of
`- key: value` entries, comments where a value needs checking), and proved to read back as written.

Every scalar is tried plain and kept plain only if the strict loader (`yamlread.load`) reads it back unchanged;
otherwise it is double-quoted (a JSON string is a valid YAML double-quoted scalar). So `11:05`, `no`, `2014`,
`Item 7: x` or `#3` can never change meaning, and the whole document is checked again before it is returned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from boardpapers.content import yamlread
from boardpapers.content.read import split_front_matter

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


class EmitError(ValueError):
    pass


def _clean(text: str) -> str:
    return CONTROL_RE.sub(" ", text.replace("\t", "    "))


def _is_block(value) -> bool:
    return isinstance(value, str) and "\n" in _clean(value).strip()


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()
    text = _clean(str(value))
    if text and text == text.strip() and "\n" not in text:
        try:
            if yamlread.load(f"k: {text}\n") == {"k": text}:
                return text
        except yamlread.YamlProblem:
            pass
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list) -> str | None:
    parts = [scalar(v) for v in items]
    flow = "[" + ", ".join(parts) + "]"
    if len(flow) > 100 or any(p.startswith('"') for p in parts):
        return None
    try:
        if yamlread.load(f"k: {flow}\n") == {"k": [_plain_value(v) for v in items]}:
            return flow
    except yamlread.YamlProblem:
        pass
    return None


def _plain_value(value):
    return _clean(value) if isinstance(value, str) else value


def _block_lines(text: str) -> list[str]:
    """A multi-line value as a `|` block holds it: no trailing spaces, no blank lines before or after."""
    lines = [line.rstrip() for line in _clean(text).split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _block(text: str, pad: str) -> list[str]:
    lines = _block_lines(text)
    indicator = "|2" if lines and lines[0].startswith(" ") else "|"
    return [indicator] + [f"{pad}{line}" if line else "" for line in lines]


def pair(key: str, value, indent: int) -> list[str]:
    pad = " " * indent
    if key.startswith("#"):
        return [f"{pad}# {line}" for line in str(value).split("\n")]
    if value is None or value == "" or value == [] or value == {}:
        return []
    if _is_block(value):
        head, *rest = _block(value, pad + "  ")
        return [f"{pad}{key}: {head}", *rest]
    if isinstance(value, dict):
        return [f"{pad}{key}:", *mapping(value, indent + 2)]
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            flow = _flow(value)
            if flow:
                return [f"{pad}{key}: {flow}"]
            return [f"{pad}{key}:", *(line for v in value for line in _entry(v, indent + 2))]
        out = [f"{pad}{key}:"]
        for entry in value:
            if isinstance(entry, dict):
                body = mapping(entry, indent + 4)
                if not any(not line.lstrip().startswith("#") for line in body):
                    out.append(f"{pad}  - {{}}")
                    continue
                first = next(i for i, line in enumerate(body) if not line.lstrip().startswith("#"))
                body[first] = f"{pad}  - {body[first].lstrip()}"
                out.extend(body[first:] + body[:first])  # a comment goes after the entry's first line
            else:
                out.extend(_entry(entry, indent + 2))
        return out
    return [f"{pad}{key}: {scalar(value)}"]


def _entry(value, indent: int) -> list[str]:
    pad = " " * indent
    if _is_block(value):
        head, *rest = _block(value, pad + "  ")
        return [f"{pad}- {head}", *rest]
    return [f"{pad}- {scalar(value)}"]


def mapping(fields: dict, indent: int = 0) -> list[str]:
    out = []
    for key, value in fields.items():
        out.extend(pair(key, value, indent))
    return out


def document(fields: dict, body: str = "", header: str = "") -> str:
    """A whole content file: front matter (with `header` as a leading comment) and the markdown body."""
    lines = ["---"]
    if header:
        lines += [f"# {line}" for line in header.split("\n")]
    front = mapping(fields)
    lines += front
    lines.append("---")
    text = "\n".join(lines) + "\n"
    if body.strip():
        text += body.strip("\n") + "\n"
    check(front, fields)
    return text


def check(front: list[str], fields: dict) -> None:
    """Read the front matter back strictly; any difference from what was meant is a bug, not a draft."""
    try:
        loaded = yamlread.load("\n".join(front) + "\n")
    except yamlread.YamlProblem as problem:
        raise EmitError(f"emitted YAML does not load: {problem.message} (line {problem.line})") from None
    expected = _expected(fields)
    if loaded != expected:
        raise EmitError(f"emitted YAML reads back differently:\n{loaded!r}\n!=\n{expected!r}")


def _expected(value):
    if isinstance(value, dict):
        return {k: _expected(v) for k, v in value.items()
                if not k.startswith("#") and not (v is None or v == "" or v == [] or v == {})}
    if isinstance(value, list):
        return [_expected(v) for v in value]
    if isinstance(value, str):
        cleaned = _clean(value)
        if _is_block(value):
            return "\n".join(_block_lines(value)) + "\n"
        return cleaned
    return value


def read_front(path: Path) -> tuple[dict | None, str]:
    """An existing content file -> (front matter, body); (None, "") when it cannot be read as one."""
    try:
        split = split_front_matter(path.read_text(encoding="utf-8-sig"))
        meta = yamlread.load(split[0]) if split else None
    except (OSError, UnicodeDecodeError, yamlread.YamlProblem):
        return None, ""
    return (meta, split[1]) if isinstance(meta, dict) else (None, "")


def read_yaml(path: Path) -> dict:
    """A YAML file (site.yaml) as a mapping; {} when it is missing or cannot be read."""
    try:
        loaded = yamlread.load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yamlread.YamlProblem):
        return {}
    return loaded if isinstance(loaded, dict) else {}
