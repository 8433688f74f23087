"""The wording rubric's vocabulary: categories, their polarity, and the Finding that points at the words.

Shared by the analysis, the score, the goals check and every report, so it depends on nothing else in the package.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Category(str, Enum):
    """The canonical rubric category ids of domain.md ("Canonical category ids"): names in code, JSON and tests."""

    REFLECTION = "reflection"
    VALIDATION = "validation"
    OPEN_QUESTION = "open_question"
    COLLABORATION = "collaboration"
    CHOICE_AUTONOMY = "choice_autonomy"
    PRESENCE = "presence"
    APOLOGY = "apology"
    CLOSED_QUESTION = "closed_question"
    WHY_QUESTION = "why_question"
    COMMAND_FEELINGS = "command_feelings"
    JUDGMENT_BLAME = "judgment_blame"
    LABELING = "labeling"
    MINIMIZING = "minimizing"
    THREAT_ULTIMATUM = "threat_ultimatum"
    PREMATURE_ADVICE = "premature_advice"
    ARGUING = "arguing"
    AVOIDANCE = "avoidance"
    SARCASM_PROFANITY = "sarcasm_profanity"


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
CATEGORIES = tuple(CATEGORY_POLARITY)
QUESTION_KIND_CATEGORY = {"open": "open_question", "closed": "closed_question", "why": "why_question"}
"""The rubric category each question form is counted under."""


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
    """A short, kind sentence for the trainee saying what the words do."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Wording:
    findings: tuple[Finding, ...]
    word_count: int
    non_judgmental: int
    """0-100, from the findings (see the module docstring)."""
    extras: dict[str, Any] = field(default_factory=dict)
    """``balance``, ``goals`` and ``score_trace`` (JSON-ready)."""

    @property
    def balance(self) -> dict[str, Any]:
        return dict(self.extras.get("balance", {}))

    @property
    def goals(self) -> list[dict[str, Any]]:
        return list(self.extras.get("goals", []))

    @property
    def score_trace(self) -> list[dict[str, Any]]:
        return list(self.extras.get("score_trace", []))

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "word_count": self.word_count,
            "non_judgmental": self.non_judgmental,
            **self.extras,
        }
