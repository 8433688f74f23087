"""Issue 12, items 3, 5, 6, 8, 9 and 10 as a new user meets them: one clear line, nothing hidden, nothing lost."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, cli_env
from voice_deesc.commands.demo import DEMO_SCENARIO
from voice_deesc.scenarios.share import export_pack, import_pack
from vosk_toy import write_toy_model

SPEECH = FIXTURES / "speech_lj001-0002.wav"


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the built-in packs, so import and --replace never touch the checkout."""
    folder = tmp_path / "packs"
    shutil.copytree(REPO / "audio_scenarios", folder)
    monkeypatch.setenv("VOICE_DEESC_SCENARIOS", str(folder))
    return folder


def _cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voice_deesc", *args],
        capture_output=True,
        text=True,
        env={**cli_env(tmp_path / "home"), **env},
        timeout=600,
    )


def test_json_path_inside_a_file_is_refused_before_the_analysis(tmp_path):
    result = _cli(tmp_path, "evaluate", str(SPEECH), "--scenario", DEMO_SCENARIO, "--json", f"{SPEECH}/o.json")
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert f"{SPEECH} is a file, not a folder" in line
    assert not (tmp_path / "home" / "history.sqlite3").exists()  # refused before any attempt was recorded


def test_deeply_nested_toml_is_one_line_and_does_not_hide_the_other_packs(tmp_path, packs):
    (packs / "deep-pack").mkdir()
    (packs / "deep-pack" / "scenario.toml").write_text("id = " + "[" * 100_000)
    validate = _cli(tmp_path, "scenarios", "validate", str(packs / "deep-pack"), VOICE_DEESC_SCENARIOS=str(packs))
    assert validate.returncode == 1
    assert "nests brackets 100000 deep (limit 32)" in validate.stdout + validate.stderr
    assert "Traceback" not in validate.stderr
    listing = _cli(tmp_path, "scenarios", "list", VOICE_DEESC_SCENARIOS=str(packs))
    assert listing.returncode == 0, listing.stderr
    assert DEMO_SCENARIO in listing.stdout
    assert "RecursionError" not in listing.stdout + listing.stderr


def test_a_huge_scenario_string_is_refused_by_size_not_parsed(tmp_path, packs):
    (packs / "huge-pack").mkdir()
    (packs / "huge-pack" / "scenario.toml").write_text('id = "' + "a" * 5_000_000 + '"')
    result = _cli(tmp_path, "scenarios", "validate", str(packs / "huge-pack"))
    assert result.returncode == 1
    assert "over the 256 KB limit for a scenario" in result.stdout + result.stderr


def _exported(packs: Path, tmp_path: Path) -> Path:
    from voice_deesc.scenarios.parse import load_scenario

    return export_pack(load_scenario(packs / DEMO_SCENARIO), tmp_path / "pack.zip")


@pytest.mark.parametrize("damage", ["crc", "deflate"])
def test_a_damaged_pack_zip_is_one_line(tmp_path, packs, damage):
    archive = _exported(packs, tmp_path)
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo(f"{DEMO_SCENARIO}/scenario.toml")
    raw = bytearray(archive.read_bytes())
    header = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    if damage == "crc":
        raw[info.header_offset + 14] ^= 0xFF  # the local CRC no longer matches the data
        raw[archive.read_bytes().rindex(info.filename.encode()) - 46 + 16] ^= 0xFF  # nor the central one
    else:
        raw[header : header + 12] = b"\xff" * 12  # the deflate stream itself is garbage
    archive.write_bytes(bytes(raw))
    result = _cli(tmp_path, "scenarios", "import", str(archive), "--dir", str(tmp_path / "lab"))
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "pack.zip" in line and "damaged" in line


def test_importing_a_missing_zip_says_no_such_file(tmp_path):
    result = _cli(tmp_path, "scenarios", "import", str(tmp_path / "missing.zip"))
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "missing.zip: no such file" in line
    assert "not a zip" not in line


def test_importing_a_built_in_id_says_what_it_hides_and_what_it_replaced(tmp_path, monkeypatch):
    from voice_deesc.paths import user_scenarios_dir
    from voice_deesc.scenarios.load import builtin_dir
    from voice_deesc.scenarios.parse import load_scenario

    monkeypatch.setenv("VOICE_DEESC_HOME", str(tmp_path / "home"))
    archive = export_pack(load_scenario(builtin_dir() / DEMO_SCENARIO), tmp_path / "pack.zip")
    notices: list[str] = []
    imported = import_pack(archive, notices=notices)
    hidden = f"the built-in pack '{DEMO_SCENARIO}' (The housing voucher that expired) is hidden by this one"
    assert len(notices) == 1 and notices[0].startswith(hidden)
    assert imported.source is not None and imported.source.parent.parent == user_scenarios_dir()
    assert (builtin_dir() / DEMO_SCENARIO / "scenario.toml").is_file()  # the shipped pack is never touched
    cli = _cli(tmp_path, "scenarios", "import", str(archive), "--replace")
    assert cli.returncode == 0, cli.stderr
    assert f"replaced the pack '{DEMO_SCENARIO}' (The housing voucher that expired)" in cli.stderr
    assert hidden in cli.stderr


def _bad_conf_model(root: Path) -> Path:
    model = write_toy_model(root / "vosk-model-broken")
    (model / "conf" / "model.conf").write_text("--bogus-option=1\n")  # Kaldi prints ~70 lines of option help
    return model


def test_auto_skips_a_vosk_model_that_will_not_load_with_one_quiet_notice(tmp_path):
    models = tmp_path / "models"
    _bad_conf_model(models)
    script = "from voice_deesc.asr import load_transcriber; print(load_transcriber('auto').engine)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**cli_env(tmp_path / "home"), "VOICE_DEESC_MODELS": str(models)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "whisper"
    line = _one_line(result.stderr)  # Kaldi's option help is gone, the notice is one line
    assert "vosk-model-broken" in line and "using Whisper tiny.en instead" in line


def test_auto_verifies_a_broken_model_once_per_process(tmp_path, monkeypatch, caplog):
    from voice_deesc.asr import Engine, resolve_engine

    models = tmp_path / "models"
    _bad_conf_model(models)
    monkeypatch.setenv("VOICE_DEESC_MODELS", str(models))
    with caplog.at_level(logging.WARNING):
        assert resolve_engine("auto") == (Engine.WHISPER, None)
        assert resolve_engine("auto") == (Engine.WHISPER, None)
    assert len(caplog.records) == 2  # said each time it is chosen against, but loaded by Vosk only once
    from voice_deesc.asr import vosk_engine

    assert str((models / "vosk-model-broken").resolve()) in vosk_engine._FAILED_MODELS


def test_a_named_broken_model_is_an_error_not_a_silent_fallback(tmp_path):
    model = _bad_conf_model(tmp_path / "models")
    result = _cli(tmp_path, "batch", str(SPEECH), "--engine", "vosk", "--vosk-model", str(model))
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "Vosk could not load this model" in line


def test_batch_with_vosk_and_no_model_stops_before_starting(tmp_path):
    result = _cli(tmp_path, "batch", str(SPEECH), "--engine", "vosk", VOICE_DEESC_MODELS=str(tmp_path / "none"))
    assert result.returncode == 1
    assert "no Vosk model in" in _one_line(result.stderr)


def test_an_existing_open_data_folder_is_tightened(tmp_path, monkeypatch):
    from voice_deesc.paths import data_home

    home = tmp_path / "open-home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    monkeypatch.setenv("VOICE_DEESC_HOME", str(home))
    assert data_home() == home
    assert oct(home.stat().st_mode & 0o777) == "0o700"


def test_a_shared_sticky_folder_is_left_alone(tmp_path, monkeypatch):
    from voice_deesc.paths import data_home

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("VOICE_DEESC_HOME", str(shared))
    data_home()
    assert oct(shared.stat().st_mode & 0o7777) == "0o1777"
    assert os.access(shared, os.W_OK)
