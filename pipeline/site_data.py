"""The site's machine-readable files: JSON exports of the catalog and an Atom feed of new entries.

Pure: each function returns the file's text. Output is deterministic (fixed key
order, sorted lists), so an unchanged catalog gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any

from pipeline.catalog import EPOCH, Catalog, article_date, incident_date, incidents_newest_first
from pipeline.entries import Entry, as_datetime
from pipeline.markup import markdown_url
from pipeline.parse import is_http
from pipeline.vocabulary import load_vocabulary

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
# Feed and export text is untrusted; spelled as \u003c etc. it can never be read as markup,
# even by a consumer that pastes a value into a page.
JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def page_url(entry: Entry) -> str:
    """The entry's page, relative to the site root (use_directory_urls is off)."""
    return entry.path.with_suffix(".html").as_posix()


def to_json(data: Any) -> str:
    # Compact: the exports grow with the archive, and whoever reuses them reads them with a JSON parser.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES) + "\n"


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _day(value: dt.datetime | None) -> str | None:
    return f"{value:%Y-%m-%d}" if value else None


def _http_or_none(url: Any) -> str | None:
    return url if isinstance(url, str) and is_http(url) else None


def _names(entry: Entry, field: str, catalog: Catalog) -> list[str]:
    return [s for s in dict.fromkeys(entry.meta.get(field) or []) if s in catalog.companies]


def _article_ref(article: Entry) -> dict[str, Any]:
    return {
        "title": str(article.meta.get("title") or ""),
        "source": str(article.meta.get("source") or ""),
        "published": _iso(as_datetime(article.meta.get("published"))),
        "url": _http_or_none(article.meta.get("url")),
        "page": page_url(article),
    }


def incidents_json(catalog: Catalog) -> str:
    incidents = []
    for incident in incidents_newest_first(catalog.incidents.values()):
        timeline = []
        for event in catalog.timelines.get(incident.slug, ()):
            if event.curated:
                timeline.append({"date": _day(event.date), "event": event.text, "source": event.url,
                                 "page": page_url(event.article) if event.article else None})
            else:
                first = event.claims[0]
                timeline.append({"date": _day(event.date), "subject": first.subject, "predicate": first.predicate,
                                 "object": first.object, "reports": len(event.claims),
                                 "status": "confirmed" if event.confirmed else "proposed",
                                 "source": _article_ref(first.article)})
        incidents.append({
            "slug": incident.slug,
            "title": catalog.incident_title(incident.slug),
            "date": _day(incident_date(incident)),
            "status": incident.meta.get("status"),
            "tags": sorted(str(t) for t in incident.meta.get("tags") or []),
            "victims": _names(incident, "victims", catalog),
            "affected": _names(incident, "affected", catalog),
            "attackers": _names(incident, "attackers", catalog),
            "summary": incident.body.strip(),
            "page": page_url(incident),
            "timeline": timeline,
            "coverage": [page_url(a) for a in catalog.coverage_by_incident.get(incident.slug, ())],
        })
    return to_json({"incidents": incidents})


def companies_json(catalog: Catalog) -> str:
    companies = []
    for slug, company in catalog.companies.items():
        meta = company.meta
        companies.append({
            "slug": slug,
            "name": catalog.company_name(slug),
            "aliases": [str(a) for a in meta.get("aliases") or []],
            "website": _http_or_none(meta.get("website")),
            "sector": meta.get("sector") or None,
            "description": meta.get("description") or None,
            "page": page_url(company),
            "incidents": [{"slug": i.slug, "role": role} for i, role in catalog.incidents_by_company.get(slug, ())],
            "relations": len(catalog.claims_by_company.get(slug, ())),
            "articles": len(catalog.coverage_by_company.get(slug, ())),
        })
    return to_json({"companies": companies})


def relations_json(catalog: Catalog) -> str:
    vocabulary = load_vocabulary()
    relations = [
        {
            "subject": c.subject,
            "predicate": c.predicate,
            "object": c.object,
            "label": vocabulary.label(c.predicate),
            "status": c.status,
            "confidence": c.confidence,
            "evidence": c.evidence,
            "source": _article_ref(c.article),
        }
        for c in sorted(catalog.claims, key=lambda c: (c.triple, article_date(c.article) or EPOCH,
                                                       c.article.path.as_posix(), c.evidence))
    ]
    return to_json({"predicates": {name: p.label for name, p in vocabulary.predicates.items()},
                    "relations": relations})


def articles_json(catalog: Catalog) -> str:
    articles = [
        {**_article_ref(a),
         "summary": str(a.meta.get("summary") or ""),
         "companies": _names(a, "companies", catalog),
         "incident": a.meta.get("incident") if a.meta.get("incident") in catalog.incidents else None,
         "incident_status": a.meta.get("incident_status") if a.meta.get("incident") in catalog.incidents else None}
        for a in catalog.articles
    ]
    return to_json({"articles": articles})


def atom_feed(catalog: Catalog, *, title: str, site_url: str | None, limit: int = FEED_ENTRIES) -> str:
    """An Atom feed of the newest incidents and articles; links are relative to the feed when site_url is unset."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    dated = [(incident_date(i) or EPOCH, "incident", i) for i in catalog.incidents.values()]
    dated += [(article_date(a) or EPOCH, "article", a) for a in catalog.articles]
    dated.sort(key=lambda d: (d[0], d[2].path.as_posix()), reverse=True)
    newest = dated[:limit]

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    # Ids are URNs built from stable paths, so they never change when the site moves.
    ET.SubElement(feed, f"{{{ATOM}}}id").text = "urn:breachwire:feed"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(newest[0][0] if newest else EPOCH)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}feed.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base or "index.html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = title
    for when, kind, entry in newest:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        if kind == "incident":
            heading = f"Incident: {catalog.incident_title(entry.slug)}"
            summary = entry.body.strip().split("\n\n")[0] if entry.body.strip() else ""
        else:
            heading = str(entry.meta.get("title") or entry.slug)
            source = str(entry.meta.get("source") or "")
            summary = f"{source}: {entry.meta.get('summary') or ''}".strip(": ")
        ET.SubElement(item, f"{{{ATOM}}}title", type="text").text = " ".join(heading.split())
        ET.SubElement(item, f"{{{ATOM}}}id").text = f"urn:breachwire:{entry.path.with_suffix('').as_posix()}"
        ET.SubElement(item, f"{{{ATOM}}}updated").text = _iso(when)
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=base + page_url(entry))
        original = markdown_url(str(entry.meta.get("url") or "")) if kind == "article" else None
        if original:
            ET.SubElement(item, f"{{{ATOM}}}link", rel="related", href=original)
        # type="text": feed readers show it as text, never as HTML.
        ET.SubElement(item, f"{{{ATOM}}}summary", type="text").text = " ".join(summary.split())
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
