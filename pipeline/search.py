"""The researchers' search API: ranked, typed hits with filters and facet counts.

The `breachwire search` command is a thin layer over `search()`; from a notebook:

    from pipeline.search import search
    results = search("breach", companies=["Scale AI", "Meta"], since="2026-03", facets=True)
    for hit in results.hits:
        print(hit.date, hit.title, hit.path)
    results.facets["company"][:5]

The query language, the index and its engine live in pipeline.index.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Iterable

from pipeline.index import (
    ENTRY_TYPES,
    FACETS,
    FacetCount,
    Filters,
    Hit,
    Results,
    SearchError,
    query_index,
)
from pipeline.vocabulary import load_vocabulary

__all__ = ["FACETS", "FacetCount", "Filters", "Hit", "Results", "SearchError", "SORTS", "search",
           "parse_day", "results_as_json", "hits_as_csv", "facets_as_csv"]

SORTS = ("relevance", "newest", "oldest")
HIT_COLUMNS = ("path", "type", "title", "date", "source", "companies", "url", "score", "snippet")
DAY = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def parse_day(text: str | dt.date | None, *, option: str, end: bool = False) -> dt.date | None:
    """A day from 2026, 2026-03 or 2026-03-15: the first day of the period, or its last with `end`."""
    if text is None or isinstance(text, dt.date):
        return text
    match = DAY.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError(text)
        year, month, day = (int(part) if part else None for part in match.groups())
        if day is not None:
            return dt.date(year, month, day)
        if month is not None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise SearchError(f"{option} {text!r}: not a date — write {option} 2026-03-01 (or 2026-03, or 2026)") from None


def search(
    query: str = "",
    *,
    index_dir: Path | None = None,
    type: str | None = None,
    companies: Iterable[str] = (),
    predicate: str | None = None,
    source: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    limit: int = 10,
    facets: bool = False,
    include_drafts: bool = False,
    sort: str = "relevance",
) -> Results:
    """Search the archive: entries matching `query` and every filter, best first (or by date), with facets if asked.

    `companies` are names, aliases or slugs; an entry must name all of them. Dates may be
    2026, 2026-03 or 2026-03-15 (a `since` month starts on its first day, an `until` month
    ends on its last). Drafts and embargoed entries are left out unless `include_drafts`.
    The index defaults to the project's (`.breachwire/index`).
    """
    if type is not None and type not in ENTRY_TYPES:
        raise SearchError(f"--type {type!r}: unknown entry type — use one of: {', '.join(ENTRY_TYPES)}")
    predicates = load_vocabulary().predicates
    if predicate is not None and predicate not in predicates:
        raise SearchError(f"--predicate {predicate!r}: not in the vocabulary — use one of: {', '.join(predicates)}")
    if sort not in SORTS:
        raise SearchError(f"--sort {sort!r}: unknown order — use one of: {', '.join(SORTS)}")
    if limit < 1:
        raise SearchError(f"--limit {limit}: must be at least 1 — write --limit 10")
    filters = Filters(
        types=(type,) if type else (),
        companies=tuple(companies),
        predicates=(predicate,) if predicate else (),
        sources=(source,) if source else (),
        since=parse_day(since, option="--since"),
        until=parse_day(until, option="--until", end=True),
        include_drafts=include_drafts,
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise SearchError(f"--since {filters.since} is after --until {filters.until} — swap them")
    if index_dir is None:
        from pipeline.config import load_settings

        index_dir = load_settings().index_dir
    return query_index(index_dir, query, filters=filters, limit=limit, facets=facets, sort=sort)


def _hit_row(hit: Hit) -> dict:
    return {
        "path": hit.path,
        "type": hit.type,
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "source": hit.source,
        "companies": list(hit.companies),
        "url": hit.url,
        "score": hit.score,
        "snippet": hit.snippet,
    }


def results_as_json(results: Results) -> str:
    """One JSON document: the query, the total, the hits and (when counted) the facets."""
    document = {"query": results.query, "total": results.total, "hits": [_hit_row(hit) for hit in results.hits]}
    if results.facets:
        document["facets"] = {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in counts]
            for name, counts in results.facets.items()
        }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv(rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def hits_as_csv(results: Results) -> str:
    """The hits as CSV, one row each; companies joined with `;`."""
    rows = [HIT_COLUMNS]
    for hit in results.hits:
        row = _hit_row(hit)
        row["companies"] = ";".join(row["companies"])
        rows.append(tuple("" if row[column] is None else row[column] for column in HIT_COLUMNS))
    return _csv(rows)


def facets_as_csv(results: Results) -> str:
    """The facet counts as CSV: facet, value, label, count."""
    rows = [("facet", "value", "label", "count")]
    for name, counts in results.facets.items():
        rows.extend((name, f.value, f.label, f.count) for f in counts)
    return _csv(rows)
