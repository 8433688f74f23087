"""The conversation report: the same sentences in terminal, Markdown and HTML, the agitation figure, what moved the
client, the spoken summary, an early stop, and a history that cannot be written."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from conversation_results import (
    AGITATION,
    CLIENT_LINES,
    COMMANDING,
    REFLECTING,
    early_stop,
    settled_conversation,
    spoken_turn,
    typed_turn,
)
from voice_deesc.conversation.record import Branch, ConversationResult, EndState
from voice_deesc.feedback.conversation import MAX_SPOKEN_WORDS, moved_sentence, summary_text, turn_moves
from voice_deesc.history_conversations import record_conversation_or_note
from voice_deesc.reports.conversation import FIGURE_FILE, SPOKEN_FILE, show_conversation
from voice_deesc.reports.conversation_render import PLAIN_LEGEND
from voice_deesc.reports.figure import AGITATION_COLOURS
from voice_deesc.scenarios.load import get_scenario

OUTCOME = "The client settled: you agreed a next step together."
TURN_ONE_MOVED = (
    "Turn 1: the client settled (7 → 5). Calming: you reflected back what you heard ('It sounds like'); "
    "you invited them to say more ('What happened')."
)
TURN_TWO_MOVED = (
    "Turn 2: the client escalated (5 → 8). Escalating: 'Calm down' tells them how to feel, which tends to raise the "
    "heat; 'you need to' jumps to a fix before they feel heard."
)
STOPPED = (
    "This conversation stopped early, after 2 turns (no more replies): it did not reach an end, so the report covers "
    "the turns you took."
)
STARTED = "2026-12-02T09:00:00+00:00"
MARKER_TOLERANCE = 12
"""Per channel, out of 255: the solid middle of a marker, not its anti-aliased rim."""
MIN_MARKER_PX = 40


@pytest.fixture(scope="module")
def settled() -> ConversationResult:
    return settled_conversation()


@pytest.fixture(scope="module")
def shown(settled, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    outputs = show_conversation(settled, folder, speak=False, scenario=get_scenario("lost-housing-voucher"))
    return outputs


def _flat(text: str) -> str:
    """Wrapped lines joined back, so a sentence can be found whatever the terminal width."""
    return re.sub(r"\s+", " ", text)


def test_what_moved_the_client_comes_from_each_reply(settled):
    assert [moved_sentence(turn_moves(t)) for t in settled.turns[:2]] == [TURN_ONE_MOVED, TURN_TWO_MOVED]
    third = turn_moves(settled.turns[2])
    assert [m.text for m in third.calming] == [
        "you offered to work on it together ('Let's')",
        "you left the choice with them ('Would you like to')",
    ]
    assert not third.heated
    assert not [m for m in turn_moves(settled.turns[0]).moves if m.kind.value == "delivery"]  # typed: no voice


def test_terminal_report_has_the_outcome_turns_moves_and_summary(shown, settled):
    text = shown.text
    lines = text.splitlines()
    assert lines[0] == "Conversation: The housing voucher that expired  (lost-housing-voucher, 2026-12-02 09:15)"
    assert lines[1:3] == [OUTCOME, "Client agitation: 7 → 5 → 8 → 4"]
    for index, client in enumerate(CLIENT_LINES, 1):
        assert f"Turn {index} · the client (agitation {AGITATION[index - 1]}):" in lines
        assert f'  "{client}"' in lines
    assert "  You said: [- Calm down], [- you need to] follow the rules." in lines
    assert "  You said: [+ It sounds like] you're scared about tonight. [+ What happened]?" in lines
    second = settled.turns[1].attempt.assessment
    assert f"  Overall {second.overall}/100 ({second.band}) · Non-judgmental {second.non_judgmental}/100" in lines
    flat = _flat(text)
    assert f"To try: {second.suggestions[0]}" in flat
    assert "What moved the client" in lines
    assert TURN_ONE_MOVED in flat and TURN_TWO_MOVED in flat
    assert f'Spoken summary: "{summary_text(settled)}"' in flat
    assert f"Reports: {shown.markdown}, {shown.html} (figure: {shown.figure})" in lines


def test_markdown_report_says_the_same(shown, settled):
    md = shown.markdown.read_text()
    assert f"**{OUTCOME}**" in md
    assert "Client agitation: 7 → 5 → 8 → 4" in md
    assert f"![How the client's agitation moved: 7 → 5 → 8 → 4]({FIGURE_FILE})" in md
    assert [line for line in md.splitlines() if line.startswith("## ")] == [
        "## Turn 1",
        "## Turn 2",
        "## Turn 3",
        "## What moved the client",
        "## Spoken summary",
    ]
    assert "**You said:** **Calm down** (−), **you need to** (−) follow the rules." in md
    assert f"- {TURN_ONE_MOVED}" in md
    assert f"- {TURN_TWO_MOVED}" in md
    assert f"> {summary_text(settled)}" in md


def test_html_report_is_self_contained_with_the_figure_embedded(shown):
    html = shown.html.read_text()
    assert f'<p class="outcome">{OUTCOME}</p>' in html
    assert "<h2>What moved the client</h2>" in html
    assert html.count('<section class="turn card">') == 3
    assert '<mark class="neg" title="command feelings">Calm down</mark>' in html
    embedded = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(embedded) == shown.figure.read_bytes()
    assert "http://" not in html and "https://" not in html  # nothing to fetch


def _marker_counts(png: bytes) -> dict[str, int]:
    """How many solid markers of each branch colour the figure shows."""
    import matplotlib.image as mpimg
    from scipy import ndimage

    rgb = (mpimg.imread(io.BytesIO(png), format="png")[:, :, :3] * 255).astype(int)
    counts = {}
    for kind, colour in AGITATION_COLOURS.items():
        target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
        mask = np.all(np.abs(rgb - target) <= MARKER_TOLERANCE, axis=2)
        labels, found = ndimage.label(mask)
        sizes = ndimage.sum(mask, labels, range(1, found + 1))
        counts[kind] = int(np.sum(np.asarray(sizes) >= MIN_MARKER_PX))
    return counts


def test_figure_is_a_png_with_one_point_per_agitation_level(shown, settled):
    png = shown.figure.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (800, 360)
    counts = _marker_counts(png)
    assert counts == {"start": 1, "settles": 2, "holds": 0, "escalates": 1}
    assert sum(counts.values()) == len(settled.agitation_curve) == 4


def test_an_early_stop_says_so_plainly_everywhere(settled, tmp_path):
    stopped = early_stop(settled, 2)
    outputs = show_conversation(stopped, tmp_path, speak=False)
    head = outputs.text.split("\n\n")[0]
    assert head.splitlines()[0] == "Conversation: lost-housing-voucher  (2026-12-02 09:15)"  # no pack given
    assert _flat(head).endswith(_flat(f"{STOPPED} Client agitation: 7 → 5 → 8 Marks in what you said: {PLAIN_LEGEND}"))
    assert OUTCOME not in outputs.text
    assert "Turn 3" not in outputs.text
    assert f"> ⚠️ {STOPPED}" in outputs.markdown.read_text()
    assert f'<p class="stopped">{STOPPED}</p>' in outputs.html.read_text()
    assert _marker_counts(outputs.figure.read_bytes()) == {"start": 1, "settles": 1, "holds": 0, "escalates": 1}
    spoken = summary_text(stopped)
    assert spoken.startswith("You stopped after turn 2, before the conversation reached an end. What helped most: ")


def test_a_conversation_stopped_before_any_reply_has_no_figure(settled, tmp_path):
    none = replace(settled, turns=(), end_state=None, stopped_because="you quit")
    outputs = show_conversation(none, tmp_path, speak=True)
    assert outputs.figure is None and outputs.spoken is None
    assert "This conversation stopped before your first reply (you quit), so there is nothing to report yet." in (
        outputs.text
    )
    assert not (tmp_path / FIGURE_FILE).exists()
    assert "![" not in outputs.markdown.read_text()


def test_spoken_summary_leads_with_the_outcome_and_stays_brief(settled):
    text = summary_text(settled)
    second = settled.turns[1].attempt.assessment
    assert text == (
        "The client settled, and you agreed a next step together. What helped most: in turn 3, you offered to work "
        f"on it together. One thing to try, from turn 2. {second.suggestion_details[0].spoken}"
    )
    assert len(text.split()) <= MAX_SPOKEN_WORDS


def test_a_missed_safety_question_comes_first_and_asking_it_is_what_moved_the_client():
    scenario = get_scenario("better-off-without-me")
    missed = typed_turn(
        1, "That sounds really hard. What happened?", branch=Branch.HOLDS, agitation=6, after=6, scenario=scenario
    )
    asked = typed_turn(
        2,
        "Are you thinking about killing yourself? I'm asking because I care.",
        branch=Branch.SETTLES,
        agitation=6,
        after=3,
        scenario=scenario,
    )
    stopped = ConversationResult("better-off-without-me", "2026-12-02T09:00:00+00:00", (missed,), None, "you quit")
    assert summary_text(stopped).startswith(
        "Most important: in turn 1, the client hinted at ending their life. Ask directly about suicide, and follow "
        "your safety protocol. You stopped after turn 1"
    )
    assert "Escalating: the hint about ending their life was not asked about." in moved_sentence(turn_moves(missed))
    handed_off = replace(stopped, turns=(missed, asked), end_state=EndState.SAFETY_HANDOFF, stopped_because=None)
    text = summary_text(handed_off)
    assert text.startswith("You reached a warm hand-off to crisis support. What helped most: in turn 2, you asked")
    assert "you asked directly about suicide ('" in moved_sentence(turn_moves(asked))


def test_a_history_that_cannot_be_written_keeps_the_report_and_the_recordings(tmp_path):
    from voice_deesc import tts

    recordings = []
    for index, text in enumerate((REFLECTING, COMMANDING), 1):
        recordings.append(str(tts.synthesize(text, tmp_path / "recordings" / f"turn-{index}.wav")))
    before = [hashlib.sha256(Path(path).read_bytes()).hexdigest() for path in recordings]
    result = early_stop(settled_conversation(recordings=(*recordings, None)), 2)
    damaged = tmp_path / "history.sqlite3"
    damaged.write_bytes(b"not a database" * 200)
    saved = record_conversation_or_note(result, path=damaged)
    assert saved.conversation_id is None
    outputs = show_conversation(result, tmp_path / "report", speak=False, notes=[saved.note])
    assert saved.note.startswith("history was not updated: ")
    assert saved.note in _flat(outputs.text)
    assert f"- {saved.note}" in outputs.markdown.read_text().replace("\\_", "_")
    assert "history was not updated" in outputs.html.read_text()
    assert f"Recording: {recordings[1]}" in outputs.text
    assert [hashlib.sha256(Path(path).read_bytes()).hexdigest() for path in recordings] == before


def test_the_spoken_summary_is_kept_at_a_calm_pace_when_no_speaker_is_found(settled, tmp_path):
    from voice_deesc.audio import load_audio

    outputs = show_conversation(settled, tmp_path, speak=True)
    assert outputs.spoken == tmp_path / SPOKEN_FILE
    audio = load_audio(outputs.spoken)
    words_per_minute = len(summary_text(settled).split()) / (audio.duration_s / 60)
    assert 90 <= words_per_minute <= 160  # domain.md: calm 110-140, never rushing
    assert f"(no speaker found: the spoken summary is saved at {outputs.spoken})" in outputs.text


@pytest.mark.slow
def test_a_strained_spoken_reply_is_named_as_what_escalated_the_client(whisper, tmp_path):
    loud = spoken_turn(
        1,
        "You need to stop yelling right now. Fill out the form again and wait your turn like everybody else.",
        whisper,
        tmp_path,
        branch=Branch.ESCALATES,
        agitation=6,
        after=9,
        strained=True,
    )
    moves = turn_moves(loud)
    delivery = [m.text for m in moves.heated if m.kind.value == "delivery"]
    assert delivery, moves
    # x4 gain and 250 words/min: one strained move naming the raised measures, one rushed move naming the pace
    measures = r"[a-z ]+( at \d:\d\d)?(, [a-z ]+( at \d:\d\d)?)*"
    assert len(delivery) == 2, delivery
    assert re.fullmatch(rf"your voice sounded (a little )?strained \({measures}\)", delivery[0]), delivery
    assert "voice effort" in delivery[0]
    assert re.fullmatch(r"your reply sounded (a little )?rushed \(pace( at \d:\d\d)?\)", delivery[1]), delivery
    result = ConversationResult("lost-housing-voucher", "2026-12-02T09:00:00+00:00", (loud,), EndState.ESCALATED)
    outputs = show_conversation(result, tmp_path / "report", speak=False)
    assert "The client escalated, and the conversation ended without a next step." in outputs.text
    assert delivery[0] in _flat(outputs.text)
    assert f"Recording: {loud.recording}" in outputs.text
    assert _marker_counts(outputs.figure.read_bytes()) == {"start": 1, "settles": 0, "holds": 0, "escalates": 1}


def test_record_and_show_keeps_it_in_history_and_reports_in_the_data_folder(settled, tmp_path, monkeypatch):
    from voice_deesc.history import History
    from voice_deesc.history_conversations import load_conversation
    from voice_deesc.reports.conversation import record_and_show_conversation

    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))
    outputs = record_and_show_conversation(settled, speak=False)
    assert outputs.markdown == tmp_path / "home" / "conversations" / "20261202-091500-lost-housing-voucher" / (
        "conversation.md"
    )
    assert outputs.text.endswith("Kept in your history as conversation 1 (`voice-deesc history --conversation 1`).\n")
    with History() as history:
        assert load_conversation(history, 1) == settled
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 200)
    kept = record_and_show_conversation(settled, tmp_path / "report", speak=False, history_path=damaged)
    assert "Kept in your history" not in kept.text
    assert f"history was not updated: {damaged}: the history database is damaged" in _flat(kept.text)
    assert OUTCOME in kept.markdown.read_text()


@pytest.mark.slow
def test_the_spoken_summary_is_understood_by_the_recogniser(settled, whisper, tmp_path):
    from voice_deesc.audio import load_audio

    outputs = show_conversation(settled, tmp_path, speak=True)
    heard = " ".join(re.sub(r"[^a-z' ]+", " ", whisper.transcribe(load_audio(outputs.spoken)).text.lower()).split())
    said = " ".join(re.sub(r"[^a-z' ]+", " ", summary_text(settled).lower()).split())
    assert heard.startswith("the client settled")  # the most important thing, first
    jiwer = pytest.importorskip("jiwer")
    wer = jiwer.wer(said, heard)
    assert wer <= 0.2, f"WER {wer:.2f}: {heard}"


def test_the_spoken_summary_plays_when_a_speaker_exists(settled, tmp_path, monkeypatch):
    """The sound card is the one fake: playback is recorded instead of heard."""
    from voice_deesc import devices

    played = []
    monkeypatch.setattr(devices, "has_output_device", lambda: True)
    monkeypatch.setattr(devices, "play_file", lambda path: played.append(path))
    outputs = show_conversation(settled, tmp_path, speak=True)
    assert played == [outputs.spoken] == [tmp_path / SPOKEN_FILE]
    assert "no speaker found" not in outputs.text
    played.clear()
    quiet = show_conversation(settled, tmp_path / "quiet", speak=False)
    assert played == [] and quiet.spoken is None and not (tmp_path / "quiet" / SPOKEN_FILE).exists()


def test_each_turn_shows_its_safety_check_retries_and_a_reply_with_no_words(tmp_path):
    from voice_deesc.feedback.messages import SAFETY_MISSED

    scenario = get_scenario("better-off-without-me")
    missed = replace(
        typed_turn(1, "That sounds really hard.", branch=Branch.HOLDS, agitation=6, after=6, scenario=scenario),
        retries=1,
    )
    silent = typed_turn(2, "", branch=Branch.ESCALATES, agitation=6, after=8, scenario=scenario)
    assert not silent.attempt.heard_speech
    result = ConversationResult("better-off-without-me", STARTED, (missed, silent), EndState.ESCALATED)
    outputs = show_conversation(result, tmp_path, speak=False, scenario=scenario)
    flat = _flat(outputs.text)
    assert f"! {SAFETY_MISSED}" in flat
    assert "tried 2 times; the last try is shown" in outputs.text
    assert "  You said: No words were heard in this reply." in outputs.text.splitlines()
    assert "Turn 2: the client escalated (6 → 8). No reply was heard." in flat
    assert f"> ⚠️ {SAFETY_MISSED}" in outputs.markdown.read_text()
    assert f'<div class="safety">{SAFETY_MISSED}</div>' in outputs.html.read_text()
    # the safety tip is said once, first; the tip after it comes from a turn that had words
    spoken = summary_text(result)
    assert spoken.count("Ask directly about suicide") == 1
    assert "One thing to try, from turn 1. " in spoken and "didn't hear" not in spoken
