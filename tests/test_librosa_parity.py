"""Our numpy signal code against the librosa calls it replaces (YIN, the power spectrogram): same algorithms, no JIT.

Every librosa comparison lives in this one file so that one test worker, not each, pays librosa's first-import
compile of its numba ufuncs (30-45 s on a fresh environment of a 2-core machine)."""

from __future__ import annotations

import numpy as np
import pytest

from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import bundled_reply
from voice_deesc.delivery.dsp import fft_frequencies, power_spectrogram
from voice_deesc.delivery.pitch import PITCH_FMAX_HZ, PITCH_FMIN_HZ, yin

SAMPLE_RATE = 16_000
FRAME_LENGTH = 1024
HOP = 320


def _both(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    import librosa

    ours = yin(
        y, fmin_hz=PITCH_FMIN_HZ, fmax_hz=PITCH_FMAX_HZ, sample_rate=SAMPLE_RATE, frame_length=FRAME_LENGTH, hop=HOP
    )
    theirs = librosa.yin(
        y, fmin=PITCH_FMIN_HZ, fmax=PITCH_FMAX_HZ, sr=SAMPLE_RATE, frame_length=FRAME_LENGTH, hop_length=HOP
    )
    return ours, theirs


@pytest.mark.parametrize("f0_hz", [70.0, 110.0, 196.0, 310.0, 420.0])
def test_yin_finds_a_noisy_tone_as_librosa_does(f0_hz: float) -> None:
    rng = np.random.default_rng(7)
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    y = (0.5 * np.sin(2 * np.pi * f0_hz * t) + 0.05 * rng.standard_normal(t.size)).astype(np.float32)
    ours, theirs = _both(y)
    assert ours.shape == theirs.shape == (1 + y.size // HOP,)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)
    assert abs(np.median(ours) / f0_hz - 1) < 0.01


def test_yin_matches_librosa_on_recorded_speech() -> None:
    audio = load_audio(bundled_reply())
    y = audio.samples.astype(np.float32)
    ours, theirs = _both(y - y.mean())
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)


def test_tracking_in_blocks_gives_the_same_pitch_as_all_frames_at_once(monkeypatch):
    from voice_deesc.delivery import pitch

    rng = np.random.default_rng(7)
    sr = 16_000
    t = np.arange(12 * sr) / sr
    y = (np.sin(2 * np.pi * (120 + 40 * np.sin(2 * np.pi * 0.3 * t)) * t) + 0.05 * rng.standard_normal(t.size)).astype(
        np.float32
    )
    kwargs = {"fmin_hz": 65.0, "fmax_hz": 450.0, "sample_rate": sr, "frame_length": 1024, "hop": 320}
    monkeypatch.setattr(pitch, "YIN_BLOCK_FRAMES", 37)  # many uneven blocks
    in_blocks = pitch.yin(y, **kwargs)
    monkeypatch.setattr(pitch, "YIN_BLOCK_FRAMES", 10**9)
    at_once = pitch.yin(y, **kwargs)
    assert in_blocks.shape == at_once.shape == (1 + y.size // 320,)
    np.testing.assert_array_equal(in_blocks, at_once)


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
