"""How the reply sounded: pace, pauses, loudness, vocal effort and pitch as stand-ins for a calm tone.

Targets and their sources are in domain.md, "Delivery targets". A pure function of the audio, the word
timings and (optionally) the trainee's neutral baseline reading and the client's clip: same WAV in, same
numbers out. Works without word timings (energy-based speech and pause detection, syllable nuclei) and uses
them when present (words per minute, pause after a validating phrase).

The stages live in small modules: frames (speech mask, spectrum), pauses, rate, loudness, pitch, baseline.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from voice_deesc.asr.base import Transcript
from voice_deesc.audio import Audio
from voice_deesc.delivery.baseline import VoiceDeltas, VoiceProfile, compare_voices, profile_voice
from voice_deesc.delivery.frames import HOP_S, MIN_PAUSE_S, compute_frames
from voice_deesc.delivery.loudness import summarise_loudness
from voice_deesc.delivery.pauses import Pause, PauseSummary, ValidationPause, summarise_pauses
from voice_deesc.delivery.pitch import summarise_pitch, track_pitch
from voice_deesc.delivery.rate import RushedStretch, summarise_rate

__all__ = ["MIN_PAUSE_S", "Delivery", "Mirroring", "Pause", "analyse_delivery", "warm_up"]

SHORT_REPLY_S = 1.0
"""Under a second of audio the measures are too few to trust."""
LOW_SNR_DB = 15.0
"""Speech less than 15 dB above the noise floor: levels and pitch are less reliable."""
DC_OFFSET_WARN = 0.01
"""A mean sample value beyond 1 % of full scale is a DC offset (faulty interface); it is removed first."""
TELEPHONE_BAND_HZ = 4000.0
WORD_EDGE_SLACK_S = 0.2
"""Recognisers place word edges to within ~0.2 s; energy edges further out than that are not the words."""
MIRROR_EFFORT_MARGIN_DB = 1.0
"""The reply counts as calmer than the client when its vocal effort is at least 1 dB below the client's."""


@dataclass(frozen=True)
class Mirroring:
    """The reply against the client's recorded clip (domain.md "mirroring": reply calmer than the client)."""

    client: VoiceProfile
    deltas: VoiceDeltas
    """Reply minus client. Level is compared only loosely: the two recordings had different microphones."""
    calmer_than_client: bool | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "client": self.client.to_dict(),
            "deltas": self.deltas.to_dict(),
            "calmer_than_client": self.calmer_than_client,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mirroring:
        return cls(
            VoiceProfile.from_dict(data["client"]),
            VoiceDeltas.from_dict(data["deltas"]),
            data.get("calmer_than_client"),
            str(data.get("message", "")),
        )


@dataclass(frozen=True)
class Delivery:
    """Measures of one reply; ``None`` where a measure cannot be taken (no speech, no voiced frames)."""

    duration_s: float
    speaking_time_s: float
    """First speech onset to last offset, pauses included."""
    speech_time_s: float
    """Time actually spent speaking (pauses excluded)."""
    words_per_minute: float | None
    """Words over speaking time; estimated from syllables when ``words_from_transcript`` is False."""
    words_per_minute_total: float | None
    """Words over the whole recording."""
    word_count: int | None
    words_from_transcript: bool
    articulation_rate_sps: float | None
    """Syllables per second of speech, pauses excluded."""
    detected_rate_sps: float | None
    rushed: tuple[RushedStretch, ...]
    pauses: tuple[Pause, ...]
    """Silent pauses of ``MIN_PAUSE_S`` (250 ms) or more inside the reply."""
    pause_count: int
    pause_mean_s: float | None
    pause_max_s: float | None
    pause_max_at_s: float | None
    validation_pauses: tuple[ValidationPause, ...]
    reply_latency_s: float | None
    """Silence before the reply starts."""
    longest_run_s: float
    """Longest stretch of speech without a pause."""
    longest_run_at_s: float | None
    loudness_dbfs: float | None
    """Median level of speech frames in dBFS (depends on microphone gain)."""
    loudness_spread_db: float | None
    loudness_peak_dbfs: float | None
    loudness_peak_at_s: float | None
    loudness_rise_db: float | None
    """Loudest 400 ms stretch above the reply's typical level."""
    loudness_rise_at_s: float | None
    loudness_trend_db: float | None
    """Last third of speech minus first third."""
    clipped_fraction: float
    vocal_effort_db: float | None
    """Alpha ratio: energy 1-4 kHz over 80 Hz-1 kHz in dB (gain-independent); higher = more effort."""
    vocal_effort_peak_at_s: float | None
    pitch_median_hz: float | None
    pitch_range_st: float | None
    pitch_sd_st: float | None
    pitch_end_rise_st: float | None
    pitch_end_rise_at_s: float | None
    voiced_time_s: float
    baseline: VoiceDeltas | None = None
    """Reply minus the trainee's neutral reading, when one was given."""
    mirroring: Mirroring | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def profile(self) -> VoiceProfile:
        return VoiceProfile(
            self.loudness_dbfs,
            self.vocal_effort_db,
            self.pitch_median_hz,
            self.pitch_sd_st,
            self.detected_rate_sps,
            self.speech_time_s,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pauses"] = [p.to_dict() for p in self.pauses]
        data["rushed"] = [r.to_dict() for r in self.rushed]
        data["validation_pauses"] = [v.to_dict() for v in self.validation_pauses]
        data["baseline"] = None if self.baseline is None else self.baseline.to_dict()
        data["mirroring"] = None if self.mirroring is None else self.mirroring.to_dict()
        data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        """Rebuild from :meth:`to_dict` output (history store); measures missing from older records become None."""
        names = {f.name for f in fields(cls)}
        kw: dict[str, Any] = {name: data.get(name) for name in names}
        pauses = tuple(Pause(p["start_s"], p["end_s"], p.get("after_validation")) for p in data.get("pauses") or [])
        kw.update(
            pauses=pauses,
            rushed=tuple(RushedStretch(**r) for r in data.get("rushed") or []),
            validation_pauses=tuple(ValidationPause(**v) for v in data.get("validation_pauses") or []),
            baseline=VoiceDeltas.from_dict(data["baseline"]) if data.get("baseline") else None,
            mirroring=Mirroring.from_dict(data["mirroring"]) if data.get("mirroring") else None,
            warnings=tuple(data.get("warnings") or ()),
            pause_count=data.get("pause_count", len(pauses)),
            words_from_transcript=bool(data.get("words_from_transcript", False)),
        )
        for name in ("speaking_time_s", "speech_time_s", "longest_run_s", "clipped_fraction", "voiced_time_s"):
            kw[name] = float(data.get(name) or 0.0)
        return cls(**kw)


def analyse_delivery(
    audio: Audio,
    transcript: Transcript,
    *,
    baseline: Audio | None = None,
    client_audio: Audio | None = None,
) -> Delivery:
    """Measure a reply's delivery from its audio and (when present) word timings.

    Parameters
    ----------
    audio : Audio
        The reply, mono float32; any length (silence and sub-second clips give ``None`` measures and a warning).
    transcript : Transcript
        Recognised words; may be empty. Word timings give words/min and pauses after validating phrases.
    baseline : Audio, optional
        The same speaker reading neutrally; turns loudness, effort, pitch and rate into deltas.
    client_audio : Audio, optional
        The client's recorded statement; adds a mirroring comparison.

    Returns
    -------
    Delivery
        Never raises on odd audio: problems become ``warnings``.
    """
    frames = compute_frames(audio)
    track = track_pitch(audio.samples, frames)
    pauses = summarise_pauses(frames, transcript.words)
    pitch = summarise_pitch(track, hop_s=HOP_S)
    loud = summarise_loudness(audio.samples, frames, voiced=track.voiced)
    words = transcript.words if transcript.engine != "text" else ()
    span = _speaking_span(pauses, words)
    inside = tuple(p for p in pauses.pauses if span and span[0] - 0.01 <= p.start_s and p.end_s <= span[1] + 0.01)
    rate = summarise_rate(frames, track.voiced, words=words, span_s=span, duration_s=audio.duration_s)
    durations = [p.duration_s for p in inside]
    longest_pause = max(inside, key=lambda p: p.duration_s, default=None)
    delivery = Delivery(
        duration_s=round(audio.duration_s, 3),
        speaking_time_s=round(span[1] - span[0], 2) if span else 0.0,
        speech_time_s=round(float(frames.speech.sum()) * HOP_S, 2),
        words_per_minute=rate.words_per_minute,
        words_per_minute_total=rate.words_per_minute_total,
        word_count=rate.word_count,
        words_from_transcript=rate.words_from_transcript,
        articulation_rate_sps=rate.articulation_rate_sps,
        detected_rate_sps=rate.detected_rate_sps,
        rushed=rate.rushed,
        pauses=inside,
        pause_count=len(inside),
        pause_mean_s=round(float(np.mean(durations)), 2) if durations else None,
        pause_max_s=None if longest_pause is None else longest_pause.duration_s,
        pause_max_at_s=None if longest_pause is None else longest_pause.start_s,
        validation_pauses=pauses.after_validation,
        reply_latency_s=None if span is None else span[0],
        longest_run_s=pauses.longest_run_s,
        longest_run_at_s=pauses.longest_run_at_s,
        loudness_dbfs=loud.median_dbfs,
        loudness_spread_db=loud.spread_db,
        loudness_peak_dbfs=loud.peak_dbfs,
        loudness_peak_at_s=loud.peak_at_s,
        loudness_rise_db=loud.rise_db,
        loudness_rise_at_s=loud.rise_at_s,
        loudness_trend_db=loud.trend_db,
        clipped_fraction=loud.clipped_fraction,
        vocal_effort_db=loud.effort_db,
        vocal_effort_peak_at_s=loud.effort_peak_at_s,
        pitch_median_hz=pitch.median_hz,
        pitch_range_st=pitch.range_st,
        pitch_sd_st=pitch.sd_st,
        pitch_end_rise_st=pitch.end_rise_st,
        pitch_end_rise_at_s=pitch.end_rise_at_s,
        voiced_time_s=pitch.voiced_s,
        warnings=tuple(_warnings(audio, frames, pauses, bool(transcript.words))),
    )
    extra: dict[str, Any] = {}
    if baseline is not None:
        reference = profile_voice(baseline)
        extra["baseline"] = compare_voices(delivery.profile, reference)
        if reference.speech_s < SHORT_REPLY_S:
            extra["warnings"] = (
                *delivery.warnings,
                "the baseline recording has under a second of speech; deltas are rough",
            )
    if client_audio is not None:
        extra["mirroring"] = _mirror(delivery.profile, profile_voice(client_audio))
    if not extra:
        return delivery
    from dataclasses import replace

    return replace(delivery, **extra)


def _speaking_span(pauses: PauseSummary, words: tuple[Any, ...]) -> tuple[float, float] | None:
    """First speech onset to last offset; word timings, when present, trim sounds outside the words.

    A cough before the reply or a chair creak after it is sound but not speech; recognisers in turn stretch
    the last word over the silence after it, so the energy edges are kept where they are inside the words.
    """
    if pauses.speech_start_s is None or pauses.speech_end_s is None:
        return None
    timed = [w for w in words if w.end_s > w.start_s]
    onsets = [pauses.speech_start_s, *(p.end_s for p in pauses.pauses)]
    offsets = [*(p.start_s for p in pauses.pauses), pauses.speech_end_s]
    if not timed:
        return onsets[0], offsets[-1]
    first, last = timed[0].start_s - WORD_EDGE_SLACK_S, timed[-1].end_s + WORD_EDGE_SLACK_S
    inside = [(a, b) for a, b in zip(onsets, offsets, strict=True) if b > first and a < last]
    if not inside:
        return onsets[0], offsets[-1]
    return max(inside[0][0], first), min(inside[-1][1], last)


def _mirror(reply: VoiceProfile, client: VoiceProfile) -> Mirroring:
    deltas = compare_voices(reply, client)
    if deltas.effort_db is None:
        return Mirroring(client, deltas, None, "the reply and the client clip could not be compared")
    calmer = deltas.effort_db <= -MIRROR_EFFORT_MARGIN_DB and (deltas.rate_pct is None or deltas.rate_pct <= 10.0)
    if calmer:
        message = f"your voice stayed calmer than the client's ({-deltas.effort_db:.1f} dB less vocal effort)"
    elif deltas.effort_db > -MIRROR_EFFORT_MARGIN_DB:
        message = "your vocal effort came close to the client's: try answering softer than you were spoken to"
    else:
        message = f"you spoke {deltas.rate_pct:.0f} % faster than the client: slowing down helps them slow down"
    return Mirroring(client, deltas, calmer, message)


def _warnings(audio: Audio, frames: Any, pauses: PauseSummary, has_words: bool) -> list[str]:
    out: list[str] = []
    speech_s = float(frames.speech.sum()) * HOP_S
    if audio.duration_s < SHORT_REPLY_S:
        out.append(f"the recording is very short ({audio.duration_s:.1f} s); delivery measures are rough")
    if speech_s == 0.0:
        out.append("no speech was found in the audio, so pace, loudness and pitch could not be measured")
        return out
    if not has_words:
        out.append("no words were recognised; pace is estimated from syllables in the audio")
    if audio.samples.size and abs(float(np.mean(audio.samples))) > DC_OFFSET_WARN:
        out.append("the recording has a DC offset (a fault in the audio interface); it was removed before measuring")
    speech_level = float(np.median(frames.level_dbfs[frames.speech]))
    if speech_level - frames.noise_floor_dbfs < LOW_SNR_DB:
        out.append(
            f"background noise is only {speech_level - frames.noise_floor_dbfs:.0f} dB below the voice; "
            "pauses and pitch are less reliable — record somewhere quieter"
        )
    if audio.samples.size and float(np.mean(np.abs(audio.samples) >= 0.999)) > 0.001:
        out.append("the recording clips (too loud for the input); loudness and vocal effort are overestimated")
    high = frames.power[frames.freqs_hz > TELEPHONE_BAND_HZ * 1.05][:, frames.speech].sum()
    if high < 1e-4 * frames.power[:, frames.speech].sum():
        out.append("the recording has no sound above 4 kHz (telephone quality); pitch and effort are less reliable")
    return out


def warm_up() -> None:
    """Compile librosa's numba kernels (yin's) on a short synthetic vowel, so the first real reply is fast.

    The first call of the pitch tracker in a process costs ~6 s of CPU while numba compiles (bench script);
    front ends can call this in a background thread while the client's statement is playing.
    """
    sr = 16_000
    t = np.arange(sr // 2) / sr
    vowel = sum(np.sin(2 * np.pi * 120 * k * t) / k for k in range(1, 6)) * (0.1 * ((t % 0.25) < 0.18))
    analyse_delivery(Audio(vowel.astype(np.float32), sr), Transcript((), "", "warm-up", ""))
