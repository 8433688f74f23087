"""The two signal-processing helpers the delivery analysis took from librosa and scipy, in plain numpy.

Why not import them: ``import librosa`` (for ``stft``) pulls in scipy.signal, and loads numba-compiled kernels; in a
fresh process that cost ~2-5 s, more than recognising a 20 s reply (scripts/bench_budgets.py prints both). These
compute the same numbers (tests/test_librosa_parity.py compares them with ``librosa.stft``, tests/test_dsp.py
with ``scipy.signal.find_peaks``).
"""

from __future__ import annotations

import numpy as np


def power_spectrogram(y: np.ndarray, *, n_fft: int, hop: int) -> np.ndarray:
    """``abs(librosa.stft(y, n_fft=n_fft, hop_length=hop)) ** 2``: periodic Hann window, centred zero-padded frames.

    Parameters
    ----------
    y : np.ndarray, shape (n,), n >= n_fft
        Mono samples.
    n_fft : int > 0
        Window and FFT length in samples.
    hop : int > 0
        Samples between frames.

    Returns
    -------
    np.ndarray, shape (1 + n_fft // 2, 1 + n // hop)
        Power per frequency bin (rows, ``fft_frequencies``) and frame (columns).
    """
    padded = np.pad(y, (n_fft // 2, n_fft // 2))
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop]
    window = (0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)).astype(y.dtype)
    spectrum = np.fft.rfft(frames * window, axis=1).T
    return np.asarray(spectrum.real**2 + spectrum.imag**2)


def fft_frequencies(*, sample_rate: int, n_fft: int) -> np.ndarray:
    """Centre frequency in Hz of each row of ``power_spectrogram``, shape (1 + n_fft // 2,)."""
    return np.fft.rfftfreq(n_fft, d=1.0 / sample_rate)


def find_peaks(
    x: np.ndarray, *, height: float | None = None, distance: int | None = None, prominence: float | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Indices of local maxima of ``x`` as ``scipy.signal.find_peaks`` selects them with these three criteria.

    A maximum may be a plateau (its middle sample, rounded down); then peaks under ``height`` go, then, tallest
    first, peaks closer than ``distance`` samples to a taller kept one, then peaks whose prominence (height above
    the higher of the lowest points on each side before a taller sample) is under ``prominence``.

    Returns
    -------
    peaks : np.ndarray of int, shape (k,)
    properties : dict
        Empty; kept so this is a drop-in for scipy's signature.
    """
    x = np.asarray(x, dtype=np.float64)
    peaks = _local_maxima(x)
    if height is not None:
        peaks = peaks[x[peaks] >= height]
    if distance is not None and peaks.size > 1:
        peaks = _apart(peaks, x[peaks], int(np.ceil(distance)))
    if prominence is not None and peaks.size:
        peaks = peaks[_prominences(x, peaks) >= prominence]
    return peaks, {}


def _local_maxima(x: np.ndarray) -> np.ndarray:
    """Samples higher than both neighbours; for a flat top, its middle (edges never count)."""
    rising = np.flatnonzero(np.diff(x) > 0) + 1  # candidates: x[i - 1] < x[i]
    peaks = []
    for i in rising:
        if i >= x.size - 1:
            continue
        ahead = i + 1
        while ahead < x.size - 1 and x[ahead] == x[i]:
            ahead += 1
        if x[ahead] < x[i]:
            peaks.append((i + ahead - 1) // 2)
    return np.unique(np.asarray(peaks, dtype=np.int64))


def _apart(peaks: np.ndarray, heights: np.ndarray, distance: int) -> np.ndarray:
    """Keep the tallest peaks first, dropping any closer than ``distance`` to one already kept."""
    keep = np.ones(peaks.size, dtype=bool)
    for i in np.argsort(heights)[::-1]:  # scipy's order, ties included
        if not keep[i]:
            continue
        j = i - 1
        while j >= 0 and peaks[i] - peaks[j] < distance:
            keep[j] = False
            j -= 1
        j = i + 1
        while j < peaks.size and peaks[j] - peaks[i] < distance:
            keep[j] = False
            j += 1
    return peaks[keep]


def _prominences(x: np.ndarray, peaks: np.ndarray) -> np.ndarray:
    """Topographic prominence of each peak over the whole signal."""
    out = np.empty(peaks.size)
    for n, p in enumerate(peaks):
        higher_left = np.flatnonzero(x[:p] > x[p])
        higher_right = np.flatnonzero(x[p + 1 :] > x[p])
        start = higher_left[-1] + 1 if higher_left.size else 0
        stop = p + 1 + higher_right[0] if higher_right.size else x.size
        out[n] = x[p] - max(x[start : p + 1].min(), x[p:stop].min())
    return out
