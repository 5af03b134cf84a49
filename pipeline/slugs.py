"""Safe, stable slugs for file names and URLs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_SLUG_LENGTH = 80
# Names Windows will not create a file under, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


class UnsafePath(Exception):
    """A derived file name would land outside its folder."""


def slugify(text: str, fallback: str = "untitled") -> str:
    """Lowercase ASCII words joined by hyphens; never empty, never a path, never a reserved name."""
    normalized = unicodedata.normalize("NFKD", text or "")
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii").lower()
    # Only [a-z0-9-] survive, so "..", "/", "\", NUL and bidi controls cannot reach a file name.
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    if not slug:
        slug = fallback
    if slug in WINDOWS_RESERVED:
        slug = f"{slug}-entry"
    return slug


def unique_file(folder: Path, text: str, *, fallback: str, taken: set[Path] = frozenset(),
                suffix: str = ".md") -> Path:
    """folder/<slug><suffix>, numbered -2, -3, … past files that exist or are `taken`; always inside `folder`."""
    base = slugify(text, fallback=fallback)
    candidate, number = folder / f"{base}{suffix}", 2
    while candidate in taken or candidate.exists():
        candidate, number = folder / f"{base}-{number}{suffix}", number + 1
    if candidate.resolve().parent != folder.resolve():
        raise UnsafePath(f"{candidate} is outside {folder}")
    return candidate
