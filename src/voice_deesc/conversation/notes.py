"""The short written note after each turn: how the client took the reply, why, and one thing to carry forward.

domain.md "Feedback style": specific, kind, brief. The note is a line or two; the full per-turn detail belongs to
the end-of-conversation report.
"""

from __future__ import annotations

from voice_deesc.conversation.branching import BranchDecision, Mover, Reason
from voice_deesc.conversation.record import Branch, EndState, TurnResult

END_WORDS = {
    EndState.SETTLED: "You agreed a next step together: the conversation has settled.",
    EndState.ESCALATED: "The client has walked away: this conversation escalated.",
    EndState.SAFETY_HANDOFF: "The client accepted a warm hand-off to crisis support.",
}
MAX_REASONS = 2
"""Name at most two things that moved the client; the report lists them all."""


def turn_note(result: TurnResult, decision: BranchDecision, end_state: EndState | None = None) -> str:
    """One turn's note, e.g. "The client settles (agitation 7 to 5). You reflected back what you heard ..."."""
    before, after = result.agitation, result.agitation_after
    moved = f"agitation {before} to {after}" if after != before else f"agitation {before}"
    headline = f"The client {decision.branch.value} ({moved})."
    attempt = result.attempt
    if decision.branch is Branch.SETTLES:
        detail = attempt.assessment.strengths[0] if attempt.assessment.strengths else ""
    elif decision.branch is Branch.ESCALATES:
        because = "; ".join(_reason_words(r) for r in decision.reasons[:MAX_REASONS])
        tip = attempt.assessment.suggestions[0] if attempt.assessment.suggestions else ""
        detail = f"What moved them: {because}." + (f" Next time: {tip}" if tip else "")
    else:
        detail = attempt.assessment.suggestions[0] if attempt.assessment.suggestions else ""
    lines = [f"{headline} {detail}".strip()]
    if end_state is not None:
        lines.append(END_WORDS[end_state])
    return "\n".join(lines)


def _reason_words(reason: Reason) -> str:
    """One reason as words the trainee reads."""
    evidence = reason.evidence
    if reason.mover is Mover.ESCALATOR:
        return f"they heard {evidence}"
    if reason.mover is Mover.BROKEN_AVOID:
        return f"the reply did what this moment asks you to avoid ({evidence})"
    if reason.mover is Mover.RUSHED:
        return f"your pace sounded rushed ({evidence})"
    if reason.mover is Mover.STRAINED:
        return f"your voice sounded strained ({evidence})"
    if reason.mover is Mover.SAFETY_IGNORED:
        return "their hint about not wanting to be around went unanswered"
    return reason.describe()
