"""How fast `newsdocs check` is, next to a bare lxml parse-and-walk and vnu, in one run.

    python -m benchmarks.bench_check --pages 1000 --rounds 3     (or: nox -s bench_check -- ...)

One corpus of generated news pages (benchmarks/corpus.py) is checked by every contender:

1. bare lxml: parse each page with ``lxml.etree.HTMLParser`` and visit every element (one
   core). This is the baseline: no checker can read pages faster than its parser.
2. ``check_paths(..., jobs=1)`` in this process (one core).
3. ``check_paths(..., jobs=<cores>)`` in this process (worker start-up included).
4. the ``newsdocs check`` command as a subprocess (interpreter start-up and imports included).
5. vnu, the Nu Html Checker (JVM start-up included), where Java and its jar are installed.

The machine this runs on is shared and noisy, so contenders alternate within each round (the
order rotates from round to round), every figure is the median of the rounds, and speed is
given as ratios to the baseline measured in the same run, never as absolute targets. It is a
report, not a test: nothing is asserted. The table goes to stdout and to CHECK_RESULTS.md.
CPU time (user + system, all processes of a run) is reported next to wall time: when other
work shares the machine, it moves far less. ``--workdir benchmarks/work`` keeps the corpus.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from time import perf_counter

from lxml import etree

from benchmarks.corpus import write_html_corpus
from newsdocs.check import CheckConfig, check_paths
from newsdocs.check.context import CheckContext
from newsdocs.check.engine import discover, load_document
from newsdocs.check.findings import Finding
from newsdocs.check.registry import CHECKERS
from newsdocs.check.suppress import Suppressions

HERE = Path(__file__).parent
DEFAULT_OUTPUT = HERE / "CHECK_RESULTS.md"
VNU_JAR_VARIABLE = "NEWSDOCS_VNU_JAR"
BASELINE = "bare lxml parse + walk (1 core)"
VNU = "vnu (JVM start-up included)"
SHOWN_FINDINGS = 10
KIB_PER_MIB = 1024


@dataclass(frozen=True, slots=True)
class Run:
    """One timed run of one contender. ``peak_rss_kib`` is known for subprocesses only: the
    resident set of the largest process of the run (a parallel run's workers included)."""

    seconds: float
    cpu_seconds: float  # user + system time of every process of the run
    peak_rss_kib: int | None = None
    findings: int | None = None  # None: not a checker, or it failed to report
    examples: tuple[str, ...] = ()  # the first few findings, to show in the report


@dataclass
class Contender:
    name: str
    run: Callable[[], Run]
    runs: list[Run] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(run.cpu_seconds for run in self.runs)

    @property
    def median_rss_kib(self) -> float | None:
        known = [run.peak_rss_kib for run in self.runs if run.peak_rss_kib is not None]
        return statistics.median(known) if known else None


@dataclass(frozen=True, slots=True)
class Process:
    seconds: float
    cpu_seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_rss_kib: int


def run_process(command: Sequence[str], cwd: Path) -> Process:
    """Run a command to its end: its wall and CPU time, and the peak RSS of its largest process.

    ``os.wait4`` reports the child's usage together with that of the children it waited for
    (a worker pool's processes), so no other process of this run skews the figure.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Process(
            seconds,
            usage.ru_utime + usage.ru_stime,
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss,  # KiB on Linux
        )


# --- The contenders --------------------------------------------------------------------------


def cpu_time() -> float:
    """User + system time of this process and of the children it has waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def bare_lxml(pages: Sequence[Path]) -> Run:
    start, cpu = perf_counter(), cpu_time()
    parser = etree.HTMLParser()
    for page in pages:
        root = etree.fromstring(page.read_bytes(), parser)
        for _element in root.iter():
            pass
    return Run(perf_counter() - start, cpu_time() - cpu)


def check_in_process(corpus: Path, jobs: int) -> Run:
    start, cpu = perf_counter(), cpu_time()  # the worker pool is waited for before it returns
    result = check_paths([corpus], CheckConfig(), jobs=jobs)
    seconds, cpu_seconds = perf_counter() - start, cpu_time() - cpu
    examples = tuple(
        f"{f.path}:{f.line} [{f.rule}] {f.message}" for f in result.findings[:SHOWN_FINDINGS]
    )
    return Run(seconds, cpu_seconds, findings=len(result.findings), examples=examples)


def newsdocs_command(corpus: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsdocs",
        "check",
        str(corpus),
        "--format",
        "json",
        "-j",
        str(jobs),
    ]


def check_command(corpus: Path, jobs: int) -> Run:
    # Run from the corpus's parent: no pyproject.toml there, so the default config applies,
    # as it does for check_paths above.
    process = run_process(newsdocs_command(corpus, jobs), cwd=corpus.parent)
    try:
        found = json.loads(process.stdout)["findings"]
    except (ValueError, KeyError, TypeError):  # the command failed: show what it said
        failure = (process.stderr.strip()[:500],)
        return Run(process.seconds, process.cpu_seconds, process.peak_rss_kib, None, failure)
    examples = tuple(
        f"{f['path']}:{f['line']} [{f['rule']}] {f['message']}" for f in found[:SHOWN_FINDINGS]
    )
    return Run(process.seconds, process.cpu_seconds, process.peak_rss_kib, len(found), examples)


def vnu_command(jar: Path, corpus: Path) -> list[str]:
    return ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", str(corpus)]


def vnu(jar: Path, corpus: Path) -> Run:
    process = run_process(vnu_command(jar, corpus), cwd=corpus.parent)
    errors = [line for line in process.stderr.splitlines() if ": error:" in line]
    examples = tuple(errors[:SHOWN_FINDINGS])
    return Run(process.seconds, process.cpu_seconds, process.peak_rss_kib, len(errors), examples)


def find_vnu(jar: str | None) -> tuple[Path | None, str]:
    """The vnu jar to run, or None and why vnu is left out."""
    if not jar:
        return None, f"vnu skipped: no jar given (--vnu-jar or ${VNU_JAR_VARIABLE})"
    if not Path(jar).is_file():
        return None, f"vnu skipped: {jar} does not exist"
    if shutil.which("java") is None:
        return None, "vnu skipped: java is not installed"
    return Path(jar), ""


# --- Where the checker's time goes -----------------------------------------------------------


def time_by_stage(corpus: Path) -> dict[str, float]:
    """CPU seconds per stage of checking the corpus on one core: reading and parsing, the
    text blocks the text rules share, inline suppressions, each rule module, then the ids a
    page gives the links into it.

    It runs the same steps as ``check_document``, timed one by one. A link's #fragment into a
    page not checked yet waits for that page's check (which gives its ids, the last stage)
    rather than parsing the page once more, as ``check_paths`` does.
    CPU time, not wall time: other load on the machine then barely shifts the shares.
    """
    clock = time.process_time
    context = CheckContext(CheckConfig())
    seconds: dict[str, float] = defaultdict(float)
    for unit in discover([corpus]):
        if isinstance(unit, Finding):
            continue
        start = clock()
        document = load_document(unit)
        seconds["read + parse (parse.py)"] += clock() - start
        if isinstance(document, Finding):
            continue
        start = clock()
        _ = document.block_texts, document.page_text
        seconds["text blocks (document.py)"] += clock() - start
        start = clock()
        Suppressions.of(document)
        seconds["suppressions (suppress.py)"] += clock() - start
        for checker in CHECKERS:
            start = clock()
            for _hit in checker.run(document, context):
                pass
            module = checker.run.__module__.rpartition(".")[2]
            seconds[f"rules/{module}.py"] += clock() - start
        start = clock()
        document.container.pages.remember(document.name, document.ids)
        seconds["ids, for links to the page (document.py)"] += clock() - start
    return dict(seconds)


# --- The report ------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "\u2014" if value is None else f"{value:.2f}\u00d7"


def _mib(kib: float | None) -> str:
    return "\u2014" if kib is None else f"{kib / KIB_PER_MIB:.0f}"


def speed_table(contenders: list[Contender], pages: int) -> str:
    """Wall-clock speed, and CPU time, which other load on the machine disturbs far less."""
    speeds = {c.name: pages / c.median_seconds for c in contenders}
    cpu_speeds = {c.name: pages / max(c.median_cpu_seconds, 1e-9) for c in contenders}
    baseline, cpu_baseline = speeds[BASELINE], cpu_speeds[BASELINE]
    vnu_speed = speeds.get(VNU)
    rows = [
        "| contender | median s | pages/s | \u00f7 bare lxml | \u00f7 vnu | CPU s "
        "| pages/CPU-s \u00f7 bare lxml | peak RSS MiB | rounds (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for contender in contenders:
        name = contender.name
        rounds = ", ".join(f"{run.seconds:.2f}" for run in contender.runs)
        rows.append(
            f"| {name} | {contender.median_seconds:.2f} | {speeds[name]:.0f} "
            f"| {_ratio(speeds[name] / baseline)} "
            f"| {_ratio(speeds[name] / vnu_speed if vnu_speed else None)} "
            f"| {contender.median_cpu_seconds:.2f} | {_ratio(cpu_speeds[name] / cpu_baseline)} "
            f"| {_mib(contender.median_rss_kib)} | {rounds} |"
        )
    return "\n".join(rows)


def findings_lines(contenders: list[Contender]) -> list[str]:
    """What each checker found in its last run, with the first few findings if any."""
    lines: list[str] = []
    for contender in contenders:
        if contender.name == BASELINE:
            continue
        last = contender.runs[-1]
        kind = "errors" if contender.name == VNU else "findings"
        count = "unknown (it failed)" if last.findings is None else str(last.findings)
        lines.append(f"- {contender.name}: {count} {kind}")
        lines.extend(f"  - `{example}`" for example in last.examples)
    return lines


def memory_table(probes: list[tuple[int, Process]]) -> str:
    rows = ["| pages | peak RSS MiB | s | CPU s |", "| ---: | ---: | ---: | ---: |"]
    for pages, process in probes:
        rows.append(
            f"| {pages} | {_mib(process.peak_rss_kib)} | {process.seconds:.2f} "
            f"| {process.cpu_seconds:.2f} |"
        )
    return "\n".join(rows)


def stage_table(seconds: dict[str, float], pages: int) -> str:
    total = sum(seconds.values())
    rows = ["| stage | CPU s | share | ms/page |", "| --- | ---: | ---: | ---: |"]
    for stage, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        rows.append(f"| {stage} | {spent:.2f} | {spent / total:.0%} | {spent * 1000 / pages:.2f} |")
    rows.append(f"| total | {total:.2f} | 100% | {total * 1000 / pages:.2f} |")
    return "\n".join(rows)


def load_average() -> float:
    """The machine's 1-minute load average: how much else was running."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def machine(loads: tuple[float, float]) -> list[str]:
    cores = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    lines = [
        f"- machine: {platform.machine()}, {cores} cores (nproc {usable}), {platform.system()} "
        f"{platform.release()}; 1-minute load average {loads[0]:.1f} at the start, "
        f"{loads[1]:.1f} at the end",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), lxml "
        f"{'.'.join(map(str, etree.LXML_VERSION))}, libxml2 "
        f"{'.'.join(map(str, etree.LIBXML_VERSION))}",
    ]
    return lines


def java_and_vnu(jar: Path) -> str:
    java = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    version = subprocess.run(
        ["java", "-jar", str(jar), "--version"], capture_output=True, text=True, check=False
    )
    java_line = (java.stderr or java.stdout).splitlines()[0] if java.stderr or java.stdout else ""
    return f"- vnu {version.stdout.strip() or '?'} on {java_line or 'java ?'}"


# --- Running ---------------------------------------------------------------------------------


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000, help="pages in the corpus")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every contender")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="workers of the parallel runs"
    )
    parser.add_argument(
        "--vnu-jar",
        default=os.environ.get(VNU_JAR_VARIABLE),
        help=f"the vnu.jar to compare with (default: ${VNU_JAR_VARIABLE})",
    )
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="where the Markdown report goes"
    )
    parser.add_argument(
        "--workdir", type=Path, help="write the corpus here and keep it (default: a temp dir)"
    )
    arguments = parser.parse_args(argv)
    if arguments.pages < 2 or arguments.rounds < 1 or arguments.jobs < 1:
        parser.error("--pages must be at least 2, --rounds and --jobs at least 1")
    return arguments


def byte_compile_newsdocs() -> None:
    """Compile newsdocs' modules as pip does when it installs a package. An editable install
    is compiled on first use, but not where PYTHONDONTWRITEBYTECODE is set (CI machines
    often set it): then every measured run would compile newsdocs again, and no other
    contender's package."""
    spec = importlib.util.find_spec("newsdocs")
    assert spec is not None and spec.origin is not None
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def main(argv: Sequence[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    byte_compile_newsdocs()
    if arguments.workdir is not None:
        arguments.workdir.mkdir(parents=True, exist_ok=True)
        benchmark(arguments, arguments.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="newsdocs-bench-") as workdir:
            benchmark(arguments, Path(workdir))


def benchmark(arguments: argparse.Namespace, workdir: Path) -> None:
    count, rounds, jobs = arguments.pages, arguments.rounds, arguments.jobs
    corpus, half_corpus = workdir / "corpus", workdir / "half"
    print(f"Writing {count} pages (and {count // 2} for the memory probe) to {workdir}")
    pages = write_html_corpus(corpus, count, arguments.seed)
    write_html_corpus(half_corpus, count // 2, arguments.seed)
    corpus_bytes = sum(page.stat().st_size for page in pages)
    jar, vnu_note = find_vnu(arguments.vnu_jar)

    contenders = [
        Contender(BASELINE, lambda: bare_lxml(pages)),
        Contender("check_paths, jobs=1", lambda: check_in_process(corpus, 1)),
        Contender(f"check_paths, jobs={jobs}", lambda: check_in_process(corpus, jobs)),
        Contender(f"`newsdocs check -j {jobs}` (subprocess)", lambda: check_command(corpus, jobs)),
    ]
    if jar is not None:
        contenders.append(Contender(VNU, lambda: vnu(jar, corpus)))
    else:
        print(vnu_note)

    load_at_start = load_average()
    bare_lxml(pages)  # warm the page cache (and lxml) before anything is timed
    for round_index in range(rounds):
        shift = round_index % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            run = contender.run()
            contender.runs.append(run)
            print(f"round {round_index + 1}/{rounds}: {contender.name}: {run.seconds:.2f} s")

    print("Memory probe: the command on one core, at half and at all of the pages")
    probes = [
        (count // 2, run_process(newsdocs_command(half_corpus, 1), cwd=workdir)),
        (count, run_process(newsdocs_command(corpus, 1), cwd=workdir)),
    ]
    print("Timing each stage of the checker on one core")
    stages = time_by_stage(corpus)

    report = render_report(
        arguments=arguments,
        corpus_bytes=corpus_bytes,
        contenders=contenders,
        probes=probes,
        stages=stages,
        loads=(load_at_start, load_average()),
        vnu_line=java_and_vnu(jar) if jar is not None else f"- {vnu_note}",
    )
    print()
    print(report)
    arguments.output.write_text(report, "utf-8")
    print(f"Written to {arguments.output}")


def render_report(
    *,
    arguments: argparse.Namespace,
    corpus_bytes: int,
    contenders: list[Contender],
    probes: list[tuple[int, Process]],
    stages: dict[str, float],
    loads: tuple[float, float],
    vnu_line: str,
) -> str:
    count, rounds = arguments.pages, arguments.rounds
    lines = [
        "# `newsdocs check` speed",
        "",
        "Written by `python -m benchmarks.bench_check` (`nox -s bench_check`); rerun it "
        "rather than editing this file.",
        "",
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        *machine(loads),
        vnu_line,
        f"- corpus: {count} pages (a front page and {count - 1} articles of about 800 words, "
        f"benchmarks/corpus.py, seed {arguments.seed}), {corpus_bytes / 1e6:.1f} MB of HTML",
        f"- {rounds} round{'s' if rounds != 1 else ''}, contenders alternating (order rotated "
        "each round); "
        "figures are medians",
        "",
        "## Pages per second",
        "",
        "\u00f7 bare lxml and \u00f7 vnu: the contender's pages/s divided by theirs, from "
        "this same run (above 1: faster). CPU s: user + system time of all its processes, "
        "which other load on the machine disturbs far less than wall time; pages/CPU-s "
        "\u00f7 bare lxml compares those. Peak RSS: the largest single process of a "
        "subprocess run.",
        "",
        speed_table(contenders, count),
        "",
        "## Findings on the corpus (it is clean: anything here is a false alarm)",
        "",
        *findings_lines(contenders),
        "",
        "## Memory: `newsdocs check -j 1` at half and all of the pages",
        "",
        "Documents are streamed (parsed, checked, dropped), so the peak should not grow "
        "with the number of pages.",
        "",
        memory_table(probes),
        "",
        "## Where the checker's time goes (one core, one pass over the corpus)",
        "",
        "A rule's time includes what it asks of other pages. A link's #fragment into a page "
        "not checked yet waits for that page's check, which gives its ids (the last stage).",
        "",
        stage_table(stages, count),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
