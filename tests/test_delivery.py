"""Delivery measures on speech the tests synthesise with espeak-ng (real speech synthesis, known settings).

espeak-ng's ``-s`` is "approximate words per minute"; measured here, its raw word rate depends on word
length (0.9x the set rate on the sentence below, 1.3x on a sentence of one-syllable words), so the rate check
reads a sentence of ordinary counselling vocabulary and checks the measured rate within 15 % of the set rate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.audio import Audio, from_array, load_audio
from voice_deesc.delivery.analyse import Delivery, analyse_delivery
from voice_deesc.delivery.record import delivery_from_v1
from voice_deesc.delivery.score import score_calm

RATE_TEXT = (
    "Waiting eleven months and then hearing the voucher expired sounds incredibly discouraging. "
    "I understand why everybody here seems frustrating to you. Perhaps together we could investigate "
    "what happened with the application and consider the possible options."
)
SHORT_TEXT = "It sounds like this has been a really hard day for you."
LONG_TEXT = (
    "I want you to know that I am here with you and I am listening to everything you are telling me about "
    "the voucher and the shelter and the form that never got sent and I know that waiting eleven months is a "
    "very long time for anyone to wait and I want to understand what happened this morning at the office"
)
NO_WORDS = Transcript((), "", "none", "")

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def espeak(folder: Path, name: str, text: str, *args: str) -> Audio:
    path = folder / f"{name}.wav"
    if not path.exists():
        subprocess.run(["espeak-ng", *args, "-w", str(path), text], check=True, capture_output=True)
    return load_audio(path)


def reference(text: str) -> Transcript:
    """The words that were synthesised, without timings (the rate uses the audio's own speech span)."""
    return Transcript(tuple(Word(w, 0.0, 0.0) for w in text.split()), text, "reference", "")


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("espeak")


@pytest.fixture(scope="session")
def calm_clip(speech_dir: Path) -> Audio:
    return espeak(speech_dir, "calm", SHORT_TEXT, "-s", "140")


@pytest.mark.parametrize("set_wpm", [110, 150, 220])
def test_rate_within_15_percent_of_the_set_rate(speech_dir: Path, set_wpm: int) -> None:
    audio = espeak(speech_dir, f"rate{set_wpm}", RATE_TEXT, "-s", str(set_wpm))
    d = analyse_delivery(audio, reference(RATE_TEXT))
    assert d.rate.words_from_transcript
    assert d.rate.words_per_minute == pytest.approx(set_wpm, rel=0.15)
    assert d.rate.words_per_minute_total is not None and d.rate.words_per_minute_total <= d.rate.words_per_minute


def test_rate_without_words_follows_the_set_rate(speech_dir: Path) -> None:
    """No transcript: syllable nuclei still order the three rates and stay within 30 % of the set rate."""
    rates = []
    for set_wpm in (110, 150, 220):
        d = analyse_delivery(espeak(speech_dir, f"rate{set_wpm}", RATE_TEXT, "-s", str(set_wpm)), NO_WORDS)
        assert not d.rate.words_from_transcript
        assert d.rate.words_per_minute == pytest.approx(set_wpm, rel=0.30)
        rates.append(d.rate.articulation_rate_sps)
    assert rates == sorted(rates) and rates[2] > 1.6 * rates[0]


def test_loudness_orders_amplitudes_and_effort_ignores_gain(speech_dir: Path) -> None:
    runs = [analyse_delivery(espeak(speech_dir, f"amp{a}", SHORT_TEXT, "-a", str(a)), NO_WORDS) for a in (20, 60, 180)]
    levels = [d.loudness.median_dbfs for d in runs]
    assert levels[0] < levels[1] < levels[2]
    # espeak's -a scales amplitude linearly: 60/20 is +9.5 dB, 180/60 another +9.5 dB.
    assert levels[1] - levels[0] == pytest.approx(9.5, abs=1.5)
    efforts = [d.effort.alpha_ratio_db for d in runs]
    assert max(efforts) - min(efforts) < 1.0, "spectral balance must not depend on gain"


def test_calm_score_survives_a_10_db_gain_change(calm_clip: Audio) -> None:
    scores = [
        score_calm(analyse_delivery(from_array(calm_clip.samples * g, calm_clip.sample_rate), NO_WORDS)).score
        for g in (10 ** (-10 / 20), 1.0, 10 ** (2 / 20))  # +2 dB: more would clip this clip
    ]
    assert max(scores) - min(scores) <= 5


def test_effort_is_not_raised_by_background_hiss(calm_clip: Audio) -> None:
    """White noise 20 dB below the voice adds energy above 1 kHz; the noise spectrum is subtracted first."""
    clean = analyse_delivery(calm_clip, NO_WORDS)
    rms = 10 ** (clean.loudness.median_dbfs / 20)
    hiss = np.random.default_rng(3).normal(0, rms / 10, calm_clip.samples.size).astype(np.float32)
    noisy = analyse_delivery(from_array(calm_clip.samples + hiss, calm_clip.sample_rate), NO_WORDS)
    assert abs(noisy.effort.alpha_ratio_db - clean.effort.alpha_ratio_db) < 1.0
    assert noisy.pitch.median_hz == pytest.approx(clean.pitch.median_hz, rel=0.05)


def test_pitch_orders_espeak_pitch_settings(speech_dir: Path) -> None:
    runs = [analyse_delivery(espeak(speech_dir, f"pitch{p}", SHORT_TEXT, "-p", str(p)), NO_WORDS) for p in (20, 50, 80)]
    medians = [d.pitch.median_hz for d in runs]
    assert medians[0] < medians[1] < medians[2]
    assert 12 * np.log2(medians[2] / medians[0]) > 4.0  # espeak's pitch scale spans several semitones


def test_pauses_and_reply_latency_are_placed_in_time(calm_clip: Audio) -> None:
    sr = calm_clip.sample_rate
    speech = calm_clip.samples
    silence = lambda s: np.zeros(int(s * sr), np.float32)  # noqa: E731
    joined = np.concatenate([silence(2.0), speech, silence(1.2), speech, silence(0.5)])
    first_end = 2.0 + len(speech) / sr
    d = analyse_delivery(Audio(joined, sr), NO_WORDS)
    assert d.reply_latency_s == pytest.approx(2.0 + _lead(calm_clip), abs=0.08)
    long = [p for p in d.pauses.pauses if p.duration_s >= 1.0]
    assert len(long) == 1
    assert long[0].duration_s >= 1.2
    assert long[0].start_s == pytest.approx(first_end - _tail(calm_clip), abs=0.08)
    assert d.pauses.max_s == long[0].duration_s
    assert all(p.duration_s >= 0.25 for p in d.pauses.pauses)


def test_word_timings_trim_a_cough_before_the_reply(calm_clip: Audio) -> None:
    sr = calm_clip.sample_rate
    cough = np.random.default_rng(5).normal(0, 0.2, int(0.15 * sr)).astype(np.float32)
    joined = np.concatenate([np.zeros(int(0.3 * sr), np.float32), cough, np.zeros(int(1.55 * sr), np.float32)])
    joined = np.concatenate([joined, calm_clip.samples])
    audio = Audio(joined, sr)
    onset = 2.0 + _lead(calm_clip)
    assert analyse_delivery(audio, NO_WORDS).reply_latency_s == pytest.approx(0.3, abs=0.05)
    words = SHORT_TEXT.split()
    step = (calm_clip.duration_s - _lead(calm_clip) - _tail(calm_clip)) / len(words)
    timed = tuple(Word(w, onset + i * step, onset + (i + 1) * step) for i, w in enumerate(words))
    d = analyse_delivery(audio, Transcript(timed, SHORT_TEXT, "reference", ""))
    assert d.reply_latency_s == pytest.approx(onset, abs=0.08)
    assert all(p.start_s >= onset - 0.1 for p in d.pauses.pauses), (
        "the silence after the cough is not a pause in the reply"
    )


def test_a_long_unbroken_run_is_flagged(speech_dir: Path) -> None:
    audio = espeak(speech_dir, "run", LONG_TEXT, "-s", "140")
    d = analyse_delivery(audio, NO_WORDS)
    assert d.pauses.longest_run_s > 15.0
    verdict = next(v for v in score_calm(d).verdicts if v.measure == "pauses")
    assert verdict.verdict == "flag" and verdict.at_s is not None


def test_a_sudden_speed_up_is_found_where_it_happens(speech_dir: Path) -> None:
    slow = espeak(speech_dir, "slow", RATE_TEXT, "-s", "110")
    fast = espeak(speech_dir, "fast", RATE_TEXT, "-s", "260")
    gap = np.zeros(int(0.6 * slow.sample_rate), np.float32)
    joined = np.concatenate([slow.samples, gap, fast.samples, gap, slow.samples])
    d = analyse_delivery(Audio(joined, slow.sample_rate), NO_WORDS)
    fast_start = slow.duration_s + 0.6
    fast_end = fast_start + fast.duration_s
    assert d.rate.rushed, "the 260 words/min stretch between two 110 words/min readings was not found"
    for r in d.rate.rushed:
        assert r.start_s >= fast_start - 3.0 and r.end_s <= fast_end + 3.0


def test_pause_after_a_validating_phrase_is_credited(speech_dir: Path, whisper) -> None:
    first = espeak(speech_dir, "validate", "That sounds really hard.", "-s", "140")
    second = espeak(speech_dir, "invite", "What happened this morning?", "-s", "140")
    gap = np.zeros(int(1.0 * first.sample_rate), np.float32)
    audio = Audio(np.concatenate([first.samples, gap, second.samples]), first.sample_rate)
    d = analyse_delivery(audio, whisper.transcribe(audio))
    found = [v for v in d.pauses.after_validation if v.phrase == "that sounds"]
    silent = 1.0 + _tail(first) + _lead(second)  # espeak pads each clip with a little silence
    assert found and found[0].pause_s == pytest.approx(silent, abs=0.1)
    verdict = next(v for v in score_calm(d).verdicts if v.measure == "pauses")
    assert verdict.verdict == "ok" and "paused" in verdict.message and verdict.at_s is not None


def test_baseline_turns_measures_into_deltas(speech_dir: Path, calm_clip: Audio) -> None:
    same = analyse_delivery(calm_clip, NO_WORDS, baseline=calm_clip)
    assert same.baseline is not None
    assert same.baseline.loudness_db == 0 and same.baseline.pitch_st == 0 and same.baseline.effort_db == 0
    assert score_calm(same).used_baseline
    higher = espeak(speech_dir, "high", SHORT_TEXT, "-s", "140", "-p", "85")
    louder = from_array(calm_clip.samples * 2.5, calm_clip.sample_rate)  # +8 dB
    d_high = analyse_delivery(higher, NO_WORDS, baseline=calm_clip)
    d_loud = analyse_delivery(louder, NO_WORDS, baseline=calm_clip)
    assert d_high.baseline is not None and d_high.baseline.pitch_st > 3.0
    assert d_loud.baseline is not None and d_loud.baseline.loudness_db == pytest.approx(8.0, abs=0.5)
    verdicts = {v.measure: v.verdict for v in score_calm(d_high).verdicts}
    assert verdicts["pitch_vs_baseline"] == "flag"
    verdicts = {v.measure: v.verdict for v in score_calm(d_loud).verdicts}
    assert verdicts["loudness_vs_baseline"] == "flag"
    assert score_calm(d_loud).score < score_calm(same).score


def test_mirroring_compares_with_the_client_clip(calm_clip: Audio) -> None:
    d = analyse_delivery(calm_clip, NO_WORDS, client_audio=calm_clip)
    assert d.mirroring is not None
    assert d.mirroring.calmer_than_client is False  # the same voice is not calmer than itself
    assert d.to_dict()["mirroring"]["client"]["pitch_median_hz"] == d.pitch.median_hz


def test_to_dict_is_json_with_the_schema_keys(calm_clip: Audio) -> None:
    d = analyse_delivery(calm_clip, NO_WORDS, baseline=calm_clip, client_audio=calm_clip)
    data = json.loads(json.dumps(d.to_dict()))
    for key in ("duration_s", "rate", "pauses", "loudness", "effort", "pitch", "baseline", "mirroring"):
        assert key in data
    assert data["loudness"]["median_dbfs"] < 0 and data["pitch"]["median_hz"] > 0
    assert data["rate"]["words_per_minute"] > 0 and data["pauses"]["count"] == len(data["pauses"]["pauses"])
    calm = json.loads(json.dumps(score_calm(d).to_dict()))
    assert 0 <= calm["score"] <= 100
    assert {v["verdict"] for v in calm["verdicts"]} <= {"ok", "watch", "flag"}


def test_to_dict_round_trips(speech_dir: Path, calm_clip: Audio) -> None:
    audio = espeak(speech_dir, "rate150", RATE_TEXT, "-s", "150")
    d = analyse_delivery(audio, reference(RATE_TEXT), baseline=calm_clip, client_audio=calm_clip)
    again = Delivery.from_dict(json.loads(json.dumps(d.to_dict())))
    assert again.to_dict() == d.to_dict()
    calm = score_calm(d)
    from voice_deesc.delivery.score import CalmScore

    assert CalmScore.from_dict(json.loads(json.dumps(calm.to_dict()))) == calm
    assert again == d
    assert again.mirroring is not None and d.mirroring is not None
    assert again.mirroring.message == d.mirroring.message


def test_attempt_1_flat_delivery_is_read_into_the_nested_record(speech_dir: Path) -> None:
    """History rows written as attempt/1 kept delivery flat; every measure lands in its sub-record."""
    d = analyse_delivery(espeak(speech_dir, "rate150", RATE_TEXT, "-s", "150"), reference(RATE_TEXT))
    flat = {
        "duration_s": d.duration_s,
        "speaking_time_s": d.speaking_time_s,
        "speech_time_s": d.speech_time_s,
        "words_per_minute": d.rate.words_per_minute,
        "words_from_transcript": True,
        "pauses": [p.to_dict() for p in d.pauses.pauses],
        "pause_count": d.pauses.count,
        "reply_latency_s": d.reply_latency_s,
        "loudness_dbfs": d.loudness.median_dbfs,
        "clipped_fraction": d.loudness.clipped_fraction,
        "vocal_effort_db": d.effort.alpha_ratio_db,
        "pitch_median_hz": d.pitch.median_hz,
        "pitch_sd_st": d.pitch.sd_st,
    }
    old = delivery_from_v1(json.loads(json.dumps(flat)))
    assert old.rate.words_per_minute == d.rate.words_per_minute and old.rate.words_from_transcript
    assert old.pauses.pauses == d.pauses.pauses and old.pauses.count == d.pauses.count
    assert old.loudness.median_dbfs == d.loudness.median_dbfs
    assert old.loudness.median_dbfs is not None and old.loudness.median_dbfs < 0
    assert old.effort.alpha_ratio_db == d.effort.alpha_ratio_db
    assert old.pitch.median_hz == d.pitch.median_hz and old.pitch.sd_st == d.pitch.sd_st
    assert old.pitch.range_st is None and old.baseline is None and old.mirroring is None
    assert Delivery.from_dict(json.loads(json.dumps(old.to_dict()))) == old


def _difficult(calm_clip: Audio, kind: str, tmp_path: Path) -> Audio:
    sr, y = calm_clip.sample_rate, calm_clip.samples
    rng = np.random.default_rng(7)
    if kind == "silence":
        return Audio(np.zeros(3 * sr, np.float32), sr)
    if kind == "short":
        return Audio(y[int(0.3 * sr) : int(0.9 * sr)].copy(), sr)
    if kind == "clipped":
        return from_array(np.clip(y * 12.0, -1, 1), sr)
    if kind == "noisy":
        rms = float(np.sqrt(np.mean(y**2)))
        return from_array(y + rng.normal(0, rms / 3.0, y.size).astype(np.float32), sr)
    if kind == "dc":
        return Audio((y * 0.5 + 0.2).astype(np.float32), sr)
    import soundfile as sf

    from voice_deesc.audio import resample

    path = tmp_path / "tel.wav"
    sf.write(path, resample(y, sr, 8000), 8000)
    return load_audio(path)


@pytest.mark.parametrize(
    ("kind", "warning"),
    [
        ("silence", "no speech"),
        ("short", "very short"),
        ("clipped", "clips"),
        ("noisy", "noise"),
        ("dc", "DC offset"),
        ("8k", "4 kHz"),
    ],
)
def test_difficult_input_gives_a_warning_not_an_exception(
    calm_clip: Audio, tmp_path: Path, kind: str, warning: str
) -> None:
    audio = _difficult(calm_clip, kind, tmp_path)
    d = analyse_delivery(audio, NO_WORDS)
    calm = score_calm(d)
    assert any(warning in w for w in d.warnings), d.warnings
    assert 0 <= calm.score <= 100
    json.dumps(d.to_dict())
    json.dumps(calm.to_dict())
    clean = analyse_delivery(calm_clip, NO_WORDS)
    if kind == "silence":
        assert calm.score == 0 and d.pitch.median_hz is None
    if kind in ("dc", "noisy", "8k"):  # the voice is still measured where it can be
        assert d.pitch.median_hz == pytest.approx(clean.pitch.median_hz, rel=0.1)
    if kind == "clipped":
        assert {v.measure: v.verdict for v in calm.verdicts}["steadiness"] == "flag"


def _lead(audio: Audio) -> float:
    d: Delivery = analyse_delivery(audio, NO_WORDS)
    return d.reply_latency_s or 0.0


def _tail(audio: Audio) -> float:
    d = analyse_delivery(audio, NO_WORDS)
    return d.duration_s - (d.reply_latency_s or 0.0) - d.speaking_time_s
