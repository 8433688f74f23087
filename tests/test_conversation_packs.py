"""Conversation packs: the turn format, the structural checks, the branch rule on typed replies, the agitated voice."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from voice_deesc.conversation.branching import Mover, decide_branch, move_agitation
from voice_deesc.conversation.record import Branch
from voice_deesc.errors import ScenarioError
from voice_deesc.pipeline import analyse_text
from voice_deesc.scenarios.load import builtin_dir, get_scenario, list_scenarios
from voice_deesc.scenarios.model import DOMAIN_THEMES, as_conversation, turn_scenario
from voice_deesc.scenarios.parse import load_scenario

HEADER = """id = "{id}"
title = "A test conversation"
theme = "anger-at-program"
difficulty = 2
client_emotion = "angry"
context = "A client at the front desk."
"""


def _turn(turn_id: str, settles: str, holds: str | None = None, escalates: str = "escalated", **extra: str) -> str:
    lines = [
        "[[turns]]",
        f'id = "{turn_id}"',
        "agitation = 5",
        'text = "They lost my form again. I have been waiting all week."',
        'feelings = ["angry", "tired"]',
        'key_content = ["form", "waiting all week"]',
        'goals = ["Reflect the wait", "Offer to look at it together"]',
        'avoid = ["Blaming the client", "Telling him to calm down"]',
        'model_reply = "A whole week of waiting, and the form is lost again. Let\'s look at it together."',
        f'settles = "{settles}"',
        f'holds = "{holds or turn_id}"',
        f'escalates = "{escalates}"',
        *(f"{key} = {value}" for key, value in extra.items()),
    ]
    return "\n".join(lines) + "\n"


def _pack(tmp_path: Path, *turns: str, header: str = HEADER) -> Path:
    folder = tmp_path / "talk"
    folder.mkdir()
    (folder / "scenario.toml").write_text(header.format(id="talk") + "\n".join(turns), encoding="utf-8")
    return folder


def _problems(tmp_path: Path, *turns: str, header: str = HEADER) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_pack(tmp_path, *turns, header=header))
    return str(caught.value)


def test_a_conversation_pack_loads_with_its_turns_and_defaults_from_the_first(tmp_path):
    scenario = load_scenario(_pack(tmp_path, _turn("ta", "tb"), _turn("tb", "tc"), _turn("tc", "settled")))
    conversation = scenario.conversation
    assert conversation is not None and [t.id for t in conversation.turns] == ["ta", "tb", "tc"]
    assert scenario.client_statement == conversation.start.text  # pack-level fields default to the opening turn
    assert scenario.feelings == ("angry", "tired")
    path, end = conversation.settle_path()
    assert [t.id for t in path] == ["ta", "tb", "tc"] and end == "settled"
    assert scenario.to_dict()["conversation"]["turns"][1]["settles"] == "tc"


def test_a_missing_branch_target_is_named_with_the_turn_and_a_hint(tmp_path):
    message = _problems(tmp_path, _turn("ta", "tb"), _turn("tb", "tcc"), _turn("tc", "settled"))
    assert "turn 'tb' field 'settles' leads to 'tcc', which is no turn — did you mean 'tc'?" in message


def test_unreachable_turns_loops_without_exit_and_a_short_settle_path_are_errors(tmp_path):
    message = _problems(
        tmp_path,
        _turn("ta", "tb"),
        _turn("tb", "settled"),
        _turn("lost", "settled"),
        _turn("tx", "ty", escalates="ty"),
        _turn("ty", "tx", escalates="tx"),
    )
    assert "turns 'lost', 'tx', 'ty' are never reached" in message
    assert "turns 'tx', 'ty' loop with no way out" in message
    assert "the settle path (every reply settling) has 2 turns (ta > tb); write 3-6" in message


def test_a_settle_path_that_circles_back_is_an_error(tmp_path):
    message = _problems(tmp_path, _turn("ta", "tb"), _turn("tb", "ta"))
    assert "following 'settles' from the first turn comes back to turn 'ta'" in message


def test_safety_rules_of_a_conversation(tmp_path):
    safety_header = HEADER.replace('theme = "anger-at-program"', 'theme = "suicidal-hints"\nsafety_critical = true')
    asks = 'model_reply = "I hear you. Are you thinking about killing yourself? I am here with you."'
    no_ask = _turn("ta", "tb", escalates="tb", safety_hint="true")  # escalating reaches the hand-off
    message = _problems(
        tmp_path,
        no_ask,
        _turn("tb", "tc", escalates="safety-hand-off"),
        _turn("tc", "safety-hand-off"),
        header=safety_header,
    )
    assert "turn 'ta' field 'model_reply' must ask directly about suicide" in message
    assert "can be reached without settling a turn with safety_hint = true" in message
    # asking in the hint turn and routing the hand-off through it is sound
    hint = re.sub(r"model_reply = .*", asks, _turn("ta", "tb", safety_hint="true"))
    ok_folder = tmp_path / "ok"
    ok_folder.mkdir()
    scenario = load_scenario(
        _pack(ok_folder, hint, _turn("tb", "tc"), _turn("tc", "safety-hand-off"), header=safety_header)
    )
    assert scenario.conversation is not None and scenario.conversation.start.safety_hint
    assert turn_scenario(scenario, scenario.conversation.start).safety_critical
    assert not turn_scenario(scenario, scenario.conversation.turn("tb")).safety_critical


def test_a_hand_off_in_a_pack_that_is_not_safety_critical_is_an_error(tmp_path):
    message = _problems(tmp_path, _turn("ta", "tb"), _turn("tb", "tc"), _turn("tc", "safety-hand-off"))
    assert "add safety_critical = true" in message


def test_built_in_conversations_cover_themes_and_levels():
    conversations = [s for s in list_scenarios(builtin_dir()) if s.conversation is not None]
    assert len(conversations) >= 8
    assert len({s.theme for s in conversations}) >= 7 and set(DOMAIN_THEMES) >= {s.theme for s in conversations}
    assert {s.difficulty for s in conversations} == {1, 2, 3, 4, 5}
    safety = [s for s in conversations if s.safety_critical]
    assert [s.id for s in safety] == ["better-off-without-me"]
    for scenario in conversations:
        path, end = scenario.conversation.settle_path()
        assert 3 <= len(path) <= 6
        assert end == ("safety-hand-off" if scenario.safety_critical else "settled")
        levels = [t.agitation for t in path]
        assert levels == sorted(levels, reverse=True) and levels[0] > levels[-1], scenario.id


def test_single_statement_packs_are_one_turn_conversations():
    scenario = get_scenario("kitchen-food-argument")
    assert scenario.conversation is None
    conversation = as_conversation(scenario)
    (turn,) = conversation.turns
    assert turn.text == scenario.client_statement and turn.model_reply == scenario.model_reply
    assert (turn.settles, turn.holds, turn.escalates) == ("settled", turn.id, "escalated")


@pytest.mark.parametrize(
    ("reply", "branch", "mover"),
    [
        ("I hear you, but if you keep shouting I'm calling security and you'll be discharged.", "escalates", None),
        ("Calm down. It's not a big deal, everyone loses a form sometimes.", "escalates", Mover.ESCALATOR),
        ("Okay.", "holds", Mover.PARTLY),
    ],
)
def test_the_branch_rule_on_typed_replies(reply, branch, mover):
    scenario = get_scenario("lost-housing-voucher")
    turn = scenario.conversation.start
    decision = decide_branch(analyse_text(reply, turn_scenario(scenario, turn), client_text=turn.text))
    assert decision.branch.value == branch
    if mover is not None:
        assert decision.reasons[0].mover is mover
    if branch == "escalates":
        assert any(r.mover in (Mover.ESCALATOR, Mover.BROKEN_AVOID) for r in decision.reasons)


def test_every_settle_path_model_reply_typed_settles_its_turn():
    for scenario in list_scenarios(builtin_dir()):
        if scenario.conversation is None:
            continue
        path, _ = scenario.conversation.settle_path()
        for turn in path:
            attempt = analyse_text(turn.model_reply, turn_scenario(scenario, turn), client_text=turn.text)
            assert decide_branch(attempt).branch is Branch.SETTLES, (scenario.id, turn.id)


def test_a_reply_may_reflect_what_the_client_said_earlier_in_the_conversation():
    """At the last turn ("Fine, the van. But tomorrow ..."), saying back the first turn's three hours in the cold is
    a reflection of this client; judged against the last line alone it is off the topic."""
    scenario = get_scenario("shelter-bed-given-away")
    path, _ = scenario.conversation.settle_path()
    last, earlier = path[-1], [turn.text for turn in path[:-1]]
    reply = "Three hours out in the cold, and then your bed went to someone who had just walked up."
    alone = analyse_text(reply, turn_scenario(scenario, last))
    in_context = analyse_text(reply, turn_scenario(scenario, last, earlier=earlier))
    assert not alone.wording.findings and alone.assessment.band == "needs work"
    assert {f.category.value for f in in_context.wording.findings} == {"reflection"}
    assert in_context.assessment.overall > alone.assessment.overall + 30
    assert "earlier_client_lines" not in turn_scenario(scenario, last, earlier=earlier).to_dict()


def test_the_client_context_is_the_last_three_earlier_lines_then_this_one():
    from voice_deesc.wording.reflection import client_context

    assert client_context("Now this.", ["One.", "Two.", "Three.", "Four."]) == "Two. Three. Four. Now this."
    assert client_context("Again.", ["Again.", " "]) == "Again."


def test_agitation_moves_with_the_branch_within_the_scale():
    assert move_agitation(7, Branch.SETTLES) == 5
    assert move_agitation(7, Branch.HOLDS) == 7
    assert move_agitation(7, Branch.ESCALATES) == 9
    assert move_agitation(1, Branch.SETTLES) == 0 and move_agitation(10, Branch.ESCALATES) == 10


def test_the_client_voice_is_faster_louder_and_higher_when_agitated(tmp_path):
    from voice_deesc.audio import load_audio
    from voice_deesc.delivery.pitch import yin
    from voice_deesc.tts import client_voice, synthesize_voice

    line = "Eleven months I waited, and now you tell me the voucher is gone."
    heard = {}
    for level in (1, 9):
        audio = load_audio(synthesize_voice(line, tmp_path / f"level-{level}.wav", client_voice(level)))
        f0 = yin(audio.samples, fmin_hz=60, fmax_hz=400, sample_rate=audio.sample_rate, frame_length=1024, hop=256)
        voiced = f0[(f0 > 60) & (f0 < 400)]
        rms_db = 10 * np.log10(np.mean(audio.samples**2))
        heard[level] = (audio.duration_s, rms_db, float(np.median(voiced)))
    (calm_s, calm_db, calm_hz), (agitated_s, agitated_db, agitated_hz) = heard[1], heard[9]
    assert agitated_s < 0.85 * calm_s  # 146 vs 194 words/min
    assert agitated_db > calm_db + 3  # 0.68 vs 1.32 of the normal amplitude: about +6 dB
    assert 12 * np.log2(agitated_hz / calm_hz) > 2  # higher by more than two semitones
