"""The `breachwire` command: a thin layer over the pipeline's Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from pipeline.build import BuildError, build_site
from pipeline.config import ConfigError, FeedConfig, Settings, load_settings
from pipeline.entries import load_content
from pipeline.index import SearchError, search as search_index
from pipeline.model import ModelError
from pipeline.run import RunLocked, RunSummary, refresh_index, run as run_pipeline, write_lock, ingest as ingest_feeds

app = typer.Typer(
    help="Breachwire: a newsroom knowledge base of AI supply-chain security incidents.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

FeedOption = typer.Option(None, "--feed", help="A feed URL or file to read instead of the configured feeds (repeatable).")


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)


def _choose_feeds(settings: Settings, samples: bool, feed: list[str] | None) -> list[FeedConfig]:
    if feed:
        return [FeedConfig(name="", url=f if "://" in f else str(Path(f).resolve())) for f in feed]
    return settings.sample_feeds() if samples else list(settings.feeds)


def _print_summary(summary: RunSummary, settings: Settings, *, quiet: bool) -> None:
    if not quiet:
        table = Table(title="Feeds")
        for column in ("feed", "status", "items", "new", "known", "irrelevant", "problems"):
            table.add_column(column)
        for feed in summary.feeds:
            table.add_row(feed.name or feed.location, feed.status, str(feed.items), str(feed.new),
                          str(feed.duplicates), str(feed.irrelevant), feed.error or "; ".join(feed.problems))
        console.print(table)
        console.print(
            f"{len(summary.feeds)} feeds read: {sum(f.new for f in summary.feeds)} new items, "
            f"{sum(f.duplicates for f in summary.feeds)} already known, "
            f"{sum(f.irrelevant for f in summary.feeds)} not relevant. "
            f"{summary.organizations} organization mentions and {summary.relations} relations found; "
            f"{len(summary.written)} articles and {len(summary.companies_created)} new companies written to "
            f"{settings.content_dir.relative_to(settings.root)}/."
        )
        if summary.index:
            console.print(f"Search index: {settings.index_dir} ({summary.index.total} entries; "
                          f"{summary.index.added} added, {summary.index.updated} updated, "
                          f"{summary.index.removed} removed). Search it with: breachwire search mercor")
        if summary.site_dir:
            console.print(f"Site: {summary.site_dir}/index.html. Preview with live reload: mkdocs serve")
    for feed in summary.failed_feeds:
        errors.print(f"[red]feed failed:[/red] {feed.name or feed.location}: {feed.error}")


@app.command()
def run(
    samples: bool = typer.Option(False, "--samples", help="Read the feed snapshots bundled with the package (no network)."),
    feed: Optional[list[str]] = FeedOption,
    build: bool = typer.Option(True, "--build/--no-build", help="Build the site after ingesting."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any feed failed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems."),
) -> None:
    """Ingest the feeds, update the search index and build the site."""
    settings = _settings()
    try:
        summary = run_pipeline(settings, _choose_feeds(settings, samples, feed), build=build)
    except (RunLocked, ModelError, BuildError) as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    _print_summary(summary, settings, quiet=quiet)
    if strict and summary.failed_feeds:
        raise typer.Exit(1)


@app.command()
def ingest(
    samples: bool = typer.Option(False, "--samples", help="Read the bundled feed snapshots (no network)."),
    feed: Optional[list[str]] = FeedOption,
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any feed failed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems."),
) -> None:
    """Fetch feeds and write new articles into content/ (and update the index)."""
    settings = _settings()
    try:
        with write_lock(settings):
            summary = ingest_feeds(settings, _choose_feeds(settings, samples, feed))
            summary.index = refresh_index(settings)
    except (RunLocked, ModelError) as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    _print_summary(summary, settings, quiet=quiet)
    if strict and summary.failed_feeds:
        raise typer.Exit(1)


@app.command()
def build() -> None:
    """Build the static site into site/ with mkdocs (strict)."""
    settings = _settings()
    try:
        site = build_site(settings)
    except BuildError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    console.print(f"Site built: {site}/index.html")


@app.command()
def index(rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the index from content/ alone.")) -> None:
    """Bring the search index up to date with content/."""
    settings = _settings()
    try:
        with write_lock(settings):
            report = refresh_index(settings, rebuild=rebuild)
    except RunLocked as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    console.print(f"Index {settings.index_dir}: {report.total} entries ({report.added} added, "
                  f"{report.updated} updated, {report.removed} removed{', rebuilt' if report.rebuilt else ''}).")


@app.command()
def search(
    query: str = typer.Argument(..., help='Words, "phrases", AND/OR/NOT, field:value (type:incident, companies:meta).'),
    limit: int = typer.Option(10, "--limit", "-n", help="How many hits to show."),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Include drafts and embargoed entries."),
    as_json: bool = typer.Option(False, "--json", help="Print hits as JSON lines."),
) -> None:
    """Search incidents, companies and articles, best first, with a snippet each."""
    settings = _settings()
    try:
        if not settings.index_dir.exists():
            refresh_index(settings)
        hits = search_index(settings.index_dir, query, limit=limit, include_drafts=include_drafts)
    except SearchError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    if as_json:
        for hit in hits:
            print(json.dumps({"path": hit.path, "type": hit.type, "title": hit.title,
                              "date": hit.date.isoformat() if hit.date else None,
                              "score": hit.score, "snippet": hit.snippet}, ensure_ascii=False))
        return
    if not hits:
        console.print(f"No results for {query!r}.")
        return
    for number, hit in enumerate(hits, start=1):
        date = f"{hit.date:%Y-%m-%d}" if hit.date else ""
        console.print(f"[bold]{number}. {hit.title}[/bold]  [dim]{hit.type} {date} content/{hit.path}[/dim]",
                      highlight=False, markup=True)
        console.print(f"   {hit.snippet}", highlight=False, markup=False)


@app.command()
def check() -> None:
    """Validate every entry in content/; report each problem as path:line: field: what — how to fix."""
    settings = _settings()
    content = load_content(settings.content_dir)
    for problem in content.problems:
        (errors if problem.severity == "error" else console).print(f"{problem}", highlight=False, markup=False)
    failed = [p for p in content.problems if p.severity == "error"]
    if failed:
        errors.print(f"{len(failed)} errors.")
        raise typer.Exit(1)
    console.print(f"content/ is valid: {len(content.companies)} companies, {len(content.incidents)} incidents, "
                  f"{len(content.articles)} articles.")


def _relevance(settings: Settings, content):
    """The relevance test extract and eval report: the configured terms, plus what content/ knows of companies."""
    from pipeline.relevance import Relevance

    return Relevance.from_content(settings.relevance_incident_terms, settings.relevance_ai_terms, content.companies)


@app.command()
def extract(
    file: str = typer.Argument("-", help="The article's text: a file, or - for standard input."),
    title: str = typer.Option("", "--title", help="The article's headline."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print one JSON object (the default)."),
) -> None:
    """Extract organizations and relations from one article's text and print them as JSON."""
    from pipeline.extract import extract as extract_text
    from pipeline.model import load_nlp
    from pipeline.store import gazetteer_from

    settings = _settings()
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8", errors="replace")
    try:
        nlp = load_nlp()
    except ModelError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    content = load_content(settings.content_dir)
    result = extract_text(text, nlp, title=title, gazetteer=gazetteer_from(content),
                          is_relevant=_relevance(settings, content))
    for warning in result.warnings:
        errors.print(f"warning: {warning}")
    print(json.dumps(result.as_json(), ensure_ascii=False, indent=2 if not as_json else None))



@app.command("eval")
def eval_command(
    folder: Path = typer.Argument(..., help="A gold-set folder of annotated articles (see tests/gold/README.md)."),
    details: bool = typer.Option(False, "--details", help="Also list each article's missed and extra orgs and relations."),
) -> None:
    """Score the extractor against a gold set: precision, recall and F1 for orgs and relations, relevance accuracy."""
    from pipeline.evaluate import GoldError, evaluate, report_lines
    from pipeline.model import load_nlp
    from pipeline.store import gazetteer_from

    settings = _settings()
    try:
        nlp = load_nlp()
        content = load_content(settings.content_dir)
        evaluation = evaluate(folder, nlp, gazetteer=gazetteer_from(content), is_relevant=_relevance(settings, content))
    except (GoldError, ModelError) as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    for problem in evaluation.problems:
        errors.print(str(problem), highlight=False, markup=False, soft_wrap=True)
    if evaluation.articles:
        for line in report_lines(evaluation, details=details):
            console.print(line, highlight=False, markup=False, soft_wrap=True)
    if evaluation.problems:
        errors.print(f"{len(evaluation.problems)} problems in the gold set; fix them and run again.")
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
