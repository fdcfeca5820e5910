"""The ``newsdocs`` command: a thin layer over the Sphinx extension and the checker."""

from __future__ import annotations

import gc
import sys
import tempfile
import traceback
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO

import typer

from newsdocs.check.config import CheckConfig, ConfigError, find_pyproject
from newsdocs.check.engine import CheckResult, UsageError, check_paths
from newsdocs.check.registry import RULES_BY_ID

# The checker's reports and progress bar (rich) are imported where they are used: a build,
# which runs on every edit, needs neither.
if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from newsdocs.check import report

app = typer.Typer(
    name="newsdocs",
    help="Publish a newsroom like a documentation team.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """The ``newsdocs`` command, as installed and as ``python -m newsdocs``."""
    try:
        app(prog_name="newsdocs")
    finally:
        # What is left when the command ends (a build's millions of linked docutils nodes)
        # goes with the process: Python's last garbage collection would take two seconds
        # to walk them at 1,000 articles.
        gc.freeze()


def fail(message: str, code: int = 2) -> NoReturn:
    """End the command with one clear line on stderr (never a traceback)."""
    typer.echo(f"newsdocs: error: {message}", err=True)
    raise typer.Exit(code)


# --- newsdocs check / newsdocs rules ---------------------------------------------------------

PROGRESS_FROM = 20  # fewer documents than this finish before a progress bar would help


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def show_summary_table(
    report_format: str, *, to_file: bool, stdout_terminal: bool, stderr_terminal: bool
) -> bool:
    """Whether to add the rule summary table (on stderr) for a person watching.

    Only on a terminal, and never where it would mix into a report read by a machine or kept
    in a CI log: the report must go to a file, or be text shown on the terminal.
    """
    if not stderr_terminal:
        return False
    return to_file or (report_format == "text" and stdout_terminal)


@app.command("check")
def check_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="HTML files, directories (searched recursively) and .epub files.",
            show_default=False,
        ),
    ],
    report_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Report format: text, json, sarif (code scanning) or junit (CI dashboards).",
            metavar="text|json|sarif|junit",
        ),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file, not stdout."),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="The pyproject.toml to read the tool.newsdocs.check table from. Default: the "
            "nearest one at or above the current directory that has that table.",
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Check only this rule id (repeatable, or comma-separated); replaces the "
            "config's select and overrides its ignore for these ids.",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", help="Do not check this rule id (repeatable); adds to the config."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes. Default: all cores."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not just errors.")
    ] = False,
) -> None:
    """Check HTML pages, sites and EPUBs before they are published.

    Exit status 0: no finding is an error.
    Exit status 1: a finding is an error (with --strict: there is any finding).
    Exit status 2: the check could not run (missing path, bad option or config).
    """
    from newsdocs.check import report

    try:
        chosen_format = report.ReportFormat(report_format.lower())
    except ValueError:
        fail(f"--format must be one of text, json, sarif, junit, not {report_format!r}")
    if jobs is not None and jobs < 1:
        fail(f"--jobs must be at least 1, not {jobs}")
    config = _check_config(config_file, select or [], ignore or [])
    result = _run_check(paths, config, jobs)
    rendered = report.render(result, chosen_format, strict=strict)
    _write_report(rendered, output)
    _tell_person(result, chosen_format, output)
    failed = any(report.fails(finding, strict=strict) for finding in result.findings)
    raise typer.Exit(1 if failed else 0)


def _check_config(config_file: Path | None, select: list[str], ignore: list[str]) -> CheckConfig:
    """The config file's settings with --select/--ignore merged over them."""
    pyproject = config_file if config_file is not None else find_pyproject(Path.cwd())
    try:
        config = CheckConfig.from_pyproject(pyproject) if pyproject else CheckConfig()
    except ConfigError as error:
        fail(str(error))
    selected = _rule_ids("--select", select)
    ignored = _rule_ids("--ignore", ignore)
    if selected:
        config = replace(config, select=selected, ignore=config.ignore - selected)
    return replace(config, ignore=config.ignore | ignored)


def _rule_ids(option: str, values: list[str]) -> frozenset[str]:
    ids = frozenset(part.strip() for value in values for part in value.split(",") if part.strip())
    unknown = sorted(ids - set(RULES_BY_ID))
    if unknown:
        fail(f"{option}: unknown rule id {', '.join(unknown)} (see `newsdocs rules`)")
    return ids


def _run_check(paths: list[Path], config: CheckConfig, jobs: int | None) -> CheckResult:
    progress = _Progress(enabled=is_terminal(sys.stderr))
    try:
        return check_paths(
            paths, config, jobs=jobs, on_start=progress.start, on_document=progress.advance
        )
    except UsageError as error:
        fail(str(error))
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
    except Exception as error:  # a bug: still one line and exit 2, never a traceback
        fail(f"internal error ({type(error).__name__}: {error}); please report it")
    finally:
        progress.stop()


class _Progress:
    """A transient rich progress bar on stderr, only on a terminal and for many documents."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        if not self.enabled or total < PROGRESS_FROM:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress(
            "Checking",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("check", total=total)
        self._bar.start()

    def advance(self) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _write_report(rendered: str, output: Path | None) -> None:
    data = rendered.encode("utf-8")
    if output is None:
        typer.echo(data, nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        fail(f"cannot write the report to {output}: {error.strerror or error}")


def _tell_person(
    result: CheckResult, report_format: report.ReportFormat, output: Path | None
) -> None:
    """What goes to stderr besides errors: the summary when the report went to a file, and
    the table when a person is watching."""
    from rich.console import Console

    from newsdocs.check import report

    if output is not None:
        typer.echo(report.summary_line(result), err=True)
    if (
        show_summary_table(
            report_format,
            to_file=output is not None,
            stdout_terminal=is_terminal(sys.stdout),
            stderr_terminal=is_terminal(sys.stderr),
        )
        and result.findings
    ):
        Console(stderr=True).print(report.summary_table(result))


@app.command("rules")
def rules_command(
    report_format: Annotated[
        str, typer.Option("--format", help="text or json.", metavar="text|json")
    ] = "text",
) -> None:
    """List every rule the checker knows: its id, default severity and what it catches."""
    from newsdocs.check import report

    try:
        chosen_format = report.RulesFormat(report_format.lower())
    except ValueError:
        fail(f"--format must be text or json, not {report_format!r}")
    typer.echo(report.render_rules(chosen_format), nl=False)


# ---- building and writing (the Sphinx side) -------------------------------------------------


@app.command()
def build(
    site: Annotated[
        Path, typer.Argument(help="The site directory (the one with conf.py).")
    ] = Path(),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Where the site (or the EPUB edition) goes. Default: SITE/_build/html, or "
            "SITE/_build/epub with --format epub.",
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="html: the news site; epub: the EPUB edition; all: the site, with the "
            "edition in OUT/edition/.",
            metavar="html|epub|all",
        ),
    ] = "html",
    since: Annotated[
        str | None,
        typer.Option(
            help="EPUB edition: only articles published on or after this date (YYYY-MM-DD) "
            "or timestamp.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="EPUB edition: only articles published on or before this date or timestamp.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes to use.")] = 1,
    strict: Annotated[bool, typer.Option(help="Warnings fail the build too.")] = False,
    drafts: Annotated[
        bool, typer.Option(help="Include drafts and articles dated in the future (previews).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only print problems.")] = False,
) -> None:
    """Build the news site, check every page, and publish it to OUT only if all is well.

    Problems are printed as `path.rst:LINE: message`. On any error (or warning, with
    --strict) the previous contents of OUT are left exactly as they were. Exit 0 when
    published, 1 when not.

    --format epub builds the EPUB edition instead (OUT/<paper>-<date>.epub): the public
    articles by section, newest first; --since and --until choose them by date.
    """
    from newsdocs import publish

    collect_garbage_less_often()
    chosen = output_format.lower()
    if chosen not in BUILD_FORMATS:
        fail(f"--format must be html, epub or all, not {output_format!r}")
    overrides = _edition_overrides(since, until)
    if overrides and chosen == "html":
        fail("--since and --until choose the EPUB edition's articles; add --format epub or all")
    request = publish.BuildRequest(
        site=site,
        out=out if out is not None else site / "_build" / ("epub" if chosen == "epub" else "html"),
        builder=BUILD_FORMATS[chosen],
        jobs=jobs,
        strict=strict,
        drafts=drafts,
        overrides=overrides,
        edition=chosen == "all",
    )
    try:
        outcome = publish.build(request, status=None if quiet else sys.stdout, warning=sys.stderr)
    except publish.PublishError as error:
        fail(str(error), 1)
    except Exception as error:  # a bug in newsdocs or another extension: keep the report
        fail(f"internal error: {error!r}\n{_save_traceback()}", 1)
    if outcome.published:
        typer.echo(f"Published {outcome.out} ({_plural(outcome.warnings, 'warning')}).")
        if outcome.edition is not None:
            typer.echo(f"The EPUB edition is {outcome.edition}.")
        raise typer.Exit(0)
    reason = _plural(outcome.errors, "error")
    if strict and outcome.warnings:
        reason += f", {_plural(outcome.warnings, 'warning')} (--strict)"
    fail(f"build failed: {reason}. {outcome.out} was left as it was.", 1)


BUILD_FORMATS = {"html": "newshtml", "epub": "newsepub", "all": "newshtml"}


def collect_garbage_less_often() -> None:
    """A build makes millions of docutils nodes that live until it ends, and Python's default
    thresholds walk them again every 700 allocations: about a tenth of a build's time."""
    gc.set_threshold(20_000, 10, 10)


def _edition_overrides(since: str | None, until: str | None) -> dict[str, str]:
    """--since/--until as conf.py overrides, refused here if they cannot be read."""
    from newsdocs.dates import DateError
    from newsdocs.epub.edition import Bound, EditionError, Selection, parse_bound

    given = {
        "newsdocs_edition_since": ("--since", since),
        "newsdocs_edition_until": ("--until", until),
    }
    bounds: dict[str, Bound] = {}
    for name, (option, value) in given.items():
        if value is not None:
            try:
                bounds[name] = parse_bound(value)
            except DateError as error:
                fail(f"{option}: {error}")
    try:
        Selection(bounds.get("newsdocs_edition_since"), bounds.get("newsdocs_edition_until"))
    except EditionError as error:
        fail(str(error))
    return {name: str(value) for name, (_, value) in given.items() if value is not None}


@app.command()
def new(
    directory: Annotated[Path, typer.Argument(help="A new, empty directory for the site.")],
    name: Annotated[str, typer.Option(help="The publication's name.")] = "The Daily Example",
) -> None:
    """Start a new news site that builds cleanly: conf.py, a front page, one article."""
    from newsdocs import scaffold

    try:
        written = scaffold.new_site(directory, name, datetime.now().astimezone())
    except (scaffold.ScaffoldError, OSError) as error:
        fail(str(error), 1)
    for path in written:
        typer.echo(f"wrote {path}")
    typer.echo(f"Build it with: newsdocs build {directory}")


@app.command()
def article(
    headline: Annotated[str, typer.Argument(help="The headline.")],
    section: Annotated[str, typer.Option(help="A section id from newsdocs_sections.")],
    author: Annotated[str, typer.Option(help="An author id from newsdocs_authors.")],
    site: Annotated[Path, typer.Option(help="The site directory.")] = Path(),
) -> None:
    """Write a new draft article, dated now, at SITE/articles/<slug>.rst."""
    from sphinx.config import Config
    from sphinx.errors import SphinxError
    from sphinx.util.tags import Tags

    from newsdocs import scaffold

    try:
        config = Config.read(site.resolve(), overrides={}, tags=Tags())
    except (SphinxError, OSError) as error:
        fail(f"{site / 'conf.py'}: {error}", 1)
    raw = config._raw_config
    sections = raw.get("newsdocs_sections", {})
    authors = raw.get("newsdocs_authors", {})
    if section not in sections:
        fail(f"unknown section {section!r} (sections: {', '.join(sections)})", 1)
    if author not in authors:
        fail(f"unknown author {author!r} (authors: {', '.join(authors)})", 1)
    try:
        path = scaffold.new_article(site, headline, section, author, datetime.now().astimezone())
    except (scaffold.ScaffoldError, OSError) as error:
        fail(str(error), 1)
    typer.echo(f"wrote {path} (a draft: remove ':status: draft' to publish)")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _save_traceback() -> str:
    with tempfile.NamedTemporaryFile(
        "w", prefix="newsdocs-err-", suffix=".log", delete=False
    ) as stream:
        stream.write(traceback.format_exc())
    return f"The full report is in {stream.name}; please include it when reporting the bug."


# ---- newsdocs serve: live preview (sphinx-autobuild) ----------------------------------------


@app.command()
def serve(
    site: Annotated[
        Path, typer.Argument(help="The site directory (the one with conf.py).")
    ] = Path(),
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The port to serve on (0: any free port).")
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(help="The address to listen on. The default lets only this computer in."),
    ] = "127.0.0.1",
    drafts: Annotated[
        bool, typer.Option(help="Include drafts and articles dated in the future.")
    ] = False,
) -> None:
    """Preview the site while you write: rebuild on every save and reload the browser.

    The preview is built into SITE/_build/preview, never into the published output, and the
    publication gate's findings are printed after each rebuild. Stop it with Ctrl+C.
    """
    from newsdocs import preview

    if not (site / "conf.py").is_file():
        fail(f"{site}: no conf.py here; is this a newsdocs site?", 1)
    try:
        preview.serve(site.resolve(), host=host, port=port, drafts=drafts)
    except KeyboardInterrupt:  # Ctrl+C during the first build: stopping is not an error
        raise typer.Exit(0) from None
    raise typer.Exit(0)


if __name__ == "__main__":  # pragma: no cover
    app()
