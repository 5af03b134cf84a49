"""Per-feed state kept between runs: HTTP validators and health, in the state folder.

It is a cache: a lost or damaged feeds.json costs one full fetch of each
feed and the health history, never an entry.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.entries import as_datetime, write_atomic
from pipeline.fetch import Validators

STATE_FILE = "feeds.json"


@dataclass
class FeedHealth:
    name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    last_status: str | None = None
    items_seen: int = 0
    new_items: int = 0
    first_seen: str | None = None
    # The publisher's Retry-After: no request goes out before this time.
    not_before: str | None = None

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)

    def waiting(self, now: dt.datetime) -> bool:
        until = as_datetime(self.not_before)
        return until is not None and until > now

    def new_per_day(self, now: dt.datetime) -> float:
        """Average new items a day since the feed was first read (a partial first day counts as one)."""
        first = as_datetime(self.first_seen)
        if first is None:
            return 0.0
        days = max(1.0, (now - first).total_seconds() / 86400)
        return self.new_items / days


class FeedState:
    """feeds.json: one FeedHealth per feed URL."""

    def __init__(self, path: Path):
        self.path = path
        self.feeds: dict[str, FeedHealth] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = FeedHealth.__dataclass_fields__
            self.feeds = {url: FeedHealth(**{k: v for k, v in data.items() if k in known}) for url, data in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            self.feeds = {}

    @classmethod
    def in_folder(cls, state_dir: Path) -> "FeedState":
        return cls(state_dir / STATE_FILE)

    def get(self, url: str) -> FeedHealth:
        return self.feeds.setdefault(url, FeedHealth())

    def save(self) -> None:
        data = {url: asdict(health) for url, health in sorted(self.feeds.items())}
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        if self.path.exists() and self.path.read_text(encoding="utf-8") == text:
            return
        write_atomic(self.path, text)


@dataclass(frozen=True)
class FeedHealthRow:
    """One feed's health as `breachwire feeds` shows it."""

    name: str
    url: str
    status: str
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    items_seen: int
    new_items: int
    new_per_day: float
    not_before: str | None

    def as_json(self) -> dict:
        return asdict(self)


def feed_health(settings, now: dt.datetime | None = None) -> list[FeedHealthRow]:
    """The configured feeds in order, then any other feed the state remembers (e.g. read with --feed)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    state = FeedState.in_folder(settings.state_dir)
    names = {feed.url: feed.name for feed in settings.feeds}
    urls = [feed.url for feed in settings.feeds] + sorted(set(state.feeds) - set(names))
    rows = []
    for url in urls:
        health = state.feeds.get(url, FeedHealth())
        if health.waiting(now):
            status = f"waiting until {health.not_before}"
        else:
            status = health.last_status or "never read"
        rows.append(FeedHealthRow(names.get(url) or health.name or url, url, status, health.last_success, health.last_error,
                                  health.last_error_at, health.items_seen, health.new_items,
                                  round(health.new_per_day(now), 2), health.not_before))
    return rows
