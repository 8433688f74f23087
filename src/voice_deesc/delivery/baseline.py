"""A speaker's voice in a few numbers, and the change from one voice to another.

Used twice: against the trainee's own neutral reading (a baseline turns every measure into a delta, the
strongest calm measure per domain.md) and against the client's recorded clip (mirroring: did the reply stay
calmer than the client?). Both sides are measured the same way: from the audio alone, and the rate also from the
words when both sides' words are known (:func:`rate_change` says why).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from voice_deesc.audio import Audio, load_audio
from voice_deesc.delivery.frames import HOP_S, compute_frames
from voice_deesc.delivery.loudness import summarise_effort, summarise_loudness
from voice_deesc.delivery.pitch import summarise_pitch, track_pitch
from voice_deesc.delivery.rate import MIN_RATE_SPEECH_S, syllable_nuclei, text_syllables

READING_TEXT_SUFFIX = ".txt"
"""A reading's words, when known, sit beside its audio file: ``reading.wav`` + ``reading.txt``."""


@dataclass(frozen=True, eq=False)
class Reading(Audio):
    """A recording whose words are known: the neutral passage read by `voice-deesc baseline record`.

    An :class:`~voice_deesc.audio.Audio` like any other, so it passes unchanged wherever a baseline does; only
    :func:`profile_voice` looks at ``text``, to count the reading's syllables from its words.
    """

    text: str = ""

    @classmethod
    def of(cls, audio: Audio, text: str) -> Reading:
        """``audio`` with the words it says."""
        return cls(audio.samples, audio.sample_rate, audio.notes, text=text)


def load_reading(path: str | os.PathLike[str]) -> Audio:
    """A baseline recording, as a :class:`Reading` when its words are stored beside it (``READING_TEXT_SUFFIX``)."""
    audio = load_audio(path)
    words = Path(path).with_suffix(READING_TEXT_SUFFIX)
    if not words.is_file():
        return audio
    return Reading.of(audio, words.read_text(encoding="utf-8").strip())


@dataclass(frozen=True)
class VoiceProfile:
    """Level, effort, pitch and rate of one recording; ``None`` where it has too little speech."""

    loudness_dbfs: float | None
    effort_db: float | None
    pitch_median_hz: float | None
    pitch_sd_st: float | None
    rate_sps: float | None
    """Detected syllable nuclei per second of speech."""
    speech_s: float
    word_rate_sps: float | None = None
    """Syllables of the known words (transcript or read text) per second of speech; ``None`` when the words are
    unknown. Unlike ``rate_sps`` it does not saturate in fast speech (see :func:`compare_voices`)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VoiceProfile:
        kw: dict[str, Any] = {f.name: data.get(f.name) for f in fields(cls)}
        return cls(**kw)


@dataclass(frozen=True)
class VoiceDeltas:
    """Reply minus reference; positive = louder, more effortful, higher, faster than the reference."""

    loudness_db: float | None
    effort_db: float | None
    pitch_st: float | None
    pitch_sd_st: float | None
    rate_pct: float | None
    reference: VoiceProfile

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reference"] = self.reference.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VoiceDeltas:
        kw: dict[str, Any] = {f.name: data.get(f.name) for f in fields(cls)}
        kw["reference"] = VoiceProfile.from_dict(data["reference"])
        return cls(**kw)


def profile_voice(audio: Audio, *, text: str | None = None) -> VoiceProfile:
    """Measure a recording without a transcript (baseline reading or client clip).

    ``text`` is what the recording says, when known; a :class:`Reading` brings its own. It gives
    ``word_rate_sps``, counted exactly as a reply's words are (:func:`voice_deesc.delivery.rate.text_syllables`).
    """
    if text is None and isinstance(audio, Reading) and audio.text:
        text = audio.text
    frames = compute_frames(audio)
    track = track_pitch(audio.samples, frames)
    pitch = summarise_pitch(track, hop_s=HOP_S)
    loud = summarise_loudness(audio.samples, frames)
    effort = summarise_effort(frames, voiced=track.voiced)
    speech_s = float(frames.speech.sum()) * HOP_S
    nuclei = syllable_nuclei(frames, track.voiced)
    rate = nuclei.size / speech_s if speech_s >= MIN_RATE_SPEECH_S and nuclei.size else None
    syllables = text_syllables(text.split()) if text else 0
    word_rate = syllables / speech_s if speech_s >= MIN_RATE_SPEECH_S and syllables else None
    return VoiceProfile(
        loudness_dbfs=loud.median_dbfs,
        effort_db=effort.alpha_ratio_db,
        pitch_median_hz=pitch.median_hz,
        pitch_sd_st=pitch.sd_st,
        rate_sps=None if rate is None else round(rate, 2),
        speech_s=round(speech_s, 2),
        word_rate_sps=None if word_rate is None else round(word_rate, 2),
    )


def compare_voices(reply: VoiceProfile, reference: VoiceProfile) -> VoiceDeltas:
    """How the reply differs from the reference, in dB, semitones and percent (the rate: :func:`rate_change`)."""
    return VoiceDeltas(
        loudness_db=_diff(reply.loudness_dbfs, reference.loudness_dbfs),
        effort_db=_diff(reply.effort_db, reference.effort_db),
        pitch_st=_semitones(reply.pitch_median_hz, reference.pitch_median_hz),
        pitch_sd_st=_diff(reply.pitch_sd_st, reference.pitch_sd_st),
        rate_pct=rate_change(reply, reference),
        reference=reference,
    )


def rate_change(reply: VoiceProfile, reference: VoiceProfile) -> float | None:
    """The reply's syllable rate over the reference's, in percent, both sides counted the same way.

    From the words when both sides' words are known (a reply's transcript, the passage the neutral reading read):
    peak counting (de Jong & Wempe 2009) merges neighbouring syllables once speech gets fast, so its count
    saturates. In one espeak-ng voice reading graded replies and the passage, the nuclei found per written syllable
    fall from 0.98 at 150 words/min to 0.92 at 200 and 0.85 at 240 (a finer envelope or a lower prominence does not
    lift them), and a reply spoken 60 % faster than the passage read only +8 % faster (issue 11); the words count
    every syllable at any pace, and read it +37 %.

    Otherwise from the detected nuclei on both sides, never one side each way: the detector also misses the reduced
    syllables of human speech at an ordinary pace (0.84-0.96 of the written count on the read speech of
    ../shared/data/asr), so a reply counted from its words against a reading counted from its peaks would read
    4-19 % fast at the very same pace. Peaks against peaks keep that bias on both sides and cancel it.
    """
    if reply.word_rate_sps is not None and reference.word_rate_sps is not None:
        return _percent(reply.word_rate_sps, reference.word_rate_sps)
    return _percent(reply.rate_sps, reference.rate_sps)


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 2)


def _semitones(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(float(12.0 * np.log2(a / b)), 2)


def _percent(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(100.0 * (a / b - 1.0), 1)
