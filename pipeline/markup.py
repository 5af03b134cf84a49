"""Making untrusted text safe to embed in the Markdown and HTML the site is built from."""

from __future__ import annotations

import re

# Characters Python-Markdown would read as markup.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
# Characters that could end an HTML attribute or open a tag. Titles are plain
# text and the theme prints them unescaped in <title> and attributes, so they
# are replaced by look-alikes rather than trusted to a later escape.
TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’", "`": "‘"})


def markdown_text(text: str) -> str:
    """Plain text made safe to embed in Markdown: no markup, links or raw HTML survive."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    # A line starting with "-", "=" or "1." would become a list or a heading.
    return re.sub(r"(?m)^(\s*)([-=]|\d+\.)", r"\1\\\2", escaped)


def markdown_paragraphs(text: str) -> str:
    return "\n\n".join(markdown_text(p) for p in text.split("\n\n") if p.strip())


def plain_title(text: str) -> str:
    """A one-line title that stays text wherever a template prints it."""
    one_line = " ".join(str(text).split())
    return one_line.translate(TITLE_LOOKALIKES).replace("&", "&amp;")
