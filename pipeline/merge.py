"""`breachwire merge-company SOURCE TARGET`: fold a duplicate company into another, everywhere, atomically.

The target takes over the source's names (as aliases) and any fields it lacks,
and records `merged_from: [source]`, from which the site keeps the old page URL
alive as a redirect (pipeline/redirects.py). Every reference in every entry —
article companies and relations, incident parties, other companies'
`distinct_from`, Markdown links in bodies — is rewritten. Editor-written
entries (companies, incidents) are edited in place, field by field, so their
comments and layout survive; machine-written articles are re-serialized the
way the pipeline writes them.

All new files are staged first; a journal then lists the renames, so a merge
interrupted half way is completed by the next merge (`recover`) rather than
left half done.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.entries import (Content, Entry, dump_entry, edit_front_matter, load_content, parse_entry,
                              split_front_matter, write_atomic)
from pipeline.review import DECISIONS, relation_key

JOURNAL = "merge-journal.json"
PARTY_FIELDS = ("victims", "affected", "attackers")
# Filled from the source when the target leaves them empty.
FILLABLE = ("website", "sector", "description")
# The note store.py writes into a company stub: not prose worth carrying into the target.
STUB_NOTE = "Created by the pipeline when "
MARKDOWN_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))")


class MergeError(Exception):
    """The merge cannot be done; nothing was changed."""


@dataclass(frozen=True)
class MergeResult:
    source: str
    target: str
    changed: tuple[str, ...]  # paths under content/ that were rewritten
    removed: str  # the source's entry, deleted
    references: int  # references to the source that now name the target


def merge_company(content_dir: Path, source: str, target: str, *, state_dir: Path) -> MergeResult:
    """Merge company `source` into `target` across all of content/; all files change or none do."""
    recover(content_dir, state_dir)
    content = load_content(content_dir)
    plan, references = plan_merge(content_dir, content, source, target)
    removed = content.companies[source].path.as_posix()
    commit(content_dir, state_dir, plan, removed)
    return MergeResult(source, target, tuple(sorted(plan)), removed, references)


def plan_merge(content_dir: Path, content: Content, source: str, target: str) -> tuple[dict[str, str], int]:
    """({path under content/: new text}, number of references rewritten), computed without writing anything."""
    if source == target:
        raise MergeError(f"{source!r} cannot be merged into itself — give two different companies")
    for slug in (source, target):
        if slug not in content.companies:
            merged = content.merged_into().get(slug)
            hint = f"it was already merged into {merged!r}" if merged else "see content/companies/ for the slugs"
            raise MergeError(f"unknown company {slug!r} — {hint}")
    unreadable = [p for p in content.problems if p.field in ("yaml", "front matter", "encoding")]
    if unreadable:
        # A file that cannot be parsed cannot have its references rewritten: stop before changing anything.
        raise MergeError("some entries cannot be read, so their references cannot be rewritten — fix them first:\n"
                         + "\n".join(str(p) for p in unreadable))
    plan: dict[str, str] = {}
    count = 0
    for entry in content.all():
        if entry.slug == source and entry.type == "company":
            continue
        text = (content_dir / entry.path).read_text(encoding="utf-8")
        if entry.type == "article":
            new_text, n = _rewrite_article(entry, text, source, target)
        elif entry.type == "company" and entry.slug == target:
            new_text, n = _absorb(entry, text, content.companies[source])
        else:
            new_text, n = _rewrite_fields(entry, text, source, target)
        new_text, links = _rewrite_links(entry, new_text, source, target)
        if new_text != text:
            plan[entry.path.as_posix()] = new_text
        count += n + links
    # The merged content must read back as entries: never write what `check` could not parse.
    for path, text in plan.items():
        entry, problems = parse_entry(text, path)
        if entry is None or any(p.severity == "error" for p in problems):
            raise MergeError(f"rewriting {path} would break it — nothing was changed:\n"
                             + "\n".join(str(p) for p in problems))
    return plan, count


def _replace(values: Any, source: str, target: str) -> tuple[list, int]:
    """The list with `source` replaced by `target`, keeping the first of any repeats."""
    if not isinstance(values, list):
        return values, 0
    result, count = [], 0
    for value in values:
        if value == source:
            value, count = target, count + 1
        if value not in result:
            result.append(value)
    return result, count


def _rewrite_article(entry: Entry, text: str, source: str, target: str) -> tuple[str, int]:
    meta = dict(entry.meta)
    companies, count = _replace(meta.get("companies"), source, target)
    if count:
        meta["companies"] = sorted(companies)
    relations = meta.get("relations")
    if isinstance(relations, list):
        kept: dict[tuple, dict] = {}
        for relation in relations:
            if not isinstance(relation, dict):
                continue
            relation = dict(relation)
            for role in ("subject", "object"):
                if relation.get(role) == source:
                    relation[role], count = target, count + 1
            if relation.get("subject") == relation.get("object") == target:
                continue  # "OpenAI partnered with Open AI" says nothing once they are one company
            key = relation_key(relation)
            # Two relations that became one: an editor's decision wins over a proposal.
            if key not in kept or (kept[key].get("status") not in DECISIONS and relation.get("status") in DECISIONS):
                kept[key] = relation
        if count:
            meta["relations"] = list(kept.values())
    if not count:
        return text, 0
    return dump_entry(meta, entry.body), count


def _rewrite_fields(entry: Entry, text: str, source: str, target: str) -> tuple[str, int]:
    """Replace `source` in an incident's parties or a company's distinct_from, editing only those fields."""
    fields = PARTY_FIELDS if entry.type == "incident" else ("distinct_from",)
    changes, count = {}, 0
    for name in fields:
        values, n = _replace(entry.meta.get(name), source, target)
        if n:
            if name == "distinct_from":
                values = [v for v in values if v != entry.slug]
            changes[name], count = values, count + n
    return (edit_front_matter(text, entry.type, changes), count) if changes else (text, 0)


def _absorb(target: Entry, text: str, source: Entry) -> tuple[str, int]:
    """The target's entry with the source's names, missing fields, merge record and prose added."""
    meta, extra = target.meta, source.meta
    names = {" ".join(str(meta.get("name", "")).casefold().split())}
    aliases = []
    for alias in [*(meta.get("aliases") or []), extra.get("name"), *(extra.get("aliases") or [])]:
        surface = " ".join(str(alias or "").casefold().split())
        if surface and surface not in names:
            names.add(surface)
            aliases.append(alias)
    merged_from = [*(meta.get("merged_from") or [])]
    for slug in [source.slug, *(extra.get("merged_from") or [])]:
        if slug not in merged_from:
            merged_from.append(slug)
    changes: dict[str, Any] = {"aliases": aliases, "merged_from": merged_from}
    for name in FILLABLE:
        if not meta.get(name) and extra.get(name):
            changes[name] = extra[name]
    distinct, _ = _replace([*(meta.get("distinct_from") or []), *(extra.get("distinct_from") or [])],
                           source.slug, target.slug)
    distinct = [d for d in distinct if d != target.slug]
    if distinct != (meta.get("distinct_from") or []):
        changes["distinct_from"] = distinct
    new_text = edit_front_matter(text, "company", changes)
    prose = source.body.strip()
    if prose and not prose.startswith(STUB_NOTE) and prose not in target.body:
        name = str(extra.get("name") or source.slug)
        new_text = new_text.rstrip("\n") + f"\n\n<!-- merged from {source.slug} ({name}) -->\n{prose}\n"
    return new_text, 0


def _rewrite_links(entry: Entry, text: str, source: str, target: str) -> tuple[str, int]:
    """Point Markdown links to the source's page at the target's page (in the body only)."""
    parts = split_front_matter(text)
    if parts is None:
        return text, 0
    front_len = len(text) - len(parts[1])
    folder = posixpath.dirname(entry.path.as_posix())
    old = f"companies/{source}.md"
    new = posixpath.relpath(f"companies/{target}.md", folder or ".")
    count = 0

    def swap(match: re.Match) -> str:
        nonlocal count
        destination, _, anchor = match.group(2).partition("#")
        if "://" in destination or posixpath.normpath(posixpath.join(folder, destination)) != old:
            return match.group(0)
        count += 1
        return match.group(1) + new + (f"#{anchor}" if anchor else "") + match.group(3)

    body = MARKDOWN_LINK.sub(swap, parts[1])
    return text[:front_len] + body, count


def commit(content_dir: Path, state_dir: Path, plan: dict[str, str], removed: str) -> None:
    """Stage every new file, record the renames in a journal, then rename and delete; see `recover`."""
    staged: list[tuple[str, str]] = []
    try:
        for path, text in sorted(plan.items()):
            final = content_dir / path
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".merge")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((tmp, str(final)))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    state_dir.mkdir(parents=True, exist_ok=True)
    journal = {"renames": staged, "remove": str(content_dir / removed)}
    write_atomic(state_dir / JOURNAL, json.dumps(journal, indent=1))
    _apply(journal)
    (state_dir / JOURNAL).unlink()


def _apply(journal: dict) -> None:
    for tmp, final in journal["renames"]:
        if Path(tmp).exists():
            os.replace(tmp, final)
    Path(journal["remove"]).unlink(missing_ok=True)


def recover(content_dir: Path, state_dir: Path) -> bool:
    """Finish a merge that was interrupted after its journal was written; True if there was one."""
    path = state_dir / JOURNAL
    if not path.exists():
        return False
    _apply(json.loads(path.read_text(encoding="utf-8")))
    path.unlink()
    return True
