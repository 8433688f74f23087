"""Combine delivery and wording into scores, a band, strengths and suggestions (domain.md "Feedback style")."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from voice_deesc.analysis.calm import CalmScore, Verdict
from voice_deesc.analysis.wording import Polarity, Wording
from voice_deesc.scenarios import Scenario

CALM_WEIGHT = 0.5
"""Tone and words count equally: de-escalation fails on either."""
MAX_STRENGTHS = 3
MAX_SUGGESTIONS = 3


class Band(str, Enum):
    NEEDS_WORK = "needs work"
    DEVELOPING = "developing"
    PROFICIENT = "proficient"


BAND_FLOORS = ((75, Band.PROFICIENT), (50, Band.DEVELOPING), (0, Band.NEEDS_WORK))


@dataclass(frozen=True)
class Assessment:
    calm: int | None
    """0-100 from delivery; None for a typed (text-only) reply."""
    non_judgmental: int
    overall: int
    band: str
    strengths: tuple[str, ...]
    suggestions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["strengths"] = list(self.strengths)
        data["suggestions"] = list(self.suggestions)
        return data


def band_for(score: int) -> Band:
    return next(band for floor, band in BAND_FLOORS if score >= floor)


def assess(wording: Wording, calm: CalmScore | None, scenario: Scenario | None) -> Assessment:
    overall = (
        wording.non_judgmental
        if calm is None
        else round(CALM_WEIGHT * calm.score + (1 - CALM_WEIGHT) * wording.non_judgmental)
    )
    strengths: list[str] = []
    suggestions: list[str] = []
    seen: set[str] = set()
    for f in wording.findings:
        if f.category in seen:
            continue
        seen.add(f.category)
        if f.polarity == Polarity.CREDIT.value:
            strengths.append(f"You said '{f.evidence}' ({f.category.replace('_', ' ')}).")
        elif f.polarity == Polarity.FLAG.value:
            hint = f" Try: '{scenario.model_reply}'" if scenario else ""
            suggestions.append(f"'{f.evidence}' may land as {f.category.replace('_', ' ')}.{hint}")
    if calm is not None:
        for v in calm.verdicts:
            if v.verdict == Verdict.OK.value and len(strengths) < MAX_STRENGTHS:
                strengths.append(f"Your {v.measure}: {v.message}.")
            elif v.verdict != Verdict.OK.value:
                suggestions.append(f"Your {v.measure}: {v.message}.")
    return Assessment(
        calm=None if calm is None else calm.score,
        non_judgmental=wording.non_judgmental,
        overall=int(overall),
        band=band_for(int(overall)).value,
        strengths=tuple(strengths[:MAX_STRENGTHS]),
        suggestions=tuple(suggestions[:MAX_SUGGESTIONS]),
    )
