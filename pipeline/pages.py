"""The Markdown of every page the site shows, rendered from the catalog.

Pure functions of (catalog, page path): the site plugin hands their output to
mkdocs. Links are relative `.md` links, so mkdocs resolves and checks them.
Every string that came from a feed goes through pipeline.markup.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
from collections import Counter, defaultdict
from dataclasses import dataclass

from pipeline.catalog import (EPOCH, Catalog, Claim, TimelineEvent, article_date, incident_date,
                              incidents_newest_first)
from pipeline.diagrams import MERMAID_MAX_EDGES, Edge, fence, monthly_chart, network
from pipeline.entries import Entry
from pipeline.markup import markdown_inline, markdown_text, markdown_url
from pipeline.vocabulary import load_vocabulary

LATEST_ON_HOME = 10
LATEST_ON_COVERAGE = 20
ARCHIVE_PAGE_SIZE = 50
LATEST_ON_TIMELINE = 50
CHART_MONTHS = 24
# Caps that keep one diagram readable (and under Mermaid's edge limit) however big the archive grows.
COMPANY_DIAGRAM_EDGES = 60
INCIDENT_DIAGRAM_EDGES = 80
NETWORK_DIAGRAM_EDGES = 250
PROPOSED = ('<span class="bw-proposed" title="Found by the machine in this article; '
            'not yet confirmed by an editor">proposed</span>')
PROPOSED_INCIDENT = ('<span class="bw-proposed" title="The machine linked this article to the incident; '
                     'an editor has not confirmed it yet">proposed</span>')
ROLE_LABELS = {"victim": "victim", "affected": "affected downstream", "attacker": "attacker"}

# Where each generated page lives (source paths under content/; mkdocs turns them into .html).
HOME = "index.md"
INCIDENTS = "incidents/index.md"
COMPANIES = "companies/index.md"
COVERAGE = "articles/index.md"
TIMELINE = "timeline/index.md"
NETWORK = "network.md"
TAGS = "tags.md"
DATA = "data/index.md"
FEED = "feed.xml"


@dataclass(frozen=True)
class ArchivePage:
    """One page of a month's coverage."""

    month: str  # "2026/04", or "undated"
    number: int
    pages: int
    articles: tuple[Entry, ...]

    @property
    def src(self) -> str:
        return archive_src(self.month, self.number)


def link(from_page: str, to_page: str) -> str:
    """A relative link from one source file to another, as mkdocs resolves them."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def entry_src(entry: Entry) -> str:
    return entry.path.as_posix()


def archive_src(month: str, number: int) -> str:
    # Numbered pages sit in page/, where no article can be: article files are articles/<yyyy>/<mm>/<slug>.md.
    return f"articles/{month}/index.md" if number == 1 else f"articles/{month}/page/{number}.md"


def timeline_month_src(month: str) -> str:
    return f"timeline/{month.replace('/', '-')}.md"


def month_of(date: dt.datetime | None) -> str:
    return f"{date:%Y/%m}" if date else "undated"


def month_label(month: str) -> str:
    return month.replace("/", "-") if month != "undated" else "Undated"


def day(date: dt.datetime | None) -> str:
    return f"{date:%Y-%m-%d}" if date else "undated"


def join(parts: list[str]) -> str:
    return "\n\n".join(p for p in parts if p) + "\n"


def bullets(lines, empty: str) -> str:
    """A tight list (no blank lines, so no <p> in every item: archive pages stay small), or `empty`."""
    return "\n".join(lines) or empty


def company_link(catalog: Catalog, slug: str, src: str) -> str:
    name = markdown_inline(catalog.company_name(slug))
    return f"[{name}]({link(src, f'companies/{slug}.md')})" if slug in catalog.companies else name


def incident_link(catalog: Catalog, incident: Entry, src: str) -> str:
    return f"[{markdown_inline(catalog.incident_title(incident.slug))}]({link(src, entry_src(incident))})"


def article_link(article: Entry, src: str, text: str | None = None) -> str:
    title = text if text is not None else markdown_inline(str(article.meta.get("title") or article.slug))
    return f"[{title}]({link(src, entry_src(article))})"


def source_link(article: Entry, src: str) -> str:
    source = markdown_inline(str(article.meta.get("source") or "source"))
    return article_link(article, src, f"{source}, {day(article_date(article))}")


def article_line(article: Entry, src: str) -> str:
    source = markdown_inline(str(article.meta.get("source") or ""))
    return f"- {day(article_date(article))} · {article_link(article, src)} — {source}"


def claim_sentence(catalog: Catalog, claim: Claim, src: str) -> str:
    label = markdown_inline(load_vocabulary().label(claim.predicate))
    return f"{company_link(catalog, claim.subject, src)} {label} {company_link(catalog, claim.object, src)}"


def evidence_quote(claim: Claim, indent: str = "    ") -> str:
    return f"\n\n{indent}> {markdown_inline(claim.evidence)}" if claim.evidence.strip() else ""


def claim_line(catalog: Catalog, claim: Claim, src: str) -> str:
    """'Meta paused work with Mercor', the proposed marker, the evidence sentence (on the article's own page)."""
    line = f"- {claim_sentence(catalog, claim, src)}"
    if claim.status != "confirmed":
        line += f" {PROPOSED}"
    return line + evidence_quote(claim)


def claim_group(catalog: Catalog, claims: list[Claim], src: str) -> str:
    """One relation and every article reporting it, newest first, each with its evidence sentence."""
    confirmed = any(c.status == "confirmed" for c in claims)
    reports = f"{len(claims)} reports" if len(claims) > 1 else "1 report"
    line = f"- {claim_sentence(catalog, claims[0], src)} ({reports})" + ("" if confirmed else f" {PROPOSED}")
    for claim in claims:
        marker = f" {PROPOSED}" if confirmed and claim.status != "confirmed" else ""
        line += f"\n\n    - {source_link(claim.article, src)}{marker}" + evidence_quote(claim, indent=" " * 8)
    return line


def _grouped(claims) -> dict[tuple[str, str, str], list[Claim]]:
    """Claims by (subject, predicate, object): every report of one relation together."""
    grouped: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        grouped[claim.triple].append(claim)
    return grouped


def _by_triple(catalog: Catalog, claims) -> list[list[Claim]]:
    grouped = _grouped(claims)
    for group in grouped.values():
        group.sort(key=lambda c: (article_date(c.article) or EPOCH, entry_src(c.article)), reverse=True)
    return [grouped[t] for t in sorted(grouped, key=lambda t: (catalog.company_name(t[0]).lower(),
                                                               catalog.company_name(t[2]).lower(), t))]


def edges_of(catalog: Catalog, claims, limit: int) -> tuple[list[Edge], int]:
    """Claims merged per (subject, predicate, object), most reported first, at most `limit`; and how many there were."""
    grouped = _grouped(claims)
    vocabulary = load_vocabulary()
    names = {slug: catalog.company_name(slug) for slug in catalog.companies}
    ranked = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), names[kv[0][0]].lower(), kv[0]))
    edges = [
        Edge(subject, vocabulary.label(predicate), obj,
             confirmed=any(c.status == "confirmed" for c in group), reports=len(group))
        for (subject, predicate, obj), group in ranked[:min(limit, MERMAID_MAX_EDGES)]
    ]
    return edges, len(grouped)


def diagram(catalog: Catalog, edges: list[Edge], total: int, classes: dict[str, str]) -> str:
    names = {slug: catalog.company_name(slug) for slug in catalog.companies}
    note = (f"Showing the {len(edges)} most reported of {total} links. " if total > len(edges) else "")
    legend = ("Solid arrows have been confirmed by an editor; dashed arrows are proposed "
              "(found by the machine, not yet confirmed).")
    return join([fence(network(names, edges, classes=classes)), f"*{note}{legend}*"])


def render_home(intro: str, catalog: Catalog, src: str = HOME) -> str:
    months = _chart_months(catalog)
    coverage = Counter(month_of(article_date(a)) for a in catalog.articles)
    incidents = Counter(month_of(incident_date(i)) for i in catalog.incidents.values())
    parts = [intro.strip()]
    sources = {str(a.meta.get("source") or "") for a in catalog.articles}
    parts.append(
        f"**{len(catalog.incidents)}** incidents · **{len(catalog.companies)}** companies · "
        f"**{len(catalog.claims)}** reported relations · **{len(catalog.articles)}** articles "
        f"from **{len(sources - {''})}** sources"
    )
    if months:
        parts.append("## Incidents and coverage per month")
        parts.append(fence(monthly_chart("Articles (bars) and new incidents (line) per month",
                                         [month_label(m) for m in months],
                                         [coverage[m] for m in months], [incidents[m] for m in months])))
    parts.append("## Latest incidents")
    latest = incidents_newest_first(catalog.incidents.values())[:LATEST_ON_HOME]
    parts.append(bullets(
        [f"- {day(incident_date(i))} · {incident_link(catalog, i, src)} — "
         f"{markdown_inline(str(i.meta.get('status') or 'status unknown'))}, "
         f"{len(catalog.coverage_by_incident.get(i.slug, ()))} articles" for i in latest],
        "No incidents yet."))
    parts.append(f"[All incidents]({link(src, INCIDENTS)}) · [Timeline]({link(src, TIMELINE)})")
    parts.append("## Recent coverage")
    parts.append(bullets([article_line(a, src) for a in catalog.articles[:LATEST_ON_HOME]], "No coverage yet."))
    parts.append(f"[All coverage]({link(src, COVERAGE)}) · "
                 f"[Subscribe to new entries (Atom feed)]({link(src, FEED)}) · "
                 f"[Download the data]({link(src, DATA)})")
    return join(parts)


def _chart_months(catalog: Catalog) -> list[str]:
    """Every month from the first dated entry to the last (the latest CHART_MONTHS of them)."""
    dates = [d for d in (article_date(a) for a in catalog.articles) if d]
    dates += [d for d in (incident_date(i) for i in catalog.incidents.values()) if d]
    if not dates:
        return []
    first, last = min(dates), max(dates)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}/{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-CHART_MONTHS:]


def render_incident_index(catalog: Catalog, src: str = INCIDENTS) -> str:
    rows = [
        "# Incidents",
        "Select a column heading to sort.",
        "| Date | Incident | Victims | Status | Articles |\n| --- | --- | --- | --- | --- |",
    ]
    lines = []
    for incident in incidents_newest_first(catalog.incidents.values()):
        victims = ", ".join(company_link(catalog, s, src) for s in incident.meta.get("victims") or []
                            if s in catalog.companies)
        lines.append(f"| {day(incident_date(incident))} | {incident_link(catalog, incident, src)} | {victims} "
                     f"| {markdown_inline(str(incident.meta.get('status') or ''))} "
                     f"| {len(catalog.coverage_by_incident.get(incident.slug, ()))} |")
    if lines:
        rows[-1] += "\n" + "\n".join(lines)
    else:
        rows[-1] = "No incidents yet."
    return join(rows)


def render_incident(entry: Entry, body: str, catalog: Catalog, src: str) -> str:
    meta = entry.meta
    parts = [f"# {markdown_inline(catalog.incident_title(entry.slug))}"]
    parts.append(f"**Date:** {day(incident_date(entry))} · **Status:** "
                 f"{markdown_inline(str(meta.get('status') or 'unknown'))}")
    if body.strip():
        parts += ["## Summary", body.strip()]
    parts.append("## Parties")
    parties = []
    for field, label in (("victims", "Victims"), ("affected", "Affected downstream"), ("attackers", "Attackers")):
        slugs = [s for s in meta.get(field) or [] if s in catalog.companies]
        names = ", ".join(company_link(catalog, s, src) for s in slugs) or "none named"
        parties.append(f"- **{label}:** {names}")
    parts.append(bullets(parties, ""))

    parts.append("## Fallout timeline")
    events = catalog.timelines.get(entry.slug, ())
    parts.extend([event_line(catalog, e, src) for e in events] or ["No fallout reported yet."])

    coverage = catalog.coverage_by_incident.get(entry.slug, ())
    claims = [c for a in coverage for c in catalog.claims_by_article.get(entry_src(a), ())]
    classes = {s: "victim" for s in meta.get("victims") or [] if s in catalog.companies}
    classes.update({s: "attacker" for s in meta.get("attackers") or [] if s in catalog.companies})
    edges, total = edges_of(catalog, claims, INCIDENT_DIAGRAM_EDGES)
    parts.append("## Relationships")
    if edges or classes:
        parts.append(diagram(catalog, edges, total, classes))
    else:
        parts.append("No relationships reported yet.")

    parts.append(f"## Coverage ({len(coverage)})")
    parts.append(bullets([article_line(a, src) for a in coverage], "No coverage linked yet."))
    return join(parts)


def event_line(catalog: Catalog, event: TimelineEvent, src: str, *, with_incident: bool = False) -> str:
    """One dated line of a timeline, linked to the article it rests on."""
    where = f" ({incident_link(catalog, event.incident, src)})" if with_incident else ""
    if event.curated:
        text = markdown_inline(event.text)
        if event.article is not None:
            origin = f" — {source_link(event.article, src)}"
        elif event.url and markdown_url(event.url):
            origin = f" — [source]({markdown_url(event.url)})"
        else:
            origin = ""
        return f"- **{day(event.date)}** — {text}{where}{origin}"
    first = event.claims[0]
    more = len(event.claims) - 1
    line = (f"- **{day(event.date)}** — {claim_sentence(catalog, first, src)}{where} — "
            f"{source_link(first.article, src)}")
    if more:
        line += f" (and {more} later report{'s' if more > 1 else ''})"
    if not event.confirmed:
        line += f" {PROPOSED}"
    # The all-incidents timeline stays one line an event; the incident's own page quotes the evidence.
    return line if with_incident else line + evidence_quote(first)


def render_company_index(catalog: Catalog, src: str = COMPANIES) -> str:
    by_letter: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(catalog.companies, key=lambda s: (catalog.company_name(s).lower(), s)):
        first = catalog.company_name(slug)[:1].upper()
        by_letter[first if first.isascii() and first.isalpha() else "#"].append(slug)
    letters = sorted(by_letter)
    parts = ["# Companies", " · ".join(f"[{letter}](#{_letter_anchor(letter)})" for letter in letters)]
    for letter in letters:
        parts.append(f"## {letter} {{ #{_letter_anchor(letter)} }}")
        parts.append(bullets([
            f"- {company_link(catalog, s, src)} — {_count(len(catalog.incidents_by_company.get(s, ())), 'incident')}, "
            f"{_count(len(catalog.claims_by_company.get(s, ())), 'relation')}"
            for s in by_letter[letter]
        ], ""))
    if not letters:
        parts.append("No companies yet.")
    return join(parts)


def _letter_anchor(letter: str) -> str:
    return f"letter-{letter.lower()}" if letter != "#" else "letter-other"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def render_company(entry: Entry, body: str, catalog: Catalog, src: str) -> str:
    meta = entry.meta
    parts = [f"# {markdown_inline(catalog.company_name(entry.slug))}"]
    facts = []
    aliases = [a for a in meta.get("aliases") or [] if isinstance(a, str)]
    if aliases:
        facts.append("**Also known as:** " + ", ".join(markdown_inline(a) for a in aliases))
    if meta.get("sector"):
        facts.append(f"**Sector:** {markdown_inline(str(meta['sector']))}")
    website = markdown_url(str(meta.get("website") or ""))
    if website:
        facts.append(f"**Website:** [{markdown_inline(str(meta['website']))}]({website})")
    parts.append("  \n".join(facts))
    if meta.get("description"):
        parts.append(markdown_text(str(meta["description"])))
    if body.strip():
        parts.append(body.strip())

    claims = catalog.claims_by_company.get(entry.slug, ())
    parts.append("## Network")
    if claims:
        edges, total = edges_of(catalog, claims, COMPANY_DIAGRAM_EDGES)
        parts.append(diagram(catalog, edges, total, {entry.slug: "focus"}))
    else:
        parts.append("No relations recorded yet.")

    parts.append("## Relations")
    vocabulary = load_vocabulary()
    by_predicate: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_predicate[claim.predicate].append(claim)
    for predicate in [p for p in vocabulary.predicates if p in by_predicate]:
        label = vocabulary.label(predicate)
        parts.append(f"### {markdown_inline(label[:1].upper() + label[1:])}")
        parts.extend(claim_group(catalog, group, src) for group in _by_triple(catalog, by_predicate[predicate]))
    if not claims:
        parts.append("No relations recorded yet.")

    incidents = catalog.incidents_by_company.get(entry.slug, ())
    parts.append("## Incidents")
    parts.append(bullets([f"- {day(incident_date(i))} · {incident_link(catalog, i, src)} — {ROLE_LABELS[role]}"
                          for i, role in incidents], "Not a party to any incident on record."))

    coverage = catalog.coverage_by_company.get(entry.slug, ())
    parts.append(f"## Coverage ({len(coverage)})")
    parts.append(bullets([article_line(a, src) for a in coverage], "No coverage mentions it yet."))
    return join(parts)


def archive_pages(catalog: Catalog, page_size: int = ARCHIVE_PAGE_SIZE) -> list[ArchivePage]:
    """The coverage archive: one run of pages per month, newest month and newest article first."""
    by_month: dict[str, list[Entry]] = defaultdict(list)
    for article in catalog.articles:  # already newest first
        by_month[month_of(article_date(article))].append(article)
    pages = []
    for month in sorted(by_month, key=lambda m: (m != "undated", m), reverse=True):
        articles = by_month[month]
        count = max(1, math.ceil(len(articles) / page_size))
        for number in range(1, count + 1):
            chunk = tuple(articles[(number - 1) * page_size:number * page_size])
            pages.append(ArchivePage(month, number, count, chunk))
    return pages


def render_coverage_index(catalog: Catalog, pages: list[ArchivePage], src: str = COVERAGE) -> str:
    parts = ["# Coverage", f"{_count(len(catalog.articles), 'article')}, archived by month."]
    firsts = [p for p in pages if p.number == 1]
    if firsts:
        rows = ["| Month | Articles |", "| --- | --- |"]
        counts = Counter(month_of(article_date(a)) for a in catalog.articles)
        rows += [f"| [{month_label(p.month)}]({link(src, p.src)}) | {counts[p.month]} |" for p in firsts]
        parts.append("\n".join(rows))
    parts.append("## Latest")
    parts.append(bullets([article_line(a, src) for a in catalog.articles[:LATEST_ON_COVERAGE]], "No coverage yet."))
    return join(parts)


def render_archive_page(page: ArchivePage, neighbours: tuple[ArchivePage | None, ArchivePage | None]) -> str:
    src = page.src
    heading = f"# Coverage: {month_label(page.month)}"
    if page.pages > 1:
        heading += f" (page {page.number} of {page.pages})"
    newer, older = neighbours
    nav = [f"[All months]({link(src, COVERAGE)})"]
    if newer:
        nav.insert(0, f"[← Newer]({link(src, newer.src)})")
    if older:
        nav.append(f"[Older →]({link(src, older.src)})")
    parts = [heading, " · ".join(nav)]
    parts.append(bullets([article_line(a, src) for a in page.articles], "No coverage this month."))
    parts.append(" · ".join(nav))
    return join(parts)


def render_article(entry: Entry, body: str, catalog: Catalog, src: str) -> str:
    meta = entry.meta
    parts = [f"# {markdown_inline(str(meta.get('title') or entry.slug))}"]
    date = article_date(entry)
    facts = [markdown_inline(str(meta.get("source") or "")), f"{date:%Y-%m-%d %H:%M} UTC" if date else ""]
    original = markdown_url(str(meta.get("url") or ""))
    if original:
        facts.append(f"[Read the original]({original})")
    parts.append(" · ".join(f for f in facts if f))
    if meta.get("summary"):
        parts.append(f"> {markdown_inline(str(meta['summary']))}")
    incident = catalog.incidents.get(str(meta.get("incident") or ""))
    if incident is not None:
        # The machine's guess of the incident is marked like its relations, until an editor confirms it.
        marker = f" {PROPOSED_INCIDENT}" if meta.get("incident_status") == "proposed" else ""
        parts.append(f"**Incident:** {incident_link(catalog, incident, src)}{marker}")
    companies = [s for s in dict.fromkeys(meta.get("companies") or []) if s in catalog.companies]
    if companies:
        parts.append("**Companies:** " + ", ".join(company_link(catalog, s, src) for s in companies))
    claims = catalog.claims_by_article.get(src, ())
    parts.append("## Relations found")
    parts.extend([claim_line(catalog, c, src) for c in claims] or ["None found."])
    # The feed's full text (`body`) is not republished: the page is our record of the story, with its
    # evidence sentences, and links to the original. It stays in content/ and in the researchers' index.
    return join(parts)


def timeline_months(catalog: Catalog) -> dict[str, list[TimelineEvent]]:
    """Every incident's events, by month, newest month and newest event first."""
    by_month: dict[str, list[TimelineEvent]] = defaultdict(list)
    events = [e for events in catalog.timelines.values() for e in events]
    events.sort(key=lambda e: (e.date or EPOCH, e.incident.slug, e.text,
                               e.claims[0].article.path.as_posix() if e.claims else ""), reverse=True)
    for event in events:
        by_month[month_of(event.date)].append(event)
    return dict(sorted(by_month.items(), key=lambda kv: (kv[0] != "undated", kv[0]), reverse=True))


def render_timeline_index(catalog: Catalog, months: dict[str, list[TimelineEvent]], src: str = TIMELINE) -> str:
    parts = ["# Timeline",
             "What happened after each incident, across all incidents, newest first: the steps editors "
             "recorded and the relations the coverage reports, each with the article it rests on."]
    if months:
        parts.append(" · ".join(f"[{month_label(m)}]({link(src, timeline_month_src(m))}) ({len(e)})"
                                for m, e in months.items()))
    latest = [e for events in months.values() for e in events][:LATEST_ON_TIMELINE]
    parts.append("## Latest")
    parts.append(bullets([event_line(catalog, e, src, with_incident=True) for e in latest],
                         "Nothing on the timeline yet."))
    return join(parts)


def render_timeline_month(catalog: Catalog, month: str, events: list[TimelineEvent]) -> str:
    src = timeline_month_src(month)
    parts = [f"# Timeline: {month_label(month)}", f"[All months]({link(src, TIMELINE)})"]
    parts.append(bullets([event_line(catalog, e, src, with_incident=True) for e in events], "Nothing this month."))
    return join(parts)


def render_network(catalog: Catalog, src: str = NETWORK) -> str:
    parts = ["# Network", "Every company and the relations the coverage reports between them."]
    edges, total = edges_of(catalog, catalog.claims, NETWORK_DIAGRAM_EDGES)
    classes = {}
    for incident in catalog.incidents.values():
        classes.update({s: "victim" for s in incident.meta.get("victims") or [] if s in catalog.companies})
    if edges:
        # Victims outside the drawn links would float unconnected; only colour those drawn.
        drawn = {e.subject for e in edges} | {e.object for e in edges}
        parts.append(diagram(catalog, edges, total, {s: c for s, c in classes.items() if s in drawn}))
        parts.append("Companies with a red outline are the victims of an incident.")
    else:
        parts.append("No relations recorded yet.")
    vocabulary = load_vocabulary()
    counts = Counter(c.predicate for c in catalog.claims)
    if counts:
        parts.append("## Relations by kind")
        rows = ["| Relation | Reports |", "| --- | --- |"]
        rows += [f"| {markdown_inline(vocabulary.label(p))} | {counts[p]} |" for p in vocabulary.predicates if counts[p]]
        parts.append("\n".join(rows))
    parts.append("## Companies")
    rows = ["| Company | Relations | Incidents | Articles |", "| --- | --- | --- | --- |"]
    for slug in sorted(catalog.companies, key=lambda s: (catalog.company_name(s).lower(), s)):
        rows.append(f"| {company_link(catalog, slug, src)} | {len(catalog.claims_by_company.get(slug, ()))} "
                    f"| {len(catalog.incidents_by_company.get(slug, ()))} "
                    f"| {len(catalog.coverage_by_company.get(slug, ()))} |")
    parts.append("\n".join(rows) if catalog.companies else "No companies yet.")
    parts.append(f"Every relation with its source: [relations.json]({link(src, 'data/relations.json')}).")
    return join(parts)


def render_tags() -> str:
    # The marker is where mkdocs-material's tags plugin writes its listing.
    return join(["# Tags", "Incidents by tag.", "<!-- material/tags -->"])


def render_data(catalog: Catalog, src: str = DATA) -> str:
    return join([
        "# Data",
        "Everything on this site is also published as JSON, free to reuse with attribution. "
        "Each file is rebuilt with the site and holds only what the site shows.",
        "| File | What it holds |\n| --- | --- |\n"
        f"| [incidents.json]({link(src, 'data/incidents.json')}) | {_count(len(catalog.incidents), 'incident')}: "
        "date, status, tags, parties, curated timeline and the articles that cover each |\n"
        f"| [companies.json]({link(src, 'data/companies.json')}) | {_count(len(catalog.companies), 'company')}: "
        "name, aliases, website, sector, description, incidents |\n"
        f"| [relations.json]({link(src, 'data/relations.json')}) | {_count(len(catalog.claims), 'relation')}: "
        "subject, predicate, object, status, confidence, the evidence sentence and its article |\n"
        f"| [articles.json]({link(src, 'data/articles.json')}) | {_count(len(catalog.articles), 'article')}: "
        "title, source, dates, original link, summary, companies, incident |",
        "Companies are named by their slug, the last part of their page's address. Relations with status "
        "`proposed` were found by the machine and have not been confirmed by an editor.",
        f"New entries as they are published: [Atom feed]({link(src, FEED)}).",
    ])
