"""Options shared by several subcommands, defined once."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
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
    """--baseline FILE or --no-baseline; neither means the neutral reading stored by `voice-deesc baseline`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="FILE.wav",
        help="your own neutral reading: delivery is judged as the change from it "
        "(default: the one stored by `voice-deesc baseline`)",
    )
    group.add_argument(
        "--no-baseline",
        action="store_true",
        help="judge delivery on general targets, without your stored neutral reading",
    )


@dataclass(frozen=True)
class ChosenBaseline:
    """The neutral reading a run judges delivery against, and the one line that tells the trainee so."""

    path: Path | None
    note: str | None


def choose_baseline(args: argparse.Namespace) -> ChosenBaseline:
    """--baseline FILE, else nothing with --no-baseline, else the stored reading (announced with its date).

    The file is not loaded here: `batch` hands the path to its workers, the other commands load it themselves.
    """
    if args.baseline is not None:
        return ChosenBaseline(Path(args.baseline), f"Judging delivery against the neutral reading in {args.baseline}.")
    if getattr(args, "no_baseline", False):
        return ChosenBaseline(None, NO_BASELINE_NOTE)
    from voice_deesc.errors import StorageError
    from voice_deesc.history import History

    try:
        with History() as history:
            stored = history.latest_baseline()
    except StorageError as e:  # a damaged history must not cost the feedback: judge without the reading
        return ChosenBaseline(
            None, f"voice-deesc: your stored neutral reading could not be read ({e}); judging without it."
        )
    if stored is None:
        return ChosenBaseline(None, NO_BASELINE_TIP)
    return ChosenBaseline(stored.audio_path, f"{BASELINE_NOTE} of {stored.created_at[:10]}.")


BASELINE_NOTE = "Judging delivery against your neutral reading"
ANGER_CAN_PASS = "anger that stops short of shouting can pass for calm"
"""Said plainly whenever delivery is judged without a neutral reading: only a shout is sure to show then
(delivery/calibration.py, SHOUT_STEPS)."""
NO_BASELINE_TIP = (
    f"Without a neutral reading of your own voice, {ANGER_CAN_PASS}. Record one once with "
    "`voice-deesc baseline record` and delivery is judged against your own voice."
)
NO_BASELINE_NOTE = f"Judging delivery without your neutral reading (--no-baseline): {ANGER_CAN_PASS}."


def load_chosen_baseline(args: argparse.Namespace, *, to_stderr: bool = False) -> Audio | None:
    """:func:`choose_baseline`, announced in one line, and loaded (a bad file is a one-line AudioError)."""
    reading, note = load_baseline_quietly(args)
    announce_baseline(note, to_stderr=to_stderr)
    return reading


def load_baseline_quietly(args: argparse.Namespace) -> tuple[Audio | None, str]:
    """:func:`choose_baseline` loaded, with its note still to say: a command that may yet fail on its own input
    says the note only once there is a reply to judge."""
    from voice_deesc.delivery.baseline import load_reading

    chosen = choose_baseline(args)
    return (load_reading(chosen.path) if chosen.path is not None else None), chosen.note or ""


def announce_baseline(note: str, *, to_stderr: bool = False) -> None:
    if note:
        print(note, file=sys.stderr if to_stderr else sys.stdout)


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
