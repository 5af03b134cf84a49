"""The researchers' full-text index, on whoosh. Every whoosh call lives in this module.

whoosh-reloaded is no longer maintained, so nothing outside this module knows
it is there: callers get `update_index()`, `query_index()` and plain frozen
dataclasses, and another engine can replace this file.

The index is a cache of content/ in the git-ignored state folder:

    <index_dir>/CURRENT.json      {"schema_version": N, "generation": "<folder>"}
    <index_dir>/write.lock        held by the one indexer allowed at a time
    <index_dir>/<generation>/     the whoosh index itself

A rebuild writes a new generation folder and then replaces CURRENT.json in one
atomic step, so searchers keep reading the old generation until the new one is
complete, and a failed or interrupted commit never leaves an unreadable index:
the next update rebuilds from content/.

Queries are parsed by whoosh but answered here: each term's postings are decoded into
numpy arrays once per open searcher and combined a whole archive at a time, with the
same BM25F scores whoosh gives. whoosh's own collector visits every match in Python
(over a second for a common word at 100,000 entries); shapes this module does not
evaluate (NOT alone or inside OR) still go to whoosh.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import os
import pickle
import re
import shutil
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
from filelock import FileLock, Timeout
from whoosh import fields, formats, highlight, index as whoosh_index, qparser, query as wq, scoring
from whoosh.analysis import StemmingAnalyzer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.filedb.filestore import FileStorage
from whoosh.matching import FilterMatcher
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

from pipeline.entries import FOLDERS, Content, Entry, as_datetime, read_entry, write_atomic
from pipeline.slugs import slugify
from pipeline.vocabulary import load_vocabulary

# Bump when the schema or what goes into a document changes: an index of another version is rebuilt.
SCHEMA_VERSION = 2
MANIFEST = "CURRENT.json"
SIGNATURES = "signatures.json"  # in a generation folder: what each indexed file looked like, see _indexed_signatures
LOCK_FILE = "write.lock"
LOCK_TIMEOUT_SECONDS = 120.0
# Curated incident records outrank the coverage and company pages that mention them.
TYPE_BOOST = {"incident": 2.0, "company": 1.0, "article": 1.0}
ENTRY_TYPES = tuple(FOLDERS)
# Facet name -> the index field whose terms are its values.
FACET_FIELDS = {"company": "companies", "predicate": "predicate", "source": "source", "type": "type",
                "month": "month"}
FACETS = tuple(FACET_FIELDS)
SNIPPET_CHARS = 200
# Names researchers type before a colon, and the index field each one means.
QUERY_FIELDS = {
    "title": "title", "text": "body", "body": "body", "company": "companies", "companies": "companies",
    "predicate": "predicate", "source": "source", "type": "type", "incident": "incident",
    "tag": "tags", "tags": "tags", "date": "date",
}
# Fields whose values are names or slugs, not prose.
KEYWORD_FIELDS = frozenset({"companies", "source", "incident", "type", "predicate", "tags"})
# A stored length byte -> the length whoosh's BM25 uses (0 marks no such field in the document).
BYTE_LENGTHS = np.array([0] + [byte_to_length(code) for code in range(1, 256)], dtype=np.float64)
# Up to this many documents tied for the last places are ordered by reading their paths; more read every path once.
FEW_TIES = 1_000
# Postings (and word positions) kept decoded per open searcher, 16 bytes each: about 100 MB.
CACHED_POSTINGS = 6_000_000
BINARY_OPERATORS = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})
DATE_HELP = "write date:2026-04, date:2026-04-15, date:>=2026-03-01 or date:[2026-03-01 to 2026-04-30]"


class SearchError(Exception):
    """The query is malformed, or there is no index to search."""


class IndexBusy(Exception):
    """Another indexer held the index for longer than the timeout."""


@dataclass(frozen=True)
class IndexReport:
    added: int
    updated: int
    removed: int
    total: int
    rebuilt: bool
    reason: str = ""  # why the index was rebuilt, when it was
    problems: tuple[str, ...] = ()  # entries that could not be read and are left out


@dataclass(frozen=True)
class Filters:
    """Restrictions on a search; companies are names, aliases or slugs, and all of them must be named."""

    types: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    include_drafts: bool = False


@dataclass(frozen=True)
class Hit:
    path: str  # relative to content/
    type: str
    title: str
    date: dt.datetime | None  # naive UTC
    snippet: str  # matched words in **bold**
    score: float | None  # None when sorted by date
    source: str = ""
    url: str = ""
    companies: tuple[str, ...] = ()  # slugs


@dataclass(frozen=True)
class FacetCount:
    value: str  # what a filter takes: a slug, a predicate, an outlet, a type, a yyyy-mm month
    label: str  # what a reader sees: the company's name, the predicate's label
    count: int


@dataclass(frozen=True)
class Results:
    query: str
    total: int  # matching entries, not only the hits returned
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)


def _schema() -> fields.Schema:
    return fields.Schema(
        path=fields.ID(stored=True, unique=True, sortable=True),
        signature=fields.COLUMN(),
        type=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(stored=True, analyzer=StemmingAnalyzer(), field_boost=3.0),
        body=fields.TEXT(stored=True, analyzer=StemmingAnalyzer()),
        companies=fields.KEYWORD(stored=True, commas=True),
        # A company's own name and aliases: the table that resolves names to slugs at query time,
        # so an editor's new alias works without re-indexing every article that names the company.
        names=fields.STORED(),
        predicate=fields.KEYWORD(stored=True, commas=True),
        # The term is the outlet's slug (source:the-verge); the stored value and column keep its name.
        source=fields.ID(stored=True, sortable=True),
        incident=fields.ID(stored=True),
        tags=fields.KEYWORD(commas=True, lowercase=True),
        date=fields.DATETIME(stored=True, sortable=True),
        month=fields.ID(sortable=True),
        url=fields.STORED(),
        draft=fields.BOOLEAN(),
        # Kept as a date, not as a yes/no, so an embargo lifts at its time without re-indexing.
        embargo=fields.DATETIME(),
    )


def _strings(value) -> list[str]:
    """A front-matter list as strings; anything else (an editor's typo) as nothing."""
    return [str(v) for v in value if v is not None] if isinstance(value, list) else []


def _naive_utc(value) -> dt.datetime | None:
    moment = as_datetime(value)
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment else None


def _document(entry: Entry, signature: bytes) -> dict:
    meta = entry.meta
    names: list[str] = []
    if entry.type == "company":
        title = str(meta.get("name") or entry.slug)
        names = [title, *_strings(meta.get("aliases"))]
        companies = [entry.slug]
        body = "\n\n".join(str(part) for part in (meta.get("description") or "", entry.body) if part)
        date = None
    elif entry.type == "incident":
        title = str(meta.get("title") or entry.slug)
        companies = [*_strings(meta.get("victims")), *_strings(meta.get("affected")),
                     *_strings(meta.get("attackers"))]
        body = entry.body
        date = _naive_utc(meta.get("date"))
    else:
        title = str(meta.get("title") or entry.slug)
        companies = _strings(meta.get("companies"))
        body = "\n\n".join(str(part) for part in (meta.get("summary") or "", entry.body) if part)
        date = _naive_utc(meta.get("published"))
    relations = [r for r in meta.get("relations") or [] if isinstance(r, dict) and r.get("status") != "rejected"]
    outlet = str(meta.get("source") or "")
    incident = entry.slug if entry.type == "incident" else str(meta.get("incident") or "")
    document = {
        "path": entry.path.as_posix(),
        "signature": signature,
        "type": entry.type,
        "title": title,
        # Markdown escapes (\* \_) are noise in snippets.
        "body": body.replace("\\", ""),
        "companies": ",".join(sorted(set(companies))),
        "predicate": ",".join(sorted({str(r.get("predicate")) for r in relations if r.get("predicate")})),
        "source": slugify(outlet, fallback="") if outlet else "",
        "_stored_source": outlet,
        "incident": incident,
        "tags": ",".join(_strings(meta.get("tags"))),
        "url": str(meta.get("url") or ""),
        "draft": meta.get("draft") is True,
        "_boost": TYPE_BOOST.get(entry.type, 1.0),
    }
    if names:
        document["names"] = names
    if date:
        document["date"] = date
        document["month"] = f"{date:%Y-%m}"
    embargo = _naive_utc(meta.get("embargo_until"))
    if embargo:
        document["embargo"] = embargo
    return document


def _indexable(path: str, content_dir: Path) -> tuple[Entry | None, list[str]]:
    """The entry in one file, when it parses and its type fits its folder; else the problems."""
    entry, problems = read_entry(Path(path), content_dir)
    if entry is None:
        return None, [str(p) for p in problems]
    expected = next((t for t, folder in FOLDERS.items() if entry.path.parts[0] == folder), None)
    if entry.type != expected:
        return None, [f"{entry.display}:{entry.lines.get('type', 2)}: type: {entry.type!r} in "
                      f"{entry.path.parts[0]}/ is not indexed — write type: {expected}"]
    return entry, []


def _entry_files(content_dir: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry file under content/ (index pages excluded), by path relative to content/, with its signature.

    The signature is the file's modification time and size. One scandir walk: at 100,000
    entries, rglob and a stat per Path take seconds of an update's budget.
    """
    prefix = len(str(content_dir)) + 1
    files = {}
    pending = [str(content_dir / folder) for folder in FOLDERS.values()]
    while pending:
        try:
            items = list(os.scandir(pending.pop()))
        except FileNotFoundError:
            continue
        for item in items:
            if item.is_dir():
                pending.append(item.path)
            elif item.name.endswith(".md") and item.name != "index.md" and item.is_file():
                stat = item.stat()
                relpath = item.path[prefix:].replace(os.sep, "/")
                files[relpath] = (item.path, b"%d:%d" % (stat.st_mtime_ns, stat.st_size))
    return files


def _open(generation_dir: Path):
    """Open a generation without mmap: whoosh would copy each memory-mapped segment file into memory
    (over 900 MB at 100,000 entries) before answering anything; plain reads cost no more per query."""
    return FileStorage(str(generation_dir), supports_mmap=False).open_index()


def _commit(writer, **options) -> None:
    """Commit a whoosh writer (one seam, so a test can fail or kill a commit where a crash would)."""
    writer.commit(**options)


def _cancel(writer) -> None:
    """Release a failed writer's lock and files; its own failure must not hide the one that matters."""
    try:
        if not writer.is_closed:
            writer.cancel()
    except Exception:  # the writer is already broken; the next update rebuilds if need be
        pass


def _read_manifest(index_dir: Path) -> dict:
    try:
        manifest = json.loads((index_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _remove_stale(index_dir: Path, keep: str) -> None:
    """Delete everything but the manifest, the lock and the live generation (only the lock holder calls this)."""
    for path in index_dir.iterdir():
        if path.name in (MANIFEST, LOCK_FILE, keep):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _remove_temporary_folders(generation_dir: Path) -> None:
    """Drop whoosh's scratch folders (MAIN.tmp) that an interrupted commit left behind."""
    for path in generation_dir.glob("*.tmp"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def update_index(content_dir: Path, index_dir: Path, *, content: Content | None = None,
                 rebuild: bool = False, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> IndexReport:
    """Bring the index in line with content/: index new and changed files, drop deleted ones.

    Only files whose size or modification time changed are read. `content`, when given, spares
    a rebuild from parsing every file again; it must be what is on disk now (an incremental update
    reads the few changed files itself, so each indexed version matches the signature it is stored
    with). With `rebuild`, or when the index is missing, damaged,
    of another schema version, or an update fails, the index is rebuilt from content/ alone.
    A second indexer waits up to `lock_timeout` seconds for the first, then raises IndexBusy.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout as exc:
        raise IndexBusy(
            f"another indexer has held {index_dir / LOCK_FILE} for over {lock_timeout:g} s "
            "— wait for it to finish, then run `breachwire index` again"
        ) from exc
    try:
        files = _entry_files(content_dir)
        parsed = {entry.path.as_posix(): entry for entry in content.all()} if content else {}
        manifest = _read_manifest(index_dir)
        generation = str(manifest.get("generation") or "")
        reason = _rebuild_reason(index_dir, manifest, rebuild)
        if not reason:
            _remove_stale(index_dir, keep=generation)  # e.g. the half-built generation of a killed rebuild
            try:
                return _update(content_dir, index_dir / generation, files)
            except Exception as exc:  # whoosh fails in many ways; the index is only a cache of content/
                reason = f"the incremental update failed ({type(exc).__name__}: {exc})"
        return _rebuild(content_dir, index_dir, files, parsed, reason)
    finally:
        lock.release()


def _rebuild_reason(index_dir: Path, manifest: dict, requested: bool) -> str:
    if requested:
        return "a rebuild was asked for"
    if not manifest:
        return "there was no index"
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        return f"the index has schema version {version}, this Breachwire writes version {SCHEMA_VERSION}"
    generation = str(manifest.get("generation") or "")
    if not generation or not whoosh_index.exists_in(str(index_dir / generation)):
        return f"the index folder {generation or '?'} is missing"
    return ""


def _indexed_signatures(ix, generation_dir: Path) -> tuple[dict[str, bytes], bool]:
    """Path -> signature of every indexed entry: from the side file when it was written for the latest
    commit (reading two columns of 100,000 documents takes most of a one-second budget), else from the index."""
    try:
        saved = json.loads((generation_dir / SIGNATURES).read_text(encoding="utf-8"))
        if saved.get("commit") == ix.latest_generation():
            return {path: signature.encode() for path, signature in saved["signatures"].items()}, True
    except (OSError, ValueError, AttributeError, KeyError):  # missing or damaged: the index itself knows
        pass
    with ix.searcher() as searcher:
        reader = searcher.reader()
        paths, signatures = reader.column_reader("path"), reader.column_reader("signature")
        return {paths[docnum]: signatures[docnum] for docnum in reader.all_doc_ids()}, False


def _save_signatures(ix, generation_dir: Path, indexed: dict[str, bytes]) -> None:
    # Written after the commit and tagged with it: a crash in between leaves a tag that no longer matches.
    saved = {"commit": ix.latest_generation(), "signatures": {p: s.decode() for p, s in sorted(indexed.items())}}
    write_atomic(generation_dir / SIGNATURES, json.dumps(saved, separators=(",", ":")))


def _update(content_dir: Path, generation_dir: Path, files: dict[str, tuple[str, bytes]]) -> IndexReport:
    _remove_temporary_folders(generation_dir)
    ix = _open(generation_dir)
    indexed, side_file_fresh = _indexed_signatures(ix, generation_dir)
    deleted = sorted(set(indexed) - set(files))
    documents: list[dict] = []
    problems: list[str] = []
    for path, (file, signature) in sorted(files.items()):
        if indexed.get(path) == signature:
            continue
        entry, why = _indexable(file, content_dir)
        if entry is None:
            problems.extend(why)
            if path in indexed:  # the file no longer reads: its old version must not linger
                deleted.append(path)
            continue
        documents.append(_document(entry, signature))
    updated = sum(document["path"] in indexed for document in documents)
    added = len(documents) - updated
    if deleted or documents:
        # Only now open a writer: even a cancelled one leaves segment files behind until the next commit.
        writer = ix.writer(timeout=10.0)
        try:
            for path in deleted:
                writer.delete_by_term("path", path)
            for document in documents:
                writer.update_document(**document)
            _commit(writer)
        except BaseException:
            _cancel(writer)
            raise
        for path in deleted:
            del indexed[path]
        indexed.update((document["path"], document["signature"]) for document in documents)
        _save_signatures(ix, generation_dir, indexed)
    elif not side_file_fresh:
        _save_signatures(ix, generation_dir, indexed)
    return IndexReport(added, updated, len(deleted), len(indexed), False, problems=tuple(problems))


def _rebuild(content_dir: Path, index_dir: Path, files: dict[str, tuple[str, bytes]], parsed: dict[str, Entry],
             reason: str) -> IndexReport:
    generation = f"generation-{time.time_ns():x}"
    generation_dir = index_dir / generation
    generation_dir.mkdir()
    problems: list[str] = []
    indexed: dict[str, bytes] = {}
    ix = whoosh_index.create_in(str(generation_dir), _schema())
    writer = ix.writer(limitmb=256)
    try:
        for path, (file, signature) in sorted(files.items()):
            entry, why = (parsed[path], []) if path in parsed else _indexable(file, content_dir)
            if entry is None:
                problems.extend(why)
                continue
            writer.add_document(**_document(entry, signature))
            indexed[path] = signature
        _commit(writer)
        _save_signatures(ix, generation_dir, indexed)
    except BaseException:
        _cancel(writer)
        shutil.rmtree(generation_dir, ignore_errors=True)
        raise
    added = len(indexed)
    # Searchers switch to the new generation only once it is complete.
    write_atomic(index_dir / MANIFEST, json.dumps({"schema_version": SCHEMA_VERSION, "generation": generation},
                                                  indent=2) + "\n")
    _remove_stale(index_dir, keep=generation)
    return IndexReport(added, 0, 0, added, True, reason, tuple(problems))


@dataclass
class _OpenIndex:
    """A searcher and what is worth computing once per searcher rather than once per query."""

    generation_dir: Path
    searcher: object
    companies: dict[str, str]  # slug -> name
    names: dict[str, tuple[str, ...]]  # slugified name or alias -> slugs
    term_documents: dict[tuple[str, object], np.ndarray] = field(default_factory=dict)
    facet_postings: dict | None = None  # see _facet_postings
    chronology: "_Chronology | None" = None  # see _chronology
    live: np.ndarray | None = None  # see _live
    path_rank: np.ndarray | None = None  # see _path_rank
    dates: tuple[np.ndarray, np.ndarray] | None = None  # see _dates
    # (field, term bytes) -> (document numbers, weights), least recently used first
    postings: OrderedDict = field(default_factory=OrderedDict)
    postings_size: int = 0
    lengths: dict[str, np.ndarray] = field(default_factory=dict)  # field -> each document's length in it


@dataclass(frozen=True)
class _Chronology:
    ticks: np.ndarray  # the dated documents' dates as the date column stores them, ascending
    dated: np.ndarray  # document numbers in the order of `ticks`, ties by path
    newest: np.ndarray  # dated documents newest first, ties still by path
    undated: np.ndarray  # by path


_cache = threading.local()  # whoosh searchers are not shared between threads


def _company_table(searcher) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    companies: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    for docnum in searcher.document_numbers(type="company"):
        stored = searcher.stored_fields(docnum)
        slug = stored["companies"]
        companies[slug] = (stored.get("names") or [slug])[0]
        for name in [slug, *(stored.get("names") or [])]:
            names.setdefault(slugify(name, fallback=""), set()).add(slug)
    return companies, {key: tuple(sorted(slugs)) for key, slugs in names.items() if key}


def _searcher(index_dir: Path) -> _OpenIndex:
    """An open searcher on the live generation, reused between calls while the index is unchanged."""
    last_error: Exception | None = None
    for _ in range(5):  # a commit or a rebuild may remove files between reading the manifest and opening them
        manifest = _read_manifest(index_dir)
        generation = str(manifest.get("generation") or "")
        if not generation:
            raise SearchError(f"no search index in {index_dir} — run `breachwire index` (or `breachwire run`) first")
        if manifest.get("schema_version") != SCHEMA_VERSION:
            raise SearchError(f"the search index in {index_dir} has schema version {manifest.get('schema_version')}"
                              f", this Breachwire reads version {SCHEMA_VERSION} — run `breachwire index`")
        generation_dir = index_dir / generation
        cached: _OpenIndex | None = getattr(_cache, "index", None)
        try:
            if cached and cached.generation_dir == generation_dir:
                if cached.searcher.up_to_date():
                    return cached
                searcher = cached.searcher.refresh()
            else:
                if cached:
                    cached.searcher.close()
                searcher = _open(generation_dir).searcher()
        except (OSError, whoosh_index.IndexError) as exc:
            last_error = exc
            _cache.index = None
            time.sleep(0.05)
            continue
        _cache.index = _OpenIndex(generation_dir, searcher, *_company_table(searcher))
        return _cache.index
    raise SearchError(f"cannot open the search index in {index_dir} ({last_error}) "
                      "— run `breachwire index --rebuild`")


def _check_syntax(text: str) -> None:
    """Raise SearchError for what whoosh's lenient parser would silently misread."""
    words: list[str] = []
    depth, in_range, position = 0, None, 0
    while position < len(text):
        char = text[position]
        if char == '"':
            end = text.find('"', position + 1)
            if end < 0:
                raise SearchError(f"query {text!r}: a phrase is not closed — add the closing \"")
            words.append("<phrase>")
            position = end + 1
            continue
        if char in "[{" and in_range is None:
            in_range = "]" if char == "[" else "}"
        elif char in "]}":
            if char != in_range:
                raise SearchError(f"query {text!r}: {char} without its opening bracket — write date:[2026-03 to 2026-04]")
            in_range = None
        elif char == "(" and in_range is None:
            depth += 1
        elif char == ")" and in_range is None:
            depth -= 1
            if depth < 0:
                raise SearchError(f"query {text!r}: ) without its ( — remove it or add the opening (")
        elif not char.isspace() and in_range is None:
            match = re.match(r"[^\s()\"\[\]{}]+", text[position:])
            word = match.group(0)
            field_match = re.match(r"([A-Za-z_]+):(.*)", word)
            if field_match:
                name, rest = field_match.groups()
                if name.lower() not in QUERY_FIELDS:
                    raise SearchError(
                        f"query {text!r}: unknown field {name!r} — use one of: {', '.join(sorted(set(QUERY_FIELDS)))}"
                        " (or put words containing : in \"quotes\")")
                following = text[position + len(word):position + len(word) + 1]
                if not rest and following in ("", " ", ")", "\t", "\n"):
                    raise SearchError(f"query {text!r}: {name}: has no value — write e.g. {name}:…")
            words.append(word)
            position += len(word)
            continue
        position += 1
    if in_range:
        raise SearchError(f"query {text!r}: a range is not closed — add the closing {in_range}")
    if depth:
        raise SearchError(f"query {text!r}: ( without its ) — add the closing )")
    for number, word in enumerate(words):
        if word in BINARY_OPERATORS and (number == 0 or number == len(words) - 1
                                          or words[number - 1] in BINARY_OPERATORS | {"NOT"}):
            raise SearchError(f"query {text!r}: {word} needs a term on each side — e.g. mercor {word} meta")
        if word == "NOT" and number == len(words) - 1:
            raise SearchError(f"query {text!r}: NOT needs a term after it — e.g. breach NOT mercor")


DATE_VALUE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
DATE_FIELD = re.compile(r"\bdate:(\[[^\]]*\]?|\{[^}]*\}?|\S*)", re.IGNORECASE)


def _check_dates(text: str) -> None:
    """Raise SearchError for a date:… value whoosh could not read (its own messages vary with the mistake)."""
    for match in DATE_FIELD.finditer(text):
        value = match.group(1)
        if value[:1] in "[{":
            ends = re.split(r"\s+to\s+", value[1:-1].strip(), flags=re.IGNORECASE)
            if value.lower().strip("[]{} ").startswith("to "):
                ends = ["", value.strip("[]{} ")[3:]]
            elif value.lower().strip("[]{} ").endswith(" to"):
                ends = [value.strip("[]{} ")[:-3], ""]
        else:
            ends = [re.sub(r"^(>=|<=|>|<)", "", value)]
        for end in (e.strip() for e in ends):
            date = DATE_VALUE.fullmatch(end)
            try:
                if end and not date:
                    raise ValueError(end)
                if date:
                    year, month, day = (int(part) if part else 1 for part in date.groups())
                    dt.date(year, month, day)
            except ValueError:
                raise SearchError(f"query {text!r}: {end!r} is not a date — {DATE_HELP}") from None


def _parser(schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(["title", "body", "companies"], schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.GtLtPlugin())
    aliases: dict[str, list[str]] = {}
    for name, fieldname in QUERY_FIELDS.items():
        if name != fieldname:
            aliases.setdefault(fieldname, []).append(name)
    parser.add_plugin(qparser.FieldAliasPlugin(aliases))
    return parser


def _errors(node) -> Iterable[str]:
    error = getattr(node, "error", None)
    if error:
        yield str(error)
    for child in node.children():
        yield from _errors(child)


def _predicate_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _resolve_companies(opened: _OpenIndex, name: str) -> tuple[str, ...]:
    return opened.names.get(slugify(name, fallback=""), ())


def _rewrite(node, opened: _OpenIndex, text: str):
    """Turn what researchers type into the index's terms: names and aliases into slugs, outlets into slugs."""
    if isinstance(node, wq.Phrase) and node.fieldname in KEYWORD_FIELDS:
        # company:"Scale AI" is one name, not a phrase of two words.
        node = wq.Term(node.fieldname, " ".join(node.words), boost=node.boost)
    if isinstance(node, wq.Term):
        value = str(node.text)
        if node.fieldname == "companies":
            slugs = _resolve_companies(opened, value)
            if len(slugs) > 1:
                return wq.Or([wq.Term("companies", slug, boost=node.boost) for slug in slugs])
            return wq.Term("companies", slugs[0] if slugs else slugify(value, fallback="-"), boost=node.boost)
        if node.fieldname in ("source", "incident"):
            return wq.Term(node.fieldname, slugify(value, fallback="-"), boost=node.boost)
        if node.fieldname == "type":
            if value.lower() not in ENTRY_TYPES:
                raise SearchError(f"query {text!r}: unknown type {value!r} — use one of: {', '.join(ENTRY_TYPES)}")
            return wq.Term("type", value.lower(), boost=node.boost)
        if node.fieldname == "predicate":
            predicates = load_vocabulary().predicates
            if _predicate_name(value) not in predicates:
                raise SearchError(f"query {text!r}: unknown predicate {value!r} — use one of: {', '.join(predicates)}")
            return wq.Term("predicate", _predicate_name(value), boost=node.boost)
    if isinstance(node, (wq.Prefix, wq.Wildcard)) and node.fieldname in ("companies", "source", "predicate"):
        return type(node)(node.fieldname, str(node.text).lower(), boost=node.boost)
    return node


def _parse(text: str, opened: _OpenIndex):
    text = text.strip()
    if text in ("", "*"):
        return wq.Every()
    _check_syntax(text)
    _check_dates(text)
    try:
        parsed = _parser(opened.searcher.schema).parse(text, normalize=False)
    except Exception as exc:  # whoosh raises bare Exceptions, e.g. for a date it cannot read in a range
        raise SearchError(f"query {text!r}: {exc} — {DATE_HELP}") from exc
    problems = list(_errors(parsed))
    if problems:
        raise SearchError(f"query {text!r}: {problems[0]} — {DATE_HELP}")
    return parsed.accept(lambda node: _rewrite(node, opened, text)).normalize()


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _documents(opened: _OpenIndex, fieldname: str, value) -> np.ndarray:
    """The live documents with this term (sorted document numbers), cached for the searcher's life."""
    key = (fieldname, value)
    if key not in opened.term_documents:
        ids, _ = _read_postings(opened, fieldname, opened.searcher.schema[fieldname].to_bytes(value))
        opened.term_documents[key] = ids[_live(opened)[ids]]
    return opened.term_documents[key]


def _column(reader, name: str, size: int, **options) -> list:
    """A whole column, one value per document number (deleted documents too)."""
    values = list(reader.column_reader(name, **options))
    if len(values) != size:  # not expected; read document by document rather than misalign
        column = reader.column_reader(name, **options)
        values = [column[d] for d in range(size)]
    return values


def _live(opened: _OpenIndex) -> np.ndarray:
    """Which document numbers are not deleted: every answer is masked with this."""
    if opened.live is None:
        reader = opened.searcher.reader()
        live = np.zeros(reader.doc_count_all(), dtype=bool)
        live[list(reader.all_doc_ids())] = True
        opened.live = live
    return opened.live


def _path_rank(opened: _OpenIndex) -> np.ndarray:
    """Each document's place in path order, the tie breaker (read only when many documents tie)."""
    if opened.path_rank is None:
        size = len(_live(opened))
        paths = _column(opened.searcher.reader(), "path", size)
        opened.path_rank = np.empty(size, dtype=np.int64)
        opened.path_rank[sorted(range(size), key=paths.__getitem__)] = np.arange(size)
    return opened.path_rank


def _dates(opened: _OpenIndex) -> tuple[np.ndarray, np.ndarray]:
    """Which documents have a date, and the dates as the date column's numbers (ordered as the dates are,
    and what a date range's ends convert to)."""
    if opened.dates is None:
        reader = opened.searcher.reader()
        raw = np.array(_column(reader, "date", len(_live(opened)), translate=False), dtype=np.uint64)
        dated = raw != np.uint64(opened.searcher.schema["date"].column_type._default)  # what an undated entry holds
        opened.dates = dated, np.where(dated, raw, 0).astype(np.int64)
    return opened.dates


def _chronology(opened: _OpenIndex) -> _Chronology:
    if opened.chronology is None:
        live, path_rank = _live(opened), _path_rank(opened)
        has_date, all_ticks = _dates(opened)
        dated, undated = np.flatnonzero(live & has_date), np.flatnonzero(live & ~has_date)
        ranks, ticks = path_rank[dated], all_ticks[dated]
        oldest = dated[np.lexsort((ranks, ticks))]
        opened.chronology = _Chronology(all_ticks[oldest], oldest, dated[np.lexsort((ranks, -ticks))],
                                        undated[np.argsort(path_rank[undated])])
    return opened.chronology


def _mask(opened: _OpenIndex, documents: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(_live(opened)), dtype=bool)
    mask[documents] = True
    return mask


def _allowed(filters: Filters, opened: _OpenIndex) -> np.ndarray | None:
    """The documents every filter allows, from cached postings: whoosh would re-read each posting list per query."""
    allowed: list[np.ndarray] = []

    def any_of(fieldname: str, values: Iterable) -> np.ndarray:
        return _mask(opened, np.concatenate([_documents(opened, fieldname, value) for value in values]))

    if filters.types:
        allowed.append(any_of("type", filters.types))
    for name in filters.companies:
        slugs = _resolve_companies(opened, name)
        if not slugs:
            close = difflib.get_close_matches(slugify(name, fallback=""), list(opened.names), n=1)
            hint = f" (did you mean {opened.companies.get(opened.names[close[0]][0], close[0])}?)" if close else ""
            raise SearchError(f"--company {name!r}: no company has this name or alias{hint} "
                              "— use a name, alias or slug from content/companies/")
        allowed.append(any_of("companies", slugs))
    if filters.predicates:
        allowed.append(any_of("predicate", [_predicate_name(p) for p in filters.predicates]))
    if filters.sources:
        allowed.append(any_of("source", [slugify(s, fallback="-") for s in filters.sources]))
    if filters.since or filters.until:
        chronology = _chronology(opened)
        first = (np.searchsorted(chronology.ticks, datetime_to_long(_day_start(filters.since)))
                 if filters.since else 0)
        last = (np.searchsorted(chronology.ticks, datetime_to_long(_day_start(filters.until) + dt.timedelta(days=1)))
                if filters.until else len(chronology.ticks))
        allowed.append(_mask(opened, chronology.dated[first:last]))
    if not allowed:
        return None
    return np.logical_and.reduce(allowed)


def _hidden(opened: _OpenIndex) -> np.ndarray:
    """Drafts, and entries whose embargo has not lifted yet (now, not when they were indexed)."""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    embargoed = np.array(sorted(opened.searcher.docs_for_query(wq.DateRange("embargo", now, None))), dtype=np.int64)
    return _mask(opened, np.concatenate([_documents(opened, "draft", True), embargoed]))


class _Unsupported(Exception):
    """A query shape the array evaluator leaves to whoosh's own matchers."""


def _postings(opened: _OpenIndex, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one term across all segments (deleted documents included), cached."""
    key = (fieldname, text)
    cache = opened.postings
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    found = _read_postings(opened, fieldname, text)
    _remember(opened, key, found)
    return found


def _segment_postings(opened: _OpenIndex, fieldname: str, text: bytes):
    """(raw matcher, document-number offset) for the term in each segment that holds it."""
    for subsearcher, offset in opened.searcher.leaf_searchers():
        reader = subsearcher.reader()
        if (fieldname, text) not in reader:
            continue
        matcher = reader.postings(fieldname, text)
        if isinstance(matcher, FilterMatcher):  # deleted documents are masked out by the caller
            matcher = matcher.child
        yield matcher, offset


def _read_postings(opened: _OpenIndex, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one term, read from every segment."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for matcher, offset in _segment_postings(opened, fieldname, text):
        if isinstance(matcher, W3LeafMatcher):
            # A block at a time: whoosh decodes whole blocks anyway, and stepping posting by
            # posting through its matcher costs about a microsecond each.
            while matcher.is_active():
                matcher.id(), matcher.weight()  # load the block's ids and weights
                ids.append(np.asarray(matcher._ids, dtype=np.int64) + offset)
                weights.append(np.asarray(matcher._weights, dtype=np.float64))
                matcher._next_block()
        else:
            block_ids, block_weights = [], []
            while matcher.is_active():
                block_ids.append(matcher.id())
                block_weights.append(matcher.weight())
                matcher.next()
            ids.append(np.array(block_ids, dtype=np.int64) + offset)
            weights.append(np.array(block_weights, dtype=np.float64))
    return (np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64),
            np.concatenate(weights) if weights else np.zeros(0))


def _lengths(opened: _OpenIndex, fieldname: str) -> np.ndarray:
    """Each document's length in a field, as whoosh stores it (one byte, so approximate) for BM25."""
    if fieldname not in opened.lengths:
        lengths = np.zeros(len(_live(opened)))
        for subsearcher, offset in opened.searcher.leaf_searchers():
            reader = subsearcher.reader()
            size = reader.doc_count_all()
            try:
                # The lengths are a one-byte column: read it in one go, where document by document
                # is a file read each (over a second for two fields at 100,000 entries).
                column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
                stored = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
                codes = np.zeros(size, dtype=np.uint8)
                codes[:len(stored)] = stored[:size]
                lengths[offset:offset + size] = BYTE_LENGTHS[codes]
            except AttributeError:  # another codec: ask whoosh for each document
                lengths[offset:offset + size] = [reader.doc_field_length(d, fieldname, 1) or 0 for d in range(size)]
        opened.lengths[fieldname] = lengths
    return opened.lengths[fieldname]


def _term_scores(opened: _OpenIndex, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
    """Matching documents (a mask) and their scores for one term."""
    size = len(_live(opened))
    matched, scores = np.zeros(size, dtype=bool), np.zeros(size)
    ids, values = _term_hits(opened, fieldname, text, boost)
    matched[ids] = True
    scores[ids] = values
    return matched, scores


def _term_hits(opened: _OpenIndex, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
    """The documents with one term and their scores, computed as whoosh's BM25F scorer does."""
    searcher = opened.searcher
    nothing = np.zeros(0, dtype=np.int64), np.zeros(0)
    if fieldname not in searcher.schema:
        return nothing
    fieldobj = searcher.schema[fieldname]
    try:
        text = fieldobj.to_bytes(text)
    except ValueError:
        return nothing
    ids, weights = _postings(opened, fieldname, text)
    if not len(ids):
        return nothing
    weighting = searcher.weighting
    if fieldobj.scorable:
        if type(weighting) is not scoring.BM25F:
            raise _Unsupported(f"weighting {type(weighting).__name__}")
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = _lengths(opened, fieldname)[ids]
        values = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))
    else:
        values = weights
    return ids, values * boost if boost != 1.0 else values


def _positions(opened: _OpenIndex, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Every occurrence of a term: document numbers and word positions, in order, cached like postings."""
    key = (fieldname, text, "positions")
    cache = opened.postings
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    decode = opened.searcher.schema[fieldname].format.decode_as
    delta_coded = type(opened.searcher.schema[fieldname].format) is formats.Positions
    documents: list[np.ndarray] = []
    positions: list[np.ndarray] = []
    for matcher, offset in _segment_postings(opened, fieldname, text):
        while matcher.is_active():
            if isinstance(matcher, W3LeafMatcher):  # a block at a time, as in _read_postings
                matcher.id(), matcher.value()
                ids, values = matcher._ids, matcher._values
                matcher._next_block()
            else:
                ids, values = [matcher.id()], [matcher.value()]
                matcher.next()
            if delta_coded:
                # Each value is a count and a pickled list of gaps: unpickle, then add the gaps up in one go.
                block = [pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".") for value in values]
            else:
                block = [decode("positions", value) for value in values]
            counts = [len(found) for found in block]
            documents.append(np.repeat(np.asarray(ids, dtype=np.int64) + offset, counts))
            found = np.fromiter(itertools.chain.from_iterable(block), dtype=np.int64)
            if delta_coded and len(found):
                totals = np.cumsum(found)
                firsts = np.cumsum(counts) - counts
                found = totals - np.repeat(totals[firsts] - found[firsts], counts)
            positions.append(found)
    found = (np.concatenate(documents) if documents else np.zeros(0, dtype=np.int64),
             np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64))
    _remember(opened, key, found)
    return found


def _remember(opened: _OpenIndex, key: tuple, arrays: tuple[np.ndarray, np.ndarray]) -> None:
    cache = opened.postings
    cache[key] = arrays
    opened.postings_size += len(arrays[0])
    while opened.postings_size > CACHED_POSTINGS and len(cache) > 1:
        _, (dropped, _) = cache.popitem(last=False)
        opened.postings_size -= len(dropped)


def _ticks(fieldobj, value) -> int:
    """A range's end as the date column's numbers (the parser already gives them; a datetime is converted)."""
    return value if isinstance(value, int) else fieldobj.prepare_datetime(value)


def _evaluate(node, opened: _OpenIndex) -> tuple[np.ndarray, np.ndarray]:
    """Matching documents (a mask over document numbers) and their scores, the same as whoosh's matchers give.

    whoosh steps through every match in Python, scoring it (tens of microseconds each), and counts
    them in a second pass; at 100,000 entries a common word matches half the archive. Here each
    term's postings are decoded once per searcher and combined a whole array at a time.
    """
    size = len(_live(opened))
    if isinstance(node, wq.Term):
        return _term_scores(opened, node.fieldname, node.text, node.boost)
    if isinstance(node, wq.Phrase):
        return _phrase(node, opened)
    if isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)) and node.text:
        reader = opened.searcher.reader()
        texts = [text for text in node._btexts(reader) if text]
        if len(texts) == 1:  # whoosh scores a lone expansion as the term itself, without the boost
            return _term_scores(opened, node.fieldname, texts[0], 1.0)
        matched, scores = np.zeros(size, dtype=bool), np.zeros(size)
        for text in texts:  # a short prefix can expand to thousands of words: add each one's few hits
            ids, values = _term_hits(opened, node.fieldname, text, 1.0)
            matched[ids] = True
            scores[ids] += values
        return matched, scores * node.boost if node.boost != 1.0 else scores
    if isinstance(node, wq.NumericRange) and node.fieldname == "date" and node.constantscore:
        has_date, ticks = _dates(opened)
        fieldobj = opened.searcher.schema["date"]
        matched = has_date.copy()
        if node.start is not None:
            start = _ticks(fieldobj, node.start)
            matched &= ticks > start if node.startexcl else ticks >= start
        if node.end is not None:
            end = _ticks(fieldobj, node.end)
            matched &= ticks < end if node.endexcl else ticks <= end
        return matched, matched * float(node.boost)
    if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
        return np.zeros(size, dtype=bool), np.zeros(size)
    if isinstance(node, (wq.And, wq.Or)) and node.subqueries:
        positives = [q for q in node.subqueries if not isinstance(q, wq.Not)]
        negatives = [q.query for q in node.subqueries if isinstance(q, wq.Not)]
        if not positives or (negatives and isinstance(node, wq.Or)) or type(node) not in (wq.And, wq.Or):
            raise _Unsupported(type(node).__name__)
        results = [_evaluate(q, opened) for q in positives]
        combine = np.logical_and if isinstance(node, wq.And) else np.logical_or
        matched = combine.reduce([m for m, _ in results]) if len(results) > 1 else results[0][0].copy()
        for negative in negatives:
            matched &= ~_evaluate(negative, opened)[0]
        scores = np.sum([s for _, s in results], axis=0) if len(results) > 1 else results[0][1]
        # whoosh's matcher for a NOT adds 1 to the score of every document it lets through.
        scores = np.where(matched, scores + len(negatives), 0.0)
        return matched, scores * node.boost if node.boost != 1.0 else scores
    if isinstance(node, (wq.AndNot, wq.AndMaybe)):
        matched, scores = _evaluate(node.a, opened)
        other_matched, other_scores = _evaluate(node.b, opened)
        if isinstance(node, wq.AndNot):
            matched = matched & ~other_matched
            scores = np.where(matched, scores, 0.0)
        else:
            scores = scores + np.where(matched & other_matched, other_scores, 0.0)
        return matched, scores * node.boost if node.boost != 1.0 else scores
    raise _Unsupported(type(node).__name__)


def _phrase(node, opened: _OpenIndex) -> tuple[np.ndarray, np.ndarray]:
    """The documents with every word of the phrase, kept where the words stand next to each other in order.

    Scored as whoosh scores a phrase: the sum of its words' scores. Only the documents with every word
    have their positions compared, and each word's positions are decoded once per searcher.
    """
    words = [str(word) for word in node.words]
    if node.slop != 1 or not words:
        raise _Unsupported(f"phrase with slop {node.slop}")
    results = [_term_scores(opened, node.fieldname, word, 1.0) for word in words]
    matched = np.logical_and.reduce([m for m, _ in results])
    if len(words) > 1 and matched.any():
        fieldobj = opened.searcher.schema[node.fieldname]
        starts = None  # document << 32 | the position where the phrase would start
        for number, word in enumerate(words):
            documents, positions = _positions(opened, node.fieldname, fieldobj.to_bytes(word))
            keep = matched[documents]
            # Sorted, since occurrences come by document, then position.
            keys = (documents[keep] << 32) | (positions[keep] - number + (1 << 20))
            if starts is None:
                starts = keys
            else:
                places = np.minimum(np.searchsorted(keys, starts), max(len(keys) - 1, 0))
                starts = starts[(keys[places] == starts)] if len(keys) else keys
        matched = _mask(opened, np.unique(starts >> 32))
    scores = np.sum([s for _, s in results], axis=0)
    scores = np.where(matched, scores * node.boost if node.boost != 1.0 else scores, 0.0)
    return matched, scores


def _evaluate_with_whoosh(parsed, opened: _OpenIndex) -> tuple[np.ndarray, np.ndarray]:
    size = len(_live(opened))
    matched, scores = np.zeros(size, dtype=bool), np.zeros(size)
    results = opened.searcher.search(parsed, limit=None)
    for docnum, score in ((hit.docnum, hit.score) for hit in results):
        matched[docnum] = True
        scores[docnum] = score
    return matched, scores


class _BoldFormatter(highlight.Formatter):
    """Matched words in Markdown bold: readable in a terminal, a CSV cell and a notebook alike."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"**{highlight.get_text(text, token, replace)}**"

    def format(self, fragments, replace=False):
        """The fragments in text order, with " … " only where words between two of them are left out."""
        parts = []
        for previous, fragment in zip([None, *fragments], fragments):
            if previous is not None:
                gap = fragment.text[previous.endchar:fragment.startchar]
                if previous.endchar <= fragment.startchar and not any(c.isalnum() for c in gap):
                    parts.append(gap or " ")  # nothing left out but spaces or punctuation: show it as it is
                else:
                    parts.append(self.between)
            parts.append(self.format_fragment(fragment, replace=replace))
        return "".join(parts)


class _ContextFragmenter(highlight.ContextFragmenter):
    """whoosh's ContextFragmenter, less a slip that lost words from snippets.

    whoosh ends a fragment when its countdown of characters after the last matched word reaches
    zero or below, but leaves the countdown there: at exactly zero, the next word opens an empty
    fragment of its own (one that is never shown) instead of becoming context for the next one,
    so "disclosed a security breach" came out as "disclosed a … breach". Here a finished fragment
    leaves the countdown at -1, outside any fragment, as whoosh does whenever it ends below zero.
    """

    def fragment_tokens(self, text, tokens):
        before: deque[int] = deque()  # where the last unmatched words start, at most `surround` back
        first, countdown, length, matches, end = None, -1, 0, [], 0
        for token in tokens:
            start, end = token.startchar, token.endchar
            if self.charlimit and end > self.charlimit:
                break
            if countdown < 0 and not token.matched:
                before.append(start)
                while before and end - before[0] > self.surround:
                    before.popleft()
                continue
            if length + end - start > self.maxchars:
                countdown = 0
            elif token.matched:
                countdown = self.surround
                if first is None:
                    # Context the words before could not give is given after.
                    first, countdown = (before[0], countdown) if before else (start, countdown + self.surround)
                matches.append(token.copy())
            length += end - start
            countdown -= end - start
            if countdown <= 0:
                yield highlight.mkfrag(text, matches, startchar=first, endchar=end)
                before, first, countdown, length, matches = deque(), None, -1, 0, []
        if matches:
            yield highlight.mkfrag(text, matches, startchar=first, endchar=end)


def _plain_start(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _facet_postings(opened: _OpenIndex) -> dict[str, tuple[list[tuple[str, str]], np.ndarray, np.ndarray]]:
    """Every facet value with its label, and (document, value) pairs, read once per open searcher.

    whoosh's own grouping re-reads every posting of a multi-valued field for each query;
    counting the pairs whose document matches costs a fraction of that.
    """
    if opened.facet_postings is None:
        reader = opened.searcher.reader()
        sources = reader.column_reader("source")
        vocabulary = load_vocabulary()
        postings = {}
        for facet, fieldname in FACET_FIELDS.items():
            rows, documents, values = [], [], []
            for value in sorted(reader.field_terms(fieldname)) if fieldname in reader.indexed_field_names() else []:
                having = _documents(opened, fieldname, value) if value else None
                if having is None or not len(having):  # no value (an incident has no outlet), or all deleted
                    continue
                if facet == "company":
                    label = opened.companies.get(value, value)
                elif facet == "predicate":
                    label = vocabulary.label(value)
                elif facet == "source":
                    label = sources[int(having[0])] or value
                else:
                    label = value
                documents.append(having)
                values.append(np.full(len(having), len(rows), dtype=np.int64))
                rows.append((value, label))
            postings[facet] = (rows, np.concatenate(documents) if documents else np.zeros(0, dtype=np.int64),
                               np.concatenate(values) if values else np.zeros(0, dtype=np.int64))
        opened.facet_postings = postings
    return opened.facet_postings


def _facet_counts(matching: np.ndarray, opened: _OpenIndex) -> dict[str, tuple[FacetCount, ...]]:
    facets = {}
    for facet, (rows, documents, values) in _facet_postings(opened).items():
        counts = np.bincount(values[matching[documents]], minlength=len(rows))
        found = [FacetCount(value, label, int(count)) for (value, label), count in zip(rows, counts) if count]
        facets[facet] = tuple(sorted(found, key=lambda c: (-c.count, c.value)))
    return facets


def query_index(index_dir: Path, text: str = "", *, filters: Filters = Filters(), limit: int = 10,
                facets: bool = False, sort: str = "relevance") -> Results:
    """Hits for a query in the query language, narrowed by `filters`, with facet counts if asked.

    `sort` is relevance (best first), newest or oldest (undated entries last). Without
    query words there is nothing to rank by: relevance then means newest.

    The searcher stays open between calls in the same thread (and process) while the index
    is unchanged, with the postings of recently queried terms decoded: a notebook's second
    query is faster than its first.
    """
    failures = 0
    while True:
        try:
            return _query(_searcher(index_dir), text, filters, limit=limit, facets=facets, sort=sort)
        except OSError as exc:  # a concurrent commit removed a file this searcher had not opened yet
            _cache.index = None
            failures += 1
            if failures == 3:
                raise SearchError(f"cannot read the search index in {index_dir} ({exc}) "
                                  "— run `breachwire index --rebuild`") from exc


def _query(opened: _OpenIndex, text: str, filters: Filters, *, limit: int, facets: bool, sort: str) -> Results:
    parsed = _parse(text, opened)
    matching = _live(opened).copy()
    allowed = _allowed(filters, opened)
    if allowed is not None:
        matching &= allowed
    if not filters.include_drafts:
        matching &= ~_hidden(opened)
    if isinstance(parsed, wq.Every):
        top = _by_date(opened, matching, limit, oldest_first=sort == "oldest")
        hits = [_hit(stored, _plain_start(stored.get("body", "")), None)
                for stored in map(opened.searcher.stored_fields, top)]
        return Results(text, int(matching.sum()), tuple(hits), _facet_counts(matching, opened) if facets else {})
    try:
        matched, scores = _evaluate(parsed, opened)
    except _Unsupported:
        matched, scores = _evaluate_with_whoosh(parsed, opened)
    matching &= matched
    if sort == "relevance":
        top = _best(opened, matching, scores, limit)
    else:
        top = _by_date(opened, matching, limit, oldest_first=sort == "oldest")
    reader = opened.searcher.reader()
    words = {fieldname: {opened.searcher.schema[fieldname].from_bytes(term)
                         for _, term in parsed.existing_terms(reader, fieldname=fieldname, expand=True)}
             for fieldname in ("body", "title")}
    hits = []
    for docnum in top:
        stored = opened.searcher.stored_fields(docnum)
        # Highlighting re-reads the text: only where the query has words to find.
        snippet = (_highlight(opened, stored, "body", words, top=2) or _highlight(opened, stored, "title", words)
                   or _plain_start(stored.get("body", "")))
        hits.append(_hit(stored, snippet, round(float(scores[docnum]), 3) if sort == "relevance" else None))
    return Results(text, int(matching.sum()), tuple(hits), _facet_counts(matching, opened) if facets else {})


def _best(opened: _OpenIndex, matching: np.ndarray, scores: np.ndarray, limit: int) -> list[int]:
    """The `limit` best scores; equal scores fall back to the path, so a rebuilt index lists hits in the same order."""
    candidates = np.flatnonzero(matching)
    candidate_scores = scores[candidates]
    if len(candidates) > limit:
        threshold = np.partition(candidate_scores, len(candidates) - limit)[len(candidates) - limit]
        keep = candidate_scores >= threshold
        candidates, candidate_scores = candidates[keep], candidate_scores[keep]
    if len(candidates) <= FEW_TIES:
        paths = opened.searcher.reader().column_reader("path")
        ranked = sorted(zip((-candidate_scores).tolist(), (paths[d] for d in candidates.tolist()), candidates.tolist()))
        return [docnum for _, _, docnum in ranked[:limit]]
    order = np.lexsort((_path_rank(opened)[candidates], -candidate_scores))
    return candidates[order[:limit]].tolist()


def _by_date(opened: _OpenIndex, matching: np.ndarray, limit: int, *, oldest_first: bool) -> list[int]:
    """Newest (or oldest) first, undated entries (companies) last by path, ties by path."""
    chronology = _chronology(opened)
    top = []
    for order in (chronology.dated if oldest_first else chronology.newest, chronology.undated):
        top.extend(order[matching[order]][:limit - len(top)].tolist())
    return top


def _highlight(opened: _OpenIndex, stored: dict, fieldname: str, words: dict[str, set], *, top: int = 3) -> str:
    """The stored text's best passages with the query's words in bold, as whoosh's highlighter makes them."""
    if not words.get(fieldname) or not stored.get(fieldname):
        return ""
    text = stored[fieldname]
    highlighter = highlight.Highlighter(fragmenter=_ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
                                        formatter=_BoldFormatter())
    analyzer = opened.searcher.schema[fieldname].analyzer
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    tokens = highlighter._merge_matched_tokens(highlight.set_matched_filter(tokens, words[fieldname]))
    fragments = highlighter.fragmenter.fragment_tokens(text, tokens)
    fragments = highlight.top_fragments(fragments, top, highlighter.scorer, highlighter.order, minscore=1)
    return highlighter.formatter(text, fragments)


def _hit(stored: dict, snippet: str, score: float | None) -> Hit:
    return Hit(
        path=stored["path"],
        type=stored["type"],
        title=stored["title"],
        date=stored.get("date"),
        snippet=" ".join(snippet.split()),
        score=score,
        source=stored.get("source") or "",
        url=stored.get("url") or "",
        companies=tuple(c for c in (stored.get("companies") or "").split(",") if c),
    )


def search(index_dir: Path, query: str, *, limit: int = 10, include_drafts: bool = False) -> list[Hit]:
    """Ranked hits for a query in the query language (see pipeline.search for filters and facets)."""
    return list(query_index(index_dir, query, filters=Filters(include_drafts=include_drafts), limit=limit).hits)


def check_index(index_dir: Path) -> str | None:
    """None when there is no index yet, or it opens, has the current schema and answers a query; else what is wrong."""
    if not index_dir.exists():
        return None
    manifest = _read_manifest(index_dir)
    if not manifest:
        return f"{index_dir} holds no index — run `breachwire index --rebuild`"
    if manifest.get("schema_version") != SCHEMA_VERSION:
        return (f"{index_dir} has schema version {manifest.get('schema_version')}, this Breachwire reads "
                f"version {SCHEMA_VERSION} — run `breachwire index`")
    try:
        ix = _open(index_dir / str(manifest.get("generation")))
        with ix.searcher() as searcher:
            searcher.doc_count()
    except Exception as exc:  # any damage: the index is a cache and can be rebuilt
        return f"{index_dir} cannot be read ({type(exc).__name__}: {exc}) — run `breachwire index --rebuild`"
    return None
