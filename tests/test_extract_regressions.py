"""Sentences that once crashed the extractor, each in the grammatical shape that triggered it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.entries import load_content
from pipeline.extract import Gazetteer, extract
from pipeline.store import gazetteer_from

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return gazetteer_from(load_content(PROJECT_ROOT / "content"))


# The parser hangs the first name of "Mercor and Meta servers" under "servers" as a modifier with its
# own "and"; "servers" names no organization. noun_phrase_orgs compared the modifier's slug with the
# head's missing mention and raised AttributeError (found on a streaming-deals item of a real feed,
# "Get <Name> + Live TV": the same shape with "+" for "and").
@pytest.mark.parametrize("text", [
    "Hackers breached Mercor and Meta servers.",
    "Attackers got into Mercor + Meta accounts.",
])
def test_a_name_modifying_a_head_that_is_no_organization(text, nlp, gazetteer):
    extraction = extract(text, nlp, gazetteer=gazetteer)
    assert {org.name for org in extraction.orgs} == {"Mercor", "Meta"}, extraction
