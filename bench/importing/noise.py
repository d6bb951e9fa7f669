"""Debris of real text extracts, for the text-extract packs (extract.py): OCR confusions in names and words, doubled
words, stray `<b>` tags, LaTeX money, links as HTML, the organisation's logo read as text, a row printed twice, an
item mark in the wrong place, a decision cut by a page break.

The writer asks at each spot where a real extract goes wrong ("this name?", "this paragraph?", "cut this
decision?"); the answer comes from a seeded generator, so a pack is the same for the same seed. `rate` scales every
probability: 0 is a clean extract, 1 roughly the density of the issue-14 pack and the seeds (a misread name in
about one attendance row in twelve, a doubled word or misread word every few paragraphs, money and links in the
converter's markup, one or two decisions cut by a page). The gold never sees any of it: it stays the clean model,
so the scorer charges the importer for every spot it fails to repair.

Fair noise only: a name is misread only where the writer says the clean spelling is printed elsewhere in the pack
(the membership list, a contact box), and nothing removes a word the gold needs except a page break the importer can
see through.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

# How each kind of damage is weighted at rate 1 (probabilities per spot).
P_NAME = 0.08  # a name in an attendance row, a sheet, an owner cell
P_PARA_DOUBLE = 0.03  # a paragraph with one word doubled
P_PARA_OCR = 0.04  # a paragraph with one word misread
P_PARA_BOLD = 0.02  # a paragraph with a stray <b>...</b> round a word
P_MONEY = 0.15  # an amount in pounds printed as LaTeX
P_LINK = 0.4  # an e-mail or web address printed as <a href>
P_SUP = 0.5  # an ordinal's letters raised ("7<sup>th</sup> Floor")
P_TITLE = 0.15  # a report's own heading misread (the agenda keeps the clean title)
P_DUP_ROW = 0.03  # an attendance row printed twice
P_MISPLACE = 0.25  # an item mark read at the foot of the page before, or after the page's first paragraph
P_CUT = 0.12  # a decision cut by a page break (running head and page number between its halves)
P_LOGO = 0.8  # the logo read as text on a cover or first page

# OCR confusions, each way round where both happen (rn<->m, cl<->d, l<->1, G<->C).
CONFUSIONS = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("l", "1"), ("I", "l"), ("G", "C"),
              ("O", "0"), ("e", "c"), ("h", "b"), ("tt", "t"), ("ll", "lll"), ("f", "t"))
NAME_CONFUSIONS = (("rn", "m"), ("m", "rn"), ("G", "C"), ("C", "G"), ("l", "I"), ("ll", "lll"), ("ll", "l"),
                   ("e", "c"), ("h", "b"), ("cl", "d"), ("nn", "n"), ("O'", "O"), ("'", "’"))
DIACRITICS = str.maketrans("éèêëáàâäíìïóòôöúùüçñÉÈ", "eeeeaaaaiiioooouuucnEE")
LOGOS = (["Local", "Covernment", "Association"], ["LocalGovernment", "Association"], ["nment", "Association"],
         ["Local Covernment Association"], ["Local", "Government", "Assoc1ation"])
_WORD = re.compile(r"(?<![\w<*/\[(@.])([A-Za-z][a-z]{3,})(?![\w>*\])@])")
_SMALL = re.compile(r"(?<![\w<*/\[(@.-])(the|of|to|and|in|on|for|that|with|be|is|as)(?=\s)")
_MONEY = re.compile(r"£(\d[\d,]*(?:\.\d+)?)")
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")
_EMAIL = re.compile(r"(?<![\w/:\[(<])([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?![\w\])>])")


@dataclass
class Noise:
    seed: object = 0
    rate: float = 1.0
    log: list[dict] = field(default_factory=list)  # every spot damaged: kind, what was printed, what it should be

    def __post_init__(self):
        self.rng = random.Random(f"noise:{self.seed}")

    def chance(self, p: float) -> bool:
        return self.rate > 0 and self.rng.random() < min(1.0, p * self.rate)

    def _note(self, kind: str, got: str, want: str) -> None:
        self.log.append({"kind": kind, "printed": got, "clean": want})

    # -- names -----------------------------------------------------------------------------------------------
    def name(self, name: str, printed_clean_elsewhere: bool = True) -> str:
        if not self.chance(P_NAME) or not printed_clean_elsewhere:
            return name
        out = misspell(name, self.rng)
        if out != name:
            self._note("name", out, name)
        return out

    # -- prose -----------------------------------------------------------------------------------------------
    def prose(self, text: str, weight: float = 1.0) -> str:
        """One paragraph (or a line of one): maybe a doubled word, a misread word, a stray bold, LaTeX money."""
        out = text
        if self.chance(P_PARA_DOUBLE * weight):
            out = self._sub_one(_SMALL, out, lambda w: f"{w} {w}", "doubled-word")
        if self.chance(P_PARA_OCR * weight):
            out = self._sub_one(_WORD, out, lambda w: confuse(w, self.rng, CONFUSIONS), "ocr-word")
        if self.chance(P_PARA_BOLD * weight):
            out = self._sub_one(_WORD, out, lambda w: f"<b>{w}</b>", "stray-tag")
        return self.sup(self.money(out))

    def sup(self, text: str) -> str:
        def raised(m):
            if not self.chance(P_SUP):
                return m.group(0)
            out = f"{m.group(1)}<sup>{m.group(2)}</sup>"
            self._note("sup-tag", out, m.group(0))
            return out
        return _ORDINAL.sub(raised, text)

    def title(self, title: str) -> str:
        if not self.chance(P_TITLE):
            return title
        if self.rng.random() < 0.5:
            out = self._sub_one(_SMALL, title, lambda w: f"{w} {w}", "doubled-word")
        else:
            out = self._sub_one(_WORD, title, lambda w: confuse(w, self.rng, CONFUSIONS), "ocr-word")
        return out

    def money(self, text: str) -> str:
        def latex(m):
            if not self.chance(P_MONEY):
                return m.group(0)
            out = f"$\\pounds {m.group(1)}$"
            self._note("latex-money", out, m.group(0))
            return out
        return _MONEY.sub(latex, text)

    def email(self, address: str) -> str:
        """An address as the converter printed it: plain, a markdown link, or an HTML link (debris)."""
        if self.chance(P_LINK):
            out = f'<a href="mailto:{address}">{address}</a>'
            self._note("html-link", out, address)
            return out
        return address

    def links(self, text: str) -> str:
        return _EMAIL.sub(lambda m: self.email(m.group(1)), text)

    def _sub_one(self, pattern: re.Pattern, text: str, change, kind: str) -> str:
        spots = [m for m in pattern.finditer(text) if not _in_address(text, m.start(1))]
        if not spots:
            return text
        m = self.rng.choice(spots)
        new = change(m.group(1))
        if new == m.group(1):
            return text
        self._note(kind, new, m.group(1))
        return text[:m.start(1)] + new + text[m.end(1):]

    # -- structure -------------------------------------------------------------------------------------------
    def logo(self) -> list[str]:
        if not self.chance(P_LOGO):
            return []
        lines = list(self.rng.choice(LOGOS))
        self._note("logo", " / ".join(lines), "")
        return lines

    def dup_row(self, row: str) -> bool:
        if self.chance(P_DUP_ROW):
            self._note("duplicate-row", row, "")
            return True
        return False

    def misplace(self, mark: str, weight: float = 1.0) -> str:
        """'' (the mark where it belongs), 'before' (foot of the page before) or 'inside' (after a paragraph)."""
        if not self.chance(P_MISPLACE * weight):
            return ""
        where = self.rng.choice(["before", "inside"])
        self._note("misplaced-mark", f"{mark} ({where})", mark)
        return where

    def cut(self, line: str) -> bool:
        if self.chance(P_CUT):
            self._note("cut-decision", line, "")
            return True
        return False


def _in_address(text: str, at: int) -> bool:
    """Inside a web or e-mail address, a markdown link target or an HTML tag: not prose."""
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    end = min([n for n in (text.find(" ", at), text.find("\n", at)) if n >= 0] or [len(text)])
    token = text[start:end]
    return any(s in token for s in ("/", "@", "www", "](", "<", ">", "$"))


def misspell(name: str, rng: random.Random) -> str:
    """A name as OCR misreads it: missing diacritics, or one confusion (rn<->m, G<->C, a letter doubled or lost)."""
    plain = name.translate(DIACRITICS)
    if plain != name:
        return plain
    return confuse(name, rng, NAME_CONFUSIONS)


def confuse(word: str, rng: random.Random, table) -> str:
    options = [(a, b, m.start()) for a, b in table for m in re.finditer(re.escape(a), word)]
    if not options:
        return word[:-1] + word[-1] * 2 if len(word) > 3 else word  # a letter doubled ("Milller")
    a, b, at = rng.choice(options)
    return word[:at] + b + word[at + len(a):]
