"""Score the extractor against a hand-annotated gold set (tests/gold/README.md describes the format).

Organizations and relations are scored per article and micro-averaged: true
positives, false positives and false negatives are summed over all articles
before precision, recall and F1 are computed. Relevance is scored as accuracy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pipeline.entries import Problem, parse_entry
from pipeline.extract import Extraction, Gazetteer, extract
from pipeline.store import stub_sector
from pipeline.vocabulary import Vocabulary, load_vocabulary


class GoldError(Exception):
    """The gold set cannot be read at all (no folder, no articles)."""


@dataclass(frozen=True)
class GoldArticle:
    path: str
    title: str
    text: str
    relevant: bool
    orgs: tuple[str, ...]
    relations: tuple[tuple[str, str, str], ...]
    outlet: str = ""
    published: dt.date | None = None


@dataclass(frozen=True)
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.true_positives + other.true_positives, self.false_positives + other.false_positives,
                     self.false_negatives + other.false_negatives)

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ArticleScore:
    """What the extractor got right and wrong in one article, for reading the errors."""

    path: str
    relevant_expected: bool
    relevant_predicted: bool
    missed_orgs: tuple[str, ...]
    extra_orgs: tuple[str, ...]
    missed_relations: tuple[tuple[str, str, str], ...]
    extra_relations: tuple[tuple[str, str, str], ...]
    orgs: Score
    relations: Score
    per_predicate: dict[str, Score] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    articles: tuple[ArticleScore, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def orgs(self) -> Score:
        return sum((a.orgs for a in self.articles), Score())

    @property
    def relations(self) -> Score:
        return sum((a.relations for a in self.articles), Score())

    @property
    def per_predicate(self) -> dict[str, Score]:
        totals: dict[str, Score] = {}
        for article in self.articles:
            for predicate, score in article.per_predicate.items():
                totals[predicate] = totals.get(predicate, Score()) + score
        return dict(sorted(totals.items()))

    @property
    def relevance_accuracy(self) -> float:
        if not self.articles:
            return 0.0
        return sum(a.relevant_expected == a.relevant_predicted for a in self.articles) / len(self.articles)


def _gold_problem(entry_display: str, line: int, field_name: str, message: str, fix: str) -> Problem:
    return Problem(entry_display, line, field_name, message, fix)


def read_gold_article(path: Path, display: str, vocabulary: Vocabulary) -> tuple[GoldArticle | None, list[Problem]]:
    """One annotated article; every problem found in it, with its line."""
    entry, problems = parse_entry(path.read_text(encoding="utf-8"), path.name, display)
    if entry is None:
        return None, problems
    meta, line = entry.meta, entry.lines.get
    for key in ("title", "relevant", "orgs", "relations"):
        if key not in meta:
            problems.append(_gold_problem(display, 2, key, "missing", f"add {key}: (see tests/gold/README.md)"))
    if problems:
        return None, problems
    if not isinstance(meta["relevant"], bool):
        problems.append(_gold_problem(display, line("relevant", 2), "relevant",
                                      f"expected true or false, got {meta['relevant']!r}", "write relevant: true"))
    orgs = []
    for number, org in enumerate(meta["orgs"] or [], start=1):
        if not isinstance(org, dict) or not isinstance(org.get("name"), str) or not org["name"].strip():
            problems.append(_gold_problem(display, line("orgs", 2), f"orgs #{number}", "needs a name",
                                          "write - name: Canonical Name"))
            continue
        orgs.append(org["name"].strip())
    names = {name.lower() for name in orgs}
    relations = []
    for number, relation in enumerate(meta["relations"] or [], start=1):
        where = f"relations #{number}"
        if not isinstance(relation, dict) or not all(isinstance(relation.get(k), str)
                                                     for k in ("subject", "predicate", "object")):
            problems.append(_gold_problem(display, line("relations", 2), where, "needs subject, predicate and object",
                                          "write - {subject: A, predicate: supplier_of, object: B}"))
            continue
        if relation["predicate"] not in vocabulary.predicates:
            problems.append(_gold_problem(display, line("relations", 2), where,
                                          f"unknown predicate {relation['predicate']!r}",
                                          f"use one of {', '.join(vocabulary.predicates)}"))
            continue
        unknown = [relation[k] for k in ("subject", "object") if relation[k].strip().lower() not in names]
        if unknown:
            problems.append(_gold_problem(display, line("relations", 2), where,
                                          f"{unknown[0]!r} is not one of this article's orgs",
                                          "add it under orgs or use the org's canonical name"))
            continue
        relations.append((relation["subject"].strip(), relation["predicate"], relation["object"].strip()))
    if problems:
        return None, problems
    published = meta.get("date") if isinstance(meta.get("date"), dt.date) else None
    article = GoldArticle(display, str(meta["title"]), entry.body.strip(), meta["relevant"], tuple(orgs),
                          tuple(relations), str(meta.get("outlet") or ""), published)
    return article, []


def load_gold(folder: Path, vocabulary: Vocabulary | None = None) -> tuple[list[GoldArticle], list[Problem]]:
    """Every article in a gold folder (README.md excepted), and every problem in any of them."""
    vocabulary = vocabulary or load_vocabulary()
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder — give the folder that holds the annotated articles")
    articles, problems = [], []
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        article, found = read_gold_article(path, str(path), vocabulary)
        problems.extend(found)
        if article:
            articles.append(article)
    if not articles and not problems:
        raise GoldError(f"{folder}: no annotated articles (*.md) — see tests/gold/README.md for the format")
    return articles, problems


def _relation_key(subject: str, predicate: str, obj: str, symmetric: frozenset[str]) -> tuple:
    subject, obj = subject.strip().lower(), obj.strip().lower()
    if predicate in symmetric:
        # Symmetric relations are compared as unordered pairs.
        subject, obj = sorted((subject, obj))
    return subject, predicate, obj


def score_article(gold: GoldArticle, extraction: Extraction, vocabulary: Vocabulary) -> ArticleScore:
    """Compare one extraction with its annotation."""
    symmetric = frozenset(name for name, p in vocabulary.predicates.items() if p.symmetric)
    expected_orgs = {name.lower(): name for name in gold.orgs}
    predicted_orgs = {org.name.strip().lower(): org.name for org in extraction.orgs}
    expected = {_relation_key(*r, symmetric): r for r in gold.relations}
    predicted = {_relation_key(r.subject, r.predicate, r.object, symmetric): (r.subject, r.predicate, r.object)
                 for r in extraction.relations}
    per_predicate = {}
    for predicate in sorted({key[1] for key in (*expected, *predicted)}):
        want = {k for k in expected if k[1] == predicate}
        got = {k for k in predicted if k[1] == predicate}
        per_predicate[predicate] = Score(len(want & got), len(got - want), len(want - got))
    return ArticleScore(
        path=gold.path,
        relevant_expected=gold.relevant,
        relevant_predicted=extraction.relevant,
        missed_orgs=tuple(sorted(expected_orgs[k] for k in expected_orgs.keys() - predicted_orgs.keys())),
        extra_orgs=tuple(sorted(predicted_orgs[k] for k in predicted_orgs.keys() - expected_orgs.keys())),
        missed_relations=tuple(sorted(expected[k] for k in expected.keys() - predicted.keys())),
        extra_relations=tuple(sorted(predicted[k] for k in predicted.keys() - expected.keys())),
        orgs=Score(len(expected_orgs.keys() & predicted_orgs.keys()), len(predicted_orgs.keys() - expected_orgs.keys()),
                   len(expected_orgs.keys() - predicted_orgs.keys())),
        relations=Score(len(expected.keys() & predicted.keys()), len(predicted.keys() - expected.keys()),
                        len(expected.keys() - predicted.keys())),
        per_predicate=per_predicate,
    )


def evaluate(
    folder: Path,
    nlp,
    *,
    gazetteer: Gazetteer | None = None,
    is_relevant: Callable[..., bool] | None = None,
    vocabulary: Vocabulary | None = None,
    extractor: Callable[..., Extraction] = extract,
    in_order: bool = False,
) -> Evaluation:
    """Run the extractor on every gold article in `folder` and score it.

    With `in_order`, the articles are read as ingest would store them: by date (then file name), each
    relevant one adding the companies it names to what the next ones know, as its company stubs would.
    Without it, each article is read alone against `gazetteer`.
    """
    vocabulary = vocabulary or load_vocabulary()
    articles, problems = load_gold(folder, vocabulary)
    if in_order:
        articles.sort(key=lambda a: (a.published or dt.date.min, a.path))
    gazetteer = gazetteer or Gazetteer()
    scores = []
    for article in articles:
        extraction = extractor(article.text, nlp, title=article.title, gazetteer=gazetteer,
                               is_relevant=is_relevant, vocabulary=vocabulary)
        scores.append(score_article(article, extraction, vocabulary))
        if in_order and extraction.relevant:
            for org in extraction.orgs:
                if gazetteer.lookup(org.name) is None:
                    gazetteer = gazetteer.with_company(org.name, org.slug, stub_sector(org))
    scores.sort(key=lambda score: score.path)
    return Evaluation(tuple(scores), tuple(problems))


def report_lines(evaluation: Evaluation, *, details: bool = False) -> Iterable[str]:
    """The evaluation as plain text lines: totals, per predicate, relevance, and optionally each article's errors."""
    def row(label: str, score: Score) -> str:
        return (f"{label:<22} {score.precision:9.3f} {score.recall:7.3f} {score.f1:7.3f}"
                f" {score.true_positives:5d} {score.false_positives:5d} {score.false_negatives:5d}")

    yield f"{len(evaluation.articles)} articles scored"
    yield f"{'':<22} {'precision':>9} {'recall':>7} {'F1':>7} {'TP':>5} {'FP':>5} {'FN':>5}"
    yield row("organizations", evaluation.orgs)
    yield row("relations", evaluation.relations)
    for predicate, score in evaluation.per_predicate.items():
        yield row(f"  {predicate}", score)
    correct = sum(a.relevant_expected == a.relevant_predicted for a in evaluation.articles)
    yield f"relevance accuracy     {evaluation.relevance_accuracy:9.3f} ({correct}/{len(evaluation.articles)})"
    if details:
        for article in evaluation.articles:
            lines = []
            if article.relevant_expected != article.relevant_predicted:
                lines.append(f"  relevant: expected {article.relevant_expected}, got {article.relevant_predicted}")
            lines += [f"  missed org: {name}" for name in article.missed_orgs]
            lines += [f"  extra org: {name}" for name in article.extra_orgs]
            lines += [f"  missed relation: {' '.join(r)}" for r in article.missed_relations]
            lines += [f"  extra relation: {' '.join(r)}" for r in article.extra_relations]
            if lines:
                yield article.path
                yield from lines
