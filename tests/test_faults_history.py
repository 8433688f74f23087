"""Issue 12, item 2: the history survives killed writers and racing first users, and its faults lose nothing.

Real SQLite files and real processes: a writer is SIGKILLed exactly as it starts a COMMIT (and at random
moments), four processes open a new database at once, and `evaluate` runs against a corrupt history.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, cli_env
from voice_deesc import history as history_module
from voice_deesc.commands.demo import DEMO_SCENARIO
from voice_deesc.errors import StorageError
from voice_deesc.history import MIGRATIONS, History

WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from voice_deesc.history import History
    from voice_deesc.pipeline import analyse_text

    path, kill_at, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    attempt = analyse_text("It sounds like you are scared. What would help right now?", None)
    commits = 0

    def at_statement(sql):
        global commits
        if sql.strip().upper() == "COMMIT":
            commits += 1
            if commits == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)  # dies as SQLite starts the commit

    with History(path) as history:
        history._conn.set_trace_callback(at_statement)
        for i in range(count):
            history.record_attempt(attempt)
            print(i + 1, flush=True)
    """
)


def _run_writer(path: Path, kill_at: int, count: int, *, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(path), str(kill_at), str(count)],
        capture_output=True,
        text=True,
        env=cli_env(path.parent / "home"),
        timeout=timeout,
    )


def _integrity_and_rows(path: Path) -> tuple[str, int]:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0], conn.execute(
            "SELECT COUNT(*) FROM attempts"
        ).fetchone()[0]


@pytest.mark.parametrize("kill_at", [1, 3, 7])
def test_a_writer_killed_at_commit_leaves_an_intact_history_with_every_earlier_row(tmp_path, kill_at):
    path = tmp_path / "history.sqlite3"
    result = _run_writer(path, kill_at, count=10)
    assert result.returncode == -signal.SIGKILL
    assert result.stdout.split() == [str(i) for i in range(1, kill_at)]  # the rows that were committed
    integrity, rows = _integrity_and_rows(path)
    assert integrity == "ok"
    assert rows == kill_at - 1  # the interrupted transaction is rolled back, whole
    with History(path) as history:  # and the next user can go on writing
        assert len(history.attempts()) == kill_at - 1
        assert history.schema_version == max(v for v, _ in MIGRATIONS)


def test_writers_killed_at_random_moments_never_corrupt_or_lose_committed_rows(tmp_path):
    rng = random.Random(12)
    path = tmp_path / "history.sqlite3"
    confirmed = 0
    for _ in range(3):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "0", "100000"],
            stdout=subprocess.PIPE,
            text=True,
            env=cli_env(tmp_path / "home"),
        )
        first = writer.stdout.readline()  # past the imports (slow on a loaded machine), into the writing
        time.sleep(rng.uniform(0.05, 0.5))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        confirmed += len((first + out).split())
        integrity, rows = _integrity_and_rows(path)
        assert integrity == "ok"
        assert confirmed <= rows <= confirmed + 4  # each kill may land after a commit but before its print
        confirmed = rows
    assert confirmed > 0


def _open_at_once(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        History(Path(path)).close()
        results.put("ok")
    except StorageError as e:
        results.put(str(e))


def test_first_use_by_four_processes_at_once_never_races(tmp_path):
    context = multiprocessing.get_context("fork")
    for trial in range(10):
        path = tmp_path / f"new-{trial}.sqlite3"
        barrier, results = context.Barrier(4), context.Queue()
        workers = [context.Process(target=_open_at_once, args=(str(path), barrier, results)) for _ in range(4)]
        for w in workers:
            w.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for w in workers:
            w.join()
        assert outcomes == ["ok"] * 4, outcomes
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT version FROM schema_migrations").fetchall() == [(v,) for v, _ in MIGRATIONS]


def test_a_history_from_a_newer_version_is_refused_clearly(tmp_path):
    path = tmp_path / "history.sqlite3"
    History(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (7, 'later')")
    with pytest.raises(
        StorageError, match=rf"written by a newer voice-deesc \(schema 7 > {len(MIGRATIONS)}\) — upgrade"
    ):
        History(path)


def test_a_locked_history_gives_up_with_a_storage_error(tmp_path, monkeypatch):
    from voice_deesc.pipeline import analyse_text

    monkeypatch.setattr(history_module, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "history.sqlite3"
    History(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(StorageError, match="busy"), History(path) as history:
            history.record_attempt(analyse_text("I hear you.", None))
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_evaluate_keeps_its_json_and_report_when_the_history_is_corrupt(tmp_path, monkeypatch, capsys, whisper):
    """In-process (the session's Whisper is reused); the real evaluate command, a real corrupt file."""
    from voice_deesc.cli import main

    home = tmp_path / "home"
    home.mkdir()
    (home / "history.sqlite3").write_bytes(random.Random(1).randbytes(20_000))
    monkeypatch.setenv("VOICE_DEESC_HOME", str(home))
    out, report = tmp_path / "attempt.json", tmp_path / "report.md"
    rc = main(
        [
            *("evaluate", str(FIXTURES / "speech_goforward.wav"), "--scenario", DEMO_SCENARIO),
            *("--engine", "whisper", "--no-speak", "--json", str(out), "--markdown", str(report)),
        ]
    )
    stderr = capsys.readouterr().err
    assert rc == 0, stderr
    assert "voice-deesc: history was not updated:" in stderr
    assert "the history database is damaged" in stderr
    attempt = json.loads(out.read_text())
    assert len(attempt["transcript"]["words"]) >= 3
    assert any(w.startswith("history was not updated") for w in attempt["warnings"])
    assert "history was not updated" in report.read_text()
