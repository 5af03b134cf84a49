"""`breachwire new`: complete, valid drafts under safe slugs, and never an overwrite."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.entries import SCHEMAS, check, load_content, split_front_matter
from pipeline.scaffold import ScaffoldError, new_entry


@pytest.mark.parametrize("kind, title, path", [
    ("company", "Kestrel Annotate", "companies/kestrel-annotate.md"),
    ("incident", "Scale AI contractor data exposure", "incidents/scale-ai-contractor-data-exposure.md"),
])
def test_new_writes_every_field_in_schema_order_and_validates(project, kind, title, path, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["new", kind, title])
    assert result.exit_code == 0, result.output
    assert f"Created content/{path} (a draft)." in result.output
    text = (project.content_dir / path).read_text(encoding="utf-8")
    front, body = split_front_matter(text)
    assert list(yaml.safe_load(front)) == [spec.name for spec in SCHEMAS[kind]]
    # Every field the editor fills in comes with a comment saying what it holds.
    assert all(f"# {spec.name}" in front for spec in SCHEMAS[kind] if spec.name != "type")
    assert body == ""
    report = check(project.content_dir)
    assert not report.problems, report.problems
    entry = next(e for e in load_content(project.content_dir).all() if e.path.as_posix() == path)
    assert entry.meta["draft"] is True and not entry.is_published()
    assert (entry.meta.get("name") or entry.meta.get("title")) == title


def test_an_incident_is_dated_today_by_default(project):
    path = new_entry(project.content_dir, "incident", "Kestrel Annotate breach", today=dt.date(2026, 4, 2))
    assert "\ndate: 2026-04-02\n" in path.read_text(encoding="utf-8")


def test_new_refuses_to_overwrite(project, monkeypatch):
    monkeypatch.chdir(project.root)
    existing = project.content_dir / "incidents" / "mercor-data-breach.md"
    before = existing.read_bytes()
    result = CliRunner().invoke(app, ["new", "incident", "Mercor data breach"])
    assert result.exit_code == 1
    assert "error: content/incidents/mercor-data-breach.md already exists — edit it, or choose another slug with --slug" in result.output
    assert existing.read_bytes() == before
    result = CliRunner().invoke(app, ["new", "incident", "Mercor data breach", "--slug", "mercor-breach-2"])
    assert result.exit_code == 0, result.output
    assert (project.content_dir / "incidents" / "mercor-breach-2.md").is_file()


def test_new_refuses_a_name_another_company_already_has(project):
    with pytest.raises(ScaffoldError) as caught:
        new_entry(project.content_dir, "company", "open  AI")
    assert str(caught.value) == ("'open AI' is already a name of content/companies/openai.md — edit that entry "
                                 "(or give the new company another name)")
    assert not (project.content_dir / "companies" / "open-ai.md").exists()


def test_new_refuses_the_slug_of_a_merged_company(project):
    meta = project.content_dir / "companies" / "meta.md"
    meta.write_text(meta.read_text(encoding="utf-8").replace("type: company\n", "type: company\nmerged_from: [facebook-inc]\n"),
                    encoding="utf-8")
    with pytest.raises(ScaffoldError, match="'facebook-inc' was merged into 'meta'"):
        new_entry(project.content_dir, "company", "Facebook Inc")


@pytest.mark.parametrize("title, slug", [
    ("../../etc/passwd", "etc-passwd"),
    ("Ünïcode Labs: Q&A", "unicode-labs-q-a"),
    ("CON", "con-entry"),
    ("!!!", "company"),
])
def test_names_become_safe_slugs_inside_content(project, title, slug):
    path = new_entry(project.content_dir, "company", title)
    assert path == project.content_dir / "companies" / f"{slug}.md"
    assert not check(project.content_dir).errors


def test_a_title_with_yaml_syntax_is_quoted(project):
    path = new_entry(project.content_dir, "incident", "Breach: #2 [update] {draft}")
    entry = load_content(project.content_dir).incidents[path.stem]
    assert entry.meta["title"] == "Breach: #2 [update] {draft}"


def test_an_unknown_kind_is_refused(project, monkeypatch):
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["new", "article", "Something"])
    assert result.exit_code == 1
    assert "unknown entry type 'article' — use one of: company, incident" in result.output
