"""Extraction throughput and peak memory against plain `nlp.pipe` of the full spaCy pipeline, same texts, one process.

    python bench/bench_extract.py [--articles N] [--batch N]

Articles: the gold and held-out sets, the bundled sample feeds and, when it is
there, the real-feed corpus in ../shared/corpora/feeds/real, repeated until
there are N (default 600). The baseline is what extraction would cost without
its shortcuts: every text through every component (tagger, parser, NER, …).
Timing runs are taken twice, alternating, and the faster of each is kept;
peak memory is measured in separate runs under tracemalloc, which slows them.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import SAMPLES_DIR, FeedConfig  # noqa: E402
from pipeline.entries import load_content  # noqa: E402
from pipeline.evaluate import load_gold  # noqa: E402
from pipeline.extract import extract_many  # noqa: E402
from pipeline.fetch import fetch  # noqa: E402
from pipeline.model import load_nlp  # noqa: E402
from pipeline.parse import parse  # noqa: E402
from pipeline.store import gazetteer_from  # noqa: E402

REAL_FEEDS = ROOT.parent / "shared" / "corpora" / "feeds" / "real"


def corpus(count: int) -> list[tuple[str, str]]:
    """(body, title) pairs: gold articles and feed items, cycled up to `count`."""
    articles = []
    for folder in (ROOT / "tests" / "gold", ROOT / "tests" / "gold-holdout"):
        gold, _ = load_gold(folder)
        articles += [(a.text, a.title) for a in gold]
    feeds = sorted(SAMPLES_DIR.glob("*.xml")) + (sorted(REAL_FEEDS.glob("*.xml")) if REAL_FEEDS.is_dir() else [])
    for path in feeds:
        fetched = fetch(FeedConfig(name=path.stem, url=str(path)))
        if fetched.ok:
            articles += [(item.body_text, item.title) for item in parse(fetched).items if item.body_text.strip()]
    return list(islice(cycle(articles), count))


def timed(run) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def peak_mib(run) -> float:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--batch", type=int, default=64, help="articles per extract_many call")
    args = parser.parse_args()

    nlp = load_nlp()
    gazetteer = gazetteer_from(load_content(ROOT / "content"))
    articles = corpus(args.articles)
    texts = [f"{title}\n\n{body}" for body, title in articles]
    words = sum(len(text.split()) for text in texts)

    def baseline():
        for _ in nlp.pipe(texts):
            pass

    def extraction():
        for start in range(0, len(articles), args.batch):
            extract_many(articles[start:start + args.batch], nlp, gazetteer=gazetteer)

    # Warm both paths (lazy tables, matcher, first-call allocations) before measuring.
    list(nlp.pipe(texts[:8]))
    extract_many(articles[:8], nlp, gazetteer=gazetteer)

    base_times, extract_times = [], []
    for _ in range(2):
        base_times.append(timed(baseline))
        extract_times.append(timed(extraction))
    base, ext = min(base_times), min(extract_times)
    base_mem, ext_mem = peak_mib(baseline), peak_mib(extraction)

    print(f"corpus: {len(articles)} articles, {words:,} words (gold, held-out and feed items, cycled)")
    print(f"{'':34} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'peak MiB':>9}")
    print(f"{'baseline: nlp.pipe, full pipeline':34} {base:8.2f} {len(texts) / base:11.1f} {words / base:9.0f} {base_mem:9.1f}")
    print(f"{'extract_many (orgs + relations)':34} {ext:8.2f} {len(texts) / ext:11.1f} {words / ext:9.0f} {ext_mem:9.1f}")
    print(f"speed ratio (baseline time / extraction time): {base / ext:.2f}x")
    print(f"peak memory ratio (extraction / baseline): {ext_mem / base_mem:.2f}x")


if __name__ == "__main__":
    main()
