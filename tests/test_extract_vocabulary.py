"""vocabulary.yaml: every predicate of the design is there with triggers, and mistakes in the file are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.vocabulary import VocabularyError, load_vocabulary

DESIGN_PREDICATES = {"supplier_of", "paused_work_with", "ended_work_with", "resumed_work_with", "investigating",
                     "affected_by", "breached_by", "invested_in", "acquired", "partnered_with", "sued",
                     "formerly_known_as"}


def test_the_design_vocabulary_is_complete():
    vocabulary = load_vocabulary()
    assert set(vocabulary.predicates) == DESIGN_PREDICATES
    assert all(p.triggers and p.label for p in vocabulary.predicates.values())
    assert [p.name for p in vocabulary.predicates.values() if p.symmetric] == ["partnered_with"]
    assert vocabulary.predicates["breached_by"].object_kinds == {"attacker"}
    assert {"AI", "Wired"} <= set(vocabulary.organizations.not_organizations) | set(vocabulary.organizations.outlets)
    assert vocabulary.anaphora.kinds["vendor"] == {"company"}


@pytest.mark.parametrize("text, message", [
    ("predicates:\n  sued:\n    label: sued\n    triggers:\n      - {lemma: sue, object: [on]}\n",
     "predicates.sued.triggers #1.object: expected a list of words, got [True] — write object: [word, …]"),
    ("predicates:\n  sued:\n    label: sued\n    triggers:\n      - {lemma: sue, pos: ADJ}\n",
     "predicates.sued.triggers #1: pos must be VERB or NOUN, got 'ADJ' — write pos: VERB"),
    ("predicates:\n  sued:\n    label: sued\n    triggers:\n      - {lemma: sue, voice: middle}\n",
     "predicates.sued.triggers #1: voice must be active or passive, got 'middle' — write voice: passive"),
    ("predicates:\n  sued:\n    label: sued\n    triggers:\n      - {lemma: sue, obj: [dobj]}\n",
     "predicates.sued.triggers #1: unknown key 'obj' — use deep, employer, exposure"),
    ("predicates:\n  sued:\n    triggers: []\n", "predicates.sued: needs a label — add label: <plain words>"),
    ("predicates:\n  sued:\n    label: sued\n    object_kinds: [robot]\n",
     "predicates.sued.object_kinds: unknown kind 'robot' — use company, agency"),
    ("organizations:\n  outlet_names: [Wired]\n", "organizations.outlet_names: unknown list — use one of"),
    ("predicates:\n  sued:\n    label: sued\n    triggers:\n      - {lemma: sue, object_kinds: [court]}\n",
     "predicates.sued.triggers #1.object_kinds: unknown kind 'court' — use company, agency"),
])
def test_mistakes_name_the_place_and_the_fix(tmp_path: Path, text: str, message: str):
    path = tmp_path / "vocabulary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)
    assert str(caught.value).startswith(f"{path}: "), caught.value
    assert message in str(caught.value), caught.value

