"""The command line: parse, call one function, turn VoiceDeescError into one line and an exit code."""

from __future__ import annotations

import argparse
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
