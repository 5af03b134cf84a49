"""The editor's commands on a large synthetic content/: check, review, incidents suggest, merge-company.

Baseline, measured in the same run: reading and YAML-parsing every entry,
the floor any command that loads content/ pays. For the likely-duplicate
check, the baseline is the obvious pairwise comparison of every two companies.

    python bench/bench_editor.py [companies] [articles]
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.entries import (check, dump_entry, iter_entry_files, likely_duplicate_pairs,  # noqa: E402
                              load_content, name_key, read_entry)
from pipeline.incidents import suggest  # noqa: E402
from pipeline.merge import merge_company  # noqa: E402
from pipeline.review import list_relations  # noqa: E402

WORDS = ("breach leak vendor labeling contractor model weights credentials phishing extortion package "
         "registry poisoned dataset annotation cloud keys tokens outage lawsuit regulator probe").split()
PREDICATES = ("supplier_of", "paused_work_with", "ended_work_with", "investigating", "affected_by", "sued")


def build(folder: Path, companies: int, articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    content = folder / "content"
    slugs = []
    for n in range(companies):
        name = f"{rng.choice(['Nor', 'Kes', 'Tal', 'Bri', 'Cor', 'Hal'])}{rng.choice(['vik', 'trel', 'grass', 'moss'])} " \
               f"{rng.choice(['Labs', 'AI', 'Data', 'Security', 'Cloud'])} {n}"
        slug = name.lower().replace(" ", "-")
        slugs.append(slug)
        path = content / "companies" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_entry({"type": "company", "name": name, "aliases": [f"{name} Inc."]}, ""), "utf-8")
    # A few real duplicates for the check to find.
    for slug in slugs[:20]:
        (content / "companies" / f"{slug}-dup.md").write_text(
            dump_entry({"type": "company", "name": slug.replace("-", "")}, ""), "utf-8")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for n in range(50):
        path = content / "incidents" / f"incident-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_entry({"type": "incident", "title": f"{' '.join(rng.sample(WORDS, 3))} at {slugs[n]}",
                                    "date": (start + dt.timedelta(days=7 * n)).date(), "victims": [slugs[n]],
                                    "status": "investigating"}, " ".join(rng.sample(WORDS, 10))), "utf-8")
    for n in range(articles):
        when = start + dt.timedelta(hours=9 * n)
        named = sorted(set(rng.sample(slugs[:200], 3)))
        path = content / "articles" / f"{when:%Y}" / f"{when:%m}" / f"article-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        relations = [{"subject": named[0], "predicate": rng.choice(PREDICATES), "object": named[1],
                      "evidence": "A sentence naming both.", "confidence": 0.85, "status": "proposed"}]
        text = " ".join(rng.choices(WORDS, k=150))
        path.write_text(dump_entry({"type": "article", "title": " ".join(rng.sample(WORDS, 6)),
                                    "url": f"https://example.com/{n}", "guid": f"guid-{n}", "source": "Bench",
                                    "published": when, "companies": named, "relations": relations}, text), "utf-8")


def timed(label: str, function, *args, repeats: int = 1, **kwargs):
    best, result = float("inf"), None
    for _ in range(repeats):
        begin = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - begin)
    return best, result


def one_edit_apart(a: str, b: str) -> bool:
    """One letter inserted, deleted, replaced or two swapped (digits never count as a typo)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 2 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
            return not any(a[i].isdigit() for i in diffs)
        return len(diffs) == 1 and not (a[diffs[0]].isdigit() or b[diffs[0]].isdigit())
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short and not long[i].isdigit() for i in range(len(long)))


def pairwise_duplicates(content) -> set[tuple[str, str]]:
    """The obvious way: compare every name of every two companies."""
    keys = [(slug, name_key(n)) for slug, e in sorted(content.companies.items())
            for n in [e.meta.get("name"), *(e.meta.get("aliases") or [])] if isinstance(n, str)]
    pairs = set()
    for i, (first, a) in enumerate(keys):
        for second, b in keys[i + 1:]:
            if first != second and a and b and (a == b or (min(len(a), len(b)) >= 8 and one_edit_apart(a, b))):
                pairs.add(tuple(sorted((first, second))))
    return pairs


def main(companies: int, articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder, companies, articles)
        content_dir = folder / "content"
        files = list(iter_entry_files(content_dir))
        print(f"content/: {len(files)} entries ({companies + 20} companies, 50 incidents, {articles} articles)")

        parse_s, _ = timed("parse", lambda: [read_entry(p, content_dir) for p in files], repeats=3)
        check_s, report = timed("check", check, content_dir, repeats=3)
        print(f"baseline, read + parse every entry: {parse_s:7.2f} s")
        print(f"breachwire check:                   {check_s:7.2f} s  ({check_s / parse_s:.2f}x baseline; "
              f"{len(report.errors)} errors, {len(report.problems) - len(report.errors)} warnings)")

        content = load_content(content_dir)
        index_s, indexed = timed("index", likely_duplicate_pairs, content, repeats=3)
        pair_s, pairs = timed("pairwise", pairwise_duplicates, content)
        print(f"likely duplicates, one-edit index:  {index_s:7.3f} s  ({len(indexed)} pairs)")
        print(f"likely duplicates, every pair:      {pair_s:7.3f} s  ({len(pairs)} pairs, "
              f"{'the same' if pairs == indexed else 'DIFFERENT'}; the index is {pair_s / index_s:.0f}x faster)")

        review_s, items = timed("review", lambda: list_relations(load_content(content_dir)))
        print(f"breachwire review --list:           {review_s:7.2f} s  ({len(items)} relations; "
              f"{review_s / parse_s:.2f}x baseline)")
        suggest_s, suggestions = timed("suggest", lambda: suggest(load_content(content_dir)))
        print(f"breachwire incidents suggest:       {suggest_s:7.2f} s  ({len(suggestions.assignments)} assignments, "
              f"{len(suggestions.new_incidents)} new incidents; {suggest_s / parse_s:.2f}x baseline)")
        source = next(iter(sorted(content.companies)))
        merge_s, result = timed("merge", merge_company, content_dir, source, sorted(content.companies)[1],
                                state_dir=folder / ".state")
        print(f"breachwire merge-company:           {merge_s:7.2f} s  ({len(result.changed)} files rewritten; "
              f"{merge_s / parse_s:.2f}x baseline)")
        shutil.rmtree(folder / ".state", ignore_errors=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3])) if len(sys.argv) > 1 else main(1500, 3000)
