"""Reflection rules on the shapes real counselling talk takes: framed restatements count, telling and thanks do not."""

from __future__ import annotations

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.wording.analyse import analyse_wording

WEATHER = "This cold weather is killing me, I can't get out of the flat and the heating bill is through the roof."
RICK = "Rick hasn't spoken to me since the party and I don't even know what I did."


def reflections(reply: str, client: str) -> list[str]:
    wording = analyse_wording(Transcript.from_text(reply), client_text=client)
    return [f.evidence for f in wording.findings if f.category == "reflection"]


@pytest.mark.parametrize(
    "reply",
    [
        "I understand that the cold weather and the heating bill are wearing you down.",
        "i get that the heating bill is through the roof and you can't get out of the flat",
        "So you're stuck in the flat with the cold weather.",
    ],
)
def test_framed_restatements_of_this_client_reflect(reply: str) -> None:
    assert reflections(reply, WEATHER)


@pytest.mark.parametrize(
    ("reply", "client"),
    [
        ("You are so welcome.", "Thanks a lot for listening to me today."),
        ("You're very welcome, Rick will come round.", RICK),
        ("You know very well that the heating has to stay on.", WEATHER),
        ("you also need to talk to Rick about the party", RICK),
        ("You're going to have to call Rick yourself.", RICK),
        ("You do.", RICK),
    ],
)
def test_thanks_returned_telling_and_orders_do_not_reflect(reply: str, client: str) -> None:
    assert reflections(reply, client) == []


def test_a_speaker_frame_without_the_clients_words_does_not_reflect() -> None:
    assert reflections("I understand that it happens to a lot of people.", RICK) == []


HABIT = "Weekends are the only time I get to unwind. My brother says I'm always drunk but it's just a few beers."


@pytest.mark.parametrize(
    "reply",
    [
        "You sometimes use the car to get to the coast on Sundays.",
        "you have used the gym pass twice this month",
        "You lost the receipt for the boots.",
        "You've done the paperwork for the new flat already.",
        "You do need to bring the form back on Tuesday.",
    ],
)
def test_feeling_words_used_as_everyday_verbs_do_not_reflect_a_feeling(reply: str) -> None:
    """ "used", "lost" and "done" are feelings after a linking verb, actions as the clause's own verb with an object:
    such a statement about the client may still say back what they do, but it names no feeling of theirs."""
    wording = analyse_wording(Transcript.from_text(reply), client_text=HABIT)
    assert not [f for f in wording.findings if "feeling" in f.message]


@pytest.mark.parametrize(
    "reply",
    [
        "you got used by your brother and his mates",
        "you're just done with hearing about it",
        "You're lost when he starts in on you like that.",
        "You find the whole thing overwhelming.",
    ],
)
def test_feeling_participles_after_a_linking_verb_still_reflect(reply: str) -> None:
    wording = analyse_wording(Transcript.from_text(reply), client_text=HABIT)
    assert [f for f in wording.findings if "client's feeling" in f.message]


NEIGHBOUR = "My neighbour plays music until 3am and the landlord just laughs when I complain."


@pytest.mark.parametrize(
    "reply",
    [
        "So it sounds like-",
        "It sounds like... um.",
        "You said.",
        "Sounds like a really good plan.",
        "It sounds like a good plan.",
        "It seems like a sensible first step.",
        "That sounds like a great first step.",
        "We can start wherever you feel comfortable.",
        "Take a break when you feel ready.",
        "Write down what you feel each night.",
        "But you said you'd be here at nine.",
        "I thought you said Tuesday.",
    ],
)
def test_cut_off_frames_rating_a_plan_and_embedded_feeling_words_do_not_reflect(reply: str) -> None:
    assert reflections(reply, NEIGHBOUR) == []


@pytest.mark.parametrize(
    "reply",
    [
        "It sounds like the nights are wearing you down.",
        "You feel let down by the landlord.",
        "So it makes you feel ignored when he laughs.",
        "I know how you feel.",
    ],
)
def test_frames_that_go_on_to_say_something_still_reflect(reply: str) -> None:
    assert reflections(reply, NEIGHBOUR)


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("I get the impression that you'd rather not talk to him tonight.", True),
        ("I sense that your patience with the landlord ran out.", True),
        ("I have a feeling that it will rain later.", False),
        ("I get the feeling that.", False),
    ],
)
def test_a_sense_frame_reflects_only_when_it_is_about_the_client(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, NEIGHBOUR)) is reflects


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("So I hear you haven't spoken to Rick since the party.", ["I hear you haven't"]),
        ("i hear you can't get out of the flat", ["i hear you can't"]),
        ("I can feel that you're worn down by the cold.", ["I can feel that you're"]),
        ("I hear you.", []),  # an acknowledgement, saying back nothing
        ("I hear you, but the bill has to be paid.", []),
        ("I can feel the cold in here too.", []),
    ],
)
def test_i_hear_you_and_i_can_feel_that_you_frame_a_restatement(reply: str, expected: list[str]) -> None:
    client = f"{WEATHER} {RICK}"
    assert reflections(reply, client) == expected


SHELTER = "They kicked me out of the shelter because I came back late, and now I've got nowhere to sleep."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("You're safe here.", False),
        ("You did the right thing coming here.", False),
        ("You're doing really well.", False),
        ("You have a right to appeal the decision.", False),
        ("You're absolutely right.", False),
        ("You had a good job and they took it.", True),
        ("You came back late and now they've taken your bed away.", True),
        ("You're doing everything you can to find a bed.", True),
    ],
)
def test_praise_reassurance_and_rights_affirm_or_inform_rather_than_reflect(reply: str, reflects: bool) -> None:
    """The rubric keeps an affirmation ("you're doing really well") and information about rights apart from a
    reflection of what the client said or feels; a statement of what happened to them still reflects."""
    assert bool(reflections(reply, SHELTER)) == reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("I feel like you've been let down by the shelter.", True),
        ("I feel that you were treated unfairly by the shelter.", True),
        ("I feel like you should call them.", False),  # advice framed as a feeling
        ("I feel like you're not listening to me.", False),
        ("I feel bad for you.", False),
    ],
)
def test_i_feel_like_you_frames_the_clients_content(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, SHELTER)) == reflects


JOB = "I lost my job on Friday and now the rent is due and I have nothing put by."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("Um, and if you lost the job for good, what then?", False),
        ("So, uh, when you pay the rent next month it gets easier.", False),
        ("Um, you lost the job on Friday.", True),
        ("You're going to take the rent form to the office on Monday.", False),
        ("you're gonna pay the rent late this month", False),
        ("You're scared you're going to lose the flat over the rent.", True),
    ],
)
def test_conditions_after_fillers_and_the_clients_future_are_not_said_back(reply: str, reflects: bool) -> None:
    """A condition ("um, and if you ...") and what the client will do ("you're going to take ...") tell or
    suppose; only what the client said or feels is said back, with a feeling frame still carrying the future."""
    assert bool(reflections(reply, JOB)) is reflects


ALONE = "What should I do when I start to panic about being alone over Christmas?"


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("I can tell that you are worried about being alone.", True),
        ("i can tell you're scared of the panic coming back", True),
        ("I could tell you were frightened.", True),
        ("I can tell you the helpline is open over Christmas.", False),
    ],
)
def test_i_can_tell_you_are_frames_what_the_helper_reads_in_the_client(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, ALONE)) is reflects


PASS = "The bus driver took my pass off me in front of everyone and said it was fake. I paid for it."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("The bus company usually sends the pass back in a week.", False),
        ("Drivers normally check passes at the front door.", False),
        ("You said the driver usually lets you on.", True),
        ("The driver took your pass in front of everyone.", True),
    ],
)
def test_what_usually_happens_informs_rather_than_reflects(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, PASS)) is reflects


@pytest.mark.parametrize("reply", ["That can be really hard to deal with.", "it can feel so humiliating"])
def test_that_can_be_hard_validates(reply: str) -> None:
    wording = analyse_wording(Transcript.from_text(reply), client_text=PASS)
    assert "validation" in {f.category for f in wording.findings}


BENEFITS = "Nobody here cares about me. You lot lost my paperwork twice and now my benefits are stopped."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("You said nobody cares, but that's not true.", False),
        ("You feel nobody cares, but honestly you're overreacting.", False),
        ("You sound like a broken record.", False),
        ("It sounds like you want someone else to blame.", False),
        ("You feel like nobody here cares about you.", True),
        ("Your paperwork got lost twice, but they still stopped your benefits.", True),
        ("I know you're frustrated, but you should have called about the paperwork.", True),
        ("It sounds like you're overreacting about the paperwork.", False),
        ("it sounds like you're fed up with the paperwork you should ring them", True),
    ],
)
def test_a_claim_said_back_only_to_dispute_it_is_no_reflection(reply: str, reflects: bool) -> None:
    """ "Yes, but": the client's claim said back and then answered with a flag after "but", or a reflective frame
    that runs straight into a judgment. A named feeling before the "but" still counts, as the training labels do."""
    assert bool(reflections(reply, BENEFITS)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("Bus drivers always pick on people with concession passes.", False),
        ("inspectors stop passes on that route all the time", False),
        ("It's always the same with that bus, he takes the pass off people.", True),
        ("The driver took your pass and said it was fake.", True),
    ],
)
def test_how_the_world_usually_goes_is_no_reflection(reply: str, reflects: bool) -> None:
    """A clause without the client in it that says how often things go a certain way generalises; one about
    someone in the client's story ("he", "it") still says it back."""
    assert bool(reflections(reply, PASS)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("The bus company says the pass was fake.", False),
        ("the inspectors say it came up as fake on their machine", False),
        ("so the driver says it was fake, and you paid for it", True),
        ("You say the pass was yours and you paid for it.", True),
        ("The bus company can send you a new pass within a week.", False),
        ("the travel office has to give you a receipt for a pass", False),
        ("the driver could see you had paid for it", True),
    ],
)
def test_another_partys_account_or_what_a_service_can_do_is_no_reflection(reply: str, reflects: bool) -> None:
    """ "The bus company says ..." passes on someone else's version; "the office can send ..." says what is open to
    the client. Neither says back what the client said; "you say ..." and the client's story still do."""
    assert bool(reflections(reply, PASS)) is reflects


MONEY = "They stopped my money for six weeks because I missed one appointment. I was in hospital."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("I'm sorry to hear your money was stopped while you were in hospital.", False),
        ("i am so sorry you were in hospital and they still stopped your money", False),
        ("Sorry you had to deal with that on top of being in hospital.", False),
        ("I'm sorry, you were in hospital and they stopped your money anyway.", True),
        ("I'm sorry this happened. You were in hospital and they stopped your money anyway.", True),
    ],
)
def test_content_inside_an_apology_is_the_apology(reply: str, reflects: bool) -> None:
    """The labelling conventions: "I'm sorry you lost your brother" is the apology, however far what it is sorry
    about runs; after a comma or a full stop a new statement may say the client's content back."""
    assert bool(reflections(reply, MONEY)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("Thanks for telling me about the hospital and the appointment.", False),
        ("thank you for explaining that you were in hospital", False),
        ("Thank you for telling me. You were in hospital and they stopped your money.", True),
    ],
)
def test_thanks_for_what_the_client_shared_affirms_rather_than_reflects(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, MONEY)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("Well done for getting to the appointment after a stay in hospital.", False),
        ("it's good that you were in touch with them from the hospital", False),
        ("Well done for coming in. You were in hospital and they still stopped your money.", True),
    ],
)
def test_praise_for_what_the_client_did_affirms_rather_than_reflects(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, MONEY)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("I'll phone the job centre and get your money back on.", False),
        ("we can ring them and ask about the six weeks", False),
        ("You were in hospital and missed the appointment.", True),
        ("so you kept the letter and took it to them", True),
    ],
)
def test_a_clause_that_carries_on_the_speakers_plan_is_no_reflection(reply: str, reflects: bool) -> None:
    """After "and", a clause with no subject of its own shares the one before it: the speaker's plan stays theirs,
    the client's story stays the client's."""
    assert bool(reflections(reply, MONEY)) is reflects


WAITING = "I've been sat here three hours and nobody has told me anything. My daughter is on her own at home."


@pytest.mark.parametrize(
    "reply",
    [
        "three hours with no news and your daughter's at home on her own can i find out where things are",
        "you're worried about your daughter would it help to ring her from here",
    ],
)
def test_a_recognisers_statement_ends_where_its_question_or_offer_begins(reply: str) -> None:
    """With no full stop, the statement runs into the question; the question no longer hides what came before it."""
    assert reflections(reply, WAITING)


def test_a_denial_before_an_unpunctuated_question_stays_a_denial() -> None:
    assert not reflections("nobody is saying you did anything wrong what would help most right now", WAITING)


ALLOTMENT = (
    "The council gave my allotment to someone else while I was in hospital. I'd grown vegetables there for nine years "
    "and they've thrown all my tools in a skip."
)


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("My neighbour lost her allotment to the council too, they threw her tools out.", False),
        ("oh right my brother grew vegetables for years and he lost his plot as well", False),
        ("My sense is that losing the allotment after nine years has hit you hard.", True),
        ("You'd grown vegetables there for nine years and they gave it away.", True),
    ],
)
def test_the_speakers_own_story_is_no_reflection_and_my_sense_frames_one(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, ALLOTMENT)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("You were in hospital when the council gave your allotment away.", True),
        ("You were in hospital, but you should have told the council about the allotment.", False),
        ("oh boo hoo nine years of vegetables in a skip", False),
        ("I know you're upset, but you should have told the council you were in hospital.", True),
    ],
)
def test_the_clients_words_turned_against_them_in_one_sentence_are_no_reflection(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, ALLOTMENT)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("Bring the hospital letter about your allotment to the council office.", False),
        ("next time ring the council before the allotment lapses", False),
        ("Go to the allotment society and ask them for your tools back.", False),
        ("You want your tools back from the skip and make the council own up.", True),
        ("The council gave your allotment away while you were in hospital.", True),
    ],
)
def test_an_order_to_act_is_a_fix_not_a_reflection(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, ALLOTMENT)) is reflects


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("Your allotment society can move you up the waiting list after a hospital stay.", False),
        ("The council usually lets you keep your tools while you appeal.", False),
        ("Allotment decisions can be appealed to the parks committee.", False),
        ("You have a month to ask the council to look at the allotment again.", False),
        ("You'd be entitled to a plot on the new site.", False),
        ("Your tools were thrown in a skip after nine years of work.", True),
        ("You'd be lost without that allotment.", True),
    ],
)
def test_what_is_open_to_the_client_informs_rather_than_reflects(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, ALLOTMENT)) is reflects


PHARMACY = "The pharmacy won't give me my methadone without a script, and the landlord is going to evict me Friday."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("The pharmacy wouldn't give you your methadone without the script.", True),
        ("so the pharmacy wouldn't hand over your methadone", True),
        ("The landlord won't evict you, we'll sort it.", False),
        ("I won't give up on the script with you.", False),
    ],
)
def test_a_complaint_in_the_negative_said_back_reflects_and_a_denial_of_the_fear_does_not(
    reply: str, reflects: bool
) -> None:
    """The client's own negative ("won't give me my methadone") said back is their content; the same shape against
    what they fear ("is going to evict me") denies it."""
    assert bool(reflections(reply, PHARMACY)) is reflects


EXAM = "I failed my exam again and my parents are going to be so disappointed."


@pytest.mark.parametrize(
    ("reply", "reflects"),
    [
        ("So the exam didn't go the way you hoped, again.", True),
        ("the exam results weren't what you expected", True),
        ("Nobody expects you to pass every exam first time.", False),
    ],
)
def test_a_hope_not_met_is_the_clients_disappointment_said_back(reply: str, reflects: bool) -> None:
    assert bool(reflections(reply, EXAM)) is reflects
