"""Where Vosk models live, which ones the app knows by name, and which one ``auto`` picks.

Known models carry the SHA-256 and size of the official zip from the Vosk project, so
``models install`` can verify a download (or a zip the user already has) before unpacking it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from voice_deesc.errors import ModelError

MODELS_ENV = "VOICE_DEESC_MODELS"
"""Overrides the models folder (tests, shared machines)."""
VOSK_MODEL_ENV = "VOSK_MODEL_PATH"
"""Points at one Vosk model folder; checked after ``--vosk-model`` and before ``models/``."""
DOWNLOAD_BASE_ENV = "VOICE_DEESC_MODELS_URL"
"""Overrides where ``models install`` downloads from (a mirror); the checksum pins still apply."""
OFFICIAL_BASE_URL = "https://alphacephei.com/vosk/models/"


@dataclass(frozen=True)
class KnownModel:
    """A Vosk model the app can install by name, pinned to the official zip."""

    name: str
    """What the user types: ``voice-deesc models install NAME``."""
    folder: str
    """The folder inside the official zip, and under models/ once installed."""
    version: str
    size_bytes: int
    """Size of the official zip."""
    sha256: str
    """SHA-256 of the official zip."""
    description: str
    licence: str = "Apache-2.0"

    @property
    def zip_name(self) -> str:
        return f"{self.folder}.zip"

    def url(self) -> str:
        base = os.environ.get(DOWNLOAD_BASE_ENV) or OFFICIAL_BASE_URL
        return base.rstrip("/") + "/" + self.zip_name


# Pins: not downloaded on this machine (no internet here). Each SHA-256 and size below is the value
# published for the official alphacephei.com zip by several independent package recipes that verify it
# (Arch AUR PKGBUILDs, a Yocto recipe, installer scripts); they agree with each other. See models/README.md.
KNOWN_MODELS: dict[str, KnownModel] = {
    m.name: m
    for m in (
        KnownModel(
            name="vosk-small-en-us",
            folder="vosk-model-small-en-us-0.15",
            version="0.15",
            size_bytes=41_205_931,
            sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
            description="small US English, ~40 MB, fast; the product's streaming default",
        ),
        KnownModel(
            name="vosk-en-us-lgraph",
            folder="vosk-model-en-us-0.22-lgraph",
            version="0.22",
            size_bytes=130_557_655,
            sha256="d9838b4aaa82a75c4a17f5aca300eaca129aaab2a7cbf951bafbb500eb9c4334",
            description="US English with a dynamic graph, ~128 MB, more accurate, slower to load",
        ),
    )
}


def models_dir() -> Path:
    """Where ``models install`` puts models and ``auto`` looks for them.

    ``$VOICE_DEESC_MODELS`` when set; else ``models/`` of the project when running from a source
    checkout; else ``models/`` inside the user data folder (an installed package has no project folder).
    """
    override = os.environ.get(MODELS_ENV)
    if override:
        return Path(override)
    project = Path(__file__).resolve().parents[3]
    if (project / "pyproject.toml").is_file():
        return project / "models"
    from voice_deesc.paths import data_home

    return data_home() / "models"


@dataclass(frozen=True)
class FoundModel:
    """A folder under models/ and whether Vosk can use it."""

    path: Path
    problem: str | None
    """None when the folder is a complete Vosk model, else what is wrong with it."""

    @property
    def valid(self) -> bool:
        return self.problem is None


def scan_models(root: Path | None = None) -> list[FoundModel]:
    """Every folder under ``root`` (default :func:`models_dir`), newest first, with its validity."""
    from voice_deesc.asr.vosk_engine import check_model_dir

    root = models_dir() if root is None else root
    if not root.is_dir():
        return []
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    folders.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    found: list[FoundModel] = []
    for folder in folders:
        try:
            check_model_dir(folder)
        except ModelError as e:
            found.append(FoundModel(folder, str(e).split(" — ")[0].removeprefix(f"{folder}: ")))
        else:
            found.append(FoundModel(folder, None))
    return found


def find_vosk_model(explicit: Path | None = None) -> Path | None:
    """The Vosk model to use: ``explicit``, then ``$VOSK_MODEL_PATH``, then the newest valid folder in models/.

    An explicit path or environment variable that is not a valid model is an error (the user asked for
    it); an empty or invalid models/ just means "no Vosk model" (returns None).

    Raises
    ------
    ModelError
        ``explicit`` or ``$VOSK_MODEL_PATH`` is not a complete Vosk model folder.
    """
    from voice_deesc.asr.vosk_engine import check_model_dir

    if explicit is not None:
        return check_model_dir(Path(explicit))
    env = os.environ.get(VOSK_MODEL_ENV)
    if env:
        try:
            return check_model_dir(Path(env))
        except ModelError as e:
            raise ModelError(f"${VOSK_MODEL_ENV}: {e}") from e
    for found in scan_models():
        if found.valid:
            return found.path
    return None


def no_vosk_model_message(root: Path | None = None) -> str:
    """Why there is no Vosk model and how to get one, naming broken folders when there are some."""
    root = models_dir() if root is None else root
    broken = [f for f in scan_models(root) if not f.valid]
    message = f"no Vosk model in {root} — run `voice-deesc models install vosk-small-en-us`"
    if broken:
        message += f" ({broken[0].path.name} there is not usable: {broken[0].problem})"
    return message + " or pass --vosk-model PATH"
