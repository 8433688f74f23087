"""`voice-deesc practice`: hear the client, answer out loud, get feedback — the trainee's main loop."""

from __future__ import annotations

import argparse
from datetime import datetime

from voice_deesc.commands.common import add_engine_options


def register(subparsers: argparse._SubParsersAction) -> None:
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
    add_engine_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc import tts
    from voice_deesc.asr import load_transcriber
    from voice_deesc.audio import from_array, save_audio
    from voice_deesc.devices import has_input_device, has_output_device, play_file, record_reply
    from voice_deesc.errors import DeviceError
    from voice_deesc.feedback.report import render_text
    from voice_deesc.feedback.spoken import speak_summary
    from voice_deesc.paths import data_home, spoken_dir
    from voice_deesc.pipeline import analyse
    from voice_deesc.scenarios import get_scenario, list_scenarios

    if not has_input_device():
        raise DeviceError(
            "no microphone found — record your reply with another program and run "
            "`voice-deesc evaluate REPLY.wav --scenario ID`"
        )
    scenario = get_scenario(args.scenario) if args.scenario else list_scenarios()[0]
    transcriber = load_transcriber(args.engine, vosk_model=args.vosk_model)
    print(f"{scenario.title} (level {scenario.difficulty})\n{scenario.context}\n")
    speaker = has_output_device() and not args.no_speak
    if speaker:
        play_file(scenario.client_audio or tts.synthesize(scenario.client_statement, spoken_dir() / "client.wav"))
    else:
        print(f'The client says: "{scenario.client_statement}"\n')
    print("Your turn: reply out loud. Recording stops when you have been quiet for a moment.")
    samples, reason = record_reply(end_silence_s=args.end_silence)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    recording = save_audio(from_array(samples, 16_000), data_home() / "recordings" / f"{scenario.id}-{stamp}.wav")
    print(f"Recording saved ({reason}): {recording}\n")
    audio = from_array(samples, 16_000)
    attempt = analyse(audio, scenario, transcriber, audio_path=str(recording))
    print(render_text(attempt))
    if speaker:
        speak_summary(attempt, save_to=spoken_dir() / "feedback.wav", play=True)
    return 0
