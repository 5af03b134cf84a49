"""The `breachwire` mkdocs plugin: the site's pages, exports and feed, generated from content/ at build time.

mkdocs.yml lists the plugin (registered by pyproject.toml under the
`mkdocs.plugins` entry points). Editors only ever write Markdown: entry pages
are rendered from their front matter by pipeline.pages, index pages, archives,
the timeline, the network, the JSON exports and the Atom feed are generated.
Drafts and embargoed entries are removed from `mkdocs build` (they stay in
`mkdocs serve`, so editors can preview them), and so is everything naming them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Callable

import nh3
from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from pipeline import pages, site_data
from pipeline.catalog import Catalog, build_catalog
from pipeline.entries import Content, Entry, load_content
from pipeline.markup import plain_title
from pipeline.redirects import redirect_files

log = logging.getLogger("mkdocs.plugins.breachwire")

# Browser libraries, installed from the npm registry by `npm ci` (package-lock.json pins and hashes them)
# and served from the site itself: a security news site should not load code from a third-party CDN.
VENDOR_FILES = {
    "mermaid": ("mermaid/dist/mermaid.min.js", "assets/vendor/mermaid.min.js"),
    "tablesort": ("tablesort/dist/tablesort.min.js", "assets/vendor/tablesort.min.js"),
}
WITHOUT_VENDOR = {
    "mermaid": "readers' browsers will load Mermaid from the theme's CDN",
    "tablesort": "the incident index will not sort",
}
SEARCH_BOOST = {"incident": 4, "company": 2}
PRESERVED = re.compile(r"(<(?:pre|textarea|script)\b.*?</(?:pre|textarea|script)>)", re.S | re.I)
BLANK_RUN = re.compile(r"[ \t\r]*\n\s*")
# Pages with no feed text but with markup other plugins fill in later (the tags plugin's listing marker).
UNSANITIZED = {pages.TAGS}
# What a rendered page may contain once sanitized; anything else is dropped.
ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title"}, "a": {"href"}, "th": {"align"}, "td": {"align"}}


class SiteConfig(base.Config):
    archive_page_size = c.Type(int, default=pages.ARCHIVE_PAGE_SIZE)
    feed_entries = c.Type(int, default=site_data.FEED_ENTRIES)
    vendor_dir = c.Type(str, default="node_modules")


class SitePlugin(BasePlugin[SiteConfig]):
    """State of one build: the catalog, which entry each page shows, and how each generated page is rendered."""

    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.catalog: Catalog | None = None
        self.entries: dict[str, Entry] = {}
        self.unpublished: set[str] = set()
        self.generated: dict[str, tuple[str, Callable[[], str]]] = {}
        self.vendor: dict[str, Path] = {}
        # Content already loaded by the caller (pipeline.build) for the next build only.
        self.preloaded: Content | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_shutdown(self) -> None:
        # mkdocs keeps this instance for the process; whatever runs next starts as a build, drafts hidden.
        self.command = "build"

    def on_config(self, config):
        content, self.preloaded = self.preloaded or load_content(Path(config["docs_dir"])), None
        catalog = build_catalog(content, now=dt.datetime.now(dt.timezone.utc),
                                include_unpublished=self.command == "serve")
        errors = [p for p in content.problems if p.severity == "error"]
        if errors:
            raise PluginError("content/ has entries that do not validate; fix them before building:\n"
                              + "\n".join(str(p) for p in errors))
        self.catalog = catalog
        self.entries = {pages.entry_src(e): e for e in catalog.entries()}
        self.unpublished = {pages.entry_src(e) for e in content.all()} - set(self.entries)
        self.vendor = self._find_vendor_files(Path(config.config_file_path or ".").parent)
        config.extra["breachwire"] = {name: VENDOR_FILES[name][1] for name in self.vendor}
        return config

    def _find_vendor_files(self, project_dir: Path) -> dict[str, Path]:
        # The project's own node_modules; else the checkout this package runs from (tests build a copy).
        folders = [project_dir / self.config.vendor_dir, Path(__file__).resolve().parent.parent / self.config.vendor_dir]
        found = {}
        for name, (package_path, _) in VENDOR_FILES.items():
            path = next((f / package_path for f in folders if (f / package_path).is_file()), None)
            if path:
                found[name] = path
            else:
                log.info("%s is not installed (run `npm ci --ignore-scripts`): %s", name, WITHOUT_VENDOR[name])
        return found

    def on_files(self, files: Files, *, config) -> Files:
        assert self.catalog is not None
        catalog = self.catalog
        self.generated = self._generated_pages(catalog)
        for file in list(files):
            # Drafts and embargoed entries: no page, so no search entry, sitemap line or link either.
            # Only entries are removed: pages other hooks add (redirects for merged companies) stay.
            if file.src_uri in self.unpublished:
                files.remove(file)
        for src_uri in self.generated:
            _replace(files, File.generated(config, src_uri, content=""))
        site_url = config.site_url or None
        outputs = {
            "data/incidents.json": site_data.incidents_json(catalog),
            "data/companies.json": site_data.companies_json(catalog),
            "data/relations.json": site_data.relations_json(catalog),
            "data/articles.json": site_data.articles_json(catalog),
            pages.FEED: site_data.atom_feed(catalog, title=config.site_name, site_url=site_url,
                                          limit=self.config.feed_entries),
        }
        for src_uri, text in outputs.items():
            _replace(files, File.generated(config, src_uri, content=text))
        for name, path in self.vendor.items():
            _replace(files, File.generated(config, VENDOR_FILES[name][1], abs_src_path=str(path)))
        for redirect in redirect_files(published_content(catalog), config):  # old URLs of merged companies
            _replace(files, redirect)
        return files

    def _generated_pages(self, catalog: Catalog) -> dict[str, tuple[str, Callable[[], str]]]:
        """Source path -> (title, renderer) for every page that has no file in content/."""
        generated: dict[str, tuple[str, Callable[[], str]]] = {
            pages.INCIDENTS: ("Incidents", lambda: pages.render_incident_index(catalog)),
            pages.COMPANIES: ("Companies", lambda: pages.render_company_index(catalog)),
            pages.NETWORK: ("Network", lambda: pages.render_network(catalog)),
            pages.TAGS: ("Tags", pages.render_tags),
            pages.DATA: ("Data", lambda: pages.render_data(catalog)),
        }
        archive = pages.archive_pages(catalog, self.config.archive_page_size)
        generated[pages.COVERAGE] = ("Coverage", lambda: pages.render_coverage_index(catalog, archive))
        for number, page in enumerate(archive):
            neighbours = (archive[number - 1] if number else None, archive[number + 1] if number + 1 < len(archive) else None)
            title = f"Coverage: {pages.month_label(page.month)}" + (f", page {page.number}" if page.number > 1 else "")
            generated[page.src] = (title, lambda p=page, n=neighbours: pages.render_archive_page(p, n))
        months = pages.timeline_months(catalog)
        generated[pages.TIMELINE] = ("Timeline", lambda: pages.render_timeline_index(catalog, months))
        for month, events in months.items():
            generated[pages.timeline_month_src(month)] = (
                f"Timeline: {pages.month_label(month)}",
                lambda m=month, e=events: pages.render_timeline_month(catalog, m, e))
        return generated

    def on_page_read_source(self, *, page, config) -> str | None:
        # Entries were read and validated in on_config; mkdocs need not read and parse them again.
        src = page.file.src_uri
        return "" if src in self.entries or src in self.generated else None

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        assert self.catalog is not None
        catalog = self.catalog
        src = page.file.src_uri
        if src == pages.HOME:
            rendered = pages.render_home(markdown, catalog)
        elif src in self.generated:
            title, render = self.generated[src]
            page.meta["title"] = title
            rendered = render()
            if src not in (pages.INCIDENTS, pages.COMPANIES, pages.NETWORK, pages.DATA):
                # Archive pages repeat titles the entries' own pages already put in the search index.
                page.meta["search"] = {"exclude": True}
        elif src in self.entries:
            entry = self.entries[src]
            renderers = {"company": pages.render_company, "incident": pages.render_incident,
                         "article": pages.render_article}
            rendered = renderers[entry.type](entry, entry.body, catalog, src)
            title = entry.meta.get("name") if entry.type == "company" else entry.meta.get("title")
            # The theme prints page.meta.title unescaped; give it a title that is safe as text.
            page.meta["title"] = plain_title(str(title or entry.slug))
            if entry.type == "incident":
                page.meta["tags"] = [str(t) for t in entry.meta.get("tags") or []]
            # Readers searching a name want the incident or the company before the many articles naming it.
            page.meta["search"] = {"boost": SEARCH_BOOST.get(entry.type, 1)}
        else:
            return markdown
        # Tell the templates which scripts this page needs (overrides/main.html).
        page.meta["bw_mermaid"] = "```mermaid" in rendered
        page.meta["bw_sortable"] = src == pages.INCIDENTS
        return rendered

    def on_post_page(self, output: str, *, page, config) -> str:
        return collapse_whitespace(output)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        # Defence in depth: whatever a feed managed to put in an entry, the page keeps only plain markup.
        if page.file.src_uri in UNSANITIZED:
            return html
        return nh3.clean(html, tags=nh3.ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None,
                         url_schemes={"http", "https", "mailto"})


def published_content(catalog: Catalog) -> Content:
    """The catalog's entries as a Content, for helpers that take one."""
    return Content(companies=dict(catalog.companies), incidents=dict(catalog.incidents), articles=list(catalog.articles))


def collapse_whitespace(html: str) -> str:
    """The page with each run of whitespace that holds a line break cut to one line break.

    Browsers render such runs the same either way (outside <pre>, <textarea> and
    scripts, which are kept as they are); the theme's indentation is a fifth of
    every page, and the site has as many pages as articles.
    """
    parts = PRESERVED.split(html)
    return "".join(part if number % 2 else BLANK_RUN.sub("\n", part) for number, part in enumerate(parts))


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)
