"""Loading scenario packs: a client's statement and what a good reply to it must do.

A pack is a folder ``<id>/scenario.toml`` (plus ``client.wav`` when an instructor recorded the client).
Instructors edit these files by hand, so every problem is reported with the file, the field and the fix.
Two levels of checking:

- ``load_scenario`` (parse.py) *errors*: the pack cannot be used (missing field, wrong type, unknown theme, a
  safety-critical pack whose model reply does not ask about suicide ...).
- ``scenarios.review.review_scenario`` *advice*: the pack works but could serve practice better.

Packs are found in three places, searched in this order (the first pack with an id wins):
``$VOICE_DEESC_SCENARIOS`` (env), the user's data folder (yours: ``scenarios new`` and ``scenarios import``
write there) and the built-in packs shipped inside the package (``voice_deesc.builtin_scenarios``, built from
the top-level ``audio_scenarios/``).

Sharing (template, zip export, safe import) lives in ``scenarios.share``.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from voice_deesc.errors import ScenarioError
from voice_deesc.scenarios.model import (
    ID_PATTERN,
    SCENARIO_FILE,
    SCENARIOS_ENV,
    Scenario,
)
from voice_deesc.scenarios.parse import load_scenario
from voice_deesc.textenum import TextEnum

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass


BUILTIN_PACKAGE = "voice_deesc.builtin_scenarios"
"""The packs of the top-level ``audio_scenarios/``, installed under this name (setup.py maps the folder)."""


class Origin(TextEnum):
    """Where a pack was found, as `scenarios list` shows it."""

    ENV = "env"
    """A folder named by ``$VOICE_DEESC_SCENARIOS``."""
    USER = "yours"
    """The user's data folder (``paths.user_scenarios_dir``)."""
    BUILTIN = "built-in"
    """Shipped with the app."""


@dataclass(frozen=True)
class PackFolder:
    """A folder of pack folders and where it comes from."""

    path: Path
    origin: Origin


@dataclass(frozen=True)
class FoundPack:
    """A loaded pack and the folder it came from."""

    scenario: Scenario
    origin: Origin


def builtin_dir() -> Path:
    """The built-in packs, shipped inside the package and found through ``importlib.resources``.

    Raises
    ------
    ScenarioError
        The installation has no built-in packs (a broken or partial install).
    """
    from importlib import resources

    try:
        folder = Path(str(resources.files(BUILTIN_PACKAGE)))
    except ModuleNotFoundError as e:
        raise ScenarioError(
            f"the built-in scenario packs ({BUILTIN_PACKAGE}) are missing from this installation — "
            "reinstall voice-deesc (pip install voice-deesc, or pip install -e . in a checkout)"
        ) from e
    return folder


def pack_folders() -> list[PackFolder]:
    """Every folder packs are looked up in, first match wins: ``$VOICE_DEESC_SCENARIOS``, yours, built-in."""
    from voice_deesc.paths import user_scenarios_dir

    folders = []
    override = os.environ.get(SCENARIOS_ENV)
    if override:
        folders.append(PackFolder(Path(override), Origin.ENV))
    folders.append(PackFolder(user_scenarios_dir(), Origin.USER))
    folders.append(PackFolder(builtin_dir(), Origin.BUILTIN))
    return folders


def list_scenarios(root: Path | None = None, *, skip_invalid: list[str] | None = None) -> list[Scenario]:
    """All packs under ``root`` (default: every pack folder, see ``find_packs``), sorted by difficulty then id.

    Parameters
    ----------
    root : Path, optional
        A folder of pack folders.
    skip_invalid : list of str, optional
        When given, malformed packs are left out and their error messages appended here, so one
        half-finished pack does not hide the others; when None (default) the first one raises.

    Raises
    ------
    ScenarioError
        ``root`` is not a folder, or (without ``skip_invalid``) one of its packs is malformed.
    """
    if root is None:
        return [found.scenario for found in find_packs(skip_invalid=skip_invalid)]
    if not root.is_dir():
        raise ScenarioError(f"{root}: no scenario folder — give a folder that holds pack folders")
    return sorted(_load_folder(root, skip_invalid), key=lambda s: (s.difficulty, s.id))


def find_packs(*, skip_invalid: list[str] | None = None) -> list[FoundPack]:
    """Every usable pack with its origin, sorted by difficulty then id; a pack hides later ones with its id.

    Raises
    ------
    ScenarioError
        ``$VOICE_DEESC_SCENARIOS`` names a missing folder, or (without ``skip_invalid``) a pack is malformed.
    """
    found: dict[str, FoundPack] = {}
    for folder in pack_folders():
        if not folder.path.is_dir():
            if folder.origin is Origin.USER:
                continue  # nobody has written a pack yet
            raise ScenarioError(
                f"{folder.path}: no scenario folder — set {SCENARIOS_ENV} to a folder of scenario packs, or unset it"
            )
        for scenario in _load_folder(folder.path, skip_invalid):
            found.setdefault(scenario.id, FoundPack(scenario, folder.origin))
    return sorted(found.values(), key=lambda f: (f.scenario.difficulty, f.scenario.id))


def _load_folder(root: Path, skip_invalid: list[str] | None) -> list[Scenario]:
    packs = []
    for folder in sorted(root.iterdir()):
        if not (folder / SCENARIO_FILE).is_file():
            continue
        try:
            packs.append(load_scenario(folder))
        except ScenarioError as e:
            if skip_invalid is None:
                raise
            skip_invalid.append(str(e))
    return packs


def get_scenario(scenario_id: str, root: Path | None = None) -> Scenario:
    """A pack by id (from ``root``, or else the first pack folder that has it), or a pack folder / toml by path."""
    candidate = Path(scenario_id)
    if (
        candidate.suffix == ".toml"
        or "/" in scenario_id
        or os.sep in scenario_id
        or (candidate / SCENARIO_FILE).is_file()
    ):
        return load_scenario(candidate)  # a path: its own "no such scenario file" error is the clearer one
    roots = [root] if root is not None else [folder.path for folder in pack_folders()]
    if ID_PATTERN.match(scenario_id):
        for folder in roots:
            if (folder / scenario_id / SCENARIO_FILE).is_file():
                return load_scenario(folder / scenario_id)
    known = sorted(
        {p.name for folder in roots if folder.is_dir() for p in folder.iterdir() if (p / SCENARIO_FILE).is_file()}
    )
    close = difflib.get_close_matches(scenario_id, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ScenarioError(f"unknown scenario {scenario_id!r} — {hint}run `voice-deesc scenarios list` to see the ids")


def validate_tree(path: Path) -> list[tuple[Path, str | None]]:
    """Check every pack under ``path`` (or the one pack it is); each result is (file, error or None)."""
    path = Path(path)
    if path.is_file():
        files = [path]
    elif (path / SCENARIO_FILE).is_file():
        files = [path / SCENARIO_FILE]
    else:
        files = sorted(path.glob(f"*/{SCENARIO_FILE}"))
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
