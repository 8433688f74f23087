"""The scenario's goals and avoid list in every report: the right marks, the words that decided each item (with
their moment, misheard words marked), a broken avoid item as a suggestion with a better phrasing, and the spoken
summary naming the most important item."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

import pytest

from voice_deesc.asr.base import UNCERTAIN_BELOW, Transcript, Word
from voice_deesc.feedback.assess import assess
from voice_deesc.feedback.checklist import (
    AVOID_BROKEN_IMPACT,
    AVOID_SOURCE,
    ChecklistRow,
    CheckStatus,
    checklist_rows,
    most_important,
    spoken_item,
)
from voice_deesc.feedback.messages import clock
from voice_deesc.feedback.spoken import BAND_SENTENCES, summary_text
from voice_deesc.pipeline import Attempt, analyse_text, model_phrasings
from voice_deesc.reports.content import render_text
from voice_deesc.reports.html import render_html
from voice_deesc.reports.markdown import render_markdown
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.wording.analyse import analyse_wording

SURE = 0.95
UNSURE = round(UNCERTAIN_BELOW / 2, 3)
VALIDATING = "No wonder you're angry, and scared about tonight."
"""The model reply's validating sentence: what to say instead of "calm down" in lost-housing-voucher."""
REFLECT_GOAL = "Reflect that he did everything asked of him for eleven months"
VALIDATE_GOAL = "Validate the anger and the fear of going back to the shelter"
OFFER_GOAL = "Offer to work on the voucher together, with him choosing the first step"
CALM_ITEM = "Telling him to calm down or lower his voice"
DEFEND_ITEM = "Defending the staff or saying it is not your department"
PROMISE_ITEM = "Promising the voucher back before you know"


@pytest.fixture(scope="module")
def scenario():
    return get_scenario("lost-housing-voucher")


def spoken(text: str, *, unsure: tuple[int, ...] = ()) -> Transcript:
    """A recognised reply, half a second a word; the words at the ``unsure`` indices may have been misheard."""
    words = tuple(
        Word(token, 0.5 * i, 0.5 * i + 0.4, UNSURE if i in unsure else SURE) for i, token in enumerate(text.split())
    )
    return Transcript(words, " ".join(w.text for w in words), "whisper", "tiny.en")


def attempt_for(transcript: Transcript, scenario) -> Attempt:
    wording = analyse_wording(transcript, scenario, client_text=scenario.client_statement)
    assessment = assess(wording, None, scenario, transcript=transcript, phrasings=model_phrasings(scenario))
    return replace(
        analyse_text(transcript.text, scenario), transcript=transcript, wording=wording, assessment=assessment
    )


@pytest.fixture(scope="module")
def calm_down(scenario) -> Attempt:
    """Reflects the eleven months ("eleven" may have been misheard), then tells him to calm down at 0:04."""
    said = "It sounds like you did everything for eleven months. You need to calm down."
    return attempt_for(spoken(said, unsure=(7,)), scenario)


def lines_of(report: str) -> list[str]:
    return [line.rstrip() for line in report.splitlines()]


def test_rows_say_what_decided_each_item_with_its_moment(calm_down):
    rows = checklist_rows(calm_down.wording, calm_down.transcript)
    assert [(r.kind, r.item, r.label) for r in rows] == [
        ("goal", REFLECT_GOAL, "met"),
        ("goal", VALIDATE_GOAL, "missed"),
        ("goal", OFFER_GOAL, "missed"),
        ("avoid", CALM_ITEM, "broken"),
        ("avoid", DEFEND_ITEM, "kept"),
        ("avoid", PROMISE_ITEM, "kept"),
    ]
    assert [r.detail_text() for r in rows] == [
        "You said 'It sounds like' at 0:00, 'everything' at 0:02 and 'eleven' at 0:04.",
        "Still to add: validating the feeling and a mention of anger, fear or shelter.",
        "Still to add: working on it together, offering a choice and a mention of voucher.",
        "You said 'You need to calm down' at 0:04.",
        "Nothing in the reply went against this.",
        "Nothing in the reply went against this.",
    ]
    eleven = rows[0].evidence[-1]
    assert eleven.misheard and not rows[0].doubtful  # one doubtful word among clear ones: the goal stands
    assert calm_down.transcript.text[eleven.start_char : eleven.end_char] == "eleven"


def test_terminal_report_shows_the_checklist_with_marks_and_evidence(calm_down):
    lines = lines_of(render_text(calm_down, width=200))
    start = lines.index("Scenario checklist")
    assert lines[start + 1 : start + 8] == [
        f"  met         Goal: {REFLECT_GOAL}. You said 'It sounds like' at 0:00, 'everything' at 0:02 and "
        "'(eleven?)' at 0:04.",
        f"  missed      Goal: {VALIDATE_GOAL}. Still to add: validating the feeling and a mention of anger, fear or "
        "shelter.",
        f"  missed      Goal: {OFFER_GOAL}. Still to add: working on it together, offering a choice and a mention of "
        "voucher.",
        f"  broken      Avoid: {CALM_ITEM}. You said 'You need to calm down' at 0:04.",
        f"  kept        Avoid: {DEFEND_ITEM}. Nothing in the reply went against this.",
        f"  kept        Avoid: {PROMISE_ITEM}. Nothing in the reply went against this.",
        "  (words?) may have been misheard",
    ]
    assert start < lines.index("What you said")  # the instructor's criteria come before the transcript


def test_markdown_report_shows_the_checklist_with_marks_and_evidence(calm_down):
    lines = lines_of(render_markdown(calm_down))
    start = lines.index("## Scenario checklist")
    assert lines[start + 2 : start + 10] == [
        f"- **met** · Goal: {REFLECT_GOAL}. You said 'It sounds like' at 0:00, 'everything' at 0:02 and "
        "'(eleven?)' at 0:04.",
        f"- **missed** · Goal: {VALIDATE_GOAL}. Still to add: validating the feeling and a mention of anger, fear or "
        "shelter.",
        f"- **missed** · Goal: {OFFER_GOAL}. Still to add: working on it together, offering a choice and a mention of "
        "voucher.",
        f"- **broken** · Avoid: {CALM_ITEM}. You said 'You need to calm down' at 0:04.",
        f"- **kept** · Avoid: {DEFEND_ITEM}. Nothing in the reply went against this.",
        f"- **kept** · Avoid: {PROMISE_ITEM}. Nothing in the reply went against this.",
        "",
        "(words?) may have been misheard",
    ]


def test_html_report_shows_the_checklist_with_marks_and_evidence(calm_down):
    html = render_html(calm_down)
    assert "<h2>Scenario checklist</h2>" in html
    rows = re.findall(r"<tr><td class=\"chk (\w+)\">([\w ?]+)</td><td><span class=\"kind\">(\w+):</span> ", html)
    assert rows == [
        ("pos", "met", "Goal"),
        ("neu", "missed", "Goal"),
        ("neu", "missed", "Goal"),
        ("neg", "broken", "Avoid"),
        ("pos", "kept", "Avoid"),
        ("pos", "kept", "Avoid"),
    ]
    assert (
        f"{CALM_ITEM}</td><td>You said &#x27;You need to calm down&#x27; at 0:04.</td></tr>" in html
    )  # the avoid item and the words that broke it, in one row
    assert (
        '&#x27;everything&#x27; at 0:02 and &#x27;<span class="unsure" title="may have been misheard">eleven'
        "</span>&#x27; at 0:04." in html
    )


def test_broken_avoid_item_is_the_top_suggestion_with_a_better_phrasing(calm_down):
    tips = calm_down.assessment.suggestion_details
    top = tips[0]
    assert top.source == AVOID_SOURCE and top.impact == AVOID_BROKEN_IMPACT
    assert top.text == (
        "At 0:04 you said 'You need to calm down', which this scenario asks you to avoid (telling him to calm down "
        f"or lower his voice). Name the feeling instead; try: '{VALIDATING}'"
    )
    assert top.try_phrase == VALIDATING and (top.start_s, top.evidence) == (4.5, "You need to calm down")
    # the rubric's own tip on the same words is replaced, not repeated
    assert "command_feelings" not in [t.source for t in tips]
    assert sum("calm down" in t.text for t in tips) == 1
    assert calm_down.assessment.suggestions[0] == top.text  # what every report lists under "To try next time"


def test_spoken_summary_names_the_broken_avoid_item_once(calm_down):
    text = summary_text(calm_down)
    assert text == (
        "Something that went well. You reflected back what you heard. One thing to try next time. This scenario "
        "asks you to avoid telling him to calm down or lower his voice. Instead of saying: You need to calm down, "
        f"try: {VALIDATING} {BAND_SENTENCES[calm_down.assessment.band]}"
    )


def test_model_reply_meets_every_goal_and_the_summary_praises_one(scenario):
    attempt = analyse_text(scenario.model_reply, scenario)
    rows = checklist_rows(attempt.wording, attempt.transcript)
    assert [r.label for r in rows] == ["met", "met", "met", "kept", "kept", "kept"]
    assert rows[2].detail_text() == "You said 'voucher', 'Let's' and 'Would you rather'."  # typed: no moments
    assert not [t for t in attempt.assessment.suggestion_details if t.source == AVOID_SOURCE]
    assert summary_text(attempt) == (
        "Something that went well. You met a goal of this scenario: reflect that he did everything asked of him for "
        f"eleven months. {BAND_SENTENCES[attempt.assessment.band]}"
    )


def test_a_missed_goal_is_named_when_no_avoid_item_was_broken(scenario):
    attempt = analyse_text("That sounds really hard. What happened?", scenario)
    rows = checklist_rows(attempt.wording, attempt.transcript)
    assert [r.status for r in rows if r.kind == "avoid"] == [CheckStatus.KEPT] * 3
    assert most_important(rows) == rows[0] and rows[0].status == CheckStatus.MISSED
    # the general reflection is not this client's, so the tip says what would make it theirs, in the model's words
    assert summary_text(attempt) == (
        "Something that went well. You validated the feeling. A goal to work on: reflect that he did everything "
        "asked of him for eleven months. One thing to try next time. Say back what they told you, in their own "
        "words, like: Eleven months of doing everything that was asked, and then hearing the voucher is gone over a "
        f"form. {BAND_SENTENCES[attempt.assessment.band]}"
    )


def test_checks_on_misheard_words_say_so_instead_of_asserting(scenario):
    attempt = attempt_for(spoken("That sounds so hard. Calm down. What happened?", unsure=(4, 5)), scenario)
    rows = checklist_rows(attempt.wording, attempt.transcript)
    assert [r.label for r in rows] == ["missed?", "missed?", "missed?", "broken?", "kept", "kept"]
    assert rows[3].detail_text() == "I may have misheard 'Calm down', so this does not count against you."
    assert not [t for t in attempt.assessment.suggestion_details if t.source == AVOID_SOURCE]
    note = "I may have misheard 'Calm down': if you met a goal there, it may show as missed."
    assert f"  {note}" in lines_of(render_text(attempt, width=200))
    assert f"_{note}_" in render_markdown(attempt)
    assert f'<p class="notes">{escape(note)}</p>' in render_html(attempt)
    # a sure missed goal outranks an avoid item that may have been misheard; the summary does not assert either
    assert "A goal to work on, unless I misheard you: reflect that he did" in summary_text(attempt)


def test_most_important_is_broken_then_missed_then_met():
    def row(status: CheckStatus, misheard: str = "") -> ChecklistRow:
        return ChecklistRow(f"{status.value} {misheard}", "goal", status, (), (), misheard)

    met, missed, broken = row(CheckStatus.MET), row(CheckStatus.MISSED), row(CheckStatus.BROKEN)
    unsure_broken, kept = row(CheckStatus.BROKEN, "calm down"), row(CheckStatus.KEPT)
    assert most_important([met, missed, kept, broken]) is broken
    assert most_important([met, unsure_broken, missed]) is missed
    assert most_important([met, unsure_broken]) is unsure_broken
    assert most_important([kept, met]) is met
    assert most_important([kept]) is None and most_important([]) is None


def test_spoken_items_lose_examples_then_trailing_clauses_only_when_long():
    assert spoken_item(CALM_ITEM) == "telling him to calm down or lower his voice"
    assert spoken_item(OFFER_GOAL) == "offer to work on the voucher together, with him choosing the first step"
    long_goal = (
        "Offer to look for a way through together, such as the cancellation list or a bridge prescription, and let "
        "her choose"
    )
    assert spoken_item(long_goal) == "offer to look for a way through together, and let her choose"
    first_clause = "Notice the warning signs, giving away a treasured belonging and saying he won't need it, and do not"
    assert spoken_item(first_clause + " pass over them") == "notice the warning signs"
    conditional = "If he still leaves, help him leave safer: naloxone, since his tolerance is lower after twelve days"
    assert spoken_item(conditional) == "if he still leaves, help him leave safer: naloxone, since his tolerance is " + (
        "lower after twelve days"
    )


def test_advice_alone_does_not_break_the_calm_down_item(scenario):
    """'Telling him to ...' names the calm-down command, not every piece of advice."""
    attempt = analyse_text("It sounds like you did everything they asked. You should call them back.", scenario)
    rows = {r.item: r for r in checklist_rows(attempt.wording, attempt.transcript)}
    assert rows[CALM_ITEM].status == CheckStatus.KEPT
    assert attempt.assessment.suggestion_details[0].source == "premature_advice"


def test_no_scenario_no_checklist():
    attempt = analyse_text("Calm down.", None)
    assert checklist_rows(attempt.wording, attempt.transcript) == ()
    assert "Scenario checklist" not in render_text(attempt) and "Scenario checklist" not in render_html(attempt)
    assert "Scenario checklist" not in render_markdown(attempt)


@pytest.mark.slow
def test_demo_reply_breaks_the_calm_down_item_in_every_report(whisper):
    """The bundled demo reply says "You need to calm down", on lost-housing-voucher's avoid list."""
    from voice_deesc.audio import load_audio
    from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_baseline, bundled_reply
    from voice_deesc.pipeline import analyse

    scenario = get_scenario(DEMO_SCENARIO)
    audio, baseline = load_audio(bundled_reply()), load_audio(bundled_baseline())
    attempt = analyse(audio, scenario, whisper, baseline=baseline)
    rows = {r.item: r for r in checklist_rows(attempt.wording, attempt.transcript)}
    calm = rows[CALM_ITEM]
    assert calm.label == "broken" and calm.evidence[0].start_s is not None
    said = calm.evidence[0].text
    assert re.fullmatch(r"You need to calm down", said, flags=re.IGNORECASE), said
    moment = calm.detail_text()
    assert re.fullmatch(rf"You said '{said}' at 0:1\d\.", moment), moment
    top = attempt.assessment.suggestion_details[0]
    assert top.source == AVOID_SOURCE and top.try_phrase == VALIDATING
    assert top.text.startswith(f"At {clock(calm.evidence[0].start_s)} you said '{said}")  # quoted to its clause end
    assert top.text.endswith(
        "', which this scenario asks you to avoid (telling him to calm down or lower his voice). Name the "
        f"feeling instead; try: '{VALIDATING}'"
    )
    assert f"Avoid: {CALM_ITEM}. You said '" in render_text(attempt, width=200)
    assert f"- **broken** · Avoid: {CALM_ITEM}. You said '" in render_markdown(attempt, scenario=scenario)
    assert f'<td class="chk neg">broken</td><td><span class="kind">Avoid:</span> {CALM_ITEM}</td>' in render_html(
        attempt, scenario=scenario
    )
    assert "This scenario asks you to avoid telling him to calm down or lower his voice." in summary_text(attempt)


def test_avoid_tip_leaves_its_phrasing_to_a_second_problem_on_other_words(scenario):
    """Tips never repeat a phrasing, so the avoid item's tip takes another one rather than crowd out a flag."""
    attempt = analyse_text("That's not true. You should just fill out the form again. It's not a big deal.", scenario)
    tips = {t.source: t for t in attempt.assessment.suggestion_details}
    assert list(tips) == [AVOID_SOURCE, "minimizing", "premature_advice"]
    assert tips[AVOID_SOURCE].text == (
        "You said 'That's not true', which this scenario asks you to avoid (defending the staff or saying it is not "
        "your department). Reflect their view first; try: 'It sounds like you're feeling angry.'"
    )
    assert tips["minimizing"].try_phrase == VALIDATING
    # a generic missing move does not keep the model reply's best phrasing from the top tip
    calm = analyse_text("Calm down, you need to follow the rules.", scenario).assessment.suggestion_details[0]
    assert (calm.source, calm.try_phrase) == (AVOID_SOURCE, VALIDATING)
