"""Audio in one shape for the whole app: float32 mono in [-1, 1] at a known rate.

Everything that reads a file goes through :func:`load_audio`, so every bad input (missing, empty,
not audio, too long) fails here with one clear message, and every oddity that can be repaired
(stereo, 8 kHz, clipping) is repaired once and noted for the report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from voice_deesc.errors import AudioError

SAMPLE_RATE_HZ = 16_000
"""The analysis rate: Whisper and Vosk both decode 16 kHz, and pitch below 500 Hz needs no more."""

MAX_DURATION_S = 90.0
"""The longest reply accepted. domain.md: a good reply is 5-40 s and over 60 s is a monologue (still accepted,
so it can be told to be concise). The cap also bounds memory: measured with /usr/bin/time -v
(scripts/fault_matrix.py), `evaluate --html` of a 90 s reply peaks at ~590 MB with Whisper loaded, because
the delivery analysis (STFT + yin over the whole reply) grows by ~3 MB per second of audio; 600 MB is the budget."""

MIN_DURATION_S = 0.05
"""Shorter than one analysis frame (and than any word): a damaged or empty file, not a reply."""

MIN_USEFUL_RATE_HZ = 16_000
"""Below this the recording lacks the upper speech band; it is upsampled but noted as less reliable."""

MIN_FILE_RATE_HZ = 4_000
MAX_FILE_RATE_HZ = 384_000
"""Rates outside 4-384 kHz are a damaged header, not a microphone: a 1 Hz header turns 1 KB into ten minutes."""
MAX_CHANNELS = 64

READ_BLOCK_S = 10.0
READ_BLOCK_BYTES = 16 * 1024 * 1024
"""Long files are read, mixed down and resampled in blocks of at most 10 s and 16 MB (float32, all channels),
so memory stays flat whatever the rate, channel count or length."""

CLIP_LEVEL = 0.999
CLIPPED_FRACTION_WARN = 0.001
"""More than 0.1 % of samples at full scale means the microphone gain is too high."""

SILENCE_FRAME_S = 0.03
SILENCE_DBFS = -50.0
"""No 30 ms frame louder than -50 dBFS: the file holds no audible speech."""


@dataclass(frozen=True, eq=False)
class Audio:
    """A mono recording; ``notes`` carries what loading repaired, for the trainee's report."""

    samples: np.ndarray
    """float32, shape (n,), values in [-1, 1]."""
    sample_rate: int
    """Samples per second."""
    notes: tuple[str, ...] = field(default=())
    """Plain-language notes about repairs made while loading (stereo mixed down, resampled, clipped)."""

    @property
    def duration_s(self) -> float:
        return len(self.samples) / float(self.sample_rate)


def load_audio(path: str | os.PathLike[str], *, sample_rate_hz: int = SAMPLE_RATE_HZ) -> Audio:
    """Read an audio file as mono float32 at ``sample_rate_hz``, streaming it in blocks.

    Parameters
    ----------
    path : path-like
        A WAV, FLAC or OGG file (anything libsndfile reads).
    sample_rate_hz : int > 0
        Rate of the returned audio; the file is resampled block by block when it differs.

    Raises
    ------
    AudioError
        The file is missing, unreadable, empty, not audio, has no frames, an absurd rate or channel count,
        or is longer than ``MAX_DURATION_S``.
    """
    import soundfile as sf

    path = Path(path)
    info = _checked_info(path)
    notes: list[str] = []
    declared = _declared_wav_frames(path, info.channels, info.subtype)
    mixer = _BlockMixer(info.samplerate, sample_rate_hz)
    try:
        for block in sf.blocks(
            str(path), blocksize=_block_frames(info.samplerate, info.channels), dtype="float32", always_2d=True
        ):
            mixer.add(block)
    except (sf.LibsndfileError, RuntimeError) as e:
        raise AudioError(f"{path}: the audio data cannot be decoded ({_short(e)}) — the file may be truncated") from e
    if mixer.frames / info.samplerate < MIN_DURATION_S:
        raise AudioError(
            f"{path}: holds {mixer.frames / info.samplerate * 1000:.0f} ms of audio, too short for a reply — "
            "it may be truncated; record it again"
        )
    rate = info.samplerate
    if declared is not None and declared > mixer.frames:
        notes.append(
            f"the file ends early ({mixer.frames / rate:.1f} s of {declared / rate:.1f} s); analysed what is there"
        )
    if info.channels > 1:
        notes.append(f"{info.channels}-channel recording mixed down to mono")
    return _finish(mixer, rate, sample_rate_hz, notes)


def _block_frames(rate_hz: int, channels: int) -> int:
    return max(1024, min(int(rate_hz * READ_BLOCK_S), READ_BLOCK_BYTES // (4 * max(1, channels))))


def _checked_info(path: Path) -> Any:
    """The file's header, after every check that can be made without reading the audio itself."""
    import soundfile as sf

    if not path.exists():
        raise AudioError(f"{path}: no such file — check the path to the recording")
    if path.is_dir():
        raise AudioError(f"{path}: is a folder, not an audio file — give the path of a .wav file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: the file is empty (0 bytes) — record the reply again")
    try:
        with path.open("rb"):
            pass
    except OSError as e:
        raise AudioError(f"{path}: cannot be opened ({e.strerror or e}) — check the file's permissions") from e
    try:
        info = sf.info(str(path))
    except (sf.LibsndfileError, RuntimeError) as e:
        raise AudioError(f"{path}: not a readable audio file ({_short(e)}) — give a WAV, FLAC or OGG recording") from e
    if info.frames <= 0 or info.samplerate <= 0 or info.channels <= 0:
        raise AudioError(f"{path}: the file holds no audio frames — record the reply again")
    if not MIN_FILE_RATE_HZ <= info.samplerate <= MAX_FILE_RATE_HZ:
        raise AudioError(
            f"{path}: the header says {info.samplerate} samples per second, outside "
            f"{MIN_FILE_RATE_HZ}-{MAX_FILE_RATE_HZ} Hz — the file is damaged; export it again as a 16 kHz WAV"
        )
    if info.channels > MAX_CHANNELS:
        raise AudioError(f"{path}: {info.channels} channels (limit {MAX_CHANNELS}) — export a mono or stereo WAV")
    if info.frames / info.samplerate > MAX_DURATION_S:
        raise AudioError(
            f"{path}: {info.frames / info.samplerate:.0f} s long, over the {MAX_DURATION_S:.0f} s limit for one "
            "reply — trim it to the reply itself"
        )
    return info


class _BlockMixer:
    """Mix each block to mono, repair non-finite samples, count clipping and resample as the blocks arrive."""

    def __init__(self, rate_hz: int, target_rate_hz: int) -> None:
        import soxr

        self._stream = None if rate_hz == target_rate_hz else soxr.ResampleStream(rate_hz, target_rate_hz, 1)
        self._parts: list[np.ndarray] = []
        self.frames = self.clipped = self.damaged = 0

    def add(self, block: np.ndarray) -> None:
        finite = np.isfinite(block)
        if not finite.all():
            self.damaged += int(block.size - np.count_nonzero(finite))
            block = np.where(finite, block, np.float32(0.0))
        self.clipped += int(np.count_nonzero(np.abs(block).max(axis=1) >= CLIP_LEVEL))
        mono = block.mean(axis=1, dtype=np.float32) if block.shape[1] > 1 else block[:, 0]
        self.frames += mono.shape[0]
        self._parts.append(self._resample(mono, last=False))

    def _resample(self, mono: np.ndarray, *, last: bool) -> np.ndarray:
        if self._stream is None:
            return np.array(mono, dtype=np.float32)
        return np.asarray(self._stream.resample_chunk(np.ascontiguousarray(mono), last=last), dtype=np.float32)

    def samples(self) -> np.ndarray:
        if self._stream is not None:
            self._parts.append(self._resample(np.zeros(0, np.float32), last=True))
        out = np.concatenate(self._parts) if self._parts else np.zeros(0, np.float32)
        self._parts = []
        return out


def from_array(samples: np.ndarray, sample_rate: int, *, sample_rate_hz: int = SAMPLE_RATE_HZ) -> Audio:
    """Wrap samples from a microphone or synthesizer; (n,) or (n, channels), any float or int dtype."""
    data = np.asarray(samples)
    if np.issubdtype(data.dtype, np.integer):
        data = data.astype(np.float32) / float(np.iinfo(data.dtype).max)
    data = data.astype(np.float32)
    if data.size == 0:
        raise AudioError("the recording is empty — nothing was captured; check the microphone and try again")
    notes: list[str] = []
    if data.ndim == 2 and data.shape[1] > 1:
        notes.append(f"{data.shape[1]}-channel recording mixed down to mono")
    mixer = _BlockMixer(int(sample_rate), sample_rate_hz)
    mixer.add(data.reshape(data.shape[0], -1))
    return _finish(mixer, int(sample_rate), sample_rate_hz, notes)


def _finish(mixer: _BlockMixer, rate: int, target_rate: int, notes: list[str]) -> Audio:
    """Add the notes about what was repaired while the blocks were read, and wrap the result."""
    damaged, clipped, frames = mixer.damaged, mixer.clipped, max(1, mixer.frames)
    mono = mixer.samples()
    if damaged:
        notes.append(f"damaged samples repaired ({damaged} not-a-number or infinite values set to silence)")
    if clipped / frames > CLIPPED_FRACTION_WARN:
        notes.append(
            f"{clipped / frames:.1%} of samples are at full scale (clipped) — lower the microphone gain; "
            "loudness and vocal effort are less reliable"
        )
    if rate < MIN_USEFUL_RATE_HZ:
        notes.append(f"recorded at {rate} Hz (telephone quality); transcription and pitch are less reliable")
    return Audio(np.clip(mono, -1.0, 1.0).astype(np.float32, copy=False), target_rate, tuple(notes))


def resample(samples: np.ndarray, from_rate_hz: int, to_rate_hz: int) -> np.ndarray:
    """High-quality rate conversion (soxr), the same library librosa uses by default."""
    if from_rate_hz == to_rate_hz:
        return samples
    import soxr

    resampled: np.ndarray = soxr.resample(samples, from_rate_hz, to_rate_hz)
    return resampled.astype(np.float32)


LEVEL_FLOOR = 1e-10
"""RMS below this (-200 dBFS) counts as digital silence, so the log stays finite."""


def frame_levels_dbfs(
    samples: np.ndarray,
    *,
    frame_length: int,
    hop_length: int | None = None,
    window: np.ndarray | None = None,
    center: bool = False,
) -> np.ndarray:
    """RMS level of each frame in dBFS (a full-scale sine reads -3 dBFS): the one frame loudness of the app.

    Parameters
    ----------
    samples : np.ndarray, shape (n,)
        Mono samples in [-1, 1]; may be empty.
    frame_length : int > 0
        Samples per frame.
    hop_length : int > 0, optional
        Samples between frame starts; default ``frame_length`` (non-overlapping). A trailing partial frame is
        zero-padded into one more frame, so the last words of a reply are never dropped.
    window : np.ndarray, shape (frame_length,), optional
        Weights applied to each frame; the mean square is normalised by the window's own energy, so a steady tone
        reads the same level with or without one.
    center : bool
        Pad ``frame_length // 2`` zeros at each end so that frame ``i`` is centred on sample ``i * hop_length``
        (librosa's framing, used by the delivery analysis' spectrum).

    Returns
    -------
    np.ndarray, shape (n_frames,)
        float64 levels in dBFS, at least one frame.

    Examples
    --------
    >>> t = np.arange(16_000) / 16_000
    >>> round(float(frame_levels_dbfs(np.sin(2 * np.pi * 440 * t), frame_length=480)[0]), 1)
    -3.0
    """
    hop = hop_length or frame_length
    y = np.asarray(samples, dtype=np.float64)
    if center:
        y = np.pad(y, (frame_length // 2, frame_length // 2))
    n_frames = max(1, -(-max(0, y.size - frame_length) // hop) + 1)
    y = np.pad(y, (0, max(0, (n_frames - 1) * hop + frame_length - y.size)))
    frames = np.lib.stride_tricks.sliding_window_view(y, frame_length)[::hop][:n_frames]
    if window is None:
        mean_square = np.mean(frames**2, axis=1)
    else:
        weights = np.asarray(window, dtype=np.float64) ** 2
        mean_square = (frames**2) @ weights / float(weights.sum())
    return np.asarray(20.0 * np.log10(np.maximum(np.sqrt(mean_square), LEVEL_FLOOR)))


def is_silent(audio: Audio) -> bool:
    """True when no frame reaches ``SILENCE_DBFS``: nothing a person would hear as speech."""
    frame = max(1, round(SILENCE_FRAME_S * audio.sample_rate))
    return audio.samples.size == 0 or float(frame_levels_dbfs(audio.samples, frame_length=frame).max()) < SILENCE_DBFS


def save_audio(audio: Audio, path: str | os.PathLike[str], *, private: bool = True) -> Path:
    """Write a 16-bit WAV atomically (temp file + rename), owner-only when ``private``: recordings are sensitive."""
    import soundfile as sf

    from voice_deesc.fsutil import atomic_write_with

    return atomic_write_with(
        path,
        lambda tmp: sf.write(str(tmp), audio.samples, audio.sample_rate, subtype="PCM_16", format="WAV"),
        mode=0o600 if private else 0o644,
    )


_PCM_BYTES = {"PCM_U8": 1, "PCM_S8": 1, "PCM_16": 2, "PCM_24": 3, "PCM_32": 4, "FLOAT": 4, "DOUBLE": 8}


def _declared_wav_frames(path: Path, channels: int, subtype: str) -> int | None:
    """Frames the WAV header promises; libsndfile silently shortens a truncated file, so compare ourselves."""
    width = _PCM_BYTES.get(subtype)
    if width is None:
        return None
    with path.open("rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        while True:
            chunk = handle.read(8)
            if len(chunk) < 8:
                return None
            size = int.from_bytes(chunk[4:8], "little")
            if chunk[:4] == b"data":
                if size in (0, 0xFFFFFFFF):  # "size unknown" (a stream was recorded): nothing to compare with
                    return None
                return size // (width * max(1, channels))
            handle.seek(size + (size & 1), os.SEEK_CUR)


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]
