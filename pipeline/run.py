"""The pipeline, top to bottom: fetch -> parse -> select -> extract -> store -> index -> build.

This is the Python API the CLI wraps: `ingest()` brings feeds into content/,
`run()` also refreshes the search index and the site.
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.build import build_site
from pipeline.config import FeedConfig, Settings
from pipeline.entries import load_content
from pipeline.extract import extract
from pipeline.feedstate import FeedState
from pipeline.fetch import fetch
from pipeline.index import IndexReport, update_index
from pipeline.parse import parse
from pipeline.select import RelevanceTerms, select
from pipeline.store import gazetteer_from, known_items, store_article

LOCK_TIMEOUT_SECONDS = 300


class RunLocked(Exception):
    """Another run holds the write lock."""


@dataclass
class FeedReport:
    name: str
    location: str
    status: str = "ok"  # ok, not modified, error
    items: int = 0
    new: int = 0
    duplicates: int = 0
    irrelevant: int = 0
    error: str | None = None
    problems: tuple[str, ...] = ()


@dataclass
class RunSummary:
    feeds: list[FeedReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    companies_created: list[Path] = field(default_factory=list)
    organizations: int = 0
    relations: int = 0
    index: IndexReport | None = None
    site_dir: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def failed_feeds(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status == "error"]


class StageTimer:
    def __init__(self, summary: RunSummary):
        self.summary = summary

    @contextmanager
    def __call__(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.summary.seconds[stage] = self.summary.seconds.get(stage, 0.0) + time.perf_counter() - start


@contextmanager
def write_lock(settings: Settings, timeout: float = LOCK_TIMEOUT_SECONDS):
    """Only one run writes content/ and the index at a time."""
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.state_dir / "run.lock"), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout as exc:
        raise RunLocked(
            f"another Breachwire run has held {lock.lock_file} for over {timeout:g} s — wait for it to finish"
        ) from exc


def ingest(settings: Settings, feeds: list[FeedConfig], *, nlp=None, summary: RunSummary | None = None) -> RunSummary:
    """Fetch, parse, select, extract and store every feed. One failing feed never stops the others."""
    summary = summary or RunSummary()
    timer = StageTimer(summary)
    state = FeedState(settings.state_dir / "feeds.json")
    content = load_content(settings.content_dir)
    known = known_items(content)
    gazetteer = gazetteer_from(content)
    terms = RelevanceTerms(settings.relevance_incident_terms, settings.relevance_ai_terms)
    now = dt.datetime.now(dt.timezone.utc)
    for feed in feeds:
        report = FeedReport(feed.name, feed.url)
        summary.feeds.append(report)
        health = state.get(feed.url)
        with timer("fetch"):
            fetched = fetch(feed, validators=health.validators, user_agent=settings.user_agent,
                            timeout=settings.fetch_timeout_seconds, max_bytes=settings.max_feed_bytes)
        if not fetched.ok:
            report.status, report.error = "error", fetched.error
            health.last_error, health.last_error_at = fetched.error, now.isoformat(timespec="seconds")
            continue
        if fetched.not_modified:
            report.status = "not modified"
            health.last_success = now.isoformat(timespec="seconds")
            continue
        with timer("parse"):
            parsed = parse(fetched)
        report.items, report.problems = len(parsed.items), parsed.problems
        if not parsed.items and parsed.problems:
            report.status, report.error = "error", "; ".join(parsed.problems)
            health.last_error, health.last_error_at = report.error, now.isoformat(timespec="seconds")
            continue
        with timer("select"):
            selection = select(parsed.items, known, terms)
        report.new, report.duplicates, report.irrelevant = (
            len(selection.new), len(selection.duplicates), len(selection.irrelevant))
        if selection.new and nlp is None:
            with timer("load model"):
                from pipeline.model import load_nlp

                nlp = load_nlp()
        for item in selection.new:
            with timer("extract"):
                extraction = extract(item.body_text, nlp, title=item.title, gazetteer=gazetteer)
            with timer("store"):
                stored = store_article(settings.content_dir, item, extraction, content, fetched=now)
            summary.written.append(stored.path)
            summary.companies_created.extend(stored.companies_created)
            summary.organizations += len(extraction.orgs)
            summary.relations += len(extraction.relations)
            if stored.companies_created:
                # New companies become known names for the articles after this one.
                gazetteer = gazetteer_from(content)
        known = known.plus(selection.new)
        health.etag, health.last_modified = fetched.validators.etag, fetched.validators.last_modified
        health.last_success = now.isoformat(timespec="seconds")
        health.items_seen += len(parsed.items)
        health.new_items += len(selection.new)
        health.first_seen = health.first_seen or now.isoformat(timespec="seconds")
    state.save()
    return summary


def refresh_index(settings: Settings, *, rebuild: bool = False) -> IndexReport:
    return update_index(settings.content_dir, settings.index_dir, rebuild=rebuild)


def run(settings: Settings, feeds: list[FeedConfig], *, build: bool = True, nlp=None) -> RunSummary:
    """Ingest the feeds, then update the search index and build the site."""
    summary = RunSummary()
    timer = StageTimer(summary)
    with write_lock(settings):
        ingest(settings, feeds, nlp=nlp, summary=summary)
        # The index commits after the entries it indexes are on disk.
        with timer("index"):
            summary.index = refresh_index(settings)
    if build:
        with timer("build"):
            summary.site_dir = build_site(settings)
    return summary
