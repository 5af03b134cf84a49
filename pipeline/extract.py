"""Extract organizations and the relations between them from an article's text. Pure.

The spaCy `Language` is passed in; nothing is loaded at import time. Known
companies (names and aliases from content/companies/) are matched first and
win over the statistical NER; relations come from trigger words in
vocabulary.yaml and the dependency parse of sentences naming two organizations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from pipeline.slugs import slugify
from pipeline.vocabulary import Predicate, Trigger, Vocabulary, load_vocabulary

# Dependency labels whose subtrees are side remarks ("Mercor, which supplies
# OpenAI, …"): organizations inside them are not arguments of the main verb.
CLAUSE_BREAKS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "appos"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})


@dataclass(frozen=True)
class Org:
    name: str
    slug: str
    mentions: tuple[str, ...]


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str
    object: str
    evidence: str
    confidence: float
    subject_slug: str = ""
    object_slug: str = ""

    def as_json(self) -> dict:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "evidence": self.evidence,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Extraction:
    relevant: bool
    orgs: tuple[Org, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "relevant": self.relevant,
            "orgs": [{"name": o.name, "slug": o.slug, "mentions": list(o.mentions)} for o in self.orgs],
            "relations": [r.as_json() for r in self.relations],
        }


@dataclass
class Gazetteer:
    """Known companies: every name and alias, lowercased, mapped to (canonical name, slug)."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    _matchers: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_companies(cls, companies: Iterable[tuple[str, str, Iterable[str]]]) -> "Gazetteer":
        """From (slug, name, aliases) triples, e.g. the company entries in content/."""
        gazetteer = cls()
        for slug, name, aliases in companies:
            for surface in (name, *aliases):
                if surface:
                    gazetteer.names.setdefault(surface.lower(), (name, slug))
        return gazetteer

    def lookup(self, surface: str) -> tuple[str, str] | None:
        return self.names.get(surface.lower())

    def matcher(self, nlp):
        """A PhraseMatcher over all known names, built once per vocabulary."""
        key = id(nlp.vocab)
        if key not in self._matchers:
            from spacy.matcher import PhraseMatcher

            matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
            matcher.add("KNOWN_ORG", [nlp.make_doc(surface) for surface in self.names])
            self._matchers[key] = matcher
        return self._matchers[key]


@dataclass(frozen=True)
class Mention:
    start: int  # token indices in the doc
    end: int
    surface: str
    name: str
    slug: str
    known: bool


def clean_org_name(surface: str, vocabulary: Vocabulary) -> str:
    """Strip articles, possessives and corporate suffixes: "the Meta Platforms Inc.'s" -> "Meta"."""
    name = re.sub(r"\s+", " ", surface).strip(" \t\n,.;:\"'“”‘’()")
    name = re.sub(r"(?:'s|’s|'|’)$", "", name)
    name = re.sub(r"^(?:the|The)\s+", "", name)
    suffixes = sorted(vocabulary.corporate_suffixes, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if name.endswith(" " + suffix) or name.endswith(", " + suffix):
                name = name[: -len(suffix)].rstrip(" ,")
                changed = True
    return name.strip()


def _plausible_name(name: str, vocabulary: Vocabulary) -> bool:
    if not name or name.upper() in {n.upper() for n in vocabulary.not_organizations}:
        return False
    words = name.split()
    # Headline fragments and sentence pieces are long; real names are short and capitalized.
    return len(words) <= 5 and name[0].isupper() and not name.isdigit()


def find_mentions(doc, matcher, gazetteer: Gazetteer, vocabulary: Vocabulary, *, use_ner: bool = True) -> list[Mention]:
    """Organization mentions in a doc: known names first (longest wins), then NER ORG spans that do not overlap them."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for _, start, end in sorted(matcher(doc) if matcher else (), key=lambda m: (m[1], -(m[2] - m[1]))):
        if taken.intersection(range(start, end)):
            continue
        span = doc[start:end]
        name, slug = gazetteer.lookup(span.text)
        mentions.append(Mention(start, end, span.text, name, slug, True))
        taken.update(range(start, end))
    if use_ner:
        for ent in doc.ents:
            if ent.label_ != "ORG" or taken.intersection(range(ent.start, ent.end)):
                continue
            name = clean_org_name(ent.text, vocabulary)
            if not _plausible_name(name, vocabulary):
                continue
            known = gazetteer.lookup(name)
            canonical, slug = known if known else (name, slugify(name))
            mentions.append(Mention(ent.start, ent.end, ent.text, canonical, slug, bool(known)))
            taken.update(range(ent.start, ent.end))
    return sorted(mentions, key=lambda m: m.start)


def _short_names(mentions: list[Mention]):
    """Resolve a name that is the start of a longer one in the same article ("Cirrane" -> "Cirrane AI")."""
    full = {m.slug: m for m in mentions}
    resolve = {}
    for mention in mentions:
        if mention.known:
            continue
        longer = [m for m in full.values()
                  if m.slug != mention.slug and m.name.lower().startswith(mention.name.lower() + " ")]
        if len(longer) == 1:
            target = longer[0]
            resolve[mention.slug] = lambda m, t=target: Mention(m.start, m.end, m.surface, t.name, t.slug, t.known)
    return resolve


def _trigger_index(vocabulary: Vocabulary) -> dict[str, list[tuple[Predicate, Trigger]]]:
    index: dict[str, list[tuple[Predicate, Trigger]]] = {}
    for predicate in vocabulary.predicates.values():
        for trigger in predicate.triggers:
            index.setdefault(trigger.lemma, []).append((predicate, trigger))
    return index


def _is_hedged_or_negated(token, vocabulary: Vocabulary) -> bool:
    """True when the trigger, or a word governing it, is negated or hedged."""
    for word in (token, *token.ancestors):
        if word.lemma_.lower() in vocabulary.hedges and word is not token:
            return True
        for child in word.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in ("aux", "auxpass") and child.lemma_.lower() in vocabulary.hedges:
                return True
        if word.dep_ in ("ROOT",) or word.dep_ in CLAUSE_BREAKS:
            break
    return False


def _mentions_under(token, by_token: dict[int, Mention], skip: frozenset[str] = CLAUSE_BREAKS) -> list[Mention]:
    """Organizations in the token's subtree, not looking into side clauses."""
    found: list[Mention] = []
    stack = [token]
    while stack:
        word = stack.pop()
        mention = by_token.get(word.i)
        if mention and mention not in found:
            found.append(mention)
        stack.extend(child for child in word.children if child.dep_ not in skip and not _is_clause_conjunct(child))
    return sorted(found, key=lambda m: m.start)


def _is_clause_conjunct(token) -> bool:
    """A conjoined clause ("Meta paused …, and OpenAI is investigating …") has its own arguments."""
    return token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")


def _clause_verb(token):
    word = token
    while word.pos_ not in ("VERB", "AUX") and word.head is not word:
        word = word.head
    return word


def _arguments(trigger, by_token: dict[int, Mention]) -> tuple[list[Mention], list[Mention], bool]:
    """(subjects, objects, found_by_parse) of a trigger word."""
    verb = _clause_verb(trigger)
    children = list(verb.children)
    passive = [c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if passive:
        agents = [c for c in children if c.dep_ == "agent"]
        subjects = [m for a in agents for m in _mentions_under(a, by_token)]
        objects = [m for p in passive for m in _mentions_under(p, by_token)]
        objects += [m for m in _mentions_under(trigger, by_token) if m not in subjects and m not in objects]
    else:
        subject_words = [c for c in children if c.dep_ in SUBJECT_DEPS]
        subjects = [m for s in subject_words for m in _mentions_under(s, by_token)]
        if trigger is not verb and not subjects:
            # "Meta's pause of work with Mercor", "Mercor, a supplier to OpenAI"
            subjects = [m for c in trigger.children if c.dep_ == "poss" for m in _mentions_under(c, by_token)]
            if trigger.dep_ == "appos" and trigger.head.i in by_token:
                subjects = [by_token[trigger.head.i]]
        excluded = {m.start for m in subjects}
        scope = trigger if trigger is not verb else verb
        objects = [m for m in _mentions_under(scope, by_token) if m.start not in excluded and m.start > trigger.i]
        if not objects and scope is not verb:
            objects = [m for m in _mentions_under(verb, by_token) if m.start not in excluded and m.start > trigger.i]
    # A subject is never also an object ("Meta paused its work with Meta" is noise).
    objects = [o for o in objects if o.slug not in {s.slug for s in subjects}]
    return subjects, objects, bool(subjects and objects)


def _nearest(mentions: list[Mention], index: int, before: bool) -> list[Mention]:
    side = [m for m in mentions if (m.end <= index if before else m.start > index)]
    if not side:
        return []
    return [side[-1] if before else side[0]]


def relations_in_sentence(sent, mentions: list[Mention], vocabulary: Vocabulary, triggers) -> list[Relation]:
    """Relations stated in one sentence among the organizations mentioned in it."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    lemmas = {t.lemma_.lower() for t in sent}
    relations = []
    for token in sent:
        if token.i in by_token:
            continue
        for predicate, trigger in triggers.get(token.lemma_.lower(), ()):
            if trigger.with_lemmas and not set(trigger.with_lemmas) <= lemmas:
                continue
            if trigger.pos and token.pos_ != trigger.pos:
                continue
            if _is_hedged_or_negated(token, vocabulary):
                continue
            subjects, objects, by_parse = _arguments(token, by_token)
            confidence = 0.85
            if not by_parse:
                if not subjects and not objects:
                    continue
                # One side came from the parse: take the nearest organization on the other side of the trigger.
                subjects = subjects or _nearest(mentions, token.i, before=True)
                objects = [o for o in (objects or _nearest(mentions, token.i, before=False))
                           if o.slug not in {s.slug for s in subjects}]
                confidence = 0.55
            if trigger.inverse:
                subjects, objects = objects, subjects
            for subject in subjects:
                for obj in objects:
                    if subject.slug == obj.slug:
                        continue
                    if predicate.symmetric and obj.start < subject.start:
                        subject, obj = obj, subject
                    relations.append(
                        Relation(subject.name, predicate.name, obj.name, sent.text.strip(), confidence,
                                 subject.slug, obj.slug)
                    )
    return relations


def extract(
    text: str,
    nlp,
    *,
    title: str = "",
    gazetteer: Gazetteer | None = None,
    is_relevant=None,
    vocabulary: Vocabulary | None = None,
) -> Extraction:
    """Organizations and relations in one article. `is_relevant(text) -> bool` decides relevance."""
    vocabulary = vocabulary or load_vocabulary()
    gazetteer = gazetteer or Gazetteer()
    warnings = []
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text or "")
    if not re.search(r"[A-Za-z]", text + title):
        return Extraction(False, warnings=("no text to extract from",))
    matcher = gazetteer.matcher(nlp) if gazetteer.names else None
    mentions_by_slug: dict[str, list[str]] = {}
    names: dict[str, str] = {}

    def remember(found: list[Mention]) -> None:
        for m in found:
            names.setdefault(m.slug, m.name)
            surfaces = mentions_by_slug.setdefault(m.slug, [])
            if m.surface not in surfaces:
                surfaces.append(m.surface)

    # Title Case headlines confuse NER ("AI Training Data Company Mercor Hit by …"
    # becomes one ORG), so titles only contribute companies already known.
    if title and matcher:
        title_doc = nlp.make_doc(title)
        remember(find_mentions(title_doc, matcher, gazetteer, vocabulary, use_ner=False))

    # Paragraphs are parsed separately: a sentence never spans a paragraph break,
    # and short documents keep spaCy fast.
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    docs = list(nlp.pipe(paragraphs))
    mentions_per_doc = [find_mentions(doc, matcher, gazetteer, vocabulary) for doc in docs]
    short_names = _short_names([m for found in mentions_per_doc for m in found])
    triggers = _trigger_index(vocabulary)
    relations: dict[tuple[str, str, str], Relation] = {}
    for doc, found_in_doc in zip(docs, mentions_per_doc):
        mentions = [short_names.get(m.slug, lambda m: m)(m) for m in found_in_doc]
        remember(mentions)
        for sent in doc.sents:
            found = [m for m in mentions if m.start >= sent.start and m.end <= sent.end]
            if len({m.slug for m in found}) < 2:
                continue
            for relation in relations_in_sentence(sent, found, vocabulary, triggers):
                key = (relation.subject_slug, relation.predicate, relation.object_slug)
                if key not in relations or relations[key].confidence < relation.confidence:
                    relations[key] = relation

    orgs = tuple(Org(names[slug], slug, tuple(surfaces)) for slug, surfaces in mentions_by_slug.items())
    relevant = is_relevant(f"{title}\n\n{text}") if is_relevant else True
    return Extraction(relevant, orgs, tuple(relations.values()), tuple(warnings))
