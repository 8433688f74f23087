"""The sound card, behind two calls: play a file, record a reply. Everything else is pure.

With no sound card (CI, servers) PortAudio lists no devices; the app then says so and saves files instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from voice_deesc.errors import DeviceError


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as e:  # the PortAudio library itself is missing
        raise DeviceError("PortAudio is not installed — run `sudo apt-get install libportaudio2`") from e
    return sounddevice


def has_output_device() -> bool:
    """True when a speaker is available; never raises."""
    try:
        sd = _sounddevice()
        return any(d.get("max_output_channels", 0) > 0 for d in sd.query_devices())
    except Exception:
        return False


def has_input_device() -> bool:
    """True when a microphone is available; never raises."""
    try:
        sd = _sounddevice()
        return any(d.get("max_input_channels", 0) > 0 for d in sd.query_devices())
    except Exception:
        return False


def play_file(path: Path) -> None:
    """Play a WAV file to the end on the default output device."""
    import soundfile as sf

    if not has_output_device():
        raise DeviceError("no speaker found — the audio was saved instead; use --no-speak to skip playback")
    sd = _sounddevice()
    data, rate = sf.read(str(path), dtype="float32")
    try:
        sd.play(data, rate)
        sd.wait()
    except sd.PortAudioError as e:
        raise DeviceError(f"the speaker could not be opened ({e}) — check the output device or use --no-speak") from e


BLOCK_S = 0.03


def record_reply(
    *,
    sample_rate_hz: int = 16_000,
    end_silence_s: float | None = None,
    on_block: Callable[[np.ndarray], object] | None = None,
) -> tuple[np.ndarray, str]:
    """Record from the default microphone until the trainee stops speaking; returns (samples, reason).

    The PortAudio callback only copies blocks into a queue (python-sounddevice's rule: no work in the
    callback); end-of-speech is decided here on the main thread, which also hands each block to
    ``on_block`` (a recognition stream) so transcription runs while the trainee is still talking.
    """
    import queue

    from voice_deesc.endpointing import END_SILENCE_S, EndOfSpeech

    if not has_input_device():
        raise DeviceError(
            "no microphone found — record your reply with another program and run "
            "`voice-deesc evaluate REPLY.wav --scenario ID`"
        )
    sd = _sounddevice()
    blocks: queue.Queue[np.ndarray] = queue.Queue()
    detector = EndOfSpeech(sample_rate_hz, end_silence_s=end_silence_s or END_SILENCE_S)

    def _callback(indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
        blocks.put(indata[:, 0].copy())

    captured: list[np.ndarray] = []
    try:
        with sd.InputStream(
            samplerate=sample_rate_hz,
            channels=1,
            dtype="float32",
            blocksize=int(BLOCK_S * sample_rate_hz),
            callback=_callback,
        ):
            while True:
                block = blocks.get(timeout=5.0)
                captured.append(block)
                if detector.push(block, on_block(block) if on_block is not None else None):
                    break
    except queue.Empty as e:
        raise DeviceError("the microphone stopped sending audio — check the input device and try again") from e
    except sd.PortAudioError as e:
        raise DeviceError(f"the microphone could not be opened ({e}) — check the input device") from e
    return np.concatenate(captured) if captured else np.zeros(0, np.float32), detector.reason
