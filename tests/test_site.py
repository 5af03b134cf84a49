"""The published site, built with `mkdocs build --strict` from the sample feeds' content."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import feedparser
import pytest
import yaml

from conftest import copy_project
from pipeline.build import build_site
from pipeline.config import load_settings
from pipeline.diagrams import mermaid_text
from pipeline.entries import dump_entry, split_front_matter
from pipeline.markup import markdown_url
from pipeline.run import run
from site_scan import broken_links, parse_html

META_PAUSES = "articles/2026/03/meta-pauses-work-with-ai-training-data-firm-mercor-after-security-breach"
META_ENDS = "articles/2026/04/meta-ends-its-partnership-with-mercor-three-weeks-after-security-breach"


def edit_relations(path: Path, change) -> None:
    """Let a test play editor: change the relations in an article's front matter."""
    yaml_text, body = split_front_matter(path.read_text(encoding="utf-8"))
    meta = yaml.safe_load(yaml_text)
    for relation in meta["relations"]:
        change(relation)
    path.write_text(dump_entry(meta, body), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory, nlp):
    """The sample feeds ingested into a copy of the project, with one relation confirmed and one rejected."""
    root = copy_project(tmp_path_factory.mktemp("site") / "project")
    # Small archive pages, so the sample coverage needs more than one page a month.
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - breachwire\n", "  - breachwire:\n      archive_page_size: 5\n"),
                                     encoding="utf-8")
    settings = load_settings(root)
    run(settings, settings.sample_feeds(), nlp=nlp, build=False)
    content = settings.content_dir

    def confirm_pause(relation):
        if relation["predicate"] == "paused_work_with":
            relation["status"] = "confirmed"

    def reject_supplies(relation):
        if relation["predicate"] == "supplier_of":
            relation["status"] = "rejected"

    edit_relations(content / f"{META_PAUSES}.md", confirm_pause)
    edit_relations(content / f"{META_ENDS}.md", reject_supplies)
    return settings


@pytest.fixture(scope="module")
def site(project) -> Path:
    return build_site(project)


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The text of the page's article (no navigation), tags removed and whitespace squeezed."""
    article = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", article).replace("¶", "").split()).replace("&amp;", "&")
    return re.sub(r" ([,.:)])", r"\1", text).replace("( ", "(")


def test_every_kind_of_page_is_generated(site):
    for path in ("index.html", "incidents/index.html", "incidents/mercor-data-breach.html", "companies/index.html",
                 "companies/meta.html", "companies/mercor.html", "articles/index.html", "articles/2026/04/index.html",
                 "articles/2026/04/page/2.html", "articles/2026/03/index.html", f"{META_PAUSES}.html",
                 "timeline/index.html", "timeline/2026-03.html", "network.html", "tags.html", "data/index.html",
                 "feed.xml", "data/incidents.json", "data/companies.json", "data/relations.json",
                 "data/articles.json", "search/search_index.json", "sitemap.xml", "assets/vendor/mermaid.min.js"):
        assert (site / path).is_file(), path


def test_every_link_and_asset_resolves(site):
    assert broken_links(site) == []


def test_articles_stay_out_of_the_navigation(site):
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', page(site, f"{META_PAUSES}.html"), re.S).group(0)
    assert "articles/2026/" not in nav and "companies/meta" not in nav
    assert len(re.findall(r'class="md-nav__link', nav)) <= 12


def test_home_shows_counts_chart_latest_incidents_and_coverage(site):
    html = page(site, "index.html")
    text = text_of(html)
    assert re.search(r"1 incidents · \d+ companies · \d+ reported relations · 22 articles from 2 sources", text), text
    assert '<pre class="mermaid"><code>xychart-beta' in html
    assert 'x-axis ["2026-03", "2026-04"]' in html
    assert "Latest incidents" in text and "Mercor data breach" in text
    assert "Recent coverage" in text and "OpenAI Wraps Up Its Mercor Investigation" in text
    assert 'type="application/atom+xml"' in html and 'href="feed.xml"' in html
    assert "assets/vendor/mermaid.min.js" in html


def test_incident_index_is_a_sortable_table(site):
    html = page(site, "incidents/index.html")
    assert re.search(r"<th>Date</th>\s*<th>Incident</th>\s*<th>Victims</th>\s*<th>Status</th>", html)
    assert 'href="mercor-data-breach.html"' in html and 'href="../companies/mercor.html"' in html
    assert "assets/vendor/tablesort.min.js" in html and "assets/javascripts/breachwire.js" in html


def test_incident_page_has_parties_timeline_diagram_and_coverage(site):
    html = page(site, "incidents/mercor-data-breach.html")
    text = text_of(html)
    assert "Victims: Mercor" in text and "Affected downstream: Meta, OpenAI" in text and "Attackers: none named" in text
    # The curated timeline, each line linked to its article's page on this site.
    assert "2026-03-26 — Mercor detects unauthorized access" in text
    assert re.search(r"2026-03-30</strong> — Meta pauses work with Mercor — "
                     rf'<a href="../{META_PAUSES}.html">WIRED, 2026-03-30</a>', html)
    # ...and the fallout the coverage reports; the editor confirmed the pause, so it is not marked proposed.
    pause = re.search(r"<strong>2026-03-30</strong> — <a[^>]*>Meta</a> paused work with <a[^>]*>Mercor</a>.*?</li>",
                      html, re.S).group(0)
    assert "bw-proposed" not in pause and "later reports" in pause
    assert re.search(r"<a[^>]*>OpenAI</a> is investigating <a[^>]*>Mercor</a>.*?bw-proposed", html, re.S)
    # Standing facts (who supplies whom) are background, not fallout.
    fallout = html[html.index('id="fallout-timeline"'):html.index('id="relationships"')]
    assert "</a> supplies <a" not in fallout
    assert "supplies" in html[html.index('id="relationships"'):], "the diagram still draws them"
    assert '<pre class="mermaid"><code>flowchart LR' in html and "classDef victim" in html
    assert "Coverage (11)" in text and "assets/vendor/mermaid.min.js" in html
    assert 'href="../tags.html#tag:vendor-breach"' in html


def test_company_page_shows_relations_in_plain_words_with_evidence(site):
    html = page(site, "companies/meta.html")
    text = text_of(html)
    assert "Also known as: Meta Platforms, Meta Platforms Inc., Facebook" in text
    assert "Operator of Facebook, Instagram and WhatsApp" in text
    assert "Paused work with" in text and "Meta paused work with Mercor (10 reports)" in text
    # Each report links to its article and quotes the sentence it rests on.
    assert re.search(rf'<a href="../{META_PAUSES}.html">WIRED, 2026-03-30</a></p>\s*<blockquote>\s*<p>'
                     r"Meta has paused its work with Mercor while it assesses the incident", html)
    # Confirmed by an editor: the group is not marked, the other reports of it are.
    group = re.search(r"<p><a[^>]*>Meta</a> paused work with <a[^>]*>Mercor</a> \(10 reports\)(.*?)</ul>",
                      html, re.S)
    assert group and "bw-proposed" not in group.group(0).split("<ul>")[0]
    assert group.group(1).count("bw-proposed") == 9
    assert re.search(r"Meta</a> ended work with <a[^>]*>Mercor</a> \(2 reports\) <span class=\"bw-proposed\"", html)
    assert "Incidents 2026-03-26 · Mercor data breach — affected downstream" in text
    assert "Coverage (11)" in text
    assert '<pre class="mermaid"><code>flowchart LR' in html and "classDef focus" in html


def test_rejected_relations_are_hidden(site):
    # The editor rejected "Mercor supplies Meta" in one article: its sentence is no longer evidence anywhere.
    rejected_article = page(site, f"{META_ENDS}.html")
    assert "supplies" not in text_of(rejected_article).split("Relations found")[1]
    relations = json.loads(page(site, "data/relations.json"))["relations"]
    assert not [r for r in relations if r["source"]["page"] == f"{META_ENDS}.html" and r["predicate"] == "supplier_of"]
    assert [r for r in relations if r["predicate"] == "supplier_of"], "other articles' supplier_of claims stay"


def test_article_page_shows_source_original_summary_companies_and_relations(site):
    html = page(site, f"{META_PAUSES}.html")
    text = text_of(html)
    assert "WIRED · 2026-03-30 16:40 UTC" in text
    assert 'href="https://www.wired.com/story/meta-pauses-mercor-ai-training-data-breach/"' in html
    assert "says an intruder accessed its systems" in text
    assert "Incident: Mercor data breach" in text and "Companies: Anthropic, Mercor, Meta, OpenAI" in text
    assert "Relations found Meta paused work with Mercor" in text


def test_coverage_is_archived_by_month_on_paginated_pages(site):
    index = text_of(page(site, "articles/index.html"))
    assert "2026-04 15" in index and "2026-03 7" in index
    first = page(site, "articles/2026/04/index.html")
    assert "Coverage: 2026-04 (page 1 of 3)" in text_of(first)
    assert len(re.findall(r"<li>2026-04-\d\d ·", first)) == 5
    assert 'href="page/2.html">Older →' in first
    second = page(site, "articles/2026/04/page/2.html")
    assert 'href="../index.html">← Newer' in second and 'href="3.html">Older →' in second
    last = page(site, "articles/2026/04/page/3.html")
    assert 'href="../../03/index.html">Older →' in last


def test_timeline_network_and_tags(site):
    timeline = text_of(page(site, "timeline/index.html"))
    assert "Meta pauses work with Mercor (Mercor data breach)" in timeline
    assert "Meta ended work with Mercor (Mercor data breach)" in timeline
    network = page(site, "network.html")
    assert '<pre class="mermaid"><code>flowchart LR' in network and "Relations by kind" in text_of(network)
    tags = text_of(page(site, "tags.html"))
    assert "vendor-breach" in tags and "Mercor data breach" in tags


def test_exports_hold_incidents_companies_and_relations_with_sources(site, project):
    incidents = json.loads(page(site, "data/incidents.json"))["incidents"]
    assert [i["slug"] for i in incidents] == ["mercor-data-breach"]
    incident = incidents[0]
    assert incident["victims"] == ["mercor"] and incident["affected"] == ["meta", "openai"]
    assert {"date": "2026-03-30", "event": "Meta pauses work with Mercor",
            "source": "https://www.wired.com/story/meta-pauses-mercor-ai-training-data-breach/",
            "page": f"{META_PAUSES}.html"} in incident["timeline"]
    assert len(incident["coverage"]) == 11 and all((site / p).is_file() for p in incident["coverage"])
    companies = {c["slug"]: c for c in json.loads(page(site, "data/companies.json"))["companies"]}
    assert companies["meta"]["aliases"] == ["Meta Platforms", "Meta Platforms Inc.", "Facebook"]
    assert companies.keys() == {p.stem for p in (project.content_dir / "companies").glob("*.md")}
    relations = json.loads(page(site, "data/relations.json"))["relations"]
    pause = next(r for r in relations if r["source"]["page"] == f"{META_PAUSES}.html"
                 and r["predicate"] == "paused_work_with")
    assert pause["subject"] == "meta" and pause["object"] == "mercor" and pause["status"] == "confirmed"
    assert pause["evidence"].startswith("Meta has paused its work with Mercor")
    assert pause["source"]["url"] == "https://www.wired.com/story/meta-pauses-mercor-ai-training-data-breach/"
    assert pause["source"]["source"] == "WIRED" and pause["label"] == "paused work with"


def test_atom_feed_lists_new_entries(site):
    feed = feedparser.parse(page(site, "feed.xml"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Breachwire" and len(feed.entries) == 23  # 22 articles and the incident
    newest = feed.entries[0]
    assert newest.title == "OpenAI Wraps Up Its Mercor Investigation and Will Keep Working With the Startup"
    for entry in feed.entries:
        assert (site / entry.link).is_file(), entry.link


def test_a_second_build_is_byte_identical(project, site, tmp_path):
    again = build_site(project, site_dir=tmp_path / "again")

    def digests(folder: Path) -> dict[str, str]:
        # sitemap.xml.gz carries the gzip time; its text is compared as sitemap.xml.
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".gz"}

    assert digests(again) == digests(site)


@pytest.mark.parametrize("text", ["Mercor", 'Acme "Labs" <b>', "a#b;c", "x\n  end\nclick n0 call alert(1)"])
def test_mermaid_labels_carry_no_syntax(text):
    label = mermaid_text(text)
    assert re.fullmatch(r"[A-Za-z0-9 ]*(#\d+;[A-Za-z0-9 ]*)*", label), label
    assert "\n" not in label


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/a b?q=(1)", "https://example.com/a%20b?q=%281%29"),
    ('https://example.com/"><script>', "https://example.com/%22%3E%3Cscript%3E"),
    ("javascript:alert(1)", None),
    ("data:text/html,hi", None),
    (" vbscript:msgbox(1)", None),
])
def test_markdown_url_keeps_only_http_links_and_escapes_them(url, expected):
    assert markdown_url(url) == expected


def test_theme_scripts_are_all_served_by_the_site(site):
    for html_path in site.rglob("*.html"):
        for attributes, _ in parse_html(html_path.read_text(encoding="utf-8")).scripts:
            assert "://" not in attributes.get("src", ""), (html_path, attributes)
