"""Docs that cannot drift: every CLI command has help text and appears in the README."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command

from pipeline.cli import app

from conftest import PROJECT_ROOT

COMMANDS = sorted(get_command(app).commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name):
    command = get_command(app).commands[name]
    assert (command.help or "").strip(), f"`breachwire {name}` has no help text"
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`breachwire {re.escape(name)}\b", readme), f"`breachwire {name}` is not in README.md"


def test_readme_names_the_two_commands_and_ci_runs_the_test_command():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
