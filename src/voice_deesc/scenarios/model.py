"""The scenario record and the fixed vocabulary of a pack: fields, themes, the safety question.

Kept apart from loading so reports, history and the wording analysis can use a Scenario without the TOML reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from voice_deesc.conversation.record import Branch, EndState
from voice_deesc.textenum import TextEnum

SCENARIO_FILE = "scenario.toml"
CLIENT_AUDIO_FILE = "client.wav"


def turn_clip_name(turn: int | None) -> str:
    """The file a recorded client line is kept in: the statement's (turn 1's) ``client.wav``, turn N's
    ``client-turn-N.wav`` (N counts the pack's ``[[turns]]`` in file order). ``scenarios record --turn N`` stores
    there, and a turn without ``client_voice`` plays that file when it exists.
    """
    return CLIENT_AUDIO_FILE if turn in (None, 1) else f"client-turn-{turn}.wav"


AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
SCENARIOS_ENV = "VOICE_DEESC_SCENARIOS"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
DIFFICULTY_RANGE = (1, 5)
"""1 = mild frustration ... 5 = shouting (domain.md, "Difficulty levels")."""

REQUIRED_TEXT = ("title", "context", "client_statement", "client_emotion", "model_reply")
REQUIRED_LISTS = ("feelings", "key_content", "goals", "avoid")
OPTIONAL_FIELDS = ("theme", "safety_critical", "client_voice", "turns")
KNOWN_FIELDS = frozenset(("id", "difficulty", *REQUIRED_TEXT, *REQUIRED_LISTS, *OPTIONAL_FIELDS))
TURN_TEXT_FIELDS = ("text", "model_reply")
TURN_LISTS = REQUIRED_LISTS
TURN_TARGET_FIELDS = tuple(branch.value for branch in Branch)
"""Each client turn names where each branch leads: ``settles``, ``holds``, ``escalates``."""
TURN_FIELDS = frozenset(
    ("id", "agitation", "client_voice", "safety_hint", *TURN_TEXT_FIELDS, *TURN_LISTS, *TURN_TARGET_FIELDS)
)
AGITATION_RANGE = (0, 10)
"""0 = at ease ... 10 = shouting, about to walk off."""
END_TARGETS: dict[str, EndState] = {
    "settled": EndState.SETTLED,
    "escalated": EndState.ESCALATED,
    "safety-hand-off": EndState.SAFETY_HANDOFF,
}
"""Branch targets that end the conversation instead of naming a turn (turn ids may not use these names)."""


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
    conversation: Conversation | None = None
    """The client's turns when the pack holds a conversation; None for a single statement (one turn)."""
    earlier_client_lines: tuple[str, ...] = ()
    """What the client said earlier in this conversation, oldest first (set by :func:`turn_scenario`, never read
    from a pack): a reply may reflect something said two turns ago, and the wording analysis looks there too."""

    @property
    def theme_label(self) -> str:
        return THEME_LABELS.get(self.theme, self.theme)

    def recordings(self) -> tuple[Path, ...]:
        """Every recorded clip the pack uses: the statement's and each turn's, once each."""
        clips = [self.client_audio]
        if self.conversation is not None:
            clips += [turn.client_audio for turn in self.conversation.turns]
        return tuple(dict.fromkeys(clip for clip in clips if clip is not None))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["client_audio"] = str(self.client_audio) if self.client_audio else None
        data["source"] = str(self.source) if self.source else None
        for key in REQUIRED_LISTS:
            data[key] = list(data[key])
        data["conversation"] = None if self.conversation is None else self.conversation.to_dict()
        del data["earlier_client_lines"]  # the moment in a session, not part of the pack
        return data


@dataclass(frozen=True)
class Turn:
    """One thing the client says in a conversation, what a good reply to it does, and where each branch leads."""

    id: str
    text: str
    """What the client says, read aloud by TTS (at the client's agitation then) or played from ``client_audio``."""
    agitation: int
    """0-10: how agitated the line is written; the first turn's level is where the conversation starts."""
    feelings: tuple[str, ...]
    key_content: tuple[str, ...]
    goals: tuple[str, ...]
    avoid: tuple[str, ...]
    model_reply: str
    settles: str
    """The next turn's id, or an end (``END_TARGETS``), when the reply settles the client."""
    holds: str
    escalates: str
    client_audio: Path | None = None
    safety_hint: bool = False
    """The client hints at suicide here: the reply must ask directly, and ignoring it escalates."""

    def next_for(self, branch: Branch) -> str:
        """Where ``branch`` leads from this turn: a turn id or an end name."""
        return {Branch.SETTLES: self.settles, Branch.HOLDS: self.holds, Branch.ESCALATES: self.escalates}[branch]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["client_audio"] = str(self.client_audio) if self.client_audio else None
        for key in TURN_LISTS:
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class Conversation:
    """A pack's client turns; the first one opens the conversation."""

    turns: tuple[Turn, ...]

    @property
    def start(self) -> Turn:
        return self.turns[0]

    def turn(self, turn_id: str) -> Turn:
        """The turn with this id (the loader has checked every branch target exists)."""
        return next(t for t in self.turns if t.id == turn_id)

    def settle_path(self) -> tuple[tuple[Turn, ...], str]:
        """The turns met when every reply settles, and the target that ends it (a turn id if it loops back)."""
        path: list[Turn] = []
        target = self.start.id
        seen: set[str] = set()
        while target not in END_TARGETS and target not in seen:
            seen.add(target)
            path.append(self.turn(target))
            target = path[-1].settles
        return tuple(path), target

    def to_dict(self) -> dict[str, Any]:
        return {"turns": [turn.to_dict() for turn in self.turns]}


def as_conversation(scenario: Scenario) -> Conversation:
    """The pack's conversation, or a single statement as a one-turn conversation whose every branch ends it.

    A reply that holds a single-statement client lets the trainee try the same statement again.
    """
    if scenario.conversation is not None:
        return scenario.conversation
    settled = "safety-hand-off" if scenario.safety_critical else "settled"
    turn = Turn(
        id="statement",
        text=scenario.client_statement,
        agitation=min(AGITATION_RANGE[1], 2 * scenario.difficulty),
        feelings=scenario.feelings,
        key_content=scenario.key_content,
        goals=scenario.goals,
        avoid=scenario.avoid,
        model_reply=scenario.model_reply,
        settles=settled,
        holds="statement",
        escalates="escalated",
        client_audio=scenario.client_audio,
        safety_hint=scenario.safety_critical,
    )
    return Conversation((turn,))


def turn_scenario(scenario: Scenario, turn: Turn, *, earlier: Sequence[str] = ()) -> Scenario:
    """The pack seen from one turn, for ``pipeline.analyse``: feedback uses this turn's feelings, goals and reply.

    The id stays the pack's, so attempts group under it; ``safety_critical`` follows the turn's hint. ``earlier``
    is what the client said in the turns before this one, oldest first.
    """
    return replace(
        scenario,
        client_statement=turn.text,
        client_audio=turn.client_audio,
        feelings=turn.feelings,
        key_content=turn.key_content,
        goals=turn.goals,
        avoid=turn.avoid,
        model_reply=turn.model_reply,
        safety_critical=turn.safety_hint,
        conversation=None,
        earlier_client_lines=tuple(earlier),
    )
