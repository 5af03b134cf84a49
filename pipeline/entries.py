"""Entries in content/: the schema of their front matter, reading, checking, writing.

Front matter is the schema. Every problem is reported as
`path:line: field: what is wrong — how to fix`, all at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from pipeline.vocabulary import load_vocabulary

RELATION_STATUSES = ("proposed", "confirmed", "rejected")
INCIDENT_STATUSES = ("investigating", "confirmed", "contained", "resolved", "disputed")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # str, url, list, date, datetime, float, bool, relations, timeline
    required: bool = False


# Keys are written in this order, so entries diff cleanly and re-runs are byte-identical.
SCHEMAS: dict[str, tuple[FieldSpec, ...]] = {
    "company": (
        FieldSpec("type", "str", True),
        FieldSpec("name", "str", True),
        FieldSpec("aliases", "list"),
        FieldSpec("website", "url"),
        FieldSpec("sector", "str"),
        FieldSpec("description", "str"),
        FieldSpec("draft", "bool"),
        FieldSpec("embargo_until", "datetime"),
    ),
    "article": (
        FieldSpec("type", "str", True),
        FieldSpec("title", "str", True),
        FieldSpec("url", "url", True),
        FieldSpec("guid", "str", True),
        FieldSpec("source", "str", True),
        FieldSpec("published", "datetime"),
        FieldSpec("fetched", "datetime"),
        FieldSpec("summary", "str"),
        FieldSpec("companies", "list"),
        FieldSpec("relations", "relations"),
        FieldSpec("incident", "str"),
        FieldSpec("draft", "bool"),
        FieldSpec("embargo_until", "datetime"),
        # Written by the pipeline: the fingerprint of the text it last wrote, so a feed's update
        # is applied only while an editor has not changed that text.
        FieldSpec("feed_digest", "str"),
    ),
    "incident": (
        FieldSpec("type", "str", True),
        FieldSpec("title", "str", True),
        FieldSpec("date", "date", True),
        FieldSpec("victims", "list"),
        FieldSpec("affected", "list"),
        FieldSpec("attackers", "list"),
        FieldSpec("status", "str"),
        FieldSpec("tags", "list"),
        FieldSpec("timeline", "timeline"),
        FieldSpec("draft", "bool"),
        FieldSpec("embargo_until", "datetime"),
    ),
}
# Folder under content/ that holds each type.
FOLDERS = {"company": "companies", "incident": "incidents", "article": "articles"}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} — {self.fix}"


class ContentError(Exception):
    """content/ holds entries that do not validate."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Entry:
    """One Markdown file in content/: its front matter and its body."""

    path: Path  # relative to content/, POSIX style
    meta: dict[str, Any]
    body: str
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in the file
    display: str = ""  # the path shown in messages, e.g. content/companies/meta.md

    def __post_init__(self) -> None:
        self.display = self.display or self.path.as_posix()

    @property
    def type(self) -> str:
        return self.meta.get("type", "")

    @property
    def slug(self) -> str:
        return self.path.stem

    def is_published(self, now: dt.datetime | None = None) -> bool:
        """False for drafts and for entries still under embargo."""
        if self.meta.get("draft") is True:
            return False
        embargo = as_datetime(self.meta.get("embargo_until"))
        return embargo is None or embargo <= (now or dt.datetime.now(dt.timezone.utc))


def as_datetime(value: Any) -> dt.datetime | None:
    """A timezone-aware datetime from what YAML gives for a date or time (UTC if naive)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(yaml text, body) or None when the file has no front matter block."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    return match.group(1), text[match.end():]


def parse_entry(text: str, relpath: str, display: str | None = None) -> tuple[Entry | None, list[Problem]]:
    """Parse one entry's text; problems carry the file's line numbers."""
    display = display or relpath
    parts = split_front_matter(text)
    if parts is None:
        return None, [Problem(display, 1, "front matter", "missing",
                              "start the file with a --- line, the YAML fields, and another --- line")]
    yaml_text, body = parts
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening ---
        what = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(display, line, "yaml", f"invalid YAML: {what}",
                              "fix the syntax (quote values that contain ': ' or start with a special character)")]
    if not isinstance(meta, dict):
        return None, [Problem(display, 2, "front matter", "is not a mapping of field: value",
                              "write one `field: value` per line")]
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 2
    return Entry(Path(relpath), meta, body, lines, display), []


def read_entry(path: Path, content_dir: Path) -> tuple[Entry | None, list[Problem]]:
    relpath = path.relative_to(content_dir).as_posix()
    display = path.relative_to(content_dir.parent).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 1, "encoding", f"not UTF-8 ({exc.reason})", "save the file as UTF-8")]
    return parse_entry(text, relpath, display)


def iter_entry_files(content_dir: Path) -> Iterable[Path]:
    for folder in FOLDERS.values():
        yield from sorted((content_dir / folder).rglob("*.md"))


@dataclass
class Content:
    """Every entry under content/, by type and slug, plus the problems found reading them."""

    companies: dict[str, Entry] = field(default_factory=dict)
    incidents: dict[str, Entry] = field(default_factory=dict)
    articles: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def all(self) -> Iterable[Entry]:
        yield from self.companies.values()
        yield from self.incidents.values()
        yield from self.articles


def load_content(content_dir: Path) -> Content:
    """Read every entry (index pages excluded) and validate each one and the references between them."""
    content = Content()
    for path in iter_entry_files(content_dir):
        if path.name == "index.md":
            continue
        entry, problems = read_entry(path, content_dir)
        content.problems.extend(problems)
        if entry is None:
            continue
        content.problems.extend(validate_fields(entry))
        expected = next((t for t, f in FOLDERS.items() if entry.path.parts[0] == f), None)
        if entry.type != expected:
            continue
        if entry.type == "company":
            content.companies[entry.slug] = entry
        elif entry.type == "incident":
            content.incidents[entry.slug] = entry
        else:
            content.articles.append(entry)
    content.problems.extend(validate_references(content))
    return content


def _kind_problem(spec: FieldSpec, value: Any) -> tuple[str, str] | None:
    """(what is wrong, how to fix) when `value` does not fit `spec`, else None."""
    name = spec.name
    if spec.kind in ("str", "url"):
        if not isinstance(value, str):
            return f"expected text, got {value!r}", f"write {name}: \"…\""
        if spec.kind == "url" and value and not re.match(r"https?://", value):
            return f"expected an http(s) URL, got {value!r}", f"write {name}: https://…"
    elif spec.kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            shown = value if not isinstance(value, str) else f"'{value}'"
            return (f"expected a list of names, got {shown}",
                    f"write {name}: [{value if isinstance(value, str) else '…'}]")
    elif spec.kind == "bool":
        if not isinstance(value, bool):
            return f"expected true or false, got {value!r}", f"write {name}: true"
    elif spec.kind in ("date", "datetime"):
        if as_datetime(value) is None:
            return (f"expected a date, got {value!r}",
                    f"write {name}: 2026-11-03" + (" or 2026-11-03T09:30:00Z" if spec.kind == "datetime" else ""))
    elif spec.kind == "float":
        if not isinstance(value, (int, float)):
            return f"expected a number, got {value!r}", f"write {name}: 0.8"
    elif spec.kind in ("relations", "timeline"):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return f"expected a list of mappings, got {value!r}", f"write each item as `- {{…}}` on its own line"
    return None


def validate_fields(entry: Entry) -> list[Problem]:
    """Problems with one entry's own fields (types, required, vocabulary)."""
    path = entry.display
    line = entry.lines.get
    kind = entry.meta.get("type")
    if kind not in SCHEMAS:
        return [Problem(path, line("type", 2), "type", f"unknown entry type {kind!r}",
                        "write type: company, type: incident or type: article")]
    expected_folder = FOLDERS[kind]
    problems = []
    if entry.path.parts[0] != expected_folder:
        problems.append(Problem(path, line("type", 2), "type", f"a {kind} entry outside {expected_folder}/",
                                f"move the file into content/{expected_folder}/"))
    specs = {spec.name: spec for spec in SCHEMAS[kind]}
    for spec in SCHEMAS[kind]:
        value = entry.meta.get(spec.name)
        if value is None:
            if spec.required:
                problems.append(Problem(path, 2, spec.name, "required field is missing",
                                        f"add {spec.name}: to the front matter"))
            continue
        wrong = _kind_problem(spec, value)
        if wrong:
            problems.append(Problem(path, line(spec.name, 2), spec.name, *wrong))
    for key in entry.meta:
        if key not in specs:
            problems.append(Problem(path, line(key, 2), str(key), f"unknown field for a {kind}",
                                    f"remove it or use one of: {', '.join(specs)}", severity="warning"))
    if kind == "article" and isinstance(entry.meta.get("relations"), list):
        problems.extend(_validate_relations(entry))
    return problems


def _validate_relations(entry: Entry) -> list[Problem]:
    vocabulary = load_vocabulary()
    path = entry.display
    line = entry.lines.get("relations", 2)
    problems = []
    for number, relation in enumerate(entry.meta["relations"], start=1):
        if not isinstance(relation, dict):
            continue
        where = f"relations[{number}]"
        for key in ("subject", "predicate", "object"):
            if not isinstance(relation.get(key), str) or not relation.get(key):
                problems.append(Problem(path, line, f"{where}.{key}", "missing",
                                        f"give the relation a {key}"))
        predicate = relation.get("predicate")
        if isinstance(predicate, str) and predicate not in vocabulary.predicates:
            problems.append(Problem(path, line, f"{where}.predicate", f"unknown predicate {predicate!r}",
                                    f"use one of: {', '.join(vocabulary.predicates)}"))
        status = relation.get("status", "proposed")
        if status not in RELATION_STATUSES:
            problems.append(Problem(path, line, f"{where}.status", f"unknown status {status!r}",
                                    f"use one of: {', '.join(RELATION_STATUSES)}"))
    return problems


def validate_references(content: Content) -> list[Problem]:
    """Problems with references between entries: unknown companies and incidents."""
    problems = []
    known = content.companies

    def check_company(entry: Entry, field_name: str, slug: Any) -> None:
        if isinstance(slug, str) and slug not in known:
            problems.append(Problem(entry.display, entry.lines.get(field_name, 2), field_name,
                                    f"unknown company {slug!r}",
                                    f"create content/companies/{slug}.md or use an existing company's slug"))

    for entry in content.articles:
        for slug in entry.meta.get("companies") or []:
            check_company(entry, "companies", slug)
        for relation in entry.meta.get("relations") or []:
            if isinstance(relation, dict):
                check_company(entry, "relations", relation.get("subject"))
                check_company(entry, "relations", relation.get("object"))
        incident = entry.meta.get("incident")
        if isinstance(incident, str) and incident not in content.incidents:
            problems.append(Problem(entry.display, entry.lines.get("incident", 2), "incident",
                                    f"unknown incident {incident!r}",
                                    f"create content/incidents/{incident}.md or remove the field"))
    for entry in content.incidents.values():
        for role in ("victims", "affected", "attackers"):
            value = entry.meta.get(role)
            for slug in value if isinstance(value, list) else []:
                check_company(entry, role, slug)
    return problems


def dump_entry(meta: dict[str, Any], body: str) -> str:
    """The file text for an entry: keys in schema order, then the body."""
    kind = meta.get("type")
    order = [spec.name for spec in SCHEMAS.get(kind, ())]
    ordered = {key: meta[key] for key in order if key in meta and meta[key] is not None}
    ordered.update({key: value for key, value in meta.items() if key not in ordered and value is not None})
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    body = body if body.endswith("\n") or not body else body + "\n"
    return f"---\n{front}---\n{body}"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
