"""Drafts and embargoed entries never reach site/: canary strings searched for in every file it holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project
from pipeline.build import build_site
from pipeline.config import load_settings
from site_scan import site_files

UNPUBLISHED = FIXTURES / "site_unpublished"
CANARY = "xq7canary"
CONTROL_TITLE = "Embargo lifted on the Mercor follow-up"
SITE_URL = "https://breachwire.test/"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("unpublished") / "project")
    # With a site_url the sitemap lists every page (without one it is empty, and proves nothing).
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(UNPUBLISHED, root / "content", dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    return load_settings(root)


@pytest.fixture(scope="module")
def site(project) -> Path:
    return build_site(project)


def test_the_fixtures_carry_the_canary():
    # Guards the test itself: every unpublished entry has the canary in its path and its text.
    entries = [p for p in UNPUBLISHED.rglob("*.md") if p.name not in ("README.md", "published-after-embargo.md")]
    assert len(entries) == 6
    for path in entries:
        assert CANARY in path.name and CANARY in path.read_text(encoding="utf-8").lower(), path


def test_no_file_in_the_site_mentions_an_unpublished_entry(site):
    files = site_files(site)  # every file, sitemap.xml.gz decompressed
    assert len(files) > 50
    found = [name for name, text in files.items() if CANARY in text.lower() or CANARY in name.lower()]
    assert found == [], f"unpublished entries leaked into: {found}"


def test_an_entry_whose_embargo_has_passed_is_published_everywhere(site):
    files = site_files(site)
    page = "articles/2026/04/published-after-embargo.html"
    assert page in files
    for name in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "data/articles.json",
                 "articles/2026/04/index.html", "index.html"):
        assert "published-after-embargo" in files[name] or CONTROL_TITLE in files[name], name
    assert f"{SITE_URL}articles/2026/04/published-after-embargo.html" in files["feed.xml"]
    # Its relation between published companies is shown; the ones naming unpublished companies are not.
    meta = files["companies/meta.html"]
    assert "Control sentence that Meta paused work with Mercor." in meta
    assert "Control sentence naming a draft supplier." not in meta
    assert "Control sentence naming an embargoed buyer." not in files["companies/mercor.html"]


def test_mkdocs_serve_previews_drafts(project, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project.mkdocs_config), site_dir=str(tmp_path / "preview"),
                         docs_dir=str(project.content_dir))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    preview = tmp_path / "preview"
    assert (preview / "companies" / f"{CANARY}-draft-company.html").is_file()
    assert (preview / "articles" / "2026" / "04" / f"{CANARY}-embargoed-article.html").is_file()
    assert "Xq7canary draft incident" in (preview / "incidents" / "index.html").read_text(encoding="utf-8")


def test_a_build_after_a_preview_in_the_same_process_hides_drafts_again(project, tmp_path):
    # mkdocs keeps plugin instances for the whole process: the serve above must not leak into this build.
    from mkdocs.config import load_config

    config = load_config(str(project.mkdocs_config), docs_dir=str(project.content_dir))
    config.plugins.on_startup(command="serve", dirty=False)  # a preview that never shut down
    site = build_site(project, site_dir=tmp_path / "after")
    assert not (site / "companies" / f"{CANARY}-draft-company.html").exists()
