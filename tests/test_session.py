"""The practice loop as a library, driven by a recorded reply fed through the microphone's streaming path."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.audio import SAMPLE_RATE_HZ, load_audio
from voice_deesc.commands.demo import bundled_reply
from voice_deesc.history import History
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.session import (
    BLOCK_S,
    ClientSpoke,
    Listening,
    RecordedReply,
    ReplySaved,
    feed_blocks,
    practice_round,
)

BLOCK = round(BLOCK_S * SAMPLE_RATE_HZ)


@pytest.fixture(scope="module")
def reply_then_quiet(tmp_path_factory) -> tuple[object, float]:
    """The bundled reply followed by 4 s of quiet room: end of speech must be decided from the audio."""
    speech = load_audio(bundled_reply()).samples
    room = np.random.default_rng(0).normal(0, 10 ** (-65 / 20), SAMPLE_RATE_HZ * 4).astype(np.float32)
    path = tmp_path_factory.mktemp("replies") / "reply.wav"
    sf.write(str(path), np.concatenate([speech, room]), SAMPLE_RATE_HZ)
    return path, len(speech) / SAMPLE_RATE_HZ


def test_feed_blocks_stops_at_the_end_of_speech(reply_then_quiet):
    path, speech_s = reply_then_quiet
    blocks: list[int] = []
    samples, reason = feed_blocks(load_audio(path).samples, on_block=lambda b: blocks.append(len(b)))
    assert reason == "finished"
    assert speech_s + 1.0 < len(samples) / SAMPLE_RATE_HZ < speech_s + 2.0
    assert set(blocks[:-1]) == {BLOCK} and sum(blocks) == len(samples)


def test_feed_blocks_without_trailing_silence_ends_with_the_recording():
    tone = (0.3 * np.sin(np.arange(SAMPLE_RATE_HZ * 2) * 2 * np.pi * 150 / SAMPLE_RATE_HZ)).astype(np.float32)
    samples, reason = feed_blocks(tone, on_block=lambda b: None)
    assert reason == "end of recording" and len(samples) == len(tone)


def test_a_round_from_a_recorded_reply(reply_then_quiet, whisper, tmp_path):
    path, speech_s = reply_then_quiet
    events: list[object] = []
    scenario = get_scenario("lost-housing-voucher")
    result = practice_round(scenario, whisper, RecordedReply(path), speak=False, on_event=events.append)
    assert [type(e) for e in events] == [ClientSpoke, Listening, ReplySaved]
    assert events[0].played is False and events[2].reason == "finished"
    assert result.recording == events[2].path and result.recording.parent == tmp_path / "home" / "recordings"
    assert sf.info(str(result.recording)).duration == pytest.approx(result.audio.duration_s, abs=0.01)
    assert "housing office" in result.attempt.transcript.text.lower()  # recognised block by block
    # stopped by the detector, not the file: 1 s after the finished sentence the decoder has kept up with
    assert speech_s + 0.3 < result.audio.duration_s < speech_s + 1.5
    with History() as history:  # kept, so the next round at this scenario is compared with it
        assert [a.scenario_id for a in history.attempts()] == ["lost-housing-voucher"]
    practice_round(scenario, whisper, RecordedReply(path), speak=False, keep_history=False)
    with History() as history:
        assert len(history.attempts()) == 1


def test_practice_answers_with_a_recorded_reply(reply_then_quiet, run_cli):
    path, _ = reply_then_quiet
    result = run_cli("practice", "--scenario", "lost-housing-voucher", "--replies", str(path), "--no-speak")
    assert result.returncode == 0, result.stderr
    assert 'The client says: "' in result.stdout and "Recording saved (finished)" in result.stdout
