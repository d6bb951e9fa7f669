"""The people index: everyone the papers name, A to Z by surname, with a page per kind (councillors, officers,
observers, guests) and per political group, so the filters work on a static host without JavaScript.

A person's party is the political group of their latest board seat that names one (boards' `membership`);
officers and guests have none. Filter pages live under /people/kind/<kind>/ and /people/party/<group>/: person
ids are single words without a slash, so they cannot clash with them.
"""

from __future__ import annotations

import re

from boardpapers.content.models import PERSON_KINDS
from boardpapers.graph.link import Graph, surname
from boardpapers.pages.job import PageJob

KIND_LABELS = {"councillor": "Councillors", "officer": "Officers", "observer": "Observers", "guest": "Guests"}


def pages(graph: Graph):
    party = parties(graph)
    kinds = [k for k in PERSON_KINDS if any(p.kind == k for p in graph.people.values())]
    groups = sorted(set(party.values()))
    slugs = unique_slugs(groups)
    filters = [("Everyone", [("All", "people/")]),
               ("By kind", [(KIND_LABELS[k], f"people/kind/{k}/") for k in kinds]),
               ("By party", [(g, f"people/party/{slugs[g]}/") for g in groups])]
    filters = [(label, links) for label, links in filters if links]
    def view(title: str, current: str, chosen: list) -> dict:
        return {"title": title, "current": current, "filters": filters, "letters": by_letter(chosen),
                "party": {p.id: party[p.id] for p in chosen if p.id in party}}

    yield PageJob("people/index.html", "people.html", view("People", "people/", list(graph.people.values())))
    for kind in kinds:
        yield PageJob(f"people/kind/{kind}/index.html", "people.html",
                      view(KIND_LABELS[kind], f"people/kind/{kind}/",
                           [p for p in graph.people.values() if p.kind == kind]))
    for group in groups:
        yield PageJob(f"people/party/{slugs[group]}/index.html", "people.html",
                      view(f"{group} members", f"people/party/{slugs[group]}/",
                           [p for p in graph.people.values() if party.get(p.id) == group]))


def parties(graph: Graph) -> dict[str, str]:
    """person id -> the political group of their latest board seat that gives one."""
    found: dict[str, tuple] = {}
    for board in graph.boards.values():
        for year in board.years:
            for member in year.members:
                if member.group and (member.person not in found or found[member.person][0] <= year.start):
                    found[member.person] = (year.start, member.group)
    return {person: group for person, (_, group) in sorted(found.items()) if person in graph.people}


def by_letter(people) -> list[tuple[str, list]]:
    """[(letter, people)] by the first letter of the surname, in the graph's (surname) order."""
    letters: dict[str, list] = {}
    for person in people:
        letter = (surname(person.name)[:1] or "#").upper()
        letters.setdefault(letter if letter.isalpha() else "#", []).append(person)
    return sorted(letters.items())


def unique_slugs(groups: list[str]) -> dict[str, str]:
    """group -> its URL segment ("Liberal Democrat" -> liberal-democrat): lower-case letters, digits and
    hyphens, at most 40 characters, a number added when two groups would share one."""
    found: dict[str, str] = {}
    for group in groups:
        base = re.sub(r"[^a-z0-9]+", "-", group.lower())[:40].strip("-") or "group"
        slug, n = base, 2
        while slug in found.values():
            slug, n = f"{base}-{n}", n + 1
        found[group] = slug
    return found
