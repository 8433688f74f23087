"""The history store: a real SQLite file, versioned migrations, transactions, previous attempt per scenario."""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import replace

import pytest

from voice_deesc.errors import StorageError
from voice_deesc.feedback.assess import compare_with
from voice_deesc.history import MIGRATIONS, History, previous_attempt, record_attempt
from voice_deesc.pipeline import analyse_text
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
    result = compare_with(now.assessment, previous_attempt(SCENARIO, path=db))
    assert result.previous["overall"] == before.assessment.overall
    assert result.change == {
        "non_judgmental": now.assessment.non_judgmental - before.assessment.non_judgmental,
        "overall": now.assessment.overall - before.assessment.overall,
    }
    assert result.change["overall"] > 0
