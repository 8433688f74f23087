"""Sentence structure decides what a phrase does (structure.py, questions.py): exact findings on sentences written
for each rule, with the exact words and character spans a trainee is shown."""

from __future__ import annotations

import pytest

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.structure import fills_clause, is_imperative
from voice_deesc.wording.text import normalise


def found(text: str, client: str = "") -> list[tuple[str, str]]:
    """(category, evidence) of every finding, in order."""
    return [(f.category, f.evidence) for f in analyse_wording(Transcript.from_text(text), client_text=client).findings]


def cats(text: str, client: str = "") -> set[str]:
    return {c for c, _ in found(text, client)}


# ---------------------------------------------------------------- word sense by position


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Relax. We'll sort the paperwork out.", "Relax"),
        ("Okay, just calm down and listen.", "calm down"),
        ("You need to calm down before we talk.", "You need to calm down"),
        ("Let's all settle down for a second.", "settle down"),
        ("Cheer up, it's Friday.", "Cheer up"),
    ],
)
def test_feeling_words_said_to_the_client_are_commands(text, evidence):
    assert ("command_feelings", evidence) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "A long shower usually helps me relax after a double shift.",
        "How do you usually relax on your day off?",
        "The breathing exercise is a way to help your body calm down.",
        "My brother finally found someone to settle down with.",
        "I sat with my friend and let him cheer up in his own time.",
    ],
)
def test_the_same_words_describing_someone_are_not_commands(text):
    assert "command_feelings" not in cats(text)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Just move on, it was months ago.", True),
        ("You have to let it go.", True),
        ("After the funeral my aunt took a year before she could move on.", False),
        ("You said you're ready to move on from that job?", False),
        ("She wants to let it go but her sister keeps bringing it up.", False),
    ],
)
def test_move_on_is_minimising_only_as_an_instruction(text, flagged):
    assert ("minimizing" in cats(text)) is flagged


def test_is_imperative_reads_position_and_addressing_frames():
    text = normalise("So I pray about it, then move on. Okay, relax.")
    words = text.words()
    assert not is_imperative(text, words.index("move"))  # continues a sentence about the speaker
    assert is_imperative(text, words.index("relax"))


# ---------------------------------------------------------------- phrases that count only alone


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("It happens.", True),
        ("Well, these things happen.", True),
        ("Call me the next time it happens and we'll write it down.", False),
        ("Whatever.", True),
        ("Whatever helps you get through tonight is fine with me.", False),
        ("Sure you did.", True),
        ("I'm sure you did everything you could.", False),
    ],
)
def test_shrugs_count_only_when_they_stand_alone(text, flagged):
    judgmental = {"minimizing", "sarcasm_profanity"}
    assert bool(cats(text) & judgmental) is flagged


def test_fills_clause_allows_fillers_only():
    text = normalise("Well, it happens. It happens to be Tuesday.")
    assert fills_clause(text, 2, 4)
    assert not fills_clause(text, 5, 7)


# ---------------------------------------------------------------- word sense: "only", groups, praise, understanding


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("It's only one missed shift, you'll be fine.", True),
        ("The clinic is only a ten minute walk from here.", False),
        ("The hearing is only a week away, so let's get your papers ready.", False),
        ("You're the only one who was there for her.", False),
    ],
)
def test_only_shrinks_a_problem_not_a_time_or_a_fact(text, flagged):
    assert ("minimizing" in cats(text)) is flagged


def test_a_mutual_help_group_name_is_not_a_label():
    assert "labeling" not in cats("Have you thought about going back to Alcoholics Anonymous on Tuesdays?")
    assert "labeling" in cats("You're an alcoholic and everyone here knows it.")


def test_praise_with_people_like_you_is_not_blame():
    assert not cats("Honestly, the world needs more people like you.") & {"labeling", "judgment_blame"}
    assert {"labeling", "judgment_blame"} <= cats("People like you never follow the rules.")


def test_i_do_understand_is_not_arguing_unless_it_pushes_back():
    assert "arguing" not in cats("I do understand. Losing the car on top of the job is a lot.")
    assert "arguing" in cats("Thanks for sharing that, but I do understand.")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("That's insane, I'm so sorry that happened.", False),
        ("You're acting insane right now.", True),
    ],
)
def test_insane_about_a_situation_is_not_a_label(text, flagged):
    assert ("labeling" in cats(text)) is flagged


# ---------------------------------------------------------------- structures with no fixed wording


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        (
            "If you don't stop shouting, I'll have security walk you out.",
            "If you don't stop shouting, I'll have security walk",
        ),
        ("If you keep this up you'll lose your spot on the list.", "If you keep this up you'll lose"),
        (
            "If you don't sign it today, we're cancelling your appointment.",
            "If you don't sign it today, we're cancelling",
        ),
        ("Do that again and I'm calling the manager.", "Do that again and I'm calling"),
        ("Unless you calm down I am ending this conversation.", "Unless you calm down I am ending"),
    ],
)
def test_conditional_threats(text, evidence):
    assert ("threat_ultimatum", evidence) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "If you don't feel ready, I'll stay right here with you.",
        "If you want, I'll call your sister for you.",
        "If you don't have a ride, we can sort one out together.",
    ],
)
def test_conditions_that_offer_help_are_not_threats(text):
    assert "threat_ultimatum" not in cats(text)


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("You should have brought your ID with you.", "You should have brought"),
        ("Honestly you ought to have asked someone first.", "you ought to have asked"),
        ("You knew the deadline was Friday.", "You knew the"),
        ("If you had just checked your email, none of this would happen.", "If you had just checked"),
    ],
)
def test_blame_by_a_past_modal(text, evidence):
    assert ("judgment_blame", evidence) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "You should have been told about the change weeks ago.",
        "You shouldn't have had to wait this long.",
        "Nobody is saying you should have known.",
    ],
)
def test_past_modals_that_side_with_the_client_are_not_blame(text):
    assert "judgment_blame" not in cats(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("That's just how it works here.", "minimizing"),
        ("Those are the rules, I don't make the rules.", "minimizing"),
        ("Nobody owes you anything.", "judgment_blame"),
        ("You're not entitled to a private room.", "judgment_blame"),
        ("Don't be so upset about a form.", "command_feelings"),
        ("Keep your voice down.", "command_feelings"),
        ("Stay calm and fill this in.", "command_feelings"),
    ],
)
def test_walls_put_downs_and_feeling_commands(text, category):
    assert category in cats(text)


def test_encouragement_to_act_is_not_a_feeling_command():
    assert "command_feelings" not in cats("Don't be afraid to ask the pharmacist about it.")


def test_client_words_handed_back_are_not_the_trainees_judgment():
    client = "Everyone says I should just get over it. Maybe I should."
    assert "minimizing" not in cats("So you feel you should just get over it.", client)
    assert "minimizing" in cats("Just get over it.", client)


# ---------------------------------------------------------------- questions by "?" and by question words


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("You've talked to the landlord already?", "closed_question"),
        ("How often?", "closed_question"),
        ("And the shelter would be like what?", "open_question"),
        ("So you've been at this job for how long?", "closed_question"),
        ("Okay. So how did the meeting go?", "open_question"),
        ("Where would you like to start?", "open_question"),
        ("I'm wondering if you'd be open to talking about the rent.", "closed_question"),
        ("Yeah?", "closed_question"),
    ],
)
def test_questions_without_question_word_order(text, category):
    assert category in cats(text)


def test_a_reflection_offered_with_a_question_mark_is_still_a_reflection():
    client = "My caseworker keeps cancelling on me and nobody calls back."
    assert cats("Your caseworker keeps cancelling on you?", client) == {"reflection", "closed_question"}
    assert cats("Someone told you it was your fault?") == set()


def test_why_dont_you_is_still_a_suggestion_with_a_question_mark():
    assert cats("Why don't you just call them tomorrow?") == {"premature_advice"}


def test_structural_findings_keep_spoken_times():
    words = [
        Word("If", 0.0, 0.2),
        Word("you", 0.2, 0.4),
        Word("keep", 0.4, 0.6),
        Word("this", 0.6, 0.8),
        Word("up", 0.8, 1.0),
        Word("you'll", 1.0, 1.3),
        Word("lose", 1.3, 1.6),
        Word("your", 1.6, 1.8),
        Word("bed.", 1.8, 2.2),
    ]
    transcript = Transcript(tuple(words), " ".join(w.text for w in words), "whisper", "tiny.en")
    threat = next(f for f in analyse_wording(transcript).findings if f.category == "threat_ultimatum")
    assert (threat.evidence, threat.start_s, threat.end_s) == ("If you keep this up you'll lose", 0.0, 1.6)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("If you don't calm down I'll have to call someone.", "command_feelings"),
        ("Could you lower your voice, please?", "command_feelings"),
        ("The cut-off is the cut-off.", "minimizing"),
        ("Honestly it's just a form, fill it in again.", "minimizing"),
        ("Oh you poor thing, how tragic.", "sarcasm_profanity"),
        ("This bloody system again.", "sarcasm_profanity"),
        ("I'll tell your probation officer about this.", "threat_ultimatum"),
        ("We'll cancel your appointment if this goes on.", "threat_ultimatum"),
        ("You had every chance to sort this out.", "judgment_blame"),
        ("Don't be such a crybaby.", "labeling"),
        ("You people always want something.", "labeling"),
        ("Well actually, we called you twice.", "arguing"),
        ("With all due respect, I don't think that's what happened.", "arguing"),
        ("Four minutes late. Tragic.", "sarcasm_profanity"),
        ("Oh sure. Like that's going to happen.", "sarcasm_profanity"),
    ],
)
def test_more_shapes_of_each_flag(text, category):
    assert category in cats(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("So what brings you here today?", "minimizing"),
        ("Oh wow, I'm so sorry. That's really scary.", "sarcasm_profanity"),
        ("It must be nice to be back where you grew up.", "sarcasm_profanity"),
        ("Why didn't you call them back?", "judgment_blame"),
        ("Thank you for your kind words.", "labeling"),
        ("Oh no, that's not good.", "arguing"),
        ("I wouldn't be surprised if they did call you back.", "arguing"),
        ("Good for you! That took a lot.", "sarcasm_profanity"),
    ],
)
def test_sincere_words_that_look_like_flags(text, category):
    assert category not in cats(text)


def test_request_phrased_as_a_question_is_not_a_question():
    assert "closed_question" not in cats("Could you lower your voice, please?")
