"""The practice loop's hardware edge: end-of-speech decided on real speech, and a clear line with no microphone."""

from __future__ import annotations

import numpy as np
import pytest

from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import bundled_reply
from voice_deesc.devices import has_input_device
from voice_deesc.endpoint import EndOfSpeech

BLOCK = 480  # 30 ms at 16 kHz, the recorder's block size


def _feed(detector: EndOfSpeech, samples: np.ndarray) -> float | None:
    for start in range(0, len(samples), BLOCK):
        if detector.push(samples[start : start + BLOCK]):
            return detector.elapsed_s
    return None


def test_reply_ends_after_trailing_silence_not_at_inner_pauses():
    speech = load_audio(bundled_reply()).samples
    room_noise = np.random.default_rng(0).normal(0, 10 ** (-65 / 20), 16_000 * 4).astype(np.float32)
    detector = EndOfSpeech(16_000)
    stopped_at = _feed(detector, np.concatenate([speech, room_noise]))
    assert detector.reason == "finished"
    speech_end = len(speech) / 16_000
    # The espeak reply has sentence pauses under 1 s: it must not stop inside them.
    assert speech_end + 1.0 < stopped_at < speech_end + 2.0


def test_no_speech_times_out():
    detector = EndOfSpeech(16_000)
    stopped_at = _feed(detector, np.zeros(16_000 * 15, np.float32))
    assert detector.reason == "no speech"
    assert stopped_at == pytest.approx(10.0, abs=0.05)


def test_monologue_hits_the_time_limit():
    tone = (0.3 * np.sin(np.arange(16_000 * 130) * 2 * np.pi * 200 / 16_000)).astype(np.float32)
    detector = EndOfSpeech(16_000)
    _feed(detector, tone)
    assert detector.reason == "time limit"


@pytest.mark.skipif(has_input_device(), reason="a microphone is present")
def test_practice_without_microphone_says_so(run_cli):
    result = run_cli("practice", "--no-speak")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no microphone found" in lines[0]
    assert "Traceback" not in result.stderr
