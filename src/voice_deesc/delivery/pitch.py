"""Pitch (F0) of a reply: YIN plus a voicing decision, summarised in Hz and semitones.

Why yin and not pyin (scripts/bench_analysis.py, 20 s reply, shared 2-core machine): pyin, even narrowed to
65-450 Hz with 64 ms frames and a 20 ms hop, took 1.7 s (10 s under heavy load); yin plus the voicing decision
below took 0.04 s (0.1 s CPU under load), inside the 0.3 s budget for the whole analysis (design.md "Budgets").
Their median F0 agrees to 0.16 semitones (median over the RAVDESS clips; within 1 st on 87 % of them).
The YIN here is librosa.yin's algorithm (same difference function, threshold, trough picking and parabolic
refinement) written in plain numpy: librosa's version runs numba stencils that compile on the first call in every
new process (~3.5 s), which made a cold `voice-deesc evaluate` pay more for pitch than for recognition. The result
matches librosa.yin to within float rounding (tests/test_librosa_parity.py).
yin has no voicing decision of its own, so a frame counts as voiced only when it is speech (energy gate) and the
waveform repeats at yin's period (normalised autocorrelation at that lag >= ``VOICING_MIN_CORRELATION``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from voice_deesc.delivery.frames import Frames

PITCH_FMIN_HZ = 65.0
"""Below the lowest adult speaking F0 (low male voices reach ~70 Hz)."""
PITCH_FMAX_HZ = 450.0
"""Above a raised female voice (~350 Hz in strong anger on RAVDESS), below most octave errors."""
PITCH_WINDOW_S = 0.064
"""yin needs a window longer than two periods of ``PITCH_FMIN_HZ`` (2 x 15.4 ms)."""
PITCH_HOP_FRAMES = 2
"""Pitch every second analysis frame (20 ms): F0 statistics need no finer grid, and yin's cost is per frame
(measured under load: ~250 ms CPU at a 10 ms hop vs ~80 ms at 20 ms for a 20 s reply)."""
YIN_TROUGH_THRESHOLD = 0.1
"""YIN's absolute threshold on the normalised difference (de Cheveigne & Kawahara 2002; librosa's default)."""
VOICING_MIN_CORRELATION = 0.5
"""Normalised autocorrelation at the yin period above which a frame is periodic (voiced)."""
YIN_BLOCK_FRAMES = 500
"""Frames tracked together (10 s at the 20 ms pitch hop): peak memory stays flat in the reply's length."""
MIN_VOICED_FRAMES = 10
"""Fewer voiced frames (100 ms) than this and no pitch figure is reported."""
END_RISE_S = 1.0
"""The final stretch of voiced speech compared with the whole reply for "pitch rising toward the end"."""


@dataclass(frozen=True, eq=False)
class PitchTrack:
    f0_hz: np.ndarray
    """F0 per frame on the frames' 10 ms grid; NaN where unvoiced. Shape (n,)."""

    @property
    def voiced(self) -> np.ndarray:
        return np.asarray(np.isfinite(self.f0_hz), dtype=bool)


@dataclass(frozen=True)
class PitchSummary:
    median_hz: float | None
    range_st: float | None
    """10th to 90th percentile of voiced F0, in semitones."""
    sd_st: float | None
    """Standard deviation of F0 in semitones around the median: variability (domain.md monotone < 2 st)."""
    end_rise_st: float | None
    """Median F0 of the final ``END_RISE_S`` of voiced speech minus the whole reply's median, semitones."""
    end_rise_at_s: float | None
    voiced_s: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "median_hz": self.median_hz,
            "range_st": self.range_st,
            "sd_st": self.sd_st,
            "end_rise_st": self.end_rise_st,
            "end_rise_at_s": self.end_rise_at_s,
            "voiced_s": self.voiced_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PitchSummary:
        return cls(
            median_hz=data.get("median_hz"),
            range_st=data.get("range_st"),
            sd_st=data.get("sd_st"),
            end_rise_st=data.get("end_rise_st"),
            end_rise_at_s=data.get("end_rise_at_s"),
            voiced_s=float(data.get("voiced_s") or 0.0),
        )


def track_pitch(samples: np.ndarray, frames: Frames) -> PitchTrack:
    """F0 per frame where the frame is speech and periodic; NaN elsewhere."""
    sr = frames.sample_rate
    hop = frames.hop * PITCH_HOP_FRAMES
    n = -(-frames.level_dbfs.size // PITCH_HOP_FRAMES)
    frame_length = int(2 ** np.ceil(np.log2(PITCH_WINDOW_S * sr)))
    y = samples.astype(np.float32)
    y = y - float(np.mean(y)) if y.size else y
    if y.size < frame_length:
        y = np.pad(y, (0, frame_length - y.size))
    f0 = yin(y, fmin_hz=PITCH_FMIN_HZ, fmax_hz=PITCH_FMAX_HZ, sample_rate=sr, frame_length=frame_length, hop=hop)
    f0 = _fit(f0, n)
    corr = _periodicity(y, f0, frame_length, hop, sr, n)
    # Back onto the frames' 10 ms grid: each pitch frame covers PITCH_HOP_FRAMES analysis frames.
    size = frames.level_dbfs.size
    f0 = np.repeat(f0, PITCH_HOP_FRAMES)[:size]
    corr = np.repeat(corr, PITCH_HOP_FRAMES)[:size]
    voiced = (
        frames.speech & (corr >= VOICING_MIN_CORRELATION) & (f0 > PITCH_FMIN_HZ * 1.05) & (f0 < PITCH_FMAX_HZ * 0.95)
    )
    return PitchTrack(np.where(voiced, f0, np.nan))


def summarise_pitch(track: PitchTrack, *, hop_s: float) -> PitchSummary:
    """Median, range, variability and end rise of a pitch track."""
    f0 = track.f0_hz
    idx = np.flatnonzero(track.voiced)
    if idx.size < MIN_VOICED_FRAMES:
        return PitchSummary(None, None, None, None, None, round(idx.size * hop_s, 2))
    values = f0[idx]
    median = float(np.median(values))
    st = 12.0 * np.log2(values / median)
    low, high = np.percentile(st, [10, 90])
    tail_n = max(MIN_VOICED_FRAMES // 2, round(END_RISE_S / hop_s))
    rise = at = None
    if idx.size >= 2 * tail_n:
        rise = float(np.median(st[-tail_n:]))
        at = round(float(idx[-tail_n]) * hop_s, 2)
    return PitchSummary(
        median_hz=round(median, 1),
        range_st=round(float(high - low), 2),
        sd_st=round(float(np.std(st)), 2),
        end_rise_st=None if rise is None else round(rise, 2),
        end_rise_at_s=at,
        voiced_s=round(idx.size * hop_s, 2),
    )


def _fit(values: np.ndarray, n: int) -> np.ndarray:
    if values.size >= n:
        return values[:n]
    return np.pad(values, (0, n - values.size), constant_values=np.nan)


def _periodicity(y: np.ndarray, f0: np.ndarray, frame_length: int, hop: int, sr: int, n: int) -> np.ndarray:
    """Normalised autocorrelation of each centred frame at its own yin period (vectorised)."""
    fr = _centred_frames(y, frame_length, hop)
    m = min(fr.shape[1], n)
    lag = np.full(n, 1, dtype=np.int64)
    ok = np.isfinite(f0[:m]) & (f0[:m] > 0)
    lag[:m][ok] = np.clip(np.round(sr / f0[:m][ok]).astype(np.int64), 1, frame_length // 2)
    width = frame_length - int(np.ceil(sr / PITCH_FMIN_HZ))
    cols = np.arange(m)
    a = fr[:width, :m]
    b = fr[lag[:m][None, :] + np.arange(width)[:, None], cols[None, :]]
    num = np.sum(a * b, axis=0)
    den = np.sqrt(np.sum(a * a, axis=0) * np.sum(b * b, axis=0)) + 1e-12
    out = np.zeros(n)
    out[:m] = np.where(ok, num / den, 0.0)
    return out


def yin(
    y: np.ndarray,
    *,
    fmin_hz: float,
    fmax_hz: float,
    sample_rate: int,
    frame_length: int,
    hop: int,
    trough_threshold: float = YIN_TROUGH_THRESHOLD,
) -> np.ndarray:
    """F0 of each centred frame by YIN (de Cheveigne & Kawahara 2002), in numpy, as ``librosa.yin`` computes it.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono samples.
    fmin_hz, fmax_hz : float > 0
        The search range; ``sample_rate / fmin_hz`` must be shorter than ``frame_length``.
    sample_rate : int > 0
    frame_length : int > 0
        Samples per analysis window; frames are centred (zero-padded by half a window at each end).
    hop : int > 0
        Samples between frames.
    trough_threshold : float
        The first normalised-difference trough below this is the period; with none, the global minimum.

    Returns
    -------
    np.ndarray, shape (1 + n // hop,)
        F0 in Hz per frame (every frame gets an estimate: voicing is decided by the caller).
    """
    frames = _centred_frames(y, frame_length, hop)
    min_period = int(np.floor(sample_rate / fmax_hz))
    max_period = min(int(np.ceil(sample_rate / fmin_hz)), frame_length - 1)
    # Frames are independent, so a long reply is tracked in blocks: the spectra of every frame at once cost
    # ~3 MB per second of audio, which is what bounded the accepted reply length under the memory budget.
    periods = [
        _yin_periods(frames[:, start : start + YIN_BLOCK_FRAMES], min_period, max_period, trough_threshold)
        for start in range(0, frames.shape[1], YIN_BLOCK_FRAMES)
    ]
    return np.asarray(sample_rate / np.concatenate(periods), dtype=np.float64)


def _yin_periods(frames: np.ndarray, min_period: int, max_period: int, trough_threshold: float) -> np.ndarray:
    """The refined period in samples of each frame (column), YIN's trough rule."""
    cmnd = _cumulative_mean_normalised_difference(frames, min_period, max_period)
    shifts = _parabolic_shifts(cmnd)
    is_trough = np.zeros_like(cmnd, dtype=bool)
    is_trough[1:-1] = (cmnd[1:-1] < cmnd[:-2]) & (cmnd[1:-1] <= cmnd[2:])
    is_trough[-1] = cmnd[-1] < cmnd[-2]
    is_trough[0] = cmnd[0] < cmnd[1]
    below = is_trough & (cmnd < trough_threshold)
    period = np.where(below.any(axis=0), np.argmax(below, axis=0), np.argmin(cmnd, axis=0))
    refined: np.ndarray = min_period + period + np.take_along_axis(shifts, period[None, :], axis=0)[0]
    return refined


def _centred_frames(y: np.ndarray, frame_length: int, hop: int) -> np.ndarray:
    """Frames as columns, shape (frame_length, n_frames), centred by zero-padding half a window each side."""
    padded = np.pad(y, (frame_length // 2, frame_length // 2))
    windows = np.lib.stride_tricks.sliding_window_view(padded, frame_length)[::hop]
    return windows.T


def _cumulative_mean_normalised_difference(frames: np.ndarray, min_period: int, max_period: int) -> np.ndarray:
    """YIN's d'(tau) for tau in [min_period, max_period], shape (max_period - min_period + 1, n_frames)."""
    n = frames.shape[0]
    n_fft = 1 << int(np.ceil(np.log2(2 * n - 1)))  # long enough that the circular correlation is the linear one
    spectrum = np.fft.rfft(frames, n=n_fft, axis=0)
    acf = np.fft.irfft(spectrum.real**2 + spectrum.imag**2, n=n_fft, axis=0)[: max_period + 1]
    energy = np.cumsum(np.square(frames), axis=0)
    diff = np.zeros((max_period + 1, frames.shape[1]), dtype=acf.dtype)
    # d(k) = 2 * (ACF(0) - ACF(k)) - sum_{m<k} y(m)^2, librosa's form of the difference function
    diff[1:] = 2.0 * (acf[0:1] - acf[1:]) - energy[:max_period]
    lags = np.arange(1, max_period + 1)[:, None]
    cumulative_mean = np.cumsum(diff[1:], axis=0) / lags
    denominator = cumulative_mean[min_period - 1 : max_period]
    return diff[min_period : max_period + 1] / (denominator + np.finfo(denominator.dtype).tiny)


def _parabolic_shifts(x: np.ndarray) -> np.ndarray:
    """Offset of the parabola's vertex through each point and its neighbours (0 at the edges or when > 1 bin)."""
    shifts = np.zeros_like(x)
    a = x[2:] + x[:-2] - 2.0 * x[1:-1]
    b = (x[2:] - x[:-2]) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        shifts[1:-1] = np.where(np.abs(b) >= np.abs(a), 0.0, -b / a)
    return shifts
