"""Benchmark the speech engines: word error rate, real-time factor, load time, streaming delay.

Usage (from the project root)::

    python scripts/bench_asr.py                      # Whisper, plus Vosk when a model is installed
    python scripts/bench_asr.py --vosk-model PATH    # a specific Vosk model folder
    python scripts/bench_asr.py --skip-wer           # only load time and streaming delay

WER uses ../shared/data/asr (49 real utterances) and voice_deesc.asr.wer.normalise_text. The
streaming delay feeds a 20 s reply (the bundled demo reply) in 100 ms blocks at real-time pace, as a
microphone would, and measures the time from the last block to the final transcript. Figures are
printed, not asserted: they depend on the machine and on what else it is running.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice_deesc.asr.wer import WerCount, count_errors  # noqa: E402

SHARED_ASR = (
    Path(os.environ["VOICE_DEESC_SHARED"]) / "data" / "asr"
    if os.environ.get("VOICE_DEESC_SHARED")
    else next((p / "shared/data/asr" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()), Path())
)
"""../shared/data/asr beside the checkout (or beside a worktree folder); $VOICE_DEESC_SHARED overrides."""
DEMO_REPLY = ROOT / "src/voice_deesc/data/demo_reply.wav"
DEMO_SCENARIO = "lost-housing-voucher"
BLOCK_S = 0.1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vosk-model", type=Path, default=None, help="Vosk model folder (default: discovery)")
    parser.add_argument("--data", type=Path, default=SHARED_ASR, help="folder with transcripts.tsv and WAVs")
    parser.add_argument("--skip-wer", action="store_true", help="skip the 49-clip WER runs")
    parser.add_argument("--engines", default="whisper,vosk", help="comma-separated engines to run")
    args = parser.parse_args()
    from voice_deesc.pipeline import recognition_prompt
    from voice_deesc.scenarios.load import get_scenario

    prompt = recognition_prompt(get_scenario(DEMO_SCENARIO))
    clips = [] if args.skip_wer else _load_clips(args.data)
    for engine in args.engines.split(","):
        print(f"== {engine}")
        started = time.perf_counter()
        transcriber = _load(engine.strip(), args.vosk_model)
        if transcriber is None:
            continue
        print(f"model load: {time.perf_counter() - started:.2f} s (import + checks + load; model {transcriber.model})")
        if transcriber.engine == "vosk" and "toy" in transcriber.model:
            print("NOTE: a toy model: WER below is meaningless, timing shows only the code path's overhead")
        if clips:
            _wer_and_rtf(transcriber, clips, None, "no prompt")
            if transcriber.engine == "whisper":
                _wer_and_rtf(transcriber, clips, prompt, "scenario prompt")
        _streaming_delay(transcriber, prompt)
    return 0


def _load_clips(folder: Path) -> list[tuple[str, str, object]]:
    from voice_deesc.audio import load_audio

    table = folder / "transcripts.tsv"
    if not table.is_file():
        print(f"(no {table}: WER skipped)")
        return []
    with open(table, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [(row["file"], row["transcript"], load_audio(folder / row["file"])) for row in rows]


def _load(engine: str, vosk_model: Path | None):
    from voice_deesc.errors import ModelError

    try:
        if engine == "whisper":
            from voice_deesc.asr.whisper import WhisperTranscriber

            return WhisperTranscriber()
        from voice_deesc.asr import find_vosk_model
        from voice_deesc.asr.vosk_engine import VoskTranscriber

        found = find_vosk_model(vosk_model)
        if found is None:
            from voice_deesc.asr import no_vosk_model_message

            print(f"skipped: {no_vosk_model_message()}")
            return None
        return VoskTranscriber(found)
    except ModelError as e:
        print(f"skipped: {e}")
        return None


def _subset(name: str) -> str:
    if name.startswith("LJ"):
        return "LJ Speech"
    if name.startswith("cmu_arctic"):
        return "CMU ARCTIC"
    return "Sphinx/LibriVox"


def _wer_and_rtf(transcriber, clips, prompt: str | None, label: str) -> None:
    per: dict[str, WerCount] = {}
    audio_s = decode_s = 0.0
    for name, reference, audio in clips:
        started = time.perf_counter()
        transcript = transcriber.transcribe(audio, prompt=prompt)
        decode_s += time.perf_counter() - started
        audio_s += audio.duration_s
        per[_subset(name)] = per.get(_subset(name), WerCount(0, 0)) + count_errors(reference, transcript.text)
    total = sum(per.values(), WerCount(0, 0))
    parts = ", ".join(f"{k} {v.wer:.1%}" for k, v in per.items())
    print(f"WER ({label}): {total.wer:.1%} overall over {total.reference_words} words ({parts})")
    print(f"real-time factor ({label}): {decode_s / audio_s:.3f} ({decode_s:.1f} s for {audio_s:.0f} s of audio)")


def _streaming_delay(transcriber, prompt: str | None) -> None:
    import soundfile as sf

    from voice_deesc.audio import from_array

    data, rate = sf.read(DEMO_REPLY, dtype="float32")
    duration_s = len(data) / rate
    started = time.perf_counter()
    transcriber.transcribe(from_array(data, rate), prompt=prompt)
    whole_s = time.perf_counter() - started
    stream = transcriber.stream(sample_rate_hz=rate, prompt=prompt)
    block = int(BLOCK_S * rate)
    t0 = time.perf_counter()
    for k, i in enumerate(range(0, len(data), block)):
        stream.feed(data[i : i + block])
        pause = t0 + (k + 1) * BLOCK_S - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    stopped = time.perf_counter()
    transcript = stream.finish()
    delay_s = time.perf_counter() - stopped
    calls = transcript.extras.get("decoder_calls")
    how = "Vosk decodes as it goes" if calls is None else f"{transcript.extras['segments']} segments, {calls} calls"
    print(
        f"streaming, {duration_s:.0f} s reply fed in real time: final transcript {delay_s:.2f} s after the end "
        f"of speech ({how}); decoding the whole file after the end instead: {whole_s:.2f} s"
    )
    print(f"  heard: {transcript.text}")


if __name__ == "__main__":
    raise SystemExit(main())
