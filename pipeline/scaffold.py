"""`breachwire new`: a new company or incident entry with every field of its schema and guidance.

The entry starts as a draft, so an unfinished page never reaches the site;
the editor fills it in, runs `breachwire check` and deletes `draft: true`.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from pipeline.entries import FOLDERS, INCIDENT_STATUSES, SCHEMAS, load_content
from pipeline.slugs import slugify

KINDS = ("company", "incident")

BODY_GUIDANCE = {
    "company": "Below the closing --- line: what the company does and why it matters, in Markdown.",
    "incident": "Below the closing --- line: the editor's summary of what happened and its fallout, in Markdown.",
}


class ScaffoldError(Exception):
    """The entry cannot be created (it exists, or the name is taken)."""


def starting_values(kind: str, title: str, today: dt.date) -> dict[str, Any]:
    """What each field of a new entry holds before the editor fills it in."""
    values: dict[str, Any] = {"type": kind, "draft": True}
    if kind == "company":
        values.update(name=title, aliases=[], website="", sector="", description="", merged_from=[],
                      distinct_from=[])
    else:
        values.update(title=title, date=today, victims=[], affected=[], attackers=[],
                      status=INCIDENT_STATUSES[0], tags=[], timeline=[])
    return values


def render(kind: str, title: str, today: dt.date) -> str:
    """The text of a new entry: every field in schema order, each under a comment saying what it holds."""
    values = starting_values(kind, title, today)
    lines = ["---"]
    for spec in SCHEMAS[kind]:
        if spec.help:
            lines.append(f"# {spec.name}{' (required)' if spec.required else ''}: {spec.help}")
        value = values.get(spec.name)
        if value is None:
            lines.append(f"{spec.name}:")
        elif isinstance(value, list):
            # Flow style ([a, b]), so the editor adds names on the same line.
            lines.append(f"{spec.name}: {yaml.safe_dump(value, default_flow_style=True).strip()}")
        else:
            lines.append(yaml.safe_dump({spec.name: value}, allow_unicode=True, width=10_000).rstrip("\n"))
    lines.append(f"# {BODY_GUIDANCE[kind]}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def new_entry(content_dir: Path, kind: str, title: str, *, slug: str | None = None,
              today: dt.date | None = None) -> Path:
    """Create content/<folder>/<slug>.md for a new company or incident; never overwrite anything."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown entry type {kind!r} — use one of: {', '.join(KINDS)}")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError(f"the {kind} needs a {'name' if kind == 'company' else 'title'} — "
                            f'write breachwire new {kind} "…"')
    slug = slugify(slug or title, fallback=kind)
    path = content_dir / FOLDERS[kind] / f"{slug}.md"
    shown = path.relative_to(content_dir.parent).as_posix()
    if path.exists():
        raise ScaffoldError(f"{shown} already exists — edit it, or choose another slug with --slug")
    if kind == "company":
        _refuse_known_company(content_dir, title, slug)
    _create_exclusively(path, render(kind, title, today or dt.date.today()), shown)
    return path


def _refuse_known_company(content_dir: Path, name: str, slug: str) -> None:
    content = load_content(content_dir)
    merged = content.merged_into()
    if slug in merged:
        raise ScaffoldError(f"{slug!r} was merged into {merged[slug]!r} — edit content/companies/{merged[slug]}.md")
    wanted = name.casefold()
    for other_slug, entry in sorted(content.companies.items()):
        names = [entry.meta.get("name"), *(entry.meta.get("aliases") or [])]
        if any(isinstance(n, str) and " ".join(n.casefold().split()) == wanted for n in names):
            raise ScaffoldError(f"{name!r} is already a name of {entry.display} — edit that entry "
                                f"(or give the new company another name)")


def _create_exclusively(path: Path, text: str, shown: str) -> None:
    """Write the whole file, then link it into place: fails, writing nothing, if the file exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError as exc:
            raise ScaffoldError(f"{shown} already exists — edit it, or choose another slug with --slug") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
