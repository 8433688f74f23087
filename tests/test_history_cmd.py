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
