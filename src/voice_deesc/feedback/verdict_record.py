"""The verdict's typed records: bands, listening moves, escalators and the steps of the overall score.

Kept apart from the rules (feedback/verdict.py) so the assessment, the reports, history and the conversation
branching can read a verdict without the scoring machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voice_deesc.textenum import TextEnum


class Band(TextEnum):
    NEEDS_WORK = "needs work"
    DEVELOPING = "developing"
    PROFICIENT = "proficient"


BAND_FLOORS = ((75, Band.PROFICIENT), (50, Band.DEVELOPING), (0, Band.NEEDS_WORK))


class Move(TextEnum):
    """A listening move made for this client (domain.md steps 2-4)."""

    REFLECTED = "reflected this client"
    REFLECTED_GENERIC = "reflected in general terms"
    VALIDATED = "validated"
    APOLOGISED = "apologised"
    PRESENCE = "showed presence"
    INVITED = "invited them to say more"
    OFFERED_CHOICE = "offered a choice"
    TOGETHER = "offered to work on it together"
    ASKED_ABOUT_SAFETY = "asked directly about suicide"


class Escalator(TextEnum):
    """Something that escalates or shuts the client down (domain.md steps 3 and 5)."""

    THREAT = "threat"
    LABEL = "label"
    SARCASM = "sarcasm"
    BLAME = "blame"
    COMMAND = "command about feelings or voice"
    MINIMISING = "minimising"
    ARGUING = "arguing"
    WITHDRAWING = "withdrawing"
    AVOID_ITEM = "broke an avoid item"


class StepKind(TextEnum):
    BASE = "base"
    MOVE = "move"
    GOAL = "goal"
    ESCALATOR = "escalator"
    DETOUR = "detour"
    LIMIT = "limit"
    DELIVERY = "delivery"
    CAP = "cap"


@dataclass(frozen=True)
class MoveMade:
    move: Move
    evidence: str
    """The reply's words that made the move."""
    client_words: tuple[str, ...] = ()
    """For a reflection: the client's own words it picked up."""

    def to_dict(self) -> dict[str, Any]:
        return {"move": self.move.value, "evidence": self.evidence, "client_words": list(self.client_words)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MoveMade:
        return cls(Move(data["move"]), str(data.get("evidence", "")), tuple(data.get("client_words") or ()))


@dataclass(frozen=True)
class EscalatorFound:
    escalator: Escalator
    evidence: str
    source: str
    """The rubric category id, or the text of the scenario's avoid item."""

    def to_dict(self) -> dict[str, Any]:
        return {"escalator": self.escalator.value, "evidence": self.evidence, "source": self.source}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EscalatorFound:
        return cls(Escalator(data["escalator"]), str(data.get("evidence", "")), str(data.get("source", "")))


@dataclass(frozen=True)
class VerdictStep:
    """Points one reason added to or took from the overall score; the steps of a verdict sum to its score."""

    kind: StepKind
    points: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "points": self.points, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerdictStep:
        return cls(StepKind(data["kind"]), int(data["points"]), str(data.get("reason", "")))


@dataclass(frozen=True)
class Verdict:
    moves: tuple[MoveMade, ...]
    escalators: tuple[EscalatorFound, ...]
    calm_delivery: bool | None
    """None for a typed reply."""
    steps: tuple[VerdictStep, ...]
    overall: int
    band: Band

    @property
    def answered_client(self) -> bool:
        """Any listening move for this client; presence alone ("I'm here") is filler without one."""
        return bool({m.move for m in self.moves} - {Move.PRESENCE})
