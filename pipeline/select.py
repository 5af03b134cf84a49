"""Choose what to do with parsed items: new, updated, unchanged or not relevant. Pure.

An item is the same story as one already in content/ when the same outlet
(`source`) published it under the same guid or the same canonical URL: one
outlet's several feeds dedupe against each other, while a story syndicated
by two outlets is kept once per outlet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pipeline.markup import markdown_paragraphs
from pipeline.parse import FeedItem


def digest_of(title: str, url: str, summary: str, published: dt.datetime | None, body: str) -> str:
    """Fingerprint of an article's pipeline-written fields, as they read in its file."""
    when = published.astimezone(dt.timezone.utc).isoformat() if published else None
    canonical = json.dumps([title, url, summary, when, body.strip()], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def item_body(item: FeedItem) -> str:
    """The Markdown body the pipeline writes for an item."""
    return markdown_paragraphs(item.text)


def item_digest(item: FeedItem) -> str:
    return digest_of(item.title, item.url, item.summary, item.published, item_body(item))


@dataclass(frozen=True)
class KnownArticle:
    """An article already in content/: where it is and the fingerprint the pipeline last wrote."""

    path: Path  # relative to content/
    digest: str | None


@dataclass(frozen=True)
class KnownItems:
    """Articles in content/, by (source, guid) and by (source, canonical URL)."""

    by_guid: dict[tuple[str, str], KnownArticle] = field(default_factory=dict)
    by_url: dict[tuple[str, str], KnownArticle] = field(default_factory=dict)

    def find(self, item: FeedItem) -> KnownArticle | None:
        found = self.by_guid.get((item.source, item.guid))
        if found is None and item.canonical_url:
            found = self.by_url.get((item.source, item.canonical_url))
        return found

    def __len__(self) -> int:
        return len({a.path for a in self.by_guid.values()} | {a.path for a in self.by_url.values()})


@dataclass(frozen=True)
class Update:
    """A known item whose feed text changed since the pipeline last wrote it."""

    item: FeedItem
    article: KnownArticle


@dataclass(frozen=True)
class Selection:
    new: tuple[FeedItem, ...] = ()
    updated: tuple[Update, ...] = ()
    unchanged: tuple[FeedItem, ...] = ()
    duplicates: tuple[FeedItem, ...] = ()  # repeated within this run (same guid or URL twice)
    irrelevant: tuple[FeedItem, ...] = field(default_factory=tuple)

    @property
    def skipped(self) -> int:
        return len(self.unchanged) + len(self.duplicates) + len(self.irrelevant)


def item_keys(source: str, guid: str | None, url: str | None) -> list[tuple[str, str, str]]:
    """The keys an item is known by in one outlet: its guid, and its canonical URL when it has one."""
    return [(kind, source, value) for kind, value in (("guid", guid), ("url", url)) if value]


def select(items: Iterable[FeedItem], known: KnownItems, may_be_relevant: Callable[[str], bool],
           seen: set[tuple[str, str, str]] | None = None,
           turned_away: Callable[[FeedItem], bool] = lambda item: False) -> Selection:
    """Sort items into new relevant ones, updated ones, unchanged ones, repeats and irrelevant ones.

    `may_be_relevant(full_text)` turns new items away before extraction: ingest passes
    pipeline.relevance.Relevance.plausible, the cheap half of the one relevance decision.
    `turned_away(item)` says whether the whole decision already turned this very item away
    after extracting it in an earlier run (pipeline.feedstate.TurnedAway); such an item is
    not relevant either, and is not extracted again.
    `seen` carries the (source, guid) and (source, URL) keys of items already taken in this
    run, so feeds of one outlet dedupe against each other; it is updated in place.
    """
    seen = set() if seen is None else seen
    new, updated, unchanged, duplicates, irrelevant = [], [], [], [], []
    for item in items:
        keys = set(item_keys(item.source, item.guid, item.canonical_url))
        if keys & seen:
            duplicates.append(item)
            continue
        seen.update(keys)
        article = known.find(item)
        if article is not None:
            # No fingerprint: an entry an editor wrote or took over; the feed no longer updates it.
            if article.digest is None or article.digest == item_digest(item):
                unchanged.append(item)
            else:
                updated.append(Update(item, article))
        elif may_be_relevant(item.full_text) and not turned_away(item):
            new.append(item)
        else:
            irrelevant.append(item)
    return Selection(tuple(new), tuple(updated), tuple(unchanged), tuple(duplicates), tuple(irrelevant))
