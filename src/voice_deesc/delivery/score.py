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

from voice_deesc.delivery.bands import BANDS, PARTIAL_STRAIN, make_verdict, strain, verdict_for
from voice_deesc.delivery.calibration import (
    BASELINE_NOISE,
    NOISY_STRAIN_CAP,
    SHORT_STRETCH_S,
    TYPICAL_EFFORT_DB,
    vocal_effort_vs_baseline,
    within_noise,
)
from voice_deesc.delivery.record import Delivery
from voice_deesc.delivery.reply_verdicts import reply_verdicts
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
    "strain",
    "verdict_for",
]


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
        silent = make_verdict(Measure.SPEECH, Verdict.WATCH, 0.0, aspect=Aspect.NO_SPEECH)
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
    verdicts += reply_verdicts(delivery)
    judged = [v if not short else _short_stretch(v) for v in verdicts if v is not None]
    weighted = [_weighted(v, weights.get(v.measure, EXTRA_WEIGHTS.get(v.measure, 0))) for v in judged]
    score = 100.0 - sum(v.weight * v.strain for v in weighted)
    return CalmScore(round(min(100.0, max(0.0, score))), tuple(weighted), used_baseline)


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
    return make_verdict(
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
        return make_verdict(
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
        return make_verdict(
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
    judged = make_verdict(Measure.RATE, verdict, wpm, at_s=at, strain=value_strain, band=band, estimated=estimated)
    if verdict == Verdict.FLAG and at is None and d.rate.fastest_run is not None:
        return replace(judged, stretch=d.rate.fastest_run)
    return judged
