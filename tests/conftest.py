"""Shared fixtures: real engines loaded once per run, paths to real recordings, CLI runners.

../shared (the RAVDESS and ASR recordings) is optional: tests that need it skip when it is absent.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("VOICE_DEESC_SHARED", REPO.parent / "shared"))
SHARED_ASR = SHARED / "data" / "asr"
SHARED_EMOTION = SHARED / "data" / "emotion"
SHARED_TEXT = SHARED / "data" / "text"


SUBPROCESS_COMMANDS = frozenset({"batch"})
"""Commands that start worker processes: forking the test process (with Whisper's threads running) is unsafe,
so these always run as a real ``python -m voice_deesc``."""


def cli_env(tmp_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["VOICE_DEESC_HOME"] = str(tmp_home)
    return env


@dataclass(frozen=True)
class CliResult:
    """What a CLI run left behind, shaped like ``subprocess.CompletedProcess``."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_cli_subprocess(folder: Path, *args: str, stdin: str | None = None, timeout: float = 600) -> CliResult:
    """``python -m voice_deesc ARGS`` in a new process, as a user would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "voice_deesc", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=cli_env(folder / "home"),
        cwd=folder,
        timeout=timeout,
    )
    return CliResult(tuple(args), done.returncode, done.stdout, done.stderr)


def run_cli_in_process(folder: Path, *args: str, stdin: str | None = None, engine: Callable[[], Any]) -> CliResult:
    """``voice_deesc.cli.main(ARGS)`` in this process, with the user's folder, working folder and stdin of a
    fresh run and the run's one Whisper engine (``engine``) standing in for a newly loaded one."""
    import voice_deesc.asr
    from voice_deesc.cli import main

    real_load = voice_deesc.asr.load_transcriber

    def load_shared(name: str = "auto", *, vosk_model: Path | None = None, whisper_threads: int | None = None) -> Any:
        plain = vosk_model is None and whisper_threads is None
        if plain and (name == "whisper" or (name == "auto" and voice_deesc.asr.find_vosk_model(None) is None)):
            return engine()
        return real_load(name, vosk_model=vosk_model, whisper_threads=whisper_threads)

    out, err = io.StringIO(), io.StringIO()
    saved_home, saved_cwd, saved_stdin = os.environ.get("VOICE_DEESC_HOME"), Path.cwd(), sys.stdin
    os.environ["VOICE_DEESC_HOME"] = str(folder / "home")
    os.chdir(folder)
    sys.stdin = io.StringIO(stdin or "")
    voice_deesc.asr.load_transcriber = load_shared  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as e:  # argparse: --help, --version, usage errors
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        voice_deesc.asr.load_transcriber = real_load
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        if saved_home is None:
            os.environ.pop("VOICE_DEESC_HOME", None)
        else:
            os.environ["VOICE_DEESC_HOME"] = saved_home
    return CliResult(tuple(args), code, out.getvalue(), err.getvalue())


def _cli_runner(folder: Path, request: pytest.FixtureRequest) -> Callable[..., CliResult]:
    def _run(*args: str, stdin: str | None = None, timeout: float = 600) -> CliResult:
        if SUBPROCESS_COMMANDS & set(args[:1]):
            return run_cli_subprocess(folder, *args, stdin=stdin, timeout=timeout)
        return run_cli_in_process(folder, *args, stdin=stdin, engine=lambda: request.getfixturevalue("whisper"))

    return _run


@pytest.fixture
def run_cli(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., CliResult]:
    """Run the CLI with ARGS as a user would (in this process, sharing the run's Whisper); returns a CliResult."""
    return _cli_runner(tmp_path, request)


@pytest.fixture(scope="module")
def run_cli_module(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Callable[..., CliResult]:
    """``run_cli`` for module-scoped fixtures that run one expensive command for several tests."""
    return _cli_runner(tmp_path_factory.mktemp("cli"), request)


@pytest.fixture
def run_cli_process(tmp_path: Path) -> Callable[..., CliResult]:
    """``python -m voice_deesc ARGS`` in a real new process: for the few smoke tests of the real entry point."""
    return lambda *args, **kwargs: run_cli_subprocess(tmp_path, *args, **kwargs)


@pytest.fixture(scope="session")
def whisper():
    """The embedded Whisper engine, loaded once for the whole run."""
    from voice_deesc.asr.whisper import WhisperTranscriber

    return WhisperTranscriber()


@pytest.fixture(scope="session")
def shared_asr() -> Path:
    if not (SHARED_ASR / "transcripts.tsv").is_file():
        pytest.skip("../shared/data/asr is absent")
    return SHARED_ASR


@dataclass(frozen=True)
class AsrBatch:
    """One `voice-deesc batch` pass over the 49 real recordings, shared by every test that needs their results."""

    references: dict[str, str]
    """File name -> reference transcript, in transcripts.tsv order."""
    rows: list[dict[str, Any]]
    """The batch's JSON lines: ``{"file": ..., "attempt": {...}}`` (or ``"error"``)."""

    def attempt_of(self, name: str) -> dict[str, Any]:
        return next(row["attempt"] for row in self.rows if Path(row["file"]).name == name)


@pytest.fixture(scope="session")
def asr_batch(shared_asr: Path, tmp_path_factory: pytest.TempPathFactory) -> AsrBatch:
    """The ASR set through the real CLI once per run (every core, no prompt): the WER, timing and batch tests
    all read this instead of decoding the set again.

    Once per run, not once per test worker: the first worker to get here decodes the set into the run's shared
    temporary folder under a file lock, and the others read its output.
    """
    import csv
    import json

    from filelock import FileLock

    with (shared_asr / "transcripts.tsv").open(newline="", encoding="utf-8") as handle:
        references = {row["file"]: row["transcript"] for row in csv.DictReader(handle, delimiter="\t")}
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # shared by every worker of this run
    folder = run_folder / "asr-batch"
    out = folder / "asr.jsonl"
    with FileLock(str(run_folder / "asr-batch.lock")):
        if not out.is_file():
            folder.mkdir(exist_ok=True)
            result = run_cli_subprocess(folder, "batch", str(shared_asr), "--engine", "whisper", "--out", str(out))
            assert result.returncode == 0, result.stderr
    return AsrBatch(references, [json.loads(line) for line in out.read_text().splitlines()])


@pytest.fixture(scope="session")
def shared_emotion() -> Path:
    if not (SHARED_EMOTION / "labels.tsv").is_file():
        pytest.skip("../shared/data/emotion (RAVDESS) is absent")
    return SHARED_EMOTION


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's user data (history, spoken files) inside its own temporary folder."""
    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def attempt_schema():
    """A validator for the public Attempt JSON schema shipped with the package."""
    import json
    from importlib import resources

    import jsonschema

    schema = json.loads((resources.files("voice_deesc") / "schema" / "attempt.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


LONGEST_FIRST = (
    "test_asr_whisper.py",  # 45 s: the 49 real recordings transcribed once, prompt checks
    "test_librosa_parity.py",  # 20-35 s in a new environment (numba compiles librosa's ufuncs as it loads), 3 s after
    "test_conversation_session.py",  # 27 s: two conversations spoken end to end
    "test_wording_real.py",  # 20 s: AnnoMI floors
    "test_batch_fixtures.py",  # 15 s: the shipped batch run
    "test_wording_esconv.py",  # 13 s: ESConv floors
    "test_endpointing.py",  # 11 s: long real replies streamed
    "test_baseline_everywhere.py",  # 11 s: evaluate and batch against a stored reading
)
"""Test files by measured seconds (one worker, idle 2-core machine). A file stays on one worker (``--dist
loadfile``) and workers take files in collection order, so starting the longest first and leaving the many short
files to fill in keeps both workers busy to the end: in alphabetical order the two wording floors came last and one
worker ran ~30 s alone."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order
