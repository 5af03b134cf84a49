"""The README's editor section cannot drift: its example entries validate, and every command is documented."""

from __future__ import annotations

import re

import typer.main

from pipeline.cli import app
from pipeline.entries import check
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def editor_examples() -> dict[str, str]:
    """{path under content/: text} of the complete examples in the README's "Editing" section."""
    section = README.split("## Editing", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"`content/([\w/.-]+\.md)`(?:(?!```).)*?```markdown\n(.*?)```", section, re.DOTALL)
    return dict(found)


def test_each_entry_type_has_a_complete_example_that_validates(project):
    examples = editor_examples()
    assert sorted(examples) == ["articles/2026/03/meta-pauses-work-with-mercor.md", "companies/meta.md",
                                "incidents/mercor-data-breach.md"]
    for path, text in examples.items():
        (project.content_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (project.content_dir / path).write_text(text, encoding="utf-8")
    # The company example names a different company with a similar name.
    (project.content_dir / "companies" / "metaculus.md").write_text("---\ntype: company\nname: Metaculus\n---\n",
                                                                   encoding="utf-8")
    report = check(project.content_dir)
    assert not report.problems, "\n".join(map(str, report.problems))


def commands(group, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):  # a group of subcommands, e.g. `incidents`
            found.extend(commands(command, f"{prefix}{name} "))
        else:
            found.append((prefix + name, command))
    return found


def test_every_command_has_help_and_is_in_the_readme():
    every = commands(typer.main.get_command(app))
    assert {"check", "new", "review", "merge-company", "incidents suggest"} <= {name for name, _ in every}
    for name, command in every:
        assert command.help, f"breachwire {name} has no help text"
        assert f"`breachwire {name}" in README, f"breachwire {name} is not in the README's command table"
