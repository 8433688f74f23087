"""Combine delivery and wording into scores, a band, strengths and suggestions (domain.md "Feedback style").

The overall score and band come from :mod:`voice_deesc.feedback.verdict`, which states the band rules and records
every step of the score; the listening moves, escalators and whether delivery was calm are typed fields here.

Feedback models the behaviour it teaches: what went well first (up to three), then at most three things to
try, ranked by impact, each pointing at the exact words or moment and offering a better phrasing drawn from
the scenario's model reply or the rubric. Inputs are the analyses' typed records; nothing is re-analysed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from voice_deesc.asr.base import Transcript
from voice_deesc.delivery.verdicts import CalmScore
from voice_deesc.feedback.checklist import with_avoid_tips
from voice_deesc.feedback.delivery_tips import delivery_tips
from voice_deesc.feedback.evidence import Phrasing, better_phrasing, model_sentence_matching
from voice_deesc.feedback.messages import (
    SAFETY_DEFAULT_ASK,
    SAFETY_MISSED_SPOKEN,
    SILENT_SUMMARY,
    safety_missed_tip,
    silent_tip,
)
from voice_deesc.feedback.safety import SafetyCheck, check_safety
from voice_deesc.feedback.tips import Tip
from voice_deesc.feedback.verdict import (
    BAND_FLOORS,
    NEEDS_WORK_CAP,
    Band,
    EscalatorFound,
    MoveMade,
    StepKind,
    Verdict,
    VerdictStep,
    band_for,
    decide,
)
from voice_deesc.feedback.verdict_moves import reflection_may_be_misheard
from voice_deesc.feedback.wording_tips import (
    misheard_flags,
    misheard_stretches,
    misheard_text,
    missing_moves,
    wording_strengths,
    wording_suggestions,
)
from voice_deesc.scenarios.model import SAFETY_QUESTION, Scenario
from voice_deesc.wording.rubric import Category, Wording
from voice_deesc.wording.score import score_without

__all__ = [
    "BAND_FLOORS",
    "Assessment",
    "Band",
    "PreviousScores",
    "SafetyCheck",
    "Tip",
    "assess",
    "band_for",
    "compare_with",
]

MAX_STRENGTHS = 3
MAX_SUGGESTIONS = 3
MAX_WORDING_STRENGTHS = 2
"""Leave room for one delivery strength in a spoken reply: praise how it sounded as well as what it said."""
SAFETY_MISSED_CAP = NEEDS_WORK_CAP
"""A reply that ignores a suicidal hint is never better than "needs work" (domain.md: "never ignore it")."""
TOP_IMPACT = 100
"""Safety and silence come before any other tip."""
SCORE_KEYS = ("calm", "non_judgmental", "overall")


@dataclass(frozen=True)
class PreviousScores:
    """The scores of the trainee's previous attempt at the same scenario (from the history store)."""

    created_at: str
    calm: int | None
    non_judgmental: int | None
    overall: int | None
    band: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at,
            "calm": self.calm,
            "non_judgmental": self.non_judgmental,
            "overall": self.overall,
            "band": self.band,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PreviousScores:
        return cls(
            str(data.get("created_at", "")),
            data.get("calm"),
            data.get("non_judgmental"),
            data.get("overall"),
            str(data.get("band", "")),
        )


@dataclass(frozen=True)
class Assessment:
    calm: int | None
    """0-100 from delivery; None for a typed (text-only) or silent reply."""
    non_judgmental: int
    overall: int
    band: str
    strengths: tuple[str, ...]
    suggestions: tuple[str, ...]
    strength_details: tuple[Tip, ...] = ()
    suggestion_details: tuple[Tip, ...] = ()
    safety: SafetyCheck | None = None
    """Set for safety-critical scenarios only."""
    previous: PreviousScores | None = None
    """Scores of the trainee's previous attempt at the same scenario, when history exists."""
    change: dict[str, int] | None = None
    """This attempt minus the previous one, per score (positive = better)."""
    heard_speech: bool = True
    moves: tuple[MoveMade, ...] = ()
    """The listening moves made for this client (feedback/verdict.py)."""
    escalators: tuple[EscalatorFound, ...] = ()
    """What in the reply escalates: rubric flags and broken avoid items (flags on misheard words excluded)."""
    calm_delivery: bool | None = None
    """Whether the delivery was calm enough for "proficient"; None for a typed or silent reply."""
    overall_steps: tuple[VerdictStep, ...] = ()
    """Every point of ``overall``: the steps sum to it (empty in attempts stored before they existed)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "calm": self.calm,
            "non_judgmental": self.non_judgmental,
            "overall": self.overall,
            "band": self.band,
            "strengths": list(self.strengths),
            "suggestions": list(self.suggestions),
            "strength_details": [t.to_dict() for t in self.strength_details],
            "suggestion_details": [t.to_dict() for t in self.suggestion_details],
            "safety": None if self.safety is None else self.safety.to_dict(),
            "previous": None if self.previous is None else self.previous.to_dict(),
            "change": self.change,
            "heard_speech": self.heard_speech,
            "moves": [m.to_dict() for m in self.moves],
            "escalators": [e.to_dict() for e in self.escalators],
            "calm_delivery": self.calm_delivery,
            "overall_steps": [s.to_dict() for s in self.overall_steps],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        return cls(
            calm=data.get("calm"),
            non_judgmental=int(data["non_judgmental"]),
            overall=int(data["overall"]),
            band=str(data["band"]),
            strengths=tuple(data.get("strengths") or ()),
            suggestions=tuple(data.get("suggestions") or ()),
            strength_details=tuple(Tip.from_dict(t) for t in data.get("strength_details") or ()),
            suggestion_details=tuple(Tip.from_dict(t) for t in data.get("suggestion_details") or ()),
            safety=SafetyCheck.from_dict(data["safety"]) if data.get("safety") else None,
            previous=PreviousScores.from_dict(data["previous"]) if data.get("previous") else None,
            change=dict(data["change"]) if data.get("change") else None,
            heard_speech=bool(data.get("heard_speech", True)),
            moves=tuple(MoveMade.from_dict(m) for m in data.get("moves") or ()),
            escalators=tuple(EscalatorFound.from_dict(e) for e in data.get("escalators") or ()),
            calm_delivery=data.get("calm_delivery"),
            overall_steps=tuple(VerdictStep.from_dict(s) for s in data.get("overall_steps") or ()),
        )


def assess(
    wording: Wording,
    calm: CalmScore | None,
    scenario: Scenario | None,
    *,
    transcript: Transcript | None = None,
    phrasings: Sequence[Phrasing] = (),
    previous: PreviousScores | None = None,
) -> Assessment:
    """Score a reply and say what went well and what to try next.

    Parameters
    ----------
    wording : Wording
        Rubric findings with character and time spans.
    calm : CalmScore or None
        Delivery verdicts; ``None`` for a typed reply.
    scenario : Scenario or None
        Supplies fallback phrasings (its feelings) and the safety requirement.
    transcript : Transcript, optional
        Lets quotes extend to the clause and moments name the words said then.
    phrasings : sequence of Phrasing
        The scenario's model reply, sentence by sentence, with the categories each does (offered first).
    previous : PreviousScores, optional
        The trainee's previous attempt at this scenario; adds ``previous`` and ``change``.

    Returns
    -------
    Assessment
    """
    text = transcript.text if transcript is not None else ""
    words = transcript.words if transcript is not None else ()
    heard = bool(words) if transcript is not None else wording.word_count > 0
    if not heard:
        return compare_with(_silent(scenario, phrasings), previous)
    findings = wording.findings
    credits = wording_strengths(findings, text)
    strengths = credits[:MAX_WORDING_STRENGTHS]
    misheard = misheard_flags(findings, transcript)  # flags on words the recogniser may have misheard cost nothing
    non_judgmental = score_without(findings, wording.balance, misheard) if misheard else wording.non_judgmental
    suggestions = wording_suggestions(findings, text, scenario, phrasings, misheard)
    delivery_ok, delivery_suggestions = delivery_tips(calm, words)
    strengths += delivery_ok + credits[MAX_WORDING_STRENGTHS:]
    safety = check_safety(scenario, text, words)
    doubted = reflection_may_be_misheard(text, misheard_stretches(transcript))
    verdict = decide(wording, calm, scenario, text=text, safety=safety, ignored=misheard, misheard_reflection=doubted)
    made = {m.move for m in verdict.moves}
    suggestions += delivery_suggestions + missing_moves(
        findings, scenario, phrasings, made, misheard=misheard_text(transcript), misheard_reflection=doubted
    )
    if safety is not None:
        _add_safety_tip(safety, scenario, strengths, suggestions)
    suggestions = _ranked(with_avoid_tips(suggestions, wording, transcript, scenario, phrasings))
    result = _assessment(calm, non_judgmental, verdict, strengths, suggestions, safety)
    return compare_with(result, previous)


def _add_safety_tip(
    safety: SafetyCheck, scenario: Scenario | None, strengths: list[Tip], suggestions: list[Tip]
) -> None:
    """The safety ask outranks every other tip: asked, it is the first strength; missed, a top-impact suggestion."""
    if safety.asked:
        strengths.insert(0, Tip("safety", safety.note, safety.note, TOP_IMPACT, safety.evidence))
    else:
        suggestions.append(_safety_tip(safety, scenario))


def _ranked(suggestions: list[Tip]) -> list[Tip]:
    """Highest impact first, so the cut to ``MAX_SUGGESTIONS`` keeps what matters most, each phrasing offered once."""
    suggestions.sort(key=lambda t: -t.impact)
    return _distinct_try_phrases(suggestions)


def _assessment(
    calm: CalmScore | None,
    non_judgmental: int,
    verdict: Verdict,
    strengths: list[Tip],
    suggestions: list[Tip],
    safety: SafetyCheck | None,
) -> Assessment:
    """Only the top tips reach the trainee (up to three of each, see the module docstring), as text and with their
    evidence."""
    chosen_strengths = tuple(strengths[:MAX_STRENGTHS])
    chosen_suggestions = tuple(suggestions[:MAX_SUGGESTIONS])
    return Assessment(
        calm=None if calm is None else calm.score,
        non_judgmental=non_judgmental,
        overall=verdict.overall,
        band=verdict.band.value,
        strengths=tuple(t.text for t in chosen_strengths),
        suggestions=tuple(t.text for t in chosen_suggestions),
        strength_details=chosen_strengths,
        suggestion_details=chosen_suggestions,
        safety=safety,
        moves=verdict.moves,
        escalators=verdict.escalators,
        calm_delivery=verdict.calm_delivery,
        overall_steps=verdict.steps,
    )


def compare_with(assessment: Assessment, previous: PreviousScores | None) -> Assessment:
    """Add the previous attempt's scores and the change since then (positive = better)."""
    if previous is None:
        return assessment
    now = {"calm": assessment.calm, "non_judgmental": assessment.non_judgmental, "overall": assessment.overall}
    then = {"calm": previous.calm, "non_judgmental": previous.non_judgmental, "overall": previous.overall}
    change = {key: int(now[key] or 0) - int(then[key] or 0) for key in SCORE_KEYS if None not in (now[key], then[key])}
    return replace(assessment, previous=previous, change=change)


def _distinct_try_phrases(ranked: list[Tip]) -> list[Tip]:
    """Drop a lower-ranked tip that offers a phrasing already offered: two tips saying "try: X" read as one."""
    offered: set[str] = set()
    kept = []
    for tip in ranked:
        phrase = tip.try_phrase.strip().casefold()
        if phrase and phrase in offered:
            continue
        offered.add(phrase)
        kept.append(tip)
    return kept


def _safety_tip(safety: SafetyCheck, scenario: Scenario | None) -> Tip:
    ask = model_sentence_matching(SAFETY_QUESTION, scenario) or SAFETY_DEFAULT_ASK
    return Tip("safety", safety_missed_tip(safety.note, ask), SAFETY_MISSED_SPOKEN, TOP_IMPACT, try_phrase=ask)


def _silent(scenario: Scenario | None, phrasings: Sequence[Phrasing]) -> Assessment:
    try_phrase = better_phrasing((Category.REFLECTION, Category.VALIDATION), scenario, phrasings)
    tip = Tip("silence", silent_tip(try_phrase), SILENT_SUMMARY, TOP_IMPACT, try_phrase=try_phrase)
    nothing = VerdictStep(StepKind.BASE, 0, "no words were heard")
    return Assessment(
        None, 0, 0, Band.NEEDS_WORK.value, (), (tip.text,), (), (tip,), heard_speech=False, overall_steps=(nothing,)
    )
