"""Shared fixtures: a throwaway copy of the project, the real spaCy model, shared corpora."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.config import load_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


def copy_project(destination: Path, *, with_content: bool = True) -> Path:
    """A copy of the project's configuration and editor-written content, to run the pipeline on."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("pyproject.toml", "mkdocs.yml"):
        shutil.copy(PROJECT_ROOT / name, destination / name)
    # The theme overrides mkdocs.yml names (its custom_dir).
    shutil.copytree(PROJECT_ROOT / "overrides", destination / "overrides", dirs_exist_ok=True)
    content = destination / "content"
    if with_content:
        # Only the editor-written entries committed to git: `make run` leaves machine-written
        # articles and company stubs in the working tree, and tests must not depend on them.
        for relative in committed_content():
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PROJECT_ROOT / relative, target)
    (content / "articles").mkdir(parents=True, exist_ok=True)
    return destination


def committed_content() -> list[str]:
    """Paths of the files under content/ (articles excepted) that git tracks; every file outside git."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "content"], cwd=PROJECT_ROOT,
                                capture_output=True, check=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        listed = [p.relative_to(PROJECT_ROOT).as_posix() for p in (PROJECT_ROOT / "content").rglob("*") if p.is_file()]
    return sorted(p for p in listed if p and not p.startswith("content/articles/") and (PROJECT_ROOT / p).is_file())


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Settings for a fresh copy of the project in a temporary folder (BREACHWIRE_ROOT points at it)."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("BREACHWIRE_ROOT", str(root))
    return load_settings(root)


@pytest.fixture(scope="session")
def nlp():
    """The real, verified spaCy pipeline, loaded once per test session."""
    from pipeline.model import load_nlp

    return load_nlp()


@pytest.fixture
def shared_corpora() -> Path:
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        pytest.skip(f"{corpora} is not here (CI provides ../shared beside the checkout)")
    return corpora


@pytest.fixture
def search_content(tmp_path) -> Path:
    """A writable copy of the small search fixture archive (tests/fixtures/search/content)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "search" / "content", content)
    return content
