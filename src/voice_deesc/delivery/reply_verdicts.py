"""The delivery verdicts judged from the reply alone, the same with or without a baseline.

Pauses, loudness changes within the reply, pitch movement, a rising pitch at the end and mirroring of the client:
each is a rule from domain.md's delivery targets, turned into a typed verdict the calm score weighs.
"""

from __future__ import annotations

from voice_deesc.audio import CLIPPED_FRACTION_WARN
from voice_deesc.delivery.bands import BANDS, PARTIAL_STRAIN, make_verdict, strain, verdict_for
from voice_deesc.delivery.record import Delivery
from voice_deesc.delivery.verdicts import Aspect, Direction, Measure, MeasureVerdict, Verdict

LONG_PAUSE_S = 3.5
"""domain.md: a pause over 3-4 s mid-reply is flagged."""
MAX_RUN_S = 15.0
"""domain.md: no pause at all in > 15 s."""
SLOW_START_S = 5.0
"""domain.md: > 5 s of silence before replying."""


def reply_verdicts(d: Delivery) -> list[MeasureVerdict | None]:
    """Every verdict of this module, ``None`` for a measure that could not be taken."""
    return [pauses_verdict(d), steadiness_verdict(d), variety_verdict(d), end_rise_verdict(d), mirror_verdict(d)]


def pauses_verdict(d: Delivery) -> MeasureVerdict:
    p = d.pauses
    if p.longest_run_s > MAX_RUN_S:
        return make_verdict(
            Measure.PAUSES, Verdict.FLAG, p.longest_run_s, aspect=Aspect.LONG_RUN, at_s=p.longest_run_at_s, strain=1.0
        )
    mid = [pause for pause in p.pauses if pause.duration_s > LONG_PAUSE_S]
    if mid:
        first = mid[0]
        return make_verdict(
            Measure.PAUSES,
            Verdict.WATCH,
            first.duration_s,
            aspect=Aspect.LONG_SILENCE,
            at_s=first.start_s,
            strain=PARTIAL_STRAIN,
            unit="s",
        )
    if d.reply_latency_s is not None and d.reply_latency_s > SLOW_START_S:
        return make_verdict(
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
        return make_verdict(
            Measure.PAUSES,
            Verdict.OK,
            v.pause_s,
            aspect=Aspect.AFTER_VALIDATION,
            at_s=v.at_s,
            phrase=v.phrase,
            unit="s",
        )
    return make_verdict(Measure.PAUSES, Verdict.OK, float(p.count), aspect=Aspect.NATURAL, unit="pauses")


def steadiness_verdict(d: Delivery) -> MeasureVerdict | None:
    loud = d.loudness
    if loud.clipped_fraction > CLIPPED_FRACTION_WARN:
        return make_verdict(
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
    return make_verdict(
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


def variety_verdict(d: Delivery) -> MeasureVerdict | None:
    sd = d.pitch.sd_st
    if sd is None:
        return None
    verdict = verdict_for(Measure.PITCH_VARIETY, -sd)
    return make_verdict(
        Measure.PITCH_VARIETY,
        verdict,
        sd,
        strain=strain(Measure.PITCH_VARIETY, -sd),
        direction=Direction.WITHIN if verdict == Verdict.OK else Direction.BELOW,
        band=BANDS[Measure.PITCH_VARIETY],
    )


def end_rise_verdict(d: Delivery) -> MeasureVerdict | None:
    rise = d.pitch.end_rise_st
    if rise is None or rise < BANDS[Measure.PITCH_END_RISE].watch_at:
        return None
    return make_verdict(
        Measure.PITCH_END_RISE,
        verdict_for(Measure.PITCH_END_RISE, rise),
        rise,
        at_s=d.pitch.end_rise_at_s,
        strain=strain(Measure.PITCH_END_RISE, rise),
        band=BANDS[Measure.PITCH_END_RISE],
    )


def mirror_verdict(d: Delivery) -> MeasureVerdict | None:
    m = d.mirroring
    if m is None or m.outcome is None:
        return None
    calmer = m.outcome == Aspect.CALMER
    return make_verdict(
        Measure.MIRRORING,
        Verdict.OK if calmer else Verdict.WATCH,
        m.deltas.effort_db,
        aspect=m.outcome,
        strain=0.0 if calmer else 1.0,
        unit="dB",
        detail=m.deltas.rate_pct,
    )
