"""`breachwire incidents suggest`: which unassigned articles cover which incident, and which look like a new one.

An article is matched to an incident on three kinds of evidence: it names the
incident's victim (or an affected company or attacker), it was published close
to the incident's date, and it shares distinctive words with the incident
(its title, tags, summary and the coverage already linked to it), weighted by
tf-idf over all of content/. Articles matching no incident are grouped when
they are close in time and share distinctive words or rare companies; each
group is proposed as a new incident. Ingest uses the same matcher to write a
proposed `incident:` (with `incident_status: proposed`) into new articles.

Suggestions carry ids derived from what they propose, so the editor can
accept them with `--accept ID`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang.porter import stem

from pipeline.entries import Content, Entry, as_datetime, dump_entry, edit_front_matter, parse_entry, write_atomic
from pipeline.scaffold import new_entry
from pipeline.slugs import slugify

# Weights of the evidence; an article is proposed for an incident at MATCH_THRESHOLD or more.
VICTIM_WEIGHT = 0.5
PARTY_WEIGHT = 0.15
NEAR_DATE_WEIGHT = 0.2
LATER_DATE_WEIGHT = 0.1
TERMS_WEIGHT = 0.3
MATCH_THRESHOLD = 0.55
# Days from the incident's date: coverage may precede the date an editor chose by a little,
# follows it for months, and a story a year later is about something else.
NEAR_DAYS = (-14, 60)
LATER_DAYS = (-30, 180)
# Two unassigned articles belong to one new incident when published this close and this similar.
CLUSTER_DAYS = 45
CLUSTER_SIMILARITY = 0.3
CLUSTER_SIMILARITY_WITH_COMPANY = 0.25
# A company named by fewer than about a third of the articles (log-odds) tells stories apart.
RARE_COMPANY = 1.0
# Only the start of a long article: headlines and first paragraphs carry the story.
TEXT_CHARS = 3000
ID_LENGTH = 10
SLUG_WORDS = 6

# Whoosh's analysis chain, as the search index uses it, with stemming done here to remember the words.
WORDS = RegexTokenizer() | LowercaseFilter() | StopFilter()


class IncidentError(Exception):
    """A suggestion cannot be accepted."""


@dataclass(frozen=True)
class ArticleFacts:
    """What the matcher knows about an article, stored or just ingested."""

    key: str  # path under content/, or the guid of an item not yet stored
    title: str
    published: dt.datetime | None
    companies: tuple[str, ...]
    text: str

    @classmethod
    def of(cls, entry: Entry) -> "ArticleFacts":
        meta = entry.meta
        companies = meta.get("companies") if isinstance(meta.get("companies"), list) else []
        return cls(entry.path.as_posix(), str(meta.get("title") or entry.slug), as_datetime(meta.get("published")),
                   tuple(sorted(c for c in companies if isinstance(c, str))),
                   " ".join((str(meta.get("title") or ""), str(meta.get("summary") or ""), entry.body)))


@dataclass(frozen=True)
class Assignment:
    """An article proposed as coverage of an existing incident."""

    id: str
    article: str
    title: str
    incident: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NewIncident:
    """A group of unassigned articles that look like one incident not yet in content/."""

    id: str
    title: str
    slug: str
    date: dt.date
    victims: tuple[str, ...]
    articles: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Suggestions:
    assignments: tuple[Assignment, ...]
    new_incidents: tuple[NewIncident, ...]


def terms(text: str, surfaces: dict[str, str] | None = None) -> Counter:
    """Stemmed words without stop words, counted: "breached" and "breach" are one term.

    `surfaces` collects the first word seen for each stem, to show editors "investigation", not "investig".
    """
    counts: Counter = Counter()
    for token in WORDS(text[:TEXT_CHARS]):
        if token.text.isdigit():
            continue
        stemmed = stem(token.text)
        counts[stemmed] += 1
        if surfaces is not None:
            surfaces.setdefault(stemmed, token.text)
    return counts


@dataclass
class Vectors:
    """tf-idf vectors over one corpus, with the word each stem was first seen as (to show editors)."""

    document_frequency: Counter = field(default_factory=Counter)
    documents: int = 0

    def add(self, counts: Counter) -> None:
        self.document_frequency.update(counts.keys())
        self.documents += 1

    def vector(self, counts: Counter) -> dict[str, float]:
        weights = {term: (1 + math.log(n)) * math.log((1 + self.documents) / (1 + self.document_frequency[term]))
                   for term, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {term: w / norm for term, w in weights.items() if w > 0}


def cosine(a: dict[str, float], b: dict[str, float]) -> tuple[float, list[str]]:
    """Similarity of two unit vectors, and the shared terms that contribute most."""
    if len(b) < len(a):
        a, b = b, a
    shared = sorted(((a[t] * b[t], t) for t in a if t in b), reverse=True)
    return sum(s for s, _ in shared), [t for _, t in shared[:3]]


class IncidentMatcher:
    """Scores articles against the incidents in content/; built once per load of content/."""

    def __init__(self, content: Content):
        self.content = content
        self.vectors = Vectors()
        self.surfaces: dict[str, str] = {}
        self.article_terms = {a.path.as_posix(): terms(ArticleFacts.of(a).text, self.surfaces)
                              for a in content.articles}
        for counts in self.article_terms.values():
            self.vectors.add(counts)
        self.profiles = {}
        for slug, incident in sorted(content.incidents.items()):
            meta = incident.meta
            parts = [str(meta.get("title") or ""), " ".join(map(str, meta.get("tags") or [])), incident.body]
            parts += [str(a.meta.get("title") or "") + " " + str(a.meta.get("summary") or "")
                      for a in content.articles if a.meta.get("incident") == slug]
            self.profiles[slug] = terms(" ".join(parts), self.surfaces)
        self.company_names = {slug: tuple(n for n in (e.meta.get("name"), *(e.meta.get("aliases") or []))
                                          if isinstance(n, str) and n)
                              for slug, e in content.companies.items()}
        company_counts = Counter(c for a in content.articles for c in set(ArticleFacts.of(a).companies))
        self.company_rarity = {c: math.log((1 + len(content.articles)) / (1 + n)) for c, n in company_counts.items()}

    @cached_property
    def profile_vectors(self) -> dict[str, dict[str, float]]:
        return {slug: self.vectors.vector(counts) for slug, counts in self.profiles.items()}

    def article_vector(self, facts: ArticleFacts) -> dict[str, float]:
        counts = self.article_terms.get(facts.key) or terms(facts.text, self.surfaces)
        return self.vectors.vector(counts)

    def score(self, facts: ArticleFacts, slug: str) -> tuple[float, tuple[str, ...]]:
        """How likely the article covers incident `slug` (0 to 1), and why, in plain words."""
        meta = self.content.incidents[slug].meta
        score, reasons = 0.0, []
        named = set(facts.companies)
        victims = sorted(named.intersection(meta.get("victims") or []))
        parties = sorted(named.intersection([*(meta.get("affected") or []), *(meta.get("attackers") or [])]))
        if victims:
            score += VICTIM_WEIGHT
            reasons.append(f"names the victim {', '.join(victims)}")
        elif parties:
            score += PARTY_WEIGHT
            reasons.append(f"names {', '.join(parties)}")
        incident_date = as_datetime(meta.get("date"))
        if facts.published and incident_date:
            days = (facts.published - incident_date).days
            if not LATER_DAYS[0] <= days <= LATER_DAYS[1]:
                return 0.0, (f"published {_days(days)} {'after' if days > 0 else 'before'} the incident",)
            score += NEAR_DATE_WEIGHT if NEAR_DAYS[0] <= days <= NEAR_DAYS[1] else LATER_DATE_WEIGHT
            reasons.append(f"{_days(days)} {'after' if days >= 0 else 'before'} the incident's date")
        similarity, shared = cosine(self.article_vector(facts), self.profile_vectors[slug])
        score += TERMS_WEIGHT * similarity
        if shared:
            reasons.append(f"shared terms: {', '.join(self.surfaces.get(t, t) for t in shared)}")
        return round(score, 2), tuple(reasons)

    def best(self, facts: ArticleFacts) -> Assignment | None:
        """The incident the article most likely covers, if any reaches the threshold."""
        scored = [(self.score(facts, slug), slug) for slug in self.profiles]
        scored = [(s, reasons, slug) for (s, reasons), slug in scored if s >= MATCH_THRESHOLD]
        if not scored:
            return None
        score, reasons, slug = min(scored, key=lambda x: (-x[0], x[2]))  # ties: the first slug
        return Assignment(suggestion_id("assign", facts.key, slug), facts.key, facts.title, slug, score, reasons)


def _days(days: int) -> str:
    return f"{abs(days)} day{'' if abs(days) == 1 else 's'}"


def matcher_for(content: Content) -> IncidentMatcher:
    """The matcher for this load of content/, built on first use (ingest asks once per article)."""
    if "incident_matcher" not in content.derived:
        content.derived["incident_matcher"] = IncidentMatcher(content)
    return content.derived["incident_matcher"]


def suggestion_id(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:ID_LENGTH]


def unassigned(content: Content) -> list[Entry]:
    """Articles with no incident, or only one the machine proposed."""
    return [a for a in content.articles
            if not a.meta.get("incident") or a.meta.get("incident_status") == "proposed"]


def suggest(content: Content) -> Suggestions:
    """Assignments of unassigned articles to incidents, and groups of the rest that look like new incidents."""
    matcher = matcher_for(content)
    assignments, rest = [], []
    for article in unassigned(content):
        facts = ArticleFacts.of(article)
        best = matcher.best(facts)
        if best:
            assignments.append(best)
        elif not article.meta.get("incident"):
            rest.append(facts)
    return Suggestions(tuple(sorted(assignments, key=lambda a: (a.incident, a.article))),
                       tuple(_clusters(rest, matcher, content)))


def _clusters(articles: list[ArticleFacts], matcher: IncidentMatcher, content: Content) -> Iterable[NewIncident]:
    vectors = {a.key: matcher.article_vector(a) for a in articles}
    parent = {a.key: a.key for a in articles}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    dated = sorted((a for a in articles if a.published), key=lambda a: (a.published, a.key))
    for i, first in enumerate(dated):
        for second in dated[i + 1:]:
            if (second.published - first.published).days > CLUSTER_DAYS:
                break
            similarity, _ = cosine(vectors[first.key], vectors[second.key])
            rare_shared = [c for c in set(first.companies) & set(second.companies)
                           if matcher.company_rarity.get(c, 0) > RARE_COMPANY]
            if similarity >= CLUSTER_SIMILARITY or (rare_shared and similarity >= CLUSTER_SIMILARITY_WITH_COMPANY):
                parent[root(second.key)] = root(first.key)
    groups: dict[str, list[ArticleFacts]] = {}
    for article in dated:
        groups.setdefault(root(article.key), []).append(article)
    taken = set(content.incidents)
    for members in sorted(groups.values(), key=lambda g: (g[0].published, g[0].key)):
        if len(members) < 2:
            continue
        yield _new_incident(members, vectors, taken, matcher.surfaces, matcher.company_names)


def _new_incident(members: list[ArticleFacts], vectors: dict, taken: set[str], surfaces: dict[str, str],
                  names: dict[str, tuple[str, ...]]) -> NewIncident:
    counts = Counter(c for m in members for c in m.companies)
    everywhere = sorted(c for c, n in counts.items() if n == len(members))
    # Victims: of the companies every article names, those a headline names (a story is told about its
    # victim; the security firm that found it is named in the text); the editor corrects them.
    headlines = " ".join(m.title for m in members).casefold()
    victims = [c for c in everywhere if any(name.casefold() in headlines for name in names.get(c, (c,)))]
    victims = victims or everywhere
    weight: Counter = Counter()
    for member in members:
        for term, value in vectors[member.key].items():
            weight[term] += value
    shared = [surfaces.get(t, t) for t, _ in weight.most_common()
              if sum(t in vectors[m.key] for m in members) > 1][:5]
    title = members[0].title
    # A slug is for good once articles point at it: keep it short, the first words of the headline.
    slug = base = "-".join(slugify(title, fallback="incident").split("-")[:SLUG_WORDS])
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    keys = tuple(m.key for m in members)
    return NewIncident(suggestion_id("new", *sorted(keys)), title, slug, members[0].published.date(),
                       tuple(victims), keys, tuple(shared))


def accept(content_dir: Path, content: Content, ids: Iterable[str]) -> list[str]:
    """Apply the suggestions with these ids (or unique prefixes); returns what was done, one line each."""
    suggestions = suggest(content)
    by_id = {s.id: s for s in (*suggestions.assignments, *suggestions.new_incidents)}
    chosen, problems = [], []
    for wanted in ids:
        matches = [s for key, s in by_id.items() if len(wanted) >= 4 and key.startswith(wanted.lower())]
        if len(matches) == 1:
            chosen.append(matches[0])
        else:
            problems.append(f"{wanted}: {'no suggestion has this id' if not matches else 'matches several suggestions'}"
                            " — list them with breachwire incidents suggest")
    if problems:
        raise IncidentError("\n".join(problems))
    done = []
    for suggestion in chosen:
        if isinstance(suggestion, Assignment):
            assign(content_dir, suggestion.article, suggestion.incident)
            done.append(f"content/{suggestion.article} → {suggestion.incident}")
        else:
            path = new_entry(content_dir, "incident", suggestion.title, slug=suggestion.slug, today=suggestion.date)
            text = path.read_text(encoding="utf-8")
            write_atomic(path, edit_front_matter(text, "incident", {"victims": list(suggestion.victims)}))
            for article in suggestion.articles:
                assign(content_dir, article, suggestion.slug)
            done.append(f"created content/incidents/{suggestion.slug}.md (a draft) for {len(suggestion.articles)} "
                        "articles")
    return done


def assign(content_dir: Path, article: str, incident: str) -> None:
    """Link an article to an incident as an editor's decision (incident_status: confirmed)."""
    path = content_dir / article
    entry, problems = parse_entry(path.read_text(encoding="utf-8"), article)
    if entry is None:
        raise IncidentError("\n".join(str(p) for p in problems))
    entry.meta.update(incident=incident, incident_status="confirmed")
    write_atomic(path, dump_entry(entry.meta, entry.body))
