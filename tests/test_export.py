"""Exports of the fixture archive, read back with the standard library and compared with the front matter."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.entries import load_content
from pipeline.export import COLUMNS, FORMATS, WHATS, ExportError, export

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
NOW = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)


@pytest.fixture
def content(search_content):
    return load_content(search_content)


def published_articles(content):
    return sorted((a for a in content.articles if a.is_published(NOW)),
                  key=lambda a: (a.meta["published"], a.path.as_posix()))


def expected_relations(content):
    """(subject, predicate, object, status, evidence, url, source, published) straight from the front matter."""
    return [
        (r["subject"], r["predicate"], r["object"], r["status"], r["evidence"], a.meta["url"], a.meta["source"],
         a.meta["published"].isoformat().replace("+00:00", "Z"))
        for a in published_articles(content) for r in a.meta["relations"]
    ]


def read_rows(text: str, format: str) -> list[dict]:
    if format == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_relations_come_back_as_they_are_in_content(content, format):
    result = export(content, "relations", format, now=NOW)
    rows = read_rows(result.text, format)
    assert [(r["subject"], r["predicate"], r["object"], r["status"], r["evidence"], r["url"], r["source"],
             r["published"]) for r in rows] == expected_relations(content)
    assert result.rows == len(rows) == 10  # the draft's and the embargoed article's relations are left out
    assert list(rows[0]) == list(COLUMNS["relations"])
    rejected = [r for r in rows if r["status"] == "rejected"]
    assert len(rejected) == 1 and rejected[0]["predicate"] == "partnered_with"  # kept, and marked
    pause = next(r for r in rows if r["predicate"] == "paused_work_with")
    assert (pause["subject_name"], pause["label"], pause["object_name"]) == ("Meta", "paused work with", "Mercor")
    assert pause["article"] == "articles/2026/03/meta-pauses-work-with-mercor.md"
    assert str(pause["confidence"]) == "0.9" and pause["incident"] == "mercor-data-breach"


def test_drafts_and_embargoed_entries_only_on_request(content):
    default = read_rows(export(content, "articles", "jsonl", now=NOW).text, "jsonl")
    everything = read_rows(export(content, "articles", "jsonl", include_drafts=True, now=NOW).text, "jsonl")
    assert len(default) == 8 and len(everything) == 10
    assert {r["path"] for r in everything} - {r["path"] for r in default} == {
        "articles/2026/04/meta-weighs-return-to-mercor.md", "articles/2026/04/openai-ends-work-with-mercor.md"}


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_companies_incidents_and_articles_come_back(content, format):
    companies = read_rows(export(content, "companies", format, now=NOW).text, format)
    assert [r["slug"] for r in companies] == sorted(content.companies)
    meta = next(r for r in companies if r["slug"] == "meta")
    aliases = meta["aliases"] if format == "jsonl" else meta["aliases"].split(";")
    assert aliases == ["Meta Platforms", "Facebook"] and meta["name"] == "Meta"
    # Meta: named by 4 published articles, affected by 1 incident, in 4 relations that are not rejected.
    assert [str(meta[k]) for k in ("articles", "incidents", "relations")] == ["4", "1", "4"]

    incidents = read_rows(export(content, "incidents", format, now=NOW).text, format)
    assert [r["slug"] for r in incidents] == ["mercor-data-breach", "kestrel-label-leak"]  # by date
    assert incidents[0]["date"] == "2026-03-26" and str(incidents[0]["articles"]) == "2"
    affected = incidents[1]["affected"] if format == "jsonl" else incidents[1]["affected"].split(";")
    assert affected == ["anthropic", "google"]

    articles = read_rows(export(content, "articles", format, now=NOW).text, format)
    assert [r["path"] for r in articles] == [a.path.as_posix() for a in published_articles(content)]
    first = articles[0]
    assert (first["title"], first["source"], first["published"]) == (
        "Surge AI raises money to expand its labeling workforce", "Reuters", "2026-01-20T14:00:00Z")


def test_graphml_has_companies_as_nodes_and_relations_as_edges(content):
    root = ET.fromstring(export(content, "relations", "graphml", now=NOW).text.encode())
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): {keys[d.get("key")][1]: d.text for d in n.findall("g:data", NS)}
             for n in graph.findall("g:node", NS)}
    assert nodes["company:meta"] == {"kind": "company", "label": "Meta", "sector": "Social media and AI models"}
    edges = graph.findall("g:edge", NS)
    assert [(e.get("source"), e.get("target")) for e in edges] == [
        (f"company:{s}", f"company:{o}") for s, _, o, *_ in expected_relations(content)]
    for edge in edges:
        for data in edge.findall("g:data", NS):
            assert keys[data.get("key")][0] == "edge"
    symmetric = [e for e in edges if e.get("directed") == "false"]
    assert len(symmetric) == 1  # partnered_with
    assert keys["e_confidence"] == ("edge", "confidence", "double")


@pytest.mark.parametrize("what, nodes, edges", [
    ("companies", 8, 7),  # co-mention edges, weighted by articles naming both
    ("incidents", 2 + 6, 6),  # victims, affected and attackers are edges to company nodes
    ("articles", 8 + 8, 17),
])
def test_graphml_of_each_kind_parses(content, what, nodes, edges):
    root = ET.fromstring(export(content, what, "graphml", now=NOW).text.encode())
    graph = root.find("g:graph", NS)
    assert len(graph.findall("g:node", NS)) == nodes
    assert len(graph.findall("g:edge", NS)) == edges
    ids = {n.get("id") for n in graph.findall("g:node", NS)}
    assert all(e.get("source") in ids and e.get("target") in ids for e in graph.findall("g:edge", NS))


def test_the_same_content_gives_the_same_bytes(search_content, tmp_path):
    # A copy written in another order, with other modification times, is the same content.
    copy = tmp_path / "copy"
    for path in sorted(search_content.rglob("*.md"), reverse=True):
        target = copy / path.relative_to(search_content)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        os.utime(target, (1_000_000, 1_000_000))
    first, second = load_content(search_content), load_content(copy)
    for what in WHATS:
        for format in FORMATS:
            assert export(first, what, format, now=NOW).text == export(second, what, format, now=NOW).text, \
                (what, format)


def test_unknown_choices_say_what_to_use(content):
    with pytest.raises(ExportError, match=r"^--what 'edges': unknown — use one of: companies, relations, "
                                          r"incidents, articles$"):
        export(content, "edges", "csv")
    with pytest.raises(ExportError, match=r"^--format 'xlsx': unknown — use one of: jsonl, csv, graphml$"):
        export(content, "relations", "xlsx")


@pytest.fixture
def cli_project(project, search_content):
    shutil.rmtree(project.content_dir)
    shutil.copytree(search_content, project.content_dir)
    return project


def test_cli_export_to_a_file_and_to_standard_output(cli_project, tmp_path):
    runner = CliRunner()
    target = tmp_path / "out" / "relations.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "--what", "relations", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"10 relations written to {target} (csv).\n"
    printed = runner.invoke(app, ["export", "--format", "csv", "--what", "relations"])
    assert printed.exit_code == 0 and printed.stdout == target.read_text(encoding="utf-8")
    assert len(list(csv.DictReader(io.StringIO(printed.stdout)))) == 10


def test_cli_export_with_a_broken_entry_warns_and_goes_on(cli_project):
    (cli_project.content_dir / "companies" / "broken.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "--what", "companies"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 8
    assert result.stderr == ("warning: content/ has 1 errors; entries that cannot be read are left out "
                             "— run breachwire check\n")


def test_cli_export_bad_format(cli_project):
    result = CliRunner().invoke(app, ["export", "--format", "parquet"])
    assert result.exit_code == 2
    assert result.stderr == "error: --format 'parquet': unknown — use one of: jsonl, csv, graphml\n"
