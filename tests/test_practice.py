"""The practice loop's hardware edge: end-of-speech decided on real speech, and a clear line with no microphone."""

from __future__ import annotations

import numpy as np
import pytest

from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import bundled_reply
from voice_deesc.devices import has_input_device
from voice_deesc.endpointing import EndOfSpeech

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
    speech = load_audio(bundled_reply()).samples  # no pause in it long enough to end the reply
    detector = EndOfSpeech(16_000)
    stopped_at = _feed(detector, np.tile(speech, int(detector.max_reply_s // 20) + 2))
    assert detector.reason == "time limit"
    assert stopped_at == pytest.approx(detector.max_reply_s, abs=0.05)


def test_a_loud_hum_is_not_speech():
    """The voice detector, not the level, decides: a steady 200 Hz hum as loud as speech never starts a reply."""
    tone = (0.3 * np.sin(np.arange(16_000 * 12) * 2 * np.pi * 200 / 16_000)).astype(np.float32)
    detector = EndOfSpeech(16_000)
    stopped_at = _feed(detector, tone)
    assert detector.reason == "no speech" and detector.speech_s < 0.3
    assert stopped_at == pytest.approx(10.0, abs=0.05)


@pytest.mark.skipif(has_input_device(), reason="a microphone is present")
def test_practice_without_microphone_says_so(run_cli):
    result = run_cli("practice", "--no-speak")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no microphone found" in lines[0]
    assert "Traceback" not in result.stderr


def test_practice_round_with_a_recorded_reply_at_the_microphone_edge(monkeypatch, tmp_path, capsys):
    """Only the sound card is replaced: the 'microphone' hands over the bundled recorded reply."""
    import soundfile as sf

    from voice_deesc import cli, devices

    reply, rate = sf.read(str(bundled_reply()), dtype="float32")
    assert rate == 16_000
    monkeypatch.setattr(devices, "has_input_device", lambda: True)
    monkeypatch.setattr(devices, "has_output_device", lambda: False)
    fed: list[int] = []

    def microphone(*, end_silence_s=None, on_block=None):
        for start in range(0, len(reply), BLOCK):
            on_block(reply[start : start + BLOCK])
            fed.append(start)
        return reply, "finished"

    monkeypatch.setattr(devices, "record_reply", microphone)
    # a single-statement pack: one round with the full report (conversation packs: tests/test_conversation_session.py)
    args = ["practice", "--scenario", "missed-prescriber-appointment", "--engine", "whisper", "--no-speak"]
    assert cli.main(args) == 0
    first = capsys.readouterr().out
    recordings = list((tmp_path / "home" / "recordings").glob("missed-prescriber-appointment-*.wav"))
    assert len(recordings) == 1
    assert recordings[0].stat().st_mode & 0o777 == 0o600
    assert sf.info(str(recordings[0])).duration == pytest.approx(len(reply) / rate, abs=0.01)
    assert "housing office" in first.lower()  # recognised by the stream fed block by block
    assert len(fed) == -(-len(reply) // BLOCK)
    # A second round at the same scenario is compared with the first one from the history store.
    assert cli.main(args) == 0
    second = capsys.readouterr().out
    assert "Change since your previous attempt" in second, second
    assert "overall +0" in second  # same reply, same scores
    # Both recordings are kept: a second round in the same second must not overwrite the first.
    assert len(list((tmp_path / "home" / "recordings").glob("missed-prescriber-appointment-*.wav"))) == 2
