"""Storing: atomic, exclusive creation, journal replay, editor edits respected, safe file names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import FeedConfig
from pipeline.entries import dump_entry, load_content
from pipeline.run import ingest, write_lock
from pipeline.slugs import slugify, unique_file
from pipeline.store import (
    JOURNAL_FILE, Write, apply_writes, create_exclusive, load_journal, remove_stale_temporaries, save_journal,
    scan_known_items,
)

FIXTURE_FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.mark.parametrize("title, slug", [
    ("..", "untitled"), ("../../../../etc/passwd", "etc-passwd"), ("/etc/cron.d/evil", "etc-cron-d-evil"),
    ("", "untitled"), ("invoice\u202egpj.exe", "invoicegpj-exe"), ("nul\x00byte", "nul-byte"),
    ("CON", "con-entry"), ("aux", "aux-entry"), ("LPT1", "lpt1-entry"), ("C:\\Windows\\System32", "c-windows-system32"),
    ("Café Łódź — naïve", "cafe-odz-naive"), ("Meta pauses work with Mercor", "meta-pauses-work-with-mercor"),
])
def test_slugs_are_safe_file_names(title, slug):
    assert slugify(title) == slug


def test_a_300_character_title_gives_a_bounded_slug():
    slug = slugify("Training data vendor breach " * 11)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.startswith("training-data-vendor-breach")


def test_unique_file_numbers_taken_names_and_stays_in_its_folder(tmp_path):
    (tmp_path / "untitled.md").write_text("x")
    taken = {tmp_path / "untitled-2.md"}
    assert unique_file(tmp_path, "..", fallback="untitled", taken=taken) == tmp_path / "untitled-3.md"


def test_create_exclusive_never_overwrites(tmp_path):
    path = tmp_path / "companies" / "meta.md"
    assert create_exclusive(path, "first\n")
    assert not create_exclusive(path, "second\n")
    assert path.read_text() == "first\n"
    assert [p.name for p in path.parent.iterdir()] == ["meta.md"]  # no temporary file left behind


def test_apply_writes_keeps_an_editors_company_and_refuses_a_stale_update(tmp_path):
    company = tmp_path / "companies" / "acme.md"
    company.parent.mkdir()
    company.write_text("---\ntype: company\nname: Acme\naliases: [Acme Corp]\n---\nEditor's prose.\n")
    article = tmp_path / "articles" / "a.md"
    article.parent.mkdir()
    article.write_text("edited by an editor\n")
    applied = apply_writes(tmp_path, [
        Write("companies/acme.md", "---\ntype: company\nname: Acme\naliases: []\n---\nstub\n"),
        Write("articles/a.md", "new text\n", expect="0" * 64),
    ])
    assert company.read_text().endswith("Editor's prose.\n") and article.read_text() == "edited by an editor\n"
    assert not applied.created and not applied.replaced
    assert applied.conflicts == [f"{article}: changed since it was read (an editor?) — update not applied"]


def test_a_journal_left_by_a_crash_is_finished_by_the_next_run(project):
    """A run killed after planning and writing half its files: the next run writes the rest first."""
    meta = {"type": "company", "name": "Acme AI", "aliases": [], "description": ""}
    writes = [Write(f"companies/acme-{n}.md", dump_entry({**meta, "name": f"Acme {n}"}, "stub\n")) for n in range(4)]
    save_journal(project.state_dir, writes)
    apply_writes(project.content_dir, writes[:2])
    (project.content_dir / "companies" / ".acme-2.md.x1y2.tmp").write_text("half a fi")
    assert load_journal(project.state_dir) == writes

    with write_lock(project):
        summary = ingest(project, [])
    assert summary.replayed == 2
    assert all((project.content_dir / w.path).read_text() == w.text for w in writes)
    assert not (project.state_dir / JOURNAL_FILE).exists()
    assert not list(project.content_dir.rglob("*.tmp"))


def test_remove_stale_temporaries_touches_only_temporaries(tmp_path):
    entry = tmp_path / "articles" / "2026" / "03" / "story.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("keep")
    stale = entry.parent / ".story.md.abc123.tmp"
    stale.write_text("half")
    assert remove_stale_temporaries(tmp_path) == [stale]
    assert entry.read_text() == "keep"


def test_known_items_survive_a_broken_entry_so_it_is_not_ingested_twice(project):
    folder = project.content_dir / "articles" / "2026" / "03"
    folder.mkdir(parents=True)
    (folder / "broken.md").write_text(
        "---\ntype: article\ntitle: Mercor breach: an editor broke this YAML\nguid: g-1\nsource: WIRED\n"
        "url: https://www.wired.com/story/x/\n---\n", encoding="utf-8")
    known = scan_known_items(project.content_dir, project.state_dir)
    assert ("WIRED", "g-1") in known.by_guid
    assert ("WIRED", "https://www.wired.com/story/x/") in known.by_url
    # Cached by content hash: a second scan parses nothing, and sees an edit.
    assert scan_known_items(project.content_dir, project.state_dir).by_guid.keys() == known.by_guid.keys()
    (folder / "broken.md").write_text("---\ntype: article\ntitle: t\nguid: g-2\nsource: WIRED\nurl: ''\n---\n")
    assert ("WIRED", "g-2") in scan_known_items(project.content_dir, project.state_dir).by_guid


def test_a_long_retry_after_skips_the_feed_on_later_runs_without_a_request(project, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(b"", status=429, headers={"Retry-After": "7200"})
    feed = FeedConfig("Busy", httpserver.url_for("/feed.xml"))
    first = ingest(project, [feed])
    assert first.feeds[0].status == "error" and "skipped until" in first.feeds[0].error
    second = ingest(project, [feed])
    assert second.feeds[0].status == "waiting" and len(httpserver.log) == 1
    assert not load_content(project.content_dir).articles
