"""Exports of content/ for analysis tools: JSON Lines (pandas, Datasette), CSV and GraphML (Gephi).

Exports read content/ itself, not the search index, so they are exact. The same
content gives the same bytes: rows in a fixed order (companies by slug,
incidents and articles by date, relations in their article's order), columns in
a fixed order, no timestamps of the export itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.entries import Content, Entry, as_datetime, load_content, write_atomic
from pipeline.vocabulary import load_vocabulary

FORMATS = ("jsonl", "csv", "graphml")
WHATS = ("companies", "relations", "incidents", "articles")
GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
# Columns of each export, in order.
COLUMNS = {
    "companies": ("slug", "name", "aliases", "website", "sector", "description", "articles", "incidents",
                  "relations"),
    "relations": ("subject", "subject_name", "predicate", "label", "object", "object_name", "status",
                  "confidence", "evidence", "article", "article_title", "url", "source", "published", "incident"),
    "incidents": ("slug", "title", "date", "status", "victims", "affected", "attackers", "tags", "articles"),
    "articles": ("path", "title", "url", "guid", "source", "published", "fetched", "summary", "companies",
                 "incident", "relations"),
}
# GraphML attribute types of the numeric columns; every other attribute is a string.
NUMBERS = {"articles": "int", "incidents": "int", "relations": "int", "confidence": "double", "weight": "int"}
ROLES = ("victims", "affected", "attackers")


class ExportError(Exception):
    """The export cannot be made as asked."""


@dataclass(frozen=True)
class Export:
    what: str
    format: str
    text: str
    rows: int
    problems: tuple[str, ...]  # errors in content/ (`breachwire check`); unreadable entries are left out


def _names(value: Any) -> list[str]:
    return sorted({str(v) for v in value}) if isinstance(value, list) else []


def _iso(value: Any) -> str | None:
    moment = as_datetime(value)
    if moment is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _visible(content: Content, include_drafts: bool, now: dt.datetime) -> tuple[dict, dict, list]:
    keep = (lambda entry: True) if include_drafts else (lambda entry: entry.is_published(now))
    companies = {slug: e for slug, e in sorted(content.companies.items()) if keep(e)}
    incidents = {slug: e for slug, e in content.incidents.items() if keep(e)}
    articles = sorted((e for e in content.articles if keep(e)),
                      key=lambda e: (_iso(e.meta.get("published")) or "", e.path.as_posix()))
    return companies, incidents, articles


def _relations(article: Entry) -> list[dict]:
    return [r for r in article.meta.get("relations") or [] if isinstance(r, dict)]


def company_rows(content: Content, *, include_drafts: bool = False, now: dt.datetime | None = None) -> list[dict]:
    """Every company, by slug, with how many articles name it, incidents involve it, relations (not rejected) link it."""
    companies, incidents, articles = _visible(content, include_drafts, now or _now())
    named = Counter(slug for a in articles for slug in _names(a.meta.get("companies")))
    involved = Counter(slug for i in incidents.values() for slug in {s for role in ROLES
                                                                      for s in _names(i.meta.get(role))})
    related = Counter(slug for a in articles for r in _relations(a) if r.get("status") != "rejected"
                      for slug in {r.get("subject"), r.get("object")})
    return [
        {
            "slug": slug,
            "name": _text(entry.meta.get("name")) or slug,
            "aliases": [str(a) for a in entry.meta.get("aliases") or []],
            "website": _text(entry.meta.get("website")),
            "sector": _text(entry.meta.get("sector")),
            "description": _text(entry.meta.get("description")),
            "articles": named[slug],
            "incidents": involved[slug],
            "relations": related[slug],
        }
        for slug, entry in companies.items()
    ]


def relation_rows(content: Content, *, include_drafts: bool = False, now: dt.datetime | None = None) -> list[dict]:
    """Every relation of every article, rejected ones included (their status says so)."""
    _, _, articles = _visible(content, include_drafts, now or _now())
    vocabulary = load_vocabulary()
    rows = []
    for article in articles:
        for relation in _relations(article):
            subject, obj = _text(relation.get("subject")), _text(relation.get("object"))
            predicate = _text(relation.get("predicate")) or ""
            rows.append({
                "subject": subject,
                "subject_name": _company_name(content, subject),
                "predicate": predicate,
                "label": vocabulary.label(predicate),
                "object": obj,
                "object_name": _company_name(content, obj),
                "status": _text(relation.get("status")) or "proposed",
                "confidence": relation.get("confidence") if isinstance(relation.get("confidence"), (int, float))
                else None,
                "evidence": _text(relation.get("evidence")),
                "article": article.path.as_posix(),
                "article_title": _text(article.meta.get("title")),
                "url": _text(article.meta.get("url")),
                "source": _text(article.meta.get("source")),
                "published": _iso(article.meta.get("published")),
                "incident": _text(article.meta.get("incident")),
            })
    return rows


def _company_name(content: Content, slug: str | None) -> str | None:
    company = content.companies.get(slug or "")
    return _text(company.meta.get("name")) if company else None


def incident_rows(content: Content, *, include_drafts: bool = False, now: dt.datetime | None = None) -> list[dict]:
    """Every incident, oldest first, with how many articles cover it."""
    _, incidents, articles = _visible(content, include_drafts, now or _now())
    coverage = Counter(str(a.meta.get("incident")) for a in articles if a.meta.get("incident"))
    ordered = sorted(incidents.items(), key=lambda item: (_iso(item[1].meta.get("date")) or "", item[0]))
    return [
        {
            "slug": slug,
            "title": _text(entry.meta.get("title")),
            "date": _iso(entry.meta.get("date")),
            "status": _text(entry.meta.get("status")),
            "victims": _names(entry.meta.get("victims")),
            "affected": _names(entry.meta.get("affected")),
            "attackers": _names(entry.meta.get("attackers")),
            "tags": [str(t) for t in entry.meta.get("tags") or []],
            "articles": coverage[slug],
        }
        for slug, entry in ordered
    ]


def article_rows(content: Content, *, include_drafts: bool = False, now: dt.datetime | None = None) -> list[dict]:
    """Every article, oldest first, with how many relations it states."""
    _, _, articles = _visible(content, include_drafts, now or _now())
    return [
        {
            "path": article.path.as_posix(),
            "title": _text(article.meta.get("title")),
            "url": _text(article.meta.get("url")),
            "guid": _text(article.meta.get("guid")),
            "source": _text(article.meta.get("source")),
            "published": _iso(article.meta.get("published")),
            "fetched": _iso(article.meta.get("fetched")),
            "summary": _text(article.meta.get("summary")),
            "companies": _names(article.meta.get("companies")),
            "incident": _text(article.meta.get("incident")),
            "relations": len(_relations(article)),
        }
        for article in articles
    ]


ROWS = {"companies": company_rows, "relations": relation_rows, "incidents": incident_rows,
        "articles": article_rows}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_jsonl(rows: list[dict]) -> str:
    """One JSON object per line."""
    # Keys stay in column order, so each line reads the same way and diffs line by line.
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def as_csv(what: str, rows: list[dict]) -> str:
    """One row per record; lists joined with `;`, missing values empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS[what])
    for row in rows:
        writer.writerow(["" if row[c] is None else ";".join(row[c]) if isinstance(row[c], list) else row[c]
                         for c in COLUMNS[what]])
    return out.getvalue()


def _graphml_value(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


class _Graph:
    """A GraphML document: typed attribute keys, then the nodes, then the edges, each in the order added."""

    def __init__(self, *, directed: bool = True) -> None:
        self.directed = directed
        self.keys: dict[tuple[str, str], str] = {}
        self.nodes: dict[str, ET.Element] = {}
        self.edges: list[ET.Element] = []

    def _data(self, element: ET.Element, domain: str, attributes: dict) -> None:
        for name, value in attributes.items():
            if value is None or value == []:
                continue
            key = self.keys.setdefault((domain, name), f"{domain[0]}_{name}")
            ET.SubElement(element, "data", key=key).text = _graphml_value(value)

    def node(self, node_id: str, attributes: dict) -> None:
        if node_id not in self.nodes:
            self.nodes[node_id] = ET.Element("node", id=node_id)
            self._data(self.nodes[node_id], "node", attributes)

    def edge(self, source: str, target: str, attributes: dict, *, directed: bool | None = None) -> None:
        edge = ET.Element("edge", id=f"e{len(self.edges) + 1}", source=source, target=target)
        if directed is not None and directed != self.directed:
            edge.set("directed", "true" if directed else "false")
        self._data(edge, "edge", attributes)
        self.edges.append(edge)

    def text(self) -> str:
        root = ET.Element("graphml", xmlns=GRAPHML_NAMESPACE)
        for (domain, name), key in self.keys.items():
            ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": name,
                                        "attr.type": NUMBERS.get(name, "string")})
        graph = ET.SubElement(root, "graph", id="breachwire", edgedefault="directed" if self.directed else "undirected")
        graph.extend(self.nodes.values())
        graph.extend(self.edges)
        ET.indent(root)
        return "<?xml version='1.0' encoding='utf-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def _company_node(graph: _Graph, content: Content, slug: str) -> str:
    company = content.companies.get(slug)
    meta = company.meta if company else {}
    graph.node(f"company:{slug}", {"kind": "company", "label": _text(meta.get("name")) or slug,
                                   "sector": _text(meta.get("sector"))})
    return f"company:{slug}"


def as_graphml(what: str, content: Content, rows: list[dict], *, include_drafts: bool = False,
               now: dt.datetime | None = None) -> str:
    """Companies are nodes everywhere. Relations are edges between them; companies are linked by
    how many articles name both; incidents and articles are nodes linked to the companies they involve."""
    graph = _Graph(directed=what != "companies")
    if what == "relations":
        symmetric = {name for name, p in load_vocabulary().predicates.items() if p.symmetric}
        for row in rows:
            source = _company_node(graph, content, row["subject"] or "?")
            target = _company_node(graph, content, row["object"] or "?")
            attributes = {k: row[k] for k in ("predicate", "label", "status", "confidence", "evidence", "article",
                                              "url", "source", "published", "incident")}
            graph.edge(source, target, attributes, directed=row["predicate"] not in symmetric)
    elif what == "companies":
        for row in rows:
            graph.node(f"company:{row['slug']}", {"kind": "company", "label": row["name"], "sector": row["sector"],
                                                  "articles": row["articles"], "incidents": row["incidents"],
                                                  "relations": row["relations"]})
        listed = {row["slug"] for row in rows}
        pairs: Counter[tuple[str, str]] = Counter()
        for article in article_rows(content, include_drafts=include_drafts, now=now):
            named = [slug for slug in article["companies"] if slug in listed]
            pairs.update((a, b) for i, a in enumerate(named) for b in named[i + 1:])
        for (a, b), weight in sorted(pairs.items()):
            graph.edge(f"company:{a}", f"company:{b}", {"kind": "co_mentioned", "weight": weight})
    elif what == "incidents":
        for row in rows:
            node = f"incident:{row['slug']}"
            graph.node(node, {"kind": "incident", "label": row["title"], "date": row["date"],
                              "status": row["status"], "tags": row["tags"], "articles": row["articles"]})
            for role in ROLES:
                for slug in row[role]:
                    graph.edge(node, _company_node(graph, content, slug), {"kind": role})
    else:
        for row in rows:
            node = f"article:{row['path']}"
            graph.node(node, {"kind": "article", "label": row["title"], "url": row["url"], "source": row["source"],
                              "published": row["published"], "incident": row["incident"]})
            for slug in row["companies"]:
                graph.edge(node, _company_node(graph, content, slug), {"kind": "mentions"})
    return graph.text()


def export(content: Content, what: str, format: str, *, include_drafts: bool = False,
           now: dt.datetime | None = None) -> Export:
    """`what` (companies, relations, incidents or articles) in `format` (jsonl, csv or graphml)."""
    if what not in WHATS:
        raise ExportError(f"--what {what!r}: unknown — use one of: {', '.join(WHATS)}")
    if format not in FORMATS:
        raise ExportError(f"--format {format!r}: unknown — use one of: {', '.join(FORMATS)}")
    now = now or _now()  # one moment for every part, so an embargo cannot lift halfway through
    rows = ROWS[what](content, include_drafts=include_drafts, now=now)
    if format == "jsonl":
        text = as_jsonl(rows)
    elif format == "csv":
        text = as_csv(what, rows)
    else:
        text = as_graphml(what, content, rows, include_drafts=include_drafts, now=now)
    problems = tuple(str(p) for p in content.problems if p.severity == "error")
    return Export(what, format, text, len(rows), problems)


def export_content(content_dir: Path, what: str, format: str, *, output: Path | None = None,
                   include_drafts: bool = False) -> Export:
    """Export content/ and, with `output`, write the file atomically (readers never see half of it)."""
    result = export(load_content(content_dir), what, format, include_drafts=include_drafts)
    if output is not None:
        write_atomic(output, result.text)
    return result
