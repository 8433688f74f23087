"""Batch runs for testers: one line per input in order, bad files as error rows, and a throughput summary."""

from __future__ import annotations

import json
import re
import shutil

from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_reply


def test_batch_reports_each_file_in_order_and_keeps_going_past_bad_ones(run_cli, tmp_path, attempt_schema):
    folder = tmp_path / "replies"
    folder.mkdir()
    shutil.copy(bundled_reply(), folder / "a_good.wav")
    (folder / "b_broken.wav").write_text("not audio")
    shutil.copy(bundled_reply(), folder / "c_good.wav")
    out = tmp_path / "results.jsonl"
    result = run_cli(
        "batch", str(folder), "--scenario", DEMO_SCENARIO, "--engine", "whisper", "--jobs", "2", "--out", str(out)
    )
    assert result.returncode == 1  # one file failed
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["file"].rsplit("/", 1)[1] for r in rows] == ["a_good.wav", "b_broken.wav", "c_good.wav"]
    assert "not a readable audio file" in rows[1]["error"]
    for row in (rows[0], rows[2]):
        attempt_schema.validate(row["attempt"])
        assert "housing office" in row["attempt"]["transcript"]["text"].lower()
    # Same file, same engine: the same words come out of both workers.
    assert rows[0]["attempt"]["transcript"]["text"] == rows[2]["attempt"]["transcript"]["text"]
    summary = re.search(r"3 files, 1 failed, ([\d.]+) s of audio", result.stderr)
    assert summary and abs(float(summary.group(1)) - 40.0) < 0.5


def test_batch_with_no_recordings_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("batch", str(tmp_path))
    assert result.returncode == 2
    assert "no recordings found" in result.stderr
