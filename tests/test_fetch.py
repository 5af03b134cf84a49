"""The HTTP client against a real server on 127.0.0.1: limits, redirects, retries, conditional GET."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib

import pytest
from werkzeug import Response

from pipeline.config import FeedConfig
from pipeline.fetch import FetchPolicy, Validators, fetch, parse_retry_after

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
# Fast retries so tests spend no time backing off; real sleeps are recorded, not taken.
QUICK = FetchPolicy(user_agent="Breachwire/0.1 (test)", connect_timeout=2, read_timeout=2, total_timeout=5,
                    retries=2, backoff_seconds=0.01)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def feed_at(httpserver, path: str = "/feed.xml", **kwargs) -> FeedConfig:
    return FeedConfig(name="Test", url=httpserver.url_for(path), **kwargs)


def test_sends_a_user_agent_naming_breachwire_and_only_decodable_encodings(httpserver):
    httpserver.expect_request("/feed.xml", headers={"User-Agent": "Breachwire/0.1 (test)",
                                                    "Accept-Encoding": "gzip, deflate"}).respond_with_data(FEED)
    result = fetch(feed_at(httpserver), policy=QUICK)
    assert result.ok, result.error
    assert result.body == FEED and result.status == 200


def test_conditional_get_sends_validators_back_and_a_304_has_no_body(httpserver):
    httpserver.expect_ordered_request("/feed.xml").respond_with_data(
        FEED, headers={"ETag": '"v1"', "Last-Modified": "Wed, 25 Mar 2026 10:00:00 GMT"})
    httpserver.expect_ordered_request("/feed.xml", headers={
        "If-None-Match": '"v1"', "If-Modified-Since": "Wed, 25 Mar 2026 10:00:00 GMT"}).respond_with_data(
        b"", status=304)
    first = fetch(feed_at(httpserver), policy=QUICK)
    assert first.validators == Validators('"v1"', "Wed, 25 Mar 2026 10:00:00 GMT")
    second = fetch(feed_at(httpserver), validators=first.validators, policy=QUICK)
    assert second.ok and second.not_modified and second.body is None
    assert second.validators == first.validators
    httpserver.check_assertions()


def test_a_50_mb_body_is_refused(httpserver):
    httpserver.expect_request("/big.xml").respond_with_data(b"x" * (50 * 1024 * 1024))
    result = fetch(feed_at(httpserver, "/big.xml"), policy=QUICK)
    assert not result.ok and "body larger than 10,485,760 bytes" in result.error


def test_a_50_mb_body_without_content_length_is_cut_off_at_the_cap(httpserver):
    def endless(_request):
        chunk = b"y" * (1024 * 1024)
        return Response((chunk for _ in range(50)), content_type="application/xml", direct_passthrough=True)

    httpserver.expect_request("/stream.xml").respond_with_handler(endless)
    tracemalloc.start()
    try:
        result = fetch(feed_at(httpserver, "/stream.xml"), policy=QUICK)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.ok and "body larger than" in result.error
    assert peak < 40_000_000, f"peak {peak / 1e6:.0f} MB"


def test_the_size_cap_is_configurable_per_feed(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(b"z" * 5000)
    assert not fetch(feed_at(httpserver, max_bytes=4000), policy=QUICK).ok
    assert fetch(feed_at(httpserver, max_bytes=6000), policy=QUICK).ok


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """200 MB of zeros in about 200 KB of gzip."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join([*(compressor.compress(zeros) for _ in range(200)), compressor.flush()])


def test_a_gzip_bomb_is_refused_after_decompressing_no_more_than_the_cap(httpserver, gzip_bomb):
    httpserver.expect_request("/bomb.xml").respond_with_data(gzip_bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        result = fetch(feed_at(httpserver, "/bomb.xml"), policy=QUICK)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not result.ok and "after decompression" in result.error, result.error
    assert peak < 40_000_000, f"peak {peak / 1e6:.0f} MB"


def test_a_gzipped_feed_is_decoded(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(gzip.compress(FEED), headers={"Content-Encoding": "gzip"})
    result = fetch(feed_at(httpserver), policy=QUICK)
    assert result.ok and result.body == FEED
    assert "content-encoding" not in result.headers


@pytest.fixture
def trickling_server():
    """A raw socket server on 127.0.0.1 that sends its body one byte a second (at most 10 bytes)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)

    def serve():
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 1000\r\n\r\n")
            try:
                for byte in FEED[:10]:
                    connection.sendall(bytes([byte]))
                    time.sleep(1)
            except OSError:
                pass  # the client gave up, as it should

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow.xml"
    listener.close()
    thread.join(timeout=12)


def test_a_server_trickling_one_byte_a_second_times_out(trickling_server):
    policy = FetchPolicy(read_timeout=5, total_timeout=2, retries=0)
    started = time.monotonic()
    result = fetch(FeedConfig(name="Slow", url=trickling_server), policy=policy)
    assert not result.ok and "timed out" in result.error, result.error
    assert time.monotonic() - started < 4.5


def test_a_server_that_never_answers_hits_the_read_timeout_and_is_retried(httpserver):
    def silent(_request):
        time.sleep(1.5)
        return Response(FEED)

    httpserver.expect_request("/silent.xml").respond_with_handler(silent)
    sleeps = Sleeps()
    policy = FetchPolicy(read_timeout=0.5, total_timeout=5, retries=1, backoff_seconds=0.01)
    result = fetch(feed_at(httpserver, "/silent.xml"), policy=policy, sleep=sleeps)
    assert not result.ok and "timed out" in result.error and result.attempts == 2
    assert sleeps == [0.01]


def test_a_redirect_to_a_file_url_is_not_followed(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(b"", status=302, headers={"Location": "file:///etc/passwd"})
    result = fetch(feed_at(httpserver), policy=QUICK)
    assert result.error == "redirected to 'file:///etc/passwd' — only http and https redirects are followed"


def test_a_redirect_loop_is_reported(httpserver):
    httpserver.expect_request("/a").respond_with_data(b"", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data(b"", status=301, headers={"Location": "/a"})
    result = fetch(feed_at(httpserver, "/a"), policy=QUICK)
    assert result.error.startswith("redirect loop: ") and result.error.count(" -> ") == 2


def test_too_many_redirects_are_refused_and_a_few_are_followed(httpserver):
    for hop in range(8):
        httpserver.expect_request(f"/hop{hop}").respond_with_data(b"", status=307, headers={"Location": f"/hop{hop + 1}"})
    httpserver.expect_request("/hop8").respond_with_data(FEED)
    assert "more than 5 redirects" in fetch(feed_at(httpserver, "/hop0"), policy=QUICK).error
    followed = fetch(feed_at(httpserver, "/hop4"), policy=QUICK)
    assert followed.ok and followed.body == FEED and followed.url == httpserver.url_for("/hop8")


def test_retry_after_on_503_is_honoured(httpserver):
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data(b"busy", status=503, headers={"Retry-After": "2"})
    httpserver.expect_request("/feed.xml").respond_with_data(FEED)
    sleeps = Sleeps()
    result = fetch(feed_at(httpserver), policy=QUICK, sleep=sleeps)
    assert result.ok and result.attempts == 2 and sleeps == [2.0]


def test_a_long_retry_after_on_429_skips_the_feed_until_then(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(b"slow down", status=429, headers={"Retry-After": "3600"})
    sleeps = Sleeps()
    result = fetch(feed_at(httpserver), policy=QUICK, sleep=sleeps)
    assert not result.ok and "skipped until" in result.error and result.retry_after is not None
    assert sleeps == [] and len(httpserver.log) == 1


def test_server_errors_are_retried_with_backoff_a_bounded_number_of_times(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(b"oops", status=500)
    sleeps = Sleeps()
    result = fetch(feed_at(httpserver), policy=QUICK, sleep=sleeps)
    assert result.error == "HTTP 500 INTERNAL SERVER ERROR (gave up after 3 attempts)"
    assert sleeps == [0.01, 0.02] and len(httpserver.log) == 3


def test_a_client_error_is_not_retried(httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data(b"", status=404)
    result = fetch(feed_at(httpserver), policy=QUICK, sleep=Sleeps())
    assert result.error == "HTTP 404 NOT FOUND — check the feed's URL" and len(httpserver.log) == 1


@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "gopher://example.com/", "javascript:alert(1)//x"])
def test_only_http_https_and_local_files_are_read(url):
    result = fetch(FeedConfig(name="Odd", url=url), policy=QUICK)
    assert not result.ok


def test_retry_after_as_an_http_date():
    import datetime as dt

    now = dt.datetime(2026, 3, 26, 10, 0, tzinfo=dt.timezone.utc)
    assert parse_retry_after("Thu, 26 Mar 2026 10:01:00 GMT", now) == 60.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None
