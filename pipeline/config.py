"""Settings from `[tool.breachwire]` in the project's pyproject.toml."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

SAMPLES_DIR = Path(__file__).parent / "samples" / "feeds"


class ConfigError(Exception):
    """The project configuration is missing or invalid."""


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    # File name of the bundled snapshot under pipeline/samples/feeds/, if any.
    sample: str | None = None
    max_bytes: int | None = None


@dataclass(frozen=True)
class Settings:
    root: Path
    content_dir: Path
    state_dir: Path
    site_dir: Path
    mkdocs_config: Path
    feeds: tuple[FeedConfig, ...] = ()
    relevance_incident_terms: tuple[str, ...] = ()
    relevance_ai_terms: tuple[str, ...] = ()
    user_agent: str = "Breachwire/0.1"
    fetch_timeout_seconds: float = 20.0
    max_feed_bytes: int = 10 * 1024 * 1024

    @property
    def index_dir(self) -> Path:
        return self.state_dir / "index"

    def sample_feeds(self) -> list[FeedConfig]:
        """The configured feeds that have a bundled snapshot, pointing at it."""
        return [
            FeedConfig(name=f.name, url=str(SAMPLES_DIR / f.sample), max_bytes=f.max_bytes)
            for f in self.feeds
            if f.sample
        ]


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` whose pyproject.toml has [tool.breachwire]."""
    env = os.environ.get("BREACHWIRE_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.breachwire]" in candidate.read_text(encoding="utf-8"):
            return folder
    raise ConfigError(
        f"no pyproject.toml with a [tool.breachwire] table in {here} or above "
        "— run breachwire from the project folder or set BREACHWIRE_ROOT"
    )


def load_settings(root: Path | None = None) -> Settings:
    """Read the settings of the project at `root` (default: found from the cwd)."""
    root = (root or find_root()).resolve()
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read: {exc}") from exc
    table = data.get("tool", {}).get("breachwire")
    if table is None:
        raise ConfigError(f"{pyproject}: no [tool.breachwire] table — add one (see README)")

    feeds = []
    for number, feed in enumerate(table.get("feeds", []), start=1):
        if not isinstance(feed, dict) or not feed.get("name") or not feed.get("url"):
            raise ConfigError(
                f"{pyproject}: tool.breachwire.feeds #{number}: needs name and url "
                '— write [[tool.breachwire.feeds]] name = "…" url = "https://…"'
            )
        feeds.append(
            FeedConfig(
                name=str(feed["name"]),
                url=str(feed["url"]),
                sample=feed.get("sample"),
                max_bytes=feed.get("max_bytes"),
            )
        )

    def path(key: str, default: str) -> Path:
        return (root / table.get(key, default)).resolve()

    return Settings(
        root=root,
        content_dir=path("content_dir", "content"),
        state_dir=path("state_dir", ".breachwire"),
        site_dir=path("site_dir", "site"),
        mkdocs_config=path("mkdocs_config", "mkdocs.yml"),
        feeds=tuple(feeds),
        relevance_incident_terms=tuple(table.get("relevance_incident_terms", ())),
        relevance_ai_terms=tuple(table.get("relevance_ai_terms", ())),
        user_agent=table.get("user_agent", "Breachwire/0.1"),
        fetch_timeout_seconds=float(table.get("fetch_timeout_seconds", 20)),
        max_feed_bytes=int(table.get("max_feed_bytes", 10 * 1024 * 1024)),
    )
