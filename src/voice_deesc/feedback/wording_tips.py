"""Rubric findings turned into strengths and things to try, each quoting the words it is about."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from voice_deesc.asr.base import Transcript
from voice_deesc.feedback.evidence import Phrasing, better_phrasing, quote
from voice_deesc.feedback.messages import (
    FLAG_TEXT,
    MISSING_CLIENT_WORDS_ADVICE,
    MISSING_QUESTION_ADVICE,
    MISSING_REFLECTION_ADVICE,
    missing_move,
    wording_strength,
    wording_suggestion,
)
from voice_deesc.feedback.tips import Tip
from voice_deesc.feedback.verdict_moves import most_client_words
from voice_deesc.feedback.verdict_record import Move
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
MISHEARD_IMPACT = 20
"""A flag resting only on words the recogniser was unsure of ranks below every flag on words it heard clearly."""
MISHEARD_MIN_WORDS = 2
"""A missing reflection or question could hide in a misheard stretch of two words or more, not in one word."""
MOVE_DONE = {
    "reflection": "said back what they told you",
    "open_question": "asked an open question or offered a choice",
}
"""What a missing move would have been, for "if you ... there, ignore this" after a possibly misheard stretch."""


def misheard_flags(findings: Sequence[Finding], transcript: Transcript | None) -> frozenset[int]:
    """Indices of flagged findings whose words are all uncertain: shown as possibly misheard, never costing points.

    The wording analysis stays pure (it flags what the transcript says); the assessment decides what a flag on
    words the recogniser may have misheard is worth.
    """
    if transcript is None:
        return frozenset()
    return frozenset(
        i
        for i, f in enumerate(findings)
        if f.polarity == Polarity.FLAG and transcript.rests_on_uncertain(f.start_char, f.end_char)
    )


def misheard_text(transcript: Transcript | None) -> str:
    """The first misheard stretch (:func:`misheard_stretches`), quoted in "I may have misheard '...'"; empty when
    there is none."""
    if transcript is None:
        return ""
    return next((transcript.text[start:end] for start, end in misheard_stretches(transcript)), "")


def misheard_stretches(transcript: Transcript | None) -> list[tuple[int, int]]:
    """Character spans of the stretches of at least ``MISHEARD_MIN_WORDS`` uncertain words (runs one clear word
    apart count as one stretch): where a move the analysis missed may have been said and misheard."""
    if transcript is None:
        return []
    text = transcript.text
    stretches: list[tuple[int, int, int]] = []  # start, end, uncertain words
    for start, end in transcript.uncertain_spans():
        count = len(text[start:end].split())
        if stretches and len(text[stretches[-1][1] : start].split()) <= 1:
            first, _, words = stretches[-1]
            stretches[-1] = (first, end, words + count)
        else:
            stretches.append((start, end, count))
    return [(start, end) for start, end, words in stretches if words >= MISHEARD_MIN_WORDS]


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
    findings: Sequence[Finding],
    text: str,
    scenario: Scenario | None,
    phrasings: Sequence[Phrasing],
    misheard: frozenset[int] = frozenset(),
) -> list[Tip]:
    """One tip per flagged category: what the words do, what to do instead, and a phrasing to try.

    A flag in ``misheard`` (see :func:`misheard_flags`) says "I may have misheard" instead, ranks last, and a
    flag on clearly heard words of the same category replaces it.
    """
    chosen: dict[Category, int] = {}
    for index, f in enumerate(findings):
        if f.polarity == Polarity.FLAG and (f.category not in chosen or chosen[f.category] in misheard):
            chosen[f.category] = index
    tips = []
    for index in sorted(chosen.values()):
        f = findings[index]
        try_phrase = better_phrasing(REPLACEMENTS.get(f.category, (C.REFLECTION,)), scenario, phrasings)
        said = quote(text, f.start_char, f.end_char, f.evidence)
        if index in misheard:
            written, spoken = misheard_flag_text(f, said)
            impact, try_phrase = MISHEARD_IMPACT, ""
        else:
            written, spoken = wording_suggestion(f.category, said, f.evidence, f.start_s, try_phrase)
            impact = FLAG_IMPACT.get(f.category, DEFAULT_FLAG_IMPACT)
        tips.append(
            Tip(
                f.category.value,
                written,
                spoken,
                impact,
                f.evidence,
                f.start_s,
                f.end_s,
                f.start_char,
                f.end_char,
                try_phrase,
            )
        )
    return tips


def missing_moves(
    findings: Sequence[Finding],
    scenario: Scenario | None,
    phrasings: Sequence[Phrasing],
    moves: Collection[Move],
    *,
    misheard: str = "",
    misheard_reflection: str = "",
) -> list[Tip]:
    """Key moves (a reflection, an open question) the reply left out, with a phrasing that makes them.

    ``moves`` are the verdict's listening moves (feedback/verdict_moves.py): a reflection is missing unless this
    client's own words were reflected, the move "proficient" needs, so a reply that only validated or reflected in
    general terms is told what would lift it. ``misheard`` (see :func:`misheard_text`) is a stretch the recogniser
    was unsure of: the trainee may have asked there, so the question tip says "I may have misheard '...'" first
    instead of telling them to say what they may already have said. ``misheard_reflection`` is the verdict's own
    stretch for the reflection (verdict_moves ``reflection_may_be_misheard``: inside a statement said to the client),
    so the reflection tip doubts only where the verdict does.
    """
    present = {f.category for f in findings if f.polarity == Polarity.CREDIT}
    tips = []
    for move, counts, impact, advice in MISSING_MOVES:
        phrase = ""
        if move == "reflection":
            missing, stretch = Move.REFLECTED not in moves, misheard_reflection
            if missing and not present.isdisjoint(counts):  # validated or reflected in general terms only
                advice = MISSING_CLIENT_WORDS_ADVICE
                phrase = most_client_words([p.sentence for p in phrasings], scenario)
        else:
            missing, stretch = present.isdisjoint(counts), misheard
        if missing:
            phrase = phrase or better_phrasing(counts, scenario, phrasings)
            written, spoken = missing_move(advice, phrase)
            if stretch:
                doubt = f"I may have misheard '{stretch}': if you {MOVE_DONE[move]} there, ignore this."
                written, spoken = f"{doubt} {written}", f"I may have misheard part of your reply. {spoken}"
            tips.append(Tip(f"missing_{move}", written, spoken, impact, try_phrase=phrase))
    return tips


def misheard_flag_text(finding: Finding, said: str) -> tuple[str, str]:
    """Written and spoken text for a flag on words the recogniser was unsure of: no advice rests on them."""
    what = FLAG_TEXT.get(finding.category, ("may not land well", ""))[0]
    written = (
        f"I may have misheard '{said}', so it does not count against you. "
        f"If you did say it: it {what}, and a reflection of their feeling works better."
    )
    return written, f"I may have misheard '{finding.evidence}', so it does not count against you."
