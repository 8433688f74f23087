"""Print how well the calm score separates calm/neutral from angry speech on RAVDESS (../shared/data/emotion).

Every clip goes through the app's public functions (``analyse_delivery`` then ``score_calm``), once without
a baseline and once with the same actor's neutral clip as the baseline. Prints a per-clip table, ROC AUC
(calm+neutral vs angry normal+strong), the within-actor check (every calm/neutral clip above that actor's
strong anger), how well each delta from the neutral clip separates anger (behind BASELINE_WEIGHTS), the values
fitted to these clips (TYPICAL_EFFORT_DB, CALM_EFFORT_SPREAD_DB, the effort-per-level slopes) with their
leave-one-actor-out refits and the scores they give, issue 11's calibration targets with the clips that miss
them, (when espeak-ng is installed) the content noise of the baseline deltas behind BASELINE_NOISE and
SHORT_STRETCH_S, and the same noise in human read speech (../shared/data/asr).

Usage: python scripts/calibration_report.py [EMOTION_DIR]
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DEFAULT_DIR = Path(os.environ.get("VOICE_DEESC_SHARED", REPO.parent / "shared")) / "data" / "emotion"


def roc_auc(positive: list[float], negative: list[float]) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    pairs = [(p > n) + 0.5 * (p == n) for p in positive for n in negative]
    return float(np.mean(pairs)) if pairs else float("nan")


def load_clips(folder: Path) -> list[dict[str, str]]:
    with open(folder / "labels.tsv", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def score_clips(folder: Path) -> list[dict]:
    """Score every clip with and without its actor's neutral clip as baseline."""
    from voice_deesc.asr.base import Transcript
    from voice_deesc.audio import load_audio
    from voice_deesc.delivery.analyse import analyse_delivery
    from voice_deesc.delivery.score import score_calm

    rows = load_clips(folder)
    audio = {r["file"]: load_audio(folder / r["file"]) for r in rows}
    neutral = {r["actor"]: audio[r["file"]] for r in rows if r["emotion"] == "neutral"}
    empty = Transcript((), "", "none", "")
    out = []
    for r in rows:
        plain = analyse_delivery(audio[r["file"]], empty)
        based = analyse_delivery(audio[r["file"]], empty, baseline=neutral[r["actor"]])
        out.append(
            {**r, "delivery": plain, "based": based, "calm": score_calm(plain).score, "calm_b": score_calm(based).score}
        )
    return out


def is_angry(row: dict) -> bool:
    return row["emotion"] == "angry"


def separation(results: list[dict], key: str) -> tuple[float, bool]:
    """(ROC AUC of calm/neutral above angry, every calm/neutral above its actor's strong anger)."""
    calm = [r[key] for r in results if not is_angry(r)]
    angry = [r[key] for r in results if is_angry(r)]
    within = all(
        c[key] > s[key]
        for s in results
        if s["intensity"] == "strong"
        for c in results
        if c["actor"] == s["actor"] and not is_angry(c)
    )
    return roc_auc(calm, angry), within


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if not (folder / "labels.tsv").is_file():
        print(f"{folder}: no labels.tsv — give the RAVDESS emotion folder (../shared/data/emotion)")
        return 1
    from voice_deesc.delivery.calibration import CALM_EFFORT_SPREAD_DB, TYPICAL_EFFORT_DB

    results = score_clips(folder)
    print(
        f"{'actor':>5} {'emotion':8} {'int.':6} {'calm':>4} {'w/base':>6} {'effort':>7} {'F0 Hz':>6} "
        f"{'F0 sd':>5} {'level':>6} {'rise':>5} {'trend':>5}"
    )
    for r in sorted(results, key=lambda r: (r["actor"], r["emotion"], r["intensity"])):
        d = r["delivery"]
        print(
            f"{r['actor']:>5} {r['emotion']:8} {r['intensity']:6} {r['calm']:4d} {r['calm_b']:6d} "
            f"{d.effort.alpha_ratio_db:7.2f} {d.pitch.median_hz:6.1f} {d.pitch.sd_st:5.2f} "
            f"{d.loudness.median_dbfs:6.1f} {d.loudness.rise_db:5.1f} {d.loudness.trend_db:5.1f}"
        )
    for key, name in (("calm", "no baseline"), ("calm_b", "neutral clip as baseline")):
        auc, within = separation(results, key)
        print(f"{name:26s} ROC AUC calm/neutral vs angry = {auc:.3f}; within-actor calm > strong anger: {within}")
    angry_rows = [r for r in results if is_angry(r)]
    calm_rows = [r for r in results if not is_angry(r)]
    singles = []
    measures = {
        "vocal_effort_db": lambda d: d.effort.alpha_ratio_db,
        "pitch_median_hz": lambda d: d.pitch.median_hz,
        "pitch_sd_st": lambda d: d.pitch.sd_st,
        "loudness_dbfs": lambda d: d.loudness.median_dbfs,
        "loudness_trend_db": lambda d: d.loudness.trend_db,
    }
    for field, read in measures.items():
        auc = roc_auc([read(r["delivery"]) for r in angry_rows], [read(r["delivery"]) for r in calm_rows])
        singles.append(f"{field} {auc:.2f}")
    print("single measures, AUC of angry above calm (level is gain-dependent): " + ", ".join(singles))
    calm_only = [r for r in results if r["emotion"] != "neutral"]
    auc_b, _ = separation(calm_only, "calm_b")
    print(f"{'baseline, calm vs angry':26s} ROC AUC (neutral clips left out) = {auc_b:.3f}")
    _print_delta_aucs(calm_only)

    # Leave-one-actor-out: the two values fitted to these clips (typical calm effort, effort-per-level slope)
    # are refitted without the test actor, and the test actor is scored with the refitted bands.
    slopes = _slopes(results)
    actors = sorted({r["actor"] for r in results})
    anchors = [
        float(np.median([r["delivery"].effort.alpha_ratio_db for r in results if r["actor"] != a and not is_angry(r)]))
        for a in actors
    ]
    steps = [6.0 * float(np.median([s for b, s in slopes.items() if b != a])) for a in actors]
    spreads = [
        float(
            np.std(
                [r["delivery"].effort.alpha_ratio_db for r in results if r["actor"] != a and not is_angry(r)], ddof=1
            )
        )
        for a in actors
    ]
    calm_effort = [r["delivery"].effort.alpha_ratio_db for r in results if not is_angry(r)]
    print(
        f"TYPICAL_EFFORT_DB = {TYPICAL_EFFORT_DB}; leave-one-actor-out refits {min(anchors):.2f} .. "
        f"{max(anchors):.2f}; raised-voice step {min(steps):.2f} .. {max(steps):.2f} dB"
    )
    spread = float(np.std(calm_effort, ddof=1))
    print(
        f"CALM_EFFORT_SPREAD_DB = {CALM_EFFORT_SPREAD_DB} (SD of calm/neutral effort {spread:.2f}); "
        f"leave-one-actor-out refits {min(spreads):.2f} .. {max(spreads):.2f} dB"
    )
    fits = dict(zip(actors, zip(anchors, steps, spreads, strict=True), strict=True))
    loao = _loao_auc(results, fits)
    print(f"leave-one-actor-out ROC AUC (no baseline) = {loao:.3f}")
    _print_loao_baseline(results, slopes)
    print(
        f"alpha ratio per dB of level, per actor: {', '.join(f'{v:.2f}' for v in slopes.values())}; "
        f"median {np.median(list(slopes.values())):.2f} dB/dB"
    )
    _print_targets(results)
    _print_baseline_noise()
    _print_human_noise(folder.parent / "asr")
    return 0


def _print_delta_aucs(rows: list[dict]) -> None:
    """How well each delta from the actor's neutral clip separates anger from calm (behind BASELINE_WEIGHTS)."""
    from voice_deesc.delivery.calibration import vocal_effort_vs_baseline

    def deltas(r: dict) -> dict[str, float]:
        b = r["based"].baseline
        reading, _ = vocal_effort_vs_baseline(b.effort_db, b.loudness_db)
        return {"effort": b.effort_db, "loudness": b.loudness_db, "pitch": b.pitch_st, "effort reading": reading}

    angry = [deltas(r) for r in rows if is_angry(r)]
    calm = [deltas(r) for r in rows if not is_angry(r)]
    parts = [f"{k} {roc_auc([a[k] for a in angry], [c[k] for c in calm]):.2f}" for k in angry[0]]
    print("deltas from the neutral clip, AUC of angry above calm: " + ", ".join(parts))


def _print_targets(results: list[dict]) -> None:
    """Issue 11's calibration targets: with a baseline calm >= 70 and angry < 60; without, calm/neutral >= 70."""
    calm_b = [r for r in results if r["emotion"] == "calm"]
    angry = [r for r in results if is_angry(r)]
    quiet = [r for r in results if not is_angry(r)]
    checks = [
        ("with baseline, every calm clip calm >= 70", calm_b, lambda r: r["calm_b"] >= 70, "calm_b"),
        ("with baseline, every angry clip calm < 60", angry, lambda r: r["calm_b"] < 60, "calm_b"),
        ("no baseline, every calm/neutral clip >= 70", quiet, lambda r: r["calm"] >= 70, "calm"),
        # not a target: the no-baseline note says plainly that these can pass for calm
        (
            "no baseline, normal-intensity anger < 70",
            [r for r in angry if r["intensity"] == "normal"],
            lambda r: r["calm"] < 70,
            "calm",
        ),
    ]
    for name, rows, ok, key in checks:
        misses = [f"{r['actor']}/{r['emotion']}/{r['intensity']}={r[key]}" for r in rows if not ok(r)]
        print(
            f"target: {name}: {len(rows) - len(misses)}/{len(rows)}"
            + (f"; misses {', '.join(misses)}" if misses else "")
        )


def _print_baseline_noise() -> None:
    """Deltas from a baseline when nothing but the words changed: one espeak-ng voice, many replies."""
    import shutil
    import subprocess
    import tempfile

    from voice_deesc.asr.base import Transcript
    from voice_deesc.audio import load_audio
    from voice_deesc.commands.baseline_cmd import READING_PASSAGE
    from voice_deesc.delivery.analyse import analyse_delivery

    replies_tsv = DEFAULT_DIR.parent / "text" / "graded_dev.tsv"
    if shutil.which("espeak-ng") is None or not replies_tsv.is_file():
        print("baseline noise: skipped (needs espeak-ng and ../shared/data/text/graded_dev.tsv)")
        return
    with open(replies_tsv, newline="") as f:
        texts = [row["reply"] for row in csv.DictReader(f, delimiter="\t")]
    texts += ["I'm here.", "I hear you.", "Okay.", "I'm listening.", "Tell me more.", "That's hard."]
    empty = Transcript((), "", "none", "")
    groups: dict[str, dict[str, list[float]]] = {"replies": {}, "under 1 s": {}}
    with tempfile.TemporaryDirectory() as tmp:

        def say(text: str, name: str):  # a script helper: returns the loaded Audio
            path = Path(tmp) / f"{name}.wav"
            subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), text], check=True)
            return load_audio(path)

        base = say(READING_PASSAGE, "baseline")
        for i, text in enumerate(texts):
            d = analyse_delivery(say(text, str(i)), empty, baseline=base)
            group = groups["under 1 s" if d.speech_time_s < 1.0 else "replies"]
            assert d.baseline is not None
            for key, value in (
                ("effort", d.baseline.effort_db),
                ("loudness", d.baseline.loudness_db),
                ("pitch", d.baseline.pitch_st),
            ):
                if value is not None:
                    group.setdefault(key, []).append(abs(value))
    for name, group in groups.items():
        parts = [f"{k} p90 {np.percentile(v, 90):.2f} max {max(v):.2f} (n={len(v)})" for k, v in group.items() if v]
        print(f"baseline noise, one espeak-ng voice, {name}: " + "; ".join(parts))


def _print_human_noise(asr_dir: Path) -> None:
    """Calm read speech against a baseline of other sentences by the same reader: what the words alone cost.

    RAVDESS says one sentence in every emotion, so its deltas carry no content noise; a trainee's reply never says
    the baseline's words. Each ../shared/data/asr clip is judged against five other clips of its reader joined
    (~30 s, like the reading passage); every one of them is calm, so a score below 70 is a false alarm.
    """
    from dataclasses import replace

    from voice_deesc.asr.base import Transcript
    from voice_deesc.audio import Audio, load_audio
    from voice_deesc.delivery.analyse import analyse_delivery
    from voice_deesc.delivery.baseline import compare_voices, profile_voice
    from voice_deesc.delivery.score import score_calm

    if not asr_dir.is_dir():
        print("human content noise: skipped (needs ../shared/data/asr)")
        return
    readers: dict[str, list[Path]] = {}
    for path in sorted(asr_dir.glob("*.wav")):
        readers.setdefault(path.name.split("-")[0].rsplit("_", 1)[0], []).append(path)
    scores, plain, effort, level = [], [], [], []
    for paths in (p for p in readers.values() if len(p) >= 3):
        audio = [load_audio(p) for p in paths]
        for i, clip in enumerate(audio):
            others = [a for j, a in enumerate(audio) if j != i][:5]
            gap = np.zeros(int(0.3 * others[0].sample_rate), np.float32)
            joined = np.concatenate([x for a in others for x in (a.samples, gap)]).astype(np.float32)
            d = analyse_delivery(clip, Transcript((), "", "none", ""))
            deltas = compare_voices(d.profile, profile_voice(Audio(joined, others[0].sample_rate)))
            scores.append(score_calm(replace(d, baseline=deltas)).score)
            plain.append(score_calm(d).score)
            effort.append(abs(deltas.effort_db or 0.0))
            level.append(abs(deltas.loudness_db or 0.0))
    false_alarms = sum(s < 70 for s in scores)
    print(
        f"human content noise, {len(scores)} calm clips vs 5 other clips of the reader: calm < 70 in {false_alarms}, "
        f"median {np.median(scores):.0f}; |effort delta| p90 {np.percentile(effort, 90):.2f}, "
        f"|loudness delta| p90 {np.percentile(level, 90):.2f} dB; without a baseline calm < 70 in "
        f"{sum(s < 70 for s in plain)}"
    )


def _slopes(results: list[dict]) -> dict[str, float]:
    """Per actor: alpha ratio change per dB of level across that actor's four clips."""
    out = {}
    for actor in sorted({r["actor"] for r in results}):
        mine = [r for r in results if r["actor"] == actor]
        level = np.array([r["delivery"].loudness.median_dbfs for r in mine])
        effort = np.array([r["delivery"].effort.alpha_ratio_db for r in mine])
        out[actor] = float(np.polyfit(level, effort, 1)[0])
    return out


def _print_loao_baseline(results: list[dict], slopes: dict[str, float]) -> None:
    """With a baseline, the two slopes behind the effort readings refitted without the test actor, who is then scored.

    ``EFFORT_DB_PER_LEVEL_DB`` (the median slope: the level reading and the band's raised step) and
    ``PRESSED_EFFORT_DB_PER_LEVEL_DB`` (the flattest slope: the pressed reading) are the only values the baseline
    judgment takes from these clips.
    """
    from dataclasses import replace

    from voice_deesc.delivery import calibration as cal
    from voice_deesc.delivery.score import BANDS, score_calm

    band = BANDS["effort_vs_baseline"]
    saved = (cal.EFFORT_DB_PER_LEVEL_DB, cal.PRESSED_EFFORT_DB_PER_LEVEL_DB)
    scored = []
    try:
        for actor in sorted(slopes):
            others = [s for a, s in slopes.items() if a != actor]
            median = float(np.median(others))
            cal.EFFORT_DB_PER_LEVEL_DB, cal.PRESSED_EFFORT_DB_PER_LEVEL_DB = median, min(others)
            # the band's edges are the loudness band's (1, 3, 6 dB) in alpha-ratio dB
            BANDS["effort_vs_baseline"] = replace(band, calm_edge=median, watch_at=3 * median, flag_at=6 * median)
            scored += [{**r, "loao": score_calm(r["based"]).score} for r in results if r["actor"] == actor]
    finally:
        cal.EFFORT_DB_PER_LEVEL_DB, cal.PRESSED_EFFORT_DB_PER_LEVEL_DB = saved
        BANDS["effort_vs_baseline"] = band
    auc, _ = separation(scored, "loao")
    misses = [
        f"{r['actor']}/{r['emotion']}/{r['intensity']}={r['loao']}"
        for r in scored
        if (r["emotion"] == "calm" and r["loao"] < 70) or (is_angry(r) and r["loao"] >= 60)
    ]
    print(
        f"leave-one-actor-out with baseline (slopes refitted): ROC AUC = {auc:.3f}; calm >= 70 and angry < 60 "
        f"missed by {', '.join(misses) if misses else 'none'}"
    )


def _loao_auc(results: list[dict], fits: dict[str, tuple[float, float, float]]) -> float:
    """ROC AUC without a baseline when each actor is scored with the effort band refitted without them."""
    from dataclasses import replace

    from voice_deesc.delivery import score as calm_mod
    from voice_deesc.delivery.calibration import SHOUT_STEPS, TYPICAL_EFFORT_DB

    scored = []
    original = calm_mod.BANDS["effort"]
    try:
        for actor, (anchor, step, spread) in fits.items():
            edge = anchor - TYPICAL_EFFORT_DB  # the verdict is judged above TYPICAL_EFFORT_DB: shift onto that scale
            calm_mod.BANDS["effort"] = replace(
                original, calm_edge=edge, watch_at=edge + spread, flag_at=edge + spread + SHOUT_STEPS * step
            )
            scored += [{**r, "loao": calm_mod.score_calm(r["delivery"]).score} for r in results if r["actor"] == actor]
    finally:
        calm_mod.BANDS["effort"] = original
    return separation(scored, "loao")[0]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
