"""`breachwire run --samples` from a cold start: seconds and peak memory, split by stage.

Each run happens in a fresh interpreter on a fresh copy of the project, so
imports and the model load are paid as a user pays them. The baseline, run
the same way, is the floor any run pays: starting Python, importing spaCy and
loading the verified model.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3

CHILD_RUN = r"""
import json, resource, sys, time
start = time.perf_counter()
from pipeline.config import load_settings
from pipeline.run import run
imported = time.perf_counter() - start
summary = run(load_settings(), load_settings().sample_feeds())
total = time.perf_counter() - start
print(json.dumps({"total": total, "imports": imported, "stages": summary.seconds,
                  "articles": len(summary.written),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_BASELINE = r"""
import json, resource, time
start = time.perf_counter()
from pipeline.model import load_nlp
load_nlp()
print(json.dumps({"total": time.perf_counter() - start,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def fresh_project(folder: Path) -> Path:
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "content", folder / "content", ignore=shutil.ignore_patterns("articles"))
    (folder / "content" / "articles").mkdir()
    return folder


def child(code: str, cwd: Path) -> dict:
    env = {"PATH": "/usr/bin:/bin", "BREACHWIRE_ROOT": str(cwd), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main() -> None:
    runs, baselines = [], []
    for _ in range(REPEATS):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(child(CHILD_RUN, fresh_project(Path(tmp))))
        with tempfile.TemporaryDirectory() as tmp:
            baselines.append(child(CHILD_BASELINE, fresh_project(Path(tmp))))
    total = median([r["total"] for r in runs])
    base = median([b["total"] for b in baselines])
    print(f"breachwire run --samples, cold start, median of {REPEATS} "
          f"({runs[0]['articles']} articles written each time)")
    print(f"  total            {total:7.2f} s   peak RSS {median([r['peak_rss_mb'] for r in runs]):6.0f} MB")
    print(f"  imports          {median([r['imports'] for r in runs]):7.2f} s")
    for stage in runs[0]["stages"]:
        print(f"  {stage:<16} {median([r['stages'].get(stage, 0.0) for r in runs]):7.2f} s")
    print(f"baseline: python + import spaCy + load verified model: {base:.2f} s, "
          f"peak RSS {median([b['peak_rss_mb'] for b in baselines]):.0f} MB")
    print(f"ratio run / baseline: {total / base:.2f}x")


if __name__ == "__main__":
    main()
