"""Reading a built site/ the way a browser or a crawler would: every file, every link, every script."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "srcset"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
# Elements that have no business in a page built from feed text (the theme uses none of them).
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "style"}
# The 404 page links the theme's assets from the site root, every other page relatively.
THEME_ASSETS = re.compile(r"^(/|(\.\./)*)(assets/|search/)")


def site_files(site: Path) -> dict[str, str]:
    """Every file in site/ as text (gzip files decompressed), by path relative to site/."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            files[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return files


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in_script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        self.tags.append((tag.lower(), attributes))
        if tag.lower() == "script":
            self._in_script, self._script_text = attributes, []

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag.lower(), {name.lower(): value or "" for name, value in attrs}))

    def handle_data(self, data):
        if self._in_script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag.lower() == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._script_text)))
            self._in_script = None


def parse_html(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def dangerous_url(value: str) -> bool:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    squeezed = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def html_problems(text: str, where: str, marker: str) -> list[str]:
    """What in this HTML could run script: handlers, dangerous links, foreign scripts, embedding elements."""
    parsed = parse_html(text)
    problems = []
    for tag, attributes in parsed.tags:
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"{where}: <{tag} {name}=…> event-handler attribute")
            if name in URL_ATTRIBUTES and dangerous_url(value):
                problems.append(f"{where}: <{tag} {name}={value[:60]!r}> dangerous URL")
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"{where}: <{tag}> element")
    for attributes, body in parsed.scripts:
        src = attributes.get("src", "")
        if src and not THEME_ASSETS.match(src):
            problems.append(f"{where}: <script src={src!r}> not one of the site's own assets")
        if marker in body:
            problems.append(f"{where}: feed text inside a <script>")
    return problems


def json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def scan_for_script(site: Path, marker: str) -> list[str]:
    """Every way feed text marked with `marker` could run as script anywhere in site/."""
    problems = []
    for name, text in site_files(site).items():
        if name.startswith("assets/"):
            continue  # the theme's and the vendored libraries' own files, no feed text
        if name.endswith(".html"):
            problems += html_problems(text, name, marker)
        elif name == "search/search_index.json":
            # The theme's search box inserts these values as HTML: each must be safe HTML.
            for number, value in enumerate(json_strings(json.loads(text))):
                if "<" in value:
                    problems += html_problems(value, f"{name} value {number}", marker)
        elif name.endswith(".json"):
            # Exports hold text, not HTML; not one raw '<' may be in the file.
            if "<" in text:
                problems.append(f"{name}: a raw '<' in a JSON export")
        elif name.endswith(".xml"):
            root = ET.fromstring(text.encode("utf-8"))
            for element in root.iter():
                for attribute, value in element.attrib.items():
                    if attribute == "href" and dangerous_url(value):
                        problems.append(f"{name}: <{element.tag} href={value[:60]!r}> dangerous URL")
                if element.get("type") in ("html", "xhtml"):
                    problems.append(f"{name}: <{element.tag} type={element.get('type')}> asks readers to render HTML")
    return problems


def local_links(site: Path) -> list[tuple[str, str]]:
    """(page, target) for every link and asset of every page that stays inside the site."""
    links = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" and page.parent == site:
            continue  # served for any missing address, so the theme links it from the site root (/assets/…)
        parsed = parse_html(page.read_text(encoding="utf-8"))
        for tag, attributes in parsed.tags:
            for name in ("href", "src"):
                value = attributes.get(name)
                if not value or value.startswith("#"):
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc:
                    continue
                links.append((page.relative_to(site).as_posix(), unquote(parts.path)))
    return links


def broken_links(site: Path) -> list[str]:
    broken = []
    for page, target in local_links(site):
        resolved = (site / page).parent / target
        if target.endswith("/"):
            resolved = resolved / "index.html"
        if not resolved.resolve().is_file():
            broken.append(f"{page} -> {target}")
    return broken
