"""Read the relations a parsed sentence states between the organizations it names. Pure.

Each trigger word of vocabulary.yaml is looked up in the sentence; its parties
come from the dependency tree (subject and object, passive agent, the owner of
a relational noun such as "customer"), through coordination, relative clauses
and words that point back ("the vendor", "it", "we" in a quote). Negated,
hedged and hypothetical statements give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from pipeline.orgs import CULPRIT_NOUNS, Article, Mention, spelled_word, words_for
from pipeline.slugs import slugify
from pipeline.vocabulary import Predicate, Trigger, Vocabulary

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd"})
QUANTIFIERS = frozenset({"each", "all", "both", "some", "many", "most", "several", "one", "two", "three", "much",
                         "none", "any", "part", "portion", "half", "much", "parts"})
# Nouns for an amount of something, which stands for what it is of: "downloaded a large batch of recordings" took
# recordings, "a trove of files".
BATCH_NOUNS = frozenset({"batch", "batches", "trove", "troves", "cache", "set", "sets", "tranche", "collection",
                         "sample", "samples", "number", "lot"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
# What is done to data in a breach, said of it in the passive ("documentation it uploaded was copied"); not "taken",
# which is said of much else ("steps were taken")
THEFT_LEMMAS = frozenset({"steal", "exfiltrate", "leak", "copy", "expose"})
# What is said of work already under way: "paused its partnership with X" is no new partnership.
WORK_STATUS_PREDICATES = frozenset({"paused_work_with", "ended_work_with", "resumed_work_with"})
# Words for a store left open: "the exposed instance", "the unprotected bucket".
EXPOSED_WORDS = frozenset({"exposed", "open", "unprotected", "unsecured", "misconfigured", "public", "leaky"})
# Words opening an indirect question: "investigating how X got in", "an inquiry into what X held"
QUESTION_WORDS = frozenset({"what", "how", "whether", "why", "if", "when"})
REFLEXIVES = frozenset({"itself", "themselves", "ourselves", "himself", "herself"})
# Adverbs that make an aside an old name: "Sabledown (formerly Evalwright)".
FORMER_ADVERBS = frozenset({"formerly", "previously", "once", "originally"})
STATEMENT_LEMMAS = frozenset({"say", "tell", "confirm", "add", "write", "state", "note", "explain", "acknowledge"})


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
    # Where a character of the parsed (masked) sentence stands in the sentence as written
    original_char: Callable[[int], int] = lambda masked: masked
    # Tokens respelled for the parser, with the word the article wrote ("company" read for "startup")
    respelled: dict[int, str] = field(default_factory=dict)

    def breached_focus(self, exclude: set[str]) -> list[Mention]:
        """The company whose breach the story tells, one named in this sentence first ("paused its contract with
        Treadwell while it waits for Mandiant's investigation into the breach": Treadwell's breach)."""
        # (then one the paragraph names: a newsletter tells one story a paragraph)
        paragraph = frozenset(m.slug for m in self.article.mentions if m.doc == self.doc_index)
        return self.article.focus(exclude, incident=True, prefer=frozenset(m.slug for m in self.by_token.values()),
                                  then=paragraph, paragraph=self.doc_index)

    def focus(self, exclude: set[str], kinds=("company", "university")) -> list[Mention]:
        """The company the article (in a roundup: this paragraph) is about."""
        return self.article.focus(exclude, kinds, paragraph=self.doc_index)

    def mention(self, token) -> Mention | None:
        return self.by_token.get(token.i)

    # Anaphora: "the company", "it", "we"

    def anaphor_kinds(self, token) -> frozenset[str] | None:
        """Kinds an anaphoric noun phrase headed by `token` can mean ("the vendor" -> company), or None."""
        anaphora = self.vocabulary.anaphora
        lower = spelled_word(token)
        if lower not in anaphora.kinds and token.lemma_.lower() not in anaphora.kinds:
            return None
        if token.dep_ == "compound" or token.i in self.by_token or token.tag_ in ("NNS", "NNPS"):
            return None  # plural "the largest AI labs" points at no single organization
        if not any(child.dep_ in ("det", "amod", "compound", "poss") and child.lower_ in anaphora.determiners
                   for child in token.children):
            return None
        return anaphora.kinds.get(lower) or anaphora.kinds.get(token.lemma_.lower())

    def _char(self, token) -> int:
        return self.char_offset + self.original_char(token.idx)

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
            return self.breached_focus(self._local_subject_slugs(token))
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
                if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                    child = verb.head  # "Cohere, which keeps models on the platform": Cohere is the subject
                for t in (child, *[c for c in child.conjuncts]):
                    m = self.mention(t)
                    if m:
                        slugs.add(m.slug)
        return slugs

    def _victim_slot(self, token) -> bool:
        """The words stand where an attack's victim does: "extorted the company", "stole files from its servers"."""
        holder = token.head if token.dep_ == "poss" else token
        if holder.dep_ == "pobj" and holder.head.lower_ in ("from", "into", "inside", "at"):
            holder = holder.head
        elif holder.dep_ != "dobj":
            return False
        return holder.head.lemma_.lower() in self.vocabulary.attack_lemmas

    def _noun_referents(self, token, kinds: frozenset[str]) -> list[Mention]:
        exclude = self._local_subject_slugs(token)
        if token.dep_ in SUBJECT_DEPS:
            # "The company has terminated its contract with Remitora": not a company its own clause names (in the
            # clause itself, not one below it: "… to transcribe visits for Petrichor")
            own = {t.i for t in token.subtree}
            exclude |= {self.by_token[t.i].slug for t in token.head.subtree if t.i in self.by_token and t.i not in own
                        and _clause_verb(t).i == token.head.i}
        clause = _clause_verb(token)
        described = clause.head
        owners_of_described = {m.slug for c in described.children if c.dep_ == "poss"
                               for m in self.org_of(c, resolve=False)} if clause.dep_ == "relcl" else set()
        # "Anthropic's Claude models, which the company accesses through X": not the models' owner, unless no
        # other company can be meant ("Ansel AI's models, which the company trains on X's servers")
        exclude |= owners_of_described
        if clause.dep_ == "relcl" and described.pos_ == "NOUN" and described.dep_ == "appos":
            # "Ostwold Security, a firm the company retained": the clause says what the firm is to the company,
            # so the company is not the firm
            m = self.mention(described.head)
            if m:
                exclude.add(m.slug)
        here = self._char(token)
        result: list[Mention] = []

        def add(ms: Iterable[Mention]) -> None:
            for m in ms:
                if m.kind in kinds and m.slug not in exclude and all(r.slug != m.slug for r in result):
                    result.append(m)

        earlier = self.article.before(self.doc_index, here)
        if self.doc_index in self.article.paragraph_leads:
            # A roundup's paragraph tells its own story: "the vendor" is one that paragraph names
            earlier = [m for m in earlier if m.doc == self.doc_index]
        if self._victim_slot(token):
            # "Grackle Nine, the group that extorted the company": the company the article says was breached
            named = {m.slug for m in earlier}
            add(m for slug in self.article.victims if slug in named for m in earlier if m.slug == slug)
        # "the Portland vendor" is the one the article described as a Portland company, whatever it called it
        spelled = self.respelled.get(token.i) or spelled_word(token)
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod") and c.is_alpha
                     and not (spelled != token.lower_ and c.i == token.i - 2)}  # (the "start" of "start-up")
        if modifiers:
            # (or its name says it: "the robotics startup" of Pellucid Robotics)
            add(m for m in reversed(earlier) if all(
                _word_fits(w, self.article.description_words.get(m.slug, set())
                           | set(self.article.names.get(m.slug, "").lower().split())) for w in modifiers))
        # "the startup" is first the one the article has called a startup ("Fennimore Labs, the startup that …")
        nouns = {spelled, token.lemma_.lower()}
        add(m for m in reversed(earlier) if nouns & self.article.descriptions.get(m.slug, set()))
        # (or the one whose name ends in the noun: "the bank" of Rhenwald Bank)
        add(m for m in reversed(earlier) if self.article.names.get(m.slug, "").lower().split()[-1:] == [spelled])
        verb = _clause_verb(token)
        if verb.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
            # "Samsung, which ended its contract with the company": not Samsung, so the company the story is about
            add(self.focus(exclude))
        if nouns & self.vocabulary.anaphora.focus:
            # Subjects of the clauses above it: "ElevenLabs said it had suspended work with the vendor" (not
            # "… said Sallowbrook had told it …", a clause beside it)
            subjects_here = {self.by_token[c.i].slug for a in _governors(token) for c in a.children
                             if c.dep_ in SUBJECT_DEPS and c.i in self.by_token}
            add(self.focus(exclude | subjects_here))
        if token.i == token.sent.start + 1 and self.doc_index in self.article.paragraph_leads:
            add(self.focus(exclude, kinds))  # a roundup's item: the company it is about
        elif token.i == token.sent.start + 1:
            # A story about one company: "the company" opening a sentence is that company, not the last one named
            salience = self.article.salience
            ranked = sorted({m.slug for m in earlier if m.kind in kinds and m.slug not in exclude},
                            key=lambda slug: -salience[slug])
            if ranked and (len(ranked) == 1 or salience[ranked[0]] >= 2 * salience[ranked[1]]):
                add([m for m in earlier if m.slug == ranked[0]][-1:])
        same_sentence = [m for m in earlier if m.doc == self.doc_index and m.start_char >= self.char_offset]
        add(reversed(same_sentence))
        in_paragraph = [m for m in earlier if m.doc == self.doc_index and m.start_char < self.char_offset]
        if token.i == token.sent.start + 1 and not same_sentence and not in_paragraph:
            # "The company has brought in Mandiant …" after a paragraph that named only people: the company the
            # headline names first and the article names most, not the last one the paragraph before named
            headline = [m.slug for m in self.article.mentions if m.doc < 0 and m.kind in kinds][:1]
            add(m for m in self.focus(exclude) if [m.slug] == headline)
        add(reversed([m for m in in_paragraph if m.leads]))
        add(reversed(in_paragraph))
        previous = [m for m in earlier if m.doc == self.doc_index - 1 and m.leads]
        add(reversed(previous))
        ranked = sorted({m.slug: m for m in earlier}.values(), key=lambda m: -self.article.salience[m.slug])
        add(ranked)
        add(m for m in self.article.mentions if m.doc == self.doc_index and m.start_char > here)
        if not result and owners_of_described:
            exclude -= owners_of_described
            add(m for m in reversed(earlier) if m.slug in owners_of_described)
        return result

    def _pronoun_referents(self, token) -> list[Mention]:
        result: list[Mention] = []
        if token.lower_ == "it" and token.dep_ == "dobj" and token.head.dep_ == "conj" \
                and not any(c.dep_ in SUBJECT_DEPS for c in token.head.children):
            # "Echoleaf stores the audio … and serves it through Fastly": the thing the verb beside it took
            beside = token.head.head
            taken = [c for c in beside.children if c.dep_ == "dobj"] or (
                [beside.head] if beside.dep_ == "relcl" else [])  # ("the audio its customers upload … and serves it")
            if taken and all(c.pos_ == "NOUN" and not self.mention(c) and self.anaphor_kinds(c) is None for c in taken):
                return result

        def add(ms: Iterable[Mention], attackers: bool = False) -> None:
            for m in ms:
                if (m.kind != "attacker" or attackers) and all(r.slug != m.slug for r in result):
                    result.append(m)

        reported = any(w.dep_ == "ccomp" and w.head.lemma_.lower() in STATEMENT_LEMMAS | self.vocabulary.own_incident_verbs
                       for w in _governors(token))
        if token.dep_ == "poss" and self._victim_slot(token) and not reported:
            # "X paused work with Y after hackers stole files from its servers": the company named nearest, the
            # vendor, not the client pausing (but "Carrick confirmed that attackers copied files from its workspace":
            # the one reporting)
            add(reversed([self.by_token[i] for i in sorted(self.by_token) if i < token.i]))
        # Cataphora: "Nine days after it froze its contracts with X, OpenAI has resumed work": a clause put before
        # the sentence's subject, with no subject of its own but the pronoun, speaks of that subject.
        for word in _governors(token):
            own = [c for c in word.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            if not all(c.lower_ in self.vocabulary.anaphora.pronouns for c in own):
                break  # a clause with a subject of its own ("Unlike Cohere, which paused its work …")
            if word.dep_ in ("advcl", "prep") and word.i < word.head.i:
                add(m for c in word.head.children if c.dep_ in SUBJECT_DEPS and c.i > token.i
                    for m in self.noun_phrase_orgs(c, resolve=False))
                break
        # Subjects of the clauses above the pronoun, nearest first ("Mercor said it had…"); only these may be an
        # attacker group ("Gravel Newt first appeared in March, when it claimed …").
        below = token
        for word in _governors(token):
            if below.dep_ == "xcomp":
                # "the office asked Raterloom to explain when it detected the intrusion": the one asked to act
                add(m for c in word.children if c.dep_ == "dobj" and c.i < token.i
                    for m in self.noun_phrase_orgs(c, resolve=False))
            beside = word.doc[word.i - 1] if word.i > 0 else None
            if below.dep_ == "advcl" and word.pos_ == "VERB" and beside is not None and self.mention(beside) and (
                    beside.dep_ == "appos" or word.dep_ == "acl"
                    and not any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in word.children)):
                # "X, the firm Parchmark hired after its workspace was raided": the parser hangs the name beside
                # the noun (and may give the verb X for subject), but it is the subject of the verb right after it
                add([self.mention(beside)])
            coordinated = below.dep_ == "conj"
            below = word
            for child in word.children:
                if child.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and child.i != token.i and child.i < token.i \
                        and not token.is_ancestor(child):
                    named = self.noun_phrase_orgs(child, resolve=False)
                    if not named and (self.anaphor_kinds(child) is not None
                                      or coordinated and child.lower_ == token.lower_ == "it"):
                        # (the subject "it" of a clause coordinated with this one is the same: "It rents capacity
                        # from X and resells it, and last year it bought …")
                        named = [replace(m, anaphor=True) for m in self.referents(child)[:1]]
                    add(named, attackers=token.dep_ in SUBJECT_DEPS)  # "it claimed", not "its help desk"
        add(reversed([self.by_token[i] for i in sorted(self.by_token) if i < token.i]))
        here = self._char(token)
        earlier = [m for m in self.article.before(self.doc_index, here) if m.doc == self.doc_index]
        # Across sentences, "it" continues the subject of the sentences before ("Orrery raised $22 million.
        # Last year it signed …"), not whichever company was named last.
        add(reversed([m for m in earlier if m.leads]))
        add(reversed(earlier))
        add(sorted({m.slug: m for m in self.article.before(self.doc_index, here)}.values(),
                   key=lambda m: -self.article.salience[m.slug]))
        return result

    def _plural_referents(self, token) -> list[Mention]:
        """ "OpenAI, Anthropic and Google … each of them": the organizations named together before it."""
        word = token
        while word.head.i != word.i:
            word = word.head
            # The parser sometimes gives a coordinated subject two subject arcs ("X, which …, and Y both said").
            found = _unique(m for child in word.children
                            if child.dep_ in SUBJECT_DEPS and child.i < token.i and not token.is_ancestor(child)
                            for m in self.noun_phrase_orgs(child, resolve=False))
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
                    found = self.noun_phrase_orgs(clause.head, resolve=resolve)
                    first = min(t.i for t in clause.head.subtree)
                    beside = self.mention(token.doc[first - 2]) if clause.head.dep_ == "appos" and first >= 2 \
                        and token.doc[first - 1].text == "," else None
                    if beside is not None and len(found) == 1 and found[0].slug != beside.slug \
                            and any(self.mention(c) == beside for c in clause.head.head.conjuncts):
                        # "ElevenLabs and Deepgram, the speech firm that buys recordings from X": the description
                        # (and its clause) stands beside the last name of the list, where the parser hung it on the first
                        return [beside]
                    # "X, a maker of delivery robots that bought …": the parser may hang the clause on the
                    # last noun of the description; the description's head is the one that stands for X
                    described = clause.head
                    for _ in range(2):
                        if found or described.dep_ != "pobj" or described.head.dep_ != "prep":
                            break
                        described = described.head.head
                        found = [m for m in self.org_of(described, resolve=False)]
                    # "X, the image and text labelling outfit that …": the clause hangs on the second of two
                    # coordinated descriptions of X
                    while not found and described.dep_ == "conj" and described.head.i != described.i:
                        described = described.head
                        found = [m for m in self.org_of(described, resolve=False)]
                    return found
            return []
        beside = _apposed(token, self)
        if beside is not None:
            return [self.mention(beside)]
        if token.lower_ in words_for(self.vocabulary).attacker_nouns | self.vocabulary.anaphora.attacker_words \
                or token.lower_ == "members":
            # "a crew calling itself Velvet Cormorant", "attackers from the GlassHeron crew", "intruders from X"
            named = [self.by_token[t.i] for c in token.children if c.dep_ in ("acl", "prep", "relcl", "appos")
                     for t in c.subtree if t.i in self.by_token and self.by_token[t.i].kind == "attacker"]
            if named:
                return _unique(named)[:1]
        count = _counted(token)
        if resolve and count and token.tag_ == "NNS" and token.lemma_.lower() in self.vocabulary.anaphora.kinds:
            # "the two companies", "all three labs", "both firms": that many organizations of the kind,
            # the most named so far, never the clause's own subject
            here = self._char(token)
            own = self._local_subject_slugs(token) | self.exclude
            ranked = sorted({m.slug: m for m in self.article.before(self.doc_index, here)
                             if m.kind in self.vocabulary.anaphora.kinds[token.lemma_.lower()]
                             and m.slug not in own}.values(),
                            key=lambda m: -self.article.salience[m.slug])
            return [replace(m, anaphor=True) for m in ranked[:count]] if len(ranked) >= count else []
        if resolve:
            if token.lower_ in self.vocabulary.anaphora.plural_pronouns:
                plural = self._plural_referents(token)
                partner_slot = token.dep_ == "dobj" or token.dep_ == "pobj" and token.head.lower_ in ("with", "to", "from")
                if plural or not partner_slot:
                    return plural
                # "we are no longer working with them": one company, spoken of as a group of people
                speaking = {m.slug for m in self.speakers()}
                return [replace(m, anaphor=True) for m in self._pronoun_referents(token)
                        if m.slug not in self.exclude and m.slug not in speaking][:1]
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
            if head.i != token.i and _starts_clause(head):
                continue  # "paused its partnership with Mercor and OpenAI began investigating"
            if head.i != token.i and not self.mention(head) and _said_of_others(head):
                continue  # "ElevenLabs, Deepgram and other Tambari customers": others unnamed, not Tambari
            # "bought the video-messaging company Loom", "two of those vendors, Whinfell and Ambergate, use …": the
            # names beside the noun (all of them), before any anaphora
            # ("two customers, the legal-research startup Glaisdale and Ulverston": a name beside the description)
            named_beside = [m for c in head.children if c.dep_ == "appos"
                            for t in (c, *[g for g in c.children if g.dep_ == "appos"]) if self.mention(t)
                            for m in self.noun_phrase_orgs(t, resolve=False)]
            named_beside = named_beside or self.listed_after_colon(head)
            orgs = named_beside if named_beside and not self.mention(head) else self.org_of(head, resolve=resolve)
            if not orgs:
                appos = [c for c in head.children if c.dep_ == "appos"]
                orgs = [m for a in appos for m in self.org_of(a, resolve=False)]
            if not orgs and head.lower_ in words_for(self.vocabulary).subsidiary_nouns:
                # "Amazon's cloud division" is a part of Amazon, not Amazon itself; but a public body's unit acts
                # for it ("West Yorkshire Police, whose cyber crime unit has opened an investigation")
                owners = [m for c in head.children if c.dep_ == "poss" for m in self.org_of(c, resolve=resolve)]
                if owners and all(m.kind == "agency" for m in owners):
                    found += [m for m in owners if all(f.slug != m.slug for f in found)]
                continue
            if not orgs:
                # "Google's threat intelligence group", "a Microsoft spokesperson", "its Kestrel projects",
                # "Anthropic spokesperson Daniel Ferreira"
                # A name the tagger read as an adjective counts too ("on Cohere projects").
                orgs = [m for c in head.children if c.dep_ in ("poss", "compound", "nmod")
                        or c.dep_ == "amod" and self.mention(c) for m in self.org_of(c, resolve=resolve)]
                if not orgs:
                    orgs = [m for c in head.children if c.dep_ in ("compound", "nmod")
                            for g in c.children if g.dep_ in ("poss", "compound", "nmod")
                            for m in self.org_of(g, resolve=resolve)]
            if not orgs and head.lower_ in words_for(self.vocabulary).staff_nouns:
                # "regulators at the FTC", "investigators from Mandiant": people acting for where they work
                orgs = [m for prep in head.children if prep.dep_ == "prep" and prep.lower_ in ("at", "from", "with")
                        for g in prep.children if g.dep_ == "pobj" for m in self.noun_phrase_orgs(g, resolve=False)]
            if not orgs:
                # "investors including HV Capital", "customers such as Cohere and Mistral AI"
                for prep in head.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("including", "like", "such"):
                        for pobj in (g for p in (prep, *[c for c in prep.children if c.dep_ == "prep"])
                                     for g in p.children if g.dep_ == "pobj"):
                            orgs += self.noun_phrase_orgs(pobj, resolve=False)
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
            if orgs:
                # "from Marten Capital and Holm Ventures": the parser may hang the first name under the last
                # one as a modifier; a named modifier with its own "and" is a coordinated organization.
                head_mention = self.mention(head)
                hung = [self.mention(c) for c in head.children
                        if c.dep_ in ("nmod", "compound") and any(g.dep_ == "cc" for g in c.children)]
                orgs = [m for m in hung
                        if m is not None and head_mention is not None and m.slug != head_mention.slug] + orgs
            for m in orgs:
                if all(f.slug != m.slug for f in found):
                    found.append(m)
        return found

    def listed_after_colon(self, head) -> list[Mention]:
        """The names a colon lists right after a counted noun: "installed by two customers: X and Y" (the parser
        hangs the list anywhere, so it is read on the words: the first name and those coordinated with it)."""
        if self.mention(head) or not any(c.dep_ == "nummod" for c in head.children):
            return []
        # The first colon after it, with no name or other count between ("two customers have said their tokens
        # were in the logs: X and Y", "claimed three victims since Nov. 2: X, Y and Z"; a date's day counts nothing)
        colon = next((t.i for t in self.sent[head.right_edge.i + 1:] if t.text in (":", ";")), len(self.sent))
        between = self.sent[head.right_edge.i + 1:colon]
        if colon + 1 >= len(self.sent) or self.sent[colon].text != ":" or any(
                self.mention(t) or t.dep_ == "nummod" and t.head.pos_ == "NOUN" for t in between):
            return []
        first = self.sent[colon + 1]
        if self.mention(first) is None:
            return []
        listed = [t for t in first.subtree if t.i == first.i or t.dep_ == "conj" and self.mention(t)]
        return _unique(self.mention(t) for t in listed if self.mention(t))

    def prep_orgs(self, token, preps: Iterable[str] | None, depth: int = 3) -> list[Mention]:
        """Organizations in prepositional phrases under `token`, also nested ("kind of work to Meta",
        "into the incident at X"); `preps` limits which prepositions introduce them."""
        found: list[Mention] = []
        allowed = None if preps is None else {p.lower() for p in preps}
        preps_here = [c for c in token.children if c.dep_ in ("prep", "agent", "dative")]
        # "brings in X": a particle the parser gave an object of its own
        preps_here += [c for c in token.children if c.dep_ == "prt" and any(g.dep_ == "pobj" for g in c.children)]
        # "walked away from X", "switched back to X": the preposition may hang on the particle
        preps_here += [g for c in token.children if c.dep_ in ("advmod", "prt") for g in c.children if g.dep_ == "prep"]
        # "to Quantaloom and to Cohere": the second preposition hangs under the first one's object.
        preps_here += [g for c in preps_here for h in (c, *[p for p in c.children if p.dep_ == "pobj"])
                       for g in h.children if g.dep_ == "conj" and g.pos_ == "ADP" and g.lower_ == c.lower_]
        for child in preps_here:
            objects = [g for g in child.children if g.dep_ == "pobj"] or ([child] if child.dep_ == "dative" else [])
            # "an investigation into what Carrick held": the clause's subject is what the phrase is about
            objects += [s for g in child.children if g.dep_ == "pcomp" and any(
                w.lower_ in QUESTION_WORDS for w in g.children) for s in g.children
                if s.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]  # "into how X's account was hijacked"
            for pobj in objects:
                if allowed is None or child.lower_ in allowed:
                    explicit = self.noun_phrase_orgs(pobj, resolve=False, deep=True)
                    found += explicit or self.noun_phrase_orgs(pobj, resolve=True, deep=True)
                elif depth > 1:
                    found += self.prep_orgs(pobj, preps, depth - 1)
        return _unique(found)


COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


# Endings a describing word may add to a name's word and still share its stem ("trucking" of "Trucks").
STEM_SUFFIXES = frozenset({"", "s", "es", "ing", "er", "ers", "ed", "al", "ic", "care", "ceutical", "ceuticals",
                           "maker", "makers"})  # ("healthcare" of Health, "pharmaceutical" of Pharma, "chipmaker")


def _word_fits(word: str, words: set[str]) -> bool:
    """Whether a describing word is one of `words` or shares its stem with one: "the trucking company" of Kinetra
    Trucks."""
    for w in words:
        stem = w.removesuffix("s")
        # only a suffix may follow the shared stem: "trucking" of "Trucks", not "smartphone" of "Smart"
        if word == w or len(stem) >= 4 and word.startswith(stem) and word[len(stem):] in STEM_SUFFIXES:
            return True
    return False


def _governors(token):
    """The words above `token`, nearest first, skipping the clause a "… and that …" complement was wrongly
    coordinated with: in "X said Y had told it that …, and that it had suspended …" the parser hangs the
    second complement on "told", but it belongs to "said"."""
    word = token
    while word.head.i != word.i:
        skip = word.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ == "that" for c in word.children) \
            and word.head.dep_ == "ccomp"
        word = word.head
        if skip:
            continue
        yield word


def _counted(token) -> int:
    """How many organizations a definite counted plural means: "the two companies" 2, "all three labs" 3,
    "both firms" 2; 0 for anything else ("two labs", "many companies")."""
    children = list(token.children)
    if any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in children):
        return 2
    numbers = [COUNT_WORDS[c.lower_] for c in children if c.dep_ == "nummod" and c.lower_ in COUNT_WORDS]
    definite = any(c.lower_ in ("the", "all", "these", "those") and c.dep_ in ("det", "predet") for c in children)
    return numbers[0] if numbers and definite else 0


def _clause_verb(token):
    word = token
    while word.pos_ not in ("VERB", "AUX") and word.head.i != word.i:
        word = word.head
    return word


def _said_of_others(noun) -> bool:
    """The noun speaks of others besides those named: "other Tambari customers", "any other client"."""
    return any(c.dep_ == "amod" and c.lower_ in ("other", "another") for c in noun.children)


def _starts_clause(token) -> bool:
    """A coordinated name the parser attached to a noun phrase although a verb of its own follows it."""
    if token.i + 1 >= len(token.doc):
        return False
    following = token.doc[token.i + 1]
    return following.pos_ in ("VERB", "AUX") and following.dep_ != "aux" and not any(
        c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in following.children)


def _near_lemmas(token) -> set[str]:
    """Lemmas of the trigger's dependents two levels down ("cut ties", "put … on hold"), its head and the
    head's modifiers ("a Series A led by X"); deeper words belong to other clauses ("… with no work")."""
    # (not a clause coordinated with the trigger's: "Kasztan ended its contract, and Lufthansa's pause continues")
    children = [c for c in token.children if not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    head = token.head
    if token.dep_ == "pcomp" and head.lower_ == "with" and head.head.i != head.i:
        head = head.head  # "a Series A led by X, with Y joining": the clause hangs on the round it joins
    # (nor the words of a clause below it, but for the word joining it and its "not": "The firm that until Monday
    # traded as X will now operate as Y", whose "until" is the trading's; "traded as X until it changed its name";
    # "a customer whose files were not affected")
    near = [*children, *[g for c in children for g in c.children
                         if g.dep_ == "mark" and g.i > token.i or g.dep_ == "neg"
                         or not (c.dep_ in ("advcl", "relcl", "ccomp", "acl") and c.pos_ == "VERB")]]
    if not (token.dep_ == "conj" and token.pos_ == "VERB"):
        # (a verb's first conjunct heads a clause of its own: "paused new work with X, and Y ended its deal")
        near += [token.head, head, *[c for c in head.children if c.dep_ in ("compound", "amod")]]
    return {t.lemma_.lower() for t in near} | {t.lower_ for t in near}


def _context_fits(trigger: Trigger, lemmas: set[str]) -> bool:
    """The words near a trigger hold all of its `with` words, one of its `with_any` and none of its `without`."""
    return {l.lower() for l in trigger.with_lemmas} <= lemmas \
        and (not trigger.with_any or bool({l.lower() for l in trigger.with_any} & lemmas)) \
        and not {l.lower() for l in trigger.without} & lemmas


def _is_hedged_or_negated(token, vocabulary: Vocabulary, claims_count: bool = False, own_clause: bool = False) -> bool:
    """True when the trigger, or a word governing it in its clause, is negated, hedged or conditional.
    With `claims_count`, "claimed" is no hedge: a group that claims a theft is taken at its word. With
    `own_clause` (a verb the tagger took for a noun: "the servers Hexham rents from X"), the clause is the
    trigger's own: what governs the misread noun belongs to another."""
    negations = vocabulary.negations
    hedges = vocabulary.hedges - {"claim"} if claims_count else vocabulary.hedges
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in vocabulary.reversals:
        return True  # "lifted its pause on X"
    for word in (token, *token.ancestors):
        lemma = word.lemma_.lower()
        if word.i != token.i and (lemma in hedges or word.lower_ in hedges):
            return True
        for child in word.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod", "nsubj", "nsubjpass", "dobj") and child.lower_ in negations):
                return True
            if child.dep_ in ("aux", "auxpass", "mark", "advmod") and (child.lemma_.lower() in hedges or child.lower_ in hedges):
                if child.lower_ in ("would", "will") and any(c.lower_ == "longer" for c in word.children):
                    continue  # "said it would no longer use X" is a decision, not a hypothesis
                return True
            if child.dep_ == "nsubj" and any(g.lower_ in negations and g.dep_ == "det" for g in child.children):
                return True  # "no customer data was taken"
        # "no evidence its systems had been compromised": a clause without a relative pronoun, hung on a denied
        # noun, says what the noun denies (the parser takes it for a relative clause)
        if word.dep_ == "relcl" and any(c.dep_ == "det" and c.lower_ in negations for c in word.head.children):
            own = [c for c in word.children if c.dep_ not in ("conj", "cc")]
            near = (*own, *(g for c in own for g in c.children))
            if not any(t.lower_ in RELATIVE_PRONOUNS and t.dep_ != "mark" for t in near):
                return True
        if own_clause:
            break
        # A relative or adverbial clause is asserted on its own: "OpenAI, which buys data from X, never paused".
        if word.dep_ in ("ROOT", "relcl", "advcl", "parataxis", "appos"):
            # (but "it was not, at this stage, investigating X" is a progressive the parser split at the commas)
            if word.dep_ == "advcl" and word.tag_ == "VBG" and word.head.lemma_ == "be" and word.head.i < word.i \
                    and any(c.dep_ == "neg" for c in word.head.children):
                return True
            break
        # So is a coordinated clause with its own auxiliary or subject: "it had not paid and had hired X".
        if word.dep_ == "conj" and any(c.dep_ in ("aux", "auxpass", *SUBJECT_DEPS) for c in word.children):
            break
    return False


def _role_negated(token, vocabulary: Vocabulary) -> bool:
    """A relational noun states a standing fact, whatever the clause around it says ("X's biggest customer, Y,
    has not paused its work" still makes Y a customer); only its own words or its copula deny it ("no longer a
    customer", "is not a client", "may become a customer")."""
    if any(c.dep_ == "neg" or c.lower_ in vocabulary.negations for c in token.children):
        return True
    if token.dep_ in ("attr", "acomp") and token.head.lemma_ in ("be", "become", "remain"):
        return _is_hedged_or_negated(token.head, vocabulary) or any(
            c.dep_ == "neg" or c.lower_ in vocabulary.negations for c in token.head.children)
    return False


def trigger_index(vocabulary: Vocabulary) -> dict[str, list[tuple[Predicate, Trigger]]]:
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


# Nouns for the list a role's holders make up: "its client list includes X".
ROSTER_NOUNS = frozenset({"list", "roster", "base", "book"})
# Verbs (lemmas) whose agentless passive on a company's work tells of the owner's own pause or resumption;
# "its contract was cancelled" is usually the other side's doing, so ending is left out.
PASSIVE_PAUSE_LEMMAS = frozenset({"pause", "suspend", "halt", "freeze", "resume", "restart"})
# Verbs (lemmas) of becoming what follows "as": "signed on as a Ravenmoor customer" (not "posed as", "applied as").
JOINING_VERBS = frozenset({"sign", "join", "come", "return", "start", "stay"})
# Those a company has around it who are others, not things it owns: "its customers, who use …".
PEOPLE_AROUND = frozenset({"customer", "client", "user", "rival", "competitor", "partner", "peer", "supplier",
                           "vendor", "investor", "shareholder", "employee", "contractor", "worker", "staff",
                           "customers", "clients", "users", "rivals", "competitors", "partners", "peers",
                           "suppliers", "vendors", "investors", "shareholders", "employees", "contractors",
                           "workers"})


def _role_arguments(token, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(owner, described) of a relational noun: "Kestrel's customers include AWS" -> ([Kestrel], [AWS])."""
    owners: list[Mention] = []
    pronoun_owners = []
    roster = token.dep_ == "compound" and token.head.lower_ in ROSTER_NOUNS  # "Gorsewick's client list"
    for child in (*token.children, *(c for c in token.head.children if c.dep_ == "poss" and roster)):
        if child.dep_ in ("poss", "compound", "nmod"):
            if ctx.mention(child) is None and (child.lower_ in ctx.vocabulary.anaphora.pronouns
                                               or ctx.anaphor_kinds(child) is not None):
                pronoun_owners.append(child)  # "its", "the contractor's": resolved once the described are known
            else:
                owners += ctx.org_of(child)
        if child.dep_ == "prep" and child.lower_ in ("of", "to", "for", "in"):  # "an investor in X"
            owners += [m for g in child.children if g.dep_ == "pobj" for m in ctx.noun_phrase_orgs(g)]
        if child.dep_ == "relcl" and not any(c.dep_ in OBJECT_DEPS and c.lower_ not in RELATIVE_PRONOUNS
                                             for c in child.children):
            # "Ravenmoor Data, the red-teaming contractor it dropped": the one that had the contractor dropped it
            # (not "the contractor that hired X", whose subject is the contractor itself)
            for doer in (c for c in child.children if c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS):
                if ctx.mention(doer) is None and doer.lower_ in ctx.vocabulary.anaphora.pronouns:
                    pronoun_owners.append(doer)
                else:
                    owners += ctx.noun_phrase_orgs(doer)
    described: list[Mention] = []
    listed_with: list[Mention] = []  # the other names of a list whose last name the noun describes
    # "Lazada, the online retailer and a smaller Bayani customer": the noun stands where its first conjunct does
    stand = token
    while stand.dep_ == "conj" and stand.head.pos_ in ("NOUN", "PROPN") and not ctx.mention(stand.head):
        stand = stand.head
    head = stand.head
    if stand.dep_ in ("attr", "acomp") and head.lemma_ in ("be", "become", "remain"):
        if not owners and not pronoun_owners:
            # "X has been a contractor to Perigee Labs": the parser hangs the "to" on the verb
            owners += [m for c in head.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
                       for g in c.children if g.dep_ == "pobj" for m in ctx.noun_phrase_orgs(g)]
        holders = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
        if not holders and head.dep_ == "conj":
            # "Ulverston, which builds chatbots and is also a Pickering customer": the subject both verbs share
            holders = [c for c in head.head.children if c.dep_ in SUBJECT_DEPS]
        described += [m for c in holders for m in ctx.noun_phrase_orgs(c)]
    elif stand.dep_ == "appos":
        # "Anthropic or Cohere, the contractor's customers": the description may follow a list; "The Dallas
        # trucking company, a Curbwise customer since 2023, …": or a phrase pointing back to a company
        listed = (head, *head.conjuncts)
        if token.tag_ == "NN":
            # (one described, the name right before: "both Sautiwave and Malipo Rails, its former payments
            # processor", whose "its" is the other name of the list)
            nearest = max((h for h in listed if h.i < token.i), key=lambda h: h.i, default=head)
            clause = _clause_verb(head)
            # (but "Kerrow AI uses Tarragon Cloud and Brisk Pay, its payments processor": a company the clause is
            # about is "its" owner first)
            subject_company = head.dep_ == "dobj" and any(
                m.kind == "company" and m.slug not in ctx.article.security_firms
                for c in clause.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c, resolve=False))
            if not subject_company:
                listed_with = [m for h in listed if h.i != nearest.i for m in ctx.org_of(h, resolve=False)]
            listed = [nearest]
        described += [m for h in listed for m in ctx.org_of(h, resolve=False)] or (
            ctx.org_of(head) if ctx.anaphor_kinds(head) is not None else [])
    elif stand.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in QUANTIFIERS \
            and _description_of(head.head).dep_ in ("appos", "attr"):
        # "Anthropic, one of Pellucid's customers"; "Cohere is one of its clients"; "Mistral AI, the Paris
        # developer and one of its largest clients"
        quantity = _description_of(head.head)
        # (the name right before the comma: the parser may hang the description on an earlier name, as in
        # "after pausing its work with X, Cohere, one of the vendor's customers, …")
        doc = quantity.doc
        beside = ctx.mention(doc[quantity.i - 2]) if quantity.i >= 2 and doc[quantity.i - 1].text == "," else None
        if quantity.dep_ == "appos":
            described += [beside] if beside is not None else ctx.org_of(quantity.head, resolve=False)
        else:
            verb = quantity.head
            holders = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
            if not holders and verb.dep_ == "conj":
                # "Cohere resumed them this week and remains one of its largest customers": the shared subject
                holders = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS]
            described += [m for c in holders for m in ctx.noun_phrase_orgs(c)]
    elif stand.dep_ == "pobj" and head.lower_ == "among":
        # "counts Anthropic among its customers" (the object); "Mistral is among the clients" (the subject)
        verb = head.head
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        described += [m for c in (objects or [c for c in verb.children if c.dep_ in SUBJECT_DEPS])
                      for m in ctx.noun_phrase_orgs(c)]
    elif stand.dep_ == "pobj" and head.lower_ == "as":
        # "counts Cohere as a customer", "dropped Ravenmoor as a supplier"; with no object, the subject is what
        # it says: "Cohere signed on as a Ravenmoor customer"
        verb = head.head
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        subjects = [m for c in verb.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
        if objects:
            described += [m for c in objects for m in ctx.noun_phrase_orgs(c)]
            if not owners:
                owners += subjects
        elif owners and verb.lemma_.lower() in JOINING_VERBS:
            described += subjects
    elif stand.dep_ in SUBJECT_DEPS and head.lemma_ in ("include", "be"):
        described += [m for c in head.children if c.dep_ in OBJECT_DEPS | {"attr"} for m in ctx.noun_phrase_orgs(c)]
    elif stand.dep_ == "compound" and head.lower_ in ROSTER_NOUNS and head.dep_ in SUBJECT_DEPS \
            and head.head.lemma_ == "include" and not _is_hedged_or_negated(head.head, ctx.vocabulary):
        # "Gorsewick's client list has included Mistral AI"
        described += [m for c in head.head.children if c.dep_ in OBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    for clause in token.children:
        if clause.dep_ == "relcl" and clause.lemma_ == "include" and any(
                c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in clause.children) \
                and not _is_hedged_or_negated(clause, ctx.vocabulary):
            # "Koppelvaart's other clients, which include Zalando and Hema"
            described += [m for c in clause.children if c.dep_ in OBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    described += [m for c in token.children if c.dep_ == "appos" for m in ctx.noun_phrase_orgs(c)]
    if token.dep_ == "conj" and _said_of_others(token):
        # "ElevenLabs, Deepgram and other Tambari customers", "X or any other Tambari customer": the names listed
        # before are customers too
        first = token.head
        while first.dep_ == "conj":
            first = first.head
        described += [m for t in (first, *first.conjuncts) if t.i != token.i for m in ctx.org_of(t, resolve=False)]
    if not described and stand.dep_ == "pobj" and head.lower_ == "of" \
            and (head.head.lower_ in QUANTIFIERS or head.head.pos_ == "NUM"):
        # "Two of Raterloom's best-known clients, Cohere and AI21 Labs, …": the parser may hang the names on the
        # number
        described += [m for c in head.head.children if c.dep_ == "appos" for m in ctx.noun_phrase_orgs(c)]
    described += ctx.listed_after_colon(token)  # "the files came from two clients: X and Y"
    if not described and token.dep_ == "relcl":
        described += ctx.org_of(head, resolve=False)
    taken = {m.slug for m in described}
    for pronoun in pronoun_owners:
        # "Mistral is its largest client": "its" is not Mistral; nor is "the contractor" in "Anthropic or
        # Cohere, the contractor's customers"
        referents = [m for m in (*listed_with, *ctx.referents(pronoun)) if m.slug not in taken]
        owners += [replace(m, anaphor=True) for m in referents[:1]]
    return _unique(owners), _unique(described)


def _description_of(token):
    """The first of the descriptions a conjunct belongs to: "developer" in "the Paris developer and one of its
    clients", where "one" is only a conjunct of the description that stands beside the name."""
    while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN", "NUM"):
        token = token.head
    return token


def _voice_fits(token, trigger: Trigger, vocabulary: Vocabulary) -> bool:
    """The trigger is in its voice; in the passive with `named_object`, its subject names the party itself
    ("Graphcore was sold to SoftBank", not "Graphcore's chips were sold to SoftBank")."""
    passive_subjects = [c for c in token.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    voice = "passive" if passive_subjects or any(c.dep_ == "auxpass" for c in token.children) else "active"
    if voice != trigger.voice:
        return False
    return not (trigger.named_object and voice == "passive" and any(
        any(g.dep_ == "poss" for g in c.children) and c.lower_ not in words_for(vocabulary).subsidiary_nouns
        for c in passive_subjects))


def _misread_verb(token, ctx: SentenceContext) -> bool:
    """ "Handshake supplies …", "Meridlow rents …": the tagger took the verb for a noun right after a name;
    "Garroway's platform runs on X": a plural noun heading a sentence that has no verb of its own (only in a
    clause coordinated with it: "Pickering's service runs on X, and the company said …")."""
    coordinated = {t.i for c in token.children if c.dep_ == "conj" for t in c.subtree}
    if token.pos_ == "NOUN" and token.dep_ == "ROOT" and token.tag_ == "NNS" and token.lower_ != token.lemma_.lower() \
            and not any(t.pos_ in ("VERB", "AUX") and t.i not in coordinated for t in token.sent) \
            and any(c.dep_ == "prep" for c in token.children) \
            and any(c.dep_ in ("poss", "compound") for c in token.lefts):
        return True
    if not (token.pos_ in ("NOUN", "PROPN") and token.i > 0 and ctx.mention(token.nbor(-1)) is not None
            and token.lower_ != token.lemma_.lower() and token.lower_.endswith("s")):
        return False
    # "Greyhaven rents computing capacity to X" may even come out as one noun phrase headed by "capacity"
    # (or, in a headline, "Meta pauses work with X" as "pauses" the subject of a verb "work")
    holder = token.head if token.dep_ in ("compound", "nsubj") and token.head.i > token.i else token
    return any(c.dep_ in ("prep", "dobj", "dative") for c in holder.children)


def _apposed(token, ctx: SentenceContext):
    """The named token a description stands beside: "Ravenmoor Data, the company …" (the parser may make the
    description a second subject of the verb instead of an apposition)."""
    if token.dep_ == "appos" and ctx.mention(token.head):
        return token.head
    edge = token.left_edge.i
    if edge < 2 or token.doc[edge - 1].text != "," or not ctx.mention(token.doc[edge - 2]):
        return None
    named = token.doc[edge - 2]
    if token.dep_ in SUBJECT_DEPS and named.head.i in (token.head.i, token.i):
        return named
    # "ended its contract with Wickersham, the labeling vendor breached by …": the description made a second
    # object of the verb the name hangs under
    if token.dep_ in OBJECT_DEPS and token.head.is_ancestor(named):
        return named
    # "a letter to Ledbury, the payments company Renwick uses": the description, with a clause of its own, hung
    # on another word
    if token.dep_ == "appos" and token.doc[edge].lower_ == "the" and any(c.dep_ == "relcl" for c in token.children):
        return named
    return None


def _verb_arguments(token, trigger: Trigger, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(subjects, objects) of a trigger word, in grammatical terms (before `inverse`)."""
    if token.pos_ == "NOUN" and token.dep_ == "compound" and token.head.pos_ == "NOUN" \
            and token.head.lower_ in ("in", "out", "up") and token.head.i == token.i + 2:
        token = token.head  # "a break-in by X": the parser makes the particle the noun, the verb its modifier
    misread = _misread_verb(token, ctx)
    is_noun = token.pos_ in ("NOUN", "PROPN") and not misread
    verb = token if not is_noun else _clause_verb(token)
    if token.dep_ == "aux" and token.head.pos_ == "VERB":
        verb = token.head  # "which buys translated data": the parser took "buys" for an auxiliary
    if token.dep_ == "amod" and token.pos_ == "VERB" and any(c.dep_ in SUBJECT_DEPS for c in token.head.children):
        verb = token.head  # "Meta and Google all paused work with X": the parser made "paused" modify "work"
    if token.dep_ == "amod" and token.tag_ == "VBN" and token.i > 0 and token.nbor(-1).lemma_ == "have" \
            and token.nbor(-1).pos_ in ("VERB", "AUX"):
        verb = token.nbor(-1)  # "Silt Viper had stolen workers' details": the parser took "had" for the verb
    slots = trigger.object_slots
    preps = [s for s in slots if s not in ("dobj", "poss")] if slots else None
    allow_dobj = not slots or "dobj" in slots
    subjects: list[Mention] = []
    objects: list[Mention] = []
    passive_subject = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if not passive_subject and verb.dep_ == "acl" and verb.tag_ == "VBN":
        described = verb.head
        if not ctx.mention(described):
            described = _apposed(described, ctx) or described  # "Ravenmoor Data, the company previously known as …"
        if ctx.mention(described):
            passive_subject = [described]  # "Ravenmoor Data, previously called Blackfen Labs"
    # Verbs sharing this one's arguments: "buys and resells data from X", the verb of a misread auxiliary,
    # the complement that carries the object ("stopped working with X").
    # (not when the verb has an object of its own: "which ElevenLabs retained to examine Tambari's storage")
    own_object = any(c.dep_ in OBJECT_DEPS for c in verb.children)
    verbs = [verb] + [c for c in verb.children if c.dep_ == "xcomp" and not own_object]
    if not own_object:
        verbs += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                  and not any(g.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for g in c.children)]
    if token.i != verb.i and not is_noun:
        verbs.append(token)
    if misread:
        subjects += [m for m in [ctx.mention(token.nbor(-1))] if m is not None]
        if token.dep_ in ("compound", "nsubj") and token.head.i > token.i:
            verbs.append(token.head)  # the phrases hang under the word the parser made the head
    if is_noun:
        # "Meta's pause", "the FTC investigation", "an investigation by the FTC"
        subjects += [m for c in token.children if c.dep_ in ("poss", "compound", "nmod") for m in ctx.org_of(c)]
        if preps and "by" in preps:
            # "the Ochre Starling intrusion", "Sorrel Lynx's break-in": an attacker group's incident is the one it did
            doers = [m for m in subjects if m.kind == "attacker"]
            if doers:
                # where it happened is said with "at" ("the Ochre Starling intrusion at X"), whichever word the
                # parser hangs the "at" on; not the clause's subject, who only speaks of the incident
                places = ctx.prep_orgs(token, ["at", "on", "against"]) or ctx.prep_orgs(verb, ["at", "on", "against"])
                return _finish([m for m in subjects + places if m.kind != "attacker"], doers)
        if token.dep_ == "pobj" and token.head.lower_ == "under":
            # "Ravenmoor Data is under investigation by the FTC"
            subjects += ctx.prep_orgs(token, ["by"])
            objects += [m for c in verb.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
            return _finish(subjects, objects)
        if token.dep_ == "pobj" and token.head.lower_ == "on" and token.head.head.lemma_ in ("be", "remain", "stay"):
            # "Anthropic's projects with the vendor have been on hold": the work held is the clause's subject
            work = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
            subjects += [m for w in work for c in w.children if c.dep_ == "poss" for m in ctx.org_of(c)]
            objects += [m for w in work for m in ctx.prep_orgs(w, ["with", "for"])]
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
    if agents and slots and "dobj" not in slots and "poss" not in slots and "by" not in slots:
        # "the shop, which is hosted by X": the passive of the direct-object reading, not of "hosts … on X"
        return [], []
    work = [c for c in passive_subject if c.lower_ in ctx.vocabulary.work_nouns]
    if work and token.lemma_.lower() in PASSIVE_PAUSE_LEMMAS and not any(c.dep_ == "agent" for c in verb.children):
        # "Halvenco's projects with X have been suspended", "its X projects were paused": the work's owner (or,
        # unnamed, the one saying so) did it, to the company the work is with. Not when the owner is the
        # breached vendor telling of its clients' decisions ("Quellhaven said its projects with Halvenco have
        # been suspended"), nor work "for" a client, nor work with a public body (which suspends, not pauses).
        subjects += [m for w in work for c in w.children if c.dep_ == "poss" for m in ctx.org_of(c)]
        objects += [m for w in work for m in ctx.prep_orgs(w, ["with"])]
        objects += [m for w in work for c in w.children if c.dep_ in ("compound", "nmod") for m in ctx.org_of(c)]
        if objects and not subjects:
            subjects += _teller_of(verb, ctx)
        if any(m.slug in ctx.article.victims for m in subjects) or any(m.kind == "agency" for m in objects):
            return [], []
        return _finish(subjects, objects)
    if passive_subject and not agents and slots and "by" not in slots:
        # "Vantrell, which was known as Vantrell Robotics": the passive subject is the relation's subject
        subjects += [m for c in passive_subject for m in ctx.noun_phrase_orgs(c)]
    elif passive_subject:
        subjects += agents
        if not subjects or all(m.kind != "attacker" for m in subjects):
            subjects += [m for m in ctx.prep_orgs(verb, ["from"]) if m.kind == "attacker"]
        subjects = _unique(subjects)
        for c in passive_subject:
            if slots == ("poss",) and ctx.mention(c):
                continue  # "X was bought by Y": X is what was bought, not the owner of what was bought
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
            if not subjects and verb.tag_ == "VBG":
                subjects += ctx.org_of(verb.head, resolve=False)  # "Keswick, the firm investigating the intrusion"
            if not subjects and verb.tag_ == "VBN" and not ctx.mention(verb.head) and verb.head.dep_ == "pobj" \
                    and slots and "from" in slots and "dobj" not in slots:
                # "Cohere keeps its test sets on servers rented from AWS": the one the clause is about rents them
                # (what is had "from" someone: not "the power used to train X's models")
                outer = _clause_verb(verb.head)
                subjects += [m for c in outer.children if c.dep_ in SUBJECT_DEPS for m in _orgs_within(c, ctx, set())]
            if not subjects and verb.i == verb.head.i + 1 and ctx.mention(verb.head):
                subjects += [ctx.mention(verb.head)]  # "Databricks partnered with …" parsed as a modifier of the name
        if not subjects and verb.dep_ == "relcl" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            subjects += ctx.org_of(verb.head, resolve=False)  # "the shop that until 2024 went by the name X"
        if not subjects and verb.i == token.i and (verb.pos_ == "VERB" or misread):
            # "Its service runs on X" parsed with "Its service" hung on the verb as modifiers
            subjects += [m for c in verb.lefts if c.dep_ in ("poss", "compound", "nmod")
                         for m in (ctx.org_of(c) if c.dep_ == "poss" else ctx.noun_phrase_orgs(c))]
        if not subjects and token.i > 0 and token.head.i == token.i - 1 and ctx.mention(token.nbor(-1)) \
                and not any(c.dep_ in SUBJECT_DEPS for c in token.children):
            subjects += [ctx.mention(token.nbor(-1))]  # "Handshake supplies …" with "supplies" hung under the name
    # "X is investigating alongside Y", "X, together with Y, paused …": Y does it too (the parser may hang the
    # "alongside" on the verb's object: "investigating the compromise alongside the FBI")
    partners = [m for holder in (verb, *[c for c in verb.children if c.dep_ == "dobj"]) for c in holder.children
                if c.dep_ == "prep" and (c.lower_ == "alongside" or c.lower_ == "with" and any(
                    g.lower_ == "together" for g in c.children)) for g in c.children if g.dep_ == "pobj"
                for m in ctx.noun_phrase_orgs(g, resolve=False)]
    if subjects and partners and not passive_subject:
        subjects = _unique(subjects + partners)
    for v in verbs:
        objects += [m for m in _object_orgs(v, ctx, preps, slots, allow_dobj, subjects, trigger.named_object)
                    if m.slug not in {p.slug for p in partners}]
    if not objects and trigger.implicit and not any(c.dep_ in OBJECT_DEPS for c in verb.children):
        # "investigating how Tawny Grebe used the site": the question is about the one it names as doer
        objects += [m for clause in verb.children if clause.dep_ == "ccomp" and any(
            g.lower_ in QUESTION_WORDS and g.dep_ in ("advmod", "mark") for g in clause.children)
            for s in clause.children if s.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(s, resolve=False)]
    if not objects and trigger.deep:
        # "supplies much of the computing power used to train Anthropic's models"
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS:
                objects += [ctx.by_token[t.i] for t in child.subtree if t.i in ctx.by_token
                            and not any(a.lower_ in ("alongside", "with") and a.dep_ == "prep" for a in t.ancestors
                                        if child.is_ancestor(a))]
    if allow_dobj and verb.dep_ in ("relcl", "acl") and not any(c.dep_ in OBJECT_DEPS for c in verb.children) \
            and not passive_subject and subjects and (not trigger.named_object or _names_itself(verb.head, ctx)):
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


def _names_itself(noun, ctx: SentenceContext) -> bool:
    """The noun is an organization itself ("GitHub", "the startup"), not a thing named after one ("Nvidia
    accelerators")."""
    return ctx.mention(noun) is not None or noun.lower_ in ctx.vocabulary.anaphora.kinds \
        or (noun.dep_ == "appos" and ctx.mention(noun.head) is not None)  # "Drift, the tool that Salesloft bought"


def _object_orgs(verb, ctx: SentenceContext, preps, slots, allow_dobj: bool, subjects: list[Mention],
                 named_object: bool = False) -> list[Mention]:
    """Organizations among a verb's objects and prepositional phrases."""
    objects: list[Mention] = []
    own = {m.slug for m in subjects}
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and child.lower_ in REFLEXIVES:
            continue  # "called itself Vectorbarn": a reflexive is the subject again, never the other party
        if child.dep_ in OBJECT_DEPS and allow_dobj:
            if child.lower_ in ctx.vocabulary.anaphora.pronouns or child.lower_ in ctx.vocabulary.anaphora.plural_pronouns:
                if _incident_pronoun(child, ctx):
                    continue
                # An object pronoun never means the clause's own subject: "the firm that supplies it with tutors".
                outer, ctx.exclude = ctx.exclude, ctx.exclude | own
                try:
                    objects += [m for m in ctx.noun_phrase_orgs(child) if m.slug not in own]
                finally:
                    ctx.exclude = outer
            elif named_object and not ctx.mention(child) and any(
                    c.dep_ == "poss" and ctx.mention(c) for c in child.children) \
                    and child.lower_ not in words_for(ctx.vocabulary).subsidiary_nouns:
                pass  # "buys Penmaen's plates": Penmaen owns what is bought, and is not bought itself
            elif named_object and child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" \
                    and not _names_itself(verb.head, ctx):
                pass  # "Nvidia accelerators, which Stenhouse bought": the accelerators were bought, not Nvidia
            else:
                objects += ctx.noun_phrase_orgs(child)
        if child.dep_ in OBJECT_DEPS and (preps or not slots):
            objects += ctx.prep_orgs(child, preps)
        if (child.dep_ in OBJECT_DEPS or child.dep_ in ("advmod", "npadvmod") and child.pos_ == "NOUN") \
                and "poss" in slots:
            # The owner of what is bought is never the buyer itself ("buys much of its labeled data").
            # "buys much of its data" (its: another company's, never the buyer's); but when the seller is named
            # ("buys its accelerators from Y"), "its" is the buyer's own and names no party
            # (nor when the one it goes to is: "licensed a subset of its transcripts to Voxcarta")
            seller_named = any(c.dep_ in ("prep", "dative") and c.lower_ in ("from", "to")
                               for c in (*verb.children, *child.subtree))
            outer, ctx.exclude = ctx.exclude, ctx.exclude | own
            try:
                # (or whose name it carries: "licenses Treadwell imagery", "buys Nvidia chips"; not in a headline,
                # where names run on: "Agrees to Buy Hatchmoor Payroll Days After …")
                for owner in (child, *[g for p in child.children if p.lower_ == "of" for g in p.children]):
                    objects += [m for g in owner.children if (g.dep_ == "poss" or g.dep_ == "compound" and ctx.mention(g)
                                                              and owner.is_lower and ctx.doc_index >= 0)
                                and not (seller_named and g.lower_ in ctx.vocabulary.anaphora.pronouns)
                                for m in ctx.org_of(g)]
            finally:
                ctx.exclude = outer
    # Complements named as slots of their own: "X is now Y" (attr), "X renamed itself Y" (oprd)
    complements = [dep for dep in ("attr", "oprd") if dep in slots]
    objects += [m for c in verb.children if c.dep_ in complements for m in ctx.org_of(c, resolve=False)]
    objects += ctx.prep_orgs(verb, [p for p in preps if p not in complements] if preps else preps)
    return objects


def _incident_pronoun(pronoun, ctx: SentenceContext) -> bool:
    """An "it" that stands for the incident the sentence named before it, with no company named in between
    (attacker groups aside): "Kroll attributed the intrusion to Brine Tarsier, the crew that had claimed it"."""
    if pronoun.lower_ != "it":
        return False
    for token in reversed(pronoun.doc[:pronoun.i]):
        mention = ctx.mention(token)
        if mention is not None and mention.kind != "attacker":
            return False
        if token.pos_ == "NOUN" and token.lemma_.lower() in ctx.vocabulary.incident_words:
            return True
    return False


def _incident_arguments(token, trigger: Trigger, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(breached, named) when a trigger speaks of an incident and names who did it: "Mandiant attributes the
    intrusion at X to Y", "the FBI blamed Y for the attack on X", "X identified the attackers as Y". The one
    speaking is never the breached company; an incident with no owner named is the story's breach."""
    vocabulary = ctx.vocabulary
    incident_words = vocabulary.incident_words
    attacker_words = vocabulary.anaphora.attacker_words
    acted_on = [c for c in token.children if c.dep_ in ("dobj", *PASSIVE_SUBJECT_DEPS)]
    incidents = [c for c in acted_on if c.lemma_.lower() in incident_words]
    incidents += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("for", "behind")
                  for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in incident_words]
    # "identified the attackers as Y", "the attackers belonged to Y"
    culprits = [c for c in (*acted_on, *[c for c in token.children if c.dep_ in SUBJECT_DEPS])
                if c.lower_ in attacker_words]
    if not incidents and not culprits:
        return [], []
    breached: list[Mention] = []
    for incident in incidents:
        breached += [m for c in incident.children if c.dep_ in ("poss", "compound") for m in ctx.org_of(c)]
        breached += ctx.prep_orgs(incident, ["at", "on", "of", "against"])
    if not breached:
        # (not the security firm or the agency saying so: "Kroll attributed the intrusion to Brine Tarsier"; a
        # company may well attribute its own breach)
        tellers = {m.slug for c in token.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)
                   if m.slug in ctx.article.security_firms or m.kind == "agency"}
        breached = [replace(m, anaphor=True) for m in ctx.breached_focus(tellers)]
    named = [m for c in acted_on if "dobj" in trigger.object_slots and c not in incidents + culprits
             for m in ctx.noun_phrase_orgs(c, resolve=False)]
    preps = [s for s in trigger.object_slots if s != "dobj"]
    if preps:
        named += ctx.prep_orgs(token, preps)
    return [m for m in _unique(breached) if m.kind != "attacker"], _unique(named)


def _employer_arguments(token, trigger: Trigger, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(employer, client) when an organization's people do the work: "contractors working for X on Y projects"
    and "X's contractors who work on Y tasks" -> ([X], [Y])."""
    members = words_for(ctx.vocabulary).member_nouns
    doers = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
    if not doers and token.dep_ in ("acl", "relcl"):
        doers = [token.head]
    doers = [d for d in doers if d.lower_ in members or d.lemma_.lower() in members]
    if not doers:
        return [], []
    subjects = ctx.prep_orgs(token, trigger.employer)
    subjects += [m for d in doers for c in d.children if c.dep_ in ("poss", "compound") for m in ctx.org_of(c)]
    subjects = _unique(subjects)
    own = {m.slug for m in subjects}
    objects = [m for m in ctx.prep_orgs(token, [s for s in trigger.object_slots if s not in trigger.employer])
               if m.slug not in own]
    return subjects, objects


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
        # "won a contract to label images for Y": an infinitive on the object shares the clause's subject
        infinitive_on_object = word.dep_ == "acl" and word.head.dep_ == "dobj" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in word.children)
        if word.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "acomp") and not infinitive_on_object \
                or word.head.i == word.i:
            return []
        controlled_by_object = word.dep_ == "xcomp" or (word.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in word.children))
        # "Mandiant, which Sextant hired to investigate": the relative pronoun, hung on the infinitive, is
        # the object of the verb above it, so the clause's antecedent does it
        relative_object = any(c.dep_ in OBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS for c in word.children)
        word = word.head
        if word.pos_ not in ("VERB", "AUX"):
            word = _clause_verb(word)
        if controlled_by_object and relative_object and word.dep_ == "relcl" and \
                not any(c.dep_ in OBJECT_DEPS for c in word.children):
            return ctx.org_of(word.head, resolve=False)
        # "Halberd brought in CrowdStrike to investigate": the particle's object is the verb's object
        particle_objects = [g for c in word.children if c.dep_ == "prt" or (
                                c.dep_ == "prep" and c.lower_ == "in" and word.lemma_.lower() in ctx.vocabulary.hiring_verbs)
                            for g in c.children if g.dep_ == "pobj"]
        if controlled_by_object and particle_objects:
            controllers = [m for g in particle_objects for m in ctx.noun_phrase_orgs(g)]
            if controllers:
                return controllers
        if controlled_by_object and any(c.dep_ in OBJECT_DEPS for c in word.children):
            # "led one of the labs to freeze its projects": the object of "led" froze them; but in "signed
            # deals to supply X" the object is no organization and the subject does it
            controllers = [m for c in word.children if c.dep_ in OBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
            if controllers:
                return controllers
        subjects = [c for c in word.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return [m for c in subjects for m in ctx.noun_phrase_orgs(c)]
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in word.children):
            if controlled_by_object or verb.dep_ == "conj" and word.i == verb.head.i:
                # "X was hired to investigate", "X was hired by Y and is still investigating": the one hired does it
                return [m for c in word.children if c.dep_ in PASSIVE_SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
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
            if t.i in ctx.by_token and t.dep_ == "compound" and t.head.lemma_.lower() in ("customer", "client"):
                continue  # "another Aislemark client whose chats were in the bucket": the client's, not Aislemark's
            if t.i in ctx.by_token:
                found.append(ctx.by_token[t.i])
            elif t.dep_ == "poss" or t.lower_ in vocabulary.anaphora.first_person | vocabulary.anaphora.plural_pronouns:
                found += ctx.org_of(t)
            elif t.dep_ == "nsubj" and t.head.dep_ == "relcl" and t.lower_ in vocabulary.anaphora.pronouns:
                found += ctx.org_of(t)  # "recordings it had commissioned from X": whose recordings
        return _unique(found)

    if trigger.object_slots and set(trigger.object_slots) <= {"in", "among"}:
        # "its prompts were among the stolen files", "recordings it commissioned from X turned up in the
        # exposed bucket": where the material was found, not what was done to it
        places = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in trigger.object_slots]
        # "X was one of the Y customers whose records were taken": "one of" stands for "among"
        places += [p for c in verb.children if c.dep_ == "attr" and c.lower_ == "one"
                   for p in c.children if p.dep_ == "prep" and p.lower_ == "of"]
        if not places:
            return [], []
        place_tree = [t for p in places for t in p.subtree]
        # where the material was: "the stolen files", "those copied", or an incident ("a breach at X")
        in_incident = any(t.lemma_.lower() in vocabulary.incident_words and t.pos_ == "NOUN" for t in place_tree) \
            or _exposed_place_in([t for p in places for t in p.children if t.dep_ == "pobj"], ctx)
        # ("were in the bucket" that the article said was left open; not "in contact with X, who found the bucket")
        if not in_incident and (not any(t.lower_ in vocabulary.exposure_words or t.lemma_.lower() in
                                        vocabulary.exposure_words for t in place_tree)
                                or not any(t.lower_ in ("the", "those", "folders", "files") for t in place_tree)):
            return [], []
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                # "transcripts it had commissioned from X were among the stolen files": X is where they were
                sent_to = _sent_to(c, ctx)
                breached += sent_to
                victims += [m for m in owners_in(c.subtree) if m.slug not in {s.slug for s in sent_to}]
        breached += [m for m in orgs_in(place_tree) if m.kind != "attacker"]
        if not breached:
            # "records belonging to X were among the files taken from its servers": whose servers
            victim_slugs = {m.slug for m in victims}
            breached = [m for m in owners_in(place_tree) if m.kind != "attacker" and m.slug not in victim_slugs]
        incident_named = True
    elif any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children) or _reduced_passive(verb):
        # "documentation it had uploaded was also copied": a theft needs no incident named to be one
        incident_named = verb.lemma_.lower() in THEFT_LEMMAS
        for c in verb.children:
            if c.dep_ in PASSIVE_SUBJECT_DEPS:
                sent_to = _sent_to(c, ctx)
                breached += sent_to
                incident_named = incident_named or bool(sent_to)
                victims += [m for m in owners_in(c.subtree) if m.slug not in {m.slug for m in sent_to}]
        if _reduced_passive(verb):
            # "Hushpine Audio, another customer caught up in the exposure": the noun the participle describes
            # stands where a passive subject would, and a name beside it is that noun
            described = verb.head
            beside = described.head if described.dep_ == "appos" else None
            victims += [ctx.mention(t) for t in (described, beside) if t is not None and ctx.mention(t)]
            victims += owners_in(c for c in described.children if c.dep_ == "poss")
        for child in verb.children:
            if child.dep_ in ("prep", "advcl", "agent"):
                tree = list(child.subtree)
                breached += [m for m in orgs_in(tree) if m.kind != "attacker"]
                incident_named = incident_named or any(t.lemma_.lower() in vocabulary.incident_words for t in tree)
                # "checkpoints it kept there had been downloaded by the intruder": done by an attacker, a breach
                incident_named = incident_named or child.dep_ == "agent" and any(
                    t.lower_ in vocabulary.anaphora.attacker_words or ctx.mention(t) and ctx.mention(t).kind == "attacker"
                    for t in tree)
    else:
        attacker_words = vocabulary.anaphora.attacker_words
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                tree = list(c.subtree)
                # "the files the gang copied": a clause on what was taken, said of the loot, not its taker
                taking = [t for t in c.children if t.dep_ in ("relcl", "acl")
                          and t.lemma_.lower() in vocabulary.exposure_words]
                told = [t for t in tree if not any(t in clause.subtree for clause in taking)]
                # "The breach, which X has blamed on Ashen Marmot, exposed …": the group a clause on the
                # incident blames is not the one doing the exposing
                blamed = [t for t in c.children if t.dep_ in ("relcl", "acl")] \
                    if c.lemma_.lower() in vocabulary.incident_words else []
                doers = [t for t in told if not any(t in clause.subtree for clause in blamed)]
                if any(m.kind == "attacker" for m in orgs_in(doers)) or c.lower_ in attacker_words:
                    # "the gang stole its data", "a hacking group stole the logins of X's workers":
                    # a breach of the data's owner (breached_by), not an exposure through another company
                    return [], []
                # "the breach at X", or what the breach took: "the stolen files", "the leaked recordings",
                # "the files the attackers copied"
                incident = any(t.lemma_.lower() in vocabulary.incident_words for t in tree) or bool(taking) or any(
                    t.dep_ == "amod" and t.head.i == c.i and t.lower_ in vocabulary.exposure_words for t in tree)
                if trigger.incident_subject and not incident:
                    return [], []
                # "its deployment logs exposed tokens": whose logs they were
                breached += owners_in(told)
                incident_named = incident_named or incident
            if c.dep_ in OBJECT_DEPS or c.dep_ == "prep" and c.lower_ == "for":
                # (the parser may hang the rest of a list of what was exposed on a "for"; the one that runs or
                # hosts what was exposed is no owner of it: "files X kept on servers run by Hetzner", but the one
                # that wrote it is: "guidelines written by Meta")
                providers = {x.i for t in c.subtree if t.dep_ == "agent"
                             and t.head.lemma_.lower() in vocabulary.providing_verbs for x in t.subtree}
                victims += owners_in(t for t in c.subtree if t.i not in providers)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            # "X left the keys in public code, exposing the data of clients including Y": what X did exposed it
            breached += [m for c in verb.head.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)
                         if m.kind != "attacker"]
        # "The breach at X exposed guidelines written by Y, X's biggest client": X is where it happened
        others = [m for m in victims if m.slug not in {b.slug for b in breached}]
        if others and breached:
            victims = others
    told, notifier = _notice_parties(verb, ctx)
    if told and notifier:
        # "X told Y that its records had been accessed", "Y was notified by X that data was exposed":
        # the company told is the victim, the one telling is where the breach happened
        victims, breached, incident_named = told, notifier, True
    elif not victims and incident_named and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in STATEMENT_LEMMAS:
        # "X said customer records were exposed in the breach at Y": whose records goes unsaid, so the
        # speaker's own
        victims += [m for c in verb.head.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    # A victim named only by a pronoun must be named in the sentence too ("Anthropic said its prompts were exposed").
    named_here = {m.slug for m in ctx.by_token.values()}
    victims = [m for m in _unique(victims) if m.kind != "attacker" and (not m.anaphor or m.slug in named_here)]
    victim_slugs = {v.slug for v in victims}
    breached = [m for m in _unique(breached) if m.kind != "attacker" and m.slug not in victim_slugs]
    # "Mercor has been hit by a security breach" is its own breach: "hit" needs the breached company named.
    passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children) or _reduced_passive(verb)
    if victims and not breached and incident_named and not (trigger.incident_subject and passive):
        # "exposed in the breach": the breached company of the story; a company breached itself is no victim of it
        victims = [m for m in victims if m.slug not in ctx.article.victims[:1]]
        breached = ctx.breached_focus({m.slug for m in victims}) if victims else []
    return victims, breached


def _parties_near(verb, ctx: SentenceContext) -> list[Mention]:
    """Organizations among a verb's arguments and theirs ("belonged to Wyck Marketing"), not deeper in the sentence
    ("calls to banks in Nigeria")."""
    near = [*verb.children, *(g for c in verb.children for g in c.children)]
    return [ctx.by_token[t.i] for t in near if t.i in ctx.by_token]


def _exposed_place_in(nouns, ctx: SentenceContext) -> bool:
    """One of the nouns is, with "the", a store the article said was left exposed ("in the bucket"), or what was
    in one ("among the records", in an article on an exposed database)."""
    if not ctx.article.exposed_places:
        return False
    return any(any(c.lower_ == "the" for c in t.children) and (
        t.lemma_.lower() in ctx.article.exposed_places or t.lemma_.lower() in ctx.vocabulary.loot_nouns) for t in nouns)


def _reduced_passive(verb) -> bool:
    """A participle describing the noun before it: "another customer caught up in the exposure" (the small model
    tags some of them as past tenses)."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and verb.head.pos_ in ("NOUN", "PROPN")


def _sent_to(phrase, ctx: SentenceContext) -> list[Mention]:
    """Where the data a noun phrase describes had been sent, or came from: "data it had shared with X",
    "transcripts it had commissioned from X", "records held by X". That is where it was taken from."""
    sent = [ctx.by_token[t.i] for t in phrase.subtree
            if t.i in ctx.by_token and t.head.dep_ in ("prep", "dative") and t.head.lower_ in ("with", "to", "from")
            and any(a.dep_ == "relcl" for a in t.head.ancestors if phrase.is_ancestor(a) or a.i == phrase.i)]
    held = [m for verb in phrase.children
            if verb.dep_ == "acl" and verb.lemma_.lower() in ctx.vocabulary.holding_verbs
            for agent in verb.children if agent.dep_ == "agent"
            for g in agent.children if g.dep_ == "pobj" for m in ctx.noun_phrase_orgs(g)]
    return _unique(sent + held)


def _notice_parties(verb, ctx: SentenceContext) -> tuple[list[Mention], list[Mention]]:
    """(told, teller) when the exposure is what one company told another: "X notified Y and Z that …",
    "Y said it had been notified by X that …"; ([], []) otherwise."""
    notice = verb.head
    if verb.dep_ != "ccomp" or notice.lemma_.lower() not in ctx.vocabulary.notice_verbs:
        return [], []
    if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in notice.children):
        told = [m for c in notice.children if c.dep_ in PASSIVE_SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
        teller = ctx.prep_orgs(notice, ["by"])
    else:
        teller = [m for c in notice.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
        # "X had told it that …": the one told is never the teller; "X told its workers that …" tells its own people
        outer, ctx.exclude = ctx.exclude, ctx.exclude | {m.slug for m in teller}
        try:
            told = [m for c in notice.children if c.dep_ in OBJECT_DEPS and not any(g.dep_ == "poss" for g in c.children)
                    for m in ctx.noun_phrase_orgs(c)]
        finally:
            ctx.exclude = outer
    told_slugs = {m.slug for m in told}
    teller = [m for m in teller if m.kind != "attacker" and m.slug not in told_slugs]
    return [m for m in told if m.kind != "attacker"], teller


def breach_victims(ctx: SentenceContext, breach_triggers) -> list[str]:
    """Companies a sentence says were breached, by a named group or not ("hackers breached Mercor",
    "the breach at Mercor", "Mercor was hacked")."""
    victims: list[str] = []
    for token in ctx.sent:
        for predicate, trigger in breach_triggers.get(token.lemma_.lower(), ()):
            if trigger.pos and token.pos_ != trigger.pos or _is_hedged_or_negated(token, ctx.vocabulary):
                continue
            if token.pos_ in ("NOUN", "PROPN") and not _context_fits(trigger, _near_lemmas(token)):
                continue  # "the claims against it" are no claim of responsibility
            if token.pos_ in ("NOUN", "PROPN"):
                found = [m for c in token.children if c.dep_ == "poss" for m in ctx.org_of(c)]
                found += ctx.prep_orgs(token, ["at", "of", "on", "against"])
                if not found and token.dep_ == "dobj" and token.head.lemma_.lower() in ctx.vocabulary.own_incident_verbs:
                    # "Marrowby Data disclosed a breach", "the startup suffered an attack" (but the "it" of "the
                    # office asked Raterloom when it first detected the intrusion" is no public body)
                    found = [m for c in token.head.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)
                             if not (c.lower_ in ctx.vocabulary.anaphora.pronouns and m.kind == "agency")]
            elif trigger.incident_object:
                found, _ = _incident_arguments(token, trigger, ctx)  # "the intrusion at X was traced to Y"
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


def _outer_subjects(token, ctx: SentenceContext, present: set[str]) -> list[Mention]:
    """The subject of the clause a trigger's noun phrase sits in: "X raised $40 million in a round led by Y"
    -> X, and so for "… in a round led by Y, with Z joining"; [] when the trigger does not modify a noun
    ("Meta paused the projects")."""
    if token.dep_ == "pcomp" and token.head.lower_ == "with" and token.head.head.i != token.head.i:
        modified = token.head.head
    elif token.dep_ == "acl" and token.head.i != token.i:
        modified = token.head
    else:
        return []
    outer = _clause_verb(modified)
    for _ in range(3):  # "raised $60 million, including a round led by Y": "including" is no clause of its own
        if outer.dep_ != "prep" or outer.head.i == outer.i:
            break
        outer = _clause_verb(outer.head)
    if outer.i == token.i:
        return []
    if _relative_subject(outer):
        # "its transcription, which runs on models licensed from Y": whose transcription
        return [m for m in _relative_clause_doers(outer, ctx) if m.slug not in present][:1]
    deps = SUBJECT_DEPS
    if outer.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in outer.children):
        # "Mizuchi was founded in 2019 and raised $8 million in a round led by Y": the subject both verbs share
        outer, deps = outer.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS
    return [m for c in outer.children if c.dep_ in deps for m in ctx.noun_phrase_orgs(c)
            if m.slug not in present][:1]


def _loot_owners(token, ctx: SentenceContext, present: set[str]) -> list[Mention]:
    """Whose loot an attacker took, told by a possessive anywhere in it: "Skerry had taken over one of its
    developers' accounts" -> the one "its" points back to (never the attacker itself)."""
    verb = token if token.pos_ in ("VERB", "AUX") else _clause_verb(token)
    owners: list[Mention] = []
    outer, ctx.exclude = ctx.exclude, ctx.exclude | present
    try:
        for loot in (c for c in verb.children if c.dep_ in OBJECT_DEPS):
            owners += [m for t in loot.subtree if t.dep_ == "poss" and t.i != loot.i for m in ctx.org_of(t)]
    finally:
        ctx.exclude = outer
    return [m for m in _unique(owners) if m.kind != "attacker" and m.slug not in present][:1]


def _reporting_victim(token, ctx: SentenceContext, present: set[str]) -> list[Mention]:
    """Who discloses an attack whose victim goes unsaid: "Kinloch has acknowledged that the account was taken
    over by Dunlin", "Hatchmoor, which pays annotators, disclosed that Silt Viper had stolen bank details" -> the
    one disclosing. The parser reads such long sentences poorly, so when the disclosing verb has no subject the
    organization named last before it is taken, as it is for a relative pronoun."""
    # (own_incident_verbs, and "say" from a company no one calls a security firm: an investigator says who broke
    # in somewhere else)
    disclosing = [t for t in ctx.sent[:token.i] if (t.lemma_.lower() in ctx.vocabulary.own_incident_verbs
                  or t.lemma_.lower() == "say") and t.pos_ == "VERB"]
    if not disclosing or not any(t.lower_ == "that" for t in ctx.sent[disclosing[-1].i + 1:token.i]):
        return []
    verb = disclosing[-1]
    if any(m.kind != "attacker" and m.slug not in present for t, m in ctx.by_token.items() if t > verb.i):
        return []  # the clause names another company, which may well be the victim
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subjects and not any(c.lower_ in RELATIVE_PRONOUNS for c in subjects):
        reporters = [m for c in subjects for m in ctx.noun_phrase_orgs(c)]
    else:  # no subject, or "that" / "which" hung on who knows what
        reporters = [ctx.by_token[t.i] for t in ctx.sent[:verb.i] if t.i in ctx.by_token][-1:]
    if verb.lemma_.lower() == "say":
        reporters = [m for m in reporters if m.kind == "company" and m.slug not in ctx.article.security_firms]
    return [m for m in reporters if m.slug not in present and m.kind != "attacker"][:1]


def _unresolved_party_subject(token, ctx: SentenceContext) -> bool:
    """A noun trigger whose clause has a party for subject that names nobody known: "the UK's data protection
    regulator has opened an investigation into X" says who investigates, even unresolved (so the story's
    company is not), while "the rebrand follows an investment from Y" leaves whose investment unsaid."""
    verb = _clause_verb(token)
    return verb.i != token.i and any(c.dep_ in SUBJECT_DEPS and c.lemma_.lower() in ctx.vocabulary.anaphora.kinds
                                     for c in verb.children)


def _hirers(token, ctx: SentenceContext, present: set[str]) -> list[Mention]:
    """Who took on the doer of an objectless job: "Halden hired CrowdStrike to investigate" and "Kroll was
    hired by Quarrystone and is investigating" -> the one hiring."""
    job = token if token.pos_ in ("VERB", "AUX") else _clause_verb(token)  # "brought in X to lead the inquiry"
    if job.dep_ not in ("xcomp", "advcl", "conj") or job.head.lemma_.lower() not in ctx.vocabulary.hiring_verbs:
        return []
    hiring = job.head
    if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in hiring.children):
        hirers = ctx.prep_orgs(hiring, ["by"])
    else:
        hirers = [m for c in hiring.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
        if not any(c.dep_ in SUBJECT_DEPS for c in hiring.children):
            hirers = _inherited_subjects(hiring, ctx)  # "the company replaced its software and hired X to …"
    return [m for m in hirers if m.slug not in present][:1]


def _supplier_named_here(ctx: SentenceContext, present: set[str]) -> list[Mention]:
    """The one company whose customers the sentence names ("Inkwright's customers include Anthropic and Cohere,
    both of which have paused their projects", "Clausemill, the Modelhearth customer whose …, put its account on
    hold"): the other party of the customers' work left unsaid."""
    owners = _unique(ctx.mention(c) for t in ctx.sent if t.lemma_.lower() in ("customer", "client")
                     for c in t.children if c.dep_ in ("poss", "compound") and ctx.mention(c))
    owners = [m for m in owners if m.slug not in present]
    return owners if len(owners) == 1 else []


def _partner_named_here(token, ctx: SentenceContext, triggers, present: set[str],
                        headline: bool = False) -> list[Mention]:
    """The one company the sentence names as partner of another pause, end or return ("Fallowfield, which paused
    its survey contract in May, resumed work with Treadwell", "Kasztan Bank Drops Pergamin Labs as Lufthansa Extends
    Pause"): the other party of the work left unsaid."""
    def doers(verb) -> set[str]:
        verb = _clause_verb(verb)  # (of a noun: "resumed work with Treadwell")
        while verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            verb = verb.head
        return {m.slug for c in verb.children if c.dep_ in SUBJECT_DEPS  # ("it resumed", "both resumed")
                for m in ctx.noun_phrase_orgs(c, resolve=c.lower_ in ctx.vocabulary.anaphora.pronouns
                                              or c.lower_ in QUANTIFIERS)}

    partners = _unique(m for t in ctx.sent if t.i != token.i and any(
        p.name in WORK_STATUS_PREDICATES for p, _ in triggers.get(t.lemma_.lower(), ()))
        and not _relative_subject(t)  # (not "Cohere Pauses Work At Caversham, Which Drops Wagefold")
        # (in a story's sentence, the same company's other decision: not "Dalby AI paused its projects, and Corby
        # AI resumed work with Weldon Data"; a headline puts two companies' side by side)
        and (headline or doers(t) & present)
        for m in (*ctx.prep_orgs(t, ["with"]),
                  *[m for c in t.children if c.dep_ == "dobj" and t.pos_ == "VERB"
                    for m in ctx.noun_phrase_orgs(c, resolve=False)])
        if m.slug not in present and m.kind != "attacker")
    return partners if len(partners) == 1 else []


def _hired_by_nobody_named(verb, hired: list[Mention], ctx: SentenceContext) -> bool:
    """A security firm hired in the passive, by nobody named, in a story of a breach that names no other company
    beside it (but the breached one): "Mandiant, which was brought in when the intrusion was discovered"."""
    return len(hired) == 1 and bool(ctx.article.victims) and hired[0].slug in ctx.article.security_firms \
        and verb.lemma_.lower() in ctx.vocabulary.hiring_verbs \
        and any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children) \
        and not any(c.dep_ == "agent" for c in verb.children) \
        and not any(m.slug != hired[0].slug and m.kind not in ("attacker", "agency")
                    and m.slug not in ctx.article.victims for m in ctx.by_token.values())


def _copied_from_others(token, ctx: SentenceContext) -> bool:
    """A copying "from" organizations unnamed: "has copied data from other insurers before", "from companies"."""
    if token.lemma_.lower() != "copy":
        return False
    phrases = (*token.children, *(g for o in token.children if o.dep_ == "dobj" for g in o.children))
    sources = [g for p in phrases if p.dep_ == "prep" and p.lower_ == "from" for g in p.children if g.dep_ == "pobj"]
    return any(_said_of_others(g) or g.tag_ == "NNS" and g.lemma_.lower() in ctx.vocabulary.anaphora.kinds
               for g in sources)


def _only_work_objects(token, ctx: SentenceContext, incidents: bool = False, loot: bool = False) -> bool:
    """The trigger has no object, or only "the projects", "its contract": the other party is left unsaid (a noun
    trigger the verb takes is no party: "follows an investment from Y"). With `incidents`, "the intrusion" and a
    relative pronoun leave it unsaid too; with `loot`, what was stolen."""
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "pobj":
        return True  # "in the wake of a breach by X": the verb's own object is no party of the noun
    verb = token if token.pos_ in ("VERB", "AUX") else _clause_verb(token)
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.i != token.i]
    # "one of its developers' accounts", "some of the files": what the quantity is of
    objects = [next((g for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                     if g.dep_ == "pobj"), o) if o.lower_ in QUANTIFIERS | BATCH_NOUNS else o for o in objects]
    # "cut ties with Cawthorne" where Cawthorne went unrecognized: the other party is named, just not known to be one
    if any(p.dep_ == "prep" and p.lower_ in ("with", "to", "from") and any(
            g.dep_ == "pobj" and g.pos_ == "PROPN" and not ctx.mention(g) for g in p.children)
           for holder in (verb, *objects) for p in holder.children):
        return False
    work = ctx.vocabulary.work_nouns | (ctx.vocabulary.incident_words | RELATIVE_PRONOUNS if incidents else frozenset()) \
        | (ctx.vocabulary.loot_nouns if loot else frozenset())
    return all(o.lower_ in work or o.lemma_.lower() in work
               or any(c.dep_ == "compound" and c.lemma_.lower() in work for c in o.children)
               or o.lower_ in ctx.vocabulary.own_work_nouns
               and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in o.children) for o in objects)


def relations_in_sentence(ctx: SentenceContext, triggers, evidence: str, *, base_confidence: float = 0.9,
                          allow_implicit: bool = True) -> list[Relation]:
    """Relations stated in one parsed sentence among the organizations it names or points back to."""
    vocabulary = ctx.vocabulary
    relations: list[Relation] = []
    for token in ctx.sent:
        if token.i in ctx.by_token:
            continue
        candidates = triggers.get(token.lemma_.lower(), ()) or triggers.get(token.lower_, ()) or (
            triggers.get(_regular_lemma(token.lower_), ()) if token.pos_ == "AUX" else ()) or (
            triggers.get(token.lower_[:-2], ()) if token.tag_ in ("VBD", "VBN") and token.lower_.endswith("ed") else ())
        # (the last: a past tense the lemmatizer does not know, "rebranded" -> "rebrande")
        if not candidates:
            continue
        # "Graphcore was sold to SoftBank": where the reading bound to a voice holds, the word's looser readings
        # ("sells to": a supplier) do not
        candidates = [c for c in candidates if c[1].voice and _voice_fits(token, c[1], vocabulary)] or candidates
        if any(t.named_object for _, t in candidates) and any(
                ctx.mention(c) is not None for c in token.children if c.dep_ == "dobj"):
            # "buying Boston Dynamics from SoftBank": a company bought is an acquisition, and its seller no supplier
            candidates = [c for c in candidates if c[1].named_object]
        lemmas = None
        for predicate, trigger in candidates:
            if trigger.pos and token.pos_ != trigger.pos and not (trigger.pos == "NOUN" and token.pos_ == "PROPN") \
                    and not (trigger.pos == "VERB" and token.pos_ == "AUX" and token.dep_ == "aux") \
                    and not (trigger.pos == "VERB" and _misread_verb(token, ctx)):
                continue
            if trigger.pos == "NOUN" and _misread_verb(token, ctx):
                continue
            if trigger.voice and not _voice_fits(token, trigger, vocabulary):
                continue
            if trigger.with_lemmas or trigger.with_any or trigger.without:
                lemmas = lemmas or _near_lemmas(token)
                if not _context_fits(trigger, lemmas):
                    continue
            if (_role_negated(token, vocabulary) if trigger.role else
                    _is_hedged_or_negated(token, vocabulary, claims_count=predicate.name == "breached_by",
                                          own_clause=trigger.pos == "VERB" and token.pos_ in ("NOUN", "PROPN"))):
                continue
            if predicate.name in WORK_STATUS_PREDICATES and token.tag_ in ("VBZ", "VBP") and any(
                    c.dep_ in SUBJECT_DEPS and c.lower_ in vocabulary.work_nouns for c in token.children):
                continue  # "the date its contract ends": a term that runs its course, no one's decision
            if predicate.symmetric and token.pos_ == "NOUN" and token.dep_ == "dobj" and any(
                    p.name in WORK_STATUS_PREDICATES for p, _ in triggers.get(token.head.lemma_.lower(), ())):
                continue  # "paused its partnership with X" states a pause, not a new partnership
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
                    subjects = ctx.focus({m.slug for m in objects})
                    confidence = 0.5
            elif trigger.employer:
                subjects, objects = _employer_arguments(token, trigger, ctx)
                confidence = base_confidence - 0.1
            elif trigger.incident_object:
                subjects, objects = _incident_arguments(token, trigger, ctx)
                confidence = base_confidence - 0.1
            else:
                subjects, objects = _verb_arguments(token, trigger, ctx)
                confidence = base_confidence
                hired = subjects + objects
                if trigger.inverse and allow_implicit and _hired_by_nobody_named(token, hired, ctx):
                    # "Mandiant, which was brought in when the intrusion was discovered": by the breached company
                    subjects, objects = ctx.breached_focus({hired[0].slug}), hired
                    confidence = 0.5
            # Parties of the wrong kind do not count ("paused its work after the gang's leak" names no partner).
            subject_kinds, object_kinds = ((predicate.object_kinds, predicate.subject_kinds) if trigger.inverse
                                           else (predicate.subject_kinds, predicate.object_kinds))
            subjects = [m for m in subjects if m.kind in subject_kinds]
            objects = [m for m in objects if m.kind in object_kinds or predicate.name == "formerly_known_as"]
            if trigger.object_kinds is not None:
                objects = [m for m in objects if m.kind in trigger.object_kinds]
            if trigger.implicit and not trigger.role and allow_implicit and subjects \
                    and _only_work_objects(token, ctx, incidents=True):
                # "Halden hired CrowdStrike to investigate the intrusion": the one hired looks into the one hiring
                # (whatever "the intrusion" would otherwise point back to; but "the intrusion at Pimlott" names it)
                if all(m.anaphor for m in objects):
                    objects = _hirers(token, ctx, {m.slug for m in subjects}) or objects
            if trigger.implicit and not trigger.role and allow_implicit and (subjects or objects) \
                    and not (subjects and objects) \
                    and _only_work_objects(token, ctx, incidents=predicate.name == "investigating",
                                           loot=predicate.name == "breached_by"):
                present = {m.slug for m in subjects + objects}
                # (not for "its recordings were among the clips copied by X": what a customer says was among the
                # loot was taken from its vendor)
                among_loot = token.dep_ == "acl" and token.head.dep_ == "pobj" \
                    and token.head.head.lower_ in ("among", "in")
                reporter = (_loot_owners(token, ctx, present) or _reporting_victim(token, ctx, present)) \
                    if predicate.name == "breached_by" and not among_loot else []
                # (nor is "X has copied data from other insurers before" said of anyone: copied from elsewhere)
                elsewhere = predicate.name == "breached_by" and _copied_from_others(token, ctx)
                focus = [] if elsewhere else _outer_subjects(token, ctx, present) or reporter or (
                    _supplier_named_here(ctx, present) or _partner_named_here(token, ctx, triggers, present)
                    if predicate.name in WORK_STATUS_PREDICATES else []) or \
                    (ctx.breached_focus(present) if predicate.name in ("breached_by", "investigating")
                     else ctx.focus(present))
                if subjects:
                    objects = focus
                elif token.pos_ in ("NOUN", "PROPN") and not _unresolved_party_subject(token, ctx):
                    subjects = focus  # "in the wake of a breach by ShinyLocust": whose breach goes unsaid
                confidence = min(confidence, 0.5)
            if (trigger.implicit or token.pos_ == "NOUN") and not allow_implicit \
                    and predicate.name in WORK_STATUS_PREDICATES and subjects \
                    and not objects and _only_work_objects(token, ctx):
                # A headline states no anaphora, but "Kasztan Bank Drops Pergamin Labs as Lufthansa Extends Pause"
                # names the one the pause is with in its other clause
                objects = _partner_named_here(token, ctx, triggers, {m.slug for m in subjects}, headline=True)
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
    return relations + former_names(ctx, evidence, vocabulary) + groups_behind(ctx, evidence, vocabulary) \
        + taken_on_by(ctx, evidence, vocabulary) + provided_things(ctx, evidence, vocabulary) \
        + pivots(ctx, evidence, vocabulary) \
        + counted_among(ctx, evidence, vocabulary) + tainted_installs(ctx, evidence, vocabulary)


def former_names(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """Renames written as an aside: "Sabledown (formerly Evalwright)", "Tidewell, previously Penhallow Talent,"
    and the other way round, "Penhallow Talent, now Tidewell Workforce,"."""
    predicate = vocabulary.predicates.get("formerly_known_as")
    found: list[Relation] = []
    if predicate is None:
        return found
    for token in ctx.sent:
        if token.dep_ != "advmod" or token.lower_ not in FORMER_ADVERBS | {"now"}:
            continue
        aside = token.head
        if aside.dep_ != "appos":
            # "Blackfen Labs, now Ravenmoor Data,": the parser may hang the adverb on the name before the aside
            aside = next((c for c in aside.children if c.dep_ == "appos" and c.i > token.i), aside)
        if aside.dep_ != "appos" or _is_hedged_or_negated(token, vocabulary):
            continue
        named, head = ctx.mention(aside), ctx.mention(aside.head)
        if named is None or head is None or named.slug == head.slug:
            continue
        current, former = (named, head) if token.lower_ == "now" else (head, named)
        relation = _relation(predicate, current, replace(former, kind="former"), evidence, 0.8)
        if relation:
            found.append(relation)
    return found


def _incident_noun(token, vocabulary: Vocabulary) -> bool:
    """An incident word, also one the tokenizer split ("the break-in"), or an account takeover (not a takeover of a
    company, which is an acquisition)."""
    split = token.i >= 2 and token.doc[token.i - 1].text == "-" \
        and f"{token.doc[token.i - 2].lower_}-{token.lower_}" in vocabulary.incident_words
    account_takeover = token.lower_ in ("takeover", "takeovers") and any(
        c.dep_ == "compound" and c.lemma_.lower() == "account" for c in token.children)
    return token.lemma_.lower() in vocabulary.incident_words or token.lower_ in vocabulary.incident_words or split \
        or account_takeover


def groups_behind(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """Attackers said to be behind an incident: "Umber Jackal, the group behind the theft at Larkspur",
    "investigators say Static Ptarmigan was behind the Quarrystone attack", "X was responsible for the intrusion",
    "the break-in was the work of X", "the culprit is X"."""
    predicate = vocabulary.predicates.get("breached_by")
    found: list[Relation] = []
    if predicate is None:
        return found
    for token in ctx.sent:
        incidents = _incidents_attributed(token, vocabulary)
        attackers = _attributed_to(token, ctx, vocabulary) if incidents else []
        if not attackers:
            continue
        victims = [m for i in incidents for c in i.children if c.dep_ in ("poss", "compound") for m in ctx.org_of(c)]
        victims += [m for i in incidents for m in ctx.prep_orgs(i, ["at", "on", "against", "of"])]
        victims = [m for m in _unique(victims) if m.kind != "attacker"] or \
            [replace(m, anaphor=True) for m in ctx.breached_focus(set())]
        for victim in victims:
            for attacker in attackers:
                relation = _relation(predicate, victim, attacker, evidence, 0.8)
                if relation:
                    found.append(relation)
    return found




def _incidents_attributed(token, vocabulary: Vocabulary) -> list:
    """The incident nouns `token` attributes to someone: "the takeover was the [work] of X", "X was
    [responsible] for the intrusion", "the group [behind] the theft" (or the [culprit] itself, standing for the
    story's incident); [] for any other word."""
    if token.lower_ == "work" and token.dep_ == "attr" and token.head.lemma_ == "be" \
            and not _is_hedged_or_negated(token.head, vocabulary):
        return [c for c in token.head.children if c.dep_ in SUBJECT_DEPS and _incident_noun(c, vocabulary)]
    if token.lower_ == "responsible" and token.dep_ == "acomp" and token.head.lemma_ == "be" \
            and not _is_hedged_or_negated(token.head, vocabulary):
        return [g for p in token.children if p.dep_ == "prep" and p.lower_ == "for"
                for g in p.children if g.dep_ == "pobj" and _incident_noun(g, vocabulary)]
    if token.lower_ == "behind" and token.dep_ == "prep" and not _is_hedged_or_negated(token, vocabulary):
        return [c for c in token.children if c.dep_ == "pobj" and c.lemma_.lower() in vocabulary.incident_words]
    if token.lower_ in CULPRIT_NOUNS and token.dep_ in SUBJECT_DEPS and token.head.lemma_ == "be" \
            and not _is_hedged_or_negated(token.head, vocabulary):
        # "says the culprit is Brine Quokka": the story's incident, standing in for it (or the incident it is the
        # culprit "of" or "behind"; not "the culprit for the delayed launch")
        of = [g for p in token.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        return [token] if all(_incident_noun(g, vocabulary) for g in of) else []
    return []


def _attributed_to(token, ctx: SentenceContext, vocabulary: Vocabulary) -> list[Mention]:
    """The attackers a word found by `_incidents_attributed` names, each of kind "attacker"."""
    if token.lower_ in CULPRIT_NOUNS:
        # (only a name the article takes for a group: "the culprit was Zentrix, a chip supplier" names none)
        return [m for c in token.head.children if c.dep_ == "attr"
                for m in ctx.noun_phrase_orgs(c, resolve=False) if m.kind == "attacker"]
    if token.lower_ == "work":
        # whoever an attack was the work of is its attacker
        return [m if m.kind == "attacker" else replace(m, kind="attacker")
                for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children if g.dep_ == "pobj" for m in ctx.noun_phrase_orgs(g, resolve=False)]
    holder = token.head
    if holder.lemma_ == "be":
        attackers = [m for c in holder.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    else:
        attackers = ctx.org_of(holder, resolve=False)
    # "Umber Jackal, the group behind the theft": being the group behind an attack makes it an attacker
    named_group = holder.lower_ in words_for(vocabulary).attacker_nouns
    return [m if m.kind == "attacker" else replace(m, kind="attacker") for m in attackers
            if m.kind == "attacker" or named_group]


def counted_among(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """ "Thornquist counts Mistral AI and Pinewick AI, a Toronto startup that builds coding assistants, among its
    customers": each name between "counts" and "among" holds the role (a relational trigger noun) for the one
    counting. The parser loses such lists under their descriptions, so they are read on the words."""
    roles = vocabulary.role_triggers
    found: list[Relation] = []
    tokens = ctx.sent
    for count in tokens:
        if count.lower_ not in ("count", "counts", "counted") or _is_hedged_or_negated(count, vocabulary):
            continue
        among = next((t for t in tokens[count.i + 1:] if t.lower_ == "among"), None)
        role = next((t for t in tokens[among.i + 1:among.i + 5] if t.lemma_.lower() in roles), None) if among else None
        if role is None:
            continue
        owners = [m for c in count.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)] or (
            [ctx.mention(tokens[count.i - 1])] if count.i > 0 and ctx.mention(tokens[count.i - 1]) else [])
        members = _unique(ctx.by_token[i] for i in range(count.i + 1, among.i) if i in ctx.by_token)
        predicate, trigger = roles[role.lemma_.lower()]
        for owner in owners[:1]:
            for member in members:
                subject, obj = (member, owner) if trigger.inverse else (owner, member)
                relation = _relation(predicate, subject, obj, evidence, 0.8)
                found += [relation] if relation else []
    return found


def _orgs_within(token, ctx: SentenceContext, skip: set[int]) -> list[Mention]:
    """Organizations a phrase names, not counting its asides ("Stannard, a firm that supplied Cawthorne") or the
    tokens in `skip`; a possessive pronoun counts as the organization it points back to ("its help desk")."""
    found: list[Mention] = []
    for child in (token, *token.children):
        if child.i in skip:
            continue
        if child.i != token.i:
            if child.dep_ in ("relcl", "appos", "punct"):
                continue
            found += _orgs_within(child, ctx, skip)
        elif ctx.mention(child):
            found.append(ctx.mention(child))
        elif child.dep_ == "poss" and child.lower_ in ctx.vocabulary.anaphora.pronouns:
            found += ctx.org_of(child)
    return found


def pivots(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """Attackers who got into one company with what they took from another: "the intruders entered Cawthorne's
    systems using credentials stolen from Stannard", "hackers used its help desk to get into the systems of
    Cawthorne" -> the company reached is affected_by the one whose access was used."""
    predicate = vocabulary.predicates.get("affected_by")
    found: list[Relation] = []
    if predicate is None:
        return found
    attacker_nouns = words_for(vocabulary).attacker_nouns | vocabulary.anaphora.attacker_words
    for use in ctx.sent:
        if use.lemma_.lower() != "use" or use.pos_ != "VERB" or _is_hedged_or_negated(use, vocabulary):
            continue
        instruments = [c for c in use.children if c.dep_ in OBJECT_DEPS]
        purposes = [c for c in use.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"]
        clause = use
        if use.dep_ in ("acl", "advcl"):  # "entered X's systems using credentials …"
            clause = _clause_verb(use.head) if use.dep_ == "acl" else use.head
            purposes.append(clause)
        doers = [c for v in (use, clause) for c in v.children if c.dep_ in SUBJECT_DEPS]
        if not any(d.lower_ in attacker_nouns or (ctx.mention(d) and ctx.mention(d).kind == "attacker") for d in doers):
            continue
        used = {t.i for i in instruments for t in i.subtree}
        sources = _unique([m for i in instruments for m in _orgs_within(i, ctx, set())])
        own = {t.i for t in use.subtree}
        targets = _unique([m for p in purposes for m in _orgs_within(p, ctx, used | (own - {t.i for t in p.subtree}))])
        if sources and purposes and not targets:
            targets = _telling_victim(use, ctx)  # "Wendover said hackers had used a stolen Tolliver token to copy …"
        for target in targets:
            for source in sources:
                if source.slug == target.slug or "attacker" in (source.kind, target.kind):
                    continue
                relation = _relation(predicate, target, source, evidence, 0.7)
                found += [relation] if relation else []
    return found


def tainted_installs(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """A tampered release that reached a company: "Hugging Face said two of its runners had installed one of the
    tainted versions", "the poisoned version ran on its build servers", "an engineer had loaded one of the
    tampered files" (said by the company). The company reached is affected_by the one whose release it was: the
    one the phrase names ("the poisoned release of Belcourt's library"), else the story's breached company."""
    predicate = vocabulary.predicates.get("affected_by")
    found: list[Relation] = []
    if predicate is None or not vocabulary.tainted_words:
        return found

    def tainted(phrase) -> bool:
        return any(t.lower_ in vocabulary.tainted_words for t in phrase.subtree)

    for use in ctx.sent:
        lemma = use.lemma_.lower()  # ("installed" comes out as "instal")
        if lemma not in vocabulary.tainted_uses and lemma + lemma[-1:] not in vocabulary.tainted_uses \
                or use.pos_ != "VERB" or _is_hedged_or_negated(use, vocabulary):
            continue
        subjects = [c for c in use.children if c.dep_ in SUBJECT_DEPS]
        objects = [c for c in use.children if c.dep_ in OBJECT_DEPS]
        places = [c for c in use.children if c.dep_ in ("prep", "agent")]
        if any(tainted(o) for o in objects):
            # "its servers installed the poisoned version": the one using it
            release = [o for o in objects if tainted(o)]
            reached = [m for s in subjects for m in _orgs_within(s, ctx, set())]
        elif any(tainted(s) for s in subjects):
            # "the poisoned version ran on its servers", "the tampered version was pulled in by its service"
            release = [s for s in subjects if tainted(s)]
            reached = [m for p in places for m in _orgs_within(p, ctx, set())]
        else:
            continue
        if not reached and use.dep_ == "relcl":
            reached = _relative_clause_doers(use, ctx)
        elif not reached:  # (not "any customer whose systems had run the tainted files")
            reached = _telling_victim(use, ctx)
        reached = [m for m in _unique(reached) if m.kind != "attacker"]
        if not reached:
            continue
        reached_slugs = {m.slug for m in reached}
        sources = [m for r in release for m in _orgs_within(r, ctx, set())
                   if m.kind != "attacker" and m.slug not in reached_slugs]
        sources = sources or ctx.breached_focus(reached_slugs)
        for target in reached:
            for source in _unique(sources):
                relation = _relation(predicate, target, source, evidence, 0.6)
                found += [relation] if relation else []
    return found


def _relative_subject(clause) -> bool:
    """A relative clause whose subject is its relative pronoun: "(X,) which downloaded …", "those that …"."""
    return clause.dep_ == "relcl" and any(c.dep_ in SUBJECT_DEPS and c.lower_ in RELATIVE_PRONOUNS
                                          for c in clause.children)


def _relative_clause_doers(clause, ctx: SentenceContext) -> list[Mention]:
    """Who did what a relative clause says: "Halvenco, which downloaded …" (the name the clause is on),
    "its servers, which downloaded …" (their owner), "Among those that downloaded … was Halvenco", "Halvenco
    was among the customers that downloaded …"."""
    if not _relative_subject(clause):
        return []
    head = clause.head
    if ctx.mention(head):
        return [ctx.mention(head)]
    owners = [m for c in head.children if c.dep_ == "poss" for m in ctx.org_of(c)]
    if owners and head.lemma_.lower() not in PEOPLE_AROUND and head.lower_ not in PEOPLE_AROUND:
        # "its transcription, which runs on models licensed from X": the transcription's owner (not "its
        # customers, who use …", "its rivals, which downloaded …": others, not the owner)
        return owners
    if head.dep_ == "pobj" and head.head.lower_ == "among" and head.head.head.lemma_ == "be":
        return [m for c in head.head.head.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)]
    return []


def _telling_victim(verb, ctx: SentenceContext) -> list[Mention]:
    """The company that tells of an intrusion whose target goes unsaid: the subject of the statement the
    intrusion is reported in ("Wendover said hackers had used …", "Ivesdale confirmed that …")."""
    for governor in _governors(verb):
        if governor.lemma_.lower() in STATEMENT_LEMMAS | ctx.vocabulary.own_incident_verbs:
            return [m for c in governor.children if c.dep_ in SUBJECT_DEPS
                    for m in ctx.noun_phrase_orgs(c) if m.kind != "attacker"][:1]
    return []


def provided_things(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """A company's thing that another provides, said with a participle: "Wortspeicher runs a platform hosted by
    Hetzner", "Helixmere confirmed that a server hosted by AWS had been left open", "Skerrylink's assistant runs
    on a model supplied by AI21 Labs", "trains its models on GPUs rented from CoreWeave" (`obtaining_verbs`).
    Only things a company runs on (`provided_things`: servers, storage, models; not "a survey run by X", "a forum
    hosted by X"). The owner is the thing's possessor, else the subject of the clause it sits in (or the owner
    of what a relative clause is on), else, for a thing provided, the company reporting it."""
    predicate = vocabulary.predicates.get("supplier_of")
    found: list[Relation] = []
    if predicate is None:
        return found
    for token in ctx.sent:
        # "a server hosted by X", or said in the passive: "The cluster was hosted by X"
        passive = token.tag_ == "VBN" and token.dep_ != "acl" and token.lemma_.lower() in vocabulary.providing_verbs
        said_of = next((c for c in token.children if c.dep_ == "nsubjpass"), None) if passive else token.head
        if said_of is None:
            continue
        lemma, thing = token.lemma_.lower(), said_of.lemma_.lower()
        if token.dep_ != "acl" and not passive or token.tag_ != "VBN" \
                or lemma not in vocabulary.providing_verbs and lemma not in vocabulary.obtaining_verbs \
                or thing not in vocabulary.provided_things and thing.removesuffix("s") not in vocabulary.provided_things \
                or _is_hedged_or_negated(token, vocabulary):
            continue
        # "hosted by X" (the provider does it), "rented from X" (the owner got it from the provider; not when
        # the one who got it is said: "servers rented from Hetzner by the gang", "models licensed from X to Y")
        obtained = lemma not in vocabulary.providing_verbs
        if not obtained:
            phrases = [p for p in token.children if p.dep_ == "agent"]
        elif any(p.dep_ == "agent" or p.dep_ in ("prep", "dative") and p.lower_ == "to" for p in token.children):
            continue
        else:
            phrases = [p for p in token.children if p.dep_ == "prep" and p.lower_ == "from"]
        providers = [m for p in phrases for g in p.children if g.dep_ == "pobj"
                     for m in ctx.noun_phrase_orgs(g, resolve=False) if m.kind != "attacker"]
        if not providers:
            continue
        present = {m.slug for m in providers}
        thing = said_of
        owners = [m for c in thing.children if c.dep_ == "poss" for m in ctx.org_of(c)] \
            or (_outer_subjects(token, ctx, present) if not passive else [])
        if not owners and not obtained and not _relative_subject(_clause_verb(thing)):
            # (not the teller of "its transcription, which runs on …", nor of "the attackers used GPUs rented
            # from X": who got a thing is said, or unknown)
            owners = _teller_of(thing, ctx)
        if not owners and lemma == "host" and thing.dep_ != "appos" \
                and [c.lower_ for c in thing.children if c.i != token.i and c.dep_ not in ("punct", "compound")
                     and not (c.dep_ == "amod" and c.lower_ in vocabulary.exposure_words | EXPOSED_WORDS)] == ["the"]:
            # "The cluster was hosted by DigitalOcean", "The exposed instance was hosted by X": the one of the
            # company the story is about (not "M-Pesa, the mobile-money service run by Safaricom", a description;
            # nor "the command-and-control server", nor a server the sentence says is another company's)
            story = ctx.focus(present)
            parties = present | {m.slug for m in story}
            if all(m.slug in parties for m in _parties_near(_clause_verb(thing), ctx)):
                owners = story
        for owner in owners:
            if owner.slug not in present and owner.kind != "attacker":
                for provider in providers:
                    relation = _relation(predicate, provider, owner, evidence, 0.7)
                    if relation:
                        found.append(relation)
    return found


def _teller_of(token, ctx: SentenceContext) -> list[Mention]:
    """The organization whose statement holds `token`: "Helixmere confirmed that a server … had been left open"."""
    for word in _governors(token):
        if word.dep_ == "ccomp" and word.head.lemma_.lower() in STATEMENT_LEMMAS:
            return [m for c in word.head.children if c.dep_ in SUBJECT_DEPS for m in ctx.noun_phrase_orgs(c)][:1]
    return []


def taken_on_by(ctx: SentenceContext, evidence: str, vocabulary: Vocabulary) -> list[Relation]:
    """A company described by who took it on: "Kroll, the firm the vendor hired after the break-in", "Ledbury,
    the payments company Renwick uses to pay its experts".

    The small parser reads such relative clauses without "that" as nonsense ("firm" the subject of "hired"), so
    they are read on the words: name, comma, "the" (or "a"), a description ending in a descriptor noun, an
    optional "that", the client (a name or words pointing back to one) and a verb by which a client takes on a
    supplier (the inverse supplier_of triggers: "uses", "hired", "retained"); or name, comma, "which" and the
    same ("Deloitte, which Threlkeld retained after the breach"). Hired after an incident, or to investigate, the firm
    investigates the client too.
    """
    supplier, investigating = vocabulary.predicates.get("supplier_of"), vocabulary.predicates.get("investigating")
    if supplier is None:
        return []
    taking_on = {t.lemma for t in supplier.triggers if t.inverse and (not t.object_slots or "dobj" in t.object_slots)}
    # "Cradock, the build-and-deploy service Trevose relies on": a verb whose supplier follows "on", stranded
    stranded_on = {t.lemma for t in supplier.triggers if t.inverse and t.object_slots == ("on",)}
    looking_into = set(vocabulary.incident_words) | (
        {t.lemma for t in investigating.triggers} if investigating else set())
    descriptors = words_for(vocabulary).descriptors
    tokens, found = ctx.sent, []
    for token in tokens:
        named = ctx.mention(token)
        if named is None or token.i + 3 >= len(tokens) or ctx.mention(tokens[token.i + 1]) is named:
            continue  # the last word of a name, then ", the"
        if tokens[token.i + 1].text != ",":
            continue
        if tokens[token.i + 2].lower_ in ("which", "whom"):
            k = token.i + 3  # "Deloitte, which Threlkeld retained after the breach"
        elif tokens[token.i + 2].lower_ in ("the", "a", "an"):  # ("Dijkwacht, a Utrecht forensic firm X hired")
            k = token.i + 3
            while k < min(len(tokens), token.i + 8) and tokens[k].lower_ not in descriptors \
                    and (tokens[k].is_alpha or tokens[k].text == "-") and not ctx.mention(tokens[k]):
                k += 1  # "the investigations firm", "the payments company"
            if k >= len(tokens) - 2 or tokens[k].lower_ not in descriptors:
                continue
            k += 1
            if tokens[k].lower_ in ("that", "which", "whom"):
                k += 1
        else:
            continue
        client, verb = ctx.mention(tokens[k]), None
        if client is not None:
            while k < len(tokens) and ctx.mention(tokens[k]) is client:
                k += 1
        elif tokens[k].lower_ in ctx.vocabulary.anaphora.pronouns or tokens[k].lower_ in ctx.vocabulary.anaphora.determiners:
            pointing = tokens[k] if tokens[k].lower_ in ctx.vocabulary.anaphora.pronouns else tokens[k + 1]
            kinds = ctx.vocabulary.anaphora.kinds.get(pointing.lower_)
            if pointing.i != tokens[k].i and kinds is None:
                continue
            earlier = [m for m in ctx.referents(pointing) if m.slug != named.slug] or [
                m for m in ctx.focus({named.slug}) if kinds is None or m.kind in kinds]
            client = replace(earlier[0], anaphor=True) if earlier else None
            k = pointing.i + 1
        if client is None or k >= len(tokens):
            continue
        verb = tokens[k]
        stranded = verb.lemma_.lower() in stranded_on and verb.i + 1 < len(tokens) and tokens[verb.i + 1].lower_ == "on"
        if verb.lemma_.lower() not in taking_on and not stranded or _is_hedged_or_negated(verb, vocabulary):
            continue
        if verb.lower_ == "used" and verb.i + 1 < len(tokens) and tokens[verb.i + 1].lower_ == "to":
            continue  # "a startup Velmora used to compete with": a habit, not a use
        relation = _relation(supplier, named, client, evidence, 0.8)
        found += [relation] if relation else []
        clause = []
        others = set()  # organizations the clause names besides the two: "retained to examine Tambari's storage"
        for t in tokens[token.i + 3:]:
            if t.text in (",", ".", ";") and t.i > k:
                break
            clause.append(t.lemma_.lower())
            if t.text == "-" and t.i > 0 and t.i + 1 < len(tokens):
                clause.append(f"{tokens[t.i - 1].lower_}-{tokens[t.i + 1].lower_}")  # "break-in"
            if t.i > k and ctx.mention(t) and ctx.mention(t).slug not in (client.slug, named.slug):
                others.add(ctx.mention(t).slug)
        if investigating and verb.lemma_.lower() in vocabulary.hiring_verbs and set(clause) & looking_into \
                and not others:
            relation = _relation(investigating, named, client, evidence, 0.7)
            found += [relation] if relation else []
    return found


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
