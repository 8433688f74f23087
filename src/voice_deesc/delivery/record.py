"""The Delivery record: one reply's measures, nested by what they describe, with their JSON form.

Each sub-record comes straight from the stage that measured it (rate, pauses, loudness, effort, pitch, baseline
deltas, mirroring), so nothing is copied field by field; ``to_dict``/``from_dict`` give the nested
``voice-deesc.attempt/2`` shape, and :func:`delivery_from_v1` reads the flat shape of ``attempt/1``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voice_deesc.delivery.baseline import VoiceDeltas, VoiceProfile
from voice_deesc.delivery.loudness import EffortSummary, LoudnessSummary
from voice_deesc.delivery.pauses import PauseMeasures
from voice_deesc.delivery.pitch import PitchSummary
from voice_deesc.delivery.rate import RateSummary
from voice_deesc.delivery.verdicts import Aspect

MIRROR_EFFORT_MARGIN_DB = 1.0
"""The reply counts as calmer than the client when its vocal effort is at least 1 dB below the client's."""


@dataclass(frozen=True)
class Mirroring:
    """The reply against the client's recorded clip (domain.md "mirroring": reply calmer than the client)."""

    client: VoiceProfile
    deltas: VoiceDeltas
    """Reply minus client. Level is compared only loosely: the two recordings had different microphones."""
    outcome: Aspect | None
    """``calmer``, ``close_effort`` or ``faster``; ``None`` when the two could not be compared."""

    @property
    def calmer_than_client(self) -> bool | None:
        return None if self.outcome is None else self.outcome == Aspect.CALMER

    @property
    def message(self) -> str:
        from voice_deesc.feedback.messages import mirroring_note

        return mirroring_note(self.outcome, effort_db=self.deltas.effort_db, rate_pct=self.deltas.rate_pct)

    def to_dict(self) -> dict[str, Any]:
        return {
            "client": self.client.to_dict(),
            "deltas": self.deltas.to_dict(),
            "outcome": None if self.outcome is None else self.outcome.value,
            "calmer_than_client": self.calmer_than_client,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mirroring:
        deltas = VoiceDeltas.from_dict(data["deltas"])
        outcome: Aspect | None = None
        if "outcome" in data:
            outcome = None if data["outcome"] is None else Aspect(data["outcome"])
        elif data.get("calmer_than_client") is not None:  # attempt/1 kept the boolean, not which case
            effort_close = deltas.effort_db is not None and deltas.effort_db > -MIRROR_EFFORT_MARGIN_DB
            calmer = bool(data["calmer_than_client"])
            outcome = Aspect.CALMER if calmer else Aspect.CLOSE_EFFORT if effort_close else Aspect.FASTER
        return cls(VoiceProfile.from_dict(data["client"]), deltas, outcome)


@dataclass(frozen=True)
class Delivery:
    """Measures of one reply; ``None`` where a measure cannot be taken (no speech, no voiced frames)."""

    duration_s: float
    speaking_time_s: float
    """First speech onset to last offset, pauses included."""
    speech_time_s: float
    """Time actually spent speaking (pauses excluded)."""
    reply_latency_s: float | None
    """Silence before the reply starts."""
    rate: RateSummary
    pauses: PauseMeasures
    loudness: LoudnessSummary
    """Levels in dBFS depend on the microphone gain; judged only through changes within the reply."""
    effort: EffortSummary
    pitch: PitchSummary
    baseline: VoiceDeltas | None = None
    """Reply minus the trainee's neutral reading, when one was given."""
    mirroring: Mirroring | None = None
    warnings: tuple[str, ...] = ()

    @property
    def profile(self) -> VoiceProfile:
        return VoiceProfile(
            self.loudness.median_dbfs,
            self.effort.alpha_ratio_db,
            self.pitch.median_hz,
            self.pitch.sd_st,
            self.rate.detected_rate_sps,
            self.speech_time_s,
            self.rate.articulation_rate_sps if self.rate.words_from_transcript else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "speaking_time_s": self.speaking_time_s,
            "speech_time_s": self.speech_time_s,
            "reply_latency_s": self.reply_latency_s,
            "rate": self.rate.to_dict(),
            "pauses": self.pauses.to_dict(),
            "loudness": self.loudness.to_dict(),
            "effort": self.effort.to_dict(),
            "pitch": self.pitch.to_dict(),
            "baseline": None if self.baseline is None else self.baseline.to_dict(),
            "mirroring": None if self.mirroring is None else self.mirroring.to_dict(),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        """Rebuild from :meth:`to_dict` output (``attempt/2``); see :func:`delivery_from_v1` for ``attempt/1``."""
        return cls(
            duration_s=float(data.get("duration_s") or 0.0),
            speaking_time_s=float(data.get("speaking_time_s") or 0.0),
            speech_time_s=float(data.get("speech_time_s") or 0.0),
            reply_latency_s=data.get("reply_latency_s"),
            rate=RateSummary.from_dict(data.get("rate") or {}),
            pauses=PauseMeasures.from_dict(data.get("pauses") or {}),
            loudness=LoudnessSummary.from_dict(data.get("loudness") or {}),
            effort=EffortSummary.from_dict(data.get("effort") or {}),
            pitch=PitchSummary.from_dict(data.get("pitch") or {}),
            baseline=VoiceDeltas.from_dict(data["baseline"]) if data.get("baseline") else None,
            mirroring=Mirroring.from_dict(data["mirroring"]) if data.get("mirroring") else None,
            warnings=tuple(data.get("warnings") or ()),
        )


V1_GROUPS = {
    "rate": {
        "word_count": "word_count",
        "words_per_minute": "words_per_minute",
        "words_per_minute_total": "words_per_minute_total",
        "words_from_transcript": "words_from_transcript",
        "articulation_rate_sps": "articulation_rate_sps",
        "detected_rate_sps": "detected_rate_sps",
        "rushed": "rushed",
    },
    "pauses": {
        "pauses": "pauses",
        "pause_mean_s": "mean_s",
        "pause_max_s": "max_s",
        "pause_max_at_s": "max_at_s",
        "validation_pauses": "after_validation",
        "longest_run_s": "longest_run_s",
        "longest_run_at_s": "longest_run_at_s",
    },
    "loudness": {
        "loudness_dbfs": "median_dbfs",
        "loudness_spread_db": "spread_db",
        "loudness_peak_dbfs": "peak_dbfs",
        "loudness_peak_at_s": "peak_at_s",
        "loudness_rise_db": "rise_db",
        "loudness_rise_at_s": "rise_at_s",
        "loudness_trend_db": "trend_db",
        "clipped_fraction": "clipped_fraction",
    },
    "effort": {"vocal_effort_db": "alpha_ratio_db", "vocal_effort_peak_at_s": "peak_at_s"},
    "pitch": {
        "pitch_median_hz": "median_hz",
        "pitch_range_st": "range_st",
        "pitch_sd_st": "sd_st",
        "pitch_end_rise_st": "end_rise_st",
        "pitch_end_rise_at_s": "end_rise_at_s",
        "voiced_time_s": "voiced_s",
    },
}
"""``attempt/1`` flat delivery field -> (sub-record, field) of ``attempt/2``."""


def delivery_from_v1(data: dict[str, Any]) -> Delivery:
    """Read the flat delivery of an ``attempt/1`` record into the nested record."""
    nested: dict[str, Any] = {
        key: data.get(key) for key in ("duration_s", "speaking_time_s", "speech_time_s", "reply_latency_s")
    }
    for group, names in V1_GROUPS.items():
        nested[group] = {new: data[old] for old, new in names.items() if old in data}
    nested["baseline"] = data.get("baseline")
    nested["mirroring"] = data.get("mirroring")
    nested["warnings"] = data.get("warnings")
    return Delivery.from_dict(nested)
