"""The researchers' full-text index, on whoosh. Every whoosh call lives in this module.

The index is a cache of content/: it lives in the git-ignored state folder and
`update_index(..., rebuild=True)` recreates it from content/ alone. Updates are
incremental: a document is re-indexed only when its file's size or mtime changed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, highlight, index as whoosh_index, qparser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.analysis import StemmingAnalyzer
from whoosh.query import Term

from pipeline.entries import Content, Entry, as_datetime, load_content

# Curated incident records outrank the coverage and company pages that mention them.
TYPE_BOOST = {"incident": 2.0, "company": 1.0, "article": 1.0}
# Bump when the schema below changes: an index of another version is rebuilt.
SCHEMA_VERSION = 1
VERSION_FILE = "BREACHWIRE_SCHEMA"


class SearchError(Exception):
    """The query could not be parsed or the index cannot be read."""


@dataclass(frozen=True)
class IndexReport:
    added: int
    updated: int
    removed: int
    total: int
    rebuilt: bool


@dataclass(frozen=True)
class Hit:
    path: str
    type: str
    title: str
    date: dt.datetime | None
    snippet: str
    score: float


def _schema() -> fields.Schema:
    return fields.Schema(
        path=fields.ID(stored=True, unique=True),
        type=fields.ID(stored=True),
        title=fields.TEXT(stored=True, analyzer=StemmingAnalyzer(), field_boost=3.0),
        body=fields.TEXT(stored=True, analyzer=StemmingAnalyzer()),
        companies=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        predicate=fields.KEYWORD(stored=True, commas=True, lowercase=True),
        source=fields.KEYWORD(stored=True, commas=True, lowercase=True),
        date=fields.DATETIME(stored=True, sortable=True),
        published=fields.BOOLEAN(stored=True),
        signature=fields.STORED(),
    )


def _signature(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _company_terms(slugs, content: Content) -> str:
    """Slugs, names and aliases of companies, so a search for any of them finds the entry."""
    terms = []
    for slug in slugs or []:
        terms.append(slug)
        company = content.companies.get(slug)
        if company:
            terms.append(str(company.meta.get("name", "")))
            terms.extend(str(a) for a in company.meta.get("aliases") or [])
    return ",".join(t for t in terms if t)


def _document(entry: Entry, content: Content, content_dir: Path) -> dict:
    meta = entry.meta
    if entry.type == "company":
        title = str(meta.get("name", entry.slug))
        companies = [entry.slug]
        body = "\n".join([str(meta.get("description") or ""), " ".join(meta.get("aliases") or []), entry.body])
        date = None
    elif entry.type == "incident":
        title = str(meta.get("title", entry.slug))
        companies = [*(meta.get("victims") or []), *(meta.get("affected") or []), *(meta.get("attackers") or [])]
        body = entry.body
        date = as_datetime(meta.get("date"))
    else:
        title = str(meta.get("title", entry.slug))
        companies = meta.get("companies") or []
        body = "\n\n".join([str(meta.get("summary") or ""), entry.body])
        date = as_datetime(meta.get("published"))
    relations = [r for r in meta.get("relations") or [] if isinstance(r, dict) and r.get("status") != "rejected"]
    document = {
        "path": entry.path.as_posix(),
        "type": entry.type,
        "title": title,
        "body": body.replace("\\", ""),
        "companies": _company_terms(companies, content),
        "predicate": ",".join(sorted({str(r.get("predicate")) for r in relations})),
        "source": str(meta.get("source") or ""),
        "published": entry.is_published(),
        "signature": _signature(content_dir / entry.path),
        "_boost": TYPE_BOOST.get(entry.type, 1.0),
    }
    if date:
        document["date"] = date.replace(tzinfo=None)  # whoosh stores naive UTC datetimes
    return document


def _open_or_create(index_dir: Path, rebuild: bool) -> tuple[object, bool]:
    version_file = index_dir / VERSION_FILE
    current = version_file.read_text().strip() if version_file.exists() else None
    if not rebuild and current == str(SCHEMA_VERSION) and whoosh_index.exists_in(str(index_dir)):
        try:
            return whoosh_index.open_dir(str(index_dir)), False
        except Exception:  # a damaged index is only a cache: fall through and rebuild it
            pass
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(index_dir), _schema())
    version_file.write_text(f"{SCHEMA_VERSION}\n")
    return ix, True


def update_index(content_dir: Path, index_dir: Path, *, content: Content | None = None,
                 rebuild: bool = False) -> IndexReport:
    """Bring the index in line with content/: add new entries, re-index changed ones, drop deleted ones."""
    content = content or load_content(content_dir)
    ix, rebuilt = _open_or_create(index_dir, rebuild)
    with ix.searcher() as searcher:
        indexed = {fields_["path"]: fields_["signature"] for fields_ in searcher.all_stored_fields()}
    entries = {entry.path.as_posix(): entry for entry in content.all()}
    added = updated = removed = 0
    writer = ix.writer(timeout=60.0)
    try:
        for path in sorted(set(indexed) - set(entries)):
            writer.delete_by_term("path", path)
            removed += 1
        for path, entry in sorted(entries.items()):
            signature = _signature(content_dir / entry.path)
            if indexed.get(path) == signature:
                continue
            writer.update_document(**_document(entry, content, content_dir))
            if path in indexed:
                updated += 1
            else:
                added += 1
    except BaseException:
        writer.cancel()
        raise
    if added or updated or removed:
        writer.commit()
    else:
        writer.cancel()
    return IndexReport(added, updated, removed, len(entries), rebuilt)


def search(index_dir: Path, query: str, *, limit: int = 10, include_drafts: bool = False) -> list[Hit]:
    """Ranked hits for a query in whoosh's query language, with a highlighted snippet each."""
    if not whoosh_index.exists_in(str(index_dir)):
        raise SearchError(f"no search index in {index_dir} — run `breachwire index` (or `breachwire run`) first")
    ix = whoosh_index.open_dir(str(index_dir))
    parser = qparser.MultifieldParser(["title", "body", "companies"], ix.schema, group=qparser.AndGroup)
    parser.add_plugin(DateParserPlugin())
    try:
        parsed = parser.parse(query)
    except Exception as exc:  # whoosh raises assorted errors for bad syntax
        raise SearchError(f"cannot parse query {query!r}: {exc}") from exc
    with ix.searcher() as searcher:
        # A mask removes matching documents: drafts and embargoed entries.
        mask = None if include_drafts else Term("published", False)
        results = searcher.search(parsed, limit=limit, mask=mask)
        results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        results.formatter = highlight.UppercaseFormatter()
        hits = []
        for hit in results:
            snippet = hit.highlights("body", top=2) or hit.highlights("title") or hit["body"][:160]
            hits.append(
                Hit(
                    path=hit["path"],
                    type=hit["type"],
                    title=hit["title"],
                    date=hit.get("date"),
                    snippet=" ".join(snippet.split()),
                    score=round(hit.score, 3),
                )
            )
    return hits



def check_index(index_dir: Path) -> str | None:
    """None when the index opens, has the current schema and answers a query; else what is wrong."""
    if not index_dir.exists():
        return None
    version_file = index_dir / VERSION_FILE
    if not whoosh_index.exists_in(str(index_dir)):
        return f"{index_dir} holds no index — run `breachwire index --rebuild`"
    if not version_file.exists() or version_file.read_text().strip() != str(SCHEMA_VERSION):
        return f"{index_dir} has an old schema — run `breachwire index --rebuild`"
    try:
        ix = whoosh_index.open_dir(str(index_dir))
        with ix.searcher() as searcher:
            searcher.doc_count()
    except Exception as exc:  # any damage: the index is a cache and can be rebuilt
        return f"{index_dir} cannot be read ({type(exc).__name__}: {exc}) — run `breachwire index --rebuild`"
    return None
