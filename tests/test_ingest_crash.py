"""Runs killed with SIGKILL at random points, and runs started at once: nothing lost, nothing corrupt."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

import pipeline.run

from pipeline.config import SAMPLES_DIR, FeedConfig, load_settings
from pipeline.entries import load_content
from pipeline.run import RunLocked, ingest, lock_owner, write_lock
from pipeline.store import JOURNAL_FILE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KILLS = int(os.environ.get("BREACHWIRE_TEST_KILLS", "50"))


def normalized(content_dir: Path) -> dict[str, str]:
    """Every entry's text, without the `fetched:` time that differs between any two runs."""
    return {p.relative_to(content_dir).as_posix(): re.sub(r"(?m)^fetched: .*\n", "", p.read_text(encoding="utf-8"))
            for p in sorted(content_dir.rglob("*.md"))}


def sample_feeds(folder: Path, items: int | None = None) -> list[FeedConfig]:
    """The bundled samples as saved files (these tests are about storage, not HTTP), optionally cut short."""
    folder.mkdir(parents=True, exist_ok=True)
    feeds = []
    for name, outlet in (("wired.xml", "WIRED"), ("theverge.xml", "The Verge")):
        text = (SAMPLES_DIR / name).read_text(encoding="utf-8")
        if items is not None:
            tag = "item" if "<item>" in text else "entry"
            blocks = re.findall(rf"<{tag}>.*?</{tag}>", text, re.S)
            text = _keep(text, blocks, items)
        (folder / name).write_text(text, encoding="utf-8")
        feeds.append(FeedConfig(name=outlet, url=str(folder / name)))
    return feeds


def _keep(text: str, blocks: list[str], count: int) -> str:
    for block in blocks[count:]:
        text = text.replace(block, "", 1)
    return text


def assert_every_entry_is_valid(settings, context: str) -> None:
    content = load_content(settings.content_dir)
    errors = [str(p) for p in content.problems if p.severity == "error"]
    assert not errors, f"{context}: {errors}"


def reference_run(root: Path, nlp, items: int | None = None) -> tuple[dict[str, str], float, object]:
    """content/ after one uninterrupted run over the sample feeds, how long it took, and its summary."""
    settings = load_settings(root)
    started = time.perf_counter()
    with write_lock(settings):
        summary = ingest(settings, sample_feeds(root / "feeds", items), nlp=nlp)
    return normalized(settings.content_dir), time.perf_counter() - started, summary


# Enough items for stubs, relations and incident links, few enough for 50 kills (and 3 runs at once) to stay quick.
KILL_TEST_ITEMS = 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_runs_killed_at_random_points_leave_valid_entries_and_converge(project, nlp, tmp_path):
    from conftest import copy_project

    expected, _, summary = reference_run(copy_project(tmp_path / "reference"), nlp, KILL_TEST_ITEMS)
    assert summary.written and summary.companies_created
    feeds = sample_feeds(project.root / "feeds", KILL_TEST_ITEMS)
    pristine = project.root.parent / "pristine-content"
    shutil.copytree(project.content_dir, pristine)
    seed = int(os.environ.get("BREACHWIRE_TEST_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    # How long a forked run takes here, measured on one that is left to finish.
    duration = None
    writing = summary.seconds.get("store", 0.02) * 1.5
    killed = completed = while_writing = 0
    fresh = True
    for attempt in range(3 * KILLS):
        if killed == KILLS:
            break
        if duration is None:
            delay = 600.0
        else:
            delay = rng.uniform(0, duration)
        aim_at_writing = duration is not None and attempt % 2 == 0
        started = time.perf_counter()
        ready, signal_ready = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: one real run, killed wherever it is when the delay is up
            code = 0
            os.close(ready)
            try:
                # The child says when it starts writing, so half the kills can land in that short stretch.
                real_save = pipeline.run.save_journal

                def save_and_tell(*args):
                    try:
                        os.write(signal_ready, b"w")
                    except OSError:
                        pass  # the parent is not listening for this run
                    return real_save(*args)

                pipeline.run.save_journal = save_and_tell
                with write_lock(project):
                    ingest(project, feeds, nlp=nlp)
            except BaseException:
                traceback.print_exc()
                code = 1
            os._exit(code)
        os.close(signal_ready)
        if aim_at_writing:
            os.read(ready, 1)  # returns b"" if the run ends without writing
            delay = rng.uniform(0, writing)
        os.close(ready)
        status = _wait_or_kill(pid, delay)
        if os.WIFEXITED(status) and fresh:
            # A whole run from the editor's content says how long runs take here (the first one is left to
            # finish); the quickest keeps the kills inside the runs as caches warm up.
            elapsed = time.perf_counter() - started
            duration = elapsed if duration is None else min(duration, elapsed)
        fresh = False
        if os.WIFEXITED(status):
            assert os.WEXITSTATUS(status) == 0, f"seed {seed}: run {attempt} failed"
            completed += 1
            # A run that finished leaves nothing to interrupt: start over from the editor's content.
            assert normalized(project.content_dir) == expected, f"seed {seed}: run {attempt} finished differently"
            shutil.rmtree(project.content_dir)
            shutil.copytree(pristine, project.content_dir)
            shutil.rmtree(project.state_dir)
            fresh = True
        else:
            killed += 1
            while_writing += (project.state_dir / JOURNAL_FILE).exists()
        assert_every_entry_is_valid(project, f"seed {seed}: after kill {attempt} at {delay:.3f} s")
    assert killed == KILLS, f"seed {seed}: only {killed} runs were killed"
    assert while_writing >= min(2, KILLS // 10), f"seed {seed}: only {while_writing} kills landed while writing"

    with write_lock(project):
        final = ingest(project, feeds, nlp=nlp)
    assert normalized(project.content_dir) == expected, f"seed {seed}: did not converge"
    assert not (project.state_dir / JOURNAL_FILE).exists()
    assert not list(project.content_dir.rglob("*.tmp")), "stale temporary files were not swept"
    again = ingest(project, feeds, nlp=nlp)
    assert not again.changed and not again.model_loaded
    print(f"seed {seed}: {killed} kills ({while_writing} while writing), {completed} completed runs of {duration:.2f} s; "
          f"the last run replayed {final.replayed} writes")


def _wait_or_kill(pid: int, delay: float) -> int:
    """The child's wait status: it finished within `delay` seconds, or was killed with SIGKILL then."""
    deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(min(0.005, max(0.0, deadline - time.perf_counter())))
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def test_runs_started_at_once_serialize_and_write_each_item_once(project, nlp, tmp_path):
    from conftest import copy_project

    expected, _, _ = reference_run(copy_project(tmp_path / "reference"), nlp, KILL_TEST_ITEMS)
    feeds = sample_feeds(project.root / "feeds", KILL_TEST_ITEMS)
    command = [sys.executable, "-m", "pipeline.cli", "ingest", *[a for f in feeds for a in ("--feed", f.url)]]
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "BREACHWIRE_ROOT": str(project.root)}
    runs = [subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err
    assert sum("waiting for another run to finish (pid " in err for _, err in outputs) >= 1, outputs
    assert sum("0 articles written" in " ".join(out.split()) for out, _ in outputs) == 2, outputs
    # Feeds given on the command line take their outlet name from the feed itself.
    assert len(normalized(project.content_dir)) == len(expected)
    assert_every_entry_is_valid(project, "after concurrent runs")


def test_a_lock_left_by_a_killed_run_is_recovered(project):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from pipeline.config import load_settings; from pipeline.run import write_lock\n"
         "from pathlib import Path\n"
         f"with write_lock(load_settings(Path({str(project.root)!r}))):\n    time.sleep(60)"],
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        deadline = time.monotonic() + 30
        while (lock_owner(project) or {}).get("pid") != holder.pid:
            assert time.monotonic() < deadline, "the holder never took the lock"
            time.sleep(0.05)
        with pytest.raises(RunLocked, match=rf"another Breachwire run \(pid {holder.pid} on "):
            with write_lock(project, timeout=0.2):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    started = time.monotonic()
    with write_lock(project, timeout=5):
        assert lock_owner(project)["pid"] == os.getpid()
    assert time.monotonic() - started < 1
