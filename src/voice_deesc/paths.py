"""Where the app keeps the user's data: private, per user, overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "VOICE_DEESC_HOME"


def data_home() -> Path:
    """``$VOICE_DEESC_HOME`` or the platform's user data folder; created owner-only (recordings are sensitive)."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("voice-deesc", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def user_scenarios_dir() -> Path:
    """The user's own scenario packs (written by `scenarios new`, unpacked by `scenarios import`); may not exist yet."""
    return data_home() / "scenarios"


def spoken_dir() -> Path:
    path = data_home() / "spoken"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
