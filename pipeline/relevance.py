"""Decide whether an article covers an AI supply-chain or AI-industry security incident or its fallout. Pure.

The configured terms ([tool.breachwire] relevance_incident_terms and
relevance_ai_terms) are the first test; what the extractor found adds to
them: a breach or exposure stated between organizations is an incident, and a
company that content/companies/ describes as an AI business makes the story an
AI-industry one even when the article never spells out "AI".

This is the one relevance decision: `breachwire eval` scores it, `extract`
reports it, and ingest takes it in two steps. Before extraction, `plausible`
applies the rule to the text alone, as if no relation were stated, so off-topic
items cost no parse; after extraction, the full rule decides with what was
found. The first step is meant as a necessary condition of the second, and is
checked as one on the gold sets (tests/test_evaluate.py); an article whose only
sign of an incident is a breach relation the extractor would find, with no
incident word, is turned away by the first step.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

# Relations that by themselves say a security incident happened.
INCIDENT_PREDICATES = frozenset({"breached_by", "affected_by"})
# Words in a company entry's sector or description that make it an AI-industry company.
AI_COMPANY_WORDS = re.compile(r"\b(?:AI|A\.I\.|artificial intelligence|machine learning|models?|training data|"
                              r"data[- ]labell?ing|annotation|LLMs?)\b", re.IGNORECASE)


def _terms_pattern(terms: Iterable[str]) -> re.Pattern:
    # Hyphenated compounds count ("AI-era", "AI-powered"), but not other words that merely contain the term.
    # A term's words may be joined by a space, a hyphen or a line break: "synthetic data", "synthetic-data startup".
    alternatives = "|".join(r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", t))
                            for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Relevance:
    """An article is relevant when it shows both an incident and the AI industry."""

    incident_terms: tuple[str, ...] = ()
    ai_terms: tuple[str, ...] = ()
    ai_companies: frozenset[str] = field(default_factory=frozenset)  # slugs of companies known to be AI businesses
    ai_company_names: tuple[str, ...] = ()  # their names and aliases, for `plausible`

    @classmethod
    def from_content(cls, incident_terms: Iterable[str], ai_terms: Iterable[str], companies) -> "Relevance":
        """From the configured terms and the company entries of content/ (slug -> entry with .meta)."""
        ai_companies = {
            slug: entry for slug, entry in companies.items()
            if AI_COMPANY_WORDS.search(f"{entry.meta.get('sector') or ''} {entry.meta.get('description') or ''}")
        }
        names = sorted({str(name) for entry in ai_companies.values()
                        for name in (entry.meta.get("name"), *(entry.meta.get("aliases") or ())) if name})
        return cls(tuple(incident_terms), tuple(ai_terms), frozenset(ai_companies), tuple(names))

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever the decision could: a term, an AI company or one of their names."""
        rule = [list(self.incident_terms), list(self.ai_terms), sorted(self.ai_companies), list(self.ai_company_names)]
        return hashlib.sha256(json.dumps(rule, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]

    @cached_property
    def _patterns(self) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
        return (_terms_pattern(self.incident_terms) if self.incident_terms else None,
                _terms_pattern(self.ai_terms) if self.ai_terms else None,
                _terms_pattern(self.ai_company_names) if self.ai_company_names else None)

    def __call__(self, text: str, orgs: Iterable = (), relations: Iterable = ()) -> bool:
        """Whether `text` (title and body) is relevant, given the organizations and relations found in it."""
        stated = any(r.predicate in INCIDENT_PREDICATES for r in relations)
        return self._decide(text, lambda: any(org.slug in self.ai_companies for org in orgs), stated)

    def plausible(self, text: str) -> bool:
        """Whether `text` can be relevant before anything is extracted from it: the same rule, with the AI
        companies whose names it holds taken as found and no relation stated. A few regular expressions.

        On the gold sets it turns away no article that the whole rule keeps; what it lets pass, the
        whole rule may still turn away after extraction (an AI company's name that is no organization there).
        """
        names = self._patterns[2]
        return self._decide(text, lambda: bool(names and names.search(text)), stated=False)

    def _decide(self, text: str, names_ai_company: Callable[[], bool], stated: bool) -> bool:
        incident_pattern, ai_pattern, _ = self._patterns
        if incident_pattern is None and ai_pattern is None:
            return True
        incident_words = len(incident_pattern.findall(text)) if incident_pattern else 1
        if ai_pattern is None or ai_pattern.search(text):
            return incident_words >= 1 or stated
        # No AI word at all: a known AI company counts, but then one stray "compromise" is not enough.
        return names_ai_company() and (incident_words >= 2 or stated)
