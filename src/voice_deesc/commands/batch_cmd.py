"""`voice-deesc batch`: evaluate many recordings in one run, one JSON line per file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from voice_deesc.commands.common import add_engine_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "batch",
        help="evaluate many recordings (files or folders), one JSON line each",
        description="Evaluate recordings on every core. Each output line is {file, attempt} or {file, error}.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="recordings, or folders of .wav/.flac/.ogg files")
    parser.add_argument("--scenario", default=None, help="scenario every reply answers (optional)")
    parser.add_argument("--out", default="-", metavar="PATH|-", help="JSON lines output (default: standard output)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    add_engine_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.asr import Engine
    from voice_deesc.batch import BatchSummary, collect_inputs, run_batch
    from voice_deesc.errors import UsageError
    from voice_deesc.scenarios.load import get_scenario

    try:
        Engine(args.engine)
    except ValueError as e:
        raise UsageError(f"unknown engine {args.engine!r} — choose auto, vosk or whisper") from e
    if args.scenario:
        get_scenario(args.scenario)  # fail once, here, rather than in every worker
    files = collect_inputs(args.inputs)
    if not files:
        raise UsageError("no recordings found in the inputs given — pass .wav/.flac/.ogg files or folders holding them")
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    summary: BatchSummary | None = None
    try:
        for row in run_batch(
            files, scenario_ref=args.scenario, engine=args.engine, vosk_model=args.vosk_model, jobs=args.jobs
        ):
            if "summary" in row:
                summary = row["summary"]
                continue
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    assert summary is not None
    print(
        f"{summary.files} files, {summary.failed} failed, {summary.audio_s:.1f} s of audio in {summary.wall_s:.1f} s "
        f"({summary.throughput:.1f} audio-seconds per second)",
        file=sys.stderr,
    )
    return 1 if summary.failed else 0
