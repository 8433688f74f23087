"""The ``non_judgmental`` score (0-100) from the findings, with a trace of every point gained or lost.

The formula is documented in :mod:`voice_deesc.wording.analyse`.
"""

from __future__ import annotations

from typing import Any

from voice_deesc.wording.rubric import QUESTION_KIND_CATEGORY, Finding, Polarity

BASE_SCORE = 70
CREDIT_POINTS = {
    "reflection": 8,
    "validation": 8,
    "open_question": 6,
    "collaboration": 5,
    "choice_autonomy": 5,
    "presence": 4,
    "apology": 4,
}
MAX_CREDIT = 30
FLAG_POINTS = {
    "threat_ultimatum": 20,
    "labeling": 15,
    "judgment_blame": 15,
    "command_feelings": 15,
    "sarcasm_profanity": 12,
    "arguing": 12,
    "minimizing": 12,
    "avoidance": 12,
    "premature_advice": 10,
    "why_question": 8,
}
REPEAT_FLAG_POINTS = 5
QUESTION_RUN = 3
"""Questions in a row with no reflection that tip the balance (domain.md, MITI 4.2.1)."""
QUESTION_RUN_POINTS = 3
GOOD_RATIO = 2.0
"""Reflections per question rated "good" by MITI 4.2.1; 1.0 is "fair"."""
FAIR_RATIO = 1.0


def score_trace(findings: list[Finding], balance: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every point gained or lost, each tied to a finding (see the module docstring for the formula)."""
    trace: list[dict[str, Any]] = []
    credited: set[str] = set()
    flagged: set[str] = set()
    credit_total = 0
    runs = (balance or {}).get("question_runs", [])
    for index, f in enumerate(findings):
        points = 0
        reason = ""
        if f.polarity == Polarity.CREDIT.value and f.category not in credited:
            credited.add(f.category)
            points = min(CREDIT_POINTS.get(f.category, 0), MAX_CREDIT - credit_total)
            credit_total += points
            reason = f"first {f.category.replace('_', ' ')}" + (
                "" if points == CREDIT_POINTS.get(f.category) else f" (credit capped at {MAX_CREDIT})"
            )
        elif f.polarity == Polarity.FLAG.value:
            if f.category in flagged:
                points = -REPEAT_FLAG_POINTS
                reason = f"another {f.category.replace('_', ' ')}"
            else:
                flagged.add(f.category)
                points = -FLAG_POINTS.get(f.category, REPEAT_FLAG_POINTS)
                reason = f"first {f.category.replace('_', ' ')}"
        elif f.category == "closed_question":
            for run in runs:
                if run["start_char"] <= f.start_char <= run["end_char"]:
                    earlier = sum(
                        1
                        for g in findings[:index]
                        if g.category in QUESTION_KIND_CATEGORY.values() and run["start_char"] <= g.start_char
                    )
                    if earlier >= 2:
                        points = -QUESTION_RUN_POINTS
                        reason = f"{run['length']} questions in a row with no reflection"
        if points:
            trace.append(
                {"finding": index, "category": f.category, "evidence": f.evidence, "points": points, "reason": reason}
            )
    return trace


def score_wording(findings: list[Finding]) -> int:
    """The score for a list of findings alone (no question-run balance); kept for callers of the first version."""
    return int(max(0, min(100, BASE_SCORE + sum(t["points"] for t in score_trace(findings)))))
