"""Does the overall verdict rank replies the way an instructor would? Prints figures; asserts nothing.

For every graded reply (tests/data/graded/replies.tsv, and ../shared/data/text/graded_dev.tsv when present):
- Kendall tau-b (scipy.stats.kendalltau) between grade and overall score per scenario, and the average, for grades
  1-5 (the issue's target) and 0-5 (off-topic included), per split (train = used to choose the numbers, test = not);
- band failures against the targets: every off-topic (0) and harmful (1) reply "needs work"; every excellent (5)
  reply "proficient";
typed, and spoken: espeak-ng through the project's tts in one voice at a calm rate, the Rainbow Passage read in that
voice as the baseline, recognised by the real Whisper engine. Each excellent reply is also spoken rushed (faster
espeak rate) and strained (louder and higher: +8 dB gain and +4 semitones), and must score at least 10 below its
calm twin. Generated WAVs are cached under ~/.cache/voice-deesc/judgment (never in the repository).

    .venv/bin/python scripts/judgment_report.py              # typed and spoken (a few minutes on 2 cores)
    .venv/bin/python scripts/judgment_report.py --typed-only
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GRADED = ROOT / "tests" / "data" / "graded" / "replies.tsv"
SHARED_GRADED = Path(os.environ.get("VOICE_DEESC_SHARED", ROOT.parent / "shared")) / "data" / "text" / "graded_dev.tsv"
CACHE = Path.home() / ".cache" / "voice-deesc" / "judgment"
CALM_RATE_WPM = 150
RUSHED_RATE_WPM = 240
STRAINED_GAIN_DB = 8.0
STRAINED_PITCH_ST = 4.0
TWIN_GAP = 10
"""A rushed or strained excellent reply must score at least this far below its calm twin (issue target)."""
TAU_TARGET = 0.85


@dataclass(frozen=True)
class Graded:
    split: str
    scenario: str
    grade: int
    reply: str


def read_graded() -> list[Graded]:
    rows: list[Graded] = []
    if SHARED_GRADED.is_file():
        with SHARED_GRADED.open(newline="") as f:
            rows += [
                Graded("train", r["scenario"], int(r["grade"]), r["reply"]) for r in csv.DictReader(f, delimiter="\t")
            ]
    with GRADED.open(newline="") as f:
        rows += [
            Graded(r["split"], r["scenario"], int(r["grade"]), r["reply"]) for r in csv.DictReader(f, delimiter="\t")
        ]
    return rows


def spoken_wav(text: str, rate_wpm: int) -> Path:
    """The reply in the project's espeak-ng voice at ``rate_wpm``, synthesised once and cached."""
    from voice_deesc.tts import synthesize

    key = hashlib.sha256(f"{rate_wpm}|{text}".encode()).hexdigest()[:20]
    path = CACHE / f"{key}.wav"
    if not path.is_file():
        synthesize(text, path, rate_wpm=rate_wpm)
    return path


def strained(audio: Any) -> Any:
    """Louder and higher: the same reading with +8 dB gain (clipped at full scale) and pitch raised 4 semitones."""
    import librosa

    shifted = librosa.effects.pitch_shift(audio.samples, sr=audio.sample_rate, n_steps=STRAINED_PITCH_ST)
    louder = np.clip(shifted * 10 ** (STRAINED_GAIN_DB / 20), -1.0, 1.0).astype(np.float32)
    return replace(audio, samples=louder)


def taus(results: dict[str, list[tuple[int, int]]], lowest: int) -> dict[str, float]:
    from scipy.stats import kendalltau

    out = {}
    for scenario, pairs in results.items():
        kept = [(g, s) for g, s in pairs if g >= lowest]
        out[scenario] = float(kendalltau([g for g, _ in kept], [s for _, s in kept]).statistic)
    return out


def band_failures(rows: list[Graded], bands: list[str]) -> list[str]:
    fails = []
    for row, band in zip(rows, bands, strict=True):
        if row.grade in (0, 1) and band != "needs work":
            fails.append(f"{row.scenario} grade {row.grade} is {band}, not needs work: {row.reply[:60]}")
        if row.grade == 5 and band != "proficient":
            fails.append(f"{row.scenario} grade 5 is {band}, not proficient: {row.reply[:60]}")
    return fails


def print_judgment(title: str, rows: list[Graded], scores: list[int], bands: list[str]) -> None:
    for split in ("train", "test"):
        chosen = [i for i, r in enumerate(rows) if r.split == split]
        if not chosen:
            continue
        results: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i in chosen:
            results[rows[i].scenario].append((rows[i].grade, scores[i]))
        t15, t05 = taus(results, 1), taus(results, 0)
        print(f"\n{title}, {split} ({len(results)} scenarios, {len(chosen)} replies)")
        print(f"  {'scenario':32s} tau 1-5  tau 0-5  overall by grade 5..0")
        for scenario in results:
            by_grade = " ".join(str(s) for _, s in sorted(results[scenario], reverse=True))
            print(f"  {scenario:32s} {t15[scenario]:7.2f}  {t05[scenario]:7.2f}  {by_grade}")
        mean15 = sum(t15.values()) / len(t15)
        mean05 = sum(t05.values()) / len(t05)
        print(f"  {'average':32s} {mean15:7.2f}  {mean05:7.2f}   (target >= {TAU_TARGET} for 1-5)")
        fails = band_failures([rows[i] for i in chosen], [bands[i] for i in chosen])
        print(f"  band failures: {len(fails)}")
        for line in fails:
            print(f"    - {line}")


def typed(rows: list[Graded]) -> tuple[list[int], list[str]]:
    from voice_deesc.pipeline import analyse_text
    from voice_deesc.scenarios.load import get_scenario

    attempts = [analyse_text(r.reply, get_scenario(r.scenario)).assessment for r in rows]
    return [a.overall for a in attempts], [a.band for a in attempts]


def spoken(rows: list[Graded]) -> None:
    from voice_deesc.asr.whisper import WhisperTranscriber
    from voice_deesc.audio import load_audio
    from voice_deesc.commands.baseline_cmd import READING_PASSAGE
    from voice_deesc.delivery.baseline import Reading
    from voice_deesc.pipeline import analyse
    from voice_deesc.scenarios.load import get_scenario

    whisper = WhisperTranscriber()
    # With its words, as `baseline record` stores the reading: the rate is compared by syllables on both sides.
    baseline = Reading.of(load_audio(spoken_wav(READING_PASSAGE, CALM_RATE_WPM)), READING_PASSAGE)
    scores, bands, calm_scores = [], [], {}
    for r in rows:
        audio = load_audio(spoken_wav(r.reply, CALM_RATE_WPM))
        a = analyse(audio, get_scenario(r.scenario), whisper, baseline=baseline).assessment
        scores.append(a.overall)
        bands.append(a.band)
        calm_scores[r] = (a.overall, a.calm)
    print_judgment(
        f"Spoken (espeak-ng {CALM_RATE_WPM} wpm, baseline: the same voice's neutral reading)", rows, scores, bands
    )
    print("\nExcellent replies spoken rushed and strained (each must be >= 10 below its calm twin)")
    print(f"  {'scenario':32s} calm(overall/calm)  rushed {RUSHED_RATE_WPM} wpm  strained +8 dB +4 st")
    failures = 0
    for r in (r for r in rows if r.grade == 5):
        scenario = get_scenario(r.scenario)
        fast = analyse(load_audio(spoken_wav(r.reply, RUSHED_RATE_WPM)), scenario, whisper, baseline=baseline)
        tense_audio = strained(load_audio(spoken_wav(r.reply, CALM_RATE_WPM)))
        tense = analyse(tense_audio, scenario, whisper, baseline=baseline)
        twin, twin_calm = calm_scores[r]
        cells = []
        for attempt in (fast, tense):
            a = attempt.assessment
            ok = twin - a.overall >= TWIN_GAP
            failures += not ok
            cells.append(f"{a.overall:3d}/{a.calm} {a.band[:10]:10s}{'' if ok else ' FAIL'}")
        print(f"  {r.scenario:32s} {twin:3d}/{twin_calm}           {cells[0]:22s} {cells[1]}")
    print(f"  twins failing the {TWIN_GAP}-point gap: {failures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--typed-only", action="store_true", help="skip the spoken part (no speech synthesis or Whisper)"
    )
    args = parser.parse_args()
    rows = read_graded()
    if not SHARED_GRADED.is_file():
        print(f"note: {SHARED_GRADED} is absent; the six graded_dev scenarios of the training half are skipped")
    scores, bands = typed(rows)
    print_judgment("Typed", rows, scores, bands)
    if not args.typed_only:
        spoken(rows)


if __name__ == "__main__":
    main()
