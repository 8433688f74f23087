"""Whole conversations in the history: one transaction, rows linked to their turns, read back equal."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from conversation_results import AGITATION, SCENARIO_ID, STARTED_AT, early_stop, settled_conversation
from voice_deesc.conversation.record import ConversationResult, EndState
from voice_deesc.errors import StorageError
from voice_deesc.history import MIGRATIONS, History, record_attempt
from voice_deesc.history_conversations import (
    conversations,
    load_conversation,
    record_conversation,
    record_conversation_or_note,
    turn_recordings,
)
from voice_deesc.pipeline import HISTORY_NOT_UPDATED, analyse_text, record_and_compare
from voice_deesc.scenarios.load import get_scenario


@pytest.fixture(scope="module")
def settled() -> ConversationResult:
    return settled_conversation(recordings=("/data/r1.wav", "/data/r2.wav", None))


def test_a_conversation_round_trips_with_its_turns_and_recordings(tmp_path, settled):
    db = tmp_path / "h.sqlite3"
    with History(db) as history:
        conversation_id = record_conversation(history, settled)
        assert load_conversation(history, conversation_id) == settled
        assert turn_recordings(history, conversation_id) == [(1, "/data/r1.wav"), (2, "/data/r2.wav"), (3, None)]
        assert load_conversation(history, conversation_id + 1) is None
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT scenario_id, started_at, end_state, stopped_because, turns FROM conversations"
        ).fetchall()
        assert row == [(SCENARIO_ID, STARTED_AT, "settled", None, 3)]
        turns = conn.execute(
            "SELECT turn_index, overall, attempt_json FROM attempts WHERE conversation_id = ? ORDER BY turn_index",
            (conversation_id,),
        ).fetchall()
    assert [t[0] for t in turns] == [1, 2, 3]
    assert [t[1] for t in turns] == [turn.attempt.assessment.overall for turn in settled.turns]
    assert [json.loads(t[2]) for t in turns] == [turn.attempt.to_dict() for turn in settled.turns]
    stored = json.loads(sqlite3.connect(db).execute("SELECT conversation_json FROM conversations").fetchone()[0])
    assert all("attempt" not in turn for turn in stored["turns"])  # each attempt is stored once, in its row


def test_the_list_carries_the_end_state_and_the_agitation_start_and_end(tmp_path, settled):
    stopped = early_stop(settled, 2)
    with History(tmp_path / "h.sqlite3") as history:
        first = record_conversation(history, settled)
        second = record_conversation(history, replace(stopped, started_at="2026-12-02T10:00:00+00:00"))
        listed = conversations(history)
        assert [c.id for c in listed] == [first, second]
        assert (listed[0].end_state, listed[0].turns, listed[0].agitation) == (EndState.SETTLED, 3, AGITATION)
        assert (listed[1].end_state, listed[1].stopped_because, listed[1].turns) == (None, "no more replies", 2)
        assert listed[1].agitation == AGITATION[:3]
        assert load_conversation(history, second) == replace(stopped, started_at="2026-12-02T10:00:00+00:00")
        assert conversations(history, "another-scenario") == []


def test_conversation_turns_stay_out_of_single_reply_progress(tmp_path, settled):
    db = tmp_path / "h.sqlite3"
    scenario = get_scenario(SCENARIO_ID)
    single = analyse_text("Relax, it's not a big deal.", scenario)
    assert single.assessment.overall != settled.turns[-1].attempt.assessment.overall  # so the test can tell them apart
    record_attempt(single, path=db)
    with History(db) as history:
        record_conversation(history, settled)
        assert [a.overall for a in history.attempts()] == [single.assessment.overall]
        assert [a.overall for a in history.attempts(SCENARIO_ID)] == [single.assessment.overall]
        assert history.previous_attempt(SCENARIO_ID).overall == single.assessment.overall
    # the next single reply compares with the single reply, not with the conversation's last turn
    later = record_and_compare(analyse_text("It sounds like you're scared.", scenario), path=db)
    assert later.assessment.previous is not None
    assert later.assessment.previous.overall == single.assessment.overall


def test_a_fault_on_any_turn_stores_none_of_the_conversation(tmp_path, settled):
    db = tmp_path / "h.sqlite3"
    with History(db) as history:
        record_conversation(history, settled)
    with sqlite3.connect(db) as conn:  # a real SQLite failure at the second turn's row
        conn.execute(
            "CREATE TRIGGER fail_turn_two BEFORE INSERT ON attempts WHEN NEW.turn_index = 2 "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    with History(db) as history, pytest.raises(StorageError, match=r"writing the history failed .*disk full"):
        record_conversation(history, settled)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM conversations").fetchone() == (1,)
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone() == (3,)


def test_a_broken_history_becomes_a_note_and_a_working_one_an_id(tmp_path, settled):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    saved = record_conversation_or_note(settled, path=damaged)
    assert saved.conversation_id is None
    assert saved.note.startswith(f"{HISTORY_NOT_UPDATED}: {damaged}: the history database is damaged")
    assert saved.note.endswith("move the file aside to start a fresh history")
    good = record_conversation_or_note(settled, path=tmp_path / "good.sqlite3")
    assert good.note is None and good.conversation_id == 1


def test_a_turn_deleted_outside_the_app_is_named_when_read(tmp_path, settled):
    db = tmp_path / "h.sqlite3"
    with History(db) as history:
        conversation_id = record_conversation(history, settled)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM attempts WHERE turn_index = 2")
    lost = rf"conversation {conversation_id} has lost its turn 2"
    with History(db) as history, pytest.raises(StorageError, match=lost):
        load_conversation(history, conversation_id)


def test_a_history_from_before_conversations_keeps_its_attempts(tmp_path):
    db = tmp_path / "h.sqlite3"
    attempt = analyse_text("I'm here with you.", get_scenario(SCENARIO_ID))
    with sqlite3.connect(db) as conn:  # the schema as version 2 left it, with one attempt
        conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        for version, sql in MIGRATIONS[:2]:
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations VALUES (?, '2026-11-01')", (version,))
        conn.execute(
            "INSERT INTO attempts (scenario_id, created_at, calm, non_judgmental, overall, band, attempt_json) "
            "VALUES (?, ?, NULL, ?, ?, ?, ?)",
            (SCENARIO_ID, attempt.created_at, 70, 70, "developing", json.dumps(attempt.to_dict())),
        )
    with History(db) as history:
        assert history.schema_version == 3
        assert [a.overall for a in history.attempts()] == [70]
        assert conversations(history) == []
