"""Ingestion over real HTTP on 127.0.0.1: no-op runs, conditional GET, updates, dedupe, slugs, the CLI."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import pipeline.model
from pipeline.cli import app
from pipeline.config import SAMPLES_DIR, FeedConfig
from pipeline.entries import dump_entry, load_content, read_entry
from pipeline.fetch import FetchPolicy
from pipeline.run import ingest, run, write_lock

FIXTURE_FEEDS = Path(__file__).parent / "fixtures" / "feeds"
QUICK = FetchPolicy(user_agent="Breachwire/0.1 (test)", read_timeout=5, total_timeout=10, retries=0)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def rss(*items: str, title: str = "Test Wire") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
            f'<link>https://wire.example/</link>{"".join(items)}</channel></rss>').encode()


def item(guid: str, title: str, text: str, link: str | None = None, date: str = "Mon, 30 Mar 2026 16:40:00 GMT") -> str:
    link = link or f"https://wire.example/{guid}"
    return (f"<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>"
            f"<pubDate>{date}</pubDate><description><![CDATA[{text}]]></description></item>")


def conditional(httpserver, path: str, body: bytes, etag: str = '"v1"') -> None:
    """Serve `body` with an ETag, answering 304 when the client sends it back."""
    from werkzeug import Response

    def handler(request):
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type="application/rss+xml", headers={"ETag": etag})

    httpserver.expect_request(path).respond_with_handler(handler)


@pytest.fixture
def sample_feeds(httpserver):
    feeds = []
    for name, outlet in (("wired.xml", "WIRED"), ("theverge.xml", "The Verge")):
        conditional(httpserver, f"/{name}", (SAMPLES_DIR / name).read_bytes())
        feeds.append(FeedConfig(name=outlet, url=httpserver.url_for(f"/{name}")))
    return feeds


@pytest.fixture
def no_model(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a run that finds nothing new must not load the spaCy model")

    monkeypatch.setattr(pipeline.model, "load_nlp", refuse)


def test_a_run_that_finds_nothing_new_loads_no_model_and_changes_no_file(project, sample_feeds, nlp, httpserver):
    first = run(project, sample_feeds, nlp=nlp, policy=QUICK)
    assert first.written and first.site_dir
    before = snapshot(project.content_dir)
    site_before = snapshot(project.site_dir)
    pipeline_model = pipeline.model.load_nlp
    try:
        pipeline.model.load_nlp = lambda *a, **k: (_ for _ in ()).throw(AssertionError("model loaded"))
        again = run(project, sample_feeds, policy=QUICK)
    finally:
        pipeline.model.load_nlp = pipeline_model
    assert [f.status for f in again.feeds] == ["not modified", "not modified"]
    assert not again.model_loaded and not again.changed and again.build_skipped
    assert snapshot(project.content_dir) == before and snapshot(project.site_dir) == site_before
    # The validators went back to the server.
    assert [r.headers.get("If-None-Match") for r, _ in httpserver.log[-2:]] == ['"v1"', '"v1"']


def test_the_same_items_again_without_validators_load_no_model(project, sample_feeds, nlp, no_model):
    ingest(project, sample_feeds, nlp=nlp, policy=QUICK)
    (project.state_dir / "feeds.json").unlink()  # the cache is gone: every feed answers 200
    before = snapshot(project.content_dir)
    again = ingest(project, sample_feeds, policy=QUICK)
    assert [f.status for f in again.feeds] == ["ok", "ok"]
    assert sum(f.new + f.updated for f in again.feeds) == 0 and not again.model_loaded
    assert snapshot(project.content_dir) == before


def test_an_updated_item_updates_its_entry_and_keeps_editor_decisions(project, httpserver, nlp):
    v1 = rss(item("story-1", "Meta pauses work with Mercor",
                  "Meta has paused its work with Mercor after a breach at the AI training data vendor."))
    v2 = rss(item("story-1", "Meta pauses work with Mercor, OpenAI investigates",
                  "Meta has paused its work with Mercor after a breach at the AI training data vendor. "
                  "OpenAI is investigating the security incident at Mercor. "
                  "Ravenmoor Data and Ostler Data said they are reviewing their own contracts with the startup."))
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data(v1, content_type="application/rss+xml")
    feed = FeedConfig(name="Test Wire", url=httpserver.url_for("/feed.xml"))
    first = ingest(project, [feed], nlp=nlp, policy=QUICK)
    [path] = first.written
    entry, _ = read_entry(path, project.content_dir)
    assert ("meta", "paused_work_with", "mercor") in {(r["subject"], r["predicate"], r["object"])
                                                     for r in entry.meta["relations"]}

    # An editor confirms the relation, rejects the others and links an incident by hand.
    for relation in entry.meta["relations"]:
        relation["status"] = "confirmed" if relation["predicate"] == "paused_work_with" else "rejected"
    entry.meta["incident"] = "mercor-data-breach"
    path.write_text(dump_entry(entry.meta, entry.body), encoding="utf-8")
    decided = [r for r in entry.meta["relations"]]

    httpserver.expect_request("/feed.xml").respond_with_data(v2, content_type="application/rss+xml")
    second = ingest(project, [feed], nlp=nlp, policy=QUICK)
    assert second.feeds[0].updated == 1 and second.feeds[0].new == 0
    assert second.updated == [path] and not second.written
    updated, _ = read_entry(path, project.content_dir)
    assert updated.meta["title"] == "Meta pauses work with Mercor, OpenAI investigates"
    assert "OpenAI is investigating" in updated.body
    assert updated.meta["incident"] == "mercor-data-breach"
    for relation in decided:
        assert relation in updated.meta["relations"], relation
    assert sum(r["predicate"] == "paused_work_with" for r in updated.meta["relations"]) == 1
    assert any(r["predicate"] == "investigating" and r["status"] == "proposed" for r in updated.meta["relations"])
    # Companies named for the first time by the update get their stubs, so the entry still validates.
    assert set(updated.meta["companies"]) - {"meta", "mercor", "openai", "anthropic"}, updated.meta["companies"]
    assert second.companies_created
    assert not [p for p in load_content(project.content_dir).problems if p.severity == "error"]

    before = snapshot(project.content_dir)
    third = ingest(project, [feed], nlp=nlp, policy=QUICK)
    assert third.feeds[0].updated == 0 and snapshot(project.content_dir) == before


def test_a_feed_update_never_overwrites_an_editors_prose(project, httpserver, nlp, no_model):
    v1 = rss(item("story-2", "Mercor breach exposes AI lab data", "Hackers breached Mercor, an AI data vendor."))
    v2 = rss(item("story-2", "Mercor breach exposes AI lab data (updated)",
                  "Hackers breached Mercor, an AI data vendor. The company has hired investigators."))
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data(v1, content_type="application/rss+xml")
    feed = FeedConfig(name="Test Wire", url=httpserver.url_for("/feed.xml"))
    [path] = ingest(project, [feed], nlp=nlp, policy=QUICK).written
    edited = path.read_text(encoding="utf-8") + "\nEditor's note: Mercor disputes the figures.\n"
    path.write_text(edited, encoding="utf-8")

    httpserver.expect_request("/feed.xml").respond_with_data(v2, content_type="application/rss+xml")
    summary = ingest(project, [feed], policy=QUICK)  # no_model: the kept entry needs no extraction
    assert path.read_text(encoding="utf-8") == edited
    assert summary.feeds[0].updated == 0 and any("editor" in note for note in summary.notes)


def test_dedupe_across_feeds_of_one_outlet_but_not_across_outlets(project, httpserver, nlp):
    story = item("syndicated-1", "AI vendor breach hits Mercor", "Hackers breached Mercor, an AI data vendor.",
                 link="https://wire.example/mercor?utm_source=rss#top")
    same_story = item("other-guid", "AI vendor breach hits Mercor", "Hackers breached Mercor, an AI data vendor.",
                      link="https://wire.example/mercor")
    for path, body in (("/main.xml", rss(story)), ("/security.xml", rss(same_story)), ("/partner.xml", rss(story))):
        httpserver.expect_request(path).respond_with_data(body, content_type="application/rss+xml")
    feeds = [FeedConfig("Test Wire", httpserver.url_for("/main.xml")),
             FeedConfig("Test Wire", httpserver.url_for("/security.xml")),
             FeedConfig("Partner Times", httpserver.url_for("/partner.xml"))]
    summary = ingest(project, feeds, nlp=nlp, policy=QUICK)
    assert [(f.new, f.duplicates) for f in summary.feeds] == [(1, 0), (0, 1), (1, 0)]
    sources = sorted(a.meta["source"] for a in load_content(project.content_dir).articles)
    assert sources == ["Partner Times", "Test Wire"]
    # Across runs too.
    assert sum(f.new for f in ingest(project, feeds, nlp=nlp, policy=QUICK).feeds) == 0


def test_hostile_titles_give_safe_unique_file_names_inside_articles(project, httpserver, nlp):
    httpserver.expect_request("/slugs.xml").respond_with_data((FIXTURE_FEEDS / "hostile_titles.xml").read_bytes(),
                                                              content_type="application/rss+xml")
    summary = ingest(project, [FeedConfig("Slugs", httpserver.url_for("/slugs.xml"))], nlp=nlp, policy=QUICK)
    articles = project.content_dir / "articles"
    assert len(summary.written) == 12 == len(set(summary.written))
    for path in summary.written:
        assert path.resolve().is_relative_to(articles.resolve()), path
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,90}\.md", path.name), path.name
        assert path.stem not in {"con", "aux", "nul", "prn"}
    names = {p.name for p in summary.written}
    assert {"article.md", "article-2.md", "con-entry.md", "etc-passwd.md", "aux-md.md"} <= names, names
    assert not [p for p in load_content(project.content_dir).problems if p.severity == "error"]


def test_entries_written_by_ingest_never_hold_markup(project, httpserver, nlp):
    httpserver.expect_request("/xss.xml").respond_with_data((FIXTURE_FEEDS / "xss_in_every_field.xml").read_bytes(),
                                                            content_type="application/rss+xml")
    settings = project.__class__(**{**project.__dict__, "relevance_incident_terms": (), "relevance_ai_terms": ()})
    summary = ingest(settings, [FeedConfig("XSS", httpserver.url_for("/xss.xml"))], nlp=nlp, policy=QUICK)
    assert len(summary.written) == 2
    for path in summary.written:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<[A-Za-z/!?]|javascript:", text, re.I), text


def test_cli_feeds_shows_health_and_quiet_run_prints_nothing(project, sample_feeds, nlp, httpserver):
    run(project, sample_feeds, nlp=nlp, policy=QUICK, build=False)
    dead = "http://127.0.0.1:9/feed.xml"
    runner = CliRunner()
    urls = [f.url for f in sample_feeds]
    quiet = runner.invoke(app, ["ingest", "--quiet", *[a for u in urls for a in ("--feed", u)]])
    assert quiet.exit_code == 0 and quiet.output == "", quiet.output
    failing = runner.invoke(app, ["ingest", "--quiet", "--strict", "--feed", dead])
    assert failing.exit_code == 1
    assert failing.output.startswith(f"feed failed: {dead}: ConnectError"), failing.output
    health = runner.invoke(app, ["feeds", "--json"])
    assert health.exit_code == 0, health.output
    rows = {row["url"]: row for row in map(yaml.safe_load, health.output.splitlines())}
    assert rows[urls[0]]["name"] == "WIRED" and rows[urls[0]]["items_seen"] == 15
    assert rows[urls[0]]["status"] == "not modified" and rows[urls[0]]["last_success"]
    assert rows[dead]["last_error"].startswith("ConnectError") and rows[dead]["last_success"] is None
    table = runner.invoke(app, ["feeds"])
    assert table.exit_code == 0 and "WIRED" in table.output and "never" in table.output


def test_cli_says_who_holds_the_lock_and_exits_75(project):
    with write_lock(project):
        result = CliRunner().invoke(app, ["ingest", "--wait", "0.2", "--feed", "http://127.0.0.1:9/x.xml"])
    assert result.exit_code == 75, result.output
    assert re.search(r"another Breachwire run \(pid \d+ on .+, started .+\) has held .*run\.lock for over 0\.2 s",
                     result.output), result.output


def poison_extractor(monkeypatch, marker: str = "Poisoned") -> None:
    """Fault injection: the real extractor, except that it breaks on items whose title starts with `marker`.

    It breaks inside the extractor, so a batch holding such an item fails as a whole, as a real bug would.
    """
    import pipeline.extract as extract_module

    real_find = extract_module.find_organizations

    def failing_on_poison(docs, title, *args, **kwargs):
        if title.startswith(marker):
            raise RuntimeError("extractor bug")
        return real_find(docs, title, *args, **kwargs)

    monkeypatch.setattr(extract_module, "find_organizations", failing_on_poison)


def good_and_poisoned_feed(httpserver, monkeypatch) -> FeedConfig:
    """A feed of a good item and one the extractor fails on (until `monkeypatch.undo()`), answering 304 to its ETag."""
    body = rss(item("good", "Hackers breach AI vendor Mercor", "Hackers breached Mercor, an AI data vendor."),
               item("poison", "Poisoned AI models found", "Attackers poisoned AI models at a vendor."))
    conditional(httpserver, "/feed.xml", body)
    poison_extractor(monkeypatch)
    return FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))


def test_an_item_the_extractor_fails_on_is_skipped_and_retried_next_run(project, httpserver, nlp, monkeypatch):
    import json

    feed = good_and_poisoned_feed(httpserver, monkeypatch)
    first = ingest(project, [feed], nlp=nlp, policy=QUICK)
    assert len(first.written) == 1 and first.feeds[0].failed_items == 1
    assert "extraction failed: RuntimeError('extractor bug')" in first.feeds[0].problems[-1]
    state = json.loads((project.state_dir / "feeds.json").read_text())
    assert state[feed.url]["etag"] is None  # so the next run is not answered with a 304
    assert state[feed.url]["new_items"] == 1  # the failed item is not stored yet: it counts when it is

    monkeypatch.undo()  # the extractor is mended
    second = ingest(project, [feed], nlp=nlp, policy=QUICK)
    assert [p.name for p in second.written] == ["poisoned-ai-models-found.md"]
    assert json.loads((project.state_dir / "feeds.json").read_text())[feed.url]["new_items"] == 2


def test_a_summary_carried_over_two_ingests_keeps_the_validators_of_a_feed_that_recovered(
        project, httpserver, nlp, monkeypatch):
    import json

    from pipeline.run import RunSummary

    feed = good_and_poisoned_feed(httpserver, monkeypatch)
    summary = RunSummary()
    ingest(project, [feed], nlp=nlp, policy=QUICK, summary=summary)
    monkeypatch.undo()
    ingest(project, [feed], nlp=nlp, policy=QUICK, summary=summary)
    assert [(f.new, f.failed_items) for f in summary.feeds] == [(2, 1), (1, 0)]
    # Only the first ingest failed on an item; the second stored it, so the feed may answer 304 again.
    assert json.loads((project.state_dir / "feeds.json").read_text())[feed.url]["etag"] == '"v1"'


def test_a_poisoned_item_in_a_batch_is_reported_and_its_neighbours_are_stored(project, httpserver, nlp, monkeypatch):
    import pipeline.run as run_module

    body = rss(item("a", "Hackers breach AI vendor Mercor", "Hackers breached Mercor, an AI data vendor."),
               item("b", "Poisoned AI models found", "Attackers poisoned AI models at a vendor."),
               item("c", "Meta pauses AI work after breach", "Meta paused its AI work with Mercor after the breach."),
               item("d", "OpenAI looks into AI vendor breach", "OpenAI is investigating the breach at Mercor, an AI vendor."))
    conditional(httpserver, "/feed.xml", body)
    feed = FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))
    poison_extractor(monkeypatch)
    batches = []
    real_batch = run_module.ArticleBatch

    def recording_batch(articles, nlp, **kwargs):
        batches.append([title for _, title in articles])
        return real_batch(articles, nlp, **kwargs)

    monkeypatch.setattr(run_module, "ArticleBatch", recording_batch)
    monkeypatch.setattr(run_module, "EXTRACT_BATCH", 3)
    steps = []
    summary = ingest(project, [feed], nlp=nlp, policy=QUICK, progress=lambda *step: steps.append(step))

    assert [len(titles) for titles in batches] == [3, 1]  # read in batches of at most EXTRACT_BATCH
    report = summary.feeds[0]
    assert (report.new, report.failed_items) == (4, 1)
    assert report.problems == ("'Poisoned AI models found': extraction failed: RuntimeError('extractor bug') — skipped",)
    assert sorted(p.name for p in summary.written) == [
        "hackers-breach-ai-vendor-mercor.md", "meta-pauses-ai-work-after-breach.md", "openai-looks-into-ai-vendor-breach.md"]
    assert [s for s in steps if s[0] == "extract"] == [("extract", n, 4) for n in range(1, 5)]


def test_a_failed_batch_is_read_again_item_by_item_without_a_second_named_entity_pass(
        project, httpserver, nlp, monkeypatch):
    import pipeline.extract as extract_module

    body = rss(item("a", "Hackers breach AI vendor Mercor", "Hackers breached Mercor, an AI data vendor."),
               item("b", "Poisoned AI models found", "Attackers poisoned AI models at a vendor."),
               item("c", "OpenAI looks into AI vendor breach", "OpenAI is investigating the breach at Mercor, an AI vendor."))
    conditional(httpserver, "/feed.xml", body)
    poison_extractor(monkeypatch)
    passes = []
    real_ner = extract_module._ner_docs

    def recording_ner(nlp, texts):
        passes.append(len(texts))
        return real_ner(nlp, texts)

    monkeypatch.setattr(extract_module, "_ner_docs", recording_ner)
    summary = ingest(project, [FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))], nlp=nlp, policy=QUICK)
    assert len(passes) == 1, passes  # the batch's pass serves the items read again one at a time
    report = summary.feeds[0]
    assert (report.new, report.failed_items) == (3, 1)
    assert report.problems == ("'Poisoned AI models found': extraction failed: RuntimeError('extractor bug') — skipped",)
    assert sorted(p.name for p in summary.written) == [
        "hackers-breach-ai-vendor-mercor.md", "openai-looks-into-ai-vendor-breach.md"]


def test_a_batch_that_cannot_be_built_is_read_again_from_scratch_one_item_at_a_time(
        project, httpserver, nlp, monkeypatch):
    import pipeline.extract as extract_module

    body = rss(item("a", "Hackers breach AI vendor Mercor", "Hackers breached Mercor, an AI data vendor."),
               item("b", "Poisoned AI models found", "Attackers poisoned AI models at a vendor."))
    conditional(httpserver, "/feed.xml", body)
    real_looks_english = extract_module.looks_english

    def failing_on_poison(text, nlp):
        if "poisoned" in text:
            raise RuntimeError("language check bug")
        return real_looks_english(text, nlp)

    monkeypatch.setattr(extract_module, "looks_english", failing_on_poison)
    summary = ingest(project, [FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))], nlp=nlp, policy=QUICK)
    report = summary.feeds[0]
    assert report.failed_items == 1
    assert report.problems == (
        "'Poisoned AI models found': extraction failed: RuntimeError('language check bug') — skipped",)
    assert [p.name for p in summary.written] == ["hackers-breach-ai-vendor-mercor.md"]


def test_off_topic_items_are_turned_away_before_extraction(project, httpserver, no_model):
    body = rss(item("phone", "A new phone", "Norvik launched a phone with a camera that is the obvious compromise."),
               item("pay", "A new chief of staff", "Mercor hired a new chief of staff after a compromise on pay."))
    conditional(httpserver, "/feed.xml", body)
    summary = ingest(project, [FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))], policy=QUICK)
    report = summary.feeds[0]
    assert (report.new, report.irrelevant) == (0, 2)
    assert not summary.model_loaded and not summary.written  # no_model: no parse at all


def test_an_item_that_is_not_relevant_once_extracted_is_dropped_and_counted(project, httpserver, nlp):
    import json

    body = rss(item("beetle", "Orchard notes", "Gardeners say the mercor beetle leaked sap after an attack by aphids, "
                                               "and the breach in the bark spread."),
               item("good", "Hackers breach AI vendor Mercor", "Hackers breached Mercor, an AI data vendor."))
    conditional(httpserver, "/feed.xml", body)
    feed = FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))
    summary = ingest(project, [feed], nlp=nlp, policy=QUICK)
    report = summary.feeds[0]
    assert (report.new, report.irrelevant, report.failed_items) == (1, 1, 0)
    assert [p.name for p in summary.written] == ["hackers-breach-ai-vendor-mercor.md"]
    assert json.loads((project.state_dir / "feeds.json").read_text())[feed.url]["new_items"] == 1


def test_an_item_turned_away_after_extraction_is_not_extracted_again_until_it_changes(
        project, httpserver, nlp, monkeypatch):
    import json

    beetle = "Gardeners say the mercor beetle leaked sap after an attack by aphids, and the breach in the bark spread."
    good = item("good", "Hackers breach AI vendor Mercor", "Hackers breached Mercor, an AI data vendor.")
    # No validators: every run reads every item again.
    httpserver.expect_request("/feed.xml").respond_with_data(rss(item("beetle", "Orchard notes", beetle), good),
                                                             content_type="application/rss+xml")
    feed = FeedConfig("Test Wire", httpserver.url_for("/feed.xml"))
    first = run(project, [feed], nlp=nlp, policy=QUICK, build=False)
    assert (first.feeds[0].new, first.feeds[0].irrelevant) == (1, 1)
    before = snapshot(project.content_dir)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline.model, "load_nlp", lambda *a, **k: pytest.fail("the model was loaded for nothing"))
        second = run(project, [feed], policy=QUICK, build=False)
    assert (second.feeds[0].new, second.feeds[0].unchanged, second.feeds[0].irrelevant) == (0, 1, 1)
    assert not second.model_loaded and not second.changed
    assert snapshot(project.content_dir) == before
    # Remembered in the state folder, beside the feeds' validators, never in content/.
    remembered = json.loads((project.state_dir / "turned-away.json").read_text())["items"]
    assert [(r["source"], r["guid"]) for r in remembered] == [("Test Wire", "beetle")]

    # The item changes: it is read again (and turned away again, under its new text).
    httpserver.clear_all_handlers()
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(item("beetle", "Orchard notes", beetle + " The aphids moved on."), good), content_type="application/rss+xml")
    steps = []
    third = run(project, [feed], nlp=nlp, policy=QUICK, build=False, progress=lambda *step: steps.append(step))
    assert [s for s in steps if s[0] == "extract"] == [("extract", 1, 1)]
    assert (third.feeds[0].new, third.feeds[0].irrelevant) == (0, 1)
    assert snapshot(project.content_dir) == before


def test_turned_away_items_are_remembered_per_text_and_rule_for_a_while(tmp_path):
    import datetime as dt
    import json

    from pipeline.feedstate import FORGET_TURNED_AWAY, TurnedAway
    from pipeline.parse import FeedItem

    now = dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
    beetle = FeedItem("Test Wire", "Orchard notes", "https://wire.example/beetle?utm_source=rss",
                      "https://wire.example/beetle", "beetle", None, "", "The mercor beetle breached the bark.")
    memory = TurnedAway.in_folder(tmp_path, now)
    memory.add(beetle, "rule-1", now.isoformat())
    memory.save()
    again = TurnedAway.in_folder(tmp_path, now + dt.timedelta(days=1))
    assert again.holds(beetle, "rule-1")
    assert again.holds(replace(beetle, guid="another-guid"), "rule-1")  # the same link from the same outlet
    assert not again.holds(replace(beetle, source="Partner Times"), "rule-1")
    assert not again.holds(replace(beetle, text=beetle.text + " Again."), "rule-1")
    assert not again.holds(beetle, "rule-2")  # other terms or AI companies decide again
    assert not TurnedAway.in_folder(tmp_path, now + FORGET_TURNED_AWAY).holds(beetle, "rule-1")
    # A second decision on the same item replaces the first.
    again.add(replace(beetle, text=beetle.text + " Again."), "rule-1", now.isoformat())
    again.save()
    assert len(json.loads((tmp_path / "turned-away.json").read_text())["items"]) == 1


FIRST_STORY = item("breach", "Transcription vendor Tollgrave Transcribe breached",
                   "Tollgrave Transcribe, a Leeds startup that transcribes audio for AI training data, said hackers "
                   "stole recordings from its servers. Ashen Marmot, a hacking group, claimed the attack on its "
                   "leak site.")
PAUSE = "Halvenco has paused its orders with Tollgrave after the breach, the retailer said."
CLAIM = "Tollgrave, which turns speech into text for AI developers, said Ashen Marmot broke into its file server."


def follow_up(*sentences: str):
    return item("pause", "Halvenco pauses Tollgrave orders", " ".join(sentences), date="Mon, 6 Apr 2026 09:00:00 GMT")


@pytest.mark.parametrize("feeds, expected", [
    # In one run the follow-up, read in the same batch as the first story, is read again once the stubs exist.
    ([[FIRST_STORY, follow_up(PAUSE, "Tollgrave turns speech into text for AI developers.")]],
     {("halvenco", "paused_work_with", "tollgrave-transcribe")}),
    ([[FIRST_STORY], [follow_up(PAUSE, CLAIM)]],
     {("halvenco", "paused_work_with", "tollgrave-transcribe"), ("tollgrave-transcribe", "breached_by", "ashen-marmot")}),
], ids=["both in one run", "a run each"])
def test_a_later_story_finds_the_companies_and_attackers_an_earlier_one_stored(feeds, expected, project, httpserver,
                                                                               nlp):
    # The first story names the vendor in full and the group as attackers; the follow-up calls the vendor by
    # its first word and names the group with no word of what it is. The stubs ingest wrote must carry both.
    for number, items in enumerate(feeds):
        conditional(httpserver, f"/feed{number}.xml", rss(*items))
        summary = ingest(project, [FeedConfig("Test Wire", httpserver.url_for(f"/feed{number}.xml"))], nlp=nlp,
                         policy=QUICK)
    stub = read_entry(project.content_dir / "companies" / "ashen-marmot.md", project.content_dir)[0]
    assert stub.meta["sector"] == "attacker group"
    written = next(path for path in summary.written if "halvenco" in path.name)
    relations = {(r["subject"], r["predicate"], r["object"])
                 for r in read_entry(written, project.content_dir)[0].meta["relations"]}
    assert expected <= relations, relations
    assert not (project.content_dir / "companies" / "tollgrave.md").exists()
