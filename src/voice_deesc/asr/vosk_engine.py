"""Vosk (Kaldi) streaming recognition: words with timings while the trainee speaks.

Vosk decodes 16-bit mono PCM at the model's rate (16 kHz for the English models); 8 kHz input
fails inside Vosk (design.md), so every chunk goes through :class:`ChunkConverter` first.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from voice_deesc.asr.base import ChunkConverter, PartialText, Transcript, Word, as_16k, to_pcm16
from voice_deesc.audio import SAMPLE_RATE_HZ, Audio
from voice_deesc.errors import ModelError

REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
"""Files every Vosk model folder has; a graph is needed too (see ``GRAPHS``)."""
GRAPHS = (("graph/HCLG.fst",), ("graph/HCLr.fst", "graph/Gr.fst"))
"""A static graph (big and toy models) or a lookahead pair (the small English models)."""
CHUNK_S = 0.25
"""How much audio ``transcribe`` feeds per call, like a live microphone's blocks."""
INSTALL_HINT = "run `voice-deesc models install vosk-small-en-us`"


def check_model_dir(path: Path) -> Path:
    """Return ``path`` when it holds a complete Vosk model, else raise a plain ModelError.

    Vosk's C++ loader prints a log line and aborts on a bad folder; checking first gives the user
    the folder, what is missing and the command that fixes it.

    Raises
    ------
    ModelError
        The folder does not exist, or lacks ``am/final.mdl``, ``conf/model.conf`` or a graph.
    """
    path = Path(path)
    if not path.is_dir():
        raise ModelError(f"{path}: no such Vosk model folder — {INSTALL_HINT} or pass --vosk-model PATH")
    missing = [name for name in REQUIRED_FILES if not _nonempty(path / name)]
    if not any(all(_nonempty(path / name) for name in graph) for graph in GRAPHS):
        missing.append("graph/HCLG.fst (or graph/HCLr.fst + graph/Gr.fst)")
    if missing:
        raise ModelError(
            f"{path}: not a complete Vosk model (missing or empty: {', '.join(missing)}) — reinstall it: {INSTALL_HINT}"
        )
    return path


def _nonempty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


_FAILED_MODELS: dict[str, ModelError] = {}
"""Folders Vosk already refused in this process: verified once, not re-tried (and re-logged) per reply."""


def load_model(path: str) -> Any:
    """The loaded vosk.Model of a folder, verified once per process; Kaldi's own console output is silenced.

    Raises
    ------
    ModelError
        Vosk could not load the folder (damaged or incompatible files).
    """
    if path in _FAILED_MODELS:
        raise _FAILED_MODELS[path]
    try:
        return _load_model(path)
    except ModelError as e:
        _FAILED_MODELS[path] = e
        raise


@lru_cache(maxsize=2)
def _load_model(path: str) -> Any:
    """One vosk.Model per folder per process: loading the small English model takes about a second."""
    import vosk

    vosk.SetLogLevel(-1)
    try:
        with _quiet_stderr():
            return vosk.Model(path)
    except Exception as e:  # vosk raises a bare Exception("Failed to create a model")
        reason = str(e)
    # Raised outside the except block on purpose: chaining Vosk's exception would keep its half-built Model
    # (and its C handle) alive in the traceback until interpreter shutdown, where its __del__ fails noisily.
    raise ModelError(f"{path}: Vosk could not load this model ({reason}) — reinstall it: {INSTALL_HINT}")


# Free cached models while the vosk module still exists: left to interpreter teardown, Model.__del__ runs
# after vosk's C bindings are gone and prints "Exception ignored ... vosk_model_free".
atexit.register(_load_model.cache_clear)


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null: Kaldi prints option help and errors there from C++, past SetLogLevel."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class VoskTranscriber:
    """A loaded Vosk model; each reply gets its own recognizer (cheap) over the shared model."""

    engine = "vosk"

    def __init__(self, model_dir: Path) -> None:
        try:
            import vosk  # noqa: F401
        except ImportError as e:
            raise ModelError("the vosk package is not installed — run `pip install vosk`") from e
        self.model_dir = check_model_dir(Path(model_dir)).resolve()
        self.model = self.model_dir.name
        self._model = load_model(str(self.model_dir))

    def stream(self, *, sample_rate_hz: int = SAMPLE_RATE_HZ, prompt: str | None = None) -> VoskStream:
        """A recognizer for one reply fed chunk by chunk; ``prompt`` is ignored (Vosk has no prompt)."""
        return VoskStream(self, sample_rate_hz=sample_rate_hz)

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        """Recognise a whole reply by streaming it in ``CHUNK_S`` blocks, as the microphone would."""
        session = VoskStream(self, sample_rate_hz=SAMPLE_RATE_HZ)
        samples = as_16k(audio)
        step = int(CHUNK_S * SAMPLE_RATE_HZ)
        for offset in range(0, len(samples), step):
            session.feed(samples[offset : offset + step])
        return session.finish()


class VoskStream:
    """KaldiRecognizer with word timings; ``feed`` returns final words so far plus the live partial."""

    def __init__(self, transcriber: VoskTranscriber, *, sample_rate_hz: int) -> None:
        import vosk

        self._transcriber = transcriber
        self._converter = ChunkConverter(sample_rate_hz)
        self._recognizer = vosk.KaldiRecognizer(transcriber._model, float(SAMPLE_RATE_HZ))
        self._recognizer.SetWords(True)
        self._words: list[Word] = []
        self._partial = ""
        self._finished = False

    def feed(self, samples: np.ndarray) -> PartialText:
        """Vosk decodes each chunk as it is fed, so its text always covers the speech so far (no punctuation:
        the end of speech can only tell a reply going on, "... and", from one it cannot read)."""
        if self._finished:
            raise RuntimeError("this stream is finished; start a new one for the next reply")
        self._accept(self._converter.convert(samples))
        return PartialText(self.partial_text, caught_up=True)

    @property
    def partial_text(self) -> str:
        """Words already final plus Vosk's current guess for the phrase in progress."""
        return " ".join([w.text for w in self._words] + ([self._partial] if self._partial else []))

    def finish(self) -> Transcript:
        if self._finished:
            raise RuntimeError("finish() was already called on this stream")
        self._finished = True
        self._accept(self._converter.convert(np.zeros(0, np.float32), last=True))
        self._words.extend(_words(self._recognizer.FinalResult()))
        self._partial = ""
        words = tuple(self._words)
        t = self._transcriber
        return Transcript(words, " ".join(w.text for w in words), t.engine, t.model, {"streamed": True})

    def _accept(self, samples: np.ndarray) -> None:
        if samples.size == 0:
            return
        if self._recognizer.AcceptWaveform(to_pcm16(samples)):
            self._words.extend(_words(self._recognizer.Result()))
            self._partial = ""
        else:
            self._partial = str(json.loads(self._recognizer.PartialResult()).get("partial", ""))


def _words(result_json: str) -> list[Word]:
    result = json.loads(result_json)
    return [
        Word(
            str(r["word"]),
            round(float(r["start"]), 3),
            round(max(float(r["end"]), float(r["start"])), 3),
            round(float(r.get("conf", 1.0)), 3),
        )
        for r in result.get("result", [])
    ]
