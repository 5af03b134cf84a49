"""Choose which parsed items to ingest: not seen before, and about AI supply-chain incidents. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from pipeline.parse import FeedItem


@dataclass(frozen=True)
class KnownItems:
    """What content/ already holds: guids, and (source, canonical URL) pairs."""

    guids: frozenset[str] = frozenset()
    source_urls: frozenset[tuple[str, str]] = frozenset()

    def has(self, item: FeedItem) -> bool:
        return item.guid in self.guids or (
            bool(item.canonical_url) and (item.source, item.canonical_url) in self.source_urls
        )

    def plus(self, items: Iterable[FeedItem]) -> "KnownItems":
        items = list(items)
        return KnownItems(
            self.guids | {i.guid for i in items},
            self.source_urls | {(i.source, i.canonical_url) for i in items if i.canonical_url},
        )


@dataclass(frozen=True)
class RelevanceTerms:
    """An item is relevant when it mentions an incident term and an AI term."""

    incident: tuple[str, ...]
    ai: tuple[str, ...]

    @cached_property
    def _patterns(self) -> tuple[re.Pattern, re.Pattern]:
        return _whole_words(self.incident), _whole_words(self.ai)

    def matches(self, text: str) -> bool:
        if not self.incident or not self.ai:
            return True
        incident, ai = self._patterns
        return bool(incident.search(text)) and bool(ai.search(text))


def _whole_words(terms: Iterable[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Selection:
    new: tuple[FeedItem, ...] = ()
    duplicates: tuple[FeedItem, ...] = ()
    irrelevant: tuple[FeedItem, ...] = field(default_factory=tuple)


def select(items: Iterable[FeedItem], known: KnownItems, terms: RelevanceTerms) -> Selection:
    """Split items into new relevant ones, ones already known (or repeated in this batch), and irrelevant ones."""
    new, duplicates, irrelevant = [], [], []
    seen_guids: set[str] = set()
    seen_urls: set[tuple[str, str]] = set()
    for item in items:
        key = (item.source, item.canonical_url)
        if known.has(item) or item.guid in seen_guids or (item.canonical_url and key in seen_urls):
            duplicates.append(item)
            continue
        seen_guids.add(item.guid)
        if item.canonical_url:
            seen_urls.add(key)
        if terms.matches(item.full_text):
            new.append(item)
        else:
            irrelevant.append(item)
    return Selection(tuple(new), tuple(duplicates), tuple(irrelevant))
