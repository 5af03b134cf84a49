"""Fetch a feed's bytes: over HTTP(S) with timeouts, a size cap and conditional GET, or from a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from pipeline.config import FeedConfig


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators remembered from a feed's last successful fetch."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    feed: FeedConfig
    body: bytes | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    validators: Validators = Validators()
    not_modified: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class FeedTooLarge(Exception):
    """The feed's body exceeded the configured size cap."""


def is_remote(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def fetch(
    feed: FeedConfig,
    *,
    validators: Validators | None = None,
    user_agent: str = "Breachwire/0.1",
    timeout: float = 20.0,
    max_bytes: int = 10 * 1024 * 1024,
    client: httpx.Client | None = None,
) -> FetchResult:
    """Fetch one feed; never raises for a bad feed, the result carries the error instead."""
    limit = feed.max_bytes or max_bytes
    if not is_remote(feed.url):
        return _read_file(feed, limit)
    headers = {"User-Agent": user_agent, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    own_client = client is None
    client = client or httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        max_redirects=5,
    )
    try:
        with client.stream("GET", feed.url, headers=headers) as response:
            if response.status_code == 304:
                return FetchResult(feed, status=304, not_modified=True, validators=validators or Validators())
            if response.status_code >= 400:
                return FetchResult(feed, status=response.status_code,
                                   error=f"HTTP {response.status_code} {response.reason_phrase}")
            body = _read_capped(response, limit)
            return FetchResult(
                feed,
                body=body,
                status=response.status_code,
                headers={k.lower(): v for k, v in response.headers.items()},
                validators=Validators(response.headers.get("etag"), response.headers.get("last-modified")),
            )
    except FeedTooLarge:
        return FetchResult(feed, error=f"body larger than {limit} bytes — raise max_bytes for this feed if it is genuine")
    except httpx.TimeoutException:
        return FetchResult(feed, error=f"timed out after {timeout:g} s")
    except httpx.HTTPError as exc:
        return FetchResult(feed, error=f"{type(exc).__name__}: {exc}")
    finally:
        if own_client:
            client.close()


def _read_capped(response: httpx.Response, limit: int) -> bytes:
    # iter_bytes yields decoded (decompressed) bytes, so the cap bounds a gzip bomb too.
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise FeedTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _read_file(feed: FeedConfig, limit: int) -> FetchResult:
    location = feed.url[len("file://"):] if feed.url.startswith("file://") else feed.url
    path = Path(location)
    try:
        if path.stat().st_size > limit:
            return FetchResult(feed, error=f"{path}: larger than {limit} bytes")
        return FetchResult(feed, body=path.read_bytes())
    except OSError as exc:
        return FetchResult(feed, error=f"cannot read {path}: {exc.strerror or exc}")
