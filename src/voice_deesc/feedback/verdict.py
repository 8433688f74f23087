"""The overall verdict: did the reply answer this client, did it escalate, did it listen and guide, was it calm?

domain.md ("What an instructor's verdict means") asks three questions in order, and this module asks them too.
Every point of the overall score is a :class:`VerdictStep`; the steps add up to the score exactly.

Score
-----
1. ``BASE_POINTS`` (a reply that does no harm).
2. Listening moves made *for this client* (:class:`Move`), each counted once: ``MOVE_POINTS``. A reflection is
   "this client's" when its sentence holds a content word of the client's statement or the scenario's key content
   (a feeling word alone, "you're upset", is a reflection in general terms: the rubric's "good but generic" has
   nothing of the client's own words), and without a content word it still needs a feeling word or a reflecting
   frame ("it sounds like…", ``REFLECTING_FRAME``): "maybe you just forgot where you put it" is no reflection.
   Each further word of theirs, content or feeling (the scenario's feelings and their families), adds
   ``SPECIFIC_WORD_POINTS`` (at most ``SPECIFIC_MAX_POINTS``): specific beats generic.
   A reflection in a sentence that also threatens, labels, blames, mocks or orders a feeling
   (``VOIDS_REFLECTION``) does not count, nor one in a sentence built on "if" (it says what would be, not what
   is: "if your job mattered less than your recovery, you'd have been here on time"). The moves are found by
   feedback/verdict_moves.py, which holds these word lists.
   An open question, a choice or an offer to work together counts when its sentence is about the client (their
   words, or what they need, feel or want to talk about); the first of these adds ``MOVE_POINTS``, each other kind
   ``EXTRA_GUIDE_POINTS``. Where the scenario is safety-critical, asking directly about suicide is a move.
   Each of the scenario's own goals met (wording/goals.py: the moves it names *and* its key content) adds
   ``GOAL_POINTS``: the instructor's specific asks for this client.
3. Escalators (:class:`Escalator`): threat, label, sarcasm, blame, a command about feelings or voice, minimising,
   arguing, withdrawing, and a broken item of the scenario's own avoid list; each kind costs
   ``ESCALATOR_POINTS`` once and ``REPEAT_POINTS`` for each further one. Premature advice and "why" questions cost
   ``DETOUR_POINTS`` (they slow a reply down without escalating it). Flags on words the recogniser may have
   misheard cost nothing.
4. The wording part is held to 0-100, and the word caps below applied.
5. Delivery, for a spoken reply: a calm score below ``CALM_FULL`` loses ``DELIVERY_WEIGHT`` points per calm point
   short, and each measure flagged as rushed or strained (``AROUSAL_MEASURES`` flagged above calm) costs
   ``TENSE_FLAG_POINTS``. Applied after the word caps so a tense delivery always costs, even a capped reply. A calm
   voice adds nothing: it cannot rescue escalating words.

Band rules (caps, each a step; then ``BAND_FLOORS``: 75 proficient, 50 developing)
-----------------------------------------------------------------------------------
- No listening move for this client (off-topic, empty, generic filler): "needs work", at most ``NO_MOVE_CAP``,
  whatever the tone.
- A threat, a label or sarcasm, or a suicidal hint not asked about: "needs work" (at most ``NEEDS_WORK_CAP``).
- Any other escalator (blame, an order to calm down, minimising, arguing, withdrawing, a broken avoid item):
  below "proficient" (at most ``BELOW_PROFICIENT_CAP``).
- "Proficient" also needs the core listening moves -- this client's own words reflected, and two of:
  validation (or an apology), presence, an invitation/choice/offer to work together, the safety ask -- and, when
  spoken, a calm delivery (calm score at least ``CALM_MIN`` and no measure flagged as rushed or strained).
  When the reflection is the only core move missing and the recogniser was unsure of a stretch of a statement
  said to the client, the reflection may have been said there and misheard: the band stays "proficient" on the
  benefit of the doubt (a verdict never rests on what may have been misheard), and the score goes no higher than
  ``MISHEARD_REFLECTION_CAP``, the band's floor, with a step that quotes the stretch.
The numbers were chosen on the training half of tests/data/graded (see its README) and checked on the test half
with scripts/judgment_report.py.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from voice_deesc.delivery.verdicts import CalmScore, Direction, Measure, MeasureVerdict
from voice_deesc.delivery.verdicts import Verdict as Judged
from voice_deesc.feedback.safety import SafetyCheck
from voice_deesc.feedback.verdict_moves import GUIDE_MOVES, listening_moves
from voice_deesc.feedback.verdict_record import (
    BAND_FLOORS,
    Band,
    Escalator,
    EscalatorFound,
    Move,
    MoveMade,
    StepKind,
    Verdict,
    VerdictStep,
)
from voice_deesc.scenarios.model import Scenario
from voice_deesc.wording.rubric import Category, Finding, GoalCheck, Wording

C = Category
__all__ = [
    "BAND_FLOORS",
    "Band",
    "Escalator",
    "EscalatorFound",
    "Move",
    "MoveMade",
    "StepKind",
    "Verdict",
    "VerdictStep",
    "band_for",
    "decide",
]


BASE_POINTS = 40
MOVE_POINTS = {
    Move.REFLECTED: 20,
    Move.REFLECTED_GENERIC: 10,
    Move.VALIDATED: 16,
    Move.APOLOGISED: 6,
    Move.PRESENCE: 8,
    Move.ASKED_ABOUT_SAFETY: 15,
}
GUIDE_POINTS = 16
"""The first way of inviting the client forward (open question, choice, working together)."""
EXTRA_GUIDE_POINTS = 4
SPECIFIC_WORD_POINTS = 3
SPECIFIC_MAX_POINTS = 12
GOAL_POINTS = 4
"""Each of the scenario's own goals met (wording/goals.py: its moves *and* its key content): the instructor's
specific asks, on top of the moves they share with every scenario."""
ESCALATOR_POINTS = {
    Escalator.THREAT: 30,
    Escalator.LABEL: 25,
    Escalator.SARCASM: 20,
    Escalator.BLAME: 20,
    Escalator.COMMAND: 20,
    Escalator.MINIMISING: 15,
    Escalator.ARGUING: 15,
    Escalator.WITHDRAWING: 15,
    Escalator.AVOID_ITEM: 10,
}
REPEAT_POINTS = 5
DETOUR_POINTS = {C.PREMATURE_ADVICE: 8, C.WHY_QUESTION: 6}
CALM_FULL = 85
"""Calm scores at or above this cost nothing."""
DELIVERY_WEIGHT = 0.5
CALM_MIN = 70
"""A calm delivery for the band rule: domain.md's calibration target for calm speech."""
TENSE_FLAG_POINTS = 10
"""Each measure flagged as rushed or strained (one "raised voice" step of domain.md) costs this much."""
AROUSAL_MEASURES = frozenset(
    {
        Measure.RATE,
        Measure.RATE_VS_BASELINE,
        Measure.EFFORT,
        Measure.EFFORT_VS_BASELINE,
        Measure.LOUDNESS_VS_BASELINE,
        Measure.PITCH_LEVEL,
        Measure.PITCH_VS_BASELINE,
        Measure.STEADINESS,
    }
)
"""Measures whose flag "above calm" means rushed or strained: the calm score can stay high while one of them is
flagged (a reply at 240 words/min scored calm 90 against its own-voice baseline), so each counts on its own."""
NO_MOVE_CAP = 20
NEEDS_WORK_CAP = 49
BELOW_PROFICIENT_CAP = 74
MISHEARD_REFLECTION_CAP = 75
"""The lowest "proficient" score: where the only core move missing is a reflection the recogniser may have misheard,
the band is given on the benefit of the doubt and the score goes no higher."""
HARMFUL = frozenset({Escalator.THREAT, Escalator.LABEL, Escalator.SARCASM})
"""Escalators that make a reply "needs work" on their own (domain.md: "a threat or a label makes it needs work")."""
CATEGORY_ESCALATOR = {
    C.THREAT_ULTIMATUM: Escalator.THREAT,
    C.LABELING: Escalator.LABEL,
    C.SARCASM_PROFANITY: Escalator.SARCASM,
    C.JUDGMENT_BLAME: Escalator.BLAME,
    C.COMMAND_FEELINGS: Escalator.COMMAND,
    C.MINIMIZING: Escalator.MINIMISING,
    C.ARGUING: Escalator.ARGUING,
    C.AVOIDANCE: Escalator.WITHDRAWING,
}


def band_for(score: int) -> Band:
    return next(band for floor, band in BAND_FLOORS if score >= floor)


def answered_client(moves: Collection[Move]) -> bool:
    """Any listening move for this client; presence alone ("I'm here") is filler without one."""
    return bool(set(moves) - {Move.PRESENCE})


def has_core_moves(moves: Collection[Move]) -> bool:
    """This client reflected, and two of: validation or apology, presence, a way forward, the safety ask."""
    made = set(moves)
    others = [
        bool(made & {Move.VALIDATED, Move.APOLOGISED}),
        Move.PRESENCE in made,
        bool(made & set(GUIDE_MOVES)),
        Move.ASKED_ABOUT_SAFETY in made,
    ]
    return Move.REFLECTED in made and sum(others) >= 2


def decide(
    wording: Wording,
    calm: CalmScore | None,
    scenario: Scenario | None,
    *,
    text: str,
    safety: SafetyCheck | None = None,
    ignored: Collection[int] = (),
    misheard_reflection: str = "",
) -> Verdict:
    """The overall score, its band and every step that made them (rules in the module docstring).

    Parameters
    ----------
    wording : Wording
        The reply's findings and the scenario's goal checks.
    calm : CalmScore or None
        Delivery; None for a typed reply.
    scenario : Scenario or None
        Supplies the client's words, feelings and key content, and whether the safety ask is needed.
    text : str, keyword-only
        The reply as analysed (the findings' character spans point into it).
    safety : SafetyCheck, optional
        The safety check for safety-critical scenarios.
    ignored : collection of int
        Indices of flagged findings resting on words the recogniser may have misheard: they cost nothing.
    misheard_reflection : str
        A stretch the recogniser was unsure of where the reflection could have been said
        (verdict_moves.py ``reflection_may_be_misheard``); empty when there is none.

    Returns
    -------
    Verdict
    """
    text = text or _text_from(wording.findings)
    escalators = _escalators(wording, ignored)
    moves = listening_moves(wording.findings, scenario, text, ignored)
    if safety is not None and safety.asked:
        moves.append(MoveMade(Move.ASKED_ABOUT_SAFETY, safety.evidence))
    steps = [VerdictStep(StepKind.BASE, BASE_POINTS, "a reply that does no harm")]
    steps += _move_steps(moves)
    steps += [VerdictStep(StepKind.GOAL, GOAL_POINTS, f"goal met: '{g.text}'") for g in _goals_met(wording)]
    steps += _escalator_steps(escalators)
    steps += _detour_steps(wording.findings, ignored)
    steps += _held(sum(s.points for s in steps), 0, 100, "the wording part")
    steps += _band_caps(sum(s.points for s in steps), moves, escalators, safety, misheard_reflection)
    calm_delivery = None
    if calm is not None:
        calm_delivery, delivery = _delivery(calm, sum(s.points for s in steps))
        steps += delivery
    steps += _held(sum(s.points for s in steps), 0, 100, "the overall score")
    overall = sum(s.points for s in steps)
    return Verdict(tuple(moves), tuple(escalators), calm_delivery, tuple(steps), overall, band_for(overall))


def _detour_steps(findings: Sequence[Finding], ignored: Collection[int]) -> list[VerdictStep]:
    """A detour slows a reply down without escalating it, so only its first of each kind costs."""
    steps = []
    for f in _first_of_each(findings, DETOUR_POINTS, ignored):
        name = f.category.value.replace("_", " ")
        steps.append(VerdictStep(StepKind.DETOUR, -DETOUR_POINTS[f.category], f"{name}: '{f.evidence}'"))
    return steps


def _band_caps(
    total: int,
    moves: Sequence[MoveMade],
    escalators: Sequence[EscalatorFound],
    safety: SafetyCheck | None,
    hidden_reflection: str = "",
) -> list[VerdictStep]:
    """The band rules as caps on the wording's ``total``, in order, each applied to what the ones before left.

    ``hidden_reflection`` is a misheard stretch where the reflection could have been said: when the reflection is
    the only core move missing, the band is not lowered for it (a verdict never rests on what may have been
    misheard), but the score stops at ``MISHEARD_REFLECTION_CAP``: the reflection was not heard, so it earns
    nothing above the band's floor."""
    made = {m.move for m in moves}
    kinds = {e.escalator for e in escalators}
    core_missing = not has_core_moves(made)
    doubt = bool(hidden_reflection) and core_missing and has_core_moves(made | {Move.REFLECTED})
    steps: list[VerdictStep] = []
    for cap, applies, reason in (
        (NO_MOVE_CAP, not answered_client(made), "no listening move for this client"),
        (NEEDS_WORK_CAP, bool(kinds & HARMFUL), "a threat, a label or sarcasm"),
        (NEEDS_WORK_CAP, safety is not None and not safety.asked, "the suicidal hint was not asked about"),
        (BELOW_PROFICIENT_CAP, bool(kinds), "an escalator"),
        (BELOW_PROFICIENT_CAP, core_missing and not doubt, "core listening moves for this client missing"),
        (
            MISHEARD_REFLECTION_CAP,
            doubt,
            f"no reflection heard, but I may have misheard '{hidden_reflection}', where you may have made one",
        ),
    ):
        if applies:
            steps += _held(total + sum(s.points for s in steps), 0, cap, reason, kind=StepKind.CAP)
    return steps


def _delivery(calm: CalmScore, total: int) -> tuple[bool, list[VerdictStep]]:
    """Whether a spoken reply was calm, and its cost: applied after the word caps (to ``total``) so a tense delivery
    always costs, and an un-calm one is never "proficient"."""
    tense = tense_flags(calm)
    calm_delivery = calm.score >= CALM_MIN and not tense
    steps = _delivery_steps(calm.score, tense)
    if not calm_delivery:
        reason = f"delivery not calm (calm score {calm.score}, {len(tense)} measure(s) flagged above calm)"
        steps += _held(total + sum(s.points for s in steps), 0, BELOW_PROFICIENT_CAP, reason, kind=StepKind.CAP)
    return calm_delivery, steps


def tense_flags(calm: CalmScore) -> list[MeasureVerdict]:
    """Measures flagged as faster, louder, higher or more effortful than calm: rushed or strained delivery."""
    return [
        v
        for v in calm.verdicts
        if v.verdict == Judged.FLAG and v.direction == Direction.ABOVE and v.measure in AROUSAL_MEASURES
    ]


def _delivery_steps(calm_score: int, tense: Sequence[MeasureVerdict]) -> list[VerdictStep]:
    steps = []
    if calm_score < CALM_FULL:
        lost = round(DELIVERY_WEIGHT * (CALM_FULL - calm_score))
        steps.append(VerdictStep(StepKind.DELIVERY, -lost, f"calm score {calm_score}, below {CALM_FULL}"))
    for v in tense:
        steps.append(VerdictStep(StepKind.DELIVERY, -TENSE_FLAG_POINTS, f"{v.measure.value} flagged above calm"))
    return steps


def _held(total: int, low: int, high: int, reason: str, *, kind: StepKind = StepKind.LIMIT) -> list[VerdictStep]:
    """A step bringing ``total`` into ``low``-``high``, or none when it is already there."""
    if total > high:
        return [VerdictStep(kind, high - total, f"at most {high}: {reason}")]
    if total < low:
        return [VerdictStep(kind, low - total, f"at least {low}: {reason}")]
    return []


def _text_from(findings: Sequence[Finding]) -> str:
    """The reply's words at their places, when only the findings are at hand (no transcript given)."""
    chars = [" "] * max((f.end_char for f in findings), default=0)
    for f in findings:
        if len(f.evidence) == f.end_char - f.start_char:
            chars[f.start_char : f.end_char] = f.evidence
    return "".join(chars)


def _goals_met(wording: Wording) -> list[GoalCheck]:
    return [g for g in wording.goals if g.kind == "goal" and g.status == "met"]


def _escalators(wording: Wording, ignored: Collection[int]) -> list[EscalatorFound]:
    found = [
        EscalatorFound(CATEGORY_ESCALATOR[f.category], f.evidence, f.category.value)
        for i, f in enumerate(wording.findings)
        if f.category in CATEGORY_ESCALATOR and i not in ignored
    ]
    misheard = {wording.findings[i].evidence for i in ignored if i < len(wording.findings)}
    for goal in wording.goals:
        if goal.kind == "avoid" and goal.status == "broken":
            evidence = [e for e in goal.evidence if e not in misheard]
            if evidence:
                found.append(EscalatorFound(Escalator.AVOID_ITEM, "; ".join(evidence), goal.text))
    return found


def _move_steps(moves: Sequence[MoveMade]) -> list[VerdictStep]:
    steps = []
    guided = 0
    for m in moves:
        if m.move in GUIDE_MOVES:
            points = GUIDE_POINTS if guided == 0 else EXTRA_GUIDE_POINTS
            guided += 1
        else:
            points = MOVE_POINTS[m.move]
        steps.append(VerdictStep(StepKind.MOVE, points, f"{m.move.value}: '{m.evidence}'"))
        if m.move == Move.REFLECTED and len(m.client_words) > 1:
            extra = min(SPECIFIC_MAX_POINTS, SPECIFIC_WORD_POINTS * (len(m.client_words) - 1))
            steps.append(VerdictStep(StepKind.MOVE, extra, f"the client's own words: {', '.join(m.client_words)}"))
    return steps


def _escalator_steps(escalators: Sequence[EscalatorFound]) -> list[VerdictStep]:
    """Each kind costs its points once and ``REPEAT_POINTS`` after; an avoid item broken by words already counted
    as an escalator costs nothing more (it is the same act, named by the scenario)."""
    steps = []
    seen: set[Escalator] = set()
    counted = {e.evidence for e in escalators if e.escalator != Escalator.AVOID_ITEM}
    for e in escalators:
        if e.escalator == Escalator.AVOID_ITEM and set(e.evidence.split("; ")) <= counted:
            steps.append(VerdictStep(StepKind.ESCALATOR, 0, f"avoid item '{e.source}': counted above"))
            continue
        points = REPEAT_POINTS if e.escalator in seen else ESCALATOR_POINTS[e.escalator]
        seen.add(e.escalator)
        reason = f"avoid item '{e.source}': '{e.evidence}'" if e.escalator == Escalator.AVOID_ITEM else None
        steps.append(VerdictStep(StepKind.ESCALATOR, -points, reason or f"{e.escalator.value}: '{e.evidence}'"))
    return steps


def _first_of_each(findings: Sequence[Finding], table: dict[Category, int], ignored: Collection[int]) -> list[Finding]:
    seen: set[Category] = set()
    out = []
    for i, f in enumerate(findings):
        if f.category in table and f.category not in seen and i not in ignored:
            seen.add(f.category)
            out.append(f)
    return out
