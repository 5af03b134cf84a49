"""The index as a cache of content/: incremental updates, rebuilds, schema versions, failures and concurrency.

Everything runs on a real whoosh index over a copy of tests/fixtures/search/content. Failures are
injected at pipeline.index._commit, the one place a commit happens, the way a crash would hit it:
a deleted scratch file (the FileNotFoundError seen once on a `.ctmp` file under MAIN.tmp) or SIGKILL.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

import pipeline.index as index_module
from pipeline.index import MANIFEST, IndexBusy, SearchError, update_index
from pipeline.search import search

META_PAUSES = "articles/2026/03/meta-pauses-work-with-mercor.md"
SURGE = "articles/2026/01/surge-ai-raises-money-for-labeling.md"
QUERIES = ("mercor", "breach", "companies:facebook", '"paused its work"', "date:2026-04", "type:company", "halts",
           "quillfeather")
fork = multiprocessing.get_context("fork")  # the children below patch this process's modules


@pytest.fixture
def index_dir(search_content, tmp_path):
    index_dir = tmp_path / "index"
    update_index(search_content, index_dir)
    return index_dir


def edit(content_dir: Path, relpath: str, old: str, new: str) -> None:
    path = content_dir / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, (relpath, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    # Make the change visible even on a file system with coarse modification times.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def add_article(content_dir: Path, slug: str, title: str) -> str:
    relpath = f"articles/2026/06/{slug}.md"
    path = content_dir / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntype: article\ntitle: {title}\nurl: https://x.example/{slug}\nguid: {slug}\n"
                    f"source: WIRED\npublished: 2026-06-02T10:00:00Z\ncompanies: [mercor]\nrelations: []\n---\n"
                    f"{title}. The text of the article.\n", encoding="utf-8")
    return relpath


def answers(index_dir: Path) -> dict[str, list[str]]:
    return {q: [h.path for h in search(q, index_dir=index_dir, limit=50).hits] for q in QUERIES}


def generation(index_dir: Path) -> str:
    return json.loads((index_dir / MANIFEST).read_text())["generation"]


def test_an_update_indexes_only_what_changed_and_drops_what_was_deleted(search_content, index_dir):
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")
    new = add_article(search_content, "quillfeather-breach", "Quillfeather breach exposes rubrics")
    (search_content / SURGE).unlink()
    before = generation(index_dir)

    report = update_index(search_content, index_dir)

    assert (report.added, report.updated, report.removed, report.total) == (1, 1, 1, 20), report
    assert not report.rebuilt and generation(index_dir) == before
    assert [h.path for h in search("halts", index_dir=index_dir).hits] == [META_PAUSES]
    assert META_PAUSES not in [h.path for h in search("title:pauses", index_dir=index_dir).hits]
    assert [h.path for h in search("quillfeather", index_dir=index_dir).hits] == [new]
    assert search("surge", index_dir=index_dir, type="article").total == 0


def test_an_unchanged_archive_changes_nothing(search_content, index_dir):
    files = {p: p.stat().st_mtime_ns for p in index_dir.rglob("*") if p.is_file() and p.name != "write.lock"}
    report = update_index(search_content, index_dir)
    assert (report.added, report.updated, report.removed, report.total, report.rebuilt) == (0, 0, 0, 20, False)
    assert {p: p.stat().st_mtime_ns for p in index_dir.rglob("*") if p.is_file() and p.name != "write.lock"} == files


def test_a_rebuild_from_content_alone_gives_the_same_answers(search_content, index_dir):
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")
    add_article(search_content, "quillfeather-breach", "Quillfeather breach exposes rubrics")
    (search_content / SURGE).unlink()
    update_index(search_content, index_dir)
    incremental = answers(index_dir)

    report = update_index(search_content, index_dir, rebuild=True)

    assert report.rebuilt and report.reason == "a rebuild was asked for" and report.total == 20
    assert answers(index_dir) == incremental
    assert sorted(p.name for p in index_dir.iterdir()) == sorted([MANIFEST, "write.lock", generation(index_dir)])


def test_deleting_the_index_loses_nothing(search_content, index_dir):
    before = answers(index_dir)
    shutil.rmtree(index_dir)
    report = update_index(search_content, index_dir)
    assert report.rebuilt and report.reason == "there was no index"
    assert answers(index_dir) == before


def test_an_index_of_another_schema_version_is_rebuilt(search_content, index_dir):
    manifest = json.loads((index_dir / MANIFEST).read_text())
    manifest["schema_version"] = index_module.SCHEMA_VERSION - 1
    (index_dir / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(SearchError, match=r"has schema version 1, this Breachwire reads version 2 — run `breachwire index`"):
        search("mercor", index_dir=index_dir)

    report = update_index(search_content, index_dir)

    assert report.rebuilt
    assert report.reason == "the index has schema version 1, this Breachwire writes version 2"
    assert json.loads((index_dir / MANIFEST).read_text())["schema_version"] == index_module.SCHEMA_VERSION
    assert search("mercor", index_dir=index_dir).total == 6


def test_an_entry_that_does_not_read_is_reported_and_the_others_are_indexed(search_content, index_dir):
    broken = search_content / "articles/2026/06/broken.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\ntype: article\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")

    report = update_index(search_content, index_dir)

    assert report.updated == 1 and report.added == 0
    assert len(report.problems) == 1 and report.problems[0].startswith("content/articles/2026/06/broken.md:4: yaml:")
    # An indexed entry that stops reading leaves the index: no stale version lingers.
    edit(search_content, META_PAUSES, "title: Meta halts work", "title: [Meta halts work")
    report = update_index(search_content, index_dir)
    assert report.removed == 1 and search("halts", index_dir=index_dir).total == 0


def test_a_commit_that_fails_is_recovered_by_rebuilding_from_content(search_content, index_dir, monkeypatch):
    real_commit = index_module._commit
    commits = []

    def commit_losing_its_scratch_files(writer, **options):
        commits.append(writer)
        if len(commits) == 1:  # the failure seen in production: whoosh's scratch folder vanished mid-commit
            for scratch in index_dir.glob("*/*.tmp"):
                shutil.rmtree(scratch)
        real_commit(writer, **options)

    monkeypatch.setattr(index_module, "_commit", commit_losing_its_scratch_files)
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")

    report = update_index(search_content, index_dir)

    assert report.rebuilt and report.total == 20 and len(commits) == 2
    assert report.reason.startswith("the incremental update failed (FileNotFoundError:") and ".ctmp" in report.reason
    assert [h.path for h in search("halts", index_dir=index_dir).hits] == [META_PAUSES]
    assert not list(index_dir.glob("*/*.tmp"))


def _index_then_die(content_dir: Path, index_dir: Path) -> None:
    def die(writer, **options):
        os.kill(os.getpid(), signal.SIGKILL)

    index_module._commit = die
    update_index(content_dir, index_dir)


@pytest.mark.parametrize("rebuild", [False, True])
def test_an_indexer_killed_mid_commit_leaves_a_readable_index(search_content, index_dir, rebuild):
    before = answers(index_dir)
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")
    if rebuild:  # a killed rebuild leaves a half-written generation beside the live one
        manifest = json.loads((index_dir / MANIFEST).read_text())
        (index_dir / MANIFEST).write_text(json.dumps({**manifest, "schema_version": 1}))
    child = fork.Process(target=_index_then_die, args=(search_content, index_dir))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    assert list(index_dir.glob("*/*.tmp")) or len([p for p in index_dir.iterdir() if p.is_dir()]) == 2

    if not rebuild:  # searchers still read the last complete commit
        assert answers(index_dir) == before
    report = update_index(search_content, index_dir)

    assert report.updated == 1 or report.rebuilt, report
    assert [h.path for h in search("halts", index_dir=index_dir).hits] == [META_PAUSES]
    assert not list(index_dir.glob("*/*.tmp"))
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [generation(index_dir)]


def _index_with_a_pause(content_dir: Path, index_dir: Path, committing, release) -> None:
    real_commit = index_module._commit

    def paused_commit(writer, **options):
        committing.set()
        if not release.wait(60):
            raise TimeoutError("the test never released the commit")
        real_commit(writer, **options)

    index_module._commit = paused_commit
    update_index(content_dir, index_dir)


def test_a_second_indexer_waits_for_the_first_and_gives_up_with_a_clear_message(search_content, index_dir):
    committing, release = fork.Event(), fork.Event()
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")
    first = fork.Process(target=_index_with_a_pause, args=(search_content, index_dir, committing, release))
    first.start()
    try:
        assert committing.wait(60), "the first indexer never reached its commit"

        with pytest.raises(IndexBusy) as caught:
            update_index(search_content, index_dir, lock_timeout=0.2)
        assert str(caught.value) == (f"another indexer has held {index_dir / 'write.lock'} for over 0.2 s "
                                     "— wait for it to finish, then run `breachwire index` again")

        new = add_article(search_content, "quillfeather-breach", "Quillfeather breach exposes rubrics")
        second: list = []
        waiting = threading.Thread(target=lambda: second.append(update_index(search_content, index_dir,
                                                                             lock_timeout=60)))
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive() and not second, "the second indexer did not wait for the first"
    finally:
        release.set()
        first.join(60)
    waiting.join(60)
    assert first.exitcode == 0
    assert second and (second[0].added, second[0].updated, second[0].rebuilt) == (1, 0, False), second
    assert [h.path for h in search("halts", index_dir=index_dir).hits] == [META_PAUSES]
    assert [h.path for h in search("quillfeather", index_dir=index_dir).hits] == [new]


def _keep_indexing(content_dir: Path, index_dir: Path, rounds: int) -> None:
    for number in range(rounds):
        edit(content_dir, META_PAUSES, "title: ", f"title: Round{number} ")
        update_index(content_dir, index_dir)
        update_index(content_dir, index_dir, rebuild=True)


def test_searching_while_another_process_indexes(search_content, index_dir):
    expected = [h.path for h in search("companies:kestrel", index_dir=index_dir, limit=50).hits]
    indexer = fork.Process(target=_keep_indexing, args=(search_content, index_dir, 6))
    indexer.start()
    searches = 0
    deadline = time.monotonic() + 120
    while indexer.is_alive() and time.monotonic() < deadline:
        # Every search sees a complete index: the old one or the new one, never a half-written one.
        assert [h.path for h in search("companies:kestrel", index_dir=index_dir, limit=50).hits] == expected
        assert search("mercor", index_dir=index_dir, facets=True).facets["company"]
        searches += 1
    indexer.join(60)
    assert indexer.exitcode == 0 and searches > 0
    assert [h.path for h in search("title:round5", index_dir=index_dir).hits] == [META_PAUSES]


def test_check_index_for_the_doctor(search_content, index_dir, tmp_path):
    from pipeline.index import check_index

    assert check_index(tmp_path / "not-built-yet") is None
    assert check_index(index_dir) is None
    manifest = json.loads((index_dir / MANIFEST).read_text())
    shutil.rmtree(index_dir / manifest["generation"])
    assert check_index(index_dir).startswith(f"{index_dir} cannot be read (")
    (index_dir / MANIFEST).write_text(json.dumps({**manifest, "schema_version": 1}))
    assert check_index(index_dir) == (f"{index_dir} has schema version 1, this Breachwire reads version 2 "
                                      "— run `breachwire index`")
    (index_dir / MANIFEST).unlink()
    assert check_index(index_dir) == f"{index_dir} holds no index — run `breachwire index --rebuild`"


@pytest.mark.parametrize("damage", ["stale", "garbled", "missing"])
def test_the_signature_side_file_is_trusted_only_for_the_commit_it_was_written_for(search_content, index_dir,
                                                                                   damage):
    edit(search_content, META_PAUSES, "title: Meta pauses work", "title: Meta halts work")
    assert update_index(search_content, index_dir).updated == 1
    side_file = index_dir / generation(index_dir) / index_module.SIGNATURES
    saved = json.loads(side_file.read_text())
    if damage == "stale":  # e.g. a crash between a commit and the side file: its tag is an older commit's
        side_file.write_text(json.dumps({"commit": saved["commit"] - 1,
                                         "signatures": {p: "0:0" for p in saved["signatures"]}}))
    elif damage == "garbled":
        side_file.write_text('{"commit": ')
    else:
        side_file.unlink()

    report = update_index(search_content, index_dir)

    # The index's own columns say nothing changed; a side file taken at its word would re-index everything.
    assert (report.added, report.updated, report.removed, report.rebuilt) == (0, 0, 0, False), report
    assert [h.path for h in search("halts", index_dir=index_dir).hits] == [META_PAUSES]
    assert json.loads(side_file.read_text()) == saved  # written again, for the next update
