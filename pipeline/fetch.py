"""Fetch a feed's bytes over HTTP(S), politely and defensively, or read a saved file.

Feeds are untrusted: every fetch has connect, read and total time limits, a
cap on the body that also bounds its decompressed size, a limit on redirects
(which may only lead to http/https URLs), and a bounded number of retries.
Conditional GET (ETag / Last-Modified) makes an unchanged feed cost one
small request.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.config import FeedConfig

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_AFTER_STATUSES = frozenset({429, 503})
# Only encodings this module can decompress under the size cap are offered.
ACCEPT_ENCODING = "gzip, deflate"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators remembered from a feed's last successful fetch."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchPolicy:
    """How hard and how long to try; the defaults suit a feed reader run every few minutes."""

    user_agent: str = "Breachwire/0.1"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # A server trickling one byte at a time never trips the read timeout; this does.
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff_seconds: float = 1.0
    # A Retry-After longer than this is not waited for: the feed is skipped until then.
    max_retry_wait: float = 30.0


@dataclass(frozen=True)
class FetchResult:
    feed: FeedConfig
    body: bytes | None = None
    status: int | None = None
    url: str = ""  # where the body came from, after redirects
    headers: dict[str, str] = field(default_factory=dict)
    validators: Validators = Validators()
    not_modified: bool = False
    error: str | None = None
    retry_after: dt.datetime | None = None  # the publisher asked us not to come back before this
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None


class FetchError(Exception):
    """One attempt failed in a way that retrying will not fix."""


class TransientError(Exception):
    """One attempt failed in a way that may succeed if tried again."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def is_remote(location: str) -> bool:
    return urlsplit(location).scheme.lower() in ("http", "https")


def make_client(policy: FetchPolicy) -> httpx.Client:
    """One client shared by the threads of a run: connection reuse, redirects handled by `fetch`."""
    timeout = httpx.Timeout(connect=policy.connect_timeout, read=policy.read_timeout,
                            write=policy.read_timeout, pool=policy.total_timeout)
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                        limits=httpx.Limits(max_connections=8, max_keepalive_connections=4))


def fetch(
    feed: FeedConfig,
    *,
    validators: Validators | None = None,
    policy: FetchPolicy = FetchPolicy(),
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch one feed; never raises for a bad feed or server, the result carries the error instead."""
    limit = feed.max_bytes or policy.max_bytes
    scheme = urlsplit(feed.url).scheme.lower()
    if scheme not in ("http", "https", "file", "") and "://" in feed.url:
        return FetchResult(feed, error=f"{feed.url}: only http, https and local files can be read")
    if not is_remote(feed.url):
        return _read_file(feed, limit)
    own_client = client is None
    client = client or make_client(policy)
    try:
        attempt = 0
        while True:
            attempt += 1
            try:
                result = _fetch_once(client, feed, validators or Validators(), policy, limit)
                return _with_attempts(result, attempt)
            except FetchError as exc:
                return FetchResult(feed, error=str(exc), attempts=attempt)
            except TransientError as exc:
                wait = exc.retry_after if exc.retry_after is not None else policy.backoff_seconds * 2 ** (attempt - 1)
                if exc.retry_after is not None and exc.retry_after > policy.max_retry_wait:
                    until = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=exc.retry_after)
                    return FetchResult(feed, error=f"{exc}; the server asks us to wait {exc.retry_after:g} s "
                                       f"— skipped until {until:%Y-%m-%d %H:%M:%S} UTC",
                                       retry_after=until.replace(microsecond=0), attempts=attempt)
                if attempt > policy.retries:
                    tries = f"{attempt} attempts" if attempt > 1 else "1 attempt"
                    return FetchResult(feed, error=f"{exc} (gave up after {tries})", attempts=attempt)
                sleep(wait)
    finally:
        if own_client:
            client.close()


def _with_attempts(result: FetchResult, attempts: int) -> FetchResult:
    return result if attempts == 1 else FetchResult(**{**result.__dict__, "attempts": attempts})


def _request_headers(validators: Validators, policy: FetchPolicy) -> dict[str, str]:
    headers = {"User-Agent": policy.user_agent, "Accept": ACCEPT, "Accept-Encoding": ACCEPT_ENCODING}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _fetch_once(client: httpx.Client, feed: FeedConfig, validators: Validators,
                policy: FetchPolicy, limit: int) -> FetchResult:
    deadline = time.monotonic() + policy.total_timeout
    headers = _request_headers(validators, policy)
    url, visited = feed.url, [feed.url]
    try:
        while True:
            response = client.send(client.build_request("GET", url, headers=headers), stream=True)
            try:
                if response.status_code in REDIRECT_STATUSES and response.headers.get("location"):
                    url = _next_hop(url, response.headers["location"], visited, policy.max_redirects)
                    continue
                return _finish(feed, url, response, validators, limit, deadline, policy)
            finally:
                response.close()
    except httpx.TimeoutException as exc:
        raise TransientError(f"timed out ({type(exc).__name__}: no answer within "
                             f"{policy.read_timeout:g} s)") from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise TransientError(f"{type(exc).__name__}: {exc or 'connection failed'}") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc


def _next_hop(current: str, location: str, visited: list[str], max_redirects: int) -> str:
    target = urljoin(current, location.strip())
    if not is_remote(target):
        raise FetchError(f"redirected to {target[:200]!r} — only http and https redirects are followed")
    if target in visited:
        raise FetchError(f"redirect loop: {' -> '.join([*visited, target])}")
    if len(visited) > max_redirects:
        raise FetchError(f"more than {max_redirects} redirects (last: {target}) — point the feed at its final URL")
    visited.append(target)
    return target


def _finish(feed: FeedConfig, url: str, response: httpx.Response, validators: Validators,
            limit: int, deadline: float, policy: FetchPolicy) -> FetchResult:
    status = response.status_code
    if status == 304:
        return FetchResult(feed, status=304, url=url, not_modified=True, validators=Validators(
            response.headers.get("etag") or validators.etag,
            response.headers.get("last-modified") or validators.last_modified))
    if status in RETRY_AFTER_STATUSES:
        raise TransientError(f"HTTP {status} {response.reason_phrase}",
                             retry_after=parse_retry_after(response.headers.get("retry-after")))
    if status >= 500:
        raise TransientError(f"HTTP {status} {response.reason_phrase}")
    if status >= 300:
        raise FetchError(f"HTTP {status} {response.reason_phrase} — check the feed's URL")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(_too_large(limit))
    body = read_capped(response, limit, deadline, policy.total_timeout)
    return FetchResult(
        feed,
        body=body,
        status=status,
        url=url,
        # The body is already decoded: its Content-Encoding no longer applies.
        headers={k.lower(): v for k, v in response.headers.items() if k.lower() != "content-encoding"},
        validators=Validators(response.headers.get("etag"), response.headers.get("last-modified")),
    )


def _too_large(limit: int) -> str:
    return f"body larger than {limit:,} bytes — set max_bytes for this feed if it is genuinely that large"


def read_capped(response: httpx.Response, limit: int, deadline: float, total_timeout: float) -> bytes:
    """The decoded body, refusing more than `limit` bytes before or after decompression."""
    decoder = _decoder(response.headers.get("content-encoding", ""))
    chunks, size, raw_size = [], 0, 0
    # No chunk size: httpx would buffer up to it, and a trickle would never reach the deadline check.
    for raw in response.iter_raw():
        raw_size += len(raw)
        if raw_size > limit:
            raise FetchError(_too_large(limit))
        for chunk in decoder(raw, limit - size + 1):
            size += len(chunk)
            if size > limit:
                raise FetchError(_too_large(limit) + " (after decompression)")
            chunks.append(chunk)
        if time.monotonic() > deadline:
            raise TransientError(f"timed out: the body took longer than {total_timeout:g} s to arrive")
    return b"".join(chunks)


def _decoder(content_encoding: str) -> Callable[[bytes, int], list[bytes]]:
    """A function turning raw chunks into decoded ones, never producing much more than asked for."""
    encodings = [e.strip().lower() for e in content_encoding.split(",") if e.strip()]
    encodings = [e for e in encodings if e != "identity"]
    if not encodings:
        return lambda raw, _: [raw]
    if len(encodings) > 1 or encodings[0] not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding {content_encoding!r} — the server ignored "
                         f"Accept-Encoding: {ACCEPT_ENCODING}")
    # 16 + MAX_WBITS reads a gzip header; MAX_WBITS a zlib one. Servers sending raw
    # deflate for "deflate" are common enough to try that as well.
    state = {"d": zlib.decompressobj(16 + zlib.MAX_WBITS if encodings[0] != "deflate" else zlib.MAX_WBITS),
             "first": True}

    def decode(raw: bytes, room: int) -> list[bytes]:
        try:
            data = state["d"].decompress(raw, room)
        except zlib.error:
            if not (encodings[0] == "deflate" and state["first"]):
                raise FetchError("the compressed body is corrupt")
            state["d"] = zlib.decompressobj(-zlib.MAX_WBITS)
            data = state["d"].decompress(raw, room)
        state["first"] = False
        out, produced = [data], len(data)
        # max_length keeps one small chunk from inflating into gigabytes at once.
        while state["d"].unconsumed_tail and produced <= room:
            data = state["d"].decompress(state["d"].unconsumed_tail, room - produced + 1)
            out.append(data)
            produced += len(data)
        return out

    return decode


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds())


def _read_file(feed: FeedConfig, limit: int) -> FetchResult:
    location = feed.url[len("file://"):] if feed.url.startswith("file://") else feed.url
    path = Path(location)
    try:
        if path.stat().st_size > limit:
            return FetchResult(feed, error=f"{path}: {_too_large(limit)}")
        return FetchResult(feed, body=path.read_bytes(), url=str(path))
    except OSError as exc:
        return FetchResult(feed, error=f"cannot read {path}: {exc.strerror or exc}")
