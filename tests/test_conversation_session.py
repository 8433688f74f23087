"""Whole conversations driven end to end from recorded replies: espeak-ng speech, the streaming path, Whisper.

The trainee's neutral reading is the bundled espeak-ng one, so delivery is judged against the same synthetic
voice (domain.md: the change from one's own calm voice is the strongest measure).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import bundled_baseline
from voice_deesc.conversation.branching import Mover
from voice_deesc.conversation.loop import INTERRUPTED, RepliesLeftOver, TurnJudged, run_conversation
from voice_deesc.conversation.record import Branch, EndState
from voice_deesc.delivery.baseline import load_reading
from voice_deesc.devices import has_input_device
from voice_deesc.scenarios.load import builtin_dir, get_scenario, list_scenarios
from voice_deesc.scenarios.model import SAFETY_QUESTION
from voice_deesc.session import RecordedReply

pytestmark = pytest.mark.slow

CALM = (128, 50, 1.0)
"""Rate (espeak words/min), pitch (0-99) and volume of a calm reply: the bundled neutral reading's voice (140 words/min)
a little slower, as domain.md's calm target asks (0-20 % slower than one's own baseline; > 10 % faster is rushed)."""
RUSHED_STRAINED = (210, 75, 1.6)
"""About 30 % faster and 4 semitones higher than the neutral reading, and louder."""
THREAT = "I hear you, but if you keep shouting I'm calling security, and you will lose your place in the program."
CTRL_C_REPLIES = (
    "Voicemail again, and Thursday is so close. That sounds really stressful.",
    "Your year clean and your boss as a reference. Let's write those questions down together.",
)
CONVERSATIONS = [s.id for s in list_scenarios(builtin_dir()) if s.conversation is not None]
SPOKEN_CONVERSATIONS = ["lost-housing-voucher", "better-off-without-me"]
"""Conversations driven spoken from start to end: an ordinary one (also fed one reply too many) and the
safety-critical one, which ends in a hand-off. Each costs ~10 s of Whisper decoding through the stream, so the
other packs' settle paths are checked typed (tests/test_conversation_packs.py): the streamed path is the same
code whichever pack's words it carries."""


@pytest.fixture(scope="session")
def speak(tmp_path_factory):
    """Speak text with espeak-ng once per test session; the same text and voice give the cached WAV."""
    from voice_deesc.tts import synthesize

    folder = tmp_path_factory.mktemp("spoken")
    made: dict[tuple[str, tuple[int, int, float]], Path] = {}

    def _speak(text: str, voice: tuple[int, int, float] = CALM) -> Path:
        key = (text, voice)
        if key not in made:
            rate_wpm, pitch, volume = voice
            made[key] = synthesize(
                text, folder / f"reply-{len(made)}.wav", rate_wpm=rate_wpm, pitch=pitch, volume=volume
            )
        return made[key]

    return _speak


@pytest.fixture(scope="session")
def baseline():
    return load_reading(bundled_baseline())


def _why(turn):
    from voice_deesc.conversation.branching import decide_branch

    steps = [f"{step.points:+d} {step.reason}" for step in turn.attempt.assessment.overall_steps]
    return [reason.describe() for reason in decide_branch(turn.attempt).reasons] + steps


def _run(scenario, whisper, baseline, files, **kwargs):
    events: list[object] = []
    result = run_conversation(
        scenario,
        whisper,
        [RecordedReply(f) for f in files],
        baseline=baseline,
        speak=False,
        on_event=events.append,
        **kwargs,
    )
    return result, events


def test_the_spoken_conversations_cover_an_ordinary_pack_and_the_safety_critical_one():
    spoken = [get_scenario(s) for s in SPOKEN_CONVERSATIONS]
    assert set(SPOKEN_CONVERSATIONS) <= set(CONVERSATIONS)
    assert {s.safety_critical for s in spoken} == {False, True}


@pytest.mark.parametrize("scenario_id", SPOKEN_CONVERSATIONS)
def test_model_replies_spoken_reach_the_settled_end(scenario_id, whisper, baseline, speak):
    scenario = get_scenario(scenario_id)
    path, _ = scenario.conversation.settle_path()
    files = [speak(turn.model_reply) for turn in path]
    extra = [files[0]] if scenario_id == "lost-housing-voucher" else []  # one reply too many: ignored with a note
    result, events = _run(scenario, whisper, baseline, files + extra)
    expected = EndState.SAFETY_HANDOFF if scenario.safety_critical else EndState.SETTLED
    assert result.end_state is expected, [(t.turn_id, _why(t), t.attempt.transcript.text) for t in result.turns]
    assert [t.turn_id for t in result.turns] == [t.id for t in path]
    assert all(t.branch is Branch.SETTLES for t in result.turns)
    curve = result.agitation_curve
    assert curve[0] == path[0].agitation and all(b == max(0, a - 2) for a, b in itertools.pairwise(curve))
    assert [type(e) for e in events].count(TurnJudged) == len(path)
    assert any(isinstance(e, RepliesLeftOver) and e.count == 1 for e in events) == bool(extra)
    for turn, fed in zip(result.turns, files, strict=True):
        saved, rate = sf.read(turn.recording, dtype="float32")
        original = load_audio(fed).samples
        assert rate == 16_000 and len(saved) == len(original)  # the whole reply, nothing cut or added
        assert np.max(np.abs(saved - original)) < 1e-3  # the same samples, to 16-bit precision


def test_a_calm_reply_spoken_rushed_and_strained_escalates(whisper, baseline, speak):
    from voice_deesc.conversation.branching import decide_branch

    scenario = get_scenario("lost-housing-voucher")
    model = scenario.conversation.start.model_reply
    calm_words = " ".join(re.split(r"(?<=[.?!])\s+", model)[:2])  # two sentences: long enough to judge the pace
    result, _ = _run(scenario, whisper, baseline, [speak(calm_words, RUSHED_STRAINED)])
    (turn,) = result.turns
    assert turn.branch is Branch.ESCALATES and turn.next_turn == "flare-up"
    movers = {reason.mover for reason in decide_branch(turn.attempt).reasons}
    assert {Mover.RUSHED, Mover.STRAINED} <= movers
    assert Mover.ESCALATOR not in movers  # the words were the model reply's: only the delivery escalated


def test_the_safety_conversation_hands_off_only_after_the_suicide_question(whisper, baseline, speak):
    scenario = get_scenario("better-off-without-me")
    conversation = scenario.conversation
    unasked = []
    for turn_id in ("opening", "shut-down"):  # the hint turns, answered well but without the direct question
        sentences = re.split(r"(?<=[.?!])\s+", conversation.turn(turn_id).model_reply)
        unasked.append(speak(" ".join(s for s in sentences if not SAFETY_QUESTION.search(s))))
    result, _ = _run(scenario, whisper, baseline, unasked)
    assert [t.turn_id for t in result.turns] == ["opening", "shut-down"]
    assert all(t.branch is Branch.ESCALATES for t in result.turns)
    assert result.end_state is EndState.ESCALATED
    # test_model_replies_spoken_reach_the_settled_end: with the question asked, the same pack reaches the hand-off


class _InterruptedReply:
    """The trainee presses Ctrl-C while the third reply is being recorded."""

    def record(self, *, on_block, end_silence_s):
        raise KeyboardInterrupt


def test_ctrl_c_after_turn_two_keeps_both_recordings(whisper, baseline, speak, tmp_path):
    """The first turn is retried once (its discarded recording is kept too), then Ctrl-C during the third reply."""
    from voice_deesc.conversation.loop import Choice

    scenario = get_scenario("court-date-no-callback")
    files = [speak(CTRL_C_REPLIES[0]), speak(CTRL_C_REPLIES[0]), speak(CTRL_C_REPLIES[1])]
    sources = [*(RecordedReply(f) for f in files), _InterruptedReply()]
    choices = iter([Choice.RETRY])
    result = run_conversation(
        scenario, whisper, sources, baseline=baseline, speak=False, choose=lambda judged: next(choices, Choice.CONTINUE)
    )
    assert result.stopped_because == INTERRUPTED and result.end_state is None
    assert [t.retries for t in result.turns] == [1, 0] and result.turns[0].turn_id == "opening"
    kept = sorted((tmp_path / "home" / "recordings").glob("*.wav"))
    assert len(kept) == 3 and {t.recording for t in result.turns} < {str(p) for p in kept}
    for turn, fed in zip(result.turns, files[1:], strict=True):
        assert sf.info(turn.recording).frames == len(load_audio(fed).samples)


def test_practice_with_a_threat_from_a_folder_of_fewer_replies_than_turns(speak, run_cli, tmp_path):
    scenario = get_scenario("lost-housing-voucher")
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "01-threat.wav").write_bytes(speak(THREAT).read_bytes())
    baseline_file = str(bundled_baseline())
    result = run_cli(
        "practice",
        *("--scenario", scenario.id, "--replies", str(folder), "--no-speak", "--in-role", "--baseline", baseline_file),
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("The client says:") == 1 and "— Turn 1 · the client's agitation 7/10 —" in out
    report = out.index("Conversation: The housing voucher that expired")
    moved = "Turn 1: the client escalated (7 → 9)."
    assert out.count(moved) == 1 and out.index(moved) > report  # in role: no note until the report at the end
    assert "Escalating:" in out[out.index(moved) :] and "security" in out.lower()
    assert "Client agitation: 7 → 9" in out
    assert "stopped early, after 1 turn (no more replies)" in " ".join(out.split())
    assert "Kept in your history as conversation 1" in out


@pytest.mark.skipif(has_input_device(), reason="a microphone is present")
def test_no_device_and_no_replies_shows_the_first_turn_then_how_to_reply_from_files(run_cli):
    scenario = get_scenario("lost-housing-voucher")
    result = run_cli("practice", "--scenario", scenario.id, "--no-speak")
    assert result.returncode == 1
    assert f'The client says: "{scenario.conversation.start.text}"' in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no microphone found" in lines[0] and "--replies" in lines[0]
