"""Where each delivery measure stops being calm, and one verdict built from a value against its band.

Shared by the calm score (``score.py``) and the verdicts judged from the reply alone (``reply_verdicts.py``); the
measured values behind the effort bands live in ``calibration.py``, the others come from domain.md.
"""

from __future__ import annotations

from dataclasses import replace

from voice_deesc.delivery.calibration import (
    CALM_EFFORT_SPREAD_DB,
    EFFORT_DB_PER_LEVEL_DB,
    RAISED_STEP_EFFORT_DB,
    SHOUT_STEPS,
)
from voice_deesc.delivery.verdicts import Aspect, Band, Direction, Measure, MeasureVerdict, Verdict
from voice_deesc.feedback.messages import calm_note

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
PARTIAL_STRAIN = 0.5
"""Strain for a watch-level event without a graded value (a long pause, a rushed stretch)."""


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


def make_verdict(
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
