"""How fast newsdocs builds a news site, next to Pelican, ablog and plain Sphinx, in one run.

    python -m benchmarks.bench_build --articles 200 1000 --rounds 3   (or: nox -s bench -- ...)

benchmarks/build_corpus.py writes the same N articles as a newsdocs site, a Pelican project
(reST, Atom feeds), a Sphinx + ablog blog and a plain Sphinx project (default theme). Every
contender runs as a subprocess of this Python (so of the nox venv: versions are fixed), and
for each one a round measures

- a fresh build (output and caches removed first),
- a one-article rebuild: one article gets a new paragraph, then the same command runs again
  on the same output (for ``newsdocs build`` this includes copying the site to its staging
  directory and the publication check: that is what a newsroom waits for),
- the peak RSS of the build's largest process (``os.wait4``) and its CPU time.

Contenders alternate within a round and the order rotates between rounds; figures are
medians. Then ``newsdocs check`` reads the newsdocs site's pages next to a bare lxml parse
and vnu (benchmarks/bench_check.py's contenders). The machine is shared and noisy: ratios
within one run mean more than absolute seconds. The report goes to stdout and RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks.bench_check import (
    BASELINE,
    VNU,
    Contender,
    Run,
    bare_lxml,
    byte_compile_newsdocs,
    check_command,
    find_vnu,
    java_and_vnu,
    load_average,
    machine,
    run_process,
    vnu,
)
from benchmarks.build_corpus import Project, write_projects

HERE = Path(__file__).parent
DEFAULT_OUTPUT = HERE / "RESULTS.md"
DEFAULT_WORKDIR = HERE / "work"
PELICAN = "Pelican"
PELICAN_CACHED = "Pelican, content cache on"
SPHINX = "plain Sphinx (`sphinx-build -b html`)"
NEWSDOCS_SERIAL = "newsdocs build -j 1"
CHECK_SERIAL = "`newsdocs check -j 1`"
KIB_PER_MIB = 1024
EDITED_ARTICLE = 0.5  # which article the rebuild edits: the one halfway through the plan


@dataclass
class Build:
    """One contender: the command that builds its project, and what to remove for a fresh build."""

    name: str
    project: Project
    command: list[str]
    outputs: list[Path]  # removed before every fresh build
    incremental: bool = True
    fresh: list[Run] = field(default_factory=list)
    rebuild: list[Run] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    pages: int = 0

    def timed(self) -> Run | None:
        process = run_process(self.command, cwd=self.project.root)
        if process.returncode != 0:
            tail = (process.stderr or process.stdout).strip().splitlines()[-5:]
            self.failures.append(f"exit {process.returncode}: " + " / ".join(tail))
            return None
        return Run(process.seconds, process.cpu_seconds, process.peak_rss_kib)

    def round(self, edit_note: str) -> None:
        for output in self.outputs:
            shutil.rmtree(output, ignore_errors=True)
        fresh = self.timed()
        if fresh is None:
            return
        self.fresh.append(fresh)
        if not self.incremental:
            return
        article = self.project.articles[int(len(self.project.articles) * EDITED_ARTICLE)]
        original = article.read_text("utf-8")
        article.write_text(original + f"\n{edit_note}\n", "utf-8")
        try:
            rebuild = self.timed()
        finally:
            article.write_text(original, "utf-8")
        if rebuild is not None:
            self.rebuild.append(rebuild)


def python(*arguments: str) -> list[str]:
    return [sys.executable, *arguments]


def contenders(projects: dict[str, Project], workdir: Path, jobs: int) -> list[Build]:
    site, pelican = projects["newsdocs"].root, projects["pelican"].root
    out, epub = workdir / "out-newsdocs", workdir / "out-newsdocs-epub"

    def newsdocs(name: str, destination: Path, *options: str, incremental: bool = True) -> Build:
        suffixes = (".doctrees", ".staging", ".doctrees.staging")
        staged = [destination, *(destination.with_name(destination.name + s) for s in suffixes)]
        command = python(
            "-m", "newsdocs", "build", str(site), "-q", "--out", str(destination), *options
        )
        return Build(name, projects["newsdocs"], command, staged, incremental)

    builds = [newsdocs(NEWSDOCS_SERIAL, out, "-j", "1")]
    if jobs > 1:
        builds.append(newsdocs(f"newsdocs build -j {jobs}", out.with_name(f"{out.name}-j"),
                               "-j", str(jobs)))  # fmt: skip
    builds += [
        Build(
            PELICAN,
            projects["pelican"],
            python("-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"),
            [pelican / "output"],
        ),
        Build(
            PELICAN_CACHED,
            projects["pelican"],
            python(
                "-m",
                "pelican",
                "content",
                "-o",
                "output-cached",
                "-s",
                "pelicanconf_cached.py",
                "-q",
            ),
            [pelican / "output-cached", pelican / "cache"],
        ),
        Build(
            "ablog (Sphinx + ablog)",
            projects["ablog"],
            python("-m", "sphinx", "-b", "html", "-q", ".", str(workdir / "out-ablog")),
            [workdir / "out-ablog"],
        ),
        Build(
            SPHINX,
            projects["sphinx"],
            python("-m", "sphinx", "-b", "html", "-q", ".", str(workdir / "out-sphinx")),
            [workdir / "out-sphinx"],
        ),
        newsdocs("newsdocs build --format epub", epub, "--format", "epub", incremental=False),
    ]
    return builds


# --- The report -------------------------------------------------------------------------------


def median(runs: list[Run], attribute: str) -> float | None:
    values = [getattr(run, attribute) for run in runs if getattr(run, attribute) is not None]
    return statistics.median(values) if values else None


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _ratio(value: float | None, baseline: float | None) -> str:
    if value is None or not baseline:
        return "—"
    return f"{value / baseline:.2f}x"


def _mib(kib: float | None) -> str:
    return "—" if kib is None else f"{kib / KIB_PER_MIB:.0f}"


def build_table(builds: list[Build]) -> str:
    by_name = {build.name: build for build in builds}

    def fresh(name: str) -> float | None:
        return median(by_name[name].fresh, "seconds") if name in by_name else None

    def rebuild(name: str) -> float | None:
        return median(by_name[name].rebuild, "seconds") if name in by_name else None

    rows = [
        "| contender | pages | fresh s | ÷ Pelican | ÷ Sphinx | fresh CPU s | rebuild s "
        "| ÷ Pelican (cached) | ÷ Sphinx | peak RSS MiB | fresh s, each round |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for build in builds:
        seconds = median(build.fresh, "seconds")
        again = median(build.rebuild, "seconds")
        rss = max((run.peak_rss_kib or 0 for run in build.fresh + build.rebuild), default=None)
        rounds = ", ".join(f"{run.seconds:.2f}" for run in build.fresh)
        name = build.name if not build.failures else f"{build.name} (failed: see below)"
        rows.append(
            f"| {name} | {build.pages or '—'} | {_seconds(seconds)} "
            f"| {_ratio(seconds, fresh(PELICAN))} | {_ratio(seconds, fresh(SPHINX))} "
            f"| {_seconds(median(build.fresh, 'cpu_seconds'))} | {_seconds(again)} "
            f"| {_ratio(again, rebuild(PELICAN_CACHED))} | {_ratio(again, rebuild(SPHINX))} "
            f"| {_mib(rss or None)} | {rounds} |"
        )
    return "\n".join(rows)


def check_table(checkers: list[Contender], pages: int) -> str:
    baseline = pages / checkers[0].median_seconds
    cpu_baseline = pages / max(checkers[0].median_cpu_seconds, 1e-9)
    by_name = {checker.name: checker for checker in checkers}
    vnu_speed = pages / by_name[VNU].median_seconds if VNU in by_name else None
    rows = [
        "| reader | s | pages/s | ÷ bare lxml | ÷ vnu | CPU s | pages/CPU-s ÷ bare lxml "
        "| peak RSS MiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for checker in checkers:
        speed = pages / checker.median_seconds
        cpu_speed = pages / max(checker.median_cpu_seconds, 1e-9)
        rows.append(
            f"| {checker.name} | {checker.median_seconds:.2f} | {speed:.0f} "
            f"| {speed / baseline:.2f}x | {_ratio(speed, vnu_speed)} "
            f"| {checker.median_cpu_seconds:.2f} | {cpu_speed / cpu_baseline:.2f}x "
            f"| {_mib(checker.median_rss_kib)} |"
        )
    return "\n".join(rows)


def findings_lines(checkers: list[Contender]) -> list[str]:
    lines = []
    for checker in checkers[1:]:
        last = checker.runs[-1]
        count = "unknown (it failed)" if last.findings is None else str(last.findings)
        lines.append(f"- {checker.name}: {count} {'errors' if checker.name == VNU else 'findings'}")
        lines.extend(f"  - `{example}`" for example in last.examples[:5])
    return lines


# --- Running ----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Every contender's runs on the corpus of ``count`` articles."""

    count: int
    builds: list[Build]
    checkers: list[Contender]
    pages: int

    def build(self, name: str) -> Build | None:
        return next((build for build in self.builds if build.name == name), None)

    def checker(self, name: str) -> Contender | None:
        return next((checker for checker in self.checkers if checker.name == name), None)


def chosen(builds: list[Build], only: Sequence[str]) -> list[Build]:
    """The builds whose names contain one of ``only`` (all of them when it is empty)."""
    if not only:
        return builds
    return [build for build in builds if any(word.lower() in build.name.lower() for word in only)]


def run_size(count: int, arguments: argparse.Namespace, jar: Path | None) -> SizeResult:
    """Write the projects of ``count`` articles and time every contender on them."""
    workdir = arguments.workdir / f"articles-{count}"
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"Writing {count} articles as four projects in {workdir}")
    projects = write_projects(workdir, count, arguments.seed)
    builds = chosen(contenders(projects, workdir, arguments.jobs), arguments.only)
    for round_index in range(arguments.rounds):
        shift = round_index % len(builds)
        for build in builds[shift:] + builds[:shift]:
            build.round(f"Editor's note: this article was updated in round {round_index + 1}.")
            fresh = f"{build.fresh[-1].seconds:.2f} s" if build.fresh else "failed"
            again = f", rebuild {build.rebuild[-1].seconds:.2f} s" if build.rebuild else ""
            print(f"  {count} articles, round {round_index + 1}: {build.name}: {fresh}{again}")
    for build in builds:
        output = build.outputs[0]
        build.pages = sum(1 for _ in output.rglob("*.html")) if output.is_dir() else 0

    site = builds[0].outputs[0]  # the first contender's output: `newsdocs build -j 1` by default
    pages = sorted(site.rglob("*.html"))
    checkers = [
        Contender(BASELINE, lambda: bare_lxml(pages)),
        Contender(CHECK_SERIAL, lambda: check_command(site, 1)),
        Contender(
            f"`newsdocs check -j {arguments.jobs}`", lambda: check_command(site, arguments.jobs)
        ),
    ]
    if jar is not None:
        checkers.append(Contender(VNU, lambda: vnu(jar, site)))
    if pages:
        bare_lxml(pages)  # warm the page cache before anything is timed
        for round_index in range(arguments.rounds):
            shift = round_index % len(checkers)
            for checker in checkers[shift:] + checkers[:shift]:
                checker.runs.append(checker.run())
    return SizeResult(count, builds, checkers if pages else [], len(pages))


def size_section(result: SizeResult) -> list[str]:
    """The report's section on one corpus size."""
    builds, checkers = result.builds, result.checkers
    lines = [
        f"## {result.count} articles",
        "",
        build_table(builds),
        "",
    ]
    failures = [f"- {build.name}: {failure}" for build in builds for failure in build.failures]
    if failures:
        lines += ["Failures:", "", *failures, ""]
    if checkers:
        lines += [
            f"### Reading the {result.pages} pages of the newsdocs site",
            "",
            check_table(checkers, result.pages),
            "",
            "Findings on the built site (it should be clean):",
            "",
            *findings_lines(checkers),
            "",
        ]
    return lines


def targets_section(results: list[SizeResult], jobs: int) -> list[str]:
    """Issue #7's targets, each a ratio of figures from this run, and whether it is met."""
    small, large = results[0], results[-1]
    newsdocs = [
        name for name in (NEWSDOCS_SERIAL, f"newsdocs build -j {jobs}") if large.build(name)
    ]
    rows: list[tuple[str, float | None, str, bool | None]] = []

    def fresh(result: SizeResult, name: str) -> float | None:
        build = result.build(name)
        return median(build.fresh, "seconds") if build else None

    def rebuild(result: SizeResult, name: str) -> float | None:
        build = result.build(name)
        return median(build.rebuild, "seconds") if build else None

    def ratio(value: float | None, baseline: float | None) -> float | None:
        return value / baseline if value is not None and baseline else None

    def add(target: str, value: float | None, goal: float, at_most: bool = True) -> None:
        met = None if value is None else (value <= goal if at_most else value >= goal)
        rows.append((target, value, f"{'≤' if at_most else '≥'} {goal:.2f}", met))

    for name in newsdocs:
        add(
            f"{name}: fresh at {large.count} ÷ Pelican",
            ratio(fresh(large, name), fresh(large, PELICAN)),
            1.0,
        )
        add(
            f"{name}: one-article rebuild at {large.count} ÷ Pelican (cached)",
            ratio(rebuild(large, name), rebuild(large, PELICAN_CACHED)),
            0.5,
        )
        if small is not large:
            growth = large.count / small.count
            add(
                f"{name}: fresh at {large.count} ÷ fresh at {small.count}",
                ratio(fresh(large, name), fresh(small, name)),
                1.1 * growth,
            )
            add(
                f"{name}: rebuild at {large.count} ÷ rebuild at {small.count}",
                ratio(rebuild(large, name), rebuild(small, name)),
                2.0,
            )
    serial, parallel = large.checker(CHECK_SERIAL), large.checker(f"`newsdocs check -j {jobs}`")
    baseline, vnu_run = large.checker(BASELINE), large.checker(VNU)
    if serial and baseline:
        add(
            "`newsdocs check -j 1` pages/CPU-s ÷ bare lxml",
            ratio(baseline.median_cpu_seconds, serial.median_cpu_seconds),
            0.5,
            at_most=False,
        )
    if serial and vnu_run:
        add(
            "`newsdocs check -j 1` pages/s ÷ vnu",
            ratio(vnu_run.median_seconds, serial.median_seconds),
            20.0,
            at_most=False,
        )
    if serial and parallel and jobs > 1:
        add(
            f"`newsdocs check -j {jobs}` pages/s ÷ `-j 1`",
            ratio(serial.median_seconds, parallel.median_seconds),
            1.0,
            at_most=False,
        )
    small_serial = small.checker(CHECK_SERIAL)
    if small is not large and serial and small_serial:
        add(
            f"`newsdocs check -j 1` peak RSS at {large.count} ÷ at {small.count}",
            ratio(serial.median_rss_kib, small_serial.median_rss_kib),
            1.25,
        )
    lines = [
        "## Issue #7's targets",
        "",
        "Each figure is a ratio of two medians from this run. Scaling with cores needs idle "
        "cores: on a shared machine the parallel figures understate it.",
        "",
        "| target | measured | goal | met |",
        "| --- | ---: | ---: | --- |",
    ]
    for target, value, goal, met in rows:
        verdict = "—" if met is None else ("yes" if met else "**no**")
        shown = "—" if value is None else f"{value:.2f}"
        lines.append(f"| {target} | {shown} | {goal} | {verdict} |")
    return [*lines, ""]


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--articles", type=int, nargs="+", default=[200, 1000], help="corpus sizes to build"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every contender")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes of the parallel runs"
    )
    parser.add_argument(
        "--vnu-jar", default=os.environ.get("NEWSDOCS_VNU_JAR"), help="the vnu.jar to compare with"
    )
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="projects go here")
    parser.add_argument(
        "--only",
        nargs="+",
        default=[],
        metavar="WORD",
        help="run only the contenders whose names contain one of these words (newsdocs pelican)",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="where the Markdown report goes"
    )
    arguments = parser.parse_args(argv)
    if min(arguments.articles) < 2 or arguments.rounds < 1 or arguments.jobs < 1:
        parser.error("--articles must be at least 2, --rounds and --jobs at least 1")
    return arguments


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("newsdocs", "sphinx", "docutils", "pelican", "ablog"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} (not installed)")
    return "- " + ", ".join(found)


def main(argv: Sequence[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    byte_compile_newsdocs()
    jar, vnu_note = find_vnu(arguments.vnu_jar)
    load_at_start = load_average()
    results = [run_size(count, arguments, jar) for count in sorted(arguments.articles)]
    sections = [line for result in results for line in size_section(result)]
    sections += targets_section(results, arguments.jobs)
    rounds = arguments.rounds
    report = "\n".join(
        [
            "# Build speed: newsdocs, Pelican, ablog and plain Sphinx",
            "",
            "Written by `python -m benchmarks.bench_build` (`nox -s bench`); rerun it rather "
            "than editing this file.",
            "",
            f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            *machine((load_at_start, load_average())),
            versions(),
            java_and_vnu(jar) if jar is not None else f"- {vnu_note}",
            f"- {rounds} round{'s' if rounds != 1 else ''}; contenders alternate, the order "
            "rotating each round; figures are medians",
            "",
            "The same articles (benchmarks/build_corpus.py, seed "
            f"{arguments.seed}: ~800 words, 1-2 figures, lists, a fact box, a block quote, "
            "links to other articles; interviews, pull quotes and corrections in some) built by "
            "each contender. fresh: output and caches removed first. rebuild: one article "
            "edited, the same command again on the same output. ÷ columns: this row's seconds "
            "over the named contender's from the same run (above 1: slower); rebuilds are "
            "compared with Pelican's cached mode, its incremental one. `newsdocs build` "
            "includes its staging copy and the publication check of every page. pages: HTML "
            "files written. Peak RSS: the largest process of any run.",
            "",
            *sections,
        ]
    )
    print()
    print(report)
    arguments.output.write_text(report, "utf-8")
    print(f"Written to {arguments.output}")


if __name__ == "__main__":
    main()
