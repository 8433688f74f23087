"""The safety check for scenarios with a suicidal hint: did the reply ask directly and caringly?

domain.md: the reply must stay calm, ask directly, and follow the safety protocol, never ignore it. "Directly"
is judged by the same pattern the scenario loader holds model replies to (``scenarios.model.SAFETY_QUESTION``),
so a phrasing the app offers as a model always counts when the trainee says it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from voice_deesc.asr.base import Word
from voice_deesc.feedback.messages import SAFETY_MISSED, at_clock, safety_asked
from voice_deesc.scenarios.model import SAFETY_QUESTION, Scenario


@dataclass(frozen=True)
class SafetyCheck:
    """For safety-critical scenarios: did the reply ask directly about self-harm?"""

    asked: bool
    evidence: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SafetyCheck:
        return cls(bool(data["asked"]), str(data.get("evidence", "")), str(data.get("note", "")))


def check_safety(scenario: Scenario | None, text: str, words: Sequence[Word]) -> SafetyCheck | None:
    """``None`` unless the scenario is safety-critical; then whether (and where) the reply asked directly."""
    if scenario is None or not scenario.safety_critical:
        return None
    match = SAFETY_QUESTION.search(text)
    if not match:
        return SafetyCheck(False, "", SAFETY_MISSED)
    # quote the whole question ("Are you thinking about suicide?"), not just the matched words
    start = max((m.end() for m in re.finditer(r"[.!?]\s+", text[: match.start()])), default=0)
    end = next((m.end() for m in re.finditer(r"[.!?]", text[match.end() :])), len(text) - match.end())
    said = text[start : match.end() + end].strip()
    timed = [w for w in words if w.end_s > w.start_s]
    moment = ""
    if timed:
        index = len(text[: match.start()].split())
        if index < len(timed):
            moment = at_clock(timed[index].start_s)
    return SafetyCheck(True, match.group(0), safety_asked(moment, said))
