"""`voice-deesc practice`: hear the client, answer out loud, get feedback — the trainee's main loop.

The loop itself is ``voice_deesc.session``; this module parses the options and prints what the session reports.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.commands.common import (
    add_baseline_option,
    add_engine_options,
    add_report_options,
    deliver_reports,
    load_chosen_baseline,
)

if TYPE_CHECKING:
    from voice_deesc.session import Event


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "practice",
        help="hear a client, reply into the microphone, get feedback",
        description="One practice round: the client speaks, you reply out loud, you get written and spoken feedback.",
    )
    parser.add_argument("--scenario", default=None, help="scenario id (default: the easiest built-in one)")
    parser.add_argument(
        "--end-silence", type=float, default=None, metavar="SECONDS", help="silence that ends your reply (default: 1.5)"
    )
    parser.add_argument("--no-speak", action="store_true", help="show the client's words instead of speaking them")
    parser.add_argument(
        "--replies",
        type=Path,
        default=None,
        metavar="FILE.wav",
        help="answer with a recorded reply instead of the microphone (it is streamed as if spoken)",
    )
    add_baseline_option(parser)
    parser.add_argument("--no-history", action="store_true", help="do not record this attempt in your history")
    add_engine_options(parser)
    add_report_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.asr import load_transcriber
    from voice_deesc.devices import has_output_device
    from voice_deesc.scenarios.load import get_scenario, list_scenarios
    from voice_deesc.session import Microphone, RecordedReply, ReplySource, practice_round

    replies: ReplySource
    if args.replies is not None:
        replies = RecordedReply(args.replies)
    else:
        Microphone.check()
        replies = Microphone()
    scenario = get_scenario(args.scenario) if args.scenario else list_scenarios()[0]
    baseline = load_chosen_baseline(args)
    transcriber = load_transcriber(args.engine, vosk_model=args.vosk_model)
    print(f"{scenario.title} (level {scenario.difficulty})\n{scenario.context}\n")
    speaker = has_output_device() and not args.no_speak
    result = practice_round(
        scenario,
        transcriber,
        replies,
        baseline=baseline,
        speak=speaker,
        end_silence_s=args.end_silence,
        keep_history=not args.no_history,
        on_event=_show,
    )
    deliver_reports(args, result.attempt, audio=result.audio, scenario=scenario, speak=speaker)
    return 0


def _show(event: Event) -> None:
    """Print what the session reports, in the words the trainee has always seen."""
    from voice_deesc.session import ClientSpoke, Listening, ReplySaved

    if isinstance(event, ClientSpoke) and not event.played:
        print(f'The client says: "{event.scenario.client_statement}"\n')
    elif isinstance(event, Listening):
        print("Your turn: reply out loud. Recording stops when you have been quiet for a moment.")
    elif isinstance(event, ReplySaved):
        print(f"Recording saved ({event.reason}): {event.path}\n")
