"""delivery.dsp against the library calls it replaces on the analysis path (librosa.stft, scipy's find_peaks)."""

from __future__ import annotations

import numpy as np
import pytest

from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import bundled_reply
from voice_deesc.delivery.dsp import fft_frequencies, find_peaks, power_spectrogram


@pytest.mark.parametrize(("n_fft", "hop"), [(512, 160), (1024, 320), (256, 100)])
def test_power_spectrogram_is_librosas(n_fft, hop):
    import librosa

    y = load_audio(bundled_reply()).samples[: 16_000 * 3].astype(np.float32)
    ours = power_spectrogram(y, n_fft=n_fft, hop=hop)
    theirs = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop, center=True)) ** 2
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-3, atol=1e-6 * float(theirs.max()))
    np.testing.assert_allclose(
        fft_frequencies(sample_rate=16_000, n_fft=n_fft), librosa.fft_frequencies(sr=16_000, n_fft=n_fft)
    )


@pytest.mark.parametrize("seed", range(6))
def test_find_peaks_is_scipys(seed):
    from scipy.signal import find_peaks as scipy_find_peaks

    rng = np.random.default_rng(seed)
    x = np.convolve(rng.normal(size=2000), np.ones(5) / 5, mode="same")
    x[100:110] = x[100:110].max() + 1.0  # a plateau
    options = {"height": float(np.percentile(x, 40)), "distance": 1 + seed * 2, "prominence": 0.1 * seed}
    ours, _ = find_peaks(x, **options)
    theirs, _ = scipy_find_peaks(x, **options)
    np.testing.assert_array_equal(ours, theirs)
    assert ours.size > 10


def test_find_peaks_of_a_flat_or_tiny_signal_is_empty():
    assert find_peaks(np.zeros(50), prominence=1.0)[0].size == 0
    assert find_peaks(np.array([1.0, 2.0]))[0].size == 0
