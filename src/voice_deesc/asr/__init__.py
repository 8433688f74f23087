"""Speech recognition behind one interface: pick an engine, load it once, transcribe replies.

``auto`` chooses Vosk when a valid model is found (the streaming engine of the brief), else the
embedded Whisper tiny.en, which needs no download. Modules:

- ``base``: Word, Transcript, the Transcriber / TranscriptStream protocols, chunk conversion
- ``whisper``, ``vosk_engine``: the two engines; ``weights``: tiny.en checksum verification
- ``catalog``: models folder, known Vosk models, discovery; ``install``: ``models install``
- ``prompt``: the recognition prompt; ``wer``: text normalisation and word error rate
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from voice_deesc.asr.base import Transcriber, Transcript, TranscriptStream, Word
from voice_deesc.asr.catalog import VOSK_MODEL_ENV, find_vosk_model, models_dir, no_vosk_model_message
from voice_deesc.errors import ModelError, UsageError

__all__ = [
    "VOSK_MODEL_ENV",
    "Engine",
    "Transcriber",
    "Transcript",
    "TranscriptStream",
    "Word",
    "find_vosk_model",
    "load_transcriber",
    "models_dir",
]


class Engine(str, Enum):
    """``--engine`` choices."""

    AUTO = "auto"
    VOSK = "vosk"
    WHISPER = "whisper"


def load_transcriber(
    engine: str | Engine = Engine.AUTO, *, vosk_model: Path | None = None, whisper_threads: int | None = None
) -> Transcriber:
    """Load the chosen engine once; reuse it for every reply of a session.

    Parameters
    ----------
    engine : {"auto", "vosk", "whisper"}
        ``auto`` = Vosk when a valid model is found (``vosk_model``, ``$VOSK_MODEL_PATH``, models/),
        else Whisper tiny.en.
    vosk_model : Path, optional
        A Vosk model folder (``--vosk-model``).
    whisper_threads : int > 0, optional
        CPU threads for Whisper (default: its own); batch workers each take a share of the cores.

    Raises
    ------
    UsageError
        Unknown engine name.
    ModelError
        ``vosk`` asked for and no valid model found; a named model folder is incomplete; the Whisper
        weights are missing or do not match their checksum.
    """
    try:
        choice = Engine(engine)
    except ValueError as e:
        raise UsageError(f"unknown engine {engine!r} — choose auto, vosk or whisper") from e
    if choice is Engine.WHISPER and vosk_model is not None:
        raise UsageError("--vosk-model was given with --engine whisper — drop one of them")
    if choice in (Engine.AUTO, Engine.VOSK):
        found = find_vosk_model(vosk_model)
        if found is not None:
            from voice_deesc.asr.vosk_engine import VoskTranscriber

            return VoskTranscriber(found)
        if choice is Engine.VOSK:
            raise ModelError(no_vosk_model_message())
    from voice_deesc.asr.whisper import WhisperTranscriber

    return WhisperTranscriber() if whisper_threads is None else WhisperTranscriber(cpu_threads=whisper_threads)
