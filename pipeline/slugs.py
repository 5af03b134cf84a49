"""Safe, stable slugs for file names and URLs."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 80
# Names Windows will not create a file under, whatever the extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


def slugify(text: str, fallback: str = "untitled") -> str:
    """Lowercase ASCII words joined by hyphens; never empty, never a path, never a reserved name."""
    normalized = unicodedata.normalize("NFKD", text or "")
    ascii_text = normalized.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    if not slug:
        slug = fallback
    if slug in WINDOWS_RESERVED:
        slug = f"{slug}-entry"
    return slug
