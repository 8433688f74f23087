"""How the client takes a reply: the branch rule, and how the client's agitation moves with it.

The rule reads only the judged :class:`~voice_deesc.pipeline.Attempt` of the turn (analysed against the turn's own
feelings, goals, avoid items and model reply), so a report can ask it again of a stored attempt and get the same
answer. In order (domain.md, "What an instructor's verdict means"):

1. **escalates** when the reply did anything that escalates a real client: an escalator in the words (a threat,
   blame, a label, a command about feelings or voice, minimising, arguing, sarcasm), an avoid item of this turn
   broken, a strained or rushed delivery (a flagged verdict on pace, vocal effort, pitch level, loudness or sudden
   rises), or a suicidal hint left unanswered. Flags on words the recogniser may have misheard do not count, as
   they carry no points either.
2. **settles** when the reply is "proficient" (the listening moves this client needs, no escalator, calm
   delivery: ``Assessment.band``).
3. **holds** otherwise: partly there, nothing that escalates; the client stays where they are. A reply in which no
   speech was heard holds too: the client waits.

Agitation (0-10) moves by ``AGITATION_STEP``: down 2 when the client settles, unchanged when they hold, up 2 when
they escalate, within 0-10.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from voice_deesc.conversation.record import Branch
from voice_deesc.delivery.verdicts import Aspect, Direction, Measure, Verdict
from voice_deesc.textenum import TextEnum
from voice_deesc.wording.rubric import Category

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt
    from voice_deesc.wording.rubric import Finding

ESCALATORS = frozenset(
    (
        Category.THREAT_ULTIMATUM,
        Category.JUDGMENT_BLAME,
        Category.LABELING,
        Category.COMMAND_FEELINGS,
        Category.MINIMIZING,
        Category.ARGUING,
        Category.SARCASM_PROFANITY,
    )
)
"""Rubric categories that escalate a real client however well the rest of the reply went (domain.md step 2)."""
RUSHED_MEASURES = frozenset((Measure.RATE, Measure.RATE_VS_BASELINE))
STRAINED_MEASURES = frozenset(
    (
        Measure.EFFORT,
        Measure.EFFORT_VS_BASELINE,
        Measure.PITCH_LEVEL,
        Measure.PITCH_VS_BASELINE,
        Measure.LOUDNESS_VS_BASELINE,
    )
)
STRAINED_STEADINESS = frozenset((Aspect.RISE, Aspect.CLIPPED, Aspect.TREND))
"""Steadiness flags that mean a raised voice: a sudden rise, clipping, growing louder toward the end."""
AGITATION_STEP = {Branch.SETTLES: -2, Branch.HOLDS: 0, Branch.ESCALATES: 2}
AGITATION_RANGE = (0, 10)
PROFICIENT = "proficient"
"""``Assessment.band`` of a reply that does what an instructor wants for this client."""


class Mover(TextEnum):
    """What moved the client one way or the other."""

    ESCALATOR = "escalator"
    BROKEN_AVOID = "broken avoid item"
    RUSHED = "rushed delivery"
    STRAINED = "strained delivery"
    SAFETY_IGNORED = "suicidal hint unanswered"
    LISTENED = "listened and guided"
    PARTLY = "partly there"
    NO_SPEECH = "no reply heard"


@dataclass(frozen=True)
class Reason:
    """One thing that moved the client, with the words or the measure that shows it."""

    mover: Mover
    evidence: str = ""
    """The reply's words (escalator, avoid item), the rubric category or the measure's value."""
    at_s: float | None = None
    """Seconds into the reply, when known."""

    def describe(self) -> str:
        """Plain words for a note: "escalator: 'or I'll call security' (threat_ultimatum)"."""
        return f"{self.mover.value}: {self.evidence}" if self.evidence else self.mover.value


@dataclass(frozen=True)
class BranchDecision:
    branch: Branch
    reasons: tuple[Reason, ...]
    """Why: every escalating reason found, or what settled or held the client."""


def decide_branch(attempt: Attempt) -> BranchDecision:
    """The branch a judged reply sends the conversation down (the rule in this module's docstring)."""
    escalating = _wording_escalators(attempt) + _delivery_escalators(attempt) + _safety_ignored(attempt)
    if escalating:
        return BranchDecision(Branch.ESCALATES, tuple(escalating))
    if not attempt.heard_speech:
        return BranchDecision(Branch.HOLDS, (Reason(Mover.NO_SPEECH),))
    if attempt.assessment.band == PROFICIENT:
        strengths = attempt.assessment.strengths
        return BranchDecision(Branch.SETTLES, (Reason(Mover.LISTENED, strengths[0] if strengths else ""),))
    suggestions = attempt.assessment.suggestions
    return BranchDecision(Branch.HOLDS, (Reason(Mover.PARTLY, suggestions[0] if suggestions else ""),))


def move_agitation(level: int, branch: Branch) -> int:
    """The client's agitation after a reply that took ``branch``, kept within 0-10."""
    low, high = AGITATION_RANGE
    return max(low, min(high, level + AGITATION_STEP[branch]))


def _wording_escalators(attempt: Attempt) -> list[Reason]:
    from voice_deesc.feedback.wording_tips import misheard_flags

    findings = attempt.wording.findings
    uncertain = misheard_flags(findings, attempt.transcript)
    reasons = [
        Reason(Mover.ESCALATOR, f"'{f.evidence}' ({f.category.value})", f.start_s)
        for i, f in enumerate(findings)
        if f.category in ESCALATORS and i not in uncertain
    ]
    reasons += [
        Reason(Mover.BROKEN_AVOID, f"{check.text} ('{', '.join(check.evidence)}')" if check.evidence else check.text)
        for check in attempt.wording.goals
        if check.kind == "avoid"
        and check.status == "broken"
        and not _only_uncertain(check.evidence, findings, uncertain)
    ]
    return reasons


def _only_uncertain(evidence: tuple[str, ...], findings: tuple[Finding, ...], uncertain: frozenset[int]) -> bool:
    """An avoid item broken only by findings on words the recogniser may have misheard does not count."""
    hits = [i for i, f in enumerate(findings) if f.evidence in evidence]
    return bool(hits) and all(i in uncertain for i in hits)


def _delivery_escalators(attempt: Attempt) -> list[Reason]:
    if attempt.calm is None:
        return []
    reasons = []
    for verdict in attempt.calm.verdicts:
        if verdict.verdict is not Verdict.FLAG:
            continue
        value = "" if verdict.value is None else f"{verdict.value:.0f} {verdict.unit}".strip()
        label = f"{verdict.measure.value} {value}".strip()
        if verdict.measure in RUSHED_MEASURES and verdict.direction is Direction.ABOVE:
            reasons.append(Reason(Mover.RUSHED, label, verdict.at_s))
        elif (verdict.measure in STRAINED_MEASURES and verdict.direction is Direction.ABOVE) or (
            verdict.measure is Measure.STEADINESS and verdict.aspect in STRAINED_STEADINESS
        ):
            reasons.append(Reason(Mover.STRAINED, label, verdict.at_s))
    return reasons


def _safety_ignored(attempt: Attempt) -> list[Reason]:
    safety = attempt.assessment.safety
    if safety is None or safety.asked or not attempt.heard_speech:
        return []
    return [Reason(Mover.SAFETY_IGNORED)]
