"""What one practised conversation produced: the typed hand-off between the practice loop, history and reports.

The loop (any front end) fills a :class:`ConversationResult` turn by turn; history stores it and reports read it.
Each turn keeps the full judged :class:`~voice_deesc.pipeline.Attempt`, so per-turn feedback is exactly what
``evaluate`` would say about that reply on that turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from voice_deesc.textenum import TextEnum

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt

CONVERSATION_SCHEMA = "voice-deesc.conversation/1"


class Branch(TextEnum):
    """How the client took a reply; each client turn names the next turn for each."""

    SETTLES = "settles"
    """Core listening moves for this turn, no escalator, calm delivery."""
    HOLDS = "holds"
    """Partly there: some listening, nothing that escalates."""
    ESCALATES = "escalates"
    """An escalator, a strained or rushed delivery, or a safety hint ignored."""


class EndState(TextEnum):
    """Where a conversation can end."""

    SETTLED = "settled"
    """A next step agreed together."""
    ESCALATED = "escalated"
    """The client walks off, or the situation needs help."""
    SAFETY_HANDOFF = "safety hand-off"
    """Safety-critical packs: the client accepts a warm hand-off to crisis support."""


@dataclass(frozen=True)
class TurnResult:
    """One client turn and the trainee's (last kept) reply to it."""

    index: int
    """1-based position in the conversation as it was played."""
    turn_id: str
    client_text: str
    agitation: int
    """0-10: how agitated the client was when speaking this turn."""
    attempt: Attempt
    recording: str | None
    """Where the reply's audio is kept; None for a typed reply."""
    branch: Branch
    next_turn: str | None
    """The id of the turn that followed, or None when this turn led to an end state."""
    agitation_after: int
    retries: int = 0
    """How many earlier tries at this turn the trainee discarded."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "turn_id": self.turn_id,
            "client_text": self.client_text,
            "agitation": self.agitation,
            "attempt": self.attempt.to_dict(),
            "recording": self.recording,
            "branch": self.branch.value,
            "next_turn": self.next_turn,
            "agitation_after": self.agitation_after,
            "retries": self.retries,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TurnResult:
        from voice_deesc.pipeline import Attempt

        return cls(
            index=int(data["index"]),
            turn_id=str(data["turn_id"]),
            client_text=str(data["client_text"]),
            agitation=int(data["agitation"]),
            attempt=Attempt.from_dict(data["attempt"]),
            recording=data.get("recording"),
            branch=Branch(data["branch"]),
            next_turn=data.get("next_turn"),
            agitation_after=int(data["agitation_after"]),
            retries=int(data.get("retries", 0)),
        )


@dataclass(frozen=True)
class ConversationResult:
    """A whole practised conversation, finished or stopped early."""

    scenario_id: str
    started_at: str
    turns: tuple[TurnResult, ...]
    end_state: EndState | None
    """None when the session stopped before reaching an end (replies ran out, quit, Ctrl-C)."""
    stopped_because: str | None = None
    """Plain words for an early stop, e.g. "no more replies", "you quit", "interrupted"."""

    @property
    def agitation_curve(self) -> tuple[int, ...]:
        """The client's agitation before the first turn and after each reply."""
        if not self.turns:
            return ()
        return (self.turns[0].agitation, *(turn.agitation_after for turn in self.turns))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": CONVERSATION_SCHEMA,
            "scenario_id": self.scenario_id,
            "started_at": self.started_at,
            "turns": [turn.to_dict() for turn in self.turns],
            "end_state": None if self.end_state is None else self.end_state.value,
            "stopped_because": self.stopped_because,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConversationResult:
        end = data.get("end_state")
        return cls(
            scenario_id=str(data["scenario_id"]),
            started_at=str(data["started_at"]),
            turns=tuple(TurnResult.from_dict(turn) for turn in data.get("turns") or ()),
            end_state=None if end is None else EndState(end),
            stopped_because=data.get("stopped_because"),
        )
