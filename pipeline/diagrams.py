"""Mermaid source for the site's diagrams (mkdocs-material renders ```mermaid fences).

Company names come from feeds, so every label is spelled with Mermaid's
numeric entity codes for anything but letters, digits and spaces: no name can
end a label, start a directive or carry markup into the rendered SVG.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Mermaid refuses to draw more edges than this by default (its `maxEdges`).
MERMAID_MAX_EDGES = 500
PLAIN = re.compile(r"[A-Za-z0-9 ]")
# Chart labels are written by us (months, titles) and Mermaid's chart syntax does not decode entities.
CHART_LABEL = re.compile(r"[A-Za-z0-9 ,.:()\-]*")
NODE_STYLES = {
    "focus": "stroke-width:3px",
    "victim": "stroke:#c62828,stroke-width:2px",
    "attacker": "stroke:#6a1b9a,stroke-width:2px,stroke-dasharray:4 2",
}


@dataclass(frozen=True)
class Edge:
    subject: str
    label: str
    object: str
    confirmed: bool
    reports: int = 1


def mermaid_text(text: str) -> str:
    """Text for inside a quoted Mermaid label: everything but letters, digits and spaces as #code;."""
    one_line = " ".join(str(text).split())
    return "".join(ch if PLAIN.fullmatch(ch) else f"#{ord(ch)};" for ch in one_line)


def fence(source: str) -> str:
    return f"```mermaid\n{source}\n```"


def network(names: dict[str, str], edges: list[Edge], *, classes: dict[str, str] | None = None,
            direction: str = "LR") -> str:
    """A flowchart of companies (slug -> name) and labelled edges; proposed edges are dashed."""
    classes = classes or {}
    used = sorted({e.subject for e in edges} | {e.object for e in edges} | set(classes), key=lambda s: (names.get(s, s).lower(), s))
    # Node ids are positions, not slugs: stable for a given diagram and never a Mermaid keyword.
    ids = {slug: f"n{number}" for number, slug in enumerate(used)}
    lines = [f"flowchart {direction}"]
    for slug in used:
        lines.append(f'    {ids[slug]}["{mermaid_text(names.get(slug, slug))}"]')
    for edge in edges:
        arrow = "-->" if edge.confirmed else "-.->"
        label = edge.label if edge.reports == 1 else f"{edge.label} ({edge.reports} reports)"
        lines.append(f'    {ids[edge.subject]} {arrow}|"{mermaid_text(label)}"| {ids[edge.object]}')
    for css_class in sorted(set(classes.values())):
        lines.append(f"    classDef {css_class} {NODE_STYLES[css_class]}")
        members = ",".join(ids[s] for s in used if classes.get(s) == css_class)
        lines.append(f"    class {members} {css_class}")
    return "\n".join(lines)


def monthly_chart(title: str, months: list[str], bars: list[int], line: list[int]) -> str:
    """An xy chart: bars for one monthly count, a line for another."""
    for label in (title, *months):
        if not CHART_LABEL.fullmatch(label):
            raise ValueError(f"chart label {label!r} has characters Mermaid charts cannot quote")
    top = max([*bars, *line, 1])
    return "\n".join([
        "xychart-beta",
        f'    title "{title}"',
        "    x-axis [" + ", ".join(f'"{m}"' for m in months) + "]",
        f'    y-axis "Entries" 0 --> {top}',
        "    bar [" + ", ".join(str(n) for n in bars) + "]",
        "    line [" + ", ".join(str(n) for n in line) + "]",
    ])
