"""The stored neutral reading: set from a file, shown, refused when too short, used by practice."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.commands.demo import bundled_baseline, bundled_reply
from voice_deesc.devices import has_input_device


def test_nothing_stored_says_how_to_record(run_cli):
    result = run_cli("baseline", "show")
    assert result.returncode == 0
    assert "baseline record" in result.stdout


def test_set_stores_a_private_copy_and_show_reports_its_measures(run_cli, tmp_path):
    result = run_cli("baseline", "set", str(bundled_baseline()))
    assert result.returncode == 0, result.stderr
    stored = list((tmp_path / "home" / "baselines").glob("baseline-*.wav"))
    assert len(stored) == 1
    assert stored[0].stat().st_mode & 0o777 == 0o600
    shown = run_cli("baseline", "show")
    assert str(stored[0]) in shown.stdout
    # espeak-ng's default male voice sits near 100 Hz (bench_analysis: median 100.8 Hz on the demo reply).
    pitch = int(shown.stdout.split("typical pitch ")[1].split(" Hz")[0])
    assert 80 <= pitch <= 130


def test_a_reading_with_its_words_beside_it_keeps_them_for_the_rate(run_cli, tmp_path):
    """The words of a reading count its syllables as a reply's are counted (delivery.baseline.rate_change)."""
    from voice_deesc.commands.baseline_cmd import READING_PASSAGE
    from voice_deesc.delivery.baseline import Reading, load_reading
    from voice_deesc.history import History

    plain = tmp_path / "plain.wav"
    shutil.copy(bundled_baseline(), plain)
    read = tmp_path / "read.wav"
    shutil.copy(bundled_baseline(), read)
    read.with_suffix(".txt").write_text(READING_PASSAGE + "\n", encoding="utf-8")
    for path in (plain, read):
        result = run_cli("baseline", "set", str(path))
        assert result.returncode == 0, result.stderr
    with History() as history:
        stored = history.latest_baseline()
    assert stored is not None
    assert stored.profile["word_rate_sps"] is not None and stored.profile["rate_sps"] is not None
    # the bundled reading is calm: its peaks and its words agree to within 15 %
    assert stored.profile["word_rate_sps"] == pytest.approx(stored.profile["rate_sps"], rel=0.15)
    loaded = load_reading(stored.audio_path)
    assert isinstance(loaded, Reading) and loaded.text == READING_PASSAGE
    texts = sorted((tmp_path / "home" / "baselines").glob("baseline-*.txt"))
    assert len(texts) == 1 and len(list((tmp_path / "home" / "baselines").glob("baseline-*.wav"))) == 2
    assert texts[0].stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("seconds", "kind"), [(0.0, "silent"), (2.0, "short")])
def test_a_reading_without_enough_speech_is_refused(run_cli, tmp_path, seconds, kind):
    data, rate = sf.read(str(bundled_baseline()), dtype="float32")
    clip = data[: int(seconds * rate)] if seconds else np.zeros(rate * 8, np.float32)
    path = tmp_path / f"{kind}.wav"
    sf.write(path, np.concatenate([clip, np.zeros(rate, np.float32)]), rate)
    result = run_cli("baseline", "set", str(path))
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert path.name in line and "at least 5 s" in line
    assert not (tmp_path / "home" / "baselines").exists() or not any((tmp_path / "home" / "baselines").iterdir())


@pytest.mark.skipif(has_input_device(), reason="a microphone is present")
def test_record_without_microphone_points_to_set(run_cli):
    result = run_cli("baseline", "record")
    assert result.returncode == 1
    assert "no microphone found" in result.stderr and "baseline set" in result.stderr


def test_practice_uses_the_stored_reading(monkeypatch, tmp_path, capsys):
    from voice_deesc import cli, devices

    assert cli.main(["baseline", "set", str(bundled_baseline())]) == 0
    reply, _rate = sf.read(str(bundled_reply()), dtype="float32")

    def microphone(*, end_silence_s=None, on_block=None):
        for start in range(0, len(reply), 480):
            on_block(reply[start : start + 480])
        return reply, "finished"

    monkeypatch.setattr(devices, "has_input_device", lambda: True)
    monkeypatch.setattr(devices, "has_output_device", lambda: False)
    monkeypatch.setattr(devices, "record_reply", microphone)
    capsys.readouterr()
    # a single-statement pack, whose one round ends with the full report (conversations end with their summary)
    args = [
        "practice",
        "--scenario",
        "missed-prescriber-appointment",
        "--engine",
        "whisper",
        "--no-speak",
        "--no-history",
    ]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Judging delivery against your neutral reading" in out
    assert "vs baseline" in out
