"""The relation vocabulary and the extractor's word lists, loaded once from vocabulary.yaml and validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
ORG_KINDS = ("company", "agency", "university", "attacker", "former")
TRIGGER_KEYS = frozenset({"lemma", "pos", "with", "with_any", "without", "object", "inverse", "role", "implicit", "exposure", "incident_subject", "incident_object", "deep",
                          "employer", "named_object", "voice", "object_kinds"})
POS_VALUES = (None, "VERB", "NOUN")
VOICE_VALUES = (None, "active", "passive")


class VocabularyError(Exception):
    """vocabulary.yaml is malformed."""


@dataclass(frozen=True)
class Trigger:
    lemma: str
    with_lemmas: tuple[str, ...] = ()
    inverse: bool = False
    pos: str | None = None  # VERB or NOUN: only when the word is used as this part of speech
    with_any: tuple[str, ...] = ()
    without: tuple[str, ...] = ()  # none of these may occur near the trigger ("known as" without "now")
    object_slots: tuple[str, ...] = ()  # "dobj" and/or prepositions; empty: anywhere under the trigger
    role: bool = False  # a relational noun: "Kestrel's customers", "a supplier to Meta"
    implicit: bool = False  # with no other party named, the article's focus company is meant
    exposure: bool = False  # "its data was exposed through the breach at X"
    # In the active voice only an incident does it: "the breach at X hit Y", not "Meta takes a stake in Y".
    incident_subject: bool = False
    deep: bool = False  # the other party may sit anywhere inside the direct object
    # The object is an incident and the subject only speaks of it: "Mandiant attributes the intrusion to Y",
    # "the breach at X was attributed to Y": the company where it happened is the relation's subject.
    incident_object: bool = False
    # When the doers are an organization's people ("contractors working for X on Y projects"), the
    # organization after one of these prepositions is the subject.
    employer: tuple[str, ...] = ()
    # The direct object must name the party itself: "buys Penmaen" is an acquisition, "buys Penmaen's
    # plates" is not (the owner of what is bought is no object).
    named_object: bool = False
    # Only in this voice: "X sells to Y" supplies Y, "X was sold to Y" is X bought by Y.
    voice: str | None = None
    # Only with a party of these kinds (besides the predicate's): "has worked with the University of Bristol on a
    # project" is a partnership, working with a company may be anything.
    object_kinds: frozenset[str] | None = None


@dataclass(frozen=True)
class Predicate:
    name: str
    label: str
    description: str
    symmetric: bool
    triggers: tuple[Trigger, ...]
    subject_kinds: frozenset[str] = frozenset(ORG_KINDS)
    object_kinds: frozenset[str] = frozenset(ORG_KINDS)
    # False for standing facts (who supplies whom) that are background, not fallout on a timeline.
    event: bool = True


@dataclass(frozen=True)
class OrganizationWords:
    """Word lists that tell organizations from people, products, places and cited outlets."""

    head_words: tuple[str, ...] = ()
    institution_words: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    attacker_nouns: tuple[str, ...] = ()
    attacker_modifiers: tuple[str, ...] = ()
    attacker_lead_ins: tuple[str, ...] = ()
    former_name_lead_ins: tuple[str, ...] = ()
    role_words: tuple[str, ...] = ()
    citation_cues: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    not_organizations: tuple[str, ...] = ()
    leading_words: tuple[str, ...] = ()
    name_links: tuple[str, ...] = ()
    statement_verbs: tuple[str, ...] = ()
    common_word_names: tuple[str, ...] = ()
    member_nouns: tuple[str, ...] = ()
    owned_nouns: tuple[str, ...] = ()
    product_nouns: tuple[str, ...] = ()
    law_words: tuple[str, ...] = ()
    subsidiary_nouns: tuple[str, ...] = ()
    organization_roles: tuple[str, ...] = ()
    organization_object_verbs: tuple[str, ...] = ()
    organization_possessions: tuple[str, ...] = ()
    described_products: tuple[str, ...] = ()
    investor_lead_ins: tuple[str, ...] = ()
    funding_words: tuple[str, ...] = ()
    attacker_claims: tuple[str, ...] = ()
    attacker_claim_fillers: tuple[str, ...] = ()
    attacker_belongings: tuple[str, ...] = ()
    attacker_agent_lead_ins: tuple[str, ...] = ()
    kind_nouns: tuple[str, ...] = ()
    field_nouns: tuple[str, ...] = ()
    opening_prepositions: tuple[str, ...] = ()
    staff_nouns: tuple[str, ...] = ()
    investigator_words: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    new_name_lead_ins: tuple[str, ...] = ()
    attack_verbs: tuple[str, ...] = ()
    taking_verbs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anaphora:
    """Noun phrases and pronouns that refer back to an organization, by kind."""

    kinds: dict[str, frozenset[str]] = field(default_factory=dict)  # head noun -> kinds it can mean
    incident: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    plural_pronouns: frozenset[str] = frozenset()
    focus: frozenset[str] = frozenset()
    first_person: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    roundup_titles: tuple[str, ...] = ()  # headline words of an article that tells one story a paragraph

    @cached_property
    def attacker_words(self) -> frozenset[str]:
        """The nouns that point back to an attacker group: "the group", "the hackers"."""
        return frozenset(w for w, kinds in self.kinds.items() if "attacker" in kinds)


@dataclass(frozen=True)
class Vocabulary:
    predicates: dict[str, Predicate]
    hedges: frozenset[str]
    not_organizations: frozenset[str]
    corporate_suffixes: tuple[str, ...]
    negations: frozenset[str] = frozenset()
    reversals: frozenset[str] = frozenset()  # verbs that undo what their object names ("lifted its pause")
    own_incident_verbs: frozenset[str] = frozenset()  # "X disclosed a breach": X's own incident
    notice_verbs: frozenset[str] = frozenset()  # "X notified Y that its data was exposed"
    hiring_verbs: frozenset[str] = frozenset()  # "X hired Y to investigate": Y investigates X
    holding_verbs: frozenset[str] = frozenset()  # "records held by X were stolen": taken from X
    work_nouns: frozenset[str] = frozenset()
    own_work_nouns: frozenset[str] = frozenset()  # work when "its" own: "closed its account"
    providing_verbs: frozenset[str] = frozenset()  # "a server hosted by X": X provides it to its owner
    provided_things: frozenset[str] = frozenset()  # what a company runs on: servers, storage, models
    obtaining_verbs: frozenset[str] = frozenset()  # "GPUs rented from X": X provides them to whoever uses them
    loot_nouns: frozenset[str] = frozenset()
    harm_words: frozenset[str] = frozenset()
    harm_word_exceptions: tuple[str, ...] = ()
    tainted_words: frozenset[str] = frozenset()  # "the poisoned version": a tampered release
    tainted_uses: frozenset[str] = frozenset()  # (lemmas) "its servers installed the poisoned version"
    exposure_words: frozenset[str] = frozenset()
    incident_words: frozenset[str] = frozenset()
    organizations: OrganizationWords = OrganizationWords()
    anaphora: Anaphora = Anaphora()

    def label(self, predicate: str) -> str:
        known = self.predicates.get(predicate)
        return known.label if known else predicate.replace("_", " ")

    @cached_property
    def role_triggers(self) -> dict[str, tuple[Predicate, Trigger]]:
        """Relational nouns ("customer", "investor") and the predicate each one states on its own (not one that
        needs other words near it: "an affected customer")."""
        return {t.lemma.lower(): (p, t) for p in self.predicates.values() for t in p.triggers
                if t.role and not (t.with_lemmas or t.with_any or t.without)}

    @cached_property
    def attack_lemmas(self) -> frozenset[str]:
        """Verbs whose object is an attack's victim: the breached_by verbs said of the attacker."""
        predicate = self.predicates.get("breached_by")
        return frozenset(t.lemma.lower() for t in predicate.triggers if t.inverse and t.pos == "VERB") \
            if predicate else frozenset()


def _words(path: Path, where: str, value, *, required: bool = False) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{path}: {where}: expected a list of words, got {value!r} — write {where.split('.')[-1]}: [word, …]")
    return tuple(value)


def _kinds(path: Path, where: str, value) -> frozenset[str]:
    if value is None:
        return frozenset(ORG_KINDS)
    kinds = _words(path, where, value)
    unknown = [k for k in kinds if k not in ORG_KINDS]
    if unknown:
        raise VocabularyError(f"{path}: {where}: unknown kind {unknown[0]!r} — use {', '.join(ORG_KINDS)}")
    return frozenset(kinds)


def _trigger(path: Path, where: str, spec) -> Trigger:
    if not isinstance(spec, dict) or not isinstance(spec.get("lemma"), str):
        raise VocabularyError(f"{path}: {where}: needs a lemma — write {{lemma: word}}")
    unknown = sorted(set(spec) - TRIGGER_KEYS)
    if unknown:
        raise VocabularyError(f"{path}: {where}: unknown key {unknown[0]!r} — use {', '.join(sorted(TRIGGER_KEYS))}")
    if spec.get("pos") not in POS_VALUES:
        raise VocabularyError(f"{path}: {where}: pos must be VERB or NOUN, got {spec.get('pos')!r} — write pos: VERB")
    if spec.get("voice") not in VOICE_VALUES:
        raise VocabularyError(f"{path}: {where}: voice must be active or passive, got {spec.get('voice')!r} — "
                              "write voice: passive")
    return Trigger(
        lemma=spec["lemma"],
        with_lemmas=_words(path, f"{where}.with", spec.get("with")),
        inverse=bool(spec.get("inverse", False)),
        pos=spec.get("pos"),
        with_any=_words(path, f"{where}.with_any", spec.get("with_any")),
        without=_words(path, f"{where}.without", spec.get("without")),
        object_slots=_words(path, f"{where}.object", spec.get("object")),
        role=bool(spec.get("role", False)),
        implicit=bool(spec.get("implicit", False)),
        exposure=bool(spec.get("exposure", False)),
        incident_subject=bool(spec.get("incident_subject", False)),
        deep=bool(spec.get("deep", False)),
        incident_object=bool(spec.get("incident_object", False)),
        employer=_words(path, f"{where}.employer", spec.get("employer")),
        named_object=bool(spec.get("named_object", False)),
        voice=spec.get("voice"),
        object_kinds=_kinds(path, f"{where}.object_kinds", spec["object_kinds"]) if "object_kinds" in spec else None,
    )


@cache
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and validate the vocabulary file; errors name the predicate and field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    predicates = {}
    for name, spec in (data.get("predicates") or {}).items():
        if not isinstance(spec, dict) or not spec.get("label"):
            raise VocabularyError(f"{path}: predicates.{name}: needs a label — add label: <plain words>")
        triggers = tuple(
            _trigger(path, f"predicates.{name}.triggers #{number}", trig)
            for number, trig in enumerate(spec.get("triggers") or [], start=1)
        )
        predicates[name] = Predicate(
            name=name,
            label=spec["label"],
            description=spec.get("description", ""),
            symmetric=bool(spec.get("symmetric", False)),
            triggers=triggers,
            subject_kinds=_kinds(path, f"predicates.{name}.subject_kinds", spec.get("subject_kinds")),
            object_kinds=_kinds(path, f"predicates.{name}.object_kinds", spec.get("object_kinds")),
            event=bool(spec.get("event", True)),
        )
    org_spec = data.get("organizations") or {}
    if not isinstance(org_spec, dict):
        raise VocabularyError(f"{path}: organizations: expected a mapping of list names to word lists")
    known_lists = set(OrganizationWords.__dataclass_fields__)
    unknown = sorted(set(org_spec) - known_lists)
    if unknown:
        raise VocabularyError(f"{path}: organizations.{unknown[0]}: unknown list — use one of {', '.join(sorted(known_lists))}")
    organizations = OrganizationWords(**{key: _words(path, f"organizations.{key}", value) for key, value in org_spec.items()})
    anaphora_spec = data.get("anaphora") or {}
    kinds: dict[str, frozenset[str]] = {}
    for kind in ("company", "agency", "university", "attacker"):
        for word in _words(path, f"anaphora.{kind}", anaphora_spec.get(kind)):
            kinds[word.lower()] = kinds.get(word.lower(), frozenset()) | {kind}
    anaphora = Anaphora(
        kinds=kinds,
        incident=frozenset(_words(path, "anaphora.incident", anaphora_spec.get("incident"))),
        pronouns=frozenset(_words(path, "anaphora.pronouns", anaphora_spec.get("pronouns"))),
        plural_pronouns=frozenset(_words(path, "anaphora.plural_pronouns", anaphora_spec.get("plural_pronouns"))),
        focus=frozenset(_words(path, "anaphora.focus", anaphora_spec.get("focus"))),
        first_person=frozenset(_words(path, "anaphora.first_person", anaphora_spec.get("first_person"))),
        determiners=frozenset(_words(path, "anaphora.determiners", anaphora_spec.get("determiners"))),
        roundup_titles=tuple(_words(path, "anaphora.roundup_titles", anaphora_spec.get("roundup_titles"))),
    )
    return Vocabulary(
        predicates=predicates,
        hedges=frozenset(_words(path, "hedges", data.get("hedges"))),
        not_organizations=frozenset(_words(path, "not_organizations", data.get("not_organizations"))),
        corporate_suffixes=_words(path, "corporate_suffixes", data.get("corporate_suffixes")),
        negations=frozenset(_words(path, "negations", data.get("negations"))),
        reversals=frozenset(_words(path, "reversals", data.get("reversals"))),
        own_incident_verbs=frozenset(_words(path, "own_incident_verbs", data.get("own_incident_verbs"))),
        notice_verbs=frozenset(_words(path, "notice_verbs", data.get("notice_verbs"))),
        hiring_verbs=frozenset(_words(path, "hiring_verbs", data.get("hiring_verbs"))),
        holding_verbs=frozenset(_words(path, "holding_verbs", data.get("holding_verbs"))),
        work_nouns=frozenset(_words(path, "work_nouns", data.get("work_nouns"))),
        own_work_nouns=frozenset(_words(path, "own_work_nouns", data.get("own_work_nouns"))),
        providing_verbs=frozenset(_words(path, "providing_verbs", data.get("providing_verbs"))),
        provided_things=frozenset(_words(path, "provided_things", data.get("provided_things"))),
        obtaining_verbs=frozenset(_words(path, "obtaining_verbs", data.get("obtaining_verbs"))),
        loot_nouns=frozenset(_words(path, "loot_nouns", data.get("loot_nouns"))),
        harm_words=frozenset(_words(path, "harm_words", data.get("harm_words"))),
        harm_word_exceptions=tuple(_words(path, "harm_word_exceptions", data.get("harm_word_exceptions"))),
        tainted_words=frozenset(_words(path, "tainted_words", data.get("tainted_words"))),
        tainted_uses=frozenset(_words(path, "tainted_uses", data.get("tainted_uses"))),
        exposure_words=frozenset(_words(path, "exposure_words", data.get("exposure_words"))),
        incident_words=frozenset(_words(path, "incident_words", data.get("incident_words"))),
        organizations=organizations,
        anaphora=anaphora,
    )
