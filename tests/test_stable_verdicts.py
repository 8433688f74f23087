"""Stable delivery verdicts: noise does not swing the calm score, and the words never contradict the numbers.

Built on real espeak-ng speech and the real analysis: one synthetic voice never changes its arousal, so every
difference between its replies against its own neutral reading is the words, not the voice.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.commands.baseline_cmd import READING_PASSAGE
from voice_deesc.delivery.analyse import analyse_delivery
from voice_deesc.delivery.record import Delivery
from voice_deesc.delivery.score import (
    BASELINE_NOISE,
    BASELINE_WEIGHTS,
    NOISY_STRAIN_CAP,
    TYPICAL_EFFORT_DB,
    score_calm,
)
from voice_deesc.delivery.verdicts import Aspect, CalmScore, Measure, MeasureVerdict, Verdict
from voice_deesc.feedback.delivery_tips import delivery_tips
from voice_deesc.feedback.messages import calm_note
from voice_deesc.pipeline import analyse_text
from voice_deesc.scenarios.load import get_scenario

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")

NO_WORDS = Transcript((), "", "none", "")
GOOD_REPLY = (
    "Eleven months of doing everything, and now the voucher is gone over a form. That sounds so unfair, and "
    "scary. I'm here. What happened this morning?"
)
BAD_REPLY = "Calm down. There's nothing I can do about it, that's the rules."
LOUD_SOURCES = {Measure.EFFORT_VS_BASELINE.value, Measure.LOUDNESS_VS_BASELINE.value}
"""Both call for the same advice (a softer voice), so the report keeps one of them."""


def _spoken(text: str) -> Delivery:
    from voice_deesc.tts import synthesize_audio

    baseline = synthesize_audio(READING_PASSAGE, rate_wpm=150)
    return analyse_delivery(synthesize_audio(text, rate_wpm=150), NO_WORDS, baseline=baseline)


@pytest.fixture(scope="module")
def good() -> Delivery:
    return _spoken(GOOD_REPLY)


@pytest.fixture(scope="module")
def bad() -> Delivery:
    return _spoken(BAD_REPLY)


def _with_deltas(d: Delivery, **deltas: float) -> CalmScore:
    assert d.baseline is not None
    return score_calm(replace(d, baseline=replace(d.baseline, **deltas)))


def _effort(calm: CalmScore) -> MeasureVerdict:
    return next(v for v in calm.verdicts if v.measure == Measure.EFFORT_VS_BASELINE)


def test_same_calm_voice_scores_alike_whatever_the_words(good: Delivery, bad: Delivery) -> None:
    """Issue 11: the good reply's calm (73) fell below the bad reply's (92) said in the same calm voice."""
    good_calm, bad_calm = score_calm(good).score, score_calm(bad).score
    assert good_calm >= 85 and bad_calm >= 85
    assert abs(good_calm - bad_calm) <= BASELINE_WEIGHTS[Measure.EFFORT_VS_BASELINE] * NOISY_STRAIN_CAP


def test_an_effort_change_within_the_noise_costs_only_a_little(good: Delivery) -> None:
    """+1.1 dB effort with loudness and pitch unchanged is the words; with +4 dB louder it is a raised voice."""
    weight = BASELINE_WEIGHTS[Measure.EFFORT_VS_BASELINE]
    alone = _with_deltas(good, effort_db=1.1, loudness_db=0.0, pitch_st=0.0)
    assert BASELINE_NOISE[Measure.EFFORT_VS_BASELINE] > 1.1
    assert _effort(alone).verdict == Verdict.WATCH
    assert _effort(alone).strain * _effort(alone).weight <= weight * NOISY_STRAIN_CAP
    louder = _with_deltas(good, effort_db=1.1, loudness_db=4.0, pitch_st=0.0)
    assert _effort(louder).strain > NOISY_STRAIN_CAP
    assert louder.score < alone.score - 10


def test_a_sub_second_reply_moves_the_score_only_a_little() -> None:
    """'I'm here.' alone is 0.6 s of speech: its effort reading (+3.3 dB, a flag) is its sounds, not the voice.

    Before this rule the same calm voice scored 55 on it against its own neutral reading.
    """
    short = _spoken("I'm here.")
    assert short.speech_time_s < 1.0
    calm = score_calm(short)
    assert calm.score >= 80
    for v in calm.verdicts:
        if v.measure != Measure.PAUSES:
            assert v.strain <= NOISY_STRAIN_CAP and v.verdict != Verdict.FLAG, v


def test_effort_sign_and_words_agree(good: Delivery) -> None:
    """Voice effort is judged above calm speech: positive means raised, and only positive is ever called so."""
    plain = replace(good, baseline=None)
    for alpha, raised in ((TYPICAL_EFFORT_DB + 5.0, True), (TYPICAL_EFFORT_DB - 3.0, False), (-5.0, True)):
        calm = score_calm(replace(plain, effort=replace(plain.effort, alpha_ratio_db=alpha)))
        effort = next(v for v in calm.verdicts if v.measure == Measure.EFFORT)
        assert effort.value is not None and (effort.value > 0) == raised
        assert ("raised" in effort.message) == raised, effort.message
        if raised:
            assert f"{effort.value:.1f} dB more energy" in effort.message
    # a watch verdict carrying a negative change (an old record) still never says "raised"
    odd = MeasureVerdict(Measure.EFFORT_VS_BASELINE, Verdict.WATCH, -0.5, "")
    assert "raised" not in calm_note(odd)


def test_a_louder_voice_is_more_effort_even_when_the_spectrum_did_not_move(good: Delivery) -> None:
    """A shouted reply: effort near the baseline but +8 dB louder is a raised voice, never praised as relaxed."""
    calm = _with_deltas(good, effort_db=0.2, loudness_db=8.0, pitch_st=0.0)
    effort = _effort(calm)
    assert effort.verdict == Verdict.FLAG and effort.aspect == Aspect.LOUDER
    assert "louder" in effort.message and "+8.0 dB" in effort.message
    strengths, suggestions = delivery_tips(calm, ())
    assert any(t.source in LOUD_SOURCES for t in suggestions)
    assert not any(t.source in LOUD_SOURCES for t in strengths)
    assert (
        calm.score
        <= 100 - BASELINE_WEIGHTS[Measure.EFFORT_VS_BASELINE] - BASELINE_WEIGHTS[Measure.LOUDNESS_VS_BASELINE]
    )


def test_no_strength_praises_effort_when_loudness_is_watched(good: Delivery) -> None:
    """+3.5 dB louder: too little for the effort reading to leave "ok", enough for loudness to be watched."""
    calm = _with_deltas(good, effort_db=0.2, loudness_db=3.5, pitch_st=0.0)
    assert _effort(calm).verdict == Verdict.OK
    loudness = next(v for v in calm.verdicts if v.measure == Measure.LOUDNESS_VS_BASELINE)
    assert loudness.verdict == Verdict.WATCH
    strengths, _ = delivery_tips(calm, ())
    assert not any(t.source in LOUD_SOURCES for t in strengths)


def test_a_quieter_voice_that_kept_its_brightness_reads_as_pressed(good: Delivery) -> None:
    """RAVDESS actor 3's normal-intensity anger against their neutral clip: +1.3 dB effort, 6.7 dB quieter, lower.

    The spectrum of a quieter voice falls with its level; one that did not has tensed. The same quieter voice
    whose spectrum fell as a relaxed voice's does is calm.
    """
    pressed = _with_deltas(good, effort_db=1.3, loudness_db=-6.7, pitch_st=-8.8)
    effort = _effort(pressed)
    assert effort.aspect == Aspect.PRESSED and effort.verdict == Verdict.FLAG
    assert effort.value is not None and effort.value > 1.3
    assert "6.7 dB quieter" in effort.message and "louder" not in effort.message
    assert pressed.score < 60
    relaxed = _with_deltas(good, effort_db=-2.0, loudness_db=-6.7, pitch_st=-8.8)
    assert _effort(relaxed).verdict == Verdict.OK and relaxed.score >= 90


@pytest.mark.parametrize(
    ("effort_db", "loudness_db"), [(0.2, 8.0), (1.3, -6.7), (2.5, 0.0), (-1.0, 5.0), (0.5, -0.5), (-3.0, -2.0)]
)
def test_effort_readings_name_their_direction(good: Delivery, effort_db: float, loudness_db: float) -> None:
    """Signs and words agree: 'louder' only for a positive level change, 'quieter' only for a negative one."""
    effort = _effort(_with_deltas(good, effort_db=effort_db, loudness_db=loudness_db, pitch_st=0.0))
    assert ("louder" in effort.message) == (effort.aspect == Aspect.LOUDER and effort.verdict != Verdict.OK)
    assert "louder" not in effort.message or loudness_db > 0
    assert "quieter" not in effort.message or loudness_db < 0
    assert "more vocal effort" not in effort.message or (effort.value or 0.0) > 0
    assert effort.value is not None and effort.value >= effort_db


def test_suggestions_never_repeat_a_try_phrase() -> None:
    """'Calm down … that's the rules': the command tip and the missing reflection used to offer the same line."""
    attempt = analyse_text(BAD_REPLY, get_scenario("lost-housing-voucher"))
    phrases = [t.try_phrase.casefold() for t in attempt.assessment.suggestion_details if t.try_phrase]
    assert len(phrases) >= 2
    assert len(phrases) == len(set(phrases))
