"""State kept between runs in the state folder: each feed's HTTP validators and health, and the items
the relevance rule turned away after extraction.

Both are caches: a lost or damaged feeds.json costs one full fetch of each
feed and the health history, a lost turned-away.json one more extraction of
those items; never an entry.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.entries import as_datetime, write_atomic
from pipeline.fetch import Validators
from pipeline.parse import FeedItem
from pipeline.select import item_digest, item_keys

STATE_FILE = "feeds.json"
TURNED_AWAY_FILE = "turned-away.json"
TURNED_AWAY_VERSION = 1
# An item is extracted again at most this long after it was turned away, so the file stays as small as the
# feeds' windows and a change to the extractor reaches it in time.
FORGET_TURNED_AWAY = dt.timedelta(days=30)


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


class TurnedAway:
    """turned-away.json: new items the whole relevance rule turned away once extracted, so no later run
    extracts them again.

    Each is remembered under the keys select() dedupes by (outlet and guid, outlet and canonical URL), with
    the fingerprint of the item and of the rule that turned it away: a changed item, or a changed rule
    (terms, AI companies), is considered again.
    """

    def __init__(self, path: Path, now: dt.datetime):
        self.path = path
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            records = raw["items"] if raw.get("version") == TURNED_AWAY_VERSION else []
        except (OSError, ValueError, AttributeError, KeyError):
            records = []
        self._by_key: dict[tuple, dict] = {}
        for record in records if isinstance(records, list) else []:
            when = as_datetime(record.get("at")) if isinstance(record, dict) else None
            if when is not None and when > now - FORGET_TURNED_AWAY:
                self._remember(record)

    @classmethod
    def in_folder(cls, state_dir: Path, now: dt.datetime) -> "TurnedAway":
        return cls(state_dir / TURNED_AWAY_FILE, now)

    def holds(self, item: FeedItem, rule: str) -> bool:
        """Whether `rule` turned away this very item (same text, title, link and date)."""
        record = next((self._by_key[key] for key in item_keys(item.source, item.guid, item.canonical_url)
                       if key in self._by_key), None)
        return record is not None and record.get("rule") == rule and record.get("digest") == item_digest(item)

    def add(self, item: FeedItem, rule: str, stamp: str) -> None:
        self._remember({"source": item.source, "guid": item.guid, "url": item.canonical_url,
                        "digest": item_digest(item), "rule": rule, "at": stamp})

    def _remember(self, record: dict) -> None:
        # A record under any of the same keys is an older decision on the same item: replaced whole.
        keys = item_keys(record.get("source"), record.get("guid"), record.get("url"))
        for older in {id(r): r for key in keys if (r := self._by_key.get(key))}.values():
            for key in item_keys(older.get("source"), older.get("guid"), older.get("url")):
                self._by_key.pop(key, None)
        self._by_key.update(dict.fromkeys(keys, record))

    def save(self) -> None:
        records = sorted({id(r): r for r in self._by_key.values()}.values(),
                         key=lambda r: json.dumps(r, sort_keys=True, default=str))
        text = json.dumps({"version": TURNED_AWAY_VERSION, "items": records}, ensure_ascii=False, indent=1,
                          sort_keys=True) + "\n"
        if self.path.exists() and self.path.read_text(encoding="utf-8") == text:
            return
        if records or self.path.exists():
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
