"""The stored neutral reading is used by `evaluate` and `batch` too, and history compares like with like.

Real audio throughout: the bundled demo reply (espeak-ng) judged against the bundled neutral reading in the
same voice, through the real Whisper engine and a real SQLite history.
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_baseline, bundled_reply
from voice_deesc.history import MIGRATIONS, History

STORED_LINE = re.compile(r"^Judging delivery against your neutral reading of \d{4}-\d{2}-\d{2}\.$", re.MULTILINE)


def _evaluate(run_cli, *extra):
    result = run_cli(
        "evaluate", str(bundled_reply()), "--scenario", DEMO_SCENARIO, "--engine", "whisper", "--json", "-", *extra
    )
    assert result.returncode == 0, result.stderr
    return result, json.loads(result.stdout)


def test_evaluate_uses_the_stored_reading_and_history_compares_like_with_like(run_cli, attempt_schema):
    assert run_cli("baseline", "set", str(bundled_baseline())).returncode == 0

    first, judged = _evaluate(run_cli)
    attempt_schema.validate(judged)
    assert STORED_LINE.search(first.stderr), first.stderr  # stdout carries the JSON, so the line goes to stderr
    assert judged["calm"]["used_baseline"] is True
    assert judged["delivery"]["baseline"] is not None
    assert any(v["measure"].endswith("_vs_baseline") for v in judged["calm"]["verdicts"])

    second, plain = _evaluate(run_cli, "--no-baseline")
    assert not STORED_LINE.search(second.stderr)
    assert plain["calm"]["used_baseline"] is False and plain["delivery"]["baseline"] is None
    assert not any(v["measure"].endswith("_vs_baseline") for v in plain["calm"]["verdicts"])
    # The only earlier attempt was judged against the reading: the wording change alone, and a note saying why.
    assert plain["assessment"]["previous"]["created_at"] == judged["created_at"]
    assert set(plain["assessment"]["change"]) == {"non_judgmental"}
    assert any("judged without your neutral reading" in w for w in plain["warnings"])

    _third, again = _evaluate(run_cli)
    # Compared with the first attempt (judged the same way), not the latest: same audio, so no change at all.
    assert again["assessment"]["previous"]["calm"] == judged["calm"]["score"] != plain["calm"]["score"]
    assert again["assessment"]["change"] == {"calm": 0, "non_judgmental": 0, "overall": 0}
    assert not any("judged" in w and "previous" in w for w in again["warnings"])
    with History() as history:
        assert [p.used_baseline for p in history.attempts(DEMO_SCENARIO)] == [True, False, True]


def test_baseline_file_overrides_and_typed_replies_ignore_the_stored_reading(run_cli):
    result, attempt = _evaluate(run_cli, "--baseline", str(bundled_baseline()), "--no-history")
    assert f"Judging delivery against the neutral reading in {bundled_baseline()}." in result.stderr
    assert attempt["calm"]["used_baseline"] is True
    assert run_cli("baseline", "set", str(bundled_baseline())).returncode == 0
    typed = run_cli("evaluate", "--text", "I'm here. What happened?", "--scenario", DEMO_SCENARIO)
    assert typed.returncode == 0 and "neutral reading" not in typed.stdout + typed.stderr


def test_baseline_and_no_baseline_together_is_a_usage_error(run_cli):
    result = run_cli(
        "evaluate", str(bundled_reply()), "--scenario", DEMO_SCENARIO, "--baseline", "x.wav", "--no-baseline"
    )
    assert result.returncode == 2
    assert "--no-baseline" in result.stderr and "Traceback" not in result.stderr


def test_without_a_stored_reading_evaluate_says_how_to_record_one(run_cli):
    result, attempt = _evaluate(run_cli, "--no-history")
    assert "baseline record" in result.stderr and not STORED_LINE.search(result.stderr)
    assert attempt["calm"]["used_baseline"] is False


@pytest.mark.parametrize("skip", [False, True])
def test_batch_uses_the_stored_reading_unless_told_not_to(run_cli, tmp_path, skip):
    assert run_cli("baseline", "set", str(bundled_baseline())).returncode == 0
    out = tmp_path / "rows.jsonl"
    args = ["batch", str(bundled_reply()), "--scenario", DEMO_SCENARIO, "--engine", "whisper", "--jobs", "1"]
    result = run_cli(*args, "--out", str(out), *(["--no-baseline"] if skip else []))
    assert result.returncode == 0, result.stderr
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["attempt"]["calm"]["used_baseline"] is (not skip)
    assert (row["attempt"]["delivery"]["baseline"] is None) is skip
    assert bool(STORED_LINE.search(result.stderr)) is (not skip)


def test_rows_from_before_the_migration_count_as_judged_without_a_baseline(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:  # a history as version-1 voice-deesc left it
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        for statement in filter(str.strip, MIGRATIONS[0][1].split(";")):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (1, 'then')")
        conn.execute(
            "INSERT INTO attempts (scenario_id, created_at, calm, non_judgmental, overall, band, attempt_json) "
            "VALUES ('s', '2026-11-01T10:00:00+00:00', 60, 70, 65, 'developing', '{}')"
        )
    with History(path) as history:
        assert history.schema_version == max(v for v, _ in MIGRATIONS)
        (old,) = history.attempts("s")
        assert old.used_baseline is None and old.overall == 65
        assert history.previous_attempt("s", used_baseline=False) == old
        assert history.previous_attempt("s", used_baseline=True) is None
        assert history.previous_attempt("s") == old
