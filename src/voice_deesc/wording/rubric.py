"""The wording rubric's vocabulary: categories, their polarity, and the Finding that points at the words.

Shared by the analysis, the score, the goals check and every report, so it depends on nothing else in the package.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from voice_deesc.textenum import TextEnum


class Category(TextEnum):
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


class Polarity(TextEnum):
    CREDIT = "+"
    NEUTRAL = "0"
    FLAG = "-"


CATEGORY_POLARITY: dict[Category, Polarity] = {
    Category.REFLECTION: Polarity.CREDIT,
    Category.VALIDATION: Polarity.CREDIT,
    Category.OPEN_QUESTION: Polarity.CREDIT,
    Category.COLLABORATION: Polarity.CREDIT,
    Category.CHOICE_AUTONOMY: Polarity.CREDIT,
    Category.PRESENCE: Polarity.CREDIT,
    Category.APOLOGY: Polarity.CREDIT,
    Category.CLOSED_QUESTION: Polarity.NEUTRAL,
    Category.WHY_QUESTION: Polarity.FLAG,
    Category.COMMAND_FEELINGS: Polarity.FLAG,
    Category.JUDGMENT_BLAME: Polarity.FLAG,
    Category.LABELING: Polarity.FLAG,
    Category.MINIMIZING: Polarity.FLAG,
    Category.THREAT_ULTIMATUM: Polarity.FLAG,
    Category.PREMATURE_ADVICE: Polarity.FLAG,
    Category.ARGUING: Polarity.FLAG,
    Category.AVOIDANCE: Polarity.FLAG,
    Category.SARCASM_PROFANITY: Polarity.FLAG,
}
CATEGORIES = tuple(CATEGORY_POLARITY)
QUESTION_KIND_CATEGORY = {
    "open": Category.OPEN_QUESTION,
    "closed": Category.CLOSED_QUESTION,
    "why": Category.WHY_QUESTION,
}
"""The rubric category each question form is counted under."""


@dataclass(frozen=True)
class Finding:
    """One rubric hit, pointing at the words that earned it."""

    category: Category
    polarity: Polarity
    start_char: int
    end_char: int
    start_s: float | None
    end_s: float | None
    evidence: str
    """The exact words of the reply."""
    message: str = ""
    """A short, kind sentence for the trainee saying what the words do."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"] = self.category.value
        data["polarity"] = self.polarity.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            Category(data["category"]),
            Polarity(data["polarity"]),
            int(data["start_char"]),
            int(data["end_char"]),
            data.get("start_s"),
            data.get("end_s"),
            str(data["evidence"]),
            str(data.get("message", "")),
        )


@dataclass(frozen=True)
class QuestionRun:
    """Questions in a row with no reflection between them (MITI 4.2.1 balance)."""

    length: int
    start_char: int
    end_char: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Balance:
    """MITI-style balance of the reply: reflections per question, open share, question runs, length."""

    reflections: int
    questions: int
    open_questions: int
    closed_questions: int
    why_questions: int
    reflection_to_question: float | None
    miti_band: str | None
    """``good`` (>= 2 reflections per question), ``fair`` (>= 1) or ``low``; None without questions."""
    open_share: float | None
    longest_question_run: int
    question_runs: tuple[QuestionRun, ...]
    word_count: int
    normal_words: int
    length: str
    """``empty``, ``concise``, ``long`` or ``monologue``."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["question_runs"] = [r.to_dict() for r in self.question_runs]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Balance:
        kw = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        kw["question_runs"] = tuple(QuestionRun(**r) for r in data.get("question_runs") or ())
        return cls(**kw)


@dataclass(frozen=True)
class GoalCheck:
    """One goal or avoid item and what the reply did about it (wording/goals.py decides)."""

    text: str
    kind: str
    """``goal`` or ``avoid``."""
    status: str
    """Goals: ``met`` / ``missed``; avoid items: ``kept`` / ``broken`` / ``unchecked`` (no rule covers its words)."""
    categories: tuple[str, ...]
    evidence: tuple[str, ...]
    """The reply's words that met the goal or broke the avoid item."""
    missing: tuple[str, ...] = ()
    """What a missed goal still needs (categories and topic words)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "status": self.status,
            "categories": list(self.categories),
            "evidence": list(self.evidence),
            "missing": list(self.missing),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GoalCheck:
        return cls(
            str(data["text"]),
            str(data["kind"]),
            str(data["status"]),
            tuple(data.get("categories") or ()),
            tuple(data.get("evidence") or ()),
            tuple(data.get("missing") or ()),
        )


@dataclass(frozen=True)
class ScoreStep:
    """Points one finding gained or lost in the ``non_judgmental`` score, and why."""

    finding: int
    """Index into ``Wording.findings``."""
    category: Category
    evidence: str
    points: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "category": self.category.value,
            "evidence": self.evidence,
            "points": self.points,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreStep:
        return cls(
            int(data["finding"]),
            Category(data["category"]),
            str(data["evidence"]),
            int(data["points"]),
            str(data["reason"]),
        )


@dataclass(frozen=True)
class Wording:
    findings: tuple[Finding, ...]
    word_count: int
    non_judgmental: int
    """0-100, from the findings (see :mod:`voice_deesc.wording.analyse`)."""
    balance: Balance | None = None
    goals: tuple[GoalCheck, ...] = ()
    """Empty without a scenario."""
    score_trace: tuple[ScoreStep, ...] = ()
    semantic: str = ""
    """Whether the learned component took part: "on", or "off: why" when its model could not be loaded
    (empty in attempts stored before it existed)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "findings": [f.to_dict() for f in self.findings],
            "word_count": self.word_count,
            "non_judgmental": self.non_judgmental,
            "score_trace": [t.to_dict() for t in self.score_trace],
        }
        if self.balance is not None:
            data["balance"] = self.balance.to_dict()
        if self.goals:
            data["goals"] = [g.to_dict() for g in self.goals]
        if self.semantic:
            data["semantic"] = self.semantic
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Wording:
        balance = data.get("balance")
        return cls(
            tuple(Finding.from_dict(f) for f in data.get("findings") or ()),
            int(data.get("word_count", 0)),
            int(data["non_judgmental"]),
            None if balance is None else Balance.from_dict(balance),
            tuple(GoalCheck.from_dict(g) for g in data.get("goals") or ()),
            tuple(ScoreStep.from_dict(t) for t in data.get("score_trace") or ()),
            str(data.get("semantic", "")),
        )
