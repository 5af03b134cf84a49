"""Hostile feeds served from a real HTTP server on 127.0.0.1, each checked against its own Expect header.

Every fixture in tests/fixtures/feeds/ starts with a comment giving a
Description, optional Header lines (HTTP response headers to serve it with)
and an Expect expression, the way feedparser's own corpus does.
"""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from pipeline.config import FeedConfig
from pipeline.fetch import fetch
from pipeline.parse import parse
from pipeline.select import KnownItems, select

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FIXTURES = sorted(FEEDS.glob("*.xml"))


def fixture_header(path: Path) -> dict[str, list[str]]:
    raw = path.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16")
    else:
        declared = re.match(rb'<\?xml[^>]*encoding="([^"]+)"', raw)
        try:
            text = raw.decode(declared.group(1).decode() if declared else "utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")  # the fixture that lies about its encoding
    comment = re.search(r"<!--(.*?)-->", text, re.S).group(1)
    header: dict[str, list[str]] = {}
    for line in comment.strip().splitlines():
        key, _, value = line.partition(":")
        header.setdefault(key.strip(), []).append(value.strip())
    return header


def markup(text: str) -> bool:
    """Anything a browser or Markdown could read as a tag, or a script URL."""
    return bool(re.search(r"<[A-Za-z/!?]", text) or re.search(r"(?i)javascript\s*:", text))


def test_every_fixture_has_a_description_and_an_expectation():
    assert len(FIXTURES) >= 10
    for path in FIXTURES:
        header = fixture_header(path)
        assert header.get("Description") and header.get("Expect"), f"{path}: needs Description: and Expect: lines"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_hostile_feed(path, httpserver):
    header = fixture_header(path)
    server = httpserver.url_for("/").rstrip("/")
    body = path.read_bytes()
    if b"{server}" in body:
        body = body.replace(b"{server}", server.encode())
    headers = dict(h.split(":", 1) for h in header.get("Header", []))
    content_type = headers.pop("Content-Type", "application/rss+xml").strip()
    httpserver.expect_request(f"/feeds/{path.name}").respond_with_data(body, content_type=content_type,
                                                                       headers=headers)
    fetched = fetch(FeedConfig(name="Fixture", url=httpserver.url_for(f"/feeds/{path.name}")))
    assert fetched.ok, f"{path}: {fetched.error}"

    tracemalloc.start()
    try:
        parsed = parse(fetched)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    items = parsed.items
    texts = [t for i in items for t in (i.title, i.summary, i.text, i.guid, *i.authors)]
    urls = [u for i in items for u in (i.url, i.canonical_url)]
    requested = [request.path for request, _ in httpserver.log]
    environment = {
        "items": items, "problems": parsed.problems, "texts": texts, "urls": urls, "server": server,
        "selection": select(items, KnownItems(), lambda text: True),
        "peak_mb": peak / 1e6, "markup": markup,
        "requests_to": lambda prefix: [p for p in requested if p.startswith(prefix)],
    }
    expectation = header["Expect"][0]
    assert eval(expectation, environment), (
        f"{path}: Expect failed: {expectation}\n"
        f"items: {[(i.title[:80], i.url, i.published) for i in items]}\nproblems: {parsed.problems}\n"
        f"peak memory: {peak / 1e6:.1f} MB"
    )


@pytest.mark.parametrize("prologue", ["", "<!-- a <comment> with a tag in it -->\n", "<?xml-stylesheet href='x'?>\n"])
def test_quadratic_blowup_is_neutralised_within_a_few_megabytes(prologue):
    """One entity of 100,000 characters referenced 2,000 times would be a 200-million-character title."""
    entity = "A" * 100_000
    document = (
        '<?xml version="1.0"?>\n' + prologue + '<!DOCTYPE rss [<!ENTITY a "' + entity + '">]>\n'
        '<rss version="2.0"><channel><title>Quadratic</title><item><title>' + "&a;" * 2000 + "</title>"
        "<link>https://quadratic.example/1</link><description>&a;&a;&a;</description></item></channel></rss>"
    ).encode()
    from pipeline.fetch import FetchResult

    tracemalloc.start()
    try:
        parsed = parse(FetchResult(FeedConfig("Quadratic", "https://quadratic.example/feed"), body=document,
                                   url="https://quadratic.example/feed"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, f"peak {peak / 1e6:.1f} MB"  # the fallback parser once took 611 MB here
    assert len(parsed.items) == 1 and len(parsed.items[0].title) <= len("&a;") * 2000
    assert any("not expanded" in p for p in parsed.problems), parsed.problems


def test_small_literal_entities_are_still_expanded():
    """Real feeds declare the odd entity for a name or a symbol: those keep working."""
    from pipeline.fetch import FetchResult

    document = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY co "Acme AI"><!ENTITY nbsp "&#160;">]>\n'
                b'<rss version="2.0"><channel><title>t</title><item><title>&co; breached</title>'
                b'<link>https://e.example/1</link></item></channel></rss>')
    parsed = parse(FetchResult(FeedConfig("E", "https://e.example/feed"), body=document))
    assert parsed.items[0].title == "Acme AI breached"
    assert not parsed.problems
