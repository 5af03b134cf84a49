"""The `breachwire` command: a thin layer over the pipeline's Python API."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pipeline.build import BuildError, build_site
from pipeline.config import ConfigError, FeedConfig, Settings, load_settings
from pipeline.entries import check as check_content, load_content
from pipeline.export import ExportError, export_content
from pipeline.feedstate import feed_health
from pipeline.index import IndexBusy, check_index
from pipeline.search import Results, SearchError, facets_as_csv, hits_as_csv, results_as_json, search as search_archive
from pipeline.model import ModelError
from pipeline.run import RunLocked, RunSummary, refresh_index, run as run_pipeline, write_lock, ingest as ingest_feeds
from pipeline.run import LOCK_TIMEOUT_SECONDS, describe_owner, refresh_index_if_changed

app = typer.Typer(
    help="Breachwire: a newsroom knowledge base of AI supply-chain security incidents.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
errors = Console(stderr=True)

FeedOption = typer.Option(None, "--feed", help="A feed URL or file to read instead of the configured feeds (repeatable).")
WaitOption = typer.Option(LOCK_TIMEOUT_SECONDS, "--wait", metavar="SECONDS",
                          help="How long to wait for another run to finish before giving up.")
# Exit status for "another run holds the lock": EX_TEMPFAIL, so a scheduler can tell it from a failure.
EXIT_LOCKED = 75


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
        for column in ("feed", "status", "new", "updated", "skipped", "errors"):
            table.add_column(column, overflow="fold")
        for feed in summary.feeds:
            table.add_row(feed.name or feed.location, feed.status, str(feed.new), str(feed.updated),
                          str(feed.skipped), feed.error or "; ".join(feed.problems))
        console.print(table)
        console.print(
            f"{len(summary.feeds)} feeds read: {sum(f.new for f in summary.feeds)} new items, "
            f"{sum(f.updated for f in summary.feeds)} updated, "
            f"{sum(f.unchanged + f.duplicates for f in summary.feeds)} already known, "
            f"{sum(f.irrelevant for f in summary.feeds)} not relevant. "
            f"{summary.organizations} organization mentions and {summary.relations} relations found; "
            f"{len(summary.written)} articles written, {len(summary.updated)} updated and "
            f"{len(summary.companies_created)} new companies created in "
            f"{settings.content_dir.relative_to(settings.root)}/."
        )
        for note in summary.notes:
            console.print(f"note: {note}", highlight=False, markup=False)
        if summary.index:
            console.print(f"Search index: {settings.index_dir} ({summary.index.total} entries; "
                          f"{summary.index.added} added, {summary.index.updated} updated, "
                          f"{summary.index.removed} removed). Search it with: breachwire search mercor")
        if summary.site_dir:
            console.print(f"Site: {summary.site_dir}/index.html. Preview with live reload: mkdocs serve")
        elif summary.build_skipped:
            console.print("Site: nothing changed since the last build; not rebuilt.")
    for feed in summary.failed_feeds:
        errors.print(f"feed failed: {feed.name or feed.location}: {feed.error}", highlight=False, markup=False,
                     soft_wrap=True)
    for conflict in summary.conflicts:
        errors.print(f"not written: {conflict}", highlight=False, markup=False, soft_wrap=True)


@contextmanager
def _progress(quiet: bool):
    """A live progress display on a terminal (nothing under --quiet or in cron); yields the callback."""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=errors, transient=True,
                  disable=quiet or not errors.is_terminal) as progress:
        tasks: dict[str, int] = {}
        labels = {"fetch": "fetching feeds", "extract": "extracting organizations and relations"}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(labels.get(stage, stage), total=total)
            progress.update(tasks[stage], completed=done, total=total)

        yield update


def _say_waiting(quiet: bool):
    def on_wait(owner) -> None:
        if not quiet:
            errors.print(f"waiting for another run to finish ({describe_owner(owner)})…",
                         highlight=False, markup=False, soft_wrap=True)
    return on_wait


def _exit_status(summary: RunSummary, strict: bool) -> None:
    if strict and (summary.failed_feeds or summary.conflicts):
        raise typer.Exit(1)


@app.command()
def run(
    samples: bool = typer.Option(False, "--samples", help="Read the feed snapshots bundled with the package (no network)."),
    feed: Optional[list[str]] = FeedOption,
    build: bool = typer.Option(True, "--build/--no-build", help="Build the site after ingesting (skipped when nothing changed)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any feed failed or any write was refused."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems."),
    wait: float = WaitOption,
) -> None:
    """Ingest the feeds, update the search index and build the site."""
    settings = _settings()
    try:
        with _progress(quiet) as progress:
            summary = run_pipeline(settings, _choose_feeds(settings, samples, feed), build=build,
                                   progress=progress, lock_timeout=wait, on_wait=_say_waiting(quiet))
    except RunLocked as exc:
        errors.print(f"error: {exc}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_LOCKED)
    except (ModelError, BuildError) as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    _print_summary(summary, settings, quiet=quiet)
    _exit_status(summary, strict)


@app.command()
def ingest(
    samples: bool = typer.Option(False, "--samples", help="Read the bundled feed snapshots (no network)."),
    feed: Optional[list[str]] = FeedOption,
    strict: bool = typer.Option(False, "--strict", help="Exit 1 if any feed failed or any write was refused."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems."),
    wait: float = WaitOption,
) -> None:
    """Fetch feeds and write new articles into content/ (and update the index)."""
    settings = _settings()
    try:
        with write_lock(settings, wait, _say_waiting(quiet)), _progress(quiet) as progress:
            summary = ingest_feeds(settings, _choose_feeds(settings, samples, feed), progress=progress)
            summary.index = refresh_index_if_changed(settings, summary)
    except RunLocked as exc:
        errors.print(f"error: {exc}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_LOCKED)
    except ModelError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1)
    _print_summary(summary, settings, quiet=quiet)
    _exit_status(summary, strict)


def _when(stamp: str | None) -> str:
    """2026-11-28T12:42:31+00:00 as 2026-11-28 12:42 (UTC)."""
    return stamp[:16].replace("T", " ") if stamp else ""


@app.command()
def feeds(as_json: bool = typer.Option(False, "--json", help="Print one JSON object per feed.")) -> None:
    """Show each feed's health: last success, last error, items seen, new items a day."""
    settings = _settings()
    rows = feed_health(settings)
    if as_json:
        for row in rows:
            print(json.dumps(row.as_json(), ensure_ascii=False))
        return
    table = Table(title="Feed health")
    for column in ("feed", "status", "last success", "last error", "items read", "new/day"):
        table.add_column(column, overflow="fold")
    for row in rows:
        error = f"{_when(row.last_error_at)}: {row.last_error}" if row.last_error else ""
        table.add_row(row.name, row.status, _when(row.last_success) or "never", error, str(row.items_seen),
                      f"{row.new_per_day:.1f}")
    console.print(table)


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
        if not settings.index_dir.exists() or check_index(settings.index_dir):
            # No index yet, or one from an older Breachwire: it is a cache, so (re)build it from content/.
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


def _print_results(results: Results) -> None:
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
def check(
    paths: Optional[list[Path]] = typer.Argument(None, help="Entries or folders to report on (default: all of content/)."),
) -> None:
    """Validate every entry in content/; report each problem as path:line: field: what — how to fix."""
    settings = _settings()
    try:
        report = check_content(settings.content_dir, paths or ())
    except FileNotFoundError as exc:
        _fail(exc, 2)
    for problem in report.problems:
        (errors if problem.severity == "error" else console).print(f"{problem}", highlight=False, markup=False,
                                                                    soft_wrap=True)
    warnings = _count(len(report.problems) - len(report.errors), "warning")
    if report.errors:
        errors.print(f"{_count(len(report.errors), 'error')}, {warnings}.")
        raise typer.Exit(1)
    console.print(f"content/ is valid: {report.companies} companies, {report.incidents} incidents, "
                  f"{report.articles} articles ({warnings}).")


def _fail(exc: Exception, code: int = 1) -> NoReturn:
    """Print a library error in full (one line, no markup read into it) and exit."""
    errors.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@app.command()
def new(
    kind: str = typer.Argument(..., help="company or incident"),
    title: str = typer.Argument(..., help='The company\'s name or the incident\'s title, e.g. "Scale AI".'),
    slug: Optional[str] = typer.Option(None, "--slug", help="The file name (default: from the name or title)."),
) -> None:
    """Create a new company or incident entry (a draft) with every field and guidance; never overwrites."""
    from pipeline.scaffold import ScaffoldError, new_entry

    settings = _settings()
    try:
        path = new_entry(settings.content_dir, kind, title, slug=slug)
    except ScaffoldError as exc:
        _fail(exc)
    shown = path.relative_to(settings.root)
    console.print(f"Created {shown} (a draft). Fill it in, run `breachwire check {shown}`, "
                  "then delete `draft: true` to publish.", highlight=False, soft_wrap=True)


def _editor(by: str | None) -> str:
    import getpass
    import os

    return by or os.environ.get("BREACHWIRE_EDITOR") or getpass.getuser()


def _under_content(settings: Settings, path: str | None) -> str | None:
    """A file or folder given from the current folder, as a path under content/ (else as given)."""
    if path and Path(path).exists() and Path(path).resolve().is_relative_to(settings.content_dir):
        return Path(path).resolve().relative_to(settings.content_dir).as_posix()
    return path


def _print_review_item(item, number: int | None = None) -> None:
    from pipeline.review import describe

    date = f"{item.published:%Y-%m-%d}" if item.published else "undated"
    decided = f", {item.status} by {item.reviewed_by}" if item.status != "proposed" and item.reviewed_by else (
        f", {item.status}" if item.status != "proposed" else "")
    prefix = f"{number}. " if number else ""
    console.print(f"{prefix}[bold]{item.id}[/bold]  {escape(describe(item))}  [dim]({item.confidence:.2f}{decided})[/dim]",
                  highlight=False, soft_wrap=True)
    console.print(f"    “{escape(item.evidence)}”", highlight=False, soft_wrap=True)
    console.print(f"    [dim]{date} · {escape(item.source)} · {escape(item.title)} · content/{escape(item.article)}[/dim]",
                  highlight=False, soft_wrap=True)


@app.command()
def review(
    ids: Optional[list[str]] = typer.Argument(None, help="Relation ids (or unique prefixes) to confirm or reject."),
    confirm: bool = typer.Option(False, "--confirm", help="Confirm the given relations (or all listed, with --all)."),
    reject: bool = typer.Option(False, "--reject", help="Reject the given relations (or all listed, with --all)."),
    all_listed: bool = typer.Option(False, "--all", help="With --confirm or --reject: every relation the filters list."),
    article: Optional[str] = typer.Option(None, "--article", help="Only this article (or folder), under content/."),
    company: Optional[str] = typer.Option(None, "--company", help="Only relations naming this company slug."),
    predicate: Optional[str] = typer.Option(None, "--predicate", help="Only this predicate, e.g. paused_work_with."),
    min_confidence: Optional[float] = typer.Option(None, "--min-confidence", help="Only relations at least this confident."),
    decided: bool = typer.Option(False, "--decided", help="List confirmed and rejected relations too."),
    by: Optional[str] = typer.Option(None, "--by", help="Who decides (default: $BREACHWIRE_EDITOR or your user name)."),
    interactive: Optional[bool] = typer.Option(None, "--interactive/--list", "-i",
                                               help="Decide one by one (the default on a terminal), or only list."),
    as_json: bool = typer.Option(False, "--json", help="List as JSON lines."),
) -> None:
    """List proposed relations (newest first) and confirm or reject them, one by one or in bulk."""
    from pipeline.review import ReviewError, decide, list_relations, resolve_ids

    settings = _settings()
    if confirm and reject:
        _fail(ValueError("give --confirm or --reject, not both"), 2)
    decision = "confirmed" if confirm else "rejected" if reject else None
    if ids and not decision:
        _fail(ValueError("say what to do with these ids — add --confirm or --reject"), 2)
    if decision and not ids and not all_listed:
        _fail(ValueError(f"give the ids to {'confirm' if confirm else 'reject'}, or --all for every listed relation"), 2)
    content_path = _under_content(settings, article)
    statuses = ("proposed", "confirmed", "rejected") if decided else ("proposed",)
    try:
        with write_lock(settings):
            content = load_content(settings.content_dir)
            if decision:
                items = resolve_ids(content, ids) if ids else list_relations(
                    content, statuses=statuses, article=content_path, company=company, predicate=predicate,
                    min_confidence=min_confidence)
                changed = decide(settings.content_dir, items, decision, by=_editor(by))
                for item in changed:
                    console.print(f"{decision}: {item.id} {escape(item.subject)} {escape(item.predicate)} "
                                  f"{escape(item.object)} (content/{escape(item.article)})", highlight=False, soft_wrap=True)
                console.print(f"{_count(len(changed), 'relation')} {decision}.")
                return
            items = list_relations(content, statuses=statuses, article=content_path, company=company,
                                   predicate=predicate, min_confidence=min_confidence)
            if as_json:
                for item in items:
                    print(json.dumps(item.as_json(), ensure_ascii=False))
                return
            if not items:
                console.print("Nothing to review.")
                return
            if not (interactive if interactive is not None else sys.stdin.isatty()):
                for number, item in enumerate(items, start=1):
                    _print_review_item(item, number)
                console.print(f"{len(items)} relations to review. Decide with: breachwire review --confirm ID… "
                              "or --reject ID…, or one by one with breachwire review -i", highlight=False, soft_wrap=True)
                return
            counts = {"confirmed": 0, "rejected": 0}
            for number, item in enumerate(items, start=1):
                _print_review_item(item, number)
                choice = ""
                while choice not in ("c", "r", "s", "q"):  # ends at end of input: prompt raises Abort
                    choice = typer.prompt("[c]onfirm, [r]eject, [s]kip, [q]uit", default="s").strip().lower()[:1]
                if choice == "q":
                    break
                if choice in "cr":
                    outcome = "confirmed" if choice == "c" else "rejected"
                    # Written at once: quitting half way keeps every decision made so far.
                    decide(settings.content_dir, [item], outcome, by=_editor(by))
                    counts[outcome] += 1
            console.print(f"{counts['confirmed']} confirmed, {counts['rejected']} rejected.")
    except (ReviewError, RunLocked) as exc:
        _fail(exc)


@app.command("merge-company")
def merge_company(
    source: str = typer.Argument(..., help="Slug of the duplicate company, e.g. open-ai."),
    target: str = typer.Argument(..., help="Slug of the company to keep, e.g. openai."),
) -> None:
    """Merge a duplicate company into another: aliases move over, every reference is rewritten, the old URL redirects."""
    from pipeline.merge import MergeError, merge_company as merge

    settings = _settings()
    try:
        with write_lock(settings):
            result = merge(settings.content_dir, source, target, state_dir=settings.state_dir)
            if settings.index_dir.exists():
                refresh_index(settings)
    except (MergeError, RunLocked) as exc:
        _fail(exc)
    for path in result.changed:
        console.print(f"rewrote content/{path}", highlight=False, soft_wrap=True)
    console.print(f"removed content/{result.removed}", highlight=False, soft_wrap=True)
    console.print(f"Merged {source} into {target}: {result.references} references rewritten in "
                  f"{len(result.changed)} files; companies/{source}.html now redirects to companies/{target}.html.",
                  highlight=False, soft_wrap=True)


incidents_app = typer.Typer(help="Group coverage into incidents.", no_args_is_help=True)
app.add_typer(incidents_app, name="incidents")


@incidents_app.command("suggest")
def incidents_suggest(
    ids: Optional[list[str]] = typer.Argument(None, help="Suggestion ids (or unique prefixes) to accept."),
    accept: bool = typer.Option(False, "--accept", help="Accept the given suggestions (or all, with --all)."),
    all_suggested: bool = typer.Option(False, "--all", help="With --accept: every suggestion listed."),
    as_json: bool = typer.Option(False, "--json", help="List as JSON lines."),
) -> None:
    """Propose incidents for unassigned articles, and new incidents for clusters of articles; accept with --accept."""
    from pipeline.incidents import IncidentError, accept as accept_suggestions, suggest
    from pipeline.scaffold import ScaffoldError

    settings = _settings()
    if ids and not accept:
        _fail(ValueError("say what to do with these ids — add --accept"), 2)
    if accept and not ids and not all_suggested:
        _fail(ValueError("give the ids to accept, or --all for every suggestion"), 2)
    try:
        with write_lock(settings):
            content = load_content(settings.content_dir)
            suggestions = suggest(content)
            if accept:
                chosen = ids or [s.id for s in (*suggestions.assignments, *suggestions.new_incidents)]
                for line in accept_suggestions(settings.content_dir, content, chosen):
                    console.print(line, highlight=False, soft_wrap=True)
                return
    except (IncidentError, ScaffoldError, RunLocked) as exc:
        _fail(exc)
    if as_json:
        for a in suggestions.assignments:
            print(json.dumps({"id": a.id, "kind": "assign", "article": a.article, "incident": a.incident,
                              "score": a.score, "reasons": list(a.reasons)}, ensure_ascii=False))
        for n in suggestions.new_incidents:
            print(json.dumps({"id": n.id, "kind": "new", "title": n.title, "slug": n.slug, "date": n.date.isoformat(),
                              "victims": list(n.victims), "articles": list(n.articles), "terms": list(n.terms)},
                             ensure_ascii=False))
        return
    if suggestions.assignments:
        console.print("[bold]Articles that look like coverage of an incident[/bold]")
    for a in suggestions.assignments:
        console.print(f"[bold]{a.id}[/bold]  content/{escape(a.article)} → {a.incident}  "
                      f"[dim]({a.score:.2f}: {escape('; '.join(a.reasons))})[/dim]", highlight=False, soft_wrap=True)
    if suggestions.new_incidents:
        console.print("[bold]Articles that look like a new incident[/bold]")
    for n in suggestions.new_incidents:
        console.print(f"[bold]{n.id}[/bold]  {escape(n.title)} → new incident {n.slug}, {n.date:%Y-%m-%d}, "
                      f"victims: {', '.join(n.victims) or 'unknown'}  [dim](shared terms: {escape(', '.join(n.terms))})[/dim]",
                      highlight=False, soft_wrap=True)
        for article in n.articles:
            console.print(f"    content/{escape(article)}", highlight=False, soft_wrap=True)
    if not suggestions.assignments and not suggestions.new_incidents:
        console.print("No suggestions: every article is assigned or stands alone.")
        return
    console.print("Accept with: breachwire incidents suggest --accept ID… (or --accept --all)", highlight=False)


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


@app.command()
def doctor() -> None:
    """Check Python, the installed packages against the lock, the model's hashes, the state folder and content/."""
    from pipeline.doctor import diagnose

    findings = diagnose(_settings())
    for finding in findings:
        mark = "[green]ok[/green]  " if finding.ok else "[red]FAIL[/red]"
        console.print(f"{mark} {finding.check:<9} {finding.detail}", highlight=False)
    if not all(f.ok for f in findings):
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    folder: Path = typer.Argument(..., help="A gold-set folder of annotated articles (see tests/gold/README.md)."),
    details: bool = typer.Option(False, "--details", help="Also list each article's missed and extra orgs and relations."),
    in_order: bool = typer.Option(False, "--in-order", help="Read the articles by date, each relevant one adding the "
                                  "companies it names to what the next ones know, as ingest's company stubs do."),
) -> None:
    """Score the extractor against a gold set: precision, recall and F1 for orgs and relations, relevance accuracy."""
    from pipeline.evaluate import GoldError, evaluate, report_lines
    from pipeline.model import load_nlp
    from pipeline.store import gazetteer_from

    settings = _settings()
    try:
        nlp = load_nlp()
        content = load_content(settings.content_dir)
        evaluation = evaluate(folder, nlp, gazetteer=gazetteer_from(content), is_relevant=_relevance(settings, content),
                              in_order=in_order)
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
