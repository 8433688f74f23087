"""`voice-deesc batch`: evaluate many recordings in one run, one JSON line per file."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from voice_deesc.commands.common import add_baseline_option, add_engine_options, check_output_paths, choose_baseline


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="evaluate many recordings (files or folders), one JSON line each",
        description="Evaluate recordings on every core. Each output line is {file, attempt} or {file, error}.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="recordings, or folders of .wav/.flac/.ogg files")
    parser.add_argument("--scenario", default=None, help="scenario every reply answers (optional)")
    parser.add_argument("--out", default="-", metavar="PATH|-", help="JSON lines output (default: standard output)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    add_baseline_option(parser)
    add_engine_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.asr import resolve_engine
    from voice_deesc.batch import BatchSummary, collect_inputs, run_batch
    from voice_deesc.errors import UsageError
    from voice_deesc.scenarios.load import get_scenario

    # Everything that would fail in every worker fails once, here, before any file is read.
    check_output_paths(args)
    engine, vosk_model = resolve_engine(args.engine, vosk_model=args.vosk_model)
    if args.scenario:
        get_scenario(args.scenario)
    baseline = choose_baseline(args)
    if baseline.path is not None:
        from voice_deesc.audio import load_audio

        load_audio(baseline.path)  # a bad reading fails once, here, not as the error row of every file
    if baseline.note:
        print(baseline.note, file=sys.stderr)  # stdout may carry the JSON lines
    files = collect_inputs(args.inputs)
    if not files:
        raise UsageError("no recordings found in the inputs given — pass .wav/.flac/.ogg files or folders holding them")
    summary: BatchSummary | None = None
    with _open_output(args.out) as out:
        for row in run_batch(
            files,
            scenario_ref=args.scenario,
            engine=engine.value,
            vosk_model=vosk_model,
            jobs=args.jobs,
            baseline=baseline.path,
        ):
            if "summary" in row:
                summary = row["summary"]
                continue
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
    if summary is None:  # run_batch always ends with its summary; this guards a future change to it
        raise RuntimeError("the batch ended without a summary")
    print(
        f"{summary.files} files, {summary.failed} failed, {summary.audio_s:.1f} s of audio in {summary.wall_s:.1f} s "
        f"({summary.throughput:.1f} audio-seconds per second)",
        file=sys.stderr,
    )
    return 1 if summary.failed else 0


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
