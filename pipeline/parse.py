"""Parse fetched feed bytes with feedparser into sanitized FeedItems. Pure: no I/O."""

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

from pipeline.fetch import FetchResult

TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|mbid|_hsenc|_hsmi)$", re.I)
# Block-level boundaries become paragraph breaks before tags are stripped.
BLOCK_BOUNDARY = re.compile(r"(?i)<\s*(?:/p|br\s*/?|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")


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
    paragraphs = (re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", stripped))
    text = "\n\n".join(p for p in paragraphs if p)
    # Control characters (other than newlines) never belong in an entry.
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)


def safe_link(link: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL, or None for anything else (javascript:, data:, file:, …)."""
    if not link:
        return None
    link = link.strip()
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
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))


def _entry_date(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)
    return None


def _entry_content(entry) -> str:
    contents = entry.get("content") or []
    # Prefer the longest HTML body (Atom content, RSS content:encoded).
    bodies = sorted((c.get("value", "") for c in contents), key=len, reverse=True)
    return bodies[0] if bodies else ""


def parse(fetched: FetchResult) -> ParsedFeed:
    """Parse a fetched feed; a feed that is not well-formed keeps its good items and reports why."""
    feed_config = fetched.feed
    parsed = feedparser.parse(
        io.BytesIO(fetched.body or b""),
        response_headers=fetched.headers or {},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    problems = []
    if parsed.get("bozo"):
        problems.append(f"not well-formed: {parsed.get('bozo_exception')}")
    base = feed_config.url if is_http(feed_config.url) else parsed.feed.get("link")
    source = feed_config.name or html_to_text(parsed.feed.get("title", "")) or feed_config.url
    items = []
    for number, entry in enumerate(parsed.entries, start=1):
        title = html_to_text(entry.get("title", "")).replace("\n\n", " ")
        link = safe_link(entry.get("link"), base)
        summary = html_to_text(entry.get("summary", ""))
        text = html_to_text(_entry_content(entry)) or summary
        guid = (entry.get("id") or "").strip() or link or ""
        if not link and not guid:
            problems.append(f"item {number}: no link and no guid — skipped")
            continue
        if not title and not text:
            problems.append(f"item {number}: no title and no text — skipped")
            continue
        if not guid:
            guid = "sha256:" + hashlib.sha256((title + text).encode()).hexdigest()[:32]
        authors = tuple(
            name for name in (html_to_text(a.get("name", "")).strip() for a in entry.get("authors", [])) if name
        )
        items.append(
            FeedItem(
                source=source,
                title=title or summary[:80],
                url=link or "",
                canonical_url=canonical_url(link) if link else "",
                guid=guid,
                published=_entry_date(entry),
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
