"""`voice-deesc demo`: the whole loop on a built-in scenario and a bundled recorded reply, no microphone needed."""

from __future__ import annotations

import argparse
import textwrap
from importlib import resources
from pathlib import Path

from voice_deesc.commands.common import add_report_options, deliver_reports

DEMO_SCENARIO = "lost-housing-voucher"
DEMO_REPLY = "demo_reply.wav"
TEXT_WIDTH = 80
DEMO_BASELINE = "demo_baseline.wav"
"""The same (synthetic) trainee reading a neutral passage once: domain.md says the change from a speaker's
own baseline is the strongest delivery measure, and without it a bright voice reads as strained."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="hear a client, evaluate a bundled recorded reply, get feedback",
        description="Run the practice loop on a built-in scenario and a bundled reply.",
    )
    parser.add_argument("--no-speak", action="store_true", help="do not play or synthesize speech")
    parser.add_argument("--engine", default="whisper", help="speech engine (default: %(default)s, the embedded one)")
    add_report_options(parser)
    parser.set_defaults(run=run)


def bundled_reply() -> Path:
    return Path(str(resources.files("voice_deesc") / "data" / DEMO_REPLY))


def bundled_baseline() -> Path:
    return Path(str(resources.files("voice_deesc") / "data" / DEMO_BASELINE))


def run(args: argparse.Namespace) -> int:
    from voice_deesc import tts
    from voice_deesc.asr import load_transcriber
    from voice_deesc.audio import load_audio
    from voice_deesc.delivery.baseline import load_reading
    from voice_deesc.devices import has_output_device, play_file
    from voice_deesc.paths import spoken_dir
    from voice_deesc.pipeline import analyse
    from voice_deesc.scenarios.load import get_scenario

    scenario = get_scenario(DEMO_SCENARIO)
    print(f"Scenario: {scenario.title} (level {scenario.difficulty})")
    print(textwrap.fill(scenario.context, width=TEXT_WIDTH))
    print("\n" + textwrap.fill(f'The client says: "{scenario.client_statement}"', width=TEXT_WIDTH))
    speaker = has_output_device()
    if not args.no_speak:
        client_wav = scenario.client_audio or tts.synthesize(
            scenario.client_statement, spoken_dir() / "demo_client.wav"
        )
        if speaker:
            play_file(client_wav)
        else:
            print(f"(no speaker found: the client's voice is saved at {client_wav})")
    reply = bundled_reply()
    print()
    print(
        textwrap.fill(
            f"Evaluating the bundled recorded reply ({reply.name}) with the {args.engine} engine, against the "
            f"trainee's neutral reading ({DEMO_BASELINE}) as the baseline...",
            width=TEXT_WIDTH,
        )
        + "\n"
    )
    audio = load_audio(reply)
    baseline = load_reading(bundled_baseline())  # with the passage's words beside it, as `baseline record` keeps them
    attempt = analyse(audio, scenario, load_transcriber(args.engine), audio_path=str(reply), baseline=baseline)
    deliver_reports(
        args, attempt, audio=audio, scenario=scenario, speak=not args.no_speak, spoken_name="demo_feedback.wav"
    )
    return 0
