"""The calm score: per-measure verdicts against domain.md's delivery targets, combined into 0-100.

Formula (documented in one place, thresholds in ``BANDS``)::

    strain_m = 0                                   when the value is on the calm side of ``calm_edge``
             = (value - calm_edge) / (flag_at - calm_edge), clipped to [0, 1], in between and beyond
    score    = round(100 - sum_m weight_m * strain_m), clipped to [0, 100]

Verdicts: ``ok`` below ``watch_at``, ``watch`` from ``watch_at``, ``flag`` from ``flag_at``. A measure that
cannot be taken (too little speech, no pitch) gets no verdict and no penalty. Without a baseline the weight
rests on gain-independent measures (domain.md: microphone gain is unknown by +-10 dB): vocal effort (spectral
balance), pitch level, loudness changes *within* the reply. With the trainee's neutral baseline, the deltas
from it replace effort and pitch level (domain.md: "the strongest measure is the change from the trainee's
own neutral baseline").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from enum import Enum
from typing import Any

from voice_deesc.delivery.analyse import Delivery


class Verdict(str, Enum):
    OK = "ok"
    WATCH = "watch"
    FLAG = "flag"


@dataclass(frozen=True)
class Band:
    """Where a measure stops being calm (``calm_edge``), deserves a look (``watch_at``) and is flagged."""

    calm_edge: float
    watch_at: float
    flag_at: float
    unit: str
    source: str


TYPICAL_EFFORT_DB = -12.0
"""Alpha ratio of calm or neutral speech: the median of RAVDESS calm/neutral clips (each leave-one-actor-out
fold gives -11.6 to -12.7 dB, see scripts/calibration_report.py). Calm read speech from other corpora agrees
(LJ Speech -13.5, CMU ARCTIC -12.7, LibriVox -12.9) except one bright recording set (CMU "cards", -5.5): without a
baseline, the microphone colours this measure."""
EFFORT_DB_PER_LEVEL_DB = 0.35
"""Alpha ratio rises ~0.35 dB per dB of vocal level (median of per-actor slopes across RAVDESS neutral to
strong anger, 0.23-0.55; scripts/calibration_report.py prints them), so domain.md's +6 dB "raised voice"
step is ~+2 dB of alpha ratio."""
RAISED_STEP_EFFORT_DB = 6.0 * EFFORT_DB_PER_LEVEL_DB
TYPICAL_MAX_F0_HZ = 255.0
"""Top of the typical adult speaking F0 range (male ~85-180 Hz, female ~165-255 Hz; Titze 1994)."""

BANDS: dict[str, Band] = {
    "effort": Band(
        TYPICAL_EFFORT_DB,
        TYPICAL_EFFORT_DB + RAISED_STEP_EFFORT_DB,
        TYPICAL_EFFORT_DB + 2 * RAISED_STEP_EFFORT_DB,
        "dB",
        "domain.md: raised voice = more energy above ~1 kHz; +6 dB per raised step ~ +2 dB alpha ratio",
    ),
    "pitch_level": Band(
        TYPICAL_MAX_F0_HZ,
        TYPICAL_MAX_F0_HZ,
        TYPICAL_MAX_F0_HZ * 2 ** (3 / 12),
        "Hz",
        "domain.md: +3 semitones (~+20 % F0) is heard as tense; measured above the typical adult range",
    ),
    "rate": Band(140.0, 150.0, 160.0, "words/min", "domain.md: calm 110-140 words/min, > 160 rushing"),
    "steadiness": Band(4.0, 6.0, 10.0, "dB", "domain.md: +6 dB is one raised-voice step; sudden bursts"),
    "pitch_variety": Band(-2.0, -2.0, -1.0, "st", "domain.md: F0 SD < 2 semitones is monotone"),
    "pitch_end_rise": Band(1.0, 3.0, 5.0, "st", "domain.md: > +3 semitones is perceived as tense"),
    "effort_vs_baseline": Band(
        0.0,
        RAISED_STEP_EFFORT_DB / 2,
        RAISED_STEP_EFFORT_DB,
        "dB",
        "domain.md: loudness within +-3 dB of baseline, > +6 dB raised; ~0.35 dB alpha ratio per dB",
    ),
    "loudness_vs_baseline": Band(1.0, 3.0, 6.0, "dB", "domain.md: within +-3 dB of baseline, > +6 dB raised"),
    "pitch_vs_baseline": Band(0.0, 1.0, 3.0, "st", "domain.md: median F0 <= +1 st of baseline, > +3 st tense"),
    "rate_vs_baseline": Band(0.0, 5.0, 10.0, "%", "domain.md: 0-20 % slower than baseline, > 10 % faster"),
}
"""Every threshold of the calm score, with where it comes from."""

WEIGHTS = {"effort": 50, "pitch_level": 20, "rate": 10, "pauses": 5, "steadiness": 10, "pitch_variety": 5}
"""Without a baseline. Effort carries most weight: it survives unknown gain and separates calm from angry
speech best on RAVDESS (ROC AUC 0.97 alone)."""
BASELINE_WEIGHTS = {
    "effort_vs_baseline": 40,
    "loudness_vs_baseline": 15,
    "pitch_vs_baseline": 15,
    "rate_vs_baseline": 10,
    "pauses": 5,
    "steadiness": 10,
    "pitch_variety": 5,
}
"""With a baseline: deltas from the trainee's own neutral voice replace the absolute effort and pitch level."""
EXTRA_WEIGHTS = {"pitch_end_rise": 5, "mirroring": 5}

HALTING_WPM = 90.0
"""domain.md: < 90 words/min is halting."""
MIN_RATE_SPAN_S = 3.0
"""A pace needs a few seconds of speaking: one short phrase has no speaking rate worth judging."""
LONG_PAUSE_S = 3.5
"""domain.md: a pause over 3-4 s mid-reply is flagged."""
MAX_RUN_S = 15.0
"""domain.md: no pause at all in > 15 s."""
SLOW_START_S = 5.0
"""domain.md: > 5 s of silence before replying."""
CLIPPED_FRACTION_FLAG = 0.001
PARTIAL_STRAIN = 0.5
"""Strain for a watch-level event without a graded value (a long pause, a rushed stretch)."""


@dataclass(frozen=True)
class MeasureVerdict:
    measure: str
    verdict: str
    value: float | None
    message: str
    at_s: float | None = None
    strain: float = 0.0
    """0 (calm) to 1 (as far from calm as the flag threshold); the score subtracts ``weight * strain``."""
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CalmScore:
    score: int
    verdicts: tuple[MeasureVerdict, ...]
    used_baseline: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "used_baseline": self.used_baseline,
            "verdicts": [v.to_dict() for v in self.verdicts],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CalmScore:
        names = {f.name for f in fields(MeasureVerdict)}
        verdicts = tuple(MeasureVerdict(**{k: v for k, v in d.items() if k in names}) for d in data.get("verdicts", []))
        return cls(int(data["score"]), verdicts, bool(data.get("used_baseline", False)))


def score_calm(delivery: Delivery) -> CalmScore:
    """Judge each delivery measure against ``BANDS`` and combine the strains into a 0-100 calm score.

    Parameters
    ----------
    delivery : Delivery
        From :func:`voice_deesc.delivery.analyse.analyse_delivery`; a baseline in it switches to deltas.

    Returns
    -------
    CalmScore
        ``score`` in 0-100 (100 = every measure calm) and one verdict per measure that could be taken.
    """
    if delivery.speech_time_s <= 0.0:
        return CalmScore(0, (MeasureVerdict("speech", Verdict.WATCH.value, 0.0, "no speech was heard to assess"),))
    base = delivery.baseline
    used_baseline = base is not None and base.effort_db is not None
    weights = BASELINE_WEIGHTS if used_baseline else WEIGHTS
    verdicts: list[MeasureVerdict | None] = []
    if used_baseline and base is not None:
        verdicts += [
            _graded("effort_vs_baseline", base.effort_db, _effort_delta_msg, delivery.vocal_effort_peak_at_s),
            _graded("loudness_vs_baseline", base.loudness_db, _loudness_delta_msg, delivery.loudness_peak_at_s),
            _graded("pitch_vs_baseline", base.pitch_st, _pitch_delta_msg, None),
            _graded("rate_vs_baseline", base.rate_pct if _rate_judgeable(delivery) else None, _rate_delta_msg, None),
        ]
    else:
        verdicts += [
            _graded("effort", delivery.vocal_effort_db, _effort_msg, delivery.vocal_effort_peak_at_s),
            _graded("pitch_level", delivery.pitch_median_hz, _pitch_level_msg, None),
            _rate(delivery),
        ]
    verdicts += [_pauses(delivery), _steadiness(delivery), _variety(delivery), _end_rise(delivery), _mirror(delivery)]
    weighted = [
        _weighted(v, weights.get(v.measure, EXTRA_WEIGHTS.get(v.measure, 0))) for v in verdicts if v is not None
    ]
    score = 100.0 - sum(v.weight * v.strain for v in weighted)
    return CalmScore(round(min(100.0, max(0.0, score))), tuple(weighted), used_baseline)


def strain(measure: str, value: float) -> float:
    """0-1 distance of ``value`` past the calm edge of ``BANDS[measure]`` toward its flag threshold."""
    band = BANDS[measure]
    span = band.flag_at - band.calm_edge
    return min(1.0, max(0.0, (value - band.calm_edge) / span)) if span > 0 else float(value >= band.flag_at)


def verdict_for(measure: str, value: float) -> Verdict:
    band = BANDS[measure]
    if value >= band.flag_at:
        return Verdict.FLAG
    return Verdict.WATCH if value >= band.watch_at else Verdict.OK


def _weighted(v: MeasureVerdict, weight: float) -> MeasureVerdict:
    return MeasureVerdict(v.measure, v.verdict, v.value, v.message, v.at_s, round(v.strain, 3), weight)


def _graded(measure: str, value: float | None, message: Any, at_s: float | None) -> MeasureVerdict | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    verdict = verdict_for(measure, value)
    return MeasureVerdict(
        measure,
        verdict.value,
        round(float(value), 2),
        message(value, verdict, at_s),
        at_s if verdict != Verdict.OK else None,
        strain(measure, value),
    )


def _rate_judgeable(d: Delivery) -> bool:
    return d.speaking_time_s >= MIN_RATE_SPAN_S


def _rate(d: Delivery) -> MeasureVerdict | None:
    wpm = d.words_per_minute
    if wpm is None or not _rate_judgeable(d):
        return None
    how = "" if d.words_from_transcript else " (estimated from syllables)"
    if wpm < HALTING_WPM:
        return MeasureVerdict(
            "rate",
            Verdict.WATCH.value,
            wpm,
            f"{wpm:.0f} words a minute{how} is slower than conversation; natural slowing is enough",
            None,
            PARTIAL_STRAIN,
        )
    verdict = verdict_for("rate", wpm)
    value_strain = strain("rate", wpm)
    if verdict == Verdict.OK and d.rushed:
        r = d.rushed[0]
        return MeasureVerdict(
            "rate",
            Verdict.WATCH.value,
            wpm,
            f"an unhurried {wpm:.0f} words a minute overall, but you sped up at {_clock(r.start_s)}",
            r.start_s,
            max(value_strain, PARTIAL_STRAIN),
        )
    text = {
        Verdict.OK: f"{wpm:.0f} words a minute{how} is an unhurried pace",
        Verdict.WATCH: f"{wpm:.0f} words a minute{how} is at the quick edge of a calm pace",
        Verdict.FLAG: f"{wpm:.0f} words a minute{how} is faster than a calm pace; try slowing a little",
    }[verdict]
    at = d.rushed[0].start_s if d.rushed and verdict != Verdict.OK else None
    return MeasureVerdict("rate", verdict.value, wpm, text, at, value_strain)


def _pauses(d: Delivery) -> MeasureVerdict:
    if d.longest_run_s > MAX_RUN_S:
        return MeasureVerdict(
            "pauses",
            Verdict.FLAG.value,
            d.longest_run_s,
            f"{d.longest_run_s:.0f} s without a pause from {_clock(d.longest_run_at_s)}; a breath gives the "
            "client room to answer",
            d.longest_run_at_s,
            1.0,
        )
    mid = [p for p in d.pauses if p.duration_s > LONG_PAUSE_S]
    if mid:
        p = mid[0]
        return MeasureVerdict(
            "pauses",
            Verdict.WATCH.value,
            p.duration_s,
            f"a {p.duration_s:.1f} s silence at {_clock(p.start_s)} mid-reply may feel like you lost the thread",
            p.start_s,
            PARTIAL_STRAIN,
        )
    if d.reply_latency_s is not None and d.reply_latency_s > SLOW_START_S:
        return MeasureVerdict(
            "pauses",
            Verdict.WATCH.value,
            d.reply_latency_s,
            f"{d.reply_latency_s:.1f} s passed before you began; a shorter gap shows you are with them",
            0.0,
            PARTIAL_STRAIN,
        )
    good = [v for v in d.validation_pauses if v.pause_s >= 0.5]
    if good:
        v = good[0]
        text = f"you paused {v.pause_s:.1f} s after '{v.phrase}' at {_clock(v.at_s)}, giving the words room"
        return MeasureVerdict("pauses", Verdict.OK.value, v.pause_s, text, v.at_s)
    n = d.pause_count
    text = f"{n} natural pause{'s' if n != 1 else ''} of a quarter second or more" if n else "a short, even phrase"
    return MeasureVerdict("pauses", Verdict.OK.value, float(n), text)


def _steadiness(d: Delivery) -> MeasureVerdict | None:
    if d.clipped_fraction > CLIPPED_FRACTION_FLAG:
        return MeasureVerdict(
            "steadiness",
            Verdict.FLAG.value,
            d.clipped_fraction,
            "the recording clipped: either the voice was very loud or the microphone gain is too high",
            d.loudness_peak_at_s,
            1.0,
        )
    candidates = [(d.loudness_rise_db, d.loudness_rise_at_s, "rise"), (d.loudness_trend_db, None, "trend")]
    candidates = [c for c in candidates if c[0] is not None]
    if not candidates:
        return None
    value, at, kind = max(candidates, key=lambda c: c[0] or 0.0)
    assert value is not None  # filtered above
    verdict = verdict_for("steadiness", value)
    if verdict == Verdict.OK:
        text = "your volume stayed steady"
    elif kind == "rise":
        text = f"at {_clock(at)} your voice rose about {value:.0f} dB above your usual level"
    else:
        text = f"your voice grew about {value:.0f} dB louder toward the end"
        at = d.loudness_peak_at_s
    return MeasureVerdict(
        "steadiness", verdict.value, value, text, at if verdict != Verdict.OK else None, strain("steadiness", value)
    )


def _variety(d: Delivery) -> MeasureVerdict | None:
    if d.pitch_sd_st is None:
        return None
    value = -d.pitch_sd_st
    verdict = verdict_for("pitch_variety", value)
    text = (
        "natural pitch movement, which sounds warm"
        if verdict == Verdict.OK
        else f"your pitch stayed quite flat ({d.pitch_sd_st:.1f} semitones of movement); a little melody sounds warmer"
    )
    return MeasureVerdict("pitch_variety", verdict.value, d.pitch_sd_st, text, None, strain("pitch_variety", value))


def _end_rise(d: Delivery) -> MeasureVerdict | None:
    if d.pitch_end_rise_st is None or d.pitch_end_rise_st < BANDS["pitch_end_rise"].watch_at:
        return None
    verdict = verdict_for("pitch_end_rise", d.pitch_end_rise_st)
    text = f"from {_clock(d.pitch_end_rise_at_s)} your pitch rose about {d.pitch_end_rise_st:.0f} semitones"
    return MeasureVerdict(
        "pitch_end_rise",
        verdict.value,
        d.pitch_end_rise_st,
        text,
        d.pitch_end_rise_at_s,
        strain("pitch_end_rise", d.pitch_end_rise_st),
    )


def _mirror(d: Delivery) -> MeasureVerdict | None:
    m = d.mirroring
    if m is None or m.calmer_than_client is None:
        return None
    verdict = Verdict.OK if m.calmer_than_client else Verdict.WATCH
    return MeasureVerdict(
        "mirroring", verdict.value, m.deltas.effort_db, m.message, None, 0.0 if m.calmer_than_client else 1.0
    )


def _effort_msg(value: float, verdict: Verdict, at_s: float | None = None) -> str:
    hedge = " (microphones differ, so a neutral baseline recording makes this reading fairer)"
    where = "" if at_s is None else f"around {_clock(at_s)} "
    return {
        Verdict.OK: "a relaxed, unforced voice",
        Verdict.WATCH: f"{where}your voice had a slightly pressed, raised quality; a softer voice helps the client "
        f"settle{hedge}",
        Verdict.FLAG: f"{where}your voice sounded raised or strained; dropping the volume a step helps the client "
        f"settle{hedge}",
    }[verdict]


def _pitch_level_msg(value: float, verdict: Verdict, at_s: float | None = None) -> str:
    if verdict == Verdict.OK:
        return "a comfortable pitch"
    return f"your voice sat high ({value:.0f} Hz), which can sound tense; a lower, slower start can help"


def _effort_delta_msg(value: float, verdict: Verdict, at_s: float | None = None) -> str:
    if verdict == Verdict.OK:
        return "as relaxed as your own neutral voice"
    where = "" if at_s is None else f"around {_clock(at_s)}, "
    return f"{where}more vocal effort than in your neutral reading (+{value:.1f} dB above 1 kHz), as if raised"


def _loudness_delta_msg(value: float, verdict: Verdict, at_s: float | None = None) -> str:
    if verdict == Verdict.OK:
        return f"about as loud as your neutral reading ({value:+.1f} dB)"
    return f"about {value:.0f} dB louder than your neutral reading"


def _pitch_delta_msg(value: float, verdict: Verdict, at_s: float | None = None) -> str:
    if verdict == Verdict.OK:
        return f"close to your own neutral pitch ({value:+.1f} semitones)"
    return f"your pitch sat {value:.1f} semitones above your neutral reading, which can sound tense"


def _rate_delta_msg(value: float, verdict: Verdict, at_s: float | None = None) -> str:
    if verdict == Verdict.OK:
        return f"your pace matched or was slower than your neutral reading ({value:+.0f} %)"
    return f"you spoke {value:.0f} % faster than your neutral reading"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "one point"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
