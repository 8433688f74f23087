"""Speaking rate: words per minute, articulation rate and rushed stretches.

Syllables are found in the audio (de Jong & Wempe 2009, "Praat script to detect syllable nuclei": peaks
of the intensity envelope that stand out from their surroundings and sit in voiced speech), so a rate is
measured even without word timings; when a transcript exists, its words give words per minute and a
text syllable count, which unlike the peaks does not saturate when the speech is fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from voice_deesc.asr.base import Word
from voice_deesc.delivery.frames import HOP_S, Frames
from voice_deesc.delivery.verdicts import WordRun

NUCLEUS_BAND_HZ = (300.0, 3000.0)
"""Vowel energy lives here; excluding the low band keeps voiced consonants from making extra peaks."""
NUCLEUS_MIN_PROMINENCE_DB = 2.0
"""de Jong & Wempe: a peak must rise 2 dB above the dips around it."""
NUCLEUS_BELOW_LOUDEST_DB = 25.0
"""...and be within 25 dB of the reply's loud peaks."""
NUCLEUS_MIN_GAP_S = 0.1
"""At most 10 syllables per second: faster than anyone articulates."""
ENVELOPE_SMOOTH_S = 0.05
SYLLABLES_PER_WORD = 1.4
"""Average syllables per word in conversational English (~1.3-1.5), used to convert a syllable rate to
words/min when there is no transcript."""
MIN_RATE_SPEECH_S = 0.5
"""Less speech than this has no rate (a reply's, a baseline reading's or a client clip's)."""
RUSH_WINDOW_S = 3.0
RUSH_STEP_S = 0.5
RUSH_FACTOR = 1.3
"""A window whose syllable rate is 30 % above the speaker's own rate in this reply is a rushed stretch:
larger than the +-10 % count noise of a 3 s window, and well past domain.md's 10 % "faster" flag."""
MIN_RUSH_SPEECH_S = 2.0
"""A window needs this much speech to have a rate at all."""
STRETCH_WORDS = 6
"""Words in the window used to find the fastest stretch of a reply that is too fast overall."""


@dataclass(frozen=True)
class RushedStretch:
    start_s: float
    end_s: float
    syllables_per_s: float

    def to_dict(self) -> dict[str, float]:
        return {"start_s": self.start_s, "end_s": self.end_s, "syllables_per_s": self.syllables_per_s}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RushedStretch:
        return cls(float(data["start_s"]), float(data["end_s"]), float(data["syllables_per_s"]))


@dataclass(frozen=True)
class RateSummary:
    word_count: int | None
    words_per_minute: float | None
    """Words over speaking time (first speech onset to last offset, pauses included)."""
    words_per_minute_total: float | None
    """Words over the whole recording."""
    words_from_transcript: bool
    """False when the word count is estimated from syllables (no transcript)."""
    syllable_count: int
    """Syllables used for the articulation rate (transcript when present, else detected nuclei)."""
    detected_syllables: int
    articulation_rate_sps: float | None
    """Syllables per second of speech, pauses excluded."""
    detected_rate_sps: float | None
    """Detected nuclei per second of speech: the same method with or without a transcript, for comparing with a
    recording whose words are unknown (``delivery.baseline.rate_change``); it saturates in fast speech."""
    rushed: tuple[RushedStretch, ...]
    """Stretches well above the speaker's own syllable rate in this reply (from the audio)."""
    fastest_run: WordRun | None = None
    """The fastest run of ``STRETCH_WORDS`` recognised words (needs word timings)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "word_count": self.word_count,
            "words_per_minute": self.words_per_minute,
            "words_per_minute_total": self.words_per_minute_total,
            "words_from_transcript": self.words_from_transcript,
            "syllable_count": self.syllable_count,
            "detected_syllables": self.detected_syllables,
            "articulation_rate_sps": self.articulation_rate_sps,
            "detected_rate_sps": self.detected_rate_sps,
            "rushed": [r.to_dict() for r in self.rushed],
            "fastest_run": None if self.fastest_run is None else self.fastest_run.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RateSummary:
        fastest = data.get("fastest_run")
        return cls(
            word_count=data.get("word_count"),
            words_per_minute=data.get("words_per_minute"),
            words_per_minute_total=data.get("words_per_minute_total"),
            words_from_transcript=bool(data.get("words_from_transcript", False)),
            syllable_count=int(data.get("syllable_count") or 0),
            detected_syllables=int(data.get("detected_syllables") or 0),
            articulation_rate_sps=data.get("articulation_rate_sps"),
            detected_rate_sps=data.get("detected_rate_sps"),
            rushed=tuple(RushedStretch.from_dict(r) for r in data.get("rushed") or ()),
            fastest_run=None if fastest is None else WordRun.from_dict(fastest),
        )


def syllable_nuclei(frames: Frames, voiced: np.ndarray) -> np.ndarray:
    """Frame indices of syllable nuclei: prominent intensity peaks in voiced speech."""
    from voice_deesc.delivery.dsp import find_peaks

    f = frames.freqs_hz
    band = frames.power[(f >= NUCLEUS_BAND_HZ[0]) & (f < NUCLEUS_BAND_HZ[1])].sum(axis=0)
    env = 10.0 * np.log10(np.maximum(band, 1e-12))
    k = max(1, round(ENVELOPE_SMOOTH_S / HOP_S))
    env = np.convolve(env, np.ones(k) / k, mode="same")
    if not frames.speech.any():
        return np.zeros(0, dtype=int)
    loud = float(np.percentile(env[frames.speech], 95))
    peaks, _ = find_peaks(
        env,
        prominence=NUCLEUS_MIN_PROMINENCE_DB,
        height=loud - NUCLEUS_BELOW_LOUDEST_DB,
        distance=max(1, round(NUCLEUS_MIN_GAP_S / HOP_S)),
    )
    near_voiced = np.convolve(voiced.astype(float), np.ones(7), mode="same") > 0  # within +-30 ms
    return np.asarray(peaks[frames.speech[peaks] & near_voiced[peaks]])


def summarise_rate(
    frames: Frames,
    voiced: np.ndarray,
    *,
    words: tuple[Word, ...],
    span_s: tuple[float, float] | None,
    duration_s: float,
) -> RateSummary:
    """Rates over speaking time, total time and speech time, plus stretches well above the reply's own rate."""
    nuclei = syllable_nuclei(frames, voiced)
    speech_s = float(frames.speech.sum()) * HOP_S
    detected = int(nuclei.size)
    detected_rate = detected / speech_s if speech_s >= MIN_RATE_SPEECH_S and detected else None
    tokens = spoken_tokens(w.text for w in words)
    from_text = bool(tokens)
    syllables = text_syllables(tokens) if from_text else detected
    word_count: float | None = len(tokens) if from_text else (detected / SYLLABLES_PER_WORD if detected else None)
    speaking_s = (span_s[1] - span_s[0]) if span_s else 0.0
    wpm = 60.0 * word_count / speaking_s if word_count and speaking_s > 0.5 else None
    wpm_total = 60.0 * word_count / duration_s if word_count and duration_s > 0.5 else None
    artic = syllables / speech_s if syllables and speech_s >= MIN_RATE_SPEECH_S else None
    return RateSummary(
        word_count=None if word_count is None else round(word_count),
        words_per_minute=_r(wpm, 1),
        words_per_minute_total=_r(wpm_total, 1),
        words_from_transcript=from_text,
        syllable_count=int(syllables),
        detected_syllables=detected,
        articulation_rate_sps=_r(artic, 2),
        detected_rate_sps=_r(detected_rate, 2),
        rushed=_rushed(frames, nuclei, detected_rate),
        fastest_run=fastest_word_run(words),
    )


def fastest_word_run(words: tuple[Word, ...], *, n_words: int = STRETCH_WORDS) -> WordRun | None:
    """The fastest run of ``n_words`` timed words, to point at when a whole reply is too fast; ``None`` without."""
    timed = [w for w in words if w.end_s > w.start_s]
    best: WordRun | None = None
    for i in range(len(timed) - n_words + 1):
        run = timed[i : i + n_words]
        span = run[-1].end_s - run[0].start_s
        if span <= 0:
            continue
        wpm = 60.0 * n_words / span
        if best is None or wpm > best.words_per_minute:
            text = re.sub(r"\s+", " ", " ".join(w.text for w in run)).strip().strip(",;:")
            best = WordRun(run[0].start_s, run[-1].end_s, wpm, text)
    return best


def spoken_tokens(words: Iterable[str]) -> list[str]:
    """The words that are spoken: punctuation-only tokens are dropped."""
    return [w for w in words if re.search(r"[A-Za-z0-9]", w)]


def text_syllables(words: Iterable[str]) -> int:
    """Syllables in written words, counted the same way for a reply's transcript and a reading's known text."""
    return sum(count_syllables(w) for w in spoken_tokens(words))


def count_syllables(word: str) -> int:
    """Vowel groups in a written word, with a silent final 'e'; at least one. Good to ~10 % on running text."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 1 if re.search(r"\d", word) else 0
    groups = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    return max(1, groups)


def _rushed(frames: Frames, nuclei: np.ndarray, own_rate: float | None) -> tuple[RushedStretch, ...]:
    if own_rate is None:
        return ()
    n = frames.level_dbfs.size
    win, step = round(RUSH_WINDOW_S / HOP_S), round(RUSH_STEP_S / HOP_S)
    speech_cum = np.concatenate([[0], np.cumsum(frames.speech)])
    marks = np.zeros(n + 1, dtype=int)
    np.add.at(marks, nuclei + 1, 1)
    nuc_cum = np.cumsum(marks)
    hits: list[tuple[int, int, float]] = []
    for a in range(0, max(1, n - win + 1), step):
        b = min(n, a + win)
        speech_s = (speech_cum[b] - speech_cum[a]) * HOP_S
        if speech_s < MIN_RUSH_SPEECH_S:
            continue
        rate = (nuc_cum[b] - nuc_cum[a]) / speech_s
        if rate >= RUSH_FACTOR * own_rate:
            if hits and a <= hits[-1][1]:
                hits[-1] = (hits[-1][0], b, max(hits[-1][2], rate))
            else:
                hits.append((a, b, rate))
    return tuple(RushedStretch(round(a * HOP_S, 2), round(b * HOP_S, 2), round(r, 2)) for a, b, r in hits)


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
