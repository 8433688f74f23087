"""Sharing packs: a commented template for instructors, zip export, and a safe zip import.

An imported zip is untrusted: only ``<id>/scenario.toml`` and recordings directly inside ``<id>/`` are
unpacked (no absolute paths, ``..``, links or nested folders), byte counts are enforced while unpacking,
and the pack is validated in a staging folder before it is moved into place.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from voice_deesc.errors import ScenarioError
from voice_deesc.fsutil import ArchiveTooLarge, UnsafeArchive, extract_member, member_parts, open_zip
from voice_deesc.scenarios.load import builtin_dir
from voice_deesc.scenarios.model import AUDIO_SUFFIXES, ID_PATTERN, SCENARIO_FILE, THEMES, Scenario
from voice_deesc.scenarios.parse import load_scenario

# Import limits: a pack is a toml file and at most one client recording.
MAX_IMPORT_FILES = 8
MAX_IMPORT_BYTES = 100 * 1024 * 1024


TEMPLATE = '''\
# A scenario pack for voice-deesc. Edit every TODO, then run:  voice-deesc scenarios validate {folder}
# Text goes in quotes; text over several lines goes in triple quotes. Lists go in square brackets.

id = "{id}"                  # must match the folder name: lowercase letters, digits and hyphens
title = "TODO: a short title trainees see in the list"
theme = "other"              # one of: {themes}
difficulty = 2               # 1 = mild frustration ... 5 = shouting
safety_critical = false      # true when the client hints at suicide; the model reply must then ask directly
client_emotion = "TODO: one word, such as angry, scared or ashamed"
# client_voice = "client.wav"  # a recording of the client in this folder; without one the statement is read aloud

context = """TODO: who the client is, where you are (recovery residence, outpatient program, drop-in centre,
shelter) and what just happened. Use person-first, recovery-oriented language."""

client_statement = """TODO: what the client says, two to five sentences of natural speech. Spell numbers out
as words, because this text is read aloud."""

feelings = ["TODO", "scared"]             # 2-5 plain feeling words a good reply reflects
key_content = ["TODO", "what happened"]   # 2-5 short phrases from the statement a good reply picks up
goals = [
    "TODO: what a good reply does, e.g. reflect the key facts in the client's own words",
    "TODO: e.g. validate the feeling and offer a choice",
]
avoid = [
    "TODO: what a reply must not do, e.g. telling the client to calm down",
    "TODO: e.g. defending the program before listening",
]
model_reply = """TODO: one good reply, two to five sentences, that reflects, validates and offers a choice.
Trainees hear it as "try this"."""
'''


def new_pack(scenario_id: str, root: Path | None = None) -> Path:
    """Write a commented template pack ``root/<id>/scenario.toml`` (default: the user's pack folder) to fill in.

    Raises
    ------
    ScenarioError
        The id is not valid, or a pack with that id exists already.
    """
    root = Path(root or _user_packs())
    if not ID_PATTERN.match(scenario_id):
        raise ScenarioError(f"{scenario_id!r} is not a scenario id — use 2-63 lowercase letters, digits and hyphens")
    folder = root / scenario_id
    if folder.exists():
        raise ScenarioError(f"{folder} exists already — choose another id or edit that pack")
    folder.mkdir(parents=True)
    file = folder / SCENARIO_FILE
    file.write_text(TEMPLATE.format(id=scenario_id, folder=folder, themes=", ".join(THEMES)), encoding="utf-8")
    return file


def export_pack(scenario: Scenario, target: Path) -> Path:
    """Zip a pack as ``<id>/scenario.toml`` (+ its client recording) so another workstation can import it."""
    if scenario.source is None:
        raise ScenarioError(f"scenario {scenario.id!r} has no source file to export")
    target = Path(target)
    if target.is_dir():
        target = target / f"{scenario.id}.zip"
    try:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(scenario.source, f"{scenario.id}/{SCENARIO_FILE}")
            for clip in scenario.recordings():
                archive.write(clip, f"{scenario.id}/{clip.name}")
    except OSError as e:
        raise ScenarioError(f"{target}: cannot write the zip ({e.strerror}) — choose a folder you can write to") from e
    return target


def import_pack(
    archive_path: Path, root: Path | None = None, *, replace: bool = False, notices: list[str] | None = None
) -> Scenario:
    """Unpack a zipped pack into ``root`` safely, validating it before it lands.

    Only ``<id>/scenario.toml`` and audio files directly inside ``<id>/`` are accepted: no absolute paths,
    no ``..``, no links, no nested folders, at most ``MAX_IMPORT_FILES`` files and ``MAX_IMPORT_BYTES`` bytes.
    When ``replace`` overwrites a pack, a sentence saying which one (built-in or not) is appended to ``notices``.

    Raises
    ------
    ScenarioError
        Missing file, not a zip, damaged data, an unsafe or unexpected member, an invalid pack, or the id
        exists (without ``replace``).
    """
    archive_path, root = Path(archive_path), Path(root or _user_packs())
    try:
        with open_zip(archive_path) as archive:
            return _import_from(archive, archive_path, root, replace=replace, notices=notices)
    except UnsafeArchive as e:
        hint = "" if "no such file" in str(e) else " — export a pack with `voice-deesc scenarios export ID`"
        raise ScenarioError(f"{archive_path}: {str(e).removeprefix(f'{archive_path}: ')}{hint}") from e


def _import_from(
    archive: zipfile.ZipFile, archive_path: Path, root: Path, *, replace: bool, notices: list[str] | None
) -> Scenario:
    members = [m for m in archive.infolist() if not m.is_dir()]
    scenario_id = _check_members(archive_path, members)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
    try:
        folder = staging / scenario_id
        folder.mkdir()
        budget = MAX_IMPORT_BYTES
        for member in members:
            try:
                budget = extract_member(archive, member, folder / member.filename.split("/")[1], budget_bytes=budget)
            except ArchiveTooLarge as e:
                limit_mb = MAX_IMPORT_BYTES // (1024 * 1024)
                raise ScenarioError(f"{archive_path}: unpacks to more than {limit_mb} MB — not a scenario pack") from e
        try:
            load_scenario(folder)
        except ScenarioError as e:
            raise ScenarioError(f"{archive_path}: the pack inside is not valid — {e}") from e
        destination = root / scenario_id
        if destination.exists():
            if not replace:
                raise ScenarioError(f"{destination} exists already — pass --replace to overwrite it")
            replaced = _describe_existing(destination)
            shutil.rmtree(destination)
            if notices is not None:
                notices.append(f"replaced {replaced} at {destination}")
        folder.rename(destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    shadowed = builtin_dir() / scenario_id
    if notices is not None and shadowed.is_dir() and shadowed.resolve() != destination.resolve():
        notices.append(f"{_describe_existing(shadowed)} is hidden by this one — delete {destination} to use it again")
    return load_scenario(destination)


def _user_packs() -> Path:
    """New and imported packs go to the user's data folder: never into the app's own files."""
    from voice_deesc.paths import user_scenarios_dir

    return user_scenarios_dir()


def _describe_existing(folder: Path) -> str:
    """'the built-in pack "id" (Title)' or 'the pack "id"', for the --replace notice."""
    try:
        title = f" ({load_scenario(folder).title})"
    except ScenarioError:
        title = " (it was not a valid pack)"
    kind = "built-in pack" if folder.resolve().parent == builtin_dir().resolve() else "pack"
    return f"the {kind} {folder.name!r}{title}"


def _check_members(archive_path: Path, members: list[zipfile.ZipInfo]) -> str:
    """The pack id, after checking every member is a plain ``<id>/<file>`` of an allowed kind."""

    def unsafe(member: str, why: str) -> ScenarioError:
        return ScenarioError(f"{archive_path}: member {member!r} {why} — the zip must hold one pack folder")

    if not members or len(members) > MAX_IMPORT_FILES:
        raise ScenarioError(f"{archive_path}: holds {len(members)} files; a pack is {SCENARIO_FILE} and a recording")
    folders = set()
    for member in members:
        name = member.filename
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or ".." in parts or ":" in name:
            raise unsafe(name, "has an unsafe path")
        try:
            member_parts(member)
        except UnsafeArchive as e:
            raise unsafe(name, "is a link or special file") from e
        if len(parts) != 2 or not ID_PATTERN.match(parts[0]):
            raise unsafe(name, f"is not directly inside a pack folder (expected <id>/{SCENARIO_FILE})")
        if parts[1] != SCENARIO_FILE and not parts[1].lower().endswith(AUDIO_SUFFIXES):
            raise unsafe(name, f"is neither {SCENARIO_FILE} nor a recording ({', '.join(AUDIO_SUFFIXES)})")
        folders.add(parts[0])
    if len(folders) != 1:
        raise ScenarioError(f"{archive_path}: holds {len(folders)} pack folders; import one pack per zip")
    scenario_id = folders.pop()
    if f"{scenario_id}/{SCENARIO_FILE}" not in {m.filename for m in members}:
        raise ScenarioError(f"{archive_path}: has no {scenario_id}/{SCENARIO_FILE} — zip the whole pack folder")
    return scenario_id
