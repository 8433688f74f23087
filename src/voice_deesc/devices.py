"""The sound card, behind two calls: play a file, record a reply. Everything else is pure.

With no sound card (CI, servers) PortAudio lists no devices; the app then says so and saves files instead.
"""

from __future__ import annotations

from pathlib import Path

from voice_deesc.errors import DeviceError


def _sounddevice():  # type: ignore[no-untyped-def]
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
