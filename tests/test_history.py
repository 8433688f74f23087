"""The history store: a real SQLite file, versioned migrations, transactions, previous attempt per scenario."""

from __future__ import annotations

import json
import sqlite3
import stat
from dataclasses import replace

import pytest

from voice_deesc.errors import StorageError
from voice_deesc.history import MIGRATIONS, History, previous_attempt, record_attempt
from voice_deesc.pipeline import Attempt, analyse_text, record_and_compare
from voice_deesc.scenarios.load import get_scenario

SCENARIO = "lost-housing-voucher"


@pytest.fixture
def scenario():
    return get_scenario(SCENARIO)


def _attempt(text, scenario, created_at):
    return replace(analyse_text(text, scenario), created_at=created_at)


def test_previous_attempt_is_the_latest_for_that_scenario(tmp_path, scenario):
    db = tmp_path / "h.sqlite3"
    assert previous_attempt(SCENARIO, path=db) is None
    first = _attempt("Calm down, you need to follow the rules.", scenario, "2026-11-01T10:00:00+00:00")
    second = _attempt("It sounds like you feel let down. What would help?", scenario, "2026-11-02T10:00:00+00:00")
    other = replace(_attempt("Relax.", None, "2026-11-03T10:00:00+00:00"), scenario_id="another-one")
    ids = [record_attempt(a, path=db) for a in (first, second, other)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    prev = previous_attempt(SCENARIO, path=db)
    assert prev is not None
    assert prev.created_at == second.created_at
    assert prev.overall == second.assessment.overall
    assert prev.non_judgmental == second.assessment.non_judgmental
    assert prev.calm is None
    assert previous_attempt("another-one", path=db).overall == other.assessment.overall
    assert previous_attempt("never-tried", path=db) is None


def test_same_second_attempts_are_ordered_by_insertion(tmp_path, scenario):
    db = tmp_path / "h.sqlite3"
    a = _attempt("Relax.", scenario, "2026-11-01T10:00:00+00:00")
    b = _attempt("I'm here. What happened?", scenario, "2026-11-01T10:00:00+00:00")
    record_attempt(a, path=db)
    record_attempt(b, path=db)
    assert previous_attempt(SCENARIO, path=db).overall == b.assessment.overall != a.assessment.overall


def test_full_attempt_json_round_trips(tmp_path, scenario):
    attempt = _attempt("It sounds like you're angry.", scenario, "2026-11-01T10:00:00+00:00")
    with History(tmp_path / "h.sqlite3") as history:
        row = history.record_attempt(attempt)
        assert history.attempt_json(row) == attempt.to_dict()
        assert [p.id for p in history.attempts(SCENARIO)] == [row]


def test_file_is_owner_only_and_migrations_are_versioned(tmp_path):
    db = tmp_path / "sub" / "h.sqlite3"
    with History(db) as history:
        assert history.schema_version == max(v for v, _ in MIGRATIONS)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with History(db) as history:  # reopening applies nothing twice
        rows = history._conn.execute("SELECT version FROM schema_migrations").fetchall()
        assert [r[0] for r in rows] == [v for v, _ in MIGRATIONS]
        tables = {r[0] for r in history._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"attempts", "baselines", "schema_migrations"} <= tables


def test_default_path_is_in_the_private_data_home(tmp_path, scenario):
    record_attempt(_attempt("I'm here.", scenario, "2026-11-01T10:00:00+00:00"))
    assert (tmp_path / "home" / "history.sqlite3").is_file()  # conftest points VOICE_DEESC_HOME here
    assert previous_attempt(SCENARIO).overall is not None


def test_transaction_rolls_back_on_error(tmp_path, scenario):
    with History(tmp_path / "h.sqlite3") as history:
        with pytest.raises(RuntimeError), history.transaction() as conn:
            conn.execute(
                "INSERT INTO attempts (scenario_id, created_at, non_judgmental, overall, band, attempt_json) "
                "VALUES ('x', 'now', 1, 1, 'needs work', '{}')"
            )
            raise RuntimeError("boom")
        assert history.attempts() == []
        with pytest.raises(StorageError, match="nothing was changed"), history.transaction() as conn:
            conn.execute("INSERT INTO no_such_table VALUES (1)")


def test_newer_schema_is_refused_with_advice(tmp_path):
    db = tmp_path / "h.sqlite3"
    History(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'later')")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match=r"newer voice-deesc.*upgrade"):
        History(db)


def test_unwritable_location_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="could not be opened"):
        History(blocker / "h.sqlite3")


def test_change_since_previous(tmp_path, scenario):
    db = tmp_path / "h.sqlite3"
    before = _attempt("Calm down, you need to follow the rules.", scenario, "2026-11-01T10:00:00+00:00")
    record_attempt(before, path=db)
    now = _attempt(
        "It sounds like you feel let down. I'm here. What would help?", scenario, "2026-11-02T10:00:00+00:00"
    )
    result = record_and_compare(now, path=db).assessment
    assert result.previous is not None and result.previous.overall == before.assessment.overall
    assert result.change == {
        "non_judgmental": now.assessment.non_judgmental - before.assessment.non_judgmental,
        "overall": now.assessment.overall - before.assessment.overall,
    }
    assert result.change["overall"] > 0
    assert previous_attempt(SCENARIO, path=db).overall == now.assessment.overall  # and it was stored


def test_spoken_attempt_round_trips_through_the_store(tmp_path, scenario, whisper):
    from voice_deesc.pipeline import analyse
    from voice_deesc.tts import synthesize_audio

    audio = synthesize_audio("Relax. I hear you, and it sounds like you're angry. What happened?", rate_wpm=140)
    attempt = analyse(audio, scenario, whisper)
    assert Attempt.from_dict(json.loads(json.dumps(attempt.to_dict()))) == attempt
    with History(tmp_path / "h.sqlite3") as history:
        assert history.attempt(history.record_attempt(attempt)) == attempt


V1_ROW = {
    "schema": "voice-deesc.attempt/1",
    "scenario_id": SCENARIO,
    "created_at": "2026-11-20T09:00:00+00:00",
    "audio_path": "/tmp/reply.wav",
    "transcript": {
        "text": "Calm down.",
        "words": [{"text": "Calm", "start_s": 0.4, "end_s": 0.7}, {"text": "down.", "start_s": 0.7, "end_s": 1.1}],
        "engine": "whisper",
        "model": "tiny.en",
        "extras": {},
    },
    "delivery": {
        "duration_s": 2.0,
        "speaking_time_s": 0.8,
        "speech_time_s": 0.7,
        "words_per_minute": 150.0,
        "words_per_minute_total": 60.0,
        "word_count": 2,
        "words_from_transcript": True,
        "articulation_rate_sps": 4.3,
        "detected_rate_sps": 4.1,
        "rushed": [],
        "pauses": [{"start_s": 0.9, "end_s": 1.2, "duration_s": 0.3, "after_validation": None}],
        "pause_count": 1,
        "pause_mean_s": 0.3,
        "pause_max_s": 0.3,
        "pause_max_at_s": 0.9,
        "validation_pauses": [],
        "reply_latency_s": 0.4,
        "longest_run_s": 0.5,
        "longest_run_at_s": 0.4,
        "loudness_dbfs": -23.5,
        "loudness_spread_db": 2.0,
        "loudness_peak_dbfs": -20.1,
        "loudness_peak_at_s": 0.6,
        "loudness_rise_db": 3.0,
        "loudness_rise_at_s": 0.5,
        "loudness_trend_db": -1.0,
        "clipped_fraction": 0.0,
        "vocal_effort_db": -11.0,
        "vocal_effort_peak_at_s": 0.6,
        "pitch_median_hz": 118.0,
        "pitch_range_st": 3.1,
        "pitch_sd_st": 1.4,
        "pitch_end_rise_st": None,
        "pitch_end_rise_at_s": None,
        "voiced_time_s": 0.5,
        "baseline": None,
        "mirroring": None,
        "warnings": [],
    },
    "calm": {
        "score": 88,
        "used_baseline": False,
        "verdicts": [
            {
                "measure": "effort",
                "verdict": "ok",
                "value": -11.0,
                "message": "a relaxed, unforced voice",
                "at_s": None,
                "strain": 0.476,
                "weight": 50,
            },
        ],
    },
    "wording": {"findings": [], "word_count": 2, "non_judgmental": 55},
    "assessment": {
        "calm": 88,
        "non_judgmental": 55,
        "overall": 72,
        "band": "developing",
        "strengths": [],
        "suggestions": ["Try a reflection."],
    },
    "warnings": [],
    "versions": {"voice_deesc": "0.1.0"},
}
"""A row as the first version of the app stored it: flat delivery, untyped verdicts, no details."""


def test_attempt_1_rows_are_still_read(tmp_path):
    with History(tmp_path / "h.sqlite3") as history:
        with history.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO attempts (scenario_id, created_at, calm, non_judgmental, overall, band, attempt_json) "
                "VALUES (?, ?, 88, 55, 72, 'developing', ?)",
                (SCENARIO, V1_ROW["created_at"], json.dumps(V1_ROW)),
            )
        old = history.attempt(int(cursor.lastrowid))
    assert old is not None and old.delivery is not None and old.calm is not None
    assert old.delivery.rate.words_per_minute == 150.0 and old.delivery.pauses.count == 1
    assert old.delivery.pauses.pauses[0].duration_s == 0.3 and old.delivery.pauses.max_at_s == 0.9
    assert old.delivery.loudness.median_dbfs == -23.5 and old.delivery.effort.alpha_ratio_db == -11.0
    assert old.delivery.pitch.median_hz == 118.0 and old.delivery.pitch.end_rise_st is None
    assert old.calm.verdicts[0].measure == "effort" and old.calm.verdicts[0].message == "a relaxed, unforced voice"
    assert old.assessment.overall == 72 and old.transcript.words[1].text == "down."
    assert old.to_dict()["schema"] == "voice-deesc.attempt/2"
