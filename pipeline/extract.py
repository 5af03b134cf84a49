"""Extract organizations and the relations between them from an article's text. Pure.

The spaCy `Language` is passed in; nothing is loaded at import time. The
article is read in two passes so that it costs less than running the whole
spaCy pipeline on it:

1. every paragraph goes through the named-entity recognizer only, and
   pipeline.orgs decides which spans name organizations (known companies from
   content/companies/ always win) and resolves each to one canonical company;
2. only the sentences that mention an organization and hold a trigger word
   from vocabulary.yaml are tagged and parsed, and relations are read from
   their dependency trees (passives, coordination, relative clauses, "the
   company" and "it" pointing back, quotes in an organization's voice).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from pipeline.orgs import Candidate, Mention, OrgFinder, clean_name, initials, is_acronym, words_for
from pipeline.slugs import slugify
from pipeline.vocabulary import Predicate, Trigger, Vocabulary, load_vocabulary

# A news article is a few thousand characters; beyond this the text is cut
# (with a warning) so one pathological item cannot stall a feed run.
MAX_TEXT_CHARS = 100_000
# spaCy works best on paragraph-sized docs; longer "paragraphs" are split.
MAX_PARAGRAPH_CHARS = 10_000
MIN_ENGLISH_STOPWORD_SHARE = 0.08

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd"})
# Dependency labels whose subtrees are side remarks ("Mercor, which supplies
# OpenAI, …"): organizations inside them are not arguments of the main verb.
CLAUSE_BREAKS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "appos", "xcomp", "conj", "pcomp"})
SUBSIDIARY_NOUNS = frozenset({"division", "unit", "arm", "subsidiary", "affiliate", "divisions", "units"})
QUANTIFIERS = frozenset({"each", "all", "both", "some", "many", "most", "several", "one", "two", "three", "much",
                         "none", "any", "part", "portion", "half", "much", "parts"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
STATEMENT_LEMMAS = frozenset({"say", "tell", "confirm", "add", "write", "state", "note", "explain", "acknowledge"})
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
MARKUP = re.compile(r"</?[A-Za-z][^>]{0,500}>|<!--.*?-->", re.DOTALL)


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
                    gazetteer.surfaces.setdefault(surface, (name, slug))
        return gazetteer

    def __post_init__(self) -> None:
        self.surfaces: dict[str, tuple[str, str]] = {}

    def lookup(self, surface: str) -> tuple[str, str] | None:
        return self.names.get(surface.lower())

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

_COMMON_WORDS: dict[int, frozenset[str]] = {}
_TRIGGER_FORMS: dict[tuple[int, int], frozenset[str]] = {}


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
        _COMMON_WORDS[key] = frozenset(words)
    return _COMMON_WORDS[key]


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
        _TRIGGER_FORMS[key] = frozenset(forms)
    return _TRIGGER_FORMS[key]


@dataclass
class Article:
    """What the relation step needs to know about the whole article."""

    mentions: list[Mention]  # every organization mention in reading order (title first)
    salience: Counter
    kinds: dict[str, str]
    names: dict[str, str]
    speakers: set[tuple[int, int]] = field(default_factory=set)  # (doc, start) of mentions in a speaker's role
    victims: list[str] = field(default_factory=list)  # slugs of companies breached in this story, most cited first

    def before(self, doc: int, char: int) -> list[Mention]:
        return [m for m in self.mentions if (m.doc, m.start_char) < (doc, char)]

    def focus(self, exclude: set[str], kinds=("company", "university"), incident: bool = False) -> list[Mention]:
        """The company the article is about (for an incident: the breached one), most mentioned first."""
        ranked = [slug for slug, count in self.salience.most_common() if count >= 2 and slug not in exclude
                  and self.kinds.get(slug) in kinds]
        if incident:
            ranked = [slug for slug in self.victims if slug not in exclude] + ranked
        first = {}
        for m in self.mentions:
            first.setdefault(m.slug, m)
        return [first[slug] for slug in ranked[:1]]


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
    for name in sorted(full_names):
        target = None
        if is_acronym(name):
            matches = {n for n in full_names if n != name and initials(n) == name.replace(".", "").replace("&", "")}
            if len(matches) == 1:
                target = name_to_canonical[matches.pop()]
        else:
            longer = [n for n in long_names if n != name and n.startswith(name + " ")]
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
            if target is None and flipped and f"{flipped[2]} of {flipped[1]}" in full_names:
                target = name_to_canonical[f"{flipped[2]} of {flipped[1]}"]  # "Justice Department"
        if target and target[0] != name:
            mapping[name] = target
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
    if any("attacker" in c.evidence for c in candidates):
        return "attacker"
    words = set(name.split(" "))
    if words & {"University", "College", "Institute", "School", "Academy"}:
        return "university"
    if words & (finder.words.institution - {"Foundation", "League", "Association", "Laboratory", "Laboratories", "Service"}):
        return "agency"
    return "company"


def find_organizations(docs, title: str, gazetteer: Gazetteer, vocabulary: Vocabulary, nlp) -> tuple[Article, list[str]]:
    """Every organization mention in the paragraphs (and the title), resolved to canonical names."""
    finder = OrgFinder(gazetteer, vocabulary, common_words(nlp), frozenset(nlp.Defaults.stop_words),
                       trigger_forms(nlp, vocabulary))
    matcher = gazetteer.matcher(nlp) if gazetteer.names else None
    candidates: list[Candidate] = []
    for index, doc in enumerate(docs):
        for candidate in finder.candidates(doc, index, matcher):
            finder.gather_evidence(doc, candidate)
            candidates.append(candidate)
    finder.resolve(candidates)
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
    return Article(all_mentions, salience, kinds, names, speakers), warnings


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
            if form and not finder._ambiguous(form):
                surfaces.setdefault(form, m)
            elif form:
                surfaces.setdefault(form, m)
    for surface, (name, slug) in gazetteer.surfaces.items():
        if not finder._ambiguous(surface) and surface not in surfaces:
            surfaces[surface] = Mention(-1, 0, 0, 0, 0, surface, name, slug, True, "company")
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for surface in sorted(surfaces, key=len, reverse=True):
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


# -- relations in a parsed sentence ----------------------------------------------------------------


@dataclass
class SentenceContext:
    """One parsed sentence, the organizations in it, and the article around it."""

    sent: object  # the parsed spaCy Doc of this one sentence
    by_token: dict[int, Mention]
    article: Article
    vocabulary: Vocabulary
    doc_index: int
    char_offset: int  # where the sentence starts in its paragraph
    _speakers: list[Mention] | None = None
    exclude: set[str] = field(default_factory=set)  # organizations a pronoun cannot mean right now

    def mention(self, token) -> Mention | None:
        return self.by_token.get(token.i)

    # Anaphora: "the company", "it", "we"

    def anaphor_kinds(self, token) -> frozenset[str] | None:
        """Kinds an anaphoric noun phrase headed by `token` can mean ("the vendor" -> company), or None."""
        anaphora = self.vocabulary.anaphora
        lower = token.lower_
        if lower not in anaphora.kinds and token.lemma_.lower() not in anaphora.kinds:
            return None
        if token.dep_ == "compound" or token.i in self.by_token or token.tag_ in ("NNS", "NNPS"):
            return None  # plural "the largest AI labs" points at no single organization
        if not any(child.dep_ in ("det", "amod", "compound", "poss") and child.lower_ in anaphora.determiners
                   for child in token.children):
            return None
        return anaphora.kinds.get(lower) or anaphora.kinds.get(token.lemma_.lower())

    def _char(self, token) -> int:
        return self.char_offset + token.idx

    def referents(self, token) -> list[Mention]:
        """Organizations a pronoun or anaphoric noun phrase can point back to, best first."""
        anaphora = self.vocabulary.anaphora
        lower = token.lower_
        if lower in anaphora.first_person:
            return self.speakers()
        if lower in anaphora.pronouns:
            return self._pronoun_referents(token)
        if lower in anaphora.plural_pronouns:
            return self._plural_referents(token)
        if lower in anaphora.incident and token.pos_ == "NOUN" and token.dep_ in ("dobj", "pobj") and any(
                c.lower_ in ("the", "this", "that") for c in token.children) and not any(
                c.dep_ == "prep" for c in token.children):
            return self.article.focus(self._local_subject_slugs(token), incident=True)
        kinds = self.anaphor_kinds(token)
        if kinds is None:
            return []
        return self._noun_referents(token, kinds)

    def _local_subject_slugs(self, token) -> set[str]:
        """Organizations that are subjects of the clause holding `token` (they cannot be its antecedent)."""
        verb = token
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        slugs = set()
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i != token.i:
                for t in (child, *[c for c in child.conjuncts]):
                    m = self.mention(t)
                    if m:
                        slugs.add(m.slug)
        return slugs

    def _noun_referents(self, token, kinds: frozenset[str]) -> list[Mention]:
        exclude = self._local_subject_slugs(token)
        here = self._char(token)
        result: list[Mention] = []

        def add(ms: Iterable[Mention]) -> None:
            for m in ms:
                if m.kind in kinds and m.slug not in exclude and all(r.slug != m.slug for r in result):
                    result.append(m)

        earlier = self.article.before(self.doc_index, here)
        if token.lower_ in self.vocabulary.anaphora.focus or token.lemma_.lower() in self.vocabulary.anaphora.focus:
            subjects_here = {self.by_token[t.i].slug for t in self.sent if t.dep_ in SUBJECT_DEPS and t.i in self.by_token}
            add(self.article.focus(exclude | subjects_here))
        same_sentence = [m for m in earlier if m.doc == self.doc_index and m.start_char >= self.char_offset]
        add(reversed(same_sentence))
        in_paragraph = [m for m in earlier if m.doc == self.doc_index and m.start_char < self.char_offset]
        add(reversed([m for m in in_paragraph if m.leads]))
        add(reversed(in_paragraph))
        previous = [m for m in earlier if m.doc == self.doc_index - 1 and m.leads]
        add(reversed(previous))
        ranked = sorted({m.slug: m for m in earlier}.values(), key=lambda m: -self.article.salience[m.slug])
        add(ranked)
        add(m for m in self.article.mentions if m.doc == self.doc_index and m.start_char > here)
        return result

    def _pronoun_referents(self, token) -> list[Mention]:
        result: list[Mention] = []

        def add(ms: Iterable[Mention]) -> None:
            for m in ms:
                if m.kind != "attacker" and all(r.slug != m.slug for r in result):
                    result.append(m)

        # Subjects of the clauses above the pronoun, nearest first ("Mercor said it had…").
        word = token
        while word.head.i != word.i:
            word = word.head
            for child in word.children:
                if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and child.i != token.i and child.i < token.i \
                        and not token.is_ancestor(child):
                    named = self.noun_phrase_orgs(child, resolve=False)
                    if not named and self.anaphor_kinds(child) is not None:
                        named = [replace(m, anaphor=True) for m in self.referents(child)[:1]]
                    add(named)
        add(reversed([self.by_token[i] for i in sorted(self.by_token) if i < token.i]))
        here = self._char(token)
        earlier = [m for m in self.article.before(self.doc_index, here) if m.doc == self.doc_index]
        add(reversed(earlier))
        add(sorted({m.slug: m for m in self.article.before(self.doc_index, here)}.values(),
                   key=lambda m: -self.article.salience[m.slug]))
        return result

    def _plural_referents(self, token) -> list[Mention]:
        """ "OpenAI, Anthropic and Google … each of them": the organizations named together before it."""
        word = token
        while word.head.i != word.i:
            word = word.head
            for child in word.children:
                if child.dep_ in SUBJECT_DEPS and child.i < token.i and not token.is_ancestor(child):
                    found = self.noun_phrase_orgs(child, resolve=False)
                    if len(found) >= 2:
                        return [replace(m, anaphor=True) for m in found]
        return []

    def speakers(self) -> list[Mention]:
        """Organizations speaking in this sentence ("a Meta spokesperson said"), else in its paragraph."""
        if self._speakers is not None:
            return self._speakers
        found: list[Mention] = []
        for token in self.sent:
            if token.lemma_.lower() in STATEMENT_LEMMAS:
                for child in token.children:
                    if child.dep_ in SUBJECT_DEPS:
                        for m in self.noun_phrase_orgs(child, resolve=False, deep=True):
                            if m not in found:
                                found.append(m)
        if not found:
            paragraph = [m for m in self.article.mentions if m.doc == self.doc_index
                         and (m.doc, m.start) in self.article.speakers]
            here = self.char_offset
            paragraph.sort(key=lambda m: abs(m.start_char - here))
            found = paragraph[:1]
        self._speakers = found
        return found

    # Noun phrases

    def org_of(self, token, resolve: bool = True) -> list[Mention]:
        """The organizations a single token stands for."""
        m = self.mention(token)
        if m:
            return [m]
        if token.lower_ in RELATIVE_PRONOUNS and (token.dep_ != "det" or token.lower_ == "whose"):
            clause = token
            for _ in range(3):
                if clause.head.i == clause.i:
                    break
                clause = clause.head
                if clause.dep_ in ("relcl", "acl"):
                    return self.noun_phrase_orgs(clause.head, resolve=resolve)
            return []
        if token.dep_ == "appos" and self.mention(token.head):
            return [self.mention(token.head)]
        if token.lower_ in self.vocabulary.organizations.attacker_nouns or token.lower_ in ("attackers", "hackers", "members"):
            # "a crew calling itself Velvet Cormorant", "attackers from the GlassHeron crew"
            named = [self.by_token[t.i] for c in token.children if c.dep_ in ("acl", "prep", "relcl", "appos")
                     for t in c.subtree if t.i in self.by_token and self.by_token[t.i].kind == "attacker"]
            if named:
                return _unique(named)[:1]
        if resolve and token.tag_ == "NNS" and token.lemma_.lower() in self.vocabulary.anaphora.kinds and any(
                c.dep_ == "nummod" and c.lower_ == "two" for c in token.children) and any(
                c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            # "the two companies": the two companies most named so far
            here = self._char(token)
            ranked = sorted({m.slug: m for m in self.article.before(self.doc_index, here)
                             if m.kind in self.vocabulary.anaphora.kinds[token.lemma_.lower()]}.values(),
                            key=lambda m: -self.article.salience[m.slug])
            return [replace(m, anaphor=True) for m in ranked[:2]] if len(ranked) >= 2 else []
        if resolve:
            if token.lower_ in self.vocabulary.anaphora.plural_pronouns:
                return self._plural_referents(token)
            referents = self.referents(token)
            if self.exclude and token.lower_ in self.vocabulary.anaphora.pronouns:
                referents = [m for m in referents if m.slug not in self.exclude] or referents
            if referents:
                return [replace(referents[0], anaphor=True)]
        return []

    def noun_phrase_orgs(self, token, resolve: bool = True, deep: bool = False) -> list[Mention]:
        """Organizations a noun phrase names at its head (and its coordinated heads)."""
        found: list[Mention] = []
        for head in (token, *token.conjuncts):
            if head.i < token.i:
                continue
            orgs = self.org_of(head, resolve=resolve)
            if not orgs:
                appos = [c for c in head.children if c.dep_ == "appos"]
                orgs = [m for a in appos for m in self.org_of(a, resolve=False)]
            if not orgs and head.lower_ in SUBSIDIARY_NOUNS:
                continue  # "Amazon's cloud division" is a part of Amazon, not Amazon itself
            if not orgs:
                # "Google's threat intelligence group", "a Microsoft spokesperson", "its Kestrel projects",
                # "Anthropic spokesperson Daniel Ferreira"
                orgs = [m for c in head.children if c.dep_ in ("poss", "compound", "nmod")
                        for m in self.org_of(c, resolve=resolve)]
                if not orgs:
                    orgs = [m for c in head.children if c.dep_ in ("compound", "nmod")
                            for g in c.children if g.dep_ in ("poss", "compound", "nmod")
                            for m in self.org_of(g, resolve=resolve)]
            if not orgs and head.lower_ in QUANTIFIERS:
                # "each of them", "all of its projects with Kaltwasser"
                for prep in head.children:
                    if prep.dep_ == "prep" and prep.lower_ == "of":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                orgs += self.noun_phrase_orgs(pobj, resolve=resolve, deep=deep)
            if not orgs and deep:
                for prep in head.children:
                    if prep.dep_ == "prep":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                orgs += self.noun_phrase_orgs(pobj, resolve=resolve, deep=True)
            for m in orgs:
                if all(f.slug != m.slug for f in found):
                    found.append(m)
        return found

    def prep_orgs(self, token, preps: Iterable[str] | None, depth: int = 3) -> list[Mention]:
        """Organizations in prepositional phrases under `token`, also nested ("kind of work to Meta",
        "into the incident at X"); `preps` limits which prepositions introduce them."""
        found: list[Mention] = []
        allowed = None if preps is None else {p.lower() for p in preps}
        for child in token.children:
            if child.dep_ not in ("prep", "agent", "dative"):
                continue
            objects = [g for g in child.children if g.dep_ == "pobj"] or ([child] if child.dep_ == "dative" else [])
            for pobj in objects:
                if allowed is None or child.lower_ in allowed:
                    explicit = self.noun_phrase_orgs(pobj, resolve=False, deep=True)
                    found += explicit or self.noun_phrase_orgs(pobj, resolve=True, deep=True)
                elif depth > 1:
                    found += self.prep_orgs(pobj, preps, depth - 1)
        return _unique(found)


def _clause_verb(token):
    word = token
    while word.pos_ not in ("VERB", "AUX") and word.head.i != word.i:
        word = word.head
    return word


def _subtree_lemmas(token) -> set[str]:
    """Lemmas under the trigger, plus its head and the head's modifiers ("a Series A led by X")."""
    near = [*token.subtree, token.head, *[c for c in token.head.children if c.dep_ in ("compound", "amod")]]
    return {t.lemma_.lower() for t in near} | {t.lower_ for t in near}


def _is_hedged_or_negated(token, vocabulary: Vocabulary) -> bool:
    """True when the trigger, or a word governing it in its clause, is negated, hedged or conditional."""
    negations = vocabulary.negations
    hedges = vocabulary.hedges
    for word in (token, *token.ancestors):
        lemma = word.lemma_.lower()
        if word.i != token.i and (lemma in hedges or word.lower_ in hedges):
            return True
        for child in word.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod", "nsubj", "nsubjpass", "dobj") and child.lower_ in negations):
                return True
            if child.dep_ in ("aux", "auxpass", "mark", "advmod") and (child.lemma_.lower() in hedges or child.lower_ in hedges):
                return True
            if child.dep_ == "nsubj" and any(g.lower_ in negations and g.dep_ == "det" for g in child.children):
                return True  # "no customer data was taken"
        # A relative or adverbial clause is asserted on its own: "OpenAI, which buys data from X, never paused".
        if word.dep_ in ("ROOT", "relcl", "advcl", "parataxis", "appos"):
            break
    return False


def _trigger_index(vocabulary: Vocabulary) -> dict[str, list[tuple[Predicate, Trigger]]]:
    index: dict[str, list[tuple[Predicate, Trigger]]] = {}
    for predicate in vocabulary.predicates.values():
        for trigger in predicate.triggers:
            index.setdefault(trigger.lemma.lower(), []).append((predicate, trigger))
    return index


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    found: list[Mention] = []
    for m in mentions:
        if all(f.slug != m.slug for f in found):
            found.append(m)
    return found


def _role_arguments(token, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(owner, described) of a relational noun: "Kestrel's customers include AWS" -> ([Kestrel], [AWS])."""
    owners: list[Mention] = []
    pronoun_owners = []
    for child in token.children:
        if child.dep_ in ("poss", "compound", "nmod"):
            if ctx.mention(child) is None and child.lower_ in ctx.vocabulary.anaphora.pronouns:
                pronoun_owners.append(child)
            else:
                owners += ctx.org_of(child)
        if child.dep_ == "prep" and child.lower_ in ("of", "to", "for"):
            owners += [m for g in child.children if g.dep_ == "pobj" for m in ctx.noun_phrase_orgs(g)]
    described: list[Mention] = []
    head = token.head
    if token.dep_ in ("attr", "acomp") and head.lemma_ in ("be", "become", "remain"):
        described += [m for c in head.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    elif token.dep_ == "appos":
        described += ctx.org_of(head, resolve=False)
    elif token.dep_ == "pobj" and head.lower_ == "among":
        # "counts Anthropic among its customers" (the object); "Mistral is among the clients" (the subject)
        verb = head.head
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        described += [m for c in (objects or [c for c in verb.children if c.dep_ in SUBJECT_DEPS])
                      for m in ctx.noun_phrase_orgs(c)]
    elif token.dep_ == "pobj" and head.lower_ == "as":
        # "counts Cohere as a customer", "dropped Ravenmoor as a supplier"
        verb = head.head
        described += [m for c in verb.children if c.dep_ in OBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
        if not owners:
            owners += [m for c in verb.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    elif token.dep_ in SUBJECT_DEPS and head.lemma_ in ("include", "be"):
        described += [m for c in head.children if c.dep_ in OBJECT_DEPS | {"attr"} for m in ctx.noun_phrase_orgs(c)]
    described += [m for c in token.children if c.dep_ == "appos" for m in ctx.noun_phrase_orgs(c)]
    if not described and token.dep_ == "relcl":
        described += ctx.org_of(head, resolve=False)
    taken = {m.slug for m in described}
    for pronoun in pronoun_owners:
        # "Mistral is its largest client": "its" is not Mistral
        referents = [m for m in ctx.referents(pronoun) if m.slug not in taken]
        owners += [replace(m, anaphor=True) for m in referents[:1]]
    return _unique(owners), _unique(described)


def _misread_verb(token, ctx: SentenceContext) -> bool:
    """ "Handshake supplies …", "Meridlow rents …": the tagger took the verb for a noun right after a name."""
    return (token.pos_ in ("NOUN", "PROPN") and token.i > 0 and ctx.mention(token.nbor(-1)) is not None
            and token.lower_ != token.lemma_.lower() and token.lower_.endswith("s")
            and any(c.dep_ in ("prep", "dobj", "dative") for c in token.children))


def _verb_arguments(token, trigger: Trigger, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(subjects, objects) of a trigger word, in grammatical terms (before `inverse`)."""
    misread = _misread_verb(token, ctx)
    is_noun = token.pos_ in ("NOUN", "PROPN") and not misread
    verb = token if not is_noun else _clause_verb(token)
    if token.dep_ == "aux" and token.head.pos_ == "VERB":
        verb = token.head  # "which buys translated data": the parser took "buys" for an auxiliary
    if token.dep_ == "amod" and token.pos_ == "VERB" and any(c.dep_ in SUBJECT_DEPS for c in token.head.children):
        verb = token.head  # "Meta and Google all paused work with X": the parser made "paused" modify "work"
    slots = trigger.object_slots
    preps = [s for s in slots if s not in ("dobj", "poss")] if slots else None
    allow_dobj = not slots or "dobj" in slots
    subjects: list[Mention] = []
    objects: list[Mention] = []
    passive_subject = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if not passive_subject and verb.dep_ == "acl" and verb.tag_ == "VBN" and ctx.mention(verb.head):
        passive_subject = [verb.head]  # "Ravenmoor Data, previously called Blackfen Labs"
    # Verbs sharing this one's arguments: "buys and resells data from X", the verb of a misread auxiliary,
    # the complement that carries the object ("stopped working with X").
    verbs = [verb] + [c for c in verb.children if c.dep_ == "xcomp"]
    if not any(c.dep_ in OBJECT_DEPS for c in verb.children):
        verbs += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                  and not any(g.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for g in c.children)]
    if token.i != verb.i and not is_noun:
        verbs.append(token)
    if misread:
        subjects += [ctx.mention(token.nbor(-1))]
    if is_noun:
        # "Meta's pause", "the FTC investigation", "an investigation by the FTC"
        subjects += [m for c in token.children if c.dep_ in ("poss", "compound", "nmod") for m in ctx.org_of(c)]
        if token.dep_ == "pobj" and token.head.lower_ == "under":
            # "Ravenmoor Data is under investigation by the FTC"
            subjects += ctx.prep_orgs(token, ["by"])
            objects += [m for c in verb.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
            return _finish(subjects, objects)
        if not subjects and token.dep_ in ("dobj", "attr", "nsubjpass") and verb.i != token.i:
            subjects += [m for c in verb.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
            if not subjects:
                subjects += _inherited_subjects(verb, ctx)
        objects += ctx.prep_orgs(token, preps)
        if not objects and token.dep_ in ("dobj", "attr") and verb.i != token.i:
            objects += ctx.prep_orgs(verb, preps)  # "opened an inquiry into X": the parser hangs "into" on the verb
        return _finish(subjects, objects)
    agents = ctx.prep_orgs(verb, ["by"]) if passive_subject else []
    if passive_subject and not agents and slots and "by" not in slots:
        # "Vantrell, which was known as Vantrell Robotics": the passive subject is the relation's subject
        subjects += [m for c in passive_subject for m in ctx.noun_phrase_orgs(c)]
    elif passive_subject:
        subjects += agents
        if not subjects or all(m.kind != "attacker" for m in subjects):
            subjects += [m for m in ctx.prep_orgs(verb, ["from"]) if m.kind == "attacker"]
        subjects = _unique(subjects)
        for c in passive_subject:
            objects += ctx.noun_phrase_orgs(c, deep=True)
    else:
        for v in (verb, token):
            for c in v.children:
                if c.dep_ in SUBJECT_DEPS:
                    subjects += ctx.noun_phrase_orgs(c)
        if not subjects and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            subjects += _inherited_subjects(verb, ctx)
        if verb.dep_ == "acl" and not subjects:
            subjects += ctx.prep_orgs(verb, ["by"])
            if not subjects and verb.i == verb.head.i + 1 and ctx.mention(verb.head):
                subjects += [ctx.mention(verb.head)]  # "Databricks partnered with …" parsed as a modifier of the name
        if not subjects and verb.dep_ == "relcl" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            subjects += ctx.org_of(verb.head, resolve=False)  # "the shop that until 2024 went by the name X"
        if not subjects and token.i > 0 and token.head.i == token.i - 1 and ctx.mention(token.nbor(-1)) \
                and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
            subjects += [ctx.mention(token.nbor(-1))]  # "Handshake supplies …" with "supplies" hung under the name
    for v in verbs:
        for child in v.children:
            if child.dep_ in OBJECT_DEPS and allow_dobj:
                objects += ctx.noun_phrase_orgs(child)
            if child.dep_ in OBJECT_DEPS and (preps or not slots):
                objects += ctx.prep_orgs(child, preps)
            if (child.dep_ in OBJECT_DEPS or child.dep_ in ("advmod", "npadvmod") and child.pos_ == "NOUN") \
                    and "poss" in slots:
                # The owner of what is bought is never the buyer itself ("buys much of its labeled data").
                ctx.exclude = {m.slug for m in subjects}
                try:
                    for owner in (child, *[g for p in child.children if p.lower_ == "of" for g in p.children]):
                        objects += [m for g in owner.children if g.dep_ == "poss" for m in ctx.org_of(g)]
                finally:
                    ctx.exclude = set()
        objects += ctx.prep_orgs(v, preps)
    if not objects and trigger.deep:
        # "supplies much of the computing power used to train Anthropic's models"
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS:
                objects += [ctx.by_token[t.i] for t in child.subtree if t.i in ctx.by_token]
    if allow_dobj and verb.dep_ in ("relcl", "acl") and not any(c.dep_ in OBJECT_DEPS for c in verb.children) \
            and not passive_subject and subjects:
        objects += ctx.org_of(verb.head, resolve=False)  # "the maker Corvane acquired", "GitHub, which Microsoft bought"
    if not subjects and not passive_subject:
        # "work with Kestrel has resumed", said an AWS spokesperson
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                inner = ctx.prep_orgs(c, None)
                if inner:
                    objects += inner
                    subjects += ctx.speakers()
    return _finish(subjects, objects)


def _finish(subjects: list[Mention], objects: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    subjects = _unique(subjects)
    slugs = {m.slug for m in subjects}
    # The same company under another name stays ("Meta, which changed its name from Facebook").
    return subjects, [m for m in _unique(objects) if m.slug not in slugs or
                      (not m.anaphor and clean_name_simple(m.surface) != m.name)]


def _inherited_subjects(verb, ctx: SentenceContext) -> list[Mention]:
    """The subject a verb shares with the verb it depends on ("agreed to buy", "removed … and said")."""
    word = verb
    for _ in range(4):
        if word.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "acomp") or word.head.i == word.i:
            return []
        controlled_by_object = word.dep_ == "xcomp" or (word.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in word.children))
        word = word.head
        if word.pos_ not in ("VERB", "AUX"):
            word = _clause_verb(word)
        if controlled_by_object and any(c.dep_ in OBJECT_DEPS for c in word.children):
            # "led one of the labs to freeze its projects": the object of "led" froze them
            return [m for c in word.children if c.dep_ in OBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
        subjects = [c for c in word.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return [m for c in subjects for m in ctx.noun_phrase_orgs(c)]
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in word.children):
            return []
    return []


def _exposure_arguments(token, trigger: Trigger, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(victims, breached) in "its data was exposed through the breach at X", "the breach at X exposed
    Y's data" and "its prompts were among the files the attackers copied"."""
    vocabulary = ctx.vocabulary
    verb = token
    victims: list[Mention] = []
    breached: list[Mention] = []
    incident_named = False

    def orgs_in(tree) -> list[Mention]:
        return _unique(ctx.by_token[t.i] for t in tree if t.i in ctx.by_token)

    def owners_in(tree) -> list[Mention]:
        # "its material", "our evaluation material", "their support cases", "researchers at CMU"
        found = []
        for t in tree:
            if t.i in ctx.by_token:
                found.append(ctx.by_token[t.i])
            elif t.dep_ == "poss" or t.lower_ in vocabulary.anaphora.first_person | vocabulary.anaphora.plural_pronouns:
                found += ctx.org_of(t)
        return _unique(found)

    if token.lemma_ == "be":
        places = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in trigger.object_slots]
        if not places:
            return [], []
        place_tree = [t for p in places for t in p.subtree]
        if not any(t.lower_ in vocabulary.exposure_words or t.lemma_.lower() in vocabulary.exposure_words
                   for t in place_tree) or not any(t.lower_ in ("the", "folders", "files") for t in place_tree):
            return [], []
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                victims += owners_in(c.subtree)
        breached = [m for m in orgs_in(place_tree) if m.kind != "attacker"]
        incident_named = True
    elif any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
        for c in verb.children:
            if c.dep_ in PASSIVE_SUBJECT_DEPS:
                victims += owners_in(c.subtree)
        for child in verb.children:
            if child.dep_ in ("prep", "advcl", "agent"):
                tree = list(child.subtree)
                breached += [m for m in orgs_in(tree) if m.kind != "attacker"]
                incident_named = incident_named or any(t.lemma_.lower() in vocabulary.incident_words for t in tree)
    else:
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                tree = list(c.subtree)
                if any(m.kind == "attacker" for m in orgs_in(tree)):
                    return [], []  # "the gang stole its data" is a breach (breached_by), not an exposure
                breached += orgs_in(tree)
                incident_named = incident_named or any(t.lemma_.lower() in vocabulary.incident_words for t in tree)
            if c.dep_ in OBJECT_DEPS:
                victims += owners_in(c.subtree)
    # A victim named only by a pronoun must be named in the sentence too ("Anthropic said its prompts were exposed").
    named_here = {m.slug for m in ctx.by_token.values()}
    victims = [m for m in _unique(victims) if m.kind != "attacker" and (not m.anaphor or m.slug in named_here)]
    victim_slugs = {v.slug for v in victims}
    breached = [m for m in _unique(breached) if m.kind != "attacker" and m.slug not in victim_slugs]
    if victims and not breached and incident_named:
        breached = ctx.article.focus(victim_slugs, incident=True)  # "exposed in the breach": the breached company of the story
    return victims, breached


def breach_victims(ctx: SentenceContext, breach_triggers) -> list[str]:
    """Companies a sentence says were breached, by a named group or not ("hackers breached Mercor",
    "the breach at Mercor", "Mercor was hacked")."""
    victims: list[str] = []
    for token in ctx.sent:
        for predicate, trigger in breach_triggers.get(token.lemma_.lower(), ()):
            if trigger.pos and token.pos_ != trigger.pos or _is_hedged_or_negated(token, ctx.vocabulary):
                continue
            if token.pos_ in ("NOUN", "PROPN"):
                found = [m for c in token.children if c.dep_ == "poss" for m in ctx.org_of(c)]
                found += ctx.prep_orgs(token, ["at", "of", "on", "against"])
            else:
                subjects, objects = _verb_arguments(token, trigger, ctx)
                if any(m.kind != "attacker" for m in subjects):
                    continue
                found = objects
            victims += [m.slug for m in found if m.kind != "attacker"]
    return list(dict.fromkeys(victims))


def _regular_lemma(word: str) -> str:
    """ "buys" -> "buy": the lemma of a verb the tagger took for an auxiliary (and so did not lemmatize)."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _only_work_objects(token, ctx: SentenceContext) -> bool:
    """The trigger has no object, or only "the projects", "its contract": the other party is left unsaid."""
    verb = token if token.pos_ in ("VERB", "AUX") else _clause_verb(token)
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    work = ctx.vocabulary.work_nouns
    return all(o.lower_ in work or o.lemma_.lower() in work
               or any(c.dep_ == "compound" and c.lemma_.lower() in work for c in o.children) for o in objects)


def relations_in_sentence(ctx: SentenceContext, triggers, evidence: str, *, base_confidence: float = 0.9,
                          allow_implicit: bool = True) -> list[Relation]:
    """Relations stated in one parsed sentence among the organizations it names or points back to."""
    vocabulary = ctx.vocabulary
    relations: list[Relation] = []
    for token in ctx.sent:
        if token.i in ctx.by_token:
            continue
        candidates = triggers.get(token.lemma_.lower(), ()) or triggers.get(token.lower_, ()) or (
            triggers.get(_regular_lemma(token.lower_), ()) if token.pos_ == "AUX" else ())
        if not candidates:
            continue
        lemmas = None
        for predicate, trigger in candidates:
            if trigger.pos and token.pos_ != trigger.pos and not (trigger.pos == "NOUN" and token.pos_ == "PROPN") \
                    and not (trigger.pos == "VERB" and token.pos_ == "AUX" and token.dep_ == "aux") \
                    and not (trigger.pos == "VERB" and _misread_verb(token, ctx)):
                continue
            if trigger.pos == "NOUN" and _misread_verb(token, ctx):
                continue
            if trigger.with_lemmas or trigger.with_any:
                lemmas = lemmas or _subtree_lemmas(token)
                if not set(l.lower() for l in trigger.with_lemmas) <= lemmas:
                    continue
                if trigger.with_any and not {l.lower() for l in trigger.with_any} & lemmas:
                    continue
            if _is_hedged_or_negated(token, vocabulary):
                continue
            if trigger.exposure:
                subjects, objects = _exposure_arguments(token, trigger, ctx)
                if not subjects or not objects:
                    continue
                confidence = base_confidence - 0.2
            elif trigger.role:
                subjects, objects = _role_arguments(token, ctx)
                confidence = base_confidence - 0.1
                if trigger.implicit and objects and not subjects and allow_implicit:
                    # "Mistral AI is among the clients": the clients of the company the story is about
                    subjects = ctx.article.focus({m.slug for m in objects})
                    confidence = 0.5
            else:
                subjects, objects = _verb_arguments(token, trigger, ctx)
                confidence = base_confidence
            # Parties of the wrong kind do not count ("paused its work after the gang's leak" names no partner).
            subject_kinds, object_kinds = ((predicate.object_kinds, predicate.subject_kinds) if trigger.inverse
                                           else (predicate.subject_kinds, predicate.object_kinds))
            subjects = [m for m in subjects if m.kind in subject_kinds]
            objects = [m for m in objects if m.kind in object_kinds or predicate.name == "formerly_known_as"]
            if trigger.implicit and not trigger.role and allow_implicit and (subjects or objects) \
                    and not (subjects and objects) \
                    and _only_work_objects(token, ctx):
                present = {m.slug for m in subjects + objects}
                focus = ctx.article.focus(present, incident=predicate.name == "breached_by")
                if subjects:
                    objects = focus
                elif token.pos_ in ("NOUN", "PROPN"):
                    subjects = focus  # "in the wake of a breach by ShinyLocust": whose breach goes unsaid
                confidence = min(confidence, 0.5)
            if predicate.symmetric and not objects and len(subjects) >= 2:
                subjects, objects = subjects[:1], subjects[1:]  # "X and Y announced a partnership"
            if trigger.inverse:
                subjects, objects = objects, subjects
            if not allow_implicit:
                # Headlines are parsed poorly: only take what they state between two named organizations.
                subjects = [m for m in subjects if not m.anaphor]
                objects = [m for m in objects if not m.anaphor]
            for subject in subjects:
                for obj in objects:
                    relation = _relation(predicate, subject, obj, evidence, confidence)
                    if relation:
                        relations.append(relation)
    return relations


def _relation(predicate: Predicate, subject: Mention, obj: Mention, evidence: str, confidence: float) -> Relation | None:
    if subject.slug == obj.slug:
        if predicate.name == "formerly_known_as" and obj.surface and clean_name_simple(obj.surface) != subject.name:
            # "Meta, which changed its name from Facebook": the old name is its own entry.
            former = clean_name_simple(obj.surface)
            return Relation(subject.name, predicate.name, former, evidence, confidence, subject.slug, slugify(former))
        return None
    if subject.kind not in predicate.subject_kinds or obj.kind not in predicate.object_kinds:
        return None
    if subject.anaphor or obj.anaphor:
        confidence -= 0.1
    if predicate.symmetric and (obj.doc, obj.start_char) < (subject.doc, subject.start_char) and not obj.anaphor:
        subject, obj = obj, subject
    return Relation(subject.name, predicate.name, obj.name, evidence, round(max(confidence, 0.1), 2),
                    subject.slug, obj.slug)


def clean_name_simple(surface: str) -> str:
    return re.sub(r"(?:'s|’s)$", "", surface).strip()


# -- the whole article -----------------------------------------------------------------------------


def _ner_docs(nlp, texts: list[str]):
    """Docs with named entities and sentence starts only: the cheap first pass."""
    from spacy.pipeline import Sentencizer

    keep = [name for name in ("ner",) if name in nlp.pipe_names]
    sentencizer = Sentencizer()
    with nlp.select_pipes(enable=keep):
        docs = list(nlp.pipe(texts))
    return [sentencizer(doc) for doc in docs]


def _parsed(nlp, texts: list[str]):
    """Tagged, lemmatized and parsed docs, without NER: the second pass, on the sentences that need it."""
    if not texts:
        return []
    skip = [name for name in ("ner", "senter") if name in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        return list(nlp.pipe(texts))


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
    vocabulary = vocabulary or load_vocabulary()
    gazetteer = gazetteer or Gazetteer()
    prepared = []
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
        prepared.append((text, title, paragraphs, warnings))
    flat = [p for _, _, paragraphs, _ in prepared for p in paragraphs]
    docs_flat = _ner_docs(nlp, flat) if flat else []
    triggers = _trigger_index(vocabulary)
    breach_triggers = {lemma: [(p, t) for p, t in found if p.name == "breached_by"] for lemma, found in triggers.items()}
    forms = trigger_forms(nlp, vocabulary)
    results = []
    position = 0
    states = []
    to_parse: list[str] = []
    for text, title, paragraphs, warnings in prepared:
        docs = docs_flat[position:position + len(paragraphs)]
        position += len(paragraphs)
        article, found_warnings = find_organizations(docs, title, gazetteer, vocabulary, nlp)
        warnings += found_warnings
        body = [m for m in article.mentions if m.doc >= 0]
        # Sentences worth parsing: an organization (or a word pointing back to one) and a trigger word.
        jobs = []
        for index, doc in enumerate(docs):
            doc_mentions = [m for m in body if m.doc == index]
            for sent in doc.sents:
                inside = [m for m in doc_mentions if m.start >= sent.start and m.end <= sent.end]
                if not inside and not _anaphor_like(sent, vocabulary):
                    continue
                if len({m.slug for m in inside}) + _anaphor_like(sent, vocabulary) < 1:
                    continue
                if not any(t.lower_ in forms for t in sent):
                    continue
                sentence = _trim_quote(sent.text)
                jobs.append((index, sent.start_char, sentence, inside))
                to_parse.append(sentence)
        title_mentions = [m for m in article.mentions if m.doc < 0]
        if title and title_mentions:
            cased = sentence_case_title(title, title_mentions)
            jobs.append((-1, 0, cased, title_mentions))
            to_parse.append(cased)
        states.append((text, title, warnings, article, jobs))
    parsed = iter(_parsed(nlp, to_parse) if "parser" in nlp.pipe_names else [None] * len(to_parse))
    for text, title, warnings, article, jobs in states:
        relations: dict[tuple[str, str, str], Relation] = {}
        extra_orgs: dict[str, str] = {}
        contexts = []
        for index, offset, sentence, inside in jobs:
            sent = next(parsed)
            if sent is None:
                continue
            by_token: dict[int, Mention] = {}
            for m in inside:
                span = sent.char_span(m.start_char - offset, m.end_char - offset, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        by_token[token.i] = m
            contexts.append((SentenceContext(sent, by_token, article, vocabulary, index, offset), index, sentence))
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
        orgs = _orgs(article, extra_orgs)
        ordered = sorted(relations.values(), key=lambda r: (r.predicate, r.subject_slug, r.object_slug))
        relevant = _judge_relevance(is_relevant, f"{title}\n\n{text}", orgs, ordered)
        results.append(Extraction(relevant, orgs, tuple(ordered), tuple(warnings)))
    return results


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
    orgs = [Org(article.names[slug], slug, tuple(forms)) for slug, forms in surfaces.items()]
    orgs += [Org(name, slug, (name,)) for slug, name in sorted(extra.items()) if slug not in surfaces]
    return tuple(orgs)
