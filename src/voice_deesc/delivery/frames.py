"""Frame-level views of a reply shared by every delivery measure: levels, the speech mask, the spectrum.

Computed once per reply (:func:`compute_frames`) so pauses, loudness, effort, pitch and rate all agree on
which 10 ms frames are speech. Energy-based, so it works without word timings (RAVDESS clips have none).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_deesc.audio import Audio, frame_levels_dbfs

HOP_S = 0.01
"""10 ms between analysis frames: fine enough to place a 250 ms pause to within a frame or two."""
WINDOW_S = 0.032
"""32 ms analysis window (512 samples at 16 kHz): several pitch periods, still short against a syllable."""
SPEECH_BELOW_PEAK_DB = 30.0
"""A frame within 30 dB of the reply's loud frames (99th percentile) may be speech: a relative gate survives
unknown microphone gain (domain.md: gain varies by +-10 dB or more)."""
SPEECH_ABOVE_FLOOR_DB = 9.0
"""...and at least 9 dB above the noise floor (10th percentile of frame levels), so steady noise is not speech."""
ABSOLUTE_FLOOR_DBFS = -75.0
"""Nothing quieter than this is speech, whatever the gate says (digital silence, dither)."""
MIN_SPEECH_SEGMENT_S = 0.06
"""Shorter bursts are clicks or breaths, not speech."""
MIN_PAUSE_S = 0.25
"""domain.md: 250 ms is the common silent-pause threshold; shorter gaps are part of speaking."""


@dataclass(frozen=True, eq=False)
class Frames:
    """Per-frame measures of one reply, all on the same ``HOP_S`` grid."""

    level_dbfs: np.ndarray
    """RMS level of each window in dBFS, shape (n,)."""
    speech: np.ndarray
    """bool, shape (n,): the frame belongs to a speech segment (gaps under ``MIN_PAUSE_S`` bridged)."""
    power: np.ndarray
    """Power spectrum, shape (n_bins, n)."""
    freqs_hz: np.ndarray
    """Centre frequency of each bin, shape (n_bins,)."""
    sample_rate: int
    hop: int
    """Samples between frames."""
    noise_floor_dbfs: float

    @property
    def times_s(self) -> np.ndarray:
        return np.arange(self.level_dbfs.size) * HOP_S

    def time_of(self, index: int) -> float:
        return round(float(index) * self.hop / self.sample_rate, 2)


def compute_frames(audio: Audio) -> Frames:
    """Levels, spectrum and speech mask of a reply on a 10 ms grid."""
    from voice_deesc.delivery.dsp import fft_frequencies, power_spectrogram

    sr = audio.sample_rate
    hop = max(1, round(HOP_S * sr))
    n_fft = int(2 ** np.ceil(np.log2(WINDOW_S * sr)))
    y = audio.samples.astype(np.float32)
    y = y - float(np.mean(y)) if y.size else y  # a DC offset would read as level and low-frequency energy
    if y.size < n_fft:
        y = np.pad(y, (0, n_fft - y.size))
    spec = power_spectrogram(y, n_fft=n_fft, hop=hop)
    # the same periodic Hann window and centred frames as the spectrum, so levels and spectrum line up frame by frame
    window = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)
    level = frame_levels_dbfs(y, frame_length=n_fft, hop_length=hop, window=window, center=True)[: spec.shape[1]]
    floor = float(np.percentile(level, 10))
    loud = float(np.percentile(level, 99))
    threshold = max(loud - SPEECH_BELOW_PEAK_DB, floor + SPEECH_ABOVE_FLOOR_DB, ABSOLUTE_FLOOR_DBFS)
    speech = _clean_mask(level > threshold, hop / sr)
    return Frames(level, speech, spec, fft_frequencies(sample_rate=sr, n_fft=n_fft), sr, hop, floor)


def segments(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of True as (start, end) frame indices, end exclusive."""
    if mask.size == 0:
        return []
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _clean_mask(mask: np.ndarray, hop_s: float) -> np.ndarray:
    """Drop bursts shorter than a syllable fragment, then bridge gaps shorter than a pause."""
    out = np.zeros_like(mask, dtype=bool)
    min_seg = max(1, round(MIN_SPEECH_SEGMENT_S / hop_s))
    kept = [(a, b) for a, b in segments(mask) if b - a >= min_seg]
    max_gap = round(MIN_PAUSE_S / hop_s)
    merged: list[list[int]] = []
    for a, b in kept:
        if merged and a - merged[-1][1] < max_gap:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    for a, b in merged:
        out[a:b] = True
    return out
