"""Issue 12, items 1, 6 and 9: batch never stops early, never leaves workers behind, checks its output first.

Real process pools and real signals; the engine is real Vosk with the toy model (it loads in milliseconds,
so a test can afford to restart pools), and the inputs are real recordings.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, cli_env
from voice_deesc.batch import run_batch
from vosk_toy import write_toy_model

SPEECH = FIXTURES / "speech_lj001-0002.wav"


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_toy_model(tmp_path_factory.mktemp("vosk") / "toy-yes-no")


def _replies(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"reply_{i:02d}.wav" for i in range(count)]
    for file in files:
        shutil.copy(SPEECH, file)
    return files


def _children(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(predicate, timeout_s: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_worker_costs_nothing_every_file_gets_its_row(tmp_path, toy_model):
    files = _replies(tmp_path / "in", 8)
    rows = []
    killed = None
    for row in run_batch(files, scenario_ref=None, engine="vosk", vosk_model=toy_model, jobs=2):
        if "summary" in row:
            summary = row["summary"]
            break
        rows.append(row)
        if killed is None:
            workers = _children(os.getpid())
            assert workers, "the pool should have live workers while files remain"
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)
    assert killed is not None and not _alive(killed)
    assert [Path(r["file"]).name for r in rows] == [f.name for f in files]  # all of them, in input order
    assert all("attempt" in r for r in rows), [r.get("error") for r in rows]
    assert summary.files == 8 and summary.failed == 0


def test_a_worker_whose_engine_cannot_start_gives_error_rows_not_a_broken_pool(tmp_path, toy_model):
    broken = tmp_path / "broken-model"
    shutil.copytree(toy_model, broken)
    (broken / "am" / "final.mdl").write_text("not a kaldi model\n")
    files = _replies(tmp_path / "in", 3)
    rows = list(run_batch(files, scenario_ref=None, engine="vosk", vosk_model=broken, jobs=2))
    summary = rows.pop()["summary"]
    assert [Path(r["file"]).name for r in rows] == [f.name for f in files]
    assert all("the speech engine could not start in a worker" in r["error"] for r in rows)
    assert summary.failed == 3


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_worker_outlives_the_batch_process(tmp_path, toy_model, sig):
    _replies(tmp_path / "in", 60)
    parent = subprocess.Popen(
        [
            *(sys.executable, "-m", "voice_deesc", "batch", str(tmp_path / "in"), "--engine", "vosk"),
            *("--vosk-model", str(toy_model), "--jobs", "2", "--out", str(tmp_path / "out.jsonl")),
        ],
        env=cli_env(tmp_path / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: len(_children(parent.pid)) >= 2), "the batch never started its workers"
        workers = _children(parent.pid)
        parent.send_signal(sig)
        parent.wait(timeout=30)
        assert _wait_for(lambda: not any(_alive(w) for w in workers), timeout_s=10), "workers outlived the parent"
    finally:
        parent.kill()
        parent.wait()


def test_batch_checks_its_output_path_before_any_work(run_cli, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run_cli("batch", str(SPEECH), "--engine", "whisper", "--out", str(folder))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"voice-deesc: {folder}: is a folder — give a file name for the JSON lines, " + (
        f"e.g. {folder / 'out.json'}"
    )


def test_batch_output_is_owner_only_and_its_folder_is_made(tmp_path, toy_model, capsys):
    from voice_deesc.cli import main

    out = tmp_path / "new" / "deeper" / "rows.jsonl"
    rc = main(["batch", str(SPEECH), "--engine", "vosk", "--vosk-model", str(toy_model), "--out", str(out)])
    assert rc == 0, capsys.readouterr().err
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    row = json.loads(out.read_text().splitlines()[0])
    assert row["attempt"]["transcript"]["engine"] == "vosk"


def test_batch_and_evaluate_give_the_same_verdict_for_noise(tmp_path, toy_model, capsys):
    import numpy as np
    import soundfile as sf

    from voice_deesc.cli import main

    noise = tmp_path / "noise.wav"
    sf.write(noise, np.random.default_rng(3).standard_normal(3 * 16_000).astype(np.float32) * 0.2, 16_000)
    engine = ["--engine", "vosk", "--vosk-model", str(toy_model)]
    single_rc = main(["evaluate", str(noise), "--scenario", "lost-housing-voucher", *engine, "--no-speak"])
    single_err = capsys.readouterr().err
    batch_rc = main(["batch", str(noise), *engine, "--out", str(tmp_path / "rows.jsonl")])
    assert single_rc == 1 and batch_rc == 1
    row = json.loads((tmp_path / "rows.jsonl").read_text())
    assert "only noise" in row["error"]
    assert row["error"] in single_err  # word for word the same verdict
