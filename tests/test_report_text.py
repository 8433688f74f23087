"""Report content for fixed typed replies: the right strengths and suggestions, ranked, with exact evidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from voice_deesc.feedback.assess import SAFETY_MISSED_CAP
from voice_deesc.pipeline import analyse_text
from voice_deesc.reports.content import highlight_spans, render_text
from voice_deesc.scenarios.load import get_scenario

VALIDATING_PHRASES = (
    "No wonder you're angry, and scared about tonight.",
    "That sounds really hard. It makes sense you're angry.",
)


@pytest.fixture(scope="module")
def scenario():
    return get_scenario("lost-housing-voucher")


@pytest.fixture(scope="module")
def crisis(scenario):
    return replace(
        scenario,
        id="quiet-goodbye",
        safety_critical=True,
        feelings=("hopeless", "tired"),
        model_reply="That sounds like a lot of pain. Are you thinking about ending your life? I'm here with you.",
    )


def test_good_reply_leads_with_its_own_words(scenario):
    a = analyse_text("It sounds like you feel really let down. I'm here. What would help you right now?", scenario)
    s = a.assessment
    # kind and well made, but nothing of this client's own words (eleven months, the voucher, the shelter): the
    # rubric's "good but generic", so developing (feedback/verdict.py)
    assert s.band == "developing"
    assert s.strengths[0] == "You reflected back what you heard: 'It sounds like you feel really let down'."
    sources = [t.source for t in s.strength_details]
    assert sources[0] == "reflection" and "choice_autonomy" in sources and len(sources) == 3
    assert not [t for t in s.suggestion_details if t.impact >= 50]


def test_judgmental_reply_ranks_the_command_first_and_offers_phrasings(scenario):
    a = analyse_text("Calm down, you need to follow the rules.", scenario)
    s = a.assessment
    assert s.band == "needs work"
    # "Calm down" breaks the scenario's avoid item: its tip replaces the rubric flag's on the same words
    assert [t.source for t in s.suggestion_details][:2] == ["avoid", "premature_advice"]
    first, second = s.suggestion_details[:2]
    assert first.evidence == "Calm down"
    assert first.text.startswith(
        "You said 'Calm down', which this scenario asks you to avoid (telling him to calm down or lower his voice). "
        "Name the feeling instead; try: '"
    )
    # the model reply's validating sentence when the wording analysis credits it, else the rubric phrasing
    # with the scenario's first feeling
    assert first.try_phrase in VALIDATING_PHRASES
    # the scenario's model reply supplies the choice to offer instead of advice
    assert second.try_phrase == (
        "Would you rather start by calling the housing office with me, or by finding you a bed for tonight?"
    )
    assert "'you need to follow the rules'" in second.text
    assert s.suggestions[0] == first.text and len(s.suggestions) <= 3


def test_threat_outranks_advice_whatever_the_order(scenario):
    a = analyse_text("You should sit down, or I'm calling security.", scenario)
    assert [t.source for t in a.assessment.suggestion_details][:2] == ["threat_ultimatum", "premature_advice"]
    assert a.assessment.suggestion_details[0].evidence == "I'm calling security"


def test_safety_critical_reply_that_misses_the_hint(crisis):
    a = analyse_text("It sounds like you're really tired. Let's work on this together.", crisis)
    s = a.assessment
    assert s.safety is not None and not s.safety.asked
    assert s.overall <= SAFETY_MISSED_CAP and s.band == "needs work"
    top = s.suggestion_details[0]
    assert top.source == "safety" and top.try_phrase == "Are you thinking about ending your life?"
    assert "Safety check missed" in render_text(a)


def test_safety_critical_reply_that_asks(crisis):
    a = analyse_text("That sounds so heavy. Are you thinking about killing yourself? I'm here.", crisis)
    s = a.assessment
    assert s.safety.asked and s.safety.evidence == "killing yourself"
    assert s.strength_details[0].source == "safety"
    assert s.strengths[0] == "You asked directly about their safety: 'Are you thinking about killing yourself?'"
    assert "safety" not in [t.source for t in s.suggestion_details]


def test_non_critical_scenario_has_no_safety_check(scenario):
    assert analyse_text("I'm here.", scenario).assessment.safety is None


def test_text_report_marks_findings_in_place(scenario):
    text = "Calm down. It sounds like you did everything they asked."
    a = analyse_text(text, scenario)
    spans = highlight_spans(a)
    assert [(text[sp.start_char : sp.end_char], sp.kind) for sp in spans] == [
        ("Calm down", "-"),
        ("It sounds like", "+"),
    ]
    report = render_text(a)
    for heading in ("What went well", "What you said", "To try next time", "Overall"):
        assert heading in report
    assert report.index("What went well") < report.index("To try next time")


def test_json_keeps_the_public_keys(scenario):
    data = analyse_text("Calm down.", scenario).to_dict()["assessment"]
    assert {"calm", "non_judgmental", "overall", "band", "strengths", "suggestions"} <= set(data)
    assert data["suggestion_details"][0]["evidence"] == "Calm down"
    jsonschema = pytest.importorskip("jsonschema")
    import json
    from importlib import resources

    schema = json.loads((resources.files("voice_deesc") / "schema" / "attempt.schema.json").read_text())
    jsonschema.validate(analyse_text("Calm down.", scenario).to_dict(), schema)


def test_delivery_moment_names_the_time_and_the_words(scenario):
    """A loudness verdict at 7.1 s points at the words said then; the advice comes from the verdict's fields."""
    from voice_deesc.asr.base import Transcript, Word
    from voice_deesc.delivery.rate import fastest_word_run
    from voice_deesc.delivery.score import BANDS, CalmScore, MeasureVerdict
    from voice_deesc.delivery.verdicts import Aspect, Measure, Verdict
    from voice_deesc.feedback.assess import assess
    from voice_deesc.wording.analyse import analyse_wording

    timings = [("I", 5.8, 6.0), ("hear", 6.0, 6.3), ("you,", 6.3, 6.6), ("but", 6.6, 6.9), ("you", 7.0, 7.2)]
    timings += [("need", 7.2, 7.4), ("to", 7.4, 7.5), ("follow", 7.6, 7.9), ("the", 7.9, 8.0), ("rules.", 8.0, 8.4)]
    words = tuple(Word(t, s, e) for t, s, e in timings)
    transcript = Transcript(words, " ".join(w.text for w in words), "whisper", "tiny.en")
    steady = BANDS[Measure.STEADINESS]
    calm = CalmScore(
        72,
        (
            MeasureVerdict(Measure.RATE, Verdict.OK, 128.0, "", band=BANDS[Measure.RATE]),
            MeasureVerdict(Measure.STEADINESS, Verdict.FLAG, 10.2, "", at_s=7.1, aspect=Aspect.TREND, band=steady),
        ),
    )
    result = assess(analyse_wording(transcript, scenario), calm, scenario, transcript=transcript)
    loud = next(t for t in result.suggestion_details if t.source == "steadiness")
    assert loud.text == (
        "At 0:07, your voice grew about 10 dB louder toward the end on 'you need to'. Keep your voice at "
        "conversation level, even when theirs rises."
    )
    assert loud.impact > next(t for t in result.suggestion_details if t.source == "premature_advice").impact
    assert "Pace: 128 words a minute is an unhurried pace." in result.strengths

    # an observation that names its own moment, and a verdict with its own advice: each said once
    calm = CalmScore(
        60,
        (
            MeasureVerdict(Measure.STEADINESS, Verdict.FLAG, 7.0, "", at_s=7.1, aspect=Aspect.RISE, band=steady),
            MeasureVerdict(
                Measure.RATE, Verdict.FLAG, 172.0, "", band=BANDS[Measure.RATE], stretch=fastest_word_run(words)
            ),
        ),
    )
    result = assess(analyse_wording(transcript, scenario), calm, scenario, transcript=transcript)
    tips = {t.source: t for t in result.suggestion_details}
    assert tips["steadiness"].text == (
        "At 0:07 your voice rose about 7 dB above your usual level on 'you need to'. Keep your voice at "
        "conversation level, even when theirs rises."
    )
    assert tips["rate"].text.startswith("172 words a minute is faster than a calm pace; from 0:07 to 0:08 (")
    assert tips["rate"].text.endswith("words a minute. Try slowing a little.")
    assert tips["rate"].spoken == "Try slowing a little."


def test_long_model_question_is_cut_to_its_clause(crisis):
    """A model reply may ask inside a long sentence; the phrasing offered is the question itself."""
    long_ask = replace(
        crisis,
        model_reply="That sounds exhausting. When you say everybody would be better off without you, I want to ask "
        "you straight out: are you thinking about suicide? I'm here.",
    )
    top = analyse_text("Let's work on the application together.", long_ask).assessment.suggestion_details[0]
    assert top.source == "safety" and top.try_phrase == "Are you thinking about suicide?"


ASKS = [
    ("Are you thinking about suicide?", True),
    ("Are you thinking about killing yourself?", True),
    ("Are you thinking of ending your life?", True),
    ("Do you want to end it all?", True),
    ("Have you had thoughts of dying?", True),
    ("Are you thinking about hurting yourself?", False),
    ("Are you safe right now?", False),
    ("That sounds so heavy. I'm here with you.", False),
]


@pytest.mark.parametrize(("question", "direct"), ASKS)
def test_scenario_loader_and_feedback_agree_on_a_direct_question(crisis, question, direct):
    """One pattern decides 'asked directly' for both: a model reply the loader accepts is credited when said."""
    from voice_deesc.scenarios.model import SAFETY_QUESTION

    accepted_as_model = SAFETY_QUESTION.search(question) is not None
    safety = analyse_text(question, crisis).assessment.safety
    assert safety is not None
    assert accepted_as_model == safety.asked == direct


def test_typed_attempt_round_trips_through_json(crisis):
    import json

    from voice_deesc.pipeline import Attempt

    attempt = analyse_text("Calm down. It sounds like you're exhausted. Are you thinking about suicide?", crisis)
    again = Attempt.from_dict(json.loads(json.dumps(attempt.to_dict())))
    assert again == attempt
    assert again.wording.balance is not None and again.wording.goals and again.wording.score_trace
    assert again.assessment.safety is not None and again.assessment.safety.asked


def test_every_report_says_how_the_overall_score_was_reached(scenario):
    from voice_deesc.reports.html import render_html
    from voice_deesc.reports.markdown import render_markdown

    attempt = analyse_text("Nice weather today, isn't it.", scenario=scenario)
    expected = "+40 a reply that does no harm; -20 at most 20: no listening move for this client"
    assert attempt.assessment.overall == 20
    assert sum(step.points for step in attempt.assessment.overall_steps) == 20
    assert "How the overall score was reached" in render_text(attempt)
    assert expected in " ".join(render_text(attempt).split())
    assert expected in render_markdown(attempt)
    assert expected in render_html(attempt)
