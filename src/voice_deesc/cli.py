"""The command line: parse, call one function, turn VoiceDeescError into one line and an exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from voice_deesc import __version__
from voice_deesc.commands import (
    baseline_cmd,
    batch_cmd,
    demo,
    evaluate,
    history_cmd,
    models_cmd,
    practice,
    scenarios_cmd,
)

COMMANDS = (demo, practice, baseline_cmd, history_cmd, evaluate, batch_cmd, scenarios_cmd, models_cmd)
BROKEN_PIPE_EXIT = 1
"""Exit status when the reader of our output went away (`voice-deesc scenarios list | head -2`): Python's own."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voice-deesc",
        description="Practise verbal de-escalation out loud, offline: hear a client, reply by voice, get feedback.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()  # a closed pipe shows up here, not later in the interpreter's own exit flush
        return code
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE_EXIT


def _run(args: argparse.Namespace) -> int:
    from voice_deesc.errors import VoiceDeescError

    try:
        return int(args.run(args) or 0)
    except VoiceDeescError as e:
        if args.debug:
            raise
        print(f"voice-deesc: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("voice-deesc: stopped", file=sys.stderr)
        return 130


def _discard_stdout() -> None:
    """Point stdout at /dev/null so Python's exit flush does not raise again (the recipe in Python's signal docs)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
