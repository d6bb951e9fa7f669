"""Files to subscribe to, download and host with: calendars, the feed, open data, sitemap, robots.txt, .nojekyll.

All but the /data/ page are `produce` jobs: functions of the site view that return bytes. Each depends on the
whole graph (a new decision changes the feed, the data and the sitemap), so its `deps` name every id and an
incremental rebuild never leaves one stale.
"""

from __future__ import annotations

import dataclasses
from functools import partial

from boardpapers.graph.link import Graph
from boardpapers.outputs import feed, follow, ical, opendata, sitemap
from boardpapers.outputs.opendata_schema import DATASETS
from boardpapers.pages.job import PageJob


def pages(graph: Graph):
    for job in _outputs(graph):
        # A --drafts preview makes the files other programs read (they show no banner) without its drafts.
        if graph.drafts and job.produce and job.path.endswith(PUBLISHED_ONLY) and job.path != "sitemap.xml":
            job = dataclasses.replace(job, produce=published_only(job.produce))
        yield job


PUBLISHED_ONLY = (".ics", ".xml", ".json", ".zip")  # calendars, feeds, open data (the sitemap lists our pages)


def _outputs(graph: Graph):
    everything = frozenset(graph.kinds)
    yield PageJob("calendar.ics", produce=ical.calendar_bytes, deps=everything)
    for board_id in graph.boards:
        yield PageJob(f"boards/{board_id}/calendar.ics", produce=partial(ical.calendar_bytes, board_id=board_id),
                      source=graph.boards[board_id].source, deps=everything)
    # One calendar file per meeting with a day ("Add to calendar"): what it reads is recorded as it is made.
    for meeting in graph.meetings.values():
        if meeting.date_precision == "day" and meeting.id not in graph.drafts:  # a preview's draft has none
            yield PageJob(f"meetings/{meeting.id}/meeting.ics", source=meeting.source,
                          produce=partial(ical.meeting_calendar_bytes, meeting_id=meeting.id))
    for meeting in graph.announced.values():
        if meeting.has_page and meeting.announced_by not in graph.drafts:  # a preview: not a date only a draft gives
            yield PageJob(f"meetings/{meeting.id}/meeting.ics",
                          produce=partial(ical.meeting_calendar_bytes, meeting_id=meeting.id))
    yield PageJob("feed.xml", produce=feed.feed_bytes, deps=everything)
    for lang in graph.config.languages[1:]:  # the feed of each other language's pages (pages.translated)
        folder = lang.split("-", 1)[0].lower() + "/"
        yield PageJob(folder + "feed.xml", view={"lang": lang}, produce=feed.language_feed_bytes, deps=everything)
    # A feed per board, topic and person: its entries chosen by the graph stage (graph.follow; a preview's
    # without its drafts), their text read (and recorded) as it renders.
    for subject, refs in graph.feeds.items():
        yield PageJob(follow.feed_path(subject), produce=partial(follow.feed_bytes, subject=subject, refs=refs))
    yield from data_pages(everything)
    yield PageJob("robots.txt", produce=sitemap.robots_bytes)
    yield PageJob(".nojekyll", produce=sitemap.nojekyll_bytes)


class published_only:
    """A file's `produce` function, made from the site without --drafts' drafts (SiteView.published_view)."""

    def __init__(self, produce):
        self.func = getattr(produce, "func", produce)  # for the render pool, which groups jobs by function
        self.produce = produce

    def __call__(self, site) -> bytes:
        published = site.published_view()
        if published is not site:  # a feed in another language keeps its language
            published.page_lang, published.page_env = site.page_lang, site.page_env
        return self.produce(published)


def data_pages(deps: frozenset):
    files = []
    for dataset in DATASETS:
        name = dataset.name
        yield PageJob(f"data/{name}.json", produce=partial(opendata.dataset_json, name=name), deps=deps)
        yield PageJob(f"data/{name}.csv.zip", produce=partial(opendata.dataset_csv_zip, name=name), deps=deps)
        yield PageJob(f"data/schema/{name}.json", produce=partial(opendata.dataset_schema, name=name))
        files.append((dataset, f"data/{name}.json", f"data/{name}.csv.zip", f"data/schema/{name}.json"))
    yield PageJob("data/popolo.json", produce=opendata.popolo_json, deps=deps)
    yield PageJob("data/index.html", "data.html", {"title": "Open data", "datasets": files})


def sitemap_job(graph: Graph, html_paths: list[str], alternates: dict | None = None) -> PageJob:
    """The sitemap lists every routed HTML page, so the route stage makes it from its finished table (and the
    language versions of each page: pages.translated)."""
    return PageJob("sitemap.xml", produce=partial(sitemap.sitemap_bytes, output_paths=html_paths,
                                                  alternates=alternates or None),
                   deps=frozenset(graph.kinds))
