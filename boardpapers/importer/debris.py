"""Debris inside lines that a PDF-to-text extract (or OCR) adds to the words: LaTeX money ("$\\pounds 6.72$"),
HTML links and line breaks, a word doubled across a line break ("the the"), and the organisation's logo read as
text ("Local Covernment Association"). Fixed in place, line by line, so every line keeps its number in the
source and a warning can point at it; where the fix is a guess, a warning says so."""

from __future__ import annotations

import difflib
import re

from .notes import Notes

LATEX_MONEY_RE = re.compile(r"\$\s*\\(?:pounds|textsterling|pound)\s*\{?\s*([\d.,]+)\s*\}?\s*(\\?[a-zA-Z%]*)\s*\$")
LATEX_OTHER_RE = re.compile(r"\$\s*([\d.,]+)\s*\\?%?\s*\$")
LATEX_PERCENT_RE = re.compile(r"\$\s*([\d.,]+)\s*\\%\s*\$")
ANCHOR_RE = re.compile(r"<a\s+[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I | re.S)
DOUBLED_RE = re.compile(r"\b([A-Za-z]{2,})\s+\1\b")
# doubled words that English does use ("had had", "that that")
DOUBLED_OK = {"had", "that", "is", "do", "bye", "can", "very", "far", "so"}


def fix_line(line: str, number: int, notes: Notes) -> str:
    """One line of the extract with its inline debris fixed (number: its line in the source, for warnings)."""
    # a bullet glyph the extract could not name ("(cid:127)"), or printed as a character: a markdown list item
    line = re.sub(r"^(\s*)(?:\(cid:\d+\)|[•●▪◦‣∙·])\s*\t?\s*", r"\1- ", line)
    line = re.sub(r"\(cid:\d+\)", "", line)
    if "$" in line:
        line = LATEX_MONEY_RE.sub(lambda m: "£" + m.group(1) + _unit(m.group(2)), line)
        line = LATEX_PERCENT_RE.sub(r"\1%", line)
        line = LATEX_OTHER_RE.sub(r"\1", line)
    if "<a " in line.lower():
        line = ANCHOR_RE.sub(_anchor, line)
    if "<" in line and "<p>" not in line:  # HTML emphasis -> markdown (a table row of <p> cells keeps its tags)
        line = re.sub(r"<b>\s*<i>(.*?)</i>\s*</b>", r"**\1**", line, flags=re.I)
        line = re.sub(r"</?(?:b|strong)>", "**", line, flags=re.I)
        line = re.sub(r"</?(?:i|em)>", "*", line, flags=re.I)
        line = re.sub(r"</?u>", "", line, flags=re.I).replace("****", "")
    if re.search(r"<br\s*/?>", line, re.I):
        line = re.sub(r"\s*<br\s*/?>\s*", " ", line, flags=re.I)
    doubled = [m for m in DOUBLED_RE.finditer(line) if m.group(1).lower() not in DOUBLED_OK
               and m.group(1)[0].islower()]
    for match in reversed(doubled):
        line = line[: match.start()] + match.group(1) + line[match.end():]
        notes.warn(number, "doubled-word", f"'{match.group(0)}' read as '{match.group(1)}': a word doubled "
                   "by the extract (check it is not meant)")
    return line


def _unit(text: str) -> str:
    text = text.lstrip("\\").lower()
    return {"m": "m", "million": " million", "k": "k", "bn": "bn", "billion": " billion"}.get(text, "")


def _anchor(match: re.Match) -> str:
    target, label = match.group(1).strip(), re.sub(r"<[^>]+>", "", match.group(2)).strip()
    if not re.match(r"^(https?://|mailto:)", target):
        return label
    if not label or label == target or label == target.removeprefix("mailto:"):
        return f"<{target.removeprefix('mailto:')}>"
    return f"[{label}]({target})"


def is_logo(line: str, organisation: str) -> bool:
    """The organisation's name alone on a line, as a logo is read (split, or with OCR errors): 'Local
    Covernment Association', 'Local Government', 'nment', 'Association'."""
    text = re.sub(r"[#*_<>/]|\bbr\b", " ", line).strip()
    words = text.split()
    if not organisation or not words or len(words) > len(organisation.split()) + 1:
        return False
    org = organisation.lower()
    low = " ".join(words).lower()
    if low == org:
        return True
    if len(low) >= 4 and (org.startswith(low) or org.endswith(low) or (len(words) == 1 and low in org)):
        return True
    # a run of the logo's words as OCR read them ('Local Covernment Association' of 'Synthetic Local Government
    # Association', 'Assoc1ation')
    parts = org.split()
    runs = [" ".join(parts[at:at + len(words)]) for at in range(len(parts) - len(words) + 1)]
    return any(len(low) >= 5 and difflib.SequenceMatcher(None, low, run).ratio() >= 0.85 for run in [org, *runs])
