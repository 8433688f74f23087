"""What a whole conversation says to the trainee: its outcome, what moved the client each turn, the spoken summary.

"What moved the client" is read from each turn's judged reply (its typed rubric findings, delivery verdicts and
safety check), never re-decided: the branch the loop chose is reported beside the reasons the reply gives for it.
The sentences follow domain.md "Feedback style": specific, kind, brief, non-judgmental; the spoken summary says the
most important thing first and stays about twenty seconds long.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.conversation.record import Branch, ConversationResult, EndState, TurnResult
from voice_deesc.delivery.verdicts import Direction, Measure, Verdict
from voice_deesc.feedback.messages import FLAG_TEXT, SAFETY_MISSED_SPOKEN, at_clock, credit_lead, measure_label
from voice_deesc.textenum import TextEnum
from voice_deesc.wording.rubric import Polarity

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt

MAX_SPOKEN_WORDS = 60
"""About 25 s at the calm feedback rate (~135 words/min): domain.md's "about 20 seconds", with the outcome added."""
STRAIN_MEASURES = frozenset(
    {
        Measure.EFFORT,
        Measure.PITCH_LEVEL,
        Measure.STEADINESS,
        Measure.PITCH_END_RISE,
        Measure.EFFORT_VS_BASELINE,
        Measure.LOUDNESS_VS_BASELINE,
        Measure.PITCH_VS_BASELINE,
    }
)
"""Measures that rise when a voice is raised or tense (domain.md "Delivery targets"): a client hears them as strain."""
RUSH_MEASURES = frozenset({Measure.RATE, Measure.RATE_VS_BASELINE})
"""Measures that rise when a reply is rushed."""

OUTCOME = {
    EndState.SETTLED: "The client settled: you agreed a next step together.",
    EndState.ESCALATED: "The client escalated, and the conversation ended without a next step.",
    EndState.SAFETY_HANDOFF: "The client accepted a warm hand-off to crisis support.",
}
"""The written outcome of a conversation that reached an end."""
SPOKEN_OUTCOME = {
    EndState.SETTLED: "The client settled, and you agreed a next step together.",
    EndState.ESCALATED: "This time the client escalated, and the conversation ended there.",
    EndState.SAFETY_HANDOFF: "You reached a warm hand-off to crisis support.",
}
BRANCH_VERBS = {Branch.SETTLES: "settled", Branch.HOLDS: "held steady", Branch.ESCALATES: "escalated"}
"""How the client took each reply, as the report words it."""
SAFETY_SOURCE = "safety"
"""``Tip.source`` of the safety check's suggestion."""
NOTHING_STOOD_OUT = "nothing in the words or the voice stood out either way"
NO_REPLY_HEARD = "no reply was heard"


def stopped_early(result: ConversationResult) -> str:
    """The plain sentence for a conversation that ended before an end state ('' when it reached one)."""
    if result.end_state is not None:
        return ""
    turns = len(result.turns)
    why = f" ({result.stopped_because})" if result.stopped_because else ""
    if not turns:
        return f"This conversation stopped before your first reply{why}, so there is nothing to report yet."
    return (
        f"This conversation stopped early, after {turns} turn{'s' if turns != 1 else ''}{why}: it did not reach an "
        "end, so the report covers the turns you took."
    )


def outcome(result: ConversationResult) -> str:
    """The one-sentence outcome: the end state reached, or that it stopped early."""
    return OUTCOME[result.end_state] if result.end_state is not None else stopped_early(result)


class MoveKind(TextEnum):
    """What in a reply a client reacts to."""

    LISTENING = "listening"
    ESCALATOR = "escalator"
    DELIVERY = "delivery"
    SAFETY = "safety"


@dataclass(frozen=True)
class Move:
    """One thing in a reply that moves a client toward calm (``calming``) or raises the heat."""

    kind: MoveKind
    calming: bool
    text: str
    """The phrase the report shows, e.g. "you reflected back what you heard ('it sounds like you're scared')"."""


@dataclass(frozen=True)
class TurnMoves:
    """How the client took one reply, and what in the reply points that way."""

    index: int
    branch: Branch
    agitation_before: int
    agitation_after: int
    moves: tuple[Move, ...]
    heard: bool
    """Whether the reply had words; a silent turn has no moves."""

    @property
    def calming(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.calming)

    @property
    def heated(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if not m.calming)


def turn_moves(turn: TurnResult) -> TurnMoves:
    """What moved the client in ``turn``: its listening moves, escalators, delivery and safety check, in that order."""
    attempt = turn.attempt
    moves: list[Move] = []
    heard = attempt.heard_speech and bool(attempt.transcript.text)
    if heard:
        moves += _wording_moves(attempt)
        moves += _safety_moves(attempt)
        moves += _delivery_moves(attempt)
    return TurnMoves(turn.index, turn.branch, turn.agitation, turn.agitation_after, tuple(moves), heard)


def moved_sentence(moves: TurnMoves) -> str:
    """'Turn 2: the client escalated (6 → 8). Escalating: 'Calm down' tells them how to feel, ….'"""
    head = (
        f"Turn {moves.index}: the client {BRANCH_VERBS[moves.branch]} "
        f"({moves.agitation_before} → {moves.agitation_after})."
    )
    if not moves.heard:
        return f"{head} {NO_REPLY_HEARD.capitalize()}."
    parts = []
    if moves.calming:
        parts.append("Calming: " + "; ".join(m.text for m in moves.calming) + ".")
    if moves.heated:
        parts.append("Escalating: " + "; ".join(m.text for m in moves.heated) + ".")
    return " ".join([head, *parts]) if parts else f"{head} {NOTHING_STOOD_OUT.capitalize()}."


def _wording_moves(attempt: Attempt) -> list[Move]:
    out = []
    seen = set()
    for f in attempt.wording.findings:
        if f.category in seen:
            continue  # one line per kind of move: the report marks every instance in the transcript
        if f.polarity == Polarity.CREDIT:
            seen.add(f.category)
            lead = credit_lead(f.category)
            out.append(Move(MoveKind.LISTENING, True, f"{lead[:1].lower()}{lead[1:]} ('{f.evidence}')"))
        elif f.polarity == Polarity.FLAG:
            seen.add(f.category)
            what = FLAG_TEXT[f.category][0] if f.category in FLAG_TEXT else "may not land well"
            out.append(Move(MoveKind.ESCALATOR, False, f"'{f.evidence}' {what}"))
    return sorted(out, key=lambda m: not m.calming)


def _safety_moves(attempt: Attempt) -> list[Move]:
    safety = attempt.assessment.safety
    if safety is None:
        return []
    if safety.asked:
        return [Move(MoveKind.SAFETY, True, f"you asked directly about suicide ('{safety.evidence}')")]
    return [Move(MoveKind.SAFETY, False, "the hint about ending their life was not asked about")]


def _delivery_moves(attempt: Attempt) -> list[Move]:
    """One move for a strained voice and one for a rushed reply; a reply judged with neither sounded calm."""
    calm = attempt.calm
    if calm is None:
        return []  # a typed reply: nothing was heard of the voice
    raised = [
        v
        for v in calm.verdicts
        if v.verdict != Verdict.OK and v.direction == Direction.ABOVE and v.measure in STRAIN_MEASURES | RUSH_MEASURES
    ]
    out = []
    for how, measures, lead in (("strained", STRAIN_MEASURES, "your voice"), ("rushed", RUSH_MEASURES, "your reply")):
        found = [v for v in raised if v.measure in measures]
        if found:
            degree = "" if any(v.verdict == Verdict.FLAG for v in found) else "a little "
            where = ", ".join(f"{measure_label(v.measure).lower()}{at_clock(v.at_s)}" for v in found)
            out.append(Move(MoveKind.DELIVERY, False, f"{lead} sounded {degree}{how} ({where})"))
    if not out:
        out.append(Move(MoveKind.DELIVERY, True, f"your voice stayed calm (calm {calm.score}/100)"))
    return out


# --- the spoken summary ----------------------------------------------------------------------------------------


def summary_text(result: ConversationResult) -> str:
    """The spoken summary: a missed safety question first, then the outcome, what helped most, one thing to try."""
    missed = next(
        (t for t in result.turns if t.attempt.assessment.safety is not None and not t.attempt.assessment.safety.asked),
        None,
    )
    first = ""
    if missed is not None and result.end_state != EndState.SAFETY_HANDOFF:
        hint = f"Most important: in turn {missed.index}, the client hinted at ending their life."
        first = f"{hint} {SAFETY_MISSED_SPOKEN}"
    spoken_outcome = SPOKEN_OUTCOME[result.end_state] if result.end_state is not None else _spoken_stop(result)
    helped = _helped_most(result)
    tip = _one_thing_to_try(result, safety_said=bool(first))
    text = " ".join(p for p in (first, spoken_outcome, helped, tip) if p)
    if len(text.split()) > MAX_SPOKEN_WORDS:
        text = " ".join(p for p in (first, spoken_outcome, tip or helped) if p)
    return text


def _spoken_stop(result: ConversationResult) -> str:
    turns = len(result.turns)
    if not turns:
        return "The conversation stopped before your first reply."
    return f"You stopped after turn {turns}, before the conversation reached an end."


def _helped_most(result: ConversationResult) -> str:
    """The listening move of the turn that calmed the client most (the first such turn on a tie)."""
    best: tuple[int, TurnResult, Move] | None = None
    for turn in result.turns:
        drop = turn.agitation - turn.agitation_after
        listening = [m for m in turn_moves(turn).calming if m.kind in (MoveKind.LISTENING, MoveKind.SAFETY)]
        if drop > 0 and listening and (best is None or drop > best[0]):
            best = (drop, turn, listening[0])
    if best is None:
        return ""
    _, turn, move = best
    return f"What helped most: in turn {turn.index}, {move.text.split(' (')[0]}."


def _one_thing_to_try(result: ConversationResult, *, safety_said: bool) -> str:
    """The top suggestion of the heard turn that raised the heat most, else of the lowest-scored one.

    A silent turn has nothing to improve in its words, and a safety tip already said first is not said twice.
    """
    best: tuple[tuple[int, int, int], TurnResult, str] | None = None
    for turn in result.turns:
        tips = [
            tip.spoken
            for tip in turn.attempt.assessment.suggestion_details
            if tip.spoken and not (safety_said and tip.source == SAFETY_SOURCE)
        ]
        if not tips or not turn.attempt.heard_speech:
            continue
        rank = (turn.agitation_after - turn.agitation, -turn.attempt.assessment.overall, -turn.index)
        if best is None or rank > best[0]:
            best = (rank, turn, tips[0])
    if best is None:
        return ""
    _, turn, spoken = best
    return f"One thing to try, from turn {turn.index}. {spoken}"


def speak_summary(result: ConversationResult, *, save_to: Path, play: bool) -> Path:
    """Synthesize the summary to ``save_to`` in the calm feedback voice, and play it when asked and possible."""
    from voice_deesc import tts
    from voice_deesc.devices import has_output_device, play_file

    path = tts.synthesize(summary_text(result), save_to, rate_wpm=tts.FEEDBACK_RATE_WPM, volume=tts.FEEDBACK_VOLUME)
    if play and has_output_device():
        play_file(path)
    return path
