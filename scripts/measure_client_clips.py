"""Figures behind `scenarios record`: how well a client clip's words match its line, and how raised it sounds.

Prints (1) per real recording in ../shared/data/asr, prepared as a client clip: word error rate against its own
transcript and, as a wrong line, against the next recording's transcript — the gap between the two is where
``clip_check.MISMATCH_WER`` must sit; (2) per built-in pack, the statement spoken by espeak-ng and prepared as a
clip: WER, trimmed length, gain, peak, and the vocal effort the mirroring check will see.

    PYTHONPATH=src python scripts/measure_client_clips.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("VOICE_DEESC_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--shared", type=Path, default=Path(default_shared))
    args = parser.parse_args()

    from voice_deesc.asr import load_transcriber
    from voice_deesc.scenarios.client_clip import load_clip_source, prepare_clip
    from voice_deesc.scenarios.clip_check import MISMATCH_WER, check_line, measure_agitation
    from voice_deesc.scenarios.load import builtin_dir, list_scenarios
    from voice_deesc.tts import synthesize

    transcriber = load_transcriber("whisper")
    asr = args.shared / "data" / "asr"
    if (asr / "transcripts.tsv").is_file():
        with (asr / "transcripts.tsv").open(encoding="utf-8") as handle:
            rows = [(asr / r["file"], r["transcript"]) for r in csv.DictReader(handle, delimiter="\t")]
        own, wrong = [], []
        for i, (path, text) in enumerate(rows):
            clip = prepare_clip(load_clip_source(path), source=str(path))
            own.append(check_line(clip.audio, text, transcriber).word_error_rate)
            wrong.append(check_line(clip.audio, rows[(i + 1) % len(rows)][1], transcriber).word_error_rate)
        print(f"real recordings ({len(rows)}), WER against the clip's own line vs another line:")
        print(f"  own line:   median {statistics.median(own):.2f}, max {max(own):.2f}")
        print(f"  wrong line: median {statistics.median(wrong):.2f}, min {min(wrong):.2f}")
        print(
            f"  threshold {MISMATCH_WER}: {sum(w > MISMATCH_WER for w in own)} own lines flagged, "
            f"{sum(w <= MISMATCH_WER for w in wrong)} wrong lines passed"
        )
    else:
        print(f"{asr}: absent, real-recording figures skipped")

    print("\nbuilt-in statements spoken by espeak-ng, prepared as clips:")
    print(f"{'scenario':<30} lvl   WER   len_s  gain_dB  peak_dBFS  effort_dB  intensity")
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in list_scenarios(builtin_dir()):
            wav = synthesize(scenario.client_statement, Path(tmp) / f"{scenario.id}.wav")
            clip = prepare_clip(load_clip_source(wav), source=str(wav))
            heard = check_line(clip.audio, scenario.client_statement, transcriber)
            agitation = measure_agitation(clip.audio, scenario.difficulty)
            effort = "-" if agitation.effort_above_calm_db is None else f"{agitation.effort_above_calm_db:+.1f}"
            print(
                f"{scenario.id:<30} {scenario.difficulty:>3}  {heard.word_error_rate:4.2f}"
                f"  {clip.audio.duration_s:5.1f}  {clip.gain_db:7.1f}  {clip.peak_dbfs:9.1f}  {effort:>9}"
                f"  {agitation.intensity}"
            )


if __name__ == "__main__":
    main()
