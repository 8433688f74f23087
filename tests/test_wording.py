"""The wording rubric: exact findings on exact sentences, negation and reported speech, recogniser-style text,
reflection against the client, balance, goals, and the traced score."""

from __future__ import annotations

import dataclasses
import json

import pytest

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.scenarios.load import get_scenario, list_scenarios
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.rubric import CATEGORIES, Wording
from voice_deesc.wording.score import BASE_SCORE, FLAG_POINTS


def cats(text: str, *, client: str = "", scenario=None) -> set[str]:
    return {f.category for f in analyse_wording(Transcript.from_text(text), scenario, client_text=client).findings}


def findings(text: str, **kw):
    return analyse_wording(Transcript.from_text(text), kw.get("scenario"), client_text=kw.get("client", "")).findings


@pytest.fixture(scope="module")
def voucher():
    return get_scenario("lost-housing-voucher")


# ---------------------------------------------------------------- spans and evidence


def test_finding_points_at_exact_characters():
    text = "Okay. Calm down, you need to follow the rules."
    (command, advice) = findings(text)
    assert (command.category, command.evidence, command.start_char, command.end_char) == (
        "command_feelings",
        "Calm down",
        6,
        15,
    )
    assert text[advice.start_char : advice.end_char] == advice.evidence == "you need to"
    assert command.polarity == "-" and "how to feel" in command.message and "'Calm down'" in command.message


def test_spoken_reply_gets_start_and_end_seconds():
    words = (
        Word("I", 0.0, 0.1),
        Word("hear", 0.1, 0.4),
        Word("you.", 0.4, 0.7),
        Word("Calm", 1.2, 1.5),
        Word("down,", 1.5, 1.9),
        Word("please.", 1.9, 2.3),
    )
    transcript = Transcript(words, "I hear you. Calm down, please.", "whisper", "tiny.en")
    (finding,) = [f for f in analyse_wording(transcript).findings if f.category == "command_feelings"]
    assert (finding.start_s, finding.end_s) == (1.2, 1.9)


def test_typed_reply_has_no_times():
    (finding,) = findings("Calm down.")
    assert finding.start_s is None and finding.end_s is None


# ---------------------------------------------------------------- negation, hypotheticals, reported speech


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("I'm not going to call security.", "threat_ultimatum"),
        ("You didn't do anything wrong, and you're not overreacting.", "judgment_blame"),
        ("Someone told you to just get over it — that must have hurt.", "minimizing"),
        ("Nobody is going to kick you out for being upset.", "threat_ultimatum"),
        ("I'm not telling you to calm down.", "command_feelings"),
        ("They called you a junkie in front of everyone?", "labeling"),
        ("You're scared you'll be discharged.", "threat_ultimatum"),
        ("Even if you yelled, I wouldn't call the police.", "threat_ultimatum"),
        ("I don't think you're drug seeking.", "labeling"),
        ("Being told to calm down all day would wear anyone out.", "command_feelings"),
    ],
)
def test_negated_or_reported_acts_are_not_flagged(text, absent):
    assert absent not in cats(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("If you keep shouting I'm calling security.", "threat_ultimatum"),
        ("I told you to calm down.", "command_feelings"),
        ("I didn't mean to upset you, but calm down.", "command_feelings"),
        ("Why can't you just move on?", "minimizing"),
        ("No, you're overreacting.", "judgment_blame"),
    ],
)
def test_acts_still_flagged_near_negation_or_reporting(text, present):
    assert present in cats(text)


def test_negation_does_not_cross_a_content_word():
    assert "threat_ultimatum" in cats("I never wanted this but I will call security")


# ---------------------------------------------------------------- questions from word order


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what happened this morning", "open_question"),
        ("so how are you holding up", "open_question"),
        ("tell me more about the form", "open_question"),
        ("could you tell me what the office said", "open_question"),
        ("did they give you a reason", "closed_question"),
        ("is there somewhere you can sleep tonight", "closed_question"),
        ("how long have you been waiting", "closed_question"),
        ("why did you leave the meeting", "why_question"),
    ],
)
def test_questions_found_without_question_marks(text, kind):
    assert kind in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "i can see why you are upset",
        "i know what you mean",
        "what you went through sounds awful",
        "if you did you would have told me",
        "this is the third time it happened",
        "let's write down what happened together",
        "someone who can help is on the way",
    ],
)
def test_statements_with_question_words_are_not_questions(text):
    assert not cats(text) & {"open_question", "closed_question", "why_question"}


def test_questions_split_in_unpunctuated_stream():
    found = [f for f in findings("i hear you are you okay what happened") if f.category.endswith("question")]
    assert [(f.category, f.evidence) for f in found] == [
        ("closed_question", "are you okay"),
        ("open_question", "what happened"),
    ]


def test_why_dont_you_is_advice_not_a_why_question():
    assert cats("Why don't you just fill out the form again?") == {"premature_advice"}


def test_rhetorical_question_gets_the_flag_only():
    assert cats("What is wrong with you?") == {"judgment_blame"}


# ---------------------------------------------------------------- reflection against the client


def test_synonym_reflects_client_feeling():
    found = findings("You're furious about it.", client="I'm so angry they cancelled on me again.")
    assert [f.category for f in found] == ["reflection"]
    assert "furious" in found[0].message


def test_content_words_reflect_the_client_statement(voucher):
    reply = "Eleven months of doing everything they asked, and now the voucher is gone."
    found = [f for f in findings(reply, scenario=voucher) if f.category == "reflection"]
    assert [f.evidence for f in found] == ["Eleven months of doing everything they asked", "now the voucher is gone"]
    assert "eleven" in found[0].message and "voucher" in found[1].message


def test_same_words_without_a_client_are_not_a_reflection():
    assert "reflection" not in cats("Eleven months of doing everything they asked.")


def test_reflective_frame_needs_no_client():
    assert "reflection" in cats("It sounds like this morning went badly.")


def test_question_is_not_a_reflection():
    assert "reflection" not in cats("Do you feel angry about the voucher?", client="They took my voucher, I'm angry.")


# ---------------------------------------------------------------- balance, goals, score


def test_balance_counts_reflections_questions_and_runs():
    w = analyse_wording(
        Transcript.from_text("Did you call them? Did they answer? Did you write it down? Was it today?"),
        client_text="They never called me back.",
    )
    b = w.balance
    assert b is not None
    assert (b.questions, b.closed_questions, b.reflections) == (4, 4, 0)
    assert b.longest_question_run == 4 and b.open_share == 0.0 and b.reflection_to_question == 0.0
    run_points = [t for t in w.score_trace if "in a row" in t.reason]
    assert len(run_points) == 2  # the third and fourth closed question of the run


def test_reflection_to_question_ratio_band():
    w = analyse_wording(
        Transcript.from_text("It sounds like you're exhausted. You feel let down. What happened?"),
        client_text="I'm exhausted and they let me down.",
    )
    assert w.balance is not None
    assert w.balance.reflection_to_question == 2.0 and w.balance.miti_band == "good"


def test_model_reply_meets_every_goal_and_keeps_avoid_list(voucher):
    w = analyse_wording(Transcript.from_text(voucher.model_reply), voucher)
    goals = {g.text: g for g in w.goals}
    assert [g.status for g in w.goals if g.kind == "goal"] == ["met"] * len(voucher.goals)
    assert all(g.status in {"kept", "unchecked"} for g in w.goals if g.kind == "avoid")
    assert goals[voucher.goals[0]].evidence


def test_calm_down_breaks_the_avoid_item_and_misses_goals(voucher):
    w = analyse_wording(Transcript.from_text("Calm down, we'll get your voucher back, I promise."), voucher)
    status = {g.text: g.status for g in w.goals}
    assert status["Telling him to calm down or lower his voice"] == "broken"
    assert status["Promising the voucher back before you know"] == "broken"
    assert status[voucher.goals[0]] == "missed"


def test_score_traces_to_findings():
    w = analyse_wording(Transcript.from_text("Calm down. I'm sorry, that sounds really hard. Calm down!"))
    trace = w.score_trace
    assert BASE_SCORE + sum(t.points for t in trace) == w.non_judgmental
    assert [t.category for t in trace] == ["command_feelings", "apology", "validation", "command_feelings"]
    assert trace[0].points == -FLAG_POINTS["command_feelings"] and trace[3].points == -5
    for t in trace:
        assert w.findings[t.finding].category == t.category


def test_good_reply_outscores_harsh_reply(voucher):
    good = analyse_wording(Transcript.from_text(voucher.model_reply), voucher).non_judgmental
    harsh = analyse_wording(Transcript.from_text("Calm down, that's on you, or I'm calling security."), voucher)
    assert good >= 90 and harsh.non_judgmental <= 30


def test_to_dict_is_json(voucher):
    data = analyse_wording(Transcript.from_text("Let's figure it out together."), voucher).to_dict()
    again = json.loads(json.dumps(data))
    assert again["findings"][0]["category"] == "collaboration" and {"balance", "goals", "score_trace"} <= set(again)
    assert Wording.from_dict(again) == analyse_wording(Transcript.from_text("Let's figure it out together."), voucher)


def test_empty_reply():
    w = analyse_wording(Transcript.from_text(""))
    assert w.findings == () and w.non_judgmental == BASE_SCORE
    assert w.balance is not None and w.balance.length == "empty"


def test_every_category_can_be_found():
    examples = {
        "reflection": "It sounds like you're worn out.",
        "validation": "That sounds really hard.",
        "open_question": "What happened?",
        "collaboration": "Let's work on it together.",
        "choice_autonomy": "Would you rather start with the form?",
        "presence": "I'm here.",
        "apology": "I'm sorry that happened.",
        "closed_question": "Did you sleep?",
        "why_question": "Why did you do that?",
        "command_feelings": "Relax.",
        "judgment_blame": "You're overreacting.",
        "labeling": "He's an addict.",
        "minimizing": "It's not a big deal.",
        "threat_ultimatum": "Or I'm calling security.",
        "premature_advice": "You should call them.",
        "arguing": "That's not true.",
        "avoidance": "Not my problem.",
        "sarcasm_profanity": "Oh great, this again.",
    }
    assert set(examples) == set(CATEGORIES)
    for category, text in examples.items():
        assert category in cats(text), text


def test_goals_written_in_plain_words(voucher):
    custody = dataclasses.replace(
        voucher,
        goals=("Reflect the fear of losing custody", "Offer a choice about what to do first"),
        avoid=("Telling her it will be fine", "Asking why she missed the test"),
    )
    good = analyse_wording(
        Transcript.from_text(
            "You're terrified of losing custody. Would you rather call your lawyer or start the letter?"
        ),
        custody,
    )
    assert [g.status for g in good.goals] == ["met", "met", "kept", "kept"]
    bad = analyse_wording(Transcript.from_text("Why did you miss the test? It will be fine."), custody)
    assert [g.status for g in bad.goals] == ["missed", "missed", "broken", "broken"]
    assert list(bad.goals[0].missing) == ["reflection", "a mention of fear / losing / custody"]


def test_model_replies_of_every_pack_are_clean():
    packs = list_scenarios()
    assert packs
    for scenario in packs:
        w = analyse_wording(Transcript.from_text(scenario.model_reply), scenario)
        flags = [f.evidence for f in w.findings if f.polarity == "-"]
        assert not flags and w.non_judgmental >= 80, (scenario.id, flags, w.non_judgmental)


@pytest.mark.slow
def test_findings_on_real_whisper_transcript_point_at_spoken_words(whisper):
    """The bundled demo reply, transcribed by Whisper: each finding's seconds are those of its own words."""
    from pathlib import Path

    from voice_deesc.audio import load_audio

    audio = load_audio(Path(__file__).resolve().parents[1] / "src" / "voice_deesc" / "data" / "demo_reply.wav")
    transcript = whisper.transcribe(audio)
    wording = analyse_wording(transcript, get_scenario("lost-housing-voucher"))
    timed = [f for f in wording.findings if f.start_s is not None]
    assert len(timed) == len(wording.findings) >= 3
    duration_s = len(audio.samples) / audio.sample_rate
    for f in timed:
        assert 0 <= f.start_s <= f.end_s <= duration_s + 0.5
        inside = [w for w in transcript.words if f.start_s <= w.start_s and w.end_s <= f.end_s]
        spoken = " ".join(w.text.strip(" ,.?!").lower() for w in inside)
        first_word = f.evidence.split()[0].strip(" ,.?!").lower()
        assert spoken.startswith(first_word), (f.evidence, spoken)
    assert {"reflection", "presence"} <= {f.category for f in wording.findings}


def test_recogniser_text_without_apostrophes():
    assert cats("im not gonna call security whats going on") == {"open_question"}
    assert cats("dont worry youll be fine") == {"command_feelings", "minimizing"}


def test_odd_input_gives_no_findings():
    for text in ["?!?", "—", "'", "123456 789", "🙂"]:
        assert cats(text) == set()


def test_unpunctuated_stream_splits_questions_and_statements():
    found = findings(
        "so what happened this morning did they say why the voucher expired i'm not going to call security i'm here"
    )
    assert [(f.category, f.evidence) for f in found] == [
        ("open_question", "what happened this morning"),
        ("closed_question", "did they say why the voucher expired"),
        ("presence", "i'm here"),
    ]
