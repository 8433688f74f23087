"""Delivery verdicts (from the calm score) turned into strengths and tips tied to a moment and its words.

Everything is read from the verdict's typed fields (measure, aspect, moment, own advice); the sentences are
written by :mod:`voice_deesc.feedback.messages`.
"""

from __future__ import annotations

from collections.abc import Sequence

from voice_deesc.asr.base import Word
from voice_deesc.delivery.verdicts import CalmScore, Measure, MeasureVerdict, Verdict
from voice_deesc.feedback.evidence import words_near
from voice_deesc.feedback.messages import delivery_strength, delivery_suggestion
from voice_deesc.feedback.tips import Tip

DELIVERY_IMPACT = {Verdict.FLAG: 82, Verdict.WATCH: 45}
"""A flagged delivery measure (rushing, raised voice) ranks with the stronger wording flags."""
ADVICE_KIND = {
    Measure.RATE: "rate",
    Measure.RATE_VS_BASELINE: "rate",
    Measure.EFFORT: "loud",
    Measure.EFFORT_VS_BASELINE: "loud",
    Measure.LOUDNESS_VS_BASELINE: "loud",
    Measure.STEADINESS: "loud",
    Measure.PITCH_LEVEL: "pitch",
    Measure.PITCH_VS_BASELINE: "pitch",
    Measure.PITCH_END_RISE: "pitch",
    Measure.PITCH_VARIETY: "pitch",
    Measure.PAUSES: "pause",
    Measure.MIRRORING: "mirror",
}
"""Measures that call for the same advice: effort, clipping and a loudness rise all say "lower your voice" once."""
KIND_ORDER = ("rate", "loud", "pitch", "flat", "pause", "mirror")
"""Which delivery strength to name first: pace and volume are what a listener hears as calm."""


def advice_kind(v: MeasureVerdict) -> str:
    """The kind of advice a verdict calls for ('' for none): a flat pitch needs the opposite of a high one."""
    if v.measure == Measure.PITCH_VARIETY and v.verdict != Verdict.OK:
        return "flat"
    return ADVICE_KIND.get(v.measure, "")


def delivery_tips(calm: CalmScore | None, words: Sequence[Word]) -> tuple[list[Tip], list[Tip]]:
    """(strengths, suggestions) from the calm verdicts, each tied to its moment and words when known."""
    if calm is None:
        return [], []
    ok: list[tuple[str, Tip]] = []
    tips: list[tuple[str, Tip]] = []
    # a relaxed effort reading is no strength when the same reply was flagged as loud (one kind, one voice)
    faulted = {advice_kind(v) or v.measure.value for v in calm.verdicts if v.verdict != Verdict.OK}
    for v in calm.verdicts:
        kind = advice_kind(v)
        if v.verdict == Verdict.OK:
            if _worth_praising(v) and (kind or v.measure.value) not in faulted:
                written, spoken = delivery_strength(v)
                ok.append((kind, Tip(v.measure.value, written, spoken, start_s=v.at_s)))
            continue
        said = words_near(words, v.at_s) if v.at_s is not None else ""
        written, spoken = delivery_suggestion(v, kind, said)
        start_s, end_s = (v.stretch.start_s, v.stretch.end_s) if v.stretch is not None else (v.at_s, None)
        if v.stretch is not None:
            said = v.stretch.text
        tips.append((kind, Tip(v.measure.value, written, spoken, DELIVERY_IMPACT[v.verdict], said, start_s, end_s)))
    ok.sort(key=lambda pair: KIND_ORDER.index(pair[0]) if pair[0] in KIND_ORDER else len(KIND_ORDER))
    tips.sort(key=lambda pair: -pair[1].impact)
    return _one_per_kind(ok), _one_per_kind(tips)


def _worth_praising(v: MeasureVerdict) -> bool:
    """A zero is nothing to point at: no pauses at all, or no change at all from the baseline."""
    return v.measure != Measure.SPEECH and v.value != 0.0


def _one_per_kind(tips: list[tuple[str, Tip]]) -> list[Tip]:
    """Keep the first tip of each kind of advice."""
    seen: set[str] = set()
    out = []
    for kind, tip in tips:
        key = kind or tip.source
        if key not in seen:
            seen.add(key)
            out.append(tip)
    return out
