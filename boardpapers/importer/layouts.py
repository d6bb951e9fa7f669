"""The layouts a note of a meeting is printed in, turned into the plain one `minutes.parse_minutes` reads: a table of
<p> cells (an agenda pack's HTML extract), a table read from a PDF (item number, the text in the second column,
the "Action by" column), and an attendance list printed after the items instead of before them."""

from __future__ import annotations

import re

from .attendance import is_table
from .furniture import AGENDA_MARK_RE
from .text import plain, strip_tags, unwrap_italic

SECTION_WORDS = {"decision": "decisions", "decisions": "decisions", "decisions taken": "decisions",
                 "resolved": "decisions", "action": "actions", "actions": "actions", "action by": "actions",
                 "actions required": "actions", "action required": "actions"}


def rows_to_lines(lines: list[str]) -> list[str]:
    """'2<TAB><p><b>Title</b></p> <p>text</p><TAB>Owner' -> '2. Title', 'text Owner' (the plain layout). A table
    read from a PDF ('3<TAB>**Title**<TAB>Owner', then '<TAB><TAB>text' lines) gives its text the same way, and
    the name in its "Action by" column owns the item's actions (a line of its own after them)."""
    out: list[str] = []
    owner_of_item = ""
    owners: list[str] = []  # every name the item's "Action by" cell stacks, in order
    item_at = 0  # where the item's lines start in out
    in_table = False  # past the "Item | Decisions and actions | Action by" header (the attendance table is above)
    in_actions, line_owner = False, ""

    def close_item() -> None:
        nonlocal owner_of_item
        if len(owners) > 1 and _own_each(out, item_at, owners):
            owners.clear()
            owner_of_item = ""
            return
        if owner_of_item and any(plain(x).lower().rstrip(":") in ("action", "actions") for x in out[-40:]):
            out.insert(_last_text(out) + 1, owner_of_item)
        owner_of_item = ""
        owners.clear()

    joining = False  # the table's header came again where a column or page broke a sentence: the rest joins it
    cut_at = -1  # the line of the table's text last put out (a sentence the break may have cut)
    own_blank = -1  # len(out) when out ends with a blank line put there here, not read
    for line in lines:
        if (joining and not line.strip()) or (in_table and AGENDA_MARK_RE.match(line.strip())):
            continue  # an 'Item 1' page stamp where the table goes on over a page is no text of it
        joining = False
        heading = re.match(r"^\s*(\d{1,2}[a-z]?)\.?\t+\s*(?:<b>|\*\*)(.+?)(?:</b>|\*\*)\s*(?:\t(.*))?$", line)
        if heading and "<p>" not in line:  # '1<TAB><b>Welcome ...</b><TAB>': an item row with its title only
            close_item()
            in_actions, line_owner = False, ""
            owner_of_item = plain(heading.group(3) or "")
            owners.extend([owner_of_item] if owner_of_item else [])
            item_at, cut_at = len(out), -1
            out += ["", f"{heading.group(1)}. {strip_tags(heading.group(2))}", ""]
            own_blank = len(out)
            continue
        if re.match(r"^\s*item\s+decisions and actions", plain(line), re.I):
            if in_table and 0 <= cut_at < len(out) and not re.search(r"[.!?:;]\W*$", out[cut_at]) and \
                    not any(x.strip() for x in out[cut_at + 1:]):
                del out[cut_at + 1:]  # 'The Board agreed the response to the' | header | 'consultation on ...'
                joining = True
            in_table = True
            continue
        if in_table and "\t" in line and "<p>" not in line and not line.split("\t")[0].strip():
            cells = [c for c in line.split("\t")[1:]]
            if len(cells) > 1 and not cells[0].strip() and any(c.strip() for c in cells[1:]):
                owners.extend(plain(c) for c in cells[1:] if c.strip())  # only the "Action by" cell: a name
                owner_of_item = owner_of_item or owners[0]
                continue
            text = next((c for c in cells if c.strip()), "")
            rest = [plain(c) for c in cells[cells.index(text) + 1:] if c.strip()] if text else []
            if rest and not in_actions:
                owners.extend(rest)
            marker = plain(text).lower().rstrip(":") in SECTION_WORDS
            if rest and not marker and in_actions:
                line_owner = rest[0]  # the Action by cell beside this action: it owns it
            elif rest and not owner_of_item:
                owner_of_item = rest[0]
            in_actions = SECTION_WORDS.get(plain(text).lower().rstrip(":")) == "actions" if marker else in_actions
            if marker:  # 'Decision' heads the paragraph under it, even with no gap the PDF showed
                out += ["", text.strip(), ""]
                cut_at, own_blank = -1, len(out)
            else:
                out.append(text.strip())
                cut_at = len(out) - 1
            continue
        if not line.strip() and line_owner:
            last = _last_text(out)
            out[last] = f"{out[last].rstrip()} {line_owner}"
            line_owner, owner_of_item = "", ""
        if not line.strip() and own_blank == len(out) and out[-1] == "":
            continue  # the blank the row's own gap printed: with the one put out above it would read as a page break
        if "\t" not in line or "<p>" not in line:
            out.append(line)
        else:
            _html_row(line, out)
    close_item()
    return out


def _last_text(out: list[str]) -> int:
    """Where the last line with words is in out (an owner's name is put at its end)."""
    return max(i for i, text in enumerate(out) if text.strip())


def _html_row(line: str, out: list[str]) -> None:
    """The plain layout's row, '2<TAB><p><b>Title</b></p> <p>text</p><TAB>Owner': its title as an item heading,
    its paragraphs, the owner at the end of the last."""
    cells = line.split("\t")
    number, content = cells[0].strip(), cells[1] if len(cells) > 1 else ""
    owner = strip_tags(cells[2]).strip() if len(cells) > 2 else ""
    paras = [strip_tags(p) for p in re.findall(r"<p>(.*?)</p>", content, re.S)] or [strip_tags(content)]
    paras = [p for p in paras if p]
    if paras and re.match(r"^\*\*[^*]+\*\*$", paras[0]):
        title = paras.pop(0).strip("*")
        out += ["", f"{number}. {title}" if number else f"**{title}**", ""]
    for para in paras:
        out += [unwrap_italic(para), ""]
    if owner and out:
        last = _last_text(out)
        out[last] = f"{out[last]} {owner}"



def _own_each(out: list[str], start: int, owners: list[str]) -> bool:
    """An item's "Action by" cell stacks one name per action (the first action's owner on top): each name goes to
    the end of its action's text, where a plain note prints it. False (nothing changed) unless they pair."""
    ends = []
    for index in range(start, len(out)):
        if plain(out[index]).lower().rstrip(":") in ("action", "actions"):
            text = [i for i in range(index + 1, len(out)) if out[i].strip()]
            if not text or plain(out[text[0]]).lower().rstrip(":") in SECTION_WORDS:
                return False
            last = text[0]
            while last + 1 < len(out) and out[last + 1].strip() and \
                    plain(out[last + 1]).lower().rstrip(":") not in SECTION_WORDS:
                last += 1
            ends.append(last)
    if len(ends) != len(owners):
        return False
    for index, owner in zip(ends, owners, strict=True):
        out[index] = f"{out[index].rstrip()} {owner}"
    return True


APPENDIX_RE = re.compile(r"^(?:appendix\s*\w{0,3}\W*)?(?:attendance|members\s+present|present)\W*$|"
                         r"^appendix\s*\w{0,3}\W+attendance\b", re.I)


def attendance_appendix(lines: list[str], first_item: int) -> int | None:
    """Where an attendance list printed after the items starts (its heading), or None."""
    for index in range(first_item + 1, len(lines)):
        text = plain(lines[index]) if lines[index].strip() else ""
        if text and len(text) < 60 and APPENDIX_RE.match(text):
            following = [x for x in lines[index + 1:index + 8] if x.strip()]
            if any(is_table(x) or re.match(r"^\W*(?:present|apologies|chair)", plain(x), re.I) for x in following):
                return index
    return None
