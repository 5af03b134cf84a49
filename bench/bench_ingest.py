"""Ingestion over HTTP on 127.0.0.1: a run over 500 new items against runs that find nothing new.

    python bench/bench_ingest.py [--items 500]

Five feeds of 100 items each are served by a local HTTP server that honours
ETag. The 500 items are the relevant items of the bundled sample feeds, each
repeated under new guids and links, so extraction reads real article text.
Figures:

- the 500-item run (`run()` in this process: ingest, index, site build), by stage;
- a no-op run where every feed answers 304, in this process and as the
  `breachwire run --quiet` command a scheduler starts;
- a no-op run where the feeds answer 200 with the same items again;
- the baseline, measured the same way: starting Python and importing the CLI
  (the floor under any command).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import SAMPLES_DIR, FeedConfig, load_settings  # noqa: E402
from pipeline.fetch import FetchResult  # noqa: E402
from pipeline.parse import parse  # noqa: E402
from pipeline.entries import load_companies  # noqa: E402
from pipeline.relevance import Relevance  # noqa: E402

FEEDS = 5
REPEATS = 3


def relevant_sample_items(settings) -> list:
    relevance = Relevance.from_content(settings.relevance_incident_terms, settings.relevance_ai_terms,
                                       load_companies(settings.content_dir))
    items = []
    for name in ("wired.xml", "theverge.xml"):
        feed = FeedConfig(name=name, url=str(SAMPLES_DIR / name))
        items.extend(i for i in parse(FetchResult(feed, body=(SAMPLES_DIR / name).read_bytes())).items
                     if relevance.plausible(i.full_text))
    return items


def rss(title: str, items: list, start: int, count: int, base: str) -> bytes:
    entries = []
    for number in range(start, start + count):
        item = items[number % len(items)]
        date = item.published.strftime("%a, %d %b %Y %H:%M:%S GMT") if item.published else ""
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in item.text.split("\n\n"))
        entries.append(
            f"<item><title>{html.escape(item.title)} (copy {number})</title>"
            f"<link>{base}/story/{number}</link><guid isPermaLink=\"false\">bench-{number}</guid>"
            f"<pubDate>{date}</pubDate><description>{html.escape(item.summary)}</description>"
            f"<content:encoded><![CDATA[{paragraphs}]]></content:encoded></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>'
            f'<link>{base}/</link>{"".join(entries)}</channel></rss>').encode()


class FeedServer:
    """Serves fixed bodies with an ETag; `honour_validators` decides whether a match gets a 304."""

    def __init__(self):
        self.bodies: dict[str, bytes] = {}
        self.honour_validators = True
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = server.bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if server.honour_validators and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def project(folder: Path, server: FeedServer) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("articles"))
    (folder / "content" / "articles").mkdir()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = pyproject[: pyproject.index("[[tool.breachwire.feeds]]")]
    for number in range(FEEDS):
        pyproject += f'[[tool.breachwire.feeds]]\nname = "Bench {number}"\nurl = "{server.base}/feed{number}.xml"\n\n'
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return folder


def cli_seconds(root: Path, *args: str) -> tuple[float, str]:
    env = {**os.environ, "BREACHWIRE_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    out = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return elapsed, out.stdout + out.stderr


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.as_posix(): hashlib.sha256(p.read_bytes()).digest() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    items_total = parser.parse_args().items
    from pipeline.run import run

    server = FeedServer()
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp), server)
        settings = load_settings(root)
        samples = relevant_sample_items(settings)
        per_feed = items_total // FEEDS
        for number in range(FEEDS):
            server.bodies[f"/feed{number}.xml"] = rss(f"Bench {number}", samples, number * per_feed, per_feed,
                                                      server.base)

        baseline = median([cli_seconds(root, "-c", "import pipeline.cli")[0] for _ in range(REPEATS)])

        start = time.perf_counter()
        from pipeline.model import load_nlp

        nlp = load_nlp()
        model_seconds = time.perf_counter() - start
        start = time.perf_counter()
        full = run(settings, list(settings.feeds), nlp=nlp)
        full_seconds = time.perf_counter() - start
        written = len(full.written)
        before = snapshot(settings.content_dir)

        noop_inprocess = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            summary = run(settings, list(settings.feeds))
            noop_inprocess.append(time.perf_counter() - start)
            assert not summary.changed and not summary.model_loaded and summary.build_skipped
            assert {f.status for f in summary.feeds} == {"not modified"}
        noop_cli = []
        for _ in range(REPEATS):
            seconds, output = cli_seconds(root, "-m", "pipeline.cli", "run", "--quiet", "--strict")
            assert output == "", output
            noop_cli.append(seconds)
        server.honour_validators = False
        same_items_cli = []
        for _ in range(REPEATS):
            seconds, output = cli_seconds(root, "-m", "pipeline.cli", "run", "--quiet", "--strict")
            assert output == "", output
            same_items_cli.append(seconds)
        assert snapshot(settings.content_dir) == before, "a no-op run changed content/"

    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in full.seconds.items() if seconds >= 0.05)
    print(f"run over {items_total} new items ({FEEDS} feeds on 127.0.0.1): {full_seconds:.1f} s "
          f"for {written} articles and {len(full.companies_created)} companies "
          f"({full_seconds / max(written, 1) * 1000:.0f} ms an article), plus {model_seconds:.1f} s to load the model")
    print(f"  stages: {stages}")
    print(f"no-op run, every feed 304, in process:          {median(noop_inprocess) * 1000:6.0f} ms "
          f"(median of {REPEATS})")
    print(f"no-op `breachwire run --quiet`, every feed 304: {median(noop_cli) * 1000:6.0f} ms")
    print(f"no-op `breachwire run --quiet`, same items 200: {median(same_items_cli) * 1000:6.0f} ms")
    print(f"baseline: python -c 'import pipeline.cli':      {baseline * 1000:6.0f} ms")
    print(f"ratios: 500-item run / no-op (304) = {full_seconds / median(noop_inprocess):.0f}x; "
          f"no-op CLI (304) / baseline = {median(noop_cli) / baseline:.1f}x; "
          f"no-op CLI (same items) / baseline = {median(same_items_cli) / baseline:.1f}x")


if __name__ == "__main__":
    main()
