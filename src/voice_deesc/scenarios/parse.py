"""Reading one scenario pack file: every problem named with the file, the field and the fix.

Instructors edit these files by hand, so a pack with several mistakes gets all of them in one pass; a file that
is too big, too deeply nested, not UTF-8 or not TOML is refused with one line before any field is read.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from voice_deesc.errors import ScenarioError
from voice_deesc.scenarios.model import (
    AUDIO_SUFFIXES,
    CLIENT_AUDIO_FILE,
    DIFFICULTY_RANGE,
    ID_PATTERN,
    KNOWN_FIELDS,
    REQUIRED_LISTS,
    REQUIRED_TEXT,
    SAFETY_QUESTION,
    SCENARIO_FILE,
    THEME_LABELS,
    THEMES,
    Conversation,
    Scenario,
    Theme,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


MAX_SCENARIO_BYTES = 256 * 1024
"""The largest built-in pack is ~3 KB; a quarter megabyte is a wrong file (or a hostile one), not a scenario."""
MAX_NESTING = 32
"""A scenario is flat text and lists; deeper brackets than this can only be a broken or hostile file."""


class ScenarioFileError(ScenarioError):
    """A pack file with one or more problems; ``problems`` holds each as "field 'x' ... — fix"."""

    def __init__(self, file: Path, problems: list[str]) -> None:
        self.file = file
        self.problems = tuple(problems)
        super().__init__(f"{file}: " + "; ".join(problems))


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate one pack (its folder or its scenario.toml).

    Parameters
    ----------
    path : path-like
        A pack folder holding ``scenario.toml``, or the toml file itself.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        The file is missing, unreadable, not UTF-8, not valid TOML, or a field is missing, unknown, of the
        wrong type or out of range. The message names the file, each field and the fix.

    Examples
    --------
    >>> from voice_deesc.scenarios.load import builtin_dir
    >>> load_scenario(builtin_dir() / "lost-housing-voucher").difficulty
    3
    """
    path = Path(path)
    file = path / SCENARIO_FILE if path.is_dir() else path
    if not file.is_file():
        raise ScenarioError(f"{file}: no such scenario file — a pack is a folder with {SCENARIO_FILE}")
    return _scenario_from_toml(_parse_toml(_read_text(file), file), file)


def _read_text(file: Path) -> str:
    """The file as text, refusing an over-size file before reading it (a 50 MB string took minutes to parse)."""
    try:
        size = file.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioFileError(
                file,
                [
                    f"is {size / 1024:.0f} KB, over the {MAX_SCENARIO_BYTES // 1024} KB limit for a scenario — "
                    "keep the text short (a statement is two to five sentences)"
                ],
            )
        raw = file.read_bytes()
    except OSError as e:
        raise ScenarioError(f"{file}: cannot be read ({e.strerror}) — check the file's permissions") from e
    try:
        return raw.decode("utf-8-sig")  # tolerate the byte-order mark some Windows editors add
    except UnicodeDecodeError as e:
        raise ScenarioFileError(file, [_encoding_problem(raw, e)]) from e


def _parse_toml(text: str, file: Path) -> dict[str, Any]:
    """Parse, refusing bracket nesting the recursive parser would choke on (RecursionError) before it starts."""
    depth = _bracket_depth(text)
    if depth > MAX_NESTING:
        raise ScenarioFileError(
            file, [f"nests brackets {depth} deep (limit {MAX_NESTING}) — a scenario holds only text and plain lists"]
        )
    try:
        return tomllib.loads(text)
    except RecursionError as e:  # belt and braces: the depth scan above should already have refused it
        raise ScenarioFileError(file, ["nests brackets too deeply — a scenario holds only text and plain lists"]) from e
    except tomllib.TOMLDecodeError as e:
        raise ScenarioFileError(
            file,
            [f'is not valid TOML ({e}) — fix the syntax there; put text in quotes and text over several lines in """'],
        ) from e


def _bracket_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` outside quoted text: an upper bound on what the TOML parser will recurse."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "#":
            quote = "\n"  # a comment runs to the end of the line
    return deepest


def _encoding_problem(raw: bytes, error: UnicodeDecodeError) -> str:
    """Say which line (and which field, when a ``key =`` precedes it) holds the first non-UTF-8 byte."""
    line_no = raw.count(b"\n", 0, error.start) + 1
    before = raw[: error.start].decode("utf-8", errors="replace").splitlines()
    keys = [m.group(1) for line in before if (m := re.match(r"\s*([A-Za-z_][\w-]*)\s*=", line))]
    where = f"field '{keys[-1]}' on line {line_no}" if keys else f"line {line_no}"
    return (
        f"{where} is not UTF-8 text (byte 0x{raw[error.start]:02x}) — "
        "save the file with UTF-8 encoding (most editors offer it under Save As)"
    )


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})" if len(value) < 30 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _normalise_theme(value: str) -> str:
    """Accept the id ("resident-conflict") or its label ("conflict between two residents"), any case."""
    key = value.strip().lower()
    for theme_id, label in THEME_LABELS.items():
        if key in (theme_id, label, theme_id.replace("-", " ")):
            return theme_id
    return key


Fail = Callable[[str, str], None]
"""Records one problem with a field: ``fail(field_name, problem)``."""


def _scenario_from_toml(data: dict[str, Any], file: Path) -> Scenario:
    """Check every field, collecting all the problems so the instructor can fix them in one pass."""
    problems: list[str] = []

    def fail(field_name: str, problem: str) -> None:
        problems.append(f"field '{field_name}' {problem}")

    is_conversation = "turns" in data
    if is_conversation:
        from voice_deesc.scenarios.conversation import fill_from_first_turn

        data = fill_from_first_turn(data)  # the pack-level statement defaults to the opening turn's
    _check_known_fields(data, fail)
    scenario_id = _read_id(data, file, fail)
    text = _read_texts(data, fail)
    lists = _read_lists(data, fail)
    difficulty = _read_difficulty(data, fail)
    theme = _read_theme(data, fail)
    # A conversation asks the direct question at its hint turn, which need not be the opening one.
    safety = _read_safety(data, theme, None if is_conversation else text.get("model_reply"), fail)
    client_audio = _client_audio(data, file, fail)
    conversation = _read_conversation(data, file, safety, problems) if is_conversation else None
    if problems:
        raise ScenarioFileError(file, problems)
    return Scenario(
        id=scenario_id,
        difficulty=cast(int, difficulty),  # checked above: a whole number in DIFFICULTY_RANGE
        client_audio=client_audio,
        theme=theme,
        safety_critical=safety,
        source=file,
        conversation=conversation,
        **text,  # type: ignore[arg-type]
        **lists,  # type: ignore[arg-type]
    )


def _read_conversation(data: dict[str, Any], file: Path, safety: bool, problems: list[str]) -> Conversation | None:
    """The pack's turns, and (when they parse) whether they form a sound conversation."""
    from voice_deesc.scenarios.conversation import read_conversation
    from voice_deesc.scenarios.conversation_checks import check_conversation

    conversation = read_conversation(data["turns"], file.parent, problems)
    if conversation is None:
        return None
    structural = check_conversation(conversation, safety_critical=safety)
    problems.extend(structural)
    return None if structural else conversation


def _check_known_fields(data: dict[str, Any], fail: Fail) -> None:
    for name in sorted(set(data) - KNOWN_FIELDS):
        close = difflib.get_close_matches(name, KNOWN_FIELDS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known fields: {', '.join(sorted(KNOWN_FIELDS))}"
        fail(name, f"is not a scenario field — remove it or rename it ({hint})")


def _read_id(data: dict[str, Any], file: Path, fail: Fail) -> str:
    scenario_id = data.get("id", file.parent.name)
    if not isinstance(scenario_id, str) or not ID_PATTERN.match(scenario_id):
        fail("id", f"is {_describe(scenario_id)}; use 2-63 lowercase letters, digits and hyphens, e.g. 'missed-bus'")
    elif file.name == SCENARIO_FILE and scenario_id != file.parent.name:
        fail("id", f"is {scenario_id!r} but the folder is {file.parent.name!r}; rename one so they match")
    return str(scenario_id)


def _read_texts(data: dict[str, Any], fail: Fail) -> dict[str, str]:
    text: dict[str, str] = {}
    for key in REQUIRED_TEXT:
        value = data.get(key)
        if value is None:
            fail(key, 'is missing; add it as quoted text, e.g. key = "..."')
        elif not isinstance(value, str):
            fail(key, f'is {_describe(value)}, but must be text in quotes, e.g. {key} = "..."')
        elif not value.strip():
            fail(key, "is empty; write the text between the quotes")
        else:
            text[key] = " ".join(value.split())
    return text


def _read_lists(data: dict[str, Any], fail: Fail) -> dict[str, tuple[str, ...]]:
    lists: dict[str, tuple[str, ...]] = {}
    for key in REQUIRED_LISTS:
        value = data.get(key)
        example = '["scared", "angry"]' if key == "feelings" else '["first", "second"]'
        if value is None:
            fail(key, f"is missing; add it as a list of quoted text, e.g. {key} = {example}")
        elif not isinstance(value, list):
            fail(key, f"is {_describe(value)}, but must be a list in square brackets, e.g. {key} = {example}")
        elif not value:
            fail(key, f"is an empty list; add at least one item, e.g. {key} = {example}")
        elif not all(isinstance(v, str) and v.strip() for v in value):
            bad = next(i for i, v in enumerate(value, 1) if not (isinstance(v, str) and v.strip()))
            fail(key, f"item {bad} is {_describe(value[bad - 1])}; every item must be non-empty quoted text")
        else:
            lists[key] = tuple(" ".join(v.split()) for v in value)
    return lists


def _read_difficulty(data: dict[str, Any], fail: Fail) -> Any:
    difficulty = data.get("difficulty")
    low, high = DIFFICULTY_RANGE
    if difficulty is None:
        fail("difficulty", f"is missing; add difficulty = {low} (mild frustration) to {high} (shouting)")
    elif isinstance(difficulty, bool) or not isinstance(difficulty, int) or not low <= difficulty <= high:
        fail("difficulty", f"is {_describe(difficulty)}; use a whole number from {low} (mild) to {high} (shouting)")
    return difficulty


def _read_theme(data: dict[str, Any], fail: Fail) -> str:
    theme = data.get("theme", Theme.OTHER.value)
    if not isinstance(theme, str):
        fail("theme", f"is {_describe(theme)}, but must be quoted text: one of {', '.join(THEMES)}")
        return Theme.OTHER.value
    theme = _normalise_theme(theme)
    if theme not in THEMES:
        fail("theme", f"is {theme!r}, not a known theme; use one of {', '.join(THEMES)}")
    return theme


def _read_safety(data: dict[str, Any], theme: str, model_reply: str | None, fail: Fail) -> bool:
    safety = data.get("safety_critical", False)
    if not isinstance(safety, bool):
        fail("safety_critical", f"is {_describe(safety)}; write true or false without quotes")
        return False
    if theme == Theme.SUICIDAL_HINTS.value and not safety:
        fail("safety_critical", "must be true for the theme 'suicidal-hints'; add safety_critical = true")
    if safety and model_reply is not None and not SAFETY_QUESTION.search(model_reply):
        fail(
            "model_reply",
            "of a safety-critical scenario must ask directly about suicide; add a question such as "
            "'Are you thinking about killing yourself?' (domain.md: never ignore a suicidal hint)",
        )
    return bool(safety)


def _client_audio(data: dict[str, Any], file: Path, fail: Fail) -> Path | None:
    """The recorded client voice: ``client_voice`` when named (it must exist), else ``client.wav`` if present."""
    name = data.get("client_voice")
    if name is None:
        default = file.parent / CLIENT_AUDIO_FILE
        return default if default.is_file() else None
    if not isinstance(name, str) or not name.strip():
        fail("client_voice", f"is {_describe(name)}; give the file name of the recording in quotes")
        return None
    if "/" in name or "\\" in name or name in (".", ".."):
        fail("client_voice", f"is {name!r}; give a plain file name and put the recording inside the pack folder")
        return None
    if not name.lower().endswith(AUDIO_SUFFIXES):
        fail("client_voice", f"is {name!r}; use a recording ending in {', '.join(AUDIO_SUFFIXES)}")
        return None
    audio = file.parent / name
    if not audio.is_file():
        fail("client_voice", f"names {name!r}, which is not in {file.parent}; copy the recording there or fix the name")
        return None
    return audio
