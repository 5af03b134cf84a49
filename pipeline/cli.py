"""The `breachwire` command: a thin layer over the pipeline's Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipeline.build import BuildError, build_site
from pipeline.config import ConfigError, FeedConfig, Settings, load_settings
from pipeline.entries import load_content
from pipeline.export import ExportError, export_content
from pipeline.index import IndexBusy
from pipeline.search import SearchError, facets_as_csv, hits_as_csv, results_as_json, search as search_archive
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
    """Bring the search index up to date with content/ (only changed entries are re-indexed)."""
    settings = _settings()
    try:
        with write_lock(settings):
            report = refresh_index(settings, rebuild=rebuild)
    except (RunLocked, IndexBusy) as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    for problem in report.problems:
        typer.echo(f"warning: {problem}", err=True)
    typer.echo(f"Index {settings.index_dir}: {report.total} entries ({report.added} added, {report.updated} updated, "
               f"{report.removed} removed{f'; rebuilt because {report.reason}' if report.rebuilt else ''}).")


OUTPUT_FORMATS = ("table", "json", "csv")


@app.command()
def search(
    query: str = typer.Argument("", help='Words, "phrases", AND/OR/NOT, prefix*, field:value, date:[A to B] '
                                         '(see README, Searching). Empty: every entry the options allow.'),
    type: Optional[str] = typer.Option(None, "--type", help="Only this kind of entry: article, company or incident."),
    company: Optional[list[str]] = typer.Option(None, "--company", help="Only entries naming this company "
                                                "(name, alias or slug; repeatable: all must be named)."),
    predicate: Optional[str] = typer.Option(None, "--predicate", help="Only entries with a relation of this "
                                            "predicate, e.g. paused_work_with (rejected relations do not count)."),
    source: Optional[str] = typer.Option(None, "--source", help="Only articles from this outlet, e.g. WIRED."),
    since: Optional[str] = typer.Option(None, "--since", help="From this date: 2026-03-01, 2026-03 or 2026."),
    until: Optional[str] = typer.Option(None, "--until", help="Up to this date, included: 2026-04-30, 2026-04 or 2026."),
    limit: int = typer.Option(10, "--limit", "-n", help="How many hits to show."),
    sort: str = typer.Option("relevance", "--sort", help="relevance, newest or oldest."),
    output_format: str = typer.Option("table", "--format", help="table, json or csv (with --facets, csv gives "
                                      "the counts)."),
    facets: bool = typer.Option(False, "--facets", help="Count the matches by company, predicate, source, "
                                "type and month."),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Include drafts and embargoed entries."),
    as_json: bool = typer.Option(False, "--json", hidden=True, help="Same as --format json."),
) -> None:
    """Search incidents, companies and articles: ranked hits with a snippet each, filters and facet counts."""
    output_format = "json" if as_json else output_format
    settings = _settings()
    try:
        if output_format not in OUTPUT_FORMATS:
            raise SearchError(f"--format {output_format!r}: unknown — use one of: {', '.join(OUTPUT_FORMATS)}")
        if not settings.index_dir.exists():
            refresh_index(settings)
        results = search_archive(query, index_dir=settings.index_dir, type=type, companies=company or (),
                                 predicate=predicate, source=source, since=since, until=until, limit=limit,
                                 facets=facets, include_drafts=include_drafts, sort=sort)
    except (SearchError, IndexBusy) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    if output_format == "json":
        sys.stdout.write(results_as_json(results))
    elif output_format == "csv":
        sys.stdout.write(facets_as_csv(results) if facets else hits_as_csv(results))
    else:
        _print_results(results)


def _print_results(results) -> None:
    if not results.hits:
        console.print(f"No results for {results.query!r}.", highlight=False, markup=False, soft_wrap=True)
    else:
        shown = f"{results.total} results" if results.total == len(results.hits) else \
            f"{results.total} results, best {len(results.hits)} shown"
        table = Table(title=f"{shown} for {results.query!r}" if results.query else shown,
                      title_justify="left", show_lines=True)
        for column in ("#", "title, path and snippet", "type", "date"):
            table.add_column(column, overflow="fold")
        for number, hit in enumerate(results.hits, start=1):
            cell = Text()
            cell.append(hit.title, style="bold")
            cell.append(f"\ncontent/{hit.path}\n", style="dim")
            # Snippets mark matched words **like this**; show them in bold instead.
            for part_number, part in enumerate(hit.snippet.split("**")):
                cell.append(part, style="bold yellow" if part_number % 2 else None)
            table.add_row(str(number), cell, hit.type, f"{hit.date:%Y-%m-%d}" if hit.date else "")
        console.print(table)
    for name, counts in results.facets.items():
        if counts:
            line = ", ".join(f"{c.label} {c.count}" for c in counts[:10])
            more = f", … {len(counts) - 10} more" if len(counts) > 10 else ""
            console.print(f"[bold]{name}:[/bold] {escape(line)}{more}", highlight=False, soft_wrap=True)


@app.command()
def export(
    output_format: str = typer.Option("jsonl", "--format", help="jsonl, csv or graphml."),
    what: str = typer.Option("relations", "--what", help="companies, relations, incidents or articles."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    include_drafts: bool = typer.Option(False, "--include-drafts", help="Include drafts and embargoed entries."),
) -> None:
    """Export companies, relations, incidents or articles as JSON Lines, CSV or GraphML (same content, same bytes)."""
    settings = _settings()
    try:
        result = export_content(settings.content_dir, what, output_format, output=output,
                                include_drafts=include_drafts)
    except ExportError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    if result.problems:
        typer.echo(f"warning: content/ has {len(result.problems)} errors; entries that cannot be read are left out "
                   "— run breachwire check", err=True)
    if output is None:
        sys.stdout.write(result.text)
    else:
        typer.echo(f"{result.rows} {what} written to {output} ({output_format}).", err=True)


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


@app.command()
def extract(
    file: str = typer.Argument("-", help="The article's text: a file, or - for standard input."),
    title: str = typer.Option("", "--title", help="The article's headline."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print one JSON object (the default)."),
) -> None:
    """Extract organizations and relations from one article's text and print them as JSON."""
    from pipeline.extract import extract as extract_text
    from pipeline.model import load_nlp
    from pipeline.select import RelevanceTerms
    from pipeline.store import gazetteer_from

    settings = _settings()
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8", errors="replace")
    terms = RelevanceTerms(settings.relevance_incident_terms, settings.relevance_ai_terms)
    try:
        nlp = load_nlp()
    except ModelError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    result = extract_text(text, nlp, title=title, gazetteer=gazetteer_from(load_content(settings.content_dir)),
                          is_relevant=terms.matches)
    for warning in result.warnings:
        errors.print(f"warning: {warning}")
    print(json.dumps(result.as_json(), ensure_ascii=False, indent=2 if not as_json else None))


if __name__ == "__main__":
    app()
