"""`evaluate` shows it is working on a terminal, and writes nothing extra when its output is piped."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np

from conftest import FIXTURES, cli_env
from voice_deesc.commands.scenario_record import LevelMeter
from voice_deesc.commands.spinner import Spinner

STAGE = "transcribing and analysing the reply"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_spinner_is_silent_off_a_terminal_and_erases_itself_on_one():
    piped = io.StringIO()
    with Spinner(piped) as spin:
        spin.stage("loading the speech model")
    assert piped.getvalue() == ""
    screen = FakeTerminal()
    with Spinner(screen) as spin:
        spin.stage("loading the speech model")
    text = screen.getvalue()
    assert "loading the speech model… 0 s" in text
    assert text.endswith("\r") and text.rstrip("\r").endswith(" ")  # the line is blanked for what follows


def test_level_meter_warns_before_a_take_clips():
    screen = FakeTerminal()
    meter = LevelMeter(screen)
    t = np.arange(480) / 16_000
    for _ in range(3):
        meter.update((0.05 * np.sin(2 * np.pi * 200 * t)).astype(np.float32))
    assert "TOO LOUD" not in screen.getvalue() and "dBFS" in screen.getvalue()
    for _ in range(3):
        meter.update(np.sign(np.sin(2 * np.pi * 200 * t)).astype(np.float32))
    meter.close()
    assert "TOO LOUD" in screen.getvalue().splitlines()[-1]


def _evaluate_args(tmp_path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "voice_deesc",
        "evaluate",
        str(FIXTURES / "speech_goforward.wav"),
        "--scenario",
        "lost-housing-voucher",
        "--no-speak",
        "--no-history",
        "--no-baseline",
    ]


def test_evaluate_shows_progress_on_a_terminal_only(tmp_path):
    env = cli_env(tmp_path / "home")
    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:  # the terminal closed when the process ended
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    on_terminal = subprocess.run(
        _evaluate_args(tmp_path), stdout=subprocess.PIPE, stderr=follower, env=env, cwd=tmp_path, timeout=600
    )
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert on_terminal.returncode == 0, shown
    assert STAGE in shown and "loading the speech model" in shown and "\r" in shown
    assert STAGE not in on_terminal.stdout.decode()

    piped = subprocess.run(_evaluate_args(tmp_path), capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert piped.returncode == 0, piped.stderr
    assert STAGE not in piped.stderr and "\r" not in piped.stderr
    assert on_terminal.stdout.decode().splitlines()[:3] == piped.stdout.splitlines()[:3]  # the report itself alike
