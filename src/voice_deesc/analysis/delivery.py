"""How the reply sounded: pace, pauses, loudness and pitch as stand-ins for a calm tone.

Targets and their sources are in domain.md, "Delivery targets". A pure function of the audio and the
word timings: same WAV in, same numbers out.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from voice_deesc.asr.base import Transcript
from voice_deesc.audio import Audio, frame_levels_dbfs

FRAME_S = 0.03
MIN_PAUSE_S = 0.25
"""domain.md: 250 ms is the common silent-pause threshold."""
SPEECH_BELOW_PEAK_DB = 35.0
"""A frame within 35 dB of the loudest frame counts as speech: a relative gate survives unknown mic gain."""
PITCH_FMIN_HZ = 65.0
PITCH_FMAX_HZ = 400.0


@dataclass(frozen=True)
class Pause:
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_dict(self) -> dict[str, float]:
        return {
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "duration_s": round(self.duration_s, 3),
        }


@dataclass(frozen=True)
class Delivery:
    """Measures of one reply; ``None`` where a measure cannot be taken (no speech, no voiced frames)."""

    duration_s: float
    speaking_time_s: float
    words_per_minute: float | None
    """Words per minute of speaking time (first word start to last word end)."""
    pauses: tuple[Pause, ...]
    loudness_dbfs: float | None
    """Median level of speech frames in dBFS."""
    loudness_spread_db: float | None
    loudness_peak_dbfs: float | None
    pitch_median_hz: float | None
    pitch_range_st: float | None
    reply_latency_s: float | None
    """Silence before the first word."""
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pauses"] = [p.to_dict() for p in self.pauses]
        data["warnings"] = list(self.warnings)
        return data


def analyse_delivery(audio: Audio, transcript: Transcript) -> Delivery:
    """Measure a reply's delivery from its audio and word timings."""
    levels = frame_levels_dbfs(audio, frame_s=FRAME_S)
    speech = levels > (levels.max() - SPEECH_BELOW_PEAK_DB)
    speech &= levels > -60.0
    warnings: list[str] = []
    words = [w for w in transcript.words if w.end_s > w.start_s]
    if words:
        span = words[-1].end_s - words[0].start_s
        wpm = 60.0 * len(words) / span if span > 0 else None
        latency = words[0].start_s
        pauses = tuple(
            Pause(a.end_s, b.start_s) for a, b in itertools.pairwise(words) if b.start_s - a.end_s >= MIN_PAUSE_S
        )
    else:
        span, wpm, latency, pauses = 0.0, None, None, ()
        warnings.append("no words were recognised, so pace and pauses could not be measured")
    speech_levels = levels[speech]
    loud = float(np.median(speech_levels)) if speech_levels.size else None
    spread = float(np.std(speech_levels)) if speech_levels.size else None
    peak = float(speech_levels.max()) if speech_levels.size else None
    pitch_median, pitch_range = _pitch(audio, speech)
    return Delivery(
        duration_s=round(audio.duration_s, 3),
        speaking_time_s=round(span, 3),
        words_per_minute=_round(wpm, 1),
        pauses=pauses,
        loudness_dbfs=_round(loud, 1),
        loudness_spread_db=_round(spread, 1),
        loudness_peak_dbfs=_round(peak, 1),
        pitch_median_hz=_round(pitch_median, 1),
        pitch_range_st=_round(pitch_range, 1),
        reply_latency_s=_round(latency, 2),
        warnings=tuple(warnings),
    )


def _pitch(audio: Audio, speech_frames: np.ndarray) -> tuple[float | None, float | None]:
    """Median F0 and its 10th-90th percentile range in semitones, from yin on louder frames."""
    import librosa

    if audio.duration_s < 0.2 or not speech_frames.any():
        return None, None
    hop = int(FRAME_S * audio.sample_rate)
    f0 = librosa.yin(
        audio.samples, fmin=PITCH_FMIN_HZ, fmax=PITCH_FMAX_HZ, sr=audio.sample_rate, frame_length=2048, hop_length=hop
    )
    n = min(len(f0), len(speech_frames))
    voiced = f0[:n][speech_frames[:n]]
    voiced = voiced[(voiced > PITCH_FMIN_HZ * 1.05) & (voiced < PITCH_FMAX_HZ * 0.95)]
    if voiced.size < 5:
        return None, None
    low, high = np.percentile(voiced, [10, 90])
    return float(np.median(voiced)), float(12.0 * np.log2(high / low))


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)
