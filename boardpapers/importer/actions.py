"""Actions as minutes print them: one a line or a list entry, the owner's name at the end of its line or alone
on the next ("Officers to report back. Andy Bates"), several owners ("Carol Turner/Karen Fox"), the owner in a
label ("ACTION: ... (Owner: Peter Cooper; by 11 December 2009)") and a due date ("(by Friday 11 December
2009)") that becomes the action's `due`. An owner not known yet becomes a draft stub only when the text reads as
a person's name; the rest is kept as written for the clerk."""

from __future__ import annotations

import re

from .people import People, looks_like_name
from .text import find_date

DUE_RE = re.compile(r"\s*\(?\b(?:by|due(?:\s+by)?|deadline:?)\s+((?:\w+day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4}|"
                    r"\d{1,2}/\d{1,2}/\d{4})\)?\.?\s*$", re.I)


def read_action(text: str, actions: list, pending: list[str], people: People) -> None:
    """One action line; names at its end (or alone on a line) own it and the unowned actions before it."""
    owner = ""
    if _names_only(text, people):
        owner, text = text, ""
    else:
        for match in reversed(list(re.finditer(r"[.!?)]\s+", text))):
            tail = text[match.end():].strip()
            if tail and _names_only(tail, people):
                owner, text = tail, text[: match.start() + 1].strip()
                break
    if text:
        pending.append(text)
    if owner:
        ids, unknown = [], []
        for part in re.split(r"\s*/\s*|\s*,\s*|\s+and\s+", owner):
            if part.strip():
                found = people.resolve(part.strip(), surname_only=False) or people.resolve_or_stub(part.strip(),
                                                                                                   "officer")
                (ids.append(found) if found else unknown.append(part.strip()))
        owned: dict = {}
        if ids:
            owned["owner"] = ids[0] if len(ids) == 1 else ids
        if unknown:
            owned["#owner"] = 'owner in source: "' + " / ".join(unknown) + '"'
        if pending:
            actions.extend({"text": entry, **owned} for entry in pending)
        elif actions and "owner" not in actions[-1]:
            actions[-1].update(owned)
        pending.clear()


def _names_only(text: str, people: People) -> bool:
    parts = [p.strip() for p in re.split(r"\s*/\s*|\s*,\s*|\s+and\s+", text.strip().rstrip(",")) if p.strip()]
    return bool(parts) and not text.rstrip().endswith(".") and all(
        looks_like_name(p) or people.resolve(p, surname_only=False) for p in parts)


def labelled_owner(text: str) -> str:
    """'To publish the findings. (Owner: Peter Cooper; by 11 December 2009)' -> 'To publish the findings. (by 11
    December 2009) Peter Cooper': the owner at the end of the line, the due date where `set_due` finds it."""
    owner = re.search(r"\(\s*(?:owner|action by|lead)\s*:\s*([^)]+)\)\s*\.?$", text, re.I)
    if not owner:
        return text
    who, *extra = [part.strip() for part in re.split(r"\s*;\s*|\s*,\s*(?=(?:by|due)\b)", owner.group(1), flags=re.I)]
    due = "".join(f" ({part})" for part in extra if re.match(r"(?i)(?:by|due)\b", part))
    return text[: owner.start()].strip().rstrip(".") + "." + due + " " + who


def set_due(action: dict) -> None:
    """'Officers to report back. (by Wednesday 11 January 2017)': the date is the action's `due`."""
    due = DUE_RE.search(action["text"])
    found = find_date(due.group(1)) if due else None
    if found:
        action["text"] = (action["text"][: due.start()].rstrip() or action["text"]).rstrip(" ,;")
        action["text"] += "" if action["text"].endswith((".", "!", "?")) else "."
        action["due"] = found[0]
