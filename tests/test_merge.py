"""`breachwire merge-company`: a duplicate folded into another across every file, atomically, and on the site."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import pytest
from typer.testing import CliRunner

from pipeline.build import build_site
from pipeline.cli import app
from pipeline.entries import check, dump_entry, edit_front_matter, load_content
from pipeline.merge import JOURNAL, MergeError, merge_company, recover

INCIDENT = """---
type: incident
title: OpenAI vendor exposure
date: 2026-04-01
# Parties: company slugs.
victims: [mercor]
affected:
  - open-ai
  - meta   # as first reported
status: investigating
---
[Open AI](../companies/open-ai.md#relations) said it was reviewing its exposure; see also
[Meta](../companies/meta.md) and [the vendor](https://example.com/companies/open-ai.md).
"""

DUPLICATE = """---
type: company
name: Open AI
aliases: [OpenAI LP]
sector: AI research
---
Open AI's page, written before anyone noticed it duplicates OpenAI's.
"""


def article(title: str, published: dt.datetime, companies: list[str], relations: list[dict]) -> str:
    return dump_entry({"type": "article", "title": title, "url": f"https://example.com/{title[:5]}",
                       "guid": f"guid-{title}", "source": "WIRED", "published": published,
                       "companies": companies, "relations": relations}, "Text.\n")


def rel(subject, predicate, obj, status="proposed"):
    return {"subject": subject, "predicate": predicate, "object": obj, "evidence": "As the companies said.",
            "confidence": 0.85, "status": status}


@pytest.fixture
def duplicated(project):
    """The project's content plus a duplicate of OpenAI ("Open AI", slug open-ai) that entries refer to."""
    content = project.content_dir
    (content / "companies" / "open-ai.md").write_text(DUPLICATE, encoding="utf-8")
    (content / "incidents" / "openai-vendor-exposure.md").write_text(INCIDENT, encoding="utf-8")
    folder = content / "articles" / "2026" / "04"
    folder.mkdir(parents=True)
    when = dt.datetime(2026, 4, 2, tzinfo=dt.timezone.utc)
    (folder / "open-ai-investigates.md").write_text(article(
        "Open AI investigates Mercor", when, ["mercor", "open-ai"],
        [rel("open-ai", "investigating", "mercor", "confirmed"), rel("mercor", "supplier_of", "open-ai")]),
        encoding="utf-8")
    (folder / "both-names.md").write_text(article(
        "OpenAI, or Open AI", when, ["mercor", "open-ai", "openai"],
        [rel("openai", "investigating", "mercor"), rel("open-ai", "investigating", "mercor", "rejected"),
         rel("openai", "partnered_with", "open-ai")]), encoding="utf-8")
    return project


EXTERNAL = "https://example.com/companies/open-ai.md"  # another site's URL: not a reference to rewrite


def files(folder, suffixes=(".md", ".html", ".xml", ".json")):
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in suffixes}


def test_merge_rewrites_every_reference_and_keeps_the_old_url(duplicated, monkeypatch):
    content = duplicated.content_dir
    assert ("content/companies/open-ai.md:3: name: 'Open AI' is also claimed by content/companies/openai.md — keep "
            "the name on one company, or merge them: breachwire merge-company open-ai openai") in map(
        str, check(content).errors)
    monkeypatch.chdir(duplicated.root)
    result = CliRunner().invoke(app, ["merge-company", "open-ai", "openai"])
    assert result.exit_code == 0, result.output
    assert "removed content/companies/open-ai.md" in result.output
    assert "Merged open-ai into openai: 8 references rewritten in 4 files" in result.output

    after = files(content)
    assert "companies/open-ai.md" not in after
    # The slug survives only as the merge record.
    assert [p for p, text in after.items() if "open-ai" in text.replace(EXTERNAL, "")] == ["companies/openai.md"]
    assert after["companies/openai.md"] == (
        "---\ntype: company\nname: OpenAI\naliases: [Open AI, OpenAI Inc., OpenAI LP]\n"
        "website: https://openai.com\nsector: AI models\n"
        "description: Developer of the GPT family of models and of ChatGPT.\nmerged_from: [open-ai]\n---\n"
        "\n<!-- merged from open-ai (Open AI) -->\nOpen AI's page, written before anyone noticed it duplicates OpenAI's.\n")
    # The editor's incident changed only where it named the duplicate: comments and layout stay.
    assert after["incidents/openai-vendor-exposure.md"] == INCIDENT.replace(
        "affected:\n  - open-ai\n  - meta", "affected: [openai, meta]"
    ).replace("(../companies/open-ai.md#relations)", "(../companies/openai.md#relations)")
    merged = {a.slug: a.meta for a in load_content(content).articles}
    assert merged["open-ai-investigates"]["companies"] == ["mercor", "openai"]
    assert [(r["subject"], r["predicate"], r["object"], r["status"])
            for r in merged["open-ai-investigates"]["relations"]] == [
        ("openai", "investigating", "mercor", "confirmed"), ("mercor", "supplier_of", "openai", "proposed")]
    # Two relations that became one keep the editor's decision; a relation with itself is dropped.
    assert merged["both-names"]["companies"] == ["mercor", "openai"]
    assert [(r["subject"], r["predicate"], r["object"], r["status"]) for r in merged["both-names"]["relations"]] == [
        ("openai", "investigating", "mercor", "rejected")]
    assert not check(content).problems

    site = build_site(duplicated)
    redirect = (site / "companies" / "open-ai.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=openai.html">' in redirect
    assert '<link rel="canonical" href="openai.html">' in redirect
    openai_page = (site / "companies" / "openai.html").read_text(encoding="utf-8")
    assert "OpenAI LP" in openai_page and "is investigating" in openai_page and "OpenAI vendor exposure" in openai_page
    incident_page = (site / "incidents" / "openai-vendor-exposure.html").read_text(encoding="utf-8")
    assert 'href="../companies/openai.html#relations"' in incident_page
    leftovers = [p for p, text in files(site).items() if "open-ai.html" in text and p != "companies/open-ai.html"]
    assert leftovers == []
    assert "open-ai" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_merge_interrupted_after_staging_is_completed_by_recover(duplicated, monkeypatch):
    content, state = duplicated.content_dir, duplicated.state_dir
    calls = []
    real_replace = os.replace

    def crash_after_first(src, dst):
        if calls:
            raise OSError("disk full")
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr("pipeline.merge.os.replace", crash_after_first)
    with pytest.raises(OSError, match="disk full"):
        merge_company(content, "open-ai", "openai", state_dir=state)
    assert (state / JOURNAL).exists() and (content / "companies" / "open-ai.md").exists()
    monkeypatch.setattr("pipeline.merge.os.replace", real_replace)
    assert recover(content, state) is True
    assert not (state / JOURNAL).exists() and not (content / "companies" / "open-ai.md").exists()
    assert [p for p, text in files(content).items() if "open-ai" in text.replace(EXTERNAL, "")] == ["companies/openai.md"]
    assert not check(content).problems
    assert not [p for p in content.rglob(".*")]  # no staged files left behind


def test_nothing_changes_when_an_entry_cannot_be_read(duplicated):
    broken = duplicated.content_dir / "incidents" / "broken.md"
    broken.write_text("---\ntype: incident\nvictims: [open-ai\n---\n", encoding="utf-8")
    before = hashlib.sha256(repr(files(duplicated.content_dir)).encode()).hexdigest()
    with pytest.raises(MergeError) as caught:
        merge_company(duplicated.content_dir, "open-ai", "openai", state_dir=duplicated.state_dir)
    assert str(caught.value).startswith("some entries cannot be read, so their references cannot be rewritten — "
                                        "fix them first:\ncontent/incidents/broken.md:")
    assert hashlib.sha256(repr(files(duplicated.content_dir)).encode()).hexdigest() == before


@pytest.mark.parametrize("source, target, message", [
    ("open-ai", "open-ai", "'open-ai' cannot be merged into itself — give two different companies"),
    ("open-ai", "closed-ai", "unknown company 'closed-ai' — see content/companies/ for the slugs"),
])
def test_impossible_merges_are_refused(duplicated, monkeypatch, source, target, message):
    monkeypatch.chdir(duplicated.root)
    result = CliRunner().invoke(app, ["merge-company", source, target])
    assert result.exit_code == 1
    assert f"error: {message}" in result.output


def test_merging_twice_names_the_earlier_merge(duplicated):
    merge_company(duplicated.content_dir, "open-ai", "openai", state_dir=duplicated.state_dir)
    with pytest.raises(MergeError, match="unknown company 'open-ai' — it was already merged into 'openai'"):
        merge_company(duplicated.content_dir, "open-ai", "openai", state_dir=duplicated.state_dir)


def test_edit_front_matter_touches_only_the_fields_it_sets():
    text = ("---\ntype: company\n# who they are\nname: Scale AI\naliases:\n- Scale   # short\n"
            "website:\ndistinct_from: []\n---\nBody [link](x.md).\n")
    edited = edit_front_matter(text, "company", {"aliases": ["Scale", "Scale AI Inc."], "website": "https://scale.com",
                                                "sector": "AI: data labeling", "merged_from": ["scale"]})
    assert edited == ("---\ntype: company\n# who they are\nname: Scale AI\naliases: [Scale, Scale AI Inc.]   # short\n"
                      "website: https://scale.com\nsector: 'AI: data labeling'\nmerged_from: [scale]\n"
                      "distinct_from: []\n---\nBody [link](x.md).\n")
