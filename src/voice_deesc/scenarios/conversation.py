"""Reading a pack's conversation: the ``[[turns]]`` tables of scenario.toml, each problem named with turn and field.

A conversation pack lists the client's turns in order, the first one opening the conversation::

    [[turns]]
    id = "opening"
    agitation = 7
    text = "..."              # what the client says (client_voice = "opening.wav" for a recording)
    feelings = [...]          # and key_content, goals, avoid, model_reply, as for a single statement
    settles = "second"        # the next turn when the reply settles the client, or an end:
    holds = "opening"         #   "settled", "escalated" or "safety-hand-off"
    escalates = "flare-up"

The pack-level statement fields may then be left out: they default to the first turn's, so ``evaluate`` and
``scenarios show`` still have a statement to judge a single reply against. Whether the turns form a sound
conversation (reachable, ending, a settle path of the right length) is ``scenarios.conversation_checks``' job.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from voice_deesc.scenarios.model import (
    AGITATION_RANGE,
    END_TARGETS,
    ID_PATTERN,
    REQUIRED_LISTS,
    TURN_FIELDS,
    TURN_LISTS,
    TURN_TARGET_FIELDS,
    TURN_TEXT_FIELDS,
    Conversation,
    Turn,
)

END_ALIASES = {"safety hand-off": "safety-hand-off", "safety handoff": "safety-hand-off", "handoff": "safety-hand-off"}
"""Spellings of the end names an instructor may reasonably write, mapped to the canonical one."""
MAX_TURNS_IN_PACK = 30
"""A conversation is 3-6 turns on its settle path plus a few side turns; more is a wrong file."""
STATEMENT_DEFAULTS = {"client_statement": "text", "model_reply": "model_reply", **{k: k for k in REQUIRED_LISTS}}
"""Pack-level fields a conversation pack may leave out, and the first turn's field each defaults to."""


def fill_from_first_turn(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with any missing pack-level statement field taken from the first turn (when it is a table)."""
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns or not isinstance(turns[0], dict):
        return data
    first = turns[0]
    filled = dict(data)
    for pack_key, turn_key in STATEMENT_DEFAULTS.items():
        if pack_key not in filled and turn_key in first:
            filled[pack_key] = first[turn_key]
    return filled


def read_conversation(value: Any, folder: Path, problems: list[str]) -> Conversation | None:
    """The turns of ``value`` (the parsed ``turns`` array), appending every problem found to ``problems``."""
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        problems.append(
            "field 'turns' must be one or more [[turns]] tables (each with id, agitation, text, ...); "
            "see audio_scenarios/README.md, section Conversations"
        )
        return None
    if len(value) > MAX_TURNS_IN_PACK:
        problems.append(f"field 'turns' has {len(value)} turns, over the limit of {MAX_TURNS_IN_PACK}; keep it short")
        return None
    before = len(problems)
    turns = [_read_turn(number, table, folder, problems) for number, table in enumerate(value, 1)]
    ids = [t.id for t in turns if t is not None]
    for turn_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"turn id {turn_id!r} is used more than once; give every turn its own id")
    if len(problems) > before:
        return None
    conversation = Conversation(tuple(t for t in turns if t is not None))
    for turn in conversation.turns:
        for name in TURN_TARGET_FIELDS:
            target = getattr(turn, name)
            if target not in END_TARGETS and target not in ids:
                close = difflib.get_close_matches(target, [*ids, *END_TARGETS], n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"use a turn id or one of {', '.join(END_TARGETS)}"
                problems.append(f"turn {turn.id!r} field '{name}' leads to {target!r}, which is no turn — {hint}")
    return None if len(problems) > before else conversation


def _read_turn(number: int, table: dict[str, Any], folder: Path, problems: list[str]) -> Turn | None:
    """One ``[[turns]]`` table; problems name it by id (or by position when the id is the problem)."""
    raw_id = table.get("id")
    name = f"turn {raw_id!r}" if isinstance(raw_id, str) and raw_id else f"turn {number}"
    before = len(problems)

    def fail(field_name: str, problem: str) -> None:
        problems.append(f"{name} field '{field_name}' {problem}")

    for unknown in sorted(set(table) - TURN_FIELDS):
        close = difflib.get_close_matches(unknown, TURN_FIELDS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"turn fields: {', '.join(sorted(TURN_FIELDS))}"
        fail(unknown, f"is not a turn field — remove or rename it ({hint})")
    if not isinstance(raw_id, str) or not ID_PATTERN.match(raw_id):
        fail("id", 'must be 2-63 lowercase letters, digits and hyphens in quotes, e.g. id = "opening"')
    elif raw_id in END_TARGETS:
        fail("id", f"is {raw_id!r}, the name of an end; choose another id")
    texts = {key: _text(table, key, fail) for key in TURN_TEXT_FIELDS}
    lists = {key: _list(table, key, fail) for key in TURN_LISTS}
    targets = {key: _target(table, key, fail) for key in TURN_TARGET_FIELDS}
    agitation = table.get("agitation")
    low, high = AGITATION_RANGE
    if isinstance(agitation, bool) or not isinstance(agitation, int) or not low <= agitation <= high:
        fail("agitation", f"must be a whole number from {low} (at ease) to {high} (shouting), e.g. agitation = 6")
    hint = table.get("safety_hint", False)
    if not isinstance(hint, bool):
        fail("safety_hint", "must be true or false without quotes")
    audio = _turn_audio(table.get("client_voice"), folder, fail, number)
    if len(problems) > before:
        return None
    return Turn(
        id=str(raw_id),
        text=texts["text"],
        agitation=int(agitation),  # type: ignore[arg-type]  # checked above
        feelings=lists["feelings"],
        key_content=lists["key_content"],
        goals=lists["goals"],
        avoid=lists["avoid"],
        model_reply=texts["model_reply"],
        settles=targets["settles"],
        holds=targets["holds"],
        escalates=targets["escalates"],
        client_audio=audio,
        safety_hint=bool(hint),
    )


def _text(table: dict[str, Any], key: str, fail: Any) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        fail(key, 'must be non-empty text in quotes, e.g. text = "..."')
        return ""
    return " ".join(value.split())


def _list(table: dict[str, Any], key: str, fail: Any) -> tuple[str, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        fail(key, f'must be a list of one or more quoted texts, e.g. {key} = ["first", "second"]')
        return ()
    return tuple(" ".join(v.split()) for v in value)


def _target(table: dict[str, Any], key: str, fail: Any) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        fail(key, f"must name the next turn's id or an end ({', '.join(END_TARGETS)}) in quotes")
        return ""
    cleaned = value.strip().lower()
    return END_ALIASES.get(cleaned, cleaned)


def _turn_audio(name: Any, folder: Path, fail: Any, number: int) -> Path | None:
    """A turn's recorded clip: a plain file name inside the pack folder, else the one ``scenarios record --turn``
    stores for this position (``turn_clip_name``) when it is there."""
    from voice_deesc.scenarios.model import AUDIO_SUFFIXES, turn_clip_name

    if name is None:
        default = folder / turn_clip_name(number)
        return default if default.is_file() else None
    if not isinstance(name, str) or "/" in name or "\\" in name or not name.lower().endswith(AUDIO_SUFFIXES):
        fail("client_voice", f"must be a plain file name in the pack folder ending in {', '.join(AUDIO_SUFFIXES)}")
        return None
    if not (folder / name).is_file():
        fail("client_voice", f"names {name!r}, which is not in {folder}; copy the recording there or fix the name")
        return None
    return folder / name
