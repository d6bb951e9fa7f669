"""The decision verbs: what a board did ("noted", "agreed", "provided guidance" ...), checked against the site's
vocabulary (the default list in models.DECISION_VERBS plus site.yaml's `decision_verbs`).

The check runs after every file is read, because the vocabulary lives in site.yaml and each item file is
validated (and cached) on its own. A hint for an unknown verb must never turn what happened into its opposite
("provided" -> "approved", "declined" -> "agreed"), so verbs are grouped by meaning: a hint is offered only
within the same group and only for a near spelling, and a verb we cannot place gets a hint only for an
obvious typo ("aproved" -> "approved").
"""

from __future__ import annotations

import difflib
import re

from boardpapers.content.models import DECISION_VERBS, Content
from boardpapers.core.diagnostics import Diagnostics, SourcePos

# Meaning groups: a hint stays inside one of these.
GROUPS = {
    "assent": ("agreed", "endorsed", "approved", "resolved", "accepted", "supported", "confirmed", "adopted",
               "ratified", "authorised", "recommended", "delegated", "instructed", "nominated", "appointed",
               "elected", "amended"),
    "refusal": ("rejected", "declined", "refused", "withdrawn", "deferred"),
    "noting": ("noted", "received", "considered", "discussed", "reviewed", "acknowledged", "highlighted",
               "thanked", "welcomed", "commented", "expressed concern"),
    "asking": ("asked", "requested", "advised", "provided guidance"),
}
GROUP_OF = {verb: group for group, verbs in GROUPS.items() for verb in verbs}
VERB_RE = re.compile(r"^[a-z][a-z' -]{1,38}[a-z]\Z")


def vocabulary(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The default verbs, then the site's own."""
    return tuple(dict.fromkeys((*DECISION_VERBS, *extra)))


def suggest(verb: str, known: tuple[str, ...]) -> str:
    """A 'did you mean' hint of the same meaning, or ''."""
    wanted = verb.lower().strip()
    group = GROUP_OF.get(wanted)
    best, score = "", 0.0
    for candidate in known:
        ratio = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        same_sense = group is not None and GROUP_OF.get(candidate) == group
        # a verb of known sense: a close word of that sense; an unknown word: only a typo-level likeness
        close = (same_sense and ratio >= 0.75) or (group is None and ratio >= 0.86)
        if close and ratio > score:
            best, score = candidate, ratio
    return f"did you mean '{best}'?" if best else ""


def check_decision_verbs(content: Content, diags: Diagnostics) -> None:
    """Every decision's verb is in the site's vocabulary: an error at the decision's line otherwise."""
    known = vocabulary(content.config.decision_verbs)
    for item in content.items:
        for decision in item.decisions:
            if not decision.verb or decision.verb in known:
                continue
            listed = ", ".join(known[:8])
            at = decision.verb_at if decision.verb_at[0] else (decision.line, 0)
            diags.error(SourcePos(item.source, *at), "bad-value",
                        f"decision verb '{decision.verb}' is not one of the site's verbs ({listed}, ...)",
                        suggest(decision.verb, known)
                        or "add it to `decision_verbs:` in site.yaml if your minutes use it")
