"""What a page read, recorded while it renders, and fingerprints to tell whether any of it changed since.

A page's bytes are a function of its view, its layouts and what it reads from the site view. Reads are recorded
as keys (render.reads), never trusted to be declared by hand:

    ("g", field)          a whole graph field (config, now, topics)
    ("g", "today")        the date of the build's clock (recording.RecordedNow)
    ("g", field, key)     one entry of a graph dict: items, people, backlinks, html, ... and the global facts
                          (trails, action_selections, attendance, topic_index, ...: graph.facts)
    ("g", field, "*")     a whole graph dict, iterated or counted: any entry added, removed or changed
    ("id", ident)         an id the site view says it used (`SiteView.used`): everything the graph knows of it
    ("layout", name)      a layout file, loaded directly or through extends/include/import
    ("asset", name)       one asset's fingerprinted file name (`site.asset(name)`: a page links the assets it
                          names, so editing search.js re-renders the search page alone, not all 46,000 pages)

`fingerprint` reduces any value to a short hash. Model objects (items, meetings, ...) stand for their id and the
content hash of the file that defines them, so hashing a view or a fact never re-reads 5 KB report bodies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping

from boardpapers.graph.facts import DATED
from boardpapers.render.recording import ALL, MISSING


def model_tokens(content, digests: dict[str, str]) -> dict[int, str]:
    """{id(model object): token} for every published model: the token is its kind, id and the hash of its file
    without the body text (decisions, actions and updates come from their item's file, exempt items from a
    stripped copy). The body reaches pages only as rendered HTML (`graph.md`, a key of its own) or as a yes/no
    (`item.body` in a test), so an edit inside a report's text leaves every page that merely lists it alone."""
    tokens: dict[int, str] = {}
    for group in (content.boards, content.people, content.meetings, content.papers):
        for doc in group:
            tokens[id(doc)] = f"{type(doc).__name__}:{doc.id}:{digests.get(doc.source, '')}"
    for meeting in content.meetings:
        # Its declarations on unpublished or exempt items are withheld (publish.py): that depends on the items'
        # files, not on this one, so which of them are shown is part of the token.
        if meeting.declarations:
            tokens[id(meeting)] += ":" + ",".join(f"{d.item}{'w' if d.withheld else ''}" for d in meeting.declarations)
    for item in content.items:
        digest = digests.get(item.source, "")
        tokens[id(item)] = f"Item:{item.id}:{digest}:{bool(item.exempt)}"
        for part in (*item.decisions, *item.actions, *item.updates):
            tokens[id(part)] = f"{type(part).__name__}:{part.id}:{digest}"
    return tokens


class Fingerprinter:
    """Hashes values; `tokens` must outlive the objects it names (it holds them by id() for one build)."""

    BIG = 16  # containers at least this long are hashed once per build and stand for their hash after that

    def __init__(self, tokens: dict[int, str]):
        self.tokens = tokens
        self.big: dict[int, tuple] = {}  # id -> (the object, kept alive so its id is not reused; its hash)

    def __call__(self, value) -> str:
        if type(value) is str:  # rendered markdown, mostly: hash the text itself, not its repr
            return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        return self.hash(self.walk(value))

    @staticmethod
    def hash(walked) -> str:
        return hashlib.blake2b(repr(walked).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()

    def walk(self, value):
        kind = type(value)
        if kind in ATOMS:
            return value
        token = self.tokens.get(id(value))
        if token is not None:
            return token
        if kind is tuple or kind is list or kind is dict or isinstance(value, Mapping):
            if len(value) < self.BIG:
                return self._walk_container(value)
            # Register pages share long lists (every owner, every year): walk each once, not once per page.
            found = self.big.get(id(value))
            if found is None:
                found = self.big[id(value)] = (value, "#" + self.hash(self._walk_container(value)))
            return found[1]
        names = FIELDS.get(kind)
        if names is None and dataclasses.is_dataclass(value):
            names = FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
        if names is not None:
            # The same record often sits in several facts (a trail under its status, owner and board): once.
            found = self.big.get(id(value))
            if found is None:
                # Kept as its hash, not as the walked tuples: a build walks every record of every fact, and
                # keeping those copies cost ~0.5 GB at 100k items.
                walked = (kind.__name__, *(self.walk(getattr(value, name)) for name in names))
                found = self.big[id(value)] = (value, "@" + self.hash(walked))
            return found[1]
        if isinstance(value, str | int | float | dt.date | dt.time):  # subclasses (RecordedNow, enums)
            return repr(value)
        if isinstance(value, set | frozenset):
            return tuple(sorted(repr(self.walk(v)) for v in value))
        if hasattr(value, "__dict__") and not callable(value):
            return (kind.__name__, self.walk(vars(value)))
        if isinstance(value, bytes):
            return hashlib.blake2b(value, digest_size=12).hexdigest()
        # Anything else (a function, an object with an address in its repr) hashes differently every build:
        # the page that holds it is simply always re-rendered.
        return repr(value)

    def _walk_container(self, value):
        if type(value) is tuple or type(value) is list:
            return tuple([self.walk(v) for v in value])
        return tuple([(self.walk(k), self.walk(v)) for k, v in value.items()])


ATOMS = frozenset((str, int, float, bool, type(None), dt.date, dt.datetime, dt.time))
FIELDS: dict[type, tuple[str, ...]] = {}


ID_FACTS = ("kinds", "item_of", "backlinks", "followed_by", "items_by_meeting", "meetings_by_board", "withheld")
MODEL_FIELDS = ("boards", "people", "meetings", "items", "papers", "decisions", "actions", "updates")


def clock_reads(keys) -> tuple[bool, bool]:
    """(reads the time, reads the date) for a set of recorded keys: a global fact that follows the clock
    (graph.facts.DATED) is read as the date."""
    now = today = False
    for key in keys:
        if key[0] == "g":
            if key[1] in ("now", ALL):
                now = True
            elif key[1] == "today" or key[1] in DATED:
                today = True
    return now, today


def key_fingerprint(key: tuple, graph, inputs: dict, fp: Fingerprinter, memo: dict) -> str | None:
    """The fingerprint of what a dependency key reads in this build; None when it cannot be known (the page
    must be re-rendered). A key that stops existing reads MISSING, which changes its fingerprint too.
    `inputs` holds what is not in the graph: {("layout", name): source hash, ("asset", name): its file, ...}."""
    if key in memo:
        return memo[key]
    ns = key[0]
    if ns == "id":
        ident = key[1]
        value = [getattr(graph, name).get(ident, MISSING) for name in MODEL_FIELDS]
        value += [getattr(graph, name).get(ident, MISSING) for name in ID_FACTS]
        value.append(ident in graph.drafts)
    elif ns == "g":
        if key == ("g", ALL):
            memo[key] = None  # an unmirrored Graph method was called: see `RecordingGraph`
            return None
        if key == ("g", "today"):
            memo[key] = found = fp(graph.now.date())
            return found
        source = getattr(graph, key[1], MISSING)
        if len(key) == 2 or source is MISSING:
            value = source
        elif not isinstance(source, Mapping) or key[2] == ALL:
            value = source  # a whole dict (or a field that is no longer one: read whole)
        else:
            value = source.get(key[2], MISSING)
    else:
        value = inputs.get(key, MISSING)
    memo[key] = found = fp(value)
    return found
