"""Speech synthesis with pyttsx3 (espeak-ng on Linux), always to a file first.

pyttsx3's own ``say()`` shells out to ``aplay`` and fails without a sound card, so the app synthesises
to a WAV and plays it through :mod:`voice_deesc.devices` when an output device exists.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from voice_deesc.audio import Audio, load_audio
from voice_deesc.errors import DeviceError

CLIENT_RATE_WPM = 165
"""The client speaks at an ordinary, slightly pressed conversational rate."""
FEEDBACK_RATE_WPM = 135
"""The coach models the calm band it recommends (domain.md: 110-140 words/min)."""
FEEDBACK_VOLUME = 0.8
"""Below full scale: the coach never shouts."""
FILE_MODE = 0o600
"""Owner-only: spoken feedback quotes what the trainee said."""


def synthesize(text: str, path: Path, *, rate_wpm: int = CLIENT_RATE_WPM, volume: float = 1.0) -> Path:
    """Write ``text`` as speech to the WAV file ``path`` and return it."""
    try:
        import pyttsx3
    except ImportError as e:
        raise DeviceError("pyttsx3 is not installed — run `pip install pyttsx3`") from e
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
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
            engine.save_to_file(text, str(path))
            engine.runAndWait()
        finally:
            engine.stop()
    if not path.is_file() or path.stat().st_size <= 44:
        raise DeviceError(
            f"{path}: the speech synthesizer wrote no audio — check that espeak-ng works (`espeak-ng hello`)"
        )
    os.chmod(path, FILE_MODE)
    return path


def synthesize_audio(text: str, *, rate_wpm: int = CLIENT_RATE_WPM, volume: float = 1.0) -> Audio:
    """Synthesize to a temporary file and load it at the analysis rate."""
    with tempfile.TemporaryDirectory(prefix="voice-deesc-tts-") as tmp:
        return load_audio(synthesize(text, Path(tmp) / "speech.wav", rate_wpm=rate_wpm, volume=volume))
