"""`breachwire incidents suggest`: coverage matched to incidents, clusters proposed as new incidents, accepted by id."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_settings
from pipeline.entries import check, dump_entry, load_content
from pipeline.incidents import ArticleFacts, matcher_for, suggest
from tests.conftest import copy_project

# The stories in the bundled sample feeds that are not about Mercor, by a word of each article's file name.
SAMPLE_STORIES = [
    {"data-labeling-firm-labelwise", "tessellate-labs-sues-labelwise"},
    {"hackers-stole-cirrane-ai", "cirrane-ai-drops-analytics-vendor"},
    {"a-hijacked-python-package", "hijacked-python-library-batchwright", "stolen-keys-from-the-batchwright"},
    {"a-poisoned-copy-of-fennick", "modelharbor-partners-with-tallgrass"},
    {"hackers-are-extorting-cobalt", "marlowe-ai-is-buying-cobalt"},
]


@pytest.fixture(scope="module")
def sample_ingest(tmp_path_factory, nlp):
    """The bundled sample feeds ingested once into a copy of the project (read from the saved files)."""
    from pipeline.run import ingest

    root = copy_project(tmp_path_factory.mktemp("ingested") / "project")
    settings = load_settings(root)
    ingest(settings, settings.sample_feeds(), nlp=nlp)
    return root


@pytest.fixture
def ingested(sample_ingest, tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(sample_ingest, root)
    monkeypatch.setenv("BREACHWIRE_ROOT", str(root))
    return load_settings(root)


def story(path: str) -> str:
    return next(word for words in SAMPLE_STORIES for word in words if word in path)


def test_ingest_proposes_the_incident_of_mercor_coverage(ingested):
    content = load_content(ingested.content_dir)
    for article in content.articles:
        if "mercor" in article.meta["companies"]:
            assert (article.meta.get("incident"), article.meta.get("incident_status")) == (
                "mercor-data-breach", "proposed"), article.path
        else:
            assert "incident" not in article.meta and "incident_status" not in article.meta, article.path


def test_suggest_matches_coverage_and_groups_the_other_stories(ingested):
    content = load_content(ingested.content_dir)
    suggestions = suggest(content)
    mercor = {a.path.as_posix() for a in content.articles if "mercor" in a.meta["companies"]}
    assert {a.article for a in suggestions.assignments} == mercor
    assert {a.incident for a in suggestions.assignments} == {"mercor-data-breach"}
    first = next(a for a in suggestions.assignments if "meta-pauses-work" in a.article)
    assert first.reasons[:2] == ("names the victim mercor", "4 days after the incident's date")
    assert first.reasons[2].startswith("shared terms: ")
    groups = [{story(p) for p in new.articles} for new in suggestions.new_incidents]
    assert sorted(map(sorted, groups)) == sorted(map(sorted, SAMPLE_STORIES))
    batchwright = next(n for n in suggestions.new_incidents if "batchwright" in " ".join(n.terms))
    assert (batchwright.slug, batchwright.date) == ("a-hijacked-python-package-stole-api", dt.date(2026, 3, 24))
    assert "brightmoss-ai" in batchwright.victims
    # Deterministic: the same content gives the same ids.
    assert suggest(load_content(ingested.content_dir)) == suggestions


def test_accepting_links_articles_and_creates_draft_incidents(ingested, nlp):
    runner = CliRunner()
    listed = [json.loads(line) for line in runner.invoke(app, ["incidents", "suggest", "--json"]).output.splitlines()]
    assign = next(s for s in listed if s["kind"] == "assign" and "meta-pauses-work" in s["article"])
    new = next(s for s in listed if s["kind"] == "new" and "batchwright" in s["terms"])
    result = runner.invoke(app, ["incidents", "suggest", "--accept", assign["id"], new["id"][:6]])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"content/{assign['article']} → mercor-data-breach",
        f"created content/incidents/{new['slug']}.md (a draft) for 3 articles",
    ]
    content = load_content(ingested.content_dir)
    articles = {a.path.as_posix(): a.meta for a in content.articles}
    assert (articles[assign["article"]]["incident"], articles[assign["article"]]["incident_status"]) == (
        "mercor-data-breach", "confirmed")
    incident = content.incidents[new["slug"]]
    assert incident.meta["draft"] is True and incident.meta["victims"] == new["victims"]
    assert incident.meta["date"] == dt.date(2026, 3, 24)
    assert all(articles[p]["incident"] == new["slug"] and articles[p]["incident_status"] == "confirmed"
               for p in new["articles"])
    assert not check(ingested.content_dir).errors
    again = [json.loads(line)["id"] for line in
             runner.invoke(app, ["incidents", "suggest", "--json"]).output.splitlines()]
    assert assign["id"] not in again and new["id"] not in again and len(again) == len(listed) - 2

    # Re-extracting the article keeps the editor's incident.
    from pipeline.extract import extract
    from pipeline.fetch import fetch
    from pipeline.parse import parse
    from pipeline.store import gazetteer_from, store_article

    entry = next(a for a in content.articles if a.path.as_posix() == assign["article"])
    item = next(i for feed in ingested.sample_feeds() for i in parse(fetch(feed)).items if i.guid == entry.meta["guid"])
    extraction = extract(item.body_text, nlp, title=item.title, gazetteer=gazetteer_from(content))
    store_article(ingested.content_dir, item, extraction, content, fetched=dt.datetime.now(dt.timezone.utc),
                  existing=entry)
    again = next(a for a in load_content(ingested.content_dir).articles if a.path == entry.path)
    assert (again.meta["incident"], again.meta["incident_status"]) == ("mercor-data-breach", "confirmed")


def test_unknown_ids_and_missing_flags_are_refused(ingested):
    result = CliRunner().invoke(app, ["incidents", "suggest", "--accept", "ffffffffff"])
    assert result.exit_code == 1
    assert "error: ffffffffff: no suggestion has this id — list them with breachwire incidents suggest" in result.output
    assert CliRunner().invoke(app, ["incidents", "suggest", "abcd"]).exit_code == 2


def write_article(content_dir, name, published, companies, text):
    path = content_dir / "articles" / f"{published:%Y}" / f"{published:%m}" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_entry({"type": "article", "title": name.replace("-", " "), "url": f"https://e.com/{name}",
                                "guid": name, "source": "WIRED", "published": published, "companies": companies},
                               text + "\n"), encoding="utf-8")
    return path.relative_to(content_dir).as_posix()


def test_dates_far_from_the_incident_rule_a_match_out(project):
    when = dt.datetime(2026, 3, 30, tzinfo=dt.timezone.utc)
    near = write_article(project.content_dir, "mercor-contractors", when, ["mercor"],
                         "Mercor's contractors wrote training data for AI labs; the breach exposed them.")
    late = write_article(project.content_dir, "mercor-two-years-on", when + dt.timedelta(days=700), ["mercor"],
                         "Mercor's contractors wrote training data for AI labs; the breach exposed them.")
    unrelated = write_article(project.content_dir, "meta-launch", when, ["meta"], "Meta launched a phone.")
    content = load_content(project.content_dir)
    matcher = matcher_for(content)
    facts = {a.path.as_posix(): ArticleFacts.of(a) for a in content.articles}
    assert matcher.best(facts[near]).incident == "mercor-data-breach"
    assert matcher.score(facts[late], "mercor-data-breach") == (0.0, ("published 704 days after the incident",))
    assert matcher.best(facts[late]) is None
    score, reasons = matcher.score(facts[unrelated], "mercor-data-breach")
    assert score < 0.55 and reasons[0] == "names meta"
    assert [a.article for a in suggest(content).assignments] == [near]
