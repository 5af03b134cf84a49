"""Making untrusted text safe to embed in the Markdown and HTML the site is built from."""

from __future__ import annotations

import re

from pipeline.parse import is_http

# Characters Python-Markdown would read as markup.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
# Characters that could end a Markdown link target or an HTML attribute.
UNSAFE_IN_LINK = frozenset('()<>"\'`\\ []{}|^')
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


def markdown_inline(text: str) -> str:
    """Plain text on one line (a list item, a table cell, a heading), safe to embed in Markdown."""
    return markdown_text(" ".join(str(text).split()))


def markdown_paragraphs(text: str) -> str:
    return "\n\n".join(markdown_text(p) for p in text.split("\n\n") if p.strip())


def plain_title(text: str) -> str:
    """A one-line title that stays text wherever a template prints it."""
    one_line = " ".join(str(text).split())
    return one_line.translate(TITLE_LOOKALIKES).replace("&", "&amp;")


def markdown_url(url: str) -> str | None:
    """An http(s) URL ready for a Markdown link target, or None for any other scheme."""
    url = str(url).strip()
    if not is_http(url):
        return None
    # Percent-encode what could end the link target or the HTML attribute it becomes.
    return "".join(f"%{ord(ch):02X}" if ch in UNSAFE_IN_LINK or ord(ch) < 33 else ch for ch in url)
