"""Vosk (Kaldi) streaming recognition: words with timings as the trainee speaks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.audio import SAMPLE_RATE_HZ, Audio
from voice_deesc.errors import ModelError

REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
CHUNK_S = 0.25


def check_model_dir(path: Path) -> Path:
    """Fail with a plain message before Vosk's C++ loader prints its own log line and aborts."""
    path = Path(path)
    if not path.is_dir():
        raise ModelError(f"{path}: no such Vosk model folder — run `voice-deesc models install vosk-small-en-us`")
    missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
    has_graph = (path / "graph" / "HCLG.fst").is_file() or (path / "graph" / "Gr.fst").is_file()
    if missing or not has_graph:
        parts = missing + ([] if has_graph else ["graph/HCLG.fst or graph/Gr.fst"])
        raise ModelError(
            f"{path}: not a complete Vosk model (missing {', '.join(parts)}) — "
            "reinstall it with `voice-deesc models install`"
        )
    return path


class VoskTranscriber:
    """Feeds 16-bit PCM to a KaldiRecognizer in chunks, as a live microphone would."""

    engine = "vosk"

    def __init__(self, model_dir: Path) -> None:
        try:
            import vosk
        except ImportError as e:
            raise ModelError("the vosk package is not installed — run `pip install vosk`") from e
        self.model_dir = check_model_dir(model_dir)
        self.model = self.model_dir.name
        vosk.SetLogLevel(-1)
        try:
            self._model = vosk.Model(str(self.model_dir))
        except Exception as e:
            raise ModelError(f"{self.model_dir}: Vosk could not load this model ({e}) — reinstall it") from e

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        import vosk

        if audio.sample_rate != SAMPLE_RATE_HZ:
            raise ValueError(f"Vosk is fed {SAMPLE_RATE_HZ} Hz audio, got {audio.sample_rate} Hz")
        recognizer = vosk.KaldiRecognizer(self._model, float(SAMPLE_RATE_HZ))
        recognizer.SetWords(True)
        pcm = (np.clip(audio.samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        step = int(CHUNK_S * SAMPLE_RATE_HZ) * 2
        words: list[Word] = []
        for offset in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[offset : offset + step]):
                words.extend(_words(recognizer.Result()))
        words.extend(_words(recognizer.FinalResult()))
        return Transcript(tuple(words), " ".join(w.text for w in words), self.engine, self.model)


def _words(result_json: str) -> list[Word]:
    result = json.loads(result_json)
    return [
        Word(
            str(r["word"]), round(float(r["start"]), 3), round(float(r["end"]), 3), round(float(r.get("conf", 1.0)), 3)
        )
        for r in result.get("result", [])
    ]
