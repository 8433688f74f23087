"""Issue 12, items 4, 7 and 8: speech presence relative to the recording, damaged samples, odd headers.

Real recordings (tests/fixtures, the demo reply), the real Silero detector and the real engines: the
"speech heard but no words" case uses the real Vosk library with a toy model that never emits a word.
"""

from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

import vosk_toy
from voice_deesc.audio import load_audio
from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_reply
from voice_deesc.errors import AudioError
from voice_deesc.pipeline import analyse
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.speech import NO_WORDS_NOTE, Presence, check_speech, prepare_reply

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEECH = FIXTURES / "speech_lj001-0002.wav"


def _peak_db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.max(np.abs(samples))))


def _write(path: Path, samples: np.ndarray, rate: int = 16_000, subtype: str = "PCM_16") -> Path:
    sf.write(path, samples, rate, subtype=subtype)
    return path


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    return load_audio(SPEECH).samples  # 16 kHz mono, the app's own rate


def test_quiet_speech_is_found_and_raised_before_recognition(tmp_path, speech, whisper):
    quiet = speech / np.max(np.abs(speech)) * 10 ** (-42 / 20)  # a microphone with too little gain
    audio = load_audio(_write(tmp_path / "quiet.wav", quiet, subtype="FLOAT"))
    assert _peak_db(audio.samples) == pytest.approx(-42, abs=0.5)
    raised, check = prepare_reply(audio)
    assert check.presence is Presence.SPEECH and check.speech_s > 1.0
    assert 30 <= check.gain_db <= 40
    assert _peak_db(raised.samples) > -10
    assert any(note.startswith("very quiet recording — analysed after raising the level") for note in raised.notes)
    attempt = analyse(audio, get_scenario(DEMO_SCENARIO), whisper)
    assert len(attempt.transcript.words) >= 3  # the words come through once the level is raised
    assert any("very quiet recording" in w for w in attempt.warnings)


@pytest.mark.parametrize(
    ("kind", "presence"),
    [("white-noise", Presence.NOISE), ("hum", Presence.NOISE), ("zeros", Presence.SILENT)],
)
def test_noise_and_silence_are_told_apart(tmp_path, kind, presence):
    rng = np.random.default_rng(7)
    n = 4 * 16_000
    samples = {
        "white-noise": rng.standard_normal(n).astype(np.float32) * 0.2,
        "hum": (0.3 * np.sin(2 * np.pi * 50 * np.arange(n) / 16_000)).astype(np.float32),
        "zeros": np.zeros(n, np.float32),
    }[kind]
    check = check_speech(load_audio(_write(tmp_path / f"{kind}.wav", samples)))
    assert check.presence is presence
    assert check.speech_s < 0.3
    assert ("only noise" in check.message) == (presence is Presence.NOISE)
    assert ("silent" in check.message) == (presence is Presence.SILENT)


def test_nan_and_inf_samples_are_repaired_and_named(tmp_path, speech):
    spiked = speech.copy()
    spiked[::997] = np.nan
    spiked[5::1999] = np.inf
    audio = load_audio(_write(tmp_path / "spiked.wav", spiked, subtype="FLOAT"))
    assert np.isfinite(audio.samples).all()
    damaged = [n for n in audio.notes if n.startswith("damaged samples repaired")]
    assert damaged and str(len(speech[::997]) + len(speech[5::1999])) in damaged[0]
    assert not any("clipped" in n for n in audio.notes)  # Inf is a drop-out, not a loud voice
    assert check_speech(audio).presence is Presence.SPEECH


def test_speech_without_recognised_words_keeps_its_delivery(tmp_path, monkeypatch):
    """A voice the engine cannot make out is 'delivery only', not 'silent' (real Vosk, a model that names nothing)."""
    from voice_deesc.asr.vosk_engine import VoskTranscriber

    monkeypatch.setattr(vosk_toy, "WORD_PENALTY", 1e6)
    engine = VoskTranscriber(vosk_toy.write_toy_model(tmp_path / "mute-model"))
    audio = load_audio(bundled_reply())
    attempt = analyse(audio, get_scenario(DEMO_SCENARIO), engine)
    assert attempt.transcript.words == ()
    assert NO_WORDS_NOTE in attempt.warnings
    assert attempt.delivery is not None and attempt.calm is not None
    assert not any("only noise" in w or "silent" in w for w in attempt.warnings)


def _wav_header(*, rate: int, channels: int = 1, bits: int = 16, data_bytes: int) -> bytes:
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, bits)
    return b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVEfmt " + struct.pack("<I", 16) + fmt + b"data"


def test_an_absurd_sample_rate_is_refused_not_stretched(tmp_path):
    """1.2 KB whose header says 1 Hz used to become ten minutes of audio (1.1 GB once resampled)."""
    payload = np.zeros(600, np.int16).tobytes()
    path = tmp_path / "one-hertz.wav"
    path.write_bytes(_wav_header(rate=1, data_bytes=len(payload)) + struct.pack("<I", len(payload)) + payload)
    with pytest.raises(AudioError, match=r"one-hertz\.wav: the header says 1 samples per second, outside 4000"):
        load_audio(path)


def test_unknown_data_size_is_not_reported_as_a_cut_file(tmp_path, speech):
    path = _write(tmp_path / "stream.wav", speech)
    raw = bytearray(path.read_bytes())
    at = raw.index(b"data") + 4
    raw[at : at + 4] = struct.pack("<I", 0xFFFFFFFF)  # what a streaming recorder writes
    path.write_bytes(bytes(raw))
    audio = load_audio(path)
    assert audio.duration_s == pytest.approx(len(speech) / 16_000, abs=0.01)
    assert not any("ends early" in n for n in audio.notes)


def test_a_clipped_file_gets_no_contradicting_loudness_notes(tmp_path, speech, whisper):
    loud = np.clip(speech * 8, -1, 1)
    audio = load_audio(_write(tmp_path / "clipped.wav", loud, subtype="FLOAT"))
    attempt = analyse(audio, get_scenario(DEMO_SCENARIO), whisper)
    text = " ".join(attempt.warnings)
    assert "clipped" in text
    assert not ("underestimated" in text and "overestimated" in text)


def test_a_file_that_cannot_be_opened_says_so(tmp_path, speech, monkeypatch):
    path = _write(tmp_path / "locked.wav", speech)
    if os.geteuid() != 0:  # root reads anything: there, stand in for the kernel's refusal
        path.chmod(0)
    else:
        real_open = Path.open

        def refuse(self: Path, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(AudioError, match=r"locked\.wav: cannot be opened \(Permission denied\) — check the file's"):
        load_audio(path)


def test_multichannel_high_rate_input_is_streamed_to_the_same_audio(tmp_path, speech):
    """96 kHz, 6 channels: read in blocks, mixed down and resampled as read, same result as the mono file."""
    import soxr

    up = soxr.resample(speech, 16_000, 96_000).astype(np.float32)
    six = np.repeat(up[:, None], 6, axis=1) * 0.5
    audio = load_audio(_write(tmp_path / "six.wav", six, rate=96_000, subtype="FLOAT"))
    reference = speech * 0.5
    n = min(len(reference), len(audio.samples))
    assert abs(len(audio.samples) - len(reference)) <= 2
    assert np.corrcoef(audio.samples[:n], reference[:n])[0, 1] > 0.99
    assert "6-channel recording mixed down to mono" in audio.notes


def test_evaluate_and_batch_agree_on_speech_without_words(tmp_path, monkeypatch, capsys):
    """Both front ends: exit 0 / a scored row, with the same 'delivery only' note (real Vosk, a mute toy model)."""
    from voice_deesc.batch import run_batch
    from voice_deesc.cli import main

    monkeypatch.setattr(vosk_toy, "WORD_PENALTY", 1e6)
    model = vosk_toy.write_toy_model(tmp_path / "mute-model")
    out = tmp_path / "attempt.json"
    engine = ["--engine", "vosk", "--vosk-model", str(model)]
    rc = main(["evaluate", str(SPEECH), "--scenario", DEMO_SCENARIO, *engine, "--no-speak", "--json", str(out)])
    stderr = capsys.readouterr().err
    assert rc == 0, stderr
    assert NO_WORDS_NOTE in stderr
    single = json.loads(out.read_text())
    assert single["delivery"] is not None and NO_WORDS_NOTE in single["warnings"]
    rows = list(run_batch([SPEECH], scenario_ref=DEMO_SCENARIO, engine="vosk", vosk_model=model, jobs=1))
    assert rows[-1]["summary"].failed == 0
    assert NO_WORDS_NOTE in rows[0]["attempt"]["warnings"]
