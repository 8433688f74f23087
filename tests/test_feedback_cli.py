"""`evaluate` records spoken attempts in the history, shows the change since the last one, and writes reports.

The CLI runs in-process with the session's Whisper engine (loading it per run would cost seconds each time).
"""

from __future__ import annotations

import json
import sqlite3

import pytest

pytestmark = pytest.mark.slow

SCENARIO = "lost-housing-voucher"


@pytest.fixture
def run(monkeypatch, capsys, whisper):
    """``voice-deesc ARGS`` in-process; returns (exit code, stdout, stderr)."""
    import voice_deesc.asr
    from voice_deesc.cli import main

    monkeypatch.setattr(voice_deesc.asr, "load_transcriber", lambda *a, **k: whisper)

    def _run(*args: str):
        code = main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return _run


@pytest.fixture
def reply_wav(tmp_path):
    from voice_deesc.tts import synthesize

    return synthesize("It sounds like you're angry. I'm here. What would help you tonight?", tmp_path / "reply.wav")


def test_history_change_and_reports(run, reply_wav, tmp_path):
    from voice_deesc.history import previous_attempt, record_attempt
    from voice_deesc.pipeline import analyse_text
    from voice_deesc.scenarios.load import get_scenario

    earlier = analyse_text("Calm down, you need to follow the rules.", get_scenario(SCENARIO))
    record_attempt(earlier)  # the trainee's earlier try, in the real history file under VOICE_DEESC_HOME

    skipped = run("evaluate", str(reply_wav), "--scenario", SCENARIO, "--no-speak", "--no-history", "--json", "-")
    assert skipped[0] == 0, skipped[2]
    assert json.loads(skipped[1])["assessment"]["previous"] is None
    assert previous_attempt(SCENARIO).created_at == earlier.created_at  # --no-history recorded nothing
    assert not (tmp_path / "home" / "spoken" / "feedback.wav").exists()  # --no-speak made no summary

    out = tmp_path / "out"
    second = run(
        "evaluate",
        str(reply_wav),
        "--scenario",
        SCENARIO,
        "--json",
        str(out / "a.json"),
        "--html",
        str(out / "r.html"),
        "--markdown",
        str(out / "r.md"),
        "--save-spoken",
        str(out / "s.wav"),
    )
    assert second[0] == 0, second[2]
    data = json.loads((out / "a.json").read_text())
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    schema = json.loads((resources.files("voice_deesc") / "schema" / "attempt.schema.json").read_text())
    jsonschema.validate(data, schema)
    before = earlier.assessment
    assert data["assessment"]["previous"]["overall"] == before.overall
    assert data["assessment"]["change"]["overall"] == data["assessment"]["overall"] - before.overall > 0
    assert "Change since your previous attempt" in second[1] and "What went well" in second[1]
    assert "HTML report" in second[1] and "Spoken feedback saved" in second[1]
    assert (out / "r.html").read_text().count("data:image/png;base64,") == 1
    assert "## What went well" in (out / "r.md").read_text()
    assert (out / "s.wav").stat().st_size > 100_000

    with sqlite3.connect(tmp_path / "home" / "history.sqlite3") as conn:
        rows = conn.execute("SELECT scenario_id, overall FROM attempts ORDER BY id").fetchall()
    assert rows == [(SCENARIO, before.overall), (SCENARIO, data["assessment"]["overall"])]


def test_typed_reply_prints_the_report_and_is_not_recorded(run, tmp_path):
    result = run("evaluate", "--text", "Calm down, you need to follow the rules.", "--scenario", SCENARIO, "--no-speak")
    assert result[0] == 0, result[2]
    assert "To try next time" in result[1] and "You said 'Calm down', which this scenario asks you to" in result[1]
    assert "Scenario checklist" in result[1]
    assert not (tmp_path / "home" / "history.sqlite3").exists()
