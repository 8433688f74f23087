"""`voice-deesc evaluate` as a tester uses it: JSON out, and one clear line for every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_reply

SCENARIO = DEMO_SCENARIO


@pytest.fixture(scope="module")
def reply_samples() -> tuple[np.ndarray, int]:
    data, rate = sf.read(str(bundled_reply()), dtype="float32")
    return data, rate


def _one_clear_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("voice-deesc: ")
    return lines[0]


def test_recorded_reply_gives_schema_valid_json(run_cli, tmp_path, attempt_schema):
    out = tmp_path / "attempt.json"
    result = run_cli(
        "evaluate",
        str(bundled_reply()),
        "--scenario",
        SCENARIO,
        "--engine",
        "whisper",
        "--json",
        str(out),
        "--no-speak",
    )
    assert result.returncode == 0, result.stderr
    attempt = json.loads(out.read_text())
    attempt_schema.validate(attempt)
    assert attempt["transcript"]["engine"] == "whisper"
    assert "eleven months" in attempt["transcript"]["text"].lower()
    words = attempt["transcript"]["words"]
    assert len(words) >= 40
    starts = [w["start_s"] for w in words]
    assert starts == sorted(starts)
    assert 0 < words[-1]["end_s"] <= attempt["delivery"]["duration_s"] + 0.05
    # The written report is printed too, and leads with what the trainee said.
    assert "What you said" in result.stdout


def test_json_to_stdout_is_pure_json(run_cli, attempt_schema):
    result = run_cli(
        "evaluate",
        "--text",
        "It sounds like you're scared about tonight. What would help right now?",
        "--scenario",
        SCENARIO,
        "--json",
        "-",
    )
    assert result.returncode == 0, result.stderr
    attempt = json.loads(result.stdout)
    attempt_schema.validate(attempt)
    assert attempt["delivery"] is None
    assert attempt["assessment"]["calm"] is None
    categories = {f["category"] for f in attempt["wording"]["findings"]}
    assert "reflection" in categories


@pytest.mark.parametrize(
    ("variant", "note"),
    [("stereo", "mixed down to mono"), ("8k", "8000 Hz"), ("clipped", "clipped")],
)
def test_repairable_recordings_are_analysed_with_a_note(run_cli, tmp_path, reply_samples, variant, note):
    data, rate = reply_samples
    path = tmp_path / f"{variant}.wav"
    if variant == "stereo":
        sf.write(path, np.stack([data, 0.5 * data], axis=1), rate)
    elif variant == "8k":
        from voice_deesc.audio import resample

        sf.write(path, resample(data, rate, 8000), 8000)
    else:
        sf.write(path, np.clip(data * 8.0, -1.0, 1.0), rate)
    result = run_cli("evaluate", str(path), "--scenario", SCENARIO, "--engine", "whisper", "--json", "-")
    assert result.returncode == 0, result.stderr
    attempt = json.loads(result.stdout)
    assert any(note in w for w in attempt["warnings"]), attempt["warnings"]
    assert "housing office" in attempt["transcript"]["text"].lower()


def _write_bad_input(kind: str, folder: Path, reply: tuple[np.ndarray, int]) -> Path:
    data, rate = reply
    path = folder / f"{kind}.wav"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "not-audio":
        path.write_text("this is a text file, not a recording\n")
    elif kind == "silent":
        sf.write(path, np.zeros(rate * 3, dtype="float32"), rate)
    elif kind == "huge":
        sf.write(path, np.zeros(8000 * 660, dtype="int16"), 8000, subtype="PCM_16")
    elif kind == "truncated-header":
        sf.write(path, data, rate, subtype="PCM_16")
        path.write_bytes(path.read_bytes()[:30])
    elif kind == "missing":
        pass
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "no such file"),
        ("empty", "empty"),
        ("not-audio", "not a readable audio file"),
        ("truncated-header", "not a readable audio file"),
        ("silent", "no speech"),
        ("huge", "limit"),
    ],
)
def test_bad_recordings_give_one_clear_line(run_cli, tmp_path, reply_samples, kind, message):
    path = _write_bad_input(kind, tmp_path, reply_samples)
    result = run_cli("evaluate", str(path), "--scenario", SCENARIO, "--engine", "whisper")
    assert result.returncode == 1
    assert result.stdout == ""  # not even the no-baseline note: the error stands alone
    line = _one_clear_line(result.stderr)
    assert message in line
    assert path.name in line


def test_truncated_data_is_analysed_with_what_is_there(run_cli, tmp_path, reply_samples):
    data, rate = reply_samples
    path = tmp_path / "cut.wav"
    sf.write(path, data, rate, subtype="PCM_16")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    result = run_cli("evaluate", str(path), "--scenario", SCENARIO, "--engine", "whisper", "--json", "-")
    assert result.returncode == 0, result.stderr
    attempt = json.loads(result.stdout)
    assert 8.0 < attempt["delivery"]["duration_s"] < 12.0
    assert any("ends early" in w for w in attempt["warnings"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--scenario", "no-such-scenario"], 1, "unknown scenario 'no-such-scenario'"),
        (["--scenario", SCENARIO, "--engine", "kaldi"], 2, "unknown engine 'kaldi'"),
        (["--scenario", SCENARIO, "--engine", "vosk"], 1, "no Vosk model"),
        ([], 2, "--scenario is needed"),
    ],
)
def test_bad_options_give_one_clear_line(run_cli, tmp_path, args, code, message, monkeypatch):
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    result = run_cli("evaluate", str(bundled_reply()), *args)
    assert result.returncode == code
    assert message in _one_clear_line(result.stderr)


def test_reply_and_text_together_is_a_usage_error(run_cli):
    result = run_cli("evaluate", str(bundled_reply()), "--text", "hello", "--scenario", SCENARIO)
    assert result.returncode == 2
    assert "either a recording" in _one_clear_line(result.stderr)


def test_plain_report_marks_findings_in_the_transcript_and_typed_replies_stay_silent(run_cli):
    result = run_cli("evaluate", "--text", "Calm down. You're overreacting. What happened?", "--scenario", SCENARIO)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[- Calm down]" in out
    assert "[- overreacting]" in out
    assert "[+ What happened]" in out
    assert "spoken feedback" not in out and "saved at" not in out
