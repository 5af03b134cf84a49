"""Queries with known answers on the fixture archive (tests/fixtures/search/content), on a real whoosh index."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from collections import Counter

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.entries import dump_entry, load_content
from pipeline.index import update_index
from pipeline.search import FacetCount, Hit, SearchError, search

MERCOR_INCIDENT = "incidents/mercor-data-breach.md"
META_PAUSES = "articles/2026/03/meta-pauses-work-with-mercor.md"
OPENAI_INVESTIGATES = "articles/2026/03/openai-investigates-mercor-breach.md"
MERCOR_HIRES = "articles/2026/04/mercor-hires-security-chief.md"  # embargo lifted 2026-04-01
SCALE_META_REVIEW = "articles/2026/04/scale-ai-and-meta-review-contractor-access.md"
GOOGLE_PAUSES = "articles/2026/04/google-pauses-work-with-kestrel.md"
META_DRAFT = "articles/2026/04/meta-weighs-return-to-mercor.md"  # draft: true
OPENAI_EMBARGOED = "articles/2026/04/openai-ends-work-with-mercor.md"  # embargoed until 2099
META_SCALE_STAKE = "articles/2026/02/meta-deepens-ties-with-scale-ai.md"
SURGE = "articles/2026/01/surge-ai-raises-money-for-labeling.md"
ANTHROPIC = "articles/2026/05/anthropic-affected-by-kestrel-leak.md"
KESTREL_INCIDENT = "incidents/kestrel-label-leak.md"


@pytest.fixture
def index_dir(search_content, tmp_path):
    index_dir = tmp_path / "index"
    report = update_index(search_content, index_dir)
    assert report.total == 20 and report.rebuilt and not report.problems, report
    return index_dir


def paths(results) -> set[str]:
    return {hit.path for hit in results.hits}


def test_an_incident_outranks_the_coverage_of_it(index_dir):
    hits = search("mercor", index_dir=index_dir).hits
    assert hits[0].path == MERCOR_INCIDENT, [h.path for h in hits]
    assert {META_PAUSES, OPENAI_INVESTIGATES, MERCOR_HIRES} <= {h.path for h in hits}


def test_a_word_in_the_title_outranks_the_same_word_in_the_text(index_dir):
    results = search("rubrics", index_dir=index_dir)
    assert results.hits[0].path == ANTHROPIC, [h.path for h in results.hits]  # "… affected its rubrics"
    assert paths(results) == {ANTHROPIC, KESTREL_INCIDENT, GOOGLE_PAUSES, SCALE_META_REVIEW, OPENAI_INVESTIGATES}
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)


def test_hits_are_typed_and_snippets_mark_the_matched_words(index_dir):
    hit = next(h for h in search("breach", index_dir=index_dir).hits if h.path == META_PAUSES)
    assert isinstance(hit, Hit)
    assert hit.type == "article" and hit.title == "Meta pauses work with Mercor after data breach"
    assert hit.date == dt.datetime(2026, 3, 27, 12, 0)
    assert hit.source == "WIRED" and hit.url == "https://wired.example/meta-pauses-mercor"
    assert hit.companies == ("mercor", "meta", "openai")
    assert "**breach**" in hit.snippet and "\n" not in hit.snippet


@pytest.mark.parametrize("query", ["companies:facebook", "companies:meta", 'company:"Meta Platforms"',
                                   "company:FACEBOOK"])
def test_company_names_and_aliases_resolve_to_the_same_company(index_dir, query):
    assert paths(search(query, index_dir=index_dir, limit=50)) == {
        "companies/meta.md", MERCOR_INCIDENT, META_SCALE_STAKE, META_PAUSES, OPENAI_INVESTIGATES, SCALE_META_REVIEW}


def test_all_named_companies_must_be_mentioned(index_dir):
    """"All coverage mentioning Scale AI and Meta"."""
    results = search(index_dir=index_dir, companies=["Scale AI", "Facebook"], type="article")
    assert paths(results) == {META_SCALE_STAKE, SCALE_META_REVIEW}


def test_articles_since_march_where_a_company_paused_work(index_dir):
    """"Every article since March where a lab paused work with a data vendor" (drafts left out)."""
    results = search(index_dir=index_dir, type="article", predicate="paused_work_with", since="2026-03")
    assert paths(results) == {META_PAUSES, OPENAI_INVESTIGATES, GOOGLE_PAUSES}
    assert results.total == 3


def test_rejected_relations_do_not_count(index_dir):
    assert search(index_dir=index_dir, predicate="partnered_with").total == 0
    assert search("predicate:partnered_with", index_dir=index_dir).total == 0


@pytest.mark.parametrize("outlet", ["The Verge", "the verge", "the-verge"])
def test_source_filter(index_dir, outlet):
    assert paths(search(index_dir=index_dir, source=outlet)) == {OPENAI_INVESTIGATES, GOOGLE_PAUSES, MERCOR_HIRES}
    assert paths(search(f'source:"{outlet}"', index_dir=index_dir)) == {OPENAI_INVESTIGATES, GOOGLE_PAUSES,
                                                                         MERCOR_HIRES}


@pytest.mark.parametrize("query, options, expected", [
    ("date:2026-03", {}, {MERCOR_INCIDENT, META_PAUSES, OPENAI_INVESTIGATES}),
    ("date:[2026-03-27 to 2026-04-01]", {}, {META_PAUSES, OPENAI_INVESTIGATES, MERCOR_HIRES}),
    ("date:>=2026-05", {}, {ANTHROPIC}),
    ("date:<2026-02-11", {}, {SURGE, META_SCALE_STAKE}),
    ("", {"until": "2026-02"}, {SURGE, META_SCALE_STAKE}),
    ("", {"since": "2026-04-14", "until": "2026-04-15"}, {KESTREL_INCIDENT, GOOGLE_PAUSES}),
    ("mercor", {"since": dt.date(2026, 3, 28), "until": "2026-04-01"}, {OPENAI_INVESTIGATES, MERCOR_HIRES}),
])
def test_date_ranges(index_dir, query, options, expected):
    assert paths(search(query, index_dir=index_dir, limit=50, **options)) == expected


@pytest.mark.parametrize("query, expected", [
    ('"paused its work"', {GOOGLE_PAUSES, META_PAUSES}),
    ("paused NOT mercor", {GOOGLE_PAUSES}),
    ("paused AND kestrel", {GOOGLE_PAUSES}),
    ("(paused OR ended) AND type:article", {GOOGLE_PAUSES, META_PAUSES, ANTHROPIC, OPENAI_INVESTIGATES}),
    ("contract*", {SCALE_META_REVIEW, ANTHROPIC, MERCOR_INCIDENT, META_PAUSES, META_SCALE_STAKE}),
    ("title:breach", {MERCOR_INCIDENT, OPENAI_INVESTIGATES, META_PAUSES, SCALE_META_REVIEW}),
    ("type:incident", {MERCOR_INCIDENT, KESTREL_INCIDENT}),
    ("tag:leak", {KESTREL_INCIDENT}),
    ("incident:mercor-data-breach", {MERCOR_INCIDENT, META_PAUSES, OPENAI_INVESTIGATES}),
    ("text:bucket", {KESTREL_INCIDENT, GOOGLE_PAUSES}),
    ("labelled", {"companies/kestrel-annotate.md", "companies/scale-ai.md", "companies/surge-ai.md", SURGE,
                  META_SCALE_STAKE, KESTREL_INCIDENT, GOOGLE_PAUSES}),  # words match on their stems
])
def test_query_language(index_dir, query, expected):
    assert paths(search(query, index_dir=index_dir, limit=50)) == expected


def test_facets_count_every_match_not_only_the_hits_shown(index_dir, search_content):
    results = search(index_dir=index_dir, limit=1, facets=True)
    assert len(results.hits) == 1 and results.total == 18  # 20 entries but a draft and an embargoed article
    # The same counts, worked out from the front matter itself.
    content = load_content(search_content)
    published = [e for e in content.all() if e.is_published()]
    named = Counter()
    for entry in published:
        meta = entry.meta
        named.update({entry.slug} if entry.type == "company" else
                     set(meta.get("companies") or []) | {s for r in ("victims", "affected", "attackers")
                                                         for s in meta.get(r) or []})
    assert {f.value: f.count for f in results.facets["company"]} == dict(named)
    assert {f.value: f.count for f in results.facets["type"]} == dict(Counter(e.type for e in published))
    assert results.facets["company"][0] == FacetCount("mercor", "Mercor", 6)  # most often named first
    # Most frequent first, ties by value; labels are the outlets' own names.
    assert [(f.value, f.label, f.count) for f in results.facets["source"]] == [
        ("the-verge", "The Verge", 3), ("reuters", "Reuters", 2), ("wired", "WIRED", 2),
        ("techcrunch", "TechCrunch", 1)]
    assert {f.value: f.count for f in results.facets["month"]} == {"2026-01": 1, "2026-02": 1, "2026-03": 3,
                                                                  "2026-04": 4, "2026-05": 1}


def test_facets_follow_the_query_and_filters(index_dir):
    results = search("breach", index_dir=index_dir, facets=True, type="article")
    assert results.total == 4
    predicates = {f.value: (f.label, f.count) for f in results.facets["predicate"]}
    assert predicates == {"paused_work_with": ("paused work with", 2), "investigating": ("is investigating", 2),
                          "supplier_of": ("supplies", 1)}  # the rejected partnered_with is not counted
    assert {f.value: f.count for f in results.facets["type"]} == {"article": 4}


def test_drafts_and_embargoed_entries_are_left_out_unless_asked(index_dir):
    default = paths(search("mercor", index_dir=index_dir, limit=50))
    assert META_DRAFT not in default and OPENAI_EMBARGOED not in default
    assert MERCOR_HIRES in default  # its embargo has lifted
    everything = paths(search("mercor", index_dir=index_dir, limit=50, include_drafts=True))
    assert everything == default | {META_DRAFT, OPENAI_EMBARGOED}


def test_an_embargo_lifts_at_its_time_without_reindexing(index_dir, search_content):
    lifts = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=2)
    meta = {"type": "article", "title": "Quillfeather pauses work with its vendor", "url": "https://x.example/q",
            "guid": "q", "source": "WIRED", "published": dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc),
            "companies": [], "relations": [], "embargo_until": lifts}
    (search_content / "articles" / "2026" / "06").mkdir(parents=True)
    (search_content / "articles/2026/06/quillfeather.md").write_text(dump_entry(meta, "Quillfeather text."))
    assert update_index(search_content, index_dir).added == 1
    assert search("quillfeather", index_dir=index_dir).total == 0
    deadline = time.monotonic() + 10
    while dt.datetime.now(dt.timezone.utc) <= lifts and time.monotonic() < deadline:
        time.sleep(0.1)
    assert search("quillfeather", index_dir=index_dir).total == 1


def test_sort_by_date(index_dir):
    newest = search("mercor", index_dir=index_dir, sort="newest", limit=50).hits
    dated = [hit.date for hit in newest if hit.date]
    assert dated == sorted(dated, reverse=True) and newest[-1].date is None  # Mercor's company page last
    assert all(hit.score is None for hit in newest)
    oldest = search("mercor", index_dir=index_dir, sort="oldest", limit=50).hits
    assert [h.date for h in oldest if h.date] == sorted(dated)


@pytest.mark.parametrize("query, message", [
    ('mercor "paused its', "query 'mercor \"paused its': a phrase is not closed — add the closing \""),
    ("(paused OR ended", "query '(paused OR ended': ( without its ) — add the closing )"),
    ("paused)", "query 'paused)': ) without its ( — remove it or add the opening ("),
    ("mercor AND", "query 'mercor AND': AND needs a term on each side — e.g. mercor AND meta"),
    ("OR mercor", "query 'OR mercor': OR needs a term on each side — e.g. mercor OR meta"),
    ("breach NOT", "query 'breach NOT': NOT needs a term after it — e.g. breach NOT mercor"),
    ("author:jane", "query 'author:jane': unknown field 'author' — use one of: body, companies, company, date, "
                    "incident, predicate, source, tag, tags, text, title, type (or put words containing : in "
                    "\"quotes\")"),
    ("title: breach", "query 'title: breach': title: has no value — write e.g. title:…"),
    ("date:[2026-03 to", "query 'date:[2026-03 to': a range is not closed — add the closing ]"),
    ("date:yesterday", "query 'date:yesterday': 'yesterday' is not a date — write date:2026-04, "
                       "date:2026-04-15, date:>=2026-03-01 or date:[2026-03-01 to 2026-04-30]"),
    ("date:2026-02-30", "query 'date:2026-02-30': '2026-02-30' is not a date — write date:2026-04, "
                        "date:2026-04-15, date:>=2026-03-01 or date:[2026-03-01 to 2026-04-30]"),
    ("date:[2026-03 to April]", "query 'date:[2026-03 to April]': 'April' is not a date — write date:2026-04, "
                                "date:2026-04-15, date:>=2026-03-01 or date:[2026-03-01 to 2026-04-30]"),
    ("type:blog", "query 'type:blog': unknown type 'blog' — use one of: company, incident, article"),
    ("predicate:paused", "query 'predicate:paused': unknown predicate 'paused' — use one of: supplier_of, "
                         "paused_work_with, ended_work_with, resumed_work_with, investigating, affected_by, "
                         "breached_by, invested_in, acquired, partnered_with, sued, formerly_known_as"),
])
def test_a_malformed_query_says_what_is_wrong(index_dir, query, message):
    with pytest.raises(SearchError) as caught:
        search(query, index_dir=index_dir)
    assert str(caught.value) == message


@pytest.mark.parametrize("options, message", [
    ({"companies": ["Facebok"]}, "--company 'Facebok': no company has this name or alias (did you mean Meta?) "
                                 "— use a name, alias or slug from content/companies/"),
    ({"type": "post"}, "--type 'post': unknown entry type — use one of: company, incident, article"),
    ({"since": "March"}, "--since 'March': not a date — write --since 2026-03-01 (or 2026-03, or 2026)"),
    ({"since": "2026-05", "until": "2026-04"}, "--since 2026-05-01 is after --until 2026-04-30 — swap them"),
    ({"limit": 0}, "--limit 0: must be at least 1 — write --limit 10"),
])
def test_bad_options_say_how_to_fix_them(index_dir, options, message):
    with pytest.raises(SearchError) as caught:
        search("mercor", index_dir=index_dir, **options)
    assert str(caught.value) == message


def test_searching_without_an_index_says_how_to_make_one(tmp_path):
    with pytest.raises(SearchError, match=r"no search index in .* — run `breachwire index`"):
        search("mercor", index_dir=tmp_path / "missing")


# The command line, on a project whose content/ is the fixture archive


@pytest.fixture
def cli_project(project, search_content):
    import shutil

    shutil.rmtree(project.content_dir)
    shutil.copytree(search_content, project.content_dir)
    return project


def invoke(*args):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_search_prints_ranked_hits(cli_project):
    result = invoke("search", "mercor", "--limit", "3")  # builds the missing index first
    assert result.exit_code == 0, result.output
    assert "6 results, best 3 shown for 'mercor'" in result.output
    assert "Mercor data breach" in result.output and "content/incidents/mercor-data-breach.md" in result.output


def test_cli_search_json_and_csv(cli_project):
    result = invoke("search", "breach", "--company", "Meta", "--format", "json", "--facets")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["total"] == 4 and document["query"] == "breach"
    assert {h["path"] for h in document["hits"]} == {MERCOR_INCIDENT, META_PAUSES, OPENAI_INVESTIGATES,
                                                     SCALE_META_REVIEW}
    assert {"value": "meta", "label": "Meta", "count": 4} in document["facets"]["company"]

    result = invoke("search", "--predicate", "paused_work_with", "--since", "2026-03", "--format", "csv",
                    "--sort", "oldest")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["path"] for r in rows] == [META_PAUSES, OPENAI_INVESTIGATES, GOOGLE_PAUSES]
    assert rows[0]["companies"] == "mercor;meta;openai" and rows[0]["date"] == "2026-03-27T12:00:00"

    result = invoke("search", "--type", "incident", "--facets", "--format", "csv")
    facets = list(csv.DictReader(io.StringIO(result.output)))
    assert {"facet": "company", "value": "mercor", "label": "Mercor", "count": "1"} in facets


def test_cli_table_shows_the_facets(cli_project):
    result = invoke("search", "--facets")
    assert result.exit_code == 0, result.output
    assert "company: Mercor 6, Meta 6," in result.output
    assert "source: The Verge 3, Reuters 2, WIRED 2, TechCrunch 1" in result.output


@pytest.mark.parametrize("args, message", [
    (["search", "date:someday"], "error: query 'date:someday': 'someday' is not a date — write "
                                 "date:2026-04, date:2026-04-15, date:>=2026-03-01 or date:[2026-03-01 to "
                                 "2026-04-30]\n"),
    (["search", "x", "--format", "xml"], "error: --format 'xml': unknown — use one of: table, json, csv\n"),
    (["search", "x", "--predicate", "hacked"], "error: --predicate 'hacked': not in the vocabulary — use one of: "
                                               "supplier_of, paused_work_with, ended_work_with, resumed_work_with, "
                                               "investigating, affected_by, breached_by, invested_in, acquired, "
                                               "partnered_with, sued, formerly_known_as\n"),
])
def test_cli_malformed_query_is_one_line_and_exit_2(cli_project, args, message):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == message and "Traceback" not in result.output



@pytest.mark.parametrize("query, expected", [
    ('"security team reviews"', {META_PAUSES}),
    ('"reviews security team"', set()),  # every word is in that article, not in this order
    ('"paused its work with Mercor"', {META_PAUSES}),  # stop words ("its", "with") are skipped, as whoosh does
    ('"exposed grading rubrics"', {GOOGLE_PAUSES, KESTREL_INCIDENT}),
])
def test_phrases_of_three_words_or_more(index_dir, query, expected):
    assert paths(search(query, index_dir=index_dir, limit=50)) == expected


@pytest.mark.parametrize("query", [
    "mercor", "mercor meta", "paused OR suspended", "paused NOT mercor", "breach ANDNOT openai",
    "mercor ANDMAYBE contractors", '"paused its work"', '"security team reviews"', 'title:"data breach"',
    "contract*", "secur* company:meta", "title:breach^3 mercor", "date:2026-03 mercor",
    "date:[2026-03-27 to 2026-04-01]", "type:incident OR tag:leak", "NOT mercor", "breach OR NOT mercor",
])
def test_matches_and_scores_are_whooshs_own(search_content, tmp_path, query):
    """Queries are answered from cached posting arrays; whoosh's exhaustive search must agree on every
    match and score, across segments and with a deleted document (an edit and a deletion after the build)."""
    from pipeline import index

    index_dir = tmp_path / "agreement-index"
    update_index(search_content, index_dir)
    edited = search_content / META_PAUSES
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMeta said the security review continues.\n",
                      encoding="utf-8")
    (search_content / SURGE).unlink()
    report = update_index(search_content, index_dir)
    assert (report.updated, report.removed, report.rebuilt) == (1, 1, False), report
    opened = index._searcher(index_dir)
    assert len(opened.searcher.leaf_searchers()) == 2
    parsed = index._parse(query, opened)
    try:
        matched, scores = index._evaluate(parsed, opened)
    except index._Unsupported:  # NOT alone, NOT inside OR: whoosh answers those itself
        assert query.startswith("NOT") or "OR NOT" in query, query
        return
    matched &= index._live(opened)
    expected_matched, expected_scores = index._evaluate_with_whoosh(parsed, opened)
    assert expected_matched.any(), query
    assert (matched == expected_matched).all(), query
    assert scores[matched].tolist() == pytest.approx(expected_scores[matched].tolist(), rel=1e-9), query


@pytest.mark.parametrize("query", ["mercor", "breach", "data", "rubrics", "contract*", "labs", "mercor breach",
                                   '"paused its work"'])
def test_a_snippet_drops_no_word_inside_its_passages_and_an_ellipsis_always_stands_for_left_out_text(
        index_dir, search_content, query):
    content = load_content(search_content)
    entries = {entry.path.as_posix(): entry for entry in content.all()}
    for hit in search(query, index_dir=index_dir, limit=50, include_drafts=True).hits:
        entry = entries[hit.path]
        body = "\n\n".join(str(p) for p in (entry.meta.get("summary") or "", entry.body) if p).replace("\\", "")
        stored = " ".join(body.split())
        pieces = hit.snippet.replace("**", "").split(" … ")
        if pieces[0] not in stored:
            continue  # a snippet of the title
        end = 0
        for piece in pieces:
            start = stored.find(piece, end)
            assert start >= 0, f"{hit.path}: {piece!r} is not a passage of the text: {hit.snippet!r}"
            assert end == 0 or any(c.isalnum() for c in stored[end:start]), \
                f"{hit.path}: an ellipsis where no word is left out: {hit.snippet!r}"
            end = start + len(piece)


def test_a_word_between_two_passages_of_a_snippet_is_kept(tmp_path):
    # whoosh's fragmenter lost the word after a passage whose countdown ended at exactly zero, and the
    # formatter put an ellipsis between two passages that touch: "disclosed a … breach".
    content = tmp_path / "content"
    (content / "incidents").mkdir(parents=True)
    (content / "incidents" / "vendor-breach.md").write_text(dump_entry(
        {"type": "incident", "title": "Vendor breach", "date": dt.date(2026, 3, 26), "victims": [], "affected": [],
         "attackers": [], "status": "investigating", "tags": []},
        "Mercor, a company that supplies AI labs with training data and with the human\n"
        "contractors who write, rate and red-team model responses, disclosed a security\n"
        "breach. Meta paused its work with Mercor while it assessed its exposure, and\n"
        "OpenAI opened an investigation into the incident.\n"), encoding="utf-8")
    update_index(content, tmp_path / "index")
    snippet = search("mercor", index_dir=tmp_path / "index").hits[0].snippet
    assert "disclosed a security breach. Meta paused its work with **Mercor**" in snippet, snippet
