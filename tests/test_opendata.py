"""Open data: every JSON file validates against its own schema and (people, boards, memberships, meetings) against
Popolo's; every CSV reads back as the JSON's rows; exempt items carry nothing but id, number, title and reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, ROOT, run_build
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from boardpapers.outputs.opendata import csv_cell, defuse
from boardpapers.outputs.opendata_schema import DATASETS
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, 9, 0)
POPOLO_DIR = FIXTURES / "popolo"
POPOLO = {"meetings": "event", "people": "person", "organizations": "organization", "memberships": "membership"}


def build_outputs(content: Path, tmp: Path):
    result = build(Options(content_dir=content, out_dir=tmp / "site", now=NOW, search=False, write=False))
    return result.graph, result.outputs


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_outputs(FIXTURES / "outputs" / "content", tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return build_outputs(ROOT / "content", tmp_path_factory.mktemp("sample-data"))


@pytest.fixture(scope="module")
def records_site(tmp_path_factory):
    return build_outputs(FIXTURES / "records" / "content", tmp_path_factory.mktemp("records-data"))


@pytest.fixture(scope="module")
def popolo_registry() -> Registry:
    """Popolo's schemas $ref each other by their www.popoloproject.com URLs: serve those from the local copies."""
    resources = []
    for path in sorted(POPOLO_DIR.glob("*.json")):
        schema = json.loads(path.read_text())
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)))
    return Registry().with_resources(resources)


def popolo_validator(name: str, registry: Registry) -> jsonschema.Draft3Validator:
    schema = json.loads((POPOLO_DIR / f"{name}.json").read_text())
    checker = jsonschema.Draft3Validator.FORMAT_CHECKER
    return jsonschema.Draft3Validator(schema, registry=registry, format_checker=checker)


def load(outputs, name: str) -> dict:
    return json.loads(outputs[f"data/{name}.json"])


def csv_of(outputs, name: str) -> str:
    """The CSV inside data/<name>.csv.zip (its one file, <name>.csv)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(outputs[f"data/{name}.csv.zip"])) as archive:
        assert archive.namelist() == [f"{name}.csv"]
        return archive.read(f"{name}.csv").decode("utf-8")


@pytest.mark.parametrize("site", ["fixture_site", "sample_site", "records_site"])
def test_every_dataset_validates_against_its_published_schema(site, request):
    _, outputs = request.getfixturevalue(site)
    for dataset in DATASETS:
        schema = json.loads(outputs[f"data/schema/{dataset.name}.json"])
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(load(outputs, dataset.name)), key=str)
        assert not errors, f"{dataset.name}: {errors[0]}"


@pytest.mark.parametrize("site", ["fixture_site", "sample_site"])
def test_popolo_datasets_validate_against_popolo(site, request, popolo_registry):
    _, outputs = request.getfixturevalue(site)
    popolo_doc = json.loads(outputs["data/popolo.json"])
    for dataset, popolo_name in POPOLO.items():
        validator = popolo_validator(popolo_name, popolo_registry)
        records = load(outputs, dataset)["records"]
        assert records, dataset
        for record in records:
            errors = list(validator.iter_errors(record))
            assert not errors, f"{dataset} {record['id']}: {errors[0].message}"
        key = {"meetings": "events", "people": "persons"}.get(dataset, dataset)
        assert popolo_doc[key] == records


def test_votes_validate_against_popolo(records_site, popolo_registry):
    """Vote events (with their nested counts and votes, checked through Popolo's $refs) and votes."""
    _, outputs = records_site
    for dataset, popolo_name in (("vote-events", "vote_event"), ("votes", "vote")):
        validator = popolo_validator(popolo_name, popolo_registry)
        records = load(outputs, dataset)["records"]
        assert len(records) >= 5, dataset
        for record in records:
            errors = list(validator.iter_errors(record))
            assert not errors, f"{dataset} {record['id']}: {errors[0].message}"
    options = {v["option"] for v in load(outputs, "votes")["records"]}
    assert options <= {"yes", "no", "abstain", "absent", "not voting", "paired"}  # Popolo's own values
    validator = popolo_validator("vote_event", popolo_registry)
    assert list(validator.iter_errors({"id": "x", "counts": [{"option": "yes", "value": "three"}]}))
    assert list(validator.iter_errors({"id": "x", "votes": [{"voter_id": 5}]}))


def test_popolo_validation_is_not_vacuous(popolo_registry):
    validator = popolo_validator("event", popolo_registry)
    assert list(validator.iter_errors({"id": "x", "start_date": "17 September 2012"}))
    assert list(validator.iter_errors({"id": "x", "organization": {"name": 5}}))  # checked through a $ref


@pytest.mark.parametrize("site", ["fixture_site", "sample_site", "records_site"])
def test_csv_reads_back_as_the_json_rows(site, request):
    _, outputs = request.getfixturevalue(site)
    for dataset in DATASETS:
        rows = list(csv.DictReader(io.StringIO(csv_of(outputs, dataset.name), newline="")))
        expected = [{f.name: defuse(csv_cell(r.get(f.name))) for f in dataset.csv_fields}
                    for r in load(outputs, dataset.name)["records"]]
        assert rows == expected, dataset.name
    # Nested updates are JSON-only in actions, and a dataset of their own in CSV: the same records either way.
    nested = [u for a in load(outputs, "actions")["records"] for u in a["updates"]]
    assert sorted(nested, key=lambda u: u["id"]) == sorted(load(outputs, "action-updates")["records"],
                                                           key=lambda u: u["id"])


def test_each_dataset_is_written_once_in_full(fixture_site):
    """The JSON has one record per line (no indentation); the CSV is only in its zip."""
    _, outputs = fixture_site
    for dataset in DATASETS:
        text = outputs[f"data/{dataset.name}.json"].decode("utf-8")
        records = load(outputs, dataset.name)["records"]
        lines = [line.rstrip(",") for line in text.splitlines() if line.startswith("{\"")]
        assert [json.loads(line) for line in lines] == records and "\n    " not in text, dataset.name
        assert f"data/{dataset.name}.csv" not in outputs
    assert json.loads(outputs["data/popolo.json"])["persons"] == load(outputs, "people")["records"]


def test_records_match_the_content(fixture_site):
    graph, outputs = fixture_site
    meetings = {r["id"]: r for r in load(outputs, "meetings")["records"]}
    assert list(meetings) == list(graph.meetings)
    assert "2014-12-01-iib" not in meetings  # a draft
    assert meetings["2014-06-17-iib"]["start_date"] == "2014-06-17T10:30:00+01:00"
    assert meetings["2014-06-17-iib"]["organization_ids"] == ["iib", "cwb"]
    assert meetings["2014-09-16-iib"]["status"] == "cancelled"
    assert meetings["2013-iib"]["start_date"] == "2013" and meetings["2013-iib"]["date_precision"] == "year"
    assert meetings["2014-03-18-iib"]["all_day"] is True
    actions = {r["id"]: r for r in load(outputs, "actions")["records"]}
    assert actions["publish-findings"]["status"] == "done" and actions["publish-findings"]["initial_status"] == "open"
    assert actions["publish-findings"]["updates"][0]["progress"] == "Published on the website."
    assert actions["a-2014-01-21-iib-2-2"]["owners"] == ["olive-officer", "ann-chair"]
    items = {r["id"]: r for r in load(outputs, "items")["records"]}
    assert items["2014-01-21-iib/2"]["recommendations"] == ["Note the findings.", "Agree the offer for 2014/15."]
    assert "2014-01-21-iib/4" not in items  # embargoed
    memberships = {r["id"]: r for r in load(outputs, "memberships")["records"]}
    cat = memberships["iib-2014-15-cat-member"]
    assert (cat["start_date"], cat["end_date"], cat["council"]) == ("2014-09-01", "2015-03-31", "Testford BC")
    attendance = load(outputs, "attendance")["records"]
    assert {(r["person_id"], r["attendance"]) for r in attendance} == {
        ("ann-chair", "present"), ("sam-sub", "substitutes"), ("bob-member", "apologies"),
        ("olive-officer", "officers")}
    assert next(r for r in attendance if r["person_id"] == "sam-sub")["substitute_for"] == "bob-member"
    people = {r["id"]: r for r in load(outputs, "people")["records"]}
    assert people["ann-chair"]["honorific_suffix"] == "OBE"


def test_exempt_item_has_only_id_number_title_and_reason(fixture_site):
    _, outputs = fixture_site
    items = {r["id"]: r for r in load(outputs, "items")["records"]}
    assert items["2014-01-21-iib/3"] == {"id": "2014-01-21-iib/3", "number": "3", "title": "Contract award",
                                         "exempt": "Paragraph 3 of Schedule 12A: financial or business affairs"}
    for path, data in outputs.items():
        if path.startswith("data/"):
            assert b"CANARY" not in data, path
    # The schema itself refuses an exempt item with anything more.
    schema = json.loads(outputs["data/schema/items.json"])
    leaky = load(outputs, "items")
    leaky["records"][2] = {**items["2014-01-21-iib/3"], "summary": "secret"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(leaky)


def test_licence_and_links(fixture_site):
    graph, outputs = fixture_site
    for dataset in DATASETS:
        data = load(outputs, dataset.name)
        assert data["licence"] == graph.config.licence and data["licence_url"] == graph.config.licence_url
        assert data["schema"] == f"https://example.org/papers/data/schema/{dataset.name}.json"
        assert json.loads(outputs[f"data/schema/{dataset.name}.json"])["$id"] == data["schema"]
    page = outputs["data/index.html"].decode()
    for dataset in DATASETS:
        for suffix in (f"data/{dataset.name}.json", f"data/{dataset.name}.csv.zip",
                       f"data/schema/{dataset.name}.json"):
            assert f'href="/papers/{suffix}"' in page
        assert f'id="{dataset.name}"' in page
    assert "Open Government Licence v3.0" in page
    assert 'href="/papers/data/">Open data</a>' in outputs["index.html"].decode()  # the footer link


def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    """Separate processes with different hash seeds (no set or dict order can leak into the bytes) and different
    clocks (no stamp comes from the time of the build)."""
    sites = []
    for seed, now in (("1", "2026-01-01T09:00"), ("2", "2031-07-15T18:30")):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        out = tmp_path / f"site{seed}"
        run_build("--content", str(FIXTURES / "outputs" / "content"), "--out", str(out), "--no-search",
                  "--now", now, check=True)
        sites.append(out)
    files = sorted(p.relative_to(sites[0]).as_posix() for p in sites[0].rglob("*")
                   if p.suffix in (".ics", ".xml", ".json", ".zip", ".txt"))
    assert len(files) > 30 and "feed.xml" in files and "calendar.ics" in files
    for rel in files:
        assert (sites[0] / rel).read_bytes() == (sites[1] / rel).read_bytes(), rel
