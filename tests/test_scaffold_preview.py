"""Editors preview with `mkdocs serve`: a new draft shows there (never in `mkdocs build`) and reloads on edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from pipeline.build import build_site
from pipeline.scaffold import new_entry
from tests.conftest import PROJECT_ROOT

WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, text: str) -> str:
    """The page at `url` once it contains `text`; polls a bounded number of times."""
    deadline, last = time.monotonic() + WAIT_SECONDS, ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=5)
            last = response.text
            if response.status_code == 200 and text in last:
                return last
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{url} did not show {text!r} within {WAIT_SECONDS} s; last response: {last[:300]!r}")


@pytest.fixture
def serving(project):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "BREACHWIRE_ROOT": str(project.root)}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield project, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_new_draft_is_previewed_and_reloaded_but_never_built(serving):
    project, base = serving
    path = new_entry(project.content_dir, "company", "Kestrel Annotate")
    path.write_text(path.read_text(encoding="utf-8").replace("description: ''", "description: Labels data."),
                    encoding="utf-8")
    page = wait_for(f"{base}/companies/kestrel-annotate.html", "Labels data.")
    assert "<h1" in page and "Kestrel Annotate" in page
    path.write_text(path.read_text(encoding="utf-8").replace("Labels data.", "Labels data for AI labs."),
                    encoding="utf-8")
    wait_for(f"{base}/companies/kestrel-annotate.html", "Labels data for AI labs.")

    site = build_site(project)
    assert not (site / "companies" / "kestrel-annotate.html").exists()
    assert "kestrel-annotate" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
