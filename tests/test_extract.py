"""The extractor on the hard cases of news prose, with the real spaCy model and the project's own gazetteer."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.entries import load_content
from pipeline.extract import Extraction, Gazetteer, Org, Relation, extract, extract_many
from pipeline.relevance import Relevance
from pipeline.slugs import slugify
from pipeline.store import gazetteer_from
from pipeline.vocabulary import load_vocabulary

PROJECT_ROOT = Path(__file__).resolve().parent.parent


KNOWN_COMPANIES = Path(__file__).parent / "fixtures" / "known-companies"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The project's companies plus well-known ones, as a newsroom's filled-in content/companies/ would hold."""
    content = load_content(PROJECT_ROOT / "content")
    known = load_content(KNOWN_COMPANIES)
    assert not known.problems, known.problems
    content.companies.update(known.companies)
    return gazetteer_from(content)


@dataclass(frozen=True)
class Case:
    """One short article and what must (and must not) come out of it."""

    name: str
    text: str
    title: str = ""
    orgs: tuple[str, ...] = ()
    not_orgs: tuple[str, ...] = ()
    relations: tuple[tuple[str, str, str], ...] = ()
    not_relations: tuple[tuple[str, str, str], ...] = ()
    no_relations: bool = False
    mentions: dict = field(default_factory=dict)


CASES = [
    Case(
        "headline in Title Case is not one long organization; bare AI is no organization",
        title="AI Training Data Company Mercor Hit by Security Breach, Meta Pauses Partnership",
        text="Mercor, which supplies AI labs with expert contractors, said an intruder reached its systems. "
             "AI companies have grown quickly, and AI vendors hold sensitive material.\n\n"
             "Meta paused its partnership with Mercor on Friday, a Meta spokesperson said.",
        orgs=("Mercor", "Meta"),
        not_orgs=("AI", "AI Training Data Company Mercor", "AI Training Data Company Mercor Hit"),
        relations=(("Meta", "paused_work_with", "Mercor"),),
    ),
    Case(
        "names that contain AI are companies, and Surge AI is not a person",
        text="Surge AI said on Tuesday that it had ended its contract with Ridgeback Annotation, a subcontractor "
             "in Manila. Scale AI and Mistral AI declined to comment.",
        orgs=("Surge AI", "Ridgeback Annotation", "Scale AI", "Mistral AI"),
        relations=(("Surge AI", "ended_work_with", "Ridgeback Annotation"),),
    ),
    Case(
        "aliases, suffixes, possessives and 'Facebook parent Meta' resolve to one company",
        text="Facebook parent Meta has suspended its projects with Ostler Data Inc., a labeling vendor. "
             "Meta Platforms said Ostler Data's systems were reached by an intruder. "
             "Meta's security team is reviewing the incident.",
        orgs=("Meta", "Ostler Data"),
        not_orgs=("Facebook", "Meta Platforms", "Ostler Data Inc.", "Meta's"),
        relations=(("Meta", "paused_work_with", "Ostler Data"),),
        mentions={"Meta": {"Facebook parent Meta", "Meta Platforms"}},
    ),
    Case(
        "people and products are not organizations; outlets cited as sources are not either",
        text="Anthropic spokesperson Daniel Ferreira said Claude was not affected, according to Wired. "
             "Ferreira told The Verge that ChatGPT users need not worry, and OpenAI chief executive "
             "Sam Altman agreed, Reuters reported.",
        orgs=("Anthropic", "OpenAI"),
        not_orgs=("Daniel Ferreira", "Ferreira", "Claude", "ChatGPT", "Wired", "The Verge", "Verge",
                  "Sam Altman", "Reuters"),
    ),
    Case(
        "common words are companies only where used as names",
        text="Building data pipelines at scale is hard, and a handshake deal is no contract. "
             "The quality drift was invisible to users, and every project is a special snowflake. "
             "Scale is the hard part for most startups.",
        not_orgs=("Scale", "Scale AI", "Handshake", "Invisible", "Invisible Technologies", "Drift", "Snowflake"),
    ),
    Case(
        "the same common words as names",
        text="Turing, the Palo Alto company, said it had paused work with Brackwater Labs. "
             "Handshake said it supplies tutors to OpenAI. Snowflake said its platform was not compromised.",
        orgs=("Turing", "Handshake", "Snowflake", "Brackwater Labs", "OpenAI"),
        relations=(("Turing", "paused_work_with", "Brackwater Labs"), ("Handshake", "supplier_of", "OpenAI")),
    ),
    Case(
        "negated, hedged and hypothetical statements give no relation",
        text="Google did not suspend its work with Quenby Data. Microsoft is said to be considering pausing its "
             "projects with Quenby Data. Amazon could end its contract with Quenby Data if an audit fails. "
             "Cohere has not paused anything with Quenby Data.",
        orgs=("Google", "Microsoft", "Amazon", "Cohere", "Quenby Data"),
        no_relations=True,
    ),
    Case(
        "passive voice",
        text="Tarnwell Data's contract was suspended by Meta on Monday. "
             "Tarnwell Data is also being investigated by the Federal Trade Commission.",
        relations=(("Meta", "paused_work_with", "Tarnwell Data"),
                   ("Federal Trade Commission", "investigating", "Tarnwell Data")),
        not_relations=(("Tarnwell Data", "paused_work_with", "Meta"),),
    ),
    Case(
        "coordination gives one relation per organization",
        text="Meta, OpenAI and Google all paused work with Fallowfield Data after the breach.",
        relations=(("Meta", "paused_work_with", "Fallowfield Data"), ("OpenAI", "paused_work_with", "Fallowfield Data"),
                   ("Google", "paused_work_with", "Fallowfield Data")),
    ),
    Case(
        "'the company' and 'the startup' point back to the organization named before",
        text="Corliss Labs, a startup that writes evaluation prompts, disclosed a breach on Monday. "
             "The company supplies red-team testers to Anthropic and Microsoft.\n\n"
             "Anthropic has terminated its contract with the startup.",
        relations=(("Corliss Labs", "supplier_of", "Anthropic"), ("Corliss Labs", "supplier_of", "Microsoft"),
                   ("Anthropic", "ended_work_with", "Corliss Labs")),
    ),
    Case(
        "a spokesperson's quote is the organization's statement",
        text='"We have paused our engagements with Halloway Crowd while the investigation continues," '
             "a Microsoft spokesperson said.",
        orgs=("Microsoft", "Halloway Crowd"),
        relations=(("Microsoft", "paused_work_with", "Halloway Crowd"),),
    ),
    Case(
        "attacker groups, breaches and who was exposed",
        text="Pellworth Data said a crew calling itself Copper Heron broke into its file servers. "
             "OpenAI, a Pellworth Data customer, said some of its prompts were among the files the attackers copied.",
        orgs=("Pellworth Data", "Copper Heron", "OpenAI"),
        relations=(("Pellworth Data", "breached_by", "Copper Heron"), ("Pellworth Data", "supplier_of", "OpenAI"),
                   ("OpenAI", "affected_by", "Pellworth Data")),
    ),
    Case(
        "pausing a partnership is no new partnership; a name that starts a clause is not a conjunct",
        text="Then the startup disclosed a breach, Meta paused its partnership with Mercor and OpenAI began "
             "investigating. Several contractors said their Meta projects stopped without warning, leaving them "
             "with no work this week.",
        relations=(("Meta", "paused_work_with", "Mercor"),),
        not_relations=(("Meta", "partnered_with", "Mercor"), ("Meta", "paused_work_with", "OpenAI"),
                       ("Meta", "ended_work_with", "Mercor")),
    ),
    Case(
        "investments, acquisitions, lawsuits, partnerships and renames",
        text="Nvidia invested in Quillmark last year. Databricks has acquired Quillmark, which was formerly known "
             "as Inkwell Systems. The Federal Trade Commission sued Databricks in May. "
             "Databricks partnered with Hugging Face on model scanning.",
        relations=(("Nvidia", "invested_in", "Quillmark"), ("Databricks", "acquired", "Quillmark"),
                   ("Quillmark", "formerly_known_as", "Inkwell Systems"),
                   ("Federal Trade Commission", "sued", "Databricks"),
                   ("Databricks", "partnered_with", "Hugging Face")),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hard_cases(case: Case, nlp, gazetteer):
    result = extract(case.text, nlp, title=case.title, gazetteer=gazetteer)
    names = {o.name for o in result.orgs}
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert set(case.orgs) <= names, f"{case.name}: missing {set(case.orgs) - names}; got {sorted(names)}"
    assert not set(case.not_orgs) & names, f"{case.name}: wrongly found {set(case.not_orgs) & names}"
    assert set(case.relations) <= triples, f"{case.name}: missing {set(case.relations) - triples}; got {sorted(triples)}"
    assert not set(case.not_relations) & triples, f"{case.name}: wrongly found {set(case.not_relations) & triples}"
    if case.no_relations:
        assert not triples, f"{case.name}: expected no relations, got {sorted(triples)}"
    for name, surfaces in case.mentions.items():
        org = next(o for o in result.orgs if o.name == name)
        assert surfaces <= set(org.mentions), f"{case.name}: {name} mentions {org.mentions}"


def test_relations_carry_their_sentence_slugs_and_a_confidence(nlp, gazetteer):
    text = ("Mercor said an intruder reached its systems on Monday.\n\n"
            "Meta paused its projects with Mercor after the incident, a Meta spokesperson said.")
    result = extract(text, nlp, gazetteer=gazetteer)
    relation = next(r for r in result.relations if r.predicate == "paused_work_with")
    assert relation.evidence == "Meta paused its projects with Mercor after the incident, a Meta spokesperson said."
    assert (relation.subject_slug, relation.object_slug) == ("meta", "mercor")
    assert 0.0 < relation.confidence <= 1.0
    assert {o.slug for o in result.orgs} == {"mercor", "meta"}


def test_an_editor_adding_an_alias_changes_what_is_resolved(project, nlp):
    text = "Velmora Systems has suspended its work with Mercor, the company said."
    before = extract(text, nlp, gazetteer=gazetteer_from(load_content(project.content_dir)))
    assert "Velmora Systems" in {o.name for o in before.orgs}
    (project.content_dir / "companies" / "kestrel-group.md").write_text(
        "---\ntype: company\nname: Kestrel Group\naliases: [Velmora Systems]\n---\n", encoding="utf-8")
    after = extract(text, nlp, gazetteer=gazetteer_from(load_content(project.content_dir)))
    assert "Kestrel Group" in {o.name for o in after.orgs}
    assert ("Kestrel Group", "paused_work_with", "Mercor") in {(r.subject, r.predicate, r.object) for r in after.relations}


def test_same_input_same_output(nlp, gazetteer):
    text = CASES[-1].text
    assert extract(text, nlp, gazetteer=gazetteer) == extract(text, nlp, gazetteer=gazetteer)


def test_batch_extraction_matches_one_by_one(nlp, gazetteer):
    articles = [(c.text, c.title) for c in CASES[:5]]
    assert extract_many(articles, nlp, gazetteer=gazetteer) == [
        extract(text, nlp, title=title, gazetteer=gazetteer) for text, title in articles]


def test_relevance_uses_terms_relations_and_known_ai_companies(nlp, gazetteer, project):
    content = load_content(project.content_dir)
    relevance = Relevance.from_content(project.relevance_incident_terms, project.relevance_ai_terms, content.companies)
    incident = "Hackers breached Brindle Data, and Scale AI paused its projects with the vendor."
    assert extract(incident, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    launch = "Norvik launched a phone with a camera that is the obvious compromise; Google provides the software."
    assert not extract(launch, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    # No AI word, but a breach stated between organizations at a company content/ knows as an AI business.
    exposure = ("An intruder stole contractor files from Mercor, and the breach exposed records. "
                "Mercor said the exposure was contained.")
    assert extract(exposure, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    # A speech-data supplier to voice assistants is in the AI supply chain, though the story never says "AI".
    speech = "An extortion crew stole recordings from Quillfield Labs, which sells speech data for voice assistants."
    assert extract(speech, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    # So are a vendor of synthetic voices and a GPU cloud.
    voices = "An insider leaked 40,000 recordings from Quillfield Labs, which builds synthetic voices for publishers."
    assert extract(voices, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    cloud = "A ransomware attack took down Quillfield Labs, a GPU cloud with a data centre in Sydney."
    assert extract(cloud, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    vectors = "Quillfield Labs, a vector database provider, exposed customer documents in an unsecured bucket."
    assert extract(vectors, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    # So are those who steer robots, translate with stored memories, caption or moderate, and a term's words
    # may be joined by a hyphen.
    for business in ("whose remote operators steer warehouse robots", "a translation-memory provider",
                     "a captioning company", "an image-moderation contractor", "a synthetic-data startup"):
        stolen = f"Hackers stole files from Quillfield Labs, {business}."
        assert extract(stolen, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant, business
    chats = "A storage bucket at Quillfield Labs sat open, exposing chat transcripts it kept to train its models."
    assert extract(chats, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    # Words that are also said of ordinary business are no incident: a hacking contest, stealing customers.
    contest = "Quillfield Labs hosted a weekend hacking contest for students building AI agents."
    assert not extract(contest, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    rivals = "Quillfield Labs is stealing customers from its rivals with a cheaper AI model."
    assert not extract(rivals, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant
    # A company named for its supply chain is no supply-chain attack.
    robots = "DHL Supply Chain will deploy 500 warehouse robots from Quillfield Labs next year."
    assert not extract(robots, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant


def test_relevance_before_extraction_is_the_same_rule_on_the_text_alone(nlp, gazetteer, project):
    content = load_content(project.content_dir)
    relevance = Relevance.from_content(project.relevance_incident_terms, project.relevance_ai_terms, content.companies)
    assert relevance.plausible("Hackers breached an AI data vendor.")
    # No AI word: a known AI company's name stands in for the organization, with two incident words.
    assert relevance.plausible("An intruder stole contractor files from Mercor, and the breach exposed records.")
    assert not relevance.plausible("Mercor hired a new chief of staff after a compromise on pay.")
    assert not relevance.plausible("Norvik launched a phone with a camera that is the obvious compromise.")
    # The text alone may be relevant; once extracted, the name is no organization, and the article is not.
    beetle = "Gardeners say the mercor beetle leaked sap after an attack by aphids, and the breach in the bark spread."
    assert relevance.plausible(beetle)
    assert not extract(beetle, nlp, gazetteer=gazetteer, is_relevant=relevance).relevant


BAD_INPUTS = [
    ("empty", "", "no text to extract from"),
    ("only markup", "<div><p></p><br/><img src='x.png'></div>", "markup tags were removed"),
    ("only emoji", "🔥🔥 🚀💥 😱", "no text to extract from"),
    ("control characters", "Meta\x00 paused\x07 work with\x1b Mercor.\x0c", "control characters"),
    ("not English", "Die Aufsichtsbehörde hat eine Untersuchung gegen das Unternehmen eingeleitet, weil die Daten "
                    "der Mitarbeiter ohne Zustimmung weitergegeben wurden und niemand davon wusste.",
     "does not look like English"),
    ("2 MB article", ("Meta paused its work with Mercor after the breach. " * 40000), "only the first"),
]


@pytest.mark.parametrize("label, text, warning", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gives_a_valid_answer_and_a_warning(label, text, warning, nlp, gazetteer):
    result = extract(text, nlp, gazetteer=gazetteer)
    assert isinstance(result, Extraction)
    assert any(warning in w for w in result.warnings), (label, result.warnings)
    json.loads(json.dumps(result.as_json()))  # always serializable


def test_control_characters_do_not_hide_the_facts(nlp, gazetteer):
    result = extract("Meta\x00 paused\x07 its work with\x1b Mercor.\x0c", nlp, gazetteer=gazetteer)
    assert ("Meta", "paused_work_with", "Mercor") in {(r.subject, r.predicate, r.object) for r in result.relations}


def test_types_between_stages(nlp, gazetteer):
    result = extract(CASES[0].text, nlp, title=CASES[0].title, gazetteer=gazetteer)
    assert all(isinstance(o, Org) for o in result.orgs)
    assert all(isinstance(r, Relation) for r in result.relations)
    assert all(r.predicate in load_vocabulary().predicates for r in result.relations)
    assert list(result.as_json()) == ["relevant", "orgs", "relations"]


# Organizations in the forms news prose uses, with people, products, places and sources around them.
ORG_SHAPES = [
    # A legal form proves a company, even one named after people; a person "of" such a company is no part of it.
    ("Halvenco is represented by Aldous Brennick LLP, a Boston litigation boutique. Partner Maria Aldous said other "
     "customers had called the firm.", {"Halvenco", "Aldous Brennick"}, {"Maria Aldous"}),
    ("\"We will see them in court,\" said Lena Varga of Tamsin Quarrick LLP, the firm the district retained to sue "
     "Quellhaven Labs.", {"Tamsin Quarrick", "Quellhaven Labs"}, {"Lena Varga of Tamsin Quarrick", "Lena Varga"}),
    # What only a company is or has, a few words on: "X's transcription vendor", "X as a customer".
    ("Quellhaven Labs, Halvenco's transcription vendor, said it was breached last week.",
     {"Quellhaven Labs", "Halvenco"}, set()),
    ("Quellhaven Labs counts Halvenco as a customer.", {"Quellhaven Labs", "Halvenco"}, set()),
    ("Hackers breached Halvenco last week. Otieno's largest customers were notified.", {"Halvenco"}, {"Otieno"}),
    ("Hackers breached Halvenco last week. Halvenco had listed Amara Okafor as a supplier contact.", {"Halvenco"},
     {"Amara Okafor"}),
    # Names the rules on places, campuses, languages and people "of" firms must leave whole, or alone.
    ("Pellow Kerr, a Drennet contractor, said it was breached by Ashen Marmot in March.", {"Pellow Kerr", "Drennet"},
     set()),
    ("The Federation of German Industries said its supplier Ostrey Cloud had been breached by Ashen Marmot.",
     {"Federation of German Industries", "Ostrey Cloud"}, {"Federation", "German Industries"}),
    ("The Center for American Progress said Ostrey Cloud, its hosting provider, had been breached.",
     {"Center for American Progress", "Ostrey Cloud"}, {"Center", "American Progress"}),
    ("Pemberton Advisory of London LLP, a customer of Ostrey Cloud, said the breach exposed client files.",
     {"Ostrey Cloud"}, {"London"}),
    ("A team from the University of Kestrel at Black Hat showed how Ashen Marmot breached Drennet.",
     {"University of Kestrel", "Drennet"}, {"University of Kestrel at Black Hat"}),
    ("A study by the University of Kentucky at Halvenco's request found that Ostrey Cloud had exposed customer files.",
     {"University of Kentucky", "Halvenco", "Ostrey Cloud"}, {"University of Kentucky at Halvenco"}),
    # A university and its campus are one name.
    ("Researchers at the University of North Carolina at Chapel Hill said Quellhaven Labs had exposed their "
     "recordings.", {"University of North Carolina at Chapel Hill", "Quellhaven Labs"},
     {"University of North Carolina", "Chapel Hill"}),
    # An office named after its holder's title is a public body; the title before a person's name is none.
    ("The Bavarian Data Protection Commissioner, the state privacy regulator, said it had written to Quellhaven Labs.",
     {"Bavarian Data Protection Commissioner", "Quellhaven Labs"}, {"Bavarian Data Protection"}),
    ("Information Commissioner John Edwards said Quellhaven Labs must answer.", {"Quellhaven Labs"},
     {"Information Commissioner", "Information Commissioner John Edwards", "John Edwards"}),
    # Places that read as names: a city describing a company, a dateline's country, a month.
    ("Carrowby confirmed the theft on Tuesday. A spokesperson for the Manchester company says Dust Wren reached a "
     "server it uses to share files with translators.", {"Carrowby"}, {"Manchester"}),
    ("ELDORET, Kenya — Twice a month, the farmers who record crop names for Quellhaven Labs get paid by text "
     "message.\n\nThe stolen payouts have also caught the eye of Kenya's Office of the Data Protection "
     "Commissioner, which is looking into Quellhaven Labs.", {"Quellhaven Labs"}, {"Kenya"}),
    ("Quellhaven hires speakers in western Kenya, and Halvenco pays them.", {"Quellhaven", "Halvenco"}, {"Kenya"}),
    ("Quellhaven Labs says it has paid back most of the contributors and will be done by Oct. 31. It has also "
     "dropped Tarrow Pay and now pays through Cellulant.", {"Quellhaven Labs"}, {"Oct"}),
    # Indian and Singaporean legal forms are suffixes too.
    ("Quorra Health Pvt Ltd employs about 900 medical transcriptionists in Pune.", {"Quorra Health"},
     {"Quorra Health Pvt"}),
    ("QuickTag, made by Manchester-based Ostwold Tools Ltd, keeps a searchable transcript of every chat for Quorra "
     "Labs.", {"Ostwold Tools", "Quorra Labs"}, {"QuickTag"}),
    # An outlet is an organization where it acts, and the article's source where it is told something.
    ("The BBC ended its contract with Quorra Labs in May and moved the work in-house.", {"BBC", "Quorra Labs"}, set()),
    ("Quorra Labs confirmed the breach to the BBC on Monday.", {"Quorra Labs"}, {"BBC"}),
    ("Quorra Labs confirmed the breach to BBC News on Monday.", {"Quorra Labs"}, {"BBC", "BBC News"}),
    # Wise the money-transfer company, and the word.
    ("Quorra Labs ended its agreement with Ostwold Payroll and now pays its workers through Wise.",
     {"Quorra Labs", "Ostwold Payroll", "Wise"}, set()),
    ("It would be wise to wait, Quorra Labs said in a statement.", {"Quorra Labs"}, {"Wise"}),
    # A breach pinned on a name makes it the attacker, though nothing else says what it is.
    ("Quorra Labs lost files in May. **Quorra Labs breach pinned on Hollowkeel Cinder.** The company said it would "
     "not pay.", {"Quorra Labs", "Hollowkeel Cinder"}, set()),
    # A breach pinned on a group, said in the plural; a line's first word that is a word is no lead.
    ("Quorra Labs lost files in May. The breaches were pinned on Hollowkeel Cinder.",
     {"Quorra Labs", "Hollowkeel Cinder"}, set()),
    ("Quorra Labs lost files in May.\n\nUpdate: The company said on Friday that it had ended its contract with "
     "Ostwold Annotation.", {"Quorra Labs", "Ostwold Annotation"}, {"Update"}),
    # Where a company sits, and a cooperative, say a name is a company's.
    ("Quennelby, based in Austin, shipped a tainted release of its toolkit. Tessvik Lending installed it.",
     {"Quennelby", "Tessvik Lending"}, set()),
    ("Quennelby, the Nebraska cooperative that cut ties with Ostwold Imaging on Nov. 16, said it would not return.",
     {"Quennelby", "Ostwold Imaging"}, set()),
    # A known company's named thing is its product, not a company.
    ("Quorra Labs runs its document workflows on Microsoft's Tessvik Online.",
     {"Quorra Labs", "Microsoft"}, {"Tessvik Online"}),
    # A legal name is no name a company goes by: its usual name stays, and no rename is stated.
    ("Quennelby, a Dublin data firm, said on Monday that Tessvik Health had resumed work with Quennelby. The "
     "company's registered name is now Quennelby Data Ltd.", {"Quennelby", "Tessvik Health"}, {"Quennelby Data"}),
    # Another country's body that shares a known body's name is another body (the home country's is the same one).
    ("The Nigeria Data Protection Commission opened an investigation into Quorra Labs on Thursday.",
     {"Nigeria Data Protection Commission", "Quorra Labs"}, {"Data Protection Commission"}),
    ("The Irish Data Protection Commission opened an investigation into Quorra Labs on Thursday.",
     {"Data Protection Commission", "Quorra Labs"}, set()),
    # "has a new name: X" gives a company's new name.
    ("The prompt marketplace once known as Quennelby has a new name: Ostwold. The Austin startup announced the "
     "change on Monday.", {"Quennelby", "Ostwold"}, set()),
    # A company's arm for a region is no long name of the company.
    ("The regulator opened an inquiry into Quorra Labs, a U.S. startup. Quorra Labs Europe Ltd, its Dublin "
     "subsidiary, holds the data.", {"Quorra Labs", "Quorra Labs Europe"}, set()),
    # Target the retailer, and the word; a company's arm with a name of its own is that arm.
    ("Target, the Minneapolis retailer, said Quorra Labs built the chatbot on its website.",
     {"Target", "Quorra Labs"}, set()),
    ("The main target of the attack was Quorra Labs, a Denver analytics startup.", {"Quorra Labs"}, {"Target"}),
    ("DHL Supply Chain has been a customer of Quorra Labs since 2022.", {"DHL Supply Chain", "Quorra Labs"}, {"DHL"}),
    # Harvey, the legal AI company, is a name people carry too: a company only where the text uses it as one.
    ("Harvey, the legal AI startup, has paused all projects with its vendor Quorra Labs.", {"Harvey", "Quorra Labs"},
     set()),
    ("Quorra Labs chief executive Harvey Lin said the company would not pay.", {"Quorra Labs"}, {"Harvey"}),
    # A parent's name opening its investing arm's is the arm's, named whole.
    ("The round was led by ServiceNow Ventures, with Inovia Capital joining.", {"ServiceNow Ventures", "Inovia Capital"},
     {"ServiceNow"}),
    ("Quorra Labs also took money from Khosla Ventures and from Samsung's venture arm, Samsung Catalyst Fund.",
     {"Quorra Labs", "Khosla Ventures", "Samsung Catalyst Fund"}, {"Catalyst Fund"}),
    # A group known by its deed alone, in a follow-up that no longer says what it is.
    ("The forensic report: Ostwold Security, the firm Quorra Labs retained after the intrusion, found that Cinder "
     "Loris got in using a support employee's password.", {"Ostwold Security", "Quorra Labs", "Cinder Loris"}, set()),
    # What a company makes is a product, and stays one where it is named again.
    ("TagLoom, which lets annotators reuse answer templates, is made by Ostwold Tools, a small company in Gdansk. "
     "Attackers pushed a tainted version of TagLoom to 4,000 annotators at Quorra Labs.",
     {"Ostwold Tools", "Quorra Labs"}, {"TagLoom"}),
    ("Attackers pushed a tainted version of LabelDash to 4,000 annotators at Quorra Labs.", {"Quorra Labs"},
     {"LabelDash"}),
    # A name ending in a word for what a company makes or does is a company's, whatever the model reads.
    ("Ostwold Tools published a post-mortem showing that a developer account was taken over.", {"Ostwold Tools"}, set()),
    # A product named for its company and a word that is also a company's name: "AWS Lambda" is no Lambda.
    ("Quorra runs its billing code on AWS Lambda functions and rents GPUs from CoreWeave.",
     {"Quorra", "Amazon Web Services", "CoreWeave"}, {"Lambda"}),
    ("Quorra trains its models on Nvidia GPUs that it rents from Lambda, its chief executive said.",
     {"Quorra", "Lambda"}, set()),
    # Those a company counts among its customers are organizations, whatever the model took them for.
    ("Ravenmoor Data counts Denso and Aisin among its customers, the company said.",
     {"Ravenmoor Data", "Denso", "Aisin"}, set()),
    # A British title without its full stop is a person's; a legal form cut off at its full stop names nobody.
    ("Ravenmoor Data competes with better-funded rivals, including Figure AI in the United States, but Ms Obi said "
     "the firm was concentrating on boring, reliable picking.", {"Ravenmoor Data"}, {"Ms Obi", "Obi"}),
    ("Ravenmoor Pte. Ltd. confirmed on Monday that an attacker had accessed its storage.", set(), {"Ltd.", "Ltd"}),
    # A sentence's opening preposition before "AI" is no name ("Together AI" is); nor is a plural of a thing.
    ("In AI, labeling firms use Ravenmoor Data to check who their annotators are.", {"Ravenmoor Data"}, {"In AI"}),
    ("Which AI companies were affected by the Ravenmoor Data breach?", {"Ravenmoor Data"}, {"Which AI"}),
    ("Ravenmoor Data trains its models on GPUs rented from CoreWeave.", {"Ravenmoor Data", "CoreWeave"}, {"GPUs"}),
    # A city describing a company, even where the model reads it as an organization, and past a compound noun
    ("Cohere also insures Ravenmoor Data, the Bristol speech-data firm hit by the same group.",
     {"Cohere", "Ravenmoor Data"}, {"Bristol"}),
    ("Researchers at the University of Toronto found the flaw, said Priya Nair, chief executive of Okafor Robotics.", {"University of Toronto", "Okafor Robotics"}, {"Priya Nair", "Nair"}),
    ("The Securities and Exchange Commission has asked Brindlewood for documents. Brindlewood said it would cooperate.", {"Securities and Exchange Commission", "Brindlewood"}, set()),
    ("Meta's Llama models and Google's Gemini assistant were not affected, the companies told the Financial Times.", {"Meta", "Google"}, {"Llama", "Gemini", "Financial Times"}),
    ("The story was first reported by The Information. Halvorsen Labs declined to comment.", {"Halvorsen Labs"}, {"The Information", "Information"}),
    ("Italy's data protection authority opened an inquiry into Nettlebank, a Milan fintech firm.", {"Nettlebank"}, {"Italy"}),
    ("Cinderpath, the Austin startup, said hackers reached its servers. Cinderpath CEO Maria Lopez apologized.", {"Cinderpath"}, {"Maria Lopez", "Lopez"}),
    ("A group calling itself Salt Lynx has claimed the attack on Ferngate Analytics.", {"Salt Lynx", "Ferngate Analytics"}, set()),
    ("Microsoft Corp. and Alphabet Inc.'s Google both said they were reviewing their contracts with Tessera Labs.", {"Microsoft", "Google", "Tessera Labs"}, {"Microsoft Corp.", "Alphabet Inc."}),
    ("Dr. Amelia Hart of Stanford University said the attack on Quillwort Data was unusual.", {"Stanford University", "Quillwort Data"}, {"Amelia Hart"}),
    ("Scale AI's rival Labelbox said on Monday that it had hired CrowdStrike to investigate.", {"Scale AI", "Labelbox", "CrowdStrike"}, set()),
    ("The Department of Health and Human Services asked Pellmore Data for its logs.", {"Department of Health and Human Services"},
     {"Department of Health", "Human Services"}),
    # A wire dateline before a hyphen standing alone names a place, not part of the company.
    ("BOSTON - Pellbrook Press, a publisher of textbooks, sued the startup Quintarro on Friday.",
     {"Pellbrook Press", "Quintarro"}, {"BOSTON - Pellbrook Press", "BOSTON"}),
    ("Bramwell Insurance Group said it was reviewing claims. Bramwell Insurance had used Pellmore Data. Bramwell's board met.",
     {"Bramwell Insurance Group"}, {"Bramwell Insurance", "Bramwell"}),
    ("Pellmore Data disclosed a breach. Analysts said the damage was limited. Investors warned it could spread.",
     {"Pellmore Data"}, {"Analysts", "Investors"}),
    ("Tarnwick Robotics said hiring was slow. Labeling vendors warned about costs.", {"Tarnwick Robotics"}, {"Labeling"}),
    # Attacker groups known by what they did right after their name; a product known by what it is called.
    ("Grey Wren stole contractor records from Ravenmoor Data, while Copper Stoat broke into Tamsin Pay.",
     {"Grey Wren", "Copper Stoat", "Ravenmoor Data"}, set()),
    ("Quellmoor, the Berlin company that maintains the library and sells a hosted version called Quellmoor Cloud, "
     "disclosed the compromise on Monday.", {"Quellmoor"}, {"Quellmoor Cloud"}),
    # Name boundaries: "The" opening a sentence after a dash or colon, or before a public body's name.
    ("LONDON — The Competition and Markets Authority has opened a review of Tarrow Systems.",
     {"Competition and Markets Authority", "Tarrow Systems"}, {"The Competition and Markets Authority"}),
    ("March 3: The Federal Communications Commission fined Brackley Telecom for the outage.",
     {"Federal Communications Commission", "Brackley Telecom"}, {"The Federal Communications Commission"}),
    # "X Department" is the Department of X only when the article or content/companies/ spells it out.
    ("The Justice Department said it had warned Quenby Labs in March.", {"Department of Justice", "Quenby Labs"},
     {"Justice Department"}),
    ("The Police Department said it had warned Quenby Labs in March.", {"Quenby Labs"}, {"Department of Police"}),
    ('"It looked like a hacker typing furiously," Ramaswamy, Wexcombe\'s head of infrastructure, said.', {"Wexcombe"},
     {"Ramaswamy, Wexcombe", "Ramaswamy"}),
    ("Beyond AI said one of its build servers had pulled the tainted package.", {"Beyond AI"}, {"AI"}),
    ("The breach came weeks after the hacking group Sardonian Pike posted stolen files online. The files leaked in early "
     "June, and Sardonian Pike took credit for the attack.", {"Sardonian Pike"}, {"Sardonian", "Pike"}),
    ("Marlowe Studios builds detailed 3D scenes for carmakers and 5G operators.", {"Marlowe Studios"}, {"3D", "5G"}),
    # Evidence: roles only organizations have, investors, parents, claims of an attack, brands, people.
    ("The startup lost its biggest client. Corvalis had hired the startup last year. A Corvalis spokesperson said the "
     "contract had ended.", {"Corvalis"}, set()),
    ("Pellworth raised $20 million last year in a round led by Whitfield Abernathy.", {"Whitfield Abernathy"}, set()),
    ("Corvalis's venture arm, CVentures, also put money into the round.", {"Corvalis", "CVentures"}, set()),
    ("Nov. 2: Ember Finch claims responsibility for the attack on Dovecote Labs.", {"Ember Finch", "Dovecote Labs"}, set()),
    ("The deal extends a push that began when it bought VectorML in 2022 for $900 million.", {"VectorML"}, set()),
    ('"It was an easy call," said Ruth Adeyemi, the Foxley Ventures partner who led the round.', {"Foxley Ventures"},
     {"Ruth Adeyemi"}),
    ("Kestrel hired a new chief executive, Leon Marsh, in May. The two founders still hold a majority of the shares, and "
     "Marsh, a former operations chief at a bank, holds the rest. Marsh said he would like Microsoft back as a customer.",
     {"Microsoft"}, {"Marsh", "Leon Marsh"}),
    ("Its chief executive, Ines Varga, said Quenby Labs ended its contract with Cohere.", {"Quenby Labs", "Cohere"},
     {"Ines Varga"}),
    # A public body named by its acronym alone is its full name when content/companies/ knows the acronym as an
    # alias (no code change for another agency); a place's commas stay inside a description.
    ("Tollard Data said it was cooperating with the FBI.", {"Federal Bureau of Investigation", "Tollard Data"}, {"FBI"}),
    ("Sorrel Quince, an Austin, Texas, firm that labels audio, lost its biggest client.", {"Sorrel Quince"},
     {"Austin", "Texas"}),
    ("Pellbrook, which called itself Quillmoss until a rebrand in 2023, sells labeled audio to Cohere.",
     {"Pellbrook", "Quillmoss"}, set()),
    ("Unlike Harrowgate, which paused its work with Dunmere Labs on Monday, Cohere has kept its contract.",
     {"Harrowgate", "Dunmere Labs"}, {"Unlike Harrowgate"}),
    # A name listed beside an organization is one; a place before a clause's comma is not in a list.
    ("Its transcription runs on speech models licensed from OpenAI and Quillfen.", {"OpenAI", "Quillfen"}, set()),
    ("In a complaint filed in San Francisco, Salesforce said the files were copied.", {"Salesforce"},
     {"San Francisco"}),
    # Where people work is an organization; money raised from someone came from an investor.
    ("Engineers at Pemberly Okafor said the bug was old.", {"Pemberly Okafor"}, set()),
    ("Founded in 2017, the startup has raised about $40 million, most recently from Eastvale, and employs 60 people in "
     "Oslo.", {"Eastvale"}, {"Oslo"}),
    # A maker named before its product ("an Altrix Jetson Nova module") is the organization, not the product.
    ("Each forklift runs on an Altrix Jetson Nova module, and the startup signed a supply deal.", {"Altrix"},
     {"Altrix Jetson Nova"}),
    ("Training ran on Samsung HBM3 processors.", {"Samsung"}, {"Samsung HBM3"}),
    # An organization's national arm is one organization, even where the model reads a place.
    ("Harbormere said it had signed a partnership with Vodafone Ireland to offer the model to the operator's "
     "customers. The Vodafone deal gives Harbormere a channel.", {"Harbormere", "Vodafone Ireland"}, {"Vodafone"}),
    ("Brindlecombe said it had shared its findings with the Kenyan Ministry of Health and with Tallowmere Labs.",
     {"Ministry of Health", "Tallowmere Labs"}, {"Kenyan Ministry of Health"}),
    # Models: a parameter count ends the name, and "the chatbot, called Wrenly" names a product.
    ("Dovecote Labs licensed Tagus-9B to Sallowmere.", {"Dovecote Labs"}, {"Tagus-9B"}),
    # A group named by its deed, after an auxiliary or a relative pronoun; a common noun doing it is no group.
    ("Pellmoor Payroll, which pays annotators, disclosed that Ashen Vole had stolen workers' bank details.",
     {"Pellmoor Payroll", "Ashen Vole"}, set()),
    ("Hackers stole files from Pellmoor Payroll last week. Pellmoor Payroll, a payments firm, said so.",
     {"Pellmoor Payroll"}, {"Hackers"}),
    # Whose break-in at another company, whose leak site: only an attacker group's.
    ("Attackers used a token taken in Flint Marten's break-in at Pellmoor Payroll to copy files.",
     {"Flint Marten", "Pellmoor Payroll"}, set()),
    ("Quarrow Analytics, a payments firm, said on Monday that worker records had appeared on Ashen Vole's "
     "extortion site.", {"Quarrow Analytics", "Ashen Vole"}, set()),
    # A place where a co-founder grew up is no person, and the company named after it stays a company.
    ("Quarrow Analytics has a new name. From Monday it is Ellerby. The name comes from the Yorkshire village of "
     "Ellerby, where co-founder Imogen Ruiz grew up. Ellerby will keep selling data to retailers.", {"Ellerby"},
     {"Imogen Ruiz"}),
    # A last word that makes a name a company, even when the model reads a person ("Hatch Payroll").
    ("Larchmont Labeling ended its contract with Quillby Payroll, the Austin processor that paid its annotators.",
     {"Larchmont Labeling", "Quillby Payroll"}, set()),
    # A place before "-based", a sentence adverb, a nationality before a hyphenated word: no organizations.
    ("Among its clients is Brockwell, the Halifax-based insurer, which uses Quarrow Analytics to read claims.",
     {"Brockwell", "Quarrow Analytics"}, {"Halifax"}),
    ("Separately, the Cybersecurity and Infrastructure Security Agency published guidance on help-desk tokens.",
     {"Cybersecurity and Infrastructure Security Agency"}, {"Separately"}),
    ("That matters for Mistral AI, much of whose Irish- and Welsh-language training data comes from Quarrow "
     "Analytics.", {"Mistral AI", "Quarrow Analytics"}, {"Irish", "Irish-", "Welsh"}),
    # "the San Francisco AI data vendor" describes a company by place and field; it names none.
    ("Hackers reached Quarrow Analytics, the San Francisco AI data vendor, through a contractor.",
     {"Quarrow Analytics"}, {"San Francisco AI"}),
    # "The Austin labeling firm" is a company described by its city; the city names none.
    ("Quarrow Analytics said it was breached. The Austin labeling firm, which hires about 150 annotators, paused its "
     "projects with Tollgate Pay.", {"Quarrow Analytics", "Tollgate Pay"}, {"Austin"}),
    # An institution "of" several words joined by "and" is one name, however long.
    ("Quarrow Analytics announced a research partnership with the Norwegian University of Science and Technology.",
     {"Quarrow Analytics", "Norwegian University of Science and Technology"}, {"Norwegian University of Science"}),
    # A city before a list's "and" is where the company is, not one more company in the list.
    ("Its paying customers include Selwood Robotics, a warehouse-automation company in Pittsburgh, and Hugging Face.",
     {"Selwood Robotics", "Hugging Face"}, {"Pittsburgh"}),
    # A surname after a job title stays a person wherever it recurs; so does a name in a credit line.
    ("Quarrow Analytics will not pay, Chief Executive Officer Imogen Sayer said. \"We are not going to pay,\" Sayer "
     "said in an interview.", {"Quarrow Analytics"}, {"Sayer", "Imogen Sayer"}),
    ("Quarrow Analytics, a data firm, declined to comment. Reporting by Lionel Parry; Editing by Ana Ruiz.",
     {"Quarrow Analytics"}, {"Lionel Parry"}),
    # Whoever a company was breached by is an attacker group, however the model labels the name.
    ("Cohere has terminated its contract with Quarrow Analytics, the labeling vendor breached by Hemlock Shrike "
     "earlier this month.", {"Cohere", "Quarrow Analytics", "Hemlock Shrike"}, set()),
    # A member of a name, a name that "Cyber" ends: organizations, however the model labels them.
    ("A woman who said she was a member of Tansy Heron told reporters the group held the files. Ravenmoor Data "
     "declined to comment.", {"Tansy Heron", "Ravenmoor Data"}, set()),
    ("Ravenmoor Data said its response had been handled by Hollis Cyber, which it hired in October.",
     {"Ravenmoor Data", "Hollis Cyber"}, set()),
    # A union, a guild, a society: organizations described as such, even when the name is an everyday word.
    ("Equity, the UK performers' union, has filed a lawsuit against Ravenmoor Data.", {"Equity", "Ravenmoor Data"},
     set()),
    ("Fallow, a writers' guild, sued Ravenmoor Data.", {"Fallow", "Ravenmoor Data"}, set()),
    ("West Yorkshire Police said it was investigating the theft at Ravenmoor Data.",
     {"West Yorkshire Police", "Ravenmoor Data"}, {"West Yorkshire"}),
    # Only an organization is bought or sued, whatever the model reads the name as ("Tabular" as a nationality).
    ("The purchase is the latest for Databricks, which bought Tabular in 2024 for more than $1 billion.",
     {"Databricks", "Tabular"}, set()),
    # A sentence starting right after a suffix's full stop is not part of the name.
    ("Investigators matched the servers to those used in a June breach at Ravenmoor Systems Inc. That earlier "
     "attack exposed passwords.", {"Ravenmoor Systems"}, {"Ravenmoor Systems Inc. That", "Ravenmoor Systems Inc"}),
    # A name that "used a stolen token" is an attacker group, however the model labels it.
    ("Quillfield Labs moved its builds after Copper Stoat used a stolen token to publish poisoned versions of its "
     "library.", {"Quillfield Labs", "Copper Stoat"}, set()),
    # Confirming a breach "to" an outlet makes the outlet no attacker, nor an organization.
    ("Ravenmoor Data confirmed the breach to Rest of World on Monday.", {"Ravenmoor Data"}, {"Rest of World"}),
    # A hyphenated description after "is a" describes the name before it.
    ("Quintwell is a data-labeling startup in Austin. Quintwell said it had found the leak.", {"Quintwell"}, set()),
    ("The chatbot, called Wrenly, was trained on transcripts licensed from Dovecote Labs.", {"Dovecote Labs"},
     {"Wrenly"}),
    # What only an organization has ("'s managing director", "'s clients") outweighs the look of a place.
    ("Malvern's managing director said the firm had reset every session. Malvern said the scans carry no names.",
     {"Malvern"}, set()),
    # Languages are no organizations; a name described as a product is that product all through the article.
    ("Cohere said parallel-text datasets in Arabic and Swahili that it had commissioned from Ravenmoor Data were "
     "among the files.", {"Cohere", "Ravenmoor Data"}, {"Arabic", "Swahili"}),
    ("Wrenfold, a Chrome extension that helps annotators trace images, is made by Morland Tools. Cresswell Labs, "
     "whose staff also used Wrenfold, said its logs were clean.", {"Cresswell Labs"}, {"Wrenfold"}),
    # A dateline is a place; "de los" joins a name; a known name inside an institute's name is no company of its own.
    ("EDINBURGH, Nov 9 (Reuters) - Haddow Audio, a captioning company, said on Monday that an intruder had copied "
     "files.", {"Haddow Audio"}, {"EDINBURGH"}),
    ("Cabrera Talent has partnered with Universidad de los Andes on a short certificate course.",
     {"Cabrera Talent", "Universidad de los Andes"}, {"Andes", "Universidad"}),
    ("Elmstead Labs partnered with the Alan Turing Institute last year on a shared registry.",
     {"Elmstead Labs", "Alan Turing Institute"}, {"Turing"}),
]


def test_a_plural_possessive_inside_a_funds_name_keeps_it_whole(nlp, gazetteer):
    result = extract("The Ellerby County Employees' Retirement System sued Quorra Labs on Monday, and Quorra Labs' "
                     "customers' files were not affected.", nlp, gazetteer=gazetteer)
    assert {o.name for o in result.orgs} == {"Ellerby County Employees' Retirement System", "Quorra Labs"}, result.orgs


def test_possessive_inside_a_public_body_keeps_the_name_whole(nlp, gazetteer):
    from pipeline.orgs import OrgFinder

    doc = nlp.make_doc("Pellworth wrote to the Information Commissioner's Office on Monday.")
    finder = OrgFinder(gazetteer, load_vocabulary())
    assert "Information Commissioner's Office" in [doc[s:e].text for s, e in finder._caps_runs(doc)]


@pytest.mark.parametrize("text, norp, span, expected", [
    # The model's NORP on a name it does not know is no nationality; a real one before a name is a description.
    ("Cohere paused its projects with Kwabari Transcribe.", (5, 6), (5, 7), ["Kwabari Transcribe"]),
    ("Cohere paused its projects with Kenyan Transcribe.", (5, 6), (5, 7), ["Transcribe"]),
    # A language after "for" ends the name.
    ("Halvenco contracts with Kwabari for Hausa and Yoruba transcription.", (5, 6), (3, 6), ["Kwabari"]),
])
def test_a_nationality_is_cut_from_a_name_and_a_name_the_model_calls_one_is_not(text, norp, span, expected, nlp,
                                                                                gazetteer):
    from spacy.tokens import Span

    from pipeline.extract import common_words, trigger_forms
    from pipeline.orgs import OrgFinder

    vocabulary = load_vocabulary()
    doc = nlp.make_doc(text)
    doc.ents = [Span(doc, *norp, label="NORP")]
    finder = OrgFinder(gazetteer, vocabulary, common_words(nlp), frozenset(nlp.Defaults.stop_words),
                       trigger_forms(nlp, vocabulary))
    assert [doc[s:e].text for s, e in finder._split(doc, *span)] == expected


@pytest.mark.parametrize("text, expected, excluded", ORG_SHAPES, ids=[t[:60] for t, _, _ in ORG_SHAPES])
def test_organization_shapes(text, expected, excluded, nlp, gazetteer):
    names = {o.name for o in extract(text, nlp, gazetteer=gazetteer).orgs}
    assert expected <= names, (text, sorted(names))
    assert not excluded & names, (text, sorted(excluded & names))


# One sentence per shape news prose uses for each relation (the company names are invented).
SHAPES = [
    ("Quorra Labs said hackers stole files from its servers. Quorra Labs has hired Mandiant. Quorra Labs expects the "
     "review to take weeks. Ostwold Labs left customer tokens in a public notebook. Tessaly AI, the Ostwold Labs "
     "customer whose model weights were downloaded with one of the exposed tokens, put its account on hold last week.",
     ("Tessaly AI", "paused_work_with", "Ostwold Labs")),
    # The verb before "and" heads a clause of its own: its pause is no word of the second one's.
    ("Quorra Health paused new work with the vendor on November 10th, and Tessaly AI ended its licensing deal with "
     "Ostwold Health on Thursday.", ("Tessaly AI", "ended_work_with", "Ostwold Health")),
    # The company whose projects are frozen is no product of the one freezing them.
    ("Ostwold Robotics froze its Skillharbor projects on Monday, a spokesperson said.",
     ("Ostwold Robotics", "paused_work_with", "Skillharbor")),
    # Whoever an attack was the work of is its attacker.
    ("Quorra Labs said hackers hijacked a maintainer account and published a poisoned release. Quorra Labs says the "
     "account takeover was the work of Gossamer Wren, a group that has previously gone after developer tools.",
     ("Quorra Labs", "breached_by", "Gossamer Wren")),
    ("Quorra Freight has restarted its labeling projects with Ostwold Maps after an 11-day pause. The Dallas trucking "
     "company, an Ostwold Maps customer since 2023, said Monday that it was satisfied.",
     ("Ostwold Maps", "supplier_of", "Quorra Freight")),
    # "carried out by" names an attacker only after an attack.
    ("The audit was carried out by Ostwold Assurance, a Chicago security-assessment firm that Quorra Labs retained on "
     "Nov. 13.", ("Ostwold Assurance", "supplier_of", "Quorra Labs")),
    ("Quorra Labs ended its contract with Tessaly Workforce, the Manila outsourcer that had supplied most of its "
     "labelers.", ("Quorra Labs", "ended_work_with", "Tessaly Workforce")),
    ("Quorra Labs said that it will trade as Ostwold from Monday.", ("Ostwold", "formerly_known_as", "Quorra Labs")),
    # Customers a sentence names as one company's: their work left unsaid is with that company.
    ("Quorra Staffing said hackers stole files from its servers. Quorra Staffing recruits annotators for Ostwold "
     "Labeling. Quorra Staffing has hired Mandiant. Ostwold Labeling's customers include Anthropic and Cohere, both of "
     "which have paused their projects.", ("Cohere", "paused_work_with", "Ostwold Labeling")),
    # A company's new name after a sentence about an attacker group is no group's name.
    ("Tessaly, whose systems were raided by the Gilt Remora extortion group last month, is now called Carrowmore, the "
     "company said Saturday. ElevenLabs, Carrowmore's largest customer, resumed licensing new voices from the agency "
     "on Thursday after a two-week pause.", ("ElevenLabs", "resumed_work_with", "Carrowmore")),
    ("Quorra Labs left tokens in public logs. Quorra Labs said so on Monday. Two customers have said their tokens were "
     "in the logs: Ostwold Health, a hospital network, and Tessaly Freight, a logistics company.",
     ("Quorra Labs", "supplier_of", "Tessaly Freight")),
    # The names a colon lists after a counted noun are what the noun counts.
    ("Quorra Labs left patient scans on an open server. Quorra Labs said the data came from two clients: Ostwold "
     "Health, a Boston start-up, and Tessaly Health, a hospital group.", ("Quorra Labs", "supplier_of", "Tessaly Health")),
    # An explainer's answer defines the name it was asked about.
    ("Who is Gilt Remora? A financially motivated group that steals data and threatens to publish it. Quorra Labs "
     "and Ostwold Tools have confirmed the group was behind their breaches.",
     ("Ostwold Tools", "breached_by", "Gilt Remora")),
    ("Quorra, which runs its collection platform on Oracle Cloud Infrastructure, said the attackers never touched "
     "its cloud.", ("Oracle", "supplier_of", "Quorra")),
    ("Ostwold Security concluded that Umber Dace was behind the Quorra Labs breach, in which thousands of recordings "
     "were copied.", ("Quorra Labs", "breached_by", "Umber Dace")),
    ("Quorra Labs said on Thursday that it has moved all document storage onto Microsoft's Azure cloud.",
     ("Microsoft", "supplier_of", "Quorra Labs")),
    # A customer closing its own account leaves its supplier, named or the story's.
    ("Quorra Compute said hackers had stolen customer keys from its systems. Quorra Compute has apologized. "
     "Ferncliff Bio has closed its account, a spokesperson said.", ("Ferncliff Bio", "ended_work_with", "Quorra Compute")),
    ("Ferncliff Bio said on Friday that it had closed its Quorra Compute account.",
     ("Ferncliff Bio", "ended_work_with", "Quorra Compute")),
    # A participle describing a customer puts it where a passive subject would be.
    ("Quorra Compute said hackers had stolen customer API keys from its systems. Pellgrove Audio, another customer "
     "caught up in the exposure, said it was reviewing options.", ("Pellgrove Audio", "affected_by", "Quorra Compute")),
    # A newsletter tells one story a paragraph: the breach is the one its paragraph told of.
    ("The keys. Quorra Compute said hackers had stolen customer keys from its systems. Quorra Compute has hired "
     "Mandiant, and Quorra Compute expects to finish its review soon.\n\nThe scans. Ostwold Imaging said attackers "
     "had copied patient scans from its servers. Brambleford Health confirmed that its records were among the stolen "
     "files.", ("Brambleford Health", "affected_by", "Ostwold Imaging")),
    # An inquiry a regulator opened into how something happened is into the story's incident.
    ("Quorra Compute, a GPU broker, said hackers had stolen thousands of customer API keys from its systems. Two days "
     "later the Federal Trade Commission opened an inquiry into how the keys were stored.",
     ("Federal Trade Commission", "investigating", "Quorra Compute")),
    # "the company" in a clause describing another firm is not that firm.
    ("Quorra disclosed a breach on Monday. Ostwold Security, a firm the company retained, is doing the forensic work.",
     ("Ostwold Security", "supplier_of", "Quorra")),
    # The name given up, though the model reads a person: "X is now called Y".
    ("Carrowmore is now called Tessaly. The Leeds company announced the new name on Thursday.",
     ("Tessaly", "formerly_known_as", "Carrowmore")),
    ("Ravenmoor Data, a supplier to OpenAI, disclosed a breach.", ("Ravenmoor Data", "supplier_of", "OpenAI")),
    ("Cohere, a customer of Ravenmoor Data, said it was reviewing the matter.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data counts Cohere as a customer.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere relies on Ravenmoor Data for translated conversations.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data has hired Mandiant to investigate the intrusion.", ("Mandiant", "supplier_of", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed an intrusion on Monday. Ravenmoor Data has hired Mandiant to investigate the intrusion.",
     ("Mandiant", "investigating", "Ravenmoor Data")),
    ("Snowflake acquired Ravenmoor Data for $1 billion in cash.", ("Snowflake", "acquired", "Ravenmoor Data")),
    ("Snowflake agreed to acquire Ravenmoor Data last week.", ("Snowflake", "acquired", "Ravenmoor Data")),
    ("Ravenmoor Data is being sued by Cohere over the leak.", ("Cohere", "sued", "Ravenmoor Data")),
    ("Cohere filed a lawsuit against Ravenmoor Data on Monday.", ("Cohere", "sued", "Ravenmoor Data")),
    ("Nvidia took a stake in Ravenmoor Data last year.", ("Nvidia", "invested_in", "Ravenmoor Data")),
    ("Sequoia Capital led a $20 million round in Ravenmoor Data.", ("Sequoia Capital", "invested_in", "Ravenmoor Data")),
    ("Ravenmoor Data, which is backed by Sequoia Capital, declined to comment.", ("Sequoia Capital", "invested_in", "Ravenmoor Data")),
    ("Ravenmoor Data and Cohere announced a partnership on Tuesday.", ("Ravenmoor Data", "partnered_with", "Cohere")),
    ("Ravenmoor Data teamed up with Cohere in 2024.", ("Ravenmoor Data", "partnered_with", "Cohere")),
    ("Ravenmoor Data, previously called Blackfen Labs, disclosed a breach.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("The breach at Ravenmoor Data exposed records belonging to Cohere.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Cohere's customers were affected by the Ravenmoor Data breach.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Ravenmoor Data said its systems had been compromised by Grey Wren, a ransomware gang.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Ravenmoor Data was among the victims of the Grey Wren gang.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("The Grey Wren gang hacked Ravenmoor Data in March.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Cohere has stopped working with Ravenmoor Data.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Cohere dropped Ravenmoor Data as a supplier after the breach.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Cohere has suspended its contract with Ravenmoor Data pending an audit.", ("Cohere", "paused_work_with", "Ravenmoor Data")),
    ("Cohere resumed its work with Ravenmoor Data on Monday.", ("Cohere", "resumed_work_with", "Ravenmoor Data")),
    ("The Federal Trade Commission opened a probe into Ravenmoor Data.", ("Federal Trade Commission", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data is under investigation by the Federal Trade Commission.", ("Federal Trade Commission", "investigating", "Ravenmoor Data")),
    ("The UK's Information Commissioner's Office is examining the breach at Ravenmoor Data.", ("Information Commissioner's Office", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data sells annotation services to Cohere and Anthropic.", ("Ravenmoor Data", "supplier_of", "Anthropic")),
    ("Cohere buys training data from Ravenmoor Data.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data provides reviewers to Quillfield Labs and to Cohere.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere, one of Ravenmoor Data's customers, said its prompts were safe.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere resumed work with Ravenmoor Data, the firm that supplies it with tutors.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data, which labels images for Cohere, disclosed a breach.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Contractors working for Ravenmoor Data on Cohere projects were told to stop.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere's online store, which is hosted by Ravenmoor Cloud, stayed up.", ("Ravenmoor Cloud", "supplier_of", "Cohere")),
    ("Cohere outsourced its labeling to Ravenmoor Data in 2024.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere, Quillfield Labs and Anthropic cut ties with Ravenmoor Data. Ravenmoor Data had sold data to all three labs.",
     ("Ravenmoor Data", "supplier_of", "Quillfield Labs")),
    ("Cohere uses grading software from Ravenmoor Data.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data runs its labeling queue on Amazon Web Services.", ("Amazon Web Services", "supplier_of", "Ravenmoor Data")),
    ("Quillfield Labs, a contractor for Cohere, kept working.", ("Quillfield Labs", "supplier_of", "Cohere")),
    # Exposure told by one company to another, and exposure through the breached company's own servers.
    ("Ravenmoor Data told Quillfield Bank that its files had been copied during the intrusion.",
     ("Quillfield Bank", "affected_by", "Ravenmoor Data")),
    ("Cohere said it had been notified by Ravenmoor Data that some of its prompts had been accessed.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Ravenmoor Data said documents belonging to Cohere were among the folders copied from its servers.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    # An attacker group defined by what it is, then named alone.
    ("Grey Wren is an extortion crew first seen in 2024. Grey Wren claimed responsibility for the intrusion at Ravenmoor Data.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Grey Wren is an extortion crew first seen in 2024. Grey Wren is demanding a ransom from Ravenmoor Data.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Grey Wren is an extortion crew first seen in 2024. The attack on Ravenmoor Data was carried out by Grey Wren.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Cohere has launched an internal review of its work with Ravenmoor Data.", ("Cohere", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data, which until 2023 was called Blackfen Labs, disclosed a breach.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    # The tagger reads "rents" after a name as a noun and hangs the phrases under "capacity".
    ("Quillfield Cloud rents computing capacity to Cohere and Anthropic.", ("Quillfield Cloud", "supplier_of", "Anthropic")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data brought in Ironbark Security to investigate.",
     ("Ironbark Security", "investigating", "Ravenmoor Data")),
    ("Quillfield Labs raised $30 million in a round led by Sequoia Capital.", ("Sequoia Capital", "invested_in", "Quillfield Labs")),
    ("Cohere said transcripts it had commissioned from Ravenmoor Data were among the stolen files.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Cohere said it was notified by Ravenmoor Data that copies of its models had been downloaded.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Blackfen Labs, the Leeds annotation shop, is now Ravenmoor Data.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Blackfen Labs renamed itself Ravenmoor Data in May.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Blackfen Labs changed its name to Ravenmoor Data in May.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Ravenmoor Data (formerly Blackfen Labs) said the package had been pulled.",
     ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Blackfen Labs, now Ravenmoor Data, said the package had been pulled.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Blackfen Labs has rebranded as Ravenmoor Data.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Blackfen Labs is now known as Ravenmoor Data.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Blackfen Labs now trades as Ravenmoor Data.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Ravenmoor Data, the company previously known as Blackfen Labs, declined to comment.",
     ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Cohere pays Ravenmoor Data to grade chatbot answers.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data does annotation work for Cohere.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere said it would no longer use Ravenmoor Data.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Cohere has moved its work from Ravenmoor Data to Quillfield Labs.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Cohere has resumed sending work to Ravenmoor Data.", ("Cohere", "resumed_work_with", "Ravenmoor Data")),
    ("Cohere lifted its pause on Ravenmoor Data projects.", ("Cohere", "resumed_work_with", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ironbark Security was hired by Ravenmoor Data to investigate the "
     "breach.", ("Ironbark Security", "investigating", "Ravenmoor Data")),
    ("Grey Wren is an extortion crew first seen in 2024. Grey Wren gained access to Ravenmoor Data's file servers.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    # Who names the attacker is not the one breached: the incident's owner is, else the story's breached company.
    ("Grey Wren is an extortion crew first seen in 2024. The FBI blamed Grey Wren for the attack on Ravenmoor Data.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. Grey Wren is an extortion crew. "
     "Mandiant has identified the attackers as Grey Wren.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Cohere turned to Ravenmoor Data for labeling last year.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data won a contract to label images for Cohere.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere walked away from Ravenmoor Data.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Cohere pulled its business from Ravenmoor Data.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Sequoia Capital led a $40 million funding round for Ravenmoor Data.", ("Sequoia Capital", "invested_in", "Ravenmoor Data")),
    ("Ravenmoor Data has raised $18 million from investors including Sequoia Capital.",
     ("Sequoia Capital", "invested_in", "Ravenmoor Data")),
    ("The breach at Ravenmoor Data exposed task guidelines written by Cohere, Ravenmoor Data's biggest client.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Cohere confirmed that transcripts it had sent to Ravenmoor Data were among the stolen files.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Cohere said Ravenmoor Data had told it that some of its audio was affected.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Quillfield Robotics, a maker of delivery robots that bought a dataset from Ravenmoor Data, paused training.",
     ("Ravenmoor Data", "supplier_of", "Quillfield Robotics")),
    ("Grey Wren is an extortion crew first seen in 2024. Grey Wren, the group behind the theft at Ravenmoor Data, "
     "posted samples online.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Ravenmoor Data disclosed a breach. Ironbark Security was hired by Ravenmoor Data and is still investigating.",
     ("Ironbark Security", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data raised a Series A led by Sequoia Capital, with participation from existing backer Accel Partners.",
     ("Accel", "invested_in", "Ravenmoor Data")),
    ("Blackfen Labs said its contracts will move over soon. From Monday the company trades as Ravenmoor Data.",
     ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Ravenmoor Data, which called itself Blackfen Labs until a rebrand in 2024, raised a seed round.",
     ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Ravenmoor Data disclosed a leak. Ravenmoor Data apologized. Cohere said Ravenmoor Data had told it that some of "
     "its prompts were affected, and that it had suspended new work with the vendor.",
     ("Cohere", "paused_work_with", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a leak. The Federal Trade Commission has opened an investigation into Ravenmoor, a "
     "spokesperson for the agency confirmed.", ("Federal Trade Commission", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data sells mostly to banks. Its service runs on Amazon Web Services, which said its own systems were "
     "not compromised.", ("Amazon Web Services", "supplier_of", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. \"We are no longer working with them,\" said Dana "
     "Ruiz, a spokesperson for Cohere.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach. Ravenmoor Data apologized. Regulators at the Federal Trade Commission are "
     "now investigating the company.", ("Federal Trade Commission", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data hosts model weights for several startups, including Cohere.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data trains speech models for Cohere.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. The stolen files included evaluation "
     "data belonging to Cohere.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. Cohere's data was caught up in the breach.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. The Federal Trade Commission said it is "
     "looking into the matter.", ("Federal Trade Commission", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. Investigators at Mandiant traced the "
     "intrusion to a phishing email.", ("Mandiant", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. Ravenmoor Data said it had not paid "
     "and had hired Mandiant to investigate.", ("Mandiant", "investigating", "Ravenmoor Data")),
    ("Quillfield Labs trains its models on Ravenmoor Cloud's clusters.", ("Ravenmoor Cloud", "supplier_of", "Quillfield Labs")),
    ("Quillfield Labs leases data-center space from Ravenmoor Cloud.", ("Ravenmoor Cloud", "supplier_of", "Quillfield Labs")),
    ("Cohere said it had suspended purchases from Ravenmoor Data.", ("Cohere", "paused_work_with", "Ravenmoor Data")),
    ("Ravenmoor Data's biggest customer, Cohere, has not paused its own work with the vendor.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere sued the data startup Ravenmoor Data on Tuesday. Cohere wants damages. The startup has raised $60 "
     "million, including a round led by Sequoia Capital.", ("Sequoia Capital", "invested_in", "Ravenmoor Data")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. Ravenmoor Data said the attackers "
     "belonged to Grey Wren, an extortion gang.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    ("Oracle has signed deals to supply compute to Cohere.", ("Oracle", "supplier_of", "Cohere")),
    ("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized. The leaked files contained Cohere's "
     "evaluation prompts.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # A group described by what it did is an attacker group ("the group behind the theft", "a group that broke into").
    ("Ravenmoor Data disclosed a theft of test sets. Ravenmoor Data apologized. Umber Finch, the group behind the theft, "
     "says Ravenmoor Data has ignored its payment demand.", ("Ravenmoor Data", "breached_by", "Umber Finch")),
    ("The files were posted by Brass Wren, a group that broke into Ravenmoor Data's payroll system in July.",
     ("Ravenmoor Data", "breached_by", "Brass Wren")),
    # "it" opening a sentence continues the subject before, not the company named last.
    ("Ravenmoor Data raised $22 million from Sequoia Capital in 2024. Last year it signed a partnership with Cohere.",
     ("Ravenmoor Data", "partnered_with", "Cohere")),
    # "the startup" is the one the article called a startup, not the most mentioned company.
    ("Cohere has sued Ravenmoor Data, the model-hosting startup that exposed its files. Cohere wants damages. Cohere "
     "said the leak hurt it. The startup has filed its own lawsuit against Ironbark Security.",
     ("Ravenmoor Data", "sued", "Ironbark Security")),
    # One-word names a rename speaks of are organizations because of it.
    ("Quillmere (formerly Dovetrack) said the package had been pulled.", ("Quillmere", "formerly_known_as", "Dovetrack")),
    # What a company did under its old name is filed under its current one.
    ("Ravenmoor Data, formerly known as Blackfen Labs, lost a big client this year. Cohere ended its contract with "
     "Blackfen Labs in March.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    # The group is named in one sentence, the breach in another.
    ("Ravenmoor Data said hackers had breached its file servers in May. The company said a group calling itself "
     "Grey Wren was responsible.", ("Ravenmoor Data", "breached_by", "Grey Wren")),
    # A relational noun coordinated with another description of the same company.
    ("Harrowgate Retail, the online retailer and a smaller Ravenmoor Data customer, said it was reviewing the matter.",
     ("Ravenmoor Data", "supplier_of", "Harrowgate Retail")),
    # An apposition that names several companies: each of them acts.
    ("Two of those vendors, Tamsin Labeling and Orrin Data, use Ravenmoor Data to run payroll.",
     ("Ravenmoor Data", "supplier_of", "Orrin Data")),
    # The one hired to investigate investigates the one hiring it, also from a relative clause.
    ("Ironbark Security, which Ravenmoor Data hired to investigate, traced the intrusion to a phishing email.",
     ("Ironbark Security", "investigating", "Ravenmoor Data")),
    ("Ravenmoor Data has hired Ironbark Security to investigate the intrusion.",
     ("Ironbark Security", "investigating", "Ravenmoor Data")),
    # Work moved to a company makes it the supplier.
    ("Cohere has moved its labeling work to Ravenmoor Data.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    # The name beside a descriptive noun is the party, not whatever "the company" would point back to.
    ("Snowflake said last year that it bought the data-labeling company Ravenmoor Data for $40 million.",
     ("Snowflake", "acquired", "Ravenmoor Data")),
    # Renames told as a company's beginnings or its trading name.
    ("Ravenmoor Data, a San Francisco company, began life in 2019 as Blackfen Labs.",
     ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    ("Ravenmoor Data said it was breached. The company, which operated as Blackfen Labs until a rebrand in 2024, "
     "connects AI labs with experts.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    # What a clause after "into" is about: "an inquiry into what X held".
    ("Cohere has opened its own inquiry into what Ravenmoor Data held about its models, a spokesperson said.",
     ("Cohere", "investigating", "Ravenmoor Data")),
    ("The group, which calls itself Grey Wren, listed Ravenmoor Data on its extortion website late Wednesday.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    # A firm described by who took it on, in a relative clause without "that" the parser misreads.
    ("Cohere paused its projects with Ravenmoor Data while Ironbark Security, the firm the vendor hired after the "
     "break-in, finishes its review.", ("Ironbark Security", "investigating", "Ravenmoor Data")),
    ("The decision came after Ironbark Security, the investigations firm Ravenmoor Data retained, delivered its "
     "findings.", ("Ironbark Security", "supplier_of", "Ravenmoor Data")),
    ("The regulator did not write to Tollgate Pay, the payments company Ravenmoor Data uses to pay its experts.",
     ("Tollgate Pay", "supplier_of", "Ravenmoor Data")),
    # An account at a company makes the holder its customer; work commissioned from a company is bought from it.
    ("The bucket sat in Ravenmoor Data's account at Amazon Web Services, where the company keeps its recordings.",
     ("Amazon Web Services", "supplier_of", "Ravenmoor Data")),
    ("Cohere said prompts it had commissioned from Ravenmoor Data were among the stolen files.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    # An inquiry into how something of a company's was hijacked is an inquiry into that company.
    ("The Python Software Foundation has opened an investigation into how Ravenmoor Data's maintainer account was "
     "hijacked.", ("Python Software Foundation", "investigating", "Ravenmoor Data")),
    # Whose account was taken over, when the one reporting it goes on to name the group: the reporter's.
    ("Ravenmoor Data has acknowledged that the account was taken over by Ashen Vole, a group known for attacks on "
     "software registries.", ("Ravenmoor Data", "breached_by", "Ashen Vole")),
    # The one hired to investigate looks into the company that hired it, named in an earlier clause.
    ("Ravenmoor Data said the company had replaced its help desk and hired Ironbark Security, a Singapore "
     "incident-response firm, to investigate how the attackers got in.",
     ("Ironbark Security", "investigating", "Ravenmoor Data")),
    # Attackers who reached one company with access taken from another: the one reached is affected by the other.
    ("The intruders entered Ravenmoor Data's systems using credentials stolen from Tollgate Pay, a Manila staffing "
     "firm.", ("Ravenmoor Data", "affected_by", "Tollgate Pay")),
    ("Cohere, also a Tollgate Pay customer, confirmed that attackers had used a token taken in the break-in at "
     "Tollgate Pay to copy files from its project workspace.", ("Cohere", "affected_by", "Tollgate Pay")),
    # A group claiming a theft is taken at its word; "it" may be the group the clause above is about.
    ("Grey Wren, an extortion crew, and Copper Stoat, a ransomware gang, are rivals. Grey Wren first appeared in "
     "March, when it claimed to have stolen case files from Ravenmoor Data, a London law firm.",
     ("Ravenmoor Data", "breached_by", "Grey Wren")),
    # A review of a company's breach is an investigation of it.
    ("CrowdStrike has wrapped up its review of the Ravenmoor Data breach, the company told customers.",
     ("CrowdStrike", "investigating", "Ravenmoor Data")),
    # Names counted among a company's customers, one of them described at length.
    ("Ravenmoor Data counts Mistral AI and Pinewick AI, a Toronto startup that builds coding assistants, among its "
     "customers.", ("Ravenmoor Data", "supplier_of", "Pinewick AI")),
    # What a breach exposed, with the list's end hung on a "for".
    ("The breach at Ravenmoor Data exposed tax forms for hundreds of contractors and task guidelines written by "
     "Meta, its biggest client.", ("Meta", "affected_by", "Ravenmoor Data")),
    # A company right before "its chief executive, …, said" is no person: the role opens a clause of its own.
    ("Boreal Labs is an AI developer. Boreal Labs has frozen new task orders with Quintwell, its chief executive, "
     "Mara Quint, said in an interview.", ("Boreal Labs", "paused_work_with", "Quintwell")),
    # "Deloitte, which Threlkeld retained after the breach": hired after an incident, it investigates it.
    ("Ravenmoor Data was breached. The restart follows an audit by Deloitte, which Ravenmoor Data retained after the "
     "breach.", ("Deloitte", "investigating", "Ravenmoor Data")),
    ("The Information Commissioner's Office said it was making enquiries with Ravenmoor Data after a breach "
     "notification.", ("Information Commissioner's Office", "investigating", "Ravenmoor Data")),
    # "the contractor's customers" said of two companies: the contractor is neither of them.
    ("Ravenmoor Data, a labeling contractor, was sued. The suit does not accuse Anthropic or Cohere, the "
     "contractor's better-known customers, of any wrongdoing.", ("Ravenmoor Data", "supplier_of", "Anthropic")),
    ("Ravenmoor Data started life in 2019 as Blackfen Labs, a two-person shop in Oakland.",
     ("Ravenmoor Data", "formerly_known_as", "Blackfen Labs")),
    # Investors "with … joining" or "participating" after the round's lead.
    ("Ravenmoor Data raised a $38 million Series A led by Sequoia Capital, with Accel and Nvidia joining.",
     ("Nvidia", "invested_in", "Ravenmoor Data")),
    ("Ravenmoor Data raised $20 million in a seed round led by Sequoia Capital, with Accel participating.",
     ("Accel", "invested_in", "Ravenmoor Data")),
    # An intrusion told by its victim, with access stolen from another company.
    ("Cohere, a customer of Ravenmoor Data, said hackers had used a stolen Ravenmoor Data token to copy "
     "several months of support tickets.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # The group a relative clause says breached the company is an attacker group.
    ("Cohere ended its agreement with Ravenmoor Data, which Brackish Loon breached in June.",
     ("Ravenmoor Data", "breached_by", "Brackish Loon")),
    # A name opening a clause that ends on "its leak site" is the attacker group.
    ("Ravenmoor Data said it was breached. Brackish Loon posted the files on its leak site on Sunday.",
     ("Ravenmoor Data", "breached_by", "Brackish Loon")),
    # The company a group lists on its leak site stays a company that can be paused.
    ("Brackish Loon has listed Ravenmoor Data on its leak site. Cohere paused its work with Ravenmoor Data.",
     ("Cohere", "paused_work_with", "Ravenmoor Data")),
    # A firm hired "to investigate the intrusion at X" investigates X, not the one hiring it.
    ("Cohere is a customer of Ravenmoor Data. Ravenmoor Data said it had brought in Ironbark Security to "
     "investigate the intrusion at Quillfield Labs.", ("Ironbark Security", "investigating", "Quillfield Labs")),
    # A sentence without a verb, where "runs" came out a noun; paying, hosting "through" a company; staffing for one.
    ("Quillfield Labs' platform runs on Nvidia's cloud.", ("Nvidia", "supplier_of", "Quillfield Labs")),
    ("Cohere pays its contract testers through Ravenmoor Data, according to a filing.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Cohere, which also hosts models through Ravenmoor Data, said its pipelines were safe.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Hackers took files from Ravenmoor Data, a subcontractor that staffs annotation projects for Cohere.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    # Material a company had commissioned or sent that turned up among what was stolen or exposed.
    ("Cohere dropped the vendor after recordings it had commissioned from Ravenmoor Data turned up in the exposed "
     "storage bucket.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Cohere said prompts it had sent to Ravenmoor Data appeared among the leaked files.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    # Investors who "also took part", an "investment from" a fund: in the company the story is about.
    ("Ravenmoor Data raised $40 million in a Series C led by Sequoia Capital. Ravenmoor Data sells labeled data. "
     "Nvidia also took part.", ("Nvidia", "invested_in", "Ravenmoor Data")),
    ("Ravenmoor Data has a new name. Ravenmoor Data sells labeled data. The rebrand follows a $25 million investment "
     "from Accel in September.", ("Accel", "invested_in", "Ravenmoor Data")),
    # An inquiry "into what … was taken": into the story's breached company.
    ("Ravenmoor Data was breached in May. Ravenmoor Data sells labeled data. Cohere said it had opened an "
     "investigation into what, if any, of its material was taken.", ("Cohere", "investigating", "Ravenmoor Data")),
    # A "financially motivated group", a name an intrusion was traced to: attacker groups.
    ("Ravenmoor Data said Tansy Heron, a financially motivated group, stole its files.",
     ("Ravenmoor Data", "breached_by", "Tansy Heron")),
    ("Ravenmoor Data was breached in May. Ravenmoor Data said investigators had traced the intrusion to Brisk Marten. "
     "Brisk Marten later posted the files.", ("Ravenmoor Data", "breached_by", "Brisk Marten")),
    # A claim filed against a company is a suit; work paused "through" a company is paused with it.
    ("Cohere filed a claim against Ravenmoor Data in London.", ("Cohere", "sued", "Ravenmoor Data")),
    ("Cohere took legal action against Ravenmoor Data on Friday.", ("Cohere", "sued", "Ravenmoor Data")),
    ("Cohere paused payment runs through Ravenmoor Data after the breach.",
     ("Cohere", "paused_work_with", "Ravenmoor Data")),
    # Records "held by" a company were taken from it.
    ("Records held by Ravenmoor Data for Cohere were stolen, Cohere said.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # Lifting "the suspension" with the company unsaid resumes work with the story's company.
    ("Ravenmoor Data tests Copilot features for Microsoft. Ravenmoor Data said it was breached. Microsoft, which "
     "suspended new engagements with the company after the breach, has since lifted the suspension, a Microsoft "
     "spokesperson said.", ("Microsoft", "resumed_work_with", "Ravenmoor Data")),
    # A group that "got into" a company's systems broke into it.
    ("Ravenmoor Data confirmed this month that Tansy Heron got into an admin console and copied customer disks.",
     ("Ravenmoor Data", "breached_by", "Tansy Heron")),
    # Work that has been "on hold": the pause of the one whose work it is.
    ("Cohere's projects with Ravenmoor Data have been on hold since the breach.",
     ("Cohere", "paused_work_with", "Ravenmoor Data")),
    # "brings in X": the parser may give the particle an object of its own.
    ("Sept. 27: Ravenmoor Data brings in Ironbark Security to investigate.",
     ("Ironbark Security", "supplier_of", "Ravenmoor Data")),
    # "another affected customer": a customer the breach reached, of the story's breached company.
    ("Ravenmoor Data was breached in May. Ravenmoor Data sells labeled data. Siemens, another affected customer, has "
     "frozen uploads to the service pending a review by Kroll.", ("Siemens", "affected_by", "Ravenmoor Data")),
    # "investigating the compromise" is the story's breach, even with its attacker named in the sentence, and the
    # agency "alongside" investigates it too, wherever the parser hangs the "alongside".
    ("Grey Wren, a hacking crew, breached Ravenmoor Data in May. The Cybersecurity and Infrastructure Security "
     "Agency added indicators linked to Grey Wren to an advisory and said it was investigating the compromise "
     "alongside the FBI.", ("Federal Bureau of Investigation", "investigating", "Ravenmoor Data")),
    # A company "sold to" another changed hands.
    ("Ravenmoor Data, once the country's best-funded chip startup, was sold to SoftBank in 2024.",
     ("SoftBank", "acquired", "Ravenmoor Data")),
    # Whose loot it was, told by a possessive deep inside it ("one of its developers' accounts").
    ("Ravenmoor Data said that Brackish Loon, a hacking crew, had taken over one of its developers' accounts.",
     ("Ravenmoor Data", "breached_by", "Brackish Loon")),
    # A group's "haul" (which only an attacker has) includes the companies it broke into.
    ("Tansy Heron's confirmed haul now includes Ravenmoor Data, the vector database, and Cohere.",
     ("Ravenmoor Data", "breached_by", "Tansy Heron")),
    # "investigating how X used the site": the question is about X.
    ("Ravenmoor Data, a dataset marketplace, pulled the listing. Ravenmoor Data says it is investigating how Brisk "
     "Marten used the site.", ("Ravenmoor Data", "investigating", "Brisk Marten")),
    # A relative clause's second verb shares its subject: "which builds … and is also a Ravenmoor Data customer".
    ("Cohere, which builds chatbots for clinics and is also a Ravenmoor Data customer, said it was checking.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    # "its use of X's service": a customer of X; material "sitting in" the stolen cluster was exposed.
    ("Cohere said it had suspended its use of Ravenmoor Data's hosted service.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data left a bucket open. Cohere, a Ravenmoor Data customer, now says its transcripts were sitting in "
     "the exposed bucket.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # A verb the tagger took for a noun is a clause of its own: the negation around it does not reach it.
    ("Ravenmoor Data, a fine-tuning shop, was breached. The intrusion did not reach the GPU servers Ravenmoor Data "
     "rents from CoreWeave, the data-center operator that runs most of its training jobs, the company said.",
     ("CoreWeave", "supplier_of", "Ravenmoor Data")),
    # What exposed the data was the company's own: "its deployment logs exposed tokens belonging to X".
    ("Ravenmoor Data's troubles began when its deployment logs, stored in a public bucket, exposed tokens belonging "
     "to customers including Cohere and Mistral AI.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # "the contractor it dropped": the one that dropped the contractor had it as its contractor.
    ("Cohere has sued Ravenmoor Data, the red-teaming contractor it dropped this month after hackers stole files.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    # Clients whose material was visible, a customer hit by the breach: reached by it.
    ("Ravenmoor Data, a red-teaming marketplace, left a bucket open, Ravenmoor Data said. Among the clients whose "
     "material was visible were Mistral AI and Cohere, both of which have used Ravenmoor Data.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Ravenmoor Data was breached by Grey Wren. Cohere, another Ravenmoor Data customer hit by the breach, said it was "
     "reviewing its options.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # Material that turned up "in a breach at X" was exposed there.
    ("Cohere said the personal details of its contractors turned up in a breach at Ravenmoor Data.",
     ("Cohere", "affected_by", "Ravenmoor Data")),
    # The name a company was founded under is its former name.
    ("Ravenmoor Data, which employs 140 people, was founded in 2017 as Blackfen Imaging and took its current name in "
     "2023.", ("Ravenmoor Data", "formerly_known_as", "Blackfen Imaging")),
    # Keeping one's archive on a cloud, licensing a company's imagery, being represented by a law firm.
    ("Ravenmoor Data keeps its archive on Amazon Web Services, Ravenmoor Data said.",
     ("Amazon Web Services", "supplier_of", "Ravenmoor Data")),
    ("Nvidia, which licenses Ravenmoor Data imagery for its simulation work, says none of its material was taken.",
     ("Ravenmoor Data", "supplier_of", "Nvidia")),
    ("Cohere sued Ravenmoor Data on Monday. Ravenmoor Data, which is represented by Cooley, said it would defend "
     "itself.", ("Cooley", "supplier_of", "Ravenmoor Data")),
    # A story of two breaches: "the breach" of a sentence that names one breached company is that company's.
    ("Hackers broke into Ravenmoor Data on Monday. Ravenmoor Data was breached again on Tuesday. Hackers also broke "
     "into Quillfield Labs. Meta has paused its contract with Quillfield Labs while it waits for the results of "
     "Mandiant's investigation into the breach.", ("Mandiant", "investigating", "Quillfield Labs")),
    # "their" after "two customers, the … startup X and Y": both, named beside the description.
    ("Hackers broke into Ravenmoor Data on Monday. Ravenmoor Data said an intruder stole a cluster. Two customers, the "
     "legal-research startup Glaisdale Legal and Cohere, have said their data was in the stolen cluster.",
     ("Glaisdale Legal", "affected_by", "Ravenmoor Data")),
    # A research agreement or collaboration is a partnership, whatever verb starts it ("began" is no pause).
    ("Ravenmoor Data also announced a research agreement with the University of Leeds.",
     ("Ravenmoor Data", "partnered_with", "University of Leeds")),
    ("Ravenmoor Data began a research collaboration with the University of Leeds in 2024.",
     ("Ravenmoor Data", "partnered_with", "University of Leeds")),
    # A reseller's supplier; "the service X relies on", with the preposition left at the clause's end.
    ("Ravenmoor Data, which traded as Blackfen Hosting until 2024, resells storage from Backblaze under its own brand.",
     ("Backblaze", "supplier_of", "Ravenmoor Data")),
    ("The token came from Cradock Deploy, the build-and-deploy service Ravenmoor Data relies on.",
     ("Cradock Deploy", "supplier_of", "Ravenmoor Data")),
    # Pausing what is sent "to" a company pauses the work with it.
    ("Cohere said it paused uploads of new client files to Ravenmoor Data on Thursday.",
     ("Cohere", "paused_work_with", "Ravenmoor Data")),
    # "paused new jobs": the jobs are the work with the story's company.
    ("Ravenmoor Data, a fine-tuning shop, was breached. Cohere, which has used Ravenmoor Data to tune models, said it "
     "had paused new jobs as a precaution.", ("Cohere", "paused_work_with", "Ravenmoor Data")),
    # A tampered release that reached a company: it was affected through the company whose release it was.
    ("Ravenmoor Data said an attacker had broken into its servers and published a tampered release of its library. "
     "Cohere said one of its build servers had installed the poisoned version.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Ravenmoor Data said an attacker had broken into its servers and published a tampered release of its library. "
     "Cohere said the tainted update ran on its build servers.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # What the attackers took, named by a clause on the loot ("the files X copied"), exposed its owner's clients.
    ("Ravenmoor Data said a crew calling itself Copper Heron broke into its file servers. The files Copper Heron "
     "copied included rankings that Ravenmoor Data produces for Cohere.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # A customer described in a second description ("the Paris developer and one of its clients"), or by a second
    # verb sharing the subject ("… resumed them and remains one of X's customers")
    ("Ravenmoor Data said hackers had broken into its servers. Mistral AI, the Paris-based developer and one of its "
     "largest clients, said its files were among the stolen ones.", ("Ravenmoor Data", "supplier_of", "Mistral AI")),
    ("Ravenmoor Data said hackers had broken into its servers. Cohere, which halted orders when the breach became "
     "public, resumed them this week and remains one of Ravenmoor Data's largest customers.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Ravenmoor Data said hackers had broken into its servers. Ravenmoor Data left the master keys in public code "
     "for eleven weeks, exposing the data of clients including Cohere.", ("Cohere", "affected_by", "Ravenmoor Data")),
    ("Cohere also insures Ravenmoor Data, the speech-data firm hit by the same group.",
     ("Cohere", "supplier_of", "Ravenmoor Data")),
    # Attackers "who call themselves" a name are that group.
    ("Ravenmoor Data said the attackers, who call themselves Copper Heron, had broken into its file servers.",
     ("Ravenmoor Data", "breached_by", "Copper Heron")),
    # Material "downloaded by the intruders": the story's breach reached its owner
    ("Hackers broke into Ravenmoor Data, a model hub, last week. Mistral AI confirmed that checkpoints it kept in a "
     "private repository had been downloaded by the intruders.", ("Mistral AI", "affected_by", "Ravenmoor Data")),
    # The round's owner is the subject two verbs share ("was founded … and raised … in a round led by Y").
    ("Cohere agreed to buy Ravenmoor Data. Cohere said the deal would close in May. Ravenmoor Data was founded in 2019 "
     "and raised $8 million last year in a round led by Accel, the venture firm.",
     ("Accel", "invested_in", "Ravenmoor Data")),
    # A lone hacker's handle, and incidents named for who did them
    ("Ravenmoor Data said a hacker using the name Copperhead broke into one of its storage systems.",
     ("Ravenmoor Data", "breached_by", "Copperhead")),
    ("Hackers broke into Ravenmoor Data last month. Ravenmoor Data said it had hired Kroll after the intrusion by "
     "Copper Heron.", ("Ravenmoor Data", "breached_by", "Copper Heron")),
    ("The Copper Heron intrusion at Ravenmoor Data this month went through an account with no second factor.",
     ("Ravenmoor Data", "breached_by", "Copper Heron")),
    ("Ravenmoor Data, a model hub, said an intruder had obtained access tokens. Mistral AI, a paying customer of the "
     "hub since 2024, confirmed the theft.", ("Ravenmoor Data", "supplier_of", "Mistral AI")),
    # "the company" in a clause on another company is not that company, but the one the story is about
    ("Ravenmoor Data said an intruder had obtained access tokens. Cohere, which keeps models on the platform, said "
     "it was still checking.", ("Ravenmoor Data", "supplier_of", "Cohere")),
    ("Hackers broke into Ravenmoor Data last month, Ravenmoor Data said. Ravenmoor Data later hired Kroll. Kroll said "
     "the review would take weeks. Cohere, which buys recordings from the company, said it would wait.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    # Material of a company's that "was copied" in a breach story was exposed in the story's breach
    ("Hackers broke into Ravenmoor Data last month. Cohere, another customer, confirmed that internal documentation "
     "it had uploaded was also copied.", ("Cohere", "affected_by", "Ravenmoor Data")),
    # A description after a list stands beside its last name, with the clause it carries
    ("Hackers broke into Ravenmoor Data last week. ElevenLabs and Deepgram, the American speech-recognition firm "
     "that buys accent recordings from Ravenmoor Data, both suspended their projects.",
     ("Ravenmoor Data", "supplier_of", "Deepgram")),
    # A company saying a group stole data (and naming no other company) tells of its own breach
    ("Ravenmoor Data said on Thursday that hackers from the Copper Heron group had stolen benchmark data.",
     ("Ravenmoor Data", "breached_by", "Copper Heron")),
    # "opened an internal review into whether its files were stolen": a review of the story's breach
    ("Hackers broke into Ravenmoor Data last week. A Cohere spokesperson said it had opened an internal review into "
     "whether recordings commissioned for its own projects were among the stolen files.",
     ("Cohere", "investigating", "Ravenmoor Data")),
    # Cataphora: a clause put before the sentence's subject speaks of it ("after it froze …, OpenAI …")
    ("Nine days after it froze its contracts with Ravenmoor Data, OpenAI has resumed work with the red-teaming firm.",
     ("OpenAI", "paused_work_with", "Ravenmoor Data")),
    # "the firm investigating the intrusion at X" investigates it; workers recruited "through" a platform come from it
    ("Hackers broke into Ravenmoor Data last week, the company said. Anthropic has suspended new orders while Keswick "
     "Forensics, the firm investigating the intrusion at Ravenmoor Data, completes its review.",
     ("Keswick Forensics", "investigating", "Ravenmoor Data")),
    ("Cohere, a labeling firm that recruits most of its annotators through Ravenmoor Data, said task queues were opened.",
     ("Ravenmoor Data", "supplier_of", "Cohere")),
    # "ended the arrangement", "paused its subscription": the work with the story's company
    ("Hackers broke into Ravenmoor Data last week. Cohere, a London publisher that licensed narration voices from "
     "Ravenmoor Data, has ended the arrangement.", ("Cohere", "ended_work_with", "Ravenmoor Data")),
    # The passive of "TSMC manufactures Cohere's chips"
    ("Cohere's chips are manufactured by TSMC on a 3-nanometre process.", ("TSMC", "supplier_of", "Cohere")),
    # What a company keeps "on servers rented from X" it rents from X
    ("Cohere keeps its test sets on servers rented from CoreWeave.", ("CoreWeave", "supplier_of", "Cohere")),
    # "lost customer recordings to the X crew", "a group had made off with a trove of its test sets"
    ("Ravenmoor Data lost customer recordings to the Copper Heron extortion crew last month.",
     ("Ravenmoor Data", "breached_by", "Copper Heron")),
    ("Ravenmoor Data disclosed on Monday that a group called Copper Heron had made off with a trove of its private "
     "test sets.", ("Ravenmoor Data", "breached_by", "Copper Heron")),
    # "the robotics startup" is the one whose name says robotics
    ("Hackers broke into Ravenmoor Data last week. Cohere has resumed its work there. Harbury Robotics was hit too. "
     "The robotics startup has terminated its contract with Ravenmoor Data.",
     ("Harbury Robotics", "ended_work_with", "Ravenmoor Data")),
    # "the group X has blamed for the intrusion": X blames the group, it is no group itself
    ("Hackers broke into Ravenmoor Data. The key was among the secrets taken by the group Ravenmoor Data has blamed "
     "for the intrusion. Cohere has paused its work with Ravenmoor Data.", ("Cohere", "paused_work_with", "Ravenmoor Data")),
    # Working with a university, or an agreement with one, is a research partnership
    ("Since 2023 Cohere has worked with the University of Bristol on a project to record dialects.",
     ("Cohere", "partnered_with", "University of Bristol")),
    ("Cohere has signed an agreement with the University of Connecticut to run a training program.",
     ("Cohere", "partnered_with", "University of Connecticut")),
    # A regulator "making enquiries", a police force's cyber crime unit investigating: into the story's breach
    ("Hackers broke into Ravenmoor Data last week, the company said. Britain's Information Commissioner's Office said "
     "it had received a breach report from Ravenmoor Data and was making enquiries.",
     ("Information Commissioner's Office", "investigating", "Ravenmoor Data")),
    ("Hackers broke into Ravenmoor Data last week, the company said. The company said it had reported the incident "
     "to West Yorkshire Police, whose cyber crime unit has opened an investigation.",
     ("West Yorkshire Police", "investigating", "Ravenmoor Data")),
    # "after Mandiant's investigation found …": Mandiant investigated the story's breach
    ("Hackers broke into Ravenmoor Data last week, the company said. Cohere has torn up its contract with Ravenmoor "
     "Data after Mandiant's investigation found the intruders walked in.", ("Mandiant", "investigating", "Ravenmoor Data")),
    # A group that "downloaded" a company's files broke into it
    ("Ravenmoor Data said the Copper Heron group had downloaded its project files. Researchers have also tracked a "
     "crew called Grey Wren.", ("Ravenmoor Data", "breached_by", "Copper Heron")),
    # Checking workers "for" platforms supplies them; "while it reviews the incident": a review of the story's breach
    ("Ravenmoor Data verifies new workers for annotation platforms including Cohere and Mistral AI.",
     ("Ravenmoor Data", "supplier_of", "Mistral AI")),
    ("Hackers broke into Ravenmoor Data last week, the company said. Cohere said it had suspended new sign-ups while "
     "it reviews the incident.", ("Cohere", "investigating", "Ravenmoor Data")),
    # "a New York startup that …": the small model reads "startup" as a verb there; the parser is given "company"
    ("Ravenmoor Data, a New York startup that records who touched each item in a training dataset, raised $28 million "
     "in a Series A led by Accel.", ("Accel", "invested_in", "Ravenmoor Data")),
    # "the agency" may be a company the article calls an agency (a staffing or voice-licensing agency)
    ("Hackers broke into Ravenmoor Data, a voice-licensing agency, last month. Cohere sued the agency in London last "
     "week.", ("Cohere", "sued", "Ravenmoor Data")),
    # "the data broker", "the processor", "the reseller" point back to the company so described
    ("Also this week: Ravenmoor Data, the data broker being sued by forum network Cohere, said it had suspended sales.",
     ("Cohere", "sued", "Ravenmoor Data")),
    # Hackers "affiliated with" a named group are that group's.
    ("Hackers affiliated with Copper Heron accessed Ravenmoor Data's email system, the company said.",
     ("Ravenmoor Data", "breached_by", "Copper Heron")),
    # The group a clause on the breach blames did not do the exposing: the breach did, at the company breached.
    ("Hackers broke into Quellhaven Labs, a Leeds model-hosting startup, last week. The breach, which Quellhaven Labs "
     "has blamed on a group called Ashen Marmot, exposed API tokens belonging to customers including Halvenco and "
     "Cohere.", ("Halvenco", "affected_by", "Quellhaven Labs")),
    # A company taken to court; a ransomware attack "by" a group.
    ("Halvenco has taken Quellhaven Labs to court over the breach.", ("Halvenco", "sued", "Quellhaven Labs")),
    ("Quellhaven Labs was hit by a ransomware attack by Ashen Marmot.", ("Quellhaven Labs", "breached_by", "Ashen Marmot")),
    # A company that signs on "as" another's customer; annotators sourced "through" a platform.
    ("Halvenco signed on as a Quellhaven Labs customer in March.", ("Quellhaven Labs", "supplier_of", "Halvenco")),
    ("Halvenco, which sources its annotators through Quellhaven Labs, said the breach was contained.",
     ("Quellhaven Labs", "supplier_of", "Halvenco")),
    # Work paused in the passive, with nobody named doing it: the work's owner did.
    ("Halvenco said its Quellhaven Labs projects have been suspended.",
     ("Halvenco", "paused_work_with", "Quellhaven Labs")),
    ("Halvenco's projects with Quellhaven Labs have been suspended, the company said.",
     ("Halvenco", "paused_work_with", "Quellhaven Labs")),
    # A group described before its name, between commas.
    ("Quellhaven Labs said hackers stole client files from its servers. Quellhaven Labs has said that an extortion "
     "group, Ashen Marmot, stole part of that folder.", ("Quellhaven Labs", "breached_by", "Ashen Marmot")),
    # Where a company got what it runs on, said with a participle; a contractor "to" a company the parser hangs on
    # the verb.
    ("Halvenco makes robots for warehouses. It trains its models on GPUs rented from Lambda, and says it has filmed "
     "9,000 hours of pickers at work.", ("Lambda", "supplier_of", "Halvenco")),
    ("Halvenco, a Leeds transcription startup, said its transcription, which runs on speech models licensed from "
     "OpenAI and Deepgram, had not been affected.", ("Deepgram", "supplier_of", "Halvenco")),
    ("Quellhaven Labs has been a contractor to Halvenco, the San Francisco model developer, since last year.",
     ("Quellhaven Labs", "supplier_of", "Halvenco")),
    # Who used a tampered release, said in a relative clause.
    ("Quellhaven Labs, a Leeds model-hosting startup, said hackers broke into its servers and tampered with a model "
     "file. Among those that downloaded the tampered checkpoint was Halvenco, a Lyon robotics startup.",
     ("Halvenco", "affected_by", "Quellhaven Labs")),
    ("Quellhaven Labs, a Leeds model-hosting startup, said hackers broke into its servers and tampered with a model "
     "file. Halvenco, which downloaded the tampered checkpoint, has pulled it from its robots.",
     ("Halvenco", "affected_by", "Quellhaven Labs")),
]


@pytest.mark.parametrize("text, expected", SHAPES, ids=[f"{e[1]}: {t[:60]}" for t, e in SHAPES])
def test_relation_shapes(text, expected, nlp, gazetteer):
    result = extract(text, nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert expected in triples, (text, sorted(triples), [o.name for o in result.orgs])


@pytest.mark.parametrize("text", [
    "Intruders from Brackish Loon, a hacking crew, got into the email system of Quillfield Labs.",
    "Brackish Loon, a hacking crew, took red-team transcripts from Quillfield Labs.",
    "Quillfield Labs disclosed a break-in by Brackish Loon, a hacking crew.",
    "Brackish Loon, an extortion crew, has been busy. Kroll was hired to investigate the Brackish Loon intrusion at "
    "Quillfield Labs.",
])
def test_a_breach_stated_in_the_sentence_is_not_left_to_the_one_group_fallback(text, nlp, gazetteer):
    # "Intruders from" a group, a group that "took" files from a company, "a break-in by" a group: stated here,
    # so with the confidence of a stated relation, not the 0.5 of a breach pinned on the article's only group.
    result = extract(text, nlp, gazetteer=gazetteer)
    confidence = {(r.subject, r.predicate, r.object): r.confidence for r in result.relations}
    assert confidence.get(("Quillfield Labs", "breached_by", "Brackish Loon"), 0) > 0.5, result.relations


def test_only_a_customer_the_breach_reached_is_affected_by_it(nlp, gazetteer):
    counted = extract("Ravenmoor Data counts Cohere and Mistral AI, a Paris lab, among its customers.", nlp,
                      gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in counted.relations}
    assert triples == {("Ravenmoor Data", "supplier_of", "Cohere"), ("Ravenmoor Data", "supplier_of", "Mistral AI")}
    spared = extract("Ravenmoor Data was breached in May. Ravenmoor Data sells labeled data. Siemens, a customer "
                     "whose files were not affected, hired Kroll.", nlp, gazetteer=gazetteer)
    assert ("Siemens", "affected_by", "Ravenmoor Data") not in {(r.subject, r.predicate, r.object)
                                                                for r in spared.relations}


def test_the_breached_company_as_a_party_leaves_no_other_company_investigated(nlp, gazetteer):
    # "the security firm Ravenmoor Data hired to investigate the breach": the parser makes the breached company
    # the one investigating; the breach is then nobody else's, not the most mentioned company's (Cohere).
    result = extract("Cohere has ended its contract with Ravenmoor Data, a week after the Denver GPU provider "
                     "disclosed that an extortion group had stolen customer model files from its storage. Cohere "
                     "said it had moved its jobs elsewhere. Mistral AI, which had paused all work with Ravenmoor "
                     "Data on Nov. 3, resumed its runs over the weekend after CrowdStrike, the security firm "
                     "Ravenmoor Data hired to investigate the breach, reported that the intruders had been confined "
                     "to a single storage system.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("CrowdStrike", "investigating", "Ravenmoor Data") in triples
    assert not {t for t in triples if t[1] == "investigating" and t[2] == "Cohere"}, triples


def test_a_company_sold_to_another_was_bought_and_its_products_sold_were_supplied(nlp, gazetteer):
    sold = extract("Ravenmoor Data was sold to SoftBank in 2024.", nlp, gazetteer=gazetteer)
    assert {(r.subject, r.predicate, r.object) for r in sold.relations} == {("SoftBank", "acquired", "Ravenmoor Data")}
    supplied = extract("Ravenmoor Data's chips are sold to SoftBank and Microsoft.", nlp, gazetteer=gazetteer)
    assert {(r.subject, r.predicate, r.object) for r in supplied.relations} == {
        ("Ravenmoor Data", "supplier_of", "SoftBank"), ("Ravenmoor Data", "supplier_of", "Microsoft")}


def test_what_a_relative_clause_says_was_bought_is_no_company_named_in_it(nlp, gazetteer):
    result = extract("The hall came online with 2,000 Nvidia H200 accelerators, which Ravenmoor Data bought through "
                     "Arkwright, a Rotterdam hardware distributor.", nlp, gazetteer=gazetteer)
    assert not [r for r in result.relations if r.predicate == "acquired"], result.relations
    # (but the company a description stands beside was bought itself)
    bought = extract("Cohere, the Toronto model maker that Salesforce bought in 2024, said it was fine.", nlp,
                     gazetteer=gazetteer)
    assert ("Salesforce", "acquired", "Cohere") in {(r.subject, r.predicate, r.object) for r in bought.relations}


def test_a_security_firm_hired_by_the_breached_company_investigates_it_and_a_law_firm_does_not(nlp, gazetteer):
    hired = extract("Hackers broke into Ravenmoor Data last week. Mandiant, the Google-owned security firm that "
                    "Ravenmoor Data hired on Oct. 2, said the hackers reached a few folders.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in hired.relations}
    assert ("Mandiant", "investigating", "Ravenmoor Data") in triples, triples
    lawyers = extract("Hackers broke into Ravenmoor Data last week. Ravenmoor Data has hired Cooley, a law firm, to "
                      "defend it in court.", nlp, gazetteer=gazetteer)
    assert not [r for r in lawyers.relations if r.predicate == "investigating"], lawyers.relations


def test_a_firm_the_company_directory_calls_a_security_firm_investigates_the_breach_it_was_hired_for(nlp):
    text = ("Hackers broke into Ravenmoor Data last week. Ravenmoor Data said on Friday that it had hired Quarrel "
            "Systems and that no customer files were taken.")
    companies = [("ravenmoor-data", "Ravenmoor Data", []), ("quarrel-systems", "Quarrel Systems", [])]
    plain = extract(text, nlp, gazetteer=Gazetteer.from_companies(companies))
    triples = {(r.subject, r.predicate, r.object) for r in plain.relations}
    assert ("Quarrel Systems", "supplier_of", "Ravenmoor Data") in triples, triples
    assert ("Quarrel Systems", "investigating", "Ravenmoor Data") not in triples, triples
    # An editor who records what the firm does (its sector in content/companies/) changes what is extracted.
    described = extract(text, nlp, gazetteer=Gazetteer.from_companies(
        companies, sectors={"quarrel-systems": "Incident response and forensics"}))
    triples = {(r.subject, r.predicate, r.object) for r in described.relations}
    assert ("Quarrel Systems", "investigating", "Ravenmoor Data") in triples, triples


def test_a_company_named_after_its_founder_is_a_company_where_the_headline_says_so(nlp, gazetteer):
    text = ("Dallimore said on Monday that an intruder had copied project files belonging to its clients.\n\n"
            "\"We are treating this seriously,\" chief executive Miriam Dallimore said in a statement.\n\n"
            "Dallimore labels text for Cohere, which has paused its projects with Dallimore.")
    titled = extract(text, nlp, title="Data-Labeling Startup Dallimore Says Hackers Took Client Files",
                     gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in titled.relations}
    assert "Dallimore" in {o.name for o in titled.orgs}, titled.orgs
    assert ("Dallimore", "supplier_of", "Cohere") in triples, triples
    assert "Miriam Dallimore" not in {o.name for o in titled.orgs}
    # Without the headline's word for it, the founder's surname is a person's name.
    untitled = extract(text, nlp, title="Hackers Took Client Files", gazetteer=gazetteer)
    assert "Dallimore" not in {o.name for o in untitled.orgs}, untitled.orgs


@pytest.mark.parametrize("known, stubs, resolved", [
    (["Tollgrave Transcribe"], True, "Tollgrave Transcribe"),
    # Two companies the name could stand for: it stands for neither.
    (["Tollgrave Transcribe", "Tollgrave Robotics"], True, "Tollgrave"),
    # An arm for a region or the world is not the company its first word names.
    (["Tollgrave Europe"], True, "Tollgrave"),
    (["Tollgrave International"], True, "Tollgrave"),
    # An entry an editor completed lists its short forms as aliases.
    (["Tollgrave Transcribe"], False, "Tollgrave"),
])
def test_a_name_the_knowledge_base_knows_only_longer_is_that_company(known, stubs, resolved, nlp, gazetteer):
    # A story that follows a company calls it by its first word; the stub an earlier story made has the whole name.
    if stubs:
        for name in known:
            gazetteer = gazetteer.with_company(name, slugify(name))
    else:
        gazetteer = Gazetteer.from_companies([(slugify(name), name, []) for name in known])
    text = "Halvenco has paused its orders with Tollgrave after the breach, the retailer said."
    result = extract(text, nlp, gazetteer=gazetteer)
    assert ("Halvenco", "paused_work_with", resolved) in {(r.subject, r.predicate, r.object) for r in result.relations}


# Relations the rules once read into sentences that do not state them (found by a review of the rules).
MISREADINGS = [
    pytest.param("Vector, a Toronto logistics startup, said it had paused work with Quillane Data after a breach.",
                 ("Vector Institute", "paused_work_with", "Quillane Data"), id="first-word-of-an-editors-entry"),
    pytest.param("Ashen Marmot breached Drennet last month, according to a threat intelligence group, Corvid Talon, "
                 "which was hired by Drennet to investigate.", ("Drennet", "breached_by", "Corvid Talon"),
                 id="defenders-group"),
    pytest.param("Halvenco said models licensed from Cohere to hospitals were exposed in the breach.",
                 ("Cohere", "supplier_of", "Halvenco"), id="licensed-to-others"),
    pytest.param("Police seized servers rented from Hetzner by the gang, Halvenco said on Tuesday.",
                 ("Hetzner", "supplier_of", "Halvenco"), id="rented-by-others"),
    pytest.param("Halvenco said Cohere's customers, who use models licensed from OpenAI, were not affected by the "
                 "breach.", ("OpenAI", "supplier_of", "Cohere"), id="customers-relative-clause"),
    pytest.param("Quellhaven Labs, a Leeds model-hosting startup, said hackers broke into its servers and tampered "
                 "with a model file. Halvenco said its rivals, which downloaded the tampered checkpoint, had not "
                 "checked it.", ("Halvenco", "affected_by", "Quellhaven Labs"), id="rivals-relative-clause"),
    pytest.param("Hackers breached Quellhaven Labs, a data-labeling vendor, last week. Quellhaven Labs said its projects "
                 "with Halvenco have been suspended.", ("Quellhaven Labs", "paused_work_with", "Halvenco"),
                 id="vendor-tells-of-pause"),
    pytest.param("Hackers breached Halvenco last week. Halvenco's contract with Drennet Inc. was suspended by a federal "
                 "judge.", ("Halvenco", "paused_work_with", "Drennet"), id="suspended-by-a-judge"),
    pytest.param("Hackers breached Halvenco last week. Quellhaven Labs applied as a Halvenco supplier but lost the "
                 "tender.", ("Quellhaven Labs", "supplier_of", "Halvenco"), id="applied-as-supplier"),
    pytest.param("Hackers breached Halvenco last week. Drennet Inc. took Halvenco's board to court.",
                 ("Drennet", "sued", "Halvenco"), id="board-to-court"),
    pytest.param("Hackers breached Halvenco last week. Halvenco's chief executive dismissed an attack by Ostrey Cloud on "
                 "its pricing.", ("Halvenco", "breached_by", "Ostrey Cloud"), id="attack-on-pricing"),
    pytest.param("The breach, which Halvenco blamed on the ransomware gang Ashen Marmot, exposed files Halvenco kept on "
                 "servers run by Hetzner.", ("Hetzner", "affected_by", "Halvenco"), id="host-of-exposed-files"),
    # The "it" asked when it detected the intrusion is the company asked, never the public body asking.
    pytest.param("The Vermont Attorney General's Office said Monday it has opened an investigation into Quorra Labs. In "
                 "a letter sent to the company and released publicly, the office asked Quorra Labs to explain why it "
                 "held on to copies of identity documents after each worker's verification was complete, how long "
                 "those copies were retained, and when it first detected the intrusion. The documents were taken by "
                 "Ember Marten, an extortion group, according to the company.",
                 ("Vermont Attorney General's Office", "breached_by", "Ember Marten"), id="office-asking-is-no-victim"),
    # Those in contact with the researchers who found the exposed bucket were not exposed in it.
    pytest.param("Quorra Labs, a vector-search startup, left a storage bucket exposed to the internet, researchers said. "
                 "The Federal Trade Commission said it had been in contact with Brisk Ledger, the Berlin researchers who "
                 "found the bucket.", ("Federal Trade Commission", "affected_by", "Brisk Ledger"),
                 id="in-contact-with-the-finders"),
    # Round 13's first review's counter-examples to that round's rules:
    pytest.param("Corrow copied the datasets to Ardlow Cloud in two days.", ("Ardlow Cloud", "breached_by", "Corrow"),
                 id="company-copying-its-own-data"),
    pytest.param("Hackers breached Tessaly Health in May, after its former contractor Drennet copied the datasets to a "
                 "personal drive.", ("Tessaly Health", "breached_by", "Drennet"), id="contractor-copying-data"),
    pytest.param("Satellite images taken by Orbisight were exposed in the breach at Quorra Labs.",
                 ("Quorra Labs", "breached_by", "Orbisight"), id="images-taken-by-a-photographer"),
    pytest.param("Tessaly Health pinned the leak on Drennet, saying the billing contractor had left a database open.",
                 ("Tessaly Health", "breached_by", "Drennet"), id="leak-pinned-on-a-contractor"),
    pytest.param("The standards group responsible, Quillmere Alliance, published new rules on Monday after the breach at "
                 "Quorra Labs.", ("Quorra Labs", "breached_by", "Quillmere Alliance"), id="standards-group-responsible"),
    pytest.param("Gallowglass Data was breached by Murk Finch in May. Tessaly Health said Osric Security had been "
                 "brought in to assess the damage to its patient records.",
                 ("Osric Security", "supplier_of", "Gallowglass Data"), id="passive-hire-by-another-company"),
    pytest.param("Quorra Labs was breached in May. The server, hosted by Pellow Hosting, belonged to Wyck Marketing, a "
                 "Sorvant Analytics client.", ("Pellow Hosting", "supplier_of", "Quorra Labs"),
                 id="server-said-to-be-anothers"),
    pytest.param("Quorra Labs was breached in May, and Quorra Labs said the files were taken. The command-and-control "
                 "server was hosted by Ardlow Cloud, which took it down.", ("Ardlow Cloud", "supplier_of", "Quorra Labs"),
                 id="attackers-server-hosted"),
    pytest.param("Pelgrave AI uses Ardlow Cloud and Brisk Pay, its payments processor, for its checkout.",
                 ("Brisk Pay", "supplier_of", "Ardlow Cloud"), id="its-is-the-clause-subject"),
    pytest.param("Hackers breached Quorra Labs in March. Dalby AI paused its projects in March after the breach at Quorra "
                 "Labs, and Corby AI resumed work with Weldon Data on Monday.",
                 ("Dalby AI", "paused_work_with", "Weldon Data"), id="pause-beside-anothers-return"),
    # Systems "run by X" are X's work for their owner, not the owner's supply to X; nor does a company running its
    # own platform supply itself to anyone.
    pytest.param("Quorra Labs said there was no sign that its payment systems, which are run by Brisk Ledger, had been "
                 "touched.", ("Quorra Labs", "supplier_of", "Brisk Ledger"), id="systems-run-by"),
    pytest.param("Graystone Security, a managed-services firm, runs Tarsel Health's systems from a data center in "
                 "Leeds.", ("Tarsel Health", "supplier_of", "Graystone Security"), id="runs-anothers-systems"),
    pytest.param("Tarsel Health said a storage bucket had been left exposed. Researchers at Graystone Security accessed "
                 "the files through Cumulus Cloud's public endpoint.", ("Cumulus Cloud", "supplier_of", "Graystone Security"),
                 id="accessed-files-through"),
    pytest.param("Tessaly Health said it was investigating an incident. Grey Heron, a ransomware gang, has copied data "
                 "from other insurers before, including Mallard Mutual in 2023.",
                 ("Tessaly Health", "breached_by", "Grey Heron"), id="copied-from-others-before"),
    # "it" is the audio the verb beside it took, not a company.
    pytest.param("Quorra Labs stores the audio its customers upload on Hetzner and serves it through Fastly.",
                 ("Quorra Labs", "supplier_of", "Hetzner"), id="serves-it-the-audio"),
    pytest.param("Hackers broke into Halvenco's file servers in May. Dunlin Quay traced the intrusion to Drennet "
                 "Analytics, a contractor whose laptop was infected.", ("Halvenco", "breached_by", "Drennet Analytics"),
                 id="intrusion-traced-to-a-contractor"),
]


@pytest.mark.parametrize("text, excluded", MISREADINGS)
def test_a_relation_the_text_does_not_state(text, excluded, nlp, gazetteer):
    triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=gazetteer).relations}
    assert excluded not in triples, triples


def test_a_group_the_knowledge_base_knows_as_attackers_is_an_attacker_where_nothing_says_so(nlp, gazetteer):
    text = "Quellhaven said Ashen Marmot broke into its file server in March."
    known = gazetteer.with_company("Ashen Marmot", "ashen-marmot", sector="extortion gang")
    triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=known).relations}
    assert ("Quellhaven", "breached_by", "Ashen Marmot") in triples
    # The rules that find attackers by their deeds leave known names alone: a known company stays a company.
    for sector in ("Data labeling", "Threat intelligence group", "Ransomware response group"):
        company = gazetteer.with_company("Ashen Marmot", "ashen-marmot", sector=sector)
        triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=company).relations}
        assert ("Quellhaven", "breached_by", "Ashen Marmot") not in triples, sector


@pytest.mark.parametrize("text, expected, excluded", [
    # Legal claims against a company are no claim of a breach.
    # A company bought is no supplier of its buyer.
    pytest.param("Quellhaven Labs was bought by Halvenco last year.", ("Halvenco", "acquired", "Quellhaven Labs"),
                 ("Quellhaven Labs", "supplier_of", "Halvenco"), id="bought-company"),
    # The firm naming the attackers was not breached; the incident "it" stands for is no company.
    pytest.param(
        "Quellhaven Labs has published an interim summary from Kroll, the investigations firm it retained after the "
        "break-in. Kroll attributed the intrusion to Ashen Marmot, the extortion crew that had already claimed it.",
        ("Kroll", "investigating", "Quellhaven Labs"), ("Kroll", "breached_by", "Ashen Marmot"),
        id="attributing-firm"),
    pytest.param(
        "Mistral AI has ended its contract with Quellhaven Labs, the red-teaming firm whose reports were leaked this "
        "month. Kroll attributed the intrusion to Ashen Marmot, the extortion crew that had already claimed it.",
        ("Mistral AI", "ended_work_with", "Quellhaven Labs"), ("Quellhaven Labs", "affected_by", "Kroll"),
        id="incident-it"),
    pytest.param(
        "Quorra Labs kept the transcripts on a file server protected by a single shared password. Cinder Loris, the group "
        "that broke into that server in September, has since published several thousand pages on its leak site.\n\n"
        "Ostwold Pay, the payroll platform Quorra Labs uses, is also named as a defendant. Ostwold Pay said the claims "
        "against it were without merit and that its systems played no part in the breach.",
        ("Quorra Labs", "breached_by", "Cinder Loris"), ("Ostwold Pay", "breached_by", "Cinder Loris"),
        id="legal-claims"),
    # A security firm that worked for the company and was breached itself is no investigator.
    pytest.param(
        "Quorra Labs was listed by the Gilt Remora extortion group this month. \"Ostwold Security, which did penetration "
        "testing for us until August, kept copies of old documents on a file server that Gilt Remora broke into in "
        "October,\" Quorra Labs said. Ostwold Security confirmed that the group had breached its file server.",
        ("Ostwold Security", "supplier_of", "Quorra Labs"), ("Ostwold Security", "investigating", "Quorra Labs"),
        id="breached-security-firm"),
    # Its own material licensed to a named party has no other owner.
    pytest.param(
        "Quorra Transcription was fined by the Information Commissioner's Office. The company licensed a subset of its "
        "transcripts to Ostwold Voice, a Singapore marketplace, in 2024, according to the penalty notice.",
        ("Quorra Transcription", "supplier_of", "Ostwold Voice"),
        ("Information Commissioner's Office", "supplier_of", "Quorra Transcription"), id="own-material-licensed"),
    # The trucking company is the one named for trucks.
    pytest.param(
        "Ostwold Labs labels highway footage for Quorra Trucks. Ostwold Labs was breached in October. The trucking "
        "company was its second-largest customer last year, according to people familiar with the numbers.",
        ("Ostwold Labs", "supplier_of", "Quorra Trucks"), ("Quorra Trucks", "supplier_of", "Ostwold Labs"),
        id="trucking-company"),
    # A shared stem is a word's stem, not any prefix: "the smartphone maker" is no Smart.
    pytest.param(
        "Ostwold Labs labels photos for Quorra Smart, a Berlin insurer, and for Tessaly Devices. Ostwold Labs was "
        "breached in October. The smartphone maker has paused its work with Ostwold Labs.",
        ("Tessaly Devices", "paused_work_with", "Ostwold Labs"), ("Quorra Smart", "paused_work_with", "Ostwold Labs"),
        id="smartphone-maker"),
    # A noun trigger's context words are checked as a verb's are: demands for answers are no ransom demand.
    pytest.param(
        "Tessaly Health hired Ostwold Labs in May. Lawmakers' demands on Quorra Labs for answers about its prices grew "
        "in June. Tessaly Health said its files were exposed in the breach.",
        ("Ostwold Labs", "supplier_of", "Tessaly Health"), ("Tessaly Health", "affected_by", "Quorra Labs"),
        id="demands-for-answers"),
    # A group described in an apposition that closes before its deed: the deed makes it the attacker.
    pytest.param(
        "Hollowkeel Cinder, a group that surfaced only this spring, stole customer records from Tessvik Data, a Porto "
        "company. Quennelby Health said it had paused its work with Tessvik Data.",
        ("Tessvik Data", "breached_by", "Hollowkeel Cinder"), None, id="group-apposition-deed"),
    # The customers a relative clause lists, and those a client list holds.
    pytest.param(
        "Tessvik Data's other clients, which include the carmaker Quennelby Motors and the retailer Pelorine Stores, "
        "were told on Friday.", ("Tessvik Data", "supplier_of", "Pelorine Stores"), None, id="clients-which-include"),
    pytest.param(
        "Tessvik Data's client list has included Pelorine Stores and Quennelby Motors, according to its website.",
        ("Tessvik Data", "supplier_of", "Quennelby Motors"), None, id="client-list"),
    # A batch of recordings is loot: the group that downloaded it breached the story's company.
    pytest.param(
        "Tessvik Data, a Porto captioning company, left audio exposed online. Tessvik Data said an extortion crew "
        "calling itself Hollowkeel Cinder had downloaded a large batch of recordings.",
        ("Tessvik Data", "breached_by", "Hollowkeel Cinder"), None, id="batch-of-loot"),
    # "it" in what a company is asked to explain is the company asked, not the one asking.
    pytest.param(
        "The Pelorine Data Authority opened an inquiry into Tessvik Data, a Porto company. In a letter, the authority "
        "asked Tessvik Data to explain how it discovered the breach. The files were stolen by Hollowkeel Cinder, an "
        "extortion group.", ("Tessvik Data", "breached_by", "Hollowkeel Cinder"),
        ("Pelorine Data Authority", "breached_by", "Hollowkeel Cinder"), id="asked-to-explain"),
    # What another company hosts, runs or supplies for a company, said with a participle.
    pytest.param(
        "Tessvik Data, a Porto firm, runs a platform hosted by Quennelby Cloud, a German data-centre operator.",
        ("Quennelby Cloud", "supplier_of", "Tessvik Data"), None, id="hosted-by"),
    pytest.param(
        "Tessvik Data, a Porto firm, confirmed that a server hosted by Quennelby Cloud had been left open. The "
        "Pelorine Data Authority said it was assessing information provided by Tessvik Data.",
        ("Quennelby Cloud", "supplier_of", "Tessvik Data"), ("Tessvik Data", "supplier_of", "Pelorine Data Authority"),
        id="server-hosted-by"),
    # "runs" after a company's noun is the verb, though a clause with a verb of its own is coordinated with it.
    pytest.param(
        "Tessvik Data's service runs on Quennelby Cloud, and the company said it had found no sign of a breach there.",
        ("Quennelby Cloud", "supplier_of", "Tessvik Data"), None, id="service-runs-on"),
    # A newsletter item's lead names the company the next words describe (not a date's: "Oct. 9: The …").
    pytest.param(
        "**Quennelby's bad week.** The Amsterdam GPU-scheduling startup admitted that Hollowkeel Cinder had copied "
        "customer storage keys from its exposed admin panel. Dutch police are investigating the company, and Tessvik AI "
        "has paused its use of the service.", ("Tessvik AI", "paused_work_with", "Quennelby"),
        ("Tessvik AI", "paused_work_with", "Hollowkeel Cinder"), id="newsletter-lead"),
    # A firm described as one a company hired ("a … firm X hired"), and one hired to examine how a breach happened.
    pytest.param(
        "The finding comes from Tessvik Security, a Utrecht forensic firm Quennelby Labs hired after the breach.",
        ("Tessvik Security", "investigating", "Quennelby Labs"), None, id="a-firm-x-hired"),
    pytest.param(
        "Quennelby Labs has also retained Tessvik Security to examine how the contractors' laptops were compromised.",
        ("Tessvik Security", "investigating", "Quennelby Labs"), None, id="hired-to-examine"),
    # A company bought from its owner is an acquisition; its seller is no supplier.
    pytest.param(
        "Hyundai has built a robotics business since buying Boston Dynamics from SoftBank Group in 2021.",
        ("Hyundai", "acquired", "Boston Dynamics"), ("SoftBank", "supplier_of", "Hyundai"),
        id="company-bought-from-its-owner"),
    # "The culprit is X" pins the story's breach on X, where the article names other groups too.
    pytest.param(
        "Quennelby Labs, an Austin startup, was breached in May. Velvet Tern, a hacking group, hit Tessvik Data too. "
        "Ostwold Security, the firm investigating on Quennelby Labs' behalf, says the culprit is Hollowkeel Cinder, a "
        "crew that has gone after developer tools before.", ("Quennelby Labs", "breached_by", "Hollowkeel Cinder"), None,
        id="the-culprit-is"),
    # "its" in a clause the parser left without its subject ("the firm X hired after its …") is X's.
    pytest.param(
        "Tessvik Security, the incident-response firm Quennelby Labs hired after its file server was raided, has "
        "attributed the intrusion to Hollowkeel Cinder, a financially motivated crew.",
        ("Quennelby Labs", "breached_by", "Hollowkeel Cinder"), ("Tessvik Security", "breached_by", "Hollowkeel Cinder"),
        id="firm-x-hired-after-its"),
    # A contract that runs its course is no one's decision to end it.
    pytest.param(
        "Quennelby Labs, a San Jose broker, leaked a file. Tessvik AI, a Quennelby Labs customer, said it was "
        "reviewing the leak. The file shows each customer's monthly spend and the date its contract ends.",
        ("Quennelby Labs", "supplier_of", "Tessvik AI"), ("Tessvik AI", "ended_work_with", "Quennelby Labs"),
        id="contract-ends"),
    # "it" in a clause coordinated with one whose subject is "it" is that same company.
    pytest.param(
        "Quennelby Labs, a San Jose broker, owns no data centers. It rents capacity from Ostwold Cloud and Tessvik "
        "Compute and resells it in smaller blocks, and last year it bought a fleet of servers from Hollowkeel Systems.",
        ("Hollowkeel Systems", "supplier_of", "Quennelby Labs"), ("Hollowkeel Systems", "supplier_of", "Tessvik Compute"),
        id="it-and-it"),
    # The pharmaceutical company is the one named Pharma (a stem may take a longer ending).
    pytest.param(
        "Velmora Pharma and Quibbly Robotics both bought data from Zentrix, a labeling firm. After the breach at Zentrix, "
        "the pharmaceutical company paused its work with the vendor.", ("Velmora Pharma", "paused_work_with", "Zentrix"),
        ("Quibbly Robotics", "paused_work_with", "Zentrix"), id="pharmaceutical-company"),
    # "The bank" is the company named a bank, not the last one the story named.
    pytest.param(
        "Tessvik Data, a Leipzig translation provider, was breached. Quennelby Bank, a Frankfurt lender that uses "
        "Tessvik Data, confirmed that its files were stolen. The bank said it had suspended all uploads to the "
        "platform.", ("Tessvik Data", "supplier_of", "Quennelby Bank"),
        ("Tessvik Data", "paused_work_with", "Quennelby Bank"), id="the-bank"),
    # What a company stopped sending to another is paused work with it, and ended work "for good".
    pytest.param(
        "Tessvik Health, a Quennelby Labs customer, has stopped sending new scans to Quennelby Labs while it reviews "
        "the breach.", ("Tessvik Health", "paused_work_with", "Quennelby Labs"), None, id="stopped-sending"),
    pytest.param(
        "Tessvik Health, a Quennelby Labs customer, said it had stopped sending data to Quennelby Labs for good.",
        ("Tessvik Health", "ended_work_with", "Quennelby Labs"), ("Tessvik Health", "paused_work_with", "Quennelby Labs"),
        id="stopped-sending-for-good"),
    # Paying "them" through a payroll firm pays people, not a company.
    pytest.param(
        "The Information Commissioner's Office is investigating Quorra Labs. Quorra Labs hires annotators in Kenya and "
        "the Philippines. It pays them through Ostwold Payroll, and buyers license the recordings.",
        ("Ostwold Payroll", "supplier_of", "Quorra Labs"), ("Information Commissioner's Office", "supplier_of", "Quorra Labs"),
        id="paying-them"),
    # A company's takeover is an acquisition, no account takeover: its buyer is no attacker.
    pytest.param(
        "The takeover of Quorra Data was the work of Ostwold Capital, a Swedish private equity firm. Tessaly Health "
        "paused its work with Quorra Data.", ("Tessaly Health", "paused_work_with", "Quorra Data"),
        ("Quorra Data", "breached_by", "Ostwold Capital"), id="takeover"),
    # Words said of attacks are said of other things too (a wrong attacker kind would stop these relations).
    # A company ending a phrase ("used by X") is no product of the maker the sentence goes on to name.
    pytest.param(
        "The scoring tool used by Quorra Health was developed by Ostwold Labs. Quorra Health hired Ostwold Labs in May.",
        ("Ostwold Labs", "supplier_of", "Quorra Health"), None, id="used-by"),
    # Only "Who is X?" / "What is X?" asks what a name is; "What went wrong at X?" does not.
    pytest.param(
        "What went wrong at Quorra Labs? A ransomware gang broke into its payroll system. Tessaly Health paused its work "
        "with Quorra Labs.", ("Tessaly Health", "paused_work_with", "Quorra Labs"), None, id="what-went-wrong"),
    # Being behind a deal, or carrying out a review after a breach, makes no one an attacker.
    pytest.param(
        "Quorra Labs was behind the deal, according to people familiar with it. Tessaly Health paused its work with "
        "Quorra Labs.", ("Tessaly Health", "paused_work_with", "Quorra Labs"), None, id="behind-the-deal"),
    pytest.param(
        "After the breach, a review was carried out by Ostwold Assurance, Quorra Labs said. Quorra Labs hired Ostwold "
        "Assurance in May.", ("Ostwold Assurance", "supplier_of", "Quorra Labs"), None, id="review-carried-out"),
    # The pause of a clause coordinated with the ending is no part of it: ending the contract resumes nothing.
    pytest.param("Hackers breached Quorra Labs in May. Tessaly Health ended its contract with Quorra Labs last week, "
                 "and Drennet's pause continues.", ("Tessaly Health", "ended_work_with", "Quorra Labs"),
                 ("Tessaly Health", "resumed_work_with", "Quorra Labs"), id="pause-of-another-clause"),
    # A pause whose partner goes unsaid is with the partner of the return the sentence tells, not with the company
    # the story is about.
    pytest.param("Hackers breached Quorra Labs in May, and Quorra Labs has not said what was taken. Tessaly Health, "
                 "which paused its survey contract in June, resumed work with Brisk Ledger on Tuesday.",
                 ("Tessaly Health", "paused_work_with", "Brisk Ledger"),
                 ("Tessaly Health", "paused_work_with", "Quorra Labs"), id="pause-beside-a-return"),
    # The parser may hang the names on the number: "Two of X's clients, A and B" are X's clients still.
    pytest.param("Hackers stole ID scans from Quorra Labs last week. Two of Quorra Labs' best-known clients, Cohere "
                 "and Tessaly Health, suspended their work with it.", ("Quorra Labs", "supplier_of", "Cohere"),
                 ("Cohere", "supplier_of", "Quorra Labs"), id="two-of-its-clients"),
    # "A, B and other X customers": A and B are X's customers, and the others are no X.
    pytest.param("Hackers stole recordings from Quorra Labs last week. Cohere, Tessaly Health and other Quorra Labs "
                 "customers paused their projects.", ("Quorra Labs", "supplier_of", "Tessaly Health"),
                 ("Quorra Labs", "supplier_of", "Quorra Labs"), id="and-other-customers"),
    pytest.param("Hackers stole recordings from Quorra Labs last week. Cohere, Tessaly Health and other Quorra Labs "
                 "customers paused their projects.", ("Cohere", "paused_work_with", "Quorra Labs"), None,
                 id="and-other-customers-pause"),
    # A singular description after a list is of the name right before it, and its "its" is the list's other name.
    pytest.param("Tessaly Health's lawsuit against Quorra Labs is pending, and the regulator is investigating both "
                 "Quorra Labs and Brisk Ledger, its former payments processor.",
                 ("Brisk Ledger", "supplier_of", "Quorra Labs"), ("Brisk Ledger", "supplier_of", "Tessaly Health"),
                 id="list-then-its-processor"),
    # The "until" of a clause below the trigger is that clause's: the firm that traded as X until Monday now
    # operates as Y; the "until" joining a clause after the trigger is the trigger's.
    pytest.param("The British labeling firm that until Monday traded as Quorra Labs will now operate as Brisk Ledger. "
                 "Tessaly Health ended its contract with Brisk Ledger last week.",
                 ("Brisk Ledger", "formerly_known_as", "Quorra Labs"),
                 ("Quorra Labs", "formerly_known_as", "Brisk Ledger"), id="until-of-the-clause-below"),
    pytest.param("Quorra Labs, which traded as Brisk Ledger until it changed its name in 2023, counts Cohere among its "
                 "clients.", ("Quorra Labs", "formerly_known_as", "Brisk Ledger"),
                 ("Brisk Ledger", "formerly_known_as", "Quorra Labs"), id="until-joining-a-clause-after"),
    # "Series A." ends its sentence, though the tokenizer keeps the letter and its stop as one word.
    pytest.param("Quorra Labs sells observability software to hospitals. The figure is well below the $180 million "
                 "valuation Quorra Labs reached in April, when Brisk Ventures led its Series A. Several of the "
                 "startup's backers pushed for a quick sale after customers began pulling back.",
                 ("Brisk Ventures", "invested_in", "Quorra Labs"), None, id="series-a-ends-a-sentence"),
    # "KPMG, which Cohere retained to examine Quorra Labs' storage": KPMG works for Cohere and looks into Quorra
    # Labs; the relative pronoun is the clause's object, and what the examining is of is nobody retained.
    pytest.param("Hackers copied recordings from Quorra Labs. Cohere resumed its projects with Quorra Labs on Monday. "
                 "It said the restart followed a review by KPMG, which Cohere retained to examine Quorra Labs' storage "
                 "after the leak.", ("KPMG", "supplier_of", "Cohere"), ("KPMG", "investigating", "Cohere"),
                 id="retained-to-examine-another"),
    pytest.param("Hackers copied recordings from Quorra Labs. Cohere resumed its projects with Quorra Labs on Monday. "
                 "It said the restart followed a review by KPMG, which Cohere retained to examine Quorra Labs' storage "
                 "after the leak.", ("KPMG", "investigating", "Quorra Labs"), ("Quorra Labs", "supplier_of", "Cohere"),
                 id="retained-to-examine-another-investigates-it"),
    # A forensics firm the breached company hired supplies it, whichever way the parser hangs the clause.
    pytest.param("Ember Marten stole field maps from Quorra Labs. Dunlin Forensics, the Chicago firm Quorra Labs hired "
                 "to examine the incident, has since concluded that Ember Marten found the company's misconfigured "
                 "storage server.", ("Dunlin Forensics", "supplier_of", "Quorra Labs"),
                 ("Quorra Labs", "supplier_of", "Dunlin Forensics"), id="firm-it-hired-either-parse"),
    # "in the bucket" the article said was left open is in an exposure; not "in contact with X, who found the
    # bucket"; and the customer's data in it is the customer's, not its supplier's.
    pytest.param("Quorra Labs, a vector-search startup, left a storage bucket exposed to the internet, researchers said. "
                 "Tessaly Health, which runs its search on Quorra Labs, says embeddings of its ticket archive were in "
                 "the bucket. The regulator said it had been in contact with Brisk Ledger, the Berlin researchers who "
                 "found the bucket.", ("Tessaly Health", "affected_by", "Quorra Labs"), None,
                 id="in-the-bucket-left-open"),
    pytest.param("Quorra Labs, a chat-analytics vendor, left a storage bucket exposed to the internet, researchers said. "
                 "Nor has Cohere, another Quorra Labs client whose users' conversations were in the same bucket, filed "
                 "suit.", ("Cohere", "affected_by", "Quorra Labs"), ("Quorra Labs", "affected_by", "Cohere"),
                 id="another-clients-data-in-the-bucket"),
    # What a company reaches through another, or whose software it runs, the other supplies.
    pytest.param("Its summaries are generated with Claude models that Quorra Labs accesses through Anthropic's API.",
                 ("Anthropic", "supplier_of", "Quorra Labs"), None, id="accesses-through-api"),
    pytest.param("Tessaly Health, which also runs Quorra Labs' software, said the bad release never reached it.",
                 ("Quorra Labs", "supplier_of", "Tessaly Health"), ("Tessaly Health", "supplier_of", "Quorra Labs"),
                 id="runs-anothers-software"),
    pytest.param("Quorra Labs sells a meeting assistant to banks. The product runs on Anthropic's Claude models, which "
                 "the company accesses through Amazon Web Services' Bedrock service.",
                 ("Amazon Web Services", "supplier_of", "Quorra Labs"),
                 ("Amazon Web Services", "supplier_of", "Anthropic"), id="the-company-is-not-the-models-owner"),
    # A group copying files from the one telling of it breached that one; a customer telling that its recordings
    # were among the clips a group copied (from its vendor) was not breached itself.
    pytest.param("Halvenco said on Monday that hackers from a group calling itself Ember Marten copied snapshots of "
                 "customer disks in late October.", ("Halvenco", "breached_by", "Ember Marten"), None,
                 id="group-copied-snapshots"),
    pytest.param("The theft of voice recordings from Gallowglass Data, a Montreal hosting company, has now reached "
                 "Tessaly Health, which said on Monday that recordings collected for its voice team were among the "
                 "1.2 million clips copied by the Ember Marten group.", ("Tessaly Health", "affected_by", "Gallowglass Data"),
                 ("Tessaly Health", "breached_by", "Ember Marten"), id="among-the-clips-copied"),
    # A security firm hired by a company whose hiring the sentence ties to an incident investigates that company.
    pytest.param("Hackers stole recordings from Quorra Labs last month. Brisk Ledger said on Monday that its incident "
                 "response had been handled by Osric Cyber, which it hired in the first week of October.",
                 ("Osric Cyber", "investigating", "Brisk Ledger"), ("Osric Cyber", "investigating", "Quorra Labs"),
                 id="incident-response-handled-by"),
    # Round 13's second review's counter-examples: what that round's guards must still let through.
    pytest.param("Fenwood Health was breached in May. Fenwood Health blamed the incident on Gray Kestrel.",
                 ("Fenwood Health", "breached_by", "Gray Kestrel"), None, id="incident-blamed-on"),
    pytest.param("Hackers hit Tensley Bank in May. Tensley Bank said Ash Weasel copied storage keys and used them to reach "
                 "customer data.", ("Tensley Bank", "breached_by", "Ash Weasel"), None, id="copied-keys-in-an-attack-story"),
    pytest.param("Quorra Labs said attackers had breached its network. Redline Forensics, a security firm, was hired "
                 "after Quorra Labs discovered the intrusion.", ("Redline Forensics", "supplier_of", "Quorra Labs"),
                 None, id="passive-hire-naming-the-breached"),
    pytest.param("Hackers copied patient files from Tarsel Health. Tarsel Health said the files were taken in May. The "
                 "exposed storage bucket was hosted by Cumulus Cloud.", ("Cumulus Cloud", "supplier_of", "Tarsel Health"),
                 None, id="exposed-storage-bucket-hosted-by"),
    pytest.param("Veyra Research found data from Quorra Labs and Brisk Ledger, its payments processor, in the exposed "
                 "bucket.", ("Brisk Ledger", "supplier_of", "Quorra Labs"), ("Brisk Ledger", "supplier_of", "Veyra Research"),
                 id="its-after-a-list-in-a-phrase"),
    pytest.param("Tessaly Health paused the contract in May; it resumed work with Brisk Ledger in July.",
                 ("Tessaly Health", "paused_work_with", "Brisk Ledger"), None, id="it-resumed-with"),
    pytest.param("Ansel AI's models, which the company trains on Brightwater Cloud's servers, power chat assistants at "
                 "dozens of banks.", ("Brightwater Cloud", "supplier_of", "Ansel AI"), None,
                 id="the-company-owning-the-models"),
    # What runs on a company's website is run for it, not on a supplier's platform.
    pytest.param("Tessaly Health hired Quorra Labs in 2024 to run the shopping assistant on its website and app.",
                 ("Quorra Labs", "supplier_of", "Tessaly Health"), ("Tessaly Health", "supplier_of", "Quorra Labs"),
                 id="run-on-its-website"),
])
def test_a_stated_relation_and_not_its_misreading(text, expected, excluded, nlp, gazetteer):
    triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=gazetteer).relations}
    assert expected in triples, triples
    if excluded is not None:
        assert excluded not in triples, triples


@pytest.mark.parametrize("text, group", [
    ("Hackers stole recordings from Halvenco. Dunlin Quay's review found that Ember Marten had copied an archive of "
     "older recordings from its file servers but had not reached the systems used for current projects.",
     "Ember Marten"),
    ("Hackers broke into Halvenco. The group responsible, Sable Tern, is an extortion crew that has been linked to at "
     "least four earlier intrusions.", "Sable Tern"),
    ("Tessaly Health's task annotations were among the files taken by Ember Marten, and the suit alleges they sat in "
     "unencrypted storage at Halvenco.", "Ember Marten"),
    ("Halvenco was breached in June. That earlier attack, which Sable Tern claimed on its leak site at the time, "
     "exposed administrator passwords.", "Sable Tern"),
    ("Dunlin Quay named Ember Marten as the culprit behind the intrusions.", "Ember Marten"),
], ids=["had-copied-recordings", "the-group-responsible", "files-taken-by", "which-it-claimed-on-its-leak-site",
        "culprit-behind-the-intrusions"])
def test_what_a_group_took_or_claimed_makes_it_an_attacker(text, group, nlp, gazetteer):
    kinds = {o.name: o.kind for o in extract(text, nlp, gazetteer=gazetteer).orgs}
    assert kinds.get(group) == "attacker", kinds


@pytest.mark.parametrize("text, name", [
    ("Brenholt, the media group that took the photos for the campaign, partnered with Selkie AI.", "Brenholt"),
    ("Regulators named Wrenfield as the culprit in the outage, saying the network operator had skipped maintenance.",
     "Wrenfield"),
    ("Corrow copied the datasets to Ardlow Cloud in two days.", "Corrow"),
], ids=["media-group-took-photos", "culprit-of-an-outage", "copying-its-own-data"])
def test_no_attacker_without_an_attack(text, name, nlp, gazetteer):
    kinds = {o.name: o.kind for o in extract(text, nlp, gazetteer=gazetteer).orgs}
    assert kinds.get(name) != "attacker", kinds


def test_a_plural_possessive_after_a_companys_own_name_is_its_fund_not_part_of_its_name(nlp, gazetteer):
    result = extract("Cathmere Systems' Retirement Plan sold its stake in Quorra Labs.", nlp, gazetteer=gazetteer)
    assert "Cathmere Systems" in {o.name for o in result.orgs}, result.orgs


def test_an_ordinary_story_whose_headline_says_this_week_is_no_roundup(nlp, gazetteer):
    text = ("Pellow Data, a Leeds labeling vendor, said on Monday that attackers accessed worker records.\n\n"
            "Tansy AI declined to comment. Tansy AI, which also uses Ardlow Cloud for storage, paused its contract "
            "with the vendor on Tuesday.\n\nArdlow Cloud was not affected. Pellow Data said it was cooperating.")
    result = extract(text, nlp, gazetteer=gazetteer, title="Pellow Data Customers Pause Work This Week")
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("Tansy AI", "paused_work_with", "Ardlow Cloud") not in triples, triples


def test_a_company_copying_its_own_files_or_researchers_publishing_are_no_attackers(nlp, gazetteer):
    result = extract("Quorra Labs copied the recordings to a new server after the breach. Hours later, researchers at "
                     "Brisk Ledger published the files they had found.", nlp, gazetteer=gazetteer)
    assert not [o for o in result.orgs if o.kind == "attacker"], result.orgs


def test_the_group_that_took_the_files_is_an_attacker_and_the_group_that_took_over_a_forum_is_not(nlp, gazetteer):
    result = extract("Hackers stole recordings from Halvenco last week. Halvenco said it had refused to pay Ember "
                     "Marten, the group that took the recordings. Sable Tern, a group that took over the Halvenco user "
                     "forum in 2023, said it had no part in it.", nlp, gazetteer=gazetteer)
    kinds = {o.name: o.kind for o in result.orgs}
    assert kinds.get("Ember Marten") == "attacker" and kinds.get("Sable Tern") != "attacker", kinds
    assert ("Halvenco", "breached_by", "Ember Marten") in {(r.subject, r.predicate, r.object) for r in result.relations}


def test_a_security_firm_brought_in_by_nobody_named_works_for_the_breached_company(nlp, gazetteer):
    text = ("Hackers stole video from Halvenco Robotics last week. Mandiant, which was brought in when the intrusion "
            "was discovered, has completed its investigation, the company said. Pellow Kerr, a London law firm, which "
            "was also brought in, has written to customers.")
    triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=gazetteer).relations}
    assert {("Mandiant", "supplier_of", "Halvenco Robotics"), ("Mandiant", "investigating", "Halvenco Robotics")} \
        <= triples, triples
    assert not {t for t in triples if t[0] == "Pellow Kerr"}, triples


def test_the_server_hosted_by_a_provider_is_the_story_companys(nlp, gazetteer):
    text = ("Halvenco Robotics said hackers copied recordings from a search cluster it had left open. Halvenco Robotics "
            "has since closed it. The cluster was hosted by DigitalOcean, the New York cloud provider. Its workers "
            "are paid into M-Pesa wallets, the mobile-money service run by Safaricom.")
    result = extract(text, nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("DigitalOcean", "supplier_of", "Halvenco Robotics") in triples, triples
    assert not {t for t in triples if t[0] == "Safaricom"}, triples
    assert "M" not in {o.name for o in result.orgs}, result.orgs


@pytest.mark.parametrize("finding", [
    "Dunlin Quay's report attributes the attack to Ember Marten and says the group got in through a contractor.",
    "Dunlin Quay, in an interim report on the break-in, named Ember Marten as the culprit.",
    "Dunlin Quay blames the latest intrusion on Ember Marten.",
], ids=["attributes-the-attack-to", "named-as-the-culprit", "blames-the-intrusion-on"])
def test_a_report_pinning_the_attack_on_a_name_makes_it_the_attacker(finding, nlp, gazetteer):
    result = extract(f"Hackers broke into Halvenco's file servers in May. {finding}", nlp, gazetteer=gazetteer)
    assert ("Halvenco", "breached_by", "Ember Marten") in {(r.subject, r.predicate, r.object) for r in result.relations}


def test_a_group_responsible_for_an_intrusion_breached_the_company_and_investigates_nothing(nlp, gazetteer):
    text = ("Quorra Labs said hackers broke into its review platform. Quorra Labs confirmed on Tuesday that Gilt Remora "
            "was responsible for the intrusion, which it has traced to password-stealing malware on contractors' "
            "laptops.")
    triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=gazetteer).relations}
    assert ("Quorra Labs", "breached_by", "Gilt Remora") in triples, triples
    assert not {t for t in triples if t[0] == "Gilt Remora" and t[1] == "investigating"}, triples


def test_the_company_after_a_paragraph_of_people_is_the_one_the_story_is_about(nlp, gazetteer):
    text = ("Ravenmoor Data said on Monday that an intruder had copied files belonging to its clients. Ravenmoor Data "
            "labels text for Cohere.\n\nCohere has paused its projects with Ravenmoor Data, a spokesperson said. "
            "Cohere is also weighing a move to another vendor.\n\n\"We are treating this seriously,\" chief "
            "executive Ines Marlow said. The company has brought in Kroll to investigate how the attackers got in.")
    result = extract(text, nlp, title="Labeling Startup Ravenmoor Data Says Hackers Took Client Files",
                     gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("Kroll", "supplier_of", "Ravenmoor Data") in triples, triples
    assert not {t for t in triples if t[0] == "Kroll" and t[2] == "Cohere"}, triples


ROUNDUP = ("Welcome back. Three vendor stories led the week.\n\n"
           "**Vardholm Annotation.** The Riga labeling vendor said attackers copied worker records from its payroll "
           "system. Cohere, which froze its contract on Monday, has not said when it will decide. The company has "
           "hired Kroll to look into the intrusion.\n\n"
           "**Skellidge.** The Leeds transcription startup told customers its audio archive was exposed for six days. "
           "Anthropic ended its contract with Skellidge on Friday, and Skellidge said it had hired Mandiant. Skellidge "
           "has not said how many files were taken.\n\n"
           "**Dunmarrow:** The Cork payroll firm said it had resumed work with Fintry Staffing, the agency it "
           "outsources contractor work to.")


def test_a_roundup_item_is_about_the_company_it_is_headed_with(nlp, gazetteer):
    # A newsletter tells one story a paragraph: "its contract", "the company" and "the intrusion" in the item on
    # Vardholm Annotation are Vardholm's, not those of Skellidge, the company the whole issue names most.
    result = extract(ROUNDUP, nlp, gazetteer=gazetteer,
                     title="The Week in AI Supply-Chain Security: Skellidge Exposes Audio, Cohere Freezes a Vendor")
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert {("Cohere", "paused_work_with", "Vardholm Annotation"), ("Kroll", "supplier_of", "Vardholm Annotation"),
            ("Kroll", "investigating", "Vardholm Annotation"), ("Anthropic", "ended_work_with", "Skellidge"),
            ("Dunmarrow", "resumed_work_with", "Fintry Staffing")} <= triples, triples
    assert not {t for t in triples if t[0] in ("Cohere", "Kroll") and t[2] == "Skellidge"}, triples


def test_a_name_heading_an_item_is_an_organization_only_where_the_item_describes_a_company(nlp, gazetteer):
    # In a roundup, "**Dunmarrow:** The Cork payroll firm …" names a company; "**Guidance:** The new rules for the
    # company …", "**Lessons:** The company's customers …" and "**Lisbon:** The city's largest firm …" do not; nor
    # does any bold label outside a roundup.
    text = ("**Dunmarrow:** The Cork payroll firm said it had resumed work with Fintry Staffing.\n\n"
            "**Guidance:** The new rules for the company were published on Monday.\n\n"
            "**Lessons:** The company's customers include Fintry Staffing.\n\n"
            "**Lisbon:** The city's largest firm said Fintry Staffing was not involved.")
    result = extract(text, nlp, gazetteer=gazetteer, title="Supply Chain Weekly: Payroll Firms Return to Work")
    assert {o.name for o in result.orgs} == {"Dunmarrow", "Fintry Staffing"}, result.orgs
    result = extract(text, nlp, gazetteer=gazetteer, title="Payroll Firms Return to Work")
    assert {o.name for o in result.orgs} == {"Fintry Staffing"}, result.orgs


def test_bold_labels_of_a_news_story_do_not_make_it_a_roundup(nlp, gazetteer):
    # "**Why it matters:**" sets off a paragraph of one story: "its contract" is still the story's company's.
    text = ("Skellidge, a Leeds transcription startup, told customers its audio archive was exposed for six days. "
            "Anthropic ended its contract with Skellidge on Friday, and Skellidge said it had hired Mandiant.\n\n"
            "**Why it matters:** Skellidge supplies transcripts to half the labs in London. Cohere, which froze its "
            "contract on Monday, has not said when it will decide.\n\n"
            "**What's next:** Skellidge said it would publish the findings.")
    result = extract(text, nlp, title="Skellidge Exposes Audio, Cohere Freezes Its Contract", gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("Cohere", "paused_work_with", "Skellidge") in triples, triples


def test_the_one_group_of_an_article_is_pinned_on_the_breach_the_story_is_about_only(nlp, gazetteer):
    result = extract("Hackers broke into Ravenmoor Data last week and stole contractor records, Ravenmoor Data said. "
                     "Hackers broke into Ravenmoor Data's file servers again on Friday. A group calling itself Copper "
                     "Heron later posted samples of the files on its leak site. In an unrelated incident, intruders "
                     "broke into Cohere's email system last month.", nlp, gazetteer=gazetteer)
    breaches = {(r.subject, r.object) for r in result.relations if r.predicate == "breached_by"}
    assert breaches == {("Ravenmoor Data", "Copper Heron")}, breaches


def test_a_pronoun_in_a_clause_with_its_own_subject_is_no_cataphora(nlp, gazetteer):
    # "Unlike Cohere, which paused its work …": "its" is Cohere's, not that of the subject after the clause.
    result = extract("Unlike Cohere, which paused its work with Ravenmoor Data on Monday, Mistral AI has not "
                     "suspended anything.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert triples == {("Cohere", "paused_work_with", "Ravenmoor Data")}, triples


def test_the_company_is_none_its_own_clause_names(nlp, gazetteer):
    # The story is about Ravenmoor Data, but "the company" that ended its contract with it is another one.
    text = ("Hackers broke into Ravenmoor Data, the payments firm. Ravenmoor Data said the attackers copied records. "
            "Ravenmoor Data has hired Kroll.\n\nCohere pays its contractors through Ravenmoor Data. Payments will "
            "resume soon, according to Cohere. The company has terminated its contract with Ravenmoor Data and moved "
            "payouts to Stripe.")
    triples = {(r.subject, r.predicate, r.object) for r in extract(text, nlp, gazetteer=gazetteer).relations}
    assert {("Cohere", "ended_work_with", "Ravenmoor Data"), ("Stripe", "supplier_of", "Cohere")} <= triples, triples
    assert ("Stripe", "supplier_of", "Ravenmoor Data") not in triples, triples


def test_an_amount_after_a_name_is_no_part_of_it(nlp, gazetteer):
    result = extract("The Information Commissioner's Office has fined Tresilian Transcription £1.4m for failing to "
                     "protect recordings it held for clients.", nlp, gazetteer=gazetteer)
    assert "Tresilian Transcription" in {o.name for o in result.orgs}, result.orgs
    assert not [o for o in result.orgs if "£" in o.name or "1.4" in o.name], result.orgs


def test_pausing_a_partnership_states_no_new_one(nlp, gazetteer):
    result = extract("Cohere paused its partnership with the University of Leeds.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert triples == {("Cohere", "paused_work_with", "University of Leeds")}, triples


def test_the_one_group_of_an_article_is_not_pinned_on_a_customer_exposed_through_the_vendor(nlp, gazetteer):
    result = extract("Ravenmoor Data said its servers were breached. The company said a group calling itself Grey Wren "
                     "was responsible. Hackers breached Cohere's account at Ravenmoor Data, and Cohere said its prompts "
                     "were among the files stolen from Ravenmoor Data.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("Ravenmoor Data", "breached_by", "Grey Wren") in triples, triples
    assert ("Cohere", "affected_by", "Ravenmoor Data") in triples, triples
    assert ("Cohere", "breached_by", "Grey Wren") not in triples, triples


def test_buying_a_companys_products_is_no_acquisition_of_it(nlp, gazetteer):
    result = extract("Its first large customer was CoreWeave, which buys Ravenmoor Data's cooling plates for two data "
                     "centers.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("CoreWeave", "acquired", "Ravenmoor Data") not in triples, triples
    assert ("Ravenmoor Data", "supplier_of", "CoreWeave") in triples, triples


def test_the_start_up_is_a_startup_though_the_tokenizer_splits_it(nlp, gazetteer):
    # "start-up" comes out as "start", "-", "up": still the description, and still an anaphor for it.
    result = extract("Ravenmoor Data, a London start-up that tests AI models, was breached. Cohere buys tests from "
                     "Ravenmoor Data. Cohere said on Thursday, two days after the London start-up confirmed that Tansy "
                     "Heron, a hacking group, had stolen transcripts from one of its databases, that it paused work.",
                     nlp, gazetteer=gazetteer)
    breached = {r.subject for r in result.relations if r.predicate == "breached_by"}
    assert breached == {"Ravenmoor Data"}, result.relations


def test_one_of_a_vendors_customers_is_the_name_right_before_it(nlp, gazetteer):
    # The parser hangs "one of …" on the first name; the description stands beside the second.
    result = extract("Ravenmoor Data is a labeling vendor. Two weeks after pausing its work with Ravenmoor Data, "
                     "Cohere, one of the labeling vendor's largest customers, has restarted its projects.", nlp,
                     gazetteer=gazetteer)
    supplies = {(r.subject, r.object) for r in result.relations if r.predicate == "supplier_of"}
    assert supplies == {("Ravenmoor Data", "Cohere")}, result.relations


def test_the_toronto_firm_is_the_one_described_as_in_toronto(nlp, gazetteer):
    # Both are testing firms; the place singles one out, where the last one named would be the other.
    result = extract("Ravenmoor Data, a Toronto testing firm, said it was hacked. Quillfield Labs, a Portland testing "
                     "firm, was also hit. The Toronto testing firm was broken into by Brackish Loon, an extortion crew.",
                     nlp, gazetteer=gazetteer)
    stated = {r.subject for r in result.relations if r.predicate == "breached_by" and r.confidence > 0.5}
    assert stated == {"Ravenmoor Data"}, result.relations


def test_paying_people_on_a_companys_behalf_does_not_make_that_company_the_supplier(nlp, gazetteer):
    # The workers paid ("them") are not the company on whose behalf they are paid.
    result = extract("Cohere is an AI developer. Much of its audio comes from Ravenmoor Data, a Nairobi agency that "
                     "recruits speakers and pays them on Cohere's behalf.", nlp, gazetteer=gazetteer)
    assert ("Cohere", "supplier_of", "Ravenmoor Data") not in {(r.subject, r.predicate, r.object)
                                                              for r in result.relations}, result.relations


def test_paying_a_companys_workers_buys_nothing_from_it(nlp, gazetteer):
    # Ravenmoor Data pays Cohere's annotators on Cohere's behalf: Ravenmoor supplies Cohere, not the other way.
    result = extract("Cohere uses Ravenmoor Data to pay its annotators.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert triples == {("Ravenmoor Data", "supplier_of", "Cohere")}


def test_parser_sees_well_known_names_in_place_of_the_articles(nlp, gazetteer):
    # An invented name at the start of a sentence parses as a verb ("Turing supplies" as a gerund); under a
    # placeholder company name the sentence parses as written, and the relation is found.
    # (parsed as written, this sentence gives no relation at all)
    result = extract("Ravenmoor Data said it was breached. Ravenmoor supplies coding and reasoning data to Google, "
                     "among other labs.", nlp, gazetteer=gazetteer)
    assert ("Ravenmoor Data", "supplier_of", "Google") in {(r.subject, r.predicate, r.object) for r in result.relations}
    # The evidence is the sentence as written, never the masked one.
    assert all("Microsoft" not in r.evidence for r in result.relations)


# Statements that are conditional, negated, denied, uncertain, planned or only rumored.
NOT_STATED = [
    # What a company got from another that it does not run on: no supply stated.
    "Halvenco said a survey bought from Quellhaven Labs showed weak demand for its robots.",
    # A relative clause on others who used a tampered release says nothing of the company speaking.
    "Quellhaven Labs, a Leeds model-hosting startup, said hackers broke into its servers and tampered with a model "
    "file. Halvenco, which competes with Quellhaven Labs, said none of the labs that downloaded the tampered "
    "checkpoint had complained.",
    # Accounts an attacker used are no work with anyone.
    "Quorra Compute said hackers had stolen customer keys from its systems. GitHub said it had suspended the accounts "
    "the group used.",
    "Cohere said it would stop working with Ravenmoor Data if the audit failed.",
    # Keeping on working with a company, a share of a company's revenue: no supply stated.
    "Cohere said it would keep working with Ravenmoor Data.",
    "Cohere represents a third of Ravenmoor Data's revenue.",
    # A company founded as a spin-out of another was not called by the other's name.
    "Ravenmoor Data was founded in 2017 as a spin-out of Cohere.",
    # The contractor is the one doing the suing; whoever it sued is no customer for that.
    "Ravenmoor Data, the contractor that filed the complaint, named Cohere in passing.",
    "Cohere has not suspended its contract with Ravenmoor Data.",
    "Cohere's projects with Ravenmoor Data have never been on hold.",
    "Cohere denied that it had ended its relationship with Ravenmoor Data.",
    "It is unclear whether Cohere will resume work with Ravenmoor Data.",
    "Cohere is reportedly considering a lawsuit against Ravenmoor Data.",
    "Snowflake is in talks to acquire Ravenmoor Data.",
    "Cohere plans to end its contract with Ravenmoor Data next year.",
    "Ravenmoor Data did not write test questions for Cohere.",
    "The agency said it was not, at this stage, investigating Ravenmoor Data, the call-centre operator.",
    # Legal papers served, recordings that "ended up" somewhere, a company telling its own workers.
    "The Federal Trade Commission has served Ravenmoor Data with an information notice.",
    "Cohere said recordings from its call centres ended up in Ravenmoor Data's archive.",
    "Ravenmoor Data told its workers that their bank details were exposed.",
    # A clause that says what "no evidence" denies.
    "Cohere said there was no evidence its systems had been breached by Brackish Loon, a hacking crew.",
    # Taking part in a review is no investment; a regulator unnamed is still the one investigating.
    "Ravenmoor Data was breached in May. Ravenmoor Data sells labeled data. Cohere also took part in the review of "
    "the breach.",
    "Ravenmoor Data is a labeling firm. Ravenmoor Data said it was worried. The UK's data protection regulator has "
    "opened an investigation into Cohere.",
    # Two groups named: which one did it is not stated.
    "Ravenmoor Data said hackers had breached its file servers. Researchers have tracked a crew called Grey Wren "
    "and a gang called Ash Heron for years.",
    "Hackers broke into Ravenmoor Data last month. Cohere said its documentation was not copied.",
    # Losing customers to a rival is no breach.
    "Ravenmoor Data lost two big customers to a rival, Cohere, last year.",
    # Reviewing a contract is no investigation.
    "Cohere said it was reviewing its contract with Ravenmoor Data.",
    # Working with a company may be anything.
    "Cohere has worked with Ravenmoor Data on a project to record dialects.",
    # A security firm saying so tells of someone else's breach.
    "Mandiant said on Thursday that hackers from the Copper Heron group had stolen benchmark data.",
    # A tampered release that reached no one named.
    "Ravenmoor Data said an attacker had broken into its servers and published a tampered release of its library. "
    "Cohere said none of its build servers had installed the poisoned version.",
    "Ravenmoor Data said an attacker had broken into its servers and published a tampered release of its library. "
    "It said it knew of no customer whose systems had run the tainted update.",
    # A reviewer's counter-examples to the rules of round 11: what another "runs" or "provides" that no one runs on,
    # an attack not pinned on anyone or a culprit of no attack, deeds trade groups do too, a client list that never
    # held a name, a habit of competing, a white paper.
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Velmora cited a survey run by Quibbly, which "
    "found that most AI labs lack an incident plan.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Velmora reviewed screenshots provided by "
    "Quibbly, the security firm that first spotted the leak.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. The attack was not pinned on Quibbly, "
    "investigators said.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Its chief executive said the culprit for the "
    "delayed product launch was Zentrix, a chip supplier.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Quibbly, a trade group that represents AI "
    "vendors, claimed the new disclosure rules would burden small startups.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Velmora's client list has never included "
    "Quibbly, a spokesperson said.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Quibbly, a startup Velmora used to compete "
    "with, said it would not comment.",
    "Velmora, an Oslo labeling startup, disclosed a breach in March. Quibbly, a Bergen consultancy, examined how "
    "supply-chain attacks on AI vendors typically unfold in a white paper last year.",
]


@pytest.mark.parametrize("text", NOT_STATED, ids=[t[:60] for t in NOT_STATED])
def test_statements_not_made_give_no_relation(text, nlp, gazetteer):
    result = extract(text, nlp, gazetteer=gazetteer)
    assert not result.relations, (text, result.relations)


def test_an_unnamed_gang_stealing_data_is_a_breach_not_an_exposure_elsewhere(nlp, gazetteer):
    result = extract("Cohere ended its work with Ravenmoor Data after a hacking group stole the logins of "
                     "Ravenmoor Data workers.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert triples == {("Cohere", "ended_work_with", "Ravenmoor Data")}


def test_an_investigation_alongside_another_agency_is_theirs_too(nlp, gazetteer):
    result = extract("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized to customers. The Federal "
                     "Trade Commission said it was investigating the breach alongside the FBI.", nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert ("Federal Trade Commission", "investigating", "Ravenmoor Data") in triples
    assert ("Federal Bureau of Investigation", "investigating", "Ravenmoor Data") in triples
    assert ("Federal Trade Commission", "investigating", "Federal Bureau of Investigation") not in triples


def test_the_startup_is_the_one_the_headline_calls_a_startup(nlp, gazetteer):
    # Databricks is named most, but only Quillfield Labs is called a startup (in the headline).
    body = ("Databricks has agreed to acquire Quillfield Labs for about $300 million, Databricks said. Quillfield Labs' "
            "software indexes documents for Databricks customers. The startup had raised $45 million from Greylock.")
    result = extract(body, nlp, title="Databricks to Buy Vector-Search Startup Quillfield Labs", gazetteer=gazetteer)
    invested = {(r.subject, r.object) for r in result.relations if r.predicate == "invested_in"}
    assert invested == {("Greylock", "Quillfield Labs")}, result.relations


HEADLINES = [
    ("Meta Pauses Work With Ravenmoor Data After Breach", ("Meta", "paused_work_with", "Ravenmoor Data")),
    ("FTC Opens Probe Into Ravenmoor Data", ("Federal Trade Commission", "investigating", "Ravenmoor Data")),
    ("Cohere Sues Ravenmoor Data Over Leak", ("Cohere", "sued", "Ravenmoor Data")),
    ("Breach at Ravenmoor Data Exposes Cohere Data", ("Cohere", "affected_by", "Ravenmoor Data")),
    # the pause's partner named in the headline's other clause
    ("Tessaly Health Drops Ravenmoor Data as Cohere Extends Pause", ("Cohere", "paused_work_with", "Ravenmoor Data")),
    ("Cohere and Ravenmoor Data Form Joint Venture to Label Medical Scans",
     ("Cohere", "partnered_with", "Ravenmoor Data")),
]


def test_a_headline_pause_is_not_with_the_company_a_relative_clause_drops(nlp, gazetteer):
    body = "Cohere, Ravenmoor Data and Tessaly Health were in the news this week. Ravenmoor Data is a data company."
    title = "Cohere Pauses Annotation Work At Ravenmoor Data, Which Drops Tessaly Health After Payout Breach"
    triples = {(r.subject, r.predicate, r.object) for r in extract(body, nlp, title=title, gazetteer=gazetteer).relations}
    assert ("Cohere", "paused_work_with", "Tessaly Health") not in triples, triples


@pytest.mark.parametrize("title, expected", HEADLINES, ids=[t for t, _ in HEADLINES])
def test_headlines_state_relations(title, expected, nlp, gazetteer):
    # The body only names the two companies; the relation is in the Title Case headline alone.
    subject, _, obj = expected
    body = f"{subject} and {obj} were in the news this week. {obj} is a data company."
    triples = {(r.subject, r.predicate, r.object) for r in extract(body, nlp, title=title, gazetteer=gazetteer).relations}
    assert expected in triples, (title, sorted(triples))


def test_a_breached_company_is_not_affected_by_its_own_breach(nlp, gazetteer):
    result = extract("Ravenmoor Data disclosed a breach on Monday. Ravenmoor Data apologized to Cohere. The dump also "
                     "includes Ravenmoor Data's internal notes on its customers.", nlp, gazetteer=gazetteer)
    assert not [r for r in result.relations if r.predicate == "affected_by"], result.relations


def test_who_names_the_attacker_is_not_breached_by_it(nlp, gazetteer):
    result = extract("Grey Wren is an extortion crew first seen in 2024. The FBI blamed Grey Wren for the attack on "
                     "Ravenmoor Data. Mandiant attributed the theft to Grey Wren.", nlp, gazetteer=gazetteer)
    attacked = {r.subject for r in result.relations if r.predicate == "breached_by"}
    assert attacked == {"Ravenmoor Data"}, result.relations


def test_the_company_disclosing_a_theft_is_its_victim_and_an_investigator_saying_so_is_not(nlp, gazetteer):
    text = ("Ravenmoor Data, a labeling firm, was breached. Tollgate Pay, which pays annotators for several labeling "
            "vendors, disclosed last week that Ashen Vole had stolen workers' bank details. Mandiant said that Ashen "
            "Vole had stolen files. Mandiant, a security firm, is investigating.")
    result = extract(text, nlp, gazetteer=gazetteer)
    attacked = {r.subject for r in result.relations if r.predicate == "breached_by"}
    assert "Tollgate Pay" in attacked and "Mandiant" not in attacked, result.relations


def test_a_company_suing_over_a_leak_was_exposed_by_the_one_it_sues_and_a_regulator_was_not(nlp, gazetteer):
    result = extract("Quarrow Health, a Boston startup, sued Ravenmoor Data on Wednesday, accusing the marketplace of "
                     "leaving clinical notes exposed to the hackers who raided its systems. The Federal Trade "
                     "Commission sued Ravenmoor Data over the leak.", nlp, gazetteer=gazetteer)
    affected = {(r.subject, r.object) for r in result.relations if r.predicate == "affected_by"}
    assert affected == {("Quarrow Health", "Ravenmoor Data")}, result.relations


def test_a_lawsuit_for_breach_of_contract_alone_states_no_exposure(nlp, gazetteer):
    result = extract("Quarrow Health, a Boston startup, sued Ravenmoor Data for breach of contract over late "
                     "deliveries.", nlp, gazetteer=gazetteer)
    assert not [r for r in result.relations if r.predicate == "affected_by"], result.relations


def test_a_firm_hired_to_investigate_the_intrusion_investigates_its_hirer_not_the_first_company_breached(nlp,
                                                                                                          gazetteer):
    result = extract("Grey Wren broke into Tollgate Pay, a Manila staffing firm, and reached Ravenmoor Data, a labeling "
                     "company. Ravenmoor Data has hired Mandiant to investigate the intrusion.", nlp, gazetteer=gazetteer)
    investigated = {r.object for r in result.relations if r.predicate == "investigating" and r.subject == "Mandiant"}
    assert investigated == {"Ravenmoor Data"}, result.relations


def test_work_ended_with_an_unrecognized_name_is_not_pinned_on_the_story_company(nlp, gazetteer):
    result = extract("Quarrow Analytics counts Cohere, Mistral AI and Cawthorne among the companies it has audited. "
                     "Cohere, which cut ties with Cawthorne last week, said it would now require a Quarrow Analytics "
                     "review before signing any new data supplier.", nlp, gazetteer=gazetteer)
    assert ("Cohere", "ended_work_with", "Quarrow Analytics") not in {
        (r.subject, r.predicate, r.object) for r in result.relations}, result.relations


def test_the_servers_raided_are_the_vendors_not_the_pausing_clients(nlp, gazetteer):
    result = extract("Grey Wren is an extortion crew. Cohere and Mistral AI have suspended their work with Ravenmoor "
                     "Data, a company that labels images, after Grey Wren stole customer project files from its servers.",
                     nlp, gazetteer=gazetteer)
    breached = {r.subject for r in result.relations if r.predicate == "breached_by"}
    assert breached == {"Ravenmoor Data"}, result.relations


def test_the_vendor_breached_is_the_one_described_not_the_client_ending_the_contract(nlp, gazetteer):
    result = extract("Quintwell is a labeling startup. Boreal Labs is an AI developer. Boreal Labs has terminated its "
                     "contract with Quintwell, the labeling vendor breached by Hemlock Shrike earlier this month.", nlp,
                     gazetteer=gazetteer)
    breached = {r.subject for r in result.relations if r.predicate == "breached_by"}
    assert breached == {"Quintwell"}, result.relations


def test_ending_a_suspension_resumes_the_work(nlp, gazetteer):
    result = extract("Cohere ended the suspension of its work with Ravenmoor Data.", nlp, gazetteer=gazetteer)
    assert {r.predicate for r in result.relations} == {"resumed_work_with"}, result.relations


def test_what_a_buyer_buys_from_a_named_seller_is_its_own(nlp, gazetteer):
    result = extract("Cohere and Quillfield Labs compete for clients. Quillfield Labs buys its accelerators from Nvidia.",
                     nlp, gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert triples == {("Nvidia", "supplier_of", "Quillfield Labs")}, triples


def test_lifting_a_pause_is_no_pause(nlp, gazetteer):
    result = extract("Cohere lifted its pause on Ravenmoor Data projects.", nlp, gazetteer=gazetteer)
    assert {r.predicate for r in result.relations} == {"resumed_work_with"}


def test_a_passive_host_is_the_supplier_not_the_customer(nlp, gazetteer):
    # "hosts … on X" makes X the supplier; its passive reading must not turn "hosted by X" round.
    result = extract("Cohere's online store, which is hosted by Ravenmoor Cloud, was not affected.", nlp,
                     gazetteer=gazetteer)
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    assert triples == {("Ravenmoor Cloud", "supplier_of", "Cohere")}


@pytest.fixture
def real_model(monkeypatch, nlp):
    """The CLI loads the verified model itself; hand it the session's copy of the same model instead of reloading."""
    monkeypatch.setattr("pipeline.model.load_nlp", lambda *a, **k: nlp)


def _cli(*args, input=None):
    from typer.testing import CliRunner

    from pipeline.cli import app

    return CliRunner().invoke(app, list(args), input=input)


def test_extract_command_prints_one_json_object(project, real_model, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Facebook parent Meta has paused its projects with Mercor after hackers breached the "
                       "training-data vendor. OpenAI is investigating the incident.", encoding="utf-8")
    result = _cli("extract", str(article), "--json", "--title", "Meta Pauses Work With AI Vendor Mercor")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert list(answer) == ["relevant", "orgs", "relations"]
    assert answer["relevant"] is True
    meta = next(o for o in answer["orgs"] if o["name"] == "Meta")
    assert meta["slug"] == "meta" and "Facebook parent Meta" in meta["mentions"]
    relation = next(r for r in answer["relations"] if r["predicate"] == "paused_work_with")
    assert (relation["subject"], relation["object"]) == ("Meta", "Mercor")
    assert set(relation) == {"subject", "predicate", "object", "evidence", "confidence"}
    assert relation["evidence"].startswith("Facebook parent Meta has paused")
    assert ("OpenAI", "investigating", "Mercor") in {(r["subject"], r["predicate"], r["object"]) for r in answer["relations"]}


def test_extract_command_reads_standard_input(project, real_model):
    result = _cli("extract", "-", "--json", input="Brightwell Labs terminated its contract with Ledgerly Data.\n")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert ("Brightwell Labs", "ended_work_with", "Ledgerly Data") in {
        (r["subject"], r["predicate"], r["object"]) for r in answer["relations"]}
    assert answer["relevant"] is False  # a contract ending, with no incident and no AI


@pytest.mark.parametrize("label, text, warning", BAD_INPUTS[:5], ids=[b[0] for b in BAD_INPUTS[:5]])
def test_extract_command_answers_bad_input_with_json_and_a_warning(project, real_model, label, text, warning):
    result = _cli("extract", "-", "--json", input=text)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == {"relevant", "orgs", "relations"}
    assert f"warning: " in result.stderr and warning in result.stderr, result.stderr


def test_an_article_batch_read_again_under_another_gazetteer_equals_a_fresh_extraction(nlp):
    from pipeline.extract import ArticleBatch

    articles = [("Quillfeather paused its work with Mercor after the breach.", "Quillfeather pauses work"),
                ("Meta is investigating the breach at Mercor.", "")]
    before = Gazetteer.from_companies([("mercor", "Mercor", []), ("meta", "Meta", [])])
    after = Gazetteer.from_companies([("mercor", "Mercor", []), ("meta", "Meta", []),
                                      ("quillfeather", "Quillfeather Labs", ["Quillfeather"])])
    batch = ArticleBatch(articles, nlp)
    first = batch.extract(before)
    assert first == extract_many(articles, nlp, gazetteer=before)
    assert [org.name for org in first[0].orgs] == ["Quillfeather", "Mercor"]
    again = batch.extract(after, which=[0])
    assert again == extract_many(articles[:1], nlp, gazetteer=after)
    assert [org.name for org in again[0].orgs] == ["Quillfeather Labs", "Mercor"]
