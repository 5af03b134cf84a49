"""`breachwire doctor`: is this installation the one that was reviewed, and is its data healthy?"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pipeline.config import Settings
from pipeline.entries import load_content
from pipeline.model import ModelError, verify_model

REQUIRED_PYTHON = (3, 11)
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str


def canonical_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock_file: Path) -> dict[str, str]:
    """name -> version for every `name==version` pin in a pip-compile lock file."""
    pins = {}
    for line in lock_file.read_text(encoding="utf-8").splitlines():
        match = LOCK_LINE.match(line)
        if match:
            pins[canonical_name(match.group(1))] = match.group(2)
    return pins


def check_python() -> Finding:
    version = sys.version_info
    ok = version[:2] == REQUIRED_PYTHON
    return Finding("python", ok, f"Python {version.major}.{version.minor}.{version.micro}"
                   + ("" if ok else f" — Breachwire is built and locked for {REQUIRED_PYTHON[0]}.{REQUIRED_PYTHON[1]}"))


def check_packages(lock_file: Path) -> list[Finding]:
    """Every locked distribution must be installed at exactly the locked version."""
    if not lock_file.is_file():
        return [Finding("packages", False, f"{lock_file} is missing — restore it from git or run `make lock`")]
    findings = []
    drifted = []
    pins = locked_versions(lock_file)
    for name, version in sorted(pins.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            drifted.append(f"{name} is not installed (locked {version})")
            continue
        if installed != version:
            drifted.append(f"{name} {installed} is installed, the lock says {version}")
    if drifted:
        findings.extend(Finding("packages", False, d + " — run `make install` (or `make lock` if the change is intended)")
                        for d in drifted)
    else:
        findings.append(Finding("packages", True, f"{len(pins)} distributions match {lock_file.name}"))
    return findings


def check_model() -> Finding:
    try:
        result = verify_model()
    except (ModelError, OSError, KeyError, ValueError) as exc:
        return Finding("model", False, str(exc))
    return Finding("model", True, f"{result.files_checked} files match the manifest ({result.path})")


def check_state(settings: Settings) -> list[Finding]:
    from pipeline.index import check_index

    state = settings.state_dir
    if not state.exists():
        return [Finding("state", True, f"{state} does not exist yet (created by the first run)")]
    findings = [Finding("state", os.access(state, os.W_OK),
                        f"{state} is writable" if os.access(state, os.W_OK) else f"{state} is not writable — fix its permissions")]
    problem = check_index(settings.index_dir)
    findings.append(Finding("index", problem is None,
                            problem or f"{settings.index_dir} opens and answers queries"))
    return findings


def check_content(settings: Settings) -> Finding:
    content = load_content(settings.content_dir)
    errors = [p for p in content.problems if p.severity == "error"]
    if errors:
        shown = "; ".join(str(p) for p in errors[:3]) + (f"; and {len(errors) - 3} more" if len(errors) > 3 else "")
        return Finding("content", False, f"{len(errors)} errors — run `breachwire check`: {shown}")
    return Finding("content", True, f"{sum(1 for _ in content.all())} entries validate")


def diagnose(settings: Settings, *, lock_file: Path | None = None) -> list[Finding]:
    """Run every check; nothing here writes anything."""
    findings = [check_python()]
    findings.extend(check_packages(lock_file or settings.root / "requirements.lock"))
    findings.append(check_model())
    findings.extend(check_state(settings))
    findings.append(check_content(settings))
    return findings
