"""The synthetic voice is reproducible: a scenario's client line, a fixture or a test's spoken reply must not depend
on what the process said before (the espeak-ng library route dropped a timing-dependent last chunk)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from voice_deesc.audio import load_audio
from voice_deesc.errors import StorageError
from voice_deesc.tts import synthesize

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")

LINE = "I can hear how frightened you are about losing the apartment."


def test_the_same_line_gives_the_same_samples_whatever_was_said_before(tmp_path):
    first = synthesize(LINE, tmp_path / "first.wav").read_bytes()
    synthesize("Sit down and stop shouting at me!", tmp_path / "other.wav", rate_wpm=220, volume=1.5, pitch=80)
    again = synthesize(LINE, tmp_path / "again.wav").read_bytes()
    assert again == first


def test_rate_volume_and_pitch_reach_the_voice(tmp_path):
    calm = load_audio(synthesize(LINE, tmp_path / "calm.wav", rate_wpm=140, volume=0.6))
    loud_fast = load_audio(synthesize(LINE, tmp_path / "loud.wav", rate_wpm=220, volume=1.4))
    assert loud_fast.duration_s < 0.8 * calm.duration_s
    rms = [float(np.sqrt(np.mean(a.samples**2))) for a in (calm, loud_fast)]
    assert 20 * np.log10(rms[1] / rms[0]) > 5.0  # 0.6 -> 1.4 of the normal amplitude is +7.4 dB


def test_text_that_looks_like_an_option_is_spoken_not_parsed(tmp_path):
    path = synthesize("-w is not a flag here", tmp_path / "dash.wav")
    assert load_audio(path).duration_s > 0.8
    assert not (tmp_path / "is").exists()


def test_an_unwritable_path_is_one_clear_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(StorageError, match="choose a folder you can write to"):
        synthesize(LINE, blocked / "x" / "speech.wav")


def test_without_the_espeak_ng_program_the_library_still_speaks(tmp_path, monkeypatch):
    import voice_deesc.tts as tts

    monkeypatch.setattr(tts.shutil, "which", lambda name: None)
    audio = load_audio(synthesize(LINE, tmp_path / "library.wav"))
    assert 2.0 < audio.duration_s < 8.0
