"""Shared fixtures: real engines loaded once per run, paths to real recordings, a CLI runner.

../shared (the RAVDESS and ASR recordings) is optional: tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("VOICE_DEESC_SHARED", REPO.parent / "shared"))
SHARED_ASR = SHARED / "data" / "asr"
SHARED_EMOTION = SHARED / "data" / "emotion"
SHARED_TEXT = SHARED / "data" / "text"


def cli_env(tmp_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["VOICE_DEESC_HOME"] = str(tmp_home)
    return env


def _cli_runner(folder: Path):
    def _run(*args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "voice_deesc", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=cli_env(folder / "home"),
            cwd=folder,
            timeout=timeout,
        )

    return _run


@pytest.fixture
def run_cli(tmp_path: Path):
    """Run ``python -m voice_deesc ARGS`` from this checkout as a user would; returns CompletedProcess."""
    return _cli_runner(tmp_path)


@pytest.fixture(scope="module")
def run_cli_module(tmp_path_factory: pytest.TempPathFactory):
    """``run_cli`` for module-scoped fixtures that run one expensive command for several tests."""
    return _cli_runner(tmp_path_factory.mktemp("cli"))


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
