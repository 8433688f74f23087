"""`voice-deesc batch`: evaluate many recordings in one run, check them against expectations, report for CI."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from voice_deesc.commands.common import add_baseline_option, add_engine_options, check_output_paths, choose_baseline

if TYPE_CHECKING:
    from voice_deesc.batch import Job
    from voice_deesc.batch.expect import CaseResult, Expectation
    from voice_deesc.batch.summary import BatchSummary
    from voice_deesc.batch.work import Row

EPILOG = """\
inputs: recordings, folders of .wav/.flac/.ogg files, or manifests (.csv with the columns file, scenario,
baseline; paths relative to the manifest). A sidecar reply.toml beside reply.wav may set scenario and baseline
for that file. A manifest cell wins over a sidecar, either over --scenario and --baseline.

expectations (--expect FILE.toml): one table per file or glob, e.g.
  ["*/calm.wav"]
  checks = ["calm >= 55", "delivery.rate.words_per_minute < 190"]
  findings = ["reflection"]
  no_findings = ["judgment_blame"]
  band = ["proficient", "developing"]
  ["*/rushed.wav"]
  checks = ["calm < calm@calm.wav - 5"]     # PATH@FILE: the same number of another recording in the batch
  ["*/silence.wav"]
  error = "no speech"
Other keys: flags / no_flags (delivery measures flagged), transcript_contains.

exit status: 0 when every file was analysed and every expectation held, 1 when any did not (each is named
with what was expected and what came out), 2 for usage errors (bad options, manifest or expectations file)."""


TIMINGS = ("audio_s", "analysis_s")
"""Row keys for the summary and JUnit, not part of the JSON lines (which stay identical from run to run)."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="evaluate many recordings (files, folders or manifests), check them against expectations",
        description="Evaluate recordings on every core or a Dask cluster. Each output line is {file, attempt} "
        "or {file, error}; a summary table follows on standard error.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, help="recordings, folders of recordings, or manifest .csv files"
    )
    parser.add_argument(
        "--scenario", default=None, help="scenario a reply answers when its manifest row or sidecar does not say"
    )
    parser.add_argument("--out", default="-", metavar="PATH|-", help="JSON lines output (default: standard output)")
    parser.add_argument(
        "--expect", type=Path, default=None, metavar="FILE.toml", help="expectations to check every result against"
    )
    parser.add_argument(
        "--junit", type=Path, default=None, metavar="OUT.xml", help="write JUnit XML, one test case per recording"
    )
    parser.add_argument(
        "--csv",
        dest="csv_out",
        type=Path,
        default=None,
        metavar="OUT.csv",
        help="write one CSV line of scores per recording",
    )
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument(
        "--executor",
        choices=("local", "dask"),
        default=None,
        help="where files are analysed: this machine's cores (local, the default) or a Dask cluster",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --executor dask; "
        "--executor dask without it starts a cluster on this machine)",
    )
    add_baseline_option(parser)
    add_engine_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.batch import run_jobs
    from voice_deesc.batch.expect import evaluate_cases
    from voice_deesc.batch.summary import BatchSummary

    # Everything that would fail in every worker fails once, here, before any file is read.
    jobs, expectations, engine, vosk_model = _prepare(args)
    summary = BatchSummary()
    rows: list[Row | None] = [None] * len(jobs)
    started = time.perf_counter()
    with _open_output(args.out) as out, _progress(len(jobs)) as advance:
        for index, row in run_jobs(
            jobs,
            engine=engine,
            vosk_model=vosk_model,
            workers=args.jobs,
            executor=args.executor or "local",
            scheduler=args.scheduler,
        ):
            rows[index] = row
            summary.add(row)
            out.write(json.dumps({k: v for k, v in row.items() if k not in TIMINGS}, ensure_ascii=False) + "\n")
            out.flush()  # written as it arrives: a long run can be followed, and a stopped one keeps its rows
            advance()
    summary.wall_s = time.perf_counter() - started
    done = [row for row in rows if row is not None]
    if len(done) != len(jobs):  # every executor yields one row per job; this guards a future change to one
        raise RuntimeError("the batch ended without a row for every file")
    cases = (
        evaluate_cases(expectations, [(job.file, row) for job, row in zip(jobs, done, strict=True)])
        if expectations
        else []
    )
    _write_reports(args, jobs, done, cases)
    _print_summary(summary, cases)
    if expectations:
        return 1 if any(not case.passed for case in cases) else 0
    return 1 if summary.failed else 0


def _prepare(args: argparse.Namespace) -> tuple[list[Job], list[Expectation], str, Path | None]:
    """Check options, outputs, expectations, engine, scenarios and readings; plan one job per recording."""
    from voice_deesc.asr import resolve_engine
    from voice_deesc.audio import load_audio
    from voice_deesc.batch.expect import load_expectations
    from voice_deesc.batch.plan import Defaults, plan_jobs
    from voice_deesc.errors import ScenarioError, UsageError
    from voice_deesc.fsutil import check_writable_file
    from voice_deesc.scenarios.load import get_scenario

    if args.scheduler and args.executor == "local":
        raise UsageError("--scheduler names a Dask cluster — use it with --executor dask (or leave out --executor)")
    if args.scheduler:
        args.executor = "dask"
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs {args.jobs}: give 1 or more worker processes")
    check_output_paths(args)
    for option, what in ((args.junit, "JUnit XML"), (args.csv_out, "CSV")):
        if option is not None:
            check_writable_file(option, what=what)
    expectations = load_expectations(args.expect) if args.expect else []
    engine, vosk_model = resolve_engine(args.engine, vosk_model=args.vosk_model)
    if args.scenario:
        get_scenario(args.scenario)
    baseline = choose_baseline(args)
    if baseline.note:
        print(baseline.note, file=sys.stderr)  # stdout may carry the JSON lines
    jobs = plan_jobs(args.inputs, Defaults(args.scenario, str(baseline.path) if baseline.path else None))
    if not jobs:
        raise UsageError("no recordings found in the inputs given — pass .wav/.flac/.ogg files, folders or manifests")
    for ref in sorted({job.scenario for job in jobs if job.scenario}):
        try:
            get_scenario(ref)
        except ScenarioError as e:  # name the recording that asked for it (its manifest row or sidecar)
            first = next(job.file for job in jobs if job.scenario == ref)
            raise ScenarioError(f"{first}: {e}") from e
    for reading in sorted({job.baseline for job in jobs if job.baseline}):
        load_audio(reading)  # a bad reading fails once, here, not as the error row of every file
    return jobs, expectations, engine.value, vosk_model


def _write_reports(args: argparse.Namespace, jobs: list[Job], rows: list[Row], cases: list[CaseResult]) -> None:
    from voice_deesc.batch.outputs import write_csv, write_junit

    if args.junit is not None:
        if not cases:  # no expectations: each recording passes when it could be analysed
            from voice_deesc.batch.expect import evaluate_cases

            cases = evaluate_cases([], [(job.file, row) for job, row in zip(jobs, rows, strict=True)])
        write_junit(
            args.junit, cases, {job.file: float(row.get("audio_s", 0.0)) for job, row in zip(jobs, rows, strict=True)}
        )
    if args.csv_out is not None:
        write_csv(args.csv_out, jobs, rows, cases[: len(jobs)] if cases else None)


def _print_summary(summary: BatchSummary, cases: list[CaseResult]) -> None:
    """Every broken expectation (one line each), the summary table, and the one-line total scripts read."""
    from rich.console import Console

    from voice_deesc.batch.summary import plural

    console = Console(stderr=True, highlight=False)
    failed = [case for case in cases if not case.passed]
    for case in failed:
        for failure in case.failures:
            console.print(f"FAIL {case.name}: {failure}", markup=False, soft_wrap=True)
    console.print(_table(summary, cases))
    if cases:
        console.print(
            f"expectations: {plural(len(cases) - len(failed), 'case')} passed, {len(failed)} failed",
            markup=False,
        )
    console.print(summary.line(), markup=False, soft_wrap=True)


def _table(summary: BatchSummary, cases: list[CaseResult]) -> object:
    from rich.table import Table

    from voice_deesc.feedback.assess import Band

    table = Table(title="batch summary", show_header=True, header_style="bold")
    columns = ["files", "audio s", "failed", *(band.value for band in Band)]
    values = [summary.files, f"{summary.audio_s:.1f}", summary.failed, *(summary.bands[b.value] for b in Band)]
    if cases:
        columns.append("cases failed")
        values.append(sum(not case.passed for case in cases))
    for column in columns:
        table.add_column(column, justify="right")
    table.add_row(*(str(v) for v in values))
    return table


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal (standard error); nothing at all when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("files", total=total)
        yield lambda: bar.advance(task)


@contextmanager
def _open_output(target: str) -> Iterator[TextIO]:
    """Standard output, or the file owner-only (its lines quote what trainees said), created with its folder."""
    if target == "-":
        yield sys.stdout
        return
    from voice_deesc.errors import StorageError

    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    except OSError as e:
        raise StorageError(f"{path}: cannot be written ({e.strerror or e}) — choose a file you can write to") from e
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        yield out
