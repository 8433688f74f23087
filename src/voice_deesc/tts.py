"""Speech synthesis with espeak-ng, always to a file first.

Each utterance runs the ``espeak-ng`` command in its own process: the same text and settings give the same
samples every time. Through the library in one long-lived process (pyttsx3) they do not: its asynchronous
callback drops a timing-dependent last chunk, so a scenario's client line, a fixture or a test's spoken reply
came out differently depending on what had been said before. pyttsx3 remains the fallback where the command is
missing (other platforms' own voices). Playback goes through :mod:`voice_deesc.devices` when an output device
exists (pyttsx3's own ``say()`` shells out to ``aplay`` and fails without a sound card).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from voice_deesc.audio import Audio, load_audio
from voice_deesc.errors import DeviceError, StorageError

CLIENT_RATE_WPM = 165
"""The client speaks at an ordinary, slightly pressed conversational rate."""
FEEDBACK_RATE_WPM = 135
"""The coach models the calm band it recommends (domain.md: 110-140 words/min)."""
FEEDBACK_VOLUME = 0.8
"""Below full scale: the coach never shouts."""
FILE_MODE = 0o600
"""Owner-only: spoken feedback quotes what the trainee said."""
DEFAULT_PITCH = 50
"""espeak-ng's own pitch setting (0-99)."""
SYNTH_TIMEOUT_S = 120.0
"""espeak-ng speaks a long scenario in well under a second; two minutes means it hangs."""

# How an agitated client sounds (domain.md: a raised voice is faster, louder and higher; "Difficulty levels:
# mild frustration -> shouting"). Each step of agitation (0-10) adds these to the level-0 voice.
CALM_CLIENT_RATE_WPM = 140
RATE_STEP_WPM = 6
"""0 -> 140, 5 -> 170, 10 -> 200 words/min."""
CALM_CLIENT_PITCH = 40
PITCH_STEP = 4
"""0 -> 40, 5 -> 60, 10 -> 80 on espeak-ng's 0-99 scale (about +5 semitones from calm to shouting)."""
CALM_CLIENT_VOLUME = 0.6
VOLUME_STEP = 0.08
"""0 -> 0.6, 5 -> 1.0, 10 -> 1.4 of espeak-ng's normal amplitude (about +7 dB from calm to shouting)."""


@dataclass(frozen=True)
class VoiceSettings:
    """How the synthetic voice speaks: pace, pitch and volume."""

    rate_wpm: int = CLIENT_RATE_WPM
    pitch: int = DEFAULT_PITCH
    """espeak-ng's 0-99 pitch scale."""
    volume: float = 1.0
    """1.0 = espeak-ng's normal amplitude; up to 2.0."""


def client_voice(agitation: int) -> VoiceSettings:
    """The client's voice at ``agitation`` (0 at ease ... 10 shouting): faster, higher and louder as it rises."""
    level = max(0, min(10, int(agitation)))
    return VoiceSettings(
        rate_wpm=CALM_CLIENT_RATE_WPM + RATE_STEP_WPM * level,
        pitch=CALM_CLIENT_PITCH + PITCH_STEP * level,
        volume=round(CALM_CLIENT_VOLUME + VOLUME_STEP * level, 2),
    )


def synthesize(
    text: str, path: Path, *, rate_wpm: int = CLIENT_RATE_WPM, volume: float = 1.0, pitch: int = DEFAULT_PITCH
) -> Path:
    """Write ``text`` as speech to the WAV file ``path`` and return it (``pitch`` on espeak-ng's 0-99 scale)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StorageError(
            f"{path.parent}: cannot hold the speech ({e.strerror}) — choose a folder you can write to"
        ) from e
    command = shutil.which("espeak-ng")
    if command is not None:
        _espeak_command(command, text, path, rate_wpm=rate_wpm, volume=volume, pitch=pitch)
    else:
        _pyttsx3(text, path, rate_wpm=rate_wpm, volume=volume, pitch=pitch)
    if not path.is_file() or path.stat().st_size <= 44:
        raise DeviceError(
            f"{path}: the speech synthesizer wrote no audio — check that espeak-ng works (`espeak-ng hello`)"
        )
    os.chmod(path, FILE_MODE)
    return path


def _espeak_command(command: str, text: str, path: Path, *, rate_wpm: int, volume: float, pitch: int) -> None:
    """One utterance by the ``espeak-ng`` program; the text goes on stdin, so no word of it is read as an option."""
    amplitude = round(float(volume) * 100)  # the same 0-200 scale the library's volume setting maps onto
    args = [command, "--stdin", "-w", str(path), "-s", str(int(rate_wpm)), "-a", str(amplitude), "-p", str(int(pitch))]
    try:
        done = subprocess.run(args, input=text, text=True, capture_output=True, timeout=SYNTH_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise DeviceError(f"{path}: espeak-ng did not finish ({e}) — check that `espeak-ng hello` works") from e
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise DeviceError(f"{path}: espeak-ng failed ({reason}) — check that `espeak-ng hello` works")


def _pyttsx3(text: str, path: Path, *, rate_wpm: int, volume: float, pitch: int) -> None:
    """The library route, where no ``espeak-ng`` program is on the PATH."""
    try:
        import pyttsx3
    except ImportError as e:
        raise DeviceError("no speech synthesizer found — install espeak-ng (`sudo apt-get install espeak-ng`)") from e
    try:
        engine = pyttsx3.init()
    except Exception as e:  # pyttsx3 raises bare errors when no driver/espeak library is found
        raise DeviceError(
            f"no speech synthesizer found ({e}) — install espeak-ng (`sudo apt-get install espeak-ng`)"
        ) from e
    # the espeak driver prints "Audio saved to ..." from its callback; keep stdout for the app's own output
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            engine.setProperty("rate", int(rate_wpm))
            engine.setProperty("volume", float(volume))
            engine.setProperty("pitch", int(pitch))
            engine.save_to_file(text, str(path))
            engine.runAndWait()
        finally:
            engine.stop()


def synthesize_voice(text: str, path: Path, voice: VoiceSettings) -> Path:
    """:func:`synthesize` with a :class:`VoiceSettings` (e.g. :func:`client_voice` at the client's agitation)."""
    return synthesize(text, path, rate_wpm=voice.rate_wpm, volume=voice.volume, pitch=voice.pitch)


def synthesize_audio(
    text: str, *, rate_wpm: int = CLIENT_RATE_WPM, volume: float = 1.0, pitch: int = DEFAULT_PITCH
) -> Audio:
    """Synthesize to a temporary file and load it at the analysis rate."""
    with tempfile.TemporaryDirectory(prefix="voice-deesc-tts-") as tmp:
        return load_audio(synthesize(text, Path(tmp) / "speech.wav", rate_wpm=rate_wpm, volume=volume, pitch=pitch))
