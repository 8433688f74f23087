"""Rubric findings turned into strengths and things to try, each quoting the words it is about."""

from __future__ import annotations

from collections.abc import Sequence

from voice_deesc.feedback.evidence import Phrasing, better_phrasing, quote
from voice_deesc.feedback.messages import (
    MISSING_QUESTION_ADVICE,
    MISSING_REFLECTION_ADVICE,
    missing_move,
    wording_strength,
    wording_suggestion,
)
from voice_deesc.feedback.tips import Tip
from voice_deesc.scenarios.model import Scenario
from voice_deesc.wording.rubric import Category, Finding, Polarity

C = Category
CREDIT_ORDER = (C.REFLECTION, C.VALIDATION, C.OPEN_QUESTION, C.CHOICE_AUTONOMY, C.COLLABORATION, C.PRESENCE, C.APOLOGY)
"""Which strength to name first: listening moves before guiding moves (domain.md, steps 2-4)."""
FLAG_IMPACT = {
    C.THREAT_ULTIMATUM: 95,
    C.COMMAND_FEELINGS: 90,
    C.JUDGMENT_BLAME: 88,
    C.LABELING: 88,
    C.SARCASM_PROFANITY: 85,
    C.MINIMIZING: 80,
    C.ARGUING: 78,
    C.AVOIDANCE: 75,
    C.PREMATURE_ADVICE: 70,
    C.WHY_QUESTION: 60,
}
"""Rank of a flagged phrase among the things to try: threats and commands escalate most (domain.md step 5)."""
REPLACEMENTS = {
    C.THREAT_ULTIMATUM: (C.PRESENCE, C.COLLABORATION),
    C.COMMAND_FEELINGS: (C.VALIDATION, C.REFLECTION),
    C.JUDGMENT_BLAME: (C.REFLECTION, C.VALIDATION),
    C.LABELING: (C.REFLECTION,),
    C.SARCASM_PROFANITY: (C.VALIDATION, C.REFLECTION),
    C.MINIMIZING: (C.VALIDATION, C.REFLECTION),
    C.ARGUING: (C.REFLECTION, C.OPEN_QUESTION),
    C.AVOIDANCE: (C.PRESENCE, C.COLLABORATION),
    C.PREMATURE_ADVICE: (C.CHOICE_AUTONOMY, C.OPEN_QUESTION, C.COLLABORATION),
    C.WHY_QUESTION: (C.OPEN_QUESTION,),
}
"""For each flagged category, the credit categories whose phrasing to offer instead."""
DEFAULT_FLAG_IMPACT = 50
MISSING_MOVES = (
    ("reflection", (C.REFLECTION, C.VALIDATION), 35, MISSING_REFLECTION_ADVICE),
    ("open_question", (C.OPEN_QUESTION, C.CHOICE_AUTONOMY), 30, MISSING_QUESTION_ADVICE),
)
"""(move, categories that count, impact, advice) for key moves a reply left out; the first category's phrasing
is offered."""


def wording_strengths(findings: Sequence[Finding], text: str) -> list[Tip]:
    """One strength per credited category, in ``CREDIT_ORDER``, quoting the first words that earned it."""
    first: dict[Category, Finding] = {}
    for f in findings:
        if f.polarity == Polarity.CREDIT and f.category not in first:
            first[f.category] = f
    order = [c for c in CREDIT_ORDER if c in first] + [c for c in first if c not in CREDIT_ORDER]
    tips = []
    for category in order:
        f = first[category]
        said = quote(text, f.start_char, f.end_char, f.evidence)
        written, spoken = wording_strength(category, said, f.start_s)
        tips.append(
            Tip(
                category.value,
                written,
                spoken,
                evidence=f.evidence,
                start_s=f.start_s,
                end_s=f.end_s,
                start_char=f.start_char,
                end_char=f.end_char,
            )
        )
    return tips


def wording_suggestions(
    findings: Sequence[Finding], text: str, scenario: Scenario | None, phrasings: Sequence[Phrasing]
) -> list[Tip]:
    """One tip per flagged category: what the words do, what to do instead, and a phrasing to try."""
    seen: set[Category] = set()
    tips = []
    for f in findings:
        if f.polarity != Polarity.FLAG or f.category in seen:
            continue
        seen.add(f.category)
        try_phrase = better_phrasing(REPLACEMENTS.get(f.category, (C.REFLECTION,)), scenario, phrasings)
        said = quote(text, f.start_char, f.end_char, f.evidence)
        written, spoken = wording_suggestion(f.category, said, f.evidence, f.start_s, try_phrase)
        tips.append(
            Tip(
                f.category.value,
                written,
                spoken,
                FLAG_IMPACT.get(f.category, DEFAULT_FLAG_IMPACT),
                f.evidence,
                f.start_s,
                f.end_s,
                f.start_char,
                f.end_char,
                try_phrase,
            )
        )
    return tips


def missing_moves(findings: Sequence[Finding], scenario: Scenario | None, phrasings: Sequence[Phrasing]) -> list[Tip]:
    """Key moves (a reflection, an open question) the reply left out, with a phrasing that makes them."""
    present = {f.category for f in findings if f.polarity == Polarity.CREDIT}
    tips = []
    for move, counts, impact, advice in MISSING_MOVES:
        if present.isdisjoint(counts):
            phrase = better_phrasing(counts, scenario, phrasings)
            written, spoken = missing_move(advice, phrase)
            tips.append(Tip(f"missing_{move}", written, spoken, impact, try_phrase=phrase))
    return tips
