"""The relation vocabulary, loaded once from vocabulary.yaml and validated."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


class VocabularyError(Exception):
    """vocabulary.yaml is malformed."""


@dataclass(frozen=True)
class Trigger:
    lemma: str
    with_lemmas: tuple[str, ...] = ()
    inverse: bool = False
    pos: str | None = None  # VERB or NOUN: only when the word is used as this part of speech


@dataclass(frozen=True)
class Predicate:
    name: str
    label: str
    description: str
    symmetric: bool
    triggers: tuple[Trigger, ...]
    # False for standing facts (who supplies whom) that are background, not fallout on a timeline.
    event: bool = True


@dataclass(frozen=True)
class Vocabulary:
    predicates: dict[str, Predicate]
    hedges: frozenset[str]
    not_organizations: frozenset[str]
    corporate_suffixes: tuple[str, ...]

    def label(self, predicate: str) -> str:
        known = self.predicates.get(predicate)
        return known.label if known else predicate.replace("_", " ")


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and validate the vocabulary file; errors name the predicate and field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    predicates = {}
    for name, spec in (data.get("predicates") or {}).items():
        if not isinstance(spec, dict) or not spec.get("label"):
            raise VocabularyError(f"{path}: predicates.{name}: needs a label — add label: <plain words>")
        triggers = []
        for number, trig in enumerate(spec.get("triggers") or [], start=1):
            if not isinstance(trig, dict) or not isinstance(trig.get("lemma"), str):
                raise VocabularyError(
                    f"{path}: predicates.{name}.triggers #{number}: needs a lemma — write {{lemma: word}}"
                )
            triggers.append(
                Trigger(
                    lemma=trig["lemma"],
                    with_lemmas=tuple(trig.get("with") or ()),
                    inverse=bool(trig.get("inverse", False)),
                    pos=trig.get("pos"),
                )
            )
        predicates[name] = Predicate(
            name=name,
            label=spec["label"],
            description=spec.get("description", ""),
            symmetric=bool(spec.get("symmetric", False)),
            triggers=tuple(triggers),
            event=bool(spec.get("event", True)),
        )
    return Vocabulary(
        predicates=predicates,
        hedges=frozenset(data.get("hedges") or ()),
        not_organizations=frozenset(data.get("not_organizations") or ()),
        corporate_suffixes=tuple(data.get("corporate_suffixes") or ()),
    )
