"""Scenario packs: a client's statement and what a good reply to it must do.

A pack is a folder ``<id>/scenario.toml`` (plus ``client.wav`` when an instructor recorded the client).
Instructors edit these files by hand, so every problem is reported with the file, the field and the fix.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from voice_deesc.errors import ScenarioError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCENARIO_FILE = "scenario.toml"
CLIENT_AUDIO_FILE = "client.wav"
SCENARIOS_ENV = "VOICE_DEESC_SCENARIOS"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
DIFFICULTY_RANGE = (1, 5)
"""1 = mild frustration ... 5 = shouting (domain.md, "Difficulty levels")."""

REQUIRED_TEXT = ("title", "context", "client_statement", "client_emotion", "model_reply")
REQUIRED_LISTS = ("feelings", "key_content", "goals", "avoid")
OPTIONAL_FIELDS = ("theme", "safety_critical", "client_voice")
KNOWN_FIELDS = frozenset(("id", "difficulty", *REQUIRED_TEXT, *REQUIRED_LISTS, *OPTIONAL_FIELDS))


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
    theme: str = ""
    safety_critical: bool = False
    """True when the client hints at self-harm: the reply must ask directly and caringly."""
    source: Path | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["client_audio"] = str(self.client_audio) if self.client_audio else None
        data["source"] = str(self.source) if self.source else None
        for key in REQUIRED_LISTS:
            data[key] = list(data[key])
        return data


def builtin_dir() -> Path:
    """Where built-in packs live: ``$VOICE_DEESC_SCENARIOS`` or ``audio_scenarios/`` of the project."""
    override = os.environ.get(SCENARIOS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "audio_scenarios"


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load and validate one pack (its folder or its scenario.toml).

    Raises
    ------
    ScenarioError
        The file is missing, not valid TOML, or a field is missing, of the wrong type or out of range.
    """
    path = Path(path)
    file = path / SCENARIO_FILE if path.is_dir() else path
    if not file.is_file():
        raise ScenarioError(f"{file}: no such scenario file — a pack is a folder with {SCENARIO_FILE}")
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise ScenarioError(f"{file}: not UTF-8 text — save it as UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(f"{file}: not valid TOML ({e}) — fix the syntax at that line") from e
    return _scenario_from_toml(data, file)


def _scenario_from_toml(data: dict[str, Any], file: Path) -> Scenario:
    def fail(field_name: str, problem: str) -> ScenarioError:
        return ScenarioError(f"{file}: field '{field_name}' {problem}")

    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise fail(unknown[0], f"is not a scenario field — known fields: {', '.join(sorted(KNOWN_FIELDS))}")
    scenario_id = data.get("id", file.parent.name)
    if not isinstance(scenario_id, str) or not ID_PATTERN.match(scenario_id):
        raise fail("id", f"is {scenario_id!r}; use 2-63 lowercase letters, digits and hyphens")
    if file.name == SCENARIO_FILE and scenario_id != file.parent.name:
        raise fail("id", f"is {scenario_id!r} but the folder is {file.parent.name!r}; make them the same")
    text: dict[str, str] = {}
    for key in REQUIRED_TEXT:
        value = data.get(key)
        if value is None:
            raise fail(key, "is missing; add it as a quoted string")
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "must be a non-empty string")
        text[key] = " ".join(value.split())
    lists: dict[str, tuple[str, ...]] = {}
    for key in REQUIRED_LISTS:
        value = data.get(key)
        if value is None:
            raise fail(key, 'is missing; add it as a list of strings, e.g. ["scared"]')
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(key, 'must be a non-empty list of non-empty strings, e.g. ["scared"]')
        lists[key] = tuple(v.strip() for v in value)
    difficulty = data.get("difficulty")
    low, high = DIFFICULTY_RANGE
    if isinstance(difficulty, bool) or not isinstance(difficulty, int) or not low <= difficulty <= high:
        raise fail("difficulty", f"is {difficulty!r}; use a whole number from {low} (mild) to {high} (shouting)")
    theme = data.get("theme", "")
    if not isinstance(theme, str):
        raise fail("theme", "must be a string")
    safety = data.get("safety_critical", False)
    if not isinstance(safety, bool):
        raise fail("safety_critical", "must be true or false")
    audio_name = data.get("client_voice", CLIENT_AUDIO_FILE)
    if not isinstance(audio_name, str) or "/" in audio_name or "\\" in audio_name:
        raise fail("client_voice", "must be a file name inside the pack folder")
    client_audio = file.parent / audio_name
    if "client_voice" in data and not client_audio.is_file():
        raise fail("client_voice", f"names {audio_name!r}, which is not in {file.parent}")
    return Scenario(
        id=scenario_id,
        difficulty=difficulty,
        client_audio=client_audio if client_audio.is_file() else None,
        theme=theme,
        safety_critical=safety,
        source=file,
        **text,  # type: ignore[arg-type]
        **lists,  # type: ignore[arg-type]
    )


def list_scenarios(root: Path | None = None) -> list[Scenario]:
    """All packs under ``root`` (default: the built-ins), sorted by difficulty then id."""
    root = root or builtin_dir()
    if not root.is_dir():
        raise ScenarioError(f"{root}: no scenario folder — set {SCENARIOS_ENV} to a folder of scenario packs")
    packs = [load_scenario(p) for p in sorted(root.iterdir()) if (p / SCENARIO_FILE).is_file()]
    return sorted(packs, key=lambda s: (s.difficulty, s.id))


def get_scenario(scenario_id: str, root: Path | None = None) -> Scenario:
    """A built-in pack by id, or a pack folder / scenario.toml given by path."""
    candidate = Path(scenario_id)
    if candidate.suffix == ".toml" or candidate.is_dir():
        return load_scenario(candidate)
    root = root or builtin_dir()
    folder = root / scenario_id
    if (folder / SCENARIO_FILE).is_file():
        return load_scenario(folder)
    known = ", ".join(s.id for s in list_scenarios(root)) if root.is_dir() else "none"
    raise ScenarioError(f"unknown scenario {scenario_id!r} — run `voice-deesc scenarios list` (known: {known})")


def validate_tree(path: Path) -> list[tuple[Path, str | None]]:
    """Check every pack under ``path`` (or the one pack it is); each result is (file, error or None)."""
    path = Path(path)
    files = (
        [path]
        if path.is_file()
        else ([path / SCENARIO_FILE] if (path / SCENARIO_FILE).is_file() else sorted(path.glob(f"*/{SCENARIO_FILE}")))
    )
    if not files:
        raise ScenarioError(f"{path}: no {SCENARIO_FILE} found — give a pack folder or a folder of packs")
    results: list[tuple[Path, str | None]] = []
    for file in files:
        try:
            load_scenario(file)
            results.append((file, None))
        except ScenarioError as e:
            results.append((file, str(e)))
    return results
