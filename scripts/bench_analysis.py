"""Time the analysis of a 20 s reply: each delivery measure, wording and scoring, warm and on first call.

Budget (design.md): delivery + wording + scoring under 0.3 s warm for a 20 s reply. Also compares librosa's
two pitch trackers (yin with our voicing decision, the one used; pyin with a narrowed range) for time and
agreement, on the reply and on the RAVDESS clips when ../shared is present.

Usage: python scripts/bench_analysis.py [REPLY.wav] [--repeat N]
The reply is transcribed once with the embedded Whisper engine (not timed in the budget; printed for reference).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DEMO = REPO / "src" / "voice_deesc" / "data" / "demo_reply.wav"
EMOTION = Path(os.environ.get("VOICE_DEESC_SHARED", REPO.parent / "shared")) / "data" / "emotion"


def best_of(fn, repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (all threads) over ``repeat`` runs; CPU time is the steadier figure
    when other processes share the cores."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reply", nargs="?", type=Path, default=DEMO)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from voice_deesc.audio import load_audio
    from voice_deesc.delivery import analyse as delivery
    from voice_deesc.delivery import frames, loudness, pauses, pitch, rate
    from voice_deesc.delivery import score as calm
    from voice_deesc.feedback.assess import assess
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.wording import analyse as wording

    import_s = time.perf_counter() - t0
    audio = load_audio(args.reply)
    scenario = get_scenario("lost-housing-voucher")

    t = time.perf_counter()
    from voice_deesc.asr.whisper import WhisperTranscriber

    transcript = WhisperTranscriber().transcribe(audio)
    asr_s = time.perf_counter() - t

    first_delivery_s, first_delivery_cpu = best_of(lambda: delivery.analyse_delivery(audio, transcript), 1)
    t = time.perf_counter()
    w = wording.analyse_wording(transcript, scenario, client_text=scenario.client_statement)
    first_wording_s = time.perf_counter() - t

    fr = frames.compute_frames(audio)
    track = pitch.track_pitch(audio.samples, fr)
    stages = {
        "frames (STFT, levels, speech mask)": lambda: frames.compute_frames(audio),
        "pitch (yin + voicing)": lambda: pitch.track_pitch(audio.samples, fr),
        "pitch summary": lambda: pitch.summarise_pitch(track, hop_s=frames.HOP_S),
        "pauses": lambda: pauses.summarise_pauses(fr, transcript.words),
        "loudness + effort": lambda: loudness.summarise_loudness(audio.samples, fr, voiced=track.voiced),
        "rate (syllable nuclei)": lambda: rate.summarise_rate(
            fr, track.voiced, words=transcript.words, span_s=(0.0, audio.duration_s), duration_s=audio.duration_s
        ),
        "delivery total": lambda: delivery.analyse_delivery(audio, transcript),
        "delivery with baseline": lambda: delivery.analyse_delivery(audio, transcript, baseline=audio),
        "wording": lambda: wording.analyse_wording(transcript, scenario, client_text=scenario.client_statement),
        "calm score + assessment": lambda: assess(w, calm.score_calm(d), scenario),
    }
    print(f"reply: {args.reply.name}, {audio.duration_s:.1f} s, {len(transcript.words)} words")
    print(
        f"first call: imports {import_s:.2f} s, delivery {first_delivery_s:.2f} s wall / "
        f"{first_delivery_cpu:.2f} s CPU "
        f"(delivery.warm_up() does this ahead), wording {first_wording_s:.2f} s"
    )
    d = delivery.analyse_delivery(audio, transcript)
    print(f"(Whisper tiny.en transcription, not in the budget: {asr_s:.2f} s incl. model load)")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    results = {name: best_of(fn, args.repeat) for name, fn in stages.items()}
    print(f"  {'stage (best of ' + str(args.repeat) + ')':36s} {'wall ms':>8} {'CPU ms':>8}")
    for name, (wall, cpu) in results.items():
        print(f"  {name:36s} {wall * 1000:8.1f} {cpu * 1000:8.1f}")
    parts = ("delivery total", "wording", "calm score + assessment")
    wall = sum(results[p][0] for p in parts)
    cpu = sum(results[p][1] for p in parts)
    print(
        f"warm total delivery + wording + scoring: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU (budget 300 ms)"
    )
    compare_trackers(audio, fr, track)
    return 0


def compare_trackers(audio, fr, track) -> None:
    """pyin (narrowed: 65-450 Hz, 64 ms frames, 20 ms hop) against yin + voicing: time and median agreement."""
    import librosa
    import numpy as np

    from voice_deesc.delivery import frames, pitch

    def pyin_median(a) -> tuple[float, float]:
        t = time.perf_counter()
        f0, voiced, _ = librosa.pyin(
            a.samples, fmin=pitch.PITCH_FMIN_HZ, fmax=pitch.PITCH_FMAX_HZ, sr=a.sample_rate,
            frame_length=1024, hop_length=320,
        )  # fmt: skip
        return float(np.nanmedian(f0[voiced])) if voiced.any() else float("nan"), time.perf_counter() - t

    pyin_median(audio)  # first call compiles
    med, secs = pyin_median(audio)
    yin_s = best_of(lambda: pitch.track_pitch(audio.samples, fr), 3)[0]
    yin_med = float(np.nanmedian(track.f0_hz))
    print(f"pitch trackers on the reply: yin+voicing {yin_s * 1000:.0f} ms (median {yin_med:.1f} Hz), "
          f"pyin {secs * 1000:.0f} ms (median {med:.1f} Hz)")  # fmt: skip
    if not (EMOTION / "labels.tsv").is_file():
        return
    from voice_deesc.audio import load_audio

    diffs = []
    for path in sorted(EMOTION.glob("*.wav")):
        a = load_audio(path)
        y = np.nanmedian(pitch.track_pitch(a.samples, frames.compute_frames(a)).f0_hz)
        p, _ = pyin_median(a)
        diffs.append(12 * np.log2(y / p))
    diffs = np.abs(np.array(diffs))
    diffs = diffs[np.isfinite(diffs)]
    print(f"RAVDESS ({len(diffs)} clips): |yin - pyin| median F0 difference: median {np.median(diffs):.2f} st, "
          f"max {diffs.max():.2f} st; within 1 st on {np.mean(diffs < 1) * 100:.0f} % of clips")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
