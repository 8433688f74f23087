"""Speech recognition behind one interface: pick an engine, load it once, transcribe replies.

``auto`` chooses Vosk when a valid model is found (the streaming engine of the brief), else the
embedded Whisper tiny.en, which needs no download. Modules:

- ``base``: Word, Transcript, the Transcriber / TranscriptStream protocols, chunk conversion
- ``whisper``, ``vosk_engine``: the two engines; ``weights``: tiny.en checksum verification
- ``catalog``: models folder, known Vosk models, discovery; ``install``: ``models install``
- ``prompt``: the recognition prompt; ``wer``: text normalisation and word error rate
"""

from __future__ import annotations

import logging
from pathlib import Path

from voice_deesc.asr.base import Transcriber, Transcript, TranscriptStream, Word
from voice_deesc.asr.catalog import VOSK_MODEL_ENV, find_vosk_model, models_dir, no_vosk_model_message
from voice_deesc.errors import ModelError, UsageError
from voice_deesc.textenum import TextEnum

_log = logging.getLogger(__name__)

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
    "resolve_engine",
]


class Engine(TextEnum):
    """``--engine`` choices."""

    AUTO = "auto"
    VOSK = "vosk"
    WHISPER = "whisper"


def resolve_engine(engine: str | Engine = Engine.AUTO, *, vosk_model: Path | None = None) -> tuple[Engine, Path | None]:
    """Which engine (and Vosk folder) ``load_transcriber`` will use, deciding ``auto`` once.

    ``auto`` takes a Vosk model only after Vosk has actually loaded it (once per process); a model
    found in models/ that Vosk refuses is skipped with a one-line notice and Whisper is used instead.
    A model the user named (``--vosk-model``, ``--engine vosk``) is never silently replaced.

    Raises
    ------
    UsageError
        Unknown engine name, or ``--vosk-model`` with ``--engine whisper``.
    ModelError
        ``vosk`` asked for and no usable model found; a named model folder is incomplete or cannot be loaded.
    """
    try:
        choice = Engine(engine)
    except ValueError as e:
        raise UsageError(f"unknown engine {engine!r} — choose auto, vosk or whisper") from e
    if choice is Engine.WHISPER and vosk_model is not None:
        raise UsageError("--vosk-model was given with --engine whisper — drop one of them")
    if choice is Engine.WHISPER:
        return Engine.WHISPER, None
    found = find_vosk_model(vosk_model)
    if found is None:
        if choice is Engine.VOSK:
            raise ModelError(no_vosk_model_message())
        return Engine.WHISPER, None
    from voice_deesc.asr.vosk_engine import load_model

    try:
        try:
            import vosk  # noqa: F401
        except ImportError as e:
            raise ModelError("the vosk package is not installed — run `pip install vosk`") from e
        load_model(str(Path(found).resolve()))
    except ModelError as e:
        if choice is Engine.VOSK or vosk_model is not None:
            raise
        _log.warning("voice-deesc: %s — using Whisper tiny.en instead", str(e).split(" — ")[0])
        return Engine.WHISPER, None
    return Engine.VOSK, found


def load_transcriber(
    engine: str | Engine = Engine.AUTO, *, vosk_model: Path | None = None, whisper_threads: int | None = None
) -> Transcriber:
    """Load the chosen engine once; reuse it for every reply of a session.

    Parameters
    ----------
    engine : {"auto", "vosk", "whisper"}
        ``auto`` = Vosk when a model is found (``vosk_model``, ``$VOSK_MODEL_PATH``, models/) and loads,
        else Whisper tiny.en (see :func:`resolve_engine`).
    vosk_model : Path, optional
        A Vosk model folder (``--vosk-model``).
    whisper_threads : int > 0, optional
        CPU threads for Whisper (default: its own); batch workers each take a share of the cores.

    Raises
    ------
    UsageError, ModelError
        See :func:`resolve_engine`; also Whisper weights missing or not matching their checksum.
    """
    choice, found = resolve_engine(engine, vosk_model=vosk_model)
    if choice is Engine.VOSK and found is not None:
        from voice_deesc.asr.vosk_engine import VoskTranscriber

        return VoskTranscriber(found)
    from voice_deesc.asr.whisper import WhisperTranscriber

    return WhisperTranscriber() if whisper_threads is None else WhisperTranscriber(cpu_threads=whisper_threads)
