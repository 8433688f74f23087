"""The safety check for scenarios with a suicidal hint: did the reply ask directly and caringly?

domain.md: the reply must stay calm, ask directly, and follow the safety protocol, never ignore it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from voice_deesc.feedback.evidence import at_clock

SAFETY_ASK = re.compile(
    r"\b(suicid\w*|kill(?:ing)? yourself|end(?:ing)? (?:your|it all|things)|tak(?:e|ing) your (?:own )?life|"
    r"hurt(?:ing)? yourself|harm(?:ing)? yourself|want(?:ing)? to die|thoughts? (?:of|about) (?:dying|death)|"
    r"are you safe|keep you safe|safe right now)\b",
    re.IGNORECASE,
)
"""A direct, caring question about self-harm (domain.md: ask directly and follow the safety protocol)."""
SAFETY_DEFAULT_ASK = "Are you thinking about killing yourself? I'm asking because I care, and I'm staying right here."


@dataclass(frozen=True)
class SafetyCheck:
    """For safety-critical scenarios: did the reply ask directly about self-harm?"""

    asked: bool
    evidence: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_safety(scenario: Any | None, text: str, words: Sequence[Any]) -> SafetyCheck | None:
    """``None`` unless the scenario is safety-critical; then whether (and where) the reply asked directly."""
    if scenario is None or not getattr(scenario, "safety_critical", False):
        return None
    match = SAFETY_ASK.search(text)
    if match:
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
        return SafetyCheck(True, match.group(0), f"You asked directly about their safety{moment}: '{said}'")
    return SafetyCheck(
        False,
        "",
        "Safety check missed: the client hinted at ending their life, and the reply did not ask about it. "
        "Ask directly and caringly, then follow your safety protocol.",
    )
