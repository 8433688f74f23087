"""The real Vosk code path, through a synthetic Kaldi model written by tests/vosk_toy.py.

The toy model only tells speech from silence (its two "words" say nothing about English), so these
tests check loading, streaming, timings, resampling and errors, never recognition accuracy.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.asr import Transcriber, Transcript, load_transcriber
from voice_deesc.asr.catalog import find_vosk_model, scan_models
from voice_deesc.asr.vosk_engine import VoskTranscriber, check_model_dir
from voice_deesc.audio import SAMPLE_RATE_HZ, from_array, load_audio
from voice_deesc.errors import ModelError
from vosk_toy import write_toy_model

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEECH = FIXTURES / "speech_goforward.wav"
PAD_S = 0.8


@pytest.fixture(scope="session")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_toy_model(tmp_path_factory.mktemp("vosk") / "toy-yes-no")


@pytest.fixture(scope="session")
def vosk(toy_model: Path) -> VoskTranscriber:
    return VoskTranscriber(toy_model)


@pytest.fixture(scope="session")
def padded_speech() -> tuple[np.ndarray, int]:
    """Real speech with PAD_S of digital silence before and after, at the file's own rate."""
    data, rate = sf.read(SPEECH, dtype="float32")
    pad = np.zeros(int(PAD_S * rate), np.float32)
    return np.concatenate([pad, data, pad]), rate


def test_loads_real_vosk_and_records_model_name(vosk: VoskTranscriber, toy_model: Path) -> None:
    assert vosk.engine == "vosk"
    assert vosk.model == toy_model.name
    assert isinstance(vosk, Transcriber)


def test_model_is_loaded_once_and_reused(toy_model: Path, vosk: VoskTranscriber) -> None:
    again = VoskTranscriber(toy_model)
    assert again._model is vosk._model


def test_final_words_lie_inside_the_speech(vosk: VoskTranscriber, padded_speech) -> None:
    samples, rate = padded_speech
    audio = from_array(samples, rate)
    transcript = vosk.transcribe(audio)
    assert transcript.words, "speech produced no words at all"
    speech_end_s = audio.duration_s - PAD_S
    for word in transcript.words:
        assert 0.0 <= word.start_s <= word.end_s <= audio.duration_s
        assert 0.0 <= word.confidence <= 1.0
    # the first word cannot start in the leading silence, the last cannot end in the trailing one
    assert transcript.words[0].start_s >= PAD_S - 0.1
    assert transcript.words[-1].end_s <= speech_end_s + 0.1
    starts = [w.start_s for w in transcript.words]
    assert starts == sorted(starts)
    assert transcript.text == " ".join(w.text for w in transcript.words)


def test_streaming_gives_partials_before_finish(vosk: VoskTranscriber, padded_speech) -> None:
    samples, rate = padded_speech
    stream = vosk.stream(sample_rate_hz=rate)
    block = rate // 10
    partials = [stream.feed(samples[i : i + block]) for i in range(0, len(samples), block)]
    final = stream.finish()
    heard_during = [p for p in partials if p]
    assert heard_during, "no partial text while audio was being fed"
    assert partials[0] == ""  # nothing heard in the leading silence
    assert final.words and final.extras["streamed"] is True
    with pytest.raises(RuntimeError, match="finished"):
        stream.feed(samples[:block])


def test_stream_equals_whole_file(vosk: VoskTranscriber, padded_speech) -> None:
    samples, rate = padded_speech
    stream = vosk.stream(sample_rate_hz=rate)
    for i in range(0, len(samples), 1234):
        stream.feed(samples[i : i + 1234])
    streamed = stream.finish()
    whole = vosk.transcribe(from_array(samples, rate))
    assert [w.text for w in streamed.words] == [w.text for w in whole.words]
    for a, b in zip(streamed.words, whole.words, strict=True):
        assert abs(a.start_s - b.start_s) <= 0.05


def test_silence_gives_empty_transcript(vosk: VoskTranscriber) -> None:
    silence = from_array(np.zeros(2 * SAMPLE_RATE_HZ, np.float32), SAMPLE_RATE_HZ)
    transcript = vosk.transcribe(silence)
    assert transcript == Transcript((), "", "vosk", vosk.model, {"streamed": True})


@pytest.mark.parametrize(("rate", "channels"), [(8_000, 1), (44_100, 2), (8_000, 2)])
def test_other_rates_and_stereo_are_resampled(
    vosk: VoskTranscriber, padded_speech, tmp_path: Path, rate: int, channels: int
) -> None:
    """8 kHz fails inside Vosk itself (design.md): the engine must resample first, file or stream."""
    samples, source_rate = padded_speech
    audio16 = from_array(samples, source_rate)
    reference = vosk.transcribe(audio16)
    import soxr

    converted = soxr.resample(audio16.samples, SAMPLE_RATE_HZ, rate).astype(np.float32)
    frames = np.stack([converted] * channels, axis=1) if channels > 1 else converted
    path = tmp_path / f"reply_{rate}_{channels}.wav"
    sf.write(path, frames, rate, subtype="PCM_16")
    from_file = vosk.transcribe(load_audio(path))
    stream = vosk.stream(sample_rate_hz=rate)
    for i in range(0, len(frames), rate // 4):
        stream.feed(frames[i : i + rate // 4])
    streamed = stream.finish()
    for transcript in (from_file, streamed):
        assert transcript.words, f"no words from {rate} Hz x{channels}"
        assert abs(transcript.words[0].start_s - reference.words[0].start_s) <= 0.15
        assert abs(transcript.words[-1].end_s - reference.words[-1].end_s) <= 0.15
        assert transcript.words[-1].end_s <= audio16.duration_s


def test_int16_chunks_are_accepted(vosk: VoskTranscriber, padded_speech) -> None:
    samples, rate = padded_speech
    pcm = (samples * 32767).astype(np.int16)
    stream = vosk.stream(sample_rate_hz=rate)
    stream.feed(pcm)
    assert stream.finish().words


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda m: (m / "am/final.mdl").unlink(), "missing or empty: am/final.mdl"),
        (lambda m: (m / "conf/model.conf").write_text(""), "conf/model.conf"),
        (lambda m: (m / "graph/HCLG.fst").unlink(), "graph/HCLG.fst"),
    ],
)
def test_incomplete_model_folder_is_refused_before_vosk(tmp_path: Path, damage, message: str) -> None:
    model = write_toy_model(tmp_path / "broken")
    damage(model)
    with pytest.raises(ModelError, match=message) as info:
        VoskTranscriber(model)
    assert "voice-deesc models install vosk-small-en-us" in str(info.value)


def test_corrupt_model_file_gives_clear_error(tmp_path: Path) -> None:
    model = write_toy_model(tmp_path / "garbled")
    (model / "am/final.mdl").write_text("<TransitionModel> this is not a model")
    with pytest.raises(ModelError, match="Vosk could not load this model"):
        VoskTranscriber(model)


def test_missing_folder_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such Vosk model folder"):
        check_model_dir(tmp_path / "nothing-here")


def test_discovery_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--vosk-model, then $VOSK_MODEL_PATH, then the newest valid folder in models/."""
    root = tmp_path / "models"
    older = write_toy_model(root / "older")
    newer = write_toy_model(root / "newer")
    broken = write_toy_model(root / "newest-but-broken")
    (broken / "graph/HCLG.fst").unlink()
    import os

    os.utime(older, (1_000_000, 1_000_000))
    os.utime(newer, (2_000_000, 2_000_000))
    os.utime(broken, (3_000_000, 3_000_000))
    monkeypatch.setenv("VOICE_DEESC_MODELS", str(root))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    assert find_vosk_model() == newer
    assert [f.valid for f in scan_models()] == [False, True, True]
    monkeypatch.setenv("VOSK_MODEL_PATH", str(older))
    assert find_vosk_model() == older
    assert find_vosk_model(newer) == newer
    monkeypatch.setenv("VOSK_MODEL_PATH", str(broken))
    with pytest.raises(ModelError, match="VOSK_MODEL_PATH"):
        find_vosk_model()


def test_auto_prefers_vosk_and_vosk_without_model_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toy_model: Path
) -> None:
    empty = tmp_path / "models"
    empty.mkdir()
    monkeypatch.setenv("VOICE_DEESC_MODELS", str(empty))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    with pytest.raises(ModelError, match=r"no Vosk model in .*models install vosk-small-en-us"):
        load_transcriber("vosk")
    assert load_transcriber("auto", vosk_model=toy_model).engine == "vosk"
    monkeypatch.setenv("VOSK_MODEL_PATH", str(toy_model))
    assert load_transcriber("auto").engine == "vosk"


def test_attempt_records_engine_and_model(run_cli, toy_model: Path, tmp_path: Path, monkeypatch) -> None:
    import json

    monkeypatch.setenv("VOICE_DEESC_MODELS", str(tmp_path / "no-models"))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    args = ("evaluate", str(SPEECH), "--scenario", "lost-housing-voucher", "--json", "-", "--no-speak")
    result = run_cli(*args, "--engine", "vosk", "--vosk-model", str(toy_model))
    assert result.returncode == 0, result.stderr
    transcript = json.loads(result.stdout)["transcript"]
    assert (transcript["engine"], transcript["model"]) == ("vosk", toy_model.name)
    assert transcript["words"] and set(transcript["words"][0]) == {"text", "start_s", "end_s", "confidence"}
    missing = run_cli(*args, "--engine", "vosk")
    assert missing.returncode == 1
    assert "no Vosk model in" in missing.stderr and "models install vosk-small-en-us" in missing.stderr
    assert "Traceback" not in missing.stderr
