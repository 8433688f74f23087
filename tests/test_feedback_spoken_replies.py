"""Feedback on fixed spoken replies, built through the real pipeline: espeak-ng speech, Whisper, librosa.

Good, judgmental, rushed-and-loud and silent replies each get the right strengths and suggestions, and the
report points at the exact words and moments.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from voice_deesc.audio import Audio
from voice_deesc.feedback.evidence import clock
from voice_deesc.feedback.spoken import SILENT_SUMMARY, summary_text
from voice_deesc.pipeline import analyse
from voice_deesc.reports.content import measure_rows, render_text
from voice_deesc.scenarios.load import get_scenario

pytestmark = pytest.mark.slow

GOOD = (
    "It sounds like you did everything they asked for eleven months. I'm here with you. "
    "What would help you most tonight?"
)
JUDGMENTAL = "That's not true. You should just fill out the form again. It's not a big deal."
RUSHED = "You need to stop yelling right now. Fill out the form again and wait your turn like everybody else has to do."
"""Long enough (over 3 s of speech) for a speaking rate to be judged."""
VALIDATING_PHRASES = (
    "No wonder you're angry, and scared about tonight.",  # the model reply, when credited as validation
    "That sounds really hard. It makes sense you're angry.",  # else the rubric phrasing
)
LOUD_GAIN = 4.0
"""x4 (+12 dB) and clipped: a raised voice close to the microphone."""


@pytest.fixture(scope="module")
def scenario():
    return get_scenario("lost-housing-voucher")


def _spoken(text, scenario, whisper, *, rate_wpm, gain=1.0):
    from voice_deesc.tts import synthesize_audio

    audio = synthesize_audio(text, rate_wpm=rate_wpm)
    if gain != 1.0:
        audio = replace(audio, samples=np.clip(audio.samples * gain, -1.0, 1.0).astype(np.float32))
    return analyse(audio, scenario, whisper), audio


@pytest.fixture(scope="module")
def good(scenario, whisper):
    return _spoken(GOOD, scenario, whisper, rate_wpm=125)[0]


@pytest.fixture(scope="module")
def judgmental(scenario, whisper):
    return _spoken(JUDGMENTAL, scenario, whisper, rate_wpm=140)[0]


@pytest.fixture(scope="module")
def rushed(scenario, whisper):
    return _spoken(RUSHED, scenario, whisper, rate_wpm=250, gain=LOUD_GAIN)


def test_good_reply_praises_its_own_words_with_times(good):
    s = good.assessment
    assert s.band != "needs work" and s.non_judgmental >= 75
    first = s.strength_details[0]
    assert first.source == "reflection" and first.evidence.lower() == "it sounds like"
    assert first.start_s is not None and first.start_s < 1.0
    assert s.strengths[0].startswith("You reflected back what you heard: 'It sounds like you did everything")
    assert "at 0:00" in s.strengths[0]
    invite = next(t for t in s.strength_details if t.source in ("choice_autonomy", "open_question"))
    assert invite.evidence.lower().startswith("what would help") and 4.0 < invite.start_s < 9.0
    # no wording to change (how the synthetic voice sounded is the delivery analysis' call)
    assert not [t for t in s.suggestion_details if t.start_char is not None]


def test_judgmental_reply_names_each_phrase_at_its_moment(judgmental):
    s = judgmental.assessment
    assert s.band != "proficient"
    by_source = {t.source: t for t in s.suggestion_details}
    # "That's not true" breaks the scenario's "Defending the staff ..." and ranks first among the words to change
    avoid = by_source["avoid"]
    assert avoid.evidence == "That's not true" and avoid.start_s < 0.5
    assert avoid.text.startswith(f"At {clock(avoid.start_s)} you said 'That's not true', which this scenario asks")
    assert avoid.try_phrase and avoid.try_phrase not in VALIDATING_PHRASES  # left for the minimizing tip
    minimizing = next(f for f in judgmental.wording.findings if f.category == "minimizing")
    assert minimizing.evidence.lower().endswith("not a big deal")
    assert 3.0 < minimizing.start_s < 6.0
    ranked = [t.impact for t in s.suggestion_details]
    assert ranked == sorted(ranked, reverse=True)
    assert len(s.suggestions) <= 3


def test_rushed_loud_reply_points_at_the_command_and_the_fast_stretch(rushed):
    attempt, _audio = rushed
    s = attempt.assessment
    sources = [t.source for t in s.suggestion_details]
    assert sources[0] == "avoid"  # the command breaks the scenario's "Telling him to calm down or lower his voice"
    assert "command_feelings" not in sources  # ... whose tip replaces the rubric's on the same words
    top = s.suggestion_details[0]
    assert "stop" in top.evidence.lower() and top.start_s < 1.0
    assert "stop yelling" in top.text and top.text.startswith(f"At {clock(top.start_s)} you said '")
    rate = next(t for t in s.suggestion_details if t.source == "rate")
    assert "faster than a calm pace" in rate.text
    assert rate.start_s is not None and rate.end_s > rate.start_s
    assert rate.evidence and rate.evidence.split()[0].lower() in attempt.transcript.text.lower()
    assert attempt.delivery.rate.words_per_minute > 160
    rows = {r.measure: r for r in measure_rows(attempt)}
    assert rows["Pace"].verdict == "flag"
    loud = next(r for name, r in rows.items() if "loud" in name.lower())
    assert loud.value != "-"
    report = render_text(attempt)
    assert "stop yelling" in report and "How it sounded" in report


def test_silent_reply_is_needs_work_with_a_kind_next_step(scenario, whisper):
    silence = Audio(np.zeros(16_000 * 2, dtype=np.float32), 16_000)
    attempt = analyse(silence, scenario, whisper)
    s = attempt.assessment
    assert not s.heard_speech and s.band == "needs work" and s.overall == 0 and s.calm is None
    assert s.strengths == ()
    assert s.suggestions[0].startswith("No words were heard in this reply.")
    assert summary_text(attempt) == SILENT_SUMMARY
    assert "No words were heard in this reply." in render_text(attempt)
