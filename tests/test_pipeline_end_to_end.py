"""The walking skeleton, end to end: feeds served over HTTP on 127.0.0.1 -> content/ -> index -> site."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.config import SAMPLES_DIR, FeedConfig
from pipeline.entries import load_content
from pipeline.index import search
from pipeline.run import run


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def served_feeds(httpserver):
    """The bundled sample feeds, served by a real HTTP server on 127.0.0.1."""
    feeds = []
    for name, outlet, content_type in (("wired.xml", "WIRED", "application/rss+xml"),
                                       ("theverge.xml", "The Verge", "application/atom+xml")):
        httpserver.expect_request(f"/{name}").respond_with_data(
            (SAMPLES_DIR / name).read_bytes(), content_type=content_type)
        feeds.append(FeedConfig(name=outlet, url=httpserver.url_for(f"/{name}")))
    return feeds


@pytest.fixture
def ingested(project, served_feeds, nlp):
    summary = run(project, served_feeds, nlp=nlp)
    return project, summary


def test_sample_feeds_become_articles_companies_and_relations(ingested):
    settings, summary = ingested
    assert [f.status for f in summary.feeds] == ["ok", "ok"]
    assert all(f.new > 0 and f.irrelevant > 0 for f in summary.feeds), summary.feeds
    content = load_content(settings.content_dir)
    assert not [p for p in content.problems if p.severity == "error"], content.problems
    assert {"mercor", "meta", "openai"} <= set(content.companies)
    assert "mercor-data-breach" in content.incidents

    relations = [(r["subject"], r["predicate"], r["object"], r["evidence"], a)
                 for a in content.articles for r in a.meta["relations"]]
    paused = [r for r in relations if r[:3] == ("meta", "paused_work_with", "mercor")]
    investigating = [r for r in relations if r[:3] == ("openai", "investigating", "mercor")]
    assert paused and investigating
    for _, _, _, evidence, article in paused + investigating:
        # The evidence is a sentence of the article that names both parties.
        assert "Mercor" in evidence and evidence in article.body.replace("\\", "")
    # Mercor coverage is linked to the editor's incident.
    mercor_articles = [a for a in content.articles if "mercor" in a.meta["companies"]]
    assert mercor_articles and all(a.meta.get("incident") == "mercor-data-breach" for a in mercor_articles)


def test_irrelevant_items_are_dropped(ingested):
    settings, _ = ingested
    titles = [a.meta["title"] for a in load_content(settings.content_dir).articles]
    assert not any("Review" in t and "Mercor" not in t for t in titles), titles


def test_search_lists_the_incident_and_its_articles(ingested):
    settings, _ = ingested
    hits = search(settings.index_dir, "mercor", limit=20)
    assert hits[0].path == "incidents/mercor-data-breach.md", [h.path for h in hits[:5]]
    assert sum(h.type == "article" for h in hits) >= 5
    assert all(h.snippet for h in hits)


def test_site_shows_incident_companies_and_relations(ingested):
    settings, summary = ingested
    site = summary.site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Mercor data breach" in home and "Recent coverage" in home
    meta_page = (site / "companies" / "meta.html").read_text(encoding="utf-8")
    assert "paused work with" in meta_page and 'href="../articles/2026/' in meta_page
    assert (site / "incidents" / "mercor-data-breach.html").is_file()
    assert (site / "search" / "search_index.json").is_file()


def test_second_run_changes_no_file(ingested, served_feeds, nlp):
    settings, _ = ingested
    before = snapshot(settings.content_dir)
    summary = run(settings, served_feeds, nlp=nlp, build=False)
    assert sum(f.new for f in summary.feeds) == 0
    assert snapshot(settings.content_dir) == before


def test_an_unreachable_feed_is_reported_and_the_others_go_on(project, served_feeds, nlp):
    dead = FeedConfig(name="Dead feed", url="http://127.0.0.1:9/feed.xml")
    summary = run(project, [dead, *served_feeds], nlp=nlp, build=False)
    assert summary.feeds[0].status == "error" and summary.feeds[0].error
    assert [f.status for f in summary.feeds[1:]] == ["ok", "ok"]
    assert summary.written


def test_a_malformed_entry_stops_the_build_with_file_and_line(project):
    from pipeline.build import BuildError, build_site

    broken = project.content_dir / "companies" / "broken.md"
    broken.write_text("---\ntype: company\nname: Broken\naliases: Facebook\n---\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(project)
    assert ("content/companies/broken.md:4: aliases: expected a list of names, got 'Facebook' "
            "— write aliases: [Facebook]") in str(caught.value)
