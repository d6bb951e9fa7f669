"""Names in the papers -> person ids in content/people/, and stubs for the people not there yet.

Names are compared without titles (Cllr, Professor, Sir ...) and honours (OBE, CBE ...), ignoring case and
apostrophes, so "Cllr Teresa O'Neill" finds teresa-oneill and "Sir David Williams CBE" finds david-williams. A
surname alone ("Cllr Fleming") matches when one person has it; a near miss ("Glen Milller") matches a person
with the same first name or surname and is reported, so the clerk checks it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .emit import read_front
from .text import slug

TITLES = {"cllr", "cllr.", "councillor", "professor", "prof", "prof.", "dr", "dr.", "mr", "mr.", "mrs", "mrs.",
          "ms", "ms.", "miss", "sir", "dame", "lord", "lady", "baroness", "baron", "rt", "hon", "rev", "revd"}
HONOURS = {"OBE", "MBE", "CBE", "KBE", "DBE", "JP", "DL", "CB", "FRSA", "QC", "KC", "MP", "MEP"}
NAME_WORD = r"[A-Z][A-Za-z'’\-]+"
NAME_RE = re.compile(rf"^(?:(?:Cllr\.?|Councillor|Professor|Prof\.?|Dr\.?|Sir|Dame|Mr|Mrs|Ms)\s+)?"
                     rf"{NAME_WORD}(?:\s+(?:{NAME_WORD}|Mc{NAME_WORD}|de|van|von)){{0,3}}"
                     rf"(?:\s+(?:{'|'.join(sorted(HONOURS))}))*$")


def split_name(raw: str) -> tuple[list[str], str, list[str]]:
    """'Cllr Jill Shortland OBE' -> (['Cllr'], 'Jill Shortland', ['OBE'])."""
    words = re.sub(r"[,;.]+$", "", raw.strip()).split()
    titles, honours = [], []
    while words and words[0].lower() in TITLES:
        titles.append(words.pop(0))
    while words and words[-1].strip(",") in HONOURS:
        honours.insert(0, words.pop().strip(","))
    return titles, " ".join(words), honours


def key(name: str) -> str:
    return re.sub(r"[^a-z ]", "", split_name(name)[1].lower().replace("-", " ")).strip()


def looks_like_name(text: str) -> bool:
    return bool(NAME_RE.match(text.strip().rstrip(",")))


# Words that make a capitalised phrase something other than a person: a group, a body, a role, a table's word.
NOT_NAME_WORDS = {"group", "party", "council", "board", "committee", "association", "authority", "borough",
                  "county", "city", "district", "chair", "chairman", "vice", "deputy", "member", "members",
                  "substitute", "substitutes", "observer", "observers", "officer", "officers", "apologies",
                  "present", "item", "agenda", "yes", "no", "labour", "conservative", "liberal", "democrat",
                  "independent", "lga", "local", "government", "square", "street", "road",
                  "london", "england", "wales", "office", "team", "programme", "minutes", "note", "action",
                  "decision", "decisions", "actions", "report", "update", "meeting", "the", "and", "of",
                  "monday", "tuesday", "wednesday", "thursday", "friday", "january", "february", "march", "july",
                  "september", "october", "november", "december"}


def reads_as_name(text: str) -> bool:
    """A person's name, and not a word a table or OCR made into a cell ('Yes', 'res', 'Brexit'), a phone
    number, an e-mail address, a council, a political group or a role: two to four capitalised words, after
    titles and honours, none of them a word of those."""
    text = text.strip().rstrip(",.")
    if not looks_like_name(text) or "@" in text or re.search(r"\d", text) or is_council(text):
        return False
    titles, name, _ = split_name(text)
    words = name.split()
    if not 2 <= len(words) <= 4 and not (titles and len(words) == 1):
        return False
    if any(w.lower().strip("'’") in NOT_NAME_WORDS for w in words):
        return False
    return all(len(w) >= 2 or w.lower() in ("de", "van", "von") for w in words)


@dataclass
class Stub:
    id: str
    name: str
    honours: list[str]
    kind: str
    council: str = ""
    organisation: str = ""
    position: str = ""
    source: str = ""  # the text it was created from
    line: int = 0  # where in the source it was first read

    def fields(self) -> dict:
        out: dict = {"name": self.name}
        if self.honours:
            out["honours"] = self.honours
        out["kind"] = self.kind
        for name in ("council", "organisation", "position"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        out["draft"] = True  # not published until `publish` of the meeting that brought it in
        return out


@dataclass
class People:
    names: dict = field(default_factory=dict)  # key -> id
    ids: set = field(default_factory=set)
    stubs: dict = field(default_factory=dict)  # id -> Stub
    approximate: dict = field(default_factory=dict)  # source text -> id, for the summary
    councils: dict = field(default_factory=dict)  # id -> council of the people/ files already there
    printed: dict = field(default_factory=dict)  # id -> council the papers print where it is not the known one
    refused: list = field(default_factory=list)  # (text, line) that was asked for as a person but is not a name

    @classmethod
    def load(cls, content_dir: Path) -> People:
        people = cls()
        folder = content_dir / "people"
        for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            people.ids.add(path.stem)
            meta, _ = read_front(path)
            name = str(meta.get("name") or "") if meta else ""
            people.add(name or path.stem.replace("-", " "), path.stem)
            if meta and meta.get("council"):
                people.councils[path.stem] = str(meta["council"])
        return people

    def council_of(self, person_id: str) -> str:
        stub = self.stubs.get(person_id)
        return stub.council if stub else self.councils.get(person_id, "")

    def add(self, name: str, person_id: str) -> None:
        self.names.setdefault(key(name), person_id)

    def resolve(self, raw: str, surname_only: bool = True) -> str | None:
        """A person id for a name as written, or None."""
        wanted = key(raw)
        if not wanted:
            return None
        if wanted in self.names:
            return self.names[wanted]
        parts = wanted.split()
        if len(parts) == 1 and surname_only:
            found = {pid for k, pid in self.names.items() if k.split()[-1:] == parts}
            return found.pop() if len(found) == 1 else None
        if len(parts) >= 2:
            close = difflib.get_close_matches(wanted, list(self.names), n=3, cutoff=0.84)
            for candidate in close:
                cparts = candidate.split()
                if cparts[-1] == parts[-1] or cparts[0] == parts[0]:
                    self.approximate[raw.strip()] = self.names[candidate]
                    return self.names[candidate]
        return None

    def closest(self, raw: str, among: list[str], cutoff: float = 0.8) -> str:
        """The person among `among` (ids) whose name is nearest to `raw` (an OCR misspelling), or ''."""
        wanted = key(raw)
        best, score = "", cutoff
        for name, person in self.names.items():
            if person not in among:
                continue
            ratio = difflib.SequenceMatcher(None, wanted, name).ratio()
            if ratio >= score:
                best, score = person, ratio
        return best

    def resolve_or_stub(self, raw: str, kind: str, detail: str = "", line: int = 0) -> str:
        """A person id; a stub (people/<id>.md to be written) when the name is new; '' when the text does not
        read as a person's name (no stub is ever made for 'Yes', a phone number or a council)."""
        found = self.resolve(raw, surname_only=False)
        if found:
            stub = self.stubs.get(found)
            if stub and stub.kind == "councillor" and not stub.council and detail and is_council(detail):
                # a member the list gave without a council, printed beside one here (the note's attendance
                # table): the person file made by this import gets it
                stub.council = detail
            return found
        if not reads_as_name(raw):
            self.refused.append((raw.strip(), line))
            return ""
        titles, name, honours = split_name(raw)
        if any(t.lower().startswith(("cllr", "councillor")) for t in titles):
            kind = "councillor"
        if any(t.lower() in ("sir", "dame", "lord", "lady", "professor", "dr", "dr.") for t in titles):
            name = f"{' '.join(t for t in titles if not t.lower().startswith(('cllr', 'councillor')))} {name}"
        base = slug(split_name(raw)[1], 50) or "person"
        person_id, n = base, 2
        while person_id in self.ids:
            person_id, n = f"{base}-{n}", n + 1
        stub = Stub(person_id, name.strip(), honours, kind, source=raw.strip(), line=line)
        if detail:
            if kind == "councillor" and is_council(detail):
                stub.council = detail
            elif kind in ("councillor", "officer"):
                stub.position = detail
            else:
                stub.organisation = detail
        self.ids.add(person_id)
        self.stubs[person_id] = stub
        self.add(raw, person_id)
        return person_id

    def split_run(self, cell: str) -> list[str]:
        """Names a PDF table merged into one cell: 'Cllr Paul Bettison Cllr Bryony Rudkin Philip Sellwood' ->
        ['Cllr Paul Bettison', 'Cllr Bryony Rudkin', 'Philip Sellwood']. Known names first (longest match),
        the rest split at titles, then in pairs of words."""
        cell = re.sub(r"\s+", " ", cell.strip().rstrip("."))
        if "," in cell or ";" in cell or " and " in cell:
            parts = re.split(r"\s*[,;]\s*|\s+and\s+", cell)
            return [p.strip().rstrip(".") for p in parts if p.strip().rstrip(".")]
        words = cell.split()
        if len(words) <= 4:
            return [cell] if cell else []
        out, unknown, index = [], [], 0
        while index < len(words):
            for end in range(min(len(words), index + 6), index + 1, -1):
                chunk = " ".join(words[index:end])
                if key(chunk) in self.names and len(key(chunk).split()) >= 2:
                    out.extend(_split_unknown(unknown))
                    unknown = []
                    out.append(chunk)
                    index = end
                    break
            else:
                unknown.append(words[index])
                index += 1
        return out + _split_unknown(unknown)


def _split_unknown(words: list[str]) -> list[str]:
    out, current = [], []
    for word in words:
        if word in HONOURS and out and not current:
            out[-1] += f" {word}"
            continue
        current.append(word)
        if len([w for w in current if w.lower() not in TITLES]) >= 2:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


COUNCIL_KINDS = r"Council|CC|DC|LB|BC|MBC|MDC|CBC|RBC|UA|Corporation|County|City|Borough|Unitary\s+Authority"
COUNCIL_WORDS = rf"\b(?:{COUNCIL_KINDS}|of|the|and)\b"


def is_council(text: str) -> bool:
    """'Sevenoaks DC', 'Wirral UA', 'City of London Corporation', 'Essex County Council'."""
    return bool(re.search(rf"\b(?:{COUNCIL_KINDS})\b", text))


def same_council(a: str, b: str) -> bool:
    """'Bradford City' and 'Bradford MDC' are one council written two ways: compare the place names."""
    def place(text: str) -> str:
        return " ".join(re.sub(COUNCIL_WORDS, " ", text, flags=re.I).lower().split())

    return place(a) == place(b)


def people_warnings(people: People, line_of, warnings) -> None:
    """The import's doubts about people, each at the first source line that shows the name (`line_of`)."""
    for source, person in sorted(people.approximate.items()):
        warnings.warn(line_of(source), "fuzzy-name", f"'{source}' was matched to {person} (spelling differs): "
                      "check it")
    for text, line in people.refused:
        warnings.warn(line or line_of(text), "not-a-name", f"'{text}' was read where a person belongs but is "
                      "not a name: no person was made for it")
    for stub in people.stubs.values():
        if re.search(r"(.)\1\1|[a-z][A-Z]{2}|\b[A-Za-z]\b(?!['’.])", split_name(stub.name)[1]):
            warnings.warn(stub.line, "ocr-name", f"new person '{stub.name}' looks misread: check it")
