"""delivery.dsp against scipy's find_peaks, which it replaces on the analysis path (its librosa.stft twin is checked
in test_librosa_parity.py)."""

from __future__ import annotations

import numpy as np
import pytest

from voice_deesc.delivery.dsp import find_peaks


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
