"""Whole conversations in the trainee's history: stored in one transaction, listed, and read back whole.

A conversation is a ``conversations`` row (scenario, start, end state, why it stopped, turn count and the
turn-by-turn record) plus one ``attempts`` row per turn, linked by ``conversation_id`` and ``turn_index`` and
holding the turn's recording path. Each attempt is stored once, in its row; reading a conversation puts the
attempts back into the record. The schema is migration 3 of :mod:`voice_deesc.history`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voice_deesc.errors import StorageError
from voice_deesc.history import History, insert_attempt

if TYPE_CHECKING:
    from voice_deesc.conversation.record import ConversationResult, EndState


@dataclass(frozen=True)
class PastConversation:
    """One stored conversation, enough for a line of `history`."""

    id: int
    scenario_id: str
    started_at: str
    end_state: EndState | None
    """None when it stopped before an end (see ``stopped_because``)."""
    stopped_because: str | None
    turns: int
    agitation: tuple[int, ...]
    """The client's agitation before the first turn and after each reply (``ConversationResult.agitation_curve``)."""

    @classmethod
    def from_stored(cls, row_id: int, data: dict[str, Any]) -> PastConversation:
        """From the stored conversation JSON (its turns without their attempts)."""
        from voice_deesc.conversation.record import EndState

        turns = data.get("turns") or []
        curve = (int(turns[0]["agitation"]), *(int(t["agitation_after"]) for t in turns)) if turns else ()
        end = data.get("end_state")
        return cls(
            row_id,
            str(data["scenario_id"]),
            str(data["started_at"]),
            None if end is None else EndState(end),
            data.get("stopped_because"),
            len(turns),
            curve,
        )


@dataclass(frozen=True)
class ConversationSaved:
    """What became of storing a conversation: its row id, or the note saying why the history was not updated."""

    conversation_id: int | None
    note: str | None = None


def record_conversation(history: History, result: ConversationResult) -> int:
    """Store a conversation, and each turn's attempt and recording path linked to it, in ONE transaction.

    Either the whole conversation is in the history afterwards or none of it is: a fault halfway through never
    leaves a conversation with missing turns. Returns the conversation's row id.

    Raises
    ------
    StorageError
        The history is busy, read-only or damaged; nothing was written.
    """
    data = result.to_dict()
    for turn in data["turns"]:
        del turn["attempt"]  # kept once, in its attempts row
    with history.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO conversations (scenario_id, started_at, end_state, stopped_because, turns, conversation_json) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                result.scenario_id,
                result.started_at,
                None if result.end_state is None else result.end_state.value,
                result.stopped_because,
                len(result.turns),
                json.dumps(data, ensure_ascii=False),
            ),
        )
        conversation_id = int(cursor.lastrowid or 0)
        for turn in result.turns:
            insert_attempt(
                conn, turn.attempt, conversation_id=conversation_id, turn_index=turn.index, recording=turn.recording
            )
    return conversation_id


def record_conversation_or_note(result: ConversationResult, *, path: Path | None = None) -> ConversationSaved:
    """Store ``result`` in the history at ``path`` (default: the user's); a history fault becomes a note.

    A locked, damaged or newer history must never cost the trainee the conversation's report or its recordings
    (both are written apart from the history): the note says what went wrong and how to fix it, for the report.
    """
    from voice_deesc.pipeline import HISTORY_NOT_UPDATED

    try:
        with History(path) as history:
            return ConversationSaved(record_conversation(history, result))
    except StorageError as e:
        return ConversationSaved(None, f"{HISTORY_NOT_UPDATED}: {e}")


def conversations(history: History, scenario_id: str | None = None) -> list[PastConversation]:
    """Stored conversations, oldest first, optionally for one scenario."""
    sql = "SELECT id, conversation_json FROM conversations"
    rows = (
        history.rows(sql + " ORDER BY started_at, id")
        if scenario_id is None
        else history.rows(sql + " WHERE scenario_id = ? ORDER BY started_at, id", (scenario_id,))
    )
    return [PastConversation.from_stored(int(row[0]), json.loads(row[1])) for row in rows]


def load_conversation(history: History, conversation_id: int) -> ConversationResult | None:
    """One stored conversation with its turns' attempts put back in place (``None`` when there is no such row).

    Raises
    ------
    StorageError
        A turn's attempt row is missing: the file was changed outside the app.
    """
    from voice_deesc.conversation.record import ConversationResult

    found = history.rows("SELECT conversation_json FROM conversations WHERE id = ?", (conversation_id,))
    if not found:
        return None
    data = json.loads(found[0][0])
    attempts = {
        int(row[0]): json.loads(row[1])
        for row in history.rows(
            "SELECT turn_index, attempt_json FROM attempts WHERE conversation_id = ?", (conversation_id,)
        )
    }
    for turn in data["turns"]:
        if turn["index"] not in attempts:
            raise StorageError(
                f"{history.path}: conversation {conversation_id} has lost its turn {turn['index']} — the history "
                "file was changed outside voice-deesc; move it aside to start a fresh history"
            )
        turn["attempt"] = attempts[turn["index"]]
    return ConversationResult.from_dict(data)


def turn_recordings(history: History, conversation_id: int) -> list[tuple[int, str | None]]:
    """(turn index, recording path) of each stored turn of a conversation, in order."""
    rows = history.rows(
        "SELECT turn_index, recording_path FROM attempts WHERE conversation_id = ? ORDER BY turn_index",
        (conversation_id,),
    )
    return [(int(row[0]), row[1]) for row in rows]
