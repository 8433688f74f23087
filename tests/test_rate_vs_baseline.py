"""Rate against the neutral reading holds at a rushed pace (issue 11): real espeak-ng speech, real Whisper.

Peak counting merges syllables in fast speech, so a reply spoken 60 % faster than the reading read only ~8 % faster;
when both sides' words are known the rate is counted from them, and otherwise from the peaks on both sides.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.audio import Audio, load_audio
from voice_deesc.commands.baseline_cmd import READING_PASSAGE
from voice_deesc.delivery.analyse import analyse_delivery
from voice_deesc.delivery.baseline import Reading, load_reading, profile_voice
from voice_deesc.delivery.score import score_calm
from voice_deesc.delivery.verdicts import Measure, Verdict
from voice_deesc.tts import synthesize

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

REPLY = (
    "Waiting all night for a bed and then being told there is no room sounds exhausting. "
    "It makes sense that you are angry with us. I am staying right here with you, "
    "and we can look at the other places together and call them now."
)
CALM_WPM = 150
RUSHED_WPM = 240


@pytest.fixture(scope="module")
def voices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The passage at the calm rate (the baseline) and the reply at the calm and the rushed rate."""
    folder = tmp_path_factory.mktemp("rate-baseline")
    return {
        "reading": synthesize(READING_PASSAGE, folder / "reading.wav", rate_wpm=CALM_WPM),
        "calm": synthesize(REPLY, folder / "calm.wav", rate_wpm=CALM_WPM),
        "rushed": synthesize(REPLY, folder / "rushed.wav", rate_wpm=RUSHED_WPM),
    }


def words_of(text: str) -> Transcript:
    """The words that were synthesised (the rate counts them over the audio's own speech time)."""
    return Transcript(tuple(Word(w, 0.0, 0.0) for w in text.split()), text, "reference", "")


def passage(path: Path) -> Reading:
    audio = load_audio(path)
    return Reading.of(audio, READING_PASSAGE)


def rate_verdict(audio: Audio, transcript: Transcript, baseline: Audio) -> tuple[float, Verdict]:
    delivery = analyse_delivery(audio, transcript, baseline=baseline)
    assert delivery.baseline is not None and delivery.baseline.rate_pct is not None
    verdict = next(v for v in score_calm(delivery).verdicts if v.measure == Measure.RATE_VS_BASELINE)
    return delivery.baseline.rate_pct, verdict.verdict


def test_a_rushed_reply_is_flagged_against_the_read_passage(voices: dict[str, Path]) -> None:
    pct, verdict = rate_verdict(load_audio(voices["rushed"]), words_of(REPLY), passage(voices["reading"]))
    assert pct >= 25.0
    assert verdict == Verdict.FLAG


def test_the_same_pace_stays_within_ten_percent(voices: dict[str, Path]) -> None:
    pct, verdict = rate_verdict(load_audio(voices["calm"]), words_of(REPLY), passage(voices["reading"]))
    assert -10.0 <= pct <= 10.0
    assert verdict != Verdict.FLAG


def test_whisper_words_flag_the_rushed_reply_too(voices: dict[str, Path], whisper) -> None:
    rushed = load_audio(voices["rushed"])
    pct, verdict = rate_verdict(rushed, whisper.transcribe(rushed), passage(voices["reading"]))
    assert pct >= 25.0 and verdict == Verdict.FLAG


def test_peak_counting_alone_misses_most_of_the_speed_up(voices: dict[str, Path]) -> None:
    """The reason for the words: the same two recordings compared by detected nuclei read far less than the words."""
    reading = passage(voices["reading"])
    by_words, _ = rate_verdict(load_audio(voices["rushed"]), words_of(REPLY), reading)
    plain = load_audio(voices["reading"])
    by_peaks, _ = rate_verdict(load_audio(voices["rushed"]), words_of(REPLY), plain)
    assert by_peaks < by_words - 10.0


def test_unknown_words_on_either_side_compare_peaks_with_peaks(voices: dict[str, Path]) -> None:
    """A reading of unknown words, or a reply with no words: both sides by detected nuclei, never one each way."""
    rushed = load_audio(voices["rushed"])
    plain, reading = load_audio(voices["reading"]), passage(voices["reading"])
    peaks = profile_voice(rushed).rate_sps
    base_peaks = profile_voice(plain).rate_sps
    assert peaks is not None and base_peaks is not None
    expected = 100.0 * (peaks / base_peaks - 1.0)
    no_words = Transcript((), "", "none", "")
    for transcript, baseline in ((words_of(REPLY), plain), (no_words, reading)):
        delivery = analyse_delivery(rushed, transcript, baseline=baseline)
        assert delivery.baseline is not None and delivery.baseline.rate_pct is not None
        assert delivery.baseline.rate_pct == pytest.approx(expected, abs=1.0)


def test_the_reading_counts_its_syllables_from_its_words(voices: dict[str, Path]) -> None:
    plain, reading = profile_voice(load_audio(voices["reading"])), profile_voice(passage(voices["reading"]))
    assert plain.word_rate_sps is None
    assert reading.word_rate_sps is not None and reading.rate_sps is not None
    # At a calm pace the detector and the words agree closely (they part only when speech gets fast).
    assert reading.word_rate_sps == pytest.approx(reading.rate_sps, rel=0.1)
    assert profile_voice(load_audio(voices["reading"]), text=READING_PASSAGE) == reading


def test_load_reading_takes_the_words_stored_beside_the_audio(voices: dict[str, Path], tmp_path: Path) -> None:
    assert not isinstance(load_reading(voices["reading"]), Reading)
    copy = tmp_path / "mine.wav"
    shutil.copy(voices["reading"], copy)
    copy.with_suffix(".txt").write_text(READING_PASSAGE + "\n", encoding="utf-8")
    loaded = load_reading(copy)
    assert isinstance(loaded, Reading) and loaded.text == READING_PASSAGE
