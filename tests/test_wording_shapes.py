"""Shapes that decide a finding on real speech: questions after fillers and prepositions, invitation fragments,
sincere look-alikes of flags (an offer to phone, siding with the client's sense of unfairness, a joke taken back,
a conditional outcome) and sarcasm dressed as validation. Every sentence is written for its rule; each shape has
a sentence that must be found and one that must not."""

from __future__ import annotations

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.text import plain_form


def found(text: str) -> list[tuple[str, str]]:
    """(category, evidence) of every finding, in order."""
    return [(f.category, f.evidence) for f in analyse_wording(Transcript.from_text(text)).findings]


def cats(text: str) -> set[str]:
    return {c for c, _ in found(text)}


# ---------------------------------------------------------------- questions


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("I mean, what do you think the first step is?", "what do you think the first step is"),
        ("You know, how did you get through last winter?", "how did you get through last winter"),
        ("In what way has the group helped you?", "In what way has the group helped you"),
        ("So to what extent do you trust the new worker?", "to what extent do you trust the new worker"),
        ("Anything else?", "Anything else"),
        ("Okay. Any other thoughts about the move?", "Any other thoughts about the move"),
        ("Tell me where you'd like to begin.", "Tell me where"),
    ],
)
def test_open_questions_after_fillers_prepositions_and_invitations(text, evidence):
    assert ("open_question", evidence) in found(text)
    assert "closed_question" not in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "I mean what I said about the deposit.",
        "You know what happened next, they changed the locks.",
        "I heard about what happened at the hostel.",
        "Anything that needs signing goes to the front desk.",
    ],
)
def test_fillers_and_prepositions_before_a_statement_ask_nothing(text):
    assert not cats(text) & {"open_question", "closed_question", "why_question"}


def test_a_filler_question_keeps_its_exact_characters():
    text = "I mean, what do you think the first step is?"
    finding = next(f for f in analyse_wording(Transcript.from_text(text)).findings if f.category == "open_question")
    assert text[finding.start_char : finding.end_char] == "what do you think the first step is"
    assert (finding.start_char, finding.end_char) == (8, 43)


def test_filler_questions_in_recogniser_text():
    assert "open_question" in cats(plain_form("In what way has the group helped you?"))
    assert "open_question" in cats("i mean what do you think the first step is")


def test_a_fragment_that_opens_without_an_invitation_stays_closed():
    assert cats("Anything from the pharmacy yet?") == {"closed_question"}


# ---------------------------------------------------------------- sincere look-alikes of flags


@pytest.mark.parametrize(
    ("text", "category", "flagged"),
    [
        ("Do you want me to call the housing office for you?", "threat_ultimatum", False),
        ("Do you want me to call the police?", "threat_ultimatum", True),
        ("That's not fair, and I'd be livid too.", "arguing", False),
        ("That's not fair, what they did with your deposit.", "arguing", False),
        ("That's not fair, we've bent over backwards for you.", "arguing", True),
        ("Don't worry about it, I was only joking about the kettle.", "command_feelings", False),
        ("Don't worry, it's only a form.", "command_feelings", True),
        ("As long as you keep your appointment on Friday, you'll be fine.", "minimizing", False),
        ("You'll feel better once you've had a proper meal.", "minimizing", False),
        ("Don't worry, you'll be fine.", "minimizing", True),
        ("If you ask me, everything will be fine.", "minimizing", True),
        ("It's no big deal if you miss one.", "minimizing", True),
    ],
)
def test_sincere_look_alikes_are_kept_clear(text, category, flagged):
    assert (category in cats(text)) is flagged


def test_an_offer_to_phone_is_a_question_with_a_choice():
    assert cats("Do you want me to call the overflow shelter?") == {"choice_autonomy", "closed_question"}


def test_siding_with_the_client_is_validation():
    assert ("validation", "I'd be livid too") in found("That's not fair, and I'd be livid too.")


# ---------------------------------------------------------------- sarcasm dressed as validation


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("No wonder nobody wants to share a room with you.", "No wonder nobody wants"),
        ("No wonder she kicked you out.", "No wonder she kicked you"),
        ("No wonder you got banned from the day centre.", "No wonder you got banned"),
        ("No wonder you're still on the waiting list.", "No wonder you're still"),
        ("No wonder you've been drinking all these years.", "No wonder you've been drinking all these years"),
        ("Well, good luck with that.", "good luck with that"),
    ],
)
def test_sarcasm_cues(text, evidence):
    assert ("sarcasm_profanity", evidence) in found(text)
    assert "validation" not in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "No wonder you're worn out.",
        "No wonder you've been sleeping badly, with all of that going on.",
        "No wonder it stung when she said that.",
    ],
)
def test_no_wonder_about_a_feeling_validates(text):
    assert "validation" in cats(text)
    assert "sarcasm_profanity" not in cats(text)


def test_good_luck_with_a_named_thing_is_sincere():
    assert "sarcasm_profanity" not in cats("Good luck with that interview on Monday.")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("I think you'll be fine. You're resourceful, you found the food bank on your own.", False),
        ("You'll be okay because you've got your sister and the new worker on your side.", False),
        ("You'll be fine. Trust me.", True),
        ("Everything will be okay, you're just tired.", True),
    ],
)
def test_a_reassurance_grounded_in_strengths_affirms(text, flagged):
    assert ("minimizing" in cats(text)) is flagged


# ---------------------------------------------------------------- question word as subject, free relatives, invitations


@pytest.mark.parametrize(
    ("text", "category", "evidence"),
    [
        ("What has you so worried about Monday?", "open_question", "What has you so worried about Monday"),
        ("How many beds are left tonight", "closed_question", "How many beds are left tonight"),
        ("Which one is closer to your sister's?", "closed_question", "Which one is closer to your sister's"),
        ("What kind of help is there at the shelter?", "open_question", "What kind of help is there at the shelter"),
        ("Let me ask if you've eaten today.", "closed_question", "Let me ask if"),
        ("Let me ask you what the landlord said.", "open_question", "Let me ask you what"),
        ("I'm just wondering how the visit went.", "open_question", "I'm just wondering how"),
        ("I was hoping to hear how the hearing went.", "open_question", "I was hoping to hear how"),
        ("Just remind me again what the letter said.", "open_question", "remind me again what"),
        ("how r u holding up", "open_question", "how r u holding up"),
    ],
)
def test_question_shapes_without_inversion(text, category, evidence):
    assert (category, evidence) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "What the nurse said is that the dose comes at nine.",
        "What this means is that you keep your place.",
        "What your worker wrote was wrong.",
        "How much it hurts is hard to put into words.",
    ],
)
def test_a_free_relative_subject_is_a_statement(text):
    assert not cats(text) & {"open_question", "closed_question", "why_question"}


@pytest.mark.parametrize(
    ("text", "category", "flagged"),
    [
        ("Just tell me what happened at the desk.", "premature_advice", False),
        ("Just let me know what you decide.", "premature_advice", False),
        ("Just call them back tomorrow.", "premature_advice", True),
        ("Was he freaking out when you told him?", "sarcasm_profanity", False),
        ("Fill in this freaking form.", "sarcasm_profanity", True),
    ],
)
def test_requests_to_hear_and_freaking_out(text, category, flagged):
    assert (category in cats(text)) is flagged


def test_was_he_freaking_out_is_a_question():
    assert "closed_question" in cats("Was he freaking out when you told him?")


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("He wasn't pleased with the letter, was he?", None),
        ("He wasn't pleased with the letter, was he", None),
    ],
)
def test_a_tag_is_no_question_of_its_own(text, evidence):
    """The labelling conventions count a tag question as no question, with its "?" or without (as a recogniser)."""
    questions = [(c, e) for c, e in found(text) if c in {"open_question", "closed_question", "why_question"}]
    assert questions == ([("closed_question", evidence)] if evidence else [])


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Okay, did you?", "did you"),
        ("Right?", "Right"),
        ("Is that right?", "Is that right"),
        ("So you went to the office, and did they see you?", "did they see you"),
    ],
)
def test_questions_that_look_like_tags_still_ask(text, evidence):
    assert ("closed_question", evidence) in found(text)


# ---------------------------------------------------------------- spoken questions that drop their auxiliary


@pytest.mark.parametrize(
    ("text", "category", "evidence"),
    [
        ("you okay", "closed_question", "you okay"),
        ("hey you alright i saw you out by the bins", "closed_question", "you alright"),
        ("you holding up okay", "closed_question", "you holding up okay"),
        ("everyone safe", "closed_question", "everyone safe"),
        ("want some tea", "closed_question", "want some tea"),
        ("okay anything else", "open_question", "anything else"),
    ],
)
def test_elliptical_spoken_questions(text, category, evidence):
    assert (category, evidence) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "you okay with the plan for tomorrow",
        "you want to move on from the flat",
        "anything else i can do is out of my hands",
        "I hope you feel okay.",
    ],
)
def test_statements_that_start_like_elliptical_questions(text):
    assert not cats(text) & {"open_question", "closed_question", "why_question"}


# ---------------------------------------------------------------- beliefs reported, not the speaker's judgment


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("You feel like your mum might be overreacting to all this.", False),
        ("How will you stay sober without your mates thinking you look stupid?", False),
        ("I feel like you're overreacting.", True),
        ("I'm thinking you're overreacting.", True),
    ],
)
def test_a_belief_someone_else_holds_is_reported(text, flagged):
    assert bool(cats(text) & {"judgment_blame", "labeling"}) is flagged


def test_a_named_feeling_does_not_report_the_command_after_it():
    assert ("command_feelings", "calm down") in found("You feel overwhelmed, calm down.")


# ---------------------------------------------------------------- walls, put-downs and taking things away


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("If you keep banging on the counter I'm taking your card away.", "threat_ultimatum"),
        ("If you carry on like this you're out.", "threat_ultimatum"),
        ("Everyone here has problems, you know.", "judgment_blame"),
        ("Try not to get so upset about the letter.", "command_feelings"),
        ("Full is full, I can't squeeze you in.", "minimizing"),
        ("Look, a deal is a deal.", "minimizing"),
        ("There's nothing anybody can do about it.", "minimizing"),
    ],
)
def test_walls_put_downs_and_penalties_are_flagged(text, category):
    assert category in cats(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm taking the form away to check it with my manager.",
        "If you keep going to the group, it gets easier.",
        "Everyone has their own way of getting through a loss.",
        "There's nothing anyone could have done to stop it.",
        "What it is is a mix-up at the front desk.",
    ],
)
def test_their_sincere_look_alikes_are_kept_clear(text):
    assert not cats(text) & {"threat_ultimatum", "judgment_blame", "minimizing", "command_feelings"}


@pytest.mark.parametrize(
    "text",
    [
        "When it gets bad I try not to worry and go for a walk.",
        "The trouble with that is that nobody called you back.",
    ],
)
def test_a_speaker_about_themselves_and_a_clause_that_goes_on_are_no_wall(text):
    assert not cats(text) & {"minimizing", "command_feelings"}


@pytest.mark.parametrize(
    ("text", "category", "flagged"),
    [
        ("You keep missing your appointments.", "judgment_blame", True),
        ("If you keep coming to the group, it gets easier.", "judgment_blame", False),
        ("When you keep coming back, people notice.", "judgment_blame", False),
        ("There's nothing I can do.", "avoidance", True),
        ("There's nothing I can do about the decision, but I can call the office with you.", "avoidance", False),
    ],
)
def test_a_condition_is_no_accusation_and_a_limit_with_an_offer_stays(text, category, flagged):
    assert (category in cats(text)) is flagged


def test_the_speaker_stepping_away_is_counted_once():
    assert [c for c, _ in found("There's nothing I can do.")] == ["avoidance"]
