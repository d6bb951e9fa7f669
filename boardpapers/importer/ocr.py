"""Words as OCR misreads them: glyphs that look alike are confused ('rn' for 'm', 'cl' for 'd', 'li' for 'h',
'1' or 'I' for 'l', 'c' for 'e', 'b' for 'h', '0' for 'O', 'f' for 't') and letters are doubled or dropped.

Two spellings that become the same under those confusions are one word read two ways. The importer uses this
only where it knows the word it expects (a decision verb after "the Board", the "that" of "RESOLVED – that",
a name printed cleanly elsewhere in the pack) and always says what it changed.
"""

from __future__ import annotations

import re

PAIRS = (("rn", "m"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("ii", "u"))
GLYPHS = str.maketrans({"1": "l", "i": "l", "!": "l", "|": "l", "c": "e", "b": "h", "0": "o", "f": "t"})


def key(word: str) -> str:
    """The spelling with every confusable glyph folded to one and doubled letters single."""
    text = word.lower()
    for many, one in PAIRS:
        text = text.replace(many, one)
    text = text.translate(GLYPHS)
    return re.sub(r"(.)\1+", r"\1", text)


def near(read: str, meant: str) -> bool:
    """Is `read` a misreading of `meant` (and not the word itself)?"""
    if read.lower() == meant.lower() or abs(len(read) - len(meant)) > 2:
        return False
    return key(read) == key(meant)


def closest(read: str, words) -> str:
    """The one word of `words` that `read` misreads, or '' (none, or more than one)."""
    found = {w for w in words if near(read, w)}
    return found.pop() if len(found) == 1 else ""
