"""The shipped fixture set through `batch --expect`, as CI runs it: every expectation holds, JUnit and CSV are
written, the results are the same across runs, --jobs values and executors (a real in-process Dask cluster).

Real espeak-ng recordings (tests/fixtures/batch, made by scripts/make_fixtures.py) and real Whisper decoding.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import FIXTURES, CliResult, run_cli_subprocess

BATCH = FIXTURES / "batch"
MANIFEST = BATCH / "manifest.csv"
EXPECTATIONS = BATCH / "expectations.toml"
FEW = ("calm", "judgmental", "silence")
"""The files re-run for the sameness checks: a scored reply, a flagged one, an error row."""


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CliResult]:
    folder = tmp_path_factory.mktemp("batch-suite")
    result = run_cli_subprocess(
        folder,
        *("batch", str(MANIFEST), "--expect", str(EXPECTATIONS), "--engine", "whisper", "--no-baseline"),
        *("--jobs", "2", "--junit", str(folder / "junit.xml"), "--csv", str(folder / "scores.csv")),
        *("--out", str(folder / "rows.jsonl")),
    )
    return folder, result


def _rows(path: Path) -> dict[str, dict]:
    """Rows by file name, without the one field that must differ between runs (when it was analysed)."""
    rows = {}
    for line in path.read_text().splitlines():
        row = json.loads(line)
        if "attempt" in row:
            del row["attempt"]["created_at"]
        rows[Path(row["file"]).name] = row
    return rows


def _few_manifest(folder: Path) -> Path:
    manifest = folder / "few.csv"
    lines = ["file,scenario,baseline"] + [f"{BATCH}/lost-housing-voucher/{n}.ogg,lost-housing-voucher," for n in FEW]
    manifest.write_text("\n".join(lines) + "\n")
    return manifest


@pytest.mark.slow
def test_the_shipped_fixtures_meet_their_expectations_with_junit_and_csv(suite_run):
    from junitparser import Error, Failure, JUnitXml

    folder, result = suite_run
    assert result.returncode == 0, result.stderr
    assert "expectations: 9 cases passed, 0 failed" in result.stderr
    assert "9 files, 1 failed" in result.stderr  # the silent recording, as expected of it
    assert "analysing" not in result.stderr  # no progress bar when standard error is not a terminal
    cases = [case for suite in JUnitXml.fromfile(str(folder / "junit.xml")) for case in suite]
    assert sorted(Path(c.name).name for c in cases) == sorted(p.name for p in BATCH.glob("*/*.ogg"))
    assert not [c.name for c in cases if any(isinstance(r, Failure | Error) for r in c.result)]
    with (folder / "scores.csv").open() as handle:
        scores = {Path(r["file"]).stem: r for r in csv.DictReader(handle)}
    assert {r["expectations"] for r in scores.values()} == {"pass"}
    assert scores["silence"]["status"] == "error" and "no speech" in scores["silence"]["problem"]
    assert float(scores["rushed"]["words_per_minute"]) > float(scores["calm"]["words_per_minute"]) + 40
    assert "command_feelings" in json.dumps(_rows(folder / "rows.jsonl")["judgmental.ogg"]["attempt"]["wording"])


@pytest.mark.slow
def test_a_broken_expectation_fails_the_run_naming_expected_and_actual(suite_run, tmp_path):
    folder, _ = suite_run
    strict = tmp_path / "strict.toml"
    strict.write_text('["*/calm.ogg"]\nchecks = ["calm >= 101"]\n["*/nothing-here.ogg"]\nband = "proficient"\n')
    calm = _rows(folder / "rows.jsonl")["calm.ogg"]["attempt"]["assessment"]["calm"]
    result = run_cli_subprocess(
        tmp_path,
        *("batch", f"{BATCH}/lost-housing-voucher/calm.ogg", "--scenario", "lost-housing-voucher"),
        *("--expect", str(strict), "--engine", "whisper", "--no-baseline", "--out", str(tmp_path / "rows.jsonl")),
    )
    assert result.returncode == 1
    assert f"FAIL {BATCH}/lost-housing-voucher/calm.ogg: calm: expected >= 101, got {calm}" in result.stderr
    assert "FAIL (pattern) */nothing-here.ogg: no recording in this batch matched this pattern" in result.stderr
    assert "1 file, 0 failed" in result.stderr


@pytest.mark.slow
def test_results_are_the_same_across_runs_and_jobs(suite_run, tmp_path):
    folder, _ = suite_run
    result = run_cli_subprocess(
        tmp_path,
        *("batch", str(_few_manifest(tmp_path)), "--engine", "whisper", "--no-baseline", "--jobs", "1"),
        *("--out", str(tmp_path / "rows.jsonl")),
    )
    assert result.returncode == 1  # the silent file
    again, first = _rows(tmp_path / "rows.jsonl"), _rows(folder / "rows.jsonl")
    assert list(again) == [f"{n}.ogg" for n in FEW]
    for name, row in again.items():
        assert row == first[name], name


@pytest.mark.slow
def test_a_dask_cluster_gives_the_local_executors_results(suite_run):
    distributed = pytest.importorskip("distributed")
    from voice_deesc.batch import run_jobs
    from voice_deesc.batch.plan import Defaults, plan_jobs

    folder, _ = suite_run
    first = _rows(folder / "rows.jsonl")
    jobs = plan_jobs([_few_manifest(folder)], Defaults())
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        done = list(run_jobs(jobs, engine="whisper", executor="dask", scheduler=c.scheduler_address))
    assert sorted(index for index, _ in done) == [0, 1, 2]
    for _, row in done:
        for timing in ("audio_s", "analysis_s"):
            row.pop(timing)
        if "attempt" in row:
            del row["attempt"]["created_at"]
        assert row == first[Path(row["file"]).name], row["file"]


def test_silence_is_the_same_verdict_in_batch_and_evaluate(suite_run, run_cli):
    folder, _ = suite_run
    silence = BATCH / "lost-housing-voucher" / "silence.ogg"
    single = run_cli("evaluate", str(silence), "--scenario", "lost-housing-voucher", "--no-speak", "--no-baseline")
    assert single.returncode == 1
    assert _rows(folder / "rows.jsonl")["silence.ogg"]["error"] in single.stderr


def test_a_bad_expectations_file_is_a_usage_error_before_any_work(run_cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('["*.ogg"]\nchecks = ["calm => 3"]\n')
    result = run_cli("batch", str(MANIFEST), "--expect", str(bad), "--engine", "whisper")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"voice-deesc: {bad}, ['*.ogg']: check 'calm => 3' is not PATH OP VALUE — "
        "e.g. 'calm >= 70' or 'calm.score < calm.score@calm.wav - 5'"
    )


@pytest.mark.slow
def test_a_terminal_gets_a_progress_bar_on_standard_error(tmp_path):
    import os
    import pty
    import subprocess
    import sys

    from conftest import cli_env

    primary, secondary = pty.openpty()
    silence = BATCH / "lost-housing-voucher" / "silence.ogg"
    command = [sys.executable, "-m", "voice_deesc", "batch", str(silence), "--engine", "whisper", "--no-baseline"]
    with subprocess.Popen(
        [*command, "--out", str(tmp_path / "rows.jsonl")],
        stderr=secondary,
        stdout=subprocess.DEVNULL,
        env=cli_env(tmp_path / "home") | {"COLUMNS": "100", "TERM": "xterm"},
    ) as process:
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
        process.wait(timeout=120)
    os.close(primary)
    text = seen.decode(errors="replace")
    assert "analysing" in text and "0/1" in text  # the bar, before the file finished
    assert "1 file, 1 failed" in text


def test_an_unknown_scenario_in_a_manifest_names_the_recording_before_any_work(run_cli, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"file,scenario\n{BATCH}/lost-housing-voucher/calm.ogg,lost-housing-vouhcer\n")
    result = run_cli("batch", str(manifest), "--engine", "whisper", "--no-baseline")
    assert result.returncode == 1
    *notes, error = result.stderr.strip().splitlines()  # the baseline note may come first: one line saying how
    assert error.startswith(f"voice-deesc: {BATCH}/lost-housing-voucher/calm.ogg: ")
    assert "lost-housing-vouhcer" in error and not any(line.startswith("voice-deesc:") for line in notes)


def test_a_scheduler_with_the_local_executor_is_a_usage_error(run_cli):
    result = run_cli("batch", str(MANIFEST), "--executor", "local", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.returncode == 2
    assert "--scheduler names a Dask cluster — use it with --executor dask" in result.stderr
