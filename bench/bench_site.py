"""Site build at scale: synthetic archives of 1,000, 5,000 and 10,000 articles (300 companies, 100 incidents).

    python bench/bench_site.py [SIZES...]     e.g. python bench/bench_site.py 1000 5000 10000

Each size is built with `mkdocs build --strict` in a fresh child process, so its
peak memory is its own. Prints build seconds, peak memory, site size and
average page size per size, and each figure's ratio to the smallest size's
(the baseline, measured in the same run): growth is linear when the ratios
follow the article counts.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.entries import dump_entry  # noqa: E402
from pipeline.vocabulary import load_vocabulary  # noqa: E402

COMPANIES = 300
INCIDENTS = 100
OUTLETS = ("WIRED", "The Verge", "Ars Technica", "The Register", "TechCrunch", "BleepingComputer", "Reuters", "404 Media")
SYLLABLES = ("ka", "lo", "ve", "tra", "mi", "sor", "den", "qua", "rel", "bri", "nox", "pel", "zan", "cor", "vi", "ath")
WORDS = ("breach", "vendor", "contractor", "model", "training", "data", "labeling", "security", "incident",
         "access", "systems", "customers", "spokesperson", "investigation", "credentials", "exposed", "said",
         "company", "startup", "lab", "project", "weeks", "attackers", "internal", "documents", "the", "and",
         "of", "to", "a", "in", "its", "with", "after", "while", "on", "for", "that", "has", "was")
START = dt.datetime(2024, 5, 1, 8, tzinfo=dt.timezone.utc)
DAYS = 730


def name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_project(folder: Path, articles: int, seed: int = 4) -> Path:
    """A copy of the project's configuration with a synthetic content/ of the given size."""
    rng = random.Random(seed)
    for file in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / file, folder / file)
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    content = folder / "content"
    (content / "companies").mkdir(parents=True)
    (content / "incidents").mkdir()
    shutil.copy(ROOT / "content" / "index.md", content / "index.md")

    companies, roots = [], set()
    while len(companies) < COMPANIES:
        root = name(rng)
        if root in roots:
            continue  # each name and alias belongs to one company (`check` refuses a claimed alias)
        roots.add(root)
        label = f"{root} {rng.choice(('AI', 'Labs', 'Data', 'Cloud', 'Systems'))}"
        slug = label.lower().replace(" ", "-")
        companies.append(slug)
        meta = {"type": "company", "name": label, "aliases": [f"{label} Inc."], "description": sentence(rng, 12)}
        (content / "companies" / f"{slug}.md").write_text(dump_entry(meta, ""), encoding="utf-8")

    incidents = []
    for number in range(INCIDENTS):
        slug = f"incident-{number:03d}"
        victims = rng.sample(companies, 1)
        date = START + dt.timedelta(days=rng.randrange(DAYS))
        meta = {"type": "incident", "title": f"{name(rng)} breach at {victims[0]}", "date": date.date(),
                "victims": victims, "affected": rng.sample(companies, 3), "attackers": [],
                "status": rng.choice(("investigating", "confirmed", "contained")),
                "tags": rng.sample(["vendor-breach", "training-data", "package", "extortion", "cloud"], 2)}
        (content / "incidents" / f"{slug}.md").write_text(dump_entry(meta, sentence(rng, 40) + "\n"), encoding="utf-8")
        incidents.append((slug, meta))

    predicates = list(load_vocabulary().predicates)
    for number in range(articles):
        incident, incident_meta = rng.choice(incidents)
        # Coverage of an incident names its parties and a few others.
        named = list(dict.fromkeys(incident_meta["victims"] + rng.sample(incident_meta["affected"], 2)
                                   + rng.sample(companies, 2)))
        published = START + dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
        relations = []
        for _ in range(3):
            subject, obj = rng.sample(named[:3], 2)
            relations.append({"subject": subject, "predicate": rng.choice(predicates), "object": obj,
                              "evidence": sentence(rng, 18), "confidence": 0.85,
                              "status": rng.choice(("proposed", "proposed", "confirmed", "rejected"))})
        slug = f"story-{number:05d}"
        meta = {"type": "article", "title": sentence(rng, 9)[:-1], "url": f"https://news.example/{slug}",
                "guid": slug, "source": rng.choice(OUTLETS), "published": published,
                "fetched": published + dt.timedelta(hours=1), "summary": sentence(rng, 25),
                "companies": sorted(named), "relations": relations, "incident": incident}
        body = "\n\n".join(sentence(rng, 60) for _ in range(4)) + "\n"
        path = content / "articles" / f"{published:%Y}" / f"{published:%m}" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_entry(meta, body), encoding="utf-8")
    return folder


# The child reports its own peak, so one size's figure never includes another's.
CHILD = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from pipeline.build import build_site
from pipeline.config import load_settings
start = time.perf_counter()
build_site(load_settings(Path({project!r})))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build(project: Path) -> tuple[float, float]:
    """(build seconds, peak resident memory in MiB) of one build in a child process."""
    done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), project=str(project))],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise SystemExit(f"build of {project} failed:\n{done.stderr[-3000:]}")
    seconds, peak_kib = done.stdout.strip().splitlines()[-1].split()
    return float(seconds), int(peak_kib) / 1024


def measure(articles: int, folder: Path) -> dict[str, float]:
    project = make_project(folder, articles)
    seconds, peak = build(project)
    site = project / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    total = sum(p.stat().st_size for p in files)
    return {
        "articles": articles,
        "seconds": seconds,
        "peak MiB": peak,
        "site MB": total / 1e6,
        "pages": len(pages),
        "avg page KB": sum(p.stat().st_size for p in pages) / len(pages) / 1e3,
        "search index MB": (site / "search" / "search_index.json").stat().st_size / 1e6,
    }


def main(sizes: list[int]) -> None:
    rows = []
    for articles in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-site-{articles}-") as folder:
            started = time.perf_counter()
            rows.append(measure(articles, Path(folder)))
            print(f"  built {articles} articles ({time.perf_counter() - started:.0f} s with content generation)",
                  file=sys.stderr)
    base = rows[0]
    columns = ("articles", "seconds", "peak MiB", "site MB", "pages", "avg page KB", "search index MB")
    print(" | ".join(f"{c:>15}" for c in columns))
    for row in rows:
        print(" | ".join(f"{row[c]:>15.1f}" if isinstance(row[c], float) else f"{row[c]:>15}" for c in columns))
    print(f"\nratios to the {base['articles']}-article baseline (linear growth: the articles ratio):")
    for row in rows[1:]:
        print(" | ".join(f"{c}: {row[c] / base[c]:.2f}x" for c in columns if c != "avg page KB")
              + f" | avg page KB: {row['avg page KB'] / base['avg page KB']:.2f}x")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000, 10000])
