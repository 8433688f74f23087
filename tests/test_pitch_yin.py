"""Our numpy YIN against librosa.yin, the implementation it replaces (same algorithm, no JIT compile)."""

from __future__ import annotations

import numpy as np
import pytest

from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import bundled_reply
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
