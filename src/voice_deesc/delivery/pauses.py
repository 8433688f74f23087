"""Pauses, reply latency and unbroken speaking runs, from the energy speech mask (works without words).

Word timings, when present, add one thing the audio alone cannot: whether a pause followed a validating
phrase (domain.md: "0.5-2 s pause after validating is good"; crisis training says "allow silence").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice_deesc.asr.base import Word
from voice_deesc.delivery.frames import Frames, segments

GOOD_PAUSE_AFTER_VALIDATION_S = (0.5, 2.0)
"""domain.md: a 0.5-2 s pause after validating is good."""
PAUSE_SEARCH_AFTER_WORD_S = 0.35
"""A pause that starts up to this long after the phrase's last word counts as following it (timing slack)."""
VALIDATING_PHRASES = (
    "that sounds",
    "sounds really",
    "sounds like",
    "makes sense",
    "i can see why",
    "i can understand",
    "i understand",
    "i hear you",
    "i can hear",
    "that must be",
    "must be really",
    "that's really hard",
    "that is really hard",
    "i'm sorry",
)
"""Openings of validation from domain.md's rubric ("that sounds really hard", "it makes sense you're upset",
"I can see why you'd be upset"). A small list on purpose: the wording analysis owns the full rubric."""


@dataclass(frozen=True)
class Pause:
    start_s: float
    end_s: float
    after_validation: str | None = None
    """The validating phrase this pause followed, when word timings show one."""

    @property
    def duration_s(self) -> float:
        return round(self.end_s - self.start_s, 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "duration_s": self.duration_s,
            "after_validation": self.after_validation,
        }


@dataclass(frozen=True)
class ValidationPause:
    phrase: str
    at_s: float
    """End of the phrase's last word."""
    pause_s: float
    """Silence that followed it (0 when the speaker went straight on)."""

    def to_dict(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "at_s": self.at_s, "pause_s": self.pause_s}

    @property
    def well_timed(self) -> bool:
        """The pause after the phrase was long enough to give the words room (domain.md: 0.5-2 s is good)."""
        return self.pause_s >= GOOD_PAUSE_AFTER_VALIDATION_S[0]


@dataclass(frozen=True)
class PauseSummary:
    pauses: tuple[Pause, ...]
    speech_start_s: float | None
    """Leading silence before the reply starts (reply latency)."""
    speech_end_s: float | None
    longest_run_s: float
    """Longest stretch of speech with no pause of ``MIN_PAUSE_S`` or more."""
    longest_run_at_s: float | None
    after_validation: tuple[ValidationPause, ...]


@dataclass(frozen=True)
class PauseMeasures:
    """The pauses inside the reply (between its first and last word) and what the calm score reads from them."""

    pauses: tuple[Pause, ...]
    """Silent pauses of ``MIN_PAUSE_S`` (250 ms) or more inside the reply."""
    mean_s: float | None
    max_s: float | None
    max_at_s: float | None
    after_validation: tuple[ValidationPause, ...]
    longest_run_s: float
    """Longest stretch of speech without a pause."""
    longest_run_at_s: float | None

    @property
    def count(self) -> int:
        return len(self.pauses)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pauses": [p.to_dict() for p in self.pauses],
            "count": self.count,
            "mean_s": self.mean_s,
            "max_s": self.max_s,
            "max_at_s": self.max_at_s,
            "after_validation": [v.to_dict() for v in self.after_validation],
            "longest_run_s": self.longest_run_s,
            "longest_run_at_s": self.longest_run_at_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PauseMeasures:
        return cls(
            tuple(Pause(p["start_s"], p["end_s"], p.get("after_validation")) for p in data.get("pauses") or ()),
            data.get("mean_s"),
            data.get("max_s"),
            data.get("max_at_s"),
            tuple(ValidationPause(**v) for v in data.get("after_validation") or ()),
            float(data.get("longest_run_s") or 0.0),
            data.get("longest_run_at_s"),
        )


def pauses_inside(summary: PauseSummary, span_s: tuple[float, float] | None) -> PauseMeasures:
    """The pauses between the reply's first and last word (``span_s``), with their mean and longest."""
    inside = tuple(
        p for p in summary.pauses if span_s and span_s[0] - 0.01 <= p.start_s and p.end_s <= span_s[1] + 0.01
    )
    longest = max(inside, key=lambda p: p.duration_s, default=None)
    return PauseMeasures(
        pauses=inside,
        mean_s=round(float(np.mean([p.duration_s for p in inside])), 2) if inside else None,
        max_s=None if longest is None else longest.duration_s,
        max_at_s=None if longest is None else longest.start_s,
        after_validation=summary.after_validation,
        longest_run_s=summary.longest_run_s,
        longest_run_at_s=summary.longest_run_at_s,
    )


def summarise_pauses(frames: Frames, words: tuple[Word, ...] = ()) -> PauseSummary:
    """Silent pauses between speech segments, latency, the longest unbroken run, pauses after validating."""
    segs = segments(frames.speech)
    if not segs:
        return PauseSummary((), None, None, 0.0, None, ())
    t = frames.time_of
    gaps = [(t(b1), t(a2)) for (_, b1), (a2, _) in itertools.pairwise(segs)]
    runs = [(t(b) - t(a), t(a)) for a, b in segs]
    longest, longest_at = max(runs)
    validations = _validation_pauses(words, gaps)
    tagged = {v.at_s: v.phrase for v in validations if v.pause_s > 0}
    pauses = tuple(Pause(a, b, next((p for at, p in tagged.items() if _follows(at, a, b)), None)) for a, b in gaps)
    return PauseSummary(pauses, t(segs[0][0]), t(segs[-1][1]), round(longest, 2), longest_at, validations)


def _validation_pauses(words: tuple[Word, ...], gaps: list[tuple[float, float]]) -> tuple[ValidationPause, ...]:
    timed = [w for w in words if w.end_s > w.start_s]
    if not timed:
        return ()
    tokens = [re.sub(r"[^a-z']", "", w.text.lower().replace("’", "'")) for w in timed]
    found: list[ValidationPause] = []
    for i in range(len(tokens)):
        for phrase in VALIDATING_PHRASES:
            parts = phrase.split()
            if tokens[i : i + len(parts)] != parts:
                continue
            end = _clause_end(timed, tokens, i + len(parts) - 1)
            pause = next((b - a for a, b in gaps if _follows(end, a, b)), 0.0)
            found.append(ValidationPause(phrase, round(end, 2), round(pause, 2)))
            break
    return tuple(found)


def _follows(word_end_s: float, start_s: float, end_s: float) -> bool:
    """The pause follows a word ending here: it starts just after, or the word's (stretched) end lies inside it.

    Recognisers often stretch a clause's last word over the silence after it (Whisper did on our tests).
    """
    return start_s - PAUSE_SEARCH_AFTER_WORD_S <= word_end_s <= end_s


def _clause_end(words: list[Word], tokens: list[str], i: int) -> float:
    """The end of the clause a phrase opens: up to punctuation or 8 words on, whichever comes first."""
    for j in range(i, min(len(words), i + 8)):
        if words[j].text.rstrip().endswith((".", ",", "!", "?", ";")):
            return words[j].end_s
    return words[min(len(words) - 1, i + 3)].end_s
