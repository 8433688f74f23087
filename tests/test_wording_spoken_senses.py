"""Spoken restarts before a question word, clauses cut off before a new question, questions in quotation marks,
questions that only turn the listener ("You know what?"), who/where questions about the client's own view,
invitations by "I wonder who/where", and two word senses of flags: a worry about taking everything on at once
(pacing, not a command about the feeling) and a label offered about a third person as one side of an either-or
question. Every sentence is written for its rule; each shape has a sentence that must be found and one that must
not."""

from __future__ import annotations

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.wording.analyse import analyse_wording
from voice_deesc.wording.text import plain_form

QUESTIONS = {"open_question", "closed_question", "why_question"}


def found(text: str) -> list[tuple[str, str]]:
    """(category, evidence) of every finding, in order."""
    return [(f.category, f.evidence) for f in analyse_wording(Transcript.from_text(text)).findings]


def cats(text: str) -> set[str]:
    return {c for c, _ in found(text)}


# ---------------------------------------------------------------- spoken restarts


@pytest.mark.parametrize(
    ("text", "category", "evidence"),
    [
        ("So w-where do you want to start?", "open_question", "where do you want to start"),
        ("Wh-what happened after the call?", "open_question", "what happened after the call"),
        ("Okay, wh-when is the hearing?", "closed_question", "when is the hearing"),
        ("Where do you- where do you want to go from here?", "open_question", "where do you want to go from here"),
        ("I-I-is it the rent that scares you most?", "closed_question", "is it the rent that scares you most"),
    ],
)
def test_a_restart_does_not_hide_the_question_word(text, category, evidence):
    assert (category, evidence) in found(text)


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        (
            "So is it your cousin, what-- is it the same cousin as last time?",
            ["is it your cousin", "is it the same cousin as last time"],
        ),
        ("What if- uh, can I show you the leaflet?", ["can I show you the leaflet"]),
        ("That was hard- how did you cope?", ["how did you cope"]),
        ("Have you, um, eaten today?", ["Have you, um, eaten today"]),
    ],
)
def test_a_clause_cut_off_before_a_new_question_drops_out(text, questions):
    assert [e for c, e in found(text) if c in QUESTIONS] == questions


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ('She keeps asking me "where were you?" every night.', []),
        ('He said "what is the point" and left. What did you say back?', ["What did you say back"]),
    ],
)
def test_a_question_in_quotation_marks_is_reported(text, asked):
    assert [e for c, e in found(text) if c in QUESTIONS] == asked


@pytest.mark.parametrize(
    "text",
    ["I did a re-read of the letter with her.", "We have a check-in on Friday.", "She felt so-so after the visit."],
)
def test_hyphenated_words_are_no_restarts(text):
    assert not cats(text) & QUESTIONS


# ---------------------------------------------------------------- questions that ask nothing, and whose answer


@pytest.mark.parametrize(
    "text",
    [
        "You know what? We can ring them together.",
        "Guess what? The bed came through.",
        "Do you know what, that's really not fair on you.",
        "You know what, I think we can sort this.",
    ],
)
def test_an_attention_getter_asks_nothing(text):
    assert not cats(text) & QUESTIONS


@pytest.mark.parametrize("text", ["You know what happened to the deposit?", "Do you know what they said, though?"])
def test_a_question_about_what_the_client_knows_still_asks(text):
    assert cats(text) & QUESTIONS


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Where do you want to start?", "open_question"),
        ("Who do you picture sitting with you at the hearing?", "open_question"),
        ("Where could you go tonight?", "open_question"),
        ("Where do you keep your tablets?", "closed_question"),
        ("Who do you live with?", "closed_question"),
    ],
)
def test_who_and_where_ask_for_the_clients_view_or_a_fact(text, category):
    assert category in cats(text)
    assert not cats(text) & (QUESTIONS - {category})


@pytest.mark.parametrize(
    ("text", "category", "evidence"),
    [
        ("I'm wondering who else could sit with you tonight.", "open_question", "I'm wondering who"),
        ("I wonder where you'd like to go from here.", "open_question", "I wonder where"),
        ("I'm curious who told you about the group.", "open_question", "I'm curious who"),
        ("I wonder if you'd like a cup of tea.", "closed_question", "I wonder if"),
    ],
)
def test_i_wonder_invites_with_any_question_word(text, category, evidence):
    assert (category, evidence) in found(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("So from what your sister told you, you thought the room was yours?", True),
        ("Your sister told you the room was yours?", False),
    ],
)
def test_what_others_said_as_background_leaves_the_question(text, asks):
    """Checking what others said to the client is a reflection, not a question; a "what ..." phrase that only sets the
    background leaves the client's own belief as the yes/no being checked."""
    assert ("closed_question" in cats(text)) is asks


# ---------------------------------------------------------------- word sense of flags


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Try not to worry about all the bills at once, we'll take them one a week.", False),
        ("Don't worry about every form at the same time.", False),
        ("Try not to worry about the bills.", True),
        ("Don't worry, we'll do them all at once.", True),
        ("Don't worry about the rent, I'll sort it at once.", True),
    ],
)
def test_pacing_is_no_command_about_the_feeling(text, flagged):
    assert ("command_feelings" in cats(text)) is flagged
    assert ("command_feelings" in cats(plain_form(text))) is flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Is he a loser, or is he just having a bad year?", False),
        ("Was your dad an alcoholic or did he just drink at weekends?", False),
        ("Is your brother a junkie or what?", True),
        ("Are you a loser or just lazy?", True),
        ("He's a loser, or he acts like one.", True),
        ("Is he a loser?", True),
    ],
)
def test_a_label_offered_about_someone_else_as_one_reading(text, flagged):
    assert ("labeling" in cats(text)) is flagged
    assert ("labeling" in cats(plain_form(text))) is flagged


# ---------------------------------------------------------------- "together" and "you and me"


@pytest.mark.parametrize(
    ("text", "joint"),
    [
        ("We can sort the letter out together.", True),
        ("we're in this together", True),
        ("You and I can go over the form after lunch.", True),
        ("So you had been together for years and then he left.", False),
        ("They got back together in the summer.", False),
        ("He cheated on you and I think that's awful.", False),
        ("Between you and me, the new manager is kind.", False),
    ],
)
def test_together_joins_helper_and_client_not_a_couple(text: str, joint: bool) -> None:
    """The helper offering to work with the client is collaboration; a couple "together for years", or "you" after a
    preposition with a new clause after it, is not."""
    assert ("collaboration" in cats(text)) is joint
