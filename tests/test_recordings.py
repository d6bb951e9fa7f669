"""Webcasts (issue 17, part 3): a meeting's recordings and each item's start in them. Pages link to the recording
at the item's time where the provider's address allows it, and never embed a player or a third party's script.
Error cases: tests/fixtures/errors (recording-fields, recording-refs)."""

from __future__ import annotations

import json
import re

import pytest
from test_votes import page, squash

from boardpapers.content import records
from boardpapers.content.fields import Fields
from boardpapers.content.yamlread import load
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.graph.recordings import at_time, clock, length

RECORDED = ("meetings/2014-01-21-iib/index.html", "meetings/2014-01-21-iib/1/index.html",
            "meetings/2014-01-21-iib/2/index.html", "meetings/2014-01-21-iib/4/index.html",
            "meetings/2014-01-21-iib/5/index.html")


@pytest.mark.parametrize("url, expected", [
    ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc&t=2530"),
    ("https://www.youtube.com/watch?v=abc&t=10s#x", "https://www.youtube.com/watch?v=abc&t=2530"),
    ("https://youtu.be/abc", "https://youtu.be/abc?t=2530"),
    ("https://vimeo.com/123", "https://vimeo.com/123#t=2530s"),
    ("https://media.example.org/council/2014-01-21.mp4", "https://media.example.org/council/2014-01-21.mp4#t=2530"),
    ("https://media.example.org/council/2014-01-21.MP3?x=1", "https://media.example.org/council/2014-01-21.MP3?x=1#t=2530"),
    ("https://council.public-i.tv/core/portal/webcast_interactive/1", None),
])
def test_links_open_at_the_time_where_the_provider_allows(url, expected):
    assert at_time(url, 2530) == expected


def test_times_are_written_and_read_as_hours_minutes_seconds():
    assert clock(2530) == "0:42:10" and clock(9060) == "2:31:00"
    assert length(9060) == "2 h 31 min" and length(2700) == "45 min" and length(30) == "30 s"
    diags = Diagnostics()
    f = Fields(load("a: 0:42:10\nb: 151\nc: 2:31:00\nd: '42:10'\ne: 1:60:00\n"), "x.md", diags, "m")
    assert records.clock(f, "a") == 2530 and records.clock(f, "b", minutes=True) == 9060
    assert records.clock(f, "c", minutes=True) == 9060
    assert records.clock(f, "d") is None and records.clock(f, "e") is None and records.clock(f, "b") is None
    assert [d.code for d in diags.items] == ["bad-time"] * 3


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://", "ftp://example.org/x.mp4", "//example.org/x",
                                 'https://example.org/"onmouseover="x', "https://exa mple.org/", "https://[::1/x"])
def test_only_http_addresses_are_recordings(url):
    assert not records.good_url(url)


def test_the_item_page_links_to_its_start(records_outputs):
    item = page(records_outputs, "meetings/2014-01-21-iib/2/index.html")
    assert ('<a href="https://www.youtube.com/watch?v=abc123XYZ_0&amp;t=2530">watch this item from 0:42:10</a>'
            in item)
    budget = page(records_outputs, "meetings/2014-01-21-iib/4/index.html")  # in the second recording
    assert '<a href="https://vimeo.com/123456789#t=600s">watch this item from 0:10:00</a>' in budget
    motion = squash(page(records_outputs, "meetings/2014-01-21-iib/5/index.html"))  # a provider without times
    assert ("Recording: watch this item from 1:05:00 (on Public-i; the link opens the start of the recording: the "
            "item starts at 1:05:00)") in motion
    assert "Recording:" not in page(records_outputs, "meetings/2014-01-21-iib/3/index.html")  # exempt


def test_the_meeting_page_lists_its_recordings_and_where_items_start(records_outputs):
    text = squash(page(records_outputs, "meetings/2014-01-21-iib/index.html"))
    assert ("Recordings Webcast, part 1 (on YouTube, 2 h 31 min) Webcast, part 2 (on Vimeo, 45 min) Archive copy "
            "(on Public-i)") in text
    assert ("Where each item starts 1. Welcome: watch from 0:01:30 (Webcast, part 1) 2. Peer challenge: watch from "
            "0:42:10 (Webcast, part 1) 4. Budget: watch from 0:10:00 (Webcast, part 2) 5. Motion on meeting times: "
            "watch from 1:05:00 (Archive copy) (the link opens the start of the recording: go to 1:05:00)") in text
    assert "Recordings" not in page(records_outputs, "meetings/2014-03-18-iib/index.html")


@pytest.mark.parametrize("path", RECORDED)
def test_no_player_and_no_third_party_script(records_outputs, path):
    html = page(records_outputs, path)
    assert not re.search(r"<(iframe|embed|object|video|audio)\b", html)
    for src in re.findall(r'<script[^>]*\bsrc="([^"]*)"', html):
        assert src.startswith("/papers/"), src  # our own scripts only
    assert "youtube.com/embed" not in html and "player.vimeo.com" not in html


def test_recordings_in_the_data(records_outputs):
    meeting = json.loads(records_outputs["data/meetings.json"])["records"][0]
    assert meeting["recordings"] == [
        {"id": None, "url": "https://www.youtube.com/watch?v=abc123XYZ_0", "provider": "YouTube",
         "duration": 9060, "title": "Webcast, part 1"},
        {"id": "part-2", "url": "https://vimeo.com/123456789", "provider": "Vimeo", "duration": 2700,
         "title": "Webcast, part 2"},
        {"id": "archive", "url": "https://webcasts.example.org/council/meeting/2014-01-21", "provider": "Public-i",
         "duration": None, "title": "Archive copy"}]
    items = {r["id"]: r for r in json.loads(records_outputs["data/items.json"])["records"]}
    assert items["2014-01-21-iib/2"]["recording_start"] == 2530
    assert items["2014-01-21-iib/2"]["recording_url"] == "https://www.youtube.com/watch?v=abc123XYZ_0&t=2530"
    assert items["2014-01-21-iib/5"]["recording_url"] == "https://webcasts.example.org/council/meeting/2014-01-21"
    assert set(items["2014-01-21-iib/3"]) == {"id", "number", "title", "exempt"}  # its start is withheld
    assert b"1:23:47" not in records_outputs["meetings/2014-01-21-iib/index.html"]
    assert not any(b"t=5027" in data for data in records_outputs.values())
