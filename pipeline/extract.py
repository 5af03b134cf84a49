"""Extract organizations and the relations between them from an article's text. Pure.

The spaCy `Language` is passed in; nothing is loaded at import time. The
article is read in two passes so that it costs less than running the whole
spaCy pipeline on it:

1. every paragraph goes through the named-entity recognizer only, and
   pipeline.orgs decides which spans name organizations (known companies from
   content/companies/ always win) and resolves each to one canonical company;
2. only the sentences that mention an organization and hold a trigger word
   from vocabulary.yaml are tagged and parsed, and pipeline.relations reads
   the relations from their dependency trees (passives, coordination,
   relative clauses, "the company" and "it" pointing back, quotes in an
   organization's voice).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from pipeline.orgs import Article, Candidate, Mention, OrgFinder, clean_name, initials, is_acronym
from pipeline.relations import (FORMER_ADVERBS, Relation, SentenceContext, breach_victims, relations_in_sentence,
                                trigger_index)
from pipeline.slugs import slugify
from pipeline.vocabulary import Vocabulary, load_vocabulary

# Nouns that fit every organization: what an article calls one with them singles it out from no other.
GENERIC_ORGANIZATION_NOUNS = frozenset({"company", "firm", "business", "group", "organization", "organisation"})
# A news article is a few thousand characters; beyond this the text is cut
# (with a warning) so one pathological item cannot stall a feed run.
MAX_TEXT_CHARS = 100_000
# spaCy works best on paragraph-sized docs; longer "paragraphs" are split.
MAX_PARAGRAPH_CHARS = 10_000
MIN_ENGLISH_STOPWORD_SHARE = 0.08
# Paragraphs (or sentences) per spaCy minibatch. The model's default, 1,000, holds the activations of
# a whole batch of articles at once; 64 is as fast and needs a fraction of the memory.
PIPE_BATCH = 64

# How an item of a roundup opens: a bold heading or a number ("**Pergamin:** …", "2. Lantana's fallout widens.").
ROUNDUP_ITEM = re.compile(r"(\*\*|__)\S|\d{1,2}[.)] \S")
# A paragraph opening with a heading of a few words ("Raterloom. The Austin rating marketplace …", "Harvey walks.";
# not a sentence such as "Tansy AI declined to comment.").
SHORT_HEADING = re.compile(r"(?=[^.:!?]{1,40}[.:] )(?:[^\s.:!?]+ ){0,3}[^\s.:!?]+[.:] [A-Z“\"]")

# A store said to be exposed, either way round: "an unprotected storage bucket", "left a database … exposed".
_PLACES = r"(bucket|database|cluster|server|instance|archive|index|repository|folder|share|logs)"
_OPEN = r"(?:exposed|open|unprotected|unsecured|misconfigured|unencrypted|leaky|public)"
EXPOSED_PLACE = re.compile(
    rf"\b{_OPEN}\s+(?:[\w-]+\s+){{0,2}}{_PLACES}s?\b"
    rf"|\bleft\s+(?:an?|its|the)\s+(?:[\w-]+\s+){{0,3}}{_PLACES}s?\b[^.;]{{0,60}}?\b(?:exposed|open|unprotected|public)",
    re.IGNORECASE)
# A funding round's letter with its full stop, which the tokenizer keeps as one token: "Series A.".
SERIES_LETTER = re.compile(r"[A-H]\.")

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
MARKUP = re.compile(r"</?[A-Za-z][^>]{0,500}>|<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Org:
    name: str
    slug: str
    mentions: tuple[str, ...]
    kind: str = "company"  # or "attacker", "agency", "university" (not in the JSON answer)


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
    surfaces: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)  # as written, for matching
    sectors: dict[str, str] = field(default_factory=dict)  # slug -> what the company does ("Cybersecurity")
    # Slugs of the entries no editor has completed yet (a stub: no aliases, no description): their names only
    # are known, so a story's short form of one is matched by its first word (`named_first`).
    stubs: frozenset[str] = frozenset()
    _matchers: dict = field(default_factory=dict, repr=False)
    _first_words: dict = field(default_factory=dict, repr=False)  # lowercased first word -> [(name, slug)]

    @classmethod
    def from_companies(cls, companies: Iterable[tuple[str, str, Iterable[str]]],
                       sectors: dict[str, str] | None = None, stubs: Iterable[str] = ()) -> "Gazetteer":
        """From (slug, name, aliases) triples, e.g. the company entries in content/, their sectors by slug and
        the slugs of the stubs among them."""
        gazetteer = cls(sectors={slug: sector for slug, sector in (sectors or {}).items() if sector},
                        stubs=frozenset(stubs))
        for slug, name, aliases in companies:
            for surface in (name, *aliases):
                if surface:
                    gazetteer.names.setdefault(surface.lower(), (name, slug))
                    gazetteer.surfaces.setdefault(surface, (name, slug))
        return gazetteer

    def lookup(self, surface: str) -> tuple[str, str] | None:
        return self.names.get(surface.lower())

    def with_company(self, name: str, slug: str, sector: str = "") -> "Gazetteer":
        """This gazetteer and one company more, known by its name (and sector), as a company stub of ingest makes it."""
        names, surfaces = dict(self.names), dict(self.surfaces)
        names.setdefault(name.lower(), (name, slug))
        surfaces.setdefault(name, (name, slug))
        return Gazetteer(names, surfaces, {**self.sectors, slug: sector} if sector else self.sectors,
                         self.stubs | {slug})

    def named_first(self, word: str) -> list[tuple[str, str]]:
        """Company stubs whose name starts with this word and goes on ("Tambari" -> Tambari Transcribe).

        A story that follows a company for a while soon calls it by its first word alone; the stub an
        earlier story created carries the whole name and nothing else. An entry an editor completed says
        its short forms as aliases ("Sony" is not Sony Interactive Entertainment, nor "Vector" the Vector
        Institute), so only stubs are matched this way.
        """
        if not self._first_words:
            for name, slug in set(self.names.values()):
                first, _, rest = name.partition(" ")
                if rest and slug in self.stubs:
                    self._first_words.setdefault(first.lower(), []).append((name, slug))
            self._first_words[""] = []  # built, even when no name has two words
        return sorted(self._first_words.get(word.lower(), ()))

    def matcher(self, nlp):
        """A PhraseMatcher over every known name as written (case matters: "Scale" the company, not "scale")."""
        key = id(nlp.vocab)
        if key not in self._matchers:
            from spacy.matcher import PhraseMatcher

            matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
            surfaces = set(self.surfaces) | {name for name, _ in self.names.values()}
            matcher.add("KNOWN_ORG", [nlp.make_doc(surface) for surface in sorted(surfaces)])
            self._matchers[key] = matcher
        return self._matchers[key]


# -- preparing the text ----------------------------------------------------------------------------


def clean_text(text: str, warnings: list[str]) -> str:
    """Remove control characters and markup; cut pathological lengths. Each change is reported."""
    text = text or ""
    if CONTROL_CHARACTERS.search(text):
        text = CONTROL_CHARACTERS.sub(" ", text)
        warnings.append("control characters were replaced by spaces")
    if MARKUP.search(text):
        text = html.unescape(MARKUP.sub(" ", text))
        warnings.append("markup tags were removed from the text")
    if len(text) > MAX_TEXT_CHARS:
        warnings.append(f"text is {len(text):,} characters; only the first {MAX_TEXT_CHARS:,} were read")
        text = text[:MAX_TEXT_CHARS]
    return text


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs (blank-line separated), each at most MAX_PARAGRAPH_CHARS, split at sentence ends."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = re.sub(r"\s+", " ", paragraph).strip()
        while len(paragraph) > MAX_PARAGRAPH_CHARS:
            cut = paragraph.rfind(". ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut + 1 if cut > MAX_PARAGRAPH_CHARS // 2 else paragraph.rfind(" ", 0, MAX_PARAGRAPH_CHARS)
            cut = cut if cut > 0 else MAX_PARAGRAPH_CHARS
            found.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if re.search(r"[^\W\d_]", paragraph):
            found.append(paragraph)
    return found


def looks_english(text: str, nlp) -> bool:
    """Enough common English function words to be worth reading with an English model."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 12:
        return True
    stop_words = nlp.Defaults.stop_words
    return sum(w in stop_words for w in words) / len(words) >= MIN_ENGLISH_STOPWORD_SHARE


# -- article-level model ---------------------------------------------------------------------------

# Keyed by id; the keyed objects are kept alongside so their ids cannot be reused.
_COMMON_WORDS: dict[int, tuple[object, frozenset[str]]] = {}
_TRIGGER_FORMS: dict[tuple[int, int], tuple[object, object, frozenset[str]]] = {}


def common_words(nlp) -> frozenset[str]:
    """Dictionary words known to the model's lemmatizer ("scale", "drift"): names that are also words."""
    key = id(nlp.vocab)
    if key not in _COMMON_WORDS:
        words: set[str] = set()
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                for entries in lookups.get_table("lemma_index").values():
                    words.update(entries)
        _COMMON_WORDS[key] = (nlp.vocab, frozenset(words))
    return _COMMON_WORDS[key][1]


def trigger_forms(nlp, vocabulary: Vocabulary) -> frozenset[str]:
    """Lowercase word forms that may be a trigger (cheap prefilter before parsing a sentence)."""
    key = (id(nlp.vocab), id(vocabulary))
    if key not in _TRIGGER_FORMS:
        irregular: dict[str, set[str]] = {}
        if "lemmatizer" in nlp.pipe_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_exc"):
                for table in lookups.get_table("lemma_exc").values():
                    for form, lemmas in table.items():
                        for lemma in lemmas:
                            irregular.setdefault(lemma, set()).add(form)
        forms: set[str] = set()
        for predicate in vocabulary.predicates.values():
            for trigger in predicate.triggers:
                lemma = trigger.lemma.lower()
                stem = lemma[:-1] if lemma.endswith("e") else lemma
                forms.update({lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", stem + "ing", stem + "ed",
                              lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma[:-1] + "ies", lemma[:-1] + "ied"})
                forms.update(irregular.get(lemma, ()))
        _TRIGGER_FORMS[key] = (nlp.vocab, vocabulary, frozenset(forms))
    return _TRIGGER_FORMS[key][2]


# Last words of a company's arm for a region: "Glimmerlog Europe", "Vodafone UK".
REGIONAL_ARMS = frozenset({"Europe", "UK", "US", "USA", "America", "Americas", "Asia", "Africa", "India", "Japan",
                           "China", "Germany", "France", "Ireland", "Canada", "Australia", "EMEA", "APAC", "LatAm",
                           "Brasil", "Brazil", "Mexico", "Spain", "Italy", "Netherlands", "Singapore", "Korea"})


def _resolve_candidates(candidates: list[Candidate], docs, finder: OrgFinder) -> dict[int, tuple[str, str]]:
    """Canonical (name, slug) for each accepted candidate, by id: known names, short forms, acronyms, links."""
    words = finder.words
    accepted = [c for c in candidates if not c.rejected]
    canonical: dict[int, tuple[str, str]] = {}
    for c in accepted:
        canonical[id(c)] = c.known or (c.name, slugify(c.name))
    # "Facebook parent Meta": the first name only describes the second.
    by_position = {(c.doc, c.start): c for c in accepted}
    for c in accepted:
        doc = docs[c.doc]
        if c.end + 1 < len(doc) and doc[c.end].lower_ in words.name_links and (c.doc, c.end + 1) in by_position:
            canonical.pop(id(c), None)
            c.rejected = "describes the next name"
    accepted = [c for c in accepted if not c.rejected]
    # "Salesloft Drift" beside "Salesloft" and a standalone "Drift": the owner's name before its product's.
    names_now = {canonical[id(c)][0] for c in accepted}
    standalone = {c.name for c in candidates if c.rejected in ("common word", "no evidence") and " " not in c.name}
    for c in accepted:
        parts = canonical[id(c)][0].split(" ")
        if not c.known and len(parts) == 2 and parts[0] in names_now and parts[1] in standalone:
            canonical[id(c)] = (parts[1], slugify(parts[1]))
            for other in candidates:
                if other.name == parts[1] and other.rejected in ("common word", "no evidence") \
                        and "indefinite" not in other.evidence:
                    other.rejected = ""
                    canonical[id(other)] = (parts[1], slugify(parts[1]))
                    accepted.append(other)
    full_names = {canonical[id(c)][0] for c in accepted}
    # Two names side by side ("Salesloft Drift") are a mention of the second, not a longer name of the first.
    pairs = {n for n in full_names if len(n.split(" ")) == 2 and all(p in full_names for p in n.split(" "))}
    long_names = sorted({n for n in full_names if " " in n} - pairs)
    mapping: dict[str, tuple[str, str]] = {}
    name_to_canonical = {canonical[id(c)][0]: canonical[id(c)] for c in accepted}
    legal_names = {n for n in full_names if all("legal name" in c.evidence for c in accepted
                                                 if canonical[id(c)][0] == n)}
    first_named: dict[str, tuple[int, int]] = {}
    for c in accepted:
        first_named[canonical[id(c)][0]] = min(first_named.get(canonical[id(c)][0], (c.doc, c.start)), (c.doc, c.start))
    for name in sorted(full_names):
        target = None
        if is_acronym(name):
            matches = {n for n in full_names if n != name and initials(n) == name.replace(".", "").replace("&", "")}
            if len(matches) == 1:
                target = name_to_canonical[matches.pop()]
        else:
            # (not "Glimmerlog Europe" after "Glimmerlog": a company named first, then its arm for a region; but
            # "The Vodafone deal" after "Vodafone Ireland" is the arm's short form)
            longer = [n for n in long_names if n != name and n.startswith(name + " ")
                      and not (n.split(" ")[-1] in REGIONAL_ARMS and first_named[name] < first_named[n])
                      and n not in legal_names]
            # "Ostrava" beside "Ostrava Health" and "Ostrava Health Group": the middle one is itself a
            # short form of the longest, so only the names no other candidate extends are targets.
            longer = [n for n in longer if not any(m.startswith(n + " ") for m in longer)]
            if len(longer) > 1:
                # "Vantrell" beside "Vantrell AI" and "Vantrell Robotics": the one named most often.
                counts = Counter(canonical[id(c)][0] for c in accepted)
                order = {n: i for i, n in enumerate(canonical[id(c)][0] for c in reversed(accepted))}
                longer.sort(key=lambda n: (-counts[n], -order[n]))
                longer = longer[:1]
            if len(longer) == 1:
                target = name_to_canonical[longer[0]]
            elif " " not in name:
                # "Times" (from "The Times") -> "The New York Times"
                ends = [n for n in long_names if n.startswith("The ") and n.split(" ")[-1] == name]
                if len(ends) == 1:
                    target = name_to_canonical[ends[0]]
            elif " " in name:
                # "The Times" -> "The New York Times"; "Salesloft Drift" -> "Drift" when both are named.
                parts = name.split(" ")
                same_ends = [n for n in long_names if n != name and n.split(" ")[0] == parts[0]
                             and n.split(" ")[-1] == parts[-1] and len(n.split(" ")) > len(parts)]
                if len(same_ends) == 1:
                    target = name_to_canonical[same_ends[0]]
                elif len(parts) == 2 and parts[0] in full_names and parts[1] in full_names:
                    target = name_to_canonical[parts[1]]
            if target is None and ("The " + name) in full_names:
                target = name_to_canonical["The " + name]
            flipped = re.fullmatch(r"(\w+) (Department|Ministry)", name)
            if target is None and flipped:
                # "Justice Department" is the Department of Justice when the article or the knowledge base
                # spells it out (not so "the Police Department")
                full = f"{flipped[2]} of {flipped[1]}"
                target = name_to_canonical.get(full) or finder.gazetteer.lookup(full)
        if target is None and " " not in name and not finder.gazetteer.lookup(name):
            # "Tambari" alone, where a stub knows Tambari Transcribe (and no other stub is so named): that
            # company, unless the longer name is an arm for a region of what this one names (Telus
            # International is not Telus)
            known = [(n, slug) for n, slug in finder.gazetteer.named_first(name)
                     if n.split(" ")[-1] not in REGIONAL_ARMS | {"International", "Global"}]
            if len(known) == 1:
                target = known[0]
        if target is None and " " in name and name in legal_names:
            # "its registered name is now Sourcebright Data Ltd.": the legal name of the company usually called
            # "Sourcebright", not a longer name to call it by
            shorter = [n for n in full_names if " " not in n and name.startswith(n + " ")]
            if len(shorter) == 1:
                target = name_to_canonical[shorter[0]]
        if target and target[0] != name:
            mapping[name] = target
    # Short forms of short forms ("Ostrava" -> "Ostrava Health" -> "Ostrava Health Group") end at the last name.
    for name in list(mapping):
        seen = {name}
        while mapping[name][0] in mapping and mapping[name][0] not in seen:
            seen.add(mapping[name][0])
            mapping[name] = mapping[mapping[name][0]]
    # ", known as the BSI": an alias introduced beside the name it stands for.
    aliases: dict[str, tuple[str, str]] = {}
    for c in accepted:
        doc = docs[c.doc]
        k = c.start - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k >= 2 and doc[k].lower_ == "as" and doc[k - 1].lower_ == "known" and doc[k - 2].text == ",":
            previous = [p for p in accepted if p.doc == c.doc and p.end <= k - 2 and k - 2 - p.end <= 1
                        and id(p) in canonical and "attacker" not in p.evidence]
            if previous and id(c) in canonical:
                aliases[c.name] = canonical[id(c)] = canonical[id(previous[-1])]
    # The alias stands for that organization everywhere in the article ("A BSI spokesperson said").
    for c in accepted:
        if c.name in aliases and not c.known:
            canonical[id(c)] = aliases[c.name]
            mapping[c.name] = aliases[c.name]
    for c in accepted:
        name = canonical[id(c)][0]
        if name in mapping and not c.known:
            canonical[id(c)] = mapping[name]
        elif is_acronym(name) and not c.known and name not in mapping and not (c.evidence & {"attacker", "descriptor", "role", "statement", "possessive"}):
            canonical.pop(id(c))
            c.rejected = "acronym of no organization named here"
    return canonical


def _kind_of(name: str, candidates: list[Candidate], finder: OrgFinder) -> str:
    if any("attacker" in c.evidence or c.known and finder.known_attacker(c.known[1]) for c in candidates):
        return "attacker"
    words = set(name.split(" "))
    if words & {"University", "College", "Institute", "School", "Academy", "Universidad", "Universidade", "Université",
                "Universität", "Università", "Universiteit", "Universitat"}:
        return "university"
    if words & (finder.words.institution - {"Foundation", "League", "Association", "Laboratory", "Laboratories", "Service"}):
        return "agency"
    return "company"


def find_organizations(docs, title: str, gazetteer: Gazetteer, vocabulary: Vocabulary, nlp) -> tuple[Article, list[str]]:
    """Every organization mention in the paragraphs (and the title), resolved to canonical names."""
    finder = OrgFinder(gazetteer, vocabulary, common_words(nlp), frozenset(nlp.Defaults.stop_words),
                       trigger_forms(nlp, vocabulary))
    matcher = gazetteer.matcher(nlp) if gazetteer.names else None
    finder.read_headline(title)
    candidates: list[Candidate] = []
    for index, doc in enumerate(docs):
        for candidate in finder.candidates(doc, index, matcher):
            finder.gather_evidence(doc, candidate)
            candidates.append(candidate)
    candidates = finder.rejoin(docs, candidates)
    finder.resolve(candidates, docs)
    canonical = _resolve_candidates(candidates, docs, finder)
    by_slug: dict[str, list[Candidate]] = {}
    for c in candidates:
        if id(c) in canonical:
            by_slug.setdefault(canonical[id(c)][1], []).append(c)
    kinds = {slug: _kind_of(canonical[id(cs[0])][0], cs, finder) for slug, cs in by_slug.items()}
    mentions: list[Mention] = []
    speakers: set[tuple[int, int]] = set()
    for c in candidates:
        if id(c) not in canonical:
            continue
        name, slug = canonical[id(c)]
        doc = docs[c.doc]
        span = doc[c.start:c.end]
        surface = c.surface
        if c.start >= 2 and doc[c.start - 1].lower_ in finder.words.name_links:
            described = [d for d in candidates if d.doc == c.doc and d.end == c.start - 1 and d.rejected == "describes the next name"]
            if described:
                surface = doc[described[0].start:c.end].text
        leads = c.start - span.sent.start <= 3  # near the start of its sentence: likely its subject
        mentions.append(Mention(c.doc, c.start, c.end, span.start_char, span.end_char, surface, name, slug,
                                bool(c.known), kinds[slug], leads=leads))
        if c.evidence & {"role", "speaker", "statement"}:
            speakers.add((c.doc, c.start))
    mentions.sort(key=lambda m: (m.doc, m.start))
    title_mentions = _title_mentions(title, mentions, gazetteer, finder)
    all_mentions = title_mentions + mentions
    salience = Counter(m.slug for m in all_mentions)
    names = {}
    for m in all_mentions:
        names.setdefault(m.slug, m.name)
    warnings = []
    article = Article(all_mentions, salience, kinds, names, speakers)
    article.paragraph_leads = _roundup_leads(docs, mentions) if finder.roundup else {}
    article.exposed_places = _exposed_places(" ".join([title, *(doc.text for doc in docs)]))
    # What the article calls each company ("startup", "vendor"), for "the startup" later; "company" and
    # "firm" fit every one and single none out.
    nouns = set(vocabulary.anaphora.kinds) - GENERIC_ORGANIZATION_NOUNS
    for c in candidates:
        if id(c) in canonical and c.descriptions & nouns:
            article.descriptions.setdefault(canonical[id(c)][1], set()).update(c.descriptions & nouns)
        if id(c) in canonical and c.description_words:
            article.description_words.setdefault(canonical[id(c)][1], set()).update(c.description_words)
    for m in title_mentions:
        # "Databricks to Buy Vector-Search Startup Stoneleigh": the headline's word before a name describes it
        before = title[:m.start_char].split()
        if before and before[-1].lower() in nouns:
            article.descriptions.setdefault(m.slug, set()).add(before[-1].lower())
    # A word such as "incident-response" counts in the directory's sector ("Incident response and threat
    # intelligence") and in the article's description ("a Manchester incident-response firm") alike.
    investigator_parts = [set(w.split("-")) for w in vocabulary.organizations.investigator_words]
    for slug, name in names.items():
        words = article.description_words.get(slug, set()) | {name.split()[-1].lower()} \
            | set(re.findall(r"[a-z]+", gazetteer.sectors.get(slug, "").lower()))
        if any(parts <= words for parts in investigator_parts):
            article.security_firms.add(slug)
    return article, warnings


def _roundup_leads(docs, mentions: list[Mention]) -> dict[int, tuple[str, ...]]:
    """For a roundup (one story a paragraph), the organizations each paragraph names, attacker groups left out.

    A roundup is known by its headline ("Supply Chain Weekly: …", `is_roundup_title`, read by the finder) and its
    items: two or more paragraphs opening with a bold heading or a number ("**Pergamin:** …", "2. Lantana's
    fallout widens. …"), or three or more that open with a short heading ("Raterloom. The Austin rating
    marketplace …"). Bold headings alone do not make one: a news story may set its paragraphs off with "**Why it
    matters:**".
    """
    if sum(1 for doc in docs if ROUNDUP_ITEM.match(doc.text)) < 2 \
            and sum(1 for doc in docs if SHORT_HEADING.match(doc.text)) < 3:
        return {}
    leads: dict[int, list[str]] = {}
    for m in mentions:
        named = leads.setdefault(m.doc, [])
        if m.doc >= 0 and m.kind != "attacker" and m.slug not in named:
            named.append(m.slug)
    return {doc: tuple(named) for doc, named in leads.items() if named}


def _exposed_places(text: str) -> frozenset[str]:
    """Stores the article says were left open or exposed ("left a storage bucket exposed", "an unprotected
    database"): "the bucket" later in the article is that one."""
    found = set()
    for match in EXPOSED_PLACE.finditer(text):
        found.add(next(word for word in match.groups() if word).lower())
    return frozenset(found)


def _title_mentions(title: str, mentions: list[Mention], gazetteer: Gazetteer, finder: OrgFinder) -> list[Mention]:
    """Organizations in a Title Case headline: only names the body uses (or unambiguous known names).

    Statistical NER reads "AI Training Data Company Mercor Hit by Security Breach"
    as one long organization; matching the body's own names avoids that.
    """
    if not title:
        return []
    surfaces: dict[str, Mention] = {}
    for m in mentions:
        for form in (m.surface, m.name, clean_name(m.surface, finder.words)):
            if form:
                surfaces.setdefault(form, m)
    for surface, (name, slug) in gazetteer.surfaces.items():
        if not finder.ambiguous(surface) and surface not in surfaces:
            surfaces[surface] = Mention(-1, 0, 0, 0, 0, surface, name, slug, True, "company")
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for surface in sorted(surfaces, key=len, reverse=True):
        if surface not in title:
            continue  # (a plain test first: hundreds of known names, and a compiled pattern for each is slow)
        for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", title):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            m = surfaces[surface]
            taken.append((start, end))
            found.append(Mention(-1, -1, -1, start, end, surface, m.name, m.slug, m.known, m.kind))
    return sorted(found, key=lambda m: m.start_char)


def sentence_case_title(title: str, mentions: list[Mention]) -> str:
    """ "Meta Pauses Work With Vendor Mercor" -> "Meta pauses work with vendor Mercor", so the parser reads it as prose."""
    keep = [(m.start_char, m.end_char) for m in mentions]
    out = []
    for match in re.finditer(r"\S+", title):
        word, start = match.group(), match.start()
        inside = any(s <= start < e for s, e in keep)
        if inside or start == 0 or not word[:1].isupper() or sum(ch.isupper() for ch in word) > 1 or word == "I":
            out.append((start, word))
        else:
            out.append((start, word[0].lower() + word[1:]))
    text = list(title)
    for start, word in out:
        text[start:start + len(word)] = word
    return "".join(text)


# -- the whole article -----------------------------------------------------------------------------


def _ner_docs(nlp, texts: list[str]):
    """Docs with named entities and sentence starts only: the cheap first pass."""
    from spacy.pipeline import Sentencizer

    keep = [name for name in ("ner",) if name in nlp.pipe_names]
    sentencizer = Sentencizer()
    with nlp.select_pipes(enable=keep):
        docs = list(nlp.pipe(texts, batch_size=PIPE_BATCH))
    docs = [sentencizer(doc) for doc in docs]
    for doc in docs:
        for token in doc[1:-1]:
            # "… when Index Ventures led its Series A. Several of the startup's backers …": the tokenizer keeps
            # "A." whole, as an initial, and the sentence would run on
            if SERIES_LETTER.fullmatch(token.text) and doc[token.i - 1].lower_ == "series" \
                    and doc[token.i + 1].text[:1].isupper():
                doc[token.i + 1].is_sent_start = True
    return docs


def _parsed(nlp, texts: list[str]):
    """Tagged, lemmatized and parsed docs, without NER: the second pass, on the sentences that need it."""
    if not texts:
        return []
    skip = [name for name in ("ner", "senter") if name in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        docs = list(nlp.pipe(texts, batch_size=PIPE_BATCH))
    for doc in docs:
        for token in doc:
            # "KPMG, which ElevenLabs retained to examine …": the small model may give the clause two subjects;
            # the relative pronoun before the clause's own subject is its object
            if token.dep_ == "nsubj" and token.lower_ in ("which", "that", "whom") and any(
                    c.dep_ == "nsubj" and c.i > token.i for c in token.head.children):
                token.dep_ = "dobj"
    return docs


# Names the parser reads as companies in any position. The small model misparses invented names ("Turing
# supplies data to Google" parses "Turing" as a verb); each organization is parsed under one of these instead.
PLACEHOLDER_NAMES = ("Microsoft", "Google", "Intel", "Boeing", "Nike", "Pfizer", "Toyota", "Siemens", "Honda",
                     "Disney", "Verizon", "Exxon")


# Words the small model often mistags, and a word of the same length and kind it reads well (the same length,
# so that every other character keeps its place).
RESPELLINGS = {"startup": "company"}
RESPELLED = re.compile(r"\b(?:%s)\b" % "|".join(RESPELLINGS), flags=re.IGNORECASE)


@dataclass(frozen=True)
class MaskedSentence:
    """A sentence with each organization mention replaced by a well-known company name, for the parser."""

    text: str
    # (masked start, masked end, original start, original end, mention) of each replacement, in order
    replacements: tuple[tuple[int, int, int, int, Mention], ...]
    # Where a word was respelled for the parser, and the word it was: the small model tags "startup" as a verb
    # in one sentence in five ("Lanternwick, a New York startup that …"), which wrecks the whole parse; the
    # parser reads "company" (as long) in its place, and the relation step still knows it was a startup.
    respelled: tuple[tuple[int, str], ...] = ()

    @classmethod
    def of(cls, sentence: str, offset: int, mentions: Iterable[Mention]) -> "MaskedSentence":
        placeholders: dict[str, str] = {}
        pieces, replacements, cursor, length = [], [], 0, 0
        for m in sorted(mentions, key=lambda m: m.start_char):
            start, end = m.start_char - offset, m.end_char - offset
            if start < cursor or start < 0 or end > len(sentence):
                continue  # overlapping or outside the sentence: left as written
            name = placeholders.setdefault(m.slug, PLACEHOLDER_NAMES[len(placeholders) % len(PLACEHOLDER_NAMES)])
            pieces += [sentence[cursor:start], name]
            length += start - cursor
            replacements.append((length, length + len(name), start, end, m))
            length += len(name)
            cursor = end
        pieces.append(sentence[cursor:])
        text = "".join(pieces)
        respelled = tuple((m.start(), m.group(0).lower()) for m in RESPELLED.finditer(text))
        text = RESPELLED.sub(lambda m: RESPELLINGS[m.group(0).lower()].capitalize() if m.group(0)[0].isupper()
                             else RESPELLINGS[m.group(0).lower()], text)
        return cls(text, tuple(replacements), respelled)

    def original_char(self, masked: int) -> int:
        """Where a character of the masked text stands in the original sentence."""
        masked_cursor = original_cursor = 0
        for masked_start, masked_end, original_start, original_end, _ in self.replacements:
            if masked < masked_start:
                break
            if masked < masked_end:
                return original_start
            masked_cursor, original_cursor = masked_end, original_end
        return original_cursor + (masked - masked_cursor)


def _trim_quote(sentence: str) -> str:
    """Drop an opening quote mark the sentence splitter left at the end ("… into the incident. \"")."""
    if sentence.endswith(('"', "“")) and (sentence.count('"') + sentence.count("“") + sentence.count("”")) % 2 == 1:
        return sentence[:-1].rstrip()
    return sentence


def _anaphor_like(sent, vocabulary: Vocabulary) -> bool:
    anaphora = vocabulary.anaphora
    lowered = [t.lower_ for t in sent]
    if any(w in anaphora.pronouns or w in anaphora.first_person for w in lowered):
        return True
    return any(lowered[i] in anaphora.determiners and (lowered[i + 1] in anaphora.kinds or lowered[i + 1] in anaphora.incident)
               for i in range(len(lowered) - 1))


def extract(
    text: str,
    nlp,
    *,
    title: str = "",
    gazetteer: Gazetteer | None = None,
    is_relevant: Callable[[str], bool] | None = None,
    vocabulary: Vocabulary | None = None,
) -> Extraction:
    """Organizations and relations in one article.

    `is_relevant(text) -> bool` decides relevance; a pipeline.relevance.Relevance
    also weighs the organizations and relations found.
    """
    return extract_many([(text, title)], nlp, gazetteer=gazetteer, is_relevant=is_relevant, vocabulary=vocabulary)[0]


def extract_many(
    articles: list[tuple[str, str]],
    nlp,
    *,
    gazetteer: Gazetteer | None = None,
    is_relevant: Callable[[str], bool] | None = None,
    vocabulary: Vocabulary | None = None,
) -> list[Extraction]:
    """`extract` for many (text, title) pairs at once; spaCy batches the paragraphs of all of them."""
    return ArticleBatch(articles, nlp, vocabulary=vocabulary).extract(gazetteer, is_relevant)


class ArticleBatch:
    """Articles read together: `extract_many` in two steps, so that some can be read again.

    Building it runs the named-entity pass (the dearer half of the work, and the one no
    gazetteer changes) over the paragraphs of all the articles at once. `extract` then finds
    organizations and relations under a gazetteer, for every article or again for some under
    another gazetteer; a sentence is parsed only once, however often it is read.
    """

    def __init__(self, articles: list[tuple[str, str]], nlp, *, vocabulary: Vocabulary | None = None):
        self.nlp = nlp
        self.vocabulary = vocabulary or load_vocabulary()
        self._prepared = []
        for text, title in articles:
            warnings: list[str] = []
            text = clean_text(text, warnings)
            title = clean_text(title or "", warnings)
            paragraphs = paragraphs_of(text)
            if not paragraphs and not re.search(r"[^\W\d_]", title):
                warnings.append("no text to extract from")
            elif not looks_english(text, nlp):
                warnings.append("the text does not look like English; no organizations were extracted")
                paragraphs = []
            self._prepared.append((text, title, paragraphs, tuple(warnings)))
        flat = [p for _, _, paragraphs, _ in self._prepared for p in paragraphs]
        docs_flat = _ner_docs(nlp, flat) if flat else []
        self._docs = []
        position = 0
        for _, _, paragraphs, _ in self._prepared:
            self._docs.append(docs_flat[position:position + len(paragraphs)])
            position += len(paragraphs)
        self._parses: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._prepared)

    def extract(self, gazetteer: Gazetteer | None = None, is_relevant: Callable[[str], bool] | None = None,
                which: Iterable[int] | None = None) -> list[Extraction]:
        """The extractions of the articles numbered `which` (default: all), in that order."""
        nlp, vocabulary = self.nlp, self.vocabulary
        gazetteer = gazetteer or Gazetteer()
        which = range(len(self._prepared)) if which is None else list(which)
        triggers = trigger_index(vocabulary)
        breach_triggers = {lemma: [(p, t) for p, t in found if p.name == "breached_by"]
                           for lemma, found in triggers.items()}
        # Sentences worth parsing also hold renames said as an aside ("Sabledown (formerly Evalwright)") and
        # groups "behind" an attack (not trigger words: organization evidence does not look for them), and
        # tampered releases ("its servers installed the poisoned version")
        forms = trigger_forms(nlp, vocabulary) | FORMER_ADVERBS | {"now", "behind"} | vocabulary.tainted_words
        results = []
        states = []
        to_parse: list[str] = []
        for number in which:
            text, title, paragraphs, warnings = self._prepared[number]
            warnings = list(warnings)
            docs = self._docs[number]
            article, found_warnings = find_organizations(docs, title, gazetteer, vocabulary, nlp)
            warnings += found_warnings
            body = [m for m in article.mentions if m.doc >= 0]
            # Sentences worth parsing: an organization (or a word pointing back to one) and a trigger word.
            jobs = []
            for index, doc in enumerate(docs):
                doc_mentions = [m for m in body if m.doc == index]
                for sent in doc.sents:
                    inside = [m for m in doc_mentions if m.start >= sent.start and m.end <= sent.end]
                    if not any(t.lower_ in forms for t in sent) or not inside and not _anaphor_like(sent, vocabulary):
                        continue
                    sentence = _trim_quote(sent.text)
                    masked = MaskedSentence.of(sentence, sent.start_char, inside)
                    jobs.append((index, sent.start_char, sentence, masked))
                    to_parse.append(masked.text)
            title_mentions = [m for m in article.mentions if m.doc < 0]
            if title and title_mentions:
                cased = sentence_case_title(title, title_mentions)
                masked = MaskedSentence.of(cased, 0, title_mentions)
                jobs.append((-1, 0, cased, masked))
                to_parse.append(masked.text)
            states.append((text, title, warnings, article, jobs, docs))
        if "parser" in nlp.pipe_names:
            unparsed = list(dict.fromkeys(t for t in to_parse if t not in self._parses))
            self._parses.update(zip(unparsed, _parsed(nlp, unparsed)))
        for text, title, warnings, article, jobs, docs in states:
            relations: dict[tuple[str, str, str], Relation] = {}
            positions: dict[tuple[str, str, str], tuple[int, int]] = {}
            extra_orgs: dict[str, str] = {}
            contexts = []
            for index, offset, sentence, masked in jobs:
                sent = self._parses.get(masked.text)
                if sent is None:
                    continue
                by_token: dict[int, Mention] = {}
                for start, end, _, _, m in masked.replacements:
                    span = sent.char_span(start, end, alignment_mode="expand")
                    if span is not None:
                        for token in span:
                            by_token[token.i] = m
                respelled = {}
                for start, word in masked.respelled:
                    span = sent.char_span(start, start + len(word))
                    if span is not None and len(span) == 1:
                        respelled[span[0].i] = word
                contexts.append((SentenceContext(sent, by_token, article, vocabulary, index, offset,
                                                 original_char=masked.original_char, respelled=respelled),
                                 index, sentence))
            # First the breaches, so that "the incident" and "the leak" can point at the breached company.
            breaches = Counter()
            for ctx, index, sentence in contexts:
                for slug in breach_victims(ctx, breach_triggers):
                    breaches[slug] += 1
            article.victims = [slug for slug, _ in breaches.most_common()]
            for ctx, index, sentence in contexts:
                ctx._speakers = None
                evidence = title if index < 0 else sentence
                found = relations_in_sentence(ctx, triggers, evidence, base_confidence=0.8 if index < 0 else 0.9,
                                              allow_implicit=index >= 0)
                for relation in found:
                    if relation.object_slug not in article.names:
                        extra_orgs[relation.object_slug] = relation.object
                    key = (relation.subject_slug, relation.predicate, relation.object_slug)
                    symmetric = vocabulary.predicates[relation.predicate].symmetric
                    reverse = (relation.object_slug, relation.predicate, relation.subject_slug)
                    if symmetric and reverse in relations:
                        key = reverse
                    if key not in relations or relations[key].confidence < relation.confidence:
                        relations[key] = relation if key[0] == relation.subject_slug else relations.get(key, relation)
                        positions[key] = (ctx.doc_index, ctx.char_offset)
            for relation in _attributed_breaches(article, docs, title, relations):
                key = (relation.subject_slug, relation.predicate, relation.object_slug)
                relations[key] = relation
                positions[key] = (len(docs), 0)  # a conclusion from the whole article: listed last
            for relation in _investigators_hired(article, relations, vocabulary):
                key = (relation.subject_slug, relation.predicate, relation.object_slug)
                relations.setdefault(key, relation)
                positions.setdefault(key, positions[(key[0], "supplier_of", key[2])])
            for relation in _exposed_plaintiffs(article, relations, title, vocabulary):
                key = (relation.subject_slug, relation.predicate, relation.object_slug)
                relations.setdefault(key, relation)
                positions.setdefault(key, positions[(key[0], "sued", key[2])])
            relations, positions = _under_current_names(relations, positions)
            relations = _one_way_supply(relations, article)
            orgs = _orgs(article, extra_orgs)
            # In the order the article states them (headline first), so an editor reads them along the text.
            ordered = [relations[key] for key in sorted(relations, key=lambda k: (positions[k], k[1], k[0], k[2]))]
            relevant = _judge_relevance(is_relevant, f"{title}\n\n{text}", orgs, ordered)
            results.append(Extraction(relevant, orgs, tuple(ordered), tuple(warnings)))
        return results


def _one_way_supply(relations: dict, article: Article) -> dict:
    """Supply read both ways in one sentence, where one side is a security firm: the firm supplies the other.

    "Ossory Forensics, the Chicago firm Furrowlight hired to examine the incident, …" can parse with the firm as
    the one hiring; a forensics firm works for its client, not the other way round.
    """
    dropped = set()
    for (supplier, predicate, client), r in relations.items():
        back = relations.get((client, predicate, supplier))
        if predicate == "supplier_of" and back is not None and back.evidence == r.evidence \
                and client in article.security_firms and supplier not in article.security_firms:
            dropped.add((supplier, predicate, client))
    return {key: r for key, r in relations.items() if key not in dropped}


def _under_current_names(relations: dict, positions: dict) -> tuple[dict, dict]:
    """Relations of a company the article says was renamed, filed under its current name.

    "Kingfisher Voice, formerly Corvane Data": what Corvane did before the rename is Kingfisher's history,
    and the knowledge base keeps one page per company; the old name stays only as formerly_known_as.
    """
    current = {key[2]: (r.subject, key[0]) for key, r in relations.items() if key[1] == "formerly_known_as"}
    if not current:
        return relations, positions
    renamed: dict = {}
    where: dict = {}
    for key, r in relations.items():
        position = positions[key]
        if key[1] != "formerly_known_as":
            subject, subject_slug = current.get(key[0], (r.subject, key[0]))
            obj, object_slug = current.get(key[2], (r.object, key[2]))
            if subject_slug == object_slug:
                continue
            r = replace(r, subject=subject, subject_slug=subject_slug, object=obj, object_slug=object_slug)
            key = (subject_slug, key[1], object_slug)
        if key not in renamed or renamed[key].confidence < r.confidence:
            renamed[key] = r
            where[key] = min(position, where.get(key, position))
    return renamed, where


def _attributed_breaches(article: Article, docs, title: str, relations: dict) -> list[Relation]:
    """Breaches the article pins on the one attacker group it names.

    News prose names the group in one sentence and the breach in another ("Halberd said an intruder
    copied files. The company said a group calling itself Saltmarsh Kite was responsible."). When an
    article names exactly one attacker group, the group is taken to be behind the breach the story is
    about (the breached company it tells of most, not one only exposed through another's breach), with a
    lower confidence than a relation stated in one sentence. Other breaches the article mentions may be
    another group's or nobody's ("in an unrelated incident …").
    """
    attackers = list(dict.fromkeys(m.slug for m in article.mentions if m.kind == "attacker" and not m.anaphor))
    if len(attackers) != 1 or not article.victims:
        return []
    attacker = attackers[0]
    first = next(m for m in article.mentions if m.slug == attacker and not m.anaphor)
    if first.doc >= 0:
        sentence = next((s.text for s in docs[first.doc].sents if s.start_char <= first.start_char < s.end_char), "")
    else:
        sentence = title  # named first in the headline
    found = []
    # (a customer whose data was exposed through another company's breach was not broken into itself)
    exposed = {s for s, p, _ in relations if p == "affected_by"}
    for victim in article.victims:
        if article.kinds.get(victim) == "attacker" or victim in exposed:
            continue
        if (victim, "breached_by", attacker) not in relations:
            found.append(Relation(article.names[victim], "breached_by", article.names[attacker],
                                  sentence.strip() or article.names[attacker], 0.5, victim, attacker))
        break  # (only the breach the story is about: another company's may be another group's, or unattributed)
    return found


def _investigators_hired(article: Article, relations: dict, vocabulary: Vocabulary) -> list[Relation]:
    """A security or forensics firm working for a company the story tells was breached investigates that breach:
    "Mandiant, the Google-owned security firm that Cawthorne hired" gives Mandiant investigating Cawthorne, as the
    annotation guide has it, when the article calls the firm one, its name does ("Kinnear Forensics") or the
    company directory does (CrowdStrike's sector: "Cybersecurity"): `Article.security_firms`."""
    found = []
    for (firm, predicate, client), supply in relations.items():
        # (a client the story says was breached, or one the hiring sentence tells of an incident or a forensic
        # review at: "CrowdStrike, which the vendor hired last week, was expected to finish its forensic review")
        told = set(re.findall(r"[a-z]+", supply.evidence.lower()))
        incident_here = bool(told & (vocabulary.incident_words | {"forensic", "forensics"}))
        if predicate != "supplier_of" or not (client in article.victims or incident_here and article.victims) \
                or firm not in article.security_firms \
                or firm in article.victims or any(f == firm and p == "investigating" for f, p, _ in relations):
            continue  # (a firm said to investigate another company's breach was hired for that one; a firm
            # breached itself is the subcontractor the attackers came through, not an investigator)
        found.append(Relation(article.names[firm], "investigating", article.names[client], supply.evidence, 0.5,
                              firm, client))
    return found


def _exposed_plaintiffs(article: Article, relations: dict, title: str, vocabulary: Vocabulary) -> list[Relation]:
    """A company suing over a leak was exposed by the one it sues: "Quenby sued Renwick, accusing it of leaving
    clinical notes exposed to the hackers" gives Quenby affected_by Renwick. The leak may be said in the sentence
    or in the headline ("… Sues Sallowbrook Over Insider Leak"). Regulators suing are not exposed."""
    found = []
    for (subject, predicate, obj), relation in relations.items():
        if predicate != "sued" or article.kinds.get(subject) not in ("company", "university") \
                or article.kinds.get(obj) == "attacker":
            continue
        sentence = " ".join(f"{relation.evidence} {title}".lower().split())
        for exception in vocabulary.harm_word_exceptions:
            sentence = sentence.replace(exception.lower(), " ")
        if set(re.findall(r"[a-z]+", sentence)) & vocabulary.harm_words:
            found.append(replace(relation, predicate="affected_by", confidence=round(relation.confidence * 0.7, 2)))
    return found


def _judge_relevance(is_relevant, text: str, orgs, relations) -> bool:
    """`is_relevant(text)`, or `is_relevant(text, orgs, relations)` for a pipeline.relevance.Relevance."""
    if is_relevant is None:
        return True
    from pipeline.relevance import Relevance

    if isinstance(is_relevant, Relevance):
        return is_relevant(text, orgs, relations)
    return bool(is_relevant(text))


def _orgs(article: Article, extra: dict[str, str]) -> tuple[Org, ...]:
    surfaces: dict[str, list[str]] = {}
    for m in article.mentions:
        if m.anaphor:
            continue
        forms = surfaces.setdefault(m.slug, [])
        if m.surface not in forms:
            forms.append(m.surface)
    orgs = [Org(article.names[slug], slug, tuple(forms), article.kinds.get(slug, "company"))
            for slug, forms in surfaces.items()]
    orgs += [Org(name, slug, (name,), article.kinds.get(slug, "company"))
             for slug, name in sorted(extra.items()) if slug not in surfaces]
    return tuple(orgs)
