"""What the reply said: findings of the de-escalation rubric (domain.md "Wording rubric"), each with evidence.

Category ids are the canonical ones of domain.md. Each finding points at the exact characters and,
when the reply was spoken, the seconds where the words were said.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from voice_deesc.asr.base import Transcript
from voice_deesc.scenarios import Scenario


class Polarity(str, Enum):
    CREDIT = "+"
    NEUTRAL = "0"
    FLAG = "-"


CATEGORY_POLARITY: dict[str, Polarity] = {
    "reflection": Polarity.CREDIT,
    "validation": Polarity.CREDIT,
    "open_question": Polarity.CREDIT,
    "collaboration": Polarity.CREDIT,
    "choice_autonomy": Polarity.CREDIT,
    "presence": Polarity.CREDIT,
    "apology": Polarity.CREDIT,
    "closed_question": Polarity.NEUTRAL,
    "why_question": Polarity.FLAG,
    "command_feelings": Polarity.FLAG,
    "judgment_blame": Polarity.FLAG,
    "labeling": Polarity.FLAG,
    "minimizing": Polarity.FLAG,
    "threat_ultimatum": Polarity.FLAG,
    "premature_advice": Polarity.FLAG,
    "arguing": Polarity.FLAG,
    "avoidance": Polarity.FLAG,
    "sarcasm_profanity": Polarity.FLAG,
}

_PATTERNS: dict[str, tuple[str, ...]] = {
    "reflection": (r"\bit sounds like\b", r"\byou(?:'re| are) feeling\b", r"\byou feel\b"),
    "validation": (
        r"\bthat sounds (?:really )?(?:hard|difficult|exhausting|scary|frustrating)\b",
        r"\bit makes sense\b",
        r"\bi can see why\b",
    ),
    "open_question": (r"\bwhat happened\b", r"\btell me (?:more|about)\b", r"\bhow (?:are|did|do) you\b"),
    "collaboration": (r"\btogether\b", r"\blet's\b", r"\bwe can\b"),
    "choice_autonomy": (r"\bwould you rather\b", r"\bit's up to you\b", r"\bwhat would help\b"),
    "presence": (r"\bi'm here\b", r"\bi'm listening\b", r"\btake your time\b"),
    "apology": (r"\bi'm (?:so )?sorry\b",),
    "command_feelings": (r"\bcalm down\b", r"\brelax\b", r"\bstop yelling\b"),
    "judgment_blame": (r"\byou're overreacting\b", r"\byour (?:own )?fault\b", r"\bthat's on you\b"),
    "labeling": (r"\baddict\b", r"\bjunkie\b", r"\bcrazy\b", r"\bmanipulative\b"),
    "minimizing": (r"\bnot a big deal\b", r"\bget over it\b", r"\beveryone goes through\b"),
    "threat_ultimatum": (r"\b(?:call|calling) (?:security|the police)\b", r"\bdischarged\b", r"\bwriting you up\b"),
    "premature_advice": (r"\byou should\b", r"\byou need to\b", r"\bwhy don't you just\b"),
    "arguing": (r"\bthat's not true\b", r"\byou're wrong\b"),
    "avoidance": (r"\bnot my problem\b", r"\btalk to someone else\b", r"\bi can't deal with this\b"),
    "sarcasm_profanity": (r"\boh great\b", r"\bdamn\b", r"\bshit\b"),
    "why_question": (r"\bwhy (?:did|would|are|do) you\b",),
}


@dataclass(frozen=True)
class Finding:
    """One rubric hit, pointing at the words that earned it."""

    category: str
    polarity: str
    start_char: int
    end_char: int
    start_s: float | None
    end_s: float | None
    evidence: str
    """The exact words of the reply."""
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Wording:
    findings: tuple[Finding, ...]
    word_count: int
    non_judgmental: int
    """0-100, from the findings (see ``score_wording``)."""
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "word_count": self.word_count,
            "non_judgmental": self.non_judgmental,
            **self.extras,
        }


def analyse_wording(transcript: Transcript, scenario: Scenario | None = None, *, client_text: str = "") -> Wording:
    """Find rubric categories in the reply text, with character and time spans."""
    text = transcript.text
    lowered = text.lower().replace("’", "'")
    findings: list[Finding] = []
    for category, patterns in _PATTERNS.items():
        for pattern in patterns:
            for match in re.finditer(pattern, lowered):
                start_s, end_s = _times(transcript, match.start(), match.end())
                findings.append(
                    Finding(
                        category,
                        CATEGORY_POLARITY[category].value,
                        match.start(),
                        match.end(),
                        start_s,
                        end_s,
                        text[match.start() : match.end()],
                    )
                )
    findings.sort(key=lambda f: (f.start_char, f.category))
    return Wording(tuple(findings), len(text.split()), score_wording(findings))


def score_wording(findings: list[Finding]) -> int:
    """Start at 70; each distinct credit category +8, each flag finding -15; clamp to 0-100."""
    credits = {f.category for f in findings if f.polarity == Polarity.CREDIT.value}
    flags = [f for f in findings if f.polarity == Polarity.FLAG.value]
    return int(max(0, min(100, 70 + 8 * len(credits) - 15 * len(flags))))


def _times(transcript: Transcript, start_char: int, end_char: int) -> tuple[float | None, float | None]:
    """Map a character span of ``transcript.text`` to word start/end seconds (text joined by single spaces)."""
    if transcript.engine == "text" or not transcript.words:
        return None, None
    position = 0
    start_s = end_s = None
    for word in transcript.words:
        idx = transcript.text.find(word.text, position)
        if idx < 0:
            continue
        word_end = idx + len(word.text)
        if word_end > start_char and idx < end_char:
            start_s = word.start_s if start_s is None else start_s
            end_s = word.end_s
        position = word_end
    return start_s, end_s
