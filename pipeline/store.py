"""Write ingested items into content/: article entries and company stubs, atomically, never over an editor.

Writing happens in two steps. First every change of a run is planned in
memory as a list of `Write`s; the plan is saved to a journal in the state
folder; then each write is applied (temporary file in the same folder, fsync,
rename). A run killed half way leaves complete files only, and the next run
replays the journal before anything else, so it ends exactly where an
uninterrupted run would have.

What an editor wrote is never changed: company entries are only ever
created, never rewritten; an updated feed item rewrites its article's text
only while that text is still what the pipeline last wrote (`feed_digest`),
and relation decisions, incidents an editor set and every other field are
carried over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.entries import Content, Entry, as_datetime, create_exclusive, dump_entry, read_entry, write_atomic
from pipeline.extract import Extraction, Gazetteer, Org
from pipeline.incidents import ArticleFacts, matcher_for
from pipeline.markup import markdown_text
from pipeline.parse import FeedItem, canonical_url
from pipeline.review import carry_decisions
from pipeline.select import KnownArticle, KnownItems, digest_of, item_body, item_digest
from pipeline.slugs import unique_file

JOURNAL_FILE = "pending-writes.json"
JOURNAL_VERSION = 1
ARTICLE_CACHE_FILE = "articles.json"
ARTICLE_CACHE_VERSION = 2
# The sector of a stub for an organization the extractor found to be an attacker group: words the
# extractor reads back (an attacker modifier and an attacker noun, see OrgFinder.known_attacker).
ATTACKER_SECTOR = "attacker group"


@dataclass(frozen=True)
class Write:
    """One file to write under content/. `expect` is the sha256 of the file it replaces; None creates."""

    path: str  # relative to content/, POSIX
    text: str
    expect: str | None = None

    @property
    def creates(self) -> bool:
        return self.expect is None


@dataclass(frozen=True)
class Stored:
    path: Path
    companies_created: tuple[Path, ...]


@dataclass
class Applied:
    created: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    already: list[Path] = field(default_factory=list)  # a replayed write that had already happened
    conflicts: list[str] = field(default_factory=list)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scan_known_items(content_dir: Path, state_dir: Path) -> KnownItems:
    """Every article in content/ by (source, guid) and (source, canonical URL), with its fingerprint.

    What each article file says about itself (outlet, guid, URL, fingerprint) is cached in
    the state folder by the file's sha256, so a run over an unchanged content/ costs a hash
    per file instead of a YAML parse per file, and a fresh checkout (new mtimes) keeps the cache.
    """
    cache_file = state_dir / ARTICLE_CACHE_FILE
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if cached.get("version") != ARTICLE_CACHE_VERSION:
            cached = {}
    except (OSError, ValueError, AttributeError):
        cached = {}
    previous = cached.get("articles", {}) if isinstance(cached.get("articles"), dict) else {}
    current: dict[str, dict] = {}
    for path in sorted((content_dir / "articles").rglob("*.md")):
        if path.name == "index.md":
            continue
        relpath = path.relative_to(content_dir).as_posix()
        signature = hashlib.sha256(path.read_bytes()).hexdigest()
        record = previous.get(relpath)
        if not isinstance(record, dict) or record.get("signature") != signature:
            record = {"signature": signature, **_identity(path, content_dir)}
        current[relpath] = record
    if current != previous:
        write_atomic(cache_file, json.dumps({"version": ARTICLE_CACHE_VERSION, "articles": current},
                                            ensure_ascii=False, sort_keys=True) + "\n")
    by_guid, by_url = {}, {}
    for relpath, record in current.items():
        known = KnownArticle(Path(relpath), record.get("digest"))
        if record.get("guid"):
            by_guid.setdefault((record.get("source"), record["guid"]), known)
        if record.get("url"):
            by_url.setdefault((record.get("source"), canonical_url(record["url"])), known)
    return KnownItems(by_guid, by_url)


def _identity(path: Path, content_dir: Path) -> dict:
    """source, guid, url and feed_digest of one article file, read leniently."""
    entry, _ = read_entry(path, content_dir)
    if entry is not None:
        meta = entry.meta
        return {key: meta.get(name) if isinstance(meta.get(name), str) else None
                for key, name in (("source", "source"), ("guid", "guid"), ("url", "url"), ("digest", "feed_digest"))}
    # An entry an editor broke still names its item: better a duplicate avoided than a second copy.
    text = path.read_text(encoding="utf-8", errors="replace")
    found = {key: re.search(rf"(?m)^{key}:[ \t]*['\"]?(.*?)['\"]?[ \t]*$", text) for key in ("source", "guid", "url")}
    return {**{key: match.group(1) if match else None for key, match in found.items()}, "digest": None}


def gazetteer_from(content: Content) -> Gazetteer:
    """Company names and aliases from content/companies/: what the extractor resolves."""
    return Gazetteer.from_companies(
        ((slug, entry.meta.get("name") or slug, entry.meta.get("aliases") or [])
         for slug, entry in sorted(content.companies.items())),
        sectors={slug: str(entry.meta.get("sector") or "") for slug, entry in content.companies.items()},
        stubs=[slug for slug, entry in content.companies.items() if is_stub(entry)],
    )


def stub_sector(org: Org) -> str:
    """The sector a company stub for `org` records: "attacker group" for an attacker group, else none."""
    return ATTACKER_SECTOR if org.kind == "attacker" else ""


def is_stub(entry: Entry) -> bool:
    """A company entry as ingest wrote it (`_plan_company_stub`), before an editor gave it aliases or a description."""
    return not entry.meta.get("aliases") and not entry.meta.get("description")


def entry_digest(entry: Entry) -> str:
    """The fingerprint of an article's pipeline-written fields as they read now."""
    meta = entry.meta
    return digest_of(str(meta.get("title") or ""), str(meta.get("url") or ""), str(meta.get("summary") or ""),
                     as_datetime(meta.get("published")), entry.body)


def editor_changed(entry: Entry) -> bool:
    """True when an editor changed the article's title, link, summary, date or body (or its fingerprint)."""
    recorded = entry.meta.get("feed_digest")
    return not isinstance(recorded, str) or entry_digest(entry) != recorded


def suggest_incident(extraction: Extraction, content: Content, item: FeedItem) -> str | None:
    """The incident this article most likely covers (as `breachwire incidents suggest` finds it), if any."""
    facts = ArticleFacts(item.guid, item.title, item.published, tuple(sorted(o.slug for o in extraction.orgs)),
                         f"{item.title} {item.summary} {item.text}")
    best = matcher_for(content).best(facts)
    return best.incident if best else None


def _relations(extraction: Extraction) -> list[dict]:
    return [
        {
            "subject": r.subject_slug,
            "predicate": r.predicate,
            "object": r.object_slug,
            "evidence": r.evidence,
            "confidence": r.confidence,
            "status": "proposed",
        }
        for r in extraction.relations
    ]


def plan_new_article(content_dir: Path, item: FeedItem, extraction: Extraction, content: Content, *,
                     fetched: dt.datetime, taken: set[Path]) -> list[Write]:
    """The writes for one new article: a stub for each company it names that has none, then the entry."""
    writes = [_plan_company_stub(content_dir, org, content, item)
              for org in extraction.orgs if org.slug not in content.companies]
    meta = {
        "type": "article",
        "title": item.title,
        "url": item.url,
        "guid": item.guid,
        "source": item.source,
        "published": item.published,
        "fetched": fetched.replace(microsecond=0),
        "summary": item.summary,
        "companies": sorted(org.slug for org in extraction.orgs),
        "relations": _relations(extraction),
        "incident": suggest_incident(extraction, content, item),
        "feed_digest": item_digest(item),
    }
    # A machine-chosen incident is a proposal, like a relation, until an editor confirms it.
    meta["incident_status"] = "proposed" if meta["incident"] else None
    # Items without a date are filed under the month they were first fetched.
    when = item.published or fetched
    folder = content_dir / "articles" / f"{when:%Y}" / f"{when:%m}"
    path = unique_file(folder, item.title, fallback="article", taken=taken)
    taken.add(path)
    text = dump_entry(meta, item_body(item))
    relpath = path.relative_to(content_dir)
    return [*writes, Write(relpath.as_posix(), text)]


def plan_update(content_dir: Path, entry: Entry, item: FeedItem, extraction: Extraction, content: Content, *,
                rewrite_text: bool = True) -> list[Write]:
    """The rewrite of a stored article from its item and a new extraction, keeping every editor decision.

    With `rewrite_text` (the feed updated the item) the title, link, summary, date and body
    become the item's; without it (a re-extraction) they stay as they are. Relations an
    editor decided, an incident an editor set and every other field are kept. Also plans
    stubs for companies named for the first time; nothing at all if the entry would not change.
    """
    old_text = (content_dir / entry.path).read_text(encoding="utf-8")
    meta = dict(entry.meta)
    body = entry.body
    if rewrite_text:
        meta.update(title=item.title, url=item.url, summary=item.summary, published=item.published,
                    feed_digest=item_digest(item))
        body = item_body(item)
    meta["relations"] = carry_decisions(meta.get("relations") or [], _relations(extraction))
    old_companies = [c for c in meta.get("companies") or [] if isinstance(c, str)]
    meta["companies"] = sorted({*old_companies, *(org.slug for org in extraction.orgs)})
    if not meta.get("incident") or meta.get("incident_status") == "proposed":
        # Only the machine's own proposal is reconsidered; an incident an editor set stays.
        meta["incident"] = suggest_incident(extraction, content, item)
        meta["incident_status"] = "proposed" if meta["incident"] else None
    text = dump_entry(meta, body)
    if text == old_text:
        return []
    stubs = [_plan_company_stub(content_dir, org, content, item)
             for org in extraction.orgs if org.slug not in content.companies]
    return [*stubs, Write(entry.path.as_posix(), text, expect=sha256_text(old_text))]


def store_article(content_dir: Path, item: FeedItem, extraction: Extraction, content: Content, *,
                  fetched: dt.datetime, existing: Entry | None = None) -> Stored:
    """Write one new article entry (or re-extract `existing` in place), and a stub for each new company."""
    if existing is None:
        writes = plan_new_article(content_dir, item, extraction, content, fetched=fetched, taken=set())
    else:
        writes = plan_update(content_dir, existing, item, extraction, content, rewrite_text=False)
    applied = apply_writes(content_dir, writes)
    path = content_dir / (writes[-1].path if writes else existing.path)
    return Stored(path, tuple(p for p in applied.created if p.parent.name == "companies"))


def _plan_company_stub(content_dir: Path, org: Org, content: Content, item: FeedItem) -> Write:
    """A minimal company entry for an organization first seen in `item`, for an editor to complete.

    An attacker group's stub says so in its sector: the extractor reads the sector of a known name
    (OrgFinder.known_attacker), and the next article about the group should still find it an attacker.
    """
    name, slug = org.name, org.slug
    relpath = Path("companies") / f"{slug}.md"
    meta = {"type": "company", "name": name, "aliases": [], "description": ""}
    sector = stub_sector(org)
    if sector:
        meta["sector"] = sector
    body = (
        f"Created by the pipeline when {markdown_text(item.source)} first mentioned {markdown_text(name)}. "
        "An editor should check the name, add aliases and write a description.\n"
    )
    # Recorded at once so later articles of the same run link to it instead of creating it again.
    content.companies[slug] = Entry(relpath, meta, body)
    return Write(relpath.as_posix(), dump_entry(meta, body))


def apply_writes(content_dir: Path, writes: list[Write]) -> Applied:
    """Apply planned writes one by one, each atomically; safe to repeat after a crash."""
    applied = Applied()
    for write in writes:
        path = content_dir / write.path
        if write.creates:
            if create_exclusive(path, write.text):
                applied.created.append(path)
            elif _read(path) == write.text:
                applied.already.append(path)
            elif write.path.startswith("companies/"):
                pass  # an editor's company entry wins over a stub, always
            else:
                applied.conflicts.append(f"{path}: exists and is not what this run planned — left as it is")
            continue
        current = _read(path)
        if current == write.text:
            applied.already.append(path)
        elif current is not None and sha256_text(current) == write.expect:
            write_atomic(path, write.text)
            applied.replaced.append(path)
        else:
            applied.conflicts.append(f"{path}: changed since it was read (an editor?) — update not applied")
    return applied


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def remove_stale_temporaries(content_dir: Path) -> list[Path]:
    """Delete temporary files a killed run left beside the entries (never an entry itself)."""
    stale = [p for p in content_dir.rglob(".*.md.*.tmp") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def save_journal(state_dir: Path, writes: list[Write]) -> Path:
    path = state_dir / JOURNAL_FILE
    data = {"version": JOURNAL_VERSION, "writes": [asdict(w) for w in writes]}
    write_atomic(path, json.dumps(data, ensure_ascii=False) + "\n")
    return path


def load_journal(state_dir: Path) -> list[Write]:
    """The writes a killed run planned and may not have finished; empty when there are none."""
    path = state_dir / JOURNAL_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != JOURNAL_VERSION:
            return []
        return [Write(**w) for w in data["writes"]]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, TypeError, KeyError):
        # Written atomically, so a damaged journal was damaged by hand: it cannot be trusted.
        return []


def clear_journal(state_dir: Path) -> None:
    (state_dir / JOURNAL_FILE).unlink(missing_ok=True)
