"""The pipeline, top to bottom: fetch -> parse -> select -> extract -> store -> index -> build.

This is the Python API the CLI wraps: `ingest()` brings feeds into content/,
`run()` also refreshes the search index and the site. Feeds are fetched and
parsed concurrently; everything after that runs in the configured feed order,
so the same feeds always give the same files. A run that finds nothing new
never loads the spaCy model, writes no entry and skips the site build.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from pipeline.build import build_site
from pipeline.config import FeedConfig, Settings
from pipeline.entries import Content, as_datetime, load_companies, load_content, read_entry, write_atomic
from pipeline.extract import ArticleBatch, Extraction, extract_many
from pipeline.feedstate import FeedHealth, FeedState, TurnedAway
from pipeline.fetch import FetchPolicy, FetchResult, fetch, make_client
from pipeline.index import IndexReport, check_index, update_index
from pipeline.parse import FeedItem, ParsedFeed, parse
from pipeline.relevance import Relevance
from pipeline.select import Update, select
from pipeline.store import (
    Applied, Write, apply_writes, clear_journal, editor_changed, gazetteer_from, load_journal, plan_new_article,
    plan_update, remove_stale_temporaries, save_journal, scan_known_items,
)

LOCK_TIMEOUT_SECONDS = 300
LOCK_FILE = "run.lock"
LOCK_OWNER_FILE = "run.lock.json"
BUILD_STAMP_FILE = "build.json"
INDEX_STAMP_FILE = "index.json"
# Small: a feed reader should not open many connections at once, and 2 cores do the parsing.
MAX_PARALLEL_FETCHES = 4

# Items extracted together: spaCy batches the paragraphs of all of them, which is faster than one item
# at a time; a bounded batch keeps memory flat however many items a run brings.
EXTRACT_BATCH = 32

# (stage, done, total): "fetch" once per feed, then "extract" once per item.
Progress = Callable[[str, int, int], None]


class RunLocked(Exception):
    """Another run holds the write lock."""


@dataclass
class FeedReport:
    name: str
    location: str
    status: str = "ok"  # ok, not modified, waiting, error
    items: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    # New items not relevant: nearly all turned away before extraction, a few after it (in this run or,
    # the same item under the same rule, in an earlier one).
    irrelevant: int = 0
    failed_items: int = 0  # items skipped because extracting them failed; tried again next run
    error: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def skipped(self) -> int:
        return self.unchanged + self.duplicates + self.irrelevant


@dataclass
class RunSummary:
    feeds: list[FeedReport] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    companies_created: list[Path] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replayed: int = 0  # writes of a killed run finished by this one
    organizations: int = 0
    relations: int = 0
    model_loaded: bool = False
    index: IndexReport | None = None
    site_dir: Path | None = None
    build_skipped: bool = False
    seconds: dict[str, float] = field(default_factory=dict)
    # content/ as this run read it, kept only when it was read and nothing was written (saves a second read).
    content: Content | None = field(default=None, repr=False)

    @property
    def failed_feeds(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status == "error"]

    @property
    def changed(self) -> bool:
        return bool(self.written or self.updated or self.companies_created or self.replayed)


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


def lock_owner(settings: Settings) -> dict | None:
    """Who holds (or last held) the write lock: pid, host, start time and command."""
    try:
        return json.loads((settings.state_dir / LOCK_OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def describe_owner(owner: dict | None) -> str:
    if not owner:
        return "a process that did not say who it is"
    return (f"pid {owner.get('pid')} on {owner.get('host')}, started {owner.get('started')}: "
            f"{owner.get('command')}")


def _wait_for_owner(settings: Settings, patience: float = 1.0) -> dict | None:
    """The lock's owner; a run that has just taken the lock may take a moment to say who it is."""
    deadline = time.monotonic() + patience
    owner = lock_owner(settings)
    while owner is None and time.monotonic() < deadline:
        time.sleep(0.05)
        owner = lock_owner(settings)
    return owner


@contextmanager
def write_lock(settings: Settings, timeout: float = LOCK_TIMEOUT_SECONDS,
               on_wait: Callable[[dict | None], None] | None = None):
    """Only one run writes content/ and the index at a time; the others wait up to `timeout` seconds.

    The lock is an flock: the kernel releases it when its process dies, so a lock left
    by a killed run is recovered by the next one without any cleanup.
    """
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.state_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait:
            on_wait(_wait_for_owner(settings))
        try:
            lock.acquire(timeout=timeout)
        except Timeout as exc:
            raise RunLocked(
                f"another Breachwire run ({describe_owner(lock_owner(settings))}) has held "
                f"{settings.state_dir / LOCK_FILE} for over {timeout:g} s — let it finish, "
                "or wait longer with --wait"
            ) from exc
    owner_file = settings.state_dir / LOCK_OWNER_FILE
    try:
        owner = {"pid": os.getpid(), "host": socket.gethostname(),
                 "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                 "command": " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])[:300]}
        write_atomic(owner_file, json.dumps(owner) + "\n")
        yield
    finally:
        owner_file.unlink(missing_ok=True)
        lock.release()


@dataclass(frozen=True)
class _Fetched:
    feed: FeedConfig
    result: FetchResult | None  # None: not requested (the publisher asked us to wait)
    parsed: ParsedFeed | None


def _fetch_and_parse(feed: FeedConfig, health: FeedHealth, policy: FetchPolicy, client, now: dt.datetime) -> _Fetched:
    if health.waiting(now):
        return _Fetched(feed, None, None)
    result = fetch(feed, validators=health.validators, policy=policy, client=client)
    if not result.ok or result.not_modified:
        return _Fetched(feed, result, None)
    try:
        return _Fetched(feed, result, parse(result, now=now))
    except Exception as exc:  # a parser bug on one feed is that feed's error, not the run's
        return _Fetched(feed, replace(result, error=f"cannot parse: {exc!r}"), None)


def _take_stock(report: FeedReport, outcome: _Fetched, health: FeedHealth, stamp: str) -> ParsedFeed | None:
    """Record how a feed's fetch went in its report and health; the parsed feed if it has items to select."""
    if outcome.result is None:
        report.status = "waiting"
        report.problems = (f"the publisher asked us to wait until {health.not_before}",)
        return None
    result = outcome.result
    if not result.ok:
        report.status, report.error = "error", result.error
        health.last_error, health.last_error_at, health.last_status = result.error, stamp, "error"
        health.not_before = result.retry_after.isoformat() if result.retry_after else None
        return None
    health.not_before = None
    if result.not_modified:
        report.status = "not modified"
        health.last_success, health.last_status = stamp, "not modified"
        health.etag, health.last_modified = result.validators.etag, result.validators.last_modified
        return None
    parsed = outcome.parsed
    report.items, report.problems = len(parsed.items), parsed.problems
    if not parsed.items and parsed.problems:
        # No validators kept: the next run fetches the whole feed again instead of a 304 hiding the error.
        report.status, report.error = "error", "; ".join(parsed.problems)
        health.last_error, health.last_error_at, health.last_status = report.error, stamp, "error"
        return None
    health.etag, health.last_modified = result.validators.etag, result.validators.last_modified
    health.last_success, health.last_status = stamp, "ok"
    health.first_seen = health.first_seen or stamp
    return parsed


def fetch_policy(settings: Settings) -> FetchPolicy:
    return FetchPolicy(user_agent=settings.user_agent, read_timeout=settings.fetch_timeout_seconds,
                       total_timeout=max(60.0, 3 * settings.fetch_timeout_seconds),
                       max_bytes=settings.max_feed_bytes)


def ingest(settings: Settings, feeds: list[FeedConfig], *, nlp=None, summary: RunSummary | None = None,
           policy: FetchPolicy | None = None, progress: Progress | None = None,
           now: dt.datetime | None = None) -> RunSummary:
    """Fetch, parse, select, extract and store every feed. One failing feed never stops the others.

    The caller holds `write_lock` (run() and the CLI do).
    """
    summary = summary or RunSummary()
    timer = StageTimer(summary)
    policy = policy or fetch_policy(settings)
    progress = progress or (lambda stage, done, total: None)
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    stamp = now.isoformat()

    with timer("recover"):
        _finish_killed_run(settings, summary)
    state = FeedState.in_folder(settings.state_dir)
    turned_away = TurnedAway.in_folder(settings.state_dir, now)
    with timer("known items"):
        known = scan_known_items(settings.content_dir, settings.state_dir)

    # One relevance decision, the one `breachwire eval` scores, taken in two steps: select() asks its
    # cheap half (Relevance.plausible: regular expressions over the text) so that off-topic items cost
    # no parse, and _plan() drops the few items that the whole decision, given what was extracted,
    # turns away after all. On the gold sets the half turns away nothing the whole keeps
    # (tests/test_evaluate.py). Those few are remembered (TurnedAway), so that later runs do not
    # extract them again while neither they nor the rule change.
    @functools.cache
    def relevance() -> Relevance:
        # Read only when an item needs it: a run whose items are all known reads no company entry.
        return Relevance.from_content(settings.relevance_incident_terms, settings.relevance_ai_terms,
                                      load_companies(settings.content_dir))

    fetched: dict[int, _Fetched] = {}
    with timer("fetch and parse"), make_client(policy) as client:
        workers = max(1, min(MAX_PARALLEL_FETCHES, len(feeds)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            futures = {pool.submit(_fetch_and_parse, feed, state.get(feed.url), policy, client, now): number
                       for number, feed in enumerate(feeds)}
            for done, future in enumerate(as_completed(futures), start=1):
                fetched[futures[future]] = future.result()
                progress("fetch", done, len(feeds))

    # From here on, the configured order: the same feeds always give the same files.
    work: list[tuple[FeedReport, FeedItem | Update]] = []
    seen: set = set()
    for number, feed in enumerate(feeds):
        report = FeedReport(feed.name, feed.url)
        summary.feeds.append(report)
        health = state.get(feed.url)
        health.name = feed.name or health.name
        parsed = _take_stock(report, fetched[number], health, stamp)
        if parsed is None:
            continue
        with timer("select"):
            selection = select(parsed.items, known, lambda text: relevance().plausible(text), seen,
                               lambda item: turned_away.holds(item, relevance().fingerprint))
        report.new, report.updated = len(selection.new), len(selection.updated)
        report.unchanged, report.duplicates = len(selection.unchanged), len(selection.duplicates)
        report.irrelevant = len(selection.irrelevant)
        health.items_seen += len(parsed.items)
        work.extend((report, item) for item in selection.new)
        work.extend((report, update) for update in selection.updated)

    # An article whose text an editor changed keeps it: no extraction, no write.
    for report, job in list(work):
        if isinstance(job, Update):
            entry, _ = read_entry(settings.content_dir / job.article.path, settings.content_dir)
            if entry is None or editor_changed(entry):
                work.remove((report, job))
                report.updated -= 1
                report.unchanged += 1
                summary.notes.append(f"content/{job.article.path.as_posix()}: the feed changed this item, but an "
                                     "editor changed the entry: kept as the editor left it")

    plan = _Plan()
    if work:
        # Only a run with something to write reads all of content/ (companies, incidents, articles).
        with timer("load content"):
            content = load_content(settings.content_dir)
        if nlp is None:
            with timer("load model"):
                from pipeline.model import load_nlp

                nlp = load_nlp()
            summary.model_loaded = True
        plan = _plan(settings, content, work, nlp, relevance(), now, summary, timer, progress)
        for location in plan.failed_feeds:
            # Forget the validators so the next run gets the whole feed, and the failed items, again.
            state.get(location).etag = state.get(location).last_modified = None
        for item in plan.turned_away:
            turned_away.add(item, relevance().fingerprint, stamp)
    if plan.writes:
        with timer("store"):
            # The journal first: a run killed while writing is finished by the next one.
            save_journal(settings.state_dir, plan.writes)
            applied = apply_writes(settings.content_dir, plan.writes)
            clear_journal(settings.state_dir)
        _record(applied, summary)
        for path in applied.created:
            report = plan.new_articles.get(path.relative_to(settings.content_dir).as_posix())
            if report is not None:
                state.get(report.location).new_items += 1
    elif work:
        summary.content = content
    state.save()
    turned_away.save()
    return summary


@dataclass
class _Plan:
    """What extraction decided: the writes, and which items they store or leave out."""

    writes: list[Write] = field(default_factory=list)
    # The entry of each new article (relative to content/, POSIX), and the report of the feed it came from.
    new_articles: dict[str, FeedReport] = field(default_factory=dict)
    turned_away: list[FeedItem] = field(default_factory=list)  # new items the whole relevance rule dropped
    failed_feeds: set[str] = field(default_factory=set)  # URLs of the feeds with an item extraction failed on


def _plan(settings: Settings, content: Content, work, nlp, relevance: Relevance, now: dt.datetime,
          summary: RunSummary, timer: StageTimer, progress: Progress) -> _Plan:
    plan = _Plan()
    taken: set[Path] = set()
    articles = {entry.path: entry for entry in content.articles}
    gazetteer, known = gazetteer_from(content), set(content.companies)
    done = 0
    for start in range(0, len(work), EXTRACT_BATCH):
        chunk = work[start:start + EXTRACT_BATCH]
        items = [job.item if isinstance(job, Update) else job for _, job in chunk]
        if set(content.companies) != known:
            gazetteer, known = gazetteer_from(content), set(content.companies)
        with timer("extract"):
            batch, extractions = _extract_batch(items, nlp, gazetteer, relevance)
        batch_known = known
        for number, ((report, job), item) in enumerate(zip(chunk, items)):
            done += 1
            extraction = extractions[number]
            created = set(content.companies) - batch_known
            if not isinstance(extraction, Exception) and _names_any(item, content, created):
                # An earlier item of this batch created a company this one names: read it again with that
                # company known, as when items were extracted one after the other.
                if set(content.companies) != known:
                    gazetteer, known = gazetteer_from(content), set(content.companies)
                with timer("extract"):
                    extraction = _extract_again(batch, number, item, nlp, gazetteer, relevance)
            if isinstance(extraction, Exception):
                report.problems = (*report.problems,
                                   f"{item.title[:60]!r}: extraction failed: {extraction!r} — skipped")
                report.failed_items += 1
                plan.failed_feeds.add(report.location)
                progress("extract", done, len(work))
                continue
            if not extraction.relevant and not isinstance(job, Update):
                # The text alone could be relevant, what was found in it is not (an AI company's name that
                # is no organization here): the relevance decision's second half drops it after all.
                report.new -= 1
                report.irrelevant += 1
                plan.turned_away.append(item)
                progress("extract", done, len(work))
                continue
            with timer("plan"):
                if isinstance(job, Update):
                    planned = plan_update(settings.content_dir, articles[job.article.path], item, extraction, content)
                else:
                    planned = plan_new_article(settings.content_dir, item, extraction, content, fetched=now,
                                               taken=taken)
                    plan.new_articles[planned[-1].path] = report
            plan.writes.extend(planned)
            summary.organizations += len(extraction.orgs)
            summary.relations += len(extraction.relations)
            progress("extract", done, len(work))
    return plan


def _extract_batch(items: list[FeedItem], nlp, gazetteer, is_relevant
                   ) -> tuple[ArticleBatch | None, list[Extraction | Exception]]:
    """The items read together, and each one's extraction or the exception that stopped it.

    One item the extractor chokes on must not stop the others: when the batch fails, each item
    is read again on its own, from the same batch (its named-entity pass is kept); only when the
    batch itself cannot be built is each item read again from scratch.
    """
    batch = None
    try:
        batch = ArticleBatch([(item.body_text, item.title) for item in items], nlp)
        return batch, batch.extract(gazetteer, is_relevant)
    except Exception as exc:
        if len(items) == 1:
            return batch, [exc]
    return batch, [_extract_again(batch, number, item, nlp, gazetteer, is_relevant)
                   for number, item in enumerate(items)]


def _extract_again(batch: ArticleBatch | None, number: int, item: FeedItem, nlp, gazetteer, is_relevant
                   ) -> Extraction | Exception:
    """Item `number` of the batch read again on its own; its named-entity pass and parses are reused.

    Without a batch (building it failed), the item is read from scratch.
    """
    try:
        if batch is None:
            return extract_many([(item.body_text, item.title)], nlp, gazetteer=gazetteer, is_relevant=is_relevant)[0]
        return batch.extract(gazetteer, is_relevant, which=[number])[0]
    except Exception as exc:
        return exc


def _names_any(item: FeedItem, content: Content, slugs: set[str]) -> bool:
    """Whether the item's text holds a name, alias or first word of one of these companies, in any case or spacing.

    The gazetteer only changes what the extractor finds where its names occur in the text, so an
    item that holds none of the new names gets the same extraction with or without them.
    """
    if not slugs:
        return False
    text = " ".join(f"{item.title} {item.body_text}".split()).lower()
    for slug in slugs:
        meta = content.companies[slug].meta
        for surface in (meta.get("name") or slug, *(meta.get("aliases") or ())):
            words = str(surface or "").split()
            # (the first word too, as a word: a story may name Tollgrave Transcribe "Tollgrave", which resolves to it)
            if words and (" ".join(words).lower() in text
                          or re.search(rf"(?<!\w){re.escape(words[0].lower())}(?!\w)", text)):
                return True
    return False


def _record(applied: Applied, summary: RunSummary) -> None:
    for path in applied.created:
        (summary.companies_created if path.parent.name == "companies" else summary.written).append(path)
    summary.updated.extend(applied.replaced)
    summary.conflicts.extend(applied.conflicts)


def _finish_killed_run(settings: Settings, summary: RunSummary) -> None:
    """Finish the writes of a run that was killed, and sweep its temporary files."""
    remove_stale_temporaries(settings.content_dir)
    pending = load_journal(settings.state_dir)
    if pending:
        applied = apply_writes(settings.content_dir, pending)
        summary.replayed = len(applied.created) + len(applied.replaced)
        summary.conflicts.extend(applied.conflicts)
        summary.notes.append(f"finished {summary.replayed} writes of an interrupted run")
    clear_journal(settings.state_dir)


def refresh_index(settings: Settings, *, rebuild: bool = False, content: Content | None = None) -> IndexReport:
    return update_index(settings.content_dir, settings.index_dir, rebuild=rebuild, content=content)


def content_fingerprint(settings: Settings) -> str:
    """Changes whenever a file under content/ (or the site's configuration) does; hashes, no parsing."""
    digest = hashlib.sha256()
    for path in sorted(p for p in settings.content_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(f"{path.relative_to(settings.content_dir).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for config in (settings.mkdocs_config, settings.root / "pyproject.toml"):
        if config.exists():
            digest.update(config.read_bytes())
    return digest.hexdigest()


def _read_stamp(settings: Settings, name: str) -> dict:
    try:
        stamp = json.loads((settings.state_dir / name).read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) else {}
    except (OSError, ValueError):
        return {}


def refresh_index_if_changed(settings: Settings, summary: RunSummary) -> IndexReport | None:
    """Update the index unless content/ is exactly as it was at the last update; the report if updated."""
    fingerprint = content_fingerprint(settings)
    if (_read_stamp(settings, INDEX_STAMP_FILE).get("fingerprint") == fingerprint
            and settings.index_dir.is_dir() and check_index(settings.index_dir) is None):
        return None
    report = refresh_index(settings, content=summary.content)
    write_atomic(settings.state_dir / INDEX_STAMP_FILE, json.dumps({"fingerprint": fingerprint}) + "\n")
    return report


def build_if_changed(settings: Settings, now: dt.datetime | None = None) -> Path | None:
    """Build the site unless nothing it is built from changed since the last build; the site's folder if built.

    An embargo that ends is a change too: the last build remembers when the next one does.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    fingerprint = content_fingerprint(settings)
    previous = _read_stamp(settings, BUILD_STAMP_FILE)
    next_embargo = as_datetime(previous.get("next_embargo"))
    if (previous.get("fingerprint") == fingerprint and (settings.site_dir / "index.html").is_file()
            and (next_embargo is None or next_embargo > now)):
        return None
    site = build_site(settings)
    embargoes = [as_datetime(entry.meta.get("embargo_until")) for entry in load_content(settings.content_dir).all()]
    upcoming = min((e for e in embargoes if e is not None and e > now), default=None)
    write_atomic(settings.state_dir / BUILD_STAMP_FILE, json.dumps({
        "fingerprint": fingerprint, "next_embargo": upcoming.isoformat() if upcoming else None}) + "\n")
    return site


def run(settings: Settings, feeds: list[FeedConfig], *, build: bool = True, nlp=None,
        policy: FetchPolicy | None = None, progress: Progress | None = None,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS, on_wait=None) -> RunSummary:
    """Ingest the feeds, then update the search index and build the site (when anything changed)."""
    summary = RunSummary()
    timer = StageTimer(summary)
    with write_lock(settings, lock_timeout, on_wait):
        ingest(settings, feeds, nlp=nlp, summary=summary, policy=policy, progress=progress)
        # The index commits after the entries it indexes are on disk.
        with timer("index"):
            summary.index = refresh_index_if_changed(settings, summary)
        if build:
            with timer("build"):
                summary.site_dir = build_if_changed(settings)
                summary.build_skipped = summary.site_dir is None
    return summary
