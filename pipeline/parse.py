"""Parse fetched feed bytes with feedparser into sanitized FeedItems. Pure: no I/O.

Before feedparser sees a document, its DOCTYPE is defused: feedparser's
fallback parser expands any entity whose value has no `&`, so one entity of
100,000 characters referenced 2,000 times becomes a 200-million-character
title. Only short, literal entities survive, and only while everything they
could expand to stays under a small bound. External entities are never
declared to the parser at all, so nothing is ever fetched for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import io
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import nh3
from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype

from pipeline.fetch import FetchResult

TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|cmpid|mbid|_hsenc|_hsmi|igshid|"
    r"yclid|oly_enc_id|oly_anon_id|vero_id|wt\.mc_id|rss|src)$",
    re.I,
)
# Block-level boundaries become paragraph breaks before tags are stripped.
BLOCK_BOUNDARY = re.compile(r"(?i)<\s*(?:/p|br\s*/?|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# A "<" that a browser or Markdown could read as the start of a tag.
TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
# A published date this far ahead of the clock is a feed error, not a scoop.
FUTURE_TOLERANCE = dt.timedelta(days=1)
MAX_ITEMS_PER_FEED = 1000

# The DOCTYPE defuser's bounds: what one entity may hold, and what all of them may expand to.
MAX_ENTITY_VALUE = 256
MAX_ENTITY_EXPANSION = 1024 * 1024
MAX_KEPT_ENTITIES = 64
ENTITY_DECLARATION = re.compile(
    rb"""<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s"'>]+)\s+"""
    rb"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<external>(?:SYSTEM|PUBLIC)\b[^>]*))\s*>""",
    re.S,
)
CHARACTER_REFERENCES = re.compile(rb"^(?:&#[0-9]{1,7};|&#x[0-9a-fA-F]{1,6};)+$")


@dataclass(frozen=True)
class FeedItem:
    """One news item from a feed, all text plain and sanitized, all links http(s)."""

    source: str
    title: str
    url: str
    canonical_url: str
    guid: str
    published: dt.datetime | None
    summary: str
    text: str
    authors: tuple[str, ...] = ()

    @property
    def body_text(self) -> str:
        """Summary and text without the title: what extraction reads."""
        if self.text and self.summary and not self.text.startswith(self.summary[:60]):
            return f"{self.summary}\n\n{self.text}"
        return self.text or self.summary

    @property
    def full_text(self) -> str:
        """Title, summary and text: what the relevance filter reads."""
        return f"{self.title}\n\n{self.body_text}"


@dataclass(frozen=True)
class ParsedFeed:
    source: str
    items: tuple[FeedItem, ...]
    problems: tuple[str, ...] = field(default_factory=tuple)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: tags and script/style contents dropped, paragraphs kept."""
    if not markup:
        return ""
    marked = BLOCK_BOUNDARY.sub("\n\n", markup)
    stripped = html.unescape(nh3.clean(marked, tags=set()))
    # Unescaping can bring back "<script>" from "&amp;lt;script&amp;gt;": as text it is
    # harmless, but it must never become markup later, so it gets a look-alike.
    stripped = TAG_OPENER.sub("‹", CONTROL_CHARACTERS.sub("", stripped))
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", stripped))
    return "\n\n".join(p for p in paragraphs if p)


def safe_link(link: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL, or None for anything else (javascript:, data:, file:, …)."""
    if not link:
        return None
    # As browsers do: trim spaces and controls at the ends, drop tabs and newlines anywhere
    # ("java\tscript:" is "javascript:" to a browser, so it must be to this check too).
    link = re.sub(r"[\x00-\x08\x0a-\x1f\x7f]|\t", "", link.strip("\x00\x20\t\n\r\x0b\x0c"))
    if not link:
        return None
    absolute = urljoin(base, link) if base and is_http(base) else link
    return absolute if is_http(absolute) else None


def is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def canonical_url(url: str) -> str:
    """The URL without fragment or tracking parameters, scheme and host lowercased."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    path = parts.path or "/"
    netloc = parts.netloc.lower()
    default_port = {"http": ":80", "https": ":443"}.get(parts.scheme.lower())
    if default_port and netloc.endswith(default_port):
        netloc = netloc[: -len(default_port)]
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def defuse_doctype(data: bytes) -> tuple[bytes, list[str]]:
    """The document with its DOCTYPE's internal subset cut down to small literal entities.

    `data` must already be UTF-8 (feedparser's own `convert_to_utf8` gives that).
    """
    defused, problems = _trim_internal_subset(data)
    # Whatever the DOCTYPE looked like, check what feedparser's fallback parser would expand.
    _, _, expanded = replace_doctype(defused)
    if sum(len(v) * defused.count(f"&{k};".encode()) for k, v in expanded.items()) > MAX_ENTITY_EXPANSION:
        start = defused.find(b"<!DOCTYPE")
        end = defused.find(b"]>", start) if start >= 0 else -1
        if end < 0:
            return b"", problems + ["entity declarations could not be removed — document rejected"]
        return defused[:start] + defused[end + 2:], problems + ["entity declarations removed"]
    return defused, problems


def _trim_internal_subset(data: bytes) -> tuple[bytes, list[str]]:
    start = data.find(b"<!DOCTYPE")
    # A DOCTYPE counts when no element comes before it; comments and processing instructions may.
    if start < 0 or re.search(rb"<[A-Za-z_]", re.sub(rb"<!--.*?-->|<\?.*?\?>", b"", data[:start], flags=re.S)):
        return data, []
    subset = _internal_subset(data, start)
    if subset is None:
        return data, []
    if subset == "unterminated":
        return b"", ["the DOCTYPE never ends — document rejected"]
    open_bracket, close_bracket, end = subset
    kept, dropped = [], []
    for match in ENTITY_DECLARATION.finditer(data, open_bracket + 1, close_bracket):
        value = match.group("dq") if match.group("dq") is not None else match.group("sq")
        name = match.group("name")
        literal = value is not None and not match.group("parameter") and (
            CHARACTER_REFERENCES.match(value) and len(value) <= 64
            or len(value) <= MAX_ENTITY_VALUE and not re.search(rb"[&%<]", value))
        if literal and len(kept) < MAX_KEPT_ENTITIES and re.fullmatch(rb"[A-Za-z_][\w.-]*", name):
            kept.append((name, value))
        else:
            dropped.append(name.decode("utf-8", "replace"))
    rest = data[end:]
    expansion = sum(len(value) * rest.count(b"&" + name + b";") for name, value in kept)
    if expansion > MAX_ENTITY_EXPANSION:
        dropped.extend(name.decode() for name, _ in kept)
        kept = []
    # Everything else in the subset (parameter entities, external ones, ELEMENT and ATTLIST
    # declarations) goes: the parsers are never told about anything outside this document.
    head = data[start + len(b"<!DOCTYPE"):open_bracket]
    declared = b"".join(b'<!ENTITY %s "%s">\n' % (name, value) for name, value in kept)
    problems = []
    if dropped:
        shown = ", ".join(sorted(set(dropped))[:8]) + (", …" if len(set(dropped)) > 8 else "")
        problems.append(f"the DOCTYPE declares entities that are not expanded (external, nested or too large: "
                        f"{shown}); references to them are left as they are")
    return data[:start] + b"<!DOCTYPE" + head + b"[\n" + declared + b"]>" + rest, problems


def _internal_subset(data: bytes, start: int) -> tuple[int, int, int] | str | None:
    """([ position, ] position, end of the DOCTYPE) for a DOCTYPE with an internal subset."""
    position, quote = start + len(b"<!DOCTYPE"), None
    length = len(data)
    while position < length:
        byte = data[position:position + 1]
        if quote:
            if byte == quote:
                quote = None
        elif byte in (b'"', b"'"):
            quote = byte
        elif byte == b">":
            return None
        elif byte == b"[":
            break
        position += 1
    else:
        return "unterminated"
    open_bracket = position
    position += 1
    while position < length:
        byte = data[position:position + 1]
        if byte in (b'"', b"'"):
            close = data.find(byte, position + 1)
            if close < 0:
                return "unterminated"
            position = close + 1
            continue
        if data.startswith(b"<!--", position):
            close = data.find(b"-->", position + 4)
            if close < 0:
                return "unterminated"
            position = close + 3
            continue
        if byte == b"]":
            end = data.find(b">", position)
            if end < 0 or data[position + 1:end].strip():
                return "unterminated"
            return open_bracket, position, end + 1
        position += 1
    return "unterminated"


def _entry_date(entry, now: dt.datetime) -> tuple[dt.datetime | None, str | None]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: FeedParserDict.get maps missing keys onto others, with a DeprecationWarning.
        value = dict.get(entry, key)
        if value:
            try:
                when = dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)
            except (OverflowError, ValueError, OSError):
                return None, f"date {entry.get(key.replace('_parsed', ''))!r} is out of range — ignored"
            if when > now + FUTURE_TOLERANCE:
                return None, f"date {when:%Y-%m-%d} is in the future — ignored"
            return when, None
    return None, None


def _entry_content(entry) -> str:
    contents = entry.get("content") or []
    # Prefer the longest HTML body (Atom content, RSS content:encoded).
    bodies = sorted((c.get("value", "") for c in contents), key=len, reverse=True)
    return bodies[0] if bodies else ""


def _to_utf8(fetched: FetchResult) -> tuple[bytes, dict[str, str], list[str]]:
    """The body as UTF-8 and the headers that say so, with any encoding problem."""
    headers = {k.lower(): v for k, v in (fetched.headers or {}).items()}
    headers.setdefault("content-type", "application/xml")
    probe: dict = {}
    data = convert_to_utf8(headers, fetched.body or b"", probe)
    problems = []
    if probe.get("bozo"):
        problems.append(f"encoding: {probe.get('bozo_exception')}")
    if probe.get("encoding"):
        media_type = headers["content-type"].split(";")[0].strip() or "application/xml"
        headers["content-type"] = f"{media_type}; charset=utf-8"
    return data, headers, problems


def parse(fetched: FetchResult, *, now: dt.datetime | None = None) -> ParsedFeed:
    """Parse a fetched feed; a feed that is not well-formed keeps its good items and reports why."""
    now = now or dt.datetime.now(dt.timezone.utc)
    feed_config = fetched.feed
    data, headers, problems = _to_utf8(fetched)
    data, defused = defuse_doctype(data)
    problems.extend(defused)
    if is_http(fetched.url or feed_config.url):
        # Relative links in the feed resolve against where it was actually served from.
        headers["content-location"] = fetched.url or feed_config.url
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True,
                              resolve_relative_uris=True)
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        problems.append(f"not well-formed: {parsed.get('bozo_exception')}")
    base = headers.get("content-location") or parsed.feed.get("link")
    source = feed_config.name or html_to_text(parsed.feed.get("title", "")).replace("\n\n", " ") or feed_config.url
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        if number > MAX_ITEMS_PER_FEED:
            problems.append(f"more than {MAX_ITEMS_PER_FEED} items — the rest are left for a later run")
            break
        title = html_to_text(entry.get("title", "")).replace("\n\n", " ")
        link = safe_link(entry.get("link"), base)
        if entry.get("link") and not link:
            problems.append(f"item {number}: link {entry.get('link')[:80]!r} is not http(s) — dropped")
        summary = html_to_text(entry.get("summary", ""))
        text = html_to_text(_entry_content(entry)) or summary
        guid = CONTROL_CHARACTERS.sub("", (entry.get("id") or "")).strip() or link or ""
        if not title and not text:
            problems.append(f"item {number}: no title and no text — skipped")
            continue
        if not guid:
            # RSS allows an item with neither: its text is then its identity.
            guid = "sha256:" + hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:32]
        published, date_problem = _entry_date(entry, now)
        if date_problem:
            problems.append(f"item {number}: {date_problem}")
        authors = tuple(
            name for name in (html_to_text(a.get("name", "")).strip() for a in entry.get("authors", [])) if name
        )
        items.append(
            FeedItem(
                source=source,
                title=title or _first_sentences(summary or text, 120),
                url=link or "",
                canonical_url=canonical_url(link) if link else "",
                guid=guid[:2000],
                published=published,
                summary=summary if summary != text else _first_sentences(summary),
                text=text,
                authors=authors,
            )
        )
    if not parsed.entries and not parsed.get("version"):
        problems.append("no feed found in the document (is it RSS or Atom?)")
    return ParsedFeed(source=source, items=tuple(items), problems=tuple(problems))


def _first_sentences(text: str, limit: int = 400) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(". ", 1)[0]
    return cut + "." if not cut.endswith(".") else cut
