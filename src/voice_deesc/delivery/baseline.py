"""A speaker's voice in a few numbers, and the change from one voice to another.

Used twice: against the trainee's own neutral reading (a baseline turns every measure into a delta, the
strongest calm measure per domain.md) and against the client's recorded clip (mirroring: did the reply stay
calmer than the client?). Both sides are measured the same way, from the audio alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from voice_deesc.audio import Audio
from voice_deesc.delivery.frames import HOP_S, compute_frames
from voice_deesc.delivery.loudness import summarise_effort, summarise_loudness
from voice_deesc.delivery.pitch import summarise_pitch, track_pitch
from voice_deesc.delivery.rate import syllable_nuclei


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


def profile_voice(audio: Audio) -> VoiceProfile:
    """Measure a recording without a transcript (baseline reading or client clip)."""
    frames = compute_frames(audio)
    track = track_pitch(audio.samples, frames)
    pitch = summarise_pitch(track, hop_s=HOP_S)
    loud = summarise_loudness(audio.samples, frames)
    effort = summarise_effort(frames, voiced=track.voiced)
    speech_s = float(frames.speech.sum()) * HOP_S
    nuclei = syllable_nuclei(frames, track.voiced)
    rate = nuclei.size / speech_s if speech_s >= 0.5 and nuclei.size else None
    return VoiceProfile(
        loudness_dbfs=loud.median_dbfs,
        effort_db=effort.alpha_ratio_db,
        pitch_median_hz=pitch.median_hz,
        pitch_sd_st=pitch.sd_st,
        rate_sps=None if rate is None else round(rate, 2),
        speech_s=round(speech_s, 2),
    )


def compare_voices(reply: VoiceProfile, reference: VoiceProfile) -> VoiceDeltas:
    """How the reply differs from the reference, in dB, semitones and percent."""
    return VoiceDeltas(
        loudness_db=_diff(reply.loudness_dbfs, reference.loudness_dbfs),
        effort_db=_diff(reply.effort_db, reference.effort_db),
        pitch_st=_semitones(reply.pitch_median_hz, reference.pitch_median_hz),
        pitch_sd_st=_diff(reply.pitch_sd_st, reference.pitch_sd_st),
        rate_pct=_percent(reply.rate_sps, reference.rate_sps),
        reference=reference,
    )


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 2)


def _semitones(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(float(12.0 * np.log2(a / b)), 2)


def _percent(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(100.0 * (a / b - 1.0), 1)
