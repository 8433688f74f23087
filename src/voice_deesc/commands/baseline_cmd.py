"""`voice-deesc baseline record | set FILE | show`: the trainee's own neutral reading, recorded once.

domain.md: microphones differ by ±10 dB and voices by 2x in rate, so the strongest delivery measure is
the change from the trainee's own calm voice. `practice`, `evaluate` and `batch` use the stored reading
automatically (`--no-baseline` to skip it).
"""

from __future__ import annotations

import argparse
import textwrap
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from voice_deesc.audio import Audio

READING_PASSAGE = (
    "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. "
    "The rainbow is a division of white light into many beautiful colors. These take the shape of a long "
    "round arch, with its path high above, and its two ends apparently beyond the horizon."
)
"""The opening of the Rainbow Passage (Fairbanks, 1960), the standard neutral reading of speech science."""
MIN_SPEECH_S = 5.0
"""Less speech than this gives an unstable pitch and rate reference."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "baseline", help="record or set your neutral reading, used by practice, evaluate and batch"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    record = actions.add_parser("record", help="read a short passage into the microphone")
    record.set_defaults(run=run_record)
    use = actions.add_parser("set", help="use a recording you already have of yourself reading calmly")
    use.add_argument("recording", type=Path)
    use.set_defaults(run=run_set)
    actions.add_parser("show", help="the stored reading and its measures").set_defaults(run=run_show)


def run_record(args: argparse.Namespace) -> int:
    from voice_deesc.audio import from_array
    from voice_deesc.delivery.baseline import Reading
    from voice_deesc.devices import has_input_device, record_reply
    from voice_deesc.errors import DeviceError

    if not has_input_device():
        raise DeviceError(
            "no microphone found — record yourself reading calmly with another program and run "
            "`voice-deesc baseline set FILE.wav`"
        )
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    print("Read this aloud in your ordinary, relaxed voice, as if to a friend:\n")
    print(wrap.fill(READING_PASSAGE) + "\n")
    samples, _reason = record_reply(end_silence_s=2.0)
    _store(Reading.of(from_array(samples, 16_000), READING_PASSAGE), source="the microphone")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from voice_deesc.delivery.baseline import load_reading

    _store(load_reading(args.recording), source=str(args.recording))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from voice_deesc.history import History

    with History() as history:
        stored = history.latest_baseline()
    if stored is None:
        print("No neutral reading stored yet — run `voice-deesc baseline record` (or `baseline set FILE.wav`).")
        return 0
    print(f"Neutral reading from {stored.created_at[:16].replace('T', ' ')}: {stored.audio_path}")
    print(_describe(stored.profile))
    return 0


def _store(audio: Audio, *, source: str) -> None:
    """Keep the reading and its measures; a :class:`Reading`'s words (what was read) are kept beside the audio.

    The words let the reply's rate be compared with the reading's syllable for syllable, which holds when the
    reply is fast (``delivery.baseline.rate_change``); a reading of unknown words is compared by detected nuclei.
    """
    from voice_deesc.audio import save_audio
    from voice_deesc.delivery.baseline import READING_TEXT_SUFFIX, Reading, profile_voice
    from voice_deesc.errors import AudioError
    from voice_deesc.history import History
    from voice_deesc.paths import data_home

    profile = profile_voice(audio)  # a Reading brings its words
    if profile.speech_s < MIN_SPEECH_S or profile.pitch_median_hz is None:
        raise AudioError(
            f"{source}: only {profile.speech_s:.1f} s of speech was heard; a neutral reading needs at least "
            f"{MIN_SPEECH_S:.0f} s — read the whole passage in your ordinary voice"
        )
    folder = data_home() / "baselines"
    target = folder / f"baseline-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.wav"
    save_audio(audio, target)
    if isinstance(audio, Reading) and audio.text:  # owner-only like the recording it describes
        words = target.with_suffix(READING_TEXT_SUFFIX)
        words.write_text(audio.text + "\n", encoding="utf-8")
        words.chmod(0o600)
    with History() as history:
        history.record_baseline(target, profile.to_dict())
    print(f"Stored your neutral reading ({audio.duration_s:.0f} s) at {target}")
    print(_describe(profile.to_dict()))
    print("`practice`, `evaluate` and `batch` now judge your delivery as the change from this reading.")


def _describe(profile: dict[str, Any]) -> str:
    parts = []
    if profile.get("pitch_median_hz"):
        parts.append(f"typical pitch {profile['pitch_median_hz']:.0f} Hz")
    if profile.get("loudness_dbfs") is not None:
        parts.append(f"level {profile['loudness_dbfs']:.0f} dBFS")
    if profile.get("rate_sps"):
        parts.append(f"{profile['rate_sps']:.1f} syllables a second")
    return "Measured: " + ", ".join(parts) + "."
