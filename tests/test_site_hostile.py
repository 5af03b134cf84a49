"""Feed text is hostile: it reaches site/ as text or sanitized HTML, never as something that runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project
from pipeline.build import build_site
from pipeline.config import FeedConfig, load_settings
from pipeline.entries import load_content
from pipeline.run import run
from site_scan import scan_for_script, site_files

HOSTILE = FIXTURES / "site_hostile"
MARKER = "bwxss"


@pytest.fixture(scope="module")
def site(tmp_path_factory, make_httpserver, nlp) -> Path:
    """The hostile feed, served on 127.0.0.1, run through the pipeline; plus entries a hostile feed could leave."""
    make_httpserver.expect_request("/hostile.xml").respond_with_data(
        (HOSTILE / "feed.xml").read_bytes(), content_type="application/rss+xml")
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    shutil.copytree(HOSTILE / "content", root / "content", dirs_exist_ok=True)
    settings = load_settings(root)
    summary = run(settings, [FeedConfig(name="Hostile Wire", url=make_httpserver.url_for("/hostile.xml"))],
                  nlp=nlp, build=False)
    assert summary.feeds[0].status == "ok" and summary.written, summary.feeds
    yield build_site(settings)
    make_httpserver.clear()


def test_the_hostile_items_were_published(site):
    # Guards the test: the attack reached the site as text, so the scan below has something to find.
    text = "\n".join(t for name, t in site_files(site).items() if name.endswith(".html"))
    for marker in ("bwxss-mdtitle", "bwxss-company", "bwxss-evidence", "bwxss-articletitle",
                   "bwxss-alias", "bwxss-sector", "bwxss-source"):
        assert marker in text, marker


def test_nothing_from_a_feed_can_run_in_the_site(site):
    assert scan_for_script(site, MARKER) == []


def test_no_link_built_from_feed_text_has_a_dangerous_scheme(site):
    pages = site_files(site)
    evil = pages["companies/evil-corp.html"]
    assert 'href="https://evil.example/%22%3E%3Cscript%3Ealert%28%22bwxss-website%22%29%3C/script%3E"' in evil
    article = pages["articles/2026/04/evil-corp-supplies-meta.html"]
    assert 'href="https://hostile.example/evil%22%20onmouseover=%22alert%28%27bwxss-url%27%29"' in article
    # The markdown link in a title stays text: its words are shown, its target is not a link.
    title_page = next(t for name, t in pages.items() if "bwxss-mdtitle" in name)
    assert "[Meta pauses AI work](javascript:alert('bwxss-mdtitle'))" in title_page.replace("&#x27;", "'")


def test_the_entries_the_pipeline_wrote_are_valid(site):
    content = load_content(site.parent / "content")
    assert [p for p in content.problems if p.severity == "error"] == []


@pytest.mark.parametrize("html, problem", [
    ('<img src="x" onerror="alert(1)">', "event-handler attribute"),
    ('<a href=" JaVa\tScript:alert(1)">x</a>', "dangerous URL"),
    ('<a href="data:text/html,x">x</a>', "dangerous URL"),
    ("<iframe></iframe>", "<iframe> element"),
    ('<script>alert("bwxss")</script>', "feed text inside a <script>"),
    ('<script src="https://cdn.example/x.js"></script>', "not one of the site's own assets"),
])
def test_the_scan_finds_what_it_looks_for(html, problem):
    from site_scan import html_problems

    found = html_problems(html, "page.html", MARKER)
    assert len(found) == 1 and problem in found[0], found
