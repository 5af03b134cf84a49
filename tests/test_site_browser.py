"""The built site in a real browser: headless Chromium (Debian's) over HTTP on 127.0.0.1."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_project
from pipeline.build import build_site
from pipeline.config import load_settings
from pipeline.run import run

CHROMIUM = os.environ.get("BREACHWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
# The theme draws each diagram into a closed shadow root; opened, the test can look inside it.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""
TIMEOUT_MS = 20_000


def missing(what: str, fix: str):
    # CI installs everything (.ci/run, make install); on a developer's machine say what to install.
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI — {fix}")
    pytest.skip(f"{what} is not installed — {fix}")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, nlp):
    if not Path(CHROMIUM).is_file():
        missing(CHROMIUM, "apt-get install chromium")
    if not (PROJECT_ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js").is_file():
        missing("Mermaid (node_modules)", "run npm ci --ignore-scripts in the project folder")
    root = copy_project(tmp_path_factory.mktemp("browser") / "project")
    settings = load_settings(root)
    run(settings, settings.sample_feeds(), nlp=nlp, build=False)
    site = build_site(settings)
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join(timeout=5)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def browser(site_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing may leave 127.0.0.1: a request elsewhere (a CDN, a font) would fail the page silently.
    outside = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url)
                  else (outside.append(route.request.url), route.abort()))
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()
    assert outside == [], f"the site asked for resources outside itself: {outside}"


def test_searching_for_mercor_finds_the_incident(page, site_url):
    page.goto(site_url + "index.html")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Mercor", delay=30)  # typed key by key, as a reader would
    results = page.locator("li.md-search-result__item > a.md-search-result__link")
    results.first.wait_for()
    incident = results.filter(has=page.locator("h1", has_text="Mercor data breach"))
    incident.first.wait_for()
    assert incident.first.get_attribute("href").split("?")[0].endswith("incidents/mercor-data-breach.html")
    # The incident is what a reader looking for Mercor sees first.
    assert "Mercor data breach" in results.first.locator("h1").inner_text()
    incident.first.click()
    page.wait_for_url("**/incidents/mercor-data-breach.html*")
    assert page.locator("article h1").first.inner_text().startswith("Mercor data breach")


def test_meta_page_renders_its_network_diagram(page, site_url, tmp_path):
    page.goto(site_url + "companies/meta.html")
    diagram = page.locator("div.mermaid svg").first
    diagram.wait_for()
    labels = diagram.text_content()
    assert "Meta" in labels and "Mercor" in labels and "paused work with" in labels
    box = diagram.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 50, box
    shot = tmp_path / "meta.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("BREACHWIRE_KEEP_SCREENSHOTS"):
        shutil.copy(shot, os.environ["BREACHWIRE_KEEP_SCREENSHOTS"])


def test_home_chart_renders(page, site_url):
    page.goto(site_url + "index.html")
    chart = page.locator("div.mermaid svg").first
    chart.wait_for()
    assert "2026-03" in chart.text_content() and "2026-04" in chart.text_content()


def test_incident_index_sorts_by_a_column(page, site_url):
    page.goto(site_url + "incidents/index.html")
    header = page.locator("article table th", has_text="Status")
    header.click()
    assert header.get_attribute("aria-sort") in ("ascending", "descending")


def test_dark_mode_toggle(page, site_url):
    page.goto(site_url + "index.html")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    assert page.locator("body").get_attribute("data-md-color-scheme") != before
