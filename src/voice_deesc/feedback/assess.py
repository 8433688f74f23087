"""Combine delivery and wording into scores, a band, strengths and suggestions (domain.md "Feedback style").

Feedback models the behaviour it teaches: what went well first (up to three), then at most three things to
try, ranked by impact, each pointing at the exact words or moment and offering a better phrasing drawn from
the scenario's model reply or the rubric. Inputs from the analyses are read defensively (``getattr`` with
defaults) so richer versions of ``Finding`` and ``MeasureVerdict`` keep working here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

from voice_deesc.feedback.delivery_tips import delivery_tips
from voice_deesc.feedback.evidence import (
    at_clock,
    better_phrasing,
    clock,
    model_sentence_matching,
    quote,
)
from voice_deesc.feedback.safety import SAFETY_ASK, SAFETY_DEFAULT_ASK, SafetyCheck, check_safety
from voice_deesc.feedback.tips import Tip

__all__ = ["Assessment", "Band", "SafetyCheck", "Tip", "assess", "band_for", "compare_with"]

CALM_WEIGHT = 0.5
"""Tone and words count equally: de-escalation fails on either."""
MAX_STRENGTHS = 3
MAX_SUGGESTIONS = 3
MAX_WORDING_STRENGTHS = 2
"""Leave room for one delivery strength in a spoken reply: praise how it sounded as well as what it said."""
SAFETY_MISSED_CAP = 49
"""A reply that ignores a suicidal hint is never better than "needs work" (domain.md: "never ignore it")."""


class Band(str, Enum):
    NEEDS_WORK = "needs work"
    DEVELOPING = "developing"
    PROFICIENT = "proficient"


BAND_FLOORS = ((75, Band.PROFICIENT), (50, Band.DEVELOPING), (0, Band.NEEDS_WORK))

CREDIT_ORDER = ("reflection", "validation", "open_question", "choice_autonomy", "collaboration", "presence", "apology")
"""Which strength to name first: listening moves before guiding moves (domain.md, steps 2-4)."""
CREDIT_TEXT = {
    "reflection": "You reflected back what you heard",
    "validation": "You validated the feeling",
    "open_question": "You invited them to say more",
    "choice_autonomy": "You left the choice with them",
    "collaboration": "You offered to work on it together",
    "presence": "You let them know you're with them",
    "apology": "You acknowledged what went wrong",
}

FLAG_IMPACT = {
    "threat_ultimatum": 95,
    "command_feelings": 90,
    "judgment_blame": 88,
    "labeling": 88,
    "sarcasm_profanity": 85,
    "minimizing": 80,
    "arguing": 78,
    "avoidance": 75,
    "premature_advice": 70,
    "why_question": 60,
}
"""Rank of a flagged phrase among the things to try: threats and commands escalate most (domain.md step 5)."""
FLAG_TEXT = {
    "threat_ultimatum": (
        "sounds like a threat, and threats usually escalate",
        "If a limit is needed, state it calmly after you've listened",
    ),
    "command_feelings": ("tells them how to feel, which tends to raise the heat", "Name the feeling instead"),
    "judgment_blame": ("can be heard as blame", "Reflect what happened instead"),
    "labeling": ("is a label, and people hear labels as judgment", "Describe the situation, not the person"),
    "sarcasm_profanity": ("may come across as sarcastic", "Keep it plain and kind"),
    "minimizing": ("may feel dismissive of what they're going through", "Acknowledge how big it is for them"),
    "arguing": ("contradicts them before they feel heard", "Reflect their view first"),
    "avoidance": ("may sound like you're stepping away", "Stay with them"),
    "premature_advice": ("jumps to a fix before they feel heard", "Ask what would help first"),
    "why_question": ("may sound like an interrogation", "Ask an open question"),
}
REPLACEMENTS = {
    "threat_ultimatum": ("presence", "collaboration"),
    "command_feelings": ("validation", "reflection"),
    "judgment_blame": ("reflection", "validation"),
    "labeling": ("reflection",),
    "sarcasm_profanity": ("validation", "reflection"),
    "minimizing": ("validation", "reflection"),
    "arguing": ("reflection", "open_question"),
    "avoidance": ("presence", "collaboration"),
    "premature_advice": ("choice_autonomy", "open_question", "collaboration"),
    "why_question": ("open_question",),
}
"""For each flagged category, the credit categories whose phrasing to offer instead."""

MISSING_MOVES = (
    ("reflection", ("reflection", "validation"), 35, "Name what they feel, in their own words"),
    ("open_question", ("open_question", "choice_autonomy"), 30, "Invite them to say what would help"),
)
"""(phrasing kind, categories that count, impact, advice) for key moves a reply left out."""


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
    previous: dict[str, Any] | None = None
    """Scores of the trainee's previous attempt at the same scenario, when history exists."""
    change: dict[str, int] | None = None
    """This attempt minus the previous one, per score (positive = better)."""
    heard_speech: bool = True

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
            "previous": self.previous,
            "change": self.change,
            "heard_speech": self.heard_speech,
        }


def band_for(score: int) -> Band:
    return next(band for floor, band in BAND_FLOORS if score >= floor)


def assess(
    wording: Any,
    calm: Any | None,
    scenario: Any | None,
    *,
    transcript: Any | None = None,
    previous: Any | None = None,
) -> Assessment:
    """Score a reply and say what went well and what to try next.

    Parameters
    ----------
    wording : Wording
        Rubric findings with character and time spans.
    calm : CalmScore or None
        Delivery verdicts; ``None`` for a typed reply.
    scenario : Scenario or None
        Supplies better phrasings (its model reply and feelings) and the safety requirement.
    transcript : Transcript, optional
        Lets quotes extend to the clause and moments name the words said then.
    previous : PastAttempt or dict, optional
        The trainee's previous attempt at this scenario; adds ``previous`` and ``change``.

    Returns
    -------
    Assessment
    """
    text = getattr(transcript, "text", "") or ""
    words = tuple(getattr(transcript, "words", ()) or ())
    heard = bool(words) if transcript is not None else getattr(wording, "word_count", 1) > 0
    if not heard:
        return _silent(scenario, previous)
    findings = tuple(getattr(wording, "findings", ()) or ())
    strengths = _wording_strengths(findings, text)[:MAX_WORDING_STRENGTHS]
    suggestions = _wording_suggestions(findings, text, scenario)
    delivery_ok, delivery_suggestions = delivery_tips(calm, words)
    strengths += delivery_ok
    strengths += _wording_strengths(findings, text)[MAX_WORDING_STRENGTHS:]
    suggestions += delivery_suggestions
    suggestions += _missing_moves(findings, scenario)
    safety = check_safety(scenario, text, words)
    if safety is not None:
        if safety.asked:
            strengths.insert(0, Tip("safety", safety.note, safety.note, 100, safety.evidence))
        else:
            ask = model_sentence_matching(SAFETY_ASK, scenario) or SAFETY_DEFAULT_ASK
            suggestions.append(
                Tip(
                    "safety",
                    f"{safety.note} Try: '{ask}'",
                    "Ask directly about suicide, and follow your safety protocol.",
                    100,
                    try_phrase=ask,
                )
            )
    suggestions.sort(key=lambda t: -t.impact)
    non_judgmental = int(getattr(wording, "non_judgmental", 0))
    calm_score = None if calm is None else int(calm.score)
    overall = (
        non_judgmental if calm_score is None else round(CALM_WEIGHT * calm_score + (1 - CALM_WEIGHT) * non_judgmental)
    )
    if safety is not None and not safety.asked:
        overall = min(overall, SAFETY_MISSED_CAP)
    chosen_strengths = tuple(strengths[:MAX_STRENGTHS])
    chosen_suggestions = tuple(suggestions[:MAX_SUGGESTIONS])
    result = Assessment(
        calm=calm_score,
        non_judgmental=non_judgmental,
        overall=int(overall),
        band=band_for(int(overall)).value,
        strengths=tuple(t.text for t in chosen_strengths),
        suggestions=tuple(t.text for t in chosen_suggestions),
        strength_details=chosen_strengths,
        suggestion_details=chosen_suggestions,
        safety=safety,
    )
    return compare_with(result, previous)


def compare_with(assessment: Assessment, previous: Any | None) -> Assessment:
    """Add the previous attempt's scores and the change since then (positive = better)."""
    if previous is None:
        return assessment
    prev = previous.to_dict() if hasattr(previous, "to_dict") else dict(previous)
    keep = {k: prev.get(k) for k in ("created_at", "calm", "non_judgmental", "overall", "band")}
    change = {
        key: int(getattr(assessment, key)) - int(prev[key])
        for key in ("calm", "non_judgmental", "overall")
        if getattr(assessment, key) is not None and prev.get(key) is not None
    }
    return replace(assessment, previous=keep, change=change)


def _silent(scenario: Any | None, previous: Any | None) -> Assessment:
    try_phrase = better_phrasing(("reflection", "validation"), scenario)
    tip = Tip(
        "silence",
        "No words were heard in this reply. Check that the microphone is on and close, take a breath, and answer "
        f"in your own words, for example: '{try_phrase}'",
        "I didn't hear a reply that time. When you're ready, take a breath and try again.",
        100,
        try_phrase=try_phrase,
    )
    result = Assessment(None, 0, 0, Band.NEEDS_WORK.value, (), (tip.text,), (), (tip,), heard_speech=False)
    return compare_with(result, previous)


def _wording_strengths(findings: Sequence[Any], text: str) -> list[Tip]:
    first: dict[str, Any] = {}
    for f in findings:
        if getattr(f, "polarity", "") == "+" and f.category not in first:
            first[f.category] = f
    order = [c for c in CREDIT_ORDER if c in first] + [c for c in first if c not in CREDIT_ORDER]
    tips = []
    for category in order:
        f = first[category]
        said = quote(text, getattr(f, "start_char", None), getattr(f, "end_char", None), f.evidence)
        lead = CREDIT_TEXT.get(category, f"You used {category.replace('_', ' ')}")
        start_s = getattr(f, "start_s", None)
        tips.append(
            Tip(
                category,
                f"{lead}: '{said}'{at_clock(start_s)}.",
                f"{lead} when you said: {said}.",
                evidence=f.evidence,
                start_s=start_s,
                end_s=getattr(f, "end_s", None),
                start_char=getattr(f, "start_char", None),
                end_char=getattr(f, "end_char", None),
            )
        )
    return tips


def _wording_suggestions(findings: Sequence[Any], text: str, scenario: Any | None) -> list[Tip]:
    seen: set[str] = set()
    tips = []
    for f in findings:
        if getattr(f, "polarity", "") != "-" or f.category in seen:
            continue
        seen.add(f.category)
        what, advice = FLAG_TEXT.get(f.category, ("may not land well", "Try a reflection instead"))
        try_phrase = better_phrasing(REPLACEMENTS.get(f.category, ("reflection",)), scenario)
        said = quote(text, getattr(f, "start_char", None), getattr(f, "end_char", None), f.evidence)
        start_s = getattr(f, "start_s", None)
        moment = f"At {clock(start_s)}, '{said}'" if start_s is not None else f"'{said}'"
        tips.append(
            Tip(
                f.category,
                f"{moment} {what}. {advice}; try: '{try_phrase}'",
                f"Instead of saying: {f.evidence}, try: {try_phrase}",
                FLAG_IMPACT.get(f.category, 50),
                f.evidence,
                start_s,
                getattr(f, "end_s", None),
                getattr(f, "start_char", None),
                getattr(f, "end_char", None),
                try_phrase,
            )
        )
    return tips


def _missing_moves(findings: Sequence[Any], scenario: Any | None) -> list[Tip]:
    present = {f.category for f in findings if getattr(f, "polarity", "") == "+"}
    tips = []
    for kind, counts, impact, advice in MISSING_MOVES:
        if present.isdisjoint(counts):
            phrase = better_phrasing((kind, *counts), scenario)
            tips.append(
                Tip(
                    f"missing_{kind}",
                    f"{advice}; try: '{phrase}'",
                    f"{advice}, like: {phrase}",
                    impact,
                    try_phrase=phrase,
                )
            )
    return tips
