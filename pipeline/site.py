"""Site pages generated from content/ at build time (mkdocs hooks).

mkdocs.yml lists the `breachwire` plugin (registered by pyproject.toml under
the `mkdocs.plugins` entry points), which is `SitePlugin` below. Editors only ever write Markdown: company, incident and article pages
get their relations, timelines and coverage lists appended here, and the
index pages are generated. Drafts and embargoed entries are removed from the
build (but kept for `mkdocs serve`, so editors can preview them).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from pipeline.entries import Content, Entry, as_datetime, load_content
from pipeline.markup import markdown_paragraphs, markdown_text, plain_title
from pipeline.parse import is_http
from pipeline.redirects import redirect_files
from pipeline.vocabulary import load_vocabulary

GENERATED_INDEXES = ("incidents/index.md", "companies/index.md", "articles/index.md")
LATEST_ON_HOME = 10


@dataclass(frozen=True)
class SiteRelation:
    subject: str
    predicate: str
    object: str
    evidence: str
    status: str
    confidence: float
    article: Entry


@dataclass
class Catalog:
    """What the site shows: the published entries and the relations between them."""

    content: Content
    relations: list[SiteRelation] = field(default_factory=list)
    coverage_by_company: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    coverage_by_incident: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    incidents_by_company: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))

    def company_name(self, slug: str) -> str:
        company = self.content.companies.get(slug)
        return str(company.meta.get("name", slug)) if company else slug


def article_date(entry: Entry) -> dt.datetime | None:
    return as_datetime(entry.meta.get("published"))


def _newest_first(articles: list[Entry]) -> list[Entry]:
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return sorted(articles, key=lambda a: (article_date(a) or epoch, a.path.as_posix()), reverse=True)


def build_catalog(content: Content, *, include_unpublished: bool) -> Catalog:
    """Index the published entries (all of them, for a preview) by company and incident."""
    now = dt.datetime.now(dt.timezone.utc)
    visible = (lambda e: True) if include_unpublished else (lambda e: e.is_published(now))
    published = Content(
        companies={s: e for s, e in content.companies.items() if visible(e)},
        incidents={s: e for s, e in content.incidents.items() if visible(e)},
        articles=_newest_first([a for a in content.articles if visible(a)]),
    )
    catalog = Catalog(published)
    for article in published.articles:
        for slug in article.meta.get("companies") or []:
            if slug in published.companies:
                catalog.coverage_by_company[slug].append(article)
        incident = article.meta.get("incident")
        if incident in published.incidents:
            catalog.coverage_by_incident[incident].append(article)
        for relation in article.meta.get("relations") or []:
            status = relation.get("status", "proposed")
            # Rejected relations are hidden; so are those naming an unpublished company.
            if status == "rejected" or not {relation.get("subject"), relation.get("object")} <= set(published.companies):
                continue
            catalog.relations.append(
                SiteRelation(relation["subject"], relation["predicate"], relation["object"],
                             str(relation.get("evidence") or ""), status,
                             float(relation.get("confidence") or 0), article)
            )
    for slug, incident in published.incidents.items():
        for role in ("victims", "affected", "attackers"):
            for company in incident.meta.get(role) or []:
                if incident not in catalog.incidents_by_company[company]:
                    catalog.incidents_by_company[company].append(incident)
    return catalog


def link(from_page: str, to_page: str) -> str:
    """A relative link from one source file to another, as mkdocs resolves them."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def company_link(catalog: Catalog, slug: str, from_page: str) -> str:
    name = markdown_text(catalog.company_name(slug))
    if slug in catalog.content.companies:
        return f"[{name}]({link(from_page, f'companies/{slug}.md')})"
    return name


def article_line(article: Entry, from_page: str) -> str:
    date = article_date(article)
    when = f"{date:%Y-%m-%d}" if date else "undated"
    title = markdown_text(str(article.meta.get("title", article.slug)))
    source = markdown_text(str(article.meta.get("source", "")))
    return f"- {when} · [{title}]({link(from_page, 'articles/' + article.path.relative_to('articles').as_posix())}) — {source}"


def relation_line(catalog: Catalog, relation: SiteRelation, from_page: str) -> str:
    vocabulary = load_vocabulary()
    article = relation.article
    date = article_date(article)
    source = markdown_text(str(article.meta.get("source", "")))
    article_href = link(from_page, "articles/" + article.path.relative_to("articles").as_posix())
    marker = " *(proposed — not yet confirmed by an editor)*" if relation.status == "proposed" else ""
    line = (
        f"- {company_link(catalog, relation.subject, from_page)} {vocabulary.label(relation.predicate)} "
        f"{company_link(catalog, relation.object, from_page)} — [{source}, {date:%Y-%m-%d}]({article_href})"
        if date else
        f"- {company_link(catalog, relation.subject, from_page)} {vocabulary.label(relation.predicate)} "
        f"{company_link(catalog, relation.object, from_page)} — [{source}]({article_href})"
    )
    evidence = f"\n\n    > {markdown_text(relation.evidence)}" if relation.evidence else ""
    return line + marker + evidence


def render_company(entry: Entry, markdown: str, catalog: Catalog, page_path: str) -> str:
    meta = entry.meta
    parts = [f"# {markdown_text(str(meta.get('name', entry.slug)))}"]
    aliases = meta.get("aliases") or []
    if aliases:
        parts.append("**Also known as:** " + ", ".join(markdown_text(a) for a in aliases))
    if meta.get("website") and is_http(str(meta["website"])):
        parts.append(f"**Website:** <{meta['website']}>")
    if meta.get("description"):
        parts.append(markdown_text(str(meta["description"])))
    if markdown.strip():
        parts.append(markdown.strip())
    mine = [r for r in catalog.relations if entry.slug in (r.subject, r.object)]
    parts.append("## Relations")
    if not mine:
        parts.append("No relations recorded yet.")
    by_predicate: dict[str, list[SiteRelation]] = defaultdict(list)
    for relation in mine:
        by_predicate[relation.predicate].append(relation)
    vocabulary = load_vocabulary()
    for predicate in sorted(by_predicate):
        parts.append(f"### {markdown_text(vocabulary.label(predicate)).capitalize()}")
        parts.extend(relation_line(catalog, r, page_path) for r in by_predicate[predicate])
    incidents = catalog.incidents_by_company.get(entry.slug, [])
    if incidents:
        parts.append("## Incidents")
        parts.extend(
            f"- [{markdown_text(str(i.meta.get('title', i.slug)))}]({link(page_path, f'incidents/{i.slug}.md')})"
            for i in incidents
        )
    coverage = catalog.coverage_by_company.get(entry.slug, [])
    if coverage:
        parts.append("## Coverage")
        parts.extend(article_line(a, page_path) for a in coverage)
    return "\n\n".join(parts) + "\n"


def render_incident(entry: Entry, markdown: str, catalog: Catalog, page_path: str) -> str:
    meta = entry.meta
    date = as_datetime(meta.get("date"))
    parts = [f"# {markdown_text(str(meta.get('title', entry.slug)))}"]
    facts = [f"**Date:** {date:%Y-%m-%d}" if date else "", f"**Status:** {markdown_text(str(meta.get('status', 'unknown')))}"]
    parts.append(" · ".join(f for f in facts if f))
    if markdown.strip():
        parts.append(markdown.strip())
    parts.append("## Parties")
    for role, label in (("victims", "Victims"), ("affected", "Affected"), ("attackers", "Attackers")):
        slugs = meta.get(role) or []
        if slugs:
            parts.append(f"**{label}:** " + ", ".join(company_link(catalog, s, page_path) for s in slugs))
    coverage = catalog.coverage_by_incident.get(entry.slug, [])
    fallout = [r for r in catalog.relations if r.article in coverage]
    if fallout:
        parts.append("## Fallout")
        parts.extend(relation_line(catalog, r, page_path) for r in fallout)
    parts.append("## Coverage")
    parts.extend([article_line(a, page_path) for a in coverage] or ["No coverage linked yet."])
    return "\n\n".join(parts) + "\n"


def render_article(entry: Entry, markdown: str, catalog: Catalog, page_path: str) -> str:
    meta = entry.meta
    date = article_date(entry)
    parts = [f"# {markdown_text(str(meta.get('title', entry.slug)))}"]
    facts = [markdown_text(str(meta.get("source", ""))), f"{date:%Y-%m-%d %H:%M} UTC" if date else ""]
    url = str(meta.get("url") or "")
    if is_http(url):
        facts.append(f"[Read the original]({url.replace(')', '%29').replace(' ', '%20')})")
    parts.append(" · ".join(f for f in facts if f))
    if meta.get("summary"):
        parts.append(f"> {markdown_text(str(meta['summary']))}")
    companies = [s for s in meta.get("companies") or [] if s in catalog.content.companies]
    if companies:
        parts.append("**Companies:** " + ", ".join(company_link(catalog, s, page_path) for s in companies))
    incident = meta.get("incident")
    if incident in catalog.content.incidents:
        title = markdown_text(str(catalog.content.incidents[incident].meta.get("title", incident)))
        parts.append(f"**Incident:** [{title}]({link(page_path, f'incidents/{incident}.md')})")
    mine = [r for r in catalog.relations if r.article is entry]
    if mine:
        parts.append("## Relations found")
        parts.extend(relation_line(catalog, r, page_path) for r in mine)
    if markdown.strip():
        parts.append("## Text")
        parts.append(markdown.strip())
    return "\n\n".join(parts) + "\n"


def render_incident_index(catalog: Catalog, page_path: str) -> str:
    rows = ["# Incidents", "", "| Date | Incident | Victims | Status |", "| --- | --- | --- | --- |"]
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    incidents = sorted(catalog.content.incidents.values(),
                       key=lambda i: as_datetime(i.meta.get("date")) or epoch, reverse=True)
    for incident in incidents:
        date = as_datetime(incident.meta.get("date"))
        title = markdown_text(str(incident.meta.get("title", incident.slug)))
        victims = ", ".join(company_link(catalog, s, page_path) for s in incident.meta.get("victims") or [])
        rows.append(f"| {date:%Y-%m-%d} | [{title}]({link(page_path, f'incidents/{incident.slug}.md')}) "
                    f"| {victims} | {markdown_text(str(incident.meta.get('status', '')))} |")
    return "\n".join(rows) + "\n"


def render_company_index(catalog: Catalog, page_path: str) -> str:
    parts = ["# Companies"]
    relation_counts: dict[str, int] = defaultdict(int)
    for relation in catalog.relations:
        relation_counts[relation.subject] += 1
        relation_counts[relation.object] += 1
    by_letter: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(catalog.content.companies, key=lambda s: catalog.company_name(s).lower()):
        first = catalog.company_name(slug)[:1].upper()
        by_letter[first if first.isalpha() else "#"].append(slug)
    for letter in sorted(by_letter):
        parts.append(f"## {letter}")
        parts.extend(
            f"- {company_link(catalog, s, page_path)} — {len(catalog.incidents_by_company.get(s, []))} incidents, "
            f"{relation_counts[s]} relations"
            for s in by_letter[letter]
        )
    return "\n\n".join(parts) + "\n"


def render_coverage_index(catalog: Catalog, page_path: str) -> str:
    parts = ["# Coverage"]
    by_month: dict[str, list[Entry]] = defaultdict(list)
    for article in catalog.content.articles:
        date = article_date(article)
        by_month[f"{date:%Y-%m}" if date else "Undated"].append(article)
    for month in sorted(by_month, reverse=True):
        parts.append(f"## {month}")
        parts.extend(article_line(a, page_path) for a in by_month[month])
    return "\n\n".join(parts) + "\n"


def render_home(markdown: str, catalog: Catalog, page_path: str) -> str:
    content = catalog.content
    parts = [markdown.strip()]
    parts.append(
        f"**{len(content.incidents)}** incidents · **{len(content.companies)}** companies · "
        f"**{len(catalog.relations)}** relations · **{len(content.articles)}** articles"
    )
    parts.append("## Latest incidents")
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    incidents = sorted(content.incidents.values(), key=lambda i: as_datetime(i.meta.get("date")) or epoch,
                       reverse=True)[:LATEST_ON_HOME]
    parts.extend(
        [f"- [{markdown_text(str(i.meta.get('title', i.slug)))}]({link(page_path, f'incidents/{i.slug}.md')})"
         for i in incidents] or ["No incidents yet."]
    )
    parts.append("## Recent coverage")
    parts.extend([article_line(a, page_path) for a in content.articles[:LATEST_ON_HOME]] or ["No coverage yet."])
    return "\n\n".join(parts) + "\n"


class SitePlugin(BasePlugin):
    """State of one mkdocs build: the command, the catalog, and which entry each page shows."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.catalog: Catalog | None = None
        self.entries: dict[str, Entry] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        content_dir = Path(config["docs_dir"])
        content = load_content(content_dir)
        errors = [p for p in content.problems if p.severity == "error"]
        if errors:
            raise PluginError(
                "content/ has entries that do not validate; fix them before building:\n"
                + "\n".join(str(p) for p in errors)
            )
        self.catalog = build_catalog(content, include_unpublished=self.command == "serve")
        self.entries = {e.path.as_posix(): e for e in content.all()}
        return config

    def on_files(self, files: Files, *, config) -> Files:
        assert self.catalog is not None
        published = {e.path.as_posix() for e in self.catalog.content.all()}
        for file in list(files):
            if file.src_uri in self.entries and file.src_uri not in published:
                files.remove(file)
        for src_uri in GENERATED_INDEXES:
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=f"# {src_uri}\n"))
        for redirect in redirect_files(self.catalog.content, config):  # old URLs of merged companies
            files.append(redirect)
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        assert self.catalog is not None
        src = page.file.src_uri
        catalog = self.catalog
        entry = self.entries.get(src)
        if src == "index.md":
            return render_home(markdown, catalog, src)
        if src == "incidents/index.md":
            page.meta["title"] = "Incidents"
            return render_incident_index(catalog, src)
        if src == "companies/index.md":
            page.meta["title"] = "Companies"
            return render_company_index(catalog, src)
        if src == "articles/index.md":
            page.meta["title"] = "Coverage"
            return render_coverage_index(catalog, src)
        if entry is None:
            return markdown
        renderers = {"company": render_company, "incident": render_incident, "article": render_article}
        title = entry.meta.get("name") if entry.type == "company" else entry.meta.get("title")
        # The theme prints page.meta.title unescaped; give it a title that is safe as text.
        page.meta["title"] = plain_title(str(title or entry.slug))
        return renderers[entry.type](entry, markdown, catalog, src)

