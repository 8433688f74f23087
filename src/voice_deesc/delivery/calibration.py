"""The numbers the calm score takes from real recordings, the noise they carry, and the vocal-effort reading.

Every value here was measured (scripts/calibration_report.py prints each one and its leave-one-actor-out refit):
where calm speech sits and how far it strays between speakers, how vocal effort moves with level, and how far a
delta from the baseline moves when only the words changed. ``score.py`` turns them into bands and weights.
"""

from __future__ import annotations

import math

from voice_deesc.delivery.verdicts import Aspect, Measure

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
CALM_EFFORT_SPREAD_DB = 2.4
"""How far calm speech strays from ``TYPICAL_EFFORT_DB`` between speakers and microphones: the standard deviation
of the RAVDESS calm/neutral clips (2.4 dB; scripts/calibration_report.py prints it and its leave-one-actor-out
refits). Without a baseline a reading within it is as likely the speaker or the microphone as the voice."""
SHOUT_STEPS = 3
"""Without a baseline only a shout is flagged: three raised-voice steps (+18 dB) beyond the calm spread. RAVDESS
strong anger is +17 to +32 dB over the same actor's neutral reading; one raised step (normal-intensity anger) hides
within the spread, which the no-baseline note tells the trainee (``NO_BASELINE_TIP`` in ``commands/common.py``)."""
PRESSED_EFFORT_DB_PER_LEVEL_DB = 0.23
"""The flattest per-actor slope of alpha ratio against level on RAVDESS (0.23-0.55 dB/dB): the least any voice's
spectrum falls per dB quieter, so an unchanged spectrum in a quieter reply reads as pressed only by what even that
speaker would have lost (``vocal_effort_vs_baseline``)."""
READING_MARGIN_DB = 0.05
"""A derived effort reading replaces the spectral one only when it says clearly more (rounding aside)."""
BASELINE_NOISE = {
    Measure.EFFORT_VS_BASELINE: 1.2,
    Measure.LOUDNESS_VS_BASELINE: 0.8,
    Measure.PITCH_VS_BASELINE: 0.6,
}
"""How far a delta from the baseline moves when the voice did not change at all, only the words: one espeak-ng
voice saying the 36 replies of ../shared/data/text/graded_dev.tsv, each against the same voice reading the
Rainbow Passage, 90th percentile of the absolute delta (effort 1.19 dB, at most 1.33; loudness 0.8 dB; pitch
0.6 st; the largest rise in effort was 1.33 dB; scripts/calibration_report.py prints them). When every delta is
within this, the change is as likely the words as the voice, so the verdicts are still reported but each costs at
most ``NOISY_STRAIN_CAP`` (see ``within_noise``). A human voice moves more from sentence to sentence: calm read
speech against five other sentences of the same reader gives |effort delta| p90 2.85 dB and |loudness delta| p90
2.5 dB (../shared/data/asr; the report prints it), so against a baseline about one short calm sentence in four
still scores below 70."""
SHORT_STRETCH_S = 1.0
"""A verdict resting on less than about a second of speech is mostly the sounds said then, not the voice: the same
espeak-ng voice saying six replies under a second ("I'm here.", "Okay.") moves up to 4.1 dB in effort against its
own Rainbow Passage, more than the whole flag threshold (scripts/calibration_report.py)."""
NOISY_STRAIN_CAP = 0.25
"""The most strain a verdict within the noise or on a short stretch carries: with the heaviest weight (45) one
such verdict costs at most 11 calm points, not the ~25 a single "watch" used to cost."""


def within_noise(deltas: dict[Measure, float | None]) -> bool:
    """Whether every delta from the baseline is within ``BASELINE_NOISE``: nothing says the voice itself changed.

    A raised voice moves effort, loudness and pitch together (RAVDESS anger: +4 to +13 dB louder than neutral);
    the words alone move effort by up to ~1.3 dB with loudness and pitch still. One delta beyond its noise
    corroborates the others, so they count in full.
    """
    known = [(m, v) for m, v in deltas.items() if v is not None and not math.isnan(v)]
    return bool(known) and all(v < BASELINE_NOISE[m] for m, v in known)


def vocal_effort_vs_baseline(effort_db: float | None, loudness_db: float | None) -> tuple[float | None, Aspect]:
    """The change in vocal effort from the neutral reading, from its two readings, and which one said more.

    Effort shows twice (domain.md): in the spectral balance and in the level. Each alone can hide a raised voice,
    so the stronger reading counts, both in alpha-ratio dB:

    - ``LEVEL``: the spectral change itself (``effort_db``).
    - ``PRESSED``: quieter than the neutral reading yet no less bright. The alpha ratio falls as the level falls
      (``EFFORT_DB_PER_LEVEL_DB``), so a voice that did not fall has tensed; credited only at the flattest
      speaker's slope (``PRESSED_EFFORT_DB_PER_LEVEL_DB``), so nobody's ordinary quiet voice reads as pressed.
    - ``LOUDER``: louder than the neutral reading, as one raised-voice step per +6 dB (domain.md), whatever the
      spectrum did: the level on the same set-up is the listener's plainest cue of a raised voice.

    On RAVDESS against the actor's neutral clip the spectral change alone missed two normal-intensity angers: one
    6.7 dB quieter and lower but no less bright (pressed, 1.26 -> 2.62 dB), one 5.9 dB louder with the spectrum
    unchanged (louder, 0.51 -> 1.79 dB). Like the loudness delta itself, both derived readings assume the reading
    and the reply were recorded on the same set-up.
    """
    if effort_db is None or math.isnan(effort_db):
        return None, Aspect.LEVEL
    if loudness_db is None or math.isnan(loudness_db):
        return effort_db, Aspect.LEVEL
    # a level change within what the words alone move it (BASELINE_NOISE) says nothing about the voice
    level = math.copysign(max(0.0, abs(loudness_db) - BASELINE_NOISE[Measure.LOUDNESS_VS_BASELINE]), loudness_db)
    pressed = effort_db + PRESSED_EFFORT_DB_PER_LEVEL_DB * max(0.0, -level)
    louder = EFFORT_DB_PER_LEVEL_DB * level
    best = max((effort_db, Aspect.LEVEL), (pressed, Aspect.PRESSED), (louder, Aspect.LOUDER), key=lambda r: r[0])
    return best if best[0] > effort_db + READING_MARGIN_DB else (effort_db, Aspect.LEVEL)
