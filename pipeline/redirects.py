"""Old company URLs after a merge: a small HTML page at the old address that sends readers on.

`breachwire merge-company` leaves `merged_from: [old-slug]` on the company it
kept; for each old slug the site gets companies/<old-slug>.html (or
companies/<old-slug>/index.html with directory URLs) redirecting to the
company's page. Only published companies get redirects, so a draft's old
names do not leak either.
"""

from __future__ import annotations

import html
import posixpath

from mkdocs.structure.files import File

from pipeline.entries import Content

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{name} — Breachwire</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{href}">
<meta http-equiv="refresh" content="0; url={href}">
</head>
<body>
<p>This page has moved: <a href="{href}">{name}</a>.</p>
</body>
</html>
"""


def redirects(content: Content, *, use_directory_urls: bool) -> dict[str, str]:
    """{site path of an old company page: its redirect page's HTML}, sorted by path."""
    pages = {}
    for slug, entry in sorted(content.companies.items()):
        for old in entry.meta.get("merged_from") or []:
            if not isinstance(old, str) or old in content.companies:
                continue  # `check` reports it; a real page always wins over a redirect
            if use_directory_urls:
                source, destination = f"companies/{old}/index.html", f"companies/{slug}/"
            else:
                source, destination = f"companies/{old}.html", f"companies/{slug}.html"
            href = posixpath.relpath(destination, posixpath.dirname(source))
            if destination.endswith("/"):
                href += "/"
            name = html.escape(str(entry.meta.get("name") or slug))
            pages[source] = PAGE.format(name=name, href=html.escape(href, quote=True))
    return pages


def redirect_files(content: Content, config) -> list[File]:
    """The redirect pages as files for the mkdocs build (and for `mkdocs serve`)."""
    return [File.generated(config, path, content=page)
            for path, page in redirects(content, use_directory_urls=config["use_directory_urls"]).items()]
