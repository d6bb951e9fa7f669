"""Stage 3, validate: raw documents -> typed models (site config, boards, people, papers).

Meetings and agenda items, the larger part of the model, are in `validate_meetings`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from boardpapers.content.fields import Fields, partial_date, publishing, topic_list
from boardpapers.content.languages import check_languages
from boardpapers.content.models import (
    PAPER_TYPES,
    PERSON_KINDS,
    ROLES,
    Board,
    Content,
    Member,
    MunicipalYear,
    Paper,
    Person,
    Publishing,
    SiteConfig,
)
from boardpapers.content.read import RawDocument
from boardpapers.content.validate_meetings import validate_item, validate_meeting
from boardpapers.content.verbs import VERB_RE
from boardpapers.content.yamlread import YList, YMap
from boardpapers.core.diagnostics import Diagnostics, SourcePos

YEAR_RE = re.compile(r"^(\d{4})/(\d{2})\Z")


def validate(docs: tuple[RawDocument, ...], attachments, diags: Diagnostics) -> Content:
    config = SiteConfig(title="Board papers")
    boards, people, meetings, items, papers = [], [], [], [], []
    for doc in docs:
        kind = doc.source.kind
        if kind == "config":
            config = validate_config(doc, diags)
        elif kind == "board":
            boards.append(validate_board(doc, diags))
        elif kind == "person":
            people.append(validate_person(doc, diags))
        elif kind == "paper":
            papers.append(validate_paper(doc, diags))
        elif kind == "meeting":
            meetings.append(validate_meeting(doc, diags))
        elif kind == "item":
            items.append(validate_item(doc, diags))
    return Content(config, tuple(b for b in boards if b), tuple(p for p in people if p),
                   tuple(m for m in meetings if m), tuple(i for i in items if i),
                   tuple(p for p in papers if p), tuple(attachments))


def validate_config(doc: RawDocument, diags: Diagnostics) -> SiteConfig:
    f = Fields(doc.meta, doc.source.rel, diags, "site")
    base_url = f.text("base_url") or "/"
    if not valid_base_url(base_url):
        f.error("base_url", "bad-value", f"base_url '{base_url}' is not a URL or a path",
                "write https://example.org/papers/ or /papers/")
        base_url = "/"
    config = SiteConfig(
        title=f.text("title", required=True) or "Board papers",
        organisation=f.text("organisation"),
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        language=f.text("language") or "en-GB",
        timezone=f.text("timezone") or "Europe/London",
        licence=f.text("licence"),
        licence_url=f.text("licence_url"),
        contact_email=f.text("contact_email"),
        description=f.text("description"),
        contact_url=f.text("contact_url"),
        accessibility_reviewed=f.date("accessibility_reviewed"),
        abbreviations=_abbreviations(f),
        decision_verbs=_decision_verbs(f),
    )
    languages = check_languages(f, f.text("language"))
    if languages:
        config = replace(config, language=languages[0], languages=languages)
    if not (config.contact_email or config.contact_url):
        # The accessibility statement must say how to ask for another format or report a problem (the 2018
        # accessibility regulations): a site without a contact is not published.
        f.error(None, "missing-field", "site.yaml has no contact_email (or contact_url): the accessibility "
                "statement must say how to contact you", "add `contact_email: clerk@example.org`")
    if not config.accessibility_reviewed:
        f.diags.warning(f.pos(), "missing-field", "site.yaml has no accessibility_reviewed: the accessibility "
                        "statement gives no date it was last reviewed", "add `accessibility_reviewed: 2026-12-01`")
    if config.contact_url and not re.match(r"^https?://[^\s\"'<>]+\Z", config.contact_url):
        f.error("contact_url", "bad-value", f"contact_url '{config.contact_url}' is not a web address",
                "write it as https://...")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(config.timezone)
    except Exception:  # zoneinfo raises several types for a bad key; all mean the same to the author
        f.error("timezone", "bad-value", f"unknown time zone '{config.timezone}'", "e.g. Europe/London")
    # Both end up in every page (a link's href, the lang attribute and the search index's file names).
    if config.licence_url and not re.match(r"^https?://[^\s\"'<>]+\Z", config.licence_url):
        f.error("licence_url", "bad-value", f"licence_url '{config.licence_url}' is not a web address",
                "write it as https://...")
    if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z", config.language):
        f.error("language", "bad-value", f"language '{config.language}' is not a language tag", "e.g. en-GB")
    f.finish()
    return config


def valid_base_url(base_url: str) -> bool:
    """An http(s) address or an absolute path, that every tool reads the same way: not //host/ (another site), no
    backslash (browsers read /\\host/ as //host/), no query or fragment, and a host urlsplit can take apart
    (https://[::1/ passes a pattern, then raises in every page that builds a URL)."""
    if "\\" in base_url or not re.match(r"^(https?://[^/\s]+)?/(?!/)[^\s]*\Z", base_url):
        return False
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return False
    if parts.query or parts.fragment or "?" in base_url or "#" in base_url:
        return False
    return not parts.scheme or bool(parts.hostname)


def _abbreviations(f: Fields) -> tuple[tuple[str, str], ...]:
    """`abbreviations: {CPC: Corporate Peer Challenge}`: jargon the pages expand on first use."""
    value = f.raw("abbreviations")
    if value is None:
        return ()
    if not isinstance(value, YMap):
        f.error("abbreviations", "wrong-type", "'abbreviations' must map short forms to what they stand for",
                "e.g. `CPC: Corporate Peer Challenge`")
        return ()
    found = []
    for short, long in value.items():
        if not re.match(r"^[A-Za-z][A-Za-z0-9&]{1,11}\Z", str(short)) or not isinstance(long, str) or not long.strip():
            f.diags.error(SourcePos(f.rel, *value.pos_of(short)), "bad-value",
                          f"abbreviation '{short}' must be a word of 2 to 12 letters or digits, with what it "
                          "stands for as text", "e.g. `CPC: Corporate Peer Challenge`")
            continue
        found.append((str(short), " ".join(long.split())))
    return tuple(found)


def _decision_verbs(f: Fields) -> tuple[str, ...]:
    """site.yaml `decision_verbs: [commended, ...]`: verbs the site's minutes use beyond the default list."""
    verbs = f.text_list("decision_verbs")
    for verb in verbs:
        if not VERB_RE.match(verb):
            f.error("decision_verbs", "bad-value", f"decision verb '{verb}' is not a lower-case word or phrase",
                    "e.g. decision_verbs: [commended, provided guidance]")
    return tuple(v for v in verbs if VERB_RE.match(v))


def validate_board(doc: RawDocument, diags: Diagnostics) -> Board | None:
    board_id = doc.source.id
    f = Fields(doc.meta, doc.source.rel, diags, board_id)
    name = f.text("name", required=True)
    short_name = f.text("short_name")
    years = []
    membership = f.raw("membership")
    if membership is not None and not isinstance(membership, YMap):
        f.error("membership", "wrong-type", "'membership' must map municipal years (2012/13) to member lists")
    elif membership:
        every = f.blank("draft_membership")  # present but empty: which years wait is unknown, so all do
        drafts = set(membership) if every else set(f.text_list("draft_membership"))
        for label, members in membership.items():
            before = len(f.refs)
            year = _municipal_year(f, membership, label, members)
            if year and label in drafts:
                # an imported year: withheld (with the references it makes) until `publish` clears the flag
                year = replace(year, draft=True, refs=tuple(f.refs[before:]))
                del f.refs[before:]
            years.append(year)
        for label in sorted(drafts - set(membership)):
            f.error("draft_membership", "bad-value", f"draft_membership names {label}, which is not a year of "
                    "the membership", "list only years under `membership:`")
    else:
        f.text_list("draft_membership")
    f.finish()
    years = [y for y in years if y]
    return Board(board_id, name, short_name, tuple(sorted(years, key=lambda y: y.start)), doc.body,
                 doc.source.rel, tuple(f.refs), doc.body_line)


def _municipal_year(f: Fields, membership: YMap, label: str, members) -> MunicipalYear | None:
    pos = SourcePos(f.rel, *membership.pos_of(label))
    match = YEAR_RE.match(label)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)) or not 1900 <= int(match.group(1)) < 2200:
        f.diags.error(pos, "bad-value", f"'{label}' is not a municipal year", "write it like 2012/13")
        return None
    start_year = int(match.group(1))
    start, end = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
    if not isinstance(members, YList):
        f.diags.error(pos, "wrong-type", f"membership {label} must be a list of members")
        return None
    holder = YMap({"members": members})
    holder.key_pos["members"] = membership.pos_of(label)
    out = []
    for m in f.sub(holder).maps("members"):
        person = m.ref("person", "person", required=True)
        role = m.choice("role", ROLES, default="Member")
        member = Member(person, role, m.text("group"), m.text("council"), m.date("from"), m.date("until"))
        m.finish(f"membership {label}")
        if person:
            out.append(member)
    return MunicipalYear(label, start, end, tuple(out))


def validate_person(doc: RawDocument, diags: Diagnostics) -> Person | None:
    person_id = doc.source.id
    f = Fields(doc.meta, doc.source.rel, diags, person_id)
    person = Person(
        id=person_id,
        name=f.text("name", required=True),
        honours=f.text_list("honours"),
        kind=f.choice("kind", PERSON_KINDS, default="councillor"),
        council=f.text("council"),
        organisation=f.text("organisation"),
        position=f.text("position"),
        body=doc.body,
        source=doc.source.rel,
        refs=tuple(f.refs),
        body_line=doc.body_line,
        publishing=Publishing(draft=f.blank("draft") or f.flag("draft")),  # blank: an error, and a draft
    )
    f.finish()
    return person


def validate_paper(doc: RawDocument, diags: Diagnostics) -> Paper | None:
    paper_id = doc.source.id
    f = Fields(doc.meta, doc.source.rel, diags, paper_id)
    date, precision = partial_date(f, "date")
    paper = Paper(
        id=paper_id,
        title=f.text("title", required=True),
        board=f.ref("board", "board", required=True),
        paper_type=f.choice("paper_type", PAPER_TYPES, default="report"),
        date=date,
        date_precision=precision,
        author=f.ref("author", "person"),
        summary=f.text("summary"),
        topics=topic_list(f),
        body=doc.body,
        publishing=publishing(f),
        source=doc.source.rel,
        refs=tuple(f.refs),  # keyword arguments are evaluated in order: every ref above is in by now
        body_line=doc.body_line,
    )
    f.finish()
    return paper
