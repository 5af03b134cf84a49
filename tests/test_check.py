"""`breachwire check`: every broken entry in tests/fixtures/content/ gives exactly the messages its header expects.

Each fixture is one small entry. Its header (an HTML comment after the front
matter) says where it goes under content/ (`Path:`) and lists every problem
`check` must report for it, errors as `Expect:` and warnings as `Expect warning:`.
It is dropped into a copy of the project's own content, which is valid.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.build import BuildError, build_site
from pipeline.cli import app
from pipeline.entries import check, load_content, name_key
from tests.conftest import FIXTURES, PROJECT_ROOT

BROKEN = sorted((FIXTURES / "content").glob("*.md"))


def header(fixture: Path) -> tuple[str, list[str]]:
    """(path under content/, expected lines with their severity) from a fixture's header."""
    text = fixture.read_text(encoding="utf-8")
    path = re.search(r"^Path: (.+)$", text, re.MULTILINE)
    assert path, f"{fixture}: no Path: line in its header"
    expected = [f"{kind.strip() or 'error'}: {line}"
                for kind, line in re.findall(r"^Expect( warning)?: (.+)$", text, re.MULTILINE)]
    assert expected, f"{fixture}: no Expect: line in its header"
    return path.group(1), expected


def place(fixture: Path, content_dir: Path) -> Path:
    relpath, _ = header(fixture)
    destination = content_dir / relpath
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixture, destination)
    return destination


def test_the_project_content_is_valid():
    report = check(PROJECT_ROOT / "content")
    assert not report.problems, "\n".join(map(str, report.problems))


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_a_broken_entry_gives_exactly_the_expected_messages(fixture, project):
    place(fixture, project.content_dir)
    report = check(project.content_dir)
    found = [f"{p.severity}: {p}" for p in report.problems]
    assert found == header(fixture)[1], f"{fixture}:\n" + "\n".join(found)


def test_check_reports_every_problem_at_once_and_fails(project):
    for name in ("bad-yaml.md", "unknown-references.md", "likely-duplicate.md"):
        place(FIXTURES / "content" / name, project.content_dir)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 1, result.output
    expected = [line.split(": ", 1)[1] for name in ("bad-yaml.md", "unknown-references.md", "likely-duplicate.md")
                for line in header(FIXTURES / "content" / name)[1]]
    printed = [line for line in result.output.splitlines() if line.startswith("content/")]
    assert sorted(printed) == sorted(expected)
    assert "7 errors, 1 warning." in result.stderr


def test_warnings_alone_do_not_fail_the_check(project):
    place(FIXTURES / "content" / "likely-duplicate.md", project.content_dir)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "looks like the same company as 'Anthropic'" in result.stdout
    companies = len(list((project.content_dir / "companies").glob("*.md")))  # the knowledge base and the fixture
    assert f"content/ is valid: {companies} companies, 1 incidents, 0 articles (1 warning)." in result.stdout


def test_check_paths_reports_only_those_entries(project, monkeypatch):
    bad_yaml = place(FIXTURES / "content" / "bad-yaml.md", project.content_dir)
    wrong_incident = place(FIXTURES / "content" / "incident-wrong-types.md", project.content_dir)
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(app, ["check", "content/incidents"])
    assert result.exit_code == 1, result.output
    assert "content/incidents/scale-ai-exposure.md:4: date:" in result.output
    assert "scale-ai.md" not in result.output
    result = CliRunner().invoke(app, ["check", str(bad_yaml), str(wrong_incident)])
    assert "scale-ai.md:5: yaml:" in result.output and "scale-ai-exposure.md:4:" in result.output
    result = CliRunner().invoke(app, ["check", "content/companies/meta.md"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["check", "nowhere.md"])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_the_site_build_refuses_a_duplicate_alias(project):
    place(FIXTURES / "content" / "duplicate-alias.md", project.content_dir)
    with pytest.raises(BuildError) as caught:
        build_site(project)
    assert header(FIXTURES / "content" / "duplicate-alias.md")[1][0].split(": ", 1)[1] in str(caught.value)
    assert not (project.site_dir / "companies" / "fair.html").exists()


@pytest.mark.parametrize("first, second", [
    ("Open AI", "OpenAI"), ("Open AI, Inc.", "OpenAI"), ("Scale AI Inc.", "Scale AI"), ("Hugging Face", "HuggingFace"),
])
def test_spellings_of_one_name_share_a_key(first, second):
    assert name_key(first) == name_key(second)


def test_a_one_letter_typo_in_a_long_name_is_a_likely_duplicate(project):
    (project.content_dir / "companies" / "talgrass-security.md").write_text(
        "---\ntype: company\nname: Talgrass Security\n---\n", encoding="utf-8")
    (project.content_dir / "companies" / "tallgrass-security.md").write_text(
        "---\ntype: company\nname: Tallgrass Security\nsector: Security research\n---\n", encoding="utf-8")
    # Short names one letter apart, and names that differ in a number, are usually different companies.
    for slug, name in (("metz", "Metz"), ("norvik-labs-12", "Norvik Labs 12"), ("norvik-labs-13", "Norvik Labs 13")):
        (project.content_dir / "companies" / f"{slug}.md").write_text(f"---\ntype: company\nname: {name}\n---\n",
                                                                     encoding="utf-8")
    problems = [str(p) for p in load_content(project.content_dir).problems]
    assert problems == [
        "content/companies/talgrass-security.md:3: name: 'Talgrass Security' looks like the same company as "
        "'Tallgrass Security' (content/companies/tallgrass-security.md) — merge them: breachwire merge-company "
        "talgrass-security tallgrass-security — or, if they differ, add distinct_from: [tallgrass-security]"
    ]
    (project.content_dir / "companies" / "talgrass-security.md").write_text(
        "---\ntype: company\nname: Talgrass Security\ndistinct_from: [tallgrass-security]\n---\n", encoding="utf-8")
    assert not load_content(project.content_dir).problems
