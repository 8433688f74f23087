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
from voice_deesc.delivery.verdicts import CalmScore, Measure, MeasureVerdict, Verdict
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


def test_no_strength_praises_a_voice_flagged_as_loud(good: Delivery) -> None:
    """A shouted reply: effort near the baseline but +8 dB louder must not be praised as relaxed."""
    calm = _with_deltas(good, effort_db=0.2, loudness_db=8.0, pitch_st=0.0)
    assert _effort(calm).verdict == Verdict.OK
    strengths, suggestions = delivery_tips(calm, ())
    assert any(t.source == Measure.LOUDNESS_VS_BASELINE.value for t in suggestions)
    assert not any(t.source == Measure.EFFORT_VS_BASELINE.value for t in strengths)


def test_suggestions_never_repeat_a_try_phrase() -> None:
    """'Calm down … that's the rules': the command tip and the missing reflection used to offer the same line."""
    attempt = analyse_text(BAD_REPLY, get_scenario("lost-housing-voucher"))
    phrases = [t.try_phrase.casefold() for t in attempt.assessment.suggestion_details if t.try_phrase]
    assert len(phrases) >= 2
    assert len(phrases) == len(set(phrases))
