"""The scenario record and the fixed vocabulary of a pack: fields, themes, the safety question.

Kept apart from loading so reports, history and the wording analysis can use a Scenario without the TOML reader.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voice_deesc.textenum import TextEnum

SCENARIO_FILE = "scenario.toml"
CLIENT_AUDIO_FILE = "client.wav"
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
SCENARIOS_ENV = "VOICE_DEESC_SCENARIOS"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
DIFFICULTY_RANGE = (1, 5)
"""1 = mild frustration ... 5 = shouting (domain.md, "Difficulty levels")."""

REQUIRED_TEXT = ("title", "context", "client_statement", "client_emotion", "model_reply")
REQUIRED_LISTS = ("feelings", "key_content", "goals", "avoid")
OPTIONAL_FIELDS = ("theme", "safety_critical", "client_voice")
KNOWN_FIELDS = frozenset(("id", "difficulty", *REQUIRED_TEXT, *REQUIRED_LISTS, *OPTIONAL_FIELDS))


class Theme(TextEnum):
    """The themes of domain.md "Scenario themes worth covering", plus ``other`` for an instructor's own."""

    ANGER_AT_PROGRAM = "anger-at-program"
    SHAME_AFTER_RELAPSE = "shame-after-relapse"
    FEAR_COURT_CUSTODY = "fear-court-custody"
    GRIEF = "grief"
    FEELING_DISRESPECTED = "feeling-disrespected"
    WITHDRAWAL_PAIN = "withdrawal-pain"
    LEAVING_AGAINST_ADVICE = "leaving-against-advice"
    RESIDENT_CONFLICT = "resident-conflict"
    DISTRUST_OF_HELPER = "distrust-of-helper"
    SUICIDAL_HINTS = "suicidal-hints"
    OTHER = "other"


THEME_LABELS: dict[str, str] = {
    Theme.ANGER_AT_PROGRAM.value: "anger at the program or staff",
    Theme.SHAME_AFTER_RELAPSE.value: "shame after a relapse",
    Theme.FEAR_COURT_CUSTODY.value: "fear about court or child custody",
    Theme.GRIEF.value: "grief",
    Theme.FEELING_DISRESPECTED.value: "feeling disrespected",
    Theme.WITHDRAWAL_PAIN.value: "withdrawal symptoms and pain",
    Theme.LEAVING_AGAINST_ADVICE.value: "wanting to leave treatment against advice",
    Theme.RESIDENT_CONFLICT.value: "conflict between two residents",
    Theme.DISTRUST_OF_HELPER.value: "distrust of the helper",
    Theme.SUICIDAL_HINTS.value: "suicidal hints",
    Theme.OTHER.value: "other",
}
THEMES = tuple(t.value for t in Theme)
DOMAIN_THEMES = tuple(t.value for t in Theme if t is not Theme.OTHER)
"""Every one of these must be covered by the built-in packs (tests/test_scenarios.py)."""

SAFETY_QUESTION = re.compile(
    r"\b(?:suicid\w*|kill(?:ing)? yourself|end(?:ing)? (?:your (?:own )?life|it all)|tak(?:e|ing) your (?:own )?life|"
    r"want(?:ing)? to die|thoughts? (?:of|about) (?:dying|death))\b",
    re.IGNORECASE,
)
"""A direct question about suicide (domain.md: "ask directly and caringly ... never ignore it"): what a safety-critical
model reply must contain, and what the feedback counts as the trainee asking (feedback/safety.py)."""


@dataclass(frozen=True)
class Scenario:
    """One practice situation; see domain.md "Scenario themes"."""

    id: str
    title: str
    context: str
    """What the trainee knows before the client speaks (setting, history)."""
    client_statement: str
    """What the client says, read aloud by TTS or played from ``client_audio``."""
    client_audio: Path | None
    difficulty: int
    """1 (mild frustration) to 5 (shouting)."""
    client_emotion: str
    feelings: tuple[str, ...]
    """Feelings a good reply reflects or validates ("scared", "humiliated")."""
    key_content: tuple[str, ...]
    """Facts a good reply picks up ("voucher", "custody hearing")."""
    goals: tuple[str, ...]
    """What the reply should do, in the instructor's words."""
    avoid: tuple[str, ...]
    """What the reply must not do, in the instructor's words."""
    model_reply: str
    """One good reply, offered as a phrasing to try."""
    theme: str = Theme.OTHER.value
    """One of ``THEMES``."""
    safety_critical: bool = False
    """True when the client hints at self-harm: the reply must ask directly and caringly."""
    source: Path | None = field(default=None, compare=False)

    @property
    def theme_label(self) -> str:
        return THEME_LABELS.get(self.theme, self.theme)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["client_audio"] = str(self.client_audio) if self.client_audio else None
        data["source"] = str(self.source) if self.source else None
        for key in REQUIRED_LISTS:
            data[key] = list(data[key])
        return data
