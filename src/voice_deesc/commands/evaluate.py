"""`voice-deesc evaluate`: feedback on one recorded (or typed) reply."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from voice_deesc.commands.common import (
    add_baseline_option,
    add_engine_options,
    add_output_options,
    announce_baseline,
    check_output_paths,
    deliver_reports,
    load_baseline_quietly,
    write_json,
)
from voice_deesc.commands.spinner import Spinner
from voice_deesc.errors import AudioError, UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="feedback on one recorded or typed reply",
        description="Transcribe and assess one reply to a scenario.",
    )
    parser.add_argument("reply", nargs="?", type=Path, help="the recorded reply (WAV, FLAC or OGG)")
    parser.add_argument("--text", help="assess a typed reply instead of a recording (wording only)")
    parser.add_argument("--scenario", help="scenario id (see `voice-deesc scenarios list`) or a pack folder")
    parser.add_argument("--client", help="what the client said, when there is no scenario (with --text)")
    parser.add_argument(
        "--text-lines",
        metavar="FILE|-",
        help='wording only, many replies: JSON lines {"id", "reply", "client"?, "scenario"?} in, one result line out',
    )
    add_baseline_option(parser)
    add_engine_options(parser)
    add_output_options(parser)
    parser.add_argument(
        "--no-history", action="store_true", help="do not record this attempt or compare it with the previous one"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc.pipeline import analyse_text
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.scenarios.review import refuse_unfinished

    if args.text_lines is not None:
        if args.reply is not None or args.text is not None:
            raise UsageError("--text-lines reads its replies from the file; drop REPLY and --text")
        from voice_deesc.commands.text_lines import run_text_lines

        return run_text_lines(args.text_lines)
    if (args.reply is None) == (args.text is None):
        raise UsageError('give either a recording (REPLY.wav) or --text "the reply", not both or neither')
    check_output_paths(args)  # before the analysis: a bad --json path must not cost a full run
    scenario = get_scenario(args.scenario) if args.scenario else None
    if scenario is not None:
        refuse_unfinished(scenario)
    audio = None
    if args.text is not None:
        if not args.text.strip():
            raise UsageError("--text is empty — give the words of the reply")
        if args.baseline is not None:
            raise UsageError("--baseline needs a recording: a typed reply (--text) has no voice to compare")
        # A typed reply has no voice: the stored neutral reading plays no part and is not announced.
        attempt = analyse_text(args.text, scenario, client_text=args.client or "")
    else:
        if scenario is None:
            raise UsageError("--scenario is needed with a recording — run `voice-deesc scenarios list` to pick one")
        attempt, audio = _analyse_recording(args, scenario)
    if args.json_path:
        write_json(attempt.to_dict(), args.json_path)
    # A typed reply is an instructor drafting or a tester checking wording: no voice unless --save-spoken asks.
    speak = not args.no_speak and args.reply is not None
    deliver_reports(args, attempt, audio=audio, scenario=scenario, speak=speak, quiet_stdout=args.json_path == "-")
    return 0


def _analyse_recording(args: argparse.Namespace, scenario: Any) -> tuple[Any, Any]:
    """Analyse the recording; no speech is an error (after --json), a history fault only a notice."""
    from voice_deesc.asr import load_transcriber
    from voice_deesc.audio import load_audio
    from voice_deesc.pipeline import analyse
    from voice_deesc.speech import NO_WORDS_NOTE, prepare_reply

    audio = load_audio(args.reply)
    # The stored neutral reading by default, as in practice; the line goes to stderr when stdout carries the JSON.
    baseline, note = load_baseline_quietly(args)
    # The slow part (model load, recognition, first pitch tracking): a spinner on a terminal, nothing when piped.
    with Spinner(sys.stderr) as spin:
        spin.stage("loading the speech model")
        transcriber = load_transcriber(args.engine, vosk_model=args.vosk_model)
        spin.stage("listening for speech")
        audio, speech = prepare_reply(audio)
        spin.stage("transcribing and analysing the reply")
        attempt = analyse(audio, scenario, transcriber, audio_path=str(args.reply), baseline=baseline, speech=speech)
    if not speech.has_speech:
        if args.json_path:
            write_json(attempt.to_dict(), args.json_path)
        raise AudioError(f"{args.reply}: {speech.message}")
    announce_baseline(note, to_stderr=args.json_path == "-")  # after the checks: an error stands alone
    if not attempt.transcript.words:
        print(f"voice-deesc: {args.reply}: {NO_WORDS_NOTE}", file=sys.stderr)
    if not args.no_history:
        attempt = record_history_or_warn(attempt)
    return attempt, audio


def record_history_or_warn(attempt: Any) -> Any:
    """Store the attempt; when the history cannot be written, keep the finished analysis and say so."""
    from voice_deesc.pipeline import HISTORY_NOT_UPDATED, record_or_note

    stored = record_or_note(attempt)
    for note in stored.warnings[len(attempt.warnings) :]:
        if note.startswith(HISTORY_NOT_UPDATED):
            print(f"voice-deesc: {note}", file=sys.stderr)
    return stored
