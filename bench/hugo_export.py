"""Writes the same corpus as a Hugo site, so Hugo can be measured doing comparable work.

Mapping: meetings are branch bundles (content/meetings/<meeting-id>/_index.md) whose items are pages
(<number>.md), so URLs match ours (/meetings/<id>/<number>/). Boards, people and actions are page sections;
decisions get one list page per year. [[id]] references become an `xref` shortcode that looks the target up
with site.GetPage, which is the work (and the failure on a dangling id) our builder does too.
"""

import re
import shutil
from pathlib import Path

from agenda import Agenda, Item, Meeting
from native import SITE, document
from textgen import TOPICS
from world import World

LAYOUTS = Path(__file__).resolve().parent / "hugo" / "layouts"
_REF = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")
_DERIVED_DECISION = re.compile(r"d-(.+)-([0-9]+[a-z]?)-[0-9]+")

CONFIG = """baseURL = "https://example.org/papers/"
title = "{title}"
locale = "en-GB"
timeZone = "Europe/London"
enableRobotsTXT = false
disableKinds = ["sitemap"]

[taxonomies]
  topic = "topics"

[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]

[pagination]
  pagerSize = 200

[services.rss]
  limit = 50

[markup.goldmark.renderer]
  unsafe = false
"""



class Exporter:
    def __init__(self, world: World, out: Path):
        self.w, self.out = world, out
        self.content = out / "content"
        self.decision_paths: dict[str, str] = {}  # explicit decision id -> item path (few: 3%)
        self.actions: dict[str, dict] = {}  # open actions that may still get updates
        self.files = 0

    def resolve(self, ref: str) -> tuple[str, str]:
        """Target page path and anchor of a [[ref]]."""
        if ref.startswith("topic:"):
            return f"/topics/{ref[6:]}", ""
        if "/" in ref or re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-", ref):
            return f"/meetings/{ref}", ""
        if ref.startswith("a-") or "-action-" in ref:
            return f"/actions/{ref}", ""
        if ref in self.decision_paths:
            return self.decision_paths[ref], ref
        m = _DERIVED_DECISION.fullmatch(ref)
        if m:
            return f"/meetings/{m[1]}/{m[2]}", ref
        return (f"/boards/{ref}" if ref in self.w.boards else f"/people/{ref}"), ""

    def body(self, text: str) -> str:
        def repl(m: re.Match) -> str:
            path, anchor = self.resolve(m[1])
            return f'{{{{< xref path="{path}" anchor="{anchor}" label="{m[2] or ""}" >}}}}'
        return _REF.sub(repl, text)

    def write_page(self, rel: str, meta: dict, body: str) -> None:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document(meta, body))
        self.files += 1

    def meeting(self, m: Meeting) -> None:
        meta = dict(m.meta)
        host = meta.get("board") or meta["boards"][0]
        att = meta.get("attendance", {})
        people = [e["person"] for e in att.get("present", []) + att.get("substitutes", [])]
        people += att.get("officers", [])
        title = meta.pop("title", None) or f"{self.w.boards[host]['name']}, {m.date.day} {m.date:%B %Y}"
        head = {"title": title,
                "layout": "meeting", "host": host}
        head.update(meta)
        head["attendees"] = sorted(set(people))
        for key in ("next_meeting", "minutes_confirmed_at"):
            if isinstance(head.get(key), str):
                head[key] = f"/meetings/{head[key]}"
        self.write_page(f"meetings/{m.id}/_index.md", head, self.body(m.body))
        for weight, item in enumerate(m.items, 1):
            self.item(m, host, weight, item)

    def item(self, m: Meeting, host: str, weight: int, item: Item) -> None:
        meta = dict(item.meta)
        number = meta["number"]
        path = f"/meetings/{m.id}/{number}"
        head = {"title": meta.pop("title"), "date": m.date, "weight": weight, "meeting": m.id, "board": host}
        if "summary" in meta:
            meta["report_summary"] = meta.pop("summary")  # `summary` is Hugo's own field
        follows = meta.get("follows")
        if follows:
            meta["follows"] = [f"/meetings/{f}" for f in ([follows] if isinstance(follows, str) else follows)]
        decisions = []
        for n, d in enumerate(meta.get("decisions", []), 1):
            did = d.get("id") or f"d-{m.id}-{number}-{n}"
            if "id" in d:
                self.decision_paths[did] = path
            decisions.append({"id": did, "verb": d["verb"], "text": d["text"]})
        if decisions:
            meta["decisions"] = decisions
        actions = []
        for n, a in enumerate(meta.get("actions", []), 1):
            aid = a.get("id") or f"a-{m.id}-{number}-{n}"
            actions.append({"id": aid, **{k: v for k, v in a.items() if k != "id"}})
            owners = [a["owner"]] if isinstance(a["owner"], str) else a["owner"]
            page = {"title": a["text"], "date": m.date, "item": path, "owners": owners, "due": a.get("due"),
                    "status": "open", "updates": []}
            if meta.get("draft"):
                page["draft"] = True
                self.action_page(aid, page)
            else:
                self.actions[aid] = page
        if actions:
            meta["actions"] = actions
        for u in meta.get("updates", []):
            page = self.actions.get(u["action"])
            if page is not None:
                page["updates"].append({"meeting": f"/meetings/{m.id}", "item": path, **u})
                page["status"] = u["status"]
                if u["status"] == "done":
                    self.action_page(u["action"], self.actions.pop(u["action"]))
        head.update(meta)
        self.write_page(f"meetings/{m.id}/{number}.md", head, self.body(item.body))

    def action_page(self, aid: str, page: dict) -> None:
        page = {k: v for k, v in page.items() if v not in (None, [])}
        self.write_page(f"actions/{aid}.md", page, "")


def write(world: World, out: Path) -> int:
    ex = Exporter(world, out)
    (out / "hugo.toml").write_text(CONFIG.format(title=SITE["title"]))
    shutil.copytree(LAYOUTS, out / "layouts")
    for section, title in (("", SITE["title"]), ("boards", "Boards"), ("people", "People"),
                           ("meetings", "Meetings"), ("actions", "Actions"), ("decisions", "Decisions")):
        ex.write_page(f"{section}/_index.md" if section else "_index.md", {"title": title}, "")
    ex.write_page("topics/_index.md", {"title": "Topics"}, "")
    ex.write_page("search.md", {"title": "Search", "layout": "search"}, "")
    for tid, (label, _phrases) in TOPICS.items():
        ex.write_page(f"topics/{tid}/_index.md", {"title": label}, "")
    for bid, meta in world.boards.items():
        body = world.text.paragraph(world.board_topics[bid], 2005, 3, 5) + "\n"
        head = {"title": meta["name"], "short_name": meta["short_name"], "membership": meta["membership"]}
        ex.write_page(f"boards/{bid}.md", head, "Terms of reference.\n\n" + body)
    agenda = Agenda(world)
    years = set()
    for meeting in agenda.meetings():
        ex.meeting(meeting)
        years.add(meeting.date.year)
        for aid in agenda.retired:  # no more updates can come: write and forget
            if aid in ex.actions:
                ex.action_page(aid, ex.actions.pop(aid))
        agenda.retired.clear()
    for aid in list(ex.actions):
        ex.action_page(aid, ex.actions.pop(aid))
    for pid, meta in world.people.items():
        head = {"title": meta["name"], **{k: v for k, v in meta.items() if k != "name"}}
        ex.write_page(f"people/{pid}.md", head, world.bios.get(pid, ""))
    for year in sorted(years):
        ex.write_page(f"decisions/{year}.md", {"title": f"Decisions in {year}", "year": year}, "")
    return ex.files + 1
