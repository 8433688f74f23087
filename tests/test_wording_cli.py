"""The testers' interfaces: `evaluate --text ... --json -` and `evaluate --text-lines FILE|-`."""

from __future__ import annotations

import json


def test_text_with_client_instead_of_scenario(run_cli):
    result = run_cli(
        "evaluate", "--text", "You're furious, and that makes sense.", "--client", "I'm so angry.", "--json", "-"
    )
    assert result.returncode == 0, result.stderr
    wording = json.loads(result.stdout)["wording"]
    assert {f["category"] for f in wording["findings"]} == {"reflection", "validation"}
    assert wording["non_judgmental"] == 70 + 8 + 8
    assert wording["balance"]["reflections"] == 1


def test_text_with_scenario_reports_goals(run_cli):
    result = run_cli("evaluate", "--text", "Calm down.", "--scenario", "lost-housing-voucher", "--json", "-")
    goals = json.loads(result.stdout)["wording"]["goals"]
    assert {g["status"] for g in goals if g["kind"] == "goal"} == {"missed"}
    assert "broken" in {g["status"] for g in goals if g["kind"] == "avoid"}


def test_text_lines_from_stdin(run_cli):
    lines = [
        {"id": "a", "reply": "Calm down, you need to follow the rules.", "scenario": "lost-housing-voucher"},
        {"id": "b", "reply": "im not going to call security what happened", "client": "They want to throw me out."},
        {"id": "c", "reply": "You're worried about your kids.", "client": "I'm scared I'll lose my kids."},
    ]
    result = run_cli("evaluate", "--text-lines", "-", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert [f["category"] for f in out[0]["findings"]] == ["command_feelings", "premature_advice"]
    assert out[0]["findings"][0] == {"category": "command_feelings", "polarity": "-", "evidence": "Calm down"}
    assert [f["category"] for f in out[1]["findings"]] == ["open_question"]
    assert [f["category"] for f in out[2]["findings"]] == ["reflection"]
    assert out[0]["non_judgmental"] < 50 < out[2]["non_judgmental"]


def test_text_lines_file_with_bad_lines(run_cli, tmp_path):
    path = tmp_path / "replies.jsonl"
    path.write_text(
        '{"id": 1, "reply": "I\'m here."}\nnot json\n{"id": 3}\n'
        '{"id": 4, "reply": "Take your time.", "scenario": "nope"}\n',
        encoding="utf-8",
    )
    result = run_cli("evaluate", "--text-lines", str(path))
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0] == {
        "id": 1,
        "findings": [{"category": "presence", "polarity": "+", "evidence": "I'm here"}],
        "non_judgmental": 74,
    }
    assert [o.get("line") for o in out[1:]] == [2, 3, 4]
    assert "not valid JSON" in out[1]["error"] and "reply" in out[2]["error"] and "unknown scenario" in out[3]["error"]
    assert "3 line(s) could not be analysed" in result.stderr and "Traceback" not in result.stderr


def test_text_lines_thousand_replies_in_one_process(run_cli):
    replies = [
        "That sounds really hard.",
        "Why did you do that?",
        "let's figure it out together",
        "you're overreacting",
    ]
    stdin = "\n".join(json.dumps({"id": i, "reply": replies[i % 4]}) for i in range(1000)) + "\n"
    result = run_cli("evaluate", "--text-lines", "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 1000 and out[999]["id"] == 999
    assert out[1]["findings"][0]["category"] == "why_question"


def test_text_lines_conflicts_with_text(run_cli):
    result = run_cli("evaluate", "--text", "hi", "--text-lines", "-", stdin="")
    assert result.returncode == 2 and "--text-lines" in result.stderr


def test_text_lines_missing_file(run_cli, tmp_path):
    result = run_cli("evaluate", "--text-lines", str(tmp_path / "none.jsonl"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_evaluate_json_matches_attempt_schema(run_cli):
    from pathlib import Path

    jsonschema = __import__("pytest").importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parents[1] / "src" / "voice_deesc" / "schema" / "attempt.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    result = run_cli(
        "evaluate", "--text", "Why did you do that? I'm here.", "--scenario", "lost-housing-voucher", "--json", "-"
    )
    attempt = json.loads(result.stdout)
    jsonschema.validate(attempt, schema)
    assert [f["category"] for f in attempt["wording"]["findings"]] == ["why_question", "presence"]
