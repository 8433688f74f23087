"""What every speech engine returns, so the rest of the app never knows which engine ran."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

from voice_deesc.audio import Audio


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
    """Engine confidence in [0, 1]."""

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
    """Engine-specific facts worth recording (language probability, prompt used)."""

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
        return cls(words=words, text=text.strip(), engine="text", model="")


@runtime_checkable
class Transcriber(Protocol):
    """A loaded speech engine. Load once, transcribe many replies."""

    engine: str
    model: str

    def transcribe(self, audio: Audio, *, prompt: str | None = None) -> Transcript:
        """Recognise a whole reply; ``prompt`` names the topic to bias recognition (may be ignored)."""
        ...
