"""Decisions as clerks write them: under a "Decision(s)" heading ("The Board **noted** the report"), in the
narrative of the discussion ("Members agreed that ...", "The Board endorsed ..."), two verbs in one sentence
("**noted** the report and **provided guidance** on ...": two decisions), and the site's own verbs
(site.yaml `decision_verbs`) as well as the default list."""

from __future__ import annotations

import re
from pathlib import Path

from boardpapers.content.models import DECISION_VERBS

from . import ocr
from .emit import read_yaml

# Who decides, in a narrative sentence: a decision is the body's, not a member's remark ("Members noted" in a
# discussion is a remark; "Members agreed" is a decision).
BODY_RE = r"(?:The\s+|That\s+the\s+)?(?:Board|Boards|Committee|Panel|Executive|Council|Cabinet|Sub-Committee)"
MEMBERS_RE = r"(?:The\s+)?Members"
SUBJECT_RE = re.compile(rf"^\W*(?:(?:{BODY_RE}|{MEMBERS_RE})(?:\s+(?:also|unanimously))?)?\s*$", re.I)
# What the board itself did, stated in the narrative: its steer and its instructions are resolutions too ("The Board
# asked officers to circulate the letter"); "commented", "discussed", "considered", "thanked" describe the debate.
BODY_ONLY = ("noted", "supported", "recommended", "requested", "asked", "advised", "welcomed", "instructed",
             "provided guidance", "authorised", "nominated", "appointed")
STRONG = ("agreed", "endorsed", "approved", "resolved", "accepted", "confirmed", "adopted", "rejected", "declined",
          "deferred", "delegated")


def site_verbs(content: Path) -> tuple[str, ...]:
    """The default verbs and the site's own (site.yaml `decision_verbs`)."""
    extra = read_yaml(content / "site.yaml").get("decision_verbs")
    verbs = list(DECISION_VERBS) + [str(v).lower() for v in extra or [] if isinstance(v, str)]
    return tuple(dict.fromkeys(verbs))


class Verbs:
    def __init__(self, verbs: tuple[str, ...] = DECISION_VERBS):
        self.verbs = tuple(sorted(verbs, key=len, reverse=True))
        alternation = self.alternation = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in self.verbs)
        self.any = re.compile(rf"\b({alternation})\b", re.I)
        self.bold = re.compile(rf"\*\*\s*({alternation})\s*\*\*", re.I)
        strong = "|".join(v for v in STRONG if v in self.verbs)
        body = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in (*STRONG, *BODY_ONLY) if v in self.verbs)
        # "The Board received a report ..." tells what happened at the meeting: not a resolution
        self.narrative_body = re.compile(rf"^{BODY_RE}\s+(?:also\s+|unanimously\s+)?({body})\s+(.+)$", re.I | re.S)
        self.narrative_members = re.compile(rf"^{MEMBERS_RE}\s+(?:also\s+|unanimously\s+)?({strong})\s+(.+)$",
                                            re.I | re.S)

    def respell(self, text: str, bare: bool = False) -> tuple[str, list[tuple[str, str]]]:
        """A decision's opening words as OCR misread them, put right: 'tbat the Board notcd the report' -> 'that the
        Board noted the report'. Only the 'that' that opens it and the verb after its subject ('the Board',
        'Members'; no subject when `bare`: under a Decisions heading) are respelled, each only when it misreads
        exactly one word. -> (text, [(as read, as meant)])."""
        fixes: list[tuple[str, str]] = []
        single = [v for v in self.verbs if " " not in v]
        for n, match in enumerate(re.finditer(r"[A-Za-z0-9|!]+", text[:120])):
            word, before = match.group(0), text[: match.start()]
            subject = re.sub(r"^\W*(?:that\s+)?", "", before, flags=re.I)
            meant = ""
            if n == 0 and word.lower() != "that" and ocr.near(word, "that"):
                meant = "that"
            elif len(word) >= 5 and word.lower() not in self.verbs and SUBJECT_RE.match(subject) and (
                    bare or subject.strip()):
                meant = ocr.closest(word, single)
            if meant:
                meant = meant.capitalize() if word[:1].isupper() else meant
                fixes.append((word, meant))
                text = text[: match.start()] + meant + text[match.end():]
            if n >= 5 or (n and meant and meant.lower() != "that") or self.any.match(word):
                break
        return text, fixes

    def canonical(self, word: str) -> str:
        return re.sub(r"\s+", " ", word.lower())

    def under_heading(self, text: str) -> list[dict]:
        """A paragraph under 'Decision(s)' -> its decisions (one per bold verb, else the first verb)."""
        bolds = list(self.bold.finditer(text))
        if len(bolds) > 1:
            out = []
            for n, match in enumerate(bolds):
                end = bolds[n + 1].start() if n + 1 < len(bolds) else len(text)
                rest = re.sub(r"\s*(?:,|;)?\s*\band\s*$", "", text[match.end():end].strip()).strip()
                if rest:
                    out.append({"verb": self.canonical(match.group(1)), "text": _tidy(rest, n + 1 < len(bolds))})
            return out
        match = bolds[0] if bolds else self.any.search(text)
        if not match or (not bolds and not SUBJECT_RE.match(text[: match.start()])):
            return []  # "The Chairman thanked all ..." under Decisions is not the board's decision
        rest = text[match.end():].strip().lstrip(",;:").strip()
        return self._split(match.group(1), rest) if not bolds else (
            [{"verb": self.canonical(match.group(1)), "text": _tidy(rest, False)}] if _tidy(rest, False) else [])

    def _split(self, verb: str, rest: str) -> list[dict]:
        """'noted the report and agreed to review it in March' -> two decisions: a second verb of the list right
        after 'and' starts a decision of its own."""
        out = []
        for part in re.split(rf",?\s+and\s+(?:also\s+)?(?=(?:{self.alternation})\b)", rest):
            second = self.any.match(part) if out else None
            if second:
                verb, part = second.group(1), part[second.end():].strip()
            text = _tidy(part, True) if out or part != rest else _tidy(part, False)
            if text:
                out.append({"verb": self.canonical(verb), "text": text})
        return out

    def in_narrative(self, sentence: str) -> list[dict]:
        """'Members agreed that the offer should be extended.' -> a decision; a member's remark -> None."""
        text = sentence.strip().replace("**", "")
        if re.match(rf"^{BODY_RE}\s", text, re.I) and self.bold.search(sentence):
            return self.under_heading(sentence)  # "The Board **welcomed** ... and **asked** ...": as printed
        match = self.narrative_body.match(text) or self.narrative_members.match(text)
        if not match:
            return []
        return self._split(match.group(1), match.group(2))


def _tidy(text: str, cut: bool) -> str:
    if text.count("*") % 2:
        text = text.replace("*", "")
    text = text.rstrip("*").strip()
    if cut:
        text = text.rstrip(" ,;")
        text = text if text.endswith(".") else text + "."
    return text


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph.replace("\n", " ")) if s.strip()]
