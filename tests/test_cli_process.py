"""The real entry point in a real process: help, a typed reply, and output piped into a reader that goes away.

Most CLI tests run in-process (tests/conftest.py ``run_cli``); these few keep the process boundary honest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import cli_env


def test_help_in_a_new_process(run_cli_process):
    result = run_cli_process("--help")
    assert result.returncode == 0
    for command in ("demo", "practice", "evaluate", "scenarios"):
        assert command in result.stdout


def test_typed_reply_in_a_new_process(run_cli_process):
    result = run_cli_process("evaluate", "--text", "Calm down.", "--scenario", "lost-housing-voucher", "--json", "-")
    assert result.returncode == 0, result.stderr
    assert {f["category"] for f in json.loads(result.stdout)["wording"]["findings"]} >= {"command_feelings"}


PIPED_COMMANDS = [("scenarios", "list"), ("scenarios", "list", "--json"), ("scenarios", "show", "fathers-watch")]


@pytest.mark.parametrize("args", [*PIPED_COMMANDS, ("history",)])
def test_output_into_a_closed_pipe_ends_quietly(args, tmp_path):
    """`voice-deesc scenarios list | head -0`: the reader has gone before the first line is written."""
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: every write gets EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "voice_deesc", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            env=cli_env(tmp_path / "home"),
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert done.returncode == 1
    assert done.stderr.decode() == ""


def test_new_and_import_write_into_the_users_folder(run_cli, tmp_path):
    home_packs = tmp_path / "home" / "scenarios"
    made = run_cli("scenarios", "new", "night-shift")
    assert made.returncode == 0, made.stderr
    assert (home_packs / "night-shift" / "scenario.toml").is_file()
    listed = run_cli("scenarios", "list")
    assert "yours" in next(line for line in listed.stdout.splitlines() if line.startswith("night-shift "))
    # A pack shared from another workstation lands beside it, not among the app's own files.
    archive = tmp_path / "share.zip"
    with zipfile.ZipFile(archive, "w") as out:
        text = (home_packs / "night-shift" / "scenario.toml").read_text().replace("night-shift", "day-shift")
        out.writestr("day-shift/scenario.toml", text)
    imported = run_cli("scenarios", "import", str(archive))
    assert imported.returncode == 0, imported.stderr
    assert (home_packs / "day-shift" / "scenario.toml").is_file()
    shown = run_cli("scenarios", "list", "--json")
    origins = {row["id"]: row["origin"] for row in json.loads(shown.stdout)}
    assert origins["day-shift"] == origins["night-shift"] == "yours"
    assert origins["lost-housing-voucher"] == "built-in"
    checked = run_cli("scenarios", "validate")  # every folder: the built-ins and the user's two, both still templates
    assert checked.returncode == 1
    assert f"{len(origins) - 2} of {len(origins)} scenario files are valid" in checked.stdout
    unfinished = {Path(line.split(": ")[1]).parent.name for line in checked.stdout.splitlines() if "(TODO)" in line}
    assert unfinished == {"night-shift", "day-shift"}
    assert len(origins) == 18
