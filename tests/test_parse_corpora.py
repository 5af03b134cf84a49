"""Shared corpora (../shared/corpora, present in CI): real publisher feeds, feedparser's ill-formed
and sanitizer corpora, run through parse (and, for the sanitizer corpus, store)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from pipeline.config import FeedConfig
from pipeline.entries import load_content
from pipeline.extract import Extraction
from pipeline.fetch import fetch
from pipeline.parse import parse
from pipeline.store import apply_writes, plan_new_article

# Item counts under feedparser 6.0.14, from ../shared/corpora/SOURCES.md.
REAL_FEEDS = {
    "theverge-2014.xml": 10, "theverge-2025.xml": 10, "wired-2013.xml": 25, "wired-2026.xml": 50,
    "arstechnica-2013.xml": 25, "techcrunch-2011.xml": 20, "theregister-2014.xml": 50,
    "slashdot-2014.xml": 25, "lifehacker-2025.xml": 100,
}
MARKUP = re.compile(r"<[A-Za-z/!?]")
SCRIPT_URL = re.compile(r"(?i)javascript\s*:|vbscript\s*:|data\s*:\s*text/html")
EVENT_HANDLER = re.compile(r"(?i)<[^>]*\son[a-z]+\s*=")


def parsed_file(path: Path, name: str = "Corpus"):
    fetched = fetch(FeedConfig(name=name, url=str(path)))
    assert fetched.ok, f"{path}: {fetched.error}"
    return parse(fetched)


@pytest.mark.parametrize("name, count", sorted(REAL_FEEDS.items()))
def test_real_publisher_feeds_parse_into_clean_items(shared_corpora, name, count):
    path = shared_corpora / "feeds" / "real" / name
    if not path.exists():
        pytest.skip(f"{path} is not in this copy of ../shared/corpora")
    parsed = parsed_file(path, name)
    assert len(parsed.items) == count, f"{path}: {len(parsed.items)} items, problems: {parsed.problems}"
    for item in parsed.items:
        assert item.title and item.url.startswith(("http://", "https://")), f"{path}: {item.title!r} {item.url!r}"
        for text in (item.title, item.summary, item.text):
            assert not MARKUP.search(text), f"{path}: markup left in {text[:200]!r}"
    assert len({i.guid for i in parsed.items}) == count, f"{path}: guids are not unique"


def test_feedparser_illformed_corpus_never_raises_and_keeps_what_it_can(shared_corpora):
    folder = shared_corpora / "feedparser" / "illformed"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here (CI provides ../shared beside the checkout)")
    files = sorted(folder.rglob("*.xml"))
    assert len(files) >= 19
    for path in files:
        parsed = parsed_file(path)
        for item in parsed.items:
            for text in (item.title, item.summary, item.text):
                assert not MARKUP.search(text), f"{path}: markup left in {text[:200]!r}"
    # Without chardet (not a dependency) an undeclared KOI8-R feed is read as Windows-1252:
    # its item is kept and the guess is reported rather than silently trusted.
    koi8 = parsed_file(folder / "chardet" / "koi8r.xml")
    assert koi8.items and any(p.startswith("encoding: ") for p in koi8.problems), koi8.problems


def test_feedparser_sanitize_corpus_leaves_no_script_handler_or_script_url_in_content(shared_corpora, project):
    folder = shared_corpora / "feedparser" / "sanitize"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here (CI provides ../shared beside the checkout)")
    files = sorted(folder.glob("*.xml"))
    assert len(files) >= 700
    content = load_content(project.content_dir)
    fetched_at = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.timezone.utc)
    stored = items = 0
    for path in files:
        parsed = parsed_file(path, name=path.stem)
        items += len(parsed.items)
        for item in parsed.items:
            # Storing is under test here, not extraction: an extraction that found nothing.
            writes = plan_new_article(project.content_dir, item, Extraction(relevant=True), content,
                                      fetched=fetched_at, taken=set())
            applied = apply_writes(project.content_dir, writes)
            assert not applied.conflicts, applied.conflicts
            stored += len(applied.created)
    # Most files test markup that sanitizes to nothing: those items have no text left and are skipped.
    assert stored == items >= 200, f"{stored} entries stored for {items} items from {len(files)} feeds"
    offenders = []
    for entry in sorted(project.content_dir.rglob("*.md")):
        text = entry.read_text(encoding="utf-8")
        for pattern in (MARKUP, SCRIPT_URL, EVENT_HANDLER):
            found = pattern.search(text)
            if found:
                offenders.append(f"{entry}: {pattern.pattern!r} matches {text[max(0, found.start() - 60):found.end() + 60]!r}")
    assert not offenders, "\n".join(offenders[:20])
    problems = [str(p) for p in load_content(project.content_dir).problems if p.severity == "error"]
    assert not problems, problems[:10]
