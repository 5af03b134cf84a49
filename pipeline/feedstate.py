"""Per-feed state kept between runs: HTTP validators and health, in the state folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.entries import write_atomic
from pipeline.fetch import Validators


@dataclass
class FeedHealth:
    etag: str | None = None
    last_modified: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    items_seen: int = 0
    new_items: int = 0
    first_seen: str | None = None

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


class FeedState:
    """feeds.json: one FeedHealth per feed URL. A lost or damaged file only costs a full fetch."""

    def __init__(self, path: Path):
        self.path = path
        self.feeds: dict[str, FeedHealth] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = FeedHealth.__dataclass_fields__
            self.feeds = {url: FeedHealth(**{k: v for k, v in data.items() if k in known}) for url, data in raw.items()}
        except (OSError, ValueError, TypeError):
            self.feeds = {}

    def get(self, url: str) -> FeedHealth:
        return self.feeds.setdefault(url, FeedHealth())

    def save(self) -> None:
        data = {url: asdict(health) for url, health in sorted(self.feeds.items())}
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        if self.path.exists() and self.path.read_text(encoding="utf-8") == text:
            return
        write_atomic(self.path, text)
