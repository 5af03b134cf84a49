"""Scoring against the gold set: the thresholds, the arithmetic, the gold format's errors and the eval command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_settings
from pipeline.entries import load_content
from pipeline.evaluate import GoldArticle, GoldError, Score, evaluate, load_gold, report_lines, score_article
from pipeline.extract import Extraction, Org, Relation
from pipeline.relevance import Relevance
from pipeline.store import gazetteer_from
from pipeline.vocabulary import load_vocabulary

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "gold"
HOLDOUT = Path(__file__).parent / "gold-holdout"
HOLDOUT2 = Path(__file__).parent / "gold-holdout2"
HOLDOUT3 = Path(__file__).parent / "gold-holdout3"
HOLDOUT4 = Path(__file__).parent / "gold-holdout4"
HOLDOUT5 = Path(__file__).parent / "gold-holdout5"
HOLDOUT6 = Path(__file__).parent / "gold-holdout6"
DEV = Path(__file__).parent / "gold-dev"
DEV2 = Path(__file__).parent / "gold-dev2"
DEV3 = Path(__file__).parent / "gold-dev3"
DEV4 = Path(__file__).parent / "gold-dev4"
DEV5 = Path(__file__).parent / "gold-dev5"
DEV6 = Path(__file__).parent / "gold-dev6"
HOLDOUT7 = Path(__file__).parent / "gold-holdout7"
DEV7 = Path(__file__).parent / "gold-dev7"
DEV8 = Path(__file__).parent / "gold-dev8"
HOLDOUT8 = Path(__file__).parent / "gold-holdout8"
DEV9 = Path(__file__).parent / "gold-dev9"
HOLDOUT9 = Path(__file__).parent / "gold-holdout9"
HOLDOUT10 = Path(__file__).parent / "gold-holdout10"
DEV10 = Path(__file__).parent / "gold-dev10"
DEV11 = Path(__file__).parent / "gold-dev11"
DEV12 = Path(__file__).parent / "gold-dev12"
HOLDOUT11 = Path(__file__).parent / "gold-holdout11"
DEV13 = Path(__file__).parent / "gold-dev13"
DEV14 = Path(__file__).parent / "gold-dev14"
DEV15 = Path(__file__).parent / "gold-dev15"
DEV16 = Path(__file__).parent / "gold-dev16"
DEV17 = Path(__file__).parent / "gold-dev17"
DEV18 = Path(__file__).parent / "gold-dev18"
DEV19 = Path(__file__).parent / "gold-dev19"
DEV20 = Path(__file__).parent / "gold-dev20"
DEV21 = Path(__file__).parent / "gold-dev21"
DEV22 = Path(__file__).parent / "gold-dev22"
DEV23 = Path(__file__).parent / "gold-dev23"
DEV24 = Path(__file__).parent / "gold-dev24"
HOLDOUT12 = Path(__file__).parent / "gold-holdout12"
HOLDOUT13 = Path(__file__).parent / "gold-holdout13"
DEV25, DEV26, DEV27, DEV28, DEV29, DEV30, DEV31, DEV32 = (Path(__file__).parent / f"gold-dev{n}" for n in range(25, 33))
HOLDOUT14 = Path(__file__).parent / "gold-holdout14"
HOLDOUT15 = Path(__file__).parent / "gold-holdout15"
HOLDOUT16 = Path(__file__).parent / "gold-holdout16"
HOLDOUT17 = Path(__file__).parent / "gold-holdout17"

ORGS_F1 = 0.92
RELATIONS_F1 = 0.80
RELEVANCE_ACCURACY = 0.95


def _evaluate(folder: Path, nlp, in_order: bool = False):
    settings = load_settings(PROJECT_ROOT)
    content = load_content(settings.content_dir)
    relevance = Relevance.from_content(settings.relevance_incident_terms, settings.relevance_ai_terms,
                                       content.companies)
    return evaluate(folder, nlp, gazetteer=gazetteer_from(content), is_relevant=relevance, in_order=in_order)


@pytest.fixture(scope="module")
def gold_evaluation(nlp):
    return _evaluate(GOLD, nlp)


def _errors(evaluation) -> str:
    return "\n".join(report_lines(evaluation, details=True))


def test_gold_set_meets_the_targets(gold_evaluation):
    assert not gold_evaluation.problems, gold_evaluation.problems
    assert len(gold_evaluation.articles) >= 40
    assert gold_evaluation.orgs.f1 >= ORGS_F1, _errors(gold_evaluation)
    assert gold_evaluation.relations.f1 >= RELATIONS_F1, _errors(gold_evaluation)
    assert gold_evaluation.relevance_accuracy >= RELEVANCE_ACCURACY, _errors(gold_evaluation)


def test_gold_set_covers_every_predicate_and_irrelevant_articles():
    articles, problems = load_gold(GOLD)
    assert not problems
    predicates = {r[1] for a in articles for r in a.relations}
    assert predicates == set(load_vocabulary().predicates)
    assert sum(not a.relevant for a in articles) >= 5


def test_held_out_set_is_scored(nlp):
    # Written before the first round of tuning; its error types drove the second round, so it is no
    # longer unseen. Floors at the measured scores (1.000, 0.961 in round 4) minus a margin, against regressions.
    evaluation = _evaluate(HOLDOUT, nlp)
    assert not evaluation.problems and len(evaluation.articles) == 12
    assert evaluation.orgs.f1 >= 0.97, _errors(evaluation)
    assert evaluation.relations.f1 >= 0.93, _errors(evaluation)


def test_second_held_out_set_is_scored(nlp):
    # Written before the second round of tuning and never tuned on: floors at the measured scores minus a
    # margin, not targets (orgs 0.913, relations 0.750, relevance 10/12 then; 0.963, 0.874, 11/12 in round 4).
    evaluation = _evaluate(HOLDOUT2, nlp)
    assert not evaluation.problems and len(evaluation.articles) == 12
    assert {r[1] for a in load_gold(HOLDOUT2)[0] for r in a.relations} == set(load_vocabulary().predicates)
    assert evaluation.orgs.f1 >= 0.94, _errors(evaluation)
    assert evaluation.relations.f1 >= 0.84, _errors(evaluation)
    assert evaluation.relevance_accuracy >= 0.80, _errors(evaluation)


def test_third_held_out_set_is_scored(nlp):
    # Written before the third round of tuning (0.937 / 0.588 then) and never tuned on: floors at the
    # measured scores minus a margin, not targets (orgs 0.950, relations 0.757, relevance 10/10 in round 4).
    evaluation = _evaluate(HOLDOUT3, nlp)
    assert not evaluation.problems and len(evaluation.articles) == 10
    assert sum(not a.relevant for a in load_gold(HOLDOUT3)[0]) == 2
    assert evaluation.orgs.f1 >= 0.93, _errors(evaluation)
    assert evaluation.relations.f1 >= 0.72, _errors(evaluation)
    assert evaluation.relevance_accuracy >= 0.90, _errors(evaluation)


@pytest.mark.parametrize("folder, articles, orgs_floor, relations_floor, relevance_floor", [
    # Written in round 4 by sessions that never saw the rules, then tuned on (relations F1 before -> after
    # round 4: gold-dev 0.682 -> 0.821, gold-dev2 0.475 -> 0.719, gold-dev3 0.606 -> 0.705): floors against
    # regressions, not targets.
    (DEV, 24, 0.97, 0.79, 0.95),
    (DEV2, 16, 0.94, 0.69, 0.95),
    (DEV3, 16, 0.94, 0.67, 0.90),
    # Round 5: gold-dev4, 0.570 before round 5's rules and 0.601 with its first ones, 0.667 at its end (0.766
    # after round 6).
    (DEV4, 16, 0.92, 0.64, 0.95),
    # Round 6: gold-dev5, 0.751 when first scored (mid-round) and 0.845 at the end; gold-dev6, 0.691 under the
    # rules at the start of round 6, 0.704 when first scored and 0.761 at the end.
    (DEV5, 16, 0.92, 0.82, 0.95),
    (DEV6, 16, 0.92, 0.72, 0.85),
    # Round 7: gold-dev7 0.739, gold-dev8 0.684 and gold-dev9 0.792 when first scored, before any rule was
    # written for them; 0.765, 0.751 and 0.827 at the end of round 7.
    (DEV7, 16, 0.93, 0.73, 0.95),
    (DEV8, 16, 0.91, 0.71, 0.90),
    (DEV9, 16, 0.90, 0.79, 0.90),
    # Round 8: gold-dev10 0.673, gold-dev11 0.775 and gold-dev12 0.683 under the rules of the start of round 8,
    # before any rule was written for them; 0.807, 0.830 and 0.784 at the end.
    (DEV10, 16, 0.92, 0.76, 0.90),
    (DEV11, 16, 0.93, 0.78, 0.95),
    (DEV12, 16, 0.92, 0.74, 0.90),
    # Round 9: gold-dev13 0.718 and gold-dev14 0.704 under the rules of the start of round 9, before any rule
    # was written for them (orgs 0.929 and 0.904); 0.791 and 0.858 at its end (orgs 0.955 and 0.939).
    (DEV13, 16, 0.93, 0.76, 0.95),
    (DEV14, 16, 0.91, 0.82, 0.90),
    # Written mid-round 9: gold-dev15 0.699 and gold-dev16 0.794 under the rules of the start of round 9, and
    # 0.699 and 0.819 under the round's rules when first scored (relevance 15/16 and 12/16 then); 0.795 and
    # 0.869 at its end (relevance 15/16 each).
    (DEV15, 16, 0.95, 0.75, 0.90),
    (DEV16, 16, 0.92, 0.84, 0.90),
    # Written late in round 9: gold-dev17 0.677 and gold-dev18 0.661 under the rules of its start, 0.683 and
    # 0.672 under the round's rules when first scored (relevance 13/16 and 16/16); 0.716 and 0.709 at its end.
    (DEV17, 16, 0.88, 0.65, 0.81),
    (DEV18, 16, 0.90, 0.64, 0.95),
    # Round 10, each scored first under the rules of its time, before any rule was written for it: gold-dev19 0.751
    # and gold-dev20 0.706 (at the round's start), gold-dev21 0.821 and gold-dev22 0.734 (mid-round), gold-dev23
    # 0.823 and gold-dev24 0.588 (late); at the end 0.822, 0.775, 0.837, 0.800, 0.832 (gold-dev23 was not tuned
    # on) and 0.726.
    (DEV19, 16, 0.95, 0.78, 0.95),
    (DEV20, 16, 0.93, 0.75, 0.95),
    (DEV21, 16, 0.95, 0.80, 0.81),
    (DEV22, 16, 0.95, 0.77, 0.95),
    (DEV23, 16, 0.95, 0.80, 0.95),
    (DEV24, 16, 0.92, 0.69, 0.95),
    # Round 11, each scored first under the rules of its time, before any rule was written for it: gold-dev25 0.770,
    # gold-dev26 0.686, gold-dev27 0.629 and gold-dev28 0.684 (at the round's start), gold-dev29 0.708 and gold-dev30
    # 0.747 (early), gold-dev31 0.660 and gold-dev32 0.685 (late); at the end 0.795, 0.736, 0.679, 0.743, 0.772,
    # 0.868, 0.717 and 0.694. Their writers were asked for many ways of stating supply, so they run harder than the
    # sealed sets. At the end of round 12: 0.802, 0.736, 0.682, 0.743, 0.794, 0.868, 0.724 and 0.773; at the end of
    # round 13: 0.835, 0.766, 0.764, 0.762, 0.832, 0.873, 0.744 and 0.824.
    (DEV25, 16, 0.93, 0.81, 0.93),
    (DEV26, 16, 0.85, 0.74, 0.93),
    (DEV27, 16, 0.93, 0.74, 0.93),
    (DEV28, 16, 0.90, 0.74, 0.93),
    (DEV29, 16, 0.93, 0.81, 0.93),
    (DEV30, 16, 0.94, 0.85, 0.93),
    (DEV31, 16, 0.93, 0.72, 0.93),
    (DEV32, 16, 0.92, 0.80, 0.93),
], ids=["gold-dev", "gold-dev2", "gold-dev3", "gold-dev4", "gold-dev5", "gold-dev6", "gold-dev7", "gold-dev8",
        "gold-dev9", "gold-dev10", "gold-dev11", "gold-dev12", "gold-dev13", "gold-dev14", "gold-dev15", "gold-dev16",
        "gold-dev17", "gold-dev18", "gold-dev19", "gold-dev20", "gold-dev21", "gold-dev22", "gold-dev23", "gold-dev24",
        "gold-dev25", "gold-dev26", "gold-dev27", "gold-dev28", "gold-dev29", "gold-dev30", "gold-dev31", "gold-dev32"])
def test_development_sets_are_scored(folder, articles, orgs_floor, relations_floor, relevance_floor, nlp):
    evaluation = _evaluate(folder, nlp)
    assert not evaluation.problems and len(evaluation.articles) == articles
    assert evaluation.orgs.f1 >= orgs_floor, _errors(evaluation)
    assert evaluation.relations.f1 >= relations_floor, _errors(evaluation)
    assert evaluation.relevance_accuracy >= relevance_floor, _errors(evaluation)


@pytest.mark.parametrize("folder, relations_floor", [
    # Read as ingest would have stored them (`evaluate(in_order=True)`), at the end of round 12: 0.817, 0.755, 0.706,
    # 0.754, 0.794, 0.874, 0.740 and 0.796; each article alone, 0.802 … 0.773 (above). Their articles often name a
    # company short ("Tambari") that an earlier one named in full, as a feed does. At the end of round 13: 0.840,
    # 0.813, 0.845, 0.772, 0.871, 0.883, 0.754 and 0.833.
    (DEV25, 0.82), (DEV26, 0.79), (DEV27, 0.82), (DEV28, 0.75), (DEV29, 0.85), (DEV30, 0.86), (DEV31, 0.73),
    (DEV32, 0.81),
], ids=["gold-dev25", "gold-dev26", "gold-dev27", "gold-dev28", "gold-dev29", "gold-dev30", "gold-dev31", "gold-dev32"])
def test_development_sets_read_in_order_are_scored(folder, relations_floor, nlp):
    evaluation = _evaluate(folder, nlp, in_order=True)
    assert evaluation.relations.f1 >= relations_floor, _errors(evaluation)


@pytest.mark.parametrize("folder, orgs_floor, relations_floor, relevance_floor", [
    # gold-holdout4: written at the start of round 4; relations F1 0.682 then, 0.734 at its end (orgs 0.955 ->
    # 0.969). gold-holdout5: written at the end of round 4 and scored once, 0.679 (orgs 0.934).
    (HOLDOUT4, 0.94, 0.70, 0.87),
    (HOLDOUT5, 0.91, 0.70, 0.87),
    # gold-holdout6: written at the start of round 5, under the guide's settled conventions, and scored once at
    # its end: 0.771 (orgs 0.924). gold-holdout4 and 5 were 0.740 and 0.700 then.
    # At the end of round 6: gold-holdout4 0.749, gold-holdout5 0.754, gold-holdout6 0.790.
    (HOLDOUT6, 0.90, 0.74, 0.87),
    # gold-holdout7: written at the start of round 6; 0.667 under the rules of the start of round 6, 0.692 at its
    # end (orgs 0.951 -> 0.955). Totals only.
    (HOLDOUT7, 0.92, 0.66, 0.87),
    # Round 7 (totals only): gold-holdout8 0.758 -> 0.784 (orgs 0.929), gold-holdout9 0.761 -> 0.761 (orgs
    # 0.929), from the rules of the start of round 7 to its end; gold-holdout10, written near the end of round 7,
    # 0.778 -> 0.781 (orgs 0.967), with relevance 13/16, then 16/16 once speech- and voice-data words counted as
    # AI words (which articles those were, nobody has looked).
    (HOLDOUT8, 0.90, 0.74, 0.87),
    (HOLDOUT9, 0.90, 0.72, 0.87),
    (HOLDOUT10, 0.93, 0.74, 0.87),
    # Round 8 (totals only): gold-holdout4 to 10 from 0.751, 0.762, 0.792, 0.720, 0.784, 0.761, 0.781 to 0.764,
    # 0.765, 0.794, 0.723, 0.802, 0.782, 0.816; gold-holdout11, written in round 8, 0.670 under the rules of its
    # start and 0.688 at its end (orgs 0.920 -> 0.924).
    (HOLDOUT11, 0.90, 0.65, 0.87),
    # Round 9 (totals only): gold-holdout4 to 11 from 0.764, 0.765, 0.794, 0.723, 0.802, 0.782, 0.816, 0.688 to
    # 0.788, 0.782, 0.824, 0.741, 0.814, 0.784, 0.838, 0.720; gold-holdout12, written in round 9, 0.798 under the
    # rules of its start and 0.805 at its end (orgs 0.966, relevance 16/16).
    (HOLDOUT12, 0.93, 0.77, 0.87),
    # Round 10 (totals only, read at the start and the end): gold-holdout4 to 12 from 0.788, 0.782, 0.824, 0.741,
    # 0.814, 0.784, 0.838, 0.720, 0.805 to 0.792, 0.777, 0.829, 0.741, 0.814, 0.800, 0.853, 0.720, 0.812;
    # gold-holdout13, written at the start of round 10, 0.817 under the rules of its start and 0.800 at its end
    # (orgs 0.943 -> 0.948, relevance 16/16).
    (HOLDOUT13, 0.92, 0.77, 0.87),
    # Round 11 (totals only, read once at its end): gold-holdout4 to 13 from 0.792, 0.777, 0.829, 0.741, 0.814,
    # 0.800, 0.853, 0.720, 0.812, 0.800 to 0.798, 0.770, 0.825, 0.836, 0.814, 0.800, 0.861, 0.726, 0.812, 0.806;
    # gold-holdout14, written early in round 11, 0.831 when it arrived and 0.831 at the end (orgs 0.982,
    # relevance 16/16); gold-holdout15, written late in round 11 and read once, at the end: 0.822 (orgs 0.967,
    # relevance 16/16).
    (HOLDOUT14, 0.95, 0.80, 0.87),
    (HOLDOUT15, 0.94, 0.79, 0.87),
    # Round 12 (totals only, read once at its end, each article alone; in date order in brackets): gold-holdout4 to
    # 15 0.798 (0.788), 0.770 (0.777), 0.831 (0.853), 0.836 (0.832), 0.814 (0.825), 0.806 (0.806), 0.876 (0.883),
    # 0.731 (0.626), 0.826 (0.839), 0.817 (0.833), 0.843 (0.844), 0.822 (0.878); gold-holdout16, written at the
    # round's end and read once: 0.817 (0.828), orgs 0.983, relevance 16/16.
    (HOLDOUT16, 0.96, 0.79, 0.93),
    # Round 13 (totals only, read once at its end, alone and in date order): gold-holdout4 to 16 0.798 (0.788),
    # 0.770 (0.777), 0.837 (0.853), 0.840 (0.836), 0.814 (0.825), 0.856 (0.856), 0.897 (0.904), 0.748 (0.643),
    # 0.826 (0.839), 0.817 (0.833), 0.838 (0.844), 0.822 (0.878), 0.817 (0.828); gold-holdout17, written during
    # round 13 by a helper that never saw the rules and read once after its last rule: 0.772 (0.834), orgs 0.957,
    # relevance 16/16.
    (HOLDOUT17, 0.94, 0.75, 0.93),
], ids=["gold-holdout4", "gold-holdout5", "gold-holdout6", "gold-holdout7", "gold-holdout8", "gold-holdout9",
        "gold-holdout10", "gold-holdout11", "gold-holdout12", "gold-holdout13", "gold-holdout14", "gold-holdout15",
        "gold-holdout16", "gold-holdout17"])
def test_sealed_held_out_sets_are_scored(folder, orgs_floor, relations_floor, relevance_floor, nlp):
    # Written by sessions that never saw the rules, and sealed: only their totals were ever read (never
    # --details), so a failure here prints no article's errors. The floors sit under the measured scores;
    # they are no targets. Look at totals only, or a set stops being unseen.
    evaluation = _evaluate(folder, nlp)
    assert not evaluation.problems and len(evaluation.articles) == 16
    assert evaluation.orgs.f1 >= orgs_floor
    assert evaluation.relations.f1 >= relations_floor
    assert evaluation.relevance_accuracy >= relevance_floor


def _article(orgs, relations, relevant=True) -> GoldArticle:
    return GoldArticle("gold/x.md", "T", "text", relevant, tuple(orgs), tuple(relations))


def _extraction(orgs, relations, relevant=True) -> Extraction:
    return Extraction(relevant, tuple(Org(n, n.lower(), (n,)) for n in orgs),
                      tuple(Relation(s, p, o, "e", 0.9) for s, p, o in relations))


def test_scores_are_micro_averaged_case_insensitive_and_symmetric_relations_unordered():
    vocabulary = load_vocabulary()
    first = score_article(
        _article(["Meta", "Mercor", "OpenAI"], [("Meta", "paused_work_with", "Mercor"),
                                                 ("Mercor", "partnered_with", "OpenAI")]),
        _extraction(["meta", "Mercor", "Google"], [("Meta", "paused_work_with", "Mercor"),
                                                   ("OpenAI", "partnered_with", "Mercor"),
                                                   ("Mercor", "paused_work_with", "Meta")]),
        vocabulary)
    assert (first.orgs.true_positives, first.orgs.false_positives, first.orgs.false_negatives) == (2, 1, 1)
    assert (first.relations.true_positives, first.relations.false_positives, first.relations.false_negatives) == (2, 1, 0)
    second = score_article(_article(["Cohere"], [], relevant=False), _extraction([], [], relevant=True), vocabulary)
    total = first.orgs + second.orgs
    assert (total.true_positives, total.false_positives, total.false_negatives) == (2, 1, 2)
    assert total.precision == pytest.approx(2 / 3) and total.recall == pytest.approx(0.5)
    assert total.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert first.per_predicate["paused_work_with"] == Score(1, 1, 0)
    assert second.relevant_expected is False and second.relevant_predicted is True


def test_duplicate_predictions_count_once():
    vocabulary = load_vocabulary()
    score = score_article(_article(["A", "B"], [("A", "sued", "B")]),
                          _extraction(["A", "B"], [("A", "sued", "B"), ("a", "sued", "b")]), vocabulary)
    assert score.relations == Score(1, 0, 0)


def test_empty_scores_do_not_divide_by_zero():
    assert (Score().precision, Score().recall) == (1.0, 1.0)
    assert Score(0, 3, 2).f1 == 0.0


@pytest.mark.parametrize("front_matter, expected", [
    ("title: T\nrelevant: maybe\norgs: []\nrelations: []\n",
     "x.md:3: relevant: expected true or false, got 'maybe' — write relevant: true"),
    ("title: T\nrelevant: true\norgs:\n  - name: A\nrelations:\n  - {subject: A, predicate: owns, object: A}\n",
     "x.md:6: relations #1: unknown predicate 'owns' — use one of supplier_of"),
    ("title: T\nrelevant: true\norgs:\n  - name: A\nrelations:\n  - {subject: A, predicate: sued, object: B}\n",
     "x.md:6: relations #1: 'B' is not one of this article's orgs — add it under orgs or use the org's canonical name"),
    ("title: T\nrelevant: true\nrelations: []\n", "x.md:2: orgs: missing — add orgs:"),
    ("title: [unclosed\n", "x.md:3: yaml: invalid YAML"),
])
def test_gold_problems_name_file_line_and_fix(tmp_path, front_matter, expected):
    (tmp_path / "x.md").write_text(f"---\n{front_matter}---\nBody.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article\n", encoding="utf-8")
    articles, problems = load_gold(tmp_path)
    assert not articles
    assert any(str(p).startswith(str(tmp_path / expected.split(":")[0])) and expected.split(":", 1)[1] in str(p)
               for p in problems), [str(p) for p in problems]


def _gold_article(folder: Path, name: str, date: str, text: str, orgs: list[str], relations: list[str]) -> None:
    lines = [f"title: {text.split('.')[0]}", f"date: {date}", "relevant: true", "orgs:",
             *(f"  - name: {org}" for org in orgs), "relations:", *(f"  - {{{r}}}" for r in relations)]
    (folder / name).write_text("---\n" + "\n".join(lines) + f"\n---\n{text}\n", encoding="utf-8")


def _follow_up_and_first_story(folder: Path) -> None:
    """Two stories of a feed; the follow-up sorts first by file name, the story naming the vendor in full by date."""
    _gold_article(folder, "a-follow-up.md", "2026-04-06",
                  "Halvenco has paused its orders with Tollgrave after the breach, the retailer said.",
                  ["Halvenco", "Tollgrave Transcribe"],
                  ["subject: Halvenco, predicate: paused_work_with, object: Tollgrave Transcribe"])
    _gold_article(folder, "b-breach.md", "2026-03-30",
                  "Tollgrave Transcribe, a Leeds startup that transcribes audio for AI developers, said hackers stole "
                  "recordings from its servers. Ashen Marmot, a hacking group, claimed the attack.",
                  ["Tollgrave Transcribe", "Ashen Marmot"],
                  ["subject: Tollgrave Transcribe, predicate: breached_by, object: Ashen Marmot"])


def test_in_order_the_later_articles_know_the_companies_the_earlier_ones_named(tmp_path, nlp):
    _follow_up_and_first_story(tmp_path)
    alone = evaluate(tmp_path, nlp)
    in_order = evaluate(tmp_path, nlp, in_order=True)
    assert (alone.relations.true_positives, alone.relations.false_negatives) == (1, 1)
    assert (in_order.relations.true_positives, in_order.relations.false_negatives) == (2, 0)
    assert [Path(a.path).name for a in in_order.articles] == ["a-follow-up.md", "b-breach.md"]


def test_eval_command_reads_in_order_when_asked(project, real_model, tmp_path):
    _follow_up_and_first_story(tmp_path)
    relations = {flag: next(line for line in CliRunner().invoke(app, ["eval", str(tmp_path), *flag]).output.splitlines()
                            if line.startswith("relations")) for flag in ((), ("--in-order",))}
    assert relations[()].split()[-3:] == ["1", "1", "1"], relations  # right, wrong, missed
    assert relations[("--in-order",)].split()[-3:] == ["2", "0", "0"], relations


def test_a_folder_without_articles_is_an_error(tmp_path):
    with pytest.raises(GoldError, match="no annotated articles"):
        load_gold(tmp_path)
    with pytest.raises(GoldError, match="not a folder"):
        load_gold(tmp_path / "missing")


@pytest.fixture
def real_model(monkeypatch, nlp):
    """The CLI loads the verified model itself; hand it the session's copy of the same model instead of reloading."""
    monkeypatch.setattr("pipeline.model.load_nlp", lambda *a, **k: nlp)


def test_eval_command_prints_scores_per_predicate_and_relevance(project, real_model):
    result = CliRunner().invoke(app, ["eval", str(GOLD)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "48 articles scored"
    assert re.match(r"organizations\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+\d+\s+\d+\s+\d+$", lines[2]), lines[2]
    assert re.match(r"relations\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}", lines[3]), lines[3]
    for predicate in load_vocabulary().predicates:
        assert any(line.strip().startswith(predicate + " ") for line in lines), predicate
    assert re.match(r"relevance accuracy\s+\d\.\d{3} \(\d+/48\)", lines[-1]), lines[-1]


def test_eval_command_reports_bad_gold_files_and_fails(project, real_model, tmp_path):
    (tmp_path / "bad.md").write_text("---\ntitle: T\nrelevant: true\norgs: []\nrelations:\n"
                                     "  - {subject: A, predicate: sued, object: B}\n---\nBody.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert (f"{tmp_path / 'bad.md'}:5: relations #1: 'A' is not one of this article's orgs "
            "— add it under orgs or use the org's canonical name") in result.output
    assert "articles scored" not in result.output


def test_eval_command_on_a_missing_folder(project, real_model, tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a folder" in result.output


@pytest.mark.parametrize("folder", [GOLD, HOLDOUT, HOLDOUT2, HOLDOUT3], ids=lambda folder: folder.name)
def test_the_relevance_check_before_extraction_turns_away_nothing_the_whole_decision_keeps(folder, nlp):
    # Ingest asks Relevance.plausible before it extracts anything, then the whole decision: the first
    # must never cost an article the second would keep, or ingest would score below `breachwire eval`.
    from pipeline.extract import extract_many

    settings = load_settings(PROJECT_ROOT)
    content = load_content(settings.content_dir)
    relevance = Relevance.from_content(settings.relevance_incident_terms, settings.relevance_ai_terms,
                                       content.companies)
    articles, _ = load_gold(folder)
    extractions = extract_many([(a.text, a.title) for a in articles], nlp, gazetteer=gazetteer_from(content),
                               is_relevant=relevance)
    turned_away = [a.path for a, e in zip(articles, extractions)
                   if e.relevant and not relevance.plausible(f"{a.title}\n\n{a.text}")]
    assert not turned_away
