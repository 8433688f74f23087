"""wording/goals.py: a goal is met by its moves and its key content, not by one incidental word.

Each rule on a built-in training scenario (tests/data/graded/README.md) with replies that meet or miss it by the
rule alone; the real wording analysis runs, nothing is stubbed.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.goals import topic_needed
from voice_deesc.wording.rubric import GoalCheck


def _goal(scenario_id: str, goal: str, reply: str) -> GoalCheck:
    scenario = replace(get_scenario(scenario_id), goals=(goal,), avoid=())
    return analyse_wording(Transcript.from_text(reply), scenario).goals[0]


BUS_GOAL = "Reflect the late bus and the gap between Friday and the next opening"


def test_a_third_of_the_topic_words_and_at_least_one():
    assert [topic_needed(["w"] * n) for n in range(7)] == [0, 1, 1, 1, 2, 2, 2]


def test_one_incidental_word_does_not_meet_a_goal_with_many_topic_words():
    one = _goal("missed-prescriber-appointment", BUS_GOAL, "You were late, and the policy says twenty minutes.")
    assert one.status == "missed"
    assert one.missing == ("a mention of late / bus / gap / friday / opening",)
    two = _goal("missed-prescriber-appointment", BUS_GOAL, "Your bus was late, and now Friday is so close.")
    assert two.status == "met", two
    assert {"bus", "late", "friday"} <= set(two.evidence)


def test_words_that_instruct_the_trainee_are_never_asked_for():
    goal = "Reflect the friendship and the loss in his own words"
    met = _goal("grief-friend-overdose", goal, "You've lost your best friend, and you're hurting.")
    assert met.status == "met", met
    missed = _goal("grief-friend-overdose", goal, "It sounds like you're having a hard day.")
    assert missed.missing[-1] == "a mention of friendship / loss"  # not "own" or "words"


def test_everyday_words_for_the_same_people_pick_up_the_topic():
    goal = "Reflect the fear of losing his family"
    met = _goal("leaving-residential-early", goal, "You're scared you'll lose your girlfriend and the kids.")
    assert met.status == "met", met
    assert {"scared", "girlfriend", "kids"} <= set(met.evidence)


def test_examples_are_one_way_to_meet_a_goal_and_not_required():
    goal = "Offer next steps he chooses, such as calling the public defender's front desk together"
    own_way = _goal("court-date-no-callback", goal, "Would you rather write down your questions first?")
    assert own_way.status == "met", own_way
    assert "collaboration" not in own_way.categories  # "together" sits in the example
    tonight = "Offer options for tonight, such as the overflow site or the outreach van"
    by_example = _goal("court-date-no-callback", tonight, "Would you rather I call the overflow site with you?")
    assert by_example.status == "met", by_example
    neither = _goal("court-date-no-callback", tonight, "Would you rather I call someone with you?")
    assert neither.status == "missed"


def test_an_opening_condition_is_not_the_topic():
    goal = "If he still leaves, help him leave safer: naloxone and an open door to come back"
    assert _goal("leaving-residential-early", goal, "If you leave now you'll just relapse.").status == "missed"
    assert _goal("leaving-residential-early", goal, "Take naloxone with you, and our door stays open.").status == "met"


def test_a_goal_to_offer_needs_an_offer_not_only_its_topic():
    goal = "Offer to go with her to ask the nurse about a late dose today"
    reflected = _goal("methadone-dosing-window", goal, "You were late from work, and no dose today.")
    assert reflected.status == "missed"
    assert reflected.missing == ("collaboration|choice_autonomy",)
    offered = _goal("methadone-dosing-window", goal, "Can we go to the nurse together and ask about a late dose today?")
    assert offered.status == "met", offered


@pytest.mark.parametrize(
    ("reply", "status"),
    [
        ("Someone unplugged your phone without asking, after two years here, that felt disrespectful.", "met"),
        ("Your phone is charging at the desk.", "missed"),
    ],
)
def test_without_being_asked_is_what_happened_to_the_client(reply, status):
    goal = "Reflect that being unplugged without being asked felt disrespectful after two years here"
    check = _goal("phone-unplugged-at-drop-in", goal, reply)
    assert check.status == status, check
    if status == "missed":  # "without being asked" is kept as the topic, not skipped like "without arguing"
        assert check.missing[-1] == "a mention of unplugged / disrespectful / two / years"
