"""`voice-deesc history`: what a trainee sees of their own progress."""

from __future__ import annotations

from voice_deesc.pipeline import analyse_text
from voice_deesc.scenarios.load import get_scenario


def test_empty_history_says_how_to_fill_it(run_cli):
    result = run_cli("history")
    assert result.returncode == 0
    assert "No attempts stored yet" in result.stdout


def test_history_lists_attempts_and_the_progress_per_scenario(run_cli, tmp_path, monkeypatch):
    from voice_deesc.history import History

    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))
    scenario = get_scenario("lost-housing-voucher")
    first = analyse_text("Calm down, you need to follow the rules.", scenario)
    second = analyse_text("It sounds like you're scared about tonight. What would help right now?", scenario)
    other = analyse_text("I'm here. Take your time.", get_scenario("grief-friend-overdose"))
    with History() as history:
        for attempt in (first, second, other):
            history.record_attempt(attempt)
    result = run_cli("history")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len([line for line in lines if "lost-housing-voucher " in line]) == 2
    change = second.assessment.overall - first.assessment.overall
    assert change > 0
    expected = (
        f"lost-housing-voucher: 2 attempts, overall {first.assessment.overall} → "
        f"{second.assessment.overall} ({change:+d})"
    )
    assert expected in result.stdout
    assert "grief-friend-overdose:" not in result.stdout  # one attempt: no progress line
    only = run_cli("history", "--scenario", "grief-friend-overdose")
    assert "lost-housing-voucher" not in only.stdout and "grief-friend-overdose" in only.stdout


def test_history_lists_conversations_beside_single_attempts(run_cli, tmp_path, monkeypatch):
    from conversation_results import AGITATION, early_stop, settled_conversation
    from voice_deesc.commands.history_cmd import CONVERSATION_ROW, CONVERSATIONS_HEADING
    from voice_deesc.history import History
    from voice_deesc.history_conversations import record_conversation

    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))
    settled = settled_conversation()
    single = analyse_text("It sounds like you're scared about tonight.", get_scenario("lost-housing-voucher"))
    with History() as history:
        history.record_attempt(single)
        record_conversation(history, settled)
        record_conversation(history, early_stop(settled, 2))
    result = run_cli("history")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # the single reply is the only attempt row: the conversations' six turns are not listed as attempts
    assert len([line for line in lines if line.startswith(single.created_at[:16].replace("T", " "))]) == 1
    at = lines.index(CONVERSATIONS_HEADING)
    assert lines[at + 1] == CONVERSATION_ROW.format("#", "when", "scenario", "turns", "end", "agitation")
    when = "2026-12-02 09:15"
    assert lines[at + 2] == CONVERSATION_ROW.format(1, when, "lost-housing-voucher", 3, "settled", "7 → 4")
    assert lines[at + 3] == CONVERSATION_ROW.format(
        2, when, "lost-housing-voucher", 2, "stopped: no more replies", f"{AGITATION[0]} → {AGITATION[2]}"
    )
    assert lines[at + 2].split() == ["1", "2026-12-02", "09:15", "lost-housing-voucher", "3", "settled", "7", "→", "4"]
    # only one of them reached an end: no agitation to compare yet
    assert lines[at + 4 :] == ["lost-housing-voucher: 2 conversations (1 settled, 1 stopped early)"]


def test_history_shows_one_conversation_turn_by_turn(run_cli, tmp_path, monkeypatch):
    from conversation_results import CLIENT_LINES, settled_conversation
    from voice_deesc.history import History
    from voice_deesc.history_conversations import record_conversation

    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))
    with History() as history:
        number = record_conversation(history, settled_conversation())
    result = run_cli("history", "--conversation", str(number))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Conversation: The housing voucher that expired  (lost-housing-voucher, 2026-12-02 09:15)\n")
    assert "The client settled: you agreed a next step together.\nClient agitation: 7 → 5 → 8 → 4\n" in out
    turn_two = f'Turn 2 · the client (agitation 5):\n  "{CLIENT_LINES[1]}"\n  You said: [- Calm down], [- you need to]'
    assert turn_two in out
    missing = run_cli("history", "--conversation", "99")
    assert missing.returncode == 1
    assert missing.stderr == (
        "voice-deesc: --conversation 99: no such conversation in your history — `voice-deesc history` lists them "
        "with their numbers\n"
    )


def test_conversations_have_their_own_progress_line_apart_from_single_replies(run_cli, tmp_path, monkeypatch):
    from dataclasses import replace

    from conversation_results import early_stop, settled_conversation
    from voice_deesc.history import History
    from voice_deesc.history_conversations import record_conversation

    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))
    settled = settled_conversation()
    calmer = replace(settled, turns=(*settled.turns[:-1], replace(settled.turns[-1], agitation_after=2)))
    single = analyse_text("It sounds like you're scared about tonight.", get_scenario("lost-housing-voucher"))
    with History() as history:
        history.record_attempt(single)
        for talk in (settled, early_stop(settled, 2), calmer):
            record_conversation(history, talk)
    result = run_cli("history")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Eight turns were answered at this pack, but only one single reply: no single-reply progress line.
    assert not any(line.startswith("lost-housing-voucher: ") and "attempts" in line for line in lines)
    assert lines[-1] == (
        "lost-housing-voucher: 3 conversations (2 settled, 1 stopped early), client agitation at the end 4 → 2 (-2)"
    )
    one = run_cli("history", "--scenario", "grief-friend-overdose")
    assert "conversations (" not in one.stdout
