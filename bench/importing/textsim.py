"""How two values are judged the same: normalised text, a similarity threshold, and pairing of lists.

Text is compared after normalising what a PDF or a converter changes without changing the meaning: whitespace and
line breaks, curly quotes, dashes, case, markdown markup (emphasis, headings, list markers, table pipes, links:
`[[id|label]]` -> label), trailing punctuation. Short text is then compared by characters, long text (more than
`LONG` words) by words: difflib's ratio must reach `THRESHOLD` (0.9) either way.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

THRESHOLD = 0.9
LONG = 40  # words: above this, compare word sequences (a report, minutes), not characters

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "`": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})
_WIKI = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_MDLINK = re.compile(r"!?\[([^\]]*)\]\(([^)]*)\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]*)>")
_MARKUP = re.compile(r"(\*\*|__|\*|(?<!\w)_|_(?!\w)|^#{1,6}\s+|^\s*>\s?|^\s*[-+*]\s+|\\(?=[^\w\s]))", re.M)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M)
_TITLES = re.compile(r"^(?:(?:cllr|councillor|dr|professor|prof|sir|dame|mr|mrs|ms|miss|lord|lady|baroness|"
                     r"the rt hon|rt hon)\.?\s+)+", re.I)
_HONOURS = re.compile(r"(?:,?\s+(?:obe|mbe|cbe|kbe|dbe|jp|dl|frsa|mp|mep))+\.?$", re.I)


def norm(value) -> str:
    """Text as compared: one line, lower case, plain quotes and hyphens, no markdown markup."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value)).translate(_QUOTES)
    s = _WIKI.sub(r"\1", s)
    s = _MDLINK.sub(r"\1", s)
    s = _AUTOLINK.sub(r"\1", s).replace("mailto:", "")
    s = _TABLE_RULE.sub(" ", s)
    s = _MARKUP.sub("", s).replace("|", " ")
    s = re.sub(r"\s+", " ", s).strip().lower()
    return s.rstrip(" .;:,")


def words(value) -> list[str]:
    return re.findall(r"[a-z0-9£$%&]+", norm(value))


def similarity(a, b) -> float:
    na, nb = norm(a), norm(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    wa, wb = words(na), words(nb)
    if max(len(wa), len(wb)) > LONG:
        matcher = SequenceMatcher(None, wa, wb, autojunk=False)
    else:
        matcher = SequenceMatcher(None, na, nb, autojunk=False)
    if matcher.real_quick_ratio() < THRESHOLD / 2:
        return matcher.real_quick_ratio()
    return matcher.ratio()


def same_text(a, b) -> bool:
    return similarity(a, b) >= THRESHOLD


def same_exact(a, b) -> bool:
    """Codes, dates, times, verbs, numbers: equal after normalising, nothing fuzzy."""
    return re.sub(r"\s+", "", norm(a)) == re.sub(r"\s+", "", norm(b))


def same_phone(a, b) -> bool:
    """A phone number is its digits: `020-7664 3017` is `020 7664 3017`; several numbers in any order."""
    def numbers(v):
        return sorted(re.sub(r"\D", "", part) for part in re.split(r"[/,;]|\bor\b", str(v or "")) if
                      re.search(r"\d", part))
    return numbers(a) == numbers(b)


def same_email(a, b) -> bool:
    return norm(a).replace(" ", "") == norm(b).replace(" ", "")


def person_name(value) -> str:
    """A name without titles (Cllr, Dr, Sir) and honours (OBE, JP), lower case: how people are matched."""
    s = norm(value)
    s = _TITLES.sub("", s)
    s = _HONOURS.sub("", s)
    return re.sub(r"[^a-z' -]", "", s).strip()


ROLE_WORDS = {"chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "vice chairman": "vice chair",
              "deputy chairman": "deputy chair", "members": "member", "substitute member": "substitute",
              "substitutes": "substitute", "observers": "observer"}


def role(value) -> str:
    """A role as meant: `Vice-Chairman` is `vice chair`; no role is `member`."""
    s = norm(value).replace("-", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return ROLE_WORDS.get(s, s) or "member"


def pair(gold: list, got: list, score, floor: float = 0.5) -> list[tuple]:
    """Pairs (gold item or None, got item or None): the most similar first, each used once; a pair below `floor`
    is not made (the gold entry is missing and the got one extra)."""
    scored = sorted(((score(g, t), i, j) for i, g in enumerate(gold) for j, t in enumerate(got)),
                    key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_t, pairs = set(), set(), []
    for s, i, j in scored:
        if s < floor or i in used_g or j in used_t:
            continue
        used_g.add(i)
        used_t.add(j)
        pairs.append((i, j))
    out = [(gold[i], got[j]) for i, j in sorted(pairs)]
    out += [(g, None) for i, g in enumerate(gold) if i not in used_g]
    out += [(None, t) for j, t in enumerate(got) if j not in used_t]
    return out
