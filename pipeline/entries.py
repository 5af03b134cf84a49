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

from pipeline.slugs import slugify
from pipeline.vocabulary import load_vocabulary

RELATION_STATUSES = ("proposed", "confirmed", "rejected")
INCIDENT_STATUSES = ("investigating", "confirmed", "contained", "resolved", "disputed")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # str, url, list, date, datetime, float, bool, relations, timeline
    required: bool = False
    help: str = ""  # guidance for editors: written as a comment by `breachwire new`


DRAFT_HELP = "true keeps the entry off the published site (mkdocs serve still shows it); delete the line to publish"
EMBARGO_HELP = "publish no earlier than this UTC time, e.g. 2026-05-01T09:00:00Z; delete the line if there is no embargo"

# Keys are written in this order, so entries diff cleanly and re-runs are byte-identical.
SCHEMAS: dict[str, tuple[FieldSpec, ...]] = {
    "company": (
        FieldSpec("type", "str", True),
        FieldSpec("name", "str", True, "the name the company uses for itself, e.g. Scale AI"),
        FieldSpec("aliases", "list", help="every other name the press uses, e.g. [Scale, Scale AI Inc.]; "
                                          "the extractor resolves each to this company"),
        FieldSpec("website", "url", help="the company's own site, https://…"),
        FieldSpec("sector", "str", help="what it does in a few words, e.g. AI training data"),
        FieldSpec("description", "str", help="one sentence for the company's page"),
        FieldSpec("merged_from", "list", help="slugs of duplicate entries merged into this one (breachwire "
                                              "merge-company keeps it); their old pages redirect here"),
        FieldSpec("distinct_from", "list", help="slugs of companies with a similar name that are not the same "
                                                "company; silences the likely-duplicate warning"),
        FieldSpec("draft", "bool", help=DRAFT_HELP),
        FieldSpec("embargo_until", "datetime", help=EMBARGO_HELP),
    ),
    "article": (
        FieldSpec("type", "str", True),
        FieldSpec("title", "str", True, "the headline"),
        FieldSpec("url", "url", True, "the article's address"),
        FieldSpec("guid", "str", True, "the feed's id for the item (the URL if the feed has none)"),
        FieldSpec("source", "str", True, "the outlet, e.g. WIRED"),
        FieldSpec("published", "datetime", help="when the outlet published it"),
        FieldSpec("fetched", "datetime", help="when Breachwire read it"),
        FieldSpec("summary", "str", help="the feed's summary"),
        FieldSpec("companies", "list", help="slugs of the companies it names"),
        FieldSpec("relations", "relations", help="what the article says about companies; see RELATION_FIELDS"),
        FieldSpec("incident", "str", help="slug of the incident this article covers"),
        FieldSpec("incident_status", "str", help="proposed when the machine chose the incident, confirmed when "
                                                 "an editor did"),
        FieldSpec("draft", "bool", help=DRAFT_HELP),
        FieldSpec("embargo_until", "datetime", help=EMBARGO_HELP),
        # Written by the pipeline: the fingerprint of the text it last wrote, so a feed's update
        # is applied only while an editor has not changed that text.
        FieldSpec("feed_digest", "str", help="written by the pipeline (a fingerprint of the text it wrote); "
                                             "leave it alone"),
    ),
    "incident": (
        FieldSpec("type", "str", True),
        FieldSpec("title", "str", True, "what happened, in a few words, e.g. Mercor data breach"),
        FieldSpec("date", "date", True, "when it happened or was disclosed, YYYY-MM-DD"),
        FieldSpec("victims", "list", help="slugs of the companies breached or compromised, e.g. [mercor]"),
        FieldSpec("affected", "list", help="slugs of the companies whose data or work was exposed through the "
                                           "victims, e.g. [meta, openai]"),
        FieldSpec("attackers", "list", help="slugs of the attackers, if known (an attacker group is a company "
                                            "entry too)"),
        FieldSpec("status", "str", help="one of: investigating, confirmed, contained, resolved, disputed"),
        FieldSpec("tags", "list", help="lowercase topics, e.g. [training-data, vendor-breach]"),
        FieldSpec("timeline", "timeline", help="curated events, each {date: YYYY-MM-DD, event: what happened, "
                                               "source: https://… (optional)}"),
        FieldSpec("draft", "bool", help=DRAFT_HELP),
        FieldSpec("embargo_until", "datetime", help=EMBARGO_HELP),
    ),
}
# The fields of one relation in an article's `relations` list, in the order they are written.
RELATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("subject", "str", True),
    FieldSpec("predicate", "str", True),
    FieldSpec("object", "str", True),
    FieldSpec("evidence", "str"),
    FieldSpec("confidence", "float"),
    FieldSpec("status", "str"),
    FieldSpec("reviewed_by", "str"),
    FieldSpec("reviewed_at", "datetime"),
)
TIMELINE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", "date", True),
    FieldSpec("event", "str", True),
    FieldSpec("source", "url"),
)
ARTICLE_INCIDENT_STATUSES = ("proposed", "confirmed")
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
    # Lines of list items and their keys: "aliases[2]", "relations[1].object" -> line in the file.
    item_lines: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.display = self.display or self.path.as_posix()

    @property
    def type(self) -> str:
        return self.meta.get("type", "")

    @property
    def slug(self) -> str:
        return self.path.stem

    def line_of(self, key: str, default: int = 2) -> int:
        """The line of a field ("aliases") or of a list item ("aliases[2]", "relations[1].object")."""
        if key in self.item_lines:
            return self.item_lines[key]
        item = key.rsplit(".", 1)[0]
        if item in self.item_lines:  # a key the item does not have: point at the item
            return self.item_lines[item]
        return self.lines.get(re.split(r"[\[.]", key, maxsplit=1)[0], default)

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


def _item_lines(node: yaml.MappingNode) -> dict[str, int]:
    """Line of every item of the top-level lists, and of the keys of items that are mappings."""
    lines = {}
    for key_node, value_node in node.value:
        if not isinstance(value_node, yaml.SequenceNode):
            continue
        for number, item in enumerate(value_node.value, start=1):
            where = f"{key_node.value}[{number}]"
            lines[where] = item.start_mark.line + 2
            if isinstance(item, yaml.MappingNode):
                for sub_key, _ in item.value:
                    lines[f"{where}.{sub_key.value}"] = sub_key.start_mark.line + 2
    return lines


# libyaml parses front matter ~20x faster than pure Python; `check` reads every entry, so it matters.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_construct(yaml_text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the values, from one parse."""
    loader = FAST_LOADER(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _pure_python_error(yaml_text: str) -> yaml.YAMLError | None:
    """PyYAML's own error for text libyaml rejected: its wording and marks are what messages are written for."""
    try:
        yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return exc
    return None


def parse_entry(text: str, relpath: str, display: str | None = None) -> tuple[Entry | None, list[Problem]]:
    """Parse one entry's text; problems carry the file's line numbers."""
    display = display or relpath
    parts = split_front_matter(text)
    if parts is None:
        return None, [Problem(display, 1, "front matter", "missing",
                              "start the file with a --- line, the YAML fields, and another --- line")]
    yaml_text, body = parts
    try:
        node, meta = _compose_and_construct(yaml_text)
    except yaml.YAMLError as exc:
        exc = _pure_python_error(yaml_text) or exc
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for 0-based, +1 for the opening ---
        what = getattr(exc, "problem", None) or str(exc)
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start and mark and start.line != mark.line:
            # YAML notices an unclosed list or quote lines later; say where the construct began.
            what = f"{what} {context} that starts on line {start.line + 2}"
        return None, [Problem(display, line, "yaml", f"invalid YAML: {what}",
                              "fix the syntax (quote values that contain ': ' or start with a special character)")]
    if not isinstance(meta, dict):
        return None, [Problem(display, 2, "front matter", "is not a mapping of field: value",
                              "write one `field: value` per line")]
    lines: dict[str, int] = {}
    problems = []
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if key in lines:
                # YAML keeps the last value silently; an editor fixing the first one would see no effect.
                problems.append(Problem(display, line, key, f"duplicate field (first on line {lines[key]})",
                                        "keep one of the two lines"))
            lines[key] = line
        item_lines = _item_lines(node)
    else:
        item_lines = {}
    return Entry(Path(relpath), meta, body, lines, display, item_lines), problems


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
    # Indexes derived from the entries once per load (e.g. the incident matcher); not part of the data.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def all(self) -> Iterable[Entry]:
        yield from self.companies.values()
        yield from self.incidents.values()
        yield from self.articles

    def add(self, entry: Entry) -> None:
        """File an entry under its type: companies and incidents by slug, articles in a list."""
        if entry.type == "company":
            self.companies[entry.slug] = entry
        elif entry.type == "incident":
            self.incidents[entry.slug] = entry
        else:
            self.articles.append(entry)

    def merged_into(self) -> dict[str, str]:
        """Old company slug -> the company it was merged into (from `merged_from`)."""
        return {
            old: slug
            for slug, entry in sorted(self.companies.items())
            for old in _string_list(entry.meta.get("merged_from"))
        }


def _string_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def load_companies(content_dir: Path) -> dict[str, Entry]:
    """The company entries alone, by slug, unvalidated: for a run that needs their names before all of content/."""
    companies: dict[str, Entry] = {}
    for path in sorted((content_dir / FOLDERS["company"]).rglob("*.md")):
        entry, _ = read_entry(path, content_dir) if path.name != "index.md" else (None, [])
        if entry is not None and entry.type == "company":
            companies[entry.slug] = entry
    return companies


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
        content.add(entry)
    content.problems.extend(validate_references(content))
    content.problems.extend(validate_companies(content))
    return content


def _kind_problem(spec: FieldSpec, value: Any, name: str | None = None) -> tuple[str, str] | None:
    """(what is wrong, how to fix) when `value` does not fit `spec`, else None."""
    name = name or spec.name
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
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            return f"expected a number from 0 to 1, got {value!r}", f"write {name}: 0.8"
    elif spec.kind in ("relations", "timeline"):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return f"expected a list of mappings, got {value!r}", "write each item as `- {…}` on its own line"
    return None


def _check_mapping(entry: Entry, where: str, item: dict, specs: tuple[FieldSpec, ...]) -> list[Problem]:
    """Problems with one mapping inside a list (a relation, a timeline event)."""
    problems = []
    for spec in specs:
        value = item.get(spec.name)
        name = f"{where}.{spec.name}"
        if value is None or value == "":
            if spec.required:
                problems.append(Problem(entry.display, entry.line_of(where), name, "missing",
                                        f"add {spec.name}: to this item"))
            continue
        wrong = _kind_problem(spec, value, spec.name)
        if wrong:
            problems.append(Problem(entry.display, entry.line_of(name), name, *wrong))
    known = [spec.name for spec in specs]
    for key in item:
        if key not in known:
            problems.append(Problem(entry.display, entry.line_of(f"{where}.{key}"), f"{where}.{key}", "unknown field",
                                    f"remove it or use one of: {', '.join(known)}", severity="warning"))
    return problems


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
        problems.append(Problem(path, line("type", 2), "type", f"{_a(kind)} {kind} entry outside {expected_folder}/",
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
        elif spec.required and spec.kind == "str" and not value.strip():
            problems.append(Problem(path, line(spec.name, 2), spec.name, "is empty", f"write {spec.name}: \"…\""))
    for key in entry.meta:
        if key not in specs:
            problems.append(Problem(path, line(key, 2), str(key), f"unknown field for {_a(kind)} {kind}",
                                    f"remove it or use one of: {', '.join(specs)}", severity="warning"))
    problems.extend(_validate_publication(entry))
    if entry.slug != slugify(entry.slug, fallback=""):
        problems.append(Problem(path, 1, "file name", f"{entry.path.name!r} is not a safe slug",
                                f"rename the file to {slugify(entry.slug)}.md", severity="warning"))
    if kind == "article":
        problems.extend(_choice(entry, "incident_status", ARTICLE_INCIDENT_STATUSES))
        if isinstance(entry.meta.get("relations"), list):
            problems.extend(_validate_relations(entry))
    elif kind == "incident":
        problems.extend(_choice(entry, "status", INCIDENT_STATUSES))
        timeline = entry.meta.get("timeline")
        if isinstance(timeline, list):
            for number, event in enumerate(timeline, start=1):
                if isinstance(event, dict):
                    problems.extend(_check_mapping(entry, f"timeline[{number}]", event, TIMELINE_FIELDS))
    elif kind == "company":
        problems.extend(_validate_company_names(entry))
    return problems


def _a(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _choice(entry: Entry, name: str, allowed: tuple[str, ...]) -> list[Problem]:
    value = entry.meta.get(name)
    if value is None or value in allowed:
        return []
    return [Problem(entry.display, entry.lines.get(name, 2), name, f"unknown {name.replace('_', ' ')} {value!r}",
                    f"use one of: {', '.join(allowed)}")]


def _validate_publication(entry: Entry) -> list[Problem]:
    """Embargo times without a time zone are ambiguous: say how they are read."""
    embargo = entry.meta.get("embargo_until")
    if isinstance(embargo, dt.datetime) and embargo.tzinfo is None:
        return [Problem(entry.display, entry.lines.get("embargo_until", 2), "embargo_until",
                        "has no time zone and is read as UTC",
                        f"write embargo_until: {embargo:%Y-%m-%dT%H:%M:%S}Z (or with your offset, +02:00)",
                        severity="warning")]
    return []


def _validate_company_names(entry: Entry) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for where, name in _names(entry):
        if _surface(name) in seen:
            problems.append(Problem(entry.display, entry.line_of(where), "aliases",
                                    f"{name!r} is listed twice (or is the name itself)", "remove the repeat",
                                    severity="warning"))
        seen.add(_surface(name))
    return problems


def _validate_relations(entry: Entry) -> list[Problem]:
    vocabulary = load_vocabulary()
    path = entry.display
    problems = []
    for number, relation in enumerate(entry.meta["relations"], start=1):
        if not isinstance(relation, dict):
            continue
        where = f"relations[{number}]"
        problems.extend(_check_mapping(entry, where, relation, RELATION_FIELDS))
        predicate = relation.get("predicate")
        if isinstance(predicate, str) and predicate and predicate not in vocabulary.predicates:
            problems.append(Problem(path, entry.line_of(f"{where}.predicate"), f"{where}.predicate",
                                    f"unknown predicate {predicate!r}",
                                    f"use one of: {', '.join(vocabulary.predicates)}"))
        status = relation.get("status", "proposed")
        if status not in RELATION_STATUSES:
            problems.append(Problem(path, entry.line_of(f"{where}.status"), f"{where}.status",
                                    f"unknown status {status!r}", f"use one of: {', '.join(RELATION_STATUSES)}"))
    return problems


def _unknown_company(entry: Entry, where: str, slug: str, merged: dict[str, str]) -> Problem:
    # A plain list is reported by its name (the line points at the item); a relation by its field.
    field_name = where if "." in where else where.split("[")[0]
    if slug in merged:
        fix = f"it was merged into {merged[slug]!r}: write {merged[slug]}"
    else:
        fix = f"create content/companies/{slug}.md (breachwire new company) or use an existing company's slug"
    return Problem(entry.display, entry.line_of(where), field_name, f"unknown company {slug!r}", fix)


def validate_references(content: Content) -> list[Problem]:
    """Problems with references between entries: unknown companies and incidents."""
    problems = []
    known = content.companies
    merged = content.merged_into()

    def check_list(entry: Entry, field_name: str) -> None:
        for number, slug in enumerate(_string_list(entry.meta.get(field_name)), start=1):
            if slug not in known:
                problems.append(_unknown_company(entry, f"{field_name}[{number}]", slug, merged))

    for entry in content.articles:
        check_list(entry, "companies")
        relations = entry.meta.get("relations")
        for number, relation in enumerate(relations if isinstance(relations, list) else [], start=1):
            if isinstance(relation, dict):
                for role in ("subject", "object"):
                    slug = relation.get(role)
                    if isinstance(slug, str) and slug and slug not in known:
                        problems.append(_unknown_company(entry, f"relations[{number}].{role}", slug, merged))
        incident = entry.meta.get("incident")
        if isinstance(incident, str) and incident not in content.incidents:
            problems.append(Problem(entry.display, entry.lines.get("incident", 2), "incident",
                                    f"unknown incident {incident!r}",
                                    f"create content/incidents/{incident}.md (breachwire new incident) "
                                    "or remove the field"))
    for entry in content.incidents.values():
        for role in ("victims", "affected", "attackers"):
            check_list(entry, role)
    return problems


def _surface(name: str) -> str:
    """How two spellings of a name compare as the same name: case and spacing ignored."""
    return " ".join(name.casefold().split())


def name_key(name: str) -> str:
    """A name reduced to what tells companies apart: "Open AI, Inc." and "OpenAI" give "openai"."""
    suffixes = {s.rstrip(".").lower() for s in load_vocabulary().corporate_suffixes}
    words = slugify(name, fallback="").split("-")
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return "".join(words)


# Names shorter than this are too short for a one-letter difference to mean a typo ("Meta", "Metz").
TYPO_MIN_LENGTH = 8


def _one_edit_variants(key: str) -> set[str]:
    """The key and every key with one letter deleted: two keys one typo apart share one.

    Digits are never deleted: "Norvik 12" and "Norvik 13" are two companies, not a typo.
    """
    return {key, *(key[:i] + key[i + 1:] for i in range(len(key)) if not key[i].isdigit())}


def _names(entry: Entry) -> list[tuple[str, str]]:
    """(where, name) for a company's name and each alias."""
    name = entry.meta.get("name")
    names = [("name", name)] if isinstance(name, str) and name.strip() else []
    return names + [(f"aliases[{n}]", a) for n, a in enumerate(_string_list(entry.meta.get("aliases")), start=1)]


def likely_duplicate_pairs(content: Content) -> set[tuple[str, str]]:
    """Pairs of company slugs with a name or alias that reduces to the same key, or to keys one typo apart.

    Each name is indexed under its one-letter deletions (the symmetric-delete
    method), so this costs time linear in the number of names, not quadratic.
    """
    by_key: dict[str, set[str]] = {}
    for slug, entry in content.companies.items():
        for _, surface in _names(entry):
            key = name_key(surface)
            if not key:
                continue
            variants = _one_edit_variants(key) if len(key) >= TYPO_MIN_LENGTH else {key}
            for variant in variants:
                by_key.setdefault(variant, set()).add(slug)
    return {pair for group in by_key.values() if len(group) > 1 for pair in _pairs(group)}


def _richness(entry: Entry) -> int:
    """How much an editor has written into a company entry: the fuller one is kept in a merge."""
    meta = entry.meta
    return sum(bool(meta.get(k)) for k in ("aliases", "website", "sector", "description", "merged_from"))


def _keeper_first(content: Content, first: str, second: str) -> tuple[str, str]:
    """(company to keep, likely duplicate) for two company slugs."""
    a, b = content.companies[first], content.companies[second]
    return (first, second) if _richness(a) >= _richness(b) else (second, first)


def validate_companies(content: Content) -> list[Problem]:
    """Names or aliases claimed by two companies, companies that are likely the same, and merge records."""
    problems = []
    claims: dict[str, list[tuple[str, str, str]]] = {}  # surface -> [(slug, where, as written)]
    shown: dict[str, str] = {}
    for slug in sorted(content.companies):
        names = _names(content.companies[slug])
        shown[slug] = names[0][1] if names else slug
        for where, surface in names:
            claims.setdefault(_surface(surface), []).append((slug, where, surface))
    exact_pairs = set()
    for claimants in claims.values():
        owners = sorted({slug for slug, _, _ in claimants})
        exact_pairs.update(_pairs(owners))
        if len(owners) < 2:
            continue
        # Report on the likely duplicate, not on the entry to keep: the one whose *name* is the
        # contested surface (a pipeline stub "Open AI" beside OpenAI's alias "Open AI"), else the
        # one an editor has written less into.
        claimants = sorted(claimants, key=lambda c: (c[1] == "name", -_richness(content.companies[c[0]]), c[0]))
        keeper = claimants[0]
        for slug, where, surface in claimants[1:]:
            if slug == keeper[0]:
                continue
            entry, other = content.companies[slug], content.companies[keeper[0]]
            problems.append(Problem(
                entry.display, entry.line_of(where), where.split("[")[0],
                f"{surface!r} is also claimed by {other.display}",
                f"keep the name on one company, or merge them: breachwire merge-company {slug} {keeper[0]}"))
    # Pairs sharing a name exactly are errors above; the likely-duplicate warning is for the rest.
    for pair in sorted(likely_duplicate_pairs(content) - exact_pairs):
        keep, duplicate = _keeper_first(content, *pair)
        a, b = content.companies[keep], content.companies[duplicate]
        if duplicate in _string_list(a.meta.get("distinct_from")) or keep in _string_list(b.meta.get("distinct_from")):
            continue
        problems.append(Problem(
            b.display, b.lines.get("name", 2), "name",
            f"{shown[duplicate]!r} looks like the same company as {shown[keep]!r} ({a.display})",
            f"merge them: breachwire merge-company {duplicate} {keep} — or, if they differ, "
            f"add distinct_from: [{keep}]", severity="warning"))
    problems.extend(_validate_merge_records(content))
    return problems


def _pairs(group: Iterable) -> Iterable[tuple[str, str]]:
    ordered = sorted(group)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1:]:
            yield first, second


def _validate_merge_records(content: Content) -> list[Problem]:
    problems = []
    owners: dict[str, str] = {}
    for slug in sorted(content.companies):
        entry = content.companies[slug]
        for number, old in enumerate(_string_list(entry.meta.get("merged_from")), start=1):
            where = f"merged_from[{number}]"
            if old == slug or old in content.companies:
                problems.append(Problem(
                    entry.display, entry.line_of(where), "merged_from",
                    f"{old!r} still has its own entry, content/companies/{old}.md",
                    f"merge it with breachwire merge-company {old} {slug}, or remove {old} from merged_from"))
            elif old in owners:
                problems.append(Problem(
                    entry.display, entry.line_of(where), "merged_from",
                    f"{old!r} is also listed by content/companies/{owners[old]}.md",
                    "keep it on one company"))
            owners.setdefault(old, slug)
        for number, other in enumerate(_string_list(entry.meta.get("distinct_from")), start=1):
            if other not in content.companies:
                problems.append(Problem(entry.display, entry.line_of(f"distinct_from[{number}]"), "distinct_from",
                                        f"unknown company {other!r}", "remove it or correct the slug",
                                        severity="warning"))
    return problems


@dataclass(frozen=True)
class CheckReport:
    """What `breachwire check` found: every problem, sorted by file and line, and what was read."""

    problems: tuple[Problem, ...]
    companies: int
    incidents: int
    articles: int

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def check(content_dir: Path, paths: Iterable[Path] = ()) -> CheckReport:
    """Validate all of content/ (references need every entry) and report the problems in `paths` (default: all)."""
    content_dir = content_dir.resolve()
    wanted = [Path(p).resolve() for p in paths]
    for path in wanted:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder — give a file or folder under {content_dir}")
        if path != content_dir and content_dir not in path.parents:
            raise FileNotFoundError(f"{path}: not inside {content_dir} — give a file or folder under it")
    content = load_content(content_dir)

    def selected(problem: Problem) -> bool:
        where = content_dir.parent / problem.path
        return not wanted or any(where == p or p in where.parents for p in wanted)

    problems = sorted((p for p in content.problems if selected(p)), key=lambda p: (p.path, p.line))
    return CheckReport(tuple(problems), len(content.companies), len(content.incidents), len(content.articles))


def dump_entry(meta: dict[str, Any], body: str) -> str:
    """The file text for an entry: keys in schema order, then the body."""
    kind = meta.get("type")
    order = [spec.name for spec in SCHEMAS.get(kind, ())]
    ordered = {key: meta[key] for key in order if key in meta and meta[key] is not None}
    ordered.update({key: value for key, value in meta.items() if key not in ordered and value is not None})
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    body = body if body.endswith("\n") or not body else body + "\n"
    return f"---\n{front}---\n{body}"


def _render(value: Any) -> str:
    if isinstance(value, list):
        return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def edit_front_matter(text: str, kind: str, changes: dict[str, Any]) -> str:
    """Set fields in an entry's front matter, touching nothing but those fields' values.

    A field that is there gets its value replaced where it stands (lists in flow
    style, `[a, b]`); a missing one is added where the schema orders it.
    Comments, other fields and the body stay byte for byte as they were (only
    comments inside a block list that is rewritten go with its items).
    """
    parts = split_front_matter(text)
    assert parts is not None, "edit_front_matter needs an entry with front matter"
    offset = text.index("\n") + 1  # the YAML starts after the opening --- line
    yaml_text = parts[0]
    # PyYAML's own parser, not libyaml: its marks are character offsets into this text, which slicing needs.
    node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    present = {k.value: (k, v) for k, v in node.value}
    edits: list[tuple[int, int | None, str]] = []
    for name, value in changes.items():
        if name not in present:
            edits.append((_insertion_point(yaml_text, kind, name, present), None, f"{name}: {_render(value)}\n"))
            continue
        key, current = present[name]
        colon = yaml_text.index(":", key.end_mark.index) + 1
        if isinstance(current, yaml.SequenceNode) and current.value and not current.flow_style:
            # From the colon to the last item: a flow list on the key's line is valid at any indentation.
            edits.append((colon, current.value[-1].end_mark.index, f" {_render(value)}"))
        elif isinstance(current, yaml.ScalarNode) and current.tag.endswith(":null") and not current.value:
            edits.append((colon, colon, f" {_render(value)}"))
        else:
            edits.append((current.start_mark.index, current.end_mark.index, _render(value)))
    # From the end, so earlier offsets stay valid; fields inserted at one point keep the schema's order.
    order = [spec.name for spec in SCHEMAS[kind]]
    ranked = [(edit, order.index(name) if name in order else len(order)) for name, edit in zip(changes, edits)]
    for (start, end, replacement), _ in sorted(ranked, key=lambda r: (r[0][0], r[1]), reverse=True):
        yaml_text = yaml_text[:start] + replacement + yaml_text[end if end is not None else start:]
    return text[:offset] + yaml_text + text[offset + len(parts[0]):]


def _insertion_point(yaml_text: str, kind: str, name: str, present: dict) -> int:
    """Where a new field goes: before the first present field that the schema puts after it."""
    order = [spec.name for spec in SCHEMAS[kind]]
    later = order[order.index(name) + 1:] if name in order else []
    for other in later:
        if other in present:
            key = present[other][0]
            # Start of the key's line, so the new field sits on its own line (above any comment on it).
            return yaml_text.rfind("\n", 0, key.start_mark.index) + 1
    return len(yaml_text)


def _write_temporary(path: Path, text: str) -> Path:
    """A fully written, fsynced temporary file beside `path`, to be moved or linked into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half of one."""
    tmp = _write_temporary(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_exclusive(path: Path, text: str) -> bool:
    """Create `path` with `text` atomically, only if it does not exist; False if it does."""
    tmp = _write_temporary(path, text)
    try:
        # link() fails if the name exists, so a file created meanwhile is never overwritten.
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
