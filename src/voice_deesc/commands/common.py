"""Options shared by several subcommands, defined once."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voice_deesc.audio import Audio
    from voice_deesc.pipeline import Attempt
    from voice_deesc.scenarios.model import Scenario


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", default="auto", help="speech engine: auto, vosk or whisper (default: %(default)s)")
    parser.add_argument(
        "--vosk-model",
        type=Path,
        default=None,
        metavar="PATH",
        help="Vosk model folder (default: $VOSK_MODEL_PATH, then the newest in models/)",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        dest="json_path",
        metavar="PATH|-",
        default=None,
        help="write the Attempt as JSON to PATH, or to standard output with -",
    )
    parser.add_argument("--no-speak", action="store_true", help="do not speak the feedback aloud")
    add_report_options(parser)


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """--markdown, --html and --save-spoken: the written and spoken feedback kept as files."""
    parser.add_argument("--markdown", type=Path, default=None, metavar="PATH", help="write the report as Markdown")
    parser.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="PATH",
        help="write the report as one self-contained HTML file, with a figure of the reply over time",
    )
    parser.add_argument(
        "--save-spoken",
        type=Path,
        default=None,
        metavar="PATH",
        help="keep the spoken feedback summary as a WAV file at PATH",
    )


def add_baseline_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="FILE.wav",
        help="your own neutral reading: delivery is judged as the change from it (recommended)",
    )


def deliver_reports(
    args: argparse.Namespace,
    attempt: Attempt,
    *,
    audio: Audio | None,
    scenario: Scenario | None,
    speak: bool,
    **extra: Any,
) -> Path | None:
    """Hand the attempt to every output the report options asked for (one place for all commands)."""
    from voice_deesc.reports.outputs import deliver

    return deliver(
        attempt,
        audio=audio,
        scenario=scenario,
        markdown=args.markdown,
        html=args.html,
        speak=speak,
        save_spoken=args.save_spoken,
        **extra,
    )


def write_json(data: Any, target: str) -> None:
    """Write JSON to a path or stdout ('-'); files are written whole and owner-only (they hold the transcript)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if target == "-":
        sys.stdout.write(text + "\n")
        return
    from voice_deesc.fsutil import atomic_write_text

    atomic_write_text(target, text + "\n")


def check_output_paths(args: argparse.Namespace) -> None:
    """Refuse unwritable --json/--markdown/--html/--save-spoken/--out paths before any analysis starts."""
    from voice_deesc.fsutil import check_writable_file

    for option, what in (
        ("json_path", "JSON"),
        ("markdown", "Markdown report"),
        ("html", "HTML report"),
        ("save_spoken", "spoken summary"),
        ("out", "JSON lines"),
    ):
        value = getattr(args, option, None)
        if value is not None and str(value) != "-":
            check_writable_file(Path(value), what=what)
