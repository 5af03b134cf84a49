"""Editors' review of machine-proposed relations: list them, confirm or reject them, keep the decisions.

Each relation has a stable id derived from its article (the feed's guid, else
the file) and its (subject, predicate, object), so `--confirm ID` keeps
working across re-extractions. A decision is written into the article's front
matter (`status`, `reviewed_by`, `reviewed_at`) and is never undone by the
pipeline: `carry_decisions` moves it onto a re-extraction's relations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from pipeline.entries import Content, Entry, as_datetime, dump_entry, parse_entry, write_atomic
from pipeline.vocabulary import load_vocabulary

DECISIONS = ("confirmed", "rejected")
ID_LENGTH = 10
MIN_PREFIX = 4


class ReviewError(Exception):
    """A review decision cannot be applied (unknown id, unreadable article)."""


@dataclass(frozen=True)
class ReviewItem:
    """One relation of one article, as an editor reviews it."""

    id: str
    article: str  # path under content/
    title: str
    source: str
    published: dt.datetime | None
    subject: str
    predicate: str
    object: str
    evidence: str
    confidence: float
    status: str
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "article": self.article, "title": self.title, "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "subject": self.subject, "predicate": self.predicate, "object": self.object,
            "evidence": self.evidence, "confidence": self.confidence, "status": self.status,
            "reviewed_by": self.reviewed_by,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
        }


def relation_key(relation: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, predicate, object); a symmetric predicate's two directions are one relation."""
    subject, predicate, obj = (str(relation.get(k) or "") for k in ("subject", "predicate", "object"))
    known = load_vocabulary().predicates.get(predicate)
    if known and known.symmetric and obj < subject:
        subject, obj = obj, subject
    return subject, predicate, obj


def article_key(meta: dict[str, Any], path: str) -> str:
    """What identifies an article across re-ingests: its guid, else its file."""
    guid = meta.get("guid")
    return guid if isinstance(guid, str) and guid else path


def relation_id(article: str, relation: dict[str, Any]) -> str:
    """A short id that stays the same as long as the article and the relation's parties and predicate do."""
    text = "\x1f".join((article, *relation_key(relation)))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:ID_LENGTH]


def _items(entry: Entry) -> Iterable[ReviewItem]:
    relations = entry.meta.get("relations")
    key = article_key(entry.meta, entry.path.as_posix())
    for relation in relations if isinstance(relations, list) else []:
        if not isinstance(relation, dict):
            continue
        confidence = relation.get("confidence")
        yield ReviewItem(
            id=relation_id(key, relation),
            article=entry.path.as_posix(),
            title=str(entry.meta.get("title") or entry.slug),
            source=str(entry.meta.get("source") or ""),
            published=as_datetime(entry.meta.get("published")),
            subject=str(relation.get("subject") or ""),
            predicate=str(relation.get("predicate") or ""),
            object=str(relation.get("object") or ""),
            evidence=str(relation.get("evidence") or ""),
            confidence=float(confidence) if isinstance(confidence, (int, float)) else 0.0,
            status=str(relation.get("status") or "proposed"),
            reviewed_by=relation.get("reviewed_by"),
            reviewed_at=as_datetime(relation.get("reviewed_at")),
        )


def list_relations(
    content: Content,
    *,
    statuses: tuple[str, ...] = ("proposed",),
    article: str | None = None,
    company: str | None = None,
    predicate: str | None = None,
    min_confidence: float | None = None,
) -> list[ReviewItem]:
    """Relations across all articles, newest article first, then in the article's order."""
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    ranked = []
    for entry in content.articles:
        path = entry.path.as_posix()
        if article and path != article and not path.startswith(article.rstrip("/") + "/"):
            continue
        for position, item in enumerate(_items(entry)):
            if item.status not in statuses:
                continue
            if company and company not in (item.subject, item.object):
                continue
            if predicate and item.predicate != predicate:
                continue
            if min_confidence is not None and item.confidence < min_confidence:
                continue
            ranked.append((-(item.published or epoch).timestamp(), path, position, item))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


def resolve_ids(content: Content, ids: Iterable[str]) -> list[ReviewItem]:
    """The relations these ids (or unique prefixes of at least 4 characters) name; every id must match one."""
    every = [item for entry in content.articles for item in _items(entry)]
    found, problems = [], []
    for wanted in ids:
        wanted = wanted.strip().lower()
        matches = {i.id: i for i in every if len(wanted) >= MIN_PREFIX and i.id.startswith(wanted)}
        if len(matches) == 1:
            found.append(next(iter(matches.values())))
        elif not matches:
            problems.append(f"{wanted}: no relation has this id — list them with breachwire review --list")
        else:
            problems.append(f"{wanted}: matches {len(matches)} relations ({', '.join(sorted(matches))}) "
                            "— give more characters")
    if problems:
        raise ReviewError("\n".join(problems))
    return found


def decide(
    content_dir: Path,
    items: Iterable[ReviewItem],
    decision: str,
    *,
    by: str,
    at: dt.datetime | None = None,
) -> list[ReviewItem]:
    """Write `decision` (confirmed or rejected) for each relation into its article; returns what changed."""
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision {decision!r} — use one of: {', '.join(DECISIONS)}")
    at = (at or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    by_article: dict[str, set[str]] = {}
    for item in items:
        by_article.setdefault(item.article, set()).add(item.id)
    changed = []
    for article, ids in sorted(by_article.items()):
        path = content_dir / article
        entry, problems = parse_entry(path.read_text(encoding="utf-8"), article)
        if entry is None:
            raise ReviewError("\n".join(str(p) for p in problems))
        key = article_key(entry.meta, article)
        for relation in entry.meta.get("relations") or []:
            if isinstance(relation, dict) and relation_id(key, relation) in ids:
                relation.update(status=decision, reviewed_by=by, reviewed_at=at)
        write_atomic(path, dump_entry(entry.meta, entry.body))
        changed.extend(i for i in _items(entry) if i.id in ids)
    return changed


def carry_decisions(old: list[Any], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A re-extraction's relations with every editor decision of the old ones kept.

    A relation an editor confirmed or rejected keeps its decision (and its evidence)
    when found again; one the new extraction no longer finds is kept as well, so a
    confirmed fact never disappears and a rejected one never comes back as proposed.
    """
    decided = {relation_key(r): r for r in old if isinstance(r, dict) and r.get("status") in DECISIONS}
    result, placed = [], set()
    for relation in new:
        key = relation_key(relation)
        if key in placed:
            continue
        placed.add(key)
        result.append(decided.get(key, relation))
    result.extend(r for key, r in decided.items() if key not in placed)
    return result


def describe(item: ReviewItem) -> str:
    """One line in plain words: "meta paused work with mercor"."""
    return f"{item.subject} {load_vocabulary().label(item.predicate)} {item.object}"
