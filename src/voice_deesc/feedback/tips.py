"""One piece of feedback that points at the words or the moment it is about."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Tip:
    """One strength or suggestion, pointing at the words or moment it is about."""

    source: str
    """Wording category, delivery measure, ``safety`` or ``silence``."""
    text: str
    """The written sentence."""
    spoken: str
    """A shorter sentence for the spoken summary."""
    impact: int = 0
    """0-100: suggestions are ranked by it."""
    evidence: str = ""
    """The exact words of the reply it points at (empty for a moment or a missing move)."""
    start_s: float | None = None
    end_s: float | None = None
    start_char: int | None = None
    end_char: int | None = None
    try_phrase: str = ""
    """A better phrasing to try, from the model reply or the rubric."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tip:
        return cls(
            str(data["source"]),
            str(data["text"]),
            str(data.get("spoken", "")),
            int(data.get("impact", 0)),
            str(data.get("evidence", "")),
            data.get("start_s"),
            data.get("end_s"),
            data.get("start_char"),
            data.get("end_char"),
            str(data.get("try_phrase", "")),
        )
