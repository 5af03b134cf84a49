"""What the published site shows: the entries readers may see, and the claims and timelines built from them.

Pure: given the loaded `Content` and a time, it decides what is published
(drafts and entries under embargo are left out, and so is anything that would
name them) and indexes it for the page renderers, the exports and the feed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipeline.entries import Content, Entry, as_datetime
from pipeline.parse import canonical_url, is_http
from pipeline.vocabulary import load_vocabulary

ROLES = (("victims", "victim"), ("affected", "affected"), ("attackers", "attacker"))
EPOCH = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Claim:
    """One relation as one article reports it, with the sentence it rests on."""

    subject: str
    predicate: str
    object: str
    evidence: str
    status: str  # proposed or confirmed: rejected claims never reach the catalog
    confidence: float
    article: Entry

    @property
    def triple(self) -> tuple[str, str, str]:
        return self.subject, self.predicate, self.object

    @property
    def date(self) -> dt.datetime | None:
        return article_date(self.article)


@dataclass(frozen=True)
class TimelineEvent:
    """A dated step in an incident's fallout: a curated line, or a relation its coverage reports."""

    date: dt.datetime | None
    incident: Entry
    # Derived events: every claim of one (subject, predicate, object) in the coverage, earliest first.
    claims: tuple[Claim, ...] = ()
    # Curated events: the editor's words and where they come from.
    text: str = ""
    article: Entry | None = None
    url: str | None = None

    @property
    def curated(self) -> bool:
        return not self.claims

    @property
    def confirmed(self) -> bool:
        return self.curated or any(c.status == "confirmed" for c in self.claims)


@dataclass(frozen=True)
class Catalog:
    """The published entries, newest articles first, and indexes over them."""

    companies: dict[str, Entry]
    incidents: dict[str, Entry]
    articles: tuple[Entry, ...]
    claims: tuple[Claim, ...]
    claims_by_article: dict[str, tuple[Claim, ...]]
    claims_by_company: dict[str, tuple[Claim, ...]]
    coverage_by_company: dict[str, tuple[Entry, ...]]
    coverage_by_incident: dict[str, tuple[Entry, ...]]
    # company slug -> (incident, role) pairs, newest incident first
    incidents_by_company: dict[str, tuple[tuple[Entry, str], ...]]
    timelines: dict[str, tuple[TimelineEvent, ...]]

    def company_name(self, slug: str) -> str:
        company = self.companies.get(slug)
        return str(company.meta.get("name") or slug) if company else slug

    def incident_title(self, slug: str) -> str:
        incident = self.incidents.get(slug)
        return str(incident.meta.get("title") or slug) if incident else slug

    def entries(self):
        yield from self.companies.values()
        yield from self.incidents.values()
        yield from self.articles


def article_date(entry: Entry) -> dt.datetime | None:
    """When an article was published, or, failing that, when it was fetched."""
    return as_datetime(entry.meta.get("published")) or as_datetime(entry.meta.get("fetched"))


def incident_date(entry: Entry) -> dt.datetime | None:
    return as_datetime(entry.meta.get("date"))


def newest_first(articles) -> tuple[Entry, ...]:
    # Path breaks ties so two builds of the same content list articles in the same order.
    return tuple(sorted(articles, key=lambda a: (article_date(a) or EPOCH, a.path.as_posix()), reverse=True))


def incidents_newest_first(incidents) -> list[Entry]:
    return sorted(incidents, key=lambda i: (incident_date(i) or EPOCH, i.slug), reverse=True)


def build_catalog(content: Content, *, now: dt.datetime | None = None, include_unpublished: bool = False) -> Catalog:
    """Index what readers may see; with `include_unpublished` (for `mkdocs serve`) drafts are shown too."""
    now = now or dt.datetime.now(dt.timezone.utc)

    def visible(entry: Entry) -> bool:
        return include_unpublished or entry.is_published(now)

    companies = {slug: e for slug, e in sorted(content.companies.items()) if visible(e)}
    incidents = {slug: e for slug, e in sorted(content.incidents.items()) if visible(e)}
    articles = newest_first(a for a in content.articles if visible(a))

    claims: list[Claim] = []
    claims_by_article: dict[str, list[Claim]] = defaultdict(list)
    claims_by_company: dict[str, list[Claim]] = defaultdict(list)
    coverage_by_company: dict[str, list[Entry]] = defaultdict(list)
    coverage_by_incident: dict[str, list[Entry]] = defaultdict(list)
    for article in articles:
        for slug in dict.fromkeys(article.meta.get("companies") or []):
            if slug in companies:
                coverage_by_company[slug].append(article)
        incident = article.meta.get("incident")
        if incident in incidents:
            coverage_by_incident[incident].append(article)
        for relation in article.meta.get("relations") or []:
            claim = _claim(relation, article, companies)
            if claim is None:
                continue
            claims.append(claim)
            claims_by_article[article.path.as_posix()].append(claim)
            claims_by_company[claim.subject].append(claim)
            if claim.object != claim.subject:
                claims_by_company[claim.object].append(claim)

    incidents_by_company: dict[str, list[tuple[Entry, str]]] = defaultdict(list)
    for incident in incidents_newest_first(incidents.values()):
        for role_field, role in ROLES:
            for slug in dict.fromkeys(incident.meta.get(role_field) or []):
                if slug in companies:
                    incidents_by_company[slug].append((incident, role))

    by_url = {canonical_url(str(a.meta.get("url") or "")): a for a in articles}
    timelines = {}
    for slug, incident in incidents.items():
        curated = _curated_events(incident, by_url)
        derived = _derived_events(incident, coverage_by_incident.get(slug, []), claims_by_article)
        timelines[slug] = tuple(sorted(curated + derived, key=_event_order))

    return Catalog(
        companies=companies,
        incidents=incidents,
        articles=articles,
        claims=tuple(claims),
        claims_by_article={k: tuple(v) for k, v in claims_by_article.items()},
        claims_by_company={k: tuple(v) for k, v in claims_by_company.items()},
        coverage_by_company={k: tuple(v) for k, v in coverage_by_company.items()},
        coverage_by_incident={k: tuple(v) for k, v in coverage_by_incident.items()},
        incidents_by_company={k: tuple(v) for k, v in incidents_by_company.items()},
        timelines=timelines,
    )


def _claim(relation: Any, article: Entry, companies: dict[str, Entry]) -> Claim | None:
    """The claim a relation makes, or None when readers must not see it."""
    if not isinstance(relation, dict):
        return None
    status = relation.get("status") or "proposed"
    # Rejected claims are hidden; so are claims naming a company that is not published.
    if status == "rejected" or relation.get("subject") not in companies or relation.get("object") not in companies:
        return None
    if relation.get("predicate") not in load_vocabulary().predicates:
        return None
    try:
        confidence = float(relation.get("confidence") or 0)
    except (TypeError, ValueError):
        confidence = 0.0
    return Claim(relation["subject"], relation["predicate"], relation["object"],
                 str(relation.get("evidence") or ""), str(status), confidence, article)


def _event_order(event: TimelineEvent) -> tuple:
    first = event.claims[0].article.path.as_posix() if event.claims else ""
    return (event.date or EPOCH, event.curated is False, first, event.text)


def _derived_events(incident: Entry, coverage, claims_by_article) -> list[TimelineEvent]:
    """One event per (subject, predicate, object) the coverage reports, dated by its first report."""
    vocabulary = load_vocabulary()
    grouped: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for article in coverage:
        for claim in claims_by_article.get(article.path.as_posix(), ()):
            if vocabulary.predicates[claim.predicate].event:
                grouped[claim.triple].append(claim)
    events = []
    for claims in grouped.values():
        ordered = tuple(sorted(claims, key=lambda c: (c.date or EPOCH, c.article.path.as_posix())))
        events.append(TimelineEvent(date=ordered[0].date, incident=incident, claims=ordered))
    return events


def _curated_events(incident: Entry, by_url: dict[str, Entry]) -> list[TimelineEvent]:
    """The editor's `timeline:` items, each linked to its source's page here when that article is on the site."""
    items = incident.meta.get("timeline")
    events = []
    # Malformed items are reported by the entry's validation (`breachwire check`), which stops a build.
    for item in items if isinstance(items, list) else []:
        date = as_datetime(item.get("date")) if isinstance(item, dict) else None
        text = item.get("event") if isinstance(item, dict) else None
        if date is None or not isinstance(text, str) or not text.strip():
            continue
        source = item.get("source")
        source = source if isinstance(source, str) and is_http(source) else None
        article = by_url.get(canonical_url(source)) if source else None
        events.append(TimelineEvent(date=date, incident=incident, text=text.strip(), article=article, url=source))
    return events
