"""Write ingested items into content/: article entries and company stubs, atomically.

The pipeline only ever creates files here. It never rewrites an entry an
editor may have touched: an item already in content/ is skipped by select,
and a company that already has an entry keeps it as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.entries import Content, Entry, dump_entry, write_atomic
from pipeline.extract import Extraction, Gazetteer
from pipeline.incidents import ArticleFacts, matcher_for
from pipeline.markup import markdown_paragraphs, markdown_text
from pipeline.parse import FeedItem, canonical_url
from pipeline.review import carry_decisions
from pipeline.select import KnownItems
from pipeline.slugs import slugify



@dataclass(frozen=True)
class Stored:
    path: Path
    companies_created: tuple[Path, ...]


def known_items(content: Content) -> KnownItems:
    """Guids and (source, URL) pairs of every article already in content/."""
    guids, urls = set(), set()
    for article in content.articles:
        guid, url, source = article.meta.get("guid"), article.meta.get("url"), article.meta.get("source")
        if isinstance(guid, str):
            guids.add(guid)
        if isinstance(url, str) and url:
            urls.add((source, canonical_url(url)))
    return KnownItems(frozenset(guids), frozenset(urls))


def gazetteer_from(content: Content) -> Gazetteer:
    """Company names and aliases from content/companies/: what the extractor resolves."""
    return Gazetteer.from_companies(
        (slug, entry.meta.get("name") or slug, entry.meta.get("aliases") or [])
        for slug, entry in sorted(content.companies.items())
    )


def article_path(content_dir: Path, item: FeedItem) -> Path:
    """content/articles/<yyyy>/<mm>/<slug>.md, made unique with a numeric suffix."""
    when = item.published or dt.datetime.now(dt.timezone.utc)
    folder = content_dir / "articles" / f"{when:%Y}" / f"{when:%m}"
    base = slugify(item.title, fallback="article")
    candidate, number = folder / f"{base}.md", 2
    while candidate.exists():
        candidate, number = folder / f"{base}-{number}.md", number + 1
    return candidate


def suggest_incident(extraction: Extraction, content: Content, item: FeedItem) -> str | None:
    """The incident this article most likely covers (as `breachwire incidents suggest` finds it), if any."""
    facts = ArticleFacts(item.guid, item.title, item.published, tuple(sorted(o.slug for o in extraction.orgs)),
                         f"{item.title} {item.summary} {item.text}")
    best = matcher_for(content).best(facts)
    return best.incident if best else None


def store_article(
    content_dir: Path,
    item: FeedItem,
    extraction: Extraction,
    content: Content,
    *,
    fetched: dt.datetime,
    existing: Entry | None = None,
) -> Stored:
    """Write one new article entry (or re-extract `existing` in place), and a stub for each new company."""
    created = []
    for org in extraction.orgs:
        if org.slug not in content.companies:
            created.append(store_company_stub(content_dir, org.name, org.slug, content, item))
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
        "relations": [
            {
                "subject": r.subject_slug,
                "predicate": r.predicate,
                "object": r.object_slug,
                "evidence": r.evidence,
                "confidence": r.confidence,
                "status": "proposed",
            }
            for r in extraction.relations
        ],
        "incident": suggest_incident(extraction, content, item),
    }
    # A machine-chosen incident is a proposal, like a relation, until an editor confirms it.
    meta["incident_status"] = "proposed" if meta["incident"] else None
    body = markdown_paragraphs(item.text)
    path = article_path(content_dir, item)
    if existing is not None:
        # Re-extraction never undoes an editor: their relation decisions and their prose stay.
        meta["relations"] = carry_decisions(existing.meta.get("relations") or [], meta["relations"])
        body, path = existing.body, content_dir / existing.path
        if existing.meta.get("incident") and existing.meta.get("incident_status") != "proposed":
            meta["incident"], meta["incident_status"] = existing.meta["incident"], existing.meta.get("incident_status")
    write_atomic(path, dump_entry(meta, body))
    return Stored(path, tuple(created))


def store_company_stub(content_dir: Path, name: str, slug: str, content: Content, item: FeedItem) -> Path:
    """A minimal company entry for an organization first seen in `item`, for an editor to complete."""
    path = content_dir / "companies" / f"{slug}.md"
    meta = {"type": "company", "name": name, "aliases": [], "description": ""}
    body = (
        f"Created by the pipeline when {markdown_text(item.source)} first mentioned {markdown_text(name)}. "
        "An editor should check the name, add aliases and write a description.\n"
    )
    write_atomic(path, dump_entry(meta, body))
    # Record it so later articles in the same run link to it instead of creating it again.
    content.companies[slug] = Entry(Path("companies") / f"{slug}.md", meta, body)
    return path
