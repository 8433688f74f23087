"""The calm score: per-measure verdicts against domain.md's delivery targets, combined into 0-100.

Formula (documented in one place, thresholds in ``BANDS``)::

    strain_m = 0                                   when the value is on the calm side of ``calm_edge``
             = (value - calm_edge) / (flag_at - calm_edge), clipped to [0, 1], in between and beyond
    score    = round(100 - sum_m weight_m * strain_m), clipped to [0, 100]

Verdicts: ``ok`` below ``watch_at``, ``watch`` from ``watch_at``, ``flag`` from ``flag_at``. A measure that
cannot be taken (too little speech, no pitch) gets no verdict and no penalty. Without a baseline the weight
rests on gain-independent measures (domain.md: microphone gain is unknown by +-10 dB): vocal effort (spectral
balance), pitch level, loudness changes *within* the reply; effort is judged past the spread of calm speakers
and microphones, so only a shout is flagged and normal-intensity anger can pass for calm (the no-baseline note
says so). With the trainee's neutral baseline, the deltas from it replace effort and pitch level (domain.md: "the
strongest measure is the change from the trainee's own neutral baseline"), and effort is read three ways, the
strongest counting: the spectral change, the spectrum at the reply's loudness (a pressed voice) and the level rise
(``calibration.vocal_effort_vs_baseline``). The measured values behind all this live in ``calibration.py``.
"""

from __future__ import annotations

import math
from dataclasses import replace

from voice_deesc.audio import CLIPPED_FRACTION_WARN
from voice_deesc.delivery.calibration import (
    BASELINE_NOISE,
    CALM_EFFORT_SPREAD_DB,
    EFFORT_DB_PER_LEVEL_DB,
    NOISY_STRAIN_CAP,
    RAISED_STEP_EFFORT_DB,
    SHORT_STRETCH_S,
    SHOUT_STEPS,
    TYPICAL_EFFORT_DB,
    vocal_effort_vs_baseline,
    within_noise,
)
from voice_deesc.delivery.record import Delivery
from voice_deesc.delivery.verdicts import Aspect, Band, CalmScore, Direction, Measure, MeasureVerdict, Verdict
from voice_deesc.feedback.messages import calm_note

__all__ = [
    "BANDS",
    "BASELINE_NOISE",
    "BASELINE_WEIGHTS",
    "NOISY_STRAIN_CAP",
    "TYPICAL_EFFORT_DB",
    "WEIGHTS",
    "Band",
    "CalmScore",
    "MeasureVerdict",
    "Verdict",
    "score_calm",
]


TYPICAL_MAX_F0_HZ = 255.0
"""Top of the typical adult speaking F0 range (male ~85-180 Hz, female ~165-255 Hz; Titze 1994)."""

LOUDNESS_CALM_EDGE_DB = 1.0
"""A level change from the baseline that costs nothing: about what the words alone move it (``BASELINE_NOISE``)."""

BANDS: dict[Measure, Band] = {
    Measure.EFFORT: Band(
        0.0,
        CALM_EFFORT_SPREAD_DB,
        CALM_EFFORT_SPREAD_DB + SHOUT_STEPS * RAISED_STEP_EFFORT_DB,
        "dB",
        "domain.md: raised voice = more energy above ~1 kHz; +6 dB per raised step ~ +2 dB alpha ratio; judged as "
        "the alpha ratio above TYPICAL_EFFORT_DB, so a positive value always means more effort than calm speech; "
        "watch past the spread of calm speakers and microphones, flag a shout beyond it",
    ),
    Measure.PITCH_LEVEL: Band(
        TYPICAL_MAX_F0_HZ,
        TYPICAL_MAX_F0_HZ,
        TYPICAL_MAX_F0_HZ * 2 ** (3 / 12),
        "Hz",
        "domain.md: +3 semitones (~+20 % F0) is heard as tense; measured above the typical adult range",
    ),
    Measure.RATE: Band(140.0, 150.0, 160.0, "words/min", "domain.md: calm 110-140 words/min, > 160 rushing"),
    Measure.STEADINESS: Band(4.0, 6.0, 10.0, "dB", "domain.md: +6 dB is one raised-voice step; sudden bursts"),
    Measure.PITCH_VARIETY: Band(-2.0, -2.0, -1.0, "st", "domain.md: F0 SD < 2 semitones is monotone"),
    Measure.PITCH_END_RISE: Band(1.0, 3.0, 5.0, "st", "domain.md: > +3 semitones is perceived as tense"),
    Measure.EFFORT_VS_BASELINE: Band(
        LOUDNESS_CALM_EDGE_DB * EFFORT_DB_PER_LEVEL_DB,
        RAISED_STEP_EFFORT_DB / 2,
        RAISED_STEP_EFFORT_DB,
        "dB",
        "domain.md: loudness within +-3 dB of baseline, > +6 dB raised; ~0.35 dB alpha ratio per dB, so the loudness "
        "band's edges in alpha-ratio dB",
    ),
    Measure.LOUDNESS_VS_BASELINE: Band(
        LOUDNESS_CALM_EDGE_DB, 3.0, 6.0, "dB", "domain.md: within +-3 dB of baseline, > +6 dB raised"
    ),
    Measure.PITCH_VS_BASELINE: Band(0.0, 1.0, 3.0, "st", "domain.md: median F0 <= +1 st of baseline, > +3 st tense"),
    Measure.RATE_VS_BASELINE: Band(0.0, 5.0, 10.0, "%", "domain.md: 0-20 % slower than baseline, > 10 % faster"),
}
"""Every threshold of the calm score, with where it comes from."""

WEIGHTS = {
    Measure.EFFORT: 50,
    Measure.PITCH_LEVEL: 20,
    Measure.RATE: 10,
    Measure.PAUSES: 5,
    Measure.STEADINESS: 10,
    Measure.PITCH_VARIETY: 5,
}
"""Without a baseline. Effort carries most weight: it survives unknown gain and separates calm from angry
speech best on RAVDESS (ROC AUC 0.97 alone)."""
BASELINE_WEIGHTS = {
    Measure.EFFORT_VS_BASELINE: 45,
    Measure.LOUDNESS_VS_BASELINE: 15,
    Measure.PITCH_VS_BASELINE: 15,
    Measure.RATE_VS_BASELINE: 10,
    Measure.PAUSES: 5,
    Measure.STEADINESS: 5,
    Measure.PITCH_VARIETY: 5,
}
"""With a baseline: deltas from the trainee's own neutral voice replace the absolute effort and pitch level.
Weighted by how well each separates anger from calm on RAVDESS against the actor's neutral clip (ROC AUC: effort
1.00, loudness 0.93, pitch 0.89; the loudness trend within the reply 0.70), so vocal effort leads and steadiness
gave it 5 points; scripts/calibration_report.py prints these."""
EXTRA_WEIGHTS = {Measure.PITCH_END_RISE: 5, Measure.MIRRORING: 5}

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
PARTIAL_STRAIN = 0.5
"""Strain for a watch-level event without a graded value (a long pause, a rushed stretch)."""


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
        silent = _verdict(Measure.SPEECH, Verdict.WATCH, 0.0, aspect=Aspect.NO_SPEECH)
        return CalmScore(0, (silent,))
    base = delivery.baseline
    used_baseline = base is not None and base.effort_db is not None
    weights = BASELINE_WEIGHTS if used_baseline else WEIGHTS
    short = delivery.speech_time_s < SHORT_STRETCH_S
    verdicts: list[MeasureVerdict | None] = []
    if used_baseline and base is not None:
        rate_pct = base.rate_pct if _rate_judgeable(delivery) else None
        deltas = {
            Measure.EFFORT_VS_BASELINE: base.effort_db,
            Measure.LOUDNESS_VS_BASELINE: base.loudness_db,
            Measure.PITCH_VS_BASELINE: base.pitch_st,
        }
        noisy = short or within_noise(deltas)
        verdicts += [
            _effort_vs_baseline(base.effort_db, base.loudness_db, delivery.effort.peak_at_s, noisy=noisy),
            _graded(Measure.LOUDNESS_VS_BASELINE, base.loudness_db, delivery.loudness.peak_at_s, noisy=noisy),
            _graded(Measure.PITCH_VS_BASELINE, base.pitch_st, None, noisy=noisy),
            _graded(Measure.RATE_VS_BASELINE, rate_pct, None),
        ]
    else:
        verdicts += [
            _graded(
                Measure.EFFORT, _above_typical(delivery.effort.alpha_ratio_db), delivery.effort.peak_at_s, noisy=short
            ),
            _graded(Measure.PITCH_LEVEL, delivery.pitch.median_hz, None, noisy=short),
            _rate(delivery),
        ]
    verdicts += [_pauses(delivery), _steadiness(delivery), _variety(delivery), _end_rise(delivery), _mirror(delivery)]
    judged = [v if not short else _short_stretch(v) for v in verdicts if v is not None]
    weighted = [_weighted(v, weights.get(v.measure, EXTRA_WEIGHTS.get(v.measure, 0))) for v in judged]
    score = 100.0 - sum(v.weight * v.strain for v in weighted)
    return CalmScore(round(min(100.0, max(0.0, score))), tuple(weighted), used_baseline)


def strain(measure: Measure, value: float) -> float:
    """0-1 distance of ``value`` past the calm edge of ``BANDS[measure]`` toward its flag threshold."""
    band = BANDS[measure]
    span = band.flag_at - band.calm_edge
    return min(1.0, max(0.0, (value - band.calm_edge) / span)) if span > 0 else float(value >= band.flag_at)


def verdict_for(measure: Measure, value: float) -> Verdict:
    band = BANDS[measure]
    if value >= band.flag_at:
        return Verdict.FLAG
    return Verdict.WATCH if value >= band.watch_at else Verdict.OK


def _verdict(
    measure: Measure,
    verdict: Verdict,
    value: float | None,
    *,
    aspect: Aspect = Aspect.LEVEL,
    at_s: float | None = None,
    strain: float = 0.0,
    direction: Direction | None = None,
    band: Band | None = None,
    unit: str = "",
    phrase: str = "",
    detail: float | None = None,
    estimated: bool = False,
) -> MeasureVerdict:
    """A verdict with its report note written from its own fields (feedback/messages.py)."""
    if direction is None:
        direction = Direction.WITHIN if verdict == Verdict.OK else Direction.ABOVE
    draft = MeasureVerdict(
        measure=measure,
        verdict=verdict,
        value=value,
        message="",
        at_s=at_s,
        strain=strain,
        unit=unit or (band.unit if band is not None else ""),
        aspect=aspect,
        direction=direction,
        band=band,
        phrase=phrase,
        detail=detail,
        estimated=estimated,
    )
    return replace(draft, message=calm_note(draft))


def _short_stretch(v: MeasureVerdict) -> MeasureVerdict:
    """Under ``SHORT_STRETCH_S`` of speech a voice measure is mostly the sounds said; silence and clipping are not."""
    if v.measure == Measure.PAUSES or v.aspect == Aspect.CLIPPED:
        return v
    if v.verdict == Verdict.FLAG:  # too little speech to flag: worth a look at most
        watched = replace(v, verdict=Verdict.WATCH)
        v = replace(watched, message=calm_note(watched))
    return replace(v, strain=min(v.strain, NOISY_STRAIN_CAP))


def _weighted(v: MeasureVerdict, weight: float) -> MeasureVerdict:
    return replace(v, strain=round(v.strain, 3), weight=weight)


def _graded(measure: Measure, value: float | None, at_s: float | None, *, noisy: bool = False) -> MeasureVerdict | None:
    """Judge one value against its band; a noisy reading (short, or within the baseline's noise) costs little."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    verdict = verdict_for(measure, value)
    value_strain = strain(measure, value)
    if noisy:
        value_strain = min(value_strain, NOISY_STRAIN_CAP)
    return _verdict(
        measure,
        verdict,
        round(float(value), 2),
        at_s=at_s if verdict != Verdict.OK else None,
        strain=value_strain,
        band=BANDS[measure],
    )


def _effort_vs_baseline(
    effort_db: float | None, loudness_db: float | None, at_s: float | None, *, noisy: bool
) -> MeasureVerdict | None:
    """Effort vs the neutral reading, judged on the stronger of its readings (:func:`vocal_effort_vs_baseline`)."""
    value, aspect = vocal_effort_vs_baseline(effort_db, loudness_db)
    judged = _graded(Measure.EFFORT_VS_BASELINE, value, at_s, noisy=noisy)
    if judged is None or aspect == Aspect.LEVEL:
        return judged
    tagged = replace(judged, aspect=aspect, detail=None if loudness_db is None else round(loudness_db, 2))
    return replace(tagged, message=calm_note(tagged))


def _above_typical(alpha_ratio_db: float | None) -> float | None:
    """Vocal effort as dB above calm speech (``TYPICAL_EFFORT_DB``): the sign then says raised (+) or relaxed (-)."""
    return None if alpha_ratio_db is None else alpha_ratio_db - TYPICAL_EFFORT_DB


def _rate_judgeable(d: Delivery) -> bool:
    return d.speaking_time_s >= MIN_RATE_SPAN_S


def _rate(d: Delivery) -> MeasureVerdict | None:
    wpm = d.rate.words_per_minute
    if wpm is None or not _rate_judgeable(d):
        return None
    band = BANDS[Measure.RATE]
    estimated = not d.rate.words_from_transcript
    if wpm < HALTING_WPM:
        return _verdict(
            Measure.RATE,
            Verdict.WATCH,
            wpm,
            aspect=Aspect.HALTING,
            strain=PARTIAL_STRAIN,
            direction=Direction.BELOW,
            band=band,
            estimated=estimated,
        )
    verdict = verdict_for(Measure.RATE, wpm)
    value_strain = strain(Measure.RATE, wpm)
    rushed = d.rate.rushed
    if verdict == Verdict.OK and rushed:
        run = rushed[0]
        run_strain = NOISY_STRAIN_CAP if run.end_s - run.start_s < SHORT_STRETCH_S else PARTIAL_STRAIN
        return _verdict(
            Measure.RATE,
            Verdict.WATCH,
            wpm,
            aspect=Aspect.SPED_UP,
            at_s=run.start_s,
            strain=max(value_strain, run_strain),
            band=band,
            estimated=estimated,
        )
    at = rushed[0].start_s if rushed and verdict != Verdict.OK else None
    judged = _verdict(Measure.RATE, verdict, wpm, at_s=at, strain=value_strain, band=band, estimated=estimated)
    if verdict == Verdict.FLAG and at is None and d.rate.fastest_run is not None:
        return replace(judged, stretch=d.rate.fastest_run)
    return judged


def _pauses(d: Delivery) -> MeasureVerdict:
    p = d.pauses
    if p.longest_run_s > MAX_RUN_S:
        return _verdict(
            Measure.PAUSES, Verdict.FLAG, p.longest_run_s, aspect=Aspect.LONG_RUN, at_s=p.longest_run_at_s, strain=1.0
        )
    mid = [pause for pause in p.pauses if pause.duration_s > LONG_PAUSE_S]
    if mid:
        first = mid[0]
        return _verdict(
            Measure.PAUSES,
            Verdict.WATCH,
            first.duration_s,
            aspect=Aspect.LONG_SILENCE,
            at_s=first.start_s,
            strain=PARTIAL_STRAIN,
            unit="s",
        )
    if d.reply_latency_s is not None and d.reply_latency_s > SLOW_START_S:
        return _verdict(
            Measure.PAUSES,
            Verdict.WATCH,
            d.reply_latency_s,
            aspect=Aspect.SLOW_START,
            at_s=0.0,
            strain=PARTIAL_STRAIN,
            unit="s",
        )
    good = [v for v in p.after_validation if v.well_timed]
    if good:
        v = good[0]
        return _verdict(
            Measure.PAUSES,
            Verdict.OK,
            v.pause_s,
            aspect=Aspect.AFTER_VALIDATION,
            at_s=v.at_s,
            phrase=v.phrase,
            unit="s",
        )
    return _verdict(Measure.PAUSES, Verdict.OK, float(p.count), aspect=Aspect.NATURAL, unit="pauses")


def _steadiness(d: Delivery) -> MeasureVerdict | None:
    loud = d.loudness
    if loud.clipped_fraction > CLIPPED_FRACTION_WARN:
        return _verdict(
            Measure.STEADINESS,
            Verdict.FLAG,
            loud.clipped_fraction,
            aspect=Aspect.CLIPPED,
            at_s=loud.peak_at_s,
            strain=1.0,
            unit="fraction",
        )
    candidates = [(value, at, kind) for value, at, kind in _loudness_changes(d) if value is not None]
    if not candidates:
        return None
    value, at, kind = max(candidates, key=lambda c: c[0])
    verdict = verdict_for(Measure.STEADINESS, value)
    if kind == Aspect.TREND:
        at = loud.peak_at_s
    return _verdict(
        Measure.STEADINESS,
        verdict,
        value,
        aspect=kind,
        at_s=at if verdict != Verdict.OK else None,
        strain=strain(Measure.STEADINESS, value),
        band=BANDS[Measure.STEADINESS],
    )


def _loudness_changes(d: Delivery) -> list[tuple[float | None, float | None, Aspect]]:
    """The two ways a voice gets louder within a reply: a sudden rise, and a trend toward the end."""
    return [(d.loudness.rise_db, d.loudness.rise_at_s, Aspect.RISE), (d.loudness.trend_db, None, Aspect.TREND)]


def _variety(d: Delivery) -> MeasureVerdict | None:
    sd = d.pitch.sd_st
    if sd is None:
        return None
    verdict = verdict_for(Measure.PITCH_VARIETY, -sd)
    return _verdict(
        Measure.PITCH_VARIETY,
        verdict,
        sd,
        strain=strain(Measure.PITCH_VARIETY, -sd),
        direction=Direction.WITHIN if verdict == Verdict.OK else Direction.BELOW,
        band=BANDS[Measure.PITCH_VARIETY],
    )


def _end_rise(d: Delivery) -> MeasureVerdict | None:
    rise = d.pitch.end_rise_st
    if rise is None or rise < BANDS[Measure.PITCH_END_RISE].watch_at:
        return None
    return _verdict(
        Measure.PITCH_END_RISE,
        verdict_for(Measure.PITCH_END_RISE, rise),
        rise,
        at_s=d.pitch.end_rise_at_s,
        strain=strain(Measure.PITCH_END_RISE, rise),
        band=BANDS[Measure.PITCH_END_RISE],
    )


def _mirror(d: Delivery) -> MeasureVerdict | None:
    m = d.mirroring
    if m is None or m.outcome is None:
        return None
    calmer = m.outcome == Aspect.CALMER
    return _verdict(
        Measure.MIRRORING,
        Verdict.OK if calmer else Verdict.WATCH,
        m.deltas.effort_db,
        aspect=m.outcome,
        strain=0.0 if calmer else 1.0,
        unit="dB",
        detail=m.deltas.rate_pct,
    )
