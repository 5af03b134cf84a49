"""Decide whether an article covers an AI supply-chain or AI-industry security incident or its fallout. Pure.

The configured terms ([tool.breachwire] relevance_incident_terms and
relevance_ai_terms) are the first test; what the extractor found adds to
them: a breach or exposure stated between organizations is an incident, and a
company that content/companies/ describes as an AI business makes the story an
AI-industry one even when the article never spells out "AI".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

# Relations that by themselves say a security incident happened.
INCIDENT_PREDICATES = frozenset({"breached_by", "affected_by"})
# Words in a company entry's sector or description that make it an AI-industry company.
AI_COMPANY_WORDS = re.compile(r"\b(?:AI|A\.I\.|artificial intelligence|machine learning|models?|training data|"
                              r"data[- ]labell?ing|annotation|LLMs?)\b", re.IGNORECASE)


def _terms_pattern(terms: Iterable[str]) -> re.Pattern:
    # Hyphenated compounds count ("AI-era", "AI-powered"), but not other words that merely contain the term.
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Relevance:
    """An article is relevant when it shows both an incident and the AI industry."""

    incident_terms: tuple[str, ...] = ()
    ai_terms: tuple[str, ...] = ()
    ai_companies: frozenset[str] = field(default_factory=frozenset)  # slugs of companies known to be AI businesses

    @classmethod
    def from_content(cls, incident_terms: Iterable[str], ai_terms: Iterable[str], companies) -> "Relevance":
        """From the configured terms and the company entries of content/ (slug -> entry with .meta)."""
        ai_companies = frozenset(
            slug for slug, entry in companies.items()
            if AI_COMPANY_WORDS.search(f"{entry.meta.get('sector') or ''} {entry.meta.get('description') or ''}")
        )
        return cls(tuple(incident_terms), tuple(ai_terms), ai_companies)

    @cached_property
    def _patterns(self) -> tuple[re.Pattern | None, re.Pattern | None]:
        return (_terms_pattern(self.incident_terms) if self.incident_terms else None,
                _terms_pattern(self.ai_terms) if self.ai_terms else None)

    def __call__(self, text: str, orgs: Iterable = (), relations: Iterable = ()) -> bool:
        """Whether `text` (title and body) is relevant, given the organizations and relations found in it."""
        incident_pattern, ai_pattern = self._patterns
        if incident_pattern is None and ai_pattern is None:
            return True
        relations = list(relations)
        incident_words = len(incident_pattern.findall(text)) if incident_pattern else 1
        stated = any(r.predicate in INCIDENT_PREDICATES for r in relations)
        if ai_pattern is None or ai_pattern.search(text):
            return incident_words >= 1 or stated
        # No AI word at all: a known AI company counts, but then one stray "compromise" is not enough.
        return any(org.slug in self.ai_companies for org in orgs) and (incident_words >= 2 or stated)
