"""Where the app keeps the user's data: private, per user, overridable for tests."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

HOME_ENV = "VOICE_DEESC_HOME"
PRIVATE_DIR_MODE = 0o700
"""Owner-only: the data folder holds recordings, transcripts and scores."""


def data_home() -> Path:
    """``$VOICE_DEESC_HOME`` or the platform's user data folder; created owner-only (recordings are sensitive)."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("voice-deesc", appauthor=False))
    return private_dir(path)


def user_scenarios_dir() -> Path:
    """The user's own scenario packs (written by `scenarios new`, unpacked by `scenarios import`); may not exist yet."""
    return data_home() / "scenarios"


def spoken_dir() -> Path:
    return private_dir(data_home() / "spoken")


def private_dir(path: Path) -> Path:
    """Create ``path`` owner-only, and tighten an existing one that others can read (mkdir's mode does not).

    A shared folder (sticky bit, like /tmp) or one owned by someone else is left alone: tightening it
    would break other users; such a folder is only ever there because the user pointed ``$VOICE_DEESC_HOME`` at it.
    """
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    info = path.stat()
    shared = info.st_mode & stat.S_ISVTX or (hasattr(os, "getuid") and info.st_uid != os.getuid())
    if info.st_mode & 0o077 and not shared:
        with contextlib.suppress(OSError):
            path.chmod(PRIVATE_DIR_MODE)
    return path
