"""The trainee's history: every spoken attempt, every practised conversation and their neutral baselines, in one
private SQLite file.

stdlib ``sqlite3``, one transaction context manager, and a versioned migrations table (style.md "Storage"):
each migration runs once, inside a transaction, and is recorded with its version number.
The file lives at ``data_home()/history.sqlite3`` and is owner-only (recordings and scores are sensitive).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voice_deesc.errors import StorageError

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt

HISTORY_FILE = "history.sqlite3"
FILE_MODE = 0o600
"""Owner-only: the history holds what a trainee said in practice."""
BUSY_TIMEOUT_S = 5.0

MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scenario_id TEXT,
            created_at TEXT NOT NULL,
            calm INTEGER,
            non_judgmental INTEGER NOT NULL,
            overall INTEGER NOT NULL,
            band TEXT NOT NULL,
            attempt_json TEXT NOT NULL
        );
        CREATE INDEX attempts_by_scenario ON attempts (scenario_id, created_at, id);
        CREATE TABLE baselines (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            audio_path TEXT,
            delivery_json TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        """
        ALTER TABLE attempts ADD COLUMN used_baseline INTEGER
        """,
    ),
    (
        3,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scenario_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            end_state TEXT,
            stopped_because TEXT,
            turns INTEGER NOT NULL,
            conversation_json TEXT NOT NULL
        );
        CREATE INDEX conversations_by_scenario ON conversations (scenario_id, started_at, id);
        ALTER TABLE attempts ADD COLUMN conversation_id INTEGER REFERENCES conversations (id);
        ALTER TABLE attempts ADD COLUMN turn_index INTEGER;
        ALTER TABLE attempts ADD COLUMN recording_path TEXT;
        CREATE INDEX attempts_by_conversation ON attempts (conversation_id, turn_index)
        """,
    ),
)
"""(version, SQL) in order; append new ones, never edit an applied one.

2: whether delivery was judged against the trainee's neutral reading (1/0), so progress compares like with
like; rows stored before it are NULL ("unknown") and count as judged without one.
3: whole conversations (``history_conversations``). Each turn's reply is an ``attempts`` row linked by
``conversation_id`` and ``turn_index`` (with its recording's path); the ``conversations`` row keeps the turn-by-turn
record without the attempts, so every attempt is stored once. Single replies leave the new columns NULL.
"""


@dataclass(frozen=True)
class PastAttempt:
    """The scores of one stored attempt, enough to show progress."""

    id: int
    scenario_id: str | None
    created_at: str
    calm: int | None
    non_judgmental: int
    overall: int
    band: str
    used_baseline: bool | None = None
    """True/False once recorded; None for rows stored before the history kept it (treated as False)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_path() -> Path:
    from voice_deesc.paths import data_home

    return data_home() / HISTORY_FILE


class History:
    """An open history database; use as a context manager or call :meth:`close`.

    Parameters
    ----------
    path : Path, optional
        The SQLite file; default ``data_home()/history.sqlite3``. Created owner-only when missing.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
            os.chmod(self.path, FILE_MODE)
            self._conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self._conn.row_factory = sqlite3.Row
        except (OSError, sqlite3.Error) as e:
            raise self._open_error(e) from e
        try:
            self._migrate()
        except StorageError:
            self._conn.close()
            raise
        except sqlite3.Error as e:
            self._conn.close()
            raise self._open_error(e) from e

    def _open_error(self, error: Exception) -> StorageError:
        """Name the actual fault: busy, damaged, or not permitted, each with its own fix."""
        text = str(error)
        if "locked" in text or "busy" in text:
            return StorageError(
                f"{self.path}: the history database is busy ({text}) — another voice-deesc is writing it; try again"
            )
        if "not a database" in text or "malformed" in text:
            return StorageError(
                f"{self.path}: the history database is damaged ({text}) — move the file aside to start a fresh history"
            )
        return StorageError(
            f"{self.path}: the history database could not be opened ({text}) — check the folder's permissions, "
            "or move the file aside to start a fresh history"
        )

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Everything inside commits together or not at all; a SQLite error becomes a StorageError."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StorageError(f"{self.path}: the history database is busy or read-only ({e}) — try again") from e
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise StorageError(f"{self.path}: writing the history failed ({e}); nothing was changed") from e
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Undo the open transaction; if the connection is already broken SQLite has undone it itself."""
        if self._conn.in_transaction:
            with suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def _applied_version(self) -> int:
        """The schema version without taking a lock; 0 for a new, empty database."""
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        ).fetchone()
        return self.schema_version if exists else 0

    def _migrate(self) -> None:
        """Bring the schema up to date in ONE write transaction, so concurrent first users cannot race.

        The version check runs inside the same ``BEGIN IMMEDIATE`` as the migrations: a second process
        waits for the first to commit and then sees the tables already there.
        """
        known = max(v for v, _ in MIGRATIONS)
        if self._applied_version() == known:
            return  # the common case: no write lock needed just to read the history
        with self.transaction() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            current = self.schema_version
            if current > known:
                raise StorageError(
                    f"{self.path}: the history was written by a newer voice-deesc (schema {current} > {known}) — "
                    "upgrade voice-deesc to read it"
                )
            for version, sql in MIGRATIONS:
                if version <= current:
                    continue
                for statement in filter(str.strip, sql.split(";")):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))

    def record_attempt(self, attempt: Attempt) -> int:
        """Store one attempt (its scores and its full JSON); returns its row id."""
        with self.transaction() as conn:
            return insert_attempt(conn, attempt)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Run a read-only query without taking the write lock (for the stores built on this history)."""
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise StorageError(f"{self.path}: reading the history failed ({e}) — try again") from e

    def previous_attempt(self, scenario_id: str | None, *, used_baseline: bool | None = None) -> PastAttempt | None:
        """The latest stored attempt at ``scenario_id`` (``None`` when there is none).

        ``used_baseline`` True or False keeps only attempts judged that way (rows from before the history kept
        it count as judged without a baseline); ``None`` takes the latest whatever way it was judged.
        """
        sql = f"SELECT {_PAST_COLUMNS} FROM attempts WHERE scenario_id IS ? AND {_SINGLE}"
        params: tuple[Any, ...] = (scenario_id,)
        if used_baseline is not None:
            sql += " AND COALESCE(used_baseline, 0) = ?"
            params += (int(used_baseline),)
        row = self._conn.execute(sql + " ORDER BY created_at DESC, id DESC LIMIT 1", params).fetchone()
        return None if row is None else _past(row)

    def attempts(self, scenario_id: str | None = None) -> list[PastAttempt]:
        """Stored single replies (not a conversation's turns), oldest first, optionally for one scenario."""
        sql = f"SELECT {_PAST_COLUMNS} FROM attempts WHERE {_SINGLE}"
        rows = (
            self._conn.execute(sql + " ORDER BY created_at, id")
            if scenario_id is None
            else self._conn.execute(sql + " AND scenario_id IS ? ORDER BY created_at, id", (scenario_id,))
        )
        return [_past(r) for r in rows]

    def attempt(self, attempt_id: int) -> Attempt | None:
        """One stored attempt as a record; rows written as ``attempt/1`` (flat delivery) are read too."""
        from voice_deesc.pipeline import Attempt

        data = self.attempt_json(attempt_id)
        return None if data is None else Attempt.from_dict(data)

    def attempt_json(self, attempt_id: int) -> dict[str, Any] | None:
        """The full stored Attempt JSON of one row."""
        row = self._conn.execute("SELECT attempt_json FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def record_baseline(self, audio_path: Path, profile: dict[str, Any]) -> int:
        """Store the trainee's neutral reading (its file and measured voice profile); returns its row id."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO baselines (created_at, audio_path, delivery_json) VALUES (?, ?, ?)",
                (_now(), str(audio_path), json.dumps(profile)),
            )
            return int(cursor.lastrowid or 0)

    def latest_baseline(self) -> StoredBaseline | None:
        """The most recent neutral reading whose file still exists (``None`` when there is none)."""
        rows = self._conn.execute(
            "SELECT id, created_at, audio_path, delivery_json FROM baselines ORDER BY created_at DESC, id DESC"
        )
        for row in rows:
            if row["audio_path"] and Path(row["audio_path"]).is_file():
                return StoredBaseline(
                    row["id"], row["created_at"], Path(row["audio_path"]), json.loads(row["delivery_json"])
                )
        return None


@dataclass(frozen=True)
class StoredBaseline:
    """A neutral reading kept for the practice loop: delivery is judged as the change from it."""

    id: int
    created_at: str
    audio_path: Path
    profile: dict[str, Any]
    """The voice profile measured when it was stored (loudness, effort, pitch, rate)."""


def record_attempt(attempt: Attempt, *, path: Path | None = None) -> int:
    """Store ``attempt`` in the history at ``path`` (default: the user's history); returns its row id."""
    with History(path) as history:
        return history.record_attempt(attempt)


def previous_attempt(scenario_id: str | None, *, path: Path | None = None) -> PastAttempt | None:
    """The latest stored attempt at ``scenario_id`` in the history at ``path``, or ``None``."""
    with History(path) as history:
        return history.previous_attempt(scenario_id)


_PAST_COLUMNS = "id, scenario_id, created_at, calm, non_judgmental, overall, band, used_baseline"
_SINGLE = "conversation_id IS NULL"
"""A single reply: progress and "what changed" compare replies to the same client statement, and a conversation's
turn answers a different line of the client's."""


def insert_attempt(
    conn: sqlite3.Connection,
    attempt: Attempt,
    *,
    conversation_id: int | None = None,
    turn_index: int | None = None,
    recording: str | None = None,
) -> int:
    """One attempts row inside the caller's transaction; a conversation's turn names its conversation and index."""
    a = attempt.assessment
    cursor = conn.execute(
        "INSERT INTO attempts (scenario_id, created_at, calm, non_judgmental, overall, band, attempt_json, "
        "used_baseline, conversation_id, turn_index, recording_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            attempt.scenario_id,
            attempt.created_at,
            a.calm,
            a.non_judgmental,
            a.overall,
            a.band,
            json.dumps(attempt.to_dict(), ensure_ascii=False),
            int(judged_with_baseline(attempt)),
            conversation_id,
            turn_index,
            recording,
        ),
    )
    return int(cursor.lastrowid or 0)


def _past(row: sqlite3.Row) -> PastAttempt:
    data = dict(row)
    flag = data.pop("used_baseline")
    return PastAttempt(**data, used_baseline=None if flag is None else bool(flag))


def judged_with_baseline(attempt: Attempt) -> bool:
    """Whether the attempt's delivery was judged as the change from the trainee's neutral reading."""
    return attempt.calm is not None and attempt.calm.used_baseline


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
