"""`voice-deesc practice`: hear the client, answer out loud, get feedback — the trainee's main loop.

The loop itself is ``voice_deesc.conversation.loop`` (one turn per client line, through ``voice_deesc.session``);
this module parses the options and prints what the session reports.
"""

from __future__ import annotations

import argparse
import sys
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
    from voice_deesc.conversation.loop import Choice, Event, TurnJudged
    from voice_deesc.conversation.record import ConversationResult
    from voice_deesc.scenarios.model import Scenario
    from voice_deesc.session import RecordedReply, ReplySource

CHOICE_PROMPT = "Enter: continue · r: retry this turn · q: quit > "


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "practice",
        help="hear a client, reply into the microphone, get feedback",
        description=(
            "Practise out loud: the client speaks, you reply, and the client reacts to how you sounded and what "
            "you said, turn by turn, until the conversation settles or escalates. Single-statement scenarios are "
            "one turn, with the full written and spoken feedback."
        ),
    )
    parser.add_argument("--scenario", default=None, help="scenario id (default: the easiest built-in one)")
    parser.add_argument(
        "--end-silence",
        type=float,
        default=None,
        metavar="SECONDS",
        help="the silence that ends your reply when it is unclear whether you finished (default: 1.5); the shorter "
        "wait after a finished sentence and the longer one mid-thought scale with it",
    )
    parser.add_argument("--no-speak", action="store_true", help="show the client's words instead of speaking them")
    parser.add_argument(
        "--replies",
        type=Path,
        nargs="+",
        default=None,
        metavar="FILE.wav",
        help="answer with recorded replies instead of the microphone, one per client turn in order (or a folder "
        "of them, taken in name order); each is streamed as if spoken",
    )
    parser.add_argument(
        "--in-role", action="store_true", help="no feedback between turns: stay in the conversation, read it at the end"
    )
    add_baseline_option(parser)
    parser.add_argument("--no-history", action="store_true", help="do not record this attempt in your history")
    add_engine_options(parser)
    add_report_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.asr import load_transcriber
    from voice_deesc.conversation.loop import MAX_TURNS, run_conversation
    from voice_deesc.devices import has_output_device
    from voice_deesc.scenarios.load import get_scenario, list_scenarios

    scenario = get_scenario(args.scenario) if args.scenario else list_scenarios()[0]
    replies = reply_sources(args.replies, scenario)
    print(f"{scenario.title} (level {scenario.difficulty})\n{scenario.context}\n")
    baseline = load_chosen_baseline(args)
    transcriber = load_transcriber(args.engine, vosk_model=args.vosk_model)
    speaker = has_output_device() and not args.no_speak
    single = scenario.conversation is None
    result = run_conversation(
        scenario,
        transcriber,
        replies,
        baseline=baseline,
        speak=speaker,
        end_silence_s=args.end_silence,
        store_attempts=single and not args.no_history,
        max_turns=1 if single else MAX_TURNS,
        choose=_ask_between_turns if _interactive(replies) else _continue,
        on_event=lambda event: _show(event, in_role=args.in_role, single=single),
    )
    if single:
        if result.turns:
            _report_single(args, result, scenario, speak=speaker)
        return 0
    show_conversation(result, scenario, speak=speaker, keep_history=not args.no_history)
    return 0


def reply_sources(paths: list[Path] | None, scenario: Scenario) -> ReplySource | list[RecordedReply]:
    """The recorded replies named (a folder: its audio files by name), or the microphone.

    With neither a microphone nor recorded replies, the client's first line is still shown, then one line says
    how to reply from files.
    """
    from voice_deesc.errors import DeviceError, UsageError
    from voice_deesc.scenarios.model import AUDIO_SUFFIXES, as_conversation
    from voice_deesc.session import Microphone, RecordedReply

    if paths is None:
        try:
            Microphone.check()
        except DeviceError:
            print(f"{scenario.title} (level {scenario.difficulty})\n{scenario.context}\n")
            print(f'The client says: "{as_conversation(scenario).start.text}"\n')
            raise DeviceError(
                "no microphone found — reply from recordings instead: "
                f"voice-deesc practice --scenario {scenario.id} --replies REPLY1.wav REPLY2.wav ... "
                "(one per client turn, or a folder of them)"
            ) from None
        return Microphone()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
            if not found:
                raise UsageError(f"{path}: no recordings ({', '.join(AUDIO_SUFFIXES)}) in this folder for --replies")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such recording for --replies — give WAV files or a folder of them")
    return [RecordedReply(file) for file in files]


def show_conversation(result: ConversationResult, scenario: Scenario, *, speak: bool, keep_history: bool) -> None:
    """Keep the conversation in the history, then print its report (every turn, what moved the client, how it ended).

    The single place the end-of-conversation report is shown from; the files it writes are named at its end.
    """
    from voice_deesc.reports.conversation import record_and_show_conversation

    outputs = record_and_show_conversation(result, speak=speak, scenario=scenario, keep_history=keep_history)
    print()
    print(outputs.text, end="")


def _report_single(args: argparse.Namespace, result: ConversationResult, scenario: Scenario, *, speak: bool) -> None:
    """A single statement gets the full written and spoken feedback, as it always has."""
    from voice_deesc.audio import load_audio

    turn = result.turns[-1]
    audio = load_audio(turn.recording) if turn.recording else None
    deliver_reports(args, turn.attempt, audio=audio, scenario=scenario, speak=speak)


def _interactive(replies: object) -> bool:
    """Ask between turns only when a person is at the microphone and the keyboard."""
    from voice_deesc.session import Microphone

    try:
        return isinstance(replies, Microphone) and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _continue(judged: TurnJudged) -> Choice:
    from voice_deesc.conversation.loop import Choice

    return Choice.CONTINUE


def _ask_between_turns(judged: TurnJudged) -> Choice:
    from voice_deesc.conversation.loop import Choice

    try:
        answer = input(CHOICE_PROMPT).strip().lower()
    except EOFError:
        return Choice.CONTINUE
    return Choice.RETRY if answer.startswith("r") else Choice.QUIT if answer.startswith("q") else Choice.CONTINUE


def _show(event: Event, *, in_role: bool, single: bool) -> None:
    """Print what the session reports."""
    from voice_deesc.conversation.loop import RepliesLeftOver, TurnJudged, TurnStarted
    from voice_deesc.conversation.notes import turn_note
    from voice_deesc.session import ClientSpoke, Listening, ReplySaved

    if isinstance(event, TurnStarted) and not single:
        again = " (again)" if event.retry else ""
        print(f"— Turn {event.index}{again} · the client's agitation {event.agitation}/10 —")
    elif isinstance(event, ClientSpoke) and not event.played:
        print(f'The client says: "{event.scenario.client_statement}"\n')
    elif isinstance(event, Listening):
        print("Your turn: reply out loud. Recording stops when you have been quiet for a moment.")
    elif isinstance(event, ReplySaved):
        print(f"Recording saved ({event.reason}): {event.path}\n")
    elif isinstance(event, TurnJudged) and not single and not in_role:
        print(turn_note(event.result, event.decision, event.end_state) + "\n")
    elif isinstance(event, RepliesLeftOver):
        left = "1 recorded reply" if event.count == 1 else f"{event.count} recorded replies"
        print(f"Note: the conversation ended with {left} left over; not used.\n")
