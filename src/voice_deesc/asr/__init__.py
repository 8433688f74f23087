"""Speech recognition behind one interface: pick an engine, load it once, transcribe replies.

``auto`` chooses Vosk when a valid model is found (the streaming engine of the brief), else the
embedded Whisper tiny.en, which needs no download.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from voice_deesc.asr.base import Transcriber, Transcript, Word
from voice_deesc.errors import ModelError, UsageError

__all__ = ["Engine", "Transcriber", "Transcript", "Word", "find_vosk_model", "load_transcriber"]

VOSK_MODEL_ENV = "VOSK_MODEL_PATH"


class Engine(str, Enum):
    AUTO = "auto"
    VOSK = "vosk"
    WHISPER = "whisper"


def models_dir() -> Path:
    """``models/`` beside the project (``VOICE_DEESC_MODELS`` overrides), where `models install` puts models."""
    override = os.environ.get("VOICE_DEESC_MODELS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "models"


def find_vosk_model(explicit: Path | None = None) -> Path | None:
    """The Vosk model to use: ``explicit``, then ``$VOSK_MODEL_PATH``, then the newest valid folder in models/."""
    from voice_deesc.asr.vosk_engine import check_model_dir

    if explicit is not None:
        return check_model_dir(explicit)
    env = os.environ.get(VOSK_MODEL_ENV)
    if env:
        return check_model_dir(Path(env))
    root = models_dir()
    if not root.is_dir():
        return None
    candidates = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        try:
            return check_model_dir(candidate)
        except ModelError:
            continue
    return None


def load_transcriber(engine: str | Engine = Engine.AUTO, *, vosk_model: Path | None = None) -> Transcriber:
    """Load the chosen engine once; reuse it for every reply of a session."""
    try:
        choice = Engine(engine)
    except ValueError as e:
        raise UsageError(f"unknown engine {engine!r} — choose auto, vosk or whisper") from e
    if choice in (Engine.AUTO, Engine.VOSK):
        found = find_vosk_model(vosk_model)
        if found is not None:
            from voice_deesc.asr.vosk_engine import VoskTranscriber

            return VoskTranscriber(found)
        if choice is Engine.VOSK:
            raise ModelError(
                f"no Vosk model in {models_dir()} — run `voice-deesc models install vosk-small-en-us` "
                "or pass --vosk-model PATH"
            )
    from voice_deesc.asr.whisper import WhisperTranscriber

    return WhisperTranscriber()
