"""Find the organizations an article names and resolve each mention to one canonical company. Pure.

Works on docs that carry only tokens, sentence starts and the statistical
named entities (no parse), so the whole article can be scanned cheaply; the
relation step parses only the sentences that need it. The rules read their
word lists from vocabulary.yaml (`organizations:`), and known companies come
from the gazetteer (content/companies/ names and aliases), which always wins.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable

from pipeline.vocabulary import OrganizationWords, Vocabulary

# Entity labels the small English model gives organizations it is unsure of.
# They become organizations only with evidence from the words around them.
CANDIDATE_LABELS = frozenset({"ORG", "PERSON", "GPE", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "LOC", "EVENT"})
# Small words that may sit inside a name: "Department of Justice", "Marlow & Finch".
NAME_JOINERS = frozenset({"of", "and", "for", "&", "de", "du", "der", "la", "los", "las", "del", "des"})
# Capitalized calendar words end a name: "Ravenmoor Data on Monday", "Mercor in March".
CALENDAR_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                            "february", "march", "april", "may", "june", "july", "august", "september", "october",
                            "november", "december"})
DETERMINERS = frozenset({"the", "a", "an"})
# Words that count or pick out and so never open a name: "Many AI companies", "Some Labs staff".
QUANTIFYING_WORDS = frozenset({"many", "some", "most", "all", "few", "several", "these", "those", "other", "such", "any",
                               "each", "every", "both", "no", "more", "less", "two", "three", "four", "five"})
# A model's parameter count ends its name: "Alfama-12B", "Llama-3-70B".
MODEL_SIZE = re.compile(r"-\d+(?:\.\d+)?[BMK]$")
# Lowercase words inside people's names: "Pieter van Loon", "Ursula von der Leyen".
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "bin", "al", "ter"})
MAX_NAME_WORDS = 5
# What joins the names of a list: "A, B and C", "A or B".
LIST_JOINTS = ([","], ["and"], ["or"], [",", "and"], [",", "or"])
MAX_INSTITUTION_WORDS = 8
# Prepositions that introduce the other party of a relation: "paused its work with X", "sold data to X".
OBJECT_PREPOSITIONS = frozenset({"with", "to", "from", "into", "for", "against", "by"})
POSSESSIVE = ("'s", "’s", "'", "’")
# Money raised from someone came from an investor.
RAISING_WORDS = frozenset({"raised", "raise", "raises", "raising"})
# Evidence that outweighs the statistical model's guess that a name is a person.
PROOF_OF_ORGANIZATION = frozenset({"head word", "institution", "descriptor", "attacker", "possessive", "suffix",
                                   "investor", "parent", "workplace", "member of", "counted among"})
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
# What a company does to the group it names as the culprit: "the group Metricbay has blamed for the intrusion"
BLAMING_WORDS = frozenset({"blamed", "blames", "blame", "accused", "accuses", "identified", "identifies", "named",
                           "names", "suspects", "suspected", "linked", "credited", "attributed"})
# Last words of the names of funds and plans, which hold a plural possessive: "Teachers' Retirement System".
FUND_WORDS = frozenset({"System", "Fund", "Funds", "Plan", "Trust", "Union", "Board"})
# Incidents someone attacked to cause (not a leak or an exposure, which carelessness causes too).
ATTACK_INCIDENTS = frozenset({"attack", "breach", "intrusion", "hack", "cyberattack", "compromise", "ransomware",
                              "break-in", "theft", "heist", "extortion", "incident", "campaign"})
# Words between a verb and the incident it pins on someone: "traced both of the intrusions", "the latest attack".
INCIDENT_MODIFIERS = frozenset({"the", "a", "an", "both", "its", "their", "this", "that", "last", "latest", "recent",
                                "same", "first", "second"})
# Words around a taking that make it an attacker's ("copied customer passwords and posted them online").
ATTACK_CONTEXT = frozenset({"hackers", "hacker", "attackers", "attacker", "intruders", "ransom", "extortion", "extort",
                            "extorting", "posted", "published", "leaked", "threatened", "stolen", "stole", "hit"})
# What "taken" or "took" says of a photographer as much as of a thief.
PICTURE_WORDS = frozenset({"photo", "photos", "image", "images", "picture", "pictures", "video", "videos", "footage"})
# Verbs that pin an attack on its doer: "attributes the attack to X", "blamed the breach on X".
ATTRIBUTING_TO = frozenset({"attribute", "attributes", "attributed", "attributing", "trace", "traces", "traced",
                            "tracing"})
BLAMING_ON = frozenset({"blame", "blames", "blamed", "blaming", "pin", "pins", "pinned", "pinning"})


def _attack_word(word: str) -> bool:
    """Whether a word (as written: the first pass has no lemmas) is an attack incident: "breaches", "attacks"."""
    word = word.lower()
    return any(form in ATTACK_INCIDENTS for form in (word, word.rstrip("s"), word.removesuffix("es")))


def is_roundup_title(title: str, vocabulary: Vocabulary) -> bool:
    """Whether a headline is a roundup's ("The Week in AI Supply-Chain Security: …", "Supply Chain Weekly: …")."""
    headline = title.lower()
    return any(re.search(rf"(?<!\w){re.escape(words)}(?!\w)", headline) for words in vocabulary.anaphora.roundup_titles)
# Who attacks, besides a group: "a hacker calling itself Lampblack", "intruders linked to X"
ATTACKER_PEOPLE = frozenset({"attackers", "attacker", "hackers", "hacker", "intruder", "intruders"})
# Prepositions and question words capitalized only because they open a sentence or a headline word: "In AI, …",
# "For AI Startups", "Which AI companies are involved?"
SENTENCE_OPENERS = frozenset({"in", "on", "at", "for", "by", "with", "from", "to", "of", "into", "which", "what",
                              "whose", "how", "why", "when", "where", "who"})
# A dateline's date: "EDINBURGH, Nov 9 (Reuters)" (with the calendar words).
DATE_ABBREVIATIONS = frozenset({"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
# Last words of an investing arm's name that a parent's name opens: "Samsung Catalyst Fund", "ServiceNow Ventures".
INVESTMENT_ARM_WORDS = frozenset({"Ventures", "Capital", "Fund", "Investments"})
# Lead-ins of the agent of an attack that are said of other work too: "the audit was carried out by X".
GENERIC_AGENT_LEAD_INS = (("carried", "out", "by"), ("claimed", "by"))
# Participles that say a company makes the thing named before them: "TagSwift is made by Clarimond Tools".
MAKING_WORDS = frozenset({"made", "developed", "published", "maintained", "written"})
# Words after which an appositive description ("X, a Chrome extension that …") goes on in a phrase of its own.
DESCRIPTION_ENDS = frozenset({"that", "which", "who", "whose", "of", "for", "with", "from", "by", "in", "on", "at", "to",
                              "and", "or", "used", "made", "built", "based", "run", "owned"})


@dataclass(frozen=True)
class Mention:
    """One place in a paragraph where an organization is named (or referred back to)."""

    doc: int  # which paragraph doc; -1 for the title
    start: int  # token indices in that doc
    end: int
    start_char: int  # character offsets in that doc's text
    end_char: int
    surface: str
    name: str
    slug: str
    known: bool = False
    kind: str = "company"  # company, agency, university or attacker
    anaphor: bool = False  # "the company", "it": counts for relations, not as a mention
    leads: bool = False  # opens its sentence, so most likely the sentence's subject


@dataclass
class Candidate:
    doc: int
    start: int
    end: int
    surface: str  # the text as written
    name: str  # cleaned: no article, suffix, possessive
    source: str  # gazetteer, ner, caps
    label: str = ""
    known: tuple[str, str] | None = None  # (canonical name, slug) from the gazetteer
    evidence: set[str] = field(default_factory=set)
    rejected: str = ""
    # What the text calls it in apposition or right before it ("the model-hosting startup", "vendor X"),
    # for "the startup" and "the vendor" later in the article.
    descriptions: set[str] = field(default_factory=set)
    # The words before that noun ("Portland", "labeling" in "a Portland labeling vendor"), for "the Portland
    # vendor" later: a place or a trade singles one company out where the noun alone does not.
    description_words: set[str] = field(default_factory=set)


def _lower_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _phrases(phrases: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """Lowercased word sequences for `_phrase_before`: "formerly known as" -> ("formerly", "known", "as")."""
    return tuple(tuple(p.lower().split()) for p in phrases)


@dataclass(frozen=True)
class _Words:
    """The organization word lists, prepared once per vocabulary for fast lookups."""

    head: frozenset[str]
    institution: frozenset[str]
    descriptors: frozenset[str]
    attacker_nouns: frozenset[str]
    attacker_modifiers: frozenset[str]
    attacker_lead_ins: tuple[tuple[str, ...], ...]
    former_name_lead_ins: tuple[tuple[str, ...], ...]
    new_name_lead_ins: tuple[tuple[str, ...], ...]
    new_name_phrases: tuple[tuple[str, ...], ...]  # those of more than one word ("now called", not "now")
    attack_verbs: frozenset[str]
    taking_verbs: frozenset[str]
    roles: frozenset[str]
    citation_cues: tuple[tuple[str, ...], ...]
    outlets: frozenset[str]
    products: frozenset[str]
    product_phrases: tuple[tuple[str, ...], ...]
    not_orgs: frozenset[str]
    leading: frozenset[str]
    name_links: frozenset[str]
    statement_verbs: frozenset[str]
    common_word_names: frozenset[str]
    member_nouns: frozenset[str]
    owned_nouns: frozenset[str]
    product_nouns: frozenset[str]
    law_words: frozenset[str]
    subsidiary_nouns: frozenset[str]
    organization_roles: frozenset[str]
    organization_object_verbs: frozenset[str]
    organization_possessions: frozenset[str]
    described_products: frozenset[str]
    investor_lead_ins: tuple[tuple[str, ...], ...]
    funding_words: frozenset[str]
    attacker_claims: tuple[tuple[str, ...], ...]
    attacker_claim_fillers: frozenset[str]
    attacker_belongings: tuple[tuple[str, ...], ...]
    attacker_agent_lead_ins: tuple[tuple[str, ...], ...]
    kind_nouns: frozenset[str]
    field_nouns: frozenset[str]
    opening_prepositions: frozenset[str]
    staff_nouns: frozenset[str]
    nationalities: frozenset[str]
    suffixes: tuple[str, ...]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> "_Words":
        words: OrganizationWords = vocabulary.organizations
        return cls(
            head=frozenset(words.head_words),
            institution=frozenset(words.institution_words),
            descriptors=_lower_set(words.descriptors),
            attacker_nouns=_lower_set(words.attacker_nouns),
            attacker_modifiers=_lower_set(words.attacker_modifiers),
            attacker_lead_ins=_phrases(words.attacker_lead_ins),
            former_name_lead_ins=_phrases(words.former_name_lead_ins),
            new_name_lead_ins=_phrases(words.new_name_lead_ins),
            new_name_phrases=tuple(p for p in _phrases(words.new_name_lead_ins) if len(p) > 1),
            attack_verbs=_lower_set(words.attack_verbs),
            taking_verbs=_lower_set(words.taking_verbs),
            roles=_lower_set(words.role_words),
            citation_cues=_phrases(words.citation_cues),
            outlets=_lower_set(words.outlets),
            products=_lower_set(words.products),
            product_phrases=tuple(p for p in _phrases(words.products) if len(p) > 1),
            not_orgs=_lower_set(words.not_organizations) | _lower_set(vocabulary.not_organizations),
            leading=frozenset(words.leading_words),
            name_links=_lower_set(words.name_links),
            statement_verbs=_lower_set(words.statement_verbs),
            common_word_names=_lower_set(words.common_word_names),
            member_nouns=_lower_set(words.member_nouns),
            owned_nouns=_lower_set(words.owned_nouns),
            product_nouns=_lower_set(words.product_nouns),
            law_words=frozenset(words.law_words),
            subsidiary_nouns=_lower_set(words.subsidiary_nouns),
            organization_roles=_lower_set(words.organization_roles),
            organization_object_verbs=_lower_set(words.organization_object_verbs),
            organization_possessions=_lower_set(words.organization_possessions),
            described_products=_lower_set(words.described_products),
            investor_lead_ins=_phrases(words.investor_lead_ins),
            funding_words=_lower_set(words.funding_words),
            attacker_claims=_phrases(words.attacker_claims),
            attacker_claim_fillers=_lower_set(words.attacker_claim_fillers),
            attacker_belongings=_phrases(words.attacker_belongings),
            attacker_agent_lead_ins=_phrases(words.attacker_agent_lead_ins),
            kind_nouns=_lower_set(words.kind_nouns),
            field_nouns=_lower_set(words.field_nouns),
            opening_prepositions=_lower_set(words.opening_prepositions),
            staff_nouns=_lower_set(words.staff_nouns),
            nationalities=frozenset(words.nationalities),
            suffixes=tuple(sorted(vocabulary.corporate_suffixes, key=len, reverse=True)),
        )


# Keyed by id; the vocabulary is kept alongside so its id cannot be reused by another object.
_WORDS_CACHE: dict[int, tuple[Vocabulary, _Words]] = {}


def words_for(vocabulary: Vocabulary) -> _Words:
    """The prepared word lists of a vocabulary (built once per vocabulary object)."""
    key = id(vocabulary)
    if key not in _WORDS_CACHE:
        _WORDS_CACHE[key] = (vocabulary, _Words.of(vocabulary))
    return _WORDS_CACHE[key][1]


def clean_name(surface: str, words: _Words) -> str:
    """Strip articles, possessives, leading country words and corporate suffixes: "the Meta Platforms Inc.'s" -> "Meta"."""
    name = re.sub(r"\s+", " ", surface).strip(" \t\n,;:\"“”‘’()[]")
    name = re.sub(r"(?:'s|’s|'|’)$", "", name).strip()
    name = re.sub(r"^(?:the|a|an)\s+", "", name)
    parts = name.split(" ")
    if len(parts) > 2 and parts[0] == "The" and parts[1] in words.leading:
        parts = parts[1:]  # "The U.S. Federal Trade Commission"
    while len(parts) > 1 and (parts[0] in words.leading or parts[0].rstrip("'’s") in words.leading and parts[0].endswith(POSSESSIVE)):
        parts = parts[1:]
    if len(parts) > 3 and parts[1] in ("Department", "Ministry") and parts[2] == "of" and parts[0] in words.nationalities:
        parts = parts[1:]  # "Philippine Department of Justice": the country's department, named as its own
    while len(parts) > 1 and re.match(r"[£$€¥]|\d", parts[-1]):
        parts = parts[:-1]  # "has fined Gorsemoor Transcription £1.4m": an amount right after a name is no part of it
    name = " ".join(parts)
    changed = True
    while changed:
        changed = False
        for suffix in words.suffixes:
            for joint in (" ", ", "):
                if name.endswith(joint + suffix) and len(name) > len(joint + suffix):
                    name = name[: -len(joint + suffix)].rstrip(" ,")
                    changed = True
    if name.lower().endswith(".com") and len(name) > 4:
        name = name[:-4]
    name = name.strip(" ,")
    # A sentence's full stop glued to a name goes; the dots of "U.S." stay.
    return name[:-1] if name.endswith(".") and name.count(".") == 1 else name


def initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isupper() and w.lower() not in NAME_JOINERS)


def is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&.]{1,6}", text)) and sum(c.isupper() for c in text) >= 2


def brand_shaped(text: str) -> bool:
    """A word with a capital inside ("MosaicML", "DeepMind") is a brand, not a person's name ("McKenna", "DeShawn")."""
    return bool(re.search(r"[a-z][A-Z]", text)) and not re.match(r"(?:Mc|Mac|Le|La|De|Di|Da|Du|Van|Von)[A-Z]", text)


def spelled_word(token) -> str:
    """The lowercased word a token ends: "startup" for the "up" of "start-up", which the tokenizer splits in
    three (and the parser makes the head of the phrase); the token's own text otherwise."""
    if token.lower_ == "up" and token.i >= 2 and token.nbor(-1).text == "-" and token.nbor(-2).lower_ == "start":
        return "startup"
    return token.lower_


def _is_name_token(token) -> bool:
    """Capitalized words, camel-case brands ("ShinyLocust") and codes ("UNC6395")."""
    text = token.text
    if not text or not text[0].isupper() or token.is_punct or token.lower_ in CALENDAR_WORDS:
        return False
    return text.isalpha() or bool(re.fullmatch(r"[A-Z][A-Za-z0-9.&'’-]*", text))


def _described_after_lead(doc, start: int, end: int, descriptors) -> bool:
    """Whether doc[start:end] opens a short lead at the start of a line ("**Trellisbay's bad week.**", "Wrayburn.")
    and the words right after the lead are "The …" with a word for a company within the next five."""
    lead_start = start
    while lead_start > 0 and doc[lead_start - 1].text in ("*", "**", "#", "##", "###"):
        lead_start -= 1
    # (at the start of a line, maybe in bold or heading markup: not any sentence's first word)
    if not (lead_start == 0 or doc[lead_start - 1].is_space or "\n" in doc[lead_start - 1].text):
        return False
    k = end
    while k < min(len(doc), end + 5) and doc[k].text not in (".", ":"):
        k += 1  # "'s bad week"
    if k >= min(len(doc), end + 5):
        return False
    k += 1
    while k < len(doc) and (doc[k].text in ("*", "**") or doc[k].is_space):
        k += 1
    return k < len(doc) and doc[k].text == "The" and any(
        spelled_word(t) in descriptors for t in doc[k + 1:min(len(doc), k + 6)])


# Words before a company's legal name, which is no name it goes by: "its registered name is now Sourcebright Data Ltd".
LEGAL_NAME_LEAD_INS = tuple(tuple(p.split()) for p in (
    "registered name is", "registered name is now", "legal name is", "legal name is now", "registered as",
    "incorporated as"))
# Words that put a place where something is: "a company in Pittsburgh".
LOCATING_PREPOSITIONS = frozenset({"in", "at", "from", "near", "outside"})
# The states whose universities name a campus after "at" ("the University of Texas at Austin").
US_STATES = frozenset({
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma",
    "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming"})
# Words that rank or pick out what follows, which anyone's possessions can take: "Otieno's main customers".
RANKING_WORDS = frozenset({"main", "former", "new", "old", "other", "own", "top", "key", "major", "big", "large",
                           "small", "biggest", "largest", "regular", "usual", "loyal", "longtime", "long-time"})
# What one company is to another: "a Drennet contractor" is Drennet's, whatever "the Austin contractor" is.
RELATIONAL_KIND_NOUNS = frozenset({"contractor", "subcontractor", "vendor", "supplier", "provider", "processor",
                                   "broker", "reseller", "partner", "customer", "client", "distributor"})
# Country words that stand before a body's own name without making it another's ("U.S. Federal Trade Commission").
HOME_COUNTRY_WORDS = frozenset({"U.S.", "US", "UK", "U.K.", "EU", "E.U.", "United States", "Britain"})
# Deeds only an attacker does ("a consumer group targeted X", "a trade group claimed …", "a media group leaked the
# memo" are said of others too).
UNAMBIGUOUS_ATTACK_VERBS = frozenset({"breached", "hacked", "stole", "steals", "extorted", "hijacked", "infiltrated",
                                      "encrypted", "exfiltrated", "ransomed", "compromised"})
# A paragraph opening with a bold heading: "**Pergamin:** …", "__Tambari Transcribe.__ …" (the words without the
# heading's last stop).
BOLD_HEADING = re.compile(r"(\*\*|__)([^*_]{1,60}?)[.:]?(\*\*|__)")
# Words for whoever did an attack: "the culprit is Brine Quokka".
CULPRIT_NOUNS = ("culprit", "culprits", "perpetrator", "perpetrators")


def _deed_after_apposition(doc, start: int, deeds: frozenset[str]) -> bool:
    """Whether the first word after the apposition running from doc[start] (to its closing comma, within the
    sentence) is one of `deeds`, an auxiliary allowed before it."""
    sentence_end = doc[start].sent.end if start < len(doc) else start
    for k in range(start, min(sentence_end, start + 15)):
        if doc[k].text == ",":
            after = [t.lower_ for t in doc[k + 1:min(sentence_end, k + 3)] if t.lower_ not in ("has", "had", "have")]
            return bool(after) and after[0] in deeds
        if doc[k].text in (".", ";", ":", "(", ")"):
            return False
    return False


def _phrase_before(doc, start: int, phrases: tuple[tuple[str, ...], ...], skip_determiner: bool = True) -> bool:
    """Whether one of the word sequences ends right before token `start` (an article in between is allowed)."""
    end = start
    if skip_determiner and end > 0 and doc[end - 1].lower_ in DETERMINERS:
        end -= 1
    for phrase in phrases:
        n = len(phrase)
        if end - n >= 0 and tuple(t.lower_ for t in doc[end - n:end]) == phrase:
            return True
    return False


class OrgFinder:
    """Finds and resolves the organizations of one article; one instance per article."""

    def __init__(self, gazetteer, vocabulary: Vocabulary, common_words: frozenset[str] = frozenset(),
                 stop_words: frozenset[str] = frozenset(), trigger_forms: frozenset[str] = frozenset()):
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
        self.roundup = False  # whether the headline is a roundup's (read_headline)
        self.attack_headline = False  # whether it tells of an attack ("Hackers Hit Tensley Bank")
        self.words = words_for(vocabulary)
        # Words that describe a company and no attacker group ("a contractor", not "a group")
        self.company_descriptors = self.words.descriptors - self.words.attacker_nouns
        # Lowercased dictionary words ("scale", "drift"): such names need evidence that they are names.
        self.common_words = common_words
        self.stop_words = stop_words
        # Word forms of the relation triggers: a name right before one is an organization acting.
        self.trigger_forms = trigger_forms
        # Lowercased words of people's names seen after role words ("chief executive Pieter van Loon").
        self.person_names: set[str] = set()
        # Lowercased one-word names the headline describes as a company ("Data-Labeling Startup Ambrose Says …"):
        # a founder who carries the name ("chief executive Miriam Ambrose") does not make the company a person.
        self.headline_companies: set[str] = set()

    def read_headline(self, title: str) -> None:
        """Remember the names a Title Case headline puts right after a kind of company ("Startup Ambrose")."""
        words = re.findall(r"[\w'&.-]+", title)
        self.roundup = is_roundup_title(title, self.vocabulary)
        self.attack_headline = any(_attack_word(w) or w.lower() in ATTACK_CONTEXT for w in words)
        self.headline_companies = {
            name.lower() for kind, name in zip(words, words[1:])
            if kind.lower().split("-")[-1] in self.words.kind_nouns and name[:1].isupper()
            and name.lower() not in self.stop_words and name.lower() not in self.trigger_forms}

    # -- candidates -------------------------------------------------------------------------------

    def candidates(self, doc, index: int, matcher) -> list[Candidate]:
        """Every span of a paragraph that might name an organization, known names first."""
        found: list[Candidate] = []
        taken: set[int] = set()
        for _, start, end in sorted(matcher(doc) if matcher else (), key=lambda m: (m[1], -(m[2] - m[1]))):
            if taken.intersection(range(start, end)):
                continue
            span = doc[start:end]
            if end < len(doc) and doc[end].text in self.words.institution and start > 0 \
                    and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start:
                continue  # "the Alan Turing Institute": a known name inside an institution's longer one
            country = doc[start - 1] if start > 0 else None
            if country is not None and doc[start].ent_iob_ == "I" \
                    and (country.ent_type_ == "GPE" or country.ent_type_ == doc[start].ent_type_ == "ORG") \
                    and country.text[:1].isupper() and not country.is_stop \
                    and country.text not in self.words.nationalities and country.text not in HOME_COUNTRY_WORDS \
                    and doc[end - 1].text in self.words.institution:
                # "the Nigeria Data Protection Commission": the model reads a longer name, another country's body
                # of the same name (not "the U.S. Federal Trade Commission", "the Irish Data Protection Commission")
                continue
            if self._opens_investment_arm(doc, end):
                continue  # "Samsung Catalyst Fund", "ServiceNow Ventures": the investing arm, named whole
            if self._ends_product_name(doc, start, end):
                taken.update(range(start, end))  # "AWS Lambda": a product's last word, not the company Lambda
                continue
            if end < len(doc) and self.ambiguous(span.text) and doc[end].ent_iob_ == "I" \
                    and doc[end].text[:1].isupper():
                continue  # "Harvey Mason": a name that is also a word, opening a longer name the model found
            candidate = Candidate(index, start, end, span.text, span.text, "gazetteer",
                                  known=self.gazetteer.lookup(span.text))
            # "Alan Turing", "Harvey Lin": a known name inside a longer person's name is that person.
            if any(t.ent_type_ == "PERSON" for t in span) and any(
                    t.ent_type_ == "PERSON" and t.text[:1].isupper()
                    for t in (*doc[max(0, start - 1):start], *doc[end:end + 1])):
                candidate.evidence.add("person")
            found.append(candidate)
            taken.update(range(start, end))
        runs = self._caps_runs(doc)
        for ent in doc.ents:
            if ent.label_ not in CANDIDATE_LABELS:
                continue
            start, end = ent.start, ent.end
            # The statistical model often cuts names short ("Halden" of "Halden Crowd"): take the whole capitalized run.
            for run_start, run_end in runs:
                if run_start < end and start < run_end and doc[run_start].sent.start == doc[start].sent.start:
                    start, end = min(start, run_start), max(end, run_end)
            for s_, e_ in self._split(doc, start, end):
                if taken.intersection(range(s_, e_)):
                    continue
                found.append(self._candidate(doc, index, s_, e_, "ner", ent.label_))
                taken.update(range(s_, e_))
        # Capitalized runs the statistical model missed ("ShinyLocust", "Kestrel Annotate").
        for run_start, run_end in runs:
            # Only the stretches of the run no known name or entity took ("OpenAI and Microsoft").
            k = run_start
            while k < run_end:
                if k in taken:
                    k += 1
                    continue
                stop = k
                while stop < run_end and stop not in taken:
                    stop += 1
                for start, end in self._split(doc, k, stop):
                    found.append(self._candidate(doc, index, start, end, "caps", ""))
                k = stop
        return sorted(found, key=lambda c: c.start)

    @staticmethod
    def _made_by(doc, start: int, end: int) -> bool:
        """Whether the words after a name that opens its clause say some company makes it: "X is made by Y",
        "X, which …, is made by Y", "X, made by Y" (not "the tool used by X was developed by Y": X ends a phrase)."""
        if start > 0 and not (doc[start].is_sent_start or doc[start - 1].is_punct or doc[start - 1].is_space
                              or doc[start - 1].lower_ in DETERMINERS):
            return False
        k = end
        if k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in ("which", "that"):
            # past the relative clause, to the comma that closes it, then its "is"
            k = next((t.i + 1 for t in doc[k + 2:min(len(doc), k + 30)] if t.text == ","), len(doc))
            if k >= len(doc) or doc[k].lower_ not in ("is", "was"):
                return False
            k += 1
        elif k + 1 < len(doc) and doc[k].text == ",":
            k += 1  # "KeepTalk, made by Manchester-based Replyvault Ltd, …"
        elif k < len(doc) and doc[k].lower_ in ("is", "was"):
            k += 1
        else:
            return False
        # (by a name: not "was developed by two former Google engineers", said of a company too)
        return k + 2 < len(doc) and doc[k].lower_ in MAKING_WORDS and doc[k + 1].lower_ == "by" \
            and doc[k + 2].text[:1].isupper()

    def _attack_pinned_on(self, doc, candidate: Candidate) -> bool:
        """Whether an attack is pinned on the candidate: "<incident> (was) pinned on / blamed on / attributed to X",
        or "the culprit is X" in a sentence about an incident; not when that is denied ("was not pinned on X") or
        the apposition after the name says it is a company ("X, a contractor whose employee …", read before)."""
        start = candidate.start
        sentence = doc[start].sent
        before = [t.lower_ for t in doc[max(sentence.start, start - 6):start]]
        if any(w in ("not", "never", "n't") for w in before) or candidate.descriptions & self.company_descriptors:
            return False
        if before[-2:] in ([w, v] for w in CULPRIT_NOUNS for v in ("is", "was", "are", "were")):
            return any(t.lemma_.lower() in self.vocabulary.incident_words or t.lower_ in self.vocabulary.incident_words
                       for t in sentence)
        # (the incident named right before: "the breach was pinned on", not "blamed it on his manager")
        if before[-2:] in (["pinned", "on"], ["blamed", "on"], ["attributed", "to"]) \
                and self._attack_done(doc, start - 2):
            return True
        if before[-1:] in (["named"], ["names"], ["identified"], ["identifies"]):
            # "Kroll named Brine Tarsier as the culprit", "identifies X as the group behind the intrusion"
            named = [t.lower_ for t in doc[candidate.end:min(sentence.end, candidate.end + 6)]]
            return named[:1] == ["as"] and (any(w in CULPRIT_NOUNS for w in named[1:3])
                                            or named[2:4] in (["group", "behind"], ["gang", "behind"])) \
                and (any(_attack_word(t.text) for t in sentence)
                     or "break-in" in sentence.text.lower())
        # "Stonechat's report attributes the attack to Ember Tarsier", "investigators traced both intrusions to X":
        # the verb, then the incident (its article and modifiers between), then the name
        if before[-1:] not in (["to"], ["on"]):
            return False
        k = start - 2
        while k > sentence.start and doc[k].lower_ in INCIDENT_MODIFIERS:
            k -= 1
        # (an attack: not "pinned the leak on Halvard", whose database was left open)
        incident = k > sentence.start and _attack_word(doc[k].text)
        if not incident:
            return False
        k -= 1
        while k > sentence.start and doc[k].lower_ in INCIDENT_MODIFIERS:
            k -= 1
        verb = doc[k].lower_ if k >= sentence.start else ""
        return before[-1] == "to" and verb in ATTRIBUTING_TO or before[-1] == "on" and verb in BLAMING_ON

    def _attack_done(self, doc, verb: int) -> bool:
        """Whether the passive before doc[verb] ("… was carried out by") is said of an attack: "the attack was",
        "the intrusion had been" (the incident word right before the auxiliaries, not anywhere in the sentence)."""
        k = verb - 1
        while k >= 0 and doc[k].lower_ in ("was", "were", "is", "are", "been", "had", "has", "have", "be", ","):
            k -= 1  # (or the comma of "The attack, claimed by Crooked Loon, …")
        return k >= 0 and (doc[k].lemma_.lower() in self.vocabulary.incident_words
                           or doc[k].lower_ in self.vocabulary.incident_words)

    def _opens_investment_arm(self, doc, end: int) -> bool:
        """Whether capitalized words after a known name end in a word for an investing arm ("Catalyst Fund")."""
        for k in range(end, min(len(doc), end + 3)):
            if not (doc[k].is_alpha and doc[k].text[:1].isupper()) or doc[k].is_sent_start:
                return False
            if doc[k].text in INVESTMENT_ARM_WORDS:
                # unless those words are a known firm of their own, side by side with the first in a Title Case
                # headline ("Nvidia, Index Ventures Back …" written without its comma)
                return not self.gazetteer.lookup(doc[end:k + 1].text)
        return False

    def _ends_product_name(self, doc, start: int, end: int) -> bool:
        """Whether the words before doc[start:end] and the span itself spell a longer product name."""
        for phrase in self.words.product_phrases:
            first = end - len(phrase)
            if 0 <= first < start and tuple(t.lower_ for t in doc[first:end]) == phrase:
                return True
        return False

    def _caps_runs(self, doc) -> list[tuple[int, int]]:
        runs, i = [], 0
        while i < len(doc):
            if not _is_name_token(doc[i]):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and not doc[j].is_sent_start and (
                _is_name_token(doc[j])
                or (doc[j].lower_ in NAME_JOINERS and j + 1 < len(doc) and _is_name_token(doc[j + 1]))
                or self._possessive_inside_institution(doc, j)
            ):
                j += 1
            runs.append((i, j))
            i = j
        return runs

    def _possessive_inside_institution(self, doc, i: int) -> bool:
        """An "'s" inside a public body's name: "Information Commissioner's Office", "Children's Hospital"."""
        return doc[i].text in POSSESSIVE and i + 1 < len(doc) and doc[i + 1].text in self.words.institution \
            and not (i + 2 < len(doc) and _is_name_token(doc[i + 2]))

    def _split(self, doc, start: int, end: int) -> list[tuple[int, int]]:
        """Cut a span at role words, possessives and "and": "Brisa Chief Executive Sofia Mendes" -> "Brisa".

        The words after a role word name a person; they are remembered so that
        the same surname alone ("Mendes said") is not taken for a company.
        """
        words = self.words
        # Leading function words and nationalities: "For Sony", "European AI".
        # (a nationality is a word: "Kenyan", "Bavarian"; the model's NORP on "Tambari Transcribe" is no adjective)
        while start < end and (doc[start].lower_ in self.stop_words and doc[start].text != "The"
                               or doc[start].ent_type_ == "NORP" and end - start > 1
                               and (doc[start].lower_ in self.common_words or doc[start].text in words.nationalities)
                               or doc[start].lower_ in self.words.opening_prepositions and doc[start].is_sent_start):
            if end - start == 2 and doc[start + 1].text in words.head and doc[start].text[:1].isupper() \
                    and doc[start].ent_type_ != "NORP" and doc[start].lower_ not in QUANTIFYING_WORDS \
                    and doc[start].lower_ not in SENTENCE_OPENERS:
                # "Together AI": a head word alone names nobody, so the word before it is the name (not the
                # preposition opening "In AI, labeling firms …")
                break
            start += 1
        pieces, piece_start = [], start
        for i in range(start, end):
            token = doc[i]
            if token.lower_ in words.roles and not self._institution_ending(doc, piece_start, end):
                if i > piece_start:
                    pieces.append((piece_start, i))
                # The person's name may run past the span: "Chief Executive Pieter van Loon".
                k = i + 1
                while k < len(doc) and (doc[k].text[:1].isupper() or doc[k].lower_ in NAME_PARTICLES) and not doc[k].is_punct:
                    if doc[k].lower_ not in words.roles:
                        self.person_names.add(doc[k].text.lower())
                    k += 1
                piece_start = end
                break
            if token.is_lower and token.is_alpha and token.lower_ not in NAME_JOINERS | NAME_PARTICLES and i > piece_start:
                # The statistical model sometimes runs two names together over a preposition:
                # "Kestrel Data on Quillon Data".
                pieces.append((piece_start, i))
                piece_start = i + 1
                continue
            if i > piece_start and token.lower_ in self.stop_words and token.text[:1].isupper() \
                    and doc[i - 1].text.endswith("."):
                # "… a June breach at Ledyard Systems Inc. That earlier attack": a new sentence the model ran on into
                pieces.append((piece_start, i))
                piece_start = end
                break
            if token.text in ("-", "–", "—") and token.whitespace_ and i > 0 and doc[i - 1].whitespace_:
                # "BOSTON - Merriweather Press": a dash standing alone joins no name; a capitalized dateline
                # before it names a place
                if i > piece_start and not all(t.is_upper for t in doc[piece_start:i] if t.is_alpha):
                    pieces.append((piece_start, i))
                piece_start = i + 1
                continue
            if token.text == "," and i > piece_start and not (i + 1 < end and doc[i + 1].text in words.suffixes):
                # "Ramaswamy, Wexcombe's head": a comma ends a name unless a suffix follows ("Acme, Inc.").
                pieces.append((piece_start, i))
                piece_start = i + 1
                continue
            if token.lower_ == "for" and i > piece_start and i + 1 < end and doc[i + 1].text in words.nationalities \
                    and doc[i - 1].text not in words.institution | words.head \
                    and (i + 2 == end or doc[i + 2].lower_ == "and"):
                # "contracts with Tambari for Hausa and Nigerian Pidgin transcription": a language is no part of it
                # (but "the Center for American Progress" is one name)
                pieces.append((piece_start, i))
                piece_start = end
                break
            if token.lower_ == "of" and i >= piece_start + 2 and doc[end - 1].text in words.suffixes \
                    and all(doc[k].ent_type_ == "PERSON" for k in range(piece_start, i)) and token.ent_iob_ == "O" \
                    and end - i - 2 >= 2 and doc[i + 1].ent_type_ not in PLACE_LABELS:
                # "said Lena Albescu of Marwood Tesch LLP": a person "of" a company its legal form names (not
                # "Pemberton Advisory of London LLP", "Kettering Components of Leeds Ltd": of a place, one word)
                self.person_names.update(doc[k].lower_ for k in range(piece_start, i))
                piece_start = i + 1
                continue
            if token.text in POSSESSIVE and i > start:
                if self._institution_ending(doc, piece_start, end) or self.gazetteer.lookup(doc[piece_start:end].text):
                    continue
                pieces.append((piece_start, i))
                piece_start = i + 1
            if token.lower_ == "and" and not self._institution_ending(doc, piece_start, end) \
                    and not self._institution_of_words(doc, piece_start, i, end) \
                    and not self.gazetteer.lookup(doc[piece_start:end].text):
                pieces.append((piece_start, i))
                piece_start = i + 1
        if piece_start < end:
            pieces.append((piece_start, end))
        result = []
        for s, e in pieces:
            # Trim leading articles and trailing joiners or punctuation.
            while s < e and (doc[s].lower_ in DETERMINERS and not doc[s].text == "The" or doc[s].is_punct):
                s += 1
            while e > s and (doc[e - 1].lower_ in NAME_JOINERS or doc[e - 1].is_punct and doc[e - 1].text != "."):
                e -= 1
            if e > s:
                result.append((s, e))
        return result

    def _institution_ending(self, doc, start: int, end: int) -> bool:
        return doc[end - 1].text in self.words.institution

    def _institution_of_words(self, doc, start: int, joint: int, end: int) -> bool:
        """An "and" inside "… <Institution> of <words> and <words>": "Department of Health and Human Services".

        Only ordinary dictionary words may follow the "and"; a name there starts a new organization
        ("the Department of Justice and Microsoft").
        """
        # "The Department of …", "Norwegian University of Science and Technology"
        if not any(doc[k].text in self.words.institution and doc[k + 1].lower_ == "of" for k in range(start, joint - 1)):
            return False
        after = [t for t in doc[joint + 1:end] if not t.is_punct]
        return bool(after) and all(t.lower_ in self.common_words for t in after)

    def _candidate(self, doc, index: int, start: int, end: int, source: str, label: str) -> Candidate:
        span = doc[start:end]
        surface = span.text
        # A capitalized "The" is part of a name only mid-sentence ("The New York Times"); after a colon or
        # dash a new sentence starts ("Oct. 20: The FTC"), and public bodies go without it.
        if doc[start].text == "The" and (doc[start].is_sent_start or start == 0 or doc[start - 1].text in (":", "—", "–", "-")
                                         or end - start > 2 and doc[end - 1].text in self.words.institution):
            start += 1
            surface = doc[start:end].text if start < end else ""
        name = clean_name(surface, self.words)
        if label == "PERSON" and any(brand_shaped(t.text) for t in doc[start:end]):
            label = "ORG"  # "Google DeepMind", "MosaicML": the model's person guess does not fit a brand
        candidate = Candidate(index, start, end, surface, name, source, label, known=self.gazetteer.lookup(name))
        if any(surface.endswith(" " + suffix) or surface.endswith(", " + suffix) for suffix in self.words.suffixes):
            candidate.evidence.add("suffix")  # "Kestrel Annotate Inc."
        return candidate

    # -- evidence ---------------------------------------------------------------------------------

    def gather_evidence(self, doc, candidate: Candidate) -> None:
        """Mark what the words around a candidate say it is: organization, attacker group, person, source, product."""
        words, start, end = self.words, candidate.start, candidate.end
        before = doc[start - 1] if start > 0 else None
        before2 = doc[start - 2] if start > 1 else None
        after = doc[end] if end < len(doc) else None
        after2 = doc[end + 1] if end + 1 < len(doc) else None
        last_word = candidate.name.split(" ")[-1] if candidate.name else ""
        evidence = candidate.evidence
        if last_word in words.head and len(candidate.name.split()) > 1:
            evidence.add("head word")
        if last_word in words.institution and len(candidate.name.split()) > 1:
            evidence.add("institution")
        if end - start == 1 and candidate.label in PLACE_LABELS | {"PERSON", "ORG", ""} and before is not None \
                and before.lower_ in ("the", "a", "an") and not candidate.known:
            # "The Austin labeling firm": a place describing a company (not "a Tolliver customer", what it is to X)
            described = [t.lower_ for t in doc[end:min(len(doc), end + 5)]]
            kind = next((i for i, w in enumerate(described) if w in words.kind_nouns), None)
            if kind is not None and all(w.isalpha() and w.islower() or w == "-" for w in described[:kind]) \
                    and (candidate.label in PLACE_LABELS or before.lower_ == "the"
                         or described[kind] not in RELATIONAL_KIND_NOUNS):
                # (but a name the model did not call a place, after "a" and before what one company is to
                # another, is that company: "a Drennet contractor"; "the Galway payroll provider" is in Galway)
                evidence.add("place")
        heading = BOLD_HEADING.match(doc.text)
        if heading and not candidate.known and doc[start].idx == heading.start(2) \
                and doc[end - 1].idx + len(doc[end - 1]) == heading.end(2):
            # "**Pergamin:** The Kraków labeling firm said …": a roundup's item on a company, which the item
            # goes on to describe (not "**Nairobi:** Mawingu said …", "**Guidance:** The UK's …")
            body = [t for t in doc if t.idx >= heading.end()][:6]
            kind = next((i for i, t in enumerate(body) if t.lower_ in words.kind_nouns), None)
            lowered = candidate.name.lower()
            if self.roundup and body and body[0].lower_ == "the" and kind is not None \
                    and lowered not in self.common_words and lowered.removesuffix("s") not in self.common_words \
                    and all(t.is_alpha and t.lower_ not in self.stop_words or t.text == "-" for t in body[1:kind]):
                evidence.add("heading")
        if last_word == "AI" and before is not None and before.lower_ in ("the", "a", "an") and not candidate.known:
            # "the San Francisco AI data vendor", "a Toronto AI research centre": a place and a field, describing
            described = [t.lower_ for t in doc[end:min(len(doc), end + 3)] if t.is_lower]
            if described and any(w in words.descriptors | words.field_nouns for w in described):
                evidence.add("place")
        if before is not None and before.lower_ == "by" and before2 is not None \
                and before2.lower_ in ("reporting", "editing", "writing", "additional"):
            evidence.add("person")  # "Reporting by Lionel Parry; Editing by …"
        if after is not None and after.text == "-" and after2 is not None and after2.lower_ in ("based", "headquartered"):
            evidence.add("place")  # "the Halifax-based insurer"
        if start == 0 and after is not None and all(t.is_upper for t in doc[start:end] if t.is_alpha) \
                and len(candidate.surface) > 3 and (after.text in ("-", "–", "—", "(") or after.text == "," and
                                                   after2 is not None and after2.lower_.rstrip(".") in DATE_ABBREVIATIONS | CALENDAR_WORDS):
            evidence.add("place")  # a dateline: "EDINBURGH, Nov 9 (Reuters) - …", "BOSTON — …"
        if start == 2 and doc[0].is_upper and len(doc[0]) > 3 and doc[1].text == "," and after is not None \
                and after.text in ("-", "–", "—", "("):
            evidence.add("place")  # the country of a dateline: "KISUMU, Kenya — …"
        if after is not None and after.text == "," and end - start == 1 and doc[start].is_sent_start \
                and doc[start].lower_.endswith("ly"):
            evidence.add("adverb")  # "Separately, …": a sentence adverb, when it is also a dictionary word
        # "the ShinyLocust gang", "the Ashen Mantis extortion gang", "GlassHeron crew"
        k = end
        while k < len(doc) and k < end + 2 and doc[k].lower_ in words.attacker_modifiers:
            k += 1
        if k < len(doc) and doc[k].lower_ in words.attacker_nouns and not doc[k].text[0].isupper():
            evidence.add("attacker")
        tracked_as = before is not None and before.lower_ == "as" and any(
            t.lower_ in ("tracked", "tracks", "track", "known", "dubbed", "designated", "called")
            for t in doc[max(0, start - 7):start - 1])
        renamed_to = _phrase_before(doc, start, words.new_name_phrases, skip_determiner=False)
        if (_phrase_before(doc, start, words.attacker_lead_ins, skip_determiner=False) or tracked_as) \
                and not renamed_to:
            # "a crew calling itself Velvet Cormorant", "a group known as GlassHeron" (not "Tulloch, raided by the
            # X extortion group, is now called Varley": a company's new name)
            window = [t.lower_ for t in doc[max(0, start - 8):start]]
            if any(w in words.attacker_nouns or w in ATTACKER_PEOPLE for w in window):
                evidence.add("attacker")
        blaming = [t.lower_ for t in doc[end:min(len(doc), end + 3)] if t.lower_ not in ("has", "had", "have", "publicly")]
        if before is not None and before.lower_ in words.attacker_nouns and (before2 is None or before2.lower_ in DETERMINERS | words.attacker_modifiers) \
                and not (blaming and blaming[0] in BLAMING_WORDS):
            # "the extortion crew Ashen Mantis" (not "the group Metricbay has blamed for the intrusion", where the
            # company blames the group)
            evidence.add("attacker")
        # A rename is said of organizations: the new name ("renamed itself Tidewell Workforce") and the one
        # renamed ("Sabledown (formerly Evalwright)", "Sabledown, previously Evalwright,")
        if _phrase_before(doc, start, words.new_name_lead_ins, skip_determiner=False) and candidate.label != "DATE":
            evidence.add("descriptor")
        if after is not None and after.text in (",", "(") and after2 is not None \
                and after2.lower_ in ("formerly", "previously", "originally"):
            evidence.add("descriptor")
        if after is not None and not candidate.known:
            # "Cairnpass is now called Attestra", "Cairnpass, now known as Attestra": the name given up
            renamed = end
            while renamed < min(len(doc), end + 3) and doc[renamed].lower_ in (",", "is", "was", "has", "had"):
                renamed += 1
            said = tuple(t.lower_ for t in doc[renamed:min(len(doc), renamed + 4)])
            # (not "now" or "is now" alone: "Cairnpass is now investigating")
            if any("is" not in phrase and said[:len(phrase)] == phrase for phrase in words.new_name_phrases):
                evidence.add("descriptor")
        if _phrase_before(doc, start, LEGAL_NAME_LEAD_INS, skip_determiner=False):
            evidence.add("legal name")  # "the company's registered name is now Sourcebright Data Ltd."
        if _phrase_before(doc, start, words.former_name_lead_ins, skip_determiner=False):
            evidence.add("descriptor")  # "renamed from Pixelhive", "formerly known as Lumencart": an old company name
        if before is not None and before.lower_ == "as" and any(t.lower_ == "founded" for t in doc[max(0, start - 6):start]):
            evidence.add("descriptor")  # "was founded in 2017 as Kerbside Imaging": the name it started under
        # Descriptors: "Turing, the Palo Alto company", "startup Pillarbox", "rival Ferrol Networks"
        if after is not None and after.text == ",":
            for t in doc[end + 1:min(len(doc), end + 9)]:
                if t.text == "," and doc[t.i - 1].ent_type_ == "GPE" and t.i > end + 2:
                    continue  # "Larkspur Evals, a Cambridge, Massachusetts, company": the commas of a place
                if t.text in (",", ".", ";", ":", "(", ")") or t.lower_ in ("that", "which", "who", "whose"):
                    break
                word = spelled_word(t)
                if (word in words.descriptors or word in words.attacker_nouns) \
                        and doc[end + 1].lower_ in DETERMINERS | {"one", "another", "its", "their"}:
                    if t.lower_ in words.roles and candidate.label == "PERSON":
                        evidence.add("person")  # "Clara Neves, the Index partner": a partner at a firm
                        break
                    evidence.add("descriptor")
                    if not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("of", "for")):
                        candidate.descriptions.add(word)  # not "a client of Y": what it is to another
                        first = t.i - 2 if word != t.lower_ else t.i  # (the "start" of "start-up" is no modifier)
                        candidate.description_words.update(w.lower_ for w in doc[end + 2:first] if w.is_alpha)
                    # "a group behind the theft", "a group that broke into X's payroll system"
                    after_noun = [w.lower_ for w in doc[t.i + 1:min(len(doc), t.i + 6)]]
                    relative = after_noun[:1] in (["that"], ["which"], ["who"])
                    attacking = bool(after_noun) and (after_noun[0] in ("behind", "responsible") or (
                        relative and any(w in words.attack_verbs for w in after_noun[1:4]))
                        # "Tundra Wasp, the group that took the recordings": what it took named after the deed
                        or relative and after_noun[1:2] and after_noun[1] in words.taking_verbs
                        and any(w in self.vocabulary.loot_nouns and w not in PICTURE_WORDS for w in after_noun[2:5])
                        # "a group known for attacks on software registries"
                        or after_noun[:2] == ["known", "for"] and any(
                            w.rstrip("s") in self.vocabulary.incident_words for w in after_noun[2:])
                        # "Thistle Mongoose, a group that surfaced this summer, stole documents from X" (read on
                        # the words; only deeds no trade or advocacy group does: not "claimed", "targeted")
                        or not candidate.known and _deed_after_apposition(doc, t.i + 1, UNAMBIGUOUS_ATTACK_VERBS))
                    if t.lower_ in words.attacker_nouns and (t.lower_ not in words.descriptors or attacking or any(
                            w.lower_ in words.attacker_modifiers for w in doc[end + 1:t.i])):
                        evidence.add("attacker")  # "Ashen Mantis, a hacking and extortion group", "Grey Wren, a gang"
                    break
        if self._attack_pinned_on(doc, candidate):
            evidence.add("attacker")  # "Parchmark breach pinned on Umbral Weka", "says the culprit is Brine Quokka"
        if before is not None and before.lower_ in words.descriptors and not before.text[0].isupper():
            evidence.add("descriptor")
            candidate.descriptions.add(before.lower_)  # "vendor Sallowbrook"
        # "Copper Wren is a ransomware gang", "Ostrander was a small labeling firm": a name defined by what it is
        # (or, in a question-and-answer explainer, "Who is Brine Axolotl? A financially motivated group …").
        asked = start >= 2 and doc[start - 1].lower_ in ("is", "are") and doc[start - 2].lower_ in ("who", "what")
        if after is not None and after2 is not None and (
                after.lower_ in ("is", "was", "are", "were") and after2.lower_ in DETERMINERS
                or asked and after.text == "?" and after2.lower_ in ("a", "an")):
            for t in doc[end + 2:min(len(doc), end + 8)]:
                if t.text == "-":
                    continue  # "a data-labeling startup"
                # (the paragraph is untagged: a stop word other than an article ends the description)
                if t.is_punct or t.lower_ in self.stop_words and t.lower_ not in DETERMINERS:
                    break
                if t.lower_ in words.descriptors or t.lower_ in words.attacker_nouns:
                    if t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("of", "for", "at") and t.lower_ not in words.attacker_nouns:
                        break  # "X is a client of Y", "X is a partner at Y": what X is to someone else
                    evidence.add("descriptor")
                    if t.lower_ in words.attacker_nouns and (t.lower_ not in words.descriptors or any(
                            w.lower_ in words.attacker_modifiers for w in doc[end + 2:t.i])):
                        evidence.add("attacker")
                    break
        if before is not None and before.text == "," and before2 is not None and before2.lower_ in words.descriptors:
            evidence.add("descriptor")  # "its former data supplier, Cobalt Rubric"
        if before is not None and before.text == "," and before2 is not None and before2.lower_ in words.attacker_nouns \
                and start >= 3 and doc[start - 3].lower_ in words.attacker_modifiers:
            # "an extortion group, Lacquer Mongoose, downloaded …" (not "a threat intelligence group, Corvid Talon,")
            evidence.update(("descriptor", "attacker"))
        if after is not None and after.text == "," and end + 2 < len(doc) \
                and doc[end + 1].lower_ in ("headquartered", "based") and doc[end + 2].lower_ == "in" \
                and candidate.label not in PLACE_LABELS and candidate.label != "PERSON":
            evidence.add("descriptor")  # "Quiverset, based in Austin, shipped …": where a company sits
        lead = candidate.name.lower().rstrip(".")
        if candidate.label not in ("DATE", "TIME") and lead not in DATE_ABBREVIATIONS and lead not in CALENDAR_WORDS \
                and lead not in self.common_words \
                and _described_after_lead(doc, start, end, words.descriptors):  # (not "Update: The company …")
            # a newsletter item's lead, then what it is: "**Trellisbay's bad week.** The Amsterdam GPU-scheduling
            # startup admitted …", "Wrayburn. The Portland labeling vendor was broken into …"
            evidence.add("descriptor")
        # "Jason Droege, the company's chief strategy officer", "Kavya Raman, Turing's head of security"
        if after is not None and after.text == ",":
            window = doc[end + 1:min(len(doc), end + 7)]
            for t in window:
                if t.text in (",", ".", ";") or t.lower_ in ("who", "which", "that", "where", "when"):
                    break
                if t.lower_ in words.roles and t.lower_ not in ("partner", "lead", "head") or \
                        t.lower_ in ("head", "lead") and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "of":
                    k = t.i + 1
                    while k < min(len(doc), t.i + 8) and (doc[k].text == "," or doc[k].text[:1].isupper()
                                                          or doc[k].lower_ in words.roles):
                        k += 1  # "its chief executive, Mara Quint, said"
                    speaks = k < len(doc) and doc[k].lower_ in words.statement_verbs
                    if not speaks and not any(
                            w.lower_ in words.descriptors and not (w.i + 1 < len(doc) and doc[w.i + 1].text in POSSESSIVE)
                            for w in window[:t.i - window.start]):
                        # (not "… with Wickersham, its chief executive said": the role opens a clause of its own)
                        evidence.add("person")
                    break
        if before is not None and before.lower_ in ("called", "named") and before2 is not None and before2.lower_ in words.descriptors:
            evidence.add("descriptor")
        # Roles: "Meta spokesperson", "Harrow Peak partner Felicity", "spokesperson for Mercor", "Mercor's chief executive"
        if after is not None and after.lower_ in words.roles and after.lower_ not in ("mr.", "ms.", "mrs.", "dr."):
            evidence.add("role")
        if after is not None and after.text in POSSESSIVE and after2 is not None and after2.lower_ in words.roles:
            evidence.add("role")
        if before is not None and before.lower_ in words.organization_object_verbs and end - start <= 2:
            # "Databricks bought Tabular in 2024", "sued Coldharbour": only an organization is bought or sued,
            # whatever the model reads the name as
            evidence.add("organization object")
        if after is not None and after.lower_ in words.organization_roles:
            evidence.add("organization role")
        if after is not None and after.lower_ == "as" and after2 is not None and after2.lower_ in ("a", "an") \
                and end + 2 < len(doc) and doc[end + 2].lower_ in RELATIONAL_KIND_NOUNS \
                and not (end + 3 < len(doc) and doc[end + 3].is_lower and doc[end + 3].is_alpha
                         and doc[end + 3].lower_ not in self.stop_words):
            # "counts Halvenco as a customer", "dropped Ravenmoor as a supplier" (not "listed Amara Okafor as a
            # supplier contact")
            evidence.add("organization role")
        if after is not None and after.text in POSSESSIVE:
            # "Ripley's clients", "Ripley's managing director", "Halvenco's transcription vendor": no place's
            # (the words between name what kind, not how big or which: not "Otieno's largest customers")
            for t in doc[end + 1:min(len(doc), end + 4)]:
                if t.lower_ in words.organization_possessions:
                    evidence.add("organization role")
                    break
                if not (t.is_lower and t.is_alpha) or t.lower_.endswith("est") or t.lower_ in RANKING_WORDS \
                        or t.lower_ in self.stop_words or candidate.label in PLACE_LABELS:
                    break  # (a place's possessions only right after it, as before: "Britain's suppliers")
        if before is not None and before.lower_ in ("for",) and before2 is not None and before2.lower_ in words.roles:
            evidence.add("role")
        if before is not None and before2 is not None and before.lower_ == "the" and doc[start - 3:start - 2] and \
                doc[start - 3].lower_ in words.roles and before2.lower_ == "for":
            evidence.add("role")
        # A name right after a role word is a person ("chief executive Teresa Lindgren", "its chief executive,
        # Ines Varga,").
        if before is not None and before.lower_ in words.roles and candidate.source != "gazetteer":
            evidence.add("person")
        if before is not None and before.text == "," and before2 is not None and before2.lower_ in words.roles \
                and before2.lower_ not in ("partner", "lead") and candidate.source != "gazetteer" and " " in candidate.name:
            evidence.add("person")
        if before is not None and before.text in POSSESSIVE and before2 is not None and before2.lower_ in words.roles:
            evidence.add("person")
        # "Mercor said it", "Handshake said there was": statements in an organization's voice.
        if after is not None and after.lower_ in words.statement_verbs and candidate.label not in PLACE_LABELS:
            tail = [t.lower_ for t in doc[end + 1:min(len(doc), end + 5)]]
            if {"it", "its", "itself"} & set(tail):
                evidence.add("statement")
        if after is not None and after.lower_ in words.statement_verbs and after.lower_ in ("said", "says", "told", "confirmed", "declined", "denied", "disclosed", "announced"):
            evidence.add("speaker")
            if after2 is not None and after2.lower_ in ("he", "she"):
                evidence.add("person")  # "Marsh said he would like …"
        # The deed may come after a relative pronoun or an auxiliary: "Ashen Vole, which broke into", "had stolen".
        deed = end
        if deed + 1 < len(doc) and doc[deed].text == "," and doc[deed + 1].lower_ in ("which", "who"):
            deed += 2  # not after a bare comma: in "breached Drift, stole those tokens" Drift is the victim
        while deed < min(len(doc), end + 4) and doc[deed].lower_ in words.attacker_claim_fillers:
            deed += 1
        if any(tuple(t.lower_ for t in doc[deed:deed + len(phrase)]) == phrase for phrase in words.attacker_claims) \
                and not candidate.known and not self.ambiguous(candidate.name):  # not "Hackers stole"
            evidence.add("attacker")
        sentence = doc[start].sent
        if deed < len(doc) and doc[deed].lower_ in words.taking_verbs and not candidate.known \
                and not self.ambiguous(candidate.name) and last_word not in words.head \
                and not (before is not None and before.lower_ in self.company_descriptors) \
                and any(t.lower_ in self.vocabulary.loot_nouns and t.lower_ not in PICTURE_WORDS
                        for t in doc[deed + 1:min(len(doc), deed + 5)]) \
                and (any(t.lower_ == "from" for t in doc[deed + 1:min(sentence.end, deed + 9)])
                     or any(t.lower_ in self.vocabulary.incident_words or t.lower_ in ATTACK_CONTEXT for t in sentence)
                     or self.attack_headline or any(_attack_word(t.text) or t.lower_ in ATTACK_CONTEXT for t in doc)):
            # "Velour Axolotl had copied storage keys from its admin panel" (not "Corrow copied the datasets to
            # Kestle Cloud", nor "its former contractor Halvard copied …")
            evidence.add("attacker")
        if not candidate.known and start >= 2 and doc[start - 1].lower_ == "by" \
                and doc[start - 2].lower_ in words.taking_verbs \
                and not candidate.descriptions & self.company_descriptors \
                and any(t.lower_ in self.vocabulary.loot_nouns and t.lower_ not in PICTURE_WORDS
                        for t in doc[max(0, start - 6):start - 2]):
            evidence.add("attacker")  # "among the files taken by Hoarfrost Jerboa" (not "images taken by Orbisight")
        if not candidate.known and start >= 4 and doc[start - 1].text == "," and doc[start - 4].lower_ == "the" \
                and [t.lower_ for t in doc[start - 3:start - 1]] in (["group", "responsible"], ["gang", "responsible"],
                                                                     ["crew", "responsible"], ["group", "behind"]):
            evidence.add("attacker")  # "The group responsible, Crimson Dormouse, is an extortion crew"
        if before is not None and before.lower_ in ("which", "that") and after is not None \
                and after.lower_ in words.attack_verbs and after.lower_ not in ("claimed", "broke") \
                and not (after2 is not None and (after2.lower_ in DETERMINERS or after2.lower_ in ("its", "their")
                                                 or after2.text[:1].isupper())) and not candidate.known:
            # "Gadsby, which Lichen Stag breached in October": the relative pronoun is the verb's object
            # (not "alleging that Harrowgate leaked its files", where the verb has an object of its own)
            evidence.add("attacker")
        if not candidate.known and (before is None or before.is_punct or before.lower_ in DETERMINERS
                                    or before.lower_ in ("which", "that")):
            # "X claimed on its leak site", "X posted them to its extortion portal", "the attack, which X claimed on
            # its leak site": a belonging only an attacker group has, called its own by the name opening the clause
            # (not "listed Tessellate on its leak site"); the words between are a verb and its particles
            following = doc[end:min(len(doc), end + 5)]
            owner = next((t.i for t in following if t.lower_ in ("its", "their")), None)
            if owner is not None and all(t.is_lower and t.is_alpha and t.lower_ not in words.statement_verbs
                                         for t in doc[end:owner]):
                owned = tuple(t.lower_ for t in doc[owner + 1:min(len(doc), owner + 4)])
                if any(owned[:len(phrase)] == phrase for phrase in words.attacker_belongings):
                    evidence.add("attacker")
        if not candidate.known and after is not None and after.lower_ in ("was", "were") and after2 is not None:
            # "Umber Dace was behind the Quorra Labs breach", "X was responsible for the intrusion": an attack's
            # doer (not "was behind the deal", "was responsible for the rollout")
            deed = end + 2 if after2.lower_ == "behind" else end + 3 if after2.lower_ == "responsible" \
                and end + 2 < len(doc) and doc[end + 2].lower_ == "for" else None
            if deed is not None:
                for t in doc[deed:min(len(doc), deed + 5)]:
                    if t.is_punct:
                        break
                    if t.lemma_.lower() in self.vocabulary.incident_words or t.lower_ in self.vocabulary.incident_words:
                        evidence.add("attacker")
                        break
        generic = next((len(phrase) for phrase in GENERIC_AGENT_LEAD_INS
                        if _phrase_before(doc, start, (phrase,), skip_determiner=False)), 0)
        if _phrase_before(doc, start, words.attacker_agent_lead_ins, skip_determiner=False) and not candidate.known \
                and not (generic and not self._attack_done(doc, start - generic)) \
                and not candidate.descriptions & self.company_descriptors:
            # "the labeling vendor breached by Hemlock Shrike" (but "carried out by" only of an attack: "the audit
            # was carried out by Pemcott Assurance" names an auditor)
            evidence.add("attacker")
        if after is not None and after.text in POSSESSIVE and not candidate.known:
            owned = [t.lower_ for t in doc[end + 1:min(len(doc), end + 6)]]
            if any(tuple(owned[:len(phrase)]) == phrase for phrase in words.attacker_belongings):
                evidence.add("attacker")  # "Ashen Vole's leak site"
            # "Sorrel Lynx's break-in at Tolliver": whose incident it is, done to another named party
            deed = 3 if owned[1:2] == ["-"] else 1
            if owned and ("".join(owned[:deed]) in self.vocabulary.incident_words or owned[0] in self.vocabulary.incident_words) \
                    and len(owned) > deed + 1 and owned[deed] in ("at", "on", "against", "into") \
                    and doc[end + 1 + deed + 1].text[:1].isupper():
                evidence.add("attacker")
        if after is not None and not candidate.known and before is not None and before.lower_ in DETERMINERS:
            # "the Saffron Gecko intrusion at Ambrose": an incident named for who did it, done to another party
            following = [t.lower_ for t in doc[end:min(len(doc), end + 5)]]
            deed = 3 if following[1:2] == ["-"] else 1
            if ("".join(following[:deed]) in self.vocabulary.incident_words
                    or following[0] in self.vocabulary.incident_words) \
                    and len(following) > deed + 1 and following[deed] in ("at", "on", "against", "into") \
                    and doc[end + deed + 1].text[:1].isupper():
                evidence.add("attacker")
        if _phrase_before(doc, start, words.investor_lead_ins, skip_determiner=False) \
                and any(t.lower_ in words.funding_words for t in doc[start].sent):
            evidence.add("investor")
        if before is not None and before.lower_ == "from" \
                and any(t.lower_ in RAISING_WORDS for t in doc[doc[start].sent.start:start]):
            evidence.add("investor")  # "has raised about €30 million, most recently from Northzone"
        # "Nvidia's venture arm, NVentures": the owner of a named subsidiary.
        if after is not None and after.text in POSSESSIVE:
            for t in doc[end + 1:min(len(doc), end + 4)]:
                if t.lower_ in words.subsidiary_nouns:
                    if t.i + 2 < len(doc) and doc[t.i + 1].text == "," and _is_name_token(doc[t.i + 2]):
                        evidence.add("parent")
                    break
        if candidate.known and after is not None and after.lower_.endswith("ed") and after.is_lower and len(after.text) > 4:
            evidence.add("speaker")  # "Snowflake acquired …": a company acting, not the word "snowflake"
        if after is not None and after.is_lower and after.lower_ not in self.stop_words and (
                after.lower_ in self.trigger_forms or after.lower_.endswith("ed") and len(after.text) > 4):
            if candidate.label == "ORG" or candidate.known or candidate.label in ("", "PERSON") and end - start == 1:
                # (a one-word "person" the article never names in full is most often a company: "Marrowby hired …")
                evidence.add("acts")  # "Qualcomm supplies the chip", "Google declined to comment"
        # Acted on: "sued Tallowmere", "paused its projects with Marrowby", "stopped sending data to Marrowby"
        # (the paragraph is not tagged yet, so prepositions are known by their words)
        if before is not None and before.is_lower and (before.lower_ in self.trigger_forms or before.lower_ in OBJECT_PREPOSITIONS
                                                       and any(t.lower_ in self.trigger_forms for t in
                                                               doc[max(doc[start].sent.start, start - 6):start - 1])):
            if candidate.label in ("", "ORG", "PERSON", "PRODUCT") and end - start == 1 or candidate.label == "ORG":
                evidence.add("acted on")
        if before is not None and before.lower_ == "of" and before2 is not None and before2.lower_ in words.member_nouns:
            evidence.add("member of")  # "contractors of Handshake"
        sentence = doc[start].sent
        if any(t.lower_ in ("count", "counts", "counted", "counting") for t in doc[max(sentence.start, start - 6):start]):
            # "Kagura counts Denso and Aisin among its customers": those counted are the company's customers
            rest = [t.lower_ for t in doc[end:min(sentence.end, end + 8)]]
            if "among" in rest and rest.index("among") + 2 < len(rest) \
                    and rest[rest.index("among") + 2] in words.member_nouns | {"backers", "partners", "suppliers"}:
                evidence.add("counted among")
        if before is not None and before.lower_ == "at" and before2 is not None and (
                before2.lower_ in words.member_nouns or before2.lower_ in words.roles
                or before2.lower_.endswith("s") and before2.lower_[:-1] in words.roles):
            evidence.add("workplace")  # "researchers at ETH Zurich", "a partner at Index Ventures": where people work
        if after is not None and after.text in POSSESSIVE and after2 is not None and after2.lower_ in words.owned_nouns \
                and candidate.label not in PLACE_LABELS:
            evidence.add("possessive")
        if after is not None and after.text == "," and after2 is not None and after2.lower_ in ("which", "whose") \
                and candidate.label not in PLACE_LABELS:
            evidence.add("relative")  # "Google, which …": a thing, not a person
        # Sources: "according to Wired", "told The Register", "(Reuters)"
        if _phrase_before(doc, start, words.citation_cues) or (before is not None and before.text == "(" and after is not None and after.text == ")"):
            evidence.add("citation")
        to = start - 2 if before is not None and before.lower_ == "the" else start - 1
        if to >= 0 and doc[to].lower_ == "to" and candidate.surface.lower() in words.outlets and any(
                t.lower_ in words.statement_verbs for t in doc[max(doc[start].sent.start, to - 5):to]):
            evidence.add("citation")  # "confirmed the breach to the BBC": an outlet told, the article's source
        if before is not None and before.lower_ in ("a", "an"):
            evidence.add("indefinite")  # "a Turing test", "a Handshake deal"
        if before is not None and before.text in POSSESSIVE and before2 is not None and not candidate.known \
                and self.gazetteer.lookup(before2.text) \
                and not (after is not None and after.lower_ in words.descriptors):
            # "Microsoft's SharePoint Online", "Google's Gemini": a known company's named thing, a product (not
            # "Alphabet's Google", known itself, nor "Microsoft's Azure cloud unit" … described as a company)
            evidence.add("possessed")
        if before is not None and before.lower_ in ("its", "their", "his", "her", "our", "my", "your") and not (
                after is not None and after.lower_ in self.vocabulary.work_nouns):
            # "its Snapdragon chips", "their Claude models" (not "froze its Talentwharf projects": the work is with
            # a company)
            evidence.add("possessed")
        if after is not None and after.lower_ in words.product_nouns:
            evidence.add("product")  # "the Gemini assistant", "Claude models"
        if after is not None and after.text == "," and after2 is not None and after2.lower_ in ("a", "an"):
            # "Outliner, a Chrome extension that helps annotators …": described as a product (read on the words;
            # the description ends where a clause or a phrase of its own begins)
            described = []
            for t in doc[end + 2:min(len(doc), end + 7)]:
                if t.text == "-" and not doc[t.i - 1].whitespace_ and not t.whitespace_:
                    continue  # "a Leeds model-hosting startup": one word, the description goes on
                if t.is_punct or t.lower_ in DESCRIPTION_ENDS:
                    break
                described.append(t.lower_)
            if described and described[-1] in words.described_products:
                evidence.update(("product", "described product"))
        if self._made_by(doc, start, end) or (
                before is not None and before.lower_ == "of" and before2 is not None
                and before2.lower_ in ("version", "versions", "release", "releases", "build", "builds")
                and not (after is not None and after.text in POSSESSIVE)):
            # "TagSwift, which adds shortcuts to labeling tools, is made by Clarimond Tools", "a tainted version
            # of TagSwift": a thing some company makes, everywhere in the article (not "a version of Google's model")
            evidence.update(("product", "described product"))
        if MODEL_SIZE.search(candidate.name):
            evidence.add("product")  # "Alfama-12B"
        if before is not None and before.lower_ in ("called", "named") and any(
                t.lower_ in words.product_nouns for t in doc[max(0, start - 4):start - 1]):
            # "the model, called Alfama", "a hosted version called Belcourt Cloud": a product by name, whatever
            # its last word ("Cloud", "Labs") suggests
            evidence.update(("product", "named product"))
        if doc[start].is_sent_start or start == 0 or (before is not None and before.text in ('"', "“", "‘", "'", "(")):
            evidence.add("sentence start")

    def rejoin(self, docs, candidates: list[Candidate]) -> list[Candidate]:
        """Two neighbouring candidates that spell a name the article writes whole elsewhere are that name, and
        so are a university and its campus ("the University of Texas at Austin").

        The statistical model splits a name it does not know in one sentence and not in another
        ("the hacking group Obsidian Pike" … "and Obsidian Pike took credit").
        """
        whole = {c.name for c in candidates if " " in c.name}
        joined: list[Candidate] = []
        for c in candidates:
            previous = joined[-1] if joined else None
            if previous is None or previous.doc != c.doc or previous.known or c.known:
                joined.append(c)
                continue
            campus = self._campus_of(docs[c.doc], previous, c)
            fund = self._plural_possessive_inside(docs[c.doc], previous, c)
            if campus or fund or previous.end == c.start and f"{previous.name} {c.name}" in whole:
                doc = docs[c.doc]
                label = previous.label if campus or fund and previous.label == c.label else ""
                merged = self._candidate(doc, c.doc, previous.start, c.end, c.source, label)
                self.gather_evidence(doc, merged)
                joined[-1] = merged
                continue
            joined.append(c)
        return joined

    def _plural_possessive_inside(self, doc, first: Candidate, rest: Candidate) -> bool:
        """A plural possessive inside a public body's or a fund's name, where the model cuts it: "the Ellerby County
        Employees' Retirement System", "the Oregon Teachers' Pension Fund"."""
        last = rest.name.split()[-1] if rest.name else ""
        return rest.start == first.end + 1 and doc[first.end].text == "'" and doc[first.end - 1].lower_.endswith("s") \
            and doc[first.end - 1].text not in self.words.head and not first.known \
            and (last in self.words.head or last in self.words.institution or last in FUND_WORDS)

    def _campus_of(self, doc, university: Candidate, place: Candidate) -> bool:
        """A university "of" a state "at" a city is one name: "the University of Texas at Austin" (not "at
        Halvenco's request", "at Halvenco Labs", "at DEF CON", nor "the University of Kestrel at Black Hat")."""
        return university.name.startswith("University of ") and university.name[len("University of "):] in US_STATES \
            and place.start == university.end + 1 \
            and doc[university.end].lower_ == "at" and all(t.text[:1].isupper() for t in doc[place.start:place.end]) \
            and not place.evidence & {"head word", "institution", "suffix", "descriptor", "attacker"} \
            and not (place.end < len(doc) and doc[place.end].text in POSSESSIVE) \
            and not any(t.is_upper and len(t) > 1 for t in doc[place.start:place.end])

    # -- resolution -------------------------------------------------------------------------------

    def resolve(self, candidates: list[Candidate], docs=None) -> list[Candidate]:
        """Decide which candidates are organizations, article-wide; rejected ones get a reason."""
        person_tokens: set[str] = set()
        for c in candidates:
            if c.known or c.evidence & PROOF_OF_ORGANIZATION and "person" not in c.evidence:
                continue
            if (c.label == "PERSON" and c.source == "ner" and len(c.surface.split()) >= 2) or "person" in c.evidence:
                person_tokens.update(c.surface.split())
        person_tokens |= self.person_names
        person_tokens = {w.lower() for w in person_tokens}
        longer_people = [set(c.name.lower().split()) for c in candidates if c.label == "PERSON" and " " in c.name]
        person_tokens -= {w.lower() for c in candidates if c.label == "ORG" and " " in c.name and "person" not in c.evidence
                          and not any(set(c.name.lower().split()) < p for p in longer_people)
                          and not set(c.name.lower().split()) <= self.person_names
                          for w in c.name.split()}
        person_tokens -= {w.lower() for c in candidates if c.known or c.evidence & PROOF_OF_ORGANIZATION
                          and "person" not in c.evidence for w in c.name.split()}
        headline_companies = {c.name for c in candidates if c.name.lower() in self.headline_companies
                              and "person" not in c.evidence}
        person_tokens -= {name.lower() for name in headline_companies}
        # Names used with organization evidence anywhere in the article count everywhere in it;
        # a name that is also a common word is confirmed by being used as a name mid-sentence.
        confirmed = {c.name for c in candidates if self._strong(c)} | headline_companies
        confirmed |= {c.name for c in candidates if c.known and not self.ambiguous(c.name)}
        # A place named as one somewhere ("KISUMU, Kenya — …") is no organization where only the model's
        # label says so ("Kenya's Office of the Data Protection Commissioner"), unless the article gives
        # evidence of a company somewhere ("Morland, the Bristol software house" and "a Morland customer").
        places = {c.name for c in candidates if "place" in c.evidence and c.label in PLACE_LABELS and not c.known}
        confirmed |= {c.name for c in candidates if self.ambiguous(c.name) and not
                      c.evidence & {"sentence start", "indefinite", "person", "citation", "possessed", "product"}
                      and (c.known or c.label == "ORG" and c.name not in places)}
        for c in candidates:
            c.rejected = self._rejection(c, confirmed, person_tokens)
            if not c.rejected and c.name in places and c.name not in confirmed and not c.known:
                c.rejected = "place"
            if c.rejected == "product" and docs is not None:
                self._keep_maker(docs[c.doc], c)
        self._accept_names_used_elsewhere(candidates)
        if docs is not None:
            self._accept_conjuncts(docs, candidates)
            self._accept_names_used_elsewhere(candidates)  # the names the lists brought in count everywhere too
        # A name the article describes as a product ("Outliner, a Chrome extension") is that product everywhere in
        # it ("staff who used Outliner"), unless it is named as an organization somewhere
        products = {c.name for c in candidates if "described product" in c.evidence}
        named_orgs = {c.name for c in candidates if c.evidence & {"head word", "institution", "descriptor", "suffix",
                                                                    "attacker"} and "described product" not in c.evidence}
        for c in candidates:
            if c.name in products - named_orgs and not c.known:
                c.rejected = "product"
        return candidates

    def _accept_names_used_elsewhere(self, candidates: list[Candidate]) -> None:
        """The same name, or the short form of a longer name ("Kestrel" of "Kestrel Annotate"), accepted elsewhere in
        the article is an organization here too."""
        accepted = [c for c in candidates if not c.rejected]
        names = {c.name for c in accepted}
        long_names = {n for n in names if " " in n}
        for c in candidates:
            if c.rejected not in ("no evidence", "common word", "person", "product", "acronym") or not c.name:
                continue
            short_form = any(n.startswith(c.name + " ") for n in long_names)
            # "a Kestrel customer" is Kestrel Annotate's customer; "a Turing test" alone is no company.
            # (a short form of a company named in full elsewhere outweighs a look of a person's name:
            # "an investigation into Sallowbrook, a spokesperson for the agency confirmed")
            if "citation" in c.evidence or ("person" in c.evidence and not short_form) \
                    or ("indefinite" in c.evidence and not short_form) \
                    or c.name.lower() in self.person_names:
                continue
            # "Vodafone Portugal" beside "Vodafone": an organization's national arm, whatever place the model saw.
            national_arm = c.label in PLACE_LABELS and c.rejected == "no evidence" and " " in c.name \
                and c.name.split(" ")[0] in names
            if (c.name in names and not self.ambiguous(c.name)) or short_form or national_arm:
                c.rejected = ""

    def _keep_maker(self, doc, c: Candidate) -> None:
        """ "Nvidia H200 chips", "an Nvidia Jetson Orin module": the model read maker and product as one organization.

        The first word is the maker when it is no everyday word and the rest names no organization.
        """
        first = doc[c.start]
        if c.label != "ORG" or c.end - c.start < 2 or c.evidence & {"head word", "institution", "suffix", "possessed"} \
                or not _is_name_token(first) or self.ambiguous(first.text) or first.lower_ in self.stop_words:
            return
        name = clean_name(first.text, self.words)
        if not name or self._rejection(replace(c, name=name, surface=first.text, evidence=set()), set(), set()):
            return
        c.end, c.surface, c.name, c.rejected = c.start + 1, first.text, name, ""
        c.known = self.gazetteer.lookup(name)
        c.evidence = {"maker"}

    def _accept_conjuncts(self, docs, candidates: list[Candidate]) -> None:
        """Names listed beside an organization are organizations too: "Otter.ai, Fireflies.ai and Granola".

        A list is names joined by commas that ends in "and" or "or" ("in San Francisco, Salesforce said" is
        none). Only names nothing else spoke against (person, product, source) are taken, and a name that is
        also a word only where it is not opening the sentence.
        """
        chains: list[list[Candidate]] = []
        closed: set[int] = set()  # the chains an "and" or "or" ends: lists
        for left, right in zip(candidates, candidates[1:]):
            between = [t.lower_ for t in docs[left.doc][left.end:right.start]] if left.doc == right.doc else []
            if between not in LIST_JOINTS:
                continue
            if not chains or chains[-1][-1] is not left or len(chains) - 1 in closed:
                chains.append([left])
            chains[-1].append(right)
            if between[-1] in ("and", "or"):
                closed.add(len(chains) - 1)
        for members in (chains[i] for i in sorted(closed)):
            if all(m.rejected for m in members):
                continue
            for m in members:
                # "a company in Pittsburgh, and Hugging Face", "speakers in western Kenya, and Mawingu"
                before = [t for t in docs[m.doc][max(0, m.start - 2):m.start]]
                located = m.label in PLACE_LABELS and bool(before) and (
                    before[-1].lower_ in LOCATING_PREPOSITIONS
                    or len(before) == 2 and before[-1].is_lower and before[-1].is_alpha
                    and before[0].lower_ in LOCATING_PREPOSITIONS)
                if m.rejected == "no evidence" and not m.evidence & {"indefinite", "possessed", "product", "citation"} \
                        and not (self.ambiguous(m.name) and "sentence start" in m.evidence) and not located:
                    m.rejected = ""

    def known_attacker(self, slug: str) -> bool:
        """A company entry whose sector says it is an attacker group ("hacking group", "extortion gang").

        Ingest writes "attacker group" into the stub of a group it first met as an attacker; an editor can
        write any such words. The rules that find attackers by their deeds leave known names alone (so
        that "Microsoft hacked" stays a company), so a known group needs its entry to say what it is.
        """
        # (a modifier right before the noun: not "Threat intelligence group", "Ransomware response group")
        words = re.findall(r"[a-z-]+", self.gazetteer.sectors.get(slug, "").lower())
        return any(modifier in self.words.attacker_modifiers and noun in self.words.attacker_nouns
                   for modifier, noun in zip(words, words[1:]))

    def ambiguous(self, name: str) -> bool:
        """A one-word name that is also an everyday word ("Scale", "Drift") and needs evidence of being a name.

        Known companies are ambiguous only when vocabulary.yaml lists them
        (`common_word_names`): the editor knows which ones read as words; other
        names are checked against the model's dictionary.
        """
        if " " in name or name.isupper():
            return False
        if self.gazetteer.lookup(name):
            return name.lower() in self.words.common_word_names
        lowered = name.lower()
        # The dictionary holds lemmas: "Universities" is "university", "Engineers" is "engineer".
        forms = {lowered, lowered[:-1] if lowered.endswith("s") else lowered,
                 lowered[:-2] if lowered.endswith("es") else lowered,
                 lowered[:-3] + "y" if lowered.endswith("ies") else lowered}
        return bool(forms & self.common_words)

    def plural_noun(self, name: str) -> bool:
        """A single word that is the plural of a dictionary noun: "Analysts", "Investors", "Universities"."""
        lowered = name.lower()
        if " " in name or not lowered.endswith("s") or lowered.endswith("ss") or self.gazetteer.lookup(name):
            return False
        singular = {lowered[:-1], lowered[:-2] if lowered.endswith("es") else "",
                    lowered[:-3] + "y" if lowered.endswith("ies") else ""}
        return bool(singular & self.common_words)

    def _strong(self, c: Candidate) -> bool:
        evidence = c.evidence - {"sentence start", "indefinite", "possessed", "product", "citation", "person"}
        if "person" in c.evidence or "citation" in c.evidence:
            return False
        if c.label in PLACE_LABELS:
            return bool(evidence & {"head word", "institution", "descriptor", "attacker", "organization role", "parent",
                                    "investor", "organization object", "counted among"})
        if self.ambiguous(c.name) and ("sentence start" in c.evidence or "indefinite" in c.evidence):
            named = c.label == "ORG" or bool(c.known)
            acting = "acts" in evidence and named
            # "Analysts said", "Investors warned it": a plural noun opening a sentence speaks as often as a
            # company does, so there speaking proves a name only when the model read one.
            speaking = bool(evidence & {"statement", "speaker"}) and (named or not self.plural_noun(c.name))
            return acting or speaking or bool(evidence & {"descriptor", "attacker", "possessive", "relative",
                                                          "member of"})
        return bool(evidence & {"head word", "institution", "descriptor", "role", "attacker", "possessive", "statement",
                                "relative", "member of", "acts", "acted on", "organization role", "investor", "parent",
                                "workplace", "organization object", "counted among", "suffix", "heading"})

    def _rejection(self, c: Candidate, confirmed: set[str], person_tokens: set[str]) -> str:
        words, name = self.words, c.name
        person_names = {n for n in confirmed if all(w.lower() in person_tokens for w in n.split())}
        if not name or not name[0].isupper() and not name[0].isdigit():
            return "not a name"
        if len(name) == 1 and not c.known:
            return "not a name"  # the "M" of "M-Pesa", cut at its hyphen
        lowered = name.lower()
        if lowered in self.stop_words or all(w.lower() in words.roles for w in name.split()):
            return "not a name"
        if name.split()[-1] in words.law_words and not c.known:
            return "not an organization"
        if lowered.rstrip(".") in DATE_ABBREVIATIONS and not c.known:
            return "not a name"  # "On Oct. 2, …", "an Oct. 1 intrusion"
        if lowered in words.not_orgs or lowered in words.products or c.surface.lower() in words.products:
            return "not an organization"
        if all(w in self.vocabulary.corporate_suffixes for w in c.surface.split()) and not c.known:
            return "not a name"  # "Suaraloka Pte. Ltd.", cut at the abbreviation's full stop: "Ltd." alone
        if re.fullmatch(r"[A-Z0-9]{2,}s", name) and (lowered[:-1] in words.products or lowered[:-1] in words.not_orgs):
            return "not an organization"  # "GPUs rented from Lambda", "LLMs": the plural of a thing
        if name in words.head and not c.known:
            return "not a name"  # a head word alone ("Labeling vendors", "Robotics Startup") names nobody
        if name.rstrip("-") in words.nationalities and not c.known:
            return "not an organization"  # "Irish- and Welsh-language data"
        if "place" in c.evidence and not c.known:
            return "place"
        if "adverb" in c.evidence and self.ambiguous(name):
            return "not a name"  # "Separately, the agency said"
        if "person" in c.evidence and (not c.known or self.ambiguous(name)):
            return "person"
        if not c.known and all(part.lower() in self.person_names for part in name.split()) \
                and not c.evidence & {"head word", "institution", "suffix", "attacker"}:
            return "person"  # "Chief Executive Officer Imogen Sayer" … "Sayer said"
        if c.known:
            if self.ambiguous(name) or self.ambiguous(c.surface):
                return self._ambiguous_rejection(c, confirmed)
            if "citation" in c.evidence and lowered in words.outlets:
                return "source"
            return ""
        if lowered in words.outlets or c.surface.lower() in words.outlets:
            return "source"
        # "told Pinecrest Bank": a name that reads as a company ("Bank", "Labs", "Inc.") is told, not cited.
        if "citation" in c.evidence and not c.evidence & {"head word", "institution", "suffix"}:
            return "source"
        parts = name.split()
        # Institutions are long either way round: "… Security Agency", "(Norwegian) University of … Technology".
        institution = parts[-1] in words.institution or any(
            part in words.institution and after == "of" for part, after in zip(parts[:2], parts[1:3]))
        if len(parts) > (MAX_INSTITUTION_WORDS if institution else MAX_NAME_WORDS):
            return "too long"
        if all(part.lower() in person_tokens for part in name.split()) and "attacker" not in c.evidence:
            return "person"
        if self.ambiguous(name) and self._ambiguous_rejection(c, confirmed):
            return self._ambiguous_rejection(c, confirmed)
        if is_acronym(name) and not (c.evidence & {"attacker", "role", "possessive", "statement", "descriptor"}):
            return "acronym"  # kept only when it stands for a named organization (resolved later)
        if "possessed" in c.evidence and not (c.evidence & {"head word", "institution", "descriptor", "attacker"}):
            return "product"
        if "product" in c.evidence and not (c.evidence & {"head word", "institution", "descriptor", "attacker", "role"}):
            return "product"
        if "named product" in c.evidence:
            return "product"
        if c.source == "ner" and c.label == "ORG":
            return ""
        one_word_actor = " " not in name and bool(c.evidence & {"acts", "acted on"})
        if c.label == "PERSON" and not one_word_actor and not (
                c.evidence & {"head word", "institution", "descriptor", "attacker", "role", "possessive", "relative",
                              "suffix", "investor", "parent", "organization role", "workplace", "member of"}):
            return "" if name in confirmed and name not in person_names else "person"
        if self._strong(c) or name in confirmed:
            return ""
        return "no evidence"

    def _ambiguous_rejection(self, c: Candidate, confirmed: set[str]) -> str:
        """A name that is also a common word counts only where the text uses it as a name."""
        if "indefinite" in c.evidence:
            return "common word"
        if self._strong(c):
            return ""
        if c.label == "PERSON" and c.source == "ner":
            return "common word"
        if "sentence start" in c.evidence and c.name not in confirmed:
            return "common word"
        return ""


@dataclass
class Article:
    """What the relation step needs to know about the whole article."""

    mentions: list[Mention]  # every organization mention in reading order (title first)
    salience: Counter
    kinds: dict[str, str]
    names: dict[str, str]
    speakers: set[tuple[int, int]] = field(default_factory=set)  # (doc, start) of mentions in a speaker's role
    victims: list[str] = field(default_factory=list)  # slugs of companies breached in this story, most cited first
    # What the article calls each company in apposition ("startup", "vendor"), for "the startup" later.
    descriptions: dict[str, set[str]] = field(default_factory=dict)
    # The words describing it before that noun ("portland", "labeling"), for "the Portland vendor".
    description_words: dict[str, set[str]] = field(default_factory=dict)
    # Slugs of security and forensics firms (so their name, the article or the company directory says): they
    # investigate breaches; what they say of one is no breach of their own.
    security_firms: set[str] = field(default_factory=set)
    # In a roundup, which tells one story a paragraph: the organizations each paragraph names, in the order it
    # names them, attacker groups left out (its heading's company first: "**Pergamin:** The Kraków labeling firm …").
    paragraph_leads: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Stores the article says were left exposed ("bucket", "database"): "its files were in the bucket" is an exposure.
    exposed_places: frozenset[str] = frozenset()

    def before(self, doc: int, char: int) -> list[Mention]:
        return [m for m in self.mentions if (m.doc, m.start_char) < (doc, char)]

    def focus(self, exclude: set[str], kinds=("company", "university"), incident: bool = False,
              prefer: frozenset[str] = frozenset(), then: frozenset[str] = frozenset(),
              paragraph: int | None = None) -> list[Mention]:
        """The company the article is about (for an incident: the breached one, first one of those in `prefer`,
        the organizations of the sentence at hand, then of those in `then`: a story may tell of two breaches), most
        mentioned first; in a roundup, the one `paragraph` is about."""
        ranked = [slug for slug, count in self.salience.most_common() if count >= 2 and slug not in exclude
                  and self.kinds.get(slug) in kinds]
        leads = self.paragraph_leads.get(paragraph, ()) if paragraph is not None else ()
        if incident and leads:
            # A roundup's item tells of its own breach: one at a company it names, else at the first company
            # it names (not at the security firm looking into it)
            told = [slug for slug in (*[v for v in self.victims if v in prefer or v in then], *leads)
                    if slug not in self.security_firms and self.kinds.get(slug) in kinds]
            # (an item naming no company but the investigator: the story's breached company)
            ranked = [slug for slug in (told or self.victims) if slug not in exclude]
        elif incident and self.victims:
            # The breached company of the story, or (when it is already a party) none: the most mentioned
            # company is no stand-in for it
            ranked = sorted((slug for slug in self.victims if slug not in exclude),
                            key=lambda slug: (slug not in prefer, slug not in then))
        elif leads:
            # "Ocado, which ended its contract last Thursday" in a roundup's paragraph on Gantrywell: that
            # paragraph's company, not the one the whole newsletter names most
            ranked = [slug for slug in leads if slug not in exclude and self.kinds.get(slug) in kinds] or ranked
        first = {}
        for m in self.mentions:
            first.setdefault(m.slug, m)
        return [first[slug] for slug in ranked[:1]]
