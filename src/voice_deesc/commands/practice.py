"""`voice-deesc practice`: hear the client, answer out loud, get feedback — the trainee's main loop."""

from __future__ import annotations

import argparse
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voice_deesc.audio import Audio

from voice_deesc.commands.common import add_baseline_option, add_engine_options, add_report_options, deliver_reports


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
    add_baseline_option(parser)
    parser.add_argument("--no-history", action="store_true", help="do not record this attempt in your history")
    add_engine_options(parser)
    add_report_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voice_deesc import tts
    from voice_deesc.asr import load_transcriber
    from voice_deesc.audio import from_array, load_audio, save_audio
    from voice_deesc.delivery.analyse import warm_up
    from voice_deesc.devices import has_input_device, has_output_device, play_file, record_reply
    from voice_deesc.errors import DeviceError
    from voice_deesc.paths import data_home, spoken_dir
    from voice_deesc.pipeline import analyse, recognition_prompt
    from voice_deesc.scenarios.load import get_scenario, list_scenarios

    if not has_input_device():
        raise DeviceError(
            "no microphone found — record your reply with another program and run "
            "`voice-deesc evaluate REPLY.wav --scenario ID`"
        )
    scenario = get_scenario(args.scenario) if args.scenario else list_scenarios()[0]
    baseline = load_audio(args.baseline) if args.baseline else _stored_baseline()
    transcriber = load_transcriber(args.engine, vosk_model=args.vosk_model)
    # Pay the pitch tracker's one-off compile while the client is speaking, not after the trainee stops.
    threading.Thread(target=warm_up, daemon=True).start()
    print(f"{scenario.title} (level {scenario.difficulty})\n{scenario.context}\n")
    speaker = has_output_device() and not args.no_speak
    if speaker:
        play_file(scenario.client_audio or tts.synthesize(scenario.client_statement, spoken_dir() / "client.wav"))
    else:
        print(f'The client says: "{scenario.client_statement}"\n')
    print("Your turn: reply out loud. Recording stops when you have been quiet for a moment.")
    # Recognition runs while the trainee speaks, so after they stop only the last stretch is left to decode.
    stream = transcriber.stream(prompt=recognition_prompt(scenario))
    samples, reason = record_reply(end_silence_s=args.end_silence, on_block=stream.feed)
    transcript = stream.finish()
    audio = from_array(samples, 16_000)
    # Saved before analysis, so a crash or a full disk later never loses the trainee's recording.
    recording = save_audio(audio, _new_recording_path(data_home() / "recordings", scenario.id))
    print(f"Recording saved ({reason}): {recording}\n")
    attempt = analyse(audio, scenario, transcriber, audio_path=str(recording), baseline=baseline, transcript=transcript)
    if attempt.heard_speech and not args.no_history:
        from voice_deesc.pipeline import record_and_compare

        attempt = record_and_compare(attempt)
    deliver_reports(args, attempt, audio=audio, scenario=scenario, speak=speaker)
    return 0


def _new_recording_path(folder: Path, scenario_id: str) -> Path:
    """A name no earlier recording has: the time to the second, plus a counter when two rounds share it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{scenario_id}-{stamp}.wav"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{scenario_id}-{stamp}-{counter}.wav"
    return path


def _stored_baseline() -> Audio | None:
    """The neutral reading kept by `voice-deesc baseline`, announced so the trainee knows what is compared."""
    from voice_deesc.audio import load_audio
    from voice_deesc.history import History

    with History() as history:
        stored = history.latest_baseline()
    if stored is None:
        print("(Tip: `voice-deesc baseline record` once makes the delivery feedback fairer to your own voice.)")
        return None
    print(f"Judging delivery against your neutral reading of {stored.created_at[:10]}.")
    return load_audio(stored.audio_path)
