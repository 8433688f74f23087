"""The calm score: per-measure verdicts against domain.md's delivery targets, combined into 0-100."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from voice_deesc.analysis.delivery import Delivery

CALM_WPM = (110.0, 140.0)
"""domain.md: calm speaking rate 110-140 words/min."""
RUSHING_WPM = 160.0
HALTING_WPM = 90.0
LONG_PAUSE_S = 3.5
"""domain.md: a pause over 3-4 s mid-reply is flagged."""
MONOTONE_ST = 2.0


class Verdict(str, Enum):
    OK = "ok"
    WATCH = "watch"
    FLAG = "flag"


VERDICT_PENALTY = {Verdict.OK: 0, Verdict.WATCH: 8, Verdict.FLAG: 20}


@dataclass(frozen=True)
class MeasureVerdict:
    measure: str
    verdict: str
    value: float | None
    message: str
    at_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CalmScore:
    score: int
    verdicts: tuple[MeasureVerdict, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "verdicts": [v.to_dict() for v in self.verdicts]}


def score_calm(delivery: Delivery) -> CalmScore:
    """100 minus a penalty per measure outside its target band."""
    verdicts = [_rate(delivery), _pauses(delivery), _pitch_variety(delivery)]
    score = 100 - sum(VERDICT_PENALTY[Verdict(v.verdict)] for v in verdicts)
    return CalmScore(max(0, min(100, score)), tuple(verdicts))


def _rate(d: Delivery) -> MeasureVerdict:
    wpm = d.words_per_minute
    if wpm is None:
        return MeasureVerdict("rate", Verdict.WATCH.value, None, "pace could not be measured")
    if wpm > RUSHING_WPM:
        return MeasureVerdict("rate", Verdict.FLAG.value, wpm, f"{wpm:.0f} words a minute is faster than a calm pace")
    if wpm < HALTING_WPM:
        return MeasureVerdict("rate", Verdict.WATCH.value, wpm, f"{wpm:.0f} words a minute is slower than conversation")
    low, high = CALM_WPM
    if low <= wpm <= high:
        return MeasureVerdict("rate", Verdict.OK.value, wpm, f"{wpm:.0f} words a minute is an unhurried pace")
    return MeasureVerdict("rate", Verdict.WATCH.value, wpm, f"{wpm:.0f} words a minute is near the edge of a calm pace")


def _pauses(d: Delivery) -> MeasureVerdict:
    long = [p for p in d.pauses if p.duration_s > LONG_PAUSE_S]
    if long:
        p = long[0]
        return MeasureVerdict(
            "pauses", Verdict.WATCH.value, p.duration_s, f"a {p.duration_s:.1f} s silence mid-reply", p.start_s
        )
    return MeasureVerdict("pauses", Verdict.OK.value, float(len(d.pauses)), f"{len(d.pauses)} pauses of 250 ms or more")


def _pitch_variety(d: Delivery) -> MeasureVerdict:
    if d.pitch_range_st is None:
        return MeasureVerdict("pitch", Verdict.OK.value, None, "pitch could not be measured")
    if d.pitch_range_st < MONOTONE_ST:
        return MeasureVerdict("pitch", Verdict.WATCH.value, d.pitch_range_st, "the voice stayed quite flat")
    return MeasureVerdict("pitch", Verdict.OK.value, d.pitch_range_st, "natural pitch movement")
