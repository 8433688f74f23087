"""The ``non_judgmental`` score (0-100) from the findings, with a trace of every point gained or lost.

The formula is documented in :mod:`voice_deesc.wording.analyse`.
"""

from __future__ import annotations

from collections.abc import Sequence

from voice_deesc.wording.rubric import QUESTION_KIND_CATEGORY, Balance, Category, Finding, Polarity, ScoreStep

C = Category
BASE_SCORE = 70
CREDIT_POINTS = {
    C.REFLECTION: 8,
    C.VALIDATION: 8,
    C.OPEN_QUESTION: 6,
    C.COLLABORATION: 5,
    C.CHOICE_AUTONOMY: 5,
    C.PRESENCE: 4,
    C.APOLOGY: 4,
}
MAX_CREDIT = 30
FLAG_POINTS = {
    C.THREAT_ULTIMATUM: 20,
    C.LABELING: 15,
    C.JUDGMENT_BLAME: 15,
    C.COMMAND_FEELINGS: 15,
    C.SARCASM_PROFANITY: 12,
    C.ARGUING: 12,
    C.MINIMIZING: 12,
    C.AVOIDANCE: 12,
    C.PREMATURE_ADVICE: 10,
    C.WHY_QUESTION: 8,
}
REPEAT_FLAG_POINTS = 5
QUESTION_RUN = 3
"""Questions in a row with no reflection that tip the balance (domain.md, MITI 4.2.1)."""
QUESTION_RUN_POINTS = 3
GOOD_RATIO = 2.0
"""Reflections per question rated "good" by MITI 4.2.1; 1.0 is "fair"."""
FAIR_RATIO = 1.0


def score_trace(findings: Sequence[Finding], balance: Balance | None = None) -> tuple[ScoreStep, ...]:
    """Every point gained or lost, each tied to a finding (see the module docstring for the formula)."""
    trace: list[ScoreStep] = []
    credited: set[Category] = set()
    flagged: set[Category] = set()
    credit_total = 0
    runs = balance.question_runs if balance is not None else ()
    for index, f in enumerate(findings):
        points = 0
        reason = ""
        name = f.category.value.replace("_", " ")
        if f.polarity == Polarity.CREDIT and f.category not in credited:
            credited.add(f.category)
            points = min(CREDIT_POINTS.get(f.category, 0), MAX_CREDIT - credit_total)
            credit_total += points
            reason = f"first {name}" + (
                "" if points == CREDIT_POINTS.get(f.category) else f" (credit capped at {MAX_CREDIT})"
            )
        elif f.polarity == Polarity.FLAG:
            if f.category in flagged:
                points = -REPEAT_FLAG_POINTS
                reason = f"another {name}"
            else:
                flagged.add(f.category)
                points = -FLAG_POINTS.get(f.category, REPEAT_FLAG_POINTS)
                reason = f"first {name}"
        elif f.category == Category.CLOSED_QUESTION:
            for run in runs:
                if run.start_char <= f.start_char <= run.end_char:
                    earlier = sum(
                        1
                        for g in findings[:index]
                        if g.category in QUESTION_KIND_CATEGORY.values() and run.start_char <= g.start_char
                    )
                    if earlier >= 2:
                        points = -QUESTION_RUN_POINTS
                        reason = f"{run.length} questions in a row with no reflection"
        if points:
            trace.append(ScoreStep(index, f.category, f.evidence, points, reason))
    return tuple(trace)


def score_from_trace(trace: Sequence[ScoreStep]) -> int:
    """``BASE_SCORE`` plus every step, clamped to 0-100."""
    return int(max(0, min(100, BASE_SCORE + sum(step.points for step in trace))))


def score_without(findings: Sequence[Finding], balance: Balance | None, dropped: frozenset[int]) -> int:
    """The score when the findings at the indices in ``dropped`` count for nothing.

    Used for flags resting on words the recogniser may have misheard: they stay in the findings, cost no points.
    """
    return score_from_trace(score_trace([f for i, f in enumerate(findings) if i not in dropped], balance))
