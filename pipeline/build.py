"""Build the static site with mkdocs (the generated pages come from pipeline.site)."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Settings
from pipeline.entries import load_content


class BuildError(Exception):
    """mkdocs refused to build the site."""


def build_site(settings: Settings, *, site_dir: Path | None = None, content_dir: Path | None = None) -> Path:
    """Run `mkdocs build --strict` on the project's mkdocs.yml; return the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site_dir = site_dir or settings.site_dir
    # Checked here as well as in the site plugin, so the caller gets every problem, not mkdocs' "Aborted".
    content = load_content(content_dir or settings.content_dir)
    problems = [p for p in content.problems if p.severity == "error"]
    if problems:
        raise BuildError(
            "content/ has entries that do not validate; fix them before building:\n"
            + "\n".join(str(p) for p in problems)
        )
    overrides = {"site_dir": str(site_dir), "strict": True}
    if content_dir:
        overrides["docs_dir"] = str(content_dir)
    try:
        config = load_config(str(settings.mkdocs_config), **overrides)
        site_plugin = config.plugins.get("breachwire")
        if site_plugin is not None:
            site_plugin.preloaded = content  # read and checked above: a large archive is not read twice
        # As `mkdocs build` does: mkdocs keeps plugin instances for the whole process, so a build must
        # not inherit the command of an earlier `serve` in the same process (which would publish drafts).
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise BuildError(f"mkdocs build failed: {exc}") from exc
    except SystemExit as exc:  # mkdocs' Abort subclasses click's exit on some paths
        raise BuildError(f"mkdocs build aborted ({exc})") from exc
    return site_dir
