"""Run the benchmarks: every bench/bench_*.py, or those named on the command line.

    python bench/run.py              # all of them (some take many minutes)
    python bench/run.py skeleton     # bench/bench_skeleton.py only

Each benchmark prints its own figures, with ratios against a baseline it
measures in the same run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in names]
        if not scripts:
            print(f"no benchmark named {', '.join(names)} in {BENCH_DIR}", file=sys.stderr)
            return 2
    failures = 0
    for script in scripts:
        print(f"\n=== {script.name}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=BENCH_DIR.parent)
        print(f"=== {script.name}: exit {result.returncode} after {time.perf_counter() - start:.1f} s", flush=True)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
