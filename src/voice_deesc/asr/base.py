"""What every speech engine returns, so the rest of the app never knows which engine ran.

Two ways in: :meth:`Transcriber.transcribe` for a finished recording, and
:meth:`Transcriber.stream` for audio that arrives while the trainee is still speaking
(``feed`` chunks, read partial text, ``finish`` for the final :class:`Transcript`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from voice_deesc.audio import SAMPLE_RATE_HZ, Audio

if TYPE_CHECKING:
    import soxr


TYPED_ENGINE = "text"
"""The ``engine`` of a typed reply (:meth:`Transcript.from_text`): words without timings."""
UNCERTAIN_BELOW = 0.7
"""A recognised word whose engine confidence is below this may have been misheard: reports mark it, and no flag,
lost point or advice rests on such words alone.

Measured by ``scripts/confidence_report.py`` on the 49 real recordings of ../shared/data/asr (Whisper tiny.en,
words aligned to the reference transcripts; every word but each clip's first): with the scenario prompt the app
uses, 25 of 34 misheard words (74 %) score below 0.7 and 31 of 635 right words (4.9 %); without a prompt 30 of
35 (86 %) and 32 of 630 (5.1 %). Lower floors miss more misheard words (0.5: 41-46 % caught, 1.4-1.9 % of right
words marked; 0.6: 59-69 %, 2.9-3.1 %); 0.8 marks 9-10 % of right words. Vosk's ``conf`` uses the same floor,
not measured here (no full Vosk model in this environment)."""
FIRST_WORD_UNCERTAIN_BELOW = 0.0
"""Whisper's first word is never marked: its probability does not tell right from misheard. With the scenario
prompt the app uses, 6 of 47 right first words (13 %) score below 0.1 and 11 (23 %) below 0.2, while the 2
misheard first words score 0.1-0.4; without a prompt 8 right first words (17 %) score below 0.5. Any floor would
mark right first words ("Relax", "Calm down" measured at 0.17-0.21 on espeak-ng speech) and excuse their flags.
A sentence Whisper invents after speech ends (first word 0.004-0.044) is dropped in ``voice_deesc.asr.whisper``."""


@dataclass(frozen=True)
class Word:
    """One recognised word with its place in the audio."""

    text: str
    """The word as the engine wrote it (Whisper keeps punctuation; Vosk gives bare lowercase)."""
    start_s: float
    """Start time in seconds from the beginning of the reply."""
    end_s: float
    """End time in seconds; ``end_s >= start_s``."""
    confidence: float = 1.0
    """Engine confidence in [0, 1] (Whisper: word probability; Vosk: ``conf``; typed: 1.0)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Word:
        return cls(str(data["text"]), float(data["start_s"]), float(data["end_s"]), float(data.get("confidence", 1.0)))


@dataclass(frozen=True)
class Transcript:
    """The recognised reply: words with timings plus the engine and model that produced them."""

    words: tuple[Word, ...]
    text: str
    engine: str
    """``whisper``, ``vosk`` or ``text`` (typed, not spoken)."""
    model: str
    """Model name, e.g. ``tiny.en`` or the Vosk model folder name."""
    extras: dict[str, Any] = field(default_factory=dict)
    """Engine-specific facts worth recording (prompt used, streamed segments)."""

    @property
    def has_word_timings(self) -> bool:
        """Whether the words carry times in the audio (spoken and recognised, not typed)."""
        return self.engine != TYPED_ENGINE

    def word_spans(self) -> tuple[tuple[int, int], ...]:
        """Character span of each word in ``text`` (words appear in order); ``(-1, -1)`` when not found."""
        spans = []
        position = 0
        for word in self.words:
            index = self.text.find(word.text, position)
            if index < 0:
                spans.append((-1, -1))
                continue
            spans.append((index, index + len(word.text)))
            position = index + len(word.text)
        return tuple(spans)

    def uncertain_words(self) -> tuple[bool, ...]:
        """For each word, whether the recogniser may have misheard it (see ``UNCERTAIN_BELOW``).

        Typed words are never uncertain; Whisper's first word uses ``FIRST_WORD_UNCERTAIN_BELOW``.
        """
        if self.engine == TYPED_ENGINE:
            return tuple(False for _ in self.words)
        return tuple(
            w.confidence < (FIRST_WORD_UNCERTAIN_BELOW if i == 0 and self.engine == "whisper" else UNCERTAIN_BELOW)
            for i, w in enumerate(self.words)
        )

    def uncertain_spans(self) -> tuple[tuple[int, int], ...]:
        """Character spans of the runs of uncertain words (:meth:`uncertain_words`), neighbours merged into one."""
        runs: list[tuple[int, int]] = []
        for doubtful, (start, end) in zip(self.uncertain_words(), self.word_spans(), strict=True):
            if start < 0 or not doubtful:
                continue
            if runs and not self.text[runs[-1][1] : start].strip(_EDGE_PUNCTUATION + " "):
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        return tuple(_trimmed(self.text, start, end) for start, end in runs)

    def rests_on_uncertain(self, start_char: int, end_char: int) -> bool:
        """Whether every word overlapping ``text[start_char:end_char]`` is uncertain (and there is at least one)."""
        inside = [
            doubtful
            for doubtful, (start, end) in zip(self.uncertain_words(), self.word_spans(), strict=True)
            if start >= 0 and start < end_char and end > start_char
        ]
        return bool(inside) and all(inside)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "words": [w.to_dict() for w in self.words],
            "engine": self.engine,
            "model": self.model,
            "extras": dict(self.extras),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        return cls(
            words=tuple(Word.from_dict(w) for w in data.get("words", [])),
            text=str(data.get("text", "")),
            engine=str(data.get("engine", "")),
            model=str(data.get("model", "")),
            extras=dict(data.get("extras", {})),
        )

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """A typed reply: words without timings (all zero), for the wording-only path."""
        words = tuple(Word(token, 0.0, 0.0) for token in text.split())
        return cls(words=words, text=text.strip(), engine=TYPED_ENGINE, model="")


_EDGE_PUNCTUATION = ".,;:!?\"'()"
"""Punctuation at the edges of a run of uncertain words is the engine's, not a misheard word: left unmarked."""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past punctuation at either edge (never to nothing)."""
    piece = text[start:end]
    core = piece.strip(_EDGE_PUNCTUATION)
    if not core:
        return start, end
    offset = piece.index(core)
    return start + offset, start + offset + len(core)


class PartialText(str):
    """The text a stream has recognised so far, and whether it covers every word spoken so far.

    A ``str``, so it is what :meth:`TranscriptStream.feed` returns; ``caught_up`` lets the end-of-speech
    decision read the end of the sentence only when the decoder has heard the last words (while it is behind,
    the text ends earlier in the reply and says nothing about how the reply ends).
    """

    caught_up: bool

    def __new__(cls, text: str, *, caught_up: bool) -> PartialText:
        made = super().__new__(cls, text)
        made.caught_up = caught_up
        return made


@runtime_checkable
class TranscriptStream(Protocol):
    """Recognition of a reply while it is being spoken; one stream per reply."""

    def feed(self, samples: np.ndarray) -> str:
        """Add the next chunk of audio; returns the text recognised so far (may change until ``finish``).

        Engines that know whether their text covers all the speech fed so far return a :class:`PartialText`.
        """
        ...

    def finish(self) -> Transcript:
        """No more audio: decode what is left and return the whole reply. Call once."""
        ...


@runtime_checkable
class Transcriber(Protocol):
    """A loaded speech engine. Load once, transcribe many replies."""

    engine: str
    model: str

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        """Recognise a whole reply; ``prompt`` names the topic to bias recognition (may be ignored)."""
        ...

    def stream(self, *, sample_rate_hz: int = SAMPLE_RATE_HZ, prompt: str | None = None) -> TranscriptStream:
        """Start recognising a reply fed chunk by chunk at ``sample_rate_hz`` (any rate, mono or multi-channel)."""
        ...


class ChunkConverter:
    """Turns microphone chunks (any rate, int or float, mono or ``(n, channels)``) into 16 kHz float32 mono.

    Uses soxr's streaming resampler so chunk edges leave no clicks: the output equals resampling the
    whole recording at once, which keeps streamed and whole-file transcripts comparable.
    """

    def __init__(self, sample_rate_hz: int) -> None:
        if sample_rate_hz <= 0:
            raise ValueError(f"sample_rate_hz must be > 0, got {sample_rate_hz}")
        self.sample_rate_hz = int(sample_rate_hz)
        self._resampler: soxr.ResampleStream | None = None
        if self.sample_rate_hz != SAMPLE_RATE_HZ:
            import soxr

            self._resampler = soxr.ResampleStream(self.sample_rate_hz, SAMPLE_RATE_HZ, 1, dtype="float32")

    def convert(self, samples: np.ndarray, *, last: bool = False) -> np.ndarray:
        """The 16 kHz mono float32 samples for this chunk (``last=True`` flushes the resampler)."""
        data = np.asarray(samples)
        if np.issubdtype(data.dtype, np.integer):
            data = data.astype(np.float32) / float(np.iinfo(data.dtype).max)
        data = data.astype(np.float32, copy=False)
        if data.ndim == 2:
            data = data.mean(axis=1, dtype=np.float32)
        elif data.ndim != 1:
            raise ValueError(f"audio chunks are (n,) or (n, channels) arrays, got shape {data.shape}")
        data = np.nan_to_num(data, nan=0.0, posinf=1.0, neginf=-1.0)
        if self._resampler is None:
            return np.asarray(data, dtype=np.float32)
        return np.asarray(self._resampler.resample_chunk(data, last=last), dtype=np.float32)


def to_pcm16(samples: np.ndarray) -> bytes:
    """Little-endian signed 16-bit PCM bytes, the format Vosk and most speech APIs take."""
    return bytes((np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes())


def as_16k(audio: Audio) -> np.ndarray:
    """The samples of ``audio`` at 16 kHz (Audio is mono by construction)."""
    if audio.sample_rate == SAMPLE_RATE_HZ:
        return audio.samples
    from voice_deesc.audio import resample

    return resample(audio.samples, audio.sample_rate, SAMPLE_RATE_HZ)
