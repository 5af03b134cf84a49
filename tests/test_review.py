"""`breachwire review`: proposed relations listed newest first, decided by id, in bulk or one by one, kept forever."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.entries import check, dump_entry, load_content
from pipeline.review import ReviewError, carry_decisions, list_relations, relation_id, resolve_ids

OLDER = "articles/2026/03/meta-pauses-work-with-mercor.md"
NEWER = "articles/2026/04/openai-investigates-mercor.md"


def relation(subject, predicate, obj, evidence, confidence=0.85, status="proposed"):
    return {"subject": subject, "predicate": predicate, "object": obj, "evidence": evidence,
            "confidence": confidence, "status": status}


@pytest.fixture
def reviewed(project, monkeypatch):
    """Two articles with proposed relations in a copy of the project; the CLI runs there as editor 'dana'."""
    articles = {
        OLDER: {"type": "article", "title": "Meta pauses work with Mercor", "url": "https://example.com/meta-mercor",
                "guid": "https://example.com/?p=1", "source": "WIRED",
                "published": dt.datetime(2026, 3, 30, 16, 40, tzinfo=dt.timezone.utc),
                "companies": ["mercor", "meta"],
                "relations": [relation("meta", "paused_work_with", "mercor",
                                       "Meta has paused its work with Mercor."),
                              relation("mercor", "supplier_of", "meta", "Mercor supplies Meta with training data.",
                                       0.55)],
                "incident": "mercor-data-breach"},
        NEWER: {"type": "article", "title": "OpenAI investigates Mercor", "url": "https://example.com/openai-mercor",
                "guid": "https://example.com/?p=2", "source": "The Verge",
                "published": dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.timezone.utc),
                "companies": ["anthropic", "mercor", "openai"],
                "relations": [relation("openai", "investigating", "mercor", "OpenAI is investigating the breach at Mercor."),
                              relation("anthropic", "partnered_with", "openai", "Anthropic and OpenAI teamed up.", 0.4)]},
    }
    for path, meta in articles.items():
        target = project.content_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_entry(meta, "The article's text.\n"), encoding="utf-8")
    monkeypatch.setenv("BREACHWIRE_EDITOR", "dana")
    return project


def ids_of(settings) -> dict[tuple[str, str, str], str]:
    return {(i.subject, i.predicate, i.object): i.id
            for i in list_relations(load_content(settings.content_dir), statuses=("proposed", "confirmed", "rejected"))}


def test_proposed_relations_are_listed_newest_first_with_evidence_article_and_confidence(reviewed):
    result = CliRunner().invoke(app, ["review", "--list"])
    assert result.exit_code == 0, result.output
    ids = ids_of(reviewed)
    order = [ids[("openai", "investigating", "mercor")], ids[("anthropic", "partnered_with", "openai")],
             ids[("meta", "paused_work_with", "mercor")], ids[("mercor", "supplier_of", "meta")]]
    lines = result.output.splitlines()
    assert [line.split()[1] for line in lines if line[:2] in ("1.", "2.", "3.", "4.")] == order
    assert lines[:3] == [
        f"1. {order[0]}  openai is investigating mercor  (0.85)",
        "    “OpenAI is investigating the breach at Mercor.”",
        f"    2026-04-02 · The Verge · OpenAI investigates Mercor · content/{NEWER}",
    ]
    assert "4 relations to review." in result.output


def test_ids_are_stable_and_ignore_the_direction_of_a_symmetric_relation():
    forward = relation_id("guid-1", relation("anthropic", "partnered_with", "openai", "a"))
    backward = relation_id("guid-1", relation("openai", "partnered_with", "anthropic", "b"))
    assert forward == backward and len(forward) == 10
    assert relation_id("guid-1", relation("meta", "paused_work_with", "mercor", "x")) != relation_id(
        "guid-1", relation("mercor", "paused_work_with", "meta", "x"))


def test_confirm_and_reject_by_id_write_the_decision_into_the_article(reviewed):
    ids = ids_of(reviewed)
    paused, supplies = ids[("meta", "paused_work_with", "mercor")], ids[("mercor", "supplier_of", "meta")]
    result = CliRunner().invoke(app, ["review", "--confirm", paused])
    assert result.exit_code == 0, result.output
    assert f"confirmed: {paused} meta paused_work_with mercor (content/{OLDER})" in result.output
    result = CliRunner().invoke(app, ["review", "--reject", supplies[:6]])  # a unique prefix is enough
    assert result.exit_code == 0, result.output
    article = next(a for a in load_content(reviewed.content_dir).articles if a.path.as_posix() == OLDER)
    first, second = article.meta["relations"]
    assert (first["status"], first["reviewed_by"], second["status"], second["reviewed_by"]) == (
        "confirmed", "dana", "rejected", "dana")
    assert abs(first["reviewed_at"] - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    assert article.body == "The article's text.\n"
    assert not check(reviewed.content_dir).problems
    # Decided relations leave the queue.
    listed = CliRunner().invoke(app, ["review", "--list"]).output
    assert paused not in listed and supplies not in listed and "2 relations to review." in listed


def test_an_unknown_id_changes_nothing(reviewed):
    before = (reviewed.content_dir / OLDER).read_bytes()
    paused = ids_of(reviewed)[("meta", "paused_work_with", "mercor")]
    result = CliRunner().invoke(app, ["review", "--confirm", paused, "0000000000"])
    assert result.exit_code == 1
    assert "error: 0000000000: no relation has this id — list them with breachwire review --list" in result.output
    assert (reviewed.content_dir / OLDER).read_bytes() == before


def test_bulk_decisions_follow_the_filters(reviewed):
    result = CliRunner().invoke(app, ["review", "--reject", "--all", "--min-confidence", "0", "--company", "anthropic"])
    assert result.exit_code == 0, result.output
    assert "1 relation rejected." in result.output
    result = CliRunner().invoke(app, ["review", "--confirm", "--all", "--min-confidence", "0.8"])
    assert "2 relations confirmed." in result.output
    statuses = {k: i.status for i in list_relations(load_content(reviewed.content_dir),
                                                    statuses=("proposed", "confirmed", "rejected"))
                for k in [(i.subject, i.predicate, i.object)]}
    assert statuses == {("openai", "investigating", "mercor"): "confirmed",
                        ("anthropic", "partnered_with", "openai"): "rejected",
                        ("meta", "paused_work_with", "mercor"): "confirmed",
                        ("mercor", "supplier_of", "meta"): "proposed"}


def test_ids_without_a_decision_are_refused(reviewed):
    result = CliRunner().invoke(app, ["review", "abcd1234"])
    assert result.exit_code == 2 and "add --confirm or --reject" in result.output
    result = CliRunner().invoke(app, ["review", "--confirm"])
    assert result.exit_code == 2 and "or --all for every listed relation" in result.output


def test_interactive_review_writes_each_decision_as_it_is_made(reviewed):
    result = CliRunner().invoke(app, ["review", "-i", "--by", "lee"], input="c\nr\ns\nq\n")
    assert result.exit_code == 0, result.output
    assert "1 confirmed, 1 rejected." in result.output
    statuses = {(i.subject, i.predicate): (i.status, i.reviewed_by) for i in list_relations(
        load_content(reviewed.content_dir), statuses=("proposed", "confirmed", "rejected"))}
    assert statuses == {("openai", "investigating"): ("confirmed", "lee"),
                        ("anthropic", "partnered_with"): ("rejected", "lee"),
                        ("meta", "paused_work_with"): ("proposed", None),
                        ("mercor", "supplier_of"): ("proposed", None)}


def test_json_lists_every_field(reviewed):
    result = CliRunner().invoke(app, ["review", "--json", "--article", "articles/2026/03"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["subject"], r["predicate"], r["object"], r["article"], r["confidence"]) for r in rows] == [
        ("meta", "paused_work_with", "mercor", OLDER, 0.85), ("mercor", "supplier_of", "meta", OLDER, 0.55)]


def test_an_ambiguous_prefix_is_refused(reviewed):
    content = load_content(reviewed.content_dir)
    with pytest.raises(ReviewError, match="no relation has this id"):
        resolve_ids(content, ["zzzz"])
    with pytest.raises(ReviewError, match="no relation has this id"):
        resolve_ids(content, ["abc"])  # shorter than the shortest prefix accepted


def test_carry_decisions_keeps_every_decision_and_drops_stale_proposals():
    old = [relation("meta", "paused_work_with", "mercor", "old evidence", status="confirmed"),
           relation("mercor", "supplier_of", "meta", "x", status="rejected"),
           relation("openai", "investigating", "mercor", "y", status="confirmed"),
           relation("openai", "sued", "mercor", "z")]
    new = [relation("mercor", "supplier_of", "meta", "x again"),
           relation("meta", "paused_work_with", "mercor", "new evidence", 0.55),
           relation("anthropic", "partnered_with", "openai", "w")]
    kept = carry_decisions(old, new)
    assert [(r["subject"], r["predicate"], r["status"], r["evidence"]) for r in kept] == [
        ("mercor", "supplier_of", "rejected", "x"),
        ("meta", "paused_work_with", "confirmed", "old evidence"),
        ("anthropic", "partnered_with", "proposed", "w"),
        ("openai", "investigating", "confirmed", "y"),
    ]


@pytest.fixture
def served_feeds(httpserver):
    """The bundled sample feeds, served by a real HTTP server on 127.0.0.1."""
    from pipeline.config import SAMPLES_DIR, FeedConfig

    feeds = []
    for name, outlet in (("wired.xml", "WIRED"), ("theverge.xml", "The Verge")):
        httpserver.expect_request(f"/{name}").respond_with_data((SAMPLES_DIR / name).read_bytes(),
                                                               content_type="application/xml")
        feeds.append(FeedConfig(name=outlet, url=httpserver.url_for(f"/{name}")))
    return feeds


def reextract_all(settings, feeds, nlp) -> int:
    """Extract every already-stored item of the feeds again and store it over its article (store's public API)."""
    from pipeline.extract import extract
    from pipeline.fetch import fetch
    from pipeline.parse import parse
    from pipeline.store import gazetteer_from, store_article

    content = load_content(settings.content_dir)
    by_guid = {a.meta["guid"]: a for a in content.articles}
    count = 0
    for feed in feeds:
        for item in parse(fetch(feed)).items:
            if item.guid in by_guid:
                extraction = extract(item.body_text, nlp, title=item.title, gazetteer=gazetteer_from(content))
                store_article(settings.content_dir, item, extraction, content,
                              fetched=dt.datetime.now(dt.timezone.utc), existing=by_guid[item.guid])
                count += 1
    return count


def test_decisions_survive_reingest_and_reextraction(project, served_feeds, nlp):
    from pipeline.review import decide
    from pipeline.run import run

    run(project, served_feeds, nlp=nlp, build=False)
    content = load_content(project.content_dir)
    items = list_relations(content)
    paused = next(i for i in items if (i.subject, i.predicate, i.object) == ("meta", "paused_work_with", "mercor"))
    rejected = next(i for i in items if i.article != paused.article)
    decide(project.content_dir, [paused], "confirmed", by="dana")
    decide(project.content_dir, [rejected], "rejected", by="dana")

    def decisions():
        return {i.id: (i.status, i.reviewed_by, i.reviewed_at) for i in list_relations(
            load_content(project.content_dir), statuses=("confirmed", "rejected"))}

    before = decisions()
    assert set(before) == {paused.id, rejected.id}

    summary = run(project, served_feeds, nlp=nlp, build=False)  # re-ingest: nothing new
    assert sum(f.new for f in summary.feeds) == 0 and decisions() == before

    assert reextract_all(project, served_feeds, nlp) == len(content.articles)
    assert decisions() == before
    # Neither decided relation comes back into the queue as proposed.
    queue = {i.id for i in list_relations(load_content(project.content_dir))}
    assert paused.id not in queue and rejected.id not in queue
    assert not check(project.content_dir).errors
    # A second re-extraction, with the same companies known, changes nothing.
    articles = {p: p.read_text(encoding="utf-8") for p in (project.content_dir / "articles").rglob("*.md")}
    reextract_all(project, served_feeds, nlp)
    after = {p: p.read_text(encoding="utf-8") for p in (project.content_dir / "articles").rglob("*.md")}
    strip_fetched = lambda text: "\n".join(l for l in text.splitlines() if not l.startswith("fetched:"))
    assert {p: strip_fetched(t) for p, t in after.items()} == {p: strip_fetched(t) for p, t in articles.items()}
