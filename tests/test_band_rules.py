"""The band rules of feedback/verdict.py, each on a handful of clear typed replies with the exact band expected.

Replies are analysed by the real wording analysis against built-in scenarios; nothing is stubbed. A delivery verdict
is given as a CalmScore record where the rule is about delivery (the spoken path is tested at the end).
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from voice_deesc.delivery.verdicts import CalmScore, Direction, Measure, MeasureVerdict
from voice_deesc.delivery.verdicts import Verdict as Judged
from voice_deesc.feedback.assess import Assessment, assess
from voice_deesc.feedback.verdict import (
    BELOW_PROFICIENT_CAP,
    CALM_MIN,
    GOAL_POINTS,
    NEEDS_WORK_CAP,
    NO_MOVE_CAP,
    Escalator,
    Move,
    StepKind,
)
from voice_deesc.pipeline import analyse_text, model_phrasings
from voice_deesc.scenarios.load import get_scenario

VOUCHER = "lost-housing-voucher"
EXCELLENT = (
    "Eleven months of doing everything they asked, and now the voucher is gone over a form. No wonder you're angry, "
    "and scared about tonight. I'm here with you. Would you rather call the housing office together, or find a bed "
    "for tonight first?"
)


def _judge(text: str, scenario_id: str = VOUCHER) -> Assessment:
    return analyse_text(text, get_scenario(scenario_id)).assessment


def _band(text: str, scenario_id: str = VOUCHER) -> str:
    return _judge(text, scenario_id).band


@pytest.mark.parametrize(
    ("scenario_id", "reply"),
    [
        (VOUCHER, EXCELLENT),
        (
            "shelter-bed-given-away",
            "Three hours standing in the cold, and your bed goes to someone who just walked up. That's so unfair, "
            "I'd be angry too. I'm staying right here with you. Would you rather go to the overflow site, or wait "
            "here with me for the outreach van?",
        ),
        (
            "relapse-at-birthday-party",
            "A hundred and eighteen days, and one night at a party, and now you feel ashamed to face everyone here. "
            "That sounds so painful. I'm here with you. What would help you most right now?",
        ),
    ],
)
def test_core_moves_for_this_client_with_no_escalator_are_proficient(scenario_id, reply):
    a = _judge(reply, scenario_id)
    assert a.band == "proficient", a.overall_steps
    made = {m.move for m in a.moves}
    assert Move.REFLECTED in made and not a.escalators
    reflected = next(m for m in a.moves if m.move == Move.REFLECTED)
    assert reflected.client_words  # the client's own words, named


@pytest.mark.parametrize(
    "reply",
    [
        "Did you catch the game on Sunday?",
        "I'm thinking of making soup for dinner later.",
        "Okay.",
        "Let's grab lunch sometime, would you rather pizza or tacos?",
        "I'm here.",
    ],
)
def test_no_listening_move_for_this_client_is_needs_work(reply):
    a = _judge(reply)
    assert a.band == "needs work"
    assert a.overall <= NO_MOVE_CAP
    assert not {m.move for m in a.moves} - {Move.PRESENCE}


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (EXCELLENT + " But if you keep yelling I'm calling security.", Escalator.THREAT),
        ("I can see you're angry about the voucher. You're acting crazy though.", Escalator.LABEL),
        ("Keep yelling like that and I'm calling security.", Escalator.THREAT),
        ("That's what happens to addicts who don't do the paperwork.", Escalator.LABEL),
    ],
)
def test_threat_or_label_is_needs_work_whatever_else_the_reply_did(reply, kind):
    a = _judge(reply)
    assert a.band == "needs work", a.overall_steps
    assert a.overall <= NEEDS_WORK_CAP
    assert kind in {e.escalator for e in a.escalators}


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (EXCELLENT + " But you need to calm down first.", Escalator.COMMAND),
        (EXCELLENT + " You should have checked on that form yourself, that's on you.", Escalator.BLAME),
        (EXCELLENT + " Honestly, it's not a big deal.", Escalator.MINIMISING),
    ],
)
def test_any_escalator_caps_an_excellent_reply_below_proficient(reply, kind):
    a = _judge(reply)
    assert a.band != "proficient", a.overall_steps
    assert a.overall <= BELOW_PROFICIENT_CAP
    assert kind in {e.escalator for e in a.escalators}


def test_a_broken_avoid_item_is_an_escalator_named_by_the_scenario():
    a = _judge(EXCELLENT + " Please lower your voice.")
    avoid = [e for e in a.escalators if e.escalator == Escalator.AVOID_ITEM]
    assert [e.source for e in avoid] == ["Telling him to calm down or lower his voice"]
    assert a.band == "developing"


@pytest.mark.parametrize(
    "reply",
    [
        "That sounds really hard. What would help you right now?",
        "I'm sorry. Can you tell me more about what happened?",
    ],
)
def test_generic_listening_without_this_clients_words_is_developing(reply):
    a = _judge(reply)
    assert a.band == "developing", a.overall_steps
    assert Move.REFLECTED not in {m.move for m in a.moves}


def test_excellent_beats_generic_beats_mixed_beats_harmful():
    scores = [
        _judge(r).overall
        for r in (
            EXCELLENT,
            "That sounds really hard. What would help you right now?",
            "I get that it's frustrating, but you need to calm down.",
            "Keep yelling like that and I'm calling security.",
        )
    ]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4, scores


def test_a_missed_suicidal_hint_is_needs_work_and_asking_is_a_move():
    missed = _judge("That's so kind of you, thank you. I'll keep your father's watch safe.", "fathers-watch")
    assert missed.band == "needs work"
    asked = _judge(
        "Your father's watch, and you say you're really tired. I want to ask you straight: are you thinking about "
        "killing yourself? I'm staying right here with you.",
        "fathers-watch",
    )
    assert asked.band == "proficient", asked.overall_steps
    assert Move.ASKED_ABOUT_SAFETY in {m.move for m in asked.moves}


@pytest.mark.parametrize(
    ("reply", "general"),
    [
        ("Are you sure it was him? Maybe you just forgot where you put it.", False),
        ("It sounds like you're going through a lot right now.", True),
        ("I can see you're really angry.", True),
        ("You have been through a lot with this.", True),
        ("You were hoping someone would notice.", True),
    ],
)
def test_a_reflection_in_general_terms_needs_a_feeling_or_a_reflecting_frame(reply, general):
    a = _judge(reply, "kitchen-food-argument")
    made = {m.move for m in a.moves}
    assert (Move.REFLECTED_GENERIC in made) is general, a.overall_steps
    if not general:
        assert a.band == "needs work" and a.overall <= NO_MOVE_CAP


def test_a_sentence_built_on_if_reflects_nothing():
    scenario = "methadone-dosing-window"
    hypothetical = _judge("If your job mattered less than your recovery, you'd have been here on time.", scenario)
    assert not hypothetical.moves and hypothetical.overall <= NO_MOVE_CAP, hypothetical.overall_steps
    said = _judge("You were at work, and now you're sick with no dose.", scenario)
    assert Move.REFLECTED in {m.move for m in said.moves}


def test_each_goal_of_the_scenario_met_adds_its_points_as_a_named_step():
    scenario = get_scenario(VOUCHER)
    a = _judge(EXCELLENT)
    goal_steps = [s for s in a.overall_steps if s.kind == StepKind.GOAL]
    met = [g.text for g in analyse_text(EXCELLENT, scenario).wording.goals if g.kind == "goal" and g.status == "met"]
    assert len(met) >= 2
    assert [s.reason for s in goal_steps] == [f"goal met: '{g}'" for g in met]
    assert all(s.points == GOAL_POINTS for s in goal_steps)
    generic = _judge("That sounds really hard. What would help you right now?")
    assert not [s for s in generic.overall_steps if s.kind == StepKind.GOAL]


def _with_calm(text: str, calm: int, verdicts: tuple[MeasureVerdict, ...] = ()) -> Assessment:
    scenario = get_scenario(VOUCHER)
    typed = analyse_text(text, scenario)
    return assess(
        typed.wording,
        CalmScore(calm, verdicts, used_baseline=True),
        scenario,
        transcript=typed.transcript,
        phrasings=model_phrasings(scenario),
    )


def test_delivery_that_is_not_calm_keeps_an_excellent_reply_below_proficient_and_costs_points():
    calm = _with_calm(EXCELLENT, 90)
    tense = _with_calm(EXCELLENT, CALM_MIN - 20)
    assert calm.band == "proficient" and calm.calm_delivery is True
    assert tense.band == "developing" and tense.calm_delivery is False
    assert calm.overall - tense.overall >= 10


def test_a_rushed_delivery_is_not_calm_even_when_the_calm_score_is_high():
    rushed = MeasureVerdict(
        Measure.RATE_VS_BASELINE, Judged.FLAG, 60.0, "faster than your reading", direction=Direction.ABOVE
    )
    calm = _with_calm(EXCELLENT, 90)
    fast = _with_calm(EXCELLENT, 90, (rushed,))
    assert fast.calm_delivery is False and fast.band == "developing"
    assert calm.overall - fast.overall >= 10
    slower = replace(rushed, direction=Direction.BELOW)  # slower than the reading is calm, not rushed
    assert _with_calm(EXCELLENT, 90, (slower,)).band == "proficient"


def test_a_calm_voice_cannot_rescue_an_off_topic_or_threatening_reply():
    assert _with_calm("Did you catch the game on Sunday?", 100).band == "needs work"
    assert _with_calm("Keep yelling like that and I'm calling security.", 100).band == "needs work"


def test_every_point_is_traceable_and_survives_json():
    a = _judge(EXCELLENT + " But you need to calm down first.")
    assert sum(s.points for s in a.overall_steps) == a.overall
    back = Assessment.from_dict(a.to_dict())
    assert back == a
    old = {k: v for k, v in a.to_dict().items() if k not in {"moves", "escalators", "calm_delivery", "overall_steps"}}
    legacy = Assessment.from_dict(old)
    assert legacy.overall == a.overall and legacy.moves == () and legacy.overall_steps == ()


@pytest.fixture(scope="module")
def spoken_judge(whisper):
    """Judge a reply spoken by espeak-ng, recognised by Whisper, against the same voice's neutral reading."""
    from voice_deesc.commands.baseline_cmd import READING_PASSAGE
    from voice_deesc.pipeline import analyse
    from voice_deesc.tts import synthesize_audio

    baseline = synthesize_audio(READING_PASSAGE, rate_wpm=SPOKEN_RATE_WPM)

    def judge(text: str) -> Assessment:
        audio = synthesize_audio(text, rate_wpm=SPOKEN_RATE_WPM)
        return analyse(audio, get_scenario(VOUCHER), whisper, baseline=baseline).assessment

    return judge


SPOKEN_RATE_WPM = 150


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_spoken_excellent_reply_is_proficient_and_a_calm_off_topic_one_needs_work(spoken_judge):
    good = spoken_judge(EXCELLENT)
    assert good.band == "proficient", (good.calm, good.overall_steps)
    assert good.calm_delivery is True
    off_topic = spoken_judge("Did you catch the game on Sunday?")
    assert off_topic.band == "needs work" and off_topic.overall <= NO_MOVE_CAP


def test_a_reply_held_below_proficient_for_the_reflection_is_told_how_to_make_it():
    """The cap for a missing reflection of this client comes with the tip that lifts it: a reply that validated,
    or reflected only in general terms, is shown the model reply's sentence that says back what the client said."""
    model_sentence = (
        "Eleven months of doing everything that was asked, and then hearing the voucher is gone over a form."
    )
    for reply in (
        "That makes sense. I'm here with you. What would help most right now?",
        "That sounds really hard. I'm here with you. What would help most right now?",
    ):
        a = _judge(reply)
        assert a.band == "developing" and Move.REFLECTED not in {m.move for m in a.moves}
        tip = next(t for t in a.suggestion_details if t.source == "missing_reflection")
        assert tip.text == f"Say back what they told you, in their own words; try: '{model_sentence}'"
    bare = _judge("I'm here with you. What would help most right now?")
    tip = next(t for t in bare.suggestion_details if t.source == "missing_reflection")
    assert tip.text.startswith("Name what they feel, in their own words; try: ")
    assert not [t for t in _judge(EXCELLENT).suggestion_details if t.source == "missing_reflection"]
