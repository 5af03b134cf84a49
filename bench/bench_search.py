"""Benchmark the researchers' search index (whoosh) against SQLite FTS5 on the same synthetic archive.

    python bench/bench_search.py                      # 10,000 and 100,000 entries
    python bench/bench_search.py --sizes 2000 --repeat 3

For each size it writes a synthetic content/ folder (titles, 200–600 word bodies
drawn from the word frequencies of tests/gold/, a long tail of rarer words,
companies with aliases, outlets, dates, relations) into a temporary folder,
then measures, for whoosh through pipeline.index / pipeline.search and for an
FTS5 table built from the same parsed entries in the same process:

- documents indexed per second (the time to read and parse the Markdown is
  measured once and reported apart, since both engines need it),
- index size on disk,
- the time to bring the index up to date after 100 entries changed,
- latency p50/p95 of 20 fixed queries (words, phrases, fielded, date-ranged,
  faceted), each run --repeat times after one warm-up run, in one process with
  the searcher kept open (as pipeline.search keeps it), and apart the p50/p95
  of each query's first run, before its terms' postings are cached.

Generated data never leaves the temporary folder (use --keep DIR to keep it).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import itertools
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from pipeline.entries import Content, Entry, dump_entry, read_entry, split_front_matter  # noqa: E402
from pipeline.index import update_index  # noqa: E402
from pipeline.search import search  # noqa: E402
from pipeline.slugs import slugify  # noqa: E402
from pipeline.vocabulary import load_vocabulary  # noqa: E402

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold"
SEED = 20260326
OUTLETS = (("WIRED", 14), ("The Verge", 12), ("Reuters", 10), ("TechCrunch", 9), ("Ars Technica", 7),
           ("The Register", 7), ("BleepingComputer", 6), ("The Record", 5), ("Bloomberg", 5),
           ("Financial Times", 4), ("Axios", 3), ("404 Media", 2))
COMPANY_SUFFIXES = ("Labs", "Data", "AI", "Systems", "Annotate", "Crowd", "Analytics", "Networks", "Cloud", "Security")
SYLLABLES = ("var", "len", "tor", "qua", "mis", "bel", "dra", "kon", "sel", "fir", "nau", "pex", "ril", "zan",
             "cor", "mo", "ta", "vi", "lux", "ren", "ost", "pal", "quin", "dor", "sab", "tel", "ul", "wex")
PREDICATES = tuple(load_vocabulary().predicates)
STATUSES = ("proposed", "proposed", "confirmed", "rejected")
FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2026, 11, 30)


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]  # cumulative, so each draw is a bisection rather than a sum over the vocabulary
    tail: list[str]
    tail_cum_weights: list[float]
    companies: list[tuple[str, str, list[str]]]  # slug, name, aliases
    company_weights: list[float]


def load_vocabulary_from_gold(rng: random.Random) -> Vocabulary:
    """Word frequencies of the gold articles, a Zipf tail of rarer made-up words, and companies."""
    counts: collections.Counter[str] = collections.Counter()
    names: set[str] = set()
    for path in sorted(GOLD.glob("[0-9]*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        names.update(str(org["name"]) for org in yaml.safe_load(front).get("orgs") or [])
        counts.update(word.lower() for word in re.findall(r"[A-Za-z][A-Za-z'-]*", body))
    if not counts:
        sys.exit(f"{GOLD}: no gold articles to draw a vocabulary from")
    words = sorted(counts)
    # Real archives keep meeting new words (Heaps' law): a tail of 200,000 rarer ones.
    tail = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(200_000)})
    rng.shuffle(tail)
    companies = []
    for name in sorted(names):
        companies.append((slugify(name), name, [f"{name} Inc."] if rng.random() < 0.3 else []))
    while len(companies) < 500:
        name = f"{''.join(rng.choice(SYLLABLES) for _ in range(2)).title()} {rng.choice(COMPANY_SUFFIXES)}"
        if all(slugify(name) != slug for slug, _, _ in companies):
            companies.append((slugify(name), name, []))
    return Vocabulary(
        words=words,
        cum_weights=list(itertools.accumulate(counts[w] for w in words)),
        tail=tail,
        tail_cum_weights=list(itertools.accumulate(1 / (rank + 10) for rank in range(len(tail)))),
        companies=companies,
        company_weights=[1 / (rank + 1) ** 0.9 for rank in range(len(companies))],
    )


def sentence(rng: random.Random, vocabulary: Vocabulary, names: list[str], length: int) -> str:
    words = rng.choices(vocabulary.words, cum_weights=vocabulary.cum_weights, k=length)
    for position in range(length):
        if rng.random() < 0.08:
            words[position] = rng.choices(vocabulary.tail, cum_weights=vocabulary.tail_cum_weights)[0]
    if names and rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    return " ".join(words).capitalize() + "."


def write_archive(content_dir: Path, size: int, rng: random.Random, vocabulary: Vocabulary) -> list[Path]:
    """Write `size` entries (companies, 1% incidents, the rest articles) shaped like the pipeline's own."""
    span = (LAST_DAY - FIRST_DAY).days
    companies = vocabulary.companies[:max(20, min(len(vocabulary.companies), size // 20))]
    weights = vocabulary.company_weights[:len(companies)]
    paths = []
    for slug, name, aliases in companies:
        meta = {"type": "company", "name": name, "aliases": aliases, "sector": "Training data",
                "description": sentence(rng, vocabulary, [], 12)}
        paths.append(_write(content_dir / "companies" / f"{slug}.md", meta, ""))
    incidents = []
    for number in range(max(1, size // 100)):
        victims = rng.choices(companies, weights, k=1)
        affected = rng.choices(companies, weights, k=rng.randint(1, 3))
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        title = f"{victims[0][1]} {rng.choice(('data breach', 'label leak', 'package compromise'))} {number}"
        meta = {"type": "incident", "title": title, "date": day, "victims": [victims[0][0]],
                "affected": sorted({c[0] for c in affected}), "attackers": [], "status": "investigating",
                "tags": ["vendor-breach"]}
        body = "\n\n".join(" ".join(sentence(rng, vocabulary, [victims[0][1]], rng.randint(8, 22))
                                    for _ in range(4)) for _ in range(2))
        incidents.append(slugify(title))
        paths.append(_write(content_dir / "incidents" / f"{slugify(title)}.md", meta, body))
    for number in range(size - len(paths)):
        named = list({c[0]: c for c in rng.choices(companies, weights, k=rng.randint(1, 4))}.values())
        mentions = [n for _, name, aliases in named for n in (name, *aliases)]
        published = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=rng.randrange(span)),
                                        dt.time(rng.randrange(24), rng.randrange(60)), dt.timezone.utc)
        words_wanted = rng.randint(200, 600)
        paragraphs, words = [], 0
        while words < words_wanted:
            paragraph = []
            for _ in range(rng.randint(2, 5)):
                paragraph.append(sentence(rng, vocabulary, mentions, rng.randint(8, 25)))
                words += len(paragraph[-1].split())
            paragraphs.append(" ".join(paragraph))
        title = f"{named[0][1]} {sentence(rng, vocabulary, [], rng.randint(5, 10))[:-1]}"
        relations = []
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            if len(named) < 2:
                break
            subject, obj = rng.sample(named, 2)
            relations.append({"subject": subject[0], "predicate": rng.choice(PREDICATES), "object": obj[0],
                              "evidence": sentence(rng, vocabulary, [subject[1], obj[1]], 12),
                              "confidence": round(rng.uniform(0.5, 0.95), 2), "status": rng.choice(STATUSES)})
        source = rng.choices([o for o, _ in OUTLETS], [w for _, w in OUTLETS])[0]
        slug = f"{slugify(title)[:60]}-{number}"
        meta = {"type": "article", "title": title, "url": f"https://{slugify(source)}.example/{slug}",
                "guid": f"bench-{number}", "source": source, "published": published,
                "fetched": published + dt.timedelta(hours=1), "summary": sentence(rng, vocabulary, mentions, 20),
                "companies": sorted(c[0] for c in named), "relations": relations,
                "incident": rng.choice(incidents) if rng.random() < 0.1 else None,
                "draft": True if rng.random() < 0.01 else None}
        folder = content_dir / "articles" / f"{published:%Y}" / f"{published:%m}"
        paths.append(_write(folder / f"{slug}.md", meta, "\n\n".join(paragraphs)))
    return paths


def _write(path: Path, meta: dict, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_entry(meta, body), encoding="utf-8")
    return path


def read_archive(content_dir: Path, paths: list[Path]) -> Content:
    content = Content()
    for path in paths:
        entry, problems = read_entry(path, content_dir)
        if entry is None:
            sys.exit(f"generated an unreadable entry: {problems}")
        content.add(entry)
    return content


FTS_SCHEMA = """
CREATE TABLE entries(id INTEGER PRIMARY KEY, path TEXT UNIQUE, signature TEXT, type TEXT, title TEXT, body TEXT,
                     source TEXT, source_slug TEXT, date TEXT, month TEXT, draft INTEGER, url TEXT);
CREATE TABLE entry_companies(id INTEGER, slug TEXT);
CREATE TABLE entry_predicates(id INTEGER, predicate TEXT);
CREATE TABLE company_names(name TEXT, slug TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, companies, tokenize='porter unicode61');
"""
FTS_INDEXES = """
CREATE INDEX entry_companies_slug ON entry_companies(slug, id);
CREATE INDEX entry_companies_id ON entry_companies(id);
CREATE INDEX entry_predicates_predicate ON entry_predicates(predicate, id);
CREATE INDEX entries_date ON entries(date);
CREATE INDEX company_names_name ON company_names(name);
"""


def _row(entry: Entry) -> tuple:
    meta = entry.meta
    if entry.type == "company":
        title, companies, date = meta["name"], [entry.slug], None
        body = f"{meta.get('description') or ''}\n\n{entry.body}"
    elif entry.type == "incident":
        title, date, body = meta["title"], dt.datetime.combine(meta["date"], dt.time()), entry.body
        companies = [*meta.get("victims", []), *meta.get("affected", []), *meta.get("attackers", [])]
    else:
        title, companies, body = meta["title"], meta.get("companies") or [], f"{meta.get('summary')}\n\n{entry.body}"
        date = meta["published"].replace(tzinfo=None)
    predicates = sorted({r["predicate"] for r in meta.get("relations") or [] if r.get("status") != "rejected"})
    return (entry.path.as_posix(), entry.type, title, body, str(meta.get("source") or ""),
            slugify(str(meta.get("source") or ""), fallback=""), date.isoformat() if date else None,
            f"{date:%Y-%m}" if date else None, 1 if meta.get("draft") else 0, str(meta.get("url") or ""),
            sorted(set(companies)), predicates)


def fts_insert(db: sqlite3.Connection, entry: Entry, signature: str) -> None:
    path, type_, title, body, source, source_slug, date, month, draft, url, companies, predicates = _row(entry)
    cursor = db.execute("INSERT INTO entries(path, signature, type, title, body, source, source_slug, date, month,"
                        " draft, url) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (path, signature, type_, title, body, source, source_slug, date, month, draft, url))
    rowid = cursor.lastrowid
    db.execute("INSERT INTO fts(rowid, title, body, companies) VALUES (?,?,?,?)",
               (rowid, title, body, " ".join(companies)))
    db.executemany("INSERT INTO entry_companies VALUES (?,?)", [(rowid, c) for c in companies])
    db.executemany("INSERT INTO entry_predicates VALUES (?,?)", [(rowid, p) for p in predicates])
    if entry.type == "company":
        for name in [entry.slug, entry.meta["name"], *(entry.meta.get("aliases") or [])]:
            db.execute("INSERT INTO company_names VALUES (?,?)", (slugify(name), entry.slug))


def fts_delete(db: sqlite3.Connection, path: str) -> None:
    row = db.execute("SELECT id FROM entries WHERE path = ?", (path,)).fetchone()
    if row:
        for table in ("fts WHERE rowid", "entries WHERE id", "entry_companies WHERE id", "entry_predicates WHERE id"):
            db.execute(f"DELETE FROM {table} = ?", row)


def fts_build(db_path: Path, content_dir: Path, content: Content) -> sqlite3.Connection:
    db = sqlite3.connect(db_path)
    db.executescript(FTS_SCHEMA)
    with db:
        for entry in content.all():
            fts_insert(db, entry, signature_of(content_dir / entry.path))
    db.executescript(FTS_INDEXES)
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.commit()
    return db


def signature_of(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def fts_update(db: sqlite3.Connection, content_dir: Path) -> int:
    """The same work as an incremental whoosh update: stat every file, re-read the changed ones."""
    indexed = dict(db.execute("SELECT path, signature FROM entries"))
    changed = 0
    with db:
        for folder in ("companies", "incidents", "articles"):
            for path in sorted((content_dir / folder).rglob("*.md")):
                relpath, signature = path.relative_to(content_dir).as_posix(), signature_of(path)
                if indexed.get(relpath) == signature:
                    continue
                entry, _ = read_entry(path, content_dir)
                fts_delete(db, relpath)
                fts_insert(db, entry, signature)
                changed += 1
    return changed


@dataclass(frozen=True)
class Query:
    label: str
    whoosh: dict  # keyword arguments of pipeline.search.search
    match: str | None  # FTS5 MATCH expression
    where: str = ""  # extra SQL conditions on entries e
    params: tuple = ()
    facets: bool = False


def company_filter(names: tuple[str, ...]) -> str:
    return " AND ".join(f"e.id IN (SELECT id FROM entry_companies WHERE slug IN "
                        f"(SELECT slug FROM company_names WHERE name = '{slugify(n)}'))" for n in names)


def queries(vocabulary: Vocabulary) -> list[Query]:
    top = vocabulary.companies[0][1]  # the most often named company
    second = vocabulary.companies[1][1]
    return [
        Query("word: breach", {"query": "breach"}, "breach"),
        Query("word: contractors", {"query": "contractors"}, "contractors"),
        Query("rare word: rubrics", {"query": "rubrics"}, "rubrics"),
        Query("two words", {"query": "security vendor"}, "security vendor"),
        Query("OR", {"query": "paused OR suspended"}, "paused OR suspended"),
        Query("NOT", {"query": "breach NOT ransomware"}, "breach NOT ransomware"),
        Query("phrase", {"query": '"training data"'}, '"training data"'),
        Query("phrase, 3 words", {"query": '"data security company"'}, '"data security company"'),
        Query("prefix", {"query": "contract*"}, "contract*"),
        Query("field: company", {"query": f'company:"{top}"'}, None, company_filter((top,))),
        Query("field: title", {"query": "title:breach"}, "title:breach"),
        Query("field: type + word", {"query": "type:incident leak"}, "leak", "e.type = 'incident'"),
        Query("filter: two companies", {"query": "security", "companies": [top, second]}, "security",
              company_filter((top, second))),
        Query("filter: predicate, type, since", {"predicate": "paused_work_with", "type": "article",
                                                 "since": "2026-03-01"}, None,
              "e.type = 'article' AND e.date >= '2026-03-01' AND e.id IN "
              "(SELECT id FROM entry_predicates WHERE predicate = 'paused_work_with')"),
        Query("filter: source", {"query": "security", "source": "WIRED"}, "security", "e.source_slug = 'wired'"),
        Query("date range", {"query": "breach date:[2026-03-01 to 2026-04-30]"}, "breach",
              "e.date BETWEEN '2026-03-01' AND '2026-04-30T23:59:59.999999'"),
        Query("month", {"query": "investigation date:2025-06"}, "investigation", "e.month = '2025-06'"),
        Query("faceted word", {"query": "breach", "facets": True}, "breach", facets=True),
        Query("faceted company", {"query": f'company:"{second}"', "facets": True}, None,
              company_filter((second,)), facets=True),
        Query("faceted phrase, year", {"query": '"data breach"', "since": "2025", "until": "2025",
                                       "facets": True}, '"data breach"',
              "e.date BETWEEN '2025-01-01' AND '2025-12-31T23:59:59.999999'", facets=True),
    ]


FACET_SQL = {
    "company": "SELECT c.slug, count(*) FROM entry_companies c JOIN matched m ON m.id = c.id GROUP BY c.slug",
    "predicate": "SELECT p.predicate, count(*) FROM entry_predicates p JOIN matched m ON m.id = p.id "
                 "GROUP BY p.predicate",
    "source": "SELECT e.source, count(*) FROM entries e JOIN matched m ON m.id = e.id GROUP BY e.source",
    "type": "SELECT e.type, count(*) FROM entries e JOIN matched m ON m.id = e.id GROUP BY e.type",
    "month": "SELECT e.month, count(*) FROM entries e JOIN matched m ON m.id = e.id GROUP BY e.month",
}


def fts_query(db: sqlite3.Connection, q: Query, limit: int = 10) -> tuple[int, list, dict]:
    """Top hits with snippets, the total, and facet counts when asked: what a whoosh search returns."""
    conditions = ["e.draft = 0"] + ([q.where] if q.where else [])
    if q.match:
        base = (f"SELECT e.id AS id FROM fts JOIN entries e ON e.id = fts.rowid "
                f"WHERE fts MATCH ? AND {' AND '.join(conditions)}")
        params = (q.match,)
        top = db.execute(f"SELECT e.path, e.title, e.date, snippet(fts, 1, '**', '**', ' … ', 24) "
                         f"FROM fts JOIN entries e ON e.id = fts.rowid WHERE fts MATCH ? AND "
                         f"{' AND '.join(conditions)} ORDER BY bm25(fts, 3.0, 1.0, 1.0) LIMIT {limit}",
                         params).fetchall()
    else:
        base = f"SELECT e.id AS id FROM entries e WHERE {' AND '.join(conditions)}"
        params = ()
        top = db.execute(f"SELECT e.path, e.title, e.date, substr(e.body, 1, 200) FROM entries e WHERE "
                         f"{' AND '.join(conditions)} ORDER BY e.id LIMIT {limit}").fetchall()
    total = db.execute(f"SELECT count(*) FROM ({base})", params).fetchone()[0]
    facets = {}
    if q.facets:
        db.execute("DROP TABLE IF EXISTS temp.matched")
        db.execute(f"CREATE TEMP TABLE matched AS {base}", params)
        facets = {name: db.execute(sql).fetchall() for name, sql in FACET_SQL.items()}
    return total, top, facets


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))]


def time_queries(run, query_list: list[Query], repeat: int) -> tuple[list[float], dict[str, float], dict[str, int],
                                                                     list[float]]:
    """Each query's first run (its terms not yet read by this process), then `repeat` timed runs."""
    samples, medians, totals, firsts = [], {}, {}, []
    for q in query_list:
        start = time.perf_counter()
        totals[q.label] = run(q)  # warm-up, and the answer's size
        firsts.append(time.perf_counter() - start)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run(q)
            times.append(time.perf_counter() - start)
        samples.extend(times)
        medians[q.label] = statistics.median(times)
    return samples, medians, totals, firsts


def change_entries(paths: list[Path], rng: random.Random, count: int) -> list[Path]:
    """Edit `count` articles the way an editor would: a corrected title and a new paragraph."""
    articles = [p for p in paths if "/articles/" in p.as_posix()]
    chosen = rng.sample(articles, count)
    for number, path in enumerate(chosen):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        meta = yaml.safe_load(front)
        meta["title"] = f"{meta['title']} (corrected)"
        path.write_text(dump_entry(meta, f"{body}\nCorrection {number}: zyxwvutsedit{number} added.\n"),
                        encoding="utf-8")
    return chosen


def bench(size: int, repeat: int, work: Path) -> dict:
    rng = random.Random(SEED)
    vocabulary = load_vocabulary_from_gold(rng)
    content_dir, index_dir, db_path = work / "content", work / "index", work / "fts5.sqlite3"
    print(f"\n== {size:,} entries (writing the synthetic archive to {work}) ==", flush=True)
    start = time.perf_counter()
    paths = write_archive(content_dir, size, rng, vocabulary)
    print(f"   written in {time.perf_counter() - start:.1f} s, {folder_bytes(content_dir) / 1e6:.0f} MB", flush=True)

    start = time.perf_counter()
    content = read_archive(content_dir, paths)
    parse_seconds = time.perf_counter() - start
    print(f"   read and parsed in {parse_seconds:.1f} s", flush=True)

    start = time.perf_counter()
    report = update_index(content_dir, index_dir, content=content, rebuild=True)
    whoosh_build = time.perf_counter() - start
    assert report.total == size, report
    print(f"   whoosh index built in {whoosh_build:.1f} s", flush=True)

    start = time.perf_counter()
    db = fts_build(db_path, content_dir, content)
    fts_build_seconds = time.perf_counter() - start
    print(f"   FTS5 index built in {fts_build_seconds:.1f} s", flush=True)
    del content

    query_list = queries(vocabulary)
    whoosh_samples, whoosh_medians, whoosh_totals, whoosh_firsts = time_queries(
        lambda q: search(index_dir=index_dir, **q.whoosh).total, query_list, repeat)
    fts_samples, fts_medians, fts_totals, fts_firsts = time_queries(lambda q: fts_query(db, q)[0], query_list, repeat)

    changed = change_entries(paths, rng, 100)
    time.sleep(0.01)
    start = time.perf_counter()
    update = update_index(content_dir, index_dir)
    whoosh_update = time.perf_counter() - start
    assert update.updated == 100 and not update.rebuilt, update
    found = search("zyxwvutsedit7", index_dir=index_dir)
    assert found.total == 1 and found.hits[0].path == changed[7].relative_to(content_dir).as_posix(), found
    start = time.perf_counter()
    fts_changed = fts_update(db, content_dir)
    fts_update_seconds = time.perf_counter() - start
    assert fts_changed == 100, fts_changed
    db.close()

    print(f"\n   {'query':34} {'whoosh ms':>10} {'FTS5 ms':>9} {'whoosh hits':>12} {'FTS5 hits':>10}")
    for q in query_list:
        print(f"   {q.label:34} {whoosh_medians[q.label] * 1000:10.1f} {fts_medians[q.label] * 1000:9.1f} "
              f"{whoosh_totals[q.label]:12,} {fts_totals[q.label]:10,}")
    return {
        "size": size,
        "parse_s": parse_seconds,
        "whoosh_build_s": whoosh_build,
        "fts_build_s": fts_build_seconds,
        "whoosh_bytes": folder_bytes(index_dir),
        "fts_bytes": db_path.stat().st_size,
        "whoosh_update_s": whoosh_update,
        "fts_update_s": fts_update_seconds,
        "whoosh_p50": percentile(whoosh_samples, 0.50),
        "whoosh_p95": percentile(whoosh_samples, 0.95),
        "fts_p50": percentile(fts_samples, 0.50),
        "fts_p95": percentile(fts_samples, 0.95),
        "whoosh_first_p50": percentile(whoosh_firsts, 0.50),
        "whoosh_first_p95": percentile(whoosh_firsts, 0.95),
        "whoosh_first_max": max(whoosh_firsts),
        "fts_first_p50": percentile(fts_firsts, 0.50),
        "fts_first_p95": percentile(fts_firsts, 0.95),
        "fts_first_max": max(fts_firsts),
        "queries": len(query_list),
        "repeat": repeat,
    }


def summary(row: dict) -> None:
    n = row["size"]
    whoosh_rate = n / row["whoosh_build_s"]
    fts_rate = n / row["fts_build_s"]
    print(f"\n   summary, {n:,} entries ({row['queries']} queries x {row['repeat']} runs; "
          f"ratio = whoosh / FTS5, same process)")
    print(f"   {'':34} {'whoosh':>12} {'FTS5':>12} {'ratio':>8}")
    lines = [
        ("docs indexed per second", f"{whoosh_rate:,.0f}", f"{fts_rate:,.0f}", whoosh_rate / fts_rate),
        ("  with reading+parsing (docs/s)", f"{n / (row['whoosh_build_s'] + row['parse_s']):,.0f}",
         f"{n / (row['fts_build_s'] + row['parse_s']):,.0f}",
         (row["fts_build_s"] + row["parse_s"]) / (row["whoosh_build_s"] + row["parse_s"])),
        ("index size (MB)", f"{row['whoosh_bytes'] / 1e6:,.1f}", f"{row['fts_bytes'] / 1e6:,.1f}",
         row["whoosh_bytes"] / row["fts_bytes"]),
        ("update 100 changed entries (s)", f"{row['whoosh_update_s']:.2f}", f"{row['fts_update_s']:.2f}",
         row["whoosh_update_s"] / row["fts_update_s"]),
        ("query latency p50 (ms)", f"{row['whoosh_p50'] * 1000:.1f}", f"{row['fts_p50'] * 1000:.1f}",
         row["whoosh_p50"] / row["fts_p50"]),
        ("query latency p95 (ms)", f"{row['whoosh_p95'] * 1000:.1f}", f"{row['fts_p95'] * 1000:.1f}",
         row["whoosh_p95"] / row["fts_p95"]),
        ("first run of each query p50 (ms)", f"{row['whoosh_first_p50'] * 1000:.1f}",
         f"{row['fts_first_p50'] * 1000:.1f}", row["whoosh_first_p50"] / row["fts_first_p50"]),
        ("first run of each query p95 (ms)", f"{row['whoosh_first_p95'] * 1000:.1f}",
         f"{row['fts_first_p95'] * 1000:.1f}", row["whoosh_first_p95"] / row["fts_first_p95"]),
        ("first run, slowest query (ms)", f"{row['whoosh_first_max'] * 1000:.1f}",
         f"{row['fts_first_max'] * 1000:.1f}", row["whoosh_first_max"] / row["fts_first_max"]),
    ]
    for label, whoosh_value, fts_value, ratio in lines:
        print(f"   {label:34} {whoosh_value:>12} {fts_value:>12} {ratio:8.2f}")
    print("   targets: query p95 <= 50 ms at 100,000 entries; updating 100 changed entries <= 2 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--keep", type=Path, help="write the archives and indexes here and keep them")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    for size in args.sizes:
        if args.keep:
            work = args.keep / str(size)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            summary(bench(size, args.repeat, work))
        else:
            with tempfile.TemporaryDirectory(prefix=f"bench-search-{size}-") as folder:
                summary(bench(size, args.repeat, Path(folder)))
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
