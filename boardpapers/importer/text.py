"""Conversion debris: what a PDF-to-text extract adds to the words (page headers, "Item 3" page marks, page
numbers, split logo text, HTML table cells, escaped links), removed here so the parsers see the papers only."""

from __future__ import annotations

import html
import re
import unicodedata

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DATE_RE = re.compile(rf"\b(?:(?:{WEEKDAYS}),?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\s+(\d{{4}})\b", re.I)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
TIME_RE = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)\b|\b(\d{1,2})[:.](\d{2})\b", re.I)
ITEM_MARK_RE = re.compile(r"^(?:#+\s*)?(?:\*\*)?\s*Item\s+(\d{1,3}[a-z]?)\s*(?:\*\*)?$", re.I)
# Lines that are page furniture wherever they stand.
FURNITURE_RE = [
    re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.I),  # page numbers
    re.compile(r"^-{3,}$|^_{3,}$|^\*{3,}$"),  # rules from page breaks
    re.compile(r"^\d{1,2}(?:st|nd|rd|th)?\s+(?:" + MONTHS + r")\s+\d{4}$", re.I),  # a lone date (page header)
    re.compile(r"^(?!(?:" + WEEKDAYS + r")\b)(?:[A-Z][\w&'’-]*\s+|(?:and|&|of|the)\s+){1,8}\d{1,2}\s+(?:" + MONTHS
               + r")\s+\d{4}$"),  # a running header: board name and date
    re.compile(r"^(?:Local Government\s*)?Association$|^Local Government$|^nment$|^LGA$"),  # split logo text
]
LIST_RE = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|\(?[ivx]{1,5}[.)]\s|\(?[a-h][.)]\s)", re.I)
HEADING_RE = re.compile(r"^#{1,6}\s+\S")
TERMINAL = ".!?:;\"”’)]>|"


def normalise(text: str) -> list[str]:
    """Text -> lines: one newline style, HTML entities and inline tags resolved, trailing space dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    text = re.sub(r"<sup>\s*(st|nd|rd|th)\s*</sup>", r"\1", text)
    text = re.sub(r"<sup>(\d+)</sup>", r"[\1]", text)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"</?u>", "", text)
    out = []
    for line in text.split("\n"):
        line = line.rstrip(" ")  # trailing tabs stay: they are the empty cells of a flattened table
        line = re.sub(r"^(\s*\d{1,3}[a-z]?)\\([.)])", r"\1\2", line)  # a list number the converter escaped: "1\."
        if line.strip() in ("&nbsp;", "\\", "-", "") and "\f" not in line:  # a form feed is a page break
            line = ""
        out.append(line)
    return out


def strip_tags(text: str) -> str:
    """HTML table-cell markup -> plain text (bold and italic kept as markdown where they wrap words)."""
    text = re.sub(r"</?p>", " ", text)
    text = re.sub(r"<b>\s*<i>(.*?)</i>\s*</b>", r"\1", text)
    text = re.sub(r"</?(?:b|strong)>", "**", text)
    text = re.sub(r"</?(?:i|em)>", "*", text)
    text = re.sub(r"<[^>]{1,40}>", "", text)
    text = text.replace("****", "")
    return html.unescape(re.sub(r"[ \t]+", " ", text)).strip()


def plain(text: str) -> str:
    """A heading or table cell without markdown: '### **Purpose of report**' -> 'Purpose of report'."""
    text = strip_tags(text)
    text = re.sub(r"^#+\s*", "", text.strip())
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"^\*(.*)\*$", r"\1", text.strip())
    text = text.replace("\\_", "_").replace("\\*", "*")
    return re.sub(r"\s+", " ", text).strip()


def heading_text(line: str) -> str | None:
    """The text of a heading line: '## x', '**x**' alone on its line, or '<b>x</b>'; None for other lines."""
    stripped = line.strip()
    if HEADING_RE.match(stripped):
        return plain(stripped)
    if re.match(r"^\*\*[^*].*\*\*:?$", stripped) and stripped.count("**") == 2 and len(stripped) < 160:
        return plain(stripped).rstrip(":").strip()
    if re.match(r"^<b>.*</b>$", stripped) and "\t" not in stripped:
        return plain(stripped)
    return None


def is_furniture(line: str) -> bool:
    stripped = plain(line) if line.strip() else ""
    if not stripped:
        return False
    if ITEM_MARK_RE.match(line.strip()):
        return True
    return any(rx.match(stripped) for rx in FURNITURE_RE)


def clean(lines: list[str], keep_items: bool = False) -> list[str]:
    """Drop page furniture and rejoin sentences a page break split ('... regarding' / 'the significant ...').

    A page break is a run of two or more blank lines or a dropped furniture line; only across such a break are two
    paragraphs joined, and only when the first does not end a sentence and the second is not a heading or list."""
    out: list[str] = []
    broken = False
    blanks = 0
    for line in lines:
        if not line.strip():
            blanks += 1
            if blanks >= 2:
                broken = True
            if out and out[-1] != "":
                out.append("")
            continue
        if is_furniture(line) and not (keep_items and ITEM_MARK_RE.match(line.strip())):
            broken = True
            continue
        if broken and _joins(out, line):
            while out and out[-1] == "":
                out.pop()
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        broken = False
        blanks = 0
    while out and out[-1] == "":
        out.pop()
    return out


def _joins(out: list[str], line: str) -> bool:
    previous = next((p for p in reversed(out) if p.strip()), "")
    if not previous or previous.rstrip()[-1] in TERMINAL or heading_text(previous) is not None:
        return False
    if "\t" in previous or "\t" in line or previous.lstrip().startswith("|"):
        return False
    nxt = line.strip()
    if heading_text(nxt) is not None or re.match(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?\s|[-*+]\s|\|)", nxt):
        return False
    if re.match(r"^\**\d{1,2}[a-z]?\.?\s", previous.strip()) and len(previous.split()) <= 12:
        return False  # an item heading, not a sentence the page break cut
    return len(previous.split()) > 3


def line_breaks(lines: list[str]) -> list[str]:
    """Short lines run together in the PDF (an address, 'Title: ... / Date: ...') keep their line breaks: a
    markdown hard break ('\\') ends each, so they do not melt into one paragraph."""
    out = list(lines)
    for index in range(len(out) - 1):
        this, nxt = out[index].strip(), out[index + 1].strip()
        if not this or not nxt or len(this) >= 60 or this.endswith("\\"):
            continue
        if any(LIST_RE.match(x) or HEADING_RE.match(x) or x.startswith("|") or "\t" in x for x in (this, nxt)):
            continue
        if heading_text(this) is not None and heading_text(nxt) is None:
            continue
        out[index] = out[index].rstrip() + "\\"
    return out


def paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated blocks, each joined into one string (list items kept one per line)."""
    blocks, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.rstrip())
            continue
        if current:
            blocks.append("\n".join(current))
            current = []
    return blocks


def fix_links(text: str) -> str:
    """'[http://x\\_y](http://x_y)' -> '<http://x_y>'; '[a@b](mailto:a@b)' -> '<a@b>'; bare URLs -> '<url>'."""
    def link(match: re.Match) -> str:
        label, target = match.group(1).replace("\\", ""), match.group(2)
        if target.startswith("mailto:") and label.strip() == target[7:]:
            return f"<{label.strip()}>"
        bare = re.sub(r"^https?://", "", target).rstrip("/")
        if re.sub(r"^https?://", "", label.strip()).rstrip("/") == bare:
            return f"<{target}>"
        return match.group(0)

    text = re.sub(r"\[([^\]\n]{1,300})\]\(((?:https?://|mailto:)[^)\s]+)\)", link, text)
    # bare URLs (not already in <...>, (...) or [...]); an unbalanced closing bracket is sentence punctuation
    def bare(match: re.Match) -> str:
        url = match.group(1)
        tail = ""
        while url and (url[-1] in ".,;:" or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url, tail = url[:-1], url[-1] + tail
        return f"<{url}>{tail}"

    text = re.sub(r"(?<![<(\[/\w])(https?://[^\s<>\]]+)", bare, text)
    return re.sub(r"(?m)^(<https?://[^>\s]+>)\)$", r"\1", text)  # a stray bracket after a URL on its own line


def nest_subparagraphs(lines: list[str]) -> list[str]:
    """Report numbering: '- 22. text' is paragraph 22; '  - 4.1 text' or '4.1 text' is a sub-paragraph of 4,
    nested under it as '    - 4.1 text' so markdown keeps the numbers and the nesting."""
    out = []
    for line in lines:
        sub = re.match(r"^\s*(?:[-*]\s+)?(\d{1,3}\.\d{1,2})\.?\s+(\S.*)$", line)
        main = re.match(r"^\s*[-*]\s+(\d{1,3}\.)\s+(\S.*)$", line)
        if sub:
            last = next((line for line in reversed(out) if line.strip()), "")
            if re.match(r"^(?:\d{1,3}\.\s|\s{4}- \d)", last):
                while out and not out[-1].strip():
                    out.pop()  # keep the sub-paragraphs tight under their paragraph
            out.append(f"    - {sub.group(1)} {sub.group(2)}")
        elif main:
            out.append(f"{main.group(1)} {main.group(2)}")
        else:
            out.append(line)
    return out


def tab_tables(lines: list[str]) -> list[str]:
    """Runs of tab-separated lines (tables the extractor flattened) -> markdown tables."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            out.append(lines[index])
            index += 1
            continue
        rows = []
        while index < len(lines) and "\t" in lines[index]:
            rows.append([strip_tags(cell).replace("|", "\\|") for cell in lines[index].split("\t")])
            index += 1
        width = max(len(row) for row in rows)
        while width > 1 and all(len(row) < width or not row[width - 1] for row in rows):
            width -= 1
        rows = [(row + [""] * width)[:width] for row in rows]
        if out and out[-1].strip():
            out.append("")
        out.append("| " + " | ".join(rows[0]) + " |")
        out.append("|" + "---|" * width)
        out.extend("| " + " | ".join(row) + " |" for row in rows[1:])
        out.append("")
    return out


def slug(text: str, limit: int = 60) -> str:
    """An id from a title or name: ASCII, lower-case, hyphens; cut at a word boundary."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    out = ""
    for word in words:
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or "item"


def find_date(text: str):
    """The first date written out in words ('Tuesday 21 January 2014') -> (datetime.date, match) or None."""
    import datetime as dt

    match = DATE_RE.search(text)
    if not match:
        numeric = NUMERIC_DATE_RE.search(text)  # 02/11/2012: day first, as UK papers print it
        if not numeric:
            return None
        try:
            return dt.date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1))), numeric
        except ValueError:
            return None
    month = [m.lower() for m in MONTHS.split("|")].index(match.group(2).lower()) + 1
    try:
        return dt.date(int(match.group(3)), month, int(match.group(1))), match
    except ValueError:
        return None


def find_times(text: str) -> list[str]:
    """Times in a phrase ('11.00 am – 1.00 pm', '11:05') -> ['11:00', '13:00'] (24-hour)."""
    out = []
    for match in TIME_RE.finditer(text):
        if match.group(3):
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if match.group(3).lower() == "pm" and hour < 12:
                hour += 12
            if match.group(3).lower() == "am" and hour == 12:
                hour = 0
        else:
            hour, minute = int(match.group(4)), int(match.group(5))
        if hour < 24 and minute < 60:
            out.append(f"{hour:02d}:{minute:02d}")
    return out


def unwrap_italic(text: str) -> str:
    """'*The Board **noted** the report.*' -> 'The Board **noted** the report.'"""
    stripped = text.strip()
    if re.match(r"^\*[^*].*[^*]\*$", stripped) or re.match(r"^\*\*\*.*\*\*\*$", stripped):
        return stripped[1:-1].strip()
    if re.match(r"^_[^_].*_$", stripped):
        return stripped[1:-1].strip()
    return stripped
